//! The scenarios a server offers: read once, at start, from the paths on the command line.
//!
//! A request names a scenario by its catalogue name, never by a path, so no request can make
//! the server read a file: `../../etc/passwd` is simply a name the catalogue does not hold.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use brink_game::{rational_to_f64, Rational};
use brink_scenario::{Param, Scenario, BASE};
use miette::{miette, Report};
use serde::Serialize;

use crate::input::{is_scenario, scenario_errors};

/// The loaded scenarios by name, in name order, with the file each was read from.
pub struct Catalog {
    scenarios: BTreeMap<String, (Scenario, PathBuf)>,
}

/// What loading a directory left out: files that are not scenarios (claims files) or do not
/// load, with the first line of the reason.
pub struct Skipped {
    pub path: PathBuf,
    pub reason: String,
}

impl Catalog {
    /// Loads every path: a file is one scenario, named by its stem (it must load); a directory
    /// gives every `.toml` file below it that loads as a scenario, named by its path relative
    /// to the directory without `.toml` (`models/chicken`). Two scenarios with one name are an
    /// error, since a request could not tell them apart.
    pub fn load(paths: &[PathBuf]) -> Result<(Catalog, Vec<Skipped>), Report> {
        let mut scenarios: BTreeMap<String, (Scenario, PathBuf)> = BTreeMap::new();
        let mut skipped = Vec::new();
        for path in paths {
            if !path.exists() {
                return Err(miette!(
                    help = "name scenario files (.toml) or directories of them; without a path, \
                            brink serve reads scenarios/ in the current directory",
                    "cannot read {}: no such file or directory",
                    path.display()
                ));
            }
            let found = if path.is_dir() {
                let mut files = Vec::new();
                toml_files(path, &mut files)?;
                let mut found = Vec::new();
                for file in files {
                    match brink_scenario::load(&file) {
                        Ok(s) => found.push((name_below(path, &file), s, file)),
                        Err(diagnostics) => skipped.push(Skipped {
                            reason: diagnostics
                                .first()
                                .map(|d| d.message.clone())
                                .unwrap_or_default(),
                            path: file,
                        }),
                    }
                }
                found
            } else {
                if !is_scenario(path) {
                    return Err(miette!(
                        help = "give scenario files (.toml) or directories of them",
                        "{} is not a scenario file (.toml)",
                        path.display()
                    ));
                }
                let scenario = brink_scenario::load(path).map_err(scenario_errors)?;
                let name = path
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default();
                vec![(name, scenario, path.clone())]
            };
            for (name, scenario, file) in found {
                if let Some((_, earlier)) = scenarios.get(&name) {
                    return Err(miette!(
                        help = "serve one of them, or put them in different directories",
                        "two scenarios would both be called `{name}`: {} and {}",
                        earlier.display(),
                        file.display()
                    ));
                }
                scenarios.insert(name, (scenario, file));
            }
        }
        if scenarios.is_empty() {
            return Err(miette!(
                help = "give scenario files (.toml) or directories holding them",
                "no scenario to serve"
            ));
        }
        Ok((Catalog { scenarios }, skipped))
    }

    /// How many scenarios there are.
    pub fn len(&self) -> usize {
        self.scenarios.len()
    }

    /// The scenario called `name`; an unknown name gets the list of known ones.
    pub fn get(&self, name: &str) -> Result<&Scenario, String> {
        self.entry(name).map(|(s, _)| s)
    }

    /// The file the scenario called `name` was read from at start (its claims are checked
    /// from it, as `brink claims FILE` checks them).
    pub fn path(&self, name: &str) -> Result<&Path, String> {
        self.entry(name).map(|(_, p)| p.as_path())
    }

    fn entry(&self, name: &str) -> Result<&(Scenario, PathBuf), String> {
        self.scenarios.get(name).ok_or_else(|| {
            let names: Vec<&str> = self.scenarios.keys().map(String::as_str).collect();
            format!(
                "no scenario is called `{}`; the scenarios served are: {}",
                shown(name),
                names.join(", ")
            )
        })
    }

    /// Every scenario with its variants and their parameters (`GET /api/scenarios`).
    pub fn listing(&self) -> Listing {
        Listing {
            scenarios: self
                .scenarios
                .iter()
                .map(|(name, (s, _))| ScenarioEntry::of(name, s))
                .collect(),
        }
    }
}

/// A name from a request, cut short if it is long, for error messages.
pub fn shown(name: &str) -> String {
    crate::excerpt::shorten(&name.chars().take(200).collect::<String>())
}

/// The `.toml` files below `dir`, in path order.
fn toml_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), Report> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| miette!("cannot read the directory {}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            toml_files(&path, out)?;
        } else if is_scenario(&path) {
            out.push(path);
        }
    }
    Ok(())
}

/// `file`'s path below `dir`, with `/` between parts and without `.toml`.
fn name_below(dir: &Path, file: &Path) -> String {
    let relative = file.strip_prefix(dir).unwrap_or(file).with_extension("");
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// The answer of `GET /api/scenarios`.
#[derive(Serialize)]
pub struct Listing {
    pub scenarios: Vec<ScenarioEntry>,
}

/// One scenario as the page needs it to build its controls.
#[derive(Serialize)]
pub struct ScenarioEntry {
    /// The name requests use.
    pub name: String,
    pub title: String,
    pub about: String,
    /// `base` first, then the scenario's variants in file order, each with its parameters.
    pub variants: Vec<VariantEntry>,
    /// How many claims the scenario file makes (`/api/claims` checks them).
    pub claims: usize,
}

#[derive(Serialize)]
pub struct VariantEntry {
    pub name: String,
    pub about: String,
    pub params: Vec<ParamEntry>,
}

/// A parameter with its value in this variant; numbers as `{exact, value}` like the answer's.
#[derive(Serialize)]
pub struct ParamEntry {
    pub name: String,
    pub about: String,
    pub boolean: bool,
    pub value: Number,
    /// The declared range, `[low, high]`, or `null` when the scenario states none.
    pub range: Option<[Number; 2]>,
}

/// An exact number and its nearest double, as in `brink analyze --json`.
#[derive(Serialize)]
pub struct Number {
    pub exact: String,
    pub value: f64,
}

impl Number {
    fn of(r: &Rational) -> Number {
        Number {
            exact: r.to_string(),
            value: rational_to_f64(r),
        }
    }
}

impl ScenarioEntry {
    fn of(name: &str, s: &Scenario) -> ScenarioEntry {
        let params = |variant: Option<&str>| -> Vec<ParamEntry> {
            s.variant_params(variant)
                .map(|ps| ps.iter().map(ParamEntry::of).collect())
                .unwrap_or_default()
        };
        let mut variants = vec![VariantEntry {
            name: BASE.to_string(),
            about: "the scenario as written, without a variant".to_string(),
            params: params(None),
        }];
        for v in &s.variants {
            variants.push(VariantEntry {
                name: v.name.clone(),
                about: v.about.clone(),
                params: params(Some(&v.name)),
            });
        }
        ScenarioEntry {
            name: name.to_string(),
            title: s.title.clone(),
            about: s.about.clone(),
            variants,
            claims: s.claims.len(),
        }
    }
}

impl ParamEntry {
    fn of(p: &Param) -> ParamEntry {
        ParamEntry {
            name: p.name.clone(),
            about: p.about.clone(),
            boolean: p.boolean,
            value: Number::of(&p.default),
            range: p
                .range
                .as_ref()
                .map(|(lo, hi)| [Number::of(lo), Number::of(hi)]),
        }
    }
}
