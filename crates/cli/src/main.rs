//! The `statecraft` command: ingest articles into the embedded store, export what was coded,
//! code JSON lines in a pipe, evaluate against gold standards, and benchmark the pipeline.
//!
//! Exit codes: 0 success; 1 the run failed (store or I/O error); 2 bad usage or arguments;
//! 3 an evaluation gate (`--min-f1`, `--min-recall`) was not met.

mod bargain;
mod bench;
mod dictionaries;
mod events_model;
mod extraction;
mod formats;
mod petrarch_eval;
mod plover;
mod quotes_eval;
mod progress;
mod quotes;
mod serve;
mod syntax;

use std::collections::HashMap;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use statecraft_model::{parse_date, Document, Event};
use statecraft_pipeline::Pipeline;
use statecraft_readers::read_json_lines;
use statecraft_runner::parallel::{self, Output};
use statecraft_runner::{load_pipeline, Setup};
use statecraft_store::{EventFilter, Store};

#[derive(Parser)]
#[command(name = "statecraft", version, about = "Reads news about international politics and codes who did what to whom.")]
struct Cli {
    /// Extra dictionary file (actors, sectors, event patterns); may be repeated.
    #[arg(long = "dictionary", global = true, value_name = "FILE")]
    dictionaries: Vec<PathBuf>,
    /// The event model file to code with instead of the shipped one (`none`: dictionaries
    /// and rules alone).
    #[arg(long = "events-model", global = true, value_name = "FILE")]
    events_model: Option<PathBuf>,
    /// Report only events with at least this confidence (0 to 1; default: the model's threshold).
    #[arg(long = "min-confidence", global = true, value_name = "X")]
    min_confidence: Option<f32>,
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
        /// Analysis threads (default: all cores). The store is written by one writer.
        #[arg(long)]
        threads: Option<usize>,
        /// No progress line (it is shown only on a terminal, for runs over a second).
        #[arg(long, short)]
        quiet: bool,
    },
    /// Print events, documents, actors, quotes or rejected inputs from the store.
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
        /// Write to FILE instead of standard output.
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
        /// With --format gdelt: start with a line of GDELT column names (GDELT's own files have none).
        #[arg(long)]
        header: bool,
    },
    /// Code JSON-lines documents from standard input; print JSON-lines events in input order. No store.
    Code {
        /// Analysis threads (default: all cores).
        #[arg(long)]
        threads: Option<usize>,
    },
    /// Train a model: the syntax models (tagger and lemmatiser, parser) on a UD treebank, or the
    /// event model on the labelled corpus.
    Train {
        #[command(subcommand)]
        what: TrainKind,
    },
    /// Check dictionary files: what each holds and every line not understood.
    Dictionaries {
        #[command(subcommand)]
        what: dictionaries::DictionariesKind,
    },
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
        /// Also print each sentence's dependency parse (word, UPOS, XPOS, lemma, relation, head).
        #[arg(long)]
        parse: bool,
    },
    /// Time `code` and `ingest` on one core and on all cores over a generated news-style corpus.
    Bench {
        /// Number of generated articles.
        #[arg(long, default_value_t = 3000)]
        docs: usize,
        /// Generate this many megabytes of articles instead of --docs (for memory checks).
        #[arg(long, value_name = "MB")]
        size_mb: Option<u64>,
        /// Benchmark on this JSON-lines corpus instead of a generated one.
        #[arg(long, value_name = "FILE")]
        corpus: Option<PathBuf>,
        /// Timed repetitions of each measurement (the median is reported).
        #[arg(long, default_value_t = 3)]
        runs: usize,
        /// Only write the generated corpus as JSON lines to FILE.
        #[arg(long, value_name = "FILE")]
        write_corpus: Option<PathBuf>,
        /// Instead: time the ingest of one text of this many words with no full stop or line break.
        #[arg(long, value_name = "WORDS")]
        run_on: Option<usize>,
    },
    /// Each actor's dated position and salience on the issues of an issue file (TOML), from the
    /// store's events and quotes, with the sentences each value came from.
    Positions {
        #[arg(value_name = "ISSUES.toml")]
        file: PathBuf,
        #[command(flatten)]
        source: bargain::Source,
        #[arg(long, value_enum, default_value_t = bargain::PositionFormat::Jsonl)]
        format: bargain::PositionFormat,
    },
    /// Forecast the outcome of an issue: INPUT is an issue file (positions from --db) or a CSV
    /// table with columns actor,capability,position,salience.
    Forecast {
        input: PathBuf,
        #[command(flatten)]
        source: bargain::Source,
        #[command(flatten)]
        args: bargain::ForecastArgs,
    },
    /// Serve the HTTP API and the web dashboard over the store, read-only.
    Serve {
        #[arg(long, default_value = "statecraft.db")]
        db: PathBuf,
        /// Address to listen on; loopback unless you give another.
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: String,
        /// Read-only database connections (queries run at once).
        #[arg(long, default_value_t = 4)]
        connections: usize,
        /// Seconds a query may run before it is stopped and answered 503.
        #[arg(long, default_value_t = 10.0, value_name = "SECONDS")]
        query_timeout: f64,
        /// An issue file (TOML) for the dashboard's negotiation view.
        #[arg(long, value_name = "ISSUES.toml")]
        issues: Option<PathBuf>,
    },
    /// Write the relation timeline of a pair (mean Goldstein and events per quad class) as SVG,
    /// or with --issue the positions on an issue file's issues over time and their forecast.
    Report {
        /// Two actor codes, e.g. USA,RUS.
        #[arg(long, required_unless_present = "issue", conflicts_with = "issue")]
        pair: Option<String>,
        /// An issue file (TOML): draw its issues' positions and forecast instead of a pair.
        #[arg(long, value_name = "ISSUES.toml")]
        issue: Option<PathBuf>,
        /// With --issue: the forecasting model (default, compromise, median, nash, eu).
        #[arg(long, default_value = "default")]
        model: String,
        #[arg(long, default_value = "statecraft.db")]
        db: PathBuf,
        /// First day (YYYY-MM-DD).
        #[arg(long)]
        since: Option<String>,
        /// Last day (YYYY-MM-DD).
        #[arg(long)]
        until: Option<String>,
        /// day, week or month.
        #[arg(long, default_value = "week")]
        interval: String,
        /// Only events from the first actor to the second.
        #[arg(long)]
        directed: bool,
        /// The SVG file to write (default timeline.svg, with --issue issues.svg).
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum TrainKind {
    #[command(flatten)]
    Syntax(syntax::TrainKind),
    /// Train the event model (topic, trigger, role and actor classifiers and the confidence
    /// calibration) on the labelled corpus; prints its cross-validated figures.
    Events {
        /// The corpus folder (`*.jsonl` records, see data/events-corpus/PROTOCOL.md).
        #[arg(long, value_name = "DIR", default_value = "data/events-corpus")]
        corpus: PathBuf,
        #[arg(long, default_value = "models/events.bin")]
        out: PathBuf,
        /// Cross-validation folds (records are kept whole).
        #[arg(long, default_value_t = 5)]
        folds: usize,
        /// The default confidence threshold written into the model (events below it are not
        /// reported unless `--min-confidence` says otherwise); without it, the threshold that
        /// keeps cross-validated category precision on the corpus at 0.8.
        #[arg(long, value_name = "X")]
        threshold: Option<f32>,
        #[arg(long)]
        threads: Option<usize>,
    },
}

#[derive(Subcommand)]
enum EvalKind {
    /// Cross-validate the event model on a labelled corpus (trained on all folds but one,
    /// scored on the one left out) and print its figures.
    Corpus {
        #[arg(value_name = "DIR", default_value = "data/events-corpus")]
        dir: PathBuf,
        #[arg(long, default_value_t = 5)]
        folds: usize,
        #[arg(long)]
        threads: Option<usize>,
        /// Write every held-out mistake (unproposed, missed, wrong, wrong actors) to FILE.
        #[arg(long, value_name = "FILE")]
        mistakes: Option<PathBuf>,
    },
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
    /// Code PETRARCH unit-test records (RECORDS.xml) from their text with Statecraft's own parser
    /// and the dictionaries their <Environment> names; print strict and loose passes, whole and
    /// by halves (even and odd record positions).
    Petrarch {
        #[arg(value_name = "RECORDS.xml")]
        records: PathBuf,
        /// Folder of the named dictionaries (default: beside the records file).
        #[arg(long = "dictionaries", value_name = "DIR")]
        dictionary_dir: Option<PathBuf>,
        /// Print this many records not coded strictly right, with expected and coded triples.
        #[arg(long, default_value_t = 0)]
        misses: usize,
        /// Exit with code 3 if fewer records are coded strictly right.
        #[arg(long, value_name = "N")]
        min_strict: Option<usize>,
    },
    /// Score the bargaining models on the DEU III outcomes (tab-separated deu3.csv); the fitted
    /// default is cross-validated over proposals.
    Bargaining { file: PathBuf },
    /// Score the HTML article extractor on DIR/html/*.html.gz against DIR/ground-truth.json
    /// (the metric of shared/eval/score_extraction.py) and time it on one core.
    Extraction {
        dir: PathBuf,
        /// Also write the extracted bodies as {KEY: {"articleBody": ...}} JSON here.
        #[arg(long, value_name = "FILE")]
        predictions: Option<PathBuf>,
        /// Exit with code 3 if F1 is below this.
        #[arg(long)]
        min_f1: Option<f64>,
        /// Exit with code 3 if any page's F1 is below this.
        #[arg(long)]
        min_page_f1: Option<f64>,
        /// Print each page's precision and recall on standard error.
        #[arg(long)]
        verbose: bool,
    },
    /// Find the quotations of DIR/articles.jsonl with their speakers and score them against
    /// DIR/quotes-gold.jsonl (the figures of shared/eval/score_quotes.py), whole and by halves.
    Quotes {
        dir: PathBuf,
        /// Exit with code 3 if the share of quotations found with the right speaker is below this.
        #[arg(long)]
        min_attributed: Option<f64>,
        /// Exit with code 3 if named precision is below this.
        #[arg(long)]
        min_named_precision: Option<f64>,
        /// Exit with code 3 if the share of scare quotes left without a speaker is below this.
        #[arg(long)]
        min_scare: Option<f64>,
        /// Exit with code 3 if the two halves' shares found with the right speaker differ by more.
        #[arg(long)]
        max_half_gap: Option<f64>,
        /// Print every miss and wrong speaker on standard error.
        #[arg(long)]
        verbose: bool,
    },
    /// Score the tagger, lemmatiser and parser on a CoNLL-U file (gold tokenisation), time them
    /// on one core, and measure the tokeniser's agreement with the file's word boundaries.
    Ud {
        #[command(flatten)]
        args: syntax::UdArgs,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum ExportKind {
    Events,
    Documents,
    Actors,
    Rejects,
    /// Quotations with their speakers (`--actor` matches the speaker, `--since`/`--until` the quote date).
    Quotes,
}

#[derive(Clone, Copy, ValueEnum, PartialEq)]
enum Format {
    Jsonl,
    Csv,
    /// Apache Parquet (events, documents); schema in the README.
    Parquet,
    /// Tab-separated GDELT 2.0 event table (events only); columns in the README.
    Gdelt,
}

fn main() -> ExitCode {
    quiet_on_closed_pipe();
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("statecraft: {e}");
            ExitCode::from(1)
        }
    }
}

/// `statecraft explain ... | head`: when the reader of standard output goes away, stop quietly
/// with the status a shell gives a process killed by SIGPIPE, instead of a panic and a backtrace.
fn quiet_on_closed_pipe() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let msg = info.payload().downcast_ref::<String>().map(String::as_str).or_else(|| info.payload().downcast_ref::<&str>().copied()).unwrap_or("");
        if msg.contains("Broken pipe") {
            std::process::exit(141);
        }
        default(info);
    }));
}

