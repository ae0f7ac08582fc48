//! `iki report <DATASET> --out <FILE>`: runs the data-quality checks over the
//! dataset's records and writes
//!
//! - `<DATASET>/quality.csv`, one row per finding; its columns are documented
//!   at `report::quality_csv` (doc_id, block, row, field, check, severity,
//!   message, value), written atomically under the dataset's lock;
//! - `<FILE>`, one self-contained HTML page for office staff (`report::html`).
//!
//! The checks run over the records with `corrections.csv` applied (findings
//! keep the extracted row numbers); lines of that file that were not applied
//! are findings too. For a finding on a scanned page, the page is rasterised
//! again from the source file (found through the manifest, and only if its
//! bytes are still the document's) and a crop around the cell is embedded;
//! without the source, the finding simply has no crop.
//!
//! Exit status: 0 when both files were written, 2 when the run could not be
//! done (not a dataset, a file not writable). Findings do not change it.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use rayon::prelude::*;

use crate::cli::ReportArgs;
use crate::cmd::inputs::Input;
use crate::corrections;
use crate::dataset::{write_atomic, Dataset, Manifest};
use crate::record::{CellBox, DocumentRecord};
use crate::report::html::{self, crop_key, CropKey, Review};
use crate::report::summary::{self, Summary};
use crate::report::{self, checks, Finding, Severity};

/// Crops wanted: per doc_id, the places of its findings' cells on scanned pages.
type Wanted = BTreeMap<String, Vec<CropAt>>;

/// A cell to crop, and what OCR did to its page's image before reading it
/// (the cell's box is a place on that image, not on the raw page).
#[derive(Debug, Clone)]
struct CropAt {
    key: CropKey,
    cell: CellBox,
    photo: bool,
    skew_degrees: f32,
}

