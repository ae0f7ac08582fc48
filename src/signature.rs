//! A second reading of the signature block (Ditetapkan di / Pada tanggal /
//! CAMAT ... / name / NIP) of a scanned decree, when the first reading left the
//! camat or the date empty: the round stamp pressed over these lines mixes its
//! ring text into them. The block is cut out of the page image and read again
//! with the stamp dropped (`ocr::region`); only the fields still empty are
//! filled.

use std::sync::LazyLock;

use image::GrayImage;
use regex::Regex;

use crate::dataset::record::Metadata;
use crate::layout::{self, TextLine};
use crate::model::{Page, PageSource, Rect};
use crate::ocr::{self, OcrOptions};
use crate::segment::metadata::metadata;

/// The first line of the signature block.
static ANCHOR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)\b(ditetapkan\s*di|pada\s*tanggal)\b").unwrap());

/// The block reaches this far below its first line (Ditetapkan, date, CAMAT,
/// the signature's space, name, rank, NIP), in points.
const BLOCK_HEIGHT: f32 = 200.0;
/// Room left of the first line (the date line may start a little further left).
const LEFT_MARGIN: f32 = 20.0;

/// Does the metadata still lack what the signature block gives?
pub fn incomplete(m: &Metadata) -> bool {
    m.camat.is_none() || m.tanggal_ditetapkan.is_none()
}

/// The page and region of the signature block: from its first line on a
/// scanned page down by [`BLOCK_HEIGHT`], to the page's right edge (the region
/// is cut to the page by [`reread`]). `scans` are the pages that are page
/// images; the block is looked for only there.
pub fn block_region(lines: &[TextLine], scans: &[usize]) -> Option<(usize, Rect)> {
    let anchor = lines.iter().find(|l| scans.contains(&l.page) && ANCHOR.is_match(&l.text))?;
    // The anchor's own words that match start the box (debris left of them is not the block).
    let x0 = anchor.words.iter().find(|w| w.text.to_lowercase().starts_with("ditetapkan") || w.text.to_lowercase() == "pada");
    let x0 = x0.map(|w| w.bbox.x0).unwrap_or(anchor.bbox.x0);
    let region = Rect::new((x0 - LEFT_MARGIN).max(0.0), (anchor.bbox.y0 - 6.0).max(0.0), f32::MAX, anchor.bbox.y0 + BLOCK_HEIGHT);
    Some((anchor.page, region))
}

/// Reads the block again from the page image and fills the camat and the date
/// (and the year, when nothing else gave it) where they are empty.
pub fn reread(m: &mut Metadata, img: &GrayImage, page: &Page, region: Rect, opts: &OcrOptions) -> Result<(), crate::error::DocError> {
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
