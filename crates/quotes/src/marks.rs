//! Finding quotations: pairs of quotation marks in the cleaned text.
//!
//! Straight and curly marks are read alike (the text stage makes curly marks straight); whether
//! a mark opens or closes is read from the characters around it. A paragraph that ends inside a
//! quote and a next paragraph that opens with a mark continue one quotation (the typographic
//! convention for quotes over several paragraphs); so does a mark that reopens right after a
//! full stop inside an open quote (paragraphs a scraper glued together). A quote that never
//! closes is dropped. Single marks (`'`, `‘’`) are read outside double quotes only as short
//! phrases (scare quotes such as 'Putin locomotive'), and inside a double quote as the
//! quotation it quotes (`"I heard him ask, 'Is it done?'"`), marked `nested`.

/// One quotation: the quoted words are `start..end` (bytes of the cleaned text), possibly made
/// of several pieces (paragraphs) whose texts are joined.
#[derive(Debug, Clone, PartialEq)]
pub struct Marked {
    /// Byte of the opening mark.
    pub open: usize,
    pub start: usize,
    pub end: usize,
    /// Byte just after the closing mark.
    pub after: usize,
    pub pieces: Vec<(usize, usize)>,
    /// Marked with single quotation marks.
    pub single: bool,
    /// Inside a double-quoted quotation.
    pub nested: bool,
}

fn is_double(c: char) -> bool {
    matches!(c, '"' | '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{00AB}' | '\u{00BB}')
}

fn is_single(c: char) -> bool {
    matches!(c, '\'' | '\u{2018}' | '\u{2019}')
}

/// Whether a mark at `i` (with neighbours `prev`, `next`) looks like it opens a quote.
fn opens(c: char, prev: Option<char>, next: Option<char>) -> bool {
    if c == '\u{201C}' || c == '\u{2018}' || c == '\u{00AB}' || c == '\u{201E}' {
        return true;
    }
    if c == '\u{201D}' || c == '\u{2019}' || c == '\u{00BB}' {
        return false;
    }
    let before_ok = prev.is_none_or(|p| p.is_whitespace() || "([{-\u{2014}\u{2013}/:".contains(p));
    let after_ok = next.is_some_and(|n| !n.is_whitespace());
    before_ok && after_ok
}

fn closes(c: char, prev: Option<char>, next: Option<char>) -> bool {
    if c == '\u{201D}' || c == '\u{2019}' || c == '\u{00BB}' {
        return true;
    }
    if c == '\u{201C}' || c == '\u{2018}' || c == '\u{00AB}' || c == '\u{201E}' {
        return false;
    }
    let before_ok = prev.is_some_and(|p| !p.is_whitespace());
    let after_ok = next.is_none_or(|n| n.is_whitespace() || ",.;:!?)]}-\u{2014}\u{2013}'\"".contains(n));
    before_ok && after_ok
}

/// Paragraphs of the cleaned text as byte ranges (lines; blank lines separate them).
fn paragraphs(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split('\n') {
        let end = start + line.len();
        if !line.trim().is_empty() {
            out.push((start, end));
        }
        start = end + 1;
    }
    out
}

/// Every double-quoted quotation, in text order, and single-quoted short phrases outside them.
pub fn find(text: &str) -> Vec<Marked> {
    let paras = paragraphs(text);
    let mut out: Vec<Marked> = Vec::new();
    // a quote left open at the end of the previous paragraph
    let mut carried: Option<Marked> = None;
    for (pi, &(ps, pe)) in paras.iter().enumerate() {
        let chars: Vec<(usize, char)> = text[ps..pe].char_indices().map(|(i, c)| (ps + i, c)).collect();
        let mut open: Option<Marked> = None;
        let first_mark = chars.iter().position(|&(_, c)| !c.is_whitespace());
        for (k, &(pos, c)) in chars.iter().enumerate() {
            if !is_double(c) {
                continue;
            }
            let prev = if k > 0 { Some(chars[k - 1].1) } else { None };
            let next = chars.get(k + 1).map(|x| x.1);
            let after = pos + c.len_utf8();
            let (o, cl) = (opens(c, prev, next), closes(c, prev, next));
            match open.take() {
                None => {
                    if o || !cl {
                        let mut m = Marked { open: pos, start: after, end: after, after, pieces: Vec::new(), single: false, nested: false };
                        // the paragraph continues the quote left open by the previous one
                        if Some(k) == first_mark {
                            if let Some(c) = carried.take() {
                                m = c;
                            }
                        }
                        m.pieces.push((after, after));
                        open = Some(m);
                    }
                }
                Some(mut m) => {
                    let piece_start = m.pieces.last().map(|p| p.0).unwrap_or(m.start);
                    let before = text[piece_start..pos].trim_end();
                    if !cl && o && before.ends_with(['.', '?', '!']) {
                        // reopened after a full stop: paragraphs glued together, one quote goes on
                        let n = m.pieces.len();
                        m.pieces[n - 1] = (piece_start, piece_start + before.len());
                        m.pieces.push((after, after));
                        open = Some(m);
                    } else {
                        let n = m.pieces.len();
                        m.pieces[n - 1] = (piece_start, pos);
                        m.end = pos;
                        m.after = after;
                        out.push(m);
                    }
                }
            }
        }
        carried = None;
        if let Some(mut m) = open {
            // a paragraph ending inside a quote: continued if the next one opens with a mark
            let next_opens = paras.get(pi + 1).is_some_and(|&(ns, ne)| text[ns..ne].trim_start().starts_with(is_double));
            if next_opens {
                let n = m.pieces.len();
                let piece_start = m.pieces[n - 1].0;
                m.pieces[n - 1] = (piece_start, piece_start + text[piece_start..pe].trim_end().len());
                carried = Some(m);
            }
        }
    }
    let doubles: Vec<(usize, usize)> = out.iter().map(|m| (m.open, m.after)).collect();
    out.extend(find_single(text, &paras, &doubles));
    for m in &mut out {
        m.start = m.pieces.first().map(|p| p.0).unwrap_or(m.start);
        m.end = m.pieces.last().map(|p| p.1).unwrap_or(m.end);
        // trim spaces just inside the marks
        m.pieces.retain(|p| p.0 < p.1);
    }
    out.retain(|m| !m.pieces.is_empty() && m.start < m.end);
    out.sort_by_key(|m| m.open);
    out
}

