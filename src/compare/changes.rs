//! What changed between two decrees of one kecamatan: blocks aligned by
//! jabatan, rows by what they measure.
//!
//! **Blocks.** Two blocks are alike by their jabatan (the words of the
//! normalised jabatan, `KASI` spelled out, shared over all) and by their rows
//! (share of the rows of the shorter block that find their like in the other,
//! see below); their likeness is the mean of the two, or the jabatan's alone
//! when a block has no rows. The blocks are aligned in document order (the
//! alignment with the largest total likeness that keeps both orders, pairs
//! below [`MIN_BLOCK`] left out); then the blocks that alignment left out on
//! both sides are paired by likeness in any order, best first, with the same
//! bar: a block moved up or down the lampiran meets its old self instead of
//! reading as dropped and added. An aligned pair whose jabatan is written
//! otherwise (case and spaces aside) is `jabatan_renamed`.
//!
//! **Rows** of aligned blocks are aligned the same way (in order, then the
//! moved ones), by likeness: 1 for the
//! same words, 0.9 for one wording group (qualifiers, the kecamatan's own
//! name, OCR slips aside), 0.8 for one measure, else `0.3 + j / 2` when the
//! share `j` of their object words in common is at least a half (so a row
//! reworded around the same object still meets its old self: `Jumlah Kegiatan
//! Musrenbang Kelurahan` / `Jumlah Pelaksanaan Musrenbang di Kelurahan`);
//! pairs below [`MIN_ROW`] are not aligned. An aligned pair is `unchanged` when the
//! indikator's words are the same (case and punctuation aside) and so are its
//! formula and data source, `edited` when the indikator is the same but the
//! formula or data source is not, `reworded` when the indikator's words differ.
//! A row left without a partner is `dropped` (in the base) or `added` (in the
//! revision); so are all rows of a block left without a partner.

/// Least likeness for two blocks to be aligned.
pub(crate) const MIN_BLOCK: f64 = 0.4;
/// Least likeness for two rows to be aligned.
pub(crate) const MIN_ROW: f64 = 0.5;

/// A row as the alignment sees it: its texts as hashes of their words
/// ([`words_hash`]: case and punctuation aside), so that a national dataset's
/// pairs compare numbers, not strings.
#[derive(Debug, Clone, Default)]
pub(crate) struct Row {
    /// The caller's handle on the row (`cmd::compare`: its occurrence).
    pub row: usize,
    pub indikator: u64,
    pub formula: u64,
    pub sumber_data: u64,
    pub wording: Option<u32>,
    pub measure: Option<u32>,
    /// The object words (`measure::object`), as ids, sorted.
    pub object: Vec<u32>,
}

/// A block as the alignment sees it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Block {
    /// [`words_hash`] of the jabatan as written.
    pub jabatan: u64,
    /// The words of the normalised jabatan, as ids, sorted, distinct.
    pub jabatan_words: Vec<u32>,
    pub rows: Vec<Row>,
}

/// A hash of a text's words, lowercase (case, punctuation and spacing aside).
pub(crate) fn words_hash(s: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for w in s.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        if w.chars().any(char::is_uppercase) {
            w.to_lowercase().hash(&mut h);
        } else {
            w.hash(&mut h);
        }
    }
    h.finish()
}

/// What happened to a row or block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Kind {
    Unchanged,
    Reworded,
    Edited,
    Dropped,
    Added,
    JabatanRenamed,
}

impl Kind {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Kind::Unchanged => "unchanged",
            Kind::Reworded => "reworded",
            Kind::Edited => "edited",
            Kind::Dropped => "dropped",
            Kind::Added => "added",
            Kind::JabatanRenamed => "jabatan_renamed",
        }
    }
}

/// One line of changes.csv: block indices into the two decrees' blocks, row
/// indices into those blocks' rows (not positions: see `Row::row`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Change {
    pub kind: Kind,
    pub base: Option<(usize, Option<usize>)>,
    pub revised: Option<(usize, Option<usize>)>,
}

