//! `statecraft train tagger|parser` and `statecraft eval ud`: training the syntax models of
//! `statecraft-syntax` on a UD treebank directory, and scoring them (plus the tokeniser's
//! agreement with the treebank's word boundaries) on a CoNLL-U file.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Args, Subcommand};
use statecraft_syntax::conllu::{self, Sentence};
use statecraft_syntax::{eval, Analyzer, ParserConfig, TaggerConfig};

#[derive(Subcommand)]
pub enum TrainKind {
    /// Train the part-of-speech tagger and lemmatiser on DIR/*-train.conllu (DIR/*-dev.conllu for progress).
    Tagger {
        #[arg(long, value_name = "DIR")]
        treebank: PathBuf,
        #[arg(long, default_value = "models/tagger.bin")]
        out: PathBuf,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[arg(long, default_value_t = TaggerConfig::default().epochs)]
        epochs: usize,
        /// Jackknife folds for the second tagging pass (1 = one pass only).
        #[arg(long, default_value_t = TaggerConfig::default().folds)]
        folds: usize,
        /// Also train on DIR/*-dev.conllu (dev figures are then no longer held out).
        #[arg(long)]
        add_dev: bool,
    },
    /// Train the dependency parser on jackknifed tags of DIR/*-train.conllu.
    Parser {
        #[arg(long, value_name = "DIR")]
        treebank: PathBuf,
        #[arg(long, default_value = "models/parser.bin")]
        out: PathBuf,
        /// Tagger used to tag the dev set for progress reports (does not affect the model).
        #[arg(long, default_value = "models/tagger.bin")]
        tagger: PathBuf,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[arg(long, default_value_t = ParserConfig::default().epochs)]
        epochs: usize,
        /// Jackknife folds for the training tags (1 = gold tags).
        #[arg(long, default_value_t = statecraft_syntax::JACKKNIFE_FOLDS)]
        folds: usize,
        /// Also train on DIR/*-dev.conllu (dev figures are then no longer held out).
        #[arg(long)]
        add_dev: bool,
    },
}

#[derive(Args)]
pub struct UdArgs {
    /// A CoNLL-U file (gold tokenisation is used).
    file: PathBuf,
    /// Directory with tagger.bin and parser.bin instead of the embedded models.
    #[arg(long, value_name = "DIR")]
    models: Option<PathBuf>,
    /// Exit with code 3 if UPOS accuracy (percent) is below this.
    #[arg(long)]
    min_upos: Option<f64>,
    /// Exit with code 3 if LAS (percent) is below this.
    #[arg(long)]
    min_las: Option<f64>,
    /// Print this many sentences where the tokeniser disagrees with the gold words.
    #[arg(long, default_value_t = 0)]
    tokenizer_misses: usize,
}

fn write_model(path: &Path, bytes: &[u8]) -> Result<(), String> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::write(path, bytes).map_err(|e| format!("{}: {e}", path.display()))
}

