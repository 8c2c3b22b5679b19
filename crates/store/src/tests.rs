use super::*;
use statecraft_model::{DocStatus, Document, MentionRecord, Sentence};
use std::path::PathBuf;

/// A fresh folder under the system temp dir, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("statecraft-store-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create temp dir");
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn actor(text: &str, code: &str, org: Option<&str>, name: Option<&str>, start: usize) -> Actor {
    Actor {
        text: text.to_string(),
        code: code.to_string(),
        sector: Some("GOV".to_string()),
        org: org.map(str::to_string),
        name: name.map(str::to_string),
        role: None,
        start,
        end: start + text.len(),
    }
}

fn event(doc: &str, date: &str, source: Actor, target: Option<Actor>, category: &str, cameo: &str) -> Event {
    Event {
        doc_id: doc.to_string(),
        sentence: 1,
        span: [10, 60],
        sentence_text: "Russia attacked Ukraine, NATO said.".to_string(),
        date: Some(date.to_string()),
        source,
        target,
        event: category.to_string(),
        cameo: cameo.to_string(),
        goldstein: -9.5,
        quad_class: statecraft_model::quad_class(cameo),
        polarity: Polarity::Asserted,
        trigger: "attacked".to_string(),
        pattern: format!("{cameo}:attack"),
        location: None,
        date_precision: statecraft_model::DatePrecision::Unknown,
        publication_date: Some(date.to_string()),
        confidence: None,
    }
}

fn analysis(id: &str, date: &str, events: Vec<Event>) -> Analysis {
    let text = "Title\n\nRussia attacked Ukraine, NATO said. More text.".to_string();
    let mentions = events
        .iter()
        .flat_map(|e| std::iter::once(&e.source).chain(e.target.as_ref()))
        .map(|a| MentionRecord { sentence: 1, actor: a.clone() })
        .collect();
    Analysis {
        doc: Document {
            id: id.to_string(),
            title: None,
            date: NaiveDate::parse_from_str(date, "%Y-%m-%d").ok(),
            url: Some(format!("https://news.test/{id}")),
            outlet: Some("Wire".to_string()),
            origin: format!("feed.jsonl:{id}"),
            text: text.clone(),
            removed: Vec::new(),
            notes: Vec::new(),
        },
        clean_text: text,
        title: Some("Title".to_string()),
        date: NaiveDate::parse_from_str(date, "%Y-%m-%d").ok(),
        status: if events.is_empty() { DocStatus::Skipped } else { DocStatus::Coded },
        error: None,
        removed: vec![("Share this".to_string(), "social".to_string())],
        sentences: vec![
            Sentence { index: 0, start: 0, end: 5, text: "Title".to_string() },
            Sentence { index: 1, start: 7, end: 42, text: "Russia attacked Ukraine, NATO said.".to_string() },
        ],
        mentions,
        events,
        quotes: Vec::new(),
    }
}

fn rus() -> Actor {
    actor("Russia", "RUS", None, None, 7)
}

fn ukr() -> Actor {
    actor("Ukraine", "UKR", None, None, 23)
}

fn nato() -> Actor {
    let mut a = actor("NATO", "IGO", Some("NATO"), Some("North Atlantic Treaty Organization"), 32);
    a.sector = None;
    a
}

/// Three documents: an assault, a NATO consultation with a located event, a skipped one.
fn sample() -> Vec<Analysis> {
    let mut consult = event("b", "2025-08-10", nato(), Some(ukr()), "CONSULT", "040");
    consult.location = Some(Location {
        name: "Brussels".to_string(),
        country: Some("BEL".to_string()),
        lat: Some(50.85),
        lon: Some(4.35),
    });
    consult.polarity = Polarity::Proposed;
    let mut putin = actor("Putin", "RUS", None, Some("Émile Putin"), 7);
    putin.role = Some("President".to_string());
    let threat = event("b", "2025-08-10", putin, None, "THREATEN", "138");
    vec![
        analysis("a", "2025-08-01", vec![event("a", "2025-08-01", rus(), Some(ukr()), "ASSAULT", "190")]),
        analysis("b", "2025-08-10", vec![consult, threat]),
        analysis("c", "2025-08-20", Vec::new()),
    ]
}

fn events(store: &Store, f: &EventFilter) -> Vec<Event> {
    let mut out = Vec::new();
    store
        .events(f, |e| {
            out.push(e);
            Ok(())
        })
        .expect("query events");
    out
}

