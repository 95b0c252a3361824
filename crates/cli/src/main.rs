//! `brink`: solve, analyse and convert games and crisis scenarios.
//!
//! The binary is glue: every computation lives in the library crates, and this crate owns all
//! user-facing input and output (argument parsing, error rendering, JSON and text printing).

mod analyze;
mod info;
mod input;
mod json;
mod solve_cmd;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// brinkmanship: crises between nuclear powers as games, solved and verified.
#[derive(Parser)]
#[command(name = "brink", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Describe a game: players, nodes, information sets, outcomes, recall, strategy counts.
    Info {
        /// A Gambit .efg or .nfg file, or a scenario (.toml, base variant).
        file: PathBuf,
        /// Print one JSON object instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Convert a game: scenario (.toml) or .efg → .efg; .toml or .efg → .nfg (reduced
    /// strategic form); .nfg → .nfg.
    Convert {
        /// The game to read (.toml scenario, .efg or .nfg).
        input: PathBuf,
        /// The file to write; its extension (.efg or .nfg) picks the format.
        output: PathBuf,
        /// For .nfg output: write the outcome version instead of the payoff version.
        #[arg(long)]
        outcomes: bool,
        /// For a scenario: the variant to compile.
        #[arg(long, short)]
        variant: Option<String>,
        /// For a scenario: set a parameter, NAME=VALUE (repeatable).
        #[arg(long = "set", value_name = "NAME=VALUE")]
        sets: Vec<String>,
    },
    /// A scenario's equilibrium in its own words: who does what, how likely each outcome is,
    /// what each side expects and believes.
    Analyze(analyze::AnalyzeArgs),
    /// Find equilibria of a game, each verified before it is printed.
    Solve(solve_cmd::SolveArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Info { file, json } => info::run(&file, json),
        Command::Convert { input, output, outcomes, variant, sets } => {
            info::convert(&input, &output, outcomes, variant.as_deref(), &sets)
        }
        Command::Analyze(args) => analyze::run(&args),
        Command::Solve(args) => solve_cmd::run(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(report) => {
            eprintln!("{report:?}");
            ExitCode::FAILURE
        }
    }
}
