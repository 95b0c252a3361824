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
//! The tangent's orientation is kept by its inner product with the previous tangent, which
//! carries it through turning points in λ (where the extended Jacobian keeps its sign) and
//! through simple bifurcation points (where it changes sign; they are counted). At a
//! bifurcation, which generic games do not have but symmetric games and games with symmetric
//! subgames do, the tracer stays on the branch it came along. Gambit's tracer switches branches
//! at some of them and then ends at another equilibrium.
//!
//! Payoffs are divided by their span (largest minus smallest outcome payoff) before tracing, so
//! the internal precision is λ times the span and the tolerances are relative to the payoffs;
//! reported λ values are in the game's own units.
//!
//! The trace stops when the profile is an ε-equilibrium with ε = [`LIMIT_REGRET`] times the
//! span, where ε is measured conditionally at every group (at every information set of a tree,
//! reached or not, with the QRE beliefs), so the limit profile is sequentially rational to that
//! tolerance. That profile is then polished: the indifference equations on its support are
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

/// The conditional regret, relative to the payoff span, at which the branch is considered to
/// have reached its limit.
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
    /// How many bifurcation points the trace passed (where the orientation given by the
    /// determinant of the Jacobian extended by the tangent changes sign). The tracer keeps to
    /// the branch it is on, in the same direction; at a symmetry-breaking bifurcation another
    /// tracer may switch branches and end at another equilibrium.
    #[cfg_attr(not(test), allow(dead_code))]
    bifurcations: usize,
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
        let qr = Qr::new(m, n, jt);
        let mut tangent = vec![0.0; m];
        tangent[n] = 1.0;
        qr.apply_q(&mut tangent);
        let det_sign = qr.extended_det_sign();
        Some(Point {
            z,
            qr,
            tangent,
            det_sign,
        })
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
            let mut tangent = vec![0.0; m];
            tangent[n] = 1.0;
            qr.apply_q(&mut tangent);
            let det_sign = qr.extended_det_sign();
            let corrected = Corrected { first, contraction };
            return Some((
                Point {
                    z,
                    qr,
                    tangent,
                    det_sign,
                },
                corrected,
            ));
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
            bifurcations: 0,
        };
    }
    let Some(mut here) = Point::at(&mut eq, start.clone()) else {
        return End {
            status: Status::NotConverged("the logit equations are not finite at λ = 0".into()),
            y: Vec::new(),
            bifurcations: 0,
        };
    };
    // The tangent at the start, oriented towards increasing λ; `orientation` is the sign of
    // the extended Jacobian for the tangent as oriented.
    let mut orientation = here.det_sign;
    if here.tangent[n] < 0.0 {
        here.tangent.iter_mut().for_each(|x| *x = -*x);
        orientation = -orientation;
    }
    let mut bifurcations = 0;
    let mut h = FIRST_STEP;
    let mut steps = 0;
    let give_up = |status: Status, here: &Point, bifurcations: usize| End {
        status,
        y: vec![here.z[..n].to_vec()],
        bifurcations,
    };
    loop {
        if stopped(config) {
            return End {
                status: Status::Stopped,
                y: Vec::new(),
                bifurcations,
            };
        }
        steps += 1;
        if steps > MAX_STEPS {
            let message = format!(
                "{MAX_STEPS} path-following steps reached at λ = {:.6e}",
                here.z[n] / scale
            );
            return give_up(Status::IterationLimit(message), &here, bifurcations);
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
        let Some((mut next, c)) = next else {
            h /= 2.0;
            if h < MIN_STEP {
                let message = format!(
                    "the corrector failed at every step size near λ = {:.6e}",
                    here.z[n] / scale
                );
                return give_up(Status::NotConverged(message), &here, bifurcations);
            }
            continue;
        };
        let mut new_orientation = next.det_sign;
        let dot: f64 = next
            .tangent
            .iter()
            .zip(&here.tangent)
            .map(|(a, b)| a * b)
            .sum();
        if dot < 0.0 {
            next.tangent.iter_mut().for_each(|x| *x = -*x);
            new_orientation = -new_orientation;
        }
        let angle = dot.abs().min(1.0).acos();
        if angle > 4.0 * NOMINAL_ANGLE {
            h /= 2.0;
            if h < MIN_STEP {
                let message = format!(
                    "the branch turns too sharply near λ = {:.6e}",
                    here.z[n] / scale
                );
                return give_up(Status::NotConverged(message), &here, bifurcations);
            }
            continue;
        }
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
                return match solve_at(&mut eq, guess) {
                    Some(y) => End {
                        status: Status::Solved,
                        y: vec![y],
                        bifurcations,
                    },
                    None => End {
                        status: Status::NotConverged(format!(
                            "Newton's method failed at λ = {}",
                            target / scale
                        )),
                        y: Vec::new(),
                        bifurcations,
                    },
                };
            }
        }
        if new_orientation != orientation {
            bifurcations += 1;
            orientation = new_orientation;
        }
        here = next;
        if target.is_none() {
            let regret = eq.regret(&here.z[..n]);
            if regret <= LIMIT_REGRET {
                return End {
                    status: Status::Solved,
                    y: vec![here.z[..n].to_vec()],
                    bifurcations,
                };
            }
            if here.z[n] > MAX_LAMBDA {
                let message = format!(
                    "λ reached {:.3e} with relative regret {regret:.3e}",
                    here.z[n] / scale
                );
                return give_up(Status::NotConverged(message), &here, bifurcations);
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

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::Method;

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

    /// The games that `tests/logit.rs` exempts from the comparison with Gambit's profile
    /// (`BRANCH_SWITCHES`) must really have a bifurcation on the traced branch.
    #[test]
    fn branch_switch_exemptions_cross_a_bifurcation() {
        for name in [
            "catalog/books/shohamleytonbrown2008/fig5_10.efg",
            "catalog/conf/itcs/jakobsen2016/fig1c.efg",
            "catalog/journals/dcg/vonstengel1999/6x6_game_with_75_eq_small_payoffs.nfg",
            "catalog/journals/geb/gilboa1997/fig2.efg",
            "catalog/journals/ijgt/nau2004/sec3.nfg",
            "catalog/journals/other/shapley1974/fig3.nfg",
            "contrib/games/2s2x2x2.efg",
            "contrib/games/artist2.efg",
            "contrib/games/sh3.efg",
            "contrib/games/sh3.nfg",
            "contrib/games/sww3.efg",
            "contrib/games/w_ex1.efg",
            "contrib/games/w_ex2.efg",
        ] {
            let end = trace_file(name);
            assert_eq!(end.status, Status::Solved, "{name}");
            assert!(end.bifurcations >= 1, "{name}: no bifurcation detected");
        }
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
            assert_eq!(end.bifurcations, 0, "{name}");
        }
    }
}
