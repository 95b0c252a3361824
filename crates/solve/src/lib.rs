//! Equilibrium solvers.
//!
//! Every method follows the same shape: [`solve`] takes a [`Game`] and a [`Config`] naming the
//! [`Method`], and returns a [`Solution`] whose [`Status`] says whether the method finished.
//! "No equilibrium found" or "iteration limit" is a status, not an error; an error means the
//! method does not apply to the game (three players for a two-player method, imperfect recall
//! where perfect recall is needed) and says why.
//!
//! **Architecture invariant:** no profile leaves this crate unverified. Each method module
//! returns *candidate* profiles; [`solve`] passes every candidate through [`verify`], which
//! computes payoffs, regret (exact when the profile is exact) and, on trees, beliefs, and drops
//! any candidate that is not an equilibrium to the stated tolerance.
#![deny(missing_docs)]

mod behavior;
mod enummixed;
mod lemke;
mod lemke_howson;
mod logit;
mod lp;
mod profile;
mod pure;
mod seqform;
pub mod sequential;
mod small;
mod spe;
mod tableau;
pub mod verify;

pub use profile::{Equilibrium, Number, Profile};

use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use brink_game::Game;

/// An equilibrium method.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Method {
    /// Backward induction / subgame-perfect equilibrium.
    Spe,
    /// All pure equilibria of the (reduced) strategic form.
    EnumPure,
    /// All pure equilibria of the agent form of a tree.
    EnumPureAgent,
    /// All extreme equilibria of a two-player game.
    EnumMixed,
    /// One equilibrium of a two-player game by complementary pivoting.
    Lcp,
    /// The equilibrium and value of a two-player constant-sum game by linear programming.
    Lp,
    /// The logit quantal-response equilibrium (principal branch) or its limit.
    Logit,
    /// Sequential equilibria of a tree with perfect recall: every component within the support
    /// budget, with the consistent beliefs that support it (see [`sequential`]).
    Sequential,
}

impl Method {
    /// Every method, in the order the CLI lists them.
    pub const ALL: [Method; 8] = [
        Method::Spe,
        Method::EnumPure,
        Method::EnumPureAgent,
        Method::EnumMixed,
        Method::Lcp,
        Method::Lp,
        Method::Logit,
        Method::Sequential,
    ];

    /// The method's name on the command line and in JSON (`enumpure-agent`, ...).
    pub fn name(self) -> &'static str {
        match self {
            Method::Spe => "spe",
            Method::EnumPure => "enumpure",
            Method::EnumPureAgent => "enumpure-agent",
            Method::EnumMixed => "enummixed",
            Method::Lcp => "lcp",
            Method::Lp => "lp",
            Method::Logit => "logit",
            Method::Sequential => "sequential",
        }
    }

    /// The method with the given name (also accepts `_` for `-`).
    pub fn from_name(name: &str) -> Option<Method> {
        let name = name.replace('_', "-");
        Method::ALL.into_iter().find(|m| m.name() == name)
    }
}

/// How to solve.
#[derive(Clone, Debug)]
pub struct Config {
    /// The method.
    pub method: Method,
    /// Use exact rational arithmetic where the method supports it.
    pub exact: bool,
    /// For `logit`: the precision λ at which to report the QRE; `None` for the limit.
    pub lambda: Option<f64>,
    /// The largest strategic form (in cells) a method may build.
    pub cell_limit: usize,
    /// Set from another thread to stop a long computation; the solution then has status
    /// [`Status::Stopped`] and keeps what was verified so far.
    pub stop: Option<Arc<AtomicBool>>,
}

impl Config {
    /// Defaults for a method: floating point, the logit limit, a 10-million-cell table limit.
    pub fn new(method: Method) -> Config {
        Config {
            method,
            exact: false,
            lambda: None,
            cell_limit: 10_000_000,
            stop: None,
        }
    }
}

/// How a method ended.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Status {
    /// The method finished; its equilibria are all it promises (all, or one).
    Solved,
    /// The method finished and found no equilibrium of the kind it looks for (e.g. no pure one).
    NoneExist,
    /// The method stopped at an iteration or step limit; the message says which.
    IterationLimit(String),
    /// The method did not converge; the message says where.
    NotConverged(String),
    /// A candidate failed verification and was dropped; the message says by how much.
    VerificationFailed(String),
    /// Stopped on request.
    Stopped,
}

