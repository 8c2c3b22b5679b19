//! Development aid: time tagging, lemmatising and parsing separately on a CoNLL-U file.
//! Usage: cargo run --release --example timing -- MODELDIR FILE.conllu

use std::time::Instant;

use statecraft_syntax::parser::Input;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let a = statecraft_syntax::Analyzer::load(std::path::Path::new(&args[1])).unwrap();
    let sents = statecraft_syntax::conllu::read(std::path::Path::new(&args[2])).unwrap();
    let words: Vec<Vec<&str>> = sents.iter().map(|s| s.tokens.iter().map(|t| t.form.as_str()).collect()).collect();
    let n: usize = words.iter().map(Vec::len).sum();
    for _ in 0..3 {
        let t = Instant::now();
        let tags: Vec<_> = words.iter().map(|w| a.tagger.tag(w)).collect();
        let tt = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let mut k = 0;
        for (w, tg) in words.iter().zip(&tags) {
            for (x, (_, xp)) in w.iter().zip(tg) {
                k += a.lemmatizer.lemma(x, xp).len();
            }
        }
        let lt = t.elapsed().as_secs_f64();
        let t = Instant::now();
        for (w, tg) in words.iter().zip(&tags) {
            let inp: Vec<Input> = w.iter().zip(tg).map(|(f, (u, x))| Input { form: f, upos: u.as_str(), xpos: x }).collect();
            k += a.parser.parse(&inp).len();
        }
        let pt = t.elapsed().as_secs_f64();
        println!("tag {:.0}/s  lemma {:.0}/s  parse {:.0}/s  [{k}]", n as f64 / tt, n as f64 / lt, n as f64 / pt);
    }
}
