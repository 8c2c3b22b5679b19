//! Training and cross-validating the event model on the labelled corpus
//! (`data/events-corpus`, see its PROTOCOL.md).
//!
//! Each record runs through the same stages as a document up to coding (split, tokenise,
//! actors, coreference, place actors, topic), then the coder lists its candidate triggers with
//! the rules' reading and the model's features. Gold events are aligned to candidates by their
//! trigger's characters, and to mentions by their source and target strings; that gives the
//! examples of the four classifiers. Cross-validation trains on all folds but one and decodes
//! the held-out one with [`Coder::decide`], the function coding uses, so its figures are what
//! the model does on text it has not seen (of the corpus's kind), and its held-out decisions
//! calibrate the confidence.

use chrono::NaiveDate;
use statecraft_actors::Mention;
use statecraft_coder::{Candidate, Coder, Decision, EventModel, SentenceAnalysis, SentenceInput, ACTORS, CATEGORIES, ROLES, TOPICS};
use statecraft_learn::{fold_of, train, Calibration, Config, Example, Model};
use statecraft_syntax::LazyParse;
use statecraft_time::Resolver;
use statecraft_text::{split_sentences, tokenize, Token};

use crate::{speakers_in_their_quotes, Pipeline};

/// One gold event of a corpus record.
#[derive(Debug, Clone, Default)]
pub struct CorpusEvent {
    pub source: String,
    pub source_code: String,
    pub target: String,
    pub target_code: String,
    pub trigger: String,
    pub category: String,
    pub polarity: String,
}

/// One corpus record.
#[derive(Debug, Clone, Default)]
pub struct CorpusRecord {
    pub id: String,
    pub text: String,
    pub date: Option<NaiveDate>,
    pub topic: String,
    pub negative: Option<String>,
    pub events: Vec<CorpusEvent>,
}

/// Negative kinds whose recognised mentions are not actors in any political sense.
const NOT_ACTOR_KINDS: &[&str] = &["name-word", "sports", "entertainment", "science", "weather", "technology", "health"];

/// A record after the stages up to coding.
struct Prepared {
    group: u64,
    sentences: Vec<PreparedSentence>,
    /// Gold events with their character spans in the record text.
    gold: Vec<GoldSpans>,
    topic_label: bool,
    not_actors: bool,
}

struct PreparedSentence {
    start: usize,
    end: usize,
    text: String,
    tokens: Vec<Token>,
    mentions: Vec<Mention>,
    parse: LazyParse,
    topic_features: Vec<u64>,
}

#[derive(Clone)]
struct GoldSpans {
    event: CorpusEvent,
    trigger: Option<(usize, usize)>,
    source: Option<(usize, usize)>,
    target: Option<(usize, usize)>,
}

/// A sentence's candidates with their labels.
struct Labelled {
    group: u64,
    analysis: SentenceAnalysis,
    /// Class index (into CATEGORIES) of each candidate.
    trigger: Vec<usize>,
    /// Class index (into ROLES) of each role candidate of each candidate.
    roles: Vec<Vec<usize>>,
    /// Class index (into ACTORS) of each coded mention, where known.
    actors: Vec<Option<usize>>,
    /// The gold events of the sentence (category, source country, target country).
    gold: Vec<(String, String, String)>,
    /// Gold events of the sentence no candidate's trigger overlaps.
    unproposed: usize,
    mention_codes: Vec<Vec<String>>,
    text: String,
    words: Vec<String>,
    /// Gold triggers no candidate overlaps, for the misses report.
    unproposed_triggers: Vec<String>,
}

