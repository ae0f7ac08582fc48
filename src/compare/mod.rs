//! `iki compare`'s logic, pure: lists in, groupings and changes out; reading the
//! dataset and writing files is `cmd::compare`'s.
//!
//! ```text
//! wording   indicators worded (almost) the same           -> group_id
//! measure   indicators counting the same thing, any words -> measure_id
//! themes    what an indicator is about (taxonomy file)     -> theme
//! decrees   which records are one decree, a kecamatan's decrees in time
//! changes   blocks and rows of two decrees aligned         -> changes.csv
//! page      compare.html for analysts (templates)
//! ```

pub(crate) mod changes;
pub(crate) mod decrees;
pub(crate) mod measure;
pub(crate) mod page;
pub mod themes;
pub mod wording;

/// Items two sorted, distinct lists share.
pub(crate) fn sorted_common<T: Ord>(a: &[T], b: &[T]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// Lowercase alphanumeric words (`GU/LS` -> `gu`, `ls`).
pub(crate) fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}

/// `prefix` + 12 hex digits of the SHA-256 of `key`: the same key gives the
/// same id in every run and every dataset.
pub(crate) fn stable_id(prefix: char, key: &str) -> String {
    use sha2::{Digest, Sha256};
    let h = Sha256::digest(key.as_bytes());
    let hex: String = h.iter().take(6).map(|b| format!("{b:02x}")).collect();
    format!("{prefix}{hex}")
}

/// The label of a group of items: its most frequent text by weight (ties:
/// the smallest).
pub(crate) fn label_of<'a>(members: &[usize], text: impl Fn(usize) -> &'a str, weights: &[usize]) -> String {
    let mut counts: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for &i in members {
        *counts.entry(text(i)).or_default() += weights[i];
    }
    counts.iter().max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0))).map(|(t, _)| t.to_string()).unwrap_or_default()
}

/// For each of `n` items, the index of the group holding it.
pub(crate) fn member_index<'a>(n: usize, groups: impl Iterator<Item = &'a [usize]>) -> Vec<Option<usize>> {
    let mut of = vec![None; n];
    for (g, members) in groups.enumerate() {
        for &i in members {
            of[i] = Some(g);
        }
    }
    of
}
