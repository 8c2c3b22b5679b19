//! Sentence splitting over cleaned text.

use crate::tokenize::is_abbreviation;
use statecraft_model::Sentence;

/// Words that, after an ambiguous stop ("the U.S. More broadly"), show a new sentence begins.
const SENTENCE_STARTERS: &[&str] = &[
    "the", "a", "an", "but", "and", "more", "in", "on", "at", "this", "that", "these", "those", "it", "he", "she",
    "they", "we", "i", "you", "there", "meanwhile", "however", "still", "yet", "so", "for", "if", "when", "while",
    "after", "before", "as", "since", "although", "though", "his", "her", "their", "its", "our", "no", "not",
    "now", "then", "both", "many", "some", "most", "one", "two", "last", "earlier", "later", "also", "such",
];

/// Split cleaned text into sentences. Paragraph breaks always end a sentence; within a
/// paragraph a `.`, `!` or `?` (with any closing quotes or brackets) ends one when the next
/// word starts like a sentence and the word before is not an abbreviation or an initial.
pub fn split_sentences(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut para_start = 0;
    while para_start < text.len() {
        let para_end = text[para_start..].find('\n').map(|i| para_start + i).unwrap_or(text.len());
        split_paragraph(text, para_start, para_end, &mut out);
        para_start = para_end + 1;
        while para_start < text.len() && bytes[para_start] == b'\n' {
            para_start += 1;
        }
    }
    for (i, s) in out.iter_mut().enumerate() {
        s.index = i;
    }
    out
}

fn push(text: &str, start: usize, end: usize, out: &mut Vec<Sentence>) {
    let slice = &text[start..end];
    let lead = slice.len() - slice.trim_start().len();
    let trail = slice.len() - slice.trim_end().len();
    let (s, e) = (start + lead, end - trail);
    if s < e {
        out.push(Sentence { index: 0, start: s, end: e, text: text[s..e].to_string() });
    }
}

fn split_paragraph(text: &str, start: usize, end: usize, out: &mut Vec<Sentence>) {
    let para = &text[start..end];
    let chars: Vec<(usize, char)> = para.char_indices().collect();
    let mut sent_start = 0usize;
    let mut i = 0;
    while i < chars.len() {
        let (_, c) = chars[i];
        if matches!(c, '.' | '!' | '?') {
            // swallow runs of stops and closing quotes/brackets
            let mut j = i + 1;
            while j < chars.len() && matches!(chars[j].1, '.' | '!' | '?' | '"' | '\'' | ')' | ']') {
                j += 1;
            }
            // need whitespace next
            if j < chars.len() && chars[j].1 == ' ' {
                let mut k = j;
                while k < chars.len() && chars[k].1 == ' ' {
                    k += 1;
                }
                if k < chars.len() && is_boundary(para, &chars, i, k) {
                    let cut = chars[j].0;
                    push(text, start + sent_start, start + cut, out);
                    sent_start = chars[k].0;
                    i = k;
                    continue;
                }
            }
            i = j;
            continue;
        }
        i += 1;
    }
    push(text, start + sent_start, end, out);
}

/// `stop` is the index of the stop character, `next` the index of the next word's first char.
fn is_boundary(para: &str, chars: &[(usize, char)], stop: usize, next: usize) -> bool {
    let nc = chars[next].1;
    let opens = nc == '"' || nc == '\'' || nc == '(' || nc == '[';
    if !(nc.is_uppercase() || nc.is_ascii_digit() || opens) {
        return false;
    }
    if chars[stop].1 != '.' {
        return true;
    }
    // the word ending at the stop
    let mut b = stop;
    while b > 0 && !chars[b - 1].1.is_whitespace() && !matches!(chars[b - 1].1, '(' | '"') {
        b -= 1;
    }
    let word = &para[chars[b].0..chars[stop].0 + 1];
    let next_word: String = para[chars[next].0..]
        .chars()
        .skip_while(|c| !c.is_alphanumeric())
        .take_while(|c| c.is_alphanumeric())
        .collect();
    let next_is_starter = SENTENCE_STARTERS.contains(&next_word.to_lowercase().as_str());
    let core = word.trim_end_matches('.');
    // A single capital letter: an initial ("J. D. Vance"), never a sentence end.
    if core.chars().count() == 1 && core.chars().all(|c| c.is_uppercase()) {
        return false;
    }
    // Dotted acronym (U.S., U.N.): a boundary only before a word that starts sentences.
    if core.contains('.') && core.chars().all(|c| c.is_alphabetic() || c == '.') {
        return next_is_starter;
    }
    if is_abbreviation(word) {
        // "Aug. 15", "Dr. Reid", "Lt. Gen." never end a sentence; "Inc. The" may.
        return next_is_starter && !nc.is_ascii_digit() && !is_title_abbreviation(core);
    }
    true
}

fn is_title_abbreviation(core: &str) -> bool {
    matches!(
        core.to_lowercase().as_str(),
        "mr" | "mrs" | "ms" | "dr" | "prof" | "gen" | "lt" | "col" | "maj" | "capt" | "sgt" | "adm" | "cmdr" | "gov"
            | "sen" | "rep" | "rev" | "st" | "pres" | "hon" | "amb" | "brig" | "cpl" | "pvt" | "supt" | "insp"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<String> {
        split_sentences(s).into_iter().map(|s| s.text).collect()
    }

    #[test]
    fn abbreviations_and_initials() {
        assert_eq!(
            texts("U.S. Special Envoy Steve Witkoff visited Moscow. Lt. Gen. Keith Kellogg met Dr. Reid on Aug. 15 in Washington. J. D. Vance agreed."),
            vec![
                "U.S. Special Envoy Steve Witkoff visited Moscow.",
                "Lt. Gen. Keith Kellogg met Dr. Reid on Aug. 15 in Washington.",
                "J. D. Vance agreed."
            ]
        );
    }

    #[test]
    fn acronym_at_sentence_end() {
        assert_eq!(
            texts("planes headed to the U.S. More broadly, Putin is trying. The U.S. President spoke."),
            vec!["planes headed to the U.S.", "More broadly, Putin is trying.", "The U.S. President spoke."]
        );
    }

    #[test]
    fn quotes_and_paragraphs() {
        assert_eq!(
            texts("\"A collision seems unavoidable,\" the paper said. \"It is.\" Then he left!\n\nNew paragraph without stop\nAnother"),
            vec!["\"A collision seems unavoidable,\" the paper said.", "\"It is.\"", "Then he left!", "New paragraph without stop", "Another"]
        );
    }

    #[test]
    fn spans_point_into_text() {
        let t = "One sentence here. Two here.\n\nThree.";
        for s in split_sentences(t) {
            assert_eq!(&t[s.start..s.end], s.text);
        }
        assert_eq!(split_sentences(t).len(), 3);
    }

    #[test]
    fn no_split_before_lowercase_or_number_after_abbreviation() {
        assert_eq!(texts("It was 3 p.m. on Friday. He met Gen. Smith."), vec!["It was 3 p.m. on Friday.", "He met Gen. Smith."]);
    }
}
