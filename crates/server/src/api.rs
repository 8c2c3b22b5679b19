//! The JSON API and the routes of the dashboard's files.
//!
//! Every endpoint is `GET`. Query parameters are checked by [`Params`]: an unknown or repeated
//! name, a malformed date, a limit outside `1..=MAX_LIMIT`, an offset over [`MAX_OFFSET`] or a
//! malformed actor code is answered `400` with `{"error": "..."}`. Lists come as pages
//! `{"total", "limit", "offset", "next_offset", "items"}`. The reference is in the README
//! ("HTTP API").

use std::collections::HashSet;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use chrono::NaiveDate;
use serde::Serialize;
use serde_json::{json, Value};
use statecraft_model::PLOVER_CATEGORIES;
use statecraft_store::aggregate::{DocumentQuery, EventQuery, Interval, Page, QuoteQuery};
use statecraft_store::Store;

use crate::{assets, report, Db, Running};

/// The largest page any list endpoint returns.
pub const MAX_LIMIT: usize = 500;
/// The default page size.
pub const DEFAULT_LIMIT: usize = 50;
/// The largest offset accepted (deeper pages: narrow the filters).
pub const MAX_OFFSET: usize = 1_000_000;

const POLARITIES: [&str; 5] = ["asserted", "negated", "hypothetical", "threatened", "proposed"];
/// Polarities the counts use unless told otherwise: what the text says happened or was threatened
/// or proposed, not what it denies or imagines.
const DEFAULT_COUNTED: [&str; 3] = statecraft_store::COUNTED_POLARITIES;

pub(crate) type Shared = Arc<Db>;

/// The router: API under `/api`, dashboard at `/`.
pub fn router(db: Shared) -> Router {
    Router::new()
        .route("/", get(index))
        .route("/assets/{file}", get(asset))
        .route("/api", get(api_index))
        .route("/api/health", get(|| async { Json(json!({"ok": true})) }))
        .route("/api/overview", get(overview))
        .route("/api/events", get(events))
        .route("/api/events/{id}", get(event_one))
        .route("/api/actors", get(actors))
        .route("/api/dyad", get(dyad))
        .route("/api/timeline.svg", get(timeline_svg))
        .route("/api/network", get(network))
        .route("/api/outlets", get(outlets))
        .route("/api/speakers", get(speakers))
        .route("/api/quotes", get(quotes))
        .route("/api/documents", get(documents))
        .route("/api/documents/{id}", get(document_one))
        .route("/api/negotiation", get(crate::negotiation::negotiation))
        .fallback(not_found)
        .layer(axum::middleware::map_response(answer_headers))
        .with_state(db)
}

/// Every answer is taken for what its `Content-Type` says (`nosniff`), and one that sets no
/// policy of its own (JSON, the SVG timeline, errors) may load nothing and run nothing, even
/// when opened on its own in a browser.
async fn answer_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.entry(header::X_CONTENT_TYPE_OPTIONS).or_insert(HeaderValue::from_static("nosniff"));
    headers
        .entry(header::CONTENT_SECURITY_POLICY)
        .or_insert(HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'; sandbox"));
    response
}

/// An error answer: status and a JSON message.
#[derive(Debug)]
pub struct ApiError(pub(crate) StatusCode, pub(crate) String);

impl ApiError {
    pub(crate) fn bad(msg: impl Into<String>) -> ApiError {
        ApiError(StatusCode::BAD_REQUEST, msg.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.0, Json(json!({"error": self.1, "status": self.0.as_u16()}))).into_response()
    }
}

async fn not_found(uri: Uri) -> ApiError {
    ApiError(StatusCode::NOT_FOUND, format!("no such page or endpoint: {}; see GET /api for the list", uri.path()))
}

