//! Data-quality checks over the dataset's records: each finding says what is
//! wrong, where (document, block, row, field) and what to do, in plain words.
//!
//! The checks, their report section and what each catches: [`CHECKS`].

use std::collections::{BTreeMap, HashMap};

use crate::corrections::{Outcome, State};
use crate::dataset::Manifest;
use crate::record::{Block, DocumentRecord, Indicator, Status};
use crate::vocab::headers::field_of;

/// Mean OCR confidence below which a whole document is flagged.
pub(crate) const LOW_DOCUMENT_CONFIDENCE: f32 = 0.75;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub(crate) fn as_str(&self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// One data-quality finding. `block` and `row` are the 0-based indices used in
/// `blocks.csv` and `indicators.csv`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Finding {
    pub doc_id: String,
    pub block: Option<usize>,
    pub row: Option<usize>,
    /// The field concerned (`formula`, `sumber_data`, `columns[1]` ...), empty
    /// when the finding is about the whole document or block.
    pub field: String,
    pub check: &'static str,
    pub severity: Severity,
    pub message: String,
    /// The text concerned, as written in the document.
    pub value: String,
    /// The page to look at, when known (shown in the report, not in quality.csv).
    pub page: Option<usize>,
}

/// A check: its name (the `check` column of `quality.csv`), the report
/// section (group) its findings are shown in, and what it catches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Check {
    pub name: &'static str,
    pub group: &'static str,
    pub help: &'static str,
}

const fn check(name: &'static str, group: &'static str, help: &'static str) -> Check {
    Check { name, group, help }
}

/// Every check, in the order of the report's glossary: the one list of
/// their names, sections and meanings.
pub(crate) const CHECKS: &[Check] = &[
    check("document_failed", "run", "The file could not be read at all."),
    check("document_partial", "run", "Some pages of the file could not be read."),
    check("no_iki", "run", "The file was read but holds no indicator table."),
    check("duplicate_file", "run", "The same file was given under several names."),
    check("missing_metadata", "run", "Kecamatan, tahun or nomor SK not found in the decree."),
    check(
        "structure_review",
        "review",
        "A document or jabatan block that did not fit the layouts iki knows: its data was written, but check it against the PDF.",
    ),
    check("no_indicators", "completeness", "A jabatan with no indicator row."),
    check("empty_tugas", "completeness", "A jabatan without tugas (duties)."),
    check("empty_fungsi", "completeness", "A jabatan without fungsi (functions)."),
    check("missing_sasaran", "completeness", "An indicator row without sasaran."),
    check("missing_indikator", "completeness", "An indicator row without indikator."),
    check("missing_formula", "completeness", "An indicator row without formula."),
    check("missing_sumber_data", "completeness", "An indicator row without sumber data."),
    check("percent_not_ratio", "consistency", "A Persentase indicator whose formula is not a ratio."),
    check("percent_without_100", "consistency", "A Persentase indicator whose ratio lacks × 100%."),
    check("count_with_percent_formula", "consistency", "A Jumlah (count) indicator whose formula gives a percentage."),
    check("duplicate_indicator", "consistency", "The same indicator twice in one jabatan."),
    check("role_other", "consistency", "A jabatan that is not one of the known posts."),
    check("unrecognised_column", "consistency", "A table header that names no known field."),
    check("low_ocr_confidence_document", "ocr", "A scanned document read with low mean confidence."),
    check("low_ocr_confidence", "ocr", "A cell read from a scan with low confidence: compare with the scan."),
    check("correction_stale", "corrections", "A line of corrections.csv whose was no longer matches the document: not applied."),
    check("correction_invalid", "corrections", "A line of corrections.csv naming something that does not exist: not applied."),
];

/// The group a check belongs to in the report (its section).
pub(crate) fn group_of(check: &str) -> &'static str {
    CHECKS.iter().find(|c| c.name == check).map_or("consistency", |c| c.group)
}

/// Every finding over the dataset, in document order (records sorted by doc_id).
pub(crate) fn check_all(docs: &[DocumentRecord], manifest: &Manifest) -> Vec<Finding> {
    let mut out = Vec::new();
    let names = names_by_doc(manifest);
    for d in docs {
        check_document(d, names.get(d.doc_id.as_str()).map(Vec::as_slice).unwrap_or(&[]), &mut out);
    }
    out
}

