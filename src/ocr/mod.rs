//! OCR stage: scanned pages (or photographed decrees) -> [`Page`] with words and
//! table rulings in points, top-left origin, like a digital page.
//!
//! ```text
//! images    JPEG / PNG / multi-page TIFF files -> GrayImage per page
//! deskew    projection-profile skew estimate, bilinear rotation
//! rules     ruling lines (long thin ink runs) -> Rule rects
//! region    a second, cropped reading of the signature block (stamp dropped)
//! overlay   a searchable scan's text layer: kept when it reads well, rulings from the image
//! tesseract `tesseract ... tsv` with a timeout -> words
//! ```

pub(crate) mod deskew;
pub(crate) mod images;
pub mod overlay;
pub mod photo;
pub(crate) mod region;
pub(crate) mod rules;
pub(crate) mod tesseract;

use std::path::{Path, PathBuf};
use std::time::Duration;

use image::GrayImage;

use crate::error::{DocError, ErrorCode};
use crate::model::{Page, PageSource, Rect, Word};

/// Tesseract language(s) for scanned pages unless told otherwise: `ind+eng`
/// reads list markers, colons and `%` better than `ind` alone.
pub(crate) const DEFAULT_OCR_LANG: &str = "ind+eng";

pub(crate) use images::{image_file_pages_dpi, ImagePage};

/// Page segmentation mode. Measured on the 63 scanned corpus pages against the
/// digital text (word multiset): psm 4 recall 0.984 / precision 0.988 on table
/// pages, psm 3 0.975/0.989, psm 11 0.971/0.991, psm 6 0.959/0.984.
pub(crate) const DEFAULT_PSM: u32 = 4;

/// Pages scanned below this resolution are enlarged for Tesseract (not for rules)...
/// 150-dpi pages are read as they are: the corpus scans resampled to 150 dpi
/// score blocks 1.000 / rows 1.000 / cells 0.982 (200 dpi: 1.000 / 0.984 /
/// 0.993); enlarged to 300 dpi they score 1.000 / 0.994 / 0.985 for 2.2x the CPU.
pub(crate) const MIN_OCR_DPI: f32 = 150.0;
/// ...to this resolution.
pub(crate) const UPSCALE_DPI: f32 = 300.0;

/// Skews smaller than this are left alone (rotation blurs a little).
const MIN_SKEW: f32 = 0.05;

#[derive(Debug, Clone)]
pub struct OcrOptions {
    /// Tesseract languages, e.g. "ind+eng".
    pub lang: String,
    /// Per page; the tesseract process is killed after this.
    pub timeout: Duration,
}

