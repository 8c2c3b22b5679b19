//! Features the event model reads: of a sentence (is it about politics), of a candidate trigger
//! (is it an event, of which category), of an actor mention (is it an actor at all) and of a
//! trigger-mention pair (is the mention the source, the target or neither). Each feature is a
//! template name and its values, hashed (`statecraft_learn::features_of`); nothing is stored as
//! a string.

use statecraft_actors::Mention;
use statecraft_learn::features_of as f;
use statecraft_text::Token;

use crate::tree::{MentionIndex, Tree};

/// Role of a mention in a rule-read frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleRole {
    Source,
    Target,
    None,
}

impl RuleRole {
    fn as_str(self) -> &'static str {
        match self {
            RuleRole::Source => "src",
            RuleRole::Target => "tgt",
            RuleRole::None => "none",
        }
    }
}

fn bucket(p: f32) -> &'static str {
    match p {
        p if p < 0.1 => "0",
        p if p < 0.3 => "1",
        p if p < 0.5 => "2",
        p if p < 0.7 => "3",
        p if p < 0.9 => "4",
        _ => "5",
    }
}

fn distance(d: usize) -> &'static str {
    match d {
        0 | 1 => "1",
        2 => "2",
        3 => "3",
        4..=6 => "4-6",
        7..=10 => "7-10",
        _ => "far",
    }
}

fn is_content(w: &str) -> bool {
    w.len() > 2 && w.chars().any(|c| c.is_alphabetic())
}

/// Whether token `i` starts a score ("6-0", "2–1"): a sports result. The tokeniser splits the
/// hyphen off, so a score is three tokens written without spaces.
fn score_at(tokens: &[Token], i: usize) -> bool {
    let small = |t: &Token| !t.text.is_empty() && t.text.len() <= 2 && t.text.chars().all(|c| c.is_ascii_digit());
    match tokens.get(i..i + 3) {
        Some([a, dash, b]) => small(a) && matches!(dash.text.as_str(), "-" | "\u{2013}") && small(b) && a.end == dash.start && dash.end == b.start,
        _ => false,
    }
}

/// Whether the sentence gives a score ("Switzerland beat Gibraltar 6-0").
pub(crate) fn has_score(tokens: &[Token]) -> bool {
    (0..tokens.len()).any(|i| score_at(tokens, i))
}

/// Features of a sentence for the topic model: its words and word pairs.
pub fn topic(tokens: &[Token]) -> Vec<u64> {
    let mut out = Vec::with_capacity(tokens.len() * 2);
    let mut prev = "<s>";
    if has_score(tokens) {
        out.push(f(&["score"]));
    }
    for t in tokens {
        let w = t.lower.as_str();
        if is_content(w) {
            out.push(f(&["w", w]));
            out.push(f(&["ww", prev, w]));
            prev = w;
        }
    }
    out
}

/// Everything the feature functions read about one sentence.
pub struct Ctx<'a, 'b> {
    pub tokens: &'a [Token],
    pub tree: &'a Tree<'b>,
    pub mentions: &'a [Mention],
    pub index: &'a MentionIndex,
    /// P(politics) of the sentence and of its document.
    pub topic: (f32, f32),
}

impl Ctx<'_, '_> {
    fn lower(&self, i: usize) -> &str {
        self.tokens.get(i).map(|t| t.lower.as_str()).unwrap_or("</s>")
    }

    /// The word of mention `m` whose head lies outside it.
    pub fn mention_head(&self, m: usize) -> usize {
        let mm = &self.mentions[m];
        self.tree.span_head(mm.start, mm.end.min(self.tree.len()))
    }

    fn kind(&self, m: usize) -> &'static str {
        let mm = &self.mentions[m];
        let a = mm.actors.iter().find(|a| !a.code.is_empty());
        match a {
            _ if mm.pronoun.is_some() => "pron",
            _ if mm.person => "person",
            Some(a) if a.org.is_some() => "org",
            Some(a) if a.sector.is_some() => "state+sector",
            Some(_) => "state",
            None => "none",
        }
    }

    /// The dependency path from word `a` up to the common ancestor and down to `b`, as
    /// relations (`^nsubj` going up, `obj` going down), at most five links.
    fn path(&self, a: usize, b: usize) -> String {
        let up = |mut x: usize| {
            let mut chain = vec![x];
            while let Some(h) = self.tree.head(x) {
                if chain.len() > 12 {
                    break;
                }
                chain.push(h);
                x = h;
            }
            chain
        };
        let (ca, cb) = (up(a), up(b));
        let Some((ia, ib)) = ca.iter().enumerate().find_map(|(i, x)| cb.iter().position(|y| y == x).map(|j| (i, j))) else { return "none".into() };
        if ia + ib > 5 {
            return "far".into();
        }
        let mut s = String::new();
        for &x in &ca[..ia] {
            s.push('^');
            s.push_str(self.tree.rel(x));
            if let Some(c) = self.tree.case(x, self.tokens) {
                s.push(':');
                s.push_str(&c);
            }
            s.push(' ');
        }
        for &x in cb[..ib].iter().rev() {
            s.push_str(self.tree.rel(x));
            if let Some(c) = self.tree.case(x, self.tokens) {
                s.push(':');
                s.push_str(&c);
            }
            s.push(' ');
        }
        s
    }
}

