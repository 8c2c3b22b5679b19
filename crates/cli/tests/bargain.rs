//! Bargaining end to end: positions from the seed articles with the example issue file,
//! forecasts from a table, the DEU III evaluation, the issue report, and bad input.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_statecraft"))
}

fn run(cmd: &mut Command) -> Output {
    let out = cmd.output().expect("run statecraft");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    out
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("statecraft-bargain-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The seeds as JSON lines with their publication dates (as `scripts/make-seed-fixture.py`
/// writes them), ingested into a new store.
fn seed_store(name: &str) -> PathBuf {
    let dates = [("000", "2025-08-07"), ("001", "2024-11-20"), ("002", "2025-08-15"), ("003", "2025-08-20"), ("004", "2025-08-14")];
    let seeds = repo().join("../shared/seeds");
    let dir = temp(name);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&seeds).expect("seeds at ../shared/seeds").map(|e| e.unwrap().path()).collect();
    files.sort();
    let mut jsonl = String::new();
    for f in files.iter().filter(|f| f.extension().is_some_and(|e| e == "txt")) {
        let stem = f.file_stem().unwrap().to_string_lossy().to_string();
        let Some((_, date)) = dates.iter().find(|(p, _)| stem.starts_with(p)) else { continue };
        jsonl.push_str(&serde_json::json!({"id": stem, "date": date, "text": std::fs::read_to_string(f).unwrap()}).to_string());
        jsonl.push('\n');
    }
    let input = dir.join("seeds.jsonl");
    std::fs::write(&input, jsonl).unwrap();
    let db = dir.join("seeds.db");
    run(bin().arg("ingest").arg(&input).arg("--db").arg(&db).arg("--quiet"));
    db
}

fn example() -> PathBuf {
    repo().join("examples/issues/ukraine-war.toml")
}

#[test]
fn territory_positions_from_the_seeds_come_in_the_right_order_with_evidence() {
    let db = seed_store("territory");
    let out = run(bin().arg("positions").arg(example()).arg("--db").arg(&db).args(["--issue", "territory"]));
    let points: Vec<Value> = String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let latest = |code: &str| points.iter().rfind(|p| p["actor"] == code).unwrap_or_else(|| panic!("no territory position for {code}")).clone();
    let (rus, ukr, usa) = (latest("RUS"), latest("UKR"), latest("USA"));
    let pos = |p: &Value| p["position"].as_f64().unwrap();
    // 100 = Russia gets both Donetsk and Luhansk
    assert!(pos(&rus) >= 70.0, "Russia at {}", pos(&rus));
    assert!(pos(&ukr) <= 30.0, "Ukraine at {}", pos(&ukr));
    assert!(pos(&rus) > pos(&usa) && pos(&usa) > pos(&ukr), "order: RUS {} USA {} UKR {}", pos(&rus), pos(&usa), pos(&ukr));
    // every value is linked to its sentences
    let texts = |p: &Value| p["evidence"].as_array().unwrap().iter().map(|e| e["text"].as_str().unwrap().to_string()).collect::<Vec<_>>();
    assert!(texts(&ukr).iter().any(|t| t.contains("won't give up Donbas territories without a fight")), "{:?}", texts(&ukr));
    assert!(texts(&usa).iter().any(|t| t.contains("swapping of territories")), "{:?}", texts(&usa));
    assert!(texts(&rus).iter().any(|t| t.contains("Ukraine ceded the eastern Donbas")), "{:?}", texts(&rus));
    for p in [&rus, &ukr, &usa] {
        for e in p["evidence"].as_array().unwrap() {
            assert!(e["doc_id"].as_str().unwrap().len() > 3 && e["sentence"].is_u64());
        }
        let s = p["salience"].as_f64().unwrap();
        assert!(s > 0.0 && s < 100.0);
    }

    // the same store: a forecast per issue and the report
    let out = run(bin().arg("forecast").arg(example()).arg("--db").arg(&db).args(["--model", "compromise"]));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("issue territory:") && text.contains("compromise forecast"), "{text}");
    let svg = db.with_file_name("issues.svg");
    run(bin().arg("report").arg("--issue").arg(example()).arg("--db").arg(&db).arg("--output").arg(&svg));
    let drawn = std::fs::read_to_string(&svg).unwrap();
    assert!(drawn.starts_with("<svg") && drawn.contains("Territory") && drawn.contains("swapping of territories") && drawn.contains("forecast (default)"));
}

