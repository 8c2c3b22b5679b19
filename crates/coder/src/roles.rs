//! Who did it and to whom, read off the clause's shape: the fallback for a role the parse
//! leaves without an actor (`tree.rs` reads the parse first).
//!
//! A shallow reading of the clause: the subject is the nearest actor before the verb that is
//! not governed by a preposition or a verb and is not a possessor; a relative clause takes its
//! antecedent; a participle after a comma takes the clause's first subject; a passive takes its
//! `by` agent as source and its subject as target.

use statecraft_actors::Mention;
use statecraft_model::Actor;
use statecraft_text::Token;

use crate::inflect::looks_past_participle;
use crate::patterns::Trigger;
use crate::tree::Frame;
use crate::Modality;

const PREPOSITIONS: &[&str] = &[
    "of", "to", "with", "in", "on", "at", "against", "for", "from", "by", "into", "over", "near", "toward",
    "towards", "about", "between", "among", "under", "after", "before", "like", "including", "than", "as",
    "across", "around", "through", "within", "without", "upon", "via", "behind", "beyond", "outside", "inside",
    "onto", "despite", "during", "amid", "unlike", "except", "per", "versus", "along",
];
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "two", "three", "four", "five", "some", "several", "many", "all", "both", "its", "their",
    "his", "her", "this", "that", "these", "those", "other", "another", "more", "most", "hundreds", "thousands",
    "dozens", "scores", "millions", "tens", "up", "least", "at",
];
/// Verb forms that take an object; a mention right after one is its object, not a subject.
const COMMON_VERBS: &[&str] = &[
    "said", "says", "say", "told", "tell", "tells", "asked", "asks", "called", "calls", "urged", "urges", "made",
    "make", "makes", "took", "take", "takes", "used", "uses", "use", "has", "have", "had", "is", "are", "was",
    "were", "be", "been", "being", "added", "wants", "want", "wanted", "sees", "saw", "see", "seen", "gave", "give",
    "gives", "given", "got", "get", "gets", "let", "lets", "kept", "keep", "keeps", "put", "puts", "pushed",
    "pushes", "push", "compel", "compels", "compelled", "persuade", "persuaded", "convince", "convinced",
    "join", "joined", "joins", "leave", "left", "leaves", "blames", "blamed", "blame", "views", "viewed",
    "considers", "considered", "treat", "treated", "treats", "allow", "allowed", "allows", "help", "helped",
    "helps", "pressure", "pressured", "pressures", "describe", "described", "describes", "calling", "telling",
    "urging", "joining", "leaving", "helping", "forcing", "force", "forced", "forces", "told", "informed",
    "reminded", "warned", "warns", "warn",
];
const SAY_VERBS: &[&str] = &[
    "said", "says", "say", "told", "tells", "announced", "announces", "reported", "reports", "claimed", "claims",
    "stated", "states", "added", "noted", "warned", "argued", "insisted", "confirmed", "denied", "denies", "believes",
    "believed", "thinks", "thought", "hoped", "hopes", "suggested", "suggests", "acknowledged", "concluded",
    "demanded", "demands", "demanding", "insisted", "insists", "urged", "urges", "warned", "warns", "agreed", "agree",
];
/// Reporting verbs that take a clause, not an actor, as object.
const REPORTING: &[&str] = &["said", "says", "claimed", "claims", "stated", "added", "noted", "argued", "insisted", "believes", "thinks", "announced"];
const NEGATIONS: &[&str] = &["not", "n't", "never", "neither", "nor", "no", "denied", "denies", "deny"];
const REFUSALS: &[&str] = &["failed", "fails", "fail", "refused", "refuses", "refuse", "declined", "declines", "decline"];
const INTENT_TO: &[&str] = &[
    "threatened", "threatens", "threaten", "threatening", "vowed", "vows", "vow", "pledged", "pledges", "pledge",
    "promised", "promises", "promise", "offered", "offers", "offer", "plans", "planned", "plan", "planning",
    "intends", "intended", "intend", "wants", "wanted", "want", "seeks", "sought", "seek", "aims", "aimed", "aim",
    "hopes", "hoped", "hope", "agreed", "agrees", "agree", "prepared",
    "preparing", "ready", "willing", "going", "about", "set", "sworn", "swore", "swear", "committed", "determined",
    "scheduled", "expected", "due", "poised", "decided", "decides", "voted", "moved", "moves",
];
const INTENT_MODALS: &[&str] = &["will", "would", "'ll", "shall", "wo"];
const SPECULATIVE: &[&str] = &["could", "may", "might", "can", "ca", "possibly", "perhaps", "likely"];
const NORMATIVE: &[&str] = &["should", "ought"];
const BE_FORMS: &[&str] = &["is", "are", "was", "were", "been", "being", "be", "got", "gets", "get"];
/// Words that open a subordinate clause with its own subject ("... as the opposition threatened").
const SUBORDINATORS: &[&str] = &["while", "because", "although", "though", "whereas", "unless", "if", "whom", "whose"];
const CLAUSE_BREAKS: &[&str] = &[";", ":", "because", "while", "whereas", "although", "though", "but", "unless", "if", "when", "before", "after", "since", "until", "so"];

