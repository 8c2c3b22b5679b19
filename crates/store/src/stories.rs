//! Story groups: near-duplicate documents (a wire story carried by several outlets, the same
//! story re-posted) are grouped, so that counts can take each story once.
//!
//! **Signature.** The cleaned text is cut into words (runs of letters and digits, lower case)
//! and overlapping [`SHINGLE`]-word shingles, each hashed to 64 bits. A MinHash signature of
//! [`BINS`] values is taken by one-permutation hashing (every shingle hashed once: its high bits
//! pick a bin, its low bits compete for the bin's minimum; an empty bin borrows from the next
//! full one, shifted by the distance, which keeps the estimate unbiased), so signing costs one
//! hash per word. The share of equal values in two signatures estimates the Jaccard similarity
//! of the two shingle sets.
//!
//! **Lookup.** The signature is cut into [`BANDS`] bands of [`ROWS`] values; each band hashes to
//! one key, stored in the `story_bands` table (primary key `(key, doc_id)`, so a lookup is one
//! index probe per band whatever the store's size); signatures are kept in `story_signatures`.
//! Two documents with Jaccard similarity `J` share at least one band with probability
//! `1 - (1 - J^3)^20`: 0.93 at 0.5, 0.99 at 0.6, 2 in 100,000 at 0.01 (unrelated articles).
//! A band shared by more than 32 documents (boilerplate, or a story with many copies) yields
//! its first 32, and when more than 16 documents share a band with the new one only those
//! sharing two bands are checked (a copy is still found with probability 0.95 at 0.6), which
//! bounds the work per document on look-alike corpora.
//!
//! **Grouping.** A new document joins the group of the most similar candidate whose estimated
//! Jaccard similarity is at least [`JACCARD`], or which contains nearly all of the smaller text
//! (estimated containment at least [`CONTAINMENT`], for a copy cut short); otherwise it starts
//! its own group. A group is named by the id of its first stored member.

use std::collections::HashMap;
use std::sync::OnceLock;

use rusqlite::{
    params, params_from_iter, Connection, OptionalExtension, Transaction, TransactionBehavior,
};
use serde::Serialize;

use crate::sql::Sql;
use crate::{EventFilter, Store, StoreError};

/// Words per shingle.
pub const SHINGLE: usize = 5;
/// Values in a signature.
pub const BINS: usize = 60;
/// Bands of the LSH table, and values per band (`BANDS * ROWS == BINS`).
pub const BANDS: usize = 20;
pub const ROWS: usize = 3;
/// Estimated Jaccard similarity from which two documents are one story.
pub const JACCARD: f64 = 0.5;
/// Estimated share of the smaller document's shingles found in the other from which two
/// documents are one story (a copy cut short), when the smaller has [`MIN_CONTAINED`] shingles.
pub const CONTAINMENT: f64 = 0.85;
pub const MIN_CONTAINED: u32 = 30;
/// Documents read from one band of the LSH table at most.
const PROBE_LIMIT: i64 = 32;
/// Above this many candidates, only those sharing two bands or more are checked.
const MANY_CANDIDATES: usize = 16;

/// A document's MinHash signature and how many shingles (word positions) it was made of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    pub shingles: u32,
    pub values: [u32; BINS],
}

impl Signature {
    /// The signature of a text, or `None` when it has no words.
    pub fn of(text: &str) -> Option<Signature> {
        let words = word_hashes(text);
        if words.is_empty() {
            return None;
        }
        let mut bins = [u64::MAX; BINS];
        let mut full = [false; BINS];
        let n = words.len().saturating_sub(SHINGLE - 1).max(1);
        for i in 0..n {
            let mut h = 0x9e37_79b9_7f4a_7c15u64;
            for w in &words[i..(i + SHINGLE).min(words.len())] {
                h = (h ^ w).wrapping_mul(0x0000_0100_0000_01b3).rotate_left(29);
            }
            let h = mix(h);
            let bin = (((h >> 32) * BINS as u64) >> 32) as usize;
            let value = h & 0xffff_ffff;
            if value < bins[bin] {
                bins[bin] = value;
            }
            full[bin] = true;
        }
        let mut values = [0u32; BINS];
        for (i, v) in values.iter_mut().enumerate() {
            // An empty bin takes the next full bin's value, shifted by the distance
            // (densification by rotation), so that two texts' empty bins agree as often as
            // their full ones do.
            let Some(d) = (0..BINS).find(|d| full[(i + d) % BINS]) else {
                return None;
            };
            let src = bins[(i + d) % BINS] as u32;
            *v = src.wrapping_add((d as u32).wrapping_mul(0x9e37_79b9));
        }
        Some(Signature {
            shingles: u32::try_from(n).unwrap_or(u32::MAX),
            values,
        })
    }

