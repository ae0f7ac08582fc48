//! Running the `tesseract` command and reading its TSV output.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::error::{DocError, ErrorCode};

pub const INSTALL_HINT: &str = "Ask your IT staff to install it: sudo apt-get install tesseract-ocr tesseract-ocr-ind";

/// One recognised word in image pixels.
#[derive(Debug, Clone, PartialEq)]
pub struct TsvWord {
    pub left: i64,
    pub top: i64,
    pub width: i64,
    pub height: i64,
    /// 0..100
    pub conf: f32,
    pub text: String,
    /// Block, paragraph, line and word numbers as Tesseract reports them.
    pub block: u32,
    pub par: u32,
    pub line: u32,
    pub word: u32,
}

/// Parse Tesseract's TSV: level-5 rows with text and a confidence other than -1.
/// Malformed rows are skipped.
pub fn parse_tsv(tsv: &str) -> Vec<TsvWord> {
    let mut out = Vec::new();
    for line in tsv.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 12 || f[0] != "5" {
            continue;
        }
        let num = |i: usize| f[i].trim().parse::<i64>().ok();
        let (Some(left), Some(top), Some(width), Some(height)) = (num(6), num(7), num(8), num(9)) else { continue };
        let Ok(conf) = f[10].trim().parse::<f32>() else { continue };
        // The text is the rest of the line (a word never holds a tab, but be safe).
        let text = f[11..].join("\t");
        let text = text.trim();
        if conf < 0.0 || text.is_empty() || width <= 0 || height <= 0 {
            continue;
        }
        let u = |i: usize| f[i].trim().parse::<u32>().unwrap_or(0);
        out.push(TsvWord {
            left,
            top,
            width,
            height,
            conf: conf.clamp(0.0, 100.0),
            text: text.to_string(),
            block: u(2),
            par: u(3),
            line: u(4),
            word: u(5),
        });
    }
    out
}

/// Run `tesseract <image> <out> -l LANG --psm PSM --dpi DPI tsv` with one
/// thread, killing it after `timeout`. Returns the TSV text.
pub fn run_tsv(image: &Path, lang: &str, psm: u32, dpi: u32, timeout: Duration) -> Result<String, DocError> {
    let dir = image.parent().unwrap_or_else(|| Path::new("."));
    let out_base = dir.join("ocr-out");
    let err_path = dir.join("ocr-err.txt");
    let err_file = std::fs::File::create(&err_path)
        .map_err(|e| DocError::new(ErrorCode::IoError, format!("Cannot write a temporary file for OCR ({e}).")))?;
    let mut child = Command::new("tesseract")
        .arg(image)
        .arg(&out_base)
        .args(["-l", lang, "--psm", &psm.to_string(), "--dpi", &dpi.to_string(), "tsv"])
        .env("OMP_THREAD_LIMIT", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::from(err_file))
        .spawn()
        .map_err(|e| spawn_error(&e))?;
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(st)) => break st,
            Ok(None) => {
                if start.elapsed() >= timeout {
                    let _ = child.kill();
                    let _ = child.wait();
                    return Err(DocError::new(
                        ErrorCode::PageUnreadable,
                        format!(
                            "OCR took too long on this page (more than {} s) and was stopped. The scan may be very large or noisy.",
                            timeout.as_secs()
                        ),
                    ));
                }
                std::thread::sleep(Duration::from_millis(25));
            }
            Err(e) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(DocError::new(ErrorCode::OcrFailed, format!("Text recognition (OCR) failed to run ({e}).")));
            }
        }
    };
    if !status.success() {
        let err = std::fs::read_to_string(&err_path).unwrap_or_default();
        let err = last_lines(&err, 3);
        return Err(DocError::new(
            ErrorCode::OcrFailed,
            format!("Text recognition (OCR) failed on this page ({status}). {err}").trim().to_string(),
        ));
    }
    let tsv_path = out_base.with_extension("tsv");
    std::fs::read(&tsv_path)
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .map_err(|e| DocError::new(ErrorCode::OcrFailed, format!("Text recognition (OCR) gave no result ({e}).")))
}

