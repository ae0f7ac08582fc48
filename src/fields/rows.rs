//! A block's tables -> indicator rows.
//!
//! The tables of one block are one logical table even when it runs over pages:
//! repeated header rows are dropped, a first row whose indicator cell is empty
//! continues the previous row (a cell split by the page break), and an empty
//! sasaran inherits the one above (a merged cell that the break cut).

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use crate::fields::columns::{map_columns, Column};
use crate::layout::Table;
use crate::record::Field;
use crate::record::{CellBox, Indicator};
use crate::vocab::fold;
use crate::vocab::headers::{is_damaged_header_row, is_header_row};

/// OCR confidence below which a cell is listed for review.
pub(crate) const REVIEW_CONFIDENCE: f32 = 0.6;

/// The rows of a block, and the header words of its columns.
#[derive(Debug, Default)]
pub(crate) struct Rows {
    pub columns: Vec<String>,
    /// Headers of columns that map to no field and are no known extra column.
    pub unmapped: Vec<String>,
    pub indicators: Vec<Indicator>,
}

/// Reads the indicator rows of a block's tables.
pub(crate) fn read_rows(tables: &[&Table]) -> Rows {
    let mut out = Rows::default();
    // Column mapping of the current logical table, by column centre x: what
    // the column holds and its header as written.
    let mut layout: Vec<(f32, Column, String)> = Vec::new();
    for (ti, t) in tables.iter().enumerate() {
        let nc = t.ncols();
        let row_texts = |r: usize| (0..nc).map(|c| t.text(r, c)).collect::<Vec<_>>();
        let mut header_rows = (0..t.nrows()).take_while(|&r| is_header_row(&row_texts(r))).count();
        if header_rows == 0 && t.nrows() > 1 && is_damaged_header_row(&row_texts(0)) {
            header_rows = 1;
        }
        let centre = |c: usize| (t.col_x[c] + t.col_x[c + 1]) / 2.0;
        let body_cells: Vec<Vec<String>> = (0..nc).map(|c| (header_rows..t.nrows()).map(|r| t.text(r, c).to_string()).collect()).collect();
        if header_rows > 0 {
            let headers: Vec<String> = (0..nc)
                .map(|c| fold(&(0..header_rows).map(|r| t.text(r, c)).collect::<Vec<_>>().join(" ")))
                .map(|h| dedupe_spanned(&strip_column_number(&h)))
                .collect();
            let columns = map_columns(&headers, &body_cells);
            layout = (0..nc).map(|c| (centre(c), columns[c], headers[c].clone())).collect();
            for (h, col) in headers.iter().zip(&columns) {
                let known = crate::vocab::headers::field_of(h).is_some();
                if *col == Column::Extra && !known && !h.is_empty() && !out.unmapped.contains(h) {
                    out.unmapped.push(h.clone());
                }
            }
            if out.columns.is_empty() {
                out.columns = headers.into_iter().filter(|h| !h.is_empty()).collect();
            }
        } else if layout.is_empty() {
            // No header seen yet: a guess from position and cells.
            let columns = map_columns(&vec![String::new(); nc], &body_cells);
            layout = (0..nc).map(|c| (centre(c), columns[c], String::new())).collect();
        }
        // This table's columns -> what they hold, by nearest known column centre.
        let col_use: Vec<(Column, String)> = (0..nc)
            .map(|c| {
                let cx = centre(c);
                layout
                    .iter()
                    .min_by(|a, b| (a.0 - cx).abs().total_cmp(&(b.0 - cx).abs()))
                    .map(|l| (l.1, l.2.clone()))
                    .unwrap_or((Column::Extra, String::new()))
            })
            .collect();
        let col_field: Vec<Option<Field>> = col_use
            .iter()
            .map(|(u, _)| match u {
                Column::Field(f) => Some(*f),
                _ => None,
            })
            .collect();
        let mut merged_text: HashMap<usize, String> = HashMap::new();
        for r in header_rows..t.nrows() {
            let mut row = Indicator { page: t.page, ..Default::default() };
            let mut low_conf = Vec::new();
            let mut seen_cells = Vec::new();
            for (c, field) in col_field.iter().enumerate() {
                let Some(field) = *field else {
                    if let (Column::Extra, header) = &col_use[c] {
                        let text = fold(t.text(r, c));
                        if !text.is_empty() && !header.is_empty() {
                            row.extra.insert(header.clone(), text);
                        }
                    }
                    continue;
                };
                let cell_ix = t.grid[r][c];
                if seen_cells.contains(&cell_ix) {
                    continue; // a column-spanning cell counts once
                }
                seen_cells.push(cell_ix);
                let cell = t.cell(r, c);
                row.cells.push(CellBox::new(field.name(), t.page, &cell.bbox));
                let text = merged_text.get(&cell_ix).cloned().unwrap_or_else(|| fold(&cell.text));
                if text.is_empty() {
                    continue;
                }
                *row.field_mut(field) = Some(text);
                if cell.min_conf.is_some_and(|c| c < REVIEW_CONFIDENCE) {
                    low_conf.push(field.name().to_string());
                }
            }
            row.review = low_conf;
            if row.sasaran.is_none() && row.indikator.is_none() && row.formula.is_none() && row.sumber_data.is_none() {
                continue;
            }
            // A page break split the previous row: this row carries its rest.
            // A merged sasaran going on over the break leaves the bottom open
            // too: a first row with no sasaran of its own whose indikator
            // opens a row is a new row under it.
            let under_merged = row.sasaran.is_none() && row.indikator.as_deref().is_some_and(|t| INDIKATOR_HEAD.is_match(t));
            let prev_open = ti > 0 && tables[ti - 1].open_bottom && (!tables[ti - 1].cut_guessed || !starts_a_row(&row)) && !under_merged;
            // A producer that leaves some cut rows open may close others:
            // after a table at the foot of its page, a first row going on
            // mid-phrase carries the rest of the row above the break.
            let foot_cut =
                ti > 0 && tables[ti - 1].at_page_foot && tables[ti - 1].page < t.page && !starts_a_row(&row) && goes_on_mid_phrase(&row);
            // In a numbered table, the first row after a page break with no
            // number of its own goes on from the row above the break.
            let unnumbered = col_use.iter().position(|(u, _)| *u == Column::Nomor).is_some_and(|c| t.text(r, c).trim().is_empty())
                && tables[ti.saturating_sub(1)].page < t.page;
            let continues = ti > 0
                && r == header_rows
                && (prev_open || foot_cut || unnumbered || row.indikator.is_none() && row.sasaran.is_none())
                && !out.indicators.is_empty();
            if continues {
                let prev = out.indicators.last_mut().expect("checked non-empty");
                for f in Field::ALL {
                    if let Some(add) = row.field_mut(f).take() {
                        let dst = prev.field_mut(f);
                        // Joined as the lines of one cell are: a word broken
                        // at the break gets its letter back, a list goes on.
                        *dst = Some(match dst.take() {
                            Some(old) => crate::layout::text::join_lines([old, add].into_iter()),
                            None => add,
                        });
                    }
                }
                // The merged sasaran cell also covers later rows on this page.
                if let (Some(c), Some(s)) = (col_of(&col_field, Field::Sasaran), prev.sasaran.clone()) {
                    merged_text.insert(t.grid[r][c], s);
                }
                prev.review.extend(row.review);
                prev.cells.extend(row.cells);
                continue;
            }
            // A merged sasaran cell cut by the page break (its rows were not):
            // its rest goes on in lower case beside a row of its own. Every
            // row it covers gets the whole text.
            let sasaran_goes_on =
                ti > 0 && r == header_rows && row.sasaran.as_deref().is_some_and(|t| t.chars().next().is_some_and(char::is_lowercase));
            if let (true, Some(before)) = (sasaran_goes_on, out.indicators.last().and_then(|p| p.sasaran.clone())) {
                let whole = format!("{before} {}", row.sasaran.take().unwrap_or_default());
                for prev in out.indicators.iter_mut().rev().take_while(|p| p.sasaran.as_deref() == Some(before.as_str())) {
                    prev.sasaran = Some(whole.clone());
                }
                if let Some(c) = col_of(&col_field, Field::Sasaran) {
                    merged_text.insert(t.grid[r][c], whole.clone());
                }
                row.sasaran = Some(whole);
            }
            if row.sasaran.is_none() {
                row.sasaran = out.indicators.last().and_then(|p| p.sasaran.clone());
            }
            out.indicators.push(row);
        }
    }
    out
}

