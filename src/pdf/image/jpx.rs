//! JPEG 2000 (JPXDecode), through `hayro-jpeg2000`. The codestream carries
//! its own colour space; /Decode and /SMaskInData do not matter for OCR.

use hayro_jpeg2000::{ColorSpace, DecodeSettings, DecoderContext, Image};
use image::GrayImage;

use super::{check_size, damaged};
use crate::error::DocError;

pub(super) fn decode(data: &[u8], max_pixels: u64) -> Result<GrayImage, DocError> {
    let jpx = Image::new(data, &DecodeSettings::default()).map_err(|e| damaged("JPEG 2000", e))?;
    let (w, h) = (jpx.width(), jpx.height());
    check_size(w as u64, h as u64, max_pixels)?;
    let channels = jpx.color_space().num_channels() as usize;
    let cmyk = matches!(jpx.color_space(), ColorSpace::CMYK);
    let stride = channels + usize::from(jpx.has_alpha());
    let mut ctx = DecoderContext::default();
    let decoded = jpx.decode(&mut ctx).map_err(|e| damaged("JPEG 2000", e))?;
    let data = decoded.data_u8();
    if stride == 0 || data.len() < w as usize * h as usize * stride {
        return Err(damaged("JPEG 2000", "fewer samples than pixels"));
    }
    let px = data.chunks_exact(stride).map(|p| match (channels, cmyk) {
        (4, true) => {
            let ink = 0.3 * p[0] as f32 + 0.59 * p[1] as f32 + 0.11 * p[2] as f32 + p[3] as f32;
            (255.0 - ink).clamp(0.0, 255.0) as u8
        }
        (3.., _) => (0.299 * p[0] as f32 + 0.587 * p[1] as f32 + 0.114 * p[2] as f32).round() as u8,
        _ => p[0],
    });
    GrayImage::from_raw(w, h, px.take(w as usize * h as usize).collect()).ok_or_else(|| damaged("JPEG 2000", "size mismatch"))
}
