//! What `ingest` reads: files, folders (walked recursively) and `.zip` archives
//! (members read in memory, never unpacked to disk).
//!
//! An input's name is its path; a zip member's is `archive.zip!/path/in/zip.pdf`.

use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::Context;

/// Extensions read as documents inside folders and archives; anything else
/// there is skipped and counted.
pub const DOCUMENT_EXTENSIONS: &[&str] = &["pdf", "jpg", "jpeg", "png", "tif", "tiff"];

/// One document to read.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Input {
    File(PathBuf),
    ZipMember { archive: PathBuf, member: String },
}

impl Input {
    /// The name shown to people and kept in the manifest.
    pub fn display(&self) -> String {
        match self {
            Input::File(p) => p.display().to_string(),
            Input::ZipMember { archive, member } => format!("{}!/{member}", archive.display()),
        }
    }

    /// The file name recorded in `source.file_name`.
    pub fn file_name(&self) -> String {
        match self {
            Input::File(p) => p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
            Input::ZipMember { member, .. } => member.rsplit('/').next().unwrap_or(member).to_string(),
        }
    }

    /// Reads the whole input, refusing anything larger than `max_bytes`.
    pub fn read(&self, max_bytes: u64) -> std::io::Result<Vec<u8>> {
        let too_large = || std::io::Error::new(std::io::ErrorKind::FileTooLarge, format!("larger than {} MB", max_bytes >> 20));
        match self {
            Input::File(p) => {
                if std::fs::metadata(p)?.len() > max_bytes {
                    return Err(too_large());
                }
                std::fs::read(p)
            }
            Input::ZipMember { archive, member } => {
                let file = std::fs::File::open(archive)?;
                let mut zip = zip::ZipArchive::new(file).map_err(std::io::Error::other)?;
                let entry = zip.by_name(member).map_err(std::io::Error::other)?;
                if entry.size() > max_bytes {
                    return Err(too_large());
                }
                let mut bytes = Vec::new();
                // Bounded: a zip bomb stops at the limit.
                entry.take(max_bytes + 1).read_to_end(&mut bytes)?;
                if bytes.len() as u64 > max_bytes {
                    return Err(too_large());
                }
                Ok(bytes)
            }
        }
    }
}

impl Input {
    /// SHA-256 of the input's bytes, streamed in constant memory: (doc_id,
    /// full hex digest, length). A file is hashed whole. A zip member stops
    /// one byte past `max_bytes` (a zip bomb of a few MB unpacks to gigabytes):
    /// such a member is refused as too large without being read, its digest is
    /// that of the bytes read, and its length the larger of those and the size
    /// its archive declares.
    pub fn hash(&self, max_bytes: u64) -> std::io::Result<(String, String, u64)> {
        use sha2::{Digest, Sha256};
        let mut h = Sha256::new();
        let mut buf = vec![0u8; 1 << 16];
        let mut total = 0u64;
        let mut feed = |r: &mut dyn Read| -> std::io::Result<()> {
            loop {
                let n = r.read(&mut buf)?;
                if n == 0 {
                    return Ok(());
                }
                total += n as u64;
                h.update(&buf[..n]);
            }
        };
        match self {
            Input::File(p) => feed(&mut std::fs::File::open(p)?)?,
            Input::ZipMember { archive, member } => {
                let mut zip = zip::ZipArchive::new(std::fs::File::open(archive)?).map_err(std::io::Error::other)?;
                let entry = zip.by_name(member).map_err(std::io::Error::other)?;
                let declared = entry.size();
                feed(&mut entry.take(max_bytes.saturating_add(1)))?;
                if total > max_bytes {
                    total = total.max(declared);
                }
            }
        }
        let hex: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
        Ok((hex[..16].to_string(), hex, total))
    }
}

/// Collects the inputs: files given by name are read whatever their name;
/// folders and archives contribute their PDFs. Returns (inputs sorted, skipped).
pub fn collect(paths: &[PathBuf]) -> anyhow::Result<(Vec<Input>, usize)> {
    let mut inputs = Vec::new();
    let mut skipped = 0;
    for p in paths {
        let meta = std::fs::metadata(p).with_context(|| format!("{} does not exist or cannot be opened", p.display()))?;
        if meta.is_dir() {
            walk(p, &mut inputs, &mut skipped)?;
        } else if is_zip(p) {
            zip_members(p, &mut inputs, &mut skipped)?;
        } else {
            inputs.push(Input::File(p.clone()));
        }
    }
    inputs.sort();
    inputs.dedup();
    Ok((inputs, skipped))
}

