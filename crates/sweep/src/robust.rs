//! A claim's robustness: how often it holds over the box of its scenario's parameter ranges,
//! not only along the one parameter its exact verdict follows.
//!
//! **The box.** Every numeric parameter with a declared `range` that either compared variant
//! reads (in a payoff, a prior, a chance probability or a stated assumption) is sampled over
//! that range; a parameter the claim ranges over (`over`) is sampled over the claim's range
//! instead. Two kinds of parameter are not sampled: one without a declared range (it keeps
//! its value), and one the two variants set to different values (`anti_nato_president` sets
//! `p_resolute = 0.1`): that value is what the variant *is*, so each variant keeps its own
//! ([`RobustVerdict::held`]), unless the claim ranges over it.
//!
//! **The sample.** A Latin hypercube of `n` points ([`Plan::sample`] with
//! [`Sampling::LatinHypercube`], seeded, so the same seed gives the same points) over the
//! ranges of *all* the scenario's ranged parameters in declaration order, of which a claim
//! uses its box; so claims about one scenario draw the same values and share their solves
//! ([`RobustSolves`]). A point at which either variant's stated assumptions (`assume`) fail
//! is rejected; the verdict counts the points kept ([`RobustVerdict::accepted`]).
//!
//! **The verdict.** At each kept point both variants are solved exactly (the scenario's
//! sequential-equilibrium path, [`point_numbers`]) and the claim is judged as on intervals:
//! holds, fails, no difference, or could not be analysed. Shares are of the kept points; the
//! sampling error is the binomial standard error `sqrt(p (1 - p) / m)` and the 95% Wilson
//! score interval (Wilson 1927), both of which treat the points as independent draws. A Latin
//! hypercube's estimate of a mean has a variance no larger than independent sampling's as the
//! sample grows (Stein 1987), so the interval errs on the wide side.
//!
//! **What decides it.** A first-order sensitivity from the same sample: for each sampled
//! parameter, the kept points (those analysed) are sorted by its value and cut into equal
//! quantile bins, and the *correlation ratio* η² = Σ_b n_b (ȳ_b − ȳ)² / Σ_i (y_i − ȳ)² is taken
//! of y = 1 where the claim holds, 0 elsewhere: the share of the variance of "holds" that the
//! parameter's bin explains (Pearson's η², a binned estimate of the first-order Sobol index
//! Var(E[y | x]) / Var(y)). With B bins and m points it is about (B − 1)/(m − 1) for a
//! parameter that does not matter ([`RobustVerdict::noise_level`]). When the claim holds at
//! every point or at none, nothing varies and there is no sensitivity to report.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use brink_game::{rational_to_f64, Rational};
use brink_scenario::{point_numbers, Claim, CompiledScenario, Direction, Measure, Scenario};
use num_traits::{Signed, Zero};
use rayon::prelude::*;

use crate::claim_range::Status;
use crate::plan::{ParamRange, Plan, Sampling};
use crate::{Control, SweepError};

/// The z-value of a two-sided 95% interval.
const Z95: f64 = 1.959_963_984_540_054;

/// The measures of one variant at one point of the sample (`None` where it failed).
type Solved = Arc<Vec<Option<Rational>>>;

/// Solves shared by the robustness checks of the claims about one scenario (use one per
/// scenario): a variant at a point of the shared sample is solved once, for every measure of
/// those claims.
pub struct RobustSolves {
    measures: Vec<Measure>,
    solved: Mutex<HashMap<(Arc<str>, usize), Solved>>,
}

impl RobustSolves {
    /// Solves that compute all of `measures` at every point (the measures of the claims that
    /// will share them; a claim with another measure solves on its own).
    pub fn new(measures: Vec<Measure>) -> RobustSolves {
        RobustSolves {
            measures,
            solved: Mutex::new(HashMap::new()),
        }
    }
}

/// A parameter each variant keeps at its own value.
#[derive(Clone, Debug, PartialEq)]
pub struct Held {
    /// The parameter.
    pub param: String,
    /// Its value under the claimed variant.
    pub variant: Rational,
    /// Its value under the variant it is compared with.
    pub against: Rational,
}

/// How much one parameter decides a claim (see the module documentation).
#[derive(Clone, Debug, PartialEq)]
pub struct Sensitivity {
    /// The parameter.
    pub param: String,
    /// The correlation ratio η² of "holds" on the parameter's quantile bins, in [0, 1];
    /// `None` when "holds" does not vary over the sample.
    pub eta_squared: Option<f64>,
}

