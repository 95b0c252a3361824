//! Profiles and equilibria, exact or floating.

use brink_game::{rational_to_f64, Rational};

/// A probability or payoff: exact where the method computed it exactly, else a float.
#[derive(Clone, Debug, PartialEq)]
pub enum Number {
    /// An exact rational.
    Exact(Rational),
    /// A floating-point value.
    Float(f64),
}

impl Number {
    /// The value as a float.
    pub fn to_f64(&self) -> f64 {
        match self {
            Number::Exact(r) => rational_to_f64(r),
            Number::Float(f) => *f,
        }
    }

    /// The exact value, if this number is exact.
    pub fn exact(&self) -> Option<&Rational> {
        match self {
            Number::Exact(r) => Some(r),
            Number::Float(_) => None,
        }
    }
}

impl std::fmt::Display for Number {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Number::Exact(r) => write!(f, "{r}"),
            Number::Float(x) => write!(f, "{x}"),
        }
    }
}

/// A strategy profile.
#[derive(Clone, Debug, PartialEq)]
pub enum Profile {
    /// A behaviour profile of a tree: `[player][information set][action]`, information sets in
    /// the order of `Tree::player_infosets`.
    Behavior(Vec<Vec<Vec<Number>>>),
    /// A mixed-strategy profile of a table (or of a tree's reduced strategic form):
    /// `[player][strategy]`.
    Strategy(Vec<Vec<Number>>),
}

impl Profile {
    /// Whether every probability in the profile is exact.
    pub fn is_exact(&self) -> bool {
        match self {
            Profile::Behavior(b) => b.iter().flatten().flatten().all(|n| n.exact().is_some()),
            Profile::Strategy(s) => s.iter().flatten().all(|n| n.exact().is_some()),
        }
    }
}

/// A verified equilibrium.
#[derive(Clone, Debug, PartialEq)]
pub struct Equilibrium {
    /// The profile.
    pub profile: Profile,
    /// Each player's expected payoff.
    pub payoffs: Vec<Number>,
    /// The largest gain any player could make by deviating (in the strategic form for
    /// strategy profiles; in the whole tree for behaviour profiles). Exactly zero for exact
    /// equilibria.
    pub max_regret: Number,
    /// For trees: beliefs at each personal information set, `[player][information set][member]`,
    /// by Bayes' rule where the set is reached, and as the method chose (e.g. the logit limit)
    /// where it is not.
    pub beliefs: Option<Vec<Vec<Vec<Number>>>>,
}
