//! Arrow tables of Statecraft's records: events, documents, actors, quotes and a dyad's series.
//!
//! Each record type says once which columns it has and how one record fills them
//! ([`Record`]); a [`Table`] gathers records into Arrow record batches. The Parquet export of
//! the command line and the tables of the Python package are both built here, so their
//! columns are the same by construction. [`ipc_stream`] writes batches as an Arrow IPC stream,
//! the form in which the Python package hands tables to pyarrow.

use std::marker::PhantomData;
use std::sync::Arc;

use arrow_array::builder::{Float32Builder, Float64Builder, Int32Builder, Int64Builder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use statecraft_model::{Actor, Event, Quote, PLOVER_CATEGORIES};
use statecraft_store::aggregate::DyadPoint;
use statecraft_store::{ActorRow, DocumentRow};

/// A record type that can be a row of a table.
pub trait Record {
    /// The columns, in order.
    fn fields() -> Vec<Field>;
    /// Appends this record's values to `row`, one per column, in the order of [`Record::fields`].
    fn write(&self, row: &mut Row<'_>);
}

/// A column being built.
enum Column {
    Text(StringBuilder),
    Int64(Int64Builder),
    Int32(Int32Builder),
    Float32(Float32Builder),
    Float64(Float64Builder),
}

impl Column {
    fn for_type(t: &DataType) -> Column {
        match t {
            DataType::Utf8 => Column::Text(StringBuilder::new()),
            DataType::Int64 => Column::Int64(Int64Builder::new()),
            DataType::Int32 => Column::Int32(Int32Builder::new()),
            DataType::Float32 => Column::Float32(Float32Builder::new()),
            DataType::Float64 => Column::Float64(Float64Builder::new()),
            other => unreachable!("no table has a column of type {other}"),
        }
    }

    fn finish(&mut self) -> ArrayRef {
        match self {
            Column::Text(b) => Arc::new(b.finish()),
            Column::Int64(b) => Arc::new(b.finish()),
            Column::Int32(b) => Arc::new(b.finish()),
            Column::Float32(b) => Arc::new(b.finish()),
            Column::Float64(b) => Arc::new(b.finish()),
        }
    }
}

/// The columns of one table while a record writes its values into them, left to right.
pub struct Row<'a> {
    columns: &'a mut [Column],
    next: usize,
}

impl Row<'_> {
    fn column(&mut self) -> &mut Column {
        let i = self.next;
        self.next += 1;
        &mut self.columns[i]
    }

    pub fn text(&mut self, v: Option<&str>) {
        match self.column() {
            Column::Text(b) => b.append_option(v),
            _ => unreachable!("column {} is not text", self.next - 1),
        }
    }

    pub fn int64(&mut self, v: i64) {
        match self.column() {
            Column::Int64(b) => b.append_value(v),
            _ => unreachable!("column {} is not int64", self.next - 1),
        }
    }

    pub fn int32(&mut self, v: i32) {
        match self.column() {
            Column::Int32(b) => b.append_value(v),
            _ => unreachable!("column {} is not int32", self.next - 1),
        }
    }

    pub fn float32(&mut self, v: Option<f32>) {
        match self.column() {
            Column::Float32(b) => b.append_option(v),
            _ => unreachable!("column {} is not float32", self.next - 1),
        }
    }

    pub fn float64(&mut self, v: Option<f64>) {
        match self.column() {
            Column::Float64(b) => b.append_option(v),
            _ => unreachable!("column {} is not float64", self.next - 1),
        }
    }
}

/// Records of one type gathered into Arrow record batches.
pub struct Table<R: Record> {
    schema: SchemaRef,
    columns: Vec<Column>,
    rows: usize,
    record: PhantomData<fn(&R)>,
}

impl<R: Record> Default for Table<R> {
    fn default() -> Self {
        Table::new()
    }
}

impl<R: Record> Table<R> {
    pub fn new() -> Table<R> {
        let schema = schema::<R>();
        let columns = schema.fields().iter().map(|f| Column::for_type(f.data_type())).collect();
        Table { schema, columns, rows: 0, record: PhantomData }
    }

    pub fn schema(&self) -> SchemaRef {
        self.schema.clone()
    }

