//! SQLite sink: stores what the pipeline learned about each document and reads it back for
//! export.
//!
//! A [`Store`] is one SQLite file (WAL journal, foreign keys on) holding documents, their
//! sentences, actor mentions and coded events, plus the sources that could not be read.
//! Each document goes in whole or not at all (one transaction), and a document id already
//! stored is skipped, so re-running the pipeline over the same sources adds nothing.
//!
//! The schema is versioned: [`MIGRATIONS`] is applied in order and tracked with
//! `PRAGMA user_version`; later versions only append to it.
//!
//! Export queries stream rows through a callback ([`Store::events`], [`Store::documents`],
//! [`Store::actors`]) and take user-supplied filters only as bound parameters.

#[macro_use]
mod summary;
pub mod aggregate;
mod error;
mod sql;
pub mod stories;

use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use chrono::{DateTime, NaiveDate, SecondsFormat};
use rusqlite::functions::FunctionFlags;
use rusqlite::{params, params_from_iter, Connection, Row, Transaction, TransactionBehavior};

use crate::sql::Sql;
use serde::Serialize;
use statecraft_model::{Actor, Analysis, DatePrecision, Event, Location, Polarity, Quote, QuoteKind, Rejected, Speaker};

pub use error::StoreError;
pub use stories::{DyadCount, Signature};
pub use summary::COUNTED_POLARITIES;

/// The schema, one migration per version: `MIGRATIONS[0]` takes an empty database to
/// version 1, and so on. Never edit a released entry; append a new one.
pub const MIGRATIONS: &[&str] = &[
    // Version 1.
    r#"
CREATE TABLE documents (
    id             TEXT PRIMARY KEY NOT NULL,
    title          TEXT,
    date           TEXT,
    url            TEXT,
    outlet         TEXT,
    origin         TEXT NOT NULL,
    raw_text       TEXT NOT NULL,
    clean_text     TEXT NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('coded', 'skipped')),
    error          TEXT,
    removed        TEXT NOT NULL DEFAULT '[]',  -- JSON array of [text, reason]
    sentence_count INTEGER NOT NULL,
    event_count    INTEGER NOT NULL,
    ingested_at    TEXT NOT NULL
);

CREATE TABLE rejects (
    origin  TEXT NOT NULL,
    reason  TEXT NOT NULL,
    seen_at TEXT NOT NULL,
    PRIMARY KEY (origin, reason)
);

CREATE TABLE sentences (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx    INTEGER NOT NULL,
    start  INTEGER NOT NULL,
    "end"  INTEGER NOT NULL,
    text   TEXT NOT NULL,
    PRIMARY KEY (doc_id, idx)
);

CREATE TABLE mentions (
    doc_id   TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    sentence INTEGER NOT NULL,
    start    INTEGER NOT NULL,
    "end"    INTEGER NOT NULL,
    text     TEXT NOT NULL,
    code     TEXT NOT NULL,
    sector   TEXT,
    org      TEXT,
    name     TEXT,
    role     TEXT
);

CREATE TABLE events (
    id            INTEGER PRIMARY KEY,
    doc_id        TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    sentence      INTEGER NOT NULL,
    start         INTEGER NOT NULL,
    "end"         INTEGER NOT NULL,
    sentence_text TEXT NOT NULL,
    date          TEXT,
    source_text   TEXT NOT NULL,
    source_code   TEXT NOT NULL,
    source_sector TEXT,
    source_org    TEXT,
    source_name   TEXT,
    source_role   TEXT,
    source_start  INTEGER NOT NULL,
    source_end    INTEGER NOT NULL,
    target_text   TEXT,
    target_code   TEXT,
    target_sector TEXT,
    target_org    TEXT,
    target_name   TEXT,
    target_role   TEXT,
    target_start  INTEGER,
    target_end    INTEGER,
    event         TEXT NOT NULL,
    cameo         TEXT NOT NULL,
    goldstein     REAL NOT NULL,
    quad_class    INTEGER NOT NULL,
    polarity      TEXT NOT NULL,
    "trigger"     TEXT NOT NULL,
    pattern       TEXT NOT NULL,
    location      TEXT  -- JSON Location, or NULL
);

CREATE INDEX events_doc_id ON events(doc_id);
CREATE INDEX events_source_code ON events(source_code);
CREATE INDEX events_target_code ON events(target_code);
CREATE INDEX events_date ON events(date);
CREATE INDEX events_event ON events(event);
CREATE INDEX mentions_code ON mentions(code);
CREATE INDEX mentions_doc_id ON mentions(doc_id);
"#,
    // Version 2: event dates with their precision beside the publication date, and quotes.
    r#"
