//! A bounded load test of a running `statecraft serve`, on loopback only: `--requests N` GET
//! requests (at most 200,000) spread over `--connections C` keep-alive connections (at most
//! 64), cycling through the given paths; prints requests per second and latency percentiles.
//! With `--abandon K`, K requests for `--abandon-path P` (default: the first path) are first
//! sent on connections closed 0.2 s later without reading the answer (clients that gave up),
//! so the figures show whether the requests measured wait behind them.
//!
//! ```sh
//! cargo run --release -p statecraft-server --example loadtest -- \
//!     --addr 127.0.0.1:8080 --requests 5000 --connections 8 /api/events "/api/events?pair=USA,RUS&limit=100"
//! ```

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::ExitCode;
use std::time::{Duration, Instant};

const MAX_REQUESTS: usize = 200_000;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("loadtest: {e}");
            ExitCode::from(1)
        }
    }
}

fn run() -> Result<(), String> {
    let mut addr: SocketAddr = "127.0.0.1:8080".parse().map_err(|e| format!("{e}"))?;
    let (mut requests, mut connections, mut abandon) = (2000usize, 4usize, 0usize);
    let mut abandon_path = String::new();
    let mut paths = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        match a.as_str() {
            "--addr" => addr = value("--addr")?.parse().map_err(|e| format!("--addr: {e}"))?,
            "--requests" => requests = value("--requests")?.parse().map_err(|e| format!("--requests: {e}"))?,
            "--connections" => connections = value("--connections")?.parse().map_err(|e| format!("--connections: {e}"))?,
            "--abandon" => abandon = value("--abandon")?.parse().map_err(|e| format!("--abandon: {e}"))?,
            "--abandon-path" => abandon_path = value("--abandon-path")?,
            p if p.starts_with('/') => paths.push(p.to_string()),
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    if !addr.ip().is_loopback() {
        return Err(format!("{addr} is not a loopback address; this tool only loads servers on this machine"));
    }
    if requests == 0 || requests > MAX_REQUESTS {
        return Err(format!("--requests must be 1 to {MAX_REQUESTS}"));
    }
    let connections = connections.clamp(1, 64).min(requests);
    if paths.is_empty() {
        paths.push("/api/events".to_string());
    }
    if abandon_path.is_empty() {
        abandon_path = paths[0].clone();
    }
    if abandon > 1000 {
        return Err("--abandon must be at most 1000".to_string());
    }
    let mut gave_up = Vec::new();
    for _ in 0..abandon {
        let mut s = TcpStream::connect(addr).map_err(|e| format!("cannot connect to {addr}: {e}"))?;
        write!(s, "GET {abandon_path} HTTP/1.1\r\nHost: {addr}\r\n\r\n").map_err(|e| format!("write: {e}"))?;
        gave_up.push(s);
    }
    if !gave_up.is_empty() {
        // They wait a moment, then leave without reading the answer.
        std::thread::sleep(Duration::from_millis(200));
        drop(gave_up);
    }
    let started = Instant::now();
    let workers: Vec<_> = (0..connections)
        .map(|w| {
            let paths = paths.clone();
            let share = requests / connections + usize::from(w < requests % connections);
            std::thread::spawn(move || worker(addr, &paths, w, share))
        })
        .collect();
    let mut latencies = Vec::with_capacity(requests);
    let (mut bytes, mut stopped) = (0usize, 0usize);
    for w in workers {
        let (l, b, f) = w.join().map_err(|_| "a worker thread panicked".to_string())??;
        latencies.extend(l);
        bytes += b;
        stopped += f;
    }
    let elapsed = started.elapsed().as_secs_f64();
    latencies.sort();
    let pct = |p: f64| {
        let i = ((latencies.len() as f64 * p).ceil() as usize).clamp(1, latencies.len()) - 1;
        latencies[i].as_secs_f64() * 1000.0
    };
    let after = if abandon > 0 { format!(" after {abandon} abandoned {abandon_path}") } else { String::new() };
    println!(
        "loadtest: {} {} requests over {connections} connections{after} in {elapsed:.2}s: {:.0} requests/s; latency p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms; {stopped} answered 503; {:.1} MB received",
        paths.join(" "),
        latencies.len(),
        latencies.len() as f64 / elapsed,
        pct(0.50),
        pct(0.99),
        pct(1.0),
        bytes as f64 / 1e6
    );
    Ok(())
}

/// Sends `n` requests on one keep-alive connection; returns their latencies, body bytes and
/// how many were answered 503 (stopped at the server's query time limit).
fn worker(addr: SocketAddr, paths: &[String], w: usize, n: usize) -> Result<(Vec<Duration>, usize, usize), String> {
    let stream = TcpStream::connect(addr).map_err(|e| format!("cannot connect to {addr}: {e}"))?;
    stream.set_read_timeout(Some(Duration::from_secs(30))).map_err(|e| e.to_string())?;
    stream.set_nodelay(true).map_err(|e| e.to_string())?;
    let mut writer = stream.try_clone().map_err(|e| e.to_string())?;
    let mut reader = BufReader::new(stream);
    let mut out = Vec::with_capacity(n);
    let (mut bytes, mut failed) = (0, 0);
    for i in 0..n {
        let path = &paths[(w + i) % paths.len()];
        let t = Instant::now();
        write!(writer, "GET {path} HTTP/1.1\r\nHost: {addr}\r\n\r\n").map_err(|e| format!("write: {e}"))?;
        let mut status = String::new();
        reader.read_line(&mut status).map_err(|e| format!("read: {e}"))?;
        let ok = status.starts_with("HTTP/1.1 200");
        if !ok && !status.starts_with("HTTP/1.1 503") {
            return Err(format!("{path}: {}", status.trim()));
        }
        let mut length = None;
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).map_err(|e| format!("read: {e}"))?;
            let l = line.trim_end();
            if l.is_empty() {
                break;
            }
            if let Some(v) = l.to_ascii_lowercase().strip_prefix("content-length:") {
                length = v.trim().parse::<usize>().ok();
            }
        }
        let length = length.ok_or_else(|| format!("{path}: response without Content-Length"))?;
        let mut body = vec![0u8; length];
        reader.read_exact(&mut body).map_err(|e| format!("read body: {e}"))?;
        out.push(t.elapsed());
        bytes += length;
        failed += usize::from(!ok);
    }
    Ok((out, bytes, failed))
}
