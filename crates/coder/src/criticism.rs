//! Criticism in quoted speech. A speaker's quoted words that name another actor in the
//! language of blame ("we oppose violations of international law by Ruritania", "the regime's
//! choice to starve its own people") are an accusation (CAMEO 111) from the speaker to that
//! actor, though no verb of accusing says so. The quotes stage says who speaks; this module
//! reads the quoted words.

use std::ops::Range;
use std::sync::OnceLock;

use statecraft_model::fasthash::FastSet;
use statecraft_model::{Actor, Event};

use crate::inflect::forms;
use crate::{CodedEvent, Coder, SentenceInput};

/// Words that blame whoever they are said of: moral and legal condemnation, not description
/// ("invasion" and "war" report; "aggression" and "atrocities" judge).
const BLAME_WORDS: &[&str] = &[
    "abuse", "abuses", "absurd", "aggression", "aggressive", "aggressor", "appalling", "atrocity", "atrocities", "barbaric",
    "barbarism", "baseless", "blackmail", "brutal", "brutality", "bully", "bullying", "coercion", "coercive", "corrupt",
    "corruption", "criminal", "crimes", "cruel", "cruelty", "cynical", "deceitful", "deplorable", "despicable",
    "destabilize", "destabilise", "destabilizing", "destabilising", "disgrace", "disgraceful", "dishonest",
    "disinformation", "genocide", "genocidal", "harassment", "heinous", "hypocrisy", "hypocritical", "illegal",
    "illegitimate", "inhumane", "intimidation", "irresponsible", "lawless", "lies", "massacre", "meddling", "murderous",
    "oppression", "oppressive", "outrageous", "persecution", "propaganda", "provocation", "provocations",
    "provocative", "reckless", "repression", "repressive", "sabotage", "scandalous", "shameful", "slaughter", "smear",
    "terror", "unacceptable", "unjust", "unlawful", "vile", "violation",
    "violations", "violate", "vilify",
];

/// The confidence given to an accusation read this way. The labelled corpus has too few
/// attributed quotes naming a second actor to calibrate it (the model's confidences are
/// calibrated there); on the real-news development half every such reading had the right
/// category and about half the right target, so it sits at the model's middle band.
pub const QUOTED_CRITICISM_CONFIDENCE: f32 = 0.5;

fn blame_words() -> &'static FastSet<String> {
    static L: OnceLock<FastSet<String>> = OnceLock::new();
    L.get_or_init(|| BLAME_WORDS.iter().flat_map(|w| forms(w).into_iter().chain(std::iter::once(w.to_string()))).collect())
}

impl Coder {
    /// Accusations from `speaker` in the words of sentence `s` that lie in `quoted` (token
    /// indices): one per other actor the quoted words name, when they use a word of blame.
    /// An actor of the speaker's own state and sector is not a target ("our troops").
    pub fn quoted_criticism(&self, s: &SentenceInput, quoted: Range<usize>, speaker: &Actor) -> Vec<CodedEvent> {
        if speaker.code.is_empty() || quoted.is_empty() {
            return Vec::new();
        }
        let toks = &s.tokens[quoted.start.min(s.tokens.len())..quoted.end.min(s.tokens.len())];
        let negated = |i: usize| toks[i.saturating_sub(3)..i].iter().any(|t| matches!(t.lower.as_str(), "not" | "n't" | "never" | "no"));
        let Some(cue) = toks.iter().enumerate().find(|(i, t)| blame_words().contains(t.lower.as_str()) && !negated(*i)).map(|(i, _)| quoted.start + i) else {
            return Vec::new();
        };
        let Some(entry) = self.patterns.cameo("111") else { return Vec::new() };
        let own = |a: &Actor| a.code == speaker.code && (a.sector.is_none() || speaker.sector.is_none() || a.sector == speaker.sector);
        let mut out: Vec<CodedEvent> = Vec::new();
        for m in s.mentions.iter().filter(|m| m.pronoun.is_none() && m.start >= quoted.start && m.end <= quoted.end) {
            for target in m.actors.iter().filter(|a| !a.code.is_empty() && !own(a)) {
                if out.iter().any(|c| c.event.target.as_ref().is_some_and(|t| t.code == target.code && t.sector == target.sector)) {
                    continue;
                }
                out.push(CodedEvent {
                    event: Event {
                        trigger: s.tokens[cue].text.clone(),
                        pattern: "111:(quoted criticism)".to_string(),
                        confidence: self.model.map(|_| QUOTED_CRITICISM_CONFIDENCE),
                        ..s.event("111", entry, speaker, Some(target))
                    },
                    trigger: cue..cue + 1,
                });
            }
        }
        out
    }
}