ALTER TABLE events ADD COLUMN date_precision TEXT NOT NULL DEFAULT 'unknown';
ALTER TABLE events ADD COLUMN publication_date TEXT;
UPDATE events SET publication_date = date;

CREATE TABLE quotes (
    doc_id              TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx                 INTEGER NOT NULL,
    sentence            INTEGER NOT NULL,
    start               INTEGER NOT NULL,
    "end"               INTEGER NOT NULL,
    text                TEXT NOT NULL,
    kind                TEXT NOT NULL CHECK (kind IN ('direct', 'scare')),
    speaker_name        TEXT,
    speaker_code        TEXT,
    speaker_sector      TEXT,
    speaker_role        TEXT,
    speaker_affiliation TEXT,
    speaker_mention     TEXT,
    known_speaker       INTEGER NOT NULL,  -- 0: the text does not make the speaker clear
    cue                 TEXT,
    date                TEXT,
    date_precision      TEXT NOT NULL DEFAULT 'unknown',
    PRIMARY KEY (doc_id, idx)
);

CREATE INDEX quotes_speaker_name ON quotes(speaker_name);
CREATE INDEX quotes_speaker_code ON quotes(speaker_code);
"#,
    // Version 3: story groups (near-duplicate documents, see `stories`): each document's
    // group, its MinHash signature (in a narrow table, so that checking a candidate does not
    // read the document's texts) and the LSH table of its band keys. Documents stored before
    // are grouped when the store is next opened for writing (`stories::backfill`).
    r#"
ALTER TABLE documents ADD COLUMN story_group TEXT;
CREATE INDEX documents_story_group ON documents(story_group);

CREATE TABLE story_signatures (
    doc_id      TEXT PRIMARY KEY NOT NULL,
    story_group TEXT NOT NULL,
    signature   BLOB NOT NULL
) WITHOUT ROWID;

CREATE TABLE story_bands (
    key    INTEGER NOT NULL,
    doc_id TEXT NOT NULL,
    PRIMARY KEY (key, doc_id)
) WITHOUT ROWID;
"#,
    // Version 4: dyad queries (a pair of actors over time) read only their own events.
    r#"
CREATE INDEX events_pair ON events(source_code, target_code, date);
"#,
    // Version 5: the event model's calibrated confidence (NULL for events coded by rules alone).
    r#"
ALTER TABLE events ADD COLUMN confidence REAL;
"#,
    // Version 6: an event keeps its sentence's index and span, not a copy of its text; reads
    // join `sentences`. A sentence only an event held is kept in `sentences` first.
    r#"
INSERT OR IGNORE INTO sentences (doc_id, idx, start, "end", text)
    SELECT doc_id, sentence, start, "end", sentence_text FROM events;
ALTER TABLE events DROP COLUMN sentence_text;
"#,
    // Version 7: running totals for the API's unfiltered counts (see `summary`), built from
    // the events already stored; notes on how each document was read (JSON array of strings).
    concat!(summary_tables_sql!(), summary_rebuild_sql!(), "ALTER TABLE documents ADD COLUMN notes TEXT NOT NULL DEFAULT '[]';"),
    // Version 8: quote kinds partial, heading and chant beside direct and scare (SQLite
    // cannot change a CHECK constraint in place, so the table is rebuilt).
    r#"
CREATE TABLE quotes_v8 (
    doc_id              TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx                 INTEGER NOT NULL,
    sentence            INTEGER NOT NULL,
    start               INTEGER NOT NULL,
    "end"               INTEGER NOT NULL,
    text                TEXT NOT NULL,
    kind                TEXT NOT NULL CHECK (kind IN ('direct', 'partial', 'scare', 'heading', 'chant')),
    speaker_name        TEXT,
    speaker_code        TEXT,
    speaker_sector      TEXT,
    speaker_role        TEXT,
    speaker_affiliation TEXT,
    speaker_mention     TEXT,
    known_speaker       INTEGER NOT NULL,
    cue                 TEXT,
    date                TEXT,
    date_precision      TEXT NOT NULL DEFAULT 'unknown',
    PRIMARY KEY (doc_id, idx)
);
INSERT INTO quotes_v8 SELECT doc_id, idx, sentence, start, "end", text, kind, speaker_name, speaker_code,
    speaker_sector, speaker_role, speaker_affiliation, speaker_mention, known_speaker, cue, date, date_precision FROM quotes;
