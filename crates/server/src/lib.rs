//! Statecraft's HTTP server (`statecraft serve`): a JSON API over a store opened read-only and
//! a web dashboard (relation timeline, actor network, event explorer with every event traced to
//! its sentence, quotes, document search) whose HTML, CSS and JavaScript are compiled into the
//! binary, so it works offline. Also the timeline as a standalone SVG file ([`report`]), which
//! `statecraft report` writes and the dashboard shows.
//!
//! The server is axum on a small tokio runtime. Database work runs on blocking threads over a
//! few read-only SQLite connections; every parameter is validated (a bad one is a 400 with a
//! JSON message) and every page of results is bounded ([`api::MAX_LIMIT`]).

pub mod api;
mod assets;
pub mod negotiation;
pub mod report;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use statecraft_store::{Interrupter, Store, StoreError};

/// How long a query may run before it is stopped and answered 503 (`serve --query-timeout`).
pub const DEFAULT_QUERY_LIMIT: Duration = Duration::from_secs(10);

/// A few read-only connections to one store, shared by the request handlers. A query runs
/// for a request ([`Running`]) and is stopped when its client goes away or it runs past
/// the time limit, so abandoned work does not hold a connection others wait for.
pub struct Db {
    conns: Vec<Mutex<Store>>,
    interrupters: Vec<Interrupter>,
    next: AtomicUsize,
    limit: Duration,
    stopped: AtomicU64,
    asked: AtomicU64,
    /// The issue file of the negotiation view (`serve --issues`), if one was given.
    issues: Option<Arc<statecraft_bargain::space::IssueSpace>>,
}

/// One request's query: the connection it holds while it runs, and whether it was cancelled.
#[derive(Default)]
pub struct Running {
    conn: Mutex<Option<usize>>,
    cancelled: AtomicBool,
}

impl Db {
    /// Opens `connections` (at least one) read-only connections to the store at `path`.
    pub fn open(path: &Path, connections: usize) -> Result<Db, StoreError> {
        let mut stores = Vec::new();
        for _ in 0..connections.max(1) {
            stores.push(Store::open_read_only(path)?);
        }
        Ok(Db::new(stores))
    }

    /// Wraps already open stores (tests use in-memory ones).
    pub fn from_stores(stores: Vec<Store>) -> Option<Db> {
        (!stores.is_empty()).then(|| Db::new(stores))
    }

    fn new(stores: Vec<Store>) -> Db {
        let interrupters = stores.iter().map(Store::interrupter).collect();
        Db {
            conns: stores.into_iter().map(Mutex::new).collect(),
            interrupters,
            next: AtomicUsize::new(0),
            limit: DEFAULT_QUERY_LIMIT,
            stopped: AtomicU64::new(0),
            asked: AtomicU64::new(0),
            issues: None,
        }
    }

    /// Sets the issue file the negotiation view (`/api/negotiation`) reads positions for.
    pub fn with_issues(mut self, issues: statecraft_bargain::space::IssueSpace) -> Db {
        self.issues = Some(Arc::new(issues));
        self
    }

    /// The negotiation view's issue file, if any.
    pub fn issues(&self) -> Option<&statecraft_bargain::space::IssueSpace> {
        self.issues.as_deref()
    }

    /// Sets how long one query may run.
    pub fn with_query_limit(mut self, limit: Duration) -> Db {
        self.limit = limit;
        self
    }

    /// How long one query may run.
    pub fn query_limit(&self) -> Duration {
        self.limit
    }

    /// How many queries were stopped or kept from starting (client gone, or past the time
    /// limit).
    pub fn stopped(&self) -> u64 {
        self.stopped.load(Ordering::Relaxed)
    }

    /// How many queries were asked for (started, or cancelled before they could start).
    pub fn asked(&self) -> u64 {
        self.asked.load(Ordering::Relaxed)
    }

    /// Runs `f` for `running` on a free connection (or waits for one); `None` when the query
    /// was cancelled before it started. Call from a blocking thread.
    pub fn run<T>(&self, running: &Running, f: impl FnOnce(&Store) -> T) -> Option<T> {
        self.asked.fetch_add(1, Ordering::Relaxed);
        if running.cancelled.load(Ordering::Relaxed) {
            return None;
        }
        let (i, guard) = self.connection();
        {
            let mut slot = running.conn.lock().unwrap_or_else(PoisonError::into_inner);
            if running.cancelled.load(Ordering::Relaxed) {
                return None;
            }
            *slot = Some(i);
        }
        let out = f(&guard);
        // Cleared before the connection is released: a late cancel cannot stop the next query.
        *running.conn.lock().unwrap_or_else(PoisonError::into_inner) = None;
        Some(out)
    }

    /// Stops `running`'s query if it is running, and keeps it from starting if not.
    pub fn cancel(&self, running: &Running) {
        let slot = running.conn.lock().unwrap_or_else(PoisonError::into_inner);
        if running.cancelled.swap(true, Ordering::Relaxed) {
            return;
        }
        self.stopped.fetch_add(1, Ordering::Relaxed);
        if let Some(i) = *slot {
            self.interrupters[i].interrupt();
        }
    }

    fn connection(&self) -> (usize, MutexGuard<'_, Store>) {
        for (i, c) in self.conns.iter().enumerate() {
            if let Ok(guard) = c.try_lock() {
                return (i, guard);
            }
        }
        let i = self.next.fetch_add(1, Ordering::Relaxed) % self.conns.len();
        // A panic while holding a connection leaves the connection usable: SQLite has no
        // half-done state for a read.
        (i, self.conns[i].lock().unwrap_or_else(PoisonError::into_inner))
    }
}

/// How to run the server.
#[derive(Debug, Clone)]
pub struct Options {
    pub db: PathBuf,
    pub addr: SocketAddr,
    /// Read-only database connections (and so queries run at once).
    pub connections: usize,
    /// Worker threads of the async runtime.
    pub threads: usize,
    /// How long one query may run before it is stopped.
    pub query_limit: Duration,
    /// The issue file (TOML) of the negotiation view, if any.
    pub issues: Option<PathBuf>,
}

/// Opens the store, binds `options.addr`, calls `ready` with the bound address and serves until
/// Ctrl-C (or SIGTERM). Errors are worded for the person running the command.
pub fn serve(options: &Options, ready: impl FnOnce(SocketAddr)) -> Result<(), String> {
    let mut db = Db::open(&options.db, options.connections).map_err(|e| e.to_string())?.with_query_limit(options.query_limit);
    if let Some(path) = &options.issues {
        let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read issue file {}: {e}", path.display()))?;
        db = db.with_issues(statecraft_bargain::space::IssueSpace::parse(&text, &path.display().to_string())?);
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(options.threads.max(1))
        .max_blocking_threads(options.connections.max(1) * 2)
        .enable_io()
        .enable_time()
        .build()
        .map_err(|e| format!("cannot start the server runtime: {e}"))?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(options.addr)
            .await
            .map_err(|e| format!("cannot listen on {}: {e}; choose another --addr", options.addr))?;
        let local = listener.local_addr().map_err(|e| format!("cannot read the bound address: {e}"))?;
        ready(local);
        axum::serve(listener, api::router(Arc::new(db)))
            .with_graceful_shutdown(shutdown_signal())
            .await
            .map_err(|e| format!("server stopped: {e}"))
    })
}

/// Resolves on Ctrl-C or, on Unix, SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}
