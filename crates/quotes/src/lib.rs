//! Quote stage: finds quotations in a document and attributes each to its speaker.
//!
//! [`find_quotes`] reads the cleaned text after the actor stage and coreference have run. It
//! finds quotations (`marks`: straight or curly marks, quotes over several paragraphs, single
//! marks for short phrases), tells direct quotes from scare quotes (a phrase of at most four
//! words inside the writer's own sentence: "disgusting", a "peace" plan), and looks for the
//! speaker, in this order:
//! 1. an attribution after the quote: `"...," Volker said`, `"...," said Andrei Kolesnikov, a
//!    veteran Russia watcher`, `"...," according to Nina Khrushcheva, a professor ...`;
//! 2. an attribution before a colon: `Giles wrote: "..."`, `the same newspaper proclaimed:`;
//! 3. a verb of saying earlier in the quote's sentence: `Stanovaya said that "..."`,
//!    `he called the talks a "feel-out meeting"`, `accused Putin of uttering "..."`;
//! 4. the speaker of the quote just before, when nothing but that quote's attribution stands
//!    between them (`"...," he said. "..."`; a quote continued in the next paragraph).
//!
//! A short phrase inside the writer's sentence stays a scare quote when it is presented as a
//! term (`the term "..."`, `known as the "..."`, a passive `dubbed "..."` without a `by` agent)
//! or lies in what its speaker denies. A quotation inside a quotation is a quote of its own,
//! attributed only by a verb of saying among the outer quotation's words.
//!
//! The speaker is the actor mention in the attribution (a person, an organisation, a pronoun
//! resolved by coreference), an anaphoric description resolved to the person or outlet named
//! before ("the expert", "the same newspaper"), or a description kept as such ("one former U.S.
//! diplomat to Russia"). Role and affiliation come from the appositions and titles the text
//! gives the speaker anywhere in the document ("Nina Khrushcheva, a professor of international
//! affairs at The New School"). When none of this applies the quote is kept with no speaker:
//! precision first.

mod marks;
mod speakers;

use std::collections::HashMap;

use chrono::NaiveDate;
use speakers::{inside_quote, name_run, People};
use statecraft_actors::{tokens_text, Mention};
use statecraft_syntax::{LazyParse, Word};
use statecraft_model::{DatePrecision, Quote, QuoteKind, Sentence, Speaker};
use statecraft_text::Token;
use statecraft_time::TimeExpr;

pub use marks::{find as find_marks, Marked};

/// What the quote stage reads from the earlier stages, for one document.
pub struct QuoteInput<'a> {
    pub doc_id: &'a str,
    /// The cleaned text: every span points into it.
    pub text: &'a str,
    pub sentences: &'a [Sentence],
    /// Tokens of each sentence (offsets relative to the sentence).
    pub tokens: &'a [Vec<Token>],
    /// Actor mentions of each sentence, after coreference.
    pub mentions: &'a [Vec<Mention>],
    /// Time expressions of each sentence.
    pub times: &'a [Vec<TimeExpr>],
    pub publication: Option<NaiveDate>,
    /// The parse of each sentence, made on first use (shared with the other stages).
    pub parses: &'a [LazyParse],
}

/// Verbs and phrases that attribute words to a speaker.
const SAY: &[&str] = &[
    "said", "says", "say", "told", "tells", "tell", "asserted", "asserts", "proclaimed", "proclaims", "warned", "warns",
    "wrote", "writes", "added", "adds", "noted", "notes", "stated", "states", "declared", "declares", "argued",
    "argues", "insisted", "insists", "claimed", "claims", "explained", "explains", "remarked", "observed", "stressed",
    "recalled", "replied", "responded", "announced", "concluded", "continued", "conceded", "acknowledged",
    "admitted", "suggested", "asked", "asks", "quipped", "joked", "tweeted", "posted", "saying", "telling",
    "adding", "writing", "warning", "arguing", "insisting", "noting", "calling", "called", "calls", "described",
    "describes", "describing", "dubbed", "labelled", "labeled", "termed", "branded", "condemned", "denounced",
    "accused", "praised", "hailed", "uttering", "promised", "vowed", "pledged", "urged", "testified", "testifies",
    "testify", "testifying", "rejected", "dismissed", "denied", "slammed", "assailed", "criticized", "criticised",
    "blasted", "recounted", "countered", "reiterated", "predicted", "complained", "lamented", "confirmed",
    "emphasized", "emphasised", "demanded", "pleaded", "cautioned", "chanted", "shouted", "begged", "implored",
    "appealed", "beseeched",
];
/// Documents that speak for whoever issued them ("the statement said").
const STATEMENT_NOUNS: &[&str] = &["statement", "communique", "communiqué", "release", "report", "letter", "declaration", "notice", "bulletin"];
/// Nouns of saying whose speaker is named by `from`/`by` or a possessive ("directives from
/// Xi to ...", "the ministry's statement that ...").
const SPEECH_NOUNS: &[&str] = &[
    "statement", "statements", "directive", "directives", "order", "orders", "remarks", "comments", "words", "message",
    "letter", "tweet", "tweets", "post", "speech", "call", "calls", "pledge", "promise", "vow", "warning", "claim",
    "claims", "accusation", "accusations", "appeal", "demand", "demands", "instructions", "testimony", "announcement",
];
/// Verbs after which the quote is the object's description, not a clause ("called X a 'Y'").
const PARTICIPLES: &[&str] = &["saying", "telling", "adding", "writing", "warning", "arguing", "insisting", "noting", "calling", "describing", "uttering"];
const CLAUSE_STARTS: &[&str] = &[";", ":", "that", "but", "and", "because", "while", "although", "though", "when", "if", "as", "whether", "which", "who"];
const PREPOSITIONS: &[&str] = &[
    "of", "to", "with", "in", "on", "at", "against", "for", "from", "by", "into", "over", "near", "toward", "towards",
    "about", "between", "among", "under", "after", "before", "like", "including", "than", "across", "around",
    "through", "within", "without", "upon", "via", "despite", "during", "amid",
];
const DETERMINERS: &[&str] = &["the", "a", "an", "one", "two", "some", "several", "many", "this", "that", "these", "those"];
/// Nouns of a description that refers back to an expert named before ("the expert told").
const EXPERT_NOUNS: &[&str] = &["expert", "analyst", "professor", "scholar", "academic", "researcher", "economist", "historian", "scientist", "specialist", "commentator", "author", "columnist"];
const ROLE_NOUNS: &[&str] = &[
    "professor", "scientist", "analyst", "expert", "economist", "historian", "journalist", "columnist", "researcher",
    "fellow", "spokesman", "spokeswoman", "spokesperson", "adviser", "advisor", "diplomat", "lawmaker", "senator",
    "official", "envoy", "secretary", "director", "watcher", "negotiator", "author", "writer", "commentator",
    "correspondent", "reporter", "editor", "ambassador", "minister", "chairman", "chairwoman", "founder", "lecturer",
    "scholar", "specialist", "strategist", "officer", "commander", "politician", "activist", "lawyer", "attorney",
    "judge", "governor", "mayor", "candidate", "representative", "aide", "consultant", "tabloid", "newspaper",
    "daily", "broadcaster", "agency", "outlet", "magazine", "veteran", "head", "academic", "observer", "president",
    "leader", "chief",
];
const ADVERBS: &[&str] = &["also", "recently", "reportedly", "later", "then", "once", "again", "has", "have", "had", "already", "previously", "earlier", "often", "repeatedly", "publicly", "privately", "simply", "separately", "further", "even", "too"];

/// Words that present a quotation as a term rather than as someone's words ("the term",
/// "so-called").
const TERM_WORDS: &[&str] = &["term", "terms", "word", "words", "phrase", "label", "nickname", "moniker", "expression", "epithet", "so-called", "slogan"];

/// Verbs that give a name ("dubbed the "Hanoi Hilton"").
const NAMING_VERBS: &[&str] = &["dubbed", "nicknamed", "labelled", "labeled", "termed", "branded", "called", "named", "billed"];
const BE_FORMS: &[&str] = &["is", "are", "was", "were", "be", "been", "being"];
/// Verbs of denial: words quoted inside what they deny are not the denier's.
const DENIALS: &[&str] = &["denied", "denies", "deny", "disputed", "disputes", "rejected", "rejects", "dismissed", "dismisses", "refuted", "refutes"];

