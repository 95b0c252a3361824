//! The logit quantal-response equilibrium: the principal branch and its limit.
//!
//! NOTE FOR `verify` (and anyone building [`Candidates`]): logit returns its beliefs in
//! `Candidates::beliefs` (one entry per profile, `[player][information set][member]`, sets in
//! `Tree::player_infosets` order, members in `Infoset::members` order). They are the QRE beliefs
//! at the last point traced, so at sets the limit profile never reaches they are the limit of
//! the QRE beliefs: that is what makes the limit a sequential-equilibrium selection. Where a set
//! is reached they agree with Bayes' rule to the tracer's accuracy. With `Config::lambda` set,
//! the candidate is a QRE at that precision, *not* a Nash equilibrium: check it with
//! [`qre_residual`] (the largest violation of the logit equations, in probability units)
//! instead of by regret.
//!
//! # The correspondence
//!
//! At precision λ every player (on a tree: every agent, one per personal information set)
//! chooses each action with probability proportional to `exp(λ v_a)`, where `v_a` is the
//! action's expected payoff against the profile (on a tree, conditional on reaching the set,
//! with beliefs from Bayes' rule; at λ < ∞ every set is reached). McKelvey & Palfrey (1995,
//! GEB 10; 1998, Experimental Economics 1) show that the solutions form, for generic games, a
//! unique smooth branch starting at the uniform profile at λ = 0 whose limit as λ → ∞ is a
//! Nash equilibrium (on a tree, a sequential equilibrium of the agent form: Turocy 2010,
//! "Computing sequential equilibria using agent quantal response equilibria", Economic
//! Theory 42).
//!
//! # How it is traced
//!
//! As in Turocy (2005, "A dynamic homotopy interpretation of the logistic quantal response
//! equilibrium correspondence", GEB 51), the unknowns are the log-probabilities `y` and λ; per
//! group the equations are `y_a - y_0 - λ (v_a - v_0) = 0` for every action `a > 0` and
//! `Σ_a exp(y_a) = 1`. Log coordinates keep the equations well conditioned as probabilities
//! vanish (they go to -∞ linearly in λ, so the branch becomes a straight line that the
//! predictor follows exactly and the step size can grow geometrically).
//!
//! The branch is a curve in `(y, λ)` space, followed by arclength, never by λ, so it may bend
//! back in λ. Each step is an Euler predictor along the unit tangent (the kernel of the
//! Jacobian, from a Householder QR of its transpose) and a Newton corrector with the
//! Moore-Penrose pseudo-inverse (Allgower & Georg, *Introduction to Numerical Continuation
//! Methods*, ch. 2–6). The step size adapts to the first corrector step, the contraction rate
//! of the corrector and the angle between successive tangents; a step failing any of these is
//! retried at half the size. The tangent's orientation is kept by its inner product with the
//! previous tangent, which carries it through turning points in λ.
//!
//! Payoffs are divided by their span (largest minus smallest outcome payoff) before tracing, so
//! the internal precision is λ times the span and the tolerances are relative to the payoffs;
//! reported λ values are in the game's own units.
//!
//! The trace stops when the profile is an ε-equilibrium with ε = [`LIMIT_REGRET`] times the
//! span, where ε is measured conditionally at every group (at every information set of a tree,
//! reached or not, with the QRE beliefs), so the limit profile is sequentially rational to that
//! tolerance.

mod linalg;
mod systems;

use std::sync::atomic::Ordering;

use brink_game::{Game, Player};

use crate::{Candidates, Config, Number, Profile, SolveError, Status};
use linalg::Qr;
use systems::{Group, QreSystem, TableSystem, TreeSystem};

/// The conditional regret, relative to the payoff span, at which the branch is considered to
/// have reached its limit.
const LIMIT_REGRET: f64 = 1e-9;
/// The largest internal precision (λ times payoff span) the tracer goes to.
const MAX_LAMBDA: f64 = 1e13;
/// The most predictor-corrector steps (accepted or not) of one trace.
const MAX_STEPS: usize = 20_000;
/// The first step length (arclength in `(y, λ·span)` space).
const FIRST_STEP: f64 = 0.05;
/// The smallest step before the tracer gives up.
const MIN_STEP: f64 = 1e-12;
/// The largest growth of the step from one step to the next.
const MAX_GROWTH: f64 = 3.0;
/// Nominal first corrector step (Allgower & Georg's δ̃): larger means the predictor was poor.
const NOMINAL_DISTANCE: f64 = 0.1;
/// Nominal contraction rate of the corrector (κ̃).
const NOMINAL_CONTRACTION: f64 = 0.3;
/// Nominal angle between successive tangents (α̃, radians).
const NOMINAL_ANGLE: f64 = 0.2;
/// Newton iterations allowed per corrector.
const MAX_NEWTON: usize = 8;

