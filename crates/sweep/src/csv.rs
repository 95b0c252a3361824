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
use crate::settings::{settings_path, Settings};
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
    /// The sweep's [`Settings`] are written first, to [`settings_path`] beside the file.
    /// Without `resume` the file is created or truncated. With `resume`, an existing file is
    /// read first: its recorded settings must be this run's (scenario text, variant, fixed
    /// parameters, plan, measures, version and shard; the error names the first that differs
    /// and how to mend it), its header must be this sweep's, each line's index must belong to
    /// the shard and its parameter values must be the plan's at that index; a line cut off by
    /// a kill is dropped. The points already there are kept, the others solved, and the file
    /// ends up with exactly the bytes an uninterrupted run writes.
    pub fn write_csv(
        &self,
        path: impl AsRef<Path>,
        shard: Shard,
        resume: bool,
        control: &Control<'_>,
    ) -> Result<RunSummary, SweepError> {
        let path = path.as_ref();
        self.write_journal(path, path, shard, resume, control)
    }

    /// Refuses to resume `path` unless the settings recorded for `results` (the file the user
    /// named: `path` itself, or the Parquet file whose journal `path` is) are this run's, then
    /// records this run's settings.
    fn check_and_record_settings(
        &self,
        path: &Path,
        results: &Path,
        shard: Shard,
        resume: bool,
    ) -> Result<(), SweepError> {
        let settings = self.settings(shard);
        let refuse = |reason: String| SweepError::Resume {
            path: results.display().to_string(),
            reason,
        };
        let has_rows = std::fs::metadata(path).is_ok_and(|m| m.len() > 0);
        if resume && has_rows {
            match Settings::read_for(results)? {
                Some(recorded) => {
                    if let Some(why) = settings.refuse_resume(&recorded) {
                        return Err(refuse(why));
                    }
                }
                None => {
                    return Err(refuse(format!(
                        "it has no settings file {} beside it, so brink cannot tell which \
                         scenario, variant, parameters and plan its rows were computed with; \
                         put the settings file back, or start over without --resume",
                        settings_path(results).display()
                    )))
                }
            }
        }
        settings.write_for(results)
    }

    /// [`Sweep::write_csv`] to `path`, with the settings recorded for `results`.
    pub(crate) fn write_journal(
        &self,
        path: &Path,
        results: &Path,
        shard: Shard,
        resume: bool,
        control: &Control<'_>,
    ) -> Result<RunSummary, SweepError> {
        let io = |e: std::io::Error| SweepError::Io {
            path: path.display().to_string(),
            source: e,
        };
        self.check_and_record_settings(path, results, shard, resume)?;
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

/// What a merge did.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct MergeSummary {
    /// Rows written.
    pub rows: usize,
    /// The points of the sweep found in no input, as ranges `(first, last)` of indices (empty
    /// when every point is there, or when the inputs have no settings to say which exist).
    pub missing: Vec<(usize, usize)>,
    /// How many points are missing in all.
    pub missing_count: usize,
    /// Whether the inputs' settings were checked (false only for a partial merge of files
    /// without settings).
    pub checked: bool,
}

/// Merges CSV files of the shards `1/N` to `N/N` of one sweep into `output`, refusing an
/// incomplete set (see [`crate::merge`], which reads Parquet too). Returns the number of rows.
pub fn merge_csv(
    inputs: &[impl AsRef<Path>],
    output: impl AsRef<Path>,
) -> Result<usize, SweepError> {
    let output = output.as_ref();
    let mut sources = Vec::with_capacity(inputs.len());
    for input in inputs {
        let input = input.as_ref();
        let text = std::fs::read_to_string(input).map_err(|e| SweepError::Io {
            path: input.display().to_string(),
            source: e,
        })?;
        sources.push(MergeInput::read(input, text)?);
    }
    merge_texts(&sources, output, false, |merged| merged.write_for(output)).map(|s| s.rows)
}

/// One file to merge: its name, its text as CSV and its recorded settings.
pub(crate) struct MergeInput {
    pub name: String,
    pub text: String,
    pub settings: Option<Settings>,
}

impl MergeInput {
    /// The input `path` with its CSV text and the settings recorded beside it.
    pub(crate) fn read(path: &Path, text: String) -> Result<MergeInput, SweepError> {
        Ok(MergeInput {
            name: path.display().to_string(),
            text,
            settings: Settings::read_for(path)?,
        })
    }
}

/// Ranges of consecutive indices, `(first, last)`, from increasing indices; at most `limit`
/// ranges are collected.
fn ranges(indices: impl IntoIterator<Item = usize>, limit: usize) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for i in indices {
        let full = out.len() == limit;
        match out.last_mut() {
            Some((_, last)) if *last + 1 == i => *last = i,
            _ if full => break,
            _ => out.push((i, i)),
        }
    }
    out
}

/// The ranges of `0..len` not in `present` (increasing).
fn gaps(present: impl Iterator<Item = usize>, len: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut next = 0usize;
    for i in present.chain(std::iter::once(len)) {
        if i > next {
            out.push((next, i - 1));
        }
        next = i + 1;
    }
    out
}

/// Ranges of indices for people: `3, 7-9, 12`, at most `limit` ranges, then `and more`.
pub(crate) fn describe_ranges(ranges: &[(usize, usize)], limit: usize) -> String {
    let mut parts: Vec<String> = ranges
        .iter()
        .take(limit)
        .map(|&(a, b)| {
            if a == b {
                a.to_string()
            } else {
                format!("{a}-{b}")
            }
        })
        .collect();
    if ranges.len() > limit {
        parts.push("and more".into());
    }
    parts.join(", ")
}

