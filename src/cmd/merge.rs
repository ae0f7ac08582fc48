//! `iki merge <DATASET>... --out <DATASET>`: joins datasets (e.g. the shards of
//! one archive) into one. Records are keyed by doc_id; when two datasets hold
//! the same document, the record of the newer tool version wins, then the
//! first dataset given. Manifests are merged (inputs and runs), and the CSVs
//! rebuilt, all under the output dataset's lock.
//!
//! At national size (100,000 records, ~9 GB of JSON) a merge is mostly
//! copying, so it reads as little as it can:
//! - each record is taken as it is, not parsed and written again. Only its
//!   head is read (`head`: the first pages, up to its doc_id and tool
//!   version, and its last bytes, to check that it is whole), ~2% of it;
//! - it is hard-linked when the shard is on the same file system (a record
//!   file is never changed in place, see `Dataset::link_document_unsynced`),
//!   else copied, through a temporary name and a rename, on `IO_THREADS`
//!   threads (the work is waiting on the disk);
//! - the new names and copies are flushed to disk once (`syncfs`), not one
//!   fsync per file, before the manifest and the CSVs are written;
//! - a copied record's CSV rows are copied from its shard's CSVs
//!   (`views::rebuild_merged`, streamed by `dataset::stream`), so no record
//!   is parsed whole; unless the output dataset has a `corrections.csv`,
//!   which means a full, corrected rebuild (`rebuild_csvs`).

use std::collections::HashMap;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::Context;
use rayon::prelude::*;
use serde::Deserialize;

use crate::cli::MergeArgs;
use crate::corrections::CorrectedViews;
use crate::dataset::stream::{advise, Advice};
use crate::dataset::Dataset;

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

/// How much of a record `head` reads first: its head (identity, source,
/// status, extraction) is ~1-2 KB; the blocks after it are ~100 KB.
const HEAD_BYTES: usize = 16 << 10;

/// The head of the record file `path` (of `doc_id`), None when it is not a
/// whole record of it. Reads the start of the file, cut before the first
/// top-level field after `extraction` and closed into an object, and checks
/// that the file ends as a record does (`}` and a newline), so a file torn by
/// a copy is not taken; a record whose head is not found in its first
/// `HEAD_BYTES` (another layout, a very long extraction) is read and parsed
/// whole. At 100,000 records this reads ~2 GB less than parsing every record
/// whole, ~10 GB.
fn head(path: &Path, doc_id: &str) -> std::io::Result<Option<Head>> {
    let mut file = File::open(path)?;
    // Only the pages read: the kernel would otherwise read ahead the rest.
    advise(&file, 0, 0, Advice::Random);
    let len = file.metadata()?.len();
    let mut start = vec![0; HEAD_BYTES.min(len as usize)];
    file.read_exact(&mut start)?;
    if let Some(cut) = head_cut(&start) {
        let mut end = [0; 2];
        file.seek(SeekFrom::Start(len.saturating_sub(2)))?;
        file.read_exact(&mut end)?;
        return Ok(if &end == b"}\n" { head_of(&cut, doc_id) } else { None });
    }
    file.read_to_end(&mut start)?;
    Ok(head_of(&start, doc_id))
}

/// The record's first fields up to and with `extraction`, as a JSON object:
/// in the records' layout (`dataset::json`) each top-level field starts a line
/// indented two spaces.
fn head_cut(start: &[u8]) -> Option<Vec<u8>> {
    let find = |from: usize, what: &[u8]| start.get(from..)?.windows(what.len()).position(|w| w == what).map(|p| from + p);
    let extraction = find(0, b"\n  \"extraction\": ")?;
    let next = find(extraction + 1, b"\n  \"")?;
    let mut cut = start[..next].to_vec();
    while cut.last().is_some_and(|b| b.is_ascii_whitespace() || *b == b',') {
        cut.pop();
    }
    cut.extend_from_slice(b"\n}");
    Some(cut)
}

/// Threads that read record heads and link records: each waits on the disk
/// most of the time (~0.1 ms a record), so more threads than cores keep
/// more reads in flight.
const IO_THREADS: usize = 8;

