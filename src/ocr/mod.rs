//! OCR stage: scanned pages (or photographed decrees) -> [`Page`] with words and
//! table rulings in points, top-left origin, like a digital page.
//!
//! ```text
//! raster    PDF page -> largest image XObject -> GrayImage
//! images    JPEG / PNG / multi-page TIFF files -> GrayImage per page
//! deskew    projection-profile skew estimate, bilinear rotation
//! rules     ruling lines (long thin ink runs) -> Rule rects
//! tesseract `tesseract ... tsv` with a timeout -> words
//! ```

pub mod deskew;
pub mod images;
pub mod raster;
pub mod rules;
pub mod tesseract;
pub mod tiffwrap;

use std::time::Duration;

use image::GrayImage;

use crate::error::{DocError, ErrorCode};
use crate::model::{Page, PageSource, Rect, Word};

pub use images::{image_file_pages, image_file_pages_dpi, ImagePage};
pub use raster::page_raster;

/// Page segmentation mode used for all pages (see the module report: best on
/// bordered-table pages, and as good as 3/4 on running text).
pub const DEFAULT_PSM: u32 = 6;

/// Skews smaller than this are left alone (rotation blurs a little).
const MIN_SKEW: f32 = 0.05;

#[derive(Debug, Clone)]
pub struct OcrOptions {
    /// Tesseract languages, e.g. "ind+eng".
    pub lang: String,
    /// Per page; the tesseract process is killed after this.
    pub timeout: Duration,
    /// Image resolution, when known (else derived from the page size).
    pub dpi_hint: Option<u32>,
}

impl Default for OcrOptions {
    fn default() -> Self {
        OcrOptions { lang: "ind+eng".to_string(), timeout: Duration::from_secs(120), dpi_hint: None }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct OcrStats {
    /// Mean word confidence 0..1, `None` when no word was found.
    pub mean_confidence: Option<f32>,
    pub words: usize,
    /// Skew found and corrected, degrees (positive = content was turned clockwise).
    pub skew_degrees: f32,
}

/// Check that `tesseract` runs and has Indonesian; returns its version.
pub fn available() -> Result<String, DocError> {
    tesseract::available()
}

/// OCR one page image. `page_width_pt`/`page_height_pt` is the page size the
/// image covers; word boxes and rules are returned in those points.
pub fn recognize(
    img: &GrayImage,
    page_number: usize,
    page_width_pt: f32,
    page_height_pt: f32,
    opts: &OcrOptions,
) -> Result<(Page, OcrStats), DocError> {
    recognize_with_psm(img, page_number, page_width_pt, page_height_pt, opts, DEFAULT_PSM)
}

/// [`recognize`] with an explicit Tesseract page segmentation mode.
pub fn recognize_with_psm(
    img: &GrayImage,
    page_number: usize,
    page_width_pt: f32,
    page_height_pt: f32,
    opts: &OcrOptions,
    psm: u32,
) -> Result<(Page, OcrStats), DocError> {
    let on_page = |mut e: DocError| {
        e.page = Some(page_number);
        e
    };
    let (w, h) = img.dimensions();
    if w < 16 || h < 16 {
        return Err(DocError::on_page(ErrorCode::PageUnreadable, page_number, "The page image is too small to read."));
    }
    if !(page_width_pt.is_finite() && page_height_pt.is_finite() && page_width_pt > 0.0 && page_height_pt > 0.0) {
        return Err(DocError::on_page(ErrorCode::PageUnreadable, page_number, "The page has no valid size."));
    }
    let sx = page_width_pt / w as f32;
    let sy = page_height_pt / h as f32;
    let dpi = opts.dpi_hint.map(|d| d as f32).unwrap_or(72.0 / sx).clamp(50.0, 1200.0);

    // 1. Deskew.
    let skew = deskew::estimate_skew(img);
    let straight;
    let img = if skew.abs() >= MIN_SKEW {
        straight = deskew::rotate(img, -skew);
        &straight
    } else {
        img
    };

    // 2. Rulings.
    let rules = rules::detect_rules(img, dpi, sx, sy);

    // 3. Tesseract.
    let dir = tempfile::Builder::new()
        .prefix("iki-ocr-")
        .tempdir()
        .map_err(|e| DocError::on_page(ErrorCode::IoError, page_number, format!("Cannot create a temporary folder for OCR ({e}).")))?;
    let png = dir.path().join("page.png");
    write_png(img, &png).map_err(on_page)?;
    let tsv = tesseract::run_tsv(&png, &opts.lang, psm, dpi.round() as u32, opts.timeout).map_err(on_page)?;
    let words = to_words(&tesseract::parse_tsv(&tsv), sx, sy);

    let mean_confidence = if words.is_empty() {
        None
    } else {
        Some(words.iter().filter_map(|w| w.conf).sum::<f32>() / words.len() as f32)
    };
    let stats = OcrStats { mean_confidence, words: words.len(), skew_degrees: skew };
    let page = Page {
        number: page_number,
        width: page_width_pt,
        height: page_height_pt,
        words,
        rules,
        images: vec![],
        source: PageSource::Ocr,
    };
    Ok((page, stats))
}

/// Tesseract words (pixels) -> model words (points). Drops ruling-line debris
/// ("|", "_", "—" alone).
pub fn to_words(tsv: &[tesseract::TsvWord], sx: f32, sy: f32) -> Vec<Word> {
    tsv.iter()
        .filter(|t| !t.text.chars().all(|c| matches!(c, '|' | '_' | '—' | '[' | ']' | '~')))
        .map(|t| {
            let bbox = Rect::new(
                t.left as f32 * sx,
                t.top as f32 * sy,
                (t.left + t.width) as f32 * sx,
                (t.top + t.height) as f32 * sy,
            );
            Word { text: t.text.clone(), size: bbox.height(), bbox, conf: Some(t.conf / 100.0) }
        })
        .collect()
}

fn write_png(img: &GrayImage, path: &std::path::Path) -> Result<(), DocError> {
    use image::codecs::png::{CompressionType, FilterType, PngEncoder};
    use image::ImageEncoder;
    let file = std::fs::File::create(path)
        .map_err(|e| DocError::new(ErrorCode::IoError, format!("Cannot write a temporary file for OCR ({e}).")))?;
    let enc = PngEncoder::new_with_quality(std::io::BufWriter::new(file), CompressionType::Fast, FilterType::Sub);
    enc.write_image(img.as_raw(), img.width(), img.height(), image::ExtendedColorType::L8)
        .map_err(|e| DocError::new(ErrorCode::IoError, format!("Cannot write a temporary file for OCR ({e}).")))
}

#[cfg(test)]
mod tests;
