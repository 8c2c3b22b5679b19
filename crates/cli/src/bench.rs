//! `statecraft bench`: generates a deterministic corpus of news-style articles and times
//! `statecraft code` (no store) and `statecraft ingest` (SQLite) on one core and on all cores,
//! running this same binary as a child process so that each figure includes reading, writing
//! and start-up, and reports medians, throughput, scaling and peak resident memory.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

use statecraft_model::Document;

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

/// Article `i` of the generated corpus: 25 to 35 sentences, the same on every run.
fn article(rng: &mut Rng, i: usize) -> Document {
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
        text.push_str(if s % 5 == 4 { "\n\n" } else { " " });
    }
    Document {
        id: format!("bench-{i}"),
        title: None,
        date: chrono::NaiveDate::from_ymd_opt(2025, 1 + (i % 12) as u32, 1 + (i % 28) as u32),
        url: None,
        outlet: Some("Bench Wire".into()),
        origin: "bench".into(),
        text,
        removed: Vec::new(),
        notes: Vec::new(),
    }
}

/// Write `docs` articles (or, with `size_mb`, as many as make that many megabytes) as JSON lines.
fn write_corpus(path: &Path, docs: usize, size_mb: Option<u64>) -> Result<(usize, u64), String> {
    let file = std::fs::File::create(path).map_err(|e| format!("cannot create {}: {e}", path.display()))?;
    let mut f = BufWriter::new(file);
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let (mut n, mut bytes) = (0usize, 0u64);
    let limit = size_mb.map(|m| m * 1_000_000);
    while limit.map_or(n < docs, |l| bytes < l) {
        let d = article(&mut rng, n);
        let line = serde_json::json!({"id": d.id, "date": d.date.map(|x| x.to_string()), "outlet": d.outlet, "text": d.text}).to_string();
        bytes += line.len() as u64 + 1;
        writeln!(f, "{line}").map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        n += 1;
    }
    f.flush().map_err(|e| e.to_string())?;
    Ok((n, bytes))
}

struct Run {
    seconds: f64,
    documents: u64,
    sentences: u64,
    events: u64,
    peak_rss: u64,
}

/// `bench --run-on WORDS`: one file of news words with every full stop, question and
/// exclamation mark and line break taken out (a feed or table scraped without punctuation),
/// ingested on all cores; prints time, peak memory and the size of the store.
fn run_on(words: usize, runs: usize, scratch: &Path) -> Result<ExitCode, String> {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut text = String::new();
    let (mut n, mut i) = (0usize, 0usize);
    while n < words {
        for w in article(&mut rng, i).text.split(|c: char| c.is_whitespace() || matches!(c, '.' | '!' | '?')).filter(|w| !w.is_empty()) {
            if n == words {
                break;
            }
            if n > 0 {
                text.push(' ');
            }
            text.push_str(w);
            n += 1;
        }
        i += 1;
    }
    let input = scratch.join("run-on.txt");
    std::fs::write(&input, &text).map_err(|e| format!("cannot write {}: {e}", input.display()))?;
    let threads = statecraft_runner::parallel::default_threads();
    println!("run-on: one text of {words} words ({:.2} MB) without a full stop or line break; ingest on {threads} threads, {runs} runs", text.len() as f64 / 1e6);
    let mut results = Vec::new();
    for _ in 0..runs {
        let r = run_child("ingest", &input, threads, scratch)?;
        let db = scratch.join(format!("bench-{threads}.db"));
        let size: u64 = ["", "-wal"].iter().filter_map(|ext| std::fs::metadata(format!("{}{ext}", db.display())).ok()).map(|m| m.len()).sum();
        results.push((r, size));
    }
    results.sort_by(|a, b| a.0.seconds.total_cmp(&b.0.seconds));
    let (m, size) = &results[results.len() / 2];
    let peak = results.iter().map(|(r, _)| r.peak_rss).max().unwrap_or(0);
    println!(
        "run-on: median {:.2} s, peak memory {:.0} MB, store {:.1} MB; {} sentences, {} events",
        m.seconds,
        peak as f64 / 1e6,
        *size as f64 / 1e6,
        m.sentences,
        m.events
    );
    Ok(ExitCode::SUCCESS)
}

