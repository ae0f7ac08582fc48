//! Simple-font encodings (WinAnsi, MacRoman, Standard, /Differences) and
//! glyph-name to Unicode mapping.

use super::tables::{GLYPHS, MAC_ROMAN, STANDARD, WIN_ANSI};

/// The built-in base encodings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Base {
    Standard,
    WinAnsi,
    MacRoman,
}

impl Base {
    pub(super) fn from_name(name: &[u8]) -> Option<Base> {
        match name {
            b"WinAnsiEncoding" => Some(Base::WinAnsi),
            b"MacRomanEncoding" | b"MacExpertEncoding" => Some(Base::MacRoman),
            b"StandardEncoding" => Some(Base::Standard),
            _ => None,
        }
    }

    fn table(self) -> &'static [u16; 256] {
        match self {
            Base::Standard => &STANDARD,
            Base::WinAnsi => &WIN_ANSI,
            Base::MacRoman => &MAC_ROMAN,
        }
    }
}

/// Code (0..=255) to Unicode text for one simple font.
#[derive(Debug, Clone)]
pub(super) struct SimpleEncoding {
    map: Vec<Box<str>>,
}

impl SimpleEncoding {
    pub(super) fn new(base: Base) -> SimpleEncoding {
        let map = base
            .table()
            .iter()
            .map(|&u| match u {
                0 => Box::<str>::default(),
                u => char::from_u32(u as u32).map(|c| c.to_string().into_boxed_str()).unwrap_or_default(),
            })
            .collect();
        SimpleEncoding { map }
    }

    /// Applies a `/Differences` array given as (code, glyph name) pairs.
    pub(super) fn apply_difference(&mut self, code: usize, glyph: &[u8]) {
        if let Some(slot) = self.map.get_mut(code) {
            *slot = glyph_to_unicode(glyph).unwrap_or_default().into_boxed_str();
        }
    }

    /// The text of `code`; empty when unmapped.
    pub(super) fn get(&self, code: u8) -> &str {
        self.map.get(code as usize).map(|s| &**s).unwrap_or("")
    }
}

/// Appends `s`, expanding the Latin ligatures U+FB00..FB06 (as pdftotext does)
/// and dropping control characters.
#[inline]
pub(super) fn push_text(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '\u{FB00}' => out.push_str("ff"),
            '\u{FB01}' => out.push_str("fi"),
            '\u{FB02}' => out.push_str("fl"),
            '\u{FB03}' => out.push_str("ffi"),
            '\u{FB04}' => out.push_str("ffl"),
            '\u{FB05}' | '\u{FB06}' => out.push_str("st"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
}

/// Unicode text for a glyph name: the AGL subset, `uniXXXX[XXXX..]`,
/// `uXXXX[XX]`, and `a_b` ligatures / `a.suffix` variants.
pub(super) fn glyph_to_unicode(name: &[u8]) -> Option<String> {
    let name = std::str::from_utf8(name).ok()?;
    if name.is_empty() || name.len() > 128 {
        return None;
    }
    let base = name.split('.').next().unwrap_or(name);
    if base.is_empty() {
        return None;
    }
    if base.contains('_') {
        let parts: Option<String> = base.split('_').map(|p| glyph_to_unicode(p.as_bytes())).collect();
        return parts.filter(|s| !s.is_empty());
    }
    if let Ok(i) = GLYPHS.binary_search_by(|(n, _)| n.as_bytes().cmp(base.as_bytes())) {
        let mut out = String::new();
        push_text(&mut out, char::from_u32(GLYPHS[i].1)?.encode_utf8(&mut [0; 4]));
        return Some(out);
    }
    if let Some(hex) = base.strip_prefix("uni") {
        if hex.len() >= 4 && hex.len() % 4 == 0 && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            let units: Vec<u16> =
                hex.as_bytes().chunks(4).filter_map(|c| u16::from_str_radix(std::str::from_utf8(c).ok()?, 16).ok()).collect();
            return Some(String::from_utf16_lossy(&units));
        }
    }
    if let Some(hex) = base.strip_prefix('u') {
        if (4..=6).contains(&hex.len()) && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return u32::from_str_radix(hex, 16).ok().and_then(char::from_u32).map(String::from);
        }
    }
    // Single ASCII letters/digits not in the list are themselves.
    if base.len() == 1 && base.as_bytes()[0].is_ascii_alphanumeric() {
        return Some(base.to_string());
    }
    None
}

