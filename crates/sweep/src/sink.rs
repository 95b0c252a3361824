//! Where a sweep's rows go: a CSV file, or a Parquet file (with the `parquet` feature), chosen
//! by the output's extension.
//!
//! A Parquet file cannot be appended to the way a CSV file can (its index of row groups sits
//! in a footer written last), so a Parquet sweep keeps a CSV journal beside the output,
//! `NAME.parquet.partial.csv`, with every guarantee of the CSV sink: flushed after each batch,
//! cut lines dropped and gaps refilled on resume, one byte sequence whatever the threads,
//! batches, stops or resumes. When the shard is complete the journal is converted to Parquet
//! (written to a temporary name, then renamed) and removed. A killed or stopped sweep
//! therefore loses no finished point, and `--resume` continues from the journal; resuming a
//! finished Parquet file reads it back into a journal first, so it is checked against the plan
//! and completed like a CSV file. The Parquet bytes are a function of the journal's, so they
//! share its independence of threads, batches, shards and resumes.

use std::path::{Path, PathBuf};

use crate::csv::{MergeInput, MergeSummary, RunSummary};
use crate::plan::Shard;
use crate::run::{Control, Sweep};
use crate::settings::Settings;
use crate::SweepError;

/// Whether this build writes and reads Parquet (the crate's `parquet` feature).
pub const PARQUET_SUPPORTED: bool = cfg!(feature = "parquet");

/// The format of a results file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Format {
    /// Comma-separated values (`.csv`).
    Csv,
    /// Apache Parquet (`.parquet`), written only with the `parquet` feature.
    Parquet,
}

impl Format {
    /// The format a file name's extension asks for (case-insensitive), `None` for any other.
    pub fn of(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "csv" => Some(Format::Csv),
            "parquet" => Some(Format::Parquet),
            _ => None,
        }
    }
}

/// The CSV journal a Parquet sweep to `path` writes as it goes: `path` with
/// `.partial.csv` appended.
pub fn journal_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".partial.csv");
    PathBuf::from(name)
}

/// The error for a `.parquet` file in a build without the `parquet` feature.
pub(crate) fn unsupported(path: &Path) -> SweepError {
    SweepError::Parquet {
        path: path.display().to_string(),
        reason: "this build has no Parquet support (build with the `parquet` feature) \
                 — or write .csv"
            .into(),
    }
}

#[cfg(feature = "parquet")]
use crate::parquet_sink::{csv_text_of, csv_to_parquet};

/// Without the `parquet` feature no Parquet file can be read.
#[cfg(not(feature = "parquet"))]
fn csv_text_of(path: &Path) -> Result<String, SweepError> {
    Err(unsupported(path))
}

/// Without the `parquet` feature no Parquet file can be written.
#[cfg(not(feature = "parquet"))]
fn csv_to_parquet(_journal: &Path, path: &Path) -> Result<usize, SweepError> {
    Err(unsupported(path))
}

/// The format of `path`, or an error naming the extensions understood.
pub(crate) fn format_of(path: &Path) -> Result<Format, SweepError> {
    Format::of(path).ok_or_else(|| {
        SweepError::Plan(format!(
            "{}: results are written as .csv or .parquet; end the file name with one of them",
            path.display()
        ))
    })
}

impl Sweep {
    /// Solves the shard and writes it to `path` as CSV ([`Sweep::write_csv`]) or Parquet
    /// ([`Sweep::write_parquet`]), by the extension.
    pub fn write_results(
        &self,
        path: impl AsRef<Path>,
        shard: Shard,
        resume: bool,
        control: &Control<'_>,
    ) -> Result<RunSummary, SweepError> {
        let path = path.as_ref();
        match format_of(path)? {
            Format::Csv => self.write_csv(path, shard, resume, control),
            Format::Parquet => self.write_parquet(path, shard, resume, control),
        }
    }

