//! `brink sweep`, `brink map` and `brink thresholds`: a scenario over many parameter values.
//!
//! The computations live in `brink-sweep`; this module reads the arguments, shows progress,
//! handles Ctrl-C and words the results.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use brink_game::{rational_to_f64, Rational};
use brink_scenario::{CompiledScenario, Measure, Scenario};
use brink_sweep::{
    declared_ranges, journal_path, merge, thresholds, Control, Criterion, Format, GridAxis,
    ParamRange, Plan, Sampling, Shard, Sweep, SweepError, Threshold, ThresholdSearch,
    PARQUET_SUPPORTED,
};
use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use miette::{miette, Report};
use serde_json::json;

use crate::input::{is_scenario, overrides, scenario_errors};

/// A scenario ready for sweeping: the loaded file, the compiled variant and the parameter
/// values every point starts from (defaults, with `--set` applied).
pub struct Prepared {
    pub scenario: Scenario,
    pub compiled: Arc<CompiledScenario>,
    pub base: Vec<Rational>,
}

/// Loads and compiles a scenario for a sweep, a map or a threshold search.
pub fn prepare(file: &Path, variant: Option<&str>, sets: &[String]) -> Result<Prepared, Report> {
    if !is_scenario(file) && !crate::input::is_gambit(file) {
        return Err(usage!(
            help =
                "sweeps, maps, thresholds and reports work on scenarios, whose parameters can vary",
            "{} is not a scenario file (.toml)",
            file.display()
        ));
    }
    let scenario = crate::input::load_scenario(file)?;
    let compiled = scenario
        .compile(variant)
        .map_err(|d| scenario_errors(vec![*d]))?;
    let base = compiled
        .param_values(&overrides(sets)?)
        .map_err(scenario_errors)?;
    Ok(Prepared {
        scenario,
        compiled: Arc::new(compiled),
        base,
    })
}

/// Turns a sweep error into a report. A plan that does not fit the scenario is a usage error
/// (exit code 2); an unknown parameter gets the closest name, if one is close, and the list
/// of known ones.
pub fn sweep_error(e: SweepError, compiled: &CompiledScenario) -> Report {
    let text = e.to_string();
    let unknown = text.contains("no parameter");
    if unknown || text.contains("declares no range") {
        let names: Vec<String> = compiled
            .params()
            .iter()
            .map(|p| match &p.range {
                Some((lo, hi)) => format!("{} [{lo}, {hi}]", p.name),
                None => p.name.clone(),
            })
            .collect();
        // Some messages list the parameters themselves.
        let list = if text.contains("its parameters") {
            String::new()
        } else {
            format!("the parameters are: {}", names.join(", "))
        };
        // The messages name the parameter in backticks: `name`.
        let help = match text.split('`').nth(1) {
            Some(name) if unknown => brink_scenario::suggestion_hint(
                name,
                compiled.params().iter().map(|p| p.name.as_str()),
                &list,
            ),
            _ => list,
        };
        if help.is_empty() {
            usage!("{text}")
        } else {
            usage!(help = help.trim_end(), "{text}")
        }
    } else if matches!(e, SweepError::Plan(_)) {
        usage!("{text}")
    } else {
        miette!("{text}")
    }
}

/// A progress bar on standard error with rate and ETA, hidden when standard error is not a
/// terminal (so logs and pipes stay clean).
pub fn progress_bar(what: &str) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(
        Some(0),
        if std::io::stderr().is_terminal() {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        },
    );
    let template = format!(
        "{{spinner}} {what} [{{elapsed_precise}}] {{wide_bar}} {{pos}}/{{len}} points, \
         {{rate}}, ETA {{eta}}"
    );
    if let Ok(style) = ProgressStyle::with_template(&template) {
        bar.set_style(style.with_key(
            "rate",
            |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                let _ = write!(w, "{:.0} points/s", state.per_sec());
            },
        ));
    }
    bar
}

/// Moves `bar` to `done` of `total`. The first report may include points kept from an
/// earlier run, so the rate estimate starts afresh after it rather than counting them as
/// solved in no time.
pub fn advance(bar: &ProgressBar, first: &AtomicBool, done: usize, total: usize) {
    bar.set_length(total as u64);
    bar.set_position(done as u64);
    if first.swap(false, Ordering::Relaxed) {
        bar.reset_eta();
    }
}

