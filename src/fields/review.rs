//! Structure checks: where a document does not fit what iki knows, the record
//! says so in a `review` list (on the block and on the document) instead of
//! passing wrong data off as read. The document keeps its status; the ingest
//! log, its summary and `iki report` point at the documents to review.
//!
//! Each reason is `code: what is wrong and what to do`, in plain words.

use std::sync::LazyLock;

use regex::Regex;

use crate::record::{Block, DocumentRecord, Field};
use crate::vocab::headers::{field_of, Column};

/// A jabatan longer than this many words has likely swallowed other text.
const MAX_JABATAN_WORDS: usize = 12;

static TITLE_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)indikator\s+kinerja|\btahun\s+(19|20)\d\d|\bpemerintah\s+(kabupaten|kota)|^\s*kecamatan\b|\b(jabatan|tugas|fungsi)\s*\.?\s*:|\(\s*\)")
        .unwrap()
});

/// The reasons to review one block. `unmapped` are the header words of
/// columns that map to no field and are no known extra (TARGET, SATUAN ...).
pub fn review_block(block: &Block, unmapped: &[String], unit_table: bool) -> Vec<String> {
    let mut out = Vec::new();
    let words = block.jabatan.split_whitespace().count();
    if TITLE_WORDS.is_match(&block.jabatan) {
        out.push(format!(
            "jabatan_has_title_words: the jabatan \"{}\" holds title or label words; check where this block's position is named in the PDF",
            block.jabatan
        ));
    } else if words > MAX_JABATAN_WORDS {
        out.push(format!("jabatan_too_long: the jabatan has {words} words; it may have taken in other lines of the page"));
    } else if block.jabatan.is_empty() && !unit_table {
        out.push("jabatan_missing: no position name was found for this block; check the PDF".to_string());
    }
    if block.indicators.is_empty() {
        out.push(
            "no_indicator_rows: no indicator table was read for this block; check that its table is in the PDF and legible".to_string(),
        );
    } else if block.indicators.iter().all(|r| r.indikator.is_none()) {
        out.push("no_indikator_column: no row has an indikator; the table's columns may not have been recognised".to_string());
    }
    for h in unmapped {
        out.push(format!("unrecognised_column: the column \"{h}\" maps to no field; its values are kept in `extra`"));
    }
    if !block.indicators.is_empty() {
        let has_column = |f: Field| block.columns.iter().any(|c| field_of(c) == Some(Column::Field(f)));
        for f in [Field::Sasaran, Field::Formula, Field::SumberData, Field::Indikator] {
            let name = f.name();
            if has_column(f) && !block.indicators.iter().any(|r| r.field(f).is_some()) {
                out.push(format!("empty_column: the {name} column is empty in every row; the columns may be mapped wrongly"));
            }
        }
    }
    out
}

/// The document's reasons: every block's, prefixed with its number, and
/// document-wide ones (all blocks of an unknown role).
pub fn review_document(rec: &DocumentRecord) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (i, b) in rec.blocks.iter().enumerate() {
        for r in &b.review {
            out.push(format!("block {}: {r}", i + 1));
        }
    }
    if !rec.blocks.is_empty() && rec.blocks.iter().all(|b| b.role == "other") {
        out.push(
            "roles_unknown: no block's jabatan is a known position; check the jabatan names, or add the role to iki's list".to_string(),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::Indicator;

    fn block(jabatan: &str, rows: usize) -> Block {
        let row = Indicator { indikator: Some("Jumlah dokumen".into()), sasaran: Some("Meningkatnya".into()), ..Default::default() };
        Block { jabatan: jabatan.into(), indicators: vec![row; rows], ..Default::default() }
    }

    fn codes(v: &[String]) -> Vec<&str> {
        v.iter().map(|r| r.split(':').next().unwrap_or("")).collect()
    }

    #[test]
    fn blocks_that_do_not_fit_are_flagged() {
        assert!(review_block(&block("SEKRETARIS KECAMATAN", 2), &[], false).is_empty());
        assert!(review_block(&block("Seksi Pemerintahan Kecamatan Kromengan", 2), &[], false).is_empty());
        let r = review_block(&block("TAHUN 2023 – 2026 KECAMATAN TEKUNG Jabatan ( ) : Seksi Trantib", 2), &[], false);
        assert_eq!(codes(&r), ["jabatan_has_title_words"]);
        let r = review_block(&block("Kepala Seksi Pemerintahan", 0), &["CAPAIAN".into()], false);
        assert_eq!(codes(&r), ["no_indicator_rows", "unrecognised_column"]);
        let mut b = block("Kasi Pelayanan", 2);
        b.columns = vec!["SASARAN".into(), "INDIKATOR".into(), "FORMULA".into()];
        assert_eq!(codes(&review_block(&b, &[], false)), ["empty_column"]);
        assert_eq!(codes(&review_block(&block("", 2), &[], false)), ["jabatan_missing"]);
        assert!(review_block(&block("", 2), &[], true).is_empty());
    }
}
