//! Phone photos of printed pages. The paper is found in the picture (the
//! largest bright region against a darker desk, its four edges fitted as
//! lines), flattened by a perspective correction (homography) to an upright
//! page of a known paper size (A4, F4, Letter, from the paper's proportions),
//! and its light evened (the paper's brightness estimated across the page and
//! divided out), so that the rest of OCR sees a page like a scan.
//!
//! A scan (paper filling the image) is left alone: [`flatten`] returns `None`.

use image::{imageops, GrayImage, Luma};
use imageproc::contours::{find_contours, BorderType};
use imageproc::geometric_transformations::{warp_into, Border, Interpolation, Projection};
use imageproc::point::Point;
use imageproc::region_labelling::{connected_components, Connectivity};
use serde::{Deserialize, Serialize};

/// Long side of the reduced picture the paper is looked for in.
const FIND_SIDE: u32 = 480;
/// The paper covers at least this share of the photo...
const MIN_PAPER_SHARE: f64 = 0.15;
/// ...and at most this share: a page filling its image is a scan.
const MAX_PAPER_SHARE: f64 = 0.93;
/// The paper is at least this much brighter than the desk (gray levels, means).
const MIN_DESK_CONTRAST: u64 = 40;
/// A corner's angle may differ from 90 degrees by at most this much.
const MAX_CORNER_TILT: f32 = 35.0;
/// The paper's edge band left white after flattening (a sliver of desk where
/// the fitted edge runs a pixel outside the paper), as a share of the page width.
const EDGE_BAND: f32 = 0.012;
/// A paper region is missing a corner when the smallest quad around it is
/// larger than the quad of its extremes by more than this share. A whole
/// paper's outline, its corners rounded by the reduced picture's pixels, fits
/// the extremes' quad to within 1.3% on the corpus photos; a corner in shade
/// cut 3-9% off.
const CUT_CORNER_SHARE: f32 = 0.02;
/// Largest flattened page, pixels.
const MAX_PIXELS: f32 = 40_000_000.0;

/// Paper sizes a decree is printed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Paper {
    A4,
    F4,
    Letter,
}

impl Paper {
    const ALL: [Paper; 3] = [Paper::A4, Paper::F4, Paper::Letter];

    /// Portrait width and height in points.
    pub(crate) fn size_pt(self) -> (f32, f32) {
        match self {
            Paper::A4 => (595.3, 841.9),
            // 215 x 330 mm, as sold in Indonesia.
            Paper::F4 => (609.4, 935.4),
            Paper::Letter => (612.0, 792.0),
        }
    }

    /// The paper whose proportions (long / short side) are nearest `ratio`.
    pub(crate) fn nearest(ratio: f32) -> Paper {
        let off = |p: Paper| {
            let (w, h) = p.size_pt();
            ((h / w) / ratio).ln().abs()
        };
        Paper::ALL.into_iter().min_by(|a, b| off(*a).total_cmp(&off(*b))).expect("three sizes")
    }
}

/// What was done to a photographed page.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhotoCorrection {
    /// The paper size taken from the flattened paper's proportions.
    pub paper: Paper,
    pub landscape: bool,
    /// Turn of the paper's top edge in the photo, degrees (positive: clockwise).
    pub rotation_degrees: f32,
    /// How far the photo was taken from straight above: the largest difference
    /// of a paper corner's angle in the photo from 90 degrees.
    pub perspective_degrees: f32,
    /// Share of the photo the paper covered (0..1).
    pub paper_share: f32,
}

/// A photographed page made flat: the image, its size in points, what was done.
#[derive(Debug, Clone)]
pub struct Flattened {
    pub image: GrayImage,
    pub width_pt: f32,
    pub height_pt: f32,
    pub correction: PhotoCorrection,
}