DROP TABLE quotes;
ALTER TABLE quotes_v8 RENAME TO quotes;
CREATE INDEX quotes_speaker_name ON quotes(speaker_name);
CREATE INDEX quotes_speaker_code ON quotes(speaker_code);
"#,
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Which events (or documents) an export wants. Every field left `None` matches everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EventFilter {
    /// Matches the source or target code, organisation or name, case-insensitively.
    pub actor: Option<String>,
    /// Earliest date, inclusive.
    pub since: Option<NaiveDate>,
    /// Latest date, inclusive.
    pub until: Option<NaiveDate>,
    /// A PLOVER category (`ASSAULT`, any case) or a CAMEO code prefix (`19`, `190`).
    pub event: Option<String>,
    /// One document id.
    pub doc: Option<String>,
    /// Only events the model gave at least this confidence (events coded by rules alone,
    /// which have none, pass).
    pub min_confidence: Option<f32>,
}

/// A stored document, as `export documents` prints it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocumentRow {
    pub id: String,
    pub title: Option<String>,
    pub date: Option<String>,
    pub outlet: Option<String>,
    pub url: Option<String>,
    /// The cleaned text.
    pub text: String,
    pub status: String,
    pub error: Option<String>,
    /// The id of the first stored member of the document's story group (near-duplicates:
    /// the same story from several outlets); its own id when it stands alone.
    pub story_group: Option<String>,
}

/// One actor identity with how often it was mentioned and how often it took part in events.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActorRow {
    pub code: String,
    pub sector: Option<String>,
    pub org: Option<String>,
    pub name: Option<String>,
    pub mentions: i64,
    pub as_source: i64,
    pub as_target: i64,
}

/// Counts of what the store holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub documents: i64,
    pub coded: i64,
    pub skipped: i64,
    pub rejects: i64,
    pub sentences: i64,
    pub events: i64,
}

/// Stops the query running on one [`Store`]'s connection (see [`Store::interrupter`]).
pub struct Interrupter(rusqlite::InterruptHandle);

impl Interrupter {
    pub fn interrupt(&self) {
        self.0.interrupt();
    }
}

/// A Statecraft database.
pub struct Store {
    conn: Connection,
}

