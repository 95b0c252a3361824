//! Thresholds: where, along one parameter, the equilibrium's outcome class (or which side of a
//! level a measure lies on) changes.
//!
//! **Method.** A grid scan finds neighbouring values with different categories; each such
//! bracket is bisected in exact rationals until it is narrower than the tolerance (a bracket
//! whose midpoint shows a third category is split and both halves searched). The threshold
//! is then *rationalised*: the fraction with the smallest denominator inside the final
//! bracket (the Stern-Brocot / continued-fraction "simplest rational", Khinchin 1935). Where
//! the payoffs and priors are linear or rational in the parameter with small coefficients the
//! true threshold is such a fraction, and the result is checked: the category is evaluated
//! again at that fraction minus and plus `δ`, a step 2^16 times smaller than the tolerance;
//! if both sides show the bracket's categories the threshold is marked `exact`. The check is a
//! certificate that the change lies within `δ` of the fraction, and the fraction is the only
//! one of its size there; it is not a symbolic proof, and a threshold that fails it is
//! reported with its bracket and `exact: false`. The same check is tried early, as soon as
//! the simplest fraction in the bracket is much simpler than the bracket's width makes
//! likely, which saves about half of the bisection for thresholds such fractions.
//!
//! **Coverage.** The scan is the weak point: a change that appears and reverts within one
//! scan interval is not seen. So the list is never called complete; every caller reports
//! [`ThresholdSearch::coverage`] with it. A proof of completeness needs the equilibrium
//! structure certified cell by cell (issue 11), which the scenario solver does not give yet;
//! the exact root isolation that such cells will need is [`brink_game::Poly::real_roots`].

use std::sync::Arc;

use brink_game::Rational;
use brink_scenario::{analyze_compiled, CompiledScenario, Measure};
use num_bigint::BigInt;
use num_traits::{One, Signed, Zero};
use rayon::prelude::*;

use crate::run::{outcome_class, Control, ERROR_CLASS};
use crate::SweepError;

/// What is watched along the parameter.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Criterion {
    /// The most likely outcome of the selected equilibrium (see [`crate::outcome_class`]).
    OutcomeClass,
    /// Whether a measure lies above a level: the categories are `above` and `at or below`.
    Above {
        /// The measure (`P(outcome)`, `P(node.move)`, `E(player)`).
        measure: Measure,
        /// The level.
        level: Rational,
    },
}

/// A threshold search along one parameter.
#[derive(Clone, Debug)]
pub struct ThresholdSearch {
    /// The parameter.
    pub param: String,
    /// The lower end of the range searched.
    pub lo: Rational,
    /// The upper end.
    pub hi: Rational,
    /// Intervals of the first scan (a change inside one interval that reverts within it is
    /// not seen; more steps find more).
    pub steps: usize,
    /// Bisection stops when the bracket is at most this wide.
    pub tolerance: Rational,
    /// What is watched.
    pub criterion: Criterion,
}

/// A value of the parameter where the category changes.
#[derive(Clone, Debug, PartialEq)]
pub struct Threshold {
    /// The parameter.
    pub param: String,
    /// The threshold: the simplest fraction in the final bracket.
    pub value: Rational,
    /// The final bracket `(low, high)`: the category is `below` at `low`, `above` at `high`.
    pub bracket: (Rational, Rational),
    /// The category just below.
    pub below: String,
    /// The category just above.
    pub above: String,
    /// The category at the threshold itself.
    pub at: String,
    /// Whether the check at `value ∓ δ` confirmed the change (see the module docs).
    pub exact: bool,
}

/// The category of one parameter value.
struct Probe<'a> {
    compiled: &'a Arc<CompiledScenario>,
    base: &'a [Rational],
    slot: usize,
    criterion: &'a Criterion,
}

impl Probe<'_> {
    fn category(&self, t: &Rational) -> String {
        let mut values = self.base.to_vec();
        values[self.slot] = t.clone();
        let Ok(answer) = analyze_compiled(self.compiled, &values) else {
            return ERROR_CLASS.into();
        };
        match self.criterion {
            Criterion::OutcomeClass => outcome_class(&answer),
            Criterion::Above { measure, level } => match answer.measure(measure) {
                Some(v) if v > *level => "above".into(),
                Some(_) => "at or below".into(),
                None => ERROR_CLASS.into(),
            },
        }
    }
}

