//! A claim over one parameter, judged on intervals with exact ends instead of grid points.
//!
//! **Method.** A claim compares a measure between two variants. Along the parameter, each
//! variant's selected equilibrium keeps its *structure* (which moves are played with positive
//! probability) on intervals; where the structure is constant the measure is a smooth
//! (algebraic) function of the parameter, and the claim's verdict can only change where a
//! structure changes or where the two measures cross. So:
//!
//! 1. both variants are solved on a scan of `scan` intervals;
//! 2. the changes of *each variant's structure* are found and refined separately, with the
//!    thresholds machinery (exact bisection in rationals, the simplest fraction in the final
//!    bracket, checked just below and just above: see [`crate::thresholds`]), and merged: two
//!    changes of different variants that lie closer than a scan step both appear, since each
//!    was found on its own variant's scan;
//! 3. inside each cell where neither structure changes, the verdict (holds, fails, no
//!    difference) at the scan's points and at one interior sample must agree; where two
//!    neighbours disagree the measures cross between them, and that change is refined too;
//! 4. the claim is evaluated at every breakpoint, at both ends, and at one interior point of
//!    every interval between breakpoints, and neighbours with the same verdict are joined.
//!
//! The shares of the range are ratios of interval lengths, exact when every end is an exact
//! breakpoint. **What this is not:** a certificate. A change of structure that appears and
//! disappears within one scan interval of the same variant is missed, so the verdict is
//! never called complete ([`RangeVerdict::complete`] is `false` and
//! [`RangeVerdict::coverage`] says what could be missed) until each interval's structure is
//! certified symbolically.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use brink_game::Rational;
use brink_scenario::{point_numbers, Claim, CompiledScenario, Direction, Measure, Scenario};
use num_bigint::BigInt;
use num_traits::{One, Signed, Zero};
use rayon::prelude::*;

use crate::threshold::{coverage, refine_change, simplest_between};
use crate::{Control, SweepError};

/// The most intervals the first scan of a claim may have (each costs a solve of both
/// variants).
pub const SCAN_LIMIT: usize = 10_000_000;

/// The verdict of a claim at one point or on one interval.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Status {
    /// The claimed variant moves the measure the claimed way, strictly.
    Holds,
    /// It moves it the other way.
    Fails,
    /// Both variants give the same value.
    NoDifference,
    /// One of the variants could not be analysed.
    NotAnalysed,
}

impl Status {
    /// The status in words: `holds`, `fails`, `no difference`, `could not be analysed`.
    pub fn words(self) -> &'static str {
        match self {
            Status::Holds => "holds",
            Status::Fails => "fails",
            Status::NoDifference => "no difference",
            Status::NotAnalysed => "could not be analysed",
        }
    }
}

/// An end of an interval: exact when `confirmed` (a range end, or a breakpoint whose simplest
/// fraction was checked just below and just above); otherwise the true breakpoint lies in
/// `bracket` and `value` is the simplest fraction there.
#[derive(Clone, Debug, PartialEq)]
pub struct Endpoint {
    /// The value (exact when confirmed).
    pub value: Rational,
    /// Where the true breakpoint lies.
    pub bracket: (Rational, Rational),
    /// Whether `value` is the breakpoint (see the type's documentation).
    pub confirmed: bool,
}

impl Endpoint {
    fn exact(value: Rational) -> Endpoint {
        Endpoint {
            bracket: (value.clone(), value.clone()),
            value,
            confirmed: true,
        }
    }
}

/// A value of the parameter where something the verdict depends on changes.
#[derive(Clone, Debug, PartialEq)]
pub struct Breakpoint {
    /// Where.
    pub at: Endpoint,
    /// What changes there: `"<variant>: equilibrium structure"` or `"verdict"`.
    pub sources: Vec<String>,
}

/// A maximal interval (or a single point) with one verdict.
#[derive(Clone, Debug, PartialEq)]
pub struct Piece {
    /// The verdict on it.
    pub status: Status,
    /// Its lower end.
    pub from: Endpoint,
    /// Its upper end.
    pub to: Endpoint,
    /// Whether the lower end belongs to it.
    pub from_closed: bool,
    /// Whether the upper end belongs to it.
    pub to_closed: bool,
    /// The lowest and highest effect (the claimed variant's measure minus the other's) at
    /// the points evaluated in it (scan points, breakpoints and interior samples); `None`
    /// where a variant could not be analysed.
    pub effect: Option<(Rational, Rational)>,
}