/// Runs a store query on a blocking thread. The query is stopped when this future is dropped
/// (the client went away) or when it runs past the store's time limit (answered 503).
pub(crate) async fn run<T: Send + 'static>(
    db: Shared,
    f: impl FnOnce(&Store) -> Result<T, statecraft_store::StoreError> + Send + 'static,
) -> Result<T, ApiError> {
    let running = Arc::new(Running::default());
    let mut guard = CancelOnDrop { db: Arc::clone(&db), running: Arc::clone(&running), armed: true };
    let limit = db.query_limit();
    let task = tokio::task::spawn_blocking({
        let (db, running) = (Arc::clone(&db), Arc::clone(&running));
        move || db.run(&running, f)
    });
    let outcome = tokio::time::timeout(limit, task).await;
    guard.armed = false;
    match outcome {
        Err(_) => {
            db.cancel(&running);
            Err(ApiError(
                StatusCode::SERVICE_UNAVAILABLE,
                format!("the query ran longer than {} s and was stopped; narrow it (dates, actor, event) and retry", limit.as_secs_f64()),
            ))
        }
        Ok(Ok(Some(Ok(v)))) => Ok(v),
        Ok(Ok(Some(Err(e)))) => Err(ApiError(StatusCode::INTERNAL_SERVER_ERROR, e.to_string())),
        Ok(Ok(None)) => Err(ApiError(StatusCode::SERVICE_UNAVAILABLE, "the query was cancelled".to_string())),
        Ok(Err(e)) => Err(ApiError(StatusCode::INTERNAL_SERVER_ERROR, format!("query failed: {e}"))),
    }
}

/// Cancels a request's query when the request is dropped before the query finished.
struct CancelOnDrop {
    db: Shared,
    running: Arc<Running>,
    armed: bool,
}

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        if self.armed {
            self.db.cancel(&self.running);
        }
    }
}

/// The query string, checked against the names an endpoint knows.
pub struct Params {
    pairs: Vec<(String, String)>,
}

impl Params {
    /// Parses the query of `uri`; names outside `known` or given twice are a 400.
    pub fn parse(uri: &Uri, known: &[&str]) -> Result<Params, ApiError> {
        let Query(pairs): Query<Vec<(String, String)>> =
            Query::try_from_uri(uri).map_err(|e| ApiError::bad(format!("malformed query string: {e}")))?;
        let mut seen = HashSet::new();
        for (k, _) in &pairs {
            if !known.contains(&k.as_str()) {
                return Err(ApiError::bad(format!("unknown parameter {k:?}; this endpoint takes: {}", known.join(", "))));
            }
            if !seen.insert(k.clone()) {
                return Err(ApiError::bad(format!("parameter {k:?} is given more than once")));
            }
        }
        Ok(Params { pairs })
    }

