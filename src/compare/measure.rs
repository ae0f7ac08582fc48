//! Measures: indicators that count the same thing or form the same ratio, in
//! whatever words (`measure_id` in `indicator_groups.csv`).
//!
//! A measure is coarser than a wording group (`wording`) and stricter in one
//! way: two rows are one measure only when they are of one **kind** and name
//! the same **object**.
//!
//! - **Kind**: a count (`Jumlah ...`), a percentage or ratio (`Persentase ...`,
//!   a `ratio_percent` formula), an index or score (`Nilai ...`, `Indeks ...`),
//!   or other. Taken from the indikator's first word, else from the formula's
//!   kind: a count and a percentage of the same activity are different measures.
//! - **Object**: the indikator's words, spelling-normalised, with abbreviations
//!   spelled out (`data/synonyms.tsv`: IKM -> indeks kepuasan masyarakat), and
//!   left out: function words, the kind words themselves, qualifiers that do not
//!   change what is counted (`tepat waktu`, `sesuai standar`, `draf`, `disusun`,
//!   the period `dalam 1 tahun`, `semesteran`), containers (`dokumen`, `berkas`),
//!   the document's own kecamatan name and the word `kecamatan`. Terms of art
//!   (`data/compounds.txt`: `laporan keuangan`) are kept as one word, so the
//!   words between them are not dropped into one. Other words are
//!   reduced to a light stem (`penyusunan`, `disusun` -> `susun`), so the form
//!   of a word does not matter. The rest, as a set, must be equal: a wider set
//!   (`perencanaan dan penganggaran` vs `perencanaan`) is another measure.
//!   When unsure, rows stay apart: a wrong merge misleads more than a missed one.
//!
//! Rows of one wording group and one kind are also one measure, so OCR damage
//! that the wording groups absorb (`keuangam`) does not split a measure.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::LazyLock;

use rayon::prelude::*;

use super::words;
use crate::union_find::UnionFind;

const SYNONYMS_TSV: &str = include_str!("../../data/synonyms.tsv");
const COMPOUNDS_TXT: &str = include_str!("../../data/compounds.txt");

/// What an indicator's value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Kind {
    Count,
    Percent,
    Index,
    Other,
}

impl Kind {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Kind::Count => "count",
            Kind::Percent => "percent",
            Kind::Index => "index",
            Kind::Other => "other",
        }
    }
}

const COUNT_WORDS: &[&str] = &["jumlah", "banyaknya", "banyak", "total"];
const PERCENT_WORDS: &[&str] = &["persentase", "prosentase", "presentase", "persen", "rasio", "proporsi", "cakupan"];
const INDEX_WORDS: &[&str] = &["nilai", "indeks", "index", "skor", "angka", "predikat"];

/// Words that do not say what is measured, beside the wording groups' own
/// ([`super::wording::STOP`]: function words, `tepat waktu`, `sesuai standar`):
/// more qualifiers of how well or when, drafts and containers, the place.
const IGNORED: &[&str] = &[
    "akan",
    "ini",
    "itu",
    "se",
    "lingkup",
    "wilayah",
    "kecamatan",
    "standart",
    "akurat",
    "lengkap",
    "valid",
    "cepat",
    "optimal",
    "maksimal",
    "efektif",
    "efisien",
    "memadai",
    "tertentu",
    "dibuat",
    "dilakukan",
    "diselenggarakan",
    "terselenggara",
    "dihasilkan",
    "tersedia",
    "tersedianya",
    "draf",
    "draft",
    "konsep",
    "dokumen",
    "berkas",
    "tahun",
    "tahunan",
    "setahun",
    "semester",
    "semesteran",
    "triwulan",
    "triwulanan",
    "bulan",
    "bulanan",
    "periode",
    "satu",
    "kurun",
];

/// Process nouns that name the work around an object, not another object:
/// `penatausahaan barang` counts the same reports as `barang`.
const PROCESS: &[&str] = &["penatausahaan", "penyusunan", "pembuatan", "penyampaian"];

static IGNORED_SET: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    super::wording::STOP.iter().chain(IGNORED).chain(PROCESS).chain(COUNT_WORDS).chain(PERCENT_WORDS).chain(INDEX_WORDS).copied().collect()
});

/// Word sequences (lowercase) -> what they stand for, longest first.
static SYNONYMS: LazyLock<Vec<(Vec<String>, Vec<String>)>> = LazyLock::new(|| {
    let mut v: Vec<(Vec<String>, Vec<String>)> = SYNONYMS_TSV
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| {
            let (from, to) = l.split_once('\t')?;
            Some((words(from), words(to)))
        })
        .filter(|(f, t)| !f.is_empty() && !t.is_empty())
        .collect();
    v.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
    v
});

/// Terms of art (lowercase words), longest first.
static COMPOUNDS: LazyLock<Vec<Vec<String>>> = LazyLock::new(|| {
    let mut v: Vec<Vec<String>> =
        COMPOUNDS_TXT.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).map(words).filter(|w| w.len() > 1).collect();
    v.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    v
});

