//! `statecraft eval quotes DIR`: finds the quotations of `DIR/articles.jsonl` with their
//! speakers and scores them against `DIR/quotes-gold.jsonl` with the metric of
//! `shared/eval/score_quotes.py`, for the whole set and for its two fixed halves (documents in
//! sorted id order, even and odd positions; rules are developed on the even half).

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::process::ExitCode;

use serde_json::Value;
use statecraft_model::{parse_date, Document, Quote, QuoteKind, Speaker};
use statecraft_pipeline::Pipeline;

/// Words that make a gold speaker an organisation or a description (score_quotes.py's list).
const ORG_WORDS: &[&str] = &[
    "ministry", "department", "office", "council", "committee", "court", "party", "agency", "police", "army",
    "government", "house", "statement", "spokesman", "spokeswoman", "spokesperson", "official", "officials", "league",
    "union", "association", "kremlin", "pentagon", "military", "forces", "prosecutors", "authority", "authorities",
    "newspaper", "daily", "commission", "international", "source", "sources", "embassy", "bureau",
];

/// One hand-listed quotation.
pub struct GoldQuote {
    pub doc_id: String,
    pub text: String,
    pub kind: String,
    pub speaker_name: String,
    pub speaker_code: String,
}

/// The figures score_quotes.py prints.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub struct Figures {
    pub found: usize,
    pub speech: usize,
    pub attributed: usize,
    pub with_name: usize,
    pub right: usize,
    pub with_speaker: usize,
    pub named: usize,
    pub named_right: usize,
    pub scare_ok: usize,
    pub scare: usize,
}

impl Figures {
    /// Direct and partial quotations found with the right speaker, over those with a gold speaker.
    pub fn attributed_share(&self) -> f64 {
        self.attributed as f64 / self.with_name.max(1) as f64
    }
    pub fn speaker_accuracy(&self) -> f64 {
        self.right as f64 / self.with_speaker.max(1) as f64
    }
    pub fn named_precision(&self) -> f64 {
        self.named_right as f64 / self.named.max(1) as f64
    }
    pub fn scare_share(&self) -> f64 {
        self.scare_ok as f64 / self.scare.max(1) as f64
    }
    fn line(&self) -> String {
        format!(
            "found={}/{} attributed={}/{} speaker_accuracy={:.3} named_precision={:.3} scare_ok={}/{}",
            self.found,
            self.speech,
            self.attributed,
            self.with_name,
            self.speaker_accuracy(),
            self.named_precision(),
            self.scare_ok,
            self.scare
        )
    }
}

/// The gates of `eval quotes`; each is checked when given.
#[derive(Debug, Default, Clone, Copy)]
pub struct Gates {
    pub min_attributed: Option<f64>,
    pub min_named_precision: Option<f64>,
    pub min_scare: Option<f64>,
    /// Largest allowed difference of the attributed share between the two halves.
    pub max_half_gap: Option<f64>,
}

fn text_field(v: &Value, key: &str) -> String {
    v.get(key).and_then(Value::as_str).unwrap_or("").to_string()
}

fn read_lines(path: &Path) -> Result<Vec<Value>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}; give a folder laid out like ../shared/data/realnews-gold", path.display()))?;
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        out.push(serde_json::from_str(line).map_err(|e| format!("{} line {}: invalid JSON: {e}", path.display(), n + 1))?);
    }
    Ok(out)
}

pub fn parse_gold(values: &[Value]) -> Vec<GoldQuote> {
    values
        .iter()
        .map(|v| GoldQuote {
            doc_id: text_field(v, "doc_id"),
            text: text_field(v, "quote_text"),
            kind: text_field(v, "kind"),
            speaker_name: text_field(v, "speaker_name"),
            speaker_code: text_field(v, "speaker_code"),
        })
        .collect()
}

