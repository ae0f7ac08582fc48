//! Normalisation beside the source words: spelling (a reviewed lexicon in
//! `data/lexicon.tsv`), jabatan names and canonical roles, formula kinds.
//! Raw fields are never changed; every correction is listed in
//! `normalizations` with its rule.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use crate::dataset::record::{Block, DocumentRecord, Normalization, NormalizedFields};
use crate::segment::metadata::fold;

const LEXICON_TSV: &str = include_str!("../data/lexicon.tsv");

/// variant (lowercase) -> (canonical, rule).
static LEXICON: LazyLock<HashMap<String, (String, String)>> = LazyLock::new(|| {
    LEXICON_TSV
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let mut parts = l.split('\t');
            let (v, c, r) = (parts.next()?, parts.next()?, parts.next()?);
            Some((v.trim().to_lowercase(), (c.trim().to_string(), r.trim().to_string())))
        })
        .collect()
});
static WORD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[\p{L}]+").unwrap());

/// Applies every normalisation to a record.
pub fn normalize_record(rec: &mut DocumentRecord) {
    let kecamatan = rec.metadata.kecamatan.clone();
    let mut log = Vec::new();
    for (bi, block) in rec.blocks.iter_mut().enumerate() {
        block.jabatan_normalized = normalize_jabatan(&block.jabatan, kecamatan.as_deref());
        block.role = role_of(block).to_string();
        for (ri, row) in block.indicators.iter_mut().enumerate() {
            let mut fix = |field: &str, text: &Option<String>| {
                text.as_ref().map(|t| {
                    let (out, changes) = spell(t);
                    for (from, to, rule) in changes {
                        log.push(Normalization { path: format!("blocks[{bi}].indicators[{ri}].{field}"), from, to, rule });
                    }
                    out
                })
            };
            row.normalized = NormalizedFields {
                sasaran: fix("sasaran", &row.sasaran),
                indikator: fix("indikator", &row.indikator),
                formula: fix("formula", &row.formula),
                sumber_data: fix("sumber_data", &row.sumber_data),
            };
            row.formula_kind = formula_kind(row.formula.as_deref()).to_string();
        }
    }
    rec.normalizations = log;
}

/// Corrects spelling word by word; returns the text and (from, to, rule) per change.
pub fn spell(text: &str) -> (String, Vec<(String, String, String)>) {
    let mut changes = Vec::new();
    let out = WORD.replace_all(text, |c: &regex::Captures| {
        let w = &c[0];
        match LEXICON.get(&w.to_lowercase()) {
            Some((canon, rule)) => {
                let to = same_case(w, canon);
                changes.push((w.to_string(), to.clone(), rule.clone()));
                to
            }
            None => w.to_string(),
        }
    });
    (out.into_owned(), changes)
}

/// Gives `canon` the case pattern of `like` (UPPER, Title or lower).
fn same_case(like: &str, canon: &str) -> String {
    if like.chars().all(|c| !c.is_lowercase()) {
        canon.to_uppercase()
    } else if like.chars().next().is_some_and(char::is_uppercase) {
        let mut c = canon.chars();
        c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
    } else {
        canon.to_string()
    }
}

static ABBREV: LazyLock<Vec<(Regex, &'static str)>> = LazyLock::new(|| {
    [
        (r"(?i)\bkasubb?ag\b\.?", "Kepala Sub Bagian"),
        (r"(?i)\bkasi\b\.?", "Kepala Seksi"),
        (r"(?i)\bsekcam\b\.?", "Sekretaris Kecamatan"),
        (r"(?i)\bsubb?ag\b\.?", "Sub Bagian"),
        (r"(?i)\bsubbagian\b", "Sub Bagian"),
        (r"(?i)\bplt\b\.?", "Plt."),
        (r"(?i)\btrantib(um)?\b", "Ketenteraman dan Ketertiban"),
    ]
    .into_iter()
    .map(|(p, r)| (Regex::new(p).unwrap(), r))
    .collect()
});

const SMALL_WORDS: &[&str] = &["dan", "pada", "di", "ke", "dari", "yang", "untuk", "atau", "serta"];

