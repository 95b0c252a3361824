//! Verification of profiles: payoffs, regret, beliefs, sequential rationality.
//!
//! [`solve`](crate::solve) passes every candidate profile of every method through this module,
//! and only what passes leaves the crate. The same checks are public so that other parts of
//! brinkmanship (scenario answers, sweeps, tests) can verify any profile they hold.
//!
//! **Exactness.** A profile whose probabilities are all exact is verified in exact rational
//! arithmetic, and "equilibrium" then means a regret of exactly zero. A profile with any
//! floating-point entry is verified in `f64`, and "equilibrium" means that each player's regret
//! is at most that player's [`tolerances`] entry: [`FLOAT_TOLERANCE`] times the larger of 1 and
//! the player's own payoff range (the largest minus the smallest payoff it can receive), so
//! that the test does not depend on the payoffs' units, and a player with small payoffs is
//! judged as closely as one with large payoffs. A float probability vector must add up to 1 within
//! [`DISTRIBUTION_SLACK`] and have no entry below `-DISTRIBUTION_SLACK`.
//!
//! **What is measured.**
//! - Strategy profiles of a table: each player's expected payoff and regret (best pure payoff
//!   against the others minus the payoff); the profile's regret is the largest.
//! - Behaviour profiles of a tree ([`behavior`]): payoffs by one pass over the tree; the Nash
//!   regret, with each player's best response found by the sequence-form backward induction
//!   over its information sets (perfect recall), or by trying its pure strategies (imperfect
//!   recall without absent-mindedness, up to [`IMPERFECT_RECALL_STRATEGY_LIMIT`] strategies);
//!   the agent regret (the best gain from changing the action at one information set);
//!   beliefs at every personal information set; the sequential-rationality test against those
//!   beliefs; and subgame perfection (zero Nash regret in every subgame).
//! - Strategy profiles of a tree (mixed strategies over the reduced strategic form): converted to
//!   the behaviour profile they induce (Kuhn 1953) and verified as one. With perfect recall the
//!   two are realisation-equivalent, so payoffs and Nash regret are those of the strategic form.
//!
//! **Beliefs.** Where an information set is reached by the other players' behaviour, beliefs
//! follow Bayes' rule. Where it is not, beliefs supplied by the method (logit's limit beliefs)
//! are used if given; otherwise the default is the limit of Bayes' rule under uniform
//! ("centroid") trembles `(1 − ε)p + ε/|A|` as ε → 0, which is consistent in the sense of
//! Kreps and Wilson (1982). Supplied beliefs are not checked for consistency.

use std::cell::OnceCell;
use std::collections::HashSet;

use brink_game::{
    rational_to_f64, Game, NodeKind, Player, Rational, ReducedStrategies, Table, Tree,
};
use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Signed, Zero};

use crate::behavior::{self, Layout, Scalar};
use crate::small::Q;
use crate::{
    Candidates, Config, Equilibrium, Method, Number, Profile, Solution, SolveError, Status,
};

/// The relative tolerance for floating-point regrets (see [`tolerance`]).
pub const FLOAT_TOLERANCE: f64 = 1e-6;

/// How far a floating-point probability vector may be from a distribution (sum off by at most
/// this, no entry below its negative).
pub const DISTRIBUTION_SLACK: f64 = 1e-6;

/// The most pure strategies of one player that are tried to find a best response in a tree
/// without perfect recall.
pub const IMPERFECT_RECALL_STRATEGY_LIMIT: usize = 4096;

/// Why a profile could not be verified at all (as opposed to verified and found wanting).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum VerifyError {
    /// The game breaks a structural rule of the model.
    #[error("the game is not well formed: {0}")]
    InvalidGame(String),
    /// The profile does not fit the game (wrong shape) or is not made of distributions.
    #[error("the profile does not fit the game: {0}")]
    Shape(String),
    /// The profile was verified and is not an equilibrium; the message says by how much.
    #[error("not an equilibrium: {0}")]
    NotEquilibrium(String),
    /// Verification would need more work than allowed.
    #[error("{0}")]
    TooLarge(String),
    /// A floating-point profile of a game whose payoffs lie outside the `f64` range: floats
    /// cannot judge it (see [`floats_can_judge`]); an exact profile can be verified.
    #[error(
        "the game's payoffs (or their differences) lie outside the range of floating point, so \
         a floating-point profile cannot be verified; solve with --exact, or with a method that \
         computes exactly"
    )]
    FloatRange,
}

/// Payoffs and regret of a strategy profile of a table.
#[derive(Clone, Debug, PartialEq)]
pub struct StrategyCheck {
    /// Each player's expected payoff.
    pub payoffs: Vec<Number>,
    /// The largest gain any player could make by switching to a pure strategy.
    pub max_regret: Number,
    /// Each player's regret: its gain from switching to its best pure strategy.
    pub regrets: Vec<Number>,
}

/// Everything [`behavior`] measures about a behaviour profile of a tree. Numbers are exact
/// when the profile is.
#[derive(Clone, Debug, PartialEq)]
pub struct Verified {
    /// Each player's expected payoff.
    pub payoffs: Vec<Number>,
    /// The Nash regret: the largest gain any player could make by switching to another
    /// strategy of the whole game. `None` where it is not computed: absent-minded information
    /// sets, or imperfect recall with a player of more than
    /// [`IMPERFECT_RECALL_STRATEGY_LIMIT`] pure strategies.
    pub max_regret: Option<Number>,
    /// Each player's Nash regret (`None` where [`Verified::max_regret`] is).
    pub regrets: Option<Vec<Number>>,
    /// The agent regret: the largest gain from changing the behaviour at one information set
    /// while everything else stays as it is.
    pub agent_regret: Number,
    /// Each player's agent regret: the largest gain from changing its behaviour at one of its
    /// information sets.
    pub agent_regrets: Vec<Number>,
    /// Beliefs at each personal information set, `[player][information set][member]` (see the
    /// module documentation for unreached sets).
    pub beliefs: Vec<Vec<Vec<Number>>>,
    /// Whether, at every personal information set, the behaviour there is optimal given the
    /// beliefs and the behaviour after it (to [`tolerances`] for floats, exactly otherwise).
    pub sequentially_rational: bool,
    /// Whether the Nash regret is zero (to tolerance) in every subgame, the whole game
    /// included. `None` without perfect recall.
    pub subgame_perfect: Option<bool>,
}

/// Each player's tolerance for floating-point regrets in `game`: [`FLOAT_TOLERANCE`] times the
/// larger of 1 and that player's payoff range (see [`payoff_ranges`]).
pub fn tolerances(game: &Game) -> Vec<f64> {
    let ranges = match game {
        Game::Tree(t) => tree_payoff_ranges(t),
        Game::Table(t) => table_payoff_ranges(t),
    };
    ranges_to_tolerances(&ranges)
}

fn ranges_to_tolerances(ranges: &[f64]) -> Vec<f64> {
    ranges
        .iter()
        .map(|r| FLOAT_TOLERANCE * r.max(1.0))
        .collect()
}