pub fn run(args: &MergeArgs) -> anyhow::Result<ExitCode> {
    let out = Dataset::open(&args.out).with_context(|| format!("cannot create the dataset folder {}", args.out.display()))?;
    let _lock = out.lock().context("cannot lock the output dataset")?;
    let mut manifest = out.read_manifest();
    let unreadable = AtomicUsize::new(0);
    let io_pool = rayon::ThreadPoolBuilder::new().num_threads(IO_THREADS).build()?;
    let mut sources = Vec::new();
    // doc_id -> the source its record was copied from (the last one wins).
    let mut copied_from: HashMap<String, usize> = HashMap::new();
    for (i, src_path) in args.datasets.iter().enumerate() {
        if !src_path.join("documents").is_dir() {
            anyhow::bail!("{} is not an iki dataset (it has no documents folder)", src_path.display());
        }
        let src = Dataset::open(src_path)?;
        let ids = src.doc_ids()?;
        let copied: Vec<Option<String>> = io_pool.install(|| {
            ids.into_par_iter()
                .map(|id| -> anyhow::Result<Option<String>> {
                    let Ok(Some(rec)) = head(&src.document_path(&id), &id) else {
                        unreadable.fetch_add(1, Ordering::Relaxed);
                        return Ok(None);
                    };
                    // No record there yet, or an unreadable one: no head.
                    let keep_existing = head(&out.document_path(&id), &id)
                        .ok()
                        .flatten()
                        .is_some_and(|old| !newer(&rec.extraction.tool_version, &old.extraction.tool_version));
                    if keep_existing {
                        return Ok(None);
                    }
                    out.link_document_unsynced(&id, &src.document_path(&id))
                        .with_context(|| format!("cannot write the record {id} to {}", args.out.display()))?;
                    Ok(Some(id.clone()))
                })
                .collect::<anyhow::Result<_>>()
        })?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::record_json;
    use crate::error::{DocError, ErrorCode};
    use crate::pipeline;
    use crate::record::TOOL_VERSION;

    /// A record of `salt` longer than `HEAD_BYTES`, and its doc_id.
    fn long_record(salt: &str) -> (String, crate::record::DocumentRecord) {
        let (id, sha) = pipeline::doc_id(salt.as_bytes());
        let mut rec = pipeline::failed_record(&id, &sha, 10, "rusak.pdf", &DocError::new(ErrorCode::EmptyFile, "empty"));
        rec.review = (0..1000).map(|i| format!("note {i}: a line that makes the record long")).collect();
        (id, rec)
    }

    #[test]
    fn a_record_s_head_is_read_from_its_start() {
        let dir = tempfile::tempdir().unwrap();
        let (id, rec) = long_record("a");
        let path = dir.path().join("a.json");
        let json = record_json(&rec).unwrap();
        assert!(json.len() > HEAD_BYTES);
        std::fs::write(&path, &json).unwrap();
        let h = head(&path, &id).unwrap().expect("the head of a whole record");
        assert_eq!((h.doc_id.as_str(), h.extraction.tool_version.as_str()), (id.as_str(), TOOL_VERSION));
        // Another document's record under this doc_id's name is not taken.
        assert!(head(&path, "0000000000000000").unwrap().is_none());
        // Neither is a record cut short (a copy that stopped).
        std::fs::write(&path, &json[..json.len() - 100]).unwrap();
        assert!(head(&path, &id).unwrap().is_none());
    }

    #[test]
    fn a_record_in_another_layout_is_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        let (id, rec) = long_record("b");
        let path = dir.path().join("b.json");
        // One line: no top-level field starts a line.
        std::fs::write(&path, serde_json::to_vec(&rec).unwrap()).unwrap();
        let h = head(&path, &id).unwrap().expect("the head of a whole record");
        assert_eq!(h.doc_id, id);
        // Not JSON at all.
        std::fs::write(&path, b"%PDF-1.7 not a record").unwrap();
        assert!(head(&path, &id).unwrap().is_none());
    }
}