fn doc_ids(store: &Store, f: &EventFilter) -> Vec<String> {
    let mut out = Vec::new();
    store
        .documents(f, |d| {
            out.push(d.id);
            Ok(())
        })
        .expect("query documents");
    out
}

fn cameos(store: &Store, f: &EventFilter) -> Vec<String> {
    events(store, f).into_iter().map(|e| e.cameo).collect()
}

#[test]
fn insert_twice_keeps_one_copy() {
    let mut store = Store::open_in_memory().expect("open");
    let a = &sample()[0];
    assert!(!store.contains("a").expect("contains"));
    assert!(store.insert(a).expect("insert"));
    assert!(!store.insert(a).expect("insert again"));
    assert!(store.contains("a").expect("contains"));
    let s = store.summary().expect("summary");
    assert_eq!(s, Summary { documents: 1, coded: 1, skipped: 0, rejects: 0, sentences: 2, events: 1 });
}

#[test]
fn events_round_trip_exactly() {
    let mut store = Store::open_in_memory().expect("open");
    let items = sample();
    assert_eq!(store.insert_batch(&items).expect("batch"), 3);
    let stored = events(&store, &EventFilter::default());
    let expected: Vec<Event> = items.iter().flat_map(|a| a.events.clone()).collect();
    assert_eq!(stored, expected);
    assert_eq!(stored[2].target, None);
    assert_eq!(stored[2].source.role.as_deref(), Some("President"));
    assert_eq!(stored[1].location.as_ref().map(|l| l.name.as_str()), Some("Brussels"));
}

#[test]
fn insert_batch_skips_duplicates() {
    let mut store = Store::open_in_memory().expect("open");
    let items = sample();
    assert!(store.insert(&items[0]).expect("insert"));
    let batch = vec![items[0].clone(), items[1].clone(), items[1].clone(), items[2].clone()];
    assert_eq!(store.insert_batch(&batch).expect("batch"), 2);
    assert_eq!(store.insert_batch(&batch).expect("batch again"), 0);
    let s = store.summary().expect("summary");
    assert_eq!((s.documents, s.coded, s.skipped, s.events, s.sentences), (3, 2, 1, 3, 6));
}

#[test]
fn event_filters() {
    let mut store = Store::open_in_memory().expect("open");
    store.insert_batch(&sample()).expect("batch");
    let by = |f: EventFilter| cameos(&store, &f);

    assert_eq!(by(EventFilter { actor: Some("rus".into()), ..Default::default() }), ["190", "138"]);
    assert_eq!(by(EventFilter { actor: Some("UKR".into()), ..Default::default() }), ["190", "040"]);
    assert_eq!(by(EventFilter { actor: Some("nato".into()), ..Default::default() }), ["040"]);
    assert_eq!(
        by(EventFilter { actor: Some("north atlantic TREATY organization".into()), ..Default::default() }),
        ["040"]
    );
    assert_eq!(by(EventFilter { actor: Some("ÉMILE PUTIN".into()), ..Default::default() }), ["138"]);
    assert!(by(EventFilter { actor: Some("CHN".into()), ..Default::default() }).is_empty());

    let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    assert_eq!(by(EventFilter { since: day("2025-08-10"), ..Default::default() }), ["040", "138"]);
    assert_eq!(by(EventFilter { until: day("2025-08-01"), ..Default::default() }), ["190"]);
    assert_eq!(
        by(EventFilter { since: day("2025-08-02"), until: day("2025-08-09"), ..Default::default() }),
        Vec::<String>::new()
    );

    assert_eq!(by(EventFilter { event: Some("assault".into()), ..Default::default() }), ["190"]);
    assert_eq!(by(EventFilter { event: Some("CONSULT".into()), ..Default::default() }), ["040"]);
    assert_eq!(by(EventFilter { event: Some("19".into()), ..Default::default() }), ["190"]);
    assert_eq!(by(EventFilter { event: Some("13".into()), ..Default::default() }), ["138"]);
    assert_eq!(by(EventFilter { event: Some("1381".into()), ..Default::default() }), Vec::<String>::new());
    assert_eq!(by(EventFilter { doc: Some("b".into()), ..Default::default() }), ["040", "138"]);
    assert_eq!(
        by(EventFilter {
            actor: Some("RUS".into()),
            doc: Some("b".into()),
            event: Some("THREATEN".into()),
            ..Default::default()
        }),
        ["138"]
    );
}

