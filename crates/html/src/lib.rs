//! HTML stage: reads a web page and returns its article body and metadata.
//!
//! [`extract`] parses a page (WHATWG tokenizer, light tree, see [`dom`]), finds the article
//! body without navigation, ads, captions, related-story lists, comments and footers (see
//! [`extract`](mod@extract) for the method), and reads the title, publication date, author,
//! outlet, canonical URL and declared language (see [`meta`]). [`decode`] turns the bytes of a
//! page into text, honouring the charset of the HTTP header or a `<meta>` tag.
//!
//! Nothing here panics on input or allocates more than a small multiple of the page: callers
//! bound the page size (the readers refuse pages over [`MAX_PAGE`]).

pub mod dom;
pub mod extract;
pub mod meta;
pub mod score;

use chrono::NaiveDate;

pub use meta::Metadata;

/// Largest page the readers pass to [`extract`] (32 MiB).
pub const MAX_PAGE: usize = 32 << 20;

/// What a page yields.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    /// The article body: paragraphs separated by a blank line.
    pub text: String,
    pub title: Option<String>,
    pub date: Option<NaiveDate>,
    pub author: Option<String>,
    /// Outlet or site name.
    pub site_name: Option<String>,
    pub canonical_url: Option<String>,
    /// Declared language of the page (primary subtag, lower case), if any.
    pub language: Option<String>,
    /// Blocks of the article container left out, with the reason (`link list`, `title`, ...).
    pub removed: Vec<(String, String)>,
    /// How the body was found (see [`extract::Strategy`]).
    pub strategy: extract::Strategy,
}

impl Page {
    /// The note a document read from this page carries about its extraction.
    pub fn extraction_note(&self) -> String {
        format!("article body found by the {} strategy", self.strategy.as_str())
    }
}

/// Extracts the article and its metadata from a page; `url` is where it came from, if known.
pub fn extract(html: &str, url: Option<&str>) -> Page {
    let dom = dom::Dom::parse(html);
    let meta = meta::metadata(&dom, url);
    let body = extract::extract_body(&dom, &meta.headlines, meta.ld_body.as_deref());
    Page {
        text: body.paragraphs.join("\n\n"),
        title: meta.title,
        date: meta.date,
        author: meta.author,
        site_name: meta.site_name,
        canonical_url: meta.canonical_url,
        language: meta.language,
        removed: body.removed.into_iter().map(|(t, r)| (t, r.to_string())).collect(),
        strategy: body.strategy,
    }
}

/// Decodes a page's bytes to text. The charset comes from `content_type` (an HTTP
/// `Content-Type` value), else a byte-order mark, else a `<meta charset>` or
/// `<meta http-equiv="Content-Type">` in the first 4 KiB; valid UTF-8 is taken as such and
/// anything else falls back to Windows-1252, as browsers do. Malformed sequences become U+FFFD.
pub fn decode(bytes: &[u8], content_type: Option<&str>) -> String {
    let declared = content_type.and_then(charset_param).or_else(|| sniff_meta_charset(&bytes[..bytes.len().min(4096)]));
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        return enc.decode_without_bom_handling(&bytes[bom_len..]).0.into_owned();
    }
    let enc = declared.as_deref().and_then(|l| encoding_rs::Encoding::for_label(l.as_bytes()));
    match enc {
        Some(enc) if enc != encoding_rs::UTF_8 => enc.decode_without_bom_handling(bytes).0.into_owned(),
        _ => match std::str::from_utf8(bytes) {
            Ok(s) => s.to_string(),
            Err(_) if declared.is_some() => String::from_utf8_lossy(bytes).into_owned(),
            Err(_) => encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes).0.into_owned(),
        },
    }
}

/// A page's text, and how it was decoded when its declared charset did not fit its bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    pub text: String,
    /// Set when the declared charset was not used, saying why and what was used instead.
    pub note: Option<String>,
}

/// Like [`decode`], but a page whose declared charset does not fit its bytes (a page declared
/// UTF-8 that is not, a legacy charset with malformed sequences, or a legacy charset declared
/// for bytes that are UTF-8) is decoded with the charset detected from its bytes, and the
/// note says so.
pub fn decode_checked(bytes: &[u8], content_type: Option<&str>) -> Decoded {
    let plain = |text: String| Decoded { text, note: None };
    if encoding_rs::Encoding::for_bom(bytes).is_some() {
        return plain(decode(bytes, content_type));
    }
    let label = content_type.and_then(charset_param).or_else(|| sniff_meta_charset(&bytes[..bytes.len().min(4096)]));
    let Some(declared) = label.as_deref().and_then(|l| encoding_rs::Encoding::for_label(l.as_bytes())) else {
        return plain(decode(bytes, content_type));
    };
    let label = label.unwrap_or_default();
    let misfit = if declared == encoding_rs::UTF_8 {
        std::str::from_utf8(bytes).err().map(|e| format!("declared {label}, but invalid UTF-8 at byte {}", e.valid_up_to()))
    } else if !bytes.is_ascii() && std::str::from_utf8(bytes).is_ok() {
        Some(format!("declared {label}, but the bytes are UTF-8"))
    } else {
        let (_, malformed) = declared.decode_without_bom_handling(bytes);
        malformed.then(|| format!("declared {label}, but malformed in it"))
    };
    let Some(why) = misfit else {
        return plain(decode(bytes, content_type));
    };
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let found = detector.guess(None, chardetng::Utf8Detection::Allow);
    let text = found.decode_without_bom_handling(bytes).0.into_owned();
    Decoded { text, note: Some(format!("charset {why}; decoded as {} by detection", found.name())) }
}

