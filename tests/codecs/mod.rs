//! Every image codec a scanner writes, end to end: a PDF built here holds a
//! page image of a known text (the heading of the scanned Kromengan decree)
//! in one codec; iki decodes it and Tesseract reads the expected words.
//!
//! The bilevel streams (CCITT Group 3 and 4, JBIG2) are encoded here from the
//! scan, thresholded; the JPEG 2000 file was written once with Pillow
//! (`Image.save("keputusan-camat.jp2", quality_mode="rates",
//! quality_layers=[25], irreversible=True)`) from the same crop.

use std::cell::RefCell;

use image::GrayImage;
use lopdf::{dictionary, Dictionary, Document, Object, Stream};

use crate::util::{fixture, ingest, records, stderr, tempdir};

/// The heading of page 1 of the scanned fixture, at 200 dpi.
const CROP: (u32, u32, u32, u32) = (380, 390, 1040, 260);
const DPI: f32 = 200.0;
const EXPECTED: [&str; 7] = ["KEPUTUSAN", "CAMAT", "KROMENGAN", "TENTANG", "INDIKATOR", "KINERJA", "MALANG"];

/// The heading, black (true) and white, row by row.
fn heading_bits() -> Vec<Vec<bool>> {
    let doc = iki::pdf::open(&std::fs::read(fixture("scanned/kromengan-2019__scanned-p1-3-4.pdf")).unwrap(), &Default::default()).unwrap();
    let page = doc.page_raster(1, 60_000_000).unwrap().unwrap();
    let (x, y, w, h) = CROP;
    let crop = image::imageops::crop_imm(&page, x, y, w, h).to_image();
    crop.rows().map(|r| r.map(|p| p[0] < 128).collect()).collect()
}

fn width(bits: &[Vec<bool>]) -> u32 {
    bits[0].len() as u32
}

/// A one-page PDF whose page is `image` at 200 dpi; `globals` become an
/// indirect /JBIG2Globals stream when given.
fn pdf_with(w: u32, h: u32, entries: Dictionary, data: Vec<u8>, globals: Option<Vec<u8>>) -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let (pw, ph) = (w as f32 * 72.0 / DPI, h as f32 * 72.0 / DPI);
    let mut dict = dictionary! { "Type" => "XObject", "Subtype" => "Image", "Width" => w, "Height" => h };
    dict.extend(&entries);
    if let Some(g) = globals {
        let gid = doc.add_object(Stream::new(dictionary! {}, g));
        dict.set("DecodeParms", dictionary! { "JBIG2Globals" => gid });
    }
    let img = doc.add_object(Stream::new(dict, data).with_compression(false));
    let content = format!("q {pw} 0 0 {ph} 0 0 cm /Im0 Do Q").into_bytes();
    let content_id = doc.add_object(Stream::new(dictionary! {}, content));
    let page = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
        "MediaBox" => vec![0.into(), 0.into(), Object::Real(pw), Object::Real(ph)],
        "Resources" => dictionary! { "XObject" => dictionary! { "Im0" => img } },
    });
    doc.objects.insert(pages_id, Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 }));
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

/// The page's raster, as iki decodes it.
fn raster(pdf: &[u8]) -> GrayImage {
    let doc = iki::pdf::open(pdf, &Default::default()).expect("opens");
    doc.page_raster(1, 60_000_000).expect("decodes").expect("has an image")
}

/// Decoded exactly: every pixel black or white as in the source bits.
fn assert_same_pixels(img: &GrayImage, bits: &[Vec<bool>]) {
    assert_eq!(img.dimensions(), (width(bits), bits.len() as u32));
    let wrong =
        img.enumerate_pixels().filter(|(x, y, p)| (p[0] == 0) != bits[*y as usize][*x as usize] || !matches!(p[0], 0 | 255)).count();
    assert_eq!(wrong, 0, "pixels differing from the source");
}

/// Tesseract's words on the page raster.
fn ocr_words(img: &GrayImage) -> Vec<String> {
    let (pw, ph) = (img.width() as f32 * 72.0 / DPI, img.height() as f32 * 72.0 / DPI);
    let (page, _) = iki::ocr::recognize(img, 1, pw, ph, &Default::default()).expect("OCR runs");
    page.words.into_iter().map(|w| w.text).collect()
}

fn assert_reads_heading(img: &GrayImage) {
    let words = ocr_words(img);
    for want in EXPECTED {
        assert!(words.iter().any(|w| w == want), "{want} not read: {words:?}");
    }
}

// ---- bilevel encoders (test data only) ----

/// Bits, most significant first.
#[derive(Default)]
struct Bits {
    out: Vec<u8>,
    n: usize,
}