/// Sasaran phrases open with a "-nya" state word (Meningkatnya, Terlaksananya,
/// Terwujudnya, Optimalnya ...); indikator phrases with a measure word.
static SASARAN_HEAD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)^(?:me|ter|ber|opt)\w*nya\b").unwrap());
static INDIKATOR_HEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:jumlah|persentase|prosentase|presentase|tingkat|indeks|rasio|nilai|capaian|angka|cakupan|ketersediaan)\b").unwrap()
});

/// Does the first row after a guessed cut start a row of its own? Its sasaran
/// or its indikator opens the way those phrases open; the rest of a cut row
/// goes on mid-phrase ("Kecamatan dan kelurahan ...", "Musrenbang ...").
fn starts_a_row(row: &Indicator) -> bool {
    row.sasaran.as_deref().is_some_and(|t| SASARAN_HEAD.is_match(t)) || row.indikator.as_deref().is_some_and(|t| INDIKATOR_HEAD.is_match(t))
}

/// Does the row's sasaran or indikator open in lower case, as the rest of a
/// phrase does? (Both are names of outcomes and measures, written with a
/// capital; a list marker or number is no start.)
fn goes_on_mid_phrase(row: &Indicator) -> bool {
    [&row.sasaran, &row.indikator].into_iter().flatten().any(|t| t.trim_start().chars().next().is_some_and(char::is_lowercase))
}

