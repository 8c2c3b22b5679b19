//! PETRARCH actor and agent dictionaries as actor phrases: a code `AFG` is a state, `AFGGOV`
//! a state and sector, `IGOUNO` an international organisation; an actor with dated codes is a
//! person with dated roles. Their phrases (written in capitals) match capitalised text only,
//! and an identical phrase of Statecraft's own files overrides them.

use chrono::{Days, NaiveDate};
use statecraft_petrarch::{ActorDictionary, AgentDictionary, DatedCode};

use crate::dictionary::{Dictionary, Kind, Org, Person, Role};

/// Codes of the first three letters that name organisations rather than states.
const ORG_KINDS: &[&str] = &["IGO", "NGO", "IMG", "MNC", "NGM", "UAF"];

/// What a PETRARCH code says: (state or organisation kind, sector or organisation).
fn split_code(code: &str) -> Option<(String, String)> {
    let code = code.trim().to_uppercase();
    if code.len() < 3 || !code.is_char_boundary(3) || !code[..3].chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let rest = &code[3..];
    let sector = if ORG_KINDS.contains(&&code[..3]) { rest.to_string() } else { rest.get(..3).unwrap_or(rest).to_string() };
    Some((code[..3].to_string(), sector))
}

impl Dictionary {
    /// Add a PETRARCH actor dictionary.
    pub fn add_petrarch_actors(&mut self, d: &ActorDictionary) {
        for a in &d.actors {
            let dated = a.codes.iter().any(|c| c.from.is_some() || c.until.is_some());
            let kind = if dated {
                let roles: Vec<Role> = a.codes.iter().filter_map(|c| self.role(c)).collect();
                if roles.is_empty() {
                    continue;
                }
                let index = self.people.len();
                let name = a.phrases.first().map(|(w, _)| title_case(w)).unwrap_or_default();
                self.people.push(Person { name, roles, descriptions: Vec::new() });
                Kind::Person(vec![index])
            } else {
                let Some(code) = a.codes.first() else { continue };
                let Some(kind) = self.kind_of(&code.code, a.phrases.first().map(|(w, _)| title_case(w)).unwrap_or_default()) else { continue };
                kind
            };
            for (words, _) in &a.phrases {
                self.add_capitalised_phrase(words, kind.clone());
            }
        }
    }

    /// Add a PETRARCH agent dictionary: each agent is a sector word (the first three letters of
    /// its code: `~GOVPRS` is GOV).
    pub fn add_petrarch_agents(&mut self, d: &AgentDictionary) {
        self.add_agents(d, false);
    }

    /// Add a PETRARCH agent dictionary keeping each agent's whole code as the sector (`GOVMED`,
    /// `GOVFRM`), as PETRARCH writes actor codes; for `eval petrarch`, not for default coding,
    /// whose sectors are three letters.
    pub fn add_petrarch_agents_whole(&mut self, d: &AgentDictionary) {
        self.add_agents(d, true);
    }

    fn add_agents(&mut self, d: &AgentDictionary, whole: bool) {
        for a in &d.agents {
            let Some(sector) = a.code.get(..3).filter(|s| s.chars().all(|c| c.is_ascii_alphabetic())) else { continue };
            let sector = if whole && a.suffix && a.code.chars().all(|c| c.is_ascii_alphanumeric()) { a.code.as_str() } else { sector };
            for words in &a.phrases {
                self.add_lower_phrase(words, Kind::Sector(sector.to_string()));
            }
        }
    }

    fn kind_of(&mut self, code: &str, name: String) -> Option<Kind> {
        let (head, sector) = split_code(code)?;
        if ORG_KINDS.contains(&head.as_str()) {
            let short = if sector.is_empty() { head.clone() } else { sector.clone() };
            let index = match self.orgs.iter().position(|o| o.code == head && o.short == short) {
                Some(i) => i,
                None => {
                    self.orgs.push(Org { code: head.clone(), short, name, country: None, sector: None });
                    self.orgs.len() - 1
                }
            };
            return Some(Kind::Org { index, adj: false });
        }
        Some(if sector.is_empty() { Kind::Country { code: head, adj: false } } else { Kind::Seat { code: head, sector } })
    }

    fn role(&mut self, c: &DatedCode) -> Option<Role> {
        let (head, sector) = split_code(&c.code)?;
        // PETRARCH's end dates are inclusive, Statecraft's exclusive
        let end = c.until.and_then(|u: NaiveDate| u.checked_add_days(Days::new(1)));
        let (code, org, sector) = if ORG_KINDS.contains(&head.as_str()) { (head, Some(sector), String::new()) } else { (head, None, sector) };
        Some(Role { start: c.from, end, code, org, sector, title: String::new() })
    }
}

fn title_case(words: &[String]) -> String {
    words
        .iter()
        .map(|w| {
            let mut c = w.chars();
            c.next().map(|f| f.to_uppercase().chain(c).collect::<String>()).unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}
