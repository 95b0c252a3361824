//! `brink check` (a scenario loaded and every variant compiled, nothing solved), `brink new`
//! (a commented template to start a scenario from) and `brink explain` (the page of an error
//! code).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use brink_scenario::Diagnostic;
use miette::{miette, Report};

use crate::input::{load_scenario, scenario_diagnostic, scenario_errors};

/// The template `brink new` writes; `{{TITLE}}` becomes the scenario's name.
const TEMPLATE: &str = include_str!("templates/new.toml");

/// Checks a scenario without solving it: loads it (every error of the file at once), then
/// compiles the base scenario and every variant and evaluates each at its default parameter
/// values, so a probability out of range or a division by zero shows now rather than in the
/// middle of a sweep. Prints the warnings, and `ok: N variants` when there is no error.
///
/// A claims file (`[[claims]]` naming their scenarios, no nodes or players of its own) is
/// checked as `brink claims` reads it: every claim against its scenario, nothing solved.
pub fn check(file: &Path) -> Result<(), Report> {
    let text = crate::input::read_text(file)?;
    if is_claims_file(&text) {
        let claims = brink_scenario::load_claims(file).map_err(scenario_errors)?;
        println!(
            "ok: {} claim{}, each against its scenario",
            claims.len(),
            if claims.len() == 1 { "" } else { "s" }
        );
        return Ok(());
    }
    let scenario = load_scenario(file)?;
    let variants: Vec<Option<&str>> = std::iter::once(None)
        .chain(scenario.variants.iter().map(|v| Some(v.name.as_str())))
        .collect();
    // The same mistake in the base scenario usually shows in every variant too: each problem
    // is reported once, with the variants it affects.
    // They stay in the order found: the base scenario's first.
    let mut problems: Vec<(Diagnostic, Vec<&str>)> = Vec::new();
    for &variant in &variants {
        for d in variant_problems(&scenario, variant) {
            let name = variant.unwrap_or(brink_scenario::BASE);
            let same = |(seen, _): &&mut (Diagnostic, Vec<&str>)| {
                (seen.code, seen.location(), &seen.span, &seen.message)
                    == (d.code, d.location(), &d.span, &d.message)
            };
            match problems.iter_mut().find(same) {
                Some((_, affected)) => affected.push(name),
                None => problems.push((d, vec![name])),
            }
        }
    }
    for w in &scenario.warnings {
        let text = w.source.as_ref().map(|s| Arc::from(s.text.as_str()));
        eprintln!("{:?}", scenario_diagnostic(w, text));
    }
    if !problems.is_empty() {
        let all = variants.len();
        let diagnostics = problems
            .into_iter()
            .map(|(mut d, affected)| {
                if affected.len() < all {
                    d.message = format!("{} (in {})", d.message, affected.join(", "));
                }
                d
            })
            .collect();
        return Err(scenario_errors(diagnostics));
    }
    let names: Vec<&str> = variants
        .iter()
        .map(|v| v.unwrap_or(brink_scenario::BASE))
        .collect();
    let warnings = scenario.warnings.len();
    println!(
        "ok: {} variants ({}){}",
        names.len(),
        names.join(", "),
        match warnings {
            0 => String::new(),
            1 => ", 1 warning".to_string(),
            n => format!(", {n} warnings"),
        }
    );
    Ok(())
}

/// Whether a file's text is a claims file rather than a scenario: claims, and neither nodes nor
/// players (the same reading `brink claims` makes of a file).
fn is_claims_file(text: &str) -> bool {
    text.contains("[[claims]]") && !text.contains("[nodes") && !text.contains("[players")
}

/// What goes wrong when `variant` is compiled and evaluated at its defaults.
fn variant_problems(scenario: &brink_scenario::Scenario, variant: Option<&str>) -> Vec<Diagnostic> {
    let compiled = match scenario.compile(variant) {
        Ok(c) => c,
        Err(d) => return vec![*d],
    };
    let values = match compiled.param_values(&[]) {
        Ok(v) => v,
        Err(ds) => return ds,
    };
    match compiled.instantiate(&values) {
        Ok(_) => Vec::new(),
        Err(d) => vec![*d],
    }
}

/// Writes a commented template scenario to `NAME.toml` (or `NAME` if it already ends in
/// `.toml`), titled after the name; never over an existing file.
pub fn new(name: &Path) -> Result<(), Report> {
    let path: PathBuf = if crate::input::is_scenario(name) {
        name.to_path_buf()
    } else {
        let mut p = name.as_os_str().to_owned();
        p.push(".toml");
        PathBuf::from(p)
    };
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .filter(|s| !s.is_empty())
        .ok_or_else(|| {
            usage!(
                help = "e.g. `brink new taiwan_strait`",
                "give the new scenario a name"
            )
        })?;
    let title: String = {
        let words = stem.replace(['_', '-'], " ");
        let mut chars = words.chars();
        match chars.next() {
            Some(first) => first.to_uppercase().chain(chars).collect(),
            None => words,
        }
    };
    // The title is a TOML string: quotes and backslashes in a file name must not break it.
    let escaped = title.replace('\\', "\\\\").replace('"', "\\\"");
    let text = TEMPLATE.replace("{{TITLE}}", &escaped);
    let mut file = match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
    {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(miette!(
                help = "choose another name, or remove the file first",
                "{} already exists; it was left as it is",
                path.display()
            ))
        }
        Err(e) => return Err(miette!("{}: {e}", path.display())),
    };
    std::io::Write::write_all(&mut file, text.as_bytes())
        .map_err(|e| miette!("{}: {e}", path.display()))?;
    eprintln!(
        "wrote {}: edit it, then `brink check {0}` and `brink analyze {0}`",
        path.display()
    );
    Ok(())
}

/// Prints the page of an error code from the table in `brink-scenario`, or, without a code,
/// every code with its title. An unknown code is a usage error.
pub fn explain(code: Option<&str>) -> Result<(), Report> {
    let Some(code) = code else {
        println!("Error codes (brink explain CODE for one):");
        for page in brink_scenario::CODES {
            println!("  {}  {}", page.code, page.title);
        }
        return Ok(());
    };
    match brink_scenario::code_page(code) {
        Some(page) => {
            println!("{}: {}\n\n{}", page.code, page.title, page.text);
            Ok(())
        }
        None => {
            let codes: Vec<&str> = brink_scenario::CODES.iter().map(|p| p.code).collect();
            Err(usage!(
                help = brink_scenario::suggestion_hint(
                    &code.to_uppercase(),
                    codes.iter().copied(),
                    "`brink explain` lists every code"
                ),
                "there is no error code `{code}`"
            ))
        }
    }
}
