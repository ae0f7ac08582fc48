//! The CSV views of the dataset, rebuilt from the JSON records.
//!
//! All files: UTF-8, a header row, RFC 4180 quoting (cells may hold newlines);
//! `--excel-bom` puts a UTF-8 byte-order mark first for Excel and writes a cell
//! starting with `=`, `+`, `-` or `@` with a single quote first ([`Cell`]), so
//! Excel shows it as text and runs no formula. List fields (tugas, fungsi,
//! pages, ...) are joined with a newline (text) or `;` (numbers).
//!
//! Each file is a [`Sheet`] of one serde row struct: its columns are the
//! struct's fields, in order ([`DocumentRow`], [`BlockRow`], [`IndicatorRow`]).
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

use std::borrow::Cow;
use std::io::{self, Write};

use serde::Serialize;

use super::marks::{Marks, View};
use crate::record::DocumentRecord;

type Out = Vec<(&'static str, Vec<u8>)>;

/// A CSV file of serde row structs: RFC 4180, CRLF line ends, the header
/// taken from the row struct's field names ([`Sheet::new`]) and written even
/// when no row follows, a byte-order mark first in the Excel flavour.
pub(crate) struct Sheet<W: Write = Vec<u8>> {
    w: csv::Writer<W>,
}

impl<W: Write> Sheet<W> {
    /// A sheet of rows `T` (each row borrows what it shows, so the rows are
    /// given as any `Serialize`; pass values of the header's struct).
    pub(crate) fn new<T: Serialize + Default>(mut out: W, bom: bool) -> io::Result<Self> {
        if bom {
            out.write_all("\u{feff}".as_bytes())?;
        }
        let mut w = csv_writer(out);
        w.write_record(header_of::<T>())?;
        Ok(Sheet { w })
    }

    pub(crate) fn row(&mut self, row: impl Serialize) -> io::Result<()> {
        Ok(self.w.serialize(row)?)
    }

    /// The output, flushed.
    pub(crate) fn finish(self) -> io::Result<W> {
        self.w.into_inner().map_err(|e| io::Error::other(e.to_string()))
    }
}

/// A CSV writer as every file of iki has it (no header: the caller writes one).
pub(crate) fn csv_writer<W: Write>(out: W) -> csv::Writer<W> {
    csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).has_headers(false).from_writer(out)
}

/// The column names of rows `T`: its field names, in order.
pub(crate) fn header_of<T: Serialize + Default>() -> Vec<String> {
    let mut w = csv::WriterBuilder::new().has_headers(true).from_writer(Vec::new());
    // A row struct of plain fields always serialises; a failure is a bug in the struct.
    w.serialize(T::default()).expect("a CSV row struct serialises");
    let bytes = w.into_inner().expect("writes to memory");
    let mut r = csv::ReaderBuilder::new().has_headers(false).from_reader(&bytes[..]);
    let header = r.records().next().and_then(Result::ok).unwrap_or_default();
    header.iter().map(str::to_string).collect()
}

/// Renders the three CSV files (name, bytes); `bom`: the Excel flavour
/// (`--excel-bom`: a byte-order mark, and cells kept from running as formulas).
pub(crate) fn render_all(docs: &[DocumentRecord], fixes: &Marks, bom: bool) -> io::Result<Out> {
    render(docs, fixes, bom, bom)
}

/// The rows of the three files without the byte-order mark (which only a
/// file's header carries), in the plain or the Excel flavour.
pub(crate) fn render_rows(docs: &[DocumentRecord], fixes: &Marks, excel: bool) -> io::Result<Out> {
    render(docs, fixes, false, excel)
}

fn render(docs: &[DocumentRecord], fixes: &Marks, bom: bool, excel: bool) -> io::Result<Out> {
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
pub(crate) fn excel_text(excel: bool, cell: &str) -> Cow<'_, str> {
    if excel && cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// A text cell of a serde row struct: the text, and whether the file is in
/// the Excel flavour (then guarded as [`excel_text`] says).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Cell<'a>(pub &'a str, pub bool);

impl serde::Serialize for Cell<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&excel_text(self.1, self.0))
    }
}

