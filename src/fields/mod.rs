//! Fields: one jabatan block -> jabatan (eselon, unit), tugas, fungsi, tujuan,
//! indikator tujuan and the indicator rows.

pub mod columns;
pub mod items;
pub mod review;
pub mod rows;
pub mod signature;

use std::sync::LazyLock;

use regex::Regex;

use crate::dataset::record::{Block, CellBox};
use crate::layout::labels::{is_title, label, title_jenis, LabelKind};
use crate::layout::{Element, Table, TextLine};
use crate::model::Rect;
use crate::segment::metadata::fold;
use crate::segment::{BlockSpan, Opening};

static ESELON: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)\beselon\s*[:.]?\s*(I{1,3}V?|IV)(?:\s*[.-]?\s*([ab]))?\b").unwrap());
static PAREN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\(([^()]*)\)?\s*$").unwrap());

/// Reads one block. Normalised fields and the role are left empty here.
pub fn read_block(span: &BlockSpan) -> Block {
    // The field the lines go to: the last label's (None: no field).
    let mut slot: Option<LabelKind> = None;
    let mut jabatan: Vec<String> = Vec::new();
    let mut tugas: Vec<String> = Vec::new();
    let mut fungsi: Vec<String> = Vec::new();
    let mut tujuan: Vec<String> = Vec::new();
    let mut ind_tujuan: Vec<String> = Vec::new();
    let mut eselon_text: Vec<String> = Vec::new();
    let mut tables: Vec<&Table> = Vec::new();
    let mut after_tables: Vec<&str> = Vec::new();
    let mut pages: Vec<usize> = Vec::new();
    let mut jabatan_box: Option<CellBox> = None;
    for (k, e) in span.elements.iter().enumerate() {
        if !pages.contains(&e.page()) {
            pages.push(e.page());
        }
        match e {
            Element::Table(t) => {
                tables.push(t);
                after_tables.clear();
                slot = None;
            }
            Element::Line(l) => {
                let mut text = l.text.as_str();
                if let Some(lab) = label(text) {
                    slot = Some(lab.kind);
                    if lab.kind == LabelKind::Jabatan {
                        if let Some(b) = lab.bracket.filter(|b| ESELON.is_match(b)) {
                            eselon_text.push(b.to_string());
                        }
                    }
                    text = lab.value;
                } else if k == 0 && span.opening == Opening::Name {
                    slot = Some(LabelKind::Jabatan); // a block opened by a title and the bare name
                } else if !tables.is_empty() {
                    after_tables.push(text);
                    continue; // notes and signatures after a table are not fields
                } else if slot == Some(LabelKind::Jabatan) && is_title(text) {
                    continue;
                }
                let dst = match slot {
                    Some(LabelKind::Jabatan) => &mut jabatan,
                    Some(LabelKind::Tugas) => &mut tugas,
                    Some(LabelKind::Fungsi) => &mut fungsi,
                    Some(LabelKind::Tujuan) => &mut tujuan,
                    Some(LabelKind::IndikatorTujuan) => &mut ind_tujuan,
                    Some(LabelKind::Eselon) => &mut eselon_text,
                    None => continue,
                };
                if !text.trim().chars().all(|c| c.is_ascii_punctuation() || c.is_whitespace()) {
                    dst.push(text.to_string()); // not a stray "." of broken numbering
                    if slot == Some(LabelKind::Jabatan) {
                        extend_box(&mut jabatan_box, l);
                    }
                }
            }
        }
    }
    // A block opened by its title alone: an IKU of the whole unit (signed by
    // its head, named by no position), or a position named by its signature.
    let unit_iku = span.heading.as_deref().is_some_and(|h| title_jenis(h) == Some("IKU") && eselon_of(h).is_none());
    if jabatan.is_empty() && span.opening == Opening::Title && !unit_iku {
        if let Some(position) = signature::position(&after_tables) {
            jabatan.push(position);
        }
    }
    let rows = rows::read_rows(&tables);
    let (jabatan, unit, eselon_in_name) = split_jabatan(&fold(&jabatan.join(" ")));
    let eselon = eselon_in_name.or_else(|| eselon_of(&eselon_text.join(" "))).or_else(|| span.heading.as_deref().and_then(eselon_of));
    let tujuan_items = items::split_items(&tujuan);
    let mut block = Block {
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
        jabatan_box,
        ..Default::default()
    };
    // Only the unit's own IKU table is meant to name no position.
    block.review = review::review_block(&block, &rows.unmapped, span.opening == Opening::Title && unit_iku);
    block
}

/// Grows the jabatan's box by one of its lines (on the page it starts on).
fn extend_box(b: &mut Option<CellBox>, l: &TextLine) {
    match b {
        None => *b = Some(CellBox::new("jabatan", l.page, &l.bbox)),
        Some(cb) if cb.page == l.page => {
            let [x0, y0, x1, y1] = cb.bbox;
            *cb = CellBox::new("jabatan", l.page, &Rect::new(x0, y0, x1, y1).union(&l.bbox));
        }
        Some(_) => {}
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
