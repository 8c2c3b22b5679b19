//! `statecraft eval petrarch RECORDS.xml`: codes PETRARCH's unit-test records from each
//! record's `<Text>` with Statecraft's own tokeniser, parser and coder (not the record's Penn
//! tree), with the dictionaries the file's `<Environment>` names, and compares the
//! (source, target, code) triples with the record's `<EventCoding>`s.
//!
//! Strict: the set of triples coded equals the set expected. Loose: one expected triple is
//! coded, or nothing is coded where nothing is expected (`noevents`, or an `error` record,
//! whose sentence PETRARCH must not code).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use statecraft_model::{Actor, Document};
use statecraft_pipeline::Pipeline;

type Triple = (String, String, String);

/// One unit-test record.
#[derive(Debug, Clone)]
pub struct Record {
    pub id: String,
    pub category: String,
    pub date: Option<chrono::NaiveDate>,
    pub text: String,
    /// Expected triples; empty when nothing is to be coded.
    pub expected: BTreeSet<Triple>,
}

/// The dictionaries a record file names, by their role.
#[derive(Debug, Clone, Default)]
pub struct Environment {
    pub verbs: Option<String>,
    pub actors: Vec<String>,
    pub agents: Option<String>,
    pub discards: Option<String>,
}

/// Text with `<!-- ... -->` comments removed (records commented out are not records).
fn strip_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("<!--") {
        out.push_str(&rest[..i]);
        match rest[i..].find("-->") {
            Some(j) => rest = &rest[i + j + 3..],
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// The attributes of a start tag's inside (`date = "1995" id="X"`), blanks around `=` allowed.
fn attributes(tag: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = tag;
    while let Some(eq) = rest.find('=') {
        let name = rest[..eq].split_whitespace().last().unwrap_or("").to_string();
        let after = rest[eq + 1..].trim_start();
        let Some(q) = after.chars().next().filter(|c| *c == '"' || *c == '\'') else { break };
        let Some(end) = after[1..].find(q) else { break };
        out.push((name, after[1..1 + end].to_string()));
        rest = &after[end + 2..];
    }
    out
}

fn attr<'a>(attrs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    attrs.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
}

/// The text between `<tag>` and `</tag>` (first occurrence).
fn element<'a>(text: &'a str, tag: &str) -> Option<&'a str> {
    let open = format!("<{tag}>");
    let start = text.find(&open)? + open.len();
    let end = text[start..].find(&format!("</{tag}>"))? + start;
    Some(&text[start..end])
}

/// Read a unit-test record file: its environment and records.
pub fn parse(text: &str) -> Result<(Environment, Vec<Record>), String> {
    let text = strip_comments(text);
    let mut env = Environment::default();
    if let Some(e) = element(&text, "Environment") {
        let names = |tag: &str| element(e, tag).map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
        env.verbs = names("Verbfile");
        env.agents = names("Agentfile");
        env.discards = names("Discardfile");
        // several actor files may be named, one element each
        let mut rest = e;
        while let Some(a) = element(rest, "Actorfile") {
            env.actors.extend(a.split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()));
            rest = &rest[rest.find("</Actorfile>").map(|i| i + 12).unwrap_or(rest.len())..];
        }
    }
    let mut records = Vec::new();
    let mut rest = text.as_str();
    while let Some(start) = rest.find("<Sentence") {
        let after = &rest[start + "<Sentence".len()..];
        if !after.starts_with(|c: char| c.is_whitespace() || c == '>') {
            rest = after; // <Sentences>
            continue;
        }
        let Some(tag_end) = after.find('>') else { return Err("a <Sentence tag is not closed with '>'".into()) };
        let attrs = attributes(&after[..tag_end]);
        let Some(end) = after.find("</Sentence>") else {
            return Err(format!("record {} has no </Sentence>", attr(&attrs, "id").unwrap_or("?")));
        };
        let body = &after[tag_end + 1..end];
        rest = &after[end..];
        let id = attr(&attrs, "id").unwrap_or("").to_string();
        let Some(text) = element(body, "Text") else { return Err(format!("record {id} has no <Text>")) };
        let mut expected = BTreeSet::new();
        let mut b = body;
        while let Some(i) = b.find("<EventCoding") {
            let tag = &b[i + "<EventCoding".len()..];
            let close = tag.find('>').unwrap_or(tag.len());
            let a = attributes(&tag[..close]);
            b = &tag[close..];
            if attr(&a, "noevents").is_some() || attr(&a, "error").is_some() {
                continue;
            }
            let get = |n: &str| attr(&a, n).unwrap_or("").trim().to_string();
            expected.insert((get("sourcecode"), get("targetcode"), get("eventcode")));
        }
        records.push(Record {
            id,
            category: attr(&attrs, "category").unwrap_or("").to_string(),
            date: attr(&attrs, "date").and_then(|d| statecraft_petrarch::parse_date(d.trim())),
            text: text.split_whitespace().collect::<Vec<_>>().join(" "),
            expected,
        });
    }
    if records.is_empty() {
        return Err("no <Sentence> records found; is this a PETRARCH unit-test record file?".into());
    }
    Ok((env, records))
}

