//! Tugas / fungsi lists: numbered, lettered, bulleted or running text -> items.

use crate::layout::text::{starts_list_item, symbol_bullet};
use crate::vocab::fold;

/// Splits a field's lines into items. A line that opens with a list marker
/// starts an item (the marker is dropped), and so does a line the layout
/// shows opening a paragraph (`paragraph_starts[i]`, see
/// `layout::paragraphs`: a list whose markers the OCR layer lost); any other
/// line continues the current item, and text before the first marker is an
/// item of its own (an introduction such as "... sebagai berikut :").
pub(crate) fn split_items(lines: &[&str], paragraph_starts: &[bool]) -> Vec<String> {
    let mut items: Vec<String> = Vec::new();
    let mut open = false;
    // A list bulleted with symbols (❖, read by OCR as "#", "*@" ...): there an
    // "8" or "#8" before a capitalised word is one more reading of the symbol.
    let symbol_list = lines.iter().filter(|l| symbol_bullet(l.trim()).is_some()).count() >= 2;
    // A list lettered a., b., ...: there "C. Membagi" is OCR's reading of "c."
    // (c, o, s, v, w, x, z have capitals of the same shape).
    let lettered = lines
        .iter()
        .filter(|l| l.trim_start().chars().next().is_some_and(|c| c.is_ascii_lowercase()) && starts_list_item(l.trim()))
        .count()
        >= 2;
    for (k, raw) in lines.iter().enumerate() {
        let line = without_stray_lead(raw.trim());
        if line.is_empty() || is_stray_punctuation(line) {
            continue;
        }
        if let Some(rest) = ocr_symbol_eight(line).filter(|_| symbol_list).or_else(|| ocr_letter_marker(line).filter(|_| lettered)) {
            items.push(rest.to_string());
            open = true;
        } else if starts_list_item(line) {
            items.push(strip_marker(line).to_string());
            open = true;
        } else if paragraph_starts.get(k).copied().unwrap_or(false) && !items.is_empty() {
            items.push(line.to_string());
        } else if let (true, Some(last)) = (open || !items.is_empty(), items.last_mut()) {
            last.push(' ');
            last.push_str(line);
        } else {
            items.push(line.to_string());
            open = true;
        }
    }
    items.into_iter().map(|i| fold(&i)).filter(|i| !i.is_empty()).collect()
}

/// "8 Membantu ..." / "#8 Membantu ...": the text after the marker.
fn ocr_symbol_eight(line: &str) -> Option<&str> {
    let (token, rest) = line.split_once(' ')?;
    let rest = rest.trim_start();
    (matches!(token, "8" | "#8") && rest.chars().next().is_some_and(char::is_uppercase)).then_some(rest)
}

/// OCR's readings of a letter marker in a lettered list: "C. Membagi" (c, o,
/// s, v, w, x, z have capitals of the same shape), "j- menyusun", "j-. Pelaksanaan",
/// "Il Menyusun" (l.). Returns the text after the marker.
fn ocr_letter_marker(line: &str) -> Option<&str> {
    let (token, rest) = line.split_once(' ')?;
    let rest = rest.trim_start();
    let mut chars = token.chars();
    let first = chars.next()?;
    let tail = chars.as_str();
    let capital =
        matches!(first, 'C' | 'O' | 'S' | 'V' | 'W' | 'X' | 'Z') && tail == "." && rest.chars().next().is_some_and(char::is_uppercase);
    let smudged = (first.is_ascii_alphabetic() || first == '|')
        && (1..=2).contains(&tail.len())
        && tail.chars().all(|c| matches!(c, '-' | '.' | ',' | ')' | '|' | 'l' | 'I'))
        && tail.contains(['-', '|', 'l', 'I']);
    (capital || smudged).then_some(rest).filter(|r| !r.is_empty())
}

/// A list line led by the stray dot of a number broken over two lines
/// ("3 Fungsi : - A;" then ". - B;"): the line without it.
fn without_stray_lead(line: &str) -> &str {
    if !line.starts_with(['.', ',']) {
        return line;
    }
    let rest = line.trim_start_matches(['.', ',']).trim_start();
    if starts_list_item(rest) {
        rest
    } else {
        line
    }
}

/// A line holding only a stray dot or dash (a broken numbering like "1\n.").
fn is_stray_punctuation(line: &str) -> bool {
    line.chars().all(|c| c.is_ascii_punctuation() || c.is_whitespace())
}

