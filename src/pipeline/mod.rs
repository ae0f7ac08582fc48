//! One document, start to end: bytes -> pages (text layer or OCR) -> layout ->
//! segments -> fields -> normalised record. Pure apart from running Tesseract;
//! the caller owns file walking and dataset I/O.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::time::Duration;

use image::GrayImage;
use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::error::{DocError, ErrorCode};
use crate::model::{Page, PageSource};
use crate::ocr::overlay;
use crate::record::{
    DocumentRecord, ErrorRecord, Extraction, Metadata, PageSourceRecord, PhotoRecord, Source, Status, SCHEMA_VERSION, TOOL_VERSION,
};
use crate::{fields, layout, normalize, ocr, pdf, segment};

mod signature;

/// When pages are OCRed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OcrMode {
    /// Pages without usable text, and scans whose text layer reads poorly.
    Auto,
    /// Every page painted with a page-sized image, whatever its text layer.
    Always,
    /// None: scans without text are skipped (`ocr_unavailable`); a scan's text
    /// layer is taken as it is, with the rulings found in its image.
    Never,
}

/// Settings for one run.
#[derive(Debug, Clone)]
pub struct Options {
    pub limits: pdf::Limits,
    pub ocr: OcrMode,
    pub ocr_lang: String,
    pub ocr_timeout: Duration,
    /// Largest page raster handed to OCR, in pixels.
    pub max_pixels: u64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            limits: pdf::Limits::default(),
            ocr: OcrMode::Auto,
            ocr_lang: ocr::DEFAULT_OCR_LANG.into(),
            ocr_timeout: Duration::from_secs(180),
            max_pixels: 60_000_000,
        }
    }
}

impl Options {
    /// The settings Tesseract runs with.
    fn ocr_options(&self) -> ocr::OcrOptions {
        ocr::OcrOptions { lang: self.ocr_lang.clone(), timeout: self.ocr_timeout }
    }
}

/// The first 16 hex digits of the SHA-256 of the bytes, and the full digest.
pub fn doc_id(bytes: &[u8]) -> (String, String) {
    doc_id_of_parts(&[bytes])
}

/// [`doc_id`] of parts one after the other (a set of page pictures), without
/// joining them.
pub(crate) fn doc_id_of_parts<B: AsRef<[u8]>>(parts: &[B]) -> (String, String) {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p);
    }
    let hex: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
    (hex[..16].to_string(), hex)
}

/// Turns one file's bytes into its record. Never panics: a panic inside the
/// work becomes a `failed` record with an `internal_error`.
pub fn process(bytes: &[u8], file_name: &str, opts: &Options) -> DocumentRecord {
    let (id, sha) = doc_id(bytes);
    let mut rec = empty_record(&id, &sha, bytes.len() as u64, file_name);
    let result = catch_unwind(AssertUnwindSafe(|| extract(bytes, file_name, opts, &mut rec)));
    if let Err(panic) = result {
        let what =
            panic.downcast_ref::<&str>().map(|s| s.to_string()).or_else(|| panic.downcast_ref::<String>().cloned()).unwrap_or_default();
        rec.blocks.clear();
        rec.errors.push(err_record(&DocError::new(
            ErrorCode::Internal,
            format!("iki stopped on an unexpected problem while reading this file ({what}). Other files are not affected; please report this file to the iki maintainers."),
        )));
        rec.status = Status::Failed;
    }
    rec
}

/// A record with nothing read yet (status `failed` until something is).
fn empty_record(doc_id: &str, sha256: &str, bytes: u64, file_name: &str) -> DocumentRecord {
    DocumentRecord {
        schema_version: SCHEMA_VERSION,
        doc_id: doc_id.to_string(),
        source: Source { file_name: file_name.to_string(), sha256: sha256.to_string(), bytes, pages: None },
        status: Status::Failed,
        errors: Vec::new(),
        extraction: Extraction {
            method: "text".into(),
            ocr_pages: vec![],
            page_sources: vec![],
            ocr_mean_confidence: None,
            tool_version: TOOL_VERSION.into(),
        },
        metadata: Metadata::default(),
        blocks: Vec::new(),
        normalizations: Vec::new(),
        review: Vec::new(),
    }
}

