//! Place stage: finds place names in a tokenised sentence and resolves them to a place with
//! coordinates and country.
//!
//! The gazetteer (`dictionaries/gazetteer.tsv`, embedded) lists continents, countries,
//! first-level regions and every city of 15,000 people or more, derived from GeoNames
//! (CC BY 4.0) by `scripts/make-gazetteer.py`. [`Gazetteer::find`] matches capitalised names
//! (longest first), skips names that are part of a longer proper name ("Washington Post",
//! "University of Leicester"), and marks whether the sentence puts something *at* the place
//! (`in Alaska`, `near the city of Pokrovsk`, `the Alaska summit`) or uses it only as a
//! reference point (`440km east of Moscow`). [`Gazetteer::resolve`] picks among places of the
//! same name: a country first, a region when the text says "region"/"oblast"/"province", a city
//! when it says "city of"; otherwise the largest, preferring places in the countries the
//! document mentions.

use std::collections::HashMap;
use std::sync::OnceLock;

use statecraft_model::Location;
use statecraft_text::{tokenize, Token};

/// The shipped gazetteer.
pub const GAZETTEER: &str = include_str!("../../../dictionaries/gazetteer.tsv");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Continent,
    Country,
    Region,
    City,
}

/// One gazetteer entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    pub kind: Kind,
    pub name: String,
    /// ISO 3166-1 alpha-3; empty for continents.
    pub country: String,
    /// GeoNames first-level region code (`US.AK`), when known.
    pub region: String,
    pub lat: f64,
    pub lon: f64,
    pub population: u64,
}

impl Place {
    pub fn location(&self) -> Location {
        Location {
            name: self.name.clone(),
            country: (!self.country.is_empty()).then(|| self.country.clone()),
            lat: Some(self.lat),
            lon: Some(self.lon),
        }
    }
}

/// A place name found in a sentence: tokens `start..end` and the gazetteer entries it may be.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceMention {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub candidates: Vec<usize>,
    /// Entries whose main name (not an alias) this is.
    pub primary: Vec<usize>,
    /// The sentence puts something at the place ("in", "near", "at", "the Alaska summit").
    pub locative: bool,
    /// The place is only a reference point ("440km east of Moscow").
    pub reference: bool,
    /// The text names a region ("the Kherson region", "Donetsk Oblast").
    pub wants_region: bool,
    /// The text names a city ("the city of Nizhny Novgorod").
    pub wants_city: bool,
}

#[derive(Debug, Clone)]
struct Name {
    rest: Vec<String>,
    entries: Vec<usize>,
    /// Entries for which this is the main name, not an alias ("Pokrovsk" is Pokrovsk's name
    /// and an old alias of Engels).
    primary: Vec<usize>,
}

/// The gazetteer, indexed by the first token of every name and alias.
#[derive(Debug, Default)]
pub struct Gazetteer {
    places: Vec<Place>,
    index: HashMap<String, Vec<Name>>,
}

/// Prepositions after which a place is where something happens.
const LOCATIVE: &[&str] = &["in", "near", "at", "outside", "inside", "around", "across", "throughout", "within", "over", "on"];
/// Words that may stand between a locative preposition and the name ("near the city of").
const BRIDGE: &[&str] = &[
    "the", "a", "city", "town", "village", "region", "province", "port", "capital", "outskirts", "suburbs", "area",
    "of", "eastern", "western", "southern", "northern", "central", "southeastern", "southwestern", "northeastern",
    "northwestern", "-", "frontline", "front", "line", "occupied", "besieged", "embattled", "strategic", "key",
];
const DIRECTIONS: &[&str] = &[
    "north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest", "north-east", "north-west",
    "south-east", "south-west",
];
const EVENT_NOUNS: &[&str] = &["summit", "talks", "meeting", "meetings", "conference", "negotiations", "accord", "agreement"];
const REGION_WORDS: &[&str] = &["region", "oblast", "province", "provinces", "regions", "state", "krai", "oblasts"];
/// One-word region names that are everyday words ("the West", "the North", "Central"): places
/// only when the text says region or province ("West Region", "the Central Province").
const COMMON_WORD_REGIONS: &[&str] = &[
    "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central", "centre", "center",
    "coast", "islands", "lakes", "littoral", "plateau", "capital", "nord", "sud", "est", "ouest", "upper", "lower",
];
/// Titles before a name: "President Bush", "General Avril" name people, not the town of Bush.
const TITLES: &[&str] = &[
    "president", "minister", "premier", "chancellor", "king", "queen", "prince", "princess", "sheikh", "emir", "general",
    "gen.", "gen", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "senator", "sen.", "governor", "gov.", "ambassador",
    "secretary", "commander", "colonel", "col.", "lieutenant", "lt.", "admiral", "marshal", "judge", "mayor", "pope",
    "leader", "envoy", "spokesman", "spokeswoman", "maulana", "ayatollah", "imam", "rev.", "bishop", "archbishop",
];
/// Capitalised words that continue a place name into an organisation or building name.
fn continues_name(t: &Token) -> bool {
    t.text.starts_with(|c: char| c.is_uppercase()) && !matches!(t.text.as_str(), "Oblast" | "Region" | "Province" | "State" | "City")
}