#[derive(Debug, Clone, Default)]
struct Profile {
    role: Option<String>,
    affiliation: Option<String>,
    code: Option<String>,
    sector: Option<String>,
}

/// Where a quote's attribution was found.
#[derive(Debug, Clone)]
struct Attribution {
    speaker: Option<Speaker>,
    cue: Option<String>,
    /// Sentence and token of the cue, for the date.
    at: Option<(usize, usize)>,
    /// Byte where the attribution ends: a following quote with only punctuation in between
    /// continues this speaker.
    end: usize,
}

struct Doc<'a> {
    input: &'a QuoteInput<'a>,
    profiles: HashMap<String, Profile>,
    people: People,
    /// Code, sector and role of each name the actor stage coded.
    coded: HashMap<String, (String, Option<String>, Option<String>)>,
}

/// Find the document's quotations with their speakers.
pub fn find_quotes(input: &QuoteInput) -> Vec<Quote> {
    let marked = marks::find(input.text);
    let n = input.sentences.len();
    if marked.is_empty() || input.tokens.len() != n || input.mentions.len() != n || input.times.len() != n {
        return Vec::new();
    }
    let mut coded = HashMap::new();
    for a in input.mentions.iter().flatten().flat_map(|m| m.actors.iter()) {
        if let (Some(name), false) = (&a.name, a.code.is_empty()) {
            coded.entry(name.clone()).or_insert_with(|| (a.code.clone(), a.sector.clone(), a.role.clone()));
        }
    }
    let doc = Doc { input, profiles: profiles(input), people: People::read(input.tokens, input.mentions), coded };
    let mut out: Vec<Quote> = Vec::new();
    let mut previous: Option<(Attribution, DatePrecision, Option<String>)> = None;
    for m in &marked {
        let Some(s) = doc.sentence_at(m.open) else { continue };
        let text: String = m.pieces.iter().map(|&(a, b)| input.text[a..b].trim()).collect::<Vec<_>>().join(" ");
        let words = text.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).count();
        let ends_sentence = text.trim_end_matches(['"', '\'', ')']).ends_with(['.', '?', '!']);
        if m.nested {
            // a quotation inside a quotation: attributed only by the outer quotation's words
            let nested: Vec<(usize, usize)> = marked.iter().filter(|x| x.nested && x.open < m.open).map(|x| (x.open, x.after)).collect();
            let attribution = marked.iter().find(|o| !o.nested && o.open < m.open && m.after <= o.after).and_then(|o| doc.nested_attribution(m, o, s, &nested));
            let kind = match &attribution {
                Some(_) if text.starts_with(|c: char| c.is_lowercase()) => QuoteKind::Partial,
                Some(_) => QuoteKind::Direct,
                None if words <= 4 && !ends_sentence => QuoteKind::Scare,
                None => QuoteKind::Direct,
            };
            let (date, precision) = match &attribution {
                Some(a) => doc.date_near(a.at, m),
                None => (input.publication.map(|d| d.to_string()), DatePrecision::Unknown),
            };
            let (speaker, cue) = attribution.map(|a| (a.speaker, a.cue)).unwrap_or((None, None));
            out.push(Quote { doc_id: input.doc_id.to_string(), sentence: s, span: [m.start, m.end], text, kind, speaker, cue, date, date_precision: precision });
            continue;
        }
        // a short phrase is a scare quote unless an attribution follows it (`"Never," he said`)
        let after = if m.single { None } else { doc.after(m) };
        // a short phrase inside the writer's sentence, even one closing it ("known as the
        // "Three Amigos."") is a term unless a clause of saying holds it
        let in_sentence = doc.within_sentence(m, s);
        let scare = after.is_none() && (m.single || (words <= 4 && (!ends_sentence || in_sentence)));
        let heading = after.is_none() && doc.heading(m, &text);
        let chant = doc.chant(m, s);

        let mut attribution = if scare || heading { None } else { after.or_else(|| doc.colon(m)) };
        let mut embedded = false;
        if attribution.is_none() && !heading {
            // the parse decides for phrases and fragments inside a sentence: the verb of saying
            // whose clause holds the quote, or none when another clause holds it
            let fragment = in_sentence && text.starts_with(|c: char| c.is_lowercase());
            attribution = if scare && doc.named_as_term(m, s) {
                None
            } else if let Some(named) = doc.naming_participle(m, s).filter(|_| scare || fragment) {
                named
            } else {
                doc.embedded(m, s).filter(|a| !((scare || fragment) && doc.inside_denial(m, s, a)))
            };
            embedded = attribution.is_some();
        }
        // "the source said": the speaker described so before; "the statement said": whoever
        // issued the statement named before
        if let Some(a) = attribution.as_mut() {
            if let Some(sp) = a.speaker.as_ref().filter(|sp| sp.name.is_none()) {
                if let Some(issuer) = doc.statement_issuer(s, sp) {
                    a.speaker = Some(issuer);
                } else if let Some(earlier) = anaphor(sp, &out) {
                    a.speaker = Some(earlier);
                }
            }
        }
        let named = attribution.as_ref().is_some_and(|a| a.speaker.is_some());
        let fragment = embedded && text.starts_with(|c: char| c.is_lowercase());
        let kind = match () {
            _ if heading => QuoteKind::Heading,
            _ if chant => QuoteKind::Chant,
            _ if scare && !named => QuoteKind::Scare,
            _ if scare || fragment => QuoteKind::Partial,
            _ => QuoteKind::Direct,
        };
        let mut inherited = false;
        if attribution.is_none() && !scare && !heading {
            if let Some((prev, _, _)) = &previous {
                let between = &input.text[prev.end.min(m.open)..m.open];
                if prev.speaker.is_some() && !between.chars().any(char::is_alphanumeric) {
                    attribution = Some(Attribution { end: m.after, ..prev.clone() });
                    inherited = true;
                }
            }
        }
        let (date, precision) = match (&attribution, inherited, &previous) {
            (Some(_), true, Some((_, p, d))) => (d.clone(), *p),
            (Some(a), false, _) => doc.date_near(a.at, m),
            _ => (input.publication.map(|d| d.to_string()), DatePrecision::Unknown),
        };
        let (speaker, cue) = attribution.as_ref().map(|a| (a.speaker.clone(), a.cue.clone())).unwrap_or((None, None));
        out.push(Quote {
            doc_id: input.doc_id.to_string(),
            sentence: s,
            span: [m.start, m.end],
            text,
            kind,
            speaker,
            cue,
            date: date.clone(),
            date_precision: precision,
        });
        previous = match attribution {
            _ if heading => None,
            Some(a) if !scare => Some((a, precision, date)),
            _ if !scare => Some((Attribution { speaker: None, cue: None, at: None, end: m.after }, precision, date)),
            _ => previous,
        };
    }
    out
}

/// A definite description as speaker ("the source", "the spokesman") stands for the latest
/// speaker described with the same noun before.
fn anaphor(sp: &Speaker, before: &[Quote]) -> Option<Speaker> {
    let mention = sp.mention.as_deref()?.to_lowercase();
    let words: Vec<&str> = mention.split_whitespace().collect();
    if words.len() > 3 || words.first() != Some(&"the") {
        return None;
    }
    let head = *words.last()?;
    let earlier = before.iter().rev().filter_map(|q| q.speaker.as_ref()).find(|e| {
        e.mention.as_deref().is_some_and(|m| m.to_lowercase() != mention && m.to_lowercase().split_whitespace().any(|w| w == head))
    })?;
    Some(Speaker { mention: sp.mention.clone(), ..earlier.clone() })
}

