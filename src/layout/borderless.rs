//! Tables drawn without ruling lines: columns anchored on the header row.
//!
//! A line whose words read like an indicator-table header (SASARAN, INDIKATOR,
//! FORMULASI, SUMBER DATA ...) opens a table. Its words, grouped by the wide
//! gaps between them, give the columns; the lines below it, down to a block
//! heading or a wide vertical gap, are split into rows where the vertical gap
//! between lines opens up, and their words go to the column under their centre.

use crate::layout::lines::{build_lines, Line};
use crate::layout::table::{Cell, Table};
use crate::layout::text::{cell_text, join_lines};
use crate::model::{Rect, Rule, Word};
use crate::record::Field;
use crate::vocab::headers::{field_of, header_share, is_header_row, is_number_row, Column};

/// Builds the borderless table opened by `lines[start]`, if that line is a
/// header; returns it with the number of lines it used.
///
/// `hrules` are the page's horizontal rules outside ruled tables: where a table
/// has rules between its rows (horizontal rules only, booktabs), they split the
/// rows, and its bottom rule ends it.
pub(crate) fn table_at(page_no: usize, words: &[Word], lines: &[Line], start: usize, hrules: &[Rect]) -> Option<(Table, usize)> {
    let header = &lines[start];
    if header_share(&header.text(words)) < 0.6 {
        return None;
    }
    let pitch = median_pitch(lines).max(1.0);
    // The header band: this line and the header lines right below it (headers
    // are often staggered over two or three lines).
    let (mut end, groups) = header_band(words, lines, start, pitch)?;
    let header_lines: Vec<usize> = (start..end).collect();
    let body_start = end;
    let (left, right) = (groups[0].0.x0, groups[groups.len() - 1].0.x1);
    let line_h = median_height(&lines[start..]);
    // Rules across the table's width below its header.
    let mut across: Vec<f32> = hrules
        .iter()
        .filter(|r| r.cy() > header.bbox.y1 - 1.0 && r.x0 <= left + 0.2 * (right - left) && r.x1 >= right - 0.2 * (right - left))
        .map(|r| r.cy())
        .collect();
    across.sort_by(f32::total_cmp);
    // The bottom rule: the first rule below the body's first line (a rule
    // above it is the header's) that the next line keeps well away from. A
    // rule between rows has the next row's text one cell padding below it; a
    // table with rules between its rows may have none at its foot, and a box
    // cut by the page break has none.
    let body_top = lines.get(body_start).map_or(f32::MAX, |l| l.bbox.y0);
    let next_line = |y: f32| lines[start..].iter().find(|l| l.bbox.y0 > y);
    let padding = across.iter().filter_map(|&y| next_line(y).map(|l| l.bbox.y0 - y)).fold(f32::MAX, f32::min).max(1.0);
    let bottom_rule = across.iter().copied().find(|&y| {
        let above = lines[body_start.min(lines.len())..].iter().take_while(|l| l.bbox.y0 < y);
        y > body_top && next_line(y).is_none_or(|l| l.bbox.y0 - y > 2.0 * padding || !row_like(words, above, l))
    });
    // Rules much narrower than the table: fraction bars inside its cells.
    let bars: Vec<Rect> = hrules.iter().filter(|r| r.cy() > header.bbox.y1 && r.width() < 0.5 * (right - left)).copied().collect();
    while end < lines.len() {
        let gap = lines[end].bbox.y0 - lines[end - 1].bbox.y1;
        let text = lines[end].text(words);
        let limit = (3.0 * pitch).max(2.5 * line_h);
        let below_bottom = bottom_rule.is_some_and(|b| lines[end].bbox.y0 > b);
        let title = crate::vocab::labels::is_title(&text) && !in_a_column(words, &lines[body_start..end], &lines[end]);
        if gap > limit || below_bottom || title || crate::vocab::labels::label(&text).is_some() {
            break;
        }
        // The header again: a table of its own follows (some producers set
        // every row as a table with its header). Again means the same
        // columns: a body line made of header-like words ("Evaluasi
        // Program dan Kegiatan") names other ones, or none.
        if header_share(&text) >= 0.6 && header_band(words, lines, end, pitch).is_some_and(|(_, again)| same_columns(&groups, &again)) {
            break;
        }
        end += 1;
    }
    if end == body_start {
        return None;
    }
    // Column boundaries in the body's whitespace between neighbouring header groups.
    let body = &lines[body_start..end];
    let spans = phrase_spans(words, body);
    let word_spans: Vec<(f32, f32)> = body.iter().flat_map(|l| l.words.iter().map(|&w| (words[w].bbox.x0, words[w].bbox.x1))).collect();
    let mut col_x = vec![f32::MIN];
    for pair in groups.windows(2) {
        col_x.push(gutter(&spans, &word_spans, &pair[0].0, &pair[1].0));
    }
    col_x.push(f32::MAX);
    let key = groups.iter().position(|g| field_of(&g.1) == Some(Column::Field(Field::Indikator))).unwrap_or(1.min(groups.len() - 1));
    let body_bottom = lines[end - 1].bbox.y1;
    let inner_rules: Vec<f32> = across.iter().copied().filter(|&y| y > body_top + 1.0 && y < body_bottom - 1.0).collect();
    let starts = if inner_rules.is_empty() {
        row_starts(words, &lines[body_start..end], &col_x, key, 0.3)
    } else {
        std::iter::once(body_top).chain(inner_rules).collect()
    };
    // A line that runs across a row start is split there: a sasaran line set
    // level with the gap between two indicators makes one line with the next
    // row's first line.
    let row_of = |y: f32| starts.iter().rposition(|&s| y >= s - 1.0).unwrap_or(0);
    let mut split: Vec<Line> = lines[..body_start].to_vec();
    for line in &lines[body_start..end] {
        let mut parts: Vec<(usize, Vec<usize>)> = Vec::new();
        for &w in &line.words {
            let r = row_of(words[w].bbox.y0);
            match parts.iter_mut().find(|p| p.0 == r) {
                Some(p) => p.1.push(w),
                None => parts.push((r, vec![w])),
            }
        }
        parts.sort_by_key(|p| p.0);
        for (_, ws) in parts {
            let bbox = ws.iter().map(|&w| words[w].bbox).reduce(|a, b| a.union(&b)).expect("a line has words");
            split.push(Line { words: ws, bbox });
        }
    }
    let used = end - start;
    let (lines, end) = (&split[..], split.len());
    let mut rows: Vec<Vec<usize>> = vec![header_lines];
    let first_body = rows.len();
    rows.extend(starts.iter().map(|_| Vec::new()));
    if starts.is_empty() {
        rows.push(Vec::new());
    }
    for (i, line) in lines.iter().enumerate().take(end).skip(body_start) {
        let r = row_of(line.bbox.y0);
        rows[first_body + r].push(i);
    }
    rows.retain(|r| !r.is_empty());
    let left = lines[start..end].iter().map(|l| l.bbox.x0).fold(f32::MAX, f32::min);
    let right = lines[start..end].iter().map(|l| l.bbox.x1).fold(f32::MIN, f32::max);
    col_x[0] = left;
    *col_x.last_mut().expect("two boundaries") = right;
    let nc = col_x.len() - 1;
    let in_col = |w: usize, c: usize| {
        let x = words[w].bbox.cx();
        x >= col_x[c] && (x < col_x[c + 1] || c + 1 == nc)
    };
    // Which row owns each line's words in each column: a paragraph that goes on
    // across a row start at the table's line spacing (a sasaran longer than its
    // rows' indicators) stays with the row it began in, and covers the rows it
    // reaches that have nothing of their own in that column (a merged cell).
    let col_lines: Vec<Vec<ColumnLine>> = (0..nc)
        .map(|c| {
            (1..rows.len())
                .flat_map(|r| rows[r].iter().map(move |&i| (i, r)))
                .filter(|&(i, _)| lines[i].words.iter().any(|&w| in_col(w, c)))
                .map(|(i, r)| (i, r, extent(words, &lines[i], &|w| in_col(w, c))))
                .collect()
        })
        .collect();
    let limit = line_spacing(col_lines.iter().map(|cl| cl.iter().map(|x| x.2).collect::<Vec<_>>()), 0.3);
    let mut owner = vec![vec![0usize; nc]; lines.len()];
    let mut reach: Vec<Vec<usize>> = (0..rows.len()).map(|r| vec![r; nc]).collect();
    for c in 0..nc {
        let col = &col_lines[c];
        let mut cur = 0;
        for (k, &(i, r, ext)) in col.iter().enumerate() {
            let goes_on = k > 0 && c != key && ext.0 - col[k - 1].2 .1 <= limit;
            let o = if goes_on { cur } else { r };
            owner[i][c] = o;
            reach[o][c] = reach[o][c].max(r);
            cur = o;
        }
    }
    let mut cells: Vec<Cell> = Vec::new();
    let mut grid: Vec<Vec<usize>> = Vec::new();
    let mut row_y = Vec::new();
    let mut cell_at: Vec<Vec<Option<usize>>> = vec![vec![None; nc]; rows.len()];
    for (r, row) in rows.iter().enumerate() {
        let top = lines[row[0]].bbox.y0;
        row_y.push(top);
        let mut grid_row = Vec::new();
        for c in 0..nc {
            let owned: Vec<usize> =
                if r == 0 { row.clone() } else { col_lines[c].iter().filter(|x| owner[x.0][c] == r).map(|x| x.0).collect() };
            // A row with nothing of its own under a paragraph from above: that cell.
            let covered = (1..r).rev().find(|&o| reach[o][c] >= r && cell_at[o][c].is_some());
            if let (true, Some(o)) = (owned.is_empty(), covered) {
                let ix = cell_at[o][c].expect("checked");
                cells[ix].row_span = r + 1 - o;
                grid_row.push(ix);
                continue;
            }
            // The row's words under this column, line by line; a short rule
            // among them is a fraction bar.
            let min_conf = row.iter().flat_map(|&i| lines[i].words.iter()).filter_map(|&w| words[w].conf).reduce(f32::min);
            let bottom = owned.iter().chain(row.iter()).map(|&i| lines[i].bbox.y1).fold(top, f32::max);
            let cell_bars: Vec<Rect> =
                bars.iter().filter(|b| b.cx() >= col_x[c] && b.cx() < col_x[c + 1] && b.cy() > top && b.cy() < bottom).copied().collect();
            let text = if cell_bars.is_empty() {
                join_lines(owned.iter().map(|&i| {
                    let ws: Vec<&str> = lines[i].words.iter().filter(|&&w| in_col(w, c)).map(|&w| words[w].text.as_str()).collect();
                    ws.join(" ")
                }))
            } else {
                let members: Vec<usize> = owned.iter().flat_map(|&i| lines[i].words.iter().copied()).filter(|&w| in_col(w, c)).collect();
                cell_text(words, &members, &cell_bars)
            };
            cells.push(Cell {
                text,
                bbox: Rect::new(col_x[c], top, col_x[c + 1], bottom),
                row: r,
                col: c,
                row_span: 1,
                col_span: 1,
                min_conf,
            });
            cell_at[r][c] = Some(cells.len() - 1);
            grid_row.push(cells.len() - 1);
        }
        grid.push(grid_row);
    }
    row_y.push(lines[end - 1].bbox.y1);
    let bbox = Rect::new(left, header.bbox.y0, right, lines[end - 1].bbox.y1);
    Some((Table { page: page_no, bbox, col_x, row_y, cells, grid, open_bottom: false, cut_guessed: false, at_page_foot: false }, used))
}

