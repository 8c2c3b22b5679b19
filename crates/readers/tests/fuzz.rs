//! Property tests of every reader on generated input: text files, JSON lines, HTML pages and
//! WARC archives, each made from real-looking samples by random mutations (bytes flipped,
//! inserted, deleted, blocks repeated, cut short). Deterministic: the seed is fixed, and
//! `STATECRAFT_FUZZ_CASES` (default 200 per reader) sets how many inputs each reader gets, so
//! a CI run is bounded and a failure repeats. Inputs that once failed are kept below as tests.
//!
//! Properties: no reader panics or loops; every item is a document with text or a rejection
//! with a reason; a WARC record whose `Content-Length` lies costs that record only.

use std::io::Write;
use std::path::{Path, PathBuf};

use statecraft_readers::{read_json_lines, read_paths, Item};

/// SplitMix64: small, fast, and the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Pieces that make readers take their rarer paths.
const TOKENS: &[&[u8]] = &[
    b"\n", b"\r\n", b"\r\n\r\n", b"\0", b"\xff", b"\xe9", b"\xf0\x9f", "\u{feff}".as_bytes(), b"\"", b"{", b"}", b"\\",
    b"\\u00", b"<", b">", b"</p>", b"<script>", b"<!--", b"<meta charset=\"shift_jis\">", b"&amp;", b"&#x0;",
    b"WARC/1.0\r\n", b"Content-Length: 99999999999\r\n", b"\x1f\x8b\x08", b"Transfer-Encoding: chunked\r\n", b"ffffffff\r\n",
    b"\xe2\x80\xa2 ", b" | ",
];

fn mutate(rng: &mut Rng, sample: &[u8]) -> Vec<u8> {
    let mut out = sample.to_vec();
    for _ in 0..1 + rng.below(8) {
        let at = rng.below(out.len() + 1);
        match rng.below(6) {
            0 if !out.is_empty() => {
                let i = rng.below(out.len());
                out[i] ^= 1 << rng.below(8);
            }
            1 => {
                let t = TOKENS[rng.below(TOKENS.len())];
                out.splice(at..at, t.iter().copied());
            }
            2 if at < out.len() => {
                let end = (at + 1 + rng.below(64)).min(out.len());
                out.drain(at..end);
            }
            3 if at < out.len() => {
                let end = (at + 1 + rng.below(256)).min(out.len());
                let block = out[at..end].to_vec();
                for _ in 0..1 + rng.below(4) {
                    out.splice(at..at, block.iter().copied());
                }
            }
            4 => out.truncate(at),
            _ => {}
        }
    }
    out
}

fn cases() -> usize {
    std::env::var("STATECRAFT_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(200)
}

struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("statecraft-fuzz-{}-{name}", std::process::id()));
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

/// Every item is a document with some text or a rejection with a reason.
fn check(items: &[Item], input: &Path) {
    for item in items {
        match item {
            Item::Doc(d) => assert!(!d.text.trim().is_empty() && !d.id.is_empty(), "empty document from {}", input.display()),
            Item::Rejected(r) => assert!(!r.reason.is_empty(), "rejection without a reason from {}", input.display()),
        }
    }
}

fn read_file(dir: &TempDir, name: &str, bytes: &[u8]) -> Vec<Item> {
    let path = dir.0.join(name);
    std::fs::write(&path, bytes).expect("write input");
    let items: Vec<Item> = read_paths(std::slice::from_ref(&path)).collect();
    check(&items, &path);
    items
}

const ARTICLE: &str = "Talks resume in Geneva\n\nThu. Aug 7th, 2025\n\nThe envoys met in Geneva on Monday to discuss a \
    ceasefire, officials said. \"We will not retreat,\" said Andrei Sokolov.\n\nRussia attacked Ukraine; \u{2022} NATO | condemned it.";

fn page(i: usize) -> String {
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Talks {i} | News</title>\
         <script type=\"application/ld+json\">{{\"@type\":\"NewsArticle\",\"headline\":\"Talks {i}\",\"datePublished\":\"2025-03-04\"}}</script></head>\
         <body><nav><a href=\"/\">Home</a></nav><article><h1>Talks {i}</h1><p>The envoys met in Geneva on Monday for round {i} of \
         talks on a ceasefire, officials said.</p><p>They agreed to meet again next week, according to a joint statement.</p>\
         <div class=\"related\"><a href=\"/x\">Another story</a></div></article><footer>All rights reserved.</footer></body></html>"
    )
}

