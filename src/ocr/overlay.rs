//! Searchable scans: a page image with a text layer over it, as "scan to
//! searchable PDF", CamScanner, Adobe Scan or OCRmyPDF write them.
//!
//! The table grid of such a page is in the image, not in the PDF's drawing, so
//! read as a digital page it has no rulings and its tables collapse. Here: is a
//! page such a scan ([`is_text_over_scan`]), does its text layer read well enough
//! to keep ([`layer_reads_well`]; otherwise the page is OCRed again), and the
//! rulings found in the image, with the words turned into the straightened
//! image's frame ([`with_image_rules`]).

use image::GrayImage;

use crate::model::{Page, PageSource, Rect, Word};
use crate::ocr::rules;
use crate::vocab::lexicon::{ABBREVIATIONS, VOCABULARY};

/// An image covering this share of the page is the page itself (a scan).
const PAGE_SIZED: f32 = 0.8;

/// Share of a text layer's longer words that must be known words for the layer
/// to be kept. Measured: OCRmyPDF's layers (`-l ind+eng --deskew`) of the 63
/// corpus scan pages score 0.65-1.00 per page (the lowest: decree pages with
/// names and places); a garbled layer (OCR confusions on every word, as
/// in the integration test) scores 0.
pub(crate) const GOOD_LAYER: f32 = 0.5;

/// The confidence given to a kept layer's words, which carry none: they are
/// OCR readings (so OCR repairs apply), judged good as a page, and not each
/// flagged for review.
pub(crate) const LAYER_CONFIDENCE: f32 = 1.0;

/// Fewer longer words than this cannot be judged: such a page is kept.
const MIN_JUDGED: usize = 8;

/// Words of at least this many letters are judged (short ones are too often
/// names, numbers and abbreviations).
const JUDGED_LEN: usize = 4;

/// A page whose text is painted invisibly, or that lies on a page-sized image.
pub fn is_text_over_scan(page: &Page) -> bool {
    if page.words.is_empty() {
        return false;
    }
    page.invisible_text || page_image(page).is_some()
}

/// The box of the page-sized image a page is painted with, if any.
pub fn page_image(page: &Page) -> Option<Rect> {
    let page_area = (page.width * page.height).max(1.0);
    page.images.iter().copied().filter(|r| r.area() >= PAGE_SIZED * page_area).max_by(|a, b| a.area().total_cmp(&b.area()))
}

/// The share of the layer's longer words that are known (domain vocabulary or
/// abbreviations), and how many were judged. PDF text layers carry no
/// recognition confidence (OCRmyPDF, Acrobat and the phone apps write none), so
/// the words themselves are the evidence.
pub(crate) fn known_share(words: &[Word]) -> (f32, usize) {
    let (mut judged, mut known) = (0usize, 0usize);
    for w in words {
        for token in w.text.split(|c: char| !c.is_alphabetic()).filter(|t| t.chars().count() >= JUDGED_LEN) {
            let lower = token.to_lowercase();
            judged += 1;
            known += (VOCABULARY.contains(&lower) || ABBREVIATIONS.contains(&lower)) as usize;
        }
    }
    if judged == 0 {
        return (0.0, 0);
    }
    (known as f32 / judged as f32, judged)
}

/// Is the text layer good enough to keep instead of OCRing the page again?
pub(crate) fn layer_reads_well(words: &[Word]) -> bool {
    let (share, judged) = known_share(words);
    judged < MIN_JUDGED || share >= GOOD_LAYER
}