/// Figures of a cross-validation.
#[derive(Debug, Clone, Default)]
pub struct CvFigures {
    pub folds: usize,
    pub records: usize,
    pub sentences: usize,
    pub gold_events: usize,
    pub proposed: usize,
    pub coded: usize,
    pub category_right: usize,
    pub triple_right: usize,
    pub gold_found_category: usize,
    pub gold_found_triple: usize,
    /// Topic model accuracy on held-out records.
    pub topic_accuracy: f64,
    /// (confidence bin start, events, right) for a reliability table, at threshold 0.
    pub reliability: Vec<(f32, usize, usize)>,
    /// Per category: (gold, found, coded, right).
    pub by_category: Vec<(String, usize, usize, usize, usize)>,
    /// The threshold chosen and the figures at it.
    pub threshold: f32,
    pub at_threshold: (usize, usize, usize),
    /// One line per held-out mistake: `unproposed`, `missed` (a candidate the model dropped or
    /// coded otherwise), `wrong` (coded, not in the gold) and `actors` (category right, actors
    /// not), with the sentence.
    pub mistakes: Vec<String>,
}

fn group_of(id: &str) -> u64 {
    statecraft_learn::feature(id)
}

fn find_span(text: &str, needle: &str) -> Option<(usize, usize)> {
    if needle.is_empty() {
        return None;
    }
    text.find(needle).map(|i| (i, i + needle.len()))
}