impl Bits {
    fn put(&mut self, value: u64, len: u8) {
        for i in (0..len).rev() {
            if self.n.is_multiple_of(8) {
                self.out.push(0);
            }
            if (value >> i) & 1 == 1 {
                *self.out.last_mut().unwrap() |= 0x80 >> (self.n % 8);
            }
            self.n += 1;
        }
    }
    fn code(&mut self, b: fax::Bits) {
        self.put(b.data as u64, b.len);
    }
    fn align(&mut self) {
        self.n = self.n.div_ceil(8) * 8;
    }
}

/// The `fax` encoder writes here; the test reads the bit count between rows.
struct Shared<'a>(&'a RefCell<Bits>);

impl fax::BitWriter for Shared<'_> {
    type Error = std::convert::Infallible;
    fn write(&mut self, b: fax::Bits) -> Result<(), Self::Error> {
        self.0.borrow_mut().code(b);
        Ok(())
    }
}

fn pels(row: &[bool]) -> impl Iterator<Item = fax::Color> + '_ {
    row.iter().map(|&b| if b { fax::Color::Black } else { fax::Color::White })
}

/// Group 4 (T.6), as the `fax` crate writes it, and where each row's codes start.
fn g4_rows(bits: &[Vec<bool>]) -> (Vec<u8>, Vec<usize>) {
    let out = RefCell::new(Bits::default());
    let mut starts = Vec::new();
    let mut enc = fax::encoder::Encoder::new(Shared(&out));
    for row in bits {
        starts.push(out.borrow().n);
        enc.encode_line(pels(row), width(bits) as u16).unwrap();
    }
    starts.push(out.borrow().n);
    enc.finish().unwrap();
    (out.into_inner().out, starts)
}

fn g4(bits: &[Vec<bool>]) -> Vec<u8> {
    g4_rows(bits).0
}

/// One row in Modified Huffman (T.4 one-dimensional) codes.
fn mh_row(out: &mut Bits, row: &[bool]) {
    let mut runs = Vec::new();
    let (mut color, mut len) = (false, 0u16);
    for &b in row {
        if b == color {
            len += 1;
        } else {
            runs.push(len);
            (color, len) = (b, 1);
        }
    }
    runs.push(len);
    for (i, &run) in runs.iter().enumerate() {
        let code = |n| if i % 2 == 0 { fax::maps::white::encode(n) } else { fax::maps::black::encode(n) }.unwrap();
        let mut n = run;
        while n >= 2560 {
            out.code(code(2560));
            n -= 2560;
        }
        if n >= 64 {
            out.code(code(n & !63));
        }
        out.code(code(n % 64));
    }
}

/// Group 3 one-dimensional (K = 0), rows back to back without EOLs.
fn g3_1d(bits: &[Vec<bool>]) -> Vec<u8> {
    let mut out = Bits::default();
    for row in bits {
        mh_row(&mut out, row);
    }
    out.out
}

/// Group 3 two-dimensional (K = `k`) with EOLs: every k-th row one-dimensional,
/// the others coded against the row above as in Group 4.
fn g3_2d(bits: &[Vec<bool>], k: usize) -> Vec<u8> {
    let eol = |out: &mut Bits, one_d: bool| {
        out.code(fax::maps::EOL);
        out.put(one_d as u64, 1);
    };
    let mut out = Bits::default();
    // Row i coded against row i - 1, whichever way row i - 1 was coded.
    let (two_d, starts) = g4_rows(bits);
    for (i, row) in bits.iter().enumerate() {
        if i % k == 0 {
            eol(&mut out, true);
            mh_row(&mut out, row);
        } else {
            eol(&mut out, false);
            for b in starts[i]..starts[i + 1] {
                out.put(((two_d[b / 8] >> (7 - b % 8)) & 1) as u64, 1);
            }
        }
    }
    for _ in 0..6 {
        eol(&mut out, true);
    }
    out.out
}

// ---- JBIG2 (T.88), embedded organisation ----

/// A segment: header (7.2) and data. Segment numbers stay below 256, so
/// referred-to numbers take one byte; the page association takes one byte.
fn segment(number: u32, kind: u8, page: u8, refers_to: &[u8], data: &[u8]) -> Vec<u8> {
    let mut s = number.to_be_bytes().to_vec();
    s.push(kind);
    s.push((refers_to.len() as u8) << 5);
    s.extend_from_slice(refers_to);
    s.push(page);
    s.extend_from_slice(&(data.len() as u32).to_be_bytes());
    s.extend_from_slice(data);
    s
}

