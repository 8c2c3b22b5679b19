//! Averaged multiclass perceptron over hashed features: a sparse trainer (rows of
//! per-class weights created on first update) and a compact run-time model with i16 weights
//! in an open-addressing table.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::hash::Table;
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
        Model::build(self.n_classes, (1.0 / scale) as f32, feats, entries)
    }
}

#[inline(always)]
fn prefetch<T>(p: *const T) {
    #[cfg(target_arch = "x86_64")]
    unsafe {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        _mm_prefetch(p as *const i8, _MM_HINT_T0);
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

/// Run-time weights: key -> range of (class, weight) entries.
pub struct Model {
    pub n_classes: usize,
    /// Multiply an integer score by this to get the perceptron score.
    pub scale: f32,
    keys: Vec<u64>,
    table: Table,
    /// Sparse rows: (class, weight).
    entries: Vec<(u16, i16)>,
    /// Dense rows (`n_classes` weights each) for features with many classes.
    dense: Vec<i16>,
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

impl Model {
    fn build(n_classes: usize, scale: f32, feats: Vec<(u64, u32, u32)>, all: Vec<(u16, i16)>) -> Model {
        let mut table = Table::with_capacity(feats.len());
        let mut keys = Vec::with_capacity(feats.len());
        let mut entries = Vec::with_capacity(all.len());
        let mut dense = Vec::new();
        for &(k, s, n) in &feats {
            let row = &all[s as usize..(s + n) as usize];
            if row.len() > DENSE_MIN {
                let start = dense.len();
                dense.resize(start + n_classes, 0i16);
                for &(c, w) in row {
                    dense[start + c as usize] = w;
                }
                table.insert(k, start as u32, n | DENSE_BIT);
            } else if row.len() <= 2 && n_classes <= 256 {
                let (a, b) = inline(row);
                table.insert(k, a, b);
            } else {
                table.insert(k, entries.len() as u32, n);
                entries.extend_from_slice(row);
            }
            keys.push(k);
        }
        // Copy the rows into huge-page-advised memory (they are read at random too).
        let mut e2 = crate::hash::zeroed_huge(entries.len());
        e2.copy_from_slice(&entries);
        let mut d2 = crate::hash::zeroed_huge(dense.len());
        d2.copy_from_slice(&dense);
        Model { n_classes, scale, keys, table, entries: e2, dense: d2 }
    }

    /// The sparse (class, weight) row of a feature, whichever way it is stored.
    fn row(&self, k: u64) -> Vec<(u16, i16)> {
        let Some((s, n)) = self.table.get(k) else { return Vec::new() };
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
        for &k in &self.keys {
            let start = entries.len();
            entries.extend(self.row(k).into_iter().filter(|e| e.1.unsigned_abs() >= min_abs as u16));
            if entries.len() > start {
                feats.push((k, start as u32, (entries.len() - start) as u32));
            }
        }
        Model::build(self.n_classes, self.scale, feats, entries)
    }

    pub fn n_entries(&self) -> usize {
        self.entries.len() + self.dense.len()
    }

    /// Add the integer weights of `feats` into `scores` (length `n_classes`).
    #[inline]
    pub fn score(&self, feats: &[u64], scores: &mut [i32]) {
        assert!(scores.len() >= self.n_classes);
        // Issue every table load first so the cache misses overlap, then every entry load.
        for &f in feats {
            self.table.prefetch(f);
        }
        let mut found = [(0u32, 0u32); 128];
        let mut k = 0;
        for &f in feats {
            if let Some((s, n)) = self.table.get(f) {
                if n as u32 & INLINE_BIT != 0 {
                    let (a, b) = (s as u32, n as u32);
                    for i in 0..(b & 3) as usize {
                        let (c, w) = inline_entry(a, b, i);
                        // Classes were checked against n_classes when the model was built or read.
                        unsafe { *scores.get_unchecked_mut(c) += w };
                    }
                } else if k < found.len() {
                    if n as u32 & DENSE_BIT != 0 {
                        let p = self.dense.as_ptr().wrapping_add(s);
                        let mut off = 0;
                        while off < self.n_classes {
                            prefetch(p.wrapping_add(off));
                            off += 32;
                        }
                    } else {
                        prefetch(self.entries.as_ptr().wrapping_add(s));
                    }
                    found[k] = (s as u32, n as u32);
                    k += 1;
                } else {
                    self.add(s, n, scores);
                }
            }
        }
        for &(s, n) in &found[..k] {
            self.add(s as usize, n as usize, scores);
        }
    }

    #[inline(always)]
    fn add(&self, s: usize, n: usize, scores: &mut [i32]) {
        if n as u32 & DENSE_BIT != 0 {
            let row = &self.dense[s..s + self.n_classes];
            let scores = &mut scores[..self.n_classes];
            for (sc, &w) in scores.iter_mut().zip(row) {
                *sc += w as i32;
            }
        } else {
            debug_assert!(scores.len() >= self.n_classes);
            // Classes were checked against n_classes when the model was built or read.
            for &(c, w) in unsafe { self.entries.get_unchecked(s..s + n) } {
                unsafe { *scores.get_unchecked_mut(c as usize) += w as i32 };
            }
        }
    }

    /// Serialise: sorted keys delta-coded as varints, entries as (class u8, weight i16).
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
        Ok(Model::build(n_classes, scale, feats, entries))
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
}
