//! The decree's metadata: jenis, wilayah, kecamatan, nomor, tanggal, tahun, camat.

use std::sync::LazyLock;

use regex::Regex;

use crate::layout::TextLine;
use crate::record::Metadata;
use crate::vocab::fold;

static PEMERINTAH: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\bpemerintah\s+(kabupaten|kota|kab\.)\s+([A-Za-z][A-Za-z .'-]{1,40})").unwrap());
static WILAYAH_ANY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(kabupaten|kota)\s+([A-Z][A-Za-z'-]+(?:\s+[A-Z][A-Za-z'-]+)?)").unwrap());
static KECAMATAN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)^\s*kecamatan\s+([A-Za-z][A-Za-z .'-]{1,40})$").unwrap());
static CAMAT_OF: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)\bcamat\s+([A-Za-z][A-Za-z'-]+(?:\s+[A-Za-z][A-Za-z'-]+)?)").unwrap());
/// `KEPUTUSAN CAMAT TEKUNG NOMOR 020 TAHUN 2023` on one title line.
static NOMOR_IN_TITLE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)\b(?:keputusan|camat)\b.*\bnomor\s*[:.]?\s*(\S.*)$").unwrap());
/// `KECAMATAN TEKUNG` inside a block title, in capitals.
static KECAMATAN_IN_TITLE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\bKECAMATAN\s+([A-Z][A-Z'-]+)").unwrap());
/// A block named `Camat Tekung`.
static CAMAT_JABATAN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)^\s*camat\s+([A-Za-z][A-Za-z'-]+)\s*$").unwrap());
static NOMOR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)^\s*nomor\s*[:.]?\s*(\S.*)$").unwrap());
static TANGGAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)tanggal\s*[:.]?\s*(?:(\d{1,2})\s+)?(januari|februari|pebruari|maret|april|mei|juni|juli|agustus|september|oktober|nopember|november|desember)\s+(\d{4})").unwrap()
});
static JENIS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)indikator\s+kinerja\s+(individu|utama)").unwrap());
static YEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b(19[5-9]\d|20\d\d)\b").unwrap());
/// Academic and civil-service titles that mark a person's name.
static TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(^|[\s,])(drs?|ir|dr|hj?|s\.\s?(sos|h|e|ip|stp|pd|kom|t|ag|si|hut|ap)|m\.\s?(m|si|ap|ag|pd|kp|h|t|sc)|sh|se|mm|msi|ssos)\.?(,|\s|$)").unwrap()
});
static NOT_A_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(camat|kecamatan|pembina|penata|nip|ditetapkan|pada\s+tanggal|lampiran|keputusan|nomor|tentang)\b").unwrap()
});

