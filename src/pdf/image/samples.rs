//! Raw image samples (what is left after the byte filters) -> gray, through
//! the image's colour space and /Decode array.

use image::GrayImage;
use lopdf::{Dictionary, Document, Object};

use super::{dim, unreadable};
use crate::error::DocError;
use crate::pdf::objects::{deref, numbers, stream_bytes};

/// Nesting bound for colour spaces (Indexed over ICCBased over ...).
const MAX_DEPTH: usize = 4;

/// Largest palette read (256 entries of 4 components).
const MAX_LOOKUP: usize = 4 * 256;

#[derive(Debug, Clone, PartialEq)]
pub(super) enum ColorSpace {
    Gray,
    Rgb,
    Cmyk,
    /// L*a*b*: only L* (0..100) matters for gray.
    Lab,
    /// Base space and palette bytes.
    Indexed(Box<ColorSpace>, Vec<u8>),
    /// Separation (1 colorant) or DeviceN (n colorants): tints of ink, 1 = full ink.
    Tint(usize),
}

impl ColorSpace {
    /// The colour space an image's samples are in (an image mask is 1-bit gray).
    pub(super) fn of_image(doc: &Document, d: &Dictionary, image_mask: bool) -> ColorSpace {
        if image_mask {
            return ColorSpace::Gray;
        }
        d.get(b"ColorSpace").map_or(ColorSpace::Gray, |o| parse(doc, o, 0))
    }

    pub(super) fn components(&self) -> usize {
        match self {
            ColorSpace::Gray | ColorSpace::Indexed(..) => 1,
            ColorSpace::Rgb | ColorSpace::Lab => 3,
            ColorSpace::Cmyk => 4,
            ColorSpace::Tint(n) => *n,
        }
    }

    /// The /Decode range of component `k` when the image gives none.
    fn default_decode(&self, k: usize, bpc: u64) -> (f32, f32) {
        match self {
            ColorSpace::Indexed(..) => (0.0, ((1u64 << bpc.min(16)) - 1) as f32),
            ColorSpace::Lab if k == 0 => (0.0, 100.0),
            ColorSpace::Lab => (-100.0, 100.0),
            _ => (0.0, 1.0),
        }
    }

    /// Gray 0..1 of one pixel's decoded components.
    fn gray(&self, c: &[f32]) -> f32 {
        let g = match self {
            ColorSpace::Gray => c[0],
            ColorSpace::Rgb => 0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2],
            ColorSpace::Cmyk => 1.0 - (0.3 * c[0] + 0.59 * c[1] + 0.11 * c[2] + c[3]),
            ColorSpace::Lab => c[0] / 100.0,
            ColorSpace::Tint(n) => 1.0 - c[..*n].iter().sum::<f32>(),
            ColorSpace::Indexed(base, lut) => {
                let n = base.components();
                let i = (c[0].round().max(0.0) as usize).saturating_mul(n);
                let mut rgb = [0f32; 4];
                for (k, v) in rgb.iter_mut().enumerate().take(n.min(4)) {
                    *v = lut.get(i + k).map_or(1.0, |b| *b as f32 / 255.0);
                }
                if matches!(**base, ColorSpace::Lab) {
                    rgb[0] *= 100.0;
                }
                base.gray(&rgb)
            }
        };
        g.clamp(0.0, 1.0)
    }
}

fn parse(doc: &Document, o: &Object, depth: usize) -> ColorSpace {
    if depth > MAX_DEPTH {
        return ColorSpace::Gray;
    }
    match deref(doc, o) {
        Object::Name(n) => by_name(n).unwrap_or(ColorSpace::Gray),
        Object::Array(a) if !a.is_empty() => {
            let family = deref(doc, &a[0]).as_name().unwrap_or(b"");
            match family {
                b"ICCBased" => {
                    let Some(Object::Stream(profile)) = a.get(1).map(|o| deref(doc, o)) else { return ColorSpace::Rgb };
                    if let Ok(alt) = profile.dict.get(b"Alternate") {
                        return parse(doc, alt, depth + 1);
                    }
                    match dim(doc, &profile.dict, b"N") {
                        1 => ColorSpace::Gray,
                        4 => ColorSpace::Cmyk,
                        _ => ColorSpace::Rgb,
                    }
                }
                b"Indexed" | b"I" => {
                    let base = a.get(1).map_or(ColorSpace::Rgb, |o| parse(doc, o, depth + 1));
                    let lookup = match a.get(3).map(|o| deref(doc, o)) {
                        Some(Object::String(s, _)) => s.clone(),
                        Some(Object::Stream(_)) => stream_bytes(doc, &a[3], MAX_LOOKUP).unwrap_or_default(),
                        _ => Vec::new(),
                    };
                    ColorSpace::Indexed(Box::new(base), lookup)
                }
                b"Separation" => ColorSpace::Tint(1),
                b"DeviceN" => ColorSpace::Tint(a.get(1).and_then(|o| deref(doc, o).as_array().ok()).map_or(1, |n| n.len().clamp(1, 32))),
                b"Lab" => ColorSpace::Lab,
                b"CalGray" => ColorSpace::Gray,
                b"CalRGB" => ColorSpace::Rgb,
                b"Pattern" => ColorSpace::Gray,
                other => by_name(other).unwrap_or(ColorSpace::Gray),
            }
        }
        _ => ColorSpace::Gray,
    }
}

