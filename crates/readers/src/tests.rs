use super::*;
use std::io::{Cursor, Write};

/// A fresh folder under the system temp dir, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("statecraft-readers-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("create temp dir");
        TempDir(dir)
    }

    fn write(&self, rel: &str, bytes: &[u8]) -> PathBuf {
        let path = self.0.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).expect("create parent");
        }
        fs::write(&path, bytes).expect("write file");
        path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

fn read_one(path: &Path) -> Vec<Item> {
    read_paths(&[path.to_path_buf()]).collect()
}

fn rejected(item: &Item) -> &Rejected {
    match item {
        Item::Rejected(r) => r,
        Item::Doc(d) => panic!("expected a rejection, got document {}", d.origin),
    }
}

fn doc(item: &Item) -> &Document {
    match item {
        Item::Doc(d) => d,
        Item::Rejected(r) => panic!("expected a document, got rejection {}: {}", r.origin, r.reason),
    }
}

#[test]
fn content_id_is_short_sha256() {
    let id = content_id("hello");
    assert_eq!(id, "sha256:2cf24dba5fb0a30e");
    assert_eq!(content_id("hello"), id);
    assert_ne!(content_id("hello!"), id);
}

#[test]
fn text_file_becomes_a_document() {
    let dir = TempDir::new("txt");
    let path = dir.write("2025-08-07-talks.txt", b"Moscow talks\n\nThe ministers met.\n");
    let items = read_one(&path);
    assert_eq!(items.len(), 1);
    let d = doc(&items[0]);
    assert_eq!(d.id, content_id("Moscow talks\n\nThe ministers met.\n"));
    assert_eq!(d.origin, path.display().to_string());
    assert_eq!(d.date, NaiveDate::from_ymd_opt(2025, 8, 7));
    assert_eq!(d.title, None);
    assert_eq!(d.text, "Moscow talks\n\nThe ministers met.\n");

    let undated = dir.write("talks.txt", b"Text.");
    assert_eq!(doc(&read_one(&undated)[0]).date, None);
    let bad_date = dir.write("2025-13-07-talks.txt", b"Text.");
    assert_eq!(doc(&read_one(&bad_date)[0]).date, None);
}

#[test]
fn empty_file_is_rejected() {
    let dir = TempDir::new("empty");
    for (name, bytes) in [("a.txt", &b""[..]), ("b.txt", &b" \n\t\r\n"[..]), ("c.txt", "\u{feff}\n".as_bytes())] {
        let path = dir.write(name, bytes);
        let items = read_one(&path);
        assert_eq!(rejected(&items[0]).reason, "empty file", "{name}");
    }
}

#[test]
fn empty_inputs_of_every_type_say_so_alike() {
    let dir = TempDir::new("empty-kinds");
    let cases: [(&str, &[u8]); 7] = [
        ("a.jsonl", b""),
        ("b.jsonl", b"\n  \n\n"),
        ("c.html", b""),
        ("d.htm", b" \n "),
        ("e.warc", b""),
        ("f.warc.gz", b""),
        ("g.jsonl.gz", b""),
    ];
    for (name, bytes) in cases {
        let path = dir.write(name, bytes);
        let items = read_one(&path);
        assert_eq!(items.len(), 1, "{name}");
        assert_eq!(rejected(&items[0]).reason, "empty file", "{name}");
    }
}

