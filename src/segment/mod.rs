//! Segmentation: a document's reading order -> the decree part and one span of
//! elements per jabatan block of the lampiran.
//!
//! A block opens at a `JABATAN :` line (numbered or not), or at an
//! `INDIKATOR KINERJA ...` heading followed by the position's name. Everything up
//! to the next block belongs to it, tables running over pages included.

pub mod metadata;

use std::sync::LazyLock;

use regex::Regex;

use crate::layout::{Element, TextLine};

/// `1. Jabatan : X`, `JABATAN: X`, `1 Jabatan : X`; OCR may read the colon as `1`.
pub static JABATAN_LABEL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^\s*(?:\d{1,2}\s*[.)]?\s*)?(?:nama\s+)?jabatan(?:\s*[:;]|\s+[1lI|]\s)").unwrap());
/// `INDIKATOR KINERJA INDIVIDU`, `INDIKATOR KINERJA UTAMA ESELON IV`, `INDIKATOR KINERJA`.
pub static HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*indikator\s+kinerja(?:\s+(individu|utama))?(?:\s*\(\s*(?:iki|iku)\s*\))?(?:\s+eselon\s+([IV]+[a-b]?))?\s*$")
        .unwrap()
});
/// A label with no colon, as Tesseract's page segmentation (psm 3, used by
/// OCRmyPDF and scanner apps) writes it into a searchable scan's text layer:
/// numbered (`1. Jabatan SEKRETARIS KECAMATAN`, `2. Tugas Melaksanakan ...`)
/// or in capitals (`JABATAN Pengelola Data`). The number or the capitals make
/// it a label. Groups: `num` (the label after a number), `caps` (the label in
/// capitals), `rest`.
static BARE_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\s*(?:\d{1,2}\s*[.)]\s*(?P<num>(?i:nama\s+jabatan|jabatan|tugas(?:\s+pokok)?|fungsi|tujuan|indikator\s+tujuan|eselon))|(?P<caps>NAMA\s+JABATAN|JABATAN|TUGAS(?:\s+POKOK)?|FUNGSI|TUJUAN|INDIKATOR\s+TUJUAN|ESELON))\s+(?P<rest>\S.*)$",
    )
    .unwrap()
});

/// A [`BARE_LABEL`] line: its label in lower case, and the text after it.
pub fn bare_label(text: &str) -> Option<(String, &str)> {
    let c = BARE_LABEL.captures(text)?;
    let label = c.name("num").or(c.name("caps"))?.as_str().to_lowercase();
    Some((label, c.name("rest").map_or("", |m| m.as_str())))
}

static LAMPIRAN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)^\s*lampiran\b").unwrap());
static FIELD_LABEL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^\s*(?:\d{1,2}\s*[.)]?\s*)?(tugas|fungsi|tujuan|indikator\s+tujuan)\s*[:;]").unwrap());

/// `Tugas :`, `2. Fungsi ...` and the like (not `Jabatan`).
fn is_field_label(text: &str) -> bool {
    FIELD_LABEL.is_match(text) || bare_label(text).is_some_and(|l| !l.0.ends_with("jabatan") && l.0 != "eselon")
}

/// One jabatan block: its heading (if any) and its lines and tables.
#[derive(Debug, Clone, Default)]
pub struct BlockSpan {
    pub heading: Option<String>,
    pub elements: Vec<Element>,
}

/// The parts of a document.
#[derive(Debug, Clone, Default)]
pub struct Segments {
    /// Lines before the lampiran (the decree itself).
    pub decree: Vec<TextLine>,
    pub blocks: Vec<BlockSpan>,
}

/// Splits a document's elements into the decree and the jabatan blocks.
pub fn segment(elements: Vec<Element>) -> Segments {
    let starts = block_starts(&elements);
    let first_block = starts.first().map(|s| s.0).unwrap_or(elements.len());
    let lampiran_at =
        elements[..first_block].iter().position(|e| matches!(e, Element::Line(l) if LAMPIRAN.is_match(&l.text))).unwrap_or(first_block);
    let decree = elements[..lampiran_at]
        .iter()
        .filter_map(|e| match e {
            Element::Line(l) => Some(l.clone()),
            Element::Table(_) => None,
        })
        .collect();
    let mut blocks = Vec::new();
    for (k, &(start, ref heading)) in starts.iter().enumerate() {
        let end = starts.get(k + 1).map(|s| s.0).unwrap_or(elements.len());
        blocks.push(BlockSpan { heading: heading.clone(), elements: elements[start..end].to_vec() });
    }
    Segments { decree, blocks }
}

/// Where blocks open: (element index, heading text). The heading line itself is
/// not part of the block.
fn block_starts(elements: &[Element]) -> Vec<(usize, Option<String>)> {
    let line = |i: usize| match elements.get(i) {
        Some(Element::Line(l)) => Some(l.text.as_str()),
        _ => None,
    };
    let mut starts = Vec::new();
    let mut pending_heading: Option<(usize, String)> = None;
    for i in 0..elements.len() {
        let Some(text) = line(i) else { continue };
        if HEADING.is_match(text) {
            pending_heading = Some((i, text.trim().to_string()));
            continue;
        }
        if JABATAN_LABEL.is_match(text) || bare_label(text).is_some_and(|l| l.0.ends_with("jabatan")) {
            starts.push((i, pending_heading.take().map(|h| h.1)));
            continue;
        }
        // A heading followed directly by the position's name (no `Jabatan :`).
        if let Some((h, heading)) = pending_heading.take() {
            let next_is_fields = (i + 1..elements.len().min(i + 4)).any(|j| line(j).is_some_and(is_field_label));
            if h + 1 == i && next_is_fields && !is_field_label(text) {
                starts.push((i, Some(heading)));
            }
        }
    }
    starts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_and_heading_patterns() {
        assert!(JABATAN_LABEL.is_match("1. Jabatan : SEKRETARIS KECAMATAN"));
        assert!(JABATAN_LABEL.is_match("JABATAN             :     Kepala Sub Bagian Tata Usaha"));
        assert!(JABATAN_LABEL.is_match("1 Jabatan : Seksi Kesejahteraan Sosial"));
        assert!(JABATAN_LABEL.is_match("JABATAN 1 Analis Pelayanan pada Seksi Pelayanan"));
        assert!(!JABATAN_LABEL.is_match("Mengoordinasikan penyusunan analisis jabatan, analisis"));
        assert_eq!(bare_label("1. Jabatan SEKRETARIS KECAMATAN"), Some(("jabatan".into(), "SEKRETARIS KECAMATAN")));
        assert_eq!(bare_label("JABATAN Pengelola Data"), Some(("jabatan".into(), "Pengelola Data")));
        assert!(is_field_label("2. Tugas ¢ Melaksanakan koordinasi"));
        assert!(bare_label("Jabatan fungsional umum").is_none(), "a label without a colon needs its number or capitals");
        assert!(HEADING.is_match("INDIKATOR KINERJA INDIVIDU"));
        assert!(HEADING.is_match("INDIKATOR KINERJA UTAMA ESELON IV"));
        assert!(HEADING.is_match("INDIKATOR KINERJA"));
        assert!(!HEADING.is_match("INDIKATOR KINERJA INDIVIDU KECAMATAN JABUNG"));
    }
}
