//! Documents that sit next to decrees in a kecamatan's files and hold tables
//! of indicators too, as HTML for headless Chromium: a performance report
//! (LKjIP), a strategic plan (Renstra), a performance agreement (Perjanjian
//! Kinerja), and an English research paper. None of them is a decree.

fn page(body: &str, landscape: bool) -> String {
    let size = if landscape { "A4 landscape" } else { "A4 portrait" };
    format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><style>@page {{ size: {size}; margin: 2cm; }} \
         body {{ font-family: 'Liberation Serif', serif; font-size: 11pt; }} .c {{ text-align: center; margin: 0; }} \
         p {{ margin: 3pt 0; }} table {{ border-collapse: collapse; width: 100%; margin: 6pt 0; }} \
         td, th {{ border: 1px solid #000; padding: 3pt 4pt; vertical-align: top; }}</style></head><body>{body}</body></html>"
    )
}

fn table(head: &[&str], rows: &[Vec<String>]) -> String {
    let mut h = String::from("<table><tr>");
    for c in head {
        h.push_str(&format!("<th>{c}</th>"));
    }
    h.push_str("</tr>");
    for r in rows {
        h.push_str("<tr>");
        for c in r {
            h.push_str(&format!("<td>{c}</td>"));
        }
        h.push_str("</tr>");
    }
    h.push_str("</table>");
    h
}

const SASARAN: [&str; 3] = [
    "Meningkatnya kualitas pelayanan publik kecamatan",
    "Meningkatnya akuntabilitas kinerja kecamatan",
    "Meningkatnya ketenteraman dan ketertiban umum",
];
const INDIKATOR: [&str; 3] = [
    "Indeks Kepuasan Masyarakat terhadap pelayanan kecamatan",
    "Nilai SAKIP Kecamatan",
    "Persentase gangguan ketertiban umum yang ditangani",
];

fn title(lines: &[&str]) -> String {
    lines.iter().map(|t| format!("<p class=\"c\"><b>{t}</b></p>")).collect()
}

/// A kecamatan's performance report: its IKU with target, realisasi and
/// capaian, and its budget realisation.
pub fn performance_report_html() -> String {
    let mut b = title(&["LAPORAN KINERJA INSTANSI PEMERINTAH (LKjIP)", "KECAMATAN TEKUNG", "TAHUN 2023"]);
    b.push_str("<p><b>BAB III AKUNTABILITAS KINERJA</b></p><p>Capaian kinerja Kecamatan Tekung tahun 2023 diukur dengan membandingkan target dan realisasi indikator kinerja utama sebagaimana tabel berikut.</p>");
    b.push_str("<p>Tabel 3.1 Capaian Indikator Kinerja Utama</p>");
    let rows: Vec<Vec<String>> = (0..3)
        .map(|k| {
            let (t, r) = [("82", "84,5"), ("B", "B"), ("90%", "93%")][k];
            vec![(k + 1).to_string(), SASARAN[k].into(), INDIKATOR[k].into(), t.into(), r.into(), "103%".into()]
        })
        .collect();
    b.push_str(&table(&["NO", "SASARAN STRATEGIS", "INDIKATOR KINERJA", "TARGET", "REALISASI", "CAPAIAN (%)"], &rows));
    b.push_str("<p>Tabel 3.2 Realisasi Anggaran</p>");
    let rows: Vec<Vec<String>> =
        ["Program Penunjang Urusan Pemerintahan Daerah", "Program Penyelenggaraan Pemerintahan dan Pelayanan Publik"]
            .iter()
            .enumerate()
            .map(|(k, p)| vec![(k + 1).to_string(), p.to_string(), "1.250.000.000".into(), "1.190.500.000".into(), "95,24".into()])
            .collect();
    b.push_str(&table(&["NO", "PROGRAM", "ANGGARAN (Rp)", "REALISASI (Rp)", "%"], &rows));
    page(&b, false)
}

/// A kecamatan's strategic plan: its indicators with a target per year.
pub fn strategic_plan_html() -> String {
    let mut b = title(&["RENCANA STRATEGIS", "KECAMATAN TEKUNG", "TAHUN 2021 - 2026"]);
    b.push_str("<p>Tabel 5.1 Indikator Kinerja Kecamatan yang mengacu pada tujuan dan sasaran RPJMD</p>");
    let rows: Vec<Vec<String>> = (0..3)
        .map(|k| {
            let mut r = vec![(k + 1).to_string(), SASARAN[k].into(), INDIKATOR[k].into(), "78".into()];
            r.extend((0..5).map(|y| (80 + y).to_string()));
            r.push("85".into());
            r
        })
        .collect();
    b.push_str(&table(&["NO", "SASARAN", "INDIKATOR", "KONDISI AWAL", "2022", "2023", "2024", "2025", "2026", "KONDISI AKHIR"], &rows));
    page(&b, true)
}

/// A performance agreement between a head of section and the camat.
pub fn performance_agreement_html() -> String {
    let mut b = title(&["PERJANJIAN KINERJA TAHUN 2024", "KECAMATAN TEKUNG"]);
    b.push_str("<p>Dalam rangka mewujudkan manajemen pemerintahan yang efektif, transparan dan akuntabel serta berorientasi pada hasil, kami yang bertanda tangan di bawah ini:</p>");
    b.push_str("<p>Nama : AHMAD FAUZI, S.Sos</p><p>Jabatan : Kepala Seksi Pemerintahan</p><p>selanjutnya disebut PIHAK PERTAMA</p>");
    b.push_str("<p>Nama : Drs. BUDI SANTOSO, M.Si</p><p>Jabatan : Camat Tekung</p><p>selaku atasan PIHAK PERTAMA, selanjutnya disebut PIHAK KEDUA</p>");
    b.push_str("<p>PIHAK PERTAMA berjanji akan mewujudkan target kinerja yang seharusnya sesuai lampiran perjanjian ini.</p>");
    let rows: Vec<Vec<String>> = (0..3).map(|k| vec![(k + 1).to_string(), SASARAN[k].into(), INDIKATOR[k].into(), "90%".into()]).collect();
    b.push_str(&table(&["NO", "SASARAN", "INDIKATOR KINERJA", "TARGET"], &rows));
    page(&b, false)
}

/// A research paper in English with a table of indicators.
pub fn english_paper_html() -> String {
    let mut b = title(&["Measuring Local Government Performance: Evidence from Sub-District Offices"]);
    b.push_str("<p><b>Abstract.</b> This paper studies how the performance of sub-district offices is measured. We collect the indicators that are used by the offices and we compare them with the outcomes that are reported to the district. The results show that most of the indicators are counts of activities and that few of them measure the quality of the services.</p>");
    b.push_str("<p><b>1 Introduction</b></p><p>Performance measurement is one of the main tools of public management. In this section we describe the data and the methods that were used in the study, and we discuss the limits of the approach. The offices were visited in 2022 and the documents were coded by two of the authors.</p>");
    b.push_str("<p>Table 1 lists the indicators of the sample with their formula and the source of their data.</p>");
    let rows: Vec<Vec<String>> = [
        ("Service quality", "Citizen satisfaction index", "Mean score of the survey", "Annual survey"),
        ("Accountability", "Share of reports on time", "Reports on time / reports due", "Office records"),
        ("Public order", "Number of patrols", "Count of patrols in the year", "Patrol logs"),
    ]
    .iter()
    .map(|(s, i, f, d)| vec![s.to_string(), i.to_string(), f.to_string(), d.to_string()])
    .collect();
    b.push_str(&table(&["Objective", "Indicator", "Formula", "Data source"], &rows));
    b.push_str("<p>The results of the analysis are reported in the next section, and the implications for the design of the indicators are discussed at the end of the paper.</p>");
    page(&b, false)
}
