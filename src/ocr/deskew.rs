//! Skew estimation (projection profiles) and bilinear rotation.

use image::{GrayImage, Luma};

/// Largest skew we look for, in degrees.
const MAX_SKEW: f32 = 5.0;

/// Otsu threshold of a gray image (pixels `<=` threshold are ink).
pub(crate) fn otsu(img: &GrayImage) -> u8 {
    let mut hist = [0u64; 256];
    for &p in img.as_raw() {
        hist[p as usize] += 1;
    }
    otsu_hist(&hist)
}

pub(crate) fn otsu_hist(hist: &[u64; 256]) -> u8 {
    let total: u64 = hist.iter().sum();
    if total == 0 {
        return 128;
    }
    let sum_all: f64 = hist.iter().enumerate().map(|(i, &c)| i as f64 * c as f64).sum();
    let (mut w0, mut sum0) = (0f64, 0f64);
    let (mut best, mut best_t) = (-1f64, 128u8);
    for (t, &c) in hist.iter().enumerate() {
        w0 += c as f64;
        sum0 += t as f64 * c as f64;
        let w1 = total as f64 - w0;
        if w0 == 0.0 || w1 == 0.0 {
            continue;
        }
        let m0 = sum0 / w0;
        let m1 = (sum_all - sum0) / w1;
        let between = w0 * w1 * (m0 - m1) * (m0 - m1);
        if between > best {
            best = between;
            best_t = t as u8;
        }
    }
    best_t
}

/// Estimate the page's skew in degrees. Positive = the content is rotated
/// clockwise on screen (lines fall to the right); [`rotate`] by the negative
/// value straightens it.
pub(crate) fn estimate_skew(img: &GrayImage) -> f32 {
    let (w, h) = img.dimensions();
    if w < 16 || h < 16 {
        return 0.0;
    }
    // Work on ~1000 px wide samples: enough for 0.05° resolution over a text line.
    let step = (w.max(h) / 1400).max(1);
    let t = otsu(img);
    // Ink pixels, ignoring a margin where page-edge shadows live.
    let (mx, my) = (w / 25, h / 40);
    let mut pts: Vec<(f32, f32)> = Vec::new();
    let raw = img.as_raw();
    let half_w = w as f32 / 2.0;
    for y in (my..h - my).step_by(step as usize) {
        let row = &raw[(y * w) as usize..((y + 1) * w) as usize];
        for x in (mx..w - mx).step_by(step as usize) {
            if row[x as usize] <= t {
                pts.push((x as f32 - half_w, y as f32));
            }
        }
    }
    if pts.len() < 50 {
        return 0.0;
    }
    // Too much ink (a photo, a dark shadow): sub-sample to keep it fast.
    if pts.len() > 400_000 {
        let k = pts.len() / 400_000 + 1;
        pts = pts.into_iter().step_by(k).collect();
    }
    let nbins = (h + 2 * w) as usize / step as usize + 4;
    let offset = w as f32;
    let score = |pts: &[(f32, f32)], deg: f32, bins: &mut Vec<u32>| -> f64 {
        bins.iter_mut().for_each(|b| *b = 0);
        let tan = deg.to_radians().tan();
        let inv = 1.0 / step as f32;
        for &(x, y) in pts {
            // Row of this pixel once the page is rotated by -deg.
            let r = ((y - x * tan + offset) * inv) as isize;
            if r >= 0 && (r as usize) < bins.len() {
                bins[r as usize] += 1;
            }
        }
        bins.iter().map(|&b| (b as f64) * (b as f64)).sum()
    };
    let mut bins = vec![0u32; nbins];
    let search = |pts: &[(f32, f32)], lo: f32, hi: f32, d: f32, bins: &mut Vec<u32>| -> f32 {
        let mut best = (f64::MIN, 0.0f32);
        let n = ((hi - lo) / d).round() as i32;
        for i in 0..=n {
            let a = lo + i as f32 * d;
            let s = score(pts, a, bins);
            if s > best.0 {
                best = (s, a);
            }
        }
        best.1
    };
    // The coarse pass looks at every 4th ink pixel: it only has to land
    // within 0.25° of the answer, and it tries the most angles.
    let sample: Vec<(f32, f32)> = pts.iter().copied().step_by(4).collect();
    let coarse = search(&sample, -MAX_SKEW, MAX_SKEW, 0.25, &mut bins);
    let mid = search(&pts, coarse - 0.3, coarse + 0.3, 0.05, &mut bins);
    search(&pts, mid - 0.06, mid + 0.06, 0.01, &mut bins)
}

