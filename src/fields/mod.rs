//! Fields: one jabatan block -> jabatan (eselon, unit), tugas, fungsi, tujuan,
//! indikator tujuan and the indicator rows.

pub(crate) mod columns;
pub(crate) mod items;
pub(crate) mod review;
pub(crate) mod rows;
pub(crate) mod signature;

use std::sync::LazyLock;

use regex::Regex;

use crate::layout::paragraphs::{Column, RunLine};
use crate::layout::{Element, Table, TextLine};
use crate::model::Rect;
use crate::record::{Block, CellBox};
use crate::segment::{is_title, BlockSpan, Opening};
use crate::vocab::fold;
use crate::vocab::labels::{label, title_jenis, LabelKind};

static ESELON: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)\beselon\s*[:.]?\s*(I{1,3}V?|IV)(?:\s*[.-]?\s*([ab]))?\b").unwrap());
static PAREN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\(([^()]*)\)?\s*$").unwrap());

/// Reads a document's blocks. Normalised fields and roles are left empty here.
/// Where list items begin is measured on the lines of all the blocks' lists at
/// once (the text's right edge on each page, the pitch of wrapped lines).
pub(crate) fn read_blocks(spans: &[BlockSpan]) -> Vec<Block> {
    let gathered: Vec<Gathered> = spans.iter().map(gather).collect();
    let runs: Vec<&[RunLine]> = gathered.iter().flat_map(|g| g.lists.iter().map(Vec::as_slice)).collect();
    let column = Column::measure(&runs);
    spans.iter().zip(gathered).map(|(span, g)| read_block(span, g, &column)).collect()
}

/// A block's lines sorted into its fields.
#[derive(Default)]
struct Gathered<'a> {
    jabatan: Vec<String>,
    /// The list fields' lines, with their geometry: tugas, fungsi, tujuan, indikator tujuan.
    lists: [Vec<RunLine<'a>>; 4],
    eselon_text: Vec<String>,
    tables: Vec<&'a Table>,
    /// Lines after the last table (notes, the signature).
    after_tables: Vec<&'a str>,
    pages: Vec<usize>,
    jabatan_box: Option<CellBox>,
}

/// Sorts a block's lines into fields by the last label seen.
fn gather(span: &BlockSpan) -> Gathered<'_> {
    let mut g = Gathered::default();
    // The field the lines go to: the last label's (None: no field).
    let mut slot: Option<LabelKind> = None;
    for (k, e) in span.elements.iter().enumerate() {
        if !g.pages.contains(&e.page()) {
            g.pages.push(e.page());
        }
        match e {
            Element::Table(t) => {
                g.tables.push(t);
                g.after_tables.clear();
                slot = None;
            }
            Element::Line(l) => {
                let mut text = l.text.as_str();
                if let Some(lab) = label(text) {
                    slot = Some(lab.kind);
                    if lab.kind == LabelKind::Jabatan {
                        if let Some(b) = lab.bracket.filter(|b| ESELON.is_match(b)) {
                            g.eselon_text.push(b.to_string());
                        }
                    }
                    text = lab.value;
                } else if k == 0 && span.opening == Opening::Name {
                    slot = Some(LabelKind::Jabatan); // a block opened by a title and the bare name
                } else if !g.tables.is_empty() {
                    g.after_tables.push(text);
                    continue; // notes and signatures after a table are not fields
                } else if slot == Some(LabelKind::Jabatan) && is_title(text) {
                    continue;
                }
                if text.trim().chars().all(|c| c.is_ascii_punctuation() || c.is_whitespace()) {
                    continue; // a stray "." of broken numbering
                }
                match slot {
                    Some(LabelKind::Jabatan) => {
                        g.jabatan.push(text.to_string());
                        extend_box(&mut g.jabatan_box, l);
                    }
                    Some(LabelKind::Eselon) => g.eselon_text.push(text.to_string()),
                    Some(LabelKind::Tugas) => g.lists[0].push((l, text)),
                    Some(LabelKind::Fungsi) => g.lists[1].push((l, text)),
                    Some(LabelKind::Tujuan) => g.lists[2].push((l, text)),
                    Some(LabelKind::IndikatorTujuan) => g.lists[3].push((l, text)),
                    None => {}
                }
            }
        }
    }
    g
}

/// Reads one block from its gathered lines.
fn read_block(span: &BlockSpan, g: Gathered, column: &Column) -> Block {
    let Gathered { mut jabatan, lists, eselon_text, tables, after_tables, pages, jabatan_box } = g;
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
    let [tugas, fungsi, tujuan_items, indikator_tujuan] = lists.map(|run| {
        let texts: Vec<&str> = run.iter().map(|(_, t)| *t).collect();
        items::split_items(&texts, &column.paragraph_starts(&run))
    });
    let mut block = Block {
        jabatan,
        unit,
        eselon,
        tugas,
        fungsi,
        tujuan: (!tujuan_items.is_empty()).then(|| tujuan_items.join(" ")),
        indikator_tujuan,
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
    if let Some(c) = PAREN.captures(&name).filter(|c| !abbreviates(&c[1], &name[..c.get(0).map_or(0, |m| m.start())])) {
        let inner = fold(&c[1]);
        if !inner.is_empty() {
            unit = Some(inner);
        }
        name = name[..c.get(0).map_or(name.len(), |m| m.start())].trim().to_string();
    }
    (fold(&name), unit, eselon)
}

/// Is `short` (one word in brackets) an abbreviation of `name`, as
/// `SEKCAM` of `SEKRETARIS KECAMATAN` or `KASI PEM` of `KEPALA SEKSI
/// PEMERINTAHAN`? Its letters come in order from the name's, the first
/// from the name's first word. Such a bracket is part of the jabatan as
/// written, not the unit above it.
fn abbreviates(short: &str, name: &str) -> bool {
    let short: Vec<char> = short.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect();
    let name: Vec<char> = name.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect();
    let one_word = short.len() >= 2 && short.len() <= 10;
    if !one_word || short.first() != name.first() {
        return false;
    }
    let mut rest = name.iter();
    short.iter().all(|c| rest.any(|n| n == c))
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
        // An abbreviation of the name itself stays in the name.
        assert_eq!(split_jabatan("SEKRETARIS KECAMATAN ( SEKCAM )"), ("SEKRETARIS KECAMATAN ( SEKCAM )".into(), None, None));
        assert_eq!(split_jabatan("PENGADMINISTRASI UMUM (KASUBAG)"), ("PENGADMINISTRASI UMUM".into(), Some("KASUBAG".into()), None));
    }
}
