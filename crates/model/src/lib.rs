//! The records that flow between Statecraft's stages.
//!
//! Readers produce [`Document`]s, the text stage produces [`Sentence`]s, the actor stage
//! produces [`Actor`] mentions and the coder produces [`Event`]s. Sinks (the SQLite store,
//! JSON lines, CSV) consume these. Nothing here does any work: it is the shared vocabulary,
//! so that no stage depends on another stage's internals.

pub mod dictfile;
pub mod fasthash;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One article as read from a source, before any analysis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// The id given by the source, else a content hash (see `statecraft_readers::content_id`).
    pub id: String,
    pub title: Option<String>,
    pub date: Option<NaiveDate>,
    pub url: Option<String>,
    pub outlet: Option<String>,
    /// Where it came from: a file path, or `path:line` for JSON lines.
    pub origin: String,
    /// The text exactly as read (after UTF-8 decoding).
    pub text: String,
    /// What the source left out of `text`, with the reason (the HTML extractor's link lists,
    /// bylines, repeated titles ...). The pipeline stores it with the cleaning's removals.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub removed: Vec<(String, String)>,
    /// How the source read it, where a person checking the document should know: the
    /// strategy that found a web page's body, a charset the page declared but its bytes did
    /// not fit. Stored with the document.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// A document that could not be read, with the reason. Recorded, never dropped silently.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rejected {
    pub origin: String,
    pub reason: String,
}

/// A sentence of the cleaned text; `start..end` are byte offsets into the cleaned text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sentence {
    pub index: usize,
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// A resolved actor mention: CAMEO-style code plus sector and, for organisations, which one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Actor {
    /// The words in the sentence that name the actor.
    pub text: String,
    /// ISO 3166-1 alpha-3 for states; `IGO`, `NGO` or `IMG` for organisations and groups.
    pub code: String,
    pub sector: Option<String>,
    /// For `IGO`/`NGO`/`IMG`: the organisation's short code (`NATO`, `UN`, ...).
    pub org: Option<String>,
    /// A named person or organisation's canonical name, when known.
    pub name: Option<String>,
    /// The person's role on the document date ("President-elect"), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// Byte span in the cleaned text.
    #[serde(skip)]
    pub start: usize,
    #[serde(skip)]
    pub end: usize,
}

/// How the text presents an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Polarity {
    /// The text says it happened.
    Asserted,
    /// The text says it did not happen ("the Kremlin didn't retaliate").
    Negated,
    /// The text speculates (could, may, might, would ... if).
    Hypothetical,
    /// The text reports a conflictual intention ("threatened to impose sanctions").
    Threatened,
    /// The text reports a cooperative intention ("promised to send aid", "offered to meet").
    Proposed,
}

impl Polarity {
    pub fn as_str(self) -> &'static str {
        match self {
            Polarity::Asserted => "asserted",
            Polarity::Negated => "negated",
            Polarity::Hypothetical => "hypothetical",
            Polarity::Threatened => "threatened",
            Polarity::Proposed => "proposed",
        }
    }
    pub fn parse(s: &str) -> Option<Polarity> {
        Some(match s {
            "asserted" => Polarity::Asserted,
            "negated" => Polarity::Negated,
            "hypothetical" => Polarity::Hypothetical,
            "threatened" => Polarity::Threatened,
            "proposed" => Polarity::Proposed,
            _ => return None,
        })
    }
}

/// Where an event took place (filled by the place stage when it exists).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Location {
    pub name: String,
    pub country: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
}

