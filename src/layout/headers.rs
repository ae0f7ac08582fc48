//! The table-header vocabulary: which words name which indicator field.
//!
//! Header words vary between decrees (SASARAN STRATEGIS, KINERJA, SASARAN
//! KEGIATAN; PENJELASAN/FORMULASI PENGHITUNGAN, RUMUS/FORMULA; DIFINISI
//! OPERASIONAL ...) and arrive damaged (INERJA, SASARN). Each word is matched
//! to a small vocabulary with a similarity threshold. Layout uses it to find a
//! table drawn without rulings by its header row; fields uses it to map columns.

use strsim::normalized_levenshtein;

/// The indicator-row fields a column can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Nomor,
    Sasaran,
    Indikator,
    Formula,
    SumberData,
    Definisi,
    PenanggungJawab,
    /// Target, satuan, keterangan...: known header words that map to no field.
    Other,
}

/// Header vocabulary: word -> the field it signals, strongest first.
const VOCAB: &[(&str, Field)] = &[
    ("indikator", Field::Indikator),
    ("formulasi", Field::Formula),
    ("formula", Field::Formula),
    ("rumus", Field::Formula),
    ("penjelasan", Field::Formula),
    ("penghitungan", Field::Formula),
    ("perhitungan", Field::Formula),
    ("cara", Field::Formula),
    ("sumber", Field::SumberData),
    ("definisi", Field::Definisi),
    ("difinisi", Field::Definisi),
    ("operasional", Field::Definisi),
    ("penanggung", Field::PenanggungJawab),
    ("jawab", Field::PenanggungJawab),
    ("sasaran", Field::Sasaran),
    ("kinerja", Field::Sasaran),
    ("tujuan", Field::Sasaran),
    ("strategis", Field::Sasaran),
    ("kegiatan", Field::Sasaran),
    ("program", Field::Sasaran),
    ("no", Field::Nomor),
    ("nomor", Field::Nomor),
    ("target", Field::Other),
    ("satuan", Field::Other),
    ("keterangan", Field::Other),
    ("ket", Field::Other),
    ("alasan", Field::Other),
];

/// Header words that name no column on their own ("INDIKATOR KINERJA UTAMA",
/// "SUMBER DATA"): they count as header words but choose no field.
const NEUTRAL: &[&str] = &["utama", "individu", "data", "pengukuran", "iku", "iki"];

/// The vocabulary entry a header word matches, if any.
fn vocab(word: &str) -> Option<(usize, Field)> {
    let w = word.to_lowercase();
    if w.len() < 2 {
        return None;
    }
    VOCAB.iter().enumerate().find_map(|(rank, (v, f))| {
        let exact = w == *v;
        let close = w.len() >= 5 && v.len() >= 5 && normalized_levenshtein(&w, v) >= 0.75;
        (exact || close).then_some((rank, *f))
    })
}

/// The words of a header cell; column numbers (`(1)`, `2`) are not words.
fn header_words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty() && !w.chars().all(|c| c.is_ascii_digit()))
}

/// A row of column numbers under a header: `(1) | (2) | (3)` or `1 | 2 | 3`.
fn is_number_row(cells: &[&str]) -> bool {
    let filled: Vec<&str> = cells.iter().map(|c| c.trim()).filter(|c| !c.is_empty()).collect();
    filled.len() >= 3
        && filled.len() * 4 >= cells.len() * 3
        && filled.iter().all(|c| {
            let d = c.trim_start_matches('(').trim_end_matches(')');
            !d.is_empty() && d.len() <= 2 && d.chars().all(|ch| ch.is_ascii_digit())
        })
}

/// Share of the text's words that are header vocabulary (0 when empty).
pub fn header_share(text: &str) -> f32 {
    let (mut n, mut hits) = (0, 0);
    for w in header_words(text) {
        n += 1;
        if vocab(w).is_some() || NEUTRAL.contains(&w.to_lowercase().as_str()) {
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
pub fn is_header_row(cells: &[&str]) -> bool {
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
pub fn is_damaged_header_row(cells: &[&str]) -> bool {
    let filled: Vec<&&str> = cells.iter().filter(|c| !c.trim().is_empty()).collect();
    let short = filled.iter().all(|c| header_words(c).count() <= 4);
    let named = filled.iter().filter(|c| header_share(c) >= 0.5 && field_of(c).is_some_and(|f| f != Field::Other)).count();
    filled.len() >= 2 && (short && named >= 1 || named >= 3 && filled.iter().all(|c| header_words(c).count() <= 6))
}

/// The field a header cell names: its strongest vocabulary word, where
/// INDIKATOR beats KINERJA ("INDIKATOR KINERJA" is the indicator column) and
/// FORMULASI beats PENJELASAN.
pub fn field_of(header: &str) -> Option<Field> {
    let best = header_words(header).filter_map(vocab).min_by_key(|(rank, _)| *rank)?;
    Some(best.1)
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
