//! The data-quality report: pure logic over the dataset's records and manifest.
//!
//! - `checks`: findings (what is wrong, where, what to do) for every document.
//! - `summary`: what the page counts over the records, kept while they are slimmed.
//! - `html`: one self-contained HTML page, written with `maud` (CSS and JS from
//!   `assets/`, inline SVG charts; no network, no files).
//! - `quality_csv`: the findings as `quality.csv` (columns documented there).
//! - `crop`: a small picture of a scanned page around a cell, embedded in the page.
//!
//! `cmd::report` reads the dataset and writes both files.

pub(crate) mod checks;
pub(crate) mod crop;
pub(crate) mod html;
pub(crate) mod summary;

pub(crate) use checks::{check_all, correction_findings, Finding, Severity};

use crate::dataset::csv::{Cell, Sheet};

/// Renders `quality.csv`: one row per finding, in document order. UTF-8, a
/// header row, RFC 4180 quoting, CRLF line ends (like the other CSVs); with
/// `bom`, the Excel flavour (a byte-order mark, formula-like cells quoted as
/// text: `dataset::csv::Cell`).
///
/// | column | meaning |
/// |---|---|
/// | `doc_id` | the document (`documents/<doc_id>.json`, `documents.csv`) |
/// | `block` | 0-based jabatan block, as in `blocks.csv`; empty for a document-level finding |
/// | `row` | 0-based indicator row, as in `indicators.csv`; empty for a document- or block-level finding |
/// | `field` | the field concerned (`sasaran`, `indikator`, `formula`, `sumber_data`, `tugas`, `fungsi`, `role`, `columns[i]`, `kecamatan` ...); empty when the whole document or block is meant |
/// | `check` | the check's name (see `report::checks`), e.g. `missing_sumber_data`, `count_with_percent_formula` |
/// | `severity` | `error` (data missing or unusable), `warning` (probably a mistake: check it), `info` (worth knowing) |
/// | `message` | what is wrong and what to do, in plain words for office staff |
/// | `value` | the text concerned, as written in the document (e.g. the formula, the header word) |
pub(crate) fn quality_csv(findings: &[Finding], bom: bool) -> std::io::Result<Vec<u8>> {
    let mut sheet = Sheet::new::<QualityRow>(Vec::new(), bom)?;
    for f in findings {
        let text = |s| Cell(s, bom);
        sheet.row(QualityRow {
            doc_id: text(&f.doc_id),
            block: f.block,
            row: f.row,
            field: text(&f.field),
            check: text(f.check),
            severity: text(f.severity.as_str()),
            message: text(&f.message),
            value: text(&f.value),
        })?;
    }
    sheet.finish()
}

/// A line of `quality.csv` (its columns, documented at [`quality_csv`]).
#[derive(serde::Serialize, Default)]
struct QualityRow<'a> {
    doc_id: Cell<'a>,
    block: Option<usize>,
    row: Option<usize>,
    field: Cell<'a>,
    check: Cell<'a>,
    severity: Cell<'a>,
    message: Cell<'a>,
    value: Cell<'a>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quality_csv_has_one_row_per_finding() {
        let f = Finding {
            doc_id: "abc".into(),
            block: Some(2),
            row: None,
            field: "formula".into(),
            check: "missing_formula",
            severity: Severity::Warning,
            message: "No formula, \"really\".".into(),
            value: "a\nb".into(),
            page: Some(3),
        };
        let out = String::from_utf8(quality_csv(&[f], false).unwrap()).unwrap();
        assert_eq!(out, "doc_id,block,row,field,check,severity,message,value\r\nabc,2,,formula,missing_formula,warning,\"No formula, \"\"really\"\".\",\"a\nb\"\r\n");
    }
}
