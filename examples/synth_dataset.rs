//! Writes a synthetic dataset of N document records, for the scale benchmark
//! (`bench/scale.sh`); not a test.
//!
//! ```sh
//! cargo run --release --example synth_dataset -- N --out DIR [--shards K] [--seed S]
//! ```
//! The records are built from the fixtures' own records: the three digital
//! decrees in `fixtures/digital` are read by the pipeline (no OCR needed), and
//! each synthetic document takes one of them as its model, keeps most of its
//! jabatan blocks and indicator rows (each with a fixed chance, in order), and
//! gets its own place and year: one of ~700 kecamatan in ~40 wilayah, years
//! 2015-2025, the model's kecamatan name replaced by its own in the jabatan,
//! tugas and indicator texts (so `iki compare` sees the same indicator worded
//! with different names, as in real archives). About 5% of the documents are
//! `failed`, 3% `no_iki`, 4% `partial`, 8% were read by OCR (with confidences
//! and review flags). doc_ids are distinct (hashes of the seed and the index).
//!
//! Without `--shards`, DIR is one dataset (records, manifest, CSVs). With
//! `--shards K`, DIR/shards/0 .. DIR/shards/K-1 are K datasets splitting the
//! documents as `iki ingest --shard k/K` would, for `iki merge`.
//!
//! Records are written with plain writes (no fsync per file): this is test
//! data, and a faster generator keeps the benchmark short.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use iki::cli::Shard;
use iki::corrections::CorrectedViews;
use iki::dataset::{Dataset, Manifest, Run};
use iki::pipeline::{self, Options};
use iki::record::TOOL_VERSION;
use iki::record::{DocumentRecord, ErrorRecord, Status};
use rayon::prelude::*;

#[path = "util/rng.rs"]
mod rng;
use rng::Rng;

const SYLLABLES: &[&str] = &[
    "ja", "bung", "kro", "me", "ngan", "ka", "ni", "ga", "ran", "su", "ko", "wi", "sa", "ri", "to", "lo", "pa", "dang", "ba", "tu", "se",
    "ma", "ra", "pu", "jo", "gun", "ting", "ma", "wa", "ngi",
];

/// A place name of 2-3 syllables, capitalised; the same index gives the same name.
fn name(i: usize, salt: u64) -> String {
    let mut r = Rng(i as u64 ^ salt);
    let n = 2 + r.below(2);
    let s: String = (0..n).map(|_| SYLLABLES[r.below(SYLLABLES.len())]).collect();
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

struct Args {
    n: usize,
    out: PathBuf,
    shards: Option<u64>,
    seed: u64,
}

fn args() -> Args {
    let mut a = Args { n: 1000, out: PathBuf::from("synth-dataset"), shards: None, seed: 1 };
    let mut it = std::env::args().skip(1);
    while let Some(x) = it.next() {
        match x.as_str() {
            "--out" => a.out = it.next().expect("--out DIR").into(),
            "--shards" => a.shards = Some(it.next().and_then(|s| s.parse().ok()).expect("--shards K")),
            "--seed" => a.seed = it.next().and_then(|s| s.parse().ok()).expect("--seed S"),
            n => a.n = n.parse().expect("usage: synth_dataset N --out DIR [--shards K] [--seed S]"),
        }
    }
    a
}

/// The fixtures' digital records: the models.
fn models() -> Vec<DocumentRecord> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/digital");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir).expect("fixtures/digital").filter_map(|e| e.ok()).map(|e| e.path()).collect();
    files.sort();
    let opts = Options { ocr: iki::pipeline::OcrMode::Never, ..Options::default() };
    files
        .iter()
        .map(|f| pipeline::process(&std::fs::read(f).expect("fixture"), &f.file_name().unwrap().to_string_lossy(), &opts))
        .filter(|r| !r.blocks.is_empty())
        .collect()
}

