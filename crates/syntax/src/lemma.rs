//! Lemmatiser: exact (form, XPOS) exceptions from the treebank, then suffix-rewrite rules
//! learned per XPOS (the most frequent rule for the longest known suffix), with proper nouns
//! keeping their case and everything else lowercased.

use std::collections::{BTreeMap, HashMap};

use crate::conllu::Sentence;
use crate::hash::{hash_lower, hash_str, mix};
use crate::io::{In, Out, Res};
use crate::perceptron::IdMap;

/// Longest word suffix (in characters) a rule is keyed by.
const MAX_SUFFIX: usize = 6;

/// A rewrite: drop `strip` characters from the end, then append `add`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Rule {
    strip: u8,
    add: String,
}

pub struct Lemmatizer {
    /// "form\txpos" -> lemma where the rules get it wrong.
    exact: HashMap<String, String>,
    /// "lowercase form\txpos" -> lemma where the rules get it wrong (not for proper nouns).
    lower: HashMap<String, String>,
    /// "xpos\tsuffix" -> rule.
    rules: HashMap<String, Rule>,
    /// The same three maps keyed by hashes, for allocation-free lookups.
    exact_h: IdMap<String>,
    lower_h: IdMap<String>,
    rules_h: IdMap<Rule>,
}

fn pair_hash(a: u64, xpos: &str) -> u64 {
    mix(a, hash_str(xpos))
}

fn split_key(k: &str) -> (&str, &str) {
    k.split_once('\t').unwrap_or((k, ""))
}

fn keeps_case(xpos: &str) -> bool {
    xpos == "NNP" || xpos == "NNPS"
}

fn key(a: &str, b: &str) -> String {
    let mut k = String::with_capacity(a.len() + b.len() + 1);
    k.push_str(a);
    k.push('\t');
    k.push_str(b);
    k
}

/// The rule that turns `form` into `lemma` (both compared as given).
fn rule_of(form: &str, lemma: &str) -> Option<Rule> {
    let f: Vec<char> = form.chars().collect();
    let l: Vec<char> = lemma.chars().collect();
    let p = f.iter().zip(&l).take_while(|(a, b)| a == b).count();
    let strip = f.len() - p;
    if strip > 255 {
        return None;
    }
    Some(Rule { strip: strip as u8, add: l[p..].iter().collect() })
}

fn most_frequent<K: Ord + Clone>(counts: &BTreeMap<K, usize>) -> K {
    // Highest count, ties to the smallest key (BTreeMap order) for determinism.
    let mut best: Option<(&K, usize)> = None;
    for (k, &c) in counts {
        if best.is_none_or(|(_, b)| c > b) {
            best = Some((k, c));
        }
    }
    best.unwrap().0.clone()
}

impl Lemmatizer {
    /// Learn from gold (form, XPOS, lemma) triples.
    pub fn train(sents: &[Sentence]) -> Lemmatizer {
        let mut exact: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
        for s in sents {
            for t in &s.tokens {
                if t.lemma == "_" {
                    continue;
                }
                *exact.entry(key(&t.form, &t.xpos)).or_default().entry(t.lemma.clone()).or_default() += 1;
            }
        }
        let exact: BTreeMap<String, String> = exact.iter().map(|(k, c)| (k.clone(), most_frequent(c))).collect();
        // Rules from word types.
        let mut counts: BTreeMap<String, BTreeMap<Rule, usize>> = BTreeMap::new();
        for (k, lemma) in &exact {
            let (form, xpos) = k.split_once('\t').unwrap();
            let (f, l) = if keeps_case(xpos) { (form.to_string(), lemma.clone()) } else { (form.to_lowercase(), lemma.to_lowercase()) };
            let Some(rule) = rule_of(&f, &l) else { continue };
            let chars: Vec<char> = f.chars().collect();
            let lf = if keeps_case(xpos) { f.to_lowercase().chars().collect::<Vec<_>>() } else { chars.clone() };
            for len in (rule.strip as usize)..=MAX_SUFFIX.min(lf.len().saturating_sub(1)) {
                let suf: String = lf[lf.len() - len..].iter().collect();
                *counts.entry(key(xpos, &suf)).or_default().entry(rule.clone()).or_default() += 1;
            }
        }
        let rules = counts.iter().map(|(k, c)| (k.clone(), most_frequent(c))).collect();
        let mut lem = Lemmatizer::from_maps(HashMap::new(), HashMap::new(), rules);
        // Keep only the exceptions the rules get wrong.
        let mut lower_votes: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
        for (k, lemma) in &exact {
            let (form, xpos) = k.split_once('\t').unwrap();
            if lem.by_rules(form, xpos) != *lemma {
                lem.exact_h.insert(pair_hash(hash_str(form), xpos), lemma.clone());
                lem.exact.insert(k.clone(), lemma.clone());
            }
            if !keeps_case(xpos) {
                *lower_votes.entry(key(&form.to_lowercase(), xpos)).or_default().entry(lemma.clone()).or_default() += 1;
            }
        }
        for (k, c) in &lower_votes {
            let lemma = most_frequent(c);
            let (form, xpos) = k.split_once('\t').unwrap();
            if lem.by_rules(form, xpos) != lemma {
                lem.lower_h.insert(pair_hash(hash_str(form), xpos), lemma.clone());
                lem.lower.insert(k.clone(), lemma);
            }
        }
        lem
    }

