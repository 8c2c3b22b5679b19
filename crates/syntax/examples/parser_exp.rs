//! Development aid: train a parser on cached jackknifed training tags and report dev scores.
//! Usage: cargo run --release --example parser_exp -- TREEBANK_DIR TAGGER.bin EPOCHS OUT.bin

use std::path::Path;

use statecraft_syntax::{conllu, jackknife, read_tagger, retag, Parser, ParserConfig, TaggerConfig};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = Path::new(&args[1]);
    let cache = Path::new("/tmp/train_jk.conllu");
    let train = match conllu::read(cache) {
        Ok(t) => t,
        Err(_) => {
            let t = jackknife(&conllu::read_split(dir, "train").unwrap(), 5, &TaggerConfig::default());
            std::fs::write(cache, conllu::write(&t)).unwrap();
            t
        }
    };
    let (tagger, _) = read_tagger(&std::fs::read(&args[2]).unwrap()).unwrap();
    let dev = retag(&tagger, &conllu::read_split(dir, "dev").unwrap());
    let mut cfg = ParserConfig { epochs: args[3].parse().unwrap(), ..ParserConfig::default() };
    if let Ok(v) = std::env::var("EXPLORE_FROM") {
        cfg.explore_from = v.parse().unwrap();
    }
    if let Ok(v) = std::env::var("EXPLORE") {
        cfg.explore = v.parse().unwrap();
    }
    let p = Parser::train(&train, Some(&dev), &cfg);
    std::fs::write(&args[4], statecraft_syntax::parser_bytes(&p)).unwrap();
}