impl Piece {
    /// Its length.
    pub fn length(&self) -> Rational {
        &self.to.value - &self.from.value
    }

    /// The interval in the usual notation: `(21/125, 1/5)`, `[1/20, 77/500]`, `{21/125}`.
    pub fn notation(&self) -> String {
        if self.from.value == self.to.value {
            return format!("{{{}}}", self.from.value);
        }
        format!(
            "{}{}, {}{}",
            if self.from_closed { "[" } else { "(" },
            self.from.value,
            self.to.value,
            if self.to_closed { "]" } else { ")" }
        )
    }
}

/// A claim judged over one parameter's range (see the module documentation).
#[derive(Clone, Debug)]
pub struct RangeVerdict {
    /// The claim in words.
    pub says: String,
    /// The parameter.
    pub param: String,
    /// The range's lower end.
    pub lo: Rational,
    /// The range's upper end.
    pub hi: Rational,
    /// Intervals of the first scan.
    pub scan: usize,
    /// The merged breakpoints inside the range, in increasing order.
    pub breakpoints: Vec<Breakpoint>,
    /// The range cut into pieces of one verdict each, in order, covering it.
    pub pieces: Vec<Piece>,
    /// Whether the breakpoints are proven to be all of them: not yet, without certified
    /// cells (always `false`).
    pub complete: bool,
    /// What the search can miss, in one sentence.
    pub coverage: String,
    /// The average effect over the scan's points (a summary for charts, not an integral).
    pub scan_mean_effect: Option<Rational>,
}

impl RangeVerdict {
    /// The share of the range where the verdict is `status`: the pieces' total length over
    /// the range's (for a range of one point, 1 or 0).
    pub fn share(&self, status: Status) -> Rational {
        let width = &self.hi - &self.lo;
        let on = self.pieces.iter().filter(|p| p.status == status);
        if width.is_zero() {
            return if on.count() > 0 {
                Rational::one()
            } else {
                Rational::zero()
            };
        }
        on.map(Piece::length).fold(Rational::zero(), |a, b| a + b) / width
    }

    /// Whether the shares are exact: every end of a piece of positive length is a confirmed
    /// breakpoint or a range end.
    pub fn shares_exact(&self) -> bool {
        self.pieces
            .iter()
            .filter(|p| p.from.value != p.to.value)
            .all(|p| p.from.confirmed && p.to.confirmed)
    }

    /// `holds`, `fails`, `mixed` or `undecided` (no strict difference anywhere), as for a
    /// grid verdict, judged on the pieces.
    pub fn summary(&self) -> &'static str {
        let any = |s: Status| self.pieces.iter().any(|p| p.status == s);
        match (any(Status::Holds), any(Status::Fails)) {
            (true, false) => "holds",
            (false, true) => "fails",
            (true, true) => "mixed",
            (false, false) => "undecided",
        }
    }
}

/// One variant of the claim, ready to be solved along the parameter.
struct Side {
    name: String,
    /// The variant and the values held fixed, as the solve cache tells sides apart.
    context: String,
    param: String,
    compiled: Arc<CompiledScenario>,
    base: Vec<Rational>,
    slot: usize,
}

/// What solving one variant at one value gives: the structure and the measure.
struct Solved {
    structure: String,
    measure: Option<Rational>,
}

impl Side {
    fn new(
        scenario: &Scenario,
        name: &str,
        param: &str,
        fixed: &[(String, Rational)],
    ) -> Result<Side, SweepError> {
        let compiled = scenario
            .compile(Some(name))
            .map_err(|d| SweepError::Scenario(d.to_string()))?;
        let mut base = compiled.param_values(&[]).map_err(|d| {
            SweepError::Scenario(
                d.iter()
                    .map(|d| d.to_string())
                    .collect::<Vec<_>>()
                    .join("; "),
            )
        })?;
        let slot = compiled
            .params()
            .iter()
            .position(|p| p.name == param)
            .ok_or_else(|| {
                SweepError::Plan(format!("the variant `{name}` has no parameter `{param}`"))
            })?;
        let mut context = name.to_string();
        for (other, value) in fixed {
            let k = compiled
                .params()
                .iter()
                .position(|p| &p.name == other)
                .ok_or_else(|| {
                    SweepError::Plan(format!("the variant `{name}` has no parameter `{other}`"))
                })?;
            base[k] = value.clone();
            context.push_str(&format!("|{other}={value}"));
        }
        Ok(Side {
            name: name.to_string(),
            context,
            param: param.to_string(),
            compiled: Arc::new(compiled),
            base,
            slot,
        })
    }