impl<'a> Doc<'a> {
    /// "The statement said": who issued the statement the text spoke of in this or the last
    /// three sentences (`the US military said in a statement`, `a statement from the ministry`).
    fn statement_issuer(&self, s: usize, sp: &Speaker) -> Option<Speaker> {
        let mention = sp.mention.as_deref()?.to_lowercase();
        let noun = mention.strip_prefix("the ")?;
        if !STATEMENT_NOUNS.contains(&noun) {
            return None;
        }
        for si in (s.saturating_sub(3)..=s).rev() {
            let toks = &self.input.tokens[si];
            let Some(k) = (0..toks.len()).find(|&k| STATEMENT_NOUNS.contains(&toks[k].lower.as_str()) && !inside_quote(toks, k) && !(si == s && k > 0 && toks[k - 1].lower == "the")) else { continue };
            let ms = &self.input.mentions[si];
            let named_at = |j: usize| match name_run(toks, ms, j) {
                Some((a, b)) => Some(self.named(si, a, b)),
                None => ms.iter().find(|m| m.start <= j && j < m.end && m.pronoun.is_none()).and_then(|m| self.speaker_of(si, m)),
            };
            if toks.get(k + 1).is_some_and(|t| matches!(t.lower.as_str(), "from" | "by" | "of")) {
                let j = k + 2 + usize::from(toks.get(k + 2).is_some_and(|t| t.lower == "the"));
                if let Some(x) = named_at(j) {
                    return Some(Speaker { mention: sp.mention.clone(), ..x });
                }
            }
            // the subject of the verb the statement belongs to ("X said in a statement")
            let w = self.parse(si)?;
            let mut v = w[k].head?;
            while !matches!(w[v].upos, statecraft_syntax::Upos::Verb) {
                v = w[v].head?;
            }
            let subject = self.subject_head(si, v)?;
            let x = named_at(subject).or_else(|| self.subject_description(si, subject))?;
            return Some(Speaker { mention: sp.mention.clone(), ..x });
        }
        None
    }

    /// A section title: a short quotation that is its whole paragraph, with no full stop.
    fn heading(&self, m: &Marked, text: &str) -> bool {
        let t = self.input.text;
        let line_start = t[..m.open].rfind('\n').map(|i| i + 1).unwrap_or(0);
        let line_end = t[m.after..].find('\n').map(|i| m.after + i).unwrap_or(t.len());
        let alone = t[line_start..m.open].trim().is_empty() && t[m.after..line_end].trim().is_empty();
        alone && text.split_whitespace().count() <= 12 && !text.trim_end().ends_with(['.', '?', '!', ','])
    }

    /// A crowd's chant or a sign's words: the verb chant or shout, or signs and slogans,
    /// before the quote in its sentence.
    fn chant(&self, m: &Marked, s: usize) -> bool {
        let toks = &self.input.tokens[s];
        let q = self.token_at(s, m.open);
        toks[..q].iter().any(|t| matches!(t.lower.as_str(), "chanted" | "chanting" | "chant" | "chants" | "shouted" | "shouting" | "signs" | "sign" | "slogan" | "slogans" | "banners" | "placards" | "sayings"))
    }

    fn sentence_at(&self, byte: usize) -> Option<usize> {
        let ss = self.input.sentences;
        ss.iter().position(|s| s.start <= byte && byte < s.end.max(s.start + 1)).or_else(|| ss.iter().position(|s| s.start > byte))
    }

    /// Index of the token of sentence `s` starting at byte `abs` of the text (or the first after it).
    fn token_at(&self, s: usize, abs: usize) -> usize {
        let base = self.input.sentences[s].start;
        self.input.tokens[s].iter().position(|t| base + t.start >= abs).unwrap_or(self.input.tokens[s].len())
    }

    /// 1. `"...," X said` / `"...," said X` / `"...," according to X`.
    fn after(&self, m: &Marked) -> Option<Attribution> {
        let text = self.input.text;
        let last = text[m.start..m.end].trim_end().trim_end_matches(['\'', '\u{2019}']).chars().last()?;
        let mut s = self.sentence_at(m.end.saturating_sub(1))?;
        let mut i = self.token_at(s, m.after);
        // a question or exclamation closes the sentence: the attribution is the next one
        // (`"... the investigation?" Holmes testified.`), when it follows at once and is short
        let mut reach = 25;
        if i >= self.input.tokens[s].len() && matches!(last, '?' | '!' | ',') {
            self.input.sentences.get(s + 1).filter(|n| n.start >= m.after && n.start - m.after <= 3)?;
            s += 1;
            i = 0;
            reach = 6;
        }
        let toks = &self.input.tokens[s];
        let comma_after = toks.get(i).is_some_and(|t| t.text == ",");
        if !(matches!(last, ',' | '?' | '!' | '-') || comma_after) {
            return None;
        }
        if comma_after {
            i += 1;
        }
        // the attribution ends at the sentence end or at the next quotation mark
        let stop = (i..toks.len()).find(|&k| toks[k].text == "\"" || toks[k].text == "\u{201C}").unwrap_or(toks.len());
        let first = toks.get(i)?;
        let opener_ok = matches!(first.lower.as_str(), "the" | "a" | "an" | "one" | "he" | "she" | "they" | "it" | "according") || SAY.contains(&first.lower.as_str()) || first.text.starts_with(|c: char| c.is_uppercase());
        if !opener_ok || matches!(first.lower.as_str(), "but" | "and" | "or" | "so" | "because") {
            return None;
        }
        let base = self.input.sentences[s].start;
        let end = toks.get(stop.saturating_sub(1)).map(|t| base + t.end).unwrap_or(m.after);
        // "according to X"
        if first.lower == "according" && toks.get(i + 1).is_some_and(|t| t.lower == "to") {
            let speaker = self.speaker_after(s, i + 2, stop);
            return Some(Attribution { speaker, cue: Some("according to".into()), at: Some((s, i)), end });
        }
        let window = stop.min(i + reach);
        let cue = (i..window).find(|&k| SAY.contains(&toks[k].lower.as_str()) && !PARTICIPLES.contains(&toks[k].lower.as_str()))?;
        let speaker = if cue == i { self.speaker_after(s, i + 1, stop) } else { self.speaker_before(s, i, cue, false) };
        let region = if cue == i { (i + 1, stop, false) } else { (i, cue, true) };
        let speaker = self.better(s, cue, speaker, region);
        Some(Attribution { speaker, cue: Some(toks[cue].lower.clone()), at: Some((s, cue)), end })
    }

    /// 2. `X said: "..."`, the colon possibly at the end of the previous paragraph.
    fn colon(&self, m: &Marked) -> Option<Attribution> {
        let text = self.input.text;
        let before = text[..m.open].trim_end();
        if !before.ends_with(':') {
            return None;
        }
        let colon = before.len() - 1;
        let s = self.sentence_at(colon)?;
        let toks = &self.input.tokens[s];
        let c = self.token_at(s, colon).min(toks.len());
        let cue = (0..c).rev().find(|&k| SAY.contains(&toks[k].lower.as_str()))?;
        let participle = PARTICIPLES.contains(&toks[cue].lower.as_str());
        let start = if participle { 0 } else { clause_start(toks, cue) };
        let speaker = self.speaker_before(s, start, cue, participle).or_else(|| if participle { None } else { self.speaker_before(s, 0, cue, true) });
        let speaker = self.better(s, cue, speaker, (start, cue, true));
        Some(Attribution { speaker, cue: Some(toks[cue].lower.clone()), at: Some((s, cue)), end: m.after })
    }

    /// 3. A verb of saying earlier in the quote's sentence.
    fn embedded(&self, m: &Marked, s: usize) -> Option<Attribution> {
        self.final_attribution(m, s).or_else(|| self.cue_before(m, s)).or_else(|| self.speech_noun(m, s))
    }

