//! `brink report`: one self-contained HTML file with everything about a scenario.

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

use brink_game::rational_to_f64;
use brink_report::{
    html_report, line_plot, Assumption, Figure, LinePlot, ReportParts, Series, ThresholdRow,
};
use brink_sweep::{Control, Criterion, GridAxis, Plan, Shard, Sweep};
use clap::Args;
use miette::Report;

use crate::interrupt::{stop_on_ctrl_c, Stopped};
use crate::map_cmd::{map_svg, MapRun};
use crate::sweep_cmd::{
    advance, axis, decimal, find_thresholds, prepare, progress_bar, sweep_error, with_threads,
    THRESHOLD_STEPS,
};

#[derive(Args)]
#[command(after_help = "\
Examples:
  brink report scenarios/latvia.toml -o latvia.html
  brink report scenarios/latvia.toml --variant tripwire --map p_resolute,stake -o t.html

The report holds the scenario's story, its assumptions (each parameter with its value, range
and meaning), the answer in words, the game tree with the equilibrium, a deterrence map over
two parameters, where the answer changes along one parameter, and the verdicts of the claims
written in the scenario file. It loads nothing from the network: attach it to an email.
Ctrl-C stops after the points under way, says which parts were finished, and writes no
report (exit code 130).")]
pub struct ReportArgs {
    /// The scenario file (.toml).
    file: PathBuf,
    /// The HTML file to write.
    #[arg(long, short)]
    output: PathBuf,
    /// The variant (default: the base scenario).
    #[arg(long, short)]
    variant: Option<String>,
    /// Set a parameter: NAME=VALUE (repeatable).
    #[arg(long = "set", value_name = "NAME=VALUE")]
    sets: Vec<String>,
    /// The map's two parameters, X,Y, each NAME (its declared range) or NAME=LOW:HIGH
    /// (default: the first two parameters with declared ranges). Thresholds are found along X.
    #[arg(long, value_name = "X,Y")]
    map: Option<String>,
    /// Grid points per side of the map.
    #[arg(long, default_value_t = 21)]
    grid: usize,
    /// Grid points per parameter when checking the claims.
    #[arg(long, default_value_t = 5)]
    points: usize,
    /// Threads to use (default: all cores).
    #[arg(long, value_name = "T")]
    threads: Option<usize>,
}

fn value_text(p: &brink_scenario::Param, v: &brink_game::Rational) -> String {
    if p.boolean {
        if num_traits::Zero::is_zero(v) {
            "false".into()
        } else {
            "true".into()
        }
    } else if v.is_integer() {
        v.to_string()
    } else {
        format!("{} ({v})", decimal(v))
    }
}

/// The error of a report stopped by Ctrl-C: which parts were finished, and that no file was
/// written (a report missing parts would read as if they did not apply).
fn stopped(finished: &[&str], cut: &str) -> Report {
    let done = if finished.is_empty() {
        "nothing was finished".to_string()
    } else {
        format!("finished: {}", finished.join(", "))
    };
    Stopped::report(
        format!("{cut} was cut short ({done}); no report was written"),
        None,
    )
}

