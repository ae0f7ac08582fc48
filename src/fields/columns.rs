//! Table headers -> fields, by meaning rather than exact words: each column
//! gets the field its strongest header word points to (see
//! [`crate::layout::headers`]), or the one its position suggests.

use crate::layout::headers::{field_of, Field};

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
}