fn by_name(n: &[u8]) -> Option<ColorSpace> {
    match n {
        b"DeviceGray" | b"G" | b"CalGray" => Some(ColorSpace::Gray),
        b"DeviceRGB" | b"RGB" | b"CalRGB" => Some(ColorSpace::Rgb),
        b"DeviceCMYK" | b"CMYK" => Some(ColorSpace::Cmyk),
        _ => None,
    }
}

/// The image's /Decode ranges, one (low, high) per component; the colour
/// space's defaults where the image gives none.
pub(super) fn decode_array(doc: &Document, d: &Dictionary, cs: &ColorSpace, bpc: u64) -> Vec<(f32, f32)> {
    let given = d.get(b"Decode").map(|o| numbers(doc, o)).unwrap_or_default();
    (0..cs.components())
        .map(|k| match (given.get(2 * k), given.get(2 * k + 1)) {
            (Some(lo), Some(hi)) => (*lo as f32, *hi as f32),
            _ => cs.default_decode(k, bpc),
        })
        .collect()
}

/// Packed samples (rows start on a byte) -> gray.
pub(super) fn to_gray(data: &[u8], w: u32, h: u32, bpc: u64, cs: &ColorSpace, decode: &[(f32, f32)]) -> Result<GrayImage, DocError> {
    if !matches!(bpc, 1 | 2 | 4 | 8 | 16) {
        return Err(unreadable(format!("The page image has an unusual sample depth ({bpc} bits).")));
    }
    let bpc = bpc as usize;
    let n = cs.components();
    let row_bytes = (w as usize * n * bpc).div_ceil(8);
    if data.len() < row_bytes * h as usize / 2 {
        return Err(unreadable("The page image data is incomplete or damaged."));
    }
    let maxv = ((1u32 << bpc) - 1) as f32;
    // A missing tail (a truncated stream) reads as paper.
    let sample = |row: usize, idx: usize| -> Option<u32> {
        let base = row * row_bytes;
        match bpc {
            8 => data.get(base + idx).map(|b| *b as u32),
            16 => Some(u16::from_be_bytes([*data.get(base + 2 * idx)?, *data.get(base + 2 * idx + 1)?]) as u32),
            _ => {
                let bit = idx * bpc;
                let byte = *data.get(base + bit / 8)? as u32;
                Some((byte >> (8 - bpc - bit % 8)) & ((1 << bpc) - 1))
            }
        }
    };
    let plain_gray = *cs == ColorSpace::Gray && decode == [(0.0, 1.0)];
    let mut img = GrayImage::from_pixel(w, h, image::Luma([255]));
    let mut comps = vec![0f32; n.max(4)];
    for (y, row) in img.as_mut().chunks_exact_mut(w as usize).enumerate() {
        if y * row_bytes >= data.len() {
            break;
        }
        for (x, px) in row.iter_mut().enumerate() {
            if plain_gray && bpc == 8 {
                // The usual scan: no arithmetic.
                if let Some(v) = sample(y, x) {
                    *px = v as u8;
                }
                continue;
            }
            let mut complete = true;
            for (k, c) in comps.iter_mut().enumerate().take(n) {
                let Some(v) = sample(y, x * n + k) else {
                    complete = false;
                    break;
                };
                let (lo, hi) = decode[k];
                *c = lo + v as f32 * (hi - lo) / maxv;
            }
            if complete {
                *px = (cs.gray(&comps) * 255.0).round() as u8;
            }
        }
    }
    Ok(img)
}
