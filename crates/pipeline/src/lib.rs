//! Runs one document through every analysis stage and returns its [`Analysis`].
//!
//! clean (normalise, remove debris, find title and dateline) -> split sentences -> tokenise ->
//! recognise actors -> coreference (people followed through the document, pronouns) -> code
//! events -> date and place each event (the time expression and the place nearest its trigger
//! in its sentence) -> quotes with their speakers. Sources feed it [`Document`]s; sinks consume
//! the [`Analysis`]. It holds the loaded dictionaries and is cheap to share across threads.

use chrono::{Datelike, NaiveDate};
use statecraft_actors::Dictionary;
use statecraft_coder::{Coder, SentenceInput};
use statecraft_syntax::LazyParse;

mod discards;
mod training;
pub use discards::Discards;
pub use training::{CorpusEvent, CorpusRecord, CvFigures};
use statecraft_model::{Analysis, DatePrecision, DocStatus, Document, Event, MentionRecord};
use statecraft_places::{Gazetteer, PlaceMention};
use statecraft_text::{clean, split_sentences, tokenize, Token, MAX_SENTENCE_WORDS};
use statecraft_time::{Resolver, TimeExpr};

/// Most tokens of a sentence handed to the coder: twice the splitter's word limit. Only a
/// run of punctuation or symbols that the splitter cut at its byte limit has more; it is
/// not coded, so the coder's work per sentence stays bounded.
pub const MAX_CODED_TOKENS: usize = 2 * MAX_SENTENCE_WORDS;

/// The loaded dictionaries: build once, analyse many documents.
pub struct Pipeline {
    pub actors: Dictionary,
    pub coder: Coder,
    /// Events the model gives a lower confidence are not reported (the model's default
    /// threshold unless set).
    pub min_confidence: Option<f32>,
    /// PETRARCH discard phrases: sentences (or whole stories) not coded.
    pub discards: Discards,
}

/// The Phoenix discard list of PETRARCH2 (scripts/make-phoenix-dictionaries.py).
pub const PHOENIX_DISCARDS: &str = include_str!("../../../dictionaries/phoenix/Phoenix.discards.txt");

/// Whether a dictionary file is in Statecraft's own format (`@kind` blocks or CAMEO table
/// rows) rather than one of PETRARCH's.
pub fn is_statecraft_format(text: &str) -> bool {
    text.lines().map(str::trim).any(|l| l.starts_with('@') || (l.split('|').count() >= 3 && l.split('|').next().is_some_and(|c| !c.trim().is_empty() && c.trim().chars().all(|c| c.is_ascii_digit()))))
}

impl Pipeline {
    /// The shipped dictionaries plus the user's `extra` files (path, contents).
    pub fn new(extra: &[(String, String)]) -> Result<Pipeline, String> {
        let mut actors = Dictionary::builtin();
        let mut coder = Coder::builtin();
        let mut discards = Discards::default();
        if statecraft_actors::phoenix_layer("discards") {
            discards.add(&statecraft_petrarch::lists::read_discards(PHOENIX_DISCARDS).0);
        }
        for (name, text) in extra {
            if is_statecraft_format(text) {
                actors.add_file(name, text)?;
                coder.add_file(name, text)?;
                continue;
            }
            // a PETRARCH/TABARI dictionary, its kind told from its content
            let read = statecraft_petrarch::read(text);
            if let Some(p) = read.problems.first() {
                return Err(format!(
                    "{name}:{}: {} ({} lines not understood in this {} dictionary; `statecraft dictionaries check {name}` lists them)",
                    p.line,
                    p.reason,
                    read.problems.len(),
                    read.dictionary.kind().as_str()
                ));
            }
            match &read.dictionary {
                statecraft_petrarch::Dictionary::Verbs(_) => coder.add_file(name, text)?,
                statecraft_petrarch::Dictionary::Actors(a) => actors.add_petrarch_actors(a),
                statecraft_petrarch::Dictionary::Agents(a) => actors.add_petrarch_agents(a),
                statecraft_petrarch::Dictionary::Discards(d) => discards.add(d),
                statecraft_petrarch::Dictionary::Issues(_) => {
                    return Err(format!("{name}: an issue dictionary; Statecraft reads and checks these (`statecraft dictionaries check FILE`) but does not tag events with issues, so it cannot be used to code: leave it out of --dictionary"));
                }
            }
        }
        let min_confidence = coder.model().map(|m| m.threshold);
        Ok(Pipeline { actors, coder, min_confidence, discards })
    }

    /// Code with `model` (`None`: dictionaries and rules alone); the confidence threshold
    /// becomes the model's.
    pub fn set_model(&mut self, model: Option<&'static statecraft_coder::EventModel>) {
        let coder = std::mem::replace(&mut self.coder, Coder::builtin());
        self.coder = coder.with_model(model);
        self.min_confidence = model.map(|m| m.threshold);
    }

