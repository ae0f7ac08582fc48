//! `compare.html`: one self-contained page for analysts, built from templates
//! (`maud`, which escapes every value unless told otherwise):
//!
//! - the kecamatan x theme matrix: indicator counts; a click on a count shows
//!   that kecamatan's indicators on that theme (the address then ends in
//!   `#cell=<theme>-<kecamatan>`, so a view can be shared or bookmarked);
//! - the measures several kecamatan share, with who measures them;
//! - per kecamatan, its decrees in time and what changed from one to the next.
//!
//! Lists are cut at [`MAX_CELL`], [`MAX_SHARED`], [`MAX_STEPS`] and
//! [`MAX_CHANGES`] entries (the page stays small on a national dataset); the
//! CSV files hold everything.
//! CSS and JS are files beside this one, included at build time.

use maud::{html, Markup, PreEscaped, DOCTYPE};

use super::themes::Taxonomy;

/// Indicators shown per matrix cell.
pub(crate) const MAX_CELL: usize = 12;
/// Shared measures shown.
pub(crate) const MAX_SHARED: usize = 300;
/// Steps (one decree to the next) shown per kecamatan: the latest.
pub(crate) const MAX_STEPS: usize = 3;
/// Changed rows shown per step.
pub(crate) const MAX_CHANGES: usize = 25;

const CSS: &str = include_str!("page.css");
const JS: &str = include_str!("page.js");

/// One matrix cell's indicators: (label, occurrences), most frequent first.
#[derive(Debug, Clone)]
pub(crate) struct Cell {
    pub theme: usize,
    pub place: usize,
    pub indicators: Vec<(String, usize)>,
    /// Distinct indicators left out.
    pub more: usize,
}

/// A measure shared by several kecamatan: occurrences per kecamatan column.
#[derive(Debug, Clone)]
pub(crate) struct Shared<'a> {
    pub id: &'a str,
    pub label: &'a str,
    pub kind: &'a str,
    pub counts: &'a [usize],
}

#[derive(Debug, Clone)]
pub(crate) struct DecreeShown {
    pub nomor: String,
    pub tanggal: String,
    pub tahun: String,
    /// doc_ids of its renderings, the one read first.
    pub renderings: Vec<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct ChangeShown {
    pub kind: &'static str,
    pub base: String,
    pub revised: String,
}

/// One decree to the next.
#[derive(Debug, Clone)]
pub(crate) struct Step {
    pub from: DecreeShown,
    pub to: DecreeShown,
    pub ordered_by: &'static str,
    /// Lines per kind.
    pub counts: Vec<(&'static str, usize)>,
    /// The lines that are not `unchanged`, at most [`MAX_CHANGES`].
    pub changed: Vec<ChangeShown>,
}

/// A kecamatan with two decrees or more.
#[derive(Debug, Clone)]
pub(crate) struct Timeline {
    pub place: String,
    /// Its decrees in all.
    pub decrees: usize,
    /// The latest steps, at most [`MAX_STEPS`].
    pub steps: Vec<Step>,
}

/// Everything the page shows.
pub(crate) struct Input<'a> {
    pub taxonomy: &'a Taxonomy,
    /// Kecamatan columns, `<wilayah> / <kecamatan>`, sorted.
    pub places: &'a [&'a str],
    pub cells: &'a [Cell],
    /// Per theme, per kecamatan column: indicator occurrences.
    pub theme_counts: &'a [Vec<usize>],
    pub shared: &'a [Shared<'a>],
    pub timelines: &'a [Timeline],
}

/// The cells as JSON for the script: `{"<theme>-<place>": [[label, n], ..., more]}`,
/// with `<` written as `\u003c` so no text can close the script element.
fn cells_json(cells: &[Cell]) -> String {
    let map: serde_json::Map<String, serde_json::Value> = cells
        .iter()
        .map(|c| {
            let list: Vec<serde_json::Value> = c.indicators.iter().map(|(l, n)| serde_json::json!([l, n])).collect();
            (format!("{}-{}", c.theme, c.place), serde_json::json!({"list": list, "more": c.more}))
        })
        .collect();
    serde_json::Value::Object(map).to_string().replace('<', "\\u003c")
}

fn decree(d: &DecreeShown) -> Markup {
    html! {
        span.decree {
            @if d.nomor.is_empty() { "nomor ?" } @else { "Nomor " (d.nomor) }
            " · "
            @if !d.tanggal.is_empty() { (d.tanggal) } @else if !d.tahun.is_empty() { "tahun " (d.tahun) } @else { "undated" }
            @if d.renderings.len() > 1 { " · " (d.renderings.len()) " renderings" }
        }
    }
}