fn last_lines(s: &str, n: usize) -> String {
    let lines: Vec<&str> = s.lines().filter(|l| !l.trim().is_empty()).collect();
    lines[lines.len().saturating_sub(n)..].join(" / ")
}

pub fn spawn_error(e: &std::io::Error) -> DocError {
    if e.kind() == std::io::ErrorKind::NotFound {
        DocError::new(
            ErrorCode::OcrUnavailable,
            format!("Scanned pages cannot be read because the text-recognition program (Tesseract OCR) is not installed. {INSTALL_HINT}"),
        )
    } else {
        DocError::new(
            ErrorCode::OcrUnavailable,
            format!("The text-recognition program (Tesseract OCR) cannot be started ({e}). {INSTALL_HINT}"),
        )
    }
}

/// Run a short tesseract command and capture its output (stdout + stderr).
fn run_capture(args: &[&str]) -> Result<(bool, String), DocError> {
    let out =
        Command::new("tesseract").args(args).env("OMP_THREAD_LIMIT", "1").stdin(Stdio::null()).output().map_err(|e| spawn_error(&e))?;
    let mut s = String::from_utf8_lossy(&out.stdout).into_owned();
    s.push('\n');
    s.push_str(&String::from_utf8_lossy(&out.stderr));
    Ok((out.status.success(), s))
}

/// Check that tesseract runs and knows Indonesian; returns its version line.
pub fn available() -> Result<String, DocError> {
    let (ok, version) = run_capture(&["--version"])?;
    if !ok {
        return Err(DocError::new(
            ErrorCode::OcrUnavailable,
            format!("The text-recognition program (Tesseract OCR) is installed but does not run. {INSTALL_HINT}"),
        ));
    }
    let version_line = version.lines().find(|l| l.trim_start().starts_with("tesseract")).unwrap_or("tesseract").trim().to_string();
    let (_, langs) = run_capture(&["--list-langs"])?;
    let has_ind = langs.lines().any(|l| l.trim() == "ind");
    if !has_ind {
        return Err(DocError::new(
            ErrorCode::OcrUnavailable,
            format!("The text-recognition program (Tesseract OCR) is installed, but without the Indonesian language. {INSTALL_HINT}"),
        ));
    }
    Ok(version_line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_tsv_snippet() {
        let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
1\t1\t0\t0\t0\t0\t0\t0\t1692\t2598\t-1\t\n\
2\t1\t1\t0\t0\t0\t216\t131\t1273\t44\t-1\t\n\
4\t1\t1\t1\t1\t0\t463\t131\t770\t30\t-1\t\n\
5\t1\t1\t1\t1\t1\t463\t131\t240\t30\t96.512383\tINDIKATOR\n\
5\t1\t1\t1\t1\t2\t716\t131\t190\t30\t95.1\tKINERJA\n\
5\t1\t1\t1\t1\t3\t920\t131\t10\t30\t-1\t\n\
5\t1\t1\t1\t1\t4\t930\t131\t20\t30\t12\t \n\
5\t1\t1\t1\t1\t5\tx\t131\t20\t30\t50\tbad\n\
5\t1\t1\t1\t2\t1\t100\t200\t80\t25\t0\t×\n";
        let w = parse_tsv(tsv);
        assert_eq!(w.len(), 3, "{w:?}");
        assert_eq!(w[0].text, "INDIKATOR");
        assert_eq!((w[0].left, w[0].top, w[0].width, w[0].height), (463, 131, 240, 30));
        assert!((w[0].conf - 96.512_38).abs() < 1e-4);
        assert_eq!(w[1].text, "KINERJA");
        assert_eq!(w[2].text, "×");
        assert_eq!(w[2].conf, 0.0);
        assert_eq!(w[2].line, 2);
    }

    #[test]
    fn tesseract_is_available_with_indonesian() {
        let v = available().expect("tesseract with the `ind` language must be installed for these tests");
        assert!(v.contains("tesseract"), "{v}");
    }
}