    /// Estimated Jaccard similarity of the two texts' shingle sets.
    pub fn jaccard(&self, other: &Signature) -> f64 {
        let same = self
            .values
            .iter()
            .zip(&other.values)
            .filter(|(a, b)| a == b)
            .count();
        same as f64 / BINS as f64
    }

    /// Estimated share of the smaller text's shingles that the other holds too.
    pub fn containment(&self, other: &Signature) -> f64 {
        let j = self.jaccard(other);
        let (a, b) = (f64::from(self.shingles), f64::from(other.shingles));
        let common = j / (1.0 + j) * (a + b);
        (common / a.min(b).max(1.0)).min(1.0)
    }

    /// Whether the two texts are one story.
    pub fn same_story(&self, other: &Signature) -> bool {
        self.jaccard(other) >= JACCARD
            || self.shingles.min(other.shingles) >= MIN_CONTAINED
                && self.containment(other) >= CONTAINMENT
    }

    /// The LSH keys of the signature, one per band (the band's number is hashed in, so equal
    /// values in different bands give different keys).
    pub fn band_keys(&self) -> [i64; BANDS] {
        let mut keys = [0i64; BANDS];
        for (b, k) in keys.iter_mut().enumerate() {
            let mut h = mix(b as u64 + 1);
            for v in &self.values[b * ROWS..(b + 1) * ROWS] {
                h = mix(h ^ u64::from(*v));
            }
            *k = h as i64;
        }
        keys
    }

    fn to_blob(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(4 * (BINS + 1));
        out.extend_from_slice(&self.shingles.to_le_bytes());
        for v in &self.values {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out
    }

    fn from_blob(blob: &[u8]) -> Option<Signature> {
        if blob.len() != 4 * (BINS + 1) {
            return None;
        }
        let word = |i: usize| {
            u32::from_le_bytes([
                blob[4 * i],
                blob[4 * i + 1],
                blob[4 * i + 2],
                blob[4 * i + 3],
            ])
        };
        let mut values = [0u32; BINS];
        for (i, v) in values.iter_mut().enumerate() {
            *v = word(i + 1);
        }
        Some(Signature {
            shingles: word(0),
            values,
        })
    }
}

/// Hashes of the normalised words (runs of letters and digits, lower-cased): FNV-1a over the
/// lower-cased characters, without building the words.
fn word_hashes(text: &str) -> Vec<u64> {
    const START: u64 = 0xcbf2_9ce4_8422_2325;
    let mut out = Vec::with_capacity(text.len() / 6);
    let mut h = START;
    let mut in_word = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            for l in c.to_lowercase() {
                h = (h ^ u64::from(u32::from(l))).wrapping_mul(0x0000_0100_0000_01b3);
            }
            in_word = true;
        } else if in_word {
            out.push(h);
            h = START;
            in_word = false;
        }
    }
    if in_word {
        out.push(h);
    }
    out
}

