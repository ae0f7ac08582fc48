//! The document record: what `documents/<doc_id>.json` holds, and the model the
//! stages build. It sits at the bottom: every stage imports it, it imports no stage.
//!
//! Field names follow the output contract (README). The JSON Schema
//! `schemas/document.schema.json` is generated from these types ([`schema`],
//! `iki schema`): their doc comments are its descriptions, their `schemars`
//! attributes its patterns, bounds and lists of values.
//! Text fields hold the document's own words (whitespace folded); corrections
//! live only in `normalized`, `jabatan_normalized` and `normalizations`.

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Serialize};

/// Bumped whenever a field is added, removed or changes meaning.
pub const SCHEMA_VERSION: u32 = 4;

/// The version of iki that wrote a record (`extraction.tool_version`): a
/// document read by another version is read again.
pub const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");

/// One record per distinct source file. Text fields hold the document's own
/// words (whitespace folded); corrections live only in `normalized`,
/// `jabatan_normalized` and `normalizations`. Schema version 4 (adds the page
/// sources' `ocr_dpi`, `skew_degrees` and `photo`; version 3 added the source
/// boxes: `cells` to indicators, `jabatan_box` to blocks; `extra` to
/// indicators; `review` to blocks and the document; role `unit`; version 2
/// added `numerator`, `denominator`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "iki document record (documents/<doc_id>.json)",
    extend("$id" = "https://iki.example/schemas/document.schema.json")
)]
pub struct DocumentRecord {
    #[schemars(extend("const" = SCHEMA_VERSION))]
    pub schema_version: u32,
    /// First 16 hex digits of the SHA-256 of the file's bytes.
    #[schemars(pattern(r"^[0-9a-f]{16}$"))]
    pub doc_id: String,
    pub source: Source,
    pub status: Status,
    pub errors: Vec<ErrorRecord>,
    pub extraction: Extraction,
    pub metadata: Metadata,
    pub blocks: Vec<Block>,
    pub normalizations: Vec<Normalization>,
    /// Why this document should be checked by a person, as `code: message` in
    /// plain words: its structure did not fit what iki knows. Its blocks'
    /// reasons, each prefixed `block N: ` (codes jabatan_has_title_words,
    /// jabatan_too_long, jabatan_missing, no_indicator_rows,
    /// no_indikator_column, rows_doubtful, unrecognised_column,
    /// empty_column), and document-wide ones (roles_unknown, photo_pages,
    /// not_a_decree). Empty when all fits; the status is kept.
    #[serde(default)]
    #[schemars(inner(pattern(r"^[a-z0-9_ ]+: ")))]
    pub review: Vec<String>,
}

/// The file read.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The file's name without its folder (page images read as one document:
    /// their folder's name and `/`).
    pub file_name: String,
    #[schemars(pattern(r"^[0-9a-f]{64}$"))]
    pub sha256: String,
    pub bytes: u64,
    pub pages: Option<usize>,
}

/// `ok` all read; `partial` some pages could not be read (see `errors`);
/// `failed` nothing could be read; `no_iki` readable but holds no indicator
/// block.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash, PartialOrd, Ord, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Ok,
    Partial,
    Failed,
    NoIki,
}

impl Status {
    pub fn as_str(&self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Partial => "partial",
            Status::Failed => "failed",
            Status::NoIki => "no_iki",
        }
    }
}

/// A problem with the document (`page` null) or one of its pages.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ErrorRecord {
    #[schemars(with = "crate::error::ErrorCode")]
    pub code: String,
    #[schemars(range(min = 1))]
    pub page: Option<usize>,
    /// What is wrong and what to do, in plain words for office staff.
    #[schemars(length(min = 1))]
    pub message: String,
}

/// How the document was read.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Extraction {
    /// `text`, `ocr` or `mixed`.
    #[schemars(extend("enum" = ["text", "ocr", "mixed"]))]
    pub method: String,
    #[schemars(inner(range(min = 1)))]
    pub ocr_pages: Vec<usize>,
    /// Where each page read was taken from, in page order: `text` (the PDF's
    /// text layer), `ocr` (Tesseract on the page image), `text+image_rules`
    /// (the text layer over a scan, with the table rulings found in the image).
    pub page_sources: Vec<PageSourceRecord>,
    /// The OCRed pages' mean recognition confidence (0..1, weighted by their
    /// words); null when no page was OCRed.
    #[schemars(range(min = 0, max = 1))]
    pub ocr_mean_confidence: Option<f32>,
    pub tool_version: String,
}

