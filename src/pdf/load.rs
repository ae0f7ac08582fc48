//! Opening a PDF: sniffing, classification of bad input, and xref repair.

use lopdf::{Document, LoadOptions, ObjectId};
use regex::bytes::Regex;

use super::Limits;
use crate::error::{DocError, ErrorCode};

/// Loads the document and its page list, or explains why it cannot be read.
pub(super) fn load(bytes: &[u8], limits: &Limits) -> Result<(Document, Vec<ObjectId>), DocError> {
    if bytes.is_empty() {
        return Err(DocError::new(
            ErrorCode::EmptyFile,
            "The file is empty (0 bytes). It was probably not saved or copied completely; please get the file again from the sender.",
        ));
    }
    if bytes.len() as u64 > limits.max_file_bytes {
        return Err(too_large(format!(
            "The file is too large to process ({} MB; the limit is {} MB). Please split it into smaller PDF files.",
            bytes.len() / (1 << 20),
            limits.max_file_bytes / (1 << 20)
        )));
    }
    let head = &bytes[..bytes.len().min(1024)];
    let Some(start) = find(head, b"%PDF-") else {
        return Err(DocError::new(
            ErrorCode::NotPdf,
            format!(
                "This file is not a PDF{}. Please save or export the document as PDF and submit that file{}.",
                describe(bytes),
                if is_image(bytes) {
                    "; if it is a photo or scan of the decree, give it its image name (.jpg, .png, .tif) and iki reads it as a scan"
                } else {
                    ""
                }
            ),
        ));
    };
    let body = &bytes[start..];
    let tail = &body[body.len().saturating_sub(2048)..];
    let has_eof = find(tail, b"%%EOF").is_some();

    let options = LoadOptions { max_decompressed_size: Some(limits.max_stream_bytes), ..LoadOptions::default() };
    // A panic inside the parser on hostile input must not take the batch down.
    let loaded = std::panic::catch_unwind(|| Document::load_mem_with_options(body, options))
        .unwrap_or_else(|_| Err(lopdf::Error::Unimplemented("parser panic")));
    let doc = match loaded {
        Ok(doc) if doc.trailer.has(b"Encrypt") && doc.encryption_state.is_none() => {
            return Err(encrypted());
        }
        Ok(doc) if !doc.get_pages().is_empty() => doc,
        Ok(_) | Err(_) => {
            match repair(body, limits) {
                Some(doc) if doc.trailer.has(b"Encrypt") && doc.encryption_state.is_none() => return Err(encrypted()),
                Some(doc) if !doc.get_pages().is_empty() => doc,
                _ if !has_eof => {
                    return Err(DocError::new(
                        ErrorCode::TruncatedPdf,
                        "The PDF file is incomplete: it was cut off before its end (an interrupted download or copy). Please get the complete file again from the sender.",
                    ))
                }
                _ => {
                    return Err(DocError::new(
                        ErrorCode::CorruptPdf,
                        "The PDF file is damaged and cannot be read. Please ask the sender for a new copy, or open it in a PDF reader and save it again as PDF.",
                    ))
                }
            }
        }
    };
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    if pages.len() > limits.max_pages {
        return Err(too_large(format!(
            "The PDF has too many pages ({}; the limit is {}). Please split it into smaller files.",
            pages.len(),
            limits.max_pages
        )));
    }
    Ok((doc, pages))
}

fn too_large(msg: String) -> DocError {
    DocError::new(ErrorCode::TooLarge, msg)
}

fn encrypted() -> DocError {
    DocError::new(
        ErrorCode::EncryptedPdf,
        "The PDF is protected with a password and cannot be opened. Please ask the sender for an unprotected copy.",
    )
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn is_image(b: &[u8]) -> bool {
    b.starts_with(&[0xFF, 0xD8, 0xFF]) || b.starts_with(b"\x89PNG") || b.starts_with(b"II*\0") || b.starts_with(b"MM\0*")
}

/// A short guess at what a non-PDF file is, for the error message.
fn describe(bytes: &[u8]) -> &'static str {
    let b = bytes;
    if b.starts_with(&[0xFF, 0xD8, 0xFF]) {
        " (it is a JPEG photo or scan)"
    } else if b.starts_with(b"\x89PNG") {
        " (it is a PNG image)"
    } else if b.starts_with(b"GIF8") {
        " (it is a GIF image)"
    } else if b.starts_with(b"II*\0") || b.starts_with(b"MM\0*") {
        " (it is a TIFF image)"
    } else if b.starts_with(b"PK\x03\x04") {
        " (it looks like a Word/Excel document (DOCX/XLSX) or a ZIP archive)"
    } else if b.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        " (it looks like an old Word/Excel document (DOC/XLS))"
    } else if b.starts_with(b"{\\rtf") {
        " (it is an RTF document)"
    } else {
        let head = &b[..b.len().min(1024)];
        let lower = String::from_utf8_lossy(head).to_lowercase();
        if lower.contains("<html") || lower.contains("<!doctype") {
            " (it is a web page (HTML))"
        } else if std::str::from_utf8(head).is_ok() || head.iter().all(|&c| c >= 0x20 || c == b'\n' || c == b'\r' || c == b'\t') {
            " (it is a plain text file)"
        } else {
            ""
        }
    }
}

