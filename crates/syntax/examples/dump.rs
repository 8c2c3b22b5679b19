//! Development aid: print every word's analysis (tags, lemma, head, relation) for a CoNLL-U
//! file, to check that a speed change leaves the output unchanged (`cmp` two dumps).
//! Usage: cargo run --release --example dump -- [MODELDIR] FILE.conllu > OUT

use std::io::Write;

use statecraft_syntax::{conllu, Analyzer};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (a, file) = match args.len() {
        3 => (&*Box::leak(Box::new(Analyzer::load(std::path::Path::new(&args[1])).unwrap())), &args[2]),
        _ => (Analyzer::shipped(), &args[1]),
    };
    let sents = conllu::read(std::path::Path::new(file)).unwrap();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for s in &sents {
        let words: Vec<&str> = s.tokens.iter().map(|t| t.form.as_str()).collect();
        for w in a.analyse(&words) {
            writeln!(out, "{}\t{}\t{}\t{}\t{:?}\t{}", w.form, w.upos, w.xpos, w.lemma, w.head, w.deprel).unwrap();
        }
        writeln!(out).unwrap();
    }
}
