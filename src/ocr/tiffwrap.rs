//! Minimal TIFF plumbing, so that only the `image` crate is needed:
//! wrapping a CCITT G4 stream into a one-page TIFF, and walking the pages
//! (IFDs) of a multi-page TIFF.

/// A little-endian one-strip TIFF around already-encoded data.
pub fn single_strip(w: u32, h: u32, bits: u16, compression: u16, photometric: u16, data: &[u8]) -> Vec<u8> {
    // (tag, type, value): type 3 = SHORT, 4 = LONG.
    let entries: [(u16, u16, u32); 9] = [
        (256, 4, w),
        (257, 4, h),
        (258, 3, bits as u32),
        (259, 3, compression as u32),
        (262, 3, photometric as u32),
        (273, 4, 0), // StripOffsets, patched below
        (277, 3, 1),
        (278, 4, h),
        (279, 4, data.len() as u32),
    ];
    let ifd_len = 2 + entries.len() * 12 + 4;
    let data_off = (8 + ifd_len) as u32;
    let mut out = Vec::with_capacity(data_off as usize + data.len());
    out.extend_from_slice(b"II");
    out.extend_from_slice(&42u16.to_le_bytes());
    out.extend_from_slice(&8u32.to_le_bytes());
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    let entries = entries.map(|(tag, ty, v)| (tag, ty, if tag == 273 { data_off } else { v }));
    write_entries(&mut out, &entries);
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(data);
    out
}

/// Writes IFD entries (tag, type, one value): type 3 = SHORT, else a LONG or
/// an offset.
fn write_entries(out: &mut Vec<u8>, entries: &[(u16, u16, u32)]) {
    for &(tag, ty, v) in entries {
        out.extend_from_slice(&tag.to_le_bytes());
        out.extend_from_slice(&ty.to_le_bytes());
        out.extend_from_slice(&1u32.to_le_bytes());
        if ty == 3 {
            out.extend_from_slice(&(v as u16).to_le_bytes());
            out.extend_from_slice(&[0, 0]);
        } else {
            out.extend_from_slice(&v.to_le_bytes());
        }
    }
}

/// One page (IFD) of a classic TIFF.
#[derive(Debug, Clone, PartialEq)]
pub struct Ifd {
    pub offset: u32,
    /// Horizontal resolution in dots per inch, if the page says.
    pub dpi: Option<f32>,
}

struct Reader<'a> {
    b: &'a [u8],
    le: bool,
}

impl Reader<'_> {
    fn u16(&self, at: usize) -> Option<u16> {
        let s = self.b.get(at..at.checked_add(2)?)?;
        Some(if self.le { u16::from_le_bytes([s[0], s[1]]) } else { u16::from_be_bytes([s[0], s[1]]) })
    }
    fn u32(&self, at: usize) -> Option<u32> {
        let s = self.b.get(at..at.checked_add(4)?)?;
        let a = [s[0], s[1], s[2], s[3]];
        Some(if self.le { u32::from_le_bytes(a) } else { u32::from_be_bytes(a) })
    }
}

/// The pages of a classic (not Big) TIFF, in order. `None` if this is not a
/// classic TIFF; pages whose IFD cannot be read end the list.
pub fn ifds(b: &[u8]) -> Option<Vec<Ifd>> {
    let le = match b.get(0..2)? {
        b"II" => true,
        b"MM" => false,
        _ => return None,
    };
    let r = Reader { b, le };
    if r.u16(2)? != 42 {
        return None;
    }
    let mut out = Vec::new();
    let mut off = r.u32(4)?;
    let mut seen = std::collections::HashSet::new();
    while off != 0 && out.len() < 5000 && seen.insert(off) {
        let o = off as usize;
        let Some(n) = r.u16(o) else { break };
        let mut xres = None;
        let mut unit = 2u16;
        for i in 0..n as usize {
            let e = o + 2 + i * 12;
            let (Some(tag), Some(ty)) = (r.u16(e), r.u16(e + 2)) else { break };
            match (tag, ty) {
                (282, 5) => {
                    if let Some(p) = r.u32(e + 8) {
                        if let (Some(num), Some(den)) = (r.u32(p as usize), r.u32(p as usize + 4)) {
                            if den != 0 {
                                xres = Some(num as f32 / den as f32);
                            }
                        }
                    }
                }
                (296, 3) => unit = r.u16(e + 8).unwrap_or(2),
                _ => {}
            }
        }
        let dpi = xres.and_then(|x| match unit {
            2 => Some(x),
            3 => Some(x * 2.54),
            _ => None,
        });
        out.push(Ifd { offset: off, dpi });
        let Some(next) = r.u32(o + 2 + n as usize * 12) else { break };
        off = next;
    }
    Some(out)
}

/// Point the header of `b` (a classic TIFF) at the IFD at `offset`, so a
/// single-page decoder reads that page.
pub fn select_ifd(b: &mut [u8], offset: u32) {
    if b.len() >= 8 {
        let bytes = if b[0] == b'I' { offset.to_le_bytes() } else { offset.to_be_bytes() };
        b[4..8].copy_from_slice(&bytes);
    }
}

/// Test helper: an uncompressed 8-bit gray multi-page TIFF, with a resolution.
#[cfg(test)]
pub fn multi_page_gray(pages: &[(u32, u32, Vec<u8>)], dpi: u32) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(b"II");
    out.extend_from_slice(&42u16.to_le_bytes());
    out.extend_from_slice(&0u32.to_le_bytes());
    let mut prev_next_at = 4usize;
    for (w, h, data) in pages {
        let data_off = out.len() as u32;
        out.extend_from_slice(data);
        let res_off = out.len() as u32;
        out.extend_from_slice(&dpi.to_le_bytes());
        out.extend_from_slice(&1u32.to_le_bytes());
        if out.len() % 2 == 1 {
            out.push(0);
        }
        let ifd_off = out.len() as u32;
        out[prev_next_at..prev_next_at + 4].copy_from_slice(&ifd_off.to_le_bytes());
        let entries: [(u16, u16, u32); 11] = [
            (256, 4, *w),
            (257, 4, *h),
            (258, 3, 8),
            (259, 3, 1),
            (262, 3, 1),
            (273, 4, data_off),
            (277, 3, 1),
            (278, 4, *h),
            (279, 4, data.len() as u32),
            (282, 5, res_off),
            (296, 3, 2),
        ];
        out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
        write_entries(&mut out, &entries);
        prev_next_at = out.len();
        out.extend_from_slice(&0u32.to_le_bytes());
    }
    out
}
