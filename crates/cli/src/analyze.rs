//! `brink analyze`: the equilibrium of a scenario in the scenario's own words.

use std::path::PathBuf;

use clap::Args;
use miette::{miette, Report};

use crate::input::{overrides, scenario_errors};

#[derive(Args)]
pub struct AnalyzeArgs {
    /// A scenario file (.toml).
    file: PathBuf,
    /// The variant to analyse (default: the base scenario); `all` compares the base and
    /// every variant in one table.
    #[arg(long, short)]
    variant: Option<String>,
    /// Set a parameter: NAME=VALUE (repeatable); decimals and fractions are exact.
    #[arg(long = "set", value_name = "NAME=VALUE")]
    sets: Vec<String>,
    /// Print one JSON object instead of prose.
    #[arg(long)]
    json: bool,
    /// List the scenario's variants and parameters (with --variant, that variant's values)
    /// instead of solving.
    #[arg(long, conflicts_with_all = ["json", "sets", "refine"])]
    list: bool,
    /// In a sender–receiver scenario, keep only the equilibria that survive the intuitive
    /// criterion (Cho & Kreps 1987) or D1 (Banks & Sobel 1987).
    #[arg(long, value_enum, default_value_t = crate::solve_cmd::RefineArg::None)]
    refine: crate::solve_cmd::RefineArg,
}

pub fn run(args: &AnalyzeArgs) -> Result<(), Report> {
    let scenario = crate::input::load_scenario(&args.file)?;
    if args.list {
        println!("{}", scenario.title);
        println!("variants:");
        for v in &scenario.variants {
            println!("  {:<28} {}", v.name, v.about);
        }
        println!(
            "parameters ({} values):",
            args.variant.as_deref().unwrap_or(brink_scenario::BASE)
        );
        for p in scenario
            .variant_params(args.variant.as_deref())
            .map_err(|d| scenario_errors(vec![*d]))?
        {
            let value = match (p.boolean, num_traits::Zero::is_zero(&p.default)) {
                (true, true) => "false".to_string(),
                (true, false) => "true".to_string(),
                (false, _) => p.default.to_string(),
            };
            println!("  {:<28} {:<10} {}", p.name, value, p.about);
        }
        return Ok(());
    }
    let all = args.variant.as_deref() == Some("all")
        && !scenario.variants.iter().any(|v| v.name == "all");
    if all {
        return compare_variants(args, &scenario);
    }
    let mut answer =
        brink_scenario::analyze(&scenario, args.variant.as_deref(), &overrides(&args.sets)?)
            .map_err(scenario_errors)?;
    if let Some(which) = args.refine.refinement() {
        answer
            .refine(which)
            .map_err(|e| miette!(help = "drop --refine for this scenario", "{e}"))?;
    }
    if args.json {
        let text = serde_json::to_string_pretty(&answer)
            .map_err(|e| miette!("cannot write the answer as JSON: {e}"))?;
        println!("{text}");
    } else {
        print!("{answer}");
    }
    Ok(())
}

/// `--variant all`: the base and every variant side by side: how many equilibria (and whether
/// the list is complete), the selected equilibrium's outcomes, and its summary sentence.
fn compare_variants(args: &AnalyzeArgs, scenario: &brink_scenario::Scenario) -> Result<(), Report> {
    let sets = overrides(&args.sets)?;
    let names: Vec<Option<String>> = std::iter::once(None)
        .chain(scenario.variants.iter().map(|v| Some(v.name.clone())))
        .collect();
    let mut rows = Vec::new();
    let mut answers = Vec::new();
    for name in &names {
        let label = name.as_deref().unwrap_or(brink_scenario::BASE).to_string();
        let answer = brink_scenario::analyze(scenario, name.as_deref(), &sets)
            .map_err(|d| {
                d.iter()
                    .map(|d| d.message.clone())
                    .collect::<Vec<_>>()
                    .join("; ")
            })
            .and_then(|mut a| match args.refine.refinement() {
                Some(which) => a.refine(which).map(|()| a),
                None => Ok(a),
            });
        match answer {
            Ok(a) => {
                let outcomes: Vec<String> = a
                    .equilibrium
                    .outcomes
                    .iter()
                    .filter(|o| o.probability.exact != "0")
                    .map(|o| {
                        if o.probability.exact == "1" {
                            o.outcome.clone()
                        } else {
                            format!("{} {}", o.outcome, o.probability.exact)
                        }
                    })
                    .collect();
                let count = format!(
                    "{}{}",
                    a.equilibria_found,
                    if a.search_complete {
                        ""
                    } else {
                        "+ (not complete)"
                    }
                );
                rows.push((label, count, outcomes.join(", ")));
                answers.push(Ok(a));
            }
            Err(e) => {
                rows.push((
                    label.clone(),
                    "-".into(),
                    format!("could not be analysed: {e}"),
                ));
                answers.push(Err((label, e)));
            }
        }
    }
    if args.json {
        let items: Vec<serde_json::Value> = answers
            .iter()
            .map(|a| match a {
                Ok(a) => serde_json::to_value(a).unwrap_or(serde_json::Value::Null),
                Err((variant, e)) => serde_json::json!({"variant": variant, "error": e}),
            })
            .collect();
        let text = serde_json::to_string_pretty(&items)
            .map_err(|e| miette!("cannot write the answers as JSON: {e}"))?;
        println!("{text}");
        return Ok(());
    }
    println!("{}: every variant", scenario.title);
    if !args.sets.is_empty() {
        println!("With {} in every variant.", args.sets.join(", "));
    }
    let width = rows.iter().map(|r| r.0.len()).max().unwrap_or(7).max(7);
    println!(
        "{:<width$}  {:<12}  outcome of the equilibrium shown",
        "variant", "equilibria"
    );
    for (label, count, outcomes) in &rows {
        println!("{label:<width$}  {count:<12}  {outcomes}");
    }
    println!();
    for a in answers.iter().flatten() {
        let label = a.variant.as_deref().unwrap_or(brink_scenario::BASE);
        println!("{label}: {}", a.summary.headline);
        for kind in &a.summary.kinds {
            for line in brink_scenario::wrap(&kind.sentence, 100, "  - ", "    ") {
                println!("{line}");
            }
        }
    }
    println!();
    println!("Each variant in full: brink analyze FILE --variant NAME.");
    Ok(())
}
