//! The event dictionary: CAMEO rows and verb/noun patterns, and matching them against tokens.

use statecraft_model::fasthash::{FastMap as HashMap, FastSet as HashSet};

use statecraft_model::dictfile;
use statecraft_text::Token;

use crate::inflect::forms;

/// One row of the CAMEO table.
#[derive(Debug, Clone, PartialEq)]
pub struct CameoEntry {
    pub plover: String,
    pub goldstein: f32,
    pub description: String,
}

#[derive(Debug, Clone)]
enum Elem {
    Word(HashSet<String>),
    /// Up to six tokens of anything but clause punctuation.
    Gap,
}

#[derive(Debug, Clone)]
struct Pattern {
    cameo: String,
    text: String,
    elems: Vec<Elem>,
    nominal: bool,
    words: usize,
}

/// A pattern found at tokens `start..end`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Trigger {
    pub start: usize,
    pub end: usize,
    pub cameo: String,
    pub pattern: String,
    /// Declared as a noun pattern ("visit to", "air strike").
    pub nominal: bool,
    /// From a PETRARCH verb dictionary: a candidate only where the parse reads a verb.
    pub verb_only: bool,
    /// The event the target does in return (`042:043`), if any.
    pub reverse: Option<String>,
    /// The pattern's markers put the target before the verb or the source after it.
    pub swap: bool,
    /// A PETRARCH verb coded by itself or by a pattern of prepositions only.
    pub bare: bool,
}

/// CAMEO table plus patterns indexed by the forms of their first word.
#[derive(Debug, Clone, Default)]
pub struct Patterns {
    cameo: HashMap<String, CameoEntry>,
    patterns: Vec<Pattern>,
    by_first: HashMap<String, Vec<usize>>,
    verb_forms: HashSet<String>,
    verbs: crate::verbs::VerbIndex,
    /// A PETRARCH verb coded by itself (or by prepositions only) is a candidate, as in
    /// PETRARCH; off for the shipped layer, where such verbs cost more precision than they
    /// brought recall.
    pub bare_verbs: bool,
}

const WORDS_FUNCTION: &[&str] = &["to", "on", "with", "of", "the", "a", "an", "in", "into", "from", "for", "against", "up", "down", "out", "off", "over", "by", "back", "at", "as"];

impl Patterns {
    pub fn cameo(&self, code: &str) -> Option<&CameoEntry> {
        self.cameo.get(code)
    }

    /// The lowest CAMEO code of a PLOVER category in the table.
    pub fn first_code_of(&self, category: &str) -> Option<&str> {
        self.cameo.iter().filter(|(_, e)| e.plover == category).map(|(c, _)| c.as_str()).min()
    }

    /// Whether `word` is a form of a verb some pattern starts with (so it governs an object).
    pub fn is_verb(&self, word: &str) -> bool {
        self.verb_forms.contains(word)
    }

    pub fn pattern_count(&self) -> usize {
        self.patterns.len()
    }

    /// Patterns read from PETRARCH/TABARI verb dictionaries.
    pub fn verb_pattern_count(&self) -> usize {
        self.verbs.pattern_count()
    }

    /// The code Statecraft emits for a code of a PETRARCH dictionary: itself when the CAMEO
    /// table has it, else its nearest parent (`1717` is `171`, `075A` is `075`); `None` for
    /// codes outside the table (CAMEO 01x public statements, no PLOVER category).
    pub fn table_code(&self, code: &str) -> Option<String> {
        let mut c: String = code.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
        while c.len() > 2 && !self.cameo.contains_key(&c) {
            c.pop();
        }
        self.cameo.contains_key(&c).then_some(c)
    }

    /// Add a row to the CAMEO table (for dictionaries with codes of their own, as PETRARCH's
    /// unit tests have).
    pub fn add_cameo(&mut self, code: &str, entry: CameoEntry) {
        self.cameo.insert(code.to_string(), entry);
    }

    /// Add a PETRARCH/TABARI verb dictionary; its codes go through `table_code`. Returns the
    /// lines not understood (the rest is used).
    pub fn add_verb_dictionary(&mut self, text: &str) -> Vec<statecraft_petrarch::Problem> {
        let (d, problems) = statecraft_petrarch::verbs::read(text);
        let mut index = std::mem::take(&mut self.verbs);
        index.add(&d, &|c| self.table_code(c));
        self.verbs = index;
        problems
    }

    /// Every CAMEO code that has at least one pattern.
    pub fn codes_with_patterns(&self) -> HashSet<&str> {
        self.patterns.iter().map(|p| p.cameo.as_str()).collect()
    }

