//! Read-only aggregation queries for the dashboard and the HTTP API (`statecraft serve`) and for
//! `statecraft report`: pages of events with their ids, dyad time series (per day, week or
//! month: counts by PLOVER category and quad class, mean and total Goldstein), the actor
//! network, per-outlet figures, the most-quoted speakers, document search and detail.
//!
//! Every query here only reads, and every user value is bound as a parameter: the SQL text is
//! built from fixed fragments only.
//!
//! **Story groups are counted once.** An event is identified by its story (the document's
//! `story_group`, else the document itself), source, target and CAMEO
//! code: the same wire story carried by three outlets, or a summit mentioned in four sentences
//! of one article, is one event in the counts and the Goldstein figures; `mentions` counts the
//! raw rows behind it.

use std::collections::{BTreeMap, HashSet};

use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::{params_from_iter, OptionalExtension};
use serde::Serialize;
use statecraft_model::{Event, Quote};

use crate::sql::{like, Sql};
use crate::{event_from_row, quote_from_row, Store, StoreError, COUNTED_POLARITIES, EVENT_COLUMNS, EVENT_SENTENCE, QUOTE_COLUMNS};

/// The story of document `d`: its story group (near-duplicates share one), else itself.
const STORY: &str = "COALESCE(d.story_group, d.id)";

/// Codes under which an organisation or group is told apart by its `org` (`IGO` + `NATO`).
const GROUP_CODES: &str = "('IGO', 'NGO', 'IMG')";

/// The time unit of a series.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Interval {
    Day,
    /// ISO weeks, labelled by their Monday.
    Week,
    /// Calendar months, labelled by their first day.
    Month,
}

impl Interval {
    pub fn parse(s: &str) -> Option<Interval> {
        match s.trim().to_ascii_lowercase().as_str() {
            "day" => Some(Interval::Day),
            "week" => Some(Interval::Week),
            "month" => Some(Interval::Month),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Interval::Day => "day",
            Interval::Week => "week",
            Interval::Month => "month",
        }
    }

    /// SQL giving the first day of the period of `e.date` (checked to start with a date).
    fn period_sql(self) -> &'static str {
        match self {
            Interval::Day => "substr(e.date, 1, 10)",
            Interval::Week => "date(substr(e.date, 1, 10), '-6 days', 'weekday 1')",
            Interval::Month => "substr(e.date, 1, 7) || '-01'",
        }
    }
}

/// Which events a page, series or network covers. `None` fields match everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EventQuery {
    /// An actor key: a code (`RUS`) or, for organisations and groups, the organisation (`NATO`).
    pub actor: Option<String>,
    /// Two actor keys: events between them (either direction unless `directed`).
    pub pair: Option<(String, String)>,
    /// With `pair`: only events from the first to the second.
    pub directed: bool,
    /// Event date on or after, inclusive.
    pub since: Option<NaiveDate>,
    /// Event date on or before, inclusive.
    pub until: Option<NaiveDate>,
    /// A PLOVER category (`ASSAULT`) or a CAMEO code prefix (`19`).
    pub event: Option<String>,
    /// Quad class 1 to 4.
    pub quad: Option<u8>,
    /// Polarities to keep (`asserted`, `negated`, ...); empty keeps all.
    pub polarities: Vec<String>,
    /// One document.
    pub doc: Option<String>,
    /// Words in the sentence (case-insensitive substring).
    pub text: Option<String>,
    /// Documents from this outlet.
    pub outlet: Option<String>,
    /// Events whose calibrated confidence is at least this; events without one (coded by the
    /// rules alone) are kept.
    pub min_confidence: Option<f32>,
}

impl EventQuery {
    /// Every event of the polarities counted by default, with no other filter.
    pub fn counted() -> EventQuery {
        EventQuery { polarities: COUNTED_POLARITIES.iter().map(|p| p.to_string()).collect(), ..EventQuery::default() }
    }

    /// Whether this asks for what [`EventQuery::counted`] asks: the running totals of the
    /// store (`summary`) answer it without reading the events.
    fn is_counted(&self) -> bool {
        let EventQuery { actor, pair, directed, since, until, event, quad, polarities, doc, text, outlet, min_confidence } = self;
        actor.is_none()
            && pair.is_none()
            && !directed
            && since.is_none()
            && until.is_none()
            && event.is_none()
            && quad.is_none()
            && doc.is_none()
            && text.is_none()
            && outlet.is_none()
            && min_confidence.is_none()
            && polarities.len() == COUNTED_POLARITIES.len()
            && COUNTED_POLARITIES.iter().all(|p| polarities.iter().any(|x| x == p))
    }
}

/// A page of results: `total` rows match, `items` holds at most `limit` of them from `offset`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Page<T> {
    pub total: i64,
    pub limit: usize,
    pub offset: usize,
    pub items: Vec<T>,
}

