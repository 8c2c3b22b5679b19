//! Linear classifiers for Statecraft's trained decisions.
//!
//! A [`Model`] is a multinomial logistic regression over sparse binary features. Features are
//! strings hashed to 64 bits ([`feature`]); an [`Example`] is a bag of them with a class and a
//! group (the record it came from, so cross-validation never splits a record). [`train`] fits a
//! model with AdaGrad on the softmax loss with L2 regularisation, deterministically (a fixed
//! seed orders the passes), so the same examples give the same model file byte for byte.
//! [`Calibration`] maps raw scores to calibrated probabilities (isotonic regression fitted on
//! held-out folds). Models and calibrations are written to and read from compact byte strings
//! (quantised weights, gzip). This crate knows nothing of events or text.

mod io;

use std::collections::HashMap;

pub use io::{read_models, write_models, Bundle};

/// Hash a feature string to its 64-bit id.
pub fn feature(s: &str) -> u64 {
    features_of(&[s])
}

/// Hash a feature made of parts (a template name and its values) without joining them:
/// `features_of(&["lemma", "attack"])` names the feature "lemma=attack".
pub fn features_of(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            h ^= 0x1f;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        for b in part.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    // murmur3 finaliser: FNV alone leaves the low bits of short strings correlated
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// One training example.
#[derive(Debug, Clone)]
pub struct Example {
    pub features: Vec<u64>,
    /// Index into the model's classes.
    pub class: usize,
    /// The record the example came from: cross-validation folds are made of whole groups.
    pub group: u64,
}

/// Training settings.
#[derive(Debug, Clone)]
pub struct Config {
    pub epochs: usize,
    pub rate: f32,
    pub l2: f32,
    /// Features seen in fewer examples are left out of the model.
    pub min_count: u32,
    pub seed: u64,
}

impl Default for Config {
    fn default() -> Config {
        Config { epochs: 12, rate: 0.2, l2: 1e-5, min_count: 2, seed: 0x5eed }
    }
}

/// A trained multinomial logistic regression.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub name: String,
    pub classes: Vec<String>,
    /// Feature ids, sorted; row `i` of `weights` belongs to `keys[i]`.
    keys: Vec<u64>,
    index: HashMap<u64, u32>,
    /// `keys.len() * classes.len()` weights, row-major.
    weights: Vec<f32>,
    bias: Vec<f32>,
}

impl Model {
    pub fn from_parts(name: String, classes: Vec<String>, keys: Vec<u64>, weights: Vec<f32>, bias: Vec<f32>) -> Model {
        let index = keys.iter().enumerate().map(|(i, &k)| (k, i as u32)).collect();
        Model { name, classes, keys, index, weights, bias }
    }

    pub fn keys(&self) -> &[u64] {
        &self.keys
    }

    pub fn weights(&self) -> &[f32] {
        &self.weights
    }

    pub fn bias(&self) -> &[f32] {
        &self.bias
    }

    pub fn class_index(&self, name: &str) -> Option<usize> {
        self.classes.iter().position(|c| c == name)
    }

    /// Raw scores (logits) of every class.
    pub fn scores(&self, features: &[u64]) -> Vec<f32> {
        let k = self.classes.len();
        let mut s = self.bias.clone();
        for f in features {
            if let Some(&row) = self.index.get(f) {
                let w = &self.weights[row as usize * k..(row as usize + 1) * k];
                for (a, b) in s.iter_mut().zip(w) {
                    *a += b;
                }
            }
        }
        s
    }

    /// Class probabilities.
    pub fn proba(&self, features: &[u64]) -> Vec<f32> {
        softmax(self.scores(features))
    }

    /// The most probable class and its probability.
    pub fn best(&self, features: &[u64]) -> (usize, f32) {
        let p = self.proba(features);
        let (i, &v) = p.iter().enumerate().fold((0, &f32::MIN), |a, b| if b.1 > a.1 { b } else { a });
        (i, v)
    }
}

pub fn softmax(mut s: Vec<f32>) -> Vec<f32> {
    let m = s.iter().copied().fold(f32::MIN, f32::max);
    let mut z = 0.0;
    for v in s.iter_mut() {
        *v = (*v - m).exp();
        z += *v;
    }
    for v in s.iter_mut() {
        *v /= z;
    }
    s
}

/// splitmix64: the deterministic generator that orders training passes.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

