//! Interpreter tests on small PDFs built with lopdf, and real-file tests on
//! the project fixtures.

use lopdf::content::{Content, Operation};
use lopdf::{dictionary, Document, Object, ObjectId, Stream};

use super::*;
use crate::model::{Page, Rect};

const PAGE_W: f64 = 600.0;
const PAGE_H: f64 = 800.0;

/// Helvetica (WinAnsi), every glyph 500 units wide.
fn helvetica(doc: &mut Document) -> ObjectId {
    doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
        "Encoding" => "WinAnsiEncoding", "FirstChar" => 32,
        "Widths" => (32..=255).map(|_| Object::Integer(500)).collect::<Vec<_>>(),
    })
}

fn op(name: &str, operands: Vec<Object>) -> Operation {
    Operation::new(name, operands)
}

fn n(v: f64) -> Object {
    Object::Real(v as f32)
}

fn s(text: &str) -> Object {
    Object::string_literal(text)
}

/// A one-page PDF with `ops` as content, `F1` = Helvetica and extra resources.
fn build(ops: Vec<Operation>, extra: impl FnOnce(&mut Document, &mut lopdf::Dictionary)) -> Vec<u8> {
    build_with(ops, None, extra)
}

pub(super) fn build_with(ops: Vec<Operation>, rotate: Option<i64>, extra: impl FnOnce(&mut Document, &mut lopdf::Dictionary)) -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font = helvetica(&mut doc);
    let mut resources = dictionary! { "Font" => dictionary! { "F1" => font } };
    extra(&mut doc, &mut resources);
    let content = Content { operations: ops }.encode().expect("encode content");
    let content_id = doc.add_object(Stream::new(dictionary! {}, content));
    let mut page = dictionary! {
        "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
        "Resources" => resources,
        "MediaBox" => vec![0.into(), 0.into(), n(PAGE_W), n(PAGE_H)],
    };
    if let Some(r) = rotate {
        page.set("Rotate", r);
    }
    let page_id = doc.add_object(page);
    doc.objects.insert(pages_id, Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1 }));
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("save");
    out
}

fn page_of(bytes: &[u8]) -> Page {
    let doc = open(bytes, &Limits::default()).expect("open");
    assert_eq!(doc.page_count(), 1);
    doc.page(1).expect("page")
}

fn text_ops(x: f64, y: f64, size: f64, body: Vec<Operation>) -> Vec<Operation> {
    let mut ops = vec![op("BT", vec![]), op("Tf", vec!["F1".into(), n(size)]), op("Td", vec![n(x), n(y)])];
    ops.extend(body);
    ops.push(op("ET", vec![]));
    ops
}

fn texts(p: &Page) -> Vec<&str> {
    p.words.iter().map(|w| w.text.as_str()).collect()
}

fn close(a: f32, b: f64) -> bool {
    (a as f64 - b).abs() < 0.01
}

fn assert_rect(r: &Rect, x0: f64, y0: f64, x1: f64, y1: f64) {
    assert!(close(r.x0, x0) && close(r.y0, y0) && close(r.x1, x1) && close(r.y1, y1), "{r:?} != [{x0} {y0} {x1} {y1}]");
}

#[test]
fn td_position_and_word_split_on_space() {
    let p = page_of(&build(text_ops(100.0, 700.0, 10.0, vec![op("Tj", vec![s("Hello World")])]), |_, _| {}));
    assert_eq!(texts(&p), ["Hello", "World"]);
    assert_eq!((p.width, p.height), (600.0, 800.0));
    // 5 glyphs of 5pt; baseline at y = 800 - 700 = 100.
    assert_rect(&p.words[0].bbox, 100.0, 92.0, 125.0, 102.0);
    assert_rect(&p.words[1].bbox, 130.0, 92.0, 155.0, 102.0);
    assert!(close(p.words[0].size, 10.0));
    assert_eq!(p.words[0].conf, None);
    assert_eq!(p.source, PageSource::Text);
}

