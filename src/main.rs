use std::process::ExitCode;

use clap::Parser;
use iki::cli::{Cli, Command};

/// mimalloc: merge, report, compare and the CSV rebuild parse and drop the
/// millions of small strings of a large dataset's records; with glibc's
/// malloc half of their CPU time went to allocating and freeing. Version 2
/// (Cargo feature `v2`): v3 keeps freed pages for a second, and a 1,140-page
/// PDF then peaked ~20-35 MB higher (BENCHMARKS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Ingest(args) => iki::cmd::ingest::run(&args),
        Command::Merge(args) => iki::cmd::merge::run(&args),
        Command::Report(args) => iki::cmd::report::run(&args),
        Command::Compare(args) => iki::cmd::compare::run(&args),
        Command::Correct(args) => iki::cmd::correct::run(&args),
        Command::Schema(args) => iki::cmd::schema::run(&args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("iki: {e:#}");
            ExitCode::from(2)
        }
    }
}