/// Region segment information (7.4.1): the whole page, combination OR.
fn region_info(w: u32, h: u32) -> Vec<u8> {
    [w.to_be_bytes(), h.to_be_bytes(), [0; 4], [0; 4]].concat().into_iter().chain([0]).collect()
}

/// Page information (7.4.8): size, 200 dpi (in pixels per metre), default pixel white.
fn page_info(w: u32, h: u32) -> Vec<u8> {
    let ppm = (DPI / 0.0254).round() as u32;
    [w.to_be_bytes(), h.to_be_bytes(), ppm.to_be_bytes(), ppm.to_be_bytes()].concat().into_iter().chain([0, 0, 0]).collect()
}

/// A page holding one immediate lossless generic region, MMR coded: the
/// Group 4 data of the bitmap inside a JBIG2 segment.
fn jbig2_generic_mmr(bits: &[Vec<bool>]) -> Vec<u8> {
    let (w, h) = (width(bits), bits.len() as u32);
    let mut region = region_info(w, h);
    region.push(0x01); // MMR = 1, no adaptive template
    region.extend(g4(bits));
    [segment(0, 48, 1, &[], &page_info(w, h)), segment(1, 39, 1, &[], &region), segment(2, 49, 1, &[], &[])].concat()
}

/// The /JBIG2Globals stream: a symbol dictionary (Huffman coded, one height
/// class, an uncompressed collective bitmap) whose one exported symbol is the
/// whole heading; and the page: a text region referring to that dictionary,
/// placing the symbol once at the top left.
fn jbig2_with_globals(bits: &[Vec<bool>]) -> (Vec<u8>, Vec<u8>) {
    let (w, h) = (width(bits), bits.len() as u32);
    // Symbol dictionary (7.4.2): SDHUFF = 1, standard tables B.4, B.2, B.1.
    let mut sd = vec![0x00, 0x01];
    sd.extend(1u32.to_be_bytes()); // SDNUMEXSYMS
    sd.extend(1u32.to_be_bytes()); // SDNUMNEWSYMS
    let mut b = Bits::default();
    b.put(0b11111, 5); // HCDH, table B.4 upper range: 76 + 32 bits
    b.put((h - 76) as u64, 32);
    b.put(0b111110, 6); // DW, table B.2 upper range: 75 + 32 bits
    b.put((w - 75) as u64, 32);
    b.put(0b111111, 6); // OOB: end of the height class
    b.put(0b0, 1); // BMSIZE = 0 (table B.1: 0 + 4 bits): uncompressed
    b.put(0, 4);
    b.align();
    for row in bits {
        for x in (0..row.len()).step_by(8) {
            let byte = (0..8).fold(0u64, |acc, i| acc << 1 | row.get(x + i).copied().unwrap_or(false) as u64);
            b.put(byte, 8);
        }
    }
    // Export flags, run lengths with table B.1: 0 not exported, then 1 exported.
    b.put(0, 5);
    b.put(0b00001, 5);
    sd.extend(b.out);
    let globals = segment(0, 0, 0, &[], &sd);

    // Text region (7.4.3): SBHUFF = 1, REFCORNER = top left, tables B.6, B.8, B.11.
    let mut tr = region_info(w, h);
    tr.extend([0x00, 0x11]); // SBHUFF, REFCORNER 1
    tr.extend([0x00, 0x00]); // Huffman table selection: standard
    tr.extend(1u32.to_be_bytes()); // SBNUMINSTANCES
    let mut b = Bits::default();
    // Symbol ID code lengths: runcode 1 alone has a 1-bit code; the one symbol's code is 1 bit long.
    for runcode in 0..35 {
        b.put(u64::from(runcode == 1), 4);
    }
    b.put(0, 1); // runcode 1: symbol 0 has code length 1
    b.align();
    b.put(0, 1); // STRIPT: DT = 1 (table B.11 "0"), so STRIPT = -1
    b.put(0, 1); // strip: DT = 1, STRIPT = 0
    b.put(0b00, 2); // first S: DFS = 0 (table B.6: 0 + 7 bits)
    b.put(0, 7);
    b.put(0, 1); // symbol ID 0 (code "0")
    b.put(0b01, 2); // IDS: OOB (table B.8), end of strip
    tr.extend(b.out);
    let page = [segment(1, 48, 1, &[], &page_info(w, h)), segment(2, 7, 1, &[0], &tr), segment(3, 49, 1, &[], &[])].concat();
    (globals, page)
}

// ---- the tests ----