#[test]
fn document_filters_and_rows() {
    let mut store = Store::open_in_memory().expect("open");
    store.insert_batch(&sample()).expect("batch");
    let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    assert_eq!(doc_ids(&store, &EventFilter::default()), ["a", "b", "c"]);
    assert_eq!(doc_ids(&store, &EventFilter { since: day("2025-08-05"), ..Default::default() }), ["b", "c"]);
    assert_eq!(doc_ids(&store, &EventFilter { until: day("2025-08-10"), ..Default::default() }), ["a", "b"]);
    assert_eq!(doc_ids(&store, &EventFilter { doc: Some("c".into()), ..Default::default() }), ["c"]);
    assert_eq!(doc_ids(&store, &EventFilter { actor: Some("rus".into()), ..Default::default() }), ["a", "b"]);
    assert_eq!(
        doc_ids(
            &store,
            &EventFilter {
                actor: Some("rus".into()),
                event: Some("19".into()),
                since: day("2025-08-01"),
                ..Default::default()
            }
        ),
        ["a"]
    );

    let mut rows = Vec::new();
    store
        .documents(&EventFilter { doc: Some("c".into()), ..Default::default() }, |d| {
            rows.push(d);
            Ok(())
        })
        .expect("documents");
    let row = &rows[0];
    assert_eq!(row.status, "skipped");
    assert_eq!(row.date.as_deref(), Some("2025-08-20"));
    assert_eq!(row.title.as_deref(), Some("Title"));
    let json = serde_json::to_string(row).expect("json");
    let keys: Vec<usize> =
        ["\"id\"", "\"title\"", "\"date\"", "\"outlet\"", "\"url\"", "\"text\"", "\"status\"", "\"error\""]
            .iter()
            .map(|k| json.find(k).expect("key present"))
            .collect();
    assert!(keys.windows(2).all(|w| w[0] < w[1]), "field order: {json}");
}

#[test]
fn actor_counts() {
    let mut store = Store::open_in_memory().expect("open");
    store.insert_batch(&sample()).expect("batch");
    let mut rows = Vec::new();
    store
        .actors(|r| {
            rows.push(r);
            Ok(())
        })
        .expect("actors");
    let ukr = rows.iter().find(|r| r.code == "UKR").expect("UKR row");
    assert_eq!((ukr.mentions, ukr.as_source, ukr.as_target), (2, 0, 2));
    assert_eq!(rows[0].code, "UKR", "most mentioned first");
    let rus = rows.iter().find(|r| r.code == "RUS" && r.name.is_none()).expect("RUS row");
    assert_eq!((rus.mentions, rus.as_source, rus.as_target), (1, 1, 0));
    let nato = rows.iter().find(|r| r.org.as_deref() == Some("NATO")).expect("NATO row");
    assert_eq!((nato.code.as_str(), nato.sector.as_deref(), nato.as_source), ("IGO", None, 1));
    assert_eq!(rows.len(), 4);
}

#[test]
fn rejects_are_recorded_once() {
    let mut store = Store::open_in_memory().expect("open");
    let r = Rejected { origin: "x.pdf".into(), reason: "unsupported file type .pdf".into() };
    store.record_rejected(&r).expect("record");
    store.record_rejected(&r).expect("record again");
    let other = Rejected { origin: "x.pdf".into(), reason: "another reason".into() };
    store.record_rejected(&other).expect("record other");
    assert_eq!(store.rejects().expect("rejects"), [r, other]);
    assert_eq!(store.summary().expect("summary").rejects, 2);
}

#[test]
fn dropped_transaction_leaves_nothing() {
    let mut store = Store::open_in_memory().expect("open");
    {
        let tx = store.conn.transaction().expect("begin");
        assert!(insert_one(&tx, &sample()[0], "2025-01-01T00:00:00Z").expect("insert"));
        // Dropped without commit: rolled back.
    }
    assert!(!store.contains("a").expect("contains"));
    assert_eq!(store.summary().expect("summary"), Summary::default());
}

