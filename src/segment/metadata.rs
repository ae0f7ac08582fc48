//! The decree's metadata: jenis, wilayah, kecamatan, nomor, tanggal, tahun, camat.

use std::sync::LazyLock;

use regex::Regex;

use crate::layout::TextLine;
use crate::record::Metadata;
use crate::vocab::fold;

/// `PEMERINTAH KABUPATEN MALANG`: the wilayah's name follows.
static PEMERINTAH: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)\bpemerintah\s+(kabupaten|kota|kab\.?)\s+(.+)$").unwrap());
/// `KABUPATEN MALANG` anywhere in a line; the name follows.
static WILAYAH_ANY: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)(?:^|[^/\w])(kabupaten|kota|kab\.)\s+(.+)$").unwrap());
/// `KECAMATAN JABUNG` as a heading line of its own.
static KECAMATAN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)^\s*kecamatan\s+([A-Za-z][A-Za-z .'-]{1,40})$").unwrap());
static CAMAT_OF: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)\bcamat\s+(.+)$").unwrap());
/// `KEPUTUSAN CAMAT TEKUNG NOMOR 020 TAHUN 2023` on one title line.
static NOMOR_IN_TITLE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)\b(?:keputusan|camat)\b.*\bnomor\s*[:.]?\s*(\S.*)$").unwrap());
/// `KECAMATAN TEKUNG` inside a block title, in capitals.
static KECAMATAN_IN_TITLE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\bKECAMATAN\s+([A-Z][A-Z'-]+)").unwrap());
/// A block named `Camat Tekung`.
static CAMAT_JABATAN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)^\s*camat\s+([A-Za-z][A-Za-z'-]+)\s*$").unwrap());
/// The considerations of a decree (`Menimbang :`, `Mengingat :`,
/// `Memperhatikan :`), where the regulations it rests on are cited with their
/// own numbers, years and dates.
static CONSIDERANDA: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)^\s*(menimbang|mengingat|memperhatikan)\b").unwrap());
/// Where the considerations end: the decision (`MEMUTUSKAN`, `Menetapkan :`,
/// `KESATU`).
static DECISION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(m\s*e\s*m\s*u\s*t\s*u\s*s\s*k\s*a\s*n\b|menetapkan\b|kesatu\b|pertama\s*:|lampiran\b)").unwrap()
});
/// Where a decree number stops: the subject (`TENTANG ...`) or the date.
static NOMOR_END: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)\s+(tentang|tanggal)\b.*$").unwrap());
/// Words that end a place name read after `KABUPATEN`, `KOTA`, `KECAMATAN`
/// or `CAMAT`: the next part of an address or a title.
const NOT_PLACE: &[&str] = &[
    "kecamatan",
    "kelurahan",
    "desa",
    "kabupaten",
    "kota",
    "kab",
    "provinsi",
    "propinsi",
    "nomor",
    "no",
    "tentang",
    "tahun",
    "jalan",
    "jl",
    "telp",
    "telepon",
    "email",
    "e",
    "website",
    "kode",
    "pos",
    "fax",
    "dan",
    "di",
    "yang",
    "pada",
    "dalam",
    "untuk",
    "sebagai",
    "tanggal",
    "lampiran",
    "indikator",
    "kinerja",
    "keputusan",
    "camat",
    "selaku",
];
static NOMOR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)^\s*nomor\s*[:.]?\s*(\S.*)$").unwrap());
/// An Indonesian month's name (old spellings too), as a capture group.
const MONTH: &str = r"(januari|februari|pebruari|maret|april|mei|juni|juli|agustus|september|oktober|nopember|november|desember)";
static TANGGAL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"(?i)tanggal\s*[:.]?\s*(?:(\d{{1,2}})\s+)?{MONTH}\s+(\d{{4}})")).unwrap());
/// A date with its day, unlabelled (`24 Januari 2024`).
static DAY_DATE: LazyLock<Regex> = LazyLock::new(|| Regex::new(&format!(r"(?i)\b(\d{{1,2}})\s+{MONTH}\s+(\d{{4}})\b")).unwrap());
/// Lines after a labelled date without its day where the day put in at
/// signing is looked for.
const DAY_STAMP_LINES: usize = 4;
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
/// placed at the end of the lampiran. `headings` are the title lines set
/// above the blocks.
///
/// The decree's own number is the one of its title block (`KEPUTUSAN CAMAT X`
/// / `NOMOR ...`, or all on one line); numbers, years and dates cited under
/// `Menimbang`, `Mengingat` and `Memperhatikan` are never taken for the
/// decree's.
pub(crate) fn metadata(decree: &[TextLine], all: &[TextLine], headings: &[String]) -> Metadata {
    let texts = outside_consideranda(decree);
    let all_texts = outside_consideranda(all);
    // The title block: the decree's lines before its considerations.
    let title_block: Vec<&str> = decree.iter().map(|l| l.text.as_str()).take_while(|t| !CONSIDERANDA.is_match(t)).collect();
    let first_of = |lines: &[&str], f: &dyn Fn(&str) -> Option<String>| lines.iter().find_map(|t| f(t));
    let headings: Vec<&str> = headings.iter().map(String::as_str).collect();

    let jenis = first_of(&texts, &|t| JENIS.captures(t).map(|c| c[1].to_lowercase()))
        .or_else(|| headings.iter().find_map(|h| JENIS.captures(h).map(|c| c[1].to_lowercase())))
        .map(|j| if j == "utama" { "IKU".to_string() } else { "IKI".to_string() });

    let wilayah = wilayah(&texts).or_else(|| wilayah(&headings)).or_else(|| wilayah_in_headings(&all_texts));

    let kecamatan = first_of(&texts, &|t| KECAMATAN.captures(t.trim()).and_then(|c| place_name(&c[1])))
        .or_else(|| first_of(&texts, &|t| CAMAT_OF.captures(t).and_then(|c| place_name(&c[1]))))
        // No decree page: the lampiran's headings (`KECAMATAN TEKUNG`).
        .or_else(|| first_of(&all_texts, &|t| KECAMATAN.captures(t.trim()).and_then(|c| place_name(&c[1]))))
        .or_else(|| headings.iter().find_map(|h| KECAMATAN_IN_TITLE.captures(h).and_then(|c| place_name(&c[1]))));

    let nomor_sk = first_of(&title_block, &nomor_of)
        .or_else(|| first_of(&texts, &|t| NOMOR.captures(t).and_then(|c| nomor_value(&c[1]))))
        .or_else(|| first_of(&all_texts, &|t| NOMOR.captures(t).and_then(|c| nomor_value(&c[1]))));

    // The most specific date wins (a day beats a bare month).
    let lists = [&texts, &all_texts];
    let dates: Vec<(Option<u32>, u32, i32)> = lists
        .iter()
        .flat_map(|lines| lines.iter().enumerate().map(move |(i, t)| (lines, i, t)))
        .filter_map(|(lines, i, t)| {
            let c = TANGGAL.captures(t)?;
            let (month, year) = (month_number(&c[2])?, c[3].parse().ok()?);
            let day = c.get(1).and_then(|d| d.as_str().parse().ok()).or_else(|| day_stamped(&lines[i + 1..], month, year));
            Some((day, month, year))
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

/// The lines' texts, without those of the considerations (from `Menimbang`,
/// `Mengingat` or `Memperhatikan` to the decision).
/// The day of a date typed without it (`Pada tanggal : Januari 2024`, left
/// blank for the signing): the same month and year with a day in the lines
/// just below, where an electronic signature's stamp or a hand puts it (its
/// own label often lost to OCR over the stamp).
fn day_stamped(below: &[&str], month: u32, year: i32) -> Option<u32> {
    below.iter().take(DAY_STAMP_LINES).find_map(|t| {
        DAY_DATE.captures_iter(t).find_map(|c| {
            let same = month_number(&c[2]) == Some(month) && c[3].parse() == Ok(year);
            c[1].parse().ok().filter(|d| same && (1..=31).contains(d))
        })
    })
}

fn outside_consideranda(lines: &[TextLine]) -> Vec<&str> {
    let mut inside = false;
    let mut out = Vec::with_capacity(lines.len());
    for l in lines {
        let t = l.text.as_str();
        if CONSIDERANDA.is_match(t) {
            inside = true;
        } else if inside && DECISION.is_match(t) {
            inside = false;
        }
        if !inside {
            out.push(t);
        }
    }
    out
}

/// The decree number in a title line: `NOMOR : 188.4/02/2022` on its own, or
/// after `KEPUTUSAN CAMAT X` on the same line.
fn nomor_of(t: &str) -> Option<String> {
    NOMOR.captures(t).or_else(|| NOMOR_IN_TITLE.captures(t)).and_then(|c| nomor_value(&c[1]))
}

/// A number as written, up to the subject or the date that may follow it on
/// the line.
fn nomor_value(v: &str) -> Option<String> {
    let v = fold(&NOMOR_END.replace(v, ""));
    let v = v.trim_end_matches([',', ';', ':']).trim();
    (!v.is_empty()).then(|| v.to_string())
}

/// The kabupaten or kota named in the lines: after `PEMERINTAH` first, then a
/// heading-like line (`KABUPATEN MALANG`, `KECAMATAN X KOTA Y`), then anywhere.
fn wilayah(lines: &[&str]) -> Option<String> {
    let named = |t: &str, re: &Regex| re.captures(t).and_then(|c| place_name(&c[2]).map(|n| wilayah_name(&c[1], &n)));
    lines
        .iter()
        .find_map(|t| named(t, &PEMERINTAH))
        .or_else(|| wilayah_in_headings(lines))
        .or_else(|| lines.iter().find_map(|t| named(t, &WILAYAH_ANY)))
}

/// The kabupaten or kota of a short heading-like line (a letterhead, a title):
/// at most eight words, mostly capitals.
fn wilayah_in_headings(lines: &[&str]) -> Option<String> {
    lines.iter().filter(|t| is_heading_like(t)).find_map(|t| {
        let c = PEMERINTAH.captures(t).or_else(|| WILAYAH_ANY.captures(t))?;
        place_name(&c[2]).map(|n| wilayah_name(&c[1], &n))
    })
}

fn is_heading_like(t: &str) -> bool {
    let words = t.split_whitespace().count();
    let letters: Vec<char> = t.chars().filter(|c| c.is_alphabetic()).collect();
    let upper = letters.iter().filter(|c| c.is_uppercase()).count();
    (1..=8).contains(&words) && !letters.is_empty() && upper * 10 >= letters.len() * 7
}

/// A place's name at the start of `rest` (what follows `KABUPATEN`, `KOTA`,
/// `KECAMATAN` or `CAMAT`): up to three words of letters that start with a
/// capital, ending before the next part of an address or title
/// (`MALANG KECAMATAN JABUNG` -> `Malang`). Title-cased.
fn place_name(rest: &str) -> Option<String> {
    let mut words = Vec::new();
    for w in rest.split_whitespace() {
        let bare = w.trim_end_matches([',', ';', ':', '.']);
        let lower = bare.to_lowercase();
        let letters = !bare.is_empty() && bare.chars().all(|c| c.is_alphabetic() || matches!(c, '\'' | '-' | '.'));
        if !letters || NOT_PLACE.contains(&lower.trim_end_matches('.')) || !bare.chars().next().is_some_and(char::is_uppercase) {
            break;
        }
        words.push(bare);
        if words.len() == 3 || bare.len() != w.len() {
            break; // a comma or a colon ends the name
        }
    }
    (!words.is_empty()).then(|| title_case(&words.join(" ")))
}

/// Fills what the decree part left open from the blocks: the jenis their
/// titles name (they win over the decree's title when they agree among
/// themselves), the kecamatan from a block named `Camat X`.
pub(crate) fn complete_from_blocks(meta: &mut Metadata, spans: &[crate::segment::BlockSpan], blocks: &[crate::record::Block]) {
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
pub(crate) fn reads_as_name(s: &str) -> bool {
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
pub(crate) fn title_case(s: &str) -> String {
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
    fn the_wilayah_is_the_kabupaten_alone() {
        // A letterhead read as one line, an office export's title.
        let decree = lines(&["PEMERINTAH KABUPATEN MALANG KECAMATAN SUKAMAJU", "KEPUTUSAN CAMAT SUKAMAJU"]);
        let m = metadata(&decree, &decree, &[]);
        assert_eq!(m.wilayah.as_deref(), Some("Kabupaten Malang"));
        assert_eq!(m.kecamatan.as_deref(), Some("Sukamaju"));
        let decree = lines(&["KECAMATAN SUKAMAJU KABUPATEN MALANG", "Jl. Raya No. 1"]);
        let m = metadata(&decree, &decree, &[]);
        assert_eq!((m.wilayah.as_deref(), m.kecamatan.as_deref()), (Some("Kabupaten Malang"), Some("Sukamaju")));
        let decree = lines(&["KEPUTUSAN CAMAT KANIGARAN KOTA PROBOLINGGO", "NOMOR : 700/54/2024"]);
        let m = metadata(&decree, &decree, &[]);
        assert_eq!((m.wilayah.as_deref(), m.kecamatan.as_deref()), (Some("Kota Probolinggo"), Some("Kanigaran")));
        // A heading with no PEMERINTAH before it, in the lampiran's titles only.
        let m = metadata(&[], &lines(&["Tugas : Membantu Camat"]), &["INDIKATOR KINERJA INDIVIDU KABUPATEN MALANG".into()]);
        assert_eq!(m.wilayah.as_deref(), Some("Kabupaten Malang"));
        // "Kabupaten/Kota" in a sentence names no wilayah.
        let decree = lines(&["Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota Sasaran"]);
        assert_eq!(metadata(&decree, &decree, &[]).wilayah, None);
    }

    #[test]
    fn the_number_is_the_title_blocks_not_a_cited_one() {
        let decree = lines(&[
            "PEMERINTAH KABUPATEN MALANG",
            "Menimbang : a. bahwa untuk mengukur kinerja perlu ditetapkan indikator;",
            "Mengingat : 1. Peraturan Menteri Pendayagunaan Aparatur Negara",
            "Nomor 68 Tahun 2015 tentang Indikator Kinerja Utama;",
            "2. Keputusan Camat Sukamaju Nomor 5 Tahun 2022 tanggal 3 Maret 2022;",
            "MEMUTUSKAN :",
            "Menetapkan : KEPUTUSAN CAMAT SUKAMAJU TENTANG INDIKATOR KINERJA INDIVIDU",
            "Ditetapkan di : Sukamaju",
            "Pada tanggal : Januari 2023",
        ]);
        // The title on one line, above the considerations.
        let mut with_title = lines(&["KEPUTUSAN CAMAT SUKAMAJU NOMOR 020 TAHUN 2023", "TENTANG", "INDIKATOR KINERJA INDIVIDU"]);
        with_title.extend(decree.iter().cloned());
        let m = metadata(&with_title, &with_title, &[]);
        assert_eq!(m.nomor_sk.as_deref(), Some("020 TAHUN 2023"));
        assert_eq!((m.tahun, m.tanggal_ditetapkan.as_deref()), (Some(2023), Some("2023-01")));
        // The title and its number on one line with the subject.
        let one = lines(&["KEPUTUSAN CAMAT SUKAMAJU NOMOR 020 TAHUN 2023 TENTANG INDIKATOR KINERJA INDIVIDU"]);
        assert_eq!(metadata(&one, &one, &[]).nomor_sk.as_deref(), Some("020 TAHUN 2023"));
        // No title block at all: the cited regulations still give nothing.
        let m = metadata(&decree, &decree, &[]);
        assert_eq!(m.nomor_sk, None);
        assert_eq!(m.tahun, Some(2023));
        // The lampiran's own heading gives the number.
        let mut all = decree.clone();
        all.extend(lines(&["LAMPIRAN : KEPUTUSAN CAMAT SUKAMAJU", "NOMOR : 188.4/020/35.07/2023"]));
        assert_eq!(metadata(&decree, &all, &[]).nomor_sk.as_deref(), Some("188.4/020/35.07/2023"));
    }

    /// A day stamped at signing below a date typed without it completes it,
    /// whatever OCR made of the stamp's own label; a day of another month, or
    /// far below, does not.
    #[test]
    fn a_stamped_day_completes_a_bare_month() {
        for stamp in ["1 24 Januari 2024", "Ditetapkan a tanggal di : : Sukamaju 24 Januari 2024"] {
            let decree =
                lines(&["Ditetapkan di : Sukamaju", "Pada tanggal : Januari 2024", "Ditetapkan di : Sukamaju", stamp, "CAMAT SUKAMAJU"]);
            assert_eq!(metadata(&decree, &decree, &[]).tanggal_ditetapkan.as_deref(), Some("2024-01-24"), "{stamp}");
        }
        let other = lines(&["Pada tanggal : Januari 2024", "24 Februari 2024"]);
        assert_eq!(metadata(&other, &other, &[]).tanggal_ditetapkan.as_deref(), Some("2024-01"));
        let far = lines(&["Pada tanggal : Januari 2024", "a", "b", "c", "d", "24 Januari 2024"]);
        assert_eq!(metadata(&far, &far, &[]).tanggal_ditetapkan.as_deref(), Some("2024-01"));
    }

    #[test]
    fn a_full_date_beats_a_bare_month() {
        let decree = lines(&["Pada tanggal : Januari 2024", "Pada tanggal : 24 Januari 2024", "PEMERINTAH KOTA PROBOLINGGO"]);
        let m = metadata(&decree, &decree, &[]);
        assert_eq!(m.tanggal_ditetapkan.as_deref(), Some("2024-01-24"));
        assert_eq!(m.wilayah.as_deref(), Some("Kota Probolinggo"));
    }
}
