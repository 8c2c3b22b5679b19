//! Web sources: HTML pages and web archives (WARC, WARC.gz).
//!
//! An HTML page becomes a [`Document`] whose text is the article body found by
//! `statecraft-html`, with the page's title, date, outlet and canonical URL. A WARC file is
//! streamed record by record in constant memory: `response` records holding an HTTP 200 HTML
//! page become documents; other responses (not HTML, not 200, larger than
//! [`statecraft_html::MAX_PAGE`]) are rejected with the reason; `request`, `metadata`,
//! `warcinfo` and other record types are not documents and are passed over.
//!
//! Damage is contained to the record it hits: a `Content-Length` that disagrees with the
//! record is detected (the next record must follow the block) and reading resumes at the next
//! `WARC/1.x` line; a truncated or corrupt gzip member is reported and reading resumes at the
//! next gzip member; an over-long page is skipped without being held in memory.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

use flate2::bufread::GzDecoder;
use statecraft_model::{Document, Rejected};

use crate::{content_id, Item};

/// Longest WARC or HTTP header block read (64 KiB).
const MAX_HEADER: usize = 64 << 10;

/// Turns a decoded page into a document or says why not; a note on how it was decoded
/// stays with the document or its rejection.
pub(crate) fn page_to_item(page: statecraft_html::Decoded, url: Option<&str>, origin: String) -> Item {
    let decoding = page.note;
    let page = statecraft_html::extract(&page.text, url);
    if page.text.trim().is_empty() {
        let reason = match &decoding {
            Some(note) => format!("no article text found in the HTML page ({note})"),
            None => "no article text found in the HTML page".to_string(),
        };
        return Item::Rejected(Rejected { origin, reason });
    }
    let notes = decoding.into_iter().chain(std::iter::once(page.extraction_note())).collect();
    Item::Doc(Document {
        id: content_id(&page.text),
        title: page.title,
        date: page.date,
        url: page.canonical_url.or_else(|| url.map(str::to_string)),
        outlet: page.site_name,
        origin,
        text: page.text,
        removed: page.removed,
        notes,
    })
}



/// Reads an `.html`/`.htm` file (optionally gzip-compressed) as one page.
pub(crate) fn read_html_file(path: &Path, gz: bool) -> Item {
    let origin = path.display().to_string();
    let reject = |reason: String| Item::Rejected(Rejected { origin: origin.clone(), reason });
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) => return reject(e.to_string()),
    };
    let limit = statecraft_html::MAX_PAGE as u64;
    let mut bytes = Vec::new();
    let read = if gz {
        flate2::read::MultiGzDecoder::new(BufReader::new(file)).take(limit + 1).read_to_end(&mut bytes)
    } else {
        file.take(limit + 1).read_to_end(&mut bytes)
    };
    if let Err(e) = read {
        return reject(format!("cannot read: {e}"));
    }
    if bytes.len() as u64 > limit {
        return reject("HTML page larger than 32 MiB, not read".to_string());
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return reject(crate::EMPTY.to_string());
    }
    page_to_item(statecraft_html::decode_checked(&bytes, None), None, origin)
}

/// A byte source with push-back, so a record that overran its end can return the bytes of
/// the next record.
struct Input<R> {
    inner: R,
    back: Vec<u8>,
}

impl<R: BufRead> Input<R> {
    fn unread(&mut self, bytes: &[u8]) {
        // `back` is a stack: its end is read first.
        self.back.extend(bytes.iter().rev());
    }

    fn read_byte(&mut self) -> io::Result<Option<u8>> {
        if let Some(b) = self.back.pop() {
            return Ok(Some(b));
        }
        let buf = self.inner.fill_buf()?;
        if buf.is_empty() {
            return Ok(None);
        }
        let b = buf[0];
        self.inner.consume(1);
        Ok(Some(b))
    }

