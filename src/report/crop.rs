//! A small picture of a scanned page around one cell, for the report: cropped
//! from the page raster, scaled down, PNG, as a `data:` URI so the HTML page
//! stays one self-contained file.

use base64::Engine;
use image::GrayImage;

/// Points of page shown around the cell on every side.
const MARGIN_PT: f32 = 10.0;
/// Widest crop, in pixels; larger crops are scaled down.
const MAX_WIDTH_PX: u32 = 520;
/// Tallest crop, in pixels (a cell running down a page is cut off).
const MAX_HEIGHT_PX: u32 = 360;

/// The crop of `page` (the raster of a page `page_w` × `page_h` points) around
/// `bbox` (`[x0, y0, x1, y1]` in points, top-left origin), as a PNG data URI;
/// None when the box lies outside the page.
pub(crate) fn crop_data_uri(page: &GrayImage, page_w: f32, page_h: f32, bbox: [f32; 4]) -> Option<String> {
    let (w, h) = page.dimensions();
    if !(page_w > 0.0 && page_h > 0.0) || w == 0 || h == 0 {
        return None;
    }
    let (sx, sy) = (w as f32 / page_w, h as f32 / page_h);
    let px = |v: f32, s: f32, max: u32| ((v * s).round().max(0.0) as u32).min(max);
    let (x0, x1) = (px(bbox[0] - MARGIN_PT, sx, w), px(bbox[2] + MARGIN_PT, sx, w));
    let (y0, y1) = (px(bbox[1] - MARGIN_PT, sy, h), px(bbox[3] + MARGIN_PT, sy, h));
    if x1 <= x0 + 1 || y1 <= y0 + 1 {
        return None;
    }
    let crop = image::imageops::crop_imm(page, x0, y0, x1 - x0, y1 - y0).to_image();
    let scale = (MAX_WIDTH_PX as f32 / crop.width() as f32).min(1.0);
    let crop = if scale < 1.0 {
        let (cw, ch) = (MAX_WIDTH_PX, ((crop.height() as f32 * scale).round() as u32).max(1));
        image::imageops::resize(&crop, cw, ch, image::imageops::FilterType::Triangle)
    } else {
        crop
    };
    let crop =
        if crop.height() > MAX_HEIGHT_PX { image::imageops::crop_imm(&crop, 0, 0, crop.width(), MAX_HEIGHT_PX).to_image() } else { crop };
    let mut png = Vec::new();
    image::DynamicImage::ImageLuma8(crop).write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png).ok()?;
    Some(format!("data:image/png;base64,{}", base64::engine::general_purpose::STANDARD.encode(&png)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crops_around_the_box_and_scales_down() {
        // A 1000 x 1414 px page of 500 x 707 pt (2 px per point) with a black cell.
        let mut page = GrayImage::from_pixel(1000, 1414, image::Luma([255]));
        for y in 200..260 {
            for x in 100..700 {
                page.put_pixel(x, y, image::Luma([0]));
            }
        }
        let uri = crop_data_uri(&page, 500.0, 707.0, [50.0, 100.0, 350.0, 130.0]).expect("a crop");
        let png = base64::engine::general_purpose::STANDARD.decode(uri.strip_prefix("data:image/png;base64,").unwrap()).unwrap();
        let img = image::load_from_memory(&png).unwrap().to_luma8();
        // 320 x 50 pt with the margins -> 640 x 100 px, scaled to 520 wide.
        assert_eq!(img.width(), MAX_WIDTH_PX);
        assert_eq!(img.height(), 81);
        assert!(img.get_pixel(260, 40).0[0] < 50, "the cell is in the middle");
        assert!(crop_data_uri(&page, 500.0, 707.0, [600.0, 800.0, 700.0, 900.0]).is_none(), "outside the page");
    }
}