fn overlaps(a: (usize, usize), b: (usize, usize)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

fn country(code: &str) -> String {
    code.trim().chars().take(3).collect::<String>().to_uppercase()
}

impl Pipeline {
    fn prepare(&self, r: &CorpusRecord) -> Prepared {
        let sentences = split_sentences(&r.text);
        let tokens: Vec<Vec<Token>> = sentences.iter().map(|s| tokenize(&s.text)).collect();
        let mut mentions = self.read_actors(&sentences, &tokens, r.date).mentions;
        let mut resolver = Resolver::new(r.date);
        let times: Vec<_> = tokens.iter().map(|t| resolver.sentence(t)).collect();
        let parses: Vec<LazyParse> = sentences.iter().map(|_| LazyParse::new()).collect();
        let quotes = statecraft_quotes::find_quotes(&statecraft_quotes::QuoteInput {
            doc_id: &r.id,
            text: &r.text,
            sentences: &sentences,
            tokens: &tokens,
            mentions: &mentions,
            times: &times,
            publication: r.date,
            parses: &parses,
        });
        speakers_in_their_quotes(&mut mentions, &quotes, &sentences, &tokens);
        let gold = r
            .events
            .iter()
            .map(|e| GoldSpans { event: e.clone(), trigger: find_span(&r.text, &e.trigger), source: find_span(&r.text, &e.source), target: find_span(&r.text, &e.target) })
            .collect();
        Prepared {
            group: group_of(&r.id),
            sentences: sentences
                .iter()
                .zip(tokens)
                .zip(mentions)
                .zip(parses)
                .map(|(((s, t), m), parse)| PreparedSentence {
                    start: s.start,
                    end: s.end,
                    text: s.text.clone(),
                    topic_features: statecraft_coder::topic_features(&t),
                    tokens: t,
                    mentions: m,
                    parse,
                })
                .collect(),
            gold,
            topic_label: r.topic == "politics",
            not_actors: r.negative.as_deref().is_some_and(|k| NOT_ACTOR_KINDS.contains(&k)),
        }
    }

    /// Candidates and labels of every sentence, with the given topic probabilities.
    fn label(&self, coder: &Coder, p: &Prepared, topics: &[f32]) -> Vec<Labelled> {
        let doc_topic = if topics.is_empty() { 0.5 } else { topics.iter().sum::<f32>() / topics.len() as f32 };
        let mut out = Vec::new();
        for (i, s) in p.sentences.iter().enumerate() {
            let input = SentenceInput {
                doc_id: "corpus",
                index: i,
                span: [s.start, s.end],
                text: &s.text,
                tokens: &s.tokens,
                mentions: &s.mentions,
                date: None,
                topic: (topics.get(i).copied().unwrap_or(0.5), doc_topic),
                parse: &s.parse,
            };
            let analysis = coder.analyse(&input, true);
            let tok_span = |a: usize, b: usize| (s.start + s.tokens[a].start, s.start + s.tokens[b - 1].end);
            let in_sentence = |g: &GoldSpans| g.trigger.is_some_and(|t| t.0 >= s.start && t.0 < s.end);
            let gold: Vec<&GoldSpans> = p.gold.iter().filter(|g| in_sentence(g)).collect();
            let matched = |c: &Candidate| -> Vec<&GoldSpans> { gold.iter().copied().filter(|g| g.trigger.is_some_and(|t| overlaps(t, tok_span(c.start, c.end)))).collect() };
            let mut trigger = Vec::new();
            let mut roles = Vec::new();
            for c in &analysis.candidates {
                let m = matched(c);
                let class = m.first().and_then(|g| CATEGORIES.iter().position(|&k| k == g.event.category)).unwrap_or(0);
                trigger.push(class);
                roles.push(
                    c.roles
                        .iter()
                        .map(|r| {
                            let mm = &s.mentions[r.mention];
                            let span = tok_span(mm.start, mm.end);
                            if m.iter().any(|g| g.source.is_some_and(|x| overlaps(x, span))) {
                                1
                            } else if m.iter().any(|g| g.target.is_some_and(|x| overlaps(x, span))) {
                                2
                            } else {
                                0
                            }
                        })
                        .collect(),
                );
            }
            let actors = analysis
                .mentions
                .iter()
                .map(|(m, _)| {
                    let mm = &s.mentions[*m];
                    let span = tok_span(mm.start, mm.end);
                    if p.gold.iter().any(|g| g.source.is_some_and(|x| overlaps(x, span)) || g.target.is_some_and(|x| overlaps(x, span))) {
                        Some(1)
                    } else if p.not_actors {
                        Some(0)
                    } else {
                        None
                    }
                })
                .collect();
            let unproposed_gold: Vec<&&GoldSpans> = gold.iter().filter(|g| !analysis.candidates.iter().any(|c| g.trigger.is_some_and(|t| overlaps(t, tok_span(c.start, c.end))))).collect();
            let unproposed = unproposed_gold.len();
            let unproposed_triggers = unproposed_gold.iter().map(|g| format!("{} {:?}", g.event.category, g.event.trigger)).collect();
            let mention_codes = s.mentions.iter().map(|m| m.actors.iter().filter(|a| !a.code.is_empty()).map(|a| a.code.clone()).collect()).collect();
            out.push(Labelled {
                group: p.group,
                trigger,
                roles,
                actors,
                gold: gold.iter().map(|g| (g.event.category.clone(), country(&g.event.source_code), country(&g.event.target_code))).collect(),
                unproposed,
                mention_codes,
                analysis,
                text: s.text.clone(),
                words: s.tokens.iter().map(|t| t.text.clone()).collect(),
                unproposed_triggers,
            });
        }
        out
    }
}

/// Training settings of the four models.
pub fn configs() -> [(&'static str, Config); 4] {
    [
        ("topic", Config { epochs: 8, rate: 0.1, l2: 1e-5, min_count: 2, seed: 11 }),
        ("trigger", Config { epochs: 15, rate: 0.1, l2: 1e-5, min_count: 2, seed: 12 }),
        ("role", Config { epochs: 15, rate: 0.1, l2: 1e-5, min_count: 2, seed: 13 }),
        ("actor", Config { epochs: 10, rate: 0.1, l2: 1e-5, min_count: 2, seed: 14 }),
    ]
}

fn classes(c: &[&str]) -> Vec<String> {
    c.iter().map(|s| s.to_string()).collect()
}

fn topic_examples(prepared: &[Prepared], keep: &dyn Fn(u64) -> bool) -> Vec<Example> {
    prepared
        .iter()
        .filter(|p| keep(p.group))
        .flat_map(|p| p.sentences.iter().map(move |s| Example { features: s.topic_features.clone(), class: usize::from(p.topic_label), group: p.group }))
        .collect()
}

/// Trigger, role and actor models trained on the labelled sentences `keep` selects.
fn fit(labelled: &[Labelled], keep: &dyn Fn(u64) -> bool) -> (Model, Model, Model) {
    let [_, (_, tc), (_, rc), (_, ac)] = configs();
    let mut trig = Vec::new();
    let mut role = Vec::new();
    let mut actor = Vec::new();
    for l in labelled.iter().filter(|l| keep(l.group)) {
        for (k, c) in l.analysis.candidates.iter().enumerate() {
            trig.push(Example { features: c.features.clone(), class: l.trigger[k], group: l.group });
            if l.trigger[k] != 0 {
                for (j, r) in c.roles.iter().enumerate() {
                    role.push(Example { features: r.features.clone(), class: l.roles[k][j], group: l.group });
                }
            }
        }
        for ((_, f), a) in l.analysis.mentions.iter().zip(&l.actors) {
            if let Some(a) = a {
                actor.push(Example { features: f.clone(), class: *a, group: l.group });
            }
        }
    }
    (train("trigger", &trig, &classes(&CATEGORIES), &tc), train("role", &role, &classes(&ROLES), &rc), train("actor", &actor, &classes(&ACTORS), &ac))
}

/// The (source country, target country) pairs a decision codes ("" for unknown or none).
fn pairs(l: &Labelled, d: &Decision) -> Vec<(String, String)> {
    let codes = |ms: &[usize]| ms.iter().flat_map(|&m| l.mention_codes[m].iter().map(|c| country(c))).collect::<Vec<String>>();
    let sources = if d.unknown_source { vec![String::new()] } else { codes(&d.sources) };
    let mut targets = codes(&d.targets);
    if targets.is_empty() && d.reciprocal && d.sources.len() > 1 {
        // each side of a reciprocal compound acts on the other, as coding prints it
        let per: Vec<Vec<String>> = d.sources.iter().map(|&m| codes(&[m])).collect();
        let mut out = Vec::new();
        for (i, a) in per.iter().enumerate() {
            for (j, b) in per.iter().enumerate() {
                if i != j {
                    out.extend(a.iter().flat_map(|x| b.iter().map(move |y| (x.clone(), y.clone()))));
                }
            }
        }
        return out;
    }
    if targets.is_empty() {
        targets.push(String::new());
    }
    sources.iter().flat_map(|s| targets.iter().map(move |t| (s.clone(), t.clone()))).collect()
}

/// Whether a coded (source, target) of `category` is gold event `g` (either direction for
/// the two-sided categories, as `score_realnews.py` reads them).
fn is_triple(category: &str, pair: &(String, String), g: &(String, String, String)) -> bool {
    let symmetric = matches!(category, "CONSULT" | "AGREE" | "COOPERATE");
    g.0 == category && ((g.1 == pair.0 && g.2 == pair.1) || (symmetric && g.1 == pair.1 && g.2 == pair.0))
}

/// The words of candidate `k`'s trigger.
fn trigger_text(l: &Labelled, k: usize) -> String {
    let c = &l.analysis.candidates[k];
    l.words.get(c.start..c.end).map(|w| w.join(" ")).unwrap_or_default()
}

/// Each coded event of a decision: (category right, triple right, confidence).
fn judge(l: &Labelled, d: &Decision) -> Vec<(bool, bool, f32)> {
    let cat = l.gold.iter().any(|g| g.0 == d.category);
    pairs(l, d).iter().map(|p| (cat, l.gold.iter().any(|g| is_triple(&d.category, p, g)), d.confidence)).collect()
}

impl Pipeline {
    /// Prepare every record (the slow part: actors and parses), in parallel on `threads`.
    fn prepare_all(&self, records: &[CorpusRecord], threads: usize) -> Vec<Prepared> {
        let chunk = records.len().div_ceil(threads.max(1)).max(1);
        std::thread::scope(|sc| {
            let handles: Vec<_> = records.chunks(chunk).map(|rs| sc.spawn(move || rs.iter().map(|r| self.prepare(r)).collect::<Vec<_>>())).collect();
            handles.into_iter().flat_map(|h| h.join().expect("preparing a record never panics")).collect()
        })
    }

    fn label_all(&self, coder: &Coder, prepared: &[Prepared], topics: &[Vec<f32>], threads: usize) -> Vec<Labelled> {
        let chunk = prepared.len().div_ceil(threads.max(1)).max(1);
        std::thread::scope(|sc| {
            let handles: Vec<_> = prepared
                .chunks(chunk)
                .zip(topics.chunks(chunk))
                .map(|(ps, ts)| sc.spawn(move || ps.iter().zip(ts).flat_map(|(p, t)| self.label(coder, p, t)).collect::<Vec<_>>()))
                .collect();
            handles.into_iter().flat_map(|h| h.join().expect("labelling never panics")).collect()
        })
    }

    /// Cross-validate on the corpus, then train on all of it: the model and the held-out figures.
    pub fn train_events(&self, records: &[CorpusRecord], folds: usize, threads: usize, notes: Vec<(String, String)>) -> (EventModel, CvFigures) {
        let folds = folds.max(2);
        let prepared = self.prepare_all(records, threads);
        let [(_, topic_cfg), ..] = configs();
        // topic: held-out probabilities for every sentence, so the other models train on
        // topic figures like those they will see
        let mut topics: Vec<Vec<f32>> = prepared.iter().map(|p| vec![0.5; p.sentences.len()]).collect();
        let mut topic_right = 0usize;
        let mut topic_total = 0usize;
        for k in 0..folds {
            let m = train("topic", &topic_examples(&prepared, &|g| fold_of(g, folds) != k), &classes(&TOPICS), &topic_cfg);
            for (i, p) in prepared.iter().enumerate().filter(|(_, p)| fold_of(p.group, folds) == k) {
                topics[i] = p.sentences.iter().map(|s| m.proba(&s.topic_features)[1]).collect();
                for &t in &topics[i] {
                    topic_total += 1;
                    topic_right += usize::from((t >= 0.5) == p.topic_label);
                }
            }
        }
        let topic_model = train("topic", &topic_examples(&prepared, &|_| true), &classes(&TOPICS), &topic_cfg);
        let coder = Coder::builtin().with_model(None);
        let labelled = self.label_all(&coder, &prepared, &topics, threads);

        let mut fig = CvFigures { folds, records: records.len(), sentences: labelled.len(), topic_accuracy: topic_right as f64 / topic_total.max(1) as f64, ..Default::default() };
        let mut judged: Vec<(bool, bool, f32, String)> = Vec::new();
        // gold events found, by (sentence, category) and triple, at each confidence
        let mut found: Vec<(usize, String, bool, f32)> = Vec::new();
        for k in 0..folds {
            let (trigger, role, actor) = fit(&labelled, &|g| fold_of(g, folds) != k);
            let model = EventModel { topic: topic_model.clone(), trigger, role, actor, confidence: Calibration::default(), threshold: 0.0, notes: Vec::new() };
            for (si, l) in labelled.iter().enumerate().filter(|(_, l)| fold_of(l.group, folds) == k) {
                let decisions = coder.decide(&l.analysis, &model);
                for d in &decisions {
                    for (cat, tri, conf) in judge(l, d) {
                        judged.push((cat, tri, conf, d.category.clone()));
                    }
                }
                for d in &decisions {
                    let trig = trigger_text(l, d.candidate);
                    let js = judge(l, d);
                    let ps: Vec<String> = pairs(l, d).iter().map(|(a, b)| format!("{a}->{b}")).collect();
                    let line = format!("{} {} {trig:?} conf={:.2} | gold {:?} | {}", d.category, ps.join(","), d.confidence, l.gold, l.text);
                    if !js.iter().any(|j| j.0) {
                        fig.mistakes.push(format!("wrong: {line}"));
                    } else if !js.iter().any(|j| j.1) {
                        fig.mistakes.push(format!("actors: {line}"));
                    }
                }
                for t in &l.unproposed_triggers {
                    fig.mistakes.push(format!("unproposed: {t} | gold {:?} | {}", l.gold, l.text));
                }
                for (k, c) in l.analysis.candidates.iter().enumerate() {
                    if l.trigger[k] != 0 && !decisions.iter().any(|d| d.candidate == k && CATEGORIES[l.trigger[k]] == d.category) {
                        let got = decisions.iter().find(|d| d.candidate == k).map_or("NONE".to_string(), |d| d.category.clone());
                        fig.mistakes.push(format!("missed: {} coded {got} {:?} dict={:?} | gold {:?} | {}", CATEGORIES[l.trigger[k]], trigger_text(l, k), c.pattern, l.gold, l.text));
                    }
                }
                // each gold event: the best confidence at which its category was coded, and
                // whether one of those decisions also has its source and target
                for g in &l.gold {
                    let same: Vec<&Decision> = decisions.iter().filter(|d| d.category == g.0).collect();
                    let Some(conf) = same.iter().map(|d| d.confidence).reduce(f32::max) else { continue };
                    let tri = same.iter().any(|d| pairs(l, d).iter().any(|p| is_triple(&d.category, p, g)));
                    found.push((si, g.0.clone(), tri, conf));
                }
            }
        }
        fig.gold_events = labelled.iter().map(|l| l.gold.len()).sum();
        fig.proposed = fig.gold_events - labelled.iter().map(|l| l.unproposed).sum::<usize>();
        // calibration on the held-out events: right = category and both actors right
        let points: Vec<(f32, bool)> = judged.iter().map(|j| (j.2, j.1)).collect();
        let calibration = Calibration::fit(&points);
        let calibrated: Vec<(bool, bool, f32, String)> = judged.iter().map(|j| (j.0, j.1, calibration.apply(j.2), j.3.clone())).collect();
        let found_cal: Vec<(String, bool, f32)> = found.iter().map(|f| (f.1.clone(), f.2, calibration.apply(f.3))).collect();
        fig.coded = calibrated.len();
        fig.category_right = calibrated.iter().filter(|j| j.0).count();
        fig.triple_right = calibrated.iter().filter(|j| j.1).count();
        fig.gold_found_category = found_cal.len();
        fig.gold_found_triple = found_cal.iter().filter(|f| f.1).count();
        for b in 0..10 {
            let lo = b as f32 / 10.0;
            let in_bin: Vec<&(bool, bool, f32, String)> = calibrated.iter().filter(|j| j.2 >= lo && (j.2 < lo + 0.1 || b == 9)).collect();
            fig.reliability.push((lo, in_bin.len(), in_bin.iter().filter(|j| j.1).count()));
        }
        for cat in CATEGORIES.iter().skip(1) {
            let gold = labelled.iter().flat_map(|l| &l.gold).filter(|g| g.0 == *cat).count();
            let f = found_cal.iter().filter(|f| f.0 == *cat).count();
            let coded = calibrated.iter().filter(|j| j.3 == *cat).count();
            let right = calibrated.iter().filter(|j| j.3 == *cat && j.0).count();
            fig.by_category.push((cat.to_string(), gold, f, coded, right));
        }
        // the default threshold: the highest F1 of category precision and recall among
        // thresholds that keep held-out category precision at 0.8 or more (else the best F1)
        let mut best = (0.0f32, -1.0f64, (0usize, 0usize, 0usize));
        for t in (0..20).map(|i| i as f32 / 20.0) {
            let coded = calibrated.iter().filter(|j| j.2 >= t).count();
            let right = calibrated.iter().filter(|j| j.2 >= t && j.0).count();
            let recalled = found_cal.iter().filter(|f| f.2 >= t).count();
            let p = right as f64 / coded.max(1) as f64;
            let r = recalled as f64 / fig.gold_events.max(1) as f64;
            let f1 = if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };
            let score = if p >= 0.8 { 1.0 + f1 } else { f1 };
            if score > best.1 {
                best = (t, score, (coded, right, recalled));
            }
        }
        fig.threshold = best.0;
        fig.at_threshold = best.2;

        let (trigger, role, actor) = fit(&labelled, &|_| true);
        let mut notes = notes;
        notes.push(("records".into(), records.len().to_string()));
        notes.push(("folds".into(), folds.to_string()));
        let model = EventModel { topic: topic_model, trigger, role, actor, confidence: calibration, threshold: fig.threshold, notes };
        (model, fig)
    }
}
