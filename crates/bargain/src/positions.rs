//! Positions from text: coded events and quotations become evidence that an actor stands at
//! some point of an issue's scale, and evidence becomes a dated series of positions and
//! saliences per actor and issue.
//!
//! A [`Statement`] is an event (its source is the actor) or a quotation (its speaker is). It is
//! evidence on an issue when its sentence (for a quote, the quoted words) contains one of the
//! issue's topic words and one of a signal's words, and its kind is one the signal accepts. If
//! several signals match, the most specific decides: one that names the kind of statement
//! before one that takes any, then the one with the longest matching phrase. A negated event says what the actor did *not* do and is no evidence; a hypothetical
//! one counts half. A statement by a named person (a leader's or an official's own words or
//! acts: an event whose source is a person, a quote with a named speaker) counts twice as much as
//! one ascribed to a whole state or its people ("Ukrainians know they would have to cede"),
//! which is more often the writer's description than the actor's position. One sentence gives
//! an actor at most one piece of evidence per issue.
//!
//! Who speaks for an actor: an event whose source carries the actor's code (and organisation,
//! if the file names one) with no sector (the state itself: "Russia", "Moscow") or a sector
//! of [`SPEAKING_SECTORS`] (government, military, political elite); a quote whose speaker has
//! the code and one of those sectors; and any event or quote by a person the file lists in the
//! actor's `names`. A country's newspapers, analysts and citizens do not state its position.
//!
//! An actor's position on a date is the mean of its evidence up to that date, each piece
//! weighted by its signal's weight and halved every `half_life_days` of age. Its salience is
//! `100 W / (W + 2)` with `W` that same total weight: one plain statement gives 33, two 50,
//! four 67, eight 80 (how often and how strongly the actor speaks on the issue).

use std::collections::BTreeMap;

use statecraft_model::{Event, Polarity, Quote};

use crate::space::{contains_word, fold, ActorSpec, IssueSpace, IssueSpec, QUOTE};
use crate::Player;

/// Weight at which salience reaches 50.
pub const HALF_SALIENCE_WEIGHT: f64 = 2.0;
/// How much more a named person's statement counts than one ascribed to a state or people.
pub const PERSON_WEIGHT: f64 = 2.0;
/// Sectors whose members speak for their state: government, military, political elite.
pub const SPEAKING_SECTORS: [&str; 3] = ["GOV", "MIL", "ELI"];

/// Something an actor said or did, with where it was read.
#[derive(Clone, Debug)]
pub struct Statement {
    pub doc_id: String,
    pub sentence: usize,
    /// Byte span in the document's cleaned text: the event's sentence, the quoted words.
    pub span: [usize; 2],
    /// `YYYY-MM-DD` (the event's or quote's date, else the publication date), if known.
    pub date: Option<String>,
    pub code: String,
    pub org: Option<String>,
    pub sector: Option<String>,
    /// Whether the statement is a quotation (a quote needs a speaking sector; an event with no
    /// sector is the state itself).
    pub quoted: bool,
    /// The person, when the actor is a named person (event source or quote speaker).
    pub person: Option<String>,
    /// A PLOVER category, or [`QUOTE`].
    pub kind: String,
    pub polarity: Polarity,
    /// The text the signals are matched in: the event's sentence or the quoted words.
    pub text: String,
    /// What to show as its origin ("REQUEST, trigger 'wants'", "quote").
    pub detail: String,
}

impl From<&Event> for Statement {
    fn from(e: &Event) -> Statement {
        Statement {
            doc_id: e.doc_id.clone(),
            sentence: e.sentence,
            span: e.span,
            date: e.date.clone().or_else(|| e.publication_date.clone()),
            code: e.source.code.clone(),
            org: e.source.org.clone(),
            sector: e.source.sector.clone(),
            quoted: false,
            person: e.source.name.clone(),
            kind: e.event.clone(),
            polarity: e.polarity,
            text: e.sentence_text.clone(),
            detail: format!("{} event ({}), trigger {:?}", e.event, e.polarity.as_str(), e.trigger),
        }
    }
}

impl Statement {
    /// A quotation as a statement; `None` when it has no speaker.
    pub fn from_quote(q: &Quote) -> Option<Statement> {
        let sp = q.speaker.as_ref()?;
        Some(Statement {
            doc_id: q.doc_id.clone(),
            sentence: q.sentence,
            span: q.span,
            date: q.date.clone(),
            code: sp.code.clone().unwrap_or_default(),
            org: sp.affiliation.clone(),
            sector: sp.sector.clone(),
            quoted: true,
            person: sp.name.clone(),
            kind: QUOTE.into(),
            polarity: Polarity::Asserted,
            text: q.text.clone(),
            detail: format!("quote of {}", sp.name.as_deref().unwrap_or("its speaker")),
        })
    }