impl Gazetteer {
    /// The shipped gazetteer, parsed once per process.
    pub fn builtin() -> &'static Gazetteer {
        static G: OnceLock<Gazetteer> = OnceLock::new();
        G.get_or_init(|| Gazetteer::parse(GAZETTEER).unwrap_or_default())
    }

    /// Parse a gazetteer in the format of `dictionaries/gazetteer.tsv`.
    pub fn parse(text: &str) -> Result<Gazetteer, String> {
        let mut g = Gazetteer::default();
        for (n, line) in text.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() < 8 {
                return Err(format!("gazetteer line {}: expected 8 tab-separated fields, found {}", n + 1, f.len()));
            }
            let kind = match f[0] {
                "continent" => Kind::Continent,
                "country" => Kind::Country,
                "region" => Kind::Region,
                "city" => Kind::City,
                k => return Err(format!("gazetteer line {}: unknown kind {k:?}", n + 1)),
            };
            let num = |s: &str| s.parse::<f64>().map_err(|_| format!("gazetteer line {}: bad number {s:?}", n + 1));
            let place = Place {
                kind,
                name: f[1].to_string(),
                country: f[2].to_string(),
                region: f[3].to_string(),
                lat: num(f[4])?,
                lon: num(f[5])?,
                population: f[6].parse().unwrap_or(0),
            };
            let id = g.places.len();
            g.add_name(f[1], id, true);
            for a in f[7].split(';').filter(|a| !a.is_empty()) {
                g.add_name(a, id, false);
            }
            g.places.push(place);
        }
        Ok(g)
    }

    fn add_name(&mut self, name: &str, id: usize, primary: bool) {
        let toks = tokenize(name);
        let Some(first) = toks.first() else { return };
        if !first.text.starts_with(|c: char| c.is_uppercase()) {
            return;
        }
        let rest: Vec<String> = toks[1..].iter().map(|t| t.text.clone()).collect();
        let list = self.index.entry(first.text.clone()).or_default();
        match list.iter_mut().find(|n| n.rest == rest) {
            Some(n) => {
                if !n.entries.contains(&id) {
                    n.entries.push(id);
                }
                if primary && !n.primary.contains(&id) {
                    n.primary.push(id);
                }
            }
            None => {
                list.push(Name { rest, entries: vec![id], primary: if primary { vec![id] } else { Vec::new() } });
                list.sort_by_key(|n| std::cmp::Reverse(n.rest.len()));
            }
        }
    }

    pub fn place(&self, id: usize) -> Option<&Place> {
        self.places.get(id)
    }

    pub fn len(&self) -> usize {
        self.places.len()
    }

    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }

    /// Every entry with this exact name or alias.
    pub fn lookup(&self, name: &str) -> Vec<&Place> {
        let toks = tokenize(name);
        let Some(first) = toks.first() else { return Vec::new() };
        let rest: Vec<&str> = toks[1..].iter().map(|t| t.text.as_str()).collect();
        self.index
            .get(&first.text)
            .and_then(|l| l.iter().find(|n| n.rest.iter().map(String::as_str).eq(rest.iter().copied())))
            .map(|n| n.entries.iter().filter_map(|&i| self.places.get(i)).collect())
            .unwrap_or_default()
    }

    /// Place names in `tokens`, left to right, longest match first.
    pub fn find(&self, tokens: &[Token]) -> Vec<PlaceMention> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            let t = &tokens[i];
            if !t.text.starts_with(|c: char| c.is_uppercase()) {
                i += 1;
                continue;
            }
            let best = self.index.get(&t.text).and_then(|list| {
                list.iter().find(|n| i + 1 + n.rest.len() <= tokens.len() && n.rest.iter().enumerate().all(|(k, w)| &tokens[i + 1 + k].text == w))
            });
            let Some(name) = best else {
                i += 1;
                continue;
            };
            let end = i + 1 + name.rest.len();
            if let Some(m) = self.mention(tokens, i, end, name) {
                out.push(m);
            }
            i = end;
        }
        out
    }

    fn mention(&self, tokens: &[Token], start: usize, end: usize, name: &Name) -> Option<PlaceMention> {
        // part of a longer proper name: "Washington Post", "Chatham House", "New School"
        if tokens.get(end).is_some_and(continues_name) {
            return None;
        }
        let lower = |k: usize| tokens.get(k).map(|t| t.lower.as_str()).unwrap_or("");
        // "Shan-e-Mustafa", "Fazl-ur-Rehman": a place name inside a hyphenated personal name
        let linker = |k: usize| tokens.get(k).is_some_and(|t| t.text.len() <= 3 && t.text.chars().all(|c| c.is_lowercase()));
        let linked = |k: usize| tokens.get(k).is_some_and(|t| t.text.starts_with(|c: char| c.is_lowercase()) && t.text.contains('-'));
        if (lower(end) == "-" && (linked(end + 1) || (linker(end + 1) && lower(end + 2) == "-"))) || (start >= 2 && lower(start - 1) == "-" && linker(start - 2)) {
            return None;
        }
        if start > 0 && TITLES.contains(&lower(start - 1)) {
            return None;
        }
        let wants_region = REGION_WORDS.contains(&lower(end)) || (lower(end) == "and" && tokens.get(end + 2).is_some_and(|t| REGION_WORDS.contains(&t.lower.as_str())));
        if end == start + 1 && COMMON_WORD_REGIONS.contains(&lower(start)) && !wants_region {
            return None;
        }
        if start > 0 {
            let prev = &tokens[start - 1];
            if continues_name(prev) && start > 1 && tokens[start - 2].text != "," {
                return None;
            }
            // "University of Leicester", "Bank of England"
            if prev.lower == "of" && start >= 2 && continues_name(&tokens[start - 2]) && start > 2 {
                return None;
            }
        }
        // reference point: "440km east of Moscow", "north of Kyiv"
        let reference = start >= 2 && lower(start - 1) == "of" && DIRECTIONS.contains(&lower(start - 2));
        // locative: a preposition, possibly through "the city of", "the eastern Ukrainian city of"
        let mut locative = false;
        let mut wants_city = false;
        let mut k = start;
        let mut steps = 0;
        while k > 0 && steps < 7 {
            k -= 1;
            steps += 1;
            let w = lower(k);
            if matches!(w, "city" | "town" | "village" | "port" | "capital") {
                wants_city = true;
            }
            if LOCATIVE.contains(&w) {
                locative = !(w == "on" && k + 1 == start);
                break;
            }
            let adjective = tokens[k].text.starts_with(|c: char| c.is_uppercase()) && k + 1 < start;
            if !(BRIDGE.contains(&w) || adjective) {
                break;
            }
        }
        // "the Alaska summit", "the Helsinki talks"
        if EVENT_NOUNS.contains(&lower(end)) {
            locative = true;
        }
        Some(PlaceMention {
            start,
            end,
            text: tokens[start..end].iter().map(|t| t.text.as_str()).collect::<Vec<_>>().join(" "),
            candidates: name.entries.clone(),
            primary: name.primary.clone(),
            locative: locative && !reference,
            reference,
            wants_region,
            wants_city,
        })
    }

    /// The place a mention most likely names. `context` holds the country codes the document
    /// mentions (most mentioned first); places in them are preferred.
    pub fn resolve(&self, m: &PlaceMention, context: &[String]) -> Option<&Place> {
        let cands: Vec<(usize, &Place)> = m.candidates.iter().filter_map(|&i| self.places.get(i).map(|p| (i, p))).collect();
        if cands.is_empty() {
            return None;
        }
        // a place's own name counts for more than an old or foreign alias of another place
        let score = |(i, p): &(usize, &Place)| self.score(p, context) + if m.primary.contains(i) { 1.5 } else { 0.0 };
        let pick = |kind: Option<Kind>| -> Option<&Place> {
            cands.iter().filter(|(_, p)| kind.is_none_or(|k| p.kind == k)).max_by(|a, b| score(a).total_cmp(&score(b))).map(|x| x.1)
        };
        if m.wants_region {
            if let Some(p) = pick(Some(Kind::Region)) {
                return Some(p);
            }
        }
        if m.wants_city {
            if let Some(p) = pick(Some(Kind::City)) {
                return Some(p);
            }
        }
        if let Some(p) = pick(Some(Kind::Country)) {
            return Some(p);
        }
        if let Some(p) = pick(Some(Kind::Continent)) {
            return Some(p);
        }
        pick(None)
    }

    fn score(&self, p: &Place, context: &[String]) -> f64 {
        let size = match p.kind {
            Kind::Region => 500_000.0,
            _ => p.population as f64,
        };
        let boost = match context.iter().position(|c| *c == p.country) {
            Some(0) => 3.5,
            Some(_) => 3.0,
            None => 0.0,
        };
        (size + 10.0).log10() + boost
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(s: &str) -> Vec<(String, bool, bool)> {
        let g = Gazetteer::builtin();
        g.find(&tokenize(s)).into_iter().map(|m| (m.text, m.locative, m.reference)).collect()
    }

    fn resolve(s: &str, which: &str, context: &[&str]) -> Location {
        let g = Gazetteer::builtin();
        let ctx: Vec<String> = context.iter().map(|c| c.to_string()).collect();
        let ms = g.find(&tokenize(s));
        let m = ms.iter().find(|m| m.text == which).unwrap_or_else(|| panic!("{which} not found in {ms:?}"));
        g.resolve(m, &ctx).unwrap().location()
    }

    #[test]
    fn gazetteer_loads() {
        let g = Gazetteer::builtin();
        assert!(g.len() > 30_000, "{}", g.len());
        assert!(Gazetteer::parse("city\tX\tUSA\n").is_err());
        assert!(Gazetteer::parse("town\tX\tUSA\t\t1\t2\t3\t\n").is_err());
    }

    #[test]
    fn locative_and_reference_places() {
        let f = find("On Monday, they hit a factory near the city of Nizhny Novgorod, about 440km east of Moscow.");
        assert_eq!(f, vec![("Nizhny Novgorod".to_string(), true, false), ("Moscow".to_string(), false, true)]);
        let f = find("Russia broke through a defensive line near Pokrovsk, a strategic city in Donetsk.");
        assert!(f.contains(&("Pokrovsk".to_string(), true, false)), "{f:?}");
        assert!(f.contains(&("Donetsk".to_string(), true, false)), "{f:?}");
        let f = find("He meets his Russian counterpart in Alaska tomorrow.");
        assert_eq!(f, vec![("Alaska".to_string(), true, false)]);
        // the Alaska summit: a place that modifies an event noun locates it
        assert_eq!(find("The Alaska summit ended.")[0], ("Alaska".to_string(), true, false));
        // a place that is not where anything happens
        assert_eq!(find("Moscow denied it.")[0], ("Moscow".to_string(), false, false));
    }

    #[test]
    fn names_inside_longer_names_are_not_places() {
        assert!(find("The Washington Post reported it.").is_empty());
        assert!(find("a professor at the University of Leicester said").iter().all(|p| p.0 != "Leicester"));
        assert!(find("Chatham House's senior consulting fellow warned.").is_empty());
    }

    #[test]
    fn everyday_words_and_personal_names_are_not_places() {
        // Cameroon's West and North regions, the Egyptian town of Bush, Myanmar's Shan State
        assert!(find("suspected by the West of blowing up a plane").is_empty());
        assert!(find("officials alleged that the North admitted it").is_empty());
        assert!(find("President Bush has threatened further action.").iter().all(|p| p.0 != "Bush"));
        let f = find("allowed him to bring out the Shan-e-Mustafa rally");
        assert!(f.is_empty(), "{f:?}");
        assert_eq!(find("clashes in the North province")[0].0, "North");
    }

    #[test]
    fn resolution_prefers_countries_regions_and_large_cities() {
        let alaska = resolve("in Alaska", "Alaska", &[]);
        assert_eq!((alaska.name.as_str(), alaska.country.as_deref()), ("Alaska", Some("USA")));
        assert!(alaska.lat.unwrap() > 55.0 && alaska.lon.unwrap() < -130.0, "{alaska:?}");
        let nn = resolve("near the city of Nizhny Novgorod", "Nizhny Novgorod", &[]);
        assert_eq!(nn.country.as_deref(), Some("RUS"));
        assert!((nn.lat.unwrap() - 56.33).abs() < 0.1 && (nn.lon.unwrap() - 44.0).abs() < 0.1, "{nn:?}");
        assert_eq!(resolve("in Moscow", "Moscow", &[]).country.as_deref(), Some("RUS"));
        assert_eq!(resolve("in Georgia", "Georgia", &["USA"]).country.as_deref(), Some("GEO"));
        assert_eq!(resolve("in Kiev", "Kiev", &[]).name, "Kyiv");
        assert_eq!(resolve("near Pokrovsk", "Pokrovsk", &["UKR"]).country.as_deref(), Some("UKR"));
        // Pokrovsk is also an old name of Engels (Russia, larger): the place's own name wins
        assert_eq!(resolve("near Pokrovsk", "Pokrovsk", &["RUS", "UKR"]).name, "Pokrovsk");
        assert_eq!(resolve("in the U.S.", "U.S.", &[]).name, "United States");
        // "the Donetsk region" is the oblast, "Donetsk" alone the city
        let region = resolve("fighting in the Donetsk region", "Donetsk", &["UKR"]);
        assert_eq!(region.name, "Donetska oblast");
        let city = resolve("fighting in Donetsk", "Donetsk", &["UKR"]);
        assert_eq!((city.name.as_str(), city.country.as_deref()), ("Donetsk", Some("UKR")));
        // context decides between places of the same size class
        assert_eq!(resolve("in Europe", "Europe", &[]).country, None);
    }
}