    /// P(politics) of each sentence and the document's (their mean), or 0.5 each without a
    /// model.
    pub fn topics(&self, tokens: &[Vec<Token>]) -> (Vec<f32>, f32) {
        let per: Vec<f32> = tokens.iter().map(|t| self.coder.politics(t).unwrap_or(0.5)).collect();
        let doc = if per.is_empty() { 0.5 } else { per.iter().sum::<f32>() / per.len() as f32 };
        (per, doc)
    }

    /// Analyse one document. Never panics on input; an empty text gives a skipped document.
    pub fn analyse(&self, mut doc: Document) -> Analysis {
        let cleaned = clean(&doc.text, doc.title.as_deref());
        let date: Option<NaiveDate> = doc.date.or_else(|| cleaned.date_line.as_deref().and_then(parse_dateline));
        let date = match date {
            Some(d) if !plausible_publication(d) => {
                doc.notes.push(format!("publication date {d} is implausible (before 1900 or after today); the document is treated as undated"));
                None
            }
            d => d,
        };
        let date_str = date.map(|d| d.format("%Y-%m-%d").to_string());
        // A document not in English is stored with the reason and not coded.
        let foreign = statecraft_text::not_english(&cleaned.text);
        let sentences = if foreign.is_some() { Vec::new() } else { split_sentences(&cleaned.text) };
        let tokens: Vec<_> = sentences.iter().map(|s| tokenize(&s.text)).collect();
        let ActorReading { mut mentions, places, context } = self.read_actors(&sentences, &tokens, date);
        let mut resolver = Resolver::new(date);
        let times: Vec<Vec<TimeExpr>> = tokens.iter().map(|t| resolver.sentence(t)).collect();
        let gazetteer = Gazetteer::builtin();
        let parses: Vec<LazyParse> = sentences.iter().map(|_| LazyParse::new()).collect();
        // the noun each time expression modifies ("the July 25 transcript"), from the parse
        let time_nouns: Vec<Vec<Option<usize>>> = times
            .iter()
            .zip(&tokens)
            .zip(&parses)
            .map(|((ts, toks), parse)| {
                if !ts.iter().any(|t| t.attach) || toks.len() > MAX_CODED_TOKENS {
                    return vec![None; ts.len()];
                }
                let words = statecraft_text::parser_words(&toks);
                let w = parse.get(&words);
                ts.iter().map(|t| modified_noun(w, t.start, t.end)).collect()
            })
            .collect();
        // a quote is dated by the clause of its verb of saying: not by a date that modifies a noun
        let quote_times: Vec<Vec<TimeExpr>> = times
            .iter()
            .zip(&time_nouns)
            .map(|(ts, nouns)| ts.iter().zip(nouns).map(|(t, n)| TimeExpr { attach: t.attach && n.is_none(), ..t.clone() }).collect())
            .collect();
        let quotes = statecraft_quotes::find_quotes(&statecraft_quotes::QuoteInput {
            doc_id: &doc.id,
            text: &cleaned.text,
            sentences: &sentences,
            tokens: &tokens,
            mentions: &mentions,
            times: &quote_times,
            publication: date,
            parses: &parses,
        });
        speakers_in_their_quotes(&mut mentions, &quotes, &sentences, &tokens);
        let (topics, doc_topic) = self.topics(&tokens);
        let mut events = Vec::new();
        let mut doc = doc;
        let year = date.map(|d| chrono::Datelike::year(&d));
        let story_discard = tokens.iter().find_map(|t| self.discards.find(t, year).filter(|(_, story)| *story)).map(|(p, _)| p.to_string());
        if let Some(p) = &story_discard {
            doc.notes.push(format!("not coded: the story discard phrase \"{p}\" (sports, entertainment or other non-political news)"));
        }
        for ((s, toks), ms) in sentences.iter().zip(&tokens).zip(&mentions) {
            if toks.len() > MAX_CODED_TOKENS || story_discard.is_some() {
                continue;
            }
            if let Some((p, _)) = self.discards.find(toks, year) {
                doc.notes.push(format!("sentence {} not coded: the discard phrase \"{p}\"", s.index));
                continue;
            }
            let coded = self.coder.code(&SentenceInput {
                doc_id: &doc.id,
                index: s.index,
                span: [s.start, s.end],
                text: &s.text,
                tokens: toks,
                mentions: ms,
                date: date_str.clone(),
                topic: (topics[s.index], doc_topic),
                parse: &parses[s.index],
            });
            for mut c in coded {
                if c.event.confidence.zip(self.min_confidence).is_some_and(|(c, min)| c < min) {
                    continue;
                }
                place_in_time_and_space(&mut c.event, c.trigger, toks, (&times[s.index], &time_nouns[s.index]), &places[s.index], gazetteer, &context);
                events.push(c.event);
            }
        }
        // criticism in quoted speech: an accusation from the quote's speaker (see the coder's
        // `criticism` module); a sentence not coded above is not coded here either
        for q in &quotes {
            let Some(speaker) = q.speaker.as_ref().and_then(speaker_actor) else { continue };
            for (s, toks) in sentences.iter().zip(&tokens).filter(|(s, _)| s.start < q.span[1] && q.span[0] < s.end) {
                if toks.len() > MAX_CODED_TOKENS || story_discard.is_some() || self.discards.find(toks, year).is_some() {
                    continue;
                }
                let inside: Vec<usize> = (0..toks.len()).filter(|&k| s.start + toks[k].start >= q.span[0] && s.start + toks[k].end <= q.span[1]).collect();
                let (Some(&first), Some(&last)) = (inside.first(), inside.last()) else { continue };
                let input = SentenceInput {
                    doc_id: &doc.id,
                    index: s.index,
                    span: [s.start, s.end],
                    text: &s.text,
                    tokens: toks,
                    mentions: &mentions[s.index],
                    date: date_str.clone(),
                    topic: (topics[s.index], doc_topic),
                    parse: &parses[s.index],
                };
                for mut c in self.coder.quoted_criticism(&input, first..last + 1, &speaker) {
                    let known = events.iter().any(|e: &statecraft_model::Event| {
                        e.sentence == s.index && e.event == c.event.event && e.source.code == c.event.source.code && e.target.as_ref().map(|t| &t.code) == c.event.target.as_ref().map(|t| &t.code)
                    });
                    if known || c.event.confidence.zip(self.min_confidence).is_some_and(|(c, min)| c < min) {
                        continue;
                    }
                    place_in_time_and_space(&mut c.event, c.trigger, toks, (&times[s.index], &time_nouns[s.index]), &places[s.index], gazetteer, &context);
                    events.push(c.event);
                }
            }
        }
        events.sort_by_key(|e| e.sentence);
        let mention_records = mentions
            .iter()
            .enumerate()
            .flat_map(|(i, ms)| {
                ms.iter().filter(|m| m.pronoun.is_none()).flat_map(move |m| m.actors.iter().filter(|a| !a.code.is_empty()).map(move |a| MentionRecord { sentence: i, actor: a.clone() }))
            })
            .collect();
        let (status, error) = if cleaned.text.trim().is_empty() {
            (DocStatus::Skipped, Some("no text left after removing debris".to_string()))
        } else if let Some(lang) = foreign {
            (DocStatus::Skipped, Some(format!("not in English (language {lang}); not coded")))
        } else {
            (DocStatus::Coded, None)
        };
        Analysis {
            title: cleaned.title.clone(),
            date,
            status,
            error,
            // What the source left out (the HTML extractor's blocks), then the cleaning's debris.
            removed: doc.removed.iter().cloned().chain(cleaned.removed.iter().map(|r| (r.text.clone(), r.reason.to_string()))).collect(),
            clean_text: cleaned.text,
            sentences,
            mentions: mention_records,
            events,
            quotes,
            doc,
        }
    }
}