/// A line of `documents.csv`.
#[derive(Serialize, Default)]
pub(crate) struct DocumentRow<'a> {
    doc_id: Cell<'a>,
    file_name: Cell<'a>,
    sha256: Cell<'a>,
    bytes: u64,
    pages: Option<usize>,
    status: Cell<'a>,
    error_codes: Cell<'a>,
    error_messages: Cell<'a>,
    method: Cell<'a>,
    ocr_pages: Cell<'a>,
    /// As Rust prints it (`87.5`, `90`), not as serde's float writer would (`90.0`).
    ocr_mean_confidence: Cell<'a>,
    jenis: Cell<'a>,
    wilayah: Cell<'a>,
    kecamatan: Cell<'a>,
    nomor_sk: Cell<'a>,
    tanggal_ditetapkan: Cell<'a>,
    tahun: Option<i32>,
    camat: Cell<'a>,
    blocks: usize,
    indicators: usize,
    tool_version: Cell<'a>,
    corrected: Cell<'a>,
}

/// A line of `blocks.csv`.
#[derive(Serialize, Default)]
pub(crate) struct BlockRow<'a> {
    doc_id: Cell<'a>,
    block: usize,
    wilayah: Cell<'a>,
    kecamatan: Cell<'a>,
    tahun: Option<i32>,
    jabatan: Cell<'a>,
    jabatan_normalized: Cell<'a>,
    role: Cell<'a>,
    eselon: Cell<'a>,
    unit: Cell<'a>,
    pages: Cell<'a>,
    tugas: Cell<'a>,
    fungsi: Cell<'a>,
    tujuan: Cell<'a>,
    indikator_tujuan: Cell<'a>,
    columns: Cell<'a>,
    indicators: usize,
    corrected: Cell<'a>,
}

/// A line of `indicators.csv`.
#[derive(Serialize, Default)]
pub(crate) struct IndicatorRow<'a> {
    doc_id: Cell<'a>,
    wilayah: Cell<'a>,
    kecamatan: Cell<'a>,
    tahun: Option<i32>,
    jenis: Cell<'a>,
    block: usize,
    jabatan: Cell<'a>,
    jabatan_normalized: Cell<'a>,
    role: Cell<'a>,
    row: usize,
    page: usize,
    sasaran: Cell<'a>,
    indikator: Cell<'a>,
    formula: Cell<'a>,
    sumber_data: Cell<'a>,
    definisi: Cell<'a>,
    penanggung_jawab: Cell<'a>,
    sasaran_normalized: Cell<'a>,
    indikator_normalized: Cell<'a>,
    formula_normalized: Cell<'a>,
    sumber_data_normalized: Cell<'a>,
    formula_kind: Cell<'a>,
    numerator: Cell<'a>,
    denominator: Cell<'a>,
    review: Cell<'a>,
    corrected: Cell<'a>,
}

/// An optional text as a cell (empty when absent).
fn opt(v: &Option<String>, excel: bool) -> Cell<'_> {
    Cell(v.as_deref().unwrap_or(""), excel)
}

fn nums(v: &[usize]) -> String {
    v.iter().map(|n| n.to_string()).collect::<Vec<_>>().join(";")
}

fn documents(docs: &[DocumentRecord], fixes: &Marks, bom: bool, excel: bool) -> io::Result<Vec<u8>> {
    let mut sheet = Sheet::new::<DocumentRow>(Vec::new(), bom)?;
    for d in docs {
        let m = &d.metadata;
        let codes = d.errors.iter().map(|e| e.code.as_str()).collect::<Vec<_>>().join(";");
        let messages = d.errors.iter().map(|e| e.message.as_str()).collect::<Vec<_>>().join("\n");
        let ocr_pages = nums(&d.extraction.ocr_pages);
        let confidence = d.extraction.ocr_mean_confidence.map(|c| c.to_string()).unwrap_or_default();
        let corrected = fixes.corrected(View::Documents, &d.doc_id, None, None);
        let text = |s| Cell(s, excel);
        sheet.row(DocumentRow {
            doc_id: text(&d.doc_id),
            file_name: text(&d.source.file_name),
            sha256: text(&d.source.sha256),
            bytes: d.source.bytes,
            pages: d.source.pages,
            status: text(d.status.as_str()),
            error_codes: text(&codes),
            error_messages: text(&messages),
            method: text(&d.extraction.method),
            ocr_pages: text(&ocr_pages),
            ocr_mean_confidence: text(&confidence),
            jenis: opt(&m.jenis, excel),
            wilayah: opt(&m.wilayah, excel),
            kecamatan: opt(&m.kecamatan, excel),
            nomor_sk: opt(&m.nomor_sk, excel),
            tanggal_ditetapkan: opt(&m.tanggal_ditetapkan, excel),
            tahun: m.tahun,
            camat: opt(&m.camat, excel),
            blocks: d.blocks.len(),
            indicators: d.blocks.iter().map(|b| b.indicators.len()).sum(),
            tool_version: text(&d.extraction.tool_version),
            corrected: text(&corrected),
        })?;
    }
    sheet.finish()
}