#[test]
fn tj_kerning_splits_only_on_large_gaps() {
    let arr = |k: f64| Object::Array(vec![s("Ab"), n(k), s("cd")]);
    let p = page_of(&build(text_ops(100.0, 700.0, 10.0, vec![op("TJ", vec![arr(-100.0)])]), |_, _| {}));
    assert_eq!(texts(&p), ["Abcd"]);
    assert_rect(&p.words[0].bbox, 100.0, 92.0, 121.0, 102.0);
    let p = page_of(&build(text_ops(100.0, 700.0, 10.0, vec![op("TJ", vec![arr(-400.0)])]), |_, _| {}));
    assert_eq!(texts(&p), ["Ab", "cd"]);
    assert!(close(p.words[1].bbox.x0, 114.0));
}

#[test]
fn horizontal_scaling_and_spacing() {
    let body = vec![
        op("Tz", vec![n(50.0)]),
        op("Tj", vec![s("abcd")]),
        op("Tz", vec![n(100.0)]),
        op("Tw", vec![n(20.0)]),
        op("Tj", vec![s(" x")]),
    ];
    let p = page_of(&build(text_ops(100.0, 700.0, 10.0, body), |_, _| {}));
    assert_eq!(texts(&p), ["abcd", "x"]);
    // 4 glyphs * 5pt * 50 %.
    assert!(close(p.words[0].bbox.x1, 110.0));
    // The space advances 5pt + 20pt word spacing.
    assert!(close(p.words[1].bbox.x0, 135.0));
}

#[test]
fn cm_scales_position_and_size() {
    let mut ops = vec![op("cm", vec![n(2.0), n(0.0), n(0.0), n(2.0), n(50.0), n(50.0)])];
    ops.extend(text_ops(10.0, 10.0, 10.0, vec![op("Tj", vec![s("ab")])]));
    let p = page_of(&build(ops, |_, _| {}));
    assert_eq!(texts(&p), ["ab"]);
    let w = &p.words[0];
    assert!(close(w.size, 20.0));
    // Origin (70, 70) in user space -> y = 730 from the top.
    assert_rect(&w.bbox, 70.0, 730.0 - 16.0, 90.0, 734.0);
}

#[test]
fn text_lines_t_star_and_quote() {
    let body = vec![
        op("TL", vec![n(14.0)]),
        op("Tj", vec![s("one")]),
        op("T*", vec![]),
        op("Tj", vec![s("two")]),
        op("'", vec![s("three")]),
        op("Tm", vec![n(1.0), n(0.0), n(0.0), n(1.0), n(300.0), n(400.0)]),
        op("Tj", vec![s("four")]),
    ];
    let p = page_of(&build(text_ops(100.0, 700.0, 10.0, body), |_, _| {}));
    assert_eq!(texts(&p), ["one", "two", "three", "four"]);
    assert!(close(p.words[1].bbox.y1, 116.0));
    assert!(close(p.words[2].bbox.y1, 130.0));
    assert!(close(p.words[3].bbox.x0, 300.0) && close(p.words[3].bbox.y1, 402.0));
}

#[test]
fn gap_of_a_quarter_em_splits_but_tight_kerning_does_not() {
    let body = vec![
        op("Tj", vec![s("1.")]),
        op("Td", vec![n(15.0), n(0.0)]), // 12pt of glyphs + 3pt gap
        op("Tj", vec![s("Jabatan")]),
        op("Td", vec![n(43.0), n(0.0)]), // 42pt of glyphs + 1pt gap
        op("Tj", vec![s("x")]),
    ];
    let p = page_of(&build(text_ops(100.0, 700.0, 12.0, body), |_, _| {}));
    assert_eq!(texts(&p), ["1.", "Jabatanx"]);
}

#[test]
fn simulated_bold_duplicates_are_dropped() {
    let body = vec![
        op("Tj", vec![s("Bold")]),
        op("Td", vec![n(0.3), n(0.0)]),
        op("Tj", vec![s("Bold")]),
        op("Td", vec![n(100.0), n(0.0)]),
        op("Tj", vec![s("Bold")]),
    ];
    let p = page_of(&build(text_ops(100.0, 700.0, 10.0, body), |_, _| {}));
    assert_eq!(texts(&p), ["Bold", "Bold"]);
}

