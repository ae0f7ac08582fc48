//! Rebuilding the CSV views (`csv.rs`) from the records: in full, or from what
//! changed since the last rebuild.
//!
//! Every row of the three CSVs belongs to one document, and the rows are
//! grouped by doc_id in doc_id order, so each file is its header followed by
//! one slice of rows per document. A rebuild renders each document's slices on
//! their own (`render_document`) and records, in `<dataset>/.views`, what it
//! built from and where each slice went:
//!
//! ```text
//! iki-views 2 <tool version> bom=<0|1>
//! csv <name> <bytes> <mtime ns> <inode>               one per CSV file
//! doc <doc_id> <bytes> <mtime ns> <inode> <len> <len> <len>   one per record, sorted;
//!                                                     the lens: its slice in each CSV
//! ```
//!
//! The next rebuild lists `documents/` (file sizes and times only, no parsing)
//! and, when `.views` still describes the CSV files on disk, the same header
//! and `--excel-bom` setting, reads only the records that were added,
//! rewritten (a rename gives a new inode) or removed, and writes each CSV by
//! copying the unchanged documents' slices from the old file in runs and the
//! changed documents' new slices in between. The bytes are those of a full
//! rebuild (a test checks it); anything it cannot trust (no or torn `.views`,
//! a CSV edited or deleted, another tool version) means a full rebuild.
//!
//! `iki merge` does the same across datasets (`rebuild_merged`): a record
//! copied from a shard takes its slices from the shard's CSVs when the shard's
//! `.views` describes them, so merging 100 shards parses no JSON at all.
//!
//! Records whose slices must be rendered are read in windows of `CHUNK` (in
//! parallel) while the files are streamed out, so memory stays that of a
//! few windows, whatever the archive; a full rebuild is the case with nothing
//! to copy. The next window is rendered while one is written, and the one
//! after it is read ahead (`dataset::prefetch`).
//!
//! Both run under the dataset's lock (the caller holds it). Files are written
//! to temporary files and renamed; `.views` last, so a run killed in between
//! leaves CSVs that `.views` does not describe: the next rebuild is full.

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::{self, Read};

use rayon::prelude::*;

use super::marks::Marks;
use super::{csv, stream, write_atomic, Dataset};
use crate::record::DocumentRecord;
use crate::record::TOOL_VERSION;

/// The three CSV files, in `csv::render_all` order.
const FILES: usize = 3;
const INDEX: &str = ".views";
/// Records read and rendered at once in a full rebuild.
const CHUNK: usize = 512;

/// What a rebuild did, for tests and the benchmark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rebuilt {
    Full {
        documents: usize,
    },
    Incremental {
        documents: usize,
        changed: usize,
    },
    /// In full with `corrections.csv` applied (`corrections::CorrectedViews::rebuild_csvs`);
    /// `.views` deleted.
    Corrected {
        documents: usize,
    },
}

impl std::fmt::Display for Rebuilt {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self {
            Rebuilt::Full { documents } => write!(f, "rebuilt from all {documents} records"),
            Rebuilt::Incremental { documents, changed } => write!(f, "{changed} of {documents} records rendered again"),
            Rebuilt::Corrected { documents } => write!(f, "rebuilt from all {documents} records, corrections.csv applied"),
        }
    }
}

/// A record file as listed: identity enough to tell that it changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    bytes: u64,
    mtime_ns: i128,
    inode: u64,
}

fn stamp(meta: &fs::Metadata) -> Stamp {
    let mtime_ns =
        meta.modified().ok().and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok()).map(|d| d.as_nanos() as i128).unwrap_or(-1);
    #[cfg(unix)]
    let inode = std::os::unix::fs::MetadataExt::ino(meta);
    #[cfg(not(unix))]
    let inode = 0;
    Stamp { bytes: meta.len(), mtime_ns, inode }
}

/// One document's entry in `.views`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Entry {
    stamp: Stamp,
    lens: [u64; FILES],
}

#[derive(Debug, Default)]
struct Index {
    bom: bool,
    csvs: Vec<(String, Stamp)>,
    docs: BTreeMap<String, Entry>,
}

