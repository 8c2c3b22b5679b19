//! Who did it and to whom, read off the dependency parse.
//!
//! The trigger's head word decides the frame. A verb takes its source from `nsubj` (or the
//! `obl:agent` of a passive, whose `nsubj:pass` is then the target), and its target from
//! `obj`, `iobj` or an oblique with a directional preposition. A verb with no subject of its
//! own borrows its controller's: `xcomp` ("threatened to impose"), `conj`, a bare `advcl`, a
//! relative clause's antecedent. A noun takes its source from its possessor, adjective or
//! `by` agent, else from the subject of the verb it is the object of ("launched an attack"),
//! and its target from an `nmod` with a directional preposition. Conjuncts (`conj`) widen
//! each side. Negation (`advmod` not/never), auxiliaries (will, could, should), the verb
//! governing an `xcomp` (threatened, refused) and `if`/`unless` clauses give the modality.

use statecraft_actors::Mention;
use statecraft_model::Actor;
use statecraft_text::Token;

use std::sync::OnceLock;

use statecraft_model::fasthash::FastSet;

use crate::inflect::forms;
use crate::patterns::Trigger;
use crate::Modality;

/// Who acts on whom in one trigger, and how the text frames it.
pub struct Frame {
    pub sources: Vec<Actor>,
    pub targets: Vec<Actor>,
    pub modality: Modality,
    /// Each source acts on the others when there is no target ("X and Y agreed").
    pub reciprocal: bool,
    /// Read as an event noun rather than a verb.
    pub nominal: bool,
    /// The parse says who did it is unknown: harm done by a nameless cause ("a roadside bombing
    /// killed", "hit by gunfire") or an act in the passive with no agent ("three civilians
    /// were killed", "the prisoners were released"). The source is then not guessed from the
    /// clause's shape.
    pub unknown_doer: bool,
}

/// One parsed word, borrowed from the parser's output.
#[derive(Debug, Clone, Copy)]
pub struct Node<'a> {
    pub head: Option<usize>,
    pub rel: &'a str,
    pub upos: &'a str,
    pub xpos: &'a str,
    pub lemma: &'a str,
}

impl<'a> From<&'a statecraft_syntax::Word> for Node<'a> {
    fn from(w: &'a statecraft_syntax::Word) -> Node<'a> {
        Node { head: w.head, rel: w.deprel, upos: w.upos.as_str(), xpos: w.xpos, lemma: &w.lemma }
    }
}

/// A parsed sentence with its children lists.
pub struct Tree<'a> {
    nodes: Vec<Node<'a>>,
    kids: Vec<Vec<usize>>,
}

/// Prepositions that introduce whom an act is directed at.
const TARGET_CASES: &[&str] = &["on", "against", "to", "with", "into", "at", "toward", "towards", "upon", "over", "for", "from", "between", "onto"];
/// Prepositions that put a noun in an adjunct: a nominal event there does not take the clause's subject.
const ADJUNCT_CASES: &[&str] = &["in", "during", "after", "amid", "despite", "following", "before", "since", "until", "like", "as"];
const INTENT_GOVERNORS: &[&str] = &[
    "threaten", "vow", "pledge", "promise", "offer", "plan", "intend", "want", "seek", "aim", "hope", "agree", "prepare",
    "prepared", "ready", "willing", "set", "swear", "commit", "committed", "determined", "schedule", "expect", "due",
    "poised", "decide", "vote", "move", "go", "propose", "resolve", "wish", "mean", "undertake", "volunteer",
];
const REFUSAL_GOVERNORS: &[&str] = &["refuse", "fail", "decline", "reluctant", "unwilling", "hesitate", "reject", "oppose", "balk", "refrain"];
/// Words that frame an act as feared, not done: "afraid to return", "fear that it will fall".
const FEAR_GOVERNORS: &[&str] = &["afraid", "fear", "worry", "worried", "scared", "frightened", "dread", "concerned"];
/// Nouns that frame an infinitive as only intended: "plans to withdraw", "no intention to cease".
const INTENT_NOUNS: &[&str] = &[
    "plan", "intention", "intent", "desire", "willingness", "readiness", "bid", "offer", "pledge", "promise", "threat",
    "wish", "proposal", "vow", "commitment", "decision",
];
/// Verbs whose object is asked to do what their infinitive says: "urged Russia to withdraw" is
/// a request to Russia, not Russia's withdrawal.
const REQUEST_GOVERNORS: &[&str] = &[
    "urge", "ask", "press", "pressure", "push", "call", "want", "encourage", "persuade", "implore", "beg", "appeal",
    "invite", "exhort", "lobby", "petition", "tell",
];
/// Nouns naming an accident: a death "in a helicopter crash" is not an attack.
const ACCIDENTS: &[&str] = &[
    "crash", "accident", "collision", "earthquake", "flood", "flooding", "avalanche", "landslide", "storm", "stampede",
    "heatwave", "cyclone", "hurricane", "typhoon", "tornado", "derailment", "mishap",
];
/// Verbs whose object controls an infinitive ("urged Russia to withdraw": Russia withdraws).
const OBJECT_CONTROL: &[&str] = &[
    "urge", "ask", "order", "force", "compel", "press", "pressure", "persuade", "convince", "allow", "permit", "call",
    "invite", "tell", "encourage", "enable", "help", "require", "authorize", "authorise", "instruct", "warn", "advise",
];
/// Verbs that lend their subject to the event noun they take as object ("launched an attack",
/// "held talks", "imposed sanctions"); "fled the war" does not make the fleeing the warring.
const SUPPORT_VERBS: &[&str] = &[
    "launch", "stage", "hold", "carry", "conduct", "mount", "begin", "continue", "wage", "impose", "make", "announce",
    "issue", "order", "step", "intensify", "resume", "start", "deliver", "provide", "send", "give", "offer", "sign",
    "reach", "conclude", "pay", "extend", "file", "lodge", "express", "voice", "renew", "level", "take", "open",
    "pursue", "press", "escalate", "expand", "initiate", "undertake", "organize", "organise", "call", "lead", "host",
    "perform", "commit", "unleash", "end", "halt", "suspend", "lift", "ease", "tighten", "grant", "approve", "accept",
    "propose", "threaten", "vow", "pledge", "promise", "plan", "prepare", "agree",
    "have", "do", "get", "keep", "maintain", "sustain", "allow", "permit",
];

/// Nouns a parse may take for a subject that name a time, not an actor.
const TIME_WORDS: &[&str] = &["today", "yesterday", "tonight", "tomorrow", "week", "month", "year", "day", "weekend", "morning", "evening", "night"];

/// Nouns that do harm without naming who did it: "a roadside bombing killed", "hit by gunfire".
const UNKNOWN_DOERS: &[&str] = &[
    "bombing", "bomb", "explosion", "blast", "gunfire", "shell", "shelling", "mine", "landmine", "missile",
    "rocket", "mortar", "grenade", "airstrike", "strike", "raid", "ambush", "attack", "attacker", "gunman", "gunmen",
    "assailant", "sniper", "violence", "clash", "fighting", "unrest", "riot", "device", "shooting",
];

