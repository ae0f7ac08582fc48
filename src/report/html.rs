//! The report as one self-contained HTML page: inline CSS (with a print
//! stylesheet), inline SVG bar charts, and a small inline script that sorts
//! tables (click a header) and filters them (text box, severity). Nothing is
//! loaded from the network or from other files. Every piece of text from the
//! dataset goes through `esc`.
//!
//! Section ids (used by the tests and for links): `glance`, `run`, `coverage`,
//! `completeness`, `consistency`, `normalizations`, `ocr`, `corrections`, `checks`.
//!
//! Every finding about a cell, block or decree field offers its ready
//! `corrections.csv` line (the extracted value in `was`, `value` to fill in),
//! and, on a scanned page, a crop of the scan around the cell ([`Review`]).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write;

use super::checks::{group_of, names_by_doc, Finding, Severity, LOW_DOCUMENT_CONFIDENCE};
use crate::corrections::{csv_line, current_value, Outcome, State, COLUMNS};
use crate::dataset::Manifest;
use crate::record::{Block, DocumentRecord, Status};

/// Where a crop belongs: (doc_id, block, row, field) of a finding.
pub type CropKey = (String, Option<usize>, Option<usize>, String);

/// What the page shows beside the checks: the records as extracted (the `was`
/// of each ready corrections.csv line), what became of each line of
/// `corrections.csv`, and crops of scanned pages around the findings' cells.
#[derive(Debug, Default)]
pub struct Review<'a> {
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

pub fn crop_key(f: &Finding) -> CropKey {
    (f.doc_id.clone(), f.block, f.row, f.field.clone())
}

/// The corrections.csv line that would fix a finding, `value` left to fill
/// in; a repeated indicator gets the line that deletes its row. None for a
/// finding no line can fix (a failed file, a missing tugas list ...).
pub fn ready_line(f: &Finding, rv: &Review) -> Option<String> {
    if group_of(f.check) == "corrections" {
        return None;
    }
    let doc = rv.extracted.get(f.doc_id.as_str())?;
    let (field, note) = if f.check == "duplicate_indicator" { ("row", "duplicate row") } else { (f.field.as_str(), "") };
    let was = current_value(doc, f.block, f.row, field)?;
    Some(csv_line(&[&f.doc_id, &opt_num(f.block), &opt_num(f.row), field, &was, "", note]))
}

/// Escapes text for HTML element content and quoted attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

const STATUS_COLORS: [(Status, &str, &str); 4] = [
    (Status::Ok, "#2e7d32", "ok: read completely"),
    (Status::Partial, "#ef6c00", "partial: some pages unreadable"),
    (Status::Failed, "#c62828", "failed: nothing could be read"),
    (Status::NoIki, "#757575", "no_iki: no indicator table"),
];

/// What each check means, for the glossary table.
const CHECK_HELP: &[(&str, &str)] = &[
    ("document_failed", "The file could not be read at all."),
    ("document_partial", "Some pages of the file could not be read."),
    ("no_iki", "The file was read but holds no indicator table."),
    ("duplicate_file", "The same file was given under several names."),
    ("missing_metadata", "Kecamatan, tahun or nomor SK not found in the decree."),
    ("no_indicators", "A jabatan with no indicator row."),
    ("empty_tugas", "A jabatan without tugas (duties)."),
    ("empty_fungsi", "A jabatan without fungsi (functions)."),
    ("missing_sasaran", "An indicator row without sasaran."),
    ("missing_indikator", "An indicator row without indikator."),
    ("missing_formula", "An indicator row without formula."),
    ("missing_sumber_data", "An indicator row without sumber data."),
    ("percent_not_ratio", "A Persentase indicator whose formula is not a ratio."),
    ("percent_without_100", "A Persentase indicator whose ratio lacks × 100%."),
    ("count_with_percent_formula", "A Jumlah (count) indicator whose formula gives a percentage."),
    ("duplicate_indicator", "The same indicator twice in one jabatan."),
    ("role_other", "A jabatan that is not one of the known posts."),
    ("unrecognised_column", "A table header that names no known field."),
    ("low_ocr_confidence_document", "A scanned document read with low mean confidence."),
    ("low_ocr_confidence", "A cell read from a scan with low confidence: compare with the scan."),
    ("correction_stale", "A line of corrections.csv whose was no longer matches the document: not applied."),
    ("correction_invalid", "A line of corrections.csv naming something that does not exist: not applied."),
];

/// Rows shown at most in one table of the page; the rest are counted, and
/// every row is in the CSV files. A national dataset (100,000 documents,
/// hundreds of thousands of findings) would otherwise make a page of hundreds
/// of MB that no browser opens.
pub const MAX_TABLE_ROWS: usize = 1000;

/// What the page needs of a document's blocks and rows: counts, kept while
/// the records themselves are slimmed (`slim`), so that a large dataset's
/// report holds counts, not texts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub blocks: usize,
    pub rows: usize,
    pub no_indicators: usize,
    pub no_tugas: usize,
    pub no_fungsi: usize,
    pub no_sasaran: usize,
    pub no_indikator: usize,
    pub no_formula: usize,
    pub no_sumber_data: usize,
}

impl Counts {
    pub fn of(d: &DocumentRecord) -> Counts {
        let none = |v: &Option<String>| v.as_deref().is_none_or(|s| s.trim().is_empty());
        let rows = || d.blocks.iter().flat_map(|b| &b.indicators);
        Counts {
            blocks: d.blocks.len(),
            rows: rows().count(),
            no_indicators: d.blocks.iter().filter(|b| b.indicators.is_empty()).count(),
            no_tugas: d.blocks.iter().filter(|b| b.tugas.is_empty()).count(),
            no_fungsi: d.blocks.iter().filter(|b| b.fungsi.is_empty()).count(),
            no_sasaran: rows().filter(|r| none(&r.sasaran)).count(),
            no_indikator: rows().filter(|r| none(&r.indikator)).count(),
            no_formula: rows().filter(|r| none(&r.formula)).count(),
            no_sumber_data: rows().filter(|r| none(&r.sumber_data)).count(),
        }
    }
}

