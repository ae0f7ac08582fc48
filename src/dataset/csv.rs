//! The CSV views of the dataset, rebuilt from the JSON records.
//!
//! All files: UTF-8, a header row, RFC 4180 quoting (cells may hold newlines);
//! `--excel-bom` puts a UTF-8 byte-order mark first for Excel. List fields
//! (tugas, fungsi, pages, ...) are joined with a newline (text) or `;` (numbers).
//!
//! `documents.csv`, one row per source file:
//! doc_id, file_name, sha256, bytes, pages, status, error_codes, error_messages,
//! method, ocr_pages, ocr_mean_confidence, jenis, wilayah, kecamatan, nomor_sk,
//! tanggal_ditetapkan, tahun, camat, blocks, indicators, tool_version, corrected.
//!
//! `blocks.csv`, one row per jabatan block:
//! doc_id, block, wilayah, kecamatan, tahun, jabatan, jabatan_normalized, role,
//! eselon, unit, pages, tugas, fungsi, tujuan, indikator_tujuan, columns,
//! indicators, corrected.
//!
//! `indicators.csv`, one row per indicator row, carrying the document and block
//! columns so that one sheet is enough:
//! doc_id, wilayah, kecamatan, tahun, jenis, block, jabatan, jabatan_normalized,
//! role, row, page, sasaran, indikator, formula, sumber_data, definisi,
//! penanggung_jawab, sasaran_normalized, indikator_normalized,
//! formula_normalized, sumber_data_normalized, formula_kind, numerator,
//! denominator, review, corrected.
//!
//! The views show the records with `corrections.csv` applied (see
//! `crate::corrections`, shown through `marks.rs`): `corrected` names, `;`-joined, the fields of that CSV
//! row that hold a hand correction. `row` is the row's number as extracted: a
//! row deleted by a correction leaves a gap.

use super::marks::{Marks, View};
use crate::record::DocumentRecord;

type Out = Vec<(&'static str, Vec<u8>)>;

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(|x| x.to_string()).unwrap_or_default()
}

fn nums(v: &[usize]) -> String {
    v.iter().map(|n| n.to_string()).collect::<Vec<_>>().join(";")
}

fn writer(bom: bool) -> csv::Writer<Vec<u8>> {
    let buf = if bom { "\u{feff}".as_bytes().to_vec() } else { Vec::new() };
    csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(buf)
}

fn finish(w: csv::Writer<Vec<u8>>) -> std::io::Result<Vec<u8>> {
    w.into_inner().map_err(|e| std::io::Error::other(e.to_string()))
}

/// Renders the three CSV files (name, bytes).
pub fn render_all(docs: &[DocumentRecord], fixes: &Marks, bom: bool) -> std::io::Result<Out> {
    Ok(vec![
        ("documents.csv", documents(docs, fixes, bom)?),
        ("blocks.csv", blocks(docs, fixes, bom)?),
        ("indicators.csv", indicators(docs, fixes, bom)?),
    ])
}

fn documents(docs: &[DocumentRecord], fixes: &Marks, bom: bool) -> std::io::Result<Vec<u8>> {
    let mut w = writer(bom);
    w.write_record([
        "doc_id",
        "file_name",
        "sha256",
        "bytes",
        "pages",
        "status",
        "error_codes",
        "error_messages",
        "method",
        "ocr_pages",
        "ocr_mean_confidence",
        "jenis",
        "wilayah",
        "kecamatan",
        "nomor_sk",
        "tanggal_ditetapkan",
        "tahun",
        "camat",
        "blocks",
        "indicators",
        "tool_version",
        "corrected",
    ])?;
    for d in docs {
        let m = &d.metadata;
        w.write_record([
            d.doc_id.clone(),
            d.source.file_name.clone(),
            d.source.sha256.clone(),
            d.source.bytes.to_string(),
            opt(&d.source.pages),
            d.status.as_str().to_string(),
            d.errors.iter().map(|e| e.code.as_str()).collect::<Vec<_>>().join(";"),
            d.errors.iter().map(|e| e.message.as_str()).collect::<Vec<_>>().join("\n"),
            d.extraction.method.clone(),
            nums(&d.extraction.ocr_pages),
            opt(&d.extraction.ocr_mean_confidence),
            opt(&m.jenis),
            opt(&m.wilayah),
            opt(&m.kecamatan),
            opt(&m.nomor_sk),
            opt(&m.tanggal_ditetapkan),
            opt(&m.tahun),
            opt(&m.camat),
            d.blocks.len().to_string(),
            d.blocks.iter().map(|b| b.indicators.len()).sum::<usize>().to_string(),
            d.extraction.tool_version.clone(),
            fixes.corrected(View::Documents, &d.doc_id, None, None),
        ])?;
    }
    finish(w)
}

