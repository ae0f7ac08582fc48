//! `iki` turns SK Camat decrees (PDF, digital or scanned) into a shared dataset of
//! performance indicators (Indikator Kinerja Individu / Utama).
//!
//! The pipeline, one module per stage:
//!
//! ```text
//! pdf      lopdf + content-stream interpreter -> model::Page (words, rulings)
//! ocr      Tesseract on page images           -> the same model::Page
//! overlay  a scan's text layer: kept when it reads well, rulings from the image
//! layout   words -> lines -> tables (ruling grid, merged cells, page breaks)
//! segment  lines/tables -> decree metadata + one block per jabatan
//! signature a scan's signature block read again, stamp dropped, when the camat or date is missing
//! fields   block -> jabatan, tugas, fungsi, indicator rows
//! normalize spelling and roles, beside the source words
//! dataset  record types, JSON/CSV writers, manifest, hand corrections
//! report   data-quality checks and the HTML report over a dataset
//! ```
//! `compare` groups indicators meaning the same across documents (pure logic);
//! `union_find` is the disjoint-set structure layout and compare share.
//! `cmd` holds the subcommands: the only place with file walking, threads and I/O.

pub mod cli;
pub mod cmd;
pub mod compare;
pub mod dataset;
pub mod error;
pub mod fields;
pub mod layout;
pub mod model;
pub mod normalize;
pub mod ocr;
pub mod overlay;
pub mod pdf;
pub mod pipeline;
pub mod report;
pub mod segment;
pub mod signature;
pub mod union_find;
