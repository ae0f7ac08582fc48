//! Tests on the real fixtures. They need `tesseract` with `ind` and fail (not
//! skip) without it.

use super::*;
use crate::model::Rule;

const SCANNED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/scanned/kromengan-2019__scanned-p1-3-4.pdf");

const MAX_PIXELS: u64 = 60_000_000;

fn load(path: &str) -> crate::pdf::PdfDoc {
    crate::pdf::open(&std::fs::read(path).expect("fixture"), &Default::default()).expect("fixture opens")
}

/// Page `n` of the scanned fixture: its image and its size in points.
fn scanned_page(n: u32) -> (GrayImage, f32, f32) {
    let doc = load(SCANNED);
    let page = doc.page(n as usize).expect("page");
    (doc.page_raster(n as usize, MAX_PIXELS).unwrap().unwrap(), page.width, page.height)
}

/// Rulings of the digital version of this page (kromengan-2019 digital-chromium
/// page 3 = fixture page 2): (horizontal, from, to, centre) in points.
const DIGITAL_P3: &[(bool, f32, f32, f32)] = &[
    (true, 85.0, 552.0, 400.3),
    (true, 85.0, 552.0, 449.6),
    (true, 309.0, 423.0, 513.1),
    (true, 201.0, 552.0, 555.7),
    (true, 309.0, 423.0, 605.0),
    (true, 201.0, 552.0, 668.5),
    (true, 309.0, 423.0, 702.9),
    (true, 85.0, 552.0, 738.0),
    (false, 400.0, 738.0, 85.0),
    (false, 400.0, 738.0, 200.8),
    (false, 400.0, 738.0, 304.6),
    (false, 400.0, 738.0, 470.4),
    (false, 400.0, 738.0, 551.9),
];

fn matches(r: &Rule, d: &(bool, f32, f32, f32), tol: f32) -> bool {
    let (h, a0, a1, c) = *d;
    if r.is_horizontal() != h {
        return false;
    }
    let (ra0, ra1, rc) = if h { (r.rect.x0, r.rect.x1, r.rect.cy()) } else { (r.rect.y0, r.rect.y1, r.rect.cx()) };
    (rc - c).abs() <= tol && (ra0 - a0).abs() <= 2.0 * tol && (ra1 - a1).abs() <= 2.0 * tol
}

#[test]
fn available_reports_version() {
    let v = available().expect("tesseract with `ind` must be installed");
    assert!(v.starts_with("tesseract"), "{v}");
}

#[test]
fn recognize_lampiran_page_words_and_rules() {
    let (img, pw, ph) = scanned_page(2);
    let t = std::time::Instant::now();
    let (page, stats) = recognize(&img, 2, pw, ph, &OcrOptions::default()).expect("OCR works");
    eprintln!("recognize: {:.2} s, {stats:?}, {} rules", t.elapsed().as_secs_f32(), page.rules.len());
    assert_eq!(page.number, 2);
    assert_eq!(page.source, PageSource::Ocr);
    assert!((page.width - pw).abs() < 0.01 && (page.height - ph).abs() < 0.01);
    assert!(stats.words > 150, "{stats:?}");
    assert!(stats.mean_confidence.unwrap() > 0.8, "{stats:?}");
    assert!(stats.skew_degrees.abs() < 3.0);
    let texts: Vec<&str> = page.words.iter().map(|w| w.text.as_str()).collect();
    for needle in ["Jabatan", "SASARAN/KINERJA", "INDIKATOR", "SUMBER", "Kromengan", "Pegawai", "100%"] {
        assert!(texts.iter().any(|t| t.contains(needle)), "missing {needle:?} in {texts:?}");
    }
    for w in &page.words {
        let c = w.conf.expect("OCR words carry a confidence");
        assert!((0.0..=1.0).contains(&c));
        assert!(w.bbox.x0 >= 0.0 && w.bbox.x1 <= pw + 1.0 && w.bbox.y1 <= ph + 1.0, "{w:?}");
        assert!(w.size > 0.0 && w.size < 40.0, "{w:?}");
    }
    // The title "INDIKATOR" where the digital page has it: (226.0, 63.5)-(295.4, 76.8).
    let title = page.words.iter().find(|w| w.text == "INDIKATOR").expect("title word");
    assert!((title.bbox.x0 - 226.0).abs() < 4.0 && (title.bbox.x1 - 295.4).abs() < 4.0, "{title:?}");
    assert!((title.bbox.cy() - 70.2).abs() < 4.0, "{title:?}");

    assert_rules_match(&page.rules, DIGITAL_P3);
}

