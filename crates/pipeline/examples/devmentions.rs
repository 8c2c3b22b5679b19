fn main() {
    let p = statecraft_pipeline::Pipeline::new(&[]).unwrap();
    let text = std::env::args().nth(1).unwrap();
    let toks = statecraft_text::tokenize(&text);
    for m in p.actors.recognise(&toks, 0, statecraft_model::parse_date("2025-08-07")) {
        println!("{:?} {:?} {:?}", statecraft_actors::tokens_text(&toks, m.start, m.end), m.pronoun, m.actors.iter().map(|a| (a.code.clone(), a.sector.clone(), a.org.clone(), a.name.clone())).collect::<Vec<_>>());
    }
}
