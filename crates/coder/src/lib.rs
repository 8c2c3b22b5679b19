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

mod features;
mod inflect;
mod model;
mod patterns;
mod roles;
mod tree;

use tree::Frame;

pub use features::{topic as topic_features, RuleRole};
pub use model::{EventModel, ACTORS, CATEGORIES, ROLES, TOPICS};
pub use patterns::{CameoEntry, Patterns, Trigger};

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
    /// P(politics) of the sentence and of its document (0.5 each when unknown).
    pub topic: (f32, f32),
    /// The sentence's parse, shared with the other stages (parsed here only if needed).
    pub parse: &'a statecraft_syntax::LazyParse,
}

/// A coded event with the tokens of its trigger in the sentence.
#[derive(Debug, Clone)]
pub struct CodedEvent {
    pub event: Event,
    pub trigger: std::ops::Range<usize>,
}

/// The event coder: patterns, the CAMEO table and, when one is loaded, the trained model.
pub struct Coder {
    patterns: Patterns,
    model: Option<&'static EventModel>,
}

/// A candidate trigger of a sentence, with what the dictionaries and the rules read off the
/// parse say of it, and (when features were asked for) what the model will read.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub start: usize,
    pub end: usize,
    /// The trigger's head word.
    pub head: usize,
    /// `CAMEO:pattern` of the dictionary pattern; empty for a verb proposed by the parse alone.
    pub pattern: String,
    /// The CAMEO code after the rules' reading of intention and refusal, its PLOVER category
    /// and polarity (empty code and category without a dictionary pattern).
    pub code: String,
    pub category: String,
    pub polarity: Polarity,
    pub modality: Modality,
    /// Who the rules read as source and target (possibly empty).
    pub sources: Vec<Actor>,
    pub targets: Vec<Actor>,
    pub reciprocal: bool,
    pub unknown_doer: bool,
    /// The rules would code this candidate (it has a dictionary pattern and a source).
    pub rule_event: bool,
    pub features: Vec<u64>,
    pub roles: Vec<RoleCandidate>,
}

/// A coded mention as a possible participant of a candidate.
#[derive(Debug, Clone)]
pub struct RoleCandidate {
    /// Index into the sentence's mentions.
    pub mention: usize,
    pub rule: RuleRole,
    pub features: Vec<u64>,
}

/// A sentence's candidates, and the features of its coded mentions (for the actor model).
#[derive(Debug, Clone, Default)]
pub struct SentenceAnalysis {
    pub candidates: Vec<Candidate>,
    pub mentions: Vec<(usize, Vec<u64>)>,
}

/// What the model decided for one candidate.
#[derive(Debug, Clone)]
pub struct Decision {
    pub candidate: usize,
    pub category: String,
    pub code: String,
    pub polarity: Polarity,
    /// Mention indices; an empty `sources` with `unknown_source` is violence by an unknown hand.
    pub sources: Vec<usize>,
    pub targets: Vec<usize>,
    pub unknown_source: bool,
    pub reciprocal: bool,
    /// The rules' reading stands (their category and their frame's actors); the model only
    /// scored it.
    pub from_rules: bool,
    /// Calibrated probability that the event is right.
    pub confidence: f32,
}

/// A candidate the rules do not code (a verb the parse proposed, or a trigger whose frame the
/// rules could not fill) becomes an event only when the model gives its category at least this:
/// lower, on real news, it added more wrong events than right ones.
const MODEL_ONLY_P: f32 = 0.7;
/// ... and a calibrated confidence at least this.
const MODEL_ONLY_CONFIDENCE: f32 = 0.3;


/// Verbs that report or link rather than act: never proposed as triggers by the parse alone.
const NOT_ACTS: &[&str] = &[
    "be", "have", "do", "say", "tell", "add", "note", "report", "state", "claim", "believe", "think", "know", "seem",
    "appear", "become", "remain", "get", "make", "take", "go", "come", "include", "involve", "want", "need", "expect",
    "hope", "see", "look", "let", "use", "write", "speak", "ask", "call",
];