/// Reads the metadata from the decree lines; `all` (every text line of the
/// document) is searched for what the decree part lacks, such as a signature
/// placed at the end of the lampiran.
pub fn metadata(decree: &[TextLine], all: &[TextLine], headings: &[String]) -> Metadata {
    let texts: Vec<&str> = decree.iter().map(|l| l.text.as_str()).collect();
    let all_texts: Vec<&str> = all.iter().map(|l| l.text.as_str()).collect();
    let first_of = |lines: &[&str], f: &dyn Fn(&str) -> Option<String>| lines.iter().find_map(|t| f(t));

    let jenis = first_of(&texts, &|t| JENIS.captures(t).map(|c| c[1].to_lowercase()))
        .or_else(|| headings.iter().find_map(|h| JENIS.captures(h).map(|c| c[1].to_lowercase())))
        .map(|j| if j == "utama" { "IKU".to_string() } else { "IKI".to_string() });

    let wilayah = first_of(&texts, &|t| PEMERINTAH.captures(t).map(|c| wilayah_name(&c[1], &c[2])))
        .or_else(|| first_of(&texts, &|t| WILAYAH_ANY.captures(t).map(|c| wilayah_name(&c[1], &c[2]))));

    let kecamatan = first_of(&texts, &|t| KECAMATAN.captures(t.trim()).map(|c| title_case(c[1].trim())))
        .or_else(|| first_of(&texts, &|t| CAMAT_OF.captures(t).map(|c| title_case(c[1].trim()))))
        // No decree page: the lampiran's headings (`KECAMATAN TEKUNG`).
        .or_else(|| first_of(&all_texts, &|t| KECAMATAN.captures(t.trim()).map(|c| title_case(c[1].trim()))))
        .or_else(|| headings.iter().find_map(|h| KECAMATAN_IN_TITLE.captures(h).map(|c| title_case(c[1].trim()))))
        .map(|k| strip_wilayah(&k));

    let nomor_sk = first_of(&texts, &|t| NOMOR.captures(t).map(|c| fold(&c[1])))
        .or_else(|| first_of(&texts, &|t| NOMOR_IN_TITLE.captures(t).map(|c| fold(&c[1]))))
        .or_else(|| first_of(&all_texts, &|t| NOMOR.captures(t).map(|c| fold(&c[1]))));

    // The most specific date wins (a day beats a bare month).
    let dates: Vec<(Option<u32>, u32, i32)> = texts
        .iter()
        .chain(all_texts.iter())
        .filter_map(|t| TANGGAL.captures(t))
        .filter_map(|c| {
            let day = c.get(1).and_then(|d| d.as_str().parse().ok());
            Some((day, month_number(&c[2])?, c[3].parse().ok()?))
        })
        .collect();
    let date = dates.iter().find(|d| d.0.is_some()).or(dates.first()).copied();
    let tanggal_ditetapkan = date.map(|(d, m, y)| match d {
        Some(d) => format!("{y:04}-{m:02}-{d:02}"),
        None => format!("{y:04}-{m:02}"),
    });
    let tahun =
        date.map(|d| d.2).or_else(|| nomor_sk.as_deref().and_then(|n| YEAR.find_iter(n).last()).and_then(|m| m.as_str().parse().ok()));

    let camat = camat_name(&texts).or_else(|| camat_name(&all_texts));

    Metadata { jenis, wilayah, kecamatan, nomor_sk, tanggal_ditetapkan, tahun, camat }
}

/// Fills what the decree part left open from the blocks: the jenis their
/// titles name (they win over the decree's title when they agree among
/// themselves), the kecamatan from a block named `Camat X`.
pub fn complete_from_blocks(meta: &mut Metadata, spans: &[crate::segment::BlockSpan], blocks: &[crate::record::Block]) {
    use crate::vocab::labels::title_jenis;
    let mut votes = (0usize, 0usize);
    for span in spans {
        // Column headers are no evidence: IKI tables often head their
        // indicator column INDIKATOR KINERJA UTAMA.
        let said = span.heading.as_deref().and_then(title_jenis);
        match said {
            Some("IKU") => votes.1 += 1,
            Some(_) => votes.0 += 1,
            None => {}
        }
    }
    if votes.0 != votes.1 {
        meta.jenis = Some(if votes.1 > votes.0 { "IKU" } else { "IKI" }.to_string());
    }
    if meta.kecamatan.is_none() {
        meta.kecamatan = blocks.iter().find_map(|b| CAMAT_JABATAN.captures(&b.jabatan).map(|c| title_case(&c[1])));
    }
}

/// The signatory: the first name-like line within a few lines after a line that
/// starts with `CAMAT`.
fn camat_name(lines: &[&str]) -> Option<String> {
    for (i, t) in lines.iter().enumerate() {
        // Stamp debris may precede the title ("— CAMAT KROMENGAN").
        if !t.trim_start_matches(|c: char| !c.is_alphanumeric()).to_uppercase().starts_with("CAMAT") {
            continue;
        }
        for cand in lines.iter().skip(i + 1).take(12) {
            let c = cand.trim();
            if c.len() < 5 || NOT_A_NAME.is_match(c) || !c.chars().any(char::is_alphabetic) {
                continue;
            }
            if TITLE.is_match(c) && reads_as_name(c) {
                return Some(fold(c));
            }
        }
    }
    None
}

/// A signatory's name as typed: every word starts with a capital and holds only
/// letters and `. , ' -` ("Drs. HADI SUCIPTO. M. AP.", "NOOR ALY, S.H., M.M"),
/// or is a lower-case name particle. A line with a stamp's ring text read into
/// it ("- nVNOOR ALY", "eS” JOANICO") is not a name.
pub fn reads_as_name(s: &str) -> bool {
    const PARTICLES: &[&str] = &["bin", "binti", "da", "de", "van", "von", "dan"];
    s.split_whitespace().all(|w| {
        let letters_only = w.chars().all(|c| c.is_alphabetic() || matches!(c, '.' | ',' | '\'' | '-'));
        letters_only && (w.chars().next().is_some_and(char::is_uppercase) || PARTICLES.contains(&w))
    })
}

