//! Greedy arc-eager dependency parser with labeled transitions, scored by an averaged
//! perceptron over Zhang & Nivre (2011) style rich non-local features, trained with the
//! Goldberg & Nivre (2012) dynamic oracle and exploration. Non-projective gold trees are
//! projectivised (arcs lifted) for training only.

use std::collections::BTreeSet;

use crate::conllu::Sentence;
use crate::hash::{feat, hash_lower, hash_str, mix, Rng};
use crate::io::{In, Out, Res};
use crate::perceptron::{IdMap, Model, Trainer};

const NONE: u32 = u32::MAX;
const SHIFT: usize = 0;
const REDUCE: usize = 1;

/// Training settings.
#[derive(Clone, Debug)]
pub struct ParserConfig {
    pub epochs: usize,
    pub seed: u64,
    /// Probability of following the model's (possibly wrong) transition when exploring.
    pub explore: f64,
    /// First epoch (0-based) that explores.
    pub explore_from: usize,
    /// Drop averaged weights smaller than this (in i16 units of the largest weight = 32000).
    pub prune: i16,
}

impl Default for ParserConfig {
    fn default() -> Self {
        ParserConfig { epochs: 15, seed: 1, explore: 0.9, explore_from: 2, prune: 400 }
    }
}

/// A word as the parser sees it.
#[derive(Clone, Copy, Debug)]
pub struct Input<'a> {
    pub form: &'a str,
    pub upos: &'a str,
    pub xpos: &'a str,
}

pub struct Parser {
    labels: Vec<&'static str>,
    root: usize,
    model: Model,
    /// Lowercase form hash -> hash of the set of tags it had in training (frequent words only):
    /// a description of the word that does not depend on the tagger being right.
    amb: IdMap<u64>,
}

/// Parser configuration: stack, buffer front and the partial tree with child bookkeeping.
/// Index 0 is the artificial root, words are 1..n.
struct State {
    n: usize,
    stack: Vec<u32>,
    b: usize,
    head: Vec<u32>,
    label: Vec<u8>,
    l1: Vec<u32>,
    l2: Vec<u32>,
    r1: Vec<u32>,
    r2: Vec<u32>,
    nl: Vec<u8>,
    nr: Vec<u8>,
    lset: Vec<u64>,
    rset: Vec<u64>,
    in_stack: Vec<bool>,
    root_child: u32,
}

impl State {
    fn new(n: usize) -> State {
        let mut in_stack = vec![false; n];
        in_stack[0] = true;
        State {
            n,
            stack: vec![0],
            b: 1,
            head: vec![NONE; n],
            label: vec![0; n],
            l1: vec![NONE; n],
            l2: vec![NONE; n],
            r1: vec![NONE; n],
            r2: vec![NONE; n],
            nl: vec![0; n],
            nr: vec![0; n],
            lset: vec![0; n],
            rset: vec![0; n],
            in_stack,
            root_child: NONE,
        }
    }

    fn done(&self) -> bool {
        self.b >= self.n
    }

    fn s0(&self) -> usize {
        *self.stack.last().unwrap() as usize
    }

    fn add_arc(&mut self, h: usize, d: usize, l: usize) {
        self.head[d] = h as u32;
        self.label[d] = l as u8;
        let d32 = d as u32;
        if d < h {
            if self.l1[h] == NONE || d32 < self.l1[h] {
                self.l2[h] = self.l1[h];
                self.l1[h] = d32;
            } else if self.l2[h] == NONE || d32 < self.l2[h] {
                self.l2[h] = d32;
            }
            self.nl[h] = self.nl[h].saturating_add(1);
            self.lset[h] |= 1 << (l % 64);
        } else {
            if self.r1[h] == NONE || d32 > self.r1[h] {
                self.r2[h] = self.r1[h];
                self.r1[h] = d32;
            } else if self.r2[h] == NONE || d32 > self.r2[h] {
                self.r2[h] = d32;
            }
            self.nr[h] = self.nr[h].saturating_add(1);
            self.rset[h] |= 1 << (l % 64);
        }
        if h == 0 {
            self.root_child = d32;
        }
    }

