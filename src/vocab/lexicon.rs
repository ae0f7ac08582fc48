//! The spelling lexicon: reviewed corrections (`data/lexicon.tsv`), the domain
//! vocabulary (`data/vocabulary.txt`) and the abbreviations never corrected
//! (`data/abbreviations.txt`). Normalize spells with them, OCR judges a text
//! layer's words by them, compare keys indicators by them.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

const LEXICON_TSV: &str = include_str!("../../data/lexicon.tsv");
const VOCABULARY_TXT: &str = include_str!("../../data/vocabulary.txt");
const ABBREVIATIONS_TXT: &str = include_str!("../../data/abbreviations.txt");

fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines().map(str::trim).filter(|l| !l.starts_with('#') && !l.is_empty())
}

/// variant (lowercase) -> (canonical, rule).
pub(crate) static LEXICON: LazyLock<HashMap<String, (String, String)>> = LazyLock::new(|| {
    lines(LEXICON_TSV)
        .filter_map(|l| {
            let mut parts = l.split('\t');
            let (v, c, r) = (parts.next()?, parts.next()?, parts.next()?);
            Some((v.trim().to_lowercase(), (c.trim().to_string(), r.trim().to_string())))
        })
        .collect()
});

/// The valid words (lowercase), lexicon variants left out.
pub static VOCABULARY: LazyLock<HashSet<String>> =
    LazyLock::new(|| lines(VOCABULARY_TXT).map(str::to_lowercase).filter(|w| !LEXICON.contains_key(w)).collect());

/// Abbreviations (lowercase): words the fuzzy rule never touches.
pub(crate) static ABBREVIATIONS: LazyLock<HashSet<String>> = LazyLock::new(|| lines(ABBREVIATIONS_TXT).map(str::to_lowercase).collect());
