//! `statecraft._native`: the compiled half of the Python package `statecraft`.
//!
//! It codes documents, ingests files and reads the store with the same code as the command line
//! (`statecraft-runner`, `statecraft-store`) and hands tables to Python as Arrow IPC stream
//! bytes built by `statecraft-tables`, which `statecraft/__init__.py` opens with pyarrow. The
//! GIL is released while Rust works; the progress callback and Ctrl-C are served from the
//! thread that called, a few times a second.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use pyo3::create_exception;
use pyo3::exceptions::{PyException, PyUserWarning};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict};
use statecraft_model::{parse_date, Event};
use statecraft_pipeline::Pipeline;
use statecraft_readers::read_json_lines;
use statecraft_runner::parallel::{self, Output};
use statecraft_runner::{load_pipeline, Setup, Tally};
use statecraft_store::aggregate::{EventQuery, Interval};
use statecraft_store::{EventFilter, Store, COUNTED_POLARITIES};
use statecraft_tables::{ipc_stream, Record, Table};

create_exception!(statecraft, StatecraftError, PyException, "An error reported by Statecraft (the message is the command line's).");
create_exception!(
    statecraft,
    StatecraftWarning,
    PyUserWarning,
    "A record that could not be read and was skipped; the message says which record and why, as the command line's."
);

/// Rows per Arrow record batch.
const BATCH: usize = 8192;
/// How often the progress callback is called and Ctrl-C looked for during a long call.
const TICK: Duration = Duration::from_millis(200);

fn error(message: impl Into<String>) -> PyErr {
    StatecraftError::new_err(message.into())
}

/// The shipped pipeline, loaded once per process. With extra dictionaries, the last pipeline
/// loaded with them is kept while the files hold the same bytes, so a loop of calls with the
/// same dictionaries compiles them once (reading them again is cheap; their times are too
/// coarse to tell a quick edit).
fn pipeline(dictionaries: Vec<PathBuf>) -> Result<Arc<Pipeline>, String> {
    static SHIPPED: OnceLock<Arc<Pipeline>> = OnceLock::new();
    static WITH_DICTIONARIES: Mutex<Option<(Vec<Stamp>, Arc<Pipeline>)>> = Mutex::new(None);
    if dictionaries.is_empty() {
        if let Some(p) = SHIPPED.get() {
            return Ok(Arc::clone(p));
        }
        let p = Arc::new(load_pipeline(&Setup::default())?);
        return Ok(Arc::clone(SHIPPED.get_or_init(|| p)));
    }
    // A file that cannot be read has no stamp: loading says what is wrong with it.
    let stamps: Option<Vec<Stamp>> = dictionaries.iter().map(|p| Stamp::of(p)).collect();
    // A poisoned lock only means another thread panicked while swapping the cache: start afresh.
    let mut cache = WITH_DICTIONARIES.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if let (Some(stamps), Some((cached, p))) = (&stamps, cache.as_ref()) {
        if stamps == cached {
            return Ok(Arc::clone(p));
        }
    }
    let p = Arc::new(load_pipeline(&Setup { dictionaries, ..Setup::default() })?);
    *cache = stamps.map(|s| (s, Arc::clone(&p)));
    Ok(p)
}

/// A dictionary file as it was when loaded.
#[derive(PartialEq)]
struct Stamp {
    path: PathBuf,
    bytes: Vec<u8>,
}

impl Stamp {
    fn of(path: &Path) -> Option<Stamp> {
        Some(Stamp { path: path.to_path_buf(), bytes: std::fs::read(path).ok()? })
    }
}

fn threads_or_default(threads: Option<usize>) -> PyResult<usize> {
    match threads {
        Some(0) => Err(error("threads must be 1 or more (or None for all cores)")),
        Some(n) => Ok(n),
        None => Ok(parallel::default_threads()),
    }
}

/// Calls the progress callback with `counts` and checks for Ctrl-C, at most every [`TICK`]
/// (and always when `last`); keeps the first Python error, which stops the run.
struct Ticker {
    callback: Option<Py<PyAny>>,
    next: Instant,
    failed: Option<PyErr>,
}