/// An actor's code as PETRARCH writes it: state or organisation kind, then the organisation
/// or the sector (`GONGOV`, `IGOEEU`); an actor with no state is `---` (`---GOV`).
pub fn petrarch_code(a: &Actor) -> String {
    let head = if a.code.is_empty() { "---" } else { a.code.as_str() };
    format!("{head}{}{}", a.org.as_deref().unwrap_or(""), a.sector.as_deref().unwrap_or(""))
}

/// The triples Statecraft codes for one record.
pub fn code_record(pipeline: &Pipeline, r: &Record) -> BTreeSet<Triple> {
    let doc = Document {
        id: r.id.clone(),
        title: None,
        date: r.date,
        url: None,
        outlet: None,
        origin: "petrarch unit test".into(),
        text: r.text.clone(),
        removed: Vec::new(),
        notes: Vec::new(),
    };
    pipeline
        .analyse(doc)
        .events
        .iter()
        .map(|e| (petrarch_code(&e.source), e.target.as_ref().map(petrarch_code).unwrap_or_else(|| "---".into()), e.cameo.clone()))
        .collect()
}

/// Where a named dictionary is: under `dir` if given, else beside the record file.
fn locate(name: &str, dir: Option<&Path>, beside: &Path) -> Option<PathBuf> {
    dir.into_iter().chain(std::iter::once(beside)).map(|d| d.join(name)).find(|p| p.is_file())
}

fn read(path: &Path) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    Ok(String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
}

/// The pipeline for a record file: the shipped actors plus the environment's actor, agent and
/// discard files, and the environment's verb file instead of the shipped event patterns. A
/// named file not found leaves the shipped default for its part (said once on standard error).
fn pipeline_for(env: &Environment, dir: Option<&Path>, beside: &Path, base: Pipeline) -> Result<Pipeline, String> {
    let mut pipeline = Pipeline::new(&[]).map_err(|e| format!("dictionary error: {e}"))?;
    // the environment's actors and agents replace the shipped ones, as in PETRARCH (whose
    // codes differ: KUW, not KWT; Zimbabwe was RHO before 1980)
    if env.actors.iter().chain(&env.agents).any(|n| locate(n, dir, beside).is_some()) {
        pipeline.actors = statecraft_actors::Dictionary::default();
    }
    let mut missing = Vec::new();
    for name in env.actors.iter().chain(&env.agents).chain(&env.discards) {
        let Some(path) = locate(name, dir, beside) else {
            missing.push(name.clone());
            continue;
        };
        let read = statecraft_petrarch::read(&read(&path)?);
        warn_problems(&path, &read.problems);
        match &read.dictionary {
            statecraft_petrarch::Dictionary::Actors(a) => pipeline.actors.add_petrarch_actors(a),
            statecraft_petrarch::Dictionary::Agents(a) => pipeline.actors.add_petrarch_agents_whole(a),
            statecraft_petrarch::Dictionary::Discards(d) => pipeline.discards.add(d),
            other => return Err(format!("{}: named as an actor, agent or discard file, but it reads as a {} dictionary", path.display(), other.kind().as_str())),
        }
    }
    let model = base.coder.model();
    pipeline.min_confidence = base.min_confidence;
    match env.verbs.as_deref().map(|n| (n, locate(n, dir, beside))) {
        Some((_, Some(p))) => {
            let (coder, problems) = statecraft_coder::Coder::petrarch_verbs_only(&read(&p)?);
            warn_problems(&p, &problems);
            pipeline.coder = coder.with_model(model);
        }
        Some((name, None)) => {
            missing.push(name.to_string());
            pipeline.coder = base.coder;
        }
        None => pipeline.coder = base.coder,
    }
    if !missing.is_empty() {
        eprintln!(
            "statecraft eval petrarch: not found beside the records{}: {}; the shipped dictionaries are used for those parts",
            dir.map(|d| format!(" nor in {}", d.display())).unwrap_or_default(),
            missing.join(", ")
        );
    }
    Ok(pipeline)
}

/// Lines of a named dictionary not understood are left out, as `--dictionary` would refuse
/// the file; the eval says so and uses the rest.
fn warn_problems(path: &Path, problems: &[statecraft_petrarch::Problem]) {
    if let Some(first) = problems.first() {
        eprintln!(
            "statecraft eval petrarch: {}: {} lines not understood and left out (first: line {}: {}; `statecraft dictionaries check` lists them)",
            path.display(),
            problems.len(),
            first.line,
            first.reason
        );
    }
}

