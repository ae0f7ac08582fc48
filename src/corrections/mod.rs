//! `corrections.csv`: the one file people edit to fix the dataset by hand.
//!
//! The JSON records stay as extracted; every rebuild of the CSV views (`iki
//! ingest`, `iki merge`, `iki correct`) and every `iki report` / `iki compare`
//! applies this file to its copy of the records. So a re-import never loses a
//! correction, and a correction can always be taken back (delete its line).
//!
//! Columns (UTF-8 with or without a byte-order mark; comma or semicolon
//! separated, as Excel writes CSV in an Indonesian locale; the separator is
//! read from the header line):
//!
//! | column | meaning |
//! |---|---|
//! | `doc_id` | the document, as in `documents.csv` / `quality.csv` |
//! | `block` | 0-based jabatan block as in `blocks.csv`; empty for a metadata field |
//! | `row` | 0-based indicator row as in `indicators.csv`; empty for a block or metadata field |
//! | `field` | an indicator field (`sasaran`, `indikator`, `formula`, `sumber_data`, `definisi`, `penanggung_jawab`), a block field (`jabatan`, `role`, `eselon`), a metadata field (`wilayah`, `kecamatan`, `nomor_sk`, `tanggal_ditetapkan`, `tahun`, `camat`), or `row` (with an empty `value`: delete the row) |
//! | `was` | the value as extracted (for `row`: the row's indikator) |
//! | `value` | the corrected value (empty: the field is cleared) |
//! | `note` | who and why, free text |
//!
//! A line applies only while the extracted value still equals `was`
//! (whitespace folded); otherwise it is `stale` (the document was imported
//! again and reads differently now). A line naming a document, block, row or
//! field that does not exist, or a value the field cannot hold, is `invalid`.
//! Neither stops anything; both are reported (`iki correct`, `quality.csv`).
//!
//! Row numbers stay those of the extraction: deleting a row leaves a gap in
//! `indicators.csv` rather than renumbering the rows after it, so the lines
//! of this file and the findings of `quality.csv` keep pointing at the same
//! rows.

mod rebuild;

pub use rebuild::{CorrectedViews, Rebuild};

use std::collections::{BTreeMap, HashMap};
use std::sync::LazyLock;

use regex::Regex;

use crate::dataset::marks::Marks;
use crate::normalize::{normalize_record, roles::ROLES};
use crate::record::{Block, DocumentRecord, Field, Indicator};
use crate::vocab::fold;

/// The file's name in the dataset folder.
pub(crate) const FILE_NAME: &str = crate::dataset::CORRECTIONS_FILE;

/// The file's columns, in order: the fields [`Line`] writes (a test holds
/// them equal); the reader looks them up by name.
pub(crate) const COLUMNS: [&str; 7] = ["doc_id", "block", "row", "field", "was", "value", "note"];

/// Fields of an indicator row (`block` and `row` given): [`Field::NAMES`].
pub(crate) const INDICATOR_FIELDS: [&str; 6] = Field::NAMES;
/// Fields of a jabatan block (`block` given, `row` empty).
pub(crate) const BLOCK_FIELDS: [&str; 3] = ["jabatan", "role", "eselon"];
/// Fields of the decree (`block` and `row` empty).
pub(crate) const METADATA_FIELDS: [&str; 6] = ["wilayah", "kecamatan", "nomor_sk", "tanggal_ditetapkan", "tahun", "camat"];
/// The pseudo-field that deletes a row (with an empty `value`).
pub(crate) const ROW_FIELD: &str = "row";

static DATE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\d{4}-\d{2}(-\d{2})?$").unwrap());

/// One line of the file, as written (trimmed).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Line {
    /// 1-based line number in the file (the header is line 1).
    #[serde(skip)]
    pub line: usize,
    pub doc_id: String,
    pub block: String,
    pub row: String,
    pub field: String,
    pub was: String,
    pub value: String,
    pub note: String,
}

impl Line {
    /// The line as it would be written in the file: comma separated, RFC
    /// 4180 quoting, no line end.
    pub(crate) fn to_csv(&self) -> String {
        let mut w = csv::WriterBuilder::new().has_headers(false).from_writer(Vec::new());
        // Plain text fields always serialise into memory.
        let _ = w.serialize(self);
        let bytes = w.into_inner().unwrap_or_default();
        String::from_utf8_lossy(&bytes).trim_end_matches('\n').to_string()
    }
}

/// What became of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum State {
    Applied,
    Stale,
    Invalid,
}

