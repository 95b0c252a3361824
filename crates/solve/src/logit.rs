//! The logit quantal-response equilibrium: the principal branch and its limit.
//!
//! NOTE FOR `verify` (and anyone building [`Candidates`]): logit returns its beliefs in
//! `Candidates::beliefs` (one entry per profile, `[player][information set][member]`, sets in
//! `Tree::player_infosets` order, members in `Infoset::members` order). They are the QRE beliefs
//! at the last point traced, so at sets the limit profile never reaches they are the limit of
//! the QRE beliefs: that is what makes the limit a sequential-equilibrium selection. Where a set
//! is reached they agree with Bayes' rule to the tracer's accuracy. Tables get no beliefs. With
//! `Config::lambda` set, the candidate is a QRE at that precision, not a Nash equilibrium;
//! `verify` reports it without the equilibrium test.
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
//! Jacobian, from a Householder QR of its transpose) and a corrector with the Moore-Penrose
//! pseudo-inverse (Allgower & Georg, *Introduction to Numerical Continuation Methods*,
//! ch. 2–6): first the chord method with the Jacobian of the last point (one factorisation per
//! step), and Newton's method when the chord method does not contract fast enough (near
//! bifurcations the last Jacobian is nearly singular). The step size adapts to the first
//! corrector step, the contraction rate of Newton's method and the angle between successive
//! tangents; a step failing any of these is retried at half the size. Corrections are measured
//! in probability units (see `weighted_norm`): the log-probabilities of vanishing actions run
//! off to -∞ with rounding of their own size, which must not throttle the step.
//!
//! The tangent is oriented by the sign of the Jacobian extended by it, which stays constant
//! along a smooth branch, turning points in λ included (Allgower & Georg, section 2.1).
//!
//! # Bifurcations
//!
//! Generic games have no bifurcation on the principal branch, but symmetric games and games
//! with symmetric subgames do: there the branch meets another one and the extended Jacobian
//! changes sign, so the tangent, still oriented by that sign, points backwards after the step
//! that crossed the point. Which way the trace goes on is then a convention, and the one
//! followed here is Gambit's (its tracer is the reference for this method), with one
//! addition of ours:
//!
//! 1. The first equation (the first group's sum-to-one equation) gets a constant
//!    [`BIFURCATION_PERTURBATION`] added. Where this breaks the symmetry that makes the
//!    bifurcation, the perturbed solutions form smooth curves, and the one through the branch
//!    the tracer came along, still oriented by the determinant, turns onto one of the
//!    branches that cross there. The tracer backs up some way (to where the perturbed and
//!    unperturbed curves are close), follows the perturbed curve past the point and drops the
//!    perturbation after about twice the arclength it backed up.
//! 2. Where perturbing the first equation can only rescale the first group's probabilities
//!    (nothing else depends on their total, as when the first information set is the root of
//!    a tree), it cannot unfold anything, and Gambit then gets past the point, or stuck at it,
//!    by its rounding errors. Ours tilts every ratio equation instead, each by a different
//!    small amount (later actions a little less likely than earlier ones), which breaks every
//!    symmetry. The tilt is also used where the tracer, with the first equation perturbed,
//!    stays stuck at the point. This is our own tie-break, not Gambit's: on the example trees
//!    where it is used it picks the branch Gambit's rounding picks in five cases of six (see
//!    `tests/logit.rs`).
//! 3. If neither unfolds the bifurcation, the branch is continued straight through it, the
//!    tangent oriented by continuity.
//!
//! Payoffs are divided by their span (largest minus smallest outcome payoff) before tracing, so
//! the internal precision is λ times the span and the tolerances are relative to the payoffs;
//! reported λ values are in the game's own units.
//!
//! The trace stops when the profile is an ε-equilibrium for every player with ε =
//! [`LIMIT_REGRET`] times that player's own payoff range (over plays), where ε is measured
//! conditionally at every group (at every information set of a tree, reached or not, with the
//! QRE beliefs), so the limit profile is sequentially rational to that tolerance. A rule
//! relative to all players' span together would stop while a player with small payoffs still
//! regrets a large share of its own range. That profile is then polished: the indifference equations on its support are
//! solved by Newton's method (see `polish_table` and `polish_tree`), which makes an isolated
//! equilibrium exact to rounding; the polish is kept only if it lowers the regret and moves no
//! probability by more than [`POLISH_MOVE`], so the answer is always the limit of the traced
//! branch. A trace that hits a limit (steps, λ, step size) ends with that status and its last
//! profile as the candidate, which `verify` then judges like any other.

mod linalg;
mod systems;

use std::sync::atomic::Ordering;

use brink_game::Game;

use crate::{Candidates, Config, Number, Profile, SolveError, Status};
use linalg::Qr;
use systems::{Group, QreSystem, TableSystem, TreeSystem};

