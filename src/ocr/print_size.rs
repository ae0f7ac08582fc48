//! The size of the print on a page image, measured from the ink itself: the
//! x-height (height of `a`, `e`, `n`, `o` ...) is the most common height of
//! the letter-shaped ink marks. A page whose print is small for its
//! resolution (a phone photo of a page at ~110 dpi) is enlarged so Tesseract
//! and the rulings detector see letters at the size they read best, whatever
//! the page size or the dpi the file claims.

use image::{GrayImage, Luma};
use imageproc::region_labelling::{connected_components, Connectivity};

/// Fewest letter-shaped marks for a measure.
const MIN_MARKS: usize = 150;

/// The x-height in pixels of the page's body text, `None` when the page has
/// too few letters to tell.
pub fn x_height(img: &GrayImage) -> Option<f32> {
    let (w, h) = img.dimensions();
    let t = super::deskew::otsu(img);
    let ink = GrayImage::from_fn(w, h, |x, y| Luma([if img.get_pixel(x, y)[0] <= t { 255 } else { 0 }]));
    let labels = connected_components(&ink, Connectivity::Eight, Luma([0u8]));
    // Bounding box of each mark: x0, y0, x1, y1.
    let mut boxes: Vec<[u32; 4]> = Vec::new();
    for (x, y, p) in labels.enumerate_pixels() {
        let l = p[0] as usize;
        if l == 0 {
            continue;
        }
        if boxes.len() < l {
            boxes.resize(l, [u32::MAX, u32::MAX, 0, 0]);
        }
        let b = &mut boxes[l - 1];
        b[0] = b[0].min(x);
        b[1] = b[1].min(y);
        b[2] = b[2].max(x);
        b[3] = b[3].max(y);
    }
    let max_h = (h / 30).max(8) as usize;
    let mut hist = vec![0usize; max_h + 2];
    let mut marks = 0;
    for b in boxes.iter().filter(|b| b[0] != u32::MAX) {
        let (bw, bh) = ((b[2] - b[0] + 1) as usize, (b[3] - b[1] + 1) as usize);
        // Letter-shaped: not a dot or a rule, about as wide as high.
        if (3..=max_h).contains(&bh) && bw * 10 >= bh * 5 && bw <= bh * 2 {
            hist[bh] += 1;
            marks += 1;
        }
    }
    if marks < MIN_MARKS {
        return None;
    }
    // The most common height, smoothed over its neighbours.
    let score = |i: usize| hist[i - 1] + 2 * hist[i] + hist[i + 1];
    let best = (3..=max_h).max_by_key(|&i| score(i))?;
    // Centre of mass around the mode, for sub-pixel heights.
    let (num, den) = (best - 1..=best + 1).fold((0.0, 0.0), |(n, d), i| (n + i as f32 * hist[i] as f32, d + hist[i] as f32));
    Some(if den > 0.0 { num / den } else { best as f32 })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_the_height_of_small_letters() {
        // Rows of 9 x 11 px "letters" (with a few tall ones) on white.
        let img = GrayImage::from_fn(1000, 1200, |x, y| {
            let (cx, cy) = (x % 16, y % 30);
            let tall = (x / 16) % 7 == 0;
            let top = if tall { 4 } else { 8 };
            Luma([if cx < 9 && cy >= top && cy < 19 && !(cx > 2 && cx < 6 && cy > top + 2 && cy < 16) { 20 } else { 250 }])
        });
        let xh = x_height(&img).expect("a measure");
        assert!((xh - 11.0).abs() < 0.6, "{xh}");
    }

    #[test]
    fn no_measure_without_letters() {
        let img = GrayImage::from_pixel(400, 400, Luma([250]));
        assert_eq!(x_height(&img), None);
    }
}
