//! Ruling lines -> table grids with row- and column-spanning cells.
//!
//! A table is a connected set of horizontal and vertical rules. Its grid lines are
//! the clustered rule positions; two neighbouring grid cells belong to one merged
//! cell when no rule separates them. A short rule inside a cell that touches no
//! border (the bar of a stacked fraction) is not a grid line: it is kept for the
//! cell text builder (`cell_text`).

use crate::layout::text::cell_text;
use crate::model::{Rect, Rule, Word};
use crate::union_find::UnionFind;

/// Grid lines closer than this (points) are one line.
const SNAP: f32 = 2.5;
/// Rules shorter than this are noise, not borders.
const MIN_RULE_LEN: f32 = 6.0;

/// One (possibly merged) cell.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub text: String,
    pub bbox: Rect,
    pub row: usize,
    pub col: usize,
    pub row_span: usize,
    pub col_span: usize,
    /// Lowest OCR confidence of the cell's words (None for text-layer cells).
    pub min_conf: Option<f32>,
}

/// A table found on one page.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub page: usize,
    pub bbox: Rect,
    /// Column boundaries, left to right (`ncols + 1` values).
    pub col_x: Vec<f32>,
    /// Row boundaries, top to bottom (`nrows + 1` values).
    pub row_y: Vec<f32>,
    pub cells: Vec<Cell>,
    /// `grid[r][c]` = index into `cells` of the cell covering that position.
    pub grid: Vec<Vec<usize>>,
    /// The last row has no bottom border: a page break cut it, and the next
    /// page's first row carries the rest of it.
    pub open_bottom: bool,
    /// `open_bottom` is a guess (the table reaches the bottom margin; office
    /// exports draw a closed border on a cut row): the next page's first row
    /// joins this one only if it reads like a continuation.
    pub cut_guessed: bool,
    /// The table is the last thing on its page and reaches the bottom
    /// margin: a closed bottom border may still hide a cut row, which the
    /// next page's first row shows by going on mid-phrase.
    pub at_page_foot: bool,
}

impl Table {
    pub(crate) fn ncols(&self) -> usize {
        self.col_x.len().saturating_sub(1)
    }
    pub fn nrows(&self) -> usize {
        self.grid.len()
    }
    /// Text of the cell covering (r, c).
    pub(crate) fn text(&self, r: usize, c: usize) -> &str {
        &self.cells[self.grid[r][c]].text
    }
    /// The cell covering (r, c).
    pub(crate) fn cell(&self, r: usize, c: usize) -> &Cell {
        &self.cells[self.grid[r][c]]
    }
}

/// Finds the ruled tables on a page; returns them top to bottom with the indexes
/// of the words each one holds.
pub(crate) fn find_tables(page_no: usize, words: &[Word], rules: &[Rule]) -> Vec<(Table, Vec<usize>)> {
    let (h, v): (Vec<Rect>, Vec<Rect>) = {
        let mut h = Vec::new();
        let mut v = Vec::new();
        for r in rules {
            let rect = r.rect;
            if rect.width() >= rect.height() && rect.width() >= MIN_RULE_LEN {
                h.push(rect);
            } else if rect.height() > rect.width() && rect.height() >= MIN_RULE_LEN {
                v.push(rect);
            }
        }
        (h, v)
    };
    let mut tables = Vec::new();
    for comp in components(&h, &v) {
        let hs: Vec<Rect> = comp.0.iter().map(|&i| h[i]).collect();
        let vs: Vec<Rect> = comp.1.iter().map(|&i| v[i]).collect();
        if hs.len() < 2 || vs.len() < 2 {
            continue;
        }
        let bbox = hs.iter().chain(vs.iter()).fold(hs[0], |a, r| a.union(r));
        // Rules inside the table that are not part of its grid (fraction bars).
        let inner: Vec<Rect> = h.iter().enumerate().filter(|(i, r)| !comp.0.contains(i) && inside(r, &bbox)).map(|(_, r)| *r).collect();
        if let Some(t) = build_grid(page_no, bbox, &hs, &vs, &inner, words) {
            tables.push(t);
        }
    }
    tables.sort_by(|a, b| a.0.bbox.y0.total_cmp(&b.0.bbox.y0));
    tables
}

