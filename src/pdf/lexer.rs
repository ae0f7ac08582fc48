//! A small, allocation-light tokenizer for content streams and CMaps.
//! It never fails: malformed input yields best-effort tokens until the end.

/// One token of a PostScript-like stream.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Token<'a> {
    Num(f64),
    /// A name without the slash, `#xx` escapes still encoded.
    Name(&'a [u8]),
    Str(Vec<u8>),
    ArrayStart,
    ArrayEnd,
    DictStart,
    DictEnd,
    /// An operator or keyword (`Tj`, `true`, `begincmap`, ...).
    Op(&'a [u8]),
}

pub(super) struct Lexer<'a> {
    data: &'a [u8],
    pos: usize,
}

#[inline]
pub(super) fn is_white(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\r' | b'\t' | b'\x0c' | b'\0')
}

#[inline]
fn is_delim(b: u8) -> bool {
    matches!(b, b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%')
}

#[inline]
/// Decodes hex digits up to and including a closing `>` (a hex string, or
/// ASCIIHexDecode data); other bytes are skipped, an odd last digit is padded
/// with 0. Returns the bytes and how much input was used.
pub(super) fn decode_hex(data: &[u8]) -> (Vec<u8>, usize) {
    let mut out = Vec::with_capacity(data.len() / 2);
    let mut hi: Option<u8> = None;
    let mut used = data.len();
    for (i, &b) in data.iter().enumerate() {
        if b == b'>' {
            used = i + 1;
            break;
        }
        if let Some(v) = hex_val(b) {
            match hi.take() {
                Some(h) => out.push(h << 4 | v),
                None => hi = Some(v),
            }
        }
    }
    if let Some(h) = hi {
        out.push(h << 4);
    }
    (out, used)
}

fn hex_val(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

impl<'a> Lexer<'a> {
    pub(super) fn new(data: &'a [u8]) -> Lexer<'a> {
        Lexer { data, pos: 0 }
    }

    fn peek(&self) -> Option<u8> {
        self.data.get(self.pos).copied()
    }

    fn skip_space(&mut self) {
        while let Some(b) = self.peek() {
            if is_white(b) {
                self.pos += 1;
            } else if b == b'%' {
                while let Some(c) = self.peek() {
                    if c == b'\n' || c == b'\r' {
                        break;
                    }
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    fn regular(&mut self) -> &'a [u8] {
        let start = self.pos;
        while let Some(b) = self.peek() {
            if is_white(b) || is_delim(b) {
                break;
            }
            self.pos += 1;
        }
        &self.data[start..self.pos]
    }

    /// The next token, or `None` at the end of the data.
    pub(super) fn next_token(&mut self) -> Option<Token<'a>> {
        loop {
            self.skip_space();
            let b = self.peek()?;
            match b {
                b'/' => {
                    self.pos += 1;
                    return Some(Token::Name(self.regular()));
                }
                b'(' => {
                    self.pos += 1;
                    return Some(Token::Str(self.literal()));
                }
                b'<' => {
                    if self.data.get(self.pos + 1) == Some(&b'<') {
                        self.pos += 2;
                        return Some(Token::DictStart);
                    }
                    self.pos += 1;
                    return Some(Token::Str(self.hex()));
                }
                b'>' => {
                    self.pos += 1;
                    if self.peek() == Some(b'>') {
                        self.pos += 1;
                        return Some(Token::DictEnd);
                    }
                    continue; // stray '>'
                }
                b'[' => {
                    self.pos += 1;
                    return Some(Token::ArrayStart);
                }
                b']' => {
                    self.pos += 1;
                    return Some(Token::ArrayEnd);
                }
                b'{' | b'}' | b')' => {
                    self.pos += 1;
                    continue;
                }
                b'0'..=b'9' | b'+' | b'-' | b'.' => {
                    let tok = self.regular();
                    return Some(Token::Num(parse_num(tok)));
                }
                _ => {
                    let tok = self.regular();
                    if tok.is_empty() {
                        self.pos += 1;
                        continue;
                    }
                    return Some(Token::Op(tok));
                }
            }
        }
    }

    fn literal(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut depth = 1usize;
        while let Some(b) = self.peek() {
            self.pos += 1;
            match b {
                b'(' => {
                    depth += 1;
                    out.push(b);
                }
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                    out.push(b);
                }
                b'\\' => {
                    let Some(c) = self.peek() else { break };
                    self.pos += 1;
                    match c {
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'0'..=b'7' => {
                            let mut v = (c - b'0') as u32;
                            for _ in 0..2 {
                                match self.peek() {
                                    Some(d @ b'0'..=b'7') => {
                                        v = v * 8 + (d - b'0') as u32;
                                        self.pos += 1;
                                    }
                                    _ => break,
                                }
                            }
                            out.push(v as u8);
                        }
                        b'\r' => {
                            if self.peek() == Some(b'\n') {
                                self.pos += 1;
                            }
                        }
                        b'\n' => {}
                        other => out.push(other),
                    }
                }
                _ => out.push(b),
            }
        }
        out
    }

    fn hex(&mut self) -> Vec<u8> {
        let (out, used) = decode_hex(&self.data[self.pos..]);
        self.pos += used;
        out
    }

    /// Skips inline image data after `ID`; leaves the position after `EI`.
    pub(super) fn skip_inline_image(&mut self) {
        // One whitespace byte follows `ID`.
        if self.peek().is_some_and(is_white) {
            self.pos += 1;
        }
        let d = self.data;
        let mut i = self.pos;
        while i + 1 < d.len() {
            if d[i] == b'E'
                && d[i + 1] == b'I'
                && (i == 0 || is_white(d[i - 1]))
                && d.get(i + 2).is_none_or(|&b| is_white(b) || is_delim(b))
            {
                self.pos = i + 2;
                return;
            }
            i += 1;
        }
        self.pos = d.len();
    }
}

/// Lenient number parsing (`1.5`, `-.5`, `--3`, `4.`); garbage gives 0.
pub(super) fn parse_num(tok: &[u8]) -> f64 {
    let mut neg = false;
    let mut i = 0;
    while i < tok.len() && (tok[i] == b'-' || tok[i] == b'+') {
        neg ^= tok[i] == b'-';
        i += 1;
    }
    let mut v = 0f64;
    let mut frac = 0f64;
    let mut scale = 1f64;
    let mut seen_dot = false;
    for &b in &tok[i..] {
        match b {
            b'0'..=b'9' => {
                if seen_dot {
                    scale *= 0.1;
                    frac += (b - b'0') as f64 * scale;
                } else {
                    v = v * 10.0 + (b - b'0') as f64;
                }
            }
            b'.' if !seen_dot => seen_dot = true,
            _ => break,
        }
    }
    let r = v + frac;
    let r = if neg { -r } else { r };
    if r.is_finite() {
        r
    } else {
        0.0
    }
}

/// Decodes `#xx` escapes in a name.
pub(super) fn decode_name(raw: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    if !raw.contains(&b'#') {
        return std::borrow::Cow::Borrowed(raw);
    }
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == b'#' && i + 2 < raw.len() {
            if let (Some(h), Some(l)) = (hex_val(raw[i + 1]), hex_val(raw[i + 2])) {
                out.push(h << 4 | l);
                i += 3;
                continue;
            }
        }
        out.push(raw[i]);
        i += 1;
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &[u8]) -> Vec<Token<'_>> {
        let mut l = Lexer::new(s);
        std::iter::from_fn(|| l.next_token()).collect()
    }

    #[test]
    fn hex_data_up_to_the_closing_bracket() {
        assert_eq!(decode_hex(b"48 65 6C6c6F>rest"), (b"Hello".to_vec(), 13));
        assert_eq!(decode_hex(b"7"), (vec![0x70], 1), "an odd last digit is padded");
    }

    #[test]
    fn tokens() {
        let t = toks(b"BT /F1 12 Tf (a\\(b\\)\\101) Tj <48 65 6> [1 -2.5] << /A 1 >> % c\n ET");
        assert_eq!(t[0], Token::Op(b"BT"));
        assert_eq!(t[1], Token::Name(b"F1"));
        assert_eq!(t[2], Token::Num(12.0));
        assert_eq!(t[4], Token::Str(b"a(b)A".to_vec()));
        assert_eq!(t[6], Token::Str(vec![0x48, 0x65, 0x60]));
        assert_eq!(t[8], Token::Num(1.0));
        assert_eq!(t[9], Token::Num(-2.5));
        assert_eq!(t[11], Token::DictStart);
        assert_eq!(t.last(), Some(&Token::Op(b"ET")));
    }

    #[test]
    fn numbers_and_names() {
        assert_eq!(parse_num(b"-.5"), -0.5);
        assert_eq!(parse_num(b"--3"), 3.0);
        assert_eq!(parse_num(b"4."), 4.0);
        assert_eq!(&*decode_name(b"A#20B"), b"A B");
        assert_eq!(&*decode_name(b"A#2"), b"A#2");
    }

    #[test]
    fn inline_image_skip() {
        let mut l = Lexer::new(b"ID \x00EIx\xffEI\nEI Q");
        l.next_token();
        l.skip_inline_image();
        assert_eq!(l.next_token(), Some(Token::Op(b"Q")));
    }
}
