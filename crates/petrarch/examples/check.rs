//! Prints what each dictionary file holds and every line not understood.
fn main() {
    for path in std::env::args().skip(1) {
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("{path}: {e}");
                continue;
            }
        };
        let r = statecraft_petrarch::read(&text);
        let counts: Vec<String> = r.dictionary.counts().iter().map(|(k, n)| format!("{n} {k}")).collect();
        println!("{path}: {} ({}): {}; {} lines not understood", r.dictionary.kind().as_str(), r.dictionary.format(), counts.join(", "), r.problems.len());
        for p in &r.problems {
            println!("  line {}: {} -- {}", p.line, p.reason, p.text);
        }
    }
}