/// The `failed` record of a file that could not be read at all (too large,
/// unreadable from disk).
pub fn failed_record(doc_id: &str, sha256: &str, bytes: u64, file_name: &str, error: &DocError) -> DocumentRecord {
    let mut rec = empty_record(doc_id, sha256, bytes, file_name);
    rec.errors.push(err_record(error));
    rec
}

fn err_record(e: &DocError) -> ErrorRecord {
    ErrorRecord { code: e.code.as_str().to_string(), page: e.page, message: e.message.clone() }
}

/// Extensions of page images (photographs, scans) read as documents.
pub(crate) const IMAGE_EXTENSIONS: &[&str] = &["jpg", "jpeg", "png", "tif", "tiff"];

pub(crate) fn is_image_name(file_name: &str) -> bool {
    let ext = file_name.rsplit_once('.').map(|(_, e)| e.to_lowercase()).unwrap_or_default();
    IMAGE_EXTENSIONS.contains(&ext.as_str())
}

/// Reads the pages, OCRing those without usable text.
fn extract(bytes: &[u8], file_name: &str, opts: &Options, rec: &mut DocumentRecord) {
    if is_image_name(file_name) {
        return extract_images(bytes, opts, rec);
    }
    let doc = match pdf::open(bytes, &opts.limits) {
        Ok(d) => d,
        Err(e) => {
            rec.errors.push(err_record(&e));
            rec.status = Status::Failed;
            return;
        }
    };
    let n = doc.page_count();
    rec.source.pages = Some(n);
    let gate = OcrGate::new(opts);
    let work = OcrWork::default();
    let steps: Vec<Step> = (1..=n).into_par_iter().map(|p| read_page(&doc, p, opts, &gate, &work)).collect();
    let results = finish_ocr(steps, &work, opts);
    let lines = finish(results, &gate, rec);
    complete_signature(rec, &lines, opts, |n, ocred| {
        let img = doc.page_raster(n, opts.max_pixels).ok()??;
        let page = doc.page(n).ok()?;
        if !ocred {
            return Some((img, page));
        }
        // As OCR read it: a photo is flattened to its paper.
        let (img, width, height) = ocr::page_as_read(img, page.width, page.height);
        Some((img, Page::empty(n, width, height, PageSource::Ocr)))
    });
}

/// A second reading of the signature block of a scan (an OCRed page or a text
/// layer over a scan) when the first left the camat or the date empty
/// (`signature`). `page_image` gives a page's image and its page. A failure costs only the fields it would have filled.
fn complete_signature(
    rec: &mut DocumentRecord,
    lines: &[layout::TextLine],
    opts: &Options,
    page_image: impl Fn(usize, bool) -> Option<(GrayImage, Page)>,
) {
    if !signature::incomplete(&rec.metadata) {
        return;
    }
    let scans: Vec<usize> = rec.extraction.page_sources.iter().filter(|s| s.source != PageSource::Text).map(|s| s.page).collect();
    for (number, region) in signature::block_regions(lines, &scans) {
        let ocred = rec.extraction.ocr_pages.contains(&number);
        let Some((img, page)) = page_image(number, ocred) else { continue };
        let _ = signature::reread(&mut rec.metadata, &img, &page, region, &opts.ocr_options());
        if !signature::incomplete(&rec.metadata) {
            return;
        }
    }
}

/// A page read from the text layer, or made ready for OCR.
enum Step {
    Done(PageResult),
    /// `fallback` is the text-layer page, kept if OCR fails.
    Ocr {
        fallback: Option<Page>,
        prepared: ocr::Prepared,
    },
}

/// The temporary folder of one document's OCR page images, made when first needed.
#[derive(Default)]
struct OcrWork(std::sync::OnceLock<Result<tempfile::TempDir, DocError>>);

impl OcrWork {
    fn dir(&self, page: usize) -> Result<&Path, DocError> {
        self.0.get_or_init(|| ocr::work_dir(page)).as_ref().map(|d| d.path()).map_err(Clone::clone)
    }
}

/// Pages Tesseract reads in one process: enough pages per process to load the
/// language models only once in a while, but at least one process per thread.
fn pages_per_process(pages: usize) -> usize {
    pages.div_ceil(rayon::current_num_threads().max(1)).clamp(1, 4)
}

