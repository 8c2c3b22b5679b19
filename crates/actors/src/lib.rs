//! Actor stage: finds actor mentions in a tokenised sentence and codes them.
//!
//! The dictionaries (`dictionaries/*.txt`, embedded in the binary and extendable with user
//! files) list states, organisations, people with dated roles, and sector words. The
//! recogniser matches dictionary phrases (longest first, case-sensitive for capitalised
//! phrases), then groups adjacent matches into one mention: "Russia's former President
//! Dmitry Medvedev" is one mention coded from its head (the person, on the document date);
//! "Russian troops" is a state plus a sector word; "Hungarian and Romanian officials" is one
//! mention with two actors.

mod coref;
mod dictionary;
mod petrarch;

pub use dictionary::{phoenix_layer, Dictionary, Person, Role};

use chrono::NaiveDate;
use dictionary::{Kind, Match};
use statecraft_model::Actor;
use statecraft_text::Token;

/// An actor mention: tokens `start..end` of the sentence, and the actor(s) it names.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    /// Usually one; several for a shared head ("Hungarian and Romanian officials").
    pub actors: Vec<Actor>,
    /// The mention names a person (a candidate antecedent for "he"/"she").
    pub person: bool,
    /// A pronoun ("he", "they", "it") to be resolved against earlier mentions.
    pub pronoun: Option<Pronoun>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pronoun {
    /// he, she, him, her, his
    Personal,
    /// it, they, them, its, their
    Collective,
    /// "the country", "the nation": a state named before
    State,
}

impl Mention {
    /// Whether the mention resolved to at least one coded actor.
    pub fn is_coded(&self) -> bool {
        self.actors.iter().any(|a| !a.code.is_empty())
    }
}

/// Tokens that may sit inside one mention between two dictionary matches.
const GLUE: &[&str] = &[
    "'s", "'", "former", "top", "senior", "new", "then", "-", "acting", "outgoing", "incoming", "newly", "elected",
    "chief", "deputy", "junior", "vice", "assistant", "foreign", "defence", "defense", "finance", "interior", "interim", "current", "ex", "late", "veteran", "de", "facto", "self", "declared", "own",
    "exiled", "ousted", "embattled", "longtime", "long", "time", "powerful", "hardline", "moderate", "radical",
    "leading", "local", "regional", "national", "federal", "provincial", "state", "central", "military", "ruling",
    "islamist", "islamic", "ethnic", "nationalist", "fundamentalist", "opposition", "communist", "border",
];

/// Function words that may link a sector word to the state or body it belongs to.
const LINKS: &[&str] = &["of", "in", "from", "for"];
/// Nouns that, after "the", stand for a state named before ("the country had admitted ...").
const STATE_NOUNS: &[&str] = &["country", "nation", "kingdom", "republic"];

impl Dictionary {
    /// Find actor mentions in `tokens`. `base` is the byte offset of the tokens' string in the
    /// cleaned text (so actor spans point into the cleaned text); `date` is the document date.
    pub fn recognise(&self, tokens: &[Token], base: usize, date: Option<NaiveDate>) -> Vec<Mention> {
        let matches = self.find_matches(tokens);
        let mut mentions = Vec::new();
        let mut i = 0;
        while i < matches.len() {
            // grow a group of matches that belong to one mention
            let mut j = i + 1;
            while j < matches.len() && self.joins(tokens, &matches[i..j], &matches[j]) {
                j += 1;
            }
            if let Some(m) = self.resolve_group(tokens, &matches[i..j], base, date) {
                mentions.push(m);
            }
            i = j;
        }
        // pronouns
        for (k, t) in tokens.iter().enumerate() {
            let kind = match t.lower.as_str() {
                "he" | "she" | "him" | "her" | "his" => Pronoun::Personal,
                "they" | "them" | "it" | "their" | "its" => Pronoun::Collective,
                _ => continue,
            };
            if mentions.iter().any(|m| m.start <= k && k < m.end) {
                continue;
            }
            // an uncoded placeholder keeps the pronoun's own words and span for when it is resolved
            let placeholder = Actor { text: t.text.clone(), start: base + t.start, end: base + t.end, ..Default::default() };
            mentions.push(Mention { start: k, end: k + 1, actors: vec![placeholder], person: false, pronoun: Some(kind) });
        }
        // "the country", "the nation": a definite description of a state named before
        for k in 1..tokens.len() {
            if tokens[k - 1].lower != "the" || !STATE_NOUNS.contains(&tokens[k].lower.as_str()) || mentions.iter().any(|m| m.start <= k && k < m.end) {
                continue;
            }
            let placeholder = Actor { text: tokens_text(tokens, k - 1, k + 1), start: base + tokens[k - 1].start, end: base + tokens[k].end, ..Default::default() };
            mentions.push(Mention { start: k - 1, end: k + 1, actors: vec![placeholder], person: false, pronoun: Some(Pronoun::State) });
        }
        mentions.sort_by_key(|m| m.start);
        mentions
    }