/// Is `line` a line of the table body `above` it, though it reads like a
/// title (a sasaran ending in `Kecamatan Kanigaran`)? It reads like a row
/// (see `row_like`), or it is one phrase starting where the body's phrases
/// start in some column. A title is one phrase, set apart from the columns.
fn in_a_column<'a>(words: &[Word], above: impl IntoIterator<Item = &'a Line>, line: &Line) -> bool {
    let phrases = phrase_spans(words, std::slice::from_ref(line));
    let at_edges = edges_met(&column_edges(words, above), &phrases);
    at_edges >= 2 || phrases.len() == 1 && at_edges == 1
}

/// Does `line` read like a line of the rows `above` it: two or more of its
/// phrases start where the rows' phrases start (at the columns' left edges,
/// the cell padding in)? A footer or a signature line is one phrase.
fn row_like<'a>(words: &[Word], above: impl IntoIterator<Item = &'a Line>, line: &Line) -> bool {
    edges_met(&column_edges(words, above), &phrase_spans(words, std::slice::from_ref(line))) >= 2
}

/// How many of `edges` a phrase of `phrases` starts at (within 2 pt).
fn edges_met(edges: &[f32], phrases: &[(f32, f32)]) -> usize {
    let mut met: Vec<usize> = phrases.iter().filter_map(|p| edges.iter().position(|&e| (e - p.0).abs() < 2.0)).collect();
    met.sort_unstable();
    met.dedup();
    met.len()
}