/// The lines of `corrections.csv` that were not applied, as findings (the
/// line's own doc_id, block, row and field; `value` is the line as written).
pub(crate) fn correction_findings(outcomes: &[Outcome]) -> Vec<Finding> {
    outcomes
        .iter()
        .filter(|o| o.state != State::Applied)
        .map(|o| {
            let (check, severity) =
                if o.state == State::Stale { ("correction_stale", Severity::Warning) } else { ("correction_invalid", Severity::Error) };
            Finding {
                doc_id: o.line.doc_id.clone(),
                block: o.block,
                row: o.row,
                field: o.line.field.clone(),
                check,
                severity,
                message: o.message.clone(),
                value: o.line.to_csv(),
                page: None,
            }
        })
        .collect()
}

/// Every input path the manifest maps to each doc_id, sorted.
pub(crate) fn names_by_doc(manifest: &Manifest) -> BTreeMap<&str, Vec<&str>> {
    let mut m: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (path, id) in &manifest.inputs {
        m.entry(id.as_str()).or_default().push(path.as_str());
    }
    m
}

struct Ctx<'a> {
    doc: &'a DocumentRecord,
    out: &'a mut Vec<Finding>,
}

impl Ctx<'_> {
    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        block: Option<usize>,
        row: Option<usize>,
        field: &str,
        check: &'static str,
        severity: Severity,
        message: String,
        value: &str,
        page: Option<usize>,
    ) {
        self.out.push(Finding {
            doc_id: self.doc.doc_id.clone(),
            block,
            row,
            field: field.to_string(),
            check,
            severity,
            message,
            value: value.to_string(),
            page,
        });
    }
}

/// The checks of one document; `names` are the input paths that hold its bytes.
pub(crate) fn check_document(d: &DocumentRecord, names: &[&str], out: &mut Vec<Finding>) {
    let mut c = Ctx { doc: d, out };
    run_checks(&mut c, names);
    structure(&mut c);
    if matches!(d.status, Status::Ok | Status::Partial) {
        completeness(&mut c);
        for (bi, b) in d.blocks.iter().enumerate() {
            consistency(&mut c, bi, b);
        }
        ocr(&mut c);
    }
}

/// Does a header name a known field? Remembered per thread: the same few
/// header texts come back in every document, and the fuzzy match is not free.
fn known_column(col: &str) -> bool {
    thread_local! {
        static SEEN: std::cell::RefCell<HashMap<String, bool>> = std::cell::RefCell::new(HashMap::new());
    }
    SEEN.with_borrow_mut(|seen| {
        if let Some(&known) = seen.get(col) {
            return known;
        }
        let known = field_of(col).is_some();
        if seen.len() < 100_000 {
            seen.insert(col.to_string(), known);
        }
        known
    })
}

/// The record's own review reasons (a document that does not fit what iki
/// knows): one finding per reason, on its block.
fn structure(c: &mut Ctx) {
    let d = c.doc;
    for (bi, b) in d.blocks.iter().enumerate() {
        for r in &b.review {
            c.push(Some(bi), None, "", "structure_review", Severity::Warning, r.clone(), &b.jabatan, b.pages.first().copied());
        }
    }
    for r in d.review.iter().filter(|r| !r.starts_with("block ")) {
        c.push(None, None, "", "structure_review", Severity::Warning, r.clone(), "", None);
    }
}

fn run_checks(c: &mut Ctx, names: &[&str]) {
    let d = c.doc;
    match d.status {
        Status::Failed => {
            let e = d.errors.first();
            let msg = e.map(|e| e.message.clone()).unwrap_or_else(|| "Nothing could be read from this file.".into());
            c.push(None, None, "", "document_failed", Severity::Error, msg, e.map(|e| e.code.as_str()).unwrap_or(""), e.and_then(|e| e.page));
        }
        Status::Partial => {
            for e in &d.errors {
                c.push(None, None, "", "document_partial", Severity::Warning, e.message.clone(), &e.code, e.page);
            }
        }
        Status::NoIki => c.push(
            None,
            None,
            "",
            "no_iki",
            Severity::Info,
            "The file was read, but it holds no table of indicators (no lampiran with jabatan blocks). If it should, check that the lampiran is part of the PDF.".into(),
            "",
            None,
        ),
        Status::Ok => {}
    }
    if names.len() > 1 {
        c.push(
            None,
            None,
            "",
            "duplicate_file",
            Severity::Info,
            format!(
                "The same file was given {} times under different names; it is counted once. You may delete the extra copies.",
                names.len()
            ),
            &names.join("\n"),
            None,
        );
    }
    if matches!(d.status, Status::Ok | Status::Partial) {
        let m = &d.metadata;
        let missing: Vec<&str> = [("kecamatan", m.kecamatan.is_none()), ("tahun", m.tahun.is_none()), ("nomor_sk", m.nomor_sk.is_none())]
            .into_iter()
            .filter_map(|(f, miss)| miss.then_some(f))
            .collect();
        for f in missing {
            c.push(
                None,
                None,
                f,
                "missing_metadata",
                Severity::Warning,
                format!(
                    "The decree's {} was not found on its first pages. Check the decree's heading and fill it in by hand if needed.",
                    f.replace('_', " ")
                ),
                "",
                Some(1),
            );
        }
    }
}