    /// Whether `next` continues the mention made of `group`.
    fn joins(&self, tokens: &[Token], group: &[Match], next: &Match) -> bool {
        let last = group.last().expect("group is never empty");
        let gap = &tokens[last.end..next.start];
        let has_entity = |g: &[Match]| g.iter().any(|m| !matches!(m.kind, Kind::Sector(_)));
        let last_is_entity_name = matches!(last.kind, Kind::Person(_)) || matches!(last.kind, Kind::Country { adj: false, .. } | Kind::Org { adj: false, .. } | Kind::Seat { .. });
        // Two names in a row without a possessive are two mentions ("Russia Ukraine talks" is rare;
        // "Putin Trump" never one actor), except title + name.
        if gap.is_empty() {
            if matches!(next.kind, Kind::Person(_)) {
                return !matches!(last.kind, Kind::Person(_));
            }
            if last_is_entity_name && !matches!(next.kind, Kind::Sector(_)) {
                return false;
            }
            return true;
        }
        let gap_words: Vec<&str> = gap.iter().map(|t| t.lower.as_str()).collect();
        if gap_words.iter().all(|w| GLUE.contains(w)) {
            // "el-Sisi ousted Mohamed Morsi": two people on either side of a glue word are two
            // mentions unless a possessive joins them ("Trump's envoy Witkoff")
            if matches!(last.kind, Kind::Person(_)) && matches!(next.kind, Kind::Person(_)) && !gap_words.iter().any(|w| matches!(*w, "'s" | "'")) {
                return false;
            }
            // "Trump 's envoy" yes; "Russia - Ukraine" no (a hyphen links two names as a pair)
            if gap_words.contains(&"-") && !matches!(last.kind, Kind::Sector(_)) && !matches!(next.kind, Kind::Sector(_)) {
                return false;
            }
            return true;
        }
        // "Hungarian and Romanian officials": an adjective, "and", an adjective directly before a sector word.
        if (gap_words == ["and"] || gap_words == [","])
            && matches!(last.kind, Kind::Country { adj: true, .. } | Kind::Org { adj: true, .. })
            && matches!(next.kind, Kind::Country { adj: true, .. } | Kind::Org { adj: true, .. })
        {
            return true;
        }
        // "security forces in Guinea", "the president of Armenia"
        let group_start = group[0].start;
        let opens_phrase = group_start == 0 || matches!(tokens[group_start - 1].lower.as_str(), "the" | "a" | "an" | "," | "and" | "(" | "\"" | "senior" | "top");
        if opens_phrase && matches!(last.kind, Kind::Sector(_)) && !has_entity(group) && !matches!(next.kind, Kind::Sector(_) | Kind::Person(_)) {
            let rest: Vec<&str> = gap_words.iter().copied().filter(|w| !matches!(*w, "the" | "a" | "an")).collect();
            if rest.len() == 1 && LINKS.contains(&rest[0]) {
                return true;
            }
        }
        // "Donald Trump's special envoy, Steve Witkoff": a title, a comma, the person.
        if gap_words == [","] && matches!(last.kind, Kind::Sector(_)) && matches!(next.kind, Kind::Person(_)) && group.len() >= 2 {
            return true;
        }
        false
    }

