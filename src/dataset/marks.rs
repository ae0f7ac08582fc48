//! What the CSV views show of hand corrections: the `corrected` column (the
//! fields corrected in each row) and the extracted number of each row kept
//! when rows were deleted. The corrections stage (`crate::corrections`) fills
//! it; the views only read it, so storage imports no stage.

use std::collections::HashMap;

/// Which CSV view a row belongs to (for the `corrected` column).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum View {
    Documents,
    Blocks,
    Indicators,
}

/// (doc_id, block, row) of a correction: block-level fields under row `None`,
/// metadata under block `None`.
type Place = (String, Option<usize>, Option<usize>);

/// The corrections as the views show them; empty without a `corrections.csv`.
#[derive(Debug, Default)]
pub struct Marks {
    /// Fields corrected, by (doc_id, block, row); block-level fields under row
    /// `None`, metadata under block `None`. Fields in file-column order.
    marks: HashMap<Place, Vec<&'static str>>,
    /// For a block that lost rows: the extracted row number of each kept row.
    kept: HashMap<(String, usize), Vec<usize>>,
}

impl Marks {
    /// Notes that `field` of (doc_id, block, row) was corrected.
    pub(crate) fn mark(&mut self, doc_id: &str, block: Option<usize>, row: Option<usize>, field: &'static str) {
        let m = self.marks.entry((doc_id.to_string(), block, row)).or_default();
        if !m.contains(&field) {
            m.push(field);
        }
    }

    /// Notes the extracted row numbers of the rows a block kept.
    pub(crate) fn keep(&mut self, doc_id: &str, block: usize, kept: Vec<usize>) {
        self.kept.insert((doc_id.to_string(), block), kept);
    }

    /// The extracted row number of the `i`-th row the corrected block holds
    /// (rows after a deleted one keep their numbers).
    pub(crate) fn row_of(&self, doc_id: &str, block: usize, i: usize) -> usize {
        self.kept.get(&(doc_id.to_string(), block)).and_then(|k| k.get(i).copied()).unwrap_or(i)
    }

    /// The `corrected` column of a view's row: the corrected fields shown in
    /// that row (the document's, the block's, the indicator row's), `;`-joined.
    pub(crate) fn corrected(&self, view: View, doc_id: &str, block: Option<usize>, row: Option<usize>) -> String {
        let shown = |f: &str| match view {
            View::Documents => true,
            View::Blocks => !matches!(f, "nomor_sk" | "tanggal_ditetapkan" | "camat"),
            View::Indicators => !matches!(f, "nomor_sk" | "tanggal_ditetapkan" | "camat" | "eselon"),
        };
        let mut keys = vec![(doc_id.to_string(), None, None)];
        if let Some(b) = block.filter(|_| view != View::Documents) {
            keys.push((doc_id.to_string(), Some(b), None));
            if let Some(r) = row.filter(|_| view == View::Indicators) {
                keys.push((doc_id.to_string(), Some(b), Some(r)));
            }
        }
        let fields: Vec<&str> = keys.iter().filter_map(|k| self.marks.get(k)).flatten().copied().filter(|f| shown(f)).collect();
        fields.join(";")
    }
}