/// Runs Tesseract on the prepared pages; returns every page's result in order.
fn finish_ocr(steps: Vec<Step>, work: &OcrWork, opts: &Options) -> Vec<PageResult> {
    let mut results: Vec<Option<PageResult>> = Vec::with_capacity(steps.len());
    let mut prepared = Vec::new();
    let mut fallbacks = Vec::new();
    for (i, step) in steps.into_iter().enumerate() {
        match step {
            Step::Done(r) => results.push(Some(r)),
            Step::Ocr { fallback, prepared: p } => {
                results.push(None);
                prepared.push(p);
                fallbacks.push((i, fallback));
            }
        }
    }
    if !prepared.is_empty() {
        let ocr_opts = opts.ocr_options();
        let per_process = pages_per_process(prepared.len());
        let dir = work.dir(0).expect("made when the pages were prepared");
        let read = ocr::read_prepared(prepared, per_process, dir, &ocr_opts);
        for ((i, fallback), r) in fallbacks.into_iter().zip(read) {
            results[i] = Some(match r {
                Ok((page, stats)) => PageResult { page: Some(page), error: None, ocr_confidence: stats.mean_confidence, ocr: Some(stats) },
                Err(e) => PageResult { page: fallback, error: Some(e), ocr_confidence: None, ocr: None },
            });
        }
    }
    results.into_iter().map(|r| r.expect("every page has a result")).collect()
}

/// The record of a set of page images read as one document (a folder of
/// page photos), pages in the order given; `name` is the folder's. Like
/// [`process`], never panics. The doc_id is that of the pages' bytes one
/// after the other.
pub(crate) fn process_image_set(pages: &[Vec<u8>], name: &str, opts: &Options) -> DocumentRecord {
    let (id, sha) = doc_id_of_parts(pages);
    let bytes = pages.iter().map(|p| p.len() as u64).sum();
    let mut rec = empty_record(&id, &sha, bytes, name);
    let result = catch_unwind(AssertUnwindSafe(|| {
        let mut images = Vec::new();
        for (i, p) in pages.iter().enumerate() {
            match ocr::image_file_pages_dpi(p) {
                Ok(mut more) => images.append(&mut more),
                Err(mut e) => {
                    e.message = format!("Picture {} of the set: {}", i + 1, e.message);
                    rec.errors.push(err_record(&e));
                }
            }
        }
        if images.is_empty() {
            rec.status = Status::Failed;
            return;
        }
        extract_image_pages(images, opts, &mut rec);
    }));
    if result.is_err() {
        rec.blocks.clear();
        rec.errors.push(err_record(&DocError::new(
            ErrorCode::Internal,
            "iki stopped on an unexpected problem while reading these pictures. Other files are not affected; please report them to the iki maintainers.",
        )));
        rec.status = Status::Failed;
    }
    rec
}

/// A photographed or scanned page image (JPEG, PNG, multi-page TIFF): every
/// page is OCRed.
fn extract_images(bytes: &[u8], opts: &Options, rec: &mut DocumentRecord) {
    match ocr::image_file_pages_dpi(bytes) {
        Ok(images) => extract_image_pages(images, opts, rec),
        Err(e) => {
            rec.errors.push(err_record(&e));
            rec.status = Status::Failed;
        }
    }
}

fn extract_image_pages(images: Vec<ocr::ImagePage>, opts: &Options, rec: &mut DocumentRecord) {
    rec.source.pages = Some(images.len());
    let gate = OcrGate::new(opts);
    if let Err(e) = gate.check() {
        rec.errors.push(err_record(&e));
        rec.status = Status::Failed;
        return;
    }
    let work = OcrWork::default();
    let steps: Vec<Step> = images
        .par_iter()
        .enumerate()
        .map(|(i, img)| {
            let (w, h) = img.size_pt();
            let prepared = work.dir(i + 1).and_then(|dir| ocr::prepare(&img.image, i + 1, w, h, dir));
            match prepared {
                Ok(prepared) => Step::Ocr { fallback: None, prepared },
                Err(e) => Step::Done(PageResult { page: None, error: Some(e), ocr_confidence: None, ocr: None }),
            }
        })
        .collect();
    let results = finish_ocr(steps, &work, opts);
    let lines = finish(results, &gate, rec);
    complete_signature(rec, &lines, opts, |n, _| {
        let img = images.get(n.checked_sub(1)?)?;
        let (w, h) = img.size_pt();
        let (img, w, h) = ocr::page_as_read(img.image.clone(), w, h);
        Some((img, Page::empty(n, w, h, PageSource::Ocr)))
    });
}