    /// The structure and `measure` at `t`, through `cache` when it solves for that measure.
    fn solve(&self, t: &Rational, measure: &Measure, cache: &SolveCache) -> Solved {
        match cache.measures.iter().position(|m| m == measure) {
            Some(k) => {
                let point = cache.get(self, t);
                Solved {
                    structure: point.structure.clone(),
                    measure: point.measures[k].clone(),
                }
            }
            None => {
                let point = self.solve_for(t, std::slice::from_ref(measure));
                Solved {
                    structure: point.structure,
                    measure: point.measures.into_iter().next().flatten(),
                }
            }
        }
    }

    /// Solves at `t` for several measures at once.
    fn solve_for(&self, t: &Rational, measures: &[Measure]) -> CachedPoint {
        let mut values = self.base.clone();
        values[self.slot] = t.clone();
        match point_numbers(&self.compiled, &values, measures) {
            Ok(n) => CachedPoint {
                // The support of the selected equilibrium, information set by information
                // set: where it is constant, the measure is one smooth function.
                structure: n
                    .behavior
                    .iter()
                    .map(|infosets| {
                        infosets
                            .iter()
                            .map(|actions| {
                                actions
                                    .iter()
                                    .map(|p| if p.is_positive() { '1' } else { '0' })
                                    .collect::<String>()
                            })
                            .collect::<Vec<_>>()
                            .join(".")
                    })
                    .collect::<Vec<_>>()
                    .join("|"),
                measures: n.measures,
            },
            Err(_) => CachedPoint {
                structure: crate::ERROR_CLASS.into(),
                measures: vec![None; measures.len()],
            },
        }
    }
}

/// One variant solved at one value, for every measure of a [`SolveCache`].
struct CachedPoint {
    structure: String,
    measures: Vec<Option<Rational>>,
}

/// Solves shared by the claims about one scenario: claims that compare the same variants
/// along the same parameter and range scan and refine at the same values, so each value is
/// solved once, for every measure the claims ask about. Use one cache per scenario (it is
/// keyed by variant name, parameter and value).
pub struct SolveCache {
    measures: Vec<Measure>,
    solved: Mutex<HashMap<(String, String, Rational), Arc<CachedPoint>>>,
}

impl SolveCache {
    /// A cache that solves for all of `measures` at every value (the measures of the claims
    /// that will share it; a claim with another measure solves without the cache).
    pub fn new(measures: Vec<Measure>) -> SolveCache {
        SolveCache {
            measures,
            solved: Mutex::new(HashMap::new()),
        }
    }

    fn get(&self, side: &Side, t: &Rational) -> Arc<CachedPoint> {
        let key = (side.context.clone(), side.param.clone(), t.clone());
        // A poisoned lock only means another claim panicked mid-insert; the map is still
        // sound, so its contents are used.
        if let Some(hit) = self
            .solved
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&key)
        {
            return hit.clone();
        }
        // Solved outside the lock: two claims may solve the same value at once, which costs
        // time but gives the same answer.
        let point = Arc::new(side.solve_for(t, &self.measures));
        self.solved
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entry(key)
            .or_insert(point)
            .clone()
    }
}

/// The claim at one value: its verdict and effect.
#[derive(Clone)]
struct Judged {
    status: Status,
    effect: Option<Rational>,
}

fn judge(variant: &Solved, against: &Solved, expect: Direction) -> Judged {
    let (Some(a), Some(b)) = (&variant.measure, &against.measure) else {
        return Judged {
            status: Status::NotAnalysed,
            effect: None,
        };
    };
    let effect = a - b;
    let wanted = match expect {
        Direction::Lower => -effect.clone(),
        _ => effect.clone(),
    };
    let status = if wanted.is_zero() {
        Status::NoDifference
    } else if wanted.is_positive() {
        Status::Holds
    } else {
        Status::Fails
    };
    Judged {
        status,
        effect: Some(effect),
    }
}

