//! The HTTP API end to end: a store built by the real pipeline from short texts, opened
//! read-only, served on a loopback port, and asked over plain HTTP/1.1.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::sync::Arc;

use chrono::NaiveDate;
use serde_json::Value;
use statecraft_model::Document;
use statecraft_pipeline::Pipeline;
use statecraft_server::{api, Db};
use statecraft_store::Store;

struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("statecraft-server-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create temp dir");
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn doc(id: &str, date: &str, text: &str) -> Document {
    Document {
        id: id.to_string(),
        title: Some(format!("Story {id}")),
        date: NaiveDate::parse_from_str(date, "%Y-%m-%d").ok(),
        url: None,
        outlet: Some(if id.starts_with('w') { "Wire" } else { "Daily" }.to_string()),
        origin: "test".to_string(),
        text: text.to_string(),
        removed: Vec::new(),
        notes: Vec::new(),
    }
}

/// A store with 60 dated documents of US–Russia and Russia–Ukraine news, and its folder.
fn build_store(name: &str) -> (TempDir, PathBuf) {
    let dir = TempDir::new(name);
    let path = dir.0.join("test.db");
    let pipeline = Pipeline::new(&[]).expect("dictionaries load");
    let mut store = Store::open(&path).expect("open store");
    let mut batch = Vec::new();
    for i in 0..60u32 {
        let day = format!("2025-{:02}-{:02}", 1 + i % 8, 1 + i % 27);
        let text = if i % 2 == 0 {
            "Russian forces shelled Kyiv overnight.\n\nThe United States condemned Russia for the attack.\n\nListen to this article"
        } else {
            "U.S. envoy Steve Witkoff met Vladimir Putin in Moscow.\n\nRussia threatened to impose sanctions on Ukraine."
        };
        batch.push(pipeline.analyse(doc(&format!("{}{i}", if i % 3 == 0 { "w" } else { "d" }), &day, text)));
    }
    store.insert_batch(&batch).expect("insert");
    drop(store);
    (dir, path)
}

/// Serves `path` read-only on a loopback port on its own thread.
fn start(path: &std::path::Path) -> SocketAddr {
    let db = Db::open(path, 2).expect("open read-only");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
            tx.send(listener.local_addr().expect("addr")).expect("send");
            axum::serve(listener, api::router(Arc::new(db))).await.expect("serve");
        });
    });
    rx.recv().expect("server address")
}

/// One request over a fresh connection: status, content type and body.
fn request(addr: SocketAddr, method: &str, path: &str) -> (u16, String, String) {
    let mut s = TcpStream::connect(addr).expect("connect");
    write!(s, "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").expect("write");
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("read");
    let raw = String::from_utf8_lossy(&raw).to_string();
    let (head, body) = raw.split_once("\r\n\r\n").expect("a response head");
    let status = head.split(' ').nth(1).and_then(|c| c.parse().ok()).expect("status code");
    let ctype = head
        .lines()
        .find_map(|l| l.to_ascii_lowercase().strip_prefix("content-type:").map(|v| v.trim().to_string()))
        .unwrap_or_default();
    (status, ctype, body.to_string())
}

fn get_json(addr: SocketAddr, path: &str) -> (u16, Value) {
    let (status, ctype, body) = request(addr, "GET", path);
    assert!(ctype.starts_with("application/json"), "{path}: content type {ctype}");
    (status, serde_json::from_str(&body).unwrap_or_else(|e| panic!("{path}: bad JSON {e}: {body}")))
}

