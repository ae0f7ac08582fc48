//! Paragraph starts in runs of text lines, from their geometry.
//!
//! A list whose markers were lost (a searchable scan's OCR layer drops the ❖
//! bullets and most letters of a lettered list) still shows where its items
//! begin: the line before an item ends short of the column's right edge (the
//! next word would have fitted there, so the break was not a wrap), or the
//! item sits a little further down than a wrapped line (the spacing after a
//! paragraph) and the text agrees (the line before ends a clause, or the item
//! starts with a capital). Lines that do carry a marker are left to the caller.

use crate::layout::text::starts_list_item;
use crate::layout::TextLine;
use crate::model::Word;

/// One line of a run: the layout's line and the part of its text that counts
/// (a label's value on the line that holds the label).
pub(crate) type RunLine<'a> = (&'a TextLine, &'a str);

/// Extra spacing above a line, as a share of the line height, that marks a new
/// paragraph (the corpus's searchable scans: wrapped lines mostly within 0.1 of
/// a line height of their median pitch, items 0.15-0.5 further apart).
const PARAGRAPH_SPACING: f32 = 0.15;

/// The column the runs of a document sit in, measured on its wrapped lines
/// (a line after one that stops mid-clause, on the same page): where they end
/// on each page, where they start, their pitch, and the usual line height.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Column {
    /// (page, x) where wrapped lines end: the text's right edge.
    right_edges: Vec<(usize, f32)>,
    /// The same over the whole document, for a page without wrapped lines.
    right_edge: Option<f32>,
    /// Where the text of wrapped lines starts: the list's text indent.
    indent: Option<f32>,
    wrap_pitch: Option<f32>,
    height: f32,
}

impl Column {
    /// Measures the runs (each a field's lines in reading order) of a whole
    /// document: a block alone has too few wrapped lines to tell their pitch
    /// from a paragraph's, and on a page of one-line items no line wraps.
    pub(crate) fn measure(runs: &[&[RunLine]]) -> Column {
        let wraps: Vec<(&TextLine, &TextLine)> = runs
            .iter()
            .flat_map(|run| run.windows(2))
            .filter(|p| p[0].0.page == p[1].0.page && !ends_clause(p[0].1) && !starts_list_item(p[1].1.trim()))
            .map(|p| (p[0].0, p[1].0))
            .collect();
        let mut pages: Vec<usize> = wraps.iter().map(|w| w.0.page).collect();
        pages.dedup();
        let right_edges = pages
            .into_iter()
            .filter_map(|page| Some((page, median(wraps.iter().filter(|w| w.0.page == page).map(|w| w.0.bbox.x1).collect())?)))
            .collect();
        Column {
            right_edges,
            right_edge: median(wraps.iter().map(|w| w.0.bbox.x1).collect()),
            indent: median(wraps.iter().filter_map(|w| first_word(w.1)).map(|w| w.bbox.x0).collect()),
            wrap_pitch: median(wraps.iter().filter_map(|w| pitch(w.0, w.1)).collect()),
            height: median(runs.iter().copied().flatten().map(|(l, _)| l.bbox.height()).collect()).unwrap_or(10.0),
        }
    }

    /// Which lines of `run` open a paragraph. The line starts at the list's
    /// text indent (or left of it by a marker's width, not in a column further
    /// right or left: text of a table the layout missed), and either the line
    /// before stopped short of the right edge by more than this line's first
    /// word, or this line sits further below than a wrapped line and the line
    /// before ends a clause or this one starts with a capital. The first line
    /// is never marked: it opens the run anyway.
    pub(crate) fn paragraph_starts(&self, run: &[RunLine]) -> Vec<bool> {
        let mut starts = vec![false; run.len()];
        let Some(indent) = self.indent else { return starts };
        for k in 1..run.len() {
            let ((before, before_text), (line, text)) = (run[k - 1], run[k]);
            let Some(first) = first_word(line) else { continue };
            if first.bbox.x0 < indent - 3.0 * self.height || first.bbox.x0 > indent + self.height {
                continue;
            }
            let right_edge = self.right_edges.iter().find(|(p, _)| *p == before.page).map(|e| e.1).or(self.right_edge);
            let short = right_edge.is_some_and(|edge| first.bbox.width() + 0.9 * before.bbox.height() < edge - before.bbox.x1);
            let spaced = match (self.wrap_pitch, pitch(before, line)) {
                (Some(usual), Some(p)) => p > usual + PARAGRAPH_SPACING * self.height,
                _ => false,
            };
            let new_sentence = ends_clause(before_text) || text.trim_start().chars().next().is_some_and(char::is_uppercase);
            starts[k] = short || (spaced && new_sentence);
        }
        starts
    }
}

/// Distance between two lines' centres on one page (`None` across pages).
fn pitch(before: &TextLine, line: &TextLine) -> Option<f32> {
    (before.page == line.page && line.bbox.cy() > before.bbox.cy()).then(|| line.bbox.cy() - before.bbox.cy())
}

/// The line's leftmost word with a letter or digit (not the stray dot of a
/// number broken over two lines): what would have had to fit at the end of
/// the line before.
fn first_word(line: &TextLine) -> Option<&Word> {
    line.words.iter().filter(|w| w.text.chars().any(char::is_alphanumeric)).min_by(|a, b| a.bbox.x0.total_cmp(&b.bbox.x0))
}

