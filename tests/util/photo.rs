//! A phone photo made in code from a scanned page: the page laid on a
//! textured desk, seen in perspective (a homography), lit unevenly (a light
//! gradient and a shadow band; a corner in shade), and scaled down as a chat
//! app does.

use image::{GrayImage, Luma};
use imageproc::geometric_transformations::Projection;

/// `page` photographed: the paper's corners land on `corners` (fractions of
/// the photo's width and height: top-left, top-right, bottom-right,
/// bottom-left) in a photo `long_side` pixels on its long side.
pub fn photograph(page: &GrayImage, corners: [(f32, f32); 4], long_side: u32) -> GrayImage {
    photograph_lit(page, corners, long_side, None)
}

/// As [`photograph`], with a shadow (the phone's, a hand's) cast over the
/// photo's corner `shaded` (0 top-left, 1 top-right, 2 bottom-right, 3
/// bottom-left): a soft-edged band a little under half the photo across,
/// where the paper is about as dark as the lit desk.
pub fn photograph_in_shade(page: &GrayImage, corners: [(f32, f32); 4], long_side: u32, shaded: usize) -> GrayImage {
    photograph_lit(page, corners, long_side, Some(shaded))
}

fn photograph_lit(page: &GrayImage, corners: [(f32, f32); 4], long_side: u32, shaded: Option<usize>) -> GrayImage {
    let (pw, ph) = (page.width() as f32, page.height() as f32);
    let (w, h) = ((long_side as f32 * pw / ph).round() as u32, long_side);
    let to_photo = corners.map(|(x, y)| (x * w as f32, y * h as f32));
    let from_page = [(0.0, 0.0), (pw, 0.0), (pw, ph), (0.0, ph)];
    let back = Projection::from_control_points(from_page, to_photo).expect("a projection").invert();
    GrayImage::from_fn(w, h, |x, y| {
        let (u, v) = back * (x as f32 + 0.5, y as f32 + 0.5);
        // Light: brighter at the top left, a soft shadow band across the middle.
        let (fx, fy) = (x as f32 / w as f32, y as f32 / h as f32);
        let band = ((fy - 0.55 - 0.2 * fx) / 0.05).powi(2);
        let mut light = (1.0 - 0.3 * (fx + fy) / 2.0) * (1.0 - 0.35 * (-band).exp());
        if let Some(k) = shaded {
            let (cx, cy) = [(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0)][k % 4];
            let d = (fx - cx).abs() + (fy - cy).abs();
            light *= 1.0 - 0.4 / (1.0 + ((d - 0.45) / 0.015).exp());
        }
        let value = if u >= 0.0 && v >= 0.0 && u < pw - 1.0 && v < ph - 1.0 {
            bilinear(page, u, v)
        } else {
            // Desk: a mid-brown wood, grained.
            120.0 + 18.0 * ((x as f32 * 0.07).sin() * (y as f32 * 0.013).cos())
        };
        Luma([(value * light).clamp(0.0, 255.0) as u8])
    })
}

fn bilinear(img: &GrayImage, x: f32, y: f32) -> f32 {
    let (x0, y0) = (x.floor() as u32, y.floor() as u32);
    let (tx, ty) = (x - x0 as f32, y - y0 as f32);
    let p = |dx: u32, dy: u32| img.get_pixel(x0 + dx, y0 + dy)[0] as f32;
    (p(0, 0) * (1.0 - tx) + p(1, 0) * tx) * (1.0 - ty) + (p(0, 1) * (1.0 - tx) + p(1, 1) * tx) * ty
}