/// Runs `f` on a rayon pool of `threads` threads (all cores when `None`).
pub fn with_threads<T: Send>(
    threads: Option<usize>,
    f: impl FnOnce() -> T + Send,
) -> Result<T, Report> {
    match threads {
        None => Ok(f()),
        Some(0) => Err(usage!("--threads must be at least 1")),
        Some(n) => rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .map(|pool| pool.install(f))
            .map_err(|e| miette!("cannot start {n} threads: {e}")),
    }
}

#[derive(Args, Clone)]
#[command(after_help = "\
Examples:
  brink sweep scenarios/latvia.toml --vary p_resolute=0:1:101 -o p.csv
  brink sweep scenarios/latvia.toml --vary p_resolute=0:1:21 --vary stake=0:20:21 -o grid.csv
  brink sweep scenarios/latvia.toml --sample 10000 --seed 7 --lhs -o lhs.csv
  brink sweep scenarios/latvia.toml --sample 1000 --over stake=1:10 --over p_resolute -o mc.csv
  brink sweep scenarios/latvia.toml --vary stake=0:20:201 --shard 2/4 -o part2.csv
  brink sweep --merge part1.csv part2.csv part3.csv part4.csv -o all.csv
  brink sweep scenarios/latvia.toml --sample 100000 --seed 7 -o mc.parquet

Each row of the CSV is one point: the varied parameters, the probability of each outcome and
of each move in the equilibrium, each player's expected payoff, the max regret (checked
again, exactly), the status, the most likely outcome and how many equilibria were found.
The file is the same whatever the number of threads or shards. Ctrl-C keeps every finished
point; the same command with --resume finishes the file without repeating a point.

