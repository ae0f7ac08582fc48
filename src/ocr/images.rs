//! Image files given as documents (photographed or scanned decrees): JPEG, PNG,
//! and TIFF with any number of pages.

use std::io::Cursor;

use image::GrayImage;

use crate::error::{DocError, ErrorCode};

/// Resolution assumed when the file does not say (or says something implausible).
pub(crate) const DEFAULT_DPI: f32 = 200.0;

/// Largest page image we decode (pixels).
const MAX_PIXELS: u64 = 120_000_000;

/// One page of an image file, with the resolution used to size it.
#[derive(Debug, Clone)]
pub(crate) struct ImagePage {
    pub image: GrayImage,
    /// Dots per inch, from the file's metadata or assumed.
    pub dpi: f32,
}

impl ImagePage {
    /// Page size in points.
    pub(crate) fn size_pt(&self) -> (f32, f32) {
        (self.image.width() as f32 * 72.0 / self.dpi, self.image.height() as f32 * 72.0 / self.dpi)
    }
}

/// One gray image per page (the tests' shorthand).
#[cfg(test)]
fn image_file_pages(bytes: &[u8]) -> Result<Vec<GrayImage>, DocError> {
    Ok(image_file_pages_dpi(bytes)?.into_iter().map(|p| p.image).collect())
}

/// One gray image per page, with its resolution.
pub(crate) fn image_file_pages_dpi(bytes: &[u8]) -> Result<Vec<ImagePage>, DocError> {
    if bytes.is_empty() {
        return Err(DocError::new(ErrorCode::EmptyFile, "The file is empty."));
    }
    let format = image::guess_format(bytes)
        .map_err(|_| DocError::new(ErrorCode::NotPdf, "The file is neither a PDF nor a picture this tool can read (JPEG, PNG, TIFF)."))?;
    match format {
        image::ImageFormat::Tiff => tiff_pages(bytes),
        image::ImageFormat::Jpeg | image::ImageFormat::Png => {
            let meta_dpi = match format {
                image::ImageFormat::Jpeg => jpeg_dpi(bytes),
                _ => png_dpi(bytes),
            };
            let g = decode_one(bytes, format)?;
            let dpi = plausible_dpi(meta_dpi, g.width(), g.height());
            Ok(vec![ImagePage { image: g, dpi }])
        }
        other => {
            Err(DocError::new(ErrorCode::NotPdf, format!("The file is a {other:?} picture; this tool reads PDF, JPEG, PNG and TIFF.")))
        }
    }
}

fn decode_err(e: &str) -> DocError {
    if e.to_ascii_lowercase().contains("limit") {
        DocError::new(ErrorCode::TooLarge, "The picture is too large to read. Scan or photograph it at 200–300 dpi.")
    } else {
        DocError::new(ErrorCode::PageUnreadable, format!("The picture is damaged and cannot be read ({e})."))
    }
}

fn check_size(w: u32, h: u32) -> Result<(), DocError> {
    if w == 0 || h == 0 {
        return Err(DocError::new(ErrorCode::PageUnreadable, "The picture has no size."));
    }
    if (w as u64) * (h as u64) > MAX_PIXELS {
        return Err(DocError::new(ErrorCode::TooLarge, "The picture is too large to read. Scan or photograph it at 200–300 dpi."));
    }
    Ok(())
}

/// Use the metadata resolution if it gives a paper-sized page (long side 5..20 in);
/// otherwise assume 200 dpi, or if that is not paper-sized either, a 13 in long side.
fn plausible_dpi(meta: Option<f32>, w: u32, h: u32) -> f32 {
    let long = w.max(h) as f32;
    let ok = |dpi: f32| dpi.is_finite() && dpi > 0.0 && (5.0..=20.0).contains(&(long / dpi));
    match meta {
        Some(d) if ok(d) => d,
        _ if ok(DEFAULT_DPI) => DEFAULT_DPI,
        _ => (long / 13.0).max(1.0),
    }
}

/// JFIF APP0 density.
fn jpeg_dpi(b: &[u8]) -> Option<f32> {
    let mut i = 2;
    while i + 4 <= b.len() {
        if b[i] != 0xFF {
            return None;
        }
        let marker = b[i + 1];
        let len = u16::from_be_bytes([b[i + 2], b[i + 3]]) as usize;
        if marker == 0xE0 && b.get(i + 4..i + 9) == Some(b"JFIF\0") {
            let units = *b.get(i + 11)?;
            let xd = u16::from_be_bytes([*b.get(i + 12)?, *b.get(i + 13)?]) as f32;
            return match units {
                1 => Some(xd),
                2 => Some(xd * 2.54),
                _ => None,
            };
        }
        if marker == 0xDA {
            return None;
        }
        i += 2 + len;
    }
    None
}

/// PNG pHYs (pixels per metre).
fn png_dpi(b: &[u8]) -> Option<f32> {
    let mut i = 8;
    while i + 8 <= b.len() {
        let len = u32::from_be_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]) as usize;
        let kind = &b[i + 4..i + 8];
        if kind == b"pHYs" {
            let d = b.get(i + 8..i + 17)?;
            let ppm = u32::from_be_bytes([d[0], d[1], d[2], d[3]]) as f32;
            return (d[8] == 1).then_some(ppm * 0.0254);
        }
        if kind == b"IDAT" {
            return None;
        }
        i = i.checked_add(12 + len)?;
    }
    None
}

