//! The extraction benchmark's metric (`shared/eval/score_extraction.py`, described in the
//! benchmark's NOTICE.md): per page, the multisets of 4-word shingles of the true and the
//! predicted body give tp, fp and fn, normalised so every page weighs the same; precision and
//! recall are averaged over pages and F1 is taken of the averages.

use std::collections::HashMap;

/// Word tokens: runs of Unicode word characters (letters, digits, marks, `_`).
fn tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        let w = c.is_alphanumeric() || c == '_' || is_mark(c);
        match (w, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(&text[s..i]);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(&text[s..]);
    }
    out
}

/// Combining marks, which Python's `\w` also matches (the common ranges).
fn is_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036f}' | '\u{0900}'..='\u{0903}' | '\u{093a}'..='\u{094f}' | '\u{0e31}' | '\u{0e34}'..='\u{0e3a}' | '\u{0e47}'..='\u{0e4e}')
}

fn shingles(text: &str) -> HashMap<Vec<&str>, u32> {
    let toks = tokens(text);
    let mut out = HashMap::new();
    if toks.is_empty() {
        return out;
    }
    let n = 4;
    let count = toks.len().saturating_sub(n - 1).max(1);
    for i in 0..count {
        let end = (i + n).min(toks.len());
        *out.entry(toks[i..end].to_vec()).or_insert(0) += 1;
    }
    out
}

/// Precision and recall of one page, `None` where undefined (as the Python scorer).
pub fn page_scores(truth: &str, pred: &str) -> (Option<f64>, Option<f64>) {
    let t = shingles(truth);
    let p = shingles(pred);
    let mut tp = 0u64;
    let mut fp = 0u64;
    let mut fn_ = 0u64;
    for (k, &tc) in &t {
        let pc = p.get(k).copied().unwrap_or(0);
        tp += tc.min(pc) as u64;
        fn_ += tc.saturating_sub(pc) as u64;
    }
    for (k, &pc) in &p {
        fp += pc.saturating_sub(t.get(k).copied().unwrap_or(0)) as u64;
    }
    if fp == 0 && fn_ == 0 {
        return (Some(1.0), Some(1.0));
    }
    let total = (tp + fp + fn_) as f64;
    let (tp, fp, fn_) = (tp as f64 / total, fp as f64 / total, fn_ as f64 / total);
    let precision = (tp + fp > 0.0).then(|| tp / (tp + fp));
    let recall = (tp + fn_ > 0.0).then(|| tp / (tp + fn_));
    (precision, recall)
}

/// Averages over pages: (F1, precision, recall).
#[derive(Debug, Default, Clone)]
pub struct Totals {
    precisions: Vec<f64>,
    recalls: Vec<f64>,
}

impl Totals {
    pub fn add(&mut self, truth: &str, pred: &str) -> (Option<f64>, Option<f64>) {
        let (p, r) = page_scores(truth, pred);
        if let Some(p) = p {
            self.precisions.push(p);
        }
        if let Some(r) = r {
            self.recalls.push(r);
        }
        (p, r)
    }

    pub fn precision(&self) -> f64 {
        mean(&self.precisions)
    }

    pub fn recall(&self) -> f64 {
        mean(&self.recalls)
    }

    /// Pages added.
    pub fn pages(&self) -> usize {
        self.precisions.len()
    }

    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        }
    }
}

fn mean(v: &[f64]) -> f64 {
    if v.is_empty() {
        0.0
    } else {
        v.iter().sum::<f64>() / v.len() as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_and_disjoint() {
        assert_eq!(page_scores("a b c d e", "a b c d e"), (Some(1.0), Some(1.0)));
        assert_eq!(page_scores("a b c d e", "v w x y z"), (Some(0.0), Some(0.0)));
        assert_eq!(page_scores("", ""), (Some(1.0), Some(1.0)));
        assert_eq!(page_scores("a b c d", ""), (None, Some(0.0)));
    }

    #[test]
    fn partial_overlap() {
        // truth shingles: abcd bcde; predicted: abcd -> tp 1, fn 1, fp 0.
        let (p, r) = page_scores("a b c d e", "a b c d");
        assert_eq!(p, Some(1.0));
        assert!((r.unwrap() - 0.5).abs() < 1e-9);
        let mut t = Totals::default();
        t.add("a b c d e", "a b c d");
        t.add("x y z w", "x y z w");
        assert!((t.recall() - 0.75).abs() < 1e-9);
        assert!((t.f1() - 2.0 * 0.75 / 1.75).abs() < 1e-9);
    }
}
