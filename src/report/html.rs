//! The report as one self-contained HTML page: inline CSS (with a print
//! stylesheet, `assets/report.css`), inline SVG bar charts, and a small inline
//! script (`assets/report.js`) that sorts tables (click a header) and filters
//! them (text box, severity). Nothing is loaded from the network or from other
//! files. The markup is written with `maud`, which escapes every piece of text
//! from the dataset; the counts come from [`super::summary`], the checks'
//! names, sections and meanings from [`super::checks::CHECKS`].
//!
//! Section ids (used by the tests and for links): `glance`, `run`, `coverage`,
//! `completeness`, `consistency`, `normalizations`, `ocr`, `corrections`, `checks`.
//!
//! Every finding about a cell, block or decree field offers its ready
//! `corrections.csv` line (the extracted value in `was`, `value` to fill in),
//! and, on a scanned page, a crop of the scan around the cell ([`Review`]).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use maud::{html, Markup, PreEscaped, DOCTYPE};

use super::checks::{group_of, names_by_doc, Finding, Severity, CHECKS, LOW_DOCUMENT_CONFIDENCE};
use super::summary::{Counts, NormCounts, Summary};
use crate::corrections::{current_value, Line, Outcome, State, COLUMNS};
use crate::dataset::Manifest;
use crate::record::{DocumentRecord, Status};

const CSS: &str = include_str!("assets/report.css");
const JS: &str = include_str!("assets/report.js");

/// Where a crop belongs: (doc_id, block, row, field) of a finding.
pub(crate) type CropKey = (String, Option<usize>, Option<usize>, String);

/// What the page shows beside the checks: the records as extracted (the `was`
/// of each ready corrections.csv line), what became of each line of
/// `corrections.csv`, and crops of scanned pages around the findings' cells.
#[derive(Debug, Default)]
pub(crate) struct Review<'a> {
    pub extracted: HashMap<&'a str, &'a DocumentRecord>,
    /// None when the dataset has no corrections.csv.
    pub outcomes: Option<&'a [Outcome]>,
    /// PNG data URIs by finding place.
    pub crops: HashMap<CropKey, String>,
    /// Ready corrections.csv lines by (finding place, check), for findings
    /// on documents not in `extracted` (a streamed report keeps slimmed
    /// records only, so it works the lines out while it has each record).
    pub lines: HashMap<(CropKey, &'static str), String>,
}

impl Review<'_> {
    fn crop(&self, f: &Finding) -> Option<&String> {
        self.crops.get(&crop_key(f))
    }
}

pub(crate) fn crop_key(f: &Finding) -> CropKey {
    (f.doc_id.clone(), f.block, f.row, f.field.clone())
}

/// The corrections.csv line that would fix a finding, `value` left to fill
/// in; a repeated indicator gets the line that deletes its row. None for a
/// finding no line can fix (a failed file, a missing tugas list ...).
pub(crate) fn ready_line(f: &Finding, rv: &Review) -> Option<String> {
    if group_of(f.check) == "corrections" {
        return None;
    }
    let doc = rv.extracted.get(f.doc_id.as_str())?;
    let (field, note) = if f.check == "duplicate_indicator" { ("row", "duplicate row") } else { (f.field.as_str(), "") };
    let was = current_value(doc, f.block, f.row, field)?;
    let line = Line {
        doc_id: f.doc_id.clone(),
        block: opt_num(f.block),
        row: opt_num(f.row),
        field: field.to_string(),
        was,
        note: note.to_string(),
        ..Default::default()
    };
    Some(line.to_csv())
}

const STATUS_COLORS: [(Status, &str, &str); 4] = [
    (Status::Ok, "#2e7d32", "ok: read completely"),
    (Status::Partial, "#ef6c00", "partial: some pages unreadable"),
    (Status::Failed, "#c62828", "failed: nothing could be read"),
    (Status::NoIki, "#757575", "no_iki: no indicator table"),
];

/// Rows shown at most in one table of the page; the rest are counted, and
/// every row is in the CSV files. A national dataset (100,000 documents,
/// hundreds of thousands of findings) would otherwise make a page of hundreds
/// of MB that no browser opens.
pub(crate) const MAX_TABLE_ROWS: usize = 1000;

/// Words of a quote shown before the reader opens the rest: a jabatan that
/// took in a page of other lines is quoted by its first line.
const QUOTE_WORDS: usize = 12;

/// Renders the whole page. `title` names the dataset (e.g. its folder name);
/// `summary` holds the counts of `docs` (which may be slimmed: `review` then
/// carries the findings' ready corrections.csv lines, `Review::lines`).
pub(crate) fn render(
    docs: &[DocumentRecord],
    summary: &Summary,
    manifest: &Manifest,
    findings: &[Finding],
    review: &Review,
    title: &str,
) -> String {
    let by_id: HashMap<&str, &DocumentRecord> = docs.iter().map(|d| (d.doc_id.as_str(), d)).collect();
    let counts: HashMap<&str, Counts> = docs.iter().zip(&summary.counts).map(|(d, c)| (d.doc_id.as_str(), *c)).collect();
    let last = manifest.runs.last().map(|r| r.finished.as_str()).unwrap_or("unknown");
    let nav = [
        ("glance", "At a glance"),
        ("review", "To review"),
        ("run", "1. The run"),
        ("coverage", "2. Coverage"),
        ("completeness", "3. Completeness"),
        ("consistency", "4. Consistency"),
        ("normalizations", "5. Normalisations"),
        ("ocr", "6. OCR"),
        ("corrections", "7. Corrections"),
        ("checks", "8. All checks"),
    ];
    let page = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { "Data-quality report: " (title) }
                style { (PreEscaped(CSS)) }
            }
            body {
                header {
                    h1 { "Data-quality report " span.ds { (title) } }
                    p.meta {
                        "iki " (manifest.tool_version) " · dataset last updated " (last) " · " (docs.len()) " documents · "
                        (findings.len()) " findings"
                    }
                    nav {
                        @for (i, (id, label)) in nav.iter().enumerate() {
                            @if i > 0 { " " }
                            a href={ "#" (id) } { (label) }
                        }
                    }
                }
                main {
                    (glance(docs, &summary.counts, findings))
                    (to_review(docs))
                    (run_section(docs, &counts, manifest, findings, &by_id))
                    (coverage(docs))
                    (completeness(docs, &counts, findings, &by_id, review))
                    (consistency(findings, &by_id, review))
                    (normalizations(&summary.norms))
                    (ocr(docs, findings, &by_id, review))
                    (corrections(&by_id, review))
                    (checks_glossary(findings))
                }
                footer {
                    "Made by " code { "iki report" } ". Every finding is also in " code { "quality.csv" }
                    " in the dataset folder (one row per finding). Click a column header to sort; type in a filter box to show matching rows only."
                }
                script { (PreEscaped(JS)) }
            }
        }
    };
    let mut out = page.into_string();
    out.push('\n');
    out
}