/// Solves for the limit of the principal branch, or the QRE at `config.lambda`.
pub(crate) fn solve(game: &Game, config: &Config) -> Result<Candidates, SolveError> {
    if let Some(l) = config.lambda {
        if !l.is_finite() || l < 0.0 {
            return Err(SolveError::NotApplicable {
                method: "logit",
                reason: format!("the precision λ must be a finite non-negative number, not {l}"),
            });
        }
    }
    match game {
        Game::Table(table) => {
            if table.players.is_empty() || table.strategies.iter().any(Vec::is_empty) {
                return Err(not_applicable(
                    "the table has no players or a player has no strategies",
                ));
            }
            let system = TableSystem::new(table);
            let scale = system.scale;
            let end = trace(&system, config, scale);
            let groups = system.groups().to_vec();
            let profiles = end
                .y
                .iter()
                .map(|y| Profile::Strategy(groups.iter().map(|g| probabilities(y, g)).collect()))
                .collect();
            Ok(Candidates {
                status: end.status,
                profiles,
                beliefs: Vec::new(),
            })
        }
        Game::Tree(tree) => {
            if tree.nodes.is_empty() {
                return Err(not_applicable("the tree has no nodes"));
            }
            let system = TreeSystem::new(tree);
            let scale = system.scale;
            let end = trace(&system, config, scale);
            let groups = system.groups().to_vec();
            let sets = tree.player_infosets();
            let mut profiles = Vec::new();
            let mut beliefs = Vec::new();
            for y in &end.y {
                let mu = system.beliefs(y);
                let mut behaviour = Vec::with_capacity(sets.len());
                let mut belief = Vec::with_capacity(sets.len());
                for player_sets in &sets {
                    let mut b = Vec::with_capacity(player_sets.len());
                    let mut m = Vec::with_capacity(player_sets.len());
                    for &id in player_sets {
                        let g = system.group_of_infoset[id].expect("personal sets have groups");
                        b.push(probabilities(y, &groups[g]));
                        m.push(mu[g].iter().map(|&x| Number::Float(x)).collect());
                    }
                    behaviour.push(b);
                    belief.push(m);
                }
                profiles.push(Profile::Behavior(behaviour));
                beliefs.push(Some(belief));
            }
            Ok(Candidates {
                status: end.status,
                profiles,
                beliefs,
            })
        }
    }
}

fn not_applicable(reason: &str) -> SolveError {
    SolveError::NotApplicable {
        method: "logit",
        reason: reason.into(),
    }
}

/// The probabilities of one group, normalised (the corrector leaves them summing to one only
/// to its tolerance).
fn probabilities(y: &[f64], g: &Group) -> Vec<Number> {
    let p: Vec<f64> = y[g.start..g.start + g.len]
        .iter()
        .map(|x| x.exp())
        .collect();
    let total: f64 = p.iter().sum();
    p.into_iter()
        .map(|x| Number::Float(if total > 0.0 { x / total } else { 0.0 }))
        .collect()
}

/// How a trace ended: its status and the log-probabilities of the candidate (none if it
/// produced nothing worth verifying).
struct End {
    status: Status,
    y: Vec<Vec<f64>>,
}

/// The logit equations `F(y, λ)` and, if asked, their Jacobian `N x (N+1)` (row-major, last
/// column `dF/dλ`), at internal precision λ.
struct Equations<'a, S: QreSystem> {
    system: &'a S,
    n: usize,
    v: Vec<f64>,
    dv: Vec<f64>,
}

impl<'a, S: QreSystem> Equations<'a, S> {
    fn new(system: &'a S) -> Self {
        let n = system.dim();
        Equations {
            system,
            n,
            v: vec![0.0; n],
            dv: vec![0.0; n * n],
        }
    }

