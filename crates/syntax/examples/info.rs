//! Development aid: sizes of the model files in a directory.
//! Usage: cargo run --release --example info -- MODELDIR

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let a = statecraft_syntax::Analyzer::load(std::path::Path::new(&args[1])).unwrap();
    let (e, l, r) = a.lemmatizer.sizes();
    println!("tagger features {}  parser features {}  lemmatiser {e}+{l} exceptions, {r} rules", a.tagger.n_features(), a.parser.n_features());
}