/// score_quotes.py's `norm`: typographic marks made plain, spaces collapsed, outer quotes and
/// punctuation stripped, lower case.
fn norm(s: &str) -> String {
    let plain: String = s
        .chars()
        .map(|c| match c {
            '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
            '\u{2018}' | '\u{2019}' => '\'',
            '\u{201C}' | '\u{201D}' => '"',
            c if c.is_whitespace() => ' ',
            c => c,
        })
        .collect();
    let collapsed = plain.split_whitespace().collect::<Vec<_>>().join(" ");
    collapsed.trim_matches(|c| matches!(c, ' ' | ',' | '.' | '"' | '\'')).to_lowercase()
}

fn words(s: &str) -> HashSet<String> {
    norm(s).split(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '\'')).filter(|w| !w.is_empty()).map(str::to_string).collect()
}

fn overlaps(a: &str, b: &str) -> bool {
    let (na, nb) = (norm(a), norm(b));
    if na.is_empty() || nb.is_empty() {
        return false;
    }
    if na.contains(&nb) || nb.contains(&na) {
        return true;
    }
    let (wa, wb) = (words(a), words(b));
    let union = wa.union(&wb).count().max(1);
    wa.intersection(&wb).count() as f64 / union as f64 >= 0.6
}

/// Whether `word` occurs in `hay` between word boundaries (as `\b` reads them).
fn has_word(hay: &str, word: &str) -> bool {
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    hay.match_indices(word).any(|(i, _)| {
        let before = hay[..i].chars().next_back();
        let after = hay[i + word.len()..].chars().next();
        let first = word.chars().next();
        let last = word.chars().next_back();
        let open = first.is_some_and(|f| !is_word(f)) || before.is_none_or(|c| !is_word(c));
        let close = last.is_some_and(|l| !is_word(l)) || after.is_none_or(|c| !is_word(c));
        open && close
    })
}

fn name_tokens(name: &str) -> Vec<&str> {
    // [A-Za-z][A-Za-z'.-]*
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in name.char_indices() {
        let inside = c.is_ascii_alphabetic() || (start.is_some() && matches!(c, '\'' | '.' | '-'));
        match (start, inside) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                out.push(&name[s..i]);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(&name[s..]);
    }
    out
}

fn is_person(name: &str) -> bool {
    let toks = name_tokens(name);
    let caps = toks.iter().filter(|t| t.starts_with(|c: char| c.is_ascii_uppercase())).count();
    caps >= 2 && !toks.iter().any(|t| ORG_WORDS.contains(&t.to_lowercase().as_str()))
}

fn speaker_ok(gold: &GoldQuote, sp: Option<&Speaker>) -> bool {
    let Some(sp) = sp else { return false };
    let name = format!("{} {}", norm(sp.name.as_deref().unwrap_or("")), norm(sp.mention.as_deref().unwrap_or("")));
    if is_person(&gold.speaker_name) {
        let last = gold.speaker_name.split(|c: char| !(c.is_ascii_alphabetic() || c == '\'' || c == '-')).rfind(|w| !w.is_empty()).unwrap_or("").to_lowercase();
        return !last.is_empty() && has_word(&name, &last);
    }
    let gcode = gold.speaker_code.trim();
    let code = sp.code.as_deref().unwrap_or("").trim();
    if !gcode.is_empty() && !code.is_empty() && code.chars().take(3).collect::<String>().to_uppercase() == gcode.chars().take(3).collect::<String>().to_uppercase() {
        return true;
    }
    words(&gold.speaker_name).iter().filter(|w| !ORG_WORDS.contains(&w.as_str()) && w.len() > 3).any(|w| has_word(&name, w))
}

