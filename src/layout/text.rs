//! The text of a region (a table cell): lines joined, list items kept apart,
//! stacked fractions written `numerator / denominator`.

use crate::layout::lines::{build_lines, Line};
use crate::model::{Rect, Word};

/// Builds the text of the words `members`, given the fraction bars `bars` that
/// lie in the same region.
pub(crate) fn cell_text(words: &[Word], members: &[usize], bars: &[Rect]) -> String {
    if members.is_empty() {
        return String::new();
    }
    let mut rest: Vec<usize> = members.to_vec();
    // Each fraction becomes one synthetic "line" placed at its bar.
    let mut pieces: Vec<(f32, String)> = Vec::new();
    let mut bars: Vec<Rect> = bars.to_vec();
    bars.sort_by(|a, b| a.y0.total_cmp(&b.y0));
    for bar in &bars {
        if let Some((y, text, used)) = fraction(words, &rest, bar) {
            rest.retain(|i| !used.contains(i));
            pieces.push((y, text));
        }
    }
    let lines = build_lines(words, &rest);
    for line in &lines {
        pieces.push((line.bbox.cy(), line.text(words)));
    }
    pieces.sort_by(|a, b| a.0.total_cmp(&b.0));
    join_lines(pieces.into_iter().map(|p| p.1))
}

/// Joins text lines: a line that opens a list item (`1.`, `a.`, `-`, `•`)
/// starts a new item, separated by `; `; other lines continue the previous one.
pub(crate) fn join_lines(lines: impl Iterator<Item = String>) -> String {
    let mut out = String::new();
    for line in lines {
        let line = without_repeated_marker(line.trim());
        if line.is_empty() {
            continue;
        }
        // A word too long for its column, broken before its last letter with
        // no hyphen (`Kepegawaia` / `n,`): the letter goes back on the word.
        if out.ends_with(|c: char| c.is_alphabetic()) && is_broken_off_letter(line) {
            out.push_str(line);
            continue;
        }
        if !out.is_empty() {
            if starts_list_item(line) && !out.ends_with(':') {
                let trimmed = out.trim_end_matches([';', ',', ' ']).len();
                out.truncate(trimmed);
                out.push_str("; ");
            } else {
                out.push(' ');
            }
        }
        out.push_str(line);
    }
    out
}

/// A line opening with one lower-case letter standing alone (`n`, `n,`), that
/// is no list marker (`a.`, `b)`) and no times sign (`x`): the end of a word
/// the line above broke off. No Indonesian word is a single such letter.
fn is_broken_off_letter(line: &str) -> bool {
    let mut chars = line.chars();
    let first = chars.next();
    let next = chars.next();
    first.is_some_and(|c| c.is_lowercase() && c != 'x') && next.is_none_or(|c| c.is_whitespace() || c == ',' || c == ';')
}

/// A list marker typed into an item the word processor numbers itself
/// (`1. 1. Dokumen SOP`) is written once.
fn without_repeated_marker(line: &str) -> &str {
    let mut tokens = line.splitn(3, char::is_whitespace);
    if let (Some(a), Some(b), Some(_)) = (tokens.next(), tokens.next(), tokens.next()) {
        if a == b && starts_list_item(line) {
            return line[a.len()..].trim_start();
        }
    }
    line
}

/// A first token of one or two symbols is a bullet as OCR reads it (❖ comes
/// out as `#`, `'#`, `«`...); these never open a list: `=`, `<`, `>`, `/`, `(`.
fn is_symbol_bullet(token: &str) -> bool {
    let n = token.chars().count();
    (1..=2).contains(&n)
        && token.chars().all(|c| !c.is_alphanumeric())
        && !matches!(token, "=" | "<" | ">" | "/" | "(" | ")" | "%" | "Σ" | "×" | ":" | "." | "," | ";")
}

/// The leading bullet token of a line, if any (see `is_symbol_bullet`).
pub(crate) fn symbol_bullet(line: &str) -> Option<&str> {
    let token = line.split_whitespace().next()?;
    (line.len() > token.len() && is_symbol_bullet(token)).then_some(token)
}