/// The SplitMix64 finaliser: every input bit affects every output bit.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Gives the stored document `id` its story group from its cleaned `text`, records its
/// signature and band keys, and returns the group. Run inside the transaction that inserts
/// the document, after the documents row is written.
pub(crate) fn assign(tx: &Transaction<'_>, id: &str, text: &str) -> Result<String, StoreError> {
    let Some(sig) = Signature::of(text) else {
        tx.prepare_cached("UPDATE documents SET story_group = ?1 WHERE id = ?1")?
            .execute([id])?;
        return Ok(id.to_string());
    };
    let keys = sig.band_keys();
    // Candidates: documents sharing a band, with how many bands they share. A band shared by
    // many documents is boilerplate (a standard closing line) or a story with many copies: the
    // first PROBE_LIMIT of them are enough, and bound the work per document.
    let mut candidates: HashMap<String, u32> = HashMap::new();
    {
        // One statement for all bands (one index probe each, at most PROBE_LIMIT rows each).
        let mut probe = tx.prepare_cached(probe_sql())?;
        {
            let mut rows = probe.query(params_from_iter(keys.iter()))?;
            while let Some(row) = rows.next()? {
                let doc = row
                    .get_ref(0)?
                    .as_str()
                    .map_err(|e| StoreError::Corrupt(format!("story_bands.doc_id: {e}")))?;
                if doc != id {
                    match candidates.get_mut(doc) {
                        Some(n) => *n += 1,
                        None => {
                            candidates.insert(doc.to_string(), 1);
                        }
                    }
                }
            }
        }
    }
    // Many candidates mean text much like many others' (a site's template, a corpus of
    // look-alike items): then only those sharing two bands or more are checked, which keeps a
    // copy's chance of being found (0.95 at a similarity of 0.6) at a bounded cost.
    if candidates.len() > MANY_CANDIDATES {
        candidates.retain(|_, n| *n >= 2);
    }
    let mut best: Option<(f64, String)> = None;
    {
        let mut load = tx.prepare_cached(
            "SELECT signature, story_group FROM story_signatures WHERE doc_id = ?1",
        )?;
        for doc in candidates.keys() {
            let mut rows = load.query([doc])?;
            let Some(row) = rows.next()? else { continue };
            let blob = row
                .get_ref(0)?
                .as_blob()
                .map_err(|e| StoreError::Corrupt(format!("story_signatures.signature: {e}")))?;
            let Some(other) = Signature::from_blob(blob) else {
                continue;
            };
            if !sig.same_story(&other) {
                continue;
            }
            let group: String = row.get(1)?;
            let j = sig.jaccard(&other);
            // The most similar; among equals, the group named first (stable whatever the
            // order the band probes returned them in).
            let better = match &best {
                None => true,
                Some((bj, bg)) => j > *bj || (j == *bj && group < *bg),
            };
            if better {
                best = Some((j, group));
            }
        }
    }
    let group = best.map(|(_, g)| g).unwrap_or_else(|| id.to_string());
    tx.prepare_cached("UPDATE documents SET story_group = ?2 WHERE id = ?1")?
        .execute(params![id, group])?;
    tx.prepare_cached("INSERT OR REPLACE INTO story_signatures (doc_id, story_group, signature) VALUES (?1, ?2, ?3)")?
        .execute(params![id, group, sig.to_blob()])?;
    let mut values: Vec<rusqlite::types::Value> = keys
        .iter()
        .map(|&k| rusqlite::types::Value::Integer(k))
        .collect();
    values.push(rusqlite::types::Value::Text(id.to_string()));
    tx.prepare_cached(insert_sql())?
        .execute(params_from_iter(values.iter()))?;
    Ok(group)
}

/// `SELECT doc_id FROM (... WHERE key = ?1 LIMIT n) UNION ALL ...` over the [`BANDS`] keys.
fn probe_sql() -> &'static str {
    static SQL: OnceLock<String> = OnceLock::new();
    SQL.get_or_init(|| {
        (1..=BANDS)
            .map(|i| format!("SELECT doc_id FROM (SELECT doc_id FROM story_bands WHERE key = ?{i} LIMIT {PROBE_LIMIT})"))
            .collect::<Vec<_>>()
            .join(" UNION ALL ")
    })
}

/// One `INSERT` of the [`BANDS`] keys (`?1`..) for the document `?{BANDS + 1}`.
fn insert_sql() -> &'static str {
    static SQL: OnceLock<String> = OnceLock::new();
    SQL.get_or_init(|| {
        let rows: Vec<String> = (1..=BANDS)
            .map(|i| format!("(?{i}, ?{})", BANDS + 1))
            .collect();
        format!(
            "INSERT OR IGNORE INTO story_bands (key, doc_id) VALUES {}",
            rows.join(", ")
        )
    })
}

/// Groups the documents stored before story groups existed (an older store just upgraded),
/// in the order they were stored, a thousand per transaction. Does nothing (one probe of the
/// `story_group` index) when every document has its group.
pub(crate) fn backfill(conn: &mut Connection) -> Result<bool, StoreError> {
    let pending: Vec<(i64, String)> = {
        let mut stmt = conn.prepare("SELECT rowid, id FROM documents WHERE story_group IS NULL")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<Result<_, _>>()?
    };
    if pending.is_empty() {
        return Ok(false);
    }
    let mut pending = pending;
    pending.sort();
    for chunk in pending.chunks(1000) {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        for (_, id) in chunk {
            let text: Option<String> = tx
                .prepare_cached(
                    "SELECT clean_text FROM documents WHERE id = ?1 AND story_group IS NULL",
                )?
                .query_row([id], |r| r.get(0))
                .optional()?;
            if let Some(text) = text {
                assign(&tx, id, &text)?;
            }
        }
        tx.commit()?;
    }
    Ok(true)
}

