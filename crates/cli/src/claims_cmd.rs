//! `brink claims`: every claim of the debate checked against its scenario, with a verdict.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use brink_game::{parse_rational, rational_to_f64, Rational};
use brink_report::{ClaimBar, ClaimChart, ClaimRow, EffectRange};
use brink_scenario::{check_claim_with, Claim, ClaimVerdict, Direction, Scenario};
use brink_sweep::{
    check_claim_lines, check_claim_range_shared, check_claim_robust, Control, Endpoint,
    LinesVerdict, RangeVerdict, RobustSolves, RobustVerdict, SolveCache, Status,
};
use clap::Args;
use miette::{miette, Report};
use rayon::prelude::*;
use serde_json::json;

use crate::input::scenario_errors;

#[derive(Args)]
#[command(after_help = "\
Examples:
  brink claims scenarios/claims.toml
  brink claims scenarios/ --points 21 -o claims.svg
  brink claims scenarios/latvia.toml --json

A claim compares a measure (P(outcome), P(node.move) or E(player)) between two variants of a
scenario and expects it lower or higher, over ranges of parameters.

A claim over one parameter is judged on intervals with exact ends: each variant is solved on
a scan of 20 x (--points - 1) intervals, every change of each variant's equilibrium (which
moves are played) and of the verdict is refined exactly by bisection, and the claim is
evaluated at every breakpoint and inside every interval between. The verdict lists where the
claim holds, fails and makes no difference, as intervals such as (21/125, 1/5), with the
effect in each and the shares of the range as exact ratios of lengths. An end is written as
a fraction when the change was seen just below and just above it (within 2^-56 of the range,
JSON \"confirmed\": true); otherwise as ≈ a decimal, with its bracket in the JSON. A change
narrower than the scan step can be missed, so the verdict says so and is never marked
complete.

With --robust N, each claim is also judged over the box of its scenario's parameter ranges:
a Latin hypercube of N points (seed --seed) over every parameter with a declared range that
either variant reads (a parameter in the claim's `over` over the claim's range; one the two
variants set to different values stays at each variant's value). Points that break the
scenario's stated assumptions (`assume`) are rejected and the share kept is reported. The
verdict gives the shares of the kept points where the claim holds, fails and makes no
difference, each with its binomial standard error and 95% Wilson interval, and the
parameters that decide it most: the correlation ratio (eta squared) of \"holds\" on 10
quantile bins of each parameter, with the level a parameter that does not matter gets by
chance.

A claim over two parameters is judged the same way along lines: exact intervals along the
first parameter on 2 x (--points - 1) + 1 evenly spaced values of the second; the verdict
says how many lines, and what lies between them is not examined. Its shares are the lines'
mean shares.

A claim over three or more parameters is checked on a grid of --points values per parameter
(every combination), each point solved exactly under both variants; its share is a share
of grid points.

Exit code 0 when every claim got a verdict. Ctrl-C stops after the work under way: the
claims finished by then are printed, the others are marked as not checked, no chart is
written, and the exit code is 130.")]
pub struct ClaimsArgs {
    /// A claims file (claims naming their scenario), a scenario file with [[claims]], or a
    /// directory: every .toml file in it (not its subdirectories).
    path: PathBuf,
    /// Grid points per parameter of a claim over several parameters; a claim over one
    /// parameter is scanned in 20 x (points - 1) intervals and refined exactly.
    #[arg(long, default_value_t = 11)]
    points: usize,
    /// Print JSON instead of text.
    #[arg(long, conflicts_with = "markdown")]
    json: bool,
    /// Print the verdicts as a Markdown table (one row per claim), e.g. for a README.
    #[arg(long)]
    markdown: bool,
    /// Also draw the verdicts as a chart (.svg, or .png rendered from it).
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Threads to use (default: all cores).
    #[arg(long, value_name = "T")]
    threads: Option<usize>,
    /// Also judge each claim on a Latin-hypercube sample of N points of its scenario's box
    /// (every ranged parameter either variant reads), kept to the scenario's `assume`.
    #[arg(long, value_name = "N")]
    robust: Option<usize>,
    /// The seed of --robust's sample: the same seed gives the same points and shares.
    #[arg(long, value_name = "S", default_value_t = 0, requires = "robust")]
    seed: u64,
}

/// A claim's verdict: on intervals (one parameter) or on a grid (several).
pub enum Verdict {
    /// Judged on a grid of points.
    Grid(ClaimVerdict),
    /// Judged on intervals with exact ends (boxed: it is the larger of the two).
    Range(Box<RangeVerdict>),
    /// Judged on intervals with exact ends along lines of a second parameter.
    Lines(Box<LinesVerdict>),
}

impl Verdict {
    /// `holds`, `fails`, `mixed` or `undecided`.
    pub fn summary(&self) -> &'static str {
        match self {
            Verdict::Grid(v) => v.summary(),
            Verdict::Range(v) => v.summary(),
            Verdict::Lines(v) => v.summary(),
        }
    }
}

/// A claim with the file it was read from and the scenario it is about.
pub struct Checked {
    pub file: PathBuf,
    pub claim: Claim,
    pub result: Result<Verdict, String>,
    /// `Some((done, total))` when the check was stopped before its end: the verdict then
    /// covers only part of the work and must not be shown as the claim's.
    pub stopped: Option<(usize, usize)>,
    /// The robustness over the scenario's box, when asked for (`--robust`).
    pub robust: Option<Result<RobustVerdict, String>>,
}

/// What `--robust N --seed S` asks for: a Latin hypercube of `points` points per claim.
#[derive(Clone, Copy, Debug)]
pub struct Robust {
    pub points: usize,
    pub seed: u64,
}

/// Intervals of the first scan of a claim over one parameter.
pub fn scan_intervals(points: usize) -> usize {
    points.max(2).saturating_sub(1).saturating_mul(20)
}

/// Lines of a claim over two parameters.
pub fn line_count(points: usize) -> usize {
    points
        .max(2)
        .saturating_sub(1)
        .saturating_mul(2)
        .saturating_add(1)
}

/// The progress bar's share of a claim: the grid points `check_claim_with` visits, as it
/// counts them (claims over too large a grid are refused at once and count for nothing), or
/// the scan points of a claim over one parameter.
fn grid_points(claim: &Claim, points: usize) -> usize {
    if claim.over.len() <= 2 {
        let scan = scan_intervals(points);
        let lines = if claim.over.len() == 2 {
            line_count(points)
        } else {
            1
        };
        return if scan.saturating_mul(lines) > brink_sweep::SCAN_LIMIT {
            0
        } else {
            (scan + 1).saturating_mul(lines)
        };
    }
    let total = (0..claim.over.len()).fold(1usize, |t, _| t.saturating_mul(points.max(2)));
    if total > 100_000 {
        0
    } else {
        total
    }
}

/// The words and numbers of one verdict.
pub struct Summary {
    /// "holds everywhere", "holds on 84/125 of the range", "fails", "no difference", ...
    pub verdict: String,
    /// The share of the range (or of the grid's points) where it holds strictly.
    pub share: f64,
    /// The claimed variant's measure minus the other's: low, mean, high.
    pub effect: Option<EffectRange>,
    /// For each parameter, the lowest and highest value among the failing points.
    pub fails_where: Vec<(String, String, String)>,
    /// A sentence with the details.
    pub detail: String,
}

fn value(text: &Option<String>) -> Option<Rational> {
    text.as_deref().and_then(parse_rational)
}

/// Which equilibrium a claim is judged on, where a variant has several.
pub const JUDGED: &str = "each point is judged on the equilibrium brink analyze shows first \
    (where a variant has several: the limit of the logit quantal-response equilibria, or the \
    first in the enumeration when that limit is not found), not on every equilibrium";

/// Summarises a verdict in words.
pub fn summarize(claim: &Claim, v: &Verdict) -> Summary {
    let mut s = match v {
        Verdict::Grid(v) => summarize_grid(claim, v),
        Verdict::Range(v) => summarize_range(claim, v),
        Verdict::Lines(v) => summarize_lines(claim, v),
    };
    s.detail.push_str(&format!(" Judged: {JUDGED}."));
    s
}

/// Summarises a verdict along lines: the mean shares, then each line where the claim fails
/// or makes no difference somewhere, with its intervals.
fn summarize_lines(claim: &Claim, v: &LinesVerdict) -> Summary {
    let exact = v.shares_exact();
    let holds = v.share(Status::Holds);
    let lines = v.lines.len();
    let verdict = match v.summary() {
        "holds"
            if v.lines
                .iter()
                .all(|l| l.pieces.iter().all(|p| p.status == Status::Holds)) =>
        {
            format!("holds everywhere on {lines} lines")
        }
        "undecided" => format!("no difference anywhere on {lines} lines"),
        "fails" => format!("fails on {lines} lines"),
        _ => format!(
            "holds on {} of the area (mean of {lines} lines)",
            share_text(&holds, exact)
        ),
    };
    let mut parts = Vec::new();
    let mut fails_where = Vec::new();
    for (value, line) in v.values.iter().zip(&v.lines) {
        let bad: Vec<String> = line
            .pieces
            .iter()
            .filter(|p| p.status != Status::Holds)
            .map(|p| {
                let interval = piece_text(&line.param, p);
                format!("{} {interval}", p.status.words())
            })
            .collect();
        for p in line.pieces.iter().filter(|p| p.status == Status::Fails) {
            fails_where.push((line.param.clone(), end_text(&p.from), end_text(&p.to)));
        }
        if !bad.is_empty() {
            parts.push(format!("at {} = {value}: {}", v.across, bad.join(", ")));
        }
    }
    let mut detail = format!(
        "{} ({} minus {}) along {}, on {lines} lines of {}",
        claim.measure, claim.variant, claim.against, v.param, v.across
    );
    if parts.is_empty() {
        detail.push_str(": holds along every line.");
    } else {
        detail.push_str(&format!(": {}.", parts.join("; ")));
    }
    for c in &v.changes {
        let at = if c.at.confirmed {
            format!("{} = {}", v.across, c.at.value)
        } else {
            format!(
                "{} between {} and {}",
                v.across,
                crate::sweep_cmd::decimal(&c.at.bracket.0),
                crate::sweep_cmd::decimal(&c.at.bracket.1)
            )
        };
        detail.push_str(&format!(
            " Across the lines the verdict changes at {at}: from ({}) to ({}).",
            c.below, c.above
        ));
    }
    detail.push_str(&format!(" Not proven complete: {}.", v.coverage()));
    let effects: Vec<f64> = v
        .lines
        .iter()
        .flat_map(|l| l.pieces.iter())
        .filter_map(|p| p.effect.as_ref())
        .flat_map(|(lo, hi)| [rational_to_f64(lo), rational_to_f64(hi)])
        .collect();
    let means: Vec<f64> = v
        .lines
        .iter()
        .filter_map(|l| l.scan_mean_effect.as_ref().map(rational_to_f64))
        .collect();
    let effect = (!effects.is_empty()).then(|| EffectRange {
        low: effects.iter().copied().fold(f64::INFINITY, f64::min),
        mean: if means.is_empty() {
            f64::NAN
        } else {
            means.iter().sum::<f64>() / means.len() as f64
        },
        high: effects.iter().copied().fold(f64::NEG_INFINITY, f64::max),
    });
    Summary {
        verdict,
        share: rational_to_f64(&holds),
        effect,
        fails_where,
        detail,
    }
}

/// An interval's end for people: the exact fraction when it is exact, else `≈` a decimal.
fn end_text(e: &Endpoint) -> String {
    if e.confirmed {
        e.value.to_string()
    } else {
        format!("≈{}", crate::sweep_cmd::decimal(&e.value))
    }
}

/// A piece of a range for people: `[1/20, ≈0.4286)`, or `p = 1/3` for a single point.
fn piece_text(param: &str, p: &brink_sweep::Piece) -> String {
    if p.from.value == p.to.value {
        format!("{param} = {}", end_text(&p.from))
    } else {
        format!(
            "{}{}, {}{}",
            if p.from_closed { "[" } else { "(" },
            end_text(&p.from),
            end_text(&p.to),
            if p.to_closed { "]" } else { ")" }
        )
    }
}

/// A share of the range: `8/225 (3.6%)`, `all`, or `≈3.6%` when an end is not exact.
fn share_text(share: &Rational, exact: bool) -> String {
    let percent = 100.0 * rational_to_f64(share);
    if exact && num_traits::One::is_one(share) {
        "all".to_string()
    } else if exact {
        format!("{share} ({percent:.1}%)")
    } else {
        format!("≈{percent:.1}%")
    }
}

/// The statuses in the order they are told.
const STATUSES: [Status; 4] = [
    Status::Holds,
    Status::Fails,
    Status::NoDifference,
    Status::NotAnalysed,
];

/// Summarises a verdict on intervals.
fn summarize_range(claim: &Claim, v: &RangeVerdict) -> Summary {
    let exact = v.shares_exact();
    let holds = v.share(Status::Holds);
    let has = |s: Status| v.pieces.iter().any(|p| p.status == s);
    let only = |s: Status| v.pieces.iter().all(|p| p.status == s);
    let points_where = |s: Status| -> Vec<String> {
        v.pieces
            .iter()
            .filter(|p| p.status == s && p.from.value == p.to.value)
            .map(|p| format!("{} = {}", v.param, end_text(&p.from)))
            .collect()
    };
    let verdict = if only(Status::Holds) {
        "holds everywhere".to_string()
    } else if num_traits::One::is_one(&holds) && exact {
        // Everywhere but at single points (where the two variants tie, say).
        let mut at: Vec<String> = Vec::new();
        for s in [Status::Fails, Status::NoDifference, Status::NotAnalysed] {
            at.extend(points_where(s));
        }
        format!("holds everywhere but at {}", at.join(", "))
    } else if !has(Status::Holds) && !has(Status::Fails) && has(Status::NoDifference) {
        "no difference anywhere".to_string()
    } else if !has(Status::Holds) {
        "fails".to_string()
    } else if num_traits::Zero::is_zero(&holds) {
        "holds only at single points".to_string()
    } else {
        format!("holds on {} of the range", share_text(&holds, exact))
    };
    let mut parts = Vec::new();
    for status in STATUSES {
        let pieces: Vec<_> = v.pieces.iter().filter(|p| p.status == status).collect();
        if pieces.is_empty() {
            continue;
        }
        let shown: Vec<String> = pieces
            .iter()
            .map(|p| {
                let interval = piece_text(&v.param, p);
                match &p.effect {
                    Some((lo, hi)) if status != Status::NoDifference && lo == hi => {
                        format!("{interval} (effect {:+.4})", rational_to_f64(lo))
                    }
                    Some((lo, hi)) if status != Status::NoDifference => format!(
                        "{interval} (effect {:+.4} to {:+.4})",
                        rational_to_f64(lo),
                        rational_to_f64(hi)
                    ),
                    _ => interval,
                }
            })
            .collect();
        let share = v.share(status);
        if num_traits::Zero::is_zero(&share) && exact {
            // Single points only: no share to speak of.
            parts.push(format!("{} at {}", status.words(), shown.join(", ")));
            continue;
        }
        parts.push(format!(
            "{} on {} of the range: {}",
            status.words(),
            share_text(&share, exact),
            shown.join(" ∪ ")
        ));
    }
    let mut detail = format!(
        "{} ({} minus {}) along {}: {}.",
        claim.measure,
        claim.variant,
        claim.against,
        v.param,
        parts.join("; ")
    );
    if !v.breakpoints.is_empty() {
        let list: Vec<String> = v
            .breakpoints
            .iter()
            .map(|b| {
                let at = if b.at.confirmed {
                    format!(
                        "{} ≈ {}",
                        b.at.value,
                        crate::sweep_cmd::decimal(&b.at.value)
                    )
                } else {
                    format!(
                        "between {} and {} (not confirmed exact)",
                        crate::sweep_cmd::decimal(&b.at.bracket.0),
                        crate::sweep_cmd::decimal(&b.at.bracket.1)
                    )
                };
                format!("{at} ({})", b.sources.join(", "))
            })
            .collect();
        detail.push_str(&format!(" Breakpoints: {}.", list.join("; ")));
    }
    detail.push_str(&format!(" Not proven complete: {}.", v.coverage));
    let effects: Vec<f64> = v
        .pieces
        .iter()
        .filter_map(|p| p.effect.as_ref())
        .flat_map(|(lo, hi)| [rational_to_f64(lo), rational_to_f64(hi)])
        .collect();
    let effect = (!effects.is_empty()).then(|| EffectRange {
        low: effects.iter().copied().fold(f64::INFINITY, f64::min),
        mean: v
            .scan_mean_effect
            .as_ref()
            .map_or(f64::NAN, rational_to_f64),
        high: effects.iter().copied().fold(f64::NEG_INFINITY, f64::max),
    });
    let fails_where = v
        .pieces
        .iter()
        .filter(|p| p.status == Status::Fails)
        .map(|p| (v.param.clone(), end_text(&p.from), end_text(&p.to)))
        .collect();
    Summary {
        verdict,
        share: rational_to_f64(&holds),
        effect,
        fails_where,
        detail,
    }
}

/// Summarises a verdict on a grid.
fn summarize_grid(claim: &Claim, v: &ClaimVerdict) -> Summary {
    let total = v.holds + v.ties + v.fails + v.errors;
    let share = if total == 0 {
        0.0
    } else {
        v.holds as f64 / total as f64
    };
    let verdict = if total > 0 && v.holds == total {
        "holds everywhere".to_string()
    } else if v.holds == 0 && v.fails == 0 && v.errors < total {
        "no difference anywhere".to_string()
    } else if v.holds == 0 {
        "fails".to_string()
    } else {
        format!("holds in {:.0}% of the range", 100.0 * share)
    };
    // The effect: claimed variant minus the other, where both were analysed.
    let effects: Vec<f64> = v
        .points
        .iter()
        .filter_map(|p| Some(rational_to_f64(&(value(&p.variant)? - value(&p.against)?))))
        .collect();
    let effect = (!effects.is_empty()).then(|| EffectRange {
        low: effects.iter().copied().fold(f64::INFINITY, f64::min),
        mean: effects.iter().sum::<f64>() / effects.len() as f64,
        high: effects.iter().copied().fold(f64::NEG_INFINITY, f64::max),
    });
    // Where it fails, and where it makes no difference.
    let compare = |p: &brink_scenario::ClaimPoint| -> Option<std::cmp::Ordering> {
        let (a, b) = (value(&p.variant)?, value(&p.against)?);
        Some(match claim.expect {
            Direction::Lower => b.cmp(&a),
            _ => a.cmp(&b),
        })
    };
    let fails_where = spans(claim, v, |p| compare(p) == Some(std::cmp::Ordering::Less));
    let ties_where = spans(claim, v, |p| compare(p) == Some(std::cmp::Ordering::Equal));
    let mut detail = format!(
        "{} of {total} points: holds at {}, fails at {}, no difference at {}",
        claim.measure, v.holds, v.fails, v.ties
    );
    if v.errors > 0 {
        detail.push_str(&format!(", could not be analysed at {}", v.errors));
    }
    detail.push('.');
    if let Some(e) = &effect {
        detail.push_str(&format!(
            " Average effect ({} minus {}): {:+.4} (from {:+.4} to {:+.4}).",
            claim.variant, claim.against, e.mean, e.low, e.high
        ));
    }
    if !claim.over.is_empty() {
        if v.fails > 0 {
            detail.push_str(&format!(" Fails for {}.", words(&fails_where)));
        }
        if v.ties > 0 && v.ties < total {
            detail.push_str(&format!(" No difference for {}.", words(&ties_where)));
        }
        detail.push_str(&format!(" Not proven complete: {}.", grid_coverage(claim)));
    }
    Summary {
        verdict,
        share,
        effect,
        fails_where,
        detail,
    }
}

/// What a grid verdict can miss, in one sentence.
fn grid_coverage(claim: &Claim) -> String {
    format!(
        "a grid over {} parameters; a change between grid points is not seen",
        claim.over.len()
    )
}

/// Where the points with a property lie: for a claim over one parameter, the runs of
/// consecutive grid values `(name, from, to)`; over several, the span of each parameter.
fn spans(
    claim: &Claim,
    v: &ClaimVerdict,
    property: impl Fn(&brink_scenario::ClaimPoint) -> bool,
) -> Vec<(String, String, String)> {
    let at = |p: &brink_scenario::ClaimPoint, j: usize| -> Option<(String, Rational)> {
        let (name, text) = p.at.get(j)?;
        Some((name.clone(), parse_rational(text)?))
    };
    let show = |(n, lo, hi): (String, Rational, Rational)| {
        (
            n,
            crate::sweep_cmd::decimal(&lo),
            crate::sweep_cmd::decimal(&hi),
        )
    };
    if claim.over.len() == 1 {
        let mut runs: Vec<(String, Rational, Rational)> = Vec::new();
        let mut open = false;
        for p in &v.points {
            let Some((name, x)) = at(p, 0) else { continue };
            if property(p) {
                match runs.last_mut() {
                    Some(run) if open => run.2 = x,
                    _ => runs.push((name, x.clone(), x)),
                }
                open = true;
            } else {
                open = false;
            }
        }
        return runs.into_iter().map(show).collect();
    }
    let mut boxes: BTreeMap<usize, (String, Rational, Rational)> = BTreeMap::new();
    for p in v.points.iter().filter(|p| property(p)) {
        for j in 0..p.at.len() {
            let Some((name, x)) = at(p, j) else { continue };
            let e = boxes
                .entry(j)
                .or_insert_with(|| (name, x.clone(), x.clone()));
            if x < e.1 {
                e.1 = x.clone();
            }
            if x > e.2 {
                e.2 = x;
            }
        }
    }
    boxes.into_values().map(show).collect()
}

/// Spans in words: `p from 0.1 to 0.3, p = 0.9`.
fn words(spans: &[(String, String, String)]) -> String {
    spans
        .iter()
        .map(|(n, lo, hi)| {
            if lo == hi {
                format!("{n} = {lo}")
            } else {
                format!("{n} from {lo} to {hi}")
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Loads the claims of one file: a scenario file's own claims, or a claims file's. Which kind
/// of file it is is decided from its content first ([`brink_scenario::file_kind`]), and only
/// that kind's errors are reported: a scenario with a mistake is never read again as a claims
/// file, whose errors ("unknown key `nodes`") would hide the real one.
fn claims_of(
    path: &Path,
    cache: &mut BTreeMap<PathBuf, Scenario>,
) -> Result<Vec<(Claim, PathBuf)>, Report> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| miette!("cannot read {}: {e}", path.display()))?;
    match brink_scenario::file_kind(&text) {
        brink_scenario::FileKind::Claims => {
            let claims = brink_scenario::load_claims(path).map_err(scenario_errors)?;
            Ok(claims
                .into_iter()
                .map(|c| {
                    let s = c.scenario.clone().unwrap_or_else(|| path.to_path_buf());
                    (c, s)
                })
                .collect())
        }
        _ => {
            let scenario = brink_scenario::parse_str(path, &text).map_err(scenario_errors)?;
            let claims = scenario.claims.clone();
            cache.insert(path.to_path_buf(), scenario);
            Ok(claims
                .into_iter()
                .map(|c| (c, path.to_path_buf()))
                .collect())
        }
    }
}

/// Checks every claim in `path` (a file or a directory). `control` gets the progress in
/// grid points over all claims; its stop flag ends every check at its next point, and the
/// claims cut short are marked [`Checked::stopped`].
pub fn check_all(
    path: &Path,
    points: usize,
    control: &Control<'_>,
) -> Result<Vec<Checked>, Report> {
    check_all_robust(path, points, None, control)
}

/// [`check_all`], and with `robust` each claim's robustness over its scenario's box too.
pub fn check_all_robust(
    path: &Path,
    points: usize,
    robust: Option<Robust>,
    control: &Control<'_>,
) -> Result<Vec<Checked>, Report> {
    let files: Vec<PathBuf> = if path.is_dir() {
        let mut files: Vec<PathBuf> = std::fs::read_dir(path)
            .map_err(|e| miette!("cannot read the directory {}: {e}", path.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file() && crate::input::is_scenario(p))
            .collect();
        files.sort();
        files
    } else {
        // A path that cannot be read gets the system's reason alone.
        std::fs::metadata(path).map_err(|e| miette!("{}: {e}", path.display()))?;
        vec![path.to_path_buf()]
    };
    let mut cache = BTreeMap::new();
    let mut all = Vec::new();
    for f in &files {
        for (claim, scenario) in claims_of(f, &mut cache)? {
            all.push((f.clone(), claim, scenario));
        }
    }
    // Load each scenario the claims name once.
    for (_, _, s) in &all {
        if !cache.contains_key(s) {
            let scenario = crate::input::load_scenario(s)?;
            cache.insert(s.clone(), scenario);
        }
    }
    // Claims about one scenario share their solves: each value of a variant is solved once,
    // for every measure those claims ask about.
    let mut measures: BTreeMap<PathBuf, Vec<brink_scenario::Measure>> = BTreeMap::new();
    for (_, claim, s) in &all {
        let list = measures.entry(s.clone()).or_default();
        if claim.over.len() <= 2 && !list.contains(&claim.measure) {
            list.push(claim.measure.clone());
        }
    }
    let solves: BTreeMap<PathBuf, SolveCache> = measures
        .into_iter()
        .map(|(s, m)| (s, SolveCache::new(m)))
        .collect();
    // The robustness checks of the claims about one scenario share their solves too.
    let mut robust_measures: BTreeMap<PathBuf, Vec<brink_scenario::Measure>> = BTreeMap::new();
    for (_, claim, s) in &all {
        let list = robust_measures.entry(s.clone()).or_default();
        if !list.contains(&claim.measure) {
            list.push(claim.measure.clone());
        }
    }
    let robust_solves: BTreeMap<PathBuf, RobustSolves> = robust_measures
        .into_iter()
        .map(|(s, m)| (s, RobustSolves::new(m)))
        .collect();
    let robust_points = robust.map_or(0, |r| r.points);
    let grand: usize = all
        .iter()
        .map(|(_, c, _)| grid_points(c, points).saturating_add(robust_points))
        .fold(0, usize::saturating_add);
    let done = AtomicUsize::new(0);
    let stop = control.stop.clone();
    if let Some(progress) = control.progress {
        progress(0, grand);
    }
    Ok(all
        .into_par_iter()
        .map(|(file, claim, s)| {
            let mut reached = (0, 0);
            let mut step = |k: usize, total: usize| {
                reached = (k, total);
                if k > 0 {
                    let d = done.fetch_add(1, Ordering::Relaxed) + 1;
                    if let Some(progress) = control.progress {
                        progress(d, grand);
                    }
                }
                !crate::interrupt::raised(&stop)
            };
            let result = match cache.get(&s) {
                Some(scenario) if claim.over.len() <= 2 => {
                    // One parameter: intervals with exact ends; two: the same along lines of
                    // the second. The progress counts the scan's points, all at once when the
                    // claim is done.
                    let total = grid_points(&claim, points);
                    let inner = Control {
                        stop: stop.clone(),
                        progress: None,
                    };
                    let scan = scan_intervals(points);
                    let own;
                    let cache = match solves.get(&s) {
                        Some(shared) => shared,
                        None => {
                            own = SolveCache::new(vec![claim.measure.clone()]);
                            &own
                        }
                    };
                    let verdict = if claim.over.len() == 1 {
                        check_claim_range_shared(scenario, &claim, scan, &inner, cache)
                            .map(|v| Verdict::Range(Box::new(v)))
                    } else {
                        check_claim_lines(scenario, &claim, scan, line_count(points), &inner, cache)
                            .map(|v| Verdict::Lines(Box::new(v)))
                    }
                    .map_err(|e| e.to_string());
                    if crate::interrupt::raised(&stop) {
                        reached = (0, total);
                    } else {
                        let d = done.fetch_add(total, Ordering::Relaxed) + total;
                        if let Some(progress) = control.progress {
                            progress(d, grand);
                        }
                        reached = (total, total);
                    }
                    verdict
                }
                Some(scenario) => check_claim_with(scenario, &claim, points, &mut step)
                    .map(Verdict::Grid)
                    .map_err(|d| {
                        d.iter()
                            .map(|d| d.message.clone())
                            .collect::<Vec<_>>()
                            .join("; ")
                    }),
                None => Err(format!("the scenario {} was not loaded", s.display())),
            };
            let mut stopped = match &result {
                Ok(_) if reached.0 < reached.1 => Some(reached),
                _ => None,
            };
            let robust = match (robust, cache.get(&s), robust_solves.get(&s)) {
                (None, _, _) => None,
                _ if stopped.is_some() || crate::interrupt::raised(&stop) => {
                    stopped.get_or_insert(reached);
                    None
                }
                (Some(r), Some(scenario), Some(shared)) => {
                    // The progress counts the sample's points as they are drawn.
                    let last = AtomicUsize::new(0);
                    let step = |now: usize, _: usize| {
                        let before = last.swap(now, Ordering::Relaxed);
                        let d = done.fetch_add(now.saturating_sub(before), Ordering::Relaxed)
                            + now.saturating_sub(before);
                        if let Some(progress) = control.progress {
                            progress(d, grand);
                        }
                    };
                    let inner = Control {
                        stop: stop.clone(),
                        progress: Some(&step),
                    };
                    let verdict =
                        check_claim_robust(scenario, &claim, r.points, r.seed, &inner, shared)
                            .map_err(|e| e.to_string());
                    if let Ok(v) = &verdict {
                        if !v.complete() {
                            stopped = Some((v.drawn, v.requested));
                        }
                    }
                    Some(verdict)
                }
                _ => Some(Err(format!("the scenario {} was not loaded", s.display()))),
            };
            Checked {
                file,
                claim,
                result,
                stopped,
                robust,
            }
        })
        .collect())
}

/// The report's rows and chart for checked claims.
pub fn report_parts(checked: &[Checked]) -> (Vec<ClaimRow>, ClaimChart) {
    let mut rows = Vec::new();
    let mut bars = Vec::new();
    for c in checked {
        if let Some((done, total)) = c.stopped {
            rows.push(ClaimRow {
                claim: c.claim.says.clone(),
                verdict: "not checked".into(),
                detail: format!("stopped after {done} of {total} points"),
                holds_share: None,
            });
            continue;
        }
        match &c.result {
            Ok(v) => {
                let s = summarize(&c.claim, v);
                // A claim that makes no difference anywhere did not fail: its badge is the
                // neutral one, not the colour of a claim refuted everywhere.
                let neutral = v.summary() == "undecided";
                rows.push(ClaimRow {
                    claim: c.claim.says.clone(),
                    verdict: s.verdict,
                    detail: s.detail,
                    holds_share: (!neutral).then_some(s.share),
                });
                bars.push(ClaimBar {
                    label: c.claim.says.clone(),
                    holds_share: s.share,
                    effect: s.effect,
                });
            }
            Err(e) => rows.push(ClaimRow {
                claim: c.claim.says.clone(),
                verdict: "could not be checked".into(),
                detail: e.clone(),
                holds_share: None,
            }),
        }
    }
    let chart = ClaimChart {
        title: "Where each claim holds".into(),
        effect_name: "claimed variant minus the other".into(),
        claims: bars,
    };
    (rows, chart)
}

/// A number as an exact string and a float.
fn number_json(x: &Rational) -> serde_json::Value {
    json!({"exact": x.to_string(), "decimal": rational_to_f64(x)})
}

/// An interval's end: exact string, float, whether it is confirmed, and its bracket.
fn end_json(e: &Endpoint) -> serde_json::Value {
    json!({
        "exact": e.value.to_string(),
        "decimal": rational_to_f64(&e.value),
        "confirmed": e.confirmed,
        "bracket": [e.bracket.0.to_string(), e.bracket.1.to_string()],
    })
}

/// The fields of a verdict on intervals.
fn range_json(item: &mut serde_json::Value, v: &RangeVerdict) {
    item["method"] = json!("intervals");
    item["coverage"] = json!(v.coverage);
    item["complete"] = json!(v.complete);
    item["scan_intervals"] = json!(v.scan);
    item["shares_exact"] = json!(v.shares_exact());
    let key = |s: Status| match s {
        Status::Holds => "holds",
        Status::Fails => "fails",
        Status::NoDifference => "no_difference",
        _ => "not_analysed",
    };
    // A share is exact only when every end it is measured between is; else only its float.
    let exact = v.shares_exact();
    let mut shares = serde_json::Map::new();
    for s in STATUSES {
        let share = v.share(s);
        let value = if exact {
            number_json(&share)
        } else {
            json!({"exact": null, "decimal": rational_to_f64(&share)})
        };
        shares.insert(key(s).into(), value);
    }
    item["shares"] = serde_json::Value::Object(shares);
    item["intervals"] = json!(v
        .pieces
        .iter()
        .map(|p| json!({
            "status": key(p.status),
            "interval": p.notation(),
            "from": end_json(&p.from),
            "to": end_json(&p.to),
            "from_closed": p.from_closed,
            "to_closed": p.to_closed,
            "length": number_json(&p.length()),
            "effect": p.effect.as_ref().map(|(lo, hi)| json!({"low": number_json(lo), "high": number_json(hi)})),
        }))
        .collect::<Vec<_>>());
    item["breakpoints"] = json!(v
        .breakpoints
        .iter()
        .map(|b| {
            let mut e = end_json(&b.at);
            e["changes"] = json!(b.sources);
            e
        })
        .collect::<Vec<_>>());
}

/// The checked claims as `brink claims --json` prints them (and `brink serve` answers).
pub fn claims_json(checked: &[Checked]) -> Vec<serde_json::Value> {
    checked
        .iter()
        .map(|c| {
            let mut item = json!({
                "file": c.file.display().to_string(),
                "says": c.claim.says,
                "source": c.claim.source,
                "scenario": c.claim.scenario.as_ref().map(|p| p.display().to_string()),
                "compare": [c.claim.variant, c.claim.against],
                "measure": c.claim.measure.to_string(),
                "expect": c.claim.expect,
                "over": c.claim.over.iter().map(|(n, lo, hi)| json!([n, lo.to_string(), hi.to_string()])).collect::<Vec<_>>(),
            });
            match &c.result {
                _ if c.stopped.is_some() => {
                    let (done, total) = c.stopped.unwrap_or_default();
                    item["verdict"] = json!("not checked");
                    item["stopped"] = json!({"points_done": done, "points": total});
                }
                Ok(v) => {
                    let s = summarize(&c.claim, v);
                    item["verdict"] = json!(s.verdict);
                    item["holds_share"] = json!(s.share);
                    item["complete"] = json!(false);
                    item["judged"] = json!(JUDGED);
                    match v {
                        Verdict::Grid(v) => {
                            item["method"] = json!("grid");
                            item["coverage"] = json!(grid_coverage(&c.claim));
                            item["points"] = json!({"holds": v.holds, "ties": v.ties, "fails": v.fails, "errors": v.errors});
                        }
                        Verdict::Range(v) => range_json(&mut item, v),
                        Verdict::Lines(v) => {
                            item["method"] = json!("lines");
                            item["coverage"] = json!(v.coverage());
                            item["complete"] = json!(false);
                            item["along"] = json!(v.param);
                            item["across"] = json!(v.across);
                            item["shares_exact"] = json!(v.shares_exact());
                            item["changes_across"] = json!(v
                                .changes
                                .iter()
                                .map(|c| {
                                    let mut e = end_json(&c.at);
                                    e["below"] = json!(c.below);
                                    e["above"] = json!(c.above);
                                    e
                                })
                                .collect::<Vec<_>>());
                            item["lines"] = json!(v
                                .values
                                .iter()
                                .zip(&v.lines)
                                .map(|(value, line)| {
                                    let mut l = json!({"at": number_json(value)});
                                    range_json(&mut l, line);
                                    l
                                })
                                .collect::<Vec<_>>());
                        }
                    }
                    item["effect"] = match s.effect {
                        Some(e) => json!({"mean": e.mean, "low": e.low, "high": e.high}),
                        None => serde_json::Value::Null,
                    };
                    item["does_not_hold_for"] = json!(s
                        .fails_where
                        .iter()
                        .map(|(n, lo, hi)| json!({"param": n, "from": lo, "to": hi}))
                        .collect::<Vec<_>>());
                }
                Err(e) => {
                    item["verdict"] = json!("could not be checked");
                    item["error"] = json!(e);
                }
            }
            match &c.robust {
                Some(Ok(v)) if c.stopped.is_none() => item["robust"] = robust_json(v),
                Some(Err(e)) => item["robust"] = json!({"error": e}),
                _ => {}
            }
            item
        })
        .collect()
}

/// A share with its error, in percent: `62.3% ± 0.5`.
fn share_with_error(v: &RobustVerdict, status: Status) -> String {
    format!(
        "{:.1}% ± {:.1}",
        100.0 * v.share(status),
        100.0 * v.standard_error(status)
    )
}

/// The robustness verdict in lines of text.
fn robust_lines(v: &RobustVerdict) -> Vec<String> {
    let mut lines = Vec::new();
    if v.accepted == 0 {
        lines.push(format!(
            "robust: no point of {} satisfies the assumptions ({})",
            v.drawn,
            v.assumptions.join("; ")
        ));
        return lines;
    }
    let (lo, hi) = v.wilson(Status::Holds);
    let mut shares = vec![format!(
        "holds at {} of the points (95% interval {:.1}–{:.1}%)",
        share_with_error(v, Status::Holds),
        100.0 * lo,
        100.0 * hi
    )];
    for status in [Status::Fails, Status::NoDifference, Status::NotAnalysed] {
        if v.count(status) > 0 || status != Status::NotAnalysed {
            shares.push(format!(
                "{} {}",
                status.words(),
                share_with_error(v, status)
            ));
        }
    }
    lines.push(format!("robust: {}", shares.join(", ")));
    let mut sample = format!(
        "sample: Latin hypercube, seed {}, {} points over {} parameter{}",
        v.seed,
        v.drawn,
        v.sampled.len(),
        if v.sampled.len() == 1 { "" } else { "s" }
    );
    if v.assumptions.is_empty() {
        sample.push_str("; no stated assumptions");
    } else {
        sample.push_str(&format!(
            "; {} ({:.1}%) satisfy the assumptions {}",
            v.accepted,
            100.0 * v.acceptance(),
            v.assumptions
                .iter()
                .map(|a| format!("`{a}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    lines.push(sample);
    let decided: Vec<String> = v
        .sensitivity
        .iter()
        .filter_map(|s| Some(format!("{} ({:.3})", s.param, s.eta_squared?)))
        .take(3)
        .collect();
    if decided.is_empty() {
        lines.push("decided by: nothing varies (the verdict is the same at every point)".into());
    } else {
        lines.push(format!(
            "decided most by (eta squared of holds on {} quantile bins; by chance about {:.3}): {}",
            v.bins,
            v.noise_level(),
            decided.join(", ")
        ));
    }
    if !v.held.is_empty() {
        let held: Vec<String> = v
            .held
            .iter()
            .map(|h| format!("{} ({} vs {})", h.param, h.variant, h.against))
            .collect();
        lines.push(format!("held at each variant's value: {}", held.join(", ")));
    }
    lines
}

/// Text for a Markdown table cell: no line breaks, pipes escaped.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// The verdicts as a Markdown table: the claim, what it compares, the exact verdict over its
/// range, and with --robust the shares over the box and the deciding parameters.
fn markdown(checked: &[Checked], robust: bool) -> String {
    let mut out = String::new();
    if robust {
        out.push_str("| Claim | Compares | Over | Verdict | Over the box: holds / fails / no difference | Decided most by |\n");
        out.push_str("|-------|----------|------|---------|-----------------------------------------------|-----------------|\n");
    } else {
        out.push_str(
            "| Claim | Compares | Over | Verdict |\n|-------|----------|------|---------|\n",
        );
    }
    for c in checked {
        let over: Vec<String> = c
            .claim
            .over
            .iter()
            .map(|(n, lo, hi)| format!("{n} in [{lo}, {hi}]"))
            .collect();
        let verdict = match &c.result {
            _ if c.stopped.is_some() => "not checked".to_string(),
            Ok(v) => summarize(&c.claim, v).verdict,
            Err(e) => format!("could not be checked: {e}"),
        };
        out.push_str(&format!(
            "| {} | `{}` vs `{}`, {} {} | {} | {} |",
            cell(&c.claim.says),
            c.claim.variant,
            c.claim.against,
            c.claim.measure,
            match c.claim.expect {
                Direction::Lower => "lower",
                _ => "higher",
            },
            cell(&over.join(", ")),
            cell(&verdict)
        ));
        if robust {
            let (shares, decided) = match &c.robust {
                Some(Ok(v)) if v.accepted > 0 && c.stopped.is_none() => {
                    let pct = |s: Status| format!("{:.1}%", 100.0 * v.share(s));
                    let mut shares = format!(
                        "{} ± {:.1} / {} / {}",
                        pct(Status::Holds),
                        100.0 * v.standard_error(Status::Holds),
                        pct(Status::Fails),
                        pct(Status::NoDifference)
                    );
                    if !v.assumptions.is_empty() {
                        shares.push_str(&format!(" ({:.0}% kept)", 100.0 * v.acceptance()));
                    }
                    let decided: Vec<String> = v
                        .sensitivity
                        .iter()
                        .filter_map(|s| Some(format!("{} ({:.2})", s.param, s.eta_squared?)))
                        .take(3)
                        .collect();
                    (shares, decided.join(", "))
                }
                Some(Err(e)) => (format!("could not be checked: {e}"), String::new()),
                _ => ("not checked".to_string(), String::new()),
            };
            out.push_str(&format!(" {} | {} |", cell(&shares), cell(&decided)));
        }
        out.push('\n');
    }
    out
}

/// The robustness verdict as JSON.
fn robust_json(v: &RobustVerdict) -> serde_json::Value {
    let share = |s: Status| {
        let (lo, hi) = v.wilson(s);
        json!({
            "count": v.count(s),
            "share": v.share(s),
            "standard_error": v.standard_error(s),
            "wilson_95": [lo, hi],
        })
    };
    json!({
        "method": "latin hypercube",
        "seed": v.seed,
        "points": v.drawn,
        "accepted": v.accepted,
        "acceptance": v.acceptance(),
        "assumptions": v.assumptions,
        "sampled": v.sampled.iter().map(|r| json!({"param": r.param, "low": r.lo.to_string(), "high": r.hi.to_string()})).collect::<Vec<_>>(),
        "held": v.held.iter().map(|h| json!({"param": h.param, "variant": h.variant.to_string(), "against": h.against.to_string()})).collect::<Vec<_>>(),
        "holds": share(Status::Holds),
        "fails": share(Status::Fails),
        "no_difference": share(Status::NoDifference),
        "not_analysed": share(Status::NotAnalysed),
        "effect": v.effect.map(|(lo, mean, hi)| json!({"low": lo, "mean": mean, "high": hi})),
        "sensitivity": {
            "estimator": "correlation ratio (eta squared) of holds on quantile bins",
            "bins": v.bins,
            "noise_level": v.noise_level(),
            "params": v.sensitivity.iter().map(|s| json!({"param": s.param, "eta_squared": s.eta_squared})).collect::<Vec<_>>(),
        },
    })
}

pub fn run(args: &ClaimsArgs) -> Result<(), Report> {
    if args.output.as_deref().is_some_and(crate::output::is_stdout) {
        return Err(usage!(
            help = "write the chart to a file, e.g. -o claims.svg",
            "the verdicts go to standard output, so the chart cannot (-o -)"
        ));
    }
    let format = args
        .output
        .as_deref()
        .map(|out| crate::picture::format_of(out, true))
        .transpose()?;
    let bar = crate::sweep_cmd::progress_bar("claims");
    let report = |done: usize, total: usize| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    };
    let control = Control {
        stop: Some(crate::interrupt::stop_on_ctrl_c()),
        progress: Some(&report),
    };
    let checked = crate::sweep_cmd::with_threads(args.threads, || {
        check_all_robust(
            &args.path,
            args.points,
            args.robust.map(|points| Robust {
                points,
                seed: args.seed,
            }),
            &control,
        )
    })?;
    bar.finish_and_clear();
    let checked = checked?;
    if checked.is_empty() {
        return Err(miette!(
            help = "claims are [[claims]] tables in a scenario file or in a claims file",
            "no claims found in {}",
            args.path.display()
        ));
    }
    let failures = checked
        .iter()
        .filter(|c| c.result.is_err() || matches!(c.robust, Some(Err(_))))
        .count();
    if args.markdown {
        print!("{}", markdown(&checked, args.robust.is_some()));
    } else if args.json {
        let items = claims_json(&checked);
        println!(
            "{}",
            serde_json::to_string_pretty(&items).unwrap_or_default()
        );
    } else {
        let mut last_file = None;
        for c in &checked {
            if last_file != Some(&c.file) {
                println!("{}", c.file.display());
                last_file = Some(&c.file);
            }
            let over: Vec<String> = c
                .claim
                .over
                .iter()
                .map(|(n, lo, hi)| format!("{n} in [{lo}, {hi}]"))
                .collect();
            println!(
                "  \"{}\"\n    {} vs {}, {} expected {}{}",
                c.claim.says,
                c.claim.variant,
                c.claim.against,
                c.claim.measure,
                match c.claim.expect {
                    Direction::Lower => "lower",
                    _ => "higher",
                },
                if over.is_empty() {
                    String::new()
                } else {
                    format!(", over {}", over.join(", "))
                }
            );
            match &c.result {
                _ if c.stopped.is_some() => {
                    let (done, total) = c.stopped.unwrap_or_default();
                    println!("    verdict: not checked: stopped after {done} of {total} points");
                }
                Ok(v) => {
                    let s = summarize(&c.claim, v);
                    println!("    verdict: {}\n    {}", s.verdict, s.detail);
                }
                Err(e) => println!("    verdict: could not be checked: {e}"),
            }
            match &c.robust {
                Some(Ok(v)) if c.stopped.is_none() => {
                    for line in robust_lines(v) {
                        println!("    {line}");
                    }
                }
                Some(Err(e)) => println!("    robust: could not be checked: {e}"),
                _ => {}
            }
        }
    }
    let stopped = checked.iter().filter(|c| c.stopped.is_some()).count();
    if stopped > 0 {
        let done = checked.len() - stopped;
        return Err(crate::interrupt::Stopped::report(
            format!(
                "{done} of {} claims checked{}; {} marked `not checked` above {} cut short{}",
                checked.len(),
                if done > 0 {
                    " (their verdicts above are complete)"
                } else {
                    ""
                },
                if stopped == 1 { "the one" } else { "those" },
                if stopped == 1 { "was" } else { "were" },
                if args.output.is_some() {
                    "; no chart was written"
                } else {
                    ""
                }
            ),
            None,
        ));
    }
    if let (Some(out), Some(format)) = (&args.output, format) {
        let (_, chart) = report_parts(&checked);
        crate::picture::write(out, format, &brink_report::claims_chart(&chart))?;
        eprintln!("wrote {}", out.display());
    }
    if failures > 0 {
        return Err(miette!(
            "{failures} claim{} could not be checked",
            if failures == 1 { "" } else { "s" }
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicBool;
    use std::sync::Arc;

    #[test]
    fn a_raised_stop_flag_marks_every_claim_as_stopped() {
        let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/latvia.toml");
        let seen = std::sync::Mutex::new(Vec::new());
        let progress = |done: usize, total: usize| seen.lock().unwrap().push((done, total));
        let check = |stop: bool| {
            let control = Control {
                stop: Some(Arc::new(AtomicBool::new(stop))),
                progress: Some(&progress),
            };
            check_all(&file, 3, &control).expect("the claims load")
        };
        let checked = check(true);
        assert!(!checked.is_empty());
        for c in &checked {
            assert_eq!(
                c.stopped,
                Some((0, grid_points(&c.claim, 3))),
                "{}",
                c.claim.says
            );
        }
        let (rows, _) = report_parts(&checked);
        assert!(rows.iter().all(|r| r.verdict == "not checked"));
        // Without the flag every claim is checked, and the progress reaches every point.
        seen.lock().unwrap().clear();
        let checked = check(false);
        assert!(checked.iter().all(|c| c.stopped.is_none()));
        // A claim over one parameter counts its scan of 20 x (3 - 1) intervals: 41 points.
        let points: usize = checked
            .iter()
            .map(|c| match c.claim.over.len() {
                1 => 41,
                n => 3usize.pow(n as u32),
            })
            .sum();
        let last = seen.lock().unwrap().iter().copied().max();
        assert_eq!(last, Some((points, points)));
    }
}
