//! Statecraft syntax: a part-of-speech tagger, lemmatiser and greedy transition-based
//! dependency parser for English, trained on the Universal Dependencies English Web Treebank.
//!
//! [`Analyzer::shipped`] gives the models embedded in the crate (`models/tagger.bin`,
//! `models/parser.bin`); [`Analyzer::analyse`] tags, lemmatises and parses one tokenised
//! sentence. Training and evaluation entry points are [`train_tagger`], [`train_parser`] and
//! [`eval::evaluate`].

pub mod conllu;
pub mod eval;
pub mod hash;
pub mod io;
pub mod lemma;
pub mod parser;
pub mod perceptron;
pub mod tagger;

use std::collections::HashSet;
use std::path::Path;
use std::sync::{Mutex, OnceLock};

use conllu::Sentence;
use io::{gunzip, In, Out};
pub use lemma::Lemmatizer;
pub use parser::{Parser, ParserConfig};
pub use tagger::{Tagger, TaggerConfig};

/// The Universal Dependencies part-of-speech tags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Upos {
    Adj,
    Adp,
    Adv,
    Aux,
    Cconj,
    Det,
    Intj,
    Noun,
    Num,
    Part,
    Pron,
    Propn,
    Punct,
    Sconj,
    Sym,
    Verb,
    X,
}

const UPOS_NAMES: [&str; 17] =
    ["ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART", "PRON", "PROPN", "PUNCT", "SCONJ", "SYM", "VERB", "X"];
const UPOS_ALL: [Upos; 17] = [
    Upos::Adj,
    Upos::Adp,
    Upos::Adv,
    Upos::Aux,
    Upos::Cconj,
    Upos::Det,
    Upos::Intj,
    Upos::Noun,
    Upos::Num,
    Upos::Part,
    Upos::Pron,
    Upos::Propn,
    Upos::Punct,
    Upos::Sconj,
    Upos::Sym,
    Upos::Verb,
    Upos::X,
];

impl Upos {
    /// The UD name, e.g. `"PROPN"`.
    pub fn as_str(self) -> &'static str {
        UPOS_NAMES[self as usize]
    }
    /// Parse a UD name.
    pub fn parse(s: &str) -> Option<Upos> {
        UPOS_NAMES.iter().position(|&n| n == s).map(|i| UPOS_ALL[i])
    }
}

impl std::fmt::Display for Upos {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A `'static` copy of a tag or label name. Names come from model files, so the set is small
/// and bounded; each distinct name is leaked once.
pub(crate) fn intern(s: &str) -> &'static str {
    static NAMES: OnceLock<Mutex<HashSet<&'static str>>> = OnceLock::new();
    let mut set = NAMES.get_or_init(Default::default).lock().unwrap_or_else(|e| e.into_inner());
    if let Some(&n) = set.get(s) {
        return n;
    }
    let n: &'static str = Box::leak(s.to_string().into_boxed_str());
    set.insert(n);
    n
}

/// A sentence's analysis, made on first use and then shared: the stages that need the parse
/// (event coding, dating, quote attribution) parse a sentence once, and a sentence no stage
/// needs is never parsed.
#[derive(Debug, Default)]
pub struct LazyParse {
    words: OnceLock<Vec<Word>>,
}

impl LazyParse {
    pub fn new() -> LazyParse {
        LazyParse::default()
    }

    /// The analysis of `words` (the sentence's tokens), parsed by the shipped models on the
    /// first call; later calls return the same analysis whatever they pass.
    pub fn get(&self, words: &[&str]) -> &[Word] {
        self.words.get_or_init(|| Analyzer::shipped().analyse(words))
    }

    /// The analysis if some stage already asked for it.
    pub fn parsed(&self) -> Option<&[Word]> {
        self.words.get().map(Vec::as_slice)
    }
}

/// One analysed word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub form: String,
    pub upos: Upos,
    /// Penn Treebank tag, e.g. `"VBD"`.
    pub xpos: &'static str,
    pub lemma: String,
    /// 0-based index of the head word in the sentence; `None` for the root.
    pub head: Option<usize>,
    /// UD dependency relation including subtype, e.g. `"nsubj:pass"`.
    pub deprel: &'static str,
}

/// Tagger, lemmatiser and parser together.
pub struct Analyzer {
    pub tagger: Tagger,
    pub lemmatizer: Lemmatizer,
    pub parser: Parser,
}

static TAGGER_BIN: &[u8] = include_bytes!("../../../models/tagger.bin");
static PARSER_BIN: &[u8] = include_bytes!("../../../models/parser.bin");

const TAGGER_MAGIC: &[u8; 8] = b"SCTAGGR2";
const PARSER_MAGIC: &[u8; 8] = b"SCPARSE2";

/// Serialise a tagger and lemmatiser into the (gzip-compressed) `tagger.bin` format.
pub fn tagger_bytes(t: &Tagger, l: &Lemmatizer) -> Vec<u8> {
    let mut out = Out::default();
    out.0.extend_from_slice(TAGGER_MAGIC);
    t.write(&mut out);
    l.write(&mut out);
    out.gzip()
}

/// Serialise a parser into the (gzip-compressed) `parser.bin` format.
pub fn parser_bytes(p: &Parser) -> Vec<u8> {
    let mut out = Out::default();
    out.0.extend_from_slice(PARSER_MAGIC);
    p.write(&mut out);
    out.gzip()
}