fn is_participle_adjunct(tokens: &[Token], trig: &Trigger) -> bool {
    let t = &tokens[trig.start].lower;
    t.ends_with("ing") && trig.start > 0 && matches!(tokens[trig.start - 1].text.as_str(), "," | "and" | "by")
}

/// Index just past the clause boundary before `pos`, and an antecedent of a relative pronoun
/// ("North Korea, which has ... supplied") if the clause is a relative clause.
fn clause_start(tokens: &[Token], mentions: &[Mention], pos: usize) -> (usize, Option<usize>) {
    let mut i = pos;
    while i > 0 {
        i -= 1;
        let w = tokens[i].lower.as_str();
        if matches!(w, ";" | ":") || (SUBORDINATORS.contains(&w) && i + 1 < pos) {
            return (i + 1, None);
        }
        if matches!(w, "which" | "who") && i > 0 && tokens[i - 1].text == "," {
            let ante = mentions.iter().position(|m| m.end == i - 1 && m.is_coded());
            return (i + 1, ante);
        }
        if w == "that" && i > 0 && SAY_VERBS.contains(&tokens[i - 1].lower.as_str()) {
            return (i + 1, None);
        }
        // "A spokesman said Russian forces shelled Kyiv": the reported clause has its own subject
        // ("Italy announced a suspension of links" has no new subject: keep looking back)
        if REPORTING.contains(&w) && i + 1 < pos && tokens[i + 1].lower != "that" && mentions.iter().any(|m| m.start > i && m.end <= pos && m.is_coded()) {
            return (i + 1, None);
        }
    }
    (0, None)
}

/// A mention that can be a subject: not governed by a preposition or a verb; a conjunct
/// ("X and Y") only if its first conjunct can be.
fn subject_like(tokens: &[Token], mentions: &[Mention], idx: usize, verbs: &dyn Fn(&str) -> bool) -> bool {
    let m = &mentions[idx];
    let mut p = m.start;
    while p > 0 && DETERMINERS.contains(&tokens[p - 1].lower.as_str()) {
        p -= 1;
    }
    if p == 0 {
        return true;
    }
    let prev = tokens[p - 1].lower.as_str();
    if matches!(prev, "and" | "or" | ",") {
        return match mentions[..idx].iter().rposition(|q| q.end == p - 1) {
            Some(q) => subject_like(tokens, mentions, q, verbs),
            None => true,
        };
    }
    // "a group of Moroccan diplomats", "thousands of Iraqi Kurds": the head is a quantity
    if prev == "of" && p >= 2 && QUANTITIES.contains(&tokens[p - 2].lower.as_str()) {
        return true;
    }
    if REPORTING.contains(&prev) {
        return true;
    }
    !(PREPOSITIONS.contains(&prev) || COMMON_VERBS.contains(&prev) || verbs(prev))
}

const QUANTITIES: &[&str] = &[
    "group", "groups", "delegation", "team", "number", "dozens", "hundreds", "thousands", "millions", "tens",
    "members", "some", "many", "most", "all", "several", "each", "both", "one", "two", "three", "majority", "patch",
    "contingent", "unit", "units", "coalition", "bloc",
];

fn actors_of(m: &Mention) -> Vec<Actor> {
    m.actors.iter().filter(|a| !a.code.is_empty()).cloned().collect()
}

/// The mention and its coordinated siblings ("the United States and Jordan").
fn with_conjuncts(tokens: &[Token], mentions: &[Mention], idx: usize, forward: bool) -> Vec<Actor> {
    let mut out = actors_of(&mentions[idx]);
    let is_conj = |a: usize, b: usize| {
        let gap: Vec<&str> = tokens[a..b].iter().map(|t| t.lower.as_str()).collect();
        matches!(gap.as_slice(), ["and"] | [","] | [",", "and"] | ["or"] | ["and", "the"] | [",", "and", "the"] | ["and", "its"])
    };
    let mut cur = idx;
    loop {
        let next = if forward { cur + 1 } else { cur.wrapping_sub(1) };
        let Some(n) = mentions.get(next) else { break };
        let (a, b) = if forward { (mentions[cur].end, n.start) } else { (n.end, mentions[cur].start) };
        if a > b || !is_conj(a, b) || !n.is_coded() {
            break;
        }
        let acts = actors_of(n);
        if forward { out.extend(acts) } else { out.splice(0..0, acts); }
        cur = next;
    }
    out
}