    /// Reads one line (ending `\n` kept) of at most `limit` bytes; `None` at the end.
    fn read_line(&mut self, limit: usize) -> io::Result<Option<Vec<u8>>> {
        let mut line = Vec::new();
        while line.len() < limit {
            if self.back.is_empty() {
                let buf = self.inner.fill_buf()?;
                if buf.is_empty() {
                    break;
                }
                let room = limit - line.len();
                let take = buf.len().min(room);
                match buf[..take].iter().position(|&b| b == b'\n') {
                    Some(i) => {
                        line.extend_from_slice(&buf[..=i]);
                        self.inner.consume(i + 1);
                        return Ok(Some(line));
                    }
                    None => {
                        line.extend_from_slice(&buf[..take]);
                        self.inner.consume(take);
                    }
                }
            } else {
                let Some(b) = self.read_byte()? else { break };
                line.push(b);
                if b == b'\n' {
                    return Ok(Some(line));
                }
            }
        }
        Ok(if line.is_empty() { None } else { Some(line) })
    }

    /// Reads exactly up to `n` bytes into a vector (fewer at the end of input).
    fn read_block(&mut self, n: usize) -> io::Result<Vec<u8>> {
        let mut out = Vec::with_capacity(n.min(1 << 20));
        while out.len() < n {
            if let Some(b) = self.back.pop() {
                out.push(b);
                continue;
            }
            let buf = self.inner.fill_buf()?;
            if buf.is_empty() {
                break;
            }
            let take = buf.len().min(n - out.len());
            out.extend_from_slice(&buf[..take]);
            self.inner.consume(take);
        }
        Ok(out)
    }

    /// Skips up to `n` bytes without keeping them, watching for the start of another record
    /// (a line beginning `WARC/1.`): a block that holds one has a `Content-Length` that runs
    /// past its end, so the skip stops there and the input is left at that line.
    fn skip_block(&mut self, n: u64) -> io::Result<Skip> {
        let mut done = 0u64;
        // The last bytes skipped, for a record start that straddles two buffers.
        let mut tail: Vec<u8> = Vec::with_capacity(RECORD_START.len());
        while done < n {
            let chunk: Vec<u8>;
            let buf: &[u8] = if self.back.is_empty() {
                let b = self.inner.fill_buf()?;
                &b[..b.len().min(usize::try_from(n - done).unwrap_or(usize::MAX))]
            } else {
                let take = self.back.len().min(usize::try_from(n - done).unwrap_or(usize::MAX));
                chunk = self.back.iter().rev().take(take).copied().collect();
                &chunk
            };
            if buf.is_empty() {
                return Ok(Skip::Truncated);
            }
            let mut joined = tail.clone();
            joined.extend_from_slice(&buf[..buf.len().min(RECORD_START.len())]);
            let found = match find(&joined, RECORD_START) {
                Some(i) => Some(i as isize - tail.len() as isize),
                None => find(buf, RECORD_START).map(|i| i as isize),
            };
            let len = buf.len();
            let keep_tail = |tail: &mut Vec<u8>, buf: &[u8]| {
                tail.extend_from_slice(&buf[buf.len().saturating_sub(RECORD_START.len())..]);
                let excess = tail.len().saturating_sub(RECORD_START.len() - 1);
                tail.drain(..excess);
            };
            match found {
                Some(at) => {
                    // Consume through the line end; give back the part of the mark already taken.
                    let line_start = at + 1;
                    if line_start >= 0 {
                        self.consume(line_start as usize);
                    } else {
                        let taken = tail.len() - line_start.unsigned_abs();
                        self.unread(&tail[taken..]);
                    }
                    return Ok(Skip::NextRecord);
                }
                None => {
                    keep_tail(&mut tail, buf);
                    self.consume(len);
                    done += len as u64;
                }
            }
        }
        Ok(Skip::Done(tail))
    }

    /// Consumes `n` bytes already seen through `fill_buf` or the push-back stack.
    fn consume(&mut self, n: usize) {
        let from_back = n.min(self.back.len());
        let keep = self.back.len() - from_back;
        self.back.truncate(keep);
        if n > from_back {
            self.inner.consume(n - from_back);
        }
    }
}

