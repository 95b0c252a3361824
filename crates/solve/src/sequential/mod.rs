//! Sequential equilibria: every component, with the off-path beliefs that support it.
//!
//! **What is computed.** An assessment (σ, μ) is a sequential equilibrium when every action
//! played at an information set is a best reply given the beliefs μ there and σ afterwards
//! (sequential rationality), and μ is *consistent*: the limit of Bayes' rule along some
//! sequence of fully mixed profiles converging to σ (Kreps & Wilson 1982). Consistency allows
//! far more than the limit of uniform trembles: along a sequence σ_ε(a) ≈ c_a ε^{o_a}, each
//! unplayed action trembles at its own order o_a > 0 with its own weight c_a > 0, a node's
//! weight is the product along its path, and the belief at an information set is carried by
//! the members of least total order, in proportion to their leading coefficients
//! (Kohlberg & Reny 1997; Perea, Jansen & Peters 1997). Graf, Engesser & Nebel (2024) write
//! sequential rationality plus consistency as one polynomial system; we solve the same
//! conditions by structure instead of by cylindrical decomposition:
//!
//! 1. iterated conditional dominance removes actions that are never a best reply;
//! 2. for every profile of supports (a non-empty set of actions at each information set), the
//!    reached information sets follow, and with them which sets need off-path beliefs;
//! 3. for every *tremble pattern* (at each unreached set, the members of least order) that some
//!    orders realise (a linear feasibility problem in the orders), the belief ratios inside
//!    each set are free positive unknowns, tied across sets where consistency ties them (two
//!    sets whose members differ by the same trembles share one ratio);
//! 4. indifference between supported actions (equalities) and best replies against unsupported
//!    ones (inequalities) are polynomial in the mixing probabilities and belief ratios; equalities
//!    that are linear are solved exactly, and when what remains is linear, the set of solutions
//!    is a polyhedron: an exact linear program decides whether it has a point with every
//!    probability and ratio positive, and gives the exact range of every probability and belief
//!    over the set (projections; the set itself need not be a box);
//! 5. a witness point of every piece is verified independently by [`crate::verify::sequential`]
//!    against its consistency certificate (the orders and weights of a tremble sequence whose
//!    Bayes limit gives its beliefs), exactly.
//!
//! Pieces with the same path of play are grouped into one [`Component`]; its ranges are the
//! unions of the pieces' ranges. The list is called complete only when every support profile
//! and every tremble pattern was decided exactly; [`SequentialSolution::gaps`] says what was
//! not. Beyond the support budget, one sequential equilibrium is sought by routes that are fast
//! in practice (backward induction on perfect-information trees, the logit limit), certified
//! where its beliefs can be, and otherwise marked approximate.

mod consistency;
mod fallback;
mod lpq;
mod nonlinear;
mod poly;
mod refine;
mod search;

use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use brink_game::{Rational, Tree, Q};
use num_traits::Zero;

pub use refine::{refine, Refinement, Verdict};

use crate::{SolveError, Status};

/// The default number of support profiles the exhaustive search may visit.
pub const SUPPORT_LIMIT: u128 = 300_000;

/// How to search.
#[derive(Clone, Debug)]
pub struct SequentialConfig {
    /// The most support profiles the exhaustive search visits; beyond it, one equilibrium is
    /// sought by a faster route and the list is marked incomplete.
    pub support_limit: u128,
    /// Set from another thread to stop; what was verified so far is kept.
    pub stop: Option<Arc<AtomicBool>>,
}

impl Default for SequentialConfig {
    fn default() -> SequentialConfig {
        SequentialConfig {
            support_limit: SUPPORT_LIMIT,
            stop: None,
        }
    }
}

/// A closed interval `[low, high]` of exact rationals.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Interval {
    /// The lower end.
    pub low: Rational,
    /// The upper end.
    pub high: Rational,
}

/// An assessment: behaviour, beliefs, and what follows from them.
#[derive(Clone, Debug, PartialEq)]
pub struct Assessment {
    /// Per information set of the tree (index = `Tree::infosets` index; chance sets hold their
    /// probabilities), the probability of each action.
    pub behavior: Vec<Vec<Rational>>,
    /// Per information set, the belief over its members (in `Infoset::members` order).
    pub beliefs: Vec<Vec<Rational>>,
    /// Per node, each player's expected payoff from there on.
    pub values: Vec<Vec<Rational>>,
    /// Per node, the probability of reaching it.
    pub reach: Vec<Rational>,
}