impl Ticker {
    fn new(callback: Option<Py<PyAny>>) -> Ticker {
        Ticker { callback, next: Instant::now() + TICK, failed: None }
    }

    /// `Err` when the run must stop (the callback raised, or Ctrl-C).
    fn tick(&mut self, counts: &[(&str, u64)], last: bool) -> Result<(), String> {
        let now = Instant::now();
        if !last && now < self.next {
            return Ok(());
        }
        self.next = now + TICK;
        let outcome = Python::attach(|py| -> PyResult<()> {
            py.check_signals()?;
            if let Some(cb) = &self.callback {
                let d = PyDict::new(py);
                for (k, v) in counts {
                    d.set_item(*k, *v)?;
                }
                cb.call1(py, (d,))?;
            }
            Ok(())
        });
        outcome.map_err(|e| {
            self.failed = Some(e);
            "stopped from Python".to_string()
        })
    }

    /// The Python error that stopped the run, else `message` as a `StatecraftError`.
    fn into_error(self, message: String) -> PyErr {
        self.failed.unwrap_or_else(|| error(message))
    }
}

/// Records skipped by `code_jsonl`: (record number from 1, reason).
type Skipped = Vec<(u64, String)>;

/// Codes JSON-lines records (the input of `statecraft code`, one non-blank line per record) on
/// `threads` threads. Returns the events as Arrow IPC stream bytes, in input order, and the
/// records that could not be read as `(record number from 1, reason)`: like the command line,
/// they are skipped and the run goes on.
#[pyfunction]
#[pyo3(signature = (jsonl, total, threads=None, dictionaries=Vec::new(), progress=None))]
fn code_jsonl<'py>(
    py: Python<'py>,
    jsonl: &Bound<'py, PyBytes>,
    total: u64,
    threads: Option<usize>,
    dictionaries: Vec<PathBuf>,
    progress: Option<Py<PyAny>>,
) -> PyResult<(Bound<'py, PyBytes>, Skipped)> {
    let threads = threads_or_default(threads)?;
    let bytes: &[u8] = jsonl.as_bytes();
    let mut ticker = Ticker::new(progress);
    let result = py.detach(|| -> Result<(Vec<u8>, Skipped), String> {
        let pipeline = pipeline(dictionaries)?;
        let mut table = Table::<Event>::new();
        let mut batches = Vec::new();
        let mut skipped = Vec::new();
        let (mut records, mut documents, mut events) = (0u64, 0u64, 0u64);
        let counts = |documents, events, skipped: &Vec<_>| {
            [("documents", documents), ("total", total), ("events", events), ("skipped", skipped.len() as u64)]
        };
        // No records: an empty table (the reader would call empty input an empty file).
        let source = if bytes.is_empty() { None } else { Some(bytes) };
        parallel::run(
            &pipeline,
            threads,
            move || match source {
                Some(bytes) => Box::new(read_json_lines("records", bytes)),
                None => Box::new(std::iter::empty()),
            },
            |_| false,
            |a| a.events,
            |out| {
                // Every non-blank line gives one output, in input order.
                records += 1;
                match out {
                    Output::Analysed(evs) => {
                        documents += 1;
                        events += evs.len() as u64;
                        for e in &evs {
                            table.push(e);
                        }
                        if table.rows() >= BATCH {
                            batches.push(table.finish());
                        }
                    }
                    Output::Rejected(r) => {
                        let prefix = format!("line {records}: ");
                        let reason = r.reason.strip_prefix(&prefix).unwrap_or(&r.reason);
                        let reason = reason.strip_suffix(", skipped").unwrap_or(reason);
                        skipped.push((records, reason.to_string()));
                    }
                    Output::Skipped => {}
                }
                ticker.tick(&counts(documents, events, &skipped), false)
            },
        )?;
        ticker.tick(&counts(documents, events, &skipped), true)?;
        if table.rows() > 0 || batches.is_empty() {
            batches.push(table.finish());
        }
        Ok((ipc_stream(&table.schema(), &batches)?, skipped))
    });
    match result {
        Ok((ipc, skipped)) => Ok((PyBytes::new(py, &ipc), skipped)),
        Err(message) => Err(ticker.into_error(message)),
    }
}