/// Whether floating-point arithmetic can judge profiles of `game`: whether every payoff (on
/// every path, for trees) and the difference of any two is a finite `f64`. Where one is not,
/// a float computation meets infinities and would print them as payoffs or compare them
/// meaninglessly, so float methods must compute exactly instead, and float profiles are not
/// verified ([`VerifyError::FloatRange`]).
pub fn floats_can_judge(game: &Game) -> bool {
    match game {
        Game::Tree(t) => floats_can_judge_tree(t),
        Game::Table(t) => floats_can_judge_table(t),
    }
}

/// [`floats_can_judge`] of a tree.
pub(crate) fn floats_can_judge_tree(t: &Tree) -> bool {
    finite_in_f64(
        t.accumulated_payoffs_q()
            .iter()
            .flatten()
            .map(|q| q.to_f64()),
    )
}

/// [`floats_can_judge`] of a table.
pub(crate) fn floats_can_judge_table(t: &Table) -> bool {
    finite_in_f64(
        t.outcomes
            .iter()
            .flat_map(|o| o.payoffs.iter().map(rational_to_f64)),
    )
}

/// Whether every value, and the difference of any two, is finite.
fn finite_in_f64(values: impl Iterator<Item = f64>) -> bool {
    let mut largest = 0.0f64;
    for v in values {
        if !v.is_finite() {
            return false;
        }
        largest = largest.max(v.abs());
    }
    (2.0 * largest).is_finite()
}

/// Each player's largest minus smallest payoff, over leaves (trees) or cells (tables, an empty
/// cell paying 0), as floats; 0 where that is not a finite float.
fn payoff_ranges<'a>(players: usize, payoffs: impl Iterator<Item = &'a [f64]>) -> Vec<f64> {
    let mut bounds = vec![(f64::INFINITY, f64::NEG_INFINITY); players];
    for row in payoffs {
        for ((lo, hi), &v) in bounds.iter_mut().zip(row) {
            *lo = lo.min(v);
            *hi = hi.max(v);
        }
    }
    bounds
        .into_iter()
        .map(|(lo, hi)| {
            if hi >= lo && (hi - lo).is_finite() {
                hi - lo
            } else {
                0.0
            }
        })
        .collect()
}

/// [`payoff_ranges`] of a tree's leaves.
fn tree_payoff_ranges(t: &Tree) -> Vec<f64> {
    let acc = t.accumulated_payoffs_q();
    let leaves: Vec<Vec<f64>> = t
        .nodes
        .iter()
        .enumerate()
        .filter(|(_, node)| matches!(node.kind, NodeKind::Terminal))
        .map(|(id, _)| acc[id].iter().map(|v| v.to_f64()).collect())
        .collect();
    payoff_ranges(t.players.len(), leaves.iter().map(Vec::as_slice))
}

/// [`payoff_ranges`] of a table's cells.
fn table_payoff_ranges(t: &Table) -> Vec<f64> {
    let players = t.players.len();
    let mut cells: Vec<Vec<f64>> = t
        .cells
        .iter()
        .flatten()
        .map(|&o| t.outcomes[o].payoffs.iter().map(rational_to_f64).collect())
        .collect();
    if t.cells.iter().any(Option::is_none) {
        cells.push(vec![0.0; players]);
    }
    payoff_ranges(players, cells.iter().map(Vec::as_slice))
}

/// Checks the game's structure, so that no method meets a malformed game.
pub(crate) fn validate(game: &Game, method: Method) -> Result<(), SolveError> {
    let checked = match game {
        Game::Tree(t) => t.validate(),
        Game::Table(t) => t.validate(),
    };
    checked.map_err(|e| SolveError::NotApplicable {
        method: method.name(),
        reason: format!("the game is not well formed: {e}"),
    })
}

/// Whether every number in the slices is exact.
fn all_exact<'a>(mut numbers: impl Iterator<Item = &'a Number>) -> bool {
    numbers.all(|n| n.exact().is_some())
}

/// Converts numbers to `T` (all succeed for `f64`; for rationals the caller checked exactness).
fn convert<T: Scalar>(v: &[Number]) -> Vec<T> {
    v.iter()
        .map(|n| T::from_number(n).expect("checked exact"))
        .collect()
}

fn convert3<T: Scalar>(v: &[Vec<Vec<Number>>]) -> Vec<Vec<Vec<T>>> {
    v.iter()
        .map(|x| x.iter().map(|y| convert(y)).collect())
        .collect()
}

fn numbers<T: Scalar>(v: Vec<T>) -> Vec<Number> {
    v.into_iter().map(T::into_number).collect()
}

fn numbers3<T: Scalar>(v: Vec<Vec<Vec<T>>>) -> Vec<Vec<Vec<Number>>> {
    v.into_iter()
        .map(|x| x.into_iter().map(numbers).collect())
        .collect()
}

/// Payoffs and regret of a mixed-strategy profile `[player][strategy]` of a table, exact when
/// every probability is exact.
pub fn strategy_regret(
    table: &Table,
    profile: &[Vec<Number>],
) -> Result<StrategyCheck, VerifyError> {
    table
        .validate()
        .map_err(|e| VerifyError::InvalidGame(e.to_string()))?;
    if all_exact(profile.iter().flatten()) {
        let p: Vec<Vec<Q>> = profile.iter().map(|v| convert(v)).collect();
        let (payoffs, regrets) = table_regret(table, &p)?;
        Ok(strategy_check(payoffs, regrets))
    } else {
        if !floats_can_judge_table(table) {
            return Err(VerifyError::FloatRange);
        }
        let p: Vec<Vec<f64>> = profile.iter().map(|v| convert(v)).collect();
        let (payoffs, regrets) = table_regret(table, &p)?;
        Ok(strategy_check(payoffs, regrets))
    }
}

fn strategy_check<T: Scalar>(payoffs: Vec<T>, regrets: Vec<T>) -> StrategyCheck {
    let max_regret = regrets.iter().cloned().fold(T::zero(), behavior::max_of);
    StrategyCheck {
        payoffs: numbers(payoffs),
        max_regret: max_regret.into_number(),
        regrets: numbers(regrets),
    }
}