pub fn run(args: &ReportArgs) -> Result<(), Report> {
    let stop = Some(stop_on_ctrl_c());
    let mut finished: Vec<&str> = Vec::new();
    let variant = args.variant.as_deref();
    let p = prepare(&args.file, variant, &args.sets)?;
    let set: Vec<String> = crate::input::overrides(&args.sets)?
        .into_iter()
        .map(|(k, _)| k)
        .collect();
    let (solved, answer) = crate::draw_cmd::scenario_solved(&args.file, variant, &args.sets)?;
    let (tree, behavior) = solved;

    let assumptions = p
        .compiled
        .params()
        .iter()
        .zip(&p.base)
        .map(|(param, v)| Assumption {
            param: param.name.clone(),
            value: value_text(param, v),
            range: param
                .range
                .as_ref()
                .map(|(lo, hi)| format!("{lo} to {hi}"))
                .unwrap_or_default(),
            meaning: param.about.clone(),
            source: if set.contains(&param.name) {
                "set for this report".into()
            } else {
                "scenario default".into()
            },
        })
        .collect();

    let tree_svg = brink_report::draw_tree(
        &tree,
        &brink_report::TreeDrawing {
            behavior,
            ..Default::default()
        },
    );

    let ranged: Vec<String> = p
        .compiled
        .params()
        .iter()
        .filter(|q| !q.boolean && q.range.as_ref().is_some_and(|(lo, hi)| lo < hi))
        .map(|q| q.name.clone())
        .collect();
    let grid = args.grid.max(2);
    let (ax, ay) = match &args.map {
        Some(text) => match text.split_once(',') {
            Some((x, y)) => (
                Some(axis(x.trim(), grid, &p.compiled)?),
                Some(axis(y.trim(), grid, &p.compiled)?),
            ),
            None => {
                return Err(usage!(
                    help = "e.g. --map p_resolute,stake or --map p_resolute,stake=0:10",
                    "--map takes two parameters, X,Y"
                ))
            }
        },
        None => (
            ranged
                .first()
                .map(|n| axis(n, grid, &p.compiled))
                .transpose()?,
            ranged
                .get(1)
                .map(|n| axis(n, grid, &p.compiled))
                .transpose()?,
        ),
    };
    let mut maps = Vec::new();
    if let (Some(x), Some(y)) = (&ax, &ay) {
        eprintln!(
            "map: {} × {}, {}×{} points",
            x.param, y.param, x.steps, y.steps
        );
        let caption = format!(
            "The most likely outcome of the equilibrium as {} varies from {} to {} and {} from {} to {}, the other parameters as in the assumptions.",
            x.param, x.lo, x.hi, y.param, y.lo, y.hi
        );
        let run = MapRun {
            progress: true,
            stop: stop.clone(),
        };
        let svg = map_svg(&p, x.clone(), y.clone(), None, args.threads, &run).map_err(|e| {
            if e.downcast_ref::<Stopped>().is_some() {
                stopped(&finished, "the map")
            } else {
                e
            }
        })?;
        maps.push(Figure { caption, svg });
        finished.push("the map");
    }

    // Thresholds and a plot of the outcome probabilities along the map's first parameter.
    let mut threshold_rows = Vec::new();
    let mut threshold_plots = Vec::new();
    if let Some(line) = ax.filter(|a| a.lo < a.hi) {
        let x = &line.param;
        eprintln!("thresholds along {x}");
        let range = format!("{x}={}:{}", line.lo, line.hi);
        let found = with_threads(args.threads, || {
            find_thresholds(
                &p,
                &range,
                THRESHOLD_STEPS,
                Criterion::OutcomeClass,
                stop.clone(),
            )
        })?;
        let (search, found) = match found {
            Ok(found) => found,
            Err(e) if e.downcast_ref::<Stopped>().is_some() => {
                return Err(stopped(&finished, "the threshold search"))
            }
            Err(e) => return Err(e),
        };
        finished.push("the thresholds");
        if found.is_empty() {
            threshold_rows.push(ThresholdRow {
                parameter: x.clone(),
                value: "none".into(),
                change: "the most likely outcome is the same over the whole range".into(),
            });
        }
        let coverage = ThresholdRow {
            parameter: x.clone(),
            value: "searched".into(),
            change: format!("{} (the list is not proven complete)", search.coverage()),
        };
        for t in &found {
            threshold_rows.push(ThresholdRow {
                parameter: t.param.clone(),
                value: format!(
                    "{} ≈ {}{}",
                    t.value,
                    decimal(&t.value),
                    if t.exact { "" } else { " (approximate)" }
                ),
                change: format!("{} → {}", t.below, t.above),
            });
        }
        threshold_rows.push(coverage);
        let plan = Plan::grid(vec![GridAxis {
            steps: 81,
            ..line.clone()
        }])
        .map_err(|e| sweep_error(e, &p.compiled))?;
        let sweep = Sweep::with_base(p.compiled.clone(), plan, p.base.clone())
            .map_err(|e| sweep_error(e, &p.compiled))?;
        let bar = progress_bar("plot");
        let first = AtomicBool::new(true);
        let report = |done: usize, total: usize| advance(&bar, &first, done, total);
        let control = Control {
            stop: stop.clone(),
            progress: Some(&report),
        };
        let rows = with_threads(args.threads, || sweep.rows(Shard::ALL, &control))?;
        bar.finish_and_clear();
        if rows.len() < sweep.plan().len() {
            return Err(stopped(&finished, "the plot along the first parameter"));
        }
        finished.push("the plot");
        let series = sweep
            .outcomes()
            .iter()
            .filter_map(|o| {
                let c = sweep.column(&format!("P({o})"))?;
                let points: Vec<(f64, f64)> = rows
                    .iter()
                    .filter(|r| r.values[c].is_finite())
                    .map(|r| (rational_to_f64(&r.point[0]), r.values[c]))
                    .collect();
                // Outcomes that never happen anywhere on the line only clutter the plot.
                points.iter().any(|(_, y)| *y > 1e-12).then(|| Series {
                    name: o.clone(),
                    points,
                })
            })
            .collect();
        let plot = LinePlot {
            title: format!("Outcome probabilities along {x}"),
            x_name: x.clone(),
            y_name: "probability".into(),
            series,
            thresholds: found
                .iter()
                .map(|t| brink_report::Threshold {
                    x: rational_to_f64(&t.value),
                    label: t.value.to_string(),
                })
                .collect(),
            y_range: Some((0.0, 1.0)),
        };
        threshold_plots.push(Figure {
            caption: format!(
                "How likely each outcome is as {x} varies (81 points), thresholds marked."
            ),
            svg: line_plot(&plot),
        });
    }

    // The claims written in this scenario file.
    let (claims, claims_chart) = if p.scenario.claims.is_empty() {
        (Vec::new(), None)
    } else {
        eprintln!("claims: {}", p.scenario.claims.len());
        let bar = progress_bar("claims");
        let first = AtomicBool::new(true);
        let report = |done: usize, total: usize| advance(&bar, &first, done, total);
        let control = Control {
            stop: stop.clone(),
            progress: Some(&report),
        };
        let checked = with_threads(args.threads, || {
            crate::claims_cmd::check_all(&args.file, args.points, &control)
        })?;
        bar.finish_and_clear();
        let checked = checked?;
        if checked.iter().any(|c| c.stopped.is_some()) {
            return Err(stopped(&finished, "the check of the claims"));
        }
        let (rows, chart) = crate::claims_cmd::report_parts(&checked);
        (
            rows,
            Some(Figure {
                caption: "Where each claim holds, and how large its effect is.".into(),
                svg: brink_report::claims_chart(&chart),
            }),
        )
    };

    let mut subtitle = format!(
        "{}",
        args.file
            .file_name()
            .map(|f| f.to_string_lossy())
            .unwrap_or_default()
    );
    if let Some(v) = variant {
        subtitle.push_str(&format!(", variant {v}"));
    }
    if !args.sets.is_empty() {
        subtitle.push_str(&format!(", with {}", args.sets.join(", ")));
    }
    let parts = ReportParts {
        title: p.scenario.title.clone(),
        subtitle,
        story: p.scenario.about.clone(),
        assumptions,
        answer: answer.to_string(),
        tree: Some(Figure {
            caption: "The game tree. Branch labels give the equilibrium's probabilities; moves never taken are grey.".into(),
            svg: tree_svg,
        }),
        maps,
        thresholds: threshold_rows,
        threshold_plots,
        claims,
        claims_chart,
        footer: format!(
            "Made by brink {} with `brink report {}`. Each equilibrium is verified before it is shown; the answer above says how it was found.",
            env!("CARGO_PKG_VERSION"),
            std::env::args().skip(2).collect::<Vec<_>>().join(" ")
        ),
    };
    crate::output::write_file(&args.output, html_report(&parts).as_bytes())?;
    eprintln!("wrote {}", crate::output::name(&args.output));
    Ok(())
}