/// From the pages read to the record: layout, segments, fields, normalisation,
/// status. Returns the document's text lines.
fn finish(results: Vec<PageResult>, ocr_state: &OcrGate, rec: &mut DocumentRecord) -> Vec<layout::TextLine> {
    let mut pages: Vec<Page> = Vec::new();
    let mut confs: Vec<(f32, usize)> = Vec::new();
    let mut text_pages = 0;
    for r in results {
        if let Some(e) = r.error {
            rec.errors.push(err_record(&e));
        }
        if let Some(p) = r.page {
            match p.source {
                PageSource::Ocr => {
                    rec.extraction.ocr_pages.push(p.number);
                    if let Some(c) = r.ocr_confidence {
                        confs.push((c, p.words.len().max(1)));
                    }
                }
                PageSource::Text | PageSource::TextImageRules => text_pages += 1,
            }
            rec.extraction.page_sources.push(page_source(&p, r.ocr.as_ref()));
            pages.push(p);
        }
    }
    if let Some(e) = ocr_state.unavailable_error() {
        rec.errors.push(err_record(&e));
    }
    rec.extraction.method = match (text_pages > 0, !rec.extraction.ocr_pages.is_empty()) {
        (true, true) => "mixed",
        (false, true) => "ocr",
        _ => "text",
    }
    .into();
    let total: usize = confs.iter().map(|c| c.1).sum();
    if total > 0 {
        let mean = confs.iter().map(|c| c.0 * c.1 as f32).sum::<f32>() / total as f32;
        rec.extraction.ocr_mean_confidence = Some((mean * 1000.0).round() / 1000.0);
    }

    let readable = pages.iter().filter(|p| !p.words.is_empty()).count();
    let elements = layout::layout_document(&pages);
    drop(pages);
    let all_lines: Vec<layout::TextLine> = elements
        .iter()
        .filter_map(|e| match e {
            layout::Element::Line(l) => Some(l.clone()),
            _ => None,
        })
        .collect();
    let segs = segment::segment(elements);
    let headings: Vec<String> = segs.blocks.iter().filter_map(|b| b.heading.clone()).collect();
    rec.metadata = segment::metadata::metadata(&segs.decree, &all_lines, &headings);
    rec.blocks = fields::read_blocks(&segs.blocks);
    // A report, plan or agreement has indicator tables too, but no blocks.
    let not_a_decree = segment::kind::not_a_decree(&all_lines, &segs.blocks, &rec.blocks);
    if not_a_decree.is_some() {
        rec.blocks.clear();
    }
    segment::metadata::complete_from_blocks(&mut rec.metadata, &segs.blocks, &rec.blocks);
    normalize::normalize_record(rec);
    rec.review = fields::review::review_document(rec);
    rec.review.extend(not_a_decree.map(segment::kind::Kind::reason));
    rec.review.extend(photo_reason(&rec.extraction.page_sources));

    rec.status = if readable == 0 {
        if rec.errors.is_empty() {
            rec.errors.push(err_record(&DocError::new(
                ErrorCode::PageUnreadable,
                "No text could be read from any page of this file. If it is a scan, check that it is legible and scanned at 200 dpi or more, then import it again.",
            )));
        }
        Status::Failed
    } else if !rec.errors.is_empty() {
        Status::Partial
    } else if rec.blocks.is_empty() {
        Status::NoIki
    } else {
        Status::Ok
    };
    all_lines
}

/// What a page was read from, and for an OCRed page how it was read.
fn page_source(p: &Page, ocr: Option<&ocr::OcrStats>) -> PageSourceRecord {
    PageSourceRecord {
        page: p.number,
        source: p.source,
        ocr_dpi: ocr.map(|o| o.dpi),
        skew_degrees: ocr.map(|o| (o.skew_degrees * 100.0).round() / 100.0),
        photo: ocr.and_then(|o| o.photo).map(|c| PhotoRecord {
            paper: format!("{:?}", c.paper),
            landscape: c.landscape,
            rotation_degrees: c.rotation_degrees,
            perspective_degrees: c.perspective_degrees,
            paper_share: c.paper_share,
        }),
    }
}

struct PageResult {
    page: Option<Page>,
    error: Option<DocError>,
    ocr_confidence: Option<f32>,
    /// How an OCRed page was read.
    ocr: Option<ocr::OcrStats>,
}

