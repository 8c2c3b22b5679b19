//! Unicode normalisation and removal of scraper debris, recording what was removed and why.
//!
//! Line-level debris: audio-player captions ("Listen to Steve read this article", text-to-speech
//! players), site menus run together into one word, logo lines, photo captions on their own line
//! or glued to the first sentence ("..., Friday, Aug. 15, 2025, Alaska.Donald Trump ..."), the
//! title repeated, "Related...", "Comments", "Breaking news" and other furniture, and author
//! contact lines. Block-level debris: a run of paragraphs at the end that shares little
//! vocabulary with the article (teasers of unrelated stories, an outlet's blurb) is removed as
//! `unrelated teaser`.

/// Text after cleaning, with a record of every line that was taken out.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cleaned {
    /// Paragraphs separated by a blank line.
    pub text: String,
    /// The title, when the first line looked like one (or was given).
    pub title: Option<String>,
    /// A line near the top that was only a date ("Thu. Aug 7th, 2025"), for the date stage.
    pub date_line: Option<String>,
    pub removed: Vec<Removed>,
}

/// A line removed as debris, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Removed {
    pub text: String,
    pub reason: &'static str,
}

/// Map typographic characters to plain ones and repair sentences glued together by scrapers.
///
/// Curly quotes become straight, dashes become `-` (em dash ` - `), non-breaking and other
/// exotic spaces become a plain space, invisible characters go, `…` becomes `...`.
pub fn normalize(raw: &str) -> String {
    let glued = repair_glued_sentences(raw);
    let mut out = String::with_capacity(glued.len());
    for c in glued.chars() {
        match c {
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '`' | '\u{00B4}' => out.push('\''),
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}' | '\u{00BB}' => out.push('"'),
            '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2212}' => out.push('-'),
            '\u{2013}' | '\u{2014}' | '\u{2015}' => out.push('-'),
            '\u{2026}' => out.push_str("..."),
            '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' | '\t' => out.push(' '),
            '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' => {}
            '\r' => {}
            '\u{2028}' | '\u{2029}' => out.push('\n'),
            c if c.is_control() && c != '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// "summit.For Putin" -> "summit. For Putin"; "everything.“World" -> "everything. “World";
/// "he said.”He" -> "he said.” He". Only where the word before the stop is a real word, so
/// "U.S." and "Lt.Gen" style abbreviations are left alone.
fn repair_glued_sentences(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len() + 16);
    let n = chars.len();
    for i in 0..n {
        let c = chars[i];
        out.push(c);
        let next = chars.get(i + 1).copied();
        let next2 = chars.get(i + 2).copied();
        let ends_sentence = matches!(c, '.' | '!' | '?');
        if ends_sentence {
            // word before: at least two lower-case letters
            let mut j = i;
            let mut lower = 0;
            while j > 0 && chars[j - 1].is_alphanumeric() {
                if chars[j - 1].is_lowercase() || chars[j - 1].is_ascii_digit() {
                    lower += 1;
                }
                j -= 1;
            }
            let real_word = lower >= 2 && (j == 0 || chars[j - 1] != '.');
            if real_word {
                match (next, next2) {
                    (Some(a), Some(b)) if a.is_uppercase() && b.is_lowercase() => out.push(' '),
                    (Some('\u{201C}'), Some(b)) if b.is_alphanumeric() => out.push(' '),
                    _ => {}
                }
            }
        }
        if c == '\u{201D}' {
            if let (Some(a), Some(b)) = (next, next2) {
                if a.is_uppercase() && b.is_lowercase() {
                    out.push(' ');
                }
            }
        }
    }
    out
}

const FURNITURE: &[&str] = &[
    "advertisement", "advertising", "comments", "comment", "breaking news", "related", "related articles",
    "related stories", "related content", "summary", "share", "share this article", "share this story",
    "read more", "sign up", "subscribe", "most read", "most popular", "recommended", "skip to content",
    "skip to main content", "menu", "close", "more from", "you may also like", "trending", "sponsored",
    "story continues below advertisement", "continue reading", "view comments", "show comments",
    "leave a comment", "print", "email", "follow us", "newsletter", "top stories", "latest news",
];

/// Normalise, then remove obvious debris lines. `given_title` is the title from metadata, if any.
pub fn clean(raw: &str, given_title: Option<&str>) -> Cleaned {
    let mut out = Cleaned { title: given_title.map(|t| normalize(t).trim().to_string()), ..Default::default() };
    let mut unglued = String::with_capacity(raw.len());
    for line in raw.lines() {
        match split_glued_caption(line) {
            Some((caption, rest)) => {
                out.removed.push(Removed { text: collapse_spaces(&normalize(caption)), reason: "photo caption" });
                unglued.push_str(rest);
            }
            None => unglued.push_str(line),
        }
        unglued.push('\n');
    }
    let text = normalize(&unglued);
    let mut paragraphs: Vec<String> = Vec::new();
    let mut seen_content = false;
    let mut lines_seen = 0;
    for line in text.lines() {
        let line = collapse_spaces(line);
        if line.is_empty() {
            continue;
        }
        lines_seen += 1;
        if let Some(reason) = debris_reason(&line) {
            out.removed.push(Removed { text: line, reason });
            continue;
        }
        if !seen_content && lines_seen <= 4 && out.date_line.is_none() && looks_like_date_line(&line) {
            out.date_line = Some(line.clone());
            out.removed.push(Removed { text: line, reason: "dateline" });
            continue;
        }
        if let Some(t) = &out.title {
            if same_text(t, &line) {
                out.removed.push(Removed { text: line, reason: "repeated title" });
                continue;
            }
        } else if !seen_content && looks_like_title(&line) {
            out.title = Some(line.clone());
            out.removed.push(Removed { text: line, reason: "title" });
            continue;
        }
        // "HANOI, Vietnam (AP) - U.S. Defense Secretary ...": the wire dateline opening the story
        // says where it was filed; left in, its place names read as the first clause's subject
        let line = match (!seen_content).then(|| wire_dateline(&line)).flatten() {
            Some(n) => {
                out.removed.push(Removed { text: line[..n].trim().to_string(), reason: "dateline" });
                line[n..].to_string()
            }
            None => line,
        };
        seen_content = true;
        paragraphs.push(line);
    }
    if paragraphs.is_empty() && given_title.is_none() {
        // A one-line document is a body, not a title.
        if let Some(pos) = out.removed.iter().position(|r| r.reason == "title") {
            paragraphs.push(out.removed.remove(pos).text);
            out.title = None;
        }
    }
    for (text, reason) in remove_unrelated_tail(&mut paragraphs) {
        out.removed.push(Removed { text, reason });
    }
    out.text = paragraphs.join("\n\n");
    out
}

/// News agencies credited in wire datelines.
const AGENCIES: &[&str] = &["AP", "Reuters", "AFP", "UPI", "dpa", "DPA", "Xinhua", "IANS", "PTI", "ANI", "Bloomberg", "CNN", "BBC", "TASS", "Yonhap", "Kyodo", "Anadolu"];

/// The length of a wire dateline opening `line` ("HANOI, Vietnam (AP) - ", "WASHINGTON - ",
/// "NEW DELHI: ", "KYIV, Ukraine (Reuters) - "): a place in capitals, optionally a comma and a
/// region or country, optionally an agency in brackets, then a spaced dash or a colon.
fn wire_dateline(line: &str) -> Option<usize> {
    let cut = (0..=line.len().min(60)).rev().find(|&i| line.is_char_boundary(i)).unwrap_or(0);
    let head = &line[..cut];
    let end = [" - ", ": "].iter().filter_map(|sep| head.find(sep).map(|i| (i, i + sep.len()))).min()?;
    let prefix = &line[..end.0];
    let (place, agency) = match prefix.rfind(" (") {
        Some(i) if prefix.ends_with(')') => (&prefix[..i], Some(&prefix[i + 2..prefix.len() - 1])),
        _ => (prefix, None),
    };
    if agency.is_some_and(|a| !AGENCIES.contains(&a)) {
        return None;
    }
    let (city, region) = match place.split_once(", ") {
        Some((c, r)) => (c, Some(r)),
        None => (place, None),
    };
    // the city in capitals ("NEW DELHI", "ST. PETERSBURG"), at least one word of three letters
    let city_caps = !city.is_empty()
        && city.chars().all(|c| c.is_ascii_uppercase() || matches!(c, ' ' | '.' | '-' | '\''))
        && city.split(' ').any(|w| w.len() >= 3);
    let region_ok = region.is_none_or(|r| r.split(' ').all(|w| w.chars().next().is_some_and(|c| c.is_uppercase())) && r.len() <= 30);
    (city_caps && region_ok).then_some(end.1)
}

const WEEKDAY_NAMES: &[&str] = &["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

/// A photo caption glued to the first sentence of a paragraph: the text before a full stop
/// with no space after it ("Alaska.Donald"), when it carries a caption's date ("Friday, Aug.
/// 15, 2025") or a photo credit. Returns (caption, rest).
fn split_glued_caption(line: &str) -> Option<(&str, &str)> {
    let bytes = line.as_bytes();
    let limit = line.len().min(400);
    for i in 2..limit.saturating_sub(2) {
        if bytes[i] == b'.' && bytes[i - 1].is_ascii_lowercase() && bytes[i - 2].is_ascii_lowercase() && bytes[i + 1].is_ascii_uppercase() && bytes[i + 2].is_ascii_lowercase() {
            let head = &line[..=i];
            let dated = WEEKDAY_NAMES.iter().any(|d| head.contains(&format!("{d}, "))) && head.split(|c: char| !c.is_ascii_digit()).any(|w| w.len() == 4);
            let credited = ["(AP Photo", "Getty Images", "/Reuters", "(Reuters", "Photo:", "/AFP", "(AFP"].iter().any(|c| head.contains(c));
            if dated || credited {
                return Some((head, &line[i + 1..]));
            }
            return None;
        }
    }
    None
}

/// Common words that say nothing about what a paragraph is about.
const STOPWORDS: &[&str] = &[
    "about", "after", "again", "against", "also", "been", "before", "being", "between", "both", "could", "does",
    "during", "each", "even", "first", "from", "have", "having", "here", "into", "just", "last", "like", "made",
    "make", "many", "more", "most", "much", "must", "never", "only", "other", "over", "said", "same", "says",
    "should", "since", "some", "such", "than", "that", "their", "them", "then", "there", "these", "they", "this",
    "those", "through", "under", "until", "very", "were", "what", "when", "where", "which", "while", "will",
    "with", "would", "year", "years", "your", "week", "time", "news", "world", "people", "state", "states",
];

fn content_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 4)
        .map(str::to_lowercase)
        .filter(|w| !STOPWORDS.contains(&w.as_str()) && !w.chars().all(|c| c.is_ascii_digit()))
        .collect()
}