    /// The value of `name`, trimmed; `None` when absent or empty.
    pub fn str(&self, name: &str) -> Option<&str> {
        self.pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.trim()).filter(|v| !v.is_empty())
    }

    pub(crate) fn text(&self, name: &str, max: usize) -> Result<Option<String>, ApiError> {
        match self.str(name) {
            Some(v) if v.chars().count() > max => Err(ApiError::bad(format!("{name} is longer than {max} characters"))),
            v => Ok(v.map(str::to_string)),
        }
    }

    fn date(&self, name: &str) -> Result<Option<NaiveDate>, ApiError> {
        match self.str(name) {
            None => Ok(None),
            Some(v) => match NaiveDate::parse_from_str(v, "%Y-%m-%d") {
                Ok(d) if v.len() == 10 => Ok(Some(d)),
                _ => Err(ApiError::bad(format!("{name}={v:?} is not a date; write YYYY-MM-DD"))),
            },
        }
    }

    pub(crate) fn since_until(&self) -> Result<(Option<NaiveDate>, Option<NaiveDate>), ApiError> {
        let (since, until) = (self.date("since")?, self.date("until")?);
        if let (Some(s), Some(u)) = (since, until) {
            if s > u {
                return Err(ApiError::bad(format!("since {s} is after until {u}")));
            }
        }
        Ok((since, until))
    }

    fn number(&self, name: &str, default: usize, min: usize, max: usize) -> Result<usize, ApiError> {
        match self.str(name) {
            None => Ok(default),
            Some(v) => match v.parse::<usize>() {
                Ok(n) if (min..=max).contains(&n) => Ok(n),
                _ => Err(ApiError::bad(format!("{name}={v:?} must be a whole number from {min} to {max}"))),
            },
        }
    }

    fn limit(&self, default: usize) -> Result<usize, ApiError> {
        self.number("limit", default, 1, MAX_LIMIT)
    }

    fn offset(&self) -> Result<usize, ApiError> {
        self.number("offset", 0, 0, MAX_OFFSET)
    }

    fn flag(&self, name: &str) -> Result<bool, ApiError> {
        match self.str(name) {
            None => Ok(false),
            Some("1" | "true" | "yes") => Ok(true),
            Some("0" | "false" | "no") => Ok(false),
            Some(v) => Err(ApiError::bad(format!("{name}={v:?} must be true or false"))),
        }
    }

    fn actor(&self, name: &str) -> Result<Option<String>, ApiError> {
        self.str(name).map(|v| actor_key(name, v)).transpose()
    }

    fn pair(&self) -> Result<Option<(String, String)>, ApiError> {
        let Some(v) = self.str("pair") else { return Ok(None) };
        let parts: Vec<&str> = v.split(',').map(str::trim).collect();
        let [a, b] = parts.as_slice() else {
            return Err(ApiError::bad(format!("pair={v:?} must be two actor codes separated by a comma, e.g. USA,RUS")));
        };
        let (a, b) = (actor_key("pair", a)?, actor_key("pair", b)?);
        if a == b {
            return Err(ApiError::bad(format!("pair={v:?} names the same actor twice")));
        }
        Ok(Some((a, b)))
    }

    fn event(&self) -> Result<Option<String>, ApiError> {
        let Some(v) = self.str("event") else { return Ok(None) };
        let up = v.to_ascii_uppercase();
        if PLOVER_CATEGORIES.contains(&up.as_str()) {
            Ok(Some(up))
        } else if (2..=4).contains(&v.len()) && v.bytes().all(|b| b.is_ascii_digit()) {
            Ok(Some(v.to_string()))
        } else {
            Err(ApiError::bad(format!(
                "event={v:?} must be a PLOVER category ({}) or a CAMEO code prefix of 2 to 4 digits",
                PLOVER_CATEGORIES.join(", ")
            )))
        }
    }

    /// `min_confidence=0.6`: events below it are left out (events with no confidence are kept).
    fn confidence(&self) -> Result<Option<f32>, ApiError> {
        match self.str("min_confidence") {
            None => Ok(None),
            Some(v) => match v.parse::<f32>() {
                Ok(x) if (0.0..=1.0).contains(&x) => Ok(Some(x)),
                _ => Err(ApiError::bad(format!("min_confidence={v:?} must be a number from 0 to 1, e.g. 0.6"))),
            },
        }
    }

    fn quad(&self) -> Result<Option<u8>, ApiError> {
        match self.str("quad") {
            None => Ok(None),
            Some(v) => match v.parse::<u8>() {
                Ok(n @ 1..=4) => Ok(Some(n)),
                _ => Err(ApiError::bad(format!(
                    "quad={v:?} must be 1 (verbal cooperation), 2 (material cooperation), 3 (verbal conflict) or 4 (material conflict)"
                ))),
            },
        }
    }

    /// `polarity=asserted,negated` or `all`; absent gives `default`.
    fn polarities(&self, default: &[&str]) -> Result<Vec<String>, ApiError> {
        let Some(v) = self.str("polarity") else { return Ok(default.iter().map(|s| s.to_string()).collect()) };
        if v == "all" {
            return Ok(Vec::new());
        }
        v.split(',')
            .map(|p| {
                let p = p.trim().to_ascii_lowercase();
                if POLARITIES.contains(&p.as_str()) {
                    Ok(p)
                } else {
                    Err(ApiError::bad(format!("polarity {p:?} is not one of all, {}", POLARITIES.join(", "))))
                }
            })
            .collect()
    }

    fn interval(&self, default: Interval) -> Result<Interval, ApiError> {
        match self.str("interval") {
            None => Ok(default),
            Some(v) => Interval::parse(v).ok_or_else(|| ApiError::bad(format!("interval={v:?} must be day, week or month"))),
        }
    }

    /// The event filters shared by events, dyad, network and actors.
    fn event_query(&self, counted_default: &[&str]) -> Result<EventQuery, ApiError> {
        let (since, until) = self.since_until()?;
        let pair = self.pair()?;
        let directed = self.flag("directed")?;
        if directed && pair.is_none() {
            return Err(ApiError::bad("directed=true needs pair=A,B"));
        }
        Ok(EventQuery {
            actor: self.actor("actor")?,
            pair,
            directed,
            since,
            until,
            event: self.event()?,
            quad: self.quad()?,
            polarities: self.polarities(counted_default)?,
            doc: self.text("doc", 200)?,
            text: self.text("q", 200)?,
            outlet: self.text("outlet", 200)?,
            min_confidence: self.confidence()?,
        })
    }
}

