//! End-to-end tests of what hostile or broken input must not do: unbounded cost per input,
//! lost records, writes to a store that is only read, silent failures.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_statecraft"))
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("statecraft-robust-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn run(cmd: &mut Command) -> Output {
    let out = cmd.output().expect("run statecraft");
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"), "panic: {}", String::from_utf8_lossy(&out.stderr));
    out
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// `words` words of news without a full stop: a run-on "sentence" as scraped feeds have.
fn run_on(words: usize) -> String {
    const PHRASE: &str = "on Monday Russia attacked Ukraine and the United States condemned China while Iran \
                          threatened Israel according to a statement released in the evening";
    let phrase: Vec<&str> = PHRASE.split(' ').collect();
    (0..words).map(|i| phrase[i % phrase.len()]).collect::<Vec<_>>().join(" ")
}

fn file_size(path: &Path) -> u64 {
    std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
}

#[test]
fn a_run_on_sentence_costs_in_proportion_to_its_length() {
    let dir = tmp("run-on");
    let input = dir.join("run-on.txt");
    std::fs::write(&input, run_on(30_000)).unwrap();
    let db = dir.join("r.db");
    let out = run(bin().arg("ingest").arg(&input).arg("--db").arg(&db).arg("--quiet"));
    assert!(out.status.success(), "{}", stderr(&out));
    let out = run(bin().args(["export", "events", "--db"]).arg(&db));
    let events: Vec<serde_json::Value> = stdout(&out).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert!(events.len() > 1000, "the run-on is still coded: {} events", events.len());
    for e in &events {
        let words = e["sentence_text"].as_str().unwrap().split_whitespace().count();
        assert!((1..=120).contains(&words), "a sentence of {words} words");
    }
    // Before the cut, each event stored a copy of the whole 200 KB sentence (a 20,000-word
    // file made a 116 MB store); now the store is a small multiple of the text.
    let size = file_size(&db) + file_size(&dir.join("r.db-wal"));
    assert!(size < 8 << 20, "store of {size} bytes for a 190 KB text");
}

/// A WARC response record holding an HTML page whose text names `i`.
fn warc_record(i: usize, length: Option<usize>) -> Vec<u8> {
    let body = format!(
        "<html><head><title>Talks {i}</title></head><body><article><p>The envoys met in Geneva on Monday for round {i} \
         of talks on a ceasefire, officials said.</p><p>They agreed to meet again next week, according to a joint \
         statement from both delegations.</p></article></body></html>"
    );
    let http = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{body}");
    let length = length.unwrap_or(http.len());
    format!(
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://example.com/{i}\r\n\
         Content-Type: application/http; msgtype=response\r\nContent-Length: {length}\r\n\r\n{http}\r\n\r\n"
    )
    .into_bytes()
}

#[test]
fn a_warc_record_claiming_a_terabyte_loses_no_other_record() {
    let dir = tmp("warc");
    let mut data = Vec::new();
    for i in 0..3 {
        data.extend(warc_record(i, None));
    }
    data.extend(warc_record(99, Some(1_000_000_000_000)));
    for i in 3..6 {
        data.extend(warc_record(i, None));
    }
    std::fs::write(dir.join("crawl.warc"), &data).unwrap();
    let db = dir.join("w.db");
    let out = run(bin().arg("ingest").arg(dir.join("crawl.warc")).arg("--db").arg(&db));
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("read 6 documents: 6 added, 0 already in store; 1 skipped"), "{}", stdout(&out));
    let out = run(bin().args(["export", "rejects", "--db"]).arg(&db));
    assert!(stdout(&out).contains("#record4") && stdout(&out).contains("Content-Length overruns the record"), "{}", stdout(&out));
}

#[test]
fn ingest_that_reads_nothing_fails_with_its_summary() {
    let dir = tmp("nothing");
    let db = dir.join("n.db");
    let out = run(bin().arg("ingest").arg(dir.join("no-such-file.txt")).arg(dir.join("typo.jsnl")).arg("--db").arg(&db));
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stdout(&out).starts_with("read 0 documents"), "{}", stdout(&out));
    assert!(stderr(&out).contains("no document was read"), "{}", stderr(&out));
    // Documents already stored count as read: a re-run is a success.
    std::fs::write(dir.join("a.txt"), "Russia attacked Ukraine on Monday, officials said.").unwrap();
    let out = run(bin().arg("ingest").arg(dir.join("a.txt")).arg("--db").arg(&db));
    assert!(out.status.success(), "{}", stderr(&out));
    let out = run(bin().arg("ingest").arg(dir.join("a.txt")).arg("--db").arg(&db));
    assert!(out.status.success() && stdout(&out).contains("1 already in store"), "{}", stdout(&out));
}

/// Runs `args` under a pseudo-terminal (util-linux `script`); returns what the terminal showed
/// and the exit code.
fn on_terminal(args: &[&str], env: &[(&str, &str)]) -> (String, Option<i32>) {
    let quoted: Vec<String> = args.iter().map(|a| format!("'{}'", a.replace('\'', "'\\''"))).collect();
    let command = format!("{} {}", env!("CARGO_BIN_EXE_statecraft"), quoted.join(" "));
    let mut cmd = Command::new("script");
    cmd.args(["-qec", &command, "/dev/null"]);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("util-linux `script` runs a command on a pseudo-terminal");
    (String::from_utf8_lossy(&out.stdout).into_owned(), out.status.code())
}

