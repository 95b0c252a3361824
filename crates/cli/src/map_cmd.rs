//! `brink map`: a deterrence map, the most likely outcome over a grid of two parameters, as
//! SVG or PNG, with a progress bar and a clean stop on Ctrl-C.

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use brink_scenario::Measure;
use brink_sweep::{Control, GridAxis, Plan, Shard, Sweep};
use clap::Args;
use indicatif::ProgressBar;
use miette::Report;

use crate::interrupt::{stop_on_ctrl_c, Stopped};
use crate::sweep_cmd::{
    advance, axis, parse_measure, prepare, progress_bar, sweep_error, with_threads, Prepared,
};

#[derive(Args)]
#[command(after_help = "\
Examples:
  brink map scenarios/latvia.toml --x p_resolute --y stake -o map.svg
  brink map scenarios/latvia.toml --x p_resolute=0:1:81 --y stake=0:10:41 -o fine.png
  brink map scenarios/latvia.toml --x p_resolute --y stake --measure 'P(start.invade)' -o m.svg

Each cell of the grid is solved exactly; its colour is the most likely outcome of the
equilibrium there, and the lines between colours are where the answer changes. A .png file
is rendered from the same picture at twice its size. Ctrl-C stops after the points under
way and writes nothing.")]
pub struct MapArgs {
    /// The scenario file (.toml).
    file: PathBuf,
    /// The horizontal parameter: NAME (its declared range), NAME=LOW:HIGH or NAME=LOW:HIGH:N.
    #[arg(long, value_name = "NAME[=LOW:HIGH[:N]]")]
    x: String,
    /// The vertical parameter, written like --x.
    #[arg(long, value_name = "NAME[=LOW:HIGH[:N]]")]
    y: String,
    /// Grid points along x (unless --x gives N).
    #[arg(long, default_value_t = 41)]
    xn: usize,
    /// Grid points along y (unless --y gives N).
    #[arg(long, default_value_t = 41)]
    yn: usize,
    /// The variant to map (default: the base scenario).
    #[arg(long, short)]
    variant: Option<String>,
    /// Fix another parameter: NAME=VALUE (repeatable).
    #[arg(long = "set", value_name = "NAME=VALUE")]
    sets: Vec<String>,
    /// Also show a measure in each cell: P(outcome), P(node.move) or E(player).
    #[arg(long, value_name = "M")]
    measure: Option<String>,
    /// Threads to use (default: all cores).
    #[arg(long, value_name = "T")]
    threads: Option<usize>,
    /// The file to write: .svg, or .png for a picture rendered from the SVG.
    #[arg(long, short)]
    output: PathBuf,
}

/// How a map run is shown and stopped.
pub struct MapRun {
    /// Show a progress bar (on standard error, when it is a terminal).
    pub progress: bool,
    /// The flag that stops the run between points.
    pub stop: Option<Arc<AtomicBool>>,
}

/// The SVG of a deterrence map of `p` over axes `x` and `y`. A raised stop flag ends the run
/// between points with a [`Stopped`] error saying how far it got; no picture is made from a
/// partial grid.
pub fn map_svg(
    p: &Prepared,
    x: GridAxis,
    y: GridAxis,
    measure: Option<Measure>,
    threads: Option<usize>,
    run: &MapRun,
) -> Result<String, Report> {
    let (xname, yname) = (x.param.clone(), y.param.clone());
    if xname == yname {
        return Err(usage!("--x and --y must be two different parameters"));
    }
    let plan = Plan::grid(vec![x, y]).map_err(|e| sweep_error(e, &p.compiled))?;
    let total = plan.len();
    let mut sweep = Sweep::with_base(p.compiled.clone(), plan, p.base.clone())
        .map_err(|e| sweep_error(e, &p.compiled))?;
    let value = measure.as_ref().map(|m| format!("measure:{m}"));
    if let Some(m) = measure {
        sweep = sweep.with_measures(vec![m]);
    }
    let bar = if run.progress {
        progress_bar("map")
    } else {
        ProgressBar::hidden()
    };
    let first = AtomicBool::new(true);
    let report = |done: usize, total: usize| advance(&bar, &first, done, total);
    let control = Control {
        stop: run.stop.clone(),
        progress: Some(&report),
    };
    let rows = with_threads(threads, || sweep.rows(Shard::ALL, &control))?;
    bar.finish_and_clear();
    if rows.len() < total {
        return Err(Stopped::report(
            format!(
                "{} of the map's {total} points were solved; a map needs them all, so none is drawn",
                rows.len()
            ),
            None,
        ));
    }
    let title = match p.compiled.variant() {
        Some(v) => format!("{} ({v})", p.scenario.title),
        None => p.scenario.title.clone(),
    };
    let mut map = sweep
        .region_map(&rows, &xname, &yname, value.as_deref(), &title)
        .map_err(|e| sweep_error(e, &p.compiled))?;
    // The boundaries, located exactly on every row and column where the outcome changes.
    let control = Control {
        stop: run.stop.clone(),
        progress: None,
    };
    if run.progress {
        eprintln!("locating the boundaries");
    }
    map.crossings = with_threads(threads, || {
        sweep.map_crossings(&rows, &xname, &yname, &control)
    })?
    .map_err(|e| sweep_error(e, &p.compiled))?;
    describe_map(&mut map, p, &xname, &yname);
    Ok(brink_report::region_map(&map))
}