    fn apply(&mut self, class: usize, n_labels: usize) {
        match class {
            SHIFT => {
                self.stack.push(self.b as u32);
                self.in_stack[self.b] = true;
                self.b += 1;
            }
            REDUCE => {
                let s = self.stack.pop().unwrap() as usize;
                self.in_stack[s] = false;
            }
            c if c < 2 + n_labels => {
                let s = self.stack.pop().unwrap() as usize;
                self.in_stack[s] = false;
                self.add_arc(self.b, s, c - 2);
            }
            c => {
                let s = self.s0();
                self.add_arc(s, self.b, c - 2 - n_labels);
                self.stack.push(self.b as u32);
                self.in_stack[self.b] = true;
                self.b += 1;
            }
        }
    }
}

/// Per-word hashes of a sentence (index 0 = root).
struct Sent {
    /// Lowercase form.
    w: Vec<u64>,
    /// Fine tag (XPOS and UPOS).
    p: Vec<u64>,
    /// Coarse tag (UPOS).
    u: Vec<u64>,
    /// Last three characters of the lowercase form.
    suf: Vec<u64>,
    /// Number of punctuation words before each position.
    pc: Vec<u32>,
    /// Training tag set of the word (see `Parser::amb`), or a constant for rare words.
    a: Vec<u64>,
}

fn suffix_hash(form: &str) -> u64 {
    let mut it = form.char_indices().rev().map(|(i, _)| i);
    let start = it.nth(2).unwrap_or(0);
    hash_lower(&form[start..]) ^ 0x5355_4646
}

fn dist_bucket(d: usize) -> u64 {
    match d {
        0..=4 => d as u64,
        5..=6 => 5,
        7..=9 => 6,
        _ => 7,
    }
}

impl Parser {
    fn n_labels(&self) -> usize {
        self.labels.len()
    }

    /// Which transitions are allowed in `st`.
    fn valid(&self, st: &State, out: &mut [bool]) {
        let l = self.n_labels();
        let s = st.s0();
        let has_b = st.b < st.n;
        out[SHIFT] = has_b;
        out[REDUCE] = s != 0 && st.head[s] != NONE;
        let left = has_b && s != 0 && st.head[s] == NONE;
        for k in 0..l {
            out[2 + k] = left && k != self.root;
            out[2 + l + k] = has_b && if s == 0 { k == self.root && st.root_child == NONE } else { k != self.root };
        }
    }

    /// Dynamic-oracle cost of every transition (lost gold arcs, labeled), given gold heads and labels.
    fn costs(&self, st: &State, gh: &[u32], gl: &[u8], out: &mut [u32]) {
        let l = self.n_labels();
        let s = st.s0();
        let b = st.b;
        if b >= st.n {
            out.iter_mut().for_each(|c| *c = 0);
            return;
        }
        let in_buf = |k: u32| k != NONE && k as usize >= b;
        let in_stack = |k: u32| k != NONE && st.in_stack[k as usize];
        // Unheaded stack words whose gold head is b.
        let stack_deps_of_b = st.stack.iter().filter(|&&k| st.head[k as usize] == NONE && gh[k as usize] == b as u32).count() as u32;
        // Buffer words (b included) whose gold head is s.
        let buf_deps_of_s = (b..st.n).filter(|&k| gh[k] == s as u32).count() as u32;
        let shift = in_stack(gh[b]) as u32 + stack_deps_of_b;
        let reduce = buf_deps_of_s;
        let left = (gh[s] != b as u32 && in_buf(gh[s])) as u32 + buf_deps_of_s;
        let right = (gh[b] != s as u32 && (in_stack(gh[b]) || in_buf(gh[b]))) as u32 + stack_deps_of_b;
        out[SHIFT] = shift;
        out[REDUCE] = reduce;
        for k in 0..l {
            out[2 + k] = left + (gh[s] == b as u32 && gl[s] as usize != k) as u32;
            out[2 + l + k] = right + (gh[b] == s as u32 && gl[b] as usize != k) as u32;
        }
    }

