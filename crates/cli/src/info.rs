//! `brink info` and `brink convert`.

use std::path::Path;

use brink_game::Game;
use miette::{miette, Report};
use serde_json::{json, Value};

use crate::input::read_any;

/// The largest reduced strategic form `convert` will write.
const CONVERT_CELL_LIMIT: usize = 50_000_000;

pub fn run(path: &Path, as_json: bool) -> Result<(), Report> {
    let game = read_any(path, None, &[])?;
    let facts = facts(&game);
    if as_json {
        println!("{facts}");
        return Ok(());
    }
    println!("{}", game.title());
    let players = game.players().join(", ");
    println!("  players:        {} ({players})", facts["players"]);
    if let Game::Tree(tree) = &game {
        println!("  nodes:          {}", facts["nodes"]);
        println!("  infosets:       {} per player", list(&facts["infosets"]));
        println!("  perfect recall: {}", yes_no(tree.is_perfect_recall()));
        println!(
            "  perfect info:   {}",
            yes_no(tree.is_perfect_information())
        );
    }
    println!("  outcomes:       {}", facts["outcomes"]);
    println!("  constant sum:   {}", yes_no(game.is_constant_sum()));
    let kind = if matches!(game, Game::Tree(_)) {
        " (reduced strategic form)"
    } else {
        ""
    };
    println!(
        "  strategies:     {} per player{kind}",
        list(&facts["strategies"])
    );
    Ok(())
}

fn yes_no(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "no"
    }
}

fn list(v: &Value) -> String {
    v.as_array()
        .map(|a| {
            a.iter()
                .map(Value::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_default()
}

/// The facts `info --json` prints, keyed as in the contract.
pub fn facts(game: &Game) -> Value {
    match game {
        Game::Tree(tree) => {
            let infosets: Vec<usize> = tree.player_infosets().iter().map(Vec::len).collect();
            // Counts beyond 2^64 are printed as JSON numbers all the same: serde_json keeps u128.
            let strategies: Vec<Value> = tree
                .reduced_strategy_counts()
                .into_iter()
                .map(|c| {
                    u64::try_from(c)
                        .map(Value::from)
                        .unwrap_or_else(|_| json!(c as f64))
                })
                .collect();
            json!({
                "players": tree.players.len(),
                "nodes": tree.node_count(),
                "infosets": infosets,
                "outcomes": tree.outcomes.len(),
                "perfect_recall": tree.is_perfect_recall(),
                "constant_sum": tree.is_constant_sum(),
                "strategies": strategies,
            })
        }
        Game::Table(table) => json!({
            "players": table.players.len(),
            "outcomes": table.outcomes.len(),
            "constant_sum": table.is_constant_sum(),
            "strategies": table.shape(),
        }),
    }
}

pub fn convert(
    input: &Path,
    output: &Path,
    outcome_style: bool,
    variant: Option<&str>,
    sets: &[String],
) -> Result<(), Report> {
    let game = read_any(input, variant, sets)?;
    // `-` is standard output, in the game's own form: .efg for a tree, .nfg for a table.
    let extension = match (&game, crate::output::is_stdout(output)) {
        (Game::Tree(_), true) => "efg",
        (Game::Table(_), true) => "nfg",
        (_, false) => output.extension().and_then(|e| e.to_str()).unwrap_or(""),
    };
    let style = if outcome_style {
        brink_formats::NfgStyle::Outcomes
    } else {
        brink_formats::NfgStyle::Payoffs
    };
    let text = match (extension, &game) {
        ("efg", Game::Tree(tree)) => brink_formats::write_efg(tree),
        ("efg", Game::Table(_)) => {
            return Err(miette!(
                help = format!(
                    "write a .nfg instead: `brink convert {} out.nfg`",
                    input.display()
                ),
                "a strategic-form game cannot be written as a tree (.efg)"
            ))
        }
        ("nfg", Game::Tree(tree)) => {
            let form = tree.strategic_form(CONVERT_CELL_LIMIT).map_err(|e| {
                miette!(
                    help = "the reduced strategic form of this tree is too large to write",
                    "{e}"
                )
            })?;
            brink_formats::write_nfg(&form.table, style)
        }
        ("nfg", Game::Table(table)) => brink_formats::write_nfg(table, style),
        _ => {
            return Err(miette!(
                help = "name the output file with .efg or .nfg",
                "cannot tell the output format from {}",
                output.display()
            ))
        }
    };
    crate::output::write_file(output, text.as_bytes())?;
    if !crate::output::is_stdout(output) {
        eprintln!("wrote {}", output.display());
    }
    Ok(())
}