/// Removes a run of trailing paragraphs that share little vocabulary with the article: teasers
/// of other stories and outlet blurbs scraped after its end. The article is taken to be at
/// least its first 60% of paragraphs; a trailing paragraph belongs to the run when fewer than
/// 45% of its content words occur in the article, and the run goes when its paragraphs share
/// on average under a fifth (a lone paragraph: under a tenth). Body paragraphs share about
/// 0.3 to 0.5 on average, teasers of other stories under 0.2. Returns the removed paragraphs with the reason.
fn remove_unrelated_tail(paragraphs: &mut Vec<String>) -> Vec<(String, &'static str)> {
    let n = paragraphs.len();
    if n < 4 {
        return Vec::new();
    }
    let core_end = (n * 3).div_ceil(5).max(2);
    let mut vocab = std::collections::HashSet::new();
    for p in &paragraphs[..core_end] {
        vocab.extend(content_words(p));
    }
    let share = |p: &str| {
        let words = content_words(p);
        if words.is_empty() {
            return 0.0;
        }
        words.iter().filter(|w| vocab.contains(*w)).count() as f64 / words.len() as f64
    };
    let shares: Vec<f64> = paragraphs.iter().map(|p| share(p)).collect();
    let mut start = n;
    while start > core_end && shares[start - 1] < 0.45 {
        start -= 1;
    }
    // paragraphs of the article's own story open the run: they stay (one that is not, right
    // before one that is, stays with it: "A doctor told ...", then the doctor's quotation)
    let names: std::collections::HashSet<String> = paragraphs[..core_end].iter().flat_map(|p| proper_names(p)).collect();
    let tied: Vec<bool> = paragraphs.iter().map(|p| tied_to_story(p, &names)).collect();
    while start < n && (tied[start] || (start + 1 < n && tied[start + 1])) {
        start += 1;
    }
    if start == n {
        return Vec::new();
    }
    let run = &shares[start..];
    let mean = run.iter().sum::<f64>() / run.len() as f64;
    // One paragraph alone goes only when it shares almost nothing.
    if mean >= 0.2 || (run.len() == 1 && mean >= 0.1) {
        return Vec::new();
    }
    paragraphs.drain(start..).map(|p| (p, "unrelated teaser")).collect()
}