/// Events between two actors of one category, with each story group counted once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DyadCount {
    /// The source's actor key: its code (`RUS`), or for an organisation or group its
    /// organisation (`NATO`).
    pub source: String,
    /// The target's actor key; `None` for events without a target.
    pub target: Option<String>,
    /// PLOVER category.
    pub event: String,
    /// Story groups with at least one such event: the count to use.
    pub stories: i64,
    /// Coded events (every copy and every sentence).
    pub events: i64,
}

/// An actor's key: the organisation for `IGO`/`NGO`/`IMG` with one, else the code.
const SOURCE_KEY: &str = "CASE WHEN e.source_code IN ('IGO', 'NGO', 'IMG') AND e.source_org IS NOT NULL THEN e.source_org ELSE e.source_code END";
const TARGET_KEY: &str = "CASE WHEN e.target_code IN ('IGO', 'NGO', 'IMG') AND e.target_org IS NOT NULL THEN e.target_org ELSE e.target_code END";

impl Store {
    /// Events per (source, target, category) among those matching `f` (the filter of
    /// [`Store::events`]), counting each story group once in `stories`: a wire story carried
    /// by two outlets is one story. Most stories first.
    pub fn dyad_counts(&self, f: &EventFilter) -> Result<Vec<DyadCount>, StoreError> {
        let mut w = Sql::default();
        w.event_filter(f, "e");
        let sql = format!(
            "SELECT {SOURCE_KEY} AS s, {TARGET_KEY} AS t, e.event, COUNT(DISTINCT COALESCE(d.story_group, d.id)), COUNT(*) \
             FROM events e JOIN documents d ON d.id = e.doc_id{} \
             GROUP BY s, t, e.event ORDER BY 4 DESC, 5 DESC, s, t, e.event",
            w.where_sql()
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(params_from_iter(w.params()), |r| {
            Ok(DyadCount {
                source: r.get(0)?,
                target: r.get(1)?,
                event: r.get(2)?,
                stories: r.get(3)?,
                events: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The story group of a stored document (the id of its group's first stored member).
    pub fn story_group(&self, id: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .prepare_cached("SELECT COALESCE(story_group, id) FROM documents WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?)
    }

    /// What was removed from a stored document before analysis, with the reasons: the
    /// blocks the HTML extractor left out and the cleaning's debris.
    pub fn removed(&self, id: &str) -> Result<Option<Vec<(String, String)>>, StoreError> {
        let json: Option<String> = self
            .conn
            .prepare_cached("SELECT removed FROM documents WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?;
        match json {
            None => Ok(None),
            Some(j) => serde_json::from_str(&j)
                .map(Some)
                .map_err(|e| StoreError::Corrupt(format!("bad removed JSON for {id}: {e}"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STORY: &str =
        "Russian forces launched a large drone and missile attack on Kyiv overnight, \
        Ukraine's air force said on Tuesday, killing at least six people and damaging apartment \
        buildings in three districts of the capital. The air force said it shot down 52 of the 60 \
        drones and four of the seven missiles. President Volodymyr Zelensky called for more air \
        defence systems from Western partners and said Russia must face tougher sanctions. The \
        Kremlin did not comment on the strike, which came hours after talks in Istanbul ended \
        without agreement on a ceasefire.";

    #[test]
    fn copies_are_similar_and_other_stories_are_not() {
        let a = Signature::of(STORY).unwrap();
        // Another outlet's copy: its own headline line and a trailer, one word changed.
        let copy = format!(
            "KYIV (Example Wire) - {} Reporting by Example Wire staff.",
            STORY.replace("Tuesday", "Wednesday")
        );
        let b = Signature::of(&copy).unwrap();
        assert!(a.jaccard(&b) > 0.6, "{}", a.jaccard(&b));
        assert!(a.same_story(&b));
        // Cut short after three sentences: contained in the full story.
        let short: String = STORY.split_inclusive(". ").take(3).collect();
        let c = Signature::of(&short).unwrap();
        assert!(a.same_story(&c), "containment {}", a.containment(&c));
        // Same topic, other words.
        let other = "Ukraine said on Tuesday that Russia attacked Kyiv with drones and missiles overnight. \
            Officials in the capital reported several deaths and damage to homes, while the president \
            again asked allies for air defences and new sanctions against Moscow after the Istanbul talks.";
        let d = Signature::of(other).unwrap();
        assert!(a.jaccard(&d) < 0.2, "{}", a.jaccard(&d));
        assert!(!a.same_story(&d));
        // Case, punctuation and spacing do not matter; nothing to sign in an empty text.
        assert_eq!(
            Signature::of(&STORY.to_uppercase().replace(", ", " , ")),
            Some(a.clone())
        );
        assert_eq!(Signature::of(" .,; "), None);
        assert!(Signature::of("Short.").is_some());
        assert_eq!(Signature::from_blob(&a.to_blob()), Some(a));
    }

    use crate::MIGRATIONS;
    use statecraft_model::{Actor, Analysis, DocStatus, Document, Event, Polarity};

    fn actor(code: &str) -> Actor {
        Actor {
            text: code.to_string(),
            code: code.to_string(),
            ..Default::default()
        }
    }

    /// An outlet's article: its text, and one ASSAULT event RUS -> UKR per sentence given.
    fn article(id: &str, outlet: &str, text: &str, assaults: usize) -> Analysis {
        let events = (0..assaults)
            .map(|i| Event {
                doc_id: id.to_string(),
                sentence: i,
                span: [0, 10],
                sentence_text: "Russian forces launched an attack on Kyiv.".to_string(),
                date: Some("2025-08-05".to_string()),
                source: actor("RUS"),
                target: Some(actor("UKR")),
                event: "ASSAULT".to_string(),
                cameo: "190".to_string(),
                goldstein: -10.0,
                quad_class: 4,
                polarity: Polarity::Asserted,
                trigger: "launched an attack".to_string(),
                pattern: "190:attack".to_string(),
                location: None,
                date_precision: Default::default(),
                publication_date: Some("2025-08-05".to_string()),
                confidence: None,
            })
            .collect();
        Analysis {
            doc: Document {
                id: id.to_string(),
                title: None,
                date: None,
                url: None,
                outlet: Some(outlet.to_string()),
                origin: format!("{outlet}.jsonl"),
                text: text.to_string(),
                removed: vec![("More from Example".to_string(), "link list".to_string())],
                notes: Vec::new(),
            },
            clean_text: text.to_string(),
            title: None,
            date: None,
            status: DocStatus::Coded,
            error: None,
            removed: vec![("More from Example".to_string(), "link list".to_string())],
            sentences: Vec::new(),
            mentions: Vec::new(),
            events,
            quotes: Vec::new(),
        }
    }

    fn groups(store: &Store) -> Vec<(String, Option<String>)> {
        let mut out = Vec::new();
        store
            .documents(&EventFilter::default(), |d| {
                out.push((d.id, d.story_group));
                Ok(())
            })
            .unwrap();
        out
    }

    #[test]
    fn two_outlets_copies_are_one_story_counted_once() {
        let mut store = Store::open_in_memory().unwrap();
        let wire = article("wire-1", "Example Wire", STORY, 2);
        let copy_text = format!(
            "KYIV (Daily Example) - {} Additional reporting by our correspondent.",
            STORY
        );
        let copy = article("daily-7", "Daily Example", &copy_text, 2);
        let other = article(
            "other-3",
            "Daily Example",
            "Russian troops attacked positions near Pokrovsk in eastern Ukraine on Monday, the \
             general staff said, in the third day of heavy fighting along the front.",
            1,
        );
        assert_eq!(
            store.insert_batch(&[wire.clone(), copy.clone()]).unwrap(),
            2
        );
        assert!(store.insert(&other).unwrap());
        assert_eq!(
            groups(&store),
            vec![
                ("wire-1".to_string(), Some("wire-1".to_string())),
                ("daily-7".to_string(), Some("wire-1".to_string())),
                ("other-3".to_string(), Some("other-3".to_string())),
            ]
        );
        // Five ASSAULT events in three documents, but two stories.
        let counts = store.dyad_counts(&EventFilter::default()).unwrap();
        assert_eq!(
            counts,
            vec![DyadCount {
                source: "RUS".into(),
                target: Some("UKR".into()),
                event: "ASSAULT".into(),
                stories: 2,
                events: 5
            }]
        );
        // Re-ingesting adds nothing and changes no group.
        assert_eq!(store.insert_batch(&[copy, wire, other]).unwrap(), 0);
        assert_eq!(groups(&store).len(), 3);
        assert_eq!(
            store.dyad_counts(&EventFilter::default()).unwrap()[0].stories,
            2
        );
        // A third copy joins the group, whichever member it resembles.
        let third = article(
            "third-9",
            "Third Example",
            &copy_text.replace("six people", "seven people"),
            1,
        );
        assert!(store.insert(&third).unwrap());
        assert_eq!(
            store.story_group("third-9").unwrap().as_deref(),
            Some("wire-1")
        );
        assert_eq!(
            store.dyad_counts(&EventFilter::default()).unwrap()[0].stories,
            2
        );
        // The filter applies: one document's events are one story.
        let one = EventFilter {
            doc: Some("daily-7".into()),
            ..Default::default()
        };
        assert_eq!(store.dyad_counts(&one).unwrap()[0].stories, 1);
        // What was removed before analysis is stored with its reason.
        assert_eq!(
            store.removed("daily-7").unwrap(),
            Some(vec![(
                "More from Example".to_string(),
                "link list".to_string()
            )])
        );
        assert_eq!(store.removed("missing").unwrap(), None);
    }

    #[test]
    fn copies_are_found_among_many_look_alikes() {
        // A hundred items sharing a long standard paragraph (similarity about 0.22 to one
        // another): many have more than MANY_CANDIDATES candidates, so only those sharing two
        // bands are checked (a copy of the first item has 48, of which 7 are checked); the copy
        // is still found, and the look-alikes stay apart.
        let mut seed = 7u64;
        let mut word = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            format!("w{}", (seed >> 33) % 50_000)
        };
        let standard: String = (0..60).map(|_| word() + " ").collect();
        let items: Vec<String> = (0..100)
            .map(|_| {
                format!(
                    "{standard}{}",
                    (0..90).map(|_| word() + " ").collect::<String>()
                )
            })
            .collect();
        let mut store = Store::open_in_memory().unwrap();
        let batch: Vec<Analysis> = items
            .iter()
            .enumerate()
            .map(|(i, t)| article(&format!("item-{i:03}"), "Feed", t, 0))
            .collect();
        assert_eq!(store.insert_batch(&batch).unwrap(), 100);
        let distinct: std::collections::BTreeSet<Option<String>> =
            groups(&store).into_iter().map(|(_, g)| g).collect();
        assert_eq!(distinct.len(), 100);
        let copy = format!("Posted again: {} (updated)", items[0]);
        assert!(store.insert(&article("repost", "Other", &copy, 0)).unwrap());
        assert_eq!(
            store.story_group("repost").unwrap().as_deref(),
            Some("item-000")
        );
    }

    #[test]
    fn an_older_store_is_grouped_when_opened() {
        let dir = std::env::temp_dir().join(format!("statecraft-stories-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("old.db");
        {
            // A store written before story groups: the schema of version 2, three documents.
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch(MIGRATIONS[0]).unwrap();
            conn.execute_batch(MIGRATIONS[1]).unwrap();
            conn.pragma_update(None, "user_version", 2).unwrap();
            let copy_text = format!("{STORY} Additional reporting by our correspondent.");
            for (id, text) in [("w", STORY), ("d", copy_text.as_str()), ("e", "")] {
                conn.execute(
                    "INSERT INTO documents (id, origin, raw_text, clean_text, status, sentence_count, event_count, ingested_at) \
                     VALUES (?1, 'old', ?2, ?2, 'coded', 0, 0, '2025-01-01T00:00:00Z')",
                    params![id, text],
                )
                .unwrap();
            }
        }
        let store = Store::open(&path).unwrap();
        assert_eq!(
            groups(&store),
            vec![
                ("w".to_string(), Some("w".to_string())),
                ("d".to_string(), Some("w".to_string())),
                ("e".to_string(), Some("e".to_string()))
            ]
        );
        drop(store);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