/// What a refinement watches.
#[derive(Clone, Copy)]
enum Watch {
    Variant,
    Against,
    Verdict,
}

/// Judges `claim` (which must range over exactly one parameter) on intervals of its range:
/// see the module documentation. `scan` is the number of intervals of the first scan; the
/// stop flag of `control` ends the work early, solving nothing more (check it afterwards: a
/// stopped verdict is not the claim's).
pub fn check_claim_range(
    scenario: &Scenario,
    claim: &Claim,
    scan: usize,
    control: &Control<'_>,
) -> Result<RangeVerdict, SweepError> {
    let cache = SolveCache::new(vec![claim.measure.clone()]);
    check_claim_range_shared(scenario, claim, scan, control, &cache)
}

/// [`check_claim_range`], with solves shared with other claims about the same scenario
/// through `cache` (the verdict is the same; only the time differs).
pub fn check_claim_range_shared(
    scenario: &Scenario,
    claim: &Claim,
    scan: usize,
    control: &Control<'_>,
    cache: &SolveCache,
) -> Result<RangeVerdict, SweepError> {
    check_claim_range_fixed(scenario, claim, &[], scan, control, cache)
}

/// [`check_claim_range_shared`] with other parameters held at the given values.
fn check_claim_range_fixed(
    scenario: &Scenario,
    claim: &Claim,
    fixed: &[(String, Rational)],
    scan: usize,
    control: &Control<'_>,
    cache: &SolveCache,
) -> Result<RangeVerdict, SweepError> {
    let [(param, lo, hi)] = claim.over.as_slice() else {
        return Err(SweepError::Plan(format!(
            "judging on intervals needs a claim over one parameter, not {}",
            claim.over.len()
        )));
    };
    if lo > hi || scan == 0 {
        return Err(SweepError::Plan(
            "a claim's range needs low <= high and a scan of at least one interval".into(),
        ));
    }
    if scan > SCAN_LIMIT {
        return Err(SweepError::Plan(format!(
            "a scan of {scan} intervals is more than the {SCAN_LIMIT} a claim may use"
        )));
    }
    let variant = Side::new(scenario, &claim.variant, param, fixed)?;
    let against = Side::new(scenario, &claim.against, param, fixed)?;
    let measure = &claim.measure;
    let expect = claim.expect;
    let both = |t: &Rational| {
        // Once stopped, nothing more is solved: the verdict is then incomplete, and the
        // caller, which raised the flag, does not show it.
        if control.stopped() {
            let none = || Solved {
                structure: crate::ERROR_CLASS.into(),
                measure: None,
            };
            let (a, b) = (none(), none());
            let j = judge(&a, &b, expect);
            return (a, b, j);
        }
        let (a, b) = (
            variant.solve(t, measure, cache),
            against.solve(t, measure, cache),
        );
        let j = judge(&a, &b, expect);
        (a, b, j)
    };
    let width = hi - lo;
    let n = if width.is_zero() { 1 } else { scan };
    let grid: Vec<Rational> = (0..=n)
        .map(|i| lo + &width * Rational::new(BigInt::from(i), BigInt::from(n)))
        .collect();
    let scanned: Vec<(Solved, Solved, Judged)> = grid.par_iter().map(&both).collect();
    control.report(grid.len(), grid.len());

    // Every change of each watched category between neighbours of the scan, refined alone.
    let category = |watch: Watch, t: &Rational| -> String {
        match watch {
            Watch::Variant => variant.solve(t, measure, cache).structure,
            Watch::Against => against.solve(t, measure, cache).structure,
            Watch::Verdict => both(t).2.status.words().to_string(),
        }
    };
    let of = |watch: Watch, s: &(Solved, Solved, Judged)| -> String {
        match watch {
            Watch::Variant => s.0.structure.clone(),
            Watch::Against => s.1.structure.clone(),
            Watch::Verdict => s.2.status.words().to_string(),
        }
    };
    // Bisection narrows each change to 2^-40 of the range, as `brink thresholds` does.
    let tolerance = if width.is_zero() {
        Rational::one()
    } else {
        &width / Rational::from_integer(BigInt::one() << 40)
    };
    let refine = |jobs: Vec<(Watch, Rational, String, Rational, String)>| {
        jobs.into_par_iter()
            .flat_map_iter(|(watch, a, x, b, y)| {
                let cat = |t: &Rational| category(watch, t);
                let (changes, _) =
                    refine_change(param, (a, x), (b, y), (lo, hi), &tolerance, &cat, control);
                changes.into_iter().map(move |c| (watch, c))
            })
            .collect::<Vec<(Watch, crate::Threshold)>>()
    };
    // Changes closer than 2^8 tolerances are one breakpoint at this resolution (the
    // selection among several equilibria can flicker right at a degenerate point).
    let near = &tolerance * Rational::from_integer(BigInt::from(256));
    let merge = |found: Vec<(Watch, crate::Threshold)>| {
        merge_breakpoints(found, lo, hi, &near, &variant.name, &against.name)
    };

    // 1. Each variant's structure changes, found on its own scan and refined alone.
    let mut jobs = Vec::new();
    for watch in [Watch::Variant, Watch::Against] {
        for i in 0..n {
            let (x, y) = (of(watch, &scanned[i]), of(watch, &scanned[i + 1]));
            if x != y {
                jobs.push((watch, grid[i].clone(), x, grid[i + 1].clone(), y));
            }
        }
    }
    let mut found = refine(jobs);
    let structure = merge(found.clone());

    // 2. Crossings: inside a cell where neither structure changes, the verdict can still
    // change where the two measures cross. The verdict at the points known inside each cell
    // (the scan's points and one interior sample) must agree; between two neighbours that
    // disagree the crossing is refined like any other change.
    let (ends, samples) = cells(lo, hi, &structure);
    let sampled: Vec<Judged> = samples.par_iter().map(|t| both(t).2).collect();
    let mut known: Vec<(usize, &Rational, Status)> = Vec::new();
    for (t, sc) in grid.iter().zip(&scanned) {
        if let Some(k) = cell_of(&ends, t) {
            known.push((k, t, sc.2.status));
        }
    }
    for (k, (t, j)) in samples.iter().zip(&sampled).enumerate() {
        known.push((k, t, j.status));
    }
    known.sort_by(|x, y| x.1.cmp(y.1));
    let crossings: Vec<_> = known
        .windows(2)
        .filter(|w| w[0].0 == w[1].0 && w[0].2 != w[1].2)
        .map(|w| {
            (
                Watch::Verdict,
                w[0].1.clone(),
                w[0].2.words().to_string(),
                w[1].1.clone(),
                w[1].2.words().to_string(),
            )
        })
        .collect();
    let (breakpoints, ends, inside) = if crossings.is_empty() {
        (structure, ends, sampled)
    } else {
        found.extend(refine(crossings));
        let breakpoints = merge(found);
        let (ends, samples) = cells(lo, hi, &breakpoints);
        let inside: Vec<Judged> = samples.par_iter().map(|t| both(t).2).collect();
        (breakpoints, ends, inside)
    };

    // 3. The claim at every breakpoint and at one interior point of every interval between.
    let at_ends: Vec<Judged> = ends.par_iter().map(|e| both(&e.value).2).collect();

    // Items in order: end, interval, end, ..., end; then neighbours with one verdict joined.
    let mut pieces: Vec<Piece> = Vec::new();
    let mut push = |piece: Piece| match pieces.last_mut() {
        Some(last) if last.status == piece.status => {
            last.to = piece.to;
            last.to_closed = piece.to_closed;
            last.effect = join_effects(&last.effect, &piece.effect);
        }
        _ => pieces.push(piece),
    };
    for (k, end) in ends.iter().enumerate() {
        let j = &at_ends[k];
        push(Piece {
            status: j.status,
            from: end.clone(),
            to: end.clone(),
            from_closed: true,
            to_closed: true,
            effect: j.effect.clone().map(|e| (e.clone(), e)),
        });
        if k + 1 < ends.len() {
            let (a, b) = (&end.value, &ends[k + 1].value);
            // The effect over the interval: its sample and the scan points inside it.
            let mut effect = inside[k].effect.clone().map(|e| (e.clone(), e));
            for (t, s) in grid.iter().zip(&scanned) {
                if t > a && t < b && s.2.status == inside[k].status {
                    let e = s.2.effect.clone().map(|e| (e.clone(), e));
                    effect = join_effects(&effect, &e);
                }
            }
            push(Piece {
                status: inside[k].status,
                from: end.clone(),
                to: ends[k + 1].clone(),
                from_closed: false,
                to_closed: false,
                effect,
            });
        }
    }
    let effects: Vec<&Rational> = scanned.iter().filter_map(|s| s.2.effect.as_ref()).collect();
    let scan_mean_effect = (!effects.is_empty()).then(|| {
        effects.iter().fold(Rational::zero(), |a, &b| a + b)
            / Rational::from_integer(BigInt::from(effects.len()))
    });
    Ok(RangeVerdict {
        says: claim.says.clone(),
        param: param.clone(),
        lo: lo.clone(),
        hi: hi.clone(),
        scan: n,
        breakpoints,
        pieces,
        complete: false,
        coverage: coverage(lo, hi, n),
        scan_mean_effect,
    })
}

