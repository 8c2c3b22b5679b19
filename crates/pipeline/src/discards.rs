//! PETRARCH discard lists: phrases that keep a sentence (or, marked `+`, a whole story) from
//! being coded: sports results, entertainment, historical chronologies. A phrase matches
//! whole tokens from its first word on, in any case; its last word is a stem ("BOWL"
//! matches "bowling") unless the list ends it with `_`.

use std::collections::HashMap;

use statecraft_petrarch::DiscardList;
use statecraft_text::{tokenize, Token};

#[derive(Debug, Clone)]
struct Entry {
    words: Vec<String>,
    story: bool,
    exact_end: bool,
    phrase: String,
}

/// Discard phrases indexed by the first three letters of their first word.
#[derive(Debug, Clone, Default)]
pub struct Discards {
    entries: Vec<Entry>,
    by_prefix: HashMap<String, Vec<usize>>,
}

fn prefix(w: &str) -> String {
    w.chars().take(3).collect()
}

impl Discards {
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn add(&mut self, list: &DiscardList) {
        for e in &list.entries {
            let words: Vec<String> = tokenize(&e.words.join(" ")).into_iter().map(|t| t.lower).collect();
            let Some(first) = words.first() else { continue };
            let i = self.entries.len();
            self.by_prefix.entry(prefix(first)).or_default().push(i);
            self.entries.push(Entry { phrase: e.words.join(" "), words, story: e.story, exact_end: e.exact_end });
        }
    }

    /// The first discard phrase in a sentence: (phrase, whether it discards the whole story).
    /// A bare year ("1994") discards a sentence as history only in a document dated at least
    /// two years later: PETRARCH's list (1914 to 2013) was made against chronologies in the
    /// wire of its day, and in older coverage those years are the news.
    pub fn find(&self, tokens: &[Token], doc_year: Option<i32>) -> Option<(&str, bool)> {
        for i in 0..tokens.len() {
            let Some(list) = self.by_prefix.get(&prefix(&tokens[i].lower)) else { continue };
            for &k in list {
                let e = &self.entries[k];
                let n = e.words.len();
                if i + n > tokens.len() {
                    continue;
                }
                let ok = e.words.iter().enumerate().all(|(j, w)| {
                    let t = &tokens[i + j].lower;
                    if j + 1 == n && !e.exact_end { t.starts_with(w.as_str()) } else { t == w }
                });
                let year: Option<i32> = (n == 1 && e.words[0].len() == 4).then(|| e.words[0].parse().ok()).flatten();
                if ok && year.is_none_or(|y| doc_year.is_some_and(|d| y + 2 <= d)) {
                    return Some((&e.phrase, e.story));
                }
            }
        }
        None
    }
}
