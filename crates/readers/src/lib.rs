//! Sources stage: turns files and folders into [`Document`]s.
//!
//! [`read_paths`] walks the given paths (folders recursively, in sorted order, skipping hidden
//! entries) and yields one [`Item`] per article: a [`Document`] when it could be read, or a
//! [`Rejected`] record saying why not. Nothing is dropped silently and nothing panics on bad
//! input.
//!
//! Supported sources:
//! - `.txt`: one article per file, read whole (refused above 64 MiB).
//! - `.jsonl` / `.ndjson`: one document per line, `{"id","text","date","title","url","outlet"}`,
//!   read line by line; a line longer than 32 MiB is skipped, reading no more than 32 MiB of it.
//! - `.jsonl.gz` / `.ndjson.gz`: the same, gzip-compressed (streamed).
//! - `.html` / `.htm` (and `.html.gz`): one web page; the document is its article body and
//!   metadata, found by `statecraft-html` (see [`web`]). Refused above 32 MiB.
//! - `.warc` / `.warc.gz`: web archives, streamed record by record in constant memory; each HTTP
//!   200 HTML response is a page as above, other responses are rejected with the reason.

use std::collections::HashSet;
use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use statecraft_model::{parse_date, Document, Rejected};

/// Largest `.txt` file read (64 MiB).
pub const MAX_TEXT_FILE: u64 = 64 << 20;
/// Longest JSON line read (32 MiB, not counting the line ending).
pub const MAX_JSON_LINE: usize = 32 << 20;
/// How much of a `.txt` file is scanned for NUL bytes to detect binary files.
const BINARY_SNIFF: usize = 8 << 10;

const SUPPORTED: &str = "(supported: .txt, .jsonl, .jsonl.gz, .html, .htm, .warc, .warc.gz)";

mod web;

/// A stable id for a text: `sha256:` and the first 16 hex digits of its SHA-256.
pub fn content_id(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    let mut id = String::with_capacity(7 + 16);
    id.push_str("sha256:");
    for byte in digest.iter().take(8) {
        id.push_str(&format!("{byte:02x}"));
    }
    id
}

/// What reading yields: a document, or a record of something that could not be read.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Doc(Document),
    Rejected(Rejected),
}

/// Reads every document under `paths`, lazily.
///
/// Folders are walked recursively in path order (so runs are deterministic), skipping entries
/// whose name starts with `.`. Paths given here are read even when hidden. JSON-lines files
/// are streamed line by line.
pub fn read_paths(paths: &[PathBuf]) -> impl Iterator<Item = Item> {
    let pending = paths.iter().rev().map(|p| Pending { path: p.clone(), given: true }).collect();
    ReadPaths { pending, lines: None, warc: None, visited: HashSet::new() }
}

/// A path still to visit; `given` marks the ones named by the caller.
struct Pending {
    path: PathBuf,
    given: bool,
}

struct ReadPaths {
    /// Stack of paths still to visit: the next one is at the end.
    pending: Vec<Pending>,
    /// The JSON-lines file being read, if any.
    lines: Option<JsonLines<Box<dyn BufRead + Send>>>,
    /// The web archive being read, if any.
    warc: Option<web::Warc>,
    /// Folders already walked (canonical paths), so symlink loops end.
    visited: HashSet<PathBuf>,
}

impl Iterator for ReadPaths {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        loop {
            if let Some(lines) = &mut self.lines {
                match lines.next_item() {
                    Some(item) => return Some(item),
                    None => self.lines = None,
                }
            }
            if let Some(warc) = &mut self.warc {
                match warc.next_item() {
                    Some(item) => return Some(item),
                    None => self.warc = None,
                }
            }
            let Pending { path, given } = self.pending.pop()?;
            if let Some(item) = self.visit(path, given) {
                return Some(item);
            }
        }
    }
}

impl ReadPaths {
    /// Handles one path: yields an item for a `.txt` file or a failure, queues the entries of
    /// a folder, or opens a JSON-lines file for [`JsonLines`] to stream.
    fn visit(&mut self, path: PathBuf, given: bool) -> Option<Item> {
        let meta = match fs::metadata(&path) {
            Ok(meta) => meta,
            Err(e) if given && e.kind() == io::ErrorKind::NotFound => {
                return Some(reject(&path, "no such file or directory".to_string()))
            }
            Err(e) => return Some(reject(&path, e.to_string())),
        };
        if meta.is_dir() {
            return self.queue_dir(&path);
        }
        if meta.len() == 0 {
            return Some(reject(&path, EMPTY.to_string()));
        }
        let name = path.file_name().map(|n| n.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
        let ext = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase());
        let gz = name.ends_with(".gz");
        let inner_ext = if gz { Path::new(&name[..name.len() - 3]).extension().map(|e| e.to_string_lossy().to_string()) } else { ext.clone() };
        match inner_ext.as_deref() {
            Some("txt") if !gz => Some(read_text_file(&path)),
            Some("jsonl") | Some("ndjson") => match File::open(&path) {
                Ok(file) => {
                    let raw = BufReader::with_capacity(64 << 10, file);
                    let reader: Box<dyn BufRead + Send> = if gz {
                        Box::new(BufReader::with_capacity(64 << 10, flate2::read::MultiGzDecoder::new(raw)))
                    } else {
                        Box::new(raw)
                    };
                    self.lines = Some(JsonLines::from_reader(path.display().to_string(), reader));
                    None
                }
                Err(e) => Some(reject(&path, e.to_string())),
            },
            Some("html") | Some("htm") => Some(web::read_html_file(&path, gz)),
            Some("warc") => match web::Warc::open(&path, gz) {
                Ok(warc) => {
                    self.warc = Some(warc);
                    None
                }
                Err(e) => Some(reject(&path, e.to_string())),
            },
            _ => match ext.as_deref() {
                Some(other) => Some(reject(&path, format!("unsupported file type .{other} {SUPPORTED}"))),
                None => Some(reject(&path, format!("unsupported file type (no extension) {SUPPORTED}"))),
            },
        }
    }