/// `text/html; charset=ISO-8859-1` -> `ISO-8859-1`.
fn charset_param(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim().eq_ignore_ascii_case("charset").then(|| v.trim().trim_matches(['"', '\'']).to_string())
    })
}

fn sniff_meta_charset(head: &[u8]) -> Option<String> {
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let pos = lower.windows(8).position(|w| w == b"charset=")?;
    let rest = &lower[pos + 8..];
    let rest = rest.strip_prefix(b"\"").or_else(|| rest.strip_prefix(b"'")).unwrap_or(rest);
    let end = rest.iter().position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.'))).unwrap_or(rest.len());
    let label = std::str::from_utf8(&rest[..end]).ok()?;
    (!label.is_empty()).then(|| label.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_declared_charsets() {
        assert_eq!(decode(b"caf\xe9", Some("text/html; charset=ISO-8859-1")), "caf\u{e9}");
        assert_eq!(decode(b"<meta charset=\"windows-1252\">caf\xe9", None), "<meta charset=\"windows-1252\">caf\u{e9}");
        assert_eq!(decode("café".as_bytes(), None), "café");
        assert_eq!(decode(b"caf\xe9", None), "caf\u{e9}");
        assert_eq!(decode(b"ok \xff", Some("text/html; charset=utf-8")), "ok \u{fffd}");
        assert_eq!(decode_checked(b"caf\xe9", None), Decoded { text: "caf\u{e9}".into(), note: None });
    }

    #[test]
    fn a_charset_that_does_not_fit_is_detected_and_noted() {
        // Declared UTF-8, written in windows-1252.
        let d = decode_checked(b"<p>Le caf\xe9 \xe0 la cr\xe8me, d\xe9j\xe0 servi \xe0 l'\xe9t\xe9.</p>", Some("text/html; charset=utf-8"));
        assert_eq!(d.text, "<p>Le café à la crème, déjà servi à l'été.</p>");
        assert_eq!(d.note.as_deref(), Some("charset declared utf-8, but invalid UTF-8 at byte 9; decoded as windows-1252 by detection"));
        // Declared Latin-1, written in UTF-8.
        let d = decode_checked("<meta charset=\"iso-8859-1\"><p>déjà vu à Zürich</p>".as_bytes(), None);
        assert_eq!(d.text, "<meta charset=\"iso-8859-1\"><p>déjà vu à Zürich</p>");
        assert_eq!(d.note.as_deref(), Some("charset declared iso-8859-1, but the bytes are UTF-8; decoded as UTF-8 by detection"));
        // A declared charset that fits is used, with no note.
        assert_eq!(decode_checked(b"caf\xe9", Some("text/html; charset=ISO-8859-1")), Decoded { text: "caf\u{e9}".into(), note: None });
    }

    #[test]
    fn page_end_to_end() {
        let html = r#"<!doctype html><html lang="en"><head><title>Talks resume - Example News</title>
          <meta property="og:site_name" content="Example News"><meta property="article:published_time" content="2025-03-04T08:00:00Z"></head>
          <body><nav><a href="/">Home</a></nav><article><h1>Talks resume</h1>
          <p>The envoys met in Geneva on Monday to discuss a ceasefire, officials said on Tuesday.</p>
          <figure><img src="x.jpg"><figcaption>The envoys in Geneva. Photo: Example</figcaption></figure>
          <p>They agreed to meet again next week, according to a joint statement from both sides.</p></article>
          <footer>Copyright Example News, all rights reserved, and more words here to be long.</footer></body></html>"#;
        let page = extract(html, None);
        assert_eq!(
            page.text,
            "The envoys met in Geneva on Monday to discuss a ceasefire, officials said on Tuesday.\n\nThey agreed to meet again next week, according to a joint statement from both sides."
        );
        assert_eq!(page.title.as_deref(), Some("Talks resume"));
        assert_eq!(page.site_name.as_deref(), Some("Example News"));
        assert_eq!(page.date, NaiveDate::from_ymd_opt(2025, 3, 4));
        assert_eq!(page.language.as_deref(), Some("en"));
    }
}
