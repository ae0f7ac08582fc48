//! Tables drawn without ruling lines: columns anchored on the header row.
//!
//! A line whose words read like an indicator-table header (SASARAN, INDIKATOR,
//! FORMULASI, SUMBER DATA ...) opens a table. Its words, grouped by the wide
//! gaps between them, give the columns; the lines below it, down to a block
//! heading or a wide vertical gap, are split into rows where the vertical gap
//! between lines opens up, and their words go to the column under their centre.

use crate::layout::headers::{field_of, header_share, Field};
use crate::layout::lines::Line;
use crate::layout::table::{Cell, Table};
use crate::layout::text::join_lines;
use crate::model::{Rect, Word};

/// Builds the borderless table opened by `lines[start]`, if that line is a
/// header; returns it with the number of lines it used.
pub fn table_at(page_no: usize, words: &[Word], lines: &[Line], start: usize) -> Option<(Table, usize)> {
    let header = &lines[start];
    if header_share(&header.text(words)) < 0.6 {
        return None;
    }
    let pitch = median_pitch(lines).max(1.0);
    // The header band: this line and the header lines right below it (headers
    // are often staggered over two or three lines).
    let mut end = start + 1;
    while end < lines.len()
        && lines[end].bbox.y0 - lines[end - 1].bbox.y1 < 2.0 * pitch + header.bbox.height()
        && header_share(&lines[end].text(words)) >= 0.6
    {
        end += 1;
    }
    let header_lines: Vec<usize> = (start..end).collect();
    let groups = column_groups(words, header_lines.iter().flat_map(|&i| lines[i].words.iter().copied()));
    let named = groups.iter().filter(|g| header_share(&g.1) >= 0.5).count();
    if groups.len() < 3 || named * 4 < groups.len() * 3 {
        return None;
    }
    // Column boundaries halfway between neighbouring header groups.
    let mut col_x = vec![f32::MIN];
    for pair in groups.windows(2) {
        col_x.push((pair[0].0.x1 + pair[1].0.x0) / 2.0);
    }
    col_x.push(f32::MAX);
    let body_start = end;
    while end < lines.len() {
        let gap = lines[end].bbox.y0 - lines[end - 1].bbox.y1;
        let text = lines[end].text(words);
        if gap > 3.0 * pitch || crate::segment::HEADING.is_match(&text) || crate::segment::JABATAN_LABEL.is_match(&text) {
            break;
        }
        end += 1;
    }
    if end == body_start {
        return None;
    }
    // Rows: the indicator column decides (other columns may hold a merged
    // cell offset by half a line). A row starts where the gap between that
    // column's lines opens up beyond its usual line spacing (its lower-quartile gap).
    let key = groups.iter().position(|g| field_of(&g.1) == Some(Field::Indikator)).unwrap_or(1.min(groups.len() - 1));
    let in_key = |w: usize| {
        let x = words[w].bbox.cx();
        x >= col_x[key] && x < col_x[key + 1]
    };
    let key_lines: Vec<(f32, f32)> = (body_start..end)
        .filter(|&i| lines[i].words.iter().any(|&w| in_key(w)))
        .map(|i| {
            let ys = lines[i].words.iter().filter(|&&w| in_key(w)).map(|&w| (words[w].bbox.y0, words[w].bbox.y1));
            ys.fold((f32::MAX, f32::MIN), |a, b| (a.0.min(b.0), a.1.max(b.1)))
        })
        .collect();
    let mut gaps: Vec<f32> = key_lines.windows(2).map(|p| p[1].0 - p[0].1).collect();
    gaps.sort_by(f32::total_cmp);
    let inner = gaps.get(gaps.len() / 4).copied().unwrap_or(0.0).max(0.0);
    let line_h = key_lines.iter().map(|k| k.1 - k.0).sum::<f32>() / key_lines.len().max(1) as f32;
    let mut starts: Vec<f32> = Vec::new();
    for (k, line) in key_lines.iter().enumerate() {
        if k == 0 || line.0 - key_lines[k - 1].1 > inner + 0.3 * line_h {
            starts.push(line.0);
        }
    }
    let mut rows: Vec<Vec<usize>> = vec![header_lines];
    let first_body = rows.len();
    rows.extend(starts.iter().map(|_| Vec::new()));
    if starts.is_empty() {
        rows.push(Vec::new());
    }
    for (i, line) in lines.iter().enumerate().take(end).skip(body_start) {
        let r = starts.iter().rposition(|&y| line.bbox.y0 >= y - 1.0).unwrap_or(0);
        rows[first_body + r].push(i);
    }
    rows.retain(|r| !r.is_empty());
    let left = lines[start..end].iter().map(|l| l.bbox.x0).fold(f32::MAX, f32::min);
    let right = lines[start..end].iter().map(|l| l.bbox.x1).fold(f32::MIN, f32::max);
    col_x[0] = left;
    *col_x.last_mut().expect("two boundaries") = right;
    let nc = col_x.len() - 1;
    let mut cells = Vec::new();
    let mut grid = Vec::new();
    let mut row_y = Vec::new();
    for (r, row) in rows.iter().enumerate() {
        let top = lines[row[0]].bbox.y0;
        row_y.push(top);
        let bottom = row.iter().map(|&i| lines[i].bbox.y1).fold(top, f32::max);
        let mut grid_row = Vec::new();
        for c in 0..nc {
            // The row's words under this column, line by line.
            let texts = row.iter().map(|&i| {
                let ws: Vec<&str> = lines[i]
                    .words
                    .iter()
                    .filter(|&&w| {
                        let x = words[w].bbox.cx();
                        x >= col_x[c] && (x < col_x[c + 1] || c + 1 == nc)
                    })
                    .map(|&w| words[w].text.as_str())
                    .collect();
                ws.join(" ")
            });
            let min_conf = row.iter().flat_map(|&i| lines[i].words.iter()).filter_map(|&w| words[w].conf).reduce(f32::min);
            cells.push(Cell {
                text: join_lines(texts),
                bbox: Rect::new(col_x[c], top, col_x[c + 1], bottom),
                row: r,
                col: c,
                row_span: 1,
                col_span: 1,
                min_conf,
            });
            grid_row.push(cells.len() - 1);
        }
        grid.push(grid_row);
    }
    row_y.push(lines[end - 1].bbox.y1);
    let bbox = Rect::new(left, header.bbox.y0, right, lines[end - 1].bbox.y1);
    Some((Table { page: page_no, bbox, col_x, row_y, cells, grid, open_bottom: false, cut_guessed: false }, end - start))
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