/// Checks once whether Tesseract can be used, and remembers the answer.
struct OcrGate {
    enabled: bool,
    state: std::sync::OnceLock<Result<String, DocError>>,
    needed: std::sync::atomic::AtomicBool,
}

impl OcrGate {
    fn new(opts: &Options) -> OcrGate {
        OcrGate { enabled: opts.ocr != OcrMode::Never, state: std::sync::OnceLock::new(), needed: false.into() }
    }
    fn check(&self) -> Result<(), DocError> {
        self.needed.store(true, std::sync::atomic::Ordering::Relaxed);
        if !self.enabled {
            return Err(DocError::new(
                ErrorCode::OcrUnavailable,
                "OCR was switched off for this run (--ocr never); scanned pages were skipped. Run again without it to read them.",
            ));
        }
        self.state.get_or_init(ocr::available).as_ref().map(|_| ()).map_err(Clone::clone)
    }
    /// The one document-level error to record when OCR was needed but missing.
    fn unavailable_error(&self) -> Option<DocError> {
        if !self.needed.load(std::sync::atomic::Ordering::Relaxed) {
            return None;
        }
        self.check().err()
    }
}

/// Does this text-layer page need OCR? No words at all, or a page-sized image
/// with almost no text on it.
fn needs_ocr(p: &Page) -> bool {
    let words = p.words.iter().filter(|w| w.text.chars().any(char::is_alphanumeric)).count();
    if words < 3 {
        return true;
    }
    let page_area = (p.width * p.height).max(1.0);
    let big_image = p.images.iter().any(|r| r.area() > 0.5 * page_area);
    big_image && words < 25
}

fn read_page(doc: &pdf::PdfDoc, number: usize, opts: &Options, gate: &OcrGate, work: &OcrWork) -> Step {
    let text = catch_unwind(AssertUnwindSafe(|| doc.page(number))).unwrap_or_else(|_| {
        Err(DocError::on_page(
            ErrorCode::PageUnreadable,
            number,
            format!("Page {number} could not be read (unexpected problem in its content)."),
        ))
    });
    let done = |page: Option<Page>, error: Option<DocError>| Step::Done(PageResult { page, error, ocr_confidence: None, ocr: None });
    let page = match text {
        Ok(p) => p,
        Err(e) => return done(None, Some(e)),
    };
    let over_scan = !needs_ocr(&page) && overlay::is_text_over_scan(&page);
    let ocr_it = match opts.ocr {
        _ if needs_ocr(&page) => true,
        OcrMode::Never => false,
        OcrMode::Always => over_scan,
        OcrMode::Auto => over_scan && !overlay::layer_reads_well(&page.words),
    };
    if !ocr_it && !over_scan {
        return done(Some(page), None);
    }
    if ocr_it && gate.check().is_err() {
        // Recorded once per document by the caller; keep whatever text there is.
        return done(Some(page), None);
    }
    let img = match doc.page_raster(number, opts.max_pixels) {
        Ok(Some(img)) => img,
        Ok(None) => return done(Some(page), None),
        Err(mut e) => {
            e.page = Some(number);
            return done(Some(page), Some(e));
        }
    };
    if !ocr_it {
        // A text layer over a scan, kept: the rulings come from the image.
        let at = overlay::page_image(&page).unwrap_or(crate::model::Rect::new(0.0, 0.0, page.width, page.height));
        return done(Some(overlay::with_image_rules(page, &img, at)), None);
    }
    let prepared = work.dir(number).and_then(|dir| ocr::prepare(&img, number, page.width, page.height, dir));
    match prepared {
        Ok(prepared) => Step::Ocr { fallback: Some(page), prepared },
        Err(e) => done(Some(page), Some(e)),
    }
}

/// A document read (in part) from phone photos says so: a photo is flattened
/// and its light evened before it is read, and its rows are less sure than a
/// scan's (shadows, soft focus, a corner out of the picture).
fn photo_reason(sources: &[PageSourceRecord]) -> Option<String> {
    let pages: Vec<String> = sources.iter().filter(|s| s.photo.is_some()).map(|s| s.page.to_string()).collect();
    (!pages.is_empty()).then(|| {
        format!(
            "photo_pages: page{} {} {} read from phone photos (flattened, light evened); check the rows against the photos, or scan the decree for a surer reading",
            if pages.len() > 1 { "s" } else { "" },
            pages.join(", "),
            if pages.len() > 1 { "were" } else { "was" }
        )
    })
}