/// Counts of one set of records.
#[derive(Debug, Default, Clone, Copy)]
struct Score {
    records: usize,
    strict: usize,
    loose: usize,
}

fn fmt_triples(t: &BTreeSet<Triple>) -> String {
    if t.is_empty() {
        return "nothing".into();
    }
    t.iter().map(|(s, d, c)| format!("{s} {d} {c}")).collect::<Vec<_>>().join("; ")
}

pub fn run(base: Pipeline, file: &Path, dictionaries: Option<&Path>, misses: usize, min_strict: Option<usize>) -> Result<ExitCode, String> {
    let text = read(file)?;
    let (env, records) = parse(&text).map_err(|e| format!("{}: {e}", file.display()))?;
    let beside = file.parent().map(Path::to_path_buf).unwrap_or_default();
    let pipeline = pipeline_for(&env, dictionaries, &beside, base)?;
    // halves by record order: A the records at even positions (0, 2, ...), B the odd ones
    let mut halves = [Score::default(); 2];
    let mut shown = 0;
    for (i, r) in records.iter().enumerate() {
        let got = code_record(&pipeline, r);
        let strict = got == r.expected;
        let loose = if r.expected.is_empty() { got.is_empty() } else { r.expected.iter().any(|t| got.contains(t)) };
        let h = &mut halves[i % 2];
        h.records += 1;
        h.strict += strict as usize;
        h.loose += loose as usize;
        if !strict && shown < misses {
            shown += 1;
            println!("miss {} ({}{}): {}", r.id, r.category, if loose { ", loose" } else { "" }, r.text);
            println!("  expected {}", fmt_triples(&r.expected));
            println!("  got      {}", fmt_triples(&got));
        }
    }
    for (name, h) in ["A (even positions)", "B (odd positions)"].iter().zip(&halves) {
        println!("half {name}: records={} strict={} loose={}", h.records, h.strict, h.loose);
    }
    let (n, strict, loose) = (halves[0].records + halves[1].records, halves[0].strict + halves[1].strict, halves[0].loose + halves[1].loose);
    println!("petrarch: records={n} strict={strict} loose={loose}");
    if let Some(min) = min_strict {
        if strict < min {
            eprintln!("statecraft eval: {strict} records coded strictly right, below the gate {min}");
            return Ok(ExitCode::from(3));
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_records_environment_and_codings() {
        let text = r#"<Validation>
<Environment>
    <Verbfile>V.txt</Verbfile>
    <Actorfile>A.txt</Actorfile>
    <Agentfile>G.txt</Agentfile>
</Environment>
<Sentences>
<!-- <Sentence date="19950101" id="GONE-01" category="DEMO"><Text>x</Text></Sentence> -->
<Sentence date = "19950101" id ="DEMO-01" category="DEMO" sentence="true">
<EventCoding sourcecode="ARN" targetcode="GON" eventcode="064"></EventCoding>
<EventCoding sourcecode="GON" targetcode="ARNGOV" eventcode="033"></EventCoding>
<Text>
Arnor restored
ties with Gondor.
</Text>
<Parse>(ROOT (S (NP (NNP Arnor))))</Parse>
</Sentence>
<Sentence date="950102" id="NONE-01" category="PARSING">
<EventCoding noevents = "True"></EventCoding>
<Text>Nothing here.</Text>
</Sentence>
</Sentences>
</Validation>"#;
        let (env, records) = parse(text).unwrap();
        assert_eq!(env.verbs.as_deref(), Some("V.txt"));
        assert_eq!(env.actors, vec!["A.txt".to_string()]);
        assert_eq!(env.agents.as_deref(), Some("G.txt"));
        assert_eq!(records.len(), 2);
        assert_eq!(records[0].id, "DEMO-01");
        assert_eq!(records[0].text, "Arnor restored ties with Gondor.");
        assert_eq!(records[0].date, chrono::NaiveDate::from_ymd_opt(1995, 1, 1));
        assert!(records[0].expected.contains(&("GON".into(), "ARNGOV".into(), "033".into())));
        assert_eq!(records[0].expected.len(), 2);
        assert!(records[1].expected.is_empty());
        assert!(parse("<Validation></Validation>").is_err());
    }

    #[test]
    fn petrarch_codes_of_actors() {
        let a = |code: &str, org: Option<&str>, sector: Option<&str>| Actor { code: code.into(), org: org.map(Into::into), sector: sector.map(Into::into), ..Actor::default() };
        assert_eq!(petrarch_code(&a("GON", None, Some("GOV"))), "GONGOV");
        assert_eq!(petrarch_code(&a("IGO", Some("EEU"), None)), "IGOEEU");
        assert_eq!(petrarch_code(&a("", None, Some("GOV"))), "---GOV");
        assert_eq!(petrarch_code(&a("ARN", None, None)), "ARN");
    }
}
