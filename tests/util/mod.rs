//! Helpers for the integration tests: a temp dataset per test, running the
//! `iki` binary, and reading its records back into the strict Rust types.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use iki::record::DocumentRecord;

pub mod others;
pub mod photo;
pub mod searchable;
pub mod typeset;

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
        let rec: DocumentRecord =
            serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{} does not match the record type: {e}", path.display()));
        map.insert(rec.source.file_name.clone(), rec);
    }
    map
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The files of a dataset that must not depend on how the run went: every
/// record, the CSVs, and the manifest's input map (run timestamps aside).
pub fn dataset_snapshot(out: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut snap = std::collections::BTreeMap::new();
    for entry in std::fs::read_dir(out.join("documents")).expect("documents folder") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "json") {
            snap.insert(format!("documents/{}", path.file_name().unwrap().to_string_lossy()), std::fs::read(&path).unwrap());
        }
    }
    for name in ["documents.csv", "blocks.csv", "indicators.csv"] {
        snap.insert(name.to_string(), std::fs::read(out.join(name)).unwrap_or_default());
    }
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).expect("manifest")).expect("manifest JSON");
    snap.insert("manifest.inputs".into(), serde_json::to_vec(&manifest["inputs"]).unwrap());
    snap
}

/// Runs a command with a time limit, returning its output; kills it when the
/// limit is reached (a headless browser can hang).
pub fn run_with_timeout(cmd: &mut Command, secs: u64) -> Output {
    use std::process::Stdio;
    let mut child = cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap_or_else(|e| panic!("cannot start {cmd:?}: {e}"));
    let out_pipe = child.stdout.take().expect("stdout");
    let err_pipe = child.stderr.take().expect("stderr");
    let read = |mut p: Box<dyn std::io::Read + Send>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = p.read_to_end(&mut buf);
            buf
        })
    };
    let (out_t, err_t) = (read(Box::new(out_pipe)), read(Box::new(err_pipe)));
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(secs);
    let status = loop {
        if let Some(s) = child.try_wait().expect("wait") {
            break s;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{cmd:?} did not finish within {secs}s");
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    };
    Output { status, stdout: out_t.join().expect("stdout"), stderr: err_t.join().expect("stderr") }
}

/// The headless browser the report test renders with (Debian's `chromium`,
/// installed by `scripts/install-deps`). Panics with a clear message when it
/// is missing: the test must not pass without it.
pub fn chromium() -> PathBuf {
    for name in ["chromium", "chromium-browser"] {
        if let Ok(paths) = std::env::var("PATH") {
            for dir in std::env::split_paths(&paths) {
                let p = dir.join(name);
                if p.is_file() {
                    return p;
                }
            }
        }
    }
    panic!("chromium is not installed, and the report test needs it to render the HTML report. Run `bash scripts/install-deps` (or `apt-get install chromium`).");
}

/// Runs headless Chromium on `url` with `extra` switches (a fresh profile in
/// `profile`, nothing fetched from the network).
pub fn headless_chromium(profile: &Path, extra: &[String], url: &str) -> Output {
    let mut cmd = Command::new(chromium());
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
    ]);
    cmd.arg(format!("--user-data-dir={}", profile.display()));
    cmd.args(extra);
    cmd.arg(url);
    run_with_timeout(&mut cmd, 180)
}

/// The rows of a CSV file, as column -> value maps.
pub fn csv_rows(path: &Path) -> Vec<std::collections::BTreeMap<String, String>> {
    let mut r = csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let header = r.headers().expect("header").clone();
    r.records().map(|rec| header.iter().zip(rec.expect("row").iter()).map(|(h, v)| (h.to_string(), v.to_string())).collect()).collect()
}