/// Built-in encodings of symbol fonts that often come without a ToUnicode map.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum SymbolSet {
    Symbol,
    Wingdings,
    Dingbats,
}

/// Adobe Symbol, codes 0x20..=0x7E.
const SYMBOL_LO: &str = " !∀#∃%&∋()∗+,−./0123456789:;<=>?≅ΑΒΧΔΕΦΓΗΙϑΚΛΜΝΟΠΘΡΣΤΥςΩΞΨΖ[∴]⊥_‾αβχδεφγηιϕκλμνοπθρστυϖωξψζ{|}∼";
/// Adobe Symbol, codes 0xA0..=0xFF (`\0` = undefined); summation as Σ.
const SYMBOL_HI: &str = "€ϒ′≤⁄∞ƒ♣♦♥♠↔←↑→↓°±″≥×∝∂•÷≠≡≈…⏐⎯↵ℵℑℜ℘⊗⊕∅∩∪⊃⊇⊄⊂⊆∈∉∠∇®©™∏√⋅¬∧∨⇔⇐⇑⇒⇓◊〈®©™Σ⎛⎜⎝⎡⎢⎣⎧⎨⎩⎪\0〉∫⌠⎮⌡⎞⎟⎠⎤⎥⎦⎫⎬⎭\0";

impl SymbolSet {
    /// Recognises Symbol, Wingdings and ZapfDingbats by /BaseFont (subset prefix ignored).
    pub(super) fn from_font_name(name: &[u8]) -> Option<SymbolSet> {
        let name = String::from_utf8_lossy(name).to_ascii_lowercase();
        let base = name.split('+').next_back().unwrap_or(&name);
        if base.contains("wingdings") {
            Some(SymbolSet::Wingdings)
        } else if base.contains("dingbats") {
            Some(SymbolSet::Dingbats)
        } else if base.starts_with("symbol") || base.starts_with("symbolmt") {
            Some(SymbolSet::Symbol)
        } else {
            None
        }
    }

