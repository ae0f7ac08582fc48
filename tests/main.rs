//! End-to-end tests: the `iki` binary on the PDFs in `fixtures/`.

mod util;

use std::collections::BTreeMap;

use iki::dataset::record::{DocumentRecord, Status};
use util::{csv_rows, fixture, iki, ingest, records, stderr, tempdir};

fn ingest_one(rel: &str) -> DocumentRecord {
    let dir = tempdir();
    let out = ingest(&[fixture(rel)], dir.path(), &["--quiet"]);
    assert!(out.status.code().is_some(), "iki was killed: {}", stderr(&out));
    let mut recs = records(dir.path());
    assert_eq!(recs.len(), 1, "one record expected");
    recs.pop_first().map(|(_, r)| r).expect("one record")
}

fn rows(rec: &DocumentRecord) -> usize {
    rec.blocks.iter().map(|b| b.indicators.len()).sum()
}

/// Browser-printed decree: Identity-H and Type 3 fonts, bordered tables, stacked
/// fractions, numbered `1. Jabatan :` blocks, superiors in parentheses.
#[test]
fn digital_chromium_jabung_is_read_whole() {
    let rec = ingest_one("digital/jabung-2022__digital-chromium.pdf");
    assert_eq!(rec.status, Status::Ok);
    assert_eq!(rec.extraction.method, "text");
    assert_eq!(rec.source.pages, Some(16));
    let m = &rec.metadata;
    assert_eq!(m.jenis.as_deref(), Some("IKI"));
    assert_eq!(m.wilayah.as_deref(), Some("Kabupaten Malang"));
    assert_eq!(m.kecamatan.as_deref(), Some("Jabung"));
    assert_eq!(m.nomor_sk.as_deref(), Some("188.4/ 02 /KEP/35.07.17/2022"));
    assert_eq!(m.tanggal_ditetapkan.as_deref(), Some("2022-01-24"));
    assert_eq!(m.tahun, Some(2022));
    assert_eq!(m.camat.as_deref(), Some("Drs. HADI SUCIPTO. M. AP."));

    assert_eq!(rec.blocks.len(), 21);
    assert!(rec.blocks.iter().all(|b| b.indicators.len() == 1), "each jabatan has one indicator row");
    let sek = &rec.blocks[0];
    assert_eq!(sek.jabatan, "SEKRETARIS KECAMATAN");
    assert_eq!(sek.role, "sekretaris_kecamatan");
    assert_eq!(sek.tugas.len(), 2);
    assert_eq!(sek.fungsi.len(), 9);
    assert!(sek.fungsi[0].starts_with("Program Penunjang Urusan Pemerintahan Daerah"));
    assert_eq!(sek.columns, ["SASARAN/KINERJA UTAMA", "INDIKATOR KINERJA UTAMA", "PENJELASAN/FORMULASI PENGHITUNGAN", "SUMBER DATA"]);
    let row = &sek.indicators[0];
    assert_eq!(row.sasaran.as_deref(), Some("Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota"));
    // The stacked fraction, read as one line.
    assert_eq!(row.formula.as_deref(), Some("Σ jumlah yang disusun / Σ jumlah dalam satu tahun × 100%"));
    assert_eq!(row.formula_kind, "ratio_percent");
    assert_eq!(row.numerator.as_deref(), Some("jumlah yang disusun"));
    assert_eq!(row.denominator.as_deref(), Some("jumlah dalam satu tahun"));
    assert_eq!(
        row.sumber_data.as_deref(),
        Some("Subag. Umum, Kepegawaian, Keuangan, dan Aset dan Subag. Perencanaan, Evaluasi dan Pelaporan")
    );

    let pranata = &rec.blocks[8];
    assert_eq!(pranata.jabatan, "PRANATA PERLINDUNGAN MASYARAKAT");
    assert_eq!(pranata.unit.as_deref(), Some("Kasi Ketentraman dan Ketertiban"));
    assert_eq!(pranata.role, "pelaksana");

    // Spelling is corrected beside the source words, with provenance.
    let kasi = &rec.blocks[1].indicators[0];
    assert!(kasi.indikator.as_deref().unwrap().starts_with("Prosentase"));
    assert!(kasi.normalized.indikator.as_deref().unwrap().starts_with("Persentase"));
    assert!(rec
        .normalizations
        .iter()
        .any(|n| n.path == "blocks[1].indicators[0].indikator" && n.from == "Prosentase" && n.to == "Persentase"));
}