impl State {
    pub(crate) fn as_str(&self) -> &'static str {
        match self {
            State::Applied => "applied",
            State::Stale => "stale",
            State::Invalid => "invalid",
        }
    }
}

/// A line and what became of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub line: Line,
    pub state: State,
    /// The block and row the line names, when they are numbers.
    pub block: Option<usize>,
    pub row: Option<usize>,
    /// What is wrong and what to do (empty when applied).
    pub message: String,
}

/// The result of applying the file: each line's outcome, and what the views
/// need to show the corrected records.
#[derive(Debug, Default)]
pub struct Applied {
    pub outcomes: Vec<Outcome>,
    /// The fields corrected and the rows kept, for the views.
    pub marks: Marks,
}

impl Applied {
    pub(crate) fn count(&self, s: State) -> usize {
        self.outcomes.iter().filter(|o| o.state == s).count()
    }

    /// `corrections.csv: 3 applied, 1 stale, 0 invalid`, or None without lines.
    pub(crate) fn summary(&self) -> Option<String> {
        (!self.outcomes.is_empty()).then(|| {
            format!(
                "{FILE_NAME}: {} applied, {} stale, {} invalid",
                self.count(State::Applied),
                self.count(State::Stale),
                self.count(State::Invalid)
            )
        })
    }

    /// The extracted row number of the `i`-th row the corrected block holds
    /// (rows after a deleted one keep their numbers).
    pub(crate) fn row_of(&self, doc_id: &str, block: usize, i: usize) -> usize {
        self.marks.row_of(doc_id, block, i)
    }
}