/// The start of a WARC record inside a block: a line beginning with the version.
const RECORD_START: &[u8] = b"\nWARC/1.";

/// How a skip ended.
#[derive(Debug, PartialEq)]
enum Skip {
    /// All the bytes were skipped; the last few are kept, as a record start may begin there.
    Done(Vec<u8>),
    /// Another record starts inside the bytes: the input is left at its `WARC/1.` line.
    NextRecord,
    /// The input ended first.
    Truncated,
}

/// Chains gzip members read from a raw stream; a member that is truncated or corrupt yields
/// one error, after which reading resumes at the next member header found after the broken
/// member's start (so the member following a truncated one is not lost).
pub(crate) struct GzMembers<R: BufRead> {
    src: Option<Rewind<R>>,
    decoder: Option<GzDecoder<Rewind<R>>>,
    done: bool,
}

impl<R: BufRead> GzMembers<R> {
    pub(crate) fn new(raw: R) -> Self {
        GzMembers { src: Some(Rewind { raw, replay: Vec::new(), pos: 0, record: Vec::new(), overflow: false }), decoder: None, done: false }
    }
}

/// The gzip magic and deflate method: the start of a member.
const GZ_MAGIC: [u8; 3] = [0x1f, 0x8b, 0x08];

/// Most compressed bytes of one member kept for re-reading after a failure (64 MiB).
const MAX_REWIND: usize = 64 << 20;

/// A raw stream that remembers the bytes of the current gzip member, so that reading can
/// restart inside them when the member turns out to be broken.
struct Rewind<R> {
    raw: R,
    /// Bytes to serve before `raw`: `replay[pos..]`.
    replay: Vec<u8>,
    pos: usize,
    /// Bytes consumed since the member began.
    record: Vec<u8>,
    overflow: bool,
}

impl<R: BufRead> Read for Rewind<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let buf = self.fill_buf()?;
        let n = buf.len().min(out.len());
        out[..n].copy_from_slice(&buf[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Rewind<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.pos < self.replay.len() {
            return Ok(&self.replay[self.pos..]);
        }
        self.raw.fill_buf()
    }

    fn consume(&mut self, n: usize) {
        let keep = !self.overflow && self.record.len() + n <= MAX_REWIND;
        if !keep {
            self.overflow = true;
            self.record = Vec::new();
        }
        if self.pos < self.replay.len() {
            let end = (self.pos + n).min(self.replay.len());
            if keep {
                self.record.extend_from_slice(&self.replay[self.pos..end]);
            }
            self.pos = end;
            if self.pos == self.replay.len() {
                self.replay = Vec::new();
                self.pos = 0;
            }
            return;
        }
        if keep {
            if let Ok(buf) = self.raw.fill_buf() {
                let m = n.min(buf.len());
                self.record.extend_from_slice(&buf[..m]);
            }
        }
        self.raw.consume(n);
    }
}

impl<R: BufRead> Rewind<R> {
    /// A new member starts here.
    fn mark(&mut self) {
        self.record.clear();
        self.overflow = false;
    }

    /// After a broken member: continue at the next member header after its first byte.
    fn recover(&mut self) -> io::Result<bool> {
        if !self.overflow && self.record.len() > 1 {
            let rec = std::mem::take(&mut self.record);
            if let Some(i) = rec[1..].windows(3).position(|w| w == GZ_MAGIC) {
                let mut replay = rec[1 + i..].to_vec();
                replay.extend_from_slice(&self.replay[self.pos..]);
                self.replay = replay;
                self.pos = 0;
                self.mark();
                return Ok(true);
            }
        }
        self.mark();
        seek_member(self)
    }
}

/// Advances `raw` to the next gzip member header; false at the end of input.
fn seek_member<R: BufRead>(raw: &mut R) -> io::Result<bool> {
    loop {
        let buf = raw.fill_buf()?;
        if buf.is_empty() {
            return Ok(false);
        }
        if let Some(i) = buf.windows(3).position(|w| w == GZ_MAGIC) {
            raw.consume(i);
            return Ok(true);
        }
        // Keep the last two bytes: the magic may straddle the buffer's end.
        let keep = buf.len().min(2);
        let n = buf.len() - keep;
        if n == 0 {
            let len = buf.len();
            raw.consume(len);
            return Ok(false);
        }
        raw.consume(n);
    }
}