/// Office export with `1 Jabatan` labels broken over two lines, merged sasaran
/// cells spanning several rows, and formulas written on one line.
#[test]
fn digital_office_kromengan_repeats_merged_sasaran() {
    let rec = ingest_one("digital/kromengan-2019__digital-office.pdf");
    assert_eq!(rec.status, Status::Ok);
    assert_eq!(rec.metadata.tanggal_ditetapkan.as_deref(), Some("2019-01"), "only the month is given");
    assert_eq!(rec.metadata.camat.as_deref(), Some("JOANICO DA COSTA, S.Sos., M.M."));
    assert_eq!(rec.blocks.len(), 19);
    assert_eq!(rows(&rec), 38);
    let sek = &rec.blocks[0];
    assert_eq!(sek.jabatan, "Sekretaris Kecamatan Kromengan");
    assert_eq!(sek.jabatan_normalized, "Sekretaris Kecamatan");
    assert_eq!(sek.indicators.len(), 3);
    let sasaran = sek.indicators[0].sasaran.clone().unwrap();
    assert!(sasaran.starts_with("Meningkatkan produktifitas kinerja Aparatur Kecamatan"));
    assert!(sek.indicators.iter().all(|r| r.sasaran.as_deref() == Some(sasaran.as_str())), "a merged cell is repeated on every row");
    assert_eq!(sek.indicators[2].formula.as_deref(), Some("Σ Pengajuan yang dicairkan / Σ Pengajuan yang seharusnya cair × 100%"));
    let pem = &rec.blocks[1];
    assert_eq!(pem.jabatan, "Seksi Pemerintahan Kecamatan Kromengan");
    assert_eq!(pem.role, "kasi_pemerintahan");
    assert_eq!(pem.tugas.len(), 8);
    assert_eq!(pem.fungsi.len(), 3);
    // "3. Fungsi" broken over two lines leaves its dot before the second item.
    assert_eq!(sek.fungsi.len(), 7, "{:?}", sek.fungsi);
    assert_eq!(sek.fungsi[1], "Pengelolaan urusan administrasi kepegawaian, kesejahteraan dan pendidikan pelatihan pegawai;");
    // A merged sasaran cut by the page break (its two rows were not) is whole on both rows.
    let sep = &rec.blocks[7];
    assert_eq!(sep.jabatan, "Sub Bagian Perencanaan, Evaluasi dan Pelaporan Kecamatan Kromengan");
    let texts: Vec<(usize, Option<&str>)> = sep.indicators.iter().map(|r| (r.page, r.sasaran.as_deref())).collect();
    let whole = Some("Kualitas penyusunan dokumen perencanaan dan pelaporan.");
    assert_eq!(texts, [(9, whole), (10, whole)]);
}

/// Unnumbered `JABATAN :` blocks, tables running over pages with repeated
/// headers, lists inside cells, rows without a data source.
#[test]
fn digital_office_kanigaran_joins_tables_over_pages() {
    let rec = ingest_one("digital/kanigaran-2024__digital-office.pdf");
    assert_eq!(rec.status, Status::Ok);
    assert_eq!(rec.metadata.wilayah.as_deref(), Some("Kota Probolinggo"));
    assert_eq!(rec.metadata.tanggal_ditetapkan.as_deref(), Some("2024-01-24"));
    assert_eq!(rec.blocks.len(), 31);
    let sek = &rec.blocks[0];
    assert_eq!(sek.jabatan, "SEKRETARIS KECAMATAN");
    assert_eq!(sek.tugas.len(), 9);
    assert_eq!(sek.indicators.len(), 2, "the row cut by the page break is one row");
    let f = sek.indicators[1].formula.as_deref().unwrap();
    assert!(f.starts_with("f(x) = Σ Dokumen Perencanaan"), "{f}");
    // Items before and after the break (this export numbers them twice: "4. 4. Dokumen KUA").
    assert!(f.contains("Dokumen KUA; 5. 5. Dokumen RAPBD"), "list joined across the page break: {f}");
    assert!(f.ends_with("15. Evaluasi dan Pengukuran Kinerja Triwulan IV"), "{f}");
    assert_eq!(sek.indicators[1].page, 4);
    // This export draws a closed border on a cut row, so a table reaching the
    // bottom margin is taken as cut: its rest ("Musrenbang Kecamatan ...") joins
    // the row above...
    let pmd = &rec.blocks[15];
    assert_eq!(pmd.jabatan, "Kepala Seksi Pemberdayaan Masyarakat");
    assert_eq!(pmd.indicators.len(), 4);
    assert_eq!(
        pmd.indicators[1].indikator.as_deref(),
        Some("Jumlah Kegiatan Musrenbang Kecamatan dan Kelurahan yang dilaksanakan sesuai standart")
    );
    // ...but a row that starts afresh on the next page ("Meningkatnya ...") stays a row.
    let pem = &rec.blocks[10];
    assert!(pem.jabatan.starts_with("Pengelola Administrasi Pemerintahan pada Seksi Pemerintahan Kecamatan"), "{}", pem.jabatan);
    let rows: Vec<&str> = pem.indicators.iter().map(|r| r.indikator.as_deref().unwrap_or("")).collect();
    assert_eq!(rows.len(), 4, "{rows:?}");
    assert_eq!(rows[1], "Ketersediaan data / jumlah dokumen pemerintahan");
    assert_eq!(rows[2], "Kegiatan pembinaan dan sosialisai pemerintahan yang dilaksanakan");
    for b in &rec.blocks {
        for r in &b.indicators {
            assert_ne!(r.indikator.as_deref(), Some("INDIKATOR KINERJA"), "a repeated header is not a row");
        }
    }
    let adm = &rec.blocks[2];
    assert!(adm.jabatan.starts_with("Pengadministrasi Umum pada Sub Bagian Tata Usaha"));
    assert_eq!(adm.role, "pelaksana");
    assert_eq!(adm.indicators.len(), 5);
    assert_eq!(adm.indicators[1].sumber_data, None, "an empty cell stays empty");
    assert_eq!(rec.blocks.iter().filter(|b| b.role == "other").count(), 0);
}