/// Score the quotes found (all documents' quotes, in any order) against the gold quotations
/// of the documents in `docs`. Misses are written to `log` when given.
pub fn score(gold: &[GoldQuote], got: &[Quote], docs: &HashSet<&str>, mut log: Option<&mut Vec<String>>) -> Figures {
    let mut f = Figures::default();
    let mut by_doc: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, q) in got.iter().enumerate() {
        by_doc.entry(q.doc_id.as_str()).or_default().push(i);
    }
    let candidates = |g: &GoldQuote| -> Vec<usize> { by_doc.get(g.doc_id.as_str()).map(|v| v.iter().copied().filter(|&i| overlaps(&g.text, &got[i].text)).collect()).unwrap_or_default() };
    let mut credited: HashSet<usize> = HashSet::new();
    for g in gold.iter().filter(|g| docs.contains(g.doc_id.as_str()) && matches!(g.kind.as_str(), "direct" | "partial")) {
        f.speech += 1;
        f.with_name += usize::from(!g.speaker_name.is_empty());
        let cands = candidates(g);
        if cands.is_empty() {
            if let Some(l) = log.as_deref_mut() {
                l.push(format!("missed  [{}] {}", g.speaker_name, g.text.chars().take(90).collect::<String>()));
            }
            continue;
        }
        f.found += 1;
        let ok: Vec<usize> = cands.iter().copied().filter(|&i| speaker_ok(g, got[i].speaker.as_ref())).collect();
        if !g.speaker_name.is_empty() {
            f.with_speaker += 1;
            f.right += usize::from(!ok.is_empty());
            f.attributed += usize::from(!ok.is_empty());
            if ok.is_empty() {
                if let Some(l) = log.as_deref_mut() {
                    let sp = got[cands[0]].speaker.clone().unwrap_or_default();
                    let show = |o: &Option<String>| o.clone().unwrap_or_else(|| "None".into());
                    l.push(format!("speaker [{}] got [{} / {} / {}] {}", g.speaker_name, show(&sp.name), show(&sp.code), show(&sp.mention), g.text.chars().take(70).collect::<String>()));
                }
            }
        }
        credited.extend(ok);
    }
    let named: Vec<usize> = (0..got.len()).filter(|&i| docs.contains(got[i].doc_id.as_str()) && got[i].speaker.as_ref().is_some_and(|s| s.name.is_some())).collect();
    f.named = named.len();
    f.named_right = named.iter().filter(|i| credited.contains(i)).count();
    if let Some(l) = log.as_deref_mut() {
        for &i in named.iter().filter(|i| !credited.contains(i)) {
            let q = &got[i];
            if q.kind != QuoteKind::Scare || gold.iter().any(|g| g.doc_id == q.doc_id && overlaps(&g.text, &q.text)) {
                l.push(format!("named wrongly [{}] {}", q.speaker.as_ref().and_then(|s| s.name.clone()).unwrap_or_default(), q.text.chars().take(70).collect::<String>()));
            }
        }
    }
    for g in gold.iter().filter(|g| docs.contains(g.doc_id.as_str()) && g.kind == "scare") {
        f.scare += 1;
        let cands = candidates(g);
        let unattributed = cands.iter().all(|&i| got[i].speaker.as_ref().is_none_or(|s| s.name.is_none()));
        f.scare_ok += usize::from(unattributed);
        if !unattributed {
            if let Some(l) = log.as_deref_mut() {
                l.push(format!("scare given a speaker: {}", g.text));
            }
        }
    }
    f
}

