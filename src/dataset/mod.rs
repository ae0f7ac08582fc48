//! The shared dataset on disk.
//!
//! ```text
//! <dataset>/documents/<doc_id>.json   one record per distinct file (record.rs; layout json.rs)
//! <dataset>/documents.csv, blocks.csv, indicators.csv   (csv.rs)
//! <dataset>/manifest.json             runs, tool version, input path -> doc_id
//! <dataset>/.views                    what the CSVs were built from (views.rs)
//! <dataset>/corrections.csv           hand corrections, applied to the views (crate::corrections)
//! <dataset>/.lock                     held while a process writes
//! ```
//! Every file is written to a temporary file in the same folder and renamed
//! into place, so a killed run never leaves a torn file. The CSVs are rebuilt
//! from the JSON records sorted by doc_id: two runs over the same inputs give
//! byte-identical CSVs whatever the thread timing.

pub(crate) mod csv;
pub(crate) mod json;
pub(crate) mod marks;

pub(crate) mod stream;
pub(crate) mod views;

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::record::{self, DocumentRecord};

/// An open dataset folder.
/// The hand corrections' file in the dataset folder (read by `crate::corrections`).
pub(crate) const CORRECTIONS_FILE: &str = "corrections.csv";

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
pub(crate) struct WriteLock {
    _file: File,
}

impl Dataset {
    /// Opens (creating if needed) a dataset folder.
    pub fn open(root: &Path) -> std::io::Result<Dataset> {
        fs::create_dir_all(root.join("documents"))?;
        Ok(Dataset { root: root.to_path_buf() })
    }

    pub(crate) fn root(&self) -> &Path {
        &self.root
    }

    /// Waits for, then takes, the dataset's exclusive write lock (other `iki`
    /// processes writing the same dataset wait here).
    pub(crate) fn lock(&self) -> std::io::Result<WriteLock> {
        let file = File::options().create(true).truncate(false).write(true).open(self.root.join(".lock"))?;
        file.lock()?;
        Ok(WriteLock { _file: file })
    }

    pub fn document_path(&self, doc_id: &str) -> PathBuf {
        self.root.join("documents").join(format!("{doc_id}.json"))
    }

    /// The stored record of a document, if there is one and it parses.
    pub(crate) fn read_document(&self, doc_id: &str) -> Option<DocumentRecord> {
        with_file_bytes(&self.document_path(doc_id), parse).ok()?
    }

    /// The stored record of a document without its cells' places
    /// (`record::without_places`), or with them when `places(record)` says
    /// so: the file is read once, parsed a second time only then.
    pub(crate) fn read_document_places_if(&self, doc_id: &str, places: impl FnOnce(&DocumentRecord) -> bool) -> Option<DocumentRecord> {
        with_file_bytes(&self.document_path(doc_id), |bytes| {
            let d: DocumentRecord = record::without_places(|| parse(bytes))?;
            if places(&d) {
                parse(bytes)
            } else {
                Some(d)
            }
        })
        .ok()?
    }

    /// Part of a stored record: `T` names the fields wanted, and the parser
    /// skips the rest without building it (for commands that read a few
    /// fields of every record). None as `read_document`, except that a record
    /// is not checked beyond those fields.
    pub(crate) fn read_document_part<T: serde::de::DeserializeOwned>(&self, doc_id: &str) -> Option<T> {
        with_file_bytes(&self.document_path(doc_id), parse).ok()?
    }

    /// Writes one record atomically.
    pub fn write_document(&self, rec: &DocumentRecord) -> std::io::Result<()> {
        write_atomic(&self.document_path(&rec.doc_id), &record_json(rec)?)
    }

    /// The doc_ids of the stored records, sorted.
    pub(crate) fn doc_ids(&self) -> std::io::Result<Vec<String>> {
        let mut ids: Vec<String> = fs::read_dir(self.root.join("documents"))?
            .filter_map(|e| e.ok())
            .filter_map(|e| e.file_name().to_str().and_then(|n| n.strip_suffix(".json")).map(String::from))
            .collect();
        ids.sort();
        Ok(ids)
    }

    /// All stored records, sorted by doc_id, read in parallel on the current
    /// rayon pool. Unreadable files are skipped.
    pub(crate) fn documents(&self) -> std::io::Result<Vec<DocumentRecord>> {
        use rayon::prelude::*;
        Ok(self.doc_ids()?.par_iter().filter_map(|id| self.read_document(id)).collect())
    }

