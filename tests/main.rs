//! End-to-end tests: the `iki` binary on the PDFs in `fixtures/`.

mod codecs;
mod util;

use std::collections::BTreeMap;

use iki::model::PageSource;
use iki::record::{DocumentRecord, Status};
use image::GrayImage;
use util::{csv_rows, fixture, iki, ingest, records, stderr, tempdir};

fn ingest_one(rel: &str) -> DocumentRecord {
    let dir = tempdir();
    let out = ingest(&[fixture(rel)], dir.path(), &["--quiet"]);
    assert!(out.status.code().is_some(), "iki was killed: {}", stderr(&out));
    let mut recs = records(dir.path());
    assert_eq!(recs.len(), 1, "one record expected");
    recs.pop_first().map(|(_, r)| r).expect("one record")
}

/// The scanned fixture as OCRmyPDF makes it searchable.
const SEARCHABLE: &str = "scanned/kromengan-2019__searchable-p1-3-4.pdf";

/// (page, source) of each page read.
fn sources(rec: &DocumentRecord) -> Vec<(usize, PageSource)> {
    rec.extraction.page_sources.iter().map(|s| (s.page, s.source)).collect()
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
    // Items before and after the break (this export numbers them twice, "4. 4.
    // Dokumen KUA": the number is written once).
    assert!(f.contains("4. Dokumen KUA; 5. Dokumen RAPBD"), "list joined across the page break: {f}");
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
/// `schemas/` (generated from the record types by `iki schema`), a record
/// changed against the contract does not, and the CSVs hold one row per
/// document, block and indicator.
#[test]
fn records_match_the_schema_and_csvs_match_the_records() {
    let dir = tempdir();
    ingest(&[fixture("digital"), fixture("broken")], dir.path(), &["--quiet"]);
    let schema: serde_json::Value = serde_json::from_str(include_str!("../schemas/document.schema.json")).expect("schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let mut n = 0;
    let mut with_rows = None;
    for entry in std::fs::read_dir(dir.path().join("documents")).unwrap() {
        let v: serde_json::Value = serde_json::from_slice(&std::fs::read(entry.unwrap().path()).unwrap()).unwrap();
        let errors: Vec<String> = validator.iter_errors(&v).map(|e| format!("{} at {}", e, e.instance_path)).collect();
        assert!(errors.is_empty(), "{}: {errors:?}", v["source"]["file_name"]);
        if v["blocks"][0]["indicators"][0]["cells"][0].is_object() && v["blocks"][0]["jabatan_box"].is_object() {
            with_rows = Some(v);
        }
        n += 1;
    }
    assert_eq!(n, 12);
    // The schema is no looser than the contract: a wrong type, a value off its
    // list, a field it does not name (at any depth) or a missing one fail.
    let record = with_rows.expect("a record with blocks, rows and boxes");
    type Change = fn(&mut serde_json::Value);
    let changed = |change: Change| {
        let mut v = record.clone();
        change(&mut v);
        validator.is_valid(&v)
    };
    use serde_json::json;
    let breaking: [(&str, Change); 12] = [
        ("blocks a string", |v| v["blocks"] = json!("none")),
        ("an unknown status", |v| v["status"] = json!("done")),
        ("an unknown error code", |v| v["errors"] = json!([{"code": "oops", "page": null, "message": "x"}])),
        ("schema_version 3", |v| v["schema_version"] = json!(3)),
        ("a short doc_id", |v| v["doc_id"] = json!("abc")),
        ("page 0", |v| v["blocks"][0]["indicators"][0]["page"] = json!(0)),
        ("an unknown role", |v| v["blocks"][0]["role"] = json!("lurah_muda")),
        ("a field on the record", |v| v["notes"] = json!("x")),
        ("a field on a block", |v| v["blocks"][0]["notes"] = json!("x")),
        ("a field on a row", |v| v["blocks"][0]["indicators"][0]["target"] = json!("100")),
        ("a field on a cell box", |v| v["blocks"][0]["jabatan_box"]["text"] = json!("x")),
        ("no review", |v| _ = v.as_object_mut().unwrap().remove("review")),
    ];
    for (what, change) in breaking {
        assert!(!changed(change), "a record with {what} passes the schema");
    }
    assert!(changed(|v| v["errors"] = json!([{"code": "page_unreadable", "page": 2, "message": "x"}])), "a page error");
    assert!(changed(|v| v["blocks"][0]["indicators"][0]["extra"] = json!({"TARGET": "100"})), "any header in extra");
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

/// `iki schema` prints the checked-in schema, or writes it with `--out`.
#[test]
fn the_schema_command_writes_the_checked_in_schema() {
    let checked_in = include_str!("../schemas/document.schema.json");
    let out = iki(&["schema"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(out.stdout == checked_in.as_bytes(), "`iki schema` differs from schemas/document.schema.json");
    let dir = tempdir();
    let file = dir.path().join("document.schema.json");
    let out = iki(&["schema", "--out", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
    assert_eq!(std::fs::read_to_string(&file).unwrap(), checked_in);
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

/// A zip bomb (a member of 600 MB of zeros, packed to well under 1 MB) is
/// refused as too large, with its unpacked size, and the rest of the archive
/// is read: the member is hashed up to the limit and never held in memory.
#[test]
fn a_zip_bomb_member_is_refused_at_the_limit() {
    use std::io::Write;
    let tmp = tempdir();
    let archive = tmp.path().join("bom.zip");
    let mut z = zip::ZipWriter::new(std::fs::File::create(&archive).unwrap());
    let deflate = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated).large_file(true);
    z.start_file("sk-besar.pdf", deflate).unwrap();
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..600 {
        z.write_all(&zeros).unwrap();
    }
    z.start_file("sk.pdf", zip::write::SimpleFileOptions::default()).unwrap();
    z.write_all(&std::fs::read(fixture("digital/kromengan-2019__digital-office.pdf")).unwrap()).unwrap();
    z.finish().unwrap();
    assert!(std::fs::metadata(&archive).unwrap().len() < 2 << 20);
    let dir = tempdir();
    let out = ingest(std::slice::from_ref(&archive), dir.path(), &["--quiet"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let recs = records(dir.path());
    let bomb = &recs["sk-besar.pdf"];
    assert_eq!(bomb.errors[0].code, "too_large");
    assert_eq!(bomb.source.bytes, 600 << 20, "the size the archive declares");
    assert!(bomb.errors[0].message.starts_with("The file is 600 MB, above the limit of 512 MB."), "{}", bomb.errors[0].message);
    assert_eq!(recs["sk.pdf"].blocks.len(), 19);
}

/// The Excel flavour (`--excel-bom`) writes a cell that Excel would run as a
/// formula (`=`, `+`, `-`, `@` first: a hostile PDF's `=HYPERLINK(...)`, a
/// decree's list item `- Data SPJ`) with a single quote first, in incremental
/// and full rebuilds alike; the plain CSV keeps the source's text.
#[test]
fn excel_flavour_keeps_formula_like_cells_as_text() {
    let dir = tempdir();
    let ds = dir.path();
    ingest(&[fixture("digital")], ds, &["--quiet", "--excel-bom"]);
    // A record whose cells read like formulas (as a hostile PDF can make them).
    let id = iki::pipeline::doc_id(&std::fs::read(fixture("digital/kanigaran-2024__digital-office.pdf")).unwrap()).0;
    let path = ds.join("documents").join(format!("{id}.json"));
    let mut rec: DocumentRecord = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let hostile = "=HYPERLINK(\"http://example.invalid\",\"klik\")";
    rec.blocks[0].indicators[0].formula = Some(hostile.into());
    rec.blocks[0].indicators[0].sumber_data = Some("- Data SPJ".into());
    rec.blocks[0].jabatan = "@Kasi".into();
    std::fs::write(&path, serde_json::to_vec(&rec).unwrap()).unwrap();
    let formula_like = |c: &str| c.starts_with(['=', '+', '-', '@']);
    let cells = |name: &str| -> Vec<String> {
        let bytes = std::fs::read(ds.join(name)).unwrap();
        let body = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&bytes).to_vec();
        csv::Reader::from_reader(&body[..]).records().flat_map(|r| r.unwrap().iter().map(String::from).collect::<Vec<_>>()).collect()
    };

    // Incremental: the changed record's rows are rendered again, in the Excel flavour.
    let out = iki(&["correct", ds.to_str().unwrap(), "--excel-bom"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let incremental = std::fs::read(ds.join("indicators.csv")).unwrap();
    let excel = cells("indicators.csv");
    assert!(excel.contains(&format!("'{hostile}")) && excel.contains(&"'- Data SPJ".to_string()) && excel.contains(&"'@Kasi".to_string()));
    assert!(!excel.iter().any(|c| formula_like(c)), "no cell Excel would run");
    // A full rebuild gives the same bytes.
    std::fs::remove_file(ds.join(".views")).unwrap();
    iki(&["correct", ds.to_str().unwrap(), "--excel-bom"]);
    assert_eq!(std::fs::read(ds.join("indicators.csv")).unwrap(), incremental);
    // The plain flavour keeps the text as the source wrote it.
    iki(&["correct", ds.to_str().unwrap()]);
    let plain = cells("indicators.csv");
    assert!(plain.contains(&hostile.to_string()) && plain.contains(&"- Data SPJ".to_string()));
    assert!(!plain.iter().any(|c| c.starts_with('\'')));
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
    assert_eq!(sources(&rec), [(1, PageSource::Ocr), (2, PageSource::Ocr), (3, PageSource::Ocr)]);
    assert!(rec.extraction.ocr_mean_confidence.is_some_and(|c| c > 0.8), "{:?}", rec.extraction.ocr_mean_confidence);
    assert_eq!(rec.metadata.wilayah.as_deref(), Some("Kabupaten Malang"));
    assert_reads_kromengan_p1_3_4(&rec);
}

/// What the scanned Kromengan fixture (pages 1, 3, 4) holds, however it was read.
fn assert_reads_kromengan_p1_3_4(rec: &DocumentRecord) {
    assert_eq!(rec.metadata.kecamatan.as_deref(), Some("Kromengan"));
    let jabatan: Vec<&str> = rec.blocks.iter().map(|b| b.jabatan.as_str()).collect();
    assert_eq!(jabatan[..2], ["Sekretaris Kecamatan Kromengan", "Seksi Pemerintahan Kecamatan Kromengan"]);
    let sek = &rec.blocks[0];
    assert_eq!((sek.tugas.len(), sek.fungsi.len(), sek.indicators.len()), (2, 7, 3));
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
    assert_eq!(sources(&rec), [(1, PageSource::Ocr), (2, PageSource::Ocr), (3, PageSource::Text), (4, PageSource::Text)]);
    assert_eq!(rec.metadata.nomor_sk.as_deref(), Some("188.45/ /35.07.31/2019"), "read from the scanned first page");
    // Under the stamp: read again from the signature block with the stamp's gray dropped.
    assert_eq!(rec.metadata.camat.as_deref(), Some("JOANICO DA COSTA, S.Sos., M.M."));
    assert_eq!(rec.metadata.tanggal_ditetapkan.as_deref(), Some("2019-01"));
    assert_eq!(rec.blocks[0].jabatan, "Sekretaris Kecamatan Kromengan");
    assert_eq!(rec.blocks[0].indicators.len(), 3);
}

/// The scanned fixture made searchable by OCRmyPDF (`ocrmypdf -l ind+eng
/// --deskew`): its text layer is kept, the table rulings come from the page
/// image, and it reads like the plain scan. No OCR is needed, so it reads the
/// same without Tesseract.
#[test]
fn searchable_scan_keeps_its_text_layer_and_takes_rulings_from_the_image() {
    let dir = tempdir();
    let no_tesseract = tempdir();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_iki"))
        .args(["ingest", &fixture(SEARCHABLE).display().to_string(), "--out", &dir.path().display().to_string(), "--quiet"])
        .env("PATH", no_tesseract.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rec = records(dir.path()).pop_first().unwrap().1;
    assert_eq!(rec.status, Status::Ok, "{:?}", rec.errors);
    assert_eq!(rec.extraction.method, "text");
    assert!(rec.extraction.ocr_pages.is_empty());
    assert_eq!(sources(&rec), [(1, PageSource::TextImageRules), (2, PageSource::TextImageRules), (3, PageSource::TextImageRules)]);
    assert_reads_kromengan_p1_3_4(&rec);
}

/// In the searchable scan's text layer the ❖ bullets of a list are gone and
/// `;` reads `,`: nothing in the text marks where an item starts. The layout
/// does: the line before an item stops short of the text's right edge, or the
/// item sits a paragraph's spacing further down.
#[test]
fn searchable_scan_list_that_lost_its_bullets_is_split_at_its_paragraphs() {
    let rec = ingest_one(SEARCHABLE);
    let pem = &rec.blocks[1];
    assert_eq!(pem.jabatan, "Seksi Pemerintahan Kecamatan Kromengan");
    assert_eq!(pem.tugas.len(), 8, "{:#?}", pem.tugas);
    assert_eq!(
        pem.tugas[..2],
        [
            "Membantu Camat dalam menyiapkan bahan perumusan kebijakan, perencanaan, pelaksanaan, evaluasi dan pelaporan urusan pemerintahan,",
            "Menyusun program dan melakukan pembinaan penyelenggaraan pemerintahan umum, pemerintahan Desa, Kelurahan dan administrasi keuangan Desa,"
        ]
    );
    // "; dan" wrapped onto a line of its own stays with its item.
    assert_eq!(pem.tugas[6], "Membantu menyusun program dan pembinaan bidang pertanahan, dan");
    assert_eq!(pem.tugas[7], "Melaksanakan tugas lain yang diberikan oleh Camat sesuai dengan bidang tugasnya.");
    // An item that fills its last line: told by the spacing above the next one.
    assert!(pem.tugas[4].ends_with("urusan pertanahan,") && pem.tugas[5].starts_with("Menginventarisasi"), "{:#?}", pem.tugas);
    // The next block's list runs on past the fixture's last page: 7 of its 9 items.
    assert_eq!(rec.blocks[2].tugas.len(), 7, "{:#?}", rec.blocks[2].tugas);
    // A list whose dashes the layer kept reads as before.
    assert_eq!((rec.blocks[0].tugas.len(), rec.blocks[0].fungsi.len(), pem.fungsi.len()), (2, 7, 3));
}

/// `--ocr always` reads the searchable scan's pages again with Tesseract;
/// `--ocr never` (and `--no-ocr`) take the layer as it is, rulings from the image.
#[test]
fn ocr_mode_always_rereads_a_searchable_scan_and_never_keeps_its_layer() {
    for (flags, source) in [
        (&["--ocr", "always"][..], PageSource::Ocr),
        (&["--ocr", "never"], PageSource::TextImageRules),
        (&["--no-ocr"], PageSource::TextImageRules),
    ] {
        let dir = tempdir();
        let out = ingest(&[fixture(SEARCHABLE)], dir.path(), &[&["--quiet"][..], flags].concat());
        assert_eq!(out.status.code(), Some(0), "{flags:?}: {}", stderr(&out));
        let rec = records(dir.path()).pop_first().unwrap().1;
        assert!(sources(&rec).iter().all(|s| s.1 == source), "{flags:?}: {:?}", rec.extraction.page_sources);
        assert_eq!(rec.blocks[0].indicators.len(), 3, "{flags:?}");
    }
}

/// A scan whose invisible text layer is garbled (read with the wrong model, or
/// from a blurred copy) is OCRed again; the record says so.
#[test]
fn searchable_scan_with_a_poor_layer_is_ocred_again() {
    let garbled: Vec<String> =
        (0..30).map(|i| format!("Pcrscntasc pclayanau adrninistrasl kcpcnduduknn {i} ynng dlsclcsaikau tcpat wnktu")).collect();
    let lines: Vec<&str> = garbled.iter().map(String::as_str).collect();
    let tmp = tempdir();
    let pdf = tmp.path().join("lampiran-searchable.pdf");
    std::fs::write(&pdf, util::searchable::scan_with_layer(&fixture("scanned/kromengan-2019__scanned-p1-3-4.pdf"), 2, &lines)).unwrap();
    let dir = tempdir();
    let out = ingest(&[pdf], dir.path(), &["--quiet"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rec = records(dir.path()).pop_first().unwrap().1;
    assert_eq!(sources(&rec), [(1, PageSource::Ocr)]);
    assert_eq!(rec.extraction.ocr_pages, [1]);
    assert_eq!(rec.blocks[0].jabatan, "Sekretaris Kecamatan Kromengan");
    assert_eq!(rec.blocks[0].indicators.len(), 3);
    assert!(!rec.blocks.iter().flat_map(|b| &b.indicators).any(|i| format!("{i:?}").contains("Pcrscntasc")), "the garbled layer is gone");
}

/// A lampiran page scanned at 150 dpi (the 200-dpi scan resampled) reads like
/// the 200-dpi one.
#[test]
fn scan_at_150_dpi_is_read_like_200_dpi() {
    let rec = ingest_one("scanned/kromengan-2019__scanned150-p3.pdf");
    assert_eq!(rec.status, Status::Ok);
    assert_eq!(sources(&rec), [(1, PageSource::Ocr)]);
    let sek = &rec.blocks[0];
    assert_eq!(sek.jabatan, "Sekretaris Kecamatan Kromengan");
    assert_eq!((sek.tugas.len(), sek.fungsi.len(), sek.indicators.len()), (2, 7, 3));
    let indikator: Vec<&str> = sek.indicators.iter().map(|i| i.indikator.as_deref().unwrap_or("")).collect();
    assert_eq!(indikator[0], "Tingkat kehadiran PNS lingkup kecamatan.");
    assert_eq!(indikator[2], "Tingkat kelancaran administrasi keuangan.");
    assert!(sek.indicators.iter().all(|i| i.formula.as_deref().is_some_and(|f| f.contains(" / "))), "every formula is a fraction");
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
    let img = doc.page_raster(2, 60_000_000).unwrap().unwrap();
    img.save(&page).unwrap();
    let dir = tempdir();
    ingest(&[tmp.path().to_path_buf()], dir.path(), &["--quiet"]);
    let rec = records(dir.path()).pop_first().unwrap().1;
    assert_eq!(rec.extraction.method, "ocr");
    assert_eq!(rec.source.pages, Some(1));
    assert_eq!(rec.blocks[0].jabatan, "Sekretaris Kecamatan Kromengan");
    assert_eq!(rec.blocks[0].indicators.len(), 3);
}

/// The (jabatan, sasaran, indikator) of every row.
fn row_texts(rec: &DocumentRecord) -> Vec<(String, Option<String>, Option<String>)> {
    rec.blocks.iter().flat_map(|b| b.indicators.iter().map(|i| (b.jabatan.clone(), i.sasaran.clone(), i.indikator.clone()))).collect()
}

/// Share of the words of the longer of two texts that the other holds too.
fn words_shared(a: &str, b: &str) -> f32 {
    let (wa, wb): (Vec<&str>, Vec<&str>) = (a.split_whitespace().collect(), b.split_whitespace().collect());
    let shared = wa.iter().filter(|w| wb.contains(w)).count().min(wb.iter().filter(|w| wa.contains(w)).count());
    shared as f32 / wa.len().max(wb.len()).max(1) as f32
}

/// The scanned fixture's pages saved as page images into a folder, each
/// through `make`, and read with `--images-as-document`: one document.
fn read_as_page_images(name: &str, make: impl Fn(usize, GrayImage) -> GrayImage) -> DocumentRecord {
    let tmp = tempdir();
    let folder = tmp.path().join(name);
    std::fs::create_dir(&folder).unwrap();
    let doc = iki::pdf::open(&std::fs::read(fixture("scanned/kromengan-2019__scanned-p1-3-4.pdf")).unwrap(), &Default::default()).unwrap();
    // Named so that name order and text order differ: IMG_2 before IMG_10.
    for (n, file) in [(1, "IMG_2.png"), (2, "IMG_9.png"), (3, "IMG_10.png")] {
        make(n, doc.page_raster(n, 60_000_000).unwrap().unwrap()).save(folder.join(file)).unwrap();
    }
    let dir = tempdir();
    let out = ingest(&[tmp.path().to_path_buf()], dir.path(), &["--quiet", "--images-as-document"]);
    assert!(out.status.code().is_some(), "iki was killed: {}", stderr(&out));
    let recs = records(dir.path());
    assert_eq!(recs.len(), 1, "the folder of page images is one document: {:?}", recs.keys());
    recs.into_values().next().unwrap()
}

/// A folder of page images is one decree (pages in name order), and phone
/// photos of the same pages (in perspective on a desk, lit unevenly, 1,600 px)
/// are flattened to their paper and read to the same rows as the flat scan,
/// also with a corner of each in shade.
#[test]
fn photos_of_a_scan_read_like_the_scan() {
    let flat = read_as_page_images("sk-kromengan", |_, img| img);
    assert_eq!(flat.source.file_name, "sk-kromengan/");
    assert_eq!(flat.source.pages, Some(3));
    assert_reads_kromengan_p1_3_4(&flat);
    assert!(flat.extraction.page_sources.iter().all(|s| s.photo.is_none()), "a scan is no photo");
    assert!(!flat.review.iter().any(|r| r.starts_with("photo_pages")), "{:?}", flat.review);

    let corners = [
        [(0.16, 0.08), (0.86, 0.11), (0.93, 0.93), (0.09, 0.90)],
        [(0.10, 0.12), (0.88, 0.07), (0.84, 0.95), (0.13, 0.91)],
        [(0.12, 0.09), (0.90, 0.09), (0.95, 0.92), (0.07, 0.94)],
    ];
    let photos = read_as_page_images("foto-sk", |n, img| util::photo::photograph(&img, corners[n - 1], 1600));
    // The same rows in the same blocks; their indikator's words as the
    // scan's, but for a few that OCR reads differently on either (ink over a
    // cell may read as debris on one and not on the other).
    let (p, f) = (row_texts(&photos), row_texts(&flat));
    assert_eq!(p.len(), f.len(), "{p:#?}\n{f:#?}");
    let mut shared = 0.0;
    for (a, b) in p.iter().zip(&f) {
        assert_eq!(a.0, b.0, "jabatan");
        let (x, y) = (a.2.as_deref().unwrap_or(""), b.2.as_deref().unwrap_or(""));
        assert!(words_shared(x, y) >= 0.4, "{x:?} read from the photo, {y:?} from the scan");
        shared += words_shared(x, y) / p.len() as f32;
    }
    assert!(shared >= 0.85, "{shared}: {p:#?}\n{f:#?}");
    assert_reads_kromengan_p1_3_4(&photos);
    assert!(photos.review.iter().any(|r| r.starts_with("photo_pages: pages 1, 2, 3 were read from phone photos")), "{:?}", photos.review);
    for s in &photos.extraction.page_sources {
        let photo = s.photo.as_ref().unwrap_or_else(|| panic!("page {} is recorded as a photo", s.page));
        assert!(photo.perspective_degrees > 2.0, "{photo:?}");
        assert!(s.ocr_dpi.is_some_and(|d| d >= 200), "{s:?}");
    }

    // A shadow over one corner of each photo, the paper there about as dark
    // as the desk: each paper is still found whole (its size the scan's F4),
    // and the same rows are read in the same blocks, each with its indikator.
    let shaded = read_as_page_images("foto-teduh", |n, img| util::photo::photograph_in_shade(&img, corners[n - 1], 1600, [0, 2, 1][n - 1]));
    for s in &shaded.extraction.page_sources {
        let photo = s.photo.as_ref().unwrap_or_else(|| panic!("page {} is recorded as a photo", s.page));
        assert_eq!(photo.paper, "F4", "page {}: {photo:?}", s.page);
    }
    let s = row_texts(&shaded);
    assert_eq!(s.iter().map(|r| &r.0).collect::<Vec<_>>(), f.iter().map(|r| &r.0).collect::<Vec<_>>(), "{s:#?}");
    assert!(s.iter().all(|r| r.2.as_deref().is_some_and(|t| !t.is_empty())), "every row has its indikator: {s:#?}");
}

/// The report's crops of cells on phone photos are cut from the page as OCR
/// read it (flattened to its paper, turned straight), where the cells' boxes
/// lie: OCR of each crop finds the words of the value its finding quotes. For
/// a photo file, and for a folder of photos read as one decree
/// (`--images-as-document`), whose pictures the report finds again.
#[test]
fn crops_on_photographed_pages_show_their_cells() {
    let doc = iki::pdf::open(&std::fs::read(fixture("scanned/kromengan-2019__scanned-p1-3-4.pdf")).unwrap(), &Default::default()).unwrap();
    let photo = |n: usize, corners| util::photo::photograph(&doc.page_raster(n, 60_000_000).unwrap().unwrap(), corners, 1800);
    // The lampiran page, photographed in perspective on a desk.
    let dir = tempdir();
    let src = dir.path().join("foto-lampiran.png");
    photo(2, [(0.14, 0.08), (0.88, 0.12), (0.93, 0.92), (0.08, 0.89)]).save(&src).unwrap();
    let checked = crops_show_their_cells(dir.path(), &src, &[]);
    assert!(checked >= 2, "{checked} crops checked");
    // The three pages as a folder of photos: the lampiran is its page 2.
    let dir = tempdir();
    let folder = dir.path().join("foto-sk");
    std::fs::create_dir(&folder).unwrap();
    photo(1, [(0.10, 0.10), (0.90, 0.08), (0.92, 0.94), (0.08, 0.91)]).save(folder.join("IMG_1.jpg")).unwrap();
    photo(2, [(0.16, 0.08), (0.86, 0.11), (0.93, 0.93), (0.09, 0.90)]).save(folder.join("IMG_2.jpg")).unwrap();
    photo(3, [(0.12, 0.09), (0.90, 0.09), (0.95, 0.92), (0.07, 0.94)]).save(folder.join("IMG_3.jpg")).unwrap();
    let checked = crops_show_their_cells(dir.path(), &folder, &["--images-as-document"]);
    assert!(checked >= 2, "{checked} crops checked");
}

/// Ingests `src` into `dir/ds`, makes the report, and checks each finding's
/// crop against the value its corrections.csv line quotes (the cell's own
/// words); returns how many crops were checked.
fn crops_show_their_cells(dir: &std::path::Path, src: &std::path::Path, flags: &[&str]) -> usize {
    let ds = dir.join("ds");
    ingest(&[src.to_path_buf()], &ds, &[&["--quiet"], flags].concat());
    let rec = records(&ds).pop_first().unwrap().1;
    assert!(rec.extraction.page_sources.iter().all(|s| s.photo.is_some()), "read as photos: {:?}", rec.extraction.page_sources);
    let html = dir.join("report.html");
    let out = iki(&["report", ds.to_str().unwrap(), "--out", html.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let html = std::fs::read_to_string(&html).unwrap();
    // Each finding's table row: its crop and its corrections.csv line, whose
    // `was` is the value read from the cell.
    let mut checked = 0;
    for tr in html.split("<tr>").skip(1).map(|t| t.split("</tr>").next().unwrap()) {
        let Some(b64) = tr.split("<img class=\"crop\"").nth(1).and_then(|c| c.split("base64,").nth(1)).and_then(|s| s.split('"').next())
        else {
            continue;
        };
        let Some(line) = tr.split("<td class=\"fix\"><code>").nth(1).and_then(|s| s.split("</code>").next()) else { continue };
        let line = line.replace("&quot;", "\"").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">");
        let was =
            csv::ReaderBuilder::new().has_headers(false).from_reader(line.as_bytes()).records().next().unwrap().unwrap()[4].to_string();
        let want: Vec<String> =
            was.split_whitespace().filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 5).map(str::to_lowercase).collect();
        if want.len() < 2 {
            continue;
        }
        // Tesseract itself on the crop, a block of text (iki's page reading
        // would take a crop's cell borders for a table or a sheet of paper).
        use base64::Engine;
        let png = dir.join("crop.png");
        std::fs::write(&png, base64::engine::general_purpose::STANDARD.decode(b64).unwrap()).unwrap();
        let ocr =
            std::process::Command::new("tesseract").arg(&png).args(["-", "--psm", "6", "-l", "ind"]).output().expect("tesseract runs");
        let read: Vec<String> = String::from_utf8_lossy(&ocr.stdout).split_whitespace().map(str::to_lowercase).collect();
        let found = want.iter().filter(|w| read.iter().any(|r| r.contains(w.as_str()) || w.contains(r.as_str()) && r.len() >= 5)).count();
        assert!(found * 2 >= want.len(), "the crop shows {read:?}, the cell says {want:?}");
        checked += 1;
    }
    checked
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

/// The rows of `indicators.csv` of one document, by (block, row).
fn indicator_rows(ds: &std::path::Path, doc_id: &str) -> BTreeMap<(String, String), BTreeMap<String, String>> {
    csv_rows(&ds.join("indicators.csv"))
        .into_iter()
        .filter(|r| r["doc_id"] == doc_id)
        .map(|r| ((r["block"].clone(), r["row"].clone()), r))
        .collect()
}

/// corrections.csv with an applied, a stale, an invalid and a row-deleting
/// line: the views show the correction (records stay as extracted), `iki
/// correct` reports the counts and exits 1 for the invalid line, `iki report`
/// lists the two lines not applied in quality.csv, `iki compare` sees the
/// corrected indikator, and a re-import with --force keeps the correction.
#[test]
fn corrections_apply_on_every_rebuild_and_survive_reimport() {
    let dir = tempdir();
    let ds = dir.path().join("ds");
    let input = [fixture("digital/kromengan-2019__digital-office.pdf")];
    assert_eq!(ingest(&input, &ds, &["--quiet"]).status.code(), Some(0));
    let rec = records(&ds).pop_first().unwrap().1;
    let id = rec.doc_id.clone();
    let rows = &rec.blocks[0].indicators;
    assert!(rows.len() >= 3, "block 0 has {} rows", rows.len());
    let (was_ind, was_formula) = (rows[0].indikator.clone().unwrap(), rows[0].formula.clone().unwrap_or_default());
    let deleted = rows[2].indikator.clone().unwrap_or_default();
    let file = format!(
        "doc_id,block,row,field,was,value,note\n\
         {id},0,0,indikator,\"{was_ind}\",Jumlah dokumen yang dikoreksi staf,checked against the decree\n\
         {id},0,0,formula,\"{was_formula}\",\"Σ dokumen, disusun\",\n\
         {id},0,1,sumber_data,something the document never said,Subbag Umum,stale on purpose\n\
         {id},99,0,formula,,x,no such block\n\
         {id},0,2,row,\"{deleted}\",,spurious row\n"
    );
    std::fs::write(ds.join("corrections.csv"), file).unwrap();

    let out = iki(&["correct", ds.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "an invalid line: {}", stderr(&out));
    assert!(stderr(&out).contains("3 applied, 1 stale, 1 invalid"), "{}", stderr(&out));
    assert!(stderr(&out).contains("Line 5 of corrections.csv names block 99"), "{}", stderr(&out));

    let check_views = |ds: &std::path::Path| {
        let ind = indicator_rows(ds, &id);
        let r0 = &ind[&("0".into(), "0".into())];
        assert_eq!(r0["indikator"], "Jumlah dokumen yang dikoreksi staf");
        assert_eq!(r0["indikator_normalized"], "Jumlah dokumen yang dikoreksi staf");
        assert_eq!(r0["formula"], "Σ dokumen, disusun");
        assert_eq!(r0["corrected"], "indikator;formula");
        assert_eq!(ind[&("0".into(), "1".into())]["corrected"], "", "the stale line is not applied");
        assert!(!ind.contains_key(&("0".into(), "2".into())), "row 2 is deleted");
        assert_eq!(ind.len(), rec.blocks.iter().map(|b| b.indicators.len()).sum::<usize>() - 1);
        if rows.len() > 3 {
            assert_eq!(ind[&("0".into(), "3".into())]["indikator"], rows[3].indikator.clone().unwrap(), "later rows keep their numbers");
        }
        let blocks = csv_rows(&ds.join("blocks.csv"));
        assert_eq!(blocks.iter().find(|b| b["doc_id"] == id && b["block"] == "0").unwrap()["indicators"], (rows.len() - 1).to_string());
        // The record stays as extracted.
        let again = records(ds).pop_first().unwrap().1;
        assert_eq!(again.blocks[0].indicators[0].indikator.as_deref(), Some(was_ind.as_str()));
        assert_eq!(again.blocks[0].indicators.len(), rows.len());
    };
    check_views(&ds);

    // The report's quality.csv holds the two lines not applied.
    let html = dir.path().join("r.html");
    assert_eq!(iki(&["report", ds.to_str().unwrap(), "--out", html.to_str().unwrap()]).status.code(), Some(0));
    let q = csv_rows(&ds.join("quality.csv"));
    let stale: Vec<_> = q.iter().filter(|r| r["check"] == "correction_stale").collect();
    assert_eq!(stale.len(), 1);
    assert_eq!((stale[0]["doc_id"].as_str(), stale[0]["block"].as_str(), stale[0]["row"].as_str()), (id.as_str(), "0", "1"));
    assert!(stale[0]["message"].contains("copy it into the was column"), "{}", stale[0]["message"]);
    let invalid: Vec<_> = q.iter().filter(|r| r["check"] == "correction_invalid").collect();
    assert_eq!(invalid.len(), 1);
    assert_eq!(invalid[0]["severity"], "error");
    assert_eq!(invalid[0]["block"], "99");
    // Findings keep the extracted row numbers: none points at the deleted row.
    assert!(!q.iter().any(|r| r["doc_id"] == id && r["block"] == "0" && r["row"] == "2"), "the deleted row has no findings");

    // iki compare sees the corrected words.
    let cmp = dir.path().join("cmp");
    assert_eq!(iki(&["compare", ds.to_str().unwrap(), "--out", cmp.to_str().unwrap(), "--quiet"]).status.code(), Some(0));
    let groups = csv_rows(&cmp.join("indicator_groups.csv"));
    let mine = groups.iter().find(|r| r["block"] == "0" && r["row"] == "0").unwrap();
    assert_eq!(mine["indikator"], "Jumlah dokumen yang dikoreksi staf");
    assert!(!groups.iter().any(|r| r["block"] == "0" && r["row"] == "2"));

    // A re-import rebuilds the records and keeps the correction.
    let out = ingest(&input, &ds, &["--force"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("corrections.csv: 3 applied, 1 stale, 1 invalid"), "{}", stderr(&out));
    check_views(&ds);

    // iki merge applies the output dataset's corrections.csv too.
    let merged = dir.path().join("merged");
    std::fs::create_dir_all(&merged).unwrap();
    std::fs::copy(ds.join("corrections.csv"), merged.join("corrections.csv")).unwrap();
    let out = iki(&["merge", ds.to_str().unwrap(), "--out", merged.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    check_views(&merged);
}

/// A corrections file saved by Excel in an Indonesian locale: a byte-order
/// mark, semicolons, CRLF line ends, quoted cells holding `;` and a newline.
#[test]
fn corrections_from_excel_semicolons_and_bom() {
    let dir = tempdir();
    let ds = dir.path().join("ds");
    assert_eq!(ingest(&[fixture("digital/kromengan-2019__digital-office.pdf")], &ds, &["--quiet"]).status.code(), Some(0));
    let rec = records(&ds).pop_first().unwrap().1;
    let id = &rec.doc_id;
    let sumber = rec.blocks[0].indicators[1].sumber_data.clone().unwrap_or_default();
    let file = format!(
        "\u{feff}doc_id;block;row;field;was;value;note\r\n\
         {id};;;kecamatan;Kromengan;Kromengan Baru;renamed in 2020\r\n\
         {id};0;1;sumber_data;\"{sumber}\";\"Subbag Umum;\r\nKepegawaian\";\r\n\
         {id};0;;role;{};kasi_pemerintahan;\r\n",
        rec.blocks[0].role
    );
    std::fs::write(ds.join("corrections.csv"), file).unwrap();
    let out = iki(&["correct", ds.to_str().unwrap(), "--excel-bom"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("3 applied, 0 stale, 0 invalid"), "{}", stderr(&out));
    assert!(std::fs::read(ds.join("documents.csv")).unwrap().starts_with("\u{feff}".as_bytes()));
    let strip = |p: &str| {
        let text = std::fs::read_to_string(ds.join(p)).unwrap();
        let plain = dir.path().join(p);
        std::fs::write(&plain, text.trim_start_matches('\u{feff}')).unwrap();
        csv_rows(&plain)
    };
    let docs = strip("documents.csv");
    assert_eq!(docs[0]["kecamatan"], "Kromengan Baru");
    assert_eq!(docs[0]["corrected"], "kecamatan");
    let blocks = strip("blocks.csv");
    assert_eq!(blocks[0]["role"], "kasi_pemerintahan");
    assert_eq!(blocks[0]["corrected"], "kecamatan;role");
    let ind = strip("indicators.csv");
    let r = ind.iter().find(|r| r["block"] == "0" && r["row"] == "1").unwrap();
    assert_eq!(r["sumber_data"], "Subbag Umum; Kepegawaian", "whitespace folded like every text field");
    assert_eq!(r["kecamatan"], "Kromengan Baru");
    assert_eq!(r["corrected"], "kecamatan;role;sumber_data");
}

/// The report on a scanned decree with a corrections file: findings on the
/// scanned pages show a crop of the scan around their cell (embedded PNG, a
/// real picture of the page), each finding offers its corrections.csv line,
/// and the Corrections section lists the applied and stale lines with notes.
/// Without the source PDF the report is still made, without crops.
#[test]
fn report_shows_scan_crops_and_the_corrections_section() {
    let dir = tempdir();
    let ds = dir.path().join("ds");
    let src = dir.path().join("scan.pdf");
    std::fs::copy(fixture("scanned/kromengan-2019__scanned-p1-3-4.pdf"), &src).unwrap();
    assert_eq!(ingest(std::slice::from_ref(&src), &ds, &["--quiet"]).status.code(), Some(0));
    let rec = records(&ds).pop_first().unwrap().1;
    let id = &rec.doc_id;
    let row = &rec.blocks[0].indicators[0];
    assert!(row.cells.iter().any(|c| c.field == "indikator" && rec.extraction.ocr_pages.contains(&c.page)), "cell boxes on the scan");
    assert!(rec.blocks[0].jabatan_box.is_some());
    let file = format!(
        "doc_id,block,row,field,was,value,note\n\
         {id},0,0,indikator,\"{}\",Tingkat kehadiran PNS lingkup kecamatan,read from the scan by Budi\n\
         {id},0,1,formula,not what it says,x,an old line\n",
        row.indikator.as_deref().unwrap()
    );
    std::fs::write(ds.join("corrections.csv"), file).unwrap();
    let html = dir.path().join("report.html");
    let out = iki(&["report", ds.to_str().unwrap(), "--out", html.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));

    let profile = dir.path().join("profile");
    let dom = util::headless_chromium(&profile, &["--dump-dom".into()], &format!("file://{}", html.display()));
    assert!(dom.status.success(), "{}", stderr(&dom));
    let dom = String::from_utf8_lossy(&dom.stdout).into_owned();
    assert!(dom.contains("<section id=\"corrections\">") && dom.contains("7. Corrections"));
    assert!(dom.contains("<b>1</b><span>applied</span>") && dom.contains("<b>1</b><span>stale</span>"), "the counts");
    assert!(dom.contains("read from the scan by Budi") && dom.contains("an old line"), "the notes");
    assert!(dom.contains("correction_stale"), "the stale line is a finding");
    // Every finding with a cell on the scan has its crop; each crop is a picture of the page.
    let crops: Vec<&str> = dom.split("<img class=\"crop\"").skip(1).collect();
    assert!(!crops.is_empty(), "no crop in the report");
    for c in &crops {
        let b64 = c.split("src=\"data:image/png;base64,").nth(1).and_then(|s| s.split('"').next()).expect("an embedded PNG");
        use base64::Engine;
        let png = base64::engine::general_purpose::STANDARD.decode(b64).expect("base64");
        let img = image::load_from_memory(&png).expect("a PNG").to_luma8();
        assert!(img.width() > 20 && img.height() > 10);
        let dark = img.pixels().filter(|p| p.0[0] < 128).count();
        assert!(dark > 0 && dark < (img.width() * img.height()) as usize, "ink on paper");
    }
    // Ready lines: the doc_id, block, row, field and the extracted value.
    assert!(dom.contains(&format!("<td class=\"fix\"><code>{id},")), "a ready corrections.csv line");

    // Without the source PDF: the same report, no crops.
    std::fs::remove_file(&src).unwrap();
    let out = iki(&["report", ds.to_str().unwrap(), "--out", html.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!std::fs::read_to_string(&html).unwrap().contains("data:image/png"));
}

/// Metamorphic: one decree typeset the ways other kecamatan type theirs (label
/// forms, titles above each block, header wordings, a NO column, shuffled and
/// extra columns with a (1) (2) ... row, grid / box / horizontal-only / no
/// rules, portrait and landscape), printed by Chromium, gives the same records:
/// the same jabatan, eselon, tugas, fungsi and indicator rows; extra columns
/// land in `extra`, nothing is flagged for review.
#[test]
fn same_decree_typeset_many_ways_gives_the_same_records() {
    use util::typeset::{html, print, Columns, LabelStyle, Rules, Style, CONTENT};
    let dir = tempdir();
    let styles = [
        Style { label: LabelStyle::Numbered, titles: false, columns: Columns::Plain, rules: Rules::Grid, landscape: false },
        Style { label: LabelStyle::NamaJabatan, titles: true, columns: Columns::Strategis, rules: Rules::Box, landscape: true },
        Style {
            label: LabelStyle::Period,
            titles: true,
            columns: Columns::NumberedShuffled,
            rules: Rules::HorizontalOnly,
            landscape: true,
        },
        Style { label: LabelStyle::Eselon, titles: true, columns: Columns::Plain, rules: Rules::None, landscape: false },
        Style { label: LabelStyle::Table, titles: false, columns: Columns::NumberedShuffled, rules: Rules::Grid, landscape: false },
        Style { label: LabelStyle::Period, titles: false, columns: Columns::Strategis, rules: Rules::None, landscape: true },
        Style { label: LabelStyle::Signature, titles: true, columns: Columns::Plain, rules: Rules::Grid, landscape: false },
    ];
    let pdfs: Vec<_> = styles.iter().enumerate().map(|(k, s)| print(&html(s), dir.path(), &format!("v{k}"))).collect();
    let out_dir = dir.path().join("ds");
    let out = ingest(&pdfs, &out_dir, &["--quiet"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let recs = records(&out_dir);
    for (k, style) in styles.iter().enumerate() {
        let rec = recs.values().find(|r| r.source.file_name == format!("v{k}.pdf")).expect("every variant has a record");
        let what = format!("variant {k} {style:?}");
        assert_eq!(rec.status, Status::Ok, "{what}");
        assert_eq!(rec.metadata.kecamatan.as_deref(), Some("Tekung"), "{what}");
        assert_eq!(rec.metadata.nomor_sk.as_deref(), Some("100/ 5 /35.08.11/2024"), "{what}");
        assert_eq!(rec.metadata.jenis.as_deref(), Some("IKI"), "{what}");
        assert!(rec.review.is_empty(), "{what}: {:?}", rec.review);
        assert_eq!(rec.blocks.len(), CONTENT.len(), "{what}: {:?}", rec.blocks.iter().map(|b| &b.jabatan).collect::<Vec<_>>());
        for (b, want) in rec.blocks.iter().zip(&CONTENT) {
            assert_eq!(b.jabatan, want.jabatan, "{what}");
            if matches!(style.label, LabelStyle::Eselon) {
                assert_eq!(b.eselon.as_deref(), Some(want.eselon), "{what}");
            }
            assert_eq!(b.tugas.len(), 2, "{what}: {:?}", b.tugas);
            assert_eq!(b.fungsi.len(), 2, "{what}: {:?}", b.fungsi);
            assert_eq!(b.indicators.len(), 2, "{what} {}: {:#?}", b.jabatan, b.indicators);
            for (r, w) in b.indicators.iter().zip(&want.rows) {
                assert_eq!(r.sasaran.as_deref(), Some(w.sasaran), "{what}");
                assert_eq!(r.indikator.as_deref(), Some(w.indikator), "{what}");
                assert_eq!(r.formula.as_deref(), Some(w.formula), "{what}");
                assert_eq!(r.sumber_data.as_deref(), Some(w.sumber), "{what}");
                if matches!(style.columns, Columns::NumberedShuffled) {
                    assert_eq!(r.extra.get("TARGET").map(String::as_str), Some(w.target), "{what}");
                    assert_eq!(r.extra.len(), 1, "{what}: the NO column is no extra: {:?}", r.extra);
                } else {
                    assert!(r.extra.is_empty(), "{what}");
                }
            }
        }
    }
}

/// One IKU table for the whole kecamatan (no decree page, no jabatan labels,
/// six columns with definisi and penanggung jawab): one block with no jabatan
/// and role `unit`; jenis IKU and the kecamatan from the title.
#[test]
fn one_iku_table_for_the_whole_kecamatan_is_one_unit_block() {
    use util::typeset::{print, unit_iku_html, CONTENT};
    let dir = tempdir();
    let pdf = print(&unit_iku_html(), dir.path(), "iku");
    let out_dir = dir.path().join("ds");
    let out = ingest(&[pdf], &out_dir, &["--quiet"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let rec = records(&out_dir).pop_first().map(|(_, r)| r).expect("one record");
    assert_eq!(rec.status, Status::Ok);
    assert_eq!(rec.metadata.jenis.as_deref(), Some("IKU"));
    assert_eq!(rec.metadata.kecamatan.as_deref(), Some("Tekung"));
    assert_eq!(rec.blocks.len(), 1, "{:?}", rec.blocks.iter().map(|b| &b.jabatan).collect::<Vec<_>>());
    let b = &rec.blocks[0];
    assert_eq!((b.jabatan.as_str(), b.role.as_str()), ("", "unit"));
    let want: Vec<_> = CONTENT.iter().flat_map(|b| b.rows.iter()).collect();
    assert_eq!(b.indicators.len(), want.len());
    for (r, w) in b.indicators.iter().zip(want) {
        assert_eq!(r.indikator.as_deref(), Some(w.indikator));
        assert_eq!(r.formula.as_deref(), Some(w.formula));
        assert_eq!(r.sumber_data.as_deref(), Some(w.sumber));
        assert_eq!(r.penanggung_jawab.as_deref(), Some("Camat"));
        assert_eq!(r.definisi.as_deref(), Some(format!("Ukuran {}", w.indikator.to_lowercase()).as_str()));
    }
}

/// Documents with tables of indicators that are no decree (a performance
/// report, a strategic plan, a performance agreement, an English paper) come
/// out `no_iki`, their review saying what they seem to be; a decree printed
/// in the same batch still reads.
#[test]
fn reports_plans_agreements_and_papers_are_no_decree() {
    use util::others::{english_paper_html, performance_agreement_html, performance_report_html, strategic_plan_html};
    use util::typeset::{html, print, Columns, LabelStyle, Rules, Style};
    let dir = tempdir();
    let cases = [
        ("lkjip", performance_report_html(), "performance report"),
        ("renstra", strategic_plan_html(), "strategic plan"),
        ("pk", performance_agreement_html(), "performance agreement"),
        ("paper", english_paper_html(), "another language"),
    ];
    let mut pdfs: Vec<_> = cases.iter().map(|(name, h, _)| print(h, dir.path(), name)).collect();
    let decree = Style { label: LabelStyle::Signature, titles: true, columns: Columns::Strategis, rules: Rules::Grid, landscape: false };
    pdfs.push(print(&html(&decree), dir.path(), "decree"));
    let out_dir = dir.path().join("ds");
    let out = ingest(&pdfs, &out_dir, &["--quiet"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let recs = records(&out_dir);
    for (name, _, what) in &cases {
        let rec = &recs[&format!("{name}.pdf")];
        assert_eq!(
            rec.status,
            Status::NoIki,
            "{name}: {:?}",
            rec.blocks.iter().map(|b| (&b.jabatan, b.indicators.len())).collect::<Vec<_>>()
        );
        assert!(rec.blocks.is_empty(), "{name}");
        let reason = rec.review.iter().find(|r| r.starts_with("not_a_decree:")).unwrap_or_else(|| panic!("{name}: {:?}", rec.review));
        assert!(reason.contains(what), "{name}: {reason}");
    }
    let rec = &recs["decree.pdf"];
    assert_eq!(rec.status, Status::Ok);
    assert_eq!(rec.blocks.len(), 2);
    assert!(rec.review.is_empty(), "{:?}", rec.review);
}

/// Real decrees' own conventions that must not lose their blocks: a position
/// named only by the signature under its table; one IKU table under titles
/// ending in a line `IKU`; a jabatan with its abbreviation in brackets; a
/// `KABUPATEN` heading with no `PEMERINTAH`.
#[test]
fn decree_conventions_keep_their_blocks() {
    use util::typeset::{convention_html, print, Convention, CONTENT};
    let dir = tempdir();
    let forms =
        [Convention::SignatureOnly, Convention::UnitTitleEndsInIku, Convention::AbbreviationInBrackets, Convention::KabupatenHeading];
    let pdfs: Vec<_> = forms.iter().enumerate().map(|(k, c)| print(&convention_html(*c), dir.path(), &format!("c{k}"))).collect();
    let out_dir = dir.path().join("ds");
    let out = ingest(&pdfs, &out_dir, &["--quiet"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let recs = records(&out_dir);
    let want_rows: Vec<&str> = CONTENT.iter().flat_map(|b| b.rows.iter().map(|r| r.indikator)).collect();
    for (k, form) in forms.iter().enumerate() {
        let rec = &recs[&format!("c{k}.pdf")];
        let what = format!("{form:?}");
        assert_eq!(rec.status, Status::Ok, "{what}");
        assert_eq!(rec.metadata.kecamatan.as_deref(), Some("Sukamaju"), "{what}");
        let jabatan: Vec<(&str, Option<&str>, &str)> =
            rec.blocks.iter().map(|b| (b.jabatan.as_str(), b.unit.as_deref(), b.role.as_str())).collect();
        match form {
            Convention::SignatureOnly => assert_eq!(
                jabatan,
                [("SEKRETARIS KECAMATAN", None, "sekretaris_kecamatan"), ("KEPALA SEKSI PEMERINTAHAN", None, "kasi_pemerintahan")],
                "{what}"
            ),
            Convention::UnitTitleEndsInIku => {
                assert_eq!(jabatan, [("", None, "unit")], "{what}");
                assert_eq!(rec.metadata.jenis.as_deref(), Some("IKU"), "{what}");
            }
            Convention::AbbreviationInBrackets => {
                assert_eq!(jabatan[0], ("SEKRETARIS KECAMATAN ( SEKCAM )", None, "sekretaris_kecamatan"), "{what}")
            }
            Convention::KabupatenHeading => assert_eq!(rec.metadata.wilayah.as_deref(), Some("Kabupaten Malang"), "{what}"),
        }
        let rows: Vec<&str> = rec.blocks.iter().flat_map(|b| b.indicators.iter().filter_map(|r| r.indikator.as_deref())).collect();
        assert_eq!(rows, want_rows, "{what}");
        assert!(rec.review.is_empty(), "{what}: {:?}", rec.review);
    }
}

/// `iki compare` for analysts: a decree's digital and scanned readings are one
/// decree (no changes between them); its next-year revision (built here from
/// the real reading: a row reworded, a formula edited, a row replaced, a row
/// added, a jabatan renamed) gives one line per row in changes.csv with the
/// right kind at the right positions; every indicator gets a measure and a
/// theme; an office's own themes file is used when given; compare.html shows
/// a cell's indicators in Chromium.
#[test]
fn compare_finds_measures_themes_and_changes_between_decrees() {
    let dir = tempdir();
    let inputs = [
        fixture("digital/jabung-2022__digital-chromium.pdf"),
        fixture("digital/kromengan-2019__digital-office.pdf"),
        fixture("scanned/kromengan-2019__scanned-p1-3-4.pdf"),
    ];
    let out = ingest(&inputs, dir.path(), &["--quiet"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let recs = records(dir.path());
    let base = &recs["jabung-2022__digital-chromium.pdf"];
    assert_eq!(base.blocks[1].jabatan, "KASI PEMERINTAHAN");
    let mut rev = base.clone();
    rev.doc_id = "00000000000000bb".into();
    rev.source.file_name = "jabung-2023.pdf".into();
    rev.metadata.nomor_sk = Some("188.4/ 48 /KEP/35.07.17/2023".into());
    rev.metadata.tanggal_ditetapkan = Some("2023-03-07".into());
    rev.metadata.tahun = Some(2023);
    let text = |s: &Option<String>| s.clone().unwrap_or_default();
    // (0,0) reworded: the kecamatan's name added.
    let r = &mut rev.blocks[0].indicators[0];
    r.indikator = Some(format!("{} di wilayah Kecamatan Jabung", text(&r.indikator)));
    // (1,*) renamed.
    rev.blocks[1].jabatan = "KEPALA SEKSI PEMERINTAHAN".into();
    // (2,0) edited: another formula.
    rev.blocks[2].indicators[0].formula = Some("Σ output yang disusun / Σ output yang direncanakan × 100%".into());
    // (3,1) added.
    let mut added = rev.blocks[3].indicators[0].clone();
    added.indikator = Some("Jumlah laporan distribusi Raskin.".into());
    rev.blocks[3].indicators.push(added);
    // (12,0) dropped and another row in its place.
    rev.blocks[12].indicators[0].indikator = Some("Jumlah kehadiran PNS dalam 1 tahun.".into());
    rev.blocks[12].indicators[0].formula = Some("Σ hari hadir".into());
    iki::normalize::normalize_record(&mut rev);
    iki::dataset::Dataset::open(dir.path()).unwrap().write_document(&rev).unwrap();

    let themes = dir.path().join("themes.json");
    let cmp = tempdir();
    let out = iki(&["compare", &dir.path().display().to_string(), "--out", &cmp.path().display().to_string()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));

    // changes.csv: one pair (Jabung 2022 -> 2023); Kromengan's two readings are one decree.
    let lines = csv_rows(&cmp.path().join("changes.csv"));
    assert!(lines.iter().all(|l| l["base_doc_id"] == base.doc_id && l["revised_doc_id"] == rev.doc_id), "only the Jabung pair");
    assert!(lines.iter().all(|l| l["ordered_by"] == "tanggal" && l["base_tahun"] == "2022" && l["revised_tahun"] == "2023"));
    let kind_at = |kind: &str| -> Vec<(String, String, String, String)> {
        lines
            .iter()
            .filter(|l| l["kind"] == kind)
            .map(|l| (l["base_block"].clone(), l["base_row"].clone(), l["revised_block"].clone(), l["revised_row"].clone()))
            .collect()
    };
    let at = |b: &str, r: &str, rb: &str, rr: &str| (b.to_string(), r.to_string(), rb.to_string(), rr.to_string());
    assert_eq!(kind_at("reworded"), [at("0", "0", "0", "0")]);
    assert_eq!(kind_at("jabatan_renamed"), [at("1", "", "1", "")]);
    assert_eq!(kind_at("edited"), [at("2", "0", "2", "0")]);
    assert_eq!(kind_at("added"), [at("", "", "3", "1"), at("", "", "12", "0")]);
    assert_eq!(kind_at("dropped"), [at("12", "0", "", "")]);
    assert_eq!(kind_at("unchanged").len(), rows(base) - 3);
    let renamed = lines.iter().find(|l| l["kind"] == "jabatan_renamed").unwrap();
    assert_eq!((renamed["base_jabatan"].as_str(), renamed["revised_jabatan"].as_str()), ("KASI PEMERINTAHAN", "KEPALA SEKSI PEMERINTAHAN"));

    // indicator_groups.csv: measures and themes.
    let groups = csv_rows(&cmp.path().join("indicator_groups.csv"));
    assert!(groups.iter().all(|g| !g["measure_id"].is_empty() && !g["measure_label"].is_empty()));
    let themed = groups.iter().filter(|g| !g["theme"].is_empty()).count();
    assert!(themed * 10 >= groups.len() * 9, "{themed} of {} rows have a theme", groups.len());
    let theme_of =
        |starts: &str| -> Vec<&str> { groups.iter().filter(|g| g["indikator"].starts_with(starts)).map(|g| g["theme"].as_str()).collect() };
    assert!(theme_of("Prosentase Pemenuhan Pembinaan dan Pengawasan Pemerintah Desa").iter().all(|t| *t == "pemerintahan-desa-kelurahan"));
    assert!(theme_of("Jumlah laporan distribusi Raskin").iter().all(|t| *t == "kesejahteraan-sosial"));
    // The Raskin report is measured in both kecamatan (Kromengan's own row, the revision's new one).
    let raskin: Vec<&BTreeMap<String, String>> =
        groups.iter().filter(|g| g["indikator"].starts_with("Jumlah laporan distribusi Raskin")).collect();
    assert!(raskin.len() >= 2 && raskin.iter().all(|g| g["measure_id"] == raskin[0]["measure_id"] && g["measure_kecamatan_count"] == "2"));
    // Kecamatan: the Kromengan readings are one kecamatan, Jabung's two decrees another.
    let matrix = csv_rows(&cmp.path().join("kecamatan_matrix.csv"));
    assert_eq!(matrix[0].len(), 4 + 2, "two kecamatan columns: {:?}", matrix[0].keys());
    assert!(matrix.iter().any(|m| m["dimension"] == "theme" && m["key"] == "kesejahteraan-sosial"));

    // An office's own themes.
    std::fs::write(
        &themes,
        r#"{"themes": [{"id": "desa", "name": "Urusan desa", "terms": ["pemerintah desa", "perangkat desa"]},
                       {"id": "sosial", "name": "Sosial", "terms": ["raskin"]}]}"#,
    )
    .unwrap();
    let own = tempdir();
    let out = iki(&[
        "compare",
        &dir.path().display().to_string(),
        "--out",
        &own.path().display().to_string(),
        "--themes",
        &themes.display().to_string(),
        "--quiet",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let groups = csv_rows(&own.path().join("indicator_groups.csv"));
    assert!(groups.iter().all(|g| ["", "desa", "sosial"].contains(&g["theme"].as_str())));
    assert!(groups.iter().filter(|g| g["indikator"].contains("Raskin")).all(|g| g["theme"] == "sosial" && g["theme_name"] == "Sosial"));
    assert!(groups.iter().filter(|g| g["indikator"].contains("Pemerintah Desa")).all(|g| g["theme"] == "desa"));
    std::fs::write(&themes, "{\"themes\": [{\"id\": \"a\"}]}").unwrap();
    let out = iki(&[
        "compare",
        &dir.path().display().to_string(),
        "--out",
        &own.path().display().to_string(),
        "--themes",
        &themes.display().to_string(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("themes.json") && stderr(&out).contains("data/themes.json"), "{}", stderr(&out));

    // compare.html in Chromium: a cell opened by its address lists its indicators.
    let html = cmp.path().join("compare.html");
    let page = std::fs::read_to_string(&html).unwrap();
    let cell = regex::Regex::new(r#"data-cell="(\d+)-(\d+)""#).unwrap();
    let raskin_theme = {
        let tax = iki::compare::themes::Taxonomy::builtin();
        tax.themes.iter().position(|t| t.id == "kesejahteraan-sosial").unwrap().to_string()
    };
    let key = cell
        .captures_iter(&page)
        .map(|c| (c[1].to_string(), c[2].to_string()))
        .find(|(t, _)| *t == raskin_theme)
        .expect("a kesejahteraan-sosial cell");
    let profile = dir.path().join("profile");
    let url = format!("file://{}#cell={}-{}", html.display(), key.0, key.1);
    let dom = util::headless_chromium(&profile, &["--dump-dom".into()], &url);
    assert!(dom.status.success(), "chromium --dump-dom failed: {}", stderr(&dom));
    let dom = String::from_utf8_lossy(&dom.stdout).into_owned();
    let view = &dom[dom.find("id=\"cell-view\"").expect("the cell view")..];
    let view = &view[..view.find("</section>").unwrap()];
    assert!(!view.starts_with("id=\"cell-view\" hidden"), "the cell view is shown: {view}");
    assert!(view.contains("<li>Jumlah laporan distribusi Raskin"), "the cell lists its indicators: {view}");
    assert!(dom.contains("Changes between decrees") && dom.contains("jabatan_renamed 1"), "the timeline shows the changes");

    // The Excel flavour guards a cell Excel would run as a formula; the plain CSV keeps it.
    rev.blocks[5].indicators[0].indikator = Some("=HYPERLINK(\"http://example.invalid\")".into());
    iki::dataset::Dataset::open(dir.path()).unwrap().write_document(&rev).unwrap();
    for (excel, want) in [(false, "=HYPERLINK"), (true, "'=HYPERLINK")] {
        let o = tempdir();
        let (ds, to) = (dir.path().display().to_string(), o.path().display().to_string());
        let mut args = vec!["compare", ds.as_str(), "--out", to.as_str(), "--quiet"];
        if excel {
            args.push("--excel-bom");
        }
        let out = iki(&args);
        let flag = if excel { "excel" } else { "plain" };
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let text = std::fs::read_to_string(o.path().join("changes.csv")).unwrap();
        let line = text.lines().find(|l| l.contains("HYPERLINK")).expect("the row in changes.csv");
        assert!(line.contains(&format!(",\"{want}")), "{flag}: {line}");
        let text = std::fs::read_to_string(o.path().join("indicator_groups.csv")).unwrap();
        assert!(text.contains(&format!(",\"{want}")), "{flag}: indicator_groups.csv");
    }
}