/// An event with its store id and its document's title and outlet.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventRow {
    pub id: i64,
    #[serde(flatten)]
    pub event: Event,
    pub title: Option<String>,
    pub outlet: Option<String>,
}

/// One period of a dyad series.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DyadPoint {
    /// First day of the period (`YYYY-MM-DD`).
    pub period: String,
    /// Events, each story group counted once.
    pub events: i64,
    /// Event rows behind them (every sentence of every article).
    pub mentions: i64,
    /// Distinct stories.
    pub stories: i64,
    /// Events per quad class: verbal cooperation, material cooperation, verbal conflict,
    /// material conflict.
    pub quad: [i64; 4],
    /// Events per PLOVER category.
    pub categories: BTreeMap<String, i64>,
    pub goldstein_total: f64,
    pub goldstein_mean: f64,
}

/// A dyad's series over time.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DyadSeries {
    pub a: String,
    pub b: String,
    pub directed: bool,
    pub interval: Interval,
    pub points: Vec<DyadPoint>,
    pub events: i64,
    pub goldstein_mean: f64,
}

/// A node of the actor network.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NetworkNode {
    pub id: String,
    pub events: i64,
    pub partners: i64,
}

/// An undirected edge: events between `a` and `b` in either direction.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NetworkEdge {
    pub a: String,
    pub b: String,
    pub events: i64,
    pub a_to_b: i64,
    pub b_to_a: i64,
    pub cooperation: i64,
    pub conflict: i64,
    pub goldstein_mean: f64,
    /// 1 when cooperation outweighs conflict, -1 when conflict does, 0 when even.
    pub sign: i8,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Network {
    pub nodes: Vec<NetworkNode>,
    pub edges: Vec<NetworkEdge>,
}

/// An actor with its event counts (story groups counted once).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActorStat {
    pub id: String,
    pub code: String,
    pub org: Option<String>,
    pub events: i64,
    pub as_source: i64,
    pub as_target: i64,
    pub cooperation: i64,
    pub conflict: i64,
}

/// Figures for one outlet.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutletStat {
    pub outlet: Option<String>,
    pub documents: i64,
    pub stories: i64,
    pub events: i64,
    pub cooperation: i64,
    pub conflict: i64,
    pub goldstein_mean: Option<f64>,
    pub first: Option<String>,
    pub last: Option<String>,
}

/// A speaker with how often they are quoted (a quote repeated across a story group once).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpeakerStat {
    pub name: String,
    pub code: Option<String>,
    pub role: Option<String>,
    pub quotes: i64,
    pub documents: i64,
}

/// A quote with its document's title.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuoteRow {
    #[serde(flatten)]
    pub quote: Quote,
    pub title: Option<String>,
}

/// Which quotes a page covers.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct QuoteQuery {
    /// The speaker's name or code (case-insensitive, exact).
    pub speaker: Option<String>,
    pub doc: Option<String>,
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    /// Words in the quote (case-insensitive substring).
    pub text: Option<String>,
    /// Only quotes whose speaker is known.
    pub attributed: bool,
}

/// Which documents a search covers.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocumentQuery {
    /// Words in the title or text (case-insensitive substring).
    pub text: Option<String>,
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    pub outlet: Option<String>,
}

/// A document in a search result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocumentHit {
    pub id: String,
    pub title: Option<String>,
    pub date: Option<String>,
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub status: String,
    pub sentences: i64,
    pub events: i64,
    /// Some text around the first match (or the beginning).
    pub snippet: String,
}

/// A document with its cleaned text and the debris removed from it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocumentDetail {
    pub id: String,
    pub title: Option<String>,
    pub date: Option<String>,
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub origin: String,
    pub status: String,
    pub error: Option<String>,
    /// The cleaned text: every span points into it.
    pub text: String,
    /// Lines removed as debris, with the reason.
    pub removed: Vec<(String, String)>,
    pub story_group: Option<String>,
    /// How the document was read (a web page's extraction strategy, a charset detected).
    pub notes: Vec<String>,
}

/// What the store holds, for the dashboard's header.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Overview {
    pub documents: i64,
    pub events: i64,
    pub quotes: i64,
    pub first_date: Option<String>,
    pub last_date: Option<String>,
    /// The pairs with the most events, busiest first.
    pub top_pairs: Vec<NetworkEdge>,
}

/// The actor key of side `side` (`source` or `target`) of events aliased `e`.
fn key_sql(side: &str) -> String {
    format!("CASE WHEN e.{side}_code IN {GROUP_CODES} AND e.{side}_org IS NOT NULL THEN e.{side}_org ELSE e.{side}_code END")
}

