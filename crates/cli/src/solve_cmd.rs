//! `brink solve`.

use std::path::PathBuf;
use std::time::Instant;

use brink_game::{Game, Player};
use brink_solve::{Config, Equilibrium, Method, Number, Profile, Solution};
use clap::{Args, ValueEnum};
use miette::{miette, Report};
use serde_json::json;

use crate::input::read_any;

#[derive(Args)]
pub struct SolveArgs {
    /// A Gambit .efg or .nfg file, or a scenario (.toml).
    file: PathBuf,
    /// For a scenario: the variant to compile.
    #[arg(long, short)]
    variant: Option<String>,
    /// For a scenario: set a parameter, NAME=VALUE (repeatable).
    #[arg(long = "set", value_name = "NAME=VALUE")]
    sets: Vec<String>,
    /// The method: spe, enumpure, enumpure-agent, enummixed, lcp, lp, logit, sequential. By default:
    /// spe on perfect-information trees, lcp for two players, logit otherwise.
    #[arg(long, short)]
    method: Option<String>,
    /// Exact rational arithmetic where the method supports it.
    #[arg(long)]
    exact: bool,
    /// For logit: the QRE at this precision λ instead of the limit.
    #[arg(long)]
    lambda: Option<f64>,
    /// Print one JSON object (same as --format json).
    #[arg(long)]
    json: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Decimal places for floats in Gambit-style output.
    #[arg(long, default_value_t = 6)]
    decimals: usize,
    /// For `--method sequential` on a sender–receiver game: keep only the equilibria that
    /// survive the intuitive criterion (Cho & Kreps 1987) or D1 (Banks & Sobel 1987).
    #[arg(long, value_enum, default_value_t = RefineArg::None)]
    refine: RefineArg,
}

/// A refinement of sequential equilibrium.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RefineArg {
    /// No refinement: every sequential equilibrium.
    None,
    /// The intuitive criterion (Cho & Kreps 1987).
    Intuitive,
    /// The D1 criterion (Cho & Kreps 1987; Banks & Sobel 1987).
    D1,
}

