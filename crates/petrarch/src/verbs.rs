//! Verb dictionaries: synonym sets (`&NAME` and `+phrase` lines), verb blocks
//! (`--- NAME [code] ---`, verbs with `{...}` irregular forms and `+` marking the verb of a
//! multi-word verb, each with an optional code), patterns (`- before * after [code]`, with
//! `{...}` noun phrases, `(...)` prepositional phrases, `&SYNSET`s and the markers `$` source,
//! `+` target, `^` skipped phrase, `%` compound) and transformations (`~ a (a b VERB) VERB =
//! a b code`). The older TABARI/PETRARCH-1 pattern form (`WOULD_*_TALKS`, bare words around
//! the markers) reads into the same structure.

use crate::text::content_lines;
use crate::Problem;

/// An event code as written in `[...]`: `042`, `042:043` (the event and the one the target
/// does in return), `:173` (only the return event), `---` (no event).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Code {
    pub forward: Option<String>,
    pub reverse: Option<String>,
}

impl Code {
    /// No event (`---`).
    pub fn is_null(&self) -> bool {
        self.forward.is_none() && self.reverse.is_none()
    }

    fn parse(s: &str) -> Result<Code, String> {
        let s = s.trim();
        let part = |p: &str| -> Result<Option<String>, String> {
            let p = p.trim();
            if p.is_empty() || p == "---" {
                return Ok(None);
            }
            let ok = p.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '?' | '!' | '#' | '+'));
            if !ok {
                return Err(format!("code {p:?} is not a code (digits and letters, or ---)"));
            }
            Ok(Some(p.to_string()))
        };
        match s.split_once(':') {
            Some((a, b)) => Ok(Code { forward: part(a)?, reverse: part(b)? }),
            None => Ok(Code { forward: part(s)?, reverse: None }),
        }
    }
}

/// One element of a pattern.
#[derive(Debug, Clone, PartialEq)]
pub enum Term {
    /// A word (lower case); `plural` when its regular plural also matches.
    Word { text: String, plural: bool },
    /// `WORD/WORD`: any of these words.
    Any(Vec<String>),
    /// A synonym set, by index into [`VerbDictionary::synsets`].
    Synset(usize),
    /// `{...}`: a noun phrase, its head last.
    Phrase(Vec<Term>),
    /// `(...)`: a prepositional phrase, the preposition first.
    Prep(Vec<Term>),
    /// `$`: the source is here.
    Source,
    /// `+`: the target is here.
    Target,
    /// `^`: a phrase skipped.
    Skip,
    /// `%`: a compound actor.
    Compound,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Synset {
    pub name: String,
    /// Each phrase as lower-case words, plurals already added.
    pub phrases: Vec<Vec<String>>,
}

/// A verb of a block: its words, which of them is the verb, and irregular forms.
#[derive(Debug, Clone, PartialEq)]
pub struct VerbEntry {
    pub words: Vec<String>,
    /// Index in `words` of the verb itself.
    pub verb: usize,
    /// Forms given in `{...}` (each as words with the index of the verb); `Some(empty)` for
    /// `{}`: no other forms; `None`: regular forms are made.
    pub forms: Option<Vec<(Vec<String>, usize)>>,
    pub code: Option<Code>,
    pub line: usize,
}

/// A pattern: the words before the verb and after it, and its code.
#[derive(Debug, Clone, PartialEq)]
pub struct Pattern {
    pub before: Vec<Term>,
    pub after: Vec<Term>,
    pub code: Code,
    pub line: usize,
    /// The pattern as written (without `-` and the code).
    pub text: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct VerbBlock {
    pub name: String,
    pub code: Code,
    pub line: usize,
    pub verbs: Vec<VerbEntry>,
    pub patterns: Vec<Pattern>,
}

/// `~ a (b c INNER) OUTER = x y code`.
#[derive(Debug, Clone, PartialEq)]
pub struct Transformation {
    pub outer_source: String,
    pub inner: [String; 3],
    pub outer_verb: String,
    pub result: [String; 3],
    pub line: usize,
}

#[derive(Debug, Clone, Default)]
pub struct VerbDictionary {
    pub synsets: Vec<Synset>,
    pub blocks: Vec<VerbBlock>,
    pub transformations: Vec<Transformation>,
    /// Patterns in the older TABARI/PETRARCH-1 form were seen (no `(...)`/`{...}` groups,
    /// words joined to `*` by `_`).
    pub tabari_form: bool,
}

impl VerbDictionary {
    pub fn counts(&self) -> Vec<(&'static str, usize)> {
        vec![
            ("synonym sets", self.synsets.len()),
            ("verb blocks", self.blocks.len()),
            ("verbs", self.blocks.iter().map(|b| b.verbs.len()).sum()),
            ("patterns", self.blocks.iter().map(|b| b.patterns.len()).sum()),
            ("transformations", self.transformations.len()),
        ]
    }