/// A review reason (`jabatan_has_title_words: the jabatan "..." holds ...`).
/// A quote longer than a line (a jabatan that took in a page of other lines)
/// is shown by its first words, and the reader opens the rest.
fn quoted(text: &str) -> Markup {
    let cut = text.find('"').and_then(|a| text[a + 1..].find('"').map(|b| (a, a + 1 + b)));
    let Some((a, b)) = cut else { return html! { (text) } };
    let quote = &text[a + 1..b];
    let words: Vec<&str> = quote.split_whitespace().collect();
    if words.len() <= QUOTE_WORDS {
        return html! { (text) };
    }
    html! {
        (text[..a]) "\"" (words[..QUOTE_WORDS].join(" ")) " …\"" (text[b + 1..])
        details.quote {
            summary { "the whole quote (" (words.len()) " words)" }
            (quote)
        }
    }
}

/// The documents whose structure did not fit what iki knows, first, with
/// their reasons: their records were written, but a person should check them.
fn to_review(docs: &[DocumentRecord]) -> Markup {
    let listed: Vec<&DocumentRecord> = docs.iter().filter(|d| !d.review.is_empty()).collect();
    html! {
        section id="review" {
            h2 { "To review first" }
            @if listed.is_empty() {
                p { "Every document fitted the layouts iki knows." }
            } @else {
                p {
                    (listed.len())
                    " document(s) did not fit the layouts iki knows. Their data was written, but may be wrong: open each PDF and check the blocks named below."
                }
                (table("review-table", &["Document", "Status", "Reasons"], html! {
                    @for d in &listed {
                        tr {
                            (doc_cell(Some(d), &d.doc_id))
                            (td(d.status.as_str()))
                            td {
                                @for (i, r) in d.review.iter().enumerate() {
                                    @if i > 0 { br; }
                                    (quoted(r))
                                }
                            }
                        }
                    }
                }))
            }
        }
    }
}

fn count_sev(findings: &[Finding], s: Severity) -> usize {
    findings.iter().filter(|f| f.severity == s).count()
}

fn glance(docs: &[DocumentRecord], counts: &[Counts], findings: &[Finding]) -> Markup {
    let blocks: usize = counts.iter().map(|c| c.blocks).sum();
    let rows: usize = counts.iter().map(|c| c.rows).sum();
    let ocr_pages: usize = docs.iter().map(|d| d.extraction.ocr_pages.len()).sum();
    let st = |s: Status| docs.iter().filter(|d| d.status == s).count();
    let cards: [(&str, usize, &str); 11] = [
        ("documents", docs.len(), ""),
        ("ok", st(Status::Ok), "ok"),
        ("partial", st(Status::Partial), "partial"),
        ("failed", st(Status::Failed), "failed"),
        ("no_iki", st(Status::NoIki), "no_iki"),
        ("jabatan blocks", blocks, ""),
        ("indicator rows", rows, ""),
        ("pages OCRed", ocr_pages, ""),
        ("errors", count_sev(findings, Severity::Error), "error"),
        ("warnings", count_sev(findings, Severity::Warning), "warning"),
        ("info", count_sev(findings, Severity::Info), "info"),
    ];
    html! {
        section id="glance" {
            h2 { "At a glance" }
            div.cards {
                @for (label, n, class) in cards {
                    div class={ "card " (class) } { b { (n) } span { (label) } }
                }
            }
            p.help {
                b { "error" } ": data missing or unusable, must be fixed. " b { "warning" }
                ": probably a mistake in the decree or in the reading; please check. " b { "info" }
                ": worth knowing, usually nothing to do."
            }
        }
    }
}

/// A horizontal bar chart as inline SVG: (label, value, colour).
fn bar_chart(title: &str, bars: &[(String, usize, &str)]) -> Markup {
    let max = bars.iter().map(|b| b.1).max().unwrap_or(0).max(1);
    let (label_w, bar_w, row_h) = (260.0, 420.0, 26.0);
    let height = row_h * bars.len() as f64 + 8.0;
    let width = label_w + bar_w + 60.0;
    html! {
        figure.chart {
            svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label=(title) width=(width) height=(height)
                viewBox={ "0 0 " (width) " " (height) } {
                @for (i, (label, n, color)) in bars.iter().enumerate() {
                    @let y = 4.0 + row_h * i as f64;
                    @let w = if *n == 0 { 0.0 } else { (bar_w * *n as f64 / max as f64).max(2.0) };
                    text x=(label_w - 8.0) y=(y + 17.0) text-anchor="end" class="lbl" { (label) }
                    rect x=(label_w) y=(y + 3.0) width=(format!("{w:.1}")) height=(row_h - 8.0) fill=(color) {
                        title { (label) ": " (n) }
                    }
                    text x=(label_w + w + 6.0) y=(y + 17.0) class="val" { (n) }
                }
            }
            figcaption { (title) }
        }
    }
}