impl RefineArg {
    /// The solver's refinement, if any.
    pub fn refinement(self) -> Option<brink_solve::sequential::Refinement> {
        match self {
            RefineArg::None => None,
            RefineArg::Intuitive => Some(brink_solve::sequential::Refinement::Intuitive),
            RefineArg::D1 => Some(brink_solve::sequential::Refinement::D1),
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// Readable text.
    Text,
    /// One JSON object: method, status, seconds, equilibria.
    Json,
    /// Gambit's command-line tools' CSV lines (`NE,...`).
    Gambit,
}

fn default_method(game: &Game) -> Method {
    match game {
        Game::Tree(t) if t.is_perfect_information() => Method::Spe,
        g if g.players().len() == 2 => Method::Lcp,
        _ => Method::Logit,
    }
}

/// The method named on the command line; an unknown name is a usage error, with the closest
/// method if one is close.
fn named_method(name: &str) -> Result<Method, Report> {
    Method::from_name(name).ok_or_else(|| {
        let names: Vec<&str> = Method::ALL.iter().map(|m| m.name()).collect();
        usage!(
            help = brink_scenario::suggestion_hint(
                name,
                names.iter().copied(),
                &format!("choose one of: {}", names.join(", "))
            ),
            "unknown method `{name}`"
        )
    })
}

pub fn run(args: &SolveArgs) -> Result<(), Report> {
    // The command line is checked before the game is read, which may take a while.
    let named = args.method.as_deref().map(named_method).transpose()?;
    if args.json && args.format != Format::Json && args.format != Format::Text {
        return Err(usage!(
            help = "give one of them: --json is short for --format json",
            "--json and --format gambit ask for two different outputs"
        ));
    }
    if args.refine != RefineArg::None && named != Some(Method::Sequential) {
        return Err(usage!(
            help = "use `--method sequential`",
            "--refine applies to sequential equilibria only"
        ));
    }
    let game = read_any(&args.file, args.variant.as_deref(), &args.sets)?;
    let method = named.unwrap_or_else(|| default_method(&game));
    if args.lambda.is_some() && method != Method::Logit {
        return Err(usage!(
            help = "add `--method logit`, or drop --lambda",
            "--lambda applies to the logit method only, and this run uses {}",
            method.name()
        ));
    }
    if method == Method::Sequential {
        return run_sequential(&game, args);
    }
    let mut config = Config::new(method);
    config.exact = args.exact;
    config.lambda = args.lambda;
    let started = Instant::now();
    let solution = brink_solve::solve(&game, &config)
        .map_err(|e| miette!(help = "see `brink solve --help` for the methods", "{e}"))?;
    let seconds = started.elapsed().as_secs_f64();
    let format = if args.json { Format::Json } else { args.format };
    match format {
        Format::Json => {
            let eqs: Vec<_> = solution
                .equilibria
                .iter()
                .map(crate::json::equilibrium)
                .collect();
            let out = json!({
                "method": method.name(),
                "status": solution.status.name(),
                "reason": solution.status.detail(),
                "seconds": seconds,
                "equilibria": eqs,
            });
            println!("{out}");
        }
        Format::Gambit => {
            // The status as a comment line before the `NE,` lines, so that a script reading
            // the equilibria also learns whether the list is all the method promises.
            match solution.status.detail() {
                Some(why) => println!("# {}: {}: {why}", method.name(), solution.status.name()),
                None => println!("# {}: {}", method.name(), solution.status.name()),
            }
            for eq in &solution.equilibria {
                let values: Vec<String> = flat(&eq.profile)
                    .iter()
                    .map(|n| gambit_number(n, args.decimals))
                    .collect();
                println!("NE,{}", values.join(","));
            }
        }
        Format::Text => print_text(&game, &solution, seconds),
    }
    Ok(())
}

fn flat(profile: &Profile) -> Vec<&Number> {
    match profile {
        Profile::Behavior(b) => b.iter().flatten().flatten().collect(),
        Profile::Strategy(s) => s.iter().flatten().collect(),
    }
}

fn gambit_number(n: &Number, decimals: usize) -> String {
    match n {
        Number::Exact(r) => r.to_string(),
        Number::Float(x) => format!("{x:.decimals$}"),
    }
}

fn print_text(game: &Game, solution: &Solution, seconds: f64) {
    let count = solution.equilibria.len();
    println!(
        "{}: {} ({count} equilibri{}, {:.3} s, status {})",
        game.title(),
        solution.method.name(),
        if count == 1 { "um" } else { "a" },
        seconds,
        solution.status.name()
    );
    if let Some(why) = solution.status.detail() {
        println!("  {}: {why}", solution.status.name());
    } else if count == 0 {
        println!("  no equilibrium found");
    }
    for (k, eq) in solution.equilibria.iter().enumerate() {
        println!("equilibrium {}:", k + 1);
        print_profile(game, eq);
        let payoffs: Vec<String> = eq.payoffs.iter().map(Number::to_string).collect();
        println!(
            "  payoffs: {}   (max regret {})",
            payoffs.join(", "),
            eq.max_regret
        );
    }
}

fn print_profile(game: &Game, eq: &Equilibrium) {
    match (&eq.profile, game) {
        (Profile::Behavior(b), Game::Tree(tree)) => {
            let infosets = tree.player_infosets();
            for (p, player) in b.iter().enumerate() {
                println!("  {}:", tree.players[p]);
                for (k, probs) in player.iter().enumerate() {
                    let infoset = &tree.infosets[infosets[p][k]];
                    debug_assert!(infoset.player == Player::Personal(p));
                    let name = if infoset.label.is_empty() {
                        format!("information set {}", infoset.number)
                    } else {
                        format!("\"{}\"", infoset.label)
                    };
                    let moves: Vec<String> = infoset
                        .actions
                        .iter()
                        .zip(probs)
                        .map(|(a, x)| format!("{a} {x}"))
                        .collect();
                    println!("    at {name}: {}", moves.join(", "));
                }
            }
        }
        (Profile::Strategy(s), _) => {
            let names = game.players();
            let labels: Vec<Vec<String>> = match game {
                Game::Table(t) => t.strategies.clone(),
                Game::Tree(_) => s
                    .iter()
                    .map(|p| (1..=p.len()).map(|i| i.to_string()).collect())
                    .collect(),
            };
            for (p, probs) in s.iter().enumerate() {
                let moves: Vec<String> = labels[p]
                    .iter()
                    .zip(probs)
                    .filter(|(_, x)| x.to_f64() != 0.0)
                    .map(|(a, x)| format!("{a} {x}"))
                    .collect();
                println!("  {}: {}", names[p], moves.join(", "));
            }
        }
        (Profile::Behavior(_), Game::Table(_)) => println!("  (behaviour profile on a table)"),
    }
}

/// `--method sequential`: the components with their ranges, from the sequential solver (each
/// witness verified against its consistency certificate inside `brink-solve`).
fn run_sequential(game: &Game, args: &SolveArgs) -> Result<(), Report> {
    let Game::Tree(tree) = game else {
        return Err(miette!(
            help = "use `--method enummixed` or `--method lcp` for a strategic-form game",
            "sequential equilibria are defined for game trees, and this is a table"
        ));
    };
    let started = Instant::now();
    let config = brink_solve::sequential::SequentialConfig {
        stop: Some(crate::interrupt::stop_on_ctrl_c()),
        ..Default::default()
    };
    let mut solution = brink_solve::sequential::solve(tree, &config)
        .map_err(|e| miette!(help = "see `brink solve --help` for the methods", "{e}"))?;
    // A refinement removes the components that fail it, and says why.
    let mut removed: Vec<(usize, String)> = Vec::new();
    if let Some(which) = args.refine.refinement() {
        let verdicts = brink_solve::sequential::refine(tree, &solution.components, which)
            .map_err(|e| miette!(help = "drop --refine for this game", "{e}"))?;
        let mut kept = Vec::new();
        for (i, (c, v)) in solution.components.drain(..).zip(verdicts).enumerate() {
            if v.survives {
                kept.push(c);
            } else {
                removed.push((i + 1, v.reason));
            }
        }
        solution.components = kept;
    }
    let seconds = started.elapsed().as_secs_f64();
    if args.json || matches!(args.format, Format::Json) {
        let mut out = crate::sequential_out::solution_json(tree, &solution, seconds);
        // The witnesses also as `equilibria`, in the layout every method uses.
        let eqs: Vec<serde_json::Value> = solution
            .components
            .iter()
            .map(|c| {
                let v = crate::sequential_out::component_json(tree, c);
                json!({
                    "behavior": v["behavior"], "beliefs": v["beliefs"],
                    "payoffs": v["payoffs"], "max_regret": c.max_regret,
                })
            })
            .collect();
        out["equilibria"] = serde_json::Value::Array(eqs);
        if let Some(which) = args.refine.refinement() {
            out["refinement"] = json!({
                "name": which.name(),
                "removed": removed.iter().map(|(i, why)| json!({"component": i, "reason": why})).collect::<Vec<_>>(),
            });
        }
        println!("{out}");
    } else if matches!(args.format, Format::Gambit) {
        for c in &solution.components {
            let values: Vec<String> = tree
                .player_infosets()
                .iter()
                .flatten()
                .flat_map(|&h| c.witness.behavior[h].iter().map(|x| x.to_string()))
                .collect();
            println!("NE,{}", values.join(","));
        }
    } else {
        crate::sequential_out::print(tree, &solution, seconds);
        if let Some(which) = args.refine.refinement() {
            println!(
                "refinement {}: {} component{} removed{}",
                which.name(),
                removed.len(),
                if removed.len() == 1 { "" } else { "s" },
                if removed.is_empty() {
                    ""
                } else {
                    " (numbered as without the refinement):"
                }
            );
            for (i, why) in &removed {
                println!("  component {i}: {why}");
            }
        }
    }
    Ok(())
}