/// Reads files and folders into the store at `db` and returns the summary `statecraft ingest`
/// prints, as a dict.
#[pyfunction]
#[pyo3(signature = (paths, db, threads=None, batch=64, dictionaries=Vec::new(), progress=None))]
fn ingest<'py>(
    py: Python<'py>,
    paths: Vec<PathBuf>,
    db: PathBuf,
    threads: Option<usize>,
    batch: usize,
    dictionaries: Vec<PathBuf>,
    progress: Option<Py<PyAny>>,
) -> PyResult<Bound<'py, PyDict>> {
    let threads = threads_or_default(threads)?;
    if paths.is_empty() {
        return Err(error("no paths given: name the files or folders to read"));
    }
    let mut ticker = Ticker::new(progress);
    let result = py.detach(|| {
        let pipeline = pipeline(dictionaries)?;
        let counts = |t: Tally| [("documents", t.documents), ("events", t.events), ("skipped", t.skipped)];
        let mut last = Tally::default();
        let summary = statecraft_runner::ingest(&pipeline, &paths, &db, batch, threads, |t| {
            last = t;
            ticker.tick(&counts(t), false)
        })?;
        ticker.tick(&counts(last), true)?;
        Ok(summary)
    });
    let s = result.map_err(|message| ticker.into_error(message))?;
    if s.read == 0 {
        return Err(error(format!(
            "{}\nno document was read from the given paths; check them (Store(db) and `statecraft export rejects` list why each was skipped)",
            s.line(&db)
        )));
    }
    let d = PyDict::new(py);
    d.set_item("read", s.read)?;
    d.set_item("added", s.added)?;
    d.set_item("already", s.already)?;
    d.set_item("skipped", s.skipped)?;
    d.set_item("reasons", s.reasons.iter().cloned().collect::<std::collections::BTreeMap<_, _>>())?;
    d.set_item("sentences", s.sentences)?;
    d.set_item("events", s.events)?;
    d.set_item("seconds", s.seconds)?;
    d.set_item("db", db.display().to_string())?;
    d.set_item("summary", s.line(&db))?;
    Ok(d)
}

fn date(name: &str, value: Option<&str>) -> PyResult<Option<NaiveDate>> {
    value.map(|s| parse_date(s).ok_or_else(|| error(format!("{name} {s:?} is not a date; write YYYY-MM-DD")))).transpose()
}

/// A store (the SQLite file `ingest` writes) opened read-only; every table as Arrow IPC stream
/// bytes, which `statecraft.Store` opens with pyarrow.
#[pyclass(module = "statecraft._native", name = "Store")]
struct NativeStore {
    store: Mutex<Store>,
    path: PathBuf,
}

impl NativeStore {
    /// Runs `query` on the store with the GIL released and returns its rows as IPC bytes.
    fn table<'py, R: Record>(&self, py: Python<'py>, query: impl FnOnce(&Store, &mut dyn FnMut(R) -> Result<(), statecraft_store::StoreError>) -> Result<(), statecraft_store::StoreError> + Send) -> PyResult<Bound<'py, PyBytes>> {
        let ipc = py.detach(|| -> Result<Vec<u8>, String> {
            let store = self.store.lock().map_err(|_| "the store was left in a failed state by another thread".to_string())?;
            let mut table = Table::<R>::new();
            let mut batches = Vec::new();
            query(&store, &mut |r| {
                table.push(&r);
                if table.rows() >= BATCH {
                    batches.push(table.finish());
                }
                Ok(())
            })
            .map_err(|e| e.to_string())?;
            if table.rows() > 0 || batches.is_empty() {
                batches.push(table.finish());
            }
            ipc_stream(&table.schema(), &batches)
        });
        ipc.map(|b| PyBytes::new(py, &b)).map_err(error)
    }
}