    /// Feature keys of a configuration; `w` and `p` hold word and tag hashes (index 0 = root).
    fn features(st: &State, x: &Sent, out: &mut Vec<u64>) {
        out.clear();
        let (w, p) = (&x.w, &x.p);
        let uu = |i: u32| if i == NONE { 7 } else { x.u[i as usize] };
        let at = |v: &[u32], i: u32| if i == NONE { NONE } else { v[i as usize] };
        let ww = |i: u32| if i == NONE { 7 } else { w[i as usize] };
        let pp = |i: u32| if i == NONE { 7 } else { p[i as usize] };
        let ll = |i: u32| {
            if i == NONE {
                300
            } else if st.head[i as usize] == NONE {
                301
            } else {
                st.label[i as usize] as u64
            }
        };
        let s0 = st.s0() as u32;
        let s1 = if st.stack.len() >= 2 { st.stack[st.stack.len() - 2] } else { NONE };
        let pos = |k: usize| if st.b + k < st.n { (st.b + k) as u32 } else { NONE };
        let (n0, n1, n2) = (pos(0), pos(1), pos(2));
        let s0h = at(&st.head, s0);
        let s0h2 = at(&st.head, s0h);
        let (s0l, s0l2, s0r, s0r2) = (at(&st.l1, s0), at(&st.l2, s0), at(&st.r1, s0), at(&st.r2, s0));
        let (n0l, n0l2) = (at(&st.l1, n0), at(&st.l2, n0));
        let d = if n0 != NONE { dist_bucket((n0 as usize).abs_diff(s0 as usize)) } else { 0 };
        let (s0w, s0p, n0w, n0p, n1w, n1p, n2w, n2p) = (ww(s0), pp(s0), ww(n0), pp(n0), ww(n1), pp(n1), ww(n2), pp(n2));
        let s0wp = mix(s0w, s0p);
        let n0wp = mix(n0w, n0p);
        let s0u = s0 as usize;
        let (s0vl, s0vr) = (st.nl[s0u] as u64, st.nr[s0u] as u64);
        let (s0sl, s0sr) = (st.lset[s0u], st.rset[s0u]);
        let (n0vl, n0sl) = if n0 != NONE { (st.nl[n0 as usize] as u64, st.lset[n0 as usize]) } else { (9, 9) };
        let mut f = |id: u64, a: u64, b: u64, c: u64| out.push(feat(id, a, b, c));
        f(1, s0w, 0, 0);
        f(2, s0p, 0, 0);
        f(3, s0wp, 0, 0);
        f(4, n0w, 0, 0);
        f(5, n0p, 0, 0);
        f(6, n0wp, 0, 0);
        f(7, n1w, 0, 0);
        f(8, n1p, 0, 0);
        f(9, n1w, n1p, 0);
        f(10, n2w, 0, 0);
        f(11, n2p, 0, 0);
        f(12, n2w, n2p, 0);
        f(13, s0wp, n0wp, 0);
        f(14, s0wp, n0w, 0);
        f(15, s0w, n0wp, 0);
        f(16, s0wp, n0p, 0);
        f(17, s0p, n0wp, 0);
        f(18, s0w, n0w, 0);
        f(19, s0p, n0p, 0);
        f(20, n0p, n1p, 0);
        f(21, n0p, n1p, n2p);
        f(22, s0p, n0p, n1p);
        f(23, pp(s0h), s0p, n0p);
        f(24, s0p, pp(s0l), n0p);
        f(25, s0p, pp(s0r), n0p);
        f(26, s0p, n0p, pp(n0l));
        f(27, s0w, d, 0);
        f(28, s0p, d, 0);
        f(29, n0w, d, 0);
        f(30, n0p, d, 0);
        f(31, s0w, n0w, d);
        f(32, s0p, n0p, d);
        f(33, s0w, s0vr, 0);
        f(34, s0p, s0vr, 0);
        f(35, s0w, s0vl, 0);
        f(36, s0p, s0vl, 0);
        f(37, n0w, n0vl, 0);
        f(38, n0p, n0vl, 0);
        f(39, ww(s0h), 0, 0);
        f(40, pp(s0h), 0, 0);
        f(41, ll(s0), 0, 0);
        f(42, ww(s0l), 0, 0);
        f(43, pp(s0l), 0, 0);
        f(44, ll(s0l), 0, 0);
        f(45, ww(s0r), 0, 0);
        f(46, pp(s0r), 0, 0);
        f(47, ll(s0r), 0, 0);
        f(48, ww(n0l), 0, 0);
        f(49, pp(n0l), 0, 0);
        f(50, ll(n0l), 0, 0);
        f(51, ww(s0h2), 0, 0);
        f(52, pp(s0h2), 0, 0);
        f(53, ll(s0h), 0, 0);
        f(54, ww(s0l2), 0, 0);
        f(55, pp(s0l2), 0, 0);
        f(56, ll(s0l2), 0, 0);
        f(57, ww(s0r2), 0, 0);
        f(58, pp(s0r2), 0, 0);
        f(59, ll(s0r2), 0, 0);
        f(60, ww(n0l2), 0, 0);
        f(61, pp(n0l2), 0, 0);
        f(62, ll(n0l2), 0, 0);
        f(63, s0p, pp(s0l), pp(s0l2));
        f(64, s0p, pp(s0r), pp(s0r2));
        f(65, s0p, pp(s0h), pp(s0h2));
        f(66, n0p, pp(n0l), pp(n0l2));
        f(67, s0w, s0sr, 0);
        f(68, s0p, s0sr, 0);
        f(69, s0w, s0sl, 0);
        f(70, s0p, s0sl, 0);
        f(71, n0w, n0sl, 0);
        f(72, n0p, n0sl, 0);
        f(73, ww(s1), 0, 0);
        f(74, pp(s1), 0, 0);
        f(75, pp(s1), s0p, n0p);
        f(76, ww(s1), s0w, n0p);
        f(77, ll(s0), s0p, n0p);
        f(78, pp(s1), ll(s1), s0p);
        let (s0c, n0c, n1c) = (uu(s0), uu(n0), uu(n1));
        f(79, s0c, n0c, 0);
        f(80, s0c, n0c, n1c);
        f(81, uu(s1), s0c, n0c);
        f(82, s0c, n0c, d);
        f(83, n0c, n1c, uu(n2));
        f(84, uu(s0h), s0c, n0c);
        let s2 = if st.stack.len() >= 3 { st.stack[st.stack.len() - 3] } else { NONE };
        f(85, pp(s2), pp(s1), s0p);
        let n3 = pos(3);
        f(86, n1p, n2p, pp(n3));
        let aa = |i: u32| if i == NONE { 7 } else { x.a[i as usize] };
        let (s0a, n0a) = (aa(s0), aa(n0));
        f(91, s0a, 0, 0);
        f(92, n0a, 0, 0);
        f(93, s0a, n0a, 0);
        f(94, s0a, n0p, 0);
        f(95, s0p, n0a, 0);
        f(96, n0a, aa(n1), 0);
        f(97, s0a, n0a, d);
        f(98, ww(n0l), n0w, 0);
        f(99, ww(s0r), s0w, 0);
        f(100, n0w, n1w, 0);
        f(101, ww(s0h), s0w, n0w);
        f(102, s0w, n0w, n1p);
        let sf = |i: u32| if i == NONE { 7 } else { x.suf[i as usize] };
        f(87, sf(n0), n0p, 0);
        f(88, sf(s0), s0p, 0);
        let between = if n0 != NONE { (x.pc[n0 as usize] - x.pc[s0 as usize + 1].min(x.pc[n0 as usize])).min(2) as u64 } else { 3 };
        f(89, s0p, n0p, between);
        f(90, s0c, n0c, between);
    }