fn blocks(docs: &[DocumentRecord], fixes: &Marks, bom: bool, excel: bool) -> io::Result<Vec<u8>> {
    let mut sheet = Sheet::new::<BlockRow>(Vec::new(), bom)?;
    for d in docs {
        for (bi, b) in d.blocks.iter().enumerate() {
            let (pages, tugas, fungsi) = (nums(&b.pages), b.tugas.join("\n"), b.fungsi.join("\n"));
            let (indikator_tujuan, columns) = (b.indikator_tujuan.join("\n"), b.columns.join("\n"));
            let corrected = fixes.corrected(View::Blocks, &d.doc_id, Some(bi), None);
            let text = |s| Cell(s, excel);
            sheet.row(BlockRow {
                doc_id: text(&d.doc_id),
                block: bi,
                wilayah: opt(&d.metadata.wilayah, excel),
                kecamatan: opt(&d.metadata.kecamatan, excel),
                tahun: d.metadata.tahun,
                jabatan: text(&b.jabatan),
                jabatan_normalized: text(&b.jabatan_normalized),
                role: text(&b.role),
                eselon: opt(&b.eselon, excel),
                unit: opt(&b.unit, excel),
                pages: text(&pages),
                tugas: text(&tugas),
                fungsi: text(&fungsi),
                tujuan: opt(&b.tujuan, excel),
                indikator_tujuan: text(&indikator_tujuan),
                columns: text(&columns),
                indicators: b.indicators.len(),
                corrected: text(&corrected),
            })?;
        }
    }
    sheet.finish()
}

fn indicators(docs: &[DocumentRecord], fixes: &Marks, bom: bool, excel: bool) -> io::Result<Vec<u8>> {
    let mut sheet = Sheet::new::<IndicatorRow>(Vec::new(), bom)?;
    for d in docs {
        let m = &d.metadata;
        for (bi, b) in d.blocks.iter().enumerate() {
            for (i, r) in b.indicators.iter().enumerate() {
                let ri = fixes.row_of(&d.doc_id, bi, i);
                let review = r.review.join(";");
                let corrected = fixes.corrected(View::Indicators, &d.doc_id, Some(bi), Some(ri));
                let text = |s| Cell(s, excel);
                let n = &r.normalized;
                sheet.row(IndicatorRow {
                    doc_id: text(&d.doc_id),
                    wilayah: opt(&m.wilayah, excel),
                    kecamatan: opt(&m.kecamatan, excel),
                    tahun: m.tahun,
                    jenis: opt(&m.jenis, excel),
                    block: bi,
                    jabatan: text(&b.jabatan),
                    jabatan_normalized: text(&b.jabatan_normalized),
                    role: text(&b.role),
                    row: ri,
                    page: r.page,
                    sasaran: opt(&r.sasaran, excel),
                    indikator: opt(&r.indikator, excel),
                    formula: opt(&r.formula, excel),
                    sumber_data: opt(&r.sumber_data, excel),
                    definisi: opt(&r.definisi, excel),
                    penanggung_jawab: opt(&r.penanggung_jawab, excel),
                    sasaran_normalized: opt(&n.sasaran, excel),
                    indikator_normalized: opt(&n.indikator, excel),
                    formula_normalized: opt(&n.formula, excel),
                    sumber_data_normalized: opt(&n.sumber_data, excel),
                    formula_kind: text(&r.formula_kind),
                    numerator: opt(&r.numerator, excel),
                    denominator: opt(&r.denominator, excel),
                    review: text(&review),
                    corrected: text(&corrected),
                })?;
            }
        }
    }
    sheet.finish()
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{Block, Extraction, Indicator, Metadata, Source, Status};

    #[test]
    fn the_excel_flavour_quotes_formula_like_cells() {
        let cells = ["=HYPERLINK(\"http://x\",\"klik\")", "- Perencanaan", "+62", "@SUM(A1)", "\tx", "Jumlah - dokumen", "", "12"]
            .map(String::from);
        let quoted = cells.clone().map(|c| excel_text(true, &c).into_owned());
        assert_eq!(quoted[..5], ["'=HYPERLINK(\"http://x\",\"klik\")", "'- Perencanaan", "'+62", "'@SUM(A1)", "'\tx"]);
        assert_eq!(quoted[5..], cells[5..]);
        assert_eq!(cells.clone().map(|c| excel_text(false, &c).into_owned()), cells);

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
