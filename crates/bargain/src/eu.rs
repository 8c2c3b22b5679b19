//! Bueno de Mesquita's expected-utility ("challenge") model, written from the equations of
//! Scholz, Calbert & Smith (2011) as summarised in `shared/data/bargaining/MODELS.md` 1.4.
//!
//! Each round every pair of players at different positions is weighed: `E(i,j)`, the expected
//! utility of `i` challenging `j`, against `E(j,i)`. Both positive is a confrontation the
//! higher expected utility wins (the other moves to its position); opposite signs with the
//! positive side larger is a compromise (the negative side moves part way, by the ratio of
//! the two); opposite signs with the negative side larger is a capitulation (it moves all the
//! way); both negative is a stalemate. Each player takes one of the offers it received: a
//! confrontation before a compromise before a capitulation, and of those the one that moves
//! it least. All moves of a round happen at once.
//!
//! The papers leave choices open; [`Reading`] names the ones made. The default reading is the
//! one that reproduces the published emission-case trajectory (8.4, 9.9, 9.9, 9.9, 9.9 for the
//! first five rounds, within 0.3; see the test `emission_case_trajectory`):
//! - `Q = 1` (Scholz: "We chose Q=1.0"), so the no-challenge branch is the status quo;
//! - the leading salience of `E(i,j)` is the target's, `s_j` (the chance `j` resists);
//! - **probability of prevailing**: the support `i` draws against `j` (every player backing
//!   whichever of `i`, `j` is nearer, with weight capability times salience times the
//!   difference of distances) divided by the support drawn against `j` by *every* challenger
//!   — the denominator summed over all actor triples, as the open replication that matches
//!   Scholz's table does — not only by `i` and `j`. With the pair-only denominator of the
//!   printed equation 30 the model confronts nearly every pair and round 1's median is 7.0;
//! - **risk**: risk-neutral players (`r_i = 1` throughout). The security-based risk exponent
//!   of equations 32-34 ([`Reading::risk_from_security`]) sends round 1's median to 7.7 and the
//!   trajectory never reaches the published one in any of its readings tried (whose expected
//!   utility defines security, either sign);
//! - compromise moves follow Figure 6 for both directions;
//! - the range `R` is that of the round's current positions.

use crate::models::median_of;
use crate::Player;

/// The choices the papers leave open (see the module documentation).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Reading {
    /// Probability that the status quo holds when `i` does not challenge.
    pub q: f64,
    /// Divide `i`'s support against `j` by the support every challenger draws against `j`
    /// (true), or by the support of `i` and `j` alone (false, equation 30 as printed).
    pub probability_over_all_challengers: bool,
    /// Compute each player's risk exponent from its security (equations 32-34) instead of
    /// treating every player as risk-neutral.
    pub risk_from_security: bool,
}

impl Default for Reading {
    fn default() -> Self {
        Reading { q: 1.0, probability_over_all_challengers: true, risk_from_security: false }
    }
}

/// What a player did in a round.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MoveKind {
    /// Lost a confrontation (both wanted to challenge; the other's expected utility was higher).
    Confrontation,
    /// Moved part way toward the other.
    Compromise,
    /// Gave in fully.
    Capitulation,
}

impl MoveKind {
    fn priority(self) -> u8 {
        match self {
            MoveKind::Confrontation => 0,
            MoveKind::Compromise => 1,
            MoveKind::Capitulation => 2,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            MoveKind::Confrontation => "lost a confrontation to",
            MoveKind::Compromise => "compromised with",
            MoveKind::Capitulation => "gave in to",
        }
    }
}

/// One player's move in a round: `mover` went from `from` to `to` because of `other`.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Move {
    pub mover: String,
    pub other: String,
    pub kind: MoveKind,
    pub from: f64,
    pub to: f64,
    /// The expected utilities of the pair: the other's of challenging the mover, the mover's
    /// of challenging the other.
    pub eu_other: f64,
    pub eu_mover: f64,
}

