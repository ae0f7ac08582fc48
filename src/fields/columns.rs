//! Table headers -> fields, by meaning rather than exact words.
//!
//! Header words vary between decrees (SASARAN STRATEGIS, KINERJA, SASARAN
//! KEGIATAN; PENJELASAN/FORMULASI PENGHITUNGAN, RUMUS/FORMULA; DIFINISI
//! OPERASIONAL ...) and arrive damaged (INERJA, SASARN). Each word is matched
//! to a small vocabulary with a similarity threshold, then the column gets the
//! field its strongest word points to.

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

fn header_words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty())
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

/// Maps every column of a header to a field. Unrecognised columns get the
/// field their position suggests (sasaran, indikator, formula, sumber data)
/// when that field is still free.
pub fn map_columns(headers: &[String]) -> Vec<Option<Field>> {
    let mut fields: Vec<Option<Field>> = headers.iter().map(|h| field_of(h)).collect();
    // One column per field: a later duplicate keeps the mapping only if the
    // first was weak (e.g. two "KINERJA" columns: sasaran then indikator).
    for i in 0..fields.len() {
        for j in 0..i {
            if fields[i].is_some() && fields[i] == fields[j] && fields[i] != Some(Field::Other) {
                fields[i] = match fields[i] {
                    Some(Field::Sasaran) => Some(Field::Indikator),
                    _ => None,
                };
            }
        }
    }
    let order = [Field::Sasaran, Field::Indikator, Field::Formula, Field::SumberData];
    let data_cols: Vec<usize> = (0..fields.len()).filter(|&i| fields[i] != Some(Field::Nomor)).collect();
    for (k, &i) in data_cols.iter().enumerate() {
        if fields[i].is_none() {
            if let Some(f) = order.get(k).filter(|f| !fields.contains(&Some(**f))) {
                fields[i] = Some(*f);
            }
        }
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(h: &[&str]) -> Vec<Option<Field>> {
        map_columns(&h.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn maps_the_corpus_header_variants() {
        use Field::*;
        let four = vec![Some(Sasaran), Some(Indikator), Some(Formula), Some(SumberData)];
        assert_eq!(map(&["SASARAN/KINERJA UTAMA", "INDIKATOR KINERJA UTAMA", "PENJELASAN/FORMULASI PENGHITUNGAN", "SUMBER DATA"]), four);
        assert_eq!(map(&["SASARAN STRATEGIS", "INDIKATOR KINERJA", "PENJELASAN/FORMULASI PERHITUNGAN", "SUMBER DATA"]), four);
        assert_eq!(map(&["KINERJA", "INDIKATOR KINERJA", "PENJELASAN/FORMULAS PERHITUNGAN", "SUMBER DATA"]), four);
        assert_eq!(map(&["INERJA", "INDIKATOR KINERJA", "PENJELASAN/ FORMULASI PERHITUNGAN", "SUMBER DATA"]), four);
        assert_eq!(map(&["SASARN STRATEGIS", "INDIKATOR KEGIATAN", "RUMUS/FORMULA", "SUMBER DATA"]), four);
        assert_eq!(
            map(&["NO", "SASARAN KEGIATAN", "INDIKATOR KINERJA", "DIFINISI OPERASIONAL", "FORMULASI PERHITUNGAN", "PENANGGUNG JAWAB"]),
            vec![Some(Nomor), Some(Sasaran), Some(Indikator), Some(Definisi), Some(Formula), Some(PenanggungJawab)]
        );
        // OCR lost "INDIKATOR KINERJA": the column takes the field its place suggests.
        assert_eq!(map(&["SASARAN/KINERJA UTAMA", "mer UTAMA", "PENJELASAN/FORMULASI PENGHITUNGAN N", "SUMBER DATA"]), four);
    }

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
