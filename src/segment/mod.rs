//! Segmentation: a document's reading order -> the decree part and one span of
//! elements per jabatan block of the lampiran.
//!
//! A block opens at a `JABATAN :` line (numbered or not), or at an
//! `INDIKATOR KINERJA ...` heading followed by the position's name. Everything up
//! to the next block belongs to it, tables running over pages included.

pub(crate) mod kind;
pub(crate) mod metadata;

use std::sync::LazyLock;

use regex::Regex;

use crate::layout::{Element, TextLine};
use crate::vocab::headers::is_header_row;
use crate::vocab::labels::{label, title_jenis, LabelKind};

static LAMPIRAN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)^\s*lampiran\b").unwrap());

/// How a block was told apart from the one before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Opening {
    /// A `Jabatan :` label (in any of its forms).
    #[default]
    Label,
    /// A title, then the position's name on a line of its own.
    Name,
    /// A title, then the table: the position is named by the signature under
    /// the table, or nowhere (one table for the whole kecamatan).
    Title,
}

/// One jabatan block: the title lines above it (if any) and its lines and tables.
#[derive(Debug, Clone, Default)]
pub(crate) struct BlockSpan {
    /// The title lines set above the block, joined (`INDIKATOR KINERJA ... TAHUN 2024`).
    pub heading: Option<String>,
    pub opening: Opening,
    pub elements: Vec<Element>,
}

/// The parts of a document.
#[derive(Debug, Clone, Default)]
pub(crate) struct Segments {
    /// Lines before the lampiran (the decree itself).
    pub decree: Vec<TextLine>,
    pub blocks: Vec<BlockSpan>,
}

/// Where a block opens.
struct Start {
    /// The element the block's own content starts at.
    at: usize,
    /// The first title line above it (== `at` when there is none).
    titles_from: usize,
    opening: Opening,
}

/// Splits a document's elements into the decree and the jabatan blocks.
pub(crate) fn segment(elements: Vec<Element>) -> Segments {
    let starts = block_starts(&elements);
    let first_block = starts.first().map(|s| s.titles_from).unwrap_or(elements.len());
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
    for (k, s) in starts.iter().enumerate() {
        let end = starts.get(k + 1).map(|n| n.titles_from).unwrap_or(elements.len());
        let heading: Vec<&str> = elements[s.titles_from..s.at].iter().filter_map(line_text).collect();
        blocks.push(BlockSpan {
            heading: (!heading.is_empty()).then(|| heading.join(" ")),
            opening: s.opening,
            elements: elements[s.at..end].to_vec(),
        });
    }
    Segments { decree, blocks }
}

fn line_text(e: &Element) -> Option<&str> {
    match e {
        Element::Line(l) => Some(l.text.as_str()),
        Element::Table(_) => None,
    }
}

/// Is this table an indicator table (its first rows hold a header)?
fn is_indicator_table(e: &Element) -> bool {
    let Element::Table(t) = e else { return false };
    (0..t.nrows().min(3)).any(|r| is_header_row(&(0..t.ncols()).map(|c| t.text(r, c)).collect::<Vec<_>>()))
}

/// A title line set above a block: a title as [`crate::vocab::labels::is_title`]
/// knows them, or a line that only names the jenis (`IKU`, `( IKI )`,
/// `INDIKATOR KINERJA UTAMA`): no position is named by such words.
pub(crate) fn is_title(text: &str) -> bool {
    const JENIS_WORDS: &[&str] = &["iki", "iku", "indikator", "kinerja", "individu", "utama", "tahun", "anggaran"];
    crate::vocab::labels::is_title(text) || {
        let mut words = text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty());
        title_jenis(text).is_some()
            && words.all(|w| JENIS_WORDS.contains(&w.to_lowercase().as_str()) || w.chars().all(|c| c.is_ascii_digit()))
    }
}

/// A line that can be a position's name: short, not a label, not a title,
/// not a list item or a sentence that runs on.
fn is_name_line(text: &str) -> bool {
    let words = text.split_whitespace().count();
    (1..=14).contains(&words) && label(text).is_none() && !is_title(text) && !text.trim_end().ends_with([':', ',', ';'])
}