    /// Fills `f` and, if `jt` is given, the transposed Jacobian column-major: `jt` is the
    /// `(N+1) x N` matrix `J^T` with column `r` holding row `r` of `J`.
    fn eval(&mut self, z: &[f64], f: &mut [f64], jt: Option<&mut [f64]>) {
        let n = self.n;
        let (y, lambda) = (&z[..n], z[n]);
        let want = jt.is_some();
        self.system
            .values(y, &mut self.v, if want { Some(&mut self.dv) } else { None });
        for g in self.system.groups() {
            let s = g.start;
            f[s] = y[s..s + g.len].iter().map(|x| x.exp()).sum::<f64>() - 1.0;
            for r in s + 1..s + g.len {
                f[r] = y[r] - y[s] - lambda * (self.v[r] - self.v[s]);
            }
        }
        let Some(jt) = jt else { return };
        let m = n + 1;
        jt.iter_mut().for_each(|x| *x = 0.0);
        for g in self.system.groups() {
            let s = g.start;
            for k in s..s + g.len {
                jt[s * m + k] = y[k].exp();
            }
            for r in s + 1..s + g.len {
                let col = &mut jt[r * m..(r + 1) * m];
                let (dr, ds) = (&self.dv[r * n..(r + 1) * n], &self.dv[s * n..(s + 1) * n]);
                for k in 0..n {
                    col[k] = -lambda * (dr[k] - ds[k]);
                }
                col[r] += 1.0;
                col[s] -= 1.0;
                col[n] = -(self.v[r] - self.v[s]);
            }
        }
    }

    /// The largest conditional regret over the groups, at the profile `exp(y)` normalised.
    fn regret(&mut self, y: &[f64]) -> f64 {
        self.system.values(y, &mut self.v, None);
        let mut worst: f64 = 0.0;
        for g in self.system.groups() {
            let range = g.start..g.start + g.len;
            let p: Vec<f64> = y[range.clone()].iter().map(|x| x.exp()).collect();
            let total: f64 = p.iter().sum();
            let vs = &self.v[range];
            let best = vs.iter().fold(f64::NEG_INFINITY, |a, &b| a.max(b));
            let mean: f64 = p.iter().zip(vs).map(|(a, b)| a * b).sum::<f64>() / total;
            worst = worst.max(best - mean);
        }
        worst
    }
}

fn norm(x: &[f64]) -> f64 {
    x.iter().map(|a| a * a).sum::<f64>().sqrt()
}

fn stopped(config: &Config) -> bool {
    config
        .stop
        .as_ref()
        .is_some_and(|s| s.load(Ordering::Relaxed))
}

/// The outcome of one corrector run.
struct Corrected {
    z: Vec<f64>,
    tangent: Vec<f64>,
    first: f64,
    contraction: f64,
}

/// Newton's method with the pseudo-inverse from the predicted point; `None` if it fails to
/// converge or converges too slowly for the step to be trusted.
fn correct<S: QreSystem>(eq: &mut Equations<'_, S>, mut z: Vec<f64>) -> Option<Corrected> {
    let n = eq.n;
    let m = n + 1;
    let mut f = vec![0.0; n];
    let mut jt = vec![0.0; m * n];
    let mut first = 0.0;
    let mut contraction: f64 = 0.0;
    let mut previous = f64::INFINITY;
    for it in 0..MAX_NEWTON {
        eq.eval(&z, &mut f, Some(&mut jt));
        if f.iter().any(|x| !x.is_finite()) {
            return None;
        }
        let qr = Qr::new(m, n, jt.clone());
        let mut delta = qr.solve_rt(&f)?;
        qr.apply_q(&mut delta);
        let step = norm(&delta);
        if !step.is_finite() {
            return None;
        }
        for (zi, di) in z.iter_mut().zip(&delta) {
            *zi -= di;
        }
        if it == 0 {
            first = step;
            if step > 4.0 * NOMINAL_DISTANCE {
                return None;
            }
        } else {
            contraction = contraction.max(step / previous);
            if step / previous > 0.7 {
                return None;
            }
        }
        previous = step;
        // Converged when the correction is at rounding level for the coordinates it moves:
        // log-probabilities of order one, and λ whose size sets the rounding of λ·v.
        let tolerance = 1e-11 * (1.0 + z[n].abs() * 1e-3);
        if step <= tolerance || (it > 0 && step <= 1e-14 * (1.0 + norm(&z))) {
            let mut t = vec![0.0; m];
            t[n] = 1.0;
            qr.apply_q(&mut t);
            return Some(Corrected {
                z,
                tangent: t,
                first,
                contraction,
            });
        }
    }
    None
}

