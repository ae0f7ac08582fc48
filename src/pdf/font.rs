//! Font loading: code splitting, glyph widths and Unicode decoding for
//! simple (Type1/TrueType/MMType1), Type 3 and Type0 (CID) fonts.

use std::collections::HashMap;

use lopdf::{Dictionary, Document, Object};

use super::cmap::CMap;
use super::encoding::{Base, SimpleEncoding, SymbolSet};
use super::objects::{array_of, deref, dict_of, num, stream_bytes};
use super::tables;

/// Default glyph width (in 1/1000 em) when a simple font gives none.
const DEFAULT_WIDTH: f32 = 500.0;
/// Bound on /W and /Widths entries read.
const MAX_WIDTH_ENTRIES: usize = 1 << 17;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Simple,
    Type3,
    Type0,
}

/// A font prepared for text extraction.
#[derive(Debug, Clone)]
pub(super) struct Font {
    kind: Kind,
    to_unicode: Option<CMap>,
    encoding: Option<SimpleEncoding>,
    /// Built-in encoding of a Symbol/Wingdings/ZapfDingbats font.
    symbols: Option<SymbolSet>,
    /// Whether the symbol table overrides /Encoding (no explicit /Encoding given).
    symbols_first: bool,
    /// Type0 without ToUnicode: glyph id -> Unicode from the embedded TrueType cmap.
    gid_unicode: HashMap<u16, char>,
    /// Type0: /CIDToGIDMap stream (None = Identity).
    cid_to_gid: Option<Vec<u16>>,
    /// Type0: an embedded encoding CMap (None = Identity, 2-byte codes).
    code_map: Option<CMap>,
    first_char: u32,
    widths: Vec<f32>,
    missing_width: f32,
    cid_widths: HashMap<u32, f32>,
    cid_ranges: Vec<(u32, u32, f32)>,
    default_width: f32,
    /// Width units to text space (0.001, or FontMatrix `a` for Type 3).
    wscale: f32,
    /// Text-space em height relative to the font size (Type 3: |FontMatrix d| * 1000).
    pub vscale: f32,
}

impl Default for Font {
    /// A fallback for text shown without a usable font: 1-byte codes as Latin-1.
    fn default() -> Font {
        Font {
            kind: Kind::Simple,
            to_unicode: None,
            encoding: Some(SimpleEncoding::new(Base::WinAnsi)),
            symbols: None,
            symbols_first: false,
            gid_unicode: HashMap::new(),
            cid_to_gid: None,
            code_map: None,
            first_char: 0,
            widths: Vec::new(),
            missing_width: DEFAULT_WIDTH,
            cid_widths: HashMap::new(),
            cid_ranges: Vec::new(),
            default_width: 1000.0,
            wscale: 0.001,
            vscale: 1.0,
        }
    }
}

/// The height of a Type 3 font's em in text space units: the FontBBox height
/// through the FontMatrix where the box is usable, else the vertical scale
/// relative to the horizontal one (glyph units per em as the widths use them).
/// Chromium writes FontMatrix 0.001 with a 1000-unit box, cairo FontMatrix 1
/// with a box of about one unit: both come out near 1.
fn type3_em_height(fm: &[f32], bbox: &Option<[f32; 4]>) -> f32 {
    let from_box = bbox.map(|b| (b[3] - b[1]).abs() * fm[3].abs()).filter(|h| h.is_finite() && *h > 0.05);
    let from_ratio = (fm[3] / fm[0]).abs();
    from_box.or(from_ratio.is_finite().then_some(from_ratio)).unwrap_or(1.0).clamp(0.3, 3.0)
}

fn font_bbox(doc: &Document, dict: &Dictionary) -> Option<[f32; 4]> {
    let a = dict.get(b"FontBBox").ok().and_then(|o| array_of(doc, o))?;
    let v: Vec<f32> = a.iter().map(|o| num(doc, o).unwrap_or(0.0) as f32).collect();
    (v.len() == 4).then(|| [v[0], v[1], v[2], v[3]])
}