/// Where the phrases of `lines` start, each edge once (within 2 pt).
fn column_edges<'a>(words: &[Word], lines: impl IntoIterator<Item = &'a Line>) -> Vec<f32> {
    let mut edges: Vec<f32> = Vec::new();
    for l in lines {
        for (x0, _) in phrase_spans(words, std::slice::from_ref(l)) {
            if !edges.iter().any(|&e| (e - x0).abs() < 2.0) {
                edges.push(x0);
            }
        }
    }
    edges
}

/// The header band opened by `lines[start]`: that line and the header lines
/// right below it (headers are often staggered over two or three lines, and
/// may have a row of column numbers under them), with the band's column
/// groups. None when the band does not read as a header of three or more
/// columns, most of them named.
/// Do two header bands name the same columns (the same fields, in order)?
fn same_columns(a: &[(Rect, String)], b: &[(Rect, String)]) -> bool {
    let fields = |g: &[(Rect, String)]| g.iter().map(|(_, t)| field_of(t)).collect::<Vec<_>>();
    a.len() == b.len() && fields(a) == fields(b) && fields(a).iter().flatten().count() >= 2
}

fn header_band(words: &[Word], lines: &[Line], start: usize, pitch: f32) -> Option<(usize, Vec<(Rect, String)>)> {
    let header = &lines[start];
    let mut end = start + 1;
    while end < lines.len() && lines[end].bbox.y0 - lines[end - 1].bbox.y1 < 2.0 * pitch + header.bbox.height() {
        let texts: Vec<&str> = lines[end].words.iter().map(|&w| words[w].text.as_str()).collect();
        if header_share(&lines[end].text(words)) < 0.6 && !is_number_row(&texts) {
            break;
        }
        end += 1;
    }
    let groups = column_groups(words, (start..end).flat_map(|i| lines[i].words.iter().copied()));
    let named = groups.iter().filter(|g| header_share(&g.1) >= 0.5).count();
    (groups.len() >= 3 && named * 4 >= groups.len() * 3).then_some((end, groups))
}