/// One page read: where its words and rulings came from and, for an OCRed
/// page, how its image was prepared.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PageSourceRecord {
    #[schemars(range(min = 1))]
    pub page: usize,
    pub source: crate::model::PageSource,
    /// Resolution (dpi) of the page image Tesseract read; absent for a page
    /// read from its text layer.
    // These three are left out when None, never written as null: the schema
    // takes the inner type, and the field is optional (not required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "u32", range(min = 1))]
    pub ocr_dpi: Option<u32>,
    /// Skew turned out of the page image before reading, degrees; absent for
    /// a page read from its text layer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "f32")]
    pub skew_degrees: Option<f32>,
    /// The page was a phone photo, flattened to its paper before reading: how.
    /// Absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "PhotoRecord")]
    pub photo: Option<PhotoRecord>,
}

/// How a photographed page was flattened before it was read.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PhotoRecord {
    /// The paper size its proportions gave: `A4`, `F4` or `Letter`.
    #[schemars(extend("enum" = ["A4", "F4", "Letter"]))]
    pub paper: String,
    pub landscape: bool,
    /// Turn of the paper's top edge in the photo, degrees (positive: clockwise).
    pub rotation_degrees: f32,
    /// How far from straight above the photo was taken: the largest difference
    /// of a paper corner's angle in the photo from 90 degrees.
    #[schemars(range(min = 0))]
    pub perspective_degrees: f32,
    /// Share of the photo the paper covered (0..1).
    #[schemars(range(min = 0, max = 1))]
    pub paper_share: f32,
}

/// The decree's identity, as read from it; null where it does not say.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Metadata {
    #[schemars(extend("enum" = ["IKI", "IKU", null]))]
    pub jenis: Option<String>,
    /// The kabupaten or kota.
    pub wilayah: Option<String>,
    pub kecamatan: Option<String>,
    pub nomor_sk: Option<String>,
    /// ISO date; `YYYY-MM` when only the month is given.
    #[schemars(pattern(r"^\d{4}-\d{2}(-\d{2})?$"))]
    pub tanggal_ditetapkan: Option<String>,
    pub tahun: Option<i32>,
    pub camat: Option<String>,
}

/// One jabatan: its tugas, fungsi and table of indicators.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Block {
    /// As written; empty for a table of the whole unit.
    pub jabatan: String,
    pub jabatan_normalized: String,
    /// The canonical role (README: Roles); `unit` for a table named by no position.
    #[schemars(extend("enum" = [
        "camat", "sekretaris_kecamatan", "kasubag_umum_kepegawaian", "kasubag_keuangan", "kasubag_perencanaan",
        "kasubag_program_keuangan", "kasubag_tata_usaha", "kasi_pemerintahan", "kasi_trantib", "kasi_kesejahteraan_sosial",
        "kasi_pemberdayaan_masyarakat", "kasi_pelayanan", "kasi_pembangunan", "lurah", "sekretaris_kelurahan", "bendahara",
        "pelaksana", "unit", "other"
    ]))]
    pub role: String,
    pub eselon: Option<String>,
    /// The parenthesised superior.
    pub unit: Option<String>,
    pub tugas: Vec<String>,
    pub fungsi: Vec<String>,
    pub tujuan: Option<String>,
    pub indikator_tujuan: Vec<String>,
    #[schemars(inner(range(min = 1)))]
    pub pages: Vec<usize>,
    /// The table's header words, one per column, as written.
    pub columns: Vec<String>,
    pub indicators: Vec<Indicator>,
    /// Why this block should be checked by a person, as `code: message` in
    /// plain words (the codes are listed under the document's `review`).
    #[serde(default)]
    #[schemars(inner(pattern(r"^[a-z0-9_ ]+: ")))]
    pub review: Vec<String>,
    /// Where the jabatan is written (its lines on the block's first page; field
    /// `jabatan`); null when the block names no jabatan.
    #[serde(default, deserialize_with = "places")]
    pub jabatan_box: Option<CellBox>,
}

