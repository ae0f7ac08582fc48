//! Which records are one decree, and a kecamatan's decrees in time.
//!
//! **A kecamatan** is its normalised name within its normalised kabupaten/kota:
//! case, `Kecamatan`/`Kec.` and `Pemerintah` left out, `Kab.` read as
//! `Kabupaten`, and a wilayah read together with the kecamatan ("Kabupaten
//! Malang Kecamatan Jabung") cut before `Kecamatan`. A record without wilayah
//! joins the one kabupaten/kota its kecamatan name is known in, if there is one.
//!
//! **One decree, several renderings** (the digital file, its scan, a searchable
//! copy): two records of one kecamatan are one decree unless their years, or
//! their dates (`2024-01` fits `2024-01-24`), disagree; and then when their
//! dates agree to the day, or their numbers agree (spaces aside; an OCR slip of
//! one character allowed), or, failing both, their indicators are the same (at
//! least [`SAME_CONTENT`] of the shorter list's wording groups in the other).
//! Numbers that disagree keep two records apart unless their contents agree
//! too. An OCR reading that found no date (a poor photo, say) is *weak*: its
//! number and year may be misread, so it does not vouch for itself; it joins
//! the decree of the same number and year, else the decree whose rows it
//! shares most (at least [`WEAK_CONTENT`] of its wording groups), else stands
//! alone. Each decree is read from its best rendering: `ok` before `partial`,
//! text layer before OCR, fewer review reasons first, then the one whose rows agree word for word with
//! the other renderings' most often (a reading that broke a word where the
//! others did not comes later), then the most rows.
//!
//! **In time**: a kecamatan's decrees are ordered by date, else by year; a
//! pair of which one has no date says so (`ordered_by`).

use super::words;
use std::collections::{BTreeMap, HashMap, HashSet};

use crate::union_find::UnionFind;

/// Share of the shorter list of wording groups found in the other for two
/// undated, unnumbered records to be one decree.
pub(crate) const SAME_CONTENT: f64 = 0.9;

/// Share of a weak reading's wording groups found in a decree for it to join
/// that decree (the one it shares most with).
pub(crate) const WEAK_CONTENT: f64 = 0.5;

/// An OCR reading that found no date: its number and year may be misread (a
/// regulation it cites taken for its own), so they cannot contradict.
fn weak(d: &DocInfo) -> bool {
    !d.text_layer && d.tanggal.is_none()
}

/// What identity needs to know of a record.
#[derive(Debug, Clone, Default)]
pub(crate) struct DocInfo {
    pub doc_id: String,
    pub wilayah: Option<String>,
    pub kecamatan: Option<String>,
    pub nomor: Option<String>,
    /// `YYYY-MM-DD` or a prefix of it.
    pub tanggal: Option<String>,
    pub tahun: Option<i32>,
    /// `ok` 0, `partial` 1, other 2.
    pub status_rank: u8,
    /// Read from the text layer (not OCR).
    pub text_layer: bool,
    /// Its review reasons.
    pub review: usize,
    pub rows: usize,
    /// The wording groups of its indicator rows, sorted, distinct.
    pub content: Vec<u32>,
    /// A hash of each row's words (indikator, formula, data source), sorted:
    /// renderings that agree with the others row for row are read first.
    pub readings: Vec<u64>,
}

/// A decree: the records that are renderings of it.
#[derive(Debug, Clone)]
pub(crate) struct Decree {
    /// Index into `Decrees::kecamatan`.
    pub kecamatan: usize,
    /// Indices into the records, the best rendering first.
    pub docs: Vec<usize>,
}

impl Decree {
    pub(crate) fn best(&self) -> usize {
        self.docs[0]
    }
}

/// A kecamatan: its key and how to show it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Kecamatan {
    /// Normalised kabupaten/kota (may be empty) and kecamatan name.
    pub key: (String, String),
    pub wilayah: String,
    pub name: String,
}

/// How a pair of decrees was put in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OrderedBy {
    Tanggal,
    Tahun,
    Undated,
}

impl OrderedBy {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            OrderedBy::Tanggal => "tanggal",
            OrderedBy::Tahun => "tahun",
            OrderedBy::Undated => "undated",
        }
    }
}