#[test]
fn bad_parameters_are_400_with_a_message() {
    let (_dir, path) = build_store("bad");
    let addr = start(&path);
    let cases = [
        ("/api/events?limit=0", "limit"),
        ("/api/events?limit=501", "limit"),
        ("/api/events?limit=ten", "limit"),
        ("/api/events?offset=-1", "offset"),
        ("/api/events?offset=1000001", "offset"),
        ("/api/events?since=2025-13-01", "since"),
        ("/api/events?until=yesterday", "until"),
        ("/api/events?since=2025-05-01&until=2025-04-01", "after"),
        ("/api/events?pair=USA", "pair"),
        ("/api/events?pair=USA,USA", "same actor"),
        ("/api/events?pair=USA,R%27%3B--", "actor code"),
        ("/api/events?actor=%3Cscript%3E", "actor code"),
        ("/api/events?event=PARTY", "PLOVER"),
        ("/api/events?quad=5", "quad"),
        ("/api/events?polarity=maybe", "polarity"),
        ("/api/events?directed=true", "pair"),
        ("/api/events?order=random", "order"),
        ("/api/events?colour=red", "unknown parameter"),
        ("/api/events?limit=5&limit=6", "more than once"),
        ("/api/dyad", "required"),
        ("/api/dyad?pair=USA,RUS&interval=year", "interval"),
        ("/api/timeline.svg?pair=USA", "pair"),
        ("/api/network?min_events=0", "min_events"),
        ("/api/documents?limit=100000", "limit"),
        ("/api/quotes?attributed=perhaps", "attributed"),
        ("/api/events/abc", "whole number"),
        ("/api/overview?x=1", "unknown parameter"),
    ];
    for (url, word) in cases {
        let (status, body) = get_json(addr, url);
        assert_eq!(status, 400, "{url}: {body}");
        let msg = body["error"].as_str().unwrap_or_default();
        assert!(msg.contains(word), "{url}: message {msg:?} should mention {word:?}");
    }
}

#[test]
fn pages_never_exceed_the_limit() {
    let (_dir, path) = build_store("paging");
    let addr = start(&path);
    let (status, all) = get_json(addr, "/api/events?limit=500");
    assert_eq!(status, 200);
    let total = all["total"].as_u64().expect("total") as usize;
    assert!(total > 100, "the store should hold well over 100 events, has {total}");
    assert_eq!(all["items"].as_array().map(Vec::len), Some(total.min(500)));

    let (_, first) = get_json(addr, "/api/events?limit=50");
    assert_eq!(first["items"].as_array().map(Vec::len), Some(50));
    assert_eq!(first["limit"], 50);
    assert_eq!(first["next_offset"], 50);
    let (_, last) = get_json(addr, &format!("/api/events?limit=50&offset={}", total - 7));
    assert_eq!(last["items"].as_array().map(Vec::len), Some(7));
    assert!(last["next_offset"].is_null());
    let (_, past) = get_json(addr, &format!("/api/events?offset={}", total + 10));
    assert_eq!(past["items"].as_array().map(Vec::len), Some(0));

    // the pages together are every event once, in order
    let mut ids = Vec::new();
    let mut offset = 0;
    loop {
        let (_, page) = get_json(addr, &format!("/api/events?limit=37&offset={offset}"));
        let items = page["items"].as_array().expect("items");
        assert!(items.len() <= 37);
        ids.extend(items.iter().map(|e| e["id"].as_i64().expect("id")));
        match page["next_offset"].as_u64() {
            Some(n) => offset = n as usize,
            None => break,
        }
    }
    let (_, all_ids) = get_json(addr, "/api/events?limit=500");
    let expected: Vec<i64> = all_ids["items"].as_array().expect("items").iter().map(|e| e["id"].as_i64().expect("id")).collect();
    assert_eq!(ids, expected);

    for url in ["/api/actors?limit=3", "/api/documents?limit=4", "/api/quotes?limit=2", "/api/network?limit=1", "/api/speakers?limit=1"] {
        let (status, body) = get_json(addr, url);
        assert_eq!(status, 200, "{url}");
        let n = body["items"].as_array().or(body["edges"].as_array()).map(Vec::len).unwrap_or(usize::MAX);
        let limit: usize = url.rsplit('=').next().and_then(|v| v.parse().ok()).expect("limit");
        assert!(n <= limit, "{url} returned {n}");
    }
}