    /// Pushes a folder's visible entries on the stack, in reverse order so they pop sorted.
    fn queue_dir(&mut self, dir: &Path) -> Option<Item> {
        let key = fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
        if !self.visited.insert(key) {
            return None;
        }
        let entries = match fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) => return Some(reject(dir, e.to_string())),
        };
        let mut children = Vec::new();
        let mut failure = None;
        for entry in entries {
            match entry {
                Ok(entry) => {
                    if !entry.file_name().to_string_lossy().starts_with('.') {
                        children.push(entry.path());
                    }
                }
                Err(e) => failure = Some(reject(dir, e.to_string())),
            }
        }
        children.sort();
        self.pending.extend(children.into_iter().rev().map(|path| Pending { path, given: false }));
        failure
    }
}

fn reject(origin: &Path, reason: String) -> Item {
    Item::Rejected(Rejected { origin: origin.display().to_string(), reason })
}

/// Reads a `.txt` file as one article.
fn read_text_file(path: &Path) -> Item {
    let file = match File::open(path) {
        Ok(file) => file,
        Err(e) => return reject(path, e.to_string()),
    };
    // Read at most one byte past the limit, so a file that grows meanwhile is still caught.
    let mut bytes = Vec::new();
    if let Err(e) = file.take(MAX_TEXT_FILE + 1).read_to_end(&mut bytes) {
        return reject(path, e.to_string());
    }
    if bytes.len() as u64 > MAX_TEXT_FILE {
        return reject(path, "file larger than 64 MiB, not read; split it into smaller files".to_string());
    }
    if bytes[..bytes.len().min(BINARY_SNIFF)].contains(&0) {
        return reject(path, "binary file, not text".to_string());
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => return reject(path, format!("invalid UTF-8 at byte {}", e.utf8_error().valid_up_to())),
    };
    if is_blank(&text) {
        return reject(path, EMPTY.to_string());
    }
    Item::Doc(Document {
        id: content_id(&text),
        title: None,
        date: path.file_name().and_then(|n| date_prefix(&n.to_string_lossy())),
        url: None,
        outlet: None,
        origin: path.display().to_string(),
        text,
        removed: Vec::new(),
        notes: Vec::new(),
    })
}

/// Whitespace only (a byte-order mark counts as whitespace here).
fn is_blank(text: &str) -> bool {
    text.chars().all(|c| c.is_whitespace() || c == '\u{feff}')
}

/// The date a file name starts with (`2025-08-07-talks.txt`), if any.
fn date_prefix(name: &str) -> Option<NaiveDate> {
    let head = name.get(..10)?;
    if name[10..].starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    NaiveDate::parse_from_str(head, "%Y-%m-%d").ok()
}

/// Reads JSON-lines documents from any stream (standard input for `statecraft code`), with the
/// same parsing, limits and reasons as `.jsonl` files; `name` stands for the stream in origins.
pub fn read_json_lines<R: BufRead>(name: &str, reader: R) -> impl Iterator<Item = Item> {
    let mut lines = JsonLines::from_reader(name.to_string(), reader);
    std::iter::from_fn(move || lines.next_item())
}

/// Streams a JSON-lines file, one item per non-blank line.
struct JsonLines<R: BufRead> {
    path: String,
    reader: R,
    line: usize,
    done: bool,
    /// Some line was more than blank.
    seen: bool,
}

/// The reason for a file, page or stream with nothing but whitespace in it, whatever its type.
pub(crate) const EMPTY: &str = "empty file";

/// One line as read: its bytes without the line ending, or the fact it was too long.
enum Line {
    Text(Vec<u8>),
    TooLong,
}

impl<R: BufRead> JsonLines<R> {
    fn from_reader(path: String, reader: R) -> Self {
        JsonLines { path, reader, line: 0, done: false, seen: false }
    }

