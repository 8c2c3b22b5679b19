//! Benchmark: tag + lemmatise + parse every sentence of the EWT test set with the shipped
//! analyser on one thread, 7 timed passes; prints the median tokens/second and min/max.
//! The treebank path comes from `STATECRAFT_UD_TEST` (default: the shared data folder).

use std::time::Instant;

use statecraft_syntax::{conllu, Analyzer};

fn main() {
    let path = std::env::var("STATECRAFT_UD_TEST")
        .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/ud-english-ewt/en_ewt-ud-test.conllu").to_string());
    let sents = match conllu::read(std::path::Path::new(&path)) {
        Ok(s) => s,
        Err(e) => {
            println!("skipping parse bench: {e}");
            return;
        }
    };
    let t0 = Instant::now();
    let a = Analyzer::shipped();
    println!("models loaded in {:.3} s", t0.elapsed().as_secs_f64());
    let words: Vec<Vec<&str>> = sents.iter().map(|s| s.tokens.iter().map(|t| t.form.as_str()).collect()).collect();
    let tokens: usize = words.iter().map(Vec::len).sum();
    // One untimed warm-up pass.
    let mut sink = 0usize;
    for w in &words {
        sink += a.analyse(w).len();
    }
    let mut rates = Vec::new();
    for _ in 0..7 {
        let t = Instant::now();
        for w in &words {
            sink += std::hint::black_box(a.analyse(w)).len();
        }
        rates.push(tokens as f64 / t.elapsed().as_secs_f64());
    }
    rates.sort_by(f64::total_cmp);
    if let Ok(m) = std::fs::read_to_string("/proc/self/smaps_rollup") {
        if let Some(l) = m.lines().find(|l| l.starts_with("AnonHugePages")) {
            println!("{}", l.split_whitespace().collect::<Vec<_>>().join(" "));
        }
    }
    println!(
        "tag+parse {} sentences, {} tokens: median {:.0} tokens/s (min {:.0}, max {:.0}) [{}]",
        sents.len(),
        tokens,
        rates[3],
        rates[0],
        rates[6],
        sink % 2
    );
}
