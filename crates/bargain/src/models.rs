//! The one-shot forecasters: compromise (weighted mean), weighted median and the Nash
//! bargaining solution. The expected-utility model, which moves players round by round, is in
//! [`crate::eu`].

use crate::Player;

/// The forecasting models, by the names the command line uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Model {
    /// Statecraft's default: the weighted mean with [`Weighting::DEFAULT`].
    Default,
    /// Capability-times-salience weighted mean (van den Bos 1991).
    Compromise,
    /// The position where half the capability-times-salience weight lies on either side.
    Median,
    /// Asymmetric Nash bargaining solution, quadratic utilities, a reference point.
    Nash,
    /// Bueno de Mesquita's expected-utility challenge model (Scholz et al. 2011 reading).
    Eu,
}

impl Model {
    pub const NAMES: &'static str = "default, compromise, median, nash or eu";

    pub fn parse(name: &str) -> Option<Model> {
        match name {
            "default" => Some(Model::Default),
            "compromise" => Some(Model::Compromise),
            "median" => Some(Model::Median),
            "nash" => Some(Model::Nash),
            "eu" => Some(Model::Eu),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Model::Default => "default",
            Model::Compromise => "compromise",
            Model::Median => "median",
            Model::Nash => "nash",
            Model::Eu => "eu",
        }
    }
}

/// `model`'s forecast for `players`: the expected-utility model's is the weighted median after
/// `rounds` rounds, as Bueno de Mesquita forecasts; `reference` is the Nash model's status quo.
pub fn forecast(players: &[Player], model: Model, rounds: usize, reference: Option<f64>) -> Option<f64> {
    match model {
        Model::Default => compromise(players, Weighting::DEFAULT),
        Model::Compromise => compromise(players, Weighting::CLASSIC),
        Model::Median => weighted_median(players),
        Model::Nash => nash(players, reference),
        Model::Eu => crate::eu::simulate(players, rounds, crate::eu::Reading::default()).last().map(|r| r.median),
    }
}

/// Exponents of the compromise model's weights, `capability^capability * salience^salience`.
/// (1, 1) is the classic compromise model; [`Weighting::DEFAULT`] is Statecraft's default.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Weighting {
    pub capability: f64,
    pub salience: f64,
}

impl Weighting {
    /// The classic compromise model: capability times salience.
    pub const CLASSIC: Weighting = Weighting { capability: 1.0, salience: 1.0 };
    /// Statecraft's default forecaster: capability damped by a square root, salience as is.
    /// The exponent is chosen on DEU III by cross-validation over proposals (`statecraft eval
    /// bargaining` prints the held-out error); every one of the ten folds chose 0.5. A square
    /// root keeps the large states from outweighing everyone, as GDP alone makes them do.
    pub const DEFAULT: Weighting = Weighting { capability: 0.5, salience: 1.0 };

    fn weight(&self, p: &Player) -> f64 {
        power(p.capability, self.capability) * power(p.salience, self.salience)
    }
}

/// `x^e` with `0^0 = 1`, so a zero exponent ignores the quantity even when it is zero.
fn power(x: f64, e: f64) -> f64 {
    if e == 0.0 {
        1.0
    } else {
        x.max(0.0).powf(e)
    }
}

/// The weighted mean of positions. With no weight at all (every capability or salience zero)
/// the plain mean. `None` for no players.
pub fn compromise(players: &[Player], weighting: Weighting) -> Option<f64> {
    if players.is_empty() {
        return None;
    }
    let (mut num, mut den) = (0.0, 0.0);
    for p in players {
        let w = weighting.weight(p);
        num += w * p.position;
        den += w;
    }
    Some(if den > 0.0 { num / den } else { mean(players) })
}

/// The plain mean of positions (a baseline).
pub fn mean(players: &[Player]) -> f64 {
    players.iter().map(|p| p.position).sum::<f64>() / players.len().max(1) as f64
}

/// The weighted median of positions with weights capability times salience: the lowest
/// position at which the weight at or below it reaches half the total. This is the Condorcet
/// winner of the pairwise votes of Scholz et al. (2011, Appendix step 3). With no weight at
/// all, the unweighted median (lower middle).
pub fn weighted_median(players: &[Player]) -> Option<f64> {
    let weights: Vec<f64> = players.iter().map(Player::weight).collect();
    let positions: Vec<f64> = players.iter().map(|p| p.position).collect();
    median_of(&positions, &weights)
}

/// The weighted median of `positions` with `weights` (see [`weighted_median`]).
pub fn median_of(positions: &[f64], weights: &[f64]) -> Option<f64> {
    if positions.is_empty() {
        return None;
    }
    let total: f64 = weights.iter().sum();
    let mut order: Vec<usize> = (0..positions.len()).collect();
    order.sort_by(|&a, &b| positions[a].total_cmp(&positions[b]));
    if total <= 0.0 {
        return Some(positions[order[(order.len() - 1) / 2]]);
    }
    let mut seen = 0.0;
    for &i in &order {
        seen += weights[i];
        // a relative tolerance: half of a sum of products is rarely exact in floating point
        if seen >= total / 2.0 - total * 1e-12 {
            return Some(positions[i]);
        }
    }
    order.last().map(|&i| positions[i])
}