/// Words of saying that tie a quotation to a speaker ("the doctor said").
const SAYING: &[&str] = &["said", "says", "told", "tells", "added", "adds", "wrote", "asked", "according", "stated", "declared", "warned"];
/// Capitalised words that are not names even inside a sentence.
const NOT_PROPER: &[&str] = &[
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
    "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "The", "This", "That",
];

/// Capitalised words inside sentences (not after a full stop or a quotation mark): names.
fn proper_names(p: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut after_stop = true;
    for w in p.split_whitespace() {
        let word: String = w.chars().filter(|c| c.is_alphanumeric() || *c == '-').collect();
        let capital = word.chars().next().is_some_and(char::is_uppercase) && word.chars().count() >= 3 && word.chars().skip(1).any(char::is_lowercase);
        if capital && !after_stop && !NOT_PROPER.contains(&word.as_str()) {
            out.push(word);
        }
        after_stop = w.ends_with(['.', '!', '?', ':', '"']) || w.starts_with('"');
    }
    out
}

/// Whether a trailing paragraph belongs to the article's story: two of a quotation, a verb
/// of saying, and a name the article named before ("the doctor said" after a quotation;
/// "Esper said it would ..."). Teasers of other stories may name the same people, but come
/// after the article's end, after a blurb or another story that is not tied.
fn tied_to_story(p: &str, names: &std::collections::HashSet<String>) -> bool {
    let quoted = p.matches('"').count() >= 2;
    let saying = p.split(|c: char| !c.is_alphanumeric()).any(|w| SAYING.contains(&w.to_lowercase().as_str()));
    let named = proper_names(p).iter().any(|n| names.contains(n));
    usize::from(quoted) + usize::from(saying) + usize::from(named) >= 2
}

