//! Runs one document through every analysis stage and returns its [`Analysis`].
//!
//! clean (normalise, remove debris, find title and dateline) -> split sentences -> tokenise ->
//! recognise actors -> resolve pronouns -> code events. Sources feed it [`Document`]s; sinks
//! consume the [`Analysis`]. It holds the loaded dictionaries and is cheap to share across threads.

use chrono::NaiveDate;
use statecraft_actors::{resolve_pronouns, Dictionary};
use statecraft_coder::{Coder, SentenceInput};
use statecraft_model::{Analysis, DocStatus, Document, MentionRecord};
use statecraft_text::{clean, split_sentences, tokenize};

/// The loaded dictionaries: build once, analyse many documents.
pub struct Pipeline {
    pub actors: Dictionary,
    pub coder: Coder,
}

impl Pipeline {
    /// The shipped dictionaries plus the user's `extra` files (path, contents).
    pub fn new(extra: &[(String, String)]) -> Result<Pipeline, String> {
        let mut actors = Dictionary::builtin();
        let mut coder = Coder::builtin();
        for (name, text) in extra {
            actors.add_file(name, text)?;
            coder.add_file(name, text)?;
        }
        Ok(Pipeline { actors, coder })
    }

    /// Analyse one document. Never panics on input; an empty text gives a skipped document.
    pub fn analyse(&self, doc: Document) -> Analysis {
        let cleaned = clean(&doc.text, doc.title.as_deref());
        let date: Option<NaiveDate> = doc.date.or_else(|| cleaned.date_line.as_deref().and_then(parse_dateline));
        let date_str = date.map(|d| d.format("%Y-%m-%d").to_string());
        let sentences = split_sentences(&cleaned.text);
        let tokens: Vec<_> = sentences.iter().map(|s| tokenize(&s.text)).collect();
        let mut mentions: Vec<_> = sentences.iter().zip(&tokens).map(|(s, t)| self.actors.recognise(t, s.start, date)).collect();
        resolve_pronouns(&mut mentions);
        let mut events = Vec::new();
        for ((s, toks), ms) in sentences.iter().zip(&tokens).zip(&mentions) {
            events.extend(self.coder.code(&SentenceInput {
                doc_id: &doc.id,
                index: s.index,
                span: [s.start, s.end],
                text: &s.text,
                tokens: toks,
                mentions: ms,
                date: date_str.clone(),
            }));
        }
        let mention_records = mentions
            .iter()
            .enumerate()
            .flat_map(|(i, ms)| {
                ms.iter().filter(|m| m.pronoun.is_none()).flat_map(move |m| m.actors.iter().filter(|a| !a.code.is_empty()).map(move |a| MentionRecord { sentence: i, actor: a.clone() }))
            })
            .collect();
        let (status, error) = if cleaned.text.trim().is_empty() {
            (DocStatus::Skipped, Some("no text left after removing debris".to_string()))
        } else {
            (DocStatus::Coded, None)
        };
        Analysis {
            title: cleaned.title.clone(),
            date,
            status,
            error,
            removed: cleaned.removed.iter().map(|r| (r.text.clone(), r.reason.to_string())).collect(),
            clean_text: cleaned.text,
            sentences,
            mentions: mention_records,
            events,
            doc,
        }
    }
}

/// "Thu. Aug 7th, 2025", "August 7, 2025", "7 August 2025", "2025-08-07".
pub fn parse_dateline(line: &str) -> Option<NaiveDate> {
    if let Some(d) = line.split_whitespace().find_map(statecraft_model::parse_date) {
        return Some(d);
    }
    const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    let words: Vec<String> = line.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect();
    let month = words.iter().find_map(|w| MONTHS.iter().position(|m| w.starts_with(m) && (w.len() == 3 || w.len() >= 4 && !w.ends_with(|c: char| c.is_ascii_digit()))))?;
    let year = words.iter().find_map(|w| (w.len() == 4).then(|| w.parse::<i32>().ok()).flatten())?;
    let day = words.iter().find_map(|w| {
        let digits = w.trim_end_matches(|c: char| c.is_alphabetic());
        (digits.len() <= 2 && !digits.is_empty()).then(|| digits.parse::<u32>().ok()).flatten()
    })?;
    NaiveDate::from_ymd_opt(year, month as u32 + 1, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datelines() {
        assert_eq!(parse_dateline("Thu. Aug 7th, 2025"), NaiveDate::from_ymd_opt(2025, 8, 7));
        assert_eq!(parse_dateline("March 4, 2025"), NaiveDate::from_ymd_opt(2025, 3, 4));
        assert_eq!(parse_dateline("2025-03-04"), NaiveDate::from_ymd_opt(2025, 3, 4));
        assert_eq!(parse_dateline("Feb 30, 2025"), None);
    }
}