/// The state after one round.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Round {
    pub round: usize,
    pub median: f64,
    pub mean: f64,
    pub positions: Vec<f64>,
    pub moves: Vec<Move>,
}

/// Runs `rounds` rounds from the players' positions. Saliences are on 0-100.
pub fn simulate(players: &[Player], rounds: usize, reading: Reading) -> Vec<Round> {
    let mut x: Vec<f64> = players.iter().map(|p| p.position).collect();
    let mut out = Vec::with_capacity(rounds);
    for t in 1..=rounds {
        let (next, moves) = step(players, &x, reading);
        x = next;
        let weights: Vec<f64> = players.iter().map(Player::weight).collect();
        let total: f64 = weights.iter().sum();
        let mean = if total > 0.0 { x.iter().zip(&weights).map(|(a, w)| a * w).sum::<f64>() / total } else { x.iter().sum::<f64>() / x.len().max(1) as f64 };
        let median = median_of(&x, &weights).unwrap_or(f64::NAN);
        out.push(Round { round: t, median, mean, positions: x.clone(), moves });
    }
    out
}

/// An offer to a player: what kind, where to, from whom, the proposer's and the player's EU.
type Offer = (MoveKind, f64, usize, f64, f64);

/// One round: the new positions and the moves that made them.
fn step(players: &[Player], x: &[f64], reading: Reading) -> (Vec<f64>, Vec<Move>) {
    let n = players.len();
    let c: Vec<f64> = players.iter().map(|p| p.capability).collect();
    let s: Vec<f64> = players.iter().map(|p| p.salience / 100.0).collect();
    let weights: Vec<f64> = (0..n).map(|i| c[i] * s[i]).collect();
    let lo = x.iter().cloned().fold(f64::INFINITY, f64::min);
    let hi = x.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
    let range = hi - lo;
    if n < 2 || range <= 0.0 {
        return (x.to_vec(), Vec::new());
    }
    let mu = median_of(x, &weights).unwrap_or(lo);

    // support k gives i against j: positive when k is nearer i
    let support = |k: usize, i: usize, j: usize| weights[k] * ((x[k] - x[j]).abs() - (x[k] - x[i]).abs());
    let contested: Vec<f64> = (0..n).map(|j| (0..n).flat_map(|a| (0..n).map(move |k| (a, k))).map(|(a, k)| support(k, a, j).abs()).sum()).collect();
    let probability = |i: usize, j: usize| -> f64 {
        let num: f64 = (0..n).map(|k| support(k, i, j).max(0.0)).sum();
        let den: f64 = if reading.probability_over_all_challengers { contested[j] } else { (0..n).map(|k| support(k, i, j).abs()).sum() };
        if den > 0.0 {
            num / den
        } else {
            0.5
        }
    };
    let p: Vec<Vec<f64>> = (0..n).map(|i| (0..n).map(|j| if i == j { 0.0 } else { probability(i, j) }).collect()).collect();

    let expected = |i: usize, j: usize, r: f64| -> f64 {
        let d = (x[i] - x[j]).abs() / range;
        let to_mu = (x[i] - mu).abs() / range;
        let u = |base: f64| 2.0 - 4.0 * base.max(0.0).powf(r);
        let (us, uf) = (u(0.5 - 0.5 * d), u(0.5 + 0.5 * d));
        let (ub, uw) = (u(0.5 - 0.25 * (to_mu + d)), u(0.5 + 0.25 * (to_mu + d)));
        let usq = u(0.5);
        let better = (x[i] - mu).abs() < (x[i] - x[j]).abs();
        let no_challenge = if better { ub } else { uw };
        s[j] * (p[i][j] * us + (1.0 - p[i][j]) * uf) + (1.0 - s[j]) * us - reading.q * usq - (1.0 - reading.q) * no_challenge
    };
    let mut r = vec![1.0; n];
    let mut e: Vec<Vec<f64>> = (0..n).map(|i| (0..n).map(|j| if i == j { 0.0 } else { expected(i, j, r[i]) }).collect()).collect();
    if reading.risk_from_security {
        // security of i: the others' expected utility of challenging i (equation 32)
        let security: Vec<f64> = (0..n).map(|i| (0..n).filter(|&j| j != i).map(|j| e[j][i]).sum()).collect();
        let max = security.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
        let min = security.iter().cloned().fold(f64::INFINITY, f64::min);
        if max > min {
            for i in 0..n {
                let big_r = (2.0 * security[i] - max - min) / (max - min);
                r[i] = (1.0 - big_r / 3.0) / (1.0 + big_r / 3.0);
            }
            e = (0..n).map(|i| (0..n).map(|j| if i == j { 0.0 } else { expected(i, j, r[i]) }).collect()).collect();
        }
    }

    // offers[j]: (kind, new position, from whom, the proposer's EU, j's EU)
    let mut offers: Vec<Vec<Offer>> = vec![Vec::new(); n];
    for i in 0..n {
        for j in i + 1..n {
            if x[i] == x[j] {
                continue;
            }
            let (a, b) = (e[i][j], e[j][i]);
            if a > 0.0 && b > 0.0 {
                if a > b {
                    offers[j].push((MoveKind::Confrontation, x[i], i, a, b));
                } else if b > a {
                    offers[i].push((MoveKind::Confrontation, x[j], j, b, a));
                }
            } else if a > 0.0 && b < 0.0 {
                if a > -b {
                    offers[j].push((MoveKind::Compromise, x[j] + (x[i] - x[j]) * (b / a).abs(), i, a, b));
                } else {
                    offers[j].push((MoveKind::Capitulation, x[i], i, a, b));
                }
            } else if a < 0.0 && b > 0.0 {
                if b > -a {
                    offers[i].push((MoveKind::Compromise, x[i] + (x[j] - x[i]) * (a / b).abs(), j, b, a));
                } else {
                    offers[i].push((MoveKind::Capitulation, x[j], j, b, a));
                }
            }
        }
    }
    let mut next = x.to_vec();
    let mut moves = Vec::new();
    for j in 0..n {
        let chosen = offers[j].iter().min_by(|a, b| a.0.priority().cmp(&b.0.priority()).then((a.1 - x[j]).abs().total_cmp(&(b.1 - x[j]).abs())));
        if let Some(&(kind, to, from_whom, eu_other, eu_mover)) = chosen {
            if (to - x[j]).abs() <= 1e-9 * range {
                continue; // converged: a move too small to count
            }
            next[j] = to;
            moves.push(Move { mover: players[j].name.clone(), other: players[from_whom].name.clone(), kind, from: x[j], to, eu_other, eu_mover });
        }
    }
    (next, moves)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn players(rows: &[(f64, f64, f64)]) -> Vec<Player> {
        rows.iter().enumerate().map(|(i, &(capability, position, salience))| Player { name: format!("p{i}"), capability, position, salience }).collect()
    }

    #[test]
    fn agreement_is_stable() {
        let ps = players(&[(1.0, 30.0, 50.0), (2.0, 30.0, 80.0)]);
        let rounds = simulate(&ps, 3, Reading::default());
        assert!(rounds.iter().all(|r| r.moves.is_empty() && r.median == 30.0));
    }

    #[test]
    fn a_weak_indifferent_player_gives_way_to_a_strong_resolved_one() {
        // the strong player cares a lot, the weak one little: the weak one moves toward it
        let ps = players(&[(10.0, 0.0, 90.0), (1.0, 100.0, 10.0)]);
        let r = &simulate(&ps, 1, Reading::default())[0];
        assert_eq!(r.moves.len(), 1);
        assert_eq!(r.moves[0].mover, "p1");
        assert!(r.positions[1] < 100.0);
        assert_eq!(r.positions[0], 0.0);
    }
}
