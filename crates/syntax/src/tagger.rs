//! Part-of-speech tagger: a greedy left-to-right averaged perceptron predicting the
//! (UPOS, XPOS) pair as one class, with word, affix, shape, context-word, ambiguity-class and
//! previous-tag features, and a tag dictionary that fixes frequent unambiguous words.

use std::collections::BTreeMap;

use crate::conllu::Sentence;
use crate::hash::{feat, hash_bytes, hash_str, mix, Rng};
use crate::io::{In, Out, Res};
use crate::perceptron::{IdMap, Model, Trainer};
use crate::Upos;

/// Training settings.
#[derive(Clone, Debug)]
pub struct TaggerConfig {
    pub epochs: usize,
    pub seed: u64,
    /// Jackknife folds for training the second pass (0 or 1: one pass only).
    pub folds: usize,
}

impl Default for TaggerConfig {
    fn default() -> Self {
        TaggerConfig { epochs: 8, seed: 1, folds: 1 }
    }
}

/// Per-word hashes computed once per sentence.
#[derive(Clone, Copy)]
struct Tok {
    form: u64,
    lw: u64,
    pre: [u64; 3],
    suf: [u64; 4],
    shape: u64,
    amb: u64,
    fixed: Option<u8>,
}

const PAD: Tok = Tok { form: 1, lw: 1, pre: [1; 3], suf: [1; 4], shape: 1, amb: 1, fixed: None };

/// Compressed word shape: X upper, x lower, d digit, other characters as themselves; runs of one
/// kind longer than two are cut to two.
fn shape(w: &str) -> u64 {
    let mut buf = [0u8; 24];
    let mut n = 0;
    let mut last = 0u8;
    let mut run = 0;
    for c in w.chars() {
        let k = if c.is_uppercase() {
            b'X'
        } else if c.is_lowercase() {
            b'x'
        } else if c.is_ascii_digit() {
            b'd'
        } else if c.is_ascii() {
            c as u8
        } else {
            b'~'
        };
        if k == last {
            run += 1;
            if run > 2 {
                continue;
            }
        } else {
            run = 1;
            last = k;
        }
        if n == buf.len() {
            break;
        }
        buf[n] = k;
        n += 1;
    }
    hash_bytes(&buf[..n]) ^ 0x5348_4150
}