/// Newton's method at fixed λ (a square system), from `z`; returns the solution's `y`.
fn solve_at<S: QreSystem>(eq: &mut Equations<'_, S>, mut z: Vec<f64>) -> Option<Vec<f64>> {
    let n = eq.n;
    let m = n + 1;
    let mut f = vec![0.0; n];
    let mut jt = vec![0.0; m * n];
    for _ in 0..50 {
        eq.eval(&z, &mut f, Some(&mut jt));
        if f.iter().any(|x| !x.is_finite()) {
            return None;
        }
        // The square part J_y: J_y^T is the top N rows of each column of J^T.
        let mut square = Vec::with_capacity(n * n);
        for r in 0..n {
            square.extend_from_slice(&jt[r * m..r * m + n]);
        }
        // square holds J_y^T column-major = J_y row-major; factor J_y^T = Q R, so
        // J_y = R^T Q^T and J_y d = -f gives d = -Q R^{-T} f.
        let qr = Qr::new(n, n, square);
        let mut d = qr.solve_rt(&f)?;
        qr.apply_q(&mut d);
        let step = norm(&d);
        for (zi, di) in z.iter_mut().zip(&d) {
            *zi -= di;
        }
        if !step.is_finite() {
            return None;
        }
        if step <= 1e-13 * (1.0 + norm(&z[..n]).min(1e6)) {
            return Some(z[..n].to_vec());
        }
    }
    None
}

/// Follows the principal branch from λ = 0.
fn trace<S: QreSystem>(system: &S, config: &Config, scale: f64) -> End {
    let n = system.dim();
    let m = n + 1;
    let mut eq = Equations::new(system);
    let mut z = vec![0.0; m];
    for g in system.groups() {
        for k in g.start..g.start + g.len {
            z[k] = -(g.len as f64).ln();
        }
    }
    let target = config.lambda.map(|l| l * scale);
    if n == 0 || target == Some(0.0) {
        return End {
            status: Status::Solved,
            y: vec![z[..n].to_vec()],
        };
    }
    // The tangent at the start, oriented towards increasing λ.
    let mut f = vec![0.0; n];
    let mut jt = vec![0.0; m * n];
    eq.eval(&z, &mut f, Some(&mut jt));
    let qr = Qr::new(m, n, jt);
    let mut t = vec![0.0; m];
    t[n] = 1.0;
    qr.apply_q(&mut t);
    if t[n] < 0.0 {
        t.iter_mut().for_each(|x| *x = -*x);
    }
    let mut h = FIRST_STEP;
    let mut steps = 0;
    loop {
        if stopped(config) {
            return End {
                status: Status::Stopped,
                y: Vec::new(),
            };
        }
        steps += 1;
        if steps > MAX_STEPS {
            return End {
                status: Status::IterationLimit(format!(
                    "{MAX_STEPS} path-following steps reached at λ = {:.6e}",
                    z[n] / scale
                )),
                y: vec![z[..n].to_vec()],
            };
        }
        let predicted: Vec<f64> = z.iter().zip(&t).map(|(a, b)| a + h * b).collect();
        let corrected = correct(&mut eq, predicted);
        let Some(c) = corrected else {
            h /= 2.0;
            if h < MIN_STEP {
                return End {
                    status: Status::NotConverged(format!(
                        "the corrector failed at every step size near λ = {:.6e}",
                        z[n] / scale
                    )),
                    y: vec![z[..n].to_vec()],
                };
            }
            continue;
        };
        let mut tangent = c.tangent;
        let dot: f64 = tangent.iter().zip(&t).map(|(a, b)| a * b).sum();
        if dot < 0.0 {
            tangent.iter_mut().for_each(|x| *x = -*x);
        }
        let angle = dot.abs().min(1.0).acos();
        if angle > 4.0 * NOMINAL_ANGLE {
            h /= 2.0;
            if h < MIN_STEP {
                return End {
                    status: Status::NotConverged(format!(
                        "the branch turns too sharply near λ = {:.6e}",
                        z[n] / scale
                    )),
                    y: vec![z[..n].to_vec()],
                };
            }
            continue;
        }
        // A requested precision crossed on this step: solve exactly there, starting from the
        // point of the chord at that precision.
        if let Some(target) = target {
            if c.z[n] >= target && z[n] < target {
                let s = (target - z[n]) / (c.z[n] - z[n]);
                let mut start: Vec<f64> =
                    z.iter().zip(&c.z).map(|(a, b)| a + s * (b - a)).collect();
                start[n] = target;
                return match solve_at(&mut eq, start) {
                    Some(y) => End {
                        status: Status::Solved,
                        y: vec![y],
                    },
                    None => End {
                        status: Status::NotConverged(format!(
                            "Newton's method failed at λ = {}",
                            target / scale
                        )),
                        y: Vec::new(),
                    },
                };
            }
        }
        z = c.z;
        t = tangent;
        if target.is_none() {
            let regret = eq.regret(&z[..n]);
            if regret <= LIMIT_REGRET {
                return End {
                    status: Status::Solved,
                    y: vec![z[..n].to_vec()],
                };
            }
            if z[n] > MAX_LAMBDA {
                return End {
                    status: Status::NotConverged(format!(
                        "λ reached {:.3e} with relative regret {regret:.3e}",
                        z[n] / scale
                    )),
                    y: vec![z[..n].to_vec()],
                };
            }
        }
        let factor = (c.first / NOMINAL_DISTANCE)
            .sqrt()
            .max((c.contraction / NOMINAL_CONTRACTION).sqrt())
            .max(angle / NOMINAL_ANGLE)
            .max(1.0 / MAX_GROWTH);
        h = (h / factor.min(2.0)).max(MIN_STEP);
    }
}