    fn from_maps(exact: HashMap<String, String>, lower: HashMap<String, String>, rules: HashMap<String, Rule>) -> Lemmatizer {
        let exact_h = exact.iter().map(|(k, l)| (pair_hash(hash_str(split_key(k).0), split_key(k).1), l.clone())).collect();
        let lower_h = lower.iter().map(|(k, l)| (pair_hash(hash_str(split_key(k).0), split_key(k).1), l.clone())).collect();
        let rules_h = rules.iter().map(|(k, r)| (pair_hash(hash_str(split_key(k).1), split_key(k).0), r.clone())).collect();
        Lemmatizer { exact, lower, rules, exact_h, lower_h, rules_h }
    }

    fn by_rules(&self, form: &str, xpos: &str) -> String {
        let proper = keeps_case(xpos);
        let lowered;
        let base: &str = if proper || !form.chars().any(char::is_uppercase) {
            form
        } else {
            lowered = form.to_lowercase();
            &lowered
        };
        // Suffixes are matched on the lowercase form: byte offsets of its last characters.
        let lower_all;
        let lf: &str = if base.chars().any(char::is_uppercase) {
            lower_all = base.to_lowercase();
            &lower_all
        } else {
            base
        };
        let starts: Vec<usize> = lf.char_indices().map(|(i, _)| i).collect();
        let nchars = starts.len();
        for len in (0..=MAX_SUFFIX.min(nchars.saturating_sub(1))).rev() {
            let suffix = if len == 0 { "" } else { &lf[starts[nchars - len]..] };
            if let Some(r) = self.rules_h.get(&pair_hash(hash_str(suffix), xpos)) {
                let bchars = base.chars().count();
                if (r.strip as usize) < bchars {
                    let cut = base.char_indices().nth(bchars - r.strip as usize).map_or(base.len(), |(i, _)| i);
                    let mut out = String::with_capacity(cut + r.add.len());
                    out.push_str(&base[..cut]);
                    out.push_str(&r.add);
                    return out;
                }
            }
        }
        base.to_string()
    }

    /// The lemma of `form` tagged `xpos`.
    pub fn lemma(&self, form: &str, xpos: &str) -> String {
        let fh = hash_str(form);
        if let Some(l) = self.exact_h.get(&pair_hash(fh, xpos)) {
            return l.clone();
        }
        if !keeps_case(xpos) {
            if let Some(l) = self.lower_h.get(&pair_hash(hash_lower(form), xpos)) {
                return l.clone();
            }
        }
        self.by_rules(form, xpos)
    }

    pub fn write(&self, out: &mut Out) {
        for map in [&self.exact, &self.lower] {
            let mut v: Vec<_> = map.iter().collect();
            v.sort();
            out.var(v.len() as u64);
            for (k, l) in v {
                out.str(k);
                out.str(l);
            }
        }
        let mut v: Vec<_> = self.rules.iter().collect();
        v.sort();
        out.var(v.len() as u64);
        for (k, r) in v {
            out.str(k);
            out.u8(r.strip);
            out.str(&r.add);
        }
    }

    pub fn read(inp: &mut In) -> Res<Lemmatizer> {
        let mut maps = [HashMap::new(), HashMap::new()];
        for m in &mut maps {
            let n = inp.var()? as usize;
            for _ in 0..n {
                let k = inp.str()?;
                m.insert(k, inp.str()?);
            }
        }
        let n = inp.var()? as usize;
        let mut rules = HashMap::with_capacity(n);
        for _ in 0..n {
            let k = inp.str()?;
            let strip = inp.u8()?;
            rules.insert(k, Rule { strip, add: inp.str()? });
        }
        let [exact, lower] = maps;
        Ok(Lemmatizer::from_maps(exact, lower, rules))
    }

    /// Sizes of the exception lists and the rule table.
    pub fn sizes(&self) -> (usize, usize, usize) {
        (self.exact.len(), self.lower.len(), self.rules.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conllu::parse;

    fn tb(rows: &[(&str, &str, &str)]) -> Vec<Sentence> {
        let mut s = String::new();
        for (i, (f, l, x)) in rows.iter().enumerate() {
            s.push_str(&format!("{}\t{f}\t{l}\tX\t{x}\t_\t0\troot\t_\t_\n\n", 1));
            let _ = i;
        }
        parse(&s).unwrap()
    }

    #[test]
    fn rules_generalise_and_exceptions_win() {
        let l = Lemmatizer::train(&tb(&[
            ("walked", "walk", "VBD"),
            ("talked", "talk", "VBD"),
            ("jumped", "jump", "VBD"),
            ("went", "go", "VBD"),
            ("cities", "city", "NNS"),
            ("parties", "party", "NNS"),
            ("dogs", "dog", "NNS"),
            ("cats", "cat", "NNS"),
            ("Smiths", "Smith", "NNPS"),
            ("The", "the", "DT"),
        ]));
        assert_eq!(l.lemma("kicked", "VBD"), "kick");
        assert_eq!(l.lemma("Kicked", "VBD"), "kick");
        assert_eq!(l.lemma("went", "VBD"), "go");
        assert_eq!(l.lemma("ladies", "NNS"), "lady");
        assert_eq!(l.lemma("birds", "NNS"), "bird");
        assert_eq!(l.lemma("Ukraine", "NNP"), "Ukraine");
        assert_eq!(l.lemma("THE", "DT"), "the");
        // Unknown tag: identity, lowercased.
        assert_eq!(l.lemma("Foo", "ZZ"), "foo");
        let mut out = Out::default();
        l.write(&mut out);
        let l2 = Lemmatizer::read(&mut In::new(&out.0)).unwrap();
        assert_eq!(l2.lemma("kicked", "VBD"), "kick");
        assert_eq!(l2.lemma("went", "VBD"), "go");
    }
}
