//! Loading actor dictionaries and matching their phrases against tokens.

use statecraft_model::fasthash::FastMap as HashMap;

use chrono::NaiveDate;
use statecraft_model::dictfile::{self, Block};
use statecraft_text::{tokenize, Token};

/// The dictionaries shipped with Statecraft, embedded so the binary works from anywhere.
pub const DEFAULT_FILES: &[(&str, &str)] = &[
    ("countries.txt", include_str!("../../../dictionaries/countries.txt")),
    ("organisations.txt", include_str!("../../../dictionaries/organisations.txt")),
    ("people.txt", include_str!("../../../dictionaries/people.txt")),
    ("sectors.txt", include_str!("../../../dictionaries/sectors.txt")),
];

/// The Phoenix actor dictionaries of PETRARCH2 (scripts/make-phoenix-dictionaries.py), a
/// layer under Statecraft's own.
pub const PHOENIX_ACTORS: &[&str] = &[
    include_str!("../../../dictionaries/phoenix/Phoenix.Countries.actors.txt"),
    include_str!("../../../dictionaries/phoenix/Phoenix.International.actors.txt"),
    include_str!("../../../dictionaries/phoenix/Phoenix.MilNonState.actors.txt"),
];
pub const PHOENIX_AGENTS: &str = include_str!("../../../dictionaries/phoenix/Phoenix.agents.txt");

/// Whether a part (`verbs`, `actors`, `agents`, `discards`) of the shipped PETRARCH2/Phoenix
/// layer is used: `verbs` and `agents` by default, unless the environment sets `STATECRAFT_PHOENIX` to `off` or to the
/// list of parts to use (`verbs,discards`), to measure what each adds.
pub fn phoenix_layer(part: &str) -> bool {
    // not on by default: discards cost 0.05 PLOVER category recall; the Phoenix actors changed
    // no figure but break coreference of titles ("the Kremlin leader" after "Vladimir Putin")
    std::env::var("STATECRAFT_PHOENIX").map_or(!matches!(part, "discards" | "actors"), |v| v.split(',').any(|p| p.trim() == part))
}

/// A person and their dated roles.
#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    pub name: String,
    pub roles: Vec<Role>,
    /// Descriptions that name the person once the document has named them ("former KGB
    /// handler"), lower-case tokens; used by coreference only.
    pub descriptions: Vec<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Role {
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    pub code: String,
    pub org: Option<String>,
    pub sector: String,
    pub title: String,
}