/// The actor a quote's speaker is, when the quotes stage gives it a code.
fn speaker_actor(sp: &statecraft_model::Speaker) -> Option<statecraft_model::Actor> {
    let code = sp.code.clone().filter(|c| !c.is_empty())?;
    Some(statecraft_model::Actor {
        text: sp.mention.clone().or_else(|| sp.name.clone()).unwrap_or_default(),
        code,
        sector: sp.sector.clone(),
        org: None,
        name: sp.name.clone(),
        role: sp.role.clone(),
        start: 0,
        end: 0,
    })
}

/// What the actor stages read in a document's sentences.
pub(crate) struct ActorReading {
    /// Each sentence's actor mentions: recognised, followed through coreference, completed by
    /// places acted upon and by the state the text is about.
    pub mentions: Vec<Vec<statecraft_actors::Mention>>,
    /// Each sentence's place names.
    pub places: Vec<Vec<PlaceMention>>,
    /// The document's states, most mentioned first (to resolve ambiguous place names).
    pub context: Vec<String>,
}

impl Pipeline {
    /// The actor stages, shared by coding and by training: the model learns from the mentions
    /// coding will give it.
    pub(crate) fn read_actors(&self, sentences: &[statecraft_model::Sentence], tokens: &[Vec<Token>], date: Option<NaiveDate>) -> ActorReading {
        let mut mentions: Vec<_> = sentences.iter().zip(tokens).map(|(s, t)| self.actors.recognise(t, s.start, date)).collect();
        let bases: Vec<usize> = sentences.iter().map(|s| s.start).collect();
        self.actors.resolve_coreference(&mut mentions, tokens, &bases, date);
        let gazetteer = Gazetteer::builtin();
        let places: Vec<Vec<PlaceMention>> = tokens.iter().map(|t| gazetteer.find(t)).collect();
        let context = document_countries(&mentions);
        add_place_actors(&mut mentions, &places, sentences, tokens, gazetteer, &context);
        locate_bare_sectors(&mut mentions, &places, tokens, gazetteer, &context);
        infer_states(&mut mentions, tokens);
        ActorReading { mentions, places, context }
    }
}