    fn hashes(&self, words: &[Input]) -> Sent {
        let n = words.len() + 1;
        let mut x = Sent {
            w: Vec::with_capacity(n),
            p: Vec::with_capacity(n),
            u: Vec::with_capacity(n),
            suf: Vec::with_capacity(n),
            pc: Vec::with_capacity(n + 1),
            a: Vec::with_capacity(n),
        };
        x.a.push(5);
        x.w.push(5);
        x.p.push(5);
        x.u.push(5);
        x.suf.push(5);
        x.pc.push(0);
        x.pc.push(0);
        let mut punct = 0;
        for t in words {
            let w = hash_lower(t.form);
            x.w.push(w);
            x.a.push(self.amb.get(&w).copied().unwrap_or(3));
            let u = hash_str(t.upos);
            x.u.push(u);
            x.p.push(mix(hash_str(t.xpos), u));
            x.suf.push(suffix_hash(t.form));
            punct += (t.upos == "PUNCT") as u32;
            x.pc.push(punct);
        }
        x
    }

    /// Parse a tagged sentence: for each word, its head (0-based word index, `None` for the root)
    /// and its dependency label.
    pub fn parse(&self, words: &[Input]) -> Vec<(Option<usize>, &'static str)> {
        let st = self.run(&self.hashes(words), |_| {});
        (1..st.n).map(|i| (if st.head[i] == 0 { None } else { Some(st.head[i] as usize - 1) }, self.labels[st.label[i] as usize])).collect()
    }