/// Rules to add between the rows of a ruled table whose body is one grid row
/// holding several rows of text (a table drawn as an outer box with a header
/// rule, or with vertical rules only): one rule above each row start found
/// from the line spacing of the indicator column.
pub(crate) fn row_rules(words: &[Word], t: &Table, taken: &[usize]) -> Vec<Rule> {
    let row_text = |r: usize| (0..t.ncols()).map(|c| t.text(r, c)).collect::<Vec<_>>();
    let header_rows = (0..t.nrows()).take_while(|&r| is_header_row(&row_text(r))).count();
    if header_rows == 0 || t.nrows() != header_rows + 1 || t.ncols() < 3 {
        return Vec::new();
    }
    let top = t.row_y[header_rows];
    let body: Vec<usize> = taken.iter().copied().filter(|&w| words[w].bbox.cy() > top).collect();
    let lines = build_lines(words, &body);
    let key = (0..t.ncols())
        .find(|&c| (0..header_rows).any(|r| field_of(t.text(r, c)) == Some(Column::Field(Field::Indikator))))
        .unwrap_or(1.min(t.ncols() - 1));
    // Rows of a boxed table are set apart by their cells' padding as well:
    // a wider gap than between the lines of a cell (OCR's spacing wavers).
    let starts = row_starts(words, &lines, &t.col_x, key, 0.45);
    // A row start is confirmed by at least half of the other columns opening
    // a paragraph level with it (rows are top-aligned): an indicator's lines
    // spaced unevenly (OCR) in a genuine one-row table are no row starts.
    let cols: Vec<Vec<(f32, f32)>> = (0..t.ncols())
        .map(|c| {
            let in_col = |w: usize| words[w].bbox.cx() >= t.col_x[c] && words[w].bbox.cx() < t.col_x[c + 1];
            lines.iter().filter(|l| l.words.iter().any(|&w| in_col(w))).map(|l| extent(words, l, &in_col)).collect()
        })
        .collect();
    let limit = line_spacing(cols.iter().cloned(), 0.45);
    let line_h = median_height(&lines);
    let opens_at = |c: usize, y: f32| {
        cols[c].iter().enumerate().any(|(k, e)| (e.0 - y).abs() <= 0.6 * line_h && (k == 0 || e.0 - cols[c][k - 1].1 > limit))
    };
    // Text above the first indicator line is the first row's (a sasaran set
    // higher) unless every column holding it opens a new paragraph level with
    // that line: then it is the tail of a row cut by the page break above.
    let first_key = cols[key].first().map(|e| e.0);
    let cut_tail = first_key.filter(|&y| {
        let above: Vec<usize> = (0..t.ncols()).filter(|&c| c != key && cols[c].first().is_some_and(|e| e.1 < y - 0.5 * line_h)).collect();
        !above.is_empty() && above.iter().all(|&c| opens_at(c, y) || cols[c].iter().all(|e| e.0 < y - 0.6 * line_h))
    });
    starts
        .iter()
        .skip(1)
        .copied()
        .chain(cut_tail)
        .filter(|&y| {
            let others = (0..t.ncols()).filter(|&c| c != key && !cols[c].is_empty()).count();
            let opening = (0..t.ncols()).filter(|&c| c != key && opens_at(c, y)).count();
            opening >= 1 && opening * 2 >= others
        })
        .flat_map(|y| {
            // No rule through a column whose paragraph runs on across the row
            // start (a merged sasaran): its cell covers the rows beside it.
            let runs_on = |c: usize| {
                let k = cols[c].iter().position(|e| e.0 >= y - 0.6 * line_h);
                k.is_some_and(|k| k > 0 && cols[c][k].0 - cols[c][k - 1].1 <= limit)
            };
            let mut spans: Vec<(f32, f32)> = Vec::new();
            for c in (0..t.ncols()).filter(|&c| c == key || !runs_on(c)) {
                match spans.last_mut() {
                    Some(last) if last.1 == t.col_x[c] => last.1 = t.col_x[c + 1],
                    _ => spans.push((t.col_x[c], t.col_x[c + 1])),
                }
            }
            spans.into_iter().map(move |(a, b)| Rule { rect: Rect::new(a, y - 1.5, b, y - 1.0) })
        })
        .collect()
}

/// A line's words in one column: (line index, row, their vertical extent).
type ColumnLine = (usize, usize, (f32, f32));

/// The vertical extent of the words of `line` that `keep` selects.
fn extent(words: &[Word], line: &Line, keep: &dyn Fn(usize) -> bool) -> (f32, f32) {
    let ys = line.words.iter().filter(|&&w| keep(w)).map(|&w| (words[w].bbox.y0, words[w].bbox.y1));
    ys.fold((f32::MAX, f32::MIN), |a, b| (a.0.min(b.0), a.1.max(b.1)))
}

/// The gap between consecutive lines of a cell's paragraph, plus `slack`
/// lines: the table's leading is the smallest lower-quartile gap of its
/// columns (a column of one-line cells only shows the gaps between rows).
fn line_spacing(columns: impl Iterator<Item = Vec<(f32, f32)>>, slack: f32) -> f32 {
    let mut inner = f32::MAX;
    let mut heights = Vec::new();
    for ext in columns {
        let mut gaps: Vec<f32> = ext.windows(2).map(|p| p[1].0 - p[0].1).filter(|g| *g > -1.0).collect();
        gaps.sort_by(f32::total_cmp);
        if gaps.len() >= 2 {
            inner = inner.min(gaps[gaps.len() / 4].max(0.0));
        }
        heights.extend(ext.iter().map(|e| e.1 - e.0));
    }
    let line_h = heights.iter().sum::<f32>() / heights.len().max(1) as f32;
    if inner == f32::MAX {
        return 0.0;
    }
    inner + slack * line_h
}

