//! CSV results to Parquet and back, with the `parquet` crate's low-level column writer and
//! its record reader (no arrow, snappy compression in pure Rust).
//!
//! The layout follows the CSV header alone, so any sweep's file (or merged shards) converts
//! without the sweep at hand: `index` and `equilibria` are required 64-bit integers, every
//! column between `index` and `status` (the varied parameters, probabilities, payoffs,
//! measures, `max_regret`) is an optional double, null where the CSV field is empty, and
//! `status`, `outcome_class` and `message` are required UTF-8 strings. The CSV's numbers are
//! the shortest decimals of doubles, so the doubles stored here are exactly the CSV's values
//! and reading a Parquet file back gives the CSV's bytes again.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::sync::Arc;

use parquet::basic::{Compression, LogicalType, Repetition, Type as PhysicalType};
use parquet::data_type::{ByteArray, ByteArrayType, DoubleType, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::file::writer::SerializedFileWriter;
use parquet::record::Field;
use parquet::schema::types::Type;

use crate::csv::{field, number, split_fields};
use crate::SweepError;

/// The columns after the numeric ones, as the CSV names them.
const TRAILING: [&str; 4] = ["status", "outcome_class", "equilibria", "message"];

/// Rows per row group: a million-point sweep makes 16 groups, and a reader needs only one
/// group's columns in memory at a time.
const ROW_GROUP: usize = 65_536;

fn parquet_error(path: &Path, e: impl std::fmt::Display) -> SweepError {
    SweepError::Parquet {
        path: path.display().to_string(),
        reason: e.to_string(),
    }
}

/// Checks that `names` is a sweep's header: `index`, at least one numeric column, then the
/// four trailing columns.
fn check_layout(names: &[String]) -> Result<(), String> {
    let n = names.len();
    if n < 6 || names[0] != "index" || names[n - 4..] != TRAILING {
        return Err(format!(
            "its columns are not a sweep's (index, numbers, then {})",
            TRAILING.join(", ")
        ));
    }
    Ok(())
}

/// The Parquet schema of a sweep's header.
fn schema(names: &[String]) -> Result<Type, parquet::errors::ParquetError> {
    let n = names.len();
    let int64 = |name: &str| {
        Type::primitive_type_builder(name, PhysicalType::INT64)
            .with_repetition(Repetition::REQUIRED)
            .build()
    };
    let string = |name: &str| {
        Type::primitive_type_builder(name, PhysicalType::BYTE_ARRAY)
            .with_repetition(Repetition::REQUIRED)
            .with_logical_type(Some(LogicalType::String))
            .build()
    };
    let mut fields = vec![Arc::new(int64(&names[0])?)];
    for name in &names[1..n - 4] {
        fields.push(Arc::new(
            Type::primitive_type_builder(name, PhysicalType::DOUBLE)
                .with_repetition(Repetition::OPTIONAL)
                .build()?,
        ));
    }
    fields.push(Arc::new(string(&names[n - 4])?));
    fields.push(Arc::new(string(&names[n - 3])?));
    fields.push(Arc::new(int64(&names[n - 2])?));
    fields.push(Arc::new(string(&names[n - 1])?));
    Type::group_type_builder("sweep")
        .with_fields(fields)
        .build()
}

/// One row group's columns, filled from CSV records.
struct Columns {
    index: Vec<i64>,
    /// Per numeric column: the values present and the definition level of every row (1 for a
    /// value, 0 for null).
    numbers: Vec<(Vec<f64>, Vec<i16>)>,
    status: Vec<ByteArray>,
    class: Vec<ByteArray>,
    equilibria: Vec<i64>,
    message: Vec<ByteArray>,
}

impl Columns {
    fn new(numeric: usize) -> Columns {
        Columns {
            index: Vec::new(),
            numbers: vec![(Vec::new(), Vec::new()); numeric],
            status: Vec::new(),
            class: Vec::new(),
            equilibria: Vec::new(),
            message: Vec::new(),
        }
    }

    fn len(&self) -> usize {
        self.index.len()
    }

    /// Adds one record (already split into the header's number of fields).
    fn push(&mut self, fields: &[String], names: &[String]) -> Result<(), String> {
        let n = fields.len();
        let int = |k: usize| {
            fields[k]
                .parse::<i64>()
                .map_err(|_| format!("`{}` is not an integer ({})", fields[k], names[k]))
        };
        let index = int(0)?;
        let equilibria = int(n - 2)?;
        for (k, (values, levels)) in self.numbers.iter_mut().enumerate() {
            let text = &fields[k + 1];
            if text.is_empty() {
                levels.push(0);
            } else {
                let x: f64 = text
                    .parse()
                    .map_err(|_| format!("`{text}` is not a number ({})", names[k + 1]))?;
                values.push(x);
                levels.push(1);
            }
        }
        self.index.push(index);
        self.status.push(ByteArray::from(fields[n - 4].as_str()));
        self.class.push(ByteArray::from(fields[n - 3].as_str()));
        self.equilibria.push(equilibria);
        self.message.push(ByteArray::from(fields[n - 1].as_str()));
        Ok(())
    }
}

/// Writes one row group of `columns`, in the schema's column order.
fn write_group(
    writer: &mut SerializedFileWriter<File>,
    columns: &Columns,
) -> Result<(), parquet::errors::ParquetError> {
    let mut group = writer.next_row_group()?;
    let mut k = 0usize;
    let numeric = columns.numbers.len();
    while let Some(mut column) = group.next_column()? {
        if k == 0 {
            column
                .typed::<Int64Type>()
                .write_batch(&columns.index, None, None)?;
        } else if k <= numeric {
            let (values, levels) = &columns.numbers[k - 1];
            column
                .typed::<DoubleType>()
                .write_batch(values, Some(levels), None)?;
        } else {
            match k - numeric {
                1 => column
                    .typed::<ByteArrayType>()
                    .write_batch(&columns.status, None, None)?,
                2 => column
                    .typed::<ByteArrayType>()
                    .write_batch(&columns.class, None, None)?,
                3 => column
                    .typed::<Int64Type>()
                    .write_batch(&columns.equilibria, None, None)?,
                _ => column
                    .typed::<ByteArrayType>()
                    .write_batch(&columns.message, None, None)?,
            };
        }
        column.close()?;
        k += 1;
    }
    group.close()?;
    Ok(())
}

/// Converts the CSV file `csv` (a sweep's, as [`crate::Sweep::write_csv`] writes it) to the
/// Parquet file `output`. The file is written under a temporary name and renamed, so `output`
/// is never left half-written. Returns the number of rows.
pub(crate) fn csv_to_parquet(csv: &Path, output: &Path) -> Result<usize, SweepError> {
    let refuse = |reason: String| SweepError::Resume {
        path: csv.display().to_string(),
        reason,
    };
    let io = |path: &Path| {
        let path = path.display().to_string();
        move |e: std::io::Error| SweepError::Io { path, source: e }
    };
    let mut lines = BufReader::new(File::open(csv).map_err(io(csv))?).lines();
    let header = match lines.next() {
        Some(line) => line.map_err(io(csv))?,
        None => return Err(refuse("the file is empty".into())),
    };
    let names =
        split_fields(&header).ok_or_else(|| refuse("its header is not one CSV line".into()))?;
    check_layout(&names).map_err(refuse)?;
    let numeric = names.len() - 5;
    let schema = Arc::new(schema(&names).map_err(|e| parquet_error(output, e))?);
    let properties = Arc::new(
        WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .build(),
    );
    let mut temporary = output.as_os_str().to_owned();
    temporary.push(".tmp");
    let temporary = std::path::PathBuf::from(temporary);
    let file = File::create(&temporary).map_err(io(&temporary))?;
    let mut writer = SerializedFileWriter::new(file, schema, properties)
        .map_err(|e| parquet_error(output, e))?;
    let mut columns = Columns::new(numeric);
    let mut rows = 0usize;
    for (number, line) in lines.enumerate() {
        let line = line.map_err(io(csv))?;
        let fields = split_fields(&line)
            .filter(|f| f.len() == names.len())
            .ok_or_else(|| {
                refuse(format!(
                    "line {} does not have the header's {} fields",
                    number + 2,
                    names.len()
                ))
            })?;
        columns
            .push(&fields, &names)
            .map_err(|e| refuse(format!("line {}: {e}", number + 2)))?;
        if columns.len() == ROW_GROUP {
            write_group(&mut writer, &columns).map_err(|e| parquet_error(output, e))?;
            rows += columns.len();
            columns = Columns::new(numeric);
        }
    }
    if columns.len() > 0 {
        write_group(&mut writer, &columns).map_err(|e| parquet_error(output, e))?;
        rows += columns.len();
    }
    writer.close().map_err(|e| parquet_error(output, e))?;
    std::fs::rename(&temporary, output).map_err(io(output))?;
    Ok(rows)
}

/// Reads a sweep's Parquet file back as the CSV text it was written from: the same header and,
/// row for row, the same bytes.
pub(crate) fn csv_text_of(path: &Path) -> Result<String, SweepError> {
    let refuse = |reason: String| SweepError::Resume {
        path: path.display().to_string(),
        reason,
    };
    let file = File::open(path).map_err(|e| SweepError::Io {
        path: path.display().to_string(),
        source: e,
    })?;
    let reader = SerializedFileReader::new(file).map_err(|e| parquet_error(path, e))?;
    let names: Vec<String> = reader
        .metadata()
        .file_metadata()
        .schema_descr()
        .root_schema()
        .get_fields()
        .iter()
        .map(|f| f.name().to_string())
        .collect();
    check_layout(&names).map_err(refuse)?;
    let mut text = names.iter().map(|n| field(n)).collect::<Vec<_>>().join(",");
    text.push('\n');
    let rows = reader
        .get_row_iter(None)
        .map_err(|e| parquet_error(path, e))?;
    for row in rows {
        let row = row.map_err(|e| parquet_error(path, e))?;
        let mut first = true;
        for (name, value) in row.get_column_iter() {
            if !first {
                text.push(',');
            }
            first = false;
            match value {
                Field::Long(i) => text.push_str(&i.to_string()),
                Field::Double(x) => text.push_str(&number(*x)),
                Field::Null => {}
                Field::Str(s) => text.push_str(&field(s)),
                other => {
                    return Err(refuse(format!(
                        "column {name} holds a {other:?}, which no sweep writes"
                    )))
                }
            }
        }
        text.push('\n');
    }
    Ok(text)
}