impl Store {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let open_error = |source| StoreError::Open { path: path.to_path_buf(), source };
        let conn = Connection::open(path).map_err(open_error)?;
        conn.busy_timeout(Duration::from_secs(10)).map_err(open_error)?;
        // The first statement reads the file: this is where a non-database file shows up.
        conn.pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get::<_, String>(0)).map_err(open_error)?;
        conn.pragma_update(None, "synchronous", "NORMAL").map_err(open_error)?;
        // 64 MiB of page cache: index inserts into a large store stay in memory.
        conn.pragma_update(None, "cache_size", -65536).map_err(open_error)?;
        Store::setup(conn, path)
    }

    /// Opens an existing database read-only (`SQLITE_OPEN_READ_ONLY`), for serving and
    /// exporting: nothing is written, not even a schema upgrade, so a store of another schema
    /// version is refused with what to do. A store in a folder this user cannot write to (where
    /// SQLite cannot make the WAL index file it reads through) is opened as immutable: read as
    /// the file stands, without locks; changes a writer makes later are not seen.
    pub fn open_read_only(path: &Path) -> Result<Store, StoreError> {
        match Store::open_read_only_as(path, false) {
            Err(StoreError::Open { source, .. }) if cannot_share(&source) => Store::open_read_only_as(path, true),
            other => other,
        }
    }

    fn open_read_only_as(path: &Path, immutable: bool) -> Result<Store, StoreError> {
        use rusqlite::OpenFlags;
        let open_error = |source| StoreError::Open { path: path.to_path_buf(), source };
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = if immutable {
            Connection::open_with_flags(format!("file:{}?immutable=1", uri_path(path)), flags)
        } else {
            Connection::open_with_flags(path, flags)
        }
        .map_err(open_error)?;
        conn.busy_timeout(Duration::from_secs(10)).map_err(open_error)?;
        let version: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0)).map_err(open_error)?;
        if version > SCHEMA_VERSION {
            return Err(StoreError::TooNew { path: path.to_path_buf(), found: version, known: SCHEMA_VERSION });
        }
        if version < SCHEMA_VERSION {
            return Err(StoreError::TooOld { path: path.to_path_buf(), found: version, known: SCHEMA_VERSION });
        }
        conn.create_scalar_function(
            "statecraft_fold",
            1,
            FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
            |ctx| Ok(ctx.get::<Option<String>>(0)?.map(|s| s.to_lowercase())),
        )
        .map_err(open_error)?;
        Ok(Store { conn })
    }

    /// A private in-memory database, for tests.
    pub fn open_in_memory() -> Result<Store, StoreError> {
        let path = Path::new(":memory:");
        let conn =
            Connection::open_in_memory().map_err(|source| StoreError::Open { path: path.to_path_buf(), source })?;
        Store::setup(conn, path)
    }

    fn setup(mut conn: Connection, path: &Path) -> Result<Store, StoreError> {
        let open_error = |source| StoreError::Open { path: path.to_path_buf(), source };
        conn.pragma_update(None, "foreign_keys", "ON").map_err(open_error)?;
        conn.create_scalar_function(
            "statecraft_fold",
            1,
            FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
            |ctx| Ok(ctx.get::<Option<String>>(0)?.map(|s| s.to_lowercase())),
        )
        .map_err(open_error)?;
        migrate(&mut conn, path)?;
        if stories::backfill(&mut conn)? {
            // Older documents just got their story groups: count their events by them.
            conn.execute_batch(&format!("BEGIN IMMEDIATE; {} COMMIT;", summary::REBUILD))?;
        }
        Ok(Store { conn })
    }

    /// A handle that stops this connection's running query from another thread (the query
    /// then fails with an "interrupted" error); it does nothing when no query runs.
    pub fn interrupter(&self) -> Interrupter {
        Interrupter(self.conn.get_interrupt_handle())
    }

    /// The schema version of the open database (`PRAGMA user_version`).
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        Ok(self.conn.pragma_query_value(None, "user_version", |row| row.get(0))?)
    }

    /// Stores one analysed document with its sentences, mentions and events, in one
    /// transaction. Returns `false` (and changes nothing) when the id is already stored.
    pub fn insert(&mut self, a: &Analysis) -> Result<bool, StoreError> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let inserted = insert_one(&tx, a, &now())?;
        tx.commit()?;
        Ok(inserted)
    }

    /// Like [`Store::insert`] for several documents in a single transaction (faster; all or
    /// nothing). Ids already stored, or repeated in `items`, are skipped. Returns how many
    /// documents were added.
    pub fn insert_batch(&mut self, items: &[Analysis]) -> Result<usize, StoreError> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let now = now();
        let mut added = 0;
        for a in items {
            if insert_one(&tx, a, &now)? {
                added += 1;
            }
        }
        tx.commit()?;
        Ok(added)
    }

    /// Records a source that could not be read. Recording the same one again does nothing.
    pub fn record_rejected(&mut self, r: &Rejected) -> Result<(), StoreError> {
        self.conn
            .prepare_cached("INSERT OR IGNORE INTO rejects (origin, reason, seen_at) VALUES (?1, ?2, ?3)")?
            .execute(params![r.origin, r.reason, now()])?;
        Ok(())
    }

    /// Whether a document with this id is stored.
    pub fn contains(&self, id: &str) -> Result<bool, StoreError> {
        Ok(self.conn.prepare_cached("SELECT 1 FROM documents WHERE id = ?1")?.exists([id])?)
    }

    /// Streams the events matching `f`, in the order they were stored.
    pub fn events(
        &self,
        f: &EventFilter,
        mut each: impl FnMut(Event) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let mut w = Sql::default();
        w.event_filter(f, "e");
        let sql = format!("SELECT {EVENT_COLUMNS} FROM events e {EVENT_SENTENCE}{} ORDER BY e.id", w.where_sql());
        let mut stmt = self.conn.prepare(&sql)?;
        let mut rows = stmt.query(params_from_iter(w.params()))?;
        while let Some(row) = rows.next()? {
            each(event_from_row(row)?)?;
        }
        Ok(())
    }

    /// Streams the quotes matching `f`, in document order: `since`/`until` apply to the quote
    /// date, `doc` to its document, `actor` to the speaker's code or name; `event` is ignored.
    pub fn quotes(
        &self,
        f: &EventFilter,
        mut each: impl FnMut(Quote) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let mut w = Sql::default();
        w.date_range("q.date", f.since, f.until);
        if let Some(doc) = &f.doc {
            let p = w.text(doc);
            w.and(format!("q.doc_id = {p}"));
        }
        if let Some(actor) = &f.actor {
            let p = w.text(&actor.trim().to_lowercase());
            w.and(format!("(statecraft_fold(q.speaker_code) = {p} OR statecraft_fold(q.speaker_name) = {p})"));
        }
        let sql = format!(
            "SELECT {QUOTE_COLUMNS} FROM quotes q JOIN documents d ON d.id = q.doc_id{} ORDER BY d.rowid, q.idx",
            w.where_sql()
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let mut rows = stmt.query(params_from_iter(w.params()))?;
        while let Some(row) = rows.next()? {
            each(quote_from_row(row)?)?;
        }
        Ok(())
    }

    /// Streams the documents matching `f`, in the order they were stored: `since`/`until`
    /// apply to the document date and `doc` to its id; `actor` and `event` keep the documents
    /// with at least one matching event.
    pub fn documents(
        &self,
        f: &EventFilter,
        mut each: impl FnMut(DocumentRow) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let mut w = Sql::default();
        w.date_range("d.date", f.since, f.until);
        if let Some(doc) = &f.doc {
            let p = w.text(doc);
            w.and(format!("d.id = {p}"));
        }
        if f.actor.is_some() || f.event.is_some() {
            w.and_exists("SELECT 1 FROM events e WHERE e.doc_id = d.id", |inner| inner.event_conditions(f, "e"));
        }
        let sql = format!(
            "SELECT d.id, d.title, d.date, d.outlet, d.url, d.clean_text, d.status, d.error, \
             COALESCE(d.story_group, d.id) FROM documents d{} ORDER BY d.rowid",
            w.where_sql()
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let mut rows = stmt.query(params_from_iter(w.params()))?;
        while let Some(row) = rows.next()? {
            each(DocumentRow {
                id: row.get(0)?,
                title: row.get(1)?,
                date: row.get(2)?,
                outlet: row.get(3)?,
                url: row.get(4)?,
                text: row.get(5)?,
                status: row.get(6)?,
                error: row.get(7)?,
                story_group: row.get(8)?,
            })?;
        }
        Ok(())
    }

    /// Streams every actor identity (code, sector, org, name) seen in mentions or events,
    /// most mentioned first.
    pub fn actors(&self, mut each: impl FnMut(ActorRow) -> Result<(), StoreError>) -> Result<(), StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT code, sector, org, name, SUM(m) AS mentions, SUM(s) AS as_source, SUM(t) AS as_target
             FROM (
                 SELECT code, sector, org, name, 1 AS m, 0 AS s, 0 AS t FROM mentions
                 UNION ALL
                 SELECT source_code, source_sector, source_org, source_name, 0, 1, 0 FROM events
                 WHERE source_code <> ''
                 UNION ALL
                 SELECT target_code, target_sector, target_org, target_name, 0, 0, 1 FROM events
                 WHERE target_code IS NOT NULL
             )
             GROUP BY code, sector, org, name
             ORDER BY mentions DESC, as_source + as_target DESC, code, sector, org, name",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            each(ActorRow {
                code: row.get(0)?,
                sector: row.get(1)?,
                org: row.get(2)?,
                name: row.get(3)?,
                mentions: row.get(4)?,
                as_source: row.get(5)?,
                as_target: row.get(6)?,
            })?;
        }
        Ok(())
    }

    /// Every recorded rejection, oldest first.
    pub fn rejects(&self) -> Result<Vec<Rejected>, StoreError> {
        let mut stmt = self.conn.prepare("SELECT origin, reason FROM rejects ORDER BY rowid")?;
        let rows = stmt.query_map([], |row| Ok(Rejected { origin: row.get(0)?, reason: row.get(1)? }))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// How many documents, rejections, sentences and events are stored.
    pub fn summary(&self) -> Result<Summary, StoreError> {
        Ok(self.conn.query_row(
            "SELECT
                 (SELECT COUNT(*) FROM documents),
                 (SELECT COUNT(*) FROM documents WHERE status = 'coded'),
                 (SELECT COUNT(*) FROM documents WHERE status = 'skipped'),
                 (SELECT COUNT(*) FROM rejects),
                 (SELECT COUNT(*) FROM sentences),
                 (SELECT COUNT(*) FROM events)",
            [],
            |row| {
                Ok(Summary {
                    documents: row.get(0)?,
                    coded: row.get(1)?,
                    skipped: row.get(2)?,
                    rejects: row.get(3)?,
                    sentences: row.get(4)?,
                    events: row.get(5)?,
                })
            },
        )?)
    }
}