/// One row of a block's table of indicators. The text fields are as written,
/// null when empty.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    pub sasaran: Option<String>,
    pub indikator: Option<String>,
    pub formula: Option<String>,
    pub sumber_data: Option<String>,
    pub definisi: Option<String>,
    pub penanggung_jawab: Option<String>,
    pub normalized: NormalizedFields,
    #[schemars(extend("enum" = ["ratio_percent", "count", "index", "other"]))]
    pub formula_kind: String,
    /// For a `ratio_percent` formula: the part above the fraction bar (from the
    /// normalized formula, `Σ` and `× 100%` left out); null otherwise.
    pub numerator: Option<String>,
    /// For a `ratio_percent` formula: the part below the fraction bar.
    pub denominator: Option<String>,
    #[schemars(range(min = 1))]
    pub page: usize,
    /// Fields whose OCR confidence is low: check them against the scan.
    #[schemars(schema_with = "field_names")]
    pub review: Vec<String>,
    /// Cells of columns the record has no field for (TARGET, SATUAN,
    /// KETERANGAN, or header words iki does not know), keyed by the column's
    /// header as written; never a value of another field.
    #[serde(default)]
    pub extra: std::collections::BTreeMap<String, String>,
    /// Where each cell of the row is on the page: one box per mapped table
    /// cell (empty cells too), in column order; a cell continued on the next
    /// page has a box there too.
    #[serde(default, deserialize_with = "places")]
    pub cells: Vec<CellBox>,
}

/// A text field of an indicator row, in the record's column order: the one
/// list of their names (`sumber_data` ...), for the table reader, corrections,
/// review reasons and the report alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Sasaran,
    Indikator,
    Formula,
    SumberData,
    Definisi,
    PenanggungJawab,
}

impl Field {
    /// Every field, in column order.
    pub const ALL: [Field; 6] =
        [Field::Sasaran, Field::Indikator, Field::Formula, Field::SumberData, Field::Definisi, Field::PenanggungJawab];
    /// Their names in the record, in the same order.
    pub const NAMES: [&'static str; 6] = ["sasaran", "indikator", "formula", "sumber_data", "definisi", "penanggung_jawab"];

    /// The record's name of the field (`sumber_data` ...).
    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    /// The field of a record name; `None` for a name that is no indicator field.
    pub fn from_name(name: &str) -> Option<Field> {
        Self::ALL.into_iter().find(|f| f.name() == name)
    }
}

impl Indicator {
    /// The text of a field (`None` when empty).
    pub fn field(&self, f: Field) -> Option<&str> {
        match f {
            Field::Sasaran => self.sasaran.as_deref(),
            Field::Indikator => self.indikator.as_deref(),
            Field::Formula => self.formula.as_deref(),
            Field::SumberData => self.sumber_data.as_deref(),
            Field::Definisi => self.definisi.as_deref(),
            Field::PenanggungJawab => self.penanggung_jawab.as_deref(),
        }
    }

    /// The place of a field, to fill or change.
    pub fn field_mut(&mut self, f: Field) -> &mut Option<String> {
        match f {
            Field::Sasaran => &mut self.sasaran,
            Field::Indikator => &mut self.indikator,
            Field::Formula => &mut self.formula,
            Field::SumberData => &mut self.sumber_data,
            Field::Definisi => &mut self.definisi,
            Field::PenanggungJawab => &mut self.penanggung_jawab,
        }
    }

