//! A page's scanned image, decoded to gray pixels for OCR.
//!
//! The largest image XObject the page paints (directly or in a Form) is
//! decoded and turned upright by the page's /Rotate. Every codec a scanner,
//! a phone app or a PDF optimiser writes is read, one file per family:
//!
//! ```text
//! samples  raw samples after the byte filters (Flate, LZW, ASCII85, RunLength,
//!          predictors): 1/2/4/8/16 bits, Gray, RGB, CMYK, Lab, ICCBased (/N or
//!          /Alternate), Indexed, Separation, DeviceN; /Decode; /ImageMask
//! dct      JPEG (DCTDecode)
//! jpx      JPEG 2000 (JPXDecode), through `hayro-jpeg2000`
//! jbig2    JBIG2 (JBIG2Decode, with or without /JBIG2Globals), through `hayro-jbig2`
//! ccitt    CCITT Group 3 (1-D and 2-D) and Group 4 fax, through `hayro-ccitt`
//! ```
//!
//! Soft masks (/SMask, /SMaskInData) are ignored: OCR reads the ink, not its
//! transparency. An image that cannot be decoded is a `page_unreadable` error
//! naming the codec; one over the pixel limit is `too_large`.

mod ccitt;
mod dct;
mod jbig2;
mod jpx;
mod samples;
#[cfg(test)]
mod tests;

use image::GrayImage;
use lopdf::{Dictionary, Document, Object, Stream};

use super::objects::{self, deref, dict_of, num, Codec, DecodeError};
use super::PdfDoc;
use crate::error::{DocError, ErrorCode};

/// Look this deep into Form XObjects for images.
const MAX_FORM_DEPTH: usize = 2;

/// Bound on the image XObjects looked at on one page.
const MAX_CANDIDATES: usize = 1000;

impl PdfDoc {
    /// Decoded, upright gray raster of the largest image painted on page
    /// `number` (1-based); `Ok(None)` when the page paints no image.
    ///
    /// The page's /Rotate is applied, so the raster is the page as a reader
    /// sees it (the size of [`PdfDoc::page`]'s page).
    pub fn page_raster(&self, number: usize, max_pixels: u64) -> Result<Option<GrayImage>, DocError> {
        let on_page = |mut e: DocError| {
            e.page = Some(number);
            e
        };
        let doc = &self.doc;
        let dict = self
            .page_id(number)
            .and_then(|id| doc.get_dictionary(id).ok())
            .ok_or_else(|| on_page(unreadable("The page object is missing or damaged.")))?;
        let mut candidates: Vec<&Stream> = Vec::new();
        if let Some(res) = self.inherited(dict, b"Resources").and_then(|o| dict_of(doc, o)) {
            collect_images(doc, res, 0, &mut candidates);
        }
        let area = |s: &Stream| dim(doc, &s.dict, b"Width").saturating_mul(dim(doc, &s.dict, b"Height"));
        let Some(best) = candidates.into_iter().max_by_key(|s| area(s)) else { return Ok(None) };
        // A decoder that stumbles on a hostile stream fails this page alone.
        let decoded = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| decode_image(doc, best, max_pixels)));
        let img = decoded
            .unwrap_or_else(|_| {
                Err(DocError::new(
                    ErrorCode::Internal,
                    "The page image could not be decoded because of an internal error. The other pages are processed; please report this file to the maintainers.",
                ))
            })
            .map_err(on_page)?;
        let rotate = self.inherited(dict, b"Rotate").and_then(|o| num(doc, o)).unwrap_or(0.0);
        Ok(Some(match ((rotate / 90.0).round() as i64).rem_euclid(4) {
            1 => image::imageops::rotate90(&img),
            2 => image::imageops::rotate180(&img),
            3 => image::imageops::rotate270(&img),
            _ => img,
        }))
    }
}

fn collect_images<'a>(doc: &'a Document, resources: &'a Dictionary, depth: usize, out: &mut Vec<&'a Stream>) {
    let Some(xobjects) = resources.get(b"XObject").ok().and_then(|o| dict_of(doc, o)) else { return };
    for (_, obj) in xobjects.iter() {
        if out.len() >= MAX_CANDIDATES {
            return;
        }
        let Object::Stream(s) = deref(doc, obj) else { continue };
        match s.dict.get(b"Subtype").ok().and_then(|o| deref(doc, o).as_name().ok()) {
            Some(b"Image") => out.push(s),
            Some(b"Form") if depth < MAX_FORM_DEPTH => {
                if let Some(res) = s.dict.get(b"Resources").ok().and_then(|o| dict_of(doc, o)) {
                    // A form whose resources are the page's own would loop forever.
                    if !std::ptr::eq(res, resources) {
                        collect_images(doc, res, depth + 1, out);
                    }
                }
            }
            _ => {}
        }
    }
}

/// A non-negative integer entry (a size), 0 when absent.
fn dim(doc: &Document, d: &Dictionary, key: &[u8]) -> u64 {
    d.get(key).ok().and_then(|o| num(doc, o)).filter(|v| *v >= 0.0).map_or(0, |v| v as u64)
}