fn empty(v: &Option<String>) -> bool {
    v.as_deref().is_none_or(|s| s.trim().is_empty())
}

/// Long text cut to a readable length for a message.
fn short(s: &str) -> String {
    const MAX: usize = 90;
    let s = s.trim();
    if s.chars().count() <= MAX {
        return s.to_string();
    }
    let cut: String = s.chars().take(MAX).collect();
    let cut = cut.rsplit_once(' ').map(|(a, _)| a).unwrap_or(&cut);
    format!("{cut} …")
}

/// ` ("<indikator>")` to name a row in a message, or nothing.
fn quoted(r: &Indicator) -> String {
    match r.indikator.as_deref().filter(|s| !s.trim().is_empty()) {
        Some(i) => format!(" (\"{}\")", short(i)),
        None => String::new(),
    }
}

fn completeness(c: &mut Ctx) {
    let d = c.doc;
    let blocks = &d.blocks;
    for (list, check, what) in [("tugas", "empty_tugas", "tugas (duties)"), ("fungsi", "empty_fungsi", "fungsi (functions)")] {
        let is_empty = |b: &Block| if list == "tugas" { b.tugas.is_empty() } else { b.fungsi.is_empty() };
        let n = blocks.iter().filter(|b| is_empty(b)).count();
        if n == 0 {
            continue;
        }
        if n == blocks.len() && n > 1 {
            // One finding for the whole decree: it does not list them at all.
            c.push(
                None,
                None,
                list,
                check,
                Severity::Warning,
                format!("None of the {n} jabatan in this decree lists its {what}. Check whether the decree leaves them out or they were not read."),
                "",
                None,
            );
            continue;
        }
        for (bi, b) in blocks.iter().enumerate().filter(|(_, b)| is_empty(b)) {
            c.push(
                Some(bi),
                None,
                list,
                check,
                Severity::Warning,
                format!("The jabatan \"{}\" has no {what}. Check the decree and add them if they are missing.", short(&b.jabatan)),
                &b.jabatan,
                b.pages.first().copied(),
            );
        }
    }
    for (bi, b) in blocks.iter().enumerate() {
        if b.indicators.is_empty() {
            c.push(
                Some(bi),
                None,
                "indicators",
                "no_indicators",
                Severity::Error,
                format!(
                    "The jabatan \"{}\" has no indicator row. Every jabatan needs at least one indicator: check the table in the lampiran.",
                    short(&b.jabatan)
                ),
                &b.jabatan,
                b.pages.first().copied(),
            );
        }
        for (ri, r) in b.indicators.iter().enumerate() {
            let fields: [(&str, &Option<String>, &'static str, &str); 4] = [
                ("sasaran", &r.sasaran, "missing_sasaran", "sasaran (target)"),
                ("indikator", &r.indikator, "missing_indikator", "indikator"),
                ("formula", &r.formula, "missing_formula", "formula (how it is calculated)"),
                ("sumber_data", &r.sumber_data, "missing_sumber_data", "sumber data (data source)"),
            ];
            for (field, v, check, what) in fields {
                if empty(v) {
                    c.push(
                        Some(bi),
                        Some(ri),
                        field,
                        check,
                        Severity::Warning,
                        format!("Row {}{} has no {what}. Fill it in from the decree or ask the kecamatan.", ri + 1, quoted(r)),
                        "",
                        Some(r.page),
                    );
                }
            }
        }
    }
}

/// The text a check reads: the normalized form when there is one.
fn norm<'a>(n: &'a Option<String>, raw: &'a Option<String>) -> Option<&'a str> {
    n.as_deref().or(raw.as_deref()).filter(|s| !s.trim().is_empty())
}

/// Does the formula divide one quantity by another?
pub(crate) fn is_ratio(formula: &str) -> bool {
    // `/` and `÷` have no case: lower-case (a new string) only for the words.
    formula.contains(" / ") || formula.contains('÷') || {
        let l = formula.to_lowercase();
        l.contains(" dibagi ") || l.contains(" : jumlah")
    }
}

/// Does the formula make a percentage (`× 100%`, `x 100`, `%`)?
pub(crate) fn is_percent(formula: &str) -> bool {
    formula.contains('%') || formula.contains("100") || formula.to_lowercase().contains("persen")
}

// These run on every indicator row of the dataset: ASCII text (nearly all)
// is compared without building a lower-cased copy; other text as before.

fn says_percent(indikator: &str) -> bool {
    if indikator.is_ascii() {
        return indikator
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(|w| w.eq_ignore_ascii_case("persentase") || w.eq_ignore_ascii_case("persen"));
    }
    indikator.to_lowercase().split(|c: char| !c.is_alphanumeric()).any(|w| w == "persentase" || w == "persen")
}

fn says_count(indikator: &str) -> bool {
    let s = indikator.trim_start();
    if s.is_ascii() {
        return s.get(..6).is_some_and(|p| p.eq_ignore_ascii_case("jumlah"));
    }
    s.to_lowercase().starts_with("jumlah")
}

fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        if w.is_ascii() {
            out.extend(w.chars().map(|c| c.to_ascii_lowercase()));
        } else {
            out.push_str(&w.to_lowercase());
        }
    }
    out
}

