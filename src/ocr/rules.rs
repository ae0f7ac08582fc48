//! Table ruling lines in a (deskewed) page image.
//!
//! Ink = darker than both the global Otsu threshold and the local mean (so a
//! page-edge shadow, dark but smooth, is not ink). Long runs of ink along rows
//! (columns) are grouped into segments across neighbouring rows; a segment is a
//! rule when it is long (>= 30 pt), thin, and lighter paper lies on both sides.

use image::GrayImage;

use crate::model::{Rect, Rule};

/// A detected line in pixel coordinates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct PxLine {
    pub horizontal: bool,
    /// Extent along the line.
    pub a0: f32,
    pub a1: f32,
    /// Centre across the line, and its thickness.
    pub c: f32,
    pub thick: f32,
}

impl PxLine {
    /// Bounding box in pixels: x0, y0, x1, y1.
    pub(crate) fn px_rect(&self) -> (f32, f32, f32, f32) {
        let (c0, c1) = (self.c - self.thick / 2.0, self.c + self.thick / 2.0);
        if self.horizontal {
            (self.a0, c0, self.a1, c1)
        } else {
            (c0, self.a0, c1, self.a1)
        }
    }
}

/// Tuning, in pixels, derived from the image resolution.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RuleParams {
    pub min_len: usize,
    pub max_thick: f32,
    pub gap: usize,
    pub merge_gap: f32,
    pub window: usize,
}

impl RuleParams {
    pub(crate) fn for_dpi(dpi: f32) -> RuleParams {
        let dpi = dpi.clamp(50.0, 1200.0);
        RuleParams {
            min_len: (30.0 / 72.0 * dpi).round() as usize,
            max_thick: (0.035 * dpi).max(3.0),
            gap: 1 + (dpi / 300.0) as usize,
            merge_gap: 0.06 * dpi,
            window: ((0.08 * dpi) as usize).max(7),
        }
    }
}

/// Ink mask: 1 where the pixel is ink.
pub(crate) fn ink_mask(img: &GrayImage, window: usize) -> Vec<u8> {
    let (w, h) = (img.width() as usize, img.height() as usize);
    let t = super::deskew::otsu(img) as u32;
    let src = img.as_raw();
    // Integral image (u64 to be safe on big pages).
    let mut integ = vec![0u64; (w + 1) * (h + 1)];
    for y in 0..h {
        let mut row = 0u64;
        for x in 0..w {
            row += src[y * w + x] as u64;
            integ[(y + 1) * (w + 1) + x + 1] = integ[y * (w + 1) + x + 1] + row;
        }
    }
    let r = window;
    let mut mask = vec![0u8; w * h];
    for y in 0..h {
        let (y0, y1) = (y.saturating_sub(r), (y + r + 1).min(h));
        for x in 0..w {
            let v = src[y * w + x] as u32;
            // Thin, blurred lines are much lighter than text: do not use Otsu alone.
            if v > t.max(235) {
                continue;
            }
            let (x0, x1) = (x.saturating_sub(r), (x + r + 1).min(w));
            let sum = integ[y1 * (w + 1) + x1] + integ[y0 * (w + 1) + x0] - integ[y0 * (w + 1) + x1] - integ[y1 * (w + 1) + x0];
            let n = ((y1 - y0) * (x1 - x0)) as u64;
            let mean = (sum / n.max(1)) as u32;
            if v + 20 < mean {
                mask[y * w + x] = 1;
            }
        }
    }
    mask
}

struct Seg {
    a0: usize,
    a1: usize,
    last: usize,
    ink: usize,
    /// Sum of (across position × run length), for the weighted centre.
    csum: f64,
    /// Runs of the last line: (a0, a1).
    last_runs: Vec<(usize, usize)>,
}

