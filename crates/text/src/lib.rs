//! Text stage: turns a raw article into cleaned text, sentences and tokens.
//!
//! `clean` normalises Unicode and drops obvious scraper debris lines (keeping a record of what
//! was removed and why); `split_sentences` cuts the cleaned text into sentences with byte
//! spans; `tokenize` cuts a sentence into tokens following Universal Dependencies English
//! conventions where it matters for coding (`n't` and `'s` split off, abbreviations kept).

mod clean;
mod split;
mod tokenize;

pub mod lang;
pub use clean::{clean, normalize, Cleaned, Removed};
pub use lang::{detect_language, not_english};
pub use split::{split_sentences, MAX_SENTENCE_BYTES, MAX_SENTENCE_WORDS};
pub use tokenize::{is_abbreviation, parser_words, tokenize, Token};
