//! Discard lists (phrases that keep a sentence, or with `+` a whole story, from being coded;
//! `_` at the end: the word must end there, else it is a stem) and issue dictionaries
//! (`<ISSUE CATEGORY="...">` sections of `phrase [CODE]` lines, with the expansions `n:`
//! noun, `v:` verb, `a+b` blank or hyphen, and `~` phrases that cancel issue coding).

use crate::text::content_lines;
use crate::{plural, Problem};

#[derive(Debug, Clone, PartialEq)]
pub struct DiscardEntry {
    /// Lower-case words.
    pub words: Vec<String>,
    /// `+`: the whole story is not coded.
    pub story: bool,
    /// `_` at the end: the last word must end there (else it is a stem).
    pub exact_end: bool,
    pub line: usize,
}

impl DiscardEntry {
    /// The phrase as written, lower case, words separated by blanks.
    pub fn phrase(&self) -> String {
        self.words.join(" ")
    }
}

#[derive(Debug, Clone, Default)]
pub struct DiscardList {
    pub entries: Vec<DiscardEntry>,
}

impl DiscardList {
    pub fn counts(&self) -> Vec<(&'static str, usize)> {
        vec![
            ("sentence discards", self.entries.iter().filter(|e| !e.story).count()),
            ("story discards", self.entries.iter().filter(|e| e.story).count()),
        ]
    }
}

/// Read a discard list.
pub fn read_discards(text: &str) -> (DiscardList, Vec<Problem>) {
    let mut d = DiscardList::default();
    let mut problems = Vec::new();
    for (n, line) in content_lines(text) {
        let (story, phrase) = match line.strip_prefix('+') {
            Some(p) => (true, p.trim()),
            None => (false, line),
        };
        let phrase = match phrase.find(';') {
            Some(i) => phrase[..i].trim(),
            None => phrase,
        };
        if phrase.is_empty() || phrase.contains(['[', ']', '{', '}', '*']) {
            problems.push(Problem { line: n, text: line.to_string(), reason: "a discard is a phrase (with '+' before it for a whole story), without codes or patterns".into() });
            continue;
        }
        let exact_end = phrase.ends_with('_');
        let words: Vec<String> = phrase.split(|c: char| c.is_whitespace() || c == '_').filter(|w| !w.is_empty()).map(str::to_lowercase).collect();
        d.entries.push(DiscardEntry { words, story, exact_end, line: n });
    }
    (d, problems)
}

#[derive(Debug, Clone, PartialEq)]
pub struct IssueEntry {
    /// Every expansion of the phrase, lower case, words separated by blanks.
    pub phrases: Vec<String>,
    /// Empty for an ignore (`~`) phrase.
    pub code: String,
    pub category: String,
    pub ignore: bool,
    pub line: usize,
}

#[derive(Debug, Clone, Default)]
pub struct IssueList {
    pub categories: Vec<String>,
    pub entries: Vec<IssueEntry>,
}

impl IssueList {
    pub fn counts(&self) -> Vec<(&'static str, usize)> {
        vec![
            ("categories", self.categories.len()),
            ("issue phrases", self.entries.iter().filter(|e| !e.ignore).count()),
            ("ignore phrases", self.entries.iter().filter(|e| e.ignore).count()),
            ("expanded phrases", self.entries.iter().map(|e| e.phrases.len()).sum()),
        ]
    }
}

/// Read an issue dictionary.
pub fn read_issues(text: &str) -> (IssueList, Vec<Problem>) {
    let mut d = IssueList::default();
    let mut problems = Vec::new();
    let mut category: Option<String> = None;
    for (n, line) in content_lines(text) {
        let mut fail = |reason: String| problems.push(Problem { line: n, text: line.to_string(), reason });
        if let Some(rest) = line.strip_prefix("<ISSUE") {
            let Some(name) = rest.split("CATEGORY=\"").nth(1).and_then(|s| s.split('"').next()) else {
                fail("an issue section opens with <ISSUE CATEGORY=\"NAME\">".into());
                continue;
            };
            d.categories.push(name.to_string());
            category = Some(name.to_string());
            continue;
        }
        if line.starts_with("</ISSUE") {
            if category.take().is_none() {
                fail("</ISSUE> without an open section".into());
            }
            continue;
        }
        let cat = category.clone().unwrap_or_default();
        if let Some(ignored) = line.strip_prefix('~') {
            let phrase = ignored.trim_start_matches('~').trim();
            if phrase.is_empty() || phrase.contains('[') {
                fail("an ignore line is '~phrase' without a code".into());
                continue;
            }
            d.entries.push(IssueEntry { phrases: expand(phrase), code: String::new(), category: cat, ignore: true, line: n });
            continue;
        }
        let Some(open) = line.rfind('[') else {
            // a phrase without a code takes its section's category (as in the KIDNAP section)
            match &category {
                Some(c) if !line.contains(']') => d.entries.push(IssueEntry { phrases: expand(line), code: c.clone(), category: cat, ignore: false, line: n }),
                _ => fail("an issue line is 'phrase [CODE]' (or a phrase alone inside an <ISSUE CATEGORY=...> section)".into()),
            }
            continue;
        };
        let Some(close) = line[open..].find(']').map(|c| c + open) else {
            fail("'[' without ']'".into());
            continue;
        };
        let code = line[open + 1..close].trim();
        let phrase = line[..open].trim();
        if code.is_empty() || phrase.is_empty() || !line[close + 1..].trim().is_empty() || !code.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
            fail("an issue line is 'phrase [CODE]' with a code of letters, digits, '_' and '-'".into());
            continue;
        }
        d.entries.push(IssueEntry { phrases: expand(phrase), code: code.to_string(), category: cat, ignore: false, line: n });
    }
    if let Some(c) = category {
        problems.push(Problem { line: text.lines().count(), text: String::new(), reason: format!("issue section {c} is not closed with </ISSUE>") });
    }
    (d, problems)
}

/// Every form of an issue phrase: `n:` singular and plural, `v:` the regular verb forms,
/// `a+b` with a blank and with a hyphen.
fn expand(phrase: &str) -> Vec<String> {
    let mut out: Vec<String> = vec![String::new()];
    for w in phrase.split_whitespace() {
        let w = w.to_lowercase();
        let forms: Vec<String> = if let Some(n) = w.strip_prefix("n:") {
            vec![n.to_string(), plural(n)]
        } else if let Some(v) = w.strip_prefix("v:") {
            let stem = v.strip_suffix('e').unwrap_or(v);
            vec![v.to_string(), format!("{v}s"), format!("{stem}ed"), format!("{stem}ing")]
        } else {
            vec![w.clone()]
        };
        let forms: Vec<String> = forms.into_iter().flat_map(|f| if f.contains('+') { vec![f.replace('+', " "), f.replace('+', "-")] } else { vec![f] }).collect();
        out = out.iter().flat_map(|prefix| forms.iter().map(move |f| if prefix.is_empty() { f.clone() } else { format!("{prefix} {f}") })).collect();
    }
    out
}