pub struct Tagger {
    /// Class names, "UPOS\tXPOS".
    names: Vec<String>,
    classes: Vec<(Upos, &'static str)>,
    model: Model,
    /// Second pass, which also sees the first pass's tags to the right.
    model2: Option<Model>,
    /// Exact form hash -> class, for frequent words with (nearly) one tag.
    tagdict: IdMap<u8>,
    /// Lowercase form hash -> hash of its set of frequent classes.
    amb: IdMap<u64>,
}

/// Exact-form and lowercase-form hashes, affixes and shape of a word.
fn tok(word: &str, tagdict: &IdMap<u8>, amb: &IdMap<u64>) -> Tok {
    let form = hash_str(word);
    let lower;
    let lw_s: &str = if word.chars().any(char::is_uppercase) {
        lower = word.to_lowercase();
        &lower
    } else {
        word
    };
    let lw = hash_str(lw_s);
    let mut pre = [2u64; 3];
    let mut suf = [2u64; 4];
    let bytes = lw_s.as_bytes();
    let mut ends = lw_s.char_indices().map(|(i, c)| i + c.len_utf8());
    for (k, p) in pre.iter_mut().enumerate() {
        if let Some(e) = ends.next() {
            *p = mix(hash_bytes(&bytes[..e]), 10 + k as u64);
        }
    }
    let mut starts = lw_s.char_indices().rev().map(|(i, _)| i);
    for (k, s) in suf.iter_mut().enumerate() {
        if let Some(b) = starts.next() {
            *s = mix(hash_bytes(&bytes[b..]), 20 + k as u64);
        }
    }
    Tok { form, lw, pre, suf, shape: shape(word), amb: amb.get(&lw).copied().unwrap_or(3), fixed: tagdict.get(&form).copied() }
}

/// Feature keys for position `i` of `t` (padded by two on each side: word i is `t[i + 2]`).
fn features(t: &[Tok], i: usize, p1: u64, p2: u64, right: Option<&[u64]>, out: &mut Vec<u64>) {
    out.clear();
    let (m2, m1, w, n1, n2) = (&t[i], &t[i + 1], &t[i + 2], &t[i + 3], &t[i + 4]);
    let mut f = |id: u64, a: u64, b: u64| out.push(feat(id, a, b, 0));
    f(1, 0, 0);
    f(2, w.lw, 0);
    f(3, w.form, 0);
    for k in 0..4 {
        f(4 + k as u64, w.suf[k], 0);
    }
    for k in 0..3 {
        f(8 + k as u64, w.pre[k], 0);
    }
    f(11, w.shape, 0);
    f(12, w.amb, 0);
    f(13, p1, 0);
    f(14, p1, p2);
    f(15, p1, w.lw);
    f(16, m1.lw, 0);
    f(17, m1.suf[2], 0);
    f(18, m2.lw, 0);
    f(19, n1.lw, 0);
    f(20, n1.suf[2], 0);
    f(21, n2.lw, 0);
    f(22, n1.amb, 0);
    f(23, n2.amb, 0);
    f(24, p1, w.amb);
    f(25, n1.shape, 0);
    f(26, m1.shape, 0);
    f(27, m1.lw, w.lw);
    f(28, w.lw, n1.lw);
    f(29, w.amb, n1.amb);
    f(30, (i == 0) as u64, w.shape);
    f(31, p1, n1.amb);
    f(32, w.suf[1], n1.suf[1]);
    f(33, m1.suf[1], w.suf[1]);
    f(34, n1.suf[0], 0);
    f(35, m1.amb, n1.amb);
    f(36, m1.form, w.shape);
    f(37, w.lw, n1.shape);
    f(38, n1.lw, n2.lw);
    f(39, m1.lw, w.suf[2]);
    f(50, w.amb, n1.lw);
    f(51, p1, w.suf[2]);
    f(52, w.shape, n1.amb);
    if let Some(r) = right {
        // First-pass tags, padded like `t`: the tag of word i is r[i + 2].
        let (r0, r1, r2) = (r[i + 2], r[i + 3], r[i + 4]);
        f(40, r0, 0);
        f(41, r1, 0);
        f(42, r1, r2);
        f(43, p1, r1);
        f(44, r1, w.lw);
        f(45, r0, w.lw);
        f(46, r1, w.suf[2]);
        f(47, p1, r0);
        f(48, r1, n1.lw);
        f(49, r2, 0);
    }
}

fn class_name(upos: &str, xpos: &str) -> String {
    format!("{upos}\t{xpos}")
}

fn argmax(s: &[i32]) -> usize {
    let mut b = 0;
    for i in 1..s.len() {
        if s[i] > s[b] {
            b = i;
        }
    }
    b
}

fn argmax_f(s: &[f32]) -> usize {
    let mut b = 0;
    for i in 1..s.len() {
        if s[i] > s[b] {
            b = i;
        }
    }
    b
}

impl Tagger {
    fn from_parts(names: Vec<String>, model: Model, model2: Option<Model>, tagdict: IdMap<u8>, amb: IdMap<u64>) -> Res<Tagger> {
        let mut classes = Vec::with_capacity(names.len());
        for n in &names {
            let (u, x) = n.split_once('\t').ok_or("bad tag class")?;
            let upos = Upos::parse(u).ok_or_else(|| format!("unknown UPOS {u:?}"))?;
            classes.push((upos, crate::intern(x)));
        }
        Ok(Tagger { names, classes, model, model2, tagdict, amb })
    }

