//! Fuzz target: open untrusted bytes as a PDF, interpret every page, lay it out.
//! Run: `RUSTC_BOOTSTRAP=1 cargo fuzz run open_extract -- -max_total_time=600`
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let limits = iki::pdf::Limits { max_pages: 50, max_ops_per_page: 200_000, max_stream_bytes: 16 << 20, ..Default::default() };
    if let Ok(doc) = iki::pdf::open(data, &limits) {
        for n in 1..=doc.page_count().min(50) {
            if let Ok(page) = doc.page(n) {
                let _ = iki::layout::layout_page(&page);
            }
        }
    }
});