impl<R: BufRead> Read for GzMembers<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        loop {
            if self.done || out.is_empty() {
                return Ok(0);
            }
            if self.decoder.is_none() {
                let Some(mut src) = self.src.take() else { return Ok(0) };
                if src.fill_buf()?.is_empty() {
                    self.done = true;
                    return Ok(0);
                }
                src.mark();
                self.decoder = Some(GzDecoder::new(src));
            }
            let Some(dec) = self.decoder.as_mut() else { return Ok(0) };
            match dec.read(out) {
                Ok(0) => {
                    // End of this member; the next one (if any) follows.
                    let Some(dec) = self.decoder.take() else { return Ok(0) };
                    self.src = Some(dec.into_inner());
                }
                Ok(n) => return Ok(n),
                Err(e) => {
                    let Some(dec) = self.decoder.take() else { return Err(e) };
                    let mut src = dec.into_inner();
                    match src.recover() {
                        Ok(true) => self.src = Some(src),
                        _ => self.done = true,
                    }
                    return Err(io::Error::new(io::ErrorKind::InvalidData, format!("truncated or corrupt gzip data ({e})")));
                }
            }
        }
    }
}

/// Streams the records of a WARC file.
pub(crate) struct Warc {
    path: String,
    input: Input<Box<dyn BufRead + Send>>,
    record: usize,
    done: bool,
}

/// The parsed header of one WARC record.
#[derive(Default)]
struct RecordHeader {
    kind: String,
    uri: Option<String>,
    length: Option<u64>,
    content_type: String,
}

impl Warc {
    pub(crate) fn open(path: &Path, gz: bool) -> io::Result<Warc> {
        let file = File::open(path)?;
        let raw = BufReader::with_capacity(64 << 10, file);
        let inner: Box<dyn BufRead + Send> =
            if gz { Box::new(BufReader::with_capacity(64 << 10, GzMembers::new(raw))) } else { Box::new(raw) };
        Ok(Warc::from_reader(path.display().to_string(), inner))
    }

    pub(crate) fn from_reader(path: String, inner: Box<dyn BufRead + Send>) -> Warc {
        Warc { path, input: Input { inner, back: Vec::new() }, record: 0, done: false }
    }

    fn reject(&self, reason: String) -> Item {
        Item::Rejected(Rejected { origin: format!("{}#record{}", self.path, self.record), reason })
    }

    /// The next document or rejection; `None` at the end of the file.
    pub(crate) fn next_item(&mut self) -> Option<Item> {
        while !self.done {
            match self.next_record() {
                Ok(Some(item)) => return Some(item),
                Ok(None) => continue,
                Err(e) => {
                    let item = self.reject(format!("{e}; skipped to the next record"));
                    if e.kind() != io::ErrorKind::InvalidData {
                        // An I/O error that is not a decoding failure ends the file.
                        self.done = true;
                    }
                    return Some(item);
                }
            }
        }
        None
    }

    /// Finds the next `WARC/` version line, skipping anything before it.
    fn find_version_line(&mut self) -> io::Result<bool> {
        loop {
            let Some(line) = self.input.read_line(MAX_HEADER)? else { return Ok(false) };
            if line.starts_with(b"WARC/") {
                return Ok(true);
            }
        }
    }

