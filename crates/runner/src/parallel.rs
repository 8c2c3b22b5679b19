//! Runs the pipeline over a stream of source items on several threads, in bounded memory,
//! handing results to one sink in input order.
//!
//! One reader thread pulls items from the source and groups them into numbered chunks; worker
//! threads analyse chunks; the calling thread receives results, restores input order with a
//! small reorder buffer and calls the sink (the SQLite writer or standard output). Channels
//! are bounded, so at most a few chunks per worker are in memory whatever the corpus size.

use std::collections::BTreeMap;
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::{Arc, Mutex};

use statecraft_model::{Analysis, Document, Rejected};
use statecraft_pipeline::Pipeline;
use statecraft_readers::Item;

/// Documents per chunk handed to a worker.
const CHUNK: usize = 16;

/// What the reader hands the workers.
enum Work {
    Doc(Document),
    Rejected(Rejected),
    Skipped,
}

/// What the sink receives, in input order; `T` is what `prepare` made of an analysis.
pub enum Output<T> {
    Analysed(T),
    Rejected(Rejected),
    /// A document the `skip` test said is already done (e.g. already in the store).
    Skipped,
}

/// Number of worker threads to use when the user gives none: all available cores.
pub fn default_threads() -> usize {
    std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)
}

/// Analyse every item from `source` with `threads` workers; `skip` is asked on the reader
/// thread whether a document can be left out; `prepare` runs on the workers to turn each
/// analysis into what the sink needs (e.g. serialised events); `sink` gets every result in
/// input order. Stops at the first sink error and returns it.
pub fn run<'a, S, K, P, T, F>(pipeline: &Pipeline, threads: usize, source: S, skip: K, prepare: P, mut sink: F) -> Result<(), String>
where
    S: FnOnce() -> Box<dyn Iterator<Item = Item> + 'a> + Send,
    K: FnMut(&str) -> bool + Send,
    P: Fn(Analysis) -> T + Sync,
    T: Send,
    F: FnMut(Output<T>) -> Result<(), String>,
{
    let threads = threads.max(1);
    let (chunk_tx, chunk_rx) = sync_channel::<(u64, Vec<Work>)>(threads * 2);
    let (done_tx, done_rx) = sync_channel::<(u64, Vec<Output<T>>)>(threads * 2);
    let prepare = &prepare;
    let chunk_rx = Arc::new(Mutex::new(chunk_rx));
    // Tickets bound the chunks in flight (read, analysing, or waiting to be delivered in order),
    // so a slow chunk cannot make the reorder buffer grow.
    let window = threads * 4;
    let (ticket_tx, ticket_rx) = sync_channel::<()>(window);
    for _ in 0..window {
        ticket_tx.send(()).expect("the ticket channel holds the whole window");
    }
    std::thread::scope(|scope| {
        scope.spawn(move || {
            let mut skip = skip;
            let mut seq = 0u64;
            let mut chunk = Vec::with_capacity(CHUNK);
            for item in source() {
                chunk.push(match item {
                    Item::Doc(d) if skip(&d.id) => Work::Skipped,
                    Item::Doc(d) => Work::Doc(d),
                    Item::Rejected(r) => Work::Rejected(r),
                });
                if chunk.len() == CHUNK {
                    if ticket_rx.recv().is_err() || chunk_tx.send((seq, std::mem::take(&mut chunk))).is_err() {
                        return; // the sink stopped
                    }
                    seq += 1;
                }
            }
            if !chunk.is_empty() && ticket_rx.recv().is_ok() {
                let _ = chunk_tx.send((seq, chunk));
            }
        });
        for _ in 0..threads {
            let rx = Arc::clone(&chunk_rx);
            let tx = done_tx.clone();
            scope.spawn(move || loop {
                let next = { rx.lock().map(|r| r.recv()) };
                let Ok(Ok((seq, items))) = next else { return };
                let out = items
                    .into_iter()
                    .map(|work| match work {
                        Work::Doc(d) => Output::Analysed(prepare(pipeline.analyse(d))),
                        Work::Rejected(r) => Output::Rejected(r),
                        Work::Skipped => Output::Skipped,
                    })
                    .collect();
                if tx.send((seq, out)).is_err() {
                    return;
                }
            });
        }
        drop(done_tx);
        let result = deliver(done_rx, &ticket_tx, &mut sink);
        // On error, dropping the receiver ends the workers, which ends the reader.
        result
    })
}

fn deliver<T, F: FnMut(Output<T>) -> Result<(), String>>(
    rx: Receiver<(u64, Vec<Output<T>>)>,
    tickets: &SyncSender<()>,
    sink: &mut F,
) -> Result<(), String> {
    let mut pending: BTreeMap<u64, Vec<Output<T>>> = BTreeMap::new();
    let mut next = 0u64;
    for (seq, out) in rx {
        pending.insert(seq, out);
        while let Some(batch) = pending.remove(&next) {
            for o in batch {
                sink(o)?;
            }
            let _ = tickets.try_send(());
            next += 1;
        }
    }
    Ok(())
}

/// Peak resident memory of this process in bytes (Linux), for benchmark reports.
pub fn peak_rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}
