//! Decoding page images: small PDFs built here, and the scanned fixtures.
//! Codecs read end to end (JPEG 2000, JBIG2, CCITT G3, OCR of the result)
//! are tested in `tests/codecs/`.

use lopdf::content::Operation;
use lopdf::{dictionary, Stream};

use super::*;
use crate::pdf::tests::build_with;
use crate::pdf::{open, Limits};

const SCANNED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/scanned/kromengan-2019__scanned-p1-3-4.pdf");
const MIXED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/scanned/kromengan-2019__mixed-p1-4.pdf");

const MAX_PIXELS: u64 = 60_000_000;

fn fixture(path: &str) -> PdfDoc {
    open(&std::fs::read(path).expect("fixture"), &Limits::default()).expect("fixture opens")
}

/// A one-page PDF painting `image` (directly, or inside a Form XObject).
fn doc_with(image: Stream, in_form: bool, rotate: Option<i64>) -> PdfDoc {
    let paint = vec![
        Operation::new("q", vec![]),
        Operation::new("cm", vec![100.into(), 0.into(), 0.into(), 100.into(), 0.into(), 0.into()]),
        Operation::new("Do", vec![if in_form { "Fm0" } else { "Im0" }.into()]),
        Operation::new("Q", vec![]),
    ];
    let bytes = build_with(paint, rotate, |doc, res| {
        let img = doc.add_object(image);
        let xobj = if in_form {
            let form = Stream::new(
                dictionary! {
                    "Type" => "XObject", "Subtype" => "Form", "BBox" => vec![0.into(), 0.into(), 1.into(), 1.into()],
                    "Resources" => dictionary! { "XObject" => dictionary! { "Im0" => img } },
                },
                b"/Im0 Do".to_vec(),
            );
            dictionary! { "Fm0" => doc.add_object(form) }
        } else {
            dictionary! { "Im0" => img }
        };
        res.set("XObject", xobj);
    });
    open(&bytes, &Limits::default()).expect("opens")
}

fn image(w: u32, h: u32, entries: lopdf::Dictionary, data: Vec<u8>) -> Stream {
    let mut d = dictionary! { "Type" => "XObject", "Subtype" => "Image", "Width" => w, "Height" => h };
    d.extend(&entries);
    Stream::new(d, data).with_compression(false)
}

