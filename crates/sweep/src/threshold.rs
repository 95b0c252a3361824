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
//! reported with its bracket and `exact: false`.

use std::sync::Arc;

use brink_game::Rational;
use brink_scenario::{analyze_compiled, CompiledScenario, Measure};
use num_bigint::BigInt;
use num_integer::Integer;
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
/// `[lo, hi]`, by the continued-fraction recursion.
pub fn simplest_between(lo: &Rational, hi: &Rational) -> Rational {
    let (lo, hi) = if lo <= hi {
        (lo.clone(), hi.clone())
    } else {
        (hi.clone(), lo.clone())
    };
    if lo.is_negative() && hi.is_positive() || lo.is_zero() || hi.is_zero() {
        return Rational::zero();
    }
    if hi.is_negative() {
        return -simplest_between(&-hi, &-lo);
    }
    // Iterative form of: s(lo, hi) = ceil(lo) if ceil(lo) <= hi, else
    // floor(lo) + 1 / s(1 / (hi - floor(lo)), 1 / (lo - floor(lo))).
    let mut terms: Vec<BigInt> = Vec::new();
    let (mut lo, mut hi) = (lo, hi);
    let last = loop {
        let fl = lo.numer().div_floor(lo.denom());
        let cl = -((-lo.numer()).div_floor(lo.denom()));
        if Rational::from_integer(cl.clone()) <= hi {
            break cl;
        }
        let f = Rational::from_integer(fl.clone());
        let (nlo, nhi) = ((&hi - &f).recip(), (&lo - &f).recip());
        terms.push(fl);
        lo = nlo;
        hi = nhi;
        if terms.len() > 10_000 {
            // Unreachable for finite rationals (the recursion follows the continued fraction
            // of the endpoints); kept so that no input can loop for ever.
            break cl;
        }
    };
    let mut x = Rational::from_integer(last);
    for a in terms.into_iter().rev() {
        x = Rational::from_integer(a) + x.recip();
    }
    x
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
    // Brackets to bisect, in increasing order: (low, category there, high, category there).
    let mut work: Vec<(Rational, String, Rational, String)> = Vec::new();
    for i in (0..n).rev() {
        if cats[i] != cats[i + 1] {
            work.push((
                grid[i].clone(),
                cats[i].clone(),
                grid[i + 1].clone(),
                cats[i + 1].clone(),
            ));
        }
    }
    let two = Rational::from_integer(BigInt::from(2));
    while let Some((mut a, ca, mut b, mut cb)) = work.pop() {
        if control.stopped() {
            break;
        }
        while &b - &a > search.tolerance {
            let mid = (&a + &b) / &two;
            let cm = probe.category(&mid);
            probes += 1;
            if cm == ca {
                a = mid;
            } else if cm == cb {
                b = mid;
            } else {
                // A third category in the middle: both halves hold a change.
                work.push((mid.clone(), cm.clone(), b.clone(), cb.clone()));
                b = mid;
                cb = cm;
            }
        }
        let value = simplest_between(&a, &b);
        let delta = (&b - &a) / Rational::from_integer(BigInt::one() << 16);
        let at = probe.category(&value);
        let exact = !delta.is_zero()
            && &value - &delta >= search.lo
            && &value + &delta <= search.hi
            && probe.category(&(&value - &delta)) == ca
            && probe.category(&(&value + &delta)) == cb;
        probes += 3;
        control.report(probes, probes);
        out.push(Threshold {
            param: search.param.clone(),
            value,
            bracket: (a, b),
            below: ca,
            above: cb,
            at,
            exact,
        });
    }
    out.sort_by(|x, y| x.value.cmp(&y.value));
    Ok(out)
}
