//! Themes: what an indicator is about, from a taxonomy that ships with iki
//! (`data/themes.json`, 20 themes) or an office's own file (`--themes FILE`, the
//! same layout; its `about` says how it is read).
//!
//! A theme is decided from everything a row says, each part with its weight:
//! the indikator (3), its sasaran (1), formula (1), data source (0.5) and the
//! jabatan it belongs to (0.7), plus the jabatan's canonical role (a prior of
//! 1.5 for the themes that list it). In each part, every theme term found (a
//! word or a phrase, consecutive words; `word*` matches a word's start) adds 2
//! plus 1 per extra word of the phrase, each `weak` term 1; a term counts once
//! per part. The indikator's first theme term, the head of its noun phrase
//! (`Jumlah pengaduan pelayanan administrasi PATEN` is about complaints),
//! counts 1.5 times.
//!
//! An *umbrella* theme (one that `covers` others, e.g. dukungan manajemen over
//! the administrative themes) gives way to the one other theme its indikator
//! names (dukungan manajemen "untuk menunjang" one section goes to that
//! section's theme), and wins when the indikator names three or more of the
//! themes it covers (a document of administrasi umum, kepegawaian and BMD).
//!
//! The best theme is kept when its score is at least [`MIN_SCORE`] (a weak word
//! alone or a role alone says too little: the theme stays empty rather than
//! guessed). `confidence` in 0..1 grows with the score and with the margin over
//! the runner-up: `(best - second) / (best + 3)`.

use super::words;
use std::collections::HashMap;

use serde::Deserialize;

const DEFAULT_THEMES: &str = include_str!("../../data/themes.json");

/// Below this score no theme is given.
pub(crate) const MIN_SCORE: f32 = 3.0;

const W_INDIKATOR: f32 = 3.0;
const W_SASARAN: f32 = 1.0;
const W_FORMULA: f32 = 1.0;
const W_SUMBER: f32 = 0.5;
const W_JABATAN: f32 = 0.7;
const ROLE_PRIOR: f32 = 1.5;
/// The first theme term of the indikator (the head of its noun phrase, in
/// Indonesian) counts this much more.
const HEAD: f32 = 1.5;

#[derive(Debug, Clone, Deserialize)]
struct File {
    themes: Vec<ThemeDef>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeDef {
    id: String,
    name: String,
    #[serde(default)]
    scope: String,
    #[serde(default)]
    terms: Vec<String>,
    #[serde(default)]
    weak: Vec<String>,
    #[serde(default)]
    roles: Vec<String>,
    #[serde(default)]
    covers: Vec<String>,
}

/// A theme of the taxonomy.
#[derive(Debug, Clone)]
pub struct Theme {
    pub id: String,
    pub name: String,
    pub scope: String,
}

/// A term: its words; the last may be a prefix.
#[derive(Debug, Clone)]
struct Term {
    theme: usize,
    words: Vec<String>,
    prefix: bool,
    weight: f32,
    /// Index of the term, to count it once per part.
    id: usize,
}

/// A loaded taxonomy, ready to classify.
#[derive(Debug, Clone)]
pub struct Taxonomy {
    pub themes: Vec<Theme>,
    roles: HashMap<String, Vec<usize>>,
    /// Terms by their first word (exact), and prefix terms of one word.
    by_first: HashMap<String, Vec<Term>>,
    prefixes: Vec<Term>,
    /// For each umbrella theme, the themes it covers.
    covers: Vec<Vec<usize>>,
    terms: usize,
}

/// What a row says, each part optional.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct RowText<'a> {
    pub indikator: &'a str,
    pub sasaran: &'a str,
    pub formula: &'a str,
    pub sumber_data: &'a str,
    pub jabatan: &'a str,
    pub role: &'a str,
}

/// A row's theme and how sure it is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Verdict {
    pub theme: Option<usize>,
    pub confidence: f32,
}

impl Taxonomy {
    /// The taxonomy that ships with iki.
    pub fn builtin() -> Taxonomy {
        Taxonomy::parse(DEFAULT_THEMES).expect("data/themes.json is valid")
    }

