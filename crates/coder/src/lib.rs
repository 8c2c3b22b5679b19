//! Event coding stage: finds event triggers in a sentence and assigns source, target,
//! CAMEO code, PLOVER category, Goldstein score and polarity.
//!
//! Triggers come from `dictionaries/events.txt` (verb and noun patterns under CAMEO codes);
//! codes map to PLOVER categories and Goldstein weights through `dictionaries/cameo.txt`.
//! Roles come from the dependency parse (`statecraft-syntax`) around the trigger's head
//! word: subject or passive agent, object or directional oblique, possessor or `by` agent
//! of a nominal trigger (see `tree.rs`). Negation, auxiliaries and the verbs governing an
//! `xcomp` set the polarity, and an intention turns a material act into a promise (AGREE)
//! or a threat (THREATEN).

mod inflect;
mod patterns;
mod roles;
mod tree;

use tree::Frame;

pub use patterns::{CameoEntry, Patterns};

use statecraft_actors::Mention;
use statecraft_model::{Actor, Event, Polarity};
use statecraft_text::Token;

/// The shipped event dictionaries, embedded in the binary.
pub const DEFAULT_FILES: &[(&str, &str)] = &[
    ("cameo.txt", include_str!("../../../dictionaries/cameo.txt")),
    ("events.txt", include_str!("../../../dictionaries/events.txt")),
];

/// What the coder needs to know about the sentence it codes.
pub struct SentenceInput<'a> {
    pub doc_id: &'a str,
    pub index: usize,
    /// Byte span of the sentence in the cleaned text.
    pub span: [usize; 2],
    pub text: &'a str,
    pub tokens: &'a [Token],
    pub mentions: &'a [Mention],
    pub date: Option<String>,
    /// The sentence's parse, shared with the other stages (parsed here only if needed).
    pub parse: &'a statecraft_syntax::LazyParse,
}

/// A coded event with the tokens of its trigger in the sentence.
#[derive(Debug, Clone)]
pub struct CodedEvent {
    pub event: Event,
    pub trigger: std::ops::Range<usize>,
}

/// The event coder: patterns plus the CAMEO table.
pub struct Coder {
    patterns: Patterns,
}

impl Coder {
    pub fn builtin() -> Coder {
        let mut p = Patterns::default();
        for (name, text) in DEFAULT_FILES {
            p.add_file(name, text).unwrap_or_else(|e| panic!("shipped event dictionary is invalid: {e}"));
        }
        Coder { patterns: p }
    }

    /// Add a user dictionary file (CAMEO rows or `@CODE` pattern blocks).
    pub fn add_file(&mut self, name: &str, text: &str) -> Result<(), String> {
        self.patterns.add_file(name, text)
    }

    pub fn patterns(&self) -> &Patterns {
        &self.patterns
    }

