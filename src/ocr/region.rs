//! A second, cropped reading of one part of a page: the signature block, where
//! the round stamp pressed over the typed lines garbles the first reading.
//!
//! The page is straightened as for the first reading (so the words land in the
//! same frame), the region cut out, and only the darkest ink kept: a stamp is
//! printed lighter than the typed text (a gray ring on a gray scan), so it
//! drops out. The crop is read as one block of text, enlarged to 300 dpi.

use image::{GrayImage, Luma};

use super::{straighten, tesseract, to_words, write_png, OcrOptions};
use crate::error::DocError;
use crate::model::{Rect, Word};

/// One uniform block of text.
const REGION_PSM: u32 = 6;

/// The crop is read at (at least) this resolution.
const REGION_DPI: f32 = 300.0;

/// Between the darkest ink and the paper, the share of the way up to which a
/// pixel still counts as ink. The typed text's strokes sit near the darkest
/// ink; the stamp's gray ring (on the corpus scans 110-125 between ink 18 and
/// paper 251, i.e. 0.4-0.45 of the way) is dropped.
const DARK_SHARE: f32 = 0.3;

/// Reads `region` (page points) of the page image `img`, which covers a page of
/// `page_w` × `page_h` points. Words come back in page points.
pub(crate) fn read_region(
    img: &GrayImage,
    page_w: f32,
    page_h: f32,
    region: Rect,
    page_number: usize,
    opts: &OcrOptions,
) -> Result<Vec<Word>, DocError> {
    let (straight, _) = straighten(img);
    let (w, h) = straight.dimensions();
    let (sx, sy) = (page_w / w as f32, page_h / h as f32);
    let px = |v: f32, s: f32, max: u32| ((v / s).max(0.0) as u32).min(max);
    let (x0, y0, x1, y1) = (px(region.x0, sx, w), px(region.y0, sy, h), px(region.x1, sx, w), px(region.y1, sy, h));
    if x1 <= x0 + 16 || y1 <= y0 + 16 {
        return Ok(Vec::new());
    }
    let mut crop = image::imageops::crop_imm(straight.as_ref(), x0, y0, x1 - x0, y1 - y0).to_image();
    keep_darkest_ink(&mut crop);
    let dpi = 72.0 / sx;
    let factor = (REGION_DPI / dpi).max(1.0);
    if factor > 1.0 {
        let (bw, bh) = ((crop.width() as f32 * factor).round() as u32, (crop.height() as f32 * factor).round() as u32);
        crop = image::imageops::resize(&crop, bw, bh, image::imageops::FilterType::CatmullRom);
    }
    let dir = super::work_dir(page_number)?;
    let path = dir.path().join("region.png");
    write_png(&crop, &path).map_err(|e| super::on_page(e, page_number))?;
    let tsv = tesseract::run_tsv(&[path], &dir.path().join("region"), &opts.lang, REGION_PSM, (dpi * factor).round() as u32, opts.timeout)
        .map_err(|f| super::on_page(f.error, page_number))?;
    let (psx, psy) = (sx / factor, sy / factor);
    let mut words = to_words(&tesseract::parse_tsv(&tsv), psx, psy);
    let (ox, oy) = (x0 as f32 * sx, y0 as f32 * sy);
    for word in &mut words {
        word.bbox = Rect::new(word.bbox.x0 + ox, word.bbox.y0 + oy, word.bbox.x1 + ox, word.bbox.y1 + oy);
    }
    Ok(words)
}

/// Black where the pixel is near the darkest ink, white elsewhere.
fn keep_darkest_ink(img: &mut GrayImage) {
    let mut hist = [0u64; 256];
    for p in img.pixels() {
        hist[p[0] as usize] += 1;
    }
    let total: u64 = hist.iter().sum();
    // The darkest ink: the value below which 0.5% of the pixels lie; the paper: the median.
    let at_share = |share: f64| {
        let mut seen = 0u64;
        hist.iter().position(|&n| {
            seen += n;
            seen as f64 >= share * total as f64
        })
    };
    let (Some(ink), Some(paper)) = (at_share(0.005), at_share(0.5)) else { return };
    let cut = ink as f32 + DARK_SHARE * (paper as f32 - ink as f32);
    for p in img.pixels_mut() {
        *p = Luma([if (p[0] as f32) < cut { 0 } else { 255 }]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gray_stamp_drops_out_and_black_text_stays() {
        let mut img = GrayImage::from_pixel(100, 100, Luma([240]));
        for x in 10..90 {
            img.put_pixel(x, 20, Luma([10])); // typed text
            img.put_pixel(x, 60, Luma([130])); // the stamp's ring
        }
        keep_darkest_ink(&mut img);
        assert_eq!(img.get_pixel(50, 20)[0], 0);
        assert_eq!(img.get_pixel(50, 60)[0], 255);
        assert_eq!(img.get_pixel(50, 90)[0], 255);
    }
}