/// The normalisations of the dataset, counted: (count, documents) per rule,
/// and (count, documents, an example) per (rule, from, to).
#[derive(Debug, Default)]
pub struct NormCounts {
    by_rule: BTreeMap<String, (usize, usize)>,
    by_change: BTreeMap<(String, String, String), (usize, usize, String)>,
}

impl NormCounts {
    /// Adds the counts of records that follow this one's (an example stays
    /// the first record's).
    fn append(&mut self, other: NormCounts) {
        for (rule, (n, docs)) in other.by_rule {
            let e = self.by_rule.entry(rule).or_default();
            e.0 += n;
            e.1 += docs;
        }
        for (change, (n, docs, example)) in other.by_change {
            let e = self.by_change.entry(change).or_insert((0, 0, example));
            e.0 += n;
            e.1 += docs;
        }
    }

    fn add(&mut self, d: &DocumentRecord) {
        let mut rules: BTreeSet<&str> = BTreeSet::new();
        let mut changes: BTreeSet<(&str, &str, &str)> = BTreeSet::new();
        for n in &d.normalizations {
            self.by_rule.entry(n.rule.clone()).or_default().0 += 1;
            let c = self
                .by_change
                .entry((n.rule.clone(), n.from.clone(), n.to.clone()))
                .or_insert_with(|| (0, 0, format!("{} ({})", d.source.file_name, n.path)));
            c.0 += 1;
            if rules.insert(&n.rule) {
                self.by_rule.get_mut(&n.rule).expect("just counted").1 += 1;
            }
            if changes.insert((&n.rule, &n.from, &n.to)) {
                c.1 += 1;
            }
        }
    }
}

/// What the page reads of the records beyond their slim form, in the
/// records' order: their counts and the normalisations.
#[derive(Debug, Default)]
pub struct Summary {
    pub counts: Vec<Counts>,
    pub norms: NormCounts,
}

impl Summary {
    /// Adds a record (call in the order of the records given to `render`).
    pub fn add(&mut self, d: &DocumentRecord) {
        self.counts.push(Counts::of(d));
        self.norms.add(d);
    }

    /// Adds the records that `other` counted (they follow this one's).
    pub fn append(&mut self, other: Summary) {
        self.counts.extend(other.counts);
        self.norms.append(other.norms);
    }

    pub fn of(docs: &[DocumentRecord]) -> Summary {
        let mut s = Summary::default();
        for d in docs {
            s.add(d);
        }
        s
    }
}

/// Drops what the page does not read of a record once it is in a `Summary`
/// and checked (`findings`: its findings): rows, list texts, normalisations,
/// page sources, and the blocks after the last one a finding names; a block
/// kept keeps only its jabatan, which findings name. At 100,000 documents the
/// blocks alone (~1.9 million, ~360 bytes each even when emptied) would hold
/// ~0.7 GB.
pub fn slim(d: &mut DocumentRecord, findings: &[Finding]) {
    d.normalizations = Vec::new();
    d.extraction.page_sources = Vec::new();
    let named = findings.iter().filter(|f| f.doc_id == d.doc_id).filter_map(|f| f.block).max().map_or(0, |b| b + 1);
    d.blocks.truncate(named);
    for b in &mut d.blocks {
        *b = Block { jabatan: std::mem::take(&mut b.jabatan), ..Block::default() };
    }
    d.blocks.shrink_to_fit();
}

/// Renders the whole page. `title` names the dataset (e.g. its folder name);
/// `summary` holds the counts of `docs` (which may be slimmed: `review` then
/// carries the findings' ready corrections.csv lines, `Review::lines`).
pub fn render(
    docs: &[DocumentRecord],
    summary: &Summary,
    manifest: &Manifest,
    findings: &[Finding],
    review: &Review,
    title: &str,
) -> String {
    let by_id: HashMap<&str, &DocumentRecord> = docs.iter().map(|d| (d.doc_id.as_str(), d)).collect();
    let counts: HashMap<&str, Counts> = docs.iter().zip(&summary.counts).map(|(d, c)| (d.doc_id.as_str(), *c)).collect();
    let mut h = String::new();
    h.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    h.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(h, "<title>Data-quality report: {}</title>", esc(title));
    h.push_str("<style>\n");
    h.push_str(CSS);
    h.push_str("</style>\n</head>\n<body>\n");
    let _ = writeln!(h, "<header><h1>Data-quality report <span class=\"ds\">{}</span></h1>", esc(title));
    let last = manifest.runs.last().map(|r| r.finished.as_str()).unwrap_or("unknown");
    let _ = writeln!(
        h,
        "<p class=\"meta\">iki {} &middot; dataset last updated {} &middot; {} documents &middot; {} findings</p>",
        esc(&manifest.tool_version),
        esc(last),
        docs.len(),
        findings.len()
    );
    h.push_str("<nav><a href=\"#glance\">At a glance</a> <a href=\"#review\">To review</a> <a href=\"#run\">1. The run</a> <a href=\"#coverage\">2. Coverage</a> <a href=\"#completeness\">3. Completeness</a> <a href=\"#consistency\">4. Consistency</a> <a href=\"#normalizations\">5. Normalisations</a> <a href=\"#ocr\">6. OCR</a> <a href=\"#corrections\">7. Corrections</a> <a href=\"#checks\">8. All checks</a></nav>\n</header>\n<main>\n");

    glance(&mut h, docs, &summary.counts, findings);
    to_review(&mut h, docs);
    run_section(&mut h, docs, &counts, manifest, findings, &by_id);
    coverage(&mut h, docs);
    completeness(&mut h, docs, &counts, findings, &by_id, review);
    consistency(&mut h, findings, &by_id, review);
    normalizations(&mut h, &summary.norms);
    ocr(&mut h, docs, findings, &by_id, review);
    corrections(&mut h, &by_id, review);
    checks_glossary(&mut h, findings);

    h.push_str("</main>\n<footer>Made by <code>iki report</code>. Every finding is also in <code>quality.csv</code> in the dataset folder (one row per finding). Click a column header to sort; type in a filter box to show matching rows only.</footer>\n");
    h.push_str("<script>\n");
    h.push_str(JS);
    h.push_str("</script>\n</body>\n</html>\n");
    h
}

