//! `statecraft positions`, `statecraft forecast`, `statecraft eval bargaining` and
//! `statecraft report --issue`: the bargaining analysis of `statecraft-bargain` over an issue
//! file and a store, a plain table, or the DEU III data set.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use statecraft_bargain::eu::{self, Reading};
use statecraft_bargain::models::{self, Model};
use statecraft_bargain::positions::{self, IssuePositions};
use statecraft_bargain::space::IssueSpace;
use statecraft_bargain::{deu, svg, table, Player};
use statecraft_model::parse_date;
use statecraft_store::{EventFilter, Store};

fn usage(msg: String) -> Result<ExitCode, String> {
    eprintln!("statecraft: {msg}");
    Ok(ExitCode::from(2))
}

#[derive(Clone, Copy, ValueEnum, PartialEq)]
pub enum PositionFormat {
    Jsonl,
    Csv,
}

/// Where positions are read from: an issue file over a store, within dates.
#[derive(Args)]
pub struct Source {
    /// The SQLite database to read events and quotes from.
    #[arg(long, default_value = "statecraft.db")]
    pub db: PathBuf,
    /// Only evidence on or after this date (YYYY-MM-DD).
    #[arg(long)]
    pub since: Option<String>,
    /// Only evidence on or before this date (YYYY-MM-DD); positions are as of it.
    #[arg(long)]
    pub until: Option<String>,
    /// Only this issue (its id in the file).
    #[arg(long)]
    pub issue: Option<String>,
}

/// Reads the issue file and the store's statements, and computes the positions.
fn load_positions(file: &Path, source: &Source) -> Result<Result<(IssueSpace, Vec<IssuePositions>), String>, String> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("cannot read issue file {}: {e}", file.display()))?;
    let space = match IssueSpace::parse(&text, &file.display().to_string()) {
        Ok(s) => s,
        Err(e) => return Ok(Err(e)),
    };
    if let Some(id) = &source.issue {
        if space.issue(id).is_none() {
            let ids: Vec<&str> = space.issues.iter().map(|i| i.id.as_str()).collect();
            return Ok(Err(format!("--issue {id:?} is not in {}; its issues are {}", file.display(), ids.join(", "))));
        }
    }
    let mut dates = [None, None];
    for (slot, (flag, value)) in dates.iter_mut().zip([("--since", &source.since), ("--until", &source.until)]) {
        if let Some(v) = value {
            match parse_date(v) {
                Some(d) => *slot = Some(d),
                None => return Ok(Err(format!("{flag} {v:?} is not a date; write YYYY-MM-DD"))),
            }
        }
    }
    if !source.db.exists() {
        return Ok(Err(format!("no database at {}; run 'statecraft ingest PATH --db {}' first", source.db.display(), source.db.display())));
    }
    let store = match Store::open_read_only(&source.db) {
        Err(statecraft_store::StoreError::TooOld { .. }) => Store::open(&source.db),
        other => other,
    }
    .map_err(|e| e.to_string())?;
    let filter = EventFilter { since: dates[0], until: dates[1], ..EventFilter::default() };
    let statements = positions::statements_from_store(&store, &filter).map_err(|e| e.to_string())?;
    let until = dates[1].map(|d| d.to_string());
    let mut found = positions::positions(&space, &statements, until.as_deref());
    if let Some(id) = &source.issue {
        found.retain(|p| &p.issue == id);
    }
    Ok(Ok((space, found)))
}

/// Says on standard error which issues have no evidence; true if none has any.
fn warn_empty(found: &[IssuePositions]) -> bool {
    for p in found.iter().filter(|p| p.is_empty()) {
        eprintln!(
            "statecraft: issue {}: no evidence for any actor in the store; add words to its signals or topic, or ingest articles that discuss it",
            p.issue
        );
    }
    found.iter().all(IssuePositions::is_empty)
}

