//! The words that structure a lampiran outside its tables: field labels
//! (`1. Jabatan : X`, `NAMA JABATAN : X`, `Jabatan (Eselon IV) : X`,
//! `TUGAS. :`, `Tugas Pokok :`, `Fungsi Utama :`) and the title lines set above
//! a block (`INDIKATOR KINERJA INDIVIDU (IKI)`, `KECAMATAN X`, `TAHUN 2023 – 2026`,
//! `PEMERINTAH KABUPATEN ...`).
//!
//! One home for both `segment` (where blocks open) and `fields` (which line
//! fills which field), so the two read labels the same way.

use std::sync::LazyLock;

use regex::Regex;

/// The field a label names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LabelKind {
    Jabatan,
    Tugas,
    Fungsi,
    Tujuan,
    IndikatorTujuan,
    Eselon,
}

/// A labelled line, split into its parts.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Label<'a> {
    pub kind: LabelKind,
    /// The text after the separator (may be empty: the value follows below).
    pub value: &'a str,
    /// What the label's brackets hold (`Jabatan (Eselon III) :` -> `Eselon III`).
    pub bracket: Option<&'a str>,
    /// Where the label starts in the line (0 unless titles run into it).
    pub start: usize,
}

/// Numbering before a label: `1.`, `1)`, `1`, `I.`, `a.`, `A)`; `1,` (OCR of a
/// blurred dot).
const NUMBERING: &str = r"(?:(?:\d{1,2}|[IVX]{1,4}|[A-Za-z])\s*[.)]\s*|\d{1,2}\s*,\s*|\d{1,2}\s+)?";
/// The label words; a label may end in a stray period (`JABATAN.`) and carry a
/// bracket (`Jabatan (Eselon IV)`, `Jabatan ( )`).
const WORDS: &str = r"(nama\s+jabatan|jabatan|tugas\s+pokok|tugas|fungsi\s+utama|fungsi|tujuan|indikator\s+tujuan|eselon)";
/// The separator: a colon (OCR: `;`, or a lone `1`, `l`, `I`, `|` between spaces).
const SEPARATOR: &str = r"(?:\s*[:;]|\s+[1lI|]\s)";

static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)^\s*{NUMBERING}{WORDS}\s*\.?\s*(?:\(([^()]*)\)\s*)?{SEPARATOR}\s*(.*)$")).expect("label pattern")
});
/// A jabatan label further into a line, after title words run together with it.
static JABATAN_INSIDE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)(?:^|\s){NUMBERING}(nama\s+jabatan|jabatan)\s*\.?\s*(?:\(([^()]*)\)\s*)?\s*[:;]\s*(.*)$"))
        .expect("label pattern")
});

/// A label with no colon, as Tesseract's page segmentation (psm 3, used by
/// OCRmyPDF and scanner apps) writes it into a searchable scan's text layer:
/// numbered (`1. Jabatan SEKRETARIS KECAMATAN`, `2. Tugas Melaksanakan ...`)
/// or in capitals (`JABATAN Pengelola Data`). The number or the capitals make
/// it a label.
static BARE_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\s*(?:\d{1,2}\s*[.)]\s*(?P<num>(?i:nama\s+jabatan|jabatan|tugas(?:\s+pokok)?|fungsi(?:\s+utama)?|tujuan|indikator\s+tujuan|eselon))|(?P<caps>NAMA\s+JABATAN|JABATAN|TUGAS(?:\s+POKOK)?|FUNGSI(?:\s+UTAMA)?|TUJUAN|INDIKATOR\s+TUJUAN|ESELON))\.?\s+(?P<rest>\S.*)$",
    )
    .expect("bare label pattern")
});

/// Reads a label at the start of a line, or a jabatan label after title words
/// on the same line (`INDIKATOR KINERJA INDIVIDU TAHUN 2024 JABATAN : X`).
pub(crate) fn label(text: &str) -> Option<Label<'_>> {
    if let Some(c) = LABEL.captures(text) {
        return Some(Label {
            kind: kind_of(&c[1]),
            value: c.get(3).map_or("", |m| m.as_str().trim()),
            bracket: c.get(2).map(|m| m.as_str().trim()),
            start: 0,
        });
    }
    if let Some(c) = BARE_LABEL.captures(text) {
        let word = c.name("num").or(c.name("caps")).map_or("", |m| m.as_str());
        return Some(Label { kind: kind_of(word), value: c.name("rest").map_or("", |m| m.as_str().trim()), bracket: None, start: 0 });
    }
    let c = JABATAN_INSIDE.captures(text)?;
    let start = c.get(0).map_or(0, |m| m.start());
    if start == 0 || !is_title(&text[..start]) {
        return None;
    }
    Some(Label {
        kind: LabelKind::Jabatan,
        value: c.get(3).map_or("", |m| m.as_str().trim()),
        bracket: c.get(2).map(|m| m.as_str().trim()),
        start,
    })
}