    /// Greedy parse of a sentence's hashes; `seen` gets the features of every transition.
    fn run(&self, x: &Sent, mut seen: impl FnMut(&[u64])) -> State {
        let mut st = State::new(x.w.len());
        let nc = self.model.n_classes;
        let l = self.n_labels();
        let mut feats = Vec::with_capacity(96);
        let mut scores = vec![0i32; nc];
        let mut valid = vec![false; nc];
        while !st.done() {
            Self::features(&st, x, &mut feats);
            seen(&feats);
            scores.iter_mut().for_each(|s| *s = 0);
            // Dense rows skip the left arcs when they are not allowed.
            let s0 = st.s0();
            let wanted = if s0 != 0 && st.head[s0] == NONE { [(0, nc), (0, 0)] } else { [(0, 2), (2 + l, nc)] };
            self.model.score_classes(&feats, &mut scores, &wanted);
            self.valid(&st, &mut valid);
            let mut best = usize::MAX;
            for c in 0..nc {
                if valid[c] && (best == usize::MAX || scores[c] > scores[best]) {
                    best = c;
                }
            }
            st.apply(best, l);
        }
        self.finish(&mut st, x);
        st
    }

    /// Attach words left without a head when the buffer ran out: to the nearest word below on
    /// the stack (or the root word), with the label the model scores best for that arc.
    fn finish(&self, st: &mut State, x: &Sent) {
        let stack = std::mem::take(&mut st.stack);
        let l = self.n_labels();
        let mut feats = Vec::with_capacity(128);
        let mut scores = vec![0i32; self.model.n_classes];
        for (i, &k) in stack.iter().enumerate().skip(1) {
            let k = k as usize;
            if st.head[k] != NONE {
                continue;
            }
            if st.root_child == NONE {
                st.add_arc(0, k, self.root);
                continue;
            }
            let h = stack[..i].iter().rev().map(|&x| x as usize).find(|&x| x != 0).unwrap_or(st.root_child as usize);
            // Score RIGHT-l as if h were on top of the stack and k at the front of the buffer.
            st.stack = vec![0, h as u32];
            let b = st.b;
            st.b = k;
            Self::features(st, x, &mut feats);
            st.b = b;
            scores.iter_mut().for_each(|s| *s = 0);
            self.model.score_classes(&feats, &mut scores, &[(2 + l, 2 + 2 * l)]);
            let best = (0..l).filter(|&c| c != self.root).max_by_key(|&c| (scores[2 + l + c], std::cmp::Reverse(c))).unwrap_or(0);
            st.add_arc(h, k, best);
        }
        st.stack.clear();
    }