/// The decrees of a dataset.
#[derive(Debug, Clone)]
pub(crate) struct Decrees {
    pub kecamatan: Vec<Kecamatan>,
    /// Each record's kecamatan (None: the record names none).
    pub kecamatan_of: Vec<Option<usize>>,
    pub decrees: Vec<Decree>,
    /// Per kecamatan, its decrees (indices into `decrees`) in time order.
    pub timeline: Vec<Vec<usize>>,
}

/// `"Kecamatan  Jabung"` -> `"jabung"`.
pub(crate) fn norm_kecamatan(s: &str) -> String {
    let w = words(s);
    let skip = usize::from(w.first().is_some_and(|f| f == "kecamatan" || f == "kec"));
    w[skip..].join(" ")
}

/// `"PEMERINTAH KAB. MALANG"` -> `"kabupaten malang"`; `"Kabupaten Malang
/// Kecamatan Jabung"` -> `"kabupaten malang"`.
pub(crate) fn norm_wilayah(s: &str) -> String {
    let mut w = words(s);
    if let Some(k) = w.iter().position(|x| x == "kecamatan" || x == "kec") {
        w.truncate(k);
    }
    if w.first().is_some_and(|f| f == "pemerintah" || f == "pemkab" || f == "pemkot") {
        w.remove(0);
    }
    if let Some(f) = w.first_mut() {
        if f == "kab" {
            *f = "kabupaten".into();
        }
    }
    w.join(" ")
}

/// The wilayah as written, cut before a kecamatan read into it.
pub(crate) fn clean_wilayah(s: &str) -> String {
    let ws: Vec<&str> = s.split_whitespace().collect();
    let cut = ws.iter().position(|w| w.eq_ignore_ascii_case("kecamatan") || w.eq_ignore_ascii_case("kec.")).unwrap_or(ws.len());
    ws[..cut].join(" ")
}

fn norm_nomor(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_lowercase()
}

fn dates_fit(a: &str, b: &str) -> bool {
    a.starts_with(b) || b.starts_with(a)
}

fn content_share(a: &[u32], b: &[u32]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    super::sorted_common(a, b) as f64 / a.len().min(b.len()) as f64
}

/// Whether two records of one kecamatan are renderings of one decree (see the
/// module docs).
pub(crate) fn same_decree(a: &DocInfo, b: &DocInfo) -> bool {
    if let (Some(x), Some(y)) = (a.tahun, b.tahun) {
        if x != y {
            return false;
        }
    }
    let dates = a.tanggal.as_deref().zip(b.tanggal.as_deref());
    if dates.is_some_and(|(x, y)| !dates_fit(x, y)) {
        return false;
    }
    let day = dates.is_some_and(|(x, y)| x.len() >= 10 && x == y);
    let nomor = a.nomor.as_deref().map(norm_nomor).zip(b.nomor.as_deref().map(norm_nomor));
    let nomor_same = nomor.as_ref().is_some_and(|(x, y)| x == y || (x.len() >= 8 && strsim::levenshtein(x, y) <= 1));
    let nomor_differ = nomor.is_some() && !nomor_same;
    let content = || content_share(&a.content, &b.content);
    if nomor_differ {
        return content() >= SAME_CONTENT.max(0.95);
    }
    day || nomor_same || content() >= SAME_CONTENT
}