/// Reads the file: lines in file order, fully empty lines left out. An error
/// (not UTF-8, a header without the columns) is said in plain words.
pub(crate) fn read_lines(bytes: &[u8]) -> Result<Vec<Line>, String> {
    let text = std::str::from_utf8(bytes).map_err(|_| {
        "corrections.csv is not UTF-8 text. In Excel, save it with \"CSV UTF-8 (Comma delimited)\"; in LibreOffice, choose the character set Unicode (UTF-8).".to_string()
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let delimiter = sniff_delimiter(text.lines().next().unwrap_or(""));
    let mut r = csv::ReaderBuilder::new().delimiter(delimiter).flexible(true).has_headers(true).from_reader(text.as_bytes());
    let header: Vec<String> = r
        .headers()
        .map_err(|e| format!("The first line of corrections.csv cannot be read ({e}).",))?
        .iter()
        .map(|h| h.trim().to_lowercase())
        .collect();
    let col: Vec<Option<usize>> = COLUMNS.iter().map(|c| header.iter().position(|h| h == c)).collect();
    if col[..6].iter().any(Option::is_none) {
        return Err(format!(
            "The first line of corrections.csv must name the columns {} (it reads \"{}\"). Copy the header line from the README or from the report.",
            COLUMNS.join(", "),
            header.join(", ")
        ));
    }
    let mut out = Vec::new();
    for rec in r.records() {
        let rec = rec.map_err(|e| format!("corrections.csv cannot be read ({e}). Check its quotes.",))?;
        let get = |i: usize| col[i].and_then(|c| rec.get(c)).unwrap_or("").trim().to_string();
        let line = Line {
            line: rec.position().map_or(0, |p| p.line() as usize),
            doc_id: get(0),
            block: get(1),
            row: get(2),
            field: get(3).to_lowercase(),
            was: get(4),
            value: get(5),
            note: get(6),
        };
        if [&line.doc_id, &line.block, &line.row, &line.field, &line.was, &line.value, &line.note].iter().all(|s| s.is_empty()) {
            continue;
        }
        out.push(line);
    }
    Ok(out)
}

/// The separator of the header line: `;` when it has more of them than `,`
/// (Excel in a locale with a decimal comma), a tab likewise, else `,`.
fn sniff_delimiter(header: &str) -> u8 {
    let n = |c: char| header.matches(c).count();
    let (commas, semis, tabs) = (n(','), n(';'), n('\t'));
    if semis > commas && semis >= tabs {
        b';'
    } else if tabs > commas && tabs > semis {
        b'\t'
    } else {
        b','
    }
}

/// Where a line points, once checked.
enum Target {
    Metadata(&'static str),
    Block(usize, &'static str),
    Cell(usize, usize, &'static str),
    DeleteRow(usize, usize),
}

/// Applies the file's bytes (None: there is no file) to the records (sorted
/// by doc_id, as `Dataset::documents` gives them).
pub(crate) fn apply(docs: &mut [DocumentRecord], file: Option<&[u8]>) -> Applied {
    let mut applied = Applied::default();
    let Some(bytes) = file else { return applied };
    let lines = match read_lines(bytes) {
        Ok(l) => l,
        Err(message) => {
            applied.outcomes.push(Outcome {
                line: Line { line: 1, ..Default::default() },
                state: State::Invalid,
                block: None,
                row: None,
                message,
            });
            return applied;
        }
    };
    let index: HashMap<&str, usize> = docs.iter().enumerate().map(|(i, d)| (d.doc_id.as_str(), i)).collect();
    // 1. Check every line against the records as extracted.
    let mut edits: BTreeMap<usize, Vec<(Target, String)>> = BTreeMap::new();
    for line in lines {
        let block = line.block.parse::<usize>().ok();
        let row = line.row.parse::<usize>().ok();
        let doc = index.get(line.doc_id.as_str()).copied();
        let checked = doc.ok_or_else(|| unknown_doc(&line)).and_then(|d| check(&docs[d], &line));
        let (state, message) = match checked {
            Err(m) => (State::Invalid, m),
            Ok((target, current)) if fold(&current) != fold(&line.was) => (State::Stale, stale_message(&line, &target, &current)),
            Ok((target, _)) => {
                let d = doc.expect("checked");
                edits.entry(d).or_default().push((target, fold(&line.value)));
                (State::Applied, String::new())
            }
        };
        applied.outcomes.push(Outcome { line, state, block, row, message });
    }
    // 2. Change the records, document by document.
    for (d, list) in edits {
        let doc = &mut docs[d];
        let id = doc.doc_id.clone();
        let mut mark = |b: Option<usize>, r: Option<usize>, f: &'static str| applied.marks.mark(&id, b, r, f);
        let mut roles = Vec::new();
        let mut deletions: Vec<(usize, usize)> = Vec::new();
        for (target, value) in list {
            let v = (!value.is_empty()).then(|| value.clone());
            match target {
                Target::Metadata(f) => {
                    let m = &mut doc.metadata;
                    match f {
                        "wilayah" => m.wilayah = v,
                        "kecamatan" => m.kecamatan = v,
                        "nomor_sk" => m.nomor_sk = v,
                        "tanggal_ditetapkan" => m.tanggal_ditetapkan = v,
                        "tahun" => m.tahun = v.and_then(|t| t.parse().ok()),
                        _ => m.camat = v,
                    }
                    mark(None, None, f);
                }
                Target::Block(b, f) => {
                    let blk = &mut doc.blocks[b];
                    match f {
                        "jabatan" => blk.jabatan = value,
                        "eselon" => blk.eselon = v,
                        _ => roles.push((b, value)),
                    }
                    mark(Some(b), None, f);
                }
                Target::Cell(b, r, f) => {
                    let row = &mut doc.blocks[b].indicators[r];
                    if let Some(slot) = cell_mut(row, f) {
                        *slot = v;
                    }
                    row.review.retain(|x| x != f); // a person has read it
                    mark(Some(b), Some(r), f);
                }
                Target::DeleteRow(b, r) => {
                    deletions.push((b, r));
                    mark(Some(b), Some(r), ROW_FIELD);
                }
            }
        }
        // The normalized fields, roles and formula kinds follow the corrected words.
        normalize_record(doc);
        for (b, role) in roles {
            doc.blocks[b].role = role;
        }
        deletions.sort_unstable();
        deletions.dedup();
        for (b, rows) in group_by_block(&deletions) {
            let blk = &mut doc.blocks[b];
            let kept: Vec<usize> = (0..blk.indicators.len()).filter(|i| !rows.contains(i)).collect();
            let mut i = 0;
            blk.indicators.retain(|_| {
                i += 1;
                !rows.contains(&(i - 1))
            });
            applied.marks.keep(&id, b, kept);
        }
    }
    applied
}

fn group_by_block(deletions: &[(usize, usize)]) -> BTreeMap<usize, Vec<usize>> {
    let mut m: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for &(b, r) in deletions {
        m.entry(b).or_default().push(r);
    }
    m
}

fn cell_mut<'a>(row: &'a mut Indicator, field: &str) -> Option<&'a mut Option<String>> {
    Field::from_name(field).map(|f| row.field_mut(f))
}

/// The value a line would correct, as the record holds it (for `row`: the
/// row's indikator); `None` when the record has no such place. Also what a
/// report offers as `was` for a finding.
pub(crate) fn current_value(doc: &DocumentRecord, block: Option<usize>, row: Option<usize>, field: &str) -> Option<String> {
    let field = field.to_lowercase();
    match (block, row) {
        (None, None) => {
            let m = &doc.metadata;
            let v = match field.as_str() {
                "wilayah" => m.wilayah.clone(),
                "kecamatan" => m.kecamatan.clone(),
                "nomor_sk" => m.nomor_sk.clone(),
                "tanggal_ditetapkan" => m.tanggal_ditetapkan.clone(),
                "tahun" => m.tahun.map(|t| t.to_string()),
                "camat" => m.camat.clone(),
                _ => return None,
            };
            Some(v.unwrap_or_default())
        }
        (Some(b), None) => {
            let blk: &Block = doc.blocks.get(b)?;
            match field.as_str() {
                "jabatan" => Some(blk.jabatan.clone()),
                "role" => Some(blk.role.clone()),
                "eselon" => Some(blk.eselon.clone().unwrap_or_default()),
                _ => None,
            }
        }
        (Some(b), Some(r)) => {
            let row = doc.blocks.get(b)?.indicators.get(r)?;
            if field == ROW_FIELD {
                return Some(row.indikator.clone().unwrap_or_default());
            }
            INDICATOR_FIELDS.contains(&field.as_str()).then(|| row.field_named(&field).unwrap_or("").to_string())
        }
        (None, Some(_)) => None,
    }
}

/// Checks a line against its document: where it points and the value there now.
fn check(doc: &DocumentRecord, line: &Line) -> Result<(Target, String), String> {
    let n = line.line;
    let field = line.field.as_str();
    let number = |what: &str, view: &str, s: &str| -> Result<Option<usize>, String> {
        if s.is_empty() {
            return Ok(None);
        }
        s.parse::<usize>().map(Some).map_err(|_| {
            format!("Line {n} of corrections.csv: the {what} \"{s}\" is not a number. Copy the {what} number from quality.csv or {view} (it starts at 0).")
        })
    };
    let (block, row) = (number("block", "blocks.csv", &line.block)?, number("row", "indicators.csv", &line.row)?);
    let known = |list: &[&'static str]| list.iter().copied().find(|f| *f == field);
    let blocks = doc.blocks.len();
    let block_ok = |b: usize| -> Result<(), String> {
        if b >= blocks {
            return Err(format!(
                "Line {n} of corrections.csv names block {b}, but this document has {blocks} jabatan block(s) (numbered from 0). Check the block number in blocks.csv."
            ));
        }
        Ok(())
    };
    if let Some(f) = known(&METADATA_FIELDS) {
        if block.is_some() || row.is_some() {
            return Err(format!("Line {n} of corrections.csv: {f} belongs to the whole decree, so leave block and row empty."));
        }
        if f == "tahun" && !line.value.is_empty() && line.value.parse::<i32>().is_err() {
            return Err(format!(
                "Line {n} of corrections.csv: the tahun \"{}\" is not a year. Write it as four digits, e.g. 2022.",
                line.value
            ));
        }
        if f == "tanggal_ditetapkan" && !line.value.is_empty() && !DATE.is_match(&line.value) {
            return Err(format!(
                "Line {n} of corrections.csv: write the date \"{}\" as YYYY-MM-DD (or YYYY-MM), e.g. 2022-01-24. In Excel, format the column as Text so it keeps that form.",
                line.value
            ));
        }
        return Ok((Target::Metadata(f), current_value(doc, None, None, f).unwrap_or_default()));
    }
    if let Some(f) = known(&BLOCK_FIELDS) {
        let Some(b) = block.filter(|_| row.is_none()) else {
            return Err(format!(
                "Line {n} of corrections.csv: {f} belongs to a jabatan block, so give the block number and leave row empty."
            ));
        };
        block_ok(b)?;
        if f == "role" && !ROLES.contains(&line.value.as_str()) {
            return Err(format!("Line {n} of corrections.csv: \"{}\" is not a known role. Use one of: {}.", line.value, ROLES.join(", ")));
        }
        if f == "jabatan" && line.value.is_empty() {
            return Err(format!(
                "Line {n} of corrections.csv: a jabatan cannot be empty. Write the jabatan's name as the decree should read."
            ));
        }
        return Ok((Target::Block(b, f), current_value(doc, Some(b), None, f).unwrap_or_default()));
    }
    let cell_field = known(&INDICATOR_FIELDS).or((field == ROW_FIELD).then_some(ROW_FIELD));
    let Some(f) = cell_field else {
        return Err(format!(
            "Line {n} of corrections.csv: \"{field}\" is not a field that can be corrected. Use an indicator field ({}), a block field ({}), a metadata field ({}), or row (with an empty value) to delete a row.",
            INDICATOR_FIELDS.join(", "),
            BLOCK_FIELDS.join(", "),
            METADATA_FIELDS.join(", ")
        ));
    };
    let (Some(b), Some(r)) = (block, row) else {
        return Err(format!("Line {n} of corrections.csv: {f} belongs to an indicator row, so give both the block and the row number."));
    };
    block_ok(b)?;
    let rows = doc.blocks[b].indicators.len();
    if r >= rows {
        return Err(format!(
            "Line {n} of corrections.csv names row {r} of block {b}, but that block has {rows} row(s) (numbered from 0). Check the row number in indicators.csv."
        ));
    }
    let current = current_value(doc, Some(b), Some(r), f).unwrap_or_default();
    if f == ROW_FIELD {
        if !line.value.is_empty() {
            return Err(format!(
                "Line {n} of corrections.csv: field row deletes a row and takes an empty value. To change a cell, name its field (indikator, formula ...) instead."
            ));
        }
        return Ok((Target::DeleteRow(b, r), current));
    }
    Ok((Target::Cell(b, r, f), current))
}

fn unknown_doc(line: &Line) -> String {
    format!(
        "Line {} of corrections.csv names the document \"{}\", which is not in this dataset. Copy the doc_id from quality.csv or documents.csv (16 letters and digits; in Excel, format the column as Text so it is not turned into a number).",
        line.line, line.doc_id
    )
}

fn stale_message(line: &Line, target: &Target, current: &str) -> String {
    let place = match target {
        Target::Metadata(f) => (*f).to_string(),
        Target::Block(b, f) => format!("the {f} of block {b}"),
        Target::Cell(b, r, f) => format!("the {f} of row {r} in block {b}"),
        Target::DeleteRow(b, r) => format!("the indikator of row {r} in block {b}"),
    };
    let mut m = format!(
        "Line {} of corrections.csv expects {place} to read \"{}\", but the document now reads \"{}\" (it was imported again, or the line's was column does not match). The correction is not applied.",
        line.line,
        fold(&line.was),
        fold(current)
    );
    if !line.value.is_empty() && fold(current) == fold(&line.value) {
        m.push_str(" The document now reads exactly your corrected value: you can delete the line.");
    } else {
        m.push_str(" Check the new reading: if it still needs your correction, copy it into the was column; if not, delete the line.");
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::marks::View;
    use crate::record::*;

    fn doc() -> DocumentRecord {
        let row = |ind: &str, formula: &str| Indicator {
            indikator: Some(ind.into()),
            formula: Some(formula.into()),
            review: vec!["formula".into()],
            page: 3,
            ..Default::default()
        };
        let mut d = DocumentRecord {
            schema_version: SCHEMA_VERSION,
            doc_id: "00000000000000aa".into(),
            source: Source { file_name: "a.pdf".into(), sha256: "x".into(), bytes: 1, pages: Some(3) },
            status: Status::Ok,
            errors: vec![],
            extraction: Extraction {
                method: "ocr".into(),
                ocr_pages: vec![3],
                ocr_mean_confidence: Some(0.8),
                tool_version: "t".into(),
                page_sources: vec![],
            },
            metadata: Metadata { kecamatan: Some("Jabung".into()), tahun: Some(2022), ..Default::default() },
            blocks: vec![Block {
                jabatan: "SEKRETARIS KECAMATAN".into(),
                indicators: vec![row("Jumlah laporan", "Σ laporan"), row("Prosentase  dokumen", "a / b x 100%"), row("NO", "")],
                ..Default::default()
            }],
            normalizations: vec![],
            review: vec![],
        };
        normalize_record(&mut d);
        d
    }

    const FILE: &str = "doc_id,block,row,field,was,value,note\n\
        00000000000000aa,0,1,formula,a / b x 100%,a / b × 100%,fixed by Sri\n\
        00000000000000aa,0,0,formula,something else,Σ x,\n\
        00000000000000aa,0,7,formula,,x,\n\
        00000000000000aa,0,2,row,NO,,header debris\n\
        00000000000000aa,,,tahun,2022,2023,\n";

    #[test]
    fn applied_stale_invalid_and_deleted_rows() {
        let mut docs = vec![doc()];
        let a = apply(&mut docs, Some(FILE.as_bytes()));
        let states: Vec<State> = a.outcomes.iter().map(|o| o.state).collect();
        assert_eq!(states, [State::Applied, State::Stale, State::Invalid, State::Applied, State::Applied]);
        assert_eq!(a.outcomes[2].line.line, 4);
        assert!(a.outcomes[2].message.contains("has 3 row(s)"), "{}", a.outcomes[2].message);
        assert!(a.outcomes[1].message.contains("now reads \"Σ laporan\""), "{}", a.outcomes[1].message);
        let d = &docs[0];
        assert_eq!(d.blocks[0].indicators.len(), 2);
        let r = &d.blocks[0].indicators[1];
        assert_eq!(r.formula.as_deref(), Some("a / b × 100%"));
        assert_eq!(r.formula_kind, "ratio_percent", "normalisation follows the correction");
        assert!(r.review.is_empty(), "a corrected cell needs no review");
        assert_eq!(d.metadata.tahun, Some(2023));
        assert_eq!(a.marks.corrected(View::Indicators, &d.doc_id, Some(0), Some(1)), "tahun;formula");
        assert_eq!(a.marks.corrected(View::Documents, &d.doc_id, None, None), "tahun");
        assert_eq!(a.row_of(&d.doc_id, 0, 1), 1);
        assert_eq!((a.count(State::Applied), a.count(State::Stale), a.count(State::Invalid)), (3, 1, 1));
    }

    #[test]
    fn excel_semicolons_and_bom() {
        let file = format!("\u{feff}{}", FILE.replace(',', ";"));
        let mut docs = vec![doc()];
        let a = apply(&mut docs, Some(file.as_bytes()));
        assert_eq!(a.count(State::Applied), 3);
        // Whitespace is folded: "Prosentase  dokumen" matches with one space.
        let line =
            "doc_id;block;row;field;was;value;note\r\n00000000000000aa;0;1;indikator;\"Prosentase\r\ndokumen\";Persentase dokumen;\r\n";
        let mut docs = vec![doc()];
        let a = apply(&mut docs, Some(line.as_bytes()));
        assert_eq!(a.count(State::Applied), 1, "{:?}", a.outcomes);
        assert_eq!(docs[0].blocks[0].indicators[1].indikator.as_deref(), Some("Persentase dokumen"));
    }

    #[test]
    fn a_bad_file_is_one_invalid_line() {
        let mut docs = vec![doc()];
        let a = apply(&mut docs, Some(b"id,what\n1,2\n"));
        assert_eq!(a.count(State::Invalid), 1);
        assert!(a.outcomes[0].message.contains("must name the columns"));
        let a = apply(&mut docs, Some(b"doc_id,block,row,field,was,value\n\xff\n"));
        assert!(a.outcomes[0].message.contains("UTF-8"));
        assert_eq!(docs, vec![doc()], "nothing changed");
    }

    #[test]
    fn values_a_field_cannot_hold_are_invalid() {
        let mut docs = vec![doc()];
        let file = "doc_id,block,row,field,was,value\n\
            00000000000000aa,0,,role,other,lurah_besar\n\
            00000000000000aa,,,tahun,2022,dua ribu\n\
            00000000000000aa,0,,tugas,,x\n\
            00000000000000aa,0,1,row,Prosentase dokumen,x\n\
            ffffffffffffffff,,,kecamatan,,x\n\
            00000000000000aa,0,,kecamatan,Jabung,x\n";
        let a = apply(&mut docs, Some(file.as_bytes()));
        assert_eq!(a.count(State::Invalid), 6, "{:#?}", a.outcomes);
    }

    #[test]
    fn a_line_is_written_in_the_files_columns_with_quotes_where_needed() {
        assert_eq!(crate::dataset::csv::header_of::<Line>(), COLUMNS);
        let line =
            Line { line: 7, doc_id: "a".into(), block: "b,c".into(), field: "d\"e".into(), note: "x\ny".into(), ..Default::default() };
        assert_eq!(line.to_csv(), "a,\"b,c\",,\"d\"\"e\",,,\"x\ny\"");
        assert_eq!(read_lines(format!("{}\n{}\n", COLUMNS.join(","), line.to_csv()).as_bytes()).unwrap()[0], Line { line: 2, ..line });
    }
}
