//! `iki` turns SK Camat decrees (PDF, digital or scanned) into a shared dataset of
//! performance indicators (Indikator Kinerja Individu / Utama).
//!
//! The pipeline, one module per stage:
//!
//! ```text
//! pdf      lopdf + content-stream interpreter -> model::Page (words, rulings)
//! ocr      Tesseract on page images           -> the same model::Page;
//!          phone photos flattened; a searchable scan's text layer judged
//!          (kept when it reads well, rulings from the image)
//! layout   words -> lines -> tables (ruling grid, merged cells, page breaks)
//! segment  lines/tables -> decree metadata + one block per jabatan
//! fields   block -> jabatan, tugas, fungsi, indicator rows
//! normalize spelling and roles, beside the source words
//! corrections hand corrections (corrections.csv) applied over the records
//! dataset  storage: JSON/CSV writers, views, manifest, locking
//! report   data-quality checks and the HTML report over a dataset
//! ```
//! `record` is the record model every stage builds (imports no stage);
//! `vocab` the shared words (header words, labels, the lexicon, `fold`) that
//! the stages read decrees by, imported downwards;
//! `pipeline` runs one document through the stages (pages, the OCR gate, the
//! signature block read again);
//! `compare` is iki compare's logic: measures, themes, decrees and their
//! changes, compare.html (pure);
//! `union_find` is the disjoint-set structure layout and compare share.
//! `cmd` holds the subcommands: file walking and I/O; with `pipeline`, the
//! only place that starts threads.

#![warn(unreachable_pub)]

pub mod cli;
pub mod cmd;
pub mod compare;
pub mod corrections;
pub mod dataset;
pub mod error;
pub(crate) mod fields;
pub mod layout;
pub mod model;
pub mod normalize;
pub mod ocr;
pub mod pdf;
pub mod pipeline;
pub mod record;
pub(crate) mod report;
pub(crate) mod segment;
pub(crate) mod union_find;
pub mod vocab;