/// Payoffs and regrets, per player, of a table's mixed profile. For each player the payoff of
/// each of its pure strategies is summed over the product of the others' supports only, so
/// pure and sparse profiles of large tables are cheap.
fn table_regret<T: Scalar>(
    table: &Table,
    profile: &[Vec<T>],
) -> Result<(Vec<T>, Vec<T>), VerifyError> {
    let shape = table.shape();
    if profile.len() != shape.len() {
        return Err(VerifyError::Shape(format!(
            "the profile has {} players, the game {}",
            profile.len(),
            shape.len()
        )));
    }
    for (p, (dist, &n)) in profile.iter().zip(&shape).enumerate() {
        if dist.len() != n {
            return Err(VerifyError::Shape(format!(
                "player {} has {} probabilities for {} strategies",
                p + 1,
                dist.len(),
                n
            )));
        }
        behavior::check_distribution(dist, DISTRIBUTION_SLACK)
            .map_err(|why| VerifyError::Shape(format!("player {}: {why}", p + 1)))?;
    }
    let players = shape.len();
    let outcome_values: Vec<Vec<T>> = table
        .outcomes
        .iter()
        .map(|o| o.payoffs.iter().map(T::from_rational).collect())
        .collect();
    let mut strides = vec![1usize; players];
    for p in 1..players {
        strides[p] = strides[p - 1] * shape[p - 1];
    }
    let supports: Vec<Vec<(usize, T)>> = profile
        .iter()
        .map(|d| {
            d.iter()
                .cloned()
                .enumerate()
                .filter(|(_, x)| !x.is_zero())
                .collect()
        })
        .collect();
    let mut payoffs = Vec::with_capacity(players);
    let mut regrets = Vec::with_capacity(players);
    for p in 0..players {
        let mut by_strategy = vec![T::zero(); shape[p]];
        // Odometer over the supports of the other players.
        let others: Vec<usize> = (0..players).filter(|&q| q != p).collect();
        let mut pos = vec![0usize; others.len()];
        loop {
            let mut weight = T::one();
            let mut base = 0usize;
            for (k, &q) in others.iter().enumerate() {
                let (s, w) = &supports[q][pos[k]];
                weight = weight * w.clone();
                base += s * strides[q];
            }
            for (s, slot) in by_strategy.iter_mut().enumerate() {
                if let Some(o) = table.cells[base + s * strides[p]] {
                    *slot = slot.clone() + weight.clone() * outcome_values[o][p].clone();
                }
            }
            let mut k = 0;
            while k < others.len() {
                pos[k] += 1;
                if pos[k] < supports[others[k]].len() {
                    break;
                }
                pos[k] = 0;
                k += 1;
            }
            if k == others.len() {
                break;
            }
        }
        let payoff = by_strategy
            .iter()
            .zip(&profile[p])
            .fold(T::zero(), |acc, (v, w)| acc + v.clone() * w.clone());
        let best = by_strategy
            .into_iter()
            .reduce(behavior::max_of)
            .unwrap_or_else(T::zero);
        regrets.push(behavior::max_of(T::zero(), best - payoff.clone()));
        payoffs.push(payoff);
    }
    Ok((payoffs, regrets))
}

/// Verifies a behaviour profile `[player][information set][action]` of a tree (information sets
/// in the order of [`Tree::player_infosets`]), with default beliefs at unreached sets.
pub fn behavior(tree: &Tree, profile: &[Vec<Vec<Number>>]) -> Result<Verified, VerifyError> {
    behavior_with_beliefs(tree, profile, None)
}

/// Like [`behavior`], with beliefs `[player][information set][member]` to use at the
/// information sets that the profile does not reach (ignored if their shape does not fit).
pub fn behavior_with_beliefs(
    tree: &Tree,
    profile: &[Vec<Vec<Number>>],
    beliefs: Option<&[Vec<Vec<Number>>]>,
) -> Result<Verified, VerifyError> {
    tree.validate()
        .map_err(|e| VerifyError::InvalidGame(e.to_string()))?;
    let tols = ranges_to_tolerances(&tree_payoff_ranges(tree));
    TreeVerifier::new(tree, tols).behavior(profile, beliefs, Needs::ALL)
}

/// Like [`behavior`], but measures only the regrets (Nash regret and agent regret): the
/// sequential-rationality and subgame tests are skipped and reported as not holding, and no
/// beliefs are computed (`beliefs` is empty). For callers that already know the profile is an
/// equilibrium and want its regret as a figure.
pub fn behavior_regret(tree: &Tree, profile: &[Vec<Vec<Number>>]) -> Result<Verified, VerifyError> {
    tree.validate()
        .map_err(|e| VerifyError::InvalidGame(e.to_string()))?;
    // An exact profile is verified exactly and never reads the tolerance.
    let tols = if all_exact(profile.iter().flatten().flatten()) {
        vec![0.0; tree.players.len()]
    } else {
        ranges_to_tolerances(&tree_payoff_ranges(tree))
    };
    let needs = Needs {
        nash: true,
        sequential: false,
        subgame: false,
        beliefs: false,
    };
    TreeVerifier::new(tree, tols).behavior(profile, None, needs)
}

/// Verifies a mixed-strategy profile `[player][strategy]` over a tree's reduced strategic form
/// (strategies in the order of [`Tree::reduced_strategies`]) through the behaviour profile it
/// induces. Fails with [`VerifyError::Shape`] if the strategy counts do not match.
pub fn strategy_on_tree(tree: &Tree, profile: &[Vec<Number>]) -> Result<Verified, VerifyError> {
    tree.validate()
        .map_err(|e| VerifyError::InvalidGame(e.to_string()))?;
    let tols = ranges_to_tolerances(&tree_payoff_ranges(tree));
    let verifier = TreeVerifier::new(tree, tols);
    let behavior = verifier.strategy_to_behavior(profile)?;
    verifier.behavior(&behavior, None, Needs::ALL)
}

/// Verifies `profile` as a Nash equilibrium of `game` (to [`tolerance`] for floats, exactly
/// otherwise) and returns it with its payoffs, regret and beliefs.
pub fn equilibrium(game: &Game, profile: &Profile) -> Result<Equilibrium, VerifyError> {
    validate(game, Method::EnumPure).map_err(|e| VerifyError::InvalidGame(e.to_string()))?;
    let mut ctx = Context::new(game, tolerances(game));
    ctx.judge(profile, None, Concept::Nash)
}

/// Tries to turn a floating-point profile into an exact equilibrium: every probability is
/// replaced by the nearest fraction with a bounded denominator (continued fractions, bounds
/// 10, 100, ..., 10⁶, smallest first), each distribution is rescaled to add up to exactly 1,
/// and the result is returned only if it verifies exactly: zero regret, and on trees with
/// behaviour profiles also sequential rationality with exact beliefs. An exact profile is
/// simply verified. `None` if no bound gives an exact equilibrium.
pub fn try_exact(game: &Game, profile: &Profile) -> Option<Equilibrium> {
    try_exact_with_beliefs(game, profile, None)
}

/// Like [`try_exact`], with (floating-point) beliefs to rationalise in the same way and use at
/// the information sets the profile does not reach.
pub fn try_exact_with_beliefs(
    game: &Game,
    profile: &Profile,
    beliefs: Option<&[Vec<Vec<Number>>]>,
) -> Option<Equilibrium> {
    validate(game, Method::EnumPure).ok()?;
    let mut ctx = Context::new(game, tolerances(game));
    const BOUNDS: [u64; 6] = [10, 100, 1_000, 10_000, 100_000, 1_000_000];
    let mut previous: Option<Profile> = None;
    for bound in BOUNDS {
        let exact = rationalize_profile(profile, bound)?;
        if previous.as_ref() == Some(&exact) {
            continue;
        }
        let exact_beliefs = beliefs.and_then(|b| {
            b.iter()
                .map(|x| {
                    x.iter()
                        .map(|y| rationalize_distribution(y, bound))
                        .collect()
                })
                .collect::<Option<Vec<Vec<Vec<Number>>>>>()
        });
        let concept = match (&exact, game) {
            (Profile::Behavior(_), Game::Tree(_)) => Concept::Sequential,
            _ => Concept::Nash,
        };
        if let Ok(eq) = ctx.judge(&exact, exact_beliefs.as_deref(), concept) {
            return Some(eq);
        }
        previous = Some(exact);
    }
    None
}