/// Rotate `img` by `deg` degrees clockwise (on screen) about its centre, keeping
/// its size; uncovered corners are white. Bilinear.
pub(crate) fn rotate(img: &GrayImage, deg: f32) -> GrayImage {
    let (w, h) = img.dimensions();
    let (s, c) = deg.to_radians().sin_cos();
    let (cx, cy) = (w as f32 / 2.0, h as f32 / 2.0);
    let src = img.as_raw();
    let wi = w as usize;
    let mut out = GrayImage::from_pixel(w, h, Luma([255]));
    let buf: &mut [u8] = &mut out;
    for y in 0..h {
        let dy = y as f32 + 0.5 - cy;
        // Source position = inverse rotation of destination.
        let base_x = dy * s + cx - 0.5;
        let base_y = dy * c + cy - 0.5;
        let row = &mut buf[y as usize * wi..(y as usize + 1) * wi];
        for (x, px) in row.iter_mut().enumerate() {
            let dx = x as f32 + 0.5 - cx;
            let sx = dx * c + base_x;
            let sy = -dx * s + base_y;
            if sx < 0.0 || sy < 0.0 || sx > (w - 1) as f32 || sy > (h - 1) as f32 {
                continue;
            }
            let (x0, y0) = (sx as usize, sy as usize);
            let (x1, y1) = ((x0 + 1).min(wi - 1), (y0 + 1).min(h as usize - 1));
            let (fx, fy) = (sx - x0 as f32, sy - y0 as f32);
            let p = |xx: usize, yy: usize| src[yy * wi + xx] as f32;
            let top = p(x0, y0) * (1.0 - fx) + p(x1, y0) * fx;
            let bot = p(x0, y1) * (1.0 - fx) + p(x1, y1) * fx;
            *px = (top * (1.0 - fy) + bot * fy + 0.5) as u8;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A page of "text": rows of dark word-like blocks, and a table grid.
    pub(super) fn synthetic_page(w: u32, h: u32) -> GrayImage {
        let mut img = GrayImage::from_pixel(w, h, Luma([250]));
        let mut seed = 12345u32;
        let mut rnd = || {
            seed = seed.wrapping_mul(1103515245).wrapping_add(12345);
            (seed >> 16) % 1000
        };
        let mut y = 150;
        while y + 30 < h - 150 {
            let mut x = 120 + rnd() % 40;
            while x + 60 < w - 120 {
                let len = 30 + rnd() % 120;
                for yy in y..y + 22 {
                    for xx in x..(x + len).min(w - 120) {
                        if (xx / 3 + yy) % 5 != 0 {
                            img.put_pixel(xx, yy, Luma([20]));
                        }
                    }
                }
                x += len + 15 + rnd() % 10;
            }
            y += 45;
        }
        img
    }

    #[test]
    fn deskews_synthetic_rotation_within_0_3_degrees() {
        let page = synthetic_page(1200, 1700);
        for angle in [1.5f32, -1.2, 0.7, -2.0] {
            let rotated = rotate(&page, angle);
            let est = estimate_skew(&rotated);
            assert!((est - angle).abs() < 0.3, "rotated by {angle}°, estimated {est}°");
            let straight = rotate(&rotated, -est);
            let residual = estimate_skew(&straight);
            assert!(residual.abs() < 0.3, "after deskew {angle}°: residual {residual}°");
        }
        assert!(estimate_skew(&page).abs() < 0.1);
    }

    #[test]
    fn rotate_keeps_size_and_white_corners() {
        let page = synthetic_page(400, 500);
        let r = rotate(&page, 3.0);
        assert_eq!(r.dimensions(), (400, 500));
        assert_eq!(r.get_pixel(0, 0)[0], 255);
    }
}
