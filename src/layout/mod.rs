//! Layout: a page's words and rulings -> a stream of text lines and tables in
//! reading order. Digital and OCR pages take the same path.

pub(crate) mod borderless;
pub(crate) mod lines;
pub(crate) mod paragraphs;
pub(crate) mod table;
pub(crate) mod text;
pub(crate) mod words;

use std::collections::HashMap;

use crate::model::{Page, Rect, Rule, Word};
use crate::vocab::{headers, labels};

pub(crate) use table::Table;

/// A line of running text outside any table.
#[derive(Debug, Clone, PartialEq)]
pub struct TextLine {
    pub page: usize,
    pub text: String,
    pub bbox: Rect,
    pub words: Vec<Word>,
}

/// One element of a document's reading order.
#[derive(Debug, Clone, PartialEq)]
pub enum Element {
    Line(TextLine),
    Table(Table),
}

impl Element {
    pub(crate) fn page(&self) -> usize {
        match self {
            Element::Line(l) => l.page,
            Element::Table(t) => t.page,
        }
    }
    fn top(&self) -> f32 {
        match self {
            Element::Line(l) => l.bbox.y0,
            Element::Table(t) => t.bbox.y0,
        }
    }
}

/// Lays out one page: tables from its rulings, the remaining words as lines.
pub fn layout_page(page: &Page) -> Vec<Element> {
    let cleaned = words::clean(&page.words);
    let words = &cleaned;
    let mut tables = table::find_tables(page.number, words, &page.rules);
    // A ruled table whose body has no rules between its rows (an outer box and
    // a header rule): rows from the line spacing, as rules the grid can use.
    let row_rules: Vec<Rule> = tables.iter().flat_map(|(t, taken)| borderless::row_rules(words, t, taken)).collect();
    if !row_rules.is_empty() {
        let rules: Vec<Rule> = page.rules.iter().copied().chain(row_rules).collect();
        tables = table::find_tables(page.number, words, &rules);
    }
    // Label and value set in a (ruled) table (`Jabatan | : | X`) are lines of
    // text, as when typed inline.
    tables.retain(|(t, _)| !is_label_table(t));
    // A box around a header and its rows with no rules between the columns:
    // the columns come from the header row, as for a table without rules.
    tables.retain(|(t, _)| {
        t.ncols() >= 3 || t.nrows() == 0 || headers::header_share(&(0..t.ncols()).map(|c| t.text(0, c)).collect::<Vec<_>>().join(" ")) < 0.6
    });
    let mut in_table = vec![false; words.len()];
    for (_, taken) in &tables {
        for &i in taken {
            in_table[i] = true;
        }
    }
    let free: Vec<usize> = (0..words.len()).filter(|&i| !in_table[i] && !words[i].text.trim().is_empty()).collect();
    let free_lines = lines::build_lines(words, &free);
    let free_rules: Vec<Rect> = page
        .rules
        .iter()
        .filter(|r| r.is_horizontal() && !tables.iter().any(|(t, _)| t.bbox.union(&r.rect) == t.bbox))
        .map(|r| r.rect)
        .collect();
    let free_rules = join_collinear(free_rules);
    let mut out: Vec<Element> = Vec::new();
    let mut i = 0;
    while i < free_lines.len() {
        // A header row outside any ruled table opens a borderless table.
        if let Some((t, used)) = borderless::table_at(page.number, words, &free_lines, i, &free_rules) {
            out.push(Element::Table(t));
            i += used;
            continue;
        }
        let l = &free_lines[i];
        out.push(Element::Line(TextLine {
            page: page.number,
            text: l.text(words),
            bbox: l.bbox,
            words: l.words.iter().map(|&i| words[i].clone()).collect(),
        }));
        i += 1;
    }
    out.extend(tables.into_iter().map(|(t, _)| Element::Table(t)));
    out.sort_by(|a, b| a.top().total_cmp(&b.top()));
    out
}

/// Horizontal rules drawn as one segment per cell (a row's border cell by
/// cell) joined into the rules they make: segments level with each other
/// (within half a point) that touch or overlap.
fn join_collinear(mut rules: Vec<Rect>) -> Vec<Rect> {
    rules.sort_by(|a, b| a.cy().total_cmp(&b.cy()).then(a.x0.total_cmp(&b.x0)));
    let mut out: Vec<Rect> = Vec::new();
    for r in rules {
        match out.iter_mut().rev().take_while(|o| (o.cy() - r.cy()).abs() <= 0.5).find(|o| r.x0 <= o.x1 + 1.0 && r.x1 >= o.x0 - 1.0) {
            Some(o) => *o = o.union(&r),
            None => out.push(r),
        }
    }
    out
}

/// Is this table a form of labels and values (`Jabatan | : | X`, `Tugas | : |
/// a. ...`) rather than a data table? Most of its rows read as labels.
fn is_label_table(t: &Table) -> bool {
    let rows: Vec<String> = (0..t.nrows()).map(|r| (0..t.ncols()).map(|c| t.text(r, c)).collect::<Vec<_>>().join(" ")).collect();
    let labelled = rows.iter().filter(|r| labels::label(r).is_some_and(|l| l.start == 0)).count();
    labelled >= 1 && labelled * 2 >= rows.len()
}