#[pymethods]
impl NativeStore {
    /// Opens the store at `path` read-only, as `statecraft serve` and `export` do.
    #[new]
    fn open(path: PathBuf) -> PyResult<NativeStore> {
        if !path.exists() {
            return Err(error(format!("no database at {}; run statecraft.ingest(PATHS, db={:?}) or 'statecraft ingest PATH --db {}' first", path.display(), path.display().to_string(), path.display())));
        }
        let store = Store::open_read_only(&path).map_err(|e| error(e.to_string()))?;
        Ok(NativeStore { store: Mutex::new(store), path })
    }

    /// The database file.
    #[getter]
    fn path(&self) -> String {
        self.path.display().to_string()
    }

    /// Stored events in the order they were stored, filtered as `statecraft export events`:
    /// `actor` (source or target code, organisation or name), `since`/`until` (YYYY-MM-DD,
    /// inclusive), `event` (PLOVER category or CAMEO prefix), `doc` (a document id).
    #[pyo3(signature = (actor=None, since=None, until=None, event=None, doc=None))]
    fn events<'py>(&self, py: Python<'py>, actor: Option<String>, since: Option<&str>, until: Option<&str>, event: Option<String>, doc: Option<String>) -> PyResult<Bound<'py, PyBytes>> {
        let filter = EventFilter { actor, since: date("since", since)?, until: date("until", until)?, event, doc, min_confidence: None };
        self.table::<Event>(py, move |s, each| s.events(&filter, each))
    }

    /// Stored documents in the order they were stored, published between `since` and `until`.
    #[pyo3(signature = (since=None, until=None))]
    fn documents<'py>(&self, py: Python<'py>, since: Option<&str>, until: Option<&str>) -> PyResult<Bound<'py, PyBytes>> {
        let filter = EventFilter { since: date("since", since)?, until: date("until", until)?, ..EventFilter::default() };
        self.table::<statecraft_store::DocumentRow>(py, move |s, each| s.documents(&filter, each))
    }

    /// Every actor identity seen, with its mentions and events as source and as target.
    fn actors<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        self.table::<statecraft_store::ActorRow>(py, |s, each| s.actors(each))
    }

    /// Quotations with their speakers; `speaker` matches the speaker's code or name.
    #[pyo3(signature = (speaker=None, since=None, until=None))]
    fn quotes<'py>(&self, py: Python<'py>, speaker: Option<String>, since: Option<&str>, until: Option<&str>) -> PyResult<Bound<'py, PyBytes>> {
        let filter = EventFilter { actor: speaker, since: date("since", since)?, until: date("until", until)?, ..EventFilter::default() };
        self.table::<statecraft_model::Quote>(py, move |s, each| s.quotes(&filter, each))
    }

    /// The relation of `a` and `b` over time, one row per `day`, `week` or `month`, as the
    /// dashboard's timeline (either direction unless `directed`).
    #[pyo3(signature = (a, b, interval="week", since=None, until=None, directed=false))]
    #[allow(clippy::too_many_arguments)] // the keyword arguments of the Python method
    fn dyad<'py>(&self, py: Python<'py>, a: String, b: String, interval: &str, since: Option<&str>, until: Option<&str>, directed: bool) -> PyResult<Bound<'py, PyBytes>> {
        let Some(interval) = Interval::parse(interval) else {
            return Err(error(format!("interval {interval:?} must be day, week or month")));
        };
        let q = EventQuery {
            pair: Some((a, b)),
            directed,
            since: date("since", since)?,
            until: date("until", until)?,
            polarities: COUNTED_POLARITIES.iter().map(|p| p.to_string()).collect(),
            ..EventQuery::default()
        };
        self.table::<statecraft_store::aggregate::DyadPoint>(py, move |s, each| {
            for p in s.dyad_series(&q, interval)?.points {
                each(p)?;
            }
            Ok(())
        })
    }
}

/// The compiled half of the Python package `statecraft`: coding, ingest and the store, tables as
/// Arrow IPC stream bytes. Use the package `statecraft`, which wraps them as pyarrow tables.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("StatecraftError", m.py().get_type::<StatecraftError>())?;
    m.add("StatecraftWarning", m.py().get_type::<StatecraftWarning>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_function(wrap_pyfunction!(code_jsonl, m)?)?;
    m.add_function(wrap_pyfunction!(ingest, m)?)?;
    m.add_class::<NativeStore>()?;
    Ok(())
}
