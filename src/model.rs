//! The types that pass between the stages.
//!
//! Coordinates are PDF points with the origin at the **top-left** of the page and
//! `y` growing downwards, for digital and OCR pages alike, so the layout stage
//! cannot tell where a word came from.

use serde::{Deserialize, Serialize};

/// An axis-aligned box: `x0 <= x1`, `y0 <= y1` (top-left origin).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Rect {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
}

impl Rect {
    pub(crate) fn new(x0: f32, y0: f32, x1: f32, y1: f32) -> Rect {
        Rect { x0: x0.min(x1), y0: y0.min(y1), x1: x0.max(x1), y1: y0.max(y1) }
    }
    pub(crate) fn width(&self) -> f32 {
        self.x1 - self.x0
    }
    pub(crate) fn height(&self) -> f32 {
        self.y1 - self.y0
    }
    pub(crate) fn cx(&self) -> f32 {
        (self.x0 + self.x1) / 2.0
    }
    pub(crate) fn cy(&self) -> f32 {
        (self.y0 + self.y1) / 2.0
    }
    pub(crate) fn union(&self, o: &Rect) -> Rect {
        Rect { x0: self.x0.min(o.x0), y0: self.y0.min(o.y0), x1: self.x1.max(o.x1), y1: self.y1.max(o.y1) }
    }
    pub(crate) fn area(&self) -> f32 {
        self.width().max(0.0) * self.height().max(0.0)
    }
}

/// One word: a run of glyphs with no space or wide gap inside.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Word {
    pub text: String,
    pub bbox: Rect,
    /// Font size in points (OCR: the word's height).
    pub size: f32,
    /// OCR confidence 0..1; `None` for a digital text-layer word (a searchable
    /// scan's OCR layer gets `ocr::overlay::LAYER_CONFIDENCE`).
    pub conf: Option<f32>,
}

/// A straight ruling line (table border): a stroked segment or a thin filled
/// rectangle, as a box of its painted extent.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Rule {
    pub rect: Rect,
}

impl Rule {
    pub(crate) fn is_horizontal(&self) -> bool {
        self.rect.width() > self.rect.height()
    }
}

/// How a page's words and rulings were obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub enum PageSource {
    /// The PDF's own text layer (words and vector rulings).
    #[serde(rename = "text")]
    Text,
    /// Tesseract on the page image (words and rulings from the image).
    #[serde(rename = "ocr")]
    Ocr,
    /// A good text layer over a scan: its words, with the rulings found in the image.
    #[serde(rename = "text+image_rules")]
    TextImageRules,
}

/// One page, as both the PDF interpreter and OCR deliver it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Page {
    /// 1-based page number in the document.
    pub number: usize,
    pub width: f32,
    pub height: f32,
    pub words: Vec<Word>,
    pub rules: Vec<Rule>,
    /// Boxes where raster images are painted (used to decide whether to OCR).
    pub images: Vec<Rect>,
    pub source: PageSource,
    /// Most of the page's text is painted invisibly (render mode 3): the OCR
    /// text layer a scanner app or OCRmyPDF lays over the page image.
    pub invisible_text: bool,
}

impl Page {
    pub(crate) fn empty(number: usize, width: f32, height: f32, source: PageSource) -> Page {
        Page { number, width, height, words: Vec::new(), rules: Vec::new(), images: Vec::new(), source, invisible_text: false }
    }
}