/// The page flattened when `img` is a photo of a page on a desk; `None` for a
/// scan (or when no paper with four clear edges is found).
pub fn flatten(img: &GrayImage) -> Option<Flattened> {
    let found = find_paper(img)?;
    let q = found.corners;
    let (top, bottom) = (dist(q[0], q[1]), dist(q[3], q[2]));
    let (left, right) = (dist(q[0], q[3]), dist(q[1], q[2]));
    let (cx, cy) = (img.width() as f32 / 2.0, img.height() as f32 / 2.0);
    let w_over_h = aspect_ratio(&q, cx, cy).unwrap_or(((top + bottom) / (left + right)).max(0.01));
    let landscape = w_over_h > 1.0;
    let paper = Paper::nearest(if landscape { w_over_h } else { 1.0 / w_over_h });
    let (pw, ph) = paper.size_pt();
    let (width_pt, height_pt) = if landscape { (ph, pw) } else { (pw, ph) };
    // Keep the resolution of the nearer (larger) edges.
    let mut scale = (top.max(bottom) / width_pt).max(left.max(right) / height_pt);
    scale = scale.min((MAX_PIXELS / (width_pt * height_pt)).sqrt());
    let (ow, oh) = ((width_pt * scale).round().max(16.0) as u32, (height_pt * scale).round().max(16.0) as u32);
    let to = [(0.0, 0.0), (ow as f32, 0.0), (ow as f32, oh as f32), (0.0, oh as f32)];
    let projection = Projection::from_control_points(q, to)?;
    let mut out = GrayImage::new(ow, oh);
    warp_into(img, projection, Interpolation::Bilinear, Border::Constant(Luma([255])), &mut out);
    even_light(&mut out, scale * 72.0);
    whiten_edges(&mut out, (EDGE_BAND * ow as f32).ceil() as u32);
    let rotation_degrees = (q[1].1 - q[0].1).atan2(q[1].0 - q[0].0).to_degrees();
    let correction = PhotoCorrection {
        paper,
        landscape,
        rotation_degrees: round2(rotation_degrees),
        perspective_degrees: round2(max_corner_tilt(&q)),
        paper_share: round2(found.share),
    };
    Some(Flattened { image: out, width_pt, height_pt, correction })
}

fn round2(v: f32) -> f32 {
    (v * 100.0).round() / 100.0
}

/// The paper's corners in the photo (top-left, top-right, bottom-right,
/// bottom-left, pixels) and the share of the photo it covers.
#[derive(Debug, Clone, Copy)]
pub struct PaperOutline {
    pub corners: [(f32, f32); 4],
    pub share: f32,
}

