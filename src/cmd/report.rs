//! `iki report <DATASET> --out <FILE>`: runs the data-quality checks over the
//! dataset's records and writes
//!
//! - `<DATASET>/quality.csv`, one row per finding; its columns are documented
//!   at `report::quality_csv` (doc_id, block, row, field, check, severity,
//!   message, value), written atomically under the dataset's lock;
//! - `<FILE>`, one self-contained HTML page for office staff (`report::html`).
//!
//! Exit status: 0 when both files were written, 2 when the run could not be
//! done (not a dataset, a file not writable). Findings do not change it.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context};

use rayon::prelude::*;

use crate::cli::ReportArgs;
use crate::dataset::record::DocumentRecord;
use crate::dataset::{write_atomic, Dataset, Manifest};
use crate::report::html::{self, Summary};
use crate::report::{self, checks, Finding, Severity};

pub fn run(args: &ReportArgs) -> anyhow::Result<ExitCode> {
    if !args.dataset.join("documents").is_dir() {
        bail!(
            "{} is not an iki dataset (it has no documents folder). Give the folder that `iki ingest --out` wrote.",
            args.dataset.display()
        );
    }
    let dataset = Dataset::open(&args.dataset).with_context(|| format!("cannot open the dataset {}", args.dataset.display()))?;
    let (docs, summary, manifest, findings) = {
        // Read a consistent state: no ingest writes the manifest meanwhile.
        let _lock = dataset.lock().context("cannot lock the dataset")?;
        read_and_check(&dataset)?
    };

    let csv = report::quality_csv(&findings, args.excel_bom)?;
    let quality = dataset.root().join("quality.csv");
    {
        let _lock = dataset.lock().context("cannot lock the dataset")?;
        write_atomic(&quality, &csv).with_context(|| format!("cannot write {}", quality.display()))?;
    }

    let title = dataset_name(&args.dataset);
    let html = report::html::render(&docs, &summary, &manifest, &findings, &title);
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
/// not the whole dataset's texts (~100 KB of JSON per record).
fn read_and_check(dataset: &Dataset) -> anyhow::Result<(Vec<DocumentRecord>, Summary, Manifest, Vec<Finding>)> {
    let manifest = dataset.read_manifest();
    let names = checks::names_by_doc(&manifest);
    let ids = dataset.doc_ids().context("cannot read the dataset's records")?;
    let (mut docs, mut summary, mut findings) = (Vec::new(), Summary::default(), Vec::new());
    for chunk in ids.chunks(256) {
        let part: Vec<(DocumentRecord, Vec<Finding>)> = chunk
            .par_iter()
            .filter_map(|id| dataset.read_document(id))
            .map(|d| {
                let mut f = Vec::new();
                checks::check_document(&d, names.get(d.doc_id.as_str()).map(Vec::as_slice).unwrap_or(&[]), &mut f);
                (d, f)
            })
            .collect();
        for (mut d, f) in part {
            summary.add(&d);
            html::slim(&mut d);
            docs.push(d);
            findings.extend(f);
        }
    }
    Ok((docs, summary, manifest, findings))
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
