//! Development aid: prune a parser model file (weights below a threshold) into a new file.
//! Usage: cargo run --release --example reprune -- PARSER.bin THRESHOLD OUT.bin

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let mut p = statecraft_syntax::read_parser(&std::fs::read(&args[1]).unwrap()).unwrap();
    p.prune(args[2].parse().unwrap());
    std::fs::write(&args[3], statecraft_syntax::parser_bytes(&p)).unwrap();
}
