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

/// The largest Gambit game file read, in bytes: far above Gambit's own examples, and a bound
/// on what a device such as `/dev/zero` (which never ends) can make the reader hold.
pub const GAME_FILE_LIMIT: u64 = 256 << 20;

/// Reads a game file's text: at most [`GAME_FILE_LIMIT`] bytes, and UTF-8, with the line,
/// column and byte offset of the first byte that is not.
fn read_game_text(path: &Path) -> Result<String, Report> {
    use std::io::Read;
    // A file that cannot be opened or read gets the system's reason alone (see `read_text`).
    let file = std::fs::File::open(path).map_err(|e| miette!("{}: {e}", path.display()))?;
    let mut bytes = Vec::new();
    file.take(GAME_FILE_LIMIT + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| miette!("{}: {e}", path.display()))?;
    if bytes.len() as u64 > GAME_FILE_LIMIT {
        return Err(miette!(
            help = "a .efg or .nfg file is text; check the file name",
            "{}: the file is larger than {} MiB, which brink does not read as a game",
            path.display(),
            GAME_FILE_LIMIT >> 20
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let byte = e.as_bytes()[at];
        // Up to the bad byte the text is the file's, so the line and column are its own.
        let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
        let before = &text[..at];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        let source = Excerpt::new(path.display().to_string(), Arc::from(text.as_str()));
        let labels = vec![source.label(at..at + '\u{fffd}'.len_utf8(), Some("here".into()))];
        miette!(
            labels = labels,
            help = "save the file as UTF-8 (plain ASCII is fine)",
            "{}:{line}:{column}: expected UTF-8 text, but byte {at} (0x{byte:02x}) is not part \
             of a UTF-8 character",
            path.display()
        )
        .with_source_code(source)
    })
}

/// Reads a Gambit game file; a parse error is shown with the offending line underlined.
pub fn read_game(path: &Path) -> Result<Game, Report> {
    let text = read_game_text(path)?;
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

/// The text of an input file; a file that cannot be read gets the system's reason alone
/// (`scenarios/nope.toml: No such file or directory (os error 2)`), since nothing about its
/// contents can be said.
pub fn read_text(path: &Path) -> Result<String, Report> {
    std::fs::read_to_string(path).map_err(|e| miette!("{}: {e}", path.display()))
}

/// Whether a path names a Gambit game file (`.efg` or `.nfg`).
pub fn is_gambit(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("efg" | "nfg")
    )
}

/// Loads a scenario file with everything it extends, all its errors reported at once. A file
/// that cannot be read gets the system's reason alone; a Gambit game, which has no scenario
/// to describe, is sent to `brink solve`.
pub fn load_scenario(path: &Path) -> Result<brink_scenario::Scenario, Report> {
    if is_gambit(path) {
        return Err(crate::usage::usage(
            format!("{} is a Gambit game, not a scenario", path.display()),
            Some(format!(
                "this command reads scenarios (.toml); for a Gambit game use `brink solve {}` \
                 (or `brink info`, `brink draw`)",
                path.display()
            )),
        ));
    }
    let text = read_text(path)?;
    brink_scenario::parse_str(path, &text).map_err(scenario_errors)
}

/// Renders a scenario's diagnostics as one report: the first [`SHOWN_DIAGNOSTICS`], each with
/// a bounded excerpt of its source, then how many more there are.
pub fn scenario_errors(diagnostics: Vec<brink_scenario::Diagnostic>) -> Report {
    // Problems with what the command line asked for (an unknown variant, a `--set` that names
    // no parameter or gives a bad value) are usage errors: they have no place in a file, and
    // each is shown as it is, without a count of "the scenario's" errors.
    let from_command_line =
        |d: &brink_scenario::Diagnostic| d.source.is_none() && matches!(d.code, "S040" | "S041");
    if let (Some((last, rest)), true) = (
        diagnostics.split_last(),
        diagnostics.iter().all(from_command_line),
    ) {
        for d in rest {
            eprintln!("{:?}", scenario_diagnostic(d, None));
        }
        return crate::usage::usage_with_code(last.message.clone(), last.hint.clone(), last.code);
    }
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
        help = "`brink explain CODE` says more about each code (S013, ...) and how to mend it",
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
pub fn scenario_diagnostic(d: &brink_scenario::Diagnostic, text: Option<Arc<str>>) -> Report {
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
            _ => Err(usage!(
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
    let scenario = load_scenario(path)?;
    let compiled = scenario
        .compile(variant)
        .map_err(|d| scenario_errors(vec![*d]))?;
    let values = compiled
        .param_values(&overrides(sets)?)
        .map_err(scenario_errors)?;
    compiled
        .instantiate(&values)
        .map_err(|d| scenario_errors(vec![*d]))
}

/// Whether a path names a scenario file (by its `.toml` extension).
pub fn is_scenario(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()) == Some("toml")
}

/// Reads a Gambit game, or compiles a scenario (base variant, default parameters).
pub fn read_any(path: &Path, variant: Option<&str>, sets: &[String]) -> Result<Game, Report> {
    if is_scenario(path) {
        scenario_tree(path, variant, sets).map(Game::Tree)
    } else if variant.is_some() || !sets.is_empty() {
        // A Gambit game has no variants or parameters: ignoring the flags would answer a
        // question that was not asked.
        Err(usage!(
            help = "drop --variant and --set for a Gambit game",
            "--variant and --set apply to scenarios (.toml) only, and {} is not one",
            path.display()
        ))
    } else {
        read_game(path)
    }
}
