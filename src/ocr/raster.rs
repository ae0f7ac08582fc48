//! Finding a scanned page's image in the PDF and decoding it to gray pixels.
//!
//! Supported: DCTDecode (JPEG), FlateDecode raw samples (optionally with a PNG/TIFF
//! predictor; Gray, RGB, CMYK, ICCBased, Indexed; 1/2/4/8/16 bits), CCITTFaxDecode
//! (Group 3 and 4), uncompressed samples, /Decode [1 0] and /ImageMask.
//! JPX (JPEG 2000) and JBIG2 are reported as unreadable pages.

use std::io::Read;

use image::GrayImage;
use lopdf::{Dictionary, Document, Object, ObjectId, Stream};

use crate::error::{DocError, ErrorCode};

/// Look this deep into Form XObjects for images.
const MAX_FORM_DEPTH: usize = 2;

/// Decoded, upright gray raster of the largest image painted on the page.
///
/// `Ok(None)` when the page paints no image. The page's `/Rotate` is applied, so
/// the raster is the page as a reader sees it (pass the displayed page size to
/// [`crate::ocr::recognize`]).
pub fn page_raster(doc: &Document, page_id: ObjectId, max_pixels: u64) -> Result<Option<GrayImage>, DocError> {
    let page_no = page_number(doc, page_id);
    let mut candidates: Vec<&Stream> = Vec::new();
    let (direct, ids) = doc
        .get_page_resources(page_id)
        .map_err(|e| DocError::on_page(ErrorCode::PageUnreadable, page_no, format!("The page's resources cannot be read ({e}).")))?;
    if let Some(res) = direct {
        collect_images(doc, res, 0, &mut candidates);
    }
    for id in ids {
        if let Ok(res) = doc.get_dictionary(id) {
            collect_images(doc, res, 0, &mut candidates);
        }
    }
    let best = candidates.into_iter().max_by_key(|s| {
        let w = dict_u64(doc, &s.dict, b"Width").unwrap_or(0);
        let h = dict_u64(doc, &s.dict, b"Height").unwrap_or(0);
        w.saturating_mul(h)
    });
    let Some(stream) = best else { return Ok(None) };
    let img = decode_image(doc, stream, max_pixels).map_err(|mut e| {
        e.page = Some(page_no);
        e
    })?;
    let rotate = doc
        .get_dictionary(page_id)
        .ok()
        .and_then(|d| inherited(doc, d, b"Rotate"))
        .and_then(|o| o.as_i64().ok())
        .unwrap_or(0)
        .rem_euclid(360);
    let img = match rotate {
        90 => image::imageops::rotate90(&img),
        180 => image::imageops::rotate180(&img),
        270 => image::imageops::rotate270(&img),
        _ => img,
    };
    Ok(Some(img))
}

fn page_number(doc: &Document, page_id: ObjectId) -> usize {
    doc.get_pages().iter().find(|(_, id)| **id == page_id).map(|(n, _)| *n as usize).unwrap_or(0)
}

/// A page attribute that may be inherited from the page tree.
fn inherited<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    let mut d = dict;
    for _ in 0..32 {
        if let Ok(o) = d.get(key) {
            return doc.dereference(o).ok().map(|(_, o)| o);
        }
        let parent = d.get(b"Parent").ok()?.as_reference().ok()?;
        d = doc.get_dictionary(parent).ok()?;
    }
    None
}