/// Words of accusing: the act in their complement ("accused Greece of harbouring plotters",
/// "the allegation that Iran armed them") is only alleged, not asserted by the text.
const ALLEGATION_WORDS: &[&str] = &[
    "accuse", "blame", "allege", "suspect", "accusation", "allegation", "charge", "suspicion",
];
/// Nouns whose possessor undergoes the act when no "of" phrase names who does ("Navalny's
/// arrest", "the hostages' release"): arrest, captivity and freeing, harm to a person.
const PATIENT_NOUNS: &[&str] = &[
    "arrest", "detention", "release", "capture", "abduction", "kidnapping", "killing", "murder", "assassination",
    "execution", "deportation", "expulsion", "extradition", "imprisonment", "jailing", "torture", "rescue", "ouster",
    "removal", "dismissal", "sentencing", "conviction", "indictment", "prosecution", "internment",
];
/// Verbs that, said of several sides with no object, say each did it to the other: "Armenian
/// and Azerbaijani troops clashed", "India and Pakistan exchanged fire", "swapped prisoners".
const MUTUAL_VERBS: &[&str] = &["clash", "fight", "exchange", "swap", "trade", "skirmish", "battle", "spar", "feud", "wrangle", "quarrel"];
/// Verbs that report a match result beside a score ("Switzerland beat Gibraltar 6-0").
const RESULT_VERBS: &[&str] = &["beat", "defeat", "thrash", "rout", "crush", "edge", "down", "hammer", "trounce", "overcome", "stun", "upset", "draw", "tie"];
/// Things released or freed that are not people or property held: "released a letter", "the
/// transcript was released", "freed funds" publish, emit or make available; only a person or
/// property set free is a release (0841, 0842).
const RELEASED_THINGS: &[&str] = &[
    "letter", "statement", "report", "transcript", "video", "footage", "audio", "recording", "tape", "data", "figure",
    "statistic", "record", "document", "memo", "memorandum", "book", "album", "song", "single", "film", "movie",
    "trailer", "result", "detail", "budget", "minute", "photo", "photograph", "image", "picture", "text", "list",
    "version", "finding", "guideline", "poll", "survey", "update", "product", "app", "software", "game", "episode",
    "information", "summary", "readout", "communique", "analysis", "study", "paper", "forecast", "estimate", "draft",
    "manifesto", "schedule", "email", "message", "note", "evidence", "file", "name", "account", "gas", "water",
    "smoke", "emission", "chemical", "energy", "radiation", "fund", "money", "payment", "tranche", "earnings",
    "guidance", "rule", "regulation", "platform", "proposal", "plan", "timeline", "map", "chart", "index", "aid",
    "assistance", "asset", "loan", "grant", "capital", "resource", "cash", "space", "time", "hand",
];
/// Verbs of staying put: a force that "remains" somewhere is not deployed by the sentence.
const STAYING: &[&str] = &["remain", "stay", "endure", "linger"];
/// What "asked not to be identified" and "requested anonymity" ask for: not to be named, an
/// aside of sourcing, not an appeal to anyone.
const ANONYMITY_WORDS: &[&str] = &["identify", "identified", "name", "named", "quote", "quoted", "anonymity", "anonymous"];

/// Verbs that report what someone said or concluded.
const REPORTING: &[&str] = &[
    "say", "tell", "announce", "report", "claim", "state", "add", "note", "warn", "argue", "insist", "confirm",
    "conclude", "declare", "stress", "write", "believe", "think", "assert", "reiterate", "maintain", "explain",
];

/// A closed word list with every inflection of its words, so a lemmatiser's miss
/// ("vowed" left unlemmatised) does not change the reading.
struct WordList(FastSet<String>);

impl WordList {
    fn new(words: &[&str]) -> WordList {
        WordList(words.iter().flat_map(|w| forms(w)).chain(words.iter().map(|w| w.to_string())).collect())
    }

    fn has(&self, t: &Tree, tokens: &[Token], i: usize) -> bool {
        self.0.contains(t.lemma(i)) || self.0.contains(tokens[i].lower.as_str())
    }
}

fn intent_governors() -> &'static WordList {
    static L: OnceLock<WordList> = OnceLock::new();
    L.get_or_init(|| WordList::new(INTENT_GOVERNORS))
}

fn request_governors() -> &'static WordList {
    static L: OnceLock<WordList> = OnceLock::new();
    L.get_or_init(|| WordList::new(REQUEST_GOVERNORS))
}

fn denial_words() -> &'static WordList {
    static L: OnceLock<WordList> = OnceLock::new();
    L.get_or_init(|| WordList::new(&["deny", "denial"]))
}

fn allegation_words() -> &'static WordList {
    static L: OnceLock<WordList> = OnceLock::new();
    L.get_or_init(|| WordList::new(ALLEGATION_WORDS))
}

fn fear_governors() -> &'static WordList {
    static L: OnceLock<WordList> = OnceLock::new();
    L.get_or_init(|| WordList::new(FEAR_GOVERNORS))
}

fn refusal_governors() -> &'static WordList {
    static L: OnceLock<WordList> = OnceLock::new();
    L.get_or_init(|| WordList::new(REFUSAL_GOVERNORS))
}

fn object_control() -> &'static WordList {
    static L: OnceLock<WordList> = OnceLock::new();
    L.get_or_init(|| WordList::new(OBJECT_CONTROL))
}

fn support_verbs() -> &'static WordList {
    static L: OnceLock<WordList> = OnceLock::new();
    L.get_or_init(|| WordList::new(SUPPORT_VERBS))
}

fn reporting() -> &'static WordList {
    static L: OnceLock<WordList> = OnceLock::new();
    L.get_or_init(|| WordList::new(REPORTING))
}

impl<'a> Tree<'a> {
    pub fn new(nodes: Vec<Node<'a>>) -> Tree<'a> {
        let mut kids = vec![Vec::new(); nodes.len()];
        for (i, n) in nodes.iter().enumerate() {
            if let Some(h) = n.head.filter(|&h| h < nodes.len() && h != i) {
                kids[h].push(i);
            }
        }
        Tree { nodes, kids }
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn node(&self, i: usize) -> &Node<'a> {
        &self.nodes[i]
    }

    pub fn head(&self, i: usize) -> Option<usize> {
        self.nodes[i].head.filter(|&h| h < self.nodes.len() && h != i)
    }

    pub(crate) fn rel(&self, i: usize) -> &str {
        self.nodes[i].rel
    }

    pub(crate) fn base_rel(&self, i: usize) -> &str {
        let r = self.nodes[i].rel;
        r.split(':').next().unwrap_or(r)
    }

    pub(crate) fn kids(&self, i: usize) -> &[usize] {
        &self.kids[i]
    }

    pub(crate) fn child(&self, i: usize, rel: &str) -> Option<usize> {
        self.kids[i].iter().copied().find(|&c| self.rel(c) == rel)
    }

    pub(crate) fn lemma(&self, i: usize) -> &str {
        self.nodes[i].lemma
    }

    /// The preposition of an oblique or nominal modifier, lowercased.
    pub(crate) fn case(&self, i: usize, tokens: &[Token]) -> Option<String> {
        let cases: Vec<usize> = self.kids[i].iter().copied().filter(|&c| self.rel(c) == "case" && c < i).collect();
        cases.last().map(|&c| tokens[c].lower.clone())
    }

    pub(crate) fn mark(&self, i: usize, tokens: &[Token]) -> Option<String> {
        self.kids[i].iter().copied().find(|&c| self.rel(c) == "mark").map(|c| tokens[c].lower.clone())
    }

    pub fn is_verbal(&self, i: usize) -> bool {
        matches!(self.nodes[i].upos, "VERB" | "AUX") || (self.nodes[i].upos == "ADJ" && self.child(i, "cop").is_some())
    }

    pub(crate) fn is_passive(&self, v: usize) -> bool {
        self.child(v, "nsubj:pass").is_some()
            || self.child(v, "aux:pass").is_some()
            || (self.rel(v) == "acl" && self.nodes[v].xpos == "VBN" && (self.child(v, "obj").is_none() || self.by_phrase_on_object(v).is_some()) && !self.headless_main_verb(v))
    }

    /// "journalists held hostage by militants": a participle whose object carries a "by" phrase
    /// (the parse hangs the agent on the nearest noun) is a reduced passive.
    pub(crate) fn by_phrase_on_object(&self, v: usize) -> Option<usize> {
        let o = self.child(v, "obj")?;
        self.kids(o).iter().copied().find(|&c| self.rel(c) == "nmod" && self.kids(c).iter().any(|&k| self.rel(k) == "case" && self.nodes[k].lemma.eq_ignore_ascii_case("by")))
    }

    /// "Thousands of protesters demonstrated against ...", "The parliament threatened to ...":
    /// a past form the tagger took for a participle modifying the root noun of a sentence
    /// that has no other verb is the main verb, active.
    fn headless_main_verb(&self, v: usize) -> bool {
        // the noun heads a clause of its own: the root, or a reported clause ("Thousands of
        // Kurds demonstrated ..., witnesses said")
        self.head(v).is_some_and(|g| {
            matches!(self.rel(g), "root" | "ccomp" | "parataxis")
                && matches!(self.nodes[g].upos, "NOUN" | "PROPN" | "PRON")
                && self.child(g, "cop").is_none()
                && self.child(v, "nsubj").is_none()
        })
    }

    /// The word of `start..end` whose head lies outside the span.
    pub fn span_head(&self, start: usize, end: usize) -> usize {
        (start..end.min(self.len())).find(|&i| self.head(i).is_none_or(|h| h < start || h >= end)).unwrap_or(start)
    }
}

/// Where coded mentions sit: token index → mention index.
pub struct MentionIndex {
    at: Vec<Option<usize>>,
}

impl MentionIndex {
    pub fn new(n_tokens: usize, mentions: &[Mention]) -> MentionIndex {
        let mut at = vec![None; n_tokens];
        for (k, m) in mentions.iter().enumerate() {
            if !m.is_coded() {
                continue;
            }
            for slot in at.iter_mut().take(m.end.min(n_tokens)).skip(m.start) {
                slot.get_or_insert(k);
            }
        }
        MentionIndex { at }
    }