/// The ends of the cells that `breakpoints` cut `[lo, hi]` into (the range's ends
/// included) and one interior sample per cell: the simplest fraction in its middle half.
fn cells(
    lo: &Rational,
    hi: &Rational,
    breakpoints: &[Breakpoint],
) -> (Vec<Endpoint>, Vec<Rational>) {
    let mut ends: Vec<Endpoint> = vec![Endpoint::exact(lo.clone())];
    ends.extend(breakpoints.iter().map(|b| b.at.clone()));
    if hi > lo {
        ends.push(Endpoint::exact(hi.clone()));
    }
    let samples = ends
        .windows(2)
        .map(|w| {
            let (a, b) = (&w[0].value, &w[1].value);
            let quarter = (b - a) / Rational::from_integer(BigInt::from(4));
            simplest_between(&(a + &quarter), &(b - &quarter))
        })
        .collect();
    (ends, samples)
}

/// The cell strictly inside which `t` lies (`None` at a cell's end).
fn cell_of(ends: &[Endpoint], t: &Rational) -> Option<usize> {
    let k = ends.partition_point(|e| e.value < *t);
    (k > 0 && k < ends.len() && ends[k].value != *t).then(|| k - 1)
}

fn join_effects(
    a: &Option<(Rational, Rational)>,
    b: &Option<(Rational, Rational)>,
) -> Option<(Rational, Rational)> {
    match (a, b) {
        (Some((l1, h1)), Some((l2, h2))) => Some((l1.min(l2).clone(), h1.max(h2).clone())),
        (Some(x), None) | (None, Some(x)) => Some(x.clone()),
        (None, None) => None,
    }
}

