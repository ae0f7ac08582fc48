//! Table headers -> fields, as one assignment over the whole header.
//!
//! Every column gets a score for every indicator field: what its header words
//! say (see [`crate::vocab::headers::field_scores`]), what its cells read like
//! (a computation, a measure, a "-nya" outcome, a short source), and a small
//! prior for the usual order (sasaran, indikator, formula, sumber data). The
//! assignment with the best total wins, each field used at most once, so two
//! headers that could both be the formula are settled by their cells, and
//! `URAIAN` is the indicator or the formula as the other columns leave it.
//! Columns left over (NO, TARGET, SATUAN, or unknown words) map to no field.

use std::sync::LazyLock;

use regex::Regex;

use crate::record::Field;
pub(crate) use crate::vocab::headers::Column;
use crate::vocab::headers::{field_scores, FIELDS};

/// Below this, a column is better left unmapped than given a field.
const MIN_SCORE: f32 = 0.5;

/// Maps every column to a field. `headers` are the header texts, `cells` the
/// body cell texts column by column (may be empty when the table has no body).
pub(crate) fn map_columns(headers: &[String], cells: &[Vec<String>]) -> Vec<Column> {
    let n = headers.len();
    let scores: Vec<([f32; 6], Option<Column>)> = (0..n)
        .map(|c| {
            let (mut s, fixed) = field_scores(&headers[c]);
            let sample: &[String] = cells.get(c).map(Vec::as_slice).unwrap_or(&[]);
            for (k, f) in FIELDS.iter().enumerate() {
                s[k] += content_score(*f, sample);
            }
            (s, fixed)
        })
        .collect();
    // Data columns in order, for the positional prior.
    let data_cols: Vec<usize> = (0..n).filter(|&c| scores[c].1.is_none()).collect();
    let prior = |c: usize, k: usize| -> f32 {
        let order = [Field::Sasaran, Field::Indikator, Field::Formula, Field::SumberData];
        let pos = data_cols.iter().position(|&d| d == c);
        match (pos, order.iter().position(|f| *f == FIELDS[k])) {
            (Some(p), Some(o)) if p == o => 0.6,
            _ => 0.0,
        }
    };
    // Best assignment by dynamic programming over (column, fields used).
    let states = 1usize << FIELDS.len();
    let mut best = vec![vec![f32::NEG_INFINITY; states]; n + 1];
    let mut choice = vec![vec![(usize::MAX, 0usize); states]; n + 1];
    best[0][0] = 0.0;
    for c in 0..n {
        for mask in 0..states {
            let here = best[c][mask];
            if here == f32::NEG_INFINITY {
                continue;
            }
            // Leave the column unmapped.
            if here > best[c + 1][mask] {
                best[c + 1][mask] = here;
                choice[c + 1][mask] = (usize::MAX, mask);
            }
            if scores[c].1.is_some() {
                continue;
            }
            for k in 0..FIELDS.len() {
                if mask & (1 << k) != 0 {
                    continue;
                }
                let s = scores[c].0[k] + prior(c, k);
                if s < MIN_SCORE {
                    continue;
                }
                let next = mask | (1 << k);
                if here + s > best[c + 1][next] {
                    best[c + 1][next] = here + s;
                    choice[c + 1][next] = (k, mask);
                }
            }
        }
    }
    let mut mask = (0..states).max_by(|&a, &b| best[n][a].total_cmp(&best[n][b])).unwrap_or(0);
    let mut out = vec![Column::Extra; n];
    for c in (0..n).rev() {
        let (k, prev) = choice[c + 1][mask];
        out[c] = match (k, scores[c].1) {
            (_, Some(fixed)) => fixed,
            (usize::MAX, None) => Column::Extra,
            (k, None) => Column::Field(FIELDS[k]),
        };
        mask = prev;
    }
    out
}

static COMPUTATION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)(/|÷|×|\bx\s*100|%|Σ|=|\bdibagi\b|\bdikali\b|\bpembagian\b|\brumus\b|\bf\(x\))").unwrap());
static MEASURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:\d+\s*[.)]\s*)?(?:jumlah|persentase|prosentase|presentase|tingkat|indeks|rasio|nilai|capaian|angka|cakupan|ketersediaan|rata)").unwrap()
});
static OUTCOME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^(?:me|ter|ber|di|opt)\w*(?:nya|kan)\b|^(?:peningkatan|meningkat)").unwrap());

