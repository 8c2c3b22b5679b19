//! `statecraft serve` (the HTTP API and dashboard of `statecraft-server` over a store opened
//! read-only) and `statecraft report` (the relation timeline of a pair as an SVG file).

use std::net::{SocketAddr, ToSocketAddrs};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use statecraft_model::parse_date;
use statecraft_server::{report, Options};
use statecraft_store::aggregate::{EventQuery, Interval};
use statecraft_store::Store;

fn usage(msg: String) -> Result<ExitCode, String> {
    eprintln!("statecraft: {msg}");
    Ok(ExitCode::from(2))
}

fn missing_db(db: &Path) -> String {
    format!("no database at {}; run 'statecraft ingest PATH --db {}' first", db.display(), db.display())
}

/// Runs the server until Ctrl-C. Binds loopback unless `addr` says otherwise.
pub fn serve(db: PathBuf, addr: &str, connections: usize, query_timeout: f64, issues: Option<PathBuf>) -> Result<ExitCode, String> {
    if !db.exists() {
        return usage(missing_db(&db));
    }
    let addr: SocketAddr = match addr.to_socket_addrs().ok().and_then(|mut a| a.next()) {
        Some(a) => a,
        None => return usage(format!("--addr {addr:?} is not an address; write HOST:PORT, e.g. 127.0.0.1:8080")),
    };
    if !addr.ip().is_loopback() {
        eprintln!(
            "statecraft: warning: serving on {addr}, reachable from other machines; the API is read-only and has no authentication"
        );
    }
    if !(query_timeout > 0.0 && query_timeout <= 3600.0) {
        return usage(format!("--query-timeout {query_timeout} must be a number of seconds above 0 and at most 3600"));
    }
    let query_limit = std::time::Duration::from_secs_f64(query_timeout);
    let options = Options { db: db.clone(), addr, connections: connections.clamp(1, 64), threads: 2, query_limit, issues };
    statecraft_server::serve(&options, |bound| {
        println!("statecraft: serving {} read-only at http://{bound}/ (API at http://{bound}/api); Ctrl-C stops", db.display());
    })?;
    Ok(ExitCode::SUCCESS)
}

/// Writes the timeline of `pair` (`USA,RUS`) to `output` as SVG.
pub fn report(
    db: PathBuf,
    pair: &str,
    since: Option<&str>,
    until: Option<&str>,
    interval: &str,
    directed: bool,
    output: PathBuf,
) -> Result<ExitCode, String> {
    let parts: Vec<String> = pair.split(',').map(|s| s.trim().to_ascii_uppercase()).collect();
    let [a, b] = parts.as_slice() else {
        return usage(format!("--pair {pair:?} must be two actor codes separated by a comma, e.g. USA,RUS"));
    };
    if a.is_empty() || b.is_empty() || a == b {
        return usage(format!("--pair {pair:?} must name two different actors, e.g. USA,RUS"));
    }
    let mut dates = [None, None];
    for (slot, (flag, value)) in dates.iter_mut().zip([("--since", since), ("--until", until)]) {
        if let Some(v) = value {
            match parse_date(v) {
                Some(d) => *slot = Some(d),
                None => return usage(format!("{flag} {v:?} is not a date; write YYYY-MM-DD")),
            }
        }
    }
    let [since, until] = dates;
    if let (Some(s), Some(u)) = (since, until) {
        if s > u {
            return usage(format!("--since {s} is after --until {u}"));
        }
    }
    let Some(interval) = Interval::parse(interval) else {
        return usage(format!("--interval {interval:?} must be day, week or month"));
    };
    match output.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
        Some("svg") => {}
        Some("png") => {
            return usage(format!(
                "--output {}: PNG is not supported; write .svg (browsers, Inkscape and `rsvg-convert -o out.png in.svg` open it)",
                output.display()
            ))
        }
        _ => return usage(format!("--output {} must end in .svg", output.display())),
    }
    if !db.exists() {
        return usage(missing_db(&db));
    }
    let store = Store::open_read_only(&db).map_err(|e| e.to_string())?;
    let q = EventQuery {
        pair: Some((a.clone(), b.clone())),
        directed,
        since,
        until,
        polarities: vec!["asserted".into(), "threatened".into(), "proposed".into()],
        ..EventQuery::default()
    };
    let series = store.dyad_series(&q, interval).map_err(|e| e.to_string())?;
    let svg = report::timeline_svg(&series, since, until);
    std::fs::write(&output, svg).map_err(|e| format!("cannot write {}: {e}", output.display()))?;
    println!(
        "wrote {}: {a}-{b}, {} {}s with events, {} events (each story once), mean Goldstein {:+.2}",
        output.display(),
        series.points.len(),
        interval.as_str(),
        series.events,
        series.goldstein_mean
    );
    Ok(ExitCode::SUCCESS)
}