fn flag(doc: &Document, d: Option<&Dictionary>, key: &[u8]) -> Option<bool> {
    d?.get(key).ok().and_then(|o| deref(doc, o).as_bool().ok())
}

fn unreadable(msg: impl Into<String>) -> DocError {
    DocError::new(ErrorCode::PageUnreadable, msg)
}

/// The page image could not be decoded by `codec`: a damaged file, or a
/// variant the decoder does not know.
fn damaged(codec: &str, why: impl std::fmt::Display) -> DocError {
    unreadable(format!("The page image ({codec}) is damaged and cannot be read ({why}). Scan the page again, or save it as JPEG or PNG."))
}

fn too_large(w: u64, h: u64) -> DocError {
    DocError::new(
        ErrorCode::TooLarge,
        format!("The page image is too large to read ({w} × {h} pixels). Scan the page again at 200–300 dpi."),
    )
}

fn check_size(w: u64, h: u64, max_pixels: u64) -> Result<(), DocError> {
    if w.saturating_mul(h) > max_pixels || w > u32::MAX as u64 || h > u32::MAX as u64 {
        return Err(too_large(w, h));
    }
    Ok(())
}

/// Decode one image XObject into gray pixels (0 = black, 255 = white).
fn decode_image(doc: &Document, s: &Stream, max_pixels: u64) -> Result<GrayImage, DocError> {
    let d = &s.dict;
    let (w, h) = (dim(doc, d, b"Width"), dim(doc, d, b"Height"));
    if w == 0 || h == 0 {
        return Err(unreadable("The page image has no size and cannot be read."));
    }
    check_size(w, h, max_pixels)?;
    let (w, h) = (w as u32, h as u32);
    // Worst case raw size: 4 components × 2 bytes per sample, plus a predictor byte per row.
    let max_raw = (w as usize).saturating_mul(h as usize).saturating_mul(8).saturating_add(h as usize * 8);
    let (data, codec) = objects::decode_to_codec(doc, s, max_raw).map_err(|e| match e {
        DecodeError::TooLarge => DocError::new(ErrorCode::TooLarge, "The page image unpacks to more data than its size allows."),
        DecodeError::Damaged => unreadable("The page image data is damaged or uses a compression this tool cannot read."),
    })?;
    let image_mask = flag(doc, Some(d), b"ImageMask").unwrap_or(false);
    let bpc = if image_mask { 1 } else { dim(doc, d, b"BitsPerComponent") };
    let cs = samples::ColorSpace::of_image(doc, d, image_mask);
    let decode = samples::decode_array(doc, d, &cs, bpc);
    // A 1-bit image whose /Decode maps 0 to white.
    let inverted = decode.first().is_some_and(|(lo, hi)| lo > hi);
    match codec {
        None => samples::to_gray(&data, w, h, bpc, &cs, &decode),
        Some(Codec { name: b"DCTDecode", .. }) => dct::decode(&data, max_pixels, inverted),
        Some(Codec { name: b"JPXDecode", .. }) => jpx::decode(&data, max_pixels),
        Some(Codec { name: b"JBIG2Decode", parms }) => jbig2::decode(doc, &data, parms, Target { w, h, inverted }, max_pixels),
        Some(Codec { name: b"CCITTFaxDecode", parms }) => ccitt::decode(doc, &data, parms, Target { w, h, inverted }),
        Some(Codec { name, .. }) => {
            Err(unreadable(format!("The page image uses a compression this tool cannot read ({}).", String::from_utf8_lossy(name))))
        }
    }
}

/// The image a bilevel codec paints: its /Width and /Height (a coded bitmap
/// of another size is cut or padded), and whether /Decode [1 0] inverts it.
#[derive(Clone, Copy)]
struct Target {
    w: u32,
    h: u32,
    inverted: bool,
}

/// A black-and-white image being painted: paper where the codec says white,
/// ink where it says black; `inverted` (/BlackIs1, /Decode [1 0]) swaps the
/// two gray values.
struct Bilevel {
    img: GrayImage,
    ink: u8,
    row: u32,
}

impl Bilevel {
    /// `black_is_1`: the codec's black is sample 1 (white, before /Decode).
    fn new(t: Target, black_is_1: bool) -> Bilevel {
        let (paper, ink) = if t.inverted != black_is_1 { (0, 255) } else { (255, 0) };
        Bilevel { img: GrayImage::from_pixel(t.w, t.h, image::Luma([paper])), ink, row: 0 }
    }

    /// Paints the run `x0..x1` of the current row with ink.
    fn ink_run(&mut self, x0: u32, x1: u32) {
        let (w, h) = self.img.dimensions();
        if self.row >= h {
            return;
        }
        let start = (self.row * w) as usize;
        let row = &mut self.img.as_mut()[start..start + w as usize];
        for p in &mut row[x0.min(w) as usize..x1.min(w) as usize] {
            *p = self.ink;
        }
    }

    fn rows_done(&self) -> u32 {
        self.row.min(self.img.height())
    }
}
