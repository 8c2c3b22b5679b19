//! `statecraft bench`: generates a deterministic corpus of news-style articles and times the
//! whole pipeline (clean, split, tokenise, actors, events) on one core, reporting the median.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use statecraft_model::Document;
use statecraft_pipeline::Pipeline;

const ACTORS: &[&str] = &[
    "Russia", "Ukraine", "the United States", "China", "Iran", "Israel", "Turkey", "France", "Germany", "NATO",
    "the European Union", "Poland", "India", "Japan", "the Kremlin", "Washington", "Beijing", "Kyiv",
    "Russian troops", "Ukrainian forces", "Israeli soldiers", "Iranian officials", "the White House",
    "President Vladimir Putin", "Donald Trump", "Volodymyr Zelensky", "Sergei Lavrov", "Marco Rubio",
    "Turkish President Recep Tayyip Erdogan", "Emmanuel Macron", "the United Nations", "the IAEA",
];
const VERBS: &[&str] = &[
    "visited", "met with", "accused", "threatened to impose sanctions on", "condemned", "praised",
    "sent weapons to", "attacked", "rejected a proposal from", "demanded that", "agreed to hold talks with",
    "expelled diplomats from", "imposed tariffs on", "shelled positions held by", "hosted", "criticised",
    "called on", "signed an agreement with", "deployed troops near", "arrested activists from",
];
const FILLER: &[&str] = &[
    "The move came after weeks of tense negotiations, officials said on Tuesday.",
    "Analysts said the decision could reshape the region's security for years.",
    "\"We will not accept any conditions,\" the spokesman told reporters in the capital.",
    "Markets reacted calmly, with oil prices little changed by the afternoon.",
    "The talks are expected to resume next month in Geneva, according to diplomats.",
    "Critics warned that the plan lacked detail and public support.",
];

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as usize
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.next() % xs.len()]
    }
}

/// `n` articles of 25-35 sentences each, the same for every run.
pub fn corpus(n: usize) -> Vec<Document> {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    (0..n)
        .map(|i| {
            let sentences = 25 + rng.next() % 11;
            let mut text = format!("Talks and tensions, part {i}\n\n");
            for s in 0..sentences {
                if s % 4 == 3 {
                    text.push_str(rng.pick(FILLER));
                } else {
                    let a = rng.pick(ACTORS);
                    let mut b = rng.pick(ACTORS);
                    if a == b {
                        b = "Moldova";
                    }
                    let v = rng.pick(VERBS);
                    let tail = if v == "demanded that" { " withdraw its forces" } else { "" };
                    text.push_str(&format!("On Monday, {a} {v} {b}{tail}, according to a statement released in the evening."));
                }
                text.push(if s % 5 == 4 { '\n' } else { ' ' });
                if s % 5 == 4 {
                    text.push('\n');
                }
            }
            Document {
                id: format!("bench-{i}"),
                title: None,
                date: chrono::NaiveDate::from_ymd_opt(2025, 1 + (i % 12) as u32, 1 + (i % 28) as u32),
                url: None,
                outlet: Some("Bench Wire".into()),
                origin: "bench".into(),
                text,
            }
        })
        .collect()
}

pub fn run(pipeline: &Pipeline, n: usize, runs: usize, write: Option<&Path>) -> Result<ExitCode, String> {
    let docs = corpus(n);
    if let Some(path) = write {
        let mut f = std::io::BufWriter::new(std::fs::File::create(path).map_err(|e| format!("cannot create {}: {e}", path.display()))?);
        for d in &docs {
            let line = serde_json::json!({"id": d.id, "date": d.date.map(|x| x.to_string()), "text": d.text});
            writeln!(f, "{line}").map_err(|e| e.to_string())?;
        }
        f.flush().map_err(|e| e.to_string())?;
        println!("wrote {} documents to {}", docs.len(), path.display());
        return Ok(ExitCode::SUCCESS);
    }
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let mut times = Vec::new();
    let (mut sentences, mut events) = (0, 0);
    for _ in 0..runs {
        let batch = docs.clone();
        let t = Instant::now();
        sentences = 0;
        events = 0;
        for d in batch {
            let a = pipeline.analyse(d);
            sentences += a.sentences.len();
            events += a.events.len();
        }
        times.push(t.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    println!("corpus: {n} generated articles, {sentences} sentences, {:.1} MB, {events} events", bytes as f64 / 1e6);
    println!("runs: {runs}, times (s): {}", times.iter().map(|t| format!("{t:.3}")).collect::<Vec<_>>().join(" "));
    println!(
        "bench: one core, median {median:.3}s: {:.0} documents/s, {:.0} sentences/s, {:.1} MB/s",
        n as f64 / median,
        sentences as f64 / median,
        bytes as f64 / 1e6 / median
    );
    Ok(ExitCode::SUCCESS)
}
