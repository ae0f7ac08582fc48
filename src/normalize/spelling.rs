//! Spelling, word by word, beside the source words. Three rules, each logged
//! with its name in `normalizations`:
//!
//! - `lexicon`: the reviewed corrections of `data/lexicon.tsv` (variant ->
//!   canonical, read in [`crate::vocab::lexicon`]), matched whole-word and case-insensitively.
//! - `fuzzy`: a word that is not in the domain vocabulary (`data/vocabulary.txt`)
//!   is replaced by the one vocabulary word within a small edit distance
//!   (Levenshtein 1 for 6-8 letters, 2 for 9 letters or more, and at most 20 %
//!   of the word). Never touched: words under 6 letters, words written in
//!   capitals or with inner capitals (abbreviations, RPJMDes), the abbreviations
//!   of `data/abbreviations.txt`, words holding digits, words already valid, and
//!   any word with two equally close candidates.
//! - `ocr`: in formula fields only, the sum sign Σ read as `£ Z z E © > =` at the
//!   start of a term, `×` read as `x` or `*` between terms, `100%` read as `10096`.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use crate::vocab::lexicon::LEXICON;
pub(crate) use crate::vocab::lexicon::{ABBREVIATIONS, VOCABULARY};

/// One correction: (from, to, rule).
pub(crate) type Change = (String, String, String);

/// Vocabulary words by length in chars, for the fuzzy search.
static BY_LEN: LazyLock<HashMap<usize, Vec<&'static str>>> = LazyLock::new(|| {
    let mut m: HashMap<usize, Vec<&'static str>> = HashMap::new();
    for w in VOCABULARY.iter() {
        m.entry(w.chars().count()).or_default().push(w.as_str());
    }
    for v in m.values_mut() {
        v.sort_unstable();
    }
    m
});

static WORD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[\p{L}\p{N}]+").unwrap());

/// Corrects spelling word by word (lexicon, then fuzzy); returns the text and
/// the changes.
pub(crate) fn spell(text: &str) -> (String, Vec<Change>) {
    let mut changes = Vec::new();
    let out = WORD.replace_all(text, |c: &regex::Captures| {
        let w = &c[0];
        let lw = w.to_lowercase();
        if let Some((canon, rule)) = LEXICON.get(&lw) {
            let to = same_case(w, canon);
            changes.push((w.to_string(), to.clone(), rule.clone()));
            return to;
        }
        if let Some(canon) = fuzzy(w) {
            let to = same_case(w, canon);
            changes.push((w.to_string(), to.clone(), "fuzzy".to_string()));
            return to;
        }
        w.to_string()
    });
    (out.into_owned(), changes)
}

/// True when the fuzzy rule must leave `w` alone whatever it looks like.
pub(crate) fn protected(w: &str) -> bool {
    let n = w.chars().count();
    let lw = w.to_lowercase();
    n < 6
        || w.chars().any(|c| !c.is_alphabetic())
        // UPPER words and inner capitals: abbreviations, headings, RPJMDes.
        || w.chars().skip(1).any(char::is_uppercase)
        || ABBREVIATIONS.contains(&lw)
        || VOCABULARY.contains(&lw)
}

/// The single vocabulary word close enough to `w`, if there is exactly one.
pub(crate) fn fuzzy(w: &str) -> Option<&'static str> {
    if protected(w) {
        return None;
    }
    let lw = w.to_lowercase();
    let n = lw.chars().count();
    let max = (if n >= 9 { 2 } else { 1 }).min(n / 5);
    let mut best: Option<(&'static str, usize)> = None;
    let mut tie = false;
    for len in n.saturating_sub(max)..=n + max {
        for &cand in BY_LEN.get(&len).map(Vec::as_slice).unwrap_or_default() {
            let d = strsim::levenshtein(&lw, cand);
            if d > max {
                continue;
            }
            match best {
                Some((_, bd)) if d > bd => {}
                Some((_, bd)) if d == bd => tie = true,
                _ => {
                    best = Some((cand, d));
                    tie = false;
                }
            }
        }
    }
    match best {
        Some((c, d)) if d > 0 && !tie => Some(c),
        _ => None,
    }
}