/// An actor key: a code (`RUS`) or an organisation (`NATO`, `OPEC+`), upper-cased.
fn actor_key(name: &str, v: &str) -> Result<String, ApiError> {
    let up = v.trim().to_ascii_uppercase();
    if (2..=16).contains(&up.len()) && up.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'+') {
        Ok(up)
    } else {
        Err(ApiError::bad(format!(
            "{name}: {v:?} is not an actor code; use a code such as USA or RUS, or an organisation such as NATO"
        )))
    }
}

/// A page as JSON, with `next_offset` when there is more.
fn page_json<T: Serialize>(p: Page<T>) -> Value {
    let shown = p.offset + p.items.len();
    let next = if i64::try_from(shown).unwrap_or(i64::MAX) < p.total { Some(shown) } else { None };
    json!({"total": p.total, "limit": p.limit, "offset": p.offset, "next_offset": next, "items": p.items})
}

const EVENT_PARAMS: &[&str] =
    &["actor", "pair", "directed", "since", "until", "event", "quad", "polarity", "min_confidence", "doc", "q", "outlet", "limit", "offset", "order"];

async fn events(State(db): State<Shared>, uri: Uri) -> Result<Json<Value>, ApiError> {
    let p = Params::parse(&uri, EVENT_PARAMS)?;
    let q = p.event_query(&[])?;
    let (limit, offset) = (p.limit(DEFAULT_LIMIT)?, p.offset()?);
    let newest_first = match p.str("order") {
        None | Some("date") => false,
        Some("-date") => true,
        Some(v) => return Err(ApiError::bad(format!("order={v:?} must be date or -date"))),
    };
    let page = run(db, move |s| s.event_page(&q, limit, offset, newest_first)).await?;
    Ok(Json(page_json(page)))
}

async fn event_one(State(db): State<Shared>, Path(id): Path<String>, uri: Uri) -> Result<Json<Value>, ApiError> {
    Params::parse(&uri, &[])?;
    let id: i64 = id.parse().map_err(|_| ApiError::bad(format!("event id {id:?} must be a whole number")))?;
    match run(db, move |s| s.event_by_id(id)).await? {
        Some(e) => Ok(Json(json!(e))),
        None => Err(ApiError(StatusCode::NOT_FOUND, format!("no event {id}"))),
    }
}

