//! What a browser or a careless client must not be able to do: run script from an answer,
//! follow a `javascript:` link, or keep the store busy with queries nobody waits for.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::time::{Duration, Instant};

use statecraft_model::{Actor, Analysis, DatePrecision, DocStatus, Document, Event, Polarity, Sentence};
use statecraft_server::{api, Db, Running};
use statecraft_store::aggregate::EventQuery;
use statecraft_store::Store;

fn actor(code: &str) -> Actor {
    Actor { text: code.to_string(), code: code.to_string(), ..Default::default() }
}

/// Document `i` with `n` events among a few dozen actors, each its own story.
fn analysis(i: usize, n: usize) -> Analysis {
    const CODES: [&str; 12] = ["USA", "RUS", "UKR", "CHN", "IRN", "ISR", "TUR", "FRA", "DEU", "POL", "IND", "JPN"];
    let text = format!("Report {i}: talks, threats and attacks between many states on day {i}.");
    let events = (0..n)
        .map(|k| Event {
            doc_id: format!("d{i}"),
            sentence: 0,
            span: [0, text.len()],
            sentence_text: text.clone(),
            date: Some(format!("2025-{:02}-{:02}", 1 + i % 12, 1 + k % 28)),
            source: actor(CODES[(i + k) % 12]),
            target: Some(actor(CODES[(i + 3 * k + 1) % 12])),
            event: "ASSAULT".into(),
            cameo: format!("19{}", k % 6),
            goldstein: -9.0,
            quad_class: 4,
            polarity: Polarity::Asserted,
            trigger: "attacked".into(),
            pattern: "190:attack".into(),
            location: None,
            date_precision: DatePrecision::Day,
            publication_date: None,
            confidence: None,
        })
        .collect();
    Analysis {
        doc: Document {
            id: format!("d{i}"),
            title: None,
            date: None,
            url: None,
            outlet: None,
            origin: "test".into(),
            text: text.clone(),
            removed: Vec::new(),
            notes: Vec::new(),
        },
        clean_text: text.clone(),
        title: None,
        date: None,
        status: DocStatus::Coded,
        error: None,
        removed: Vec::new(),
        sentences: vec![Sentence { index: 0, start: 0, end: text.len(), text }],
        mentions: Vec::new(),
        events,
        quotes: Vec::new(),
    }
}

/// An in-memory store of `docs` x `per_doc` events, served on a loopback port.
fn serve(docs: usize, per_doc: usize, limit: Duration) -> (SocketAddr, Arc<Db>) {
    let mut store = Store::open_in_memory().expect("store");
    let batch: Vec<Analysis> = (0..docs).map(|i| analysis(i, per_doc)).collect();
    store.insert_batch(&batch).expect("insert");
    let db = Arc::new(Db::from_stores(vec![store]).expect("one store").with_query_limit(limit));
    let (tx, rx) = std::sync::mpsc::channel();
    let shared = Arc::clone(&db);
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
            tx.send(listener.local_addr().expect("addr")).expect("send");
            axum::serve(listener, api::router(shared)).await.expect("serve");
        });
    });
    (rx.recv().expect("server address"), db)
}

/// One request: status line and headers (lower-cased names), and body.
fn get(addr: SocketAddr, path: &str) -> (String, String) {
    let mut s = TcpStream::connect(addr).expect("connect");
    write!(s, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").expect("write");
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("read");
    let raw = String::from_utf8_lossy(&raw).to_string();
    let (head, body) = raw.split_once("\r\n\r\n").expect("a response head");
    (head.to_ascii_lowercase(), body.to_string())
}

#[test]
fn answers_are_not_sniffed_and_may_run_nothing() {
    let (addr, _db) = serve(3, 5, Duration::from_secs(10));
    for path in ["/api/overview", "/api/timeline.svg?pair=USA,RUS", "/api/events?limit=0", "/no/such/page"] {
        let (head, _) = get(addr, path);
        assert!(head.contains("x-content-type-options: nosniff"), "{path}: {head}");
        assert!(head.contains("content-security-policy: default-src 'none'; frame-ancestors 'none'; sandbox"), "{path}: {head}");
    }
    // The dashboard's own files keep the policy that lets them load each other.
    let (head, _) = get(addr, "/");
    assert!(head.contains("content-security-policy: default-src 'self'") && head.contains("nosniff"), "{head}");
}

#[test]
fn only_web_addresses_become_links() {
    let app = include_str!("../assets/app.js");
    let start = app.find("function webUrl(").expect("app.js has webUrl");
    let end = start + app[start..].find("\n}\n").expect("end of webUrl") + 3;
    let cases = r#"["https://example.com/a", "HTTP://example.com", " http://x.org/p ", "javascript:alert(1)",
        " javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,<b>x</b>", "vbscript:x", "//evil.example",
        "https:/x", "https://", "mailto:a@b.c", null, 42]"#;
    let script = format!("{}\nconsole.log(JSON.stringify({cases}.map(webUrl)));", &app[start..end]);
    let out = std::process::Command::new("node").args(["-e", &script]).output().expect("node runs the dashboard's code");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let got: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let want = serde_json::json!(["https://example.com/a", "HTTP://example.com", "http://x.org/p", null, null, null, null, null, null, null, null, null, null, null]);
    assert_eq!(got, want);
}