/// Gives `canon` the case pattern of `like` (UPPER, Title or lower).
pub(crate) fn same_case(like: &str, canon: &str) -> String {
    if like.chars().count() > 1 && like.chars().all(|c| !c.is_lowercase()) {
        canon.to_uppercase()
    } else if like.chars().next().is_some_and(char::is_uppercase) {
        let mut c = canon.chars();
        c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
    } else {
        canon.to_string()
    }
}

/// `£` before a word: never a pound sign in these decrees, always a misread Σ.
static OCR_POUND: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"£\s*(\p{L})").unwrap());
/// Σ misread at the start of a term: at the start of the formula, after
/// `f(x) =`, after `/`, `(` or ` - `, before a word of letters.
static OCR_SIGMA: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(^|[fF]\s?\(x\)\s*[=-]\s*|[/(]\s*|\s-\s)([©>=]|[ZzE]\b)\s*(\p{L})").unwrap());
/// Σ glued to `jumlah`: `Sjumlah`, `Ejumlah`, `Tjumlah`, `£jumlah`.
static OCR_SIGMA_GLUED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(^|\s)[©>SZzET]([jJ]umlah)\b").unwrap());
/// `x` or `*` between two terms, before a number, a parenthesis or Σ.
static OCR_TIMES: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"([\p{L})%])\s+[x*]\s+([0-9(Σ])").unwrap());
static OCR_PERCENT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b10096\b").unwrap());