#[test]
fn progress_shows_on_a_terminal_and_not_in_a_pipe() {
    let dir = tmp("progress");
    let input = dir.join("long.txt");
    std::fs::write(&input, run_on(30_000)).unwrap();
    let input = input.to_str().unwrap();
    let db = dir.join("p.db");
    let env = [("STATECRAFT_PROGRESS_AFTER_MS", "0")];
    let (screen, code) = on_terminal(&["ingest", input, "--db", db.to_str().unwrap()], &env);
    assert_eq!(code, Some(0), "{screen}");
    assert!(screen.contains(" documents, ") && screen.contains(" events, ") && screen.contains(" skipped, "), "{screen}");
    // --quiet: none.
    let (screen, _) = on_terminal(&["ingest", input, "--db", dir.join("q.db").to_str().unwrap(), "--quiet"], &env);
    assert!(!screen.contains(" documents, "), "{screen}");
    // A pipe: none.
    let out = run(bin().arg("ingest").arg(input).arg("--db").arg(dir.join("r.db")).envs(env));
    assert!(out.status.success());
    assert!(!stderr(&out).contains(" documents, "), "{}", stderr(&out));
}

#[test]
fn parquet_is_not_written_to_a_terminal() {
    let dir = tmp("parquet-tty");
    let db = dir.join("t.db");
    std::fs::write(dir.join("a.txt"), "Russia attacked Ukraine on Monday, officials said.").unwrap();
    assert!(run(bin().arg("ingest").arg(dir.join("a.txt")).arg("--db").arg(&db)).status.success());
    let (screen, code) = on_terminal(&["export", "events", "--format", "parquet", "--db", db.to_str().unwrap()], &[]);
    assert_eq!(code, Some(2), "{screen}");
    assert!(screen.contains("--output FILE") && !screen.contains("PAR1"), "{screen}");
    // To a file it is written.
    let file = dir.join("e.parquet");
    let out = run(bin().args(["export", "events", "--format", "parquet", "--db"]).arg(&db).arg("--output").arg(&file));
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(std::fs::read(&file).unwrap().starts_with(b"PAR1"));
}

/// The effective user id of this process (from /proc).
fn euid() -> Option<u32> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status.lines().find(|l| l.starts_with("Uid:"))?.split_whitespace().nth(2)?.parse().ok()
}

/// A command that runs as a user who cannot write to folders it does not own: this user, or
/// `nobody` (65534) when the tests run as root, whom permissions do not stop.
fn as_unprivileged(mut cmd: Command) -> Command {
    use std::os::unix::process::CommandExt;
    if euid() == Some(0) {
        cmd.uid(65534).gid(65534);
    }
    cmd
}

fn http_get(addr: &str, path: &str) -> Option<(String, String)> {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(addr).ok()?;
    s.set_read_timeout(Some(std::time::Duration::from_secs(10))).ok()?;
    write!(s, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").ok()?;
    let mut response = String::new();
    s.read_to_string(&mut response).ok()?;
    let (head, body) = response.split_once("\r\n\r\n")?;
    Some((head.to_string(), body.to_string()))
}

#[test]
fn serve_and_export_read_a_store_in_a_read_only_folder() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tmp("read-only");
    let store_dir = dir.join("store");
    std::fs::create_dir_all(&store_dir).unwrap();
    let db = store_dir.join("s.db");
    std::fs::write(dir.join("a.txt"), "Russia attacked Ukraine on Monday, officials said.").unwrap();
    assert!(run(bin().arg("ingest").arg(dir.join("a.txt")).arg("--db").arg(&db)).status.success());
    let mode = |p: &Path, m: u32| std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).unwrap();
    mode(&dir, 0o755);
    mode(&db, 0o444);
    mode(&store_dir, 0o555);

    let mut export = as_unprivileged(bin());
    export.args(["export", "events", "--db"]).arg(&db);
    let out = run(&mut export);
    let exported = (out.status.success(), stdout(&out), stderr(&out));

    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let addr = format!("127.0.0.1:{port}");
    let mut serve = as_unprivileged(bin());
    serve.args(["serve", "--db"]).arg(&db).args(["--addr", &addr]).stdout(std::process::Stdio::null()).stderr(std::process::Stdio::piped());
    let mut server = serve.spawn().unwrap();
    let mut answer = None;
    for _ in 0..100 {
        if let Some(a) = http_get(&addr, "/api/overview") {
            answer = Some(a);
            break;
        }
        if server.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let _ = server.kill();
    let out = server.wait_with_output().unwrap();
    mode(&store_dir, 0o755);

    assert!(exported.0, "export from a read-only folder: {}", exported.2);
    assert!(exported.1.contains("\"event\":\"ASSAULT\""), "{}", exported.1);
    let (head, body) = answer.unwrap_or_else(|| panic!("serve did not answer: {}", stderr(&out)));
    assert!(head.starts_with("HTTP/1.1 200"), "{head}\n{body}");
    let overview: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(overview["documents"], 1, "{body}");
    assert!(std::fs::read_dir(&store_dir).unwrap().count() == 1, "nothing was written beside the store");
}