/// Jaccard similarity of two sorted, distinct lists.
fn jaccard(a: &[u32], b: &[u32]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 0.0;
    }
    let common = super::sorted_common(a, b);
    common as f64 / (a.len() + b.len() - common) as f64
}

/// How alike two rows are (see the module docs).
pub(crate) fn row_likeness(a: &Row, b: &Row) -> f64 {
    if a.indikator == b.indikator {
        return 1.0;
    }
    if a.wording.is_some() && a.wording == b.wording {
        return 0.9;
    }
    if a.measure.is_some() && a.measure == b.measure {
        return 0.8;
    }
    let j = jaccard(&a.object, &b.object);
    if j >= 0.5 {
        0.3 + 0.5 * j
    } else {
        0.0
    }
}

fn block_likeness(a: &Block, b: &Block) -> f64 {
    let jab = jaccard(&a.jabatan_words, &b.jabatan_words);
    if a.rows.is_empty() || b.rows.is_empty() {
        return jab;
    }
    let (small, big) = if a.rows.len() <= b.rows.len() { (a, b) } else { (b, a) };
    let found = small.rows.iter().filter(|r| big.rows.iter().any(|o| row_likeness(r, o) >= 0.8)).count();
    (jab + found as f64 / small.rows.len() as f64) / 2.0
}