#[test]
fn baseline_change_splits_words() {
    // Two strings that touch horizontally but sit on different baselines.
    let body = vec![op("Tj", vec![s("ab")]), op("Td", vec![n(10.0), n(-12.0)]), op("Tj", vec![s("cd")])];
    let p = page_of(&build(text_ops(100.0, 700.0, 10.0, body), |_, _| {}));
    assert_eq!(texts(&p), ["ab", "cd"]);
}

#[test]
fn winansi_symbols_decode() {
    let bytes = vec![0x95, b' ', 0x96, b' ', 0xD7, b' ', b'1', b'0', b'0', b'%'];
    let body = vec![op("Tj", vec![Object::String(bytes, lopdf::StringFormat::Literal)])];
    let p = page_of(&build(text_ops(100.0, 700.0, 10.0, body), |_, _| {}));
    assert_eq!(texts(&p), ["•", "–", "×", "100%"]);
}

/// Adds a font under the resource name `F2`.
fn with_font(font: lopdf::Dictionary) -> impl FnOnce(&mut Document, &mut lopdf::Dictionary) {
    move |doc, res| {
        let id = doc.add_object(font);
        if let Ok(Object::Dictionary(fonts)) = res.get_mut(b"Font") {
            fonts.set("F2", id);
        }
    }
}

#[test]
fn type0_identity_h_with_tounicode_and_w() {
    let body = |doc: &mut Document, res: &mut lopdf::Dictionary| {
        let tu = doc.add_object(Stream::new(
            dictionary! {},
            b"1 begincodespacerange <0000> <FFFF> endcodespacerange
              2 beginbfchar <0003> <0020> <0010> <00660069> endbfchar
              1 beginbfrange <0020> <0022> [<03A3> <00D7> <2756>] endbfrange"
                .to_vec(),
        ));
        let cid = doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "CIDFontType2", "DW" => 1000,
            "W" => vec![Object::Integer(3), Object::Integer(3), Object::Integer(250), Object::Integer(16), Object::Array(vec![Object::Integer(600)])],
        });
        with_font(dictionary! {
            "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "AAAAAA+LiberationSerif", "Encoding" => "Identity-H",
            "DescendantFonts" => vec![Object::Reference(cid)], "ToUnicode" => tu,
        })(doc, res)
    };
    let codes = vec![0x00, 0x10, 0x00, 0x20, 0x00, 0x03, 0x00, 0x21, 0x00, 0x22];
    let ops = vec![
        op("BT", vec![]),
        op("Tf", vec!["F2".into(), n(10.0)]),
        op("Td", vec![n(100.0), n(700.0)]),
        op("Tj", vec![Object::String(codes, lopdf::StringFormat::Hexadecimal)]),
        op("ET", vec![]),
    ];
    let p = page_of(&build(ops, body));
    assert_eq!(texts(&p), ["fiΣ", "×❖"]);
    // "fi" 6pt + Σ 10pt (DW), space 2.5pt.
    assert_rect(&p.words[0].bbox, 100.0, 92.0, 116.0, 102.0);
    assert!(close(p.words[1].bbox.x0, 118.5));
}

#[test]
fn type3_font_uses_font_matrix_and_tounicode() {
    let body = |doc: &mut Document, res: &mut lopdf::Dictionary| {
        let tu = doc
            .add_object(Stream::new(dictionary! {}, b"1 beginbfchar <01> <0041> endbfchar 1 beginbfchar <02> <0042> endbfchar".to_vec()));
        let proc_id = doc.add_object(Stream::new(dictionary! {}, b"500 0 d0".to_vec()));
        with_font(dictionary! {
            "Type" => "Font", "Subtype" => "Type3",
            "FontMatrix" => vec![n(0.001), 0.into(), 0.into(), n(-0.001), 0.into(), 0.into()],
            "FontBBox" => vec![0.into(), 0.into(), 1000.into(), 1000.into()],
            "FirstChar" => 1, "LastChar" => 2, "Widths" => vec![Object::Integer(400), Object::Integer(800)],
            "Encoding" => dictionary! { "Type" => "Encoding", "Differences" => vec![1.into(), "g1".into(), "g2".into()] },
            "CharProcs" => dictionary! { "g1" => proc_id, "g2" => proc_id },
            "ToUnicode" => tu,
        })(doc, res)
    };
    let ops = vec![
        op("BT", vec![]),
        op("Tf", vec!["F2".into(), n(20.0)]),
        op("Td", vec![n(100.0), n(700.0)]),
        op("Tj", vec![Object::String(vec![1, 2, 1], lopdf::StringFormat::Hexadecimal)]),
        op("ET", vec![]),
    ];
    let p = page_of(&build(ops, body));
    assert_eq!(texts(&p), ["ABA"]);
    // 400 + 800 + 400 glyph units * 0.001 * 20pt.
    assert_rect(&p.words[0].bbox, 100.0, 84.0, 132.0, 104.0);
    assert!(close(p.words[0].size, 20.0));
}