fn consistency(c: &mut Ctx, bi: usize, b: &Block) {
    if b.role == "other" {
        c.push(
            Some(bi),
            None,
            "role",
            "role_other",
            Severity::Warning,
            format!("The jabatan \"{}\" is not one of the known posts (camat, sekretaris, kasi, kasubag, lurah, staff ...). Check how it is written; it may be misspelt or cut off.", short(&b.jabatan)),
            &b.jabatan,
            b.pages.first().copied(),
        );
    }
    for (ci, col) in b.columns.iter().enumerate() {
        if !known_column(col) {
            c.push(
                Some(bi),
                None,
                &format!("columns[{ci}]"),
                "unrecognised_column",
                Severity::Warning,
                format!("The header of column {} (\"{}\") names no known field. Its contents were placed by position: check that they landed in the right field.", ci + 1, short(col)),
                col,
                b.pages.first().copied(),
            );
        }
    }
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (ri, r) in b.indicators.iter().enumerate() {
        row_consistency(c, bi, ri, r);
        if let Some(ind) = norm(&r.normalized.indikator, &r.indikator) {
            let key = fold(ind);
            if let Some(first) = seen.get(&key) {
                c.push(
                    Some(bi),
                    Some(ri),
                    "indikator",
                    "duplicate_indicator",
                    Severity::Warning,
                    format!("Row {} repeats the indicator of row {} in the same jabatan. Remove the copy, or reword it if the two measure different things.", ri + 1, first + 1),
                    r.indikator.as_deref().unwrap_or(ind),
                    Some(r.page),
                );
            } else {
                seen.insert(key, ri);
            }
        }
    }
}

fn row_consistency(c: &mut Ctx, bi: usize, ri: usize, r: &Indicator) {
    let Some(ind) = norm(&r.normalized.indikator, &r.indikator) else { return };
    let Some(formula) = norm(&r.normalized.formula, &r.formula) else { return };
    let value = r.formula.as_deref().unwrap_or(formula);
    let (ratio, percent) = (is_ratio(formula), is_percent(formula));
    if says_percent(ind) {
        if !ratio {
            c.push(
                Some(bi),
                Some(ri),
                "formula",
                "percent_not_ratio",
                Severity::Warning,
                format!("The indicator \"{}\" is a percentage (Persentase), but its formula is not a ratio (a part divided by a whole × 100%). Correct the formula or the indicator's name.", short(ind)),
                value,
                Some(r.page),
            );
        } else if !percent {
            c.push(
                Some(bi),
                Some(ri),
                "formula",
                "percent_without_100",
                Severity::Warning,
                format!("The indicator \"{}\" is a percentage (Persentase), but its formula is a ratio without \"× 100%\". Add \"× 100%\" to the formula.", short(ind)),
                value,
                Some(r.page),
            );
        }
    } else if says_count(ind) && ratio && percent {
        c.push(
            Some(bi),
            Some(ri),
            "formula",
            "count_with_percent_formula",
            Severity::Warning,
            format!("The indicator \"{}\" counts something (Jumlah ...), but its formula gives a percentage (a ratio × 100%). Rename it \"Persentase ...\" or make the formula a count.", short(r.indikator.as_deref().unwrap_or(ind))),
            value,
            Some(r.page),
        );
    }
}

