//! End-to-end tests of the `statecraft` binary: ingest, export, code, eval, bad input.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_statecraft"))
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("statecraft-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn shared() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
}

fn run(cmd: &mut Command) -> Output {
    let out = cmd.output().expect("run statecraft");
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"), "panic: {}", String::from_utf8_lossy(&out.stderr));
    out
}

fn events(db: &Path, args: &[&str]) -> Vec<serde_json::Value> {
    let out = run(bin().args(["export", "events", "--db"]).arg(db).args(args));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

fn triple(e: &serde_json::Value) -> (String, String, String) {
    let code = |v: &serde_json::Value| v.get("code").and_then(|c| c.as_str()).unwrap_or("-").to_string();
    (code(&e["source"]), code(&e["target"]), e["event"].as_str().unwrap().to_string())
}

#[test]
fn seeds_yield_the_events_an_analyst_expects() {
    let seeds = shared().join("seeds");
    assert!(seeds.is_dir(), "the seed corpus must be at {}", seeds.display());
    let dir = tmp("seeds");
    let db = dir.join("s.db");
    let out = run(bin().arg("ingest").arg(&seeds).arg("--db").arg(&db));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let summary = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(summary.contains("read 5 documents: 5 added"), "{summary}");
    let evs = events(&db, &[]);
    let find = |s: &str, t: &str, c: &str, trigger: &str| {
        evs.iter().any(|e| triple(e) == (s.into(), t.into(), c.into()) && e["trigger"].as_str().unwrap().contains(trigger))
    };
    assert!(find("USA", "RUS", "CONSULT", "visit"), "Witkoff's visit to Moscow");
    assert!(find("USA", "RUS", "THREATEN", "sanctions"), "threats of sanctions against Russia");
    assert!(find("USA", "IND", "SANCTION", "tariffs"), "tariffs on India");
    assert!(find("USA", "RUS", "MOBILIZE", "submarines"), "submarines repositioned");
    assert!(find("RUS", "UKR", "ASSAULT", "attacks"), "Russia's attacks on Ukrainian cities");
    assert!(find("PRK", "RUS", "AID", "shells"), "North Korea supplying shells");
    assert!(find("IRN", "RUS", "AID", "drones"), "Iran supplying drones");
    assert!(find("USA", "UKR", "RETREAT", "embargo"), "an arms embargo lifted is a retreat, not a sanction");
    assert!(find("USA", "UKR", "REQUEST", "pushed"), "pushing Kiev to go along is a request to Ukraine");
    // every event points at its sentence, and the span is the sentence's place in the cleaned text
    let docs = run(bin().args(["export", "documents", "--db"]).arg(&db));
    let texts: std::collections::HashMap<String, String> = String::from_utf8(docs.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .map(|d| (d["id"].as_str().unwrap().to_string(), d["text"].as_str().unwrap().to_string()))
        .collect();
    for e in &evs {
        let text = &texts[e["doc_id"].as_str().unwrap()];
        let (a, b) = (e["span"][0].as_u64().unwrap() as usize, e["span"][1].as_u64().unwrap() as usize);
        assert_eq!(&text[a..b], e["sentence_text"].as_str().unwrap());
        assert!(!e["sentence_text"].as_str().unwrap().contains("not wrong to try sitting down"), "commentary coded: {e}");
    }
    // a second ingest adds nothing
    let again = run(bin().arg("ingest").arg(&seeds).arg("--db").arg(&db));
    assert!(String::from_utf8_lossy(&again.stdout).contains("0 added, 5 already in store"));
    assert_eq!(events(&db, &[]).len(), evs.len());
}

#[test]
fn bad_input_is_recorded_and_the_run_goes_on() {
    let dir = tmp("bad");
    let input = dir.join("in");
    std::fs::create_dir_all(&input).unwrap();
    std::fs::write(input.join("empty.txt"), "").unwrap();
    std::fs::write(input.join("binary.txt"), [0u8, 159, 146, 150, 0, 1, 2]).unwrap();
    std::fs::write(input.join("latin1.txt"), b"Caf\xe9 talks in Paris.").unwrap();
    std::fs::write(input.join("notes.pdf"), b"%PDF").unwrap();
    let mut big = b"{\"id\": \"huge\", \"text\": \"".to_vec();
    big.extend(std::iter::repeat_n(b'a', 50 * 1024 * 1024));
    big.extend(b"\"}\n{\"id\": \"ok-1\", \"date\": \"2025-03-01\", \"text\": \"Germany praised Moldova for its reforms.\"}\n{not json\n{\"id\": \"no-text\"}\n{\"id\": 7, \"date\": \"2025-03-02T10:00:00Z\", \"text\": \"Britain expelled three Russian diplomats.\"}\n{\"id\": \"bad-date\", \"date\": \"yesterday\", \"text\": \"x\"}\n");
    std::fs::write(input.join("wire.jsonl"), big).unwrap();
    let db = dir.join("b.db");
    let out = run(bin().arg("ingest").arg(&input).arg(dir.join("missing.txt")).arg("--db").arg(&db));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let summary = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(summary.contains("read 2 documents: 2 added"), "{summary}");
    assert!(summary.contains("9 skipped"), "{summary}");
    let rejects = run(bin().args(["export", "rejects", "--db"]).arg(&db));
    let text = String::from_utf8_lossy(&rejects.stdout).to_string();
    for reason in ["empty file", "binary file", "invalid UTF-8", "unsupported file type .pdf", "longer than 32 MiB", "invalid JSON", "missing \\\"text\\\"", "yesterday", "no such file"] {
        assert!(text.contains(reason), "no reject for {reason}: {text}");
    }
    let evs = events(&db, &[]);
    assert!(evs.iter().any(|e| e["doc_id"] == "7" && e["event"] == "SANCTION"), "{evs:?}");
    // re-running records nothing twice
    run(bin().arg("ingest").arg(&input).arg("--db").arg(&db));
    let again = run(bin().args(["export", "rejects", "--db"]).arg(&db));
    assert_eq!(String::from_utf8_lossy(&again.stdout).lines().count(), text.lines().count());
}

#[test]
fn export_filters_and_formats() {
    let dir = tmp("export");
    let f = dir.join("wire.jsonl");
    std::fs::write(
        &f,
        "{\"id\": \"a\", \"date\": \"2025-01-10\", \"text\": \"Britain expelled three Russian diplomats.\"}\n\
         {\"id\": \"b\", \"date\": \"2025-03-10\", \"text\": \"Russian forces shelled Kyiv overnight.\"}\n\
         {\"id\": \"c\", \"date\": \"2025-05-10\", \"text\": \"Canada sent humanitarian aid to Haiti.\"}\n",
    )
    .unwrap();
    let db = dir.join("e.db");
    assert!(run(bin().arg("ingest").arg(&f).arg("--db").arg(&db)).status.success());
    assert_eq!(events(&db, &[]).len(), 3);
    assert_eq!(events(&db, &["--actor", "RUS"]).len(), 2);
    assert_eq!(events(&db, &["--since", "2025-02-01", "--until", "2025-04-01"]).len(), 1);
    assert_eq!(events(&db, &["--event", "AID"])[0]["doc_id"], "c");
    assert_eq!(events(&db, &["--event", "16"])[0]["doc_id"], "a");
    assert_eq!(events(&db, &["--actor", "x' OR '1'='1"]).len(), 0);
    let csv = run(bin().args(["export", "events", "--format", "csv", "--db"]).arg(&db));
    let csv = String::from_utf8(csv.stdout).unwrap();
    assert!(csv.starts_with("doc_id,"), "{csv}");
    assert_eq!(csv.lines().count(), 4);
    let bad = run(bin().args(["export", "events", "--since", "soon", "--db"]).arg(&db));
    assert_eq!(bad.status.code(), Some(2));
    let missing = run(bin().args(["export", "events", "--db"]).arg(dir.join("none.db")));
    assert_eq!(missing.status.code(), Some(2));
    let actors = run(bin().args(["export", "actors", "--db"]).arg(&db));
    assert!(String::from_utf8_lossy(&actors.stdout).contains("\"RUS\""));
}

#[test]
fn code_reads_stdin_and_prints_events() {
    let mut child = bin().arg("code").stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"{\"id\": \"x\", \"date\": \"2025-06-01\", \"text\": \"Poland accused Belarus of pushing migrants across the border.\"}\nnot json\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 1);
    assert_eq!(triple(&lines[0]), ("POL".into(), "BLR".into(), "ACCUSE".into()));
    for key in ["doc_id", "sentence", "span", "sentence_text", "date", "source", "target", "event", "cameo", "goldstein", "quad_class", "polarity", "trigger", "location"] {
        assert!(lines[0].get(key).is_some(), "missing {key}");
    }
    assert!(String::from_utf8_lossy(&out.stderr).contains("line 2: invalid JSON"));
}

#[test]
fn eval_plover_prints_the_scorer_line_and_gates() {
    let gold = shared().join("data/plover/gsr-dev.jsonl");
    assert!(gold.is_file(), "PLOVER gold standard must be at {}", gold.display());
    let out = run(bin().args(["eval", "plover"]).arg(&gold));
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.lines().last().unwrap().starts_with("plover: triple_f1="), "{text}");
    let gated = run(bin().args(["eval", "plover", "--min-f1", "0.99"]).arg(&gold));
    assert_eq!(gated.status.code(), Some(3));
}

#[test]
fn user_dictionary_adds_actors() {
    let dir = tmp("dict");
    let dict = dir.join("mine.txt");
    std::fs::write(&dict, "@person Jane Example\nname: Jane Example\nrole: 2025-01-01.. NOR GOV Envoy\n").unwrap();
    let mut child = bin().arg("--dictionary").arg(&dict).arg("code").stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().unwrap();
    child.stdin.take().unwrap().write_all(b"{\"id\": \"x\", \"date\": \"2025-06-01\", \"text\": \"Jane Example visited Kyiv on Monday.\"}\n").unwrap();
    let out = child.wait_with_output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("\"NOR\"") && text.contains("CONSULT"), "{text}");
    std::fs::write(&dict, "@country usa\n").unwrap();
    let bad = run(bin().arg("--dictionary").arg(&dict).arg("code").stdin(Stdio::null()));
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("mine.txt:1"));
}

