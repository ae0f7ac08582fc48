//! Error codes of the output contract, and the error every stage returns for a
//! document or a page. Messages are written for office staff: what is wrong, and
//! what to do about it.

use serde::Serialize;

/// The `errors[].code` values of the contract (`schemas/`, README): `not_pdf`,
/// `empty_file`, `encrypted_pdf` (a password is needed), `corrupt_pdf`,
/// `truncated_pdf`, `unsupported_pdf`, `ocr_unavailable`, `ocr_failed`,
/// `page_unreadable`, `too_large`, `io_error`, `internal_error` (iki itself
/// stumbled on this file).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    NotPdf,
    EmptyFile,
    EncryptedPdf,
    CorruptPdf,
    TruncatedPdf,
    UnsupportedPdf,
    OcrUnavailable,
    OcrFailed,
    PageUnreadable,
    TooLarge,
    IoError,
    // The contract's name, as `as_str` says (the schema takes serde's names).
    #[serde(rename = "internal_error")]
    Internal,
}

impl ErrorCode {
    pub(crate) fn as_str(&self) -> &'static str {
        match self {
            ErrorCode::NotPdf => "not_pdf",
            ErrorCode::EmptyFile => "empty_file",
            ErrorCode::EncryptedPdf => "encrypted_pdf",
            ErrorCode::CorruptPdf => "corrupt_pdf",
            ErrorCode::TruncatedPdf => "truncated_pdf",
            ErrorCode::UnsupportedPdf => "unsupported_pdf",
            ErrorCode::OcrUnavailable => "ocr_unavailable",
            ErrorCode::OcrFailed => "ocr_failed",
            ErrorCode::PageUnreadable => "page_unreadable",
            ErrorCode::TooLarge => "too_large",
            ErrorCode::IoError => "io_error",
            ErrorCode::Internal => "internal_error",
        }
    }
}

/// A problem with one document (page = None) or one page of it.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct DocError {
    pub code: ErrorCode,
    /// 1-based page number, when the problem is on one page.
    pub page: Option<usize>,
    pub message: String,
}

impl DocError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> DocError {
        DocError { code, page: None, message: message.into() }
    }
    pub(crate) fn on_page(code: ErrorCode, page: usize, message: impl Into<String>) -> DocError {
        DocError { code, page: Some(page), message: message.into() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The schema lists serde's names of the codes; records carry `as_str`.
    #[test]
    fn serde_names_the_codes_as_records_do() {
        use ErrorCode::*;
        let all = [
            NotPdf,
            EmptyFile,
            EncryptedPdf,
            CorruptPdf,
            TruncatedPdf,
            UnsupportedPdf,
            OcrUnavailable,
            OcrFailed,
            PageUnreadable,
            TooLarge,
            IoError,
            Internal,
        ];
        for code in all {
            assert_eq!(serde_json::to_value(code).unwrap(), code.as_str());
        }
    }
}