/// "KASI PEMERINTAHAN" -> "Kepala Seksi Pemerintahan"; "Seksi Pemerintahan
/// Kecamatan Kromengan" -> "Seksi Pemerintahan" (the document's own kecamatan
/// name is dropped from the end).
pub fn normalize_jabatan(jabatan: &str, kecamatan: Option<&str>) -> String {
    let mut s = jabatan.to_string();
    for (re, rep) in ABBREV.iter() {
        s = re.replace_all(&s, *rep).into_owned();
    }
    let mut s = fold(&s.replace(',', ", ")).replace(" ,", ",");
    if let Some(k) = kecamatan {
        let tail = format!(" kecamatan {}", k.to_lowercase());
        if s.to_lowercase().ends_with(&tail) {
            s.truncate(s.len() - tail.len());
            // "Sekretaris Kecamatan Kromengan" keeps its "Kecamatan".
            if s.to_lowercase().ends_with("sekretaris") || s.to_lowercase().ends_with("camat") {
                s.push_str(" Kecamatan");
            }
        }
    }
    s.split(' ')
        .enumerate()
        .map(|(i, w)| {
            let lw = w.to_lowercase();
            if i > 0 && SMALL_WORDS.contains(&lw.as_str()) {
                lw
            } else if w.len() <= 4 && w.chars().all(|c| c.is_uppercase() || !c.is_alphabetic()) && w.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !["KASI", "DATA", "UMUM", "ASET"].contains(&w) {
                w.to_string() // an acronym such as TU, PPKD
            } else {
                crate::segment::metadata::title_case(w)
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The canonical role of a block (contract: Canonical roles).
pub fn role_of(block: &Block) -> &'static str {
    let j = format!(" {} ", normalize_jabatan(&block.jabatan, None).to_lowercase().replace([',', '.', '(', ')'], " "));
    let j = fold(&j);
    let first = j.split(' ').next().unwrap_or("");
    let has = |w: &str| j.contains(w);
    const STAFF: &[&str] = &[
        "pengadministrasi", "pengelola", "analis", "pranata", "verifikator", "pramu", "pengolah", "operator", "pengemudi", "penyusun",
        "pengaman", "pengawas", "petugas", "staf", "staff", "pelaksana", "juru", "caraka", "penata", "teknisi", "pengagenda", "pengarsip",
    ];
    if STAFF.contains(&first) {
        return "pelaksana";
    }
    if first == "bendahara" {
        return "bendahara";
    }
    if j == "camat" || j.starts_with("camat ") {
        return "camat";
    }
    if has("sekretaris kecamatan") {
        return "sekretaris_kecamatan";
    }
    if has("sekretaris kelurahan") {
        return "sekretaris_kelurahan";
    }
    if first == "lurah" || j.starts_with("kepala kelurahan") {
        return "lurah";
    }
    let sub_bagian = has("sub bagian") || has("subbagian");
    if sub_bagian {
        return if has("program") && has("keuangan") {
            "kasubag_program_keuangan"
        } else if has("perencanaan") {
            "kasubag_perencanaan"
        } else if has("umum") || has("kepegawaian") {
            "kasubag_umum_kepegawaian"
        } else if has("keuangan") {
            "kasubag_keuangan"
        } else if has("tata usaha") {
            "kasubag_tata_usaha"
        } else {
            "other"
        };
    }
    if has("seksi") {
        return if has("pemerintahan") {
            "kasi_pemerintahan"
        } else if has("ketenteraman") || has("ketentraman") || has("ketertiban") {
            "kasi_trantib"
        } else if has("kesejahteraan") {
            "kasi_kesejahteraan_sosial"
        } else if has("pemberdayaan") {
            "kasi_pemberdayaan_masyarakat"
        } else if has("pelayanan") {
            "kasi_pelayanan"
        } else if has("pembangunan") {
            "kasi_pembangunan"
        } else {
            "other"
        };
    }
    "other"
}

/// ratio_percent | count | index | other.
pub fn formula_kind(formula: Option<&str>) -> &'static str {
    let Some(f) = formula else { return "other" };
    let l = f.to_lowercase();
    let ratio = l.contains(" / ") || l.contains('÷') || l.contains(" dibagi ") || l.contains(" : jumlah");
    let percent = l.contains('%') || l.contains("100");
    if ratio && percent {
        "ratio_percent"
    } else if l.contains("indeks") || l.contains("index") {
        "index"
    } else if !ratio && (l.starts_with("jumlah") || l.contains('Σ') || l.contains("jumlah")) {
        "count"
    } else {
        "other"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spelling_keeps_case_and_logs_changes() {
        let (out, ch) = spell("Prosentase Pemenuhan yang sesuai standart; PRESENTASE");
        assert_eq!(out, "Persentase Pemenuhan yang sesuai standar; PERSENTASE");
        assert_eq!(ch.len(), 3);
        assert_eq!(ch[0], ("Prosentase".into(), "Persentase".into(), "lexicon".into()));
    }

    #[test]
    fn jabatan_names_and_roles() {
        assert_eq!(normalize_jabatan("KASI PEMERINTAHAN", None), "Kepala Seksi Pemerintahan");
        assert_eq!(normalize_jabatan("Seksi Pemerintahan Kecamatan Kromengan", Some("Kromengan")), "Seksi Pemerintahan");
        assert_eq!(normalize_jabatan("Sekretaris Kecamatan Kromengan", Some("Kromengan")), "Sekretaris Kecamatan");
        assert_eq!(normalize_jabatan("KASUBAG. UMUM, KEPEGAWAIAN, KEUANGAN, DAN ASET", None), "Kepala Sub Bagian Umum, Kepegawaian, Keuangan, dan Aset");
        let role = |j: &str| role_of(&Block { jabatan: j.into(), ..Default::default() });
        assert_eq!(role("KASI KETENTERAMAN DAN KETERTIBAN"), "kasi_trantib");
        assert_eq!(role("Plt. Sub Bagian Umum, Kepegawaian, Keuangan dan Aset Kecamatan Kromengan"), "kasubag_umum_kepegawaian");
        assert_eq!(role("Pengelola Data Pemberdayaan Masyarakat pada Seksi Pemberdayaan Masyarakat"), "pelaksana");
        assert_eq!(role("Kepala Sub Bagian Program dan Keuangan"), "kasubag_program_keuangan");
        assert_eq!(role("Bendahara Pengeluaran Pembantu pada Sekretariat Kelurahan"), "bendahara");
        assert_eq!(role("Lurah"), "lurah");
        assert_eq!(role("SEKRETARIS KECAMATAN"), "sekretaris_kecamatan");
    }

    #[test]
    fn formula_kinds() {
        assert_eq!(formula_kind(Some("Σ jumlah yang disusun / Σ jumlah dalam satu tahun × 100%")), "ratio_percent");
        assert_eq!(formula_kind(Some("Jumlah laporan kependudukan yang tersusun.")), "count");
        assert_eq!(formula_kind(Some("Nilai indeks kepuasan masyarakat")), "index");
        assert_eq!(formula_kind(None), "other");
    }
}