#[test]
fn control_characters_are_dropped() {
    let body = |doc: &mut Document, res: &mut lopdf::Dictionary| {
        let tu = doc.add_object(Stream::new(dictionary! {}, b"2 beginbfchar <41> <0000> <42> <0042> endbfchar".to_vec()));
        with_font(dictionary! { "Type" => "Font", "Subtype" => "TrueType", "ToUnicode" => tu,
        "FirstChar" => 65, "Widths" => vec![Object::Integer(500), Object::Integer(500)] })(doc, res)
    };
    let ops = vec![op("BT", vec![]), op("Tf", vec!["F2".into(), n(10.0)]), op("Tj", vec![s("ABA")]), op("ET", vec![])];
    let p = page_of(&build(ops, body));
    assert_eq!(texts(&p), ["B"]);
}

#[test]
fn invisible_text_is_kept() {
    let body = vec![op("Tr", vec![3.into()]), op("Tj", vec![s("hidden")])];
    let p = page_of(&build(text_ops(100.0, 700.0, 10.0, body), |_, _| {}));
    assert_eq!(texts(&p), ["hidden"]);
}

#[test]
fn thin_filled_rectangles_are_rules() {
    let ops = vec![
        op("re", vec![n(100.0), n(100.0), n(200.0), n(0.5)]),
        op("f", vec![]),
        op("re", vec![n(50.0), n(200.0), n(1.0), n(300.0)]),
        op("f", vec![]),
        // A cell background: not a rule.
        op("re", vec![n(100.0), n(200.0), n(300.0), n(100.0)]),
        op("f", vec![]),
    ];
    let p = page_of(&build(ops, |_, _| {}));
    assert_eq!(p.rules.len(), 2);
    assert!(p.rules[0].is_horizontal());
    assert_rect(&p.rules[0].rect, 100.0, 699.5, 300.0, 700.0);
    assert!(!p.rules[1].is_horizontal());
    assert_rect(&p.rules[1].rect, 50.0, 300.0, 51.0, 600.0);
}

#[test]
fn stroked_lines_and_rectangles_are_rules() {
    let ops = vec![
        op("w", vec![n(2.0)]),
        op("m", vec![n(50.0), n(50.0)]),
        op("l", vec![n(50.0), n(300.0)]),
        op("S", vec![]),
        // A diagonal is not a ruling.
        op("m", vec![n(0.0), n(0.0)]),
        op("l", vec![n(100.0), n(100.0)]),
        op("S", vec![]),
        op("w", vec![n(0.0)]),
        op("re", vec![n(100.0), n(100.0), n(200.0), n(100.0)]),
        op("S", vec![]),
        // A clipping path paints nothing.
        op("re", vec![n(0.0), n(0.0), n(600.0), n(1.0)]),
        op("W", vec![]),
        op("n", vec![]),
    ];
    let p = page_of(&build(ops, |_, _| {}));
    assert_eq!(p.rules.len(), 5, "{:?}", p.rules);
    assert_rect(&p.rules[0].rect, 49.0, 500.0, 51.0, 750.0);
    let h = p.rules[1..].iter().filter(|r| r.is_horizontal()).count();
    assert_eq!(h, 2);
    // Zero line width still gives a visible 0.1pt rule.
    assert!(close(p.rules[1].rect.height(), 0.1));
}