/// Whether a read-only open failed because SQLite could not make or lock the files beside
/// the database that readers share (the WAL index): a folder without write permission.
fn cannot_share(e: &rusqlite::Error) -> bool {
    matches!(e.sqlite_error_code(), Some(rusqlite::ErrorCode::ReadOnly | rusqlite::ErrorCode::CannotOpen))
}

/// A file path as the path of an SQLite `file:` URI (`%`, `?` and `#` escaped).
fn uri_path(path: &Path) -> String {
    let mut out = String::new();
    for b in path.to_string_lossy().bytes() {
        if b.is_ascii_alphanumeric() || b"/-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Brings the schema up to [`SCHEMA_VERSION`], one migration per transaction. Each step
/// re-reads the version inside its (immediate) transaction, so two processes opening the same
/// new file do not both migrate it.
fn migrate(conn: &mut Connection, path: &Path) -> Result<(), StoreError> {
    loop {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let version: i64 = tx.pragma_query_value(None, "user_version", |row| row.get(0))?;
        if version > SCHEMA_VERSION {
            return Err(StoreError::TooNew { path: path.to_path_buf(), found: version, known: SCHEMA_VERSION });
        }
        let Some(sql) = usize::try_from(version).ok().and_then(|v| MIGRATIONS.get(v)) else {
            return Ok(());
        };
        let next = version + 1;
        let step = |source| StoreError::Migration { path: path.to_path_buf(), version: next, source };
        tx.execute_batch(sql).map_err(step)?;
        tx.pragma_update(None, "user_version", next).map_err(step)?;
        tx.commit().map_err(step)?;
    }
}

/// The current time as RFC 3339 UTC, to the second.
fn now() -> String {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .ok()
        .and_then(|d| DateTime::from_timestamp(i64::try_from(d.as_secs()).ok()?, 0))
        .map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true))
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_string())
}

