//! Jabatan names (abbreviations expanded, the kecamatan's own name dropped) and
//! canonical roles (contract: Roles).

use std::sync::LazyLock;

use regex::Regex;

use crate::record::Block;
use crate::vocab::fold;

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

/// Canonical roles in contract order (README: Roles).
pub(crate) const ROLES: &[&str] = &[
    "camat",
    "sekretaris_kecamatan",
    "kasubag_umum_kepegawaian",
    "kasubag_keuangan",
    "kasubag_perencanaan",
    "kasubag_program_keuangan",
    "kasubag_tata_usaha",
    "kasi_pemerintahan",
    "kasi_trantib",
    "kasi_kesejahteraan_sosial",
    "kasi_pemberdayaan_masyarakat",
    "kasi_pelayanan",
    "kasi_pembangunan",
    "lurah",
    "sekretaris_kelurahan",
    "bendahara",
    "pelaksana",
    "other",
];

const SMALL_WORDS: &[&str] = &["dan", "pada", "di", "ke", "dari", "yang", "untuk", "atau", "serta"];

/// "KASI PEMERINTAHAN" -> "Kepala Seksi Pemerintahan"; "Seksi Pemerintahan
/// Kecamatan Kromengan" -> "Kepala Seksi Pemerintahan" (the document's own
/// kecamatan name is dropped from the end; a block titled by its unit is the
/// post of the unit's head).
pub(crate) fn normalize_jabatan(jabatan: &str, kecamatan: Option<&str>) -> String {
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
    // A block titled by its unit ("Seksi Pemerintahan") is the head's post.
    let (plt, rest) = match s.strip_prefix("Plt. ") {
        Some(r) => ("Plt. ", r.to_string()),
        None => ("", s.clone()),
    };
    let lr = rest.to_lowercase();
    if lr.starts_with("seksi ") || lr.starts_with("sub bagian ") {
        s = format!("{plt}Kepala {rest}");
    }
    s.split(' ')
        .enumerate()
        .map(|(i, w)| {
            let lw = w.to_lowercase();
            if i > 0 && SMALL_WORDS.contains(&lw.as_str()) {
                lw
            } else if w.len() <= 4
                && w.chars().all(|c| c.is_uppercase() || !c.is_alphabetic())
                && w.chars().filter(|c| c.is_alphabetic()).count() >= 2
                && !["KASI", "DATA", "UMUM", "ASET"].contains(&w)
            {
                w.to_string() // an acronym such as TU, PPKD
            } else {
                crate::segment::metadata::title_case(w)
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The canonical role of a block (contract: Roles). A post whose title names no
/// known role but whose superior (`unit`) does is a staff post: `pelaksana`.
pub(crate) fn role_of(block: &Block) -> &'static str {
    // One table for the whole kecamatan, named by no position.
    if block.jabatan.trim().is_empty() && !block.indicators.is_empty() {
        return "unit";
    }
    let role = role_of_title(&block.jabatan);
    if role == "other" && block.unit.as_deref().is_some_and(|u| role_of_title(u) != "other") {
        return "pelaksana";
    }
    role
}

/// The canonical role named by a jabatan title alone.
pub(crate) fn role_of_title(jabatan: &str) -> &'static str {
    let j = format!(" {} ", normalize_jabatan(jabatan, None).to_lowercase().replace([',', '.', '(', ')'], " "));
    let j = fold(&j);
    let first = j.split(' ').next().unwrap_or("");
    let has = |w: &str| j.contains(w);
    const STAFF: &[&str] = &[
        "pengadministrasi",
        "pengelola",
        "analis",
        "pranata",
        "verifikator",
        "pramu",
        "pengolah",
        "operator",
        "pengemudi",
        "penyusun",
        "pengaman",
        "pengawas",
        "petugas",
        "staf",
        "staff",
        "pelaksana",
        "juru",
        "caraka",
        "penata",
        "teknisi",
        "pengagenda",
        "pengarsip",
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jabatan_names_and_roles() {
        assert_eq!(normalize_jabatan("KASI PEMERINTAHAN", None), "Kepala Seksi Pemerintahan");
        assert_eq!(normalize_jabatan("Seksi Pemerintahan Kecamatan Kromengan", Some("Kromengan")), "Kepala Seksi Pemerintahan");
        assert_eq!(normalize_jabatan("Kasi Pemerintahan", None), "Kepala Seksi Pemerintahan");
        assert_eq!(normalize_jabatan("Kepala Seksi Pemerintahan", None), "Kepala Seksi Pemerintahan");
        assert_eq!(
            normalize_jabatan("Plt. Sub Bagian Umum, Kepegawaian, Keuangan dan Aset Kecamatan Kromengan", Some("Kromengan")),
            "Plt. Kepala Sub Bagian Umum, Kepegawaian, Keuangan dan Aset"
        );
        assert_eq!(normalize_jabatan("Pengelola Data pada Seksi Pemerintahan", None), "Pengelola Data pada Seksi Pemerintahan");
        assert_eq!(normalize_jabatan("Sekretaris Kecamatan Kromengan", Some("Kromengan")), "Sekretaris Kecamatan");
        assert_eq!(
            normalize_jabatan("KASUBAG. UMUM, KEPEGAWAIAN, KEUANGAN, DAN ASET", None),
            "Kepala Sub Bagian Umum, Kepegawaian, Keuangan, dan Aset"
        );
        assert_eq!(normalize_jabatan("Kasubbag Perencanaan", None), "Kepala Sub Bagian Perencanaan");
        assert_eq!(normalize_jabatan("SEKCAM", None), "Sekretaris Kecamatan");
        let role = |j: &str| role_of(&Block { jabatan: j.into(), ..Default::default() });
        assert_eq!(role("KASI KETENTERAMAN DAN KETERTIBAN"), "kasi_trantib");
        assert_eq!(role("Kasi Pemerintahan"), "kasi_pemerintahan");
        assert_eq!(role("Kepala Seksi Pemerintahan"), "kasi_pemerintahan");
        assert_eq!(role("Seksi Pemerintahan Kecamatan Kromengan"), "kasi_pemerintahan");
        assert_eq!(role("Sekcam"), "sekretaris_kecamatan");
        assert_eq!(role("Plt. Sub Bagian Umum, Kepegawaian, Keuangan dan Aset Kecamatan Kromengan"), "kasubag_umum_kepegawaian");
        assert_eq!(role("Pengelola Data Pemberdayaan Masyarakat pada Seksi Pemberdayaan Masyarakat"), "pelaksana");
        assert_eq!(role("Kepala Sub Bagian Program dan Keuangan"), "kasubag_program_keuangan");
        assert_eq!(role("Bendahara Pengeluaran Pembantu pada Sekretariat Kelurahan"), "bendahara");
        assert_eq!(role("Lurah"), "lurah");
        assert_eq!(role("SEKRETARIS KECAMATAN"), "sekretaris_kecamatan");
        // A post with an unknown title but a known superior is staff of that unit.
        let staff = Block { jabatan: "Pembantu Umum".into(), unit: Some("Kasi Ketentraman dan Ketertiban".into()), ..Default::default() };
        assert_eq!(role_of(&staff), "pelaksana");
        let eselon = Block { jabatan: "Kepala Urusan Umum".into(), eselon: Some("IV.b".into()), ..Default::default() };
        assert_eq!(role_of(&eselon), "other");
    }

    /// The schema's list of roles (an attribute on `Block::role`) is this
    /// module's, with `unit`.
    #[test]
    fn the_schema_lists_these_roles() {
        let schema = crate::record::schema();
        let mut listed: Vec<&str> = schema.as_value()["$defs"]["Block"]["properties"]["role"]["enum"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|v| v.as_str())
            .collect();
        let mut known: Vec<&str> = ROLES.iter().copied().chain(["unit"]).collect();
        known.sort_unstable();
        listed.sort_unstable();
        assert_eq!(listed, known);
    }
}