/// Finds the kecamatan, the decrees and their order (see the module docs).
pub(crate) fn identify(docs: &[DocInfo]) -> Decrees {
    // Kecamatan keys; a missing wilayah joins the only one known for the name.
    let mut wilayah_of_name: HashMap<String, HashSet<String>> = HashMap::new();
    for d in docs {
        if let (Some(k), Some(w)) = (&d.kecamatan, &d.wilayah) {
            let (k, w) = (norm_kecamatan(k), norm_wilayah(w));
            if !k.is_empty() && !w.is_empty() {
                wilayah_of_name.entry(k).or_default().insert(w);
            }
        }
    }
    let mut keys: BTreeMap<(String, String), Vec<usize>> = BTreeMap::new();
    for (i, d) in docs.iter().enumerate() {
        let Some(k) = d.kecamatan.as_deref().map(norm_kecamatan).filter(|k| !k.is_empty()) else { continue };
        let mut w = d.wilayah.as_deref().map(norm_wilayah).unwrap_or_default();
        if w.is_empty() {
            if let Some(ws) = wilayah_of_name.get(&k).filter(|ws| ws.len() == 1) {
                w = ws.iter().next().cloned().unwrap_or_default();
            }
        }
        keys.entry((w, k)).or_default().push(i);
    }
    let mut kecamatan = Vec::new();
    let mut kecamatan_of = vec![None; docs.len()];
    let mut decrees = Vec::new();
    let mut timeline = Vec::new();
    for (key, members) in keys {
        let ki = kecamatan.len();
        // Shown as written by the first record that has a wilayah.
        let shown = members.iter().find(|&&i| docs[i].wilayah.is_some()).unwrap_or(&members[0]);
        kecamatan.push(Kecamatan {
            key,
            wilayah: docs[*shown].wilayah.as_deref().map(clean_wilayah).unwrap_or_default(),
            name: docs[*shown].kecamatan.clone().unwrap_or_default(),
        });
        for &i in &members {
            kecamatan_of[i] = Some(ki);
        }
        // Readings that can vouch for their identity first; then each weak
        // one joins the decree it agrees with most.
        let mut uf = UnionFind::new(members.len());
        let weak: Vec<bool> = members.iter().map(|&i| weak(&docs[i])).collect();
        for a in 0..members.len() {
            for b in a + 1..members.len() {
                if !weak[a] && !weak[b] && uf.find(a) != uf.find(b) && same_decree(&docs[members[a]], &docs[members[b]]) {
                    uf.union(a, b);
                }
            }
        }
        for a in (0..members.len()).filter(|&a| weak[a]) {
            let d = &docs[members[a]];
            let best = (0..members.len())
                .filter(|&b| b != a && !weak[b])
                .map(|b| {
                    let o = &docs[members[b]];
                    let numbered = d.nomor.is_some() && d.nomor.as_deref().map(norm_nomor) == o.nomor.as_deref().map(norm_nomor);
                    let years = d.tahun.is_none() || o.tahun.is_none() || d.tahun == o.tahun;
                    ((numbered && years) as u8, content_share(&d.content, &o.content), std::cmp::Reverse(b))
                })
                .max_by(|x, y| x.0.cmp(&y.0).then(x.1.total_cmp(&y.1)).then(x.2.cmp(&y.2)));
            match best {
                Some((1, _, std::cmp::Reverse(b))) => uf.union(a, b),
                Some((_, share, std::cmp::Reverse(b))) if share >= WEAK_CONTENT => uf.union(a, b),
                _ => {
                    // No decree to join: with the other weak readings by the usual rules.
                    for b in (0..members.len()).filter(|&b| b != a && weak[b]) {
                        if uf.find(a) != uf.find(b) && same_decree(d, &docs[members[b]]) {
                            uf.union(a, b);
                        }
                    }
                }
            }
        }
        let mut parts: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for (j, &i) in members.iter().enumerate() {
            parts.entry(uf.find(j)).or_default().push(i);
        }
        let first = decrees.len();
        for mut part in parts.into_values() {
            let agree: HashMap<usize, usize> = part
                .iter()
                .map(|&a| (a, part.iter().filter(|&&b| b != a).map(|&b| super::sorted_common(&docs[a].readings, &docs[b].readings)).sum()))
                .collect();
            part.sort_by_key(|&a| {
                let x = &docs[a];
                (x.status_rank, !x.text_layer, x.review, std::cmp::Reverse(agree[&a]), std::cmp::Reverse(x.rows), x.doc_id.clone())
            });
            decrees.push(Decree { kecamatan: ki, docs: part });
        }
        let mut line: Vec<usize> = (first..decrees.len()).collect();
        line.sort_by(|&a, &b| when(docs, &decrees[a]).cmp(&when(docs, &decrees[b])));
        timeline.push(line);
    }
    Decrees { kecamatan, kecamatan_of, decrees, timeline }
}

/// A decree's place in time: year, date (as read by any rendering, the
/// longest), then its best record's id, so the order is stable.
fn when(docs: &[DocInfo], d: &Decree) -> (i32, String, String) {
    let tahun = d.docs.iter().find_map(|&i| docs[i].tahun);
    let tanggal = d.docs.iter().filter_map(|&i| docs[i].tanggal.clone()).max_by_key(String::len).unwrap_or_default();
    let tahun = tahun.or_else(|| tanggal.get(..4).and_then(|y| y.parse().ok())).unwrap_or(i32::MAX);
    (tahun, tanggal, docs[d.best()].doc_id.clone())
}