    fn next_item(&mut self) -> Option<Item> {
        while !self.done {
            let line = match read_line_limited(&mut self.reader, MAX_JSON_LINE) {
                Ok(Some(line)) => line,
                Ok(None) => {
                    self.done = true;
                    if !self.seen {
                        return Some(Item::Rejected(Rejected { origin: self.path.clone(), reason: EMPTY.to_string() }));
                    }
                    return None;
                }
                Err(e) => {
                    self.done = true;
                    return Some(self.reject(format!("line {}: read error: {e}", self.line + 1)));
                }
            };
            self.line += 1;
            self.seen |= !matches!(&line, Line::Text(b) if b.iter().all(|c| c.is_ascii_whitespace()));
            let n = self.line;
            let bytes = match line {
                Line::TooLong => {
                    return Some(self.reject(format!("line {n}: longer than 32 MiB, skipped")));
                }
                Line::Text(bytes) => bytes,
            };
            let text = match std::str::from_utf8(&bytes) {
                Ok(text) => text,
                Err(e) => {
                    return Some(self.reject(format!("line {n}: invalid UTF-8 at byte {}", e.valid_up_to())));
                }
            };
            let text = if n == 1 { text.trim_start_matches('\u{feff}') } else { text };
            if text.trim().is_empty() {
                continue;
            }
            return Some(match parse_line(text) {
                Ok(mut doc) => {
                    doc.origin = self.origin();
                    Item::Doc(doc)
                }
                Err(reason) => self.reject(format!("line {n}: {reason}")),
            });
        }
        None
    }

    fn origin(&self) -> String {
        format!("{}:{}", self.path, self.line)
    }

    fn reject(&self, reason: String) -> Item {
        Item::Rejected(Rejected { origin: self.origin(), reason })
    }
}

/// Reads one line of at most `limit` bytes (line ending excluded). Returns `None` at end of
/// input. A longer line is consumed up to its end without being kept: `TooLong`.
fn read_line_limited(reader: &mut impl BufRead, limit: usize) -> io::Result<Option<Line>> {
    let mut buf = Vec::new();
    // Room for the content and a `\r\n` ending: a fuller buffer means the line goes on.
    let cap = u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(2);
    let read = reader.by_ref().take(cap).read_until(b'\n', &mut buf)?;
    if read == 0 {
        return Ok(None);
    }
    let ended = buf.last() == Some(&b'\n');
    if !ended && read as u64 == cap {
        drop(buf);
        skip_line(reader)?;
        return Ok(Some(Line::TooLong));
    }
    if ended {
        buf.pop();
    }
    if buf.last() == Some(&b'\r') {
        buf.pop();
    }
    if buf.len() > limit {
        return Ok(Some(Line::TooLong));
    }
    Ok(Some(Line::Text(buf)))
}

/// Consumes input up to and including the next newline, keeping nothing.
fn skip_line(reader: &mut impl BufRead) -> io::Result<()> {
    loop {
        let available = match reader.fill_buf() {
            Ok(available) => available,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok(());
        }
        match available.iter().position(|&b| b == b'\n') {
            Some(i) => {
                reader.consume(i + 1);
                return Ok(());
            }
            None => {
                let len = available.len();
                reader.consume(len);
            }
        }
    }
}

/// Turns one JSON line into a document (origin left for the caller), or says what is wrong.
fn parse_line(line: &str) -> Result<Document, String> {
    let value: Value = serde_json::from_str(line).map_err(|e| format!("invalid JSON: {e}"))?;
    let Value::Object(obj) = value else {
        return Err("expected a JSON object".to_string());
    };
    let text = match obj.get("text") {
        Some(Value::String(text)) => text,
        Some(Value::Null) | None => return Err("missing \"text\"".to_string()),
        Some(_) => return Err("\"text\" is not a string".to_string()),
    };
    if is_blank(text) {
        return Err("empty \"text\"".to_string());
    }
    let id = match obj.get("id") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if s.trim().is_empty() => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        Some(_) => return Err("\"id\" must be a string or a number".to_string()),
    };
    let date = match optional_string(&obj, "date")? {
        None => None,
        Some(s) => Some(
            parse_date(&s)
                .ok_or_else(|| format!("unparsable date {} (expected YYYY-MM-DD or RFC 3339)", quoted(&s)))?,
        ),
    };
    Ok(Document {
        id: id.unwrap_or_else(|| content_id(text)),
        title: optional_string(&obj, "title")?,
        date,
        url: optional_string(&obj, "url")?,
        outlet: optional_string(&obj, "outlet")?,
        origin: String::new(),
        text: text.clone(),
        removed: Vec::new(),
        notes: Vec::new(),
    })
}

/// A string field that may be absent, null or empty (all `None`); any other type is an error.
fn optional_string(obj: &Map<String, Value>, key: &str) -> Result<Option<String>, String> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(other) => Err(format!("\"{key}\" must be a string, not {}", json_type(other))),
    }
}

/// A value for an error message: JSON-quoted, cut to 80 characters.
fn quoted(s: &str) -> String {
    match s.char_indices().nth(80) {
        Some((i, _)) => format!("{}...", Value::String(s[..i].to_string())),
        None => Value::String(s.to_string()).to_string(),
    }
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests;
