//! The table-header vocabulary: which words name which indicator field.
//!
//! Header words vary between decrees (SASARAN STRATEGIS, KINERJA, SASARAN
//! KEGIATAN; PENJELASAN/FORMULASI PENGHITUNGAN, RUMUS/FORMULA; DIFINISI
//! OPERASIONAL ...) and arrive damaged (INERJA, SASARN). Each word is matched
//! to a small vocabulary with a similarity threshold. Layout uses it to find a
//! table drawn without rulings by its header row; fields uses it to map columns.

use strsim::normalized_levenshtein;

use crate::record::Field;

/// What a column holds, as its header names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Column {
    Field(Field),
    /// The row number (`NO`).
    Nomor,
    /// A column the record has no field for (TARGET, SATUAN, KETERANGAN ...):
    /// kept in `extra`.
    Extra,
}

/// The fields a column can be assigned, in the order of [`field_scores`].
pub(crate) const FIELDS: [Field; 6] = Field::ALL;

const fn f(x: Field) -> Column {
    Column::Field(x)
}

/// Header vocabulary: word -> the field it signals and how strongly.
/// `URAIAN` names the indicator in some decrees and the formula in others: it
/// signals both, weakly, and the table's other columns and cells decide.
const VOCAB: &[(&str, Column, f32)] = &[
    ("indikator", f(Field::Indikator), 3.0),
    ("iki", f(Field::Indikator), 3.0),
    ("iku", f(Field::Indikator), 3.0),
    ("formulasi", f(Field::Formula), 3.0),
    ("formula", f(Field::Formula), 3.0),
    ("rumus", f(Field::Formula), 2.5),
    ("penghitungan", f(Field::Formula), 2.0),
    ("perhitungan", f(Field::Formula), 2.0),
    ("pengukuran", f(Field::Formula), 1.5),
    ("penjelasan", f(Field::Formula), 1.5),
    ("cara", f(Field::Formula), 1.0),
    ("alasan", f(Field::Formula), 1.0),
    ("uraian", f(Field::Indikator), 1.0),
    ("uraian", f(Field::Formula), 1.0),
    ("sumber", f(Field::SumberData), 3.0),
    ("definisi", f(Field::Definisi), 3.0),
    ("difinisi", f(Field::Definisi), 3.0),
    ("operasional", f(Field::Definisi), 2.0),
    ("penanggung", f(Field::PenanggungJawab), 3.0),
    ("pj", f(Field::PenanggungJawab), 3.0),
    ("jawab", f(Field::PenanggungJawab), 2.0),
    ("sasaran", f(Field::Sasaran), 3.0),
    ("strategis", f(Field::Sasaran), 1.5),
    ("kinerja", f(Field::Sasaran), 1.0),
    ("tujuan", f(Field::Sasaran), 1.0),
    ("kegiatan", f(Field::Sasaran), 0.5),
    ("program", f(Field::Sasaran), 0.5),
    ("no", Column::Nomor, 3.0),
    ("n0", Column::Nomor, 3.0),
    ("nomor", Column::Nomor, 3.0),
    ("target", Column::Extra, 3.0),
    ("satuan", Column::Extra, 3.0),
    ("keterangan", Column::Extra, 3.0),
    ("ket", Column::Extra, 3.0),
    ("realisasi", Column::Extra, 3.0),
    ("bobot", Column::Extra, 3.0),
    ("baseline", Column::Extra, 3.0),
];

/// Header words that name no column on their own ("INDIKATOR KINERJA UTAMA",
/// "SUMBER DATA"): they count as header words but choose no field.
const NEUTRAL: &[&str] = &["utama", "individu", "data", "operasional", "per", "dan", "atau"];

/// The vocabulary entries a header word matches (exactly, or closely for
/// words of five letters or more: OCR damage such as INERJA, SASARN).
fn vocab(word: &str) -> impl Iterator<Item = (Column, f32)> + '_ {
    let w = word.to_lowercase();
    VOCAB.iter().filter_map(move |(v, f, weight)| {
        let exact = w == *v;
        let close = w.len() >= 5 && v.len() >= 5 && normalized_levenshtein(&w, v) >= 0.75;
        (w.len() >= 2 && (exact || close)).then_some((*f, *weight))
    })
}

/// What a header cell says of each field in [`FIELDS`] (its strongest
/// matching word's weight), and whether it names a column that is no field
/// (`NO` -> `Nomor`, `TARGET`, `SATUAN` -> `Extra`) more strongly than any field.
pub(crate) fn field_scores(header: &str) -> ([f32; 6], Option<Column>) {
    let mut s = [0.0f32; 6];
    let mut fixed: Option<(Column, f32)> = None;
    for w in header_words(header) {
        for (f, weight) in vocab(w) {
            match FIELDS.iter().position(|x| Column::Field(*x) == f) {
                Some(k) => s[k] = s[k].max(weight),
                None => {
                    if fixed.is_none_or(|x| x.1 < weight) {
                        fixed = Some((f, weight));
                    }
                }
            }
        }
    }
    let strongest = s.iter().copied().fold(0.0, f32::max);
    (s, fixed.filter(|x| x.1 >= strongest).map(|x| x.0))
}

