//! Development aid: the most frequent UPOS confusions of a tagger model on a CoNLL-U file.
//! Usage: cargo run --release --example confusion -- TAGGER.bin FILE.conllu

use std::collections::HashMap;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (t, _) = statecraft_syntax::read_tagger(&std::fs::read(&args[1]).unwrap()).unwrap();
    let sents = statecraft_syntax::conllu::read(std::path::Path::new(&args[2])).unwrap();
    let mut conf: HashMap<(String, String), usize> = HashMap::new();
    let mut words: HashMap<String, usize> = HashMap::new();
    for s in &sents {
        let w: Vec<&str> = s.tokens.iter().map(|t| t.form.as_str()).collect();
        for (tok, (u, _)) in s.tokens.iter().zip(t.tag(&w)) {
            if u.as_str() != tok.upos {
                *conf.entry((tok.upos.clone(), u.as_str().to_string())).or_default() += 1;
                *words.entry(format!("{} {}->{}", tok.form, tok.upos, u)).or_default() += 1;
            }
        }
    }
    let mut v: Vec<_> = conf.into_iter().collect();
    v.sort_by_key(|e| std::cmp::Reverse(e.1));
    for ((g, p), n) in v.iter().take(20) {
        println!("{n:5} gold {g} -> {p}");
    }
    let mut v: Vec<_> = words.into_iter().collect();
    v.sort_by_key(|e| std::cmp::Reverse(e.1));
    for (w, n) in v.iter().take(40) {
        println!("{n:5} {w}");
    }
}