fn blocks(docs: &[DocumentRecord], fixes: &Marks, bom: bool) -> std::io::Result<Vec<u8>> {
    let mut w = writer(bom);
    w.write_record([
        "doc_id",
        "block",
        "wilayah",
        "kecamatan",
        "tahun",
        "jabatan",
        "jabatan_normalized",
        "role",
        "eselon",
        "unit",
        "pages",
        "tugas",
        "fungsi",
        "tujuan",
        "indikator_tujuan",
        "columns",
        "indicators",
        "corrected",
    ])?;
    for d in docs {
        for (bi, b) in d.blocks.iter().enumerate() {
            w.write_record([
                d.doc_id.clone(),
                bi.to_string(),
                opt(&d.metadata.wilayah),
                opt(&d.metadata.kecamatan),
                opt(&d.metadata.tahun),
                b.jabatan.clone(),
                b.jabatan_normalized.clone(),
                b.role.clone(),
                opt(&b.eselon),
                opt(&b.unit),
                nums(&b.pages),
                b.tugas.join("\n"),
                b.fungsi.join("\n"),
                opt(&b.tujuan),
                b.indikator_tujuan.join("\n"),
                b.columns.join("\n"),
                b.indicators.len().to_string(),
                fixes.corrected(View::Blocks, &d.doc_id, Some(bi), None),
            ])?;
        }
    }
    finish(w)
}

fn indicators(docs: &[DocumentRecord], fixes: &Marks, bom: bool) -> std::io::Result<Vec<u8>> {
    let mut w = writer(bom);
    w.write_record([
        "doc_id",
        "wilayah",
        "kecamatan",
        "tahun",
        "jenis",
        "block",
        "jabatan",
        "jabatan_normalized",
        "role",
        "row",
        "page",
        "sasaran",
        "indikator",
        "formula",
        "sumber_data",
        "definisi",
        "penanggung_jawab",
        "sasaran_normalized",
        "indikator_normalized",
        "formula_normalized",
        "sumber_data_normalized",
        "formula_kind",
        "numerator",
        "denominator",
        "review",
        "corrected",
    ])?;
    for d in docs {
        let m = &d.metadata;
        for (bi, b) in d.blocks.iter().enumerate() {
            for (i, r) in b.indicators.iter().enumerate() {
                let ri = fixes.row_of(&d.doc_id, bi, i);
                w.write_record([
                    d.doc_id.clone(),
                    opt(&m.wilayah),
                    opt(&m.kecamatan),
                    opt(&m.tahun),
                    opt(&m.jenis),
                    bi.to_string(),
                    b.jabatan.clone(),
                    b.jabatan_normalized.clone(),
                    b.role.clone(),
                    ri.to_string(),
                    r.page.to_string(),
                    opt(&r.sasaran),
                    opt(&r.indikator),
                    opt(&r.formula),
                    opt(&r.sumber_data),
                    opt(&r.definisi),
                    opt(&r.penanggung_jawab),
                    opt(&r.normalized.sasaran),
                    opt(&r.normalized.indikator),
                    opt(&r.normalized.formula),
                    opt(&r.normalized.sumber_data),
                    r.formula_kind.clone(),
                    opt(&r.numerator),
                    opt(&r.denominator),
                    r.review.join(";"),
                    fixes.corrected(View::Indicators, &d.doc_id, Some(bi), Some(ri)),
                ])?;
            }
        }
    }
    finish(w)
}