#[test]
fn eu_rounds_from_a_table() {
    let table = repo().join("../shared/data/bargaining/emission-case.csv");
    let out = run(bin().arg("forecast").arg(&table).args(["--model", "eu", "--rounds", "3", "--verbose"]));
    let text = String::from_utf8(out.stdout).unwrap();
    let rounds: Vec<&str> = text.lines().filter(|l| l.starts_with("round ")).collect();
    assert_eq!(rounds.len(), 3, "{text}");
    assert!(rounds[0].starts_with("round 1 median 8.6"), "{text}");
    assert!(text.contains("Luxembourg lost a confrontation to Belgium: 4.000 -> 7.000"), "{text}");
    let out = run(bin().arg("forecast").arg(&table).args(["--model", "median"]));
    assert_eq!(String::from_utf8(out.stdout).unwrap().trim(), "median forecast 7.00");
}

#[test]
fn eval_bargaining_prints_every_model() {
    let out = run(bin().args(["eval", "bargaining"]).arg(repo().join("../shared/data/bargaining/deu3.csv")));
    let text = String::from_utf8(out.stdout).unwrap();
    let mae = |model: &str| -> f64 {
        let line = text.lines().find(|l| l.starts_with(&format!("{model} "))).unwrap_or_else(|| panic!("no {model} line in {text}"));
        assert!(line.contains(" issues=353"), "{line}");
        line.split_whitespace().find_map(|w| w.strip_prefix("mae=")).unwrap().parse().unwrap()
    };
    assert_eq!(mae("compromise"), 23.09);
    assert_eq!(mae("compromise-salience"), 23.61);
    assert!(mae("default") <= mae("compromise"));
    for m in ["median", "nash", "eu-median", "eu-mean", "mean", "constant-50"] {
        assert!(mae(m) > 0.0);
    }
}

#[test]
fn bad_input_gets_a_message_not_a_panic() {
    let dir = temp("bad");
    let check = |args: &[&std::ffi::OsStr], says: &str| {
        let out = bin().args(args).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr).to_string();
        assert!(!out.status.success(), "{args:?} succeeded");
        assert!(!err.contains("panicked"), "{err}");
        assert!(err.contains(says), "{args:?}: {err}");
    };
    let write = |name: &str, text: &str| {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p
    };
    let os = |s: &str| std::ffi::OsString::from(s);
    let no_column = write("a.csv", "actor,position,salience\nA,10,50\n");
    check(&[&os("forecast"), no_column.as_os_str()], "missing column capability");
    let outside = write("b.csv", "actor,capability,position,salience\nA,1,150,50\n");
    check(&[&os("forecast"), outside.as_os_str()], "outside 0-100");
    let no_capability = write("c.csv", "actor,capability,position,salience\nA,,50,50\n");
    check(&[&os("forecast"), no_capability.as_os_str()], "A has no capability");
    let toml = std::fs::read_to_string(example()).unwrap().replacen("capability = 60\n", "", 1);
    let issue_file = write("i.toml", &toml);
    check(&[&os("positions"), issue_file.as_os_str()], "actor RUS has no capability");
    check(&[&os("eval"), &os("bargaining"), no_column.as_os_str()], "missing column");
    check(&[&os("forecast"), outside.as_os_str(), &os("--model"), &os("mean")], "is not a model");
    // an issue nobody speaks about: a message, and exit 1 when no issue has evidence
    let db = dir.join("empty.db");
    let corpus = write("doc.jsonl", "{\"id\": \"x\", \"text\": \"The weather was mild in Lisbon on Tuesday.\"}\n");
    run(bin().arg("ingest").arg(&corpus).arg("--db").arg(&db).arg("--quiet"));
    check(&[&os("positions"), example().as_os_str(), &os("--db"), db.as_os_str()], "issue territory: no evidence");
    check(&[&os("positions"), example().as_os_str(), &os("--db"), dir.join("missing.db").as_os_str()], "no database");
}
