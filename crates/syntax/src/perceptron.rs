//! Averaged multiclass perceptron over hashed features: a sparse trainer (rows of
//! per-class weights created on first update) and a compact run-time model with i16 weights
//! in an open-addressing table.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::hash::{prefetch, Filter, Table};
use crate::io::{In, Out, Res};

/// Hasher for keys that are already well-mixed 64-bit hashes.
#[derive(Default)]
pub struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, _: &[u8]) {
        unreachable!("only u64 keys")
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = v;
    }
}

pub type IdMap<V> = HashMap<u64, V, BuildHasherDefault<IdHasher>>;

#[derive(Clone, Copy)]
struct TEntry {
    class: u16,
    w: f32,
    /// Sum of clock * delta over all updates, for the averaging trick (avg = w - u / clock).
    u: f64,
}

/// Training-time weights.
pub struct Trainer {
    pub n_classes: usize,
    map: IdMap<u32>,
    rows: Vec<Vec<TEntry>>,
    /// Number of examples seen so far (starts at 1).
    pub clock: u64,
}

impl Trainer {
    pub fn new(n_classes: usize) -> Trainer {
        Trainer { n_classes, map: IdMap::default(), rows: Vec::new(), clock: 1 }
    }

    /// Add the current weights of `feats` into `scores` (length `n_classes`, zeroed by caller).
    pub fn score(&self, feats: &[u64], scores: &mut [f32]) {
        for f in feats {
            if let Some(&r) = self.map.get(f) {
                for e in &self.rows[r as usize] {
                    scores[e.class as usize] += e.w;
                }
            }
        }
    }

    fn bump(&mut self, f: u64, class: usize, d: f32) {
        let n = self.rows.len() as u32;
        let r = *self.map.entry(f).or_insert(n) as usize;
        if r == self.rows.len() {
            self.rows.push(Vec::with_capacity(2));
        }
        let c = self.clock as f64;
        let row = &mut self.rows[r];
        match row.iter_mut().find(|e| e.class as usize == class) {
            Some(e) => {
                e.w += d;
                e.u += c * d as f64;
            }
            None => row.push(TEntry { class: class as u16, w: d, u: c * d as f64 }),
        }
    }

    /// Perceptron update: reward `truth`, penalise `guess` (no-op if equal).
    pub fn update(&mut self, feats: &[u64], truth: usize, guess: usize) {
        if truth == guess {
            return;
        }
        for &f in feats {
            self.bump(f, truth, 1.0);
            self.bump(f, guess, -1.0);
        }
    }

    /// Advance the clock by one example.
    pub fn tick(&mut self) {
        self.clock += 1;
    }

    pub fn n_features(&self) -> usize {
        self.rows.len()
    }

    /// The averaged weights, quantised to i16 with one scale; weights that round to zero are dropped.
    pub fn finish(&self) -> Model {
        let c = self.clock as f64;
        let mut keys: Vec<(u64, u32)> = self.map.iter().map(|(&k, &r)| (k, r)).collect();
        keys.sort_unstable();
        let mut max = 0f64;
        for row in &self.rows {
            for e in row {
                max = max.max((e.w as f64 - e.u / c).abs());
            }
        }
        let scale = if max > 0.0 { 32000.0 / max } else { 1.0 };
        let mut feats = Vec::with_capacity(keys.len());
        let mut entries = Vec::new();
        for (k, r) in keys {
            let start = entries.len();
            let mut row: Vec<(u16, i16)> = self.rows[r as usize]
                .iter()
                .map(|e| (e.class, ((e.w as f64 - e.u / c) * scale).round() as i16))
                .filter(|e| e.1 != 0)
                .collect();
            row.sort_unstable();
            entries.extend(row);
            if entries.len() > start {
                feats.push((k, start as u32, (entries.len() - start) as u32));
            }
        }
        let heat = vec![0; feats.len()];
        Model::build(self.n_classes, (1.0 / scale) as f32, feats, entries, heat)
    }
}