    /// Train on sentences whose UPOS/XPOS columns hold the tags the parser will see at run time.
    pub fn train(train: &[Sentence], dev: Option<&[Sentence]>, cfg: &ParserConfig) -> Parser {
        let set: BTreeSet<&str> = train.iter().flat_map(|s| s.tokens.iter().map(|t| t.deprel.as_str())).collect();
        let labels: Vec<&'static str> = set.into_iter().map(crate::intern).collect();
        assert!(2 + 2 * labels.len() <= 256, "too many labels");
        let root = labels.iter().position(|&l| l == "root").expect("a root label");
        let nc = 2 + 2 * labels.len();
        let mut counts: std::collections::BTreeMap<u64, std::collections::BTreeMap<(&str, &str), usize>> = Default::default();
        for s in train {
            for t in &s.tokens {
                *counts.entry(hash_lower(&t.form)).or_default().entry((&t.upos, &t.xpos)).or_default() += 1;
            }
        }
        let mut amb = IdMap::default();
        for (w, c) in &counts {
            let total: usize = c.values().sum();
            if total >= 3 {
                let mut h = 0x414d42u64;
                for (&(u, x), &n) in c {
                    if n * 20 >= total {
                        h = mix(mix(h, hash_str(u)), hash_str(x));
                    }
                }
                amb.insert(*w, h);
            }
        }
        let mut parser = Parser { labels, root, model: Trainer::new(nc).finish(), amb };
        struct Ex {
            x: Sent,
            gh: Vec<u32>,
            gl: Vec<u8>,
        }
        let exs: Vec<Ex> = train
            .iter()
            .map(|s| {
                let inputs: Vec<Input> = s.tokens.iter().map(|t| Input { form: &t.form, upos: &t.upos, xpos: &t.xpos }).collect();
                let x = parser.hashes(&inputs);
                let mut gh = vec![NONE];
                gh.extend(projectivize(&s.tokens.iter().map(|t| t.head as u32).collect::<Vec<_>>()));
                let mut gl = vec![0u8];
                gl.extend(s.tokens.iter().map(|t| parser.labels.iter().position(|&l| l == t.deprel).unwrap() as u8));
                Ex { x, gh, gl }
            })
            .collect();
        let mut tr = Trainer::new(nc);
        let mut rng = Rng::new(cfg.seed);
        let mut order: Vec<usize> = (0..exs.len()).collect();
        let mut feats = Vec::with_capacity(96);
        let mut scores = vec![0f32; nc];
        let mut valid = vec![false; nc];
        let mut cost = vec![0u32; nc];
        for epoch in 0..cfg.epochs {
            rng.shuffle(&mut order);
            let explore = epoch >= cfg.explore_from;
            let (mut wrong, mut steps) = (0usize, 0usize);
            for &i in &order {
                let ex = &exs[i];
                let mut st = State::new(ex.x.w.len());
                while !st.done() {
                    Self::features(&st, &ex.x, &mut feats);
                    scores.iter_mut().for_each(|s| *s = 0.0);
                    tr.score(&feats, &mut scores);
                    parser.valid(&st, &mut valid);
                    parser.costs(&st, &ex.gh, &ex.gl, &mut cost);
                    let min = (0..nc).filter(|&c| valid[c]).map(|c| cost[c]).min().unwrap();
                    let (mut guess, mut best) = (usize::MAX, usize::MAX);
                    for c in 0..nc {
                        if !valid[c] {
                            continue;
                        }
                        if guess == usize::MAX || scores[c] > scores[guess] {
                            guess = c;
                        }
                        if cost[c] == min && (best == usize::MAX || scores[c] > scores[best]) {
                            best = c;
                        }
                    }
                    if cost[guess] > min {
                        tr.update(&feats, best, guess);
                        wrong += 1;
                    }
                    tr.tick();
                    steps += 1;
                    let next = if explore && rng.unit() < cfg.explore { guess } else { best };
                    st.apply(next, parser.n_labels());
                }
            }
            let last = epoch + 1 == cfg.epochs;
            if dev.is_some() || last {
                parser.model = if last { tr.finish().pruned(cfg.prune) } else { tr.finish() };
                if last {
                    // Lay the weights out by how often the training sentences look them up.
                    let mut usage = IdMap::default();
                    for ex in &exs {
                        parser.run(&ex.x, |feats| {
                            for &f in feats.iter().filter(|&&f| parser.model.contains(f)) {
                                *usage.entry(f).or_insert(0) += 1;
                            }
                        });
                    }
                    parser.model = parser.model.with_heat(&usage);
                }
                if let Some(dev) = dev {
                    let (uas, las) = parser.attachment(dev);
                    eprintln!(
                        "parser epoch {:2}: train errors {:.2}%  dev UAS {:.2}% LAS {:.2}%  ({} features, {} kept)",
                        epoch + 1,
                        100.0 * wrong as f64 / steps as f64,
                        uas,
                        las,
                        tr.n_features(),
                        parser.model.n_features()
                    );
                }
            }
        }
        parser
    }

