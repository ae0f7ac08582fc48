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
pub(crate) fn review_block(block: &Block, unmapped: &[String], unit_table: bool) -> Vec<String> {
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
    if let Some(r) = doubtful_rows(block) {
        out.push(r);
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

/// The fields a row is read into, in the order they are checked.
const ROW_FIELDS: [Field; 4] = [Field::Sasaran, Field::Indikator, Field::Formula, Field::SumberData];

/// A second indicator starting after a sentence in one indikator cell: two
/// rows read as one (`Jumlah kehadiran PNS. Jumlah pelanggaran disiplin.`).
static SECOND_INDICATOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[.;]\s+(?:Jumlah|Persentase|Prosentase|Presentase|Tingkat|Indeks|Rasio|Nilai|Capaian|Cakupan)\b").unwrap()
});

/// Why a row looks read wrongly, if it does: a piece of a row cut off from the
/// rest (no indikator, a one-word indikator with little else, every cell a
/// word or two), a row whose cells are mostly empty where the block's other
/// rows are filled, a header read as a row, two rows read as one.
fn doubtful_row(row: &crate::record::Indicator, filled_columns: &[Field], median_words: usize) -> Option<&'static str> {
    let cells: Vec<&str> = ROW_FIELDS.iter().filter_map(|f| row.field(*f)).filter(|t| !t.trim().is_empty()).collect();
    let words = |t: &str| t.split_whitespace().count();
    let indikator_words = row.indikator.as_deref().map_or(0, words);
    let row_words: usize = cells.iter().map(|t| words(t)).sum();
    if crate::vocab::headers::is_header_row(&cells) {
        return Some("a header read as a row");
    }
    if indikator_words == 0 && filled_columns.contains(&Field::Indikator) {
        return Some("no indikator");
    }
    if row_words * 10 < median_words * 3 || indikator_words <= 1 && cells.len() < filled_columns.len() {
        return Some("a piece of a row");
    }
    let missing = filled_columns.iter().filter(|f| row.field(**f).is_none_or(|t| t.trim().is_empty())).count();
    if filled_columns.len() >= 3 && missing * 2 >= filled_columns.len() {
        return Some("cells mostly empty");
    }
    if row.indikator.as_deref().is_some_and(|t| SECOND_INDICATOR.is_match(t)) {
        return Some("two indicators in one row");
    }
    None
}

/// The `rows_doubtful` reason of a block whose rows look read wrongly (cut,
/// merged, mostly empty), naming them; `None` when every row looks whole.
fn doubtful_rows(block: &Block) -> Option<String> {
    let n = block.indicators.len();
    if n == 0 {
        return None;
    }
    // The columns this block's rows fill: those filled in most of its rows.
    let filled_columns: Vec<Field> = ROW_FIELDS
        .iter()
        .copied()
        .filter(|f| block.indicators.iter().filter(|r| r.field(*f).is_some_and(|t| !t.trim().is_empty())).count() * 5 >= n * 3)
        .collect();
    let mut sizes: Vec<usize> = block
        .indicators
        .iter()
        .map(|r| ROW_FIELDS.iter().filter_map(|f| r.field(*f)).map(|t| t.split_whitespace().count()).sum())
        .collect();
    sizes.sort_unstable();
    let median_words = sizes[n / 2];
    let found: Vec<(usize, &str)> = block
        .indicators
        .iter()
        .enumerate()
        .filter_map(|(i, r)| doubtful_row(r, &filled_columns, median_words).map(|why| (i, why)))
        .collect();
    if found.is_empty() {
        return None;
    }
    let listed: Vec<String> = found.iter().take(5).map(|(i, why)| format!("row {} ({why})", i + 1)).collect();
    let more = if found.len() > 5 { format!(" and {} more", found.len() - 5) } else { String::new() };
    Some(format!(
        "rows_doubtful: {} of {n} rows look cut, merged or mostly empty: {}{more}; compare them with the table in the PDF",
        found.len(),
        listed.join(", ")
    ))
}

/// The document's reasons: every block's, prefixed with its number, and
/// document-wide ones (all blocks of an unknown role).
pub(crate) fn review_document(rec: &DocumentRecord) -> Vec<String> {
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

    fn row(sasaran: &str, indikator: &str, formula: &str, sumber: &str) -> Indicator {
        let some = |t: &str| (!t.is_empty()).then(|| t.to_string());
        Indicator {
            sasaran: some(sasaran),
            indikator: some(indikator),
            formula: some(formula),
            sumber_data: some(sumber),
            ..Default::default()
        }
    }

    #[test]
    fn rows_cut_merged_or_empty_are_flagged() {
        let whole = row(
            "Meningkatnya kualitas perencanaan kecamatan",
            "Jumlah dokumen perencanaan yang disusun tepat waktu",
            "Σ dokumen yang disusun / Σ dokumen yang direncanakan × 100%",
            "Subbagian Perencanaan dan Keuangan",
        );
        let short = row("Meningkatnya pembinaan", "Pembinaan Linmas.", "Jumlah anggota Linmas yang telah dibina.", "Seksi Trantib");
        let mut b = Block { jabatan: "Kasi Trantib".into(), indicators: vec![whole.clone(), short, whole.clone()], ..Default::default() };
        assert!(review_block(&b, &[], false).is_empty(), "a short but whole row is no doubt");
        for (bad, why) in [
            (row("Meningkatnya", "Jumlah", "Jumlah Kegiatan", "Data"), "a piece of a row"),
            (row("Perlindungan Masyarakat sesuai ketentuan", "", "", ""), "no indikator"),
            (row("SASARAN KEGIATAN", "INDIKATOR", "RUMUS/FORMULA", "SUMBER"), "a header read as a row"),
            (
                row(
                    "Meningkatnya disiplin",
                    "Jumlah kehadiran PNS dalam 1 tahun. Jumlah pelanggaran disiplin.",
                    "Σ hari hadir",
                    "Subbag Umum",
                ),
                "two indicators",
            ),
            (
                row("", "Persentase surat masuk dan keluar yang diselesaikan dan diarsipkan tepat waktu setiap bulan", "", ""),
                "cells mostly empty",
            ),
        ] {
            b.indicators = vec![whole.clone(), bad, whole.clone()];
            let r = review_block(&b, &[], false);
            assert_eq!(codes(&r), ["rows_doubtful"], "{why}");
            assert!(r[0].contains(&format!("row 2 ({why}")), "{}", r[0]);
        }
    }
}
