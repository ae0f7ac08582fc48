//! OCRs one page of a scanned PDF and prints its layout, for debugging the OCR
//! path: `cargo run --release --example dump_ocr -- FILE.pdf PAGE`.

use iki::layout::{describe, layout_page};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        eprintln!("usage: dump_ocr FILE.pdf PAGE");
        std::process::exit(2);
    }
    let (path, n) = (&args[1], args[2].parse::<usize>().expect("page number"));
    let doc = iki::pdf::open(&std::fs::read(path).expect("file"), &Default::default()).expect("pdf");
    let text = doc.page(n).expect("page");
    let img = doc.page_raster(n, 60_000_000).expect("raster").expect("an image");
    let (page, stats) = iki::ocr::recognize(&img, n, text.width, text.height, &Default::default()).expect("ocr");
    println!("=== page {n}: {} words, {} rules, {stats:?}", page.words.len(), page.rules.len());
    print!("{}", describe(&layout_page(&page)));
}
