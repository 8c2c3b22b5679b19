//! End-to-end: the same story from two outlets is one story group, re-ingesting adds nothing,
//! and what the HTML extractor left out of a page reaches the store with its reason.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use statecraft_store::{EventFilter, Store};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_statecraft"))
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("statecraft-stories-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn run(cmd: &mut Command) -> Output {
    let out = cmd.output().expect("run statecraft");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && !err.contains("panicked"), "{err}");
    out
}

fn documents(db: &Path) -> Vec<serde_json::Value> {
    let out = run(bin().args(["export", "documents", "--db"]).arg(db));
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

const WIRE: &str = "Russia expelled an Estonian diplomat on Wednesday in retaliation for Tallinn's expulsion of a Russian embassy employee last week, the Foreign Ministry in Moscow said. The Estonian charge d'affaires was summoned and handed a note ordering the diplomat to leave within five days.\n\nEstonia's Foreign Ministry called the decision groundless and said it did not plan to respond further. The Russian employee had been accused by Estonian security police of recruiting informants among port workers.";

#[test]
fn one_story_from_two_outlets_is_one_group() {
    let dir = tmp("two-outlets");
    let input = dir.join("in");
    std::fs::create_dir_all(&input).unwrap();
    // The wire's item, an outlet's copy of it with its own opening and closing lines, and
    // another story.
    let copy = format!("TALLINN, May 14 (Daily Example) - {WIRE}\n\nDaily Example's correspondent contributed to this report.");
    let other = "Poland closed two border crossings with Belarus on Thursday after a surge in attempted crossings, the interior ministry in Warsaw said. Belarus denied organising the crossings and accused Poland of provoking tension on the border.";
    let line = |id: &str, outlet: &str, text: &str| {
        serde_json::json!({"id": id, "date": "2025-05-14", "outlet": outlet, "text": text})
            .to_string()
    };
    let jsonl = [
        line("wire-1", "Example Wire", WIRE),
        line("daily-1", "Daily Example", &copy),
        line("other-1", "Daily Example", other),
    ]
    .join("\n");
    std::fs::write(input.join("feed.jsonl"), jsonl + "\n").unwrap();
    let db = dir.join("s.db");
    let out = run(bin().arg("ingest").arg(&input).arg("--db").arg(&db));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("read 3 documents: 3 added"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let groups: Vec<(String, String)> = documents(&db)
        .iter()
        .map(|d| {
            (
                d["id"].as_str().unwrap().to_string(),
                d["story_group"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        groups,
        vec![
            ("wire-1".into(), "wire-1".into()),
            ("daily-1".into(), "wire-1".into()),
            ("other-1".into(), "other-1".into())
        ]
    );
    // Re-ingesting the same files adds nothing.
    let again = run(bin().arg("ingest").arg(&input).arg("--db").arg(&db));
    assert!(
        String::from_utf8_lossy(&again.stdout).contains("0 added, 3 already in store"),
        "{}",
        String::from_utf8_lossy(&again.stdout)
    );
    assert_eq!(documents(&db).len(), 3);
    // The expulsion is coded in both copies, and counted as one story.
    let store = Store::open(&db).unwrap();
    let counts = store.dyad_counts(&EventFilter::default()).unwrap();
    let expel = counts
        .iter()
        .find(|c| c.source == "RUS" && c.target.as_deref() == Some("EST"))
        .expect("RUS -> EST coded");
    assert!(expel.events >= 2, "{counts:?}");
    assert_eq!(expel.stories, 1, "{counts:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn what_the_extractor_removed_is_stored_with_its_reason() {
    let dir = tmp("removed");
    let page = r#"<!doctype html><html lang="en"><head><title>Envoys meet in Geneva | Example News</title></head>
        <body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
        <article><h1>Envoys meet in Geneva</h1><p>By Jane Doe</p>
        <p>The envoys of Russia and Ukraine met in Geneva on Monday to discuss a ceasefire, officials said on Tuesday.</p>
        <p>They agreed to meet again next week, according to a joint statement released by both delegations.</p>
        <p>Share this article</p></article></body></html>"#;
    std::fs::write(dir.join("page.html"), page).unwrap();
    let db = dir.join("r.db");
    run(bin()
        .arg("ingest")
        .arg(dir.join("page.html"))
        .arg("--db")
        .arg(&db));
    let docs = documents(&db);
    assert_eq!(docs.len(), 1);
    let id = docs[0]["id"].as_str().unwrap();
    let removed = Store::open(&db)
        .unwrap()
        .removed(id)
        .unwrap()
        .expect("document stored");
    for (text, reason) in [
        ("Envoys meet in Geneva", "title"),
        ("By Jane Doe", "byline or fragment"),
        ("Share this article", "site furniture"),
    ] {
        assert!(
            removed.iter().any(|(t, r)| t == text && r == reason),
            "{text:?} ({reason}) not in {removed:?}"
        );
    }
    assert!(!docs[0]["text"].as_str().unwrap().contains("Share this"));
    let _ = std::fs::remove_dir_all(&dir);
}