/// Where the rows of a table body start (top y of each): the indicator column
/// (`key`) decides, as other columns may hold a merged cell offset by half a
/// line. A row starts where the gap between that column's lines opens up
/// beyond its usual line spacing (its lower-quartile gap) by `slack` lines.
pub(crate) fn row_starts(words: &[Word], body: &[Line], col_x: &[f32], key: usize, slack: f32) -> Vec<f32> {
    let in_key = |w: usize| {
        let x = words[w].bbox.cx();
        x >= col_x[key] && x < col_x[key + 1]
    };
    let key_lines: Vec<(f32, f32)> =
        body.iter().filter(|l| l.words.iter().any(|&w| in_key(w))).map(|l| extent(words, l, &in_key)).collect();
    let mut gaps: Vec<f32> = key_lines.windows(2).map(|p| p[1].0 - p[0].1).collect();
    gaps.sort_by(f32::total_cmp);
    let inner = gaps.get(gaps.len() / 4).copied().unwrap_or(0.0).max(0.0);
    let line_h = key_lines.iter().map(|k| k.1 - k.0).sum::<f32>() / key_lines.len().max(1) as f32;
    let mut starts: Vec<f32> = Vec::new();
    for (k, line) in key_lines.iter().enumerate() {
        if k == 0 || line.0 - key_lines[k - 1].1 > inner + slack * line_h {
            starts.push(line.0);
        }
    }
    // Lines above the first indicator line (a sasaran set higher) join the first row.
    if let (Some(first), Some(top)) = (starts.first_mut(), body.first()) {
        *first = first.min(top.bbox.y0);
    }
    starts
}

/// The x extents of the phrases of each line: words closer than about half
/// an em are one phrase, so the space between two words is no gutter.
fn phrase_spans(words: &[Word], lines: &[Line]) -> Vec<(f32, f32)> {
    let mut out = Vec::new();
    for l in lines {
        let mut cur: Option<(f32, f32)> = None;
        for &w in &l.words {
            let r = &words[w].bbox;
            let gap_ok = 0.6 * words[w].size.max(4.0);
            cur = match cur {
                Some((x0, x1)) if r.x0 - x1 < gap_ok => Some((x0, x1.max(r.x1))),
                Some(span) => {
                    out.push(span);
                    Some((r.x0, r.x1))
                }
                None => Some((r.x0, r.x1)),
            };
        }
        out.extend(cur);
    }
    out
}

/// The boundary between two neighbouring columns whose headers are `a` and
/// `b`: the middle of the widest run of x positions, between the headers'
/// centres, that the fewest body phrases cover (a whitespace river). Headers
/// may be centred over their columns, the data left-aligned under them. Where
/// the columns are set so tight that no phrase gap runs through (cell padding
/// narrower than half an em), the run that no single word covers is taken.
fn gutter(phrases: &[(f32, f32)], words: &[(f32, f32)], a: &Rect, b: &Rect) -> f32 {
    let (lo, hi) = (a.cx().max(a.x1 - 2.0 * a.height()).min(b.x0), b.cx().min(b.x0 + 2.0 * b.height()).max(a.x1));
    if hi - lo < 2.0 {
        return (a.x1 + b.x0) / 2.0;
    }
    let by_phrase = least_covered_run(phrases, lo, hi);
    let run = match by_phrase {
        Some((0, _)) => by_phrase,
        _ => least_covered_run(words, lo, hi).filter(|r| r.0 == 0).or(by_phrase),
    };
    run.map(|(_, m)| m).unwrap_or((a.x1 + b.x0) / 2.0)
}

/// The widest run of whole points in `lo..hi` that the fewest `spans` cover:
/// (that cover, the run's middle).
fn least_covered_run(spans: &[(f32, f32)], lo: f32, hi: f32) -> Option<(u32, f32)> {
    let n = (hi - lo).ceil() as usize;
    let mut cover = vec![0u32; n + 1];
    for &(x0, x1) in spans {
        if x1 < lo || x0 > hi {
            continue;
        }
        // Whole points the span touches, clamped to the range (its last point too).
        let from = ((x0 - lo).max(0.0)) as usize;
        let to = ((x1 - lo).ceil().max(0.0) as usize).min(n);
        for c in &mut cover[from.min(n)..=to] {
            *c += 1;
        }
    }
    let least = cover.iter().copied().min().unwrap_or(0);
    // A run with text on both sides beats one that only the range's end
    // bounds (a narrow column's text ends short of its header's centre).
    let (mut best, mut best_key, mut run_start) = (None, (false, 0usize), None);
    for (i, &c) in cover.iter().chain(std::iter::once(&u32::MAX)).enumerate() {
        match (c == least, run_start) {
            (true, None) => run_start = Some(i),
            (false, Some(s)) => {
                let key = (s > 0 && i <= n, i - s);
                if key > best_key {
                    best_key = key;
                    best = Some((s + i - 1) as f32 / 2.0);
                }
                run_start = None;
            }
            _ => {}
        }
    }
    best.map(|m| (least, lo + m))
}

