//! `statecraft train events` and `statecraft eval corpus`: the event model and its
//! cross-validated figures on the labelled corpus (`data/events-corpus`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use serde_json::Value;
use statecraft_model::parse_date;
use statecraft_pipeline::{CorpusEvent, CorpusRecord, CvFigures, Pipeline};

/// Every record of `DIR/*.jsonl`, in file and line order.
pub fn read_corpus(dir: &Path) -> Result<Vec<CorpusRecord>, String> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot read corpus folder {}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(format!("no .jsonl files in {}; the corpus is data/events-corpus", dir.display()));
    }
    let mut out = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).map_err(|e| format!("cannot read {}: {e}", f.display()))?;
        for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
            let v: Value = serde_json::from_str(line).map_err(|e| format!("{}:{}: not JSON: {e}", f.display(), n + 1))?;
            let s = |k: &str| v.get(k).and_then(Value::as_str).unwrap_or("").to_string();
            let events = v
                .get("events")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .map(|e| {
                            let g = |k: &str| e.get(k).and_then(Value::as_str).unwrap_or("").to_string();
                            CorpusEvent {
                                source: g("source"),
                                source_code: g("source_code"),
                                target: g("target"),
                                target_code: g("target_code"),
                                trigger: g("trigger"),
                                category: g("category"),
                                polarity: g("polarity"),
                            }
                        })
                        .collect()
                })
                .unwrap_or_default();
            if s("text").is_empty() {
                return Err(format!("{}:{}: record has no text; check it with scripts/check-corpus.py", f.display(), n + 1));
            }
            out.push(CorpusRecord {
                id: s("id"),
                text: s("text"),
                date: v.get("date").and_then(Value::as_str).and_then(parse_date),
                topic: s("topic"),
                negative: v.get("negative").and_then(Value::as_str).map(str::to_string),
                events,
            });
        }
    }
    Ok(out)
}

fn print_figures(f: &CvFigures) {
    let ratio = |a: usize, b: usize| a as f64 / b.max(1) as f64;
    let (pc, rc) = (ratio(f.category_right, f.coded), ratio(f.gold_found_category, f.gold_events));
    let (pt, rt) = (ratio(f.triple_right, f.coded), ratio(f.gold_found_triple, f.gold_events));
    let f1 = |p: f64, r: f64| if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };
    println!("records={} sentences={} gold_events={} proposed_by_dictionaries_and_parse={} ({:.3})", f.records, f.sentences, f.gold_events, f.proposed, ratio(f.proposed, f.gold_events));
    println!("topic: held-out sentence accuracy {:.3}", f.topic_accuracy);
    println!("by category (gold, found, coded, coded right):");
    for (c, g, fo, co, r) in &f.by_category {
        println!("  {c:<10} gold={g:<5} found={fo:<5} coded={co:<5} right={r:<5} precision={:.3} recall={:.3}", ratio(*r, *co), ratio(*fo, *g));
    }
    println!("reliability (calibrated confidence bin: events, share right as triples):");
    for (lo, n, r) in &f.reliability {
        if *n > 0 {
            println!("  {lo:.1}-{:.1}: {n:<6} {:.3}", lo + 0.1, ratio(*r, *n));
        }
    }
    let (coded, right, recalled) = f.at_threshold;
    println!(
        "at threshold {:.2}: coded={coded} precision_cat={:.3} recall_cat={:.3}",
        f.threshold,
        ratio(right, coded),
        ratio(recalled, f.gold_events)
    );
    println!(
        "corpus: folds={} precision_cat={pc:.3} recall_cat={rc:.3} f1_cat={:.3} precision_triple={pt:.3} recall_triple={rt:.3} f1_triple={:.3} (threshold 0)",
        f.folds,
        f1(pc, rc),
        f1(pt, rt)
    );
}

/// `statecraft train events`.
pub fn train(pipeline: &Pipeline, corpus: &Path, out: &Path, folds: usize, threshold: Option<f32>, threads: usize) -> Result<ExitCode, String> {
    let started = Instant::now();
    let records = read_corpus(corpus)?;
    let notes = vec![("corpus".to_string(), corpus.display().to_string())];
    let (mut model, fig) = pipeline.train_events(&records, folds, threads, notes);
    print_figures(&fig);
    if let Some(t) = threshold {
        model.threshold = t;
        model.notes.push(("threshold".into(), format!("{t} (given; the corpus suggested {:.2})", fig.threshold)));
        println!("default threshold: {t:.2} (given with --threshold)");
    }
    let bytes = model.to_bytes();
    std::fs::write(out, &bytes).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    eprintln!(
        "wrote {} ({} bytes; trigger {} features, role {}, actor {}, topic {}) in {:.1} s",
        out.display(),
        bytes.len(),
        model.trigger.keys().len(),
        model.role.keys().len(),
        model.actor.keys().len(),
        model.topic.keys().len(),
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

/// `statecraft eval corpus`.
pub fn eval(pipeline: &Pipeline, corpus: &Path, folds: usize, threads: usize, mistakes: Option<&Path>) -> Result<ExitCode, String> {
    let records = read_corpus(corpus)?;
    let (_, fig) = pipeline.train_events(&records, folds, threads, Vec::new());
    print_figures(&fig);
    if let Some(path) = mistakes {
        std::fs::write(path, fig.mistakes.join("\n") + "\n").map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(ExitCode::SUCCESS)
}
