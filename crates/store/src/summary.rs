//! Running totals behind the API's unfiltered counts (`/api/overview`, `/api/actors`,
//! `/api/network` with no filter), kept up to date in the transaction that inserts each
//! document, so that these answers cost the same on a store of a million events as on a
//! small one.
//!
//! `story_events` holds one row per counted event as the aggregates define it: a story
//! (the document's story group), a source and a target actor key, a CAMEO code, for the
//! polarities counted by default ([`COUNTED_POLARITIES`]). A new row adds to `actor_totals`
//! (per actor key) and `pair_totals` (per unordered pair); `store_totals` counts documents,
//! events and quotes. [`REBUILD`] recomputes all of it from the events (schema upgrade, or
//! after story groups were given to older documents).

use rusqlite::{params, Transaction};
use statecraft_model::{Actor, Analysis};

use crate::{int, StoreError};

/// The polarities the API counts unless told otherwise: what the text says happened, was
/// threatened or was proposed (not what it denies or imagines).
pub const COUNTED_POLARITIES: [&str; 3] = ["asserted", "threatened", "proposed"];

/// The tables (part of schema version 6).
macro_rules! summary_tables_sql {
    () => {
        r#"
CREATE TABLE story_events (
    story       TEXT NOT NULL,
    source      TEXT NOT NULL,  -- actor key: the organisation of an IGO/NGO/IMG, else the code ('' unknown)
    target      TEXT NOT NULL,  -- '' when the event has no target
    cameo       TEXT NOT NULL,
    source_code TEXT NOT NULL,
    source_org  TEXT,
    target_code TEXT,
    target_org  TEXT,
    quad_class  INTEGER NOT NULL,
    goldstein   REAL NOT NULL,
    PRIMARY KEY (story, source, target, cameo)
) WITHOUT ROWID;

CREATE TABLE actor_totals (
    id          TEXT PRIMARY KEY NOT NULL,
    code        TEXT NOT NULL,
    org         TEXT,
    events      INTEGER NOT NULL,
    as_source   INTEGER NOT NULL,
    as_target   INTEGER NOT NULL,
    cooperation INTEGER NOT NULL,
    conflict    INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE pair_totals (
    a               TEXT NOT NULL,
    b               TEXT NOT NULL,
    events          INTEGER NOT NULL,
    a_to_b          INTEGER NOT NULL,
    b_to_a          INTEGER NOT NULL,
    cooperation     INTEGER NOT NULL,
    conflict        INTEGER NOT NULL,
    goldstein_total REAL NOT NULL,
    PRIMARY KEY (a, b)
) WITHOUT ROWID;
CREATE INDEX pair_totals_events ON pair_totals(events DESC, a, b);

CREATE TABLE store_totals (
    one       INTEGER PRIMARY KEY CHECK (one = 1),
    documents INTEGER NOT NULL,
    events    INTEGER NOT NULL,
    quotes    INTEGER NOT NULL
);
"#
    };
}

/// Recomputes every total from `events`, `documents` and `quotes`.
macro_rules! summary_rebuild_sql {
    () => {
        r#"
DELETE FROM story_events;
DELETE FROM actor_totals;
DELETE FROM pair_totals;
DELETE FROM store_totals;
INSERT INTO story_events
    SELECT COALESCE(d.story_group, d.id),
           CASE WHEN e.source_code IN ('IGO', 'NGO', 'IMG') AND e.source_org IS NOT NULL THEN e.source_org ELSE e.source_code END AS s,
           COALESCE(CASE WHEN e.target_code IN ('IGO', 'NGO', 'IMG') AND e.target_org IS NOT NULL THEN e.target_org ELSE e.target_code END, '') AS t,
           e.cameo, MIN(e.source_code), MIN(e.source_org), MIN(e.target_code), MIN(e.target_org), MIN(e.quad_class), MIN(e.goldstein)
    FROM events e JOIN documents d ON d.id = e.doc_id
    WHERE e.polarity IN ('asserted', 'threatened', 'proposed')
    GROUP BY 1, 2, 3, 4;
INSERT INTO actor_totals
    SELECT id, MIN(code), MIN(org), COUNT(*), SUM(side = 0), SUM(side = 1), SUM(quad <= 2), SUM(quad >= 3)
    FROM (
        SELECT source AS id, source_code AS code, CASE WHEN source_code IN ('IGO', 'NGO', 'IMG') THEN source_org END AS org,
               0 AS side, quad_class AS quad
        FROM story_events WHERE source <> ''
        UNION ALL
        SELECT target, target_code, CASE WHEN target_code IN ('IGO', 'NGO', 'IMG') THEN target_org END, 1, quad_class
        FROM story_events WHERE target <> ''
    ) GROUP BY id;
INSERT INTO pair_totals
    SELECT CASE WHEN source < target THEN source ELSE target END AS a, CASE WHEN source < target THEN target ELSE source END AS b,
           COUNT(*), SUM(source < target), SUM(source > target), SUM(quad_class <= 2), SUM(quad_class >= 3), SUM(goldstein)
    FROM story_events WHERE source <> '' AND target <> '' AND source <> target
    GROUP BY a, b;
INSERT INTO store_totals VALUES (1, (SELECT COUNT(*) FROM documents), (SELECT COUNT(*) FROM events), (SELECT COUNT(*) FROM quotes));
"#
    };
}

/// [`summary_rebuild_sql`] as a constant.
pub(crate) const REBUILD: &str = summary_rebuild_sql!();

/// The key an aggregate counts an actor under: the organisation of an IGO, NGO or IMG (`NATO`),
/// else the code.
fn key(a: &Actor) -> &str {
    match &a.org {
        Some(org) if matches!(a.code.as_str(), "IGO" | "NGO" | "IMG") => org,
        _ => &a.code,
    }
}

fn group_org(a: &Actor) -> Option<&str> {
    if matches!(a.code.as_str(), "IGO" | "NGO" | "IMG") {
        a.org.as_deref()
    } else {
        None
    }
}

/// Adds a just-inserted document (in story `story`) to the totals. Run in its transaction.
pub(crate) fn add(tx: &Transaction<'_>, story: &str, a: &Analysis) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT INTO store_totals VALUES (1, 1, ?1, ?2) ON CONFLICT (one) DO UPDATE SET \
         documents = documents + 1, events = events + excluded.events, quotes = quotes + excluded.quotes",
    )?
    .execute(params![int(a.events.len()), int(a.quotes.len())])?;
    let mut new_event = tx.prepare_cached(
        "INSERT OR IGNORE INTO story_events VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    let mut actor = tx.prepare_cached(
        "INSERT INTO actor_totals VALUES (?1, ?2, ?3, 1, ?4, ?5, ?6, ?7) ON CONFLICT (id) DO UPDATE SET \
         code = min(code, excluded.code), org = COALESCE(min(org, excluded.org), org, excluded.org), \
         events = events + 1, as_source = as_source + excluded.as_source, as_target = as_target + excluded.as_target, \
         cooperation = cooperation + excluded.cooperation, conflict = conflict + excluded.conflict",
    )?;
    let mut pair = tx.prepare_cached(
        "INSERT INTO pair_totals VALUES (?1, ?2, 1, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (a, b) DO UPDATE SET \
         events = events + 1, a_to_b = a_to_b + excluded.a_to_b, b_to_a = b_to_a + excluded.b_to_a, \
         cooperation = cooperation + excluded.cooperation, conflict = conflict + excluded.conflict, \
         goldstein_total = goldstein_total + excluded.goldstein_total",
    )?;
    for e in a.events.iter().filter(|e| COUNTED_POLARITIES.contains(&e.polarity.as_str())) {
        let (s, t) = (key(&e.source), e.target.as_ref().map(key).unwrap_or(""));
        let tgt = e.target.as_ref();
        let added = new_event.execute(params![
            story,
            s,
            t,
            e.cameo,
            e.source.code,
            e.source.org,
            tgt.map(|x| &x.code),
            tgt.and_then(|x| x.org.as_ref()),
            e.quad_class,
            f64::from(e.goldstein),
        ])?;
        if added == 0 {
            continue; // this story already counts this event
        }
        let (coop, conflict) = (i64::from(e.quad_class <= 2), i64::from(e.quad_class >= 3));
        if !s.is_empty() {
            actor.execute(params![s, e.source.code, group_org(&e.source), 1, 0, coop, conflict])?;
        }
        if let Some(target) = tgt.filter(|_| !t.is_empty()) {
            actor.execute(params![t, target.code, group_org(target), 0, 1, coop, conflict])?;
            if !s.is_empty() && s != t {
                let (a_, b_) = if s < t { (s, t) } else { (t, s) };
                pair.execute(params![a_, b_, i64::from(s < t), i64::from(s > t), coop, conflict, f64::from(e.goldstein)])?;
            }
        }
    }
    Ok(())
}