fn wilayah_name(kind: &str, name: &str) -> String {
    let kind = if kind.to_lowercase().starts_with("kota") { "Kota" } else { "Kabupaten" };
    format!("{kind} {}", title_case(name.trim()))
}

/// "KANIGARAN KOTA PROBOLINGGO" -> "Kanigaran".
fn strip_wilayah(k: &str) -> String {
    let lower = k.to_lowercase();
    for marker in [" kota ", " kabupaten ", " kab. "] {
        if let Some(p) = lower.find(marker) {
            return k[..p].trim().to_string();
        }
    }
    k.to_string()
}

fn month_number(m: &str) -> Option<u32> {
    let m = m.to_lowercase();
    let months = [
        ["januari", ""],
        ["februari", "pebruari"],
        ["maret", ""],
        ["april", ""],
        ["mei", ""],
        ["juni", ""],
        ["juli", ""],
        ["agustus", ""],
        ["september", ""],
        ["oktober", ""],
        ["november", "nopember"],
        ["desember", ""],
    ];
    months.iter().position(|names| names.contains(&m.as_str())).map(|p| p as u32 + 1)
}

/// "JABUNG" -> "Jabung", "KOTA BATU" -> "Kota Batu".
pub fn title_case(s: &str) -> String {
    s.split_whitespace()
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_uppercase().collect::<String>() + &c.as_str().to_lowercase(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Rect;

    fn lines(texts: &[&str]) -> Vec<TextLine> {
        texts.iter().map(|t| TextLine { page: 1, text: t.to_string(), bbox: Rect::default(), words: vec![] }).collect()
    }

    #[test]
    fn reads_a_decree_head_and_signature() {
        let decree = lines(&[
            "PEMERINTAH KABUPATEN MALANG",
            "KECAMATAN KROMENGAN",
            "KEPUTUSAN",
            "CAMAT KROMENGAN",
            "NOMOR: 188.45/ /35.07.31/2019",
            "TENTANG",
            "INDIKATOR KINERJA INDIVIDU KECAMATAN KROMENGAN",
            "Ditetapkan di : Kromengan",
            "Pada Tanggal : Januari 2019",
            "CAMAT KROMENGAN",
            "TAH KECA",
            "JOANICO DA COSTA, S.Sos., M.M.",
        ]);
        let m = metadata(&decree, &decree, &[]);
        assert_eq!(m.jenis.as_deref(), Some("IKI"));
        assert_eq!(m.wilayah.as_deref(), Some("Kabupaten Malang"));
        assert_eq!(m.kecamatan.as_deref(), Some("Kromengan"));
        assert_eq!(m.nomor_sk.as_deref(), Some("188.45/ /35.07.31/2019"));
        assert_eq!(m.tanggal_ditetapkan.as_deref(), Some("2019-01"));
        assert_eq!(m.tahun, Some(2019));
        assert_eq!(m.camat.as_deref(), Some("JOANICO DA COSTA, S.Sos., M.M."));
    }

    #[test]
    fn a_name_with_stamp_debris_is_not_the_camat() {
        let decree = lines(&["CAMAT KANIGARAN", "- nVNOOR ALY, S.H., M.M", "Pembina"]);
        assert_eq!(metadata(&decree, &decree, &[]).camat, None);
        let decree = lines(&["CAMAT KANIGARAN", "NOOR ALY, S.H., M.M", "Pembina"]);
        assert_eq!(metadata(&decree, &decree, &[]).camat.as_deref(), Some("NOOR ALY, S.H., M.M"));
        assert!(reads_as_name("Drs. HADI SUCIPTO. M. AP."));
        assert!(reads_as_name("JOANICO DA COSTA, S.Sos., M.M."));
        assert!(!reads_as_name("eS” JOANICO DA COSTA, S.Sos., M.M."));
    }

    #[test]
    fn a_full_date_beats_a_bare_month() {
        let decree = lines(&["Pada tanggal : Januari 2024", "Pada tanggal : 24 Januari 2024", "PEMERINTAH KOTA PROBOLINGGO"]);
        let m = metadata(&decree, &decree, &[]);
        assert_eq!(m.tanggal_ditetapkan.as_deref(), Some("2024-01-24"));
        assert_eq!(m.wilayah.as_deref(), Some("Kota Probolinggo"));
    }
}
