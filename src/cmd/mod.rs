//! Subcommands: the only place with file walking, threads and dataset I/O.

pub mod compare;
pub mod ingest;
pub mod inputs;
pub mod merge;
pub mod report;