/// Rebuilds the cross-reference table by scanning for `N G obj` headers and
/// the trailer's /Root, then loads the file with a fresh xref appended.
fn repair(body: &[u8], limits: &Limits) -> Option<Document> {
    let obj_re = Regex::new(r"(?-u)(?:^|[\r\n\s])(\d{1,10})[ \t\r\n]+(\d{1,5})[ \t\r\n]+obj\b").ok()?;
    let root_re = Regex::new(r"(?-u)/Root[ \t\r\n]*(\d{1,10})[ \t\r\n]+(\d{1,5})[ \t\r\n]+R").ok()?;
    let enc_re = Regex::new(r"(?-u)/Encrypt[ \t\r\n]*(\d{1,10})[ \t\r\n]+(\d{1,5})[ \t\r\n]+R").ok()?;
    let id_re = Regex::new(r"(?-u)/ID[ \t\r\n]*\[[^\]]{0,400}\]").ok()?;
    let catalog_re = Regex::new(r"(?-u)/Type[ \t\r\n]*/Catalog\b").ok()?;
    const MAX_OBJECTS: usize = 5_000_000;

    let mut offsets: std::collections::BTreeMap<u32, (u16, usize)> = std::collections::BTreeMap::new();
    for cap in obj_re.captures_iter(body).take(MAX_OBJECTS) {
        let (Some(n), Some(g)) = (cap.get(1), cap.get(2)) else { continue };
        let num: u32 = std::str::from_utf8(n.as_bytes()).ok()?.parse().ok()?;
        let gen: u16 = std::str::from_utf8(g.as_bytes()).ok()?.parse().unwrap_or(0);
        offsets.insert(num, (gen, n.start()));
    }
    if offsets.is_empty() {
        return None;
    }
    let last_ref = |re: &Regex| -> Option<String> {
        re.captures_iter(body).last().and_then(|c| {
            let n = std::str::from_utf8(c.get(1)?.as_bytes()).ok()?;
            let g = std::str::from_utf8(c.get(2)?.as_bytes()).ok()?;
            Some(format!("{n} {g} R"))
        })
    };
    let root = last_ref(&root_re).or_else(|| {
        // No trailer: look for the catalog object itself.
        let m = catalog_re.find_iter(body).last()?;
        let (num, (gen, _)) = offsets.iter().filter(|(_, (_, off))| *off < m.start()).max_by_key(|(_, (_, off))| *off)?;
        Some(format!("{num} {gen} R"))
    })?;
    let mut out = Vec::with_capacity(body.len() + offsets.len() * 32 + 256);
    out.extend_from_slice(body);
    out.extend_from_slice(b"\n");
    let xref_at = out.len();
    out.extend_from_slice(b"xref\n0 1\n0000000000 65535 f\r\n");
    for (num, (gen, off)) in &offsets {
        out.extend_from_slice(format!("{num} 1\n{off:010} {gen:05} n\r\n").as_bytes());
    }
    let size = offsets.keys().next_back().copied().unwrap_or(0) as u64 + 1;
    let mut trailer = format!("trailer\n<< /Size {size} /Root {root}");
    if let Some(e) = last_ref(&enc_re) {
        trailer.push_str(&format!(" /Encrypt {e}"));
    }
    if let Some(id) = id_re.find_iter(body).last() {
        trailer.push(' ');
        trailer.push_str(&String::from_utf8_lossy(id.as_bytes()));
    }
    trailer.push_str(&format!(" >>\nstartxref\n{xref_at}\n%%EOF\n"));
    out.extend_from_slice(trailer.as_bytes());
    let options = LoadOptions { max_decompressed_size: Some(limits.max_stream_bytes), ..LoadOptions::default() };
    std::panic::catch_unwind(|| Document::load_mem_with_options(&out, options).ok()).ok().flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffing() {
        assert!(describe(&[0xFF, 0xD8, 0xFF, 0xE0]).contains("JPEG"));
        assert!(describe(b"\x89PNG\r\n").contains("PNG"));
        assert!(describe(b"Catatan rapat hari ini\n").contains("text"));
        assert!(describe(b"PK\x03\x04...").contains("DOCX"));
    }

    #[test]
    fn classify_small_inputs() {
        let l = Limits::default();
        assert_eq!(load(b"", &l).err().map(|e| e.code), Some(ErrorCode::EmptyFile));
        assert_eq!(load(b"hello", &l).err().map(|e| e.code), Some(ErrorCode::NotPdf));
        assert_eq!(load(b"%PDF-1.4\n1 0 obj\n<<", &l).err().map(|e| e.code), Some(ErrorCode::TruncatedPdf));
        assert_eq!(load(b"%PDF-1.4\ngarbage\n%%EOF\n", &l).err().map(|e| e.code), Some(ErrorCode::CorruptPdf));
        let tiny = Limits { max_file_bytes: 4, ..Limits::default() };
        assert_eq!(load(b"%PDF-1.4", &tiny).err().map(|e| e.code), Some(ErrorCode::TooLarge));
    }
}
