//! Prints, per page, the bottom of the lowest table and of the lowest text, to
//! study how tables meet page breaks: `cargo run --example page_ends -- FILE.pdf`.
use iki::layout::{layout_page, Element};
fn main() {
    let path = std::env::args().nth(1).expect("usage: page_ends FILE.pdf");
    let doc = iki::pdf::open(&std::fs::read(path).expect("file"), &Default::default()).expect("pdf");
    for n in 1..=doc.page_count() {
        let page = doc.page(n).expect("page");
        let els = layout_page(&page);
        let last = els.last();
        let desc = match last {
            Some(Element::Table(t)) => format!("TABLE bottom={:.1} rows={} open={}", t.bbox.y1, t.nrows(), t.open_bottom),
            Some(Element::Line(l)) => format!("line bottom={:.1} {:?}", l.bbox.y1, l.text.chars().take(30).collect::<String>()),
            None => "empty".into(),
        };
        let first = match els.first() {
            Some(Element::Table(t)) => format!("TABLE top={:.1}", t.bbox.y0),
            Some(Element::Line(l)) => format!("line top={:.1}", l.bbox.y0),
            None => "-".into(),
        };
        println!("p{n:<3} h={:.0} first: {first:<20} last: {desc}", page.height);
    }
}
