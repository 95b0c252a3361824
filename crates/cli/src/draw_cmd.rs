//! `brink draw`: a game tree as an SVG (or PNG) picture, optionally with its equilibrium.

use std::path::PathBuf;

use brink_game::{rational_to_f64, Game, Tree};
use brink_report::{draw_tree, TreeDrawing};
use brink_solve::{Config, Method, Profile};
use clap::Args;
use miette::{miette, Report};

use crate::input::{is_scenario, overrides, read_game, scenario_errors, scenario_tree};

#[derive(Args)]
#[command(after_help = "\
Examples:
  brink draw scenarios/latvia.toml -o latvia.svg --solve
  brink draw scenarios/latvia.toml --variant tripwire --set p_resolute=0.3 -o t.svg --solve
  brink draw examples/entry-deterrence.efg -o entry.svg --solve

The picture shows who moves where, the moves, chance probabilities, information sets (nodes
a player cannot tell apart, joined by a dashed line) and payoffs. With --solve each branch
carries the probability the equilibrium gives it; moves never taken are greyed. Trees of
more than --collapse nodes are summarised.")]
pub struct DrawArgs {
    /// A scenario (.toml) or a Gambit extensive-form game (.efg).
    file: PathBuf,
    /// The file to write: .svg, or .png for a picture rendered from the SVG.
    #[arg(long, short)]
    output: PathBuf,
    /// For a scenario: the variant (default: the base scenario).
    #[arg(long, short)]
    variant: Option<String>,
    /// For a scenario: set a parameter, NAME=VALUE (repeatable).
    #[arg(long = "set", value_name = "NAME=VALUE")]
    sets: Vec<String>,
    /// Show the equilibrium's probabilities on the branches (scenarios: the sequential
    /// equilibrium `brink analyze` presents; .efg: the first equilibrium of the default method
    /// of `brink solve`).
    #[arg(long)]
    solve: bool,
    /// Print the nodes' own labels under them.
    #[arg(long)]
    labels: bool,
    /// Summarise trees with more nodes than this.
    #[arg(long, default_value_t = 400)]
    collapse: usize,
}

/// A tree and the equilibrium shown on it, as floats `[player][infoset][action]`.
pub type Solved = (Tree, Option<Vec<Vec<Vec<f64>>>>);

/// The scenario's tree at its parameters, with the presented equilibrium if `solve`.
pub fn scenario_solved(
    file: &std::path::Path,
    variant: Option<&str>,
    sets: &[String],
) -> Result<(Solved, brink_scenario::Answer), Report> {
    let scenario = crate::input::load_scenario(file)?;
    let answer =
        brink_scenario::analyze(&scenario, variant, &overrides(sets)?).map_err(scenario_errors)?;
    Ok((answer_drawing(&answer)?, answer))
}

/// The tree an answer was computed on, with its presented equilibrium as floats.
pub fn answer_drawing(answer: &brink_scenario::Answer) -> Result<Solved, Report> {
    let tree = answer
        .tree()
        .cloned()
        .ok_or_else(|| miette!("the analysis kept no tree to draw"))?;
    let behavior = answer.profile(0).map(|(b, _)| {
        b.iter()
            .map(|p| {
                p.iter()
                    .map(|h| h.iter().map(rational_to_f64).collect())
                    .collect()
            })
            .collect()
    });
    Ok((tree, behavior))
}

fn default_method(tree: &Tree) -> Method {
    // The same choice as `brink solve` makes for a tree.
    if tree.is_perfect_information() {
        Method::Spe
    } else if tree.players.len() == 2 {
        Method::Lcp
    } else {
        Method::Logit
    }
}

pub fn run(args: &DrawArgs) -> Result<(), Report> {
    let format = crate::picture::format_of(&args.output, true)?;
    let (tree, behavior) = if is_scenario(&args.file) {
        if args.solve {
            scenario_solved(&args.file, args.variant.as_deref(), &args.sets)?.0
        } else {
            (
                scenario_tree(&args.file, args.variant.as_deref(), &args.sets)?,
                None,
            )
        }
    } else {
        if args.variant.is_some() || !args.sets.is_empty() {
            return Err(usage!(
                "--variant and --set apply to scenarios (.toml) only"
            ));
        }
        let tree = match read_game(&args.file)? {
            Game::Tree(t) => t,
            _ => {
                return Err(miette!(
                    help = "draw a game tree: a .efg file or a scenario (.toml)",
                    "{} is a table (strategic form), not a tree",
                    args.file.display()
                ))
            }
        };
        let behavior = if args.solve {
            let game = Game::Tree(tree.clone());
            let method = default_method(&tree);
            let solution = brink_solve::solve(&game, &Config::new(method)).map_err(|e| {
                miette!(
                    "cannot solve {} with {}: {e}",
                    args.file.display(),
                    method.name()
                )
            })?;
            match solution.equilibria.first().map(|e| &e.profile) {
                Some(Profile::Behavior(b)) => Some(
                    b.iter()
                        .map(|p| {
                            p.iter()
                                .map(|h| h.iter().map(|x| x.to_f64()).collect())
                                .collect()
                        })
                        .collect(),
                ),
                Some(_) => {
                    eprintln!(
                        "note: {} gave a strategy profile; drawn without it",
                        method.name()
                    );
                    None
                }
                None => {
                    eprintln!(
                        "note: {} found no equilibrium; drawn without one",
                        method.name()
                    );
                    None
                }
            }
        } else {
            None
        };
        (tree, behavior)
    };
    let options = TreeDrawing {
        behavior,
        collapse_above: args.collapse.max(1),
        node_labels: args.labels,
        ..TreeDrawing::default()
    };
    crate::picture::write(&args.output, format, &draw_tree(&tree, &options))?;
    eprintln!(
        "wrote {} ({} nodes)",
        crate::output::name(&args.output),
        tree.nodes.len()
    );
    Ok(())
}
