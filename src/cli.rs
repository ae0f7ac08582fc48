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
    /// Read PDFs (files, folders walked recursively, zip archives) into a dataset.
    Ingest(IngestArgs),
    /// Join datasets (e.g. the shards of one archive) into one.
    Merge(MergeArgs),
    /// Check a dataset's quality: an HTML report, and quality.csv in the dataset.
    Report(ReportArgs),
    /// For analysts: indicators by measure and theme across kecamatan, and what
    /// changed between a kecamatan's decrees; writes indicator_groups.csv,
    /// kecamatan_matrix.csv, changes.csv and compare.html.
    Compare(CompareArgs),
    /// Apply the dataset's corrections.csv again and rebuild its CSV files.
    Correct(CorrectArgs),
    /// Print the JSON Schema of the records (documents/<doc_id>.json), generated
    /// from iki's record types.
    Schema(SchemaArgs),
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
    /// When to OCR: `auto` pages without usable text and scans whose text layer
    /// reads poorly; `always` every scanned page, whatever its text layer;
    /// `never` none (scans without text are reported as ocr_unavailable).
    #[arg(long, value_enum, default_value_t = OcrArg::Auto)]
    pub ocr: OcrArg,
    /// The same as `--ocr never`.
    #[arg(long, conflicts_with = "ocr")]
    pub no_ocr: bool,
    /// Tesseract language(s) for scanned pages, e.g. `ind` or `ind+eng`.
    #[arg(long, value_name = "LANG", default_value = crate::ocr::DEFAULT_OCR_LANG)]
    pub ocr_lang: String,
    /// Start every CSV with a UTF-8 byte-order mark, for Excel.
    #[arg(long)]
    pub excel_bom: bool,
    /// Print only the summary.
    #[arg(long, short)]
    pub quiet: bool,
    /// Read the page images (JPEG, PNG, TIFF) of each folder, and of each
    /// folder inside a zip archive, as one document, pages in name order
    /// (IMG_2 before IMG_10). Without it every image is a document of its own.
    #[arg(long)]
    pub images_as_document: bool,
    /// Take only share K of N of the documents (by doc_id), e.g. `--shard 2/8`;
    /// join the shard datasets with `iki merge`.
    #[arg(long, value_name = "K/N")]
    pub shard: Option<Shard>,
}

#[derive(Debug, clap::Args)]
pub struct MergeArgs {
    /// The datasets to join.
    #[arg(required = true)]
    pub datasets: Vec<PathBuf>,
    /// The dataset to write (created if missing; may be one of the inputs' targets).
    #[arg(long)]
    pub out: PathBuf,
    /// Start every CSV with a UTF-8 byte-order mark, for Excel.
    #[arg(long)]
    pub excel_bom: bool,
}

#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// The dataset folder (written by `iki ingest --out`).
    pub dataset: PathBuf,
    /// The HTML file to write (one self-contained page).
    #[arg(long)]
    pub out: PathBuf,
    /// Start quality.csv with a UTF-8 byte-order mark, for Excel.
    #[arg(long)]
    pub excel_bom: bool,
}

#[derive(Debug, clap::Args)]
pub struct CompareArgs {
    /// The dataset folder written by `iki ingest`.
    pub dataset: PathBuf,
    /// The folder to write the CSV files and compare.html to (created if missing).
    #[arg(long)]
    pub out: PathBuf,
    /// The office's own theme taxonomy (JSON, in the layout of iki's data/themes.json).
    #[arg(long)]
    pub themes: Option<PathBuf>,
    /// Start every CSV with a UTF-8 byte-order mark, for Excel.
    #[arg(long)]
    pub excel_bom: bool,
    /// Print nothing on success.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Debug, clap::Args)]
pub struct CorrectArgs {
    /// The dataset folder (written by `iki ingest --out`) holding corrections.csv.
    pub dataset: PathBuf,
    /// Start every CSV with a UTF-8 byte-order mark, for Excel.
    #[arg(long)]
    pub excel_bom: bool,
}

#[derive(Debug, clap::Args)]
pub struct SchemaArgs {
    /// Write the schema to this file instead of printing it
    /// (`schemas/document.schema.json` in iki's repository).
    #[arg(long)]
    pub out: Option<PathBuf>,
}

/// `--shard K/N`: this process takes the documents whose doc_id falls in share K
/// of N (1-based). Sharding by doc_id keeps duplicates in one shard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub k: u64,
    pub n: u64,
}

impl std::str::FromStr for Shard {
    type Err = String;
    fn from_str(s: &str) -> Result<Shard, String> {
        let (k, n) = s.split_once('/').ok_or("write the shard as K/N, e.g. 2/8")?;
        let (k, n): (u64, u64) = (k.trim().parse().map_err(|_| "K is not a number")?, n.trim().parse().map_err(|_| "N is not a number")?);
        if n == 0 || k == 0 || k > n {
            return Err(format!("shard {k}/{n}: K must be between 1 and N"));
        }
        Ok(Shard { k, n })
    }
}

impl Shard {
    pub fn takes(&self, doc_id: &str) -> bool {
        let v = u64::from_str_radix(&doc_id[..doc_id.len().min(15)], 16).unwrap_or(0);
        v % self.n == self.k - 1
    }
}

/// `--ocr`: when pages are OCRed (`pipeline::OcrMode`, which knows no clap).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OcrArg {
    /// Pages without usable text, and scans whose text layer reads poorly.
    Auto,
    /// Every page painted with a page-sized image, whatever its text layer.
    Always,
    /// None: scans without text are skipped (`ocr_unavailable`); a scan's text
    /// layer is taken as it is, with the rulings found in its image.
    Never,
}

impl From<OcrArg> for crate::pipeline::OcrMode {
    fn from(a: OcrArg) -> Self {
        match a {
            OcrArg::Auto => Self::Auto,
            OcrArg::Always => Self::Always,
            OcrArg::Never => Self::Never,
        }
    }
}
