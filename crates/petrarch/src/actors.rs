//! Actor dictionaries (a primary phrase with an optional code, `+` synonyms, dated codes
//! `[EGYGOV >140608]`, `[USAGOV 450703-470121]`, `[AFGELI <070723]`, several per actor) and
//! agent dictionaries (`PHRASE {plurals} [~CODE]`, `[CODE~]`, `!PERSON!` substitution sets).

use chrono::NaiveDate;

use crate::text::content_lines;
use crate::{parse_date, phrase_words, plural, Problem};

/// A code and the dates (inclusive) it applies between.
#[derive(Debug, Clone, PartialEq)]
pub struct DatedCode {
    pub code: String,
    pub from: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
}

impl DatedCode {
    pub fn applies(&self, date: Option<NaiveDate>) -> bool {
        match date {
            None => self.from.is_none() && self.until.is_none(),
            Some(d) => self.from.is_none_or(|f| f <= d) && self.until.is_none_or(|u| d <= u),
        }
    }

    fn parse(inner: &str) -> Result<DatedCode, String> {
        let mut parts = inner.split_whitespace();
        let code = parts.next().ok_or("empty code '[]'")?.to_string();
        if !code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return Err(format!("{code:?} is not an actor code"));
        }
        let restriction = parts.collect::<Vec<_>>().join("");
        let date = |s: &str| parse_date(s).ok_or_else(|| format!("{s:?} is not a date (YYMMDD or YYYYMMDD)"));
        let (from, until) = if restriction.is_empty() {
            (None, None)
        } else if let Some(d) = restriction.strip_prefix('<') {
            (None, Some(date(d)?))
        } else if let Some(d) = restriction.strip_prefix('>') {
            (Some(date(d)?), None)
        } else if let Some((a, b)) = restriction.split_once('-') {
            (Some(date(a)?), Some(date(b)?))
        } else {
            return Err(format!("date restriction {restriction:?} is not <date, >date or date-date"));
        };
        Ok(DatedCode { code, from, until })
    }
}

/// An actor: its phrases (lower-case words; `true` when the last word must end there rather
/// than be a stem) and its codes.
#[derive(Debug, Clone, PartialEq)]
pub struct ActorEntry {
    pub phrases: Vec<(Vec<String>, bool)>,
    pub codes: Vec<DatedCode>,
    pub line: usize,
}

impl ActorEntry {
    /// The code on `date`: a dated code that applies, else the undated (default) code.
    pub fn code_on(&self, date: Option<NaiveDate>) -> Option<&str> {
        let dated = |c: &&DatedCode| c.from.is_some() || c.until.is_some();
        self.codes
            .iter()
            .filter(dated)
            .find(|c| c.applies(date))
            .or_else(|| self.codes.iter().find(|c| !dated(c)))
            .map(|c| c.code.as_str())
    }
}

#[derive(Debug, Clone, Default)]
pub struct ActorDictionary {
    pub actors: Vec<ActorEntry>,
}

impl ActorDictionary {
    pub fn counts(&self) -> Vec<(&'static str, usize)> {
        vec![
            ("actors", self.actors.len()),
            ("phrases", self.actors.iter().map(|a| a.phrases.len()).sum()),
            ("codes", self.actors.iter().map(|a| a.codes.len()).sum()),
            ("dated codes", self.actors.iter().flat_map(|a| &a.codes).filter(|c| c.from.is_some() || c.until.is_some()).count()),
            ("actors without a code", self.actors.iter().filter(|a| a.codes.is_empty()).count()),
        ]
    }
}

/// Split `PHRASE [code] [code]` into the phrase and the codes in brackets.
fn phrase_and_codes(line: &str) -> Result<(String, Vec<DatedCode>), String> {
    let line = match line.find(';') {
        Some(i) => &line[..i],
        None => line,
    };
    let phrase_end = line.find('[').unwrap_or(line.len());
    let phrase = line[..phrase_end].trim().to_string();
    let mut codes = Vec::new();
    let mut rest = &line[phrase_end..];
    while let Some(open) = rest.find('[') {
        if !rest[..open].trim().is_empty() {
            return Err(format!("text between codes: {:?}", rest[..open].trim()));
        }
        let close = rest[open..].find(']').ok_or("'[' without ']'")? + open;
        let inner = &rest[open + 1..close];
        // `[ELR/GAL]`: several codes at once (TABARI)
        let (first, restriction) = inner.trim().split_once(char::is_whitespace).unwrap_or((inner.trim(), ""));
        for code in first.split('/') {
            codes.push(DatedCode::parse(&format!("{code} {restriction}"))?);
        }
        rest = &rest[close + 1..];
    }
    // a tab-separated column after the codes is an annotation (company sector, revenue)
    if !rest.trim().is_empty() && !rest.starts_with('\t') {
        return Err(format!("text after the codes: {:?}", rest.trim()));
    }
    Ok((phrase, codes))
}

fn check_phrase(p: &str) -> Result<(Vec<String>, bool), String> {
    let (words, exact) = phrase_words(p);
    if words.is_empty() {
        return Err("empty phrase".into());
    }
    if p.contains(['{', '}', '[', ']', '~']) {
        return Err(format!("{p:?} is not a phrase (words joined by '_' or blanks)"));
    }
    Ok((words, exact))
}