/// Does the line open a list item (number, letter or bullet marker)?
pub(crate) fn starts_list_item(line: &str) -> bool {
    if symbol_bullet(line).is_some() {
        return true;
    }
    let mut chars = line.chars();
    match chars.next() {
        Some('-' | '•' | '❖' | '▪' | '●' | '○' | '➢' | '\u{f0b7}' | '\u{f0a7}' | '\u{f076}' | '\u{f0d8}' | '·' | '*' | '–') => {
            chars.next().is_some_and(char::is_whitespace)
        }
        Some(c) if c.is_ascii_digit() => {
            let digits: String = line.chars().take_while(char::is_ascii_digit).collect();
            let after = &line[digits.len()..];
            digits.len() <= 2 && (after.starts_with(". ") || after.starts_with(") "))
        }
        Some(c) if c.is_ascii_lowercase() => {
            let after = chars.as_str();
            after.starts_with(". ") || after.starts_with(") ")
        }
        // OCR readings of a letter marker: "Cc." for "c.", "|." for "l.".
        Some(c) if c.is_ascii_uppercase() => {
            chars.next() == Some(c.to_ascii_lowercase()) && (chars.as_str().starts_with(". ") || chars.as_str().starts_with(") "))
        }
        Some('|') => chars.as_str().starts_with(". "),
        _ => false,
    }
}

/// Reads the fraction around `bar`: the lines just above it whose words sit over
/// the bar are the numerator, those just below the denominator; words level with
/// the fraction but beside the bar are prefix and suffix (`× 100%`).
fn fraction(words: &[Word], members: &[usize], bar: &Rect) -> Option<(f32, String, Vec<usize>)> {
    let over_bar = |w: &Word| w.bbox.cx() >= bar.x0 - 2.0 && w.bbox.cx() <= bar.x1 + 2.0;
    let above: Vec<usize> = members.iter().copied().filter(|&i| over_bar(&words[i]) && words[i].bbox.cy() < bar.cy()).collect();
    let below: Vec<usize> = members.iter().copied().filter(|&i| over_bar(&words[i]) && words[i].bbox.cy() > bar.cy()).collect();
    let num = adjacent_lines(words, &above, bar, true);
    let den = adjacent_lines(words, &below, bar, false);
    if num.is_empty() || den.is_empty() {
        return None;
    }
    let top = num.iter().map(|l| l.bbox.y0).fold(bar.y0, f32::min);
    let bottom = den.iter().map(|l| l.bbox.y1).fold(bar.y1, f32::max);
    let mut used: Vec<usize> = num.iter().chain(den.iter()).flat_map(|l| l.words.iter().copied()).collect();
    let level = |w: &Word| w.bbox.cy() > top && w.bbox.cy() < bottom && !over_bar(w);
    let mut prefix: Vec<usize> = members.iter().copied().filter(|&i| level(&words[i]) && words[i].bbox.cx() < bar.x0).collect();
    let mut suffix: Vec<usize> = members.iter().copied().filter(|&i| level(&words[i]) && words[i].bbox.cx() > bar.x1).collect();
    prefix.sort_by(|&a, &b| words[a].bbox.x0.total_cmp(&words[b].bbox.x0));
    suffix.sort_by(|&a, &b| words[a].bbox.x0.total_cmp(&words[b].bbox.x0));
    used.extend(&prefix);
    used.extend(&suffix);
    let ocr = num.iter().chain(den.iter()).flat_map(|l| l.words.iter()).any(|&i| words[i].conf.is_some());
    let text_of = |lines: &[Line]| {
        let t = lines.iter().map(|l| l.text(words)).collect::<Vec<_>>().join(" ");
        if ocr {
            repair_ocr_sum(&t)
        } else {
            t
        }
    };
    let words_text = |ix: &[usize]| {
        let t = ix.iter().map(|&i| words[i].text.as_str()).collect::<Vec<_>>().join(" ");
        if ocr {
            repair_ocr_factor(&t)
        } else {
            t
        }
    };
    let mut text = String::new();
    for part in [words_text(&prefix), format!("{} / {}", text_of(&num), text_of(&den)), words_text(&suffix)] {
        if !part.is_empty() {
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(&part);
        }
    }
    Some((bar.cy(), text, used))
}

/// Tesseract has no Σ in its Indonesian model: a fraction term that opens with
/// a lone (or glued) `= > £ Z 2 © T E S` before "jumlah" was a Σ.
fn repair_ocr_sum(term: &str) -> String {
    const SIGMA_READINGS: &[&str] = &["=", ">", "£", "Z", "2", "©", "T", "E", "S", "7", "<", "X", "%", "€", "¥", "\"", "“", "”", "\"“"];
    let mut parts: Vec<&str> = term.splitn(2, ' ').collect();
    let first = parts[0];
    if SIGMA_READINGS.contains(&first) && parts.len() == 2 {
        parts[0] = "Σ";
        return parts.join(" ");
    }
    // Glued: "Sjumlah", "Tjumlah", "Ejumlahyang".
    let trimmed = first.trim_start_matches(['"', '“', '”']);
    for reading in SIGMA_READINGS {
        if let Some(rest) = trimmed.strip_prefix(reading) {
            if rest.to_lowercase().starts_with("jumlah") {
                return format!("Σ {rest}{}", parts.get(1).map(|p| format!(" {p}")).unwrap_or_default());
            }
        }
    }
    term.to_string()
}

