//! Columnar and GDELT-style export sinks: Parquet (arrow-rs) for events and documents, and a
//! tab-separated events table with the GDELT 2.0 event columns in their order.
//!
//! Both stream: rows are gathered into Arrow record batches of `BATCH` rows (Parquet) or written
//! line by line (GDELT), so memory does not grow with the number of events.

use std::io::Write;
use std::sync::Arc;

use arrow_array::builder::{Float32Builder, Float64Builder, Int32Builder, Int64Builder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use statecraft_model::{Actor, Event};
use statecraft_store::DocumentRow;

const BATCH: usize = 8192;

fn text(name: &str, nullable: bool) -> Field {
    Field::new(name, DataType::Utf8, nullable)
}

/// The Parquet schema of `export events --format parquet` (documented in the README).
pub fn event_schema() -> SchemaRef {
    let mut fields = vec![
        text("doc_id", false),
        Field::new("sentence", DataType::Int64, false),
        Field::new("span_start", DataType::Int64, false),
        Field::new("span_end", DataType::Int64, false),
        text("sentence_text", false),
        text("date", true),
        text("date_precision", false),
        text("publication_date", true),
    ];
    for side in ["source", "target"] {
        let nullable = side == "target";
        fields.push(text(&format!("{side}_text"), nullable));
        fields.push(text(&format!("{side}_code"), nullable));
        for f in ["sector", "org", "name", "role"] {
            fields.push(text(&format!("{side}_{f}"), true));
        }
    }
    fields.extend([
        text("event", false),
        text("cameo", false),
        Field::new("goldstein", DataType::Float32, false),
        Field::new("quad_class", DataType::Int32, false),
        text("polarity", false),
        text("trigger", false),
        text("pattern", false),
        text("location_name", true),
        text("location_country", true),
        Field::new("location_lat", DataType::Float64, true),
        Field::new("location_lon", DataType::Float64, true),
        Field::new("confidence", DataType::Float32, true),
    ]);
    Arc::new(Schema::new(fields))
}

/// The Parquet schema of `export documents --format parquet`.
pub fn document_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        text("id", false),
        text("title", true),
        text("date", true),
        text("outlet", true),
        text("url", true),
        text("text", false),
        text("status", false),
        text("error", true),
        text("story_group", true),
    ]))
}

fn writer<W: Write + Send>(out: W, schema: SchemaRef) -> Result<ArrowWriter<W>, String> {
    let props = WriterProperties::builder().set_compression(Compression::SNAPPY).build();
    ArrowWriter::try_new(out, schema, Some(props)).map_err(|e| format!("cannot start Parquet output: {e}"))
}

/// Column builders for events.
struct EventColumns {
    strings: Vec<StringBuilder>,
    ints: [Int64Builder; 3],
    goldstein: Float32Builder,
    quad: Int32Builder,
    lat: Float64Builder,
    lon: Float64Builder,
    confidence: Float32Builder,
    rows: usize,
}

impl EventColumns {
    fn new() -> EventColumns {
        EventColumns {
            strings: (0..25).map(|_| StringBuilder::new()).collect(),
            ints: [Int64Builder::new(), Int64Builder::new(), Int64Builder::new()],
            goldstein: Float32Builder::new(),
            quad: Int32Builder::new(),
            lat: Float64Builder::new(),
            lon: Float64Builder::new(),
            confidence: Float32Builder::new(),
            rows: 0,
        }
    }

    fn push(&mut self, e: &Event) {
        let s = &mut self.strings;
        let mut k = 0;
        let mut put = |v: Option<&str>| {
            s[k].append_option(v);
            k += 1;
        };
        put(Some(&e.doc_id));
        put(Some(&e.sentence_text));
        put(e.date.as_deref());
        put(Some(e.date_precision.as_str()));
        put(e.publication_date.as_deref());
        let side = |a: Option<&Actor>, put: &mut dyn FnMut(Option<&str>)| {
            put(a.map(|a| a.text.as_str()));
            put(a.map(|a| a.code.as_str()));
            put(a.and_then(|a| a.sector.as_deref()));
            put(a.and_then(|a| a.org.as_deref()));
            put(a.and_then(|a| a.name.as_deref()));
            put(a.and_then(|a| a.role.as_deref()));
        };
        side(Some(&e.source), &mut put);
        side(e.target.as_ref(), &mut put);
        put(Some(&e.event));
        put(Some(&e.cameo));
        put(Some(e.polarity.as_str()));
        put(Some(&e.trigger));
        put(Some(&e.pattern));
        put(e.location.as_ref().map(|l| l.name.as_str()));
        put(e.location.as_ref().and_then(|l| l.country.as_deref()));
        self.ints[0].append_value(e.sentence as i64);
        self.ints[1].append_value(e.span[0] as i64);
        self.ints[2].append_value(e.span[1] as i64);
        self.goldstein.append_value(e.goldstein);
        self.quad.append_value(i32::from(e.quad_class));
        self.lat.append_option(e.location.as_ref().and_then(|l| l.lat));
        self.lon.append_option(e.location.as_ref().and_then(|l| l.lon));
        self.confidence.append_option(e.confidence);
        self.rows += 1;
    }