/// Sorts the changes found by the separate refinements and joins those that are one point:
/// the same fraction, or brackets less than `near` apart of which one is not confirmed (one
/// change seen by two watches, or at the resolution of the bisection). A confirmed value
/// wins over an unconfirmed one. Changes at the range's ends are dropped (the ends are
/// evaluated anyway).
fn merge_breakpoints(
    mut found: Vec<(Watch, crate::Threshold)>,
    lo: &Rational,
    hi: &Rational,
    near: &Rational,
    variant: &str,
    against: &str,
) -> Vec<Breakpoint> {
    found.sort_by(|x, y| x.1.bracket.0.cmp(&y.1.bracket.0));
    let mut out: Vec<Breakpoint> = Vec::new();
    for (watch, t) in found {
        let source = match watch {
            Watch::Variant => format!("{variant}: equilibrium structure"),
            Watch::Against => format!("{against}: equilibrium structure"),
            Watch::Verdict => "verdict".to_string(),
        };
        let end = Endpoint {
            value: t.value,
            bracket: t.bracket,
            confirmed: t.exact,
        };
        if let Some(last) = out.last_mut() {
            let same = last.at.value == end.value
                || (!last.at.confirmed || !end.confirmed)
                    && &end.bracket.0 - &last.at.bracket.1 <= *near;
            if same {
                if !last.at.confirmed && end.confirmed {
                    last.at = end;
                }
                if !last.sources.contains(&source) {
                    last.sources.push(source);
                }
                continue;
            }
        }
        out.push(Breakpoint {
            at: end,
            sources: vec![source],
        });
    }
    out.retain(|b| b.at.value > *lo && b.at.value < *hi);
    out.sort_by(|x, y| x.at.value.cmp(&y.at.value));
    out.dedup_by(|later, earlier| {
        if later.at.value != earlier.at.value {
            return false;
        }
        for s in later.sources.drain(..) {
            if !earlier.sources.contains(&s) {
                earlier.sources.push(s);
            }
        }
        true
    });
    out
}