/// Read a `tagger.bin`.
pub fn read_tagger(bytes: &[u8]) -> Result<(Tagger, Lemmatizer), String> {
    let raw = gunzip(bytes)?;
    let mut inp = In::new(&raw);
    inp.magic(TAGGER_MAGIC)?;
    let t = Tagger::read(&mut inp)?;
    let l = Lemmatizer::read(&mut inp)?;
    Ok((t, l))
}

/// Read a `parser.bin`.
pub fn read_parser(bytes: &[u8]) -> Result<Parser, String> {
    let raw = gunzip(bytes)?;
    let mut inp = In::new(&raw);
    inp.magic(PARSER_MAGIC)?;
    Parser::read(&mut inp)
}

impl Analyzer {
    /// The models embedded in the crate, loaded on first use.
    pub fn shipped() -> &'static Analyzer {
        static SHIPPED: OnceLock<Analyzer> = OnceLock::new();
        SHIPPED.get_or_init(|| Analyzer::from_bytes(TAGGER_BIN, PARSER_BIN).expect("embedded syntax models are valid"))
    }

    /// Load from the bytes of `tagger.bin` and `parser.bin`.
    pub fn from_bytes(tagger: &[u8], parser: &[u8]) -> Result<Analyzer, String> {
        let (tagger, lemmatizer) = read_tagger(tagger).map_err(|e| format!("tagger.bin: {e}"))?;
        let parser = read_parser(parser).map_err(|e| format!("parser.bin: {e}"))?;
        Ok(Analyzer { tagger, lemmatizer, parser })
    }

    /// Load `tagger.bin` and `parser.bin` from a directory.
    pub fn load(dir: &Path) -> Result<Analyzer, String> {
        let read = |n: &str| std::fs::read(dir.join(n)).map_err(|e| format!("{}: {e}", dir.join(n).display()));
        Analyzer::from_bytes(&read("tagger.bin")?, &read("parser.bin")?)
    }

    /// Tag, lemmatise and parse one tokenised sentence.
    pub fn analyse(&self, words: &[&str]) -> Vec<Word> {
        if words.is_empty() {
            return Vec::new();
        }
        let tags = self.tagger.tag(words);
        let inputs: Vec<parser::Input> =
            words.iter().zip(&tags).map(|(w, &(u, x))| parser::Input { form: w, upos: u.as_str(), xpos: x }).collect();
        let arcs = self.parser.parse(&inputs);
        words
            .iter()
            .zip(tags)
            .zip(arcs)
            .map(|((w, (upos, xpos)), (head, deprel))| Word {
                form: w.to_string(),
                upos,
                xpos,
                lemma: self.lemmatizer.lemma(w, xpos),
                head,
                deprel,
            })
            .collect()
    }
}

/// Train the tagger and lemmatiser on `train` (gold tags and lemmas).
pub fn train_tagger(train: &[Sentence], dev: Option<&[Sentence]>, cfg: &TaggerConfig) -> (Tagger, Lemmatizer) {
    (Tagger::train(train, dev, cfg), Lemmatizer::train(train))
}

/// Copies of `sents` whose UPOS/XPOS columns hold tags predicted by `tagger`.
pub fn retag(tagger: &Tagger, sents: &[Sentence]) -> Vec<Sentence> {
    sents
        .iter()
        .map(|s| {
            let words: Vec<&str> = s.tokens.iter().map(|t| t.form.as_str()).collect();
            let mut s = s.clone();
            for (t, (u, x)) in s.tokens.iter_mut().zip(tagger.tag(&words)) {
                t.upos = u.as_str().to_string();
                t.xpos = x.to_string();
            }
            s
        })
        .collect()
}

/// Default number of jackknife folds for the parser's training tags.
pub const JACKKNIFE_FOLDS: usize = 10;

/// Jackknifed tags: split `train` into `folds` (sentence i goes to fold i mod folds), tag each
/// fold with a tagger trained on the others.
pub fn jackknife(train: &[Sentence], folds: usize, cfg: &TaggerConfig) -> Vec<Sentence> {
    let mut out: Vec<Option<Sentence>> = vec![None; train.len()];
    for f in 0..folds {
        let rest: Vec<Sentence> = train.iter().enumerate().filter(|(i, _)| i % folds != f).map(|(_, s)| s.clone()).collect();
        let held: Vec<usize> = (0..train.len()).filter(|i| i % folds == f).collect();
        let t = Tagger::train(&rest, None, cfg);
        let tagged = retag(&t, &held.iter().map(|&i| train[i].clone()).collect::<Vec<_>>());
        for (i, s) in held.into_iter().zip(tagged) {
            out[i] = Some(s);
        }
        eprintln!("jackknife fold {}/{} tagged", f + 1, folds);
    }
    out.into_iter().map(|s| s.expect("every sentence in one fold")).collect()
}

/// Train the parser on jackknifed tags of `train`; `dev` (already tagged as at run time) is
/// only used for progress reports.
pub fn train_parser(train: &[Sentence], dev: Option<&[Sentence]>, folds: usize, tagger_cfg: &TaggerConfig, cfg: &ParserConfig) -> Parser {
    let tagged = if folds >= 2 { jackknife(train, folds, tagger_cfg) } else { train.to_vec() };
    Parser::train(&tagged, dev, cfg)
}

#[cfg(test)]
mod tests;