    /// A reporting clause closing the quote's sentence governs all of it: `Sondland was
    /// known for telling others "..." despite ..., said another witness, Fiona Hill.`
    fn final_attribution(&self, m: &Marked, s: usize) -> Option<Attribution> {
        // a quote of several sentences is governed by the clause closing its last one
        let s = self.sentence_at(m.end.saturating_sub(1)).filter(|&e| e > s).unwrap_or(s);
        let toks = &self.input.tokens[s];
        let after = self.token_at(s, m.after);
        let last = toks.iter().rposition(|t| !matches!(t.text.as_str(), "." | "!" | "?" | "\""))?;
        // `..., said X` or `..., he warned.`
        let inverted = |k: usize| k > after && toks[k - 1].text == ",";
        // the subject between the last comma and a closing verb: a few words, or a described
        // speaker ("..., a second person briefed on the call said.")
        let subject_from = |k: usize| toks[..k].iter().rposition(|t| t.text == ",").map(|c| c + 1).filter(|&c| c > after);
        let described = |c: usize, k: usize| k - c <= 12 && matches!(toks[c].lower.as_str(), "a" | "an" | "another" | "one" | "two" | "three" | "the");
        let closing = |k: usize| k == last && k >= 2 && subject_from(k).is_some_and(|c| c + 3 >= k || described(c, k));
        let cue = (after..=last).find(|&k| SAY.contains(&toks[k].lower.as_str()) && !PARTICIPLES.contains(&toks[k].lower.as_str()) && (inverted(k) || closing(k)))?;
        let inverted = inverted(cue);
        if (after..cue).any(|k| toks[k].text == "\"") {
            return None;
        }
        let from = if inverted { cue + 1 } else { subject_from(cue).unwrap_or(cue).max(cue.saturating_sub(4)) };
        let speaker = if inverted { self.speaker_after(s, cue + 1, last + 1) } else { self.speaker_before(s, from, cue, false) };
        let region = if inverted { (cue + 1, last + 1, false) } else { (from, cue, true) };
        let mut speaker = self.better(s, cue, speaker, region);
        if !inverted && speaker.as_ref().is_none_or(|sp| sp.name.is_none()) {
            // a described speaker is kept as written, whole
            if let Some(c) = subject_from(cue).filter(|&c| described(c, cue) && c + 3 < cue) {
                let ms = &self.input.mentions[s];
                let inner = ms.iter().find(|x| x.start >= c && x.end <= cue && x.is_coded() && x.pronoun.is_none()).and_then(|x| x.actors.first());
                speaker = Some(Speaker { name: None, code: inner.map(|x| x.code.clone()), sector: inner.and_then(|x| x.sector.clone()), role: None, affiliation: None, mention: Some(tokens_text(toks, c, cue)) });
            }
        }
        speaker.as_ref()?;
        Some(Attribution { speaker, cue: Some(toks[cue].lower.clone()), at: Some((s, cue)), end: m.after })
    }

    /// A noun of saying before the quote with its speaker: `directives from Xi to "..."`,
    /// `Xi's directive to "..."`.
    fn speech_noun(&self, m: &Marked, s: usize) -> Option<Attribution> {
        let toks = &self.input.tokens[s];
        let q = self.token_at(s, m.open);
        let noun = (q.saturating_sub(12)..q).rev().find(|&k| SPEECH_NOUNS.contains(&toks[k].lower.as_str()) && !inside_quote(toks, k))?;
        let ms = &self.input.mentions[s];
        let source = if toks.get(noun + 1).is_some_and(|t| matches!(t.lower.as_str(), "from" | "by" | "of")) {
            Some(noun + 2 + usize::from(toks.get(noun + 2).is_some_and(|t| t.lower == "the")))
        } else if noun >= 2 && toks[noun - 1].text == "'s" {
            Some(noun - 2)
        } else {
            None
        }?;
        let speaker = match name_run(toks, ms, source) {
            Some((a, b)) => Some(self.named(s, a, b)),
            None => ms.iter().find(|m| m.start <= source && source < m.end).and_then(|m| self.speaker_of(s, m)),
        }?;
        Some(Attribution { speaker: Some(speaker), cue: Some(toks[noun].lower.clone()), at: Some((s, noun)), end: m.after })
    }

    /// 3b. A verb of saying earlier in the quote's sentence.
    fn cue_before(&self, m: &Marked, s: usize) -> Option<Attribution> {
        let toks = &self.input.tokens[s];
        let q = self.token_at(s, m.open);
        let cue = (0..q).rev().find(|&k| SAY.contains(&toks[k].lower.as_str()) && !inside_quote(toks, k))?;
        // the cue must govern the quote: no other clause's verb of saying in between
        let participle = PARTICIPLES.contains(&toks[cue].lower.as_str());
        let start = clause_start(toks, cue);
        let coordinated = start > 0 && matches!(toks[start - 1].lower.as_str(), "but" | "and" | ",");
        let mut speaker = if participle { self.speaker_before(s, 0, cue, true) } else { self.speaker_before(s, start, cue, false) };
        if speaker.is_none() && (coordinated || participle) {
            speaker = self.speaker_before(s, 0, cue, true);
        }
        // "his predecessor, Fiona Hill, had dubbed": the cue's own subject, named in apposition
        let speaker = match self.appositive_subject(s, cue, start) {
            Some(named) => Some(named),
            None => self.better(s, cue, speaker, (start, cue, true)),
        };
        speaker.as_ref()?;
        Some(Attribution { speaker, cue: Some(toks[cue].lower.clone()), at: Some((s, cue)), end: m.after })
    }

    /// A quotation inside the quotation `outer`: the verb of saying nearest before it among
    /// the outer quotation's words (`"I heard President Trump ask, 'Is it done?'"`) and the
    /// person named as its subject (the nearest name before it; for a participle, `adding
    /// that ...`, the clause's first). Pronouns inside a quotation are the quoted speaker's
    /// and are not resolved here.
    fn nested_attribution(&self, m: &Marked, outer: &Marked, s: usize, earlier: &[(usize, usize)]) -> Option<Attribution> {
        let toks = &self.input.tokens[s];
        let ms = &self.input.mentions[s];
        let base = self.input.sentences[s].start;
        let from = if outer.open >= base { self.token_at(s, outer.open) + 1 } else { 0 };
        let q = self.token_at(s, m.open);
        let quoted = |k: usize| earlier.iter().any(|&(a, b)| a <= base + toks[k].start && base + toks[k].start < b);
        let cue = (from..q).rev().find(|&k| !quoted(k) && (SAY.contains(&toks[k].lower.as_str()) || toks[k].lower == "ask"))?;
        let participle = PARTICIPLES.contains(&toks[cue].lower.as_str());
        let clause = if participle { from } else { (from..cue).rev().find(|&k| matches!(toks[k].text.as_str(), ";" | ":") || toks[k].lower == "that" || quoted(k)).map(|k| k + 1).unwrap_or(from) };
        let person = |k: usize| -> Option<Speaker> {
            if quoted(k) {
                return None;
            }
            if let Some(x) = ms.iter().find(|x| x.start == k && x.person && x.pronoun.is_none()) {
                return self.speaker_of(s, x);
            }
            let (a, b) = name_run(toks, ms, k)?;
            (a == k && (b - a >= 2 || self.people.by_surname(&toks[b - 1].text).is_some())).then(|| self.named(s, a, b))
        };
        let speaker = if participle { (clause..cue).find_map(person) } else { (clause..cue).rev().find_map(|k| person(k).filter(|_| name_run(toks, ms, k).is_none_or(|(_, b)| b <= cue))) };
        let speaker = speaker?;
        Some(Attribution { speaker: Some(speaker), cue: Some(toks[cue].lower.clone()), at: Some((s, cue)), end: m.after })
    }

    /// Whether the quote stands inside its sentence: the writer's words come before it, and
    /// not a colon that introduces it.
    fn within_sentence(&self, m: &Marked, s: usize) -> bool {
        let q = self.token_at(s, m.open);
        let toks = &self.input.tokens[s];
        let words_before = toks[..q].iter().any(|t| t.text.chars().any(char::is_alphanumeric));
        words_before && !self.input.text[..m.open].trim_end().ends_with(':')
    }

    /// A quotation presented as a term, not as anyone's words: "the term "..."", "the
    /// so-called "..."", "known as the "..."", "referred to as "..."".
    fn named_as_term(&self, m: &Marked, s: usize) -> bool {
        let toks = &self.input.tokens[s];
        let mut p = self.token_at(s, m.open);
        while p > 0 && DETERMINERS.contains(&toks[p - 1].lower.as_str()) {
            p -= 1;
        }
        p > 0 && (TERM_WORDS.contains(&toks[p - 1].lower.as_str()) || toks[p - 1].lower == "as" && p > 1 && matches!(toks[p - 2].lower.as_str(), "known" | "referred" | "to"))
    }