fn collect_images<'a>(doc: &'a Document, resources: &'a Dictionary, depth: usize, out: &mut Vec<&'a Stream>) {
    let Some(xobjects) = resources.get(b"XObject").ok().and_then(|o| deref_dict(doc, o)) else { return };
    for (_, obj) in xobjects.iter() {
        let Ok((_, Object::Stream(s))) = doc.dereference(obj) else { continue };
        match s.dict.get(b"Subtype").ok().and_then(|o| o.as_name().ok()) {
            Some(b"Image") => out.push(s),
            Some(b"Form") if depth < MAX_FORM_DEPTH => {
                if let Some(res) = s.dict.get(b"Resources").ok().and_then(|o| deref_dict(doc, o)) {
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

fn deref_dict<'a>(doc: &'a Document, o: &'a Object) -> Option<&'a Dictionary> {
    match doc.dereference(o).ok()?.1 {
        Object::Dictionary(d) => Some(d),
        Object::Stream(s) => Some(&s.dict),
        _ => None,
    }
}

fn deref<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    doc.dereference(o).map(|(_, o)| o).unwrap_or(o)
}

fn dict_get<'a>(doc: &'a Document, d: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    d.get(key).ok().map(|o| deref(doc, o))
}

fn dict_u64(doc: &Document, d: &Dictionary, key: &[u8]) -> Option<u64> {
    dict_get(doc, d, key).and_then(|o| o.as_i64().ok()).and_then(|v| u64::try_from(v).ok())
}

fn dict_bool(doc: &Document, d: &Dictionary, key: &[u8]) -> Option<bool> {
    dict_get(doc, d, key).and_then(|o| o.as_bool().ok())
}

fn unreadable(msg: impl Into<String>) -> DocError {
    DocError::new(ErrorCode::PageUnreadable, msg)
}

fn too_large(w: u64, h: u64) -> DocError {
    DocError::new(
        ErrorCode::TooLarge,
        format!("The page image is too large to read ({w} × {h} pixels). Scan the page again at 200–300 dpi."),
    )
}

/// Decode one image XObject into gray pixels (0 = black, 255 = white).
pub fn decode_image(doc: &Document, s: &Stream, max_pixels: u64) -> Result<GrayImage, DocError> {
    let d = &s.dict;
    let w = dict_u64(doc, d, b"Width").unwrap_or(0);
    let h = dict_u64(doc, d, b"Height").unwrap_or(0);
    if w == 0 || h == 0 {
        return Err(unreadable("The page image has no size and cannot be read."));
    }
    if w.saturating_mul(h) > max_pixels || w > u32::MAX as u64 || h > u32::MAX as u64 {
        return Err(too_large(w, h));
    }
    let (w32, h32) = (w as u32, h as u32);
    let filters: Vec<Vec<u8>> = match dict_get(doc, d, b"Filter") {
        None => Vec::new(),
        Some(Object::Name(n)) => vec![n.clone()],
        Some(Object::Array(a)) => a.iter().filter_map(|o| deref(doc, o).as_name().ok().map(|n| n.to_vec())).collect(),
        Some(_) => return Err(unreadable("The page image names an unknown compression.")),
    };
    let parms_list: Vec<Option<&Dictionary>> = match dict_get(doc, d, b"DecodeParms").or_else(|| dict_get(doc, d, b"DP")) {
        Some(Object::Dictionary(p)) => vec![Some(p)],
        Some(Object::Array(a)) => a.iter().map(|o| deref_dict(doc, o)).collect(),
        _ => Vec::new(),
    };
    let image_mask = dict_bool(doc, d, b"ImageMask").unwrap_or(false);
    let invert = decode_inverted(doc, d);
    // Worst case raw size: 4 components × 2 bytes per sample, plus a predictor byte per row.
    let max_raw = (w.saturating_mul(h).saturating_mul(8)).saturating_add(h.saturating_mul(8)) as usize;

    let mut data: std::borrow::Cow<[u8]> = std::borrow::Cow::Borrowed(&s.content);
    for (i, f) in filters.iter().enumerate() {
        let parms = parms_list.get(i).copied().flatten();
        let last = i + 1 == filters.len();
        match f.as_slice() {
            b"FlateDecode" | b"Fl" => {
                let raw = inflate(&data, max_raw)?;
                data = std::borrow::Cow::Owned(raw);
                if let Some(p) = parms {
                    data = std::borrow::Cow::Owned(unpredict(doc, p, data.into_owned(), w as usize, d)?);
                }
            }
            b"ASCIIHexDecode" | b"AHx" => data = std::borrow::Cow::Owned(crate::pdf::decode_hex(&data).0),
            b"DCTDecode" | b"DCT" if last => return decode_jpeg(&data, max_pixels, invert),
            b"CCITTFaxDecode" | b"CCF" if last => {
                let bits = decode_ccitt(doc, parms, &data, w32, h32)?;
                return Ok(bits_to_gray(&bits, w32, h32, image_mask, invert));
            }
            b"JPXDecode" => {
                return Err(unreadable(
                    "The page image is JPEG 2000, which this tool cannot read. Save or scan the page as ordinary JPEG or PNG.",
                ))
            }
            b"JBIG2Decode" => {
                return Err(unreadable(
                    "The page image uses JBIG2 compression, which this tool cannot read. Scan the page again as JPEG or PNG.",
                ))
            }
            other => {
                return Err(unreadable(format!(
                    "The page image uses a compression this tool cannot read ({}).",
                    String::from_utf8_lossy(other)
                )))
            }
        }
    }
    if image_mask {
        return Ok(bits_to_gray(&data, w32, h32, true, invert));
    }
    let bpc = dict_u64(doc, d, b"BitsPerComponent").unwrap_or(8);
    let cs = color_space(doc, dict_get(doc, d, b"ColorSpace"));
    samples_to_gray(&data, w32, h32, bpc, &cs, invert)
}

fn decode_inverted(doc: &Document, d: &Dictionary) -> bool {
    match dict_get(doc, d, b"Decode") {
        Some(Object::Array(a)) if a.len() >= 2 => {
            let v = |o: &Object| o.as_float().ok().or_else(|| o.as_i64().ok().map(|i| i as f32));
            matches!((v(&a[0]), v(&a[1])), (Some(x), Some(y)) if x > y)
        }
        _ => false,
    }
}

fn inflate(data: &[u8], max: usize) -> Result<Vec<u8>, DocError> {
    let mut out = Vec::new();
    let dec = flate2::read::ZlibDecoder::new(data);
    let res = dec.take(max as u64 + 1).read_to_end(&mut out);
    if out.len() > max {
        return Err(DocError::new(ErrorCode::TooLarge, "The page image unpacks to more data than its size allows."));
    }
    if let Err(e) = res {
        // Truncated streams are common; keep what decoded if there is something.
        if out.is_empty() {
            // Some writers omit the zlib header: try raw deflate.
            let mut raw = Vec::new();
            let r2 = flate2::read::DeflateDecoder::new(data).take(max as u64 + 1).read_to_end(&mut raw);
            if r2.is_ok() && !raw.is_empty() && raw.len() <= max {
                return Ok(raw);
            }
            return Err(unreadable(format!("The page image data is damaged ({e}).")));
        }
    }
    Ok(out)
}

/// Undo a PNG (10..15) or TIFF (2) predictor.
fn unpredict(doc: &Document, p: &Dictionary, data: Vec<u8>, width: usize, img: &Dictionary) -> Result<Vec<u8>, DocError> {
    let predictor = dict_u64(doc, p, b"Predictor").unwrap_or(1);
    if predictor < 2 {
        return Ok(data);
    }
    let colors = dict_u64(doc, p, b"Colors").unwrap_or(1).clamp(1, 32) as usize;
    let bpc = dict_u64(doc, p, b"BitsPerComponent").or_else(|| dict_u64(doc, img, b"BitsPerComponent")).unwrap_or(8).clamp(1, 16) as usize;
    let columns = dict_u64(doc, p, b"Columns").map(|c| c as usize).unwrap_or(width).max(1);
    let row_bytes = (columns * colors * bpc).div_ceil(8);
    let bpp = (colors * bpc).div_ceil(8).max(1);
    if predictor == 2 {
        if bpc != 8 {
            return Err(unreadable("The page image uses an unusual TIFF predictor this tool cannot read."));
        }
        let mut out = data;
        for row in out.chunks_mut(row_bytes) {
            for i in bpp..row.len() {
                row[i] = row[i].wrapping_add(row[i - bpp]);
            }
        }
        return Ok(out);
    }
    let mut out = Vec::with_capacity(data.len());
    let mut prev = vec![0u8; row_bytes];
    for chunk in data.chunks(row_bytes + 1) {
        if chunk.len() < 2 {
            break;
        }
        let ft = chunk[0];
        let mut row = chunk[1..].to_vec();
        row.resize(row_bytes, 0);
        for i in 0..row_bytes {
            let a = if i >= bpp { row[i - bpp] } else { 0 };
            let b = prev[i];
            let c = if i >= bpp { prev[i - bpp] } else { 0 };
            let pred = match ft {
                0 => 0,
                1 => a,
                2 => b,
                3 => ((a as u16 + b as u16) / 2) as u8,
                4 => {
                    let pa = (b as i16 - c as i16).abs();
                    let pb = (a as i16 - c as i16).abs();
                    let pc = (a as i16 + b as i16 - 2 * c as i16).abs();
                    if pa <= pb && pa <= pc {
                        a
                    } else if pb <= pc {
                        b
                    } else {
                        c
                    }
                }
                _ => 0,
            };
            row[i] = row[i].wrapping_add(pred);
        }
        out.extend_from_slice(&row);
        prev = row;
    }
    Ok(out)
}

fn decode_jpeg(data: &[u8], max_pixels: u64, invert: bool) -> Result<GrayImage, DocError> {
    use image::ImageDecoder;
    let dec = image::codecs::jpeg::JpegDecoder::new(std::io::Cursor::new(data))
        .map_err(|e| unreadable(format!("The page image (JPEG) is damaged and cannot be read ({e}).")))?;
    let (w, h) = dec.dimensions();
    if (w as u64).saturating_mul(h as u64) > max_pixels {
        return Err(too_large(w as u64, h as u64));
    }
    let img = image::DynamicImage::from_decoder(dec)
        .map_err(|e| unreadable(format!("The page image (JPEG) is damaged and cannot be read ({e}).")))?;
    let mut g = img.to_luma8();
    if invert {
        image::imageops::invert(&mut g);
    }
    Ok(g)
}

/// CCITT fax data -> 1 bit per pixel rows (PDF sample bits, before /Decode).
/// Group 4 (K < 0) is wrapped into a TIFF and decoded by the `image` crate;
/// Group 3 is not supported.
fn decode_ccitt(doc: &Document, parms: Option<&Dictionary>, data: &[u8], w: u32, h: u32) -> Result<Vec<u8>, DocError> {
    let get_i = |k: &[u8]| parms.and_then(|p| dict_get(doc, p, k)).and_then(|o| o.as_i64().ok());
    let k = get_i(b"K").unwrap_or(0);
    let columns = get_i(b"Columns").unwrap_or(1728);
    let black_is_1 = parms.and_then(|p| dict_bool(doc, p, b"BlackIs1")).unwrap_or(false);
    if k >= 0 {
        return Err(unreadable(
            "The page image uses Group 3 fax compression, which this tool cannot read. Scan the page again as JPEG or PNG.",
        ));
    }
    if columns as u64 != w as u64 {
        return Err(unreadable("The page image (fax compression) has an inconsistent size and cannot be read."));
    }
    // Photometric 1: with the `tiff` crate this yields fax white = 255 (checked by a test).
    let tiff = super::tiffwrap::single_strip(w, h, 1, 4, 1, data);
    let gray = image::load_from_memory_with_format(&tiff, image::ImageFormat::Tiff)
        .map_err(|e| unreadable(format!("The page image (fax compression) is damaged and cannot be read ({e}).")))?
        .to_luma8();
    if gray.dimensions() != (w, h) {
        return Err(unreadable("The page image (fax compression) has an inconsistent size and cannot be read."));
    }
    let row_bytes = (w as usize).div_ceil(8);
    let mut out = vec![0u8; row_bytes * h as usize];
    for (x, y, p) in gray.enumerate_pixels() {
        let black = p[0] < 128;
        if black == black_is_1 {
            out[y as usize * row_bytes + x as usize / 8] |= 0x80 >> (x % 8);
        }
    }
    Ok(out)
}

/// 1-bit samples -> gray. For an image mask, 0 paints black (unless /Decode [1 0]).
/// For an ordinary 1-bit gray image, 0 is black as well.
fn bits_to_gray(bits: &[u8], w: u32, h: u32, _mask: bool, invert: bool) -> GrayImage {
    let row_bytes = (w as usize).div_ceil(8);
    GrayImage::from_fn(w, h, |x, y| {
        let i = y as usize * row_bytes + x as usize / 8;
        let bit = bits.get(i).map(|b| (b >> (7 - x % 8)) & 1).unwrap_or(1);
        let white = (bit == 1) != invert;
        image::Luma([if white { 255 } else { 0 }])
    })
}

#[derive(Debug, Clone)]
enum ColorSpace {
    Gray,
    Rgb,
    Cmyk,
    Lab,
    /// Base space and palette bytes.
    Indexed(Box<ColorSpace>, Vec<u8>),
}

impl ColorSpace {
    fn components(&self) -> usize {
        match self {
            ColorSpace::Gray | ColorSpace::Indexed(..) => 1,
            ColorSpace::Rgb | ColorSpace::Lab => 3,
            ColorSpace::Cmyk => 4,
        }
    }
}

fn color_space(doc: &Document, o: Option<&Object>) -> ColorSpace {
    color_space_depth(doc, o, 0)
}

fn color_space_depth(doc: &Document, o: Option<&Object>, depth: usize) -> ColorSpace {
    let Some(o) = o else { return ColorSpace::Gray };
    if depth > 4 {
        return ColorSpace::Gray;
    }
    match o {
        Object::Name(n) => match n.as_slice() {
            b"DeviceRGB" | b"CalRGB" | b"RGB" => ColorSpace::Rgb,
            b"DeviceCMYK" | b"CMYK" => ColorSpace::Cmyk,
            _ => ColorSpace::Gray,
        },
        Object::Array(a) if !a.is_empty() => {
            let name = deref(doc, &a[0]).as_name().unwrap_or(b"");
            match name {
                b"ICCBased" => {
                    let n = a
                        .get(1)
                        .and_then(|o| match deref(doc, o) {
                            Object::Stream(s) => dict_u64(doc, &s.dict, b"N"),
                            _ => None,
                        })
                        .unwrap_or(3);
                    match n {
                        1 => ColorSpace::Gray,
                        4 => ColorSpace::Cmyk,
                        _ => ColorSpace::Rgb,
                    }
                }
                b"CalRGB" => ColorSpace::Rgb,
                b"Lab" => ColorSpace::Lab,
                b"Indexed" | b"I" => {
                    let base = color_space_depth(doc, a.get(1).map(|o| deref(doc, o)), depth + 1);
                    let lookup = match a.get(3).map(|o| deref(doc, o)) {
                        Some(Object::String(s, _)) => s.clone(),
                        Some(Object::Stream(s)) => s.decompressed_content().unwrap_or_else(|_| s.content.clone()),
                        _ => Vec::new(),
                    };
                    ColorSpace::Indexed(Box::new(base), lookup)
                }
                b"Separation" | b"DeviceN" => ColorSpace::Gray,
                _ => color_space_depth(doc, Some(deref(doc, &a[0])), depth + 1),
            }
        }
        Object::Reference(_) => color_space_depth(doc, Some(deref(doc, o)), depth + 1),
        _ => ColorSpace::Gray,
    }
}

fn to_gray(cs: &ColorSpace, c: &[f32]) -> f32 {
    match cs {
        ColorSpace::Gray => c[0],
        ColorSpace::Rgb => 0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2],
        ColorSpace::Lab => c[0],
        ColorSpace::Cmyk => (1.0 - (0.3 * c[0] + 0.59 * c[1] + 0.11 * c[2]) - c[3]).clamp(0.0, 1.0),
        ColorSpace::Indexed(..) => c[0],
    }
}

/// Raw samples -> gray.
fn samples_to_gray(data: &[u8], w: u32, h: u32, bpc: u64, cs: &ColorSpace, invert: bool) -> Result<GrayImage, DocError> {
    if !matches!(bpc, 1 | 2 | 4 | 8 | 16) {
        return Err(unreadable(format!("The page image has an unusual sample depth ({bpc} bits).")));
    }
    let bpc = bpc as usize;
    let ncomp = cs.components();
    let row_bits = w as usize * ncomp * bpc;
    let row_bytes = row_bits.div_ceil(8);
    let needed = row_bytes * h as usize;
    if data.len() < needed / 2 {
        return Err(unreadable("The page image data is incomplete or damaged."));
    }
    let maxv = ((1u32 << bpc) - 1) as f32;
    let sample = |row: usize, idx: usize| -> u32 {
        let bit = idx * bpc;
        let base = row * row_bytes;
        match bpc {
            8 => data.get(base + idx).copied().unwrap_or(255) as u32,
            16 => {
                let i = base + idx * 2;
                match (data.get(i), data.get(i + 1)) {
                    (Some(a), Some(b)) => (*a as u32) << 8 | *b as u32,
                    _ => 0xFFFF,
                }
            }
            _ => {
                let byte = data.get(base + bit / 8).copied().unwrap_or(0xFF) as u32;
                let shift = 8 - bpc - (bit % 8);
                (byte >> shift) & ((1 << bpc) - 1)
            }
        }
    };
    // Fast path: 8-bit gray, the usual scan.
    if bpc == 8 && matches!(cs, ColorSpace::Gray) {
        let mut img = GrayImage::from_fn(w, h, |x, y| image::Luma([sample(y as usize, x as usize) as u8]));
        if invert {
            image::imageops::invert(&mut img);
        }
        return Ok(img);
    }
    let mut comps = vec![0f32; ncomp.max(4)];
    let mut img = GrayImage::new(w, h);
    for y in 0..h as usize {
        for x in 0..w as usize {
            let g = match cs {
                ColorSpace::Indexed(base, lut) => {
                    let v = sample(y, x) as usize;
                    let bn = base.components();
                    let mut c = [0f32; 4];
                    for (k, ck) in c.iter_mut().enumerate().take(bn.min(4)) {
                        *ck = lut.get(v * bn + k).copied().unwrap_or(255) as f32 / 255.0;
                    }
                    to_gray(base, &c)
                }
                _ => {
                    for (k, ck) in comps.iter_mut().enumerate().take(ncomp) {
                        let mut v = sample(y, x * ncomp + k) as f32 / maxv;
                        if invert {
                            v = 1.0 - v;
                        }
                        *ck = v;
                    }
                    to_gray(cs, &comps)
                }
            };
            img.put_pixel(x as u32, y as u32, image::Luma([(g * 255.0).round().clamp(0.0, 255.0) as u8]));
        }
    }
    Ok(img)
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::dictionary;

    /// A one-page document painting `image` (directly, or inside a Form XObject).
    fn doc_with(image: Stream, in_form: bool, rotate: Option<i64>) -> (Document, ObjectId) {
        let mut doc = Document::with_version("1.5");
        let pages_id = doc.new_object_id();
        let img_id = doc.add_object(image);
        let xobj = if in_form {
            let form = Stream::new(
                dictionary! {
                    "Type" => "XObject", "Subtype" => "Form", "BBox" => vec![0.into(), 0.into(), 100.into(), 100.into()],
                    "Resources" => dictionary! { "XObject" => dictionary! { "Im0" => img_id } },
                },
                b"q 100 0 0 100 0 0 cm /Im0 Do Q".to_vec(),
            );
            let form_id = doc.add_object(form);
            dictionary! { "Fm0" => form_id }
        } else {
            dictionary! { "Im0" => img_id }
        };
        let content_id = doc.add_object(Stream::new(dictionary! {}, b"q 100 0 0 100 0 0 cm /Im0 Do Q".to_vec()));
        let mut page = dictionary! {
            "Type" => "Page", "Parent" => pages_id, "MediaBox" => vec![0.into(), 0.into(), 100.into(), 100.into()],
            "Resources" => dictionary! { "XObject" => xobj }, "Contents" => content_id,
        };
        if let Some(r) = rotate {
            page.set("Rotate", r);
        }
        let page_id = doc.add_object(page);
        doc.objects.insert(pages_id, Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1 }));
        let cat = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
        doc.trailer.set("Root", cat);
        (doc, page_id)
    }

    fn zlib(data: &[u8]) -> Vec<u8> {
        use std::io::Write;
        let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    /// G4 data of a 300 × 200 white image with a black bar at x 50..=250, y 50..=60
    /// (and some text below), as written by libtiff.
    const G4: &[u8] = &[
        0x26, 0xa0, 0xb6, 0x0a, 0x9f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfc, 0x82, 0x92, 0xf4, 0xff, 0xff,
        0xff, 0xff, 0xff, 0xc7, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x20, 0xb4, 0x39, 0x63, 0x9f, 0x0a, 0x1c, 0x98,
        0xe4, 0x71, 0xfc, 0x8e, 0x7d, 0x02, 0x30, 0xff, 0xfe, 0x93, 0x23, 0x86, 0x48, 0x3f, 0xff, 0xfe, 0x38, 0x3f, 0xfe, 0x47, 0x78, 0x2f,
        0xff, 0xff, 0x64, 0x79, 0x7f, 0x38, 0x8e, 0x23, 0x92, 0xc4, 0x44, 0x44, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xf8, 0x00, 0x80, 0x08,
    ];

    #[test]
    fn ccitt_g4_in_a_form_xobject() {
        let img = Stream::new(
            dictionary! {
                "Type" => "XObject", "Subtype" => "Image", "Width" => 300, "Height" => 200,
                "ColorSpace" => "DeviceGray", "BitsPerComponent" => 1, "Filter" => "CCITTFaxDecode",
                "DecodeParms" => dictionary! { "K" => -1, "Columns" => 300, "Rows" => 200 },
            },
            G4.to_vec(),
        );
        let (doc, page) = doc_with(img, true, None);
        let g = page_raster(&doc, page, 1_000_000).unwrap().unwrap();
        assert_eq!(g.dimensions(), (300, 200));
        assert_eq!(g.get_pixel(100, 55)[0], 0, "bar is black");
        assert_eq!(g.get_pixel(10, 10)[0], 255, "paper is white");
        assert_eq!(g.get_pixel(100, 70)[0], 255);
    }

    #[test]
    fn ccitt_group3_is_a_clear_error() {
        let img = Stream::new(
            dictionary! {
                "Type" => "XObject", "Subtype" => "Image", "Width" => 300, "Height" => 200,
                "BitsPerComponent" => 1, "Filter" => "CCITTFaxDecode", "DecodeParms" => dictionary! { "K" => 0, "Columns" => 300 },
            },
            vec![0u8; 10],
        );
        let (doc, page) = doc_with(img, false, None);
        let e = page_raster(&doc, page, 1_000_000).unwrap_err();
        assert_eq!(e.code, ErrorCode::PageUnreadable);
        assert!(e.message.contains("Group 3"), "{}", e.message);
        assert_eq!(e.page, Some(1));
    }

    #[test]
    fn flate_one_bit_with_inverted_decode() {
        // 16 × 2: first row all 1-bits, second row all 0-bits; /Decode [1 0] -> 1 = black.
        let raw = [0xFF, 0xFF, 0x00, 0x00];
        let img = Stream::new(
            dictionary! {
                "Type" => "XObject", "Subtype" => "Image", "Width" => 16, "Height" => 2,
                "ColorSpace" => "DeviceGray", "BitsPerComponent" => 1, "Filter" => "FlateDecode",
                "Decode" => vec![1.into(), 0.into()],
            },
            zlib(&raw),
        );
        let (doc, page) = doc_with(img, false, None);
        let g = page_raster(&doc, page, 1_000_000).unwrap().unwrap();
        assert_eq!(g.get_pixel(3, 0)[0], 0);
        assert_eq!(g.get_pixel(3, 1)[0], 255);
    }

    #[test]
    fn flate_rgb_with_png_predictor_and_rotation() {
        // 3 × 2 RGB, rows with PNG "Sub" filter; page /Rotate 90.
        let rows: [[u8; 9]; 2] = [[255, 0, 0, 0, 255, 0, 0, 0, 255], [0, 0, 0, 255, 255, 255, 128, 128, 128]];
        let mut raw = Vec::new();
        for r in rows {
            raw.push(1u8);
            for i in 0..9 {
                let left = if i >= 3 { r[i - 3] } else { 0 };
                raw.push(r[i].wrapping_sub(left));
            }
        }
        let img = Stream::new(
            dictionary! {
                "Type" => "XObject", "Subtype" => "Image", "Width" => 3, "Height" => 2,
                "ColorSpace" => "DeviceRGB", "BitsPerComponent" => 8, "Filter" => "FlateDecode",
                "DecodeParms" => dictionary! { "Predictor" => 15, "Colors" => 3, "Columns" => 3 },
            },
            zlib(&raw),
        );
        let (doc, page) = doc_with(img, false, Some(90));
        let g = page_raster(&doc, page, 1_000_000).unwrap().unwrap();
        assert_eq!(g.dimensions(), (2, 3));
        // Rotated 90° clockwise: source (0,1) black -> (0,0); source (0,0) red -> (1,0).
        assert_eq!(g.get_pixel(0, 0)[0], 0);
        assert_eq!(g.get_pixel(1, 0)[0], 76);
        assert_eq!(g.get_pixel(0, 1)[0], 255);
    }

    #[test]
    fn damaged_jpeg_and_jbig2_are_errors() {
        for (filter, data) in [("DCTDecode", b"\xFF\xD8garbage".to_vec()), ("JBIG2Decode", vec![1, 2, 3])] {
            let img = Stream::new(
                dictionary! {
                    "Type" => "XObject", "Subtype" => "Image", "Width" => 100, "Height" => 100,
                    "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8, "Filter" => filter,
                },
                data,
            );
            let (doc, page) = doc_with(img, false, None);
            let e = page_raster(&doc, page, 1_000_000).unwrap_err();
            assert_eq!(e.code, ErrorCode::PageUnreadable, "{filter}: {e:?}");
        }
    }

    #[test]
    fn short_flate_data_is_an_error_not_a_panic() {
        let img = Stream::new(
            dictionary! {
                "Type" => "XObject", "Subtype" => "Image", "Width" => 1000, "Height" => 1000,
                "ColorSpace" => "DeviceRGB", "BitsPerComponent" => 8, "Filter" => "FlateDecode",
            },
            zlib(&[1, 2, 3]),
        );
        let (doc, page) = doc_with(img, false, None);
        assert_eq!(page_raster(&doc, page, 10_000_000).unwrap_err().code, ErrorCode::PageUnreadable);
    }
}