async fn actors(State(db): State<Shared>, uri: Uri) -> Result<Json<Value>, ApiError> {
    let p = Params::parse(&uri, &["prefix", "since", "until", "event", "quad", "polarity", "min_confidence", "limit", "offset"])?;
    let q = p.event_query(&DEFAULT_COUNTED)?;
    let prefix = p.str("prefix").map(|v| v.to_ascii_uppercase());
    if prefix.as_ref().is_some_and(|v| v.len() > 16) {
        return Err(ApiError::bad("prefix is longer than 16 characters"));
    }
    let (limit, offset) = (p.limit(DEFAULT_LIMIT)?, p.offset()?);
    let page = run(db, move |s| s.actor_stats(&q, prefix.as_deref(), limit, offset)).await?;
    Ok(Json(page_json(page)))
}

const DYAD_PARAMS: &[&str] = &["pair", "directed", "since", "until", "interval", "event", "quad", "polarity", "min_confidence"];

fn dyad_query(p: &Params) -> Result<(EventQuery, Interval), ApiError> {
    if p.str("pair").is_none() {
        return Err(ApiError::bad("pair=A,B is required, e.g. pair=USA,RUS"));
    }
    Ok((p.event_query(&DEFAULT_COUNTED)?, p.interval(Interval::Week)?))
}

async fn dyad(State(db): State<Shared>, uri: Uri) -> Result<Json<Value>, ApiError> {
    let p = Params::parse(&uri, DYAD_PARAMS)?;
    let (q, interval) = dyad_query(&p)?;
    let series = run(db, move |s| s.dyad_series(&q, interval)).await?;
    Ok(Json(json!(series)))
}

async fn timeline_svg(State(db): State<Shared>, uri: Uri) -> Result<Response, ApiError> {
    let p = Params::parse(&uri, DYAD_PARAMS)?;
    let (q, interval) = dyad_query(&p)?;
    let (since, until) = (q.since, q.until);
    let series = run(db, move |s| s.dyad_series(&q, interval)).await?;
    let svg = report::timeline_svg(&series, since, until);
    Ok(([(header::CONTENT_TYPE, HeaderValue::from_static("image/svg+xml; charset=utf-8"))], svg).into_response())
}

async fn network(State(db): State<Shared>, uri: Uri) -> Result<Json<Value>, ApiError> {
    let p = Params::parse(&uri, &["actor", "since", "until", "event", "quad", "polarity", "min_confidence", "min_events", "limit"])?;
    let q = p.event_query(&DEFAULT_COUNTED)?;
    let min = p.number("min_events", 1, 1, 1_000_000)?;
    let limit = p.limit(80)?;
    let net = run(db, move |s| s.network(&q, i64::try_from(min).unwrap_or(i64::MAX), limit)).await?;
    Ok(Json(json!(net)))
}

async fn outlets(State(db): State<Shared>, uri: Uri) -> Result<Json<Value>, ApiError> {
    let p = Params::parse(&uri, &["since", "until"])?;
    let (since, until) = p.since_until()?;
    let rows = run(db, move |s| s.outlet_stats(since, until)).await?;
    Ok(Json(json!({"items": rows})))
}

async fn speakers(State(db): State<Shared>, uri: Uri) -> Result<Json<Value>, ApiError> {
    let p = Params::parse(&uri, &["since", "until", "limit"])?;
    let (since, until) = p.since_until()?;
    let limit = p.limit(20)?;
    let rows = run(db, move |s| s.top_speakers(since, until, limit)).await?;
    Ok(Json(json!({"items": rows})))
}

async fn quotes(State(db): State<Shared>, uri: Uri) -> Result<Json<Value>, ApiError> {
    let p = Params::parse(&uri, &["speaker", "doc", "since", "until", "q", "attributed", "limit", "offset"])?;
    let (since, until) = p.since_until()?;
    let q = QuoteQuery {
        speaker: p.text("speaker", 200)?,
        doc: p.text("doc", 200)?,
        since,
        until,
        text: p.text("q", 200)?,
        attributed: p.flag("attributed")?,
    };
    let (limit, offset) = (p.limit(DEFAULT_LIMIT)?, p.offset()?);
    let page = run(db, move |s| s.quote_page(&q, limit, offset)).await?;
    Ok(Json(page_json(page)))
}