/// The conditional regret, relative to its owner's payoff range, at which the branch is
/// considered to have reached its limit.
const LIMIT_REGRET: f64 = 1e-8;
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
const NOMINAL_DISTANCE: f64 = 0.02;
/// Nominal contraction rate of the corrector (κ̃).
const NOMINAL_CONTRACTION: f64 = 0.3;
/// Nominal angle between successive tangents (α̃, radians).
const NOMINAL_ANGLE: f64 = 0.2;
/// The constant added to the first equation while the tracer passes a bifurcation point (the
/// size Gambit uses), and the largest tilt of a ratio equation where that is not enough.
const BIFURCATION_PERTURBATION: f64 = 1e-7;
/// The residual of the equations, relative to `1 + λ`, below which a corrector has converged.
const RESIDUAL_FLOOR: f64 = 1e-13;
/// How far back (in arclength) the tracer restarts, at least, when it has crossed a
/// bifurcation point.
const BACKUP_DISTANCE: f64 = 0.1;
/// The step below which the tracer, still stuck at a bifurcation point with the perturbation
/// on, takes it that the perturbation does not unfold the bifurcation. An unfolding by a
/// perturbation of 1e-7 is resolved with steps well above this.
const JUMP_STEP: f64 = 1e-6;
/// The number of past points kept to back up to.
const HISTORY: usize = 64;
/// Newton iterations allowed per corrector.
const MAX_NEWTON: usize = 8;
/// Chord iterations allowed per corrector.
const MAX_CHORD: usize = 10;
/// The slowest contraction of the chord corrector that is accepted.
const MAX_CHORD_CONTRACTION: f64 = 0.25;
/// The slowest contraction of the corrector that is accepted.
const MAX_CONTRACTION: f64 = 0.7;

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
    // The systems index children by action and cells by profile; a malformed game would make
    // them panic, so it is refused here.
    let valid = match game {
        Game::Table(t) => t.validate(),
        Game::Tree(t) => t.validate(),
    };
    if let Err(e) = valid {
        return Err(not_applicable(&format!("the game is not well formed: {e}")));
    }
    match game {
        Game::Table(table) => {
            let system = TableSystem::new(table);
            let scale = system.scale;
            let end = trace(&system, config, scale);
            let groups = system.groups().to_vec();
            let profiles = end
                .y
                .iter()
                .map(|y| {
                    let polished = match (&end.status, config.lambda) {
                        (Status::Solved, None) => polish_table(&system, y),
                        _ => None,
                    };
                    Profile::Strategy(match polished {
                        Some(p) => groups
                            .iter()
                            .map(|g| {
                                p[g.start..g.start + g.len]
                                    .iter()
                                    .map(|&x| Number::Float(x))
                                    .collect()
                            })
                            .collect(),
                        None => groups.iter().map(|g| probabilities(y, g)).collect(),
                    })
                })
                .collect();
            Ok(Candidates {
                status: end.status,
                profiles,
                beliefs: Vec::new(),
            })
        }
        Game::Tree(tree) => {
            let system = TreeSystem::new(tree);
            let scale = system.scale;
            let end = trace(&system, config, scale);
            let groups = system.groups().to_vec();
            let sets = tree.player_infosets();
            let mut profiles = Vec::new();
            let mut beliefs = Vec::new();
            for traced in &end.y {
                let polished = match (&end.status, config.lambda) {
                    (Status::Solved, None) => polish_tree(&system, traced),
                    _ => None,
                };
                let (y, mu) = match polished {
                    Some(found) => found,
                    None => (traced.clone(), system.beliefs(traced)),
                };
                let y = &y;
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

/// The smallest probability with which an action of the traced limit counts as played when
/// the limit is polished.
const SUPPORT_THRESHOLD: f64 = 1e-6;

/// Newton iterations allowed to a polish: it starts within about 1e-8 of an isolated solution,
/// where Newton's method needs a handful.
const POLISH_ITERATIONS: usize = 8;

/// The most a polish may move any probability of the traced limit.
const POLISH_MOVE: f64 = 1e-5;

/// Polishes the end of a table's branch: takes the support of the traced profile (the
/// strategies played with probability at least [`SUPPORT_THRESHOLD`]), sets the others to zero
/// and solves the indifference equations on the support (equal payoff to every strategy in a
/// player's support, probabilities summing to one) by Newton's method. The traced profile is
/// an ε-equilibrium with probabilities accurate to about ε; the polished one, where the
/// equilibrium is isolated, is exact to rounding. Returns the polished probabilities only if
/// they form a profile whose regret is smaller than the traced one's (a continuum of
/// equilibria, say, leaves the equations singular and the traced profile stands).
fn polish_table(system: &TableSystem, y: &[f64]) -> Option<Vec<f64>> {
    let dim = system.dim();
    let groups = system.groups();
    let mut v = vec![0.0; dim];
    let mut dv = vec![0.0; dim * dim];
    let regret = |p: &[f64], v: &mut [f64], dv: &mut [f64]| -> f64 {
        system.values_at_probabilities(p, v, dv);
        groups
            .iter()
            .map(|g| {
                let range = g.start..g.start + g.len;
                let best = v[range.clone()]
                    .iter()
                    .fold(f64::NEG_INFINITY, |a, &b| a.max(b));
                let mean: f64 = p[range.clone()]
                    .iter()
                    .zip(&v[range])
                    .map(|(a, b)| a * b)
                    .sum();
                best - mean
            })
            .fold(0.0, f64::max)
    };
    let mut p = vec![0.0; dim];
    for g in groups {
        let range = g.start..g.start + g.len;
        let total: f64 = y[range.clone()].iter().map(|x| x.exp()).sum();
        for k in range {
            p[k] = y[k].exp() / total;
        }
    }
    let before = regret(&p, &mut v, &mut dv);
    let mut q = p.clone();
    let mut support: Vec<Vec<usize>> = Vec::with_capacity(groups.len());
    for g in groups {
        let range = g.start..g.start + g.len;
        let members: Vec<usize> = range
            .clone()
            .filter(|&k| p[k] >= SUPPORT_THRESHOLD)
            .collect();
        let total: f64 = members.iter().map(|&k| p[k]).sum();
        for k in range {
            q[k] = if members.contains(&k) {
                p[k] / total
            } else {
                0.0
            };
        }
        support.push(members);
    }
    let unknowns: Vec<usize> = support.iter().flatten().copied().collect();
    let s = unknowns.len();
    let mut converged = false;
    let mut previous = f64::INFINITY;
    for _ in 0..POLISH_ITERATIONS {
        system.values_at_probabilities(&q, &mut v, &mut dv);
        // Row r of the Jacobian is stored as column r of J^T (column-major), that is, J
        // row-major.
        let mut f = Vec::with_capacity(s);
        let mut jt = Vec::with_capacity(s * s);
        for members in &support {
            let reference = members[0];
            f.push(members.iter().map(|&k| q[k]).sum::<f64>() - 1.0);
            jt.extend(
                unknowns
                    .iter()
                    .map(|k| if members.contains(k) { 1.0 } else { 0.0 }),
            );
            for &a in &members[1..] {
                f.push(v[a] - v[reference]);
                jt.extend(
                    unknowns
                        .iter()
                        .map(|&k| dv[a * dim + k] - dv[reference * dim + k]),
                );
            }
        }
        let qr = Qr::new(s, s, jt);
        let mut d = qr.solve_rt(&f)?;
        qr.apply_q(&mut d);
        if d.iter().any(|x| !x.is_finite()) {
            return None;
        }
        for (&k, dk) in unknowns.iter().zip(&d) {
            q[k] -= dk;
        }
        // Converged at rounding level, or where the corrections stop shrinking there.
        let size = d.iter().fold(0.0f64, |a, x| a.max(x.abs()));
        if size <= 1e-14 || (size <= 1e-8 && size >= 0.5 * previous) {
            converged = true;
            break;
        }
        previous = size;
    }
    if !converged || q.iter().any(|&x| !x.is_finite() || x < -1e-12) {
        return None;
    }
    for g in groups {
        let range = g.start..g.start + g.len;
        range.clone().for_each(|k| q[k] = q[k].max(0.0));
        let total: f64 = q[range.clone()].iter().sum();
        range.for_each(|k| q[k] /= total);
    }
    let after = regret(&q, &mut v, &mut dv);
    (after < before && moved_little(&p, &q)).then_some(q)
}

/// Polishes the end of a tree's branch as [`polish_table`] does a table's, at every personal
/// information set, reached or not: on each set's support the owner's conditional action
/// values are made equal. Actions off the support are played with probability zero, but their
/// traced (vanishing) probabilities still weigh the beliefs, as trembles: where the polished
/// profile reaches a set this is Bayes' rule up to those trembles, and where it does not the
/// beliefs stay the limit of the QRE beliefs while following the polished behaviour that leads
/// to the set. Newton's method runs on the log-probabilities of the support. Returns the
/// log-probabilities (`-∞` off the support) and the beliefs, only if the largest conditional
/// regret drops.
fn polish_tree(system: &TreeSystem, y: &[f64]) -> Option<(Vec<f64>, Vec<Vec<f64>>)> {
    let dim = system.dim();
    let groups = system.groups();
    let mut v = vec![0.0; dim];
    let mut dv = vec![0.0; dim * dim];
    // The largest conditional regret when play follows `play` and beliefs follow `reach`.
    let regret = |play: &[f64], reach: &[f64], v: &mut [f64]| -> f64 {
        system.values_with(play, v, None, Some(reach));
        groups
            .iter()
            .map(|g| {
                let range = g.start..g.start + g.len;
                let p: Vec<f64> = play[range.clone()].iter().map(|x| x.exp()).collect();
                let total: f64 = p.iter().sum();
                let best = v[range.clone()]
                    .iter()
                    .fold(f64::NEG_INFINITY, |a, &b| a.max(b));
                let mean: f64 = p.iter().zip(&v[range]).map(|(a, b)| a * b).sum::<f64>() / total;
                best - mean
            })
            .fold(0.0, f64::max)
    };
    let before = regret(y, y, &mut v);
    // `q` is played; `reach` is `q` on the support and the traced values off it.
    let mut q = vec![f64::NEG_INFINITY; dim];
    let mut support: Vec<Vec<usize>> = Vec::with_capacity(groups.len());
    for g in groups {
        let range = g.start..g.start + g.len;
        let total: f64 = y[range.clone()].iter().map(|x| x.exp()).sum();
        let members: Vec<usize> = range
            .filter(|&k| y[k].exp() / total >= SUPPORT_THRESHOLD)
            .collect();
        let kept: f64 = members.iter().map(|&k| y[k].exp()).sum();
        for &k in &members {
            q[k] = y[k] - kept.ln();
        }
        support.push(members);
    }
    let unknowns: Vec<usize> = support.iter().flatten().copied().collect();
    let mut reach = y.to_vec();
    let s = unknowns.len();
    let mut converged = false;
    let mut previous = f64::INFINITY;
    for _ in 0..POLISH_ITERATIONS {
        for &k in &unknowns {
            reach[k] = q[k];
        }
        system.values_with(&q, &mut v, Some(&mut dv), Some(&reach));
        let mut f = Vec::with_capacity(s);
        let mut jt = Vec::with_capacity(s * s);
        for members in &support {
            let reference = members[0];
            f.push(members.iter().map(|&k| q[k].exp()).sum::<f64>() - 1.0);
            jt.extend(unknowns.iter().map(|&k| {
                if members.contains(&k) {
                    q[k].exp()
                } else {
                    0.0
                }
            }));
            for &a in &members[1..] {
                f.push(v[a] - v[reference]);
                jt.extend(
                    unknowns
                        .iter()
                        .map(|&k| dv[a * dim + k] - dv[reference * dim + k]),
                );
            }
        }
        if f.iter().chain(&jt).any(|x| !x.is_finite()) {
            return None;
        }
        let qr = Qr::new(s, s, jt);
        let mut d = qr.solve_rt(&f)?;
        qr.apply_q(&mut d);
        if d.iter().any(|x| !x.is_finite()) {
            return None;
        }
        for (&k, dk) in unknowns.iter().zip(&d) {
            q[k] -= dk;
        }
        let size = d.iter().fold(0.0f64, |a, x| a.max(x.abs()));
        if size <= 1e-14 || (size <= 1e-8 && size >= 0.5 * previous) {
            converged = true;
            break;
        }
        previous = size;
    }
    if !converged {
        return None;
    }
    for (g, members) in groups.iter().zip(&support) {
        let total: f64 = members.iter().map(|&k| q[k].exp()).sum();
        if !(total > 0.0 && total.is_finite()) {
            return None;
        }
        q[g.start..g.start + g.len]
            .iter_mut()
            .for_each(|x| *x -= total.ln());
    }
    for &k in &unknowns {
        reach[k] = q[k];
    }
    let after = regret(&q, &reach, &mut v);
    let traced: Vec<f64> = y.iter().map(|x| x.exp()).collect();
    let polished: Vec<f64> = q.iter().map(|x| x.exp()).collect();
    (after < before && moved_little(&traced, &polished)).then(|| (q, system.beliefs(&reach)))
}

/// Whether polishing moved no probability by more than [`POLISH_MOVE`]. The traced limit is
/// accurate to about its regret, so a polish that moves further has not sharpened it but
/// wandered off, along a continuum of equilibria or to another equilibrium on a wrongly
/// guessed support, and the traced profile stands.
fn moved_little(traced: &[f64], polished: &[f64]) -> bool {
    traced
        .iter()
        .zip(polished)
        .all(|(a, b)| (a - b).abs() <= POLISH_MOVE)
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
    /// The bifurcation points the trace met.
    #[cfg_attr(not(test), allow(dead_code))]
    crossings: Crossings,
}

/// The bifurcation points a trace met.
#[derive(Clone, Copy, Debug, Default)]
#[cfg_attr(not(test), allow(dead_code))]
struct Crossings {
    /// How many there were (steps after which the tangent oriented by the determinant of the
    /// extended Jacobian pointed backwards), each passed as the module documentation describes.
    met: usize,
    /// How many of them the perturbation of the first equation did not unfold, so that the
    /// ratio equations were tilted.
    tilted: usize,
}

/// The logit equations `F(y, λ)` and, if asked, their Jacobian `N x (N+1)` (row-major, last
/// column `dF/dλ`), at internal precision λ.
struct Equations<'a, S: QreSystem> {
    system: &'a S,
    n: usize,
    v: Vec<f64>,
    dv: Vec<f64>,
    /// A constant added to the first equation (the first group's sum-to-one equation) while
    /// the tracer passes a bifurcation point; zero otherwise.
    perturbation: f64,
    /// While the tracer passes a bifurcation point that `perturbation` does not unfold: the
    /// ratio equation of variable `r` gets `tilt * r / N` added (a different amount for every
    /// action, so that no symmetry of the game survives), which makes later actions a little
    /// less likely than earlier ones; zero otherwise.
    tilt: f64,
}

impl<'a, S: QreSystem> Equations<'a, S> {
    fn new(system: &'a S) -> Self {
        let n = system.dim();
        Equations {
            system,
            n,
            v: vec![0.0; n],
            dv: vec![0.0; n * n],
            perturbation: 0.0,
            tilt: 0.0,
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
        if n > 0 {
            f[0] += self.perturbation;
        }
        if self.tilt != 0.0 {
            for g in self.system.groups() {
                let ratios = g.start + 1..g.start + g.len;
                for (r, fr) in ratios.clone().zip(&mut f[ratios]) {
                    *fr += self.tilt * r as f64 / n as f64;
                }
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

    /// Whether perturbing the first equation at `z` does no more than rescale the first group's
    /// probabilities: whether no other equation depends on their total, so that the Jacobian
    /// maps the direction that raises all the first group's log-probabilities alike onto the
    /// first equation alone. Such a perturbation moves the solutions along that direction and
    /// cannot unfold a bifurcation (it lies in the range of the Jacobian there). This happens
    /// when the first group is the root of a tree: every node below it follows exactly one of
    /// its actions, so beliefs and values do not change when they all become likelier.
    fn first_equation_only_rescales(&mut self, z: &[f64]) -> bool {
        let n = self.n;
        let m = n + 1;
        let Some(first) = self.system.groups().first().copied() else {
            return true;
        };
        let mut f = vec![0.0; n];
        let mut jt = vec![0.0; m * n];
        let (perturbation, tilt) = (self.perturbation, self.tilt);
        self.eval(z, &mut f, Some(&mut jt));
        (self.perturbation, self.tilt) = (perturbation, tilt);
        let floor = 1e-12 * (1.0 + z[n].abs());
        (1..n).all(|r| {
            let row = &jt[r * m..(r + 1) * m];
            row[first.start..first.start + first.len]
                .iter()
                .sum::<f64>()
                .abs()
                <= floor
        })
    }

    /// The largest conditional regret over the groups, at the profile `exp(y)` normalised,
    /// each relative to the payoff range of the group's owner.
    fn regret(&mut self, y: &[f64]) -> f64 {
        self.system.values(y, &mut self.v, None);
        let mut worst: f64 = 0.0;
        let weights = self.system.regret_weights();
        for (g, &weight) in self.system.groups().iter().zip(weights) {
            let range = g.start..g.start + g.len;
            let p: Vec<f64> = y[range.clone()].iter().map(|x| x.exp()).collect();
            let total: f64 = p.iter().sum();
            let vs = &self.v[range];
            let best = vs.iter().fold(f64::NEG_INFINITY, |a, &b| a.max(b));
            let mean: f64 = p.iter().zip(vs).map(|(a, b)| a * b).sum::<f64>() / total;
            worst = worst.max((best - mean) * weight);
        }
        worst
    }
}

/// The size of a correction `delta` at `z`, in the units the answer is made of: each
/// log-probability weighted by its probability (scaled so that probabilities above 1e-6 count
/// fully), and λ relative to its size. The log-probabilities of vanishing actions grow like
/// -λ and carry rounding of that size, which is harmless and must not drive the step size.
fn weighted_norm(delta: &[f64], z: &[f64]) -> f64 {
    let n = z.len() - 1;
    let mut sum = (delta[n] / (1.0 + z[n].abs())).powi(2);
    for (d, y) in delta[..n].iter().zip(&z[..n]) {
        let w = (y.exp() * 1e6).min(1.0);
        sum += (w * d).powi(2);
    }
    sum.sqrt()
}

/// Whether the equations `f` at `z` hold to rounding. Near a bifurcation point the Jacobian is
/// nearly singular and the corrections stall at the rounding of the equations divided by its
/// smallest singular value, so the size of the corrections alone cannot tell convergence there.
fn solved(f: &[f64], z: &[f64]) -> bool {
    let lambda = z[z.len() - 1].abs();
    f.iter().all(|x| x.abs() <= RESIDUAL_FLOOR * (1.0 + lambda))
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
    first: f64,
    contraction: f64,
}

/// A point of the branch with its unit tangent and the
/// sign of the Jacobian extended by that tangent.
struct Point {
    z: Vec<f64>,
    /// The factorisation of the Jacobian at (or, after Newton's method, next to) `z`.
    qr: Qr,
    tangent: Vec<f64>,
    det_sign: f64,
}

impl Point {
    /// Reverses the tangent (and so the sign of the Jacobian extended by it).
    fn flip(&mut self) {
        self.tangent.iter_mut().for_each(|x| *x = -*x);
        self.det_sign = -self.det_sign;
    }

    /// Evaluates the Jacobian at `z`; `None` if the equations are not finite there.
    fn at<S: QreSystem>(eq: &mut Equations<'_, S>, z: Vec<f64>) -> Option<Point> {
        let n = eq.n;
        let m = n + 1;
        let mut f = vec![0.0; n];
        let mut jt = vec![0.0; m * n];
        eq.eval(&z, &mut f, Some(&mut jt));
        if f.iter().chain(&jt).any(|x| !x.is_finite()) {
            return None;
        }
        Some(Point::from_qr(z, Qr::new(m, n, jt)))
    }

    /// The point `z` with the tangent and orientation read from `qr`, the factorisation of the
    /// Jacobian there (the kernel direction is the last column of Q).
    fn from_qr(z: Vec<f64>, qr: Qr) -> Point {
        let m = z.len();
        let mut tangent = vec![0.0; m];
        tangent[m - 1] = 1.0;
        qr.apply_q(&mut tangent);
        let det_sign = qr.extended_det_sign();
        Point {
            z,
            qr,
            tangent,
            det_sign,
        }
    }
}

/// The chord corrector: Newton's method with the pseudo-inverse of the Jacobian at the last
/// point of the branch, `base`, reused at every iteration. It converges linearly, at a rate
/// that grows with the step, so it is only trusted with a fast contraction; the step size
/// control then uses its first correction (the predictor's error) but not its contraction.
fn chord<S: QreSystem>(
    eq: &mut Equations<'_, S>,
    base: &Qr,
    mut z: Vec<f64>,
) -> Option<(Vec<f64>, Corrected)> {
    let n = eq.n;
    let mut f = vec![0.0; n];
    let mut first = 0.0;
    let mut previous = f64::INFINITY;
    for it in 0..MAX_CHORD {
        eq.eval(&z, &mut f, None);
        if f.iter().any(|x| !x.is_finite()) {
            return None;
        }
        if it > 0 && solved(&f, &z) {
            return Some((
                z,
                Corrected {
                    first,
                    contraction: 0.0,
                },
            ));
        }
        let mut delta = base.solve_rt(&f)?;
        base.apply_q(&mut delta);
        let step = weighted_norm(&delta, &z);
        if !step.is_finite() {
            return None;
        }
        for (zi, di) in z.iter_mut().zip(&delta) {
            *zi -= di;
        }
        let noise = step <= 1e-14 * (1.0 + z[n].abs());
        if it == 0 {
            first = step;
            if step > 4.0 * NOMINAL_DISTANCE {
                return None;
            }
        } else if !noise && step / previous > MAX_CHORD_CONTRACTION {
            return None;
        }
        previous = step;
        if step <= 1e-12 || (it > 0 && noise) {
            return Some((
                z,
                Corrected {
                    first,
                    contraction: 0.0,
                },
            ));
        }
    }
    None
}

/// The corrector: Newton's method with the Moore-Penrose pseudo-inverse from the predicted
/// point. Returns the corrected point (with the factorisation of the last Jacobian, close
/// enough to the final point to give its tangent) or `None` if it fails to converge or
/// converges too slowly for the step to be trusted.
fn correct<S: QreSystem>(eq: &mut Equations<'_, S>, mut z: Vec<f64>) -> Option<(Point, Corrected)> {
    let n = eq.n;
    let m = n + 1;
    let mut f = vec![0.0; n];
    let mut jt = vec![0.0; m * n];
    let mut first = 0.0;
    let mut contraction: f64 = 0.0;
    let mut previous = f64::INFINITY;
    for it in 0..MAX_NEWTON {
        eq.eval(&z, &mut f, Some(&mut jt));
        if f.iter().chain(&jt).any(|x| !x.is_finite()) {
            return None;
        }
        let qr = Qr::new(m, n, jt.clone());
        if it > 0 && solved(&f, &z) {
            return Some((Point::from_qr(z, qr), Corrected { first, contraction }));
        }
        let mut delta = qr.solve_rt(&f)?;
        qr.apply_q(&mut delta);
        let step = weighted_norm(&delta, &z);
        if !step.is_finite() {
            return None;
        }
        for (zi, di) in z.iter_mut().zip(&delta) {
            *zi -= di;
        }
        // Rounding in the equations grows with λ (they contain λ·v); corrections below this
        // floor are noise.
        let noise = step <= 1e-14 * (1.0 + z[n].abs());
        if it == 0 {
            first = step;
            if step > 4.0 * NOMINAL_DISTANCE {
                return None;
            }
        } else if !noise {
            contraction = contraction.max(step / previous);
            if step / previous > MAX_CONTRACTION {
                return None;
            }
        }
        previous = step;
        if step <= 1e-12 || (it > 0 && noise) {
            return Some((Point::from_qr(z, qr), Corrected { first, contraction }));
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
    let mut start = vec![0.0; m];
    for g in system.groups() {
        for k in g.start..g.start + g.len {
            start[k] = -(g.len as f64).ln();
        }
    }
    let target = config.lambda.map(|l| l * scale);
    if n == 0 || target == Some(0.0) {
        return End {
            status: Status::Solved,
            y: vec![start[..n].to_vec()],
            crossings: Crossings::default(),
        };
    }
    let Some(mut here) = Point::at(&mut eq, start.clone()) else {
        return End {
            status: Status::NotConverged("the logit equations are not finite at λ = 0".into()),
            y: Vec::new(),
            crossings: Crossings::default(),
        };
    };
    // The tangent at the start, oriented towards increasing λ; `orientation` is the sign of
    // the extended Jacobian for the tangent as oriented.
    if here.tangent[n] < 0.0 {
        here.flip();
    }
    let mut orientation = here.det_sign;
    // How the tracer is passing a bifurcation point, if it is.
    let mut passage = Passage::Smooth;
    // The point to back up to at a bifurcation, with the arclength travelled to it.
    let mut backup: (Vec<f64>, f64) = (here.z.clone(), 0.0);
    // The arclength left before a passage ends.
    let mut left = 0.0;
    // The step with which a passage was started.
    let mut passage_step = 0.0;
    // The points accepted lately, with the arclength travelled to each, to back up to.
    let mut travelled = 0.0;
    let mut history: Vec<(Vec<f64>, f64)> = vec![(here.z.clone(), 0.0)];
    let mut crossings = Crossings::default();
    let mut h = FIRST_STEP;
    let mut steps = 0;
    let give_up = |status: Status, here: &Point, crossings: Crossings| End {
        status,
        y: vec![here.z[..n].to_vec()],
        crossings,
    };
    loop {
        if stopped(config) {
            return End {
                status: Status::Stopped,
                y: Vec::new(),
                crossings,
            };
        }
        steps += 1;
        if steps > MAX_STEPS {
            let message = format!(
                "{MAX_STEPS} path-following steps reached at λ = {:.6e}",
                here.z[n] / scale
            );
            return give_up(Status::IterationLimit(message), &here, crossings);
        }
        let predicted: Vec<f64> = here
            .z
            .iter()
            .zip(&here.tangent)
            .map(|(a, b)| a + h * b)
            .collect();
        // The chord corrector first (one factorisation per step), Newton's method if it fails.
        let next = chord(&mut eq, &here.qr, predicted.clone())
            .and_then(|(z, c)| Point::at(&mut eq, z).map(|p| (p, c)))
            .or_else(|| correct(&mut eq, predicted));
        // Why the step is refused, if it is.
        let mut refused: Option<&str> = None;
        let mut accepted = None;
        match next {
            None => refused = Some("the corrector failed at every step size"),
            Some((mut next, c)) => {
                // Off a passage the tangent is oriented by the determinant of the Jacobian
                // extended by it, which keeps its sign along a smooth branch, turning points in
                // λ included. At a simple bifurcation point it changes sign: the tangent so
                // oriented then points backwards. Going straight through a bifurcation, the
                // tangent is oriented by continuity instead.
                if passage != Passage::Through && next.det_sign != orientation {
                    next.flip();
                }
                let mut dot: f64 = next
                    .tangent
                    .iter()
                    .zip(&here.tangent)
                    .map(|(a, b)| a * b)
                    .sum();
                if passage == Passage::Through && dot < 0.0 {
                    next.flip();
                    dot = -dot;
                }
                if dot < 0.0 && passage == Passage::Smooth {
                    // The step crossed a bifurcation point. Perturb the first equation, which
                    // unfolds the bifurcation into smooth curves (Gambit does the same), and
                    // trace again from a point some way back: the perturbed curve through it,
                    // still oriented by the determinant, turns onto one of the branches that
                    // cross there. Restarting next to the bifurcation point would not do:
                    // there the corrector cannot tell the two perturbed curves apart.
                    crossings.met += 1;
                    if eq.first_equation_only_rescales(&here.z) {
                        crossings.tilted += 1;
                        passage = Passage::Tilted;
                        eq.tilt = BIFURCATION_PERTURBATION;
                    } else {
                        passage = Passage::Perturbed;
                        eq.perturbation = BIFURCATION_PERTURBATION;
                    }
                    let reach = h.max(BACKUP_DISTANCE);
                    let keep = history
                        .iter()
                        .rposition(|(_, s)| *s <= travelled - reach)
                        .unwrap_or(0);
                    history.truncate(keep + 1);
                    backup = history[keep].clone();
                    left = 2.0 * (travelled - backup.1 + h);
                    passage_step = h.min(0.5 * reach);
                    match restart(&mut eq, &backup, orientation) {
                        Some(point) => {
                            here = point;
                            travelled = backup.1;
                            h = passage_step;
                        }
                        None => {
                            let message = "the logit equations are not finite on the branch";
                            return give_up(Status::NotConverged(message.into()), &here, crossings);
                        }
                    }
                    continue;
                }
                let angle = dot.clamp(-1.0, 1.0).acos();
                if dot < 0.0 {
                    refused = Some("the tracer is stuck at a bifurcation");
                } else if angle > 4.0 * NOMINAL_ANGLE {
                    refused = Some("the branch turns too sharply");
                } else {
                    accepted = Some((next, c, angle));
                }
            }
        }
        let Some((next, c, angle)) = accepted else {
            h /= 2.0;
            if (passage == Passage::Perturbed || passage == Passage::Tilted) && h < JUMP_STEP {
                // The perturbation does not unfold this bifurcation: it breaks none of the
                // symmetries that make it (in a tree, say, the first information set may be
                // the root, whose probabilities no belief depends on). The ratio equations are
                // tilted instead, and if that fails too, the branch is continued straight
                // through the bifurcation; either way from the same point back.
                eq.perturbation = 0.0;
                if passage == Passage::Perturbed {
                    crossings.tilted += 1;
                    passage = Passage::Tilted;
                    eq.tilt = BIFURCATION_PERTURBATION;
                } else {
                    passage = Passage::Through;
                    eq.tilt = 0.0;
                }
                match restart(&mut eq, &backup, orientation) {
                    Some(point) => {
                        here = point;
                        travelled = backup.1;
                        history.truncate(1);
                        history[0] = backup.clone();
                        h = passage_step;
                        continue;
                    }
                    None => {
                        let message = "the logit equations are not finite on the branch";
                        return give_up(Status::NotConverged(message.into()), &here, crossings);
                    }
                }
            }
            if h < MIN_STEP {
                let message = format!(
                    "{} near λ = {:.6e}",
                    refused.unwrap_or("the step failed"),
                    here.z[n] / scale
                );
                return give_up(Status::NotConverged(message), &here, crossings);
            }
            continue;
        };
        // A requested precision crossed on this step: solve exactly there, starting from the
        // point of the chord at that precision.
        if let Some(target) = target {
            if next.z[n] >= target && here.z[n] < target {
                let s = (target - here.z[n]) / (next.z[n] - here.z[n]);
                let mut guess: Vec<f64> = here
                    .z
                    .iter()
                    .zip(&next.z)
                    .map(|(a, b)| a + s * (b - a))
                    .collect();
                guess[n] = target;
                eq.perturbation = 0.0;
                eq.tilt = 0.0;
                return match solve_at(&mut eq, guess) {
                    Some(y) => End {
                        status: Status::Solved,
                        y: vec![y],
                        crossings,
                    },
                    None => End {
                        status: Status::NotConverged(format!(
                            "Newton's method failed at λ = {}",
                            target / scale
                        )),
                        y: Vec::new(),
                        crossings,
                    },
                };
            }
        }
        let length = here
            .z
            .iter()
            .zip(&next.z)
            .map(|(a, b)| (a - b) * (a - b))
            .sum::<f64>()
            .sqrt();
        travelled += length;
        here = next;
        if passage != Passage::Smooth {
            // Going straight through, the orientation is the one the tangent now has.
            orientation = here.det_sign;
            left -= length;
            if left <= 0.0 {
                passage = Passage::Smooth;
                eq.perturbation = 0.0;
                eq.tilt = 0.0;
            }
        }
        if history.len() == HISTORY {
            history.remove(0);
        }
        history.push((here.z.clone(), travelled));
        if target.is_none() {
            let regret = eq.regret(&here.z[..n]);
            if regret <= LIMIT_REGRET {
                return End {
                    status: Status::Solved,
                    y: vec![here.z[..n].to_vec()],
                    crossings,
                };
            }
            if here.z[n] > MAX_LAMBDA {
                let message = format!(
                    "λ reached {:.3e} with relative regret {regret:.3e}",
                    here.z[n] / scale
                );
                return give_up(Status::NotConverged(message), &here, crossings);
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

/// How the tracer is passing a bifurcation point.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Passage {
    /// It is on a smooth stretch of the branch.
    Smooth,
    /// It follows the branch of the equations with the first one perturbed.
    Perturbed,
    /// It follows the branch of the equations with the ratio equations tilted.
    Tilted,
    /// It goes straight through, the tangent oriented by continuity.
    Through,
}

/// The point of the branch to trace again from, `(z, arclength)`, with its tangent oriented
/// by the determinant sign `orientation`.
fn restart<S: QreSystem>(
    eq: &mut Equations<'_, S>,
    backup: &(Vec<f64>, f64),
    orientation: f64,
) -> Option<Point> {
    let mut point = Point::at(eq, backup.0.clone())?;
    if point.det_sign != orientation {
        point.flip();
    }
    Some(point)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::Method;
    use brink_game::Table;

    fn trace_file(name: &str) -> End {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../../shared/gambit-games")
            .join(name);
        let game = brink_formats::read_file(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
        let config = Config::new(Method::Logit);
        match &game {
            Game::Table(t) => {
                let system = TableSystem::new(t);
                trace(&system, &config, system.scale)
            }
            Game::Tree(t) => {
                let system = TreeSystem::new(t);
                trace(&system, &config, system.scale)
            }
        }
    }

    /// Symmetric games meet bifurcation points on the principal branch. Where the first
    /// equation's perturbation breaks the symmetry (tables, where player 1's total probability
    /// scales everyone else's payoffs, and trees where player 1's first set weighs some
    /// beliefs) it is enough; where player 1's first set is the root of a tree, nothing depends
    /// on its total probability, and the ratio equations are tilted instead.
    #[test]
    fn symmetric_games_meet_bifurcations_and_pass_them() {
        for (name, tilted) in [
            ("catalog/conf/itcs/jakobsen2016/fig1c.efg", false),
            ("catalog/journals/geb/gilboa1997/fig2.efg", false),
            ("catalog/journals/ijgt/nau2004/sec3.nfg", false),
            ("catalog/journals/other/shapley1974/fig3.nfg", false),
            ("contrib/games/2s2x2x2.efg", true),
            ("contrib/games/w_ex2.efg", true),
            ("contrib/games/artist1.efg", false),
            ("contrib/games/artist2.efg", false),
            ("contrib/games/sh3.nfg", false),
            ("catalog/books/shohamleytonbrown2008/fig5_10.efg", true),
            ("contrib/games/sh3.efg", true),
            ("contrib/games/sww3.efg", true),
            ("contrib/games/w_ex1.efg", true),
        ] {
            let end = trace_file(name);
            assert_eq!(end.status, Status::Solved, "{name}");
            assert!(end.crossings.met >= 1, "{name}: no bifurcation detected");
            assert_eq!(
                end.crossings.tilted >= 1,
                tilted,
                "{name}: {:?}",
                end.crossings
            );
        }
    }

    /// Battle of the sexes (3, 2 / 0, 0 / 0, 0 / 2, 3) is symmetric under swapping the players
    /// and their strategies. Its principal branch keeps that symmetry up to a bifurcation at
    /// λ ≈ 0.81, past which it would go on to the mixed equilibrium; with the first equation
    /// perturbed (player 1's probabilities summing to a little less than one, which makes
    /// player 2's payoffs a little smaller) the branch turns to player 1's favourite, (Top,
    /// Left), as Gambit's does.
    #[test]
    fn battle_of_the_sexes_turns_to_player_one_s_favourite() {
        let game = Table::from_payoffs(
            "bos".into(),
            vec!["1".into(), "2".into()],
            vec![vec!["T".into(), "B".into()], vec!["L".into(), "R".into()]],
            [[3, 2], [0, 0], [0, 0], [2, 3]]
                .iter()
                .map(|c| {
                    c.iter()
                        .map(|&x| brink_game::Rational::from_integer(x.into()))
                        .collect()
                })
                .collect(),
        );
        let system = TableSystem::new(&game);
        let end = trace(&system, &Config::new(Method::Logit), system.scale);
        assert_eq!(end.status, Status::Solved);
        assert_eq!(end.crossings.met, 1);
        let y = &end.y[0];
        assert!(y[0].exp() > 1.0 - 1e-6 && y[2].exp() > 1.0 - 1e-6, "{y:?}");
    }

    #[test]
    fn generic_games_cross_no_bifurcation() {
        for name in [
            "contrib/games/bayes2a.efg",
            "contrib/games/e16.efg",
            "contrib/games/pd.nfg",
        ] {
            let end = trace_file(name);
            assert_eq!(end.status, Status::Solved, "{name}");
            assert_eq!(end.crossings.met, 0, "{name}");
        }
    }
}