/// The fraction with the smallest denominator (then numerator) in the closed interval
/// `[lo, hi]` (see [`brink_game::simplest_between`]).
pub fn simplest_between(lo: &Rational, hi: &Rational) -> Rational {
    brink_game::simplest_between(lo, hi)
}

impl ThresholdSearch {
    /// What the search can miss, in one sentence: breakpoints come from a scan and exact
    /// refinement, not from a certificate, so the list is never claimed complete.
    pub fn coverage(&self) -> String {
        coverage(&self.lo, &self.hi, self.steps)
    }
}

/// The coverage sentence of a scan of `[lo, hi]` in `steps` intervals (see
/// [`ThresholdSearch::coverage`]).
pub fn coverage(lo: &Rational, hi: &Rational, steps: usize) -> String {
    let step = (hi - lo) / Rational::from_integer(BigInt::from(steps.max(1)));
    format!(
        "breakpoints found by a scan of {steps} intervals (step {step}) and exact refinement; \
         a change narrower than the scan step can be missed"
    )
}

/// The changes inside one scan interval: bisects `[a, b]` (category `ca` at `a`, `cb` at
/// `b`) in exact rationals until the bracket is at most `tolerance` wide; a midpoint with a
/// third category splits the work, and both halves are searched. Each change is then
/// rationalised and checked as the module documentation says. `within` bounds the check
/// points. Returns the changes and the number of categories computed.
pub(crate) fn refine_change(
    param: &str,
    (a, ca): (Rational, String),
    (b, cb): (Rational, String),
    within: (&Rational, &Rational),
    tolerance: &Rational,
    category: &(dyn Fn(&Rational) -> String + Sync),
    control: &Control<'_>,
) -> (Vec<Threshold>, usize) {
    let mut out = Vec::new();
    let mut probes = 0;
    let mut work = vec![(a, ca, b, cb)];
    let four = Rational::from_integer(BigInt::from(4));
    while let Some((mut a, ca, mut b, mut cb)) = work.pop() {
        if control.stopped() {
            break;
        }
        // The check's step: far below the tolerance.
        let delta = tolerance / Rational::from_integer(BigInt::one() << 16);
        let mut tried: Option<Rational> = None;
        let mut confirmed = None;
        while &b - &a > *tolerance {
            // A shortcut that gives the same certificate as the end of the bisection: once
            // the simplest fraction in the bracket is much simpler than the bracket's width
            // makes likely (denominator q with q² · width < 1/64), check it at once just
            // below and just above. Most thresholds of written scenarios are such fractions,
            // and this saves about half of the solves.
            let v = simplest_between(&a, &b);
            let simple = Rational::from_integer(v.denom() * v.denom()) * (&b - &a)
                < Rational::new(BigInt::one(), BigInt::from(64));
            if simple && tried.as_ref() != Some(&v) {
                // At an end of the bracket the category is known already; elsewhere it is
                // computed `δ` away on that side.
                let side =
                    |end: &Rational, point: Rational, wanted: &String, probes: &mut usize| {
                        if v == *end {
                            return Some(end.clone());
                        }
                        *probes += 1;
                        (point >= a && point <= b && category(&point) == *wanted).then_some(point)
                    };
                let below = side(&a, &v - &delta, &ca, &mut probes);
                let above = below
                    .as_ref()
                    .and_then(|_| side(&b, &v + &delta, &cb, &mut probes));
                if let (Some(below), Some(above)) = (below, above) {
                    confirmed = Some((v, below, above));
                    break;
                }
                tried = Some(v);
            }
            // The probe: the simplest fraction in the middle half of the bracket rather than
            // its midpoint, so the values solved keep small denominators (about the square
            // root of a dyadic midpoint's), which keeps the exact solver in machine integers;
            // the bracket still shrinks to at most 3/4 each step.
            let quarter = (&b - &a) / &four;
            let mid = simplest_between(&(&a + &quarter), &(&b - &quarter));
            let cm = category(&mid);
            probes += 1;
            if cm == ca {
                a = mid;
            } else if cm == cb {
                b = mid;
            } else {
                // A third category in the middle. Often the probe has hit the threshold
                // itself, where the category is that of the point alone (an indifference):
                // then the sides just below and above show `ca` and `cb`.
                probes += 2;
                if category(&(&mid - &delta)) == ca && category(&(&mid + &delta)) == cb {
                    let (below, above) = (&mid - &delta, &mid + &delta);
                    confirmed = Some((mid, below, above));
                    break;
                }
                // Otherwise both halves hold a change.
                work.push((mid.clone(), cm.clone(), b.clone(), cb.clone()));
                b = mid;
                cb = cm;
            }
        }
        if let Some((value, below, above)) = confirmed {
            let at = category(&value);
            probes += 1;
            out.push(Threshold {
                param: param.to_string(),
                value,
                bracket: (below, above),
                below: ca,
                above: cb,
                at,
                exact: true,
            });
            continue;
        }
        let value = simplest_between(&a, &b);
        let delta = (&b - &a) / Rational::from_integer(BigInt::one() << 16);
        let at = category(&value);
        let exact = !delta.is_zero()
            && &value - &delta >= *within.0
            && &value + &delta <= *within.1
            && category(&(&value - &delta)) == ca
            && category(&(&value + &delta)) == cb;
        probes += 3;
        out.push(Threshold {
            param: param.to_string(),
            value,
            bracket: (a, b),
            below: ca,
            above: cb,
            at,
            exact,
        });
    }
    out.sort_by(|x, y| x.value.cmp(&y.value));
    (out, probes)
}

