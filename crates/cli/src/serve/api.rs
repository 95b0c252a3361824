//! The JSON API's requests and answers, without HTTP: each endpoint is a function from a
//! request to a body or an [`ApiError`], computed with the same code as the command it mirrors
//! (`analyze --json`, `draw --solve`, `map`).

use std::collections::VecDeque;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};

use brink_report::{draw_tree, TreeDrawing};
use brink_scenario::{Answer, DiagnosticJson, Scenario};
use miette::Report;
use serde::Serialize;
use serde_json::Value;

use super::catalog::{shown, Catalog};
use crate::input::{report_text, scenario_errors_text};

/// The longest value text a request may give a parameter. Exact arithmetic on a number of
/// thousands of digits is slow; a slider never sends one.
pub const LONGEST_VALUE: usize = 40;

/// The most parameter settings one request may carry.
pub const MOST_SETTINGS: usize = 100;

/// The most points a map request may ask for (over both axes); the CLI's default map is
/// 41 × 41 = 1,681 points.
pub const MOST_MAP_POINTS: usize = 1_681;

/// Points per axis of a map when the request does not say.
pub const DEFAULT_MAP_STEPS: usize = 21;

/// The largest tree drawn whole; bigger ones are summarised, as `brink draw` does by default.
const DRAW_COLLAPSE: usize = 400;

/// A refused request: the HTTP status, the text the command line would print, and the
/// scenario's diagnostics as `--json` records when there are any.
#[derive(Debug, Serialize)]
pub struct ApiError {
    #[serde(skip)]
    pub status: u16,
    pub error: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub diagnostics: Vec<DiagnosticJson>,
}

impl ApiError {
    /// A bad request (400) with `message`.
    pub fn bad(message: impl Into<String>) -> ApiError {
        ApiError {
            status: 400,
            error: message.into(),
            diagnostics: Vec::new(),
        }
    }

    /// A bad request from a scenario's diagnostics, worded as the CLI words them.
    fn diagnostics(diagnostics: &[brink_scenario::Diagnostic]) -> ApiError {
        ApiError {
            status: 400,
            error: scenario_errors_text(diagnostics),
            diagnostics: diagnostics.iter().map(|d| d.to_json()).collect(),
        }
    }

    /// A bad request from a CLI error report (map axes, measures).
    fn report(report: &Report) -> ApiError {
        ApiError::bad(report_text(report))
    }
}

/// Which scenario, variant and parameter values a request is about.
#[derive(Debug, Default, PartialEq)]
pub struct Setting {
    pub scenario: String,
    /// `None` for the base.
    pub variant: Option<String>,
    /// `(name, value)` as `--set name=value` gives them.
    pub sets: Vec<(String, String)>,
}

/// The extra fields of a map request.
#[derive(Debug, Default, PartialEq)]
pub struct MapAxes {
    /// The horizontal parameter, written as `brink map --x` takes it.
    pub x: String,
    pub y: String,
    /// Points per axis.
    pub steps: usize,
}

impl Setting {
    /// Reads a query string's pairs: `scenario`, `variant`, and `set=NAME=VALUE` (repeatable),
    /// the words of the command line. `extra` names further keys the endpoint reads itself;
    /// they are returned. Any other key is refused, so a misspelt one is not silently ignored.
    pub fn from_query(
        pairs: &[(String, String)],
        extra: &[&str],
    ) -> Result<(Setting, Vec<(String, String)>), ApiError> {
        let mut setting = Setting::default();
        let mut scenario = None;
        let mut rest = Vec::new();
        for (key, value) in pairs {
            match key.as_str() {
                "scenario" => scenario = Some(value.clone()),
                "variant" => setting.variant = Some(value.clone()),
                "set" => match value.split_once('=') {
                    Some((name, v)) if !name.trim().is_empty() => setting
                        .sets
                        .push((name.trim().to_string(), v.trim().to_string())),
                    _ => {
                        return Err(ApiError::bad(format!(
                            "cannot read `set={}`: write it as set=NAME=VALUE, for example \
                             set=p_resolute=0.4",
                            shown(value)
                        )))
                    }
                },
                k if extra.contains(&k) => rest.push((key.clone(), value.clone())),
                _ => {
                    let mut known = vec!["scenario", "variant", "set"];
                    known.extend_from_slice(extra);
                    return Err(ApiError::bad(format!(
                        "unknown query key `{}`; the keys are: {}",
                        shown(key),
                        known.join(", ")
                    )));
                }
            }
        }
        setting.scenario = scenario
            .ok_or_else(|| ApiError::bad("the request names no scenario (scenario=NAME)"))?;
        setting.check()?;
        Ok((setting, rest))
    }