    /// UAS and LAS in percent on sentences with the tags given in their columns.
    pub fn attachment(&self, sents: &[Sentence]) -> (f64, f64) {
        let (mut u, mut l, mut n) = (0usize, 0usize, 0usize);
        for s in sents {
            let inputs: Vec<Input> = s.tokens.iter().map(|t| Input { form: &t.form, upos: &t.upos, xpos: &t.xpos }).collect();
            for (t, (h, lab)) in s.tokens.iter().zip(self.parse(&inputs)) {
                let h = h.map_or(0, |h| h + 1);
                if h == t.head {
                    u += 1;
                    l += (lab == t.deprel) as usize;
                }
                n += 1;
            }
        }
        (100.0 * u as f64 / n as f64, 100.0 * l as f64 / n as f64)
    }

    pub fn write(&self, out: &mut Out) {
        out.var(self.labels.len() as u64);
        for l in &self.labels {
            out.str(l);
        }
        let mut v: Vec<(u64, u64)> = self.amb.iter().map(|(&k, &v)| (k, v)).collect();
        v.sort_unstable();
        out.var(v.len() as u64);
        for (k, a) in v {
            out.u64(k);
            out.u64(a);
        }
        self.model.write(out);
    }

    pub fn read(inp: &mut In) -> Res<Parser> {
        let n = inp.var()? as usize;
        let mut labels = Vec::with_capacity(n);
        for _ in 0..n {
            labels.push(crate::intern(&inp.str()?));
        }
        let root = labels.iter().position(|&l| l == "root").ok_or("parser model has no root label")?;
        let mut amb = IdMap::default();
        for _ in 0..inp.var()? {
            let k = inp.u64()?;
            amb.insert(k, inp.u64()?);
        }
        let model = Model::read(inp)?;
        if model.n_classes != 2 + 2 * labels.len() {
            return Err("parser model does not match its labels".into());
        }
        Ok(Parser { labels, root, model, amb })
    }

    pub fn n_features(&self) -> usize {
        self.model.n_features()
    }

    /// Drop weights below `min_abs` (in the model's integer units).
    pub fn prune(&mut self, min_abs: i16) {
        self.model = self.model.pruned(min_abs);
    }
}

/// Whether the arc into `d` (heads 1-based, 0 = root, index 0 unused) is projective: every
/// word strictly between head and dependent descends from the head.
fn arc_is_projective(heads: &[u32], d: usize) -> bool {
    let h = heads[d] as usize;
    let (a, b) = if h < d { (h, d) } else { (d, h) };
    for k in a + 1..b {
        let mut x = k;
        let mut steps = 0;
        while x != h && x != 0 && steps < heads.len() {
            x = heads[x] as usize;
            steps += 1;
        }
        if x != h {
            return false;
        }
    }
    true
}