fn median_height(lines: &[Line]) -> f32 {
    let mut h: Vec<f32> = lines.iter().map(|l| l.bbox.height()).collect();
    h.sort_by(f32::total_cmp);
    h.get(h.len() / 2).copied().unwrap_or(10.0)
}

/// The header band's words grouped into columns: words whose x ranges overlap
/// or nearly touch (closer than about two characters) are one column. Returns
/// (extent, text read top to bottom) per group, left to right.
fn column_groups(words: &[Word], band: impl Iterator<Item = usize>) -> Vec<(Rect, String)> {
    let mut ix: Vec<usize> = band.collect();
    ix.sort_by(|&a, &b| words[a].bbox.x0.total_cmp(&words[b].bbox.x0));
    let mut groups: Vec<(Rect, Vec<usize>)> = Vec::new();
    for i in ix {
        let w = &words[i];
        match groups.last_mut() {
            Some((r, members)) if w.bbox.x0 - r.x1 < 1.2 * w.size => {
                *r = r.union(&w.bbox);
                members.push(i);
            }
            _ => groups.push((w.bbox, vec![i])),
        }
    }
    groups
        .into_iter()
        .map(|(r, mut members)| {
            members.sort_by(|&a, &b| words[a].bbox.y0.total_cmp(&words[b].bbox.y0).then(words[a].bbox.x0.total_cmp(&words[b].bbox.x0)));
            (r, members.iter().map(|&i| words[i].text.as_str()).collect::<Vec<_>>().join(" "))
        })
        .collect()
}

/// The usual distance between consecutive lines' tops minus a line's height:
/// the gap inside a paragraph.
fn median_pitch(lines: &[Line]) -> f32 {
    let mut gaps: Vec<f32> = lines.windows(2).map(|p| p[1].bbox.y0 - p[0].bbox.y1).filter(|g| *g > 0.0).collect();
    gaps.sort_by(f32::total_cmp);
    gaps.get(gaps.len() / 2).copied().unwrap_or(4.0).max(1.0)
}

#[cfg(test)]
mod tests {
    use crate::layout::{layout_page, Element};
    use crate::model::{Page, PageSource, Rect, Word};

    fn tables_of(page: &Page) -> Vec<crate::layout::Table> {
        layout_page(page)
            .into_iter()
            .filter_map(|e| match e {
                Element::Table(t) => Some(t),
                _ => None,
            })
            .collect()
    }

    fn put(words: &mut Vec<Word>, text: &str, x: f32, y: f32) {
        for (k, t) in text.split(' ').enumerate() {
            let x0 = x + 40.0 * k as f32;
            words.push(Word { text: t.into(), bbox: Rect::new(x0, y, x0 + 6.0 * t.len() as f32, y + 10.0), size: 10.0, conf: None });
        }
    }

    /// One word at an exact place: `x0..x1` wide, 10 pt high from `y`.
    fn at(words: &mut Vec<Word>, text: &str, x0: f32, x1: f32, y: f32) {
        words.push(Word { text: text.into(), bbox: Rect::new(x0, y, x1, y + 10.0), size: 10.0, conf: None });
    }

    fn hrule(x0: f32, x1: f32, y: f32) -> crate::model::Rule {
        crate::model::Rule { rect: Rect::new(x0, y, x1, y + 0.75) }
    }

    /// A header and one row under four columns, the formula and sumber
    /// columns 5 pt apart (less than a space and a half): the boundary falls
    /// in the gap that no word crosses, not inside the narrow last column.
    fn tight_columns() -> Vec<Word> {
        let mut w = Vec::new();
        put(&mut w, "SASARAN", 50.0, 100.0);
        put(&mut w, "INDIKATOR", 150.0, 100.0);
        at(&mut w, "FORMULA", 350.0, 392.0, 100.0);
        at(&mut w, "SUMBER", 440.0, 476.0, 100.0);
        at(&mut w, "DATA", 446.0, 470.0, 112.0);
        put(&mut w, "Meningkatnya", 50.0, 130.0);
        put(&mut w, "Jumlah", 150.0, 130.0);
        for (text, x0, x1, y) in [
            ("Σ", 350.0, 356.0, 130.0),
            ("jumlah", 359.0, 395.0, 130.0),
            ("disusun", 398.0, 435.0, 130.0),
            ("Subag.", 440.0, 476.0, 130.0),
            ("/", 350.0, 354.0, 142.0),
            ("Σ", 357.0, 363.0, 142.0),
            ("seharusnya", 366.0, 426.0, 142.0),
            ("Umum,", 440.0, 470.0, 142.0),
            ("Keuangan", 440.0, 488.0, 154.0),
        ] {
            at(&mut w, text, x0, x1, y);
        }
        w
    }

