//! One small decree typeset the ways other kecamatan type theirs (label forms,
//! titles, header wordings, extra and shuffled columns, table rules, page
//! orientation), as HTML that headless Chromium prints to PDF. The same
//! content must give the same records whatever the presentation.

use std::path::Path;

/// One indicator row of the content.
pub struct Row {
    pub sasaran: &'static str,
    pub indikator: &'static str,
    pub formula: &'static str,
    pub sumber: &'static str,
    pub target: &'static str,
}

/// One jabatan block of the content.
pub struct BlockContent {
    pub jabatan: &'static str,
    pub eselon: &'static str,
    pub tugas: [&'static str; 2],
    pub fungsi: [&'static str; 2],
    pub rows: [Row; 2],
}

pub const CONTENT: [BlockContent; 2] = [
    BlockContent {
        jabatan: "SEKRETARIS KECAMATAN",
        eselon: "III",
        tugas: [
            "Melaksanakan koordinasi perencanaan, evaluasi dan pelaporan program kecamatan;",
            "Melaksanakan tugas lain yang diberikan oleh Camat sesuai dengan bidang tugasnya.",
        ],
        fungsi: [
            "Pengelolaan urusan administrasi kepegawaian dan keuangan;",
            "Pengoordinasian perencanaan dan pelaporan program Kecamatan.",
        ],
        rows: [
            Row {
                sasaran: "Meningkatnya kualitas perencanaan kecamatan",
                indikator: "Jumlah dokumen perencanaan yang disusun tepat waktu",
                formula: "Σ dokumen yang disusun / Σ dokumen yang direncanakan × 100%",
                sumber: "Subbagian Perencanaan dan Keuangan",
                target: "100%",
            },
            Row {
                sasaran: "Terlaksananya administrasi umum yang tertib",
                indikator: "Persentase surat yang diselesaikan tepat waktu",
                formula: "Jumlah surat yang selesai / jumlah surat masuk × 100%",
                sumber: "Subbagian Umum dan Kepegawaian",
                target: "90%",
            },
        ],
    },
    BlockContent {
        jabatan: "KEPALA SEKSI PEMERINTAHAN",
        eselon: "IV",
        tugas: ["Menyiapkan bahan perumusan kebijakan urusan pemerintahan;", "Melaksanakan pembinaan penyelenggaraan pemerintahan desa."],
        fungsi: ["Pembinaan administrasi pemerintahan desa;", "Fasilitasi penyusunan peraturan desa."],
        rows: [
            Row {
                sasaran: "Meningkatnya tertib administrasi pemerintahan desa",
                indikator: "Jumlah desa yang dibina administrasinya",
                formula: "Σ desa yang dibina dalam satu tahun",
                sumber: "Seksi Pemerintahan",
                target: "12 desa",
            },
            Row {
                sasaran: "Meningkatnya tertib administrasi pemerintahan desa",
                indikator: "Persentase peraturan desa yang difasilitasi",
                formula: "Σ perdes difasilitasi / Σ perdes diajukan × 100%",
                sumber: "Laporan Seksi Pemerintahan",
                target: "100%",
            },
        ],
    },
];

/// How the block's label is written.
#[derive(Clone, Copy, Debug)]
pub enum LabelStyle {
    Numbered,
    NamaJabatan,
    Period,
    Eselon,
    Table,
    /// No label: the title, the tugas and fungsi, the table, and the position
    /// named only by the signature under the table.
    Signature,
}

/// How the indicator table is ruled.
#[derive(Clone, Copy, Debug)]
pub enum Rules {
    Grid,
    Box,
    HorizontalOnly,
    None,
}

/// The column set and order of the indicator table.
#[derive(Clone, Copy, Debug)]
pub enum Columns {
    Plain,
    Strategis,
    /// NO, shuffled columns, an extra TARGET column, a (1) (2) ... row.
    NumberedShuffled,
}

#[derive(Clone, Copy, Debug)]
pub struct Style {
    pub label: LabelStyle,
    pub titles: bool,
    pub columns: Columns,
    pub rules: Rules,
    pub landscape: bool,
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// The decree as HTML in the given style.
pub fn html(style: &Style) -> String {
    let mut h = String::new();
    let size = if style.landscape { "A4 landscape" } else { "A4 portrait" };
    let (cell_border, table_border, head_border) = match style.rules {
        Rules::Grid => ("1px solid #000", "1px solid #000", "1px solid #000"),
        Rules::Box => ("none", "1px solid #000", "1px solid #000"),
        Rules::HorizontalOnly => ("none", "none", "none"),
        Rules::None => ("none", "none", "none"),
    };
    let row_rule =
        if matches!(style.rules, Rules::HorizontalOnly) { "border-top: 1px solid #000; border-bottom: 1px solid #000;" } else { "" };
    h.push_str(&format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><style>@page {{ size: {size}; margin: 2cm; }} \
         body {{ font-family: 'Liberation Serif', serif; font-size: 11pt; }} \
         .c {{ text-align: center; margin: 0; }} p {{ margin: 2pt 0; }} \
         table.iki {{ border-collapse: collapse; width: 100%; border: {table_border}; margin-top: 8pt; }} \
         table.iki td, table.iki th {{ border-left: {cell_border}; border-right: {cell_border}; padding: 4pt 5pt; vertical-align: top; {row_rule} }} \
         table.iki th {{ border-bottom: {head_border}; }} \
         table.iki td {{ border-bottom: {cell_border}; }} \
         table.lab td {{ padding: 1pt 4pt; vertical-align: top; }} \
         .blk {{ break-before: page; }}</style></head><body>"
    ));
    // The decree page.
    for line in [
        "KEPUTUSAN CAMAT TEKUNG",
        "NOMOR : 100/ 5 /35.08.11/2024",
        "TENTANG",
        "INDIKATOR KINERJA INDIVIDU",
        "DI LINGKUNGAN KECAMATAN TEKUNG",
    ] {
        h.push_str(&format!("<p class=\"c\"><b>{line}</b></p>"));
    }
    h.push_str("<p>Menimbang : bahwa untuk mengukur kinerja perlu ditetapkan indikator kinerja individu.</p>");
    h.push_str("<p>KESATU : Menetapkan Indikator Kinerja Individu sebagaimana tercantum dalam lampiran.</p>");
    h.push_str("<p style=\"margin-left: 55%\">Ditetapkan di : Tekung<br>Pada tanggal : 2 Januari 2024<br>CAMAT TEKUNG<br><br><br>Drs. BUDI SANTOSO, M.Si<br>Pembina<br>NIP. 19700101 199003 1 001</p>");
    for (k, b) in CONTENT.iter().enumerate() {
        h.push_str("<div class=\"blk\">");
        if k == 0 {
            h.push_str("<p>LAMPIRAN KEPUTUSAN CAMAT TEKUNG</p>");
        }
        if style.titles {
            for t in ["INDIKATOR KINERJA INDIVIDU (IKI)", "KECAMATAN TEKUNG", "TAHUN 2024"] {
                h.push_str(&format!("<p class=\"c\"><b>{t}</b></p>"));
            }
        }
        let tugas = b.tugas.iter().map(|t| format!("- {}", esc(t))).collect::<Vec<_>>();
        let fungsi = b.fungsi.iter().map(|t| format!("- {}", esc(t))).collect::<Vec<_>>();
        match style.label {
            LabelStyle::Signature => {
                h.push_str("<p>Tugas Pokok :</p>");
                for t in &tugas {
                    h.push_str(&format!("<p style=\"margin-left: 2em\">{t}</p>"));
                }
                h.push_str("<p>Fungsi Utama :</p>");
                for t in &fungsi {
                    h.push_str(&format!("<p style=\"margin-left: 2em\">{t}</p>"));
                }
            }
            LabelStyle::Table => {
                h.push_str("<table class=\"lab\">");
                h.push_str(&format!("<tr><td>Jabatan</td><td>:</td><td>{}</td></tr>", b.jabatan));
                h.push_str(&format!("<tr><td>Tugas</td><td>:</td><td>{}</td></tr>", tugas.join("<br>")));
                h.push_str(&format!("<tr><td>Fungsi</td><td>:</td><td>{}</td></tr>", fungsi.join("<br>")));
                h.push_str("</table>");
            }
            other => {
                let (jl, tl, fl) = match other {
                    LabelStyle::Numbered => ("1. Jabatan :".to_string(), "2. Tugas :", "3. Fungsi :"),
                    LabelStyle::NamaJabatan => ("NAMA JABATAN :".to_string(), "TUGAS POKOK :", "FUNGSI :"),
                    LabelStyle::Period => ("JABATAN. :".to_string(), "TUGAS. :", "FUNGSI. :"),
                    _ => (format!("Jabatan (Eselon {}) :", b.eselon), "Tugas :", "Fungsi :"),
                };
                h.push_str(&format!("<p>{jl} {}</p><p>{tl}</p>", b.jabatan));
                for t in &tugas {
                    h.push_str(&format!("<p style=\"margin-left: 2em\">{t}</p>"));
                }
                h.push_str(&format!("<p>{fl}</p>"));
                for t in &fungsi {
                    h.push_str(&format!("<p style=\"margin-left: 2em\">{t}</p>"));
                }
            }
        }
        h.push_str(&table(b, style.columns));
        if matches!(style.label, LabelStyle::Signature) {
            h.push_str(&format!(
                "<p style=\"margin-left: 55%; margin-top: 16pt\">Tekung, 2 Januari 2024<br>{}<br><br><br>AHMAD FAUZI, S.Sos<br>Penata<br>NIP. 19800101 200501 1 002</p>",
                b.jabatan
            ));
        }
        h.push_str("</div>");
    }
    h.push_str("</body></html>");
    h
}

fn table(b: &BlockContent, columns: Columns) -> String {
    let (heads, order): (&[&str], &[usize]) = match columns {
        Columns::Plain => (&["SASARAN", "INDIKATOR", "FORMULA", "SUMBER DATA"], &[0, 1, 2, 3]),
        Columns::Strategis => (&["SASARAN STRATEGIS", "INDIKATOR KINERJA INDIVIDU", "FORMULASI PERHITUNGAN", "SUMBER"], &[0, 1, 2, 3]),
        Columns::NumberedShuffled => (&["NO", "KINERJA", "IKI", "TARGET", "SUMBER DATA", "CARA PENGUKURAN"], &[5, 0, 1, 4, 3, 2]),
    };
    let mut h = String::from("<table class=\"iki\"><thead><tr>");
    for head in heads {
        h.push_str(&format!("<th>{head}</th>"));
    }
    h.push_str("</tr>");
    if matches!(columns, Columns::NumberedShuffled) {
        h.push_str("<tr>");
        for k in 1..=heads.len() {
            h.push_str(&format!("<th>({k})</th>"));
        }
        h.push_str("</tr>");
    }
    h.push_str("</thead><tbody>");
    for (n, r) in b.rows.iter().enumerate() {
        let n = (n + 1).to_string();
        let values = [r.sasaran, r.indikator, r.formula, r.sumber, r.target, n.as_str()];
        h.push_str("<tr>");
        for &k in order {
            h.push_str(&format!("<td>{}</td>", esc(values[k])));
        }
        h.push_str("</tr>");
    }
    h.push_str("</tbody></table>");
    h
}

/// One IKU table for the whole kecamatan, with no decree page and no jabatan
/// labels: a title naming the kecamatan, the table, the camat's signature.
pub fn unit_iku_html() -> String {
    let mut h = String::from("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><style>@page { size: A4 landscape; margin: 2cm; } body { font-family: 'Liberation Sans', sans-serif; font-size: 10pt; } .c { text-align: center; margin: 0; } table { border-collapse: collapse; width: 100%; } td, th { border: 1px solid #000; padding: 4pt; vertical-align: top; }</style></head><body>");
    for t in ["INDIKATOR KINERJA UTAMA (IKU)", "KECAMATAN TEKUNG", "TAHUN 2023 – 2026"] {
        h.push_str(&format!("<p class=\"c\"><b>{t}</b></p>"));
    }
    h.push_str("<table><tr><th>NO</th><th>SASARAN STRATEGIS</th><th>INDIKATOR KINERJA UTAMA</th><th>DEFINISI OPERASIONAL</th><th>FORMULASI PERHITUNGAN</th><th>PENANGGUNG JAWAB</th><th>SUMBER DATA</th></tr>");
    for (n, r) in CONTENT.iter().flat_map(|b| b.rows.iter()).enumerate() {
        h.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>Ukuran {}</td><td>{}</td><td>Camat</td><td>{}</td></tr>",
            n + 1,
            esc(r.sasaran),
            esc(r.indikator),
            esc(&r.indikator.to_lowercase()),
            esc(r.formula),
            esc(r.sumber)
        ));
    }
    h.push_str("</table><p style=\"margin-left: 60%; margin-top: 16pt\">Tekung, 2 Januari 2023<br>CAMAT TEKUNG<br><br><br>Drs. BUDI SANTOSO, M.Si<br>NIP. 19700101 199003 1 001</p></body></html>");
    h
}

