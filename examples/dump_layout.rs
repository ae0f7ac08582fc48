//! Prints the layout of a PDF's pages (lines and table grids), for debugging
//! table rebuilding: `cargo run --example dump_layout -- FILE.pdf [FIRST [LAST]]`.

use iki::layout::{layout_page, Element};

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
    for n in first..=last.min(doc.page_count()) {
        let page = doc.page(n).expect("readable page");
        println!("=== page {n} ({} words, {} rules, {} images)", page.words.len(), page.rules.len(), page.images.len());
        for e in layout_page(&page) {
            match e {
                Element::Line(l) => println!("{:6.1} {:6.1} | {}", l.bbox.y0, l.bbox.x0, l.text),
                Element::Table(t) => {
                    println!("{:6.1} TABLE {}x{} cols {:?}", t.bbox.y0, t.nrows(), t.ncols(), t.col_x.iter().map(|x| x.round()).collect::<Vec<_>>());
                    for r in 0..t.nrows() {
                        let cells: Vec<String> = (0..t.ncols()).map(|c| t.text(r, c).chars().take(40).collect()).collect();
                        println!("   r{r} y={:.0}: {}", t.row_y[r], cells.join(" | "));
                    }
                }
            }
        }
    }
}
