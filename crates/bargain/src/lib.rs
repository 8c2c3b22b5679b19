//! Bargaining: who wants what on an issue, how much they care, and where they are likely to
//! settle.
//!
//! A [`Player`] is one actor on one issue: its capability, its position on a 0-100 scale and
//! the salience the issue has for it. Players come from a plain table ([`table::read_players`]),
//! from the DEU III data set ([`deu`]), or from coded news: an [`space::IssueSpace`] (a TOML
//! file the user writes: issues with labelled poles and the words and event categories that
//! signal each pole) turns a store's events and quotes into dated positions with their evidence
//! sentences ([`positions`]). The [`models`] forecast the outcome: the compromise model
//! (capability-and-salience weighted mean), the weighted median, the Nash bargaining solution
//! with quadratic utilities and a reference point, and Bueno de Mesquita's expected-utility
//! challenge model round by round ([`eu`]). [`svg`] draws an issue's positions over time and
//! the forecast.

pub mod deu;
pub mod eu;
pub mod models;
pub mod positions;
pub mod space;
pub mod svg;
pub mod table;

/// One actor on one issue.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Player {
    pub name: String,
    /// Influence if fully motivated; any non-negative scale (only ratios matter).
    pub capability: f64,
    /// The outcome the actor says it wants, 0-100 (DEU III and issue files), or any scale
    /// common to all players of the issue (the emission case counts years).
    pub position: f64,
    /// How much the issue matters to the actor, 0-100.
    pub salience: f64,
}

impl Player {
    /// Capability times salience: the weight of the compromise model and the median.
    pub fn weight(&self) -> f64 {
        self.capability * self.salience
    }
}
