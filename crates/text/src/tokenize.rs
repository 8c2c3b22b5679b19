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


/// Split one whitespace-free chunk `s[a..b]`.
fn split_chunk(s: &str, mut a: usize, mut b: usize, out: &mut Vec<Token>) {
    // leading punctuation, one char at a time
    while a < b {
        let c = s[a..b].chars().next().unwrap();
        if c.is_alphanumeric() || (c == '\'' && s[a + 1..b].starts_with(|c: char| c.is_ascii_digit())) {
            break;
        }
        if c == '\'' && is_contraction_start(&s[a..b]) {
            break;
        }
        push(out, s, 0, a, a + c.len_utf8());
        a += c.len_utf8();
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
        if c == '\'' {
            // plural possessive: "leaders'" -> "leaders" "'"
            let w = &s[a..b - 1];
            if w.ends_with('s') && w.len() > 1 {
                trailing.push((b - 1, b));
                b -= 1;
                break;
            }
        }
        trailing.push((b - c.len_utf8(), b));
        b -= c.len_utf8();
    }
    split_word(s, a, b, out);
    for (x, y) in trailing.into_iter().rev() {
        push(out, s, 0, x, y);
    }
}

fn is_contraction_start(w: &str) -> bool {
    let l = w.to_lowercase();
    ["'s", "'re", "'ve", "'ll", "'d", "'m"].contains(&l.as_str())
}

/// Split a word core on hyphens, slashes between letters, clitics and n't.
fn split_word(s: &str, a: usize, b: usize, out: &mut Vec<Token>) {
    if a >= b {
        return;
    }
    let w = &s[a..b];
    // hyphens: "U.S.-Russia", "long-range", "then-president"; keep numbers like "2014-15" apart too.
    if let Some(pos) = hyphen_split(w) {
        split_word(s, a, a + pos, out);
        push(out, s, 0, a + pos, a + pos + 1);
        split_word(s, a + pos + 1, b, out);
        return;
    }
    let lower = w.to_lowercase();
    // n't
    if lower.ends_with("n't") && w.len() > 3 {
        let cut = b - 3;
        push(out, s, 0, a, cut);
        push(out, s, 0, cut, b);
        return;
    }
    // clitics 's 're 've 'll 'd 'm
    for clitic in ["'s", "'re", "'ve", "'ll", "'d", "'m"] {
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
    fn offsets() {
        let s = "Moscow’s “offer” — rejected.";
        for tok in tokenize(s) {
            assert_eq!(&s[tok.start..tok.end], tok.text);
        }
    }
}