/// The words of a header cell; column numbers (`(1)`, `2`) are not words.
fn header_words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty() && !w.chars().all(|c| c.is_ascii_digit()))
}

/// A row of column numbers under a header: `(1) | (2) | (3)` or `1 | 2 | 3`.
pub(crate) fn is_number_row(cells: &[&str]) -> bool {
    let filled: Vec<&str> = cells.iter().map(|c| c.trim()).filter(|c| !c.is_empty()).collect();
    filled.len() >= 3
        && filled.len() * 4 >= cells.len() * 3
        && filled.iter().all(|c| {
            let d = c.trim_start_matches('(').trim_end_matches(')');
            !d.is_empty() && d.len() <= 2 && d.chars().all(|ch| ch.is_ascii_digit())
        })
}

/// Share of the text's words that are header vocabulary (0 when empty).
pub(crate) fn header_share(text: &str) -> f32 {
    let (mut n, mut hits) = (0, 0);
    for w in header_words(text) {
        n += 1;
        if vocab(w).next().is_some() || NEUTRAL.contains(&w.to_lowercase().as_str()) {
            hits += 1;
        }
    }
    if n == 0 {
        0.0
    } else {
        hits as f32 / n as f32
    }
}

/// Is this row of cell texts a header row? Most of its filled cells are made
/// of header words, and there are at least two of them.
pub(crate) fn is_header_row(cells: &[&str]) -> bool {
    if is_number_row(cells) {
        return true;
    }
    let filled: Vec<&&str> = cells.iter().filter(|c| !c.trim().is_empty()).collect();
    if filled.len() < 2 {
        return false;
    }
    let headerish = filled.iter().filter(|c| header_share(c) >= 0.6).count();
    headerish * 4 >= filled.len() * 3
}

/// A table's first row read badly by OCR ("am | Temon | [aa PENJELASAN/FORMULASI
/// | an") is still its header when a cell holds a field-naming header word and
/// no cell reads like data (more than four words).
pub(crate) fn is_damaged_header_row(cells: &[&str]) -> bool {
    let filled: Vec<&&str> = cells.iter().filter(|c| !c.trim().is_empty()).collect();
    let short = filled.iter().all(|c| header_words(c).count() <= 4);
    let named = filled.iter().filter(|c| header_share(c) >= 0.5 && field_of(c).is_some_and(|f| f != Column::Extra)).count();
    filled.len() >= 2 && (short && named >= 1 || named >= 3 && filled.iter().all(|c| header_words(c).count() <= 6))
}

/// The field a header cell names most strongly (INDIKATOR beats KINERJA in
/// "INDIKATOR KINERJA", FORMULASI beats PENJELASAN); `Nomor` or `Extra` for
/// a column that is no field.
pub(crate) fn field_of(header: &str) -> Option<Column> {
    let (s, fixed) = field_scores(header);
    if fixed.is_some() {
        return fixed;
    }
    let (k, best) = s.iter().enumerate().fold((0, 0.0f32), |a, (k, &v)| if v > a.1 { (k, v) } else { a });
    (best > 0.0).then(|| Column::Field(FIELDS[k]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_rows_are_told_from_data_rows() {
        assert!(is_header_row(&["SASARAN/KINERJA UTAMA", "INDIKATOR KINERJA UTAMA", "PENJELASAN/FORMULASI PENGHITUNGAN", "SUMBER DATA"]));
        assert!(!is_header_row(&[
            "Penunjang Urusan Pemerintahan",
            "Persentase pemenuhan dukungan",
            "Σ jumlah yang disusun",
            "Subag. Umum"
        ]));
        assert!(!is_header_row(&["Terlaksananya kegiatan", "Jumlah Dokumen Kinerja", "", ""]));
        assert!(is_header_row(&["SASARAN STRATEGIS (1)", "IKI (2)", "SATUAN (3)", "TARGET (4)", "FORMULASI (5)", "SUMBER DATA (6)"]));
        assert!(is_header_row(&["(1)", "(2)", "(3)", "(4)"]));
        assert!(!is_header_row(&["1", "Meningkatnya kinerja", "Jumlah dokumen", "Seksi"]));
        assert!(is_damaged_header_row(&["am", "Temon", "[aa PENJELASAN/FORMULASI", "an"]));
        assert!(is_damaged_header_row(&[
            "SASARAN/KINERJA UTAMA",
            "ANGE? UTAMA",
            "PENJELASAN/FORMULASI PENGHITUNGAN ee re oe",
            "SUMBER DATA"
        ]));
        assert!(!is_damaged_header_row(&["Pembinaan Linmas.", "Jumlah anggota Linmas yang telah dibina.", "Seksi", ""]));
    }
}
