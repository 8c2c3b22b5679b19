//! The one builder for filtered queries: WHERE clauses and the values bound to them.
//!
//! Every filter value is bound as a parameter (`?N`), never spliced into the SQL text.

use chrono::NaiveDate;
use rusqlite::types::Value;

use crate::EventFilter;

/// SQL fragments and their bound values; `bind` returns the `?N` placeholder of a value.
#[derive(Default)]
pub(crate) struct Sql {
    clauses: Vec<String>,
    params: Vec<Value>,
}

impl Sql {
    pub fn bind(&mut self, v: Value) -> String {
        self.params.push(v);
        format!("?{}", self.params.len())
    }

    pub fn text(&mut self, s: &str) -> String {
        self.bind(Value::Text(s.to_string()))
    }

    pub fn and(&mut self, clause: String) {
        self.clauses.push(clause);
    }

    /// `column` (a date or RFC 3339 text) on or after `since` and on or before `until`.
    pub fn date_range(&mut self, column: &str, since: Option<NaiveDate>, until: Option<NaiveDate>) {
        if let Some(d) = since {
            let p = self.bind(day(d));
            self.and(format!("substr({column}, 1, 10) >= {p}"));
        }
        if let Some(d) = until {
            let p = self.bind(day(d));
            self.and(format!("substr({column}, 1, 10) <= {p}"));
        }
    }

    /// The actor and event-type conditions of `f` on the events table aliased `e`.
    pub fn event_conditions(&mut self, f: &EventFilter, e: &str) {
        if let Some(actor) = &f.actor {
            let p = self.text(&actor.trim().to_lowercase());
            let cols = ["source_code", "target_code", "source_org", "target_org", "source_name", "target_name"];
            let any: Vec<String> = cols.iter().map(|c| format!("statecraft_fold({e}.{c}) = {p}")).collect();
            self.and(format!("({})", any.join(" OR ")));
        }
        if let Some(event) = &f.event {
            let event = event.trim();
            if !event.is_empty() && event.bytes().all(|b| b.is_ascii_digit()) {
                let p = self.text(event);
                self.and(format!("substr({e}.cameo, 1, length({p})) = {p}"));
            } else {
                let p = self.text(&event.to_uppercase());
                self.and(format!("{e}.event = {p}"));
            }
        }
        if let Some(min) = f.min_confidence {
            let p = self.bind(Value::Real(f64::from(min)));
            self.and(format!("({e}.confidence IS NULL OR {e}.confidence >= {p})"));
        }
    }

    /// All of `f` on the events table aliased `e`: actor, event type, dates, document.
    pub fn event_filter(&mut self, f: &EventFilter, e: &str) {
        self.event_conditions(f, e);
        self.date_range(&format!("{e}.date"), f.since, f.until);
        if let Some(doc) = &f.doc {
            let p = self.text(doc);
            self.and(format!("{e}.doc_id = {p}"));
        }
    }

    /// `EXISTS (subquery AND ...)` over the conditions `build` adds; nothing if it adds none.
    /// `subquery` must end in a WHERE clause.
    pub fn and_exists(&mut self, subquery: &str, build: impl FnOnce(&mut Sql)) {
        let before = self.clauses.len();
        build(self);
        let inner: Vec<String> = self.clauses.drain(before..).collect();
        if !inner.is_empty() {
            self.clauses.push(format!("EXISTS ({subquery} AND {})", inner.join(" AND ")));
        }
    }

    pub fn where_sql(&self) -> String {
        if self.clauses.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", self.clauses.join(" AND "))
        }
    }

    pub fn params(&self) -> impl Iterator<Item = &Value> {
        self.params.iter()
    }
}

/// `LIKE` pattern for a substring, with `\` escaping `%` and `_`.
pub(crate) fn like(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('%');
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

fn day(d: NaiveDate) -> Value {
    Value::Text(d.format("%Y-%m-%d").to_string())
}
