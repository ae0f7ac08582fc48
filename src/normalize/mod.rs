//! Normalisation beside the source words: spelling (`spelling`: reviewed
//! lexicon, fuzzy correction against a domain vocabulary, OCR confusions in
//! formulas), jabatan names and canonical roles (`roles`), formula kinds and
//! ratio sides (`formula`). Raw fields are never changed; every correction is
//! listed in `normalizations` with its rule (`lexicon`, `fuzzy`, `ocr`).

pub(crate) mod formula;
pub(crate) mod roles;
pub(crate) mod spelling;

pub(crate) use formula::{formula_kind, split_ratio};
pub(crate) use roles::{normalize_jabatan, role_of};
pub(crate) use spelling::spell;

use crate::record::{DocumentRecord, Normalization, NormalizedFields};

/// Applies every normalisation to a record.
pub fn normalize_record(rec: &mut DocumentRecord) {
    let kecamatan = rec.metadata.kecamatan.clone();
    let mut log = Vec::new();
    for (bi, block) in rec.blocks.iter_mut().enumerate() {
        let (jabatan, changes) = spell(&normalize_jabatan(&block.jabatan, kecamatan.as_deref()));
        block.jabatan_normalized = jabatan;
        for (from, to, rule) in changes {
            log.push(Normalization { path: format!("blocks[{bi}].jabatan"), from, to, rule });
        }
        block.role = role_of(block).to_string();
        for (ri, row) in block.indicators.iter_mut().enumerate() {
            let mut fix = |field: &str, text: &Option<String>| {
                text.as_ref().map(|t| {
                    let (mut out, mut changes) = if field == "formula" { spelling::ocr_formula(t) } else { (t.clone(), Vec::new()) };
                    let (spelled, more) = spell(&out);
                    out = spelled;
                    changes.extend(more);
                    for (from, to, rule) in changes {
                        log.push(Normalization { path: format!("blocks[{bi}].indicators[{ri}].{field}"), from, to, rule });
                    }
                    out
                })
            };
            row.normalized = NormalizedFields {
                sasaran: fix("sasaran", &row.sasaran),
                indikator: fix("indikator", &row.indikator),
                formula: fix("formula", &row.formula),
                sumber_data: fix("sumber_data", &row.sumber_data),
            };
            let formula = row.normalized.formula.as_deref();
            row.formula_kind = formula_kind(formula).to_string();
            (row.numerator, row.denominator) = match formula.filter(|_| row.formula_kind == "ratio_percent").and_then(split_ratio) {
                Some((n, d)) => (Some(n), Some(d)),
                None => (None, None),
            };
        }
    }
    rec.normalizations = log;
}
