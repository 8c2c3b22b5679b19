//! Tokenisation following Universal Dependencies English conventions where coding needs them.

/// A token of a sentence; `start..end` are byte offsets into the string that was tokenised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub lower: String,
}

const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "sgt", "adm", "cmdr", "gov", "sen", "rep",
    "rev", "st", "jr", "sr", "pres", "hon", "amb", "brig", "cpl", "pvt", "supt", "insp", "jan", "feb", "mar", "apr",
    "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue", "tues", "wed", "thu", "thur", "thurs",
    "fri", "sat", "sun", "no", "nos", "vs", "etc", "inc", "corp", "co", "ltd", "dept", "est", "approx", "fig", "vol",
    "mt", "ft", "e.g", "i.e", "a.m", "p.m", "u.s", "u.n", "u.k", "u.s.a", "e.u", "d.c",
];

/// Whether `word` (with its final `.`) is an abbreviation, an initial or a dotted acronym.
pub fn is_abbreviation(word: &str) -> bool {
    let core = word.trim_end_matches('.');
    if core.is_empty() || !word.ends_with('.') {
        return false;
    }
    let lower = core.to_lowercase();
    if ABBREVIATIONS.contains(&lower.as_str()) {
        return true;
    }
    let mut chars = core.chars();
    let single_letter = chars.next().is_some_and(char::is_alphabetic) && chars.next().is_none();
    let dotted = core.contains('.') && core.split('.').all(|p| p.chars().count() <= 2 && p.chars().all(char::is_alphabetic));
    single_letter || dotted
}

fn push(tokens: &mut Vec<Token>, s: &str, base: usize, a: usize, b: usize) {
    if a < b {
        let text = &s[a..b];
        tokens.push(Token { start: base + a, end: base + b, text: text.to_string(), lower: text.to_lowercase() });
    }
}

/// Tokenise `text`; offsets are relative to `text`.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::with_capacity(text.len() / 5);
    let mut i = 0;
    let bytes = text.as_bytes();
    while i < text.len() {
        if bytes[i].is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < text.len() && !bytes[j].is_ascii_whitespace() {
            j += 1;
        }
        split_chunk(text, i, j, &mut tokens);
        i = j;
    }
    tokens
}


/// Emoticons kept as one token (UD English keeps them whole).
const EMOTICONS: &[&str] = &[":)", ":-)", ":(", ":-(", ";)", ";-)", ":D", ":-D", ":P", ":-P", ":/", ":o)", "=)", "<3"];

/// End of the run of `c` starting at `a` (runs such as `--`, `...`, `***` are one token in UD English).
fn run_end(s: &str, a: usize, b: usize, c: char) -> usize {
    let mut e = a + c.len_utf8();
    while e < b && s[e..b].starts_with(c) {
        e += c.len_utf8();
    }
    e
}

/// Split one whitespace-free chunk `s[a..b]`.
fn split_chunk(s: &str, mut a: usize, mut b: usize, out: &mut Vec<Token>) {
    if let Some(e) = EMOTICONS.iter().find(|e| s[a..b].starts_with(**e) && (s[a..b].len() == e.len() || !s[a + e.len()..b].starts_with(|c: char| c.is_alphanumeric()))) {
        push(out, s, 0, a, a + e.len());
        a += e.len();
    }
    // leading punctuation, runs of one character together
    while a < b {
        let c = s[a..b].chars().next().unwrap();
        if c.is_alphanumeric() || (c == '\'' && s[a + 1..b].starts_with(|c: char| c.is_ascii_digit())) {
            break;
        }
        if (c == '\'' || c == '’') && is_contraction_start(&s[a..b]) {
            break;
        }
        // hashtags and handles: "#audiobooks", "@name"
        if (c == '#' || c == '@') && s[a + 1..b].starts_with(|c: char| c.is_alphanumeric()) {
            break;
        }
        let e = run_end(s, a, b, c);
        push(out, s, 0, a, e);
        a = e;
    }
    // trailing punctuation (kept in a stack to emit in order)
    let mut trailing: Vec<(usize, usize)> = Vec::new();
    while a < b {
        let c = s[a..b].chars().next_back().unwrap();
        if c.is_alphanumeric() {
            break;
        }
        if c == '.' {
            let word = &s[a..b];
            if is_abbreviation(word) && !word.ends_with("..") {
                break;
            }
        }
        if c == '\'' || c == '’' {
            // plural possessive: "leaders'" -> "leaders" "'"
            let w = &s[a..b - c.len_utf8()];
            if w.ends_with('s') && w.len() > 1 {
                trailing.push((b - c.len_utf8(), b));
                b -= c.len_utf8();
                break;
            }
        }
        // a run of the same character ("...", "!!") is one token
        let mut e = b - c.len_utf8();
        while e > a && s[a..e].ends_with(c) && !(c == '.' && is_abbreviation(&s[a..e]) && !s[a..e].ends_with("..")) {
            e -= c.len_utf8();
        }
        trailing.push((e, b));
        b = e;
    }
    split_word(s, a, b, out);
    for (x, y) in trailing.into_iter().rev() {
        push(out, s, 0, x, y);
    }
}