/// Find long thin lines in one orientation. `along`/`across` sizes are the
/// image's width/height for horizontal lines, and height/width for vertical.
pub(crate) fn find_lines(mask: &[u8], w: usize, h: usize, horizontal: bool, p: &RuleParams) -> Vec<PxLine> {
    let (n_across, n_along) = if horizontal { (h, w) } else { (w, h) };
    let at = |along: usize, across: usize| -> bool {
        if horizontal {
            mask[across * w + along] != 0
        } else {
            mask[along * w + across] != 0
        }
    };
    let mut done: Vec<Seg> = Vec::new();
    let mut active: Vec<Seg> = Vec::new();
    let mut runs: Vec<(usize, usize, usize)> = Vec::new(); // a0, a1, ink
    for c in 0..n_across {
        runs.clear();
        let mut a = 0;
        while a < n_along {
            if !at(a, c) {
                a += 1;
                continue;
            }
            let start = a;
            let mut end = a; // last ink
            let mut ink = 0;
            let mut gap = 0;
            while a < n_along {
                if at(a, c) {
                    end = a;
                    ink += 1;
                    gap = 0;
                } else {
                    gap += 1;
                    if gap > p.gap {
                        break;
                    }
                }
                a += 1;
            }
            if end + 1 - start >= p.min_len {
                runs.push((start, end + 1, ink));
            }
        }
        // Attach runs to active segments that touched the previous line.
        let mut next_runs: Vec<Vec<(usize, usize)>> = vec![Vec::new(); active.len()];
        for &(r0, r1, ink) in &runs {
            let hit = active.iter().position(|s| {
                s.last + 2 >= c
                    && s.last_runs.iter().any(|&(q0, q1)| {
                        let ov = r1.min(q1) as isize - r0.max(q0) as isize;
                        ov > 0 && ov as usize * 2 >= (r1 - r0).min(q1 - q0)
                    })
            });
            match hit {
                Some(i) => {
                    let s = &mut active[i];
                    s.a0 = s.a0.min(r0);
                    s.a1 = s.a1.max(r1);
                    s.last = c;
                    s.ink += ink;
                    s.csum += c as f64 * ink as f64;
                    next_runs[i].push((r0, r1));
                }
                None => {
                    active.push(Seg { a0: r0, a1: r1, last: c, ink, csum: c as f64 * ink as f64, last_runs: vec![] });
                    next_runs.push(vec![(r0, r1)]);
                }
            }
        }
        for (s, nr) in active.iter_mut().zip(next_runs) {
            if !nr.is_empty() {
                s.last_runs = nr;
            }
        }
        let (keep, old): (Vec<Seg>, Vec<Seg>) = active.into_iter().partition(|s| s.last + 2 > c);
        done.extend(old);
        active = keep;
    }
    done.extend(active);

    let mut lines: Vec<PxLine> = done
        .into_iter()
        .filter_map(|s| {
            let len = (s.a1 - s.a0) as f32;
            let thick = s.ink as f32 / len.max(1.0);
            if thick > p.max_thick || s.ink == 0 {
                return None;
            }
            let c = (s.csum / s.ink as f64) as f32 + 0.5;
            Some(PxLine { horizontal, a0: s.a0 as f32, a1: s.a1 as f32, c, thick: thick.max(1.0) })
        })
        .collect();
    merge_collinear(&mut lines, p);
    lines.retain(|l| l.a1 - l.a0 >= p.min_len as f32);
    // Not at the very edge of the scan (shadows, scanner lid).
    let (edge_along, edge_across) = (n_along as f32, n_across as f32);
    lines.retain(|l| {
        let m = 0.015 * edge_across.max(edge_along);
        l.c > m && l.c < edge_across - m
    });
    lines
}

/// Join pieces of the same line separated by small breaks.
fn merge_collinear(lines: &mut Vec<PxLine>, p: &RuleParams) {
    lines.sort_by(|a, b| a.c.total_cmp(&b.c).then(a.a0.total_cmp(&b.a0)));
    let mut changed = true;
    while changed {
        changed = false;
        let mut out: Vec<PxLine> = Vec::with_capacity(lines.len());
        'outer: for l in lines.drain(..) {
            for o in out.iter_mut() {
                let tol = (o.thick.max(l.thick) * 0.75).max(2.5);
                if (o.c - l.c).abs() <= tol && l.a0 <= o.a1 + p.merge_gap && o.a0 <= l.a1 + p.merge_gap {
                    let (lo, ll) = (o.a1 - o.a0, l.a1 - l.a0);
                    o.c = (o.c * lo + l.c * ll) / (lo + ll).max(1.0);
                    o.thick = (o.thick * lo + l.thick * ll) / (lo + ll).max(1.0);
                    o.a0 = o.a0.min(l.a0);
                    o.a1 = o.a1.max(l.a1);
                    changed = true;
                    continue 'outer;
                }
            }
            out.push(l);
        }
        *lines = out;
    }
}

/// Light paper must lie on both sides of a line along most of its length.
/// Rejects the edge of a dark area (shadow) and runs along a line of text
/// (letters stand on one side of a baseline).
fn has_paper_on_both_sides(img: &GrayImage, l: &PxLine) -> bool {
    paper_ratio(img, l) >= 0.8
}

/// Share of positions along the line with paper on both sides.
pub(crate) fn paper_ratio(img: &GrayImage, l: &PxLine) -> f32 {
    let (w, h) = (img.width() as i64, img.height() as i64);
    let off = (l.thick / 2.0 + 2.0).round() as i64;
    let c = l.c.round() as i64;
    let (mut good, mut n) = (0usize, 0usize);
    let step = (((l.a1 - l.a0) / 300.0) as usize).max(1);
    for a in (l.a0 as i64..l.a1 as i64).step_by(step) {
        let get = |across: i64| -> Option<i32> {
            let (x, y) = if l.horizontal { (a, across) } else { (across, a) };
            if x < 0 || y < 0 || x >= w || y >= h {
                None
            } else {
                Some(img.get_pixel(x as u32, y as u32)[0] as i32)
            }
        };
        // Darkest pixel of the line's cross-section, and the lightest sample a
        // little way off each side (a double line's twin is not paper).
        let line = (-1..=1).filter_map(|k| get(c + k)).min();
        let side = |dir: i64| (0..4).filter_map(|k| get(c + dir * (off + k))).max();
        if let (Some(p0), Some(p1), Some(pl)) = (side(-1), side(1), line) {
            n += 1;
            if p0.min(p1) > pl + 25 {
                good += 1;
            }
        }
    }
    if n == 0 {
        0.0
    } else {
        good as f32 / n as f32
    }
}

