//! The game model that every other part of brinkmanship reads and writes.
//!
//! A [`Game`] is either a [`Tree`] (extensive form: chance, information sets, outcomes that may
//! sit at non-terminal nodes) or a [`Table`] (strategic form). Payoffs and chance probabilities
//! are exact [`Rational`]s, because Gambit's files are exact (`0.1` means 1/10) and because
//! verification must be exact where the arithmetic allows; solvers take the `f64` views.
//!
//! **Architecture invariant:** this crate does no I/O and knows no file format. Parsers build
//! games through the plain public fields and check them with [`Tree::validate`].
#![deny(missing_docs)]

mod number;
mod poly;
mod q;
mod strategic;
mod table;
mod tree;

pub use number::{parse_rational, rational_to_f64, Rational};
pub use poly::{simplest_between, Poly, RealAlgebraic};
pub use q::Q;
pub use strategic::{PureStrategy, ReducedStrategies, StrategicForm};
pub use table::Table;
pub use tree::{Infoset, InfosetId, Node, NodeId, NodeKind, Outcome, OutcomeId, Player, Tree};

/// A game in either representation.
#[derive(Clone, Debug, PartialEq)]
pub enum Game {
    /// An extensive-form game (a tree).
    Tree(Tree),
    /// A strategic-form game (a table).
    Table(Table),
}

impl Game {
    /// The game's title.
    pub fn title(&self) -> &str {
        match self {
            Game::Tree(t) => &t.title,
            Game::Table(t) => &t.title,
        }
    }

    /// The players' names, in order.
    pub fn players(&self) -> &[String] {
        match self {
            Game::Tree(t) => &t.players,
            Game::Table(t) => &t.players,
        }
    }

    /// Whether the payoffs of every outcome add up to the same constant.
    pub fn is_constant_sum(&self) -> bool {
        match self {
            Game::Tree(t) => t.is_constant_sum(),
            Game::Table(t) => t.is_constant_sum(),
        }
    }
}

/// Why a game is not well formed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum GameError {
    /// A structural rule of the model is broken; the message says which.
    #[error("{0}")]
    Invalid(String),
    /// An enumeration would exceed the stated limit.
    #[error("too many {what}: more than {limit}")]
    TooLarge {
        /// What was being enumerated.
        what: &'static str,
        /// The limit that was hit.
        limit: usize,
    },
}
