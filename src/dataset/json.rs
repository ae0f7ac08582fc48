//! The layout of the JSON records (`documents/<doc_id>.json`): indented two
//! spaces like `serde_json::to_vec_pretty`, except that an array or object
//! whose one-line form fits within `WIDTH` columns (with its indent and key)
//! is written on one line, `", "` between its items:
//!
//! ```text
//!   "ocr_pages": [1, 2, 3],
//!   "cells": [
//!     {"field": "sasaran", "page": 3, "bbox": [70.9, 550.9, 187.9, 675.4]},
//! ```
//!
//! The pretty printer puts every number of a bbox on its own line; at 100,000
//! records that whitespace was a third of ~10 GB that every full CSV rebuild
//! and report reads. Same values, still one field per line where a line
//! would be long; the same record always gives the same bytes (re-importing
//! a file rewrites its record byte for byte).
//!
//! `Layout` is a `serde_json::ser::Formatter` that keeps each open container's
//! items in a buffer and decides on the line breaks when the container ends.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::{CharEscape, CompactFormatter, Formatter};

/// Lines up to this many columns hold a whole array or object.
const WIDTH: usize = 100;
const INDENT: usize = 2;

/// `value` as JSON in the records' layout (no trailing newline).
pub(crate) fn to_vec<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<Vec<u8>> {
    to_vec_width(value, WIDTH)
}

fn to_vec_width<T: Serialize + ?Sized>(value: &T, width: usize) -> serde_json::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(64 << 10);
    value.serialize(&mut serde_json::Serializer::with_formatter(&mut out, Layout { width, frames: Vec::new(), depth: 0 }))?;
    Ok(out)
}

/// One open array or object: its items so far, each rendered, back to back.
#[derive(Default)]
struct Frame {
    buf: Vec<u8>,
    /// Where each finished item ends in `buf`.
    ends: Vec<usize>,
    /// An item spans lines: this container cannot be written on one line.
    broken: bool,
}

struct Layout {
    width: usize,
    /// `frames[..depth]` are the open containers, outermost first (the rest
    /// are kept for their buffers).
    frames: Vec<Frame>,
    depth: usize,
}

impl Layout {
    /// Writes through `f` into the innermost open container, or to `writer`
    /// at the top level.
    fn emit<W: ?Sized + Write>(&mut self, writer: &mut W, f: impl FnOnce(&mut Vec<u8>) -> io::Result<()>) -> io::Result<()> {
        match self.depth {
            0 => {
                let mut tmp = Vec::new();
                f(&mut tmp)?;
                writer.write_all(&tmp)
            }
            d => f(&mut self.frames[d - 1].buf),
        }
    }

    fn begin(&mut self) {
        if self.frames.len() == self.depth {
            self.frames.push(Frame::default());
        }
        let f = &mut self.frames[self.depth];
        f.buf.clear();
        f.ends.clear();
        f.broken = false;
        self.depth += 1;
    }

    fn end_item(&mut self) {
        let f = &mut self.frames[self.depth - 1];
        f.ends.push(f.buf.len());
    }

    /// Closes the innermost container and writes it into its parent (or
    /// `writer`): on one line when it fits, else one item per line.
    fn end<W: ?Sized + Write>(&mut self, writer: &mut W, open: u8, close: u8) -> io::Result<()> {
        self.depth -= 1;
        let level = self.depth;
        let frame = std::mem::take(&mut self.frames[level]);
        // What precedes the container on its line: the indent and, in a
        // parent, the item so far (an object's key).
        let before = level * INDENT
            + match level {
                0 => 0,
                d => {
                    let p = &self.frames[d - 1];
                    p.buf.len() - p.ends.last().copied().unwrap_or(0)
                }
            };
        let items = frame.ends.iter().scan(0, |start, &end| Some(&frame.buf[std::mem::replace(start, end)..end]));
        let n = frame.ends.len();
        let flat = 2 + frame.buf.len() + 2 * n.saturating_sub(1);
        let mut out = std::mem::take(match level {
            0 => &mut self.frames[0].buf,
            d => &mut self.frames[d - 1].buf,
        });
        if level == 0 {
            out.clear();
        }
        out.push(open);
        if n == 0 {
            // `[]`, `{}` as the pretty printer writes them.
        } else if !frame.broken && before + flat < self.width {
            for (i, item) in items.enumerate() {
                if i > 0 {
                    out.extend_from_slice(b", ");
                }
                out.extend_from_slice(item);
            }
        } else {
            for (i, item) in items.enumerate() {
                out.push(b'\n');
                out.resize(out.len() + (level + 1) * INDENT, b' ');
                out.extend_from_slice(item);
                if i + 1 < n {
                    out.push(b',');
                }
            }
            out.push(b'\n');
            out.resize(out.len() + level * INDENT, b' ');
        }
        out.push(close);
        let broken = n > 0 && (frame.broken || before + flat >= self.width);
        self.frames[level] = frame;
        match level {
            0 => {
                writer.write_all(&out)?;
                self.frames[0].buf = out;
            }
            d => {
                self.frames[d - 1].buf = out;
                self.frames[d - 1].broken |= broken;
            }
        }
        Ok(())
    }
}

