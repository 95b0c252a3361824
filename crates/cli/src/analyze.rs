//! `brink analyze`: the equilibrium of a scenario in the scenario's own words.

use std::path::PathBuf;

use clap::Args;
use miette::{miette, Report};

use crate::input::{overrides, scenario_errors};

#[derive(Args)]
pub struct AnalyzeArgs {
    /// A scenario file (.toml).
    file: PathBuf,
    /// The variant to analyse (default: the base scenario).
    #[arg(long, short)]
    variant: Option<String>,
    /// Set a parameter: NAME=VALUE (repeatable); decimals and fractions are exact.
    #[arg(long = "set", value_name = "NAME=VALUE")]
    sets: Vec<String>,
    /// Print one JSON object instead of prose.
    #[arg(long)]
    json: bool,
    /// List the scenario's variants and parameters instead of solving.
    #[arg(long)]
    list: bool,
    /// In a sender–receiver scenario, keep only the equilibria that survive the intuitive
    /// criterion (Cho & Kreps 1987) or D1 (Banks & Sobel 1987).
    #[arg(long, value_enum, default_value_t = crate::solve_cmd::RefineArg::None)]
    refine: crate::solve_cmd::RefineArg,
}

pub fn run(args: &AnalyzeArgs) -> Result<(), Report> {
    let scenario = brink_scenario::load(&args.file).map_err(scenario_errors)?;
    if args.list {
        println!("{}", scenario.title);
        println!("variants:");
        for v in &scenario.variants {
            println!("  {:<28} {}", v.name, v.about);
        }
        println!("parameters (base values):");
        for p in scenario
            .variant_params(None)
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