fn kind_of(word: &str) -> LabelKind {
    let w = word.to_lowercase();
    match w.split_whitespace().next().unwrap_or("") {
        "nama" | "jabatan" => LabelKind::Jabatan,
        "tugas" => LabelKind::Tugas,
        "fungsi" => LabelKind::Fungsi,
        "tujuan" => LabelKind::Tujuan,
        "indikator" => LabelKind::IndikatorTujuan,
        _ => LabelKind::Eselon,
    }
}

/// Words a block title is made of.
const TITLE_WORDS: &[&str] = &[
    "indikator",
    "kinerja",
    "individu",
    "utama",
    "iki",
    "iku",
    "eselon",
    "tahun",
    "kecamatan",
    "pemerintah",
    "kabupaten",
    "kota",
    "kab",
    "lampiran",
    "program",
    "kegiatan",
    "perangkat",
    "daerah",
    "di",
    "lingkungan",
    "pada",
    "dan",
    "sub",
];
static YEARISH: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(?:19|20)\d\d$|^[IVX]{1,4}(?:\.?[ab])?$").unwrap());

/// Is this line a title set above a block (`INDIKATOR KINERJA INDIVIDU (IKI)`,
/// `KECAMATAN JABUNG`, `TAHUN 2023 – 2026`, `PEMERINTAH KABUPATEN MALANG`)?
/// It holds a title key word, and besides title words, years and numerals at
/// most a place name (three words) remains. A label line is never a title.
pub(crate) fn is_title(text: &str) -> bool {
    if label(text).is_some() || text.trim_end().ends_with(':') {
        return false;
    }
    let words: Vec<String> = text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect();
    if words.is_empty() || words.len() > 12 {
        return false;
    }
    let has = |k: &str| words.iter().any(|w| w == k);
    let year = words.iter().any(|w| YEARISH.is_match(&w.to_uppercase()));
    // "Tahun" titles only with a year ("TAHUN 2024"), a wilayah only in capitals.
    let keyed = ["indikator", "kecamatan", "pemerintah"].iter().any(|k| has(k))
        || has("tahun") && year
        || (has("kabupaten") || has("kota")) && has_upper_majority(text);
    if !keyed {
        return false;
    }
    let rest = words.iter().filter(|w| !TITLE_WORDS.contains(&w.as_str()) && !YEARISH.is_match(w.to_uppercase().as_str())).count();
    rest <= 3 && (has_upper_majority(text) || rest <= 1)
}

fn has_upper_majority(text: &str) -> bool {
    let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
    let upper = letters.iter().filter(|c| c.is_uppercase()).count();
    !letters.is_empty() && upper * 10 >= letters.len() * 7
}

