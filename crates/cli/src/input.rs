//! Reading inputs, with errors rendered against the source text.

use std::path::Path;
use std::sync::Arc;

use brink_game::Game;
use miette::{miette, Report};

use crate::excerpt::{shorten, Excerpt};

/// The most diagnostics shown for one scenario; the rest are counted. The first errors are
/// the ones to mend first (later ones often follow from them), and thousands of reports of one
/// mistake bury the message.
const SHOWN_DIAGNOSTICS: usize = 50;

/// Reads a Gambit game file; a parse error is shown with the offending line underlined.
pub fn read_game(path: &Path) -> Result<Game, Report> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| miette!("cannot read {}: {e}", path.display()))?;
    brink_formats::read_game(&text).map_err(|e| {
        let source = Excerpt::new(path.display().to_string(), Arc::from(text.as_str()));
        let (offset, len) = e.span();
        let mut labels = vec![source.label(offset..offset + len, Some("here".into()))];
        if let Some((offset, len)) = e.earlier_span() {
            labels.push(source.label(offset..offset + len, Some("first defined here".into())));
        }
        let report = miette!(
            labels = labels,
            help = shorten(e.hint()),
            "{}:{}:{}: {}",
            path.display(),
            e.line(),
            e.column(),
            shorten(e.message())
        );
        report.with_source_code(source)
    })
}

/// Renders a scenario's diagnostics as one report: the first [`SHOWN_DIAGNOSTICS`], each with
/// a bounded excerpt of its source, then how many more there are.
pub fn scenario_errors(diagnostics: Vec<brink_scenario::Diagnostic>) -> Report {
    let count = diagnostics.iter().filter(|d| d.is_error()).count();
    // One shared copy of each source text, however many diagnostics point into it.
    let mut sources: Vec<(Arc<brink_scenario::SourceFile>, Arc<str>)> = Vec::new();
    for d in diagnostics.iter().take(SHOWN_DIAGNOSTICS) {
        let text = d.source.as_ref().map(|file| {
            match sources.iter().find(|(f, _)| Arc::ptr_eq(f, file)) {
                Some((_, text)) => text.clone(),
                None => {
                    let text: Arc<str> = Arc::from(file.text.as_str());
                    sources.push((file.clone(), text.clone()));
                    text
                }
            }
        });
        eprintln!("{:?}", scenario_diagnostic(d, text));
    }
    if diagnostics.len() > SHOWN_DIAGNOSTICS {
        let rest = &diagnostics[SHOWN_DIAGNOSTICS..];
        let errors = rest.iter().filter(|d| d.is_error()).count();
        eprintln!(
            "... and {} more not shown ({errors} error{}, {} warning{}); mend the ones above \
             first, as later ones often follow from them\n",
            rest.len(),
            if errors == 1 { "" } else { "s" },
            rest.len() - errors,
            if rest.len() - errors == 1 { "" } else { "s" },
        );
    }
    miette!(
        "the scenario has {count} error{}; nothing was solved",
        if count == 1 { "" } else { "s" }
    )
}

/// The diagnostics as the command line shows them, in plain text (no colours), followed by
/// the same closing line as [`scenario_errors`]: what `brink serve` answers a bad request
/// with, so the browser and the terminal say the same thing.
#[cfg_attr(not(feature = "serve"), allow(dead_code))]
pub fn scenario_errors_text(diagnostics: &[brink_scenario::Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics.iter().take(SHOWN_DIAGNOSTICS) {
        let text = d.source.as_ref().map(|file| Arc::from(file.text.as_str()));
        out.push_str(&report_text(&scenario_diagnostic(d, text)));
    }
    if diagnostics.len() > SHOWN_DIAGNOSTICS {
        out.push_str(&format!(
            "... and {} more not shown\n",
            diagnostics.len() - SHOWN_DIAGNOSTICS
        ));
    }
    let count = diagnostics.iter().filter(|d| d.is_error()).count();
    out.push_str(&format!(
        "the scenario has {count} error{}; nothing was solved\n",
        if count == 1 { "" } else { "s" }
    ));
    out
}

/// A report rendered as miette renders it on a terminal, without colours.
#[cfg_attr(not(feature = "serve"), allow(dead_code))]
pub fn report_text(report: &Report) -> String {
    let handler =
        miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor());
    let mut out = String::new();
    if handler.render_report(&mut out, report.as_ref()).is_err() {
        // Rendering only fails on a formatter error; the message alone still says it.
        out = format!("{report}\n");
    }
    out
}

/// One diagnostic as a report, with `text`, its source file's text, shown as an excerpt.
fn scenario_diagnostic(d: &brink_scenario::Diagnostic, text: Option<Arc<str>>) -> Report {
    let mut diagnostic = miette::MietteDiagnostic::new(match d.location() {
        Some((file, line, column)) => format!("{file}:{line}:{column}: {}", shorten(&d.message)),
        None => shorten(&d.message),
    })
    .with_code(d.code);
    if let Some(hint) = &d.hint {
        diagnostic = diagnostic.with_help(shorten(hint));
    }
    if !d.is_error() {
        diagnostic = diagnostic.with_severity(miette::Severity::Warning);
    }
    let (Some(source), Some(text)) = (&d.source, text) else {
        return Report::new(diagnostic);
    };
    let source = Excerpt::new(source.name.clone(), text);
    let mut labels = Vec::new();
    if let Some(span) = &d.span {
        labels.push(source.label(span.clone(), Some("here".into())));
    }
    for label in &d.labels {
        labels.push(source.label(label.span.clone(), Some(shorten(&label.message))));
    }
    Report::new(diagnostic.with_labels(labels)).with_source_code(source)
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
