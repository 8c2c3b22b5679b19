//! Page metadata: title, publication date, author, outlet (site name), canonical URL, language.
//!
//! Each field is taken from the most reliable source present, in order: JSON-LD
//! (`<script type="application/ld+json">`, schema.org `NewsArticle` and kin, including
//! `@graph`), Open Graph and other `<meta>` tags, microdata (`itemprop`), then the page itself
//! (`<title>` without its site suffix, the first `<h1>`, the first `<time datetime>`, a date in
//! the URL path, the URL's host). Nothing here fails: a field not found is `None`.

use chrono::NaiveDate;
use serde_json::Value;

use crate::dom::{Attr, Dom, Tag};

/// Metadata found in a page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Metadata {
    pub title: Option<String>,
    pub date: Option<NaiveDate>,
    pub author: Option<String>,
    pub site_name: Option<String>,
    pub canonical_url: Option<String>,
    /// The declared language (`<html lang>`, `og:locale`, `Content-Language`), lower-case primary tag.
    pub language: Option<String>,
    /// The `<title>` element, whole.
    pub html_title: Option<String>,
    /// Headlines seen (`og:title`, JSON-LD `headline`, `<h1>`), for removing a repeated title.
    pub headlines: Vec<String>,
    /// JSON-LD `articleBody`, when the page carries one.
    pub ld_body: Option<String>,
}