/// The orders and leading weights of a tremble sequence σ_ε(a) ≈ weight · ε^order: order 0 and
/// weight σ(a) for a played action, a positive order and a positive weight for an unplayed one.
/// The beliefs it certifies are the limits of Bayes' rule along that sequence.
#[derive(Clone, Debug, PartialEq)]
pub struct Certificate {
    /// Per information set, per action: the order (chance sets: all 0).
    pub orders: Vec<Vec<u64>>,
    /// Per information set, per action: the leading weight.
    pub weights: Vec<Vec<Rational>>,
}

/// One component of the equilibrium set: the assessments that share a path of play.
#[derive(Clone, Debug)]
pub struct Component {
    /// One assessment of the component, verified.
    pub witness: Assessment,
    /// Its consistency certificate; `None` when the witness is only approximate.
    pub certificate: Option<Certificate>,
    /// Whether the witness was verified exactly (zero regret, beliefs certified).
    pub certified: bool,
    /// The largest gain any player has from deviating at any information set, given the
    /// witness's beliefs (zero when certified).
    pub max_regret: f64,
    /// Per information set, per action: the range of that probability over the component (a
    /// union of closed intervals, sorted and disjoint). Empty when not computed.
    pub behavior_ranges: Vec<Vec<Vec<Interval>>>,
    /// Per information set, per member: the range of that belief over the component. Empty
    /// when not computed.
    pub belief_ranges: Vec<Vec<Vec<Interval>>>,
    /// Whether the ranges are exact (every piece of the component solved as a polyhedron).
    pub exact_ranges: bool,
    /// How many (support, tremble pattern) pieces make up the component.
    pub pieces: usize,
}

/// How the equilibria were found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Route {
    /// Every support profile and tremble pattern was enumerated.
    Enumeration,
    /// Beyond the budget: backward induction on a tree of perfect information.
    BackwardInduction,
    /// Beyond the budget: the limit of the logit path, its beliefs certified where possible.
    LogitLimit,
}

/// What the search found.
#[derive(Clone, Debug)]
pub struct SequentialSolution {
    /// How it ended: `Solved` when at least one component was found.
    pub status: Status,
    /// Whether the components are all the sequential equilibria of the game, proven by the
    /// search (every support profile and tremble pattern decided exactly).
    pub complete: bool,
    /// What was not covered, in plain sentences (empty when complete).
    pub gaps: Vec<String>,
    /// The components, purer ones first.
    pub components: Vec<Component>,
    /// The route taken.
    pub route: Route,
    /// Support profiles in the search space after dominance.
    pub supports_total: u128,
    /// Support profiles actually visited (0 when the budget was exceeded before starting).
    pub supports_visited: u128,
    /// Actions removed by iterated conditional dominance.
    pub removed_actions: usize,
}

/// Every sequential equilibrium of a tree with perfect recall, within the budget.
pub fn solve(tree: &Tree, config: &SequentialConfig) -> Result<SequentialSolution, SolveError> {
    if let Err(e) = tree.validate() {
        return Err(SolveError::NotApplicable {
            method: "sequential",
            reason: e.to_string(),
        });
    }
    if !tree.is_perfect_recall() {
        return Err(SolveError::NotApplicable {
            method: "sequential",
            reason: "sequential equilibria need perfect recall, and this game does not have it \
                     (a player forgets what they knew or did); use `--method logit` or \
                     `--method enummixed` for Nash equilibria"
                .into(),
        });
    }
    search::solve(tree, config)
}

/// The assessment of a behaviour profile and beliefs (per tree information set): values and
/// reach computed exactly.
pub fn assess(
    tree: &Tree,
    behavior: Vec<Vec<Rational>>,
    beliefs: Vec<Vec<Rational>>,
) -> Assessment {
    // In the fast exact rational, converted once at the end.
    let n = tree.nodes.len();
    let sigma: Vec<Vec<Q>> = behavior
        .iter()
        .map(|r| r.iter().map(Q::from_rational).collect())
        .collect();
    let values = crate::verify::values_q(tree, &sigma);
    let mut reach = vec![Q::zero(); n];
    if n > 0 {
        reach[0] = num_traits::One::one();
    }
    for node in 0..n {
        if let Some(i) = tree.infoset_of(node) {
            for (a, &c) in tree.nodes[node].children.iter().enumerate() {
                reach[c] = &reach[node] * &sigma[i][a];
            }
        }
    }
    Assessment {
        behavior,
        beliefs,
        values: values
            .into_iter()
            .map(|r| r.into_iter().map(Q::into_rational).collect())
            .collect(),
        reach: reach.into_iter().map(Q::into_rational).collect(),
    }
}