fn col_of(col_field: &[Option<Field>], f: Field) -> Option<usize> {
    col_field.iter().position(|x| *x == Some(f))
}

/// A header cell over a row of column numbers reads `SASARAN (1)`: the number
/// is not part of the header.
fn strip_column_number(h: &str) -> String {
    let t = h.trim_end();
    match t.rfind('(') {
        Some(p) if t.ends_with(')') && t[p + 1..t.len() - 1].trim().chars().all(|c| c.is_ascii_digit()) && p > 0 => {
            t[..p].trim_end().to_string()
        }
        _ => h.to_string(),
    }
}

/// A header cell spanning two header rows is read twice ("SUMBER DATA SUMBER
/// DATA"): keep one copy.
fn dedupe_spanned(h: &str) -> String {
    let words: Vec<&str> = h.split(' ').collect();
    let n = words.len();
    if n >= 2 && n.is_multiple_of(2) && words[..n / 2] == words[n / 2..] {
        words[..n / 2].join(" ")
    } else {
        h.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(sasaran: Option<&str>, indikator: Option<&str>) -> Indicator {
        Indicator { sasaran: sasaran.map(String::from), indikator: indikator.map(String::from), ..Default::default() }
    }

    #[test]
    fn a_fresh_row_is_told_from_the_rest_of_a_cut_one() {
        // New rows, as they open in the corpus's tables.
        assert!(starts_a_row(&row(Some("Meningkatnya Kegiatan Pemerintahan"), Some("Kegiatan pembinaan dan sosialisai"))));
        assert!(starts_a_row(&row(Some("Terlaksananya Musrenbang Kecamatan"), None)));
        assert!(starts_a_row(&row(None, Some("Persentase pemenuhan dukungan"))));
        assert!(starts_a_row(&row(Some("Kualitas penyusunan dokumen"), Some("Jumlah dokumen perencanaan"))));
        // The rest of a cut row goes on mid-phrase, whatever its capitals.
        assert!(!starts_a_row(&row(Some("Kecamatan dan kelurahan yang tepat waktu"), Some("Musrenbang Kecamatan dan Kelurahan"))));
        assert!(!starts_a_row(&row(None, Some("lainnya yang dilaksanakan"))));
        assert!(!starts_a_row(&row(None, None)));
    }

    /// A boxed table page (600 x 800): a header, then rows `(top, [sasaran,
    /// indikator, formula, sumber])`, the grid down to `bottom`, closed there
    /// by a rule or left open.
    fn boxed_page(no: usize, rows: &[(f32, [&str; 4])], bottom: f32, closed: bool) -> crate::model::Page {
        use crate::model::{Page, PageSource, Rect, Rule, Word};
        let xs = [50.0, 200.0, 350.0, 450.0, 550.0];
        let mut words = Vec::new();
        let mut put = |text: &str, x: f32, y: f32| {
            let mut x0 = x + 4.0;
            for t in text.split_whitespace() {
                let x1 = x0 + 5.0 * t.chars().count() as f32;
                words.push(Word { text: t.into(), bbox: Rect::new(x0, y, x1, y + 10.0), size: 10.0, conf: None });
                x0 = x1 + 3.0;
            }
        };
        for (c, h) in ["SASARAN", "INDIKATOR", "FORMULA", "SUMBER DATA"].into_iter().enumerate() {
            put(h, xs[c], 55.0);
        }
        let mut ys = vec![50.0, 70.0];
        for (top, cells) in rows {
            for (c, text) in cells.iter().enumerate() {
                put(text, xs[c], top + 5.0);
            }
            if *top > 70.0 {
                ys.push(*top);
            }
        }
        if closed {
            ys.push(bottom);
        }
        let mut rules: Vec<Rule> = ys.iter().map(|&y| Rule { rect: Rect::new(50.0, y, 550.0, y + 0.75) }).collect();
        rules.extend(xs.iter().map(|&x| Rule { rect: Rect::new(x, 50.0, x + 0.75, bottom) }));
        Page { words, rules, ..Page::empty(no, 600.0, 800.0, PageSource::Text) }
    }

    /// The indicator rows read after laying out `pages` as one document.
    fn indicators_of(pages: &[crate::model::Page]) -> Vec<Indicator> {
        let elements = crate::layout::layout_document(pages);
        let tables: Vec<&Table> = elements
            .iter()
            .filter_map(|e| match e {
                crate::layout::Element::Table(t) => Some(t),
                _ => None,
            })
            .collect();
        read_rows(&tables).indicators
    }

    /// Rows as (sasaran, indikator) after laying out `pages` as one document.
    fn rows_of(pages: &[crate::model::Page]) -> Vec<(String, String)> {
        indicators_of(pages).into_iter().map(|r| (r.sasaran.unwrap_or_default(), r.indikator.unwrap_or_default())).collect()
    }

    /// A producer that leaves one cut row's table open (page 1) and closes
    /// another's at the foot of its page (page 2): the first row of page 3
    /// carries the rest of page 2's last row when it goes on mid-phrase, and
    /// is a row of its own when it opens with a capital.
    #[test]
    fn a_row_cut_under_a_closed_border_goes_on_mid_phrase() {
        let pages = |indikator_rest: &str| {
            vec![
                boxed_page(1, &[(70.0, ["Meningkatnya Layanan Umum", "Jumlah surat", "Σ surat", "Arsip"])], 780.0, false),
                boxed_page(
                    2,
                    &[(70.0, ["", "", "yang selesai", ""]), (740.0, ["Meningkatnya", "Jumlah", "Σ dokumen", "Kasubag"])],
                    780.0,
                    true,
                ),
                boxed_page(
                    3,
                    &[
                        (70.0, ["Pengelolaan Arsip", indikator_rest, "", "TU"]),
                        (120.0, ["Meningkatnya Kinerja Aparatur", "Persentase kegiatan", "a / b", "Laporan"]),
                    ],
                    200.0,
                    true,
                ),
            ]
        };
        let joined = rows_of(&pages("pengelolaan arsip yang tertib"));
        let sasaran: Vec<&str> = joined.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(sasaran, ["Meningkatnya Layanan Umum", "Meningkatnya Pengelolaan Arsip", "Meningkatnya Kinerja Aparatur"]);
        assert_eq!(joined[1].1, "Jumlah pengelolaan arsip yang tertib");
        // The same pages, the row on page 3 opening with a capital: a row of its own.
        let apart = rows_of(&pages("Pengelolaan arsip yang tertib"));
        let sasaran: Vec<&str> = apart.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(sasaran, ["Meningkatnya Layanan Umum", "Meningkatnya", "Pengelolaan Arsip", "Meningkatnya Kinerja Aparatur"]);
    }

    /// A lampiran set landscape after a portrait decree page, an
    /// e-signature note at the foot of every page: a table closed at the foot
    /// of a landscape page, above the note, is taken as cut there (its margin
    /// is the landscape pages', without the note), and the next page's first
    /// row, starting no row of its own, carries the rest of its last row.
    #[test]
    fn a_table_closed_above_a_footer_on_a_landscape_page_is_cut() {
        use crate::model::{Page, PageSource, Rect, Word};
        let note = |mut p: Page, y: f32| {
            let mut x = 100.0;
            for t in "Dokumen ini telah ditandatangani secara elektronik".split(' ') {
                p.words.push(Word { text: t.into(), bbox: Rect::new(x, y, x + 5.0 * t.len() as f32, y + 8.0), size: 8.0, conf: None });
                x += 5.0 * t.len() as f32 + 3.0;
            }
            p
        };
        let landscape = |mut p: Page| {
            (p.width, p.height) = (842.0, 595.0);
            note(p, 575.0)
        };
        let mut decree = Page::empty(1, 595.0, 842.0, PageSource::Text);
        decree.words.push(Word { text: "Ditetapkan".into(), bbox: Rect::new(300.0, 780.0, 350.0, 790.0), size: 10.0, conf: None });
        let pages = [
            note(decree, 820.0),
            landscape(boxed_page(
                2,
                &[(70.0, ["Meningkatnya Analisis Data", "Jumlah Dokumen Rekapitulasi", "Σ dokumen", "DTKS"])],
                560.0,
                true,
            )),
            landscape(boxed_page(
                3,
                &[
                    (70.0, ["Validasi Data", "Pemberdayaan Masyarakat", "", "TU"]),
                    (120.0, ["Meningkatnya Kinerja Aparatur", "Persentase kegiatan", "a / b", "Laporan"]),
                ],
                200.0,
                true,
            )),
        ];
        let rows = rows_of(&pages);
        let sasaran: Vec<&str> = rows.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(sasaran, ["Meningkatnya Analisis Data Validasi Data", "Meningkatnya Kinerja Aparatur"]);
        assert_eq!(rows[0].1, "Jumlah Dokumen Rekapitulasi Pemberdayaan Masyarakat");
    }

    /// A table left open at the foot of page 1: the next page's first row
    /// with no sasaran is the rest of the cut row when its indikator goes on
    /// mid-phrase, and a new row under the merged sasaran when it opens one.
    #[test]
    fn after_an_open_bottom_a_row_under_the_merged_sasaran_is_its_own() {
        let indikators = |first_on_page_2: &str| -> Vec<String> {
            let pages = [
                boxed_page(1, &[(70.0, ["Meningkatnya Layanan Umum", "Jumlah surat", "Σ surat", "Arsip"])], 780.0, false),
                boxed_page(2, &[(70.0, ["", first_on_page_2, "Σ dokumen", "Arsip"])], 200.0, true),
            ];
            rows_of(&pages).into_iter().map(|(_, i)| i).collect()
        };
        assert_eq!(indikators("yang dikirim tepat waktu"), ["Jumlah surat yang dikirim tepat waktu"]);
        assert_eq!(indikators("Jumlah dokumen yang diarsip"), ["Jumlah surat", "Jumlah dokumen yang diarsip"]);
    }

    /// A row cut by the page break is joined as the lines of one cell are: a
    /// word broken before its last letter at the foot of the page gets it
    /// back (`Kepegawaia` / `n,`), and a list going on stays a list.
    #[test]
    fn a_cut_row_joins_as_the_lines_of_one_cell() {
        let pages = [
            boxed_page(1, &[(70.0, ["Meningkatnya Layanan Umum", "Jumlah surat", "Σ surat", "1. Subag Umum, Kepegawaia"])], 780.0, false),
            boxed_page(2, &[(70.0, ["", "", "", "n, Keuangan 2. Arsip"])], 200.0, true),
        ];
        let rows = indicators_of(&pages);
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].sumber_data.as_deref(), Some("1. Subag Umum, Kepegawaian, Keuangan 2. Arsip"));
    }
}
