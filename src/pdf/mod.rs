//! The PDF layer: open a document (classifying bad input) and interpret page
//! content streams into words, ruling lines and image boxes
//! (top-left origin, y down, points); decode a scanned page's image
//! ([`PdfDoc::page_raster`]).

mod cmap;
mod encoding;
mod font;
mod image;
mod interp;
mod lexer;
mod load;
mod objects;
mod tables;
#[cfg(test)]
mod tests;
mod truetype;

use std::collections::HashMap;
use std::sync::Mutex;

use lopdf::{Dictionary, Document, Object, ObjectId};

use crate::error::{DocError, ErrorCode};
use crate::model::{Page, PageSource};
use interp::{mul, FontCache, Interp, Matrix};
use objects::{deref, dict_of, num, numbers};

/// Resource bounds applied to untrusted input.
#[derive(Debug, Clone)]
pub struct Limits {
    pub max_file_bytes: u64,
    pub max_pages: usize,
    /// Largest decoded stream (content, CMap, form) in bytes.
    pub max_stream_bytes: usize,
    pub max_ops_per_page: usize,
    pub max_form_depth: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits { max_file_bytes: 512 << 20, max_pages: 5000, max_stream_bytes: 256 << 20, max_ops_per_page: 2_000_000, max_form_depth: 12 }
    }
}

/// An opened PDF document.
pub struct PdfDoc {
    doc: Document,
    pages: Vec<ObjectId>,
    limits: Limits,
    fonts: FontCache,
}

/// Opens a PDF from memory, classifying unreadable input into [`DocError`]s.
pub fn open(bytes: &[u8], limits: &Limits) -> Result<PdfDoc, DocError> {
    let (doc, pages) = load::load(bytes, limits)?;
    Ok(PdfDoc { doc, pages, limits: limits.clone(), fonts: Mutex::new(HashMap::new()) })
}

/// Depth bound when walking /Parent for inherited page attributes.
const MAX_TREE_DEPTH: usize = 64;

impl PdfDoc {
    pub fn page_count(&self) -> usize {
        self.pages.len()
    }

    /// The object id of page `number` (1-based).
    pub(crate) fn page_id(&self, number: usize) -> Option<ObjectId> {
        number.checked_sub(1).and_then(|i| self.pages.get(i)).copied()
    }

    /// Interprets page `number` (1-based).
    pub fn page(&self, number: usize) -> Result<Page, DocError> {
        let unreadable = |why: &str| {
            DocError::on_page(
                ErrorCode::PageUnreadable,
                number,
                format!("Page {number} could not be read ({why}). The other pages are processed; check this page by hand or ask for a new copy of the file."),
            )
        };
        let id = self.page_id(number).ok_or_else(|| unreadable("no such page"))?;
        let dict = self.doc.get_dictionary(id).map_err(|_| unreadable("the page object is missing or damaged"))?;
        let doc = &self.doc;

        let media = self.inherited(dict, b"MediaBox").map(|o| numbers(doc, o)).filter(|v| v.len() == 4);
        let crop = self.inherited(dict, b"CropBox").map(|o| numbers(doc, o)).filter(|v| v.len() == 4);
        let bx = page_box(media.as_deref(), crop.as_deref());
        let rotate = self.inherited(dict, b"Rotate").and_then(|o| num(doc, o)).unwrap_or(0.0);
        let rotate = (((rotate / 90.0).round() as i64).rem_euclid(4) * 90) as u32;
        let (base, width, height) = base_matrix(bx, rotate);

        let resources = self.inherited(dict, b"Resources").and_then(|o| dict_of(doc, o));
        let content = match self.contents(dict) {
            Ok(c) => c,
            Err(why) => return Err(unreadable(why)),
        };
        let run = || {
            let mut it = Interp::new(doc, &self.limits, &self.fonts, base);
            it.run(&content, resources);
            it.finish()
        };
        // A bug on one page must not take the document down.
        let out = std::panic::catch_unwind(std::panic::AssertUnwindSafe(run)).map_err(|_| {
            DocError::on_page(
                ErrorCode::Internal,
                number,
                format!("Page {number} could not be processed because of an internal error. The other pages are processed; please report this file to the maintainers."),
            )
        })?;
        let mut page = Page::empty(number, width as f32, height as f32, PageSource::Text);
        page.words = out.words;
        page.rules = out.rules;
        page.images = out.images;
        page.invisible_text = out.invisible_glyphs * 2 > out.glyphs;
        Ok(page)
    }

