//! Evaluation on gold tokenisation: UPOS, XPOS and lemma accuracy, UAS and LAS (punctuation
//! included), and single-thread throughput of tagging + lemmatising + parsing.

use std::time::Instant;

use crate::conllu::Sentence;
use crate::Analyzer;

/// Scores in percent, and the timing of the analysis.
#[derive(Debug, Clone, Default)]
pub struct Scores {
    pub upos: f64,
    pub xpos: f64,
    pub lemma: f64,
    pub uas: f64,
    pub las: f64,
    pub tokens: usize,
    pub seconds: f64,
}

impl Scores {
    pub fn tokens_per_second(&self) -> f64 {
        self.tokens as f64 / self.seconds.max(1e-9)
    }
}

/// Analyse every sentence (timed, one thread) and score against the gold columns.
pub fn evaluate(a: &Analyzer, sents: &[Sentence]) -> Scores {
    let words: Vec<Vec<&str>> = sents.iter().map(|s| s.tokens.iter().map(|t| t.form.as_str()).collect()).collect();
    let start = Instant::now();
    let out: Vec<_> = words.iter().map(|w| a.analyse(w)).collect();
    let seconds = start.elapsed().as_secs_f64();
    let (mut up, mut xp, mut lem, mut ua, mut la, mut n) = (0usize, 0usize, 0usize, 0usize, 0usize, 0usize);
    for (s, o) in sents.iter().zip(&out) {
        for (t, w) in s.tokens.iter().zip(o) {
            up += (w.upos.as_str() == t.upos) as usize;
            xp += (w.xpos == t.xpos) as usize;
            lem += (w.lemma == t.lemma) as usize;
            if w.head.map_or(0, |h| h + 1) == t.head {
                ua += 1;
                la += (w.deprel == t.deprel) as usize;
            }
            n += 1;
        }
    }
    let pct = |x: usize| 100.0 * x as f64 / n.max(1) as f64;
    Scores { upos: pct(up), xpos: pct(xp), lemma: pct(lem), uas: pct(ua), las: pct(la), tokens: n, seconds }
}
