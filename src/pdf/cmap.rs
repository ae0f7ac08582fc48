//! CMap parsing: codespace ranges, ToUnicode (`bfchar`/`bfrange`) and CID
//! mappings (`cidchar`/`cidrange`) of embedded encoding CMaps.

use std::collections::HashMap;

use super::lexer::{Lexer, Token};

/// Most ranges expanded into the lookup table; larger ones stay as ranges.
const MAX_EXPANDED: u32 = 1 << 16;
/// Bound on the total number of mapping entries kept for one CMap.
const MAX_ENTRIES: usize = 1 << 18;

#[derive(Debug, Clone)]
struct Codespace {
    len: usize,
    lo: [u8; 4],
    hi: [u8; 4],
}

#[derive(Debug, Clone)]
struct BigRange {
    len: u8,
    lo: u32,
    hi: u32,
    base: Vec<u16>,
}

/// A parsed CMap. Codes are keyed by (byte length, value).
#[derive(Debug, Clone, Default)]
pub(super) struct CMap {
    codespace: Vec<Codespace>,
    uni: HashMap<u64, Box<str>>,
    big: Vec<BigRange>,
    cids: HashMap<u64, u32>,
    cid_ranges: Vec<(u8, u32, u32, u32)>,
}

#[inline]
fn key(len: usize, code: u32) -> u64 {
    (len as u64) << 32 | code as u64
}

fn code_of(bytes: &[u8]) -> (usize, u32) {
    let n = bytes.len().min(4);
    let mut v = 0u32;
    for &b in &bytes[bytes.len() - n..] {
        v = v << 8 | b as u32;
    }
    (n.max(1), v)
}

/// UTF-16BE (or, for odd single bytes, Latin-1) destination to a string.
pub(super) fn utf16_to_string(bytes: &[u8]) -> String {
    if bytes.len() == 1 {
        return char::from(bytes[0]).to_string();
    }
    let units: Vec<u16> = bytes.chunks(2).map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)])).collect();
    String::from_utf16_lossy(&units)
}

fn to_units(bytes: &[u8]) -> Vec<u16> {
    if bytes.len() == 1 {
        return vec![bytes[0] as u16];
    }
    bytes.chunks(2).map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)])).collect()
}

fn units_plus(base: &[u16], off: u32) -> String {
    let mut u = base.to_vec();
    if let Some(last) = u.last_mut() {
        *last = last.wrapping_add(off as u16);
    }
    String::from_utf16_lossy(&u)
}

