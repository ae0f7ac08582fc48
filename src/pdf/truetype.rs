//! Glyph-id to Unicode from an embedded TrueType font's `cmap` table, for
//! CID fonts that come without a ToUnicode map.

use std::collections::HashMap;

/// Bound on the mappings read from one font.
const MAX_MAPPINGS: usize = 1 << 18;

fn rd16(d: &[u8], off: usize) -> Option<u16> {
    Some(u16::from_be_bytes([*d.get(off)?, *d.get(off.checked_add(1)?)?]))
}

fn rd32(d: &[u8], off: usize) -> Option<u32> {
    let b = d.get(off..off.checked_add(4)?)?;
    Some(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
}

/// Glyph id -> Unicode scalar from the best Unicode cmap subtable (formats 4 and 12).
/// Returns an empty map for anything unreadable.
pub(super) fn gid_to_unicode(font: &[u8]) -> HashMap<u16, char> {
    let mut map = HashMap::new();
    let Some(cmap) = find_table(font, b"cmap") else { return map };
    let n = rd16(cmap, 2).unwrap_or(0) as usize;
    let mut best: Option<(u8, usize)> = None;
    for i in 0..n.min(64) {
        let rec = 4 + 8 * i;
        let (Some(platform), Some(encoding), Some(offset)) = (rd16(cmap, rec), rd16(cmap, rec + 2), rd32(cmap, rec + 4)) else {
            break;
        };
        let rank = match (platform, encoding) {
            (3, 10) => 4,
            (3, 1) => 3,
            (0, _) => 2,
            _ => continue,
        };
        if best.is_none_or(|(r, _)| rank > r) {
            best = Some((rank, offset as usize));
        }
    }
    let Some((_, off)) = best else { return map };
    match rd16(cmap, off) {
        Some(4) => format4(cmap, off, &mut map),
        Some(12) => format12(cmap, off, &mut map),
        _ => {}
    }
    map
}

fn find_table<'a>(font: &'a [u8], tag: &[u8; 4]) -> Option<&'a [u8]> {
    let n = rd16(font, 4)? as usize;
    for i in 0..n.min(256) {
        let rec = 12 + 16 * i;
        if font.get(rec..rec + 4)? == tag {
            let off = rd32(font, rec + 8)? as usize;
            let len = rd32(font, rec + 12)? as usize;
            return font.get(off..off.checked_add(len)?.min(font.len()));
        }
    }
    None
}

fn insert(map: &mut HashMap<u16, char>, gid: u32, code: u32) {
    if gid == 0 || gid > 0xFFFF || map.len() >= MAX_MAPPINGS {
        return;
    }
    if let Some(c) = char::from_u32(code) {
        map.entry(gid as u16).or_insert(c);
    }
}

fn format4(d: &[u8], off: usize, map: &mut HashMap<u16, char>) {
    let Some(seg_x2) = rd16(d, off + 6) else { return };
    let seg_x2 = seg_x2 as usize;
    let ends = off + 14;
    let starts = ends + seg_x2 + 2;
    let deltas = starts + seg_x2;
    let ranges = deltas + seg_x2;
    for i in 0..seg_x2 / 2 {
        let (Some(end), Some(start), Some(delta), Some(ro)) =
            (rd16(d, ends + 2 * i), rd16(d, starts + 2 * i), rd16(d, deltas + 2 * i), rd16(d, ranges + 2 * i))
        else {
            return;
        };
        if start > end {
            continue;
        }
        for c in start..=end {
            if c == 0xFFFF {
                break;
            }
            let gid = if ro == 0 {
                c.wrapping_add(delta)
            } else {
                let addr = ranges + 2 * i + ro as usize + 2 * (c - start) as usize;
                match rd16(d, addr) {
                    Some(0) | None => 0,
                    Some(g) => g.wrapping_add(delta),
                }
            };
            insert(map, gid as u32, c as u32);
        }
    }
}

fn format12(d: &[u8], off: usize, map: &mut HashMap<u16, char>) {
    let Some(groups) = rd32(d, off + 12) else { return };
    let mut budget = MAX_MAPPINGS;
    for i in 0..(groups as usize).min(d.len() / 12) {
        let g = off + 16 + 12 * i;
        let (Some(start), Some(end), Some(gid)) = (rd32(d, g), rd32(d, g + 4), rd32(d, g + 8)) else { return };
        if start > end {
            continue;
        }
        for c in start..=end {
            if budget == 0 {
                return;
            }
            budget -= 1;
            insert(map, gid.saturating_add(c - start), c);
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A minimal sfnt with one (3,1) format-4 cmap: 'A'..'C' -> gids 10..12
    /// (delta form) and 'x' -> gid 20 (glyph-array form).
    pub(crate) fn tiny_font() -> Vec<u8> {
        let mut sub = Vec::new();
        let segs: u16 = 3;
        let w = |v: &mut Vec<u8>, x: u16| v.extend_from_slice(&x.to_be_bytes());
        w(&mut sub, 4);
        w(&mut sub, 0); // length (ignored)
        w(&mut sub, 0);
        w(&mut sub, segs * 2);
        w(&mut sub, 0);
        w(&mut sub, 0);
        w(&mut sub, 0);
        for e in [0x43, 0x78, 0xFFFF] {
            w(&mut sub, e);
        }
        w(&mut sub, 0);
        for s in [0x41, 0x78, 0xFFFF] {
            w(&mut sub, s);
        }
        for dlt in [10u16.wrapping_sub(0x41), 0, 1] {
            w(&mut sub, dlt);
        }
        // idRangeOffset for segment 1 points just past the array (2 entries away).
        for ro in [0u16, 4, 0] {
            w(&mut sub, ro);
        }
        w(&mut sub, 20); // glyphIdArray[0]
        let mut cmap = Vec::new();
        w(&mut cmap, 0);
        w(&mut cmap, 1);
        w(&mut cmap, 3);
        w(&mut cmap, 1);
        cmap.extend_from_slice(&12u32.to_be_bytes());
        cmap.extend_from_slice(&sub);
        let mut font = vec![0, 1, 0, 0];
        w(&mut font, 1);
        font.extend_from_slice(&[0; 6]);
        font.extend_from_slice(b"cmap");
        font.extend_from_slice(&0u32.to_be_bytes());
        font.extend_from_slice(&28u32.to_be_bytes());
        font.extend_from_slice(&(cmap.len() as u32).to_be_bytes());
        font.extend_from_slice(&cmap);
        font
    }

    #[test]
    fn format4_both_forms() {
        let m = gid_to_unicode(&tiny_font());
        assert_eq!(m.get(&10), Some(&'A'));
        assert_eq!(m.get(&12), Some(&'C'));
        assert_eq!(m.get(&20), Some(&'x'));
        assert_eq!(m.len(), 4);
    }

    #[test]
    fn garbage_is_empty() {
        assert!(gid_to_unicode(b"").is_empty());
        assert!(gid_to_unicode(&[0, 1, 0, 0, 0xFF, 0xFF, 0, 0]).is_empty());
        let mut f = tiny_font();
        f.truncate(60);
        let _ = gid_to_unicode(&f);
    }
}