    /// Add a file: `CODE | PLOVER | GOLDSTEIN | description` rows and `@CODE` pattern blocks.
    pub fn add_file(&mut self, name: &str, text: &str) -> Result<(), String> {
        let mut rest = String::with_capacity(text.len());
        for (n, line) in text.lines().enumerate() {
            let t = line.trim();
            if !t.starts_with('#') && !t.starts_with('@') && t.split('|').count() >= 3 && t.split('|').next().is_some_and(|c| c.trim().chars().all(|c| c.is_ascii_digit())) {
                let cols: Vec<&str> = t.split('|').map(str::trim).collect();
                let g: f32 = cols[2].parse().map_err(|_| format!("{name}:{}: Goldstein weight {:?} is not a number", n + 1, cols[2]))?;
                self.cameo.insert(
                    cols[0].to_string(),
                    CameoEntry { plover: cols[1].to_string(), goldstein: g, description: cols.get(3).unwrap_or(&"").to_string() },
                );
                rest.push('\n');
            } else {
                rest.push_str(line);
                rest.push('\n');
            }
        }
        for block in dictfile::parse(name, &rest)? {
            if !block.kind.chars().all(|c| c.is_ascii_digit()) {
                continue; // actor kinds belong to the actor stage
            }
            let code = block.kind.clone();
            if !self.cameo.contains_key(&code) {
                return Err(format!("{}: CAMEO code {code} is not in the CAMEO table (dictionaries/cameo.txt)", block.origin));
            }
            for f in &block.fields {
                let nominal = match f.key.as_str() {
                    "verb" => false,
                    "noun" => true,
                    other => return Err(format!("{}: unknown key {other:?}; use 'verb:' or 'noun:'", f.origin)),
                };
                for v in &f.values {
                    self.add_pattern(&code, v, nominal).map_err(|e| format!("{}: {e}", f.origin))?;
                }
            }
        }
        Ok(())
    }

    fn add_pattern(&mut self, code: &str, text: &str, nominal: bool) -> Result<(), String> {
        let mut elems = Vec::new();
        for w in text.split_whitespace() {
            if w == "*" {
                if elems.is_empty() || matches!(elems.last(), Some(Elem::Gap)) {
                    return Err(format!("pattern {text:?}: '*' must come between two words"));
                }
                elems.push(Elem::Gap);
            } else {
                let lw = w.to_lowercase();
                let set: HashSet<String> = if WORDS_FUNCTION.contains(&lw.as_str()) { [lw].into_iter().collect() } else { forms(&lw).into_iter().collect() };
                elems.push(Elem::Word(set));
            }
        }
        if matches!(elems.last(), Some(Elem::Gap)) || elems.is_empty() {
            return Err(format!("pattern {text:?} must start and end with a word"));
        }
        let words = elems.iter().filter(|e| matches!(e, Elem::Word(_))).count();
        let idx = self.patterns.len();
        if let Some(Elem::Word(first)) = elems.first() {
            for f in first {
                self.by_first.entry(f.clone()).or_default().push(idx);
                if !nominal && !f.ends_with('s') {
                    self.verb_forms.insert(f.clone());
                }
            }
        }
        self.patterns.push(Pattern { cameo: code.to_string(), text: text.to_string(), elems, nominal, words });
        Ok(())
    }

    /// Non-overlapping triggers, most specific (most words) first.
    pub fn find(&self, tokens: &[Token]) -> Vec<Trigger> {
        let mut found: Vec<(usize, Trigger)> = Vec::new();
        for i in 0..tokens.len() {
            let Some(list) = self.by_first.get(tokens[i].lower.as_str()) else { continue };
            for &pi in list {
                let p = &self.patterns[pi];
                if let Some(end) = match_at(&p.elems, tokens, i) {
                    found.push((p.words, Trigger { start: i, end, cameo: p.cameo.clone(), pattern: p.text.clone(), nominal: p.nominal, ..Trigger::default() }));
                }
            }
        }
        found.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.start.cmp(&b.1.start)).then((a.1.end - a.1.start).cmp(&(b.1.end - b.1.start))));
        let mut taken: Vec<Trigger> = Vec::new();
        for (_, t) in found {
            if taken.iter().all(|u| t.end <= u.start || u.end <= t.start) {
                taken.push(t);
            }
        }
        // the PETRARCH verbs, where Statecraft's own patterns found nothing
        for m in self.verbs.find(tokens) {
            // a verb coded alone, or with prepositions only, is too vague to code: measured on
            // the PLOVER dev halves and real news, such candidates cost more precision than
            // they bring recall ("leave", "remain", "wanted", "controls ... for")
            if (m.bare && !self.bare_verbs) || taken.iter().any(|u| m.span_start < u.end && u.start < m.span_end) {
                continue;
            }
            // a return event alone (`[:173]`) is the target's act on the subject
            let (cameo, reverse, swap) = match (m.forward, m.reverse) {
                (Some(f), r) => (f, r, m.swap),
                (None, Some(r)) => (r, None, !m.swap),
                (None, None) => continue,
            };
            taken.push(Trigger { start: m.start, end: m.end, cameo, pattern: format!("petrarch {}", m.pattern), nominal: false, verb_only: true, reverse, swap, bare: m.bare });
        }
        taken.sort_by_key(|t| t.start);
        taken
    }
}

fn is_clause_punct(t: &Token) -> bool {
    matches!(t.text.as_str(), "," | ";" | ":" | "." | "?" | "!" | "(" | ")" | "\"")
}

fn match_at(elems: &[Elem], tokens: &[Token], start: usize) -> Option<usize> {
    let mut j = start;
    let mut k = 0;
    while k < elems.len() {
        match &elems[k] {
            Elem::Word(set) => {
                if j >= tokens.len() || !set.contains(tokens[j].lower.as_str()) {
                    return None;
                }
                j += 1;
                k += 1;
            }
            Elem::Gap => {
                let Elem::Word(next) = &elems[k + 1] else { return None };
                let mut found = None;
                for g in j..(j + 7).min(tokens.len()) {
                    if next.contains(tokens[g].lower.as_str()) {
                        found = Some(g);
                        break;
                    }
                    if is_clause_punct(&tokens[g]) {
                        break;
                    }
                }
                j = found? + 1;
                k += 2;
            }
        }
    }
    Some(j)
}