    /// Reads a JSON body `{"scenario": NAME, "variant": NAME, "set": {NAME: VALUE, ...}}`;
    /// a value is a number, a string (`"1/3"`) or a boolean.
    pub fn from_json(body: &[u8]) -> Result<Setting, ApiError> {
        let value: Value = serde_json::from_slice(body)
            .map_err(|e| ApiError::bad(format!("malformed JSON: {e}")))?;
        let Value::Object(fields) = value else {
            return Err(ApiError::bad(
                "the body must be a JSON object: {\"scenario\": ..., \"variant\": ..., \"set\": {...}}",
            ));
        };
        let mut setting = Setting::default();
        for (key, value) in fields {
            match (key.as_str(), value) {
                ("scenario", Value::String(s)) => setting.scenario = s,
                ("variant", Value::String(s)) => setting.variant = Some(s),
                ("variant", Value::Null) => {}
                ("set", Value::Object(sets)) => {
                    for (name, v) in sets {
                        let text = match v {
                            Value::Number(n) => n.to_string(),
                            Value::String(s) => s,
                            Value::Bool(b) => b.to_string(),
                            other => {
                                return Err(ApiError::bad(format!(
                                    "the value of `{}` must be a number, a string or a boolean, \
                                     not {other}",
                                    shown(&name)
                                )))
                            }
                        };
                        setting.sets.push((name, text));
                    }
                }
                ("scenario" | "variant" | "set", other) => {
                    return Err(ApiError::bad(format!(
                        "`{key}` has the wrong type: {}",
                        crate::excerpt::shorten(&other.to_string())
                    )))
                }
                _ => {
                    return Err(ApiError::bad(format!(
                        "unknown field `{}`; the fields are: scenario, variant, set",
                        shown(&key)
                    )))
                }
            }
        }
        if setting.scenario.is_empty() {
            return Err(ApiError::bad(
                "the request names no scenario (\"scenario\": NAME)",
            ));
        }
        setting.check()?;
        Ok(setting)
    }

    /// Bounds on what a request may carry, checked before any work.
    fn check(&self) -> Result<(), ApiError> {
        if self.sets.len() > MOST_SETTINGS {
            return Err(ApiError::bad(format!(
                "{} parameter settings in one request; at most {MOST_SETTINGS} are read",
                self.sets.len()
            )));
        }
        for (name, value) in &self.sets {
            if value.chars().count() > LONGEST_VALUE {
                return Err(ApiError::bad(format!(
                    "the value of `{}` is {} characters long; at most {LONGEST_VALUE} are read \
                     (write large or precise numbers as a fraction or with an exponent, \
                     e.g. 1/3 or 2.5e6)",
                    shown(name),
                    value.chars().count()
                )));
            }
        }
        Ok(())
    }

    /// The variant as the request names it (`base` is the base, as with `--variant base`).
    fn variant(&self) -> Option<&str> {
        self.variant.as_deref()
    }

    /// The scenario the request names, from the catalogue.
    fn scenario<'a>(&self, catalog: &'a Catalog) -> Result<&'a Scenario, ApiError> {
        catalog.get(&self.scenario).map_err(ApiError::bad)
    }
}

impl MapAxes {
    /// Reads `x`, `y` and `n` (points per axis) from the pairs [`Setting::from_query`] left.
    pub fn from_pairs(pairs: &[(String, String)]) -> Result<MapAxes, ApiError> {
        let mut axes = MapAxes {
            steps: DEFAULT_MAP_STEPS,
            ..MapAxes::default()
        };
        for (key, value) in pairs {
            match key.as_str() {
                "x" => axes.x = value.clone(),
                "y" => axes.y = value.clone(),
                "n" => {
                    axes.steps = value.trim().parse().map_err(|_| {
                        ApiError::bad(format!(
                            "n must be a whole number of points per axis, not `{}`",
                            shown(value)
                        ))
                    })?
                }
                _ => {}
            }
        }
        if axes.x.is_empty() || axes.y.is_empty() {
            return Err(ApiError::bad(
                "a map needs two parameters: x=NAME and y=NAME (or NAME=LOW:HIGH, as brink map \
                 takes them)",
            ));
        }
        Ok(axes)
    }
}