/// "We" and "I" inside an attributed quote are its speaker: in `"We thank the Afghan
/// government," Pompeo said` the thanks are from Pompeo's side. First-person words in the
/// quote become mentions coded as the speaker (a pronoun mention, so they are not counted as
/// named mentions of the actor).
pub(crate) fn speakers_in_their_quotes(
    mentions: &mut [Vec<statecraft_actors::Mention>],
    quotes: &[statecraft_model::Quote],
    sentences: &[statecraft_model::Sentence],
    tokens: &[Vec<statecraft_text::Token>],
) {
    for q in quotes {
        let Some(speaker) = q.speaker.as_ref().and_then(speaker_actor) else { continue };
        for (s, toks) in sentences.iter().zip(tokens).filter(|(s, _)| s.start < q.span[1] && q.span[0] < s.end) {
            for (k, t) in toks.iter().enumerate() {
                let (start, end) = (s.start + t.start, s.start + t.end);
                if start < q.span[0] || end > q.span[1] {
                    continue;
                }
                let kind = match t.lower.as_str() {
                    "i" | "me" | "my" => statecraft_actors::Pronoun::Personal,
                    "we" | "us" | "our" => statecraft_actors::Pronoun::Collective,
                    _ => continue,
                };
                let ms = &mut mentions[s.index];
                if ms.iter().any(|m| m.start <= k && k < m.end) {
                    continue;
                }
                let actor = statecraft_model::Actor { text: t.text.clone(), start, end, ..speaker.clone() };
                let at = ms.partition_point(|m| m.start < k);
                ms.insert(at, statecraft_actors::Mention { start: k, end: k + 1, actors: vec![actor], person: kind == statecraft_actors::Pronoun::Personal, pronoun: Some(kind) });
            }
        }
    }
}

/// A city or region acted upon ("Russian forces shelled Kharkiv", "attacks on Odesa") stands
/// for its state, as in CAMEO coding: such place names become actor mentions coded with the
/// place's country. Places only located at ("in Kharkiv") or used as reference points are left
/// to the place stage.
fn add_place_actors(
    mentions: &mut [Vec<statecraft_actors::Mention>],
    places: &[Vec<PlaceMention>],
    sentences: &[statecraft_model::Sentence],
    tokens: &[Vec<statecraft_text::Token>],
    gazetteer: &Gazetteer,
    context: &[String],
) {
    for (i, ps) in places.iter().enumerate() {
        for p in ps.iter().filter(|p| !p.locative && !p.reference) {
            if mentions[i].iter().any(|m| m.start < p.end && p.start < m.end) {
                continue;
            }
            let Some(place) = gazetteer.resolve(p, context) else { continue };
            if place.country.is_empty() || !matches!(place.kind, statecraft_places::Kind::City | statecraft_places::Kind::Region) {
                continue;
            }
            let base = sentences[i].start;
            let actor = statecraft_model::Actor {
                text: p.text.clone(),
                code: place.country.clone(),
                start: base + tokens[i][p.start].start,
                end: base + tokens[i][p.end - 1].end,
                ..Default::default()
            };
            let at = mentions[i].partition_point(|m| m.start < p.start);
            mentions[i].insert(at, statecraft_actors::Mention { start: p.start, end: p.end, actors: vec![actor], person: false, pronoun: None });
        }
    }
}

/// A sector word placed in a city or region ("police in Lagos", "protesters in Caracas",
/// "officials in Kabul") belongs to that place's state. Armed forces are left out: troops in a
/// place are as often foreign as local ("troops in Mali").
fn locate_bare_sectors(
    mentions: &mut [Vec<statecraft_actors::Mention>],
    places: &[Vec<PlaceMention>],
    tokens: &[Vec<statecraft_text::Token>],
    gazetteer: &Gazetteer,
    context: &[String],
) {
    for (i, ms) in mentions.iter_mut().enumerate() {
        for m in ms.iter_mut().filter(|m| m.pronoun.is_none() && !m.person) {
            let mut k = m.end;
            if tokens[i].get(k).is_none_or(|t| t.lower != "in") {
                continue;
            }
            k += 1;
            if tokens[i].get(k).is_some_and(|t| t.lower == "the") {
                k += 1;
            }
            let Some(place) = places[i].iter().find(|p| p.start == k).and_then(|p| gazetteer.resolve(p, context)) else { continue };
            if place.country.is_empty() {
                continue;
            }
            for a in m.actors.iter_mut().filter(|a| a.code.is_empty() && a.org.is_none() && a.sector.as_deref().is_some_and(|s| s != "MIL")) {
                a.code = place.country.clone();
            }
        }
    }
}