    pub fn synset(&self, name: &str) -> Option<usize> {
        let name = name.trim_start_matches('&').trim_end_matches('_').to_uppercase();
        self.synsets.iter().position(|s| s.name == name)
    }
}

enum Context {
    None,
    Synset(usize, bool),
    Block,
}

/// Read a verb dictionary.
pub fn read(text: &str) -> (VerbDictionary, Vec<Problem>) {
    let mut d = VerbDictionary::default();
    let mut problems = Vec::new();
    let mut ctx = Context::None;
    for (n, line) in content_lines(text) {
        let mut fail = |reason: String| problems.push(Problem { line: n, text: line.to_string(), reason });
        if let Some(name) = line.strip_prefix('&') {
            let name = name.split_whitespace().next().unwrap_or("");
            if name.is_empty() {
                fail("a synonym set needs a name after '&'".into());
                continue;
            }
            let plurals = !name.ends_with('_');
            let key = name.trim_end_matches('_').to_uppercase();
            if d.synset(&key).is_some() {
                fail(format!("synonym set &{key} is defined twice; the first definition is kept"));
                ctx = Context::None;
                continue;
            }
            d.synsets.push(Synset { name: key, phrases: Vec::new() });
            ctx = Context::Synset(d.synsets.len() - 1, plurals);
        } else if line.starts_with("---") {
            match read_block_header(line) {
                Ok((name, code)) => {
                    d.blocks.push(VerbBlock { name, code, line: n, verbs: Vec::new(), patterns: Vec::new() });
                    ctx = Context::Block;
                }
                Err(e) => fail(e),
            }
        } else if let Some(rest) = line.strip_prefix('~') {
            match read_transformation(rest, n) {
                Ok(t) => d.transformations.push(t),
                Err(e) => fail(e),
            }
        } else if line.starts_with('-') {
            if !matches!(ctx, Context::Block) {
                fail("a pattern outside a verb block ('--- VERB [code] ---' must come first)".into());
                continue;
            }
            match read_pattern(&line[1..], n, &d) {
                Ok((p, tabari)) => {
                    d.tabari_form |= tabari;
                    if let Some(b) = d.blocks.last_mut() {
                        b.patterns.push(p);
                    }
                }
                Err(e) => fail(e),
            }
        } else {
            match ctx {
                Context::Synset(i, plurals) => {
                    let Some(phrase) = line.strip_prefix('+') else {
                        fail(format!("synonym set &{} lists phrases on lines starting with '+'", d.synsets[i].name));
                        continue;
                    };
                    if phrase.contains(['$', '%', '^', '*', '[', '{', '(']) {
                        fail("a synonym may hold words only (no $, %, ^, *, codes or groups)".into());
                        continue;
                    }
                    let no_plural = !plurals || phrase.trim_end().ends_with('_');
                    let (words, _) = crate::phrase_words(&phrase.replace('+', " "));
                    if words.is_empty() {
                        fail("empty synonym".into());
                        continue;
                    }
                    let set = &mut d.synsets[i].phrases;
                    if !no_plural {
                        let mut pl = words.clone();
                        if let Some(last) = pl.last_mut() {
                            *last = crate::plural(last);
                        }
                        set.push(pl);
                    }
                    set.push(words);
                }
                Context::Block => match read_verb(line, n) {
                    Ok(v) => {
                        if let Some(b) = d.blocks.last_mut() {
                            b.verbs.push(v);
                        }
                    }
                    Err(e) => fail(e),
                },
                Context::None => fail("not a synonym set, verb block, pattern or transformation, and outside any block".into()),
            }
        }
    }
    // the older form joins words to the verb with '_' and never groups words
    let patterns = || d.blocks.iter().flat_map(|b| &b.patterns);
    let grouped = patterns().any(|p| p.before.iter().chain(&p.after).any(|t| matches!(t, Term::Phrase(_) | Term::Prep(_))));
    d.tabari_form = patterns().next().is_some() && !grouped;
    (d, problems)
}

fn bracket_code(s: &str) -> Result<(String, Option<Code>), String> {
    let Some(open) = s.rfind('[') else { return Ok((s.trim().to_string(), None)) };
    let Some(close) = s[open..].find(']') else { return Err("'[' without ']'".into()) };
    let code = Code::parse(&s[open + 1..open + close])?;
    if !s[open + close + 1..].trim().is_empty() {
        return Err(format!("text after the code: {:?}", s[open + close + 1..].trim()));
    }
    Ok((s[..open].trim().to_string(), Some(code)))
}

fn read_block_header(line: &str) -> Result<(String, Code), String> {
    let inner = line.trim_start_matches('-').trim_end_matches(|c: char| c == '-' || c.is_whitespace()).trim();
    let (name, code) = bracket_code(inner)?;
    if name.is_empty() {
        return Err("a verb block header needs a name: '--- VERB [code] ---'".into());
    }
    Ok((name, code.unwrap_or_default()))
}

/// `WORDS {FORM FORM} [code]`; `+` marks the verb of a multi-word verb.
fn read_verb(line: &str, n: usize) -> Result<VerbEntry, String> {
    // TABARI files also end a verb line with a ';' comment
    let line = line.split(';').next().unwrap_or("").trim();
    let (rest, code) = bracket_code(line)?;
    let (head, forms) = match rest.find('{') {
        Some(i) => {
            let close = rest[i..].find('}').ok_or("'{' without '}' in the forms of a verb")?;
            if !rest[i + close + 1..].trim().is_empty() {
                return Err(format!("text after the forms: {:?}", rest[i + close + 1..].trim()));
            }
            let forms = rest[i + 1..i + close].split(|c: char| c.is_whitespace() || c == ',').filter(|f| !f.is_empty()).map(verb_phrase).collect::<Result<Vec<_>, _>>()?;
            (rest[..i].trim().to_string(), Some(forms))
        }
        None => (rest, None),
    };
    // TABARI wrote some multi-word verbs with blanks ("LASH OUT")
    let (words, verb) = verb_phrase(&head.split_whitespace().collect::<Vec<_>>().join("_"))?;
    Ok(VerbEntry { words, verb, forms, code, line: n })
}

fn verb_phrase(s: &str) -> Result<(Vec<String>, usize), String> {
    let mut words = Vec::new();
    let mut verb = None;
    for w in s.split('_').filter(|w| !w.is_empty()) {
        let (marked, w) = match w.strip_prefix('+') {
            Some(w) => (true, w),
            None => (false, w),
        };
        if w.is_empty() || !w.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '\'' | '.')) {
            return Err(format!("{s:?} is not a verb phrase (words joined by '_', '+' before the verb)"));
        }
        if marked {
            verb = Some(words.len());
        }
        words.push(w.to_lowercase());
    }
    if words.is_empty() {
        return Err("empty verb".into());
    }
    Ok((words, verb.unwrap_or(0)))
}