/// A claim's robustness over its box (see the module documentation).
#[derive(Clone, Debug)]
pub struct RobustVerdict {
    /// The claim in words.
    pub says: String,
    /// The seed of the sample.
    pub seed: u64,
    /// The points asked for.
    pub requested: usize,
    /// The points drawn (fewer than `requested` only when the run was stopped).
    pub drawn: usize,
    /// The sampled parameters and their ranges.
    pub sampled: Vec<ParamRange>,
    /// The parameters each variant keeps at its own value.
    pub held: Vec<Held>,
    /// The stated assumptions the points had to satisfy (both variants', as written).
    pub assumptions: Vec<String>,
    /// The points that satisfied them.
    pub accepted: usize,
    /// Kept points where the claim holds, fails, makes no difference, could not be analysed.
    pub holds: usize,
    /// See `holds`.
    pub fails: usize,
    /// See `holds`.
    pub no_difference: usize,
    /// See `holds`.
    pub not_analysed: usize,
    /// The quantile bins of the sensitivity.
    pub bins: usize,
    /// Each sampled parameter's η², largest first (`None`s last).
    pub sensitivity: Vec<Sensitivity>,
    /// The effect (the claimed variant's measure minus the other's) over the analysed points:
    /// lowest, mean, highest.
    pub effect: Option<(f64, f64, f64)>,
}

impl RobustVerdict {
    /// The share of the drawn points that satisfied the assumptions.
    pub fn acceptance(&self) -> f64 {
        if self.drawn == 0 {
            0.0
        } else {
            self.accepted as f64 / self.drawn as f64
        }
    }

    /// How many kept points have this status.
    pub fn count(&self, status: Status) -> usize {
        match status {
            Status::Holds => self.holds,
            Status::Fails => self.fails,
            Status::NoDifference => self.no_difference,
            _ => self.not_analysed,
        }
    }

    /// The share of the kept points with this status (0 when none was kept).
    pub fn share(&self, status: Status) -> f64 {
        if self.accepted == 0 {
            0.0
        } else {
            self.count(status) as f64 / self.accepted as f64
        }
    }

    /// The binomial standard error of [`RobustVerdict::share`].
    pub fn standard_error(&self, status: Status) -> f64 {
        let p = self.share(status);
        if self.accepted == 0 {
            return f64::NAN;
        }
        (p * (1.0 - p) / self.accepted as f64).sqrt()
    }

    /// The 95% Wilson score interval of [`RobustVerdict::share`].
    pub fn wilson(&self, status: Status) -> (f64, f64) {
        let m = self.accepted as f64;
        if self.accepted == 0 {
            return (0.0, 1.0);
        }
        let p = self.share(status);
        let z2 = Z95 * Z95;
        let centre = (p + z2 / (2.0 * m)) / (1.0 + z2 / m);
        let half = Z95 / (1.0 + z2 / m) * (p * (1.0 - p) / m + z2 / (4.0 * m * m)).sqrt();
        ((centre - half).max(0.0), (centre + half).min(1.0))
    }

    /// The η² a parameter that does not matter gets on average: (B − 1)/(m − 1) for B bins
    /// and m analysed points.
    pub fn noise_level(&self) -> f64 {
        let m = self.accepted - self.not_analysed;
        if m < 2 || self.bins < 2 {
            return f64::NAN;
        }
        (self.bins - 1) as f64 / (m - 1) as f64
    }

    /// Whether the run drew every point asked for.
    pub fn complete(&self) -> bool {
        self.drawn == self.requested
    }
}

/// The quantile bins for `m` points: 10, or one per 100 points below 1,000 (at least 2).
fn bins_for(m: usize) -> usize {
    (m / 100).clamp(2, 10)
}

/// One variant of the claim as the sample sees it.
struct Side {
    compiled: Arc<CompiledScenario>,
    defaults: Vec<Rational>,
    /// For each sampled parameter (by its position in the claim's box), its slot here, if
    /// this variant reads it.
    slots: Vec<Option<usize>>,
    /// Names the solves of this variant on this box in the shared cache.
    key: Arc<str>,
}

