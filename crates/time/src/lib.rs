//! Time stage: finds time expressions in a tokenised sentence and resolves them against the
//! publication date.
//!
//! Handled: explicit dates ("Aug. 15, 2025", "Friday, Aug. 15, 2025", "15 August 2025",
//! "2025-08-15", "February 2022", "in 2017"); day words ("today", "yesterday", "tomorrow",
//! "last night"); weekdays ("on Monday", "last Friday", "this Friday", "next Monday", "Friday
//! last week"); periods relative to the publication date ("this week", "last month", "next
//! year", "earlier this year", "two years ago"); month names ("in February", "last March");
//! and expressions relative to the previous time in the text ("the following month", "that
//! month", "a day later", "the next year").
//!
//! A resolved date is the first day of the period it names (a week starts on Monday) with its
//! [`DatePrecision`]. Without a publication date only explicit dates resolve. A bare weekday or
//! month is taken as the most recent one on or before the publication date, or the next one
//! when its clause speaks of the future ("will meet on Friday"); a verb in the past right
//! before it keeps it in the past ("said on Tuesday that he will ..."). Expressions after "since",
//! "until", "by", "before" and "after" bound a period rather than date an event: they are
//! returned with `attach: false` (they still anchor "the following year").

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use statecraft_model::DatePrecision;
use statecraft_text::Token;

/// A resolved time expression: tokens `start..end` of the sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct TimeExpr {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub date: NaiveDate,
    pub precision: DatePrecision,
    /// Whether the expression dates what happens in its clause (false after "since", "until", ...).
    pub attach: bool,
}

/// Resolves the time expressions of one document, sentence by sentence, in order.
#[derive(Debug, Clone)]
pub struct Resolver {
    publication: Option<NaiveDate>,
    /// The last date the text mentioned, for "the following month".
    anchor: Option<(NaiveDate, DatePrecision)>,
}

const MONTHS: [&str; 12] = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
const WEEKDAYS: [&str; 7] = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
const BOUNDS: &[&str] = &["since", "until", "till", "by", "before", "after", "from", "ahead", "through"];
const FUTURE: &[&str] = &["will", "'ll", "shall", "wo"];
const FUTURE_TO: &[&str] = &["set", "due", "scheduled", "expected", "going", "plans", "planned", "plan", "promised", "vowed", "aims", "intends"];

/// Words that end a clause: the tense of another clause says nothing of this one's time.
const CLAUSE_ENDS: &[&str] = &[",", ";", ":", "that", "but", "and", "when", "while", "after", "before", "because", "although", "who", "which", "if", "-"];
/// Irregular past forms of verbs news reports events with (regular ones end in -ed).
const PAST_FORMS: &[&str] = &[
    "said", "told", "met", "spoke", "held", "made", "took", "gave", "went", "came", "saw", "wrote", "began", "sent",
    "left", "won", "lost", "struck", "hit", "put", "set", "led", "fought", "flew", "drove", "rose", "fell", "broke",
    "brought", "bought", "thought", "found", "kept", "got", "ran", "sat", "stood", "was", "were", "had", "did", "became",
];

/// Whether the time expression at token `i` speaks of the future: its clause says so ("will
/// meet on Friday", "is due to sign on Monday"), and no verb in the past governs it ("said on
/// Tuesday that he will ..." dates the saying, in the past).
fn future_at(t: &[Token], i: usize) -> bool {
    let mut a = i;
    while a > 0 && !CLAUSE_ENDS.contains(&t[a - 1].lower.as_str()) {
        a -= 1;
    }
    let mut b = i;
    while b < t.len() && !(b > i && CLAUSE_ENDS.contains(&t[b].lower.as_str())) {
        b += 1;
    }
    let clause = &t[a..b];
    // a past verb right before the expression: "said on Tuesday", "met Friday"
    let near = &t[i.saturating_sub(3)..i];
    let past = |w: &str| PAST_FORMS.contains(&w) || (w.len() > 4 && w.ends_with("ed") && !matches!(w, "need" | "speed" | "proceed" | "succeed" | "exceed"));
    if near.iter().rev().take_while(|x| !CLAUSE_ENDS.contains(&x.lower.as_str())).any(|x| past(&x.lower)) {
        return false;
    }
    clause.iter().any(|x| FUTURE.contains(&x.lower.as_str())) || clause.windows(2).any(|w| FUTURE_TO.contains(&w[0].lower.as_str()) && w[1].lower == "to")
}

