//! `iki schema [--out FILE]`: the JSON Schema of the records
//! (`documents/<doc_id>.json`), generated from the record types
//! (`record::schema`) and laid out like a record (`dataset::json`). Its output
//! is checked in as `schemas/document.schema.json`; a test fails when the
//! types and that file part.
//!
//! Exit status: 0 when the schema was written, 2 when `--out` could not be.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Context;

use crate::cli::SchemaArgs;

/// The command that writes the checked-in schema again, from the repository's root.
#[cfg(test)]
const REGENERATE: &str = "cargo run --release -- schema --out schemas/document.schema.json";

/// The schema as `iki schema` writes it: a record's layout, one final newline.
pub(crate) fn render() -> Vec<u8> {
    let mut out = crate::dataset::json::to_vec(&crate::record::schema()).expect("a schema is plain JSON");
    out.push(b'\n');
    out
}

pub fn run(args: &SchemaArgs) -> anyhow::Result<ExitCode> {
    let schema = render();
    match &args.out {
        Some(path) => crate::dataset::write_atomic(path, &schema).with_context(|| format!("cannot write {}", path.display()))?,
        None => std::io::stdout().lock().write_all(&schema).context("cannot print the schema")?,
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The checked-in schema is the one the record types give: change a type
    /// (or its doc comment), and this fails until the file is written again.
    #[test]
    fn the_checked_in_schema_is_generated_from_the_types() {
        let checked_in = include_str!("../../schemas/document.schema.json");
        let generated = String::from_utf8(render()).unwrap();
        assert!(
            checked_in == generated,
            "schemas/document.schema.json is not what src/record.rs generates; write it again with `{REGENERATE}` \
             (and bump SCHEMA_VERSION if the records change)"
        );
    }
}
