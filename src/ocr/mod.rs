//! DEV STUB (replaced by the OCR stage).
use crate::error::{DocError, ErrorCode};
use crate::model::Page;
pub struct OcrOptions { pub lang: String, pub timeout: std::time::Duration, pub dpi_hint: Option<u32> }
pub struct OcrStats { pub mean_confidence: Option<f32>, pub words: usize, pub skew_degrees: f32 }
pub fn available() -> Result<String, DocError> { Err(DocError::new(ErrorCode::OcrUnavailable, "stub")) }
pub fn page_raster(_doc: &lopdf::Document, _page_id: lopdf::ObjectId, _max_pixels: u64) -> Result<Option<image::GrayImage>, DocError> { Ok(None) }
pub fn recognize(_img: &image::GrayImage, _n: usize, _w: f32, _h: f32, _o: &OcrOptions) -> Result<(Page, OcrStats), DocError> { Err(DocError::new(ErrorCode::OcrUnavailable, "stub")) }