fn usage_error(msg: String) -> Result<ExitCode, String> {
    eprintln!("statecraft: {msg}");
    Ok(ExitCode::from(2))
}

fn run(cli: Cli) -> Result<ExitCode, String> {
    let Cli { dictionaries, events_model, min_confidence, command } = cli;
    let cli = Setup { dictionaries, events_model, min_confidence };
    match command {
        Command::Ingest { paths, db, batch, threads, quiet } => {
            let pipeline = load_pipeline(&cli)?;
            ingest(&pipeline, &paths, &db, batch.max(1), threads.unwrap_or_else(parallel::default_threads), quiet)
        }
        Command::Export { what, db, format, actor, since, until, event, doc, output, header } => {
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
            let filter = EventFilter { actor, since, until, event, doc, min_confidence: cli.min_confidence };
            match (what, format) {
                (ExportKind::Events | ExportKind::Documents, Format::Parquet) if output.is_none() && io::stdout().is_terminal() => {
                    usage_error("--format parquet writes binary data; give --output FILE or redirect standard output to a file".into())
                }
                (ExportKind::Events, Format::Parquet | Format::Gdelt) | (ExportKind::Documents, Format::Parquet) => {
                    export_columnar(what, &db, format, &filter, output.as_deref(), header)
                }
                (_, Format::Parquet | Format::Gdelt) => usage_error("--format parquet is for events and documents, --format gdelt for events".into()),
                _ => match output {
                    Some(path) => usage_error(format!("--output {} is for --format parquet and gdelt; redirect standard output for jsonl and csv", path.display())),
                    None => export(what, &db, format, &filter),
                },
            }
        }
        Command::Code { threads } => {
            let pipeline = load_pipeline(&cli)?;
            code_stdin(&pipeline, threads.unwrap_or_else(parallel::default_threads))
        }
        Command::Eval { what: EvalKind::Plover { gold, misses, min_f1, min_recall } } => {
            let pipeline = load_pipeline(&cli)?;
            eval_plover(&pipeline, &gold, misses, min_f1, min_recall)
        }
        Command::Eval { what: EvalKind::Extraction { dir, predictions, min_f1, min_page_f1, verbose } } => {
            extraction::run(&dir, predictions.as_deref(), min_f1, min_page_f1, verbose)
        }
        Command::Eval { what: EvalKind::Ud { args } } => syntax::eval_ud(args),
        Command::Eval { what: EvalKind::Quotes { dir, min_attributed, min_named_precision, min_scare, max_half_gap, verbose } } => {
            let pipeline = load_pipeline(&cli)?;
            quotes_eval::run(&pipeline, &dir, quotes_eval::Gates { min_attributed, min_named_precision, min_scare, max_half_gap }, verbose)
        }
        Command::Train { what: TrainKind::Syntax(what) } => syntax::train(what),
        Command::Train { what: TrainKind::Events { corpus, out, folds, threshold, threads } } => {
            if threshold.is_some_and(|t| !(0.0..=1.0).contains(&t)) {
                return Err(format!("--threshold {} is not between 0 and 1", threshold.unwrap_or_default()));
            }
            let pipeline = load_pipeline(&cli)?;
            events_model::train(&pipeline, &corpus, &out, folds, threshold, threads.unwrap_or_else(parallel::default_threads))
        }
        Command::Eval { what: EvalKind::Corpus { dir, folds, threads, mistakes } } => {
            let pipeline = load_pipeline(&cli)?;
            events_model::eval(&pipeline, &dir, folds, threads.unwrap_or_else(parallel::default_threads), mistakes.as_deref())
        }
        Command::Explain { text, date, parse } => {
            let date = match date.as_deref().map(|s| parse_date(s).ok_or(s)).transpose() {
                Ok(d) => d,
                Err(s) => return usage_error(format!("--date {s:?} is not a date; write YYYY-MM-DD")),
            };
            let pipeline = load_pipeline(&cli)?;
            explain(&pipeline, &text, date, parse);
            Ok(ExitCode::SUCCESS)
        }
        Command::Bench { docs, size_mb, corpus, runs, write_corpus, run_on } => {
            bench::run(bench::Options { run_on, docs, runs: runs.max(1), size_mb, corpus, write_corpus })
        }
        Command::Serve { db, addr, connections, query_timeout, issues } => serve::serve(db, &addr, connections, query_timeout, issues),
        Command::Report { issue: Some(file), model, db, since, until, output, .. } => {
            let output = output.unwrap_or_else(|| "issues.svg".into());
            bargain::report(&file, &bargain::Source { db, since, until, issue: None }, &model, &output)
        }
        Command::Report { pair, db, since, until, interval, directed, output, .. } => {
            let output = output.unwrap_or_else(|| "timeline.svg".into());
            serve::report(db, pair.as_deref().unwrap_or_default(), since.as_deref(), until.as_deref(), &interval, directed, output)
        }
        Command::Positions { file, source, format } => bargain::positions(&file, &source, format),
        Command::Forecast { input, source, args } => bargain::forecast(&input, &source, &args),
        Command::Eval { what: EvalKind::Bargaining { file } } => bargain::eval(&file),
        Command::Eval { what: EvalKind::Petrarch { records, dictionary_dir, misses, min_strict } } => {
            petrarch_eval::run(load_pipeline(&cli)?, &records, dictionary_dir.as_deref(), misses, min_strict)
        }
        Command::Dictionaries { what: dictionaries::DictionariesKind::Check { files } } => dictionaries::check(&files),
    }
}