/// The profile with every distribution rationalised with denominators up to `bound` and
/// rescaled to add up to 1; `None` if a distribution has no positive mass.
fn rationalize_profile(profile: &Profile, bound: u64) -> Option<Profile> {
    Some(match profile {
        Profile::Strategy(s) => Profile::Strategy(
            s.iter()
                .map(|d| rationalize_distribution(d, bound))
                .collect::<Option<_>>()?,
        ),
        Profile::Behavior(b) => Profile::Behavior(
            b.iter()
                .map(|p| {
                    p.iter()
                        .map(|d| rationalize_distribution(d, bound))
                        .collect()
                })
                .collect::<Option<_>>()?,
        ),
    })
}

fn rationalize_distribution(dist: &[Number], bound: u64) -> Option<Vec<Number>> {
    let approx: Vec<Rational> = dist
        .iter()
        .map(|n| match n {
            Number::Exact(r) => Some(r.clone()),
            Number::Float(x) if x.is_finite() => Some(limit_denominator(
                &behavior::rational_from_f64(x.max(0.0)),
                bound,
            )),
            Number::Float(_) => None,
        })
        .collect::<Option<_>>()?;
    let total: Rational = approx.iter().sum();
    if !total.is_positive() {
        return None;
    }
    Some(
        approx
            .into_iter()
            .map(|x| Number::Exact(x / &total))
            .collect(),
    )
}

/// The closest fraction to a non-negative `x` with denominator at most `bound`, by the
/// continued-fraction (best rational approximation) method.
pub(crate) fn limit_denominator(x: &Rational, bound: u64) -> Rational {
    let bound = BigInt::from(bound.max(1));
    if x.denom() <= &bound {
        return x.clone();
    }
    let (mut p0, mut q0, mut p1, mut q1) =
        (BigInt::zero(), BigInt::one(), BigInt::one(), BigInt::zero());
    let (mut n, mut d) = (x.numer().clone(), x.denom().clone());
    loop {
        let a = n.div_floor(&d);
        let q2 = &q0 + &a * &q1;
        if q2 > bound {
            break;
        }
        let p2 = &p0 + &a * &p1;
        p0 = std::mem::replace(&mut p1, p2);
        q0 = std::mem::replace(&mut q1, q2);
        let r = &n - &a * &d;
        n = std::mem::replace(&mut d, r);
        if d.is_zero() {
            break;
        }
    }
    let k = (&bound - &q0).div_floor(&q1);
    let lower = Rational::new(&p0 + &k * &p1, &q0 + &k * &q1);
    let upper = Rational::new(p1, q1);
    if (&upper - x).abs() <= (&lower - x).abs() {
        upper
    } else {
        lower
    }
}

/// What a method's profiles must satisfy to count as its solutions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Concept {
    /// Zero Nash regret.
    Nash,
    /// Zero agent regret (pure agent-form equilibria, logit on trees without perfect recall);
    /// the reported regret is the agent regret.
    Agent,
    /// Zero Nash regret in every subgame.
    SubgamePerfect,
    /// Zero Nash regret and sequential rationality given the beliefs.
    Sequential,
    /// No test: the profile is what was asked for (a logit QRE at a given λ); only its form
    /// is checked and its regret reported.
    Report,
}

impl Concept {
    fn of(config: &Config, game: &Game) -> Concept {
        match config.method {
            Method::Spe => Concept::SubgamePerfect,
            Method::EnumPureAgent => Concept::Agent,
            Method::Sequential => Concept::Sequential,
            Method::Logit if config.lambda.is_some() => Concept::Report,
            Method::Logit => match game {
                Game::Tree(t) if !t.is_perfect_recall() => Concept::Agent,
                _ => Concept::Nash,
            },
            _ => Concept::Nash,
        }
    }
}

/// The first player whose regret does not count as zero (see [`negligible`]) against its own
/// tolerance, with that regret.
fn first_regretful<'r>(regrets: &'r [Number], tols: &[f64]) -> Option<(usize, &'r Number)> {
    regrets
        .iter()
        .zip(tols)
        .enumerate()
        .find(|(_, (r, &t))| !negligible(r, t))
        .map(|(p, (r, _))| (p, r))
}

/// Whether a regret counts as zero: exactly for exact numbers, to `tol` for floats.
fn negligible(n: &Number, tol: f64) -> bool {
    match n {
        Number::Exact(r) => !r.is_positive(),
        Number::Float(x) => *x <= tol,
    }
}

/// Verification state for one game, reused across candidates.
struct Context<'a> {
    game: &'a Game,
    /// Each player's tolerance.
    tols: Vec<f64>,
    tree: Option<TreeVerifier<'a>>,
}

impl<'a> Context<'a> {
    fn new(game: &'a Game, tols: Vec<f64>) -> Context<'a> {
        let tree = match game {
            Game::Tree(t) => Some(TreeVerifier::new(t, tols.clone())),
            Game::Table(_) => None,
        };
        Context { game, tols, tree }
    }

    /// Verifies one candidate against a concept and returns it as an equilibrium, or says why
    /// it fails.
    fn judge(
        &mut self,
        profile: &Profile,
        beliefs: Option<&[Vec<Vec<Number>>]>,
        concept: Concept,
    ) -> Result<Equilibrium, VerifyError> {
        let tols = &self.tols;
        let names = match self.game {
            Game::Tree(t) => &t.players,
            Game::Table(t) => &t.players,
        };
        // Each player's regret is judged against that player's own tolerance.
        let check = |what: &str, regrets: &[Number]| match first_regretful(regrets, tols) {
            None => Ok(()),
            Some((p, n @ Number::Exact(_))) => Err(VerifyError::NotEquilibrium(format!(
                "{}'s {what} is {n} (the profile is exact, so it must be exactly 0)",
                names[p]
            ))),
            Some((p, n)) => Err(VerifyError::NotEquilibrium(format!(
                "{}'s {what} is {n} (tolerance {:e}, relative to {}'s payoff range)",
                names[p], tols[p], names[p]
            ))),
        };
        match (self.game, profile) {
            (Game::Table(table), Profile::Strategy(s)) => {
                let measured = strategy_regret(table, s)?;
                if concept != Concept::Report {
                    check("regret", &measured.regrets)?;
                }
                Ok(Equilibrium {
                    profile: profile.clone(),
                    payoffs: measured.payoffs,
                    max_regret: measured.max_regret,
                    beliefs: None,
                })
            }
            (Game::Table(_), Profile::Behavior(_)) => Err(VerifyError::Shape(
                "a behaviour profile was given for a strategic-form game".into(),
            )),
            (Game::Tree(_), _) => {
                let verifier = self.tree.as_ref().expect("tree verifier for a tree");
                let needs = Needs {
                    nash: concept != Concept::Agent,
                    sequential: concept == Concept::Sequential,
                    subgame: concept == Concept::SubgamePerfect,
                    // Beliefs are part of every tree result.
                    beliefs: true,
                };
                let v = match profile {
                    Profile::Behavior(b) => verifier.behavior(b, beliefs, needs)?,
                    Profile::Strategy(s) => {
                        let b = verifier.strategy_to_behavior(s)?;
                        verifier.behavior(&b, None, needs)?
                    }
                };
                let nash = |v: &Verified| match (&v.max_regret, &v.regrets) {
                    (Some(r), Some(each)) => check("regret", each).map(|()| r.clone()),
                    _ => Err(VerifyError::TooLarge(
                        "the Nash regret of this tree cannot be computed (absent-mindedness, or \
                         imperfect recall with too many pure strategies)"
                            .into(),
                    )),
                };
                let regret = match concept {
                    Concept::Nash => nash(&v)?,
                    Concept::Agent => {
                        check("agent regret", &v.agent_regrets)?;
                        v.agent_regret.clone()
                    }
                    Concept::SubgamePerfect => {
                        let r = nash(&v)?;
                        if v.subgame_perfect != Some(true) {
                            return Err(VerifyError::NotEquilibrium(
                                "not a Nash equilibrium in every subgame".into(),
                            ));
                        }
                        r
                    }
                    Concept::Sequential => {
                        let r = nash(&v)?;
                        if !v.sequentially_rational {
                            return Err(VerifyError::NotEquilibrium(
                                "not sequentially rational given the beliefs".into(),
                            ));
                        }
                        r
                    }
                    Concept::Report => v.max_regret.clone().unwrap_or(v.agent_regret.clone()),
                };
                Ok(Equilibrium {
                    profile: profile.clone(),
                    payoffs: v.payoffs,
                    max_regret: regret,
                    beliefs: Some(v.beliefs),
                })
            }
        }
    }
}

/// Verification of profiles of one tree, with the layouts and reduced strategies built once.
pub(crate) struct TreeVerifier<'a> {
    tree: &'a Tree,
    /// Each player's tolerance for float profiles.
    tols: Vec<f64>,
    exact: OnceCell<Layout<Q>>,
    float: OnceCell<Layout<f64>>,
    reduced: OnceCell<Result<ReducedStrategies, String>>,
}