    fn finish(&mut self, schema: &SchemaRef) -> Result<RecordBatch, String> {
        let mut s: Vec<ArrayRef> = self.strings.iter_mut().map(|b| Arc::new(b.finish()) as ArrayRef).collect();
        let mut it = s.drain(..);
        let mut next = || it.next().expect("25 string columns");
        let (doc_id, sentence_text, date, precision, published) = (next(), next(), next(), next(), next());
        let mut cols: Vec<ArrayRef> = vec![
            doc_id,
            Arc::new(self.ints[0].finish()),
            Arc::new(self.ints[1].finish()),
            Arc::new(self.ints[2].finish()),
            sentence_text,
            date,
            precision,
            published,
        ];
        for _ in 0..12 {
            cols.push(next());
        }
        let (event, cameo, polarity, trigger, pattern, loc_name, loc_country) = (next(), next(), next(), next(), next(), next(), next());
        cols.extend([
            event,
            cameo,
            Arc::new(self.goldstein.finish()) as ArrayRef,
            Arc::new(self.quad.finish()),
            polarity,
            trigger,
            pattern,
            loc_name,
            loc_country,
            Arc::new(self.lat.finish()),
            Arc::new(self.lon.finish()),
            Arc::new(self.confidence.finish()),
        ]);
        self.rows = 0;
        RecordBatch::try_new(schema.clone(), cols).map_err(|e| format!("building a Parquet batch: {e}"))
    }
}

/// Streams events into a Parquet file written to `out`.
pub struct EventParquet<W: Write + Send> {
    writer: ArrowWriter<W>,
    schema: SchemaRef,
    cols: EventColumns,
}

impl<W: Write + Send> EventParquet<W> {
    pub fn new(out: W) -> Result<Self, String> {
        let schema = event_schema();
        Ok(EventParquet { writer: writer(out, schema.clone())?, schema, cols: EventColumns::new() })
    }

    pub fn push(&mut self, e: &Event) -> Result<(), String> {
        self.cols.push(e);
        if self.cols.rows >= BATCH {
            let batch = self.cols.finish(&self.schema)?;
            self.writer.write(&batch).map_err(|e| format!("writing Parquet: {e}"))?;
        }
        Ok(())
    }

    pub fn finish(mut self) -> Result<(), String> {
        if self.cols.rows > 0 {
            let batch = self.cols.finish(&self.schema)?;
            self.writer.write(&batch).map_err(|e| format!("writing Parquet: {e}"))?;
        }
        self.writer.close().map(|_| ()).map_err(|e| format!("finishing Parquet: {e}"))
    }
}

/// Streams documents into a Parquet file written to `out`.
pub struct DocumentParquet<W: Write + Send> {
    writer: ArrowWriter<W>,
    schema: SchemaRef,
    cols: Vec<StringBuilder>,
    rows: usize,
}

impl<W: Write + Send> DocumentParquet<W> {
    pub fn new(out: W) -> Result<Self, String> {
        let schema = document_schema();
        Ok(DocumentParquet { writer: writer(out, schema.clone())?, schema, cols: (0..9).map(|_| StringBuilder::new()).collect(), rows: 0 })
    }

    pub fn push(&mut self, d: &DocumentRow) -> Result<(), String> {
        let vals = [
            Some(d.id.as_str()),
            d.title.as_deref(),
            d.date.as_deref(),
            d.outlet.as_deref(),
            d.url.as_deref(),
            Some(d.text.as_str()),
            Some(d.status.as_str()),
            d.error.as_deref(),
            d.story_group.as_deref(),
        ];
        for (b, v) in self.cols.iter_mut().zip(vals) {
            b.append_option(v);
        }
        self.rows += 1;
        if self.rows >= BATCH {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<(), String> {
        let cols: Vec<ArrayRef> = self.cols.iter_mut().map(|b| Arc::new(b.finish()) as ArrayRef).collect();
        let batch = RecordBatch::try_new(self.schema.clone(), cols).map_err(|e| format!("building a Parquet batch: {e}"))?;
        self.rows = 0;
        self.writer.write(&batch).map_err(|e| format!("writing Parquet: {e}"))
    }

    pub fn finish(mut self) -> Result<(), String> {
        if self.rows > 0 {
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
