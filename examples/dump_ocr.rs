//! OCRs one page of a scanned PDF and prints its layout, for debugging the OCR
//! path: `cargo run --release --example dump_ocr -- FILE.pdf PAGE`.
use iki::layout::{layout_page, Element};
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (path, n) = (&args[1], args[2].parse::<usize>().expect("page number"));
    let doc = iki::pdf::open(&std::fs::read(path).expect("file"), &Default::default()).expect("pdf");
    let text = doc.page(n).expect("page");
    let img = iki::ocr::page_raster(doc.document(), doc.page_id(n).expect("id"), 60_000_000).expect("raster").expect("an image");
    let (page, stats) = iki::ocr::recognize(&img, n, text.width, text.height, &Default::default()).expect("ocr");
    println!("=== page {n}: {} words, {} rules, {stats:?}", page.words.len(), page.rules.len());
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
