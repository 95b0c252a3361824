//! The CSV sink: a header, then one line per point in index order, written batch by batch
//! and flushed, so a stopped or killed run leaves every finished point on disk; resuming
//! completes the file to the bytes an uninterrupted run writes.

use std::collections::BTreeMap;
use std::fs::{File, OpenOptions};
use std::io::{BufWriter, Write};
use std::path::Path;

use brink_game::rational_to_f64;

use crate::plan::Shard;
use crate::run::{Control, Row, Sweep};
use crate::SweepError;

/// What a CSV run did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct RunSummary {
    /// Points of the shard.
    pub total: usize,
    /// Points found already written (when resuming) and kept.
    pub kept: usize,
    /// Points solved and written by this run.
    pub written: usize,
    /// Of those, points that could not be analysed (status `error`).
    pub failed: usize,
    /// Whether the stop flag ended the run before the shard was complete.
    pub stopped: bool,
}

/// A field as CSV: quoted when it holds a comma or a quote. Line breaks never reach a field
/// (they are replaced by spaces), so every record is one line and a file can be read line by
/// line when resuming or merging.
pub(crate) fn field(text: &str) -> String {
    let text = text.replace(['\n', '\r'], " ");
    if text.contains([',', '"']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// Why `body` is not a complete row under a header of `columns` fields, if it is not. A row
/// is the index, the numbers (parameters, then values), then `status`, `outcome_class`,
/// `equilibria` and `message`, as [`Sweep::row_line`] writes it: the count of fields must be
/// the header's, every number must read as one (or be empty, for `NaN`), the status must be a
/// word the sweep writes and the count of equilibria an integer. A row cut short and then
/// followed by a line break (a crash, or a full disk, mid-write) fails this.
pub(crate) fn row_defect(columns: usize, body: &str) -> Option<String> {
    let Some(fields) = split_fields(body) else {
        return Some("it ends inside a quoted field".into());
    };
    if fields.len() != columns || columns < 5 {
        return Some(format!(
            "it has {} fields and the header {columns}",
            fields.len()
        ));
    }
    let status = columns - 4;
    if let Some(k) =
        (1..status).find(|&k| !fields[k].is_empty() && fields[k].parse::<f64>().is_err())
    {
        return Some(format!("field {} is not a number", k + 1));
    }
    let statuses = [
        crate::PointStatus::Solved,
        crate::PointStatus::Incomplete,
        crate::PointStatus::Failed,
    ];
    if !statuses.iter().any(|s| s.name() == fields[status]) {
        return Some(format!(
            "its status `{}` is not one a sweep writes",
            fields[status]
        ));
    }
    if fields[status + 2].parse::<usize>().is_err() {
        return Some("its count of equilibria is not a whole number".into());
    }
    None
}

/// A number as written: the shortest decimal that reads back as the same double, `NaN` left
/// empty.
pub(crate) fn number(x: f64) -> String {
    if x.is_nan() {
        String::new()
    } else {
        format!("{x}")
    }
}

impl Sweep {
    /// The header line (without the line break).
    pub fn header_line(&self) -> String {
        self.header()
            .iter()
            .map(|h| field(h))
            .collect::<Vec<_>>()
            .join(",")
    }

    /// The fields `index` and the varied parameters of point `index`, as written.
    fn point_fields(&self, index: usize, point: &[brink_game::Rational]) -> String {
        let mut out = index.to_string();
        for v in point {
            out.push(',');
            out.push_str(&number(rational_to_f64(v)));
        }
        out
    }

    /// A row as a CSV line (without the line break).
    pub fn row_line(&self, row: &Row) -> String {
        let mut out = self.point_fields(row.index, &row.point);
        for v in &row.values {
            out.push(',');
            out.push_str(&number(*v));
        }
        for f in [
            row.status.name(),
            &row.outcome_class,
            &row.equilibria.to_string(),
            &row.message,
        ] {
            out.push(',');
            out.push_str(&field(f));
        }
        out
    }

    /// Solves the shard and writes it as CSV to `path`.
    ///
    /// Without `resume` the file is created or truncated. With `resume`, an existing file is
    /// read first: its header must be this sweep's, each line's index must belong to the shard
    /// and its parameter values must be the plan's at that index (so a file of another plan is
    /// refused); a line cut off by a kill is dropped. The points already there are kept, the
    /// others solved, and the file ends up with exactly the bytes an uninterrupted run writes.
    pub fn write_csv(
        &self,
        path: impl AsRef<Path>,
        shard: Shard,
        resume: bool,
        control: &Control<'_>,
    ) -> Result<RunSummary, SweepError> {
        let path = path.as_ref();
        let io = |e: std::io::Error| SweepError::Io {
            path: path.display().to_string(),
            source: e,
        };
        let all: Vec<usize> = shard.indices(self.plan().len()).collect();
        let header = self.header_line();
        // Lines already on disk: the longest run matching the shard's first indices stays in
        // place (the file is cut after it); later lines, after a gap, are held here and
        // written back in their places.
        let mut saved: BTreeMap<usize, String> = BTreeMap::new();
        let mut prefix = 0usize;
        let mut file = if resume && path.exists() {
            let text = std::fs::read_to_string(path).map_err(io)?;
            let (keep, rest) = self.read_existing(path, &text, shard, &header, &all)?;
            prefix = keep.0;
            saved = rest;
            let mut f = OpenOptions::new().write(true).open(path).map_err(io)?;
            f.set_len(keep.1 as u64).map_err(io)?;
            std::io::Seek::seek(&mut f, std::io::SeekFrom::End(0)).map_err(io)?;
            let mut f = BufWriter::new(f);
            if keep.1 == 0 {
                writeln!(f, "{header}").map_err(io)?;
            }
            f
        } else {
            let mut f = BufWriter::new(File::create(path).map_err(io)?);
            writeln!(f, "{header}").map_err(io)?;
            f
        };
        let todo: Vec<usize> = all[prefix..]
            .iter()
            .copied()
            .filter(|i| !saved.contains_key(i))
            .collect();
        let mut summary = RunSummary {
            total: all.len(),
            kept: prefix + saved.len(),
            ..RunSummary::default()
        };
        file.flush().map_err(io)?;
        let stopped = self.drive(&todo, control, summary.kept, all.len(), |rows| {
            for row in rows {
                // Saved lines of lower index go first, so the file stays in index order.
                while let Some((&i, _)) = saved.first_key_value() {
                    if i > row.index {
                        break;
                    }
                    let (_, line) = saved.pop_first().unwrap_or_default();
                    writeln!(file, "{line}").map_err(io)?;
                }
                summary.written += 1;
                if row.status == crate::PointStatus::Failed {
                    summary.failed += 1;
                }
                writeln!(file, "{}", self.row_line(&row)).map_err(io)?;
            }
            file.flush().map_err(io)
        })?;
        // Whatever was saved is finished work: it is written back whether or not the run
        // was stopped, and every remaining index is above those written so far.
        for line in std::mem::take(&mut saved).into_values() {
            writeln!(file, "{line}").map_err(io)?;
        }
        file.flush().map_err(io)?;
        summary.stopped = stopped;
        Ok(summary)
    }

    /// Checks an existing file for resuming. Returns ((lines in the prefix, its byte length),
    /// the later lines by index).
    #[allow(clippy::type_complexity)]
    fn read_existing(
        &self,
        path: &Path,
        text: &str,
        shard: Shard,
        header: &str,
        all: &[usize],
    ) -> Result<((usize, usize), BTreeMap<usize, String>), SweepError> {
        let refuse = |reason: String| SweepError::Resume {
            path: path.display().to_string(),
            reason,
        };
        // A last line without its line break was cut off mid-write: it is dropped.
        let complete = match text.rfind('\n') {
            Some(end) => &text[..=end],
            None => "",
        };
        let mut lines = complete.split_inclusive('\n');
        let Some(first) = lines.next() else {
            return Ok(((0, 0), BTreeMap::new()));
        };
        if first.trim_end_matches(['\n', '\r']) != header {
            return Err(refuse(
                "its header is not this sweep's (another scenario, variant, plan or measures?)"
                    .into(),
            ));
        }
        let mut offset = first.len();
        let mut prefix = (0usize, offset);
        let mut in_prefix = true;
        let mut saved = BTreeMap::new();
        let mut last: Option<usize> = None;
        let width = 1 + self.plan().params().len();
        let columns = self.header().len();
        for line in lines {
            let body = line.trim_end_matches(['\n', '\r']);
            offset += line.len();
            let index: usize = body
                .split(',')
                .next()
                .and_then(|f| f.parse().ok())
                .ok_or_else(|| refuse(format!("a line does not start with an index: `{body}`")))?;
            // A damaged row is not finished work: it is dropped, and its point solved again
            // and written in its place.
            if row_defect(columns, body).is_some() {
                in_prefix = false;
                continue;
            }
            if index >= self.plan().len() || !shard.contains(index) {
                return Err(refuse(format!(
                    "point {index} is not in this plan's shard {}/{}",
                    shard.k, shard.n
                )));
            }
            if last.is_some_and(|l| index <= l) {
                return Err(refuse(format!("point {index} is out of order or repeated")));
            }
            last = Some(index);
            // The point's parameters must be the plan's, so a file of another plan with the
            // same columns is not completed with this plan's points.
            let point = self.plan().point(index).unwrap_or_default();
            let expected = self.point_fields(index, &point);
            let fields: Vec<&str> = body.splitn(width + 1, ',').take(width).collect();
            if fields.join(",") != expected {
                return Err(refuse(format!(
                    "point {index} has other parameter values than this plan's"
                )));
            }
            if in_prefix && all.get(prefix.0) == Some(&index) {
                prefix = (prefix.0 + 1, offset);
            } else {
                in_prefix = false;
                saved.insert(index, body.to_string());
            }
        }
        Ok((prefix, saved))
    }
}

/// Merges CSV files of shards of one sweep into `output`: the headers must agree, the rows
/// are ordered by index, and an index found twice is an error. Merging the shards `1/N` to
/// `N/N` gives the bytes of the unsharded file. Returns the number of rows.
pub fn merge_csv(
    inputs: &[impl AsRef<Path>],
    output: impl AsRef<Path>,
) -> Result<usize, SweepError> {
    let mut texts = Vec::with_capacity(inputs.len());
    for input in inputs {
        let input = input.as_ref();
        let text = std::fs::read_to_string(input).map_err(|e| SweepError::Io {
            path: input.display().to_string(),
            source: e,
        })?;
        texts.push((input.display().to_string(), text));
    }
    merge_texts(&texts, output)
}

/// Merges CSV texts, each with the name of the file it came from, into the CSV file `output`.
pub(crate) fn merge_texts(
    inputs: &[(String, String)],
    output: impl AsRef<Path>,
) -> Result<usize, SweepError> {
    let output = output.as_ref();
    let mut header: Option<&str> = None;
    let mut rows: BTreeMap<usize, &str> = BTreeMap::new();
    for (input, text) in inputs {
        let refuse = |reason: String| SweepError::Resume {
            path: input.clone(),
            reason,
        };
        let mut lines = text.lines();
        let Some(h) = lines.next() else {
            return Err(refuse("the file is empty".into()));
        };
        let columns = split_fields(h).map_or(0, |f| f.len());
        match header {
            Some(prev) if prev != h => {
                return Err(refuse("its header differs from the first file's".into()))
            }
            Some(_) => {}
            None => header = Some(h),
        }
        for line in lines {
            let index: usize = line
                .split(',')
                .next()
                .and_then(|f| f.parse().ok())
                .ok_or_else(|| refuse(format!("a line does not start with an index: `{line}`")))?;
            if let Some(why) = row_defect(columns, line) {
                return Err(refuse(format!(
                    "the row of point {index} is damaged ({why}); resume this file's sweep to \
                     solve the point again"
                )));
            }
            if rows.insert(index, line).is_some() {
                return Err(refuse(format!("point {index} appears twice")));
            }
        }
    }
    let Some(header) = header else {
        return Err(SweepError::Plan("no files to merge".into()));
    };
    let io = |e: std::io::Error| SweepError::Io {
        path: output.display().to_string(),
        source: e,
    };
    let mut out = BufWriter::new(File::create(output).map_err(io)?);
    writeln!(out, "{header}").map_err(io)?;
    for line in rows.values() {
        writeln!(out, "{line}").map_err(io)?;
    }
    out.flush().map_err(io)?;
    Ok(rows.len())
}

/// The fields of one CSV record as written by this module: a quoted field may hold commas
/// and doubled quotes. Returns `None` for a line that ends inside quotes.
pub(crate) fn split_fields(line: &str) -> Option<Vec<String>> {
    let mut out = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(std::mem::take(&mut field)),
            c => field.push(c),
        }
    }
    if quoted {
        return None;
    }
    out.push(field);
    Some(out)
}