/// How much a column's cells read like the field (0..~1): formulas compute,
/// indicators open with a measure word, sasaran with an outcome word. Only
/// ever a tie-breaker beside the header's words.
fn content_score(f: Field, cells: &[String]) -> f32 {
    let filled: Vec<&String> = cells.iter().filter(|c| !c.trim().is_empty()).collect();
    if filled.is_empty() {
        return 0.0;
    }
    let share = |re: &Regex| filled.iter().filter(|c| re.is_match(c)).count() as f32 / filled.len() as f32;
    match f {
        Field::Formula => 0.8 * share(&COMPUTATION),
        Field::Indikator => 0.6 * share(&MEASURE),
        Field::Sasaran => 0.4 * share(&OUTCOME),
        _ => 0.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Column::{Extra, Field as F, Nomor};
    use Field::*;

    fn map(h: &[&str]) -> Vec<Column> {
        map_columns(&h.iter().map(|s| s.to_string()).collect::<Vec<_>>(), &[])
    }

    fn with_cells(h: &[&str], cells: &[&[&str]]) -> Vec<Column> {
        let cells: Vec<Vec<String>> = cells.iter().map(|c| c.iter().map(|s| s.to_string()).collect()).collect();
        map_columns(&h.iter().map(|s| s.to_string()).collect::<Vec<_>>(), &cells)
    }

    #[test]
    fn maps_header_wordings() {
        let four = vec![F(Sasaran), F(Indikator), F(Formula), F(SumberData)];
        assert_eq!(map(&["SASARAN/KINERJA UTAMA", "INDIKATOR KINERJA UTAMA", "PENJELASAN/FORMULASI PENGHITUNGAN", "SUMBER DATA"]), four);
        assert_eq!(map(&["SASARAN STRATEGIS", "INDIKATOR KINERJA", "PENJELASAN/FORMULASI PERHITUNGAN", "SUMBER DATA"]), four);
        assert_eq!(map(&["KINERJA", "INDIKATOR KINERJA", "PENJELASAN/FORMULAS PERHITUNGAN", "SUMBER DATA"]), four);
        assert_eq!(map(&["INERJA", "INDIKATOR KINERJA", "PENJELASAN/ FORMULASI PERHITUNGAN", "SUMBER DATA"]), four);
        assert_eq!(map(&["SASARN STRATEGIS", "INDIKATOR KEGIATAN", "RUMUS/FORMULA", "SUMBER DATA"]), four);
        assert_eq!(map(&["Sasaran Kegiatan", "IKI", "Cara Pengukuran", "Sumber"]), four);
        assert_eq!(map(&["KINERJA UTAMA", "IKU", "ALASAN/PENJELASAN", "SUMBER"]), four);
        assert_eq!(map(&["SASARAN PROGRAM", "INDIKATOR PROGRAM", "FORMULASI", "SUMBER DATA"]), four);
        assert_eq!(
            map(&[
                "NO",
                "SASARAN KEGIATAN",
                "INDIKATOR KEGIATAN",
                "DIFINISI OPERASIONAL",
                "FORMULASI PERHITUNGAN",
                "PENANGGUNG JAWAB",
                "SUMBER DATA"
            ]),
            vec![Nomor, F(Sasaran), F(Indikator), F(Definisi), F(Formula), F(PenanggungJawab), F(SumberData)]
        );
        // Shuffled, with columns the record has no field for.
        assert_eq!(
            map(&["N0", "SASARAN", "INDIKATOR KINERJA", "TARGET", "SATUAN", "SUMBER", "FORMULASI"]),
            vec![Nomor, F(Sasaran), F(Indikator), Extra, Extra, F(SumberData), F(Formula)]
        );
        // OCR lost "INDIKATOR KINERJA": the column takes the field its place suggests.
        assert_eq!(map(&["SASARAN/KINERJA UTAMA", "mer UTAMA", "PENJELASAN/FORMULASI PENGHITUNGAN N", "SUMBER DATA"]), four);
    }

    #[test]
    fn cells_settle_what_headers_leave_open() {
        // URAIAN as the indicator ...
        assert_eq!(
            with_cells(
                &["SASARAN", "URAIAN", "FORMULA", "SUMBER"],
                &[&["Meningkatnya layanan"], &["Jumlah dokumen"], &["Σ dokumen / Σ rencana × 100%"], &["Seksi"]]
            ),
            vec![F(Sasaran), F(Indikator), F(Formula), F(SumberData)]
        );
        // ... and as the formula.
        assert_eq!(
            with_cells(
                &["SASARAN", "INDIKATOR", "URAIAN", "SUMBER"],
                &[&["Meningkatnya layanan"], &["Jumlah dokumen"], &["Σ dokumen / Σ rencana × 100%"], &["Seksi"]]
            ),
            vec![F(Sasaran), F(Indikator), F(Formula), F(SumberData)]
        );
        // Two headers could be the formula: the one whose cells compute wins.
        assert_eq!(
            with_cells(
                &["SASARAN", "INDIKATOR", "DEFINISI / RUMUS", "FORMULASI PERHITUNGAN", "SUMBER"],
                &[&["Meningkatnya layanan"], &["Persentase surat"], &["Surat yang selesai tepat waktu"], &["a / b × 100%"], &["Seksi"]]
            ),
            vec![F(Sasaran), F(Indikator), F(Definisi), F(Formula), F(SumberData)]
        );
    }
}