    /// A name given in the passive ("the prison, dubbed the "Hanoi Hilton" by American
    /// servicemen", "what was labelled "..."") belongs to the agent after `by`, or to nobody.
    fn naming_participle(&self, m: &Marked, s: usize) -> Option<Option<Attribution>> {
        let toks = &self.input.tokens[s];
        let open = self.token_at(s, m.open);
        let mut k = open;
        while k > 0 && (DETERMINERS.contains(&toks[k - 1].lower.as_str()) || toks[k - 1].lower == "as") {
            k -= 1;
        }
        let cue = k.checked_sub(1).filter(|&c| NAMING_VERBS.contains(&toks[c].lower.as_str()))?;
        let passive = cue > 0 && (toks[cue - 1].text == "," || BE_FORMS.contains(&toks[cue - 1].lower.as_str()));
        if !passive {
            return None;
        }
        let after = self.token_at(s, m.after);
        if toks.get(after).is_none_or(|t| t.lower != "by") {
            return Some(None);
        }
        // the agent as written, up to the end of its phrase
        let from = after + 1;
        let end = (from..toks.len()).find(|&j| matches!(toks[j].text.as_str(), "," | "." | ";" | ":" | "\"" | "(" | ")")).unwrap_or(toks.len());
        if from >= end {
            return Some(None);
        }
        let ms = &self.input.mentions[s];
        let speaker = match name_run(toks, ms, from).filter(|&(a, _)| a == from) {
            Some((a, b)) => self.named(s, a, b),
            None => {
                let inner = ms.iter().find(|x| x.start >= from && x.end <= end && x.is_coded() && x.pronoun.is_none()).and_then(|x| x.actors.first());
                Speaker { name: None, code: inner.map(|x| x.code.clone()), sector: inner.and_then(|x| x.sector.clone()), role: None, affiliation: None, mention: Some(tokens_text(toks, from, end)) }
            }
        };
        Some(Some(Attribution { speaker: Some(speaker), cue: Some(toks[cue].lower.clone()), at: Some((s, cue)), end: m.after }))
    }

    /// Whether the quote lies in the proposition its speaker denies ("denied that he formed an
    /// "irregular" channel"): the words are the ones denied, not the speaker's; a denial's own
    /// verdict ("rejected the accusations as "false"") is his.
    fn inside_denial(&self, m: &Marked, s: usize, a: &Attribution) -> bool {
        let Some((cs, cue)) = a.at else { return false };
        let toks = &self.input.tokens[s];
        if cs != s || !DENIALS.contains(&toks[cue].lower.as_str()) {
            return false;
        }
        let open = self.token_at(s, m.open);
        cue < open && toks[cue + 1..open].iter().any(|t| t.lower == "that")
    }

    /// The parse's subject of the cue when it is a description with a personal name in
    /// apposition, within the cue's clause: that name.
    fn appositive_subject(&self, s: usize, cue: usize, start: usize) -> Option<Speaker> {
        let w = self.parse(s)?;
        let toks = &self.input.tokens[s];
        let k = (0..w.len()).find(|&j| w[j].head == Some(cue) && w[j].deprel.starts_with("nsubj"))?;
        if k < start || matches!(w[k].upos, statecraft_syntax::Upos::Propn | statecraft_syntax::Upos::Pron) {
            return None;
        }
        let j = (k + 1..cue).find(|&j| w[j].head == Some(k) && w[j].deprel == "appos" && toks[j - 1].text == ",")?;
        let (a, b) = name_run(toks, &self.input.mentions[s], j).filter(|&(a, _)| a == j)?;
        (b - a >= 2).then(|| self.named(s, a, b))
    }

    /// The sentence's parse, when it has one word per token.
    fn parse(&self, s: usize) -> Option<&[Word]> {
        let toks = &self.input.tokens[s];
        let lazy = self.input.parses.get(s)?;
        let words = statecraft_text::parser_words(&toks);
        let w = lazy.get(&words);
        (w.len() == toks.len()).then_some(w)
    }

    /// The head word of the subject of the verb of saying at `cue`, from the parse: its
    /// `nsubj`, else the subject of the verb it is coordinated with or subordinate to
    /// ("..., adding that"); a relative pronoun stands for the noun its clause modifies.
    fn subject_head(&self, s: usize, cue: usize) -> Option<usize> {
        let w = self.parse(s)?;
        let mut v = cue;
        for _ in 0..3 {
            if let Some(j) = (0..w.len()).find(|&j| w[j].head == Some(v) && w[j].deprel.starts_with("nsubj")) {
                let relative = matches!(w[j].form.to_lowercase().as_str(), "who" | "which" | "that");
                return if relative && w[v].deprel.starts_with("acl") { w[v].head } else { Some(j) };
            }
            match (w[v].deprel, w[v].head) {
                ("conj" | "advcl" | "xcomp", Some(h)) => v = h,
                _ => return None,
            }
        }
        None
    }

    /// A speaker from a name run `a..b` of sentence `s`: the full name (a surname linked to
    /// the name given before), with the code of the dictionary person or of the title written
    /// before the name ("White House Press Secretary Stephanie Grisham").
    fn named(&self, s: usize, a: usize, b: usize) -> Speaker {
        let toks = &self.input.tokens[s];
        let name = self.people.full_name(toks, a, b);
        let title = self.input.mentions[s].iter().find(|m| m.end == a && !m.person && m.pronoun.is_none() && m.is_coded()).and_then(|m| m.actors.first());
        let (code, sector, role) = match (self.coded.get(&name), title) {
            (Some((c, sec, r)), _) => (Some(c.clone()), sec.clone(), r.clone()),
            (None, Some(t)) => (Some(t.code.clone()), t.sector.clone(), None),
            _ => (None, None, None),
        };
        let p = self.profiles.get(&name).cloned().unwrap_or_default();
        Speaker { name: Some(name), code: code.or(p.code), sector: sector.or(p.sector), role: p.role.or(role), affiliation: p.affiliation, mention: Some(tokens_text(toks, a, b)) }
    }

    /// The person `he`/`she` at token `k` stands for, named as that pronoun.
    fn pronoun_speaker(&self, s: usize, k: usize) -> Option<Speaker> {
        let toks = &self.input.tokens[s];
        let p = self.people.pronoun(s, k, toks[k].lower.as_str())?;
        let name = self.people.people[p].name.clone();
        let (code, sector, role) = self.coded.get(&name).map(|(c, sec, r)| (Some(c.clone()), sec.clone(), r.clone())).unwrap_or((None, None, None));
        let prof = self.profiles.get(&name).cloned().unwrap_or_default();
        Some(Speaker { name: Some(name), code: code.or(prof.code), sector: sector.or(prof.sector), role: prof.role.or(role), affiliation: prof.affiliation, mention: Some(toks[k].text.clone()) })
    }

    /// The speaker a subject's head word `k` names: a person or organisation mention, a
    /// personal name, `he`/`she`.
    fn speaker_at(&self, s: usize, k: usize) -> Option<Speaker> {
        let toks = &self.input.tokens[s];
        let ms = &self.input.mentions[s];
        if let Some((a, b)) = name_run(toks, ms, k) {
            return Some(self.named(s, a, b));
        }
        if matches!(toks.get(k)?.lower.as_str(), "he" | "she") {
            return self.pronoun_speaker(s, k);
        }
        if let Some(m) = ms.iter().find(|m| m.start <= k && k < m.end) {
            if let Some(sp) = self.speaker_of(s, m) {
                if sp.name.is_none() {
                    // a title before the name: the subject's head may be the title's last word
                    if let Some((a, b)) = name_run(toks, ms, m.end) {
                        return Some(self.named(s, a, b));
                    }
                }
                return Some(sp);
            }
        }
        self.subject_description(s, k)
    }

