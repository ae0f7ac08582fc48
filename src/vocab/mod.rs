//! Shared words, at the bottom beside `record`: what the stages read decrees by.
//!
//! - [`headers`]: table-header words and the column each names;
//! - [`labels`]: field labels (`1. Jabatan :`) and block titles;
//! - [`lexicon`]: the spelling lexicon, the domain vocabulary, abbreviations;
//! - [`fold`]: whitespace folding, as every stage stores text.
//!
//! Layout, segment, fields, normalize, ocr and compare import it downwards; it
//! imports only `record` (for [`crate::record::Field`]).

pub(crate) mod headers;
pub(crate) mod labels;
pub mod lexicon;

/// Folds runs of whitespace (newlines included) to one space and trims.
pub(crate) fn fold(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
