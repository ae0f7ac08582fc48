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

/// Page segmentation mode. Measured on the 63 scanned corpus pages against the
/// digital text (word multiset): psm 4 recall 0.984 / precision 0.988 on table
/// pages, psm 3 0.975/0.989, psm 11 0.971/0.991, psm 6 0.959/0.984.
pub const DEFAULT_PSM: u32 = 4;

/// Pages scanned below this resolution are enlarged for Tesseract (not for rules)...
pub const MIN_OCR_DPI: f32 = 150.0;
/// ...to this resolution.
pub const UPSCALE_DPI: f32 = 300.0;

/// Knobs for experiments; [`recognize`] uses the defaults.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tuning {
    /// Tesseract page segmentation mode.
    pub psm: u32,
    /// Enlarge images below this resolution to [`UPSCALE_DPI`] before OCR.
    pub min_ocr_dpi: f32,
}

impl Default for Tuning {
    fn default() -> Self {
        Tuning { psm: DEFAULT_PSM, min_ocr_dpi: MIN_OCR_DPI }
    }
}

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
    recognize_tuned(img, page_number, page_width_pt, page_height_pt, opts, &Tuning::default())
}

/// [`recognize`] with explicit tuning.
pub fn recognize_tuned(
    img: &GrayImage,
    page_number: usize,
    page_width_pt: f32,
    page_height_pt: f32,
    opts: &OcrOptions,
    tuning: &Tuning,
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
    let mut rules = rules::detect_rules(img, dpi, sx, sy);

    // 3. Tesseract.
    let dir = tempfile::Builder::new()
        .prefix("iki-ocr-")
        .tempdir()
        .map_err(|e| DocError::on_page(ErrorCode::IoError, page_number, format!("Cannot create a temporary folder for OCR ({e}).")))?;
    let png = dir.path().join("page.png");
    let (ocr_dpi, factor) = if dpi < tuning.min_ocr_dpi { (UPSCALE_DPI, UPSCALE_DPI / dpi) } else { (dpi, 1.0) };
    if factor > 1.0 {
        let big = image::imageops::resize(
            img,
            (w as f32 * factor).round() as u32,
            (h as f32 * factor).round() as u32,
            image::imageops::FilterType::CatmullRom,
        );
        write_png(&big, &png).map_err(on_page)?;
    } else {
        write_png(img, &png).map_err(on_page)?;
    }
    let tsv = tesseract::run_tsv(&png, &opts.lang, tuning.psm, ocr_dpi.round() as u32, opts.timeout).map_err(on_page)?;
    let words = to_words(&tesseract::parse_tsv(&tsv), sx / factor, sy / factor);
    drop_rules_inside_words(&mut rules, &words);

    let mean_confidence = if words.is_empty() { None } else { Some(words.iter().filter_map(|w| w.conf).sum::<f32>() / words.len() as f32) };
    let stats = OcrStats { mean_confidence, words: words.len(), skew_degrees: skew };
    let page =
        Page { number: page_number, width: page_width_pt, height: page_height_pt, words, rules, images: vec![], source: PageSource::Ocr };
    Ok((page, stats))
}

/// Tesseract words (pixels) -> model words (points). Drops ruling-line debris
/// ("|", "_", "—" alone).
pub fn to_words(tsv: &[tesseract::TsvWord], sx: f32, sy: f32) -> Vec<Word> {
    tsv.iter()
        .filter(|t| !t.text.chars().all(|c| matches!(c, '|' | '_' | '—' | '[' | ']' | '~')))
        .map(|t| {
            let bbox = Rect::new(t.left as f32 * sx, t.top as f32 * sy, (t.left + t.width) as f32 * sx, (t.top + t.height) as f32 * sy);
            Word { text: t.text.clone(), size: bbox.height(), bbox, conf: Some(t.conf / 100.0) }
        })
        .collect()
}

/// Short horizontal "rules" (< 60 pt) running along recognised words are
/// letter tops or baselines merged at low resolution, not table borders.
pub fn drop_rules_inside_words(rules: &mut Vec<crate::model::Rule>, words: &[Word]) {
    rules.retain(|r| {
        if !r.is_horizontal() || r.rect.width() >= 60.0 {
            return true;
        }
        let cy = r.rect.cy();
        let covered: f32 = words
            .iter()
            .filter(|w| cy > w.bbox.y0 - 0.3 && cy < w.bbox.y1 + 0.3)
            .map(|w| (w.bbox.x1.min(r.rect.x1) - w.bbox.x0.max(r.rect.x0)).max(0.0))
            .sum();
        covered < 0.6 * r.rect.width()
    });
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
