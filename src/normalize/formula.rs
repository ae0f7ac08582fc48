//! Formula kinds and the two sides of a ratio.

/// ratio_percent | count | index | other, from the (normalized) formula text.
pub(crate) fn formula_kind(formula: Option<&str>) -> &'static str {
    let Some(f) = formula else { return "other" };
    let l = f.to_lowercase();
    let ratio = split_ratio(f).is_some() || l.contains('÷') || l.contains(" dibagi ") || l.contains(" : jumlah");
    let percent = l.contains('%') || l.contains("100");
    let sum = f.contains('Σ');
    let arithmetic = [" - ", " – ", " + "].iter().any(|op| l.contains(op));
    let definition = l.starts_with("f(x)") || l.starts_with("σ fx") || l.starts_with("fx");
    if ratio && percent {
        "ratio_percent"
    } else if l.contains("indeks") || l.contains("index") {
        "index"
    } else if !ratio && !arithmetic && (sum || l.starts_with("jumlah") || l.contains("jumlah") || definition) {
        "count"
    } else {
        "other"
    }
}

/// Splits a ratio at its fraction bar (the first ` / ` outside parentheses):
/// returns (numerator, denominator) with `f(x) =`, a lone leading `Σ` and a
/// trailing `× 100%` left out. None when there is no such bar.
pub(crate) fn split_ratio(formula: &str) -> Option<(String, String)> {
    let mut depth = 0i32;
    let mut bar = None;
    for (i, c) in formula.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            '/' if depth <= 0 && formula[..i].ends_with(' ') && formula[i + 1..].starts_with(' ') => {
                bar = Some(i);
                break;
            }
            _ => {}
        }
    }
    let i = bar?;
    let num = clean_term(&formula[..i]);
    let mut den = formula[i + 1..].trim().to_string();
    for tail in ["× 100%", "x 100%", "X 100%", "* 100%", "×100%", "x100%", "× 100 %", "x 100 %", "100%"] {
        if let Some(p) = den.rfind(tail) {
            den.truncate(p);
            break;
        }
    }
    let den = clean_term(&den);
    (!num.is_empty() && !den.is_empty()).then_some((num, den))
}

fn clean_term(s: &str) -> String {
    let mut t = s.trim();
    for p in ["f(x) =", "F(x) =", "f(x)=", "fx =", "Σ fx ="] {
        if let Some(r) = t.strip_prefix(p) {
            t = r.trim_start();
        }
    }
    t = t.trim_end_matches([' ', '×', '*']).trim();
    if t.matches('Σ').count() == 1 {
        if let Some(r) = t.strip_prefix('Σ') {
            t = r.trim_start();
        }
    }
    t.trim_end_matches([' ', ',', ';', ':']).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_kinds() {
        assert_eq!(formula_kind(Some("Σ jumlah yang disusun / Σ jumlah dalam satu tahun × 100%")), "ratio_percent");
        assert_eq!(formula_kind(Some("Jumlah laporan kependudukan yang tersusun.")), "count");
        assert_eq!(formula_kind(Some("Nilai indeks kepuasan masyarakat")), "index");
        assert_eq!(formula_kind(Some("f(x) = Σ Kegiatan Administrasi")), "count");
        assert_eq!(formula_kind(Some("f(x) = Penerimaan Barang – pengeluaran barang")), "other");
        assert_eq!(formula_kind(None), "other");
    }

    #[test]
    fn ratio_sides() {
        let s = split_ratio;
        assert_eq!(
            s("Σ jumlah yang disusun / Σ jumlah dalam satu tahun × 100%"),
            Some(("jumlah yang disusun".into(), "jumlah dalam satu tahun".into()))
        );
        assert_eq!(
            s("Σ Pegawai × (Σ hari kerja efektif - Σ Pegawai yang tidak hadir) / Σ Hari kerja × Σ Pegawai × 100%"),
            Some(("Σ Pegawai × (Σ hari kerja efektif - Σ Pegawai yang tidak hadir)".into(), "Σ Hari kerja × Σ Pegawai".into()))
        );
        assert_eq!(s("Jumlah SPP GU/LS yang disusun"), None);
    }
}