/// Rebuilds the CSV views of `ds`: from what changed when `.views` allows it,
/// in full otherwise. The caller holds the dataset's lock.
pub(crate) fn rebuild(ds: &Dataset, bom: bool) -> io::Result<Rebuilt> {
    let listed = list_records(ds)?;
    let mut sources: Vec<Views> = Views::open(ds, bom)?.into_iter().collect();
    let pick = |id: &str, st: &Stamp| (sources.first().is_some_and(|v| v.has(id, st))).then_some(0);
    let picks: Vec<Option<usize>> = listed.iter().map(|(id, st)| pick(id, st)).collect();
    assemble(ds, bom, &listed, &picks, &mut sources)
}

/// Rebuilds the CSV views from every record, ignoring `.views` (the
/// reference the tests hold the incremental rebuilds to).
#[cfg(test)]
fn rebuild_full(ds: &Dataset, bom: bool) -> io::Result<Rebuilt> {
    let listed = list_records(ds)?;
    assemble(ds, bom, &listed, &vec![None; listed.len()], &mut [])
}

/// Rebuilds the views of `ds` after `iki merge` copied records into it:
/// `copied_from[id] = i` when the record of `id` is a byte copy of dataset
/// `from[i]`'s. Its rows are copied from `from[i]`'s CSVs when its `.views`
/// describes them (same `--excel-bom`, CSVs untouched, the record unchanged
/// since); a record kept from before the merge takes its rows from the old
/// views of `ds`; anything else is rendered from its record.
pub(crate) fn rebuild_merged(
    ds: &Dataset,
    bom: bool,
    from: &[Dataset],
    copied_from: &std::collections::HashMap<String, usize>,
) -> io::Result<Rebuilt> {
    let listed = list_records(ds)?;
    let mut sources: Vec<Views> = Vec::new();
    let own = Views::open(ds, bom)?.map(|v| {
        sources.push(v);
        sources.len() - 1
    });
    let mut theirs: Vec<Option<(usize, BTreeMap<String, Stamp>)>> = Vec::new();
    for src in from {
        theirs.push(match Views::open(src, bom)? {
            Some(v) => {
                sources.push(v);
                Some((sources.len() - 1, list_records(src)?))
            }
            None => None,
        });
    }
    let picks: Vec<Option<usize>> = listed
        .iter()
        .map(|(id, st)| match copied_from.get(id) {
            Some(&i) => theirs[i].as_ref().and_then(|(si, their_listed)| {
                let their = their_listed.get(id)?;
                (their.bytes == st.bytes && sources[*si].has(id, their)).then_some(*si)
            }),
            None => own.filter(|&si| sources[si].has(id, st)),
        })
        .collect();
    assemble(ds, bom, &listed, &picks, &mut sources)
}

/// Deletes `.views`: the CSV files are about to be written by another path
/// (corrections applied), so the next incremental rebuild must be full.
pub(crate) fn invalidate(ds: &Dataset) -> io::Result<()> {
    match fs::remove_file(ds.root().join(INDEX)) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// `documents/*.json`, sorted by doc_id, with their stamps.
fn list_records(ds: &Dataset) -> io::Result<BTreeMap<String, Stamp>> {
    let mut out = BTreeMap::new();
    for e in fs::read_dir(ds.root().join("documents"))? {
        let e = e?;
        let Some(id) = e.file_name().to_str().and_then(|n| n.strip_suffix(".json")).map(String::from) else { continue };
        if let Ok(meta) = e.metadata() {
            out.insert(id, stamp(&meta));
        }
    }
    Ok(out)
}

/// The header of each CSV file.
fn headers(bom: bool) -> io::Result<Vec<Vec<u8>>> {
    Ok(csv::render_all(&[], &Marks::default(), bom)?.into_iter().map(|(_, b)| b).collect())
}

fn names() -> io::Result<Vec<&'static str>> {
    Ok(csv::render_all(&[], &Marks::default(), false)?.into_iter().map(|(n, _)| n).collect())
}

/// One document's rows in each CSV file (the files without their headers).
fn render_document(d: &DocumentRecord, headers: &[Vec<u8>]) -> io::Result<[Vec<u8>; FILES]> {
    let mut out: [Vec<u8>; FILES] = Default::default();
    // The Excel flavour's header starts with a byte-order mark.
    let excel = headers[0].starts_with("\u{feff}".as_bytes());
    for (i, (_, bytes)) in csv::render_rows(std::slice::from_ref(d), &Marks::default(), excel)?.into_iter().enumerate() {
        // Rendered without the byte-order mark, which only the header carries.
        let head = headers[i].len() - if headers[i].starts_with("\u{feff}".as_bytes()) { 3 } else { 0 };
        let mut bytes = bytes;
        bytes.drain(..head);
        out[i] = bytes;
    }
    Ok(out)
}

