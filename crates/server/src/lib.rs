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
pub mod report;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use statecraft_store::{Store, StoreError};

/// A few read-only connections to one store, shared by the request handlers.
pub struct Db {
    conns: Vec<Mutex<Store>>,
    next: AtomicUsize,
}

impl Db {
    /// Opens `connections` (at least one) read-only connections to the store at `path`.
    pub fn open(path: &Path, connections: usize) -> Result<Db, StoreError> {
        let mut conns = Vec::new();
        for _ in 0..connections.max(1) {
            conns.push(Mutex::new(Store::open_read_only(path)?));
        }
        Ok(Db { conns, next: AtomicUsize::new(0) })
    }

    /// Wraps already open stores (tests use in-memory ones).
    pub fn from_stores(stores: Vec<Store>) -> Option<Db> {
        if stores.is_empty() {
            return None;
        }
        Some(Db { conns: stores.into_iter().map(Mutex::new).collect(), next: AtomicUsize::new(0) })
    }

    /// Runs `f` on a free connection (or waits for one). Call from a blocking thread.
    pub fn with<T>(&self, f: impl FnOnce(&Store) -> T) -> T {
        for c in &self.conns {
            if let Ok(guard) = c.try_lock() {
                return f(&guard);
            }
        }
        let i = self.next.fetch_add(1, Ordering::Relaxed) % self.conns.len();
        // A panic while holding a connection leaves the connection usable: SQLite has no
        // half-done state for a read.
        let guard: MutexGuard<'_, Store> = self.conns[i].lock().unwrap_or_else(PoisonError::into_inner);
        f(&guard)
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
}

/// Opens the store, binds `options.addr`, calls `ready` with the bound address and serves until
/// Ctrl-C (or SIGTERM). Errors are worded for the person running the command.
pub fn serve(options: &Options, ready: impl FnOnce(SocketAddr)) -> Result<(), String> {
    let db = Db::open(&options.db, options.connections).map_err(|e| e.to_string())?;
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
