//! The trained event model: four linear classifiers and a calibration, in one file
//! (`models/events.bin`, made by `statecraft train events` from `data/events-corpus`).
//!
//! - `topic`: is a sentence about politics (the document's figure is the mean of its sentences');
//! - `trigger`: for a candidate trigger, its PLOVER category or `NONE`;
//! - `actor`: is a recognised mention an actor at all ("Most doctors" is not Czechia);
//! - `role`: is a mention the source, the target or neither of a trigger;
//! - `confidence`: isotonic map from the product of the decisions' probabilities to the rate
//!   at which such events were right in cross-validation on the corpus.

use statecraft_learn::{read_models, write_models, Bundle, Calibration, Model};

/// The trigger model's classes: no event, then the sixteen PLOVER categories.
pub const CATEGORIES: [&str; 17] = [
    "NONE", "AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT", "ACCUSE", "REQUEST", "REJECT",
    "THREATEN", "PROTEST", "MOBILIZE", "SANCTION", "COERCE", "ASSAULT",
];
pub const ROLES: [&str; 3] = ["none", "source", "target"];
pub const TOPICS: [&str; 2] = ["other", "politics"];
pub const ACTORS: [&str; 2] = ["not", "actor"];

static SHIPPED: &[u8] = include_bytes!("../../../models/events.bin");

/// The loaded model.
pub struct EventModel {
    pub topic: Model,
    pub trigger: Model,
    pub role: Model,
    pub actor: Model,
    pub confidence: Calibration,
    /// Events below this calibrated confidence are not reported by default.
    pub threshold: f32,
    /// How the file was made (corpus, records, figures), as written by training.
    pub notes: Vec<(String, String)>,
}

impl EventModel {
    /// The model embedded in the binary, loaded on first use; `None` if the build has none.
    pub fn shipped() -> Option<&'static EventModel> {
        static M: std::sync::OnceLock<Option<EventModel>> = std::sync::OnceLock::new();
        M.get_or_init(|| if SHIPPED.is_empty() { None } else { Some(EventModel::from_bytes(SHIPPED).expect("the embedded event model is valid")) })
            .as_ref()
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<EventModel, String> {
        let b = read_models(bytes)?;
        let take = |name: &str, classes: &[&str]| -> Result<Model, String> {
            let m = b.models.iter().find(|m| m.name == name).ok_or_else(|| format!("event model file has no {name:?} model; retrain with `statecraft train events`"))?;
            if m.classes.iter().map(String::as_str).ne(classes.iter().copied()) {
                return Err(format!("event model {name:?} has classes {:?}, expected {classes:?}; retrain with `statecraft train events`", m.classes));
            }
            Ok(m.clone())
        };
        let confidence = b.calibrations.iter().find(|(n, _)| n == "confidence").map(|(_, c)| c.clone()).unwrap_or_default();
        let threshold = b.notes.iter().find(|(k, _)| k == "threshold").and_then(|(_, v)| v.parse().ok()).unwrap_or(0.5);
        Ok(EventModel {
            topic: take("topic", &TOPICS)?,
            trigger: take("trigger", &CATEGORIES)?,
            role: take("role", &ROLES)?,
            actor: take("actor", &ACTORS)?,
            confidence,
            threshold,
            notes: b.notes,
        })
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut notes: Vec<(String, String)> = self.notes.iter().filter(|(k, _)| k != "threshold").cloned().collect();
        notes.push(("threshold".into(), format!("{:.3}", self.threshold)));
        write_models(&Bundle {
            models: vec![self.topic.clone(), self.trigger.clone(), self.role.clone(), self.actor.clone()],
            calibrations: vec![("confidence".into(), self.confidence.clone())],
            notes,
        })
    }

    /// P(politics) of a sentence's topic features.
    pub fn politics(&self, features: &[u64]) -> f32 {
        self.topic.proba(features)[1]
    }
}