fn read_transformation(rest: &str, line: usize) -> Result<Transformation, String> {
    let bad = || "a transformation reads '~ a (b c VERB) VERB = x y code'".to_string();
    let (left, right) = rest.split_once('=').ok_or_else(bad)?;
    let open = left.find('(').ok_or_else(bad)?;
    let close = left.find(')').ok_or_else(bad)?;
    let outer_source = left[..open].trim();
    let inner: Vec<&str> = left[open + 1..close].split_whitespace().collect();
    let outer_verb = left[close + 1..].trim();
    let result: Vec<&str> = right.split_whitespace().collect();
    if outer_source.split_whitespace().count() != 1 || inner.len() != 3 || outer_verb.split_whitespace().count() != 1 || result.len() != 3 {
        return Err(bad());
    }
    let s = |x: &str| x.to_string();
    Ok(Transformation {
        outer_source: s(outer_source),
        inner: [s(inner[0]), s(inner[1]), s(inner[2])],
        outer_verb: s(outer_verb),
        result: [s(result[0]), s(result[1]), s(result[2])],
        line,
    })
}

#[derive(Debug, PartialEq)]
enum Tok {
    Open(char),
    Close(char),
    Star,
    Word(String),
}

fn read_pattern(body: &str, line: usize, d: &VerbDictionary) -> Result<(Pattern, bool), String> {
    let (body, code) = bracket_code(body)?;
    let code = code.ok_or("a pattern ends with its code in [...]")?;
    let tabari_form = body.contains("_*") || body.contains("*_");
    // tokens: groups, the verb position, words (split at '_', synonym-set names kept whole)
    let mut toks = Vec::new();
    let mut word = String::new();
    let flush = |word: &mut String, toks: &mut Vec<Tok>| -> Result<(), String> {
        if word.is_empty() {
            return Ok(());
        }
        let w = std::mem::take(word);
        let pieces: Vec<&str> = w.split('_').collect();
        let mut i = 0;
        while i < pieces.len() {
            let p = pieces[i];
            if p.is_empty() {
                i += 1;
                continue;
            }
            if p == "*" {
                toks.push(Tok::Star);
                i += 1;
                continue;
            }
            if p.starts_with('&') {
                // the longest defined name joined by '_' (`&FIGHT_OF_WORDS`, `&NEG_WANT` = `&NEG` `WANT`)
                let mut best = None;
                for j in (i..pieces.len()).rev() {
                    if d.synset(&pieces[i..=j].join("_")).is_some() {
                        best = Some(j);
                        break;
                    }
                }
                let j = best.ok_or_else(|| format!("synonym set {p} is not defined before this pattern"))?;
                toks.push(Tok::Word(pieces[i..=j].join("_")));
                i = j + 1;
                continue;
            }
            let last = i + 1 == pieces.len() || pieces[i + 1..].iter().all(|p| p.is_empty());
            let exact = last && w.ends_with('_');
            toks.push(Tok::Word(if exact { format!("{p}_") } else { p.to_string() }));
            i += 1;
        }
        Ok(())
    };
    for c in body.chars() {
        match c {
            '{' | '(' => {
                flush(&mut word, &mut toks)?;
                toks.push(Tok::Open(c));
            }
            '}' | ')' => {
                flush(&mut word, &mut toks)?;
                toks.push(Tok::Close(c));
            }
            '*' if !word.ends_with('_') => {
                flush(&mut word, &mut toks)?;
                toks.push(Tok::Star);
            }
            c if c.is_whitespace() => flush(&mut word, &mut toks)?,
            c => word.push(c),
        }
    }
    flush(&mut word, &mut toks)?;
    let stars = toks.iter().filter(|t| matches!(t, Tok::Star)).count();
    if stars != 1 {
        return Err(format!("a pattern has one '*' for the verb; this one has {stars}"));
    }
    let mut pos = 0;
    let terms = terms(&toks, &mut pos, None, d)?;
    let star = terms.iter().position(|t| t.is_none()).ok_or("the verb '*' cannot be inside a group")?;
    let before = terms[..star].iter().flatten().cloned().collect();
    let after = terms[star + 1..].iter().flatten().cloned().collect();
    Ok((Pattern { before, after, code, line, text: body.split_whitespace().collect::<Vec<_>>().join(" ") }, tabari_form))
}

