//! `statecraft eval extraction DIR`: scores the HTML article extractor on an extraction
//! benchmark laid out as `DIR/html/KEY.html.gz` and `DIR/ground-truth.json`
//! (`{KEY: {"articleBody": ...}}`), with the metric of `shared/eval/score_extraction.py`, and
//! measures its speed on one core (pages already decompressed in memory).

use std::collections::BTreeMap;
use std::fs::File;
use std::io::Read;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use serde_json::Value;
use statecraft_html::score::Totals;

/// Runs the evaluation; prints per-page scores to stderr when `verbose`, the figures of each
/// half (keys 0-7 and 8-f), the strategies used and the lowest page, then the figures on the
/// last line of stdout.
pub fn run(dir: &Path, predictions: Option<&Path>, min_f1: Option<f64>, min_page_f1: Option<f64>, verbose: bool) -> Result<ExitCode, String> {
    let truth_path = dir.join("ground-truth.json");
    let truth_text = std::fs::read_to_string(&truth_path)
        .map_err(|e| format!("cannot read {}: {e}; DIR must hold ground-truth.json and html/", truth_path.display()))?;
    let truth: BTreeMap<String, Value> =
        serde_json::from_str(&truth_text).map_err(|e| format!("{} is not a JSON object of pages: {e}", truth_path.display()))?;
    let html_dir = dir.join("html");
    let mut pages: Vec<(String, String)> = Vec::with_capacity(truth.len());
    let mut missing = 0usize;
    for key in truth.keys() {
        let path = html_dir.join(format!("{key}.html.gz"));
        let mut bytes = Vec::new();
        let read = File::open(&path).and_then(|f| flate2::read::MultiGzDecoder::new(f).read_to_end(&mut bytes));
        match read {
            Ok(_) => pages.push((key.clone(), statecraft_html::decode(&bytes, None))),
            Err(e) => {
                missing += 1;
                eprintln!("statecraft eval: cannot read {}: {e}; scored as an empty extraction", path.display());
                pages.push((key.clone(), String::new()));
            }
        }
    }
    if pages.is_empty() {
        return Err(format!("{} lists no pages", truth_path.display()));
    }
    let started = Instant::now();
    let extracted: Vec<statecraft_html::Page> = pages.iter().map(|(_, html)| statecraft_html::extract(html, None)).collect();
    let seconds = started.elapsed().as_secs_f64();
    let mut totals = Totals::default();
    // The README's two halves for two-fold cross-validation: page keys 0-7 and 8-f.
    let mut halves = [Totals::default(), Totals::default()];
    let mut lowest: Option<(f64, &str)> = None;
    let mut strategies: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut out = serde_json::Map::new();
    for ((key, _), page) in pages.iter().zip(&extracted) {
        let body = &page.text;
        let true_body = truth[key].get("articleBody").and_then(Value::as_str).unwrap_or("");
        let (p, r) = totals.add(true_body, body);
        let half = usize::from(key.chars().next().is_some_and(|c| c.to_digit(16).is_some_and(|d| d >= 8)));
        halves[half].add(true_body, body);
        let f1 = match (p, r) {
            (Some(p), Some(r)) if p + r > 0.0 => 2.0 * p * r / (p + r),
            _ => 0.0,
        };
        if lowest.is_none_or(|(low, _)| f1 < low) {
            lowest = Some((f1, key));
        }
        *strategies.entry(page.strategy.as_str()).or_default() += 1;
        if verbose {
            let show = |x: Option<f64>| x.map(|v| format!("{v:.3}")).unwrap_or_else(|| "-".into());
            eprintln!("{key} precision={} recall={} f1={f1:.3} strategy={}", show(p), show(r), page.strategy.as_str());
        }
        out.insert(key.clone(), serde_json::json!({ "articleBody": body }));
    }
    if let Some(path) = predictions {
        let json = serde_json::to_string(&out).map_err(|e| e.to_string())?;
        std::fs::write(path, json).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    if missing > 0 {
        eprintln!("statecraft eval: {missing} pages could not be read");
    }
    let rate = pages.len() as f64 / seconds.max(1e-9);
    for (name, t) in ["0-7", "8-f"].iter().zip(&halves) {
        println!("half {name}: f1={:.3} precision={:.3} recall={:.3} pages={}", t.f1(), t.precision(), t.recall(), t.pages());
    }
    let used: Vec<String> = strategies.iter().map(|(s, n)| format!("{s} {n}")).collect();
    println!("strategies: {}", used.join(", "));
    let (low, low_key) = lowest.unwrap_or((0.0, "-"));
    println!("lowest page: f1={low:.3} {low_key}");
    println!(
        "extraction: f1={:.3} precision={:.3} recall={:.3} pages={} pages_per_second={:.0}",
        totals.f1(),
        totals.precision(),
        totals.recall(),
        pages.len(),
        rate
    );
    if let Some(gate) = min_f1 {
        if totals.f1() + 1e-9 < gate {
            eprintln!("statecraft eval: extraction F1 {:.3} is below the gate {gate:.3}", totals.f1());
            return Ok(ExitCode::from(3));
        }
    }
    if let Some(gate) = min_page_f1 {
        if low + 1e-9 < gate {
            eprintln!("statecraft eval: page {low_key} has extraction F1 {low:.3}, below the gate {gate:.3}");
            return Ok(ExitCode::from(3));
        }
    }
    Ok(ExitCode::SUCCESS)
}