/// Detect ruling lines in pixels.
pub(crate) fn detect_px(img: &GrayImage, dpi: f32) -> Vec<PxLine> {
    let (w, h) = (img.width() as usize, img.height() as usize);
    if w < 8 || h < 8 {
        return Vec::new();
    }
    let p = RuleParams::for_dpi(dpi);
    let mask = ink_mask(img, p.window);
    let mut out = find_lines(&mask, w, h, true, &p);
    out.extend(find_lines(&mask, w, h, false, &p));
    out.retain(|l| has_paper_on_both_sides(img, l));
    out
}

/// Detect ruling lines and express them in points (`sx`, `sy`: points per pixel).
pub(crate) fn detect_rules(img: &GrayImage, dpi: f32, sx: f32, sy: f32) -> Vec<Rule> {
    detect_px(img, dpi)
        .into_iter()
        .map(|l| {
            let (x0, y0, x1, y1) = l.px_rect();
            Rule { rect: Rect::new(x0 * sx, y0 * sy, x1 * sx, y1 * sy) }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Luma;

    fn draw_rect(img: &mut GrayImage, x0: u32, y0: u32, x1: u32, y1: u32, v: u8) {
        for y in y0..y1 {
            for x in x0..x1 {
                img.put_pixel(x, y, Luma([v]));
            }
        }
    }

    #[test]
    fn drawn_grid_yields_its_rules_and_no_shadow_or_text() {
        // 200 dpi, 1000 × 1400 px page.
        let mut img = GrayImage::from_pixel(1000, 1400, Luma([245]));
        // A 3-row × 3-col bordered table: 4 horizontal and 4 vertical lines, 3 px thick.
        let xs = [100u32, 350, 600, 900];
        let ys = [200u32, 400, 600, 800];
        for &y in &ys {
            draw_rect(&mut img, 100, y, 903, y + 3, 30);
        }
        for &x in &xs {
            draw_rect(&mut img, x, 200, x + 3, 803, 30);
        }
        // A short dash (20 pt = 55 px < 30 pt) must not be a rule.
        draw_rect(&mut img, 150, 1000, 205, 1003, 30);
        // "Text": dense blocks.
        for i in 0..10 {
            draw_rect(&mut img, 120 + i * 70, 1100, 170 + i * 70, 1125, 40);
        }
        // Page-edge shadow: a dark gradient band on the right.
        for x in 940..1000 {
            let v = 245 - ((x - 940) * 3) as u8;
            draw_rect(&mut img, x, 0, x + 1, 1400, v);
        }
        let lines = detect_px(&img, 200.0);
        let hs: Vec<_> = lines.iter().filter(|l| l.horizontal).collect();
        let vs: Vec<_> = lines.iter().filter(|l| !l.horizontal).collect();
        assert_eq!(hs.len(), 4, "{hs:?}");
        assert_eq!(vs.len(), 4, "{vs:?}");
        for (l, &y) in hs.iter().zip(&ys) {
            assert!((l.c - (y as f32 + 1.5)).abs() < 1.0, "{l:?}");
            assert!((l.a0 - 100.0).abs() < 3.0 && (l.a1 - 903.0).abs() < 3.0, "{l:?}");
            assert!(l.thick >= 2.0 && l.thick <= 4.5, "{l:?}");
        }
        for (l, &x) in vs.iter().zip(&xs) {
            assert!((l.c - (x as f32 + 1.5)).abs() < 1.0, "{l:?}");
        }
        // In points: 72/200.
        let rules = detect_rules(&img, 200.0, 0.36, 0.36);
        assert_eq!(rules.len(), 8);
        assert!(rules.iter().all(|r| r.rect.width().max(r.rect.height()) >= 30.0));
        assert!(rules.iter().all(|r| r.rect.width().min(r.rect.height()) <= 2.0));
    }

    #[test]
    fn letterhead_double_line_gives_two_rules() {
        let mut img = GrayImage::from_pixel(1000, 800, Luma([250]));
        draw_rect(&mut img, 100, 300, 900, 302, 40);
        draw_rect(&mut img, 100, 306, 900, 308, 40);
        let lines = detect_px(&img, 200.0);
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert!((lines[0].c - 301.0).abs() < 1.0 && (lines[1].c - 307.0).abs() < 1.0, "{lines:?}");
    }

    #[test]
    fn broken_line_is_merged() {
        let mut img = GrayImage::from_pixel(800, 600, Luma([240]));
        draw_rect(&mut img, 100, 300, 400, 302, 20);
        draw_rect(&mut img, 406, 300, 700, 302, 20);
        let lines = detect_px(&img, 200.0);
        assert_eq!(lines.len(), 1, "{lines:?}");
        assert!((lines[0].a1 - lines[0].a0 - 600.0).abs() < 3.0);
    }
}