/// Read an actor dictionary.
pub fn read_actors(text: &str) -> (ActorDictionary, Vec<Problem>) {
    let mut d = ActorDictionary::default();
    let mut problems = Vec::new();
    for (n, line) in content_lines(text) {
        let mut fail = |reason: String| problems.push(Problem { line: n, text: line.to_string(), reason });
        if line.starts_with('[') {
            let Some(actor) = d.actors.last_mut() else {
                fail("a code line before any actor".into());
                continue;
            };
            match phrase_and_codes(line) {
                Ok((_, codes)) => actor.codes.extend(codes),
                Err(e) => fail(e),
            }
        } else if let Some(syn) = line.strip_prefix('+') {
            let Some(actor) = d.actors.last_mut() else {
                fail("a '+' synonym before any actor".into());
                continue;
            };
            match phrase_and_codes(syn).and_then(|(p, codes)| check_phrase(&p).map(|ph| (ph, codes))) {
                Ok((phrase, codes)) => {
                    actor.phrases.push(phrase);
                    actor.codes.extend(codes);
                }
                Err(e) => fail(e),
            }
        } else {
            match phrase_and_codes(line).and_then(|(p, codes)| check_phrase(&p).map(|ph| (ph, codes))) {
                Ok((phrase, codes)) => d.actors.push(ActorEntry { phrases: vec![phrase], codes, line: n }),
                Err(e) => fail(e),
            }
        }
    }
    (d, problems)
}

/// An agent: its phrases (singular and plural forms, substitutions expanded) and its code,
/// which goes after the actor's code (`[~GOV]`, `suffix`) or before it (`[NGO~]`).
#[derive(Debug, Clone, PartialEq)]
pub struct AgentEntry {
    pub phrases: Vec<Vec<String>>,
    pub code: String,
    pub suffix: bool,
    pub line: usize,
}

#[derive(Debug, Clone, Default)]
pub struct AgentDictionary {
    pub substitutions: Vec<(String, Vec<String>)>,
    pub agents: Vec<AgentEntry>,
}

impl AgentDictionary {
    pub fn counts(&self) -> Vec<(&'static str, usize)> {
        vec![
            ("substitution sets", self.substitutions.len()),
            ("agents", self.agents.len()),
            ("phrases", self.agents.iter().map(|a| a.phrases.len()).sum()),
        ]
    }
}

/// Read an agent dictionary.
pub fn read_agents(text: &str) -> (AgentDictionary, Vec<Problem>) {
    let mut d = AgentDictionary::default();
    let mut problems = Vec::new();
    for (n, line) in content_lines(text) {
        let mut fail = |reason: String| problems.push(Problem { line: n, text: line.to_string(), reason });
        if line.starts_with('!') && line.contains('=') {
            let (name, list) = line.split_once('=').unwrap_or_default();
            let name = name.trim();
            if !(name.len() > 2 && name.ends_with('!') && !name[1..name.len() - 1].contains('!')) {
                fail("a substitution set reads '!NAME! = A, B, C'".into());
                continue;
            }
            let items: Vec<String> = list.split(',').map(|s| s.split_whitespace().collect::<String>()).filter(|s| !s.is_empty()).collect();
            if items.is_empty() {
                fail(format!("substitution set {name} lists nothing"));
                continue;
            }
            d.substitutions.push((name.to_string(), items));
            continue;
        }
        match read_agent(line, n, &d.substitutions) {
            Ok(a) => d.agents.push(a),
            Err(e) => fail(e),
        }
    }
    (d, problems)
}

fn read_agent(line: &str, n: usize, subs: &[(String, Vec<String>)]) -> Result<AgentEntry, String> {
    let open = line.rfind('[').ok_or("an agent ends with its code: [~CODE] or [CODE~]")?;
    let close = line[open..].find(']').ok_or("'[' without ']' (the code must close with ']')")? + open;
    if !line[close + 1..].trim().is_empty() {
        return Err(format!("text after the code: {:?}", line[close + 1..].trim()));
    }
    let raw = line[open + 1..close].trim();
    let (code, suffix) = if let Some(c) = raw.strip_prefix('~') {
        (c, true)
    } else if let Some(c) = raw.strip_suffix('~') {
        (c, false)
    } else {
        return Err(format!("agent code {raw:?} needs '~' before it (added after the actor's code) or after it (before)"));
    };
    if code.is_empty() || !code.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(format!("{code:?} is not an agent code"));
    }
    let head = line[..open].trim();
    let (phrase, plurals) = match head.find('{') {
        Some(i) => {
            let c = head[i..].find('}').ok_or("'{' without '}' in the plural forms")? + i;
            if !head[c + 1..].trim().is_empty() {
                return Err(format!("text after the plural forms: {:?}", head[c + 1..].trim()));
            }
            (head[..i].trim(), Some(head[i + 1..c].split_whitespace().collect::<Vec<_>>()))
        }
        None => (head, None),
    };
    if phrase.is_empty() {
        return Err("an agent needs a phrase before its code".into());
    }
    let mut phrases = Vec::new();
    if phrase.contains('!') {
        // every item of the set in place of the marker, with no plural formed
        let start = phrase.find('!').unwrap_or(0);
        let end = phrase[start + 1..].find('!').ok_or("'!' marker not closed")? + start + 1;
        let marker = &phrase[start..=end];
        let (_, items) = subs.iter().find(|(m, _)| m == marker).ok_or_else(|| format!("substitution set {marker} is not defined before this line"))?;
        for item in items {
            phrases.push(check_phrase(&phrase.replacen(marker, item, 1))?.0);
        }
    } else {
        let (words, _) = check_phrase(phrase)?;
        match &plurals {
            Some(list) => {
                for p in list {
                    phrases.push(check_phrase(p)?.0);
                }
            }
            None => {
                let mut pl = words.clone();
                if let Some(last) = pl.last_mut() {
                    *last = plural(last);
                }
                phrases.push(pl);
            }
        }
        phrases.insert(0, words);
    }
    Ok(AgentEntry { phrases, code: code.to_string(), suffix, line: n })
}
