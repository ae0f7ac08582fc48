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
use crate::dataset::record::{CellBox, DocumentRecord};
use crate::dataset::{corrections, write_atomic, Manifest};
use crate::report::html::{crop_key, CropKey, Review};
use crate::report::{self, Finding, Severity};

pub fn run(args: &ReportArgs) -> anyhow::Result<ExitCode> {
    let dataset = super::open_dataset(&args.dataset)?;
    let (extracted, manifest, fixes_file) = {
        // Read a consistent state: no ingest writes the manifest meanwhile.
        let _lock = dataset.lock().context("cannot lock the dataset")?;
        (
            dataset.documents().context("cannot read the dataset's records")?,
            dataset.read_manifest(),
            dataset.read_corrections().context("cannot read corrections.csv")?,
        )
    };
    let mut docs = extracted.clone();
    let fixes = corrections::apply(&mut docs, fixes_file.as_deref());
    let mut findings = report::check_all(&docs, &manifest);
    for f in &mut findings {
        if let (Some(b), Some(r)) = (f.block, f.row) {
            f.row = Some(fixes.row_of(&f.doc_id, b, r));
        }
    }
    findings.extend(report::correction_findings(&fixes.outcomes));

    let csv = report::quality_csv(&findings, args.excel_bom)?;
    let quality = dataset.root().join("quality.csv");
    {
        let _lock = dataset.lock().context("cannot lock the dataset")?;
        write_atomic(&quality, &csv).with_context(|| format!("cannot write {}", quality.display()))?;
    }

    let title = dataset_name(&args.dataset);
    let review = Review {
        extracted: extracted.iter().map(|d| (d.doc_id.as_str(), d)).collect(),
        outcomes: fixes_file.is_some().then_some(fixes.outcomes.as_slice()),
        crops: crops(&extracted, &findings, &manifest),
    };
    let html = report::html::render(&docs, &manifest, &findings, &review, &title);
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

/// Crops of the scan around every finding's cell on a scanned page, as data
/// URIs. Sources are read once per document; a document whose file is gone
/// or changed gets no crops.
fn crops(extracted: &[DocumentRecord], findings: &[Finding], manifest: &Manifest) -> HashMap<CropKey, String> {
    let by_id: HashMap<&str, &DocumentRecord> = extracted.iter().map(|d| (d.doc_id.as_str(), d)).collect();
    let mut wanted: BTreeMap<&str, Vec<(CropKey, CellBox)>> = BTreeMap::new();
    let mut n = 0;
    for f in findings {
        let Some(d) = by_id.get(f.doc_id.as_str()) else { continue };
        let Some(b) = cell_box(d, f).filter(|b| d.extraction.ocr_pages.contains(&b.page)) else { continue };
        if n < MAX_CROPS {
            wanted.entry(d.doc_id.as_str()).or_default().push((crop_key(f), b));
            n += 1;
        }
    }
    let names = report::checks::names_by_doc(manifest);
    // One document at a time per thread: its page rasters are dropped when done.
    wanted
        .into_par_iter()
        .flat_map_iter(|(id, list)| {
            let bytes = names.get(id).and_then(|paths| source_bytes(id, paths));
            let mut pages: HashMap<usize, Option<(image::GrayImage, f32, f32)>> = HashMap::new();
            let mut out = Vec::new();
            for (key, b) in list {
                let Some(bytes) = &bytes else { break };
                let page = pages.entry(b.page).or_insert_with(|| page_image(bytes, &by_id[id].source.file_name, b.page));
                if let Some(uri) = page.as_ref().and_then(|(img, w, h)| report::crop::crop_data_uri(img, *w, *h, b.bbox)) {
                    out.push((key, uri));
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

/// The bytes of a document's source file: the first input path (file or
/// `archive.zip!/member`) that still holds the same bytes.
fn source_bytes(doc_id: &str, paths: &[&str]) -> Option<Vec<u8>> {
    let limit = crate::pdf::Limits::default().max_file_bytes;
    paths.iter().find_map(|p| {
        let input = match p.split_once("!/") {
            Some((archive, member)) if Path::new(archive).is_file() => {
                Input::ZipMember { archive: PathBuf::from(archive), member: member.to_string() }
            }
            _ => Input::File(PathBuf::from(p)),
        };
        let bytes = input.read(limit).ok()?;
        (crate::pipeline::doc_id(&bytes).0 == doc_id).then_some(bytes)
    })
}

/// One page of a source as the OCR saw it: its raster and its size in points.
/// The one place the report rasterises pages (through OCR's entry point).
fn page_image(bytes: &[u8], file_name: &str, page: usize) -> Option<(image::GrayImage, f32, f32)> {
    let opts = crate::pipeline::Options::default();
    if crate::pipeline::is_image_name(file_name) {
        let p = crate::ocr::image_file_pages_dpi(bytes).ok()?.into_iter().nth(page.checked_sub(1)?)?;
        let (w, h) = p.size_pt();
        return Some((p.image, w, h));
    }
    let doc = crate::pdf::open(bytes, &opts.limits).ok()?;
    let size = doc.page(page).ok()?;
    let img = doc.page_raster(page, opts.max_pixels).ok()??;
    Some((img, size.width, size.height))
}