    /// Reads a taxonomy file; the error says what to fix.
    pub(crate) fn parse(json: &str) -> Result<Taxonomy, String> {
        let file: File = serde_json::from_str(json.strip_prefix('\u{feff}').unwrap_or(json))
            .map_err(|e| format!("the themes file is not in the expected layout ({e}); start from iki's data/themes.json"))?;
        if file.themes.is_empty() {
            return Err("the themes file lists no theme".into());
        }
        let mut ids = HashMap::new();
        for (i, t) in file.themes.iter().enumerate() {
            if t.id.trim().is_empty() {
                return Err(format!("theme {} has no id", i + 1));
            }
            if ids.insert(t.id.clone(), i).is_some() {
                return Err(format!("the theme id {} is used twice", t.id));
            }
        }
        let mut tax = Taxonomy {
            themes: file.themes.iter().map(|t| Theme { id: t.id.clone(), name: t.name.clone(), scope: t.scope.clone() }).collect(),
            roles: HashMap::new(),
            by_first: HashMap::new(),
            prefixes: Vec::new(),
            covers: vec![Vec::new(); file.themes.len()],
            terms: 0,
        };
        for (ti, t) in file.themes.iter().enumerate() {
            for r in &t.roles {
                tax.roles.entry(r.clone()).or_default().push(ti);
            }
            for c in &t.covers {
                let Some(&ci) = ids.get(c) else {
                    return Err(format!("theme {} covers {c}, which is not a theme of the file", t.id));
                };
                tax.covers[ti].push(ci);
            }
            for (list, strong) in [(&t.terms, true), (&t.weak, false)] {
                for raw in list {
                    let prefix = raw.trim_end().ends_with('*');
                    let words = words(raw);
                    if words.is_empty() {
                        continue;
                    }
                    let weight = if strong { 2.0 + (words.len() - 1) as f32 } else { 1.0 };
                    let term = Term { theme: ti, words, prefix, weight, id: tax.terms };
                    tax.terms += 1;
                    if prefix && term.words.len() == 1 {
                        tax.prefixes.push(term);
                    } else {
                        tax.by_first.entry(term.words[0].clone()).or_default().push(term);
                    }
                }
            }
        }
        Ok(tax)
    }

    /// Scores of every theme for one part of a row, added into `scores`.
    fn score_part(&self, text: &str, weight: f32, head: bool, scores: &mut [f32], strong: &mut [f32], seen: &mut Vec<usize>) {
        if text.is_empty() {
            return;
        }
        seen.clear();
        let mut head_at: Option<usize> = None;
        let ws = words(text);
        for i in 0..ws.len() {
            let hit = |t: &Term| -> bool {
                let n = t.words.len();
                if i + n > ws.len() {
                    return false;
                }
                (0..n).all(|k| if t.prefix && k == n - 1 { ws[i + k].starts_with(&t.words[k]) } else { ws[i + k] == t.words[k] })
            };
            let found =
                self.by_first.get(&ws[i]).into_iter().flatten().chain(self.prefixes.iter().filter(|t| ws[i].starts_with(&t.words[0])));
            for t in found {
                if !seen.contains(&t.id) && hit(t) {
                    seen.push(t.id);
                    // Every strong term starting at the head's word shares its bonus.
                    let is_head = head && t.weight >= 2.0 && *head_at.get_or_insert(i) == i;
                    let w = weight * t.weight * if is_head { HEAD } else { 1.0 };
                    scores[t.theme] += w;
                    if t.weight >= 2.0 {
                        strong[t.theme] += w;
                    }
                }
            }
        }
    }