/// Run-time weights: key -> row of (class, weight) entries.
///
/// Lookups are memory-bound, so the layout follows how often features are used (their heat,
/// counted on the training data): the hottest features get a small table of their own and their
/// rows are stored first, so what is read on most words stays in the core's cache; the rest
/// live in a large cold table guarded by a Bloom filter, which turns away most absent features
/// without touching it.
pub struct Model {
    pub n_classes: usize,
    /// Multiply an integer score by this to get the perceptron score.
    pub scale: f32,
    /// Sorted keys and their heat.
    keys: Vec<u64>,
    heat: Vec<u8>,
    hot: Table,
    cold: Table,
    filter: Filter,
    /// Sparse rows: (class, weight).
    entries: Vec<(u16, i16)>,
    /// Dense rows (`n_classes` weights each) for features with many classes.
    dense: Vec<i16>,
    /// Whether the CPU has AVX2 (dense rows are then added with 256-bit vectors).
    #[cfg_attr(not(target_arch = "x86_64"), allow(dead_code))]
    avx2: bool,
}

fn has_avx2() -> bool {
    #[cfg(target_arch = "x86_64")]
    return std::arch::is_x86_feature_detected!("avx2");
    #[cfg(not(target_arch = "x86_64"))]
    false
}

/// Rows found by one scoring call: their loads are all issued before any is added.
struct Rows {
    sparse: [(u32, u32); 128],
    n_sparse: usize,
    dense: [u32; 128],
    n_dense: usize,
}

/// Rows with more entries than this are stored densely (vectorised adds).
const DENSE_MIN: usize = 12;
/// Marks a dense row in the table's length field.
const DENSE_BIT: u32 = 1 << 31;
/// Marks a row of at most two entries stored in the table slot itself: the length field holds
/// the count and both classes, the start field both weights (no second memory access).
const INLINE_BIT: u32 = 1 << 30;

fn inline(row: &[(u16, i16)]) -> (u32, u32) {
    let mut a = 0u32;
    let mut b = INLINE_BIT | row.len() as u32;
    for (i, &(c, w)) in row.iter().enumerate() {
        a |= (w as u16 as u32) << (16 * i);
        b |= (c as u32 & 0xff) << (2 + 8 * i);
    }
    (a, b)
}

#[inline(always)]
fn inline_entry(a: u32, b: u32, i: usize) -> (usize, i32) {
    (((b >> (2 + 8 * i)) & 0xff) as usize, (a >> (16 * i)) as u16 as i16 as i32)
}

/// Heat of a feature used `count` times: about 8 log2(count + 1) (integer arithmetic, so every
/// platform writes the same model file).
fn heat_of(count: u64) -> u8 {
    let x = count.saturating_add(1);
    let e = 63 - x.leading_zeros();
    // The three bits after the leading one interpolate between powers of two.
    let frac = ((x << x.leading_zeros()) >> 60) & 7;
    (8 * e as u64 + frac).min(255) as u8
}

/// Features in the hot table (2^16 slots of 16 bytes: 1 MB).
const HOT_FEATURES: usize = 32_768;
/// Bloom filter bits per cold feature, before rounding up to a power of two (about 1.5% of the
/// absent features get through).
const FILTER_BITS: usize = 8;
/// How many features ahead of the one being looked up to prefetch (a few dozen loads can be
/// in flight; issuing a whole transition's hundred at once stalls).
const PREFETCH_AHEAD: usize = 16;

impl Model {
    /// `feats` are (key, start, len) into `all`, sorted by key; `heat` is aligned with `feats`.
    fn build(n_classes: usize, scale: f32, feats: Vec<(u64, u32, u32)>, all: Vec<(u16, i16)>, heat: Vec<u8>) -> Model {
        assert_eq!(heat.len(), feats.len());
        // Hottest first; ties in key order.
        let mut order: Vec<usize> = (0..feats.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(heat[i]));
        let n_hot = HOT_FEATURES.min(feats.len());
        let mut hot = Table::with_capacity(n_hot);
        let mut cold = Table::with_capacity(feats.len() - n_hot);
        let mut filter = Filter::with_capacity(feats.len() - n_hot, FILTER_BITS);
        let mut entries = Vec::new();
        let mut dense = Vec::new();
        for (rank, &i) in order.iter().enumerate() {
            let (k, s, n) = feats[i];
            let row = &all[s as usize..(s + n) as usize];
            let (a, b) = if row.len() > DENSE_MIN {
                let start = dense.len();
                dense.resize(start + n_classes, 0i16);
                for &(c, w) in row {
                    dense[start + c as usize] = w;
                }
                (start as u32, n | DENSE_BIT)
            } else if row.len() <= 2 && n_classes <= 256 {
                inline(row)
            } else {
                entries.extend_from_slice(row);
                ((entries.len() - row.len()) as u32, n)
            };
            if rank < n_hot {
                hot.insert(k, a, b);
            } else {
                cold.insert(k, a, b);
                filter.insert(k);
            }
        }
        let keys = feats.iter().map(|f| f.0).collect();
        // Copy the rows into huge-page-advised memory (they are read at random too).
        let mut e2 = crate::hash::zeroed_huge(entries.len());
        e2.copy_from_slice(&entries);
        let mut d2 = crate::hash::zeroed_huge(dense.len());
        d2.copy_from_slice(&dense);
        Model { n_classes, scale, keys, heat, hot, cold, filter, entries: e2, dense: d2, avx2: has_avx2() }
    }

