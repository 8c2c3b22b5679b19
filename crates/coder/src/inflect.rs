//! English inflection for pattern words: a lemma in the dictionary matches its inflected forms.

const IRREGULAR: &[(&str, &[&str])] = &[
    ("meet", &["met"]), ("hold", &["held"]), ("give", &["gave", "given"]), ("send", &["sent"]),
    ("strike", &["struck", "stricken"]), ("shoot", &["shot"]), ("fight", &["fought"]), ("take", &["took", "taken"]),
    ("break", &["broke", "broken"]), ("lead", &["led"]), ("fly", &["flew", "flown"]), ("go", &["went", "gone", "goes", "going"]),
    ("speak", &["spoke", "spoken"]), ("tell", &["told"]), ("say", &["said"]), ("sell", &["sold"]), ("win", &["won"]),
    ("begin", &["began", "begun"]), ("lay", &["laid"]), ("withdraw", &["withdrew", "withdrawn"]),
    ("overrun", &["overran"]), ("beat", &["beaten"]), ("blow", &["blew", "blown"]), ("drive", &["drove", "driven"]),
    ("hit", &[]), ("put", &[]), ("set", &[]), ("cut", &[]), ("shut", &[]), ("let", &[]), ("spend", &["spent"]),
    ("keep", &["kept"]), ("stand", &["stood"]), ("throw", &["threw", "thrown"]), ("bring", &["brought"]),
    ("buy", &["bought"]), ("seek", &["sought"]), ("forgive", &["forgave", "forgiven"]), ("swear", &["swore", "sworn"]),
    ("freeze", &["froze", "frozen"]), ("steal", &["stole", "stolen"]), ("slay", &["slew", "slain"]),
    ("undertake", &["undertook", "undertaken"]), ("overthrow", &["overthrew", "overthrown"]), ("come", &["came"]),
    ("make", &["made"]), ("pay", &["paid"]), ("lend", &["lent"]), ("rebuild", &["rebuilt"]), ("build", &["built"]),
    ("arise", &["arose", "arisen"]), ("shake", &["shook", "shaken"]), ("forsake", &["forsook", "forsaken"]),
    ("bear", &["bore", "borne"]), ("see", &["saw", "seen"]), ("sit", &["sat"]), ("flee", &["fled"]), ("bid", &[]),
    ("seize", &[]), ("do", &["did", "done", "does", "doing"]), ("have", &["had", "has"]), ("be", &["was", "were", "been", "is", "are", "am"]),
    ("write", &["wrote", "written"]), ("rise", &["rose", "risen"]), ("draw", &["drew", "drawn"]), ("sign", &[]),
    ("feel", &["felt"]), ("find", &["found"]), ("get", &["got", "gotten"]), ("leave", &["left"]), ("mislead", &["misled"]),
];

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u')
}

/// Every form of `word` to match: itself, plural/3rd person, past, participles, gerund.
pub fn forms(word: &str) -> Vec<String> {
    let w = word.to_lowercase();
    let mut out = vec![w.clone()];
    if let Some((_, irr)) = IRREGULAR.iter().find(|(b, _)| *b == w) {
        out.extend(irr.iter().map(|s| s.to_string()));
    }
    if w.len() < 3 || !w.chars().all(|c| c.is_alphabetic()) {
        return out;
    }
    let chars: Vec<char> = w.chars().collect();
    let last = chars[chars.len() - 1];
    let prev = chars[chars.len() - 2];
    // -s
    if w.ends_with('s') || w.ends_with('x') || w.ends_with('z') || w.ends_with("ch") || w.ends_with("sh") {
        out.push(format!("{w}es"));
    } else if last == 'y' && !is_vowel(prev) {
        out.push(format!("{}ies", &w[..w.len() - 1]));
    } else {
        out.push(format!("{w}s"));
    }
    // -ed, -ing
    if last == 'e' {
        out.push(format!("{w}d"));
        out.push(format!("{}ing", &w[..w.len() - 1]));
    } else if last == 'y' && !is_vowel(prev) {
        out.push(format!("{}ied", &w[..w.len() - 1]));
        out.push(format!("{w}ing"));
    } else {
        out.push(format!("{w}ed"));
        out.push(format!("{w}ing"));
        // consonant doubling for short stressed endings (ban, stop, plan, ship, slap, commit)
        let cvc = !is_vowel(last) && is_vowel(prev) && !matches!(last, 'w' | 'x' | 'y') && chars.len() >= 3 && !is_vowel(chars[chars.len() - 3]);
        if cvc {
            out.push(format!("{w}{last}ed"));
            out.push(format!("{w}{last}ing"));
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Whether a token is a past participle or past form of a regular or listed irregular verb.
pub fn looks_past_participle(word: &str) -> bool {
    let w = word.to_lowercase();
    (w.ends_with("ed") && w.len() > 3) || IRREGULAR.iter().any(|(_, f)| f.iter().any(|x| *x == w))
}

#[cfg(test)]
mod tests {
    use super::forms;

    #[test]
    fn regular_and_irregular() {
        assert!(forms("visit").contains(&"visited".to_string()));
        assert!(forms("seize").contains(&"seizing".to_string()));
        assert!(forms("ban").contains(&"banned".to_string()));
        assert!(forms("supply").contains(&"supplied".to_string()));
        assert!(forms("supply").contains(&"supplies".to_string()));
        assert!(forms("meet").contains(&"met".to_string()));
        assert!(forms("sanction").contains(&"sanctions".to_string()));
        assert!(forms("strike").contains(&"struck".to_string()));
        assert!(forms("slap").contains(&"slapping".to_string()));
    }
}