/// A claim over two parameters judged along lines: the exact 1-D analysis of
/// [`check_claim_range`] along the first parameter, at each of `lines` evenly spaced values of
/// the second (both ends included). What lies between two lines is not examined; the shares
/// are the lines' mean shares, an estimate of the area's shares at that resolution.
#[derive(Clone, Debug)]
pub struct LinesVerdict {
    /// The claim in words.
    pub says: String,
    /// The parameter along each line.
    pub param: String,
    /// The parameter held fixed on each line.
    pub across: String,
    /// Its value on each line, in increasing order.
    pub values: Vec<Rational>,
    /// The verdict along each line, in the same order.
    pub lines: Vec<RangeVerdict>,
    /// Between neighbouring lines whose verdicts differ in shape (the sequence of statuses
    /// along the line), where the shape changes: found by bisecting the second parameter with
    /// exact line analyses (see [`LineChange`]).
    pub changes: Vec<LineChange>,
}

/// Where, across the lines, the shape of the verdict changes.
#[derive(Clone, Debug, PartialEq)]
pub struct LineChange {
    /// The change, as [`Endpoint`]: the simplest fraction in the final bracket, confirmed when
    /// the shapes just below and just above it are those of the two neighbouring lines.
    pub at: Endpoint,
    /// The statuses along the line below, in words (`holds, no difference`).
    pub below: String,
    /// The statuses along the line above.
    pub above: String,
}

impl LinesVerdict {
    /// The mean over the lines of each line's share where the verdict is `status`.
    pub fn share(&self, status: Status) -> Rational {
        if self.lines.is_empty() {
            return Rational::zero();
        }
        let total = self
            .lines
            .iter()
            .map(|l| l.share(status))
            .fold(Rational::zero(), |a, b| a + b);
        total / Rational::from_integer(BigInt::from(self.lines.len()))
    }

    /// Whether every line's shares are exact (the mean is then exact too, as a mean of lines).
    pub fn shares_exact(&self) -> bool {
        self.lines.iter().all(RangeVerdict::shares_exact)
    }

    /// `holds`, `fails`, `mixed` or `undecided`, over all lines.
    pub fn summary(&self) -> &'static str {
        let any = |s: Status| {
            self.lines
                .iter()
                .any(|l| l.pieces.iter().any(|p| p.status == s))
        };
        match (any(Status::Holds), any(Status::Fails)) {
            (true, false) => "holds",
            (false, true) => "fails",
            (true, true) => "mixed",
            (false, false) => "undecided",
        }
    }

    /// What the verdict covers, in one sentence.
    pub fn coverage(&self) -> String {
        let step = match self.values.as_slice() {
            [a, b, ..] => format!(" (step {})", b - a),
            _ => String::new(),
        };
        format!(
            "intervals along {} (ends exact where confirmed) on {} lines of {}{step}; between \
             lines nothing was examined, \
             and along each line {}",
            self.param,
            self.lines.len(),
            self.across,
            self.lines
                .first()
                .map_or(String::new(), |l| l.coverage.clone())
        )
    }
}