    #[test]
    fn columns_set_tight_split_where_no_word_crosses() {
        let page = Page { words: tight_columns(), ..Page::empty(1, 600.0, 800.0, PageSource::Text) };
        let tables = tables_of(&page);
        assert_eq!(tables.len(), 1);
        let t = &tables[0];
        assert_eq!((t.text(0, 2), t.text(0, 3)), ("FORMULA", "SUMBER DATA"));
        assert_eq!(t.text(1, 3), "Subag. Umum, Keuangan");
        assert_eq!(t.text(1, 2), "Σ jumlah disusun / Σ seharusnya");
    }

    /// Some producers set every row as a table of its own, header included:
    /// the header seen again opens a second table instead of becoming a row.
    #[test]
    fn a_repeated_header_opens_a_table_of_its_own() {
        let mut w = Vec::new();
        for y in [100.0, 160.0] {
            put(&mut w, "SASARAN", 50.0, y);
            put(&mut w, "INDIKATOR", 200.0, y);
            put(&mut w, "SUMBER DATA", 400.0, y);
            put(&mut w, "Meningkatnya", 50.0, y + 20.0);
            put(&mut w, "Jumlah", 200.0, y + 20.0);
            put(&mut w, "Seksi", 400.0, y + 20.0);
        }
        let page = Page { words: w, ..Page::empty(1, 600.0, 800.0, PageSource::Text) };
        let tables = tables_of(&page);
        assert_eq!(tables.len(), 2);
        assert!(tables.iter().all(|t| t.nrows() == 2 && t.text(1, 1) == "Jumlah"));
    }

    /// A row going on over lines of header-like words ("Evaluasi Program dan
    /// Kegiatan") is no header again: those words name no columns of the
    /// table's, and the table goes on.
    #[test]
    fn header_words_in_a_row_are_no_header_again() {
        let mut w = Vec::new();
        put(&mut w, "SASARAN", 50.0, 100.0);
        put(&mut w, "INDIKATOR", 200.0, 100.0);
        put(&mut w, "SUMBER DATA", 400.0, 100.0);
        put(&mut w, "Meningkatnya Pemantauan", 50.0, 120.0);
        put(&mut w, "Jumlah Pemantauan", 200.0, 120.0);
        put(&mut w, "Laporan", 400.0, 120.0);
        put(&mut w, "Evaluasi Program", 50.0, 131.0);
        put(&mut w, "Evaluasi Kegiatan", 200.0, 131.0);
        put(&mut w, "Kegiatan", 400.0, 131.0);
        put(&mut w, "Meningkatnya Kinerja", 50.0, 150.0);
        put(&mut w, "Jumlah Laporan", 200.0, 150.0);
        put(&mut w, "Seksi", 400.0, 150.0);
        let page = Page { words: w, ..Page::empty(1, 600.0, 800.0, PageSource::Text) };
        let tables = tables_of(&page);
        assert_eq!(tables.len(), 1);
        let t = &tables[0];
        assert_eq!(t.nrows(), 3);
        assert_eq!(t.text(1, 0), "Meningkatnya Pemantauan Evaluasi Program");
        assert_eq!(t.text(1, 1), "Jumlah Pemantauan Evaluasi Kegiatan");
    }

    /// A table drawn with horizontal borders only, each border one segment
    /// per cell: the segments make the bottom border, which ends the table
    /// before the signature set just under it; the short rule inside the
    /// formula cell is a fraction bar.
    #[test]
    fn borders_drawn_cell_by_cell_end_the_table_and_a_short_rule_is_a_fraction() {
        let mut w = Vec::new();
        put(&mut w, "SASARAN", 50.0, 100.0);
        put(&mut w, "INDIKATOR", 200.0, 100.0);
        put(&mut w, "FORMULA", 350.0, 100.0);
        put(&mut w, "Meningkatnya", 50.0, 124.0);
        put(&mut w, "Jumlah", 200.0, 124.0);
        put(&mut w, "dokumen", 350.0, 118.0);
        put(&mut w, "rencana", 350.0, 132.0);
        put(&mut w, "Malang, 2 Januari 2022", 350.0, 150.0);
        let mut rules = Vec::new();
        for y in [96.0, 114.0, 146.0] {
            rules.extend([hrule(45.0, 190.0, y), hrule(190.0, 340.0, y), hrule(340.0, 520.0, y)]);
        }
        rules.push(hrule(348.0, 400.0, 130.0));
        let page = Page { words: w, rules, ..Page::empty(1, 600.0, 800.0, PageSource::Text) };
        let tables = tables_of(&page);
        assert_eq!(tables.len(), 1);
        let t = &tables[0];
        assert_eq!(t.nrows(), 2);
        assert_eq!(t.text(1, 2), "dokumen / rencana");
        let lines: Vec<String> = layout_page(&page)
            .into_iter()
            .filter_map(|e| match e {
                Element::Line(l) => Some(l.text),
                _ => None,
            })
            .collect();
        assert_eq!(lines, ["Malang, 2 Januari 2022"]);
    }