/// Prints `html` to `pdf` with headless Chromium.
pub fn print(html_text: &str, dir: &Path, name: &str) -> std::path::PathBuf {
    let src = dir.join(format!("{name}.html"));
    std::fs::write(&src, html_text).expect("html written");
    let pdf = dir.join(format!("{name}.pdf"));
    let profile = dir.join(format!("{name}-profile"));
    let out = super::headless_chromium(
        &profile,
        &[format!("--print-to-pdf={}", pdf.display()), "--no-pdf-header-footer".into()],
        &format!("file://{}", src.display()),
    );
    assert!(pdf.is_file(), "chromium printed no PDF: {}", String::from_utf8_lossy(&out.stderr));
    pdf
}

/// The conventions of real decrees from other kabupaten, each in a short
/// excerpt of a lampiran (no decree page).
#[derive(Clone, Copy, Debug)]
pub enum Convention {
    /// Each jabatan's table, then the signature that names the position (the
    /// position, the name, the NIP): no label, no title per block.
    SignatureOnly,
    /// One IKU table for the whole kecamatan under title lines that end in a
    /// line of its own `IKU`.
    UnitTitleEndsInIku,
    /// The jabatan written with its own abbreviation in brackets.
    AbbreviationInBrackets,
    /// A heading `KABUPATEN MALANG` with no `PEMERINTAH` before it.
    KabupatenHeading,
}