/// Lays out every page and drops running banners and footers: a line near the
/// top or bottom edge whose text (digits aside) recurs on at least three pages.
pub fn layout_document(pages: &[Page]) -> Vec<Element> {
    let per_page: Vec<Vec<Element>> = pages.iter().map(layout_page).collect();
    let heights: HashMap<usize, f32> = pages.iter().map(|p| (p.number, p.height)).collect();
    let key = |l: &TextLine| -> String {
        l.text.chars().filter(|c| !c.is_ascii_digit() && !c.is_whitespace()).collect::<String>().to_lowercase()
    };
    let near_edge = |l: &TextLine| {
        let h = heights.get(&l.page).copied().unwrap_or(842.0);
        l.bbox.y1 < 0.08 * h || l.bbox.y0 > 0.90 * h
    };
    let mut counts: HashMap<String, usize> = HashMap::new();
    for els in &per_page {
        let mut seen = std::collections::HashSet::new();
        for e in els {
            if let Element::Line(l) = e {
                if near_edge(l) && seen.insert(key(l)) {
                    *counts.entry(key(l)).or_default() += 1;
                }
            }
        }
    }
    let furniture = |e: &Element| match e {
        Element::Line(l) => {
            let k = key(l);
            let page_number_only = k.is_empty() || k == "-" || k == "--" || k == "halaman" || k == "hal.";
            near_edge(l) && (page_number_only || counts.get(&k).copied().unwrap_or(0) >= 3)
        }
        Element::Table(_) => false,
    };
    // Without the footers first: a table cut by the page break ends above
    // the page's footer (an e-signature note, a page number).
    let mut per_page: Vec<Vec<Element>> = per_page.into_iter().map(|els| els.into_iter().filter(|e| !furniture(e)).collect()).collect();
    mark_cut_tables(&mut per_page, pages);
    per_page.into_iter().flatten().collect()
}

/// Some producers (office suites) draw a closed bottom border on a row that a
/// page break cut. A table that is the last thing on its page and reaches the
/// page's bottom margin is marked `at_page_foot`; when no table of the
/// document shows an open bottom, it is also taken as cut, so the next page's
/// first row continues its last row unless it starts a row of its own.
fn mark_cut_tables(per_page: &mut [Vec<Element>], pages: &[Page]) {
    let any_open = per_page.iter().flatten().any(|e| matches!(e, Element::Table(t) if t.open_bottom && !t.cut_guessed));
    let bottom = |e: &Element| match e {
        Element::Line(l) => l.bbox.y1,
        Element::Table(t) => t.bbox.y1,
    };
    // The bottom margin: the lowest content over all pages of the same
    // height (a decree's portrait pages, its lampiran's landscape ones).
    let height = |i: usize| pages.get(i).map_or(0, |p| p.height.round() as i64);
    let mut margins: HashMap<i64, f32> = HashMap::new();
    for (i, els) in per_page.iter().enumerate() {
        let m = margins.entry(height(i)).or_insert(0.0);
        *m = els.iter().map(bottom).fold(*m, f32::max);
    }
    let mut sizes: Vec<f32> = pages.iter().flat_map(|p| p.words.iter().map(|w| w.size)).collect();
    sizes.sort_by(f32::total_cmp);
    let line = sizes.get(sizes.len() / 2).copied().unwrap_or(10.0).max(6.0);
    let n = per_page.len();
    for (i, els) in per_page.iter_mut().enumerate() {
        if i + 1 == n {
            continue;
        }
        if let Some(Element::Table(t)) = els.last_mut() {
            if t.bbox.y1 >= margins[&height(i)] - 2.0 * line {
                t.at_page_foot = true;
                if !any_open {
                    t.open_bottom = true;
                    t.cut_guessed = true;
                }
            }
        }
    }
}

/// A plain-text picture of a page's elements (lines with their position, tables
/// as rows of cells), for debugging tools and bug reports.
pub fn describe(elements: &[Element]) -> String {
    let mut out = String::new();
    for e in elements {
        match e {
            Element::Line(l) => out.push_str(&format!("{:6.1} {:6.1} | {}\n", l.bbox.y0, l.bbox.x0, l.text)),
            Element::Table(t) => {
                let cols: Vec<f32> = t.col_x.iter().map(|x| x.round()).collect();
                out.push_str(&format!(
                    "{:6.1} TABLE {}x{} cols {:?}{}{}{}\n",
                    t.bbox.y0,
                    t.nrows(),
                    t.ncols(),
                    cols,
                    if t.open_bottom { " open bottom" } else { "" },
                    if t.cut_guessed { " (guessed)" } else { "" },
                    if t.at_page_foot { " at page foot" } else { "" }
                ));
                for r in 0..t.nrows() {
                    let cells: Vec<String> = (0..t.ncols()).map(|c| t.text(r, c).chars().take(40).collect()).collect();
                    out.push_str(&format!("   r{r} y={:.0}: {}\n", t.row_y[r], cells.join(" | ")));
                }
            }
        }
    }
    out
}