/// Finds where the category changes along `search.param` in `[lo, hi]`, every other
/// parameter at `base` (all of the scenario's parameters, in order). Thresholds come in
/// increasing order. The stop flag ends the search early (the thresholds found so far are
/// returned); progress counts scanned and bisection points.
pub fn thresholds(
    compiled: &Arc<CompiledScenario>,
    base: &[Rational],
    search: &ThresholdSearch,
    control: &Control<'_>,
) -> Result<Vec<Threshold>, SweepError> {
    let params = compiled.params();
    let slot = params
        .iter()
        .position(|p| p.name == search.param)
        .ok_or_else(|| {
            SweepError::Plan(format!("the scenario has no parameter `{}`", search.param))
        })?;
    if base.len() != params.len() {
        return Err(SweepError::Plan(format!(
            "{} base values for {} parameters",
            base.len(),
            params.len()
        )));
    }
    if search.lo >= search.hi || search.steps == 0 || !search.tolerance.is_positive() {
        return Err(SweepError::Plan(
            "a threshold search needs low < high, at least one step and a positive tolerance"
                .into(),
        ));
    }
    if let Some((lo, hi)) = &params[slot].range {
        if search.lo < *lo || search.hi > *hi {
            return Err(SweepError::Plan(format!(
                "[{}, {}] leaves the declared range [{lo}, {hi}] of `{}`",
                search.lo, search.hi, search.param
            )));
        }
    }
    let probe = Probe {
        compiled,
        base,
        slot,
        criterion: &search.criterion,
    };
    let n = search.steps;
    let grid: Vec<Rational> = (0..=n)
        .map(|i| {
            &search.lo + (&search.hi - &search.lo) * Rational::new(BigInt::from(i), BigInt::from(n))
        })
        .collect();
    let cats: Vec<String> = grid.par_iter().map(|t| probe.category(t)).collect();
    let mut probes = grid.len();
    control.report(probes, probes);
    let mut out = Vec::new();
    let category = |t: &Rational| probe.category(t);
    for i in 0..n {
        if cats[i] == cats[i + 1] {
            continue;
        }
        if control.stopped() {
            break;
        }
        let (found, used) = refine_change(
            &search.param,
            (grid[i].clone(), cats[i].clone()),
            (grid[i + 1].clone(), cats[i + 1].clone()),
            (&search.lo, &search.hi),
            &search.tolerance,
            &category,
            control,
        );
        probes += used;
        control.report(probes, probes);
        out.extend(found);
    }
    out.sort_by(|x, y| x.value.cmp(&y.value));
    Ok(out)
}
