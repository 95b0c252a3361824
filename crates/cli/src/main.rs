//! `brink`: solve, analyse and convert games and crisis scenarios.
//!
//! The binary is glue: every computation lives in the library crates, and this crate owns all
//! user-facing input and output (argument parsing, error rendering, JSON and text printing).

mod analyze;
mod claims_cmd;
mod draw_cmd;
mod excerpt;
mod info;
mod input;
mod interrupt;
mod json;
mod map_cmd;
mod picture;
mod report_cmd;
mod sequential_out;
#[cfg(feature = "serve")]
mod serve;
mod solve_cmd;
mod sweep_cmd;

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
    /// Solve a scenario at many parameter points (a grid or a random sample) and write one
    /// row per point (CSV, or Parquet with the `parquet` feature); shards, resume and merge
    /// for long runs.
    Sweep(sweep_cmd::SweepArgs),
    /// Draw a deterrence map: the most likely outcome over a grid of two parameters (SVG or
    /// PNG).
    Map(map_cmd::MapArgs),
    /// Find the exact parameter values where a scenario's answer changes.
    Thresholds(sweep_cmd::ThresholdsArgs),
    /// Check the claims of the debate against their scenarios: where each holds or fails.
    Claims(claims_cmd::ClaimsArgs),
    /// Draw a game tree (SVG or PNG), optionally with its equilibrium on the branches.
    Draw(draw_cmd::DrawArgs),
    /// Write one self-contained HTML report on a scenario: story, assumptions, answer, tree,
    /// map, thresholds and claims.
    Report(report_cmd::ReportArgs),
    /// Explore scenarios in the browser: a local web page with a slider for every assumption
    /// and the answer, its outcome probabilities and the tree redrawn on each change.
    #[cfg(feature = "serve")]
    Serve(serve::ServeArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Info { file, json } => info::run(&file, json),
        Command::Convert {
            input,
            output,
            outcomes,
            variant,
            sets,
        } => info::convert(&input, &output, outcomes, variant.as_deref(), &sets),
        Command::Analyze(args) => analyze::run(&args),
        Command::Solve(args) => solve_cmd::run(&args),
        Command::Sweep(args) => sweep_cmd::run_sweep(&args),
        Command::Map(args) => map_cmd::run(&args),
        Command::Thresholds(args) => sweep_cmd::run_thresholds(&args),
        Command::Claims(args) => claims_cmd::run(&args),
        Command::Draw(args) => draw_cmd::run(&args),
        Command::Report(args) => report_cmd::run(&args),
        #[cfg(feature = "serve")]
        Command::Serve(args) => serve::run(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(report) => {
            eprintln!("{report:?}");
            // A run stopped by Ctrl-C exits as an interrupted program does, not as a failure.
            if report.downcast_ref::<interrupt::Stopped>().is_some() {
                ExitCode::from(interrupt::STOPPED_EXIT)
            } else {
                ExitCode::FAILURE
            }
        }
    }
}