    fn is_by(&self, actor: &ActorSpec) -> bool {
        let speaks = match self.sector.as_deref() {
            None | Some("") => !self.quoted,
            Some(sector) => SPEAKING_SECTORS.contains(&sector),
        };
        let by_code = speaks && !self.code.is_empty() && self.code == actor.code && actor.org.as_ref().is_none_or(|o| self.org.as_deref() == Some(o.as_str()));
        let by_name = self.person.as_deref().is_some_and(|p| {
            let p = fold(p);
            actor.names.iter().any(|n| contains_word(&p, n))
        });
        by_code || by_name
    }
}

/// Every event and every quote with a speaker in the store that `filter` selects (its dates).
pub fn statements_from_store(store: &statecraft_store::Store, filter: &statecraft_store::EventFilter) -> Result<Vec<Statement>, statecraft_store::StoreError> {
    let mut statements = Vec::new();
    store.events(filter, |e| {
        statements.push(Statement::from(&e));
        Ok(())
    })?;
    store.quotes(filter, |q| {
        statements.extend(Statement::from_quote(&q));
        Ok(())
    })?;
    Ok(statements)
}

/// One piece of evidence of an actor's position on an issue.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Evidence {
    pub doc_id: String,
    pub sentence: usize,
    /// Byte span in the document's cleaned text (`export documents`, `/api/documents/{id}`).
    pub span: [usize; 2],
    pub date: Option<String>,
    /// Where this statement places the actor.
    pub position: f64,
    pub weight: f64,
    pub detail: String,
    /// The words the signal matched.
    pub matched: String,
    pub text: String,
}

/// An actor's position and salience on an issue as of a date, with all evidence up to it.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Point {
    pub issue: String,
    pub actor: String,
    pub name: String,
    pub date: Option<String>,
    pub position: f64,
    pub salience: f64,
    pub capability: f64,
    pub evidence: Vec<Evidence>,
}

/// What the statements show about one issue: per actor, its series of points (oldest first).
#[derive(Clone, Debug, serde::Serialize)]
pub struct IssuePositions {
    pub issue: String,
    pub title: String,
    pub low: String,
    pub high: String,
    pub status_quo: Option<f64>,
    pub actors: Vec<Vec<Point>>,
}

impl IssuePositions {
    /// Each actor's latest point as a player for the models.
    pub fn players(&self) -> Vec<Player> {
        self.actors
            .iter()
            .filter_map(|series| series.last())
            .map(|p| Player { name: p.actor.clone(), capability: p.capability, position: p.position, salience: p.salience })
            .collect()
    }

    pub fn is_empty(&self) -> bool {
        self.actors.is_empty()
    }
}

/// The evidence `statement` gives on `issue`, if any.
pub fn evidence(issue: &IssueSpec, statement: &Statement) -> Option<Evidence> {
    if statement.polarity == Polarity::Negated {
        return None;
    }
    let text = fold(&statement.text);
    if !issue.topic.is_empty() && !issue.topic.iter().any(|w| contains_word(&text, w)) {
        return None;
    }
    let mut best: Option<((bool, usize), &crate::space::Signal, &str)> = None;
    for signal in &issue.signals {
        if !signal.events.is_empty() && !signal.events.contains(&statement.kind) {
            continue;
        }
        for w in &signal.words {
            let specificity = (!signal.events.is_empty(), w.len());
            if contains_word(&text, w) && best.is_none_or(|(s, _, _)| specificity > s) {
                best = Some((specificity, signal, w));
            }
        }
    }
    let (_, signal, word) = best?;
    let weight = signal.weight
        * if statement.polarity == Polarity::Hypothetical { 0.5 } else { 1.0 }
        * if statement.person.is_some() { PERSON_WEIGHT } else { 1.0 };
    Some(Evidence {
        doc_id: statement.doc_id.clone(),
        sentence: statement.sentence,
        span: statement.span,
        date: statement.date.clone(),
        position: signal.position,
        weight,
        detail: statement.detail.clone(),
        matched: word.to_string(),
        text: statement.text.clone(),
    })
}

