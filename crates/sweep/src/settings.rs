//! A sweep's settings, recorded beside its results file so that a resume or a merge never
//! mixes rows computed under different settings.
//!
//! The rows of a sweep depend on more than the columns of its header show: the scenario's
//! text, the variant, the values fixed with `--set`, the plan (grid, or sample size, seed and
//! ranges), the measures, the version of the solver and the shard. A file written under one
//! variant has the same header as a file written under another, so the header alone cannot
//! tell them apart. Every run therefore writes [`settings_path`] (`NAME.settings` beside
//! `NAME`) before its first row, and:
//!
//! - a resume compares its own settings with the recorded ones, line by line, and refuses the
//!   file at the first difference, naming the setting, both values and how to mend it;
//! - a merge requires every input's settings to agree except for the shard, and the shards
//!   `1/N` to `N/N` each complete, unless it is told to accept a partial set.
//!
//! The file is plain text, one `key = value` line per setting, so a person can read what a
//! sweep was run with.

use std::path::{Path, PathBuf};

use crate::plan::Shard;
use crate::run::Sweep;
use crate::SweepError;

/// The settings file of a results file: `path` with `.settings` appended.
pub fn settings_path(results: &Path) -> PathBuf {
    let mut name = results.as_os_str().to_owned();
    name.push(".settings");
    PathBuf::from(name)
}

/// Everything a sweep's rows depend on, as written in its settings file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    /// The version of brink that solved the points (another version may solve differently).
    pub brink: String,
    /// A fingerprint of the scenario's text and the text of every file it extends.
    pub scenario: String,
    /// The variant, `base` for none.
    pub variant: String,
    /// Every parameter the plan does not vary, with the value each point starts from
    /// (`name=value`, exact, in the scenario's order).
    pub parameters: String,
    /// The plan ([`crate::Plan::describe`]).
    pub plan: String,
    /// The extra measures, in column order, `none` for none.
    pub measures: String,
    /// The number of points of the whole plan.
    pub points: usize,
    /// The shard the file holds.
    pub shard: Shard,
}

/// The 64-bit FNV-1a hash of `bytes`, continuing from `state`. It is a fingerprint that
/// notices an edited file, not a cryptographic digest.
fn fnv1a(mut state: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        state ^= u64::from(b);
        state = state.wrapping_mul(0x0000_0100_0000_01b3);
    }
    state
}

/// A fingerprint of source texts: each text's length, then its bytes, so that no two lists of
/// texts run together into the same stream.
fn fingerprint<'a>(texts: impl IntoIterator<Item = &'a str>) -> String {
    let mut state = 0xcbf2_9ce4_8422_2325;
    for t in texts {
        state = fnv1a(state, &(t.len() as u64).to_le_bytes());
        state = fnv1a(state, t.as_bytes());
    }
    format!("fnv1a64:{state:016x}")
}

/// What a person changes to bring a run's setting in line with a file's.
fn mend(key: &str, recorded: &str) -> String {
    match key {
        "brink" => format!(
            "the file was solved by brink {recorded}, whose solver may give other rows: run \
             that version to resume it, or start over without --resume"
        ),
        "scenario" => "the scenario's text (or a file it extends) has changed since the file \
                       was written: restore it to resume, or start over without --resume"
            .into(),
        "variant" if recorded == brink_scenario::BASE => {
            "run without --variant to resume it, or start over without --resume".into()
        }
        "variant" => {
            format!("run with --variant {recorded} to resume it, or start over without --resume")
        }
        "parameters" => format!(
            "fix the parameters as then (with --set: {recorded}) to resume it, or start over \
             without --resume"
        ),
        "plan" => format!(
            "give the same plan as then ({recorded}: the same --vary, or --sample, --seed, \
             --lhs and --over) to resume it, or start over without --resume"
        ),
        "measures" => format!(
            "give the same --measure options as then ({recorded}) to resume it, or start over \
             without --resume"
        ),
        "shard" => format!("run with --shard {recorded} to resume it"),
        _ => "start over without --resume".into(),
    }
}