/// The asymmetric Nash bargaining solution with quadratic utilities `u_i(x) = -(x - x_i)^2`,
/// weights capability times salience, and the disagreement point `reference` (the status quo):
/// the `x` maximising `sum_i w_i ln(u_i(x) - u_i(d))` among the outcomes every player prefers to
/// `d`. When no outcome is better than `d` for every player with weight (players on both sides
/// of it, or one standing on it), the forecast is `d`. Without a reference point the
/// disagreement point is taken as far away from everyone, where the solution is the
/// compromise model's weighted mean (MODELS.md 1.2).
pub fn nash(players: &[Player], reference: Option<f64>) -> Option<f64> {
    let Some(d) = reference else {
        return compromise(players, Weighting::CLASSIC);
    };
    let active: Vec<&Player> = players.iter().filter(|p| p.weight() > 0.0).collect();
    if active.is_empty() {
        return if players.is_empty() { None } else { Some(d) };
    }
    // Every player gains exactly on the open interval (x_i - |d - x_i|, x_i + |d - x_i|).
    let (mut lo, mut hi) = (f64::NEG_INFINITY, f64::INFINITY);
    for p in &active {
        let r = (d - p.position).abs();
        lo = lo.max(p.position - r);
        hi = hi.min(p.position + r);
    }
    if hi - lo <= 1e-9 {
        return Some(d);
    }
    let objective = |x: f64| -> f64 {
        active
            .iter()
            .map(|p| {
                let gain = (d - p.position).powi(2) - (x - p.position).powi(2);
                p.weight() * gain.max(1e-300).ln()
            })
            .sum()
    };
    // The objective is concave on the interval (a sum of logs of concave functions):
    // golden-section search finds its maximum.
    let (mut a, mut b) = (lo, hi);
    let phi = (5f64.sqrt() - 1.0) / 2.0;
    let mut c = b - phi * (b - a);
    let mut e = a + phi * (b - a);
    let (mut fc, mut fe) = (objective(c), objective(e));
    for _ in 0..200 {
        if fc < fe {
            a = c;
            c = e;
            fc = fe;
            e = a + phi * (b - a);
            fe = objective(e);
        } else {
            b = e;
            e = c;
            fe = fc;
            c = b - phi * (b - a);
            fc = objective(c);
        }
        if b - a < 1e-9 {
            break;
        }
    }
    Some((a + b) / 2.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(position: f64, capability: f64, salience: f64) -> Player {
        Player { name: format!("at {position}"), capability, position, salience }
    }

    #[test]
    fn mean_and_median_of_the_toy_case() {
        // MODELS.md 1.3: positions 10/20/60, weights 20/80/30
        let players = [p(10.0, 20.0, 1.0), p(20.0, 80.0, 1.0), p(60.0, 30.0, 1.0)];
        assert!((compromise(&players, Weighting::CLASSIC).unwrap() - 27.6923).abs() < 1e-4);
        assert_eq!(weighted_median(&players), Some(20.0));
    }

    #[test]
    fn median_moves_with_the_weight() {
        let players = [p(10.0, 20.0, 1.0), p(20.0, 10.0, 1.0), p(60.0, 40.0, 1.0)];
        assert_eq!(weighted_median(&players), Some(60.0));
    }

    #[test]
    fn nash_with_a_reference_point() {
        // two equal players at 40 and 60, status quo 0: both gain on (0, 80); the quadratic
        // NBS with equal weights maximises ln(1600-(x-40)^2) + ln(3600-(x-60)^2)
        let players = [p(40.0, 1.0, 1.0), p(60.0, 1.0, 1.0)];
        let x = nash(&players, Some(0.0)).unwrap();
        let f = |x: f64| (1600.0 - (x - 40.0f64).powi(2)).ln() + (3600.0 - (x - 60.0f64).powi(2)).ln();
        assert!(x > 40.0 && x < 60.0, "{x}");
        assert!(f(x) >= f(x - 0.01) && f(x) >= f(x + 0.01));
        // a status quo between the players: no outcome is better for both
        assert_eq!(nash(&players, Some(50.0)), Some(50.0));
        // no reference: the weighted mean
        assert_eq!(nash(&players, None), Some(50.0));
    }

    #[test]
    fn weighting_exponents() {
        let players = [p(0.0, 4.0, 1.0), p(100.0, 1.0, 1.0)];
        assert_eq!(compromise(&players, Weighting::CLASSIC), Some(20.0));
        let sqrt = Weighting { capability: 0.5, salience: 1.0 };
        assert!((compromise(&players, sqrt).unwrap() - 100.0 / 3.0).abs() < 1e-9);
        let none = Weighting { capability: 0.0, salience: 0.0 };
        assert_eq!(compromise(&players, none), Some(50.0));
    }
}