/// What the dictionaries and the rules say of a candidate trigger.
pub struct TriggerInfo<'a> {
    pub start: usize,
    pub end: usize,
    pub head: usize,
    /// The dictionary pattern and its CAMEO code and category; empty for a candidate found by
    /// the parse alone.
    pub pattern: &'a str,
    pub cameo: &'a str,
    pub category: &'a str,
    pub modality: &'a str,
    /// The rules alone would code it.
    pub rule_event: bool,
    pub has_source: bool,
    pub has_target: bool,
    pub unknown_doer: bool,
}

/// Features of a candidate trigger.
pub fn trigger(ctx: &Ctx, t: &TriggerInfo) -> Vec<u64> {
    let tree = ctx.tree;
    let h = t.head;
    let node = tree.node(h);
    let lemma = node.lemma.to_lowercase();
    let mut out = Vec::with_capacity(64);
    if t.pattern.is_empty() {
        out.push(f(&["nodict"]));
        out.push(f(&["nodict-lem", &lemma]));
    } else {
        out.push(f(&["pat", t.pattern]));
        out.push(f(&["code", t.cameo]));
        out.push(f(&["root", t.cameo.get(..2).unwrap_or("")]));
        out.push(f(&["dcat", t.category]));
        out.push(f(&["dcat-lem", t.category, &lemma]));
        out.push(f(&["dcat-upos", t.category, node.upos]));
    }
    out.push(f(&["lem", &lemma]));
    out.push(f(&["form", ctx.lower(h)]));
    out.push(f(&["upos", node.upos]));
    out.push(f(&["xpos", node.xpos]));
    out.push(f(&["rel", tree.rel(h)]));
    out.push(f(&["mod", t.modality]));
    out.push(f(&["mod-dcat", t.modality, t.category]));
    let span: Vec<&str> = (t.start..t.end).map(|i| ctx.lower(i)).collect();
    out.push(f(&["span", &span.join(" ")]));
    if let Some(g) = tree.head(h) {
        let gl = tree.node(g).lemma.to_lowercase();
        out.push(f(&["gov", &gl]));
        out.push(f(&["gov-rel", &gl, tree.rel(h)]));
        out.push(f(&["gov-lem", &gl, &lemma]));
    } else {
        out.push(f(&["gov", "ROOT"]));
    }
    for &c in tree.kids(h) {
        let rel = tree.rel(c);
        let cl = tree.node(c).lemma.to_lowercase();
        match tree.base_rel(c) {
            "obj" | "iobj" | "xcomp" | "ccomp" | "nsubj" | "compound" | "amod" | "nmod" | "obl" | "advmod" => {
                let case = tree.case(c, ctx.tokens).unwrap_or_default();
                match ctx.index.get(c) {
                    Some(m) => out.push(f(&["kidM", rel, &case, ctx.kind(m)])),
                    None => {
                        out.push(f(&["kid", rel, &case, &cl]));
                        out.push(f(&["kid-lem", rel, &cl, &lemma]));
                    }
                }
            }
            "aux" => out.push(f(&["aux", ctx.lower(c)])),
            "mark" => out.push(f(&["mark", ctx.lower(c)])),
            _ => {}
        }
    }
    for d in 1..=2usize {
        out.push(f(&["w-", &d.to_string(), if h >= d { ctx.lower(h - d) } else { "<s>" }]));
        out.push(f(&["w+", &d.to_string(), ctx.lower(t.end - 1 + d)]));
    }
    out.push(f(&["rule-event", if t.rule_event { "y" } else { "n" }, t.category]));
    out.push(f(&["src", if t.has_source { "y" } else { "n" }]));
    out.push(f(&["tgt", if t.has_target { "y" } else { "n" }]));
    out.push(f(&["src-tgt-dcat", if t.has_source { "y" } else { "n" }, if t.has_target { "y" } else { "n" }, t.category]));
    if t.unknown_doer {
        out.push(f(&["unknown-doer"]));
    }
    out.push(f(&["stopic", bucket(ctx.topic.0)]));
    out.push(f(&["dtopic", bucket(ctx.topic.1)]));
    out.push(f(&["stopic-dcat", bucket(ctx.topic.0), t.category]));
    out.push(f(&["dtopic-dcat", bucket(ctx.topic.1), t.category]));
    let quotes_before = ctx.tokens[..h.min(ctx.tokens.len())].iter().filter(|t| t.text == "\"").count();
    if quotes_before % 2 == 1 {
        out.push(f(&["in-quote"]));
    }
    if has_score(ctx.tokens) {
        out.push(f(&["score"]));
    }
    for tok in ctx.tokens {
        if is_content(&tok.lower) {
            out.push(f(&["s", &tok.lower]));
        }
    }
    out
}

