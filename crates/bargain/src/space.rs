//! The issue space a user writes: a TOML file naming the actors to follow (with capability)
//! and the issues, each a 0-100 scale with labelled poles and the signals that place an actor
//! on it. The format is documented in the README (section "Bargaining") and shown by
//! `examples/issues/ukraine-war.toml`.

use serde::Deserialize;
use statecraft_model::PLOVER_CATEGORIES;

/// The pseudo-category of a signal that reads quotations rather than events.
pub const QUOTE: &str = "QUOTE";

/// A parsed, checked issue file.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IssueSpace {
    #[serde(default)]
    pub title: String,
    /// Evidence loses half its weight in this many days (positions and salience are dated).
    #[serde(default = "default_half_life")]
    pub half_life_days: f64,
    /// Capability of an actor that gives none; without it every actor must give one.
    #[serde(default)]
    pub default_capability: Option<f64>,
    #[serde(default, rename = "actors")]
    pub actors: Vec<ActorSpec>,
    #[serde(default, rename = "issues")]
    pub issues: Vec<IssueSpec>,
}

fn default_half_life() -> f64 {
    180.0
}

/// An actor to follow.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActorSpec {
    /// The actor code events and quote speakers carry (`RUS`, `UKR`, `USA`, `IGO` ...).
    pub code: String,
    /// A readable name for output; the code when absent.
    #[serde(default)]
    pub name: Option<String>,
    /// Influence if fully motivated, 0-100 (see the README for the example's sources).
    #[serde(default)]
    pub capability: Option<f64>,
    /// Names of people or organisations that speak for the actor when a quote's speaker has
    /// no code (matched against the speaker's name, case-insensitively, as whole words).
    #[serde(default)]
    pub names: Vec<String>,
    /// Only events and speakers of this organisation (`org`, e.g. `EU`, `NATO`) when the code
    /// is shared by many (`IGO`).
    #[serde(default)]
    pub org: Option<String>,
}

impl ActorSpec {
    pub fn label(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.code)
    }
}

/// One issue: a 0-100 scale.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IssueSpec {
    /// Short name used on the command line and in output (`territory`).
    pub id: String,
    #[serde(default)]
    pub title: String,
    /// What 0 means.
    pub low: String,
    /// What 100 means.
    pub high: String,
    /// Where things stand if nobody agrees, 0-100: the Nash model's reference point.
    #[serde(default)]
    pub status_quo: Option<f64>,
    /// Words one of which a sentence must contain to be about this issue (none: any sentence a
    /// signal matches). A word matches at the start of a word of the text, case-insensitively,
    /// so `territor` matches "territory" and "territorial".
    #[serde(default)]
    pub topic: Vec<String>,
    #[serde(default)]
    pub signals: Vec<Signal>,
}

/// A way of stating a position: words in the sentence (and the kind of statement) that put the
/// speaker or the event's source at `position`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signal {
    /// Where the signal places the actor, 0-100.
    pub position: f64,
    /// Words or phrases, one of which must be in the sentence (matched at word starts).
    pub words: Vec<String>,
    /// PLOVER categories of events that count (`REQUEST`, `REJECT` ...) and `QUOTE` for
    /// quotations; empty: any event or quote.
    #[serde(default)]
    pub events: Vec<String>,
    /// How strongly this statement shows the position and how much the actor cares (1 by default).
    #[serde(default = "one")]
    pub weight: f64,
}

fn one() -> f64 {
    1.0
}

impl IssueSpace {
    /// Parses and checks an issue file; `origin` names it in error messages.
    pub fn parse(text: &str, origin: &str) -> Result<IssueSpace, String> {
        let space: IssueSpace = toml::from_str(text).map_err(|e| format!("{origin}: {}", e.to_string().trim_end()))?;
        space.check(origin)?;
        Ok(space)
    }

