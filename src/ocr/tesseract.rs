//! Running the `tesseract` command and reading its TSV output.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::error::{DocError, ErrorCode};

pub(crate) const INSTALL_HINT: &str = "Ask your IT staff to install it: sudo apt-get install tesseract-ocr tesseract-ocr-ind";

/// One recognised word in image pixels.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TsvWord {
    pub left: i64,
    pub top: i64,
    pub width: i64,
    pub height: i64,
    /// 0..100
    pub conf: f32,
    pub text: String,
    /// The image this word is on: 1 for the first of the images Tesseract was given.
    pub page: u32,
    /// Block, paragraph, line and word numbers as Tesseract reports them.
    pub block: u32,
    pub par: u32,
    pub line: u32,
    pub word: u32,
}

/// Parse Tesseract's TSV: level-5 rows with text and a confidence other than -1.
/// Malformed rows are skipped.
pub(crate) fn parse_tsv(tsv: &str) -> Vec<TsvWord> {
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
            page: u(1),
            block: u(2),
            par: u(3),
            line: u(4),
            word: u(5),
        });
    }
    out
}

/// Why [`run_tsv`] gave no TSV.
#[derive(Debug)]
pub(crate) struct RunFailure {
    pub error: DocError,
    /// The image (1-based, in the order given) Tesseract was stopped on for
    /// taking longer than the timeout; `None` for other failures.
    pub timed_out_on: Option<usize>,
}

impl From<DocError> for RunFailure {
    fn from(error: DocError) -> Self {
        RunFailure { error, timed_out_on: None }
    }
}

/// Run `tesseract <images> <out> -l LANG --psm PSM --dpi DPI tsv` with one
/// thread and return the TSV text. Several images go to one process through a
/// list file (Tesseract then loads its language models once); the TSV's
/// `page_num` says which image a word is on. The process is killed when one
/// image takes longer than `timeout` (Tesseract reports "Page N" on stderr as
/// it starts each image of a list). `out_base` names the output files
/// (`.tsv`, `.err`, `.list`).
pub(crate) fn run_tsv(
    images: &[PathBuf],
    out_base: &Path,
    lang: &str,
    psm: u32,
    dpi: u32,
    timeout: Duration,
) -> Result<String, RunFailure> {
    let io_error = |e: std::io::Error| DocError::new(ErrorCode::IoError, format!("Cannot write a temporary file for OCR ({e})."));
    let input = match images {
        [one] => one.clone(),
        _ => {
            let list = out_base.with_extension("list");
            let names: String = images.iter().map(|p| format!("{}\n", p.display())).collect();
            std::fs::write(&list, names).map_err(io_error)?;
            list
        }
    };
    let err_path = out_base.with_extension("err");
    let err_file = std::fs::File::create(&err_path).map_err(io_error)?;
    let mut child = Command::new("tesseract")
        .arg(&input)
        .arg(out_base)
        .args(["-l", lang, "--psm", &psm.to_string(), "--dpi", &dpi.to_string(), "tsv"])
        .env("OMP_THREAD_LIMIT", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::from(err_file))
        .spawn()
        .map_err(|e| spawn_error(&e))?;
    // The image being read (1-based) and since when.
    let (mut current, mut since) = (1usize, Instant::now());
    let mut last_look = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(st)) => break st,
            Ok(None) => {
                if images.len() > 1 && last_look.elapsed() >= Duration::from_millis(250) {
                    last_look = Instant::now();
                    let started = images_started(&err_path);
                    if started > current {
                        (current, since) = (started, Instant::now());
                    }
                }
                if since.elapsed() >= timeout {
                    let _ = child.kill();
                    let _ = child.wait();
                    let error = DocError::new(
                        ErrorCode::PageUnreadable,
                        format!(
                            "OCR took too long on this page (more than {} s) and was stopped. The scan may be very large or noisy.",
                            timeout.as_secs()
                        ),
                    );
                    return Err(RunFailure { error, timed_out_on: Some(current) });
                }
                std::thread::sleep(Duration::from_millis(25));
            }
            Err(e) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(DocError::new(ErrorCode::OcrFailed, format!("Text recognition (OCR) failed to run ({e}).")).into());
            }
        }
    };
    if !status.success() {
        let err = std::fs::read_to_string(&err_path).unwrap_or_default();
        let err = last_lines(&err, 3);
        return Err(DocError::new(
            ErrorCode::OcrFailed,
            format!("Text recognition (OCR) failed on this page ({status}). {err}").trim().to_string(),
        )
        .into());
    }
    let tsv_path = out_base.with_extension("tsv");
    std::fs::read(&tsv_path)
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .map_err(|e| DocError::new(ErrorCode::OcrFailed, format!("Text recognition (OCR) gave no result ({e}).")).into())
}

/// How many images of a list Tesseract has started, from its stderr.
fn images_started(err_path: &Path) -> usize {
    let text = std::fs::read(err_path).unwrap_or_default();
    String::from_utf8_lossy(&text).lines().filter(|l| l.starts_with("Page ")).count()
}

fn last_lines(s: &str, n: usize) -> String {
    let lines: Vec<&str> = s.lines().filter(|l| !l.trim().is_empty()).collect();
    lines[lines.len().saturating_sub(n)..].join(" / ")
}

pub(crate) fn spawn_error(e: &std::io::Error) -> DocError {
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
pub(crate) fn available() -> Result<String, DocError> {
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
