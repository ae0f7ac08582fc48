//! What `ingest` reads: files, folders (walked recursively) and `.zip` archives
//! (members read in memory, never unpacked to disk).
//!
//! An input's name is its path; a zip member's is `archive.zip!/path/in/zip.pdf`.

use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::Context;

/// Extensions read as documents inside folders and archives; anything else
/// there is skipped and counted.
pub(crate) const DOCUMENT_EXTENSIONS: &[&str] = &["pdf", "jpg", "jpeg", "png", "tif", "tiff"];

/// One document to read.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Input {
    File(PathBuf),
    ZipMember {
        archive: PathBuf,
        member: String,
    },
    /// The page images of one folder (or one folder of a zip archive), read as
    /// one document, pages in name order (`--images-as-document`).
    ImageSet {
        place: String,
        pages: Vec<Input>,
    },
}

impl Input {
    /// The name shown to people and kept in the manifest.
    pub(crate) fn display(&self) -> String {
        match self {
            Input::File(p) => p.display().to_string(),
            Input::ZipMember { archive, member } => format!("{}!/{member}", archive.display()),
            Input::ImageSet { place, .. } => format!("{place}/"),
        }
    }

    /// The file name recorded in `source.file_name`.
    pub(crate) fn file_name(&self) -> String {
        match self {
            Input::File(p) => p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
            Input::ZipMember { member, .. } => member.rsplit('/').next().unwrap_or(member).to_string(),
            Input::ImageSet { place, .. } => {
                let folder = place.trim_end_matches('/').rsplit(['/', '!']).next().unwrap_or(place);
                format!("{folder}/")
            }
        }
    }

    /// The bytes of each page file of an image set, or of the one file.
    pub(crate) fn read_parts(&self, max_bytes: u64) -> std::io::Result<Vec<Vec<u8>>> {
        let Input::ImageSet { pages, .. } = self else { return Ok(vec![self.read(max_bytes)?]) };
        let mut left = max_bytes;
        let mut out = Vec::with_capacity(pages.len());
        for p in pages {
            let bytes = p.read(left)?;
            left -= bytes.len() as u64;
            out.push(bytes);
        }
        Ok(out)
    }

    /// Reads the whole input, refusing anything larger than `max_bytes`.
    pub(crate) fn read(&self, max_bytes: u64) -> std::io::Result<Vec<u8>> {
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
            Input::ImageSet { .. } => Ok(self.read_parts(max_bytes)?.concat()),
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
    pub(crate) fn hash(&self, max_bytes: u64) -> std::io::Result<(String, String, u64)> {
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
            // The pages' bytes one after the other: the same files in the
            // same order are the same document.
            Input::ImageSet { pages, .. } => {
                for p in pages {
                    match p {
                        Input::File(f) => feed(&mut std::fs::File::open(f)?)?,
                        Input::ZipMember { archive, member } => {
                            let mut zip = zip::ZipArchive::new(std::fs::File::open(archive)?).map_err(std::io::Error::other)?;
                            let entry = zip.by_name(member).map_err(std::io::Error::other)?;
                            feed(&mut entry.take(max_bytes.saturating_add(1)))?;
                        }
                        Input::ImageSet { .. } => return Err(std::io::Error::other("an image set inside an image set")),
                    }
                }
            }
        }
        let hex: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
        Ok((hex[..16].to_string(), hex, total))
    }
}

/// Collects the inputs: files given by name are read whatever their name;
/// folders and archives contribute their PDFs and page images. With
/// `images_as_document`, the page images of each folder (or folder of an
/// archive) are one document. Returns (inputs sorted, skipped).
pub(crate) fn collect(paths: &[PathBuf], images_as_document: bool) -> anyhow::Result<(Vec<Input>, usize)> {
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
    if images_as_document {
        inputs = image_sets(inputs);
    }
    Ok((inputs, skipped))
}

/// The page images that share a folder become one [`Input::ImageSet`], pages
/// in name order (numbers by value: `IMG_2` before `IMG_10`); PDFs stay
/// documents of their own.
fn image_sets(inputs: Vec<Input>) -> Vec<Input> {
    let mut sets: std::collections::BTreeMap<String, Vec<Input>> = std::collections::BTreeMap::new();
    let mut out = Vec::new();
    for i in inputs {
        let place = match &i {
            Input::File(p) if crate::pipeline::is_image_name(&p.to_string_lossy()) => {
                p.parent().map(|d| d.display().to_string()).unwrap_or_default()
            }
            Input::ZipMember { archive, member } if crate::pipeline::is_image_name(member) => match member.rsplit_once('/') {
                Some((dir, _)) => format!("{}!/{dir}", archive.display()),
                None => archive.display().to_string(),
            },
            _ => {
                out.push(i);
                continue;
            }
        };
        sets.entry(place).or_default().push(i);
    }
    for (place, mut pages) in sets {
        pages.sort_by_cached_key(|p| name_order(&p.file_name()));
        out.push(Input::ImageSet { place, pages });
    }
    out.sort();
    out
}

/// Sort key of a file name with its digit runs compared by value.
fn name_order(name: &str) -> Vec<(u8, u64, String)> {
    let mut key = Vec::new();
    let mut rest = name;
    while !rest.is_empty() {
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits > 0 {
            key.push((0, rest[..digits].parse().unwrap_or(u64::MAX), String::new()));
            rest = &rest[digits..];
        } else {
            let text = rest.len() - rest.trim_start_matches(|c: char| !c.is_ascii_digit()).len();
            key.push((1, 0, rest[..text].to_lowercase()));
            rest = &rest[text..];
        }
    }
    key
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
        let (inputs, skipped) = collect(&[dir.path().to_path_buf()], false).unwrap();
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

    #[test]
    fn a_folder_of_page_images_is_one_document_in_name_order() {
        let dir = tempfile::tempdir().unwrap();
        let sk = dir.path().join("sk-jabung");
        std::fs::create_dir(&sk).unwrap();
        for (name, bytes) in [("IMG_10.jpg", b"c"), ("IMG_2.jpg", b"b"), ("IMG_1.jpg", b"a")] {
            std::fs::write(sk.join(name), bytes).unwrap();
        }
        std::fs::write(dir.path().join("other.pdf"), b"%PDF").unwrap();
        let (inputs, _) = collect(&[dir.path().to_path_buf()], false).unwrap();
        assert_eq!(inputs.len(), 4, "without the flag every image is a document");
        let (inputs, _) = collect(&[dir.path().to_path_buf()], true).unwrap();
        assert_eq!(inputs.len(), 2);
        let set = inputs.iter().find(|i| matches!(i, Input::ImageSet { .. })).unwrap();
        assert_eq!(set.file_name(), "sk-jabung/");
        assert_eq!(set.read_parts(1 << 20).unwrap(), vec![b"a".to_vec(), b"b".to_vec(), b"c".to_vec()]);
        let (id, _, len) = set.hash(1 << 20).unwrap();
        assert_eq!((id, len), (crate::pipeline::doc_id(b"abc").0, 3));
    }
}