#[test]
fn jpeg_2000_page_is_read() {
    let jp2 = std::fs::read(fixture("codecs/keputusan-camat.jp2")).unwrap();
    let entries = dictionary! { "Filter" => "JPXDecode" };
    let img = raster(&pdf_with(CROP.2, CROP.3, entries.clone(), jp2.clone(), None));
    assert_eq!(img.dimensions(), (CROP.2, CROP.3));
    assert_reads_heading(&img);
    // Many PDF writers embed the bare codestream (SOC, SIZ ...) without the JP2 boxes.
    let start = jp2.windows(4).position(|w| w == [0xFF, 0x4F, 0xFF, 0x51]).expect("codestream in the JP2 file");
    assert_eq!(raster(&pdf_with(CROP.2, CROP.3, entries, jp2[start..].to_vec(), None)), img);
}

#[test]
fn jbig2_generic_region_page_is_read() {
    let bits = heading_bits();
    let entries = dictionary! { "Filter" => "JBIG2Decode", "ColorSpace" => "DeviceGray", "BitsPerComponent" => 1 };
    let img = raster(&pdf_with(width(&bits), bits.len() as u32, entries, jbig2_generic_mmr(&bits), None));
    assert_same_pixels(&img, &bits);
    assert_reads_heading(&img);
}

#[test]
fn jbig2_page_with_globals_is_read() {
    let bits = heading_bits();
    let (globals, page) = jbig2_with_globals(&bits);
    let entries = dictionary! { "Filter" => "JBIG2Decode", "ColorSpace" => "DeviceGray", "BitsPerComponent" => 1 };
    let img = raster(&pdf_with(width(&bits), bits.len() as u32, entries, page, Some(globals)));
    assert_same_pixels(&img, &bits);
    assert_reads_heading(&img);
}

fn ccitt_page(bits: &[Vec<bool>], data: Vec<u8>, parms: Dictionary) -> GrayImage {
    let mut parms = parms;
    parms.set("Columns", width(bits));
    parms.set("Rows", bits.len() as u32);
    let entries = dictionary! {
        "Filter" => "CCITTFaxDecode", "DecodeParms" => parms, "ColorSpace" => "DeviceGray", "BitsPerComponent" => 1,
    };
    raster(&pdf_with(width(bits), bits.len() as u32, entries, data, None))
}

#[test]
fn ccitt_group_3_pages_are_read() {
    let bits = heading_bits();
    let one_d = ccitt_page(&bits, g3_1d(&bits), dictionary! { "K" => 0 });
    assert_same_pixels(&one_d, &bits);
    assert_reads_heading(&one_d);
    let two_d = ccitt_page(&bits, g3_2d(&bits, 4), dictionary! { "K" => 4, "EndOfLine" => true });
    assert_same_pixels(&two_d, &bits);
}

#[test]
fn ccitt_group_4_page_is_read() {
    let bits = heading_bits();
    let img = ccitt_page(&bits, g4(&bits), dictionary! { "K" => -1 });
    assert_same_pixels(&img, &bits);
    assert_reads_heading(&img);
}

/// Through `iki ingest`: a JBIG2 page is OCRed like any scan, and a JPEG 2000
/// page that cannot be decoded is a `page_unreadable` error in the record.
#[test]
fn ingest_reads_codec_pages_and_reports_undecodable_ones() {
    let bits = heading_bits();
    let (w, h) = (width(&bits), bits.len() as u32);
    let jbig2 = dictionary! { "Filter" => "JBIG2Decode", "ColorSpace" => "DeviceGray", "BitsPerComponent" => 1 };
    let mut damaged = std::fs::read(fixture("codecs/keputusan-camat.jp2")).unwrap();
    damaged.truncate(200);
    let tmp = tempdir();
    std::fs::write(tmp.path().join("jbig2.pdf"), pdf_with(w, h, jbig2, jbig2_generic_mmr(&bits), None)).unwrap();
    std::fs::write(tmp.path().join("jpx-damaged.pdf"), pdf_with(w, h, dictionary! { "Filter" => "JPXDecode" }, damaged, None)).unwrap();
    let dir = tempdir();
    let out = ingest(&[tmp.path().to_path_buf()], dir.path(), &["--quiet"]);
    assert_eq!(out.status.code(), Some(1), "one page cannot be read: {}", stderr(&out));
    let recs = records(dir.path());
    let read = &recs["jbig2.pdf"];
    assert_eq!((read.extraction.method.as_str(), &read.extraction.ocr_pages[..]), ("ocr", &[1][..]));
    assert!(read.errors.is_empty(), "{:?}", read.errors);
    let e = &recs["jpx-damaged.pdf"].errors[0];
    assert_eq!((e.code.as_str(), e.page), ("page_unreadable", Some(1)));
    assert!(e.message.contains("JPEG 2000"), "{}", e.message);
}