/// `x 10096` beside a fraction is `× 100%` as Tesseract reads it.
fn repair_ocr_factor(text: &str) -> String {
    text.split(' ')
        .map(|t| match t {
            "x" | "X" | "*" | "”" | "“" | "\"" => "×",
            "10096" | "1009%" | "100°" | "100%." | "1006" | "100" => "100%",
            other => other,
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The lines nearest the bar on one side, stopping at a gap wider than a line.
fn adjacent_lines(words: &[Word], ix: &[usize], bar: &Rect, above: bool) -> Vec<Line> {
    let mut lines = build_lines(words, ix);
    if above {
        lines.reverse();
    }
    let mut out: Vec<Line> = Vec::new();
    let mut edge = if above { bar.y0 } else { bar.y1 };
    for line in lines {
        let gap = if above { edge - line.bbox.y1 } else { line.bbox.y0 - edge };
        if gap > line.bbox.height() * 0.9 {
            break;
        }
        edge = if above { line.bbox.y0 } else { line.bbox.y1 };
        out.push(line);
    }
    if above {
        out.reverse();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_items_in_a_cell_stay_apart() {
        let lines = ["f(x) = Σ Dokumen meliputi:", "1. Dokumen SOP", "2. Dokumen", "SPP"].map(String::from);
        assert_eq!(join_lines(lines.into_iter()), "f(x) = Σ Dokumen meliputi: 1. Dokumen SOP; 2. Dokumen SPP");
    }

    #[test]
    fn ocr_readings_of_sigma_and_times_are_repaired() {
        assert_eq!(repair_ocr_sum("= jumlah yang disusun"), "Σ jumlah yang disusun");
        assert_eq!(repair_ocr_sum("Sjumlah dalam satu tahun"), "Σ jumlah dalam satu tahun");
        assert_eq!(repair_ocr_sum("Pegawai yang hadir"), "Pegawai yang hadir");
        assert_eq!(repair_ocr_factor("x 10096"), "× 100%");
    }

    #[test]
    fn a_word_broken_off_in_a_narrow_column_is_mended() {
        let joined = join_lines(["Subag. Umum,", "Kepegawaia", "n, Keuangan, dan", "Aset"].into_iter().map(String::from));
        assert_eq!(joined, "Subag. Umum, Kepegawaian, Keuangan, dan Aset");
        // A letter marker and the times sign stay words of their own.
        assert_eq!(join_lines(["Dokumen", "a. SOP"].into_iter().map(String::from)), "Dokumen; a. SOP");
        assert_eq!(join_lines(["Σ dokumen", "x 100%"].into_iter().map(String::from)), "Σ dokumen x 100%");
    }

    #[test]
    fn a_marker_typed_into_a_numbered_list_is_written_once() {
        let joined = join_lines(["meliputi:", "1. 1. Dokumen SOP;", "2. 2. Dokumen SPP"].into_iter().map(String::from));
        assert_eq!(joined, "meliputi: 1. Dokumen SOP; 2. Dokumen SPP");
        assert_eq!(join_lines(["1. 11. Dokumen SAKIP"].into_iter().map(String::from)), "1. 11. Dokumen SAKIP");
    }

    #[test]
    fn list_markers() {
        assert!(starts_list_item("a. Menyusun"));
        assert!(starts_list_item("12. Evaluasi"));
        assert!(starts_list_item("- Mengkoordinasikan"));
        assert!(!starts_list_item("Σ jumlah"));
        assert!(!starts_list_item("2022 tahun"));
        assert!(starts_list_item("'# Melaksanakan koordinasi"), "an OCR-read ❖");
        assert!(starts_list_item("« Menyusun program"));
        assert!(!starts_list_item("= jumlah yang disusun"));
        // OCR readings of letter markers (kanigaran scan: "Cc. pelaksanaan pembinaan ...").
        assert!(starts_list_item("Cc. pelaksanaan pembinaan"));
        assert!(starts_list_item("|. Menyiapkan laporan"));
        assert!(!starts_list_item("Cx. pelaksanaan"));
        assert!(!starts_list_item("CAMAT KANIGARAN"));
        assert!(!starts_list_item("Dr. Hadi"));

        assert!(!starts_list_item("Σ jumlah"));
    }
}