    /// The text of a field named as in the record (`None` when empty or no field).
    pub fn field_named(&self, name: &str) -> Option<&str> {
        Field::from_name(name).and_then(|f| self.field(f))
    }
}

thread_local! {
    static SKIP_PLACES: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f` (on this thread) with the records it reads left without where
/// things are on the page: `Indicator::cells` and `Block::jabatan_box` come
/// out empty. The CSV views and the report's checks do not read them, and they
/// are about a quarter of a record's JSON (many small objects and numbers): a
/// full rebuild of a national dataset parsed them for nothing. The JSON is
/// still read whole (and must still be well-formed); only these values are not
/// built.
pub(crate) fn without_places<T>(f: impl FnOnce() -> T) -> T {
    let was = SKIP_PLACES.replace(true);
    let out = f();
    SKIP_PLACES.set(was);
    out
}

/// Deserializes a value, or skips it and gives its default inside `without_places`.
fn places<'de, D: serde::Deserializer<'de>, T: Deserialize<'de> + Default>(d: D) -> Result<T, D::Error> {
    if SKIP_PLACES.get() {
        serde::de::IgnoredAny::deserialize(d)?;
        Ok(T::default())
    } else {
        T::deserialize(d)
    }
}

/// A cell's place in the source: the field it holds, its 1-based page, and its
/// bounding box `[x0, y0, x1, y1]` in PDF points with the origin at the
/// top-left of the page (y grows downwards), for digital and scanned pages
/// alike (a photographed page: points on its flattened paper).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CellBox {
    /// An indicator field, or `jabatan` for a block's `jabatan_box`.
    #[schemars(schema_with = "box_field_names")]
    pub field: String,
    #[schemars(range(min = 1))]
    pub page: usize,
    /// `[x0, y0, x1, y1]`, x0 <= x1, y0 <= y1.
    pub bbox: [f32; 4],
}

/// `Indicator::review`: indicator field names.
fn field_names(_: &mut SchemaGenerator) -> Schema {
    schemars::json_schema!({"type": "array", "items": {"type": "string", "enum": Field::NAMES}})
}

/// `CellBox::field`: an indicator field's name or `jabatan`.
fn box_field_names(_: &mut SchemaGenerator) -> Schema {
    let names: Vec<&str> = Field::NAMES.into_iter().chain(["jabatan"]).collect();
    schemars::json_schema!({"type": "string", "enum": names})
}

impl CellBox {
    /// A box from a layout rectangle, rounded to 0.1 pt.
    pub fn new(field: &str, page: usize, r: &crate::model::Rect) -> CellBox {
        let round = |v: f32| (v * 10.0).round() / 10.0;
        CellBox { field: field.to_string(), page, bbox: [round(r.x0), round(r.y0), round(r.x1), round(r.y1)] }
    }
}

/// The text fields with the spelling rules applied (`normalizations` lists
/// each change).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NormalizedFields {
    pub sasaran: Option<String>,
    pub indikator: Option<String>,
    pub formula: Option<String>,
    pub sumber_data: Option<String>,
}

/// One spelling correction.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Normalization {
    /// Where, e.g. `blocks[2].indicators[0].formula` or `blocks[1].jabatan`.
    #[schemars(pattern(r"^blocks\[\d+\]"))]
    pub path: String,
    pub from: String,
    pub to: String,
    /// `lexicon`, `fuzzy` or `ocr`.
    pub rule: String,
}

/// The JSON Schema of a record, `schemas/document.schema.json` (written by
/// `iki schema`). It describes what iki writes: a field written only when it
/// has a value (`ocr_dpi`, `skew_degrees`, `photo`) is optional, every other
/// field is required, and no object may hold a field it does not name.
pub fn schema() -> Schema {
    let mut settings = schemars::generate::SchemaSettings::draft2020_12().for_serialize();
    settings.transforms.push(Box::new(schemars::transform::RecursiveTransform(tidy)));
    settings.into_generator().into_root_schema_for::<DocumentRecord>()
}

/// Leaves out what the derive adds beyond the contract: `default` (what a
/// reader of an older record takes for a missing field; iki always writes
/// it) and `format` (Rust's number widths, `uint32` ..., which strict
/// validators such as Ajv refuse as unknown formats). A doc comment's line
/// breaks become spaces.
fn tidy(schema: &mut Schema) {
    schema.remove("default");
    schema.remove("format");
    if let Some(serde_json::Value::String(d)) = schema.get_mut("description") {
        *d = d.split("\n\n").map(|p| p.split('\n').map(str::trim).collect::<Vec<_>>().join(" ")).collect::<Vec<_>>().join("\n\n");
    }
}