/// Every bad input gets a record with a code and a message; the batch goes on
/// and the exit status says that some documents failed.
#[test]
fn broken_inputs_get_clear_records_and_the_batch_goes_on() {
    let dir = tempdir();
    let out = ingest(&[fixture("broken")], dir.path(), &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let recs = records(dir.path());
    let expect: BTreeMap<&str, (Status, Option<&str>)> = [
        ("empty.pdf", (Status::Failed, Some("empty_file"))),
        ("catatan-rapat.pdf", (Status::Failed, Some("not_pdf"))),
        ("foto-sk-camat.pdf", (Status::Failed, Some("not_pdf"))),
        ("kanigaran-2024__user-password.pdf", (Status::Failed, Some("encrypted_pdf"))),
        ("kanigaran-2024__truncated.pdf", (Status::Failed, Some("truncated_pdf"))),
        ("kromengan-2019__bad-xref.pdf", (Status::Ok, None)),
        ("kromengan-2019__owner-password.pdf", (Status::Ok, None)),
        ("jabung-2022__decree-only.pdf", (Status::NoIki, None)),
        ("jabung-2022__duplicate.pdf", (Status::Ok, None)),
    ]
    .into_iter()
    .collect();
    assert_eq!(recs.len(), expect.len());
    for (name, (status, code)) in expect {
        let rec = recs.get(name).unwrap_or_else(|| panic!("no record for {name}"));
        assert_eq!(rec.status, status, "{name}");
        assert_eq!(rec.errors.first().map(|e| e.code.as_str()), code, "{name}");
        for e in &rec.errors {
            assert!(e.message.len() > 40 && e.message.contains('.'), "{name}: the message should tell staff what to do: {}", e.message);
        }
    }
    assert_eq!(rows(&recs["kromengan-2019__bad-xref.pdf"]), 38);
    assert_eq!(rows(&recs["kromengan-2019__owner-password.pdf"]), 38);
    assert_eq!(recs["jabung-2022__decree-only.pdf"].metadata.kecamatan.as_deref(), Some("Jabung"));
}

/// The same bytes under two names are one document; the manifest keeps both names.
#[test]
fn duplicate_files_are_one_document() {
    let dir = tempdir();
    let a = fixture("broken/jabung-2022__duplicate.pdf");
    let b = tempdir();
    let copy = b.path().join("salinan.pdf");
    std::fs::copy(&a, &copy).unwrap();
    let out = ingest(&[a.clone(), copy.clone()], dir.path(), &["--quiet"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(records(dir.path()).len(), 1);
    let manifest: serde_json::Value = serde_json::from_slice(&std::fs::read(dir.path().join("manifest.json")).unwrap()).unwrap();
    let inputs = manifest["inputs"].as_object().unwrap();
    assert_eq!(inputs[&a.display().to_string()], inputs[&copy.display().to_string()]);
}

/// Every record written for the fixtures validates against the JSON Schema in
/// `schemas/`, and the CSVs hold one row per document, block and indicator.
#[test]
fn records_match_the_schema_and_csvs_match_the_records() {
    let dir = tempdir();
    ingest(&[fixture("digital"), fixture("broken")], dir.path(), &["--quiet"]);
    let schema: serde_json::Value = serde_json::from_str(include_str!("../schemas/document.schema.json")).expect("schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let mut n = 0;
    for entry in std::fs::read_dir(dir.path().join("documents")).unwrap() {
        let v: serde_json::Value = serde_json::from_slice(&std::fs::read(entry.unwrap().path()).unwrap()).unwrap();
        let errors: Vec<String> = validator.iter_errors(&v).map(|e| format!("{} at {}", e, e.instance_path)).collect();
        assert!(errors.is_empty(), "{}: {errors:?}", v["source"]["file_name"]);
        n += 1;
    }
    assert_eq!(n, 12);
    let recs = records(dir.path());
    // No misspelled percentage left in any normalized field; every block has a role.
    for rec in recs.values() {
        for b in &rec.blocks {
            assert_ne!(b.role, "other", "{}", b.jabatan);
            for r in &b.indicators {
                let n = &r.normalized;
                for t in [&n.sasaran, &n.indikator, &n.formula, &n.sumber_data].into_iter().flatten() {
                    let l = t.to_lowercase();
                    assert!(!l.contains("prosentase") && !l.contains("presentase"), "{t}");
                }
                assert_eq!(r.numerator.is_some(), r.formula_kind == "ratio_percent", "{:?}", r.formula);
            }
        }
    }
    let count = |name: &str| csv::Reader::from_path(dir.path().join(name)).unwrap().records().count();
    assert_eq!(count("documents.csv"), recs.len());
    assert_eq!(count("blocks.csv"), recs.values().map(|r| r.blocks.len()).sum::<usize>());
    assert_eq!(count("indicators.csv"), recs.values().map(rows).sum::<usize>());
}

/// Running again is a no-op; with --force the records are rebuilt and the CSVs
/// come out byte-identical.
#[test]
fn reingest_is_idempotent() {
    let dir = tempdir();
    let input = [fixture("digital")];
    assert_eq!(ingest(&input, dir.path(), &["--quiet"]).status.code(), Some(0));
    let before = std::fs::read(dir.path().join("indicators.csv")).unwrap();
    let again = ingest(&input, dir.path(), &[]);
    assert!(stderr(&again).contains("3 already in the dataset"), "{}", stderr(&again));
    ingest(&input, dir.path(), &["--force", "--quiet"]);
    assert_eq!(std::fs::read(dir.path().join("indicators.csv")).unwrap(), before);
    let m: serde_json::Value = serde_json::from_slice(&std::fs::read(dir.path().join("manifest.json")).unwrap()).unwrap();
    assert_eq!(m["runs"].as_array().unwrap().len(), 3);
}

/// PDFs inside a zip archive are read without unpacking; their records name the
/// archive member.
#[test]
fn zip_archives_are_read_in_place() {
    use std::io::Write;
    let tmp = tempdir();
    let archive = tmp.path().join("kiriman.zip");
    let mut z = zip::ZipWriter::new(std::fs::File::create(&archive).unwrap());
    for name in ["digital/kromengan-2019__digital-office.pdf", "broken/catatan-rapat.pdf"] {
        z.start_file(format!("2019/{name}"), zip::write::SimpleFileOptions::default()).unwrap();
        z.write_all(&std::fs::read(fixture(name)).unwrap()).unwrap();
    }
    z.start_file("2019/daftar.xlsx", zip::write::SimpleFileOptions::default()).unwrap();
    z.write_all(b"not a document").unwrap();
    z.finish().unwrap();
    let dir = tempdir();
    let out = ingest(std::slice::from_ref(&archive), dir.path(), &[]);
    assert_eq!(out.status.code(), Some(1), "one member is not a PDF: {}", stderr(&out));
    assert!(stderr(&out).contains("1 other files skipped"), "{}", stderr(&out));
    let recs = records(dir.path());
    assert_eq!(recs["kromengan-2019__digital-office.pdf"].blocks.len(), 19);
    assert_eq!(recs["catatan-rapat.pdf"].errors[0].code, "not_pdf");
    let manifest: serde_json::Value = serde_json::from_slice(&std::fs::read(dir.path().join("manifest.json")).unwrap()).unwrap();
    let key = format!("{}!/2019/digital/kromengan-2019__digital-office.pdf", archive.display());
    assert_eq!(manifest["inputs"][&key], serde_json::json!(recs["kromengan-2019__digital-office.pdf"].doc_id));
}

/// Kill the process (SIGKILL) at several moments, then run again: the dataset
/// ends up equal to that of an uninterrupted run.
#[test]
fn killed_runs_resume_to_the_same_dataset() {
    let inputs = [fixture("digital"), fixture("broken"), fixture("scanned")];
    let reference = tempdir();
    ingest(&inputs, reference.path(), &["--quiet"]);
    let expected = util::dataset_snapshot(reference.path());

    let dir = tempdir();
    let mut args: Vec<String> = vec!["ingest".into()];
    args.extend(inputs.iter().map(|p| p.display().to_string()));
    args.extend(["--out".into(), dir.path().display().to_string(), "--quiet".into()]);
    let mut killed = 0;
    for ms in [150u64, 600, 1500, 3000] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_iki"))
            .args(&args)
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("iki starts");
        std::thread::sleep(std::time::Duration::from_millis(ms));
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap(); // SIGKILL
            killed += 1;
        }
        child.wait().unwrap();
    }
    assert!(killed >= 2, "the runs should have been killed mid-way (killed {killed})");
    ingest(&inputs, dir.path(), &["--quiet"]);
    assert_eq!(util::dataset_snapshot(dir.path()), expected);
}

/// Two processes writing one dataset at once lose nothing and tear nothing.
#[test]
fn two_writers_share_a_dataset() {
    let dir = tempdir();
    let spawn = |input: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_iki"))
            .args(["ingest", &fixture(input).display().to_string(), "--out", &dir.path().display().to_string(), "--quiet"])
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("iki starts")
    };
    let (mut a, mut b) = (spawn("digital"), spawn("broken"));
    a.wait().unwrap();
    b.wait().unwrap();
    let recs = records(dir.path());
    assert_eq!(recs.len(), 12, "3 digital + 9 broken records");
    let count = |name: &str| csv::Reader::from_path(dir.path().join(name)).unwrap().records().count();
    assert_eq!(count("documents.csv"), 12);
    assert_eq!(count("indicators.csv"), recs.values().map(rows).sum::<usize>());
    let m: serde_json::Value = serde_json::from_slice(&std::fs::read(dir.path().join("manifest.json")).unwrap()).unwrap();
    assert_eq!(m["inputs"].as_object().unwrap().len(), 12);
    assert_eq!(m["runs"].as_array().unwrap().len(), 2);
}

/// Imports into an existing dataset rebuild the CSVs from the records that
/// changed (added, re-read, removed), byte for byte what a full rebuild gives.
#[test]
fn imports_rebuild_the_csvs_from_what_changed() {
    let dir = tempdir();
    let csvs = || ["documents.csv", "blocks.csv", "indicators.csv"].map(|f| std::fs::read(dir.path().join(f)).unwrap());
    let out = ingest(&[fixture("digital")], dir.path(), &["--quiet"]);
    assert!(stderr(&out).contains("CSVs: rebuilt from all 3 records"), "{}", stderr(&out));
    let out = ingest(&[fixture("broken")], dir.path(), &["--quiet"]);
    assert!(stderr(&out).contains("CSVs: 9 of 12 records rendered again"), "{}", stderr(&out));
    let out = ingest(&[fixture("digital/jabung-2022__digital-chromium.pdf")], dir.path(), &["--quiet", "--force"]);
    assert!(stderr(&out).contains("CSVs: 1 of 12 records rendered again"), "{}", stderr(&out));
    // A record removed by hand leaves the views at the next import.
    let gone = records(dir.path())["kromengan-2019__digital-office.pdf"].doc_id.clone();
    std::fs::remove_file(dir.path().join("documents").join(format!("{gone}.json"))).unwrap();
    let out = ingest(&[fixture("broken/empty.pdf")], dir.path(), &["--quiet"]);
    assert!(stderr(&out).contains("CSVs: 0 of 11 records rendered again"), "{}", stderr(&out));
    let incremental = csvs();
    assert!(!String::from_utf8_lossy(&incremental[1]).contains(&gone));

    std::fs::remove_file(dir.path().join(".views")).unwrap();
    let out = ingest(&[fixture("broken/empty.pdf")], dir.path(), &["--quiet"]);
    assert!(stderr(&out).contains("CSVs: rebuilt from all 11 records"), "{}", stderr(&out));
    assert_eq!(csvs(), incremental);
}

/// Three shards merged equal one single run.
#[test]
fn three_shards_merged_equal_one_run() {
    let inputs = [fixture("digital"), fixture("broken")];
    let single = tempdir();
    ingest(&inputs, single.path(), &["--quiet"]);
    let shards: Vec<tempfile::TempDir> = (1..=3).map(|_| tempdir()).collect();
    let mut sizes = Vec::new();
    for (k, dir) in shards.iter().enumerate() {
        ingest(&inputs, dir.path(), &["--quiet", "--shard", &format!("{}/3", k + 1)]);
        sizes.push(records(dir.path()).len());
    }
    assert_eq!(sizes.iter().sum::<usize>(), 12, "every document in exactly one shard: {sizes:?}");
    let merged = tempdir();
    let mut args = vec!["merge".to_string()];
    args.extend(shards.iter().map(|d| d.path().display().to_string()));
    args.extend(["--out".into(), merged.path().display().to_string()]);
    let out = util::iki(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(util::dataset_snapshot(merged.path()), util::dataset_snapshot(single.path()));
}

/// A scanned decree is OCRed page by page and read like a digital one.
#[test]
fn scanned_pdf_is_ocred_into_blocks_and_rows() {
    let rec = ingest_one("scanned/kromengan-2019__scanned-p1-3-4.pdf");
    assert_eq!(rec.status, Status::Ok);
    assert_eq!(rec.extraction.method, "ocr");
    assert_eq!(rec.extraction.ocr_pages, [1, 2, 3]);
    assert!(rec.extraction.ocr_mean_confidence.is_some_and(|c| c > 0.8), "{:?}", rec.extraction.ocr_mean_confidence);
    assert_eq!(rec.metadata.kecamatan.as_deref(), Some("Kromengan"));
    assert_eq!(rec.metadata.wilayah.as_deref(), Some("Kabupaten Malang"));
    let jabatan: Vec<&str> = rec.blocks.iter().map(|b| b.jabatan.as_str()).collect();
    assert_eq!(jabatan[..2], ["Sekretaris Kecamatan Kromengan", "Seksi Pemerintahan Kecamatan Kromengan"]);
    let sek = &rec.blocks[0];
    assert_eq!(sek.tugas.len(), 2);
    assert_eq!(sek.fungsi.len(), 7);
    assert_eq!(sek.indicators.len(), 3);
    assert_eq!(sek.indicators[0].indikator.as_deref(), Some("Tingkat kehadiran PNS lingkup kecamatan."));
    assert!(
        sek.indicators[2].formula.as_deref().unwrap().contains("/"),
        "the stacked fraction is rebuilt: {:?}",
        sek.indicators[2].formula
    );
    assert_eq!(rec.blocks[1].indicators.len(), 3);
}

/// Signed decree pages scanned, lampiran digital: only the scanned pages are OCRed.
#[test]
fn mixed_pdf_ocrs_only_the_scanned_pages() {
    let rec = ingest_one("scanned/kromengan-2019__mixed-p1-4.pdf");
    assert_eq!(rec.status, Status::Ok);
    assert_eq!(rec.extraction.method, "mixed");
    assert_eq!(rec.extraction.ocr_pages, [1, 2]);
    assert_eq!(rec.metadata.nomor_sk.as_deref(), Some("188.45/ /35.07.31/2019"), "read from the scanned first page");
    assert_eq!(rec.blocks[0].jabatan, "Sekretaris Kecamatan Kromengan");
    assert_eq!(rec.blocks[0].indicators.len(), 3);
}

/// Without Tesseract, text pages are still read; the record says what to install.
#[test]
fn missing_tesseract_gives_ocr_unavailable_and_a_partial_record() {
    let dir = tempdir();
    let empty_path = tempdir();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_iki"))
        .args([
            "ingest",
            &fixture("scanned/kromengan-2019__mixed-p1-4.pdf").display().to_string(),
            "--out",
            &dir.path().display().to_string(),
            "--quiet",
        ])
        .env("PATH", empty_path.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let rec = records(dir.path()).pop_first().unwrap().1;
    assert_eq!(rec.status, Status::Partial);
    assert_eq!(rec.errors.len(), 1);
    assert_eq!(rec.errors[0].code, "ocr_unavailable");
    assert!(rec.errors[0].message.contains("apt-get install tesseract-ocr"), "{}", rec.errors[0].message);
    assert_eq!(rec.blocks.len(), 3, "the digital pages are still read");
}

/// `--ocr-lang` reaches Tesseract: a language that is not installed fails the
/// scanned pages (each with its page number), and the digital pages are still read.
#[test]
fn ocr_lang_is_handed_to_tesseract() {
    let dir = tempdir();
    let out = ingest(&[fixture("scanned/kromengan-2019__mixed-p1-4.pdf")], dir.path(), &["--ocr-lang", "xxx_not_installed"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let rec = records(dir.path()).pop_first().unwrap().1;
    assert_eq!(rec.status, Status::Partial);
    let failed: Vec<(&str, Option<usize>)> = rec.errors.iter().map(|e| (e.code.as_str(), e.page)).collect();
    assert_eq!(failed, [("ocr_failed", Some(1)), ("ocr_failed", Some(2))]);
    assert!(rec.errors[0].message.contains("xxx_not_installed"), "{}", rec.errors[0].message);
    assert_eq!(rec.blocks.len(), 3, "the digital pages are still read");
}

/// A photographed page given as an image file is read like a scanned PDF.
#[test]
fn image_files_are_documents() {
    let tmp = tempdir();
    let page = tmp.path().join("lampiran-hal-3.png");
    let doc = iki::pdf::open(&std::fs::read(fixture("scanned/kromengan-2019__scanned-p1-3-4.pdf")).unwrap(), &Default::default()).unwrap();
    let img = iki::ocr::page_raster(doc.document(), doc.page_id(2).unwrap(), 60_000_000).unwrap().unwrap();
    img.save(&page).unwrap();
    let dir = tempdir();
    ingest(&[tmp.path().to_path_buf()], dir.path(), &["--quiet"]);
    let rec = records(dir.path()).pop_first().unwrap().1;
    assert_eq!(rec.extraction.method, "ocr");
    assert_eq!(rec.source.pages, Some(1));
    assert_eq!(rec.blocks[0].jabatan, "Sekretaris Kecamatan Kromengan");
    assert_eq!(rec.blocks[0].indicators.len(), 3);
}

/// `iki report` on the digital and broken fixtures: quality.csv holds the known
/// findings, and the HTML page, rendered by headless Chromium, shows its
/// sections, the document counts and the Kromengan count-vs-percentage finding;
/// its screenshot is a real picture, not a blank page.
#[test]
fn report_renders_in_a_headless_browser() {
    let dir = tempdir();
    let ds = dir.path().join("dataset");
    // The same bytes under a second name: a duplicate the report lists.
    let copies = dir.path().join("copies");
    std::fs::create_dir(&copies).unwrap();
    std::fs::copy(fixture("digital/kromengan-2019__digital-office.pdf"), copies.join("salinan-kromengan.pdf")).unwrap();
    ingest(&[fixture("digital"), fixture("broken"), copies.clone()], &ds, &["--quiet"]);
    let html = dir.path().join("report.html");
    let out = util::iki(&["report", ds.to_str().unwrap(), "--out", html.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("12 documents checked"), "{}", stderr(&out));

    // A folder that is not a dataset is refused, and nothing is written there.
    let not_ds = util::iki(&["report", dir.path().join("copies").to_str().unwrap(), "--out", html.to_str().unwrap()]);
    assert_eq!(not_ds.status.code(), Some(2), "{}", stderr(&not_ds));
    assert!(stderr(&not_ds).contains("is not an iki dataset"), "{}", stderr(&not_ds));
    assert!(!copies.join("documents").exists());

    // quality.csv: one row per finding, with the documented columns.
    let mut rdr = csv::Reader::from_path(ds.join("quality.csv")).expect("quality.csv");
    assert_eq!(
        rdr.headers().unwrap().iter().collect::<Vec<_>>(),
        ["doc_id", "block", "row", "field", "check", "severity", "message", "value"]
    );
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
    let id_of = |rel: &str| iki::pipeline::doc_id(&std::fs::read(fixture(rel)).unwrap()).0;
    let kromengan = &id_of("digital/kromengan-2019__digital-office.pdf");
    let kanigaran = &id_of("digital/kanigaran-2024__digital-office.pdf");
    let has = |doc: &str, check: &str| rows.iter().filter(|r| &r[0] == doc && &r[4] == check).count();
    assert_eq!(has(kromengan, "count_with_percent_formula"), 1);
    assert!(has(kanigaran, "missing_sumber_data") >= 5);
    assert_eq!(rows.iter().filter(|r| &r[4] == "document_failed").count(), 5);
    assert_eq!(rows.iter().filter(|r| &r[4] == "no_iki").count(), 1);
    assert_eq!(rows.iter().filter(|r| &r[4] == "duplicate_file").map(|r| &r[0]).collect::<Vec<_>>(), [kromengan.as_str()]);

    // The rendered page's text (after the inline script ran).
    let profile = dir.path().join("profile");
    let url = format!("file://{}", html.display());
    let dom = util::headless_chromium(&profile, &["--dump-dom".into()], &url);
    assert!(dom.status.success(), "chromium --dump-dom failed: {}", stderr(&dom));
    let dom = String::from_utf8_lossy(&dom.stdout).into_owned();
    for id in ["glance", "run", "coverage", "completeness", "consistency", "normalizations", "ocr", "checks"] {
        assert!(dom.contains(&format!("<section id=\"{id}\">")), "section {id} missing");
    }
    for text in
        ["1. The run", "2. Coverage", "3. Completeness per jabatan block", "4. Consistency checks", "5. Normalisations applied", "6. OCR"]
    {
        assert!(dom.contains(text), "heading {text} missing");
    }
    let card = |n: usize, label: &str| format!("<b>{n}</b><span>{label}</span>");
    for (n, label) in [(12, "documents"), (6, "ok"), (0, "partial"), (5, "failed"), (1, "no_iki")] {
        assert!(dom.contains(&card(n, label)), "expected {n} {label}");
    }
    assert!(dom.contains("Jumlah dokumen perencanaan dan laporan kinerja tahunan"), "the Kromengan finding is shown");
    assert!(dom.contains("count_with_percent_formula"));
    assert!(dom.contains("missing_sumber_data"));
    assert!(dom.contains("The PDF is protected with a password"), "a failed document's error in plain words");
    assert!(dom.contains("1 file was given more than once") && dom.contains("salinan-kromengan.pdf"), "the copy of the Kromengan decree");
    assert!(dom.contains("Prosentase") && dom.contains("Persentase"), "normalisations are listed");
    assert!(dom.contains(" rows</span>"), "the filter script ran");

    // The screenshot: decodes, and is not blank.
    let png = dir.path().join("r.png");
    let shot = util::headless_chromium(&profile, &[format!("--screenshot={}", png.display()), "--window-size=1280,2000".into()], &url);
    assert!(shot.status.success(), "chromium --screenshot failed: {}", stderr(&shot));
    let img = image::open(&png).expect("the screenshot is a PNG").to_luma8();
    assert_eq!((img.width(), img.height()), (1280, 2000));
    let n = (img.width() * img.height()) as f64;
    let mean = img.pixels().map(|p| p.0[0] as f64).sum::<f64>() / n;
    let var = img.pixels().map(|p| (p.0[0] as f64 - mean).powi(2)).sum::<f64>() / n;
    assert!(var > 500.0, "the screenshot looks blank (pixel variance {var:.0})");
    let dark = img.pixels().filter(|p| p.0[0] < 100).count() as f64 / n;
    assert!(dark > 0.02, "too little ink on the page ({:.1}% dark pixels)", dark * 100.0);
}

/// `iki compare`: the digital and the scanned reading of the same rows share a
/// group (OCR debris included), an indicator spelled Prosentase in one decree
/// and Persentase in another shares a group, and Jabung's two look-alike
/// indicators stay apart.
#[test]
fn compare_groups_readings_and_keeps_lookalikes_apart() {
    let dir = tempdir();
    let inputs = [
        fixture("digital/kromengan-2019__digital-office.pdf"),
        fixture("scanned/kromengan-2019__scanned-p1-3-4.pdf"),
        fixture("digital/jabung-2022__digital-chromium.pdf"),
    ];
    let out = ingest(&inputs, dir.path(), &["--quiet"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let recs = records(dir.path());
    // A second decree (another kecamatan) writing "Persentase" where Jabung writes "Prosentase".
    let mut other = recs["jabung-2022__digital-chromium.pdf"].clone();
    other.doc_id = "00000000000000aa".into();
    other.source.file_name = "tumpang-2022.pdf".into();
    other.metadata.kecamatan = Some("Tumpang".into());
    for b in &mut other.blocks {
        for r in &mut b.indicators {
            r.indikator = r.indikator.as_ref().map(|t| t.replace("Prosentase", "Persentase"));
        }
    }
    iki::normalize::normalize_record(&mut other);
    iki::dataset::Dataset::open(dir.path()).unwrap().write_document(&other).unwrap();

    let cmp = tempdir();
    let out = iki(&["compare", &dir.path().display().to_string(), "--out", &cmp.path().display().to_string()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rows = csv_rows(&cmp.path().join("indicator_groups.csv"));
    assert_eq!(rows.len(), recs.values().chain([&other]).map(rows_with_indikator).sum::<usize>(), "one row per indicator occurrence");
    let id_of = |name: &str| if name == "tumpang-2022.pdf" { other.doc_id.clone() } else { recs[name].doc_id.clone() };
    let groups_of = |name: &str, starts: &str| -> Vec<String> {
        let id = id_of(name);
        rows.iter().filter(|r| r["doc_id"] == id && r["indikator"].starts_with(starts)).map(|r| r["group_id"].clone()).collect()
    };

    // Digital and scanned readings of the same rows.
    let (digital, scanned) = ("kromengan-2019__digital-office.pdf", "kromengan-2019__scanned-p1-3-4.pdf");
    for row in [
        "Tingkat kehadiran PNS lingkup kecamatan",
        "Jumlah dokumen perencanaan dan laporan kinerja tahunan",
        "Tingkat kelancaran administrasi keuangan",
        "Jumlah laporan kependudukan",
        "Jumlah pembinaan Perangkat Desa",
    ] {
        let (d, s) = (groups_of(digital, row), groups_of(scanned, row));
        assert!(!d.is_empty() && !s.is_empty(), "{row}: read in both");
        assert!(s.iter().all(|g| d.contains(g)), "{row}: the scanned reading is in the digital reading's group");
    }
    let scanned_rows: Vec<&String> = rows.iter().filter(|r| r["doc_id"] == id_of(scanned)).map(|r| &r["group_id"]).collect();
    let digital_groups: Vec<String> = rows.iter().filter(|r| r["doc_id"] == id_of(digital)).map(|r| r["group_id"].clone()).collect();
    let shared = scanned_rows.iter().filter(|g| digital_groups.contains(g)).count();
    assert!(shared * 6 >= scanned_rows.len() * 5, "{shared} of {} scanned rows grouped with a digital reading", scanned_rows.len());

    // Prosentase in one decree, Persentase in another.
    let jabung = "jabung-2022__digital-chromium.pdf";
    let pro = groups_of(jabung, "Prosentase Pemenuhan Pembinaan dan Pengawasan Pemerintah Desa");
    let per = groups_of("tumpang-2022.pdf", "Persentase Pemenuhan Pembinaan dan Pengawasan Pemerintah Desa");
    assert!(!pro.is_empty() && pro.iter().chain(&per).all(|g| *g == pro[0]), "{pro:?} {per:?}");
    let shared_row = rows.iter().find(|r| r["group_id"] == pro[0]).unwrap();
    assert_eq!(shared_row["group_kecamatan_count"], "2");

    // Look-alikes that mean different things.
    let trantib = groups_of(jabung, "Prosentase Pemenuhan dukungan Manajemen Perkantoran untuk Menunjang Koordinasi");
    let umum = groups_of(jabung, "Prosentase Pemenuhan dukungan Manajemen Perkantoran untuk Menunjang Penyelenggaraan Urusan");
    assert!(!trantib.is_empty() && !umum.is_empty());
    assert!(trantib.iter().all(|g| !umum.contains(g)), "kept apart");

    // The matrix: one column per kecamatan, roles and groups as rows.
    let matrix = csv_rows(&cmp.path().join("kecamatan_matrix.csv"));
    let row = matrix.iter().find(|r| r["key"] == pro[0]).expect("group row");
    assert_eq!(row["Kabupaten Malang / Jabung"], "4");
    assert_eq!(row["Kabupaten Malang / Tumpang"], "4");
    let camat_sek = matrix.iter().find(|r| r["dimension"] == "role" && r["key"] == "sekretaris_kecamatan").expect("role row");
    assert_eq!(camat_sek["Kabupaten Malang / Kromengan"], "2", "digital and scanned reading of the decree");

    // Same dataset, same ids.
    let again = tempdir();
    iki(&["compare", &dir.path().display().to_string(), "--out", &again.path().display().to_string(), "--quiet"]);
    assert_eq!(
        std::fs::read(cmp.path().join("indicator_groups.csv")).unwrap(),
        std::fs::read(again.path().join("indicator_groups.csv")).unwrap()
    );
}

fn rows_with_indikator(rec: &DocumentRecord) -> usize {
    rec.blocks.iter().flat_map(|b| &b.indicators).filter(|r| r.indikator.is_some()).count()
}