/// Positions of every actor of `space` on every issue, as of each date it has evidence for,
/// up to `until` (inclusive; `None`: all).
pub fn positions(space: &IssueSpace, statements: &[Statement], until: Option<&str>) -> Vec<IssuePositions> {
    space
        .issues
        .iter()
        .map(|issue| {
            let mut actors = Vec::new();
            for actor in &space.actors {
                // one piece of evidence per sentence: the heaviest
                let mut by_sentence: BTreeMap<(String, usize), Evidence> = BTreeMap::new();
                for st in statements.iter().filter(|s| s.is_by(actor)) {
                    if until.is_some_and(|u| st.date.as_deref().is_some_and(|d| d > u)) {
                        continue;
                    }
                    if let Some(ev) = evidence(issue, st) {
                        let key = (ev.doc_id.clone(), ev.sentence);
                        if by_sentence.get(&key).is_none_or(|old| ev.weight > old.weight) {
                            by_sentence.insert(key, ev);
                        }
                    }
                }
                let mut found: Vec<Evidence> = by_sentence.into_values().collect();
                if found.is_empty() {
                    continue;
                }
                found.sort_by(|a, b| a.date.cmp(&b.date).then(a.doc_id.cmp(&b.doc_id)).then(a.sentence.cmp(&b.sentence)));
                let mut dates: Vec<Option<String>> = found.iter().map(|e| e.date.clone()).collect();
                dates.dedup();
                let series = dates
                    .into_iter()
                    .map(|date| {
                        let upto: Vec<Evidence> = found.iter().filter(|e| e.date <= date).cloned().collect();
                        let (position, total) = weigh(&upto, date.as_deref(), space.half_life_days);
                        Point {
                            issue: issue.id.clone(),
                            actor: actor.code.clone(),
                            name: actor.label().to_string(),
                            date,
                            position,
                            salience: 100.0 * total / (total + HALF_SALIENCE_WEIGHT),
                            capability: space.capability(actor),
                            evidence: upto,
                        }
                    })
                    .collect();
                actors.push(series);
            }
            IssuePositions { issue: issue.id.clone(), title: issue.title.clone(), low: issue.low.clone(), high: issue.high.clone(), status_quo: issue.status_quo, actors }
        })
        .collect()
}