#[test]
fn filters_series_network_and_documents() {
    let (_dir, path) = build_store("filters");
    let addr = start(&path);
    let (_, pair) = get_json(addr, "/api/events?pair=USA,RUS&limit=500");
    let items = pair["items"].as_array().expect("items");
    assert!(!items.is_empty());
    for e in items {
        let (s, t) = (e["source"]["code"].as_str().unwrap_or(""), e["target"]["code"].as_str().unwrap_or(""));
        assert!((s, t) == ("USA", "RUS") || (s, t) == ("RUS", "USA"), "{s} {t}");
        assert!(e["sentence_text"].is_string() && e["span"].is_array());
    }
    let (_, directed) = get_json(addr, "/api/events?pair=RUS,USA&directed=true&limit=500");
    assert!(directed["total"].as_i64() < pair["total"].as_i64());
    let (_, assault) = get_json(addr, "/api/events?event=assault&limit=500");
    assert!(assault["items"].as_array().expect("items").iter().all(|e| e["event"] == "ASSAULT"));
    assert!(assault["total"].as_i64() > Some(0));
    let (_, dated) = get_json(addr, "/api/events?since=2025-03-01&until=2025-03-31&limit=500");
    for e in dated["items"].as_array().expect("items") {
        assert!(e["date"].as_str().unwrap_or("").starts_with("2025-03"), "{}", e["date"]);
    }

    // the series: one point per month with events; each story's repeated event counted once
    let (status, series) = get_json(addr, "/api/dyad?pair=USA,RUS&interval=month");
    assert_eq!(status, 200);
    let points = series["points"].as_array().expect("points");
    assert_eq!(points.len(), 8, "{series}");
    for p in points {
        assert!(p["period"].as_str().unwrap_or("").ends_with("-01"));
        let quad: i64 = p["quad"].as_array().expect("quad").iter().map(|v| v.as_i64().unwrap_or(0)).sum();
        assert_eq!(quad, p["events"].as_i64().unwrap_or(-1));
        assert!(p["mentions"].as_i64() >= p["events"].as_i64());
        assert!(p["goldstein_mean"].as_f64().is_some_and(|g| (-10.0..=10.0).contains(&g)));
    }
    let (status, ctype, svg) = request(addr, "GET", "/api/timeline.svg?pair=USA,RUS&interval=month");
    assert_eq!(status, 200);
    assert!(ctype.starts_with("image/svg+xml"));
    assert_eq!(svg.matches("class=\"pt\"").count(), 8);

    let (_, net) = get_json(addr, "/api/network");
    let edges = net["edges"].as_array().expect("edges");
    assert!(edges.iter().any(|e| e["a"] == "RUS" && e["b"] == "UKR" && e["sign"] == -1), "{net}");

    let (_, found) = get_json(addr, "/api/documents?q=witkoff");
    assert_eq!(found["total"], 30);
    assert!(found["items"][0]["snippet"].as_str().unwrap_or("").contains("Witkoff"));
    let (status, detail) = get_json(addr, "/api/documents/w0");
    assert_eq!(status, 200);
    assert!(detail["document"]["text"].as_str().unwrap_or("").contains("shelled Kyiv"));
    assert!(detail["document"]["removed"].as_array().is_some_and(|r| !r.is_empty()), "{detail}");
    assert!(!detail["events"].as_array().expect("events").is_empty());

    let (_, outlets) = get_json(addr, "/api/outlets");
    assert_eq!(outlets["items"].as_array().map(Vec::len), Some(2));
}

#[test]
fn not_found_wrong_method_and_assets() {
    let (_dir, path) = build_store("misc");
    let addr = start(&path);
    assert_eq!(get_json(addr, "/api/documents/nope").0, 404);
    assert_eq!(get_json(addr, "/api/events/999999").0, 404);
    assert_eq!(get_json(addr, "/api/nothing").0, 404);
    assert_eq!(request(addr, "POST", "/api/events").0, 405);
    assert_eq!(request(addr, "DELETE", "/api/documents/w0").0, 405);
    let (status, ctype, html) = request(addr, "GET", "/");
    assert_eq!(status, 200);
    assert!(ctype.starts_with("text/html"));
    assert!(html.contains("/assets/app.js") && !html.contains("http://") && !html.contains("https://"));
    let (status, ctype, js) = request(addr, "GET", "/assets/app.js");
    assert_eq!((status, ctype.starts_with("text/javascript")), (200, true));
    // the only URL in the script is the SVG namespace name, which is never fetched
    let js = js.replace("'http://www.w3.org/2000/svg'", "");
    assert!(!js.contains("https://") && !js.contains("http://"), "the dashboard loads nothing from elsewhere");
    assert_eq!(request(addr, "GET", "/assets/secret.txt").0, 404);
    assert_eq!(request(addr, "GET", "/assets/..%2F..%2FCargo.toml").0, 404);
}