/// Every digital ruling is found within 3 pt, and there are no extra ones.
fn assert_rules_match(rules: &[Rule], digital: &[(bool, f32, f32, f32)]) {
    for d in digital {
        assert!(rules.iter().any(|r| matches(r, d, 3.0)), "digital rule {d:?} not found in {rules:#?}");
    }
    for r in rules {
        assert!(digital.iter().any(|d| matches(r, d, 3.0)), "extra rule {r:?}");
        assert!(r.rect.width().max(r.rect.height()) >= 30.0);
        assert!(r.rect.width().min(r.rect.height()) <= 3.0, "{r:?}");
    }
}

/// Digital page 4 = fixture page 3.
const DIGITAL_P4: &[(bool, f32, f32, f32)] = &[
    (true, 85.0, 552.0, 355.5),
    (true, 85.0, 552.0, 404.8),
    (true, 85.0, 552.0, 468.3),
    (true, 201.0, 552.0, 503.4),
    (true, 85.0, 552.0, 581.1),
    (false, 355.0, 581.0, 85.0),
    (false, 355.0, 581.0, 200.8),
    (false, 355.0, 581.0, 304.6),
    (false, 355.0, 581.0, 469.7),
    (false, 355.0, 581.0, 551.9),
];

#[test]
fn recognize_second_lampiran_page_rules_match_digital() {
    let (img, pw, ph) = scanned_page(3);
    let (page, stats) = recognize(&img, 3, pw, ph, &OcrOptions::default()).expect("OCR works");
    assert!(stats.skew_degrees.abs() > 0.3, "this scan is visibly skewed: {stats:?}");
    assert_rules_match(&page.rules, DIGITAL_P4);
    let texts: Vec<&str> = page.words.iter().map(|w| w.text.as_str()).collect();
    for needle in ["Jabatan", "Tugas", "Fungsi", "INDIKATOR", "SUMBER"] {
        assert!(texts.iter().any(|t| t.contains(needle)), "missing {needle:?} in {texts:?}");
    }
}

#[test]
fn recognize_first_page_has_no_table_rules_from_the_shadow() {
    let (img, pw, ph) = scanned_page(1);
    let (page, stats) = recognize(&img, 1, pw, ph, &OcrOptions::default()).expect("OCR works");
    assert!(stats.words > 100, "{stats:?}");
    // No vertical rule near the right page edge (scanner shadow).
    assert!(!page.rules.iter().any(|r| !r.is_horizontal() && r.rect.cx() > pw - 40.0), "{:#?}", page.rules);
    let texts: Vec<&str> = page.words.iter().map(|w| w.text.as_str()).collect();
    assert!(texts.iter().any(|t| t.contains("KEPUTUSAN") || t.contains("CAMAT")), "{texts:?}");
}

#[test]
fn ocr_timeout_is_page_unreadable() {
    let img = load(SCANNED).page_raster(3, MAX_PIXELS).unwrap().unwrap();
    let opts = OcrOptions { timeout: std::time::Duration::from_millis(200), ..OcrOptions::default() };
    let e = recognize(&img, 3, 609.12, 935.28, &opts).unwrap_err();
    assert_eq!(e.code, ErrorCode::PageUnreadable);
    assert_eq!(e.page, Some(3));
    assert!(e.message.contains("too long"), "{}", e.message);
}

#[test]
fn bad_language_is_ocr_failed() {
    let img = GrayImage::from_pixel(200, 100, image::Luma([255]));
    let opts = OcrOptions { lang: "xxx_nolang".into(), ..OcrOptions::default() };
    let e = recognize(&img, 1, 72.0, 36.0, &opts).unwrap_err();
    assert_eq!(e.code, ErrorCode::OcrFailed, "{e:?}");
}

#[test]
fn tiny_image_is_page_unreadable() {
    let img = GrayImage::from_pixel(3, 3, image::Luma([255]));
    let e = recognize(&img, 4, 72.0, 72.0, &OcrOptions::default()).unwrap_err();
    assert_eq!(e.code, ErrorCode::PageUnreadable);
    assert_eq!(e.page, Some(4));
}

#[test]
fn short_rule_through_a_word_is_dropped_table_rule_kept() {
    let word = |x0: f32, y0: f32, x1: f32, y1: f32| Word {
        text: "perencanaan".into(),
        bbox: Rect::new(x0, y0, x1, y1),
        size: y1 - y0,
        conf: Some(0.9),
    };
    let words = vec![word(356.4, 109.4, 415.4, 118.1)];
    let mut rules = vec![
        Rule { rect: Rect::new(356.4, 110.9, 387.4, 111.6) }, // letter tops: inside the word
        Rule { rect: Rect::new(84.0, 120.0, 552.0, 121.0) },  // a table border below it
        Rule { rect: Rect::new(309.0, 100.0, 340.0, 100.8) }, // a short bar elsewhere
    ];
    drop_rules_inside_words(&mut rules, &words);
    assert_eq!(rules.len(), 2, "{rules:?}");
    assert!(rules.iter().all(|r| r.rect.y0 != 110.9));
}