/// One coded event. `export events` and `code` print exactly this shape.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub doc_id: String,
    /// Index of the sentence in the document.
    pub sentence: usize,
    /// Byte span of the sentence in the cleaned text.
    pub span: [usize; 2],
    pub sentence_text: String,
    /// The document date (event dates are refined by the time stage when it exists).
    pub date: Option<String>,
    pub source: Actor,
    pub target: Option<Actor>,
    /// PLOVER 2021 category.
    pub event: String,
    pub cameo: String,
    /// Goldstein weight, -10 to 10, printed with one decimal as in the CAMEO table.
    #[serde(serialize_with = "one_decimal")]
    pub goldstein: f32,
    pub quad_class: u8,
    pub polarity: Polarity,
    /// The words that triggered the event.
    pub trigger: String,
    /// The dictionary pattern that fired, as `CAMEO:pattern`.
    pub pattern: String,
    /// The place the sentence puts the event in (the place stage), if any.
    pub location: Option<Location>,
    /// How precise `date` is. `date` is the first day of the day, week (Monday), month or year
    /// the text gives for the event; `unknown` means the text gives none and `date` is the
    /// publication date.
    #[serde(default)]
    pub date_precision: DatePrecision,
    /// The document's publication date, kept beside the event date.
    #[serde(default)]
    pub publication_date: Option<String>,
    /// The event model's calibrated probability that the event is right (0 to 1); `null` when
    /// coded by the dictionaries and rules alone.
    #[serde(default)]
    pub confidence: Option<f32>,
}

/// How precisely a date is known (the time stage).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DatePrecision {
    Day,
    Week,
    Month,
    Year,
    /// Not resolved: the date given is the publication date.
    #[default]
    Unknown,
}

impl DatePrecision {
    pub fn as_str(self) -> &'static str {
        match self {
            DatePrecision::Day => "day",
            DatePrecision::Week => "week",
            DatePrecision::Month => "month",
            DatePrecision::Year => "year",
            DatePrecision::Unknown => "unknown",
        }
    }
    pub fn parse(s: &str) -> Option<DatePrecision> {
        Some(match s {
            "day" => DatePrecision::Day,
            "week" => DatePrecision::Week,
            "month" => DatePrecision::Month,
            "year" => DatePrecision::Year,
            "unknown" => DatePrecision::Unknown,
            _ => return None,
        })
    }
}

/// Who a quote is attributed to. Every field is `None` when the text does not say.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Speaker {
    /// A person's or organisation's name ("Nina Khrushcheva", "Moskovsky Komsomolets");
    /// `None` for a description ("one former U.S. diplomat to Russia").
    pub name: Option<String>,
    /// Actor code (ISO 3166-1 alpha-3, `IGO`, ...), when known.
    pub code: Option<String>,
    pub sector: Option<String>,
    /// Role or description ("professor of international affairs", "tabloid").
    pub role: Option<String>,
    /// The organisation the speaker belongs to, from the apposition ("The New School").
    pub affiliation: Option<String>,
    /// The words that name the speaker where the quote is attributed ("he", "the expert").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mention: Option<String>,
}

/// What kind of quotation a [`Quote`] is. Only scare quotes have no speaker by design.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    /// Someone's words, quoted as a sentence or a clause.
    #[default]
    Direct,
    /// A fragment of someone's words inside the writer's own sentence, attributed ("rejected
    /// the accusations as \"patently false\"").
    Partial,
    /// A short phrase in quotation marks that no one in particular is said to have said
    /// ("disgusting" with no one saying it, a "peace" plan).
    Scare,
    /// A section title in quotation marks, a paragraph of its own.
    Heading,
    /// A crowd's slogan or the words on a sign ("Teachers chanted, \"Fund our schools\"").
    Chant,
}

impl QuoteKind {
    pub const ALL: [QuoteKind; 5] = [QuoteKind::Direct, QuoteKind::Partial, QuoteKind::Scare, QuoteKind::Heading, QuoteKind::Chant];

    pub fn as_str(self) -> &'static str {
        match self {
            QuoteKind::Direct => "direct",
            QuoteKind::Partial => "partial",
            QuoteKind::Scare => "scare",
            QuoteKind::Heading => "heading",
            QuoteKind::Chant => "chant",
        }
    }
    pub fn parse(s: &str) -> Option<QuoteKind> {
        QuoteKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// A quotation with its speaker. `export quotes` prints exactly this shape.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    pub doc_id: String,
    /// Index of the sentence the quote starts in.
    pub sentence: usize,
    /// Byte span of the quoted words (inside the quotation marks) in the cleaned text.
    pub span: [usize; 2],
    /// The quoted words; a quote continued over paragraphs is joined with single spaces.
    pub text: String,
    pub kind: QuoteKind,
    /// `None` when the text does not make the speaker clear.
    pub speaker: Option<Speaker>,
    /// The words that attribute the quote ("said", "told", "according to", "asserted").
    pub cue: Option<String>,
    /// When the words were said, if the attribution says ("told Izvestia in March"), else the
    /// publication date.
    pub date: Option<String>,
    #[serde(default)]
    pub date_precision: DatePrecision,
}

