//! Words -> text lines in reading order.

use crate::model::{Rect, Word};

/// A line of text: word indexes into the page's word list, left to right.
#[derive(Debug, Clone)]
pub(crate) struct Line {
    pub words: Vec<usize>,
    pub bbox: Rect,
}

impl Line {
    /// The words' text joined by single spaces.
    pub(crate) fn text(&self, words: &[Word]) -> String {
        join_words(self.words.iter().map(|&i| &words[i]))
    }
}

/// Joins words with single spaces.
pub(crate) fn join_words<'a>(words: impl Iterator<Item = &'a Word>) -> String {
    let mut out = String::new();
    for w in words {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&w.text);
    }
    out
}

/// Groups the given words (indexes into `words`) into lines, top to bottom.
///
/// Two words share a line when their vertical extents overlap by more than half
/// of the smaller one, so a superscript or a slightly lower glyph stays on its line.
pub(crate) fn build_lines(words: &[Word], members: &[usize]) -> Vec<Line> {
    let mut order: Vec<usize> = members.to_vec();
    order.sort_by(|&a, &b| {
        let (ra, rb) = (&words[a].bbox, &words[b].bbox);
        ra.cy().total_cmp(&rb.cy()).then(ra.x0.total_cmp(&rb.x0))
    });
    let mut lines: Vec<Line> = Vec::new();
    for i in order {
        let r = words[i].bbox;
        // Compare with the last few lines only: reading order is mostly top-down.
        let hit = lines.iter_mut().rev().take(3).find(|l| same_line(&l.bbox, &r));
        match hit {
            Some(line) => {
                line.words.push(i);
                line.bbox = line.bbox.union(&r);
            }
            None => lines.push(Line { words: vec![i], bbox: r }),
        }
    }
    for line in &mut lines {
        line.words.sort_by(|&a, &b| words[a].bbox.x0.total_cmp(&words[b].bbox.x0));
    }
    lines.sort_by(|a, b| a.bbox.cy().total_cmp(&b.bbox.cy()));
    lines
}

fn same_line(line: &Rect, w: &Rect) -> bool {
    let overlap = line.y1.min(w.y1) - line.y0.max(w.y0);
    let h = w.height().min(line.height()).max(0.1);
    overlap > 0.5 * h
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(text: &str, x: f32, y: f32) -> Word {
        Word { text: text.into(), bbox: Rect::new(x, y, x + 6.0 * text.len() as f32, y + 10.0), size: 10.0, conf: None }
    }

    #[test]
    fn groups_words_by_baseline_and_orders_left_to_right() {
        let words = vec![word("b", 50.0, 100.5), word("a", 10.0, 100.0), word("next", 10.0, 114.0)];
        let lines = build_lines(&words, &[0, 1, 2]);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].text(&words), "a b");
        assert_eq!(lines[1].text(&words), "next");
    }
}