/// A sector word standing alone ("police", "the government", "protesters") belongs to the state
/// the text is about: the state of a possessive pronoun before it ("its government", "the
/// country's army"), else the one state its own sentence names, else the one state of the two
/// sentences before, else the document's dominant state (named at least twice, and at least
/// twice as often as any other). Where the text leaves the state open, it stays open.
pub(crate) fn infer_states(mentions: &mut [Vec<statecraft_actors::Mention>], tokens: &[Vec<Token>]) {
    // "its government", "their police", "the country's army": the possessor's state
    for (ms, toks) in mentions.iter_mut().zip(tokens) {
        for k in 0..ms.len() {
            let Some(p) = k.checked_sub(1).map(|j| &ms[j]) else { continue };
            let m = &ms[k];
            let possessive = (p.end == m.start && matches!(toks[p.start].lower.as_str(), "its" | "their" | "his" | "her"))
                || (p.end + 1 == m.start && matches!(toks[p.end].text.as_str(), "'s" | "'"));
            let state = p.actors.first().map(|a| a.code.clone()).filter(|c| c.len() == 3 && !matches!(c.as_str(), "IGO" | "NGO" | "IMG"));
            let (Some(state), true, Some(_)) = (state, possessive, p.pronoun) else { continue };
            for a in ms[k].actors.iter_mut().filter(|a| a.code.is_empty() && a.sector.is_some() && a.org.is_none()) {
                a.code = state.clone();
            }
        }
    }
    let states_of = |ms: &[statecraft_actors::Mention]| -> Vec<String> {
        let mut v: Vec<String> = ms
            .iter()
            .filter(|m| m.pronoun.is_none())
            .flat_map(|m| m.actors.iter())
            .filter(|a| a.code.len() == 3 && !matches!(a.code.as_str(), "IGO" | "NGO" | "IMG"))
            .map(|a| a.code.clone())
            .collect();
        v.sort();
        v.dedup();
        v
    };
    let counts = document_countries_counts(mentions);
    let dominant = match counts.as_slice() {
        [(c, n)] if *n >= 2 => Some(c.clone()),
        [(c, n), (_, m), ..] if *n >= 2 && *n >= 2 * m => Some(c.clone()),
        _ => None,
    };
    for i in 0..mentions.len() {
        let own = states_of(&mentions[i]);
        let before: Vec<String> = {
            let mut v: Vec<String> = mentions[i.saturating_sub(2)..i].iter().flat_map(|ms| states_of(ms)).collect();
            v.sort();
            v.dedup();
            v
        };
        let state = match (own.as_slice(), before.as_slice()) {
            ([one], _) => Some(one.clone()),
            ([], [one]) => Some(one.clone()),
            ([], _) => dominant.clone(),
            _ => None,
        };
        let Some(state) = state else { continue };
        for m in mentions[i].iter_mut().filter(|m| m.pronoun.is_none() && !m.person) {
            for a in m.actors.iter_mut().filter(|a| a.code.is_empty() && a.sector.is_some() && a.org.is_none()) {
                a.code = state.clone();
            }
        }
    }
}

fn document_countries_counts(mentions: &[Vec<statecraft_actors::Mention>]) -> Vec<(String, usize)> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for a in mentions.iter().flatten().filter(|m| m.pronoun.is_none()).flat_map(|m| &m.actors) {
        if a.code.len() != 3 || matches!(a.code.as_str(), "IGO" | "NGO" | "IMG") {
            continue;
        }
        match counts.iter_mut().find(|(c, _)| *c == a.code) {
            Some((_, n)) => *n += 1,
            None => counts.push((a.code.clone(), 1)),
        }
    }
    counts.sort_by_key(|c| std::cmp::Reverse(c.1));
    counts
}

/// The state codes the document's actors belong to, most mentioned first: the places of
/// these states are preferred when a place name is ambiguous.
fn document_countries(mentions: &[Vec<statecraft_actors::Mention>]) -> Vec<String> {
    document_countries_counts(mentions).into_iter().map(|(c, _)| c).collect()
}

/// Words that open another clause: a time or place beyond one belongs to that clause.
const CLAUSE_BOUNDARIES: &[&str] = &[
    ";", "(", ")", "before", "after", "since", "until", "when", "while", "but", "although", "though", "because",
    "whereas", "which", "who", "whom", "whose", "unless", "if",
];
/// How far (in tokens) from the trigger a time expression or place may be.
const TIME_REACH: usize = 20;
const PLACE_REACH: usize = 15;

/// Give an event the date of the time expression nearest its trigger and the place nearest
/// its trigger, both in its own clause and near it. With no time expression the event keeps
/// the publication date with precision `unknown`; places only count when the sentence puts
/// something at them ("in Alaska"), not when they are a reference point ("east of Moscow").
fn place_in_time_and_space(
    e: &mut Event,
    trigger: std::ops::Range<usize>,
    tokens: &[Token],
    (times, nouns): (&[TimeExpr], &[Option<usize>]),
    places: &[PlaceMention],
    gazetteer: &Gazetteer,
    context: &[String],
) {
    e.publication_date = e.date.clone();
    e.date_precision = DatePrecision::Unknown;
    let (ts, te) = (trigger.start, trigger.end.min(tokens.len()));
    let distance = |start: usize, end: usize| if end <= ts { ts - end } else { start.saturating_sub(te) };
    let same_clause = |start: usize, end: usize| {
        let (a, b) = if end <= ts { (end, ts) } else { (te, start) };
        a >= b || !tokens[a..b].iter().any(|t| CLAUSE_BOUNDARIES.contains(&t.lower.as_str()))
    };
    // a date that modifies a noun dates that noun's event only ("the July 10 meeting")
    let own = |i: usize| nouns.get(i).copied().flatten().is_none_or(|n| (ts..te).contains(&n));
    let time = times
        .iter()
        .enumerate()
        .filter(|&(i, t)| t.attach && own(i) && distance(t.start, t.end) <= TIME_REACH && same_clause(t.start, t.end))
        .map(|(_, t)| t)
        .min_by_key(|t| distance(t.start, t.end));
    if let Some(t) = time {
        e.date = Some(t.date.format("%Y-%m-%d").to_string());
        e.date_precision = t.precision;
    }
    let place = places.iter().filter(|p| p.locative && distance(p.start, p.end) <= PLACE_REACH && same_clause(p.start, p.end)).min_by_key(|p| distance(p.start, p.end));
    if let Some(p) = place {
        e.location = gazetteer.resolve(p, context).map(|place| place.location());
    }
}