A .parquet file has the same columns (numbers as doubles, null where the CSV is empty). The
rows go first to a CSV journal beside it, NAME.parquet.partial.csv, which --resume continues;
the Parquet file is written from it when the sweep is complete, and the journal removed.
--merge takes and writes either format. Every results file has NAME.settings beside it (the
scenario's fingerprint, variant, fixed parameters, plan, measures, version and shard): --resume
refuses a file written with other settings, and --merge refuses shards of different sweeps, or
a missing or incomplete shard unless --partial is given. Parquet needs a brink built with the `parquet`
feature (cargo install --path crates/cli --features parquet).")]
pub struct SweepArgs {
    /// The scenario file (.toml). Not used with --merge.
    #[arg(required_unless_present = "merge")]
    file: Option<PathBuf>,
    /// The variant to sweep (default: the base scenario).
    #[arg(long, short)]
    variant: Option<String>,
    /// Fix a parameter for every point: NAME=VALUE (repeatable).
    #[arg(long = "set", value_name = "NAME=VALUE")]
    sets: Vec<String>,
    /// A grid axis: NAME=LOW:HIGH:N, N evenly spaced values from LOW to HIGH (both
    /// included; exact, e.g. 0:1/3:5). Repeat for a full grid; the first varies fastest.
    #[arg(long, value_name = "NAME=LOW:HIGH:N", conflicts_with_all = ["sample", "merge"])]
    vary: Vec<String>,
    /// Instead of a grid: N random points (Monte Carlo, or Latin hypercube with --lhs) over
    /// the --over ranges, or over every parameter with a declared range.
    #[arg(long, value_name = "N", conflicts_with = "merge")]
    sample: Option<usize>,
    /// The random seed of --sample: the same seed gives the same points.
    #[arg(long, default_value_t = 0, requires = "sample")]
    seed: u64,
    /// With --sample: a Latin hypercube (every stratum of every range used once).
    #[arg(long, requires = "sample")]
    lhs: bool,
    /// With --sample: a range to sample, NAME=LOW:HIGH, or NAME for its declared range
    /// (repeatable; default: every parameter with a declared range).
    #[arg(long, value_name = "NAME[=LOW:HIGH]", requires = "sample")]
    over: Vec<String>,
    /// Extra columns: a measure P(outcome), P(node.move) or E(player) (repeatable).
    #[arg(long, value_name = "M")]
    measure: Vec<String>,
    /// Run only shard K of N (points whose index is K-1 modulo N); merge the shards' files
    /// with --merge.
    #[arg(long, value_name = "K/N")]
    shard: Option<String>,
    /// Keep the points already in the output file (from a stopped or killed run) and solve
    /// only the rest. For a .parquet output, the points are in its journal
    /// NAME.parquet.partial.csv until the sweep completes.
    #[arg(long)]
    resume: bool,
    /// Replace an existing output file (and a .parquet output's journal) instead of refusing
    /// to; without it or --resume, an existing output is left as it is.
    #[arg(long, conflicts_with = "resume")]
    force: bool,
    /// Threads to use (default: all cores).
    #[arg(long, value_name = "T")]
    threads: Option<usize>,
    /// Merge the files (CSV or Parquet) of the shards of one sweep (given here) into -o, in
    /// index order.
    #[arg(long, value_name = "CSV", num_args = 1.., conflicts_with_all = ["file", "shard", "resume"])]
    merge: Vec<PathBuf>,
    /// With --merge: merge the shards given even if some shard is missing or incomplete (or
    /// has no settings file), and list the missing points. Resuming the merged file with the
    /// unsharded command solves them.
    #[arg(long, requires = "merge")]
    partial: bool,
    /// The file to write: .csv, or .parquet (written when the sweep completes); `-` writes
    /// the CSV to standard output when the sweep is complete.
    #[arg(long, short)]
    output: PathBuf,
}

/// Builds the plan of `brink sweep` from its arguments.
fn sweep_plan(args: &SweepArgs, compiled: &CompiledScenario) -> Result<Plan, Report> {
    let plan = match args.sample {
        None => {
            if args.vary.is_empty() {
                return Err(usage!(
                    help = "e.g. --vary p_resolute=0:1:21, or --sample 1000 --seed 1",
                    "say what to vary: --vary NAME=LOW:HIGH:N (repeatable) or --sample N"
                ));
            }
            let axes = args
                .vary
                .iter()
                .map(|v| GridAxis::parse(v))
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| sweep_error(e, compiled))?;
            Plan::grid(axes)
        }
        Some(n) => {
            // The ranges in the order given (it is the order of the columns); none given
            // means every parameter with a declared range.
            let mut ranges = Vec::new();
            for o in &args.over {
                let range = if o.contains('=') {
                    ParamRange::parse(o).map_err(|e| sweep_error(e, compiled))?
                } else {
                    declared_ranges(compiled.params(), &[o.trim().to_string()])
                        .map_err(|e| sweep_error(e, compiled))?
                        .remove(0)
                };
                ranges.push(range);
            }
            if ranges.is_empty() {
                ranges = declared_ranges(compiled.params(), &[])
                    .map_err(|e| sweep_error(e, compiled))?;
            }
            let sampling = if args.lhs {
                Sampling::LatinHypercube
            } else {
                Sampling::MonteCarlo
            };
            Plan::sample(ranges, n, args.seed, sampling)
        }
    };
    plan.map_err(|e| sweep_error(e, compiled))
}