fn count_lines(out: Output) -> usize {
    String::from_utf8_lossy(&out.stdout).lines().count()
}

#[test]
fn killed_ingest_finishes_on_rerun_with_every_document_once() {
    let dir = tmp("crash");
    let corpus = dir.join("docs.jsonl");
    assert!(run(bin().args(["bench", "--docs", "4000", "--write-corpus"]).arg(&corpus)).status.success());
    let db = dir.join("c.db");
    let mut child = bin().arg("ingest").arg(&corpus).arg("--db").arg(&db).args(["--batch", "16"]).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
    // wait until some documents are committed, then kill without warning (SIGKILL)
    let started = std::time::Instant::now();
    let mut stored = 0;
    while started.elapsed() < std::time::Duration::from_secs(60) {
        std::thread::sleep(std::time::Duration::from_millis(50));
        if db.exists() {
            stored = count_lines(run(bin().args(["export", "documents", "--db"]).arg(&db)));
            if stored > 0 {
                break;
            }
        }
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(stored > 0 && stored < 4000, "kill landed at {stored} documents; the test needs a partial ingest");
    let out = run(bin().arg("ingest").arg(&corpus).arg("--db").arg(&db));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let docs = run(bin().args(["export", "documents", "--db"]).arg(&db));
    let ids: Vec<String> = String::from_utf8(docs.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["id"].as_str().unwrap().to_string())
        .collect();
    let unique: std::collections::HashSet<&String> = ids.iter().collect();
    assert_eq!(ids.len(), 4000);
    assert_eq!(unique.len(), 4000);
    // and the events equal those of a clean single run
    let clean = dir.join("clean.db");
    run(bin().arg("ingest").arg(&corpus).arg("--db").arg(&clean));
    assert_eq!(count_lines(run(bin().args(["export", "events", "--db"]).arg(&db))), count_lines(run(bin().args(["export", "events", "--db"]).arg(&clean))));
}

#[test]
fn code_output_does_not_depend_on_thread_count() {
    let dir = tmp("threads");
    let corpus = dir.join("docs.jsonl");
    assert!(run(bin().args(["bench", "--docs", "300", "--write-corpus"]).arg(&corpus)).status.success());
    let code = |threads: &str| {
        let out = bin().args(["code", "--threads", threads]).stdin(std::fs::File::open(&corpus).unwrap()).output().unwrap();
        assert!(out.status.success());
        out.stdout
    };
    let one = code("1");
    assert!(!one.is_empty());
    assert_eq!(one, code("2"));
    assert_eq!(one, code("3"));
}

#[test]
fn exports_parquet_and_gdelt() {
    let dir = tmp("formats");
    let f = dir.join("wire.jsonl");
    std::fs::write(&f, "{\"id\": \"a\", \"date\": \"2025-01-10\", \"url\": \"https://example.com/a\", \"text\": \"Britain expelled three Russian diplomats.\"}\n").unwrap();
    let db = dir.join("f.db");
    assert!(run(bin().arg("ingest").arg(&f).arg("--db").arg(&db)).status.success());
    let pq = dir.join("events.parquet");
    assert!(run(bin().args(["export", "events", "--format", "parquet", "--output"]).arg(&pq).arg("--db").arg(&db)).status.success());
    let bytes = std::fs::read(&pq).unwrap();
    assert!(bytes.starts_with(b"PAR1") && bytes.ends_with(b"PAR1"));
    let gdelt = run(bin().args(["export", "events", "--format", "gdelt", "--db"]).arg(&db));
    let line = String::from_utf8(gdelt.stdout).unwrap();
    let cols: Vec<&str> = line.trim_end_matches('\n').split('\t').collect();
    assert_eq!(cols.len(), 61);
    assert_eq!(cols[1], "20250110");
    assert_eq!(cols[5], "GBR");
    assert_eq!(cols[26], "166");
    assert_eq!(cols[60], "https://example.com/a");
    let bad = run(bin().args(["export", "actors", "--format", "parquet", "--db"]).arg(&db));
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn a_reader_that_goes_away_stops_the_output_without_a_panic() {
    use std::io::{BufRead, BufReader};
    let text = "Peru recalled its ambassador from Chile on Monday. ".repeat(400);
    let mut child = bin().args(["explain", "--parse", &text]).stdout(std::process::Stdio::piped()).stderr(std::process::Stdio::piped()).spawn().unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
    // the reader is dropped here, as `| head -1` would close it
    let out = child.wait_with_output().unwrap();
    assert!(first.starts_with("sentence 0"), "{first}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert_ne!(out.status.code(), Some(101), "{err}");
}
