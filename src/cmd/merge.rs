//! `iki merge <DATASET>... --out <DATASET>`: joins datasets (e.g. the shards of
//! one archive) into one. Records are keyed by doc_id; when two datasets hold
//! the same document, the record of the newer tool version wins, then the
//! first dataset given. Manifests are merged (inputs and runs), and the CSVs
//! rebuilt, all under the output dataset's lock.

use std::process::ExitCode;

use anyhow::Context;

use crate::cli::MergeArgs;
use crate::dataset::Dataset;

pub fn run(args: &MergeArgs) -> anyhow::Result<ExitCode> {
    let out = Dataset::open(&args.out).with_context(|| format!("cannot create the dataset folder {}", args.out.display()))?;
    let _lock = out.lock().context("cannot lock the output dataset")?;
    let mut manifest = out.read_manifest();
    let mut copied = 0;
    for src_path in &args.datasets {
        if !src_path.join("documents").is_dir() {
            anyhow::bail!("{} is not an iki dataset (it has no documents folder)", src_path.display());
        }
        let src = Dataset::open(src_path)?;
        for rec in src.documents()? {
            let keep_existing =
                out.read_document(&rec.doc_id).is_some_and(|old| !newer(&rec.extraction.tool_version, &old.extraction.tool_version));
            if !keep_existing {
                out.write_document(&rec)?;
                copied += 1;
            }
        }
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
    }
    manifest.runs.sort_by(|a, b| a.started.cmp(&b.started).then(a.finished.cmp(&b.finished)));
    manifest.runs.dedup();
    out.write_manifest(&manifest)?;
    let applied = out.rebuild_csvs(args.excel_bom)?;
    eprintln!("iki: merged {} datasets into {} ({copied} records copied)", args.datasets.len(), args.out.display());
    if let Some(s) = applied.summary() {
        eprintln!("iki: {s} (`iki correct` lists the lines not applied)");
    }
    Ok(ExitCode::SUCCESS)
}

/// Is version `a` newer than `b` (dotted numbers)?
fn newer(a: &str, b: &str) -> bool {
    let parse = |v: &str| v.split('.').map(|p| p.parse::<u64>().unwrap_or(0)).collect::<Vec<_>>();
    parse(a) > parse(b)
}