fn inside(r: &Rect, b: &Rect) -> bool {
    r.x0 >= b.x0 - SNAP && r.x1 <= b.x1 + SNAP && r.y0 >= b.y0 - SNAP && r.y1 <= b.y1 + SNAP
}

fn touches(a: &Rect, b: &Rect) -> bool {
    a.x0 <= b.x1 + SNAP && b.x0 <= a.x1 + SNAP && a.y0 <= b.y1 + SNAP && b.y0 <= a.y1 + SNAP
}

/// Connected components of horizontal/vertical rules (a rule joins a component
/// when it touches one of its rules of the other orientation).
fn components(h: &[Rect], v: &[Rect]) -> Vec<(Vec<usize>, Vec<usize>)> {
    let n = h.len() + v.len();
    let mut sets = UnionFind::new(n);
    for (i, a) in h.iter().enumerate() {
        // A horizontal rule is a border only when both its ends meet vertical
        // rules; a fraction bar floats inside its cell.
        let meets =
            |x: f32| v.iter().any(|b| (b.cx() - x).abs() <= SNAP + b.width() / 2.0 && a.cy() >= b.y0 - SNAP && a.cy() <= b.y1 + SNAP);
        if !(meets(a.x0) && meets(a.x1)) {
            continue;
        }
        for (j, b) in v.iter().enumerate() {
            if touches(a, b) {
                sets.union(i, h.len() + j);
            }
        }
    }
    let mut groups: std::collections::BTreeMap<usize, (Vec<usize>, Vec<usize>)> = Default::default();
    for i in 0..n {
        let g = groups.entry(sets.find(i)).or_default();
        if i < h.len() {
            g.0.push(i);
        } else {
            g.1.push(i - h.len());
        }
    }
    groups.into_values().collect()
}

/// Clusters 1-D positions: sorted, values within SNAP of the previous join.
fn cluster(mut xs: Vec<f32>) -> Vec<f32> {
    xs.sort_by(f32::total_cmp);
    let mut out: Vec<(f32, usize)> = Vec::new();
    for x in xs {
        match out.last_mut() {
            Some((sum, n)) if x - *sum / *n as f32 <= SNAP => {
                *sum += x;
                *n += 1;
            }
            _ => out.push((x, 1)),
        }
    }
    out.into_iter().map(|(s, n)| s / n as f32).collect()
}

/// Adds `lo` / `hi` as outer grid lines when they lie clearly beyond the
/// current ones.
fn extend_to(lines: &mut Vec<f32>, lo: f32, hi: f32) {
    if let (Some(&first), Some(&last)) = (lines.first(), lines.last()) {
        if lo < first - 2.0 * SNAP {
            lines.insert(0, lo);
        }
        if hi > last + 2.0 * SNAP {
            lines.push(hi);
        }
    }
}

/// Fraction of [a, b] covered by the union of the given intervals.
fn coverage(a: f32, b: f32, mut spans: Vec<(f32, f32)>) -> f32 {
    if b <= a {
        return 1.0;
    }
    spans.sort_by(|x, y| x.0.total_cmp(&y.0));
    let (mut covered, mut cur) = (0.0, a);
    for (s, e) in spans {
        let (s, e) = (s.max(cur), e.min(b));
        if e > s {
            covered += e - s;
            cur = e;
        }
    }
    covered / (b - a)
}