    fn resolve_group(&self, tokens: &[Token], group: &[Match], base: usize, date: Option<NaiveDate>) -> Option<Mention> {
        let start = group.first()?.start;
        let end = group.last()?.end;
        let text_start = tokens[start].start;
        let text_end = tokens[end - 1].end;
        let possessed = |m: &Match| tokens.get(m.end).is_some_and(|t| t.text == "'s" || t.text == "'") && m.end < end;
        let sector = group.iter().rev().find_map(|m| match &m.kind {
            Kind::Sector(s) => Some(s.clone()),
            _ => None,
        });
        let span_text = |a: usize, b: usize| {
            let s = tokens[a].start;
            let e = tokens[b - 1].end;
            (s, e)
        };
        let mut actor = Actor { start: base + text_start, end: base + text_end, ..Default::default() };
        let mut person = false;
        let mut actors = Vec::new();

        // Head: the last person not used as a possessor, else the last organisation, else states.
        if let Some(m) = group.iter().rev().find(|m| matches!(m.kind, Kind::Person(_)) && !possessed(m)) {
            let Kind::Person(ids) = &m.kind else { unreachable!() };
            let Some(p) = Person::pick(&self.people, ids, date) else { unreachable!() };
            person = true;
            actor.name = Some(p.name.clone());
            if let Some((role, current)) = p.role_on(date) {
                actor.code = role.code.clone();
                actor.org = role.org.clone();
                actor.sector = Some(if current { role.sector.clone() } else { "ELI".to_string() });
                actor.role = Some(if current { role.title.clone() } else { format!("former {}", role.title) });
            } else if let Some(code) = self.group_country(group) {
                actor.code = code;
                actor.sector = sector.clone();
            }
            actors.push(actor);
        } else if let Some(m) = group.iter().rev().find(|m| matches!(m.kind, Kind::Org { .. }) && !possessed(m)) {
            let Kind::Org { index, .. } = &m.kind else { unreachable!() };
            let o = &self.orgs[*index];
            actor.code = o.country.clone().unwrap_or_else(|| o.code.clone());
            actor.org = Some(o.short.clone());
            actor.name = Some(o.name.clone());
            actor.sector = sector.clone().or_else(|| o.sector.clone());
            actors.push(actor);
        } else {
            // States (several when adjectives share a head), or possessor entities' states.
            let states: Vec<(String, Option<String>)> = group
                .iter()
                .filter_map(|m| match &m.kind {
                    Kind::Country { code, .. } => Some((code.clone(), None)),
                    Kind::Seat { code, sector } => Some((code.clone(), Some(sector.clone()))),
                    Kind::Person(ids) => Person::pick(&self.people, ids, date).and_then(|p| p.role_on(date)).map(|(r, _)| (r.code.clone(), None)),
                    Kind::Org { index, .. } => {
                        let o = &self.orgs[*index];
                        Some((o.country.clone().unwrap_or_else(|| o.code.clone()), None))
                    }
                    Kind::Sector(_) => None,
                })
                .collect();
            if states.is_empty() {
                // a bare sector word: an actor whose state the sentence does not name
                actor.sector = sector.clone();
                actor.code = String::new();
                actors.push(actor);
            } else {
                let distribute = group.iter().filter(|m| matches!(m.kind, Kind::Country { adj: true, .. })).count() > 1;
                let list: Vec<(String, Option<String>)> = if distribute { states } else { vec![states[states.len() - 1].clone()] };
                for (code, seat_sector) in list {
                    let mut a = actor.clone();
                    // an org possessor ("NATO's") keeps its org code
                    if let Some(m) = group.iter().find(|m| matches!(m.kind, Kind::Org { .. })) {
                        if let Kind::Org { index, .. } = m.kind {
                            if self.orgs[index].country.is_none() && code == self.orgs[index].code {
                                a.org = Some(self.orgs[index].short.clone());
                            }
                        }
                    }
                    a.code = code;
                    a.sector = sector.clone().or(seat_sector);
                    actors.push(a);
                }
            }
        }
        let (s, e) = span_text(start, end);
        for a in &mut actors {
            a.text = String::new();
            a.start = base + s;
            a.end = base + e;
        }
        let text: String = tokens_text(tokens, start, end);
        for a in &mut actors {
            a.text = text.clone();
        }
        Some(Mention { start, end, actors, person, pronoun: None })
    }

