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