    /// Solves the shard and writes it to `path` as Parquet: the columns of the CSV
    /// ([`Sweep::header`]) with `index` and `equilibria` as 64-bit integers, the parameters
    /// and values as optional doubles (null where the CSV field is empty), `status`,
    /// `outcome_class` and `message` as UTF-8 strings.
    ///
    /// The rows go first to the CSV journal [`journal_path`]; a stopped run leaves it there
    /// (and no Parquet file) and `resume` continues it. A complete shard is converted to
    /// Parquet and the journal removed. Without `resume`, an existing file at `path` is
    /// removed before the run starts. With `resume` and no journal, an existing Parquet file
    /// is read back, checked against this sweep like a CSV file and completed.
    pub fn write_parquet(
        &self,
        path: impl AsRef<Path>,
        shard: Shard,
        resume: bool,
        control: &Control<'_>,
    ) -> Result<RunSummary, SweepError> {
        let path = path.as_ref();
        if !PARQUET_SUPPORTED {
            return Err(unsupported(path));
        }
        let journal = journal_path(path);
        let io = |p: &Path| {
            let p = p.display().to_string();
            move |e: std::io::Error| SweepError::Io { path: p, source: e }
        };
        let mut from_finished = false;
        if resume {
            if !journal.exists() && path.exists() {
                let text = csv_text_of(path)?;
                std::fs::write(&journal, text).map_err(io(&journal))?;
                from_finished = true;
            }
        } else if path.exists() {
            std::fs::remove_file(path).map_err(io(path))?;
        }
        let summary = match self.write_journal(&journal, path, shard, resume, control) {
            Ok(s) => s,
            Err(e) => {
                // A journal made from the Parquet file only for this check is not left
                // behind; the error names the file the user gave.
                if from_finished {
                    let _ = std::fs::remove_file(&journal);
                }
                return Err(match e {
                    SweepError::Resume { reason, .. } if from_finished => SweepError::Resume {
                        path: path.display().to_string(),
                        reason,
                    },
                    e => e,
                });
            }
        };
        if summary.stopped {
            return Ok(summary);
        }
        csv_to_parquet(&journal, path)?;
        std::fs::remove_file(&journal).map_err(io(&journal))?;
        Ok(summary)
    }
}

/// Merges the results files of shards of one sweep into `output`, each file CSV or Parquet by
/// its extension (Parquet with the `parquet` feature only): the headers must agree, the rows
/// are ordered by index, and an index found twice is an error. Merging the shards `1/N` to
/// `N/N` gives the bytes of the unsharded file in either format, and its settings file;
/// merging one file converts it.
///
/// Each input's settings file ([`crate::settings_path`]) must be there and agree with the
/// others' except for the shard. Unless `partial`, every shard must be given and complete:
/// the error names the missing shard or the incomplete file and its missing points. With
/// `partial`, what is there is merged and [`MergeSummary::missing`] says what is not; the
/// merged file's settings are those of the whole sweep, so resuming it with the unsharded
/// command solves the missing points.
pub fn merge(
    inputs: &[impl AsRef<Path>],
    output: impl AsRef<Path>,
    partial: bool,
) -> Result<MergeSummary, SweepError> {
    let output = output.as_ref();
    let out_format = format_of(output)?;
    let mut sources = Vec::with_capacity(inputs.len());
    for input in inputs {
        let input = input.as_ref();
        let text = match format_of(input)? {
            Format::Csv => std::fs::read_to_string(input).map_err(|e| SweepError::Io {
                path: input.display().to_string(),
                source: e,
            })?,
            Format::Parquet => csv_text_of(input)?,
        };
        sources.push(MergeInput::read(input, text)?);
    }
    let record = |s: &Settings| s.write_for(output);
    match out_format {
        Format::Csv => crate::csv::merge_texts(&sources, output, partial, record),
        Format::Parquet => {
            if !PARQUET_SUPPORTED {
                return Err(unsupported(output));
            }
            // The merged CSV goes to a file beside the output, then to Parquet. It is not the
            // output's sweep journal, which may hold a stopped sweep's points.
            let mut journal = output.as_os_str().to_owned();
            journal.push(".merging.csv");
            let journal = PathBuf::from(journal);
            let summary = crate::csv::merge_texts(&sources, &journal, partial, record)?;
            csv_to_parquet(&journal, output)?;
            std::fs::remove_file(&journal).map_err(|e| SweepError::Io {
                path: journal.display().to_string(),
                source: e,
            })?;
            Ok(summary)
        }
    }
}
