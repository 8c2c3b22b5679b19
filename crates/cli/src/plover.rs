//! `statecraft eval plover`: codes PLOVER gold-standard records and scores them with the same
//! metric as `shared/eval/score_plover.py` (triple P/R/F1, category recall, exact first).

use std::collections::{HashMap, HashSet};

use serde_json::Value;

const OLD_TO_2021: &[(&str, &str)] = &[("DEMAND", "REQUEST"), ("DISAPPROVE", "ACCUSE"), ("INVESTIGATE", "ACCUSE"), ("FIGHT", "ASSAULT")];

fn fix_code(c: &str) -> String {
    match c {
        "JAP" => "JPN".into(),
        "ITL" => "ITA".into(),
        c => c.into(),
    }
}

fn actor_codes(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::Array(a)) => a.iter().filter_map(|x| x.get("code").and_then(Value::as_str)).filter(|c| !c.is_empty()).map(fix_code).collect(),
        Some(Value::Object(o)) => o.get("code").and_then(Value::as_str).filter(|c| !c.is_empty()).map(fix_code).into_iter().collect(),
        _ => Vec::new(),
    }
}

pub struct GoldRecord {
    pub id: String,
    pub text: String,
    pub date: String,
    pub category: String,
    pub triples: HashSet<(String, String, String)>,
}

pub fn parse_gold(text: &str) -> Result<Vec<GoldRecord>, String> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let rec: Value = serde_json::from_str(line).map_err(|e| format!("gold line {}: invalid JSON: {e}", n + 1))?;
        let event = rec.get("event").and_then(Value::as_str).unwrap_or("");
        if event == "DOCUMENT" {
            continue;
        }
        let cat = OLD_TO_2021.iter().find(|(a, _)| *a == event).map(|(_, b)| *b).unwrap_or(event).to_string();
        let mut sources = actor_codes(rec.get("source"));
        if sources.is_empty() {
            sources.push("-".into());
        }
        let targets = actor_codes(rec.get("target"));
        let markup = match rec.get("textInfo") {
            Some(Value::Object(o)) => o.get("markup").and_then(Value::as_str).unwrap_or("").to_string(),
            Some(v) => v.to_string(),
            None => String::new(),
        };
        let distinct: HashSet<&String> = sources.iter().collect();
        let mut triples = HashSet::new();
        if targets.is_empty() && distinct.len() > 1 && markup.contains("SRC/TAR") {
            for s in &sources {
                for t in &sources {
                    if s != t {
                        triples.insert((s.clone(), t.clone(), cat.clone()));
                    }
                }
            }
        } else {
            let targets = if targets.is_empty() { vec!["-".to_string()] } else { targets };
            for s in &sources {
                for t in &targets {
                    if s != t || s == "-" {
                        triples.insert((s.clone(), t.clone(), cat.clone()));
                    }
                }
            }
        }
        out.push(GoldRecord {
            id: rec.get("id").map(|v| v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string())).unwrap_or_default(),
            text: rec.get("text").and_then(Value::as_str).unwrap_or("").to_string(),
            date: rec.get("date").and_then(Value::as_str).unwrap_or("2000-01-01").to_string(),
            category: cat,
            triples,
        });
    }
    Ok(out)
}

pub struct Scores {
    pub records: usize,
    pub f1: f64,
    pub p: f64,
    pub r: f64,
    pub category_recall: f64,
    pub exact_first: f64,
}

/// `predicted`: doc id -> (source code, target code or "-", category) in printed order.
pub fn score(gold: &[GoldRecord], predicted: &HashMap<String, Vec<(String, String, String)>>, misses: usize) -> Scores {
    let (mut cat_hit, mut first_hit, mut tp, mut n_gold, mut n_pred) = (0usize, 0usize, 0usize, 0usize, 0usize);
    let mut shown = 0;
    for g in gold {
        let preds = predicted.get(&g.id).cloned().unwrap_or_default();
        let set: HashSet<(String, String, String)> = preds.iter().cloned().collect();
        if preds.iter().any(|p| p.2 == g.category) {
            cat_hit += 1;
        }
        if preds.first().is_some_and(|p| g.triples.contains(p)) {
            first_hit += 1;
        }
        let hit = g.triples.intersection(&set).count();
        tp += hit;
        n_gold += g.triples.len();
        n_pred += set.len();
        if shown < misses && hit == 0 {
            shown += 1;
            let mut gs: Vec<_> = g.triples.iter().collect();
            gs.sort();
            let mut ps: Vec<_> = set.iter().collect();
            ps.sort();
            println!("miss {}: {}\n   gold {:?}\n   got  {:?}", g.id, g.text, gs, ps);
        }
    }
    let p = if n_pred > 0 { tp as f64 / n_pred as f64 } else { 0.0 };
    let r = if n_gold > 0 { tp as f64 / n_gold as f64 } else { 0.0 };
    let f1 = if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };
    let n = gold.len().max(1) as f64;
    Scores { records: gold.len(), f1, p, r, category_recall: cat_hit as f64 / n, exact_first: first_hit as f64 / n }
}