#[test]
fn low_resolution_scan_is_enlarged_and_still_read() {
    // The lampiran page at 100 dpi: words enlarged for Tesseract, boxes still in page points.
    let (img, pw, ph) = scanned_page(2);
    let small = image::imageops::resize(&img, 846, 1299, image::imageops::FilterType::Triangle);
    let (page, stats) = recognize(&small, 2, pw, ph, &OcrOptions::default()).expect("OCR works");
    assert!(stats.words > 150, "{stats:?}");
    let title = page.words.iter().find(|w| w.text == "INDIKATOR").expect("title word");
    assert!((title.bbox.x0 - 226.0).abs() < 4.0 && (title.bbox.cy() - 70.2).abs() < 4.0, "{title:?}");
    assert_rules_match(&page.rules, DIGITAL_P3);
}

/// Two lampiran pages prepared for Tesseract in `dir`.
fn prepared_pages(dir: &std::path::Path) -> Vec<Prepared> {
    [2u32, 3]
        .iter()
        .map(|&n| {
            let (img, pw, ph) = scanned_page(n);
            prepare(&img, n as usize, pw, ph, dir).expect("prepared")
        })
        .collect()
}

#[test]
fn pages_read_in_one_process_equal_pages_read_alone() {
    let dir = work_dir(0).unwrap();
    let pages = prepared_pages(dir.path());
    let alone = read_prepared(pages.clone(), 1, dir.path(), &OcrOptions::default());
    let together = read_prepared(pages, 2, dir.path(), &OcrOptions::default());
    assert_eq!(alone.len(), 2);
    for (a, t) in alone.iter().zip(&together) {
        let (a, t) = (&a.as_ref().expect("read").0, &t.as_ref().expect("read").0);
        assert!(a.words.len() > 150, "{}", a.words.len());
        assert_eq!((a.number, &a.words, &a.rules), (t.number, &t.words, &t.rules));
    }
    assert_eq!(together[0].as_ref().unwrap().0.number, 2);
    assert_eq!(together[1].as_ref().unwrap().0.number, 3);
}

#[test]
fn a_bad_page_in_a_shared_process_fails_alone() {
    let dir = work_dir(0).unwrap();
    let pages = prepared_pages(dir.path());
    // Page 2's image is damaged after preparing: Tesseract stops on it.
    std::fs::write(dir.path().join("page-2.png"), b"not an image").unwrap();
    let r = read_prepared(pages, 2, dir.path(), &OcrOptions::default());
    let e = r[0].as_ref().expect_err("page 2 cannot be read");
    assert_eq!((e.code, e.page), (ErrorCode::OcrFailed, Some(2)), "{e:?}");
    let (page, _) = r[1].as_ref().expect("page 3 is still read");
    assert_eq!(page.number, 3);
    assert!(page.words.len() > 150, "{}", page.words.len());
}

#[test]
fn a_stuck_page_in_a_shared_process_times_out_alone() {
    let dir = work_dir(0).unwrap();
    let pages = prepared_pages(dir.path());
    let opts = OcrOptions { timeout: std::time::Duration::from_millis(300), ..OcrOptions::default() };
    let r = read_prepared(pages, 2, dir.path(), &opts);
    // Every page takes longer than 0.3 s: each fails on its own, with its number.
    let pages: Vec<Option<usize>> = r.iter().map(|x| x.as_ref().expect_err("too slow").page).collect();
    assert_eq!(pages, vec![Some(2), Some(3)]);
    assert!(r.iter().all(|x| x.as_ref().unwrap_err().code == ErrorCode::PageUnreadable));
}

/// Ruling lines read as text: a bar on a word's edge is dropped, a run of
/// dashes (a fraction bar) is no word, a single "-" stays (a bullet).
#[test]
fn rule_readings_are_not_words() {
    let tsv = |text: &str| tesseract::TsvWord {
        left: 0,
        top: 0,
        width: 10,
        height: 10,
        conf: 90.0,
        text: text.into(),
        page: 1,
        block: 1,
        par: 1,
        line: 1,
        word: 1,
    };
    let words = to_words(&[tsv("|Pembinaan"), tsv("-———————"), tsv("-"), tsv("dan|"), tsv("|.")], 1.0, 1.0);
    let texts: Vec<&str> = words.iter().map(|w| w.text.as_str()).collect();
    assert_eq!(texts, ["Pembinaan", "-", "dan", "|."]);
}