/// The documents whose structure did not fit what iki knows, first, with
/// their reasons: their records were written, but a person should check them.
fn to_review(h: &mut String, docs: &[DocumentRecord]) {
    let listed: Vec<&DocumentRecord> = docs.iter().filter(|d| !d.review.is_empty()).collect();
    h.push_str("<section id=\"review\"><h2>To review first</h2>\n");
    if listed.is_empty() {
        h.push_str("<p>Every document fitted the layouts iki knows.</p>\n</section>\n");
        return;
    }
    let _ = writeln!(
        h,
        "<p>{} document(s) did not fit the layouts iki knows. Their data was written, but may be wrong: open each PDF and check the blocks named below.</p>",
        listed.len()
    );
    table_start(h, "review-table", &["Document", "Status", "Reasons"]);
    for d in listed {
        let reasons: Vec<String> = d.review.iter().map(|r| esc(r)).collect();
        let _ = writeln!(h, "<tr>{}{}<td>{}</td></tr>", doc_cell(Some(d), &d.doc_id), td(d.status.as_str()), reasons.join("<br>"));
    }
    table_end(h);
    h.push_str("</section>\n");
}

fn count_sev(findings: &[Finding], s: Severity) -> usize {
    findings.iter().filter(|f| f.severity == s).count()
}

fn glance(h: &mut String, docs: &[DocumentRecord], counts: &[Counts], findings: &[Finding]) {
    let blocks: usize = counts.iter().map(|c| c.blocks).sum();
    let rows: usize = counts.iter().map(|c| c.rows).sum();
    let ocr_pages: usize = docs.iter().map(|d| d.extraction.ocr_pages.len()).sum();
    let st = |s: Status| docs.iter().filter(|d| d.status == s).count();
    h.push_str("<section id=\"glance\"><h2>At a glance</h2>\n<div class=\"cards\">\n");
    let cards: [(&str, usize, &str); 10] = [
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
    ];
    for (label, n, class) in cards {
        let _ = writeln!(h, "<div class=\"card {class}\"><b>{n}</b><span>{}</span></div>", esc(label));
    }
    let _ = writeln!(h, "<div class=\"card info\"><b>{}</b><span>info</span></div>", count_sev(findings, Severity::Info));
    h.push_str("</div>\n<p class=\"help\"><b>error</b>: data missing or unusable, must be fixed. <b>warning</b>: probably a mistake in the decree or in the reading; please check. <b>info</b>: worth knowing, usually nothing to do.</p>\n</section>\n");
}

/// A horizontal bar chart as inline SVG: (label, value, colour).
fn bar_chart(title: &str, bars: &[(String, usize, &str)]) -> String {
    let max = bars.iter().map(|b| b.1).max().unwrap_or(0).max(1);
    let (label_w, bar_w, row_h) = (260.0, 420.0, 26.0);
    let height = row_h * bars.len() as f64 + 8.0;
    let mut s = String::new();
    let _ = write!(
        s,
        "<figure class=\"chart\"><svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"{}\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\">",
        esc(title),
        label_w + bar_w + 60.0,
        height,
        label_w + bar_w + 60.0,
        height
    );
    for (i, (label, n, color)) in bars.iter().enumerate() {
        let y = 4.0 + row_h * i as f64;
        let w = if *n == 0 { 0.0 } else { (bar_w * *n as f64 / max as f64).max(2.0) };
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" class=\"lbl\">{}</text><rect x=\"{}\" y=\"{}\" width=\"{w:.1}\" height=\"{}\" fill=\"{}\"><title>{}: {n}</title></rect><text x=\"{}\" y=\"{}\" class=\"val\">{n}</text>",
            label_w - 8.0,
            y + 17.0,
            esc(label),
            label_w,
            y + 3.0,
            row_h - 8.0,
            esc(color),
            esc(label),
            label_w + w + 6.0,
            y + 17.0,
        );
    }
    let _ = writeln!(s, "</svg><figcaption>{}</figcaption></figure>", esc(title));
    s
}

/// Filter tools (a text box, and a severity choice for findings) for a table.
fn tools(h: &mut String, id: &str, severity: bool) {
    let _ = write!(h, "<div class=\"tools\"><input type=\"search\" placeholder=\"Filter: type a word, a file name, a kecamatan...\" data-for=\"{id}\" class=\"filter\">");
    if severity {
        let _ = write!(h, " <select data-for=\"{id}\" class=\"sev\"><option value=\"\">all severities</option><option>error</option><option>warning</option><option>info</option></select>");
    }
    let _ = writeln!(h, " <span class=\"shown\" id=\"{id}-shown\"></span></div>");
}

fn table_start(h: &mut String, id: &str, head: &[&str]) {
    let _ = write!(h, "<div class=\"tw\"><table class=\"sortable\" id=\"{id}\"><thead><tr>");
    for c in head {
        let _ = write!(h, "<th>{}</th>", esc(c));
    }
    h.push_str("</tr></thead><tbody>\n");
}

fn table_end(h: &mut String) {
    h.push_str("</tbody></table></div>\n");
}

fn td(s: &str) -> String {
    format!("<td>{}</td>", esc(s))
}

fn tdn(n: impl std::fmt::Display) -> String {
    format!("<td class=\"n\">{n}</td>")
}

fn td_pre(s: &str) -> String {
    format!("<td class=\"pre\">{}</td>", esc(s))
}

fn opt_num(v: Option<usize>) -> String {
    v.map(|n| n.to_string()).unwrap_or_default()
}

fn status_badge(s: Status) -> String {
    format!("<td><span class=\"badge {0}\">{0}</span></td>", s.as_str())
}

fn sev_badge(s: Severity) -> String {
    format!("<td><span class=\"badge {0}\">{0}</span></td>", s.as_str())
}

