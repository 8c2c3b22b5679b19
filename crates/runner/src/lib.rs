//! Runs Statecraft's pipeline for any front end (the command line, the Python package):
//! loading the pipeline with the user's dictionaries and options ([`load_pipeline`]), running it
//! on many threads with results in input order ([`parallel`]), and reading files into the store
//! ([`ingest`]) with a running count for a progress display and the summary the CLI prints.

pub mod parallel;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use parallel::Output;
use statecraft_model::Analysis;
use statecraft_pipeline::Pipeline;
use statecraft_readers::read_paths;
use statecraft_store::Store;

/// The options that set up the pipeline, whatever the command.
#[derive(Debug, Clone, Default)]
pub struct Setup {
    /// Extra dictionary files (actors, sectors, event patterns).
    pub dictionaries: Vec<PathBuf>,
    /// An event model file to code with instead of the shipped one; `none` for none.
    pub events_model: Option<PathBuf>,
    /// Report only events with at least this confidence.
    pub min_confidence: Option<f32>,
}

/// The pipeline with the shipped dictionaries and models plus what `setup` adds; the error
/// says which file is wrong and why.
pub fn load_pipeline(setup: &Setup) -> Result<Pipeline, String> {
    let mut extra = Vec::new();
    for p in &setup.dictionaries {
        let text = std::fs::read_to_string(p).map_err(|e| format!("cannot read dictionary {}: {e}", p.display()))?;
        extra.push((p.display().to_string(), text));
    }
    let mut pipeline = Pipeline::new(&extra).map_err(|e| format!("dictionary error: {e}"))?;
    if let Some(path) = &setup.events_model {
        let model = if path.as_os_str() == "none" {
            None
        } else {
            let bytes = std::fs::read(path).map_err(|e| format!("cannot read event model {}: {e}", path.display()))?;
            let m = statecraft_coder::EventModel::from_bytes(&bytes).map_err(|e| format!("{}: {e}", path.display()))?;
            // The pipeline borrows its model for the rest of the process, like the shipped one.
            Some(&*Box::leak(Box::new(m)))
        };
        pipeline.set_model(model);
    }
    if let Some(min) = setup.min_confidence {
        if !(0.0..=1.0).contains(&min) {
            return Err(format!("--min-confidence {min} is not between 0 and 1"));
        }
        pipeline.min_confidence = Some(min);
    }
    Ok(pipeline)
}

/// Running totals of an ingest, handed to the progress callback after each input.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// Documents read (added or already in the store).
    pub documents: u64,
    /// Events coded in them.
    pub events: u64,
    /// Inputs skipped with a reason.
    pub skipped: u64,
}

/// What an ingest did: the figures of the line `statecraft ingest` prints.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IngestSummary {
    /// Documents read: added plus already in the store.
    pub read: usize,
    pub added: usize,
    pub already: usize,
    /// Inputs skipped (not readable as documents).
    pub skipped: usize,
    /// Why inputs were skipped, most frequent first, with how many.
    pub reasons: Vec<(String, usize)>,
    pub sentences: usize,
    pub events: usize,
    pub seconds: f64,
    /// Time spent writing the store.
    pub store_seconds: f64,
}

impl IngestSummary {
    /// The summary line of `statecraft ingest`.
    pub fn line(&self, db: &Path) -> String {
        let why = if self.reasons.is_empty() {
            String::new()
        } else {
            format!(" ({})", self.reasons.iter().map(|(r, n)| format!("{n} {r}")).collect::<Vec<_>>().join(", "))
        };
        format!(
            "read {} documents: {} added, {} already in store; {} skipped{why}; {} sentences, {} events; {:.1}s -> {}",
            self.read,
            self.added,
            self.already,
            self.skipped,
            self.sentences,
            self.events,
            self.seconds,
            db.display()
        )
    }
}