fn extension(p: &Path) -> String {
    p.extension().and_then(|x| x.to_str()).map(str::to_lowercase).unwrap_or_default()
}

fn is_zip(p: &Path) -> bool {
    extension(p) == "zip"
}

fn walk(dir: &Path, out: &mut Vec<Input>, skipped: &mut usize) -> anyhow::Result<()> {
    let mut entries: Vec<_> =
        std::fs::read_dir(dir).with_context(|| format!("cannot list {}", dir.display()))?.filter_map(|e| e.ok()).collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let path = e.path();
        let Ok(ft) = e.file_type() else { continue };
        if ft.is_dir() {
            walk(&path, out, skipped)?;
        } else if ft.is_file() {
            if DOCUMENT_EXTENSIONS.contains(&extension(&path).as_str()) {
                out.push(Input::File(path));
            } else if is_zip(&path) {
                zip_members(&path, out, skipped)?;
            } else {
                *skipped += 1;
            }
        }
    }
    Ok(())
}

fn zip_members(archive: &Path, out: &mut Vec<Input>, skipped: &mut usize) -> anyhow::Result<()> {
    let file = std::fs::File::open(archive).with_context(|| format!("cannot open {}", archive.display()))?;
    let zip = zip::ZipArchive::new(file).with_context(|| format!("{} is not a readable zip archive", archive.display()))?;
    for name in zip.file_names() {
        if name.ends_with('/') {
            continue;
        }
        if DOCUMENT_EXTENSIONS.contains(&extension(Path::new(name)).as_str()) {
            out.push(Input::ZipMember { archive: archive.to_path_buf(), member: name.to_string() });
        } else {
            *skipped += 1;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn zip_members_are_inputs_named_after_the_archive() {
        let dir = tempfile::tempdir().unwrap();
        let archive = dir.path().join("arsip.zip");
        let mut z = zip::ZipWriter::new(std::fs::File::create(&archive).unwrap());
        let opts = zip::write::SimpleFileOptions::default();
        z.start_file("2022/sk.pdf", opts).unwrap();
        z.write_all(b"%PDF-1.4 test").unwrap();
        z.start_file("catatan.txt", opts).unwrap();
        z.write_all(b"notes").unwrap();
        z.finish().unwrap();
        let (inputs, skipped) = collect(&[dir.path().to_path_buf()]).unwrap();
        assert_eq!(skipped, 1);
        assert_eq!(inputs.len(), 1);
        assert_eq!(inputs[0].display(), format!("{}!/2022/sk.pdf", archive.display()));
        assert_eq!(inputs[0].file_name(), "sk.pdf");
        assert_eq!(inputs[0].read(1 << 20).unwrap(), b"%PDF-1.4 test");
        assert!(inputs[0].read(4).is_err(), "the size limit holds inside archives");
    }

    #[test]
    fn a_zip_bomb_member_is_too_large_before_it_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let archive = dir.path().join("bom.zip");
        let mut z = zip::ZipWriter::new(std::fs::File::create(&archive).unwrap());
        let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        z.start_file("sk.pdf", opts).unwrap();
        let zeros = vec![0u8; 1 << 20];
        for _ in 0..64 {
            z.write_all(&zeros).unwrap();
        }
        z.finish().unwrap();
        assert!(std::fs::metadata(&archive).unwrap().len() < 1 << 20, "64 MB of zeros pack small");
        let member = Input::ZipMember { archive, member: "sk.pdf".into() };
        // Hashing stops one byte past the limit; the length is the declared size.
        let (_, _, len) = member.hash(1 << 20).unwrap();
        assert_eq!(len, 64 << 20);
        let (_, _, whole) = member.hash(u64::MAX - 1).unwrap();
        assert_eq!(whole, 64 << 20);
        let err = member.read(1 << 20).unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::FileTooLarge);
    }
}