#[test]
fn failing_event_rolls_back_the_whole_document() {
    let mut store = Store::open_in_memory().expect("open");
    let mut bad = sample()[1].clone();
    bad.events[1].goldstein = f32::NAN; // Stored as NULL: violates NOT NULL.
    let err = store.insert(&bad).expect_err("constraint violation");
    assert!(err.to_string().contains("NOT NULL"), "{err}");
    assert!(!store.contains("b").expect("contains"));
    assert_eq!(store.summary().expect("summary"), Summary::default());

    let mut dup = sample()[0].clone();
    dup.sentences[1].index = 0; // Repeats the primary key (doc_id, idx).
    assert!(store.insert_batch(&[sample()[2].clone(), dup]).is_err());
    assert_eq!(store.summary().expect("summary"), Summary::default(), "the batch is all or nothing");

    // The store is still usable afterwards.
    assert!(store.insert(&sample()[0]).expect("insert"));
}

#[test]
fn reopened_file_keeps_data_and_version() {
    let dir = TempDir::new("reopen");
    let path = dir.0.join("statecraft.db");
    {
        let mut store = Store::open(&path).expect("open new");
        assert_eq!(store.schema_version().expect("version"), SCHEMA_VERSION);
        store.insert_batch(&sample()).expect("batch");
        store.record_rejected(&Rejected { origin: "o".into(), reason: "r".into() }).expect("reject");
    }
    let store = Store::open(&path).expect("reopen");
    assert_eq!(store.schema_version().expect("version"), SCHEMA_VERSION);
    assert!(store.contains("b").expect("contains"));
    assert_eq!(store.summary().expect("summary").events, 3);
    assert_eq!(store.rejects().expect("rejects").len(), 1);
    let mode: String = store.conn.pragma_query_value(None, "journal_mode", |r| r.get(0)).expect("mode");
    assert_eq!(mode, "wal");
    let fk: i64 = store.conn.pragma_query_value(None, "foreign_keys", |r| r.get(0)).expect("fk");
    assert_eq!(fk, 1);
}

#[test]
fn newer_schema_and_non_database_are_refused_with_advice() {
    let dir = TempDir::new("refuse");
    let path = dir.0.join("future.db");
    {
        let conn = Connection::open(&path).expect("raw open");
        conn.pragma_update(None, "user_version", 99).expect("set version");
    }
    let err = Store::open(&path).err().expect("too new");
    assert!(matches!(err, StoreError::TooNew { found: 99, .. }), "{err:?}");
    assert!(err.to_string().contains("upgrade Statecraft"), "{err}");

    let junk = dir.0.join("notes.db");
    std::fs::write(&junk, vec![b'x'; 4096]).expect("write junk");
    let err = Store::open(&junk).err().expect("not a database");
    assert!(err.to_string().contains("is not a SQLite database"), "{err}");

    let missing = dir.0.join("no/such/folder/x.db");
    let err = Store::open(&missing).err().expect("missing folder");
    assert!(err.to_string().contains("check the path and permissions"), "{err}");
}

#[test]
fn sql_injection_in_filters_matches_nothing() {
    let mut store = Store::open_in_memory().expect("open");
    store.insert_batch(&sample()).expect("batch");
    for evil in ["RUS' OR '1'='1", "x'); DROP TABLE events; --", "\" OR 1=1 --", "%", "1' OR cameo LIKE '%"] {
        let f = EventFilter { actor: Some(evil.into()), ..Default::default() };
        assert!(events(&store, &f).is_empty(), "actor {evil}");
        let f = EventFilter { event: Some(evil.into()), ..Default::default() };
        assert!(events(&store, &f).is_empty(), "event {evil}");
        let f = EventFilter { doc: Some(evil.into()), ..Default::default() };
        assert!(events(&store, &f).is_empty(), "doc {evil}");
        assert!(doc_ids(&store, &f).is_empty(), "documents {evil}");
    }
    assert_eq!(store.summary().expect("summary").events, 3);
}

#[test]
fn callback_errors_stop_the_stream() {
    let mut store = Store::open_in_memory().expect("open");
    store.insert_batch(&sample()).expect("batch");
    let mut seen = 0;
    let err = store
        .events(&EventFilter::default(), |_| {
            seen += 1;
            Err(std::io::Error::other("pipe closed").into())
        })
        .expect_err("callback error");
    assert_eq!(seen, 1);
    assert_eq!(err.to_string(), "cannot write output: pipe closed");
}