impl<'a> TreeVerifier<'a> {
    pub(crate) fn new(tree: &'a Tree, tols: Vec<f64>) -> TreeVerifier<'a> {
        TreeVerifier {
            tree,
            tols,
            exact: OnceCell::new(),
            float: OnceCell::new(),
            reduced: OnceCell::new(),
        }
    }

    /// Verifies a behaviour profile, exactly if it is exact.
    pub(crate) fn behavior(
        &self,
        profile: &[Vec<Vec<Number>>],
        beliefs: Option<&[Vec<Vec<Number>>]>,
        needs: Needs,
    ) -> Result<Verified, VerifyError> {
        if all_exact(profile.iter().flatten().flatten()) {
            let layout = self.exact.get_or_init(|| Layout::new(self.tree));
            let supplied = beliefs
                .filter(|b| all_exact(b.iter().flatten().flatten()))
                .map(convert3::<Q>);
            verify_tree(
                self.tree,
                layout,
                &convert3(profile),
                supplied,
                &vec![Q::zero(); self.tols.len()],
                needs,
            )
        } else {
            let layout = self.float.get_or_init(|| Layout::new(self.tree));
            if !finite_in_f64(layout.payoffs.iter().flatten().copied()) {
                return Err(VerifyError::FloatRange);
            }
            let supplied = beliefs.map(convert3::<f64>);
            verify_tree(
                self.tree,
                layout,
                &convert3(profile),
                supplied,
                &self.tols,
                needs,
            )
        }
        .map_err(VerifyError::Shape)
    }

    /// The behaviour profile that a mixed profile over the reduced strategic form induces.
    pub(crate) fn strategy_to_behavior(
        &self,
        profile: &[Vec<Number>],
    ) -> Result<Vec<Vec<Vec<Number>>>, VerifyError> {
        let limit = profile.iter().map(Vec::len).max().unwrap_or(0).max(1);
        let reduced = self.reduced.get_or_init(|| {
            self.tree
                .reduced_strategies(limit)
                .map_err(|e| e.to_string())
        });
        let reduced = reduced.as_ref().map_err(|e| {
            VerifyError::Shape(format!(
                "the tree's reduced strategic form does not fit: {e}"
            ))
        })?;
        if profile.len() != reduced.strategies.len() {
            return Err(VerifyError::Shape(format!(
                "the profile has {} players, the game {}",
                profile.len(),
                reduced.strategies.len()
            )));
        }
        let exact = all_exact(profile.iter().flatten());
        let mut out = Vec::with_capacity(profile.len());
        for (p, dist) in profile.iter().enumerate() {
            if dist.len() != reduced.strategies[p].len() {
                return Err(VerifyError::Shape(format!(
                    "player {} has {} probabilities for {} reduced strategies",
                    p + 1,
                    dist.len(),
                    reduced.strategies[p].len()
                )));
            }
            out.push(if exact {
                numbers3(vec![induced(self.tree, reduced, p, &convert::<Q>(dist))?]).remove(0)
            } else {
                numbers3(vec![induced(self.tree, reduced, p, &convert::<f64>(dist))?]).remove(0)
            });
        }
        Ok(out)
    }
}

/// The behaviour strategy of `player` induced by a mixed strategy over its reduced strategies:
/// at each information set, the weight of the strategies choosing each action over the weight
/// of those reaching it; uniform where none with positive weight reaches it. The same rule as
/// [`ReducedStrategies::behavior_of`], summed over the support only.
fn induced<T: Scalar>(
    tree: &Tree,
    reduced: &ReducedStrategies,
    player: usize,
    mixed: &[T],
) -> Result<Vec<Vec<T>>, VerifyError> {
    behavior::check_distribution(mixed, DISTRIBUTION_SLACK)
        .map_err(|why| VerifyError::Shape(format!("player {}: {why}", player + 1)))?;
    let infosets = &reduced.player_infosets[player];
    let mut weights: Vec<Vec<T>> = infosets
        .iter()
        .map(|&i| vec![T::zero(); tree.infosets[i].actions.len()])
        .collect();
    let mut reach = vec![T::zero(); infosets.len()];
    for (s, w) in reduced.strategies[player].iter().zip(mixed) {
        if w.is_zero() {
            continue;
        }
        for (k, c) in s.choices.iter().enumerate() {
            if let Some(a) = c {
                weights[k][*a] = weights[k][*a].clone() + w.clone();
                reach[k] = reach[k].clone() + w.clone();
            }
        }
    }
    Ok(weights
        .into_iter()
        .zip(reach)
        .map(|(w, r)| {
            if r.is_zero() {
                let n = T::from_usize(w.len());
                vec![T::one() / n; w.len()]
            } else {
                w.into_iter().map(|x| x / r.clone()).collect()
            }
        })
        .collect())
}

/// Which of the costlier tree checks to run; the public functions run all of them, [`finish`]
/// only those its concept needs (the others are then reported as not holding).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Needs {
    /// The Nash regret.
    pub nash: bool,
    /// The sequential-rationality test.
    pub sequential: bool,
    /// Zero regret in every subgame.
    pub subgame: bool,
    /// The beliefs (the sequential test needs them too).
    pub beliefs: bool,
}