/// Reads and renders the records `ids` in parallel; a record that cannot be
/// read is left out (as `Dataset::documents` does).
fn render_chunk(ds: &Dataset, ids: &[&String], headers: &[Vec<u8>]) -> io::Result<Vec<Option<[Vec<u8>; FILES]>>> {
    // The views show no cell places: they are not built (`without_places`).
    ids.par_iter()
        .map(|id| crate::record::without_places(|| ds.read_document(id)).map(|d| render_document(&d, headers)).transpose())
        .collect()
}

/// The CSV files being written: temporary files in the dataset folder.
struct Out {
    files: Vec<stream::Writer>,
}

impl Out {
    fn new(ds: &Dataset, headers: &[Vec<u8>]) -> io::Result<Out> {
        let mut files = Vec::new();
        for h in headers {
            let mut f = stream::Writer::new(tempfile::NamedTempFile::new_in(ds.root())?);
            f.write_all(h)?;
            files.push(f);
        }
        Ok(Out { files })
    }

    /// Syncs and renames the files into place; returns their stamps.
    fn persist(self, ds: &Dataset) -> io::Result<Vec<(String, Stamp)>> {
        let mut stamps = Vec::new();
        for (f, name) in self.files.into_iter().zip(names()?) {
            let tmp = f.into_inner()?;
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                tmp.as_file().set_permissions(fs::Permissions::from_mode(0o644))?;
            }
            tmp.as_file().sync_all()?;
            let path = ds.root().join(name);
            tmp.persist(&path).map_err(|e| e.error)?;
            stamps.push((name.to_string(), stamp(&fs::metadata(&path)?)));
        }
        Ok(stamps)
    }
}

/// Existing CSV views to copy slices from: a dataset's CSV files and the
/// `.views` that describes them, with each document's slice offsets.
struct Views {
    files: Vec<stream::Reader>,
    docs: std::collections::HashMap<String, (Entry, [u64; FILES])>,
}

impl Views {
    /// The views of `ds`, when its `.views` can be trusted for `bom`.
    fn open(ds: &Dataset, bom: bool) -> io::Result<Option<Views>> {
        let Some(index) = read_index(ds, bom) else { return Ok(None) };
        let mut files = Vec::new();
        for (name, _) in &index.csvs {
            files.push(stream::Reader::new(File::open(ds.root().join(name))?));
        }
        let mut pos: [u64; FILES] = Default::default();
        for (p, h) in pos.iter_mut().zip(headers(bom)?) {
            *p = h.len() as u64;
        }
        let mut docs = std::collections::HashMap::with_capacity(index.docs.len());
        for (id, e) in index.docs {
            docs.insert(id, (e, pos));
            for (p, len) in pos.iter_mut().zip(e.lens) {
                *p += len;
            }
        }
        Ok(Some(Views { files, docs }))
    }

    /// Does it hold the slices of record `id` as it is now (`st`)?
    fn has(&self, id: &str, st: &Stamp) -> bool {
        self.docs.get(id).is_some_and(|(e, _)| e.stamp == *st)
    }
}

/// A pending copy from one source's files: (source, start and length per file).
type Run = Option<(usize, [(u64, u64); FILES])>;