/// A byte offset or count as an SQLite integer (saturating; offsets never get that big).
fn int(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// Reads a non-negative integer column as `usize`.
fn get_usize(row: &Row<'_>, idx: usize) -> Result<usize, StoreError> {
    let v: i64 = row.get(idx)?;
    usize::try_from(v).map_err(|_| StoreError::Corrupt(format!("negative offset {v} in column {idx}")))
}

/// Inserts one document and everything found in it, unless its id is stored already.
fn insert_one(tx: &Transaction<'_>, a: &Analysis, now: &str) -> Result<bool, StoreError> {
    let id = &a.doc.id;
    if tx.prepare_cached("SELECT 1 FROM documents WHERE id = ?1")?.exists([id])? {
        return Ok(false);
    }
    let removed = serde_json::to_string(&a.removed).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let notes = serde_json::to_string(&a.doc.notes).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    tx.prepare_cached(
        "INSERT INTO documents (id, title, date, url, outlet, origin, raw_text, clean_text, status, \
         error, removed, sentence_count, event_count, ingested_at, notes) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
    )?
    .execute(params![
        id,
        a.title,
        a.date.map(|d| d.format("%Y-%m-%d").to_string()),
        a.doc.url,
        a.doc.outlet,
        a.doc.origin,
        a.doc.text,
        a.clean_text,
        a.status.as_str(),
        a.error,
        removed,
        int(a.sentences.len()),
        int(a.events.len()),
        now,
        notes,
    ])?;

    let mut stmt =
        tx.prepare_cached("INSERT INTO sentences (doc_id, idx, start, \"end\", text) VALUES (?1, ?2, ?3, ?4, ?5)")?;
    for s in &a.sentences {
        stmt.execute(params![id, int(s.index), int(s.start), int(s.end), s.text])?;
    }

    let mut stmt = tx.prepare_cached(
        "INSERT INTO mentions (doc_id, sentence, start, \"end\", text, code, sector, org, name, role) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    for m in &a.mentions {
        let actor = &m.actor;
        stmt.execute(params![
            id,
            int(m.sentence),
            int(actor.start),
            int(actor.end),
            actor.text,
            actor.code,
            actor.sector,
            actor.org,
            actor.name,
            actor.role,
        ])?;
    }

    // An event's sentence text is read from `sentences`: make sure its sentence is there.
    let mut stmt = tx.prepare_cached(
        "INSERT OR IGNORE INTO sentences (doc_id, idx, start, \"end\", text) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for e in &a.events {
        if a.sentences.get(e.sentence).is_none_or(|s| s.index != e.sentence || s.text != e.sentence_text) {
            stmt.execute(params![id, int(e.sentence), int(e.span[0]), int(e.span[1]), e.sentence_text])?;
        }
    }

    let mut stmt = tx.prepare_cached(
        "INSERT INTO events (doc_id, sentence, start, \"end\", date, \
         source_text, source_code, source_sector, source_org, source_name, source_role, source_start, source_end, \
         target_text, target_code, target_sector, target_org, target_name, target_role, target_start, target_end, \
         event, cameo, goldstein, quad_class, polarity, \"trigger\", pattern, location, date_precision, publication_date, \
         confidence) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, \
         ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32)",
    )?;
    for e in &a.events {
        let src = &e.source;
        let tgt = e.target.as_ref();
        let location = match &e.location {
            Some(loc) => Some(serde_json::to_string(loc).map_err(|err| StoreError::Corrupt(err.to_string()))?),
            None => None,
        };
        stmt.execute(params![
            id,
            int(e.sentence),
            int(e.span[0]),
            int(e.span[1]),
            e.date,
            src.text,
            src.code,
            src.sector,
            src.org,
            src.name,
            src.role,
            int(src.start),
            int(src.end),
            tgt.map(|t| &t.text),
            tgt.map(|t| &t.code),
            tgt.and_then(|t| t.sector.as_ref()),
            tgt.and_then(|t| t.org.as_ref()),
            tgt.and_then(|t| t.name.as_ref()),
            tgt.and_then(|t| t.role.as_ref()),
            tgt.map(|t| int(t.start)),
            tgt.map(|t| int(t.end)),
            e.event,
            e.cameo,
            f64::from(e.goldstein),
            e.quad_class,
            e.polarity.as_str(),
            e.trigger,
            e.pattern,
            location,
            e.date_precision.as_str(),
            e.publication_date,
            e.confidence.map(f64::from),
        ])?;
    }

    let mut stmt = tx.prepare_cached(
        "INSERT INTO quotes (doc_id, idx, sentence, start, \"end\", text, kind, speaker_name, speaker_code, \
         speaker_sector, speaker_role, speaker_affiliation, speaker_mention, known_speaker, cue, date, date_precision) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
    )?;
    for (i, q) in a.quotes.iter().enumerate() {
        let sp = q.speaker.as_ref();
        stmt.execute(params![
            id,
            int(i),
            int(q.sentence),
            int(q.span[0]),
            int(q.span[1]),
            q.text,
            q.kind.as_str(),
            sp.and_then(|x| x.name.as_ref()),
            sp.and_then(|x| x.code.as_ref()),
            sp.and_then(|x| x.sector.as_ref()),
            sp.and_then(|x| x.role.as_ref()),
            sp.and_then(|x| x.affiliation.as_ref()),
            sp.and_then(|x| x.mention.as_ref()),
            sp.is_some(),
            q.cue,
            q.date,
            q.date_precision.as_str(),
        ])?;
    }
    let story = stories::assign(tx, id, &a.clean_text)?;
    summary::add(tx, &story, a)?;
    Ok(true)
}

/// The columns [`event_from_row`] reads, from `events e` joined by [`EVENT_SENTENCE`].
const EVENT_COLUMNS: &str = "e.doc_id, e.sentence, e.start, e.\"end\", COALESCE(s.text, ''), e.date, \
    e.source_text, e.source_code, e.source_sector, e.source_org, e.source_name, e.source_role, \
    e.source_start, e.source_end, \
    e.target_text, e.target_code, e.target_sector, e.target_org, e.target_name, e.target_role, \
    e.target_start, e.target_end, \
    e.event, e.cameo, e.goldstein, e.quad_class, e.polarity, e.\"trigger\", e.pattern, e.location, \
    e.date_precision, e.publication_date, e.confidence";

/// The join that gives an event (`e`) its sentence's text (`s.text`).
const EVENT_SENTENCE: &str = "LEFT JOIN sentences s ON s.doc_id = e.doc_id AND s.idx = e.sentence";

/// Rebuilds an [`Event`] from a row selected with [`EVENT_COLUMNS`].
fn event_from_row(row: &Row<'_>) -> Result<Event, StoreError> {
    let source = Actor {
        text: row.get(6)?,
        code: row.get(7)?,
        sector: row.get(8)?,
        org: row.get(9)?,
        name: row.get(10)?,
        role: row.get(11)?,
        start: get_usize(row, 12)?,
        end: get_usize(row, 13)?,
    };
    let target = match row.get::<_, Option<String>>(15)? {
        None => None,
        Some(code) => Some(Actor {
            text: row.get::<_, Option<String>>(14)?.unwrap_or_default(),
            code,
            sector: row.get(16)?,
            org: row.get(17)?,
            name: row.get(18)?,
            role: row.get(19)?,
            start: row.get::<_, Option<i64>>(20)?.and_then(|v| usize::try_from(v).ok()).unwrap_or(0),
            end: row.get::<_, Option<i64>>(21)?.and_then(|v| usize::try_from(v).ok()).unwrap_or(0),
        }),
    };
    let polarity: String = row.get(26)?;
    let polarity =
        Polarity::parse(&polarity).ok_or_else(|| StoreError::Corrupt(format!("unknown polarity {polarity:?}")))?;
    let location = match row.get::<_, Option<String>>(29)? {
        None => None,
        Some(json) => Some(
            serde_json::from_str::<Location>(&json)
                .map_err(|e| StoreError::Corrupt(format!("bad location JSON {json:?}: {e}")))?,
        ),
    };
    Ok(Event {
        doc_id: row.get(0)?,
        sentence: get_usize(row, 1)?,
        span: [get_usize(row, 2)?, get_usize(row, 3)?],
        sentence_text: row.get(4)?,
        date: row.get(5)?,
        source,
        target,
        event: row.get(22)?,
        cameo: row.get(23)?,
        goldstein: row.get::<_, f64>(24)? as f32,
        quad_class: row.get(25)?,
        polarity,
        trigger: row.get(27)?,
        pattern: row.get(28)?,
        location,
        date_precision: DatePrecision::parse(&row.get::<_, String>(30)?).unwrap_or_default(),
        publication_date: row.get(31)?,
        confidence: row.get::<_, Option<f64>>(32)?.map(|c| c as f32),
    })
}

const QUOTE_COLUMNS: &str = "q.doc_id, q.sentence, q.start, q.\"end\", q.text, q.kind, q.speaker_name, q.speaker_code, \
    q.speaker_sector, q.speaker_role, q.speaker_affiliation, q.speaker_mention, q.known_speaker, q.cue, q.date, \
    q.date_precision";

/// Rebuilds a [`Quote`] from a row selected with [`QUOTE_COLUMNS`].
fn quote_from_row(row: &Row<'_>) -> Result<Quote, StoreError> {
    let kind: String = row.get(5)?;
    let kind = QuoteKind::parse(&kind).ok_or_else(|| StoreError::Corrupt(format!("unknown quote kind {kind:?}")))?;
    let speaker = if row.get::<_, bool>(12)? {
        Some(Speaker {
            name: row.get(6)?,
            code: row.get(7)?,
            sector: row.get(8)?,
            role: row.get(9)?,
            affiliation: row.get(10)?,
            mention: row.get(11)?,
        })
    } else {
        None
    };
    Ok(Quote {
        doc_id: row.get(0)?,
        sentence: get_usize(row, 1)?,
        span: [get_usize(row, 2)?, get_usize(row, 3)?],
        text: row.get(4)?,
        kind,
        speaker,
        cue: row.get(13)?,
        date: row.get(14)?,
        date_precision: DatePrecision::parse(&row.get::<_, String>(15)?).unwrap_or_default(),
    })
}

/// Column names of [`event_csv_row`], in order.
pub fn event_csv_header() -> &'static [&'static str] {
    &[
        "doc_id",
        "sentence",
        "start",
        "end",
        "date",
        "source_text",
        "source_code",
        "source_sector",
        "source_org",
        "source_name",
        "target_text",
        "target_code",
        "target_sector",
        "target_org",
        "target_name",
        "event",
        "cameo",
        "goldstein",
        "quad_class",
        "polarity",
        "trigger",
        "pattern",
        "date_precision",
        "publication_date",
        "location_name",
        "location_country",
        "location_lat",
        "location_lon",
        "sentence_text",
        "confidence",
    ]
}