macro_rules! scalars {
    ($($name:ident($t:ty)),* $(,)?) => {$(
        fn $name<W: ?Sized + Write>(&mut self, writer: &mut W, value: $t) -> io::Result<()> {
            self.emit(writer, |b| CompactFormatter.$name(b, value))
        }
    )*};
}

impl Formatter for Layout {
    scalars!(
        write_bool(bool),
        write_i8(i8),
        write_i16(i16),
        write_i32(i32),
        write_i64(i64),
        write_i128(i128),
        write_u8(u8),
        write_u16(u16),
        write_u32(u32),
        write_u64(u64),
        write_u128(u128),
        write_f32(f32),
        write_f64(f64),
        write_number_str(&str),
        write_string_fragment(&str),
        write_raw_fragment(&str),
        write_char_escape(CharEscape),
    );

    fn write_null<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.emit(writer, |b| CompactFormatter.write_null(b))
    }

    fn begin_string<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.emit(writer, |b| CompactFormatter.begin_string(b))
    }

    fn end_string<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.emit(writer, |b| CompactFormatter.end_string(b))
    }

    fn begin_array<W: ?Sized + Write>(&mut self, _writer: &mut W) -> io::Result<()> {
        self.begin();
        Ok(())
    }

    fn end_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.end(writer, b'[', b']')
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, _writer: &mut W, _first: bool) -> io::Result<()> {
        Ok(())
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _writer: &mut W) -> io::Result<()> {
        self.end_item();
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, _writer: &mut W) -> io::Result<()> {
        self.begin();
        Ok(())
    }

    fn end_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.end(writer, b'{', b'}')
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, _writer: &mut W, _first: bool) -> io::Result<()> {
        Ok(())
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.emit(writer, |b| b.write_all(b": "))
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _writer: &mut W) -> io::Result<()> {
        self.end_item();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn sample() -> serde_json::Value {
        json!({
            "doc_id": "3f9a0c1b2d4e5f60",
            "errors": [],
            "extraction": {"ocr_pages": [1, 2, 3], "empty": {}, "text": "tab\there \"quoted\" é"},
            "blocks": [{
                "tugas": ["Melaksanakan koordinasi kegiatan pemerintahan di wilayah kecamatan sesuai ketentuan", "b"],
                "cells": [
                    {"field": "sasaran", "page": 3, "bbox": [70.9, 550.9, 187.9, 675.4]},
                    {"field": "indikator", "page": 3, "bbox": [187.9, 550.9, 296.6, 675.4]}
                ],
                "nested": [[1, [2, []]], {"a": null, "b": true, "c": -1.5}]
            }]
        })
    }

    #[test]
    fn width_zero_is_the_pretty_printer() {
        let v = sample();
        assert_eq!(to_vec_width(&v, 0).unwrap(), serde_json::to_vec_pretty(&v).unwrap());
        assert_eq!(to_vec_width(&json!([]), 0).unwrap(), b"[]");
        assert_eq!(to_vec_width(&json!("x"), 0).unwrap(), b"\"x\"");
    }

    #[test]
    fn short_containers_on_one_line_long_ones_broken() {
        let v = sample();
        let text = String::from_utf8(to_vec(&v).unwrap()).unwrap();
        assert_eq!(serde_json::from_str::<serde_json::Value>(&text).unwrap(), v);
        assert!(text.contains("\n        {\"bbox\": [70.9, 550.9, 187.9, 675.4], \"field\": \"sasaran\", \"page\": 3},\n"), "{text}");
        assert!(text.contains("\"nested\": [[1, [2, []]], {\"a\": null, \"b\": true, \"c\": -1.5}]"), "{text}");
        assert!(text.contains("\"ocr_pages\": [1, 2, 3]"), "{text}");
        assert!(text.contains("\"tugas\": [\n        \"Melaksanakan"), "{text}");
        assert!(text.lines().all(|l| l.len() < WIDTH || !l.trim_end_matches(',').ends_with(['}', ']'])), "{text}");
    }
}