    /// A speaker described by the noun phrase headed by word `k` ("the Russian and Syrian
    /// defense ministries", "Nisan Ahmado's source inside the Rukban camp"), up to a comma.
    fn subject_description(&self, s: usize, k: usize) -> Option<Speaker> {
        let toks = &self.input.tokens[s];
        let w = self.parse(s)?;
        if !matches!(w[k].upos, statecraft_syntax::Upos::Noun | statecraft_syntax::Upos::Propn) {
            return None;
        }
        // the head's whole subtree, cut at a comma or quotation mark on either side
        let mut inside = vec![false; w.len()];
        inside[k] = true;
        let mut grew = true;
        while grew {
            grew = false;
            for j in 0..w.len() {
                if !inside[j] && w[j].head.is_some_and(|h| inside[h]) {
                    inside[j] = true;
                    grew = true;
                }
            }
        }
        let lo = (0..=k).find(|&j| inside[j]).unwrap_or(k);
        let hi = (k..w.len()).rev().find(|&j| inside[j]).unwrap_or(k) + 1;
        let stop = |j: usize| matches!(toks[j].text.as_str(), "," | "\"" | ";" | ":" | "(" | ")");
        let a = (lo..k).rev().find(|&j| stop(j)).map(|j| j + 1).unwrap_or(lo);
        let b = (k..hi).find(|&j| stop(j)).unwrap_or(hi);
        let a = if toks[a].lower == "including" { a + 1 } else { a };
        let ms = &self.input.mentions[s];
        let inner = ms.iter().find(|m| m.start >= a && m.end <= b && m.is_coded() && m.pronoun.is_none()).and_then(|m| m.actors.first());
        Some(Speaker {
            name: None,
            code: inner.map(|x| x.code.clone()),
            sector: inner.and_then(|x| x.sector.clone()),
            role: None,
            affiliation: None,
            mention: Some(tokens_text(toks, a, b)),
        })
    }

    /// A person named in tokens `a..b` (the last one when `last`, else the first), or a
    /// `he`/`she`, outside quotations and not governed by a preposition.
    fn region_speaker(&self, s: usize, a: usize, b: usize, last: bool) -> Option<Speaker> {
        let toks = &self.input.tokens[s];
        let ms = &self.input.mentions[s];
        let b = b.min(toks.len());
        let ok = |k: usize| !inside_quote(toks, k) && !(k > 0 && PREPOSITIONS.contains(&toks[k - 1].lower.as_str()));
        let mut order: Vec<usize> = (a..b).collect();
        if last {
            order.reverse();
        }
        for k in order {
            if !ok(k) {
                continue;
            }
            if matches!(toks[k].lower.as_str(), "he" | "she") && name_run(toks, ms, k).is_none() {
                return self.pronoun_speaker(s, k);
            }
            if let Some((x, y)) = name_run(toks, ms, k) {
                let possessive = toks.get(y).is_some_and(|t| t.text == "'s" || t.text == "'");
                // one capitalised word is a name when the document names that person in full,
                // or when it stands right beside the verb of saying ("Schiff asked")
                let single_ok = y - x > 1 || self.people.by_surname(&toks[y - 1].text).is_some() || (if last { y == b } else { x == a });
                if !possessive && single_ok && (x == k || (last && y == k + 1)) {
                    let x = x.max(a);
                    if x < y {
                        return Some(self.named(s, x, y));
                    }
                }
            }
        }
        None
    }

    /// The speaker the token rules found, or a better one: `he`/`she` resolved among the
    /// people the narration names, a named person where only a title or nobody was found.
    fn better(&self, s: usize, cue: usize, found: Option<Speaker>, region: (usize, usize, bool)) -> Option<Speaker> {
        let pronoun = found.as_ref().and_then(|sp| sp.mention.as_deref()).is_some_and(|m| matches!(m.to_lowercase().as_str(), "he" | "she"));
        // a pronoun coreference resolved to someone the narration names is kept; one resolved
        // to a person named only inside a quotation is resolved again here
        let narrated = found.as_ref().and_then(|sp| sp.name.as_deref()).is_some_and(|n| self.people.in_narration(n));
        if found.as_ref().is_some_and(|sp| sp.name.is_some()) && (!pronoun || narrated) {
            // unless the pronoun's own sentence names someone else before it
            if let Some(k) = pronoun.then(|| self.pronoun_token(s, region, found.as_ref())).flatten() {
                if let Some(p) = self.people.pronoun_in_sentence(s, k, &self.input.tokens[s][k].lower) {
                    if found.as_ref().and_then(|sp| sp.name.as_deref()) != Some(self.people.people[p].name.as_str()) {
                        return self.pronoun_speaker(s, k);
                    }
                }
            }
            return found;
        }
        // a participle's subject is the clause's, which the token rules already read
        let participle = PARTICIPLES.contains(&self.input.tokens[s][cue].lower.as_str());
        let parsed = if participle { None } else { self.subject_head(s, cue).and_then(|k| self.speaker_at(s, k)) };
        let (parsed, description) = match parsed {
            Some(sp) if sp.name.is_some() => (Some(sp), None),
            other => (None, other),
        };
        // a pronoun the token rules found is not passed over for another name in the region
        let fallback = || if pronoun { None } else { self.region_speaker(s, region.0, region.1, region.2) };
        match parsed.or_else(fallback) {
            Some(sp) => {
                // keep what the title said of a named speaker
                let code = sp.code.clone().or_else(|| found.as_ref().and_then(|f| f.code.clone()));
                let sector = sp.sector.clone().or_else(|| found.as_ref().and_then(|f| f.sector.clone()));
                Some(Speaker { code, sector, ..sp })
            }
            None => match (found, description) {
                // the parse's whole noun phrase over the words the token rules found
                (Some(f), Some(d)) if d.mention.as_deref().zip(f.mention.as_deref()).is_some_and(|(dm, fm)| dm.contains(fm)) => {
                    Some(Speaker { code: d.code.or(f.code), sector: d.sector.or(f.sector), ..d })
                }
                (Some(f), _) => Some(f),
                (None, d) => d,
            },
        }
    }

    /// The token of the pronoun `found` names, within the attribution's region.
    fn pronoun_token(&self, s: usize, region: (usize, usize, bool), found: Option<&Speaker>) -> Option<usize> {
        let word = found?.mention.as_deref()?;
        let toks = &self.input.tokens[s];
        (region.0..region.1.min(toks.len())).find(|&k| toks[k].text == word)
    }

    /// The speaker named right after the cue ("said Andrei Kolesnikov, a veteran Russia watcher").
    fn speaker_after(&self, s: usize, from: usize, stop: usize) -> Option<Speaker> {
        let toks = &self.input.tokens[s];
        let mut k = from;
        while k < stop && DETERMINERS.contains(&toks[k].lower.as_str()) && toks[k].lower != "one" {
            k += 1;
        }
        if let Some(mention) = self.input.mentions[s].iter().find(|mm| mm.start >= from && mm.start <= k + 1 && mm.start < stop) {
            if let Some(sp) = self.speaker_of(s, mention) {
                return Some(sp);
            }
        }
        // a personal name the dictionary does not know: "said Derek Scissors, a China scholar"
        if let Some((a, b)) = name_run(toks, &self.input.mentions[s], k).filter(|&(a, _)| a == k && k < stop) {
            return Some(self.named(s, a, b));
        }
        // a description: "one former U.S. diplomat to Russia"
        let end = (from..stop).find(|&j| matches!(toks[j].text.as_str(), "," | "." | ";" | ":")).unwrap_or(stop);
        self.description(s, from, end)
    }