/// Finds the paper in a photo: the largest bright region (Otsu on a reduced
/// picture) that leaves desk around it, its outline's four corners (the
/// extreme points along the diagonals), each edge then fitted as a line
/// through the outline points along it.
pub fn find_paper(img: &GrayImage) -> Option<PaperOutline> {
    let (w, h) = img.dimensions();
    if w < 64 || h < 64 {
        return None;
    }
    let f = (FIND_SIDE as f32 / w.max(h) as f32).min(1.0);
    let (sw, sh) = (((w as f32 * f).round() as u32).max(8), ((h as f32 * f).round() as u32).max(8));
    let small = imageops::resize(img, sw, sh, imageops::FilterType::Triangle);
    // Text closed over (dark marks narrower than a few lines become paper).
    let small = imageproc::morphology::grayscale_close(&small, &imageproc::morphology::Mask::square(6));
    let t = imageproc::contrast::otsu_level(&small);
    let mut mask = imageproc::contrast::threshold(&small, t, imageproc::contrast::ThresholdType::Binary);
    // A desk clearly darker than the paper: else this is a scan (or a crop of
    // one) whose paper is all there is, with only noise to split.
    let (mut sum, mut n) = ([0u64; 2], [0u64; 2]);
    for (p, m) in small.pixels().zip(mask.pixels()) {
        let k = (m[0] > 0) as usize;
        sum[k] += p[0] as u64;
        n[k] += 1;
    }
    if n[0] == 0 || n[1] == 0 || sum[1] / n[1] < sum[0] / n[0] + MIN_DESK_CONTRAST {
        return None;
    }
    // Thin bright joins (a highlight on the desk touching the paper) are cut.
    imageproc::morphology::open_mut(&mut mask, imageproc::distance_transform::Norm::LInf, 2);
    let labels = connected_components(&mask, Connectivity::Four, Luma([0u8]));
    let mut counts: Vec<u64> = Vec::new();
    for p in labels.pixels() {
        let l = p[0] as usize;
        if l > 0 {
            if counts.len() <= l {
                counts.resize(l + 1, 0);
            }
            counts[l] += 1;
        }
    }
    // The paper's pieces: the largest bright region, and the others that fill
    // out a convex shape with it (a shadow band across the page cuts it in two).
    let mut regions: Vec<(u64, Vec<(f32, f32)>)> = find_contours::<i32>(&mask)
        .into_iter()
        .filter(|c| c.border_type == BorderType::Outer && c.parent.is_none() && !c.points.is_empty())
        .map(|c| {
            let p = c.points[0];
            let n = counts.get(labels.get_pixel(p.x as u32, p.y as u32)[0] as usize).copied().unwrap_or(0);
            (n, c.points.into_iter().map(|p| (p.x as f32 + 0.5, p.y as f32 + 0.5)).collect())
        })
        .filter(|(n, _)| *n as f64 >= 0.01 * sw as f64 * sh as f64)
        .collect();
    regions.sort_by_key(|r| std::cmp::Reverse(r.0));
    let mut regions = regions.into_iter();
    let (mut count, mut outline) = regions.next()?;
    for (n, pts) in regions {
        let joined: Vec<(f32, f32)> = outline.iter().chain(&pts).copied().collect();
        if hull_area(&joined) * 0.75 <= (count + n) as f32 {
            count += n;
            outline = joined;
        }
    }
    let hull: Vec<Point<f32>> = imageproc::geometry::convex_hull(outline.iter().map(|&(x, y)| Point::new(x, y)).collect::<Vec<_>>());
    let extreme = |score: &dyn Fn(f32, f32) -> f32| {
        hull.iter().map(|p| (p.x, p.y)).max_by(|a, b| score(a.0, a.1).total_cmp(&score(b.0, b.1))).expect("a hull")
    };
    let extremes = [extreme(&|x, y| -x - y), extreme(&|x, y| x - y), extreme(&|x, y| x + y), extreme(&|x, y| y - x)];
    // A corner in shade (paper darker than the threshold) is cut off the
    // region by a short slanted side, and the extremes then sit on that cut:
    // the corners are where the long edges meet, those of the smallest quad
    // around the region, when it is clearly larger than the extremes' quad.
    let hull_pts: Vec<(f32, f32)> = hull.iter().map(|p| (p.x, p.y)).collect();
    let rough = match enclosing_quad(&hull_pts).filter(plausible_quad) {
        Some(q) if polygon_area(&q) > (1.0 + CUT_CORNER_SHARE) * polygon_area(&extremes) => q,
        _ => extremes,
    };
    let fitted = refine_corners(&rough, &outline).unwrap_or(rough);
    if !plausible_quad(&fitted) {
        return None;
    }
    // The edges where the light falls off (a paper corner in shade, darker
    // than the threshold) are found again as the step from paper to desk.
    let fitted = edges_by_step(&small, &fitted).filter(plausible_quad).unwrap_or(fitted);
    // The quad must be filled by the region (not a blob of another shape), and
    // leave desk around it.
    let quad_area = polygon_area(&fitted);
    let share = quad_area as f64 / (sw as f64 * sh as f64);
    if quad_area <= 0.0 || (count as f32) < 0.7 * quad_area || !(MIN_PAPER_SHARE..=MAX_PAPER_SHARE).contains(&share) {
        return None;
    }
    let corners = fitted.map(|(x, y)| (x / f, y / f));
    Some(PaperOutline { corners, share: share as f32 })
}