/// A publication date from 1900 up to today; anything else is a placeholder or a typo.
fn plausible_publication(d: NaiveDate) -> bool {
    d.year() >= 1900 && d <= chrono::Utc::now().date_naive()
}

/// The noun a time expression (tokens `a..b`) modifies in the parse `w`: "the July 25
/// transcript" -> transcript. `None` when it modifies a verb or clause ("released on Friday").
fn modified_noun(w: &[statecraft_syntax::Word], a: usize, b: usize) -> Option<usize> {
    let b = b.min(w.len());
    let head = (a..b).find(|&k| w[k].head.is_none_or(|h| !(a..b).contains(&h)))?;
    let governor = w[head].head?;
    let noun = matches!(w[governor].upos, statecraft_syntax::Upos::Noun);
    let modifier = matches!(w[head].deprel, "compound" | "amod" | "nmod" | "nummod" | "nmod:unmarked" | "nmod:tmod" | "nmod:poss");
    (noun && modifier && governor > head).then_some(governor)
}

/// "Thu. Aug 7th, 2025", "August 7, 2025", "7 August 2025", "2025-08-07".
pub fn parse_dateline(line: &str) -> Option<NaiveDate> {
    if let Some(d) = line.split_whitespace().find_map(statecraft_model::parse_date) {
        return Some(d);
    }
    const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    let words: Vec<String> = line.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect();
    let month = words.iter().find_map(|w| MONTHS.iter().position(|m| w.starts_with(m) && (w.len() == 3 || w.len() >= 4 && !w.ends_with(|c: char| c.is_ascii_digit()))))?;
    let year = words.iter().find_map(|w| (w.len() == 4).then(|| w.parse::<i32>().ok()).flatten())?;
    let day = words.iter().find_map(|w| {
        let digits = w.trim_end_matches(|c: char| c.is_alphabetic());
        (digits.len() <= 2 && !digits.is_empty()).then(|| digits.parse::<u32>().ok()).flatten()
    })?;
    NaiveDate::from_ymd_opt(year, month as u32 + 1, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datelines() {
        assert_eq!(parse_dateline("Thu. Aug 7th, 2025"), NaiveDate::from_ymd_opt(2025, 8, 7));
        assert_eq!(parse_dateline("March 4, 2025"), NaiveDate::from_ymd_opt(2025, 3, 4));
        assert_eq!(parse_dateline("2025-03-04"), NaiveDate::from_ymd_opt(2025, 3, 4));
        assert_eq!(parse_dateline("Feb 30, 2025"), None);
    }
}

#[cfg(test)]
mod stage_tests {
    use super::*;
    use statecraft_model::QuoteKind;

    fn analyse(text: &str, date: &str) -> Analysis {
        let p = Pipeline::new(&[]).unwrap();
        p.analyse(Document { id: "t".into(), title: Some("T".into()), date: statecraft_model::parse_date(date), url: None, outlet: None, origin: "test".into(), text: text.into(), removed: Vec::new(), notes: Vec::new() })
    }

    #[test]
    fn a_date_that_modifies_a_noun_does_not_date_the_clause() {
        // Friday 22 November 2019
        let toks = tokenize("The July 25 transcript was released on Friday.");
        let mut r = Resolver::new(statecraft_model::parse_date("2019-11-22"));
        let times = r.sentence(&toks);
        let words = statecraft_text::parser_words(&toks);
        let w = statecraft_syntax::Analyzer::shipped().analyse(&words);
        let by_text: Vec<(String, Option<String>)> = times.iter().map(|t| (t.text.clone(), modified_noun(&w, t.start, t.end).map(|n| toks[n].text.clone()))).collect();
        assert_eq!(by_text, [("July 25".to_string(), Some("transcript".to_string())), ("Friday".to_string(), None)]);
        // so a quote attributed in that clause takes Friday, not July 25
        let a = analyse("\"It proves nothing,\" the president said of the July 25 transcript on Friday.", "2019-11-22");
        assert_eq!(a.quotes[0].date.as_deref(), Some("2019-11-22"), "{:?}", a.quotes);
        assert_eq!(a.quotes[0].date_precision, DatePrecision::Day);
    }

    #[test]
    fn blame_in_a_quote_is_an_accusation_from_its_speaker() {
        let a = analyse("\"Closing the corridor is an illegal act of aggression by Azerbaijan,\" the Armenian foreign minister said on Monday.", "2024-03-06");
        let acc: Vec<_> = a.events.iter().filter(|e| e.event == "ACCUSE").collect();
        assert!(acc.iter().any(|e| e.source.code == "ARM" && e.target.as_ref().is_some_and(|t| t.code == "AZE") && e.pattern.contains("quoted criticism")), "{:?}", a.events);
        // praise names another actor too, but blames no one
        let a = analyse("\"Azerbaijan has been a constructive partner in these talks,\" the Armenian foreign minister said on Monday.", "2024-03-06");
        assert!(a.events.iter().all(|e| e.event != "ACCUSE"), "{:?}", a.events);
        // the speaker's own side is not its target
        let a = analyse("\"Armenian forces will never accept this aggression,\" the Armenian defence minister said.", "2024-03-06");
        assert!(a.events.iter().all(|e| !(e.event == "ACCUSE" && e.target.as_ref().is_some_and(|t| t.code == "ARM"))), "{:?}", a.events);
    }

    #[test]
    fn we_in_a_quote_is_its_speaker() {
        let a = analyse("\"We thank the Norwegian government for its patient mediation,\" the Colombian president said on Tuesday.", "2024-03-06");
        assert!(a.events.iter().any(|e| e.event == "SUPPORT" && e.source.code == "COL" && e.target.as_ref().is_some_and(|t| t.code == "NOR")), "{:?}", a.events);
        // outside quotation marks "we" is no one the text names
        let a = analyse("We thank the Norwegian government for its patient mediation.", "2024-03-06");
        assert!(a.events.iter().all(|e| e.source.code.is_empty()), "{:?}", a.events);
    }

    #[test]
    fn a_possessed_sector_belongs_to_its_possessor() {
        let a = analyse("Kenya was praised at the summit. According to its government, Kenya has admitted more than 300,000 Somali refugees.", "2024-03-06");
        let gov = a.mentions.iter().find(|m| m.sentence == 1 && m.actor.sector.as_deref() == Some("GOV")).expect("the government is a mention");
        assert_eq!(gov.actor.code, "KEN", "{:?}", a.mentions);
    }

    #[test]
    fn a_sector_placed_in_a_city_belongs_to_its_state() {
        let a = analyse("Police in Lagos arrested an American journalist on Friday.", "2024-03-06");
        assert!(a.events.iter().any(|e| e.event == "COERCE" && e.source.code == "NGA" && e.target.as_ref().is_some_and(|t| t.code == "USA")), "{:?}", a.events);
    }

    #[test]
    fn an_implausible_publication_date_is_rejected_with_a_note() {
        let a = analyse("\"We will respond,\" the minister said.", "0001-01-01");
        assert_eq!(a.date, None);
        assert!(a.doc.notes.iter().any(|n| n.contains("0001-01-01") && n.contains("undated")), "{:?}", a.doc.notes);
        assert_eq!(a.quotes[0].date, None);
        let a = analyse("\"We will respond,\" the minister said.", "2019-11-20");
        assert_eq!(a.date, NaiveDate::from_ymd_opt(2019, 11, 20));
        assert!(a.doc.notes.is_empty());
    }

    #[test]
    fn events_are_dated_and_placed_from_their_own_sentence() {
        let a = analyse("Ukraine's long-range drones are doing damage. On Monday, Ukrainian drones hit a factory near the city of Nizhny Novgorod, about 440km east of Moscow.", "2025-08-14");
        let e = a.events.iter().find(|e| e.trigger.contains("hit")).expect("strike coded");
        assert_eq!((e.date.as_deref(), e.date_precision, e.publication_date.as_deref()), (Some("2025-08-11"), DatePrecision::Day, Some("2025-08-14")));
        let loc = e.location.as_ref().expect("located");
        assert_eq!((loc.name.as_str(), loc.country.as_deref()), ("Nizhniy Novgorod", Some("RUS")));
        // no time in the sentence: the publication date, precision unknown
        let a = analyse("Russian forces shelled Kharkiv.", "2025-08-14");
        let e = &a.events[0];
        assert_eq!((e.date.as_deref(), e.date_precision), (Some("2025-08-14"), DatePrecision::Unknown));
        // no publication date and no explicit date: nothing to resolve against
        let a = analyse("Russian forces shelled Kharkiv on Monday.", "");
        assert_eq!((a.events[0].date.as_deref(), a.events[0].date_precision), (None, DatePrecision::Unknown));
    }

    #[test]
    fn times_and_places_of_another_clause_are_not_the_events() {
        let a = analyse("Donald Trump will meet Vladimir Putin in Alaska tomorrow.", "2025-08-14");
        let e = a.events.iter().find(|e| e.trigger == "meet").expect("meeting coded");
        assert_eq!((e.date.as_deref(), e.date_precision), (Some("2025-08-15"), DatePrecision::Day));
        assert_eq!(e.location.as_ref().map(|l| (l.name.as_str(), l.country.as_deref())), Some(("Alaska", Some("USA"))));
        let a = analyse("Putin visited the United States in 2007, before his troops invaded Georgia the following year.", "2025-08-14");
        let visit = a.events.iter().find(|e| e.trigger.starts_with("visit")).expect("visit coded");
        assert_eq!(visit.date.as_deref(), Some("2007-01-01"), "{visit:?}");
        let invasion = a.events.iter().find(|e| e.trigger.starts_with("invade")).expect("invasion coded");
        assert_eq!((invasion.date.as_deref(), invasion.date_precision), (Some("2008-01-01"), DatePrecision::Year));
    }

    /// With the shipped model every event has a calibrated confidence, and the model adds no
    /// second reading of an event the rules coded.
    #[test]
    fn the_model_scores_the_rules_events_once() {
        assert!(statecraft_coder::EventModel::shipped().is_some(), "models/events.bin holds the trained model");
        let a = analyse("Canada sent humanitarian aid to Haiti on Tuesday.", "2025-08-14");
        let aid: Vec<_> = a.events.iter().filter(|e| e.event == "AID").collect();
        assert_eq!(aid.len(), 1, "{:?}", a.events);
        assert!(a.events.iter().all(|e| e.confidence.is_some_and(|c| (0.0..=1.0).contains(&c))), "{:?}", a.events);
        let a = analyse("The president is not wrong to try sitting down with US foes, even where others would avoid the risk.", "2025-08-14");
        assert!(a.events.iter().all(|e| e.target.as_ref().is_none_or(|t| t.code != e.source.code)), "{:?}", a.events);
    }

    #[test]
    fn quotes_come_with_the_analysis() {
        let a = analyse("\"We will not retreat,\" said Andrei Sokolov, a veteran Kremlin watcher.", "2025-08-14");
        assert_eq!(a.quotes.len(), 1);
        assert_eq!(a.quotes[0].kind, QuoteKind::Direct);
        assert_eq!(a.quotes[0].speaker.as_ref().and_then(|s| s.name.as_deref()), Some("Andrei Sokolov"));
        assert_eq!(&a.clean_text[a.quotes[0].span[0]..a.quotes[0].span[1]], "We will not retreat,");
    }
}

#[cfg(test)]
mod coreference_tests {
    use super::*;

    #[test]
    fn events_carry_the_person_a_title_refers_to() {
        let p = Pipeline::new(&[]).unwrap();
        let a = p.analyse(Document {
            id: "c".into(),
            title: Some("T".into()),
            date: statecraft_model::parse_date("2025-08-07"),
            url: None,
            outlet: None,
            origin: "test".into(),
            text: "Steve Witkoff spent hours with Vladimir Putin. The Kremlin leader accused Ukraine of sabotage.".into(),
            removed: Vec::new(),
            notes: Vec::new(),
        });
        let e = a.events.iter().find(|e| e.sentence == 1).expect("accusation coded");
        assert_eq!((e.source.code.as_str(), e.source.name.as_deref(), e.source.text.as_str()), ("RUS", Some("Vladimir Putin"), "Kremlin leader"));
    }
}

#[cfg(test)]
mod odd_input_tests {
    use super::*;

    #[test]
    fn odd_text_never_panics() {
        let p = Pipeline::new(&[]).unwrap();
        let mut cases: Vec<String> = [
            "\"", "\"\"\"", "'", "“", "”", "\"a\" \"", ": \"", "said:", "\" said \"", "the following month", "Day later",
            "On Monday", "in May", "Aug. 32, 2025", "9999-12-31 yesterday", "0001-01-01 last week", "the former KGB handler",
            "Dr Dr Dr", ", , , said", "According to, Dr X Y, the", "\"Hi,\" according to", "near the city of", "east of",
            "He said, \"", "\"x\n\n\"y\n\n\"z", "'a' 'b' 'c", "The Kremlin leader's", "Trump's envoy's envoy said:",
            "é\"ü\"ß 'ø' «x» „y“", "In 2025-13-45 the 50-day", "440km east of Moscow near Kyiv in Alaska",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        cases.push("\"".repeat(1000));
        cases.push("He said: \"".to_string() + &"word ".repeat(5000));
        for (i, text) in cases.into_iter().enumerate() {
            for date in ["", "2025-08-14", "9999-12-31", "0001-01-01"] {
                let a = p.analyse(Document { id: format!("odd{i}"), title: None, date: statecraft_model::parse_date(date), url: None, outlet: None, origin: "t".into(), text: text.clone(), removed: Vec::new(), notes: Vec::new() });
                for q in &a.quotes {
                    assert!(q.span[0] <= q.span[1] && q.span[1] <= a.clean_text.len());
                }
            }
        }
    }
}