/// How many recent answers are kept: the page asks for the answer and then the tree of the
/// same settings, and a slider moved back and forth revisits a few.
const RECENT_ANSWERS: usize = 32;

/// The scenarios and the answers recently computed from them, by their exact settings.
pub struct Answers {
    catalog: Catalog,
    recent: Mutex<VecDeque<(SettingKey, Arc<Answer>)>>,
}

/// A request's settings as given (the same text in the same order is the same answer).
type SettingKey = (String, Option<String>, Vec<(String, String)>);

impl Answers {
    pub fn new(catalog: Catalog) -> Answers {
        Answers {
            catalog,
            recent: Mutex::new(VecDeque::new()),
        }
    }

    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// The answer for `setting`, solved or recalled. Refusals are not kept: they are quick.
    fn answer(&self, setting: &Setting) -> Result<Arc<Answer>, ApiError> {
        let key = (
            setting.scenario.clone(),
            setting.variant.clone(),
            setting.sets.clone(),
        );
        // A poisoned lock only means another request panicked while holding it; the list
        // itself is always whole, so it is used as it is.
        let recalled = {
            let recent = self.recent.lock().unwrap_or_else(|p| p.into_inner());
            recent
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, a)| a.clone())
        };
        if let Some(answer) = recalled {
            return Ok(answer);
        }
        let scenario = setting.scenario(&self.catalog)?;
        let answer = Arc::new(
            brink_scenario::analyze(scenario, setting.variant(), &setting.sets)
                .map_err(|d| ApiError::diagnostics(&d))?,
        );
        let mut recent = self.recent.lock().unwrap_or_else(|p| p.into_inner());
        if recent.len() == RECENT_ANSWERS {
            recent.pop_front();
        }
        recent.push_back((key, answer.clone()));
        Ok(answer)
    }
}

/// `/api/analyze`: the answer, exactly as `brink analyze --json` prints it.
pub fn analyze(answers: &Answers, setting: &Setting) -> Result<Value, ApiError> {
    let answer = answers.answer(setting)?;
    serde_json::to_value(&*answer)
        .map_err(|e| ApiError::bad(format!("cannot write the answer as JSON: {e}")))
}

/// `/api/tree`: the tree with its equilibrium, the SVG `brink draw --solve` writes.
pub fn tree(answers: &Answers, setting: &Setting) -> Result<String, ApiError> {
    let answer = answers.answer(setting)?;
    let (tree, behavior) =
        crate::draw_cmd::answer_drawing(&answer).map_err(|e| ApiError::report(&e))?;
    let options = TreeDrawing {
        behavior,
        collapse_above: DRAW_COLLAPSE,
        ..TreeDrawing::default()
    };
    Ok(draw_tree(&tree, &options))
}

/// `/api/map`: the deterrence map over two parameters, the SVG `brink map` writes. A raised
/// `stop` (the client went away) ends it between points.
pub fn map(
    catalog: &Catalog,
    setting: &Setting,
    axes: &MapAxes,
    stop: Arc<AtomicBool>,
) -> Result<String, ApiError> {
    if axes.steps < 2 || axes.steps.saturating_mul(axes.steps) > MOST_MAP_POINTS {
        return Err(ApiError::bad(format!(
            "n={} points per axis: a map has from 2 × 2 to {MOST_MAP_POINTS} points",
            axes.steps
        )));
    }
    let scenario = setting.scenario(catalog)?;
    let compiled = scenario
        .compile(setting.variant())
        .map_err(|d| ApiError::diagnostics(&[*d]))?;
    let base = compiled
        .param_values(&setting.sets)
        .map_err(|d| ApiError::diagnostics(&d))?;
    let prepared = crate::sweep_cmd::Prepared {
        scenario: scenario.clone(),
        compiled: Arc::new(compiled),
        base,
    };
    let report = |e: Report| ApiError::report(&e);
    // An axis written NAME=LOW:HIGH:N carries its own count; the point limit holds for it too.
    let x = crate::sweep_cmd::axis(&axes.x, axes.steps, &prepared.compiled).map_err(report)?;
    let y = crate::sweep_cmd::axis(&axes.y, axes.steps, &prepared.compiled).map_err(report)?;
    let points = x.steps.saturating_mul(y.steps);
    if points > MOST_MAP_POINTS {
        return Err(ApiError::bad(format!(
            "the map would have {points} points; at most {MOST_MAP_POINTS} are drawn"
        )));
    }
    let run = crate::map_cmd::MapRun {
        progress: false,
        stop: Some(stop),
    };
    crate::map_cmd::map_svg(&prepared, x, y, None, None, &run).map_err(report)
}