impl CMap {
    /// Parses CMap data; unknown or malformed parts are skipped.
    pub(super) fn parse(data: &[u8]) -> CMap {
        let mut cm = CMap::default();
        let mut lx = Lexer::new(data);
        let mut entries = 0usize;
        while let Some(t) = lx.next_token() {
            match t {
                Token::Op(b"begincodespacerange") => {
                    let items = collect(&mut lx, b"endcodespacerange");
                    for pair in items.chunks(2) {
                        if let [Item::Bytes(lo), Item::Bytes(hi)] = pair {
                            if lo.is_empty() || lo.len() > 4 || lo.len() != hi.len() {
                                continue;
                            }
                            let mut l = [0u8; 4];
                            let mut h = [0u8; 4];
                            l[..lo.len()].copy_from_slice(lo);
                            h[..hi.len()].copy_from_slice(hi);
                            cm.codespace.push(Codespace { len: lo.len(), lo: l, hi: h });
                        }
                    }
                }
                Token::Op(b"beginbfchar") => {
                    let items = collect(&mut lx, b"endbfchar");
                    for pair in items.chunks(2) {
                        if entries >= MAX_ENTRIES {
                            break;
                        }
                        if let [Item::Bytes(src), dst] = pair {
                            let s = match dst {
                                Item::Bytes(d) => utf16_to_string(d),
                                Item::Name(n) => super::encoding::glyph_to_unicode(n).unwrap_or_default(),
                                _ => continue,
                            };
                            let (len, code) = code_of(src);
                            cm.uni.insert(key(len, code), s.into_boxed_str());
                            entries += 1;
                        }
                    }
                }
                Token::Op(b"beginbfrange") => {
                    let items = collect(&mut lx, b"endbfrange");
                    for tri in items.chunks(3) {
                        if entries >= MAX_ENTRIES {
                            break;
                        }
                        let [Item::Bytes(lo), Item::Bytes(hi), dst] = tri else { continue };
                        let (len, lo) = code_of(lo);
                        let (_, hi) = code_of(hi);
                        if hi < lo {
                            continue;
                        }
                        match dst {
                            Item::Bytes(d) => {
                                let base = to_units(d);
                                if hi - lo < MAX_EXPANDED {
                                    for off in 0..=(hi - lo) {
                                        cm.uni.insert(key(len, lo + off), units_plus(&base, off).into_boxed_str());
                                    }
                                    entries += (hi - lo) as usize + 1;
                                } else {
                                    cm.big.push(BigRange { len: len as u8, lo, hi, base });
                                    entries += 1;
                                }
                            }
                            Item::Array(arr) => {
                                for (off, d) in arr.iter().enumerate() {
                                    let c = lo as u64 + off as u64;
                                    if c > hi as u64 {
                                        break;
                                    }
                                    cm.uni.insert(key(len, c as u32), utf16_to_string(d).into_boxed_str());
                                    entries += 1;
                                }
                            }
                            _ => {}
                        }
                    }
                }
                Token::Op(b"begincidchar") => {
                    let items = collect(&mut lx, b"endcidchar");
                    for pair in items.chunks(2) {
                        if let [Item::Bytes(src), Item::Num(cid)] = pair {
                            let (len, code) = code_of(src);
                            cm.cids.insert(key(len, code), *cid as u32);
                        }
                    }
                }
                Token::Op(b"begincidrange") => {
                    let items = collect(&mut lx, b"endcidrange");
                    for tri in items.chunks(3) {
                        if let [Item::Bytes(lo), Item::Bytes(hi), Item::Num(cid)] = tri {
                            let (len, lo) = code_of(lo);
                            let (_, hi) = code_of(hi);
                            if hi >= lo && cm.cid_ranges.len() < MAX_ENTRIES {
                                cm.cid_ranges.push((len as u8, lo, hi, *cid as u32));
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        cm
    }

    pub(super) fn has_codespace(&self) -> bool {
        !self.codespace.is_empty()
    }

    pub(super) fn is_empty(&self) -> bool {
        self.uni.is_empty() && self.big.is_empty()
    }

    /// Splits the next code off `bytes` using the codespace ranges
    /// (`default_len` bytes when none match). Returns (code, length).
    pub(super) fn next_code(&self, bytes: &[u8], default_len: usize) -> (u32, usize) {
        for n in 1..=4usize {
            if bytes.len() < n {
                break;
            }
            for cs in &self.codespace {
                if cs.len == n && (0..n).all(|i| bytes[i] >= cs.lo[i] && bytes[i] <= cs.hi[i]) {
                    return (code_of(&bytes[..n]).1, n);
                }
            }
        }
        let n = if self.codespace.is_empty() { default_len } else { self.codespace.iter().map(|c| c.len).min().unwrap_or(default_len) };
        let n = n.clamp(1, 4).min(bytes.len().max(1));
        (code_of(&bytes[..n.min(bytes.len())]).1, n)
    }

    /// Appends the Unicode text of `code` to `out`; false when unmapped.
    pub(super) fn decode_into(&self, code: u32, len: usize, out: &mut String) -> bool {
        if let Some(s) = self.uni.get(&key(len, code)) {
            out.push_str(s);
            return true;
        }
        for r in &self.big {
            if r.len as usize == len && code >= r.lo && code <= r.hi {
                out.push_str(&units_plus(&r.base, code - r.lo));
                return true;
            }
        }
        // Producers sometimes key a code with another byte length.
        for l in 1..=4usize {
            if l != len {
                if let Some(s) = self.uni.get(&key(l, code)) {
                    out.push_str(s);
                    return true;
                }
            }
        }
        false
    }

    /// The CID for a code of an embedded encoding CMap.
    pub(super) fn cid(&self, code: u32, len: usize) -> Option<u32> {
        if let Some(c) = self.cids.get(&key(len, code)) {
            return Some(*c);
        }
        self.cid_ranges
            .iter()
            .find(|(l, lo, hi, _)| *l as usize == len && code >= *lo && code <= *hi)
            .map(|(_, lo, _, base)| base.saturating_add(code - lo))
    }
}

#[derive(Debug)]
enum Item {
    Bytes(Vec<u8>),
    Num(f64),
    Name(Vec<u8>),
    Array(Vec<Vec<u8>>),
}

/// Collects strings, numbers, names and string arrays up to `end`.
fn collect(lx: &mut Lexer, end: &[u8]) -> Vec<Item> {
    let mut items = Vec::new();
    while let Some(t) = lx.next_token() {
        match t {
            Token::Op(op) if op == end => break,
            Token::Op(_) => break,
            Token::Str(s) => items.push(Item::Bytes(s)),
            Token::Num(n) => items.push(Item::Num(n)),
            Token::Name(n) => items.push(Item::Name(n.to_vec())),
            Token::ArrayStart => {
                let mut arr = Vec::new();
                while let Some(t) = lx.next_token() {
                    match t {
                        Token::Str(s) => arr.push(s),
                        Token::ArrayEnd => break,
                        Token::Op(_) => break,
                        _ => {}
                    }
                }
                items.push(Item::Array(arr));
            }
            _ => {}
        }
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(cm: &CMap, code: u32, len: usize) -> Option<String> {
        let mut s = String::new();
        cm.decode_into(code, len, &mut s).then_some(s)
    }

    const SAMPLE: &[u8] = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap
1 begincodespacerange <0000> <FFFF> endcodespacerange
3 beginbfchar
<0003> <0020>
<0011> <03A3>
<00B5> <00660069>
endbfchar
2 beginbfrange
<0024> <0026> <0041>
<0030> <0032> [<00D7> <2013> <D83DDE00>]
endbfrange
endcmap CMapName currentdict /CMap defineresource pop end end";

    #[test]
    fn bfchar_and_ligature() {
        let cm = CMap::parse(SAMPLE);
        assert_eq!(dec(&cm, 3, 2).as_deref(), Some(" "));
        assert_eq!(dec(&cm, 0x11, 2).as_deref(), Some("Σ"));
        assert_eq!(dec(&cm, 0xB5, 2).as_deref(), Some("fi"));
        assert_eq!(dec(&cm, 0x99, 2), None);
    }

    #[test]
    fn bfrange_forms() {
        let cm = CMap::parse(SAMPLE);
        assert_eq!(dec(&cm, 0x24, 2).as_deref(), Some("A"));
        assert_eq!(dec(&cm, 0x26, 2).as_deref(), Some("C"));
        assert_eq!(dec(&cm, 0x27, 2), None);
        assert_eq!(dec(&cm, 0x30, 2).as_deref(), Some("×"));
        assert_eq!(dec(&cm, 0x31, 2).as_deref(), Some("–"));
        assert_eq!(dec(&cm, 0x32, 2).as_deref(), Some("😀"));
    }

    #[test]
    fn codespace_splits_mixed_lengths() {
        let cm = CMap::parse(
            b"2 begincodespacerange <00> <7F> <8140> <9FFC> endcodespacerange
             1 beginbfchar <41> <0041> endbfchar 1 beginbfchar <8150> <3042> endbfchar",
        );
        let bytes = [0x41u8, 0x81, 0x50];
        let (c, n) = cm.next_code(&bytes, 2);
        assert_eq!((c, n), (0x41, 1));
        let (c, n) = cm.next_code(&bytes[1..], 2);
        assert_eq!((c, n), (0x8150, 2));
        assert_eq!(dec(&cm, 0x8150, 2).as_deref(), Some("あ"));
        // Without codespace: the default length.
        let empty = CMap::default();
        assert_eq!(empty.next_code(&[1, 2, 3], 2), (0x0102, 2));
        assert_eq!(empty.next_code(&[7], 2), (7, 1));
    }

    #[test]
    fn cid_ranges() {
        let cm = CMap::parse(
            b"1 begincodespacerange <0000> <FFFF> endcodespacerange
             1 begincidrange <0100> <01FF> 500 endcidrange 1 begincidchar <0005> 7 endcidchar",
        );
        assert_eq!(cm.cid(0x0105, 2), Some(505));
        assert_eq!(cm.cid(5, 2), Some(7));
        assert_eq!(cm.cid(6, 2), None);
    }

    #[test]
    fn garbage_does_not_panic() {
        let cm = CMap::parse(b"beginbfrange <FFFF> <0000> <41> <01> endbfrange beginbfchar <> endcodespacerange [[[ ((");
        assert!(dec(&cm, 1, 1).is_none());
    }
}