/// Reads `paths` (files and folders) into the store at `db` (created if missing) with
/// `threads` analysis threads, `batch` documents per transaction; documents already stored
/// are not analysed again, unreadable inputs are recorded with their reason. `progress` gets
/// the running totals after each input; an error from it stops the ingest (documents stored
/// so far stay) and is returned.
pub fn ingest(
    pipeline: &Pipeline,
    paths: &[PathBuf],
    db: &Path,
    batch: usize,
    threads: usize,
    mut progress: impl FnMut(Tally) -> Result<(), String>,
) -> Result<IngestSummary, String> {
    let batch = batch.max(1);
    let mut store = Store::open(db).map_err(|e| e.to_string())?;
    // A second connection on the reader thread skips documents already stored before analysing them.
    let known = Store::open(db).map_err(|e| e.to_string())?;
    let started = Instant::now();
    let mut s = IngestSummary::default();
    let mut tally = Tally::default();
    let mut reasons: HashMap<String, usize> = HashMap::new();
    let mut pending: Vec<Analysis> = Vec::with_capacity(batch);
    let mut store_time = Duration::ZERO;
    let mut flush = |store: &mut Store, pending: &mut Vec<Analysis>, s: &mut IngestSummary| -> Result<(), String> {
        let t = Instant::now();
        let inserted = store.insert_batch(pending).map_err(|e| e.to_string())?;
        store_time += t.elapsed();
        s.added += inserted;
        s.already += pending.len() - inserted;
        pending.clear();
        Ok(())
    };
    let paths = paths.to_vec();
    parallel::run(
        pipeline,
        threads,
        move || Box::new(read_paths(&paths)),
        move |id| known.contains(id).unwrap_or(false),
        |a| a,
        |out| {
            match out {
                Output::Analysed(a) => {
                    s.read += 1;
                    s.sentences += a.sentences.len();
                    s.events += a.events.len();
                    tally.documents += 1;
                    tally.events += a.events.len() as u64;
                    pending.push(a);
                    if pending.len() >= batch {
                        flush(&mut store, &mut pending, &mut s)?;
                    }
                }
                Output::Skipped => {
                    s.read += 1;
                    s.already += 1;
                    tally.documents += 1;
                }
                Output::Rejected(r) => {
                    s.skipped += 1;
                    tally.skipped += 1;
                    *reasons.entry(short_reason(&r.reason)).or_default() += 1;
                    store.record_rejected(&r).map_err(|e| e.to_string())?;
                }
            }
            progress(tally)
        },
    )?;
    flush(&mut store, &mut pending, &mut s)?;
    s.reasons = reasons.into_iter().collect();
    s.reasons.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    s.seconds = started.elapsed().as_secs_f64();
    s.store_seconds = store_time.as_secs_f64();
    Ok(s)
}

/// A reason without its per-line detail, for the summary ("invalid JSON", "empty file").
fn short_reason(reason: &str) -> String {
    let r = reason.trim_start_matches(|c: char| c != ':' && !c.is_alphabetic());
    let r = if r.starts_with("line ") { r.split_once(": ").map(|x| x.1).unwrap_or(r) } else { r };
    r.split([':', '(']).next().unwrap_or(r).trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_reasons_drop_the_detail() {
        assert_eq!(short_reason("line 3: invalid JSON: expected value at column 1"), "invalid JSON");
        assert_eq!(short_reason("empty file"), "empty file");
        assert_eq!(short_reason("HTTP status 404, not 200 (https://x)"), "HTTP status 404, not 200");
    }

    #[test]
    fn ingest_counts_documents_events_and_skips_and_reports_progress() {
        let dir = std::env::temp_dir().join(format!("statecraft-runner-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let corpus = dir.join("in.jsonl");
        std::fs::write(&corpus, "{\"id\":\"a\",\"text\":\"Russia attacked Ukraine on Monday.\",\"date\":\"2025-03-04\"}\nnot json\n{\"id\":\"b\",\"text\":\"France praised Germany.\"}\n").unwrap();
        let db = dir.join("t.db");
        let pipeline = load_pipeline(&Setup::default()).unwrap();
        let mut calls = Vec::new();
        let s = ingest(&pipeline, std::slice::from_ref(&corpus), &db, 8, 2, |t| {
            calls.push(t);
            Ok(())
        })
        .unwrap();
        assert_eq!((s.read, s.added, s.already, s.skipped), (2, 2, 0, 1));
        assert!(s.events >= 1, "{s:?}");
        assert_eq!(s.reasons, vec![("invalid JSON".to_string(), 1)]);
        assert_eq!(calls.len(), 3);
        assert_eq!(calls.last().unwrap(), &Tally { documents: 2, events: s.events as u64, skipped: 1 });
        assert!(s.line(&db).starts_with("read 2 documents: 2 added, 0 already in store; 1 skipped (1 invalid JSON);"), "{}", s.line(&db));
        let again = ingest(&pipeline, std::slice::from_ref(&corpus), &db, 8, 1, |_| Ok(())).unwrap();
        let stopped = ingest(&pipeline, &[corpus], &dir.join("u.db"), 8, 1, |_| Err("stop".into()));
        assert_eq!(stopped, Err("stop".to_string()));
        assert_eq!((again.read, again.added, again.already), (2, 0, 2));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_missing_dictionary_is_named() {
        let Err(e) = load_pipeline(&Setup { dictionaries: vec!["/nonexistent/x.txt".into()], ..Setup::default() }) else { panic!("loaded a missing dictionary") };
        assert!(e.starts_with("cannot read dictionary /nonexistent/x.txt"), "{e}");
    }
}
