//! `iki ingest <PATH>... --out <DATASET>`: every PDF under the inputs (files,
//! folders, zip archives) becomes a record in the dataset; the manifest and the
//! CSVs are rebuilt at the end under the dataset's lock.
//!
//! Each record is written (atomically) as soon as its document is done, so a
//! run killed at any moment loses only the documents in flight; running again
//! skips what is already there (same doc_id, same tool version).
//!
//! Exit status: 0 when every document is `ok` or `no_iki`, 1 when any is
//! `partial` or `failed`, 2 when the run itself could not be done.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::process::ExitCode;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use anyhow::{bail, Context};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use crate::cli::IngestArgs;
use crate::cmd::inputs::{self, Input};
use crate::corrections::CorrectedViews;
use crate::dataset::{Dataset, Run};
use crate::error::{DocError, ErrorCode};
use crate::pipeline::{self, OcrMode, Options};
use crate::record::TOOL_VERSION;
use crate::record::{DocumentRecord, Status};

/// (doc_id, SHA-256 hex, byte length) of an input.
type Hashed = (String, String, u64);

pub fn run(args: &IngestArgs) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let started_at = now_iso();
    let (all_inputs, skipped_files) = inputs::collect(&args.inputs, args.images_as_document)?;
    if all_inputs.is_empty() {
        bail!("no PDF files found in the given inputs");
    }
    let dataset = Dataset::open(&args.out).with_context(|| format!("cannot create the dataset folder {}", args.out.display()))?;
    let ocr = if args.no_ocr { OcrMode::Never } else { args.ocr.into() };
    let opts = Options { ocr, ocr_lang: args.ocr_lang.clone(), ..Options::default() };
    let jobs = args.jobs.unwrap_or_else(|| std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)).max(1);
    let pool = rayon::ThreadPoolBuilder::new().num_threads(jobs).build()?;

    // Hash every input (streamed); the same bytes under two names are one document.
    let hashed: Vec<(Input, std::io::Result<Hashed>)> = pool.install(|| {
        all_inputs
            .into_par_iter()
            .map(|i| {
                let h = i.hash(opts.limits.max_file_bytes);
                (i, h)
            })
            .collect()
    });
    let mut by_id: BTreeMap<String, (Input, String, u64)> = BTreeMap::new();
    let mut manifest_inputs: BTreeMap<String, String> = BTreeMap::new();
    let mut unreadable: Vec<DocumentRecord> = Vec::new();
    for (input, h) in hashed {
        match h {
            Ok((id, sha, len)) => {
                if args.shard.is_some_and(|s| !s.takes(&id)) {
                    continue;
                }
                manifest_inputs.insert(input.display(), id.clone());
                by_id.entry(id).or_insert((input, sha, len));
            }
            Err(e) => {
                let (id, sha) = pipeline::doc_id(format!("io-error:{}", input.display()).as_bytes());
                if args.shard.is_some_and(|s| !s.takes(&id)) {
                    continue;
                }
                let err = DocError::new(
                    ErrorCode::IoError,
                    format!("The file could not be read ({e}). Check that it exists and that you may open it, then import it again."),
                );
                manifest_inputs.insert(input.display(), id.clone());
                unreadable.push(pipeline::failed_record(&id, &sha, 0, &input.file_name(), &err));
            }
        }
    }

    let todo: Vec<(&String, &(Input, String, u64))> = by_id
        .iter()
        .filter(|(id, _)| args.force || dataset.read_document(id).is_none_or(|r| r.extraction.tool_version != TOOL_VERSION))
        .collect();
    let already = by_id.len() - todo.len();

    let progress = Progress::new(todo.len(), args.quiet);
    let results: Vec<anyhow::Result<DocumentRecord>> = pool.install(|| {
        todo.par_iter()
            .map(|(id, (input, sha, len))| {
                // Too large is known from the hash, before anything is read.
                let read = if *len > opts.limits.max_file_bytes {
                    Err(std::io::Error::from(std::io::ErrorKind::FileTooLarge))
                } else {
                    input.read_parts(opts.limits.max_file_bytes)
                };
                let rec = match read {
                    Ok(parts) if matches!(input, Input::ImageSet { .. }) => pipeline::process_image_set(&parts, &input.file_name(), &opts),
                    Ok(parts) => pipeline::process(&parts.concat(), &input.file_name(), &opts),
                    Err(e) if e.kind() == std::io::ErrorKind::FileTooLarge => {
                        let err = DocError::new(
                            ErrorCode::TooLarge,
                            format!(
                                "The file is {} MB, above the limit of {} MB. Split it into smaller PDFs and import those.",
                                len >> 20,
                                opts.limits.max_file_bytes >> 20
                            ),
                        );
                        pipeline::failed_record(id, sha, *len, &input.file_name(), &err)
                    }
                    Err(e) => {
                        let err = DocError::new(
                            ErrorCode::IoError,
                            format!(
                                "The file could not be read ({e}). Check that it exists and that you may open it, then import it again."
                            ),
                        );
                        pipeline::failed_record(id, sha, *len, &input.file_name(), &err)
                    }
                };
                dataset.write_document(&rec).with_context(|| format!("cannot write the record of {}", input.display()))?;
                progress.done(&rec, &input.display());
                Ok(rec)
            })
            .collect()
    });
    progress.finish();
    let mut records = Vec::new();
    for r in results {
        records.push(r?);
    }
    for rec in unreadable {
        dataset.write_document(&rec)?;
        progress.done(&rec, &rec.source.file_name);
        records.push(rec);
    }

    let rebuilt = {
        let _lock = dataset.lock().context("cannot lock the dataset")?;
        let mut manifest = dataset.read_manifest();
        manifest.tool = "iki".into();
        manifest.tool_version = TOOL_VERSION.into();
        manifest.schema_version = crate::record::SCHEMA_VERSION;
        manifest.inputs.extend(manifest_inputs);
        manifest.runs.push(Run {
            started: started_at,
            finished: now_iso(),
            inputs: by_id.len(),
            processed: records.len(),
            skipped: already,
        });
        dataset.write_manifest(&manifest)?;
        pool.install(|| dataset.rebuild_csvs(args.excel_bom))?
    };

    let count = |s: Status| records.iter().filter(|r| r.status == s).count();
    let ocr_pages: usize = records.iter().map(|r| r.extraction.ocr_pages.len()).sum();
    eprintln!(
        "iki: {} documents read ({} ok, {} partial, {} failed, {} no_iki; {} to review), {} already in the dataset, {} other files skipped, {} pages OCRed, {:.1}s; CSVs: {}",
        records.len(),
        count(Status::Ok),
        count(Status::Partial),
        count(Status::Failed),
        count(Status::NoIki),
        records.iter().filter(|r| !r.review.is_empty()).count(),
        already,
        skipped_files,
        ocr_pages,
        started.elapsed().as_secs_f32(),
        rebuilt
    );
    if let Some(s) = rebuilt.applied.summary() {
        eprintln!("iki: {s} (`iki correct` lists the lines not applied)");
    }
    let bad = count(Status::Failed) + count(Status::Partial);
    Ok(if bad > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// A progress bar on a terminal; one plain line per document otherwise.
struct Progress {
    bar: Option<ProgressBar>,
    quiet: bool,
}

impl Progress {
    fn new(total: usize, quiet: bool) -> Progress {
        let bar = (!quiet && std::io::stderr().is_terminal()).then(|| {
            let bar = ProgressBar::new(total as u64);
            bar.set_style(
                ProgressStyle::with_template("{bar:40} {pos}/{len} documents, {per_sec}, ETA {eta} {msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            bar
        });
        Progress { bar, quiet }
    }

    fn done(&self, rec: &DocumentRecord, name: &str) {
        match &self.bar {
            Some(bar) => {
                bar.inc(1);
                bar.set_message(format!("({} pages OCRed in the last)", rec.extraction.ocr_pages.len()));
                if rec.status == Status::Failed || rec.status == Status::Partial || !rec.review.is_empty() {
                    bar.println(log_line(rec, name));
                }
            }
            None if !self.quiet => eprintln!("{}", log_line(rec, name)),
            None => {}
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

fn log_line(rec: &DocumentRecord, name: &str) -> String {
    let rows: usize = rec.blocks.iter().map(|b| b.indicators.len()).sum();
    let mut line = format!("{:<8} {} ({} blocks, {} rows)", rec.status.as_str(), name, rec.blocks.len(), rows);
    if let Some(e) = rec.errors.first() {
        line.push_str(&format!(": {} - {}", e.code, e.message));
    }
    if let Some(r) = rec.review.first() {
        let more = if rec.review.len() > 1 { format!(" (+{} more)", rec.review.len() - 1) } else { String::new() };
        line.push_str(&format!(" [to review: {r}{more}]"));
    }
    line
}

/// The current UTC time, ISO 8601.
pub fn now_iso() -> String {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::Shard;

    #[test]
    fn shards_split_every_doc_id_exactly_once() {
        let shards: Vec<Shard> = (1..=3).map(|k| format!("{k}/3").parse().unwrap()).collect();
        for i in 0..200u32 {
            let (id, _) = pipeline::doc_id(&i.to_le_bytes());
            assert_eq!(shards.iter().filter(|s| s.takes(&id)).count(), 1);
        }
        assert!("0/3".parse::<Shard>().is_err());
        assert!("4/3".parse::<Shard>().is_err());
        assert!("2".parse::<Shard>().is_err());
    }
}