fn collapse_spaces(line: &str) -> String {
    let mut s = String::with_capacity(line.len());
    let mut space = false;
    for c in line.trim().chars() {
        if c == ' ' {
            if !space {
                s.push(' ');
            }
            space = true;
        } else {
            s.push(c);
            space = false;
        }
    }
    s
}

fn same_text(a: &str, b: &str) -> bool {
    let key = |s: &str| s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect::<String>();
    let (ka, kb) = (key(a), key(b));
    !ka.is_empty() && ka == kb
}

fn debris_reason(line: &str) -> Option<&'static str> {
    let lower = line.to_lowercase();
    let bare = lower.trim_matches(|c: char| !c.is_alphanumeric() && c != ' ').trim();
    if lower.starts_with("related...") || lower.starts_with("related:") {
        return Some("related-stories list");
    }
    if FURNITURE.contains(&bare) {
        return Some("site furniture");
    }
    if (lower.starts_with("listen to") && (lower.contains("article") || lower.contains("story")))
        || lower.contains("text to speech")
        || lower.contains("audionative")
        || (lower.starts_with("loading") && lower.contains("player"))
    {
        return Some("audio player caption");
    }
    if line.contains('@') && line.len() < 300 && (lower.starts_with("write to") || lower.starts_with("contact") || lower.starts_with("email") || lower.starts_with("e-mail") || !line.contains(". ")) {
        if has_email(line) {
            return Some("author contact line");
        }
    }
    // A logo line ("cupure logo").
    if lower.ends_with(" logo") && line.split_whitespace().count() <= 4 {
        return Some("site furniture");
    }
    // A site menu run together: one long token of letters only.
    if !line.contains(' ') && line.len() > 30 && line.chars().all(|c| c.is_alphabetic()) {
        return Some("site menu run together");
    }
    if (lower.starts_with("photo:") || lower.starts_with("image:") || lower.starts_with("pictured:") || lower.ends_with("getty images") || lower.contains("(ap photo") || lower.contains("/reuters)")) && line.len() < 300 {
        return Some("photo caption");
    }
    None
}

