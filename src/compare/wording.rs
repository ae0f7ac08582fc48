//! Groups indicators that mean the same across documents (`iki compare`).
//!
//! Pure logic: a list of [`Item`]s in, a group per item out. The steps:
//!
//! 1. **Tokens.** An indicator's normalized text (spelling already corrected,
//!    see `normalize`) is lowercased and cut into words; left out are function
//!    words (`yang`, `dan`, `di` ...), qualifiers that do not change what is
//!    measured (`disusun`, `tepat`, `waktu`, `sesuai`, `standar`, `benar` ...),
//!    one-letter tokens and the document's own kecamatan name. The rest, as a
//!    sorted set, is the item's *signature*; equal signatures are one node.
//! 2. **Blocking.** An inverted index maps each token to the signatures holding
//!    it. Tokens held by more than [`MAX_POSTING`] signatures (`jumlah`,
//!    `persentase` ...) are not used to find candidates, unless a signature has
//!    nothing rarer. A signature looks for
//!    candidates only through its rarest tokens (prefix filtering: two sets with
//!    Jaccard >= t share a token among the `|s| - ceil(t·|s|) + 1` rarest of each;
//!    one more is taken for OCR-damaged tokens). No all-pairs comparison.
//! 3. **Verification.** Tokens of two signatures are matched one to one, exactly
//!    or, for words of 6 characters or more, when their
//!    `strsim::normalized_levenshtein` is at least [`TOKEN_SIM`] (OCR damage:
//!    `berkualitas` / `berkua1itas`). Two signatures are the same indicator when
//!    - the soft Jaccard similarity `matched / (|a| + |b| - matched)` is at
//!      least [`THRESHOLD`] = 0.8, and
//!    - no *distinctive* token is left unmatched on either side: a known word
//!      (domain vocabulary or abbreviation) of 4 letters or more. Unknown
//!      leftovers are OCR debris (`Pe`, `ANGE`) and do not block a match.
//!
//!    Why 0.8 and the second condition: readings of one row differ by OCR debris
//!    and spelling, which normalisation and soft matching absorb: on the corpus,
//!    every scanned row that the table stage read whole gets the same signature
//!    as its digital reading, or one differing by a damaged word. Different indicators of one decree often share
//!    most words: Jabung's "... Manajemen Perkantoran untuk Menunjang Koordinasi
//!    Ketenteraman dan Ketertiban Umum" and "... Penyelenggaraan Urusan
//!    Pemerintah Umum" score 0.54; Kromengan's "Jumlah pelayanan administrasi
//!    PATEN" and "Jumlah pengaduan pelayanan administrasi PATEN" score 0.8 but
//!    differ by a real word (`pengaduan`), which the second condition catches.
//! 4. **Groups.** Union-find over the matched pairs. A group's label is its most
//!    frequent normalized text (ties: the smallest); its id is `g` + the first
//!    12 hex digits of the SHA-256 of the label's signature, so the same dataset
//!    gives the same ids on every run, whatever the order of the documents.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::LazyLock;

use crate::union_find::UnionFind;
use crate::vocab::lexicon::{ABBREVIATIONS, VOCABULARY};

/// Minimum soft Jaccard similarity of two signatures in one group.
pub(crate) const THRESHOLD: f64 = 0.8;
/// Minimum `normalized_levenshtein` for two different tokens to match.
pub(crate) const TOKEN_SIM: f64 = 0.85;
/// Tokens held by more signatures than this are not used for blocking.
pub(crate) const MAX_POSTING: usize = 2000;

/// Words that carry no meaning of their own for grouping.
pub(crate) const STOP: &[&str] = &[
    "yang",
    "dan",
    "di",
    "dalam",
    "untuk",
    "pada",
    "ke",
    "dari",
    "atau",
    "serta",
    "dengan",
    "tentang",
    "oleh",
    "telah",
    "secara",
    "antara",
    "lain",
    "bagi",
    "terhadap",
    "sesuai",
    "atas",
    "per",
    "setiap",
    "tiap",
    "para",
    "the",
    "of",
    "dll",
    "dsb",
    "yg",
    "dg",
    "dgn",
    // qualifiers: how well, not what
    "disusun",
    "tersusun",
    "tepat",
    "waktu",
    "standar",
    "benar",
    "baik",
    "ketentuan",
    "berlaku",
    "dilaksanakan",
    "terlaksana",
    "sudah",
    "meliputi",
    "adalah",
    "yaitu",
];

static STOPS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| STOP.iter().copied().collect());

/// One indicator occurrence to group.
#[derive(Debug, Clone)]
pub struct Item {
    /// The normalized indicator text (falls back to the raw text).
    pub text: String,
    /// The document's kecamatan, dropped from the tokens.
    pub kecamatan: Option<String>,
}

/// A group of indicators meaning the same.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub id: String,
    pub label: String,
    /// Indices into the items.
    pub members: Vec<usize>,
}

/// The grouping of a list of items.
#[derive(Debug, Clone)]
pub struct Grouping {
    pub groups: Vec<Group>,
    /// For each item, the index of its group in `groups` (None: no tokens).
    pub group_of: Vec<Option<usize>>,
}

