//! Reading inputs, with errors rendered against the source text.

use std::path::Path;

use brink_game::Game;
use miette::{miette, LabeledSpan, NamedSource, Report};

/// Reads a Gambit game file; a parse error is shown with the offending line underlined.
pub fn read_game(path: &Path) -> Result<Game, Report> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| miette!("cannot read {}: {e}", path.display()))?;
    brink_formats::read_game(&text).map_err(|e| {
        let (offset, len) = e.span();
        let mut labels = vec![LabeledSpan::at(offset..offset + len, "here")];
        if let Some((offset, len)) = e.earlier_span() {
            labels.push(LabeledSpan::at(offset..offset + len, "first defined here"));
        }
        let report = miette!(
            labels = labels,
            help = e.hint().to_string(),
            "{}:{}:{}: {}",
            path.display(),
            e.line(),
            e.column(),
            e.message()
        );
        report.with_source_code(NamedSource::new(path.display().to_string(), text))
    })
}

/// Renders a scenario's diagnostics as one report, each with its source snippet.
pub fn scenario_errors(diagnostics: Vec<brink_scenario::Diagnostic>) -> Report {
    let count = diagnostics.iter().filter(|d| d.is_error()).count();
    for d in &diagnostics {
        eprintln!("{:?}", scenario_diagnostic(d));
    }
    miette!(
        "the scenario has {count} error{}; nothing was solved",
        if count == 1 { "" } else { "s" }
    )
}

fn scenario_diagnostic(d: &brink_scenario::Diagnostic) -> Report {
    let mut diagnostic = miette::MietteDiagnostic::new(match d.location() {
        Some((file, line, column)) => format!("{file}:{line}:{column}: {}", d.message),
        None => d.message.clone(),
    })
    .with_code(d.code);
    if let Some(hint) = &d.hint {
        diagnostic = diagnostic.with_help(hint.clone());
    }
    let mut labels = Vec::new();
    if let Some(span) = &d.span {
        labels.push(LabeledSpan::at(span.clone(), "here"));
    }
    for label in &d.labels {
        labels.push(LabeledSpan::at(label.span.clone(), label.message.clone()));
    }
    diagnostic = diagnostic.with_labels(labels);
    if !d.is_error() {
        diagnostic = diagnostic.with_severity(miette::Severity::Warning);
    }
    let report = Report::new(diagnostic);
    match &d.source {
        Some(source) => {
            report.with_source_code(NamedSource::new(source.name.clone(), source.text.clone()))
        }
        None => report,
    }
}

/// Parses `--set name=value` arguments.
pub fn overrides(sets: &[String]) -> Result<Vec<(String, String)>, Report> {
    sets.iter()
        .map(|s| match s.split_once('=') {
            Some((k, v)) if !k.trim().is_empty() => {
                Ok((k.trim().to_string(), v.trim().to_string()))
            }
            _ => Err(miette!(
                help = "write it as NAME=VALUE, for example --set p_resolute=0.4",
                "cannot read `--set {s}`"
            )),
        })
        .collect()
}

/// Loads a scenario and compiles it to a tree at the given variant and parameter values.
pub fn scenario_tree(
    path: &Path,
    variant: Option<&str>,
    sets: &[String],
) -> Result<brink_game::Tree, Report> {
    let scenario = brink_scenario::load(path).map_err(scenario_errors)?;
    let compiled = scenario
        .compile(variant)
        .map_err(|d| scenario_errors(vec![d]))?;
    let values = compiled
        .param_values(&overrides(sets)?)
        .map_err(scenario_errors)?;
    compiled
        .instantiate(&values)
        .map_err(|d| scenario_errors(vec![d]))
}

/// Whether a path names a scenario file (by its `.toml` extension).
pub fn is_scenario(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()) == Some("toml")
}

/// Reads a Gambit game, or compiles a scenario (base variant, default parameters).
pub fn read_any(path: &Path, variant: Option<&str>, sets: &[String]) -> Result<Game, Report> {
    if is_scenario(path) {
        scenario_tree(path, variant, sets).map(Game::Tree)
    } else {
        read_game(path)
    }
}