fn has_email(line: &str) -> bool {
    line.split(|c: char| c.is_whitespace() || c == ',' || c == '(' || c == ')').any(|w| {
        let w = w.trim_end_matches('.');
        match w.split_once('@') {
            Some((user, host)) => !user.is_empty() && host.contains('.') && !host.ends_with('.'),
            None => false,
        }
    })
}

const MONTHS: &[&str] = &[
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "january", "february",
    "march", "april", "june", "july", "august", "september", "october", "november", "december",
];
const WEEKDAYS: &[&str] = &[
    "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "monday", "tuesday", "wednesday",
    "thursday", "friday", "saturday", "sunday",
];

/// A short line made only of a date: "Thu. Aug 7th, 2025", "March 4, 2025", "2025-03-04".
pub(crate) fn looks_like_date_line(line: &str) -> bool {
    if line.len() > 40 {
        return false;
    }
    let mut has_year = false;
    let mut has_month = false;
    for w in line.split(|c: char| !c.is_alphanumeric() && c != '-').filter(|w| !w.is_empty()) {
        let lw = w.to_lowercase();
        if w.len() == 10 && statecraft_model::parse_date(w).is_some() {
            return true;
        }
        if w.len() == 4 && w.chars().all(|c| c.is_ascii_digit()) {
            has_year = true;
        } else if MONTHS.contains(&lw.as_str()) {
            has_month = true;
        } else if WEEKDAYS.contains(&lw.as_str()) {
        } else {
            let digits = lw.trim_end_matches(|c: char| c.is_alphabetic());
            let suffix = &lw[digits.len()..];
            let ok = !digits.is_empty()
                && digits.len() <= 2
                && digits.chars().all(|c| c.is_ascii_digit())
                && matches!(suffix, "" | "st" | "nd" | "rd" | "th");
            if !ok {
                return false;
            }
        }
    }
    has_year && has_month
}