/// The order-keeping alignment of `n` x `m` items with the largest total
/// likeness, pairs below `min` left out.
fn align(sim: &[Vec<f64>], n: usize, m: usize, min: f64) -> Vec<(usize, usize)> {
    let mut best = vec![vec![0.0f64; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            let pair = if sim[i][j] >= min { sim[i][j] + best[i + 1][j + 1] } else { f64::MIN };
            best[i][j] = pair.max(best[i + 1][j]).max(best[i][j + 1]);
        }
    }
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < n && j < m {
        if sim[i][j] >= min && best[i][j] == sim[i][j] + best[i + 1][j + 1] {
            out.push((i, j));
            i += 1;
            j += 1;
        } else if best[i][j] == best[i + 1][j] {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}

/// One step of a walk through two aligned lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    /// Base item, revised item.
    Pair(usize, usize),
    Dropped(usize),
    Added(usize),
}

/// Aligns `n` base items with `m` revised ones: the order-keeping alignment
/// ([`align`]), then the items it left out on both sides paired by likeness
/// in any order, best first (an item moved up or down the list), with the
/// same least likeness `min`. Steps in revised order; a base item without a
/// partner comes where it stood (before the revised item whose in-order
/// partner follows it).
fn walk(n: usize, m: usize, min: f64, like: impl Fn(usize, usize) -> f64) -> Vec<Step> {
    let sim: Vec<Vec<f64>> = (0..n).map(|i| (0..m).map(|j| like(i, j)).collect()).collect();
    let chain = align(&sim, n, m, min);
    let (mut base_paired, mut partner) = (vec![false; n], vec![None; m]);
    for &(i, j) in &chain {
        base_paired[i] = true;
        partner[j] = Some(i);
    }
    let mut moved: Vec<(f64, usize, usize)> = (0..n)
        .filter(|&i| !base_paired[i])
        .flat_map(|i| (0..m).filter(|&j| partner[j].is_none()).map(move |j| (i, j)))
        .filter(|&(i, j)| sim[i][j] >= min)
        .map(|(i, j)| (sim[i][j], i, j))
        .collect();
    moved.sort_by(|a, b| b.0.total_cmp(&a.0).then((a.1, a.2).cmp(&(b.1, b.2))));
    let mut moved_to = vec![None; m];
    for (_, i, j) in moved {
        if !base_paired[i] && partner[j].is_none() {
            base_paired[i] = true;
            partner[j] = Some(i);
            moved_to[j] = Some(i);
        }
    }
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    for &(p, q) in chain.iter().chain(std::iter::once(&(n, m))) {
        while i < p {
            if !base_paired[i] {
                out.push(Step::Dropped(i));
            }
            i += 1;
        }
        while j < q {
            out.push(moved_to[j].map_or(Step::Added(j), |b| Step::Pair(b, j)));
            j += 1;
        }
        if p == n {
            break;
        }
        out.push(Step::Pair(p, q));
        i = p + 1;
        j = q + 1;
    }
    out
}

/// The changes from `base` to `revised`, in revised order, dropped lines
/// where their base row stood.
pub(crate) fn diff(base: &[Block], revised: &[Block]) -> Vec<Change> {
    let mut out = Vec::new();
    for step in walk(base.len(), revised.len(), MIN_BLOCK, |i, j| block_likeness(&base[i], &revised[j])) {
        let (b, r) = match step {
            Step::Dropped(b) => {
                out.extend((0..base[b].rows.len()).map(|k| Change { kind: Kind::Dropped, base: Some((b, Some(k))), revised: None }));
                continue;
            }
            Step::Added(r) => {
                out.extend((0..revised[r].rows.len()).map(|k| Change { kind: Kind::Added, base: None, revised: Some((r, Some(k))) }));
                continue;
            }
            Step::Pair(b, r) => (b, r),
        };
        let (x, y) = (&base[b], &revised[r]);
        if x.jabatan != y.jabatan {
            out.push(Change { kind: Kind::JabatanRenamed, base: Some((b, None)), revised: Some((r, None)) });
        }
        for step in walk(x.rows.len(), y.rows.len(), MIN_ROW, |i, j| row_likeness(&x.rows[i], &y.rows[j])) {
            out.push(match step {
                Step::Dropped(p) => Change { kind: Kind::Dropped, base: Some((b, Some(p))), revised: None },
                Step::Added(q) => Change { kind: Kind::Added, base: None, revised: Some((r, Some(q))) },
                Step::Pair(p, q) => {
                    let (u, v) = (&x.rows[p], &y.rows[q]);
                    let kind = if u.indikator != v.indikator {
                        Kind::Reworded
                    } else if u.formula != v.formula || u.sumber_data != v.sumber_data {
                        Kind::Edited
                    } else {
                        Kind::Unchanged
                    };
                    Change { kind, base: Some((b, Some(p))), revised: Some((r, Some(q))) }
                }
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::measure;

    /// Word ids for the tests: a word's hash, cut to 32 bits.
    fn ids(words: &[String]) -> Vec<u32> {
        let mut v: Vec<u32> = words.iter().map(|w| words_hash(w) as u32).collect();
        v.sort_unstable();
        v.dedup();
        v
    }

    fn row(t: &str, f: &str) -> Row {
        Row { indikator: words_hash(t), formula: words_hash(f), object: ids(&measure::object(t, Some("Sukamaju"))), ..Default::default() }
    }

    fn block(j: &str, rows: Vec<Row>) -> Block {
        let normalized: Vec<String> = crate::compare::words(&j.replace("KASI", "Kepala Seksi"));
        Block { jabatan: words_hash(j), jabatan_words: ids(&normalized), rows }
    }

    /// Metamorphic: the same revision with its blocks in another order and
    /// the rows of a block shuffled gives the same changes (as a set, the
    /// positions mapped back), not dropped and added blocks.
    #[test]
    fn moved_blocks_and_rows_meet_their_old_selves() {
        let base = vec![
            block("SEKRETARIS KECAMATAN", vec![row("Jumlah laporan keuangan", "Σ laporan"), row("Jumlah surat masuk", "Σ surat")]),
            block("KASI PEMERINTAHAN", vec![row("Jumlah kegiatan RT/RW", "Σ kegiatan")]),
            block("KASI TRANTIB", vec![row("Jumlah Linmas aktif", "Σ linmas"), row("Jumlah gangguan ketertiban", "Σ gangguan")]),
        ];
        let revised = vec![
            block("SEKRETARIS KECAMATAN", vec![row("Jumlah laporan keuangan", "Σ laporan keuangan"), row("Jumlah surat masuk", "Σ surat")]),
            block("KEPALA SEKSI PEMERINTAHAN", vec![row("Jumlah kegiatan RT/RW", "Σ kegiatan")]),
            block("KASI TRANTIB", vec![row("Jumlah Linmas aktif", "Σ linmas"), row("Jumlah gangguan ketertiban", "Σ gangguan")]),
            block("KASI KESOS", vec![row("Jumlah penerima bantuan sosial", "Σ penerima")]),
        ];
        // Blocks 2 and 0 swapped, block 3 first; the trantib rows swapped.
        let order = [3, 2, 1, 0];
        let mut shuffled: Vec<Block> = order.iter().map(|&i| revised[i].clone()).collect();
        shuffled[1].rows.reverse();
        let row_back = |b: usize, k: usize| if order[b] == 2 { 1 - k } else { k };
        type Side = Option<(usize, Option<usize>)>;
        let mut want: Vec<(Kind, Side, Side)> = diff(&base, &revised).into_iter().map(|c| (c.kind, c.base, c.revised)).collect();
        let mut got: Vec<_> = diff(&base, &shuffled)
            .into_iter()
            .map(|c| (c.kind, c.base, c.revised.map(|(b, k)| (order[b], k.map(|k| row_back(b, k))))))
            .collect();
        want.sort();
        got.sort();
        assert_eq!(got, want);
        assert_eq!(want.iter().filter(|c| matches!(c.0, Kind::Dropped)).count(), 0, "{want:?}");
        assert_eq!(want.iter().filter(|c| matches!(c.0, Kind::Added)).count(), 1, "only the new block's row: {want:?}");
    }

    #[test]
    fn a_revision_is_read_row_by_row() {
        let base = vec![
            block("SEKRETARIS KECAMATAN", vec![row("Jumlah laporan keuangan", "Σ laporan"), row("Jumlah surat masuk", "Σ surat")]),
            block("KASI PEMERINTAHAN", vec![row("Jumlah kegiatan RT/RW", "Σ kegiatan")]),
            block("KASI TRANTIB", vec![row("Jumlah Linmas aktif", "Σ linmas")]),
        ];
        let revised = vec![
            block(
                "SEKRETARIS KECAMATAN",
                vec![
                    row("Jumlah laporan keuangan", "Σ laporan keuangan"),
                    row("Jumlah kehadiran pegawai", "Σ hadir"),
                    row("Jumlah Surat Masuk di wilayah Kecamatan Sukamaju", "Σ surat"),
                ],
            ),
            block("KEPALA SEKSI PEMERINTAHAN", vec![row("Jumlah kegiatan RT/RW", "Σ kegiatan")]),
        ];
        assert_eq!(words_hash("Jumlah  kegiatan RT/RW."), words_hash("jumlah kegiatan rt rw"));
        let (old, new) = (row("Jumlah Kegiatan Musrenbang Kelurahan", ""), row("Jumlah Pelaksanaan Musrenbang di Kelurahan", ""));
        assert!(row_likeness(&old, &new) >= MIN_ROW);
        assert!(row_likeness(&old, &row("Jumlah kehadiran pegawai", "")) < MIN_ROW);
        type Side = Option<(usize, Option<usize>)>;
        let got: Vec<(Kind, Side, Side)> = diff(&base, &revised).into_iter().map(|c| (c.kind, c.base, c.revised)).collect();
        assert_eq!(
            got,
            vec![
                (Kind::Edited, Some((0, Some(0))), Some((0, Some(0)))),
                (Kind::Added, None, Some((0, Some(1)))),
                (Kind::Reworded, Some((0, Some(1))), Some((0, Some(2)))),
                (Kind::JabatanRenamed, Some((1, None)), Some((1, None))),
                (Kind::Unchanged, Some((1, Some(0))), Some((1, Some(0)))),
                (Kind::Dropped, Some((2, Some(0))), None),
            ]
        );
    }
}
