//! `statecraft export quotes`: quotations with their speakers, as JSON lines (the `Quote`
//! record) or CSV (one flat row per quote).

use std::io::{self, Write};

use statecraft_model::Quote;
use statecraft_store::{EventFilter, Store, StoreError};

/// Column names of [`csv_row`], in order.
pub const CSV_HEADER: &[&str] = &[
    "doc_id",
    "sentence",
    "start",
    "end",
    "kind",
    "speaker_name",
    "speaker_code",
    "speaker_sector",
    "speaker_role",
    "speaker_affiliation",
    "speaker_mention",
    "cue",
    "date",
    "date_precision",
    "text",
];

/// A quote flattened to one CSV record (missing values are empty strings).
pub fn csv_row(q: &Quote) -> Vec<String> {
    let sp = q.speaker.as_ref();
    let field = |f: fn(&statecraft_model::Speaker) -> &Option<String>| sp.and_then(|s| f(s).clone()).unwrap_or_default();
    vec![
        q.doc_id.clone(),
        q.sentence.to_string(),
        q.span[0].to_string(),
        q.span[1].to_string(),
        q.kind.as_str().to_string(),
        field(|s| &s.name),
        field(|s| &s.code),
        field(|s| &s.sector),
        field(|s| &s.role),
        field(|s| &s.affiliation),
        field(|s| &s.mention),
        q.cue.clone().unwrap_or_default(),
        q.date.clone().unwrap_or_default(),
        q.date_precision.as_str().to_string(),
        q.text.clone(),
    ]
}

/// Print the stored quotes matching `filter` (`--doc`, `--since`/`--until` on the quote date,
/// `--actor` on the speaker's code or name).
pub fn export(store: &Store, filter: &EventFilter, csv: bool, out: &mut impl Write) -> Result<(), String> {
    let to_store = |e: String| StoreError::from(io::Error::other(e));
    if csv {
        let mut w = csv::Writer::from_writer(out);
        w.write_record(CSV_HEADER).map_err(|e| e.to_string())?;
        store.quotes(filter, |q| w.write_record(csv_row(&q)).map_err(|e| to_store(e.to_string()))).map_err(|e| e.to_string())?;
        w.flush().map_err(|e| e.to_string())?;
    } else {
        store
            .quotes(filter, |q| {
                serde_json::to_writer(&mut *out, &q).map_err(|e| to_store(e.to_string()))?;
                out.write_all(b"\n").map_err(StoreError::from)
            })
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use statecraft_model::{DatePrecision, QuoteKind, Speaker};

    #[test]
    fn csv_rows_match_the_header() {
        let q = Quote {
            doc_id: "d".into(),
            sentence: 2,
            span: [10, 20],
            text: "It is over.".into(),
            kind: QuoteKind::Direct,
            speaker: Some(Speaker { name: Some("Kurt Volker".into()), code: Some("USA".into()), ..Default::default() }),
            cue: Some("said".into()),
            date: Some("2024-11-14".into()),
            date_precision: DatePrecision::Unknown,
        };
        let row = csv_row(&q);
        assert_eq!(row.len(), CSV_HEADER.len());
        assert_eq!(row[5], "Kurt Volker");
        assert_eq!(row[14], "It is over.");
        let unknown = csv_row(&Quote { speaker: None, ..q });
        assert_eq!(unknown[5], "");
    }
}
