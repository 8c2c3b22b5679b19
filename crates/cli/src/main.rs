//! The `statecraft` command: ingest articles into the embedded store, export what was coded,
//! code JSON lines in a pipe, evaluate against gold standards, and benchmark the pipeline.
//!
//! Exit codes: 0 success; 1 the run failed (store or I/O error); 2 bad usage or arguments;
//! 3 an evaluation gate (`--min-f1`, `--min-recall`) was not met.

mod bench;
mod plover;

use std::collections::HashMap;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand, ValueEnum};
use statecraft_model::{parse_date, Document, Event};
use statecraft_pipeline::Pipeline;
use statecraft_readers::{read_json_lines, read_paths, Item};
use statecraft_store::{EventFilter, Store};

#[derive(Parser)]
#[command(name = "statecraft", version, about = "Reads news about international politics and codes who did what to whom.")]
struct Cli {
    /// Extra dictionary file (actors, sectors, event patterns); may be repeated.
    #[arg(long = "dictionary", global = true, value_name = "FILE")]
    dictionaries: Vec<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read articles (.txt, .jsonl; files or folders) into the SQLite store and code them.
    Ingest {
        /// Files or folders (read recursively).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// The SQLite database file (created if missing).
        #[arg(long, default_value = "statecraft.db")]
        db: PathBuf,
        /// Documents per transaction.
        #[arg(long, default_value_t = 64)]
        batch: usize,
    },
    /// Print events, documents, actors or rejected inputs from the store.
    Export {
        #[arg(value_enum)]
        what: ExportKind,
        #[arg(long, default_value = "statecraft.db")]
        db: PathBuf,
        #[arg(long, value_enum, default_value_t = Format::Jsonl)]
        format: Format,
        /// Only events whose source or target matches (code, organisation or name).
        #[arg(long)]
        actor: Option<String>,
        /// Only on or after this date (YYYY-MM-DD).
        #[arg(long)]
        since: Option<String>,
        /// Only on or before this date (YYYY-MM-DD).
        #[arg(long)]
        until: Option<String>,
        /// Only this PLOVER category (e.g. THREATEN) or CAMEO code prefix (e.g. 13).
        #[arg(long)]
        event: Option<String>,
        /// Only this document id.
        #[arg(long)]
        doc: Option<String>,
    },
    /// Code JSON-lines documents from standard input; print JSON-lines events. No store.
    Code,
    /// Evaluate against a gold standard.
    Eval {
        #[command(subcommand)]
        what: EvalKind,
    },
    /// Show how one text is read: sentences, actor mentions and events with the patterns that fired.
    Explain {
        /// The text to explain.
        text: String,
        /// Document date (YYYY-MM-DD), for roles that change over time.
        #[arg(long)]
        date: Option<String>,
    },
    /// Measure the pipeline's speed on a generated news-style corpus.
    Bench {
        /// Number of generated articles.
        #[arg(long, default_value_t = 2000)]
        docs: usize,
        /// Timed repetitions (the median is reported).
        #[arg(long, default_value_t = 5)]
        runs: usize,
        /// Write the generated corpus as JSON lines here instead of benchmarking.
        #[arg(long, value_name = "FILE")]
        write_corpus: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum EvalKind {
    /// Code PLOVER gold-standard records and print the scores of shared/eval/score_plover.py.
    Plover {
        gold: PathBuf,
        /// Print this many missed records.
        #[arg(long, default_value_t = 0)]
        misses: usize,
        /// Exit with code 3 if triple F1 is below this.
        #[arg(long)]
        min_f1: Option<f64>,
        /// Exit with code 3 if category recall is below this.
        #[arg(long)]
        min_recall: Option<f64>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum ExportKind {
    Events,
    Documents,
    Actors,
    Rejects,
}

#[derive(Clone, Copy, ValueEnum, PartialEq)]
enum Format {
    Jsonl,
    Csv,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("statecraft: {e}");
            ExitCode::from(1)
        }
    }
}

fn usage_error(msg: String) -> Result<ExitCode, String> {
    eprintln!("statecraft: {msg}");
    Ok(ExitCode::from(2))
}

fn load_pipeline(paths: &[PathBuf]) -> Result<Pipeline, String> {
    let mut extra = Vec::new();
    for p in paths {
        let text = std::fs::read_to_string(p).map_err(|e| format!("cannot read dictionary {}: {e}", p.display()))?;
        extra.push((p.display().to_string(), text));
    }
    Pipeline::new(&extra).map_err(|e| format!("dictionary error: {e}"))
}

fn run(cli: Cli) -> Result<ExitCode, String> {
    match cli.command {
        Command::Ingest { paths, db, batch } => {
            let pipeline = load_pipeline(&cli.dictionaries)?;
            ingest(&pipeline, &paths, &db, batch.max(1))
        }
        Command::Export { what, db, format, actor, since, until, event, doc } => {
            let since = match since.as_deref().map(|s| parse_date(s).ok_or(s)).transpose() {
                Ok(d) => d,
                Err(s) => return usage_error(format!("--since {s:?} is not a date; write YYYY-MM-DD")),
            };
            let until = match until.as_deref().map(|s| parse_date(s).ok_or(s)).transpose() {
                Ok(d) => d,
                Err(s) => return usage_error(format!("--until {s:?} is not a date; write YYYY-MM-DD")),
            };
            if !db.exists() {
                return usage_error(format!("no database at {}; run 'statecraft ingest PATH --db {}' first", db.display(), db.display()));
            }
            let filter = EventFilter { actor, since, until, event, doc };
            export(what, &db, format, &filter)
        }
        Command::Code => {
            let pipeline = load_pipeline(&cli.dictionaries)?;
            code_stdin(&pipeline)
        }
        Command::Eval { what: EvalKind::Plover { gold, misses, min_f1, min_recall } } => {
            let pipeline = load_pipeline(&cli.dictionaries)?;
            eval_plover(&pipeline, &gold, misses, min_f1, min_recall)
        }
        Command::Explain { text, date } => {
            let date = match date.as_deref().map(|s| parse_date(s).ok_or(s)).transpose() {
                Ok(d) => d,
                Err(s) => return usage_error(format!("--date {s:?} is not a date; write YYYY-MM-DD")),
            };
            let pipeline = load_pipeline(&cli.dictionaries)?;
            explain(&pipeline, &text, date);
            Ok(ExitCode::SUCCESS)
        }
        Command::Bench { docs, runs, write_corpus } => {
            let pipeline = load_pipeline(&cli.dictionaries)?;
            bench::run(&pipeline, docs, runs.max(1), write_corpus.as_deref())
        }
    }
}

fn ingest(pipeline: &Pipeline, paths: &[PathBuf], db: &PathBuf, batch: usize) -> Result<ExitCode, String> {
    let mut store = Store::open(db).map_err(|e| e.to_string())?;
    let tty = io::stderr().is_terminal();
    let started = Instant::now();
    let (mut read, mut added, mut already, mut rejected, mut sentences, mut events) = (0usize, 0usize, 0usize, 0usize, 0usize, 0usize);
    let mut reasons: HashMap<String, usize> = HashMap::new();
    let mut pending = Vec::with_capacity(batch);
    let flush = |store: &mut Store, pending: &mut Vec<statecraft_model::Analysis>, added: &mut usize, already: &mut usize| -> Result<(), String> {
        let n = pending.len();
        let inserted = store.insert_batch(pending).map_err(|e| e.to_string())?;
        *added += inserted;
        *already += n - inserted;
        pending.clear();
        Ok(())
    };
    for item in read_paths(paths) {
        match item {
            Item::Doc(doc) => {
                read += 1;
                if store.contains(&doc.id).map_err(|e| e.to_string())? {
                    already += 1;
                    continue;
                }
                let a = pipeline.analyse(doc);
                sentences += a.sentences.len();
                events += a.events.len();
                pending.push(a);
                if pending.len() >= batch {
                    flush(&mut store, &mut pending, &mut added, &mut already)?;
                }
            }
            Item::Rejected(r) => {
                rejected += 1;
                let kind = r.reason.split(':').next().unwrap_or("").to_string();
                *reasons.entry(short_reason(&r.reason, &kind)).or_default() += 1;
                store.record_rejected(&r).map_err(|e| e.to_string())?;
            }
        }
        if tty && (read + rejected) % 25 == 0 {
            eprint!("\r{} documents read, {} events ...", read, events);
        }
    }
    flush(&mut store, &mut pending, &mut added, &mut already)?;
    if tty {
        eprint!("\r");
    }
    let mut why: Vec<_> = reasons.into_iter().collect();
    why.sort_by(|a, b| b.1.cmp(&a.1));
    let why = if why.is_empty() { String::new() } else { format!(" ({})", why.iter().map(|(r, n)| format!("{n} {r}")).collect::<Vec<_>>().join(", ")) };
    println!(
        "read {read} documents: {added} added, {already} already in store; {rejected} skipped{why}; {sentences} sentences, {events} events; {:.1}s -> {}",
        started.elapsed().as_secs_f64(),
        db.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// A reason without its per-line detail, for the summary ("invalid JSON", "empty file").
fn short_reason(reason: &str, _kind: &str) -> String {
    let r = reason.trim_start_matches(|c: char| c != ':' && !c.is_alphabetic());
    let r = if r.starts_with("line ") { r.split_once(": ").map(|x| x.1).unwrap_or(r) } else { r };
    r.split([':', '(']).next().unwrap_or(r).trim().to_string()
}

fn export(what: ExportKind, db: &PathBuf, format: Format, filter: &EventFilter) -> Result<ExitCode, String> {
    let store = Store::open(db).map_err(|e| e.to_string())?;
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let io_err = |e: io::Error| e.to_string();
    match (what, format) {
        (ExportKind::Events, Format::Jsonl) => {
            store
                .events(filter, |e| {
                    serde_json::to_writer(&mut out, &e).map_err(|x| statecraft_store::StoreError::from(io::Error::other(x)))?;
                    out.write_all(b"\n").map_err(statecraft_store::StoreError::from)
                })
                .map_err(|e| e.to_string())?;
        }
        (ExportKind::Events, Format::Csv) => {
            let mut w = csv::Writer::from_writer(&mut out);
            w.write_record(statecraft_store::event_csv_header()).map_err(|e| e.to_string())?;
            store
                .events(filter, |e| w.write_record(statecraft_store::event_csv_row(&e)).map_err(|x| statecraft_store::StoreError::from(io::Error::other(x))))
                .map_err(|e| e.to_string())?;
            w.flush().map_err(io_err)?;
        }
        (ExportKind::Documents, fmt) => {
            let mut w = csv::Writer::from_writer(Vec::new());
            let mut first = true;
            store
                .documents(filter, |d| {
                    if fmt == Format::Jsonl {
                        serde_json::to_writer(&mut out, &d).map_err(|x| statecraft_store::StoreError::from(io::Error::other(x)))?;
                        out.write_all(b"\n").map_err(statecraft_store::StoreError::from)
                    } else {
                        if first {
                            first = false;
                        }
                        w.serialize(&d).map_err(|x| statecraft_store::StoreError::from(io::Error::other(x)))
                    }
                })
                .map_err(|e| e.to_string())?;
            if fmt == Format::Csv {
                let bytes = w.into_inner().map_err(|e| e.to_string())?;
                out.write_all(&bytes).map_err(io_err)?;
            }
        }
        (ExportKind::Actors, fmt) => {
            let mut w = csv::Writer::from_writer(Vec::new());
            store
                .actors(|a| {
                    if fmt == Format::Jsonl {
                        serde_json::to_writer(&mut out, &a).map_err(|x| statecraft_store::StoreError::from(io::Error::other(x)))?;
                        out.write_all(b"\n").map_err(statecraft_store::StoreError::from)
                    } else {
                        w.serialize(&a).map_err(|x| statecraft_store::StoreError::from(io::Error::other(x)))
                    }
                })
                .map_err(|e| e.to_string())?;
            if fmt == Format::Csv {
                let bytes = w.into_inner().map_err(|e| e.to_string())?;
                out.write_all(&bytes).map_err(io_err)?;
            }
        }
        (ExportKind::Rejects, fmt) => {
            let rows = store.rejects().map_err(|e| e.to_string())?;
            if fmt == Format::Jsonl {
                for r in rows {
                    serde_json::to_writer(&mut out, &r).map_err(|e| e.to_string())?;
                    out.write_all(b"\n").map_err(io_err)?;
                }
            } else {
                let mut w = csv::Writer::from_writer(&mut out);
                for r in rows {
                    w.serialize(&r).map_err(|e| e.to_string())?;
                }
                w.flush().map_err(io_err)?;
            }
        }
    }
    out.flush().map_err(io_err)?;
    Ok(ExitCode::SUCCESS)
}

fn code_stdin(pipeline: &Pipeline) -> Result<ExitCode, String> {
    let stdin = io::stdin();
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let (mut read, mut bad) = (0usize, 0usize);
    for item in read_json_lines("stdin", stdin.lock()) {
        match item {
            Item::Doc(doc) => {
                read += 1;
                for e in pipeline.analyse(doc).events {
                    write_event(&mut out, &e).map_err(|e| format!("cannot write output: {e}"))?;
                }
            }
            Item::Rejected(r) => {
                bad += 1;
                eprintln!("statecraft code: {}, skipped", r.reason);
            }
        }
    }
    out.flush().map_err(|e| format!("cannot write output: {e}"))?;
    if bad > 0 {
        eprintln!("statecraft code: {bad} input lines skipped, {read} documents coded");
    }
    Ok(ExitCode::SUCCESS)
}

fn write_event(out: &mut impl Write, e: &Event) -> io::Result<()> {
    serde_json::to_writer(&mut *out, e).map_err(io::Error::other)?;
    out.write_all(b"\n")
}

fn eval_plover(pipeline: &Pipeline, gold: &PathBuf, misses: usize, min_f1: Option<f64>, min_recall: Option<f64>) -> Result<ExitCode, String> {
    let text = std::fs::read_to_string(gold).map_err(|e| format!("cannot read gold file {}: {e}", gold.display()))?;
    let records = plover::parse_gold(&text)?;
    let mut predicted: HashMap<String, Vec<(String, String, String)>> = HashMap::new();
    for r in &records {
        let doc = Document {
            id: r.id.clone(),
            title: None,
            date: parse_date(&r.date),
            url: None,
            outlet: None,
            origin: gold.display().to_string(),
            text: r.text.clone(),
        };
        let evs = pipeline.analyse(doc).events;
        predicted.insert(
            r.id.clone(),
            evs.iter().map(|e| (e.source.code.clone(), e.target.as_ref().map(|t| t.code.clone()).unwrap_or_else(|| "-".into()), e.event.clone())).collect(),
        );
    }
    let s = plover::score(&records, &predicted, misses);
    println!("records={} bad_event_lines=0", s.records);
    println!(
        "plover: triple_f1={:.3} triple_p={:.3} triple_r={:.3} category_recall={:.3} exact_first={:.3}",
        s.f1, s.p, s.r, s.category_recall, s.exact_first
    );
    let mut failed = false;
    if let Some(m) = min_f1 {
        if s.f1 + 1e-9 < m {
            eprintln!("statecraft eval: triple F1 {:.3} is below the gate {m:.3}", s.f1);
            failed = true;
        }
    }
    if let Some(m) = min_recall {
        if s.category_recall + 1e-9 < m {
            eprintln!("statecraft eval: category recall {:.3} is below the gate {m:.3}", s.category_recall);
            failed = true;
        }
    }
    Ok(if failed { ExitCode::from(3) } else { ExitCode::SUCCESS })
}

fn explain(pipeline: &Pipeline, text: &str, date: Option<chrono::NaiveDate>) {
    let doc = Document { id: "explain".into(), title: None, date, url: None, outlet: None, origin: "command line".into(), text: text.into() };
    let a = pipeline.analyse(doc);
    for (text, reason) in &a.removed {
        println!("removed ({reason}): {text}");
    }
    for s in &a.sentences {
        println!("sentence {}: {}", s.index, s.text);
        for m in a.mentions.iter().filter(|m| m.sentence == s.index) {
            let x = &m.actor;
            println!(
                "  actor  {:<30} {} {} {} {}",
                x.text,
                x.code,
                x.sector.as_deref().unwrap_or("-"),
                x.org.as_deref().unwrap_or(""),
                x.name.as_deref().map(|n| format!("({n}{})", x.role.as_deref().map(|r| format!(", {r}")).unwrap_or_default())).unwrap_or_default()
            );
        }
        for e in a.events.iter().filter(|e| e.sentence == s.index) {
            let t = e.target.as_ref().map(|t| format!("{} {}", t.code, t.sector.as_deref().unwrap_or("-"))).unwrap_or_else(|| "-".into());
            println!(
                "  event  {} {} -> {}  {} {} goldstein {} {}  trigger {:?} pattern {}",
                e.source.code,
                e.source.sector.as_deref().unwrap_or("-"),
                t,
                e.event,
                e.cameo,
                e.goldstein,
                e.polarity.as_str(),
                e.trigger,
                e.pattern
            );
        }
    }
}