    fn group_country(&self, group: &[Match]) -> Option<String> {
        group.iter().find_map(|m| match &m.kind {
            Kind::Country { code, .. } | Kind::Seat { code, .. } => Some(code.clone()),
            _ => None,
        })
    }
}

/// The text of tokens `a..b`, with single spaces where the source had any space.
pub fn tokens_text(tokens: &[Token], a: usize, b: usize) -> String {
    let mut s = String::new();
    for (i, t) in tokens[a..b].iter().enumerate() {
        if i > 0 && tokens[a + i - 1].end < t.start {
            s.push(' ');
        }
        s.push_str(&t.text);
    }
    s
}

/// Resolve pronoun mentions against earlier mentions: "he"/"she" to the nearest person (a
/// named person the dictionary does not know counts too, and leaves the pronoun uncoded),
/// "it"/"they" to the nearest coded non-person; first in the same sentence, then in the
/// previous sentence, where the first fitting mention (a resolved pronoun counts: the chain
/// goes on) wins. `sentences` holds each sentence's mentions in order; resolved pronouns
/// get the antecedent's actors (with the pronoun's own text and span). A pronoun outside
/// quotation marks does not refer to someone named only inside them: in `"... the Assad
/// regime ...," Robertson said. He added:` the "he" is Robertson. `tokens` holds each
/// sentence's tokens, which `Mention` spans index.
pub fn resolve_pronouns(sentences: &mut [Vec<Mention>], tokens: &[Vec<Token>]) {
    // quotation marks before each token of each sentence, counted once
    let marks_before: Vec<Vec<usize>> = tokens
        .iter()
        .map(|t| std::iter::once(0).chain(t.iter().scan(0, |n, t| { *n += usize::from(is_quote_mark(&t.text)); Some(*n) })).collect())
        .collect();
    let quoted = |s: usize, m: &Mention| marks_before.get(s).and_then(|c| c.get(m.start.min(c.len() - 1))).is_some_and(|n| n % 2 == 1);
    for s in 0..sentences.len() {
        for k in 0..sentences[s].len() {
            let Some(kind) = sentences[s][k].pronoun else { continue };
            let outside = !quoted(s, &sentences[s][k]);
            // an already resolved pronoun stands for its antecedent: in "He met Putin. He said
            // ...", the second "he" continues the first, not the last name before it
            let wants = |m: &Mention| {
                (m.pronoun.is_none() || m.pronoun == Some(kind))
                    && match kind {
                        Pronoun::Personal => m.person && m.actors.iter().any(|a| !a.code.is_empty() || a.name.is_some()),
                        Pronoun::Collective => !m.person && m.is_coded(),
                        Pronoun::State => !m.person && m.actors.iter().any(|a| a.code.len() == 3 && a.sector.is_none() && a.org.is_none() && !matches!(a.code.as_str(), "IGO" | "NGO" | "IMG")),
                    }
            };
            let here = sentences[s][..k].iter().rev().find(|m| wants(m) && !(outside && quoted(s, m))).cloned();
            let found = here.or_else(|| if s > 0 { sentences[s - 1].iter().find(|m| wants(m) && !(outside && quoted(s - 1, m))).cloned() } else { None });
            if let Some(ante) = found {
                let me = &mut sentences[s][k];
                let own = me.actors.first().map(|a| (a.text.clone(), a.start, a.end));
                me.actors = ante.actors.clone();
                if let Some((text, start, end)) = own {
                    for a in &mut me.actors {
                        a.text = text.clone();
                        a.start = start;
                        a.end = end;
                    }
                }
                me.person = ante.person;
            }
        }
    }
}

/// A quotation mark token, straight or curly.
fn is_quote_mark(t: &str) -> bool {
    matches!(t, "\"" | "\u{201c}" | "\u{201d}" | "``" | "''")
}

#[cfg(test)]
mod tests;