/// Writes the CSV views of `ds` for the records `listed` (sorted), the slices
/// of record i copied from `sources[picks[i]]`, or rendered when `picks[i]`
/// is None; then `.views`.
fn assemble(
    ds: &Dataset,
    bom: bool,
    listed: &BTreeMap<String, Stamp>,
    picks: &[Option<usize>],
    sources: &mut [Views],
) -> io::Result<Rebuilt> {
    let headers = headers(bom)?;
    let mut out = Out::new(ds, &headers)?;
    let mut index = Index { bom, ..Index::default() };
    let mut run: Run = None;
    let mut rendered = 0;
    let ids: Vec<(&String, &Stamp)> = listed.iter().collect();
    let windows: Vec<_> = ids.chunks(CHUNK).zip(picks.chunks(CHUNK)).collect();
    // Per window, the records to render.
    let fresh_ids: Vec<Vec<&String>> = windows
        .iter()
        .map(|(window, picks)| window.iter().zip(*picks).filter(|(_, p)| p.is_none()).map(|((id, _), _)| *id).collect())
        .collect();
    let prefetch = |w: usize| super::prefetch(ds, fresh_ids.get(w).into_iter().flatten().map(|id| id.as_str()));
    let headers = &headers;
    // While window w is written, window w + 1 is rendered (both on the
    // caller's rayon pool: this stage starts no thread of its own) after
    // asking the kernel to read window w + 2: the disk, the cores and the
    // writing work at once.
    prefetch(0);
    prefetch(1);
    let mut slices = match fresh_ids.first() {
        Some(ids) => Some(render_chunk(ds, ids, headers)?),
        None => None,
    };
    for (w, (window, picks)) in windows.iter().enumerate() {
        let current = slices.take().unwrap_or_default();
        let (written, next) = rayon::join(
            || write_window(window, picks, current, sources, &mut out, &mut run, &mut index, &mut rendered),
            || {
                (w + 1 < windows.len()).then(|| {
                    prefetch(w + 2);
                    render_chunk(ds, &fresh_ids[w + 1], headers)
                })
            },
        );
        written?;
        slices = next.transpose()?;
    }
    flush(sources, &mut out, &mut run)?;
    index.csvs = out.persist(ds)?;
    write_index(ds, &index)?;
    let documents = index.docs.len();
    Ok(if rendered == listed.len() { Rebuilt::Full { documents } } else { Rebuilt::Incremental { documents, changed: rendered } })
}

/// Writes one window of records: copies the slices of those picked from a
/// source, and writes the rendered slices (`slices`, in order) of the others.
#[allow(clippy::too_many_arguments)]
fn write_window(
    window: &[(&String, &Stamp)],
    picks: &[Option<usize>],
    slices: Vec<Option<[Vec<u8>; FILES]>>,
    sources: &mut [Views],
    out: &mut Out,
    run: &mut Run,
    index: &mut Index,
    rendered: &mut usize,
) -> io::Result<()> {
    let mut fresh = slices.into_iter();
    for (&(id, st), pick) in window.iter().zip(picks) {
        match pick {
            Some(si) => {
                let (e, at) = sources[*si].docs[id.as_str()];
                // Extend the pending copy when it continues it, else flush it.
                match run {
                    Some((rs, r)) if *rs == *si && (0..FILES).all(|i| r[i].0 + r[i].1 == at[i]) => {
                        for (r, len) in r.iter_mut().zip(e.lens) {
                            r.1 += len;
                        }
                    }
                    _ => {
                        flush(sources, out, run)?;
                        *run = Some((*si, std::array::from_fn(|i| (at[i], e.lens[i]))));
                    }
                }
                index.docs.insert(id.clone(), Entry { stamp: *st, lens: e.lens });
            }
            None => {
                *rendered += 1;
                flush(sources, out, run)?;
                if let Some(slices) = fresh.next().flatten() {
                    for (f, s) in out.files.iter_mut().zip(&slices) {
                        f.write_all(s)?;
                    }
                    index.docs.insert(id.clone(), Entry { stamp: *st, lens: slices.each_ref().map(|s| s.len() as u64) });
                }
            }
        }
    }
    Ok(())
}

/// Copies the pending run of slices from its source's files.
fn flush(sources: &mut [Views], out: &mut Out, run: &mut Run) -> io::Result<()> {
    let Some((si, r)) = run.take() else { return Ok(()) };
    for ((src, dst), (start, len)) in sources[si].files.iter_mut().zip(out.files.iter_mut()).zip(r) {
        if len > 0 {
            src.copy_to(start, len, dst)?;
        }
    }
    Ok(())
}

fn write_index(ds: &Dataset, index: &Index) -> io::Result<()> {
    use std::fmt::Write as _;
    let mut s = String::with_capacity(64 * (index.docs.len() + 8));
    let _ = writeln!(s, "iki-views 2 {TOOL_VERSION} bom={}", u8::from(index.bom));
    for (name, st) in &index.csvs {
        let _ = writeln!(s, "csv {name} {} {} {}", st.bytes, st.mtime_ns, st.inode);
    }
    for (id, e) in &index.docs {
        let _ = writeln!(s, "doc {id} {} {} {} {} {} {}", e.stamp.bytes, e.stamp.mtime_ns, e.stamp.inode, e.lens[0], e.lens[1], e.lens[2]);
    }
    write_atomic(&ds.root().join(INDEX), s.as_bytes())
}

