//! Fields: one jabatan block -> jabatan (eselon, unit), tugas, fungsi, tujuan,
//! indikator tujuan and the indicator rows.

pub mod columns;
pub mod items;
pub mod rows;

use std::sync::LazyLock;

use regex::Regex;

use crate::dataset::record::Block;
use crate::layout::{Element, Table};
use crate::segment::metadata::fold;
use crate::segment::BlockSpan;

/// A labelled field line: `2. Tugas : ...`, `FUNGSI: ...`, `Indikator Tujuan : ...`.
/// OCR reads the colon as `1`, `l` or `|` at times: a lone one counts too.
static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:\d{1,2}\s*[.)]?\s*)?(nama\s+jabatan|jabatan|tugas(?:\s+pokok)?|fungsi|tujuan|indikator\s+tujuan|eselon)(?:\s*[:;]|\s+[1lI|]\s)\s*(.*)$").unwrap()
});
static ESELON: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)\beselon\s*[:.]?\s*(I{1,3}V?|IV)(?:\s*[.-]?\s*([ab]))?\b").unwrap());
static PAREN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\(([^()]*)\)?\s*$").unwrap());

#[derive(Clone, Copy, PartialEq)]
enum Slot {
    None,
    Jabatan,
    Tugas,
    Fungsi,
    Tujuan,
    IndikatorTujuan,
    Eselon,
}

/// Reads one block. Normalised fields and the role are left empty here.
pub fn read_block(span: &BlockSpan) -> Block {
    let mut slot = Slot::None;
    let mut jabatan: Vec<String> = Vec::new();
    let mut tugas: Vec<String> = Vec::new();
    let mut fungsi: Vec<String> = Vec::new();
    let mut tujuan: Vec<String> = Vec::new();
    let mut ind_tujuan: Vec<String> = Vec::new();
    let mut eselon_text: Vec<String> = Vec::new();
    let mut tables: Vec<&Table> = Vec::new();
    let mut pages: Vec<usize> = Vec::new();
    for (k, e) in span.elements.iter().enumerate() {
        if !pages.contains(&e.page()) {
            pages.push(e.page());
        }
        match e {
            Element::Table(t) => {
                tables.push(t);
                slot = Slot::None;
            }
            Element::Line(l) => {
                let mut text = l.text.as_str();
                let label = LABEL
                    .captures(text)
                    .map(|c| (c[1].to_lowercase(), c.get(2).map_or("", |m| m.as_str())))
                    .or_else(|| crate::segment::bare_label(text));
                if let Some((label, rest)) = label {
                    slot = match label.split_whitespace().next().unwrap_or("") {
                        "nama" | "jabatan" => Slot::Jabatan,
                        "tugas" => Slot::Tugas,
                        "fungsi" => Slot::Fungsi,
                        "tujuan" => Slot::Tujuan,
                        "indikator" => Slot::IndikatorTujuan,
                        _ => Slot::Eselon,
                    };
                    text = rest;
                } else if k == 0 {
                    slot = Slot::Jabatan; // a block opened by a heading and the bare name
                } else if !tables.is_empty() {
                    continue; // notes after a table are not fields
                }
                let dst = match slot {
                    Slot::Jabatan => &mut jabatan,
                    Slot::Tugas => &mut tugas,
                    Slot::Fungsi => &mut fungsi,
                    Slot::Tujuan => &mut tujuan,
                    Slot::IndikatorTujuan => &mut ind_tujuan,
                    Slot::Eselon => &mut eselon_text,
                    Slot::None => continue,
                };
                if !text.trim().chars().all(|c| c.is_ascii_punctuation() || c.is_whitespace()) {
                    dst.push(text.to_string()); // not a stray "." of broken numbering
                }
            }
        }
    }
    let rows = rows::read_rows(&tables);
    let (jabatan, unit, eselon_in_name) = split_jabatan(&fold(&jabatan.join(" ")));
    let eselon = eselon_in_name.or_else(|| eselon_of(&eselon_text.join(" "))).or_else(|| span.heading.as_deref().and_then(eselon_of));
    let tujuan_items = items::split_items(&tujuan);
    Block {
        jabatan,
        unit,
        eselon,
        tugas: items::split_items(&tugas),
        fungsi: items::split_items(&fungsi),
        tujuan: (!tujuan_items.is_empty()).then(|| tujuan_items.join(" ")),
        indikator_tujuan: items::split_items(&ind_tujuan),
        pages,
        columns: rows.columns,
        indicators: rows.indicators,
        ..Default::default()
    }
}

/// "PENGELOLA DATA (Kasi Kesejahteraan Sosial)" -> name, unit; an eselon
/// written in the name ("(Eselon IV.a)") is taken out as well.
fn split_jabatan(text: &str) -> (String, Option<String>, Option<String>) {
    let mut name = text.trim().trim_end_matches([':', ';']).trim().to_string();
    let mut eselon = None;
    if let Some(m) = ESELON.find(&name) {
        eselon = eselon_of(m.as_str());
        name = format!("{} {}", &name[..m.start()], &name[m.end()..]);
        name = fold(&name.replace("()", ""));
    }
    let mut unit = None;
    if let Some(c) = PAREN.captures(&name) {
        let inner = fold(&c[1]);
        if !inner.is_empty() {
            unit = Some(inner);
        }
        name = name[..c.get(0).map_or(name.len(), |m| m.start())].trim().to_string();
    }
    (fold(&name), unit, eselon)
}

fn eselon_of(text: &str) -> Option<String> {
    ESELON.captures(text).map(|c| {
        let mut e = c[1].to_uppercase();
        if let Some(sub) = c.get(2) {
            e.push('.');
            e.push_str(&sub.as_str().to_lowercase());
        }
        e
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_survive_ocr_colons() {
        assert_eq!(&LABEL.captures("3. Fungsi 1 - Perencanaan kegiatan").unwrap()[1], "Fungsi");
        assert_eq!(&LABEL.captures("TUGAS : a. Menyusun").unwrap()[2], "a. Menyusun");
        assert!(LABEL.captures("Fungsi kecamatan adalah").is_none());
    }

    #[test]
    fn jabatan_with_superior_and_eselon() {
        assert_eq!(
            split_jabatan("PRANATA PERLINDUNGAN MASYARAKAT (Kasi Ketentraman dan Ketertiban)"),
            ("PRANATA PERLINDUNGAN MASYARAKAT".into(), Some("Kasi Ketentraman dan Ketertiban".into()), None)
        );
        assert_eq!(
            split_jabatan("KEPALA SEKSI PEMERINTAHAN (Eselon IV.a)"),
            ("KEPALA SEKSI PEMERINTAHAN".into(), None, Some("IV.a".into()))
        );
        assert_eq!(split_jabatan("SEKRETARIS KECAMATAN"), ("SEKRETARIS KECAMATAN".into(), None, None));
    }
}