fn is_contraction_start(w: &str) -> bool {
    let l = w.to_lowercase().replace('’', "'");
    ["'s", "'re", "'ve", "'ll", "'d", "'m"].contains(&l.as_str())
}

/// Prefixes that UD English keeps attached with their hyphen ("e-mail", "non-profit", "re-elect").
const HYPHEN_PREFIXES: &[&str] = &[
    "e", "non", "anti", "pre", "re", "mid", "co", "post", "pro", "multi", "ex", "semi", "counter", "sub", "vice", "neo", "cross", "un",
    "socio", "mis", "micro", "intra", "inter", "pseudo",
];

/// Informal fusions split like UD English: "cannot" -> "can" "not", "gonna" -> "gon" "na".
fn fused_split(lower: &str) -> Option<usize> {
    match lower {
        "cannot" => Some(3),
        "gonna" | "wanna" | "gotta" | "outta" => Some(lower.len() - 2),
        _ => None,
    }
}

/// Split a word core on hyphens, slashes between letters, clitics and n't.
fn split_word(s: &str, a: usize, b: usize, out: &mut Vec<Token>) {
    if a >= b {
        return;
    }
    let w = &s[a..b];
    // runs inside a word: "day--a", "past...and"
    for run in ["--", "..."] {
        if let Some(pos) = w.find(run).filter(|&p| p > 0) {
            let e = run_end(s, a + pos, b, run.chars().next().unwrap());
            if e < b {
                split_word(s, a, a + pos, out);
                push(out, s, 0, a + pos, e);
                split_word(s, e, b, out);
                return;
            }
        }
    }
    // slashes between words: "and/or" (not URLs or numbers)
    if let Some(pos) = w.find('/') {
        let (l, r) = (&w[..pos], &w[pos + 1..]);
        if !l.is_empty() && !r.is_empty() && l.chars().all(char::is_alphabetic) && r.chars().next().is_some_and(char::is_alphabetic) && !r.contains('/') {
            split_word(s, a, a + pos, out);
            push(out, s, 0, a + pos, a + pos + 1);
            split_word(s, a + pos + 1, b, out);
            return;
        }
    }
    // hyphens: "U.S.-Russia", "long-range", "then-president"; prefixes such as "e-mail" and
    // phone-number-like digit groups ("303-832-8160") stay whole.
    if let Some(pos) = hyphen_split(w) {
        let (l, r) = (&w[..pos], &w[pos + 1..]);
        let prefix = HYPHEN_PREFIXES.contains(&l.to_lowercase().as_str()) && r.starts_with(|c: char| c.is_alphabetic());
        let digits = |x: &str| !x.is_empty() && x.bytes().all(|c| c.is_ascii_digit() || c == b'-');
        let phone = digits(l) && digits(r) && r.len() >= 4 && !l.is_empty();
        if !prefix && !phone {
            split_word(s, a, a + pos, out);
            push(out, s, 0, a + pos, a + pos + 1);
            split_word(s, a + pos + 1, b, out);
            return;
        }
        if prefix {
            // keep "e-mail" whole but still split clitics and further hyphens on the right
            let lower = w.to_lowercase();
            if !lower.ends_with("n't") && !["'s", "’s"].iter().any(|c| lower.ends_with(c)) && hyphen_split(r).is_none() {
                push(out, s, 0, a, b);
                return;
            }
        } else {
            push(out, s, 0, a, b);
            return;
        }
    }
    let lower = w.to_lowercase();
    if let Some(cut) = fused_split(&lower) {
        push(out, s, 0, a, a + cut);
        push(out, s, 0, a + cut, b);
        return;
    }
    // n't
    for neg in ["n't", "n’t"] {
        if lower.ends_with(neg) && w.len() > neg.len() {
            let cut = b - neg.len();
            push(out, s, 0, a, cut);
            push(out, s, 0, cut, b);
            return;
        }
    }
    // clitics 's 're 've 'll 'd 'm
    for clitic in ["'s", "'re", "'ve", "'ll", "'d", "'m", "’s", "’re", "’ve", "’ll", "’d", "’m"] {
        if lower.ends_with(clitic) && w.len() > clitic.len() {
            let cut = b - clitic.len();
            push(out, s, 0, a, cut);
            push(out, s, 0, cut, b);
            return;
        }
    }
    push(out, s, 0, a, b);
}