    pub fn push(&mut self, r: &R) {
        let mut row = Row { columns: &mut self.columns, next: 0 };
        r.write(&mut row);
        let (written, columns) = (row.next, self.columns.len());
        debug_assert_eq!(written, columns, "a record wrote {written} of {columns} columns");
        self.rows += 1;
    }

    /// Rows pushed since the last [`Table::finish`].
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// The rows pushed so far as one batch; the table is empty again afterwards.
    pub fn finish(&mut self) -> RecordBatch {
        let arrays: Vec<ArrayRef> = self.columns.iter_mut().map(Column::finish).collect();
        self.rows = 0;
        RecordBatch::try_new(self.schema.clone(), arrays).expect("every column has one value per row, of its field's type")
    }
}

/// The schema of a table of `R`.
pub fn schema<R: Record>() -> SchemaRef {
    Arc::new(Schema::new(R::fields()))
}

fn text(name: &str, nullable: bool) -> Field {
    Field::new(name, DataType::Utf8, nullable)
}

impl Record for Event {
    fn fields() -> Vec<Field> {
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
        fields
    }

    fn write(&self, row: &mut Row<'_>) {
        let e = self;
        row.text(Some(&e.doc_id));
        row.int64(e.sentence as i64);
        row.int64(e.span[0] as i64);
        row.int64(e.span[1] as i64);
        row.text(Some(&e.sentence_text));
        row.text(e.date.as_deref());
        row.text(Some(e.date_precision.as_str()));
        row.text(e.publication_date.as_deref());
        for side in [Some(&e.source), e.target.as_ref()] {
            let field = |f: fn(&Actor) -> Option<&str>| side.and_then(f);
            row.text(field(|a| Some(&a.text)));
            row.text(field(|a| Some(&a.code)));
            row.text(field(|a| a.sector.as_deref()));
            row.text(field(|a| a.org.as_deref()));
            row.text(field(|a| a.name.as_deref()));
            row.text(field(|a| a.role.as_deref()));
        }
        row.text(Some(&e.event));
        row.text(Some(&e.cameo));
        row.float32(Some(e.goldstein));
        row.int32(i32::from(e.quad_class));
        row.text(Some(e.polarity.as_str()));
        row.text(Some(&e.trigger));
        row.text(Some(&e.pattern));
        row.text(e.location.as_ref().map(|l| l.name.as_str()));
        row.text(e.location.as_ref().and_then(|l| l.country.as_deref()));
        row.float64(e.location.as_ref().and_then(|l| l.lat));
        row.float64(e.location.as_ref().and_then(|l| l.lon));
        row.float32(e.confidence);
    }
}

impl Record for DocumentRow {
    fn fields() -> Vec<Field> {
        vec![
            text("id", false),
            text("title", true),
            text("date", true),
            text("outlet", true),
            text("url", true),
            text("text", false),
            text("status", false),
            text("error", true),
            text("story_group", true),
        ]
    }

    fn write(&self, row: &mut Row<'_>) {
        row.text(Some(&self.id));
        row.text(self.title.as_deref());
        row.text(self.date.as_deref());
        row.text(self.outlet.as_deref());
        row.text(self.url.as_deref());
        row.text(Some(&self.text));
        row.text(Some(&self.status));
        row.text(self.error.as_deref());
        row.text(self.story_group.as_deref());
    }
}

impl Record for ActorRow {
    fn fields() -> Vec<Field> {
        vec![
            text("code", false),
            text("sector", true),
            text("org", true),
            text("name", true),
            Field::new("mentions", DataType::Int64, false),
            Field::new("as_source", DataType::Int64, false),
            Field::new("as_target", DataType::Int64, false),
        ]
    }

    fn write(&self, row: &mut Row<'_>) {
        row.text(Some(&self.code));
        row.text(self.sector.as_deref());
        row.text(self.org.as_deref());
        row.text(self.name.as_deref());
        row.int64(self.mentions);
        row.int64(self.as_source);
        row.int64(self.as_target);
    }
}