    /// Train on gold tags; if `dev` is given, print per-epoch accuracy on it to standard error.
    pub fn train(train: &[Sentence], dev: Option<&[Sentence]>, cfg: &TaggerConfig) -> Tagger {
        let mut set = std::collections::BTreeSet::new();
        for s in train {
            for t in &s.tokens {
                set.insert(class_name(&t.upos, &t.xpos));
            }
        }
        let names: Vec<String> = set.into_iter().collect();
        assert!(names.len() <= 255, "too many tag classes");
        let index: BTreeMap<&str, u8> = names.iter().enumerate().map(|(i, n)| (n.as_str(), i as u8)).collect();
        let gold: Vec<Vec<u8>> =
            train.iter().map(|s| s.tokens.iter().map(|t| index[class_name(&t.upos, &t.xpos).as_str()]).collect()).collect();
        // Tag dictionary and ambiguity classes.
        let mut form_counts: BTreeMap<&str, BTreeMap<u8, usize>> = BTreeMap::new();
        let mut lower_counts: BTreeMap<String, BTreeMap<u8, usize>> = BTreeMap::new();
        for (s, g) in train.iter().zip(&gold) {
            for (t, &c) in s.tokens.iter().zip(g) {
                *form_counts.entry(&t.form).or_default().entry(c).or_default() += 1;
                *lower_counts.entry(t.form.to_lowercase()).or_default().entry(c).or_default() += 1;
            }
        }
        let mut tagdict = IdMap::default();
        for (f, c) in &form_counts {
            let total: usize = c.values().sum();
            let (&best, &n) = c.iter().max_by_key(|(k, n)| (**n, std::cmp::Reverse(**k))).unwrap();
            if total >= 20 && n as f64 >= 0.995 * total as f64 {
                tagdict.insert(hash_str(f), best);
            }
        }
        let mut amb = IdMap::default();
        for (f, c) in &lower_counts {
            let total: usize = c.values().sum();
            if total < 3 {
                continue;
            }
            let mut h = 0x414d42u64;
            for (&k, &n) in c {
                if n as f64 >= 0.05 * total as f64 {
                    h = mix(h, k as u64 + 1);
                }
            }
            amb.insert(hash_str(f), h);
        }
        let toks: Vec<Vec<Tok>> = train.iter().map(|s| padded(s.tokens.iter().map(|t| t.form.as_str()), &tagdict, &amb)).collect();
        let n = names.len();
        let all: Vec<usize> = (0..train.len()).collect();
        let model = train_pass(&toks, &gold, &all, None, n, cfg);
        let mut tagger = Tagger::from_parts(names, model, None, tagdict, amb).expect("own classes");
        if let Some(dev) = dev {
            let (u, x) = tagger.accuracy(dev);
            eprintln!("tagger pass 1: dev UPOS {u:.2}% XPOS {x:.2}%");
        }
        if cfg.folds >= 2 {
            // Jackknifed first-pass tags for training the second pass.
            let mut right: Vec<Vec<u64>> = vec![Vec::new(); train.len()];
            for f in 0..cfg.folds {
                let rest: Vec<usize> = all.iter().copied().filter(|i| i % cfg.folds != f).collect();
                let m = train_pass(&toks, &gold, &rest, None, n, cfg);
                for i in all.iter().copied().filter(|i| i % cfg.folds == f) {
                    right[i] = padded_tags(&first_pass(&m, &toks[i], n));
                }
            }
            let model2 = train_pass(&toks, &gold, &all, Some(&right), n, cfg);
            tagger.model2 = Some(model2);
            if let Some(dev) = dev {
                let (u, x) = tagger.accuracy(dev);
                eprintln!("tagger pass 2: dev UPOS {u:.2}% XPOS {x:.2}%");
            }
        }
        // Lay the weights out by how often the training sentences look them up.
        let mut usage = [IdMap::default(), IdMap::default()];
        for t in &toks {
            tagger.tag_padded(t, |pass, feats| {
                let m = if pass == 0 { &tagger.model } else { tagger.model2.as_ref().expect("a second pass") };
                for &f in feats.iter().filter(|&&f| m.contains(f)) {
                    *usage[pass].entry(f).or_insert(0) += 1;
                }
            });
        }
        tagger.model = tagger.model.with_heat(&usage[0]);
        if let Some(m) = &mut tagger.model2 {
            *m = m.with_heat(&usage[1]);
        }
        tagger
    }

    /// (UPOS, XPOS) accuracy in percent against gold tags.
    pub fn accuracy(&self, sents: &[Sentence]) -> (f64, f64) {
        let (mut u, mut x, mut n) = (0usize, 0usize, 0usize);
        for s in sents {
            let words: Vec<&str> = s.tokens.iter().map(|t| t.form.as_str()).collect();
            for (t, (up, xp)) in s.tokens.iter().zip(self.tag(&words)) {
                u += (up.as_str() == t.upos) as usize;
                x += (xp == t.xpos) as usize;
                n += 1;
            }
        }
        (100.0 * u as f64 / n as f64, 100.0 * x as f64 / n as f64)
    }

    /// Tag a sentence of words.
    pub fn tag(&self, words: &[&str]) -> Vec<(Upos, &'static str)> {
        self.tag_ids(words).into_iter().map(|c| self.classes[c as usize]).collect()
    }

    fn tag_ids(&self, words: &[&str]) -> Vec<u8> {
        self.tag_padded(&padded(words.iter().copied(), &self.tagdict, &self.amb), |_, _| {})
    }

    /// Tag a padded sentence; `seen(pass, features)` gets the features of every scored word.
    fn tag_padded(&self, t: &[Tok], mut seen: impl FnMut(usize, &[u64])) -> Vec<u8> {
        let n = self.names.len();
        let first = decode(&self.model, t, n, None, |f| seen(0, f));
        match &self.model2 {
            None => first,
            Some(m2) => decode(m2, t, n, Some(&padded_tags(&first)), |f| seen(1, f)),
        }
    }

    pub fn write(&self, out: &mut Out) {
        out.var(self.names.len() as u64);
        for n in &self.names {
            out.str(n);
        }
        for (map, wide) in [(self.tagdict.iter().map(|(&k, &v)| (k, v as u64)).collect::<Vec<_>>(), false), (self.amb.iter().map(|(&k, &v)| (k, v)).collect(), true)] {
            let mut v = map;
            v.sort_unstable();
            out.var(v.len() as u64);
            for (k, val) in v {
                out.u64(k);
                if wide {
                    out.u64(val);
                } else {
                    out.u8(val as u8);
                }
            }
        }
        self.model.write(out);
        out.u8(self.model2.is_some() as u8);
        if let Some(m) = &self.model2 {
            m.write(out);
        }
    }