impl Default for OcrOptions {
    fn default() -> Self {
        OcrOptions { lang: DEFAULT_OCR_LANG.to_string(), timeout: Duration::from_secs(120) }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct OcrStats {
    /// Mean word confidence 0..1, `None` when no word was found.
    pub mean_confidence: Option<f32>,
    pub words: usize,
    /// Skew found and corrected, degrees (positive = content was turned clockwise).
    pub skew_degrees: f32,
    /// Resolution the page was read at (dots per inch of the image Tesseract saw).
    pub dpi: u32,
    /// The page was a photo: how it was flattened.
    pub photo: Option<photo::PhotoCorrection>,
}

/// Check that `tesseract` runs and has Indonesian; returns its version.
pub(crate) fn available() -> Result<String, DocError> {
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
    let dir = work_dir(page_number)?;
    let prepared = prepare(img, page_number, page_width_pt, page_height_pt, dir.path())?;
    read_prepared(vec![prepared], 1, dir.path(), opts).pop().expect("one result per page")
}

/// A temporary folder for the page images handed to Tesseract.
pub(crate) fn work_dir(page_number: usize) -> Result<tempfile::TempDir, DocError> {
    tempfile::Builder::new()
        .prefix("iki-ocr-")
        .tempdir()
        .map_err(|e| DocError::on_page(ErrorCode::IoError, page_number, format!("Cannot create a temporary folder for OCR ({e}).")))
}

/// A page made ready for Tesseract: straightened, its rulings found, its image
/// written to `dir`. The pixels are not kept.
#[derive(Debug, Clone)]
pub(crate) struct Prepared {
    pub number: usize,
    image: PathBuf,
    /// Resolution of the image handed to Tesseract.
    dpi: u32,
    width_pt: f32,
    height_pt: f32,
    /// Page points per pixel of the image handed to Tesseract.
    sx: f32,
    sy: f32,
    rules: Vec<crate::model::Rule>,
    skew: f32,
    photo: Option<photo::PhotoCorrection>,
}

/// Deskew, find the rulings, and write the image Tesseract will read into `dir`.
pub(crate) fn prepare(
    img: &GrayImage,
    page_number: usize,
    page_width_pt: f32,
    page_height_pt: f32,
    dir: &Path,
) -> Result<Prepared, DocError> {
    let (w, h) = img.dimensions();
    if w < 16 || h < 16 {
        return Err(DocError::on_page(ErrorCode::PageUnreadable, page_number, "The page image is too small to read."));
    }
    if !(page_width_pt.is_finite() && page_height_pt.is_finite() && page_width_pt > 0.0 && page_height_pt > 0.0) {
        return Err(DocError::on_page(ErrorCode::PageUnreadable, page_number, "The page has no valid size."));
    }
    // 1. A photo of a page on a desk: flattened to its paper, light evened.
    let flat = photo::flatten(img);
    let (img, page_width_pt, page_height_pt) = match &flat {
        Some(f) => (&f.image, f.width_pt, f.height_pt),
        None => (img, page_width_pt, page_height_pt),
    };
    let (w, h) = img.dimensions();
    let sx = page_width_pt / w as f32;
    let sy = page_height_pt / h as f32;
    let dpi = (72.0 / sx).clamp(50.0, 1200.0);

    // 2. Deskew.
    let (img, skew) = straighten(img);
    let img = img.as_ref();

    // 3. Rulings.
    let rules = rules::detect_rules(img, dpi, sx, sy);

    // 4. The image for Tesseract, enlarged when the scan is coarse.
    let image = dir.join(format!("page-{page_number}.png"));
    let factor = if dpi < MIN_OCR_DPI { UPSCALE_DPI / dpi } else { 1.0 };
    if factor > 1.0 {
        let (bw, bh) = ((w as f32 * factor).round() as u32, (h as f32 * factor).round() as u32);
        let big = image::imageops::resize(img, bw, bh, image::imageops::FilterType::CatmullRom);
        write_png(&big, &image).map_err(|e| on_page(e, page_number))?;
    } else {
        write_png(img, &image).map_err(|e| on_page(e, page_number))?;
    }
    Ok(Prepared {
        number: page_number,
        image,
        dpi: (dpi * factor).round() as u32,
        width_pt: page_width_pt,
        height_pt: page_height_pt,
        sx: sx / factor,
        sy: sy / factor,
        rules,
        skew,
        photo: flat.map(|f| f.correction),
    })
}

/// A page image as OCR reads it: a photo flattened to its paper (with the
/// paper's size in points), anything else as it is.
pub(crate) fn page_as_read(img: GrayImage, width_pt: f32, height_pt: f32) -> (GrayImage, f32, f32) {
    match photo::flatten(&img) {
        Some(f) => (f.image, f.width_pt, f.height_pt),
        None => (img, width_pt, height_pt),
    }
}

/// A page image made again into the one OCR read, from what the record says
/// was done to it (`page_sources`: `photo`, `skew_degrees`): a photo flattened
/// to its paper, then the skew turned out. The words and cell boxes of an
/// OCRed page are places on this image. None when the photo's paper is no
/// longer found (a crop would then fall in the wrong place).
pub(crate) fn page_as_recorded(
    img: GrayImage,
    width_pt: f32,
    height_pt: f32,
    photo: bool,
    skew_degrees: f32,
) -> Option<(GrayImage, f32, f32)> {
    let (img, width_pt, height_pt) = if photo {
        let flat = photo::flatten(&img)?;
        (flat.image, flat.width_pt, flat.height_pt)
    } else {
        (img, width_pt, height_pt)
    };
    let img = if skew_degrees.abs() >= MIN_SKEW { deskew::rotate(&img, -skew_degrees) } else { img };
    Some((img, width_pt, height_pt))
}

/// The page turned straight (when its skew is worth turning), and the skew found.
pub(crate) fn straighten(img: &GrayImage) -> (std::borrow::Cow<'_, GrayImage>, f32) {
    let skew = deskew::estimate_skew(img);
    if skew.abs() >= MIN_SKEW {
        (std::borrow::Cow::Owned(deskew::rotate(img, -skew)), skew)
    } else {
        (std::borrow::Cow::Borrowed(img), skew)
    }
}

/// Read prepared pages with Tesseract, up to `per_process` pages in one
/// process (the language models are then loaded once for all of them);
/// processes run in parallel on the current rayon pool. A page that takes
/// too long fails alone; after any other failure of a process its pages are
/// read again one by one, so one bad page never costs the others. Results
/// come back in the order of `pages`.
pub(crate) fn read_prepared(
    pages: Vec<Prepared>,
    per_process: usize,
    dir: &Path,
    opts: &OcrOptions,
) -> Vec<Result<(Page, OcrStats), DocError>> {
    use rayon::prelude::*;
    // Consecutive pages of the same resolution share a process.
    let mut batches: Vec<Vec<Prepared>> = Vec::new();
    for p in pages {
        match batches.last_mut() {
            Some(b) if b.len() < per_process.max(1) && b[0].dpi == p.dpi => b.push(p),
            _ => batches.push(vec![p]),
        }
    }
    batches.into_par_iter().flat_map_iter(|b| read_batch(b, dir, opts)).collect()
}

fn read_batch(batch: Vec<Prepared>, dir: &Path, opts: &OcrOptions) -> Vec<Result<(Page, OcrStats), DocError>> {
    if batch.is_empty() {
        return Vec::new();
    }
    let images: Vec<PathBuf> = batch.iter().map(|p| p.image.clone()).collect();
    let out_base = dir.join(format!("ocr-{}", batch[0].number));
    match tesseract::run_tsv(&images, &out_base, &opts.lang, DEFAULT_PSM, batch[0].dpi, opts.timeout) {
        Ok(tsv) => {
            let mut words = tesseract::parse_tsv(&tsv);
            batch
                .into_iter()
                .enumerate()
                .map(|(i, p)| {
                    let (mine, rest): (Vec<_>, Vec<_>) = words.drain(..).partition(|w| w.page as usize == i + 1);
                    words = rest;
                    Ok(finish_page(p, &mine))
                })
                .collect()
        }
        Err(f) if batch.len() == 1 => vec![Err(on_page(f.error, batch[0].number))],
        Err(f) => match f.timed_out_on {
            // The stuck page fails; the others are read again without it.
            Some(k) if (1..=batch.len()).contains(&k) => {
                let mut rest = batch;
                let stuck = rest.remove(k - 1);
                let mut out = read_batch(rest, dir, opts);
                out.insert(k - 1, Err(on_page(f.error, stuck.number)));
                out
            }
            _ => batch.into_iter().flat_map(|p| read_batch(vec![p], dir, opts)).collect(),
        },
    }
}

fn on_page(mut e: DocError, page: usize) -> DocError {
    e.page = Some(page);
    e
}

/// Tesseract's words for a prepared page -> the page in points, with its rulings.
fn finish_page(p: Prepared, tsv: &[tesseract::TsvWord]) -> (Page, OcrStats) {
    let words = to_words(tsv, p.sx, p.sy);
    let mut rules = p.rules;
    drop_rules_inside_words(&mut rules, &words);
    let mean_confidence = if words.is_empty() { None } else { Some(words.iter().filter_map(|w| w.conf).sum::<f32>() / words.len() as f32) };
    let stats = OcrStats { mean_confidence, words: words.len(), skew_degrees: p.skew, dpi: p.dpi, photo: p.photo };
    let page = Page { words, rules, ..Page::empty(p.number, p.width_pt, p.height_pt, PageSource::Ocr) };
    (page, stats)
}

/// Tesseract words (pixels) -> model words (points). Drops ruling-line debris
/// ("|", "_", "—" alone).
pub(crate) fn to_words(tsv: &[tesseract::TsvWord], sx: f32, sy: f32) -> Vec<Word> {
    tsv.iter()
        .filter(|t| !is_rule_debris(&t.text))
        .map(|t| {
            let bbox = Rect::new(t.left as f32 * sx, t.top as f32 * sy, (t.left + t.width) as f32 * sx, (t.top + t.height) as f32 * sy);
            Word { text: without_rule_edges(&t.text).to_string(), size: bbox.height(), bbox, conf: Some(t.conf / 100.0) }
        })
        .collect()
}

/// A ruling line read onto a word's edge: `|Pembinaan`, `dan|` lose the bar;
/// `|.` (a reading of the list marker `l.`) keeps it.
fn without_rule_edges(text: &str) -> &str {
    let mut t = text;
    if let Some(rest) = t.strip_prefix('|').filter(|r| r.chars().count() >= 2 && r.starts_with(char::is_alphanumeric)) {
        t = rest;
    }
    if let Some(rest) = t.strip_suffix('|').filter(|r| r.ends_with(char::is_alphanumeric)) {
        t = rest;
    }
    t
}

/// A "word" that is a ruling line read as text ("|", "_", "—" alone, or a
/// run of dashes such as a fraction bar "-———"; one "-" is a bullet).
pub(crate) fn is_rule_debris(text: &str) -> bool {
    text.chars().all(|c| matches!(c, '|' | '_' | '—' | '[' | ']' | '~'))
        || text.chars().count() >= 3 && text.chars().all(|c| matches!(c, '-' | '–' | '—' | '_' | '~'))
}

/// Short horizontal "rules" (< 60 pt) running along recognised words are
/// letter tops or baselines merged at low resolution, not table borders.
pub(crate) fn drop_rules_inside_words(rules: &mut Vec<crate::model::Rule>, words: &[Word]) {
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