/// Filter tools (a text box, and a severity choice for findings) for a table.
fn tools(id: &str, severity: bool) -> Markup {
    html! {
        div.tools {
            input type="search" placeholder="Filter: type a word, a file name, a kecamatan..." data-for=(id) class="filter";
            @if severity {
                " "
                select data-for=(id) class="sev" {
                    option value="" { "all severities" }
                    option { "error" }
                    option { "warning" }
                    option { "info" }
                }
            }
            " "
            span.shown id={ (id) "-shown" } {}
        }
    }
}

/// A sortable table: its header cells and its body rows.
fn table(id: &str, head: &[&str], rows: Markup) -> Markup {
    html! {
        div.tw {
            table.sortable id=(id) {
                thead { tr { @for c in head { th { (c) } } } }
                tbody { (rows) }
            }
        }
    }
}

fn td(s: &str) -> Markup {
    html! { td { (s) } }
}

fn tdn(n: impl maud::Render) -> Markup {
    html! { td.n { (n) } }
}

fn td_pre(s: &str) -> Markup {
    html! { td.pre { (s) } }
}

fn opt_num(v: Option<usize>) -> String {
    v.map(|n| n.to_string()).unwrap_or_default()
}

fn badge(class: &str, text: &str) -> Markup {
    html! { td { span class={ "badge " (class) } { (text) } } }
}

/// The document as staff know it (kecamatan and year), with its file name below.
fn doc_cell(d: Option<&DocumentRecord>, doc_id: &str) -> Markup {
    match d {
        Some(d) => html! { td.doc { b { (place(d)) } br; small { (d.source.file_name) } } },
        None => td(doc_id),
    }
}

fn place(d: &DocumentRecord) -> String {
    let k = d.metadata.kecamatan.as_deref().unwrap_or("?");
    match d.metadata.tahun {
        Some(t) => format!("{k} {t}"),
        None => k.to_string(),
    }
}

/// A note under a table cut at `MAX_TABLE_ROWS`: which rows are shown
/// (`order`) and where all of them are (`all_in`).
fn cut_note(total: usize, order: &str, all_in: Markup) -> Markup {
    html! {
        @if total > MAX_TABLE_ROWS {
            p class="warn cut" { "Showing " (MAX_TABLE_ROWS) " of " (total) " rows (" (order) "). All of them are in " (all_in) "." }
        }
    }
}

fn run_section(
    docs: &[DocumentRecord],
    counts: &HashMap<&str, Counts>,
    manifest: &Manifest,
    findings: &[Finding],
    by_id: &HashMap<&str, &DocumentRecord>,
) -> Markup {
    let bars: Vec<(String, usize, &str)> =
        STATUS_COLORS.iter().map(|(s, c, label)| (label.to_string(), docs.iter().filter(|d| d.status == *s).count(), *c)).collect();
    let ocr_pages: usize = docs.iter().map(|d| d.extraction.ocr_pages.len()).sum();
    let ocr_docs = docs.iter().filter(|d| !d.extraction.ocr_pages.is_empty()).count();
    let bad: Vec<&DocumentRecord> = docs.iter().filter(|d| matches!(d.status, Status::Failed | Status::Partial)).collect();
    let bad_total: usize = bad.iter().map(|d| d.errors.len()).sum();
    let names = names_by_doc(manifest);
    let dups: Vec<(&&str, &Vec<&str>)> = names.iter().filter(|(_, v)| v.len() > 1).collect();
    let mut per_doc: HashMap<&str, usize> = HashMap::new();
    for f in findings {
        if f.severity != Severity::Info {
            *per_doc.entry(f.doc_id.as_str()).or_default() += 1;
        }
    }
    // Worst first when the table is cut: documents with findings, by file name.
    let mut sorted: Vec<&DocumentRecord> = docs.iter().collect();
    let cut = sorted.len() > MAX_TABLE_ROWS;
    sorted.sort_by(|a, b| {
        let n = |d: &DocumentRecord| if cut { per_doc.get(d.doc_id.as_str()).copied().unwrap_or(0) } else { 0 };
        n(b).cmp(&n(a)).then(a.source.file_name.cmp(&b.source.file_name)).then(a.doc_id.cmp(&b.doc_id))
    });
    let doc_head = [
        "File",
        "Kecamatan",
        "Tahun",
        "Status",
        "Method",
        "Pages",
        "OCR pages",
        "OCR confidence",
        "Jabatan",
        "Rows",
        "Findings",
        "Problem",
    ];
    html! {
        section id="run" {
            h2 { "1. The run" }
            (bar_chart("Documents by status", &bars))
            p {
                (docs.len()) " documents in the dataset from " (manifest.inputs.len()) " input files. "
                b { (ocr_pages) " pages OCRed" } " (read from scans) in " (ocr_docs) " documents."
            }
            // Problems first, in plain words.
            h3 { "Files that could not be read (fully)" }
            @if bad.is_empty() {
                p.good { "Every file was read completely." }
            } @else {
                (table("t-bad", &["File", "Status", "Problem", "Page", "What it means and what to do"], html! {
                    @for (d, e) in bad.iter().flat_map(|d| d.errors.iter().map(move |e| (d, e))).take(MAX_TABLE_ROWS) {
                        tr {
                            (td(&d.source.file_name)) (badge(d.status.as_str(), d.status.as_str())) (td(&e.code))
                            (tdn(opt_num(e.page))) (td(&e.message))
                        }
                    }
                }))
                (cut_note(bad_total, "in doc_id order", html! { code { "documents.csv" } " (error_codes, error_messages)" }))
            }
            h3 { "Duplicates (the same file under several names)" }
            @if dups.is_empty() {
                p.good { "No file was given twice." }
            } @else {
                p {
                    @if dups.len() == 1 { "1 file was" } @else { (dups.len()) " files were" }
                    " given more than once (same bytes, different names). Each is counted once; the extra copies can be deleted."
                }
                (table("t-dups", &["doc_id", "Document", "Copies", "Names"], html! {
                    @for (id, paths) in dups.iter().take(MAX_TABLE_ROWS) {
                        tr {
                            (td(id)) (td(&by_id.get(**id).map(|d| place(d)).unwrap_or_default())) (tdn(paths.len()))
                            (td_pre(&paths.join("\n")))
                        }
                    }
                }))
                (cut_note(dups.len(), "in doc_id order", html! {
                    code { "manifest.json" } " (inputs) and " code { "quality.csv" } " (duplicate_file)"
                }))
            }
            h3 { "All documents" }
            (tools("t-docs", false))
            (table("t-docs", &doc_head, html! {
                @for d in sorted.iter().take(MAX_TABLE_ROWS) {
                    @let c = counts.get(d.doc_id.as_str()).copied().unwrap_or_default();
                    @let conf = d.extraction.ocr_mean_confidence.map(|c| format!("{:.0}%", c * 100.0)).unwrap_or_default();
                    tr {
                        (td(&d.source.file_name))
                        (td(d.metadata.kecamatan.as_deref().unwrap_or("")))
                        (tdn(opt_num(d.metadata.tahun.map(|t| t as usize))))
                        (badge(d.status.as_str(), d.status.as_str()))
                        (td(if d.status == Status::Failed { "" } else { &d.extraction.method }))
                        (tdn(opt_num(d.source.pages)))
                        (tdn(d.extraction.ocr_pages.len()))
                        (tdn(conf))
                        (tdn(c.blocks))
                        (tdn(c.rows))
                        (tdn(per_doc.get(d.doc_id.as_str()).copied().unwrap_or(0)))
                        td.msg { (d.errors.iter().map(|e| e.message.as_str()).collect::<Vec<_>>().join(" ")) }
                    }
                }
            }))
            (cut_note(docs.len(), "those with the most findings first", html! { code { "documents.csv" } }))
            p.help { "Findings counts errors and warnings (not info)." }
        }
    }
}