#[test]
fn binary_file_is_rejected() {
    let dir = TempDir::new("binary");
    let path = dir.write("image.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    let items = read_one(&path);
    assert_eq!(rejected(&items[0]).reason, "binary file, not text");
}

#[test]
fn invalid_utf8_is_rejected_with_offset() {
    let dir = TempDir::new("utf8");
    let path = dir.write("latin1.txt", b"caf\xe9 au lait");
    let items = read_one(&path);
    let r = rejected(&items[0]);
    assert_eq!(r.reason, "invalid UTF-8 at byte 3");
    assert_eq!(r.origin, path.display().to_string());
}

#[test]
fn jsonl_fields_ids_and_dates() {
    let dir = TempDir::new("jsonl");
    let body = concat!(
        r#"{"id":"a1","text":"First.","date":"2025-08-07","title":"T","url":"https://x.test/1","outlet":"Wire"}"#,
        "\n",
        r#"{"id":42,"text":"Second.","date":"2025-08-07T23:30:00+02:00"}"#,
        "\n",
        "\n",
        "   \n",
        r#"{"text":"Third.","title":"","date":null}"#,
        "\r\n",
        r#"{"id":1.5e3,"text":"Fourth."}"#,
    );
    let path = dir.write("feed.jsonl", body.as_bytes());
    let items = read_one(&path);
    assert_eq!(items.len(), 4);
    let p = path.display().to_string();

    let first = doc(&items[0]);
    assert_eq!(first.id, "a1");
    assert_eq!(first.origin, format!("{p}:1"));
    assert_eq!(first.date, NaiveDate::from_ymd_opt(2025, 8, 7));
    assert_eq!(first.title.as_deref(), Some("T"));
    assert_eq!(first.url.as_deref(), Some("https://x.test/1"));
    assert_eq!(first.outlet.as_deref(), Some("Wire"));
    assert_eq!(first.text, "First.");

    let second = doc(&items[1]);
    assert_eq!(second.id, "42");
    assert_eq!(second.origin, format!("{p}:2"));
    assert_eq!(second.date, NaiveDate::from_ymd_opt(2025, 8, 7));

    let third = doc(&items[2]);
    assert_eq!(third.id, content_id("Third."));
    assert_eq!(third.origin, format!("{p}:5"), "blank lines still count");
    assert_eq!(third.title, None);
    assert_eq!(third.date, None);

    assert_eq!(doc(&items[3]).id, "1500.0");
}

#[test]
fn ndjson_is_read_too() {
    let dir = TempDir::new("ndjson");
    let path = dir.write("feed.NDJSON", br#"{"text":"Hello."}"#);
    assert_eq!(doc(&read_one(&path)[0]).text, "Hello.");
}

#[test]
fn malformed_lines_are_rejected_and_the_rest_continues() {
    let dir = TempDir::new("malformed");
    let mut body = Vec::new();
    body.extend_from_slice(b"{\"text\": \"ok one\"}\n");
    body.extend_from_slice(b"{\"text\": \"unterminated\n");
    body.extend_from_slice(b"{\"title\": \"no text\"}\n");
    body.extend_from_slice(b"{\"text\": \"   \"}\n");
    body.extend_from_slice(b"{\"text\": 7}\n");
    body.extend_from_slice(b"[1, 2]\n");
    body.extend_from_slice(b"{\"text\": \"bad date\", \"date\": \"07/08/2025\"}\n");
    body.extend_from_slice(b"{\"text\": \"caf\xe9\"}\n");
    body.extend_from_slice(b"{\"text\": \"bad id\", \"id\": [1]}\n");
    body.extend_from_slice(b"{\"text\": \"ok two\"}");
    let path = dir.write("feed.jsonl", &body);
    let items = read_one(&path);
    assert_eq!(items.len(), 10);
    let p = path.display().to_string();

    assert_eq!(doc(&items[0]).text, "ok one");
    let r = rejected(&items[1]);
    assert_eq!(r.origin, format!("{p}:2"));
    assert!(r.reason.starts_with("line 2: invalid JSON: "), "{}", r.reason);
    assert_eq!(rejected(&items[2]).reason, "line 3: missing \"text\"");
    assert_eq!(rejected(&items[3]).reason, "line 4: empty \"text\"");
    assert_eq!(rejected(&items[4]).reason, "line 5: \"text\" is not a string");
    assert_eq!(rejected(&items[5]).reason, "line 6: expected a JSON object");
    let r = rejected(&items[6]);
    assert!(r.reason.starts_with("line 7: unparsable date \"07/08/2025\""), "{}", r.reason);
    assert_eq!(rejected(&items[7]).reason, "line 8: invalid UTF-8 at byte 13");
    assert_eq!(rejected(&items[8]).reason, "line 9: \"id\" must be a string or a number");
    let last = doc(&items[9]);
    assert_eq!(last.text, "ok two");
    assert_eq!(last.origin, format!("{p}:10"));
}

#[test]
fn over_long_line_is_skipped_without_stopping() {
    let dir = TempDir::new("long");
    let path = dir.0.join("big.jsonl");
    {
        let mut f = std::io::BufWriter::new(File::create(&path).expect("create"));
        f.write_all(b"{\"text\": \"").expect("write");
        let chunk = vec![b'a'; 1 << 20];
        for _ in 0..50 {
            f.write_all(&chunk).expect("write");
        }
        f.write_all(b"\"}\n{\"text\": \"after\"}\n").expect("write");
        f.flush().expect("flush");
    }
    let items = read_one(&path);
    assert_eq!(items.len(), 2);
    let r = rejected(&items[0]);
    assert_eq!(r.origin, format!("{}:1", path.display()));
    assert_eq!(r.reason, "line 1: longer than 32 MiB, skipped");
    let d = doc(&items[1]);
    assert_eq!(d.text, "after");
    assert_eq!(d.origin, format!("{}:2", path.display()));
}

#[test]
fn line_limit_edges() {
    let mut input = Cursor::new(b"abcd\nabcde\r\nabcdef\nab\r\nabcde\rX\n\nlast\nabcdef".to_vec());
    let mut lines = Vec::new();
    while let Some(line) = read_line_limited(&mut input, 5).expect("read") {
        lines.push(match line {
            Line::Text(bytes) => String::from_utf8(bytes).expect("utf8"),
            Line::TooLong => "<too long>".to_string(),
        });
    }
    assert_eq!(lines, ["abcd", "abcde", "<too long>", "ab", "<too long>", "", "last", "<too long>"]);
}

#[test]
fn folders_recurse_in_sorted_order_skipping_hidden() {
    let dir = TempDir::new("tree");
    dir.write("b.txt", b"B");
    dir.write("a/2.txt", b"A2");
    dir.write("a/1.txt", b"A1");
    dir.write("a/deeper/z.jsonl", b"{\"text\":\"Z1\"}\n{\"text\":\"Z2\"}\n");
    dir.write("c.txt", b"C");
    dir.write(".hidden.txt", b"H");
    dir.write(".git/x.txt", b"X");
    let run = || -> Vec<String> {
        read_paths(std::slice::from_ref(&dir.0))
            .map(|item| match item {
                Item::Doc(d) => d.text,
                Item::Rejected(r) => format!("rejected {}: {}", r.origin, r.reason),
            })
            .collect()
    };
    let first = run();
    assert_eq!(first, ["A1", "A2", "Z1", "Z2", "B", "C"]);
    assert_eq!(run(), first);

    // Paths given explicitly are read in the order given, even when hidden.
    let given: Vec<String> =
        read_paths(&[dir.0.join("c.txt"), dir.0.join(".hidden.txt")]).map(|item| doc(&item).text.clone()).collect();
    assert_eq!(given, ["C", "H"]);
}

#[test]
fn unsupported_types_and_missing_paths() {
    let dir = TempDir::new("unsupported");
    let pdf = dir.write("report.pdf", b"%PDF-1.4");
    let bare = dir.write("README", b"hi");
    let missing = dir.0.join("nope.txt");
    let items: Vec<Item> = read_paths(&[pdf.clone(), bare, missing.clone()]).collect();
    assert_eq!(items.len(), 3);
    let r = rejected(&items[0]);
    assert_eq!(r.origin, pdf.display().to_string());
    assert_eq!(r.reason, format!("unsupported file type .pdf {SUPPORTED}"));
    assert_eq!(rejected(&items[1]).reason, format!("unsupported file type (no extension) {SUPPORTED}"));
    let r = rejected(&items[2]);
    assert_eq!(r.origin, missing.display().to_string());
    assert_eq!(r.reason, "no such file or directory");
}

#[test]
fn date_prefixes() {
    assert_eq!(date_prefix("2025-08-07.txt"), NaiveDate::from_ymd_opt(2025, 8, 7));
    assert_eq!(date_prefix("2025-08-07_x.txt"), NaiveDate::from_ymd_opt(2025, 8, 7));
    assert_eq!(date_prefix("2025-08-071.txt"), None);
    assert_eq!(date_prefix("2025-02-30.txt"), None);
    assert_eq!(date_prefix("é2025-08-07.txt"), None);
    assert_eq!(date_prefix("short"), None);
}

#[test]
fn oversized_text_file_is_refused() {
    let dir = TempDir::new("oversized");
    let path = dir.0.join("huge.txt");
    File::create(&path).and_then(|f| f.set_len(MAX_TEXT_FILE + 1)).expect("sparse file");
    let items = read_one(&path);
    assert_eq!(rejected(&items[0]).reason, "file larger than 64 MiB, not read; split it into smaller files");
}