/// The ranges of all the scenario's numeric parameters with a declared range, base first,
/// then those only variants declare, in file order; the first declaration gives the range.
fn all_ranges(scenario: &Scenario) -> Vec<ParamRange> {
    let mut out: Vec<ParamRange> = Vec::new();
    let mut lists = vec![scenario.params.as_slice()];
    for v in &scenario.variants {
        if let Ok(p) = scenario.variant_params(Some(&v.name)) {
            lists.push(p);
        }
    }
    for list in lists {
        for p in list {
            if p.boolean || out.iter().any(|r| r.param == p.name) {
                continue;
            }
            if let Some((lo, hi)) = &p.range {
                out.push(ParamRange {
                    param: p.name.clone(),
                    lo: lo.clone(),
                    hi: hi.clone(),
                });
            }
        }
    }
    out
}

fn scenario_error(d: Vec<brink_scenario::Diagnostic>) -> SweepError {
    SweepError::Scenario(
        d.iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
            .join("; "),
    )
}

/// Judges `claim` on a Latin-hypercube sample of `n` points of its box, reproducible from
/// `seed` (see the module documentation). `solves` shares solves with the other claims about
/// the same scenario. The stop flag of `control` ends the run between batches; the verdict
/// then covers the points drawn ([`RobustVerdict::complete`] is `false`).
pub fn check_claim_robust(
    scenario: &Scenario,
    claim: &Claim,
    n: usize,
    seed: u64,
    control: &Control<'_>,
    solves: &RobustSolves,
) -> Result<RobustVerdict, SweepError> {
    if n == 0 {
        return Err(SweepError::Plan(
            "a robustness check needs at least one point".into(),
        ));
    }
    let compile = |name: &str| -> Result<(CompiledScenario, Vec<Rational>), SweepError> {
        let c = scenario
            .compile(Some(name))
            .map_err(|d| SweepError::Scenario(d.to_string()))?;
        let defaults = c.param_values(&[]).map_err(scenario_error)?;
        Ok((c, defaults))
    };
    let (variant_c, variant_d) = compile(&claim.variant)?;
    let (against_c, against_d) = compile(&claim.against)?;
    let read = {
        let mut r = variant_c.read_params();
        r.extend(against_c.read_params());
        r
    };
    let value_of = |c: &CompiledScenario, d: &[Rational], name: &str| -> Option<Rational> {
        c.params()
            .iter()
            .position(|p| p.name == name)
            .map(|i| d[i].clone())
    };

    // The plan spans every ranged parameter of the scenario (so that claims share points);
    // the claim's own ranges replace the declared ones.
    let mut ranges = all_ranges(scenario);
    for (name, lo, hi) in &claim.over {
        match ranges.iter_mut().find(|r| &r.param == name) {
            Some(r) => {
                r.lo = lo.clone();
                r.hi = hi.clone();
            }
            None => ranges.push(ParamRange {
                param: name.clone(),
                lo: lo.clone(),
                hi: hi.clone(),
            }),
        }
    }
    // The claim's box: what it samples, what each variant holds.
    let mut sampled: Vec<(usize, ParamRange)> = Vec::new();
    let mut held = Vec::new();
    for (j, r) in ranges.iter().enumerate() {
        if !read.contains(&r.param) {
            continue;
        }
        let in_over = claim.over.iter().any(|(name, _, _)| name == &r.param);
        let a = value_of(&variant_c, &variant_d, &r.param);
        let b = value_of(&against_c, &against_d, &r.param);
        match (a, b) {
            (Some(a), Some(b)) if a != b && !in_over => held.push(Held {
                param: r.param.clone(),
                variant: a,
                against: b,
            }),
            _ => sampled.push((j, r.clone())),
        }
    }
    let plan = Plan::sample(ranges, n, seed, Sampling::LatinHypercube)?;
    let side = |name: &str, compiled: CompiledScenario, defaults: Vec<Rational>| -> Side {
        let reads = compiled.read_params();
        let slots: Vec<Option<usize>> = sampled
            .iter()
            .map(|(_, r)| {
                if !reads.contains(&r.param) {
                    return None;
                }
                compiled.params().iter().position(|p| p.name == r.param)
            })
            .collect();
        // The values of a variant at a point follow from the seed, the size, and the ranges
        // of the parameters it reads (each drawn on its own stream): that names its solves.
        let mut key = format!("{name}|{seed}|{n}");
        for ((j, r), slot) in sampled.iter().zip(&slots) {
            if slot.is_some() {
                key.push_str(&format!("|{j}:{}={}:{}", r.param, r.lo, r.hi));
            }
        }
        Side {
            compiled: Arc::new(compiled),
            defaults,
            slots,
            key: Arc::from(key),
        }
    };
    let variant = side(&claim.variant, variant_c, variant_d);
    let against = side(&claim.against, against_c, against_d);
    let mut assumptions: Vec<String> = Vec::new();
    for s in [&variant, &against] {
        for a in s.compiled.assumptions() {
            if !assumptions.iter().any(|x| x == a) {
                assumptions.push(a.to_string());
            }
        }
    }

    // One point: `None` if rejected, else the verdict, the effect and the sampled values.
    let values = |s: &Side, point: &[Rational]| -> Vec<Rational> {
        let mut v = s.defaults.clone();
        for ((j, _), slot) in sampled.iter().zip(&s.slots) {
            if let Some(i) = slot {
                v[*i] = point[*j].clone();
            }
        }
        v
    };
    let solve = |s: &Side, k: usize, v: &[Rational]| -> Option<Rational> {
        match solves.measures.iter().position(|m| *m == claim.measure) {
            Some(at) => {
                let key = (s.key.clone(), k);
                let hit = solves
                    .solved
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .get(&key)
                    .cloned();
                let found = match hit {
                    Some(found) => found,
                    None => {
                        // Solved outside the lock: two claims may solve one point at once,
                        // which costs time but gives the same answer.
                        let numbers = point_numbers(&s.compiled, v, &solves.measures)
                            .map_or_else(|_| vec![None; solves.measures.len()], |n| n.measures);
                        solves
                            .solved
                            .lock()
                            .unwrap_or_else(|e| e.into_inner())
                            .entry(key)
                            .or_insert_with(|| Arc::new(numbers))
                            .clone()
                    }
                };
                found[at].clone()
            }
            None => point_numbers(&s.compiled, v, std::slice::from_ref(&claim.measure))
                .ok()
                .and_then(|n| n.measures.into_iter().next().flatten()),
        }
    };
    type Judged = Option<(Status, Option<Rational>, Vec<f64>)>;
    let judge = |k: usize| -> Judged {
        let point = plan.point(k)?;
        let (va, vb) = (values(&variant, &point), values(&against, &point));
        if !variant.compiled.satisfies_assumptions(&va)
            || !against.compiled.satisfies_assumptions(&vb)
        {
            return None;
        }
        let at: Vec<f64> = sampled
            .iter()
            .map(|(j, _)| rational_to_f64(&point[*j]))
            .collect();
        let (a, b) = (solve(&variant, k, &va), solve(&against, k, &vb));
        let (Some(a), Some(b)) = (a, b) else {
            return Some((Status::NotAnalysed, None, at));
        };
        let effect = &a - &b;
        let wanted = match claim.expect {
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
        Some((status, Some(effect), at))
    };

    let indices: Vec<usize> = (0..n).collect();
    let mut results: Vec<Judged> = Vec::with_capacity(n);
    for batch in indices.chunks(256) {
        if control.stopped() {
            break;
        }
        let rows: Vec<Option<Judged>> = batch
            .par_iter()
            .map(|&k| (!control.stopped()).then(|| judge(k)))
            .collect();
        let complete = rows.iter().all(Option::is_some);
        results.extend(rows.into_iter().flatten());
        control.report(results.len(), n);
        if !complete {
            break;
        }
    }

    let kept: Vec<&(Status, Option<Rational>, Vec<f64>)> = results.iter().flatten().collect();
    let count = |s: Status| kept.iter().filter(|r| r.0 == s).count();
    let analysed: Vec<&&(Status, Option<Rational>, Vec<f64>)> =
        kept.iter().filter(|r| r.0 != Status::NotAnalysed).collect();
    let m = analysed.len();
    let bins = bins_for(m);
    let y: Vec<f64> = analysed
        .iter()
        .map(|r| if r.0 == Status::Holds { 1.0 } else { 0.0 })
        .collect();
    let mut sensitivity: Vec<Sensitivity> = sampled
        .iter()
        .enumerate()
        .map(|(c, (_, r))| {
            let x: Vec<f64> = analysed.iter().map(|p| p.2[c]).collect();
            Sensitivity {
                param: r.param.clone(),
                eta_squared: correlation_ratio(&x, &y, bins),
            }
        })
        .collect();
    sensitivity.sort_by(|a, b| {
        let key = |s: &Sensitivity| s.eta_squared.unwrap_or(-1.0);
        key(b).total_cmp(&key(a))
    });
    let effects: Vec<f64> = kept
        .iter()
        .filter_map(|r| r.1.as_ref().map(rational_to_f64))
        .collect();
    let effect = (!effects.is_empty()).then(|| {
        (
            effects.iter().copied().fold(f64::INFINITY, f64::min),
            effects.iter().sum::<f64>() / effects.len() as f64,
            effects.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        )
    });
    Ok(RobustVerdict {
        says: claim.says.clone(),
        seed,
        requested: n,
        drawn: results.len(),
        sampled: sampled.into_iter().map(|(_, r)| r).collect(),
        held,
        assumptions,
        accepted: kept.len(),
        holds: count(Status::Holds),
        fails: count(Status::Fails),
        no_difference: count(Status::NoDifference),
        not_analysed: count(Status::NotAnalysed),
        bins,
        sensitivity,
        effect,
    })
}

/// The correlation ratio η² of `y` on `bins` quantile bins of `x` (equal counts, in order of
/// `x`; ties broken by position): the between-bin sum of squares over the total. `None` when
/// `y` does not vary or there are fewer points than bins.
pub(crate) fn correlation_ratio(x: &[f64], y: &[f64], bins: usize) -> Option<f64> {
    let m = x.len();
    if m < bins.max(2) || y.len() != m {
        return None;
    }
    let mean = y.iter().sum::<f64>() / m as f64;
    let total: f64 = y.iter().map(|v| (v - mean) * (v - mean)).sum();
    if total <= 0.0 {
        return None;
    }
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|&a, &b| x[a].total_cmp(&x[b]).then(a.cmp(&b)));
    let mut between = 0.0;
    for b in 0..bins {
        let (from, to) = (b * m / bins, (b + 1) * m / bins);
        if to == from {
            continue;
        }
        let bin_mean = order[from..to].iter().map(|&i| y[i]).sum::<f64>() / (to - from) as f64;
        between += (to - from) as f64 * (bin_mean - mean) * (bin_mean - mean);
    }
    Some((between / total).clamp(0.0, 1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_correlation_ratio_of_a_step_on_its_bins_is_one_and_of_an_unrelated_order_is_small() {
        // y = 1 exactly on the top 3 of 10 bins of x: the bin means are y itself, so the
        // between-bin sum of squares is the total and η² = 1.
        let x: Vec<f64> = (0..1000).map(|i| i as f64 / 1000.0).collect();
        let y: Vec<f64> = x
            .iter()
            .map(|&v| if v >= 0.7 { 1.0 } else { 0.0 })
            .collect();
        let eta = correlation_ratio(&x, &y, 10).unwrap();
        assert!((eta - 1.0).abs() < 1e-12, "{eta}");
        // y alternating 0, 1 along x: every bin of 100 has mean 1/2, the overall mean: η² = 0.
        let y: Vec<f64> = (0..1000).map(|i| (i % 2) as f64).collect();
        let eta = correlation_ratio(&x, &y, 10).unwrap();
        assert!(eta.abs() < 1e-12, "{eta}");
        // A constant y has no variance to explain.
        assert_eq!(correlation_ratio(&x, &vec![1.0; 1000], 10), None);
    }

    #[test]
    fn the_wilson_interval_matches_a_hand_computation() {
        // p = 3/10 of m = 100: centre (0.3 + z²/200)/(1 + z²/100), z = 1.96 → 0.3 + 0.019208
        // = 0.319208 over 1.038416 = 0.307399; half-width 1.96/1.038416 · sqrt(0.0021 +
        // 0.00009604) = 1.887489 · 0.046862 = 0.088453; so (0.2189, 0.3959).
        let v = RobustVerdict {
            says: String::new(),
            seed: 0,
            requested: 100,
            drawn: 100,
            sampled: Vec::new(),
            held: Vec::new(),
            assumptions: Vec::new(),
            accepted: 100,
            holds: 30,
            fails: 0,
            no_difference: 70,
            not_analysed: 0,
            bins: 2,
            sensitivity: Vec::new(),
            effect: None,
        };
        let (lo, hi) = v.wilson(Status::Holds);
        assert!(
            (lo - 0.2189).abs() < 5e-4 && (hi - 0.3959).abs() < 5e-4,
            "{lo} {hi}"
        );
        // Binomial standard error sqrt(0.3 · 0.7 / 100) = 0.045826.
        assert!((v.standard_error(Status::Holds) - 0.045826).abs() < 1e-5);
    }
}
