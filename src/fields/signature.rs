//! The signature under a block's table, where a decree names the position only
//! there: a place and date line, the position (one or two lines), the name,
//! the rank and the NIP.
//!
//! ```text
//! Tekung, 2 Januari 2023
//! KEPALA SEKSI PEMERINTAHAN
//! BUDI SANTOSO, S.Sos
//! Penata Tingkat I
//! NIP. 19700101 199003 1 001
//! ```

use std::sync::LazyLock;

use regex::Regex;

use crate::vocab::fold;

static NIP: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)^\s*nip\.?\s*[:.]?\s*\d").unwrap());
/// Civil-service ranks written between the name and the NIP.
static RANK: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)^\s*(pembina|penata|pengatur|juru)\b").unwrap());
/// Lines that end the position upwards: a place and date, the signing formula.
static ABOVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(\d{4}\s*$|ditetapkan|pada\s+tanggal|mengetahui|menyetujui|^\s*yang\s+(membuat|menetapkan))").unwrap()
});

/// The position named by the signature among `lines` (the lines after a
/// table, top to bottom), if there is one.
pub(crate) fn position(lines: &[&str]) -> Option<String> {
    let nip = lines.iter().position(|l| NIP.is_match(l))?;
    let mut k = nip;
    while k > 0 && RANK.is_match(lines[k - 1]) {
        k -= 1;
    }
    // lines[k - 1] is the name; the position is above it.
    let name_at = k.checked_sub(1)?;
    let mut top = name_at;
    while top > 0 && name_at - top < 3 && !ABOVE.is_match(lines[top - 1]) {
        top -= 1;
    }
    let position = fold(&lines[top..name_at].join(" "));
    let position = position.trim_end_matches([',', ':']).trim().to_string();
    (!position.is_empty() && position.split_whitespace().count() <= 12).then_some(position)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn position_above_the_name() {
        let lines = [
            "Tekung, 2 Januari 2023",
            "KEPALA SEKSI PEMERINTAHAN",
            "BUDI SANTOSO, S.Sos",
            "Penata Tingkat I",
            "NIP. 19700101 199003 1 001",
        ];
        assert_eq!(position(&lines).as_deref(), Some("KEPALA SEKSI PEMERINTAHAN"));
        let lines = ["Mengetahui,", "Camat Tekung", "Drs. HADI", "NIP 1970"];
        assert_eq!(position(&lines).as_deref(), Some("Camat Tekung"));
        assert_eq!(position(&["Catatan: target tahunan"]), None);
    }
}