    pub(crate) fn get(&self, i: usize) -> Option<usize> {
        self.at.get(i).copied().flatten()
    }
}

/// The actor mention a noun phrase headed at `i` stands for: the mention the head lies in, or
/// one among its possessor, adjective, compound, flat name or apposition ("Israel's high
/// court", "Palestinian prisoners"), or behind a quantity or place ("thousands of Iraqi Kurds",
/// "rebels in the Ivory Coast").
fn phrase_mention(t: &Tree, tokens: &[Token], mi: &MentionIndex, i: usize, depth: usize, skip: &dyn Fn(usize) -> bool) -> Option<usize> {
    close_mention(t, tokens, mi, i, depth, skip).or_else(|| subtree_mention(t, tokens, mi, i, skip))
}

fn close_mention(t: &Tree, tokens: &[Token], mi: &MentionIndex, i: usize, depth: usize, skip: &dyn Fn(usize) -> bool) -> Option<usize> {
    if let Some(m) = mi.get(i).filter(|&m| !skip(m)) {
        return Some(m);
    }
    if depth == 0 {
        return None;
    }
    const ORDER: &[&str] = &["nmod:poss", "amod", "compound", "flat", "nmod:desc", "appos", "det", "nmod", "obl:npmod", "nmod:npmod", "nmod:unmarked"];
    for rel in ORDER {
        for &c in t.kids(i) {
            if t.rel(c) != *rel {
                continue;
            }
            if *rel == "nmod" && !matches!(t.case(c, tokens).as_deref(), Some("of" | "in" | "from")) {
                continue;
            }
            if *rel == "det" && t.nodes[c].upos != "PRON" {
                continue;
            }
            if let Some(m) = close_mention(t, tokens, mi, c, depth - 1, skip) {
                return Some(m);
            }
        }
    }
    None
}

/// The coded mention nearest to `i` anywhere in its phrase, leaving out clauses and
/// directional modifiers: a parse that hangs a name somewhere odd inside a long subject
/// ("Human rights watchdog Amnesty International") still finds it.
fn subtree_mention(t: &Tree, tokens: &[Token], mi: &MentionIndex, i: usize, skip: &dyn Fn(usize) -> bool) -> Option<usize> {
    let mut best: Option<(usize, usize)> = None;
    let mut stack = vec![i];
    while let Some(x) = stack.pop() {
        if let Some(m) = mi.get(x).filter(|&m| !skip(m)) {
            let d = x.abs_diff(i);
            if best.is_none_or(|(bd, _)| d < bd) {
                best = Some((d, m));
            }
        }
        for &c in t.kids(x) {
            // "workers affiliated with the Serbian Workers' Union": a membership participle
            // keeps the phrase open
            let membership = t.rel(c) == "acl" && matches!(t.lemma(c), "affiliate" | "affiliated" | "link" | "linked" | "ally" | "allied" | "tie" | "tied" | "attach" | "attached" | "align" | "aligned" | "belong");
            let clause = matches!(t.base_rel(c), "acl" | "advcl" | "ccomp" | "xcomp" | "parataxis" | "conj" | "csubj") && !membership;
            let directional = t.rel(c) == "nmod" && t.case(c, tokens).is_some_and(|p| TARGET_CASES.contains(&p.as_str()));
            if !clause && !directional {
                stack.push(c);
            }
        }
    }
    best.map(|(_, m)| m)
}

/// A phrase and its conjuncts ("the United States and Jordan"), as mention indices in order.
fn with_conjuncts(t: &Tree, tokens: &[Token], mi: &MentionIndex, i: usize, skip: &dyn Fn(usize) -> bool) -> Vec<usize> {
    let mut out = Vec::new();
    let mut stack = vec![i];
    while let Some(x) = stack.pop() {
        if let Some(m) = phrase_mention(t, tokens, mi, x, 2, skip) {
            if !out.contains(&m) {
                out.push(m);
            }
        }
        for &c in t.kids(x).iter().rev() {
            if t.rel(c) == "conj" && !t.is_verbal(c) {
                stack.push(c);
            }
        }
    }
    out.sort_unstable();
    out
}

/// Dependents of the words of `start..end` that lie outside it, in sentence order: a
/// multi-word trigger ("threats of additional sanctions against Iran") takes its roles
/// from any of its words.
fn span_kids(t: &Tree, start: usize, end: usize) -> Vec<usize> {
    let mut out: Vec<usize> = (start..end.min(t.len())).flat_map(|i| t.kids(i).iter().copied()).filter(|&c| c < start || c >= end).collect();
    out.sort_unstable();
    out
}

/// Who acts in verb `v` when it has no subject of its own.
fn controller(t: &Tree, tokens: &[Token], v: usize, depth: usize) -> Option<usize> {
    if depth == 0 {
        return None;
    }
    let g = t.head(v)?;
    // "..., which has emerged as Moscow's ally by supplying shells": a means clause acts for the
    // nearest clause before it that has a subject, whatever the parse hung it on
    if t.kids(v).iter().any(|&c| t.rel(c) == "mark" && t.lemma(c) == "by") {
        if let Some(s) = (0..v).rev().filter(|&i| t.is_verbal(i)).find_map(|i| t.child(i, "nsubj").map(|_| i)).and_then(|i| subject(t, tokens, i, depth - 1)) {
            return Some(s);
        }
    }
    match t.rel(v) {
        "xcomp" => {
            if object_control().has(t, tokens, g) {
                if let Some(o) = t.child(g, "obj").or_else(|| t.kids(g).iter().copied().find(|&c| t.rel(c) == "obl" && t.case(c, tokens).as_deref() == Some("on"))) {
                    return Some(o);
                }
            }
            subject(t, tokens, g, depth - 1)
        }
        "conj" | "advcl" | "acl" if t.is_verbal(g) => subject(t, tokens, g, depth - 1),
        // "warships held drills": a participle modifying its doer
        "acl" => Some(g),
        "acl:relcl" => Some(g),
        _ => None,
    }
}

/// The word standing for the one who acts in verb `v` (its subject, or its controller's).
fn subject(t: &Tree, tokens: &[Token], v: usize, depth: usize) -> Option<usize> {
    // of two subjects a bad parse gives one verb, the one nearer the verb
    let nearest = t.kids(v).iter().copied().filter(|&c| t.rel(c) == "nsubj").min_by_key(|&c| c.abs_diff(v));
    // "it is willing to withdraw", with "it" parsed as an expletive
    let willing_it = || t.child(v, "expl").filter(|_| t.node(v).upos == "ADJ" && (intent_governors().has(t, tokens, v) || refusal_governors().has(t, tokens, v)));
    let s = nearest.or_else(|| t.child(v, "nsubj:pass")).or_else(|| t.child(v, "csubj")).or_else(willing_it);
    match s {
        // "North Korea, which has supplied ...": the relative pronoun stands for its antecedent,
        // the noun just before the comma when there is one (a surer guide than the attachment)
        Some(s) if matches!(tokens[s].lower.as_str(), "who" | "which" | "that") && t.rel(v) == "acl:relcl" => {
            let before_comma = s >= 2 && tokens[s - 1].text == "," && matches!(t.node(s - 2).upos, "NOUN" | "PROPN");
            if before_comma { Some(s - 2) } else { t.head(v) }
        }
        // "... to Macedonia which is preparing an offensive", misparsed as a conjunct: the
        // relative pronoun still stands for the noun before it
        Some(s) if matches!(tokens[s].lower.as_str(), "who" | "which") && matches!(t.node(s).xpos, "WDT" | "WP") => {
            let noun = |i: usize| matches!(t.node(i).upos, "NOUN" | "PROPN");
            if s >= 1 && noun(s - 1) {
                Some(s - 1)
            } else if s >= 2 && tokens[s - 1].text == "," && noun(s - 2) {
                Some(s - 2)
            } else {
                Some(s)
            }
        }
        // "the rebels ... said they opposed": a pronoun subject of a reported clause is the speaker
        Some(s) if matches!(tokens[s].lower.as_str(), "they" | "he" | "she" | "it") && t.rel(v) == "ccomp" && depth > 1 => {
            match t.head(v).filter(|&g| reporting().has(t, tokens, g)).and_then(|g| subject(t, tokens, g, depth - 1)) {
                Some(speaker) if t.node(speaker).upos == "PROPN" || (t.node(speaker).upos == "NOUN" && !TIME_WORDS.contains(&tokens[speaker].lower.as_str())) => Some(speaker),
                _ => Some(s),
            }
        }
        Some(s) => Some(s),
        None => controller(t, tokens, v, depth),
    }
}

/// Source and target words of a verbal trigger headed at `v`.
fn verbal_roles(t: &Tree, tokens: &[Token], v: usize, span: (usize, usize), root: u32) -> (Option<usize>, Vec<usize>) {
    let passive = t.is_passive(v);
    let agent = t
        .child(v, "obl:agent")
        .or_else(|| t.kids(v).iter().copied().find(|&c| t.base_rel(c) == "obl" && t.case(c, tokens).as_deref() == Some("by")))
        .or_else(|| if passive { t.by_phrase_on_object(v) } else { None });
    let (source, mut targets) = if passive {
        let patient = t.child(v, "nsubj:pass").or_else(|| if t.rel(v) == "acl" { t.head(v) } else { controller(t, tokens, v, 3) });
        (agent, patient.into_iter().collect::<Vec<_>>())
    } else {
        (subject(t, tokens, v, 3), Vec::new())
    };
    if !passive {
        if let Some(o) = t.child(v, "obj").or_else(|| t.child(v, "iobj")) {
            targets.push(o);
            // "imposed sanctions on Russia", "demanded the removal of President X"
            for &c in t.kids(o) {
                if t.rel(c) == "nmod" && t.case(c, tokens).is_some_and(|p| TARGET_CASES.contains(&p.as_str()) || p == "of") {
                    targets.push(c);
                }
            }
        }
        if let Some(r) = t.child(v, "acl:relcl").filter(|_| t.rel(v) == "acl:relcl") {
            targets.push(r);
        }
    }
    for c in span_kids(t, span.0, span.1) {
        // "withdraw its troops from neighboring Lebanon", parsed as a clause "neighboring
        // Lebanon" marked by "from": its object is where the act is directed
        if t.rel(c) == "advcl" && t.node(c).xpos == "VBG" && t.mark(c, tokens).is_some_and(|p| TARGET_CASES.contains(&p.as_str())) {
            targets.extend(t.child(c, "obj"));
            continue;
        }
        if !(t.base_rel(c) == "obl" || (t.rel(c) == "nmod" && t.head(c) != Some(v))) || Some(c) == agent {
            continue;
        }
        match t.case(c, tokens).as_deref() {
            Some(p) if TARGET_CASES.contains(&p) => targets.push(c),
            // material acts and aid take a place as their target ("fired shells at targets in
            // Jericho", "peacekeepers arrived in Bosnia")
            Some("in" | "inside" | "near" | "across" | "throughout") if root == 7 || (14..=20).contains(&root) => targets.push(c),
            _ => {}
        }
    }
    // "demanded that Turkey provide", "warned that Iran would ...": the reported clause's subject
    if (1..=13).contains(&root) {
        for &c in t.kids(v) {
            if matches!(t.rel(c), "ccomp" | "xcomp") {
                if let Some(s) = t.child(c, "nsubj").or_else(|| t.child(c, "nsubj:pass")) {
                    targets.push(s);
                }
            }
        }
    }
    // an act done for a purpose is directed where the purpose goes: "sent personnel to Bosnia to
    // investigate", "opened the bridge to allow deliveries to Afghanistan"
    let to_infinitive = |c: usize| matches!(t.rel(c), "advcl" | "xcomp" | "acl") && t.kids(c).iter().any(|&m| t.rel(m) == "mark" && tokens[m].lower == "to");
    if to_infinitive(v) {
        if let Some(g) = t.head(v) {
            // "sent personnel to Bosnia to investigate": the sending's destination, on the verb
            // or on its object
            let mut around = vec![g];
            around.extend(t.head(g).filter(|_| t.rel(v) == "acl"));
            for x in around {
                targets.extend(directional_phrases(t, tokens, x, 1).into_iter().filter(|&c| c != v));
            }
        }
    }
    for purpose in t.kids(v).iter().copied().filter(|&c| to_infinitive(c)) {
        targets.extend(directional_phrases(t, tokens, purpose, 3));
    }
    (source, targets)
}

/// Phrases under `x` (through at most `depth` non-clausal links) that say where something
/// goes: "to Afghanistan", "into Iraq".
fn directional_phrases(t: &Tree, tokens: &[Token], x: usize, depth: usize) -> Vec<usize> {
    let mut out = Vec::new();
    let mut layer = vec![x];
    for _ in 0..depth {
        let mut next = Vec::new();
        for &y in &layer {
            for &c in t.kids(y) {
                let rel = t.base_rel(c);
                if matches!(rel, "obl" | "nmod") && t.case(c, tokens).is_some_and(|p| matches!(p.as_str(), "to" | "into" | "toward" | "towards")) {
                    out.push(c);
                } else if matches!(rel, "obj" | "iobj" | "nmod" | "obl") {
                    next.push(c);
                }
            }
        }
        layer = next;
    }
    out
}

/// Source and target words of a nominal trigger headed at noun `n`.
fn nominal_roles(t: &Tree, tokens: &[Token], n: usize, span: (usize, usize), root: u32) -> (Vec<usize>, Vec<usize>, bool) {
    let mut sources = Vec::new();
    let mut targets = Vec::new();
    let mut reciprocal = false;
    let kids = span_kids(t, span.0, span.1);
    let case_of = |c: usize| if t.rel(c) == "nmod" { t.case(c, tokens) } else { None };
    let of_phrase = kids.iter().copied().find(|&c| case_of(c).as_deref() == Some("of"));
    let has_between = |n: usize| t.kids(n).iter().any(|&c| matches!(case_of(c).as_deref(), Some("between" | "among")));
    // "the detention of two Canadians by China": the parse hangs the agent on the nearest noun
    let by_agent = kids.iter().copied().find(|&c| case_of(c).as_deref() == Some("by")).or_else(|| of_phrase.and_then(|o| t.kids(o).iter().copied().find(|&c| case_of(c).as_deref() == Some("by"))));
    // "Navalny's arrest", "Navalny's arrest by the police": the possessor undergoes the act
    let possessor_undergoes = by_agent.is_some() || (of_phrase.is_none() && PATIENT_NOUNS.contains(&t.lemma(n).to_lowercase().as_str()));
    if let Some(b) = by_agent {
        sources.push(b);
    }
    for c in kids {
        match t.rel(c) {
            "nmod:poss" if possessor_undergoes => targets.push(c),
            "nmod:poss" | "amod" | "compound" => sources.push(c),
            // a verbless headline-style root: "Fabius and deputies held talks with ..."; not the
            // one present at a meeting between others ("I was on the call between A and B")
            "nsubj" if t.rel(n) == "root" && !has_between(n) => sources.push(c),
            "nmod" => match t.case(c, tokens).as_deref() {
                Some("by") => {}
                Some("between" | "among") => {
                    sources.push(c);
                    reciprocal = true;
                }
                Some(p) if TARGET_CASES.contains(&p) || p == "of" => targets.push(c),
                Some("in" | "near") if (14..=20).contains(&root) => targets.push(c),
                _ => {}
            },
            _ => {}
        }
    }
    if let Some(g) = t.head(n) {
        let adjunct = is_adjunct(t, tokens, n);
        if sources.is_empty() && !adjunct && matches!(t.rel(n), "obj" | "xcomp" | "nsubj:pass") && t.is_verbal(g) && support_verbs().has(t, tokens, g) {
            // "launched an attack", "held talks with", "imposed sanctions on"
            if let Some(s) = if t.is_passive(g) { t.child(g, "obl:agent") } else { subject(t, tokens, g, 3) } {
                sources.push(s);
            }
            for &c in t.kids(g) {
                if t.base_rel(c) == "obl" && t.case(c, tokens).is_some_and(|p| TARGET_CASES.contains(&p.as_str())) {
                    targets.push(c);
                }
            }
        }
    }
    (sources, targets, reciprocal)
}

/// Modality of the event headed at `h`: from it, the verb a nominal event is the object of,
/// and the chain of verbs governing it through `xcomp`.
pub fn modality(t: &Tree, tokens: &[Token], h: usize) -> Option<Modality> {
    // "accused Greece of harbouring plotters", "the allegation that Iran armed them": a charge,
    // not the act
    if complement_of(t, tokens, h, allegation_words(), &["advcl", "acl", "ccomp", "xcomp", "obl", "nmod"]) {
        return None;
    }
    // "Iran has denied supplying drones", "denied that it had sent troops": the act is denied
    if complement_of(t, tokens, h, denial_words(), &["obj", "advcl", "ccomp", "xcomp"]) {
        return Some(Modality::Negated);
    }
    let mut chain = vec![h];
    let mut cur = h;
    if !t.is_verbal(h) {
        // the verb an event noun hangs from: "will provide 25,000 tons of aid", "did not launch an attack"
        let mut up = h;
        for _ in 0..2 {
            if !matches!(t.rel(up), "obj" | "nsubj:pass" | "nmod" | "obl") {
                break;
            }
            let Some(g) = t.head(up) else { break };
            if t.is_verbal(g) {
                chain.push(g);
                cur = g;
                break;
            }
            up = g;
        }
    }
    // "have sworn to fight ...", with the infinitive parsed as a purpose clause; "balked at
    // signing", "refrained from attacking"
    let infinitive_of_intent = |i: usize| {
        let to = t.kids(i).iter().any(|&c| t.rel(c) == "mark" && tokens[c].lower == "to");
        let at_from = t.kids(i).iter().any(|&c| matches!(t.rel(c), "mark" | "case") && matches!(tokens[c].lower.as_str(), "at" | "from"));
        matches!(t.rel(i), "advcl" | "obl")
            && t.head(i).is_some_and(|g| {
                (to && (intent_governors().has(t, tokens, g) || refusal_governors().has(t, tokens, g))) || (at_from && refusal_governors().has(t, tokens, g))
            })
    };
    while t.rel(cur) == "xcomp" || infinitive_of_intent(cur) {
        let Some(g) = t.head(cur) else { break };
        chain.push(g);
        cur = g;
    }
    // "no intention to cease hostilities", "plans to withdraw": the act is only intended, and
    // "no" before the noun refuses it
    let intent_noun = |n: usize| t.node(n).upos == "NOUN" && INTENT_NOUNS.contains(&t.lemma(n).to_lowercase().as_str());
    for &i in &chain {
        if !t.kids(i).iter().any(|&c| t.rel(c) == "mark" && tokens[c].lower == "to") {
            continue;
        }
        // the noun the infinitive modifies, or, where the parse hangs the infinitive on the verb
        // ("announced plans to withdraw"), that verb's object just before it
        let noun = match t.rel(i) {
            "acl" => t.head(i).filter(|&n| intent_noun(n)),
            "xcomp" | "advcl" => t.head(i).and_then(|g| t.child(g, "obj")).filter(|&n| n < i && intent_noun(n)),
            _ => None,
        };
        if let Some(n) = noun {
            if t.kids(n).iter().any(|&c| t.rel(c) == "det" && tokens[c].lower == "no") {
                return Some(Modality::Refused);
            }
            return Some(Modality::Intended { conditional: false });
        }
    }
    // "I was not at the meeting": a place at the event is denied, not the event
    let present_at = |i: usize| !t.is_verbal(i) && t.kids(i).iter().any(|&c| t.rel(c) == "cop") && t.kids(i).iter().any(|&c| t.rel(c) == "case");
    let negated = |i: usize| {
        t.kids(i).iter().any(|&c| t.base_rel(c) == "advmod" && matches!(tokens[c].lower.as_str(), "not" | "n't" | "never") && !present_at(i))
            || t.kids(i).iter().any(|&c| t.rel(c) == "det" && tokens[c].lower == "no" && t.rel(i) == "obj")
    };
    let aux = |i: usize, words: &[&str]| t.kids(i).iter().any(|&c| t.base_rel(c) == "aux" && words.contains(&tokens[c].lower.as_str()));
    let mut conditional = false;
    let mut m = Modality::Asserted;
    for (k, &i) in chain.iter().enumerate() {
        conditional |= t.kids(i).iter().any(|&c| t.rel(c) == "advcl" && matches!(t.mark(c, tokens).as_deref(), Some("if" | "unless")));
        if aux(i, &["should", "ought", "must"]) {
            return None; // commentary or an obligation, not an act
        }
        let neg = negated(i);
        let intent = k > 0 && intent_governors().has(t, tokens, i) || aux(i, &["will", "would", "shall", "'ll", "wo"]);
        let refusal = k > 0 && refusal_governors().has(t, tokens, i);
        // "are afraid to return", "fear that it will surrender": a feared act has not happened
        if k > 0 && fear_governors().has(t, tokens, i) {
            return Some(Modality::Speculative);
        }
        if refusal || (neg && intent) {
            return Some(Modality::Refused);
        }
        if neg {
            // "did not retaliate", "refused to ... did not": negation of the act itself
            return Some(if k == 0 || m == Modality::Asserted { Modality::Negated } else { Modality::Refused });
        }
        if intent {
            m = Modality::Intended { conditional: false };
        } else if m == Modality::Asserted && aux(i, &["could", "may", "might", "can", "ca"]) {
            m = Modality::Speculative;
        }
    }
    // the act sits inside an "if" clause: "... if Ukraine ceded the region"
    let mut up = cur;
    for _ in 0..3 {
        if t.rel(up) == "advcl" && matches!(t.mark(up, tokens).as_deref(), Some("if" | "unless")) {
            return Some(Modality::Speculative);
        }
        // "fear that China will attack": a feared act, not a threat or an act
        if t.rel(up) == "ccomp" && t.head(up).is_some_and(|g| fear_governors().has(t, tokens, g)) {
            return Some(Modality::Speculative);
        }
        // "wondered if Moscow would agree", "asked whether Iran had withdrawn": an open question
        if matches!(t.rel(up), "ccomp" | "advcl") && matches!(t.mark(up, tokens).as_deref(), Some("if" | "whether")) {
            return Some(Modality::Speculative);
        }
        match t.head(up) {
            Some(g) if t.is_verbal(g) || t.rel(up) == "conj" => up = g,
            _ => break,
        }
    }
    Some(match m {
        Modality::Intended { .. } => Modality::Intended { conditional },
        Modality::Asserted if conditional => Modality::Speculative,
        other => other,
    })
}

/// Whether the act headed at `h` hangs, by one of `links`, from a word of `words`: an
/// accusation ("accused of bombing hospitals"; its object, "blamed the bombing on rebels", is a
/// thing that happened and takes no such link) or a denial ("denied supplying drones").
fn complement_of(t: &Tree, tokens: &[Token], h: usize, words: &WordList, links: &[&str]) -> bool {
    let mut x = h;
    for _ in 0..5 {
        let Some(g) = t.head(x) else { return false };
        let rel = t.base_rel(x);
        // the word marking a clause or phrase: a complement is "of", "for" or "that" ("accused
        // X of bombing", "denied that it had sent"), not "after" or "when" (a time adjunct)
        let marker = t.mark(x, tokens).or_else(|| t.case(x, tokens));
        let complement = match rel {
            "advcl" | "acl" | "obl" | "nmod" => matches!(marker.as_deref(), Some("of" | "for" | "that")),
            _ => true,
        };
        if links.contains(&rel) && complement && words.has(t, tokens, g) {
            return true;
        }
        // climb from a word inside a noun phrase ("of bombing hospitals", with "bombing" parsed
        // as a compound) to the phrase's head, and from a means clause to the act it is the
        // means of ("accused of creating a disaster by blocking aid")
        let means = rel == "advcl" && marker.as_deref() == Some("by");
        if !(means || matches!(rel, "compound" | "amod" | "obl" | "nmod" | "conj")) {
            return false;
        }
        x = g;
    }
    false
}

fn actors_of(mentions: &[Mention], k: usize) -> Vec<Actor> {
    mentions[k].actors.iter().filter(|a| !a.code.is_empty()).cloned().collect()
}

/// A request read off the parse: an act asked of someone ("urged Russia to withdraw",
/// "Beijing wants Washington to lift the tariffs", "called on Iran to release").
pub struct Request {
    /// The asking verb.
    pub governor: usize,
    /// Who asks (the asking verb's subject or agent), when the parse names one.
    pub requester: Option<usize>,
    /// Who is asked.
    pub addressee: usize,
}

/// Who asks and who is asked in a request, as actors (an asker who is also asked is only the asker).
pub fn request_actors(t: &Tree, tokens: &[Token], mentions: &[Mention], mi: &MentionIndex, r: &Request) -> (Vec<Actor>, Vec<Actor>) {
    let sources = r.requester.map(|w| phrase_actors(t, tokens, mentions, mi, w)).unwrap_or_default();
    let mut targets = phrase_actors(t, tokens, mentions, mi, r.addressee);
    targets.retain(|a| !sources.iter().any(|s| s.start == a.start && s.end == a.end));
    (sources, targets)
}

/// The request an act headed at `h` is the content of, if it is one.
pub fn request_of(t: &Tree, tokens: &[Token], h: usize) -> Option<Request> {
    let mut v = h;
    if !t.is_verbal(v) && t.rel(v) == "obj" {
        v = t.head(v).filter(|&g| t.is_verbal(g))?; // "urged Iran to begin the withdrawal"
    }
    let to = |i: usize| t.kids(i).iter().any(|&c| t.rel(c) == "mark" && tokens[c].lower == "to");
    // an infinitive ("urged Russia to withdraw"), not a small clause ("called the talks a meeting")
    if !(matches!(t.rel(v), "xcomp" | "advcl") && to(v) && t.node(v).upos == "VERB") {
        return None;
    }
    let g = t.head(v).filter(|&g| t.is_verbal(g) && request_governors().has(t, tokens, g))?;
    if t.is_passive(g) {
        // "Russia was urged by France to withdraw"
        let addressee = t.child(g, "nsubj:pass")?;
        let requester = t.child(g, "obl:agent").or_else(|| t.kids(g).iter().copied().find(|&c| t.base_rel(c) == "obl" && t.case(c, tokens).as_deref() == Some("by")));
        return Some(Request { governor: g, requester, addressee });
    }
    let addressee = t.child(g, "obj").or_else(|| {
        // "called on Iran to", "appealed to the rebels to"
        t.kids(g).iter().copied().find(|&c| t.base_rel(c) == "obl" && matches!(t.case(c, tokens).as_deref(), Some("on" | "upon" | "to")))
    })?;
    Some(Request { governor: g, requester: subject(t, tokens, g, 3), addressee })
}

/// The frame of trigger `trig` read off the parse (its sources or targets may be empty when
/// the parse leaves a role without an actor), or `None` when the parse says it is not an
/// event (a name, commentary).
pub fn assign(tokens: &[Token], mentions: &[Mention], mi: &MentionIndex, t: &Tree, trig: &Trigger) -> Option<Frame> {
    let h = t.span_head(trig.start, trig.end);
    if t.node(h).upos == "PROPN" {
        return None; // "in March", "Strike Group": a name, not an act
    }
    // "the occupied West Bank": a state described, not an act; after a noun the tagger more
    // likely missed a headline-style verb ("Red Cross officials suspended aid deliveries")
    // ("striking teachers": a participle the parse hangs on the noun as a compound is the same)
    let modifier = t.rel(h) == "amod" || (t.rel(h) == "compound" && t.node(h).upos == "VERB" && t.head(h).is_some_and(|g| g > h));
    if modifier && (h == 0 || !matches!(t.node(h - 1).upos, "NOUN" | "PROPN" | "PRON")) {
        return None;
    }
    // a verb pattern on a word the sentence uses as a noun with a determiner or modifier
    // ("according to a press release") is not that act
    let det = |i: usize| t.rel(i) == "det" && t.head(i) == Some(h);
    let common_compound = |i: usize| t.rel(i) == "compound" && t.head(i) == Some(h) && t.node(i).upos == "NOUN";
    if !trig.nominal && t.node(h).upos == "NOUN" && h > 0 && (det(h - 1) || (h > 1 && common_compound(h - 1) && det(h - 2))) {
        return None;
    }
    // "is going to hold elections": a pattern ending in a preposition ("go to", "return to")
    // does not fit where that word marks an infinitive
    // (verbs made to take an infinitive, "promise to", "refuse to", keep their patterns)
    // ("order * to appear" is a demand of its object, and keeps its pattern too)
    let infinitive_to = trig.end == trig.start + 2
        && trig.end < tokens.len()
        && tokens[trig.end - 1].lower == "to"
        && t.node(trig.end - 1).upos == "PART"
        && matches!(t.node(trig.end).upos, "VERB" | "AUX");
    let takes_infinitive = (intent_governors().has(t, tokens, h) || refusal_governors().has(t, tokens, h)) && t.lemma(h) != "go";
    if infinitive_to && !takes_infinitive {
        return None;
    }
    let root: u32 = trig.cameo.get(..2).and_then(|r| r.parse().ok()).unwrap_or(0);
    // "killed in a helicopter crash": an accident, not an attack
    if (18..=20).contains(&root) && t.is_verbal(h) && t.kids(h).iter().any(|&c| t.base_rel(c) == "obl" && t.case(c, tokens).as_deref() == Some("in") && ACCIDENTS.contains(&t.lemma(c).to_lowercase().as_str())) {
        return None;
    }
    let lemma = t.lemma(h).to_lowercase();
    // "Switzerland beat Gibraltar 6-0": a match result, not an assault
    if (17..=20).contains(&root) && RESULT_VERBS.contains(&lemma.as_str()) && crate::features::has_score(tokens) {
        return None;
    }
    // "500 French troops remain in Mali": a force staying put is not deployed
    // (a candidate the parse alone proposes is not left to the model either)
    if (root == 15 || trig.cameo.is_empty()) && STAYING.contains(&lemma.as_str()) {
        return None;
    }
    // "released a letter", "the transcript was released", "freed up funds": published or made
    // available, not set free
    let things = |c: usize| matches!(t.rel(c), "obj" | "nsubj:pass") && RELEASED_THINGS.contains(&t.lemma(c).to_lowercase().as_str());
    let up = |c: usize| t.rel(c) == "compound:prt" && tokens[c].lower == "up";
    if matches!(lemma.as_str(), "release" | "free") && t.kids(h).iter().any(|&c| things(c) || up(c)) {
        return None;
    }
    // "it was Morrison who took over": taking over, capturing or occupying with nothing taken
    // is succeeding someone in a post, not seizing territory
    if trig.cameo.starts_with("192") && t.is_verbal(h) && !trig.nominal && !t.kids(h).iter().any(|&c| matches!(t.rel(c), "obj" | "nsubj:pass" | "obl")) {
        return None;
    }
    // "asked not to be identified", "requested anonymity": sourcing, not an appeal
    if matches!(lemma.as_str(), "ask" | "request" | "seek" | "demand") && t.kids(h).iter().any(|&c| matches!(t.base_rel(c), "xcomp" | "advcl" | "obj" | "ccomp") && (ANONYMITY_WORDS.contains(&t.lemma(c).to_lowercase().as_str()) || t.kids(c).iter().any(|&k| t.rel(k) == "xcomp" && ANONYMITY_WORDS.contains(&t.lemma(k).to_lowercase().as_str())))) {
        return None;
    }
    let modality = modality(t, tokens, h)?;
    let verbal = t.is_verbal(h) || (!trig.nominal && !matches!(t.node(h).upos, "NOUN" | "PROPN" | "NUM"));
    let (source_words, target_words, nominal_reciprocal) = if verbal {
        let (s, ts) = verbal_roles(t, tokens, h, (trig.start, trig.end), root);
        (s.into_iter().collect(), ts, false)
    } else {
        nominal_roles(t, tokens, h, (trig.start, trig.end), root)
    };
    let mut target_words = target_words;
    // "kicked out 35 Russian diplomats alleged to ...": when the parse gives a verb no object,
    // an actor right after it (across determiners, numbers, adjectives) is one
    if verbal && !t.is_passive(h) && t.child(h, "obj").is_none() {
        let next = (trig.end..(trig.end + 4).min(tokens.len()))
            .take_while(|&j| mi.get(j).is_some() || matches!(t.node(j).upos, "DET" | "NUM" | "ADJ" | "ADV"))
            .find(|&j| mi.get(j).is_some());
        if let Some(j) = next {
            target_words.insert(0, j);
        }
    }
    target_words.extend(conditional_counterpart(t, tokens, h));
    let mut source_mentions: Vec<usize> = Vec::new();
    for &w in &source_words {
        for m in with_conjuncts(t, tokens, mi, w, &|_| false) {
            if !source_mentions.contains(&m) {
                source_mentions.push(m);
            }
        }
    }
    let sources: Vec<Actor> = source_mentions.iter().flat_map(|&m| actors_of(mentions, m)).collect();
    let nameless_cause = source_words.iter().any(|&w| t.node(w).upos == "NOUN" && UNKNOWN_DOERS.contains(&t.lemma(w).to_lowercase().as_str()));
    let marked_passive = t.child(h, "nsubj:pass").is_some() || t.child(h, "aux:pass").is_some();
    // "three civilians were killed", "Russia has been accused of ...", "the prisoners were
    // released": the text does not say by whom, and the clause's shape must not guess it
    let agentless = source_words.is_empty() && marked_passive;
    // "Navalny's arrest", "their release": the possessor underwent it, and no one is named doing it
    let undergone = !verbal && source_words.is_empty() && PATIENT_NOUNS.contains(&lemma.as_str()) && t.kids(h).iter().any(|&c| t.rel(c) == "nmod:poss");
    let unknown_doer = sources.is_empty() && ((verbal && (nameless_cause || agentless)) || undergone);
    let mut targets: Vec<Actor> = Vec::new();
    // the first candidate that names someone else: "withdraw its forces from Syria" skips the
    // source's own forces; "resigned ... in Tbilisi" skips a bare place of the source's state
    // ("met his Russian counterpart": "his" is the source himself)
    let own = |a: &Actor| sources.iter().any(|s| crate::same_side(s, a));
    let skip = |m: usize| source_mentions.contains(&m) || actors_of(mentions, m).iter().all(own);
    // a candidate of another state comes first: "withdraw its troops from Lebanon" is toward
    // Lebanon; a domestic target is kept when there is no other ("arrested opposition leaders")
    let candidates: Vec<Vec<Actor>> = target_words
        .iter()
        .map(|&w| with_conjuncts(t, tokens, mi, w, &skip).iter().flat_map(|&m| actors_of(mentions, m)).filter(|a| !own(a)).collect::<Vec<Actor>>())
        .filter(|acts| !acts.is_empty())
        .collect();
    let foreign = |acts: &&Vec<Actor>| acts.iter().any(|a| !sources.iter().any(|s| s.code == a.code));
    if let Some(acts) = candidates.iter().find(foreign).or_else(|| candidates.first()) {
        targets = acts.clone();
    }
    // agreeing, meeting, cooperating are mutual; a visit or a host is one-way
    let one_way = matches!(trig.cameo.as_str(), "042" | "043");
    let mutual = verbal && MUTUAL_VERBS.contains(&lemma.as_str());
    let reciprocal = nominal_reciprocal || mutual || (matches!(root, 3..=6 | 12) && !one_way);
    Some(Frame { sources, targets, modality, reciprocal, nominal: !verbal, unknown_doer })
}

/// Whether event noun `n` belongs to the sentence's main clause: the object or subject of the
/// root verb (or of a clause it reports), possibly behind a quantity ("provide 25,000 tons of
/// aid") or a compound. Only such nouns may borrow an agent from the clause's shape when the
/// parse gives them none.
pub fn in_main_clause(t: &Tree, tokens: &[Token], n: usize) -> bool {
    if t.rel(n) == "root" {
        return true;
    }
    let mut cur = n;
    for _ in 0..2 {
        if !matches!(t.base_rel(cur), "obj" | "nmod" | "compound" | "obl" | "nsubj" | "conj") {
            return false;
        }
        if is_adjunct(t, tokens, cur) {
            return false;
        }
        let Some(g) = t.head(cur) else { return false };
        if t.is_verbal(g) {
            return match t.rel(g) {
                "root" => true,
                "ccomp" | "parataxis" | "xcomp" => t.head(g).is_some_and(|r| t.rel(r) == "root"),
                _ => false,
            };
        }
        cur = g;
    }
    false
}

/// The other party of a conditional: "Russia would freeze the invasion if Ukraine ceded the
/// region" is an offer to Ukraine, and Ukraine's ceding would be to Russia.
fn conditional_counterpart(t: &Tree, tokens: &[Token], h: usize) -> Option<usize> {
    let clause = if t.is_verbal(h) { h } else { t.head(h).filter(|&g| t.is_verbal(g))? };
    let is_condition = |c: usize| t.rel(c) == "advcl" && matches!(t.mark(c, tokens).as_deref(), Some("if" | "unless"));
    // the condition may hang on the threatened act or its purpose: "threatened to stop
    // negotiations to reduce weapons if the United States goes ahead"
    let mut layer = vec![clause];
    for _ in 0..3 {
        if let Some(c) = layer.iter().flat_map(|&v| t.kids(v).iter().copied()).find(|&c| is_condition(c)) {
            return t.child(c, "nsubj").or_else(|| t.child(c, "nsubj:pass"));
        }
        layer = layer.iter().flat_map(|&v| t.kids(v).iter().copied()).filter(|&c| matches!(t.rel(c), "xcomp" | "advcl" | "conj") && t.is_verbal(c)).collect();
    }
    if is_condition(clause) {
        return subject(t, tokens, t.head(clause)?, 2);
    }
    None
}

/// An oblique of time or circumstance ("following the invasions", "during talks").
fn is_adjunct(t: &Tree, tokens: &[Token], i: usize) -> bool {
    t.base_rel(i) == "obl" && t.case(i, tokens).is_some_and(|p| ADJUNCT_CASES.contains(&p.as_str()))
}

/// Triggers that are not events of their own: the act a threat or promise carries makes the
/// threat ("threatened to impose sanctions": the sanction, intended), and the content,
/// purpose or object of another event is part of it ("rejected an invitation to attend",
/// "demonstrated to demand reforms", "accused X of attacking Y").
pub fn subordinate(t: &Tree, tokens: &[Token], triggers: &[Trigger]) -> Vec<bool> {
    let heads: Vec<usize> = triggers.iter().map(|g| t.span_head(g.start, g.end)).collect();
    let trigger_at = |w: usize| heads.iter().position(|&h| h == w);
    // carriers: a trigger governing another through `xcomp`, directly ("threatened to impose")
    // or through the verb a nominal trigger is the object of ("promised to send aid")
    let mut carrier = vec![false; heads.len()];
    for &h in &heads {
        let mut cur = h;
        if !t.is_verbal(cur) && matches!(t.rel(cur), "obj" | "obl") {
            // "offered to negotiate ... following the invasions": an adjunct is not what is offered
            let in_a_trigger = |w: usize| triggers.iter().any(|tr| tr.start <= w && w < tr.end);
            match t.head(cur) {
                Some(g) if t.is_verbal(g) && trigger_at(g).is_none() && !in_a_trigger(g) && !is_adjunct(t, tokens, cur) => cur = g,
                _ => continue,
            }
        }
        if t.rel(cur) == "xcomp" {
            if let Some(j) = t.head(cur).and_then(trigger_at) {
                carrier[j] = true;
            }
        }
    }
    heads
        .iter()
        .enumerate()
        .map(|(k, &h)| {
            if carrier[k] {
                return true;
            }
            // climb at most two content links to a governing trigger
            let mut cur = h;
            let (mut links, mut steps) = (0, 0);
            while links < 2 && steps < 8 {
                steps += 1;
                let rel = t.rel(cur);
                let content = matches!(rel, "obj" | "ccomp" | "xcomp" | "acl" | "nmod" | "advcl" | "obl" | "iobj");
                let Some(g) = t.head(cur) else { return false };
                if !content {
                    return false;
                }
                if rel == "xcomp" && trigger_at(g).is_some_and(|j| carrier[j]) {
                    // the carried act stands where its carrier stands: "demanded that they
                    // refuse to recognize" is part of the demand
                    cur = g;
                    continue;
                }
                links += 1;
                // "would meet the mediator if he gave them a veto": a condition is part of the
                // offer or threat it conditions, not an event of its own
                let condition = matches!(t.mark(cur, tokens).as_deref(), Some("if" | "unless"));
                // "suspected by the West of blowing up a plane": an act alleged, not reported
                let alleged = matches!(rel, "advcl" | "acl")
                    && matches!(t.mark(cur, tokens).as_deref(), Some("of" | "for"))
                    && [Some(g), t.head(g)].into_iter().flatten().any(|x| {
                        matches!(t.lemma(x), "suspect" | "accuse" | "charge" | "allege" | "blame" | "convict" | "indict" | "arrest" | "jail" | "sentence")
                    });
                if alleged {
                    return true;
                }
                // ("would resume talks ... if": the talks are the offer)
                let governs_trigger = trigger_at(g).is_some()
                    || triggers.iter().any(|tr| tr.start <= g && g < tr.end)
                    || t.kids(g).iter().any(|&c| c != cur && trigger_at(c).is_some() && t.rel(c) == "obj");
                if rel == "advcl" && condition && governs_trigger {
                    return true;
                }
                if rel == "advcl" && t.kids(cur).iter().any(|&c| t.rel(c).starts_with("nsubj")) {
                    return false; // a clause with its own subject is its own event
                }
                if t.kids(cur).iter().any(|&c| t.rel(c) == "mark" && t.lemma(c) == "by") {
                    return false; // "by supplying shells": the means, an act of its own
                }
                if let Some(j) = trigger_at(g).filter(|&j| j != k && !carrier[j]) {
                    // "condemned Russia's attacks": an event with its own agent under praise or
                    // blame happened; under rejection or demand it is only proposed
                    let evaluative = matches!(triggers[j].cameo.get(..2), Some("05" | "11"));
                    let own_agent = !t.is_verbal(h) && t.kids(h).iter().any(|&c| matches!(t.rel(c), "nmod:poss" | "amod" | "compound"));
                    return !(evaluative && own_agent);
                }
                cur = g;
            }
            false
        })
        .collect()
}

/// "X said Y must withdraw": a demand by the speaker on the subject of the obligation.
/// Returns (speaker word, obliged word) pairs.
pub fn obligations(t: &Tree, tokens: &[Token]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for v in 0..t.len() {
        if !matches!(t.rel(v), "ccomp") {
            continue;
        }
        let must = t.kids(v).iter().any(|&c| t.base_rel(c) == "aux" && matches!(tokens[c].lower.as_str(), "must" | "should"));
        let Some(g) = t.head(v) else { continue };
        if !must || !reporting().has(t, tokens, g) {
            continue;
        }
        let (Some(speaker), Some(obliged)) = (subject(t, tokens, g, 2), t.child(v, "nsubj")) else { continue };
        out.push((speaker, obliged));
    }
    out
}

/// Words that call a claim false ("the claims were false", "dismissed the report as fabricated").
pub const FALSEHOOD_WORDS: &[&str] = &[
    "false", "baseless", "groundless", "unfounded", "untrue", "fabricated", "fabrication", "lie", "lies", "nonsense",
    "fake", "absurd", "ridiculous", "fiction", "bogus", "slanderous", "fictitious",
];
/// Nouns for what someone asserts about another.
pub const CLAIM_NOUNS: &[&str] = &["claim", "accusation", "allegation", "charge", "report", "assertion", "statement"];

/// A rebuttal read off the parse: the falsehood word, who calls the claim false, and whose claim
/// it is.
pub struct Rebuttal {
    pub word: usize,
    pub sources: Vec<Actor>,
    pub targets: Vec<Actor>,
}

/// Claims called false: "the Pentagon said the Russian claims were false" (the falsehood a
/// predicate of the claim, in what a verb of saying reports), "called the allegations
/// groundless", "described the reports as fabricated" (a predicate of the verb's object). The
/// claim's owner is its possessor, its adjective or its by/of/from phrase.
pub fn rebuttals(t: &Tree, tokens: &[Token], mentions: &[Mention], mi: &MentionIndex) -> Vec<Rebuttal> {
    let claim = |n: usize| CLAIM_NOUNS.contains(&t.lemma(n).to_lowercase().as_str());
    let mut out = Vec::new();
    for f in 0..t.len().min(tokens.len()) {
        if !FALSEHOOD_WORDS.contains(&tokens[f].lower.as_str()) || t.kids(f).iter().any(|&c| t.base_rel(c) == "advmod" && matches!(tokens[c].lower.as_str(), "not" | "n't" | "never")) {
            continue;
        }
        let predicate = t.child(f, "nsubj").filter(|&n| claim(n) && t.child(f, "cop").is_some());
        let (owner_noun, verb) = match predicate {
            // "said the claims were false": the verb that reports the clause
            Some(n) => (n, t.head(f).filter(|&g| t.rel(f) == "ccomp" && t.is_verbal(g))),
            // "called the allegations groundless": the verb whose object the word describes
            None => {
                let Some(g) = t.head(f).filter(|&g| matches!(t.base_rel(f), "xcomp" | "obl" | "advcl") && t.is_verbal(g)) else { continue };
                let Some(n) = t.child(g, "obj").filter(|&n| claim(n)) else { continue };
                (n, Some(g))
            }
        };
        let Some(v) = verb else { continue };
        let sources: Vec<Actor> = subject(t, tokens, v, 3).map(|w| phrase_actors(t, tokens, mentions, mi, w)).unwrap_or_default();
        let owners = t.kids(owner_noun).iter().copied().filter(|&c| {
            matches!(t.rel(c), "nmod:poss" | "amod" | "compound") || (t.rel(c) == "nmod" && matches!(t.case(c, tokens).as_deref(), Some("by" | "of" | "from")))
        });
        let targets: Vec<Actor> = owners.flat_map(|w| phrase_actors(t, tokens, mentions, mi, w)).filter(|a| !sources.iter().any(|s| crate::same_side(s, a))).collect();
        if !sources.is_empty() && !targets.is_empty() {
            out.push(Rebuttal { word: f, sources, targets });
        }
    }
    out
}

/// Mentions standing for the phrase at word `w` and its conjuncts.
pub fn phrase_actors(t: &Tree, tokens: &[Token], mentions: &[Mention], mi: &MentionIndex, w: usize) -> Vec<Actor> {
    with_conjuncts(t, tokens, mi, w, &|_| false).into_iter().flat_map(|m| actors_of(mentions, m)).collect()
}
