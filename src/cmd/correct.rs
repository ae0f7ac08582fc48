//! `iki correct <DATASET>`: applies `<DATASET>/corrections.csv` again and
//! rebuilds the CSV views (under the dataset's lock), without reading any PDF.
//! The logic and the file's columns are in `corrections`.
//!
//! Prints every line that was not applied (stale or invalid, with what to do),
//! then the counts. Exit status: 0 when no line is invalid (stale lines are
//! expected after a re-import and only reported), 1 when any line is invalid,
//! 2 when the run could not be done (not a dataset, a file not writable).

use std::process::ExitCode;

use anyhow::Context;

use crate::cli::CorrectArgs;
use crate::corrections::{CorrectedViews, State, FILE_NAME};

pub fn run(args: &CorrectArgs) -> anyhow::Result<ExitCode> {
    let dataset = super::open_dataset(&args.dataset)?;
    let applied = {
        let _lock = dataset.lock().context("cannot lock the dataset")?;
        dataset.rebuild_csvs(args.excel_bom).with_context(|| format!("cannot rebuild the CSV files of {}", args.dataset.display()))?.applied
    };
    if !dataset.root().join(FILE_NAME).is_file() {
        eprintln!("iki: {} has no {FILE_NAME}: nothing to apply (the CSV files were rebuilt from the records).", args.dataset.display());
        return Ok(ExitCode::SUCCESS);
    }
    for o in applied.outcomes.iter().filter(|o| o.state != State::Applied) {
        eprintln!("{:<8} {}", o.state.as_str(), o.message);
    }
    eprintln!(
        "iki: {} applied, {} stale, {} invalid; the CSV files of {} are rebuilt. Run `iki report` to see them in the report and quality.csv.",
        applied.count(State::Applied),
        applied.count(State::Stale),
        applied.count(State::Invalid),
        args.dataset.display()
    );
    Ok(if applied.count(State::Invalid) > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