fn looks_like_title(line: &str) -> bool {
    let words = line.split_whitespace().count();
    (2..=25).contains(&words) && line.len() < 200 && !line.ends_with('.') && !line.ends_with(':') && !line.ends_with(',')
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_wire_dateline_is_removed_from_the_first_paragraph() {
        for (text, place) in [
            ("HANOI, Vietnam (AP) \u{2014} The Vietnamese minister met his Lao counterpart on Monday.", "HANOI, Vietnam (AP) -"),
            ("NEW DELHI: Nearly 200 Nepalese workers returned home on Friday.", "NEW DELHI:"),
            ("WASHINGTON - The Senate passed the bill on Tuesday.", "WASHINGTON -"),
        ] {
            let c = clean(text, None);
            assert!(c.removed.iter().any(|r| r.reason == "dateline" && r.text == place), "{text}: {:?}", c.removed);
            assert!(!c.text.contains(place), "{}", c.text);
        }
        // a line of many-byte letters is read without cutting one in two
        assert_eq!(wire_dateline(&format!("A{}", "\u{4e2d}".repeat(40))), None);
        assert_eq!(wire_dateline(&format!("KYIV {} - text", "\u{4e2d}".repeat(30))), None);
        // capitals that open a sentence are not a dateline
        for text in ["NATO and the EU - both in Brussels - met on Monday.", "The UN: a history of the Security Council."] {
            let c = clean(text, None);
            assert!(c.removed.iter().all(|r| r.reason != "dateline"), "{text}: {:?}", c.removed);
        }
    }

    use super::*;

    #[test]
    fn normalises_typography() {
        assert_eq!(normalize("Russia\u{2019}s \u{201C}aggression\u{201D} \u{2014} now\u{00A0}here\u{2026}"), "Russia's \"aggression\" - now here...");
    }

    #[test]
    fn repairs_missing_space_after_full_stop() {
        assert_eq!(normalize("the Alaska summit.For Putin, it was"), "the Alaska summit. For Putin, it was");
        assert_eq!(normalize("everything.\u{201C}World leaders"), "everything. \"World leaders");
        assert_eq!(normalize("he said.\u{201D}He pointed"), "he said.\" He pointed");
        // abbreviations are not touched
        assert_eq!(normalize("the U.S.President"), "the U.S.President");
    }

    #[test]
    fn removes_debris_and_keeps_body() {
        let raw = "Talks Resume in Geneva\nMon. Mar 3rd, 2025\n\nListen to Anna read this article\n\nThe envoys met on Monday.\nAdvertisement\nThey agreed to meet again.\nTalks Resume in Geneva\nRelated...\nWrite to Anna Berg at anna.berg@example.com\nComments";
        let c = clean(raw, None);
        assert_eq!(c.title.as_deref(), Some("Talks Resume in Geneva"));
        assert_eq!(c.date_line.as_deref(), Some("Mon. Mar 3rd, 2025"));
        assert_eq!(c.text, "The envoys met on Monday.\n\nThey agreed to meet again.");
        let reasons: Vec<_> = c.removed.iter().map(|r| r.reason).collect();
        assert!(reasons.contains(&"audio player caption"));
        assert!(reasons.contains(&"repeated title"));
        assert!(reasons.contains(&"author contact line"));
        assert!(reasons.contains(&"related-stories list"));
        assert!(reasons.contains(&"site furniture"));
    }

    #[test]
    fn removes_glued_caption_logo_and_unrelated_teasers() {
        let raw = "daily logo\n\
            Envoys Meet in Geneva\n\
            The foreign ministers shake hands, Monday, March 3, 2025, Geneva.The foreign ministers of Norway and Chile met in Geneva on Monday to discuss fishing quotas.\n\
            The ministers said the fishing quotas would be reviewed by experts from Norway and Chile before summer.\n\
            Chile asked Norway to share data on salmon farming, and Norway agreed to send its experts.\n\
            Both ministers said the talks on quotas and salmon were friendly and would continue in Santiago.\n\
            A new museum of modern sculpture opens downtown this weekend with free entry for children.\n\
            The city marathon was cancelled after heavy rain flooded several avenues overnight.";
        let c = clean(raw, None);
        assert_eq!(c.title.as_deref(), Some("Envoys Meet in Geneva"));
        assert!(c.text.starts_with("The foreign ministers of Norway and Chile met"), "{}", c.text);
        assert!(c.text.ends_with("would continue in Santiago."), "{}", c.text);
        let reasons: Vec<_> = c.removed.iter().map(|r| r.reason).collect();
        assert_eq!(reasons, vec!["photo caption", "site furniture", "title", "unrelated teaser", "unrelated teaser"]);
        // An article whose last paragraphs stay on topic loses nothing.
        let kept = "Norway and Chile met in Geneva on quotas.\n\
            Norway and Chile said quotas on salmon would be reviewed.\n\
            Chile asked Norway for salmon data.\n\
            Norway will send salmon experts to Chile.\n\
            The quotas talks continue in Santiago, Chile said.";
        assert!(clean(kept, None).removed.iter().all(|r| r.reason != "unrelated teaser"));
    }

    #[test]
    fn trailing_paragraphs_of_the_story_are_kept() {
        // the last paragraphs share few words with the body, but quote a witness, or name
        // someone the article named: they are the story's, not teasers
        let raw = "Protesters gathered outside the parliament in Lima on Tuesday after the vote.\n\
            Police used tear gas to disperse the crowd near the building, witnesses said.\n\
            Several protesters were injured in the clashes with officers, and ambulances arrived.\n\
            Opposition leader Carla Mendoza called for calm and for an inquiry into the violence.\n\
            A nurse at the scene tried to help a wounded man, without success.\n\
            \"I held his hand until the end, and it broke my heart,\" the nurse said.\n\
            Mendoza later visited the hospital.";
        let c = clean(raw, None);
        assert!(c.removed.iter().all(|r| r.reason != "unrelated teaser"), "{:?}", c.removed);
        assert!(c.text.contains("it broke my heart"));
    }

    #[test]
    fn date_lines() {
        assert!(looks_like_date_line("Thu. Aug 7th, 2025"));
        assert!(looks_like_date_line("March 4, 2025"));
        assert!(looks_like_date_line("2025-03-04"));
        assert!(!looks_like_date_line("March on Washington, 2025 style"));
    }

    #[test]
    fn empty_input() {
        let c = clean("", None);
        assert_eq!(c.text, "");
        assert!(c.removed.is_empty());
    }
}