    /// Writes a record's JSON as it is (a copy from another dataset) through a
    /// temporary file and a rename, without syncing it to disk: for bulk
    /// copies, followed by one `sync_to_disk` at the end.
    pub(crate) fn write_document_bytes_unsynced(&self, doc_id: &str, json: &[u8]) -> std::io::Result<()> {
        let mut tmp = tempfile::NamedTempFile::new_in(self.root.join("documents"))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            tmp.as_file().set_permissions(std::fs::Permissions::from_mode(0o644))?;
        }
        tmp.write_all(json)?;
        tmp.persist(self.document_path(doc_id)).map_err(|e| e.error)?;
        Ok(())
    }

    /// Puts the record file `src` (another dataset's record of `doc_id`) into
    /// this dataset: as a hard link when both are on one
    /// file system, else as a copy (`write_document_bytes_unsynced`). Either
    /// way through a temporary name and a rename, unsynced.
    ///
    /// A link shares the file with the other dataset, which is safe because a
    /// record file is never changed in place: iki replaces a record by writing
    /// a new file and renaming it over the old name, which leaves the other
    /// dataset's name on the old file (as `git clone` links a local
    /// repository's objects).
    pub(crate) fn link_document_unsynced(&self, doc_id: &str, src: &Path) -> std::io::Result<()> {
        let tmp = self.root.join("documents").join(format!(".{doc_id}.link"));
        // A temporary name left by a killed merge (the lock makes it ours).
        let _ = fs::remove_file(&tmp);
        if fs::hard_link(src, &tmp).is_ok() {
            if let Err(e) = fs::rename(&tmp, self.document_path(doc_id)) {
                let _ = fs::remove_file(&tmp);
                return Err(e);
            }
            return Ok(());
        }
        self.write_document_bytes_unsynced(doc_id, &fs::read(src)?)
    }

    /// Flushes everything written to the dataset's file system to disk (one
    /// `syncfs`, instead of one fsync per record).
    pub(crate) fn sync_to_disk(&self) -> std::io::Result<()> {
        let dir = File::open(self.root.join("documents"))?;
        #[cfg(target_os = "linux")]
        {
            rustix::fs::syncfs(&dir)?;
        }
        #[cfg(not(target_os = "linux"))]
        for id in self.doc_ids()? {
            File::open(self.document_path(&id))?.sync_all()?;
        }
        dir.sync_all()
    }

    pub(crate) fn read_manifest(&self) -> Manifest {
        fs::read(self.root.join("manifest.json")).ok().and_then(|b| serde_json::from_slice(&b).ok()).unwrap_or_default()
    }

    pub fn write_manifest(&self, m: &Manifest) -> std::io::Result<()> {
        let mut json = serde_json::to_vec_pretty(m).map_err(std::io::Error::other)?;
        json.push(b'\n');
        write_atomic(&self.root.join("manifest.json"), &json)
    }

    /// The bytes of `corrections.csv`, None when there is none.
    pub(crate) fn read_corrections(&self) -> std::io::Result<Option<Vec<u8>>> {
        match fs::read(self.root.join(CORRECTIONS_FILE)) {
            Ok(b) => Ok(Some(b)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Writes the CSV views in full from `docs` (sorted by doc_id), showing
    /// `marks` (the corrections stage's rebuild). The caller holds the lock and
    /// has deleted `.views` (`views::invalidate`).
    pub(crate) fn write_views(&self, docs: &[DocumentRecord], marks: &marks::Marks, bom: bool) -> std::io::Result<views::Rebuilt> {
        for (name, bytes) in csv::render_all(docs, marks, bom)? {
            write_atomic(&self.root.join(name), &bytes)?;
        }
        Ok(views::Rebuilt::Corrected { documents: docs.len() })
    }
}

/// The bytes of a record's file: JSON in the records' layout (`json.rs`) and a
/// newline. Every writer of records uses it (ingest, the synthetic datasets).
pub fn record_json(rec: &DocumentRecord) -> std::io::Result<Vec<u8>> {
    let mut json = json::to_vec(rec).map_err(std::io::Error::other)?;
    json.push(b'\n');
    Ok(json)
}

/// A record's bytes parsed as `T`, None when they are not UTF-8 JSON of it.
/// The bytes are checked as UTF-8 once, whole, and parsed as a `str`:
/// `serde_json::from_slice` checks each string on its own, ~10% of `iki
/// report`'s CPU (perf) for records that are mostly strings.
fn parse<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Option<T> {
    serde_json::from_str(std::str::from_utf8(bytes).ok()?).ok()
}

/// Calls `f` with the bytes of the file at `path`, read into a buffer the
/// thread keeps for the next file (so `f` must not call it again). Reading 100,000 records of ~100 KB each
/// into fresh allocations costs more than parsing some of them: each new
/// buffer is fresh memory the kernel must zero (perf: ~20% of `iki report`).
pub(crate) fn with_file_bytes<T>(path: &Path, f: impl FnOnce(&[u8]) -> T) -> std::io::Result<T> {
    use std::io::Read;
    thread_local! {
        static BUF: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    BUF.with_borrow_mut(|buf| {
        buf.clear();
        File::open(path)?.read_to_end(buf)?;
        let out = f(buf);
        // Do not keep an exceptionally large file's buffer for the thread's life.
        if buf.capacity() > 8 << 20 {
            *buf = Vec::new();
        }
        Ok(out)
    })
}

/// Asks the kernel to start reading the records `doc_ids` into the page cache
/// (`posix_fadvise(WILLNEED)`), without waiting: called for the records a
/// loop will parse next, so the disk reads them while the cores parse others
/// (at 100,000 records, ~9 GB, they are not in the page cache).
pub(crate) fn prefetch<'a>(ds: &Dataset, doc_ids: impl IntoIterator<Item = &'a str>) {
    for id in doc_ids {
        if let Ok(file) = File::open(ds.document_path(id)) {
            stream::advise(&file, 0, 0, stream::Advice::WillNeed);
        }
    }
}

/// Writes `bytes` to `path` through a temporary file in the same folder, synced
/// and renamed into place.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
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