/// Lift non-projective arcs (shortest first) to the head's head until the tree is projective.
/// Input and output are the heads of words 1..n (1-based, 0 = root).
pub fn projectivize(heads: &[u32]) -> Vec<u32> {
    let mut h = vec![0u32];
    h.extend_from_slice(heads);
    loop {
        let mut worst: Option<(usize, usize)> = None;
        for d in 1..h.len() {
            if !arc_is_projective(&h, d) {
                let len = (h[d] as isize - d as isize).unsigned_abs();
                if worst.is_none_or(|(_, l)| len < l) {
                    worst = Some((d, len));
                }
            }
        }
        match worst {
            Some((d, _)) => {
                let g = h[h[d] as usize];
                h[d] = g;
            }
            None => return h[1..].to_vec(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels() -> Vec<&'static str> {
        vec!["nsubj", "obj", "punct", "root", "det"]
    }

    /// Follow the zero-cost transitions (first or last in class order) from the start.
    fn oracle_parse(p: &Parser, gh: &[u32], gl: &[u8], last: bool) -> (Vec<u32>, Vec<u8>) {
        let nc = 2 + 2 * p.n_labels();
        let mut st = State::new(gh.len());
        let (mut valid, mut cost) = (vec![false; nc], vec![0u32; nc]);
        while !st.done() {
            p.valid(&st, &mut valid);
            p.costs(&st, gh, gl, &mut cost);
            let mut zero = (0..nc).filter(|&c| valid[c] && cost[c] == 0);
            let c = if last { zero.next_back() } else { zero.next() };
            st.apply(c.expect("some zero-cost transition"), p.n_labels());
        }
        (st.head.clone(), st.label.clone())
    }

    #[test]
    fn static_oracle_reproduces_projective_trees() {
        let p = Parser { labels: labels(), root: 3, model: Trainer::new(12).finish(), amb: IdMap::default() };
        // "The cat saw a dog ." and a right-branching / left-branching mix.
        let trees: Vec<(Vec<u32>, Vec<u8>)> = vec![
            (vec![2, 3, 0, 5, 3, 3], vec![4, 0, 3, 4, 1, 2]),
            (vec![0, 1, 2, 3, 4], vec![3, 1, 1, 1, 1]),
            (vec![5, 5, 5, 5, 0], vec![0, 0, 0, 0, 3]),
            (vec![3, 3, 0, 6, 6, 3, 8, 6, 3], vec![4, 0, 3, 4, 0, 1, 4, 1, 2]),
        ];
        for (h, l) in trees {
            let mut gh = vec![NONE];
            gh.extend(&h);
            let mut gl = vec![0u8];
            gl.extend(&l);
            for last in [false, true] {
                let (ph, pl) = oracle_parse(&p, &gh, &gl, last);
                assert_eq!(&ph[1..], &h[..], "heads, last={last}");
                assert_eq!(&pl[1..], &l[..], "labels, last={last}");
            }
        }
    }

    #[test]
    fn static_oracle_on_treebank_sample() {
        // Every projective tree of the EWT dev set, if present, must come out exactly.
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/ud-english-ewt/en_ewt-ud-dev.conllu");
        let Ok(sents) = crate::conllu::read(&path) else {
            eprintln!("skipping: {} not found", path.display());
            return;
        };
        let set: BTreeSet<&str> = sents.iter().flat_map(|s| s.tokens.iter().map(|t| t.deprel.as_str())).collect();
        let labels: Vec<&'static str> = set.into_iter().map(crate::intern).collect();
        let root = labels.iter().position(|&l| l == "root").unwrap();
        let p = Parser { root, model: Trainer::new(2 + 2 * labels.len()).finish(), labels, amb: IdMap::default() };
        let mut checked = 0;
        for s in &sents {
            let heads: Vec<u32> = s.tokens.iter().map(|t| t.head as u32).collect();
            if projectivize(&heads) != heads {
                continue;
            }
            let mut gh = vec![NONE];
            gh.extend(&heads);
            let mut gl = vec![0u8];
            gl.extend(s.tokens.iter().map(|t| p.labels.iter().position(|&l| l == t.deprel).unwrap() as u8));
            let (ph, pl) = oracle_parse(&p, &gh, &gl, checked % 2 == 1);
            assert_eq!(ph[1..], heads[..]);
            assert_eq!(pl[1..], gl[1..]);
            checked += 1;
        }
        assert!(checked > 1500, "{checked}");
    }

    #[test]
    fn projectivize_lifts_crossing_arcs() {
        // 1 <- 3, 2 -> 4 crosses 3's arc from root: words: 1 2 3 4 with heads 3 0? Build a classic crossing.
        let heads = vec![0, 4, 1, 1]; // arc 2->4 spans 3 whose head is 1: not dominated by 4? 3's ancestors: 1, 0.
        let p = projectivize(&heads);
        assert_ne!(p, heads);
        for d in 1..=heads.len() {
            let mut h = vec![0u32];
            h.extend(&p);
            assert!(arc_is_projective(&h, d));
        }
        let proj = vec![2, 0, 2];
        assert_eq!(projectivize(&proj), proj);
    }
}