impl Needs {
    /// Every check.
    pub(crate) const ALL: Needs = Needs {
        nash: true,
        sequential: true,
        subgame: true,
        beliefs: true,
    };
}

/// The generic core of [`behavior`].
fn verify_tree<T: Scalar>(
    tree: &Tree,
    layout: &Layout<T>,
    profile: &[Vec<Vec<T>>],
    supplied: Option<Vec<Vec<Vec<T>>>>,
    tols: &[T],
    needs: Needs,
) -> Result<Verified, String> {
    let probs = layout.probs_of(tree, profile, DISTRIBUTION_SLACK)?;
    let values = behavior::node_values(tree, layout, &probs);
    let payoffs = values[Tree::ROOT].clone();
    let reach_all = behavior::reach(tree, layout, &probs, Tree::ROOT, None);

    // Nash regret, per player.
    let absent_minded = layout.any_absent_minded();
    let mut regrets: Option<Vec<T>> = needs.nash.then(Vec::new);
    for p in (0..layout.players).filter(|_| needs.nash) {
        let best = if layout.perfect_recall {
            Some(behavior::best_response_value(
                tree,
                layout,
                &probs,
                Tree::ROOT,
                p,
            ))
        } else if absent_minded {
            None
        } else {
            behavior::best_pure_value(tree, layout, &probs, p, IMPERFECT_RECALL_STRATEGY_LIMIT)
        };
        regrets = match (regrets, best) {
            (Some(mut r), Some(b)) => {
                r.push(behavior::max_of(T::zero(), b - payoffs[p].clone()));
                Some(r)
            }
            _ => None,
        };
    }
    let max_regret = regrets
        .as_ref()
        .map(|r| r.iter().cloned().fold(T::zero(), behavior::max_of));

    // Agent regret, per player: the largest gain at one of the player's information sets.
    let mut agent_regrets = vec![T::zero(); layout.players];
    let gains = behavior::agent_gains(tree, layout, &probs, &values, &reach_all);
    for (gain, infoset) in gains.into_iter().zip(&tree.infosets) {
        if let Player::Personal(p) = infoset.player {
            agent_regrets[p] = behavior::max_of(agent_regrets[p].clone(), gain);
        }
    }
    let agent_regret = agent_regrets
        .iter()
        .cloned()
        .fold(T::zero(), behavior::max_of);

    // Beliefs: Bayes (or the centroid limit), replaced by supplied ones where not pinned.
    let (mut beliefs, pinned) = if needs.beliefs || needs.sequential {
        behavior::beliefs(tree, layout, &probs)
    } else {
        (Vec::new(), Vec::new())
    };
    if let Some(given) = supplied {
        let fits = !beliefs.is_empty()
            && given.len() == beliefs.len()
            && given.iter().zip(&beliefs).all(|(g, b)| {
                g.len() == b.len() && g.iter().zip(b).all(|(x, y)| x.len() == y.len())
            });
        if fits {
            for (p, sets) in given.into_iter().enumerate() {
                for (k, mu) in sets.into_iter().enumerate() {
                    if !pinned[p][k]
                        && behavior::check_distribution(&mu, DISTRIBUTION_SLACK).is_ok()
                    {
                        beliefs[p][k] = mu;
                    }
                }
            }
        }
    }
    let sequentially_rational = needs.sequential
        && behavior::sequential_gains(tree, layout, &probs, &values, &beliefs)
            .iter()
            .zip(tols)
            .all(|(gain, tol)| gain <= tol);

    let subgame_perfect = if !needs.subgame {
        Some(false)
    } else if layout.perfect_recall {
        // Subgames are checked from the innermost out; a solved subgame then counts as a leaf
        // worth its best-response value, so each node is visited once per player.
        let roots = behavior::subgame_roots(tree, layout);
        let mut ok = regrets
            .as_ref()
            .is_some_and(|r| r.iter().zip(tols).all(|(r, tol)| r <= tol));
        for p in 0..layout.players {
            let mut cut: Vec<Option<T>> = vec![None; tree.nodes.len()];
            for &r in roots.iter().rev() {
                let best =
                    behavior::best_response_cut(tree, layout, &probs, r, p, Some(&cut)).value;
                if best.clone() - values[r][p].clone() > tols[p] {
                    ok = false;
                }
                cut[r] = Some(best);
            }
        }
        Some(ok)
    } else {
        None
    };

    Ok(Verified {
        payoffs: numbers(payoffs),
        max_regret: max_regret.map(T::into_number),
        regrets: regrets.map(numbers),
        agent_regret: agent_regret.into_number(),
        agent_regrets: numbers(agent_regrets),
        beliefs: numbers3(beliefs),
        sequentially_rational,
        subgame_perfect,
    })
}

/// A hashable key of an exact profile (its shape is fixed by the game), `None` if any entry
/// is a float.
fn exact_key(p: &Profile) -> Option<Vec<Rational>> {
    let entries: Box<dyn Iterator<Item = &Number>> = match p {
        Profile::Strategy(s) => Box::new(s.iter().flatten()),
        Profile::Behavior(b) => Box::new(b.iter().flatten().flatten()),
    };
    entries.map(|n| n.exact().cloned()).collect()
}

/// Whether two profiles are the same (exactly, or within `tol` entry by entry for floats).
fn same_profile(a: &Profile, b: &Profile, tol: f64) -> bool {
    let same = |x: &Number, y: &Number| match (x, y) {
        (Number::Exact(p), Number::Exact(q)) => p == q,
        _ => (x.to_f64() - y.to_f64()).abs() <= tol,
    };
    match (a, b) {
        (Profile::Strategy(x), Profile::Strategy(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|(u, v)| u.len() == v.len() && u.iter().zip(v).all(|(s, t)| same(s, t)))
        }
        (Profile::Behavior(x), Profile::Behavior(y)) => {
            x.len() == y.len()
                && x.iter().zip(y).all(|(u, v)| {
                    u.len() == v.len()
                        && u.iter().zip(v).all(|(s, t)| {
                            s.len() == t.len() && s.iter().zip(t).all(|(e, f)| same(e, f))
                        })
                })
        }
        _ => false,
    }
}