#[test]
fn form_xobject_recursion_with_matrix_and_resources() {
    let ops = vec![op("cm", vec![n(1.0), n(0.0), n(0.0), n(1.0), n(0.0), n(-100.0)]), op("Do", vec!["Fm1".into()])];
    let bytes = build(ops, |doc, res| {
        let font = helvetica(doc);
        let inner = Content {
            operations: vec![
                op("BT", vec![]),
                op("Tf", vec!["G1".into(), n(10.0)]),
                op("Td", vec![n(10.0), n(700.0)]),
                op("Tj", vec![s("inside")]),
                op("ET", vec![]),
                op("re", vec![n(10.0), n(650.0), n(100.0), n(1.0)]),
                op("f", vec![]),
                // Painting itself again must not loop.
                op("Do", vec!["Fm1".into()]),
            ],
        }
        .encode()
        .expect("encode");
        let form_id = doc.new_object_id();
        let form = Stream::new(
            dictionary! {
                "Type" => "XObject", "Subtype" => "Form",
                "BBox" => vec![0.into(), 0.into(), 600.into(), 800.into()],
                "Matrix" => vec![1.into(), 0.into(), 0.into(), 1.into(), 50.into(), 0.into()],
                "Resources" => dictionary! {
                    "Font" => dictionary! { "G1" => font },
                    "XObject" => dictionary! { "Fm1" => form_id },
                },
            },
            inner,
        );
        doc.objects.insert(form_id, Object::Stream(form));
        res.set("XObject", dictionary! { "Fm1" => form_id });
    });
    let p = page_of(&bytes);
    assert_eq!(texts(&p), ["inside"]);
    // Form matrix then page cm: origin (60, 600) -> top-left y 200.
    assert!(close(p.words[0].bbox.x0, 60.0) && close(p.words[0].bbox.y1, 202.0));
    assert_eq!(p.rules.len(), 1);
    assert_rect(&p.rules[0].rect, 60.0, 249.0, 160.0, 250.0);
}

#[test]
fn form_fan_out_is_bounded() {
    // Each level paints the next one 50 times: 50^6 paintings without bounds.
    let bytes = build(vec![op("Do", vec!["X0".into()])], |doc, res| {
        let mut next: Option<ObjectId> = None;
        for level in (0..6).rev() {
            let mut ops: Vec<Operation> = vec![op("re", vec![n(0.0), n(0.0), n(100.0), n(1.0)]), op("f", vec![])];
            let mut xres = lopdf::Dictionary::new();
            if let Some(id) = next {
                ops.extend((0..50).map(|_| op("Do", vec!["X".into()])));
                xres.set("XObject", dictionary! { "X" => id });
            }
            let content = Content { operations: ops }.encode().expect("encode");
            let id = doc.add_object(Stream::new(
                dictionary! { "Type" => "XObject", "Subtype" => "Form", "Resources" => xres,
                "BBox" => vec![0.into(), 0.into(), 100.into(), 100.into()] },
                content,
            ));
            next = Some(id);
            if level == 0 {
                res.set("XObject", dictionary! { "X0" => id });
            }
        }
    });
    let limits = Limits { max_ops_per_page: 20_000, ..Limits::default() };
    let d = open(&bytes, &limits).expect("open");
    let started = std::time::Instant::now();
    let p = d.page(1).expect("page");
    assert!(started.elapsed().as_secs() < 10);
    assert!(!p.rules.is_empty() && p.rules.len() <= 20_000);
}