impl Font {
    /// Builds a font from its dictionary; never fails (missing parts fall back).
    pub(super) fn load(doc: &Document, dict: &Dictionary, max_stream: usize) -> Font {
        let subtype = dict.get(b"Subtype").ok().and_then(|o| deref(doc, o).as_name().ok()).unwrap_or(b"Type1");
        let to_unicode =
            dict.get(b"ToUnicode").ok().and_then(|o| stream_bytes(doc, o, max_stream)).map(|d| CMap::parse(&d)).filter(|c| !c.is_empty());
        match subtype {
            b"Type0" => Self::load_type0(doc, dict, to_unicode, max_stream),
            b"Type3" => {
                let mut f = Self::load_simple(doc, dict, to_unicode, Kind::Type3);
                let fm: Vec<f32> = dict
                    .get(b"FontMatrix")
                    .ok()
                    .and_then(|o| array_of(doc, o))
                    .map(|a| a.iter().map(|o| num(doc, o).unwrap_or(0.0) as f32).collect())
                    .unwrap_or_default();
                if fm.len() >= 4 && fm[0].is_finite() && fm[0] != 0.0 {
                    f.wscale = fm[0].abs();
                    f.vscale = type3_em_height(&fm, &font_bbox(doc, dict));
                }
                f
            }
            _ => Self::load_simple(doc, dict, to_unicode, Kind::Simple),
        }
    }

    fn load_simple(doc: &Document, dict: &Dictionary, to_unicode: Option<CMap>, kind: Kind) -> Font {
        let mut enc = SimpleEncoding::new(Base::Standard);
        match dict.get(b"Encoding").map(|o| deref(doc, o)) {
            Ok(Object::Name(n)) => {
                if let Some(b) = Base::from_name(n) {
                    enc = SimpleEncoding::new(b);
                }
            }
            Ok(Object::Dictionary(ed)) => {
                if let Some(b) = ed.get(b"BaseEncoding").ok().and_then(|o| deref(doc, o).as_name().ok()).and_then(Base::from_name) {
                    enc = SimpleEncoding::new(b);
                }
                if let Some(diffs) = ed.get(b"Differences").ok().and_then(|o| array_of(doc, o)) {
                    let mut code: i64 = 0;
                    for item in diffs.iter().take(MAX_WIDTH_ENTRIES) {
                        match deref(doc, item) {
                            Object::Integer(i) => code = *i,
                            Object::Real(r) => code = *r as i64,
                            Object::Name(n) => {
                                if (0..256).contains(&code) {
                                    enc.apply_difference(code as usize, n);
                                }
                                code += 1;
                            }
                            _ => {}
                        }
                    }
                }
            }
            _ => {}
        }
        let base_font = dict.get(b"BaseFont").ok().and_then(|o| deref(doc, o).as_name().ok()).unwrap_or(b"");
        let symbols = SymbolSet::from_font_name(base_font);
        let symbols_first = symbols.is_some() && (symbols != Some(SymbolSet::Symbol) || !dict.has(b"Encoding"));
        let first_char = dict.get(b"FirstChar").ok().and_then(|o| num(doc, o)).unwrap_or(0.0).clamp(0.0, 255.0) as u32;
        let mut first_char = first_char;
        let mut widths: Vec<f32> = dict
            .get(b"Widths")
            .ok()
            .and_then(|o| array_of(doc, o))
            .map(|a| a.iter().take(256).map(|o| num(doc, o).unwrap_or(0.0) as f32).collect())
            .unwrap_or_default();
        if widths.is_empty() && kind == Kind::Simple {
            if let Some(w) = standard_widths(base_font, &enc) {
                widths = w;
                first_char = 0;
            }
        }
        let descriptor = dict.get(b"FontDescriptor").ok().and_then(|o| dict_of(doc, o));
        let missing = descriptor.and_then(|d| d.get(b"MissingWidth").ok()).and_then(|o| num(doc, o)).map(|w| w as f32);
        let missing_width = match missing {
            Some(w) if w > 0.0 => w,
            _ if widths.is_empty() => DEFAULT_WIDTH,
            _ => 0.0,
        };
        Font { kind, to_unicode, encoding: Some(enc), symbols, symbols_first, first_char, widths, missing_width, ..Font::default() }
    }

