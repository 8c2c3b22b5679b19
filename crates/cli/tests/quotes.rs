//! The seed articles end to end: quotes with their speakers, event dates and places.
//!
//! The seeds are plain text. 000 carries its date in a dateline ("Thu. Aug 7th, 2025"); 004, a
//! Bloomberg Opinion column, has no date in its text: it speaks of the summit "in Alaska
//! tomorrow", and the summit was on 15 August 2025, so it was published on 14 August 2025. The
//! test supplies that date the way a feed would: it ingests the seeds as JSON lines with a
//! `date` for 004 only (the others keep whatever their text says).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_statecraft"))
}

fn run(cmd: &mut Command) -> Output {
    let out = cmd.output().expect("run statecraft");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
    out
}

fn lines(out: Output) -> Vec<Value> {
    String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

/// The seeds as JSON lines, 004 dated 2025-08-14; returns the database they were ingested into.
fn ingest_seeds(name: &str) -> PathBuf {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
    let dir = std::env::temp_dir().join(format!("statecraft-quotes-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&seeds).expect("seeds at ../shared/seeds").map(|e| e.unwrap().path()).collect();
    files.sort();
    let mut jsonl = String::new();
    for f in &files {
        let id = f.file_stem().unwrap().to_string_lossy().to_string();
        let mut doc = serde_json::json!({"id": id, "text": std::fs::read_to_string(f).unwrap()});
        if id.starts_with("004_") {
            doc["date"] = "2025-08-14".into();
        }
        jsonl.push_str(&doc.to_string());
        jsonl.push('\n');
    }
    let input = dir.join("seeds.jsonl");
    std::fs::write(&input, jsonl).unwrap();
    let db = dir.join("q.db");
    run(bin().arg("ingest").arg(&input).arg("--db").arg(&db));
    db
}

fn quote_by<'a>(qs: &'a [Value], doc: &str, words: &str) -> &'a Value {
    qs.iter()
        .find(|q| q["doc_id"].as_str().unwrap().starts_with(doc) && q["text"].as_str().unwrap().contains(words))
        .unwrap_or_else(|| panic!("no quote with {words:?} in {doc}"))
}

fn speaker(q: &Value, key: &str) -> Option<String> {
    q["speaker"].get(key).and_then(|v| v.as_str()).map(str::to_string)
}

#[test]
fn seed_quotes_have_the_right_speakers() {
    let db = ingest_seeds("speakers");
    let qs = lines(run(bin().args(["export", "quotes", "--db"]).arg(&db)));
    // a Russian tabloid, over three paragraphs
    let mk = quote_by(&qs, "000", "A head-on collision seems unavoidable");
    assert_eq!(speaker(mk, "name").as_deref(), Some("Moskovsky Komsomolets"));
    assert_eq!((speaker(mk, "code").as_deref(), speaker(mk, "sector").as_deref(), speaker(mk, "role").as_deref()), (Some("RUS"), Some("MED"), Some("tabloid")));
    assert_eq!(mk["cue"], "asserted");
    let mk2 = quote_by(&qs, "000", "And neither is about to turn off");
    assert_eq!(speaker(mk2, "name").as_deref(), Some("Moskovsky Komsomolets"));
    // a professor at The New School
    let nk = quote_by(&qs, "000", "I don't think Putin takes him seriously");
    assert_eq!(speaker(nk, "name").as_deref(), Some("Nina Khrushcheva"));
    assert_eq!(speaker(nk, "role").as_deref(), Some("professor of international affairs"));
    assert_eq!(speaker(nk, "affiliation").as_deref(), Some("The New School"));
    assert_eq!(nk["cue"], "according to");
    assert_eq!(speaker(quote_by(&qs, "000", "fulfilling the dreams of the Russian tsars"), "name").as_deref(), Some("Nina Khrushcheva"));
    // "the same newspaper", the month after March
    let iz = quote_by(&qs, "000", "The Trumpists are revolutionaries");
    assert_eq!(speaker(iz, "name").as_deref(), Some("Izvestia"));
    assert_eq!((iz["date"].as_str(), iz["date_precision"].as_str()), (Some("2025-04-01"), Some("month")));
    // Kurt Volker, on both sides of the attribution
    for words in ["because he wants to make a deal", "he had a very warm commentary", "kicked the Russians out of San Francisco"] {
        assert_eq!(speaker(quote_by(&qs, "001", words), "name").as_deref(), Some("Kurt Volker"), "{words}");
    }
    // a description: no name, the description kept as the role
    let dip = quote_by(&qs, "001", "Putin might not be opposed");
    assert_eq!(speaker(dip, "name"), None);
    assert_eq!(speaker(dip, "role").as_deref(), Some("former U.S. diplomat to Russia"));
    // Tatiana Stanovaya
    let ts = quote_by(&qs, "002", "Putin is prepared to exchange territory");
    assert_eq!((speaker(ts, "name").as_deref(), speaker(ts, "role").as_deref()), (Some("Tatiana Stanovaya"), Some("political scientist")));
    // the White House press secretary
    let kl = quote_by(&qs, "002", "a listening exercise for the president");
    assert_eq!((speaker(kl, "name").as_deref(), speaker(kl, "code").as_deref()), (Some("Karoline Leavitt"), Some("USA")));
    // Trump himself
    assert_eq!(speaker(quote_by(&qs, "000", "seem to be pretty good at avoiding sanctions"), "name").as_deref(), Some("Donald Trump"));
    assert_eq!(speaker(quote_by(&qs, "002", "some swapping of territories"), "name").as_deref(), Some("Donald Trump"));
    let disgusting = quote_by(&qs, "000", "disgusting");
    assert_eq!((disgusting["kind"].as_str(), speaker(disgusting, "name").as_deref()), (Some("partial"), Some("Donald Trump")));
    // a scare quote the sentence attributes to no one stays without a speaker
    let peace = quote_by(&qs, "004", "peace");
    assert_eq!((peace["kind"].as_str(), &peace["speaker"]), (Some("scare"), &Value::Null));
    // every span points at the quoted words in the cleaned text
    let docs = lines(run(bin().args(["export", "documents", "--db"]).arg(&db)));
    for q in &qs {
        let doc = docs.iter().find(|d| d["id"] == q["doc_id"]).unwrap();
        let text = doc["text"].as_str().unwrap();
        let (a, b) = (q["span"][0].as_u64().unwrap() as usize, q["span"][1].as_u64().unwrap() as usize);
        let first_word = q["text"].as_str().unwrap().split_whitespace().next().unwrap();
        assert!(text[a..b].starts_with(first_word), "{q}");
    }
    // the CSV form and the speaker filter
    let csv = String::from_utf8(run(bin().args(["export", "quotes", "--format", "csv", "--actor", "Kurt Volker", "--db"]).arg(&db)).stdout).unwrap();
    assert!(csv.starts_with("doc_id,sentence,start,end,kind,speaker_name,"), "{csv}");
    assert_eq!(csv.lines().count(), 4, "{csv}");
}

#[test]
fn seed_events_are_dated_and_placed() {
    let db = ingest_seeds("events");
    let evs = lines(run(bin().args(["export", "events", "--db"]).arg(&db)));
    // "On Monday, they hit a factory ... near the city of Nizhny Novgorod, about 440km east of Moscow"
    let strike = evs
        .iter()
        .find(|e| e["doc_id"].as_str().unwrap().starts_with("004") && e["trigger"].as_str().unwrap().starts_with("hit"))
        .expect("the Nizhny Novgorod strike is coded");
    assert_eq!(strike["event"], "ASSAULT");
    assert_eq!((strike["date"].as_str(), strike["date_precision"].as_str(), strike["publication_date"].as_str()), (Some("2025-08-11"), Some("day"), Some("2025-08-14")));
    assert_eq!(strike["location"]["name"], "Nizhniy Novgorod");
    assert_eq!(strike["location"]["country"], "RUS");
    // "when he meets his Russian counterpart in Alaska tomorrow"
    let summit = evs
        .iter()
        .find(|e| e["doc_id"].as_str().unwrap().starts_with("004") && e["trigger"] == "meets")
        .expect("the Alaska summit is coded");
    assert_eq!((summit["source"]["code"].as_str(), summit["target"]["code"].as_str()), (Some("USA"), Some("RUS")));
    assert_eq!((summit["location"]["name"].as_str(), summit["location"]["country"].as_str()), (Some("Alaska"), Some("USA")));
    assert_eq!((summit["date"].as_str(), summit["date_precision"].as_str()), (Some("2025-08-15"), Some("day")));
    let lat = summit["location"]["lat"].as_f64().unwrap();
    assert!((51.0..72.0).contains(&lat), "{summit}");
    // an event with no time of its own keeps the publication date, precision unknown
    assert!(evs.iter().any(|e| e["doc_id"].as_str().unwrap().starts_with("004") && e["date_precision"] == "unknown" && e["date"] == "2025-08-14"));
    // 000's publication date comes from its dateline; "Last month" resolves against it
    let ultimatum = evs.iter().find(|e| e["trigger"].as_str().unwrap().contains("ultimatum")).expect("the ultimatum is coded");
    assert_eq!((ultimatum["publication_date"].as_str(), ultimatum["date"].as_str(), ultimatum["date_precision"].as_str()), (Some("2025-08-07"), Some("2025-07-01"), Some("month")));
}

/// Cleaning never removes quoted speech of the article: every hand-listed quotation of the
/// real-news articles is still in the cleaned text (compared after the cleaning's own
/// typographic normalisation, spaces collapsed).
#[test]
fn cleaning_keeps_every_quotation_of_the_real_news_articles() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/realnews-gold");
    let read = |name: &str| -> Vec<Value> {
        std::fs::read_to_string(dir.join(name)).expect("../shared/data/realnews-gold").lines().filter(|l| !l.trim().is_empty()).map(|l| serde_json::from_str(l).unwrap()).collect()
    };
    let squash = |s: &str| statecraft_text::normalize(s).split_whitespace().collect::<Vec<_>>().join(" ");
    let articles = read("articles.jsonl");
    let gold = read("quotes-gold.jsonl");
    assert!(gold.len() > 100);
    let mut lost = Vec::new();
    for a in &articles {
        let cleaned = squash(&statecraft_text::clean(a["text"].as_str().unwrap(), a["title"].as_str()).text);
        for g in gold.iter().filter(|g| g["doc_id"] == a["doc_id"]) {
            let q = squash(g["quote_text"].as_str().unwrap());
            if !cleaned.contains(&q) {
                lost.push(q);
            }
        }
    }
    assert!(lost.is_empty(), "quotations removed by cleaning: {lost:#?}");
}