/// Where blocks open.
///
/// - at every `Jabatan :` label, with the title lines right above it;
/// - after a run of title lines, at the position's name when a `Tugas` or
///   `Fungsi` label or a table follows within a few lines;
/// - after a run of title lines, at the `Tugas`/`Fungsi` labels or the
///   indicator table that follow it (the signature names the position).
///
/// With none of these, the indicator tables after the decree make one block
/// (one table for the whole kecamatan, or a position named by its signature).
fn block_starts(elements: &[Element]) -> Vec<Start> {
    let n = elements.len();
    let title_at = |i: usize| elements.get(i).and_then(line_text).is_some_and(is_title);
    let mut starts: Vec<Start> = Vec::new();
    let mut i = 0;
    while i < n {
        let Some(text) = line_text(&elements[i]) else {
            i += 1;
            continue;
        };
        if label(text).is_some_and(|l| l.kind == LabelKind::Jabatan) {
            let mut from = i;
            while from > 0 && title_at(from - 1) && starts.last().is_none_or(|s| s.at < from - 1) {
                from -= 1;
            }
            starts.push(Start { at: i, titles_from: from, opening: Opening::Label });
            i += 1;
            continue;
        }
        if !is_title(text) {
            i += 1;
            continue;
        }
        // A run of title lines.
        let from = i;
        let mut j = i;
        while title_at(j) {
            j += 1;
        }
        let heads_block = (from..j).any(|k| line_text(&elements[k]).is_some_and(|t| title_jenis(t).is_some()));
        match elements.get(j) {
            Some(Element::Line(l)) if heads_block && is_name_line(&l.text) => {
                let fields_follow = (j + 1..n.min(j + 5)).any(|k| match &elements[k] {
                    Element::Line(m) => label(&m.text).is_some_and(|l| l.kind != LabelKind::Jabatan),
                    t @ Element::Table(_) => is_indicator_table(t),
                });
                if fields_follow {
                    starts.push(Start { at: j, titles_from: from, opening: Opening::Name });
                }
            }
            // Tugas and fungsi right under the title: the position is named by
            // the signature under the table.
            Some(Element::Line(l)) if heads_block && label(&l.text).is_some_and(|l| l.kind != LabelKind::Jabatan) => {
                starts.push(Start { at: j, titles_from: from, opening: Opening::Title });
            }
            Some(t @ Element::Table(_)) if heads_block && is_indicator_table(t) => {
                starts.push(Start { at: j, titles_from: from, opening: Opening::Title });
            }
            _ => {}
        }
        i = j.max(i + 1);
    }
    if starts.is_empty() {
        if let Some(t) = elements.iter().position(is_indicator_table) {
            let mut from = t;
            while from > 0 && title_at(from - 1) {
                from -= 1;
            }
            starts.push(Start { at: t, titles_from: from, opening: Opening::Title });
        }
    }
    starts.extend(after_signatures(elements, &starts));
    starts.sort_by_key(|s| s.at);
    starts
}

/// A signer's NIP (`NIP. 19700101 199003 1 001`): the foot of a signature.
static NIP: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)^\s*nip\.?\s*[:.]?\s*\d").unwrap());

/// Blocks that open after a signature: where each position signs under its
/// own table (the position, the name, the NIP) and the next indicator table
/// follows with no label or title of its own, that table opens the next
/// block (named by its own signature), instead of going on in the one above.
fn after_signatures(elements: &[Element], starts: &[Start]) -> Vec<Start> {
    let Some(first) = starts.first() else { return Vec::new() };
    let mut out = Vec::new();
    let mut signed_at: Option<usize> = None;
    let mut seen_table = false;
    for (i, e) in elements.iter().enumerate().skip(first.at) {
        if starts.iter().any(|s| s.titles_from <= i && i <= s.at) {
            // A block of its own opens here.
            signed_at = None;
            seen_table = i == first.at || matches!(e, Element::Table(_));
            continue;
        }
        match e {
            Element::Line(l) if seen_table && NIP.is_match(&l.text) => signed_at = Some(i),
            t @ Element::Table(_) if is_indicator_table(t) => {
                if let Some(nip) = signed_at.take() {
                    let mut from = i;
                    while from > nip + 1 && elements.get(from - 1).and_then(line_text).is_some_and(is_title) {
                        from -= 1;
                    }
                    out.push(Start { at: i, titles_from: from, opening: Opening::Title });
                }
                seen_table = true;
            }
            Element::Table(_) => seen_table = true,
            Element::Line(_) => {}
        }
    }
    out
}
