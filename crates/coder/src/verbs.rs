//! PETRARCH/TABARI verb dictionaries as a source of candidate triggers.
//!
//! Every verb form (regular forms made, irregular ones from `{...}`) is a key of one hash
//! map, so a sentence costs one lookup per token whatever the size of the dictionary; only
//! the patterns of the blocks a token's verb belongs to are then tried. A pattern's words
//! before `*` are looked for, in order, back from the verb within its clause, its words after
//! `*` forward from it; the matching pattern with the most words gives the code, else the
//! verb's own code, else its block's. `[---]` means no event. The parse still assigns source
//! and target; the markers only say when they are the other way round (a `+` target before
//! the verb, or a `$` source after it), and `042:043` adds the target's return event.

use std::collections::HashMap;

use statecraft_petrarch::verbs::{Code, Term, VerbDictionary};
use statecraft_text::Token;

use crate::inflect::forms;

/// Alternatives for one position of a pattern, each a run of consecutive words.
type Slot = Vec<Vec<String>>;

#[derive(Debug, Clone)]
struct IndexedPattern {
    before: Vec<Slot>,
    after: Vec<Slot>,
    forward: Option<String>,
    reverse: Option<String>,
    /// Words the pattern needs: the most specific match wins.
    words: usize,
    swap: bool,
    text: String,
}

#[derive(Debug, Clone)]
struct Block {
    name: String,
    forward: Option<String>,
    reverse: Option<String>,
    patterns: Vec<IndexedPattern>,
}

/// A verb form: the words of a multi-word verb around the token that is the verb.
#[derive(Debug, Clone)]
struct Form {
    block: usize,
    before: Vec<String>,
    after: Vec<String>,
    /// The verb's own code (`DISMISS [110]`), else the block's applies.
    code: Option<(Option<String>, Option<String>)>,
}

/// A verb of the dictionary found in a sentence, with the code its patterns give.
#[derive(Debug, Clone, PartialEq)]
pub struct VerbMatch {
    /// The verb's tokens (the verb and the particles of a multi-word verb).
    pub start: usize,
    pub end: usize,
    /// Tokens covered by the verb and the pattern's words.
    pub span_start: usize,
    pub span_end: usize,
    pub forward: Option<String>,
    pub reverse: Option<String>,
    pub swap: bool,
    /// Coded by the verb alone, or by a pattern of prepositions only.
    pub bare: bool,
    /// `BLOCK:pattern` for the record.
    pub pattern: String,
}

/// Verb dictionaries indexed by verb form.
#[derive(Debug, Clone, Default)]
pub struct VerbIndex {
    blocks: Vec<Block>,
    forms: HashMap<String, Vec<Form>>,
    patterns: usize,
}

const CLAUSE_PUNCT: &[&str] = &[",", ";", ":", ".", "?", "!", "(", ")", "\"", "--"];
/// How far (tokens) a pattern's words may be from the verb.
const REACH: usize = 12;

impl VerbIndex {
    pub fn pattern_count(&self) -> usize {
        self.patterns
    }

    /// Add a verb dictionary. `code_of` maps a dictionary code to the code to emit (`None`:
    /// the code is not one Statecraft codes, which counts as no event).
    pub fn add(&mut self, d: &VerbDictionary, code_of: &dyn Fn(&str) -> Option<String>) {
        let map = |c: &Code| (c.forward.as_deref().and_then(code_of), c.reverse.as_deref().and_then(code_of));
        for b in &d.blocks {
            let (forward, reverse) = map(&b.code);
            let bi = self.blocks.len();
            let mut patterns = Vec::new();
            for p in &b.patterns {
                let (f, r) = map(&p.code);
                let before: Vec<Slot> = p.before.iter().flat_map(|t| slots(t, d)).collect();
                let after: Vec<Slot> = p.after.iter().flat_map(|t| slots(t, d)).collect();
                let words = before.iter().chain(&after).filter(|s| !is_preposition(s)).map(|s| s.iter().map(Vec::len).min().unwrap_or(0)).sum::<usize>();
                let target_before = p.before.iter().any(|t| has_marker(t, &Term::Target));
                let source_after = p.after.iter().any(|t| has_marker(t, &Term::Source));
                patterns.push(IndexedPattern { before, after, forward: f, reverse: r, words, swap: target_before || source_after, text: p.text.clone() });
            }
            self.patterns += patterns.len();
            self.blocks.push(Block { name: b.name.clone(), forward, reverse, patterns });
            for v in &b.verbs {
                let code = v.code.as_ref().map(map);
                let mut variants: Vec<(Vec<String>, usize)> = Vec::new();
                match &v.forms {
                    Some(given) => {
                        variants.push((v.words.clone(), v.verb));
                        variants.extend(given.iter().cloned());
                    }
                    None => {
                        for f in forms(&v.words[v.verb]) {
                            let mut w = v.words.clone();
                            w[v.verb] = f;
                            variants.push((w, v.verb));
                        }
                    }
                }
                for (words, at) in variants {
                    let Some(key) = words.get(at) else { continue };
                    let form = Form { block: bi, before: words[..at].to_vec(), after: words[at + 1..].to_vec(), code: code.clone() };
                    let list = self.forms.entry(key.clone()).or_default();
                    if !list.iter().any(|f| f.block == bi && f.before == form.before && f.after == form.after) {
                        list.push(form);
                    }
                }
            }
        }
    }

