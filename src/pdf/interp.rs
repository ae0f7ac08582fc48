//! Content-stream interpreter: graphics/text state, text decoding into words,
//! ruling lines from paths, and painted image boxes.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use lopdf::{Dictionary, Document, Object, ObjectId};

use super::encoding::push_text;
use super::font::Font;
use super::lexer::{decode_name, Lexer, Token};
use super::objects::{decode_stream, deref, dict_of, numbers, ref_id};
use super::Limits;
use crate::model::{Rect, Rule, Word};

/// A PDF matrix `[a b c d e f]` (row-vector convention).
pub(super) type Matrix = [f64; 6];

pub(super) const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];
/// Bound on the rules kept for one page.
const MAX_RULES: usize = 100_000;
/// Bound on the points of one path.
const MAX_PATH_POINTS: usize = 200_000;
/// Bound on the images recorded for one page.
const MAX_IMAGES: usize = 10_000;
/// Bound on the graphics-state stack and array nesting.
const MAX_STACK: usize = 256;

/// `m × n`.
pub(super) fn mul(m: &Matrix, n: &Matrix) -> Matrix {
    [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]
}

#[inline]
pub(super) fn apply(m: &Matrix, x: f64, y: f64) -> (f64, f64) {
    (x * m[0] + y * m[2] + m[4], x * m[1] + y * m[3] + m[5])
}

/// Fonts decoded once per document, keyed by object id.
pub(super) type FontCache = Mutex<HashMap<ObjectId, Arc<Font>>>;

/// What one page yields.
#[derive(Debug, Default)]
pub(super) struct Output {
    pub words: Vec<Word>,
    pub rules: Vec<Rule>,
    pub images: Vec<Rect>,
    /// Set when a limit cut interpretation short.
    pub truncated: bool,
    /// Text direction of each word (unit vector in page space).
    pub dirs: Vec<(f64, f64)>,
    /// Glyphs shown, and those shown invisibly (render mode 3 or 7: the OCR
    /// text layer a scanner app lays over its page image).
    pub glyphs: usize,
    pub invisible_glyphs: usize,
}

impl Output {
    /// Keeps only the words that run along the page's main text direction: a
    /// round stamp or a rotated margin note is not part of the reading order.
    fn keep_main_direction(&mut self) {
        let mut weight: Vec<((f64, f64), usize)> = Vec::new();
        for (w, d) in self.words.iter().zip(&self.dirs) {
            match weight.iter_mut().find(|(k, _)| k.0 * d.0 + k.1 * d.1 > 0.98) {
                Some(e) => e.1 += w.text.chars().count(),
                None => weight.push((*d, w.text.chars().count())),
            }
        }
        let Some(main) = weight.iter().max_by_key(|e| e.1).map(|e| e.0) else { return };
        let dirs = std::mem::take(&mut self.dirs);
        let mut keep = dirs.iter().map(|d| main.0 * d.0 + main.1 * d.1 > 0.98);
        self.words.retain(|_| keep.next().unwrap_or(true));
    }
}

#[derive(Clone)]
struct GState {
    ctm: Matrix,
    font: Option<Arc<Font>>,
    size: f64,
    char_spacing: f64,
    word_spacing: f64,
    hscale: f64,
    leading: f64,
    rise: f64,
    line_width: f64,
    /// Text rendering mode (`Tr`).
    render_mode: i64,
}