/// Terms up to the closing bracket `close`; `None` stands for the verb position.
fn terms(toks: &[Tok], pos: &mut usize, close: Option<char>, d: &VerbDictionary) -> Result<Vec<Option<Term>>, String> {
    let mut out = Vec::new();
    while *pos < toks.len() {
        let t = &toks[*pos];
        *pos += 1;
        match t {
            Tok::Close(c) => {
                return if Some(*c) == close { Ok(out) } else { Err(format!("'{c}' does not close an open group")) };
            }
            Tok::Open(o) => {
                let want = if *o == '{' { '}' } else { ')' };
                let inner = terms(toks, pos, Some(want), d)?;
                if inner.iter().any(Option::is_none) {
                    return Err("the verb '*' cannot be inside a group".into());
                }
                let inner: Vec<Term> = inner.into_iter().flatten().collect();
                if inner.is_empty() {
                    return Err(format!("empty group '{o}{want}'"));
                }
                out.push(Some(if *o == '{' { Term::Phrase(inner) } else { Term::Prep(inner) }));
            }
            Tok::Star => out.push(None),
            Tok::Word(w) => out.push(Some(match w.as_str() {
                "$" => Term::Source,
                "+" => Term::Target,
                "^" => Term::Skip,
                "%" => Term::Compound,
                w if w.starts_with('&') => Term::Synset(d.synset(w).ok_or_else(|| format!("synonym set {w} is not defined before this pattern"))?),
                w if w.contains('/') => {
                    let alts: Vec<String> = w.split('/').filter(|a| !a.is_empty()).map(str::to_lowercase).collect();
                    if alts.len() < 2 || alts.iter().any(|a| !a.chars().all(|c| c.is_alphanumeric() || c == '-')) {
                        return Err(format!("{w:?} is not a word or 'WORD/WORD' alternatives"));
                    }
                    Term::Any(alts)
                }
                w => {
                    let plural = !w.ends_with('_');
                    let text = w.trim_end_matches('_').to_lowercase();
                    if text.is_empty() || !text.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '\'' | '.' | ',' | '"' | '$' | '&')) {
                        return Err(format!("{w:?} is not a word"));
                    }
                    Term::Word { text, plural }
                }
            })),
        }
    }
    match close {
        Some(c) => Err(format!("group not closed: '{c}' missing")),
        None => Ok(out),
    }
}