    fn get(&self, k: u64) -> Option<(usize, usize)> {
        self.hot.get(k).or_else(|| self.cold.get(k))
    }

    /// Whether `k` has weights.
    pub fn contains(&self, k: u64) -> bool {
        self.get(k).is_some()
    }

    /// The same weights laid out by `usage` (how often each feature was looked up on the
    /// training data; features missing from it count as unused).
    pub fn with_heat(&self, usage: &IdMap<u64>) -> Model {
        let mut feats = Vec::with_capacity(self.keys.len());
        let mut entries = Vec::new();
        for &k in &self.keys {
            let start = entries.len() as u32;
            entries.extend(self.row(k));
            feats.push((k, start, entries.len() as u32 - start));
        }
        let heat = self.keys.iter().map(|k| heat_of(usage.get(k).copied().unwrap_or(0))).collect();
        Model::build(self.n_classes, self.scale, feats, entries, heat)
    }

    /// The sparse (class, weight) row of a feature, whichever way it is stored.
    fn row(&self, k: u64) -> Vec<(u16, i16)> {
        let Some((s, n)) = self.get(k) else { return Vec::new() };
        if n as u32 & INLINE_BIT != 0 {
            let (a, b) = (s as u32, n as u32);
            (0..(b & 3) as usize).map(|i| inline_entry(a, b, i)).map(|(c, w)| (c as u16, w as i16)).collect()
        } else if n as u32 & DENSE_BIT != 0 {
            self.dense[s..s + self.n_classes].iter().enumerate().filter(|e| *e.1 != 0).map(|(c, &w)| (c as u16, w)).collect()
        } else {
            self.entries[s..s + n].to_vec()
        }
    }

    pub fn n_features(&self) -> usize {
        self.keys.len()
    }

    /// A copy without the weights smaller than `min_abs` in magnitude (and features left empty).
    pub fn pruned(&self, min_abs: i16) -> Model {
        let mut feats = Vec::new();
        let mut entries = Vec::new();
        let mut heat = Vec::new();
        for (&k, &h) in self.keys.iter().zip(&self.heat) {
            let start = entries.len();
            entries.extend(self.row(k).into_iter().filter(|e| e.1.unsigned_abs() >= min_abs as u16));
            if entries.len() > start {
                feats.push((k, start as u32, (entries.len() - start) as u32));
                heat.push(h);
            }
        }
        Model::build(self.n_classes, self.scale, feats, entries, heat)
    }

    pub fn n_entries(&self) -> usize {
        self.entries.len() + self.dense.len()
    }

    /// Add the integer weights of `feats` into `scores` (length `n_classes`).
    #[inline]
    pub fn score(&self, feats: &[u64], scores: &mut [i32]) {
        self.score_classes(feats, scores, &[(0, self.n_classes)]);
    }