fn build_grid(page_no: usize, bbox: Rect, hs: &[Rect], vs: &[Rect], inner: &[Rect], words: &[Word]) -> Option<(Table, Vec<usize>)> {
    let mut col_x = cluster(vs.iter().map(|r| r.cx()).collect());
    let mut row_y = cluster(hs.iter().map(|r| r.cy()).collect());
    // A row split by a page break has no border on the cut side: the table
    // ends where its vertical rules end (likewise for columns).
    let bottom_before = row_y.last().copied();
    extend_to(&mut row_y, vs.iter().map(|r| r.y0).fold(f32::MAX, f32::min), vs.iter().map(|r| r.y1).fold(f32::MIN, f32::max));
    extend_to(&mut col_x, hs.iter().map(|r| r.x0).fold(f32::MAX, f32::min), hs.iter().map(|r| r.x1).fold(f32::MIN, f32::max));
    if col_x.len() < 2 || row_y.len() < 2 {
        return None;
    }
    let (nr, nc) = (row_y.len() - 1, col_x.len() - 1);
    // Is there a horizontal border at row line `j` over column `c`?
    let h_border = |j: usize, c: usize| {
        let spans = hs.iter().filter(|r| (r.cy() - row_y[j]).abs() <= SNAP).map(|r| (r.x0, r.x1)).collect();
        coverage(col_x[c] + SNAP, col_x[c + 1] - SNAP, spans) > 0.6
    };
    let v_border = |c: usize, r: usize| {
        let spans = vs.iter().filter(|v| (v.cx() - col_x[c]).abs() <= SNAP).map(|v| (v.y0, v.y1)).collect();
        coverage(row_y[r] + SNAP, row_y[r + 1] - SNAP, spans) > 0.6
    };
    let straddled = |c: usize, r: usize| {
        let x = col_x[c];
        words.iter().any(|w| w.bbox.cy() > row_y[r] && w.bbox.cy() < row_y[r + 1] && w.bbox.x0 < x - 1.0 && w.bbox.x1 > x + 1.0)
    };
    // Union-find over grid positions.
    let mut sets = UnionFind::new(nr * nc);
    for r in 0..nr {
        for c in 0..nc {
            if r + 1 < nr && !h_border(r + 1, c) {
                sets.union(r * nc + c, (r + 1) * nc + c);
            }
            // A missing vertical border merges two cells only when text runs
            // across it: a border lost in a scan must not join two columns.
            if c + 1 < nc && !v_border(c + 1, r) && straddled(c + 1, r) {
                sets.union(r * nc + c, r * nc + c + 1);
            }
        }
    }
    // Cells in reading order of their top-left position.
    let mut cell_of_root = std::collections::HashMap::new();
    let mut cells: Vec<Cell> = Vec::new();
    let mut grid = vec![vec![0usize; nc]; nr];
    for r in 0..nr {
        for c in 0..nc {
            let root = sets.find(r * nc + c);
            let idx = *cell_of_root.entry(root).or_insert_with(|| {
                cells.push(Cell {
                    text: String::new(),
                    bbox: Rect::new(col_x[c], row_y[r], col_x[c + 1], row_y[r + 1]),
                    row: r,
                    col: c,
                    row_span: 1,
                    col_span: 1,
                    min_conf: None,
                });
                cells.len() - 1
            });
            grid[r][c] = idx;
            let cell = &mut cells[idx];
            cell.bbox = cell.bbox.union(&Rect::new(col_x[c], row_y[r], col_x[c + 1], row_y[r + 1]));
            cell.row_span = cell.row_span.max(r + 1 - cell.row);
            cell.col_span = cell.col_span.max(c + 1 - cell.col);
        }
    }
    // Words into cells by their centre.
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); cells.len()];
    let mut taken = Vec::new();
    for (i, w) in words.iter().enumerate() {
        let (x, y) = (w.bbox.cx(), w.bbox.cy());
        if x < col_x[0] || x > col_x[nc] || y < row_y[0] || y > row_y[nr] {
            continue;
        }
        let c = col_x.partition_point(|&b| b <= x).clamp(1, nc) - 1;
        let r = row_y.partition_point(|&b| b <= y).clamp(1, nr) - 1;
        members[grid[r][c]].push(i);
        taken.push(i);
    }
    for (cell, ws) in cells.iter_mut().zip(&members) {
        let bars: Vec<Rect> = inner.iter().filter(|b| inside(b, &cell.bbox)).copied().collect();
        cell.text = cell_text(words, ws, &bars);
        cell.min_conf = ws.iter().filter_map(|&i| words[i].conf).reduce(f32::min);
    }
    let cut = row_y.last().copied() != bottom_before;
    // Perhaps cut: a bottom border with a gap under a cell. A merged sasaran
    // goes on over the page break there; whether the row beside it does too
    // (office suites close a cut row's other cells) the next page's first
    // row tells, as for `cut_guessed`.
    let (left, right, bottom) = (col_x[0], col_x[nc], row_y[nr]);
    let bottom_spans: Vec<(f32, f32)> = hs.iter().filter(|r| (r.cy() - bottom).abs() <= 1.5).map(|r| (r.x0, r.x1)).collect();
    let gap_below = !cut && nr > 1 && coverage(left, right, bottom_spans) < 0.9;
    let table = Table {
        page: page_no,
        bbox,
        col_x,
        row_y,
        cells,
        grid,
        open_bottom: cut || gap_below,
        cut_guessed: gap_below,
        at_page_foot: false,
    };
    Some((table, taken))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hrule(x0: f32, x1: f32, y: f32) -> Rule {
        Rule { rect: Rect::new(x0, y - 0.5, x1, y + 0.5) }
    }
    fn vrule(x: f32, y0: f32, y1: f32) -> Rule {
        Rule { rect: Rect::new(x - 0.5, y0, x + 0.5, y1) }
    }
    fn word(text: &str, x: f32, y: f32) -> Word {
        Word { text: text.into(), bbox: Rect::new(x, y, x + 5.0 * text.len() as f32, y + 9.0), size: 9.0, conf: None }
    }

    /// Two columns, three rows; the first column's last two rows are one merged cell.
    #[test]
    fn merged_cell_spans_rows() {
        let rules = vec![
            hrule(0.0, 200.0, 0.0),
            hrule(0.0, 200.0, 20.0),
            hrule(100.0, 200.0, 40.0), // only over column 2: column 1 is merged
            hrule(0.0, 200.0, 60.0),
            vrule(0.0, 0.0, 60.0),
            vrule(100.0, 0.0, 60.0),
            vrule(200.0, 0.0, 60.0),
        ];
        let words = vec![word("HEAD", 5.0, 5.0), word("merged", 5.0, 35.0), word("one", 105.0, 25.0), word("two", 105.0, 45.0)];
        let tables = find_tables(1, &words, &rules);
        assert_eq!(tables.len(), 1);
        let t = &tables[0].0;
        assert_eq!((t.nrows(), t.ncols()), (3, 2));
        assert_eq!(t.text(1, 0), "merged");
        assert_eq!(t.text(2, 0), "merged");
        assert_eq!(t.cell(1, 0).row_span, 2);
        assert_eq!(t.text(1, 1), "one");
        assert_eq!(t.text(2, 1), "two");
        assert_eq!(tables[0].1.len(), 4);
    }

    /// A vertical border missing in one row (lost in a scan) does not join two
    /// columns unless text runs across it; a real column span does.
    #[test]
    fn missing_vertical_border_joins_columns_only_under_text() {
        let rules = vec![
            hrule(0.0, 200.0, 0.0),
            hrule(0.0, 200.0, 20.0),
            hrule(0.0, 200.0, 40.0),
            hrule(0.0, 200.0, 60.0),
            vrule(0.0, 0.0, 60.0),
            vrule(100.0, 0.0, 20.0), // only in the first row
            vrule(200.0, 0.0, 60.0),
        ];
        let words = vec![
            word("a", 5.0, 5.0),
            word("b", 105.0, 5.0),
            word("left", 5.0, 25.0),
            word("right", 105.0, 25.0),
            word("spanning_text_here", 60.0, 45.0),
        ];
        let tables = find_tables(1, &words, &rules);
        let t = &tables[0].0;
        assert_eq!(t.text(1, 0), "left");
        assert_eq!(t.text(1, 1), "right");
        assert_eq!(t.cell(2, 0).col_span, 2);
    }

    /// A short rule inside a cell (a fraction bar) is not a row border.
    #[test]
    fn fraction_bar_is_not_a_grid_line() {
        let rules =
            vec![hrule(0.0, 200.0, 0.0), hrule(0.0, 200.0, 60.0), vrule(0.0, 0.0, 60.0), vrule(200.0, 0.0, 60.0), hrule(20.0, 120.0, 30.0)];
        let words = vec![word("a", 60.0, 18.0), word("b", 60.0, 33.0), word("×", 140.0, 26.0), word("100%", 150.0, 26.0)];
        let tables = find_tables(1, &words, &rules);
        assert_eq!(tables.len(), 1);
        let t = &tables[0].0;
        assert_eq!(t.nrows(), 1);
        assert_eq!(t.text(0, 0), "a / b × 100%");
    }
}
