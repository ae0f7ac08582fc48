//! The CSV views of the dataset, rebuilt from the JSON records.
//!
//! All files: UTF-8, a header row, RFC 4180 quoting (cells may hold newlines);
//! `--excel-bom` puts a UTF-8 byte-order mark first for Excel and writes a cell
//! starting with `=`, `+`, `-` or `@` with a single quote first
//! ([`excel_text`]), so Excel shows it as text and runs no formula. List fields
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

/// Renders the three CSV files (name, bytes); `bom`: the Excel flavour
/// (`--excel-bom`: a byte-order mark, and cells kept from running as formulas).
pub fn render_all(docs: &[DocumentRecord], fixes: &Marks, bom: bool) -> std::io::Result<Out> {
    render(docs, fixes, bom, bom)
}

/// The rows of the three files without the byte-order mark (which only a
/// file's header carries), in the plain or the Excel flavour.
pub fn render_rows(docs: &[DocumentRecord], fixes: &Marks, excel: bool) -> std::io::Result<Out> {
    render(docs, fixes, false, excel)
}

fn render(docs: &[DocumentRecord], fixes: &Marks, bom: bool, excel: bool) -> std::io::Result<Out> {
    Ok(vec![
        ("documents.csv", documents(docs, fixes, bom, excel)?),
        ("blocks.csv", blocks(docs, fixes, bom, excel)?),
        ("indicators.csv", indicators(docs, fixes, bom, excel)?),
    ])
}

/// In the Excel flavour, a cell that starts with `=`, `+`, `-` or `@` (a
/// decree's list item `- Perencanaan`, or a hostile PDF's
/// `=HYPERLINK(...)`), or with a tab or carriage return, gets a single quote
/// first, so that Excel shows it as text instead of running it as a formula.
/// The plain flavour keeps every cell as the source wrote it.
pub fn excel_text<const N: usize>(excel: bool, cells: [String; N]) -> [String; N] {
    if !excel {
        return cells;
    }
    cells.map(|c| if runs_in_excel(&c) { format!("'{c}") } else { c })
}

/// Whether Excel would run a cell starting so as a formula.
fn runs_in_excel(cell: &str) -> bool {
    cell.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// A cell for a serde row struct: the text, and whether the file is in the
/// Excel flavour (then guarded as [`excel_text`] says).
#[derive(Debug, Clone, Copy)]
pub struct Cell<'a>(pub &'a str, pub bool);

impl serde::Serialize for Cell<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.1 && runs_in_excel(self.0) {
            s.serialize_str(&format!("'{}", self.0))
        } else {
            s.serialize_str(self.0)
        }
    }
}

fn documents(docs: &[DocumentRecord], fixes: &Marks, bom: bool, excel: bool) -> std::io::Result<Vec<u8>> {
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
        w.write_record(excel_text(
            excel,
            [
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
            ],
        ))?;
    }
    finish(w)
}

fn blocks(docs: &[DocumentRecord], fixes: &Marks, bom: bool, excel: bool) -> std::io::Result<Vec<u8>> {
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
            w.write_record(excel_text(
                excel,
                [
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
                ],
            ))?;
        }
    }
    finish(w)
}

fn indicators(docs: &[DocumentRecord], fixes: &Marks, bom: bool, excel: bool) -> std::io::Result<Vec<u8>> {
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
                w.write_record(excel_text(
                    excel,
                    [
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
                    ],
                ))?;
            }
        }
    }
    finish(w)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{Block, Extraction, Indicator, Metadata, Source, Status};

    #[test]
    fn the_excel_flavour_quotes_formula_like_cells() {
        let cells = ["=HYPERLINK(\"http://x\",\"klik\")", "- Perencanaan", "+62", "@SUM(A1)", "\tx", "Jumlah - dokumen", "", "12"]
            .map(String::from);
        let quoted = excel_text(true, cells.clone());
        assert_eq!(quoted[..5], ["'=HYPERLINK(\"http://x\",\"klik\")", "'- Perencanaan", "'+62", "'@SUM(A1)", "'\tx"]);
        assert_eq!(quoted[5..], cells[5..]);
        assert_eq!(excel_text(false, cells.clone()), cells);

        let row = Indicator { indikator: Some("=HYPERLINK(\"http://x\")".into()), ..Default::default() };
        let doc = DocumentRecord {
            schema_version: crate::record::SCHEMA_VERSION,
            doc_id: "00000000000000aa".into(),
            source: Source { file_name: "a.pdf".into(), sha256: "aa".into(), bytes: 1, pages: Some(1) },
            status: Status::Ok,
            errors: vec![],
            extraction: Extraction::default(),
            metadata: Metadata::default(),
            blocks: vec![Block { jabatan: "-".into(), indicators: vec![row], ..Default::default() }],
            normalizations: vec![],
            review: vec![],
        };
        let render = |bom| String::from_utf8(render_all(std::slice::from_ref(&doc), &Marks::default(), bom).unwrap()[2].1.clone()).unwrap();
        assert!(render(false).contains(",\"=HYPERLINK(\"\"http://x\"\")\",") && !render(false).contains('\''));
        assert!(render(true).contains(",\"'=HYPERLINK(\"\"http://x\"\")\",") && render(true).contains(",'-,"));
    }
}
