use std::process::ExitCode;

use clap::Parser;
use iki::cli::{Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Ingest(args) => iki::cmd::ingest::run(&args),
        Command::Merge(args) => iki::cmd::merge::run(&args),
        Command::Report(args) => iki::cmd::report::run(&args),
        Command::Compare(args) => iki::cmd::compare::run(&args),
        Command::Correct(args) => iki::cmd::correct::run(&args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("iki: {e:#}");
            ExitCode::from(2)
        }
    }
}