impl Settings {
    /// The settings as `(key, value)` pairs, in the file's order.
    fn entries(&self) -> Vec<(&'static str, String)> {
        vec![
            ("brink", self.brink.clone()),
            ("scenario", self.scenario.clone()),
            ("variant", self.variant.clone()),
            ("parameters", self.parameters.clone()),
            ("plan", self.plan.clone()),
            ("measures", self.measures.clone()),
            ("points", self.points.to_string()),
            ("shard", format!("{}/{}", self.shard.k, self.shard.n)),
        ]
    }

    /// The settings file's text for the results file named `results`.
    pub fn to_text(&self, results: &str) -> String {
        let mut out = format!(
            "# The settings of the sweep whose rows are in {results}, written by brink sweep.\n\
             # --resume and --merge compare them with theirs and refuse rows written otherwise.\n"
        );
        for (k, v) in self.entries() {
            // A value is one line: a line break would start another setting.
            out.push_str(&format!("{k} = {}\n", v.replace(['\n', '\r'], " ")));
        }
        out
    }

    /// Reads a settings file's text; `path` names it in errors, which give the line.
    pub fn parse(path: &Path, text: &str) -> Result<Settings, SweepError> {
        let refuse = |line: usize, reason: String| SweepError::Resume {
            path: format!("{}:{line}", path.display()),
            reason,
        };
        let mut found: Vec<(String, String, usize)> = Vec::new();
        for (k, line) in text.lines().enumerate() {
            let line_no = k + 1;
            let trimmed = line.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let Some((key, value)) = trimmed.split_once(" = ") else {
                return Err(refuse(
                    line_no,
                    "a setting is written `key = value`; this line is not (restore the file \
                     from the sweep that wrote it, or start over without --resume)"
                        .into(),
                ));
            };
            found.push((key.trim().to_string(), value.trim().to_string(), line_no));
        }
        let get = |key: &str| -> Result<(String, usize), SweepError> {
            found
                .iter()
                .find(|(k, _, _)| k == key)
                .map(|(_, v, l)| (v.clone(), *l))
                .ok_or_else(|| {
                    refuse(
                        found.last().map_or(1, |f| f.2),
                        format!(
                            "the setting `{key}` is missing (restore the file from the sweep \
                             that wrote it, or start over without --resume)"
                        ),
                    )
                })
        };
        let (points_text, points_line) = get("points")?;
        let points = points_text.parse::<usize>().map_err(|_| {
            refuse(
                points_line,
                format!("`points = {points_text}` is not a whole number"),
            )
        })?;
        let (shard_text, shard_line) = get("shard")?;
        let shard = Shard::parse(&shard_text).map_err(|e| refuse(shard_line, e.to_string()))?;
        Ok(Settings {
            brink: get("brink")?.0,
            scenario: get("scenario")?.0,
            variant: get("variant")?.0,
            parameters: get("parameters")?.0,
            plan: get("plan")?.0,
            measures: get("measures")?.0,
            points,
            shard,
        })
    }

    /// Reads the settings file of the results file `results`, `None` if there is none.
    pub fn read_for(results: &Path) -> Result<Option<Settings>, SweepError> {
        let path = settings_path(results);
        match std::fs::read_to_string(&path) {
            Ok(text) => Settings::parse(&path, &text).map(Some),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(SweepError::Io {
                path: path.display().to_string(),
                source: e,
            }),
        }
    }

    /// Writes the settings file of the results file `results` (to a temporary name first, so
    /// that a kill never leaves half of it).
    pub fn write_for(&self, results: &Path) -> Result<(), SweepError> {
        let path = settings_path(results);
        let mut temporary = path.as_os_str().to_owned();
        temporary.push(".tmp");
        let temporary = PathBuf::from(temporary);
        let io = |p: &Path| {
            let p = p.display().to_string();
            move |e: std::io::Error| SweepError::Io { path: p, source: e }
        };
        let name = results.file_name().map_or_else(
            || results.display().to_string(),
            |n| n.to_string_lossy().into(),
        );
        std::fs::write(&temporary, self.to_text(&name)).map_err(io(&temporary))?;
        std::fs::rename(&temporary, &path).map_err(io(&path))
    }

