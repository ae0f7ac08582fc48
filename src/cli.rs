//! Command-line arguments (clap derive). Validation lives in `cmd`.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(name = "iki", version, about = "Turns SK Camat performance-indicator decrees (PDF) into a shared dataset")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read PDFs (files or folders, walked recursively) into a dataset.
    Ingest(IngestArgs),
    /// Group the indicators that mean the same across documents; write
    /// indicator_groups.csv and kecamatan_matrix.csv.
    Compare(CompareArgs),
}

#[derive(Debug, clap::Args)]
pub struct IngestArgs {
    /// PDF files or folders holding them.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// The dataset folder to write (created if missing).
    #[arg(long)]
    pub out: PathBuf,
    /// Documents processed at once (default: number of cores).
    #[arg(long)]
    pub jobs: Option<usize>,
    /// Process documents again even when the dataset already holds them.
    #[arg(long)]
    pub force: bool,
    /// Do not OCR scanned pages (they are reported as ocr_unavailable).
    #[arg(long)]
    pub no_ocr: bool,
    /// Start every CSV with a UTF-8 byte-order mark, for Excel.
    #[arg(long)]
    pub excel_bom: bool,
    /// Print only the summary.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Debug, clap::Args)]
pub struct CompareArgs {
    /// The dataset folder written by `iki ingest`.
    pub dataset: PathBuf,
    /// The folder to write the CSV files to (created if missing).
    #[arg(long)]
    pub out: PathBuf,
    /// Start every CSV with a UTF-8 byte-order mark, for Excel.
    #[arg(long)]
    pub excel_bom: bool,
    /// Print nothing on success.
    #[arg(long, short)]
    pub quiet: bool,
}