    /// Code one sentence: find triggers, parse the sentence, read each trigger's frame off the
    /// parse.
    pub fn code(&self, s: &SentenceInput) -> Vec<CodedEvent> {
        let triggers = self.patterns.find(s.tokens);
        let obligation_cue = s.tokens.iter().any(|t| matches!(t.lower.as_str(), "must" | "should"));
        if (triggers.is_empty() && !obligation_cue) || !s.mentions.iter().any(|m| m.is_coded()) {
            return Vec::new();
        }
        let words: Vec<&str> = s.tokens.iter().map(|t| t.text.as_str()).collect();
        let parsed = s.parse.get(&words);
        let tree = tree::Tree::new(parsed.iter().map(tree::Node::from).collect());
        let index = tree::MentionIndex::new(s.tokens.len(), s.mentions);
        let subordinate = tree::subordinate(&tree, s.tokens, &triggers);

        let mut out: Vec<CodedEvent> = Vec::new();
        for (trig, _) in triggers.iter().zip(&subordinate).filter(|(_, sub)| !**sub) {
            let Some(mut frame) = tree::assign(s.tokens, s.mentions, &index, &tree, trig) else { continue };
            // violence by an unknown hand is coded with an unknown source (empty code), as the
            // PLOVER and GDELT data do; other acts need a known doer
            if frame.sources.is_empty() && frame.unknown_doer {
                let root = trig.cameo.get(..2).unwrap_or("");
                if frame.targets.is_empty() || !matches!(root, "17" | "18" | "19" | "20") {
                    continue;
                }
                let at = s.span[0] + s.tokens[trig.start].start;
                frame.sources = vec![Actor { start: at, end: at, ..Actor::default() }];
            }
            // an event noun without an agent of its own deep in the sentence ("refugees
            // fleeing the war in Liberia") does not borrow one from the clause around it
            if frame.sources.is_empty() && frame.nominal && !tree::in_main_clause(&tree, s.tokens, tree.span_head(trig.start, trig.end)) {
                continue;
            }
            // a role the parse leaves without an actor is read off the clause's shape
            if frame.sources.is_empty() || frame.targets.is_empty() {
                let is_verb = |w: &str| self.patterns.is_verb(w);
                if let Some(shape) = roles::assign(s.tokens, s.mentions, trig, &is_verb) {
                    if frame.sources.is_empty() {
                        frame.sources = shape.sources;
                        if frame.targets.is_empty() {
                            frame.targets = shape.targets;
                        }
                    } else {
                        frame.targets = shape.targets.into_iter().filter(|t| !frame.sources.iter().any(|s| s.code == t.code)).collect();
                    }
                }
            }
            if frame.sources.is_empty() {
                continue;
            }
            let (code, polarity) = adjust_code(&self.patterns, &trig.cameo, frame.modality);
            let trigger_text = statecraft_actors::tokens_text(s.tokens, trig.start, trig.end);
            self.push_events(s, &mut out, &frame, &code, polarity, &trigger_text, &format!("{}:{}", trig.cameo, trig.pattern), trig.start..trig.end);
        }
        // "X said Y must withdraw": X demands of Y
        for (speaker, obliged) in tree::obligations(&tree, s.tokens) {
            let sources = tree::phrase_actors(&tree, s.tokens, s.mentions, &index, speaker);
            let targets = tree::phrase_actors(&tree, s.tokens, s.mentions, &index, obliged);
            if sources.is_empty() || targets.is_empty() {
                continue;
            }
            let frame = Frame { sources, targets, modality: Modality::Asserted, reciprocal: false, nominal: false, unknown_doer: false };
            self.push_events(s, &mut out, &frame, "100", Polarity::Asserted, &s.tokens[obliged].text, "100:said * must", obliged..obliged + 1);
        }
        // A targetless event adds nothing when the same side acts on a target in the sentence.
        let with_target: Vec<String> = out.iter().filter(|c| c.event.target.is_some()).map(|c| c.event.source.code.clone()).collect();
        out.retain(|c| c.event.target.is_some() || !with_target.contains(&c.event.source.code));
        out
    }

    /// The events of one frame: each source on each target, or each side of a reciprocal
    /// compound on the other ("the United States and Jordan agreed").
    #[allow(clippy::too_many_arguments)]
    fn push_events(&self, s: &SentenceInput, out: &mut Vec<CodedEvent>, frame: &Frame, code: &str, polarity: Polarity, trigger: &str, pattern: &str, span: std::ops::Range<usize>) {
        let Some(entry) = self.patterns.cameo(code) else { return };
        let event = |source: &Actor, target: Option<&Actor>| Event {
            doc_id: s.doc_id.to_string(),
            sentence: s.index,
            span: s.span,
            sentence_text: s.text.to_string(),
            date: s.date.clone(),
            source: source.clone(),
            target: target.cloned(),
            event: entry.plover.clone(),
            cameo: code.to_string(),
            goldstein: entry.goldstein,
            quad_class: statecraft_model::quad_class(code),
            polarity,
            trigger: trigger.to_string(),
            pattern: pattern.to_string(),
            location: None,
            date_precision: statecraft_model::DatePrecision::Unknown,
            publication_date: s.date.clone(),
        };
        // one event per source and target code within a frame ("Moscow's ... its war" is one war)
        let first = out.len();
        let mut push = |ev: Event| {
            let dup = out[first..].iter().any(|c| {
                let e = &c.event;
                e.source.code == ev.source.code
                    && e.target.as_ref().map(|t| &t.code) == ev.target.as_ref().map(|t| &t.code)
                    && e.event == ev.event
            });
            if !dup {
                out.push(CodedEvent { event: ev, trigger: span.clone() });
            }
        };
        if frame.targets.is_empty() && frame.sources.len() > 1 && frame.reciprocal {
            for a in &frame.sources {
                for b in frame.sources.iter().filter(|b| !(a.code == b.code && a.start == b.start)) {
                    push(event(a, Some(b)));
                }
            }
            return;
        }
        for src in &frame.sources {
            if frame.targets.is_empty() {
                push(event(src, None));
            }
            for tgt in frame.targets.iter().filter(|t| !same_actor(src, t)) {
                push(event(src, Some(tgt)));
            }
        }
    }
}