    fn check(&self, origin: &str) -> Result<(), String> {
        if self.actors.is_empty() {
            return Err(format!("{origin}: no actors; add [[actors]] entries with code and capability"));
        }
        if self.issues.is_empty() {
            return Err(format!("{origin}: no issues; add [[issues]] entries with id, low, high and signals"));
        }
        if self.half_life_days.is_nan() || self.half_life_days <= 0.0 {
            return Err(format!("{origin}: half_life_days must be a number of days above 0"));
        }
        if let Some(c) = self.default_capability {
            if !(0.0..=100.0).contains(&c) {
                return Err(format!("{origin}: default_capability {c} is outside 0-100"));
            }
        }
        for (k, a) in self.actors.iter().enumerate() {
            if a.code.trim().is_empty() {
                return Err(format!("{origin}: actor {} has an empty code", k + 1));
            }
            match a.capability.or(self.default_capability) {
                None => {
                    return Err(format!(
                        "{origin}: actor {} has no capability; add `capability = N` (0-100) to its [[actors]] entry, or `default_capability = N` at the top of the file",
                        a.code
                    ))
                }
                Some(c) if !(0.0..=100.0).contains(&c) => return Err(format!("{origin}: capability {c} of actor {} is outside 0-100", a.code)),
                _ => {}
            }
            if self.actors[..k].iter().any(|b| b.code == a.code && b.org == a.org) {
                return Err(format!("{origin}: actor {} is listed twice", a.code));
            }
        }
        for (k, issue) in self.issues.iter().enumerate() {
            if issue.id.trim().is_empty() || issue.id.contains(char::is_whitespace) {
                return Err(format!("{origin}: issue {} needs an id without spaces (e.g. id = \"territory\")", k + 1));
            }
            if self.issues[..k].iter().any(|b| b.id == issue.id) {
                return Err(format!("{origin}: issue {} is listed twice", issue.id));
            }
            if let Some(q) = issue.status_quo {
                if !(0.0..=100.0).contains(&q) {
                    return Err(format!("{origin}: issue {}: status_quo {q} is outside 0-100", issue.id));
                }
            }
            if issue.signals.is_empty() {
                return Err(format!("{origin}: issue {} has no signals; add [[issues.signals]] with position and words", issue.id));
            }
            for s in &issue.signals {
                if !(0.0..=100.0).contains(&s.position) {
                    return Err(format!("{origin}: issue {}: a signal's position {} is outside 0-100", issue.id, s.position));
                }
                if s.weight.is_nan() || s.weight <= 0.0 {
                    return Err(format!("{origin}: issue {}: a signal's weight {} must be above 0", issue.id, s.weight));
                }
                if s.words.iter().all(|w| w.trim().is_empty()) {
                    return Err(format!("{origin}: issue {}: a signal at position {} has no words", issue.id, s.position));
                }
                for e in &s.events {
                    if e != QUOTE && !PLOVER_CATEGORIES.contains(&e.as_str()) {
                        return Err(format!("{origin}: issue {}: {e:?} is not a PLOVER category (AGREE, REQUEST, REJECT, THREATEN, CONCEDE, ...) nor QUOTE", issue.id));
                    }
                }
            }
        }
        Ok(())
    }

    /// The actor's capability (its own, else the file's default; checked on load).
    pub fn capability(&self, actor: &ActorSpec) -> f64 {
        actor.capability.or(self.default_capability).unwrap_or(0.0)
    }

    pub fn issue(&self, id: &str) -> Option<&IssueSpec> {
        self.issues.iter().find(|i| i.id == id)
    }
}

/// Text as signals are matched in it: lower case, curly apostrophes straight ("won’t" is "won't").
pub fn fold(text: &str) -> String {
    text.to_lowercase().replace(['\u{2019}', '\u{2018}'], "'")
}

/// Whether `word` occurs in `text` at the start of a word, case-insensitively (`text` as
/// [`fold`] gives it).
pub fn contains_word(text_lower: &str, word: &str) -> bool {
    let word = fold(word.trim());
    if word.is_empty() {
        return false;
    }
    text_lower.match_indices(&word).any(|(at, _)| text_lower[..at].chars().next_back().is_none_or(|c| !c.is_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
title = "t"
[[actors]]
code = "AAA"
capability = 10
[[issues]]
id = "land"
low = "A keeps it"
high = "B gets it"
[[issues.signals]]
position = 100
words = ["cede"]
events = ["REQUEST"]
"#;

    #[test]
    fn parses_a_file() {
        let s = IssueSpace::parse(GOOD, "f.toml").unwrap();
        assert_eq!(s.issues[0].signals[0].position, 100.0);
        assert_eq!(s.half_life_days, 180.0);
    }

    #[test]
    fn bad_files_say_what_to_fix() {
        let e = IssueSpace::parse(&GOOD.replace("capability = 10\n", ""), "f.toml").unwrap_err();
        assert!(e.contains("actor AAA has no capability"), "{e}");
        let e = IssueSpace::parse(&GOOD.replace("position = 100", "position = 130"), "f.toml").unwrap_err();
        assert!(e.contains("outside 0-100"), "{e}");
        let e = IssueSpace::parse(&GOOD.replace("REQUEST", "DEMAND"), "f.toml").unwrap_err();
        assert!(e.contains("not a PLOVER category"), "{e}");
        let e = IssueSpace::parse(&GOOD.replace("low = ", "lo = "), "f.toml").unwrap_err();
        assert!(e.starts_with("f.toml:"), "{e}");
        assert!(IssueSpace::parse("title = ", "f.toml").is_err());
    }

    #[test]
    fn words_match_at_word_starts() {
        assert!(contains_word("russia ceded land", "cede"));
        assert!(contains_word("territorial concessions", "Territor"));
        assert!(!contains_word("this may precede talks", "cede"));
        assert!(contains_word(&fold("Kyiv won\u{2019}t join NATO"), "won't join NATO"));
    }
}
