//! CCITT fax (CCITTFaxDecode): Group 3 one- and two-dimensional (K = 0,
//! K > 0) and Group 4 (K < 0), with every /DecodeParms entry of the PDF
//! filter, through `hayro-ccitt`.
//!
//! Not the `fax` crate: its Group 3 decoder reads only 1-D data that begins
//! with an end-of-line code, while scanners also write 2-D Group 3 and rows
//! without EOLs; `hayro-ccitt` is the decoder `hayro-jbig2` uses for MMR
//! regions, so it comes with JBIG2 anyway.

use hayro_ccitt::{DecodeSettings, DecoderContext, EncodingMode};
use image::GrayImage;
use lopdf::{Dictionary, Document};

use super::{damaged, flag, Bilevel, Target};
use crate::error::DocError;
use crate::pdf::objects::num;

pub(super) fn decode(doc: &Document, data: &[u8], parms: Option<&Dictionary>, target: Target) -> Result<GrayImage, DocError> {
    let int = |key: &[u8]| parms.and_then(|p| p.get(key).ok()).and_then(|o| num(doc, o)).map(|v| v as i64);
    let k = int(b"K").unwrap_or(0);
    let settings = DecodeSettings {
        columns: int(b"Columns").filter(|c| (1..=1 << 20).contains(c)).map_or(1728, |c| c as u32),
        rows: int(b"Rows").filter(|r| *r > 0 && *r <= target.h as i64).map_or(target.h, |r| r as u32),
        end_of_block: flag(doc, parms, b"EndOfBlock").unwrap_or(true),
        end_of_line: flag(doc, parms, b"EndOfLine").unwrap_or(false),
        rows_are_byte_aligned: flag(doc, parms, b"EncodedByteAlign").unwrap_or(false),
        encoding: match k {
            ..0 => EncodingMode::Group4,
            0 => EncodingMode::Group3_1D,
            _ => EncodingMode::Group3_2D,
        },
        strict: false,
    };
    // Without /BlackIs1, fax black is sample 0: black on a 1-bit gray image.
    let black_is_1 = flag(doc, parms, b"BlackIs1").unwrap_or(false);
    let mut sink = Sink(Bilevel::new(target, black_is_1));
    let result = hayro_ccitt::decode(data, &mut sink, &mut DecoderContext::new(settings));
    // Damage near the end still leaves a readable page; early damage does not.
    if let Err(e) = result {
        if sink.0.rows_done() < target.h / 2 {
            return Err(damaged("fax compression", e));
        }
    }
    Ok(sink.0.img)
}

struct Sink(Bilevel);

impl hayro_ccitt::Decoder for Sink {
    fn push_row(&mut self, changes: &[u32]) {
        // Runs alternate white, black, white ... starting white.
        for pair in changes.chunks(2) {
            let end = pair.get(1).copied().unwrap_or(u32::MAX);
            self.0.ink_run(pair[0], end);
        }
        self.0.row += 1;
    }
}
