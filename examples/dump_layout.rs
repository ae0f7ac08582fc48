//! Prints the layout of a PDF's pages (lines and table grids), for debugging
//! table rebuilding (a searchable scan's rulings are taken from its image): `cargo run --example dump_layout -- FILE.pdf [FIRST [LAST]]`.
//! With `DUMP_DOCUMENT=1` the pages are laid out as one document (page
//! furniture dropped, tables cut by page breaks marked), as `iki ingest` does.

use iki::layout::{describe, layout_document, layout_page};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(path) = args.get(1) else {
        eprintln!("usage: dump_layout FILE.pdf [FIRST [LAST]]");
        std::process::exit(2);
    };
    let bytes = std::fs::read(path).expect("readable file");
    let doc = iki::pdf::open(&bytes, &Default::default()).expect("a PDF");
    let first: usize = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(1);
    let last: usize = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(doc.page_count());
    let whole = std::env::var_os("DUMP_DOCUMENT").is_some();
    let mut pages = Vec::new();
    for n in first..=last.min(doc.page_count()) {
        let mut page = doc.page(n).expect("readable page");
        // A searchable scan: the rulings come from the page image, as in `iki ingest`.
        if iki::ocr::overlay::is_text_over_scan(&page) {
            let img = doc.page_raster(n, 60_000_000).ok().flatten();
            if let (Some(img), Some(at)) = (img, iki::ocr::overlay::page_image(&page)) {
                page = iki::ocr::overlay::with_image_rules(page, &img, at);
            }
        }
        println!("=== page {n} ({} words, {} rules, {} images)", page.words.len(), page.rules.len(), page.images.len());
        // DUMP_WORDS=Y0-Y1: the words whose top lies in that band, with box and size.
        if let Some((y0, y1)) = std::env::var("DUMP_WORDS").ok().and_then(|v| {
            let (a, b) = v.split_once('-')?;
            Some((a.parse::<f32>().ok()?, b.parse::<f32>().ok()?))
        }) {
            for w in page.words.iter().filter(|w| w.bbox.y0 >= y0 && w.bbox.y0 <= y1) {
                println!("  w {:7.1} {:7.1} {:7.1} {:7.1} size {:5.1} {}", w.bbox.x0, w.bbox.y0, w.bbox.x1, w.bbox.y1, w.size, w.text);
            }
            for r in page.rules.iter() {
                println!("  rule {:?}", r);
            }
        }
        if whole {
            pages.push(page);
        } else {
            print!("{}", describe(&layout_page(&page)));
        }
    }
    if whole {
        print!("{}", describe(&layout_document(&pages)));
    }
}