/// Verifies every candidate and returns the solution with the ones that pass.
///
/// Candidates that fail are dropped and the status becomes
/// [`Status::VerificationFailed`], saying how many failed and why (never is an unverified
/// profile returned). Repeated profiles are kept once. A method that finished without any
/// candidate gets [`Status::NoneExist`].
pub(crate) fn finish(game: &Game, config: &Config, c: Candidates) -> Result<Solution, SolveError> {
    let concept = Concept::of(config, game);
    let mut ctx = Context::new(game, tolerances(game));
    let total = c.profiles.len();
    let mut kept: Vec<Equilibrium> = Vec::new();
    let mut failures: Vec<String> = Vec::new();
    // Exact profiles are deduplicated by hashing (enumerations return thousands); float ones
    // by comparison within the tolerance.
    let mut seen_exact: HashSet<Vec<Rational>> = HashSet::new();
    for (k, profile) in c.profiles.iter().enumerate() {
        let beliefs = c.beliefs.get(k).and_then(|b| b.as_deref());
        match ctx.judge(profile, beliefs, concept) {
            Ok(eq) => {
                let fresh = match exact_key(&eq.profile) {
                    Some(key) => seen_exact.insert(key),
                    // Probabilities have no units: they are compared to the unscaled tolerance.
                    None => !kept
                        .iter()
                        .any(|e| same_profile(&e.profile, &eq.profile, FLOAT_TOLERANCE)),
                };
                if fresh {
                    kept.push(eq);
                }
            }
            Err(why) => failures.push(format!("candidate {}: {why}", k + 1)),
        }
    }
    let status = if failures.is_empty() {
        match c.status {
            Status::Solved if kept.is_empty() => Status::NoneExist,
            s => s,
        }
    } else {
        let mut msg = format!(
            "{} of {} candidate profiles failed verification and were dropped",
            failures.len(),
            total
        );
        if c.status != Status::Solved {
            msg.push_str(&format!(
                " (the method itself ended with status '{}')",
                c.status.name()
            ));
        }
        msg.push_str(": ");
        msg.push_str(
            &failures
                .iter()
                .take(3)
                .cloned()
                .collect::<Vec<_>>()
                .join("; "),
        );
        if failures.len() > 3 {
            msg.push_str("; ...");
        }
        Status::VerificationFailed(msg)
    };
    Ok(Solution {
        method: config.method,
        status,
        equilibria: kept,
    })
}

/// What [`sequential`] measured of an assessment.
#[derive(Clone, Debug, PartialEq)]
pub struct SequentialCheck {
    /// Per player, the largest gain from deviating at any of their information sets, given the
    /// beliefs there and the play that follows (sequential rationality; zero at an equilibrium).
    pub regrets: Vec<Rational>,
    /// The largest of `regrets`.
    pub max_regret: Rational,
}

/// Verifies an assessment exactly: `behavior` and `beliefs` per information set of the tree
/// (index = `Tree::infosets` index, chance sets holding their probabilities), and the
/// consistency certificate that is to produce the beliefs.
///
/// Checks, independently of how the assessment was found: the behaviour is a profile of
/// distributions and agrees with chance; the certificate describes a tremble sequence that
/// converges to the behaviour (order 0 and weight σ(a) exactly for the played actions, a
/// positive order and a positive weight for the others, chance moves of probability zero
/// included: beliefs after them are limits along trembles of chance); at every personal
/// information set
/// the beliefs are the limit of Bayes' rule along that sequence (Kreps & Wilson 1982): zero on
/// the members of larger total order, and in proportion to the products of the weights on the
/// others. It then measures each player's sequential-rationality regret with those beliefs.
/// An error says which of these fails; regrets are returned for the caller to judge (zero at a
/// sequential equilibrium).
pub fn sequential(
    tree: &Tree,
    behavior: &[Vec<Rational>],
    beliefs: &[Vec<Rational>],
    certificate: &crate::sequential::Certificate,
) -> Result<SequentialCheck, VerifyError> {
    tree.validate()
        .map_err(|e| VerifyError::InvalidGame(e.to_string()))?;
    let sets = tree.infosets.len();
    let fits = |rows: &[Vec<Rational>], what: &str| -> Result<(), VerifyError> {
        if rows.len() != sets
            || rows
                .iter()
                .zip(&tree.infosets)
                .any(|(r, i)| r.len() != i.actions.len())
        {
            return Err(VerifyError::Shape(format!(
                "the {what} must give one number per action of every information set"
            )));
        }
        Ok(())
    };
    fits(behavior, "behaviour")?;
    fits(&certificate.weights, "certificate's weights")?;
    if certificate.orders.len() != sets
        || certificate
            .orders
            .iter()
            .zip(&tree.infosets)
            .any(|(r, i)| r.len() != i.actions.len())
    {
        return Err(VerifyError::Shape(
            "the certificate's orders must give one number per action".into(),
        ));
    }
    if beliefs.len() != sets
        || beliefs
            .iter()
            .zip(&tree.infosets)
            .any(|(b, i)| b.len() != i.members.len())
    {
        return Err(VerifyError::Shape(
            "the beliefs must give one number per member of every information set".into(),
        ));
    }
    for (h, info) in tree.infosets.iter().enumerate() {
        let row = &behavior[h];
        if row.iter().any(|p| p.is_negative()) || row.iter().sum::<Rational>() != Rational::one() {
            return Err(VerifyError::Shape(format!(
                "the behaviour at information set {h} is not a probability distribution"
            )));
        }
        if info.player == brink_game::Player::Chance && *row != info.probs {
            return Err(VerifyError::Shape(format!(
                "the behaviour at chance set {h} differs from the game's probabilities"
            )));
        }
        // A chance move of probability zero may tremble like an unplayed action.
        for (a, p) in row.iter().enumerate() {
            let (o, w) = (certificate.orders[h][a], &certificate.weights[h][a]);
            let fine = if p.is_positive() {
                o == 0 && w == p
            } else {
                o > 0 && w.is_positive()
            };
            if !fine {
                return Err(VerifyError::NotEquilibrium(format!(
                    "the certificate does not describe trembles converging to the behaviour at \
                     information set {h}, action {a}: a played action needs order 0 and its own \
                     probability as weight, an unplayed one a positive order and weight"
                )));
            }
        }
    }
    // Order and leading weight of every node along the certified sequence, top-down (nodes
    // are in prefix order, parents first).
    let n = tree.nodes.len();
    let weights: Vec<Vec<Q>> = certificate
        .weights
        .iter()
        .map(|r| r.iter().map(Q::from_rational).collect())
        .collect();
    let mut order = vec![0u64; n];
    let mut weight = vec![Q::one(); n];
    for node in 0..n {
        if let Some(i) = tree.infoset_of(node) {
            for (a, &c) in tree.nodes[node].children.iter().enumerate() {
                order[c] = order[node].saturating_add(certificate.orders[i][a]);
                weight[c] = &weight[node] * &weights[i][a];
            }
        }
    }
    for (h, info) in tree.infosets.iter().enumerate() {
        if info.player == brink_game::Player::Chance {
            continue;
        }
        let alive: Vec<usize> = info.members.clone();
        let Some(least) = alive.iter().map(|&x| order[x]).min() else {
            return Err(VerifyError::Shape(format!(
                "information set {h} has no member"
            )));
        };
        let total: Q = alive
            .iter()
            .filter(|&&x| order[x] == least)
            .map(|&x| weight[x].clone())
            .sum();
        for (m, &x) in info.members.iter().enumerate() {
            let limit = if order[x] == least {
                &weight[x] / &total
            } else {
                Q::zero()
            };
            if Q::from_rational(&beliefs[h][m]) != limit {
                return Err(VerifyError::NotEquilibrium(format!(
                    "the belief at member {m} of information set {h} is {}, but the \
                     certificate's trembles give {limit}",
                    beliefs[h][m]
                )));
            }
        }
    }
    let regrets = sequential_regrets(tree, behavior, beliefs);
    let max_regret = regrets.iter().max().cloned().unwrap_or_else(Rational::zero);
    Ok(SequentialCheck {
        regrets,
        max_regret,
    })
}