/// An event flattened to one CSV record (missing values are empty strings).
pub fn event_csv_row(e: &Event) -> Vec<String> {
    let opt = |s: &Option<String>| s.clone().unwrap_or_default();
    let tgt = e.target.as_ref();
    vec![
        e.doc_id.clone(),
        e.sentence.to_string(),
        e.span[0].to_string(),
        e.span[1].to_string(),
        opt(&e.date),
        e.source.text.clone(),
        e.source.code.clone(),
        opt(&e.source.sector),
        opt(&e.source.org),
        opt(&e.source.name),
        tgt.map(|t| t.text.clone()).unwrap_or_default(),
        tgt.map(|t| t.code.clone()).unwrap_or_default(),
        tgt.and_then(|t| t.sector.clone()).unwrap_or_default(),
        tgt.and_then(|t| t.org.clone()).unwrap_or_default(),
        tgt.and_then(|t| t.name.clone()).unwrap_or_default(),
        e.event.clone(),
        e.cameo.clone(),
        e.goldstein.to_string(),
        e.quad_class.to_string(),
        e.polarity.as_str().to_string(),
        e.trigger.clone(),
        e.pattern.clone(),
        e.date_precision.as_str().to_string(),
        opt(&e.publication_date),
        e.location.as_ref().map(|l| l.name.clone()).unwrap_or_default(),
        e.location.as_ref().and_then(|l| l.country.clone()).unwrap_or_default(),
        e.location.as_ref().and_then(|l| l.lat).map(|v| v.to_string()).unwrap_or_default(),
        e.location.as_ref().and_then(|l| l.lon).map(|v| v.to_string()).unwrap_or_default(),
        e.sentence_text.clone(),
        e.confidence.map(|c| format!("{c:.3}")).unwrap_or_default(),
    ]
}

#[cfg(test)]
mod tests;
