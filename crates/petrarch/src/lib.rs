//! Readers for the dictionary formats of the PETRARCH and TABARI event coders: verb
//! dictionaries (synonym sets, verb blocks, patterns with source/target markers, in the
//! PETRARCH-2 form and the older TABARI/PETRARCH-1 form), actor dictionaries (synonyms, dated
//! codes), agent dictionaries (substitution markers, plurals), discard lists and issue
//! dictionaries. The format of a file is detected from its content.
//!
//! Reading never drops a line silently: every line that is not understood comes back as a
//! [`Problem`] with its line number and the reason, which `statecraft dictionaries check`
//! prints.

pub mod actors;
pub mod lists;
mod text;
pub mod verbs;

pub use actors::{ActorDictionary, ActorEntry, AgentDictionary, AgentEntry, DatedCode};
pub use lists::{DiscardEntry, DiscardList, IssueEntry, IssueList};
pub use verbs::{Code, Pattern, Term, VerbBlock, VerbDictionary, VerbEntry};

/// The kinds of dictionary file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Verbs,
    Actors,
    Agents,
    Discards,
    Issues,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Verbs => "verbs",
            Kind::Actors => "actors",
            Kind::Agents => "agents",
            Kind::Discards => "discards",
            Kind::Issues => "issues",
        }
    }
}

/// A line the reader did not understand.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// 1-based line number.
    pub line: usize,
    pub text: String,
    pub reason: String,
}

/// A dictionary read from one file.
#[derive(Debug, Clone)]
pub enum Dictionary {
    Verbs(VerbDictionary),
    Actors(ActorDictionary),
    Agents(AgentDictionary),
    Discards(DiscardList),
    Issues(IssueList),
}

impl Dictionary {
    pub fn kind(&self) -> Kind {
        match self {
            Dictionary::Verbs(_) => Kind::Verbs,
            Dictionary::Actors(_) => Kind::Actors,
            Dictionary::Agents(_) => Kind::Agents,
            Dictionary::Discards(_) => Kind::Discards,
            Dictionary::Issues(_) => Kind::Issues,
        }
    }

    /// What was read, as (what, how many).
    pub fn counts(&self) -> Vec<(&'static str, usize)> {
        match self {
            Dictionary::Verbs(v) => v.counts(),
            Dictionary::Actors(a) => a.counts(),
            Dictionary::Agents(a) => a.counts(),
            Dictionary::Discards(d) => d.counts(),
            Dictionary::Issues(i) => i.counts(),
        }
    }

    /// The variant of the format, when the kind has several (verb dictionaries).
    pub fn format(&self) -> &'static str {
        match self {
            Dictionary::Verbs(v) if v.tabari_form => "TABARI/PETRARCH-1 verb patterns",
            Dictionary::Verbs(_) => "PETRARCH-2 verb patterns",
            Dictionary::Actors(_) => "PETRARCH actors",
            Dictionary::Agents(_) => "PETRARCH agents",
            Dictionary::Discards(_) => "PETRARCH discards",
            Dictionary::Issues(_) => "PETRARCH issues",
        }
    }
}

/// A file read: the dictionary and the lines not understood.
#[derive(Debug, Clone)]
pub struct Read {
    pub dictionary: Dictionary,
    pub problems: Vec<Problem>,
}

/// The kind of a dictionary file, told from its content.
pub fn detect(text: &str) -> Kind {
    let lines = || text::content_lines(text).map(|(_, l)| l);
    if lines().any(|l| l.starts_with("---") && l.contains('[')) || lines().any(|l| l.starts_with("- ") && l.trim_end().ends_with(']')) {
        return Kind::Verbs;
    }
    if lines().any(|l| l.starts_with("<ISSUE") || text::issue_expansion(l)) {
        return Kind::Issues;
    }
    if lines().any(|l| l.contains("[~") || l.contains("~]") || (l.starts_with('!') && l.contains("! ="))) {
        return Kind::Agents;
    }
    if lines().any(|l| l.contains('[') && l.contains(']')) {
        return Kind::Actors;
    }
    Kind::Discards
}

/// Read a dictionary of any kind, detecting the kind from the content.
pub fn read(text: &str) -> Read {
    read_as(detect(text), text)
}

/// Read a dictionary of a known kind.
pub fn read_as(kind: Kind, text: &str) -> Read {
    match kind {
        Kind::Verbs => {
            let (d, problems) = verbs::read(text);
            Read { dictionary: Dictionary::Verbs(d), problems }
        }
        Kind::Actors => {
            let (d, problems) = actors::read_actors(text);
            Read { dictionary: Dictionary::Actors(d), problems }
        }
        Kind::Agents => {
            let (d, problems) = actors::read_agents(text);
            Read { dictionary: Dictionary::Agents(d), problems }
        }
        Kind::Discards => {
            let (d, problems) = lists::read_discards(text);
            Read { dictionary: Dictionary::Discards(d), problems }
        }
        Kind::Issues => {
            let (d, problems) = lists::read_issues(text);
            Read { dictionary: Dictionary::Issues(d), problems }
        }
    }
}

/// Split a phrase string of the dictionaries into lower-case words: `_` and blanks separate
/// words. Returns the words and whether the phrase ended with `_` (the last word must end
/// there, rather than be a stem).
pub fn phrase_words(phrase: &str) -> (Vec<String>, bool) {
    let exact = phrase.trim_end().ends_with('_');
    let words = phrase.split(|c: char| c == '_' || c.is_whitespace()).filter(|w| !w.is_empty()).map(|w| w.to_lowercase()).collect();
    (words, exact)
}

/// Regular English noun plural, as PETRARCH forms it (S; IES after a consonant and Y; ES after
/// SS, and also after X, CH, SH).
pub fn plural(word: &str) -> String {
    let w = word.to_lowercase();
    if let Some(stem) = w.strip_suffix('y') {
        if !stem.ends_with(['a', 'e', 'i', 'o', 'u']) {
            return format!("{stem}ies");
        }
    }
    if w.ends_with("ss") || w.ends_with('x') || w.ends_with("ch") || w.ends_with("sh") {
        return format!("{w}es");
    }
    format!("{w}s")
}

/// A PETRARCH date (`YYYYMMDD` or `YYMMDD`; two-digit years below 30 are 20xx).
pub fn parse_date(s: &str) -> Option<chrono::NaiveDate> {
    if !s.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let (y, rest) = match s.len() {
        8 => (s[..4].parse::<i32>().ok()?, &s[4..]),
        6 => {
            let yy: i32 = s[..2].parse().ok()?;
            (if yy < 30 { 2000 + yy } else { 1900 + yy }, &s[2..])
        }
        _ => return None,
    };
    let m: u32 = rest[..2].parse().ok()?;
    let d: u32 = rest[2..].parse().ok()?;
    chrono::NaiveDate::from_ymd_opt(y, m, d)
}

#[cfg(test)]
mod tests;