pub fn run(args: &ReportArgs) -> anyhow::Result<ExitCode> {
    let dataset = super::open_dataset(&args.dataset)?;
    // With a corrections.csv, every record is read into memory and corrected
    // (a line is judged against the whole dataset; the page shows what was
    // extracted beside the corrected value). Without one, the records are
    // streamed in chunks and slimmed once checked (`read_and_check`).
    let (docs, summary, manifest, findings, fixes, extracted, wanted, lines) = {
        // Read a consistent state: no ingest writes the manifest meanwhile.
        let _lock = dataset.lock().context("cannot lock the dataset")?;
        match dataset.read_corrections().context("cannot read corrections.csv")? {
            Some(file) => {
                let extracted = dataset.documents().context("cannot read the dataset's records")?;
                let manifest = dataset.read_manifest();
                let mut docs = extracted.clone();
                let fixes = corrections::apply(&mut docs, Some(&file));
                let mut findings = report::check_all(&docs, &manifest);
                for f in &mut findings {
                    if let (Some(b), Some(r)) = (f.block, f.row) {
                        f.row = Some(fixes.row_of(&f.doc_id, b, r));
                    }
                }
                findings.extend(report::correction_findings(&fixes.outcomes));
                let wanted = crop_wants(&extracted, &findings);
                let summary = Summary::of(&docs);
                (docs, summary, manifest, findings, Some(fixes), extracted, wanted, HashMap::new())
            }
            None => {
                let (docs, summary, manifest, findings, wanted, lines) = read_and_check(&dataset)?;
                (docs, summary, manifest, findings, None, Vec::new(), wanted, lines)
            }
        }
    };

    let csv = report::quality_csv(&findings, args.excel_bom)?;
    let quality = dataset.root().join("quality.csv");
    {
        let _lock = dataset.lock().context("cannot lock the dataset")?;
        write_atomic(&quality, &csv).with_context(|| format!("cannot write {}", quality.display()))?;
    }

    let title = dataset_name(&args.dataset);
    let file_names: HashMap<&str, &str> = docs.iter().map(|d| (d.doc_id.as_str(), d.source.file_name.as_str())).collect();
    let review = Review {
        extracted: extracted.iter().map(|d| (d.doc_id.as_str(), d)).collect(),
        outcomes: fixes.as_ref().map(|f| f.outcomes.as_slice()),
        crops: crops(wanted, &file_names, &manifest),
        lines,
    };
    let html = report::html::render(&docs, &summary, &manifest, &findings, &review, &title);
    let out = with_dir(&args.out);
    write_atomic(&out, html.as_bytes()).with_context(|| format!("cannot write the report {}", out.display()))?;

    let n = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    eprintln!(
        "iki: {} documents checked: {} findings ({} errors, {} warnings, {} info); report written to {}, findings to {}",
        docs.len(),
        findings.len(),
        n(Severity::Error),
        n(Severity::Warning),
        n(Severity::Info),
        out.display(),
        quality.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// Reads the records in chunks (in parallel), checks each, and keeps its
/// slim form and counts: memory holds the findings and what the page shows,
/// not the whole dataset's texts (~100 KB of JSON per record). What the page
/// needs of the whole records (the cells to crop, the ready corrections.csv
/// lines) is worked out while each record is at hand.
#[allow(clippy::type_complexity)]
fn read_and_check(
    dataset: &Dataset,
) -> anyhow::Result<(Vec<DocumentRecord>, Summary, Manifest, Vec<Finding>, Wanted, HashMap<(CropKey, &'static str), String>)> {
    let manifest = dataset.read_manifest();
    let names = checks::names_by_doc(&manifest);
    let ids = dataset.doc_ids().context("cannot read the dataset's records")?;
    let (mut docs, mut summary, mut findings) = (Vec::new(), Summary::default(), Vec::new());
    let (mut wanted, mut lines, mut n_crops) = (Wanted::new(), HashMap::new(), 0);
    let chunks: Vec<&[String]> = ids.chunks(256).collect();
    let prefetch = |c: usize| crate::dataset::prefetch(dataset, chunks.get(c).into_iter().flat_map(|c| c.iter().map(String::as_str)));
    prefetch(0);
    for (c, chunk) in chunks.iter().enumerate() {
        // The disk reads the next chunk while the cores parse this one.
        prefetch(c + 1);
        #[allow(clippy::type_complexity)]
        let part: Vec<(DocumentRecord, Summary, Vec<Finding>, Vec<CropAt>, Vec<((CropKey, &'static str), String)>)> = chunk
            .par_iter()
            // The cells' places are parsed only for the documents with scanned
            // pages, where a finding gets a crop of the scan (`crop_wants`).
            .filter_map(|id| dataset.read_document_places_if(id, |d| !d.extraction.ocr_pages.is_empty()))
            .map(|mut d| {
                let mut f = Vec::new();
                checks::check_document(&d, names.get(d.doc_id.as_str()).map(Vec::as_slice).unwrap_or(&[]), &mut f);
                let boxes = crop_wants(std::slice::from_ref(&d), &f).into_values().flatten().collect();
                let rv = Review { extracted: [(d.doc_id.as_str(), &d)].into(), ..Default::default() };
                let ready = f.iter().filter_map(|f| Some(((crop_key(f), f.check), html::ready_line(f, &rv)?))).collect();
                drop(rv);
                // Counted and slimmed on the thread that parsed it, which
                // frees the dropped parts faster than another thread can.
                let one = Summary::of(std::slice::from_ref(&d));
                summary::slim(&mut d, &f);
                (d, one, f, boxes, ready)
            })
            .collect();
        for (d, one, f, boxes, ready) in part {
            summary.append(one);
            // A fresh copy of what is left: the parsed record's small
            // allocations, spread over the reading threads' heaps, are freed
            // whole instead of pinning mostly empty pages.
            let d = d.clone();
            for b in boxes {
                if n_crops < MAX_CROPS {
                    wanted.entry(d.doc_id.clone()).or_insert_with(Vec::new).push(b);
                    n_crops += 1;
                }
            }
            lines.extend(ready);
            docs.push(d);
            findings.extend(f);
        }
    }
    Ok((docs, summary, manifest, findings, wanted, lines))
}

/// The dataset's folder name, for the page title.
fn dataset_name(root: &Path) -> String {
    let abs = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    abs.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| root.display().to_string())
}

/// A bare file name is written in the current folder.
fn with_dir(p: &Path) -> PathBuf {
    match p.parent() {
        Some(d) if !d.as_os_str().is_empty() => p.to_path_buf(),
        _ => Path::new(".").join(p),
    }
}

/// At most this many crops go into one report (the page stays a few MB).
const MAX_CROPS: usize = 400;

/// The cells to crop: every finding's cell on a scanned page (at most
/// `MAX_CROPS`), by document.
fn crop_wants(extracted: &[DocumentRecord], findings: &[Finding]) -> Wanted {
    let by_id: HashMap<&str, &DocumentRecord> = extracted.iter().map(|d| (d.doc_id.as_str(), d)).collect();
    let mut wanted = Wanted::new();
    let mut n = 0;
    for f in findings {
        let Some(d) = by_id.get(f.doc_id.as_str()) else { continue };
        let Some(b) = cell_box(d, f).filter(|b| d.extraction.ocr_pages.contains(&b.page)) else { continue };
        if n < MAX_CROPS {
            let read = d.extraction.page_sources.iter().find(|s| s.page == b.page);
            let (photo, skew_degrees) = read.map_or((false, 0.0), |s| (s.photo.is_some(), s.skew_degrees.unwrap_or(0.0)));
            wanted.entry(d.doc_id.clone()).or_default().push(CropAt { key: crop_key(f), cell: b, photo, skew_degrees });
            n += 1;
        }
    }
    wanted
}

/// Crops of the scan around the wanted cells, as data URIs. Sources are read
/// once per document; a document whose file is gone or changed gets no crops.
fn crops(wanted: Wanted, file_names: &HashMap<&str, &str>, manifest: &Manifest) -> HashMap<CropKey, String> {
    let names = report::checks::names_by_doc(manifest);
    // One document at a time per thread: its page rasters are dropped when done.
    wanted
        .into_par_iter()
        .flat_map_iter(|(id, mut list)| {
            let Some(mut source) = names.get(id.as_str()).and_then(|paths| Source::find(&id, paths)) else { return Vec::new() };
            let file_name = file_names.get(id.as_str()).copied().unwrap_or("");
            // In page order: the pictures of a set are decoded once, front to back.
            list.sort_by_key(|at| at.cell.page);
            let mut pages: HashMap<usize, Option<(image::GrayImage, f32, f32)>> = HashMap::new();
            let mut out = Vec::new();
            for at in list {
                let page = pages.entry(at.cell.page).or_insert_with(|| {
                    let (img, w, h) = source.page_image(file_name, at.cell.page)?;
                    crate::ocr::page_as_recorded(img, w, h, at.photo, at.skew_degrees)
                });
                if let Some(uri) = page.as_ref().and_then(|(img, w, h)| report::crop::crop_data_uri(img, *w, *h, at.cell.bbox)) {
                    out.push((at.key, uri));
                }
            }
            out
        })
        .collect()
}

/// Where a finding is on the page: its cell, else its row's cells on the
/// finding's page, else (a finding about the block, not one of its table
/// headers) the jabatan.
fn cell_box(d: &DocumentRecord, f: &Finding) -> Option<CellBox> {
    let block = d.blocks.get(f.block?)?;
    let Some(r) = f.row else { return block.jabatan_box.clone().filter(|_| !f.field.starts_with("columns")) };
    let cells = &block.indicators.get(r)?.cells;
    let on_page = |c: &&CellBox| f.page.is_none_or(|p| p == c.page);
    if let Some(c) = cells.iter().filter(on_page).find(|c| c.field == f.field) {
        return Some(c.clone());
    }
    let mut row = cells.iter().filter(on_page);
    let first = row.next()?.clone();
    Some(row.fold(first, |mut acc, c| {
        if c.page == acc.page {
            acc.bbox = [acc.bbox[0].min(c.bbox[0]), acc.bbox[1].min(c.bbox[1]), acc.bbox[2].max(c.bbox[2]), acc.bbox[3].max(c.bbox[3])];
        }
        acc
    }))
}

/// A document's source, read again for its crops.
enum Source {
    /// A PDF or an image file: its bytes.
    File(Vec<u8>),
    /// A set of page pictures read as one document (`--images-as-document`):
    /// the pictures' bytes, and the pages decoded so far.
    Set { parts: Vec<Vec<u8>>, next_part: usize, pages: Vec<crate::ocr::ImagePage> },
}

impl Source {
    /// The first input path (a file, `archive.zip!/member`, or a folder of
    /// pictures `folder/`) that still holds the document's bytes.
    fn find(doc_id: &str, paths: &[&str]) -> Option<Source> {
        let limit = crate::pdf::Limits::default().max_file_bytes;
        paths.iter().find_map(|p| {
            if let Some(place) = p.strip_suffix('/') {
                let parts = image_set(place)?.read_parts(limit).ok()?;
                return (crate::pipeline::doc_id_of_parts(&parts).0 == doc_id).then_some(Source::Set {
                    parts,
                    next_part: 0,
                    pages: Vec::new(),
                });
            }
            let input = match p.split_once("!/") {
                Some((archive, member)) if Path::new(archive).is_file() => {
                    Input::ZipMember { archive: PathBuf::from(archive), member: member.to_string() }
                }
                _ => Input::File(PathBuf::from(p)),
            };
            let bytes = input.read(limit).ok()?;
            (crate::pipeline::doc_id(&bytes).0 == doc_id).then_some(Source::File(bytes))
        })
    }

    /// Page `page` (1-based) as rasterised for OCR: its raster and its size in
    /// points (`ocr::page_as_recorded` then makes it the image OCR read). The
    /// one place the report rasterises pages. A set's pictures are decoded in
    /// order as far as the page, numbered as `pipeline::process_image_set`
    /// numbers them (a picture that cannot be decoded has no page): ask in
    /// page order.
    fn page_image(&mut self, file_name: &str, page: usize) -> Option<(image::GrayImage, f32, f32)> {
        let i = page.checked_sub(1)?;
        match self {
            Source::Set { parts, next_part, pages } => {
                while pages.len() <= i && *next_part < parts.len() {
                    pages.extend(crate::ocr::image_file_pages_dpi(&std::mem::take(&mut parts[*next_part])).unwrap_or_default());
                    *next_part += 1;
                }
                let p = pages.get(i)?;
                let (w, h) = p.size_pt();
                Some((p.image.clone(), w, h))
            }
            Source::File(bytes) if crate::pipeline::is_image_name(file_name) => {
                let p = crate::ocr::image_file_pages_dpi(bytes).ok()?.into_iter().nth(i)?;
                let (w, h) = p.size_pt();
                Some((p.image, w, h))
            }
            Source::File(bytes) => {
                let opts = crate::pipeline::Options::default();
                let doc = crate::pdf::open(bytes, &opts.limits).ok()?;
                let size = doc.page(page).ok()?;
                let img = doc.page_raster(page, opts.max_pixels).ok()??;
                Some((img, size.width, size.height))
            }
        }
    }
}

/// The picture set of `place` (a folder, or `archive.zip!/folder`) as ingest
/// found it with `--images-as-document`.
fn image_set(place: &str) -> Option<Input> {
    let root = PathBuf::from(place.split_once("!/").map_or(place, |(archive, _)| archive));
    let (inputs, _) = super::inputs::collect(&[root], true).ok()?;
    inputs.into_iter().find(|i| matches!(i, Input::ImageSet { .. }) && i.display() == format!("{place}/"))
}