/// The quad of least area around a convex polygon, found by taking away one
/// side at a time, the one whose neighbours, extended to meet, add the least
/// area (the greedy of OpenCV's `approxPolyN`). A paper whose corner is cut
/// off by a shadow (a pentagon) gets its corner back: the short cut is the
/// side that costs least. Corners top-left first, clockwise on screen.
fn enclosing_quad(hull: &[(f32, f32)]) -> Option<[(f32, f32); 4]> {
    let mut poly: Vec<(f32, f32)> = hull.to_vec();
    let signed: f32 = (0..poly.len())
        .map(|i| {
            let (a, b) = (poly[i], poly[(i + 1) % poly.len()]);
            a.0 * b.1 - b.0 * a.1
        })
        .sum();
    if signed < 0.0 {
        poly.reverse();
    }
    let tri = |a: (f32, f32), b: (f32, f32), c: (f32, f32)| ((b.0 - a.0) * (c.1 - a.1) - (b.1 - a.1) * (c.0 - a.0)) / 2.0;
    while poly.len() > 4 {
        let n = poly.len();
        // A vertex on a straight run goes first.
        if let Some(i) = (0..n).find(|&i| tri(poly[(i + n - 1) % n], poly[i], poly[(i + 1) % n]).abs() < 1e-3) {
            poly.remove(i);
            continue;
        }
        let mut best: Option<(f32, usize, (f32, f32))> = None;
        for i in 0..n {
            let (p, a, b, q) = (poly[(i + n - 1) % n], poly[i], poly[(i + 1) % n], poly[(i + 2) % n]);
            // a + s (a - p) = b + t (b - q), s and t ahead of the side.
            let (d1, d2) = ((a.0 - p.0, a.1 - p.1), (b.0 - q.0, b.1 - q.1));
            let det = d1.0 * (-d2.1) - d1.1 * (-d2.0);
            if det.abs() < 1e-6 {
                continue;
            }
            let (rx, ry) = (b.0 - a.0, b.1 - a.1);
            let s = (rx * (-d2.1) - ry * (-d2.0)) / det;
            let t = (d1.0 * ry - d1.1 * rx) / det;
            if s < 0.0 || t < 0.0 {
                continue;
            }
            let meet = (a.0 + s * d1.0, a.1 + s * d1.1);
            let cost = tri(a, meet, b).abs();
            if best.is_none_or(|(c, _, _)| cost < c) {
                best = Some((cost, i, meet));
            }
        }
        let (_, i, meet) = best?;
        poly[i] = meet;
        poly.remove((i + 1) % n);
    }
    if poly.len() != 4 {
        return None;
    }
    let first = (0..4).min_by(|&a, &b| (poly[a].0 + poly[a].1).total_cmp(&(poly[b].0 + poly[b].1)))?;
    Some([0, 1, 2, 3].map(|k| poly[(first + k) % 4]))
}

/// Each edge fitted as a line (total least squares) through the outline
/// points lying along it, away from the corners; the corners are the lines'
/// crossings. `None` when an edge has too few points.
fn refine_corners(rough: &[(f32, f32); 4], outline: &[(f32, f32)]) -> Option<[(f32, f32); 4]> {
    let mut lines = [(0.0f32, 0.0f32, 0.0f32); 4];
    for i in 0..4 {
        let (a, b) = (rough[i], rough[(i + 1) % 4]);
        let len = dist(a, b);
        if len < 8.0 {
            return None;
        }
        let (ux, uy) = ((b.0 - a.0) / len, (b.1 - a.1) / len);
        let tol = (0.03 * len).max(2.0);
        let pts: Vec<(f32, f32)> = outline
            .iter()
            .copied()
            .filter(|&(x, y)| {
                let (dx, dy) = (x - a.0, y - a.1);
                let t = (dx * ux + dy * uy) / len;
                let d = (dx * uy - dy * ux).abs();
                (0.1..=0.9).contains(&t) && d <= tol
            })
            .collect();
        if pts.len() < 6 {
            return None;
        }
        lines[i] = fit_line(&pts);
    }
    // A fit that moved a corner far from the outline's is wrong.
    corners_near(&lines, rough, 0.05)
}