    /// An attribute of the page or the nearest ancestor that has it.
    fn inherited<'a>(&'a self, mut dict: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
        for _ in 0..MAX_TREE_DEPTH {
            if let Ok(v) = dict.get(key) {
                return Some(v);
            }
            dict = dict_of(&self.doc, dict.get(b"Parent").ok()?)?;
        }
        None
    }

    /// The page's content streams, decoded and concatenated.
    fn contents(&self, dict: &Dictionary) -> Result<Vec<u8>, &'static str> {
        let doc = &self.doc;
        let Ok(obj) = dict.get(b"Contents") else { return Ok(Vec::new()) };
        let streams: Vec<&Object> = match deref(doc, obj) {
            Object::Array(a) => a.iter().collect(),
            Object::Null => return Ok(Vec::new()),
            _ => vec![obj],
        };
        let mut out = Vec::new();
        let mut failed = 0usize;
        for s in streams.iter().take(10_000) {
            let Ok(stream) = deref(doc, s).as_stream() else {
                failed += 1;
                continue;
            };
            let remaining = self.limits.max_stream_bytes.saturating_sub(out.len());
            match objects::decode_stream(stream, remaining) {
                Ok(data) => {
                    out.extend_from_slice(&data);
                    out.push(b'\n');
                }
                Err(objects::DecodeError::TooLarge) => return Err("its content is larger than the size limit"),
                Err(objects::DecodeError::Damaged) => failed += 1,
            }
        }
        if failed > 0 && out.is_empty() {
            return Err("its content is missing or damaged");
        }
        Ok(out)
    }
}

/// The visible box: CropBox clipped to MediaBox, normalised; US Letter when absent.
fn page_box(media: Option<&[f64]>, crop: Option<&[f64]>) -> [f64; 4] {
    let norm = |v: &[f64]| [v[0].min(v[2]), v[1].min(v[3]), v[0].max(v[2]), v[1].max(v[3])];
    let m = media.map(norm).unwrap_or([0.0, 0.0, 612.0, 792.0]);
    let b = match crop.map(norm) {
        Some(c) => [c[0].max(m[0]), c[1].max(m[1]), c[2].min(m[2]), c[3].min(m[3])],
        None => m,
    };
    if b[2] - b[0] < 1.0 || b[3] - b[1] < 1.0 || !b.iter().all(|v| v.is_finite()) {
        if m[2] - m[0] >= 1.0 && m[3] - m[1] >= 1.0 {
            return m;
        }
        return [0.0, 0.0, 612.0, 792.0];
    }
    b
}

/// Maps user space to top-left page space for a box and a /Rotate (0/90/180/270).
fn base_matrix(b: [f64; 4], rotate: u32) -> (Matrix, f64, f64) {
    let (w, h) = (b[2] - b[0], b[3] - b[1]);
    let flip: Matrix = [1.0, 0.0, 0.0, -1.0, -b[0], b[3]];
    let (rot, dw, dh): (Matrix, f64, f64) = match rotate {
        90 => ([0.0, 1.0, -1.0, 0.0, h, 0.0], h, w),
        180 => ([-1.0, 0.0, 0.0, -1.0, w, h], w, h),
        270 => ([0.0, -1.0, 1.0, 0.0, 0.0, w], h, w),
        _ => (interp::IDENTITY, w, h),
    };
    (mul(&flip, &rot), dw, dh)
}

#[cfg(test)]
mod unit {
    use super::*;

    #[test]
    fn doc_is_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<PdfDoc>();
    }

    #[test]
    fn rotation_maps_corners() {
        let b = [0.0, 0.0, 600.0, 800.0];
        let (m, w, h) = base_matrix(b, 90);
        assert_eq!((w, h), (800.0, 600.0));
        // The top-left corner of the unrotated page goes to the top-right.
        let p = interp::apply(&m, 0.0, 800.0);
        assert!((p.0 - 800.0).abs() < 1e-9 && p.1.abs() < 1e-9);
        let (m, _, _) = base_matrix(b, 0);
        assert_eq!(interp::apply(&m, 10.0, 790.0), (10.0, 10.0));
        let (m, w, h) = base_matrix(b, 270);
        assert_eq!((w, h), (800.0, 600.0));
        let p = interp::apply(&m, 0.0, 800.0); // top-left -> bottom-left
        assert!(p.0.abs() < 1e-9 && (p.1 - 600.0).abs() < 1e-9);
    }
}
