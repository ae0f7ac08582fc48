//! JBIG2 (JBIG2Decode), through `hayro-jbig2`: the embedded organisation of
//! PDF, with the shared segments of /JBIG2Globals when the image has them.

use hayro_jbig2::{DecodeSettings, Globals, Page};
use image::GrayImage;
use lopdf::{Dictionary, Document};

use super::{check_size, damaged, Bilevel, Target};
use crate::error::DocError;
use crate::pdf::objects::stream_bytes;

/// Largest /JBIG2Globals stream read (symbol dictionaries are small).
const MAX_GLOBALS: usize = 64 << 20;

/// JBIG2 paints black as sample 0 of a 1-bit gray image.
pub(super) fn decode(
    doc: &Document,
    data: &[u8],
    parms: Option<&Dictionary>,
    target: Target,
    max_pixels: u64,
) -> Result<GrayImage, DocError> {
    let settings = DecodeSettings::default();
    let globals_data = match parms.and_then(|p| p.get(b"JBIG2Globals").ok()) {
        Some(o) => Some(stream_bytes(doc, o, MAX_GLOBALS).ok_or_else(|| damaged("JBIG2", "its shared /JBIG2Globals data is missing"))?),
        None => None,
    };
    let globals = globals_data.as_deref().map(|g| Globals::new(g, &settings)).transpose().map_err(|e| damaged("JBIG2", e))?;
    let page = Page::new_embedded(data, globals.as_ref(), &settings).map_err(|e| damaged("JBIG2", e))?;
    check_size(page.width() as u64, page.height() as u64, max_pixels)?;
    let mut sink = Sink { img: Bilevel::new(target, false), x: 0, run_start: None };
    page.decode(&mut sink).map_err(|e| damaged("JBIG2", e))?;
    Ok(sink.img.img)
}

struct Sink {
    img: Bilevel,
    x: u32,
    /// Where the current run of black pixels began.
    run_start: Option<u32>,
}

impl Sink {
    fn push(&mut self, black: bool, n: u32) {
        match (black, self.run_start) {
            (true, None) => self.run_start = Some(self.x),
            (false, Some(x0)) => {
                self.img.ink_run(x0, self.x);
                self.run_start = None;
            }
            _ => {}
        }
        self.x += n;
    }
}

impl hayro_jbig2::Decoder for Sink {
    fn push_pixel(&mut self, black: bool) {
        self.push(black, 1);
    }

    fn push_pixel_chunk(&mut self, black: bool, chunk_count: u32) {
        self.push(black, chunk_count.saturating_mul(8));
    }

    fn next_line(&mut self) {
        self.push(false, 0);
        self.img.row += 1;
        self.x = 0;
    }
}