/// Run the pipeline on `dir/articles.jsonl`, score, print, check the gates.
pub fn run(pipeline: &Pipeline, dir: &Path, gates: Gates, verbose: bool) -> Result<ExitCode, String> {
    let articles = read_lines(&dir.join("articles.jsonl"))?;
    let gold = parse_gold(&read_lines(&dir.join("quotes-gold.jsonl"))?);
    let mut quotes: Vec<Quote> = Vec::new();
    let mut ids: Vec<String> = Vec::new();
    for a in &articles {
        let id = text_field(a, "doc_id");
        let text = text_field(a, "text");
        if id.is_empty() || text.is_empty() {
            return Err(format!("{}: an article without doc_id or text; each line needs both", dir.join("articles.jsonl").display()));
        }
        let opt = |k: &str| Some(text_field(a, k)).filter(|s| !s.is_empty());
        let doc = Document {
            id: id.clone(),
            title: opt("title"),
            date: opt("date").and_then(|d| parse_date(&d)),
            url: opt("url"),
            outlet: None,
            origin: dir.display().to_string(),
            text,
            removed: Vec::new(),
            notes: Vec::new(),
        };
        quotes.extend(pipeline.analyse(doc).quotes);
        ids.push(id);
    }
    ids.sort();
    let all: HashSet<&str> = ids.iter().map(String::as_str).collect();
    let even: HashSet<&str> = ids.iter().step_by(2).map(String::as_str).collect();
    let odd: HashSet<&str> = ids.iter().skip(1).step_by(2).map(String::as_str).collect();
    let mut log = Vec::new();
    let total = score(&gold, &quotes, &all, verbose.then_some(&mut log));
    for l in &log {
        eprintln!("{l}");
    }
    let (a, b) = (score(&gold, &quotes, &even, None), score(&gold, &quotes, &odd, None));
    println!("half even (development, {} documents): {}", even.len(), a.line());
    println!("half odd (held out, {} documents): {}", odd.len(), b.line());
    println!("quotes: {}", total.line());
    let mut failed = false;
    let mut check = |name: &str, value: f64, min: Option<f64>| {
        if let Some(m) = min {
            if value + 1e-9 < m {
                eprintln!("statecraft eval: {name} {value:.3} is below the gate {m:.3}");
                failed = true;
            }
        }
    };
    check("share found with the right speaker", total.attributed_share(), gates.min_attributed);
    check("named precision", total.named_precision(), gates.min_named_precision);
    check("share of scare quotes unattributed", total.scare_share(), gates.min_scare);
    if let Some(gap) = gates.max_half_gap {
        let d = (a.attributed_share() - b.attributed_share()).abs();
        if d > gap + 1e-9 {
            eprintln!("statecraft eval: the halves differ by {d:.3} in share found with the right speaker, more than {gap:.3}");
            failed = true;
        }
    }
    Ok(if failed { ExitCode::from(3) } else { ExitCode::SUCCESS })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gold(text: &str, kind: &str, name: &str, code: &str) -> GoldQuote {
        GoldQuote { doc_id: "d".into(), text: text.into(), kind: kind.into(), speaker_name: name.into(), speaker_code: code.into() }
    }

    fn quote(text: &str, name: Option<&str>, code: Option<&str>, mention: Option<&str>) -> Quote {
        Quote {
            doc_id: "d".into(),
            sentence: 0,
            span: [0, 1],
            text: text.into(),
            kind: QuoteKind::Direct,
            speaker: (name.is_some() || code.is_some() || mention.is_some()).then(|| Speaker { name: name.map(Into::into), code: code.map(Into::into), mention: mention.map(Into::into), ..Default::default() }),
            cue: None,
            date: None,
            date_precision: Default::default(),
        }
    }

    #[test]
    fn scores_as_the_python_scorer_reads_speakers() {
        let g = vec![
            gold("We will respond to any attack,", "direct", "Mark Esper", "USA GOV"),
            gold("patently false", "partial", "Pentagon", "USA GOV"),
            gold("Never", "direct", "Zhang Wei", "CHN GOV"),
            gold("peace", "scare", "", ""),
        ];
        let got = vec![
            quote("We will respond to any attack", Some("Mark Esper"), Some("USA"), Some("Esper")),
            quote("patently false", None, Some("USA"), Some("The Pentagon")),
            quote("Never", Some("Zhou Ming"), None, None),
            quote("peace", Some("Mark Esper"), None, None),
        ];
        let docs: HashSet<&str> = ["d"].into();
        let f = score(&g, &got, &docs, None);
        assert_eq!((f.found, f.speech, f.attributed, f.with_name), (3, 3, 2, 3));
        assert_eq!((f.named, f.named_right), (3, 1));
        assert_eq!((f.scare_ok, f.scare), (0, 1));
        assert!(overlaps("\u{201C}It is over,\u{201D}", "it is over"));
        assert!(!overlaps("", "x"));
        assert!(has_word("mark esper", "esper") && !has_word("esperanto", "esper"));
        assert!(is_person("He Jianxiong") && !is_person("Russian Defence Ministry") && !is_person("Pentagon"));
    }
}
