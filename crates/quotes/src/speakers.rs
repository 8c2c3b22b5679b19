//! People named in a document, as the quote stage needs them: personal names read from the
//! text (also those the actor dictionary does not know), a surname linked to the full name
//! given before, the gender the text shows for each, and `he`/`she` resolved among them.
//!
//! A name is a run of capitalised words ("Brian Bosma", "Farhan Aziz Haq", "Bashar al-Assad")
//! after the title words before it ("Indiana House Speaker", "Lt. Col.", "Cmdr.") are left
//! out. Gender comes only from the text: an honorific (Mr., Ms., Mrs.) before the name, or
//! `he`/`she` pronouns in narration in a sentence where that person is the only one named.

use statecraft_actors::Mention;
use statecraft_text::Token;

/// Capitalised words that are titles or ranks written before a name, never part of it.
const TITLE_WORDS: &[&str] = &[
    "president", "ambassador", "secretary", "speaker", "superintendent", "gov", "gov.", "governor", "sen", "sen.", "senator",
    "rep", "rep.", "representative", "lt", "lt.", "col", "col.", "cmdr", "cmdr.", "gen", "gen.", "general", "sgt", "sgt.",
    "capt", "capt.", "maj", "maj.", "adm", "adm.", "dr", "dr.", "mr", "mr.", "ms", "ms.", "mrs", "mrs.", "prof", "prof.",
    "professor", "prime", "minister", "press", "vice", "deputy", "chief", "former", "spokesman", "spokeswoman",
    "spokesperson", "commander", "judge", "officer", "chairman", "chairwoman", "director", "mayor", "king", "queen",
    "prince", "princess", "pope", "sheikh", "assistant", "special", "envoy", "state", "house", "white", "defense",
    "defence", "foreign", "national", "security", "council", "official", "counselor", "counsellor", "adviser", "advisor",
    "attorney", "justice", "senior", "lieutenant", "colonel", "sergeant", "captain", "major", "admiral", "chancellor",
    "premier", "emir", "sir", "lord", "dame", "rev", "rev.", "supt", "supt.", "ceo", "chair", "leader", "commissioner",
    "inspector", "agent", "coach", "bishop", "cardinal", "sheriff", "marshal", "treasurer", "registrar",
];
/// Capitalised words that begin sentences or name times, never a person.
const NOT_NAMES: &[&str] = &[
    "the", "a", "an", "in", "on", "at", "and", "but", "or", "for", "with", "from", "by", "as", "if", "when", "while", "after",
    "before", "since", "that", "this", "these", "those", "it", "he", "she", "they", "we", "i", "you", "his", "her", "their",
    "its", "our", "my", "there", "here", "what", "who", "why", "how", "where", "which", "january", "february", "march",
    "april", "may", "june", "july", "august", "september", "october", "november", "december", "monday", "tuesday",
    "wednesday", "thursday", "friday", "saturday", "sunday", "still", "yet", "so", "then", "now", "meanwhile", "however",
    "also", "even", "just", "only", "both", "either", "neither", "unlike", "despite", "although", "though", "because",
    "according", "last", "next", "other", "another", "some", "many", "most", "all", "no", "not", "one", "two", "three",
    "republican", "republicans", "democrat", "democrats", "democratic", "afterward", "earlier", "later", "over", "under",
    "quote", "thank", "we're", "it's", "nearly", "several", "education", "teachers", "government", "regime",
];
/// Last words of names of organisations, places and things rather than people.
const ORG_LAST: &[&str] = &[
    "journal", "post", "times", "news", "university", "institute", "house", "agency", "centre", "center", "council",
    "committee", "party", "ministry", "department", "group", "corporation", "bank", "fund", "foundation", "union",
    "organization", "organisation", "school", "schools", "college", "academy", "court", "forces", "army", "command",
    "office", "service", "radio", "television", "network", "press", "review", "magazine", "company", "club", "project",
    "initiative", "programme", "program", "watch", "monitor", "daily", "herald", "tribune", "telegraph", "guardian",
    "gazette", "express", "mirror", "studies", "base", "street", "square", "prize", "day", "war", "sea", "ocean", "river",
    "mountains", "islands", "republic", "kingdom", "states", "nations", "assembly", "parliament", "congress", "senate",
    "media", "camp", "statehouse", "association", "airport", "province", "region", "city", "county", "state", "desk",
    "highway", "zone", "terminal", "hall", "building", "police", "insider", "resolve", "legislature", "conference",
    "coalition", "movement", "front", "hilton", "hotel", "palace", "castle", "cathedral", "mosque", "church", "stadium", "election", "campaign", "exam", "act", "plan", "bill", "law",
];
/// Lower-case particles inside names ("Bashar al-Assad", "Ursula von der Leyen").
const PARTICLES: &[&str] = &["al", "bin", "ibn", "de", "van", "von", "der", "da", "di", "le", "la", "el", "du", "dos"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gender {
    Female,
    Male,
}

/// One person named in the document.
#[derive(Debug, Clone)]
pub struct Person {
    pub name: String,
    pub surname: String,
    pub gender: Option<Gender>,
}

/// A place in the narration (outside quotation marks) where a person is named.
#[derive(Debug, Clone, Copy)]
struct Occurrence {
    sentence: usize,
    token: usize,
    person: usize,
}

/// The people of one document and where the narration names them.
#[derive(Debug, Default)]
pub struct People {
    pub people: Vec<Person>,
    occurrences: Vec<Occurrence>,
}

/// Whether a token can be a word of a personal name.
fn name_word(t: &Token) -> bool {
    let mut chars = t.text.chars();
    let Some(first) = chars.next() else { return false };
    first.is_uppercase()
        && t.text.chars().count() >= 2
        && t.text.chars().all(|c| c.is_alphabetic() || c == '\'')
        && t.text.chars().skip(1).any(char::is_lowercase)
        && !TITLE_WORDS.contains(&t.lower.as_str())
        && !NOT_NAMES.contains(&t.lower.as_str())
}

/// Whether token `k` lies inside a quotation of its sentence (an odd number of marks before it).
pub fn inside_quote(toks: &[Token], k: usize) -> bool {
    toks[..k.min(toks.len())].iter().filter(|t| t.text == "\"").count() % 2 == 1
}

/// A coded mention of something other than a person (a state, an organisation) covers `k`.
fn covered_by_thing(ms: &[Mention], k: usize) -> bool {
    ms.iter().any(|m| m.start <= k && k < m.end && !m.person && m.pronoun.is_none() && m.actors.first().is_some_and(|a| a.name.is_none()))
}

/// The personal name around token `k` of a sentence: the tokens `a..b` of the run of name
/// words (particles and hyphens joined) that holds `k`; `None` when `k` is no name word.
pub fn name_run(toks: &[Token], ms: &[Mention], k: usize) -> Option<(usize, usize)> {
    // "He Jianxiong": the Chinese surname He, not the pronoun, before a name word
    let surname_he = |i: usize| toks[i].text == "He" && toks.get(i + 1).is_some_and(|t| name_word(t) && toks[i].end < t.start);
    let word = |i: usize| (name_word(&toks[i]) || surname_he(i)) && !covered_by_thing(ms, i);
    // a hyphen or particle joins name words written together: "al-Assad", "Murray-Bruce"
    let joiner = |i: usize| {
        let t = &toks[i];
        let glued = |j: usize, l: usize| toks[j].end == toks[l].start;
        (t.text == "-" && i > 0 && i + 1 < toks.len() && glued(i - 1, i) && glued(i, i + 1))
            || (PARTICLES.contains(&t.text.as_str()) && i + 1 < toks.len())
    };
    if k >= toks.len() || !word(k) {
        return None;
    }
    let mut a = k;
    while a > 0 && (word(a - 1) || (joiner(a - 1) && a >= 2 && (word(a - 2) || PARTICLES.contains(&toks[a - 1].text.as_str())))) {
        a -= 1;
    }
    while a < k && !word(a) {
        a += 1;
    }
    let mut b = k + 1;
    while b < toks.len() && (word(b) || (joiner(b) && b + 1 < toks.len() && word(b + 1))) {
        b += 1;
    }
    if b - a > 5 || ORG_LAST.contains(&toks[b - 1].lower.as_str()) {
        return None;
    }
    Some((a, b))
}

fn run_text(toks: &[Token], a: usize, b: usize) -> String {
    statecraft_actors::tokens_text(toks, a, b)
}

impl People {
    /// Read the people of a document from its tokens and actor mentions.
    pub fn read(tokens: &[Vec<Token>], mentions: &[Vec<Mention>]) -> People {
        let mut out = People::default();
        // full names first (two words or more), then surnames linked to them
        for (s, toks) in tokens.iter().enumerate() {
            let ms = &mentions[s];
            let mut k = 0;
            while k < toks.len() {
                // a dictionary person: the name it resolves to
                if let Some(m) = ms.iter().find(|m| m.start == k && m.person && m.pronoun.is_none()) {
                    if let Some(name) = m.actors.first().and_then(|a| a.name.clone()) {
                        let p = out.person(&name);
                        if !inside_quote(toks, k) {
                            out.occurrences.push(Occurrence { sentence: s, token: k, person: p });
                        }
                        k = m.end.max(k + 1);
                        continue;
                    }
                }
                match name_run(toks, ms, k) {
                    Some((a, b)) => {
                        let words = b - a - toks[a..b].iter().filter(|t| t.text == "-" || PARTICLES.contains(&t.text.as_str())).count();
                        let name = run_text(toks, a, b);
                        let p = if words >= 2 { Some(out.person(&name)) } else { out.by_surname(&toks[b - 1].text) };
                        if let (Some(p), false) = (p, inside_quote(toks, a)) {
                            out.occurrences.push(Occurrence { sentence: s, token: a, person: p });
                        }
                        k = b;
                    }
                    None => k += 1,
                }
            }
        }
        out.genders(tokens);
        out
    }

    fn person(&mut self, name: &str) -> usize {
        if let Some(i) = self.people.iter().position(|p| p.name == name) {
            return i;
        }
        let surname = name.rsplit([' ', '-']).next().unwrap_or(name).to_string();
        self.people.push(Person { name: name.to_string(), surname, gender: None });
        self.people.len() - 1
    }

    /// The person whose surname (or whole name) is `word`, the latest named.
    pub fn by_surname(&self, word: &str) -> Option<usize> {
        self.people.iter().rposition(|p| p.surname == word || p.name == word).or_else(|| {
            // a two-word name with the family name first ("Xi Jinping" -> "Xi")
            self.people.iter().rposition(|p| p.name.split(' ').count() == 2 && p.name.split(' ').next() == Some(word))
        })
    }

    /// The full name a run of name words stands for: itself when it has two words or more,
    /// else the person of that surname named in the document.
    pub fn full_name(&self, toks: &[Token], a: usize, b: usize) -> String {
        let words = b - a - toks[a..b].iter().filter(|t| t.text == "-" || PARTICLES.contains(&t.text.as_str())).count();
        if words < 2 {
            if let Some(p) = self.by_surname(&toks[b - 1].text) {
                return self.people[p].name.clone();
            }
        }
        run_text(toks, a, b)
    }

    /// Gender from honorifics and from narration pronouns in sentences naming one person only.
    fn genders(&mut self, tokens: &[Vec<Token>]) {
        let mut votes = vec![(0usize, 0usize); self.people.len()];
        for (s, toks) in tokens.iter().enumerate() {
            let here: Vec<&Occurrence> = self.occurrences.iter().filter(|o| o.sentence == s).collect();
            for o in &here {
                if o.token > 0 {
                    match toks[o.token - 1].lower.as_str() {
                        "ms." | "ms" | "mrs." | "mrs" => votes[o.person].0 += 5,
                        "mr." | "mr" => votes[o.person].1 += 5,
                        _ => {}
                    }
                }
            }
            let mut distinct: Vec<usize> = here.iter().map(|o| o.person).collect();
            distinct.dedup();
            if distinct.len() != 1 {
                continue;
            }
            let first = here[0].token;
            for (k, t) in toks.iter().enumerate().skip(first + 1) {
                if inside_quote(toks, k) {
                    continue;
                }
                match t.lower.as_str() {
                    "she" | "her" | "hers" | "herself" => votes[distinct[0]].0 += 1,
                    "he" | "him" | "his" | "himself" => votes[distinct[0]].1 += 1,
                    _ => {}
                }
            }
        }
        for (p, (f, m)) in self.people.iter_mut().zip(votes) {
            p.gender = match (f, m) {
                (f, 0) if f > 0 => Some(Gender::Female),
                (0, m) if m > 0 => Some(Gender::Male),
                _ => None,
            };
        }
    }

    /// Whether the narration (not only a quotation) names this person.
    pub fn in_narration(&self, name: &str) -> bool {
        self.occurrences.iter().any(|o| self.people[o.person].name == name)
    }

    /// The person named in narration earlier in sentence `s` that `he`/`she` at token `k`
    /// can stand for (not of the other gender), the latest one.
    pub fn pronoun_in_sentence(&self, s: usize, k: usize, pronoun: &str) -> Option<usize> {
        let p = self.pronoun(s, k, pronoun)?;
        self.occurrences.iter().any(|o| o.sentence == s && o.token < k && o.person == p).then_some(p)
    }

    /// The person `he`/`she` at token `k` of sentence `s` refers to: among the people the
    /// narration names (not those named inside quotations), not of the other gender, the
    /// latest one named earlier in the same sentence (whose gender the text shows to match, if
    /// any); else, in the last three sentences, the
    /// latest one whose gender the text shows to match, else the latest; with nobody there,
    /// the latest compatible person before.
    pub fn pronoun(&self, s: usize, k: usize, pronoun: &str) -> Option<usize> {
        let want = match pronoun {
            "she" | "her" => Gender::Female,
            "he" | "him" | "his" => Gender::Male,
            _ => return None,
        };
        let before: Vec<&Occurrence> = self
            .occurrences
            .iter()
            .filter(|o| (o.sentence, o.token) < (s, k))
            .filter(|o| self.people[o.person].gender.is_none_or(|g| g == want))
            .collect();
        // a person the pronoun's own sentence names before it is the nearest antecedent
        // ("Yet Sondland has amended his testimony: "...," he said")
        let same: Vec<&&Occurrence> = before.iter().filter(|o| o.sentence == s).collect();
        if let Some(o) = same.iter().rev().find(|o| self.people[o.person].gender == Some(want)).or(same.last()) {
            return Some(o.person);
        }
        let window: Vec<&&Occurrence> = before.iter().filter(|o| o.sentence + 3 >= s).collect();
        if let Some(o) = window.iter().rev().find(|o| self.people[o.person].gender == Some(want)) {
            return Some(o.person);
        }
        if let Some(o) = window.last() {
            return Some(o.person);
        }
        before.last().map(|o| o.person)
    }
}