/// The page.
pub(crate) fn render(input: &Input) -> String {
    let tax = input.taxonomy;
    let markup = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                title { "iki compare: indicators across kecamatan" }
                style { (PreEscaped(CSS)) }
            }
            body {
                h1 { "Indicators across kecamatan" }
                p.meta {
                    (input.places.len()) " kecamatan · " (tax.themes.len()) " themes · "
                    (input.shared.len()) " measures shared by two kecamatan or more · "
                    (input.timelines.len()) " kecamatan with several decrees"
                }
                nav { a href="#matrix" { "Themes" } " · " a href="#shared" { "Shared measures" } " · " a href="#changes" { "Changes between decrees" } }

                h2 #matrix { "Kecamatan × theme" }
                p.help { "Indicator rows per kecamatan and theme. Click a number to see the indicators. A row whose theme is unclear is not counted (see theme_confidence in indicator_groups.csv)." }
                div.scroll {
                    table.matrix {
                        thead { tr {
                            th { "Kecamatan" }
                            @for t in &tax.themes { th.theme title=(t.scope) { (t.name) } }
                        } }
                        tbody {
                            @for (p, place) in input.places.iter().enumerate() {
                                tr {
                                    th.place { (place) }
                                    @for (t, counts) in input.theme_counts.iter().enumerate() {
                                        td {
                                            @let n = counts.get(p).copied().unwrap_or(0);
                                            @if n > 0 { button.cell data-cell=(format!("{t}-{p}")) { (n) } }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                section #cell-view hidden {
                    h3 #cell-title {}
                    ol #cell-list {}
                    p #cell-more {}
                }

                h2 #shared { "Measures shared by several kecamatan" }
                p.help { "Indicators that count the same thing or form the same ratio, whatever their words (measure_id in indicator_groups.csv)." }
                @if input.shared.is_empty() { p { "No measure is shared by two kecamatan yet." } }
                @else {
                    div.scroll { table.shared {
                        thead { tr { th { "Measure" } th { "Kind" } th { "Kecamatan" } } }
                        tbody {
                            @for s in input.shared {
                                tr {
                                    td { (s.label) br; code { (s.id) } }
                                    td { (s.kind) }
                                    td { @for (p, n) in s.counts.iter().enumerate() { @if *n > 0 { span.tag { (input.places.get(p).copied().unwrap_or("?")) " (" (n) ")" } " " } } }
                                }
                            }
                        }
                    } }
                }

                h2 #changes { "Changes between decrees" }
                p.help { "Per kecamatan, its decrees in time; renderings of one decree (digital, scan) are one decree. Each step lists what changed from one decree to the next (changes.csv has every row)." }
                @if input.timelines.is_empty() { p { "No kecamatan has two decrees in this dataset." } }
                @for tl in input.timelines {
                    section.timeline {
                        h3 { (tl.place) " " span.meta { "(" (tl.decrees) " decrees" @if tl.decrees > tl.steps.len() + 1 { "; the latest " (tl.steps.len()) " steps" } ")" } }
                        @for s in &tl.steps {
                            details.step {
                                summary {
                                    (decree(&s.from)) " → " (decree(&s.to))
                                    @if s.ordered_by == "undated" { " " span.warn { "undated: order not known" } }
                                    " — "
                                    @for (k, n) in &s.counts { span class=(format!("kind {k}")) { (k) " " (n) } " " }
                                }
                                @if s.changed.is_empty() { p { "Nothing changed." } }
                                @else {
                                    table.changes {
                                        thead { tr { th { "Change" } th { "Before" } th { "After" } } }
                                        tbody { @for c in &s.changed { tr { td class=(format!("kind {}", c.kind)) { (c.kind) } td { (c.base) } td { (c.revised) } } } }
                                    }
                                }
                            }
                        }
                    }
                }
                script type="application/json" #cells { (PreEscaped(cells_json(input.cells))) }
                script type="application/json" #names {
                    (PreEscaped(serde_json::json!({
                        "themes": tax.themes.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(),
                        "places": input.places,
                    }).to_string().replace('<', "\\u003c")))
                }
                script { (PreEscaped(JS)) }
            }
        }
    };
    markup.into_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_escaped() {
        let tax = Taxonomy::builtin();
        let counts = vec![vec![1usize]; tax.themes.len()];
        let cells = vec![Cell { theme: 0, place: 0, indicators: vec![("<script>alert(1)</script>".into(), 1)], more: 0 }];
        let page = render(&Input {
            taxonomy: &tax,
            places: &["Kab. <b>X</b> / Y"],
            cells: &cells,
            theme_counts: &counts,
            shared: &[],
            timelines: &[],
        });
        assert!(!page.contains("<b>X</b>"));
        assert!(page.contains("&lt;b&gt;X&lt;/b&gt;"));
        assert!(!page.contains("<script>alert"));
    }
}
