//! Writes the PDF tables (src/pdf/tables.rs) from the data files in data/pdf/: the glyph list,
//! the three base encodings and the standard-14 widths, as Rust statics in OUT_DIR.

use std::collections::HashMap;
use std::fmt::Write;

const GLYPHLIST: &str = "data/pdf/glyphlist.txt";
const ENCODINGS: &str = "data/pdf/encodings.tsv";
const WIDTHS: &str = "data/pdf/afm_widths.tsv";

fn main() {
    for path in ["build.rs", GLYPHLIST, ENCODINGS, WIDTHS] {
        println!("cargo:rerun-if-changed={path}");
    }
    let mut out = String::new();

    // name;XXXX, sorted by name so that encoding.rs can binary-search it.
    let mut glyphs: Vec<(&str, u32)> = Vec::new();
    let glyphlist = read(GLYPHLIST);
    for line in lines(&glyphlist) {
        let (name, hex) = line.split_once(';').unwrap_or_else(|| panic!("{GLYPHLIST}: not name;XXXX: {line}"));
        glyphs.push((name, parse_hex(hex, GLYPHLIST)));
    }
    glyphs.sort_unstable();
    if let Some(w) = glyphs.windows(2).find(|w| w[0].0 == w[1].0) {
        panic!("{GLYPHLIST}: {} is listed twice", w[0].0);
    }
    out.push_str("/// Glyph name -> Unicode scalar, sorted by name (data/pdf/glyphlist.txt).\n");
    out.push_str("pub(crate) static GLYPHS: &[(&str, u32)] = &[\n");
    for (name, u) in &glyphs {
        writeln!(out, "    ({name:?}, 0x{u:04X}),").unwrap();
    }
    out.push_str("];\n");
    let unicode: HashMap<&str, u32> = glyphs.iter().copied().collect();

    // code, then one glyph name per encoding ("-": none; uniXXXX: that scalar).
    let encodings = read(ENCODINGS);
    let mut rows = lines(&encodings);
    expect_header(rows.next(), "code\tstandard\tmac_roman\twin_ansi", ENCODINGS);
    let rows: Vec<&str> = rows.collect();
    assert_eq!(rows.len(), 256, "{ENCODINGS}: one line per code 00..FF");
    let mut tables = [[0u16; 256]; 3];
    for (code, line) in rows.into_iter().enumerate() {
        let cells: Vec<&str> = line.split('\t').collect();
        assert!(cells.len() == 4 && parse_hex(cells[0], ENCODINGS) == code as u32, "{ENCODINGS}: line for code {code:02X}: {line}");
        for (table, &name) in tables.iter_mut().zip(&cells[1..]) {
            let u = match name {
                "-" => 0,
                _ => match name.strip_prefix("uni") {
                    Some(hex) if hex.len() == 4 => parse_hex(hex, ENCODINGS),
                    _ => *unicode.get(name).unwrap_or_else(|| panic!("{ENCODINGS}: {name} is not in {GLYPHLIST}")),
                },
            };
            table[code] = u16::try_from(u).expect("a base encoding maps into the BMP");
        }
    }
    for (name, table) in ["STANDARD", "MAC_ROMAN", "WIN_ANSI"].iter().zip(&tables) {
        writeln!(out, "/// {name}: code -> Unicode scalar, 0 where the encoding has no character (data/pdf/encodings.tsv).").unwrap();
        writeln!(out, "pub(crate) static {name}: [u16; 256] = [").unwrap();
        for row in table.chunks(16) {
            let row: Vec<String> = row.iter().map(|u| format!("0x{u:04X}")).collect();
            writeln!(out, "    {},", row.join(", ")).unwrap();
        }
        out.push_str("];\n");
    }

    // Unicode, then one width per font.
    let widths = read(WIDTHS);
    let mut rows = lines(&widths);
    let fonts = ["HELVETICA", "HELVETICA_BOLD", "TIMES_ROMAN", "TIMES_BOLD", "TIMES_ITALIC", "TIMES_BOLDITALIC"];
    expect_header(rows.next(), "unicode\tHelvetica\tHelvetica-Bold\tTimes-Roman\tTimes-Bold\tTimes-Italic\tTimes-BoldItalic", WIDTHS);
    let mut columns: Vec<Vec<(u16, u16)>> = vec![Vec::new(); fonts.len()];
    for line in rows {
        let cells: Vec<&str> = line.split('\t').collect();
        assert_eq!(cells.len(), 1 + fonts.len(), "{WIDTHS}: {line}");
        let u = u16::try_from(parse_hex(cells[0], WIDTHS)).expect("widths are for BMP characters");
        for (column, w) in columns.iter_mut().zip(&cells[1..]) {
            column.push((u, w.parse().unwrap_or_else(|_| panic!("{WIDTHS}: not a width: {w}"))));
        }
    }
    for (font, column) in fonts.iter().zip(&mut columns) {
        column.sort_unstable();
        writeln!(out, "/// {font}: (Unicode scalar, width in 1/1000 em), sorted by Unicode (data/pdf/afm_widths.tsv).").unwrap();
        writeln!(out, "pub(crate) static AFM_{font}: &[(u16, u16)] = &[").unwrap();
        for (u, w) in column.iter() {
            writeln!(out, "    (0x{u:04X}, {w}),").unwrap();
        }
        out.push_str("];\n");
    }

    let dest = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("pdf_tables.rs");
    std::fs::write(dest, out).unwrap();
}

fn read(path: &str) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The lines that are not blank or a `#` comment.
fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines().map(str::trim_end).filter(|l| !l.is_empty() && !l.starts_with('#'))
}

fn expect_header(line: Option<&str>, header: &str, path: &str) {
    assert_eq!(line, Some(header), "{path}: the first line names the columns");
}

fn parse_hex(hex: &str, path: &str) -> u32 {
    u32::from_str_radix(hex, 16).unwrap_or_else(|_| panic!("{path}: not a hex number: {hex}"))
}