/// Single-quoted phrases of at most six words, in one paragraph, outside double quotes; and
/// single-quoted quotations of at most 40 words inside one double quote.
fn find_single(text: &str, paras: &[(usize, usize)], doubles: &[(usize, usize)]) -> Vec<Marked> {
    let mut out = Vec::new();
    let within = |p: usize| doubles.iter().find(|&&(a, b)| a < p && p < b).copied();
    for &(ps, pe) in paras {
        let chars: Vec<(usize, char)> = text[ps..pe].char_indices().map(|(i, c)| (ps + i, c)).collect();
        let mut open: Option<usize> = None;
        for (k, &(pos, c)) in chars.iter().enumerate() {
            if !is_single(c) {
                continue;
            }
            let prev = if k > 0 { Some(chars[k - 1].1) } else { None };
            let next = chars.get(k + 1).map(|x| x.1);
            // an apostrophe inside a word ("Putin's") is neither
            if prev.is_some_and(char::is_alphanumeric) && next.is_some_and(char::is_alphanumeric) {
                continue;
            }
            match open {
                None => {
                    if opens(c, prev, next) && next.is_some_and(char::is_alphabetic) {
                        open = Some(pos);
                    }
                }
                Some(o) => {
                    if closes(c, prev, next) {
                        let start = o + text[o..].chars().next().map(char::len_utf8).unwrap_or(1);
                        let words = text[start..pos].split_whitespace().count();
                        let outer = within(o);
                        let limit = if outer.is_some() { 40 } else { 6 };
                        let plain = !text[start..pos].contains(['"', '\u{201C}', '\u{201D}', '\n']);
                        if (1..=limit).contains(&words) && plain && outer == within(pos) {
                            out.push(Marked { open: o, start, end: pos, after: pos + c.len_utf8(), pieces: vec![(start, pos)], single: true, nested: outer.is_some() });
                        }
                        open = None;
                    } else if opens(c, prev, next) && next.is_some_and(char::is_alphabetic) {
                        open = Some(pos);
                    }
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(t: &str) -> Vec<String> {
        find(t).into_iter().map(|m| m.pieces.iter().map(|&(a, b)| &t[a..b]).collect::<Vec<_>>().join(" | ")).collect()
    }

    #[test]
    fn straight_and_curly_marks() {
        assert_eq!(texts("\"It is over,\" he said."), ["It is over,"]);
        assert_eq!(texts("\u{201C}It is over,\u{201D} he said."), ["It is over,"]);
        // mixed, as scraped: a curly opening and a straight closing
        assert_eq!(texts("calling him \u{201C}courageous\" at a forum"), ["courageous"]);
    }

    #[test]
    fn quotes_over_paragraphs() {
        let t = "\"A collision seems unavoidable,\" the paper said.\n\n\"The locomotives are speeding.\n\n\"And neither is about to stop.\"\n\nThe next paragraph.";
        assert_eq!(texts(t), ["A collision seems unavoidable,", "The locomotives are speeding. | And neither is about to stop."]);
        // an unclosed quote with no continuation is dropped
        assert_eq!(texts("\"It never closes.\n\nAnother paragraph."), Vec::<String>::new());
    }

    #[test]
    fn glued_paragraphs_continue_one_quote() {
        let t = "Reid told HuffPost: \"Once this war concludes, we will see it. \"World leaders have each other's backs.\" He left.";
        assert_eq!(texts(t), ["Once this war concludes, we will see it. | World leaders have each other's backs."]);
    }

    #[test]
    fn single_marks_only_as_short_phrases_outside_double_quotes() {
        assert_eq!(texts("The 'Putin locomotive' presses forward with the 'Special Military Operation,' Russia's war."), ["Putin locomotive", "Special Military Operation,"]);
        // nested in a double quote: part of it, and a quotation of its own
        assert_eq!(texts("\"Ukraine says, 'We're tired.' Then what?\" she asked."), ["Ukraine says, 'We're tired.' Then what?", "We're tired."]);
        assert!(find("\"Ukraine says, 'We're tired.' Then what?\" she asked.")[1].nested);
        // apostrophes are not marks
        assert!(texts("Russia's and the Russians' view, rock 'n' roll").len() <= 1);
    }

    #[test]
    fn odd_input_does_not_panic() {
        for t in ["\"", "\"\"", "'", "\u{201C}", "a \" b \" c \" d", "\n\n\"\n\n\"", "“é”", ""] {
            let _ = find(t);
        }
    }
}
