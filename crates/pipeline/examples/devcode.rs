use std::io::BufRead;
fn main() {
    let p = statecraft_pipeline::Pipeline::new(&[]).unwrap();
    for line in std::io::stdin().lock().lines() {
        let line = line.unwrap();
        let v: serde_json::Value = serde_json::from_str(&line).unwrap();
        let doc = statecraft_model::Document { id: v["id"].as_str().unwrap().into(), title: None, date: v["date"].as_str().and_then(statecraft_model::parse_date), url: None, outlet: None, origin: String::new(), text: v["text"].as_str().unwrap().into() };
        for e in p.analyse(doc).events { println!("{}", serde_json::to_string(&e).unwrap()); }
    }
}
