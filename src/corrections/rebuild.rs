//! The dataset's views and records with `corrections.csv` applied: what
//! `ingest`, `merge` and `correct` write, and what `report` and `compare` read.
//! Storage (`crate::dataset`) keeps the records and writes the views; this
//! stage decides what they show.

use std::collections::HashMap;

use super::{apply, Applied};
use crate::dataset::views::{self, Rebuilt};
use crate::dataset::Dataset;
use crate::record::DocumentRecord;

/// What a rebuild of the CSV views did: the corrections' outcomes (empty
/// without a `corrections.csv`) and how the views were rebuilt (`Display`s as
/// the "CSVs: ..." part of the commands' summaries).
#[derive(Debug)]
pub struct Rebuild {
    pub applied: Applied,
    pub views: Rebuilt,
}

impl std::fmt::Display for Rebuild {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        self.views.fmt(f)
    }
}

/// A dataset read and rebuilt with its corrections applied.
pub trait CorrectedViews {
    /// The stored records with `corrections.csv` applied (what the views,
    /// the report and compare show), and what became of each of its lines.
    fn corrected_documents(&self) -> std::io::Result<(Vec<DocumentRecord>, Applied)>;

    /// Rebuilds the CSV files from the stored records, `corrections.csv`
    /// applied; returns what became of each correction and how the views were
    /// rebuilt. The caller holds the lock.
    ///
    /// Without a `corrections.csv` the views are rebuilt from the records that
    /// changed since the last rebuild when `.views` allows it (`views`). With
    /// one, every record is read and corrected and the views rebuilt in full:
    /// a correction is judged (applied, stale, invalid) against the records as
    /// they are now, so any record may change any row. That path deletes
    /// `.views` first, so the incremental path never copies rows built with
    /// (or without) corrections that no longer hold: after corrections.csv
    /// appears, changes or disappears, the next incremental rebuild is full.
    fn rebuild_csvs(&self, bom: bool) -> std::io::Result<Rebuild>;

    /// `rebuild_csvs` after `iki merge` copied records into this dataset
    /// (`views::rebuild_merged`); with a `corrections.csv`, as `rebuild_csvs`.
    fn rebuild_merged_csvs(&self, bom: bool, from: &[Dataset], copied_from: &HashMap<String, usize>) -> std::io::Result<Rebuild>;
}

impl CorrectedViews for Dataset {
    fn corrected_documents(&self) -> std::io::Result<(Vec<DocumentRecord>, Applied)> {
        let mut docs = self.documents()?;
        let applied = apply(&mut docs, self.read_corrections()?.as_deref());
        Ok((docs, applied))
    }

    fn rebuild_csvs(&self, bom: bool) -> std::io::Result<Rebuild> {
        match self.read_corrections()? {
            Some(file) => rebuild_corrected(self, bom, &file),
            None => Ok(Rebuild { applied: Applied::default(), views: views::rebuild(self, bom)? }),
        }
    }

    fn rebuild_merged_csvs(&self, bom: bool, from: &[Dataset], copied_from: &HashMap<String, usize>) -> std::io::Result<Rebuild> {
        match self.read_corrections()? {
            Some(file) => rebuild_corrected(self, bom, &file),
            None => Ok(Rebuild { applied: Applied::default(), views: views::rebuild_merged(self, bom, from, copied_from)? }),
        }
    }
}

/// The full, corrected rebuild (all records in memory).
fn rebuild_corrected(ds: &Dataset, bom: bool, file: &[u8]) -> std::io::Result<Rebuild> {
    views::invalidate(ds)?;
    let mut docs = ds.documents()?;
    let applied = apply(&mut docs, Some(file));
    let views = ds.write_views(&docs, &applied.marks, bom)?;
    Ok(Rebuild { applied, views })
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;
    use crate::corrections::{current_value, Line, State, COLUMNS, FILE_NAME};
    use crate::dataset::views::tests::{csvs, records};
    use crate::dataset::views::Rebuilt;
    use crate::dataset::Dataset;

    #[test]
    fn corrections_csv_means_corrected_full_rebuilds_and_no_stale_rows() {
        let dir = tempfile::tempdir().unwrap();
        let ds = Dataset::open(dir.path()).unwrap();
        let docs = records(8, "c");
        for d in &docs {
            ds.write_document(d).unwrap();
        }
        assert!(matches!(ds.rebuild_csvs(false).unwrap().views, Rebuilt::Full { .. }));
        let plain = csvs(&ds);
        let d = &docs[0];
        let was = current_value(d, None, None, "camat").unwrap_or_default();
        let file = |value: &str| {
            let line = Line {
                doc_id: d.doc_id.clone(),
                field: "camat".into(),
                was: was.clone(),
                value: value.into(),
                note: "test".into(),
                ..Default::default()
            }
            .to_csv();
            fs::write(ds.root().join(FILE_NAME), format!("{}\n{line}\n", COLUMNS.join(","))).unwrap();
        };
        let documents_csv = || String::from_utf8(fs::read(ds.root().join("documents.csv")).unwrap()).unwrap();

        // The file appears: a full, corrected rebuild, and no index left.
        file("Camat Satu");
        let r = ds.rebuild_csvs(false).unwrap();
        assert_eq!((r.views, r.applied.count(State::Applied)), (Rebuilt::Corrected { documents: 8 }, 1));
        assert!(!ds.root().join(".views").exists());
        assert!(documents_csv().contains("Camat Satu"));
        // It changes.
        file("Camat Dua");
        assert!(matches!(ds.rebuild_csvs(false).unwrap().views, Rebuilt::Corrected { .. }));
        assert!(documents_csv().contains("Camat Dua") && !documents_csv().contains("Camat Satu"));
        // It goes: a full rebuild gives the uncorrected bytes, then incremental ones again.
        fs::remove_file(ds.root().join(FILE_NAME)).unwrap();
        assert!(matches!(ds.rebuild_csvs(false).unwrap().views, Rebuilt::Full { .. }));
        assert_eq!(csvs(&ds), plain);
        assert!(matches!(ds.rebuild_csvs(false).unwrap().views, Rebuilt::Incremental { changed: 0, .. }));
        assert_eq!(csvs(&ds), plain);
    }
}