/// A comma that opens or sits in a short aside ("and, more recently, troops") rather than ending the clause.
fn parenthetical_comma(tokens: &[Token], i: usize) -> bool {
    let after_conj = i > 0 && matches!(tokens[i - 1].lower.as_str(), "and" | "or" | "but");
    let closes_soon = tokens[i + 1..tokens.len().min(i + 5)].iter().any(|t| t.text == ",");
    let adverb = |t: &Token| t.lower.ends_with("ly") || matches!(t.lower.as_str(), "however" | "too" | "also" | "again" | "reportedly" | "meanwhile");
    let closes_aside = i > 1 && adverb(&tokens[i - 1]) && tokens[i.saturating_sub(4)..i - 1].iter().any(|t| t.text == ",");
    after_conj || closes_aside || (closes_soon && tokens.get(i + 1).is_some_and(|t| t.lower.ends_with("ly") || matches!(t.lower.as_str(), "more" | "however" | "too" | "also" | "again" | "reportedly")))
}

fn is_possessive_pronoun(tokens: &[Token], m: &Mention) -> bool {
    m.pronoun.is_some() && matches!(tokens[m.start].lower.as_str(), "their" | "its" | "his" | "her")
}

pub fn assign(tokens: &[Token], mentions: &[Mention], trig: &Trigger, verbs: &dyn Fn(&str) -> bool) -> Option<Frame> {
    let first = &tokens[trig.start];
    if trig.start > 0 && first.text.starts_with(char::is_uppercase) && tokens[trig.start - 1].text != "\"" {
        return None; // "in March", "Strike Group": a name, not a verb
    }
    if !trig.nominal && trig.end - trig.start == 1 && first.lower.ends_with('s') && !first.lower.ends_with("ss") {
        // "Russia attacks Ukraine" is a verb; "his maximalist demands" is a noun
        let after_subject = trig.start > 0 && mentions.iter().any(|m| m.end == trig.start && !is_possessive_pronoun(tokens, m));
        if !after_subject {
            return None;
        }
    }
    let (cstart, antecedent) = clause_start(tokens, mentions, trig.start);
    let window_start = trig.start.saturating_sub(8).max(cstart);
    let window: Vec<&str> = tokens[window_start..trig.start].iter().map(|t| t.lower.as_str()).collect();
    // commentary ("Trump is not wrong to try ...", "Trump should ask ...") codes nothing
    if window.iter().any(|w| NORMATIVE.contains(w)) || window.windows(2).any(|p| matches!(p, ["wrong", "to"] | ["right", "to"])) {
        return None;
    }
    let prev = trig.start.checked_sub(1).map(|p| tokens[p].lower.as_str()).unwrap_or("");
    let verb_form = { let w = tokens[trig.start].lower.as_str(); w.ends_with("ed") || w.ends_with("ing") };
    let nominal = (trig.nominal && !verb_form) || matches!(prev, "the" | "a" | "an" | "its" | "his" | "her" | "their" | "'s" | "'" | "new" | "further" | "additional" | "fresh");
    let passive = !nominal && looks_past_participle(&tokens[trig.start].lower) && {
        let back: Vec<&str> = tokens[trig.start.saturating_sub(3).max(cstart)..trig.start].iter().map(|t| t.lower.as_str()).collect();
        back.iter().any(|w| BE_FORMS.contains(w))
    };

    // candidates before the trigger in the clause
    let before: Vec<usize> = (0..mentions.len()).filter(|&i| mentions[i].end <= trig.start && mentions[i].start >= cstart && mentions[i].is_coded()).collect();
    let subjects: Vec<usize> = before.iter().copied().filter(|&i| subject_like(tokens, mentions, i, verbs)).collect();
    let clause_subject = if let Some(a) = antecedent {
        Some(a)
    } else if is_participle_adjunct(tokens, trig) || (trig.start > 0 && tokens[trig.start - 1].lower == "to" && !nominal) {
        subjects.first().copied()
    } else {
        subjects.last().copied()
    };
    let clause_end = (trig.end..tokens.len())
        .find(|&i| (CLAUSE_BREAKS.contains(&tokens[i].lower.as_str()) || (tokens[i].text == "," && !parenthetical_comma(tokens, i))) && !(tokens[i].lower == "after" && i == trig.end))
        .unwrap_or(tokens.len());
    // "Georgia's president resigned ... in Tbilisi": a bare place of the source's own state is
    // where it acted, not whom it acted on.
    let own_place = |i: usize, src: Option<usize>| {
        src.is_some_and(|s| {
            mentions[i].actors.iter().all(|t| t.sector.is_none() && t.name.is_none())
                && mentions[s].actors.iter().any(|a| mentions[i].actors.iter().any(|t| t.code == a.code))
        })
    };
    let after: Vec<usize> = (0..mentions.len()).filter(|&i| mentions[i].start > trig.start && mentions[i].end <= tokens.len() && (mentions[i].start >= trig.end || (!nominal && mentions[i].end <= trig.end)) && mentions[i].start < clause_end && mentions[i].start < trig.end + 14 && mentions[i].is_coded() && !is_possessive_pronoun(tokens, &mentions[i])).collect();
    let by_agent = after.iter().copied().find(|&i| mentions[i].start > 0 && tokens[mentions[i].start - 1].lower == "by" && mentions[i].start < trig.end + 8);

    let (source_idx, target_idx): (Option<usize>, Option<usize>) = if passive {
        // "a camp in Chad was attacked by ...": the nearest actor before the verb suffers it
        (by_agent, clause_subject.or(before.last().copied()))
    } else if nominal {
        let adjacent = before.iter().copied().rev().find(|&i| {
            let gap = &tokens[mentions[i].end..trig.start];
            gap.len() <= 3 && gap.iter().all(|t| !PREPOSITIONS.contains(&t.lower.as_str()) && !verbs(&t.lower) && !COMMON_VERBS.contains(&t.lower.as_str()) && t.text != ",")
        });
        // "killed in a car bombing": a noun in an adjunct phrase does not take the clause's subject
        let mut p = trig.start;
        while p > 0 && (DETERMINERS.contains(&tokens[p - 1].lower.as_str()) || tokens[p - 1].lower.ends_with("ing") || matches!(tokens[p - 1].lower.as_str(), "suicide" | "car" | "roadside" | "air" | "drone" | "missile" | "bomb")) {
            p -= 1;
        }
        let in_adjunct = p > 0 && matches!(tokens[p - 1].lower.as_str(), "in" | "during" | "after" | "amid" | "despite" | "following" | "before");
        let src = adjacent.or(by_agent).or(if in_adjunct { None } else { clause_subject });
        let tgt = after.iter().copied().find(|&i| {
            Some(i) != src
                && !own_place(i, src)
                && Some(i) != by_agent
                && mentions[i].start > 0
                && (matches!(tokens[mentions[i].start - 1].lower.as_str(), "on" | "against" | "to" | "with" | "into" | "over" | "at" | "in" | "toward" | "towards" | "upon" | "for" | "the" | "of" | "that" | "between")
                    || (PREPOSITIONS.contains(&tokens[trig.end - 1].lower.as_str()) && mentions[i].start <= trig.end + 3))
                && mentions[i].start < trig.end + 8
        });
        (src, tgt)
    } else {
        let tgt = after.iter().copied().find(|&i| !own_place(i, clause_subject));
        (clause_subject, tgt)
    };
    let source_idx = source_idx?;
    let sources = with_conjuncts(tokens, mentions, source_idx, false);
    let mut targets = target_idx.map(|t| with_conjuncts(tokens, mentions, t, true)).unwrap_or_default();
    // "resigned as the opposition threatened ... in Tbilisi": a bare place of the source's own
    // state is where it acted, not whom it acted on.
    targets.retain(|t| !(t.sector.is_none() && t.name.is_none() && sources.iter().any(|s| s.code == t.code)));
    if targets.iter().all(|t| sources.iter().any(|s| s.code == t.code && s.start == t.start)) {
        targets.clear();
    }
    if sources.is_empty() {
        return None;
    }

    // modality from the words between the source and the trigger
    let from = (mentions[source_idx].end).max(window_start).min(trig.start);
    let group: Vec<&str> = if passive || mentions[source_idx].end > trig.start {
        window.clone()
    } else {
        tokens[from..trig.start].iter().map(|t| t.lower.as_str()).collect()
    };
    let conditional = tokens.iter().any(|t| t.lower == "if" || t.lower == "unless");
    let has = |list: &[&str]| group.iter().any(|w| list.contains(w));
    let to_after = |list: &[&str]| group.windows(2).any(|p| list.contains(&p[0]) && p[1] == "to") || group.windows(3).any(|p| list.contains(&p[0]) && p[2] == "to");
    let modality = if to_after(REFUSALS) || (has(NEGATIONS) && has(INTENT_MODALS)) {
        Modality::Refused
    } else if has(NEGATIONS) {
        Modality::Negated
    } else if to_after(INTENT_TO) && !group.contains(&"decided") || has(INTENT_MODALS) || group.windows(2).any(|p| p == ["going", "to"]) {
        Modality::Intended { conditional }
    } else if has(SPECULATIVE) {
        Modality::Speculative
    } else {
        Modality::Asserted
    };
    let root: u32 = trig.cameo.get(..2).and_then(|r| r.parse().ok()).unwrap_or(0);
    Some(Frame { sources, targets, modality, reciprocal: matches!(root, 3..=6 | 12), nominal: false, unknown_doer: false })
}
