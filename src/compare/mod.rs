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

pub mod changes;
pub mod decrees;
pub mod measure;
pub mod page;
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