/// Reads measures and checks them against the scenario (at its base values, solved once): a
/// name that is not an outcome, a move or a player would otherwise give an empty column
/// without a word. A measure that cannot be read, or names nothing, is a usage error; one that
/// names nothing gets the closest measure there is, if one is close.
fn parse_measures(texts: &[String], p: &Prepared) -> Result<Vec<Measure>, Report> {
    let measures = texts
        .iter()
        .map(|t| {
            Measure::parse(t).ok_or_else(|| {
                usage!(
                    help = "write P(outcome), P(node.move) or E(player), e.g. P(status_quo)",
                    "cannot read the measure `{t}`"
                )
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    if measures.is_empty() {
        return Ok(measures);
    }
    // If the base point cannot be analysed, the check is left to the rows (whose message
    // column says why).
    let Ok(answer) = brink_scenario::analyze_compiled(&p.compiled, &p.base) else {
        return Ok(measures);
    };
    match measures.iter().find(|m| answer.measure(m).is_none()) {
        None => Ok(measures),
        Some(m) => Err(unknown_measure(m, &answer, p)),
    }
}

/// [`parse_measures`] for one measure.
pub fn parse_measure(text: &str, p: &Prepared) -> Result<Measure, Report> {
    let mut measures = parse_measures(&[text.to_string()], p)?;
    Ok(measures.remove(0))
}

/// The usage error for a measure that names nothing in `answer`'s scenario.
fn unknown_measure(measure: &Measure, answer: &brink_scenario::Answer, p: &Prepared) -> Report {
    let outcomes: Vec<&str> = answer
        .equilibrium
        .outcomes
        .iter()
        .map(|o| o.outcome.as_str())
        .collect();
    let players: Vec<&str> = answer
        .equilibrium
        .payoffs
        .iter()
        .map(|o| o.player.as_str())
        .collect();
    let list = format!(
        "the outcomes are {}; the players are {}; moves are node.move as in the scenario",
        outcomes.join(", "),
        players.join(", ")
    );
    // A measure given a type is suggested on its event, the part most likely mistyped.
    let event = match measure {
        Measure::Given { event, .. } => event.to_string(),
        other => other.to_string(),
    };
    let names = p.compiled.measure_names();
    usage!(
        help = brink_scenario::suggestion_hint(&event, names.iter().map(String::as_str), &list),
        "the measure `{measure}` names no outcome, move or player of the scenario"
    )
}

/// Refuses to replace an existing sweep output (or a Parquet output's journal, which holds the
/// points of a stopped run) unless the command says what to do with it: `--resume` keeps its
/// points, `--force` replaces it. Hours of solving are not lost to a repeated command.
fn refuse_to_overwrite(args: &SweepArgs, format: Format) -> Result<(), Report> {
    if args.force || args.resume {
        return Ok(());
    }
    let mut existing = vec![args.output.clone()];
    if format == Format::Parquet && args.merge.is_empty() {
        existing.push(journal_path(&args.output));
    }
    match existing.iter().find(|f| f.exists()) {
        None => Ok(()),
        Some(file) => Err(miette!(
            help = if args.merge.is_empty() {
                "add --resume to keep its points and solve only the rest, or --force to \
                 replace it (or choose another -o)"
            } else {
                "add --force to replace it, or choose another -o"
            },
            "{} already exists; it was left as it is",
            file.display()
        )),
    }
}

/// `brink sweep … -o -`: the sweep (or merge) is written to a scratch file, which is then
/// copied to standard output and removed; the rows come out in the same bytes as a file's.
fn sweep_to_stdout(args: &SweepArgs) -> Result<(), Report> {
    if args.resume {
        return Err(usage!(
            help = "write to a file to be able to resume: -o NAME.csv",
            "--resume needs an output file; standard output (-o -) cannot be resumed"
        ));
    }
    let scratch = std::env::temp_dir().join(format!("brink-sweep-{}.csv", std::process::id()));
    let to_file = SweepArgs {
        output: scratch.clone(),
        force: true,
        ..args.clone()
    };
    let result = sweep_into(&to_file, "standard output");
    let text = std::fs::read(&scratch);
    let _ = std::fs::remove_file(&scratch);
    let done = match result {
        Ok(done) => done,
        Err(e) if e.downcast_ref::<crate::interrupt::Stopped>().is_some() => {
            return Err(crate::interrupt::Stopped::report(
                "the sweep was stopped before it was complete; nothing was written to \
                 standard output",
                Some("write to a file (-o NAME.csv) to be able to resume a stopped sweep".into()),
            ));
        }
        Err(e) => return Err(e),
    };
    let text = text.map_err(|e| miette!("cannot read back {}: {e}", scratch.display()))?;
    crate::output::write_bytes(&text);
    // Said once the rows are out: a reader that went away has not been written to.
    eprintln!("{done}");
    Ok(())
}

pub fn run_sweep(args: &SweepArgs) -> Result<(), Report> {
    if crate::output::is_stdout(&args.output) {
        sweep_to_stdout(args)
    } else {
        let done = sweep_into(args, &args.output.display().to_string())?;
        eprintln!("{done}");
        Ok(())
    }
}

/// Runs the sweep (or merge) into the file `args.output`, and returns what was done, in words
/// that call the file `shown`.
fn sweep_into(args: &SweepArgs, shown: &str) -> Result<String, Report> {
    let Some(format) = Format::of(&args.output) else {
        return Err(usage!(
            help = "end the file name with .csv or .parquet",
            "{}: sweeps are written as CSV or Parquet",
            args.output.display()
        ));
    };
    // A build without Parquet says so before any point is solved.
    let parquet = std::iter::once(&args.output)
        .chain(&args.merge)
        .find(|f| Format::of(f) == Some(Format::Parquet));
    if let (Some(file), false) = (parquet, PARQUET_SUPPORTED) {
        return Err(usage!(
            help = "install a brink that writes Parquet with \
                    `cargo install --path crates/cli --features parquet`, or use .csv",
            "{}: this brink was built without Parquet support",
            file.display()
        ));
    }
    refuse_to_overwrite(args, format)?;
    if !args.merge.is_empty() {
        let summary = merge(&args.merge, &args.output, args.partial).map_err(|e| miette!("{e}"))?;
        let mut done = format!(
            "merged {} files: {} points written to {shown}",
            args.merge.len(),
            summary.rows,
        );
        if summary.missing_count > 0 {
            let shown_file = shown;
            let missing: Vec<String> = summary
                .missing
                .iter()
                .take(20)
                .map(|&(a, b)| {
                    if a == b {
                        a.to_string()
                    } else {
                        format!("{a}-{b}")
                    }
                })
                .collect();
            let more = if summary.missing.len() > 20 {
                ", and more"
            } else {
                ""
            };
            done.push_str(&format!(
                "\npartial merge: {} points missing (indices {}{more}); resume {shown_file} with \
                 the unsharded sweep command and --resume to solve them",
                summary.missing_count,
                missing.join(", "),
            ));
        } else if !summary.checked {
            done.push_str(
                "\npartial merge: some files had no settings file, so brink could not tell \
                 whether points are missing",
            );
        }
        return Ok(done);
    }
    let Some(file) = &args.file else {
        return Err(usage!("give a scenario file, or --merge with CSV files"));
    };
    let p = prepare(file, args.variant.as_deref(), &args.sets)?;
    let plan = sweep_plan(args, &p.compiled)?;
    let shard = match &args.shard {
        Some(s) => Shard::parse(s).map_err(|e| usage!(help = "e.g. --shard 2/4", "{e}"))?,
        None => Shard::ALL,
    };
    let measures = parse_measures(&args.measure, &p)?;
    let compiled = p.compiled.clone();
    let sweep = Sweep::with_base(p.compiled, plan, p.base)
        .map_err(|e| sweep_error(e, &compiled))?
        .with_measures(measures);
    let bar = progress_bar("sweep");
    let first = AtomicBool::new(true);
    let report = |done: usize, total: usize| advance(&bar, &first, done, total);
    let control = Control {
        stop: Some(crate::interrupt::stop_on_ctrl_c()),
        progress: Some(&report),
    };
    let summary = with_threads(args.threads, || {
        sweep.write_results(&args.output, shard, args.resume, &control)
    })?
    .map_err(|e| miette!("{e}"))?;
    bar.finish_and_clear();
    let done = summary.kept + summary.written;
    if summary.stopped {
        let mut again: Vec<String> = std::env::args().collect();
        if !again.iter().any(|a| a == "--resume") {
            again.push("--resume".into());
        }
        return Err(crate::interrupt::Stopped::report(
            format!(
                "{done} of {} points are in {}",
                summary.total,
                match format {
                    Format::Parquet => format!(
                        "{} (the Parquet file is written when the sweep is complete)",
                        journal_path(&args.output).display()
                    ),
                    _ => args.output.display().to_string(),
                }
            ),
            Some(format!("to finish it, run: {}", again.join(" "))),
        ));
    }
    let mut note = String::new();
    if summary.kept > 0 {
        note.push_str(&format!(", {} kept from before", summary.kept));
    }
    if summary.failed > 0 {
        note.push_str(&format!(
            ", {} could not be analysed (status `error`, see the message column)",
            summary.failed
        ));
    }
    Ok(format!("wrote {done} points to {shown}{note}"))
}

/// Reads an axis given as `NAME` (its declared range, `steps` values) or `NAME=LOW:HIGH:N`
/// or `NAME=LOW:HIGH` (`steps` values).
pub fn axis(text: &str, steps: usize, compiled: &CompiledScenario) -> Result<GridAxis, Report> {
    let err = |e| sweep_error(e, compiled);
    match text.split_once('=') {
        Some((_, spec)) if spec.matches(':').count() == 2 => GridAxis::parse(text).map_err(err),
        Some((name, _)) => {
            let r = ParamRange::parse(text).map_err(err)?;
            GridAxis::new(name.trim(), r.lo, r.hi, steps).map_err(err)
        }
        None => {
            let r = declared_ranges(compiled.params(), &[text.trim().to_string()])
                .map_err(err)?
                .remove(0);
            GridAxis::new(&r.param, r.lo, r.hi, steps).map_err(err)
        }
    }
}

#[derive(Args)]
#[command(after_help = "\
Examples:
  brink thresholds scenarios/latvia.toml --vary p_resolute
  brink thresholds scenarios/latvia.toml --vary stake=0:10 --set p_resolute=0.3 --json
  brink thresholds scenarios/latvia.toml --vary p_resolute --measure 'P(start.invade)' --level 0.5

The range is scanned in --steps intervals; each change found is narrowed by bisection to a
tiny bracket, and the threshold is the simplest fraction in it, checked just below and just
above. Such a threshold is marked exact. A change that reverts within one interval of the
scan is not seen: use more --steps to look closer. So the list is never called complete:
the output says how it was found and what it can miss (JSON: \"complete\": false and a
\"coverage\" sentence).")]
pub struct ThresholdsArgs {
    /// The scenario file (.toml).
    file: PathBuf,
    /// The parameter to vary: NAME (over its declared range) or NAME=LOW:HIGH.
    #[arg(long, value_name = "NAME[=LOW:HIGH]")]
    vary: String,
    /// The variant (default: the base scenario).
    #[arg(long, short)]
    variant: Option<String>,
    /// Fix another parameter: NAME=VALUE (repeatable).
    #[arg(long = "set", value_name = "NAME=VALUE")]
    sets: Vec<String>,
    /// Watch a measure crossing --level instead of the most likely outcome.
    #[arg(long, value_name = "M", requires = "level")]
    measure: Option<String>,
    /// The level for --measure (exact, e.g. 0.5 or 1/3).
    #[arg(long, requires = "measure")]
    level: Option<String>,
    /// Intervals of the first scan.
    #[arg(long, default_value_t = THRESHOLD_STEPS)]
    steps: usize,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
}

/// Intervals of the first scan of a threshold search, unless the user says otherwise (the
/// report uses it too).
pub const THRESHOLD_STEPS: usize = 200;

/// The threshold search over `vary` (`NAME` or `NAME=LOW:HIGH`) with `steps` intervals.
pub fn find_thresholds(
    p: &Prepared,
    vary: &str,
    steps: usize,
    criterion: Criterion,
    stop: Option<Arc<AtomicBool>>,
) -> Result<(ThresholdSearch, Vec<Threshold>), Report> {
    let range = if vary.contains('=') {
        ParamRange::parse(vary).map_err(|e| sweep_error(e, &p.compiled))?
    } else {
        declared_ranges(p.compiled.params(), &[vary.trim().to_string()])
            .map_err(|e| sweep_error(e, &p.compiled))?
            .remove(0)
    };
    // Bisection narrows each change to 2^-40 of the range: far below any difference a
    // scenario's written numbers make, and about 40 solves per threshold.
    let width = &range.hi - &range.lo;
    let tolerance = width.clone() / Rational::from_integer((1u64 << 40).into());
    let search = ThresholdSearch {
        param: range.param,
        lo: range.lo,
        hi: range.hi,
        steps,
        tolerance: if num_traits::Zero::is_zero(&width) {
            Rational::from_integer(1.into())
        } else {
            tolerance
        },
        criterion,
    };
    let control = Control {
        stop: stop.clone(),
        progress: None,
    };
    let found = thresholds(&p.compiled, &p.base, &search, &control)
        .map_err(|e| sweep_error(e, &p.compiled))?;
    if crate::interrupt::raised(&stop) {
        // The thresholds found before the stop are real, but others may be missing: say so
        // instead of printing a list that looks complete.
        let so_far: Vec<String> = found
            .iter()
            .map(|t| format!("{} = {}", t.param, t.value))
            .collect();
        return Err(crate::interrupt::Stopped::report(
            format!(
                "the threshold search for `{}` was not finished; found so far: {}",
                search.param,
                if so_far.is_empty() {
                    "none".to_string()
                } else {
                    so_far.join(", ")
                }
            ),
            Some("run it again to the end for the complete list".into()),
        ));
    }
    Ok((search, found))
}

/// A rational as a short decimal for people.
pub fn decimal(r: &Rational) -> String {
    let x = rational_to_f64(r);
    let s = format!("{x:.6}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".into()
    } else {
        s.to_string()
    }
}

pub fn run_thresholds(args: &ThresholdsArgs) -> Result<(), Report> {
    let p = prepare(&args.file, args.variant.as_deref(), &args.sets)?;
    let criterion = match (&args.measure, &args.level) {
        (Some(m), Some(level)) => Criterion::Above {
            measure: parse_measures(std::slice::from_ref(m), &p)?.remove(0),
            level: brink_game::parse_rational(level).ok_or_else(|| {
                usage!(help = "e.g. 0.5 or 1/3", "cannot read the level `{level}`")
            })?,
        },
        _ => Criterion::OutcomeClass,
    };
    let stop = Some(crate::interrupt::stop_on_ctrl_c());
    let (search, found) = find_thresholds(&p, &args.vary, args.steps, criterion, stop)?;
    if args.json {
        let items: Vec<_> = found
            .iter()
            .map(|t| {
                json!({
                    "param": t.param,
                    "value": t.value.to_string(),
                    "decimal": rational_to_f64(&t.value),
                    "below": t.below,
                    "above": t.above,
                    "at": t.at,
                    "exact": t.exact,
                    "bracket": [t.bracket.0.to_string(), t.bracket.1.to_string()],
                    "bracket_decimal": [rational_to_f64(&t.bracket.0), rational_to_f64(&t.bracket.1)],
                })
            })
            .collect();
        let out = json!({
            "param": search.param,
            "range": [search.lo.to_string(), search.hi.to_string()],
            "steps": search.steps,
            "thresholds": items,
            "complete": false,
            "coverage": search.coverage(),
        });
        println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
        return Ok(());
    }
    let watched = match &search.criterion {
        Criterion::OutcomeClass => "the most likely outcome".to_string(),
        Criterion::Above { measure, level } => format!("whether {measure} is above {level}"),
        _ => "the answer".to_string(),
    };
    println!(
        "{} from {} to {} ({} scan intervals), watching {watched}:",
        search.param, search.lo, search.hi, search.steps
    );
    if found.is_empty() {
        println!("  no change found by the scan.");
    }
    for t in &found {
        let exact = if t.exact {
            "exact (checked just below and just above)".to_string()
        } else {
            format!(
                "not confirmed exact: the change lies between {} and {}",
                decimal(&t.bracket.0),
                decimal(&t.bracket.1)
            )
        };
        println!(
            "  {} = {} ≈ {}: {exact}",
            t.param,
            t.value,
            decimal(&t.value)
        );
        println!(
            "    below: {}   above: {}   at the threshold itself: {}",
            t.below, t.above, t.at
        );
    }
    println!("Not proven complete: {}.", search.coverage());
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::interrupt::Stopped;

    /// The built-in Latvia scenario, prepared at its defaults (for this crate's unit tests).
    pub(crate) fn latvia() -> Prepared {
        let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/latvia.toml");
        prepare(&file, None, &[]).expect("the Latvia scenario loads")
    }

    #[test]
    fn a_raised_stop_flag_ends_the_threshold_search_as_unfinished() {
        let p = latvia();
        let search = |stop: bool| {
            find_thresholds(
                &p,
                "p_resolute",
                8,
                Criterion::OutcomeClass,
                Some(Arc::new(AtomicBool::new(stop))),
            )
        };
        let err = search(true).expect_err("a stopped search is an error");
        let stopped = err
            .downcast_ref::<Stopped>()
            .expect("the error is a stop, for exit code 130");
        assert!(
            stopped.message.contains("was not finished"),
            "{}",
            stopped.message
        );
        // Without the flag the same search finishes and finds the deterrence threshold.
        let (_, found) = search(false).expect("the search finishes");
        assert!(!found.is_empty(), "the prior of resolve has a threshold");
    }
}