/// Print an `f32` weight as the decimal it stands for (3.4, not 3.4000000953674316).
fn one_decimal<S: serde::Serializer>(x: &f32, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64((f64::from(*x) * 10.0).round() / 10.0)
}

/// The 16 PLOVER 2021 categories, in the manual's order.
pub const PLOVER_CATEGORIES: [&str; 16] = [
    "AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT", "ACCUSE", "REQUEST",
    "REJECT", "THREATEN", "PROTEST", "MOBILIZE", "SANCTION", "COERCE", "ASSAULT",
];

/// CAMEO quad class from the two-digit root: 1 verbal cooperation, 2 material cooperation,
/// 3 verbal conflict, 4 material conflict.
pub fn quad_class(cameo: &str) -> u8 {
    match cameo.get(..2).and_then(|r| r.parse::<u8>().ok()).unwrap_or(0) {
        1..=5 => 1,
        6..=8 => 2,
        9..=13 => 3,
        _ => 4,
    }
}

/// Parse a date as `YYYY-MM-DD` or RFC 3339 (the date part is kept).
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let head = s.get(..10)?;
    let d = NaiveDate::parse_from_str(head, "%Y-%m-%d").ok()?;
    let rest = &s[10..];
    if rest.is_empty() || rest.starts_with('T') || rest.starts_with('t') || rest.starts_with(' ') {
        Some(d)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quad_classes() {
        assert_eq!(quad_class("036"), 1);
        assert_eq!(quad_class("073"), 2);
        assert_eq!(quad_class("1312"), 3);
        assert_eq!(quad_class("190"), 4);
    }

    #[test]
    fn dates() {
        assert_eq!(parse_date("2025-08-07"), NaiveDate::from_ymd_opt(2025, 8, 7));
        assert_eq!(parse_date("2025-08-07T10:00:00Z"), NaiveDate::from_ymd_opt(2025, 8, 7));
        assert_eq!(parse_date("2025-13-07"), None);
        assert_eq!(parse_date("yesterday"), None);
        assert_eq!(parse_date("2025-08-071"), None);
    }

    #[test]
    fn polarity_round_trip() {
        for p in [Polarity::Asserted, Polarity::Negated, Polarity::Hypothetical, Polarity::Threatened, Polarity::Proposed] {
            assert_eq!(Polarity::parse(p.as_str()), Some(p));
            assert_eq!(serde_json::to_string(&p).unwrap(), format!("\"{}\"", p.as_str()));
        }
    }
}

/// What happened to a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DocStatus {
    /// Analysed and coded.
    Coded,
    /// Read but not coded, with the reason in `Analysis::error` (e.g. empty after cleaning).
    Skipped,
}

impl DocStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            DocStatus::Coded => "coded",
            DocStatus::Skipped => "skipped",
        }
    }
}

/// A mention of an actor in a sentence, as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MentionRecord {
    pub sentence: usize,
    pub actor: Actor,
}

/// Everything the pipeline learned about one document: what sinks store or print.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    pub doc: Document,
    /// The cleaned text; every span in sentences, mentions and events points into it.
    pub clean_text: String,
    /// Title from metadata, else the one found in the text.
    pub title: Option<String>,
    /// Date from metadata, else from a dateline in the text.
    pub date: Option<NaiveDate>,
    pub status: DocStatus,
    pub error: Option<String>,
    /// Lines removed as debris: (text, reason).
    pub removed: Vec<(String, String)>,
    pub sentences: Vec<Sentence>,
    pub mentions: Vec<MentionRecord>,
    pub events: Vec<Event>,
    /// Quotations with their speakers (the quote stage).
    pub quotes: Vec<Quote>,
}