/// Does the text end a clause of a list: `;` `,` `.` `:` (OCR reads `;` as `,`
/// or `:`), or "; dan" / ", atau" before the last item?
fn ends_clause(text: &str) -> bool {
    let text = text.trim_end();
    let text =
        ["dan", "atau"].iter().find_map(|w| text.strip_suffix(w).filter(|rest| rest.ends_with(' '))).map(str::trim_end).unwrap_or(text);
    text.ends_with([';', ',', '.', ':'])
}

fn median(mut v: Vec<f32>) -> Option<f32> {
    v.sort_by(f32::total_cmp);
    v.get(v.len() / 2).copied()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Rect;

    /// A line at `top` whose words start at `x` (7 points a character, a space
    /// of 4), 10 points high.
    fn line(page: usize, x: f32, top: f32, text: &str) -> TextLine {
        let mut words = Vec::new();
        let mut x0 = x;
        for t in text.split(' ') {
            let x1 = x0 + 7.0 * t.chars().count() as f32;
            words.push(Word { text: t.into(), bbox: Rect::new(x0, top, x1, top + 10.0), size: 10.0, conf: None });
            x0 = x1 + 4.0;
        }
        let bbox = words.iter().skip(1).fold(words[0].bbox, |r, w| r.union(&w.bbox));
        TextLine { page, text: text.into(), bbox, words }
    }

    /// Lines of page 1 starting at x = 200: (top, text).
    fn at_200(rows: &[(f32, &str)]) -> Vec<TextLine> {
        rows.iter().map(|&(top, text)| line(1, 200.0, top, text)).collect()
    }

    fn starts(lines: &[TextLine]) -> Vec<bool> {
        let run: Vec<RunLine> = lines.iter().map(|l| (l, l.text.as_str())).collect();
        Column::measure(&[&run]).paragraph_starts(&run)
    }

    #[test]
    fn a_line_after_one_that_stopped_short_opens_a_paragraph() {
        // A list of bullets the OCR layer lost: every line starts at x = 200.
        let lines = at_200(&[
            (100.0, "Menyusun program dan melakukan pembinaan umum dan"),
            (115.0, "administrasi keuangan Desa,"),
            (130.0, "Membantu menyusun program dan pembinaan bidang"),
            (145.0, "kependudukan dan catatan sipil tahun ini juga"),
        ]);
        assert_eq!(starts(&lines), [false, false, true, false]);
    }

    #[test]
    fn extra_spacing_below_a_clause_end_opens_a_paragraph() {
        // Full lines; the second item sits 3 points further down (paragraph spacing).
        let lines = at_200(&[
            (100.0, "Menyusun program dan melakukan pembinaan umum dan"),
            (115.0, "pengelolaan keuangan desa pemerintahan urusan ini,"),
            (133.0, "Membantu menyusun program dan pembinaan bidang"),
            (148.0, "kependudukan dan catatan sipil tahun ini juga yang"),
            (163.0, "pengelolaan keuangan desa pemerintahan urusan ini,"),
        ]);
        assert_eq!(starts(&lines), [false, false, true, false, false]);
        // The same spacing after a line that stops mid-clause, before a small
        // letter, is no paragraph: the text has to agree.
        let mut lines = lines;
        lines[1] = line(1, 200.0, 115.0, "pengelolaan keuangan desa pemerintahan urusan ini");
        lines[2] = line(1, 200.0, 133.0, "membantu menyusun program dan pembinaan bidang");
        assert!(!starts(&lines)[2]);
        lines[2] = line(1, 200.0, 133.0, "Membantu menyusun program dan pembinaan bidang");
        assert!(starts(&lines)[2]);
    }

    #[test]
    fn a_short_last_line_on_a_page_ends_its_paragraph() {
        let lines = [
            line(1, 200.0, 700.0, "Menyusun program dan melakukan pembinaan umum dan"),
            line(1, 200.0, 715.0, "masyarakat,"),
            line(2, 200.0, 60.0, "Melaksanakan koordinasi dan monitoring serta"),
        ];
        assert_eq!(starts(&lines), [false, false, true]);
    }

    #[test]
    fn lines_outside_the_lists_column_open_nothing() {
        // Text of a table the layout missed, read into the list: its rows start
        // at the table's left edge, far left of the list's text.
        let lines = [
            line(1, 200.0, 100.0, "Menyusun program dan melakukan pembinaan umum dan"),
            line(1, 200.0, 115.0, "pengelolaan keuangan desa pemerintahan urusan ini."),
            line(1, 90.0, 130.0, "KINERJA INDIKATOR TARGET"),
            line(1, 90.0, 145.0, "Meningkatnya disiplin Jumlah"),
        ];
        assert_eq!(starts(&lines), [false, false, false, false]);
    }

    #[test]
    fn clause_ends() {
        assert!(ends_clause("urusan keuangan,"));
        assert!(ends_clause("bidang pertanahan; dan"));
        assert!(ends_clause("kegiatan, atau "));
        assert!(!ends_clause("pemerintahan Desa, Kelurahan dan"));
        assert!(!ends_clause("Peraturan"));
    }
}
