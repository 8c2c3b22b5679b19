//! A bounded load test of a running `statecraft serve`, on loopback only: `--requests N` GET
//! requests (at most 200,000) spread over `--connections C` keep-alive connections, cycling
//! through the given paths; prints requests per second and latency percentiles.
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
    let (mut requests, mut connections) = (2000usize, 4usize);
    let mut paths = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        match a.as_str() {
            "--addr" => addr = value("--addr")?.parse().map_err(|e| format!("--addr: {e}"))?,
            "--requests" => requests = value("--requests")?.parse().map_err(|e| format!("--requests: {e}"))?,
            "--connections" => connections = value("--connections")?.parse().map_err(|e| format!("--connections: {e}"))?,
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
    let started = Instant::now();
    let workers: Vec<_> = (0..connections)
        .map(|w| {
            let paths = paths.clone();
            let share = requests / connections + usize::from(w < requests % connections);
            std::thread::spawn(move || worker(addr, &paths, w, share))
        })
        .collect();
    let mut latencies = Vec::with_capacity(requests);
    let mut bytes = 0usize;
    for w in workers {
        let (l, b) = w.join().map_err(|_| "a worker thread panicked".to_string())??;
        latencies.extend(l);
        bytes += b;
    }
    let elapsed = started.elapsed().as_secs_f64();
    latencies.sort();
    let pct = |p: f64| {
        let i = ((latencies.len() as f64 * p).ceil() as usize).clamp(1, latencies.len()) - 1;
        latencies[i].as_secs_f64() * 1000.0
    };
    println!(
        "loadtest: {} requests over {connections} connections in {elapsed:.2}s: {:.0} requests/s; latency p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms; {:.1} MB received",
        latencies.len(),
        latencies.len() as f64 / elapsed,
        pct(0.50),
        pct(0.99),
        pct(1.0),
        bytes as f64 / 1e6
    );
    Ok(())
}

/// Sends `n` requests on one keep-alive connection; returns their latencies and body bytes.
fn worker(addr: SocketAddr, paths: &[String], w: usize, n: usize) -> Result<(Vec<Duration>, usize), String> {
    let stream = TcpStream::connect(addr).map_err(|e| format!("cannot connect to {addr}: {e}"))?;
    stream.set_read_timeout(Some(Duration::from_secs(30))).map_err(|e| e.to_string())?;
    stream.set_nodelay(true).map_err(|e| e.to_string())?;
    let mut writer = stream.try_clone().map_err(|e| e.to_string())?;
    let mut reader = BufReader::new(stream);
    let mut out = Vec::with_capacity(n);
    let mut bytes = 0;
    for i in 0..n {
        let path = &paths[(w + i) % paths.len()];
        let t = Instant::now();
        write!(writer, "GET {path} HTTP/1.1\r\nHost: {addr}\r\n\r\n").map_err(|e| format!("write: {e}"))?;
        let mut status = String::new();
        reader.read_line(&mut status).map_err(|e| format!("read: {e}"))?;
        if !status.starts_with("HTTP/1.1 200") {
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
    }
    Ok((out, bytes))
}
