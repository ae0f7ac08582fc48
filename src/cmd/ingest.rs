//! `iki ingest <PATH>... --out <DATASET>`: every PDF under the inputs becomes a
//! record in the dataset; the CSVs and the manifest are rebuilt at the end.
//!
//! Exit status: 0 when every document is `ok` or `no_iki`, 1 when any is
//! `partial` or `failed`, 2 when the run itself could not be done.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use anyhow::{bail, Context};
use rayon::prelude::*;

use crate::cli::IngestArgs;
use crate::dataset::record::{DocumentRecord, Status};
use crate::dataset::{Dataset, Run};
use crate::error::{DocError, ErrorCode};
use crate::pipeline::{self, Options, TOOL_VERSION};

/// Extensions read as documents; everything else in a folder is skipped.
const DOCUMENT_EXTENSIONS: &[&str] = &["pdf"];

pub fn run(args: &IngestArgs) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let started_at = now_iso();
    let (files, skipped) = collect_inputs(&args.inputs)?;
    let dataset = Dataset::open(&args.out).with_context(|| format!("cannot create the dataset folder {}", args.out.display()))?;
    let opts = Options { ocr: !args.no_ocr, ..Options::default() };
    let jobs = args.jobs.unwrap_or_else(|| std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)).max(1);
    let pool = rayon::ThreadPoolBuilder::new().num_threads(jobs).build()?;

    // Read and hash every input once; the same bytes under two names are one document.
    let mut by_id: BTreeMap<String, PathBuf> = BTreeMap::new();
    let mut inputs: BTreeMap<String, String> = BTreeMap::new();
    let mut unreadable: Vec<DocumentRecord> = Vec::new();
    for path in &files {
        match std::fs::read(path) {
            Ok(bytes) => {
                let (id, _) = pipeline::doc_id(&bytes);
                inputs.insert(path.display().to_string(), id.clone());
                by_id.entry(id).or_insert_with(|| path.clone());
            }
            Err(e) => {
                let rec = io_error_record(path, &e);
                inputs.insert(path.display().to_string(), rec.doc_id.clone());
                unreadable.push(rec);
            }
        }
    }

    let todo: Vec<(&String, &PathBuf)> = by_id
        .iter()
        .filter(|(id, _)| args.force || dataset.read_document(id).is_none_or(|r| r.extraction.tool_version != TOOL_VERSION))
        .collect();
    let already = by_id.len() - todo.len();

    let results: Vec<anyhow::Result<DocumentRecord>> = pool.install(|| {
        todo.par_iter()
            .map(|(id, path)| {
                let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
                let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                let rec = pipeline::process(&bytes, &name, &opts);
                debug_assert_eq!(&&rec.doc_id, id);
                dataset.write_document(&rec).with_context(|| format!("cannot write the record of {}", path.display()))?;
                if !args.quiet {
                    eprintln!("{}", log_line(&rec, path));
                }
                Ok(rec)
            })
            .collect()
    });
    let mut records = Vec::new();
    for r in results {
        records.push(r?);
    }
    for rec in unreadable {
        dataset.write_document(&rec)?;
        if !args.quiet {
            eprintln!("{}", log_line(&rec, Path::new(&rec.source.file_name)));
        }
        records.push(rec);
    }

    {
        let _lock = dataset.lock().context("cannot lock the dataset")?;
        let mut manifest = dataset.read_manifest();
        manifest.tool = "iki".into();
        manifest.tool_version = TOOL_VERSION.into();
        manifest.schema_version = crate::dataset::record::SCHEMA_VERSION;
        manifest.inputs.extend(inputs);
        manifest.runs.push(Run { started: started_at, finished: now_iso(), inputs: files.len(), processed: records.len(), skipped: already });
        dataset.write_manifest(&manifest)?;
        dataset.rebuild_csvs(args.excel_bom)?;
    }

    let count = |s: Status| records.iter().filter(|r| r.status == s).count();
    let ocr_pages: usize = records.iter().map(|r| r.extraction.ocr_pages.len()).sum();
    eprintln!(
        "iki: {} documents read ({} ok, {} partial, {} failed, {} no_iki), {} already in the dataset, {} other files skipped, {} pages OCRed, {:.1}s",
        records.len(),
        count(Status::Ok),
        count(Status::Partial),
        count(Status::Failed),
        count(Status::NoIki),
        already,
        skipped,
        ocr_pages,
        started.elapsed().as_secs_f32()
    );
    let bad = count(Status::Failed) + count(Status::Partial);
    Ok(if bad > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// Files given directly are taken whatever their name; folders are walked
/// (sorted, symlinks not followed) for documents. Returns (files, skipped count).
fn collect_inputs(inputs: &[PathBuf]) -> anyhow::Result<(Vec<PathBuf>, usize)> {
    let mut files = Vec::new();
    let mut skipped = 0;
    for input in inputs {
        let meta = std::fs::metadata(input).with_context(|| format!("{} does not exist or cannot be opened", input.display()))?;
        if meta.is_dir() {
            walk(input, &mut files, &mut skipped)?;
        } else {
            files.push(input.clone());
        }
    }
    if files.is_empty() {
        bail!("no PDF files found in the given inputs");
    }
    files.sort();
    files.dedup();
    Ok((files, skipped))
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>, skipped: &mut usize) -> anyhow::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir).with_context(|| format!("cannot list {}", dir.display()))?.filter_map(|e| e.ok()).collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let path = e.path();
        let Ok(ft) = e.file_type() else { continue };
        if ft.is_dir() {
            walk(&path, files, skipped)?;
        } else if ft.is_file() {
            let ext = path.extension().and_then(|x| x.to_str()).map(str::to_lowercase).unwrap_or_default();
            if DOCUMENT_EXTENSIONS.contains(&ext.as_str()) {
                files.push(path);
            } else {
                *skipped += 1;
            }
        }
    }
    Ok(())
}

/// A record for a file that could not even be read from disk; its doc_id comes
/// from the path, as there are no bytes to hash.
fn io_error_record(path: &Path, e: &std::io::Error) -> DocumentRecord {
    let mut rec = pipeline::process(&[], &path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(), &Options::default());
    let (id, _) = pipeline::doc_id(format!("io-error:{}", path.display()).as_bytes());
    rec.doc_id = id;
    rec.errors = vec![crate::dataset::record::ErrorRecord {
        code: ErrorCode::IoError.as_str().into(),
        page: None,
        message: DocError::new(ErrorCode::IoError, format!("The file could not be read from disk ({e}). Check that it exists and that you may open it, then import it again.")).message,
    }];
    rec
}

fn log_line(rec: &DocumentRecord, path: &Path) -> String {
    let rows: usize = rec.blocks.iter().map(|b| b.indicators.len()).sum();
    let mut line = format!("{:<8} {} ({} blocks, {} rows)", rec.status.as_str(), path.display(), rec.blocks.len(), rows);
    if let Some(e) = rec.errors.first() {
        line.push_str(&format!(": {} - {}", e.code, e.message));
    }
    line
}

fn now_iso() -> String {
    let secs = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0) as i64;
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", rem / 3600, rem % 3600 / 60, rem % 60)
}
