//! What the report counts over the records (`Summary`: each document's
//! `Counts` and the normalisations), kept while the records themselves are
//! slimmed (`slim`) so a national dataset's report holds counts, not texts.

use std::collections::{BTreeMap, BTreeSet};

use super::checks::Finding;
use crate::record::{Block, DocumentRecord};

/// What the page needs of a document's blocks and rows: counts, kept while
/// the records themselves are slimmed (`slim`), so that a large dataset's
/// report holds counts, not texts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Counts {
    pub blocks: usize,
    pub rows: usize,
    pub no_indicators: usize,
    pub no_tugas: usize,
    pub no_fungsi: usize,
    pub no_sasaran: usize,
    pub no_indikator: usize,
    pub no_formula: usize,
    pub no_sumber_data: usize,
}

impl Counts {
    pub(crate) fn of(d: &DocumentRecord) -> Counts {
        let none = |v: &Option<String>| v.as_deref().is_none_or(|s| s.trim().is_empty());
        let rows = || d.blocks.iter().flat_map(|b| &b.indicators);
        Counts {
            blocks: d.blocks.len(),
            rows: rows().count(),
            no_indicators: d.blocks.iter().filter(|b| b.indicators.is_empty()).count(),
            no_tugas: d.blocks.iter().filter(|b| b.tugas.is_empty()).count(),
            no_fungsi: d.blocks.iter().filter(|b| b.fungsi.is_empty()).count(),
            no_sasaran: rows().filter(|r| none(&r.sasaran)).count(),
            no_indikator: rows().filter(|r| none(&r.indikator)).count(),
            no_formula: rows().filter(|r| none(&r.formula)).count(),
            no_sumber_data: rows().filter(|r| none(&r.sumber_data)).count(),
        }
    }
}

/// The normalisations of the dataset, counted: (count, documents) per rule,
/// and (count, documents, an example) per (rule, from, to).
#[derive(Debug, Default)]
pub(crate) struct NormCounts {
    pub(crate) by_rule: BTreeMap<String, (usize, usize)>,
    pub(crate) by_change: BTreeMap<(String, String, String), (usize, usize, String)>,
}

impl NormCounts {
    /// Adds the counts of records that follow this one's (an example stays
    /// the first record's).
    fn append(&mut self, other: NormCounts) {
        for (rule, (n, docs)) in other.by_rule {
            let e = self.by_rule.entry(rule).or_default();
            e.0 += n;
            e.1 += docs;
        }
        for (change, (n, docs, example)) in other.by_change {
            let e = self.by_change.entry(change).or_insert((0, 0, example));
            e.0 += n;
            e.1 += docs;
        }
    }

    fn add(&mut self, d: &DocumentRecord) {
        let mut rules: BTreeSet<&str> = BTreeSet::new();
        let mut changes: BTreeSet<(&str, &str, &str)> = BTreeSet::new();
        for n in &d.normalizations {
            self.by_rule.entry(n.rule.clone()).or_default().0 += 1;
            let c = self
                .by_change
                .entry((n.rule.clone(), n.from.clone(), n.to.clone()))
                .or_insert_with(|| (0, 0, format!("{} ({})", d.source.file_name, n.path)));
            c.0 += 1;
            if rules.insert(&n.rule) {
                self.by_rule.get_mut(&n.rule).expect("just counted").1 += 1;
            }
            if changes.insert((&n.rule, &n.from, &n.to)) {
                c.1 += 1;
            }
        }
    }
}

/// What the page reads of the records beyond their slim form, in the
/// records' order: their counts and the normalisations.
#[derive(Debug, Default)]
pub(crate) struct Summary {
    pub counts: Vec<Counts>,
    pub norms: NormCounts,
}

impl Summary {
    /// Adds a record (call in the order of the records given to `render`).
    pub(crate) fn add(&mut self, d: &DocumentRecord) {
        self.counts.push(Counts::of(d));
        self.norms.add(d);
    }

    /// Adds the records that `other` counted (they follow this one's).
    pub(crate) fn append(&mut self, other: Summary) {
        self.counts.extend(other.counts);
        self.norms.append(other.norms);
    }

    pub(crate) fn of(docs: &[DocumentRecord]) -> Summary {
        let mut s = Summary::default();
        for d in docs {
            s.add(d);
        }
        s
    }
}

/// Drops what the page does not read of a record once it is in a `Summary`
/// and checked (`findings`: its findings): rows, list texts, normalisations,
/// page sources, and the blocks after the last one a finding names; a block
/// kept keeps only its jabatan, which findings name. At 100,000 documents the
/// blocks alone (~1.9 million, ~360 bytes each even when emptied) would hold
/// ~0.7 GB.
pub(crate) fn slim(d: &mut DocumentRecord, findings: &[Finding]) {
    d.normalizations = Vec::new();
    // Photo pages stay: the OCR section says how they were flattened (few).
    d.extraction.page_sources.retain(|s| s.photo.is_some());
    let named = findings.iter().filter(|f| f.doc_id == d.doc_id).filter_map(|f| f.block).max().map_or(0, |b| b + 1);
    d.blocks.truncate(named);
    for b in &mut d.blocks {
        *b = Block { jabatan: std::mem::take(&mut b.jabatan), ..Block::default() };
    }
    d.blocks.shrink_to_fit();
}