/// The columns of `export quotes --format csv`, with missing values as nulls.
impl Record for Quote {
    fn fields() -> Vec<Field> {
        vec![
            text("doc_id", false),
            Field::new("sentence", DataType::Int64, false),
            Field::new("start", DataType::Int64, false),
            Field::new("end", DataType::Int64, false),
            text("kind", false),
            text("speaker_name", true),
            text("speaker_code", true),
            text("speaker_sector", true),
            text("speaker_role", true),
            text("speaker_affiliation", true),
            text("speaker_mention", true),
            text("cue", true),
            text("date", true),
            text("date_precision", false),
            text("text", false),
        ]
    }

    fn write(&self, row: &mut Row<'_>) {
        let speaker = self.speaker.as_ref();
        row.text(Some(&self.doc_id));
        row.int64(self.sentence as i64);
        row.int64(self.span[0] as i64);
        row.int64(self.span[1] as i64);
        row.text(Some(self.kind.as_str()));
        row.text(speaker.and_then(|s| s.name.as_deref()));
        row.text(speaker.and_then(|s| s.code.as_deref()));
        row.text(speaker.and_then(|s| s.sector.as_deref()));
        row.text(speaker.and_then(|s| s.role.as_deref()));
        row.text(speaker.and_then(|s| s.affiliation.as_deref()));
        row.text(speaker.and_then(|s| s.mention.as_deref()));
        row.text(self.cue.as_deref());
        row.text(self.date.as_deref());
        row.text(Some(self.date_precision.as_str()));
        row.text(Some(&self.text));
    }
}

/// The names of the four quad-class count columns of a dyad table, in quad-class order.
pub const QUAD_COLUMNS: [&str; 4] = ["verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict"];

/// One period of a dyad series: counts, quad classes, Goldstein, then one count column per
/// PLOVER category (lower case).
impl Record for DyadPoint {
    fn fields() -> Vec<Field> {
        let mut fields = vec![
            text("period", false),
            Field::new("events", DataType::Int64, false),
            Field::new("mentions", DataType::Int64, false),
            Field::new("stories", DataType::Int64, false),
        ];
        fields.extend(QUAD_COLUMNS.iter().map(|q| Field::new(*q, DataType::Int64, false)));
        fields.push(Field::new("goldstein_total", DataType::Float64, false));
        fields.push(Field::new("goldstein_mean", DataType::Float64, false));
        fields.extend(PLOVER_CATEGORIES.iter().map(|c| Field::new(c.to_lowercase(), DataType::Int64, false)));
        fields
    }

    fn write(&self, row: &mut Row<'_>) {
        row.text(Some(&self.period));
        row.int64(self.events);
        row.int64(self.mentions);
        row.int64(self.stories);
        for n in self.quad {
            row.int64(n);
        }
        row.float64(Some(self.goldstein_total));
        row.float64(Some(self.goldstein_mean));
        for c in PLOVER_CATEGORIES {
            row.int64(self.categories.get(c).copied().unwrap_or(0));
        }
    }
}

