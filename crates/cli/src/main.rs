//! `brink`: solve, analyse and convert games and crisis scenarios.
//!
//! The binary is glue: every computation lives in the library crates, and this crate owns all
//! user-facing input and output (argument parsing, error rendering, JSON and text printing).

/// `print!` for this crate: standard output through [`output::write`], which ends the run
/// quietly when the reader has closed the pipe instead of panicking. Defined before the modules
/// so that it shadows the standard macro in all of them.
macro_rules! print {
    ($($arg:tt)*) => {
        $crate::output::write(format_args!($($arg)*))
    };
}

/// `println!` for this crate, through [`output::write`] like [`print!`].
macro_rules! println {
    () => {
        $crate::output::write(format_args!("\n"))
    };
    ($($arg:tt)*) => {
        $crate::output::write(format_args!("{}\n", format_args!($($arg)*)))
    };
}

/// A usage error (exit code 2), written as `miette!` is: `usage!("…", args)` or
/// `usage!(help = "…", "…", args)`. See [`usage::Usage`].
macro_rules! usage {
    (help = $help:expr, $($fmt:tt)*) => {
        $crate::usage::usage(format!($($fmt)*), Some(String::from($help)))
    };
    ($($fmt:tt)*) => {
        $crate::usage::usage(format!($($fmt)*), None)
    };
}

mod analyze;
mod check_cmd;
mod claims_cmd;
mod draw_cmd;
mod excerpt;
mod info;
mod input;
mod interrupt;
mod json;
mod map_cmd;
mod output;
mod picture;
mod report_cmd;
mod sequential_out;
#[cfg(feature = "serve")]
mod serve;
mod solve_cmd;
mod sweep_cmd;
mod usage;

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
    /// Check a scenario without solving it: load it (every error at once), compile the base
    /// scenario and every variant, and evaluate each at its default parameters. A claims
    /// file: every claim checked against its scenario.
    Check {
        /// A scenario file (.toml), or a claims file.
        file: PathBuf,
    },
    /// Start a scenario: write a commented template to NAME.toml (never over an existing
    /// file); it passes `brink check` and `brink analyze` as it is.
    New {
        /// The scenario's name, which is also its file name (`taiwan_strait` writes
        /// taiwan_strait.toml).
        name: PathBuf,
    },
    /// What an error code (S013, S040, …) means and how to mend it; without a code, the list
    /// of codes.
    Explain {
        /// The code, as shown with the error.
        code: Option<String>,
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
        Command::Check { file } => check_cmd::check(&file),
        Command::Explain { code } => check_cmd::explain(code.as_deref()),
        Command::New { name } => check_cmd::new(&name),
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
            } else if report.downcast_ref::<usage::Usage>().is_some() {
                ExitCode::from(usage::USAGE_EXIT)
            } else {
                ExitCode::FAILURE
            }
        }
    }
}