fn ingest(pipeline: &Pipeline, paths: &[PathBuf], db: &std::path::Path, batch: usize, threads: usize, quiet: bool) -> Result<ExitCode, String> {
    let progress = progress::Progress::start(quiet);
    let summary = statecraft_runner::ingest(pipeline, paths, db, batch, threads, |t| {
        progress.set(t);
        Ok(())
    })?;
    progress.finish();
    println!("{}", summary.line(db));
    report_stats(summary.read, summary.sentences, summary.events);
    if std::env::var_os("STATECRAFT_STATS").is_some() {
        eprintln!("stats: store_seconds={:.3}", summary.store_seconds);
    }
    if summary.read == 0 {
        eprintln!("statecraft: no document was read from the given paths; check them (`statecraft export rejects` lists why each was skipped)");
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

/// With `STATECRAFT_STATS=1`, print counts and peak memory to standard error (for `bench`).
fn report_stats(documents: usize, sentences: usize, events: usize) {
    if std::env::var_os("STATECRAFT_STATS").is_some() {
        eprintln!("stats: documents={documents} sentences={sentences} events={events} peak_rss_bytes={}", parallel::peak_rss_bytes().unwrap_or(0));
    }
}

fn export(what: ExportKind, db: &PathBuf, format: Format, filter: &EventFilter) -> Result<ExitCode, String> {
    let store = open_for_export(db)?;
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let io_err = |e: io::Error| e.to_string();
    match (what, format) {
        (_, Format::Parquet | Format::Gdelt) => unreachable!("columnar formats go through export_columnar"),
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
        (ExportKind::Quotes, fmt) => quotes::export(&store, filter, fmt == Format::Csv, &mut out)?,
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

/// Opens the store read-only (it may sit in a folder the user cannot write to); a store of an
/// older schema is upgraded first, which needs write access.
fn open_for_export(db: &std::path::Path) -> Result<Store, String> {
    match Store::open_read_only(db) {
        Err(statecraft_store::StoreError::TooOld { .. }) => Store::open(db),
        other => other,
    }
    .map_err(|e| e.to_string())
}

fn code_stdin(pipeline: &Pipeline, threads: usize) -> Result<ExitCode, String> {
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let (mut read, mut bad, mut sentences, mut events) = (0usize, 0usize, 0usize, 0usize);
    parallel::run(
        pipeline,
        threads,
        || Box::new(read_json_lines("stdin", io::stdin().lock())),
        |_| false,
        |a| {
            // serialise on the workers: the single writer only copies bytes
            let mut bytes = Vec::with_capacity(a.events.len() * 512);
            for e in &a.events {
                let _ = write_event(&mut bytes, e);
            }
            (bytes, a.sentences.len(), a.events.len())
        },
        |o| {
            match o {
                Output::Analysed((bytes, s, e)) => {
                    read += 1;
                    sentences += s;
                    events += e;
                    out.write_all(&bytes).map_err(|e| format!("cannot write output: {e}"))?;
                }
                Output::Rejected(r) => {
                    bad += 1;
                    eprintln!("statecraft code: {}, skipped", r.reason);
                }
                Output::Skipped => {}
            }
            Ok(())
        },
    )?;
    out.flush().map_err(|e| format!("cannot write output: {e}"))?;
    if bad > 0 {
        eprintln!("statecraft code: {bad} input lines skipped, {read} documents coded");
    }
    report_stats(read, sentences, events);
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
            removed: Vec::new(),
            notes: Vec::new(),
        };
        let evs = pipeline.analyse(doc).events;
        predicted.insert(
            r.id.clone(),
            // an unknown source (empty code) is "-", as score_plover.py reads it
            evs.iter()
                .map(|e| {
                    let source = if e.source.code.is_empty() { "-".to_string() } else { e.source.code.clone() };
                    (source, e.target.as_ref().map(|t| t.code.clone()).unwrap_or_else(|| "-".into()), e.event.clone())
                })
                .collect(),
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

fn explain(pipeline: &Pipeline, text: &str, date: Option<chrono::NaiveDate>, parse: bool) {
    let doc = Document { id: "explain".into(), title: None, date, url: None, outlet: None, origin: "command line".into(), text: text.into(), removed: Vec::new(), notes: Vec::new() };
    let a = pipeline.analyse(doc);
    for (text, reason) in &a.removed {
        println!("removed ({reason}): {text}");
    }
    for s in &a.sentences {
        println!("sentence {}: {}", s.index, s.text);
        if parse {
            let tokens = statecraft_text::tokenize(&s.text);
            let words = statecraft_text::parser_words(&tokens);
            for (i, w) in statecraft_syntax::Analyzer::shipped().analyse(&words).iter().enumerate() {
                let head = w.head.map(|h| format!("{} {}", h + 1, words[h])).unwrap_or_else(|| "0 ROOT".into());
                println!("  parse  {:>3} {:<16} {:<5} {:<5} {:<14} {:<12} <- {head}", i + 1, w.form, w.upos.as_str(), w.xpos, w.lemma, w.deprel);
            }
        }
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
            let place = e.location.as_ref().map(|l| format!(", in {} ({})", l.name, l.country.as_deref().unwrap_or("-"))).unwrap_or_default();
            println!("         date {} ({}){place}", e.date.as_deref().unwrap_or("-"), e.date_precision.as_str());
        }
        for q in a.quotes.iter().filter(|q| q.sentence == s.index) {
            let who = q.speaker.as_ref().map(|sp| format!("{} {}", sp.name.as_deref().unwrap_or("(unnamed)"), sp.code.as_deref().unwrap_or("-"))).unwrap_or_else(|| "speaker unknown".into());
            println!("  quote  {:?} {:?}: {}  cue {:?}", q.kind, q.text, who, q.cue.as_deref().unwrap_or(""));
        }
    }
}

/// `export events --format parquet|gdelt`, `export documents --format parquet`.
fn export_columnar(what: ExportKind, db: &PathBuf, format: Format, filter: &EventFilter, output: Option<&std::path::Path>, header: bool) -> Result<ExitCode, String> {
    let store = open_for_export(db)?;
    let out: Box<dyn Write + Send> = match output {
        Some(p) => Box::new(std::fs::File::create(p).map_err(|e| format!("cannot create {}: {e}", p.display()))?),
        None => Box::new(io::stdout()),
    };
    let out = BufWriter::with_capacity(1 << 20, out);
    let store_err = |e: String| statecraft_store::StoreError::from(io::Error::other(e));
    match (what, format) {
        (ExportKind::Events, Format::Parquet) => {
            let mut w = formats::EventParquet::new(out)?;
            store.events(filter, |e| w.push(&e).map_err(store_err)).map_err(|e| e.to_string())?;
            w.finish()?;
        }
        (ExportKind::Documents, Format::Parquet) => {
            let mut w = formats::DocumentParquet::new(out)?;
            store.documents(filter, |d| w.push(&d).map_err(store_err)).map_err(|e| e.to_string())?;
            w.finish()?;
        }
        (ExportKind::Events, Format::Gdelt) => {
            // SOURCEURL comes from the documents; only ids with a URL are kept in memory.
            let mut urls: HashMap<String, String> = HashMap::new();
            store
                .documents(filter, |d| {
                    if let Some(u) = d.url {
                        urls.insert(d.id, u);
                    }
                    Ok(())
                })
                .map_err(|e| e.to_string())?;
            let added = chrono::Utc::now().format("%Y%m%d%H%M%S").to_string();
            let mut out = out;
            if header {
                writeln!(out, "{}", formats::GDELT_COLUMNS.join("\t")).map_err(|e| e.to_string())?;
            }
            let mut id = 0u64;
            store
                .events(filter, |e| {
                    id += 1;
                    let row = formats::gdelt_row(id, &e, urls.get(&e.doc_id).map(String::as_str), &added);
                    out.write_all(row.join("\t").as_bytes())?;
                    out.write_all(b"\n").map_err(statecraft_store::StoreError::from)
                })
                .map_err(|e| e.to_string())?;
            out.flush().map_err(|e| e.to_string())?;
        }
        _ => unreachable!("checked by the caller"),
    }
    Ok(ExitCode::SUCCESS)
}