/// Grid points per parameter for claims over several parameters: `brink claims`'s default.
const CLAIM_POINTS: usize = 11;

/// `/api/claims`: the verdicts on the claims written in the scenario's file, as
/// `brink claims FILE --json` prints them. Claims are about the scenario as written, so a
/// variant or parameter values in the request are refused rather than ignored.
pub fn claims(
    catalog: &Catalog,
    setting: &Setting,
    stop: Arc<AtomicBool>,
) -> Result<Value, ApiError> {
    if setting.variant.is_some() || !setting.sets.is_empty() {
        return Err(ApiError::bad(
            "claims are checked on the scenario as written, each over its own ranges and \
             variants; ask with scenario=NAME alone",
        ));
    }
    let path = catalog.path(&setting.scenario).map_err(ApiError::bad)?;
    let control = brink_sweep::Control {
        stop: Some(stop),
        progress: None,
    };
    let checked = crate::claims_cmd::check_all(path, CLAIM_POINTS, &control)
        .map_err(|e| ApiError::report(&e))?;
    Ok(Value::Array(crate::claims_cmd::claims_json(&checked)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(text: &[(&str, &str)]) -> Vec<(String, String)> {
        text.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn a_query_reads_like_the_command_line() {
        let (setting, rest) = Setting::from_query(
            &pairs(&[
                ("scenario", "latvia"),
                ("variant", "tripwire"),
                ("set", "p_resolute=0.15"),
                ("x", "stake"),
            ]),
            &["x"],
        )
        .expect("a good query");
        assert_eq!(setting.scenario, "latvia");
        assert_eq!(setting.variant(), Some("tripwire"));
        assert_eq!(setting.sets, pairs(&[("p_resolute", "0.15")]));
        assert_eq!(rest, pairs(&[("x", "stake")]));
    }

    #[test]
    fn unknown_keys_unreadable_settings_and_long_values_are_refused() {
        let refused = |p: &[(&str, &str)]| {
            Setting::from_query(&pairs(p), &[])
                .expect_err("refused")
                .error
        };
        assert!(refused(&[("scenario", "a"), ("sett", "x=1")]).contains("unknown query key `sett`"));
        assert!(refused(&[("scenario", "a"), ("set", "x")]).contains("set=NAME=VALUE"));
        assert!(refused(&[("variant", "a")]).contains("names no scenario"));
        let long = format!("x={}", "9".repeat(LONGEST_VALUE + 1));
        assert!(refused(&[("scenario", "a"), ("set", &long)]).contains("characters long"));
    }

    #[test]
    fn a_json_body_takes_numbers_strings_and_booleans() {
        let setting = Setting::from_json(
            br#"{"scenario": "latvia", "variant": null, "set": {"a": 0.25, "b": "1/3", "c": true}}"#,
        )
        .expect("a good body");
        assert_eq!(setting.variant, None);
        assert_eq!(
            setting.sets,
            pairs(&[("a", "0.25"), ("b", "1/3"), ("c", "true")])
        );
        let refused = |body: &str| {
            Setting::from_json(body.as_bytes())
                .expect_err("refused")
                .error
        };
        assert!(refused("{\"scenario\": ").starts_with("malformed JSON"));
        assert!(refused("[1]").contains("must be a JSON object"));
        assert!(refused(r#"{"scenario": 3}"#).contains("wrong type"));
        assert!(refused(r#"{"scenario": "a", "set": {"x": [1]}}"#).contains("must be a number"));
        assert!(refused(r#"{"scenario": "a", "sets": {}}"#).contains("unknown field `sets`"));
        // A number beyond a double's range is not read as infinity.
        assert!(refused(r#"{"scenario": "a", "set": {"x": 1e400}}"#).starts_with("malformed JSON"));
    }
}