#[test]
fn store_is_opened_read_only() {
    let (_dir, path) = build_store("readonly");
    let mut ro = Store::open_read_only(&path).expect("open read-only");
    let pipeline = Pipeline::new(&[]).expect("dictionaries");
    let a = pipeline.analyse(doc("new", "2025-09-01", "Russia attacked Ukraine."));
    let err = ro.insert(&a).expect_err("a read-only store refuses writes");
    assert!(err.to_string().contains("write") || err.to_string().contains("read"), "{err}");
    let missing = Store::open_read_only(&path.with_file_name("missing.db"));
    assert!(missing.is_err(), "a missing file is not created");
    assert!(!path.with_file_name("missing.db").exists());
}

#[test]
fn a_story_carried_by_two_outlets_counts_once() {
    use statecraft_store::aggregate::{EventQuery, Interval};
    let dir = TempDir::new("stories");
    let path = dir.0.join("test.db");
    let pipeline = Pipeline::new(&[]).expect("dictionaries");
    let wire = "Russia threatened to impose sanctions on Ukraine on Monday, officials in Kyiv said.\n\n\
                Ukrainian officials condemned Russia for the threat and said talks would go on.";
    let mut store = Store::open(&path).expect("open");
    let mut copy = doc("d-copy", "2025-06-02", wire);
    copy.outlet = Some("Other".into());
    store
        .insert_batch(&[
            pipeline.analyse(doc("w-orig", "2025-06-02", wire)),
            pipeline.analyse(copy),
            pipeline.analyse(doc("d-other", "2025-06-20", "Russia attacked Ukraine.")),
        ])
        .expect("insert");
    drop(store);
    let ro = Store::open_read_only(&path).expect("read-only");
    let q = EventQuery { pair: Some(("RUS".into(), "UKR".into())), ..EventQuery::default() };
    let one = ro.event_page(&EventQuery { doc: Some("w-orig".into()), ..q.clone() }, 500, 0, false).expect("page");
    let other = ro.event_page(&EventQuery { doc: Some("d-other".into()), ..q.clone() }, 500, 0, false).expect("page");
    assert!(one.total >= 2 && other.total >= 1, "{} {}", one.total, other.total);
    let series = ro.dyad_series(&q, Interval::Month).expect("series");
    assert_eq!(series.points.len(), 1);
    let p = &series.points[0];
    assert_eq!(p.mentions, 2 * one.total + other.total, "every row is a mention");
    assert_eq!(p.events, one.total + other.total, "the copy adds no event");
    assert_eq!(p.stories, 2);
    let outlets = ro.outlet_stats(None, None).expect("outlets");
    assert_eq!(outlets.iter().map(|o| o.stories).sum::<i64>(), 3, "each outlet counts its own stories");
}

#[test]
fn min_confidence_leaves_out_doubtful_events() {
    let dir = TempDir::new("confidence");
    let path = dir.0.join("test.db");
    let pipeline = Pipeline::new(&[]).expect("dictionaries load");
    let mut store = Store::open(&path).expect("open store");
    let mut batch = Vec::new();
    for i in 0..10u32 {
        let mut a = pipeline.analyse(doc(&format!("c{i}"), "2025-03-04", "Russian forces shelled Kyiv overnight."));
        assert!(!a.events.is_empty(), "the sentence is coded");
        for e in &mut a.events {
            e.confidence = Some(if i < 4 { 0.3 } else { 0.9 });
        }
        batch.push(a);
    }
    store.insert_batch(&batch).expect("insert");
    drop(store);
    let addr = start(&path);
    let (_, all) = get_json(addr, "/api/events?limit=100");
    let (status, sure) = get_json(addr, "/api/events?limit=100&min_confidence=0.5");
    assert_eq!(status, 200, "{sure}");
    let total = |v: &Value| v["total"].as_i64().unwrap();
    assert!(total(&sure) > 0 && total(&sure) < total(&all), "{} of {}", total(&sure), total(&all));
    assert!(sure["items"].as_array().unwrap().iter().all(|e| e["confidence"].as_f64().unwrap() >= 0.5), "{sure}");
    // The counts follow the filter too (they do not come from the unfiltered running totals).
    let (_, actors) = get_json(addr, "/api/actors?min_confidence=0.95");
    assert_eq!(actors["total"].as_i64(), Some(0), "{actors}");
    let (status, bad) = get_json(addr, "/api/events?min_confidence=high");
    assert_eq!(status, 400);
    assert!(bad["error"].as_str().unwrap().contains("min_confidence"), "{bad}");
}