    /// A table drawn as a grid of columns with a header rule and no rules
    /// between its rows, its top cut off by a page break: the formula's tail
    /// above the first indicator is a row of its own, and the rules found
    /// between the rows leave the sasaran that runs on beside two indicators
    /// one merged cell.
    #[test]
    fn a_boxed_table_keeps_a_cut_tail_apart_and_a_merged_sasaran_whole() {
        let mut w = Vec::new();
        put(&mut w, "SASARAN", 55.0, 92.0);
        put(&mut w, "INDIKATOR", 205.0, 92.0);
        put(&mut w, "FORMULA", 355.0, 92.0);
        put(&mut w, "4. Dokumen", 355.0, 112.0);
        put(&mut w, "5. Dokumen", 355.0, 124.0);
        for (k, text) in ["Meningkatnya", "layanan", "publik", "kecamatan", "dan", "kelurahan"].iter().enumerate() {
            put(&mut w, text, 55.0, 150.0 + 12.0 * k as f32);
        }
        put(&mut w, "Jumlah", 205.0, 150.0);
        put(&mut w, "laporan", 205.0, 162.0);
        put(&mut w, "f(x)", 355.0, 150.0);
        put(&mut w, "Persentase", 205.0, 186.0);
        put(&mut w, "layanan", 205.0, 198.0);
        put(&mut w, "a/b", 355.0, 186.0);
        let v = |x: f32| crate::model::Rule { rect: Rect::new(x, 88.0, x + 0.75, 230.0) };
        let rules =
            vec![hrule(50.0, 500.0, 88.0), hrule(50.0, 500.0, 106.0), hrule(50.0, 500.0, 230.0), v(50.0), v(200.0), v(350.0), v(500.0)];
        let page = Page { words: w, rules, ..Page::empty(1, 600.0, 800.0, PageSource::Text) };
        let tables = tables_of(&page);
        assert_eq!(tables.len(), 1);
        let t = &tables[0];
        let rows: Vec<Vec<&str>> = (0..t.nrows()).map(|r| (0..t.ncols()).map(|c| t.text(r, c)).collect()).collect();
        assert_eq!(t.nrows(), 4, "{rows:?}");
        assert_eq!(rows[1], ["", "", "4. Dokumen; 5. Dokumen"]);
        assert_eq!(rows[2][1], "Jumlah laporan");
        assert_eq!(rows[3][1], "Persentase layanan");
        assert_eq!(t.grid[2][0], t.grid[3][0], "the sasaran is one cell over both rows");
        assert_eq!(rows[2][0], "Meningkatnya layanan publik kecamatan dan kelurahan");
    }

    /// No rule on the page: the header row anchors four columns, and the rows
    /// split where the line spacing opens up.
    #[test]
    fn columns_come_from_the_header_row() {
        let mut w = Vec::new();
        put(&mut w, "1. Jabatan : Kepala", 50.0, 50.0);
        put(&mut w, "SASARAN", 50.0, 100.0);
        put(&mut w, "INDIKATOR", 200.0, 100.0);
        put(&mut w, "FORMULA", 350.0, 100.0);
        put(&mut w, "SUMBER DATA", 480.0, 100.0);
        put(&mut w, "Meningkatnya", 50.0, 130.0);
        put(&mut w, "Jumlah", 200.0, 130.0);
        put(&mut w, "Σ", 350.0, 130.0);
        put(&mut w, "Subag", 480.0, 130.0);
        put(&mut w, "layanan", 50.0, 142.0);
        put(&mut w, "dokumen", 200.0, 142.0);
        put(&mut w, "publik", 50.0, 154.0);
        put(&mut w, "Tersusunnya", 50.0, 182.0);
        put(&mut w, "Persentase", 200.0, 182.0);
        put(&mut w, "a/b", 350.0, 182.0);
        put(&mut w, "Seksi", 480.0, 182.0);
        let page = Page { words: w, ..Page::empty(1, 600.0, 800.0, PageSource::Text) };
        let tables = tables_of(&page);
        assert_eq!(tables.len(), 1);
        let t = &tables[0];
        assert_eq!((t.nrows(), t.ncols()), (3, 4));
        assert_eq!(t.text(0, 3), "SUMBER DATA");
        assert_eq!(t.text(1, 0), "Meningkatnya layanan publik");
        assert_eq!(t.text(1, 1), "Jumlah dokumen");
        assert_eq!(t.text(2, 1), "Persentase");
        assert_eq!(t.text(2, 3), "Seksi");
    }

    /// A real page with its rulings taken away: the header row still anchors
    /// the four columns and the indicator row is read.
    #[test]
    fn real_page_without_rules() {
        let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/digital/kromengan-2019__digital-office.pdf")).unwrap();
        let doc = crate::pdf::open(&bytes, &Default::default()).unwrap();
        let mut page = doc.page(4).unwrap();
        page.rules.clear();
        let tables = tables_of(&page);
        assert!(!tables.is_empty(), "a borderless table is found");
        let t = &tables[0];
        assert_eq!(t.ncols(), 4, "{:?}", (0..t.ncols()).map(|c| t.text(0, c)).collect::<Vec<_>>());
        let indikators: Vec<&str> = (1..t.nrows()).map(|r| t.text(r, 1)).collect();
        assert!(indikators.iter().any(|i| i.starts_with("Jumlah laporan kependudukan")), "{indikators:?}");
    }
}