    /// The subject of the cue at `cue`: the person or actor nearest before it in `start..cue`
    /// (skipping appositions and actors governed by a preposition), or the first one when
    /// `first` (a participle's subject is the clause's subject).
    fn speaker_before(&self, s: usize, start: usize, cue: usize, first: bool) -> Option<Speaker> {
        let toks = &self.input.tokens[s];
        // skip adverbs and auxiliaries and time expressions right before the cue
        let mut c = cue;
        loop {
            while c > start && (ADVERBS.contains(&toks[c - 1].lower.as_str()) || toks[c - 1].lower.ends_with("ly") && toks[c - 1].text.starts_with(|ch: char| ch.is_lowercase())) {
                c -= 1;
            }
            if let Some(t) = self.input.times[s].iter().find(|t| t.end == c && t.start >= start) {
                c = t.start;
                continue;
            }
            break;
        }
        // skip appositions: ", a professor of ... ," before the cue
        while c > start && toks[c - 1].text == "," {
            let Some(p) = (start..c - 1).rev().find(|&j| toks[j].text == ",") else { break };
            let seg: Vec<&str> = toks[p + 1..c - 1].iter().map(|t| t.lower.as_str()).collect();
            let apposition = matches!(seg.first().copied(), Some("a" | "an" | "the" | "former" | "ex" | "then" | "who" | "one")) || seg.iter().any(|w| ROLE_NOUNS.contains(w));
            if !apposition {
                c -= 1;
                break;
            }
            c = p;
        }
        let ms = &self.input.mentions[s];
        let candidates: Vec<&Mention> = ms
            .iter()
            .filter(|m| m.start >= start && m.end <= c)
            .filter(|m| !possessive_pronoun(toks, m) && !governed(toks, m, start))
            .filter(|m| !(m.person && toks.get(m.end).is_some_and(|t| t.text == "'s" || t.text == "'")))
            .filter(|m| !inside_quote(toks, m.start))
            .collect();
        let strong = |m: &&Mention| m.person || m.is_coded() || (m.pronoun.is_some() && m.actors.iter().any(|a| a.name.is_some()));
        let pick = if first { candidates.iter().find(|m| strong(m)) } else { candidates.iter().rev().find(|m| strong(m)) };
        if let Some(m) = pick {
            // a mention that opens with "the same"/"the" + sector word is a description
            if let Some(sp) = self.speaker_of(s, m) {
                return Some(sp);
            }
        }
        // a description before the cue: "The expert told", "the same newspaper proclaimed"
        let mut d = c;
        while d > start && !matches!(toks[d - 1].text.as_str(), "," | ";" | ":") && !CLAUSE_STARTS.contains(&toks[d - 1].lower.as_str()) {
            d -= 1;
        }
        if d < c {
            return self.description(s, d, c);
        }
        None
    }

    /// A speaker from an actor mention, with the profile the document gives it.
    fn speaker_of(&self, s: usize, m: &Mention) -> Option<Speaker> {
        let toks = &self.input.tokens[s];
        let a = m.actors.first()?;
        let mention = tokens_text(toks, m.start, m.end);
        if m.pronoun.is_some() && a.name.is_none() && a.code.is_empty() {
            return None; // an unresolved pronoun
        }
        if !m.person && a.name.is_none() {
            // a seat or outlet named by the mention ("the Moskovsky Komsomolets", "Izvestia newspaper")
            let caps: Vec<&str> = toks[m.start..m.end].iter().map(|t| t.text.as_str()).filter(|w| w.starts_with(|c: char| c.is_uppercase())).collect();
            let definite_sector = caps.is_empty();
            if definite_sector {
                return None; // "the same newspaper": left to descriptions
            }
            let name = caps.join(" ");
            let p = self.profiles.get(&name).cloned().unwrap_or_default();
            return Some(Speaker {
                name: if a.sector.as_deref() == Some("MED") || a.org.is_some() { Some(name) } else { None },
                code: (!a.code.is_empty()).then(|| a.code.clone()),
                sector: a.sector.clone().or(p.sector),
                role: p.role,
                affiliation: p.affiliation,
                mention: Some(mention),
            });
        }
        let name = a.name.clone();
        let p = name.as_ref().and_then(|n| self.profiles.get(n)).cloned().unwrap_or_default();
        Some(Speaker {
            name,
            code: (!a.code.is_empty()).then(|| a.code.clone()).or(p.code),
            sector: a.sector.clone().or(p.sector),
            role: p.role.or_else(|| a.role.clone()),
            affiliation: p.affiliation,
            mention: Some(mention),
        })
    }

    /// A speaker described rather than named, tokens `a..b` of sentence `s`: an anaphor
    /// ("the expert", "the same newspaper") resolved to who was named before, or a description
    /// kept as the speaker's role ("one former U.S. diplomat to Russia").
    fn description(&self, s: usize, a: usize, b: usize) -> Option<Speaker> {
        let toks = &self.input.tokens[s];
        if a >= b {
            return None;
        }
        let words: Vec<&str> = toks[a..b].iter().map(|t| t.lower.as_str()).collect();
        let head = *words.last()?;
        let definite = words[0] == "the";
        let mention = tokens_text(toks, a, b);
        if definite && (EXPERT_NOUNS.contains(&head) || words.get(1) == Some(&"same")) && words.len() <= 4 {
            return self.antecedent(s, a, head, mention);
        }
        // an indefinite description with a role noun: "one former U.S. diplomat to Russia"
        if matches!(words[0], "a" | "an" | "one") && words.iter().any(|w| ROLE_NOUNS.contains(w)) {
            let role_words = tokens_text(toks, a + 1, b);
            let inner = self.input.mentions[s].iter().find(|m| m.start >= a && m.end <= b && m.is_coded() && !governed(toks, m, a));
            let (code, sector) = match inner.and_then(|m| m.actors.first()) {
                Some(x) => ((!x.code.is_empty()).then(|| x.code.clone()), x.sector.clone()),
                None => (None, None),
            };
            return Some(Speaker { name: None, code, sector, role: Some(role_words), affiliation: None, mention: Some(mention) });
        }
        None
    }

    /// "the expert" -> the last person named before who holds no dictionary office;
    /// "the same newspaper" -> the last outlet named before.
    fn antecedent(&self, s: usize, a: usize, head: &str, mention: String) -> Option<Speaker> {
        let lo = s.saturating_sub(4);
        for si in (lo..=s).rev() {
            let ms = &self.input.mentions[si];
            for m in ms.iter().rev() {
                if si == s && m.start >= a {
                    continue;
                }
                let Some(x) = m.actors.first() else { continue };
                let fits = if EXPERT_NOUNS.contains(&head) {
                    m.person && m.pronoun.is_none() && x.code.is_empty() && x.name.is_some()
                } else {
                    !m.person && m.pronoun.is_none() && x.sector.as_deref() == sector_of(head) && sector_of(head).is_some() && !x.code.is_empty()
                        && self.input.tokens[si][m.start..m.end].iter().any(|t| t.text.starts_with(|c: char| c.is_uppercase()))
                };
                if fits {
                    let mut sp = self.speaker_of(si, m)?;
                    sp.mention = Some(mention);
                    return Some(sp);
                }
            }
        }
        None
    }

    /// The date of the quote: the time expression in the attribution nearest the cue, if any.
    fn date_near(&self, at: Option<(usize, usize)>, m: &Marked) -> (Option<String>, DatePrecision) {
        let publication = (self.input.publication.map(|d| d.to_string()), DatePrecision::Unknown);
        let Some((s, cue)) = at else { return publication };
        let base = self.input.sentences[s].start;
        let toks = &self.input.tokens[s];
        let outside = |t: &TimeExpr| {
            let a = base + toks.get(t.start).map(|x| x.start).unwrap_or(0);
            !(m.open <= a && a < m.after)
        };
        let best = self.input.times[s].iter().filter(|t| t.attach && outside(t)).min_by_key(|t| if t.end <= cue { cue - t.end } else { t.start - cue });
        match best {
            Some(t) => (Some(t.date.to_string()), t.precision),
            None => publication,
        }
    }
}

fn sector_of(head: &str) -> Option<&'static str> {
    match head {
        "newspaper" | "tabloid" | "daily" | "paper" | "broadcaster" | "outlet" | "agency" | "magazine" => Some("MED"),
        _ => None,
    }
}


fn possessive_pronoun(toks: &[Token], m: &Mention) -> bool {
    m.pronoun.is_some() && matches!(toks[m.start].lower.as_str(), "his" | "her" | "its" | "their" | "him" | "them")
}

/// Whether a preposition governs the mention ("at MGIMO University in Moscow").
fn governed(toks: &[Token], m: &Mention, start: usize) -> bool {
    let mut p = m.start;
    while p > start && DETERMINERS.contains(&toks[p - 1].lower.as_str()) {
        p -= 1;
    }
    p > 0 && (PREPOSITIONS.contains(&toks[p - 1].lower.as_str()) || SAY.contains(&toks[p - 1].lower.as_str()) && m.start > 0 && toks[p - 1].lower != "said")
}