/// Each edge of `quad` found again as the strongest fall from paper to desk
/// along its normals (within 8% of the edge's length), the line fitted through
/// these steps with outliers (desk texture, a shadow's edge) dropped.
fn edges_by_step(img: &GrayImage, quad: &[(f32, f32); 4]) -> Option<[(f32, f32); 4]> {
    let centre = (quad.iter().map(|p| p.0).sum::<f32>() / 4.0, quad.iter().map(|p| p.1).sum::<f32>() / 4.0);
    let sample = |x: f32, y: f32| -> Option<f32> {
        let (w, h) = img.dimensions();
        if x < 0.0 || y < 0.0 || x >= (w - 1) as f32 || y >= (h - 1) as f32 {
            return None;
        }
        let (x0, y0) = (x.floor() as u32, y.floor() as u32);
        let (tx, ty) = (x - x0 as f32, y - y0 as f32);
        let p = |dx: u32, dy: u32| img.get_pixel(x0 + dx, y0 + dy)[0] as f32;
        Some((p(0, 0) * (1.0 - tx) + p(1, 0) * tx) * (1.0 - ty) + (p(0, 1) * (1.0 - tx) + p(1, 1) * tx) * ty)
    };
    let mut lines = [(0.0f32, 0.0f32, 0.0f32); 4];
    for i in 0..4 {
        let (a, b) = (quad[i], quad[(i + 1) % 4]);
        let len = dist(a, b);
        let (ux, uy) = ((b.0 - a.0) / len, (b.1 - a.1) / len);
        // Outward normal: away from the quad's centre.
        let (mut nx, mut ny) = (uy, -ux);
        let mid = ((a.0 + b.0) / 2.0, (a.1 + b.1) / 2.0);
        if (mid.0 - centre.0) * nx + (mid.1 - centre.1) * ny < 0.0 {
            (nx, ny) = (-nx, -ny);
        }
        let reach = (0.08 * len).max(6.0) as i32;
        let mut pts = Vec::new();
        let steps = (len / 2.0) as i32;
        for s in 0..=steps {
            let t = 0.06 + 0.88 * s as f32 / steps.max(1) as f32;
            let (px, py) = (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t);
            let profile: Vec<Option<f32>> = (-reach - 1..=reach + 1).map(|k| sample(px + nx * k as f32, py + ny * k as f32)).collect();
            let mut best = (0.0f32, 0i32);
            for k in 1..profile.len() - 1 {
                if let (Some(inner), Some(outer)) = (profile[k - 1], profile[k + 1]) {
                    let fall = inner - outer;
                    if fall > best.0 {
                        best = (fall, k as i32 - reach - 1);
                    }
                }
            }
            // A clear step (paper brighter than desk by ~10 levels a pixel).
            if best.0 >= 20.0 {
                pts.push((px + nx * best.1 as f32, py + ny * best.1 as f32));
            }
        }
        if pts.len() < 8 || (pts.len() as f32) < 0.3 * steps as f32 {
            return None;
        }
        let mut line = fit_line(&pts);
        for tol in [3.0, 1.5] {
            let kept: Vec<(f32, f32)> = pts.iter().copied().filter(|p| (line.0 * p.0 + line.1 * p.1 - line.2).abs() <= tol).collect();
            if kept.len() < 8 {
                return None;
            }
            line = fit_line(&kept);
        }
        lines[i] = line;
    }
    corners_near(&lines, quad, 0.1)
}

/// The corners where the four edge lines meet (each edge's line after the
/// one before it); `None` when two are parallel, or when a corner lies
/// farther than `share` of the diagonal from the `reference` corner it
/// replaces.
fn corners_near(lines: &[(f32, f32, f32); 4], reference: &[(f32, f32); 4], share: f32) -> Option<[(f32, f32); 4]> {
    let mut out = [(0.0, 0.0); 4];
    for (i, corner) in out.iter_mut().enumerate() {
        *corner = cross(lines[(i + 3) % 4], lines[i])?;
    }
    let diag = dist(reference[0], reference[2]);
    if out.iter().zip(reference).any(|(c, r)| dist(*c, *r) > share * diag) {
        return None;
    }
    Some(out)
}

/// A line `nx * x + ny * y = c` (unit normal) through points (total least squares).
fn fit_line(pts: &[(f32, f32)]) -> (f32, f32, f32) {
    let n = pts.len() as f32;
    let (mx, my) = (pts.iter().map(|p| p.0).sum::<f32>() / n, pts.iter().map(|p| p.1).sum::<f32>() / n);
    let (mut sxx, mut sxy, mut syy) = (0.0, 0.0, 0.0);
    for &(x, y) in pts {
        sxx += (x - mx) * (x - mx);
        sxy += (x - mx) * (y - my);
        syy += (y - my) * (y - my);
    }
    // Direction of largest spread; the normal is perpendicular to it.
    let theta = 0.5 * (2.0 * sxy).atan2(sxx - syy);
    let (nx, ny) = (-theta.sin(), theta.cos());
    (nx, ny, nx * mx + ny * my)
}

fn cross(a: (f32, f32, f32), b: (f32, f32, f32)) -> Option<(f32, f32)> {
    let det = a.0 * b.1 - a.1 * b.0;
    if det.abs() < 1e-4 {
        return None;
    }
    Some(((a.2 * b.1 - a.1 * b.2) / det, (a.0 * b.2 - a.2 * b.0) / det))
}

fn dist(a: (f32, f32), b: (f32, f32)) -> f32 {
    ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt()
}

fn hull_area(pts: &[(f32, f32)]) -> f32 {
    let hull = imageproc::geometry::convex_hull(pts.iter().map(|&(x, y)| Point::new(x, y)).collect::<Vec<_>>());
    imageproc::geometry::contour_area(&hull) as f32
}

fn polygon_area(q: &[(f32, f32); 4]) -> f32 {
    let mut s = 0.0;
    for i in 0..4 {
        let (a, b) = (q[i], q[(i + 1) % 4]);
        s += a.0 * b.1 - b.0 * a.1;
    }
    s / 2.0
}

