//! Development aid: accuracy, size and speed of pruned models on a CoNLL-U file.
//! Usage: cargo run --release --example prune -- MODELDIR FILE.conllu THRESHOLD...

use std::path::Path;

use statecraft_syntax::{eval, parser_bytes, read_parser, read_tagger, tagger_bytes, Analyzer};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = Path::new(&args[1]);
    let sents = statecraft_syntax::conllu::read(Path::new(&args[2])).unwrap();
    let tb = std::fs::read(dir.join("tagger.bin")).unwrap();
    let pb = std::fs::read(dir.join("parser.bin")).unwrap();
    for th in &args[3..] {
        let (tt, pt): (i16, i16) = th.split_once(',').map(|(a, b)| (a.parse().unwrap(), b.parse().unwrap())).unwrap();
        let (mut t, l) = read_tagger(&tb).unwrap();
        let mut p = read_parser(&pb).unwrap();
        t.prune(tt);
        p.prune(pt);
        let (ts, ps) = (tagger_bytes(&t, &l).len(), parser_bytes(&p).len());
        let a = Analyzer { tagger: t, lemmatizer: l, parser: p };
        let mut best = eval::evaluate(&a, &sents);
        for _ in 0..2 {
            let s = eval::evaluate(&a, &sents);
            if s.seconds < best.seconds {
                best = s;
            }
        }
        println!(
            "prune {th}: UPOS {:.2} LAS {:.2} UAS {:.2}  tagger {} B parser {} B ({} feats)  {:.0} tok/s",
            best.upos, best.las, best.uas, ts, ps, a.parser.n_features(), best.tokens_per_second()
        );
    }
}