    /// Like [`Model::score`], but only the classes in `wanted` (half-open spans `(start, end)`)
    /// need correct scores: the others may or may not receive their weights (dense rows skip them).
    #[inline]
    pub fn score_classes(&self, feats: &[u64], scores: &mut [i32], wanted: &[(usize, usize)]) {
        assert!(scores.len() >= self.n_classes && wanted.iter().all(|&(_, end)| end <= self.n_classes));
        // Keep the loads of the next features in flight while probing this one; rows and cold
        // slots are prefetched when found and used after the loop, so their misses overlap too.
        for &f in feats.iter().take(PREFETCH_AHEAD) {
            self.hot.prefetch(f);
            self.filter.prefetch(f);
        }
        let mut rows = Rows { sparse: [(0, 0); 128], n_sparse: 0, dense: [0; 128], n_dense: 0 };
        let mut cold = [0u64; 128];
        let mut c = 0;
        for (i, &f) in feats.iter().enumerate() {
            if let Some(&g) = feats.get(i + PREFETCH_AHEAD) {
                self.hot.prefetch(g);
                self.filter.prefetch(g);
            }
            match self.hot.get(f) {
                Some((s, n)) => self.found(s, n, scores, &mut rows, wanted),
                None if self.filter.may_contain(f) => {
                    if c < cold.len() {
                        self.cold.prefetch(f);
                        cold[c] = f;
                        c += 1;
                    } else if let Some((s, n)) = self.cold.get(f) {
                        self.found(s, n, scores, &mut rows, wanted);
                    }
                }
                None => {}
            }
        }
        for &f in &cold[..c] {
            if let Some((s, n)) = self.cold.get(f) {
                self.found(s, n, scores, &mut rows, wanted);
            }
        }
        #[cfg(target_arch = "x86_64")]
        if self.avx2 {
            // SAFETY: the CPU supports AVX2 (checked when the model was built).
            unsafe { self.add_rows_avx2(&rows, scores, wanted) };
            return;
        }
        self.add_rows(&rows, scores, wanted);
    }