impl Status {
    /// A short machine-readable name: `solved`, `none`, `iteration-limit`, ...
    pub fn name(&self) -> &'static str {
        match self {
            Status::Solved => "solved",
            Status::NoneExist => "none",
            Status::IterationLimit(_) => "iteration-limit",
            Status::NotConverged(_) => "not-converged",
            Status::VerificationFailed(_) => "verification-failed",
            Status::Stopped => "stopped",
        }
    }

    /// What the status says beyond its name (which limit, where, why verification failed), if
    /// anything. Every output of a solution carries it, so that no status is silent.
    pub fn detail(&self) -> Option<&str> {
        match self {
            Status::IterationLimit(m) | Status::NotConverged(m) | Status::VerificationFailed(m) => {
                Some(m)
            }
            Status::Solved | Status::NoneExist | Status::Stopped => None,
        }
    }
}

/// What a method returned, verified.
#[derive(Clone, Debug)]
pub struct Solution {
    /// The method used.
    pub method: Method,
    /// How it ended.
    pub status: Status,
    /// The verified equilibria.
    pub equilibria: Vec<Equilibrium>,
}

/// Why a method cannot be applied to a game.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SolveError {
    /// The method does not apply to this game; the message says why and what to use instead.
    #[error("{method} cannot solve this game: {reason}")]
    NotApplicable {
        /// The method's name.
        method: &'static str,
        /// Why, with a hint.
        reason: String,
    },
    /// The game is too large for the method's representation.
    #[error("{0}")]
    TooLarge(String),
}

/// Candidate profiles from a method, before verification.
pub(crate) struct Candidates {
    pub status: Status,
    pub profiles: Vec<Profile>,
    /// Beliefs a method computed for each profile (same order as `profiles`), as
    /// `[player][information set][member]`; `None` (or a shorter vector) leaves the beliefs to
    /// `verify` (Bayes' rule where a set is reached). Logit supplies the limit of its QRE
    /// beliefs here, which also fixes the beliefs at sets the profile never reaches.
    pub beliefs: Vec<Option<Vec<Vec<Vec<Number>>>>>,
}

/// Solves `game` with the configured method and returns only verified equilibria.
pub fn solve(game: &Game, config: &Config) -> Result<Solution, SolveError> {
    verify::validate(game, config.method)?;
    let candidates: Candidates = match config.method {
        Method::Spe => spe::solve(game, config)?,
        Method::EnumPure => pure::solve(game, config)?,
        Method::EnumPureAgent => pure::solve_agent(game, config)?,
        Method::EnumMixed => enummixed::solve(game, config)?,
        Method::Logit => logit::solve(game, config)?,
        Method::Lcp => match game {
            Game::Table(t) => lemke_howson::solve(t, config)?,
            Game::Tree(_) => lemke::solve(game, config)?,
        },
        Method::Lp => lp::solve(game, config)?,
        Method::Sequential => sequential_candidates(game, config)?,
    };
    verify::finish(game, config, candidates)
}

/// The witnesses of [`sequential::solve`] as candidates, with their certified beliefs, so that
/// they pass through the same verification as every other method's results.
fn sequential_candidates(game: &Game, config: &Config) -> Result<Candidates, SolveError> {
    let Game::Tree(tree) = game else {
        return Err(SolveError::NotApplicable {
            method: "sequential",
            reason: "sequential equilibria are defined for game trees; this is a table (use \
                     enummixed or lcp)"
                .into(),
        });
    };
    let seq = sequential::solve(
        tree,
        &sequential::SequentialConfig {
            stop: config.stop.clone(),
            ..Default::default()
        },
    )?;
    let sets = tree.player_infosets();
    let mut profiles = Vec::new();
    let mut beliefs = Vec::new();
    for c in seq.components.iter().filter(|c| c.certified) {
        let exact = |rows: &[Vec<brink_game::Rational>]| -> Vec<Vec<Vec<Number>>> {
            sets.iter()
                .map(|s| {
                    s.iter()
                        .map(|&h| rows[h].iter().cloned().map(Number::Exact).collect())
                        .collect()
                })
                .collect()
        };
        profiles.push(Profile::Behavior(exact(&c.witness.behavior)));
        beliefs.push(Some(exact(&c.witness.beliefs)));
    }
    let status = if seq.status == Status::NoneExist && !profiles.is_empty() {
        Status::Solved
    } else {
        seq.status.clone()
    };
    Ok(Candidates {
        status,
        profiles,
        beliefs,
    })
}