impl Person {
    /// Of several people one phrase names, the one in office on `date`, else the one whose
    /// nearest role is closest to it.
    pub fn pick<'a>(people: &'a [Person], ids: &[usize], date: Option<NaiveDate>) -> Option<&'a Person> {
        let candidates = || ids.iter().filter_map(|&i| people.get(i));
        if ids.len() == 1 || date.is_none() {
            return candidates().next_back();
        }
        if let Some(p) = candidates().find(|p| p.role_on(date).is_some_and(|(_, current)| current)) {
            return Some(p);
        }
        let d = date?;
        let gap = |p: &Person| {
            p.roles
                .iter()
                .flat_map(|r| [r.start, r.end])
                .flatten()
                .map(|x| (x - d).num_days().abs())
                .min()
                .unwrap_or(i64::MAX)
        };
        candidates().min_by_key(|p| gap(p))
    }

    /// The role on `date` and whether it is current (false: the nearest role, now former).
    /// With no date, the latest role counts as current.
    pub fn role_on(&self, date: Option<NaiveDate>) -> Option<(&Role, bool)> {
        let Some(d) = date else {
            return self.roles.iter().max_by_key(|r| r.start).map(|r| (r, true));
        };
        let current = self
            .roles
            .iter()
            .filter(|r| r.start.is_none_or(|s| s <= d) && r.end.is_none_or(|e| d < e))
            .max_by_key(|r| r.start);
        if let Some(r) = current {
            return Some((r, true));
        }
        let distance = |r: &Role| -> i64 {
            let to_start = r.start.map(|s| (s - d).num_days().abs()).unwrap_or(i64::MAX);
            let to_end = r.end.map(|e| (d - e).num_days().abs()).unwrap_or(i64::MAX);
            to_start.min(to_end)
        };
        self.roles.iter().min_by_key(|r| distance(r)).map(|r| (r, false))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Org {
    pub code: String,
    pub short: String,
    pub name: String,
    pub country: Option<String>,
    pub sector: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Kind {
    Country { code: String, adj: bool },
    Seat { code: String, sector: String },
    Org { index: usize, adj: bool },
    /// Everyone the phrase names ("Bush": both presidents); the date picks one.
    Person(Vec<usize>),
    Sector(String),
}

#[derive(Debug, Clone)]
struct Phrase {
    /// Tokens after the first, lower-cased when `!case_sensitive`.
    rest: Vec<String>,
    case_sensitive: bool,
    /// Matches in any case but only a capitalised first word (PETRARCH's phrases in capitals).
    capitalised: bool,
    kind: Kind,
}

/// A dictionary phrase found at tokens `start..end`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Match {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
}

/// All actor dictionaries, ready for matching.
#[derive(Debug, Clone, Default)]
pub struct Dictionary {
    /// Phrases by their first token (exact text for case-sensitive phrases, lower case otherwise).
    exact: HashMap<String, Vec<Phrase>>,
    folded: HashMap<String, Vec<Phrase>>,
    pub(crate) people: Vec<Person>,
    pub(crate) orgs: Vec<Org>,
    countries: HashMap<String, String>,
}

impl Dictionary {
    /// The shipped dictionaries.
    pub fn builtin() -> Dictionary {
        let mut d = Dictionary::default();
        // the Phoenix layer first: Statecraft's own phrases, added after, override it
        if phoenix_layer("actors") {
            for text in PHOENIX_ACTORS {
                d.add_petrarch_actors(&statecraft_petrarch::actors::read_actors(text).0);
            }
        }
        if phoenix_layer("agents") {
            d.add_petrarch_agents(&statecraft_petrarch::actors::read_agents(PHOENIX_AGENTS).0);
        }
        for (name, text) in DEFAULT_FILES {
            d.add_file(name, text).unwrap_or_else(|e| panic!("shipped dictionary is invalid: {e}"));
        }
        d
    }

    /// Add one dictionary file's actor entries (kinds it does not know are left to other stages).
    pub fn add_file(&mut self, name: &str, text: &str) -> Result<(), String> {
        for block in dictfile::parse(name, text)? {
            self.add_block(&block)?;
        }
        Ok(())
    }

    /// Canonical name of a state code, if the dictionary has it.
    pub fn country_name(&self, code: &str) -> Option<&str> {
        self.countries.get(code).map(String::as_str)
    }

    pub fn people(&self) -> &[Person] {
        &self.people
    }

    /// Number of phrases loaded (for summaries and tests).
    pub fn phrase_count(&self) -> usize {
        self.exact.values().map(Vec::len).sum::<usize>() + self.folded.values().map(Vec::len).sum::<usize>()
    }

    fn add_block(&mut self, b: &Block) -> Result<(), String> {
        let need_code = |b: &Block| -> Result<String, String> {
            b.args.first().cloned().ok_or_else(|| format!("{}: '@{}' needs a code, as in '@{} XYZ Name'", b.origin, b.kind, b.kind))
        };
        match b.kind.as_str() {
            "country" => {
                let code = need_code(b)?;
                if code.len() != 3 || !code.chars().all(|c| c.is_ascii_uppercase()) {
                    return Err(format!("{}: a state code is three upper-case letters (ISO 3166-1 alpha-3), found {code:?}", b.origin));
                }
                self.countries.insert(code.clone(), b.args[1..].join(" "));
                let adjs: Vec<&str> = b.values("adj").collect();
                for v in b.values("name") {
                    let adj = adjs.contains(&v);
                    self.add_phrase(v, Kind::Country { code: code.clone(), adj });
                }
                for v in adjs {
                    self.add_phrase(v, Kind::Country { code: code.clone(), adj: true });
                }
                for f in b.fields.iter().filter(|f| f.key == "seat") {
                    let sector = f.qualifier.clone().unwrap_or_else(|| "GOV".to_string());
                    for v in &f.values {
                        self.add_phrase(v, Kind::Seat { code: code.clone(), sector: sector.clone() });
                    }
                }
            }
            "igo" | "ngo" | "img" => {
                let short = need_code(b)?;
                let index = self.orgs.len();
                self.orgs.push(Org {
                    code: b.kind.to_uppercase(),
                    short: short.clone(),
                    name: if b.args.len() > 1 { b.args[1..].join(" ") } else { short.clone() },
                    country: b.first("country").map(str::to_string),
                    sector: b.first("sector").map(str::to_string),
                });
                let adjs: Vec<&str> = b.values("adj").collect();
                for v in b.values("name") {
                    self.add_phrase(v, Kind::Org { index, adj: adjs.contains(&v) });
                }
                for v in adjs {
                    self.add_phrase(v, Kind::Org { index, adj: true });
                }
                for v in b.values("seat") {
                    self.add_phrase(v, Kind::Org { index, adj: false });
                }
            }
            "person" => {
                if b.args.is_empty() {
                    return Err(format!("{}: '@person' needs a name", b.origin));
                }
                let index = self.people.len();
                let mut roles = Vec::new();
                for f in b.fields.iter().filter(|f| f.key == "role") {
                    for v in &f.values {
                        roles.push(parse_role(v).map_err(|e| format!("{}: {e}", f.origin))?);
                    }
                }
                let descriptions = b.values("desc").map(|d| tokenize(d).into_iter().map(|t| t.lower).collect()).collect();
                self.people.push(Person { name: b.args.join(" "), roles, descriptions });
                for v in b.values("name") {
                    self.add_phrase(v, Kind::Person(vec![index]));
                }
            }
            "sector" => {
                let code = need_code(b)?;
                for v in b.values("word") {
                    self.add_phrase(v, Kind::Sector(code.clone()));
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn add_phrase(&mut self, phrase: &str, kind: Kind) {
        let toks: Vec<Token> = tokenize(phrase);
        let Some(first) = toks.first() else { return };
        let case_sensitive = phrase.chars().any(char::is_uppercase);
        let (key, rest) = if case_sensitive {
            (first.text.clone(), toks[1..].iter().map(|t| t.text.clone()).collect())
        } else {
            (first.lower.clone(), toks[1..].iter().map(|t| t.lower.clone()).collect())
        };
        self.insert_phrase(key, Phrase { rest, case_sensitive, capitalised: false, kind });
    }

    /// A phrase of a PETRARCH actor dictionary (lower-case words): any case, capitalised.
    pub(crate) fn add_capitalised_phrase(&mut self, words: &[String], kind: Kind) {
        let toks = tokenize(&words.join(" "));
        let Some(first) = toks.first() else { return };
        let key = first.lower.clone();
        self.insert_phrase(key, Phrase { rest: toks[1..].iter().map(|t| t.lower.clone()).collect(), case_sensitive: false, capitalised: true, kind });
    }

    /// A phrase of a PETRARCH agent dictionary: any case.
    pub(crate) fn add_lower_phrase(&mut self, words: &[String], kind: Kind) {
        let toks = tokenize(&words.join(" "));
        let Some(first) = toks.first() else { return };
        let key = first.lower.clone();
        self.insert_phrase(key, Phrase { rest: toks[1..].iter().map(|t| t.lower.clone()).collect(), case_sensitive: false, capitalised: false, kind });
    }

    fn insert_phrase(&mut self, key: String, p: Phrase) {
        let map = if p.case_sensitive { &mut self.exact } else { &mut self.folded };
        let list = map.entry(key).or_default();
        // a phrase given to several people names them all ("Bush"); otherwise a later file
        // overrides an identical phrase
        let mut p = p;
        if let Kind::Person(new) = &mut p.kind {
            if let Some(Kind::Person(old)) = list.iter().find(|q| q.rest == p.rest).map(|q| &q.kind) {
                let mut all = old.clone();
                all.extend(new.iter().filter(|i| !old.contains(i)));
                *new = all;
            }
        }
        list.retain(|q| q.rest != p.rest);
        list.push(p);
        list.sort_by(|a, b| b.rest.len().cmp(&a.rest.len()));
    }

    /// Longest-first, left-to-right, non-overlapping phrase matches.
    pub(crate) fn find_matches(&self, tokens: &[Token]) -> Vec<Match> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            let mut best: Option<(usize, &Phrase)> = None;
            for (map, key) in [(&self.exact, &tokens[i].text), (&self.folded, &tokens[i].lower)] {
                if let Some(list) = map.get(key.as_str()) {
                    for p in list {
                        if p.capitalised && !tokens[i].text.starts_with(char::is_uppercase) {
                            continue;
                        }
                        let n = p.rest.len();
                        if i + 1 + n > tokens.len() || best.is_some_and(|(len, _)| len >= n + 1) {
                            continue;
                        }
                        let ok = p.rest.iter().enumerate().all(|(k, w)| {
                            let t = &tokens[i + 1 + k];
                            if p.case_sensitive { &t.text == w } else { &t.lower == w }
                        });
                        if ok {
                            best = Some((n + 1, p));
                            break;
                        }
                    }
                }
            }
            match best {
                Some((len, p)) => {
                    out.push(Match { start: i, end: i + len, kind: p.kind.clone() });
                    i += len;
                }
                None => i += 1,
            }
        }
        out
    }
}

fn parse_date_opt(s: &str) -> Result<Option<NaiveDate>, String> {
    if s.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map(Some).map_err(|_| format!("bad date {s:?}; write YYYY-MM-DD"))
}

/// `START..END CODE SECTOR Title words` (CODE may be `IGO/NATO`).
fn parse_role(v: &str) -> Result<Role, String> {
    let mut parts = v.split_whitespace();
    let range = parts.next().ok_or("empty role")?;
    let (a, b) = range.split_once("..").ok_or_else(|| format!("role {v:?} must start with START..END (either may be empty)"))?;
    let code_part = parts.next().ok_or_else(|| format!("role {v:?} lacks a code"))?;
    let sector = parts.next().ok_or_else(|| format!("role {v:?} lacks a sector"))?.to_string();
    let title = parts.collect::<Vec<_>>().join(" ");
    let (code, org) = match code_part.split_once('/') {
        Some((c, o)) => (c.to_string(), Some(o.to_string())),
        None => (code_part.to_string(), None),
    };
    Ok(Role { start: parse_date_opt(a)?, end: parse_date_opt(b)?, code, org, sector, title })
}
