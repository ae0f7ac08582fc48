//! Is the document a decree at all? A batch also meets the documents that sit
//! next to decrees in a kecamatan's files and hold tables of indicators too:
//! its performance report (LKjIP: each IKU with its target, realisation and
//! achievement), its strategic plan (Renstra: indicators with a target per
//! year), its performance agreement (Perjanjian Kinerja, signed by two
//! parties), and papers that have nothing to do with decrees. Their tables
//! read as indicator rows, so they are told apart by what the document says
//! it is and by the columns only such documents have.
//!
//! A decree's own marks (the `KEPUTUSAN` title, `Jabatan :` labels) always win:
//! a real lampiran with an unusual title still reads.

use std::sync::LazyLock;

use regex::Regex;

use crate::layout::{Element, Table, TextLine};
use crate::record::Block;
use crate::segment::{BlockSpan, Opening};
use crate::vocab::fold;

/// What a document that is no decree seems to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    PerformanceReport,
    StrategicPlan,
    PerformanceAgreement,
    NotIndonesian,
}

impl Kind {
    /// The `not_a_decree` reason, in plain words.
    pub(crate) fn reason(self) -> String {
        let what = match self {
            Kind::PerformanceReport => {
                "a performance report (LKjIP / laporan kinerja: indicators with target, realisasi and capaian), not a decree setting indicators"
            }
            Kind::StrategicPlan => "a strategic plan (Renstra: indicators with targets for several years), not a decree setting indicators",
            Kind::PerformanceAgreement => "a performance agreement (Perjanjian Kinerja between two parties), not a decree setting indicators",
            Kind::NotIndonesian => "a document in another language (it reads as English), not an Indonesian decree",
        };
        format!("not_a_decree: this file looks like {what}; its tables were not read as indicator blocks. If it is a decree, report it to the iki maintainers")
    }
}

/// The decree's own title: `KEPUTUSAN CAMAT ...`, `KEPUTUSAN` over `CAMAT X`,
/// or the lampiran's `LAMPIRAN KEPUTUSAN CAMAT`.
static DECREE_TITLE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)^\s*(lampiran\s*:?\s*)?keputusan\b(\s+camat\b|\s*$)").unwrap());
static REPORT_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(lkjip|lakip|lkj\s*ip|laporan\s+(akuntabilitas\s+)?kinerja(\s+instansi(\s+pemerintah)?)?)\b").unwrap()
});
static PLAN_TITLE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)\b(rencana\s+strategis|renstra)\b").unwrap());
static AGREEMENT_TITLE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)\bperjanjian\s+kinerja\b").unwrap());
static PARTIES: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)\bpihak\s+(pertama|kedua)\b").unwrap());
/// Column headers of measured results (`REALISASI`, `CAPAIAN (%)`,
/// `REALISASI 2023`): a report's, never a decree's. A longer header that
/// only mentions them (`FORMULASI CAPAIAN KINERJA`) is no result column.
static RESULT_COLUMN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^\W*(realisasi|capaian)(\s+(kinerja|\(?%\)?|(19|20)\d\d|tw\.?\s*[iv1-4]+))*\W*$").unwrap());
/// Column headers of a plan's years or its start and end conditions.
static YEAR_COLUMN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)^\D*\b(19|20)\d\d\b\D*$|\bkondisi\s+(awal|akhir)\b").unwrap());

/// Common words of English and of Indonesian, to tell the language of prose.
const ENGLISH: &[&str] = &[
    "the", "of", "and", "to", "in", "is", "that", "for", "with", "on", "are", "this", "we", "by", "as", "be", "from", "which", "these",
    "was", "were", "an", "or", "it", "their", "our", "not", "has", "have",
];
const INDONESIAN: &[&str] = &[
    "yang",
    "dan",
    "di",
    "untuk",
    "dengan",
    "dalam",
    "pada",
    "ini",
    "dari",
    "ke",
    "atau",
    "oleh",
    "sesuai",
    "kecamatan",
    "jumlah",
    "tahun",
    "kegiatan",
    "pelaksanaan",
    "serta",
    "tentang",
    "bahwa",
    "data",
];

/// What the document seems to be when it is no decree; `None` for a decree
/// (or anything iki cannot tell from one). `lines` are all its text lines,
/// `spans` and `blocks` what was read as its jabatan blocks.
pub(crate) fn not_a_decree(lines: &[TextLine], spans: &[BlockSpan], blocks: &[Block]) -> Option<Kind> {
    if let Some(kind) = language(lines) {
        return Some(kind);
    }
    if lines.iter().any(|l| DECREE_TITLE.is_match(&l.text)) {
        return None;
    }
    // What the document calls itself: in a title line (short, in capitals) or
    // a block's heading.
    let titles: Vec<&str> = lines
        .iter()
        .map(|l| l.text.as_str())
        .filter(|t| is_title_like(t))
        .chain(spans.iter().filter_map(|s| s.heading.as_deref()))
        .collect();
    let said = |re: &Regex| titles.iter().any(|t| re.is_match(t));
    // An agreement names its parties' positions with `Jabatan :` too.
    if said(&AGREEMENT_TITLE) && lines.iter().any(|l| PARTIES.is_match(&l.text)) {
        return Some(Kind::PerformanceAgreement);
    }
    if spans.iter().any(|s| s.opening == Opening::Label) {
        return None;
    }
    // The tables' headers: as mapped to columns, and the top rows as written
    // (a plan's year columns make no header iki knows).
    let tops: Vec<Vec<String>> =
        tables(spans).map(|t| (0..t.nrows().min(2)).flat_map(|r| (0..t.ncols()).map(move |c| fold(t.text(r, c)))).collect()).collect();
    let headers = blocks.iter().map(|b| &b.columns).chain(tops.iter());
    let (mut results, mut years) = (0usize, 0usize);
    for cells in headers {
        results = results.max(cells.iter().filter(|c| RESULT_COLUMN.is_match(c)).count());
        let mut distinct: Vec<&str> = cells.iter().filter(|c| YEAR_COLUMN.is_match(c)).map(String::as_str).collect();
        distinct.dedup();
        years = years.max(distinct.len());
    }
    if said(&PLAN_TITLE) || years >= 3 {
        return Some(Kind::StrategicPlan);
    }
    if said(&REPORT_TITLE) || results >= 1 {
        return Some(Kind::PerformanceReport);
    }
    if said(&AGREEMENT_TITLE) {
        return Some(Kind::PerformanceAgreement);
    }
    None
}