    fn load_type0(doc: &Document, dict: &Dictionary, to_unicode: Option<CMap>, max_stream: usize) -> Font {
        let code_map = match dict.get(b"Encoding").map(|o| deref(doc, o)) {
            Ok(Object::Stream(_)) => dict.get(b"Encoding").ok().and_then(|o| stream_bytes(doc, o, max_stream)).map(|d| CMap::parse(&d)),
            _ => None, // Identity-H/V and predefined CMaps: 2-byte codes.
        };
        let descendant =
            dict.get(b"DescendantFonts").ok().and_then(|o| array_of(doc, o)).and_then(|a| a.first()).and_then(|o| dict_of(doc, o));
        let mut font = Font { kind: Kind::Type0, to_unicode, encoding: None, code_map, ..Font::default() };
        if let Some(df) = descendant {
            if let Some(dw) = df.get(b"DW").ok().and_then(|o| num(doc, o)) {
                font.default_width = dw as f32;
            }
            if let Some(w) = df.get(b"W").ok().and_then(|o| array_of(doc, o)) {
                let (map, ranges) = parse_w(doc, w);
                font.cid_widths = map;
                font.cid_ranges = ranges;
            }
            if font.to_unicode.is_none() {
                let file = df
                    .get(b"FontDescriptor")
                    .ok()
                    .and_then(|o| dict_of(doc, o))
                    .and_then(|fd| fd.get(b"FontFile2").ok())
                    .and_then(|o| stream_bytes(doc, o, max_stream));
                if let Some(data) = file {
                    font.gid_unicode = super::truetype::gid_to_unicode(&data);
                }
                font.cid_to_gid = df
                    .get(b"CIDToGIDMap")
                    .ok()
                    .and_then(|o| stream_bytes(doc, o, max_stream))
                    .map(|b| b.chunks_exact(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect());
            }
        }
        font
    }

    /// Splits the next character code off `bytes`: (code, byte length).
    #[inline]
    pub(super) fn next_code(&self, bytes: &[u8]) -> (u32, usize) {
        match self.kind {
            Kind::Type0 => match (&self.code_map, &self.to_unicode) {
                (Some(cm), _) if cm.has_codespace() => cm.next_code(bytes, 2),
                _ => {
                    if bytes.len() >= 2 {
                        ((bytes[0] as u32) << 8 | bytes[1] as u32, 2)
                    } else {
                        (bytes.first().copied().unwrap_or(0) as u32, 1)
                    }
                }
            },
            _ => (bytes.first().copied().unwrap_or(0) as u32, 1),
        }
    }

    /// The CID of a Type0 code.
    #[inline]
    fn cid(&self, code: u32, len: usize) -> u32 {
        self.code_map.as_ref().and_then(|c| c.cid(code, len)).unwrap_or(code)
    }

    #[cfg(test)]
    pub(super) fn width(&self, code: u32) -> f32 {
        self.width_of(code, 2)
    }

    /// Horizontal advance of a code in text space per unit of font size.
    #[inline]
    pub(super) fn width_of(&self, code: u32, len: usize) -> f32 {
        let w = match self.kind {
            Kind::Type0 => {
                let cid = self.cid(code, len);
                match self.cid_widths.get(&cid) {
                    Some(w) => *w,
                    None => self.cid_ranges.iter().find(|(lo, hi, _)| cid >= *lo && cid <= *hi).map(|r| r.2).unwrap_or(self.default_width),
                }
            }
            _ => code.checked_sub(self.first_char).and_then(|i| self.widths.get(i as usize)).copied().unwrap_or(self.missing_width),
        };
        w * self.wscale
    }

    /// Whether word spacing (Tw) applies: the single-byte code 32.
    #[inline]
    pub(super) fn is_word_space(&self, code: u32, len: usize) -> bool {
        len == 1 && code == 32
    }

    /// Appends the Unicode text of a code; false when it has none.
    pub(super) fn decode_into(&self, code: u32, len: usize, out: &mut String) -> bool {
        if let Some(tu) = &self.to_unicode {
            let start = out.len();
            if tu.decode_into(code, len, out) {
                // Symbol fonts often map to the private-use area U+F020..F0FF.
                if let Some(set) = self.symbols {
                    let mut it = out[start..].chars();
                    if let (Some(c), None) = (it.next(), it.next()) {
                        if ('\u{F020}'..='\u{F0FF}').contains(&c) {
                            if let Some(r) = set.char((c as u32 & 0xFF) as u8) {
                                out.truncate(start);
                                out.push(r);
                            }
                        }
                    }
                }
                return true;
            }
        }
        if let (Some(set), true, 1) = (self.symbols, self.symbols_first, len) {
            if let Some(c) = set.char(code as u8) {
                out.push(c);
                return true;
            }
        }
        if let Some(enc) = &self.encoding {
            if len == 1 && code < 256 {
                let s = enc.get(code as u8);
                if !s.is_empty() {
                    out.push_str(s);
                    return true;
                }
            }
        }
        if !self.gid_unicode.is_empty() {
            let cid = self.cid(code, len);
            let gid = match &self.cid_to_gid {
                Some(m) => m.get(cid as usize).copied().unwrap_or(0),
                None => cid.min(0xFFFF) as u16,
            };
            if let Some(c) = self.gid_unicode.get(&gid) {
                out.push(*c);
                return true;
            }
        }
        false
    }
}

/// Widths (first char 0) for a standard-14 font given without /Widths.
fn standard_widths(base_font: &[u8], enc: &SimpleEncoding) -> Option<Vec<f32>> {
    let name = String::from_utf8_lossy(base_font).to_ascii_lowercase();
    let name = name.split('+').next_back().unwrap_or(&name);
    let bold = name.contains("bold");
    let italic = name.contains("italic") || name.contains("oblique");
    if name.contains("courier") {
        return Some(vec![600.0; 256]);
    }
    let table = if name.contains("helvetica") || name.contains("arial") {
        if bold {
            tables::AFM_HELVETICA_BOLD
        } else {
            tables::AFM_HELVETICA
        }
    } else if name.contains("times") {
        match (bold, italic) {
            (true, true) => tables::AFM_TIMES_BOLDITALIC,
            (true, false) => tables::AFM_TIMES_BOLD,
            (false, true) => tables::AFM_TIMES_ITALIC,
            (false, false) => tables::AFM_TIMES_ROMAN,
        }
    } else {
        return None;
    };
    let widths = (0..=255u8)
        .map(|code| {
            let c = enc.get(code).chars().next().map(|c| if c == '\u{A0}' { ' ' } else { c });
            c.and_then(|c| u16::try_from(c as u32).ok())
                .and_then(|u| table.binary_search_by_key(&u, |e| e.0).ok().map(|i| table[i].1 as f32))
                .unwrap_or(DEFAULT_WIDTH)
        })
        .collect();
    Some(widths)
}

type CidWidths = (HashMap<u32, f32>, Vec<(u32, u32, f32)>);

/// Parses a CIDFont /W array: `c [w1 w2 ...]` and `cfirst clast w` forms.
pub(super) fn parse_w(doc: &Document, w: &[Object]) -> CidWidths {
    let mut map = HashMap::new();
    let mut ranges = Vec::new();
    let mut i = 0;
    let mut entries = 0usize;
    while i < w.len() && entries < MAX_WIDTH_ENTRIES {
        let Some(first) = num(doc, &w[i]) else {
            i += 1;
            continue;
        };
        let first = first.max(0.0) as u32;
        match w.get(i + 1).map(|o| deref(doc, o)) {
            Some(Object::Array(arr)) => {
                for (k, o) in arr.iter().enumerate() {
                    if let Some(v) = num(doc, o) {
                        map.insert(first.saturating_add(k as u32), v as f32);
                        entries += 1;
                    }
                }
                i += 2;
            }
            Some(o) => {
                let last = num(doc, o).unwrap_or(0.0).max(0.0) as u32;
                let v = w.get(i + 2).and_then(|o| num(doc, o)).unwrap_or(0.0) as f32;
                if last >= first {
                    ranges.push((first, last, v));
                    entries += 1;
                }
                i += 3;
            }
            None => break,
        }
    }
    (map, ranges)
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::{dictionary, Stream};

    #[test]
    fn w_array_both_forms() {
        let doc = Document::with_version("1.5");
        let w = vec![
            Object::Integer(1),
            Object::Array(vec![Object::Integer(500), Object::Real(250.5)]),
            Object::Integer(10),
            Object::Integer(20),
            Object::Integer(700),
        ];
        let (map, ranges) = parse_w(&doc, &w);
        assert_eq!(map.get(&1), Some(&500.0));
        assert_eq!(map.get(&2), Some(&250.5));
        assert_eq!(ranges, vec![(10, 20, 700.0)]);
    }

    #[test]
    fn type0_identity_widths_and_unicode() {
        let mut doc = Document::with_version("1.5");
        let tu = doc.add_object(Stream::new(
            dictionary! {},
            b"1 begincodespacerange <0000> <FFFF> endcodespacerange 1 beginbfchar <0005> <03A3> endbfchar".to_vec(),
        ));
        let cid = doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "CIDFontType2", "DW" => 1000,
            "W" => vec![Object::Integer(5), Object::Array(vec![Object::Integer(600)]), Object::Integer(6), Object::Integer(9), Object::Integer(300)],
        });
        let font = dictionary! {
            "Type" => "Font", "Subtype" => "Type0", "Encoding" => "Identity-H",
            "DescendantFonts" => vec![Object::Reference(cid)], "ToUnicode" => tu,
        };
        let f = Font::load(&doc, &font, 1 << 20);
        assert_eq!(f.next_code(&[0, 5, 0, 7]), (5, 2));
        assert!((f.width(5) - 0.6).abs() < 1e-6);
        assert!((f.width(7) - 0.3).abs() < 1e-6);
        assert!((f.width(99) - 1.0).abs() < 1e-6);
        let mut s = String::new();
        assert!(f.decode_into(5, 2, &mut s));
        assert_eq!(s, "Σ");
    }

    #[test]
    fn type0_without_tounicode_uses_truetype_cmap() {
        let mut doc = Document::with_version("1.5");
        let ff = doc.add_object(Stream::new(dictionary! {}, crate::pdf::truetype::tests::tiny_font()));
        let fd = doc.add_object(dictionary! { "Type" => "FontDescriptor", "FontFile2" => ff });
        let cid = doc.add_object(dictionary! { "Type" => "Font", "Subtype" => "CIDFontType2", "FontDescriptor" => fd });
        let font = dictionary! { "Type" => "Font", "Subtype" => "Type0", "Encoding" => "Identity-H",
        "DescendantFonts" => vec![Object::Reference(cid)] };
        let f = Font::load(&doc, &font, 1 << 20);
        let mut s = String::new();
        for gid in [10, 11, 20, 99] {
            f.decode_into(gid, 2, &mut s);
        }
        assert_eq!(s, "ABx");
        // A /CIDToGIDMap stream remaps CIDs first.
        let map = doc.add_object(Stream::new(dictionary! {}, vec![0, 0, 0, 20, 0, 10]));
        let cid =
            doc.add_object(dictionary! { "Type" => "Font", "Subtype" => "CIDFontType2", "FontDescriptor" => fd, "CIDToGIDMap" => map });
        let font = dictionary! { "Type" => "Font", "Subtype" => "Type0", "Encoding" => "Identity-H",
        "DescendantFonts" => vec![Object::Reference(cid)] };
        let f = Font::load(&doc, &font, 1 << 20);
        let mut s = String::new();
        f.decode_into(1, 2, &mut s);
        f.decode_into(2, 2, &mut s);
        assert_eq!(s, "xA");
    }

    #[test]
    fn simple_widths_and_differences() {
        let doc = Document::with_version("1.5");
        let font = dictionary! {
            "Type" => "Font", "Subtype" => "TrueType", "FirstChar" => 65,
            "Widths" => vec![Object::Integer(600), Object::Integer(700)],
            "Encoding" => dictionary! { "BaseEncoding" => "WinAnsiEncoding",
                "Differences" => vec![Object::Integer(66), Object::Name(b"multiply".to_vec())] },
        };
        let f = Font::load(&doc, &font, 1 << 20);
        assert!((f.width(65) - 0.6).abs() < 1e-6);
        assert!((f.width(66) - 0.7).abs() < 1e-6);
        assert_eq!(f.width(67), 0.0);
        let mut s = String::new();
        f.decode_into(66, 1, &mut s);
        f.decode_into(0x96, 1, &mut s);
        assert_eq!(s, "×–");
    }

    #[test]
    fn standard14_widths_without_widths_array() {
        let doc = Document::with_version("1.5");
        let font = dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica", "Encoding" => "WinAnsiEncoding" };
        let f = Font::load(&doc, &font, 1 << 20);
        assert!((f.width(b' ' as u32) - 0.278).abs() < 1e-6);
        assert!((f.width(b'W' as u32) - 0.944).abs() < 1e-6);
        let font = dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Courier" };
        assert!((Font::load(&doc, &font, 1 << 20).width(b'i' as u32) - 0.6).abs() < 1e-6);
        let font = dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Foo" };
        assert!((Font::load(&doc, &font, 1 << 20).width(b'i' as u32) - 0.5).abs() < 1e-6);
    }

    #[test]
    fn symbol_font_builtin_and_private_use() {
        let mut doc = Document::with_version("1.5");
        let font = dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Symbol" };
        let f = Font::load(&doc, &font, 1 << 20);
        let mut s = String::new();
        for c in [0x53u32, 0xB4, 0xB7] {
            f.decode_into(c, 1, &mut s);
        }
        assert_eq!(s, "Σ×•");
        // Wingdings with a ToUnicode into the private-use area.
        let tu = doc.add_object(Stream::new(dictionary! {}, b"1 beginbfchar <76> <F076> endbfchar".to_vec()));
        let font = dictionary! { "Type" => "Font", "Subtype" => "TrueType", "BaseFont" => "ABCDEF+Wingdings-Regular",
        "Encoding" => "WinAnsiEncoding", "ToUnicode" => tu };
        let f = Font::load(&doc, &font, 1 << 20);
        let mut s = String::new();
        f.decode_into(0x76, 1, &mut s);
        f.decode_into(0xA7, 1, &mut s);
        assert_eq!(s, "❖▪");
    }

    #[test]
    fn type3_font_matrix_scales_widths() {
        let doc = Document::with_version("1.5");
        let font = dictionary! {
            "Type" => "Font", "Subtype" => "Type3", "FirstChar" => 0,
            "FontMatrix" => vec![0.01.into(), 0.into(), 0.into(), Object::Real(-0.01), 0.into(), 0.into()],
            "Widths" => vec![Object::Integer(50)],
        };
        let f = Font::load(&doc, &font, 1 << 20);
        assert!((f.width(0) - 0.5).abs() < 1e-6);
        assert!((f.vscale - 1.0).abs() < 1e-4);
    }
}
