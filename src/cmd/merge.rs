//! `iki merge <DATASET>... --out <DATASET>`: joins datasets (e.g. the shards of
//! one archive) into one. Records are keyed by doc_id; when two datasets hold
//! the same document, the record of the newer tool version wins, then the
//! first dataset given. Manifests are merged (inputs and runs), and the CSVs
//! rebuilt, all under the output dataset's lock.
//!
//! At national size (100,000 records, ~10 GB of JSON) a merge is mostly
//! copying: each record is taken as it is (its bytes, not parsed and written
//! again; only its doc_id and tool version are read, to check it and to pick
//! the newer one), in parallel: hard-linked when the shard is on the same file
//! system (a record file is never changed in place, see
//! `Dataset::link_document_unsynced`), else copied, through a temporary name
//! and a rename; the new names and copies are flushed to disk once at the end
//! (`syncfs`) rather than one fsync per file, before the manifest and the CSVs
//! are written. The CSV rows of a
//! copied record are copied from its shard's CSVs (`views::rebuild_merged`),
//! so no record is parsed whole; unless the output dataset has a
//! `corrections.csv`, which means a full, corrected rebuild (`rebuild_csvs`).

use std::collections::HashMap;
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::Context;
use rayon::prelude::*;
use serde::Deserialize;

use crate::cli::MergeArgs;
use crate::dataset::{with_file_bytes, Dataset};

/// What merge reads of a record: enough to check it and to pick the newer.
#[derive(Deserialize)]
struct Head {
    doc_id: String,
    extraction: HeadExtraction,
}

#[derive(Deserialize)]
struct HeadExtraction {
    tool_version: String,
}

/// The head of a record's JSON, when it parses and is the record of `doc_id`.
fn head_of(bytes: &[u8], doc_id: &str) -> Option<Head> {
    let h: Head = serde_json::from_slice(bytes).ok()?;
    (h.doc_id == doc_id).then_some(h)
}

/// The head of the record `doc_id` already in `ds` (read into its own buffer:
/// it is called while the thread's read buffer holds the record being copied).
fn head(ds: &Dataset, doc_id: &str) -> Option<Head> {
    head_of(&std::fs::read(ds.document_path(doc_id)).ok()?, doc_id)
}

pub fn run(args: &MergeArgs) -> anyhow::Result<ExitCode> {
    let out = Dataset::open(&args.out).with_context(|| format!("cannot create the dataset folder {}", args.out.display()))?;
    let _lock = out.lock().context("cannot lock the output dataset")?;
    let mut manifest = out.read_manifest();
    let unreadable = AtomicUsize::new(0);
    let mut sources = Vec::new();
    // doc_id -> the source its record was copied from (the last one wins).
    let mut copied_from: HashMap<String, usize> = HashMap::new();
    for (i, src_path) in args.datasets.iter().enumerate() {
        if !src_path.join("documents").is_dir() {
            anyhow::bail!("{} is not an iki dataset (it has no documents folder)", src_path.display());
        }
        let src = Dataset::open(src_path)?;
        let copied: Vec<Option<String>> = src
            .doc_ids()?
            .into_par_iter()
            .map(|id| -> anyhow::Result<Option<String>> {
                // The record's bytes sit in the thread's read buffer meanwhile.
                let copy = |bytes: &[u8]| -> anyhow::Result<Option<String>> {
                    let Some(rec) = head_of(bytes, &id) else {
                        unreadable.fetch_add(1, Ordering::Relaxed);
                        return Ok(None);
                    };
                    let keep_existing = out.document_path(&id).exists()
                        && head(&out, &id).is_some_and(|old| !newer(&rec.extraction.tool_version, &old.extraction.tool_version));
                    if keep_existing {
                        return Ok(None);
                    }
                    out.link_document_unsynced(&id, &src.document_path(&id), bytes)
                        .with_context(|| format!("cannot write the record {id} to {}", args.out.display()))?;
                    Ok(Some(id.clone()))
                };
                match with_file_bytes(&src.document_path(&id), copy) {
                    Ok(copied) => copied,
                    Err(_) => {
                        unreadable.fetch_add(1, Ordering::Relaxed);
                        Ok(None)
                    }
                }
            })
            .collect::<anyhow::Result<_>>()?;
        copied_from.extend(copied.into_iter().flatten().map(|id| (id, i)));
        let m = src.read_manifest();
        if manifest.tool.is_empty() {
            manifest.tool = m.tool.clone();
        }
        if newer(&m.tool_version, &manifest.tool_version) {
            manifest.tool_version = m.tool_version.clone();
            manifest.schema_version = m.schema_version;
        }
        manifest.inputs.extend(m.inputs);
        manifest.runs.extend(m.runs);
        sources.push(src);
    }
    out.sync_to_disk().context("cannot flush the copied records to disk")?;
    manifest.runs.sort_by(|a, b| a.started.cmp(&b.started).then(a.finished.cmp(&b.finished)));
    manifest.runs.dedup();
    out.write_manifest(&manifest)?;
    let rebuilt = out.rebuild_merged_csvs(args.excel_bom, &sources, &copied_from)?;
    let unreadable = unreadable.into_inner();
    eprintln!(
        "iki: merged {} datasets into {} ({} records copied{}); CSVs: {rebuilt}",
        args.datasets.len(),
        args.out.display(),
        copied_from.len(),
        if unreadable > 0 { format!(", {unreadable} unreadable records left out") } else { String::new() }
    );
    if let Some(s) = rebuilt.applied.summary() {
        eprintln!("iki: {s} (`iki correct` lists the lines not applied)");
    }
    Ok(ExitCode::SUCCESS)
}

/// Is version `a` newer than `b` (dotted numbers)?
fn newer(a: &str, b: &str) -> bool {
    let parse = |v: &str| v.split('.').map(|p| p.parse::<u64>().unwrap_or(0)).collect::<Vec<_>>();
    parse(a) > parse(b)
}
