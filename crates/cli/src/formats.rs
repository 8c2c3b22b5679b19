//! Columnar and GDELT-style export sinks: Parquet (arrow-rs) for events and documents, and a
//! tab-separated events table with the GDELT 2.0 event columns in their order.
//!
//! Both stream: rows are gathered into Arrow record batches of `BATCH` rows (Parquet; the columns
//! are `statecraft-tables`', shared with the Python package) or written line by line (GDELT), so
//! memory does not grow with the number of events.

use std::io::Write;

use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use statecraft_model::{Actor, Event};
use statecraft_store::DocumentRow;
use statecraft_tables::{Record, Table};

const BATCH: usize = 8192;

/// Streams records (events, documents) into a Parquet file written to `out`, with the
/// columns of their [`Record`] table.
pub struct ParquetSink<W: Write + Send, R: Record> {
    writer: ArrowWriter<W>,
    table: Table<R>,
}

pub type EventParquet<W> = ParquetSink<W, Event>;
pub type DocumentParquet<W> = ParquetSink<W, DocumentRow>;

impl<W: Write + Send, R: Record> ParquetSink<W, R> {
    pub fn new(out: W) -> Result<Self, String> {
        let table = Table::new();
        let props = WriterProperties::builder().set_compression(Compression::SNAPPY).build();
        let writer = ArrowWriter::try_new(out, table.schema(), Some(props)).map_err(|e| format!("cannot start Parquet output: {e}"))?;
        Ok(ParquetSink { writer, table })
    }