/// A condition: side `side` of `e` is the actor whose key is bound at `p`; `is_code` when the
/// key is an actor code (indexed) rather than an organisation's name.
fn side_is(side: &str, p: &str, is_code: bool) -> String {
    if is_code {
        format!("e.{side}_code = {p}")
    } else {
        format!("(e.{side}_code IN {GROUP_CODES} AND e.{side}_org = {p})")
    }
}

/// The join a query of events needs for `q.text` (words in the sentence), else nothing.
fn sentence_join(q: &EventQuery) -> String {
    if q.text.is_some() {
        format!(" {EVENT_SENTENCE}")
    } else {
        String::new()
    }
}

fn i64_of(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

impl Store {
    /// Whether an actor key is a code (`RUS`, or `IGO` itself) rather than an organisation of an
    /// `IGO`/`NGO`/`IMG` actor (`NATO`): codes are matched through the code indexes.
    fn is_code(&self, key: &str) -> Result<bool, StoreError> {
        if matches!(key, "IGO" | "NGO" | "IMG") {
            return Ok(true);
        }
        let found = self
            .conn
            .prepare_cached("SELECT 1 FROM events WHERE source_code = ?1 UNION ALL SELECT 1 FROM events WHERE target_code = ?1 LIMIT 1")?
            .exists([key])?;
        if found {
            return Ok(true);
        }
        // an organisation if some event names it; else a code that matches nothing (indexed)
        let org = self
            .conn
            .prepare_cached(&format!(
                "SELECT 1 FROM events WHERE source_code IN {GROUP_CODES} AND source_org = ?1 \
                 UNION ALL SELECT 1 FROM events WHERE target_code IN {GROUP_CODES} AND target_org = ?1 LIMIT 1"
            ))?
            .exists([key])?;
        Ok(!org)
    }

    /// Conditions of `q` on events aliased `e` joined to documents `d`.
    fn event_where(&self, q: &EventQuery, sql: &mut Sql) -> Result<(), StoreError> {
        if let Some(actor) = &q.actor {
            let code = self.is_code(actor)?;
            let p = sql.text(actor);
            sql.and(format!("({} OR {})", side_is("source", &p, code), side_is("target", &p, code)));
        }
        if let Some((a, b)) = &q.pair {
            let (ca, cb) = (self.is_code(a)?, self.is_code(b)?);
            let (pa, pb) = (sql.text(a), sql.text(b));
            let forward = format!("({} AND {})", side_is("source", &pa, ca), side_is("target", &pb, cb));
            if q.directed {
                sql.and(forward);
            } else {
                let back = format!("({} AND {})", side_is("source", &pb, cb), side_is("target", &pa, ca));
                sql.and(format!("({forward} OR {back})"));
            }
        }
        sql.date_range("e.date", q.since, q.until);
        if let Some(event) = &q.event {
            let event = event.trim();
            if !event.is_empty() && event.bytes().all(|b| b.is_ascii_digit()) {
                let p = sql.text(event);
                sql.and(format!("substr(e.cameo, 1, length({p})) = {p}"));
            } else {
                let p = sql.text(&event.to_uppercase());
                sql.and(format!("e.event = {p}"));
            }
        }
        if let Some(quad) = q.quad {
            let p = sql.bind(Value::Integer(i64::from(quad)));
            sql.and(format!("e.quad_class = {p}"));
        }
        if !q.polarities.is_empty() {
            let ps: Vec<String> = q.polarities.iter().map(|p| sql.text(p)).collect();
            sql.and(format!("e.polarity IN ({})", ps.join(", ")));
        }
        if let Some(doc) = &q.doc {
            let p = sql.text(doc);
            sql.and(format!("e.doc_id = {p}"));
        }
        if let Some(text) = &q.text {
            let p = sql.text(&like(text));
            sql.and(format!("s.text LIKE {p} ESCAPE '\\'"));
        }
        if let Some(outlet) = &q.outlet {
            let p = sql.text(outlet);
            sql.and(format!("d.outlet = {p}"));
        }
        if let Some(min) = q.min_confidence {
            let p = sql.bind(Value::Real(f64::from(min)));
            sql.and(format!("(e.confidence IS NULL OR e.confidence >= {p})"));
        }
        Ok(())
    }

    /// A page of the events matching `q`, by date then storage order (`newest_first` reverses).
    pub fn event_page(
        &self,
        q: &EventQuery,
        limit: usize,
        offset: usize,
        newest_first: bool,
    ) -> Result<Page<EventRow>, StoreError> {
        let mut sql = Sql::default();
        self.event_where(q, &mut sql)?;
        let from = format!("FROM events e JOIN documents d ON d.id = e.doc_id {EVENT_SENTENCE}{}", sql.where_sql());
        // every event has its document (foreign key): the count needs the joins only to filter
        let count_from = if q.outlet.is_some() || q.text.is_some() { from.clone() } else { format!("FROM events e{}", sql.where_sql()) };
        let total: i64 = self
            .conn
            .prepare_cached(&format!("SELECT COUNT(*) {count_from}"))?
            .query_row(params_from_iter(sql.params()), |r| r.get(0))?;
        let order = if newest_first { "e.date DESC, e.id DESC" } else { "e.date, e.id" };
        let pl = sql.bind(Value::Integer(i64_of(limit)));
        let po = sql.bind(Value::Integer(i64_of(offset)));
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {EVENT_COLUMNS}, e.id, d.title, d.outlet {from} ORDER BY {order} LIMIT {pl} OFFSET {po}"
        ))?;
        let mut rows = stmt.query(params_from_iter(sql.params()))?;
        let mut items = Vec::new();
        while let Some(row) = rows.next()? {
            items.push(EventRow { event: event_from_row(row)?, id: row.get(33)?, title: row.get(34)?, outlet: row.get(35)? });
        }
        Ok(Page { total, limit, offset, items })
    }

    /// One event by its store id.
    pub fn event_by_id(&self, id: i64) -> Result<Option<EventRow>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {EVENT_COLUMNS}, e.id, d.title, d.outlet FROM events e JOIN documents d ON d.id = e.doc_id {EVENT_SENTENCE} WHERE e.id = ?1"
        ))?;
        let mut rows = stmt.query([id])?;
        match rows.next()? {
            None => Ok(None),
            Some(row) => Ok(Some(EventRow {
                event: event_from_row(row)?,
                id: row.get(33)?,
                title: row.get(34)?,
                outlet: row.get(35)?,
            })),
        }
    }

    /// The events between `q.pair` (or all events matching `q`) per period, each story group
    /// counted once. Events without a date are left out.
    pub fn dyad_series(&self, q: &EventQuery, interval: Interval) -> Result<DyadSeries, StoreError> {
        let story = STORY;
        let mut sql = Sql::default();
        self.event_where(q, &mut sql)?;
        sql.and("e.date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*'".to_string());
        let text = format!(
            "SELECT period, story, MIN(event), MIN(quad_class), MIN(goldstein), COUNT(*) FROM (
                 SELECT {period} AS period, {story} AS story, e.source_code || '|' || COALESCE(e.source_org, '') AS s,
                        COALESCE(e.target_code, '') || '|' || COALESCE(e.target_org, '') AS t,
                        e.cameo, e.event, e.quad_class, e.goldstein
                 FROM events e JOIN documents d ON d.id = e.doc_id{sentences}{where_sql}
             ) GROUP BY period, story, s, t, cameo ORDER BY period",
            period = interval.period_sql(),
            sentences = sentence_join(q),
            where_sql = sql.where_sql(),
        );
        let mut stmt = self.conn.prepare_cached(&text)?;
        let mut rows = stmt.query(params_from_iter(sql.params()))?;
        let mut points: Vec<DyadPoint> = Vec::new();
        let mut stories: HashSet<String> = HashSet::new();
        let (mut all_events, mut all_total) = (0i64, 0f64);
        while let Some(row) = rows.next()? {
            let period: String = row.get(0)?;
            let story: String = row.get(1)?;
            let event: String = row.get(2)?;
            let quad: i64 = row.get(3)?;
            let g: f64 = row.get(4)?;
            let mentions: i64 = row.get(5)?;
            if points.last().map(|p| p.period != period).unwrap_or(true) {
                if let Some(p) = points.last_mut() {
                    p.stories = i64_of(stories.len());
                }
                stories.clear();
                points.push(DyadPoint {
                    period,
                    events: 0,
                    mentions: 0,
                    stories: 0,
                    quad: [0; 4],
                    categories: BTreeMap::new(),
                    goldstein_total: 0.0,
                    goldstein_mean: 0.0,
                });
            }
            if let Some(p) = points.last_mut() {
                stories.insert(story);
                p.events += 1;
                p.mentions += mentions;
                if let Some(slot) = usize::try_from(quad - 1).ok().and_then(|i| p.quad.get_mut(i)) {
                    *slot += 1;
                }
                *p.categories.entry(event).or_default() += 1;
                p.goldstein_total += g;
                all_events += 1;
                all_total += g;
            }
        }
        if let Some(p) = points.last_mut() {
            p.stories = i64_of(stories.len());
        }
        for p in &mut points {
            p.goldstein_total = round2(p.goldstein_total);
            p.goldstein_mean = if p.events > 0 { round2(p.goldstein_total / p.events as f64) } else { 0.0 };
        }
        let (a, b) = q.pair.clone().unwrap_or_else(|| (q.actor.clone().unwrap_or_default(), String::new()));
        Ok(DyadSeries {
            a,
            b,
            directed: q.directed,
            interval,
            points,
            events: all_events,
            goldstein_mean: if all_events > 0 { round2(all_total / all_events as f64) } else { 0.0 },
        })
    }

    /// The actor network of the events matching `q` (with a target other than the source):
    /// the `max_edges` busiest pairs with at least `min_events` events, and their actors.
    pub fn network(&self, q: &EventQuery, min_events: i64, max_edges: usize) -> Result<Network, StoreError> {
        let edges = self.pairs(q, min_events, max_edges)?;
        let mut nodes: BTreeMap<String, NetworkNode> = BTreeMap::new();
        for e in &edges {
            for id in [&e.a, &e.b] {
                let n = nodes.entry(id.clone()).or_insert_with(|| NetworkNode { id: id.clone(), events: 0, partners: 0 });
                n.events += e.events;
                n.partners += 1;
            }
        }
        let mut nodes: Vec<NetworkNode> = nodes.into_values().collect();
        nodes.sort_by(|x, y| y.events.cmp(&x.events).then(x.id.cmp(&y.id)));
        Ok(Network { nodes, edges })
    }

    fn pairs(&self, q: &EventQuery, min_events: i64, max_edges: usize) -> Result<Vec<NetworkEdge>, StoreError> {
        if q.is_counted() {
            return self.counted_pairs(min_events, max_edges);
        }
        let story = STORY;
        let mut sql = Sql::default();
        self.event_where(q, &mut sql)?;
        sql.and("e.target_code IS NOT NULL".to_string());
        // an unknown source (empty code) is no node of the network
        sql.and("e.source_code <> ''".to_string());
        let (src, tgt) = (key_sql("source"), key_sql("target"));
        let pm = sql.bind(Value::Integer(min_events.max(1)));
        let pl = sql.bind(Value::Integer(i64_of(max_edges)));
        let text = format!(
            "SELECT CASE WHEN s < t THEN s ELSE t END AS a, CASE WHEN s < t THEN t ELSE s END AS b,
                    COUNT(*), SUM(s < t), SUM(s > t), SUM(quad <= 2), SUM(quad >= 3), AVG(g)
             FROM (
                 SELECT {story} AS story, {src} AS s, {tgt} AS t, e.cameo, MIN(e.quad_class) AS quad, MIN(e.goldstein) AS g
                 FROM events e JOIN documents d ON d.id = e.doc_id{sentences}{where_sql}
                 GROUP BY story, s, t, e.cameo
             ) WHERE s <> t
             GROUP BY a, b HAVING COUNT(*) >= {pm} ORDER BY COUNT(*) DESC, a, b LIMIT {pl}",
            sentences = sentence_join(q),
            where_sql = sql.where_sql(),
        );
        let mut stmt = self.conn.prepare_cached(&text)?;
        let mut rows = stmt.query(params_from_iter(sql.params()))?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            let cooperation: i64 = row.get(5)?;
            let conflict: i64 = row.get(6)?;
            out.push(NetworkEdge {
                a: row.get(0)?,
                b: row.get(1)?,
                events: row.get(2)?,
                a_to_b: row.get(3)?,
                b_to_a: row.get(4)?,
                cooperation,
                conflict,
                goldstein_mean: round2(row.get::<_, Option<f64>>(7)?.unwrap_or(0.0)),
                sign: (cooperation - conflict).signum() as i8,
            });
        }
        Ok(out)
    }

    /// Actors by number of events (story groups counted once), busiest first; `prefix` keeps
    /// the keys starting with it (case-insensitive).
    pub fn actor_stats(&self, q: &EventQuery, prefix: Option<&str>, limit: usize, offset: usize) -> Result<Page<ActorStat>, StoreError> {
        if q.is_counted() {
            return self.counted_actors(prefix, limit, offset);
        }
        let story = STORY;
        let mut sql = Sql::default();
        self.event_where(q, &mut sql)?;
        let (src, tgt) = (key_sql("source"), key_sql("target"));
        let where_sql = sql.where_sql();
        let sentences = sentence_join(q);
        let target_where = if where_sql.is_empty() {
            " WHERE e.target_code IS NOT NULL".to_string()
        } else {
            format!("{where_sql} AND e.target_code IS NOT NULL")
        };
        // an unknown source (empty code) is no actor
        let mut outer = " WHERE id <> ''".to_string();
        if let Some(p) = prefix.filter(|p| !p.is_empty()) {
            let pp = sql.text(&format!("{}%", p.replace(['%', '_', '\\'], "")));
            outer = format!(" WHERE id <> '' AND id LIKE {pp}");
        }
        let base = format!(
            "SELECT id, MIN(code) AS code, MIN(org) AS org, COUNT(*) AS events, SUM(side = 0) AS as_source, SUM(side = 1) AS as_target,
                    SUM(quad <= 2) AS cooperation, SUM(quad >= 3) AS conflict
             FROM (
                 SELECT DISTINCT {story} AS story, {src} AS id, e.source_code AS code,
                        CASE WHEN e.source_code IN {GROUP_CODES} THEN e.source_org END AS org, 0 AS side,
                        {src} || '>' || COALESCE({tgt}, '') AS dyad, e.cameo, e.quad_class AS quad
                 FROM events e JOIN documents d ON d.id = e.doc_id{sentences}{where_sql}
                 UNION
                 SELECT DISTINCT {story}, {tgt}, e.target_code,
                        CASE WHEN e.target_code IN {GROUP_CODES} THEN e.target_org END, 1,
                        {src} || '>' || {tgt}, e.cameo, e.quad_class
                 FROM events e JOIN documents d ON d.id = e.doc_id{sentences}{target_where}
             ){outer} GROUP BY id"
        );
        let total: i64 = self
            .conn
            .prepare_cached(&format!("SELECT COUNT(*) FROM ({base})"))?
            .query_row(params_from_iter(sql.params()), |r| r.get(0))?;
        let pl = sql.bind(Value::Integer(i64_of(limit)));
        let po = sql.bind(Value::Integer(i64_of(offset)));
        let mut stmt = self.conn.prepare_cached(&format!("{base} ORDER BY events DESC, id LIMIT {pl} OFFSET {po}"))?;
        let mut rows = stmt.query(params_from_iter(sql.params()))?;
        let mut items = Vec::new();
        while let Some(row) = rows.next()? {
            items.push(ActorStat {
                id: row.get(0)?,
                code: row.get(1)?,
                org: row.get(2)?,
                events: row.get(3)?,
                as_source: row.get(4)?,
                as_target: row.get(5)?,
                cooperation: row.get(6)?,
                conflict: row.get(7)?,
            });
        }
        Ok(Page { total, limit, offset, items })
    }

    /// Figures per outlet for documents dated in `since..=until`, most documents first.
    pub fn outlet_stats(&self, since: Option<NaiveDate>, until: Option<NaiveDate>) -> Result<Vec<OutletStat>, StoreError> {
        let story = STORY;
        let mut sql = Sql::default();
        sql.date_range("d.date", since, until);
        let text = format!(
            "SELECT d.outlet, COUNT(DISTINCT d.id), COUNT(DISTINCT {story}), COUNT(e.id),
                    COALESCE(SUM(e.quad_class <= 2), 0), COALESCE(SUM(e.quad_class >= 3), 0), AVG(e.goldstein),
                    MIN(substr(d.date, 1, 10)), MAX(substr(d.date, 1, 10))
             FROM documents d LEFT JOIN events e ON e.doc_id = d.id{}
             GROUP BY d.outlet ORDER BY COUNT(DISTINCT d.id) DESC, d.outlet",
            sql.where_sql()
        );
        let mut stmt = self.conn.prepare_cached(&text)?;
        let mut rows = stmt.query(params_from_iter(sql.params()))?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            out.push(OutletStat {
                outlet: row.get(0)?,
                documents: row.get(1)?,
                stories: row.get(2)?,
                events: row.get(3)?,
                cooperation: row.get(4)?,
                conflict: row.get(5)?,
                goldstein_mean: row.get::<_, Option<f64>>(6)?.map(round2),
                first: row.get(7)?,
                last: row.get(8)?,
            });
        }
        Ok(out)
    }

    /// The most-quoted named speakers, a quote repeated within a story group counted once.
    pub fn top_speakers(&self, since: Option<NaiveDate>, until: Option<NaiveDate>, limit: usize) -> Result<Vec<SpeakerStat>, StoreError> {
        let story = STORY;
        let mut sql = Sql::default();
        sql.and("q.speaker_name IS NOT NULL".to_string());
        sql.date_range("q.date", since, until);
        let pl = sql.bind(Value::Integer(i64_of(limit)));
        let text = format!(
            "SELECT q.speaker_name, MAX(q.speaker_code), MAX(q.speaker_role),
                    COUNT(DISTINCT {story} || char(31) || q.text), COUNT(DISTINCT q.doc_id)
             FROM quotes q JOIN documents d ON d.id = q.doc_id{}
             GROUP BY q.speaker_name ORDER BY 4 DESC, q.speaker_name LIMIT {pl}",
            sql.where_sql()
        );
        let mut stmt = self.conn.prepare_cached(&text)?;
        let mut rows = stmt.query(params_from_iter(sql.params()))?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            out.push(SpeakerStat {
                name: row.get(0)?,
                code: row.get(1)?,
                role: row.get(2)?,
                quotes: row.get(3)?,
                documents: row.get(4)?,
            });
        }
        Ok(out)
    }

    /// A page of quotes in document order.
    pub fn quote_page(&self, q: &QuoteQuery, limit: usize, offset: usize) -> Result<Page<QuoteRow>, StoreError> {
        let mut sql = Sql::default();
        if let Some(sp) = &q.speaker {
            let p = sql.text(&sp.trim().to_lowercase());
            sql.and(format!("(lower(q.speaker_name) = {p} OR lower(q.speaker_code) = {p})"));
        }
        if let Some(doc) = &q.doc {
            let p = sql.text(doc);
            sql.and(format!("q.doc_id = {p}"));
        }
        sql.date_range("q.date", q.since, q.until);
        if let Some(t) = &q.text {
            let p = sql.text(&like(t));
            sql.and(format!("q.text LIKE {p} ESCAPE '\\'"));
        }
        if q.attributed {
            sql.and("q.known_speaker = 1".to_string());
        }
        let from = format!("FROM quotes q JOIN documents d ON d.id = q.doc_id{}", sql.where_sql());
        let total: i64 = self
            .conn
            .prepare_cached(&format!("SELECT COUNT(*) {from}"))?
            .query_row(params_from_iter(sql.params()), |r| r.get(0))?;
        let pl = sql.bind(Value::Integer(i64_of(limit)));
        let po = sql.bind(Value::Integer(i64_of(offset)));
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {QUOTE_COLUMNS}, d.title {from} ORDER BY d.date, d.rowid, q.idx LIMIT {pl} OFFSET {po}"
        ))?;
        let mut rows = stmt.query(params_from_iter(sql.params()))?;
        let mut items = Vec::new();
        while let Some(row) = rows.next()? {
            items.push(QuoteRow { quote: quote_from_row(row)?, title: row.get(16)? });
        }
        Ok(Page { total, limit, offset, items })
    }

    /// A page of documents matching `q`, newest first, with a snippet around the first match.
    pub fn document_page(&self, q: &DocumentQuery, limit: usize, offset: usize) -> Result<Page<DocumentHit>, StoreError> {
        let mut sql = Sql::default();
        if let Some(t) = &q.text {
            let p = sql.text(&like(t));
            sql.and(format!("(d.title LIKE {p} ESCAPE '\\' OR d.clean_text LIKE {p} ESCAPE '\\')"));
        }
        sql.date_range("d.date", q.since, q.until);
        if let Some(o) = &q.outlet {
            let p = sql.text(o);
            sql.and(format!("d.outlet = {p}"));
        }
        let from = format!("FROM documents d{}", sql.where_sql());
        let total: i64 = self
            .conn
            .prepare_cached(&format!("SELECT COUNT(*) {from}"))?
            .query_row(params_from_iter(sql.params()), |r| r.get(0))?;
        let pl = sql.bind(Value::Integer(i64_of(limit)));
        let po = sql.bind(Value::Integer(i64_of(offset)));
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT d.id, d.title, d.date, d.outlet, d.url, d.status, d.sentence_count, d.event_count, d.clean_text \
             {from} ORDER BY d.date DESC, d.rowid DESC LIMIT {pl} OFFSET {po}"
        ))?;
        let mut rows = stmt.query(params_from_iter(sql.params()))?;
        let mut items = Vec::new();
        while let Some(row) = rows.next()? {
            let text: String = row.get(8)?;
            items.push(DocumentHit {
                id: row.get(0)?,
                title: row.get(1)?,
                date: row.get(2)?,
                outlet: row.get(3)?,
                url: row.get(4)?,
                status: row.get(5)?,
                sentences: row.get(6)?,
                events: row.get(7)?,
                snippet: snippet(&text, q.text.as_deref(), 220),
            });
        }
        Ok(Page { total, limit, offset, items })
    }

    /// One document with its cleaned text and removed debris.
    pub fn document_detail(&self, id: &str) -> Result<Option<DocumentDetail>, StoreError> {
        let story = STORY;
        let text = format!(
            "SELECT d.id, d.title, d.date, d.outlet, d.url, d.origin, d.status, d.error, d.clean_text, d.removed, \
             CASE WHEN {story} = d.id THEN NULL ELSE {story} END, d.notes FROM documents d WHERE d.id = ?1"
        );
        let row = self
            .conn
            .prepare_cached(&text)?
            .query_row([id], |r| {
                Ok((
                    (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?),
                    (r.get(6)?, r.get(7)?, r.get(8)?, r.get::<_, String>(9)?, r.get(10)?, r.get::<_, String>(11)?),
                ))
            })
            .optional()?;
        let Some(((id, title, date, outlet, url, origin), (status, error, text, removed, story_group, notes))) = row else {
            return Ok(None);
        };
        let removed: Vec<(String, String)> = serde_json::from_str(&removed)
            .map_err(|e| StoreError::Corrupt(format!("bad removed-lines JSON for document {id}: {e}")))?;
        let notes: Vec<String> =
            serde_json::from_str(&notes).map_err(|e| StoreError::Corrupt(format!("bad notes JSON for document {id}: {e}")))?;
        Ok(Some(DocumentDetail { id, title, date, outlet, url, origin, status, error, text, removed, story_group, notes }))
    }

    /// Counts, the date range of events and the busiest pairs (of the counted polarities),
    /// all read from the running totals and indexes.
    pub fn overview(&self, top_pairs: usize) -> Result<Overview, StoreError> {
        let (documents, events, quotes, first_date, last_date) = self.conn.prepare_cached(
            "SELECT COALESCE((SELECT documents FROM store_totals), 0), COALESCE((SELECT events FROM store_totals), 0),
                    COALESCE((SELECT quotes FROM store_totals), 0),
                    (SELECT substr(MIN(date), 1, 10) FROM events WHERE date IS NOT NULL),
                    (SELECT substr(MAX(date), 1, 10) FROM events WHERE date IS NOT NULL)",
        )?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?;
        let top_pairs = self.counted_pairs(1, top_pairs)?;
        Ok(Overview { documents, events, quotes, first_date, last_date, top_pairs })
    }

    /// [`Store::pairs`] of [`EventQuery::counted`], from `pair_totals`.
    fn counted_pairs(&self, min_events: i64, max_edges: usize) -> Result<Vec<NetworkEdge>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT a, b, events, a_to_b, b_to_a, cooperation, conflict, goldstein_total FROM pair_totals
             WHERE events >= ?1 ORDER BY events DESC, a, b LIMIT ?2",
        )?;
        let mut rows = stmt.query(rusqlite::params![min_events.max(1), i64_of(max_edges)])?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            let (events, cooperation, conflict): (i64, i64, i64) = (row.get(2)?, row.get(5)?, row.get(6)?);
            let total: f64 = row.get(7)?;
            out.push(NetworkEdge {
                a: row.get(0)?,
                b: row.get(1)?,
                events,
                a_to_b: row.get(3)?,
                b_to_a: row.get(4)?,
                cooperation,
                conflict,
                goldstein_mean: round2(total / events.max(1) as f64),
                sign: (cooperation - conflict).signum() as i8,
            });
        }
        Ok(out)
    }

    /// [`Store::actor_stats`] of [`EventQuery::counted`], from `actor_totals`.
    fn counted_actors(&self, prefix: Option<&str>, limit: usize, offset: usize) -> Result<Page<ActorStat>, StoreError> {
        let pattern = format!("{}%", prefix.unwrap_or("").replace(['%', '_', '\\'], ""));
        let total: i64 = self
            .conn
            .prepare_cached("SELECT COUNT(*) FROM actor_totals WHERE id <> '' AND id LIKE ?1")?
            .query_row([&pattern], |r| r.get(0))?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, code, org, events, as_source, as_target, cooperation, conflict FROM actor_totals
             WHERE id <> '' AND id LIKE ?1 ORDER BY events DESC, id LIMIT ?2 OFFSET ?3",
        )?;
        let mut rows = stmt.query(rusqlite::params![pattern, i64_of(limit), i64_of(offset)])?;
        let mut items = Vec::new();
        while let Some(row) = rows.next()? {
            items.push(ActorStat {
                id: row.get(0)?,
                code: row.get(1)?,
                org: row.get(2)?,
                events: row.get(3)?,
                as_source: row.get(4)?,
                as_target: row.get(5)?,
                cooperation: row.get(6)?,
                conflict: row.get(7)?,
            });
        }
        Ok(Page { total, limit, offset, items })
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// About `width` bytes of `text` around the first case-insensitive match of `needle` (or its
/// beginning), cut at character boundaries, with ellipses where cut.
fn snippet(text: &str, needle: Option<&str>, width: usize) -> String {
    let at = needle
        .filter(|n| !n.is_empty())
        .and_then(|n| text.to_lowercase().find(&n.to_lowercase()))
        // lowercasing can change byte lengths; clamp to a boundary of the original text
        .map(|i| i.min(text.len()))
        .unwrap_or(0);
    let mut start = at.saturating_sub(width / 3);
    while start > 0 && !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (start + width).min(text.len());
    while end < text.len() && !text.is_char_boundary(end) {
        end += 1;
    }
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    out.push_str(text[start..end].trim());
    if end < text.len() {
        out.push('…');
    }
    out.replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_escapes_wildcards() {
        assert_eq!(like("50%_a\\b"), "%50\\%\\_a\\\\b%");
    }

    #[test]
    fn snippet_cuts_at_char_boundaries() {
        let text = "Ünïcödé ".repeat(40) + "Moscow summit " + &"ä".repeat(300);
        let s = snippet(&text, Some("moscow"), 60);
        assert!(s.contains("Moscow"), "{s}");
        assert!(s.starts_with('…') && s.ends_with('…'));
        assert_eq!(snippet("short", Some("zzz"), 60), "short");
    }

    #[test]
    fn intervals_parse() {
        assert_eq!(Interval::parse("Week"), Some(Interval::Week));
        assert_eq!(Interval::parse("year"), None);
    }
}
