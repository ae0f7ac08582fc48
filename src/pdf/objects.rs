//! Small helpers to read lopdf objects defensively (bounded dereferencing).

use lopdf::{Dictionary, Document, Object, ObjectId, Stream};

/// Follows references (at most 16 hops); a dangling reference yields `Null`.
pub(super) fn deref<'a>(doc: &'a Document, mut obj: &'a Object) -> &'a Object {
    static NULL: Object = Object::Null;
    for _ in 0..16 {
        match obj {
            Object::Reference(id) => match doc.get_object(*id) {
                Ok(o) => obj = o,
                Err(_) => return &NULL,
            },
            _ => return obj,
        }
    }
    &NULL
}

/// A number (integer or real), following references.
pub(super) fn num(doc: &Document, obj: &Object) -> Option<f64> {
    match deref(doc, obj) {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) if r.is_finite() => Some(*r as f64),
        _ => None,
    }
}

pub(super) fn array_of<'a>(doc: &'a Document, obj: &'a Object) -> Option<&'a Vec<Object>> {
    deref(doc, obj).as_array().ok()
}

pub(super) fn dict_of<'a>(doc: &'a Document, obj: &'a Object) -> Option<&'a Dictionary> {
    match deref(doc, obj) {
        Object::Dictionary(d) => Some(d),
        Object::Stream(s) => Some(&s.dict),
        _ => None,
    }
}

/// The object id behind a reference, if any.
pub(super) fn ref_id(obj: &Object) -> Option<ObjectId> {
    obj.as_reference().ok()
}

/// Decoded stream data, bounded by `max` bytes; undecodable streams yield `None`.
pub(super) fn stream_bytes(doc: &Document, obj: &Object, max: usize) -> Option<Vec<u8>> {
    decode_stream(deref(doc, obj).as_stream().ok()?, max).ok()
}

/// Why a stream could not be decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum DecodeError {
    TooLarge,
    Damaged,
}

/// Decodes a stream within `max` bytes. A damaged single-Flate stream yields
/// the data that could be inflated before the damage.
pub(super) fn decode_stream(s: &Stream, max: usize) -> Result<Vec<u8>, DecodeError> {
    match s.get_plain_content_with_limit(max) {
        Ok(d) => Ok(d),
        Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. })) => Err(DecodeError::TooLarge),
        Err(_) => {
            let single_flate = matches!(s.filters().as_deref(), Ok([b"FlateDecode"]) | Ok([b"Fl"]));
            if !single_flate || s.dict.has(b"DecodeParms") {
                return Err(DecodeError::Damaged);
            }
            let partial = inflate_partial(&s.content, max)?;
            if partial.is_empty() {
                Err(DecodeError::Damaged)
            } else {
                Ok(partial)
            }
        }
    }
}

/// Filters whose output is an image, not bytes: they end a filter chain and
/// are decoded by `pdf::image`.
const IMAGE_CODECS: [&[u8]; 4] = [b"DCTDecode", b"JPXDecode", b"JBIG2Decode", b"CCITTFaxDecode"];

/// An image codec that ends a stream's filter chain, with its /DecodeParms.
pub(super) struct Codec<'a> {
    pub name: &'a [u8],
    pub parms: Option<&'a Dictionary>,
}

/// A stream's data with every byte filter applied (Flate, LZW, ASCII85,
/// predictors ...) within `max` bytes, and the image codec that ends the chain,
/// if any, left to the caller.
pub(super) fn decode_to_codec<'a>(doc: &'a Document, s: &'a Stream, max: usize) -> Result<(Vec<u8>, Option<Codec<'a>>), DecodeError> {
    let filters: Vec<&[u8]> = match s.dict.get(b"Filter").map(|o| deref(doc, o)) {
        Ok(Object::Name(n)) => vec![n],
        Ok(Object::Array(a)) => a.iter().take(8).filter_map(|o| deref(doc, o).as_name().ok()).collect(),
        _ => Vec::new(),
    };
    let parms: Vec<Option<&Dictionary>> = match s.dict.get(b"DecodeParms").map(|o| deref(doc, o)) {
        Ok(Object::Dictionary(d)) => vec![Some(d)],
        Ok(Object::Array(a)) => a.iter().take(8).map(|o| dict_of(doc, o)).collect(),
        _ => Vec::new(),
    };
    let codec = match filters.last() {
        Some(name) if IMAGE_CODECS.contains(name) => Some(Codec { name, parms: parms.get(filters.len() - 1).copied().flatten() }),
        _ => None,
    };
    let leading = filters.len() - usize::from(codec.is_some());
    let data = if leading == 0 {
        if s.content.len() > max {
            return Err(DecodeError::TooLarge);
        }
        s.content.clone()
    } else if codec.is_none() {
        decode_stream(s, max)?
    } else {
        // Only the byte filters before the codec, with their parameters.
        let mut dict = Dictionary::new();
        dict.set("Filter", Object::Array(filters[..leading].iter().map(|n| Object::Name(n.to_vec())).collect()));
        if parms.len() > 1 {
            let p = parms[..leading.min(parms.len())].iter().map(|p| p.map_or(Object::Null, |d| Object::Dictionary(d.clone())));
            dict.set("DecodeParms", Object::Array(p.collect()));
        }
        decode_stream(&Stream::new(dict, s.content.clone()), max)?
    };
    Ok((data, codec))
}

/// Inflates as much of a zlib (or raw deflate) stream as possible, up to `max` bytes.
fn inflate_partial(data: &[u8], max: usize) -> Result<Vec<u8>, DecodeError> {
    use std::io::Read;
    let mut out = Vec::new();
    let mut buf = [0u8; 16 * 1024];
    let mut read_all = |mut r: Box<dyn Read + '_>, out: &mut Vec<u8>| -> Result<(), DecodeError> {
        loop {
            match r.read(&mut buf) {
                Ok(0) | Err(_) => return Ok(()),
                Ok(n) => {
                    if out.len() + n > max {
                        return Err(DecodeError::TooLarge);
                    }
                    out.extend_from_slice(&buf[..n]);
                }
            }
        }
    };
    read_all(Box::new(flate2::read::ZlibDecoder::new(data)), &mut out)?;
    if out.is_empty() {
        read_all(Box::new(flate2::read::DeflateDecoder::new(data)), &mut out)?;
    }
    Ok(out)
}

/// Numbers of an array (e.g. a box or matrix).
pub(super) fn numbers(doc: &Document, obj: &Object) -> Vec<f64> {
    array_of(doc, obj).map(|a| a.iter().take(64).filter_map(|o| num(doc, o)).collect()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::dictionary;
    use std::io::Write;

    fn zlib(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(data).expect("write");
        e.finish().expect("finish")
    }

    #[test]
    fn damaged_flate_yields_the_readable_prefix() {
        let text: Vec<u8> = (0..2000).flat_map(|i| format!("BT ({i}) Tj ET\n").into_bytes()).collect();
        let mut z = zlib(&text);
        let keep = z.len() * 2 / 3;
        z.truncate(keep);
        z.extend_from_slice(&[0xFF; 16]);
        let s = Stream::new(dictionary! { "Filter" => "FlateDecode" }, z);
        let d = decode_stream(&s, 1 << 20).expect("partial data");
        assert!(d.len() > 1000 && text.starts_with(&d[..1000]));
        assert_eq!(decode_stream(&s, 10), Err(DecodeError::TooLarge));
        let garbage = Stream::new(dictionary! { "Filter" => "FlateDecode" }, vec![1, 2, 3]);
        assert!(decode_stream(&garbage, 1 << 20).map_or(true, |d| d.is_empty()));
    }
}