fn warc_record(i: usize, length: Option<usize>) -> Vec<u8> {
    let http = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{}", page(i));
    let length = length.unwrap_or(http.len());
    format!(
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://example.com/{i}\r\n\
         Content-Type: application/http; msgtype=response\r\nContent-Length: {length}\r\n\r\n{http}\r\n\r\n"
    )
    .into_bytes()
}

fn gz(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(bytes).expect("compress");
    e.finish().expect("compress")
}

#[test]
fn text_files_never_break_the_reader() {
    let dir = TempDir::new("txt");
    let mut rng = Rng(1);
    for _ in 0..cases() {
        read_file(&dir, "a.txt", &mutate(&mut rng, ARTICLE.as_bytes()));
    }
}

#[test]
fn json_lines_never_break_the_reader() {
    let dir = TempDir::new("jsonl");
    let sample = format!(
        "{}\n{}\n\n{}\n",
        serde_json::json!({"id": "a", "text": ARTICLE, "date": "2025-08-07", "title": "T", "url": "https://x.org/a"}),
        serde_json::json!({"text": "Russia attacked Ukraine.", "date": "2025-08-07T10:00:00Z"}),
        serde_json::json!({"id": "c", "text": "China condemned it.", "outlet": "Wire"})
    );
    let mut rng = Rng(2);
    for _ in 0..cases() {
        let input = mutate(&mut rng, sample.as_bytes());
        let path = dir.0.join("stdin");
        let items: Vec<Item> = read_json_lines("stdin", &input[..]).collect();
        check(&items, &path);
        // Each line gives at most one item (blank lines none).
        assert!(items.len() <= input.split(|&b| b == b'\n').count().max(1));
        read_file(&dir, "a.jsonl", &input);
        read_file(&dir, "a.jsonl.gz", &gz(&input));
    }
}

#[test]
fn html_pages_never_break_the_reader() {
    let dir = TempDir::new("html");
    let mut rng = Rng(3);
    for i in 0..cases() {
        let input = mutate(&mut rng, page(i).as_bytes());
        let items = read_file(&dir, "a.html", &input);
        assert_eq!(items.len(), 1, "one page, one item");
    }
}

#[test]
fn warc_archives_never_break_the_reader() {
    let dir = TempDir::new("warc");
    let mut rng = Rng(4);
    let sample: Vec<u8> = (0..3).flat_map(|i| warc_record(i, None)).collect();
    for _ in 0..cases() {
        let input = mutate(&mut rng, &sample);
        read_file(&dir, "a.warc", &input);
        read_file(&dir, "a.warc.gz", &gz(&input));
    }
}

#[test]
fn a_lying_content_length_costs_its_record_only() {
    let dir = TempDir::new("warc-lies");
    let mut rng = Rng(5);
    for case in 0..cases() {
        let liar = 1 + rng.below(4);
        let actual = warc_record(liar, None).len();
        let lie = match rng.below(4) {
            0 => rng.below(actual),
            1 => actual + 1 + rng.below(4 * actual),
            2 => 1_000_000_000_000 + rng.below(1000),
            _ => (33 << 20) + rng.below(1 << 20),
        };
        let records: Vec<Vec<u8>> = (0..6).map(|i| warc_record(i, (i == liar).then_some(lie))).collect();
        let plain = records.concat();
        let members: Vec<u8> = records.iter().flat_map(|r| gz(r)).collect();
        for (name, bytes) in [("a.warc", plain), ("a.warc.gz", members)] {
            let items = read_file(&dir, name, &bytes);
            let urls: Vec<String> = items.iter().filter_map(|i| if let Item::Doc(d) = i { d.url.clone() } else { None }).collect();
            for i in (0..6).filter(|&i| i != liar) {
                let url = format!("https://example.com/{i}");
                assert!(urls.contains(&url), "case {case}, {name}: record {i} lost after a Content-Length of {lie} on record {liar}: {urls:?}");
            }
        }
    }
}