    /// The character for a code of this font, if known.
    pub(super) fn char(self, code: u8) -> Option<char> {
        let c = match self {
            SymbolSet::Symbol => match code {
                0x20..=0x7E => SYMBOL_LO.chars().nth((code - 0x20) as usize)?,
                0xA0..=0xFF => SYMBOL_HI.chars().nth((code - 0xA0) as usize)?,
                _ => return None,
            },
            SymbolSet::Wingdings => match code {
                0x20 => ' ',
                0x46 => '☞',
                0x4A => '☺',
                0x6C => '●',
                0x6E => '■',
                0x6F => '□',
                0x71 => '❑',
                0x73 | 0x75 => '◆',
                0x74 => '⧫',
                0x76 => '❖',
                0x77 => '⬥',
                0x9F => '•',
                0xA1 => '○',
                0xA7 => '▪',
                0xD8 => '➢',
                0xE0 => '→',
                0xE8 => '➔',
                0xFB => '✗',
                0xFC => '✔',
                0xFE => '☑',
                _ => return None,
            },
            SymbolSet::Dingbats => match code {
                0x20 => ' ',
                0x33 => '✓',
                0x34 => '✔',
                0x35 => '✕',
                0x36 => '✖',
                0x37 => '✗',
                0x38 => '✘',
                0x6C => '●',
                0x6E => '■',
                0x6F => '❏',
                0x70 => '❐',
                0x71 => '❑',
                0x72 => '❒',
                0x73 => '▲',
                0x74 => '▼',
                0x75 => '◆',
                0x76 => '❖',
                0x77 => '◗',
                0xD4 => '➔',
                _ => return None,
            },
        };
        (c != '\0').then_some(c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_tables() {
        let win = SimpleEncoding::new(Base::WinAnsi);
        assert_eq!(win.get(b'A'), "A");
        assert_eq!(win.get(0x96), "–");
        assert_eq!(win.get(0xD7), "×");
        assert_eq!(win.get(0x95), "•");
        assert_eq!(win.get(0x93), "\u{201C}");
        assert_eq!(win.get(0xA0), "\u{A0}");
        let mac = SimpleEncoding::new(Base::MacRoman);
        assert_eq!(mac.get(0x80), "Ä");
        assert_eq!(mac.get(0xD0), "–");
        let std = SimpleEncoding::new(Base::Standard);
        assert_eq!(std.get(0x27), "\u{2019}");
        assert_eq!(std.get(0xB7), "•");
    }

    #[test]
    fn differences() {
        let mut e = SimpleEncoding::new(Base::WinAnsi);
        e.apply_difference(0x41, b"Sigma");
        e.apply_difference(0x42, b"summation");
        e.apply_difference(0x43, b"multiply");
        e.apply_difference(0x44, b"uni2756");
        e.apply_difference(0x45, b"f_i");
        e.apply_difference(0x46, b"g1C");
        e.apply_difference(300, b"A");
        assert_eq!(e.get(0x41), "Σ");
        assert_eq!(e.get(0x42), "Σ");
        assert_eq!(e.get(0x43), "×");
        assert_eq!(e.get(0x44), "❖");
        assert_eq!(e.get(0x45), "fi");
        assert_eq!(e.get(0x46), "");
        assert_eq!(e.get(0x47), "G");
    }

    #[test]
    fn symbol_fonts() {
        assert_eq!(SymbolSet::from_font_name(b"ABCDEF+SymbolMT"), Some(SymbolSet::Symbol));
        assert_eq!(SymbolSet::from_font_name(b"OpenSymbol"), None);
        assert_eq!(SymbolSet::from_font_name(b"Wingdings-Regular"), Some(SymbolSet::Wingdings));
        let sym = SymbolSet::Symbol;
        assert_eq!(sym.char(0x53), Some('Σ'));
        assert_eq!(sym.char(0x73), Some('σ'));
        assert_eq!(sym.char(0x7E), Some('∼'));
        assert_eq!(sym.char(0xB4), Some('×'));
        assert_eq!(sym.char(0xB7), Some('•'));
        assert_eq!(sym.char(0xE5), Some('Σ'));
        assert_eq!(sym.char(0xF2), Some('∫'));
        assert_eq!(sym.char(0xF0), None);
        assert_eq!(SymbolSet::Wingdings.char(0x76), Some('❖'));
        assert_eq!(SymbolSet::Dingbats.char(0x76), Some('❖'));
    }

    #[test]
    fn glyph_names() {
        assert_eq!(glyph_to_unicode(b"endash").as_deref(), Some("–"));
        assert_eq!(glyph_to_unicode(b"bullet").as_deref(), Some("•"));
        assert_eq!(glyph_to_unicode(b"quotedblleft").as_deref(), Some("\u{201C}"));
        assert_eq!(glyph_to_unicode(b"eacute").as_deref(), Some("é"));
        assert_eq!(glyph_to_unicode(b"a.sc").as_deref(), Some("a"));
        assert_eq!(glyph_to_unicode(b"u1F600").as_deref(), Some("😀"));
        assert_eq!(glyph_to_unicode(b"uni00660069").as_deref(), Some("fi"));
        assert_eq!(glyph_to_unicode(b"fi").as_deref(), Some("fi"));
        assert_eq!(glyph_to_unicode(b"cid123"), None);
    }
}
