//! The shared dataset on disk.
//!
//! ```text
//! <dataset>/documents/<doc_id>.json   one record per distinct file (record.rs)
//! <dataset>/documents.csv, blocks.csv, indicators.csv   (csv.rs)
//! <dataset>/manifest.json             runs, tool version, input path -> doc_id
//! <dataset>/corrections.csv           hand corrections, applied to the views (corrections.rs)
//! <dataset>/.lock                     held while a process writes
//! ```
//! Every file is written to a temporary file in the same folder and renamed
//! into place, so a killed run never leaves a torn file. The CSVs are rebuilt
//! from the JSON records sorted by doc_id: two runs over the same inputs give
//! byte-identical CSVs whatever the thread timing.

pub mod corrections;
pub mod csv;
pub mod record;

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use record::DocumentRecord;

/// An open dataset folder.
pub struct Dataset {
    root: PathBuf,
}

/// `manifest.json`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Manifest {
    pub tool: String,
    pub tool_version: String,
    pub schema_version: u32,
    pub runs: Vec<Run>,
    /// Every input path seen -> its doc_id.
    pub inputs: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Run {
    pub started: String,
    pub finished: String,
    pub inputs: usize,
    pub processed: usize,
    pub skipped: usize,
}

/// Holds the dataset's write lock until dropped.
pub struct WriteLock {
    _file: File,
}

impl Dataset {
    /// Opens (creating if needed) a dataset folder.
    pub fn open(root: &Path) -> std::io::Result<Dataset> {
        fs::create_dir_all(root.join("documents"))?;
        Ok(Dataset { root: root.to_path_buf() })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Waits for, then takes, the dataset's exclusive write lock (other `iki`
    /// processes writing the same dataset wait here).
    pub fn lock(&self) -> std::io::Result<WriteLock> {
        let file = File::options().create(true).truncate(false).write(true).open(self.root.join(".lock"))?;
        file.lock()?;
        Ok(WriteLock { _file: file })
    }

    pub fn document_path(&self, doc_id: &str) -> PathBuf {
        self.root.join("documents").join(format!("{doc_id}.json"))
    }

    /// The stored record of a document, if there is one and it parses.
    pub fn read_document(&self, doc_id: &str) -> Option<DocumentRecord> {
        let bytes = fs::read(self.document_path(doc_id)).ok()?;
        serde_json::from_slice(&bytes).ok()
    }

    /// Writes one record atomically.
    pub fn write_document(&self, rec: &DocumentRecord) -> std::io::Result<()> {
        let mut json = serde_json::to_vec_pretty(rec).map_err(std::io::Error::other)?;
        json.push(b'\n');
        write_atomic(&self.document_path(&rec.doc_id), &json)
    }

    /// All stored records, sorted by doc_id, read in parallel on the current
    /// rayon pool. Unreadable files are skipped.
    pub fn documents(&self) -> std::io::Result<Vec<DocumentRecord>> {
        use rayon::prelude::*;
        let mut ids: Vec<String> = fs::read_dir(self.root.join("documents"))?
            .filter_map(|e| e.ok())
            .filter_map(|e| e.file_name().to_str().and_then(|n| n.strip_suffix(".json")).map(String::from))
            .collect();
        ids.sort();
        Ok(ids.par_iter().filter_map(|id| self.read_document(id)).collect())
    }

    pub fn read_manifest(&self) -> Manifest {
        fs::read(self.root.join("manifest.json")).ok().and_then(|b| serde_json::from_slice(&b).ok()).unwrap_or_default()
    }

    pub fn write_manifest(&self, m: &Manifest) -> std::io::Result<()> {
        let mut json = serde_json::to_vec_pretty(m).map_err(std::io::Error::other)?;
        json.push(b'\n');
        write_atomic(&self.root.join("manifest.json"), &json)
    }

    /// The stored records with `corrections.csv` applied (what the views,
    /// the report and compare show), and what became of each of its lines.
    pub fn corrected_documents(&self) -> std::io::Result<(Vec<DocumentRecord>, corrections::Applied)> {
        let mut docs = self.documents()?;
        let applied = corrections::apply(&mut docs, self.read_corrections()?.as_deref());
        Ok((docs, applied))
    }

    /// The bytes of `corrections.csv`, None when there is none.
    pub fn read_corrections(&self) -> std::io::Result<Option<Vec<u8>>> {
        match fs::read(self.root.join(corrections::FILE_NAME)) {
            Ok(b) => Ok(Some(b)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Rebuilds the CSV files from the stored records, corrections applied;
    /// returns what became of each correction.
    pub fn rebuild_csvs(&self, bom: bool) -> std::io::Result<corrections::Applied> {
        let (docs, applied) = self.corrected_documents()?;
        for (name, bytes) in csv::render_all(&docs, &applied, bom)? {
            write_atomic(&self.root.join(name), &bytes)?;
        }
        Ok(applied)
    }
}

/// Writes `bytes` to `path` through a temporary file in the same folder, synced
/// and renamed into place.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    // A shared dataset: readable by everyone, like a file written plainly
    // (temporary files are created private).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file().set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}