/// OCR confusions in a formula; returns the text and the changes (rule `ocr`).
pub(crate) fn ocr_formula(text: &str) -> (String, Vec<Change>) {
    let mut changes = Vec::new();
    let mut s = text.to_string();
    s = OCR_POUND
        .replace_all(&s, |c: &regex::Captures| {
            changes.push(("£".to_string(), "Σ".to_string(), "ocr".to_string()));
            format!("Σ {}", &c[1])
        })
        .into_owned();
    // The "=" of "f(x) =" itself is kept: it is the prefix group.
    s = OCR_SIGMA
        .replace_all(&s, |c: &regex::Captures| {
            changes.push((c[2].to_string(), "Σ".to_string(), "ocr".to_string()));
            format!("{}Σ {}", &c[1], &c[3])
        })
        .into_owned();
    s = OCR_SIGMA_GLUED
        .replace_all(&s, |c: &regex::Captures| {
            let from = c[0].trim_start().to_string();
            changes.push((from, format!("Σ {}", &c[2]), "ocr".to_string()));
            format!("{}Σ {}", &c[1], &c[2])
        })
        .into_owned();
    s = OCR_TIMES
        .replace_all(&s, |c: &regex::Captures| {
            let from = c[0][c[1].len()..c[0].len() - c[2].len()].trim().to_string();
            changes.push((from, "×".to_string(), "ocr".to_string()));
            format!("{} × {}", &c[1], &c[2])
        })
        .into_owned();
    s = OCR_PERCENT
        .replace_all(&s, |_: &regex::Captures| {
            changes.push(("10096".to_string(), "100%".to_string(), "ocr".to_string()));
            "100%".to_string()
        })
        .into_owned();
    (s, changes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexicon_keeps_case_and_logs_changes() {
        let (out, ch) = spell("Prosentase Pemenuhan yang sesuai standart; PRESENTASE; Persentasi");
        assert_eq!(out, "Persentase Pemenuhan yang sesuai standar; PERSENTASE; Persentase");
        assert_eq!(ch.len(), 4);
        assert_eq!(ch[0], ("Prosentase".into(), "Persentase".into(), "lexicon".into()));
    }

    #[test]
    fn fuzzy_fixes_ocr_damage() {
        let (out, ch) = spell("Kegiatan onitoring dan Monggrafi Kelurahan");
        assert_eq!(out, "Kegiatan monitoring dan Monografi Kelurahan");
        assert!(ch.len() == 2 && ch.iter().all(|c| c.2 == "fuzzy"));
        // Two candidates at the same distance (keuangan, ruangan): left alone.
        assert_eq!(spell("Administrasi euangan").0, "Administrasi euangan");
        assert_eq!(spell("Pengeloaan arsip").0, "Pengelolaan arsip");
    }

    /// Valid domain words, abbreviations, numbers and names stay as written.
    #[test]
    fn valid_words_and_abbreviations_are_untouched() {
        let words = [
            "SPP",
            "BMD",
            "RKBMD",
            "SIPD",
            "LKjIP",
            "LKJIP",
            "SAKIP",
            "RPJMDes",
            "APBDes",
            "Musrenbangdes",
            "Musrenbangcam",
            "Siskamling",
            "Ipoleksosbudhamkam",
            "PATEN",
            "e-KTP",
            "SP2D",
            "Satlinmas",
            "Linmas",
            "Raskin",
            "PMPRB",
            "SIPERDA",
            "SIASAD",
            "ANJAB",
            "UMKM",
            "DTKS",
            "Pokmas",
            "Kromengan",
            "Kanigaran",
            "Jabung",
            "Probolinggo",
            "Malang",
            "persentase",
            "pemenuhan",
            "dukungan",
            "manajemen",
            "perkantoran",
            "penunjang",
            "ketenteraman",
            "ketertiban",
            "penyelenggaraan",
            "pemerintahan",
            "pemerintah",
            "pelayanan",
            "pelaksanaan",
            "pemberdayaan",
            "masyarakat",
            "kesejahteraan",
            "kependudukan",
            "administrasi",
            "keuangan",
            "kepegawaian",
            "perencanaan",
            "pelaporan",
            "penatausahaan",
            "pengadministrasi",
            "pengelolaan",
            "monitoring",
            "evaluasi",
            "dokumen",
            "laporan",
            "standar",
            "ketentuan",
            "terealisasi",
            "kelurahan",
            "kecamatan",
            "sekretariat",
            "sekretaris",
            "pengaduan",
            "pengajuan",
            "pengadaan",
            "penggandaan",
            "pencairan",
            "pengamanan",
            "pengawasan",
            "pembinaan",
            "fasilitasi",
            "difasilitasi",
            "rekapitulasi",
            "kehadiran",
            "kejadian",
            "anggaran",
            "100%",
            "2022",
            "188.4",
            "1",
            "Desa",
            "tahun",
            // places and people not in the vocabulary
            "Sumberpucung",
            "Pagelaran",
            "Wagir",
            "Tumpang",
            "Pakisaji",
            "Ngajum",
            "Wonosari",
            "Kepanjen",
            "Singosari",
            "Lawang",
            "Dampit",
            "Turen",
            "Gondanglegi",
            "Bululawang",
            "Poncokusumo",
            "Tajinan",
            "Mayangan",
            "Kademangan",
            "Wonoasih",
            "Kedopok",
            "Sucipto",
            "Joanico",
            "Costa",
        ];
        let text = words.join(" ");
        let (out, ch) = spell(&text);
        assert!(ch.is_empty(), "changed: {ch:?}");
        assert_eq!(out, text);
        assert!(words.len() >= 50);
    }

    #[test]
    fn ocr_sigma_and_times_in_formulas() {
        let (s, ch) = ocr_formula("£ Pegawai x (= hari kerja efektif - £ Pegawai yang tidak hadir) / £ Hari kerja x £ Pegawai x 100%");
        assert_eq!(s, "Σ Pegawai × (Σ hari kerja efektif - Σ Pegawai yang tidak hadir) / Σ Hari kerja × Σ Pegawai × 100%");
        assert!(ch.iter().all(|c| c.2 == "ocr"));
        assert_eq!(
            ocr_formula("Z jumlah yang disusun / > jumlah yang seharusnya ada x 10096").0,
            "Σ jumlah yang disusun / Σ jumlah yang seharusnya ada × 100%"
        );
        assert_eq!(
            ocr_formula("= jumlah yang disusun / Sjumlah dalam satu tahun * 100%").0,
            "Σ jumlah yang disusun / Σ jumlah dalam satu tahun × 100%"
        );
        assert_eq!(ocr_formula("f(x) = £ Kegiatan Administrasi").0, "f(x) = Σ Kegiatan Administrasi");
        assert_eq!(ocr_formula("f(x) = z dokumen pelaporan").0, "f(x) = Σ dokumen pelaporan");
        // Left alone: plain words, numbers, a real equation.
        for f in ["Jumlah laporan x tahun", "Jumlah Aset Tetap = KIB A + KIB B", "Kebutuhan RIIL BMD = Kebutuhan Maksimum - Data", "2 x 3"]
        {
            assert_eq!(ocr_formula(f).0, f);
        }
    }
}