fn coverage(docs: &[DocumentRecord]) -> Markup {
    let readable: Vec<&DocumentRecord> = docs.iter().filter(|d| d.status != Status::Failed).collect();
    let mut grid: BTreeMap<(String, String), BTreeMap<i32, usize>> = BTreeMap::new();
    let mut years: BTreeSet<i32> = BTreeSet::new();
    let mut unknown = 0;
    for d in &readable {
        match (&d.metadata.kecamatan, d.metadata.tahun) {
            (Some(k), Some(t)) => {
                *grid.entry((d.metadata.wilayah.clone().unwrap_or_else(|| "?".into()), k.clone())).or_default().entry(t).or_default() += 1;
                years.insert(t);
            }
            _ => unknown += 1,
        }
    }
    let (lo, hi) = (*years.first().unwrap_or(&0), *years.last().unwrap_or(&0));
    let all_years: Vec<i32> = if hi - lo <= 30 { (lo..=hi).collect() } else { years.iter().copied().collect() };
    let gaps: usize = grid.values().map(|c| all_years.iter().filter(|y| !c.contains_key(y)).count()).sum();
    html! {
        section id="coverage" {
            h2 { "2. Coverage: kecamatan × tahun" }
            @if grid.is_empty() {
                p { "No document has both a kecamatan and a year." }
            } @else {
                p {
                    "Number of readable documents per kecamatan and year. An empty cell (–) is a gap in the archive; more than 1 means several documents (variants or copies) for the same decree year."
                }
                div.tw {
                    table.grid id="t-coverage" {
                        thead { tr { th { "Wilayah" } th { "Kecamatan" } @for y in &all_years { th.n { (y) } } } }
                        tbody {
                            @for ((w, k), counts) in &grid {
                                tr {
                                    (td(w)) (td(k))
                                    @for y in &all_years {
                                        @match counts.get(y) {
                                            Some(n) => td class="n have" { (n) },
                                            None => td class="n gap" title="no document" { "–" },
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                p { (grid.len()) " kecamatan, years " (lo) "–" (hi) ", " b { (gaps) " gaps" } "." }
            }
            @if unknown > 0 {
                p.warn {
                    (unknown) " readable documents have no kecamatan or no year and are not in the table (see " i { "missing_metadata" }
                    " findings)."
                }
            }
        }
    }
}

/// A table of findings with the document, jabatan and page spelled out.
fn findings_table(id: &str, list: &[&Finding], by_id: &HashMap<&str, &DocumentRecord>, rv: &Review) -> Markup {
    if list.is_empty() {
        return html! { p.good { "No findings." } };
    }
    // Grouped for reading: worst first, then by check, kecamatan, file, place.
    let mut list: Vec<&Finding> = list.to_vec();
    let key = |f: &Finding| {
        let d = by_id.get(f.doc_id.as_str());
        (
            f.severity,
            f.check,
            d.map(|d| place(d)).unwrap_or_default(),
            d.map(|d| d.source.file_name.clone()).unwrap_or_default(),
            f.block,
            f.row,
        )
    };
    let total = list.len();
    if total > MAX_TABLE_ROWS {
        list.select_nth_unstable_by_key(MAX_TABLE_ROWS, |f| (f.severity, f.check));
        list.truncate(MAX_TABLE_ROWS);
    }
    list.sort_by_cached_key(|f| key(f));
    let head = [
        "Severity",
        "Check",
        "Document",
        "Jabatan",
        "Row",
        "Page",
        "Field",
        "What is wrong, what to do",
        "Text concerned",
        "Scan",
        "corrections.csv line",
    ];
    html! {
        (tools(id, true))
        (table(id, &head, html! {
            @for f in &list {
                @let d = by_id.get(f.doc_id.as_str());
                @let jab = d.and_then(|d| f.block.and_then(|b| d.blocks.get(b))).map(|b| b.jabatan.as_str()).unwrap_or("");
                tr data-sev=(f.severity.as_str()) {
                    (badge(f.severity.as_str(), f.severity.as_str()))
                    (td(f.check))
                    (doc_cell(d.copied(), &f.doc_id))
                    td.jab { (jab) }
                    (tdn(opt_num(f.row.map(|r| r + 1))))
                    (tdn(opt_num(f.page)))
                    (td(&f.field))
                    td.msg {
                        @if f.check == "structure_review" { (quoted(&f.message)) } @else { (f.message) }
                    }
                    (td_pre(&f.value))
                    (scan_cell(f, rv))
                    (fix_cell(f, rv))
                }
            }
        }))
        (cut_note(total, "worst first", html! { code { "quality.csv" } }))
    }
}

/// The crop of the scan around a finding's cell, or an empty cell.
fn scan_cell(f: &Finding, rv: &Review) -> Markup {
    html! {
        td.scan {
            @if let Some(uri) = rv.crop(f) {
                img.crop alt={ "the scan around the cell (page " (opt_num(f.page)) ")" } src=(uri);
            }
        }
    }
}

/// A finding's ready corrections.csv line (one click selects it), or an empty cell.
fn fix_cell(f: &Finding, rv: &Review) -> Markup {
    html! {
        td.fix {
            @if let Some(line) = ready_line(f, rv).or_else(|| rv.lines.get(&(crop_key(f), f.check)).cloned()) {
                code { (line) }
            }
        }
    }
}

fn check_counts(findings: &[&Finding]) -> BTreeMap<&'static str, usize> {
    let mut m = BTreeMap::new();
    for f in findings {
        *m.entry(f.check).or_default() += 1;
    }
    m
}

fn completeness(
    docs: &[DocumentRecord],
    counts: &HashMap<&str, Counts>,
    findings: &[Finding],
    by_id: &HashMap<&str, &DocumentRecord>,
    rv: &Review,
) -> Markup {
    let head = [
        "File",
        "Kecamatan / tahun",
        "Jabatan",
        "No indicators",
        "No tugas",
        "No fungsi",
        "Rows",
        "No sasaran",
        "No indikator",
        "No formula",
        "No sumber data",
    ];
    // The documents with the most gaps first when the table is cut.
    let mut with_blocks: Vec<(&DocumentRecord, Counts)> =
        docs.iter().map(|d| (d, counts.get(d.doc_id.as_str()).copied().unwrap_or_default())).filter(|(_, c)| c.blocks > 0).collect();
    let total = with_blocks.len();
    if total > MAX_TABLE_ROWS {
        let gaps =
            |c: &Counts| c.no_indicators + c.no_tugas + c.no_fungsi + c.no_sasaran + c.no_indikator + c.no_formula + c.no_sumber_data;
        with_blocks.sort_by(|a, b| gaps(&b.1).cmp(&gaps(&a.1)).then(a.0.doc_id.cmp(&b.0.doc_id)));
        with_blocks.truncate(MAX_TABLE_ROWS);
    }
    let cell = |n: usize| {
        if n == 0 {
            tdn(0)
        } else {
            html! { td class="n bad" { (n) } }
        }
    };
    let list: Vec<&Finding> = findings.iter().filter(|f| group_of(f.check) == "completeness").collect();
    let bars: Vec<(String, usize, &str)> = check_counts(&list).iter().map(|(c, n)| (c.to_string(), *n, "#ef6c00")).collect();
    html! {
        section id="completeness" {
            h2 { "3. Completeness per jabatan block" }
            p {
                "For each document: jabatan blocks, and how many lack tugas, fungsi or indicator rows; indicator rows, and how many lack a sasaran, indikator, formula or sumber data."
            }
            (tools("t-compl", false))
            (table("t-compl", &head, html! {
                @for (d, c) in &with_blocks {
                    tr {
                        (td(&d.source.file_name)) (td(&place(d))) (tdn(c.blocks))
                        (cell(c.no_indicators)) (cell(c.no_tugas)) (cell(c.no_fungsi))
                        (tdn(c.rows))
                        (cell(c.no_sasaran)) (cell(c.no_indikator)) (cell(c.no_formula)) (cell(c.no_sumber_data))
                    }
                }
            }))
            (cut_note(total, "the most gaps first", html! { code { "quality.csv" } }))
            @if !bars.is_empty() {
                (bar_chart("Completeness findings by check", &bars))
            }
            h3 { "Completeness findings" }
            (findings_table("t-compl-f", &list, by_id, rv))
        }
    }
}

fn consistency(findings: &[Finding], by_id: &HashMap<&str, &DocumentRecord>, rv: &Review) -> Markup {
    let list: Vec<&Finding> = findings.iter().filter(|f| group_of(f.check) == "consistency").collect();
    let counts = check_counts(&list);
    let bars: Vec<(String, usize, &str)> = CHECKS
        .iter()
        .filter(|c| c.group == "consistency")
        .map(|c| (c.name.to_string(), counts.get(c.name).copied().unwrap_or(0), "#6a1b9a"))
        .collect();
    html! {
        section id="consistency" {
            h2 { "4. Consistency checks" }
            p {
                "Mistakes inside the decrees: a " i { "Persentase" } " indicator whose formula is not a ratio × 100%; a " i { "Jumlah" }
                " (count) indicator with a percentage formula; the same indicator twice in one jabatan; a jabatan that is not a known post; table headers that name no known field."
            }
            (bar_chart("Consistency findings by check", &bars))
            (findings_table("t-cons", &list, by_id, rv))
        }
    }
}

fn normalizations(norms: &NormCounts) -> Markup {
    let (by_rule, by_change) = (&norms.by_rule, &norms.by_change);
    let mut changes: Vec<_> = by_change.iter().collect();
    changes.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(b.0)));
    html! {
        section id="normalizations" {
            h2 { "5. Normalisations applied" }
            p { "Spelling corrections made in the " i { "normalized" } " fields (the document's own words are kept as written)." }
            @if by_rule.is_empty() {
                p { "No normalisation was applied." }
            } @else {
                (table("t-rules", &["Rule", "Corrections", "Documents"], html! {
                    @for (rule, (n, ds)) in by_rule {
                        tr { (td(rule)) (tdn(n)) (tdn(ds)) }
                    }
                }))
                h3 { "By correction" }
                (tools("t-norm", false))
                (table("t-norm", &["Rule", "From", "To", "Times", "Documents", "Example (file and field)"], html! {
                    @for ((rule, from, to), (n, ds, example)) in changes.iter().take(MAX_TABLE_ROWS) {
                        tr { (td(rule)) (td(from)) (td(to)) (tdn(n)) (tdn(ds)) (td(example)) }
                    }
                }))
                (cut_note(changes.len(), "the most frequent first", html! { "the records' " code { "normalizations" } }))
            }
        }
    }
}

/// A document's photographed pages as the OCR table shows them: `2: F4,
/// 12°` per page (the paper size its proportions gave, the perspective
/// flattened away); empty when no page was a photo.
fn photo_pages(d: &DocumentRecord) -> String {
    d.extraction
        .page_sources
        .iter()
        .filter_map(|s| s.photo.as_ref().map(|p| format!("{}: {}, {:.0}°", s.page, p.paper, p.perspective_degrees)))
        .collect::<Vec<_>>()
        .join("; ")
}

fn ocr(docs: &[DocumentRecord], findings: &[Finding], by_id: &HashMap<&str, &DocumentRecord>, rv: &Review) -> Markup {
    let scanned: Vec<&DocumentRecord> =
        docs.iter().filter(|d| d.extraction.ocr_mean_confidence.is_some() || !d.extraction.ocr_pages.is_empty()).collect();
    if scanned.is_empty() {
        return html! {
            section id="ocr" {
                h2 { "6. OCR (scanned pages)" }
                p { "No page was read by OCR: every document had a text layer." }
            }
        };
    }
    // Confidence distribution.
    let bins: [(f32, f32, &str); 8] = [
        (0.0, 0.5, "below 50%"),
        (0.5, 0.6, "50–60%"),
        (0.6, 0.7, "60–70%"),
        (0.7, 0.8, "70–80%"),
        (0.8, 0.85, "80–85%"),
        (0.85, 0.9, "85–90%"),
        (0.9, 0.95, "90–95%"),
        (0.95, 1.01, "95–100%"),
    ];
    let bars: Vec<(String, usize, &str)> = bins
        .iter()
        .map(|(lo, hi, label)| {
            let n = scanned.iter().filter_map(|d| d.extraction.ocr_mean_confidence).filter(|c| c >= lo && c < hi).count();
            (label.to_string(), n, if *hi <= LOW_DOCUMENT_CONFIDENCE + 0.05 { "#c62828" } else { "#1565c0" })
        })
        .collect();
    let cells: Vec<&Finding> = findings.iter().filter(|f| f.check == "low_ocr_confidence").collect();
    let mut per_field: BTreeMap<&str, usize> = BTreeMap::new();
    for f in &cells {
        *per_field.entry(f.field.as_str()).or_default() += 1;
    }
    let field_bars: Vec<(String, usize, &str)> = per_field.iter().map(|(k, v)| (k.to_string(), *v, "#1565c0")).collect();
    let mut per_doc: HashMap<&str, usize> = HashMap::new();
    for f in &cells {
        *per_doc.entry(f.doc_id.as_str()).or_default() += 1;
    }
    // Documents read worst first, then by page.
    let conf = |f: &Finding| by_id.get(f.doc_id.as_str()).and_then(|d| d.extraction.ocr_mean_confidence).unwrap_or(1.0);
    let mut sorted = cells.clone();
    sorted.sort_by(|a, b| {
        conf(a)
            .total_cmp(&conf(b))
            .then(a.doc_id.cmp(&b.doc_id))
            .then(a.page.cmp(&b.page))
            .then(a.block.cmp(&b.block))
            .then(a.row.cmp(&b.row))
    });
    let docs_low: Vec<&Finding> = findings.iter().filter(|f| f.check == "low_ocr_confidence_document").collect();
    html! {
        section id="ocr" {
            h2 { "6. OCR (scanned pages)" }
            (bar_chart("Documents by mean OCR confidence", &bars))
            p {
                (scanned.len()) " documents have OCRed pages (" (scanned.iter().map(|d| d.extraction.ocr_pages.len()).sum::<usize>()) " pages). "
                b { (cells.len()) " cells" } " were read with low confidence and should be compared with the scan"
                @if !per_field.is_empty() {
                    " (" (per_field.iter().map(|(k, v)| format!("{k}: {v}")).collect::<Vec<_>>().join(", ")) ")"
                }
                "."
            }
            @if !field_bars.is_empty() {
                (bar_chart("Cells read with low confidence, by field", &field_bars))
            }
            (table("t-ocrdocs", &["File", "Kecamatan / tahun", "Method", "OCR pages", "Phone photos (page: paper, perspective)", "Mean confidence", "Cells to review"], html! {
                @for d in scanned.iter().take(MAX_TABLE_ROWS) {
                    tr {
                        (td(&d.source.file_name))
                        (td(&place(d)))
                        (td(&d.extraction.method))
                        (td(&d.extraction.ocr_pages.iter().map(|p| p.to_string()).collect::<Vec<_>>().join(", ")))
                        (td(&photo_pages(d)))
                        (tdn(d.extraction.ocr_mean_confidence.map(|c| format!("{:.1}%", c * 100.0)).unwrap_or_default()))
                        (tdn(per_doc.get(d.doc_id.as_str()).copied().unwrap_or(0)))
                    }
                }
            }))
            (cut_note(scanned.len(), "in doc_id order", html! { code { "documents.csv" } " (ocr_pages, ocr_mean_confidence)" }))
            h3 { "Lowest-confidence cells: check these against the scan" }
            @if cells.is_empty() {
                p.good { "No cell was read with low confidence." }
            } @else {
                (tools("t-ocrcells", false))
                (table(
                    "t-ocrcells",
                    &["File", "Doc. confidence", "Page", "Jabatan", "Row", "Field", "Text as read", "Scan", "corrections.csv line"],
                    html! {
                        @for f in sorted.iter().copied().take(MAX_TABLE_ROWS) {
                            @let d = by_id.get(f.doc_id.as_str());
                            @let jab = d.and_then(|d| f.block.and_then(|b| d.blocks.get(b))).map(|b| b.jabatan.as_str()).unwrap_or("");
                            tr {
                                (td(d.map(|d| d.source.file_name.as_str()).unwrap_or("")))
                                (tdn(format!("{:.1}%", conf(f) * 100.0)))
                                (tdn(opt_num(f.page)))
                                (td(jab))
                                (tdn(opt_num(f.row.map(|r| r + 1))))
                                (td(&f.field))
                                (td_pre(&f.value))
                                (scan_cell(f, rv))
                                (fix_cell(f, rv))
                            }
                        }
                    }
                ))
                (cut_note(sorted.len(), "the least confident documents first", html! {
                    code { "quality.csv" } " (low_ocr_confidence)"
                }))
            }
            @if !docs_low.is_empty() {
                h3 { "Documents read with low confidence" }
                (findings_table("t-ocrlow", &docs_low, by_id, rv))
            }
        }
    }
}

fn corrections(by_id: &HashMap<&str, &DocumentRecord>, rv: &Review) -> Markup {
    let intro = html! {
        p {
            "Hand corrections live in " code { "corrections.csv" } " in the dataset folder, one line per fix, with the columns "
            code { (COLUMNS.join(",")) } ". To fix a finding, copy its " i { "corrections.csv line" }
            " from the tables above into that file (Excel or LibreOffice, comma or semicolon separated), fill in " i { "value" } " and a "
            i { "note" } ", save, and run " code { "iki correct <dataset>" } ". The CSV files, this report and " code { "iki compare" }
            " then show the corrected value; the records in " code { "documents/" }
            " keep what was extracted, and the correction survives every re-import as long as the document still reads what "
            i { "was" } " says. Field " code { "row" } " with an empty value deletes a row."
        }
    };
    let Some(outcomes) = rv.outcomes else {
        return html! {
            section id="corrections" {
                h2 { "7. Corrections" }
                (intro)
                p { "This dataset has no " code { "corrections.csv" } " yet." }
            }
        };
    };
    let n = |s: State| outcomes.iter().filter(|o| o.state == s).count();
    html! {
        section id="corrections" {
            h2 { "7. Corrections" }
            (intro)
            div.cards {
                div class="card ok" { b { (n(State::Applied)) } span { "applied" } }
                div class="card warning" { b { (n(State::Stale)) } span { "stale" } }
                div class="card error" { b { (n(State::Invalid)) } span { "invalid" } }
            }
            p.help {
                b { "applied" } ": the views show the corrected value. " b { "stale" } ": the document no longer reads what " i { "was" }
                " says (it was imported again): check the new reading, then update " i { "was" } " or delete the line. " b { "invalid" }
                ": the line names a document, block, row or field that does not exist, or a value the field cannot hold: fix the line. Stale and invalid lines are also in "
                code { "quality.csv" } "."
            }
            @if outcomes.is_empty() {
                p { code { "corrections.csv" } " holds no line yet." }
            } @else {
                (tools("t-corr", false))
                (table("t-corr", &["Line", "State", "Document", "Block", "Row", "Field", "Was", "Value", "Note", "What to do"], html! {
                    @for o in outcomes {
                        @let l = &o.line;
                        @let class = match o.state {
                            State::Applied => "ok",
                            State::Stale => "warning",
                            State::Invalid => "error",
                        };
                        tr {
                            (tdn(l.line))
                            (badge(class, o.state.as_str()))
                            (doc_cell(by_id.get(l.doc_id.as_str()).copied(), &l.doc_id))
                            (td(&l.block))
                            (td(&l.row))
                            (td(&l.field))
                            (td_pre(&l.was))
                            (td_pre(&l.value))
                            (td(&l.note))
                            td.msg { (if o.message.is_empty() { "Nothing: the correction is applied." } else { &o.message }) }
                        }
                    }
                }))
            }
        }
    }
}

fn checks_glossary(findings: &[Finding]) -> Markup {
    html! {
        section id="checks" {
            h2 { "8. All checks" }
            p { "Every check the report runs, with the number of findings. The rows of " code { "quality.csv" } " carry the check's name." }
            (table("t-checks", &["Check", "Section", "Meaning", "Errors", "Warnings", "Info", "Total"], html! {
                @for c in CHECKS {
                    @let n = |s: Severity| findings.iter().filter(|f| f.check == c.name && f.severity == s).count();
                    @let (e, w, i) = (n(Severity::Error), n(Severity::Warning), n(Severity::Info));
                    tr { (td(c.name)) (td(c.group)) (td(c.help)) (tdn(e)) (tdn(w)) (tdn(i)) (tdn(e + w + i)) }
                }
            }))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::summary::Summary;

    #[test]
    fn photographed_pages_are_listed_with_their_paper_and_perspective() {
        use crate::record::*;
        let page = |n: usize, photo: Option<(&str, f32)>| PageSourceRecord {
            page: n,
            source: crate::model::PageSource::Ocr,
            ocr_dpi: Some(300),
            skew_degrees: Some(0.0),
            photo: photo.map(|(paper, p)| PhotoRecord {
                paper: paper.into(),
                landscape: false,
                rotation_degrees: 0.0,
                perspective_degrees: p,
                paper_share: 0.8,
            }),
        };
        let mut rec = DocumentRecord {
            schema_version: SCHEMA_VERSION,
            doc_id: "abc".into(),
            source: Source { file_name: "foto/".into(), sha256: "abc".into(), bytes: 1, pages: Some(3) },
            status: Status::Ok,
            errors: vec![],
            extraction: Extraction { method: "ocr".into(), tool_version: "t".into(), ..Default::default() },
            metadata: Metadata::default(),
            blocks: vec![],
            normalizations: vec![],
            review: vec![],
        };
        rec.extraction.page_sources = vec![page(1, Some(("F4", 11.6))), page(2, None), page(3, Some(("A4", 4.2)))];
        assert_eq!(photo_pages(&rec), "1: F4, 12°; 3: A4, 4°");
        crate::report::summary::slim(&mut rec, &[]);
        assert_eq!(photo_pages(&rec), "1: F4, 12°; 3: A4, 4°", "slimming keeps the photo pages");
    }

    #[test]
    fn text_from_documents_is_escaped() {
        use crate::record::*;
        let evil = "<script>alert(1)</script>";
        let rec = DocumentRecord {
            schema_version: 1,
            doc_id: "abc".into(),
            source: Source { file_name: format!("{evil}.pdf"), sha256: "abc".into(), bytes: 1, pages: Some(1) },
            status: Status::Ok,
            errors: vec![],
            extraction: Extraction { method: "text".into(), tool_version: "t".into(), ..Default::default() },
            metadata: Metadata { kecamatan: Some(evil.into()), tahun: Some(2020), ..Default::default() },
            blocks: vec![Block { jabatan: evil.into(), role: "other".into(), columns: vec![evil.into()], ..Default::default() }],
            normalizations: vec![Normalization { path: evil.into(), from: evil.into(), to: evil.into(), rule: evil.into() }],
            review: vec![evil.into()],
        };
        let docs = [rec];
        let findings = super::super::check_all(&docs, &Manifest::default());
        assert!(!findings.is_empty());
        let html = render(&docs, &Summary::of(&docs), &Manifest::default(), &findings, &Review::default(), evil);
        assert!(!html.contains(evil), "raw markup from a document reached the page");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert_eq!(html.matches("<script>").count(), 1, "only the report's own script");
    }

    #[test]
    fn findings_offer_their_corrections_line() {
        use crate::record::*;
        let row = |ind: &str| Indicator { indikator: Some(ind.into()), formula: Some("a, \"b\"".into()), page: 2, ..Default::default() };
        let rec = DocumentRecord {
            schema_version: SCHEMA_VERSION,
            doc_id: "00000000000000ab".into(),
            source: Source { file_name: "a.pdf".into(), sha256: "x".into(), bytes: 1, pages: Some(2) },
            status: Status::Ok,
            errors: vec![],
            extraction: Extraction {
                method: "text".into(),
                ocr_pages: vec![],
                ocr_mean_confidence: None,
                tool_version: "t".into(),
                page_sources: vec![],
            },
            metadata: Metadata::default(),
            blocks: vec![Block {
                jabatan: "PENJAGA".into(),
                role: "other".into(),
                indicators: vec![row("Jumlah x"), row("Jumlah x")],
                ..Default::default()
            }],
            normalizations: vec![],
            review: vec![],
        };
        let findings = super::super::check_all(std::slice::from_ref(&rec), &Manifest::default());
        let review = Review { extracted: [(rec.doc_id.as_str(), &rec)].into(), ..Default::default() };
        let line = |check: &str, field: &str| {
            let f = findings.iter().find(|f| f.check == check && f.field == field).unwrap_or_else(|| panic!("{check} {field}"));
            ready_line(f, &review)
        };
        assert_eq!(line("missing_metadata", "kecamatan").as_deref(), Some("00000000000000ab,,,kecamatan,,,"));
        assert_eq!(line("role_other", "role").as_deref(), Some("00000000000000ab,0,,role,other,,"));
        assert_eq!(line("missing_sumber_data", "sumber_data").as_deref(), Some("00000000000000ab,0,0,sumber_data,,,"));
        assert_eq!(line("duplicate_indicator", "indikator").as_deref(), Some("00000000000000ab,0,1,row,Jumlah x,,duplicate row"));
        assert_eq!(line("empty_tugas", "tugas"), None, "no line fixes a missing list");
    }

    #[test]
    fn a_long_quoted_jabatan_shows_a_line_and_opens_the_rest() {
        let words: Vec<String> = (0..300).map(|i| format!("kata{i}")).collect();
        let reason =
            format!("block 1: jabatan_has_title_words: the jabatan \"{}\" holds title or label words; check the PDF", words.join(" "));
        let html = quoted(&reason).into_string();
        let (shown, rest) = html.split_once("<details").expect("the rest behind a details element");
        assert!(shown.contains("kata11 …&quot;") && !shown.contains("kata12"), "{shown}");
        assert!(shown.ends_with(" holds title or label words; check the PDF"), "{shown}");
        assert!(rest.contains("the whole quote (300 words)") && rest.contains("kata0") && rest.contains("kata299"));
        // A short quote is left whole.
        assert_eq!(quoted("the jabatan \"KASI <b>\" holds").into_string(), "the jabatan &quot;KASI &lt;b&gt;&quot; holds");
    }

    #[test]
    fn an_empty_dataset_renders() {
        let html = render(&[], &Summary::default(), &Manifest::default(), &[], &Review::default(), "empty <ds>");
        assert!(html.contains("empty &lt;ds&gt;"));
        for id in ["glance", "run", "coverage", "completeness", "consistency", "normalizations", "ocr", "corrections", "checks"] {
            assert!(html.contains(&format!("<section id=\"{id}\">")), "{id}");
        }
        // Self-contained: nothing is fetched.
        assert!(!html.contains(" src=") && !html.contains("<link") && !html.contains("https://") && !html.contains("url("));
    }
}
