//! `/api/negotiation` end to end: a store built by the pipeline from sentences written for this
//! test, an issue file, and the answer's positions, evidence and chart.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;

use chrono::NaiveDate;
use serde_json::Value;
use statecraft_bargain::space::IssueSpace;
use statecraft_model::Document;
use statecraft_pipeline::Pipeline;
use statecraft_server::{api, Db};
use statecraft_store::Store;

const ISSUES: &str = r#"
title = "Test talks"
[[actors]]
code = "RUS"
capability = 50
[[actors]]
code = "USA"
capability = 80
[[issues]]
id = "sanctions"
low = "sanctions stay"
high = "sanctions lifted"
topic = ["sanction"]
[[issues.signals]]
position = 0
words = ["sanction"]
events = ["THREATEN", "SANCTION"]
"#;

fn store() -> Store {
    let pipeline = Pipeline::new(&[]).expect("dictionaries load");
    let mut store = Store::open_in_memory().expect("store");
    let texts = [
        ("a", "2025-03-01", "The United States threatened to impose sanctions on Russia over the attack."),
        ("b", "2025-04-01", "Russia threatened to impose sanctions on Ukraine."),
    ];
    for (id, date, text) in texts {
        let doc = Document {
            id: id.into(),
            title: None,
            date: NaiveDate::parse_from_str(date, "%Y-%m-%d").ok(),
            url: None,
            outlet: None,
            origin: "test".into(),
            text: text.into(),
            removed: Vec::new(),
            notes: Vec::new(),
        };
        store.insert(&pipeline.analyse(doc)).expect("insert");
    }
    store
}

fn start(db: Db) -> SocketAddr {
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

fn get(addr: SocketAddr, path: &str) -> (u16, Value) {
    let mut s = TcpStream::connect(addr).expect("connect");
    write!(s, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").expect("write");
    let mut raw = String::new();
    s.read_to_string(&mut raw).expect("read");
    let (head, body) = raw.split_once("\r\n\r\n").expect("head");
    let status = head.split(' ').nth(1).and_then(|c| c.parse().ok()).expect("status");
    (status, serde_json::from_str(body).unwrap_or_else(|e| panic!("{path}: {e}: {body}")))
}

#[test]
fn negotiation_answers_positions_with_evidence() {
    let issues = IssueSpace::parse(ISSUES, "test.toml").unwrap();
    let addr = start(Db::from_stores(vec![store()]).unwrap().with_issues(issues));
    let (status, body) = get(addr, "/api/negotiation");
    assert_eq!(status, 200, "{body}");
    let issue = &body["issues"][0];
    assert_eq!(issue["issue"], "sanctions");
    let actors = issue["actors"].as_array().unwrap();
    assert_eq!(actors.len(), 2, "{issue}");
    let usa = actors.iter().find(|s| s[0]["actor"] == "USA").expect("USA");
    let ev = &usa[0]["evidence"][0];
    assert!(ev["text"].as_str().unwrap().contains("threatened to impose sanctions on Russia"));
    assert_eq!(ev["span"][0], 0);
    assert_eq!(issue["forecast"], 0.0);
    let svg = body["svg"].as_str().unwrap();
    assert!(svg.starts_with("<svg") && svg.contains(r#"class="pos" data-issue="0""#));
    // until leaves the later statement out
    let (_, early) = get(addr, "/api/negotiation?until=2025-03-15");
    assert_eq!(early["issues"][0]["actors"].as_array().unwrap().len(), 1);
    let (status, bad) = get(addr, "/api/negotiation?model=oracle");
    assert_eq!(status, 400, "{bad}");
}

#[test]
fn negotiation_without_an_issue_file_says_how_to_give_one() {
    let addr = start(Db::from_stores(vec![store()]).unwrap());
    let (status, body) = get(addr, "/api/negotiation");
    assert_eq!(status, 404);
    assert!(body["error"].as_str().unwrap().contains("--issues"), "{body}");
}