/// Corner angles (degrees) of the quad, in order.
fn corner_angles(q: &[(f32, f32); 4]) -> [f32; 4] {
    let mut out = [0.0; 4];
    for (i, angle) in out.iter_mut().enumerate() {
        let (p, a, b) = (q[i], q[(i + 3) % 4], q[(i + 1) % 4]);
        let (ux, uy, vx, vy) = (a.0 - p.0, a.1 - p.1, b.0 - p.0, b.1 - p.1);
        *angle = (ux * vy - uy * vx).atan2(ux * vx + uy * vy).abs().to_degrees();
    }
    out
}

fn max_corner_tilt(q: &[(f32, f32); 4]) -> f32 {
    corner_angles(q).iter().map(|a| (a - 90.0).abs()).fold(0.0, f32::max)
}

/// Convex, clockwise on screen (top-left, top-right, ...), corners near square.
fn plausible_quad(q: &[(f32, f32); 4]) -> bool {
    let angles = corner_angles(q);
    polygon_area(q) > 0.0 && (angles.iter().sum::<f32>() - 360.0).abs() < 1.0 && max_corner_tilt(q) <= MAX_CORNER_TILT
}

/// The photographed rectangle's width / height, from its corners seen in
/// perspective by a camera whose optical axis meets the photo at (cx, cy)
/// (Zhang & He, "Whiteboard scanning and image enhancement", 2007: the focal
/// length from the two vanishing directions, then the true proportions).
/// `None` when the view is too near to straight above to tell the focal length
/// (then the edge lengths' ratio is as good).
pub(crate) fn aspect_ratio(q: &[(f32, f32); 4], cx: f32, cy: f32) -> Option<f32> {
    let p = |i: usize| [(q[i].0 - cx) as f64, (q[i].1 - cy) as f64, 1.0f64];
    // Zhang's numbering: m1 top-left, m2 top-right, m3 bottom-left, m4 bottom-right.
    let (m1, m2, m3, m4) = (p(0), p(1), p(3), p(2));
    let crs = |a: [f64; 3], b: [f64; 3]| [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
    let dot = |a: [f64; 3], b: [f64; 3]| a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    let k2 = dot(crs(m1, m4), m3) / dot(crs(m2, m4), m3);
    let k3 = dot(crs(m1, m4), m2) / dot(crs(m3, m4), m2);
    let n2 = [k2 * m2[0] - m1[0], k2 * m2[1] - m1[1], k2 * m2[2] - m1[2]];
    let n3 = [k3 * m3[0] - m1[0], k3 * m3[1] - m1[1], k3 * m3[2] - m1[2]];
    let nz = n2[2] * n3[2];
    if !k2.is_finite() || !k3.is_finite() || nz.abs() < 1e-9 {
        return None;
    }
    let f2 = -(n2[0] * n3[0] + n2[1] * n3[1]) / nz;
    let diag = dist(q[0], q[2]) as f64;
    // A focal length outside a phone's range: the perspective is too slight to measure.
    if !(f2.is_finite() && f2 > (0.3 * diag).powi(2) && f2 < (20.0 * diag).powi(2)) {
        return None;
    }
    let r2 = (n2[0] * n2[0] / f2 + n2[1] * n2[1] / f2 + n2[2] * n2[2]) / (n3[0] * n3[0] / f2 + n3[1] * n3[1] / f2 + n3[2] * n3[2]);
    let r = r2.sqrt() as f32;
    // Far from the edges' own ratio means the corners are not a rectangle's.
    let naive = (dist(q[0], q[1]) + dist(q[3], q[2])) / (dist(q[0], q[3]) + dist(q[1], q[2]));
    (r.is_finite() && (r / naive).ln().abs() < 0.25).then_some(r)
}

/// Divides out the light falling on the paper: its brightness is estimated in
/// cells of ~5 mm (a high percentile of each cell, so ink does not count; then
/// the brightest of the neighbouring cells, so a cell filled by a bold word or
/// a shaded header takes its neighbours' paper), smoothed, and each pixel is
/// scaled so the paper is white. A shadow band or a dark corner then keeps its
/// words and rulings as dark as elsewhere on the page.
pub(crate) fn even_light(img: &mut GrayImage, dpi: f32) {
    let (w, h) = img.dimensions();
    let cell = ((dpi * 0.2).round() as u32).clamp(6, 256);
    let (gw, gh) = (w.div_ceil(cell) as usize, h.div_ceil(cell) as usize);
    let mut grid = vec![0f32; gw * gh];
    let raw = img.as_raw();
    for gy in 0..gh {
        for gx in 0..gw {
            let mut hist = [0u32; 256];
            let (x0, y0) = (gx as u32 * cell, gy as u32 * cell);
            let (x1, y1) = ((x0 + cell).min(w), (y0 + cell).min(h));
            for y in y0..y1 {
                let row = &raw[(y * w + x0) as usize..(y * w + x1) as usize];
                for &p in row {
                    hist[p as usize] += 1;
                }
            }
            let n: u32 = hist.iter().sum();
            let mut above = 0;
            let mut level = 255;
            for (v, &c) in hist.iter().enumerate().rev() {
                above += c;
                if above * 20 >= n {
                    level = v;
                    break;
                }
            }
            grid[gy * gw + gx] = level as f32;
        }
    }
    let around = |g: &[f32], r: usize, pick: fn(f32, f32) -> f32, start: f32| {
        let mut out = vec![0f32; g.len()];
        for gy in 0..gh {
            for gx in 0..gw {
                let mut v = start;
                for y in gy.saturating_sub(r)..(gy + r + 1).min(gh) {
                    for x in gx.saturating_sub(r)..(gx + r + 1).min(gw) {
                        v = pick(v, g[y * gw + x]);
                    }
                }
                out[gy * gw + gx] = v;
            }
        }
        out
    };
    let grid = around(&grid, 1, f32::max, 0.0);
    // Smooth (mean of 3x3) so cell borders leave no steps.
    let sum = around(&grid, 1, |a, b| a + b, 0.0);
    let count = around(&vec![1.0; grid.len()], 1, |a, b| a + b, 0.0);
    let bg: Vec<f32> = sum.iter().zip(&count).map(|(s, c)| (s / c).max(24.0)).collect();
    let at = |x: usize, y: usize| bg[y.min(gh - 1) * gw + x.min(gw - 1)];
    for y in 0..h {
        let fy = ((y as f32 + 0.5) / cell as f32 - 0.5).max(0.0);
        let (y0, ty) = (fy.floor() as usize, fy.fract());
        for x in 0..w {
            let fx = ((x as f32 + 0.5) / cell as f32 - 0.5).max(0.0);
            let (x0, tx) = (fx.floor() as usize, fx.fract());
            let b =
                (at(x0, y0) * (1.0 - tx) + at(x0 + 1, y0) * tx) * (1.0 - ty) + (at(x0, y0 + 1) * (1.0 - tx) + at(x0 + 1, y0 + 1) * tx) * ty;
            let p = img.get_pixel_mut(x, y);
            p[0] = (p[0] as f32 * 255.0 / b).round().min(255.0) as u8;
        }
    }
}

/// Paints a band along the image's edges white.
fn whiten_edges(img: &mut GrayImage, band: u32) {
    let (w, h) = img.dimensions();
    for y in 0..h {
        for x in 0..w {
            if x < band || y < band || x + band >= w || y + band >= h {
                img.put_pixel(x, y, Luma([255]));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paper_from_proportions() {
        assert_eq!(Paper::nearest(1.414), Paper::A4);
        assert_eq!(Paper::nearest(1.53), Paper::F4);
        assert_eq!(Paper::nearest(1.29), Paper::Letter);
    }

    /// An A4 page drawn in perspective on a dark desk, 1200 x 1600 px; with
    /// `shade`, a shadow over the photo's top-left corner darkens the paper
    /// there to the desk's level. The photo and the page's corners in it.
    fn page_on_a_desk(shade: bool) -> (GrayImage, [(f32, f32); 4]) {
        let (w, h) = (1200u32, 1600u32);
        let page_w = 595.3f32;
        let page_h = 841.9f32;
        // Page corners in the photo: an A4 sheet seen by a camera (focal
        // length 1,500 px, axis through the photo's centre) tilted 20 degrees
        // forward and 12 sideways, the sheet turned 4 degrees.
        let (f, dist_z) = (1500.0f32, 1.25f32);
        let (ax, ay, az) = (20f32.to_radians(), 12f32.to_radians(), 4f32.to_radians());
        let q = [(-0.5f32, -0.5f32), (0.5, -0.5), (0.5, 0.5), (-0.5, 0.5)].map(|(u, v)| {
            let (x, y) = (u * 0.595 * az.cos() - v * 0.842 * az.sin(), u * 0.595 * az.sin() + v * 0.842 * az.cos());
            // Tilt about the x axis, then the y axis.
            let (y1, z1) = (y * ax.cos(), y * ax.sin());
            let (x2, z2) = (x * ay.cos() + z1 * ay.sin(), -x * ay.sin() + z1 * ay.cos());
            (600.0 + f * x2 / (dist_z + z2), 800.0 + f * y1 / (dist_z + z2))
        });
        let to_photo = Projection::from_control_points([(0.0, 0.0), (page_w, 0.0), (page_w, page_h), (0.0, page_h)], q).unwrap();
        let back = to_photo.invert();
        let img = GrayImage::from_fn(w, h, |x, y| {
            let (u, v) = back * (x as f32, y as f32);
            let on_page = (0.0..page_w).contains(&u) && (0.0..page_h).contains(&v);
            let lit = if on_page { 230.0 } else { 90.0 + ((x * 7 + y * 13) % 23) as f32 };
            let in_shade = shade && (x + y) as f32 <= 0.3 * (w + h) as f32;
            Luma([(lit * if in_shade { 0.55 } else { 1.0 }) as u8])
        });
        (img, q)
    }

    /// A page on a desk: found, its proportions measured through the perspective.
    #[test]
    fn finds_a_page_on_a_desk() {
        let (img, q) = page_on_a_desk(false);
        let found = find_paper(&img).expect("the page");
        for (c, e) in found.corners.iter().zip(q) {
            assert!(dist(*c, e) < 8.0, "corner {c:?} for {e:?}");
        }
        let flat = flatten(&img).expect("flattened");
        assert_eq!(flat.correction.paper, Paper::A4, "{:?}", aspect_ratio(&found.corners, 600.0, 800.0));
        assert!(!flat.correction.landscape);
        assert!(flat.correction.perspective_degrees > 2.0);
    }

    /// A corner of the paper in shade, as dark as the desk: the corner is
    /// still where the paper's edges meet, not on the shadow's edge.
    #[test]
    fn a_corner_in_shade_is_kept() {
        let (img, q) = page_on_a_desk(true);
        let found = find_paper(&img).expect("the page");
        for (c, e) in found.corners.iter().zip(q) {
            assert!(dist(*c, e) < 8.0, "corner {c:?} for {e:?}");
        }
        assert_eq!(flatten(&img).expect("flattened").correction.paper, Paper::A4);
    }

    /// The least quad around a rectangle with a corner cut off is the rectangle.
    #[test]
    fn enclosing_quad_restores_a_cut_corner() {
        let pentagon = [(40.0, 10.0), (100.0, 10.0), (100.0, 150.0), (0.0, 150.0), (0.0, 60.0)];
        let quad = enclosing_quad(&pentagon).expect("a quad");
        let want = [(0.0, 10.0), (100.0, 10.0), (100.0, 150.0), (0.0, 150.0)];
        for (c, e) in quad.iter().zip(want) {
            assert!(dist(*c, e) < 0.01, "{quad:?}");
        }
    }

    #[test]
    fn a_scan_is_no_photo() {
        let img = GrayImage::from_fn(800, 1100, |x, y| Luma([if (y / 20) % 3 == 0 && x > 100 && x < 700 && y > 100 { 30 } else { 240 }]));
        assert!(flatten(&img).is_none());
    }

    #[test]
    fn light_is_evened() {
        // Paper darkening from left to right, with a black stroke on each side.
        let mut img = GrayImage::from_fn(600, 400, |x, y| {
            let paper = 240.0 - 140.0 * x as f32 / 600.0;
            let ink = (50..54).contains(&x) || (550..554).contains(&x);
            Luma([if ink && (100..300).contains(&y) { (paper * 0.2) as u8 } else { paper as u8 }])
        });
        even_light(&mut img, 150.0);
        // Paper near white on both sides (a steep fall leaves it a little gray).
        assert!(
            img.get_pixel(20, 200)[0] > 240 && img.get_pixel(580, 200)[0] > 220,
            "{:?}",
            (img.get_pixel(20, 200), img.get_pixel(580, 200))
        );
        assert!(img.get_pixel(52, 200)[0] < 70 && img.get_pixel(552, 200)[0] < 70);
    }
}