/// Features of an actor mention: is it an actor at all ("Most doctors", "Time and discipline").
pub fn mention(ctx: &Ctx, m: usize) -> Vec<u64> {
    let mm = &ctx.mentions[m];
    let h = ctx.mention_head(m);
    let node = ctx.tree.node(h);
    let text: Vec<&str> = (mm.start..mm.end).map(|i| ctx.lower(i)).collect();
    let first = &ctx.tokens[mm.start].text;
    let cap = if first.chars().all(|c| !c.is_lowercase()) && first.chars().count() > 1 {
        "upper"
    } else if first.chars().next().is_some_and(char::is_uppercase) {
        "cap"
    } else {
        "lower"
    };
    let mut out = vec![
        f(&["text", &text.join(" ")]),
        f(&["cap", cap]),
        f(&["kind", ctx.kind(m)]),
        f(&["ntok", distance(mm.end - mm.start)]),
        f(&["upos", node.upos]),
        f(&["rel", ctx.tree.rel(h)]),
        f(&["next", ctx.lower(mm.end)]),
        f(&["prev", if mm.start > 0 { ctx.lower(mm.start - 1) } else { "<s>" }]),
        f(&["initial", if mm.start == 0 { "y" } else { "n" }]),
        f(&["cap-initial", cap, if mm.start == 0 { "y" } else { "n" }]),
        f(&["stopic", bucket(ctx.topic.0)]),
        f(&["dtopic", bucket(ctx.topic.1)]),
    ];
    if let Some(nt) = ctx.tokens.get(mm.end) {
        if mm.end < ctx.tree.len() {
            out.push(f(&["next-upos", ctx.tree.node(mm.end).upos]));
        }
        out.push(f(&["next-cap", if nt.text.chars().next().is_some_and(char::is_uppercase) { "y" } else { "n" }]));
    }
    if mm.start > 0 {
        let pt = &ctx.tokens[mm.start - 1].text;
        out.push(f(&["prev-cap", if pt.chars().next().is_some_and(char::is_uppercase) { "y" } else { "n" }]));
    }
    out
}

/// Features of mention `m` as a participant of the trigger headed at `t.head`.
pub fn role(ctx: &Ctx, t: &TriggerInfo, m: usize, rule: RuleRole) -> Vec<u64> {
    let mm = &ctx.mentions[m];
    let mh = ctx.mention_head(m);
    let path = ctx.path(t.head, mh);
    let lemma = ctx.tree.node(t.head).lemma.to_lowercase();
    let before = mm.end <= t.start;
    let dist = if before { t.start - mm.end } else { mm.start.saturating_sub(t.end) };
    let side = if before { "before" } else if mm.start >= t.end { "after" } else { "inside" };
    let (lo, hi) = if before { (mm.end, t.start) } else { (t.end, mm.start) };
    let between = ctx.mentions.iter().filter(|o| o.start >= lo && o.end <= hi && o.is_coded()).count();
    let comma = (lo..hi.min(ctx.tokens.len())).any(|i| matches!(ctx.tokens[i].text.as_str(), "," | ";" | ":"));
    let passive = ctx.tree.is_passive(t.head);
    let kind = ctx.kind(m);
    let mut out = vec![
        f(&["rule", rule.as_str()]),
        f(&["rule-dcat", rule.as_str(), t.category]),
        f(&["rule-path", rule.as_str(), &path]),
        f(&["path", &path]),
        f(&["path-dcat", &path, t.category]),
        f(&["path-lem", &path, &lemma]),
        f(&["path-pass", &path, if passive { "p" } else { "a" }]),
        f(&["side", side]),
        f(&["side-dist", side, distance(dist)]),
        f(&["side-pass", side, if passive { "p" } else { "a" }]),
        f(&["side-dcat", side, t.category]),
        f(&["between", distance(between)]),
        f(&["comma", if comma { "y" } else { "n" }]),
        f(&["kind", kind]),
        f(&["kind-side", kind, side]),
        f(&["mrel", ctx.tree.rel(mh)]),
        f(&["mrel-side", ctx.tree.rel(mh), side]),
        f(&["nominal", if ctx.tree.is_verbal(t.head) { "v" } else { "n" }]),
    ];
    if let Some(c) = ctx.tree.case(mh, ctx.tokens) {
        out.push(f(&["mcase", &c]));
        out.push(f(&["mcase-dcat", &c, t.category]));
        out.push(f(&["mcase-lem", &c, &lemma]));
    }
    if mm.end < ctx.tokens.len() && matches!(ctx.tokens[mm.end].lower.as_str(), "'s" | "'") {
        out.push(f(&["possessive"]));
    }
    if let Some(a) = mm.actors.iter().find(|a| !a.code.is_empty()) {
        if let Some(s) = &a.sector {
            out.push(f(&["sector", s]));
        }
    }
    out
}
