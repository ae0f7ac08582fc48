//! Word clean-up before layout: what producers do to look bold or spaced out.
//!
//! - **Faux bold**: the same text drawn twice (or more) a hair apart is one word.
//! - **Letter spacing**: `K E C A M A T A N`, one letter per word at an even
//!   pitch, is one word; a wider gap between two such runs is a word space.

use crate::model::Word;

/// Words that overlap another word of the same text by this share of their
/// area are a faux-bold copy.
const SAME_WORD_OVERLAP: f32 = 0.6;

/// The page's words with faux-bold copies dropped and letter-spaced runs joined.
pub(crate) fn clean(words: &[Word]) -> Vec<Word> {
    join_letter_spaced(drop_faux_bold(words))
}

fn drop_faux_bold(words: &[Word]) -> Vec<Word> {
    let mut by_text: std::collections::HashMap<&str, Vec<usize>> = std::collections::HashMap::new();
    let mut keep = vec![true; words.len()];
    for (i, w) in words.iter().enumerate() {
        let seen = by_text.entry(w.text.as_str()).or_default();
        if seen.iter().any(|&j| overlap_share(&words[j], w) >= SAME_WORD_OVERLAP) {
            keep[i] = false;
        } else {
            seen.push(i);
        }
    }
    words.iter().zip(keep).filter(|(_, k)| *k).map(|(w, _)| w.clone()).collect()
}

fn overlap_share(a: &Word, b: &Word) -> f32 {
    let (x0, x1) = (a.bbox.x0.max(b.bbox.x0), a.bbox.x1.min(b.bbox.x1));
    let (y0, y1) = (a.bbox.y0.max(b.bbox.y0), a.bbox.y1.min(b.bbox.y1));
    let inter = (x1 - x0).max(0.0) * (y1 - y0).max(0.0);
    let smaller = a.bbox.area().min(b.bbox.area());
    if smaller <= 0.0 {
        return 0.0;
    }
    inter / smaller
}

/// Is this word one spaced-out letter?
fn is_letter(w: &Word) -> bool {
    let mut c = w.text.chars();
    matches!((c.next(), c.next()), (Some(ch), None) if ch.is_alphabetic())
}

fn join_letter_spaced(words: Vec<Word>) -> Vec<Word> {
    // Single letters in reading order along their baseline.
    let mut letters: Vec<usize> = (0..words.len()).filter(|&i| is_letter(&words[i])).collect();
    if letters.len() < 3 {
        return words;
    }
    letters.sort_by(|&a, &b| {
        let (ra, rb) = (&words[a].bbox, &words[b].bbox);
        (ra.cy() / 2.0).round().total_cmp(&(rb.cy() / 2.0).round()).then(ra.x0.total_cmp(&rb.x0))
    });
    let same_line = |a: &Word, b: &Word| (a.bbox.cy() - b.bbox.cy()).abs() < 0.3 * a.bbox.height().max(b.bbox.height());
    let mut merged: Vec<Word> = Vec::new();
    let mut used = vec![false; words.len()];
    let mut k = 0;
    while k < letters.len() {
        // A run: letters on one line, each gap below one em and close to the run's first gap.
        let mut run = vec![letters[k]];
        let mut pitch: Option<f32> = None;
        while k + run.len() < letters.len() {
            let (prev, next) = (&words[*run.last().expect("non-empty")], &words[letters[k + run.len()]]);
            let gap = next.bbox.x0 - prev.bbox.x1;
            let em = prev.size.max(next.size).max(1.0);
            let even = pitch.is_none_or(|p| (gap - p).abs() <= 0.35 * em.min(p.max(0.1) * 3.0));
            if !same_line(prev, next) || gap < -0.1 * em || gap > 0.9 * em || !even {
                break;
            }
            pitch.get_or_insert(gap);
            run.push(letters[k + run.len()]);
        }
        if run.len() >= 3 {
            let mut w = words[run[0]].clone();
            for &i in &run[1..] {
                w.text.push_str(&words[i].text);
                w.bbox = w.bbox.union(&words[i].bbox);
                w.conf = match (w.conf, words[i].conf) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                };
            }
            for &i in &run {
                used[i] = true;
            }
            merged.push(w);
        }
        k += run.len();
    }
    if merged.is_empty() {
        return words;
    }
    let mut out: Vec<Word> = words.into_iter().zip(used).filter(|(_, u)| !u).map(|(w, _)| w).collect();
    out.extend(merged);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Rect;

    fn word(text: &str, x: f32, y: f32, w: f32) -> Word {
        Word { text: text.into(), bbox: Rect::new(x, y, x + w, y + 10.0), size: 10.0, conf: None }
    }

    #[test]
    fn faux_bold_copies_are_one_word() {
        let words = [word("JABATAN", 50.0, 100.0, 50.0), word("JABATAN", 50.3, 100.0, 50.0), word(":", 105.0, 100.0, 3.0)];
        let kept = clean(&words);
        assert_eq!(kept.iter().map(|w| w.text.as_str()).collect::<Vec<_>>(), ["JABATAN", ":"]);
    }

    #[test]
    fn letter_spaced_words_are_joined() {
        // K E C A M A T A N   J A B U N G: letters 6 pt wide, 3 pt apart; 9 pt between the words.
        let mut words = Vec::new();
        let mut x = 50.0;
        for (k, ch) in "KECAMATAN".chars().enumerate() {
            words.push(word(&ch.to_string(), x, 100.0, 6.0));
            x += if k + 1 == 9 { 6.0 + 9.5 } else { 9.0 };
        }
        for ch in "JABUNG".chars() {
            words.push(word(&ch.to_string(), x, 100.0, 6.0));
            x += 9.0;
        }
        words.push(word("a.", 50.0, 130.0, 8.0));
        let joined = clean(&words);
        let mut texts: Vec<&str> = joined.iter().map(|w| w.text.as_str()).collect();
        texts.sort();
        assert_eq!(texts, ["JABUNG", "KECAMATAN", "a."]);
        // Ordinary text keeps its single-letter words.
        let words = [word("a.", 50.0, 100.0, 8.0), word("b", 62.0, 100.0, 5.0), word("Menyusun", 70.0, 100.0, 40.0)];
        assert_eq!(clean(&words).len(), 3);
    }
}