fn zlib(data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

/// G4 data of a 300 × 200 image with a bar at x 50..=250, y 50..=60, as
/// written by libtiff for a min-is-black TIFF: the paper is coded as fax
/// black and the bar as fax white, so it needs /BlackIs1 true to show black on
/// white (poppler draws it the same way).
const G4: &[u8] = &[
    0x26, 0xa0, 0xb6, 0x0a, 0x9f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfc, 0x82, 0x92, 0xf4, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xc7, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x20, 0xb4, 0x39, 0x63, 0x9f, 0x0a, 0x1c, 0x98,
    0xe4, 0x71, 0xfc, 0x8e, 0x7d, 0x02, 0x30, 0xff, 0xfe, 0x93, 0x23, 0x86, 0x48, 0x3f, 0xff, 0xfe, 0x38, 0x3f, 0xfe, 0x47, 0x78, 0x2f,
    0xff, 0xff, 0x64, 0x79, 0x7f, 0x38, 0x8e, 0x23, 0x92, 0xc4, 0x44, 0x44, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xf8, 0x00, 0x80, 0x08,
];

fn g4_image(parms: lopdf::Dictionary, extra: lopdf::Dictionary) -> Stream {
    let mut d = dictionary! {
        "ColorSpace" => "DeviceGray", "BitsPerComponent" => 1, "Filter" => "CCITTFaxDecode", "DecodeParms" => parms,
    };
    d.extend(&extra);
    image(300, 200, d, G4.to_vec())
}

#[test]
fn ccitt_g4_in_a_form_xobject() {
    let doc =
        doc_with(g4_image(dictionary! { "K" => -1, "Columns" => 300, "Rows" => 200, "BlackIs1" => true }, dictionary! {}), true, None);
    let g = doc.page_raster(1, 1_000_000).unwrap().unwrap();
    assert_eq!(g.dimensions(), (300, 200));
    assert_eq!(g.get_pixel(100, 55)[0], 0, "bar is black");
    assert_eq!(g.get_pixel(10, 10)[0], 255, "paper is white");
    assert_eq!(g.get_pixel(100, 70)[0], 255);
}

#[test]
fn ccitt_black_is_1_and_decode_array_invert() {
    let page = |parms, extra| doc_with(g4_image(parms, extra), false, None).page_raster(1, 1_000_000).unwrap().unwrap();
    // (bar, paper)
    let plain = page(dictionary! { "K" => -1, "Columns" => 300 }, dictionary! {});
    assert_eq!((plain.get_pixel(100, 55)[0], plain.get_pixel(10, 10)[0]), (255, 0));
    let inverted = page(dictionary! { "K" => -1, "Columns" => 300 }, dictionary! { "Decode" => vec![1.into(), 0.into()] });
    assert_eq!((inverted.get_pixel(100, 55)[0], inverted.get_pixel(10, 10)[0]), (0, 255));
    let both = page(dictionary! { "K" => -1, "Columns" => 300, "BlackIs1" => true }, dictionary! { "Decode" => vec![1.into(), 0.into()] });
    assert_eq!((both.get_pixel(100, 55)[0], both.get_pixel(10, 10)[0]), (255, 0));
}

#[test]
fn ccitt_damaged_data_is_page_unreadable() {
    let img = image(
        300,
        200,
        dictionary! { "BitsPerComponent" => 1, "Filter" => "CCITTFaxDecode", "DecodeParms" => dictionary! { "K" => 0, "Columns" => 300 } },
        vec![0u8; 10],
    );
    let e = doc_with(img, false, None).page_raster(1, 1_000_000).unwrap_err();
    assert_eq!(e.code, ErrorCode::PageUnreadable);
    assert!(e.message.contains("fax"), "{}", e.message);
    assert_eq!(e.page, Some(1));
}

#[test]
fn flate_one_bit_with_inverted_decode() {
    // 16 × 2: first row all 1-bits, second row all 0-bits; /Decode [1 0] -> 1 = black.
    let entries = dictionary! {
        "ColorSpace" => "DeviceGray", "BitsPerComponent" => 1, "Filter" => "FlateDecode", "Decode" => vec![1.into(), 0.into()],
    };
    let g = doc_with(image(16, 2, entries, zlib(&[0xFF, 0xFF, 0x00, 0x00])), false, None).page_raster(1, 1_000_000).unwrap().unwrap();
    assert_eq!(g.get_pixel(3, 0)[0], 0);
    assert_eq!(g.get_pixel(3, 1)[0], 255);
}

#[test]
fn flate_rgb_with_png_predictor_and_rotation() {
    // 3 × 2 RGB, rows with PNG "Sub" filter; page /Rotate 90.
    let rows: [[u8; 9]; 2] = [[255, 0, 0, 0, 255, 0, 0, 0, 255], [0, 0, 0, 255, 255, 255, 128, 128, 128]];
    let mut raw = Vec::new();
    for r in rows {
        raw.push(1u8);
        for i in 0..9 {
            let left = if i >= 3 { r[i - 3] } else { 0 };
            raw.push(r[i].wrapping_sub(left));
        }
    }
    let entries = dictionary! {
        "ColorSpace" => "DeviceRGB", "BitsPerComponent" => 8, "Filter" => "FlateDecode",
        "DecodeParms" => dictionary! { "Predictor" => 15, "Colors" => 3, "Columns" => 3 },
    };
    let g = doc_with(image(3, 2, entries, zlib(&raw)), false, Some(90)).page_raster(1, 1_000_000).unwrap().unwrap();
    assert_eq!(g.dimensions(), (2, 3));
    // Rotated 90° clockwise: source (0,1) black -> (0,0); source (0,0) red -> (1,0).
    assert_eq!(g.get_pixel(0, 0)[0], 0);
    assert_eq!(g.get_pixel(1, 0)[0], 76);
    assert_eq!(g.get_pixel(0, 1)[0], 255);
}

/// One 4 × 1 image per sample layout, each reading dark, mid, light, white.
#[test]
fn depths_color_spaces_and_decode_arrays() {
    let gray = |g: &image::GrayImage| (0..4).map(|x| g.get_pixel(x, 0)[0]).collect::<Vec<_>>();
    let read = |entries: lopdf::Dictionary, data: Vec<u8>| {
        let doc = doc_with(image(4, 1, entries, data), false, None);
        gray(&doc.page_raster(1, 1_000_000).unwrap().unwrap())
    };
    let want = [0u8, 85, 170, 255];
    // 2-bit gray: 0 1 2 3.
    assert_eq!(read(dictionary! { "ColorSpace" => "DeviceGray", "BitsPerComponent" => 2 }, vec![0b00_01_10_11]), want);
    // 4-bit gray with /Decode [1 0]: 15 10 5 0.
    let d = dictionary! { "ColorSpace" => "DeviceGray", "BitsPerComponent" => 4, "Decode" => vec![1.into(), 0.into()] };
    assert_eq!(read(d, vec![0xFA, 0x50]), want);
    // 16-bit gray.
    let samples: Vec<u8> = [0u16, 0x5555, 0xAAAA, 0xFFFF].iter().flat_map(|v| v.to_be_bytes()).collect();
    assert_eq!(read(dictionary! { "ColorSpace" => "DeviceGray", "BitsPerComponent" => 16 }, samples), want);
    // CMYK: black ink only.
    let cmyk = vec![0, 0, 0, 255, 0, 0, 0, 170, 0, 0, 0, 85, 0, 0, 0, 0];
    assert_eq!(read(dictionary! { "ColorSpace" => "DeviceCMYK", "BitsPerComponent" => 8 }, cmyk), want);
    // Indexed over RGB, 2-bit indices 3 2 1 0 into a palette of grays stored light to dark.
    let palette = Object::String(vec![255, 255, 255, 170, 170, 170, 85, 85, 85, 0, 0, 0], lopdf::StringFormat::Hexadecimal);
    let cs = Object::Array(vec!["Indexed".into(), "DeviceRGB".into(), 3.into(), palette]);
    assert_eq!(read(dictionary! { "ColorSpace" => cs, "BitsPerComponent" => 2 }, vec![0b11_10_01_00]), want);
}

#[test]
fn soft_mask_is_not_the_page_image() {
    // A larger /SMask beside a small image: OCR reads the image.
    let bytes = build_with(vec![Operation::new("Do", vec!["Im0".into()])], None, |doc, res| {
        let mask = doc.add_object(image(40, 20, dictionary! { "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8 }, vec![0; 800]));
        let entries = dictionary! { "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8, "SMask" => mask };
        let img = doc.add_object(image(4, 2, entries, vec![255; 8]));
        res.set("XObject", dictionary! { "Im0" => img });
    });
    let g = open(&bytes, &Limits::default()).unwrap().page_raster(1, 1_000).unwrap().unwrap();
    assert_eq!(g.dimensions(), (4, 2));
    assert!(g.pixels().all(|p| p[0] == 255));
}

#[test]
fn icc_based_takes_alternate_or_n() {
    let read = |profile: lopdf::Dictionary, data: Vec<u8>| {
        let bytes = build_with(vec![Operation::new("Do", vec!["Im0".into()])], None, |doc, res| {
            let icc = doc.add_object(Stream::new(profile, vec![0u8; 16]));
            let cs = Object::Array(vec!["ICCBased".into(), icc.into()]);
            let img = doc.add_object(image(2, 1, dictionary! { "ColorSpace" => cs, "BitsPerComponent" => 8 }, data));
            res.set("XObject", dictionary! { "Im0" => img });
        });
        let g = open(&bytes, &Limits::default()).unwrap().page_raster(1, 1_000).unwrap().unwrap();
        (g.get_pixel(0, 0)[0], g.get_pixel(1, 0)[0])
    };
    assert_eq!(read(dictionary! { "N" => 1 }, vec![0, 255]), (0, 255));
    assert_eq!(read(dictionary! { "N" => 4 }, vec![0, 0, 0, 255, 0, 0, 0, 0]), (0, 255));
    assert_eq!(read(dictionary! { "N" => 3, "Alternate" => "DeviceGray" }, vec![0, 255]), (0, 255));
}

#[test]
fn damaged_jpeg_jpx_and_jbig2_are_page_unreadable() {
    for (filter, data) in
        [("DCTDecode", b"\xFF\xD8garbage".to_vec()), ("JPXDecode", vec![0, 0, 0, 12, 1, 2, 3]), ("JBIG2Decode", vec![1, 2, 3])]
    {
        let entries = dictionary! { "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8, "Filter" => filter };
        let e = doc_with(image(100, 100, entries, data), false, None).page_raster(1, 1_000_000).unwrap_err();
        assert_eq!(e.code, ErrorCode::PageUnreadable, "{filter}: {e:?}");
        assert!(e.message.contains("damaged"), "{filter}: {}", e.message);
    }
}

#[test]
fn short_flate_data_is_an_error_not_a_panic() {
    let entries = dictionary! { "ColorSpace" => "DeviceRGB", "BitsPerComponent" => 8, "Filter" => "FlateDecode" };
    let e = doc_with(image(1000, 1000, entries, zlib(&[1, 2, 3])), false, None).page_raster(1, 10_000_000).unwrap_err();
    assert_eq!(e.code, ErrorCode::PageUnreadable);
}

#[test]
fn raster_of_scanned_pages_is_the_200_dpi_scan() {
    let doc = fixture(SCANNED);
    assert_eq!(doc.page_count(), 3);
    for n in 1..=3 {
        let img = doc.page_raster(n, MAX_PIXELS).expect("decodes").expect("has an image");
        assert_eq!(img.dimensions(), (1692, 2598));
    }
}

#[test]
fn raster_of_mixed_file_only_on_scanned_pages() {
    let doc = fixture(MIXED);
    assert_eq!(doc.page_count(), 4);
    for n in 1..=4 {
        let r = doc.page_raster(n, MAX_PIXELS).expect("no error");
        if n <= 2 {
            assert_eq!(r.expect("scanned page has an image").dimensions(), (1692, 2598));
        } else {
            assert!(r.is_none(), "digital page {n} has no image");
        }
    }
}

#[test]
fn raster_too_large_is_an_error_not_a_panic() {
    let e = fixture(SCANNED).page_raster(1, 1_000_000).unwrap_err();
    assert_eq!(e.code, ErrorCode::TooLarge);
    assert_eq!(e.page, Some(1));
}