/// `.views`, when it describes the CSV files on disk as this build would
/// write them; None means: rebuild in full.
fn read_index(ds: &Dataset, bom: bool) -> Option<Index> {
    let text = fs::read_to_string(ds.root().join(INDEX)).ok()?;
    let mut lines = text.lines();
    if lines.next()? != format!("iki-views 2 {TOOL_VERSION} bom={}", u8::from(bom)) {
        return None;
    }
    let num = |s: Option<&str>| s.and_then(|v| v.parse::<i128>().ok());
    let mut index = Index { bom, ..Index::default() };
    for line in lines {
        let mut f = line.split(' ');
        match f.next()? {
            "csv" => {
                let name = f.next()?.to_string();
                let st = Stamp { bytes: num(f.next())? as u64, mtime_ns: num(f.next())?, inode: num(f.next())? as u64 };
                index.csvs.push((name, st));
            }
            "doc" => {
                let id = f.next()?.to_string();
                let stamp = Stamp { bytes: num(f.next())? as u64, mtime_ns: num(f.next())?, inode: num(f.next())? as u64 };
                let lens = [num(f.next())? as u64, num(f.next())? as u64, num(f.next())? as u64];
                index.docs.insert(id, Entry { stamp, lens });
            }
            _ => return None,
        }
    }
    // The CSV files are the ones it describes, and start with today's headers.
    let headers = headers(bom).ok()?;
    let names = names().ok()?;
    if index.csvs.len() != FILES || index.csvs.iter().zip(&names).any(|((a, _), b)| a != b) {
        return None;
    }
    for ((name, st), head) in index.csvs.iter().zip(&headers) {
        let path = ds.root().join(name);
        if stamp(&fs::metadata(&path).ok()?) != *st {
            return None;
        }
        let mut start = vec![0; head.len()];
        File::open(&path).ok()?.read_exact(&mut start).ok()?;
        if &start != head {
            return None;
        }
    }
    let total: Vec<u64> = (0..FILES).map(|i| headers[i].len() as u64 + index.docs.values().map(|e| e.lens[i]).sum::<u64>()).collect();
    if index.csvs.iter().zip(&total).any(|((_, st), t)| st.bytes != *t) {
        return None;
    }
    Some(index)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::pipeline::{self, Options};
    use std::path::Path;

    /// The fixtures' digital records under many doc_ids, and failed records.
    pub(crate) fn records(n: usize, salt: &str) -> Vec<DocumentRecord> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/digital");
        let mut files: Vec<_> = fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
        files.sort();
        let opts = Options { ocr: pipeline::OcrMode::Never, ..Options::default() };
        let models: Vec<DocumentRecord> =
            files.iter().map(|f| pipeline::process(&fs::read(f).unwrap(), &f.file_name().unwrap().to_string_lossy(), &opts)).collect();
        (0..n)
            .map(|i| {
                let (id, sha) = pipeline::doc_id(format!("{salt}{i}").as_bytes());
                let mut d = models[i % models.len()].clone();
                if i % 4 == 3 {
                    d = pipeline::failed_record(
                        &id,
                        &sha,
                        10,
                        "rusak.pdf",
                        &crate::error::DocError::new(crate::error::ErrorCode::EmptyFile, "empty"),
                    );
                }
                d.doc_id = id;
                d
            })
            .collect()
    }

    pub(crate) fn csvs(ds: &Dataset) -> Vec<Vec<u8>> {
        names().unwrap().iter().map(|n| fs::read(ds.root().join(n)).unwrap()).collect()
    }

    #[test]
    fn incremental_rebuild_gives_the_bytes_of_a_full_one() {
        let dir = tempfile::tempdir().unwrap();
        let ds = Dataset::open(dir.path()).unwrap();
        let first = records(24, "a");
        for d in &first {
            ds.write_document(d).unwrap();
        }
        assert_eq!(rebuild(&ds, false).unwrap(), Rebuilt::Full { documents: 24 });
        assert_eq!(rebuild(&ds, false).unwrap(), Rebuilt::Incremental { documents: 24, changed: 0 });

        // 10 added, 2 rewritten (one with other rows), 1 removed.
        for d in records(10, "b") {
            ds.write_document(&d).unwrap();
        }
        let mut changed = first[1].clone();
        changed.metadata.kecamatan = Some("Kecamatan \"Baru\",\nbaris dua".into());
        changed.blocks.truncate(1);
        ds.write_document(&changed).unwrap();
        ds.write_document(&first[2]).unwrap();
        fs::remove_file(ds.document_path(&first[5].doc_id)).unwrap();
        assert_eq!(rebuild(&ds, false).unwrap(), Rebuilt::Incremental { documents: 33, changed: 12 });
        let incremental = csvs(&ds);
        assert_eq!(rebuild_full(&ds, false).unwrap(), Rebuilt::Full { documents: 33 });
        assert_eq!(incremental, csvs(&ds));
        let text = String::from_utf8(incremental[0].clone()).unwrap();
        assert!(text.contains("Kecamatan \"\"Baru\"\",\nbaris dua") && !text.contains(&first[5].doc_id));

        // The same through the documents' own rendering (the old path).
        let mut docs = ds.documents().unwrap();
        docs.sort_by(|a, b| a.doc_id.cmp(&b.doc_id));
        let whole: Vec<Vec<u8>> = csv::render_all(&docs, &Marks::default(), false).unwrap().into_iter().map(|(_, b)| b).collect();
        assert_eq!(incremental, whole);
    }

    #[test]
    fn a_merge_copies_rows_from_the_shards_views() {
        let tmp = tempfile::tempdir().unwrap();
        let docs = records(30, "m");
        let shards: Vec<Dataset> = (0..3).map(|k| Dataset::open(&tmp.path().join(format!("s{k}"))).unwrap()).collect();
        for (i, d) in docs.iter().enumerate() {
            shards[i % 3].write_document(d).unwrap();
        }
        for s in &shards[..2] {
            rebuild(s, false).unwrap();
        }
        // The third shard's views are stale: its records are rendered.
        rebuild(&shards[2], false).unwrap();
        shards[2].write_document(&docs[29]).unwrap();
        let out = Dataset::open(&tmp.path().join("out")).unwrap();
        let mut copied_from = std::collections::HashMap::new();
        for (i, d) in docs.iter().enumerate() {
            fs::copy(shards[i % 3].document_path(&d.doc_id), out.document_path(&d.doc_id)).unwrap();
            copied_from.insert(d.doc_id.clone(), i % 3);
        }
        assert_eq!(rebuild_merged(&out, false, &shards, &copied_from).unwrap(), Rebuilt::Incremental { documents: 30, changed: 1 });
        let merged = csvs(&out);
        assert_eq!(rebuild_full(&out, false).unwrap(), Rebuilt::Full { documents: 30 });
        assert_eq!(merged, csvs(&out));
    }

    #[test]
    fn anything_untrusted_means_a_full_rebuild() {
        let dir = tempfile::tempdir().unwrap();
        let ds = Dataset::open(dir.path()).unwrap();
        for d in records(8, "c") {
            ds.write_document(&d).unwrap();
        }
        assert!(matches!(rebuild(&ds, false).unwrap(), Rebuilt::Full { .. }));
        // Another --excel-bom setting.
        assert!(matches!(rebuild(&ds, true).unwrap(), Rebuilt::Full { .. }));
        assert!(csvs(&ds)[1].starts_with("\u{feff}doc_id,".as_bytes()));
        assert!(matches!(rebuild(&ds, true).unwrap(), Rebuilt::Incremental { .. }));
        // A CSV edited (or deleted) by hand.
        fs::write(ds.root().join("blocks.csv"), "doc_id\r\n").unwrap();
        assert!(matches!(rebuild(&ds, true).unwrap(), Rebuilt::Full { .. }));
        fs::remove_file(ds.root().join("indicators.csv")).unwrap();
        assert!(matches!(rebuild(&ds, true).unwrap(), Rebuilt::Full { .. }));
        // A torn index.
        let index = fs::read_to_string(ds.root().join(INDEX)).unwrap();
        fs::write(ds.root().join(INDEX), &index[..index.len() / 2]).unwrap();
        assert!(matches!(rebuild(&ds, true).unwrap(), Rebuilt::Full { .. }));
        let full = csvs(&ds);
        assert!(matches!(rebuild(&ds, true).unwrap(), Rebuilt::Incremental { .. }));
        assert_eq!(full, csvs(&ds));
    }
}