#[derive(Default)]
struct Found {
    og_title: Option<String>,
    ld_headline: Option<String>,
    h1: Option<String>,
    dates: Vec<(u8, NaiveDate)>,
    authors: Vec<(u8, String)>,
    sites: Vec<(u8, String)>,
    urls: Vec<(u8, String)>,
    langs: Vec<(u8, String)>,
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn non_empty(s: &str) -> Option<String> {
    let s = collapse(s);
    (!s.is_empty()).then_some(s)
}

/// Reads the metadata of a parsed page; `url` is where it was fetched from, if known.
pub fn metadata(dom: &Dom, url: Option<&str>) -> Metadata {
    let mut f = Found::default();
    let mut m = Metadata::default();
    let mut seen_body = false;
    for (i, n) in dom.nodes.iter().enumerate() {
        let id = i as u32;
        match n.tag {
            Tag::Body => seen_body = true,
            Tag::Html => {
                if let Some(l) = dom.attr(id, Attr::Lang) {
                    push_lang(&mut f, 1, l);
                }
            }
            Tag::Title if m.html_title.is_none() && !seen_body => m.html_title = non_empty(&dom.text_of(id)),
            Tag::Meta => read_meta(dom, id, &mut f),
            Tag::Link => {
                let rel = dom.attr(id, Attr::Rel).unwrap_or("").to_ascii_lowercase();
                if rel.split_whitespace().any(|r| r == "canonical") {
                    if let Some(h) = dom.attr(id, Attr::Href).and_then(non_empty) {
                        f.urls.push((0, h));
                    }
                }
            }
            Tag::Script => {
                let ty = dom.attr(id, Attr::Type).unwrap_or("").to_ascii_lowercase();
                if ty.contains("ld+json") {
                    read_json_ld(&dom.text_of(id), &mut f, &mut m);
                }
            }
            Tag::H1 if f.h1.is_none() => f.h1 = non_empty(&dom.text_of(id)),
            Tag::Time => {
                if let Some(d) = dom.attr(id, Attr::DateTime).and_then(parse_loose_date) {
                    let pub_prop = dom.attr(id, Attr::ItemProp).is_some_and(|p| p.contains("datePublished"));
                    f.dates.push((if pub_prop { 2 } else { 5 }, d));
                }
            }
            _ => {}
        }
        if n.tag != Tag::Meta && n.tag != Tag::Text {
            if let Some(prop) = dom.attr(id, Attr::ItemProp) {
                match prop {
                    "datePublished" => {
                        let v = dom.attr(id, Attr::Content).or_else(|| dom.attr(id, Attr::DateTime)).map(str::to_string).unwrap_or_else(|| dom.text_of(id));
                        if let Some(d) = parse_loose_date(&v) {
                            f.dates.push((2, d));
                        }
                    }
                    "author" | "creator" => {
                        let text = dom.attr(id, Attr::Content).map(str::to_string).unwrap_or_else(|| dom.text_of(id));
                        if let Some(a) = clean_author(&text) {
                            f.authors.push((3, a));
                        }
                    }
                    _ => {}
                }
            }
            if n.tag == Tag::A && f.authors.is_empty() {
                if dom.attr(id, Attr::Rel).is_some_and(|r| r.split_whitespace().any(|x| x.eq_ignore_ascii_case("author"))) {
                    if let Some(a) = clean_author(&dom.text_of(id)) {
                        f.authors.push((4, a));
                    }
                }
            }
        }
    }
    if let Some(u) = url.and_then(non_empty) {
        f.urls.push((3, u));
    }
    let best = |v: &mut Vec<(u8, String)>| {
        v.sort_by_key(|(p, _)| *p);
        v.first().map(|(_, s)| s.clone())
    };
    m.canonical_url = best(&mut f.urls);
    m.language = best(&mut f.langs);
    m.author = best(&mut f.authors);
    f.dates.sort_by_key(|(p, _)| *p);
    m.date = f.dates.first().map(|(_, d)| *d);
    if m.date.is_none() {
        m.date = m.canonical_url.as_deref().and_then(date_in_url).or_else(|| url.and_then(date_in_url));
    }
    let (stripped, suffix) = match &m.html_title {
        Some(t) => split_site_suffix(t),
        None => (None, None),
    };
    if let Some(s) = suffix {
        f.sites.push((5, s));
    }
    if let Some(host) = m.canonical_url.as_deref().and_then(host_of) {
        f.sites.push((9, host));
    }
    m.site_name = best(&mut f.sites);
    m.title = f.og_title.clone().or_else(|| f.ld_headline.clone()).or(stripped).or_else(|| f.h1.clone()).or_else(|| m.html_title.clone());
    for t in [&f.og_title, &f.ld_headline, &f.h1, &m.html_title, &m.title].into_iter().flatten() {
        if !m.headlines.contains(t) {
            m.headlines.push(t.clone());
        }
    }
    m
}

fn push_lang(f: &mut Found, prio: u8, value: &str) {
    let primary: String = value.trim().split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
    if (2..=3).contains(&primary.len()) && primary.chars().all(|c| c.is_ascii_alphabetic()) {
        f.langs.push((prio, primary));
    }
}

fn read_meta(dom: &Dom, id: u32, f: &mut Found) {
    let key = dom
        .attr(id, Attr::Property)
        .or_else(|| dom.attr(id, Attr::Name))
        .or_else(|| dom.attr(id, Attr::ItemProp))
        .or_else(|| dom.attr(id, Attr::HttpEquiv))
        .unwrap_or("")
        .to_ascii_lowercase();
    let Some(content) = dom.attr(id, Attr::Content).and_then(non_empty) else { return };
    match key.as_str() {
        "og:title" | "twitter:title" => {
            if f.og_title.is_none() {
                f.og_title = Some(content);
            }
        }
        "og:site_name" => f.sites.push((0, content)),
        "application-name" | "al:android:app_name" | "al:ios:app_name" => f.sites.push((4, content)),
        "og:url" => f.urls.push((1, content)),
        "og:locale" => push_lang(f, 2, &content),
        "content-language" | "language" | "dc.language" => push_lang(f, 2, &content),
        "article:published_time" | "og:article:published_time" | "article:published" | "datepublished"
        | "pubdate" | "publishdate" | "publish-date" | "publish_date" | "date" | "dc.date" | "dc.date.issued"
        | "dcterms.date" | "dcterms.created" | "sailthru.date" | "parsely-pub-date" | "citation_publication_date"
        | "article.published" | "original-publish-date" | "displaydate" | "dc.date.created" | "cxenseparse:recs:publishtime" => {
            if let Some(d) = parse_loose_date(&content) {
                f.dates.push((1, d));
            }
        }
        "author" | "article:author" | "dc.creator" | "parsely-author" | "sailthru.author" | "byl" | "citation_author" => {
            if !content.starts_with("http") {
                if let Some(a) = clean_author(&content) {
                    f.authors.push((1, a));
                }
            }
        }
        _ => {}
    }
}

fn read_json_ld(text: &str, f: &mut Found, m: &mut Metadata) {
    let Ok(value) = serde_json::from_str::<Value>(text.trim()) else { return };
    let mut queue = vec![&value];
    let mut visited = 0;
    while let Some(v) = queue.pop() {
        visited += 1;
        if visited > 200 {
            break;
        }
        match v {
            Value::Array(items) => queue.extend(items.iter()),
            Value::Object(obj) => {
                if let Some(g) = obj.get("@graph") {
                    queue.push(g);
                }
                let types: Vec<String> = match obj.get("@type") {
                    Some(Value::String(s)) => vec![s.clone()],
                    Some(Value::Array(a)) => a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect(),
                    _ => vec![],
                };
                let article = types.iter().any(|t| t.ends_with("Article") || t == "BlogPosting" || t == "Report" || t == "LiveBlogPosting");
                if !article {
                    continue;
                }
                if let Some(h) = obj.get("headline").and_then(Value::as_str).and_then(non_empty) {
                    f.ld_headline.get_or_insert(h);
                }
                if let Some(d) = obj.get("datePublished").or_else(|| obj.get("dateCreated")).and_then(Value::as_str).and_then(parse_loose_date) {
                    f.dates.push((0, d));
                }
                if let Some(a) = obj.get("author").and_then(json_name) {
                    f.authors.push((0, a));
                }
                if let Some(p) = obj.get("publisher").and_then(json_name) {
                    f.sites.push((1, p));
                }
                if let Some(l) = obj.get("inLanguage").and_then(Value::as_str) {
                    push_lang(f, 0, l);
                }
                if let Some(u) = obj.get("url").and_then(Value::as_str).and_then(non_empty) {
                    f.urls.push((2, u));
                }
                if let Some(b) = obj.get("articleBody").and_then(Value::as_str) {
                    if m.ld_body.as_ref().is_none_or(|old| old.len() < b.len()) {
                        m.ld_body = Some(b.to_string());
                    }
                }
            }
            _ => {}
        }
    }
}

/// A name from a JSON-LD person or organisation: a string, `{"name": ...}`, or a list of them.
fn json_name(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => clean_author(s),
        Value::Object(o) => o.get("name").and_then(json_name),
        Value::Array(items) => {
            let names: Vec<String> = items.iter().filter_map(json_name).collect();
            (!names.is_empty()).then(|| names.join(", "))
        }
        _ => None,
    }
}