/// The decayed weighted mean position of `evidence` as of `date`, and its total decayed weight.
fn weigh(evidence: &[Evidence], date: Option<&str>, half_life_days: f64) -> (f64, f64) {
    let now = date.and_then(day_number);
    let (mut num, mut den) = (0.0, 0.0);
    for e in evidence {
        let age = match (now, e.date.as_deref().and_then(day_number)) {
            (Some(n), Some(d)) => (n - d).max(0) as f64,
            _ => 0.0,
        };
        let w = e.weight * 0.5f64.powf(age / half_life_days);
        num += w * e.position;
        den += w;
    }
    (if den > 0.0 { num / den } else { 50.0 }, den)
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date (the proleptic Gregorian calendar).
fn day_number(date: &str) -> Option<i64> {
    let mut parts = date.get(..10)?.split('-');
    let (y, m, d): (i64, i64, i64) = (parts.next()?.parse().ok()?, parts.next()?.parse().ok()?, parts.next()?.parse().ok()?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    // days from civil (H. Hinnant's algorithm)
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146097 + doe - 719468)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPACE: &str = r#"
half_life_days = 30
[[actors]]
code = "AAA"
capability = 10
names = ["Alba"]
[[actors]]
code = "BBB"
capability = 20
[[issues]]
id = "land"
low = "A keeps the valley"
high = "B gets the valley"
topic = ["valley"]
[[issues.signals]]
position = 100
words = ["hand over", "cede"]
events = ["REQUEST", "QUOTE"]
[[issues.signals]]
position = 0
words = ["never cede", "cede"]
events = ["REJECT"]
"#;

    fn st(code: &str, kind: &str, date: &str, sentence: usize, text: &str) -> Statement {
        Statement {
            doc_id: "d".into(),
            sentence,
            span: [0, text.len()],
            date: Some(date.into()),
            code: code.into(),
            org: None,
            sector: None,
            quoted: kind == QUOTE,
            person: None,
            kind: kind.into(),
            polarity: Polarity::Asserted,
            text: text.into(),
            detail: kind.into(),
        }
    }

    #[test]
    fn positions_follow_the_signals_and_age() {
        let space = IssueSpace::parse(SPACE, "s.toml").unwrap();
        let statements = vec![
            st("BBB", "REQUEST", "2025-01-01", 0, "Bertia demanded that Alba hand over the valley."),
            st("AAA", "REJECT", "2025-01-02", 1, "Alba said it would never cede the valley."),
            st("AAA", "REQUEST", "2025-01-03", 2, "Alba asked for talks."),
            st("BBB", "REQUEST", "2025-03-02", 3, "Bertia again asked Alba to cede the valley."),
        ];
        let out = positions(&space, &statements, None);
        let land = &out[0];
        assert_eq!(land.actors.len(), 2);
        let a = &land.actors[0];
        assert_eq!(a.len(), 1);
        assert_eq!((a[0].position, a[0].evidence[0].matched.as_str()), (0.0, "never cede"));
        let b = &land.actors[1];
        assert_eq!(b.len(), 2);
        assert_eq!(b[1].position, 100.0);
        // two statements 60 days apart with a 30-day half-life: 1 + 0.25 = 1.25
        assert!((b[1].salience - 100.0 * 1.25 / 3.25).abs() < 1e-9, "{}", b[1].salience);
        let players = land.players();
        assert_eq!(players[1].capability, 20.0);
        // until cuts later evidence
        let early = positions(&space, &statements, Some("2025-01-31"));
        assert_eq!(early[0].actors[1].len(), 1);
    }

    #[test]
    fn negated_and_unrelated_statements_are_no_evidence() {
        let space = IssueSpace::parse(SPACE, "s.toml").unwrap();
        let mut s = st("BBB", "REQUEST", "2025-01-01", 0, "Bertia did not demand that Alba hand over the valley.");
        s.polarity = Polarity::Negated;
        assert!(evidence(&space.issues[0], &s).is_none());
        let s = st("BBB", "REQUEST", "2025-01-01", 0, "Bertia demanded that Alba hand over the mountain.");
        assert!(evidence(&space.issues[0], &s).is_none());
    }

    #[test]
    fn quotes_count_by_speaker_name() {
        let space = IssueSpace::parse(SPACE, "s.toml").unwrap();
        let mut s = st("", QUOTE, "2025-01-01", 0, "we are ready to hand over the valley");
        s.person = Some("Prime Minister Alba".into());
        let out = positions(&space, &[s], None);
        assert_eq!(out[0].actors.len(), 1);
        assert_eq!(out[0].actors[0][0].actor, "AAA");
    }

    #[test]
    fn a_leader_outweighs_a_description_of_the_country() {
        let space = IssueSpace::parse(SPACE, "s.toml").unwrap();
        let said = st("AAA", "REJECT", "2025-01-02", 0, "Prime Minister Alba said she would never cede the valley.");
        let said = Statement { person: Some("Alba".into()), ..said };
        let described = st("AAA", "REQUEST", "2025-01-02", 1, "Albanians know they would have to cede the valley.");
        let out = positions(&space, &[said, described], None);
        let p = &out[0].actors[0][0];
        assert!((p.position - 100.0 / 3.0).abs() < 1e-9, "{}", p.position);
    }

    #[test]
    fn newspapers_and_analysts_do_not_speak_for_their_state() {
        let space = IssueSpace::parse(SPACE, "s.toml").unwrap();
        let paper = Statement { sector: Some("MED".into()), ..st("BBB", "REQUEST", "2025-01-01", 0, "The Bertian Herald demanded that Alba hand over the valley.") };
        let analyst = Statement { person: Some("Ana Lyst".into()), ..st("BBB", QUOTE, "2025-01-01", 1, "Bertia wants Alba to hand over the valley") };
        let minister = Statement { sector: Some("GOV".into()), person: Some("Bo Minister".into()), ..st("BBB", QUOTE, "2025-01-01", 2, "Alba must hand over the valley") };
        let out = positions(&space, &[paper.clone(), analyst.clone()], None);
        assert!(out[0].actors.is_empty());
        let out = positions(&space, &[paper, analyst, minister], None);
        assert_eq!(out[0].actors[0][0].evidence.len(), 1);
    }

    #[test]
    fn day_numbers() {
        assert_eq!(day_number("1970-01-01"), Some(0));
        assert_eq!(day_number("2025-03-01").unwrap() - day_number("2025-02-28").unwrap(), 1);
        assert_eq!(day_number("2024-03-01").unwrap() - day_number("2024-02-28").unwrap(), 2);
        assert_eq!(day_number("garbage"), None);
    }
}