#[cfg(test)]
mod seed_tests {
    use super::*;

    /// The seed articles CI provides beside the repository (`../shared/seeds`). Missing seeds
    /// fail the test: it must not pass without checking anything.
    fn seeds() -> Vec<(String, String)> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
        let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| {
            panic!("cannot read the seed articles in {}: {e}; this test needs ../shared/seeds beside the repository, as CI provides it", dir.display())
        });
        let mut out = Vec::new();
        for e in entries.flatten() {
            let text = std::fs::read_to_string(e.path()).unwrap_or_else(|err| panic!("cannot read seed {}: {err}", e.path().display()));
            out.push((e.file_name().to_string_lossy().to_string(), text));
        }
        assert!(!out.is_empty(), "no seed articles in {}; this test needs ../shared/seeds beside the repository", dir.display());
        out.sort();
        out
    }

    #[test]
    fn seeds_lose_debris_and_keep_body() {
        let seeds = seeds();
        for (name, text) in &seeds {
            let c = clean(text, None);
            // Every paragraph of the article proper is kept: what was removed is short debris,
            // a title or dateline, or a trailing teaser run.
            for r in &c.removed {
                assert!(
                    r.text.len() < 200 || matches!(r.reason, "unrelated teaser" | "photo caption"),
                    "{name}: removed a body-like line as {}: {}",
                    r.reason,
                    r.text
                );
            }
            for debris in ["Listen to Steve read this article", "AudioNative", "trumppolicetrumps", "Write to Alan", "BBC InDepth", "Father's Day", "Somaliland", "greets Russia's President Vladimir Putin, Friday"] {
                assert!(!c.text.contains(debris), "{name}: {debris:?} left in the text");
            }
            for line in c.text.split("\n\n") {
                assert!(!["Comments", "Breaking news", "Summary", "Related..."].contains(&line), "{name}: {line}");
            }
        }
        let seed = |prefix: &str| &seeds.iter().find(|(n, _)| n.starts_with(prefix)).unwrap_or_else(|| panic!("seed {prefix}_* missing from ../shared/seeds")).1;
        assert!(clean(seed("000"), None).text.ends_with("Donald Trump seeks a deal. Vladimir Putin seeks victory."));
        assert!(clean(seed("004"), None).text.contains("There would be a time and place for a Trump-Putin summit"));
    }
}
