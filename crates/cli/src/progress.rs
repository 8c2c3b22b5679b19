//! The progress line of a long `ingest` on standard error: documents, rate, events, skips and
//! elapsed time, redrawn twice a second once the run has lasted a second. Off when standard
//! error is not a terminal (a pipe, a log file) or with `--quiet`.
//!
//! A thread of its own draws the line, so it keeps moving while a large document is analysed.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{channel, RecvTimeoutError, Sender};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use statecraft_runner::Tally;

/// How long a run goes before the line appears (`STATECRAFT_PROGRESS_AFTER_MS` overrides it,
/// for tests).
const SHOW_AFTER: Duration = Duration::from_secs(1);
const REDRAW: Duration = Duration::from_millis(500);

#[derive(Default)]
struct Counts {
    documents: AtomicU64,
    events: AtomicU64,
    skipped: AtomicU64,
    /// The line is on the screen and must be cleared at the end.
    shown: AtomicBool,
}

/// A running progress line; [`Progress::finish`] clears it.
pub struct Progress {
    counts: Arc<Counts>,
    stop: Option<Sender<()>>,
    drawer: Option<JoinHandle<()>>,
}

impl Progress {
    /// Starts the line unless `quiet` or standard error is not a terminal.
    pub fn start(quiet: bool) -> Progress {
        let counts = Arc::new(Counts::default());
        if quiet || !std::io::stderr().is_terminal() {
            return Progress { counts, stop: None, drawer: None };
        }
        let after = std::env::var("STATECRAFT_PROGRESS_AFTER_MS")
            .ok()
            .and_then(|v| v.parse().ok())
            .map(Duration::from_millis)
            .unwrap_or(SHOW_AFTER);
        let (tx, rx) = channel::<()>();
        let shared = Arc::clone(&counts);
        let drawer = std::thread::spawn(move || {
            let started = Instant::now();
            let mut wait = after;
            while let Err(RecvTimeoutError::Timeout) = rx.recv_timeout(wait) {
                wait = REDRAW;
                draw(&shared, started.elapsed());
            }
        });
        Progress { counts, stop: Some(tx), drawer: Some(drawer) }
    }

    /// Takes the running totals: documents read (stored or already there), their events,
    /// and skipped inputs.
    pub fn set(&self, t: Tally) {
        self.counts.documents.store(t.documents, Ordering::Relaxed);
        self.counts.events.store(t.events, Ordering::Relaxed);
        self.counts.skipped.store(t.skipped, Ordering::Relaxed);
    }

    /// Stops the line and clears it from the screen.
    pub fn finish(mut self) {
        self.stop_drawing();
    }

    fn stop_drawing(&mut self) {
        drop(self.stop.take());
        if let Some(d) = self.drawer.take() {
            let _ = d.join();
        }
        if self.counts.shown.load(Ordering::Relaxed) {
            eprint!("\r\x1b[2K");
            let _ = std::io::stderr().flush();
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.stop_drawing();
    }
}

fn draw(c: &Counts, elapsed: Duration) {
    let documents = c.documents.load(Ordering::Relaxed);
    let secs = elapsed.as_secs_f64().max(0.001);
    eprint!(
        "\r\x1b[2K  {documents} documents, {:.1}/s, {} events, {} skipped, {:.0}s",
        documents as f64 / secs,
        c.events.load(Ordering::Relaxed),
        c.skipped.load(Ordering::Relaxed),
        secs
    );
    let _ = std::io::stderr().flush();
    c.shown.store(true, Ordering::Relaxed);
}
