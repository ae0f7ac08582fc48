//! Flattens a photographed page as OCR does and writes the result as PNG, for
//! looking at: `cargo run --release --example flatten_photo -- FILE.pdf PAGE OUT.png`.

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 4 {
        eprintln!("usage: flatten_photo FILE.pdf PAGE OUT.png");
        std::process::exit(2);
    }
    let bytes = std::fs::read(&args[1]).expect("readable file");
    let doc = iki::pdf::open(&bytes, &Default::default()).expect("a PDF");
    let n: usize = args[2].parse().expect("a page number");
    let img = doc.page_raster(n, 60_000_000).expect("a raster").expect("a page image");
    if let Some(found) = iki::ocr::photo::find_paper(&img) {
        println!("corners {:?} of {}x{}", found.corners, img.width(), img.height());
    }
    match iki::ocr::photo::flatten(&img) {
        Some(f) => {
            println!("{:?} {}x{} px, {:.0}x{:.0} pt", f.correction, f.image.width(), f.image.height(), f.width_pt, f.height_pt);
            f.image.save(&args[3]).expect("written");
        }
        None => {
            println!("not a photo; {}x{} px", img.width(), img.height());
            img.save(&args[3]).expect("written");
        }
    }
}