pub fn train(kind: TrainKind) -> Result<ExitCode, String> {
    let started = Instant::now();
    match kind {
        TrainKind::Tagger { treebank, out, seed, epochs, folds, add_dev } => {
            let mut train = conllu::read_split(&treebank, "train")?;
            let mut dev = conllu::read_split(&treebank, "dev").ok();
            if add_dev {
                train.extend(dev.take().ok_or("--add-dev: no *-dev.conllu in the treebank directory")?);
            }
            let cfg = TaggerConfig { epochs, seed, folds };
            let (t, l) = statecraft_syntax::train_tagger(&train, dev.as_deref(), &cfg);
            let bytes = statecraft_syntax::tagger_bytes(&t, &l);
            write_model(&out, &bytes)?;
            let (ex, lo, ru) = l.sizes();
            eprintln!(
                "wrote {} ({} bytes; {} features; lemmatiser {ex}+{lo} exceptions, {ru} rules) in {:.1} s",
                out.display(),
                bytes.len(),
                t.n_features(),
                started.elapsed().as_secs_f64()
            );
        }
        TrainKind::Parser { treebank, out, tagger, seed, epochs, folds, add_dev } => {
            let mut train = conllu::read_split(&treebank, "train")?;
            let dev = match (conllu::read_split(&treebank, "dev"), std::fs::read(&tagger)) {
                (Ok(dev), _) if add_dev => {
                    train.extend(dev);
                    None
                }
                (Ok(dev), Ok(bytes)) => {
                    let (t, _) = statecraft_syntax::read_tagger(&bytes).map_err(|e| format!("{}: {e}", tagger.display()))?;
                    Some(statecraft_syntax::retag(&t, &dev))
                }
                _ => {
                    eprintln!("no dev set or no tagger at {}: no progress reports", tagger.display());
                    None
                }
            };
            let cfg = ParserConfig { epochs, seed, ..ParserConfig::default() };
            let tcfg = TaggerConfig { seed, ..TaggerConfig::default() };
            let p = statecraft_syntax::train_parser(&train, dev.as_deref(), folds, &tcfg, &cfg);
            let bytes = statecraft_syntax::parser_bytes(&p);
            write_model(&out, &bytes)?;
            eprintln!("wrote {} ({} bytes; {} features) in {:.1} s", out.display(), bytes.len(), p.n_features(), started.elapsed().as_secs_f64());
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Gold word spans (byte offsets into `text`) found by matching the word forms in order;
/// words that cannot be found get an empty span and count as misses.
fn gold_spans(text: &str, s: &Sentence) -> Vec<(usize, usize)> {
    let mut pos = 0;
    let mut out = Vec::with_capacity(s.tokens.len());
    for t in &s.tokens {
        let rest = &text[pos..];
        let skip = rest.len() - rest.trim_start().len();
        let at = pos + skip;
        if text[at..].starts_with(t.form.as_str()) {
            out.push((at, at + t.form.len()));
            pos = at + t.form.len();
        } else {
            out.push((usize::MAX, usize::MAX));
        }
    }
    out
}

/// Token-boundary F1 (percent) of `statecraft_text::tokenize` on the `# text` lines.
pub fn tokenizer_f1(sents: &[Sentence], mut show: usize) -> Option<(f64, usize)> {
    let (mut gold, mut pred, mut hit, mut n) = (0usize, 0usize, 0usize, 0usize);
    for s in sents {
        let Some(text) = &s.text else { continue };
        n += 1;
        let g = gold_spans(text, s);
        let p: Vec<(usize, usize)> = statecraft_text::tokenize(text).into_iter().map(|t| (t.start, t.end)).collect();
        gold += g.len();
        pred += p.len();
        let set: std::collections::HashSet<_> = g.iter().collect();
        let h = p.iter().filter(|x| set.contains(x)).count();
        hit += h;
        if show > 0 && (h != g.len() || h != p.len()) {
            show -= 1;
            let gold: Vec<&str> = s.tokens.iter().map(|t| t.form.as_str()).collect();
            let mine: Vec<&str> = p.iter().map(|&(a, b)| &text[a..b]).collect();
            eprintln!("gold: {}\nmine: {}\n", gold.join(" "), mine.join(" "));
        }
    }
    if n == 0 || gold == 0 || pred == 0 {
        return None;
    }
    let (pr, re) = (hit as f64 / pred as f64, hit as f64 / gold as f64);
    Some((if pr + re > 0.0 { 200.0 * pr * re / (pr + re) } else { 0.0 }, n))
}

pub fn eval_ud(args: UdArgs) -> Result<ExitCode, String> {
    let sents = conllu::read(&args.file)?;
    let t0 = Instant::now();
    let owned;
    let a: &Analyzer = match &args.models {
        Some(dir) => {
            owned = Analyzer::load(dir)?;
            &owned
        }
        None => Analyzer::shipped(),
    };
    let load = t0.elapsed().as_secs_f64();
    let s = eval::evaluate(a, &sents);
    println!("file:        {}", args.file.display());
    println!("UPOS:        {:.2}", s.upos);
    println!("XPOS:        {:.2}", s.xpos);
    println!("lemma:       {:.2}", s.lemma);
    println!("UAS:         {:.2}", s.uas);
    println!("LAS:         {:.2}", s.las);
    println!("tokens:      {}", s.tokens);
    println!("tokens/s:    {:.0} (tag+lemma+parse, one thread; models loaded in {:.3} s)", s.tokens_per_second(), load);
    match tokenizer_f1(&sents, args.tokenizer_misses) {
        Some((f1, n)) => println!("tokeniser F1: {f1:.2} (statecraft_text::tokenize on the # text of {n} sentences vs gold words)"),
        None => println!("tokeniser F1: n/a (no # text lines)"),
    }
    let mut failed = false;
    if let Some(m) = args.min_upos.filter(|&m| s.upos < m) {
        eprintln!("UPOS {:.2} is below --min-upos {m}", s.upos);
        failed = true;
    }
    if let Some(m) = args.min_las.filter(|&m| s.las < m) {
        eprintln!("LAS {:.2} is below --min-las {m}", s.las);
        failed = true;
    }
    Ok(if failed { ExitCode::from(3) } else { ExitCode::SUCCESS })
}