fn ocr(c: &mut Ctx) {
    let d = c.doc;
    if let Some(conf) = d.extraction.ocr_mean_confidence {
        if conf < LOW_DOCUMENT_CONFIDENCE {
            c.push(
                None,
                None,
                "",
                "low_ocr_confidence_document",
                Severity::Warning,
                format!("This scanned document was read with a low mean confidence ({:.0}%). Its text may hold many reading errors: a cleaner scan (300 dpi, straight, no shadows) or the original digital PDF would help.", conf * 100.0),
                &format!("{conf:.3}"),
                None,
            );
        }
    }
    for (bi, b) in d.blocks.iter().enumerate() {
        for (ri, r) in b.indicators.iter().enumerate() {
            for field in &r.review {
                let v = r.field_named(field);
                c.push(
                    Some(bi),
                    Some(ri),
                    field,
                    "low_ocr_confidence",
                    Severity::Info,
                    format!("The {} of row {}{} was read from the scan with low confidence. Compare it with page {} of the scan and correct it if needed.", field.replace('_', " "), ri + 1, quoted(r), r.page),
                    v.unwrap_or(""),
                    Some(r.page),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{Extraction, Metadata, NormalizedFields, Source};

    fn row(indikator: &str, formula: Option<&str>, sumber: Option<&str>) -> Indicator {
        Indicator {
            sasaran: Some("Meningkatnya kinerja".into()),
            indikator: Some(indikator.into()),
            formula: formula.map(String::from),
            sumber_data: sumber.map(String::from),
            normalized: NormalizedFields {
                indikator: Some(indikator.replace("Prosentase", "Persentase")),
                formula: formula.map(String::from),
                ..Default::default()
            },
            formula_kind: "other".into(),
            page: 4,
            ..Default::default()
        }
    }

    fn block(jabatan: &str, role: &str, rows: Vec<Indicator>) -> Block {
        Block {
            jabatan: jabatan.into(),
            jabatan_normalized: jabatan.into(),
            role: role.into(),
            tugas: vec!["Menyusun rencana".into()],
            fungsi: vec!["Penyusunan".into()],
            pages: vec![4],
            columns: vec![
                "SASARAN STRATEGIS".into(),
                "INDIKATOR KINERJA".into(),
                "PENJELASAN/FORMULASI PERHITUNGAN".into(),
                "SUMBER DATA".into(),
            ],
            indicators: rows,
            ..Default::default()
        }
    }

    fn doc(blocks: Vec<Block>) -> DocumentRecord {
        DocumentRecord {
            schema_version: 1,
            doc_id: "abc".into(),
            source: Source { file_name: "x.pdf".into(), sha256: "abc".into(), bytes: 1, pages: Some(5) },
            status: Status::Ok,
            errors: vec![],
            extraction: Extraction { method: "text".into(), tool_version: "t".into(), ..Default::default() },
            metadata: Metadata { kecamatan: Some("Kromengan".into()), tahun: Some(2019), nomor_sk: Some("1".into()), ..Default::default() },
            blocks,
            normalizations: vec![],
            review: vec![],
        }
    }

    fn checks(d: &DocumentRecord) -> Vec<Finding> {
        let mut out = Vec::new();
        check_document(d, &["a.pdf"], &mut out);
        out
    }

    fn names(f: &[Finding]) -> Vec<&str> {
        f.iter().map(|f| f.check).collect()
    }

    #[test]
    fn kromengan_count_indicator_with_a_percentage_formula() {
        let r = row(
            "Jumlah dokumen perencanaan dan laporan kinerja tahunan yang disusun tepat waktu.",
            Some("Dokumen perencanaan dan pelaporan yang disusun / Σ Dokumen perencanaan dan pelaporan yang seharusnya disusun × 100%"),
            Some("Subbag Perencanaan"),
        );
        let f = checks(&doc(vec![block(
            "Sekretaris Kecamatan Kromengan",
            "sekretaris_kecamatan",
            vec![row("Jumlah laporan", Some("Jumlah laporan yang disusun."), Some("Subbag")), r],
        )]));
        assert_eq!(names(&f), ["count_with_percent_formula"]);
        assert_eq!((f[0].block, f[0].row, f[0].field.as_str(), f[0].page), (Some(0), Some(1), "formula", Some(4)));
        assert!(
            f[0].message.starts_with(
                "The indicator \"Jumlah dokumen perencanaan dan laporan kinerja tahunan yang disusun tepat waktu.\" counts something"
            ),
            "{}",
            f[0].message
        );
        assert!(f[0].value.ends_with("× 100%"));
    }

    #[test]
    fn kanigaran_rows_without_sumber_data() {
        let rows = vec![
            row("Jumlah administrasi umum yang ditangani", Some("f(x) = Kegiatan administrasi umum"), Some("Laporan")),
            row("Jumlah surat/naskah dinas kepada pimpinan", Some("f(x) = kegiatan kehumasan"), None),
            row("Jumlah pengarsipan surat masuk", Some("f(x) = kegiatan pengarsipan"), Some("  ")),
        ];
        let f = checks(&doc(vec![block("Pengadministrasi Umum pada Sub Bagian Tata Usaha", "pelaksana", rows)]));
        assert_eq!(names(&f), ["missing_sumber_data", "missing_sumber_data"]);
        assert_eq!(f[0].row, Some(1));
        assert_eq!(f[1].row, Some(2));
        assert_eq!(f[0].message, "Row 2 (\"Jumlah surat/naskah dinas kepada pimpinan\") has no sumber data (data source). Fill it in from the decree or ask the kecamatan.");
    }

    #[test]
    fn percentages_need_a_ratio_times_100() {
        let rows = vec![
            row("Prosentase pemenuhan", Some("Σ jumlah yang disusun / Σ jumlah yang seharusnya ada × 100%"), Some("a")),
            row("Persentase layanan", Some("Jumlah layanan yang selesai"), Some("a")),
            row("PERSENTASE kehadiran", Some("Σ hadir / Σ pegawai"), Some("a")),
        ];
        let f = checks(&doc(vec![block("Kepala Seksi Pelayanan", "kasi_pelayanan", rows)]));
        assert_eq!(names(&f), ["percent_not_ratio", "percent_without_100"]);
        assert_eq!(f[0].row, Some(1));
        assert_eq!(f[1].row, Some(2));
    }

    #[test]
    fn block_level_checks() {
        let mut b = block(
            "Petugas Khusus",
            "other",
            vec![row("Jumlah surat", Some("Jumlah surat"), Some("a")), row("jumlah  SURAT.", Some("Jumlah surat"), Some("a"))],
        );
        b.columns[0] = "wera".into();
        let mut empty = block("Kasi Trantib", "kasi_trantib", vec![]);
        empty.tugas.clear();
        let f = checks(&doc(vec![b, empty]));
        assert_eq!(names(&f), ["empty_tugas", "no_indicators", "role_other", "unrecognised_column", "duplicate_indicator"]);
        assert_eq!(f[3].value, "wera");
        assert_eq!(f[3].field, "columns[0]");
        assert_eq!(f[4].row, Some(1));
    }

    #[test]
    fn a_decree_without_fungsi_is_one_finding() {
        let mut a = block("A", "lurah", vec![row("Jumlah a", Some("Jumlah a"), Some("s"))]);
        let mut b = block("B", "lurah", vec![row("Jumlah b", Some("Jumlah b"), Some("s"))]);
        a.fungsi.clear();
        b.fungsi.clear();
        let f = checks(&doc(vec![a, b]));
        assert_eq!(names(&f), ["empty_fungsi"]);
        assert_eq!(f[0].block, None);
    }

    #[test]
    fn run_level_findings() {
        let mut d = doc(vec![]);
        d.status = Status::Failed;
        d.errors =
            vec![crate::record::ErrorRecord { code: "truncated_pdf".into(), page: None, message: "The PDF file is incomplete.".into() }];
        let mut out = Vec::new();
        check_document(&d, &["a.pdf", "b/a.pdf"], &mut out);
        assert_eq!(names(&out), ["document_failed", "duplicate_file"]);
        assert_eq!(out[0].message, "The PDF file is incomplete.");
        assert_eq!(out[1].value, "a.pdf\nb/a.pdf");
    }

    #[test]
    fn low_confidence_cells_are_listed() {
        let mut r = row("Jumlah a", Some("Jumlah a"), Some("s"));
        r.review = vec!["formula".into()];
        let mut d = doc(vec![block("A", "lurah", vec![r])]);
        d.extraction.ocr_mean_confidence = Some(0.5);
        let f = checks(&d);
        assert_eq!(names(&f), ["low_ocr_confidence_document", "low_ocr_confidence"]);
        assert_eq!((f[1].field.as_str(), f[1].value.as_str(), f[1].page), ("formula", "Jumlah a", Some(4)));
    }
}
