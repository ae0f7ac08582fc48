//! The tables of simple fonts: the base encodings STANDARD, MAC_ROMAN and WIN_ANSI (code ->
//! Unicode), GLYPHS (glyph name -> Unicode, sorted by name) and the standard-14 widths AFM_*.
//! build.rs writes them from data/pdf/ (glyphlist.txt, encodings.tsv, afm_widths.tsv): change
//! the data files, not generated code.

include!(concat!(env!("OUT_DIR"), "/pdf_tables.rs"));

#[cfg(test)]
mod tests {
    use super::*;

    fn glyph(name: &str) -> Option<u32> {
        GLYPHS.binary_search_by(|(n, _)| n.as_bytes().cmp(name.as_bytes())).ok().map(|i| GLYPHS[i].1)
    }

    fn width(table: &[(u16, u16)], c: char) -> Option<u16> {
        table.binary_search_by_key(&(c as u16), |e| e.0).ok().map(|i| table[i].1)
    }

    /// encoding.rs binary-searches GLYPHS by name and font.rs the widths by Unicode.
    #[test]
    fn sorted_for_binary_search() {
        assert!(GLYPHS.len() > 1000);
        assert!(GLYPHS.windows(2).all(|w| w[0].0.as_bytes() < w[1].0.as_bytes()));
        let fonts = [AFM_HELVETICA, AFM_HELVETICA_BOLD, AFM_TIMES_ROMAN, AFM_TIMES_BOLD, AFM_TIMES_ITALIC, AFM_TIMES_BOLDITALIC];
        for table in fonts {
            assert_eq!(table.len(), AFM_HELVETICA.len());
            assert!(table.windows(2).all(|w| w[0].0 < w[1].0));
        }
        assert_eq!(glyph("A"), Some(0x41));
        assert_eq!(glyph("fi"), Some(0xFB01));
        assert_eq!(glyph("zstroke"), Some(0x01B6));
        assert_eq!(glyph("summation"), Some(0x03A3)); // Σ, as formulas are written; the AGL has U+2211
        assert_eq!(glyph("fj"), None);
    }

    #[test]
    fn known_entries() {
        assert_eq!(WIN_ANSI[0x80], 0x20AC); // Euro
        assert_eq!(WIN_ANSI[0x81], 0); // no character
        assert_eq!(WIN_ANSI[0xA0], 0x00A0); // no-break space (Annex D: space again)
        assert_eq!(WIN_ANSI[0xAD], 0x00AD); // soft hyphen (Annex D: hyphen again)
        assert_eq!(STANDARD[0x27], 0x2019); // quoteright
        assert_eq!(STANDARD[0x60], 0x2018); // quoteleft
        assert_eq!(STANDARD[0xAE], 0xFB01); // fi
        assert_eq!(MAC_ROMAN[0x80], 0x00C4); // Adieresis
        assert_eq!(MAC_ROMAN[0xCA], 0x0020); // space, as Annex D's note has it
        assert_eq!(width(AFM_HELVETICA, 'A'), Some(667));
        assert_eq!(width(AFM_HELVETICA_BOLD, 'A'), Some(722));
        assert_eq!(width(AFM_TIMES_ROMAN, ' '), Some(250));
        assert_eq!(width(AFM_TIMES_ITALIC, '\u{2014}'), Some(889));
        assert_eq!(width(AFM_TIMES_ROMAN, '\u{FB01}'), None); // only glyphs below U+2200
    }
}