/// Synthetic document `i`.
fn synth(i: usize, seed: u64, models: &[DocumentRecord]) -> DocumentRecord {
    let mut r = Rng(seed.wrapping_mul(0x1000_0000_01B3) ^ (i as u64).wrapping_mul(0x9E37_79B9));
    let (doc_id, sha) = pipeline::doc_id(format!("synth:{seed}:{i}").as_bytes());
    let model = &models[r.below(models.len())];
    let kec_i = r.below(700);
    let kecamatan = name(kec_i, 0x6b6563);
    let wilayah = format!("Kabupaten {}", name(kec_i % 40, 0x77696c));
    let tahun = 2015 + r.below(11) as i32;
    let file_name = format!("{}-{tahun}__{i:06}.pdf", kecamatan.to_lowercase());
    let mut d = model.clone();
    d.doc_id = doc_id;
    d.source.sha256 = sha;
    d.source.file_name = file_name.clone();
    d.source.bytes = model.source.bytes + r.below(100_000) as u64;
    let roll = r.below(100);
    if roll < 5 {
        let mut f = pipeline::failed_record(
            &d.doc_id,
            &d.source.sha256,
            d.source.bytes,
            &file_name,
            &iki::error::DocError::new(
                iki::error::ErrorCode::CorruptPdf,
                "The file is damaged: its structure cannot be read. Ask the kecamatan office for the file again.",
            ),
        );
        f.source = d.source;
        return f;
    }
    let old_kec = model.metadata.kecamatan.clone().unwrap_or_default();
    let rename = |s: &str| if old_kec.is_empty() { s.to_string() } else { s.replace(&old_kec, &kecamatan) };
    d.metadata.kecamatan = Some(kecamatan.clone());
    d.metadata.wilayah = Some(wilayah);
    d.metadata.tahun = Some(tahun);
    d.metadata.nomor_sk = Some(format!("188.45/{}/35.07.{:02}/{tahun}", 10 + r.below(900), kec_i % 40));
    d.metadata.tanggal_ditetapkan = Some(format!("{tahun}-{:02}-{:02}", 1 + r.below(12), 1 + r.below(28)));
    if roll < 8 {
        d.status = Status::NoIki;
        d.blocks.clear();
        d.normalizations.clear();
        return d;
    }
    let mut blocks = Vec::new();
    for b in &model.blocks {
        if !r.percent(85) {
            continue;
        }
        let mut b = b.clone();
        b.jabatan = rename(&b.jabatan);
        b.jabatan_normalized = rename(&b.jabatan_normalized);
        b.tugas = b.tugas.iter().map(|t| rename(t)).collect();
        b.indicators.retain(|_| r.percent(90));
        for row in &mut b.indicators {
            row.indikator = row.indikator.as_deref().map(rename);
            row.normalized.indikator = row.normalized.indikator.as_deref().map(rename);
        }
        blocks.push(b);
    }
    if blocks.is_empty() {
        blocks.push(model.blocks[0].clone());
    }
    d.blocks = blocks;
    if roll < 20 {
        // Read by OCR: confidences, and some cells to review.
        d.extraction.method = "ocr".into();
        d.extraction.ocr_pages = (1..=d.source.pages.unwrap_or(1)).collect();
        d.extraction.ocr_mean_confidence = Some(0.55 + r.below(40) as f32 / 100.0);
        for b in &mut d.blocks {
            for row in &mut b.indicators {
                if r.percent(10) {
                    row.review = vec!["formula".into()];
                }
            }
        }
        if roll < 12 {
            d.status = Status::Partial;
            d.errors.push(ErrorRecord {
                code: "page_unreadable".into(),
                page: Some(1 + r.below(d.source.pages.unwrap_or(1))),
                message:
                    "This page could not be read (the scan is too faint or damaged). Scan it again at 300 dpi and import the file again."
                        .into(),
            });
        }
    }
    d
}

fn write_dataset(root: &Path, ids: &[usize], seed: u64, models: &[DocumentRecord]) -> std::io::Result<()> {
    let ds = Dataset::open(root)?;
    let inputs: Vec<(String, String)> = ids
        .par_iter()
        .map(|&i| {
            let d = synth(i, seed, models);
            std::fs::write(ds.document_path(&d.doc_id), iki::dataset::record_json(&d)?)?;
            Ok((format!("/arsip/{}/{}", d.metadata.wilayah.clone().unwrap_or_default(), d.source.file_name), d.doc_id))
        })
        .collect::<std::io::Result<_>>()?;
    let now = iki::cmd::ingest::now_iso();
    let manifest = Manifest {
        tool: "iki".into(),
        tool_version: TOOL_VERSION.into(),
        schema_version: iki::record::SCHEMA_VERSION,
        runs: vec![Run { started: now.clone(), finished: now, inputs: ids.len(), processed: ids.len(), skipped: 0 }],
        inputs: inputs.into_iter().collect::<BTreeMap<_, _>>(),
    };
    ds.write_manifest(&manifest)?;
    ds.rebuild_csvs(false).map(|_| ())
}

fn main() -> std::io::Result<()> {
    let a = args();
    let models = models();
    assert!(!models.is_empty(), "no fixture record with blocks");
    let t = std::time::Instant::now();
    let all: Vec<usize> = (0..a.n).collect();
    match a.shards {
        None => write_dataset(&a.out, &all, a.seed, &models)?,
        Some(k) => {
            let ids: Vec<String> = all.iter().map(|&i| pipeline::doc_id(format!("synth:{}:{i}", a.seed).as_bytes()).0).collect();
            for s in 1..=k {
                let shard = Shard { k: s, n: k };
                let mine: Vec<usize> = all.iter().copied().filter(|&i| shard.takes(&ids[i])).collect();
                write_dataset(&a.out.join("shards").join((s - 1).to_string()), &mine, a.seed, &models)?;
            }
        }
    }
    eprintln!("synth_dataset: {} documents written to {} in {:.1}s", a.n, a.out.display(), t.elapsed().as_secs_f64());
    Ok(())
}