/// The page with the rulings found in `img` (the page image, painted over
/// `at` in page points), its words turned into the straightened image's frame
/// when the scan is skewed. The page's own vector rulings, if it has some, are
/// kept and the image is not looked at.
pub fn with_image_rules(mut page: Page, img: &GrayImage, at: Rect) -> Page {
    page.source = PageSource::TextImageRules;
    // The OCR layer read the table's borders as "|" words too.
    page.words.retain(|w| !crate::ocr::is_rule_debris(&w.text));
    // The layer is OCR output, so the repairs of OCR readings apply to it (Σ
    // read as `=`, `× 100%` as `x 10096`); its producer kept no confidence.
    for word in &mut page.words {
        word.conf = Some(LAYER_CONFIDENCE);
    }
    if page.rules.len() >= 4 {
        return page;
    }
    let (w, h) = img.dimensions();
    if w < 16 || h < 16 || at.width() <= 0.0 || at.height() <= 0.0 {
        return page;
    }
    let (sx, sy) = (at.width() / w as f32, at.height() / h as f32);
    let dpi = (72.0 / sx).clamp(50.0, 1200.0);
    let (straight, skew) = crate::ocr::straighten(img);
    if matches!(straight, std::borrow::Cow::Owned(_)) {
        let turn = Turn::new(-skew, at);
        for word in &mut page.words {
            word.bbox = turn.apply(word.bbox);
        }
    }
    let found = rules::detect_rules(&straight, dpi, sx, sy);
    let mut found: Vec<_> = found
        .into_iter()
        .map(|mut r| {
            r.rect = Rect::new(r.rect.x0 + at.x0, r.rect.y0 + at.y0, r.rect.x1 + at.x0, r.rect.y1 + at.y0);
            r
        })
        .collect();
    crate::ocr::drop_rules_inside_words(&mut found, &page.words);
    page.rules.extend(found);
    page
}

/// The turn [`crate::ocr::deskew::rotate`] gives the image, applied to page points: `deg`
/// clockwise about the image's centre.
struct Turn {
    sin: f32,
    cos: f32,
    cx: f32,
    cy: f32,
}

impl Turn {
    fn new(deg: f32, at: Rect) -> Turn {
        let (sin, cos) = deg.to_radians().sin_cos();
        Turn { sin, cos, cx: at.cx(), cy: at.cy() }
    }

    /// A word box moved with its centre; its size is kept (the turns are small).
    fn apply(&self, r: Rect) -> Rect {
        let (ux, uy) = (r.cx() - self.cx, r.cy() - self.cy);
        let (x, y) = (self.cos * ux - self.sin * uy + self.cx, self.sin * ux + self.cos * uy + self.cy);
        let (hw, hh) = (r.width() / 2.0, r.height() / 2.0);
        Rect::new(x - hw, y - hh, x + hw, y + hh)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(text: &str) -> Word {
        Word { text: text.into(), bbox: Rect::new(0.0, 0.0, 10.0, 10.0), size: 10.0, conf: None }
    }

    #[test]
    fn a_layer_of_known_words_reads_well_and_garble_does_not() {
        let good: Vec<Word> =
            "Persentase pelayanan administrasi kependudukan yang diselesaikan tepat waktu sesuai standar pelayanan Kecamatan"
                .split(' ')
                .map(word)
                .collect();
        assert!(layer_reads_well(&good), "{:?}", known_share(&good));
        let garble: Vec<Word> =
            "Pcrscntasc pclayanau adrninistrasl kcpcnduduknn ynng dlsclcsaikau tcpat wnktu scsual stnndar pclayanau Kccamatau"
                .split(' ')
                .map(word)
                .collect();
        assert!(!layer_reads_well(&garble), "{:?}", known_share(&garble));
        assert!(layer_reads_well(&[word("Camat"), word("Kromengan")]), "too few words to judge");
    }

    #[test]
    fn turn_moves_a_word_about_the_image_centre() {
        let t = Turn::new(90.0, Rect::new(0.0, 0.0, 100.0, 100.0));
        // Right of the centre goes below it when turned clockwise (y down).
        let r = t.apply(Rect::new(89.0, 49.0, 91.0, 51.0));
        assert!((r.cx() - 50.0).abs() < 1e-3 && (r.cy() - 90.0).abs() < 1e-3, "{r:?}");
    }
}