/// Judges a claim over two parameters along `lines` lines (see [`LinesVerdict`]), sharing
/// solves through `cache` (give one per scenario).
pub fn check_claim_lines(
    scenario: &Scenario,
    claim: &Claim,
    scan: usize,
    lines: usize,
    control: &Control<'_>,
    cache: &SolveCache,
) -> Result<LinesVerdict, SweepError> {
    let [(param, lo, hi), (across, alo, ahi)] = claim.over.as_slice() else {
        return Err(SweepError::Plan(format!(
            "judging along lines needs a claim over two parameters, not {}",
            claim.over.len()
        )));
    };
    if alo > ahi || lines == 0 {
        return Err(SweepError::Plan(
            "a claim's range needs low <= high and at least one line".into(),
        ));
    }
    if lines.saturating_mul(scan) > SCAN_LIMIT {
        return Err(SweepError::Plan(format!(
            "{lines} lines of {scan} intervals are more than the {SCAN_LIMIT} a claim may use"
        )));
    }
    let n = if alo == ahi { 1 } else { lines.max(2) };
    let values: Vec<Rational> = if n == 1 {
        vec![alo.clone()]
    } else {
        (0..n)
            .map(|k| alo + (ahi - alo) * Rational::new(BigInt::from(k), BigInt::from(n - 1)))
            .collect()
    };
    let mut one = claim.clone();
    one.over = vec![(param.clone(), lo.clone(), hi.clone())];
    let mut verdicts = Vec::with_capacity(values.len());
    for v in &values {
        if control.stopped() {
            break;
        }
        let fixed = [(across.clone(), v.clone())];
        verdicts.push(check_claim_range_fixed(
            scenario, &one, &fixed, scan, control, cache,
        )?);
    }
    // Where neighbouring lines differ in shape, the change across is located by bisection.
    let shape = |v: &RangeVerdict| -> String {
        let mut words: Vec<&str> = Vec::new();
        for p in &v.pieces {
            if p.from.value == p.to.value {
                continue;
            }
            let w = p.status.words();
            if words.last() != Some(&w) {
                words.push(w);
            }
        }
        words.join(", ")
    };
    let line_at = |t: &Rational| -> Result<String, SweepError> {
        let fixed = [(across.clone(), t.clone())];
        Ok(shape(&check_claim_range_fixed(
            scenario, &one, &fixed, scan, control, cache,
        )?))
    };
    let mut changes = Vec::new();
    for k in 1..verdicts.len() {
        let (below, above) = (shape(&verdicts[k - 1]), shape(&verdicts[k]));
        if below == above || control.stopped() {
            continue;
        }
        let (mut a, mut b) = (values[k - 1].clone(), values[k].clone());
        let tolerance = (&b - &a) / Rational::from_integer(BigInt::from(1u32 << 12));
        let delta = &tolerance / Rational::from_integer(BigInt::one() << 16);
        let four = Rational::from_integer(BigInt::from(4));
        // The simplest fraction `v` in the bracket is the change when the shape just below
        // it is `below` and just above it `above` (at an end of the bracket, that end's
        // shape is known already): the same certificate as the thresholds'.
        let check = |v: &Rational, a: &Rational, b: &Rational| -> Result<bool, SweepError> {
            let low_ok = v == a || line_at(&(v - &delta))? == below;
            Ok(low_ok && (v == b || line_at(&(v + &delta))? == above))
        };
        let mut confirmed = None;
        let mut tried: Option<Rational> = None;
        while &b - &a > tolerance && !control.stopped() {
            let v = simplest_between(&a, &b);
            let simple = Rational::from_integer(v.denom() * v.denom()) * (&b - &a)
                < Rational::new(BigInt::one(), BigInt::from(64));
            if simple && tried.as_ref() != Some(&v) {
                if check(&v, &a, &b)? {
                    confirmed = Some(v);
                    break;
                }
                tried = Some(v);
            }
            let quarter = (&b - &a) / &four;
            let mid = simplest_between(&(&a + &quarter), &(&b - &quarter));
            let here = line_at(&mid)?;
            if here == below {
                a = mid;
            } else if here == above {
                b = mid;
            } else {
                // A third shape between: the bracket is reported as it stands.
                break;
            }
        }
        let (value, confirmed) = match confirmed {
            Some(v) => (v, true),
            None => {
                let v = simplest_between(&a, &b);
                let ok = !control.stopped() && check(&v, &a, &b)?;
                (v, ok)
            }
        };
        changes.push(LineChange {
            at: Endpoint {
                value,
                bracket: (a, b),
                confirmed,
            },
            below,
            above,
        });
    }
    Ok(LinesVerdict {
        says: claim.says.clone(),
        param: param.clone(),
        across: across.clone(),
        values,
        lines: verdicts,
        changes,
    })
}