/// `statecraft positions ISSUES.toml`.
pub fn positions(file: &Path, source: &Source, format: PositionFormat) -> Result<ExitCode, String> {
    let (_, found) = match load_positions(file, source)? {
        Ok(x) => x,
        Err(msg) => return usage(msg),
    };
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let io_err = |e: io::Error| format!("cannot write output: {e}");
    match format {
        PositionFormat::Jsonl => {
            for point in found.iter().flat_map(|p| p.actors.iter().flatten()) {
                serde_json::to_writer(&mut out, point).map_err(|e| e.to_string())?;
                out.write_all(b"\n").map_err(io_err)?;
            }
        }
        PositionFormat::Csv => {
            let mut w = csv::Writer::from_writer(&mut out);
            w.write_record(["issue", "actor", "name", "date", "position", "salience", "capability", "evidence", "sentences"]).map_err(|e| e.to_string())?;
            for p in found.iter().flat_map(|p| p.actors.iter().flatten()) {
                let refs: Vec<String> = p.evidence.iter().map(|e| format!("{}#{}", e.doc_id, e.sentence)).collect();
                let texts: Vec<&str> = p.evidence.iter().map(|e| e.text.as_str()).collect();
                w.write_record([
                    p.issue.clone(),
                    p.actor.clone(),
                    p.name.clone(),
                    p.date.clone().unwrap_or_default(),
                    format!("{:.1}", p.position),
                    format!("{:.1}", p.salience),
                    format!("{}", p.capability),
                    refs.join(" "),
                    texts.join(" | "),
                ])
                .map_err(|e| e.to_string())?;
            }
            w.flush().map_err(io_err)?;
        }
    }
    out.flush().map_err(io_err)?;
    Ok(if warn_empty(&found) { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// The options of `statecraft forecast`.
#[derive(Args)]
pub struct ForecastArgs {
    /// default, compromise, median, nash or eu.
    #[arg(long, default_value = "default")]
    pub model: String,
    /// Rounds of the expected-utility model.
    #[arg(long, default_value_t = 8)]
    pub rounds: usize,
    /// With --model eu: print each round's moves (who challenged whom, with what result).
    #[arg(long)]
    pub verbose: bool,
    /// With --model nash: the status quo (reference point), 0-100 (default: the issue file's
    /// status_quo); without one the disagreement point is far from everyone and the solution is
    /// the weighted mean.
    #[arg(long)]
    pub reference: Option<f64>,
}

/// `statecraft forecast INPUT`: INPUT is an issue file (with `--db`) or a CSV table.
pub fn forecast(input: &Path, source: &Source, args: &ForecastArgs) -> Result<ExitCode, String> {
    let Some(model) = Model::parse(&args.model) else {
        return usage(format!("--model {:?} is not a model; choose {}", args.model, Model::NAMES));
    };
    if !(1..=1000).contains(&args.rounds) {
        return usage(format!("--rounds {} must be between 1 and 1000", args.rounds));
    }
    if let Some(r) = args.reference {
        if !(0.0..=100.0).contains(&r) {
            return usage(format!("--reference {r} is outside 0-100"));
        }
    }
    let is_issue_file = input.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("toml"));
    let mut out = io::stdout().lock();
    let io_err = |e: io::Error| format!("cannot write output: {e}");
    if !is_issue_file {
        let text = std::fs::read_to_string(input).map_err(|e| format!("cannot read table {}: {e}", input.display()))?;
        let players = match table::read_players(&text, &input.display().to_string()) {
            Ok(p) => p,
            Err(e) => return usage(e),
        };
        print_forecast(&mut out, &players, model, args).map_err(io_err)?;
        return Ok(ExitCode::SUCCESS);
    }
    let (_, found) = match load_positions(input, source)? {
        Ok(x) => x,
        Err(msg) => return usage(msg),
    };
    let none = warn_empty(&found);
    for issue in found.iter().filter(|p| !p.is_empty()) {
        let players = issue.players();
        writeln!(out, "issue {}: 0 = {}, 100 = {}", issue.issue, issue.low, issue.high).map_err(io_err)?;
        for p in &players {
            writeln!(out, "  {} position {:.1} salience {:.1} capability {}", p.name, p.position, p.salience, p.capability).map_err(io_err)?;
        }
        let args = ForecastArgs { reference: args.reference.or(issue.status_quo), model: args.model.clone(), ..*args };
        print_forecast(&mut out, &players, model, &args).map_err(io_err)?;
    }
    Ok(if none { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn print_forecast(out: &mut impl Write, players: &[Player], model: Model, args: &ForecastArgs) -> io::Result<()> {
    if model != Model::Eu {
        let f = models::forecast(players, model, args.rounds, args.reference).unwrap_or(f64::NAN);
        return writeln!(out, "{} forecast {f:.2}", model.name());
    }
    for r in eu::simulate(players, args.rounds, Reading::default()) {
        writeln!(out, "round {} median {:.3} mean {:.3}", r.round, r.median, r.mean)?;
        if args.verbose {
            if r.moves.is_empty() {
                writeln!(out, "  nobody moved")?;
            }
            for m in &r.moves {
                writeln!(
                    out,
                    "  {} {} {}: {:.3} -> {:.3} (EU of {} challenging {} {:+.3}, of {} challenging {} {:+.3})",
                    m.mover,
                    m.kind.as_str(),
                    m.other,
                    m.from,
                    m.to,
                    m.other,
                    m.mover,
                    m.eu_other,
                    m.mover,
                    m.other,
                    m.eu_mover
                )?;
            }
        }
    }
    Ok(())
}

/// `statecraft eval bargaining DEU3.csv`.
pub fn eval(file: &Path) -> Result<ExitCode, String> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let (issues, skipped) = match deu::read(&text, &file.display().to_string()) {
        Ok(x) => x,
        Err(e) => return usage(e),
    };
    eprintln!("{} issues with an outcome and positions ({skipped} rows without)", issues.len());
    for s in deu::evaluate(&issues) {
        println!("{} mae={:.2} issues={} halves={:.2}/{:.2}  # {}", s.model, s.mae, s.issues, s.halves[0], s.halves[1], s.note);
    }
    Ok(ExitCode::SUCCESS)
}

/// `statecraft report --issue ISSUES.toml`: every issue's positions over time and the forecast.
pub fn report(file: &Path, source: &Source, model: &str, output: &Path) -> Result<ExitCode, String> {
    let Some(model) = Model::parse(model) else {
        return usage(format!("--model {model:?} is not a model; choose {}", Model::NAMES));
    };
    if !output.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("svg")) {
        return usage(format!("--output {} must end in .svg", output.display()));
    }
    let (_, found) = match load_positions(file, source)? {
        Ok(x) => x,
        Err(msg) => return usage(msg),
    };
    let none = warn_empty(&found);
    let forecasts: Vec<Option<f64>> = found.iter().map(|p| models::forecast(&p.players(), model, 8, p.status_quo)).collect();
    std::fs::write(output, svg::issues_svg(&found, &forecasts, model.name())).map_err(|e| format!("cannot write {}: {e}", output.display()))?;
    println!(
        "wrote {}: {} issues, {} actor positions, forecasts by the {} model",
        output.display(),
        found.len(),
        found.iter().map(|p| p.actors.iter().map(Vec::len).sum::<usize>()).sum::<usize>(),
        model.name()
    );
    Ok(if none { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
