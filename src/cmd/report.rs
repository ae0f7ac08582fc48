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

use crate::cli::ReportArgs;
use crate::dataset::{write_atomic, Dataset};
use crate::report::{self, Severity};

pub fn run(args: &ReportArgs) -> anyhow::Result<ExitCode> {
    if !args.dataset.join("documents").is_dir() {
        bail!(
            "{} is not an iki dataset (it has no documents folder). Give the folder that `iki ingest --out` wrote.",
            args.dataset.display()
        );
    }
    let dataset = Dataset::open(&args.dataset).with_context(|| format!("cannot open the dataset {}", args.dataset.display()))?;
    let (docs, manifest) = {
        // Read a consistent state: no ingest writes the manifest meanwhile.
        let _lock = dataset.lock().context("cannot lock the dataset")?;
        (dataset.documents().context("cannot read the dataset's records")?, dataset.read_manifest())
    };
    let findings = report::check_all(&docs, &manifest);

    let csv = report::quality_csv(&findings, args.excel_bom)?;
    let quality = dataset.root().join("quality.csv");
    {
        let _lock = dataset.lock().context("cannot lock the dataset")?;
        write_atomic(&quality, &csv).with_context(|| format!("cannot write {}", quality.display()))?;
    }

    let title = dataset_name(&args.dataset);
    let html = report::html::render(&docs, &manifest, &findings, &title);
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
