//! Helpers for the integration tests: a temp dataset per test, running the
//! `iki` binary, and reading its records back into the strict Rust types.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use iki::dataset::record::DocumentRecord;

pub fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(rel)
}

/// A fresh temporary folder, removed when dropped.
pub fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

/// Runs `iki` with the given arguments.
pub fn iki(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_iki")).args(args).output().expect("iki runs")
}

/// `iki ingest <inputs> --out <out> [extra]`, returning the process output.
pub fn ingest(inputs: &[PathBuf], out: &Path, extra: &[&str]) -> Output {
    let mut args: Vec<String> = vec!["ingest".into()];
    args.extend(inputs.iter().map(|p| p.display().to_string()));
    args.push("--out".into());
    args.push(out.display().to_string());
    args.extend(extra.iter().map(|s| s.to_string()));
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    iki(&refs)
}

/// Every record of a dataset, keyed by source file name.
pub fn records(out: &Path) -> std::collections::BTreeMap<String, DocumentRecord> {
    let mut map = std::collections::BTreeMap::new();
    for entry in std::fs::read_dir(out.join("documents")).expect("documents folder") {
        let path = entry.expect("entry").path();
        let bytes = std::fs::read(&path).expect("record file");
        let rec: DocumentRecord = serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{} does not match the record type: {e}", path.display()));
        map.insert(rec.source.file_name.clone(), rec);
    }
    map
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The rows of a CSV file, as column -> value maps.
pub fn csv_rows(path: &Path) -> Vec<std::collections::BTreeMap<String, String>> {
    let mut r = csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let header = r.headers().expect("header").clone();
    r.records().map(|rec| header.iter().zip(rec.expect("row").iter()).map(|(h, v)| (h.to_string(), v.to_string())).collect()).collect()
}