/// What the map shows, in its subtitle, axis captions and marker: the variant, the values
/// held fixed, each axis's meaning, and the scenario's own point.
fn describe_map(map: &mut brink_report::RegionMap, p: &Prepared, x: &str, y: &str) {
    let params = p.compiled.params();
    let defaults = p.compiled.param_values(&[]).unwrap_or_default();
    let set: Vec<String> = params
        .iter()
        .zip(&p.base)
        .zip(&defaults)
        .filter(|((q, v), d)| q.name != x && q.name != y && v != d)
        .map(|((q, v), _)| format!("{} = {v}", q.name))
        .collect();
    let fixed = if set.is_empty() {
        "other assumptions at the scenario's values".to_string()
    } else {
        format!("{}; the others at the scenario's values", set.join(", "))
    };
    map.subtitle = Some(format!(
        "Most likely outcome in the selected equilibrium · variant {} · {fixed}",
        p.compiled.variant().unwrap_or("base")
    ));
    let caption = |name: &str| -> Option<String> {
        let about = &params.iter().find(|q| q.name == name)?.about;
        if about.is_empty() {
            return None;
        }
        let about: String = if about.chars().count() > 60 {
            format!("{}…", about.chars().take(59).collect::<String>().trim_end())
        } else {
            about.clone()
        };
        Some(format!("{name}: {about}"))
    };
    map.x_label = caption(x);
    map.y_label = caption(y);
    let at = |name: &str| -> Option<f64> {
        let k = params.iter().position(|q| q.name == name)?;
        Some(brink_game::rational_to_f64(&p.base[k]))
    };
    // The point the other answers are about: the scenario's own values, or those set.
    let label = if p.base == defaults {
        "scenario's values"
    } else {
        "values set"
    };
    if let (Some(mx), Some(my)) = (at(x), at(y)) {
        map.marker = Some((mx, my, label.into()));
    }
}

pub fn run(args: &MapArgs) -> Result<(), Report> {
    let format = crate::picture::format_of(&args.output, true)?;
    let p = prepare(&args.file, args.variant.as_deref(), &args.sets)?;
    let x = axis(&args.x, args.xn, &p.compiled)?;
    let y = axis(&args.y, args.yn, &p.compiled)?;
    let measure = args
        .measure
        .as_deref()
        .map(|m| parse_measure(m, &p))
        .transpose()?;
    let run = MapRun {
        progress: true,
        stop: Some(stop_on_ctrl_c()),
    };
    // A stop raised while the last points finished leaves a whole map, which is written.
    let svg = map_svg(&p, x, y, measure, args.threads, &run)?;
    crate::picture::write(&args.output, format, &svg)?;
    eprintln!("wrote {}", crate::output::name(&args.output));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sweep_cmd::tests::latvia;

    #[test]
    fn a_raised_stop_flag_stops_the_map_and_draws_nothing() {
        let p = latvia();
        let grid = |stop: bool| -> Result<String, Report> {
            let x = axis("p_resolute", 4, &p.compiled)?;
            let y = axis("stake=0:10", 3, &p.compiled)?;
            let run = MapRun {
                progress: false,
                stop: Some(Arc::new(AtomicBool::new(stop))),
            };
            map_svg(&p, x, y, None, Some(1), &run)
        };
        let err = grid(true).expect_err("a stopped map is an error");
        let stopped = err
            .downcast_ref::<Stopped>()
            .expect("the error is a stop, for exit code 130");
        assert!(
            stopped
                .message
                .contains("0 of the map's 12 points were solved"),
            "{}",
            stopped.message
        );
        // The same map without the flag is drawn.
        let svg = grid(false).expect("the map is drawn");
        assert!(svg.starts_with("<svg"));
    }
}