    /// Reads one record: `Ok(Some)` with an item, `Ok(None)` for a record that is not a
    /// document (or the end of input, which sets `done`).
    fn next_record(&mut self) -> io::Result<Option<Item>> {
        if !self.find_version_line()? {
            self.done = true;
            return Ok(None);
        }
        self.record += 1;
        let mut h = RecordHeader::default();
        let mut header_bytes = 0usize;
        loop {
            let Some(line) = self.input.read_line(MAX_HEADER)? else {
                self.done = true;
                return Ok(Some(self.reject("file ends inside a record header".to_string())));
            };
            header_bytes += line.len();
            if header_bytes > MAX_HEADER {
                return Ok(Some(self.reject("record header longer than 64 KiB; skipped".to_string())));
            }
            let text = String::from_utf8_lossy(&line);
            let text = text.trim_end();
            if text.is_empty() {
                break;
            }
            if let Some((k, v)) = text.split_once(':') {
                let v = v.trim();
                match k.trim().to_ascii_lowercase().as_str() {
                    "warc-type" => h.kind = v.to_ascii_lowercase(),
                    "warc-target-uri" => h.uri = Some(v.trim_matches(['<', '>']).to_string()),
                    "content-length" => h.length = v.parse().ok(),
                    "content-type" => h.content_type = v.to_ascii_lowercase(),
                    _ => {}
                }
            }
        }
        let Some(length) = h.length else {
            return Ok(Some(self.reject("record without a valid Content-Length; skipped".to_string())));
        };
        let wanted = h.kind == "response" && h.content_type.starts_with("application/http");
        let limit = statecraft_html::MAX_PAGE as u64 + MAX_HEADER as u64;
        if !wanted || length > limit {
            let tail = match self.input.skip_block(length)? {
                Skip::Done(tail) => tail,
                Skip::NextRecord => {
                    return Ok(Some(self.reject("Content-Length overruns the record; record skipped".to_string())));
                }
                Skip::Truncated => {
                    self.done = true;
                    return Ok(Some(self.reject("file ends inside a record (truncated)".to_string())));
                }
            };
            if !self.check_trailer(&tail)? {
                return Ok(Some(self.reject("Content-Length disagrees with the record; record skipped".to_string())));
            }
            if !wanted {
                return Ok(None);
            }
            return Ok(Some(self.reject(format!("page of {} MiB is larger than 32 MiB; skipped", length >> 20))));
        }
        let mut block = self.input.read_block(length as usize)?;
        // A Content-Length larger than the record swallows the next record: give it back.
        if let Some(pos) = find(&block, RECORD_START) {
            self.input.unread(&block[pos + 1..]);
            block.truncate(pos);
            return Ok(Some(self.reject("Content-Length overruns the record; record skipped".to_string())));
        }
        if (block.len() as u64) < length {
            self.done = true;
            return Ok(Some(self.reject("file ends inside a record (truncated)".to_string())));
        }
        if !self.check_trailer(&block)? {
            return Ok(Some(self.reject("Content-Length disagrees with the record; record skipped".to_string())));
        }
        Ok(Some(self.http_response(&block, h.uri)))
    }

    /// After a block come two line endings. Returns false when they are missing, with the
    /// block's last bytes given back: the next record's `WARC/1.` line may start in them.
    fn check_trailer(&mut self, block: &[u8]) -> io::Result<bool> {
        let mut seen = Vec::new();
        for _ in 0..4 {
            match self.input.read_byte()? {
                Some(b) => seen.push(b),
                None => break,
            }
        }
        if seen.is_empty() || seen == b"\r\n\r\n" || seen.starts_with(b"\n\n") {
            if seen.len() == 4 && seen.starts_with(b"\n\n") {
                self.input.unread(&seen[2..]);
            }
            return Ok(true);
        }
        if seen.starts_with(b"\r\n") && seen.len() < 4 {
            return Ok(true);
        }
        // Not the record's end: the block was cut short. Resume at the next record.
        self.input.unread(&seen);
        self.input.unread(&block[block.len().saturating_sub(RECORD_START.len() - 1)..]);
        Ok(false)
    }