/// The kind of an indicator: its first kind word, else its formula's kind.
pub(crate) fn kind(indikator: &str, formula_kind: &str) -> Kind {
    let first = words(indikator).into_iter().find(|w| !matches!(w.as_str(), "a" | "b" | "c" | "1" | "2" | "3"));
    match first.as_deref() {
        Some(w) if COUNT_WORDS.contains(&w) => Kind::Count,
        Some(w) if PERCENT_WORDS.contains(&w) => Kind::Percent,
        Some(w) if INDEX_WORDS.contains(&w) => Kind::Index,
        _ => match formula_kind {
            "ratio_percent" => Kind::Percent,
            "count" => Kind::Count,
            "index" => Kind::Index,
            _ => Kind::Other,
        },
    }
}

/// A light Indonesian stem, for equality only: one prefix (`di`, `ter`, `ber`,
/// `me*`, `pe*`, `ke`) and one suffix (`nya`, `kan`, `an`) taken off while a
/// root of 4 letters or more is left. Not a linguist's stem: it only needs to
/// give the forms of one word the same string.
pub(crate) fn stem(w: &str) -> String {
    let mut s: &str = w;
    if s.chars().count() <= 4 || !s.chars().all(|c| c.is_alphabetic()) {
        return s.to_string();
    }
    for suf in ["nya", "kan", "an"] {
        if let Some(r) = s.strip_suffix(suf) {
            if r.chars().count() >= 4 {
                s = r;
                break;
            }
        }
    }
    for pre in ["meng", "meny", "mem", "men", "me", "peng", "peny", "pem", "pen", "per", "pe", "ter", "ber", "di", "ke"] {
        if let Some(r) = s.strip_prefix(pre) {
            if r.chars().count() >= 4 {
                s = r;
                break;
            }
        }
    }
    s.to_string()
}

/// The object of an indicator: its meaningful words, stemmed, sorted, distinct
/// (see the module docs). `kecamatan` is the document's own kecamatan name.
pub(crate) fn object(indikator: &str, kecamatan: Option<&str>) -> Vec<String> {
    let mut ws = words(indikator);
    // The document's own place.
    if let Some(k) = kecamatan {
        let kw = words(k);
        if !kw.is_empty() {
            let mut out = Vec::with_capacity(ws.len());
            let mut i = 0;
            while i < ws.len() {
                if ws[i..].starts_with(&kw) {
                    i += kw.len();
                } else {
                    out.push(std::mem::take(&mut ws[i]));
                    i += 1;
                }
            }
            ws = out;
        }
    }
    // Abbreviations spelled out.
    let mut expanded = Vec::with_capacity(ws.len());
    let mut i = 0;
    'outer: while i < ws.len() {
        for (from, to) in SYNONYMS.iter() {
            if ws[i..].starts_with(from) {
                expanded.extend(to.iter().cloned());
                i += from.len();
                continue 'outer;
            }
        }
        expanded.push(std::mem::take(&mut ws[i]));
        i += 1;
    }
    // Terms of art kept whole.
    let mut joined = Vec::with_capacity(expanded.len());
    let mut i = 0;
    'terms: while i < expanded.len() {
        for c in COMPOUNDS.iter() {
            if expanded[i..].starts_with(c) {
                joined.push(c.join("_"));
                i += c.len();
                continue 'terms;
            }
        }
        joined.push(std::mem::take(&mut expanded[i]));
        i += 1;
    }
    let mut toks: Vec<String> = joined
        .into_iter()
        .filter(|w| w.chars().count() > 1 && !w.chars().all(|c| c.is_ascii_digit()) && !IGNORED_SET.contains(w.as_str()))
        .map(|w| if w.contains('_') { w } else { stem(&w) })
        .collect();
    toks.sort();
    toks.dedup();
    toks
}

/// One indicator occurrence (or distinct text) to sort into measures.
#[derive(Debug, Clone)]
pub(crate) struct Item<'a> {
    /// The normalized indicator text.
    pub text: &'a str,
    pub kecamatan: Option<&'a str>,
    /// `formula_kind` of the record.
    pub formula_kind: &'a str,
    /// The item's wording group (`wording::Grouping::group_of`).
    pub wording: Option<usize>,
}

/// A measure: its id, label (most frequent wording), kind and items.
#[derive(Debug, Clone)]
pub(crate) struct Measure {
    pub id: String,
    pub label: String,
    pub kind: Kind,
    pub members: Vec<usize>,
}

/// The measures of a list of items.
#[derive(Debug, Clone)]
pub(crate) struct Measures {
    pub measures: Vec<Measure>,
    /// For each item, its measure in `measures` (None: no object words).
    pub measure_of: Vec<Option<usize>>,
    /// For each item, its object words ([`object`]).
    pub objects: Vec<Vec<String>>,
}