#[test]
fn images_are_recorded() {
    let ops = vec![
        op("q", vec![]),
        op("cm", vec![n(200.0), n(0.0), n(0.0), n(100.0), n(50.0), n(50.0)]),
        op("Do", vec!["Im1".into()]),
        op("Q", vec![]),
    ];
    let bytes = build(ops, |doc, res| {
        let img = doc.add_object(Stream::new(
            dictionary! { "Type" => "XObject", "Subtype" => "Image", "Width" => 1, "Height" => 1,
            "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8 },
            vec![0x80],
        ));
        res.set("XObject", dictionary! { "Im1" => img });
    });
    let p = page_of(&bytes);
    assert_eq!(p.images.len(), 1);
    assert_rect(&p.images[0], 50.0, 650.0, 250.0, 750.0);

    // An inline image, with binary data that looks like operators.
    let content = b"q 10 0 0 20 100 100 cm BI /W 2 /H 1 /BPC 8 /CS /G ID \x00(Tj EI\nQ BT /F1 10 Tf 1 0 0 1 100 300 Tm (after) Tj ET";
    let p = page_of(&with_raw_content(content));
    assert_eq!(p.images.len(), 1);
    assert_rect(&p.images[0], 100.0, 680.0, 110.0, 700.0);
    assert_eq!(texts(&p), ["after"]);
}

/// A one-page PDF whose content stream is exactly `content` (unparsed, so it
/// may be hostile).
fn with_raw_content(content: &[u8]) -> Vec<u8> {
    let bytes = build(vec![], |_, _| {});
    let mut doc = Document::load_mem(&bytes).expect("reload");
    let pid = doc.page_iter().next().expect("page");
    let cid = doc.get_page_contents(pid)[0];
    doc.objects.insert(cid, Object::Stream(Stream::new(dictionary! {}, content.to_vec())));
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("save");
    out
}

#[test]
fn rotated_page_maps_to_displayed_coordinates() {
    let bytes = build_with(text_ops(100.0, 700.0, 10.0, vec![op("Tj", vec![s("up")])]), Some(90), |_, _| {});
    let p = page_of(&bytes);
    assert_eq!((p.width, p.height), (800.0, 600.0));
    // Rotated 90° clockwise: user (x, y) -> (y, x) on the displayed page.
    let w = &p.words[0];
    assert!(w.bbox.x0 >= 690.0 && w.bbox.x1 <= 712.0, "{:?}", w.bbox);
    assert!(close(w.bbox.y0, 100.0) && close(w.bbox.y1, 110.0), "{:?}", w.bbox);
}

#[test]
fn hostile_content_does_not_panic() {
    let junk: &[&[u8]] = &[
        b"BT /F9 12 Tf (abc) Tj ET Q Q Q q",
        b"[[[[[ ( unterminated",
        b"1 2 3 4 5 6 7 8 9 cm TJ Tj ' \" Td re m l c S f Do BI ID",
        b"<< /A << /B >> >> BDC (x) Tj EMC 1e309 0 0 1 0 0 cm",
        b"BT /F1 1e30 Tf 1 0 0 1 1e30 1e30 Tm (x) Tj ET",
    ];
    for content in junk {
        let d = open(&with_raw_content(content), &Limits::default()).expect("open");
        let _ = d.page(1);
        assert!(d.page(2).is_err());
        assert!(d.page(0).is_err());
    }
}

#[test]
fn op_limit_bounds_work() {
    let ops: Vec<Operation> = (0..100).map(|i| op("re", vec![n(i as f64), n(0.0), n(1.0), n(100.0)])).chain([op("f", vec![])]).collect();
    let bytes = build(ops, |_, _| {});
    let limits = Limits { max_ops_per_page: 10, ..Limits::default() };
    let d = open(&bytes, &limits).expect("open");
    assert!(d.page(1).expect("page").rules.is_empty());
    let d = open(&bytes, &Limits::default()).expect("open");
    assert_eq!(d.page(1).expect("page").rules.len(), 100);
}

// ---- Real files -------------------------------------------------------------

macro_rules! fixture {
    ($p:literal) => {
        concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/", $p)
    };
}

fn read(path: &str) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn open_err(path: &str) -> ErrorCode {
    match open(&read(path), &Limits::default()) {
        Ok(_) => panic!("{path} opened"),
        Err(e) => {
            assert!(e.message.len() > 30 && e.page.is_none());
            e.code
        }
    }
}

fn words_of(doc: &PdfDoc, page: usize) -> Vec<String> {
    doc.page(page).expect("page").words.into_iter().map(|w| w.text).collect()
}

#[test]
fn chromium_identity_h_and_type3_page() {
    let doc = open(&read(fixture!("digital/jabung-2022__digital-chromium.pdf")), &Limits::default()).expect("open");
    assert_eq!(doc.page_count(), 16);
    let page = doc.page(3).expect("page 3");
    let words: Vec<&str> = texts(&page);
    for w in ["SEKRETARIS", "KECAMATAN", "Σ", "×", "100%", "❖", "Melaksanakan", "koordinasi", "Persentase"] {
        assert!(words.contains(&w), "missing {w:?} in {words:?}");
    }
    let h = page.rules.iter().filter(|r| r.is_horizontal()).count();
    let v = page.rules.len() - h;
    assert!(h >= 10 && v >= 5, "h={h} v={v}");
    // Words lie on the page.
    for w in &page.words {
        assert!(w.bbox.x0 >= 0.0 && w.bbox.x1 <= page.width && w.bbox.y0 >= 0.0 && w.bbox.y1 <= page.height, "{w:?}");
        assert!(w.size > 4.0 && w.size < 30.0);
    }
    assert!(page.images.is_empty());
    assert!(doc.page_id(3).is_some() && doc.page_id(17).is_none());
}

#[test]
fn office_truetype_winansi_pages() {
    let doc = open(&read(fixture!("digital/kromengan-2019__digital-office.pdf")), &Limits::default()).expect("open");
    assert_eq!(doc.page_count(), 15);
    let all: Vec<String> = (1..=doc.page_count()).flat_map(|p| words_of(&doc, p)).collect();
    assert!(all.iter().any(|w| w == "Jumlah"));
    let p3 = words_of(&doc, 3);
    assert!(p3.iter().filter(|w| w.contains('Σ')).count() >= 8, "{p3:?}");
    assert!(p3.iter().any(|w| w == "×"));
    assert!(p3.iter().any(|w| w == "100%"));

    let doc = open(&read(fixture!("digital/kanigaran-2024__digital-office.pdf")), &Limits::default()).expect("open");
    assert_eq!(doc.page_count(), 36);
    let p3 = words_of(&doc, 3);
    for w in ["SEKRETARIS", "Σ", "Jumlah"] {
        assert!(p3.iter().any(|x| x == w), "missing {w}");
    }
}

#[test]
fn broken_inputs_are_classified() {
    assert_eq!(open_err(fixture!("broken/empty.pdf")), ErrorCode::EmptyFile);
    assert_eq!(open_err(fixture!("broken/catatan-rapat.pdf")), ErrorCode::NotPdf);
    assert_eq!(open_err(fixture!("broken/foto-sk-camat.pdf")), ErrorCode::NotPdf);
    assert_eq!(open_err(fixture!("broken/kanigaran-2024__user-password.pdf")), ErrorCode::EncryptedPdf);
    assert_eq!(open_err(fixture!("broken/kanigaran-2024__truncated.pdf")), ErrorCode::TruncatedPdf);
    let jpeg = open(&read(fixture!("broken/foto-sk-camat.pdf")), &Limits::default()).err().expect("error");
    assert!(jpeg.message.contains("JPEG"));
}

#[test]
fn damaged_xref_and_owner_password_open() {
    for path in [fixture!("broken/kromengan-2019__bad-xref.pdf"), fixture!("broken/kromengan-2019__owner-password.pdf")] {
        let doc = open(&read(path), &Limits::default()).expect(path);
        assert_eq!(doc.page_count(), 14, "{path}");
        let p3 = words_of(&doc, 3);
        assert!(p3.iter().any(|w| w == "Σ") && p3.iter().any(|w| w == "Jumlah"), "{path}: {p3:?}");
    }
}

#[test]
fn own_xref_repair_rebuilds_a_wiped_table() {
    // Destroy every xref keyword and offset so the loader must scan for objects.
    let mut bytes = build(text_ops(100.0, 700.0, 10.0, vec![op("Tj", vec![s("repaired")])]), |_, _| {});
    let at = bytes.windows(4).rposition(|w| w == b"xref").expect("xref");
    let tail: Vec<u8> = bytes[at..].iter().map(|&b| if b.is_ascii_digit() { b'9' } else { b }).collect();
    bytes.truncate(at);
    bytes.extend_from_slice(&tail);
    let p = page_of(&bytes);
    assert_eq!(texts(&p), ["repaired"]);
}

#[test]
fn too_many_pages_is_too_large() {
    let bytes = build(vec![], |_, _| {});
    let limits = Limits { max_pages: 0, ..Limits::default() };
    assert_eq!(open(&bytes, &limits).err().map(|e| e.code), Some(ErrorCode::TooLarge));
}