/// A lampiran excerpt in the given convention; its kecamatan is Sukamaju, its
/// rows those of [`CONTENT`].
pub fn convention_html(c: Convention) -> String {
    let mut h = String::from("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><style>@page { size: A4 landscape; margin: 2cm; } body { font-family: 'Liberation Sans', sans-serif; font-size: 10pt; } .c { text-align: center; margin: 0; } p { margin: 2pt 0; } table.iki { border-collapse: collapse; width: 100%; margin-top: 6pt; } table.iki td, table.iki th { border: 1px solid #000; padding: 3pt; vertical-align: top; } .blk { break-before: page; } .sig { margin-left: 60%; margin-top: 14pt; }</style></head><body>");
    let titles: &[&str] = match c {
        Convention::SignatureOnly => &["INDIKATOR KINERJA INDIVIDU", "KECAMATAN SUKAMAJU TAHUN 2024"],
        Convention::UnitTitleEndsInIku => &["INDIKATOR KINERJA UTAMA", "KECAMATAN SUKAMAJU", "TAHUN 2024", "IKU"],
        Convention::AbbreviationInBrackets => &["INDIKATOR KINERJA INDIVIDU", "KECAMATAN SUKAMAJU"],
        Convention::KabupatenHeading => &["KABUPATEN MALANG", "KECAMATAN SUKAMAJU", "INDIKATOR KINERJA INDIVIDU"],
    };
    for t in titles {
        h.push_str(&format!("<p class=\"c\"><b>{t}</b></p>"));
    }
    let jabatan = ["SEKRETARIS KECAMATAN ( SEKCAM )", "KEPALA SEKSI PEMERINTAHAN"];
    let blocks: Vec<(&str, Vec<&Row>)> = match c {
        Convention::UnitTitleEndsInIku => vec![("", CONTENT.iter().flat_map(|b| b.rows.iter()).collect())],
        Convention::AbbreviationInBrackets => {
            vec![(jabatan[0], CONTENT[0].rows.iter().collect()), (jabatan[1], CONTENT[1].rows.iter().collect())]
        }
        _ => CONTENT.iter().map(|b| (b.jabatan, b.rows.iter().collect())).collect(),
    };
    for (k, (name, rows)) in blocks.iter().enumerate() {
        if k > 0 {
            h.push_str("<div class=\"blk\"></div>");
        }
        if matches!(c, Convention::AbbreviationInBrackets | Convention::KabupatenHeading) {
            h.push_str(&format!("<p>Jabatan : {name}</p>"));
        }
        h.push_str(
            "<table class=\"iki\"><tr><th>NO</th><th>SASARAN</th><th>INDIKATOR KINERJA</th><th>FORMULA</th><th>SUMBER DATA</th></tr>",
        );
        for (n, r) in rows.iter().enumerate() {
            h.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                n + 1,
                esc(r.sasaran),
                esc(r.indikator),
                esc(r.formula),
                esc(r.sumber)
            ));
        }
        h.push_str("</table>");
        match c {
            Convention::SignatureOnly => {
                h.push_str(&format!("<p class=\"sig\">{name}<br><br><br>AHMAD FAUZI, S.Sos<br>NIP. 19800101 200501 1 00{k}</p>"))
            }
            Convention::UnitTitleEndsInIku => h.push_str(
                "<p class=\"sig\">Sukamaju, 2 Januari 2024<br>CAMAT SUKAMAJU<br><br><br>Drs. BUDI SANTOSO, M.Si<br>NIP. 19700101 199003 1 001</p>",
            ),
            _ => {}
        }
    }
    h.push_str("</body></html>");
    h
}