/// Fit a model on `examples` (classes indexed as in `classes`).
pub fn train(name: &str, examples: &[Example], classes: &[String], cfg: &Config) -> Model {
    let k = classes.len();
    // keep features seen in at least `min_count` examples
    let mut counts: HashMap<u64, u32> = HashMap::new();
    for e in examples {
        let mut seen: Vec<u64> = e.features.clone();
        seen.sort_unstable();
        seen.dedup();
        for f in seen {
            *counts.entry(f).or_default() += 1;
        }
    }
    let mut keys: Vec<u64> = counts.into_iter().filter(|&(_, c)| c >= cfg.min_count).map(|(f, _)| f).collect();
    keys.sort_unstable();
    let index: HashMap<u64, u32> = keys.iter().enumerate().map(|(i, &f)| (f, i as u32)).collect();
    let rows: Vec<Vec<u32>> = examples
        .iter()
        .map(|e| {
            let mut r: Vec<u32> = e.features.iter().filter_map(|f| index.get(f).copied()).collect();
            r.sort_unstable();
            r.dedup();
            r
        })
        .collect();
    let mut w = vec![0f32; keys.len() * k];
    let mut g2 = vec![1e-6f32; keys.len() * k];
    let mut bias = vec![0f32; k];
    let mut bias_g2 = vec![1e-6f32; k];
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut rng = Rng::new(cfg.seed);
    for _ in 0..cfg.epochs {
        rng.shuffle(&mut order);
        for &i in &order {
            let row = &rows[i];
            let mut s = bias.clone();
            for &f in row {
                let wf = &w[f as usize * k..(f as usize + 1) * k];
                for (a, b) in s.iter_mut().zip(wf) {
                    *a += b;
                }
            }
            let p = softmax(s);
            for c in 0..k {
                let g = p[c] - if c == examples[i].class { 1.0 } else { 0.0 };
                bias_g2[c] += g * g;
                bias[c] -= cfg.rate * g / bias_g2[c].sqrt();
                for &f in row {
                    let j = f as usize * k + c;
                    let gj = g + cfg.l2 * w[j];
                    g2[j] += gj * gj;
                    w[j] -= cfg.rate * gj / g2[j].sqrt();
                }
            }
        }
    }
    Model::from_parts(name.to_string(), classes.to_vec(), keys, w, bias)
}

/// The fold (0..k) of a group: a fixed function of the group id.
pub fn fold_of(group: u64, k: usize) -> usize {
    let mut r = Rng::new(group ^ 0xf01d);
    (r.next() % k as u64) as usize
}

/// Monotone map from a raw score to the observed rate of being right, fitted by isotonic
/// regression (pool adjacent violators) on held-out predictions.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Calibration {
    /// Increasing raw scores and the calibrated probability at each.
    pub xs: Vec<f32>,
    pub ys: Vec<f32>,
}

impl Calibration {
    /// Fit on (raw score, right?) pairs.
    pub fn fit(points: &[(f32, bool)]) -> Calibration {
        let mut pts: Vec<(f32, f32)> = points.iter().map(|&(x, y)| (x, if y { 1.0 } else { 0.0 })).collect();
        pts.sort_by(|a, b| a.0.total_cmp(&b.0));
        // blocks of (sum of y, count, mean x)
        let mut blocks: Vec<(f32, f32, f32)> = Vec::new();
        for (x, y) in pts {
            blocks.push((y, 1.0, x));
            while blocks.len() >= 2 {
                let n = blocks.len();
                let (a, b) = (blocks[n - 2], blocks[n - 1]);
                if a.0 / a.1 <= b.0 / b.1 {
                    break;
                }
                blocks.truncate(n - 2);
                blocks.push((a.0 + b.0, a.1 + b.1, (a.2 * a.1 + b.2 * b.1) / (a.1 + b.1)));
            }
        }
        Calibration { xs: blocks.iter().map(|b| b.2).collect(), ys: blocks.iter().map(|b| b.0 / b.1).collect() }
    }

    /// The calibrated probability of a raw score (linear between fitted points; the raw score
    /// itself when nothing was fitted).
    pub fn apply(&self, x: f32) -> f32 {
        if self.xs.is_empty() {
            return x;
        }
        let i = self.xs.partition_point(|&v| v < x);
        if i == 0 {
            return self.ys[0];
        }
        if i == self.xs.len() {
            return self.ys[i - 1];
        }
        let (x0, x1, y0, y1) = (self.xs[i - 1], self.xs[i], self.ys[i - 1], self.ys[i]);
        if x1 <= x0 {
            return y1;
        }
        y0 + (y1 - y0) * (x - x0) / (x1 - x0)
    }
}

#[cfg(test)]
mod tests;
