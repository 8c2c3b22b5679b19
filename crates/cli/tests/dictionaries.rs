//! `statecraft dictionaries check`: the shipped dictionaries read back with no line left out,
//! and a file with a bad line reported with its number and a non-zero exit status.

use std::path::Path;
use std::process::Command;

fn check(args: &[&Path]) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_statecraft")).arg("dictionaries").arg("check").args(args).output().expect("run statecraft");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    (out.status.success(), String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn shipped_dictionaries_read_back_with_no_line_left_out() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let phoenix = root.join("dictionaries/phoenix");
    let own = root.join("dictionaries");
    let (ok, out) = check(&[&phoenix, &own]);
    assert!(ok, "{out}");
    // six Phoenix files and Statecraft's own six
    assert!(out.contains("checked 12 files: 0 lines not understood, 0 files not read"), "{out}");
    assert!(out.contains("CAMEO.2.0.txt: verbs (PETRARCH-2 verb patterns): 40 synonym sets, 397 verb blocks"), "{out}");
    assert!(out.contains("Phoenix.agents.txt: agents"), "{out}");
    assert!(out.contains("Phoenix.discards.txt: discards"), "{out}");
    assert!(out.contains("Phoenix.Countries.actors.txt: actors"), "{out}");
    assert!(out.contains("events.txt: Statecraft dictionary; 0 errors"), "{out}");
}

#[test]
fn a_line_not_understood_is_reported_with_its_number() {
    let dir = std::env::temp_dir().join(format!("statecraft-dict-check-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("mine.actors.txt");
    std::fs::write(&file, "# my actors\nGONDOR [GON]\n+GONDORIAN\nARNOR [ARN 9912-]\n").unwrap();
    let (ok, out) = check(&[&file]);
    assert!(!ok, "{out}");
    assert!(out.contains("actors (PETRARCH actors)"), "{out}");
    assert!(out.contains("1 lines not understood"), "{out}");
    assert!(out.contains("  line 4: "), "{out}");
    assert!(out.contains("ARNOR [ARN 9912-]"), "{out}");
    let missing = dir.join("no-such-file.txt");
    let (ok, out) = check(&[&missing]);
    assert!(!ok, "{out}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// `eval petrarch` on records and dictionaries written for the test: the environment's files
/// found beside the records, codes outside the CAMEO table kept as written, strict and loose
/// (rules alone, so the figures do not depend on the event model).
#[test]
fn eval_petrarch_codes_records_with_their_environment() {
    let dir = std::env::temp_dir().join(format!("statecraft-eval-petrarch-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("t.verbs.txt"), "--- CONDEMN [122] ---\nCONDEMN\n\n--- ABANDON [904] ---\nABANDON\n").unwrap();
    std::fs::write(dir.join("t.actors.txt"), "ARNOR [ARN]\nGONDOR [GON]\n").unwrap();
    std::fs::write(dir.join("t.agents.txt"), "SOLDIER [~MILINF]\n").unwrap();
    let record = |id: &str, coding: &str, text: &str| format!("<Sentence date=\"19950101\" id=\"{id}\" category=\"DEMO\">\n{coding}\n<Text>\n{text}\n</Text>\n</Sentence>\n");
    let records = format!(
        "<Validation>\n<Environment>\n<Verbfile>t.verbs.txt</Verbfile>\n<Actorfile>t.actors.txt</Actorfile>\n<Agentfile>t.agents.txt</Agentfile>\n</Environment>\n<Sentences>\n{}{}{}{}</Sentences>\n</Validation>\n",
        record("A-1", r#"<EventCoding sourcecode="ARN" targetcode="GON" eventcode="122"></EventCoding>"#, "Arnor condemned Gondor on Monday."),
        // an agent's whole code is the sector, as PETRARCH writes it
        record("A-2", r#"<EventCoding sourcecode="GONMILINF" targetcode="ARN" eventcode="904"></EventCoding>"#, "Gondor soldiers abandoned Arnor."),
        record("A-3", r#"<EventCoding noevents="true"></EventCoding>"#, "The weather was fine in Arnor."),
        // expected the other way round: a miss, strict and loose
        record("A-4", r#"<EventCoding sourcecode="GON" targetcode="ARN" eventcode="122"></EventCoding>"#, "Arnor condemned Gondor again."),
    );
    let file = dir.join("records.xml");
    std::fs::write(&file, records).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_statecraft")).args(["eval", "petrarch"]).arg(&file).args(["--misses", "5", "--events-model", "none"]).output().expect("run statecraft");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.ends_with("petrarch: records=4 strict=3 loose=3\n"), "{stdout}");
    assert!(stdout.contains("half A (even positions): records=2 strict=2"), "{stdout}");
    assert!(stdout.contains("miss A-4 (DEMO)"), "{stdout}");
    assert!(stdout.contains("  got      ARN GON 122"), "{stdout}");
    let gated = Command::new(env!("CARGO_BIN_EXE_statecraft")).args(["eval", "petrarch"]).arg(&file).args(["--min-strict", "4", "--events-model", "none"]).output().unwrap();
    assert_eq!(gated.status.code(), Some(3));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn binary_and_run_on_lines_are_reported_cut_short() {
    let dir = std::env::temp_dir().join(format!("statecraft-dict-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let huge = dir.join("huge.txt");
    std::fs::write(&huge, format!("- {}[010]\n", "* ".repeat(100_000))).unwrap();
    let binary = dir.join("binary.txt");
    std::fs::write(&binary, (0..4000u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8).collect::<Vec<u8>>()).unwrap();
    for f in [&huge, &binary] {
        let (ok, out) = check(&[f.as_path()]);
        assert!(!ok, "{out}");
        assert!(out.lines().all(|l| l.len() < 1000), "a reported line is not cut: {}", out.len());
        assert!(out.contains("lines not understood, 0 files not read") || out.contains("0 lines not understood, 1 files not read"), "{out}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