/// Sorts items into measures; item `i` stands for `weights[i]` occurrences.
pub(crate) fn group(items: &[Item<'_>], weights: &[usize]) -> Measures {
    let keys: Vec<Option<(Kind, Vec<String>)>> = items
        .par_iter()
        .map(|it| {
            let o = object(it.text, it.kecamatan);
            (!o.is_empty()).then(|| (kind(it.text, it.formula_kind), o))
        })
        .collect();
    let mut uf = UnionFind::new(items.len());
    let mut first_by_key: HashMap<&(Kind, Vec<String>), usize> = HashMap::new();
    let mut first_by_wording: HashMap<(Kind, usize), usize> = HashMap::new();
    for (i, k) in keys.iter().enumerate() {
        let Some(k) = k else { continue };
        match first_by_key.get(k) {
            Some(&j) => uf.union(i, j),
            None => {
                first_by_key.insert(k, i);
            }
        }
        if let Some(w) = items[i].wording {
            match first_by_wording.get(&(k.0, w)) {
                Some(&j) => uf.union(i, j),
                None => {
                    first_by_wording.insert((k.0, w), i);
                }
            }
        }
    }
    let mut members: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, k) in keys.iter().enumerate() {
        if k.is_some() {
            members.entry(uf.find(i)).or_default().push(i);
        }
    }
    let mut measures: Vec<Measure> = members
        .into_values()
        .map(|m| {
            let label = super::label_of(&m, |i| items[i].text, weights);
            let (kind, obj) = m.iter().find(|&&i| items[i].text == label).and_then(|&i| keys[i].clone()).unwrap_or((Kind::Other, vec![]));
            Measure { id: measure_id(kind, &obj), label, kind, members: m }
        })
        .collect();
    measures.sort_by(|a, b| a.label.to_lowercase().cmp(&b.label.to_lowercase()).then_with(|| a.id.cmp(&b.id)));
    let measure_of = super::member_index(items.len(), measures.iter().map(|m| m.members.as_slice()));
    let objects = keys.into_iter().map(|k| k.map(|k| k.1).unwrap_or_default()).collect();
    Measures { measures, measure_of, objects }
}

/// `m` + 12 hex digits of the SHA-256 of the kind and object: the same
/// measure has the same id in every run and every dataset.
pub(crate) fn measure_id(kind: Kind, object: &[String]) -> String {
    super::stable_id('m', &format!("{} {}", kind.as_str(), object.join(" ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(t: &str, kec: &str) -> (Kind, Vec<String>) {
        (kind(t, ""), object(t, Some(kec)))
    }

    #[test]
    fn same_object_in_other_words() {
        assert_eq!(key("Nilai IKM Kecamatan", "Sukamaju"), key("Indeks Kepuasan Masyarakat", "Sukamaju"));
        assert_eq!(key("Jumlah draf laporan keuangan", "A"), key("Jumlah Laporan Keuangan yang tepat waktu", "B"));
        assert_eq!(key("Jumlah draf laporan barang.", "A"), key("Jumlah laporan semesteran dan tahunan penatausahaan barang", "B"));
        assert_ne!(key("Jumlah draf laporan keuangan", "A"), key("Jumlah Laporan Penatausahaan Keuangan", "B"));
        assert_eq!(
            key("Jumlah dokumen pelaporan yang disusun.", "A"),
            key("Jumlah Dokumen pelaporan yang telah disusun secara tepat waktu", "B")
        );
        assert_eq!(
            key("Jumlah kehadiran PNS dalam 1 tahun lingkup Kecamatan Kromengan.", "Kromengan"),
            key("Jumlah kehadiran pegawai", "Jabung")
        );
    }

    #[test]
    fn other_kinds_and_wider_sets_stay_apart() {
        assert_ne!(key("Jumlah laporan kegiatan pemberdayaan", "A"), key("Persentase laporan kegiatan pemberdayaan", "A"));
        assert_ne!(key("Jumlah dokumen perencanaan dan penganggaran", "A"), key("Jumlah dokumen perencanaan", "B"));
        assert_ne!(key("Jumlah pelayanan administrasi PATEN", "A"), key("Jumlah pengaduan pelayanan administrasi PATEN", "B"));
        assert_ne!(key("Jumlah usulan dalam Musrenbangdes.", "A"), key("Jumlah usulan dalam Musrenbangkel", "B"));
        assert_eq!(kind("Tingkat kelancaran administrasi keuangan", "ratio_percent"), Kind::Percent);
    }

    #[test]
    fn measures_join_wording_groups_of_one_kind() {
        let items: Vec<Item> = [
            ("Jumlah draf laporan keuangan", "A", Some(0)),
            ("Jumlah laporan keuangan tepat waktu", "B", Some(1)),
            ("Jumlah laporan keuangam", "C", Some(1)),
            ("Persentase laporan keuangan", "C", Some(2)),
        ]
        .iter()
        .map(|(t, k, w)| Item { text: t, kecamatan: Some(k), formula_kind: "", wording: *w })
        .collect();
        let m = group(&items, &[1; 4]);
        assert_eq!(m.measure_of[0], m.measure_of[1]);
        assert_eq!(m.measure_of[1], m.measure_of[2]);
        assert_ne!(m.measure_of[0], m.measure_of[3]);
    }
}