fn hyphen_split(w: &str) -> Option<usize> {
    let bytes = w.as_bytes();
    for (i, &c) in bytes.iter().enumerate() {
        if c == b'-' && i > 0 && i + 1 < bytes.len() {
            return Some(i);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_spaced_dash_is_given_to_the_parser_as_two() {
        let toks = super::tokenize("Two hostages - an American - were freed in a well-planned swap.");
        let words = super::parser_words(&toks);
        assert_eq!(words.iter().filter(|w| **w == "--").count(), 2, "{words:?}");
        assert!(words.contains(&"-"), "the hyphen in a compound stays: {words:?}");
    }

    use super::*;

    fn t(s: &str) -> Vec<String> {
        tokenize(s).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn ud_conventions() {
        assert_eq!(t("The Kremlin didn't retaliate."), ["The", "Kremlin", "did", "n't", "retaliate", "."]);
        assert_eq!(t("Russia's troops"), ["Russia", "'s", "troops"]);
        assert_eq!(t("the leaders' talks"), ["the", "leaders", "'", "talks"]);
        assert_eq!(t("U.S.-Russia relations"), ["U.S.", "-", "Russia", "relations"]);
        assert_eq!(t("\"It is,\" he said."), ["\"", "It", "is", ",", "\"", "he", "said", "."]);
        assert_eq!(t("Lt. Gen. Smith met Dr. Reid in the U.S."), ["Lt.", "Gen.", "Smith", "met", "Dr.", "Reid", "in", "the", "U.S."]);
        assert_eq!(t("580,000 people (5.1%)"), ["580,000", "people", "(", "5.1", "%", ")"]);
        assert_eq!(t("They're here"), ["They", "'re", "here"]);
    }

    #[test]
    fn ewt_conventions() {
        assert_eq!(t("a day -- a chance..."), ["a", "day", "--", "a", "chance", "..."]);
        assert_eq!(t("day--a"), ["day", "--", "a"]);
        assert_eq!(t("Iran’s program isn’t"), ["Iran", "’s", "program", "is", "n’t"]);
        assert_eq!(t("I cannot go"), ["I", "can", "not", "go"]);
        assert_eq!(t("and/or e-mail non-Microsoft"), ["and", "/", "or", "e-mail", "non-Microsoft"]);
        assert_eq!(t("call 303-832-8160 :)"), ["call", "303-832-8160", ":)"]);
        assert_eq!(t("grass-roots #audiobooks ***"), ["grass", "-", "roots", "#audiobooks", "***"]);
        assert_eq!(t("Wow!!"), ["Wow", "!!"]);
    }

    #[test]
    fn offsets() {
        let s = "Moscow’s “offer” — rejected.";
        for tok in tokenize(s) {
            assert_eq!(&s[tok.start..tok.end], tok.text);
        }
    }
}

/// The words the parser reads for `tokens`: their texts, except that a dash standing between
/// spaces (cleaning writes em and en dashes as "-") is given as "--", the form the treebank
/// uses for such a dash; as "-" the tagger reads a hyphen inside a compound and the parse of
/// an aside between dashes ("Two hostages - an American and an Australian - were freed") fails.
pub fn parser_words(tokens: &[Token]) -> Vec<&str> {
    tokens
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let spaced_before = i == 0 || tokens[i - 1].end < t.start;
            let spaced_after = tokens.get(i + 1).is_none_or(|n| t.end < n.start);
            if t.text == "-" && spaced_before && spaced_after {
                "--"
            } else {
                t.text.as_str()
            }
        })
        .collect()
}