    /// The dictionary's verbs in a sentence, each coded by its most specific pattern; verbs
    /// whose code is no event are left out.
    pub fn find(&self, tokens: &[Token]) -> Vec<VerbMatch> {
        let mut out: Vec<VerbMatch> = Vec::new();
        for (i, tok) in tokens.iter().enumerate() {
            let Some(list) = self.forms.get(tok.lower.as_str()) else { continue };
            let mut best: Option<(usize, VerbMatch)> = None;
            for form in list {
                if i < form.before.len() || !words_at(tokens, i - form.before.len(), &form.before) || !words_at(tokens, i + 1, &form.after) {
                    continue;
                }
                let (start, end) = (i - form.before.len(), i + 1 + form.after.len());
                let block = &self.blocks[form.block];
                let (fwd, rev) = form.code.clone().unwrap_or((block.forward.clone(), block.reverse.clone()));
                // the verb alone: its own code, or the block's
                let mut m = (0usize, VerbMatch { start, end, span_start: start, span_end: end, forward: fwd, reverse: rev, swap: false, bare: true, pattern: format!("{}:*", block.name) });
                for p in &block.patterns {
                    if p.words < m.0 || (p.words == m.0 && m.0 > 0) || (p.words == 0 && p.after.is_empty() && p.before.is_empty()) {
                        continue;
                    }
                    let Some(span_start) = match_before(&p.before, tokens, start) else { continue };
                    let Some(span_end) = match_after(&p.after, tokens, end) else { continue };
                    m = (p.words, VerbMatch { start, end, span_start, span_end, forward: p.forward.clone(), reverse: p.reverse.clone(), swap: p.swap, bare: p.words == 0, pattern: format!("{}:{}", block.name, p.text) });
                }
                if best.as_ref().is_none_or(|b| m.0 > b.0 || (m.0 == b.0 && (m.1.end - m.1.start) > (b.1.end - b.1.start))) {
                    best = Some(m);
                }
            }
            if let Some((_, m)) = best {
                if (m.forward.is_some() || m.reverse.is_some()) && !out.iter().any(|o| o.start < m.end && m.start < o.end) {
                    out.push(m);
                }
            }
        }
        out
    }
}

/// Prepositions (closed class): a pattern of these alone says little about the event.
const PREPOSITIONS: &[&str] = &[
    "to", "for", "with", "on", "in", "into", "at", "by", "from", "of", "against", "over", "about", "as", "toward", "towards",
    "between", "among", "off", "out", "up", "down", "under", "through", "across", "after", "before", "within", "upon", "onto",
    "near", "back", "away",
];

fn is_preposition(slot: &Slot) -> bool {
    slot.iter().all(|alt| alt.len() == 1 && PREPOSITIONS.contains(&alt[0].as_str()))
}

fn has_marker(t: &Term, marker: &Term) -> bool {
    match t {
        Term::Phrase(v) | Term::Prep(v) => v.iter().any(|t| has_marker(t, marker)),
        t => t == marker,
    }
}

/// The positions a term asks for, in order (markers ask for none).
fn slots(t: &Term, d: &VerbDictionary) -> Vec<Slot> {
    let word = |w: &str, plural: bool| {
        let mut s = vec![vec![w.to_string()]];
        if plural && w.chars().all(char::is_alphabetic) && !PREPOSITIONS.contains(&w) {
            s.push(vec![statecraft_petrarch::plural(w)]);
        }
        s
    };
    match t {
        Term::Word { text, plural } => vec![word(text, *plural)],
        Term::Any(alts) => vec![alts.iter().flat_map(|a| word(a, true)).collect()],
        Term::Synset(i) => vec![d.synsets[*i].phrases.clone()],
        Term::Phrase(v) | Term::Prep(v) => v.iter().flat_map(|t| slots(t, d)).collect(),
        Term::Source | Term::Target | Term::Skip | Term::Compound => Vec::new(),
    }
}

fn words_at(tokens: &[Token], at: usize, words: &[String]) -> bool {
    at + words.len() <= tokens.len() && words.iter().zip(&tokens[at..]).all(|(w, t)| t.lower == *w)
}

fn slot_at(slot: &Slot, tokens: &[Token], at: usize) -> Option<usize> {
    slot.iter().filter(|alt| words_at(tokens, at, alt)).map(|alt| at + alt.len()).max()
}

/// Match the words after the verb in order, each within reach, inside the clause; the end.
fn match_after(slots: &[Slot], tokens: &[Token], from: usize) -> Option<usize> {
    let limit = (from + REACH).min(tokens.len());
    let mut j = from;
    for slot in slots {
        let mut found = None;
        for k in j..limit {
            if let Some(e) = slot_at(slot, tokens, k) {
                found = Some(e);
                break;
            }
            if CLAUSE_PUNCT.contains(&tokens[k].text.as_str()) {
                return None;
            }
        }
        j = found?;
    }
    Some(j)
}

/// Match the words before the verb, the last first, back from it inside the clause; the start.
fn match_before(slots: &[Slot], tokens: &[Token], verb: usize) -> Option<usize> {
    let limit = verb.saturating_sub(REACH);
    let mut j = verb;
    for slot in slots.iter().rev() {
        let mut found = None;
        for k in (limit..j).rev() {
            if CLAUSE_PUNCT.contains(&tokens[k].text.as_str()) {
                return None;
            }
            if slot_at(slot, tokens, k).is_some_and(|e| e <= j) {
                found = Some(k);
                break;
            }
        }
        j = found?;
    }
    Some(j)
}