    /// Add an inline row now; prefetch another and queue it in `rows` (or add it now if full).
    #[inline(always)]
    fn found(&self, s: usize, n: usize, scores: &mut [i32], rows: &mut Rows, wanted: &[(usize, usize)]) {
        if n as u32 & INLINE_BIT != 0 {
            let (a, b) = (s as u32, n as u32);
            for i in 0..(b & 3) as usize {
                let (c, w) = inline_entry(a, b, i);
                // Classes were checked against n_classes when the model was built or read.
                unsafe { *scores.get_unchecked_mut(c) += w };
            }
        } else if n as u32 & DENSE_BIT != 0 {
            let p = self.dense.as_ptr().wrapping_add(s);
            for &(start, end) in wanted {
                for off in (start..end).step_by(32) {
                    prefetch(p.wrapping_add(off));
                }
            }
            if rows.n_dense < rows.dense.len() {
                rows.dense[rows.n_dense] = s as u32;
                rows.n_dense += 1;
            } else {
                self.add_dense(&[s as u32], scores, wanted);
            }
        } else {
            prefetch(self.entries.as_ptr().wrapping_add(s));
            if rows.n_sparse < rows.sparse.len() {
                rows.sparse[rows.n_sparse] = (s as u32, n as u32);
                rows.n_sparse += 1;
            } else {
                self.add_sparse(&[(s as u32, n as u32)], scores);
            }
        }
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn add_rows_avx2(&self, rows: &Rows, scores: &mut [i32], wanted: &[(usize, usize)]) {
        self.add_rows(rows, scores, wanted)
    }

    /// Add the queued rows (inlined into a copy compiled for AVX2).
    #[inline(always)]
    fn add_rows(&self, rows: &Rows, scores: &mut [i32], wanted: &[(usize, usize)]) {
        self.add_sparse(&rows.sparse[..rows.n_sparse], scores);
        self.add_dense(&rows.dense[..rows.n_dense], scores, wanted);
    }

    #[inline(always)]
    fn add_sparse(&self, rows: &[(u32, u32)], scores: &mut [i32]) {
        for &(s, n) in rows {
            // Classes were checked against n_classes when the model was built or read.
            for &(c, w) in unsafe { self.entries.get_unchecked(s as usize..(s + n) as usize) } {
                unsafe { *scores.get_unchecked_mut(c as usize) += w as i32 };
            }
        }
    }

    /// Add dense rows a block of classes at a time, summing all rows in registers before
    /// touching `scores` (row by row, every add would wait for the previous row's store).
    #[inline(always)]
    fn add_dense(&self, rows: &[u32], scores: &mut [i32], wanted: &[(usize, usize)]) {
        for &(start, end) in wanted {
            let mut c = start;
            while c < end {
                c += match end - c {
                    32.. => self.add_dense_block::<32>(rows, c, scores),
                    16.. => self.add_dense_block::<16>(rows, c, scores),
                    8.. => self.add_dense_block::<8>(rows, c, scores),
                    _ => self.add_dense_block::<1>(rows, c, scores),
                };
            }
        }
    }

    #[inline(always)]
    fn add_dense_block<const W: usize>(&self, rows: &[u32], c: usize, scores: &mut [i32]) -> usize {
        let mut acc = [0i32; W];
        for &s in rows {
            let row: &[i16; W] = self.dense[s as usize + c..s as usize + c + W].try_into().expect("W weights");
            for j in 0..W {
                acc[j] += row[j] as i32;
            }
        }
        for (sc, a) in scores[c..c + W].iter_mut().zip(acc) {
            *sc += a;
        }
        W
    }

    /// Serialise: sorted keys delta-coded as varints, entries as (class u8, weight i16), heat.
    pub fn write(&self, out: &mut Out) {
        assert!(self.n_classes <= 256);
        out.var(self.n_classes as u64);
        out.f32(self.scale);
        out.var(self.keys.len() as u64);
        let mut prev = 0u64;
        for &k in &self.keys {
            out.var(k - prev);
            prev = k;
        }
        for &k in &self.keys {
            let row = self.row(k);
            out.var(row.len() as u64);
            for &(c, w) in &row {
                out.u8(c as u8);
                out.i16(w);
            }
        }
        for &h in &self.heat {
            out.u8(h);
        }
    }

    pub fn read(inp: &mut In) -> Res<Model> {
        let n_classes = inp.var()? as usize;
        let scale = inp.f32()?;
        let n = inp.var()? as usize;
        let mut keys = Vec::with_capacity(n);
        let mut prev = 0u64;
        for _ in 0..n {
            prev = prev.wrapping_add(inp.var()?);
            keys.push(prev);
        }
        let mut feats = Vec::with_capacity(n);
        let mut entries = Vec::with_capacity(n * 3);
        for &k in &keys {
            let m = inp.var()? as usize;
            let start = entries.len() as u32;
            for _ in 0..m {
                let c = inp.u8()? as u16;
                if c as usize >= n_classes {
                    return Err("bad class in model file".into());
                }
                entries.push((c, inp.i16()?));
            }
            feats.push((k, start, m as u32));
        }
        let heat = (0..n).map(|_| inp.u8()).collect::<Res<Vec<u8>>>()?;
        Ok(Model::build(n_classes, scale, feats, entries, heat))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_and_roundtrips() {
        // Class = which of two features is present.
        let mut t = Trainer::new(2);
        for _ in 0..10 {
            for (f, y) in [(11u64, 0usize), (22, 1)] {
                let mut s = [0f32; 2];
                t.score(&[f, 99], &mut s);
                let g = if s[1] > s[0] { 1 } else { 0 };
                t.update(&[f, 99], y, g);
                t.tick();
            }
        }
        let m = t.finish();
        let mut out = Out::default();
        m.write(&mut out);
        let m2 = Model::read(&mut In::new(&out.0)).unwrap();
        for (f, y) in [(11u64, 0usize), (22, 1)] {
            let mut s = [0i32; 2];
            m2.score(&[f, 99], &mut s);
            assert_eq!(if s[1] > s[0] { 1 } else { 0 }, y);
        }
    }

    #[test]
    fn heat_changes_layout_not_scores() {
        // 40,000 features (more than the hot table holds), rows of 1, 3 and 14 classes.
        let mut t = Trainer::new(20);
        for f in 0..40_000u64 {
            let n = [1, 3, 14][f as usize % 3];
            for c in 0..n {
                t.bump(f * 7919 + 1, c, 1.0 + (f % 5) as f32);
            }
            t.tick();
        }
        let m = t.finish();
        let usage: IdMap<u64> = (0..40_000u64).map(|f| (f * 7919 + 1, f % 1000)).collect();
        let h = m.with_heat(&usage);
        let mut out = Out::default();
        h.write(&mut out);
        let r = Model::read(&mut In::new(&out.0)).unwrap();
        let mut again = Out::default();
        r.write(&mut again);
        assert_eq!(out.0, again.0);
        for feats in [vec![1u64, 7920, 15839, 3], (0..100).map(|f| f * 7919 * 37 + 1).collect()] {
            let (mut a, mut b, mut c) = ([0i32; 20], [0i32; 20], [0i32; 20]);
            m.score(&feats, &mut a);
            h.score(&feats, &mut b);
            r.score_classes(&feats, &mut c, &[(0, 20)]);
            assert_eq!(a, b);
            assert_eq!(a, c);
        }
    }
}