    /// The first setting in which `recorded` (a file's) and `self` (this run's) differ, as
    /// (key, recorded value, this run's value); the shard is compared only if `with_shard`.
    pub fn difference(
        &self,
        recorded: &Settings,
        with_shard: bool,
    ) -> Option<(&'static str, String, String)> {
        self.entries()
            .into_iter()
            .zip(recorded.entries())
            .filter(|((k, _), _)| with_shard || *k != "shard")
            .find(|((_, ours), (_, theirs))| ours != theirs)
            .map(|((k, ours), (_, theirs))| (k, theirs, ours))
    }

    /// Why a file recorded with `recorded` cannot be resumed by a run with `self`, if it
    /// cannot: the setting that differs, both values and how to mend it.
    pub fn refuse_resume(&self, recorded: &Settings) -> Option<String> {
        let (key, theirs, ours) = self.difference(recorded, true)?;
        Some(format!(
            "it was written with other settings: {key} was `{theirs}`, and is `{ours}` in this \
             run; {}",
            mend(key, &theirs)
        ))
    }
}

impl Sweep {
    /// This sweep's settings for shard `shard` ([`Settings`]).
    pub fn settings(&self, shard: Shard) -> Settings {
        let compiled = self.compiled();
        let varied = self.plan().params();
        let parameters: Vec<String> = compiled
            .params()
            .iter()
            .zip(self.base())
            .filter(|(p, _)| !varied.contains(&p.name))
            .map(|(p, v)| format!("{}={v}", p.name))
            .collect();
        let measures: Vec<String> = self.measures().iter().map(|m| m.to_string()).collect();
        Settings {
            brink: env!("CARGO_PKG_VERSION").to_string(),
            scenario: fingerprint(compiled.sources().iter().map(|f| f.text.as_str())),
            variant: compiled
                .variant()
                .unwrap_or(brink_scenario::BASE)
                .to_string(),
            parameters: if parameters.is_empty() {
                "none".into()
            } else {
                parameters.join(", ")
            },
            plan: self.plan().describe(),
            measures: if measures.is_empty() {
                "none".into()
            } else {
                measures.join("; ")
            },
            points: self.plan().len(),
            shard,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example() -> Settings {
        Settings {
            brink: "0.1.0".into(),
            scenario: fingerprint(["a = 1\n"]),
            variant: "base".into(),
            parameters: "stake=3, p=3/5".into(),
            plan: "grid q=0:1:3".into(),
            measures: "none".into(),
            points: 3,
            shard: Shard::ALL,
        }
    }

    #[test]
    fn settings_read_back_as_written() {
        let s = example();
        let text = s.to_text("out.csv");
        assert_eq!(Settings::parse(Path::new("x"), &text).expect("readable"), s);
    }

    #[test]
    fn a_missing_setting_is_named_with_its_file_and_line() {
        let text = example().to_text("out.csv").replace("variant = base\n", "");
        let err = Settings::parse(Path::new("out.csv.settings"), &text).expect_err("missing");
        let text = err.to_string();
        assert!(text.contains("out.csv.settings:"), "{text}");
        assert!(text.contains("`variant` is missing"), "{text}");
    }

    #[test]
    fn the_fingerprint_tells_texts_apart_however_they_are_split() {
        assert_ne!(fingerprint(["ab", "c"]), fingerprint(["a", "bc"]));
        assert_ne!(fingerprint(["a = 1\n"]), fingerprint(["a = 2\n"]));
        assert_eq!(fingerprint(["a = 1\n"]), fingerprint(["a = 1\n"]));
    }
}
