//! JPEG (DCTDecode), through the `image` crate.

use image::{GrayImage, ImageDecoder};

use super::{check_size, damaged};
use crate::error::DocError;

/// `inverted`: the image's /Decode starts [1 0] (Adobe's inverted CMYK, or a negative).
pub(super) fn decode(data: &[u8], max_pixels: u64, inverted: bool) -> Result<GrayImage, DocError> {
    let dec = image::codecs::jpeg::JpegDecoder::new(std::io::Cursor::new(data)).map_err(|e| damaged("JPEG", e))?;
    let (w, h) = dec.dimensions();
    check_size(w as u64, h as u64, max_pixels)?;
    let mut g = image::DynamicImage::from_decoder(dec).map_err(|e| damaged("JPEG", e))?.to_luma8();
    if inverted {
        image::imageops::invert(&mut g);
    }
    Ok(g)
}