fn month_of(t: &Token) -> Option<u32> {
    if !t.text.starts_with(|c: char| c.is_uppercase()) {
        return None;
    }
    let w = t.lower.trim_end_matches('.');
    if w.len() < 3 {
        return None;
    }
    // full names, and the abbreviations "Aug", "Aug.", "Sept" ("Marc" is a name, not March)
    let pos = MONTHS.iter().position(|m| *m == w || ((w.len() == 3 || w == "sept") && m.starts_with(w)))?;
    // "May" is a month only with a day or year or a preposition; the caller checks context.
    Some(pos as u32 + 1)
}

fn weekday_of(t: &Token) -> Option<Weekday> {
    if !t.text.starts_with(|c: char| c.is_uppercase()) {
        return None;
    }
    let w = t.lower.trim_end_matches('.');
    let i = WEEKDAYS.iter().position(|d| *d == w)?;
    Some([Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri, Weekday::Sat, Weekday::Sun][i])
}

fn day_of(t: &Token) -> Option<u32> {
    let w = t.lower.as_str();
    let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &w[digits.len()..];
    if digits.is_empty() || digits.len() > 2 || !matches!(suffix, "" | "st" | "nd" | "rd" | "th") {
        return None;
    }
    let d: u32 = digits.parse().ok()?;
    (1..=31).contains(&d).then_some(d)
}

/// "2025-08-15" as one token.
fn iso_date(w: &str) -> Option<NaiveDate> {
    let mut parts = w.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

fn year_of(t: &Token) -> Option<i32> {
    let w = t.text.as_str();
    if w.len() != 4 || !w.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let y: i32 = w.parse().ok()?;
    (1800..=2200).contains(&y).then_some(y)
}

fn number_of(w: &str) -> Option<u32> {
    Some(match w {
        "a" | "an" | "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "several" | "few" | "couple" => return None,
        w => {
            let n: u32 = w.parse().ok()?;
            if n == 0 || n > 100 {
                return None;
            }
            n
        }
    })
}

fn monday(d: NaiveDate) -> NaiveDate {
    d - Days::new(d.weekday().num_days_from_monday() as u64)
}

fn first_of_month(y: i32, m: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, 1)
}

/// Move `d` (truncated to `p`) by `n` units of `p`.
fn shift(d: NaiveDate, p: DatePrecision, n: i64) -> Option<NaiveDate> {
    let months = |d: NaiveDate, k: i64| -> Option<NaiveDate> {
        if k >= 0 {
            d.checked_add_months(Months::new(k as u32))
        } else {
            d.checked_sub_months(Months::new((-k) as u32))
        }
    };
    let days = |d: NaiveDate, k: i64| -> Option<NaiveDate> {
        if k >= 0 {
            d.checked_add_days(Days::new(k as u64))
        } else {
            d.checked_sub_days(Days::new((-k) as u64))
        }
    };
    match p {
        DatePrecision::Day => days(d, n),
        DatePrecision::Week => days(monday(d), 7 * n),
        DatePrecision::Month => months(first_of_month(d.year(), d.month())?, n),
        DatePrecision::Year => NaiveDate::from_ymd_opt(d.year().checked_add(i32::try_from(n).ok()?)?, 1, 1),
        DatePrecision::Unknown => None,
    }
}

fn truncate(d: NaiveDate, p: DatePrecision) -> Option<NaiveDate> {
    shift(d, p, 0)
}

fn unit_of(w: &str) -> Option<DatePrecision> {
    Some(match w {
        "day" | "days" => DatePrecision::Day,
        "week" | "weeks" => DatePrecision::Week,
        "month" | "months" => DatePrecision::Month,
        "year" | "years" => DatePrecision::Year,
        _ => return None,
    })
}

fn finer_or_equal(a: DatePrecision, b: DatePrecision) -> bool {
    let rank = |p: DatePrecision| match p {
        DatePrecision::Day => 0,
        DatePrecision::Week => 1,
        DatePrecision::Month => 2,
        DatePrecision::Year => 3,
        DatePrecision::Unknown => 4,
    };
    rank(a) <= rank(b)
}

impl Resolver {
    pub fn new(publication: Option<NaiveDate>) -> Resolver {
        Resolver { publication, anchor: None }
    }