/// Drops the leading list marker ("a.", "12.", "-", "❖") and its spaces.
pub(crate) fn strip_marker(line: &str) -> &str {
    let line = line.trim_start();
    if let Some(token) = crate::layout::text::symbol_bullet(line) {
        return line[token.len()..].trim_start();
    }
    let mut chars = line.char_indices();
    match chars.next() {
        Some((_, c)) if c.is_ascii_alphanumeric() => {
            let end = line.find(['.', ')']).map(|p| p + 1).unwrap_or(0);
            line[end..].trim_start()
        }
        Some((_, c)) => line[c.len_utf8()..].trim_start_matches(['.', ')']).trim_start(),
        None => line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    /// Splits lines that carry no geometry (no paragraph starts).
    fn split(lines: &[&str]) -> Vec<String> {
        split_items(lines, &[])
    }

    #[test]
    fn intro_then_bullets_with_continuations() {
        let items = split(&[
            "Membantu Camat pada Kegiatan Fasilitasi sebagai",
            "berikut :",
            "❖ Menyiapkan bahan perumusan kebijakan,",
            "pelaksanaan urusan pemerintahan;",
            "❖ Melaksanakan tugas lain.",
        ]);
        assert_eq!(
            items,
            s(&[
                "Membantu Camat pada Kegiatan Fasilitasi sebagai berikut :",
                "Menyiapkan bahan perumusan kebijakan, pelaksanaan urusan pemerintahan;",
                "Melaksanakan tugas lain."
            ])
        );
    }

    #[test]
    fn a_dot_left_over_from_a_broken_number_does_not_hide_a_bullet() {
        // LibreOffice export of kromengan: "3." of "3. Fungsi" broken over two lines.
        let items = split(&[
            "- Perencanaan kegiatan kesekretariatan;",
            ". - Pengelolaan urusan administrasi kepegawaian,",
            "pelatihan pegawai;",
            "- Pengelolaan urusan rumah tangga;",
        ]);
        assert_eq!(
            items,
            [
                "Perencanaan kegiatan kesekretariatan;",
                "Pengelolaan urusan administrasi kepegawaian, pelatihan pegawai;",
                "Pengelolaan urusan rumah tangga;"
            ]
        );
        // A dot before ordinary text stays.
        assert_eq!(split(&["- A;", ". lanjutan"]), ["A; . lanjutan"]);
    }

    #[test]
    fn ocr_readings_of_letter_markers_start_items() {
        let items = split(&["b. pengelolaan administrasi,", "Cc. pelaksanaan pembinaan pola,", "Kecamatan,", "|. menyiapkan laporan"]);
        assert_eq!(items, ["pengelolaan administrasi,", "pelaksanaan pembinaan pola, Kecamatan,", "menyiapkan laporan"]);
    }

    #[test]
    fn in_a_symbol_list_an_ocr_eight_is_a_bullet() {
        let lines = [
            "# Membantu Menyiapkan bahan,",
            "#8 Membantu Menyusun program,",
            "8 Membantu Melaksanakan penghimpunan,",
            "# Melaksanakan tugas lain",
        ];
        assert_eq!(
            split(&lines),
            ["Membantu Menyiapkan bahan,", "Membantu Menyusun program,", "Membantu Melaksanakan penghimpunan,", "Melaksanakan tugas lain"]
        );
        // Elsewhere a line starting with 8 goes on with the item before it.
        assert_eq!(split(&["a. menyusun laporan untuk", "8 Desa"]), ["menyusun laporan untuk 8 Desa"]);
    }

    #[test]
    fn in_a_lettered_list_a_same_shape_capital_is_a_letter_marker() {
        let lines = ["a. Menyiapkan bahan,", "b. Menyusun rencana,", "C. Membagi tugas,", "pelaksanaan tugas,", "d. Menyusun laporan"];
        assert_eq!(split(&lines), ["Menyiapkan bahan,", "Menyusun rencana,", "Membagi tugas, pelaksanaan tugas,", "Menyusun laporan"]);
        let lines = [
            "a. menyusun rencana,",
            "i. melaksanakan pemantauan,",
            "j- menyusun laporan,",
            "j-. Pelaksanaan penyelesaian,",
            "Il Menyusun laporan",
        ];
        assert_eq!(split(&lines).len(), 5);
        // Outside a lettered list a line such as "S. Sos" goes on with the item.
        assert_eq!(split(&["- Drs. HADI", "S. Sos"]), ["Drs. HADI S. Sos"]);
    }

    #[test]
    fn lettered_items_and_an_unmarked_tail() {
        let items = split(&["a. pengoordinasian program;", "i. pelaksanaan monitoring; dan", "pelaksanaan fungsi dinas lain.", "."]);
        assert_eq!(items, s(&["pengoordinasian program;", "pelaksanaan monitoring; dan pelaksanaan fungsi dinas lain."]));
    }

    #[test]
    fn a_line_opening_a_paragraph_starts_an_item_where_the_markers_were_lost() {
        // A searchable scan's OCR layer: the ❖ bullets gone, ";" read as ",".
        let lines = [
            "Membantu Camat dalam menyiapkan bahan perumusan kebijakan,",
            "perencanaan, pelaksanaan, evaluasi dan pelaporan urusan",
            "pemerintahan,",
            "Menyusun program dan melakukan pembinaan penyelenggaraan",
            "Kelurahan dan administrasi keuangan Desa,",
            "Membantu menyusun program dan pembinaan bidang pertanahan,",
            "dan",
            "Melaksanakan tugas lain.",
        ];
        let starts = [false, false, false, true, false, true, false, true];
        assert_eq!(
            split_items(&lines, &starts),
            [
                "Membantu Camat dalam menyiapkan bahan perumusan kebijakan, perencanaan, pelaksanaan, evaluasi dan pelaporan urusan pemerintahan,",
                "Menyusun program dan melakukan pembinaan penyelenggaraan Kelurahan dan administrasi keuangan Desa,",
                "Membantu menyusun program dan pembinaan bidang pertanahan, dan",
                "Melaksanakan tugas lain."
            ]
        );
        // Markers still start items, and the paragraph start of a marked line adds nothing.
        assert_eq!(split_items(&["- A,", "lanjutan", "- B"], &[false, true, true]), ["A,", "lanjutan", "B"]);
        assert_eq!(split_items(&["- A,", "lanjutan", "- B"], &[]), ["A, lanjutan", "B"]);
    }
}