/// The grouping signature of a text: its meaningful tokens, sorted, distinct.
pub(crate) fn signature(text: &str, kecamatan: Option<&str>) -> Vec<String> {
    let kec: Vec<String> = kecamatan.map(|k| k.split_whitespace().map(str::to_lowercase).collect()).unwrap_or_default();
    let words: Vec<String> = text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect();
    let mut toks = Vec::new();
    let mut i = 0;
    while i < words.len() {
        // "Kecamatan Jabung" in a Jabung decree: the document's own place.
        if !kec.is_empty() && words[i..].starts_with(&kec) {
            if toks.last().is_some_and(|t: &String| t == "kecamatan") {
                toks.pop();
            }
            i += kec.len();
            continue;
        }
        let w = &words[i];
        if w.chars().count() > 1 && !STOPS.contains(w.as_str()) {
            toks.push(w.clone());
        }
        i += 1;
    }
    toks.sort();
    toks.dedup();
    toks
}

fn distinctive(tok: &str) -> bool {
    tok.chars().count() >= 4 && (VOCABULARY.contains(tok) || ABBREVIATIONS.contains(tok))
}

fn token_match(a: &str, b: &str) -> bool {
    let wordlike = |t: &str| t.len() >= 6 && t.chars().filter(|c| c.is_alphabetic()).count() >= 4;
    a == b || (wordlike(a) && wordlike(b) && strsim::normalized_levenshtein(a, b) >= TOKEN_SIM)
}

/// Whether two signatures are the same indicator (see the module docs).
pub(crate) fn same(a: &[String], b: &[String]) -> bool {
    if a.is_empty() || b.is_empty() {
        return false;
    }
    let mut used_b = vec![false; b.len()];
    let mut used_a = vec![false; a.len()];
    // Exact matches first (both sorted), then soft ones.
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                used_a[i] = true;
                used_b[j] = true;
                i += 1;
                j += 1;
            }
        }
    }
    let exact = used_a.iter().filter(|u| **u).count();
    // Upper bound before any edit distance: every long leftover matched softly.
    let long = |v: &[String], used: &[bool]| v.iter().zip(used).filter(|(t, u)| !**u && t.len() >= 6).count();
    let best = exact + long(a, &used_a).min(long(b, &used_b));
    if (best as f64) < THRESHOLD * (a.len() + b.len() - best) as f64 {
        return false;
    }
    for (i, ta) in a.iter().enumerate() {
        if used_a[i] {
            continue;
        }
        if let Some(j) = (0..b.len()).find(|&j| !used_b[j] && token_match(ta, &b[j])) {
            used_a[i] = true;
            used_b[j] = true;
        }
    }
    let matched = used_a.iter().filter(|u| **u).count();
    let sim = matched as f64 / (a.len() + b.len() - matched) as f64;
    if sim < THRESHOLD {
        return false;
    }
    let left_a = a.iter().zip(&used_a).any(|(t, u)| !u && distinctive(t));
    let left_b = b.iter().zip(&used_b).any(|(t, u)| !u && distinctive(t));
    !left_a && !left_b
}

/// Groups the items (see the module docs).
pub fn group(items: &[Item]) -> Grouping {
    group_weighted(items, &vec![1; items.len()])
}