/// Checks that the inputs' settings belong to one sweep and that its shards are all there
/// (the latter unless `partial`). Returns the merged file's settings (the whole plan), or
/// `None` when some input has none and `partial` allows going on without them.
fn check_inputs(inputs: &[MergeInput], partial: bool) -> Result<Option<Settings>, SweepError> {
    let refuse = |input: &MergeInput, reason: String| SweepError::Resume {
        path: input.name.clone(),
        reason,
    };
    if let Some(bare) = inputs.iter().find(|i| i.settings.is_none()) {
        if partial {
            return Ok(None);
        }
        return Err(refuse(
            bare,
            format!(
                "it has no settings file {} beside it, so brink cannot check that the files are \
                 shards of one sweep and that none is missing; copy each shard's .settings file \
                 beside it, or merge with --partial to skip these checks",
                settings_path(Path::new(&bare.name)).display()
            ),
        ));
    }
    let Some(first) = inputs.first() else {
        return Ok(None);
    };
    let Some(reference) = first.settings.clone() else {
        return Ok(None);
    };
    let mut seen: BTreeMap<usize, &str> = BTreeMap::new();
    for input in inputs {
        let Some(s) = &input.settings else { continue };
        if let Some((key, theirs, ours)) = s.difference(&reference, false) {
            return Err(refuse(
                input,
                format!(
                    "it is not a shard of the same sweep as {}: its {key} is `{ours}`, and \
                     `{theirs}` there; merge only the shards of one sweep",
                    first.name
                ),
            ));
        }
        if s.shard.n != reference.shard.n {
            return Err(refuse(
                input,
                format!(
                    "it is shard {}/{} and {} is shard {}/{}: merge the shards of one split",
                    s.shard.k, s.shard.n, first.name, reference.shard.k, reference.shard.n
                ),
            ));
        }
        if let Some(other) = seen.insert(s.shard.k, &input.name) {
            return Err(refuse(
                input,
                format!(
                    "it and {other} are both shard {}/{}; give each shard once",
                    s.shard.k, s.shard.n
                ),
            ));
        }
    }
    let n = reference.shard.n;
    let absent: Vec<String> = (1..=n)
        .filter(|k| !seen.contains_key(k))
        .map(|k| format!("{k}/{n}"))
        .collect();
    if !absent.is_empty() && !partial {
        return Err(SweepError::Plan(format!(
            "the sweep has {n} shards and shard {} {} not given; merge every shard, or give \
             --partial to merge what is there (the missing points are then listed)",
            absent.join(", "),
            if absent.len() == 1 { "is" } else { "are" }
        )));
    }
    Ok(Some(Settings {
        shard: Shard::ALL,
        ..reference
    }))
}

/// Merges CSV inputs into the CSV file `output`. Unless `partial`, the inputs must be every
/// shard of one sweep, each complete. `record` receives the merged file's settings when the
/// inputs had them.
pub(crate) fn merge_texts(
    inputs: &[MergeInput],
    output: impl AsRef<Path>,
    partial: bool,
    record: impl FnOnce(&Settings) -> Result<(), SweepError>,
) -> Result<MergeSummary, SweepError> {
    let output = output.as_ref();
    let merged = check_inputs(inputs, partial)?;
    let mut header: Option<&str> = None;
    let mut rows: BTreeMap<usize, &str> = BTreeMap::new();
    for input in inputs {
        let refuse = |reason: String| SweepError::Resume {
            path: input.name.clone(),
            reason,
        };
        let mut lines = input.text.lines();
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
        let shard = input.settings.as_ref().map(|s| (s.shard, s.points));
        let mut count = 0usize;
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
            if let Some((shard, points)) = shard {
                if index >= points || !shard.contains(index) {
                    return Err(refuse(format!(
                        "point {index} is not in shard {}/{} of a plan of {points} points",
                        shard.k, shard.n
                    )));
                }
            }
            if rows.insert(index, line).is_some() {
                return Err(refuse(format!("point {index} appears twice")));
            }
            count += 1;
        }
        if let (Some((shard, points)), false) = (shard, partial) {
            let expected = shard.count(points);
            if count < expected {
                let missing = ranges(shard.indices(points).filter(|i| !rows.contains_key(i)), 9);
                return Err(refuse(format!(
                    "shard {}/{} is incomplete: it has {count} of its {expected} points \
                     (missing: {}); finish it with the same brink sweep command and --resume, \
                     or merge with --partial",
                    shard.k,
                    shard.n,
                    describe_ranges(&missing, 8)
                )));
            }
        }
    }
    let Some(header) = header else {
        return Err(SweepError::Plan("no files to merge".into()));
    };
    let (missing, missing_count) = match &merged {
        Some(s) => {
            let present = rows.keys().copied().filter(|&i| i < s.points);
            (gaps(present, s.points), s.points.saturating_sub(rows.len()))
        }
        None => (Vec::new(), 0),
    };
    let io = |e: std::io::Error| SweepError::Io {
        path: output.display().to_string(),
        source: e,
    };
    if let Some(s) = &merged {
        record(s)?;
    }
    let mut out = BufWriter::new(File::create(output).map_err(io)?);
    writeln!(out, "{header}").map_err(io)?;
    for line in rows.values() {
        writeln!(out, "{line}").map_err(io)?;
    }
    out.flush().map_err(io)?;
    Ok(MergeSummary {
        rows: rows.len(),
        missing,
        missing_count,
        checked: merged.is_some(),
    })
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