impl GState {
    fn new(ctm: Matrix) -> GState {
        GState {
            ctm,
            font: None,
            size: 0.0,
            char_spacing: 0.0,
            word_spacing: 0.0,
            hscale: 1.0,
            leading: 0.0,
            rise: 0.0,
            line_width: 1.0,
            render_mode: 0,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Operand<'a> {
    Num(f64),
    Name(&'a [u8]),
    Str(Vec<u8>),
    Array(Vec<Operand<'a>>),
    Other,
}

impl Operand<'_> {
    fn num(&self) -> Option<f64> {
        match self {
            Operand::Num(n) => Some(*n),
            _ => None,
        }
    }
}

struct SubPath {
    pts: Vec<(f64, f64)>,
    /// `curve[i]`: the segment ending at `pts[i]` is a Bézier curve.
    curve: Vec<bool>,
    closed: bool,
}

/// An open word being assembled from glyphs.
#[derive(Default)]
struct WordBuilder {
    text: String,
    bbox: Option<[f64; 4]>,
    size: f64,
    /// Where the next glyph is expected to start (page space).
    next: (f64, f64),
    dir: (f64, f64),
}

impl WordBuilder {
    fn flush(&mut self, out: &mut Vec<Word>, dirs: &mut Vec<(f64, f64)>) {
        if let Some(b) = self.bbox.take() {
            let bbox = Rect::new(b[0] as f32, b[1] as f32, b[2] as f32, b[3] as f32);
            // Text painted twice at (almost) the same place, e.g. simulated bold.
            let duplicate = out.iter().rev().take(8).any(|w| w.text == self.text && overlap(&w.bbox, &bbox) > 0.7);
            if !self.text.is_empty() && !duplicate {
                out.push(Word { text: std::mem::take(&mut self.text), bbox, size: self.size as f32, conf: None });
                dirs.push(self.dir);
            }
        }
        self.text.clear();
    }
}

/// Interprets one page (and the forms it paints).
pub(super) struct Interp<'a> {
    doc: &'a Document,
    limits: &'a Limits,
    fonts: &'a FontCache,
    pub out: Output,
    word: WordBuilder,
    glyph_text: String,
    ops: usize,
    forms: Vec<ObjectId>,
    gs: GState,
    stack: Vec<GState>,
    tm: Matrix,
    tlm: Matrix,
    path: Vec<SubPath>,
    path_points: usize,
    /// Fonts of inline (direct) font dictionaries, by resource name.
    local_fonts: HashMap<Vec<u8>, Arc<Font>>,
    /// Decoded form contents, so a form painted many times is inflated once.
    form_cache: HashMap<ObjectId, Arc<Vec<u8>>>,
    /// Bytes of form content decoded so far (bounded by `max_stream_bytes`).
    decoded: usize,
}

impl<'a> Interp<'a> {
    /// `base` maps user space to top-left page space.
    pub(super) fn new(doc: &'a Document, limits: &'a Limits, fonts: &'a FontCache, base: Matrix) -> Interp<'a> {
        Interp {
            doc,
            limits,
            fonts,
            out: Output::default(),
            word: WordBuilder::default(),
            glyph_text: String::new(),
            ops: 0,
            forms: Vec::new(),
            gs: GState::new(base),
            stack: Vec::new(),
            tm: IDENTITY,
            tlm: IDENTITY,
            path: Vec::new(),
            path_points: 0,
            local_fonts: HashMap::new(),
            form_cache: HashMap::new(),
            decoded: 0,
        }
    }

    /// Finishes the page and returns what was collected.
    pub(super) fn finish(mut self) -> Output {
        self.word.flush(&mut self.out.words, &mut self.out.dirs);
        self.out.keep_main_direction();
        self.out
    }

    /// Runs a content stream with the given resources.
    pub(super) fn run(&mut self, content: &[u8], resources: Option<&'a Dictionary>) {
        let mut lx = Lexer::new(content);
        let mut operands: Vec<Operand> = Vec::new();
        let mut arrays: Vec<Vec<Operand>> = Vec::new();
        while let Some(tok) = lx.next_token() {
            let operand = match tok {
                Token::Num(n) => Operand::Num(n),
                Token::Name(n) => Operand::Name(n),
                Token::Str(s) => Operand::Str(s),
                Token::ArrayStart => {
                    if arrays.len() < MAX_STACK {
                        arrays.push(Vec::new());
                    }
                    continue;
                }
                Token::ArrayEnd => match arrays.pop() {
                    Some(a) => Operand::Array(a),
                    None => continue,
                },
                Token::DictStart => {
                    skip_dict(&mut lx);
                    Operand::Other
                }
                Token::DictEnd => continue,
                Token::Op(op) => {
                    if !arrays.is_empty() {
                        // `true`/`false`/`null` inside arrays, or a broken array.
                        if matches!(op, b"true" | b"false" | b"null") {
                            if let Some(a) = arrays.last_mut() {
                                a.push(Operand::Other);
                            }
                            continue;
                        }
                        arrays.clear();
                    }
                    if matches!(op, b"true" | b"false" | b"null") {
                        operands.push(Operand::Other);
                        continue;
                    }
                    self.ops += 1;
                    if self.ops > self.limits.max_ops_per_page {
                        self.out.truncated = true;
                        return;
                    }
                    if op == b"ID" {
                        lx.skip_inline_image();
                        self.image();
                    } else {
                        self.op(op, &operands, resources);
                    }
                    operands.clear();
                    continue;
                }
            };
            match arrays.last_mut() {
                Some(a) => a.push(operand),
                None => {
                    if operands.len() < 64 {
                        operands.push(operand);
                    }
                }
            }
        }
    }

    fn op(&mut self, op: &[u8], args: &[Operand], res: Option<&'a Dictionary>) {
        let n = |i: usize| args.get(i).and_then(Operand::num).unwrap_or(0.0);
        let last_n = |k: usize| -> Option<Vec<f64>> {
            if args.len() < k {
                return None;
            }
            args[args.len() - k..].iter().map(Operand::num).collect()
        };
        match op {
            // Graphics state.
            b"q" if self.stack.len() < MAX_STACK => self.stack.push(self.gs.clone()),
            b"Q" => {
                if let Some(g) = self.stack.pop() {
                    self.gs = g;
                }
            }
            b"cm" => {
                if let Some(v) = last_n(6) {
                    let m = [v[0], v[1], v[2], v[3], v[4], v[5]];
                    if m.iter().all(|x| x.is_finite()) {
                        self.gs.ctm = mul(&m, &self.gs.ctm);
                    }
                }
            }
            b"w" => self.gs.line_width = n(0).abs(),
            b"gs" => {
                if let Some(Operand::Name(name)) = args.first() {
                    if let Some(lw) = resource(self.doc, res, b"ExtGState", name)
                        .and_then(|o| dict_of(self.doc, o))
                        .and_then(|d| d.get(b"LW").ok())
                        .and_then(|o| super::objects::num(self.doc, o))
                    {
                        self.gs.line_width = lw.abs();
                    }
                }
            }
            // Text state.
            b"BT" => {
                self.tm = IDENTITY;
                self.tlm = IDENTITY;
            }
            b"ET" => {}
            b"Tc" => self.gs.char_spacing = n(0),
            b"Tw" => self.gs.word_spacing = n(0),
            b"Tz" => self.gs.hscale = n(0) / 100.0,
            b"TL" => self.gs.leading = n(0),
            b"Ts" => self.gs.rise = n(0),
            b"Tr" => self.gs.render_mode = n(0) as i64,
            b"Tf" => {
                if let Some(Operand::Name(name)) = args.first() {
                    self.gs.font = Some(self.font(res, name));
                }
                self.gs.size = n(1);
            }
            b"Td" => self.move_line(n(0), n(1)),
            b"TD" => {
                self.gs.leading = -n(1);
                self.move_line(n(0), n(1));
            }
            b"Tm" => {
                if let Some(v) = last_n(6) {
                    let m = [v[0], v[1], v[2], v[3], v[4], v[5]];
                    if m.iter().all(|x| x.is_finite()) {
                        self.tm = m;
                        self.tlm = m;
                    }
                }
            }
            b"T*" => self.move_line(0.0, -self.gs.leading),
            b"Tj" => {
                if let Some(Operand::Str(s)) = args.first() {
                    self.show(s);
                }
            }
            b"'" => {
                self.move_line(0.0, -self.gs.leading);
                if let Some(Operand::Str(s)) = args.last() {
                    self.show(s);
                }
            }
            b"\"" => {
                self.gs.word_spacing = n(0);
                self.gs.char_spacing = n(1);
                self.move_line(0.0, -self.gs.leading);
                if let Some(Operand::Str(s)) = args.get(2) {
                    self.show(s);
                }
            }
            b"TJ" => {
                if let Some(Operand::Array(items)) = args.first() {
                    for it in items {
                        match it {
                            Operand::Str(s) => self.show(s),
                            Operand::Num(k) => {
                                let tx = -k / 1000.0 * self.gs.size * self.gs.hscale;
                                self.advance(tx);
                            }
                            _ => {}
                        }
                    }
                }
            }
            // Paths.
            b"m" => {
                if let Some(v) = last_n(2) {
                    let p = apply(&self.gs.ctm, v[0], v[1]);
                    self.path.push(SubPath { pts: vec![p], curve: vec![false], closed: false });
                    self.path_points += 1;
                }
            }
            b"l" => {
                if let Some(v) = last_n(2) {
                    self.line_to(v[0], v[1], false);
                }
            }
            b"c" => {
                if let Some(v) = last_n(6) {
                    self.line_to(v[4], v[5], true);
                }
            }
            b"v" | b"y" => {
                if let Some(v) = last_n(4) {
                    self.line_to(v[2], v[3], true);
                }
            }
            b"h" => {
                if let Some(sp) = self.path.last_mut() {
                    sp.closed = true;
                }
            }
            b"re" => {
                if let Some(v) = last_n(4) {
                    let (x, y, w, h) = (v[0], v[1], v[2], v[3]);
                    let m = &self.gs.ctm;
                    let pts = vec![apply(m, x, y), apply(m, x + w, y), apply(m, x + w, y + h), apply(m, x, y + h)];
                    self.path.push(SubPath { pts, curve: vec![false; 4], closed: true });
                    self.path_points += 4;
                }
            }
            b"S" => self.paint(true, false),
            b"s" => {
                self.close_last();
                self.paint(true, false);
            }
            b"f" | b"F" | b"f*" => self.paint(false, true),
            b"B" | b"B*" => self.paint(true, true),
            b"b" | b"b*" => {
                self.close_last();
                self.paint(true, true);
            }
            b"n" => self.clear_path(),
            // XObjects.
            b"Do" => {
                if let Some(Operand::Name(name)) = args.first() {
                    self.xobject(res, name);
                }
            }
            _ => {}
        }
    }

    fn move_line(&mut self, tx: f64, ty: f64) {
        self.tlm = mul(&[1.0, 0.0, 0.0, 1.0, tx, ty], &self.tlm);
        self.tm = self.tlm;
    }

    #[inline]
    fn advance(&mut self, tx: f64) {
        self.tm[4] += tx * self.tm[0];
        self.tm[5] += tx * self.tm[1];
    }

    fn font(&mut self, res: Option<&'a Dictionary>, name: &[u8]) -> Arc<Font> {
        let max = self.limits.max_stream_bytes;
        let Some(obj) = resource(self.doc, res, b"Font", name) else {
            return Arc::new(Font::default());
        };
        if let Some(id) = ref_id(obj) {
            if let Ok(cache) = self.fonts.lock() {
                if let Some(f) = cache.get(&id) {
                    return f.clone();
                }
            }
            let f = Arc::new(dict_of(self.doc, obj).map(|d| Font::load(self.doc, d, max)).unwrap_or_default());
            if let Ok(mut cache) = self.fonts.lock() {
                cache.insert(id, f.clone());
            }
            return f;
        }
        if let Some(f) = self.local_fonts.get(name) {
            return f.clone();
        }
        let f = Arc::new(dict_of(self.doc, obj).map(|d| Font::load(self.doc, d, max)).unwrap_or_default());
        self.local_fonts.insert(name.to_vec(), f.clone());
        f
    }

    /// Shows a string: decodes glyphs, feeds words, advances the text matrix.
    fn show(&mut self, bytes: &[u8]) {
        let font = match &self.gs.font {
            Some(f) => f.clone(),
            None => {
                let f = Arc::new(Font::default());
                self.gs.font = Some(f.clone());
                f
            }
        };
        let fs = self.gs.size;
        let th = self.gs.hscale;
        let (tc, tw, rise) = (self.gs.char_spacing, self.gs.word_spacing, self.gs.rise);
        let lo = rise - 0.2 * fs * font.vscale as f64;
        let hi = rise + 0.8 * fs * font.vscale as f64;
        let invisible = matches!(self.gs.render_mode, 3 | 7);
        let mut i = 0;
        let mut guard = 0usize;
        while i < bytes.len() && guard < bytes.len() + 1 {
            guard += 1;
            self.out.glyphs += 1;
            self.out.invisible_glyphs += invisible as usize;
            let (code, len) = font.next_code(&bytes[i..]);
            i += len.max(1);
            let w0 = font.width_of(code, len) as f64;
            let mut tx = w0 * fs + tc;
            if font.is_word_space(code, len) {
                tx += tw;
            }
            tx *= th;
            let trm = mul(&self.tm, &self.gs.ctm);
            self.glyph_text.clear();
            let mut text = std::mem::take(&mut self.glyph_text);
            font.decode_into(code, len, &mut text);
            self.glyph(&text, &trm, w0 * fs * th, tx, lo, hi, fs * font.vscale as f64);
            self.glyph_text = text;
            self.advance(tx);
        }
    }

    /// Adds one glyph (text-space geometry relative to `trm`) to the current word.
    #[allow(clippy::too_many_arguments)]
    fn glyph(&mut self, text: &str, trm: &Matrix, width: f64, adv: f64, lo: f64, hi: f64, fs: f64) {
        let origin = (trm[4], trm[5]);
        let end = apply(trm, adv, 0.0);
        let vlen = (trm[2] * trm[2] + trm[3] * trm[3]).sqrt();
        let size = fs.abs() * vlen;
        let hlen = (trm[0] * trm[0] + trm[1] * trm[1]).sqrt();
        let dir = if hlen > 1e-9 { (trm[0] / hlen, trm[1] / hlen) } else { (1.0, 0.0) };
        let w = &mut self.word;
        let is_space = text.chars().all(|c| c == ' ' || c == '\u{A0}' || c == '\t' || c == '\r' || c == '\n');
        if is_space && !text.is_empty() {
            w.flush(&mut self.out.words, &mut self.out.dirs);
            w.next = end;
            return;
        }
        if !text.chars().any(|c| !c.is_control()) {
            if w.bbox.is_some() {
                w.next = end;
            }
            return;
        }
        if w.bbox.is_some() {
            let d = (origin.0 - w.next.0, origin.1 - w.next.1);
            let along = d.0 * w.dir.0 + d.1 * w.dir.1;
            let across = d.0 * w.dir.1 - d.1 * w.dir.0;
            let tol = 0.15 * size.max(w.size).max(1.0);
            if along > tol
                || along < -2.0 * tol
                || across.abs() > 0.2 * size.max(w.size).max(1.0)
                || dir.0 * w.dir.0 + dir.1 * w.dir.1 < 0.9
            {
                w.flush(&mut self.out.words, &mut self.out.dirs);
            }
        }
        // Glyph box corners.
        let corners = [apply(trm, 0.0, lo), apply(trm, width, lo), apply(trm, 0.0, hi), apply(trm, width, hi)];
        let mut b = [f64::MAX, f64::MAX, f64::MIN, f64::MIN];
        for (x, y) in corners {
            b[0] = b[0].min(x);
            b[1] = b[1].min(y);
            b[2] = b[2].max(x);
            b[3] = b[3].max(y);
        }
        if !b.iter().all(|v| v.is_finite()) {
            return;
        }
        match &mut w.bbox {
            Some(wb) => {
                wb[0] = wb[0].min(b[0]);
                wb[1] = wb[1].min(b[1]);
                wb[2] = wb[2].max(b[2]);
                wb[3] = wb[3].max(b[3]);
                w.size = w.size.max(size);
            }
            None => {
                w.bbox = Some(b);
                w.size = size;
                w.dir = dir;
            }
        }
        push_text(&mut w.text, text);
        w.next = end;
    }

    fn line_to(&mut self, x: f64, y: f64, curve: bool) {
        if self.path_points >= MAX_PATH_POINTS {
            self.out.truncated = true;
            return;
        }
        let p = apply(&self.gs.ctm, x, y);
        match self.path.last_mut() {
            Some(sp) if !sp.closed => {
                sp.pts.push(p);
                sp.curve.push(curve);
            }
            Some(sp) => {
                // After `h` a new subpath starts at the closed subpath's start.
                let start = sp.pts.first().copied().unwrap_or(p);
                self.path.push(SubPath { pts: vec![start, p], curve: vec![false, curve], closed: false });
            }
            None => self.path.push(SubPath { pts: vec![p], curve: vec![false], closed: false }),
        }
        self.path_points += 1;
    }

    fn close_last(&mut self) {
        if let Some(sp) = self.path.last_mut() {
            sp.closed = true;
        }
    }

    fn clear_path(&mut self) {
        self.path.clear();
        self.path_points = 0;
    }

    fn paint(&mut self, stroke: bool, fill: bool) {
        let path = std::mem::take(&mut self.path);
        self.path_points = 0;
        let c = &self.gs.ctm;
        let scale = (c[0] * c[3] - c[1] * c[2]).abs().sqrt();
        let lw = (self.gs.line_width * scale).max(0.1);
        for sp in &path {
            if stroke {
                let n = sp.pts.len();
                for k in 1..n {
                    if !sp.curve.get(k).copied().unwrap_or(false) {
                        self.segment(sp.pts[k - 1], sp.pts[k], lw);
                    }
                }
                if sp.closed && n > 2 {
                    self.segment(sp.pts[n - 1], sp.pts[0], lw);
                }
            }
            if fill && sp.pts.len() >= 3 {
                let mut b = [f64::MAX, f64::MAX, f64::MIN, f64::MIN];
                for &(x, y) in &sp.pts {
                    b[0] = b[0].min(x);
                    b[1] = b[1].min(y);
                    b[2] = b[2].max(x);
                    b[3] = b[3].max(y);
                }
                let (w, h) = (b[2] - b[0], b[3] - b[1]);
                if w.is_finite() && h.is_finite() && w.min(h) < 3.0 && w.max(h) >= 1.0 {
                    self.push_rule(b[0], b[1], b[2], b[3]);
                }
            }
        }
    }

    fn segment(&mut self, a: (f64, f64), b: (f64, f64), lw: f64) {
        let (dx, dy) = ((b.0 - a.0).abs(), (b.1 - a.1).abs());
        let half = lw / 2.0;
        if dy <= 0.5 && dx >= 1.0 {
            let y = (a.1 + b.1) / 2.0;
            self.push_rule(a.0.min(b.0), y - half, a.0.max(b.0), y + half);
        } else if dx <= 0.5 && dy >= 1.0 {
            let x = (a.0 + b.0) / 2.0;
            self.push_rule(x - half, a.1.min(b.1), x + half, a.1.max(b.1));
        }
    }

    fn push_rule(&mut self, x0: f64, y0: f64, x1: f64, y1: f64) {
        if self.out.rules.len() >= MAX_RULES {
            self.out.truncated = true;
            return;
        }
        if [x0, y0, x1, y1].iter().all(|v| v.is_finite()) {
            self.out.rules.push(Rule { rect: Rect::new(x0 as f32, y0 as f32, x1 as f32, y1 as f32) });
        }
    }

    /// Records the unit square under the CTM as a painted image.
    fn image(&mut self) {
        if self.out.images.len() >= MAX_IMAGES {
            return;
        }
        let m = &self.gs.ctm;
        let pts = [apply(m, 0.0, 0.0), apply(m, 1.0, 0.0), apply(m, 0.0, 1.0), apply(m, 1.0, 1.0)];
        let x0 = pts.iter().map(|p| p.0).fold(f64::MAX, f64::min);
        let x1 = pts.iter().map(|p| p.0).fold(f64::MIN, f64::max);
        let y0 = pts.iter().map(|p| p.1).fold(f64::MAX, f64::min);
        let y1 = pts.iter().map(|p| p.1).fold(f64::MIN, f64::max);
        if [x0, y0, x1, y1].iter().all(|v| v.is_finite()) {
            self.out.images.push(Rect::new(x0 as f32, y0 as f32, x1 as f32, y1 as f32));
        }
    }

    fn xobject(&mut self, res: Option<&'a Dictionary>, name: &[u8]) {
        let doc = self.doc;
        let Some(obj) = resource(doc, res, b"XObject", name) else { return };
        let Ok(stream) = deref(doc, obj).as_stream() else { return };
        let subtype = stream.dict.get(b"Subtype").ok().and_then(|o| deref(doc, o).as_name().ok());
        match subtype {
            Some(b"Image") => self.image(),
            Some(b"Form") => {
                let id = ref_id(obj);
                if self.forms.len() >= self.limits.max_form_depth || id.is_some_and(|id| self.forms.contains(&id)) {
                    return;
                }
                let content = match id.and_then(|id| self.form_cache.get(&id)) {
                    Some(c) => c.clone(),
                    None => {
                        let budget = self.limits.max_stream_bytes.saturating_sub(self.decoded);
                        let Ok(c) = decode_stream(stream, budget) else {
                            self.out.truncated = true;
                            return;
                        };
                        self.decoded += c.len();
                        let c = Arc::new(c);
                        if let Some(id) = id {
                            self.form_cache.insert(id, c.clone());
                        }
                        c
                    }
                };
                let m = stream.dict.get(b"Matrix").map(|o| numbers(doc, o)).unwrap_or_default();
                let form_res = stream.dict.get(b"Resources").ok().and_then(|o| dict_of(doc, o)).or(res);
                let saved = (self.gs.clone(), self.stack.len(), self.tm, self.tlm);
                if m.len() == 6 && m.iter().all(|v| v.is_finite()) {
                    let fm = [m[0], m[1], m[2], m[3], m[4], m[5]];
                    self.gs.ctm = mul(&fm, &self.gs.ctm);
                }
                let saved_path = std::mem::take(&mut self.path);
                self.forms.push(id.unwrap_or((0, 0)));
                self.run(&content, form_res);
                self.forms.pop();
                self.path = saved_path;
                self.gs = saved.0;
                self.stack.truncate(saved.1);
                self.tm = saved.2;
                self.tlm = saved.3;
            }
            _ => {}
        }
    }
}

/// Intersection over the smaller area of two boxes.
fn overlap(a: &Rect, b: &Rect) -> f32 {
    let w = (a.x1.min(b.x1) - a.x0.max(b.x0)).max(0.0);
    let h = (a.y1.min(b.y1) - a.y0.max(b.y0)).max(0.0);
    let small = a.area().min(b.area());
    if small <= 0.0 {
        0.0
    } else {
        w * h / small
    }
}

/// Looks up `category`/`name` in a resource dictionary.
fn resource<'a>(doc: &'a Document, res: Option<&'a Dictionary>, category: &[u8], name: &[u8]) -> Option<&'a Object> {
    let cat = dict_of(doc, res?.get(category).ok()?)?;
    let key = decode_name(name);
    cat.get(&key).ok()
}

/// Skips a `<< ... >>` dictionary (nested ones too).
fn skip_dict(lx: &mut Lexer) {
    let mut depth = 1usize;
    while let Some(t) = lx.next_token() {
        match t {
            Token::DictStart => depth += 1,
            Token::DictEnd => {
                depth -= 1;
                if depth == 0 {
                    return;
                }
            }
            _ => {}
        }
    }
}