/// `batches` as the bytes of an Arrow IPC stream (schema first, then each batch), which
/// `pyarrow.ipc.open_stream` reads.
pub fn ipc_stream(schema: &SchemaRef, batches: &[RecordBatch]) -> Result<Vec<u8>, String> {
    let failed = |e: arrow_schema::ArrowError| format!("cannot write an Arrow stream: {e}");
    let mut w = arrow_ipc::writer::StreamWriter::try_new(Vec::new(), schema).map_err(failed)?;
    for b in batches {
        w.write(b).map_err(failed)?;
    }
    w.finish().map_err(failed)?;
    w.into_inner().map_err(failed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_array::{Array, Float32Array, Int64Array, StringArray};
    use statecraft_model::{DatePrecision, Polarity, QuoteKind, Speaker};

    fn event(target: bool) -> Event {
        Event {
            doc_id: "d".into(),
            sentence: 3,
            span: [10, 38],
            sentence_text: "Russian forces shelled Kyiv.".into(),
            date: Some("2025-08-11".into()),
            date_precision: DatePrecision::Day,
            publication_date: Some("2025-08-12".into()),
            source: Actor { text: "Russian forces".into(), code: "RUS".into(), sector: Some("MIL".into()), ..Default::default() },
            target: target.then(|| Actor { text: "Kyiv".into(), code: "UKR".into(), ..Default::default() }),
            event: "ASSAULT".into(),
            cameo: "194".into(),
            goldstein: -10.0,
            quad_class: 4,
            polarity: Polarity::Asserted,
            trigger: "shelled".into(),
            pattern: "194:shell".into(),
            location: None,
            confidence: Some(0.75),
        }
    }

    fn column<'a, T: 'static>(b: &'a RecordBatch, name: &str) -> &'a T {
        b.column_by_name(name).unwrap_or_else(|| panic!("no column {name}")).as_any().downcast_ref::<T>().expect("column type")
    }

    #[test]
    fn events_fill_every_column_by_name() {
        let mut t = Table::<Event>::new();
        t.push(&event(true));
        t.push(&event(false));
        assert_eq!(t.rows(), 2);
        let b = t.finish();
        assert_eq!(t.rows(), 0);
        assert_eq!(b.num_rows(), 2);
        assert_eq!(b.num_columns(), 32);
        assert_eq!(column::<Int64Array>(&b, "sentence").value(0), 3);
        assert_eq!(column::<Int64Array>(&b, "span_end").value(0), 38);
        assert_eq!(column::<StringArray>(&b, "source_sector").value(0), "MIL");
        assert_eq!(column::<StringArray>(&b, "target_code").value(0), "UKR");
        assert!(column::<StringArray>(&b, "target_code").is_null(1));
        assert!(column::<StringArray>(&b, "target_sector").is_null(0));
        assert_eq!(column::<StringArray>(&b, "polarity").value(1), "asserted");
        assert_eq!(column::<Float32Array>(&b, "confidence").value(0), 0.75);
        assert_eq!(column::<StringArray>(&b, "date_precision").value(0), "day");
    }

    #[test]
    fn every_record_type_fills_its_schema() {
        let mut d = Table::<DocumentRow>::new();
        d.push(&DocumentRow { id: "a".into(), title: None, date: Some("2025-01-02".into()), outlet: None, url: None, text: "t".into(), status: "coded".into(), error: None, story_group: Some("a".into()) });
        assert_eq!(column::<StringArray>(&d.finish(), "story_group").value(0), "a");
        let mut a = Table::<ActorRow>::new();
        a.push(&ActorRow { code: "RUS".into(), sector: Some("GOV".into()), org: None, name: None, mentions: 4, as_source: 2, as_target: 1 });
        assert_eq!(column::<Int64Array>(&a.finish(), "as_target").value(0), 1);
        let mut q = Table::<Quote>::new();
        q.push(&Quote {
            doc_id: "d".into(),
            sentence: 2,
            span: [5, 16],
            text: "It is over.".into(),
            kind: QuoteKind::Direct,
            speaker: Some(Speaker { name: Some("Kurt Volker".into()), code: Some("USA".into()), ..Default::default() }),
            cue: Some("said".into()),
            date: None,
            date_precision: DatePrecision::Unknown,
        });
        let qb = q.finish();
        assert_eq!(column::<StringArray>(&qb, "speaker_name").value(0), "Kurt Volker");
        assert!(column::<StringArray>(&qb, "speaker_role").is_null(0));
        let mut y = Table::<DyadPoint>::new();
        y.push(&DyadPoint {
            period: "2025-08-11".into(),
            events: 3,
            mentions: 5,
            stories: 2,
            quad: [1, 0, 0, 2],
            categories: [("ASSAULT".to_string(), 2), ("CONSULT".to_string(), 1)].into_iter().collect(),
            goldstein_total: -18.0,
            goldstein_mean: -6.0,
        });
        let yb = y.finish();
        assert_eq!(column::<Int64Array>(&yb, "material_conflict").value(0), 2);
        assert_eq!(column::<Int64Array>(&yb, "assault").value(0), 2);
        assert_eq!(column::<Int64Array>(&yb, "threaten").value(0), 0);
    }

    #[test]
    fn ipc_stream_reads_back() {
        let mut t = Table::<Event>::new();
        t.push(&event(true));
        let batch = t.finish();
        let bytes = ipc_stream(&t.schema(), &[batch.clone(), batch]).unwrap();
        let reader = arrow_ipc::reader::StreamReader::try_new(std::io::Cursor::new(bytes), None).unwrap();
        assert_eq!(reader.schema(), t.schema());
        let rows: usize = reader.map(|b| b.unwrap().num_rows()).sum();
        assert_eq!(rows, 2);
    }
}