    pub fn read(inp: &mut In) -> Res<Tagger> {
        let n = inp.var()? as usize;
        let mut names = Vec::with_capacity(n);
        for _ in 0..n {
            names.push(inp.str()?);
        }
        let mut tagdict = IdMap::default();
        for _ in 0..inp.var()? {
            let k = inp.u64()?;
            tagdict.insert(k, inp.u8()?);
        }
        let mut amb = IdMap::default();
        for _ in 0..inp.var()? {
            let k = inp.u64()?;
            amb.insert(k, inp.u64()?);
        }
        let model = Model::read(inp)?;
        let model2 = if inp.u8()? == 1 { Some(Model::read(inp)?) } else { None };
        if model.n_classes != names.len() || model2.as_ref().is_some_and(|m| m.n_classes != names.len()) {
            return Err("tagger model does not match its classes".into());
        }
        Tagger::from_parts(names, model, model2, tagdict, amb)
    }

    pub fn n_features(&self) -> usize {
        self.model.n_features() + self.model2.as_ref().map_or(0, Model::n_features)
    }

    /// Drop weights below `min_abs` (in each model's integer units).
    pub fn prune(&mut self, min_abs: i16) {
        self.model = self.model.pruned(min_abs);
        if let Some(m) = &mut self.model2 {
            *m = m.pruned(min_abs);
        }
    }
}

/// Greedy decoding of one padded sentence with one model.
fn decode(m: &Model, t: &[Tok], n_classes: usize, right: Option<&[u64]>, mut seen: impl FnMut(&[u64])) -> Vec<u8> {
    let mut feats = Vec::with_capacity(64);
    let mut scores = vec![0i32; n_classes];
    let start_tag = n_classes as u64 + 100;
    let (mut p1, mut p2) = (start_tag, start_tag);
    let mut out = Vec::with_capacity(t.len() - 4);
    for i in 0..t.len() - 4 {
        let c = match t[i + 2].fixed {
            Some(c) => c,
            None => {
                features(t, i, p1, p2, right, &mut feats);
                seen(&feats);
                scores.iter_mut().for_each(|s| *s = 0);
                m.score(&feats, &mut scores);
                argmax(&scores) as u8
            }
        };
        out.push(c);
        p2 = p1;
        p1 = c as u64;
    }
    out
}

fn first_pass(m: &Model, t: &[Tok], n_classes: usize) -> Vec<u8> {
    decode(m, t, n_classes, None, |_| {})
}

/// Tags as feature values, padded by two start/end markers on each side.
fn padded_tags(tags: &[u8]) -> Vec<u64> {
    let mut r = vec![1000, 1000];
    r.extend(tags.iter().map(|&c| c as u64));
    r.extend([1001, 1001]);
    r
}

/// One perceptron training run over the sentences `which` (in a seeded shuffled order per epoch).
fn train_pass(toks: &[Vec<Tok>], gold: &[Vec<u8>], which: &[usize], right: Option<&Vec<Vec<u64>>>, n: usize, cfg: &TaggerConfig) -> Model {
    let mut tr = Trainer::new(n);
    let mut rng = Rng::new(cfg.seed);
    let mut order = which.to_vec();
    let mut feats = Vec::with_capacity(64);
    let mut scores = vec![0f32; n];
    let start_tag = n as u64 + 100;
    for _ in 0..cfg.epochs {
        rng.shuffle(&mut order);
        for &si in &order {
            let t = &toks[si];
            let r = right.map(|r| r[si].as_slice());
            let (mut p1, mut p2) = (start_tag, start_tag);
            for i in 0..t.len() - 4 {
                let truth = gold[si][i] as usize;
                let guess = if let Some(c) = t[i + 2].fixed {
                    c as usize
                } else {
                    features(t, i, p1, p2, r, &mut feats);
                    scores.iter_mut().for_each(|s| *s = 0.0);
                    tr.score(&feats, &mut scores);
                    let g = argmax_f(&scores);
                    tr.update(&feats, truth, g);
                    tr.tick();
                    g
                };
                p2 = p1;
                p1 = guess as u64;
            }
        }
    }
    tr.finish()
}

fn padded<'a>(words: impl Iterator<Item = &'a str>, tagdict: &IdMap<u8>, amb: &IdMap<u64>) -> Vec<Tok> {
    let mut t = vec![PAD, PAD];
    t.extend(words.map(|w| tok(w, tagdict, amb)));
    t.push(PAD);
    t.push(PAD);
    t
}