/// Groups distinct items, item `i` standing for `weights[i]` occurrences (the
/// label is the most frequent wording by weight): the same groups as `group`
/// over the occurrences, for far fewer items when texts repeat.
pub(crate) fn group_weighted(items: &[Item], weights: &[usize]) -> Grouping {
    // 1. Signatures, deduplicated.
    let mut sig_ids: HashMap<Vec<String>, usize> = HashMap::new();
    let mut sigs: Vec<Vec<String>> = Vec::new();
    let mut item_sig: Vec<Option<usize>> = Vec::with_capacity(items.len());
    for it in items {
        let s = signature(&it.text, it.kecamatan.as_deref());
        if s.is_empty() {
            item_sig.push(None);
            continue;
        }
        let id = *sig_ids.entry(s.clone()).or_insert_with(|| {
            sigs.push(s);
            sigs.len() - 1
        });
        item_sig.push(Some(id));
    }

    // 2. Inverted index over tokens; rarest-first prefixes.
    let mut postings: HashMap<&str, Vec<u32>> = HashMap::new();
    for (id, s) in sigs.iter().enumerate() {
        for t in s {
            postings.entry(t.as_str()).or_default().push(id as u32);
        }
    }
    let df = |t: &str| postings.get(t).map_or(0, Vec::len);
    let mut uf = UnionFind::new(sigs.len());
    let mut seen: Vec<u32> = vec![u32::MAX; sigs.len()];
    for (id, s) in sigs.iter().enumerate() {
        let mut by_rarity: Vec<&String> = s.iter().collect();
        by_rarity.sort_by_key(|t| (df(t), t.as_str()));
        let prefix = s.len() - (THRESHOLD * s.len() as f64).ceil() as usize + 2;
        for (k, t) in by_rarity.into_iter().take(prefix).enumerate() {
            let Some(list) = postings.get(t.as_str()) else { continue };
            // The rarest token is always used, so a signature made only of
            // common words still finds its variants.
            if k > 0 && list.len() > MAX_POSTING {
                continue;
            }
            for &other in list {
                let o = other as usize;
                // Each pair once: only look at higher ids, once per signature.
                if o <= id || seen[o] == id as u32 {
                    continue;
                }
                seen[o] = id as u32;
                // Size filter: Jaccard >= t needs t·|a| <= |b| <= |a|/t.
                let (la, lb) = (s.len() as f64, sigs[o].len() as f64);
                if lb < THRESHOLD * la || la < THRESHOLD * lb {
                    continue;
                }
                if uf.find(o) != uf.find(id) && same(s, &sigs[o]) {
                    uf.union(id, o);
                }
            }
        }
    }

    // 3. Groups with their label and stable id.
    let mut members: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, s) in item_sig.iter().enumerate() {
        if let Some(s) = s {
            members.entry(uf.find(*s)).or_default().push(i);
        }
    }
    let mut groups: Vec<Group> = members
        .into_values()
        .map(|m| {
            let label = super::label_of(&m, |i| items[i].text.as_str(), weights);
            let key = m.iter().find(|&&i| items[i].text == label).and_then(|&i| item_sig[i]).map(|s| sigs[s].join(" ")).unwrap_or_default();
            Group { id: group_id(&key), label, members: m }
        })
        .collect();
    groups.sort_by(|a, b| a.label.to_lowercase().cmp(&b.label.to_lowercase()).then_with(|| a.id.cmp(&b.id)));
    let group_of = super::member_index(items.len(), groups.iter().map(|g| g.members.as_slice()));
    Grouping { groups, group_of }
}

/// `g` + 12 hex digits of the SHA-256 of a group's key.
pub(crate) fn group_id(key: &str) -> String {
    super::stable_id('g', key)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sig(t: &str) -> Vec<String> {
        signature(t, Some("Jabung"))
    }

    #[test]
    fn similar_but_different_indicators_stay_apart() {
        let a = sig("Persentase Pemenuhan dukungan Manajemen Perkantoran untuk Menunjang Koordinasi Ketenteraman dan Ketertiban Umum");
        let b = sig("Persentase Pemenuhan dukungan Manajemen Perkantoran untuk Menunjang Penyelenggaraan Urusan Pemerintah Umum");
        assert!(!same(&a, &b));
        assert!(!same(&sig("Jumlah pelayanan administrasi PATEN."), &sig("Jumlah pengaduan pelayanan administrasi PATEN.")));
        assert!(!same(&sig("Jumlah usulan dalam Musrenbangdes."), &sig("Jumlah usulan dalam Musrenbangcam.")));
    }

    #[test]
    fn readings_of_one_indicator_match() {
        assert!(same(
            &sig("Jumlah dokumen perencanaan dan laporan kinerja tahunan yang tepat waktu dan berkualitas baik."),
            &sig("Jumlah dokumen perencanaan dan laporan kinerja tahunan yang tepat waktu dan , berkualitas baik.")
        ));
        assert!(same(
            &sig("Jumlah Dokumen SPP dan SPM GU/LS yang sesuai standar"),
            &sig("Jumlah Dokumen SPP dan SPM GU/LS yang sesuai standar Kecamatan Jabung")
        ));
        // OCR damage inside a word.
        assert!(same(&sig("Tingkat kelancaran administrasi keuangan"), &sig("Tingkat kelancaran administrasi keuangam")));
        assert!(same(&sig("Laporan kinerja tahunan berkualitas baik"), &sig("Laporan kinerja tahunan berkua1itas baik")));
    }

    #[test]
    fn groups_are_stable_and_transitive() {
        let items: Vec<Item> = [
            "Persentase Pemenuhan Pembinaan dan Pengawasan Pemerintah Desa",
            "Jumlah pelayanan administrasi PATEN.",
            "Persentase Pemenuhan Pembinaan dan Pengawasan Pemerintah Desa",
            "Jumlah pengaduan pelayanan administrasi PATEN.",
            "Persentase Pemenuhan Pembinaan dan Pengawasan Pemerintah Desa Kecamatan Jabung",
            "",
        ]
        .iter()
        .map(|t| Item { text: t.to_string(), kecamatan: Some("Jabung".into()) })
        .collect();
        let g = group(&items);
        assert_eq!(g.group_of[0], g.group_of[2]);
        assert_eq!(g.group_of[0], g.group_of[4]);
        assert_ne!(g.group_of[1], g.group_of[3]);
        assert_eq!(g.group_of[5], None);
        let mut rev = items.clone();
        rev.reverse();
        let g2 = group(&rev);
        let ids = |g: &Grouping, i: usize| g.groups[g.group_of[i].unwrap()].id.clone();
        assert_eq!(ids(&g, 0), ids(&g2, 5));
        assert_eq!(ids(&g, 1), ids(&g2, 4));
    }
}