/// Each player's expected payoff from each node under a behaviour profile given per tree
/// information set, exactly (the one backward pass the sequential checks share).
pub(crate) fn values_q(tree: &Tree, sigma: &[Vec<Q>]) -> Vec<Vec<Q>> {
    let players = tree.players.len();
    let leaf = tree.accumulated_payoffs_q();
    let n = tree.nodes.len();
    let mut value: Vec<Vec<Q>> = vec![Vec::new(); n];
    for node in (0..n).rev() {
        value[node] = match tree.nodes[node].kind {
            NodeKind::Terminal => leaf[node].clone(),
            NodeKind::Chance(i) | NodeKind::Personal(i) => {
                let mut v = vec![Q::zero(); players];
                for (a, &c) in tree.nodes[node].children.iter().enumerate() {
                    if sigma[i][a].is_zero() {
                        continue;
                    }
                    for p in 0..players {
                        v[p] += &(&sigma[i][a] * &value[c][p]);
                    }
                }
                v
            }
        };
    }
    value
}

/// Each player's largest gain from deviating at one of their information sets, given the
/// beliefs there and the behaviour that follows, exactly (the same per-tree-set layout as
/// [`sequential`]; shapes are the caller's to check).
pub fn sequential_regrets(
    tree: &Tree,
    behavior: &[Vec<Rational>],
    beliefs: &[Vec<Rational>],
) -> Vec<Rational> {
    let players = tree.players.len();
    let sigma: Vec<Vec<Q>> = behavior
        .iter()
        .map(|r| r.iter().map(Q::from_rational).collect())
        .collect();
    let mu: Vec<Vec<Q>> = beliefs
        .iter()
        .map(|r| r.iter().map(Q::from_rational).collect())
        .collect();
    let value = values_q(tree, &sigma);
    let mut regrets = vec![Q::zero(); players];
    for (h, info) in tree.infosets.iter().enumerate() {
        let brink_game::Player::Personal(me) = info.player else {
            continue;
        };
        let expected: Vec<Q> = (0..info.actions.len())
            .map(|a| {
                info.members
                    .iter()
                    .enumerate()
                    .filter(|(m, _)| !mu[h][*m].is_zero())
                    .map(|(m, &x)| &mu[h][m] * &value[tree.nodes[x].children[a]][me])
                    .sum()
            })
            .collect();
        let best = expected.iter().max().cloned().unwrap_or_else(Q::zero);
        for a in 0..info.actions.len() {
            if sigma[h][a].is_positive() {
                let gain = &best - &expected[a];
                if gain > regrets[me] {
                    regrets[me] = gain;
                }
            }
        }
    }
    regrets.into_iter().map(Q::into_rational).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(n: i64, d: i64) -> Rational {
        Rational::new(BigInt::from(n), BigInt::from(d))
    }

    #[test]
    fn limit_denominator_finds_best_approximations() {
        let x = behavior::rational_from_f64(0.4000001);
        assert_eq!(limit_denominator(&x, 10), r(2, 5));
        let pi = behavior::rational_from_f64(std::f64::consts::PI);
        assert_eq!(limit_denominator(&pi, 10), r(22, 7));
        assert_eq!(limit_denominator(&pi, 1000), r(355, 113));
        assert_eq!(limit_denominator(&r(1, 3), 10), r(1, 3));
        assert_eq!(limit_denominator(&Rational::zero(), 10), Rational::zero());
    }

    fn pennies() -> Game {
        let payoffs = [[1, -1], [-1, 1], [-1, 1], [1, -1]]
            .iter()
            .map(|c| c.iter().map(|&x| r(x, 1)).collect())
            .collect();
        Game::Table(Table::from_payoffs(
            "pennies".into(),
            vec!["1".into(), "2".into()],
            vec![vec!["H".into(), "T".into()]; 2],
            payoffs,
        ))
    }

    fn exact(v: &[(i64, i64)]) -> Vec<Number> {
        v.iter().map(|&(n, d)| Number::Exact(r(n, d))).collect()
    }

    #[test]
    fn finish_drops_failures_dedupes_and_says_so() {
        let game = pennies();
        let half = Profile::Strategy(vec![exact(&[(1, 2), (1, 2)]); 2]);
        let pure = Profile::Strategy(vec![exact(&[(1, 1), (0, 1)]); 2]);
        let config = Config::new(Method::EnumMixed);
        let candidates = Candidates {
            status: Status::Solved,
            profiles: vec![half.clone(), pure, half.clone()],
            beliefs: Vec::new(),
        };
        let s = finish(&game, &config, candidates).expect("verifiable");
        assert_eq!(s.equilibria.len(), 1);
        assert_eq!(s.equilibria[0].profile, half);
        assert_eq!(s.equilibria[0].max_regret, Number::Exact(Rational::zero()));
        match &s.status {
            Status::VerificationFailed(m) => {
                assert!(m.contains("1 of 3"), "{m}");
                assert!(m.contains("candidate 2"), "{m}");
            }
            other => panic!("expected a verification failure, got {other:?}"),
        }
        // Float candidates pass within the tolerance and fail beyond it.
        let near = Profile::Strategy(vec![
            vec![Number::Float(0.5 + 1e-8), Number::Float(0.5 - 1e-8)],
            vec![Number::Float(0.5), Number::Float(0.5)],
        ]);
        let far = Profile::Strategy(vec![
            vec![Number::Float(0.6), Number::Float(0.4)],
            vec![Number::Float(0.5), Number::Float(0.5)],
        ]);
        let candidates = Candidates {
            status: Status::Solved,
            profiles: vec![near, far],
            beliefs: Vec::new(),
        };
        let s = finish(&game, &config, candidates).expect("verifiable");
        assert_eq!(s.equilibria.len(), 1);
        assert!(matches!(s.status, Status::VerificationFailed(_)));
        // No candidates from a finished method means none exist.
        let candidates = Candidates {
            status: Status::Solved,
            profiles: Vec::new(),
            beliefs: Vec::new(),
        };
        let s = finish(&game, &config, candidates).expect("verifiable");
        assert_eq!(s.status, Status::NoneExist);
    }

    #[test]
    fn a_qre_at_finite_lambda_is_reported_not_judged() {
        let game = pennies();
        let mut config = Config::new(Method::Logit);
        config.lambda = Some(1.0);
        let off = Profile::Strategy(vec![
            vec![Number::Float(0.6), Number::Float(0.4)],
            vec![Number::Float(0.5), Number::Float(0.5)],
        ]);
        let candidates = Candidates {
            status: Status::Solved,
            profiles: vec![off],
            beliefs: Vec::new(),
        };
        let s = finish(&game, &config, candidates).expect("verifiable");
        assert_eq!(s.status, Status::Solved);
        assert!(s.equilibria[0].max_regret.to_f64() > 0.1);
    }
}
