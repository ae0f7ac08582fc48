//! DEV STUB (replaced by the real interpreter): pages via pdfplumber.
use crate::error::{DocError, ErrorCode};
use crate::model::Page;
#[derive(Debug, Clone)]
pub struct Limits { pub max_file_bytes: u64, pub max_pages: usize, pub max_stream_bytes: usize, pub max_ops_per_page: usize, pub max_form_depth: usize }
impl Default for Limits { fn default() -> Self { Limits { max_file_bytes: 512 << 20, max_pages: 5000, max_stream_bytes: 256 << 20, max_ops_per_page: 2_000_000, max_form_depth: 12 } } }
pub struct PdfDoc { pages: Vec<Page>, doc: lopdf::Document }
pub fn open(bytes: &[u8], _limits: &Limits) -> Result<PdfDoc, DocError> {
    if bytes.is_empty() { return Err(DocError::new(ErrorCode::EmptyFile, "empty")); }
    if !bytes.starts_with(b"%PDF") { return Err(DocError::new(ErrorCode::NotPdf, "not pdf")); }
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("in.pdf"); std::fs::write(&p, bytes).unwrap();
    let o = dir.path().join("out.json");
    let st = std::process::Command::new("python3").arg("/tmp/dev/dump.py").arg(&p).arg(&o).output().unwrap();
    if !st.status.success() { return Err(DocError::new(ErrorCode::CorruptPdf, String::from_utf8_lossy(&st.stderr).to_string())); }
    let pages: Vec<Page> = serde_json::from_slice(&std::fs::read(&o).unwrap()).unwrap();
    Ok(PdfDoc { pages, doc: lopdf::Document::new() })
}
impl PdfDoc {
    pub fn page_count(&self) -> usize { self.pages.len() }
    pub fn page(&self, number: usize) -> Result<Page, DocError> { Ok(self.pages[number - 1].clone()) }
    pub fn document(&self) -> &lopdf::Document { &self.doc }
    pub fn page_id(&self, _number: usize) -> Option<lopdf::ObjectId> { None }
}