    /// The theme of a row (see the module docs).
    pub(crate) fn classify(&self, row: &RowText) -> Verdict {
        let n = self.themes.len();
        let mut scores = vec![0.0f32; n];
        let mut in_indikator = vec![0.0f32; n];
        let mut seen = Vec::new();
        self.score_part(row.indikator, W_INDIKATOR, true, &mut scores, &mut in_indikator, &mut seen);
        let mut ignore = vec![0.0f32; n];
        self.score_part(row.sasaran, W_SASARAN, false, &mut scores, &mut ignore, &mut seen);
        self.score_part(row.formula, W_FORMULA, false, &mut scores, &mut ignore, &mut seen);
        self.score_part(row.sumber_data, W_SUMBER, false, &mut scores, &mut ignore, &mut seen);
        self.score_part(row.jabatan, W_JABATAN, false, &mut scores, &mut ignore, &mut seen);
        if let Some(ts) = self.roles.get(row.role) {
            for &t in ts {
                scores[t] += ROLE_PRIOR;
            }
        }
        // Umbrella themes: they give way to the one other theme the indikator
        // names (dukungan manajemen "untuk menunjang" one section), and win
        // when it names two or more of the themes they cover.
        for (u, covered) in self.covers.iter().enumerate() {
            if covered.is_empty() {
                continue;
            }
            let others: Vec<usize> = (0..n).filter(|&t| t != u && self.covers[t].is_empty() && in_indikator[t] > 0.0).collect();
            let named: Vec<usize> = covered.iter().copied().filter(|c| others.contains(c)).collect();
            if named.len() >= 3 {
                scores[u] = scores[u].max(named.iter().map(|&c| scores[c]).fold(0.0, f32::max) + 1.0);
            } else if in_indikator[u] > 0.0 && others.len() == 1 {
                let c = others[0];
                scores[c] = scores[c].max(scores[u] + 1.0);
            }
        }
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
        let (best, second) = (scores[order[0]], order.get(1).map_or(0.0, |&i| scores[i]));
        if best < MIN_SCORE {
            return Verdict { theme: None, confidence: 0.0 };
        }
        let confidence = ((best - second) / (best + 3.0)).clamp(0.0, 1.0);
        Verdict { theme: Some(order[0]), confidence: (confidence * 100.0).round() / 100.0 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn theme(tax: &Taxonomy, row: RowText) -> Option<String> {
        tax.classify(&row).theme.map(|t| tax.themes[t].id.clone())
    }

    #[test]
    fn builtin_taxonomy_reads_rows() {
        let tax = Taxonomy::builtin();
        assert_eq!(tax.themes.len(), 20);
        let t = |i: &str| theme(&tax, RowText { indikator: i, ..Default::default() });
        assert_eq!(t("Jumlah Dokumen SPP dan SPM GU/LS").as_deref(), Some("keuangan"));
        assert_eq!(t("Nilai Indeks Kepuasan Masyarakat").as_deref(), Some("kepuasan-masyarakat"));
        assert_eq!(t("Jumlah usulan dalam Musrenbangdes").as_deref(), Some("musrenbang"));
        assert_eq!(t("Jumlah kehadiran PNS dalam 1 tahun").as_deref(), Some("kepegawaian"));
        // The umbrella words with one section named: that section's theme.
        assert_eq!(
            t("Persentase pemenuhan dukungan manajemen perkantoran untuk menunjang koordinasi ketenteraman dan ketertiban umum").as_deref(),
            Some("trantibum")
        );
        assert_eq!(
            t("Persentase pemenuhan dukungan manajemen perkantoran dan penunjang kinerja perangkat daerah").as_deref(),
            Some("dukungan-manajemen")
        );
        // Nothing to go on: no theme rather than a guess.
        assert_eq!(t("Jumlah kegiatan"), None);
    }

    /// Indicators as other kecamatan word them (not from the corpus).
    #[test]
    fn indicators_of_other_kecamatan() {
        let tax = Taxonomy::builtin();
        let t = |i: &str| theme(&tax, RowText { indikator: i, ..Default::default() });
        for (indikator, want) in [
            ("Persentase penyelesaian pengaduan masyarakat", "pengaduan"),
            ("Jumlah anggota Linmas yang dibina", "trantibum"),
            ("Jumlah pelanggaran Perda yang ditindaklanjuti", "penegakan-perda"),
            ("Persentase desa yang menyampaikan APBDes tepat waktu", "pemerintahan-desa-kelurahan"),
            ("Jumlah keluarga penerima PKH yang didampingi", "kesejahteraan-sosial"),
            ("Jumlah KTP-el yang diterbitkan", "kependudukan"),
            ("Nilai SAKIP Kecamatan", "perencanaan-pelaporan"),
            ("Jumlah laporan realisasi anggaran yang disusun", "keuangan"),
            ("Jumlah usulan pra-Musrenbang yang ditampung", "musrenbang"),
            ("Persentase pegawai yang mengikuti bimtek", "kepegawaian"),
            ("Jumlah kendaraan dinas yang dipelihara", "aset-bmd"),
            ("Jumlah surat keluar yang diagendakan", "umum-perkantoran"),
            ("Indeks Kepuasan Masyarakat terhadap pelayanan PATEN", "kepuasan-masyarakat"),
            ("Jumlah berita yang diunggah di website kecamatan", "data-informasi"),
            ("Jumlah Posyandu aktif", "pemberdayaan-masyarakat"),
            ("Jumlah kegiatan forum koordinasi pimpinan kecamatan (Forkopimcam)", "pemerintahan-umum"),
            ("Persentase jalan lingkungan dalam kondisi baik", "pembangunan-sarpras"),
            ("Persentase kewenangan yang dilimpahkan yang dilaksanakan", "urusan-dilimpahkan"),
        ] {
            assert_eq!(t(indikator).as_deref(), Some(want), "{indikator}");
        }
    }

    #[test]
    fn jabatan_and_role_decide_a_vague_row() {
        let tax = Taxonomy::builtin();
        let row = RowText {
            indikator: "Jumlah kegiatan yang dikoordinasikan",
            jabatan: "Kasi Ketenteraman dan Ketertiban",
            role: "kasi_trantib",
            ..Default::default()
        };
        assert_eq!(theme(&tax, row).as_deref(), Some("trantibum"));
    }

    #[test]
    fn an_offices_own_file() {
        let tax = Taxonomy::parse(r#"{"themes":[{"id":"air","name":"Air bersih","terms":["air bersih","pdam*"]},{"id":"jalan","name":"Jalan","terms":["jalan"]}]}"#).unwrap();
        assert_eq!(theme(&tax, RowText { indikator: "Jumlah sambungan PDAM baru", ..Default::default() }).as_deref(), Some("air"));
        assert!(Taxonomy::parse(r#"{"themes":[{"id":"a","name":"A"},{"id":"a","name":"B"}]}"#).unwrap_err().contains("twice"));
        assert!(Taxonomy::parse("not json").unwrap_err().contains("data/themes.json"));
    }
}