/// How two decrees were ordered: by date when both have one, by year when
/// both have that, else undated.
pub(crate) fn ordered_by(docs: &[DocInfo], a: &Decree, b: &Decree) -> OrderedBy {
    let has = |d: &Decree, f: &dyn Fn(&DocInfo) -> bool| d.docs.iter().any(|&i| f(&docs[i]));
    let dated = |d: &DocInfo| d.tanggal.as_ref().is_some_and(|t| t.len() >= 7);
    let yeared = |d: &DocInfo| d.tahun.is_some() || d.tanggal.is_some();
    if has(a, &dated) && has(b, &dated) {
        OrderedBy::Tanggal
    } else if has(a, &yeared) && has(b, &yeared) {
        OrderedBy::Tahun
    } else {
        OrderedBy::Undated
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(id: &str, w: &str, k: &str, nomor: &str, tanggal: &str, content: &[u32]) -> DocInfo {
        let opt = |s: &str| (!s.is_empty()).then(|| s.to_string());
        DocInfo {
            doc_id: id.into(),
            wilayah: opt(w),
            kecamatan: opt(k),
            nomor: opt(nomor),
            tanggal: opt(tanggal),
            tahun: tanggal.get(..4).and_then(|y| y.parse().ok()),
            text_layer: true,
            rows: content.len(),
            content: content.to_vec(),
            ..Default::default()
        }
    }

    #[test]
    fn names_are_normalised() {
        assert_eq!(norm_wilayah("Kabupaten Malang Kecamatan Jabung"), "kabupaten malang");
        assert_eq!(norm_wilayah("PEMERINTAH KAB. MALANG"), "kabupaten malang");
        assert_ne!(norm_wilayah("Kota Malang"), norm_wilayah("Kabupaten Malang"));
        assert_eq!(norm_kecamatan("KECAMATAN  Jabung"), "jabung");
        assert_eq!(clean_wilayah("Kabupaten Malang Kecamatan Jabung"), "Kabupaten Malang");
    }

    #[test]
    fn renderings_are_one_decree_and_revisions_are_not() {
        let docs = vec![
            doc("a", "Kabupaten Malang", "Jabung", "188.4/ 02 /KEP/2022", "2022-01-24", &[1, 2, 3]),
            doc("b", "Kabupaten Malang Kecamatan Jabung", "JABUNG", "188.4/02/KEP/2022", "2022-01", &[1, 2]),
            doc("c", "", "Jabung", "", "", &[1, 2, 3]),
            doc("d", "Kabupaten Malang", "Jabung", "188.4/ 48 /KEP/2023", "2023-03-07", &[1, 2, 4]),
            doc("e", "Kota Malang", "Klojen", "", "2022-01-24", &[1, 2, 3]),
        ];
        let d = identify(&docs);
        assert_eq!(d.kecamatan.len(), 2);
        assert_eq!(d.kecamatan_of[0], d.kecamatan_of[1]);
        assert_eq!(d.kecamatan_of[0], d.kecamatan_of[2]);
        assert_ne!(d.kecamatan_of[0], d.kecamatan_of[4]);
        // A kecamatan name known in two kabupaten/kota: a record without
        // wilayah is not put in either.
        let mut two = docs.clone();
        two[4].kecamatan = Some("Jabung".into());
        let d2 = identify(&two);
        // A poor OCR reading (no date, a cited regulation's number and year)
        // of the 2022 decree's rows is a rendering of it.
        let mut poor = doc("f", "Kabupaten Malang", "Jabung", "39 Tahun 2006 tentang", "", &[1, 2, 3]);
        poor.tahun = Some(2006);
        poor.text_layer = false;
        let mut three = docs.clone();
        three.push(poor);
        let d3 = identify(&three);
        let line = &d3.timeline[d3.kecamatan_of[0].unwrap()];
        assert_eq!(line.len(), 2);
        assert!(d3.decrees[line[0]].docs.contains(&5));
        assert_eq!(d2.kecamatan.len(), 3);
        assert_ne!(d2.kecamatan_of[2], d2.kecamatan_of[0]);
        let malang = d.kecamatan_of[0].unwrap();
        let line = &d.timeline[malang];
        assert_eq!(line.len(), 2, "{:?}", d.decrees);
        assert_eq!(d.decrees[line[0]].docs.len(), 3);
        assert_eq!(d.decrees[line[1]].docs, vec![3]);
        assert_eq!(ordered_by(&docs, &d.decrees[line[0]], &d.decrees[line[1]]), OrderedBy::Tanggal);
    }
}