/// A query over every event, filtered so that the running totals cannot answer it.
fn slow_query() -> EventQuery {
    EventQuery { until: chrono::NaiveDate::from_ymd_opt(9999, 12, 31), ..EventQuery::counted() }
}

#[test]
fn a_cancelled_query_frees_its_connection_at_once() {
    let mut store = Store::open_in_memory().expect("store");
    store.insert_batch(&(0..150).map(|i| analysis(i, 200)).collect::<Vec<_>>()).expect("insert");
    let db = Arc::new(Db::from_stores(vec![store]).expect("one store"));
    let started = Instant::now();
    let full = db.run(&Running::default(), |s| s.actor_stats(&slow_query(), None, 50, 0).map(|p| p.total));
    let full_time = started.elapsed();
    assert_eq!(full.map(|r| r.is_ok()), Some(true));
    // Cancel the same query as soon as it runs: it stops with an error, the connection is
    // free for the next query, and the cancel is counted.
    let running = Arc::new(Running::default());
    let worker = {
        let (db, running) = (Arc::clone(&db), Arc::clone(&running));
        std::thread::spawn(move || db.run(&running, |s| s.actor_stats(&slow_query(), None, 50, 0).map(|p| p.total)))
    };
    while db.stopped() == 0 && !worker.is_finished() {
        db.cancel(&running);
        std::thread::sleep(Duration::from_millis(1));
    }
    let result = worker.join().expect("no panic");
    assert!(matches!(result, Some(Err(_)) | None), "a cancelled query does not finish: {result:?} (uncancelled: {full_time:?})");
    assert_eq!(db.run(&Running::default(), |s| s.overview(3).map(|o| o.documents)).map(|r| r.ok()), Some(Some(150)));
}

#[test]
fn queries_past_the_limit_are_stopped_and_counts_stay_fast() {
    let (addr, db) = serve(150, 200, Duration::from_millis(1));
    let (head, body) = get(addr, "/api/actors?until=9999-12-31");
    assert!(head.starts_with("http/1.1 503"), "{head}\n{body}");
    assert!(body.contains("was stopped; narrow it"), "{body}");
    assert_eq!(db.stopped(), 1);
    // The running totals answer the unfiltered counts within any limit, on the same connection.
    for path in ["/api/actors", "/api/overview", "/api/network"] {
        let (head, body) = get(addr, path);
        assert!(head.starts_with("http/1.1 200"), "{path}: {head}\n{body}");
    }
}

#[test]
fn a_client_that_leaves_stops_its_query() {
    let (addr, db) = serve(150, 200, Duration::from_secs(60));
    // Clients that send a slow request, wait a little and give up.
    let clients: Vec<TcpStream> = (0..3)
        .map(|_| {
            let mut s = TcpStream::connect(addr).expect("connect");
            write!(s, "GET /api/actors?until=9999-12-31 HTTP/1.1\r\nHost: {addr}\r\n\r\n").expect("write");
            s
        })
        .collect();
    // The clients leave once the server has their requests (it may be slow to read them on a
    // loaded machine; a request never read is no query to stop).
    let waited = Instant::now();
    while db.asked() < 3 && waited.elapsed() < Duration::from_secs(30) {
        std::thread::sleep(Duration::from_millis(10));
    }
    drop(clients);
    let waited = Instant::now();
    while db.stopped() < 3 && waited.elapsed() < Duration::from_secs(30) {
        std::thread::sleep(Duration::from_millis(10));
    }
    assert_eq!(db.stopped(), 3, "the queries of clients that left are stopped");
    let (head, _) = get(addr, "/api/overview");
    assert!(head.starts_with("http/1.1 200"), "{head}");
}