async fn documents(State(db): State<Shared>, uri: Uri) -> Result<Json<Value>, ApiError> {
    let p = Params::parse(&uri, &["q", "since", "until", "outlet", "limit", "offset"])?;
    let (since, until) = p.since_until()?;
    let q = DocumentQuery { text: p.text("q", 200)?, since, until, outlet: p.text("outlet", 200)? };
    let (limit, offset) = (p.limit(20)?, p.offset()?);
    let page = run(db, move |s| s.document_page(&q, limit, offset)).await?;
    Ok(Json(page_json(page)))
}

/// A document with its text, removed debris, events (up to [`MAX_LIMIT`]) and quotes.
async fn document_one(State(db): State<Shared>, Path(id): Path<String>, uri: Uri) -> Result<Json<Value>, ApiError> {
    Params::parse(&uri, &[])?;
    if id.len() > 200 {
        return Err(ApiError::bad("document id is longer than 200 characters"));
    }
    let found = run(db, move |s| {
        let Some(doc) = s.document_detail(&id)? else { return Ok(None) };
        let q = EventQuery { doc: Some(id.clone()), ..EventQuery::default() };
        let events = s.event_page(&q, MAX_LIMIT, 0, false)?;
        let quotes = s.quote_page(&QuoteQuery { doc: Some(id), ..QuoteQuery::default() }, MAX_LIMIT, 0)?;
        Ok(Some(json!({"document": doc, "events": events.items, "quotes": quotes.items})))
    })
    .await?;
    found.map(Json).ok_or_else(|| ApiError(StatusCode::NOT_FOUND, "no such document".to_string()))
}

async fn overview(State(db): State<Shared>, uri: Uri) -> Result<Json<Value>, ApiError> {
    Params::parse(&uri, &[])?;
    let o = run(db, |s| s.overview(12)).await?;
    Ok(Json(json!(o)))
}

async fn api_index() -> Json<Value> {
    Json(json!({
        "endpoints": {
            "GET /api/overview": "counts, date range, busiest pairs",
            "GET /api/events": "events; filters actor, pair, directed, since, until, event, quad, polarity, doc, q, outlet; order=date|-date; limit (1-500), offset",
            "GET /api/events/{id}": "one event",
            "GET /api/actors": "actors by events; prefix, since, until, event, quad, polarity, limit, offset",
            "GET /api/dyad": "time series of a pair: pair (required), directed, since, until, interval=day|week|month, event, quad, polarity",
            "GET /api/timeline.svg": "the same series as an SVG chart",
            "GET /api/network": "actor network: actor, since, until, event, quad, polarity, min_events, limit (edges)",
            "GET /api/outlets": "figures per outlet: since, until",
            "GET /api/speakers": "most-quoted speakers: since, until, limit",
            "GET /api/quotes": "quotes: speaker, doc, since, until, q, attributed, limit, offset",
            "GET /api/documents": "document search: q, since, until, outlet, limit, offset",
            "GET /api/documents/{id}": "a document with its cleaned text, removed debris, events and quotes",
            "GET /api/negotiation": "positions on the issues of `serve --issues FILE` over time, with evidence and forecast: issue, since, until, model"
        },
        "max_limit": MAX_LIMIT,
        "max_offset": MAX_OFFSET
    }))
}

/// Headers for the dashboard's own files: nothing from elsewhere may load.
fn asset_response(content_type: &'static str, body: &'static [u8]) -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")),
            (
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        ],
        body,
    )
        .into_response()
}

async fn index() -> Response {
    asset_response("text/html; charset=utf-8", assets::INDEX_HTML.as_bytes())
}

async fn asset(Path(file): Path<String>) -> Response {
    match assets::get(&file) {
        Some((ct, body)) => asset_response(ct, body),
        None => ApiError(StatusCode::NOT_FOUND, format!("no asset {file:?}")).into_response(),
    }
}
