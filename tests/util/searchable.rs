//! Searchable scans built in the test: a scanned fixture's page image (its
//! JPEG bytes as they are) with an invisible text layer of our choosing on top,
//! as scanner apps write them (text render mode 3).

use std::path::Path;

use lopdf::content::{Content, Operation};
use lopdf::{dictionary, Document, Object, Stream};

/// A one-page PDF: page `n` of `scanned` with `lines` written invisibly in
/// Helvetica 10, one line every 14 pt from 100 pt below the top.
pub fn scan_with_layer(scanned: &Path, n: u32, lines: &[&str]) -> Vec<u8> {
    let src = Document::load(scanned).expect("scanned fixture loads");
    let page_id = *src.get_pages().get(&n).expect("page exists");
    let media: Vec<f32> = src
        .get_dictionary(page_id)
        .and_then(|d| d.get(b"MediaBox"))
        .and_then(Object::as_array)
        .expect("MediaBox")
        .iter()
        .map(|o| o.as_float().unwrap_or_else(|_| o.as_i64().unwrap_or(0) as f32))
        .collect();
    let (w, h) = (media[2] - media[0], media[3] - media[1]);
    let image = src
        .get_page_images(page_id)
        .expect("page images")
        .into_iter()
        .next()
        .map(|i| Stream::new(i.origin_dict.clone(), i.content.to_vec()).with_compression(false))
        .expect("the page has an image");

    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let image_id = doc.add_object(image);
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica", "Encoding" => "WinAnsiEncoding",
    });
    let mut ops = vec![
        Operation::new("q", vec![]),
        Operation::new("cm", vec![w.into(), 0.into(), 0.into(), h.into(), 0.into(), 0.into()]),
        Operation::new("Do", vec!["Im0".into()]),
        Operation::new("Q", vec![]),
        Operation::new("BT", vec![]),
        Operation::new("Tr", vec![3.into()]),
        Operation::new("Tf", vec!["F1".into(), 10.into()]),
    ];
    for (i, line) in lines.iter().enumerate() {
        let y = h - 100.0 - 14.0 * i as f32;
        ops.push(Operation::new("Tm", vec![1.into(), 0.into(), 0.into(), 1.into(), 72.into(), y.into()]));
        ops.push(Operation::new("Tj", vec![Object::string_literal(*line)]));
    }
    ops.push(Operation::new("ET", vec![]));
    let content_id = doc.add_object(Stream::new(dictionary! {}, Content { operations: ops }.encode().expect("content encodes")));
    let page = doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "MediaBox" => vec![0.into(), 0.into(), w.into(), h.into()],
        "Contents" => content_id,
        "Resources" => dictionary! {
            "XObject" => dictionary! { "Im0" => image_id },
            "Font" => dictionary! { "F1" => font_id },
        },
    });
    doc.objects.insert(pages_id, Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 }));
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("PDF saves");
    out
}
