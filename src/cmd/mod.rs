//! Subcommands: file walking, progress, dataset I/O; with `pipeline`, the only
//! place that starts threads (see ARCHITECTURE.md).

pub mod compare;
pub mod correct;
pub mod ingest;
pub(crate) mod inputs;
pub mod merge;
pub mod report;
pub mod schema;

use std::path::Path;

use anyhow::Context;

use crate::dataset::Dataset;

/// Opens an existing dataset folder (one `iki ingest --out` wrote), refusing
/// any other folder without writing to it.
pub(crate) fn open_dataset(root: &Path) -> anyhow::Result<Dataset> {
    if !root.join("documents").is_dir() {
        anyhow::bail!(
            "{} is not an iki dataset (it has no documents folder). Give the folder that `iki ingest --out` wrote.",
            root.display()
        );
    }
    Dataset::open(root).with_context(|| format!("cannot open the dataset {}", root.display()))
}