/// "By Jane Doe" -> "Jane Doe"; empty, URL-like and over-long values are dropped.
fn clean_author(s: &str) -> Option<String> {
    let s = collapse(s);
    let s = s.strip_prefix("By ").or_else(|| s.strip_prefix("by ")).or_else(|| s.strip_prefix("BY ")).unwrap_or(&s).trim();
    if s.is_empty() || s.len() > 120 || s.starts_with("http") || s.contains('{') {
        return None;
    }
    Some(s.to_string())
}

/// "Talks resume | The Example Times" -> ("Talks resume", "The Example Times").
fn split_site_suffix(title: &str) -> (Option<String>, Option<String>) {
    for sep in [" | ", " - ", " \u{2013} ", " \u{2014} ", " :: ", " \u{00b7} "] {
        if let Some(pos) = title.rfind(sep) {
            let (head, tail) = (title[..pos].trim(), title[pos + sep.len()..].trim());
            if !head.is_empty() && !tail.is_empty() && tail.split_whitespace().count() <= 5 && head.len() > tail.len() {
                return (Some(head.to_string()), Some(tail.to_string()));
            }
        }
    }
    (None, None)
}

/// The host of a URL without `www.`.
fn host_of(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let host = rest.split(['/', '?', '#', ':']).next()?.trim_start_matches("www.");
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

/// A date in a URL path: `/2025/08/07/`, `/2025-08-07`, `/20250807`.
pub fn date_in_url(url: &str) -> Option<NaiveDate> {
    let path = url.split_once("://").map(|x| x.1).unwrap_or(url);
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let parts: Vec<&str> = path.split(['/', '-', '_', '.']).collect();
    for w in parts.windows(3) {
        if w[0].len() == 4 && (1..=2).contains(&w[1].len()) && (1..=2).contains(&w[2].len()) {
            if let (Ok(y), Ok(mo), Ok(d)) = (w[0].parse::<i32>(), w[1].parse::<u32>(), w[2].parse::<u32>()) {
                if (1990..=2100).contains(&y) {
                    if let Some(date) = NaiveDate::from_ymd_opt(y, mo, d) {
                        return Some(date);
                    }
                }
            }
        }
    }
    for p in parts {
        if p.len() == 8 && p.bytes().all(|b| b.is_ascii_digit()) {
            if let Ok(date) = NaiveDate::parse_from_str(p, "%Y%m%d") {
                if (1990..=2100).contains(&chrono::Datelike::year(&date)) {
                    return Some(date);
                }
            }
        }
    }
    None
}

const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/// Dates as pages write them: ISO 8601 / RFC 3339, RFC 2822, "November 14, 2019",
/// "14 Nov 2019", "2019/11/14".
pub fn parse_loose_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if let Some(d) = s.get(..10).and_then(|h| NaiveDate::parse_from_str(h, "%Y-%m-%d").ok()) {
        return Some(d);
    }
    if let Some(d) = s.get(..10).and_then(|h| NaiveDate::parse_from_str(h, "%Y/%m/%d").ok()) {
        return Some(d);
    }
    if s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit()) {
        return NaiveDate::parse_from_str(s, "%Y%m%d").ok();
    }
    let words: Vec<String> = s.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect();
    let month = words.iter().position(|w| w.len() >= 3 && MONTHS.iter().any(|m| w.starts_with(m) && (w.len() == 3 || is_month_word(w))))?;
    let mon = MONTHS.iter().position(|m| words[month].starts_with(m))? as u32 + 1;
    let year = words.iter().find_map(|w| (w.len() == 4).then(|| w.parse::<i32>().ok()).flatten().filter(|y| (1900..=2100).contains(y)))?;
    let near = |i: usize| words.get(i).and_then(|w| {
        let digits = w.trim_end_matches(|c: char| c.is_alphabetic());
        (!digits.is_empty() && digits.len() <= 2).then(|| digits.parse::<u32>().ok()).flatten()
    });
    let day = near(month + 1).or_else(|| month.checked_sub(1).and_then(near))?;
    NaiveDate::from_ymd_opt(year, mon, day)
}