fn same_actor(a: &Actor, b: &Actor) -> bool {
    (a.start == b.start && a.end == b.end) || (a.name.is_some() && a.name == b.name)
}

/// How the verb group frames the trigger.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Modality {
    Asserted,
    Negated,
    /// could, may, might; would ... if
    Speculative,
    /// will, would, threatened to, promised to, plans to ...
    Intended { conditional: bool },
    /// failed to, refused to, declined to
    Refused,
}

/// Turn a trigger's CAMEO code and the modality into the coded CAMEO code and polarity.
fn adjust_code(p: &Patterns, cameo: &str, m: Modality) -> (String, Polarity) {
    let root: u32 = cameo.get(..2).and_then(|r| r.parse().ok()).unwrap_or(0);
    let verbal = matches!(root, 1..=3 | 9..=13);
    match m {
        // A threat is reported as what it is: the act is only threatened.
        Modality::Asserted if root == 13 => (cameo.to_string(), Polarity::Threatened),
        Modality::Asserted => (cameo.to_string(), Polarity::Asserted),
        Modality::Negated => (cameo.to_string(), Polarity::Negated),
        Modality::Speculative => (cameo.to_string(), Polarity::Hypothetical),
        Modality::Intended { conditional } => {
            if verbal {
                let pol = if conditional { Polarity::Hypothetical } else { Polarity::Asserted };
                return (cameo.to_string(), pol);
            }
            let code = intent_code(cameo);
            let pol = if conditional {
                Polarity::Hypothetical
            } else if code.starts_with("13") {
                Polarity::Threatened
            } else {
                Polarity::Proposed
            };
            if p.cameo(&code).is_some() {
                (code, pol)
            } else {
                (cameo.to_string(), pol)
            }
        }
        Modality::Refused => {
            if matches!(root, 3..=8) {
                (refusal_code(cameo), Polarity::Asserted)
            } else {
                (cameo.to_string(), Polarity::Negated)
            }
        }
    }
}

/// The "express intent" (03x) or "threaten" (13x) code for a material act.
fn intent_code(c: &str) -> String {
    let s = match c {
        "040" | "041" | "042" | "043" | "044" | "045" | "046" => "036",
        "050" | "051" | "052" | "053" | "054" | "055" | "056" | "057" => "032",
        "060" => "031",
        "061" => "0311",
        "062" => "0312",
        "063" => "0313",
        "064" => "0314",
        "070" | "075" => "033",
        "071" => "0331",
        "072" => "0332",
        "073" => "0333",
        "074" => "0334",
        "080" => "035",
        "081" | "0811" | "0812" | "0813" | "0814" => "0351",
        "082" => "0352",
        "083" | "0831" | "0832" | "0833" | "0834" => "034",
        "084" | "0841" | "0842" => "0353",
        "085" => "0354",
        "086" | "0861" | "0862" | "0863" => "0355",
        "087" | "0871" | "0872" | "0873" | "0874" => "0356",
        "140" | "141" | "142" | "143" | "144" | "145" => "133",
        "150" | "151" | "152" | "153" | "154" => "138",
        "160" | "161" => "1313",
        "162" | "1621" | "1622" | "1623" => "1311",
        "163" => "1312",
        "164" => "134",
        "165" => "135",
        "166" | "1661" | "1662" | "1663" => "136",
        "172" | "1721" | "1722" => "132",
        "1723" => "1323",
        "1724" => "1324",
        "191" => "1381",
        "192" => "1382",
        c if c.starts_with("17") => "130",
        c if c.starts_with("18") => "1383",
        c if c.starts_with("19") => "1384",
        c if c.starts_with("20") => "1385",
        c => c,
    };
    s.to_string()
}

/// The "reject" (12x) code for refusing a cooperative act.
fn refusal_code(c: &str) -> String {
    let s = match c.get(..2).unwrap_or("") {
        "03" | "05" => "120",
        "04" => "125",
        "06" => "121",
        "07" => "122",
        "08" => "124",
        _ => "120",
    };
    s.to_string()
}

#[cfg(test)]
mod tests;