    pub fn publication(&self) -> Option<NaiveDate> {
        self.publication
    }

    /// The time expressions of the next sentence of the document.
    pub fn sentence(&mut self, tokens: &[Token]) -> Vec<TimeExpr> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            match self.at(tokens, i, future_at(tokens, i)) {
                Some((end, date, precision)) => {
                    let before = if i > 0 { tokens[i - 1].lower.as_str() } else { "" };
                    let before2 = if i > 1 { tokens[i - 2].lower.as_str() } else { "" };
                    let attach = !(BOUNDS.contains(&before) || (matches!(before, "the" | "early" | "late" | "mid") && BOUNDS.contains(&before2)));
                    let text = statecraft_text_join(&tokens[i..end]);
                    self.anchor = Some((date, precision));
                    out.push(TimeExpr { start: i, end, text, date, precision, attach });
                    i = end;
                }
                None => i += 1,
            }
        }
        out
    }

    /// An expression starting at token `i`: its end, date and precision.
    fn at(&self, t: &[Token], i: usize, future: bool) -> Option<(usize, NaiveDate, DatePrecision)> {
        let w = |k: usize| t.get(k).map(|x| x.lower.as_str()).unwrap_or("");
        let pubd = self.publication;
        let prev = if i > 0 { w(i - 1) } else { "" };

        // ISO date, one token ("2025-08-15", as the UD tokeniser keeps digit groups) or three
        if let Some(date) = iso_date(&t[i].text) {
            return Some((i + 1, date, DatePrecision::Day));
        }
        if let Some(y) = year_of(&t[i]) {
            if w(i + 1) == "-" && w(i + 3) == "-" {
                if let (Ok(m), Ok(d)) = (w(i + 2).parse::<u32>(), w(i + 4).parse::<u32>()) {
                    if let Some(date) = NaiveDate::from_ymd_opt(y, m, d) {
                        return Some((i + 5, date, DatePrecision::Day));
                    }
                }
            }
            // a year alone, after a preposition: "in 2017", "since 2007"
            if matches!(prev, "in" | "since" | "until" | "by" | "during" | "early" | "late" | "mid" | "before" | "after" | "of" | "from" | "through") && !matches!(w(i + 1), "-" | "%") {
                return Some((i + 1, NaiveDate::from_ymd_opt(y, 1, 1)?, DatePrecision::Year));
            }
            return None;
        }

        // Weekday [,] Month Day [, Year] -- the weekday is part of the explicit date
        if let Some(wd) = weekday_of(&t[i]) {
            let j = if w(i + 1) == "," { i + 2 } else { i + 1 };
            if let Some(found) = t.get(j).and_then(|_| self.explicit(t, j)) {
                return Some(found);
            }
            // "Friday last week", "Monday this week"
            if matches!(w(i + 1), "last" | "this" | "next") && w(i + 2) == "week" {
                let p = pubd?;
                let n = match w(i + 1) {
                    "last" => -1,
                    "next" => 1,
                    _ => 0,
                };
                let mon = shift(p, DatePrecision::Week, n)?;
                return Some((i + 3, mon + Days::new(wd.num_days_from_monday() as u64), DatePrecision::Day));
            }
            let p = pubd?;
            let delta = p.weekday().num_days_from_monday() as i64 - wd.num_days_from_monday() as i64;
            let date = match prev {
                "last" => p - Days::new(if delta > 0 { delta } else { delta + 7 } as u64),
                "next" => p + Days::new(if delta < 0 { -delta } else { 7 - delta } as u64),
                "this" => monday(p) + Days::new(wd.num_days_from_monday() as u64),
                _ if future => p + Days::new(if delta <= 0 { -delta } else { 7 - delta } as u64),
                _ => p - Days::new(if delta >= 0 { delta } else { delta + 7 } as u64),
            };
            return Some((i + 1, date, DatePrecision::Day));
        }

        // explicit: Month Day [, Year] / Month Year / Day Month Year
        if let Some(found) = self.explicit(t, i) {
            return Some(found);
        }

        // a month name alone: "in February", "last March", "early February"
        if let Some(m) = month_of(&t[i]) {
            if !matches!(prev, "in" | "since" | "until" | "by" | "last" | "this" | "next" | "early" | "late" | "mid" | "during" | "of" | "from" | "through") {
                return None;
            }
            if t[i].lower == "may" && !matches!(prev, "in" | "since" | "until" | "last" | "early" | "late" | "mid") {
                return None;
            }
            let p = pubd?;
            let year = match prev {
                "last" => if m < p.month() { p.year() } else { p.year() - 1 },
                "next" => if m > p.month() { p.year() } else { p.year() + 1 },
                "this" => p.year(),
                _ if future => if m >= p.month() { p.year() } else { p.year() + 1 },
                _ => if m <= p.month() { p.year() } else { p.year() - 1 },
            };
            return Some((i + 1, first_of_month(year, m)?, DatePrecision::Month));
        }

        match w(i) {
            "today" | "tonight" => return Some((i + 1, pubd?, DatePrecision::Day)),
            "yesterday" => return Some((i + 1, pubd?.pred_opt()?, DatePrecision::Day)),
            "tomorrow" => return Some((i + 1, pubd?.succ_opt()?, DatePrecision::Day)),
            _ => {}
        }
        // last night
        if w(i) == "last" && w(i + 1) == "night" {
            return Some((i + 2, pubd?.pred_opt()?, DatePrecision::Day));
        }
        // [earlier|later] this/last/next week|month|year
        if matches!(w(i), "this" | "last" | "next" | "past") {
            if let Some(unit) = unit_of(w(i + 1)).filter(|u| *u != DatePrecision::Day) {
                if w(i + 1).ends_with('s') {
                    return None; // "last weeks" / "past months": a span, not a date
                }
                if w(i) == "past" || prev == "the" {
                    return None; // "the past week", "the last year", "in the next month": a span
                }
                let n = match w(i) {
                    "last" => -1,
                    "next" => 1,
                    _ => 0,
                };
                return Some((i + 2, shift(pubd?, unit, n)?, unit));
            }
            return None;
        }
        // N units ago
        if let (Some(n), Some(unit)) = (number_of(w(i)), unit_of(w(i + 1))) {
            if w(i + 2) == "ago" {
                let date = shift(truncate(pubd?, unit)?, unit, -(n as i64))?;
                return Some((i + 3, date, unit));
            }
            // "a day later", "two months later": after the last date mentioned
            if w(i + 2) == "later" {
                let (a, ap) = self.anchor?;
                if !finer_or_equal(ap, unit) {
                    return None;
                }
                return Some((i + 3, shift(a, unit, n as i64)?, unit));
            }
            return None;
        }
        // "Day later" (a headline-style "A day later" without the article)
        if let Some(unit) = unit_of(w(i)) {
            if w(i + 1) == "later" && t[i].text.starts_with(|c: char| c.is_uppercase()) {
                let (a, ap) = self.anchor?;
                if finer_or_equal(ap, unit) {
                    return Some((i + 2, shift(a, unit, 1)?, unit));
                }
            }
            return None;
        }
        // the following/next month; that month; the same day
        if matches!(w(i), "the" | "that") {
            let (rel, unit_at) = match (w(i), w(i + 1)) {
                ("that", _) => (0, i + 1),
                ("the", "following" | "next") => (1, i + 2),
                ("the", "same") => (0, i + 2),
                ("the", "previous" | "preceding") => (-1, i + 2),
                _ => return None,
            };
            let unit = unit_of(w(unit_at)).filter(|_| !w(unit_at).ends_with('s'))?;
            if matches!(prev, "in" | "over" | "within" | "during" | "for") && rel != 0 {
                return None; // "in the next month": a span from now
            }
            let (a, ap) = self.anchor?;
            if !finer_or_equal(ap, unit) {
                return None;
            }
            return Some((unit_at + 1, shift(a, unit, rel)?, unit));
        }
        None
    }

    /// Month Day [, Year] / Month Year / Day Month [Year], starting at `i`.
    fn explicit(&self, t: &[Token], i: usize) -> Option<(usize, NaiveDate, DatePrecision)> {
        let w = |k: usize| t.get(k).map(|x| x.lower.as_str()).unwrap_or("");
        if let Some(m) = month_of(&t[i]) {
            // Month Day
            if let Some(d) = t.get(i + 1).and_then(day_of) {
                let (end, year) = match (w(i + 2), t.get(i + 3).and_then(year_of), t.get(i + 2).and_then(year_of)) {
                    (",", Some(y), _) => (i + 4, Some(y)),
                    (_, _, Some(y)) => (i + 3, Some(y)),
                    _ => (i + 2, None),
                };
                let year = match year {
                    Some(y) => y,
                    None => {
                        // no year: the one that puts the date nearest the publication date
                        let p = self.publication?;
                        [p.year() - 1, p.year(), p.year() + 1]
                            .into_iter()
                            .filter_map(|y| NaiveDate::from_ymd_opt(y, m, d))
                            .min_by_key(|c| (*c - p).num_days().abs())?
                            .year()
                    }
                };
                return Some((end, NaiveDate::from_ymd_opt(year, m, d)?, DatePrecision::Day));
            }
            // Month Year
            if let Some(y) = t.get(i + 1).and_then(year_of) {
                return Some((i + 2, first_of_month(y, m)?, DatePrecision::Month));
            }
            return None;
        }
        // Day Month [Year]
        if let (Some(d), Some(m)) = (day_of(&t[i]), t.get(i + 1).and_then(month_of)) {
            if t[i].text.bytes().all(|b| b.is_ascii_digit()) || t[i].text.len() <= 4 {
                let (end, year) = match t.get(i + 2).and_then(year_of) {
                    Some(y) => (i + 3, y),
                    None => (i + 2, self.publication?.year()),
                };
                return Some((end, NaiveDate::from_ymd_opt(year, m, d)?, DatePrecision::Day));
            }
        }
        None
    }
}