fn is_month_word(w: &str) -> bool {
    const FULL: [&str; 13] =
        ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december", "sept"];
    FULL.contains(&w)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn loose_dates() {
        assert_eq!(parse_loose_date("2019-11-14T10:00:00+01:00"), d(2019, 11, 14));
        assert_eq!(parse_loose_date("Thu, 14 Nov 2019 10:00:00 GMT"), d(2019, 11, 14));
        assert_eq!(parse_loose_date("November 14, 2019"), d(2019, 11, 14));
        assert_eq!(parse_loose_date("Published 3rd March 2024"), d(2024, 3, 3));
        assert_eq!(parse_loose_date("soon"), None);
        assert_eq!(parse_loose_date("Mayor says 2019"), None);
    }

    #[test]
    fn url_dates() {
        assert_eq!(date_in_url("https://example.com/world/2025/08/07/talks-resume/"), d(2025, 8, 7));
        assert_eq!(date_in_url("https://example.com/news/talks-20250807.html"), d(2025, 8, 7));
        assert_eq!(date_in_url("https://example.com/a/12345678901"), None);
    }

    #[test]
    fn reads_meta_json_ld_and_fallbacks() {
        let html = r#"<html lang="en-GB"><head><title>Talks resume in Geneva | The Example Times</title>
            <link rel="canonical" href="https://www.example.com/world/talks">
            <script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"NewsArticle",
              "headline":"Talks resume","datePublished":"2025-03-04T08:00:00Z","author":[{"@type":"Person","name":"Jane Doe"}],
              "publisher":{"@type":"Organization","name":"The Example Times"}}]}</script>
            </head><body><h1>Talks resume in Geneva</h1></body></html>"#;
        let m = metadata(&Dom::parse(html), None);
        assert_eq!(m.title.as_deref(), Some("Talks resume"));
        assert_eq!(m.date, d(2025, 3, 4));
        assert_eq!(m.author.as_deref(), Some("Jane Doe"));
        assert_eq!(m.site_name.as_deref(), Some("The Example Times"));
        assert_eq!(m.canonical_url.as_deref(), Some("https://www.example.com/world/talks"));
        assert_eq!(m.language.as_deref(), Some("en"));
        let bare = metadata(&Dom::parse("<title>Talks resume in Geneva - Example News</title><p>x"), Some("https://example.org/2024/01/02/x"));
        assert_eq!(bare.title.as_deref(), Some("Talks resume in Geneva"));
        assert_eq!(bare.site_name.as_deref(), Some("Example News"));
        assert_eq!(bare.date, d(2024, 1, 2));
    }

    #[test]
    fn broken_json_ld_is_ignored() {
        let m = metadata(&Dom::parse(r#"<script type="application/ld+json">{"@type": "NewsArticle", </script><h1>Hi there</h1>"#), None);
        assert_eq!(m.title.as_deref(), Some("Hi there"));
    }
}
