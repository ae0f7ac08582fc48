//! A second reading of the signature block (Ditetapkan di / Pada tanggal /
//! CAMAT ... / name / NIP) of a scanned decree, when the first reading left the
//! camat or the date empty: the round stamp pressed over these lines mixes its
//! ring text into them. The block is cut out of the page image and read again
//! with the stamp dropped (`ocr::region`); only the fields still empty are
//! filled.

use std::sync::LazyLock;

use image::GrayImage;
use regex::Regex;

use crate::layout::{self, TextLine};
use crate::model::{Page, PageSource, Rect};
use crate::ocr::{self, OcrOptions};
use crate::record::Metadata;
use crate::segment::metadata::metadata;

/// The first line of a signature block: `Ditetapkan di`, `Pada tanggal`, or a
/// place and date (`Jabung, Januari 2022`) over a signature in the lampiran.
static ANCHOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(ditetapkan\s*di|pada\s*tanggal)\b|^\s*\p{Lu}[\p{L} ]{2,30},\s*(\d{1,2}\s+)?\p{L}{3,9}\s+(19|20)\d\d\b").unwrap()
});

/// The last line of a signature block: the signatory's NIP (civil-service number).
static NIP: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s*NIP\b").unwrap());

/// From a NIP line up to the block's first line (place and date, CAMAT, the
/// signature's space, name, rank), in points.
const ABOVE_NIP: f32 = 130.0;

/// Signature blocks tried at most (a decree may be signed under the decree and
/// again under the lampiran).
pub(super) const MAX_BLOCKS: usize = 3;

/// The block reaches this far below its first line (Ditetapkan, date, CAMAT,
/// the signature's space, name, rank, NIP), in points.
const BLOCK_HEIGHT: f32 = 200.0;
/// Room left of the first line (the date line may start a little further left).
const LEFT_MARGIN: f32 = 20.0;

/// Does the metadata still lack what the signature block gives?
pub(super) fn incomplete(m: &Metadata) -> bool {
    m.camat.is_none() || m.tanggal_ditetapkan.is_none()
}

/// The page and region of each signature block, in reading order: from its
/// first line on a scanned page down by [`BLOCK_HEIGHT`] (or from its NIP line
/// up by [`ABOVE_NIP`], when the stamp hides the first lines), to the page's right
/// edge (the region is cut to the page by [`reread`]). `scans` are the pages
/// that are page images; blocks are looked for only there. A block's second
/// anchor line (`Pada tanggal` under `Ditetapkan di`) is not a block of its own.
pub(super) fn block_regions(lines: &[TextLine], scans: &[usize]) -> Vec<(usize, Rect)> {
    let mut out: Vec<(usize, Rect)> = Vec::new();
    for anchor in lines.iter().filter(|l| scans.contains(&l.page) && (ANCHOR.is_match(&l.text) || NIP.is_match(&l.text))) {
        let (y0, y1) = if NIP.is_match(&anchor.text) {
            (anchor.bbox.y0 - ABOVE_NIP, anchor.bbox.y1 + 4.0)
        } else {
            (anchor.bbox.y0 - 6.0, anchor.bbox.y0 + BLOCK_HEIGHT)
        };
        if out.iter().any(|(p, r)| *p == anchor.page && anchor.bbox.cy() < r.y1 && anchor.bbox.cy() > r.y0) {
            continue;
        }
        // The anchor's first word starts the box (debris left of it is not the block).
        let first = anchor.words.iter().find(|w| w.text.chars().any(char::is_alphabetic));
        let x0 = first.map(|w| w.bbox.x0).unwrap_or(anchor.bbox.x0);
        out.push((anchor.page, Rect::new((x0 - LEFT_MARGIN).max(0.0), y0.max(0.0), f32::MAX, y1)));
        if out.len() == MAX_BLOCKS {
            break;
        }
    }
    out
}

/// Reads the block again from the page image and fills the camat and the date
/// (and the year, when nothing else gave it) where they are empty.
pub(super) fn reread(
    m: &mut Metadata,
    img: &GrayImage,
    page: &Page,
    region: Rect,
    opts: &OcrOptions,
) -> Result<(), crate::error::DocError> {
    let region = Rect::new(region.x0, region.y0, region.x1.min(page.width), region.y1.min(page.height));
    let words = ocr::region::read_region(img, page.width, page.height, region, page.number, opts)?;
    let block = Page { words, ..Page::empty(page.number, page.width, page.height, PageSource::Ocr) };
    let lines: Vec<TextLine> = layout::layout_document(std::slice::from_ref(&block))
        .into_iter()
        .filter_map(|e| match e {
            layout::Element::Line(l) => Some(l),
            _ => None,
        })
        .collect();
    let found = metadata(&lines, &lines, &[]);
    if m.camat.is_none() {
        m.camat = found.camat;
    }
    if m.tanggal_ditetapkan.is_none() {
        m.tanggal_ditetapkan = found.tanggal_ditetapkan;
        m.tahun = m.tahun.or(found.tahun);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_of_signature_blocks() {
        assert!(ANCHOR.is_match("Ditetapkan di : Kromengan"));
        assert!(ANCHOR.is_match("~Pada Tanggal : Januari 2019"));
        assert!(ANCHOR.is_match("Jabung, Januari 2022 EN"), "stamp debris may follow the date");
        assert!(ANCHOR.is_match("Probolinggo, 24 Januari 2024"));
        assert!(!ANCHOR.is_match("Peraturan Bupati Malang Nomor 22 Tahun 2015"));
        assert!(NIP.is_match("NIP. 19660510 199803 1 005"));
    }
}