/// The largest violation of the logit equations by a profile at precision `lambda` (in the
/// game's payoff units): for each group, the largest `|p_a - exp(λ v_a) / Σ_b exp(λ v_b)|`,
/// with values (and, on trees, beliefs) computed from the profile itself. A QRE has residual
/// zero; `verify` uses this to check logit candidates at a finite λ.
#[allow(dead_code)]
pub(crate) fn qre_residual(game: &Game, profile: &Profile, lambda: f64) -> Option<f64> {
    match (game, profile) {
        (Game::Table(table), Profile::Strategy(s)) => {
            let system = TableSystem::new(table);
            let y = log_probabilities(s.iter().flatten())?;
            Some(residual(&system, &y, lambda * system.scale))
        }
        (Game::Tree(tree), Profile::Behavior(b)) => {
            let system = TreeSystem::new(tree);
            let sets = tree.player_infosets();
            let mut y = vec![0.0; system.dim()];
            for (p, player_sets) in sets.iter().enumerate() {
                for (j, &id) in player_sets.iter().enumerate() {
                    debug_assert!(matches!(tree.infosets[id].player, Player::Personal(_)));
                    let g = system.groups()[system.group_of_infoset[id]?];
                    let probs = b.get(p)?.get(j)?;
                    if probs.len() != g.len {
                        return None;
                    }
                    for (a, x) in probs.iter().enumerate() {
                        y[g.start + a] = x.to_f64().ln();
                    }
                }
            }
            Some(residual(&system, &y, lambda * system.scale))
        }
        _ => None,
    }
}

fn log_probabilities<'a>(numbers: impl Iterator<Item = &'a Number>) -> Option<Vec<f64>> {
    Some(numbers.map(|x| x.to_f64().ln()).collect())
}

fn residual<S: QreSystem>(system: &S, y: &[f64], lambda: f64) -> f64 {
    let mut v = vec![0.0; system.dim()];
    system.values(y, &mut v, None);
    let mut worst: f64 = 0.0;
    for g in system.groups() {
        let range = g.start..g.start + g.len;
        let top = v[range.clone()]
            .iter()
            .fold(f64::NEG_INFINITY, |a, &b| a.max(b));
        let w: Vec<f64> = v[range.clone()]
            .iter()
            .map(|x| (lambda * (x - top)).exp())
            .collect();
        let total: f64 = w.iter().sum();
        for (wi, yi) in w.iter().zip(&y[range]) {
            worst = worst.max((wi / total - yi.exp()).abs());
        }
    }
    worst
}