#[test]
fn csv_rows_match_the_header() {
    let e = &sample()[1].events[0];
    let row = event_csv_row(e);
    assert_eq!(row.len(), event_csv_header().len());
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(event_csv_header()).expect("header");
    w.write_record(&row).expect("row");
    let bytes = w.into_inner().expect("flush");
    let text = String::from_utf8(bytes).expect("utf8");
    assert!(text.starts_with("doc_id,sentence,start,end,date,source_text,"), "{text}");
    assert!(text.contains("b,1,10,60,2025-08-10,NATO,IGO,,NATO,North Atlantic Treaty Organization,Ukraine,UKR,GOV,,,CONSULT,040,-9.5,1,proposed,attacked,040:attack,"), "{text}");
    assert!(text.trim_end().ends_with("\"Russia attacked Ukraine, NATO said.\","), "{text}");
    let no_target = event_csv_row(&sample()[1].events[1]);
    assert_eq!(no_target[11], "");
}

#[test]
fn quotes_and_event_dates_round_trip() {
    let mut store = Store::open_in_memory().unwrap();
    let mut e = event("q1", "2025-08-11", rus(), Some(ukr()), "ASSAULT", "190");
    e.date_precision = statecraft_model::DatePrecision::Day;
    e.publication_date = Some("2025-08-14".to_string());
    e.location = Some(Location { name: "Nizhniy Novgorod".into(), country: Some("RUS".into()), lat: Some(56.33), lon: Some(44.0) });
    let mut a = analysis("q1", "2025-08-14", vec![e.clone()]);
    let spoken = Quote {
        doc_id: "q1".into(),
        sentence: 1,
        span: [8, 20],
        text: "It is over,".into(),
        kind: QuoteKind::Direct,
        speaker: Some(Speaker { name: Some("Nina Khrushcheva".into()), code: None, sector: None, role: Some("professor".into()), affiliation: Some("The New School".into()), mention: Some("Nina Khrushcheva".into()) }),
        cue: Some("according to".into()),
        date: Some("2025-08-14".into()),
        date_precision: statecraft_model::DatePrecision::Unknown,
    };
    let unknown = Quote { text: "peace".into(), kind: QuoteKind::Scare, speaker: None, cue: None, ..spoken.clone() };
    a.quotes = vec![spoken.clone(), unknown.clone()];
    assert!(store.insert(&a).unwrap());
    assert_eq!(events(&store, &EventFilter::default()), vec![e]);
    let mut got = Vec::new();
    store.quotes(&EventFilter::default(), |q| { got.push(q); Ok(()) }).unwrap();
    assert_eq!(got, vec![spoken.clone(), unknown]);
    let mut by_speaker = Vec::new();
    store.quotes(&EventFilter { actor: Some("nina khrushcheva".into()), ..Default::default() }, |q| { by_speaker.push(q); Ok(()) }).unwrap();
    assert_eq!(by_speaker, vec![spoken]);
}

