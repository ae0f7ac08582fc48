//! The document record: what `documents/<doc_id>.json` holds, and the model the
//! stages build. It sits at the bottom: every stage imports it, it imports no stage.
//!
//! Field names follow the output contract (README, `schemas/document.schema.json`).
//! Text fields hold the document's own words (whitespace folded); corrections
//! live only in `normalized`, `jabatan_normalized` and `normalizations`.

use serde::{Deserialize, Serialize};

/// Bumped whenever a field is added, removed or changes meaning.
pub const SCHEMA_VERSION: u32 = 4;

/// The version of iki that wrote a record (`extraction.tool_version`): a
/// document read by another version is read again.
pub const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct DocumentRecord {
    pub schema_version: u32,
    pub doc_id: String,
    pub source: Source,
    pub status: Status,
    pub errors: Vec<ErrorRecord>,
    pub extraction: Extraction,
    pub metadata: Metadata,
    pub blocks: Vec<Block>,
    pub normalizations: Vec<Normalization>,
    /// Why this document should be checked by a person (`code: message`):
    /// its blocks' reasons and document-wide ones. Empty when all fits.
    #[serde(default)]
    pub review: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub file_name: String,
    pub sha256: String,
    pub bytes: u64,
    pub pages: Option<usize>,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
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

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ErrorRecord {
    pub code: String,
    pub page: Option<usize>,
    pub message: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Extraction {
    /// `text`, `ocr` or `mixed`.
    pub method: String,
    pub ocr_pages: Vec<usize>,
    /// Where each page read was taken from, in page order.
    pub page_sources: Vec<PageSourceRecord>,
    pub ocr_mean_confidence: Option<f32>,
    pub tool_version: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PageSourceRecord {
    pub page: usize,
    pub source: crate::model::PageSource,
    /// Resolution (dpi) of the page image Tesseract read; absent for a page
    /// read from its text layer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ocr_dpi: Option<u32>,
    /// Skew turned out of the page image before reading, degrees; absent for
    /// a page read from its text layer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skew_degrees: Option<f32>,
    /// The page was a phone photo: how it was flattened. Absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub photo: Option<PhotoRecord>,
}

/// How a photographed page was flattened before it was read.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PhotoRecord {
    /// The paper size its proportions gave: `A4`, `F4` or `Letter`.
    pub paper: String,
    pub landscape: bool,
    /// Turn of the paper's top edge in the photo, degrees (positive: clockwise).
    pub rotation_degrees: f32,
    /// How far from straight above the photo was taken: the largest difference
    /// of a paper corner's angle in the photo from 90 degrees.
    pub perspective_degrees: f32,
    /// Share of the photo the paper covered (0..1).
    pub paper_share: f32,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Metadata {
    pub jenis: Option<String>,
    pub wilayah: Option<String>,
    pub kecamatan: Option<String>,
    pub nomor_sk: Option<String>,
    pub tanggal_ditetapkan: Option<String>,
    pub tahun: Option<i32>,
    pub camat: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Block {
    pub jabatan: String,
    pub jabatan_normalized: String,
    pub role: String,
    pub eselon: Option<String>,
    pub unit: Option<String>,
    pub tugas: Vec<String>,
    pub fungsi: Vec<String>,
    pub tujuan: Option<String>,
    pub indikator_tujuan: Vec<String>,
    pub pages: Vec<usize>,
    /// The table's header words, one per column, as written.
    pub columns: Vec<String>,
    pub indicators: Vec<Indicator>,
    /// Why this block should be checked by a person (`code: message`).
    #[serde(default)]
    pub review: Vec<String>,
    /// Where the jabatan is written (its lines on the block's first page; field
    /// `jabatan`); null when the block names no jabatan.
    #[serde(default, deserialize_with = "places")]
    pub jabatan_box: Option<CellBox>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    pub sasaran: Option<String>,
    pub indikator: Option<String>,
    pub formula: Option<String>,
    pub sumber_data: Option<String>,
    pub definisi: Option<String>,
    pub penanggung_jawab: Option<String>,
    pub normalized: NormalizedFields,
    pub formula_kind: String,
    /// For a `ratio_percent` formula: the part above the fraction bar (from the
    /// normalized formula, `Σ` and `× 100%` left out); null otherwise.
    pub numerator: Option<String>,
    /// For a `ratio_percent` formula: the part below the fraction bar.
    pub denominator: Option<String>,
    pub page: usize,
    /// Fields whose OCR confidence is low: check them against the scan.
    pub review: Vec<String>,
    /// Cells of columns the record has no field for (TARGET, SATUAN, ...),
    /// keyed by their header as written.
    #[serde(default)]
    pub extra: std::collections::BTreeMap<String, String>,
    /// Where each cell of the row is on the page: one box per mapped table
    /// cell, in column order; a cell continued on the next page has a box
    /// there too.
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
/// alike.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CellBox {
    pub field: String,
    pub page: usize,
    pub bbox: [f32; 4],
}

impl CellBox {
    /// A box from a layout rectangle, rounded to 0.1 pt.
    pub fn new(field: &str, page: usize, r: &crate::model::Rect) -> CellBox {
        let round = |v: f32| (v * 10.0).round() / 10.0;
        CellBox { field: field.to_string(), page, bbox: [round(r.x0), round(r.y0), round(r.x1), round(r.y1)] }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct NormalizedFields {
    pub sasaran: Option<String>,
    pub indikator: Option<String>,
    pub formula: Option<String>,
    pub sumber_data: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Normalization {
    pub path: String,
    pub from: String,
    pub to: String,
    pub rule: String,
}