fn tables(spans: &[BlockSpan]) -> impl Iterator<Item = &Table> {
    spans.iter().flat_map(|s| &s.elements).filter_map(|e| match e {
        Element::Table(t) => Some(t),
        Element::Line(_) => None,
    })
}

/// A title line: at most twelve words, mostly capitals.
fn is_title_like(t: &str) -> bool {
    let words = t.split_whitespace().count();
    let letters: Vec<char> = t.chars().filter(|c| c.is_alphabetic()).collect();
    let upper = letters.iter().filter(|c| c.is_uppercase()).count();
    (1..=12).contains(&words) && !letters.is_empty() && upper * 10 >= letters.len() * 6
}

/// Prose that reads as English rather than Indonesian: at least 40 common
/// English words, three times as many as common Indonesian ones.
fn language(lines: &[TextLine]) -> Option<Kind> {
    let (mut en, mut id) = (0usize, 0usize);
    for l in lines {
        for w in l.text.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()) {
            let w = w.to_lowercase();
            if ENGLISH.contains(&w.as_str()) {
                en += 1;
            } else if INDONESIAN.contains(&w.as_str()) {
                id += 1;
            }
        }
    }
    (en >= 40 && en >= 3 * id).then_some(Kind::NotIndonesian)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Rect;

    fn lines(texts: &[&str]) -> Vec<TextLine> {
        texts.iter().map(|t| TextLine { page: 1, text: t.to_string(), bbox: Rect::default(), words: vec![] }).collect()
    }

    fn block(columns: &[&str]) -> Block {
        Block { columns: columns.iter().map(|c| c.to_string()).collect(), ..Default::default() }
    }

    fn span(opening: Opening, heading: Option<&str>) -> BlockSpan {
        BlockSpan { heading: heading.map(str::to_string), opening, elements: vec![] }
    }

    #[test]
    fn documents_that_are_no_decree() {
        let title = span(Opening::Title, None);
        let report = lines(&["LAPORAN KINERJA INSTANSI PEMERINTAH (LKjIP)", "KECAMATAN SUKAMAJU TAHUN 2023", "BAB I PENDAHULUAN"]);
        let iku = block(&["NO", "SASARAN", "INDIKATOR KINERJA", "TARGET", "REALISASI", "CAPAIAN (%)"]);
        assert_eq!(not_a_decree(&report, std::slice::from_ref(&title), std::slice::from_ref(&iku)), Some(Kind::PerformanceReport));
        // The result columns alone tell a report, with no title read.
        assert_eq!(not_a_decree(&lines(&["Tabel 3.1"]), std::slice::from_ref(&title), &[iku]), Some(Kind::PerformanceReport));
        let plan = block(&["SASARAN", "INDIKATOR", "2022", "2023", "2024", "2025", "2026"]);
        assert_eq!(not_a_decree(&lines(&["Tabel 4.2"]), std::slice::from_ref(&title), &[plan]), Some(Kind::StrategicPlan));
        let pk = lines(&["PERJANJIAN KINERJA TAHUN 2024", "PIHAK PERTAMA", "PIHAK KEDUA"]);
        assert_eq!(
            not_a_decree(&pk, std::slice::from_ref(&title), &[block(&["SASARAN", "INDIKATOR", "TARGET"])]),
            Some(Kind::PerformanceAgreement)
        );
        let paper: Vec<String> =
            (0..12).map(|_| "In this paper we show that the performance of the model is high and".to_string()).collect();
        let paper: Vec<&str> = paper.iter().map(String::as_str).collect();
        assert_eq!(not_a_decree(&lines(&paper), std::slice::from_ref(&title), &[]), Some(Kind::NotIndonesian));
    }

    #[test]
    fn a_decree_with_unusual_titles_is_a_decree() {
        let plain = block(&["SASARAN", "INDIKATOR", "FORMULA", "SUMBER DATA", "TARGET"]);
        let title = span(Opening::Title, Some("INDIKATOR KINERJA INDIVIDU TAHUN 2024"));
        assert_eq!(
            not_a_decree(
                &lines(&["KEPUTUSAN CAMAT SUKAMAJU", "NOMOR 1 TAHUN 2024"]),
                std::slice::from_ref(&title),
                std::slice::from_ref(&plain)
            ),
            None
        );
        // A lampiran alone, its blocks labelled, its sumber data a report.
        let labelled = span(Opening::Label, Some("LAPORAN KINERJA"));
        assert_eq!(not_a_decree(&lines(&["DAFTAR INDIKATOR PEJABAT"]), &[labelled], &[block(&["INDIKATOR", "CAPAIAN"])]), None);
        // No decree title, but nothing of a report, plan or agreement either.
        assert_eq!(not_a_decree(&lines(&["INDIKATOR KINERJA UTAMA", "KECAMATAN SUKAMAJU"]), &[title], &[plain]), None);
    }
}