#[test]
fn version_one_databases_are_upgraded_in_place() {
    let dir = TempDir::new("v1");
    let path = dir.0.join("old.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(MIGRATIONS[0]).unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        conn.execute_batch(
            "INSERT INTO documents VALUES ('old', NULL, '2024-01-02', NULL, NULL, 'x', 'raw', 'clean', 'coded', NULL, '[]', 1, 1, '2024-01-02T00:00:00Z');
             INSERT INTO events (doc_id, sentence, start, \"end\", sentence_text, date, source_text, source_code, source_start, source_end,
                 event, cameo, goldstein, quad_class, polarity, \"trigger\", pattern)
             VALUES ('old', 0, 0, 5, 'clean', '2024-01-02', 'Russia', 'RUS', 0, 6, 'ASSAULT', '190', -10, 4, 'asserted', 'hit', '190:hit');",
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let evs = events(&store, &EventFilter::default());
    assert_eq!(evs.len(), 1);
    assert_eq!(evs[0].publication_date.as_deref(), Some("2024-01-02"));
    assert_eq!(evs[0].date_precision, statecraft_model::DatePrecision::Unknown);
    // Version 5 moved the event's sentence text to `sentences`; nothing was lost.
    assert_eq!(evs[0].sentence_text, "clean");
}

#[test]
fn events_keep_their_sentence_once() {
    let mut store = Store::open_in_memory().unwrap();
    let evs: Vec<Event> = (0..3).map(|_| event("d", "2025-01-01", rus(), Some(ukr()), "ASSAULT", "190")).collect();
    store.insert(&analysis("d", "2025-01-01", evs.clone())).unwrap();
    let columns: i64 = store
        .conn
        .query_row("SELECT COUNT(*) FROM pragma_table_info('events') WHERE name = 'sentence_text'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(columns, 0, "events do not copy their sentence");
    assert_eq!(events(&store, &EventFilter::default()), evs);
    // An event whose sentence the analysis does not list keeps its text all the same.
    let mut lone = event("e", "2025-01-01", rus(), None, "ASSAULT", "190");
    lone.sentence = 7;
    lone.sentence_text = "Only the event had this sentence.".into();
    store.insert(&analysis("e", "2025-01-01", vec![lone.clone()])).unwrap();
    let got = events(&store, &EventFilter { doc: Some("e".into()), ..Default::default() });
    assert_eq!(got, vec![lone]);
}

/// A store whose counts need every rule of the running totals: a story told by two documents,
/// organisations, polarities not counted, events without a target or with an unknown source.
fn counted_store() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    let mut negated = event("a", "2025-01-02", ukr(), Some(rus()), "ASSAULT", "190");
    negated.polarity = Polarity::Negated;
    let mut unknown = event("a", "2025-01-02", actor("", "", None, None, 0), Some(ukr()), "ASSAULT", "190");
    unknown.source.text = "a bomb".into();
    let a = vec![
        event("a", "2025-01-02", rus(), Some(ukr()), "ASSAULT", "190"),
        event("a", "2025-01-02", rus(), Some(ukr()), "ASSAULT", "190"),
        event("a", "2025-01-02", nato(), Some(rus()), "DISAPPROVE", "111"),
        event("a", "2025-01-02", rus(), None, "MOBILIZE", "1502"),
        negated,
        unknown,
    ];
    store.insert(&analysis("a", "2025-01-02", a.clone())).unwrap();
    // The same story from another outlet: counts nothing new, but its second CAMEO code does.
    let mut copy: Vec<Event> = a.iter().cloned().map(|mut e| { e.doc_id = "b".into(); e }).collect();
    copy.push(event("b", "2025-01-03", ukr(), Some(nato()), "CONSULT", "040"));
    store.insert(&analysis("b", "2025-01-03", copy)).unwrap();
    // A third copy of the story (the test documents share their text) adds nothing.
    store.insert(&analysis("c", "2025-02-01", vec![event("c", "2025-02-01", rus(), Some(ukr()), "ASSAULT", "190")])).unwrap();
    store
}

#[test]
fn running_totals_agree_with_the_events() {
    use crate::aggregate::EventQuery;
    let store = counted_store();
    // A filter that keeps every event takes the query over the events themselves.
    let live = EventQuery { until: NaiveDate::from_ymd_opt(9999, 12, 31), ..EventQuery::counted() };
    let summed = store.actor_stats(&EventQuery::counted(), None, 50, 0).unwrap();
    assert_eq!(summed, store.actor_stats(&live, None, 50, 0).unwrap());
    assert_eq!(summed.items.iter().map(|a| (a.id.as_str(), a.events)).collect::<Vec<_>>(), vec![("RUS", 3), ("UKR", 3), ("NATO", 2)]);
    assert_eq!(store.actor_stats(&EventQuery::counted(), Some("na"), 50, 0).unwrap(), store.actor_stats(&live, Some("na"), 50, 0).unwrap());
    assert_eq!(store.network(&EventQuery::counted(), 1, 80).unwrap(), store.network(&live, 1, 80).unwrap());
    let overview = store.overview(12).unwrap();
    assert_eq!((overview.documents, overview.events, overview.quotes), (3, 14, 0));
    assert_eq!(overview.top_pairs, store.network(&live, 1, 12).unwrap().edges);
    // The totals rebuilt from the events (schema upgrade) are the same as those kept at insert.
    store.conn.execute_batch(crate::summary::REBUILD).unwrap();
    assert_eq!(store.actor_stats(&EventQuery::counted(), None, 50, 0).unwrap(), summed);
    assert_eq!(store.overview(12).unwrap(), overview);
}

#[test]
fn notes_on_how_a_document_was_read_are_kept() {
    let mut store = Store::open_in_memory().unwrap();
    let mut a = analysis("n", "2025-01-01", Vec::new());
    a.doc.notes = vec!["charset declared utf-8, but invalid UTF-8 at byte 9; decoded as windows-1252 by detection".into()];
    store.insert(&a).unwrap();
    assert_eq!(store.document_detail("n").unwrap().unwrap().notes, a.doc.notes);
}