    fn http_response(&self, block: &[u8], uri: Option<String>) -> Item {
        let origin = match &uri {
            Some(u) => format!("{}#record{} {}", self.path, self.record, u),
            None => format!("{}#record{}", self.path, self.record),
        };
        let reject = |reason: String| Item::Rejected(Rejected { origin: origin.clone(), reason });
        let Some(end) = find(block, b"\r\n\r\n").map(|p| p + 4).or_else(|| find(block, b"\n\n").map(|p| p + 2)) else {
            return reject("HTTP response without a header end".to_string());
        };
        let head = String::from_utf8_lossy(&block[..end]);
        let mut lines = head.lines();
        let status_line = lines.next().unwrap_or("");
        let status = status_line.split_whitespace().nth(1).unwrap_or("");
        if status != "200" {
            return reject(format!("HTTP status {status}, not 200"));
        }
        let mut content_type = String::new();
        let mut chunked = false;
        let mut encoding = String::new();
        for line in lines {
            if let Some((k, v)) = line.split_once(':') {
                match k.trim().to_ascii_lowercase().as_str() {
                    "content-type" => content_type = v.trim().to_string(),
                    "transfer-encoding" => chunked = v.to_ascii_lowercase().contains("chunked"),
                    "content-encoding" => encoding = v.trim().to_ascii_lowercase(),
                    _ => {}
                }
            }
        }
        let lower = content_type.to_ascii_lowercase();
        if !(lower.contains("html") || lower.is_empty()) {
            return reject(format!("not an HTML page ({})", content_type.split(';').next().unwrap_or("").trim()));
        }
        let mut body = block[end..].to_vec();
        if chunked {
            match dechunk(&body) {
                Some(b) => body = b,
                None => return reject("malformed chunked transfer encoding".to_string()),
            }
        }
        if encoding == "gzip" || encoding == "x-gzip" {
            let mut out = Vec::new();
            let limit = statecraft_html::MAX_PAGE as u64;
            if let Err(e) = flate2::read::MultiGzDecoder::new(&body[..]).take(limit + 1).read_to_end(&mut out) {
                return reject(format!("cannot decompress gzip-encoded page: {e}"));
            }
            if out.len() as u64 > limit {
                return reject("page larger than 32 MiB once decompressed; skipped".to_string());
            }
            body = out;
        }
        let page = statecraft_html::decode_checked(&body, (!content_type.is_empty()).then_some(content_type.as_str()));
        page_to_item(page, uri.as_deref(), origin)
    }
}