fn decode_one(bytes: &[u8], format: image::ImageFormat) -> Result<GrayImage, DocError> {
    let mut reader = image::ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(MAX_PIXELS * 4);
    reader.limits(limits);
    let img = reader.decode().map_err(|e| decode_err(&e.to_string()))?;
    let g = img.to_luma8();
    check_size(g.width(), g.height())?;
    Ok(g)
}

/// Most pages read from one TIFF.
const MAX_TIFF_PAGES: usize = 5000;

/// Every page of a TIFF: the `tiff` crate walks the pages (IFDs) and reads
/// each one's resolution; the `image` crate decodes a page (any compression,
/// bit depth, photometric) when the header is pointed at it.
fn tiff_pages(bytes: &[u8]) -> Result<Vec<ImagePage>, DocError> {
    let classic = bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*");
    let walker = classic.then(|| tiff::decoder::Decoder::new(Cursor::new(bytes)).ok()).flatten();
    let Some(mut walk) = walker else {
        // BigTIFF or a header the walker refuses: the first page only.
        let g = decode_one(bytes, image::ImageFormat::Tiff)?;
        let dpi = plausible_dpi(None, g.width(), g.height());
        return Ok(vec![ImagePage { image: g, dpi }]);
    };
    let mut work = bytes.to_vec();
    let mut pages = Vec::new();
    while let Some(ifd) = walk.ifd_pointer() {
        let meta_dpi = tiff_dpi(&mut walk);
        let offset = u32::try_from(ifd.0).map_err(|_| decode_err("page offset out of range"))?;
        let header = if bytes[0] == b'I' { offset.to_le_bytes() } else { offset.to_be_bytes() };
        work[4..8].copy_from_slice(&header);
        let g = decode_one(&work, image::ImageFormat::Tiff).map_err(|mut e| {
            e.page = Some(pages.len() + 1);
            e
        })?;
        let dpi = plausible_dpi(meta_dpi, g.width(), g.height());
        pages.push(ImagePage { image: g, dpi });
        if !walk.more_images() || pages.len() >= MAX_TIFF_PAGES || walk.next_image().is_err() {
            break;
        }
    }
    Ok(pages)
}

/// The page's horizontal resolution in dots per inch, if it says.
fn tiff_dpi<R: std::io::Read + std::io::Seek>(page: &mut tiff::decoder::Decoder<R>) -> Option<f32> {
    use tiff::{decoder::ifd::Value, tags::Tag};
    let x = match page.get_tag(Tag::XResolution).ok()? {
        Value::Rational(n, d) if d != 0 => n as f32 / d as f32,
        Value::Float(x) => x,
        _ => return None,
    };
    match page.find_tag_unsigned::<u16>(Tag::ResolutionUnit).ok().flatten().unwrap_or(2) {
        2 => Some(x),
        3 => Some(x * 2.54),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jpeg_photo_named_pdf_is_one_page_at_200_dpi() {
        let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/broken/foto-sk-camat.pdf")).unwrap();
        let pages = image_file_pages_dpi(&bytes).unwrap();
        assert_eq!(pages.len(), 1);
        assert_eq!(pages[0].image.dimensions(), (1692, 2598));
        assert_eq!(pages[0].dpi, 200.0);
        let (w, h) = pages[0].size_pt();
        assert!((w - 609.12).abs() < 0.5 && (h - 935.28).abs() < 0.5, "{w} {h}");
        assert_eq!(image_file_pages(&bytes).unwrap().len(), 1);
    }

    #[test]
    fn multi_page_tiff_gives_every_page() {
        // Three A4-ish pages at 150 dpi (1240 × 1754 would be slow to build: use 10 × scale).
        use tiff::encoder::{colortype::Gray8, Rational, TiffEncoder};
        let mut bytes = Cursor::new(Vec::new());
        let mut tiff = TiffEncoder::new(&mut bytes).unwrap();
        for i in 0..3u8 {
            let data: Vec<u8> = (0..124 * 175).map(|k| (k as u8).wrapping_add(i * 50)).collect();
            let mut page = tiff.new_image::<Gray8>(124, 175).unwrap();
            page.resolution(tiff::tags::ResolutionUnit::Inch, Rational { n: 15, d: 1 });
            page.write_data(&data).unwrap();
        }
        let bytes = bytes.into_inner();
        let got = image_file_pages_dpi(&bytes).unwrap();
        assert_eq!(got.len(), 3);
        for (i, p) in got.iter().enumerate() {
            assert_eq!(p.image.dimensions(), (124, 175));
            assert_eq!(p.image.get_pixel(0, 0)[0], i as u8 * 50);
            assert_eq!(p.dpi, 15.0);
        }
        assert_eq!(image_file_pages(&bytes).unwrap().len(), 3);
    }

    #[test]
    fn text_file_is_rejected() {
        let e = image_file_pages(b"catatan rapat: bukan pdf").unwrap_err();
        assert_eq!(e.code, ErrorCode::NotPdf);
        assert_eq!(image_file_pages(b"").unwrap_err().code, ErrorCode::EmptyFile);
    }
}