/// The jenis a title names: `IKU` for INDIKATOR KINERJA UTAMA / IKU, `IKI` for
/// INDIKATOR KINERJA INDIVIDU / IKI.
pub(crate) fn title_jenis(text: &str) -> Option<&'static str> {
    static JENIS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)indikator\s+kinerja\s+(individu|utama)|\b(iki|iku)\b").unwrap());
    let c = JENIS.captures(text)?;
    let w = c.get(1).or(c.get(2)).map_or("", |m| m.as_str()).to_lowercase();
    Some(if w == "utama" || w == "iku" { "IKU" } else { "IKI" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_forms() {
        for (line, kind, value) in [
            ("1. Jabatan : SEKRETARIS KECAMATAN", LabelKind::Jabatan, "SEKRETARIS KECAMATAN"),
            // OCR of a blurred photo: the number's dot read as a comma.
            ("1, Jabatan : Sekretaris Kecamatan Kromengan", LabelKind::Jabatan, "Sekretaris Kecamatan Kromengan"),
            ("JABATAN : X", LabelKind::Jabatan, "X"),
            ("JABATAN. : Kepala Sub Bagian Tata Usaha", LabelKind::Jabatan, "Kepala Sub Bagian Tata Usaha"),
            ("1. NAMA JABATAN : KASI PEMERINTAHAN", LabelKind::Jabatan, "KASI PEMERINTAHAN"),
            ("Jabatan (Eselon III) : SEKRETARIS KECAMATAN", LabelKind::Jabatan, "SEKRETARIS KECAMATAN"),
            ("Jabatan ( ) : Seksi Trantib", LabelKind::Jabatan, "Seksi Trantib"),
            ("JABATAN             :     Kepala Sub Bagian", LabelKind::Jabatan, "Kepala Sub Bagian"),
            ("JABATAN 1 Analis Pelayanan", LabelKind::Jabatan, "Analis Pelayanan"),
            ("TUGAS. :", LabelKind::Tugas, ""),
            ("2. Tugas Pokok : Membantu Camat", LabelKind::Tugas, "Membantu Camat"),
            ("c. Fungsi Utama : a. Perencanaan", LabelKind::Fungsi, "a. Perencanaan"),
            ("III. FUNGSI :", LabelKind::Fungsi, ""),
            ("Indikator Tujuan : X", LabelKind::IndikatorTujuan, "X"),
            ("3. Fungsi 1 - Perencanaan kegiatan", LabelKind::Fungsi, "- Perencanaan kegiatan"),
        ] {
            let l = label(line).unwrap_or_else(|| panic!("{line}"));
            assert_eq!((l.kind, l.value), (kind, value), "{line}");
        }
        assert_eq!(label("Jabatan (Eselon IV) : X").unwrap().bracket, Some("Eselon IV"));
        assert!(label("Mengoordinasikan penyusunan analisis jabatan, analisis").is_none());
        assert!(label("Fungsi kecamatan adalah").is_none());
        // Titles run together with the label on one line.
        let l = label("INDIKATOR KINERJA INDIVIDU TAHUN 2024 JABATAN : Kasi Trantib").unwrap();
        assert_eq!((l.kind, l.value), (LabelKind::Jabatan, "Kasi Trantib"));
        assert!(label("uraian tentang jabatan : ketentuan").is_none());
        // No colon (a searchable scan's OCR layer): the number or the capitals make the label.
        assert_eq!(label("1. Jabatan SEKRETARIS KECAMATAN").map(|l| (l.kind, l.value)), Some((LabelKind::Jabatan, "SEKRETARIS KECAMATAN")));
        assert_eq!(label("JABATAN Pengelola Data").map(|l| (l.kind, l.value)), Some((LabelKind::Jabatan, "Pengelola Data")));
        assert_eq!(label("2. Tugas ¢ Melaksanakan koordinasi").map(|l| l.kind), Some(LabelKind::Tugas));
        assert!(label("Jabatan fungsional umum").is_none(), "a label without a colon needs its number or capitals");
    }

    #[test]
    fn titles() {
        for t in [
            "INDIKATOR KINERJA INDIVIDU",
            "INDIKATOR KINERJA INDIVIDU (IKI)",
            "INDIKATOR KINERJA UTAMA ESELON IV",
            "KECAMATAN JABUNG",
            "TAHUN 2024",
            "TAHUN 2023 – 2026",
            "PEMERINTAH KABUPATEN MALANG",
            "INDIKATOR KINERJA INDIVIDU KECAMATAN JABUNG TAHUN 2022",
            "KECAMATAN KANIGARAN KOTA PROBOLINGGO",
        ] {
            assert!(is_title(t), "{t}");
        }
        for t in [
            "JABATAN : SEKRETARIS KECAMATAN",
            "Melaksanakan koordinasi perencanaan evaluasi dan pelaporan program kecamatan",
            "Kepala Seksi Pemerintahan",
            "Tugas :",
            "pada tahun berjalan dibagi jumlah",
            "1. Jabatan SEKRETARIS KECAMATAN",
        ] {
            assert!(!is_title(t), "{t}");
        }
        assert_eq!(title_jenis("INDIKATOR KINERJA UTAMA ESELON IV"), Some("IKU"));
        assert_eq!(title_jenis("INDIKATOR KINERJA INDIVIDU (IKI)"), Some("IKI"));
    }
}