/// Undoes HTTP chunked transfer encoding; `None` when malformed.
fn dechunk(mut data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let eol = find(data, b"\r\n")?;
        let size_text = std::str::from_utf8(&data[..eol]).ok()?;
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        data = &data[eol + 2..];
        if size == 0 {
            return Some(out);
        }
        if data.len() < size {
            return None;
        }
        out.extend_from_slice(&data[..size]);
        data = data.get(size + 2..).unwrap_or(&[]);
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || haystack.len() < needle.len() {
        return None;
    }
    let first = needle[0];
    let mut start = 0;
    while let Some(i) = haystack[start..].iter().position(|&b| b == first) {
        let at = start + i;
        if haystack[at..].starts_with(needle) {
            return Some(at);
        }
        start = at + 1;
        if start + needle.len() > haystack.len() {
            return None;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::write::GzEncoder;
    use flate2::Compression;
    use std::io::Write;

    const PAGE: &str = r#"<html lang="en"><head><title>Envoys meet in Geneva | Example News</title>
        <meta property="og:site_name" content="Example News"></head><body><nav><a href="/">Home</a></nav>
        <article><h1>Envoys meet in Geneva</h1>
        <p>The envoys met in Geneva on Monday to discuss a ceasefire, officials said on Tuesday.</p>
        <p>They agreed to meet again next week, according to a joint statement from both sides.</p></article>
        <footer>Example News, all rights reserved.</footer></body></html>"#;

    fn record(uri: &str, http: &[u8]) -> Vec<u8> {
        record_with_length(uri, http, http.len())
    }

    fn record_with_length(uri: &str, http: &[u8], length: usize) -> Vec<u8> {
        let mut r = format!(
            "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {length}\r\n\r\n"
        )
        .into_bytes();
        r.extend_from_slice(http);
        r.extend_from_slice(b"\r\n\r\n");
        r
    }

    fn http(status: &str, content_type: &str, body: &[u8]) -> Vec<u8> {
        let mut h = format!("HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\n\r\n").into_bytes();
        h.extend_from_slice(body);
        h
    }

    fn gz(bytes: &[u8]) -> Vec<u8> {
        let mut e = GzEncoder::new(Vec::new(), Compression::fast());
        e.write_all(bytes).unwrap();
        e.finish().unwrap()
    }

    fn read_all(name: &str, bytes: Vec<u8>, gz: bool) -> Vec<Item> {
        let inner: Box<dyn BufRead + Send> =
            if gz { Box::new(BufReader::new(GzMembers::new(io::Cursor::new(bytes)))) } else { Box::new(io::Cursor::new(bytes)) };
        let mut warc = Warc::from_reader(name.to_string(), inner);
        std::iter::from_fn(|| warc.next_item()).collect()
    }

    fn summary(items: &[Item]) -> Vec<String> {
        items
            .iter()
            .map(|i| match i {
                Item::Doc(d) => format!("doc {}", d.url.as_deref().unwrap_or("-")),
                Item::Rejected(r) => format!("rejected {}", r.reason),
            })
            .collect()
    }

    #[test]
    fn reads_pages_and_rejects_the_rest() {
        let mut data = b"WARC/1.0\r\nWARC-Type: warcinfo\r\nContent-Length: 4\r\n\r\nabcd\r\n\r\n".to_vec();
        data.extend(record("https://example.com/a", &http("200 OK", "text/html; charset=utf-8", PAGE.as_bytes())));
        data.extend(record("https://example.com/logo.png", &http("200 OK", "image/png", b"\x89PNG")));
        data.extend(record("https://example.com/gone", &http("404 Not Found", "text/html", b"<p>gone</p>")));
        data.extend(record("https://example.com/bad", &http("200 OK", "text/html; charset=utf-8", b"<p>caf\xe9</p>")));
        let items = read_all("t.warc", data, false);
        assert_eq!(
            summary(&items),
            vec![
                "doc https://example.com/a",
                "rejected not an HTML page (image/png)",
                "rejected HTTP status 404, not 200",
                "rejected no article text found in the HTML page (charset declared utf-8, but invalid UTF-8 at byte 6; decoded as windows-1252 by detection)",
            ]
        );
        let Item::Doc(d) = &items[0] else { unreachable!() };
        assert_eq!(d.notes, vec!["article body found by the container strategy"]);
        assert_eq!(d.title.as_deref(), Some("Envoys meet in Geneva"));
        assert_eq!(d.outlet.as_deref(), Some("Example News"));
        assert!(d.text.starts_with("The envoys met in Geneva") && d.text.ends_with("both sides."));
        assert!(d.origin.contains("#record2 https://example.com/a"));
    }

    #[test]
    fn lying_content_lengths_lose_one_record_only() {
        let page = http("200 OK", "text/html", PAGE.as_bytes());
        let mut data = record_with_length("https://example.com/long", &page, page.len() + 300);
        data.extend(record("https://example.com/next", &page));
        data.extend(record_with_length("https://example.com/short", &page, page.len() - 100));
        data.extend(record("https://example.com/last", &page));
        let s = summary(&read_all("t.warc", data, false));
        assert_eq!(
            s,
            vec![
                "rejected Content-Length overruns the record; record skipped",
                "doc https://example.com/next",
                "rejected Content-Length disagrees with the record; record skipped",
                "doc https://example.com/last",
            ]
        );
    }

    #[test]
    fn a_record_claiming_a_terabyte_costs_that_record_only() {
        // In the middle of the file, in plain and gzip-compressed archives, wanted or not.
        let page = http("200 OK", "text/html", PAGE.as_bytes());
        for kind in ["response", "metadata"] {
            let mut records = Vec::new();
            for i in 0..3 {
                records.push(record(&format!("https://example.com/{i}"), &page));
            }
            let liar = record_with_length("https://example.com/liar", &page, 1_000_000_000_000).into_iter();
            let liar: Vec<u8> = String::from_utf8(liar.collect()).unwrap().replace("WARC-Type: response", &format!("WARC-Type: {kind}")).into_bytes();
            records.push(liar);
            for i in 3..6 {
                records.push(record(&format!("https://example.com/{i}"), &page));
            }
            let expected: Vec<String> = (0..3)
                .map(|i| format!("doc https://example.com/{i}"))
                .chain(std::iter::once("rejected Content-Length overruns the record; record skipped".to_string()))
                .chain((3..6).map(|i| format!("doc https://example.com/{i}")))
                .collect();
            assert_eq!(summary(&read_all("t.warc", records.concat(), false)), expected, "{kind}, .warc");
            let gz_members: Vec<u8> = records.iter().flat_map(|r| gz(r)).collect();
            assert_eq!(summary(&read_all("t.warc.gz", gz_members, true)), expected, "{kind}, .warc.gz");
            // The record start can straddle any two reads.
            for cap in [1, 2, 3, 5, 7, 8, 9, 64] {
                let inner: Box<dyn BufRead + Send> = Box::new(BufReader::with_capacity(cap, io::Cursor::new(records.concat())));
                let mut warc = Warc::from_reader("t.warc".into(), inner);
                let items: Vec<Item> = std::iter::from_fn(|| warc.next_item()).collect();
                assert_eq!(summary(&items), expected, "{kind}, buffers of {cap} bytes");
            }
        }
    }

    #[test]
    fn a_record_start_cut_by_the_block_end_is_found() {
        // Found by the fuzz tests: a Content-Length that ends the block inside the next
        // record's "WARC/1.0" line ("...\r\n\r\nWAR" | "C/1.0") lost that record too.
        let page = http("200 OK", "text/html", PAGE.as_bytes());
        for over in 1..12 {
            let mut data = record_with_length("https://example.com/liar", &page, page.len() + over);
            data.extend(record("https://example.com/next", &page));
            let s = summary(&read_all("t.warc", data, false));
            assert_eq!(s.last().map(String::as_str), Some("doc https://example.com/next"), "{over} bytes over: {s:?}");
        }
    }

    #[test]
    fn truncated_gzip_member_and_huge_page() {
        let page = http("200 OK", "text/html", PAGE.as_bytes());
        let mut data = gz(&record("https://example.com/1", &page));
        let broken = gz(&record("https://example.com/2", &page));
        data.extend_from_slice(&broken[..broken.len() / 2]);
        data.extend(gz(&record("https://example.com/3", &page)));
        // A 100 MiB page, compressed as it would be stored, never held in memory whole.
        let mut big = GzEncoder::new(Vec::new(), Compression::fast());
        let head = http("200 OK", "text/html", b"");
        let size = 100usize << 20;
        write!(big, "WARC/1.0\r\nWARC-Type: response\r\nContent-Type: application/http\r\nContent-Length: {}\r\n\r\n", head.len() + size).unwrap();
        big.write_all(&head).unwrap();
        let chunk = vec![b'a'; 1 << 20];
        for _ in 0..100 {
            big.write_all(&chunk).unwrap();
        }
        big.write_all(b"\r\n\r\n").unwrap();
        data.extend(big.finish().unwrap());
        data.extend(gz(&record("https://example.com/4", &page)));
        let s = summary(&read_all("t.warc.gz", data, true));
        assert_eq!(s.len(), 5, "{s:?}");
        assert_eq!(s[0], "doc https://example.com/1");
        assert!(s[1].starts_with("rejected truncated or corrupt gzip data"), "{s:?}");
        assert_eq!(s[2], "doc https://example.com/3");
        assert_eq!(s[3], "rejected page of 100 MiB is larger than 32 MiB; skipped");
        assert_eq!(s[4], "doc https://example.com/4");
    }

    #[test]
    fn chunked_bodies() {
        assert_eq!(dechunk(b"4\r\nWiki\r\n5\r\npedia\r\n0\r\n\r\n").as_deref(), Some(&b"Wikipedia"[..]));
        assert_eq!(dechunk(b"zz\r\n"), None);
    }
}