/// The document as staff know it (kecamatan and year), with its file name below.
fn doc_cell(d: Option<&DocumentRecord>, doc_id: &str) -> String {
    match d {
        Some(d) => format!("<td class=\"doc\"><b>{}</b><br><small>{}</small></td>", esc(&place(d)), esc(&d.source.file_name)),
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
/// (`order`, plain text) and where all of them are (`all_in`, HTML).
fn cut_note(h: &mut String, total: usize, order: &str, all_in: &str) {
    if total > MAX_TABLE_ROWS {
        let _ = writeln!(
            h,
            "<p class=\"warn cut\">Showing {MAX_TABLE_ROWS} of {total} rows ({}). All of them are in {all_in}.</p>",
            esc(order)
        );
    }
}

fn run_section(
    h: &mut String,
    docs: &[DocumentRecord],
    counts: &HashMap<&str, Counts>,
    manifest: &Manifest,
    findings: &[Finding],
    by_id: &HashMap<&str, &DocumentRecord>,
) {
    h.push_str("<section id=\"run\"><h2>1. The run</h2>\n");
    let bars: Vec<(String, usize, &str)> =
        STATUS_COLORS.iter().map(|(s, c, label)| (label.to_string(), docs.iter().filter(|d| d.status == *s).count(), *c)).collect();
    h.push_str(&bar_chart("Documents by status", &bars));
    let ocr_pages: usize = docs.iter().map(|d| d.extraction.ocr_pages.len()).sum();
    let ocr_docs = docs.iter().filter(|d| !d.extraction.ocr_pages.is_empty()).count();
    let _ = writeln!(
        h,
        "<p>{} documents in the dataset from {} input files. <b>{ocr_pages} pages OCRed</b> (read from scans) in {ocr_docs} documents.</p>",
        docs.len(),
        manifest.inputs.len()
    );

    // Problems first, in plain words.
    let bad: Vec<&DocumentRecord> = docs.iter().filter(|d| matches!(d.status, Status::Failed | Status::Partial)).collect();
    h.push_str("<h3>Files that could not be read (fully)</h3>\n");
    if bad.is_empty() {
        h.push_str("<p class=\"good\">Every file was read completely.</p>\n");
    } else {
        let total: usize = bad.iter().map(|d| d.errors.len()).sum();
        table_start(h, "t-bad", &["File", "Status", "Problem", "Page", "What it means and what to do"]);
        for (d, e) in bad.iter().flat_map(|d| d.errors.iter().map(move |e| (d, e))).take(MAX_TABLE_ROWS) {
            {
                let _ = writeln!(
                    h,
                    "<tr>{}{}{}{}{}</tr>",
                    td(&d.source.file_name),
                    status_badge(d.status),
                    td(&e.code),
                    tdn(opt_num(e.page)),
                    td(&e.message)
                );
            }
        }
        table_end(h);
        cut_note(h, total, "in doc_id order", "<code>documents.csv</code> (error_codes, error_messages)");
    }

    // Duplicates.
    h.push_str("<h3>Duplicates (the same file under several names)</h3>\n");
    let names = names_by_doc(manifest);
    let dups: Vec<(&&str, &Vec<&str>)> = names.iter().filter(|(_, v)| v.len() > 1).collect();
    if dups.is_empty() {
        h.push_str("<p class=\"good\">No file was given twice.</p>\n");
    } else {
        let _ = writeln!(
            h,
            "<p>{} given more than once (same bytes, different names). Each is counted once; the extra copies can be deleted.</p>",
            if dups.len() == 1 { "1 file was".to_string() } else { format!("{} files were", dups.len()) }
        );
        let total = dups.len();
        table_start(h, "t-dups", &["doc_id", "Document", "Copies", "Names"]);
        for (id, paths) in dups.into_iter().take(MAX_TABLE_ROWS) {
            let doc = by_id.get(*id).map(|d| place(d)).unwrap_or_default();
            let _ = writeln!(h, "<tr>{}{}{}{}</tr>", td(id), td(&doc), tdn(paths.len()), td_pre(&paths.join("\n")));
        }
        table_end(h);
        cut_note(h, total, "in doc_id order", "<code>manifest.json</code> (inputs) and <code>quality.csv</code> (duplicate_file)");
    }

    // Every document.
    h.push_str("<h3>All documents</h3>\n");
    tools(h, "t-docs", false);
    table_start(
        h,
        "t-docs",
        &[
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
        ],
    );
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
    for d in sorted.into_iter().take(MAX_TABLE_ROWS) {
        let c = counts.get(d.doc_id.as_str()).copied().unwrap_or_default();
        let conf = d.extraction.ocr_mean_confidence.map(|c| format!("{:.0}%", c * 100.0)).unwrap_or_default();
        let _ = writeln!(
            h,
            "<tr>{}{}{}{}{}{}{}{}{}{}{}<td class=\"msg\">{}</td></tr>",
            td(&d.source.file_name),
            td(d.metadata.kecamatan.as_deref().unwrap_or("")),
            tdn(opt_num(d.metadata.tahun.map(|t| t as usize))),
            status_badge(d.status),
            td(if d.status == Status::Failed { "" } else { &d.extraction.method }),
            tdn(opt_num(d.source.pages)),
            tdn(d.extraction.ocr_pages.len()),
            tdn(conf),
            tdn(c.blocks),
            tdn(c.rows),
            tdn(per_doc.get(d.doc_id.as_str()).copied().unwrap_or(0)),
            esc(&d.errors.iter().map(|e| e.message.as_str()).collect::<Vec<_>>().join(" ")),
        );
    }
    table_end(h);
    cut_note(h, docs.len(), "those with the most findings first", "<code>documents.csv</code>");
    h.push_str("<p class=\"help\">Findings counts errors and warnings (not info).</p>\n");
    h.push_str("</section>\n");
}

fn coverage(h: &mut String, docs: &[DocumentRecord]) {
    h.push_str("<section id=\"coverage\"><h2>2. Coverage: kecamatan &times; tahun</h2>\n");
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
    if grid.is_empty() {
        h.push_str("<p>No document has both a kecamatan and a year.</p>\n");
    } else {
        let (lo, hi) = (*years.first().unwrap_or(&0), *years.last().unwrap_or(&0));
        let all_years: Vec<i32> = if hi - lo <= 30 { (lo..=hi).collect() } else { years.iter().copied().collect() };
        h.push_str("<p>Number of readable documents per kecamatan and year. An empty cell (&ndash;) is a gap in the archive; more than 1 means several documents (variants or copies) for the same decree year.</p>\n");
        h.push_str("<div class=\"tw\"><table class=\"grid\" id=\"t-coverage\"><thead><tr><th>Wilayah</th><th>Kecamatan</th>");
        for y in &all_years {
            let _ = write!(h, "<th class=\"n\">{y}</th>");
        }
        h.push_str("</tr></thead><tbody>\n");
        for ((w, k), counts) in &grid {
            let _ = write!(h, "<tr>{}{}", td(w), td(k));
            for y in &all_years {
                match counts.get(y) {
                    Some(n) => {
                        let _ = write!(h, "<td class=\"n have\">{n}</td>");
                    }
                    None => h.push_str("<td class=\"n gap\" title=\"no document\">&ndash;</td>"),
                }
            }
            h.push_str("</tr>\n");
        }
        h.push_str("</tbody></table></div>\n");
        let gaps: usize = grid.values().map(|c| all_years.iter().filter(|y| !c.contains_key(y)).count()).sum();
        let _ = writeln!(h, "<p>{} kecamatan, years {lo}&ndash;{hi}, <b>{gaps} gaps</b>.</p>", grid.len());
    }
    if unknown > 0 {
        let _ = writeln!(h, "<p class=\"warn\">{unknown} readable documents have no kecamatan or no year and are not in the table (see <i>missing_metadata</i> findings).</p>");
    }
    h.push_str("</section>\n");
}

/// A table of findings with the document, jabatan and page spelled out.
fn findings_table(h: &mut String, id: &str, list: &[&Finding], by_id: &HashMap<&str, &DocumentRecord>, rv: &Review) {
    if list.is_empty() {
        h.push_str("<p class=\"good\">No findings.</p>\n");
        return;
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
    tools(h, id, true);
    table_start(
        h,
        id,
        &[
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
        ],
    );
    for f in list {
        let d = by_id.get(f.doc_id.as_str());
        let jab = d.and_then(|d| f.block.and_then(|b| d.blocks.get(b))).map(|b| b.jabatan.as_str()).unwrap_or("");
        let _ = writeln!(
            h,
            "<tr data-sev=\"{}\">{}{}{}<td class=\"jab\">{}</td>{}{}{}<td class=\"msg\">{}</td>{}{}{}</tr>",
            f.severity.as_str(),
            sev_badge(f.severity),
            td(f.check),
            doc_cell(d.copied(), &f.doc_id),
            esc(jab),
            tdn(opt_num(f.row.map(|r| r + 1))),
            tdn(opt_num(f.page)),
            td(&f.field),
            esc(&f.message),
            td_pre(&f.value),
            scan_cell(f, rv),
            fix_cell(f, rv),
        );
    }
    table_end(h);
    cut_note(h, total, "worst first", "<code>quality.csv</code>");
}

/// The crop of the scan around a finding's cell, or an empty cell.
fn scan_cell(f: &Finding, rv: &Review) -> String {
    match rv.crop(f) {
        Some(uri) => format!(
            "<td class=\"scan\"><img class=\"crop\" alt=\"the scan around the cell (page {})\" src=\"{}\"></td>",
            opt_num(f.page),
            esc(uri)
        ),
        None => "<td class=\"scan\"></td>".into(),
    }
}

/// A finding's ready corrections.csv line (one click selects it), or an empty cell.
fn fix_cell(f: &Finding, rv: &Review) -> String {
    match ready_line(f, rv).or_else(|| rv.lines.get(&(crop_key(f), f.check)).cloned()) {
        Some(line) => format!("<td class=\"fix\"><code>{}</code></td>", esc(&line)),
        None => "<td class=\"fix\"></td>".into(),
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
    h: &mut String,
    docs: &[DocumentRecord],
    counts: &HashMap<&str, Counts>,
    findings: &[Finding],
    by_id: &HashMap<&str, &DocumentRecord>,
    rv: &Review,
) {
    h.push_str("<section id=\"completeness\"><h2>3. Completeness per jabatan block</h2>\n");
    h.push_str("<p>For each document: jabatan blocks, and how many lack tugas, fungsi or indicator rows; indicator rows, and how many lack a sasaran, indikator, formula or sumber data.</p>\n");
    tools(h, "t-compl", false);
    table_start(
        h,
        "t-compl",
        &[
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
        ],
    );
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
    for (d, c) in with_blocks {
        let cell = |n: usize| if n == 0 { tdn(0) } else { format!("<td class=\"n bad\">{n}</td>") };
        let _ = writeln!(
            h,
            "<tr>{}{}{}{}{}{}{}{}{}{}{}</tr>",
            td(&d.source.file_name),
            td(&place(d)),
            tdn(c.blocks),
            cell(c.no_indicators),
            cell(c.no_tugas),
            cell(c.no_fungsi),
            tdn(c.rows),
            cell(c.no_sasaran),
            cell(c.no_indikator),
            cell(c.no_formula),
            cell(c.no_sumber_data),
        );
    }
    table_end(h);
    cut_note(h, total, "the most gaps first", "<code>quality.csv</code>");
    let list: Vec<&Finding> = findings.iter().filter(|f| group_of(f.check) == "completeness").collect();
    let counts = check_counts(&list);
    let bars: Vec<(String, usize, &str)> = counts.iter().map(|(c, n)| (c.to_string(), *n, "#ef6c00")).collect();
    if !bars.is_empty() {
        h.push_str(&bar_chart("Completeness findings by check", &bars));
    }
    h.push_str("<h3>Completeness findings</h3>\n");
    findings_table(h, "t-compl-f", &list, by_id, rv);
    h.push_str("</section>\n");
}

fn consistency(h: &mut String, findings: &[Finding], by_id: &HashMap<&str, &DocumentRecord>, rv: &Review) {
    h.push_str("<section id=\"consistency\"><h2>4. Consistency checks</h2>\n");
    h.push_str("<p>Mistakes inside the decrees: a <i>Persentase</i> indicator whose formula is not a ratio &times; 100%; a <i>Jumlah</i> (count) indicator with a percentage formula; the same indicator twice in one jabatan; a jabatan that is not a known post; table headers that name no known field.</p>\n");
    let list: Vec<&Finding> = findings.iter().filter(|f| group_of(f.check) == "consistency").collect();
    let counts = check_counts(&list);
    let bars: Vec<(String, usize, &str)> = [
        "percent_not_ratio",
        "percent_without_100",
        "count_with_percent_formula",
        "duplicate_indicator",
        "role_other",
        "unrecognised_column",
    ]
    .iter()
    .map(|c| (c.to_string(), counts.get(c).copied().unwrap_or(0), "#6a1b9a"))
    .collect();
    h.push_str(&bar_chart("Consistency findings by check", &bars));
    findings_table(h, "t-cons", &list, by_id, rv);
    h.push_str("</section>\n");
}

fn normalizations(h: &mut String, norms: &NormCounts) {
    h.push_str("<section id=\"normalizations\"><h2>5. Normalisations applied</h2>\n");
    h.push_str("<p>Spelling corrections made in the <i>normalized</i> fields (the document's own words are kept as written).</p>\n");
    let (by_rule, by_change) = (&norms.by_rule, &norms.by_change);
    if by_rule.is_empty() {
        h.push_str("<p>No normalisation was applied.</p>\n</section>\n");
        return;
    }
    table_start(h, "t-rules", &["Rule", "Corrections", "Documents"]);
    for (rule, (n, ds)) in by_rule {
        let _ = writeln!(h, "<tr>{}{}{}</tr>", td(rule), tdn(n), tdn(ds));
    }
    table_end(h);
    h.push_str("<h3>By correction</h3>\n");
    tools(h, "t-norm", false);
    table_start(h, "t-norm", &["Rule", "From", "To", "Times", "Documents", "Example (file and field)"]);
    let mut changes: Vec<_> = by_change.iter().collect();
    changes.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(b.0)));
    for ((rule, from, to), (n, ds, example)) in changes.iter().take(MAX_TABLE_ROWS) {
        let _ = writeln!(h, "<tr>{}{}{}{}{}{}</tr>", td(rule), td(from), td(to), tdn(n), tdn(ds), td(example));
    }
    table_end(h);
    cut_note(h, changes.len(), "the most frequent first", "the records' <code>normalizations</code>");
    h.push_str("</section>\n");
}

fn ocr(h: &mut String, docs: &[DocumentRecord], findings: &[Finding], by_id: &HashMap<&str, &DocumentRecord>, rv: &Review) {
    h.push_str("<section id=\"ocr\"><h2>6. OCR (scanned pages)</h2>\n");
    let scanned: Vec<&DocumentRecord> =
        docs.iter().filter(|d| d.extraction.ocr_mean_confidence.is_some() || !d.extraction.ocr_pages.is_empty()).collect();
    if scanned.is_empty() {
        h.push_str("<p>No page was read by OCR: every document had a text layer.</p>\n</section>\n");
        return;
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
    h.push_str(&bar_chart("Documents by mean OCR confidence", &bars));
    let cells: Vec<&Finding> = findings.iter().filter(|f| f.check == "low_ocr_confidence").collect();
    let mut per_field: BTreeMap<&str, usize> = BTreeMap::new();
    for f in &cells {
        *per_field.entry(f.field.as_str()).or_default() += 1;
    }
    let _ = writeln!(
        h,
        "<p>{} documents have OCRed pages ({} pages). <b>{} cells</b> were read with low confidence and should be compared with the scan{}.</p>",
        scanned.len(),
        scanned.iter().map(|d| d.extraction.ocr_pages.len()).sum::<usize>(),
        cells.len(),
        if per_field.is_empty() { String::new() } else { format!(" ({})", per_field.iter().map(|(k, v)| format!("{}: {v}", esc(k))).collect::<Vec<_>>().join(", ")) }
    );
    if !per_field.is_empty() {
        let bars: Vec<(String, usize, &str)> = per_field.iter().map(|(k, v)| (k.to_string(), *v, "#1565c0")).collect();
        h.push_str(&bar_chart("Cells read with low confidence, by field", &bars));
    }
    let mut per_doc: HashMap<&str, usize> = HashMap::new();
    for f in &cells {
        *per_doc.entry(f.doc_id.as_str()).or_default() += 1;
    }
    table_start(h, "t-ocrdocs", &["File", "Kecamatan / tahun", "Method", "OCR pages", "Mean confidence", "Cells to review"]);
    for d in scanned.iter().take(MAX_TABLE_ROWS) {
        let n = per_doc.get(d.doc_id.as_str()).copied().unwrap_or(0);
        let conf = d.extraction.ocr_mean_confidence.map(|c| format!("{:.1}%", c * 100.0)).unwrap_or_default();
        let pages = d.extraction.ocr_pages.iter().map(|p| p.to_string()).collect::<Vec<_>>().join(", ");
        let _ = writeln!(
            h,
            "<tr>{}{}{}{}{}{}</tr>",
            td(&d.source.file_name),
            td(&place(d)),
            td(&d.extraction.method),
            td(&pages),
            tdn(conf),
            tdn(n)
        );
    }
    table_end(h);
    cut_note(h, scanned.len(), "in doc_id order", "<code>documents.csv</code> (ocr_pages, ocr_mean_confidence)");

    h.push_str("<h3>Lowest-confidence cells: check these against the scan</h3>\n");
    if cells.is_empty() {
        h.push_str("<p class=\"good\">No cell was read with low confidence.</p>\n");
    } else {
        // Documents read worst first, then by page.
        let mut sorted = cells.clone();
        let conf = |f: &Finding| by_id.get(f.doc_id.as_str()).and_then(|d| d.extraction.ocr_mean_confidence).unwrap_or(1.0);
        sorted.sort_by(|a, b| {
            conf(a)
                .total_cmp(&conf(b))
                .then(a.doc_id.cmp(&b.doc_id))
                .then(a.page.cmp(&b.page))
                .then(a.block.cmp(&b.block))
                .then(a.row.cmp(&b.row))
        });
        tools(h, "t-ocrcells", false);
        table_start(
            h,
            "t-ocrcells",
            &["File", "Doc. confidence", "Page", "Jabatan", "Row", "Field", "Text as read", "Scan", "corrections.csv line"],
        );
        for f in sorted.iter().copied().take(MAX_TABLE_ROWS) {
            let d = by_id.get(f.doc_id.as_str());
            let jab = d.and_then(|d| f.block.and_then(|b| d.blocks.get(b))).map(|b| b.jabatan.as_str()).unwrap_or("");
            let _ = writeln!(
                h,
                "<tr>{}{}{}{}{}{}{}{}{}</tr>",
                td(d.map(|d| d.source.file_name.as_str()).unwrap_or("")),
                tdn(format!("{:.1}%", conf(f) * 100.0)),
                tdn(opt_num(f.page)),
                td(jab),
                tdn(opt_num(f.row.map(|r| r + 1))),
                td(&f.field),
                td_pre(&f.value),
                scan_cell(f, rv),
                fix_cell(f, rv),
            );
        }
        table_end(h);
        cut_note(h, sorted.len(), "the least confident documents first", "<code>quality.csv</code> (low_ocr_confidence)");
    }
    let docs_low: Vec<&Finding> = findings.iter().filter(|f| f.check == "low_ocr_confidence_document").collect();
    if !docs_low.is_empty() {
        h.push_str("<h3>Documents read with low confidence</h3>\n");
        findings_table(h, "t-ocrlow", &docs_low, by_id, rv);
    }
    h.push_str("</section>\n");
}

fn corrections(h: &mut String, by_id: &HashMap<&str, &DocumentRecord>, rv: &Review) {
    h.push_str("<section id=\"corrections\"><h2>7. Corrections</h2>\n");
    let _ = writeln!(
        h,
        "<p>Hand corrections live in <code>corrections.csv</code> in the dataset folder, one line per fix, with the columns <code>{}</code>. To fix a finding, copy its <i>corrections.csv line</i> from the tables above into that file (Excel or LibreOffice, comma or semicolon separated), fill in <i>value</i> and a <i>note</i>, save, and run <code>iki correct &lt;dataset&gt;</code>. The CSV files, this report and <code>iki compare</code> then show the corrected value; the records in <code>documents/</code> keep what was extracted, and the correction survives every re-import as long as the document still reads what <i>was</i> says. Field <code>row</code> with an empty value deletes a row.</p>",
        COLUMNS.join(",")
    );
    let Some(outcomes) = rv.outcomes else {
        h.push_str("<p>This dataset has no <code>corrections.csv</code> yet.</p>\n</section>\n");
        return;
    };
    let n = |s: State| outcomes.iter().filter(|o| o.state == s).count();
    let _ = writeln!(
        h,
        "<div class=\"cards\"><div class=\"card ok\"><b>{}</b><span>applied</span></div><div class=\"card warning\"><b>{}</b><span>stale</span></div><div class=\"card error\"><b>{}</b><span>invalid</span></div></div>",
        n(State::Applied),
        n(State::Stale),
        n(State::Invalid)
    );
    h.push_str("<p class=\"help\"><b>applied</b>: the views show the corrected value. <b>stale</b>: the document no longer reads what <i>was</i> says (it was imported again): check the new reading, then update <i>was</i> or delete the line. <b>invalid</b>: the line names a document, block, row or field that does not exist, or a value the field cannot hold: fix the line. Stale and invalid lines are also in <code>quality.csv</code>.</p>\n");
    if outcomes.is_empty() {
        h.push_str("<p><code>corrections.csv</code> holds no line yet.</p>\n</section>\n");
        return;
    }
    tools(h, "t-corr", false);
    table_start(h, "t-corr", &["Line", "State", "Document", "Block", "Row", "Field", "Was", "Value", "Note", "What to do"]);
    for o in outcomes {
        let l = &o.line;
        let badge = match o.state {
            State::Applied => "ok",
            State::Stale => "warning",
            State::Invalid => "error",
        };
        let _ = writeln!(
            h,
            "<tr>{}<td><span class=\"badge {badge}\">{}</span></td>{}{}{}{}{}{}{}<td class=\"msg\">{}</td></tr>",
            tdn(l.line),
            o.state.as_str(),
            doc_cell(by_id.get(l.doc_id.as_str()).copied(), &l.doc_id),
            td(&l.block),
            td(&l.row),
            td(&l.field),
            td_pre(&l.was),
            td_pre(&l.value),
            td(&l.note),
            esc(if o.message.is_empty() { "Nothing: the correction is applied." } else { &o.message }),
        );
    }
    table_end(h);
    h.push_str("</section>\n");
}

fn checks_glossary(h: &mut String, findings: &[Finding]) {
    h.push_str("<section id=\"checks\"><h2>8. All checks</h2>\n<p>Every check the report runs, with the number of findings. The rows of <code>quality.csv</code> carry the check's name.</p>\n");
    table_start(h, "t-checks", &["Check", "Section", "Meaning", "Errors", "Warnings", "Info", "Total"]);
    for (check, help) in CHECK_HELP {
        let n = |s: Severity| findings.iter().filter(|f| f.check == *check && f.severity == s).count();
        let (e, w, i) = (n(Severity::Error), n(Severity::Warning), n(Severity::Info));
        let _ = writeln!(h, "<tr>{}{}{}{}{}{}{}</tr>", td(check), td(group_of(check)), td(help), tdn(e), tdn(w), tdn(i), tdn(e + w + i));
    }
    table_end(h);
    h.push_str("</section>\n");
}

const CSS: &str = r#"
:root { --ink:#1d2329; --muted:#5f6b76; --line:#d5dbe1; --bg:#f6f8fa; --accent:#1565c0; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif; color: var(--ink); margin: 0; background: #fff; }
header { background: #0d3b66; color: #fff; padding: 16px 28px 10px; }
header h1 { margin: 0 0 4px; font-size: 24px; }
header h1 .ds { font-weight: normal; opacity: .85; }
header .meta { margin: 0 0 8px; opacity: .85; }
nav a { color: #fff; margin-right: 14px; text-decoration: none; border-bottom: 1px dotted #fff; }
main { padding: 4px 28px 28px; max-width: 1400px; }
section { margin-top: 18px; border-top: 2px solid var(--line); }
h2 { font-size: 20px; margin: 14px 0 8px; color: #0d3b66; }
h3 { font-size: 16px; margin: 18px 0 6px; }
.cards { display: flex; flex-wrap: wrap; gap: 10px; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 8px 14px; min-width: 110px; background: var(--bg); }
.card b { display: block; font-size: 26px; }
.card span { color: var(--muted); }
.card.ok b { color: #2e7d32; } .card.partial b { color: #ef6c00; } .card.failed b, .card.error b { color: #c62828; }
.card.warning b { color: #b26a00; } .card.info b { color: #1565c0; } .card.no_iki b { color: #616161; }
.help { color: var(--muted); font-size: 13px; }
.good { color: #2e7d32; } .warn { color: #b26a00; }
.chart { margin: 8px 0; } .chart svg { max-width: 100%; height: auto; }
.chart .lbl { font-size: 13px; fill: var(--ink); } .chart .val { font-size: 13px; fill: var(--muted); }
.chart figcaption { color: var(--muted); font-size: 13px; }
.tw { overflow-x: auto; margin: 6px 0 10px; }
table { border-collapse: collapse; width: 100%; font-size: 13.5px; }
th, td { border: 1px solid var(--line); padding: 4px 7px; vertical-align: top; text-align: left; }
th { background: #e8eef4; position: sticky; top: 0; }
td.msg { min-width: 280px; } td.jab { min-width: 180px; } td.doc small { color: var(--muted); } td.doc { min-width: 150px; }
table.sortable th { cursor: pointer; user-select: none; }
table.sortable th::after { content: "\00a0\2195"; color: #9aa5b1; }
table.sortable th[aria-sort=ascending]::after { content: "\00a0\2191"; color: var(--ink); }
table.sortable th[aria-sort=descending]::after { content: "\00a0\2193"; color: var(--ink); }
tbody tr:nth-child(even) { background: #fafbfc; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
td.pre { white-space: pre-wrap; font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 12.5px; min-width: 160px; max-width: 340px; }
td.bad { background: #fff3e0; font-weight: bold; }
td.fix code { user-select: all; font-size: 12px; white-space: pre-wrap; word-break: break-all; display: block; min-width: 220px; max-width: 360px; }
td.scan img.crop { display: block; max-width: 360px; border: 1px solid var(--line); }
table.grid td.have { background: #e8f5e9; font-weight: bold; }
table.grid td.gap { background: #ffebee; color: #c62828; }
.badge { display: inline-block; padding: 0 7px; border-radius: 9px; font-size: 12px; color: #fff; background: #757575; }
.badge.ok { background: #2e7d32; } .badge.partial { background: #ef6c00; } .badge.failed, .badge.error { background: #c62828; }
.badge.warning { background: #b26a00; } .badge.info { background: #1565c0; } .badge.no_iki { background: #757575; }
.tools { margin: 6px 0; } .tools input { width: 340px; max-width: 100%; padding: 4px 6px; } .tools select { padding: 3px; }
.shown { color: var(--muted); font-size: 13px; margin-left: 8px; }
footer { color: var(--muted); font-size: 13px; padding: 12px 28px 30px; border-top: 1px solid var(--line); }
@page { size: A4 landscape; margin: 12mm; }
@media print {
  body { font-size: 10.5pt; }
  header { background: none; color: #000; padding: 0; border-bottom: 2px solid #000; }
  nav, .tools, .shown { display: none !important; }
  main { padding: 0; max-width: none; }
  th { position: static; background: #eee !important; }
  table.sortable th::after { content: ""; }
  tr, figure, .card { break-inside: avoid; }
  thead { display: table-header-group; }
  td.msg, td.jab, td.doc, td.pre { min-width: 0 !important; }
  table { font-size: 9pt; }
  .chart svg { max-height: 60mm; }
  section { break-before: auto; }
  h2, h3 { break-after: avoid; }
  .badge { color: #000; border: 1px solid #000; background: none !important; }
  td.pre { max-width: none; }
  .tw { overflow: visible; }
}
"#;

const JS: &str = r#"
(function () {
  function key(td) {
    var t = td ? td.textContent.trim() : "";
    var n = parseFloat(t.replace('%', ''));
    return (t !== "" && !isNaN(n) && /^-?[0-9.]+%?$/.test(t)) ? n : t.toLowerCase();
  }
  document.querySelectorAll("table.sortable").forEach(function (table) {
    table.querySelectorAll("thead th").forEach(function (th, col) {
      th.title = "Click to sort";
      th.addEventListener("click", function () {
        var asc = th.getAttribute("aria-sort") !== "ascending";
        table.querySelectorAll("thead th").forEach(function (o) { o.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = key(a.cells[col]), y = key(b.cells[col]);
          if (typeof x !== typeof y) { x = String(x); y = String(y); }
          return (x < y ? -1 : x > y ? 1 : 0) * (asc ? 1 : -1);
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });
  function apply(id) {
    var table = document.getElementById(id);
    if (!table) return;
    var q = document.querySelector('input.filter[data-for="' + id + '"]');
    var s = document.querySelector('select.sev[data-for="' + id + '"]');
    var words = q ? q.value.toLowerCase().split(/\s+/).filter(Boolean) : [];
    var sev = s ? s.value : "";
    var shown = 0, all = table.tBodies[0].rows.length;
    Array.prototype.forEach.call(table.tBodies[0].rows, function (r) {
      var text = r.textContent.toLowerCase();
      var ok = words.every(function (w) { return text.indexOf(w) >= 0; }) && (!sev || r.getAttribute("data-sev") === sev);
      r.hidden = !ok;
      if (ok) shown++;
    });
    var out = document.getElementById(id + "-shown");
    if (out) out.textContent = shown + " of " + all + " rows";
  }
  document.querySelectorAll("input.filter, select.sev").forEach(function (el) {
    var id = el.getAttribute("data-for");
    el.addEventListener("input", function () { apply(id); });
    el.addEventListener("change", function () { apply(id); });
    apply(id);
  });
})();
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_everything() {
        assert_eq!(esc("<script>a & 'b' \"c\"</script>"), "&lt;script&gt;a &amp; &#39;b&#39; &quot;c&quot;&lt;/script&gt;");
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