/// Run this binary as `statecraft code` or `statecraft ingest` on `corpus`, pinned to one core
/// when `threads == 1` and `taskset` exists.
fn run_child(mode: &str, corpus: &Path, threads: usize, scratch: &Path) -> Result<Run, String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let pin = threads == 1 && Command::new("taskset").arg("-V").stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok();
    let mut cmd = if pin {
        let mut c = Command::new("taskset");
        c.args(["-c", "0"]).arg(&exe);
        c
    } else {
        Command::new(&exe)
    };
    cmd.env("STATECRAFT_STATS", "1").arg(mode).args(["--threads", &threads.to_string()]).stdout(Stdio::null()).stderr(Stdio::piped());
    if mode == "code" {
        cmd.stdin(std::fs::File::open(corpus).map_err(|e| e.to_string())?);
    } else {
        let db = scratch.join(format!("bench-{threads}.db"));
        for ext in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{ext}", db.display()));
        }
        cmd.arg(corpus).arg("--db").arg(&db).stdin(Stdio::null());
    }
    let t = Instant::now();
    let out = cmd.output().map_err(|e| format!("cannot run {}: {e}", exe.display()))?;
    let seconds = t.elapsed().as_secs_f64();
    let err = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() {
        return Err(format!("statecraft {mode} failed: {err}"));
    }
    let stats = err.lines().find(|l| l.starts_with("stats:")).ok_or("no stats line from the child")?;
    let field = |k: &str| -> u64 {
        stats.split_whitespace().find_map(|w| w.strip_prefix(k).and_then(|v| v.strip_prefix('='))).and_then(|v| v.parse().ok()).unwrap_or(0)
    };
    Ok(Run { seconds, documents: field("documents"), sentences: field("sentences"), events: field("events"), peak_rss: field("peak_rss_bytes") })
}

pub struct Options {
    /// Instead: ingest one text of this many words with no full stop or line break.
    pub run_on: Option<usize>,
    pub docs: usize,
    pub runs: usize,
    pub size_mb: Option<u64>,
    pub corpus: Option<PathBuf>,
    pub write_corpus: Option<PathBuf>,
}

pub fn run(o: Options) -> Result<ExitCode, String> {
    if let Some(path) = &o.write_corpus {
        let (n, bytes) = write_corpus(path, o.docs, o.size_mb)?;
        println!("wrote {n} documents ({:.1} MB) to {}", bytes as f64 / 1e6, path.display());
        return Ok(ExitCode::SUCCESS);
    }
    let scratch = std::env::temp_dir().join(format!("statecraft-bench-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).map_err(|e| format!("cannot create {}: {e}", scratch.display()))?;
    if let Some(words) = o.run_on {
        let result = run_on(words, o.runs, &scratch);
        let _ = std::fs::remove_dir_all(&scratch);
        return result;
    }
    let corpus = match &o.corpus {
        Some(p) => p.clone(),
        None => {
            let p = scratch.join("corpus.jsonl");
            write_corpus(&p, o.docs, o.size_mb)?;
            p
        }
    };
    let bytes = std::fs::metadata(&corpus).map(|m| m.len()).unwrap_or(0);
    let all = statecraft_runner::parallel::default_threads();
    let mut threads = vec![1];
    if all > 1 {
        threads.push(all);
    }
    println!("corpus: {} ({:.1} MB); {} runs each, median reported", corpus.display(), bytes as f64 / 1e6, o.runs);
    println!("{:<7} {:>7} {:>9} {:>10} {:>12} {:>13} {:>10}", "mode", "threads", "median s", "docs/s", "sentences/s", "docs/s/core", "peak MB");
    let mut medians = std::collections::HashMap::new();
    for mode in ["code", "ingest"] {
        for &t in &threads {
            let mut runs = Vec::new();
            for _ in 0..o.runs {
                runs.push(run_child(mode, &corpus, t, &scratch)?);
            }
            runs.sort_by(|a, b| a.seconds.total_cmp(&b.seconds));
            let m = &runs[runs.len() / 2];
            let peak = runs.iter().map(|r| r.peak_rss).max().unwrap_or(0);
            println!(
                "{mode:<7} {t:>7} {:>9.3} {:>10.0} {:>12.0} {:>13.0} {:>10.1}",
                m.seconds,
                m.documents as f64 / m.seconds,
                m.sentences as f64 / m.seconds,
                m.documents as f64 / m.seconds / t as f64,
                peak as f64 / 1e6
            );
            medians.insert((mode, t), m.seconds);
        }
    }
    if let (Some(c1), Some(i1)) = (medians.get(&("code", 1)), medians.get(&("ingest", 1))) {
        println!("ingest / code time on one core: {:.2}", i1 / c1);
    }
    if all > 1 {
        for mode in ["code", "ingest"] {
            if let (Some(a), Some(b)) = (medians.get(&(mode, 1)), medians.get(&(mode, all))) {
                println!("{mode}: {all} cores are {:.2} times one core", a / b);
            }
        }
    }
    let _ = std::fs::remove_dir_all(&scratch);
    Ok(ExitCode::SUCCESS)
}