impl Coder {
    /// The shipped dictionaries and the shipped event model (if the build has one).
    pub fn builtin() -> Coder {
        let mut p = Patterns::default();
        for (name, text) in DEFAULT_FILES {
            p.add_file(name, text).unwrap_or_else(|e| panic!("shipped event dictionary is invalid: {e}"));
        }
        Coder { patterns: p, model: EventModel::shipped() }
    }

    /// Code with this model instead of the shipped one (`None`: dictionaries and rules only).
    pub fn with_model(mut self, model: Option<&'static EventModel>) -> Coder {
        self.model = model;
        self
    }

    pub fn model(&self) -> Option<&'static EventModel> {
        self.model
    }

    /// Add a user dictionary file (CAMEO rows or `@CODE` pattern blocks).
    pub fn add_file(&mut self, name: &str, text: &str) -> Result<(), String> {
        self.patterns.add_file(name, text)
    }

    pub fn patterns(&self) -> &Patterns {
        &self.patterns
    }

    /// P(politics) of a sentence, when a model is loaded.
    pub fn politics(&self, tokens: &[Token]) -> Option<f32> {
        self.model.map(|m| m.politics(&features::topic(tokens)))
    }

    /// Code one sentence: find candidate triggers, parse the sentence, read each candidate's
    /// frame off the parse, then let the model decide (or, without a model, the rules).
    pub fn code(&self, s: &SentenceInput) -> Vec<CodedEvent> {
        let analysis = self.analyse(s, self.model.is_some());
        let mut out: Vec<CodedEvent> = Vec::new();
        match self.model {
            Some(model) => {
                for d in self.decide(&analysis, model) {
                    let c = &analysis.candidates[d.candidate];
                    if d.from_rules {
                        let mut sources = c.sources.clone();
                        if sources.is_empty() && c.unknown_doer {
                            let at = s.span[0] + s.tokens[c.start].start;
                            sources = vec![Actor { start: at, end: at, ..Actor::default() }];
                        }
                        let frame = Frame { sources, targets: c.targets.clone(), modality: c.modality, reciprocal: c.reciprocal, nominal: false, unknown_doer: c.unknown_doer };
                        self.push_events(s, &mut out, &frame, &c.code, c.polarity, c, &c.pattern, Some(d.confidence));
                        continue;
                    }
                    let actors = |ms: &[usize]| ms.iter().flat_map(|&m| s.mentions[m].actors.iter().filter(|a| !a.code.is_empty()).cloned()).collect::<Vec<Actor>>();
                    let mut sources = actors(&d.sources);
                    if d.unknown_source {
                        let at = s.span[0] + s.tokens[c.start].start;
                        sources = vec![Actor { start: at, end: at, ..Actor::default() }];
                    }
                    // a side does not act on itself ("Trump ... US foes")
                    let targets: Vec<Actor> = actors(&d.targets).into_iter().filter(|t| !sources.iter().any(|s| s.code == t.code)).collect();
                    let frame = Frame { sources, targets, modality: c.modality, reciprocal: d.reciprocal, nominal: false, unknown_doer: d.unknown_source };
                    let pattern = if c.pattern.is_empty() { format!("{}:(model)", d.code) } else { c.pattern.clone() };
                    self.push_events(s, &mut out, &frame, &d.code, d.polarity, c, &pattern, Some(d.confidence));
                }
            }
            None => {
                for c in analysis.candidates.iter().filter(|c| c.rule_event) {
                    let mut sources = c.sources.clone();
                    if sources.is_empty() && c.unknown_doer {
                        let at = s.span[0] + s.tokens[c.start].start;
                        sources = vec![Actor { start: at, end: at, ..Actor::default() }];
                    }
                    let frame = Frame { sources, targets: c.targets.clone(), modality: c.modality, reciprocal: c.reciprocal, nominal: false, unknown_doer: c.unknown_doer };
                    self.push_events(s, &mut out, &frame, &c.code, c.polarity, c, &c.pattern, None);
                }
            }
        }
        // A targetless event adds nothing when the same side acts on a target in the sentence.
        let with_target: Vec<String> = out.iter().filter(|c| c.event.target.is_some()).map(|c| c.event.source.code.clone()).collect();
        out.retain(|c| c.event.target.is_some() || !with_target.contains(&c.event.source.code));
        out
    }

    /// The candidates of a sentence and what the rules read of each; with `features`, also what
    /// the model reads.
    pub fn analyse(&self, s: &SentenceInput, with_features: bool) -> SentenceAnalysis {
        let mut triggers = self.patterns.find(s.tokens);
        let obligation_cue = s.tokens.iter().any(|t| matches!(t.lower.as_str(), "must" | "should"));
        if !s.mentions.iter().any(|m| m.is_coded()) || (triggers.is_empty() && !obligation_cue && !with_features) {
            return SentenceAnalysis::default();
        }
        let words: Vec<&str> = s.tokens.iter().map(|t| t.text.as_str()).collect();
        let parsed = s.parse.get(&words);
        let tree = tree::Tree::new(parsed.iter().map(tree::Node::from).collect());
        let index = tree::MentionIndex::new(s.tokens.len(), s.mentions);
        // the rules read their own triggers as they would without the model: the parse's extra
        // candidates do not make a dictionary trigger subordinate
        let mut subordinate = tree::subordinate(&tree, s.tokens, &triggers);
        if with_features {
            let dictionary_triggers = triggers.len();
            triggers.extend(parse_candidates(&tree, s.tokens, &index, &triggers));
            let all = tree::subordinate(&tree, s.tokens, &triggers);
            subordinate.extend_from_slice(&all[dictionary_triggers..]);
            let mut order: Vec<usize> = (0..triggers.len()).collect();
            order.sort_by_key(|&k| triggers[k].start);
            triggers = order.iter().map(|&k| triggers[k].clone()).collect();
            subordinate = order.iter().map(|&k| subordinate[k]).collect();
        }
        let ctx = features::Ctx { tokens: s.tokens, tree: &tree, mentions: s.mentions, index: &index, topic: s.topic };

        let mut out = SentenceAnalysis::default();
        for (trig, _) in triggers.iter().zip(&subordinate).filter(|(_, sub)| !**sub) {
            let Some(mut frame) = tree::assign(s.tokens, s.mentions, &index, &tree, trig) else { continue };
            let head = tree.span_head(trig.start, trig.end);
            let mut rule_event = !trig.cameo.is_empty();
            // violence by an unknown hand is coded with an unknown source (empty code), as the
            // PLOVER and GDELT data do; other acts need a known doer
            let root = trig.cameo.get(..2).unwrap_or("");
            let unknown_doer = frame.sources.is_empty() && frame.unknown_doer && !frame.targets.is_empty() && matches!(root, "17" | "18" | "19" | "20");
            if frame.sources.is_empty() && frame.unknown_doer && !unknown_doer {
                rule_event = false;
            }
            // an event noun without an agent of its own deep in the sentence ("refugees
            // fleeing the war in Liberia") does not borrow one from the clause around it
            let deep_noun = frame.sources.is_empty() && frame.nominal && !tree::in_main_clause(&tree, s.tokens, head);
            if deep_noun {
                rule_event = false;
            }
            // a role the parse leaves without an actor is read off the clause's shape
            if !deep_noun && !frame.unknown_doer && (frame.sources.is_empty() || frame.targets.is_empty()) {
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
            if frame.sources.is_empty() && !unknown_doer {
                rule_event = false;
            }
            let (code, polarity) = if trig.cameo.is_empty() { (String::new(), Polarity::Asserted) } else { adjust_code(&self.patterns, &trig.cameo, frame.modality) };
            let category = self.patterns.cameo(&code).map(|e| e.plover.clone()).unwrap_or_default();
            let pattern = if trig.cameo.is_empty() { String::new() } else { format!("{}:{}", trig.cameo, trig.pattern) };
            out.candidates.push(Candidate {
                start: trig.start,
                end: trig.end,
                head,
                pattern,
                code,
                category,
                polarity,
                modality: frame.modality,
                sources: frame.sources,
                targets: frame.targets,
                reciprocal: frame.reciprocal,
                unknown_doer,
                rule_event,
                features: Vec::new(),
                roles: Vec::new(),
            });
        }
        // "X said Y must withdraw": X demands of Y
        for (speaker, obliged) in tree::obligations(&tree, s.tokens) {
            let sources = tree::phrase_actors(&tree, s.tokens, s.mentions, &index, speaker);
            let targets = tree::phrase_actors(&tree, s.tokens, s.mentions, &index, obliged);
            if sources.is_empty() || targets.is_empty() {
                continue;
            }
            let head = tree.head(obliged).unwrap_or(obliged);
            out.candidates.push(Candidate {
                start: obliged,
                end: obliged + 1,
                head,
                pattern: "100:said * must".into(),
                code: "100".into(),
                category: self.patterns.cameo("100").map(|e| e.plover.clone()).unwrap_or_default(),
                polarity: Polarity::Asserted,
                modality: Modality::Asserted,
                sources,
                targets,
                reciprocal: false,
                unknown_doer: false,
                rule_event: true,
                features: Vec::new(),
                roles: Vec::new(),
            });
        }
        if with_features {
            let coded: Vec<usize> = (0..s.mentions.len()).filter(|&m| s.mentions[m].is_coded()).collect();
            out.mentions = coded.iter().map(|&m| (m, features::mention(&ctx, m))).collect();
            for c in &mut out.candidates {
                let info = features::TriggerInfo {
                    start: c.start,
                    end: c.end,
                    head: c.head,
                    pattern: &c.pattern,
                    cameo: &c.code,
                    category: &c.category,
                    modality: c.modality.as_str(),
                    rule_event: c.rule_event,
                    has_source: !c.sources.is_empty(),
                    has_target: !c.targets.is_empty(),
                    unknown_doer: c.unknown_doer,
                };
                c.features = features::trigger(&ctx, &info);
                c.roles = coded
                    .iter()
                    .filter(|&&m| !(s.mentions[m].start <= c.head && c.head < s.mentions[m].end))
                    .map(|&m| {
                        let rule = rule_role(&s.mentions[m], &c.sources, &c.targets);
                        RoleCandidate { mention: m, rule, features: features::role(&ctx, &info, m, rule) }
                    })
                    .collect();
            }
        }
        out
    }

    /// The model's decisions on a sentence's candidates (features must have been computed).
    pub fn decide(&self, a: &SentenceAnalysis, model: &EventModel) -> Vec<Decision> {
        let actor_p: Vec<(usize, f32)> = a.mentions.iter().map(|(m, f)| (*m, model.actor.proba(f)[1])).collect();
        let is_actor = |m: usize| actor_p.iter().find(|(k, _)| *k == m).is_none_or(|(_, p)| *p >= 0.5);
        let mut out = Vec::new();
        for (ci, c) in a.candidates.iter().enumerate() {
            // the most probable category other than "no event": whether to report it is the
            // confidence threshold's decision, not the argmax's
            let p = model.trigger.proba(&c.features);
            let (k, p_cat) = p.iter().copied().enumerate().skip(1).fold((0, f32::MIN), |a, b| if b.1 > a.1 { b } else { a });
            // the dictionaries and the parse propose, the model scores: a rules' event keeps its
            // reading (a model that overruled the category lost more than it gained on PLOVER
            // and real news), and its confidence is the model's belief that it is an event
            let rule_k = CATEGORIES.iter().position(|x| *x == c.category).unwrap_or(0);
            if c.rule_event && rule_k > 0 {
                let held = |role: RuleRole| c.roles.iter().filter(|r| r.rule == role).map(|r| r.mention).collect::<Vec<usize>>();
                let sources = held(RuleRole::Source);
                let actor_ok = sources.iter().map(|&m| actor_p.iter().find(|(k, _)| *k == m).map_or(1.0, |(_, p)| *p)).fold(1.0f32, f32::min);
                let raw = (1.0 - p[0]).max(p[rule_k]) * actor_ok;
                out.push(Decision {
                    candidate: ci,
                    category: c.category.clone(),
                    code: c.code.clone(),
                    polarity: c.polarity,
                    sources,
                    targets: held(RuleRole::Target),
                    unknown_source: c.unknown_doer && c.sources.is_empty(),
                    reciprocal: c.reciprocal,
                    from_rules: true,
                    confidence: model.confidence.apply(raw),
                });
                continue;
            }
            if p_cat < MODEL_ONLY_P {
                continue;
            }
            let category = CATEGORIES[k];
            let (code, polarity) = if category == c.category {
                (c.code.clone(), c.polarity)
            } else {
                let base = self.default_code(category);
                (base.to_string(), polarity_for(category, c.modality))
            };
            let scored: Vec<(usize, f32, f32)> = c.roles.iter().filter(|r| is_actor(r.mention)).map(|r| {
                let q = model.role.proba(&r.features);
                (r.mention, q[1], q[2])
            }).collect();
            let mut sources: Vec<usize> = scored.iter().filter(|r| r.1 >= 0.5).map(|r| r.0).collect();
            let best_src = scored.iter().copied().fold(None::<(usize, f32, f32)>, |b, r| if b.is_none_or(|b| r.1 > b.1) { Some(r) } else { b });
            let mut p_src = sources.iter().map(|&m| scored.iter().find(|r| r.0 == m).map_or(0.0, |r| r.1)).fold(0.0f32, f32::max);
            if sources.is_empty() {
                if let Some(b) = best_src.filter(|b| b.1 >= 0.3) {
                    sources.push(b.0);
                    p_src = b.1;
                }
            }
            let targets: Vec<usize> = scored.iter().filter(|r| r.2 >= 0.5 && !sources.contains(&r.0)).map(|r| r.0).collect();
            let p_tgt_best = scored.iter().filter(|r| !sources.contains(&r.0)).map(|r| r.2).fold(0.0f32, f32::max);
            let p_tgt = if targets.is_empty() { 1.0 - p_tgt_best } else { p_tgt_best };
            let unknown_source = sources.is_empty() && c.unknown_doer && matches!(category, "ASSAULT" | "COERCE") && !targets.is_empty();
            if sources.is_empty() && !unknown_source {
                continue;
            }
            let raw = p_cat * if unknown_source { 0.5 } else { p_src } * p_tgt;
            out.push(Decision {
                candidate: ci,
                category: category.to_string(),
                code,
                polarity,
                sources,
                targets,
                unknown_source,
                reciprocal: c.reciprocal,
                from_rules: false,
                confidence: model.confidence.apply(raw),
            });
        }
        // the model's own events only add what the rules did not find: not a second reading of
        // an event the rules coded ("sent" beside "humanitarian aid to")
        let ruled: Vec<String> = out.iter().filter(|d| d.from_rules).map(|d| d.category.clone()).collect();
        out.retain(|d| d.from_rules || (d.confidence >= MODEL_ONLY_CONFIDENCE && !ruled.contains(&d.category)));
        out
    }

    /// The most general CAMEO code of a PLOVER category in the table (its lowest code).
    fn default_code(&self, category: &str) -> &str {
        const PREFERRED: &[(&str, &str)] = &[
            ("AGREE", "030"), ("CONSULT", "040"), ("SUPPORT", "051"), ("COOPERATE", "060"), ("AID", "070"), ("CONCEDE", "080"),
            ("RETREAT", "0870"), ("ACCUSE", "112"), ("REQUEST", "020"), ("REJECT", "120"), ("THREATEN", "130"), ("PROTEST", "140"),
            ("MOBILIZE", "150"), ("SANCTION", "160"), ("COERCE", "170"), ("ASSAULT", "190"),
        ];
        PREFERRED
            .iter()
            .find(|(c, code)| *c == category && self.patterns.cameo(code).is_some_and(|e| e.plover == category))
            .map(|(_, code)| *code)
            .or_else(|| self.patterns.first_code_of(category))
            .unwrap_or("")
    }

    /// The events of one frame: each source on each target, or each side of a reciprocal
    /// compound on the other ("the United States and Jordan agreed").
    #[allow(clippy::too_many_arguments)]
    fn push_events(&self, s: &SentenceInput, out: &mut Vec<CodedEvent>, frame: &Frame, code: &str, polarity: Polarity, c: &Candidate, pattern: &str, confidence: Option<f32>) {
        let Some(entry) = self.patterns.cameo(code) else { return };
        let trigger = statecraft_actors::tokens_text(s.tokens, c.start, c.end);
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
            trigger: trigger.clone(),
            pattern: pattern.to_string(),
            location: None,
            date_precision: statecraft_model::DatePrecision::Unknown,
            publication_date: s.date.clone(),
            confidence,
        };
        // one event per source and target code within a frame ("Moscow's ... its war" is one war)
        let first = out.len();
        let span = c.start..c.end;
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

/// Verbs the parse proposes as candidates although no pattern names them: a verb acting on or
/// done by a coded actor. The model decides whether they are events.
fn parse_candidates(t: &tree::Tree, tokens: &[Token], index: &tree::MentionIndex, found: &[Trigger]) -> Vec<Trigger> {
    let mut out = Vec::new();
    for v in 0..t.len() {
        let n = t.node(v);
        if n.upos != "VERB" || found.iter().any(|g| g.start <= v && v < g.end) || NOT_ACTS.contains(&n.lemma.to_lowercase().as_str()) {
            continue;
        }
        let acts_on_actor = t.kids(v).iter().any(|&c| {
            matches!(t.base_rel(c), "nsubj" | "obj" | "iobj" | "obl") && (index.get(c).is_some() || t.kids(c).iter().any(|&g| matches!(t.rel(g), "nmod:poss" | "amod" | "compound") && index.get(g).is_some()))
        });
        if acts_on_actor {
            out.push(Trigger { start: v, end: v + 1, cameo: String::new(), pattern: String::new(), nominal: false });
        }
    }
    let _ = tokens;
    out
}

/// The rules' role of a mention: it holds one of their sources or targets.
fn rule_role(m: &Mention, sources: &[Actor], targets: &[Actor]) -> RuleRole {
    let holds = |list: &[Actor]| m.actors.iter().any(|a| !a.code.is_empty() && list.iter().any(|b| b.start == a.start && b.end == a.end && b.code == a.code));
    if holds(sources) {
        RuleRole::Source
    } else if holds(targets) {
        RuleRole::Target
    } else {
        RuleRole::None
    }
}

/// Polarity of an event whose category the model chose over the dictionary's.
fn polarity_for(category: &str, m: Modality) -> Polarity {
    match (category, m) {
        ("THREATEN", _) => Polarity::Threatened,
        (_, Modality::Negated) => Polarity::Negated,
        (_, Modality::Speculative) | (_, Modality::Intended { conditional: true }) => Polarity::Hypothetical,
        ("AGREE", Modality::Intended { .. }) => Polarity::Proposed,
        _ => Polarity::Asserted,
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

impl Modality {
    pub fn as_str(self) -> &'static str {
        match self {
            Modality::Asserted => "asserted",
            Modality::Negated => "negated",
            Modality::Speculative => "speculative",
            Modality::Intended { conditional: false } => "intended",
            Modality::Intended { conditional: true } => "intended-if",
            Modality::Refused => "refused",
        }
    }
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