/// Start of the clause the token at `cue` belongs to.
fn clause_start(toks: &[Token], cue: usize) -> usize {
    (0..cue).rev().find(|&k| CLAUSE_STARTS.contains(&toks[k].lower.as_str()) && !inside_quote(toks, k)).map(|k| k + 1).unwrap_or(0)
}

/// Role, affiliation and nationality of every named speaker, from the appositions and titles
/// the document gives them.
fn profiles(input: &QuoteInput) -> HashMap<String, Profile> {
    let mut out: HashMap<String, Profile> = HashMap::new();
    for (s, ms) in input.mentions.iter().enumerate() {
        let toks = &input.tokens[s];
        for m in ms.iter().filter(|m| m.pronoun.is_none()) {
            let Some(a) = m.actors.first() else { continue };
            let name = match (&a.name, m.person) {
                (Some(n), true) => n.clone(),
                (_, false) => {
                    let caps: Vec<&str> = toks[m.start..m.end].iter().map(|t| t.text.as_str()).filter(|w| w.starts_with(|c: char| c.is_uppercase())).collect();
                    if caps.is_empty() {
                        continue;
                    }
                    caps.join(" ")
                }
                _ => continue,
            };
            // the first role given stands; a later apposition fills in what it left out
            // ("Cmdr. X, a spokesperson for Inherent Resolve, ..." then "X, the U.S. commander,")
            let p = profile_at(toks, ms, m);
            match out.get_mut(&name) {
                Some(known) if known.role.is_some() => {
                    known.code = known.code.take().or(p.code);
                    known.sector = known.sector.take().or(p.sector);
                    known.affiliation = known.affiliation.take().or(p.affiliation);
                }
                _ if p.role.is_some() || p.affiliation.is_some() || p.code.is_some() => {
                    out.insert(name, p);
                }
                _ => {}
            }
        }
    }
    out
}

/// The profile given at one mention: an apposition after it (", a professor of ... at X"),
/// before it ("Assistant professor at X, Dr Darren Reid,"), or a title before the name ("the
/// Russian political scientist Tatiana Stanovaya", "Chatham House's senior consulting fellow").
fn profile_at(toks: &[Token], ms: &[Mention], m: &Mention) -> Profile {
    // before, with a comma: "Assistant professor of history at Coventry University, Dr Darren Reid,"
    let mut b = m.start;
    while b > 0 && matches!(toks[b - 1].text.as_str(), "Dr" | "Dr." | "Mr." | "Mr" | "Mrs." | "Ms." | "Prof." | "Professor") {
        b -= 1;
    }
    if b > 0 && toks[b - 1].text == "," && toks.get(m.end).is_some_and(|t| t.text == ",") {
        let seg_start = (0..b - 1).rev().find(|&k| matches!(toks[k].text.as_str(), "," | ";" | ":" | "\"")).map(|k| k + 1).unwrap_or(0);
        let mut a = seg_start;
        if toks.get(a).is_some_and(|t| t.lower == "according") && toks.get(a + 1).is_some_and(|t| t.lower == "to") {
            a += 2;
        }
        if a < b - 1 && toks[a..b - 1].iter().any(|t| ROLE_NOUNS.contains(&t.lower.as_str())) {
            return parse_role(toks, ms, a, b - 1);
        }
    }
    // after: ", a professor ... ," / ", former NATO ambassador under Trump,"
    if toks.get(m.end).is_some_and(|t| t.text == ",") {
        let seg_end = (m.end + 1..toks.len()).find(|&k| matches!(toks[k].text.as_str(), "," | "." | ";" | ":" | "\"" | "(" | ")")).unwrap_or(toks.len());
        let seg: Vec<&str> = toks[m.end + 1..seg_end].iter().map(|t| t.lower.as_str()).collect();
        let opener = matches!(seg.first().copied(), Some("a" | "an" | "the" | "former" | "ex" | "then" | "now"));
        if opener && seg.iter().any(|w| ROLE_NOUNS.contains(w)) && !seg.iter().any(|w| SAY.contains(w)) {
            return parse_role(toks, ms, m.end + 1, seg_end);
        }
    }
    // a title before the name, no comma: "the Russian political scientist Tatiana Stanovaya"
    if m.person && b > 0 && ROLE_NOUNS.contains(&toks[b - 1].lower.as_str()) {
        let mut a = b - 1;
        while a > 0 && !matches!(toks[a - 1].lower.as_str(), "the" | "a" | "an" | "," | ";" | ":" | "\"") && !PREPOSITIONS.contains(&toks[a - 1].lower.as_str()) && !SAY.contains(&toks[a - 1].lower.as_str()) && b - a < 6 {
            a -= 1;
        }
        return parse_role(toks, ms, a, b);
    }
    Profile::default()
}

/// Split a role phrase into role, affiliation and nationality: "a professor of international
/// affairs at The New School in New York City" -> ("professor of international affairs", "The
/// New School"); "Chatham House's senior consulting fellow" -> ("senior consulting fellow",
/// "Chatham House"); "Russian political scientist" -> ("political scientist", code RUS).
fn parse_role(toks: &[Token], ms: &[Mention], a: usize, b: usize) -> Profile {
    let mut p = Profile::default();
    let mut a = a;
    while a < b && matches!(toks[a].lower.as_str(), "a" | "an" | "the") {
        a += 1;
    }
    if a >= b {
        return p;
    }
    // a possessive owner before the role: "Chatham House's", "University of Leicester's" (not
    // "a researcher at King's College London")
    let first_role = (a..b).find(|&k| ROLE_NOUNS.contains(&toks[k].lower.as_str())).unwrap_or(b);
    if let Some(k) = (a..first_role).find(|&k| toks[k].text == "'s" || toks[k].text == "'") {
        let owner_is_org = toks[a..k].iter().all(|t| t.text.starts_with(|c: char| c.is_uppercase()) || matches!(t.lower.as_str(), "of" | "for" | "and"));
        let owner_is_actor = ms.iter().any(|m| m.start == a && (m.person || m.pronoun.is_some()));
        if owner_is_org && !owner_is_actor && k > a {
            p.affiliation = Some(tokens_text(toks, a, k));
        }
        a = k + 1;
    }
    // a nationality before the role: "Russian political scientist"
    // (or one that spans the role too: "the U.S. commander" is one mention, coded USA MIL)
    if let Some(m) = ms.iter().find(|m| m.start == a && m.end <= b && m.is_coded() && !m.person && m.pronoun.is_none()) {
        let w = toks[m.start].text.as_str();
        let adjective = w.ends_with('n') || w.ends_with("ese") || w.ends_with("ish") || w.ends_with('i') || matches!(w, "U.S." | "US" | "UK" | "U.K.");
        if adjective && (m.end - m.start == 1 || m.end == b) {
            if let Some(x) = m.actors.first() {
                p.code = Some(x.code.clone());
                p.sector = x.sector.clone();
            }
            a = if m.end - m.start == 1 { m.end } else { m.start + 1 };
        }
    }
    // affiliation after "at", "from", "with"; a place after "in" ends it
    let aff = (a..b).find(|&k| matches!(toks[k].lower.as_str(), "at" | "from" | "with") && toks.get(k + 1).is_some_and(|t| t.text.starts_with(|c: char| c.is_uppercase()) || t.lower == "the"));
    let role_end = aff.unwrap_or(b);
    if let Some(k) = aff {
        let mut s = k + 1;
        if toks.get(s).is_some_and(|t| t.lower == "the") && toks.get(s + 1).is_some_and(|t| t.text.starts_with(|c: char| c.is_uppercase())) && toks[s].text == "the" {
            s += 1;
        }
        let e = (s..b).find(|&j| toks[j].lower == "in" && toks.get(j + 1).is_some_and(|t| t.text.starts_with(|c: char| c.is_uppercase()))).unwrap_or(b);
        if s < e && p.affiliation.is_none() {
            p.affiliation = Some(tokens_text(toks, s, e));
        }
    }
    if a < role_end {
        p.role = Some(tokens_text(toks, a, role_end));
    }
    p
}

#[cfg(test)]
mod tests;