    pub fn push(&mut self, r: &R) -> Result<(), String> {
        self.table.push(r);
        if self.table.rows() >= BATCH {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<(), String> {
        let batch = self.table.finish();
        self.writer.write(&batch).map_err(|e| format!("writing Parquet: {e}"))
    }

    pub fn finish(mut self) -> Result<(), String> {
        if self.table.rows() > 0 {
            self.flush()?;
        }
        self.writer.close().map(|_| ()).map_err(|e| format!("finishing Parquet: {e}"))
    }
}

/// The 61 GDELT 2.0 event table columns, in order.
pub const GDELT_COLUMNS: [&str; 61] = [
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode",
    "Actor1Religion1Code", "Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code", "Actor1Type3Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2EthnicCode",
    "Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code", "Actor2Type3Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    "Actor1Geo_Type", "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code", "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID",
    "Actor2Geo_Type", "Actor2Geo_FullName", "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code", "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat", "Actor2Geo_Long", "Actor2Geo_FeatureID",
    "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code", "ActionGeo_ADM2Code",
    "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID",
    "DATEADDED", "SOURCEURL",
];

/// A tab or newline inside a value would break the table.
fn clean(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

fn actor_fields(a: Option<&Actor>) -> [String; 10] {
    let Some(a) = a else { return Default::default() };
    let state = a.code.len() == 3 && !matches!(a.code.as_str(), "IGO" | "NGO" | "IMG");
    let code = format!("{}{}{}", a.code, a.org.as_deref().unwrap_or(""), a.sector.as_deref().unwrap_or(""));
    let name = a.name.clone().unwrap_or_else(|| a.text.clone()).to_uppercase();
    [
        code,
        clean(&name),
        if state { a.code.clone() } else { String::new() },
        a.org.clone().unwrap_or_default(),
        String::new(),
        String::new(),
        String::new(),
        a.sector.clone().unwrap_or_default(),
        String::new(),
        String::new(),
    ]
}

/// One GDELT 2.0 event row. `id` numbers rows in export order; `added` is `YYYYMMDDHHMMSS`.
pub fn gdelt_row(id: u64, e: &Event, url: Option<&str>, added: &str) -> Vec<String> {
    let date = e.date.as_deref().and_then(statecraft_model::parse_date);
    let (sqldate, monthyear, year, fraction) = match date {
        Some(d) => {
            use chrono::Datelike;
            (
                d.format("%Y%m%d").to_string(),
                d.format("%Y%m").to_string(),
                d.format("%Y").to_string(),
                format!("{:.4}", d.year() as f64 + f64::from(d.ordinal()) / 365.0),
            )
        }
        None => Default::default(),
    };
    let mut row = vec![id.to_string(), sqldate, monthyear, year, fraction];
    row.extend(actor_fields(Some(&e.source)));
    row.extend(actor_fields(e.target.as_ref()));
    row.push(if e.sentence == 0 { "1" } else { "0" }.to_string());
    row.push(e.cameo.clone());
    row.push(e.cameo.get(..3).unwrap_or(&e.cameo).to_string());
    row.push(e.cameo.get(..2).unwrap_or(&e.cameo).to_string());
    row.push(e.quad_class.to_string());
    row.push(format!("{:.1}", e.goldstein));
    row.extend(["1", "1", "1", ""].map(String::from));
    row.extend(std::iter::repeat_n(String::new(), 16)); // actor geographies: not coded
    match &e.location {
        Some(l) => row.extend([
            String::new(),
            clean(&l.name),
            l.country.clone().unwrap_or_default(),
            String::new(),
            String::new(),
            l.lat.map(|x| format!("{x:.4}")).unwrap_or_default(),
            l.lon.map(|x| format!("{x:.4}")).unwrap_or_default(),
            String::new(),
        ]),
        None => row.extend(std::iter::repeat_n(String::new(), 8)),
    }
    row.push(added.to_string());
    row.push(url.map(clean).unwrap_or_default());
    row
}

#[cfg(test)]
mod tests {
    use super::*;
    use statecraft_model::Polarity;

    fn event() -> Event {
        Event {
            doc_id: "d".into(),
            sentence: 0,
            span: [0, 10],
            sentence_text: "Russian forces shelled Kyiv.".into(),
            date: Some("2025-08-11".into()),
            date_precision: statecraft_model::DatePrecision::Day,
            publication_date: Some("2025-08-12".into()),
            source: Actor { text: "Russian forces".into(), code: "RUS".into(), sector: Some("MIL".into()), ..Default::default() },
            target: Some(Actor { text: "Kyiv".into(), code: "UKR".into(), sector: Some("GOV".into()), ..Default::default() }),
            event: "ASSAULT".into(),
            cameo: "194".into(),
            goldstein: -10.0,
            quad_class: 4,
            polarity: Polarity::Asserted,
            trigger: "shelled".into(),
            pattern: "194:shell".into(),
            location: None,
            confidence: Some(0.9),
        }
    }

    #[test]
    fn gdelt_row_has_every_column_in_order() {
        let row = gdelt_row(7, &event(), Some("https://example.com/a"), "20250812000000");
        assert_eq!(row.len(), GDELT_COLUMNS.len());
        let col = |name: &str| &row[GDELT_COLUMNS.iter().position(|c| *c == name).unwrap()];
        assert_eq!(col("GLOBALEVENTID"), "7");
        assert_eq!(col("SQLDATE"), "20250811");
        assert_eq!(col("Actor1Code"), "RUSMIL");
        assert_eq!(col("Actor1Name"), "RUSSIAN FORCES");
        assert_eq!(col("Actor2CountryCode"), "UKR");
        assert_eq!(col("EventCode"), "194");
        assert_eq!(col("EventBaseCode"), "194");
        assert_eq!(col("EventRootCode"), "19");
        assert_eq!(col("QuadClass"), "4");
        assert_eq!(col("GoldsteinScale"), "-10.0");
        assert_eq!(col("SOURCEURL"), "https://example.com/a");
    }

    #[test]
    fn parquet_round_trip_writes_a_file() {
        let mut buf = Vec::new();
        let mut w = EventParquet::new(&mut buf).unwrap();
        for _ in 0..3 {
            w.push(&event()).unwrap();
        }
        w.finish().unwrap();
        assert_eq!(&buf[..4], b"PAR1");
        assert_eq!(&buf[buf.len() - 4..], b"PAR1");
    }
}