fn statecraft_text_join(tokens: &[Token]) -> String {
    let mut s = String::new();
    for (k, t) in tokens.iter().enumerate() {
        if k > 0 && tokens[k - 1].end < t.start {
            s.push(' ');
        }
        s.push_str(&t.text);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use statecraft_text::tokenize;

    fn d(s: &str) -> NaiveDate {
        statecraft_model::parse_date(s).unwrap()
    }

    /// Resolve each sentence in turn; the expressions as (text, date, precision).
    fn resolve(publication: Option<&str>, sentences: &[&str]) -> Vec<(String, String, &'static str, bool)> {
        let mut r = Resolver::new(publication.map(d));
        let mut out = Vec::new();
        for s in sentences {
            for e in r.sentence(&tokenize(s)) {
                out.push((e.text, e.date.to_string(), e.precision.as_str(), e.attach));
            }
        }
        out
    }

    fn one(publication: &str, s: &str) -> (String, &'static str) {
        let r = resolve(Some(publication), &[s]);
        assert_eq!(r.len(), 1, "{s}: {r:?}");
        (r[0].1.clone(), r[0].2)
    }

    #[test]
    fn weekdays() {
        // Thursday 14 August 2025
        let p = "2025-08-14";
        assert_eq!(one(p, "On Monday, they hit a factory near Nizhny Novgorod."), ("2025-08-11".into(), "day"));
        assert_eq!(one(p, "Ukraine struck a refinery last Friday."), ("2025-08-08".into(), "day"));
        assert_eq!(one(p, "The talks are on Thursday."), ("2025-08-14".into(), "day"));
        assert_eq!(one(p, "The leaders will meet on Friday."), ("2025-08-15".into(), "day"));
        assert_eq!(one(p, "They meet next Monday."), ("2025-08-18".into(), "day"));
        assert_eq!(one(p, "The deadline expired on Friday last week."), ("2025-08-08".into(), "day"));
        assert_eq!(one(p, "As the analyst noted Wednesday, a framework is needed."), ("2025-08-13".into(), "day"));
    }

    #[test]
    fn a_weekday_of_past_reporting_is_in_the_past_even_beside_a_plan() {
        // Wednesday 20 November 2019: "said on Tuesday" is the day before, though he speaks of the future
        let p = "2019-11-20";
        assert_eq!(one(p, "The president said on Tuesday that he will sign the bill."), ("2019-11-19".into(), "day"));
        assert_eq!(one(p, "The minister told reporters Tuesday the talks will resume."), ("2019-11-19".into(), "day"));
        // an announced plan still looks forward
        assert_eq!(one(p, "He said the leaders will meet on Tuesday."), ("2019-11-26".into(), "day"));
    }

    #[test]
    fn day_words_and_periods() {
        let p = "2025-08-14";
        assert_eq!(one(p, "He meets his Russian counterpart in Alaska tomorrow."), ("2025-08-15".into(), "day"));
        assert_eq!(one(p, "The ministry said so yesterday."), ("2025-08-13".into(), "day"));
        assert_eq!(one(p, "Witkoff visited Moscow last week."), ("2025-08-04".into(), "week"));
        assert_eq!(one(p, "Russia broke through this week."), ("2025-08-11".into(), "week"));
        assert_eq!(one(p, "The agreement was signed last month."), ("2025-07-01".into(), "month"));
        assert_eq!(one(p, "That is what happened earlier this year."), ("2025-01-01".into(), "year"));
        assert_eq!(one(p, "Giles warned last year."), ("2024-01-01".into(), "year"));
        assert_eq!(one(p, "Unlike two years ago, the fight is even."), ("2023-01-01".into(), "year"));
        assert_eq!(one(p, "They met three days ago."), ("2025-08-11".into(), "day"));
    }

    #[test]
    fn months() {
        let p = "2025-08-07";
        assert_eq!(one(p, "In February, the United States sided with Russia."), ("2025-02-01".into(), "month"));
        assert_eq!(one(p, "Blokhin told the Izvestia newspaper in March."), ("2025-03-01".into(), "month"));
        // a month after the publication month is last year's, unless the sentence looks ahead
        assert_eq!(one(p, "They met in October."), ("2024-10-01".into(), "month"));
        assert_eq!(one(p, "He will be sworn in in January."), ("2026-01-01".into(), "month"));
        // "may" the verb is no month
        assert!(resolve(Some(p), &["The envoy may present offers."]).is_empty());
        assert_eq!(one(p, "The invasion began in February 2022."), ("2022-02-01".into(), "month"));
    }

    #[test]
    fn explicit_dates() {
        assert_eq!(one("2025-08-20", "The leaders met on Friday, Aug. 15, 2025, in Alaska."), ("2025-08-15".into(), "day"));
        assert_eq!(one("2025-08-20", "Signed on 15 August 2025."), ("2025-08-15".into(), "day"));
        assert_eq!(one("2025-08-20", "The memo of 2025-08-15 says so."), ("2025-08-15".into(), "day"));
        assert_eq!(one("2025-08-20", "Taiwan's Father's Day falls on Aug. 8, a date."), ("2025-08-08".into(), "day"));
        assert_eq!(one("2025-08-20", "They first met in 2017, months after."), ("2017-01-01".into(), "year"));
        // explicit dates resolve without a publication date; relative ones do not
        assert_eq!(resolve(None, &["They met on Aug. 15, 2025 and again on Monday."]), vec![("Aug. 15, 2025".to_string(), "2025-08-15".to_string(), "day", true)]);
    }

    #[test]
    fn relative_to_the_previous_date() {
        let r = resolve(Some("2025-08-07"), &["Blokhin told the Izvestia newspaper in March.", "The following month, the same newspaper proclaimed:"]);
        assert_eq!(r[1].1, "2025-04-01");
        assert_eq!(r[1].2, "month");
        let r = resolve(Some("2025-08-07"), &["In February, the US sided with Russia.", "During a telephone call that month, the presidents talked."]);
        assert_eq!(r[1].1, "2025-02-01");
        let r = resolve(Some("2025-08-14"), &["This would be his first visit since 2007, before his invasion of Georgia the following year."]);
        assert_eq!((r[0].3, r[1].1.as_str(), r[1].2), (false, "2008-01-01", "year"));
        let r = resolve(Some("2025-08-22"), &["They met on Friday, Aug. 15, 2025.", "Day later, he met European leaders."]);
        assert_eq!(r[1].1, "2025-08-16");
        // nothing to follow: unresolved
        assert!(resolve(Some("2025-08-07"), &["The following month, it rained."]).is_empty());
    }

    #[test]
    fn spans_and_bounds_are_not_dates() {
        let p = "2025-08-07";
        assert!(resolve(Some(p), &["In recent weeks, he has condemned the attacks."]).is_empty());
        assert!(resolve(Some(p), &["Over the past week, prices rose."]).is_empty());
        assert!(resolve(Some(p), &["It will happen in the next month."]).is_empty());
        let r = resolve(Some(p), &["The troops stay until March."]);
        assert!(!r[0].3, "{r:?}");
    }
}
