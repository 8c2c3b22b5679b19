//! The events corpus shares no sentence with any evaluation set, word for word or in paraphrase
//! (`scripts/check-corpus.py --overlap`, which reads the sets under `../shared`).

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn check(files: &[PathBuf]) -> (bool, String) {
    let shared = root().join("../shared");
    assert!(shared.join("data/plover/gsr-dev.jsonl").exists(), "the evaluation sets are expected at {}", shared.display());
    let out = Command::new("python3")
        .arg(root().join("scripts/check-corpus.py"))
        .arg("--overlap")
        .arg(&shared)
        .args(files)
        .output()
        .expect("python3 runs scripts/check-corpus.py");
    (out.status.success(), String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn corpus_shares_nothing_with_the_evaluation_sets() {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("data/events-corpus"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .collect();
    files.sort();
    assert!(files.len() >= 10, "the corpus files are in data/events-corpus");
    let (ok, report) = check(&files);
    assert!(ok, "{report}");
    assert!(report.contains("overlap: 0 records"), "{report}");
    assert!(report.contains("paraphrase: 0 records"), "{report}");
}

/// The check finds a copied gold sentence and a paraphrase of one, so the test above can fail.
#[test]
fn check_finds_a_copy_and_a_paraphrase() {
    let gold = std::fs::read_to_string(root().join("../shared/data/plover/gsr-dev.jsonl")).unwrap();
    let text = |n: usize| -> String {
        let line = gold.lines().filter(|l| !l.trim().is_empty()).nth(n).unwrap();
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        v["text"].as_str().unwrap().to_string()
    };
    // A paraphrase: the same content words in another order, with other function words.
    let mut words: Vec<&str> = Vec::new();
    let second = text(1);
    for w in second.split_whitespace() {
        words.insert(0, w);
    }
    let record = |id: &str, t: &str| {
        serde_json::json!({"id": id, "text": t, "register": "wire", "region": "Global", "era": "2010s", "date": "2015-01-01",
            "topic": "politics", "negative": "commentary", "events": []})
        .to_string()
    };
    let dir = std::env::temp_dir().join(format!("statecraft-overlap-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("copied.jsonl");
    std::fs::write(&file, format!("{}\n{}\n", record("x-1", &text(0)), record("x-2", &words.join(" ")))).unwrap();
    let (ok, report) = check(&[file]);
    std::fs::remove_dir_all(&dir).ok();
    assert!(!ok, "{report}");
    assert!(report.contains("overlap: x-1"), "{report}");
    assert!(report.contains("paraphrase: x-2"), "{report}");
}
