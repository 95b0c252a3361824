//! Strategic-form games.

use num_traits::Zero;

use crate::tree::{outcomes_constant_sum, Outcome, OutcomeId};
use crate::{rational_to_f64, GameError, Rational};

/// A strategic-form (normal-form) game.
///
/// Cells are indexed as in Gambit's files: the first player's strategy varies fastest. A cell
/// holds an outcome or nothing (all payoffs zero).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Table {
    /// The game's title.
    pub title: String,
    /// A free-text comment.
    pub comment: String,
    /// The players' names.
    pub players: Vec<String>,
    /// Strategy labels, per player.
    pub strategies: Vec<Vec<String>>,
    /// The outcomes that cells refer to.
    pub outcomes: Vec<Outcome>,
    /// One entry per pure-strategy profile.
    pub cells: Vec<Option<OutcomeId>>,
}

impl Table {
    /// A table with one unlabelled outcome per cell, from payoff vectors in cell order.
    pub fn from_payoffs(
        title: String,
        players: Vec<String>,
        strategies: Vec<Vec<String>>,
        payoffs: Vec<Vec<Rational>>,
    ) -> Table {
        let outcomes: Vec<Outcome> = payoffs
            .into_iter()
            .enumerate()
            .map(|(i, payoffs)| Outcome {
                number: i as u64 + 1,
                label: String::new(),
                payoffs,
            })
            .collect();
        let cells = (0..outcomes.len()).map(Some).collect();
        Table {
            title,
            comment: String::new(),
            players,
            strategies,
            outcomes,
            cells,
        }
    }

    /// A two-player table from row-major payoff matrices: `a[i * n + j]` and `b[i * n + j]` are
    /// the row and column players' payoffs when row plays `i` of `m` and column plays `j` of
    /// `n`, the way bimatrix games are written in textbooks. Strategies are labelled 1, 2, ...
    pub fn bimatrix(m: usize, n: usize, a: &[Rational], b: &[Rational]) -> Table {
        assert!(
            a.len() == m * n && b.len() == m * n,
            "bimatrix needs m * n payoffs per player"
        );
        let mut payoffs = vec![Vec::new(); m * n];
        for i in 0..m {
            for j in 0..n {
                // Cells run with the first player's strategy fastest.
                payoffs[i + j * m] = vec![a[i * n + j].clone(), b[i * n + j].clone()];
            }
        }
        let labels = |k: usize| (1..=k).map(|s| s.to_string()).collect();
        Table::from_payoffs(
            String::new(),
            vec!["1".into(), "2".into()],
            vec![labels(m), labels(n)],
            payoffs,
        )
    }

    /// The number of strategies of each player.
    pub fn shape(&self) -> Vec<usize> {
        self.strategies.iter().map(Vec::len).collect()
    }

    /// The number of pure-strategy profiles.
    pub fn cell_count(&self) -> usize {
        self.strategies.iter().map(Vec::len).product()
    }

    /// The cell index of a pure-strategy profile (first player fastest).
    pub fn cell_index(&self, profile: &[usize]) -> usize {
        let mut index = 0;
        for (p, &s) in profile.iter().enumerate().rev() {
            index = index * self.strategies[p].len() + s;
        }
        index
    }

    /// The pure-strategy profile of a cell index.
    pub fn cell_profile(&self, mut index: usize) -> Vec<usize> {
        self.strategies
            .iter()
            .map(|s| {
                let here = index % s.len();
                index /= s.len();
                here
            })
            .collect()
    }

    /// The payoff of `player` in a cell (zero where the cell has no outcome).
    pub fn payoff(&self, cell: usize, player: usize) -> Rational {
        match self.cells[cell] {
            Some(o) => self.outcomes[o].payoffs[player].clone(),
            None => Rational::zero(),
        }
    }

    /// All payoffs as floats, `[cell * players + player]`.
    pub fn payoffs_f64(&self) -> Vec<f64> {
        let n = self.players.len();
        let outcome_values: Vec<Vec<f64>> = self
            .outcomes
            .iter()
            .map(|o| o.payoffs.iter().map(rational_to_f64).collect())
            .collect();
        let mut out = Vec::with_capacity(self.cells.len() * n);
        for cell in &self.cells {
            match cell {
                Some(o) => out.extend_from_slice(&outcome_values[*o]),
                None => out.resize(out.len() + n, 0.0),
            }
        }
        out
    }

    /// Whether every cell's payoffs add up to the same number (cells without an outcome add up
    /// to zero), as Gambit decides it for tables.
    pub fn is_constant_sum(&self) -> bool {
        if self.cells.iter().all(Option::is_some) {
            return outcomes_constant_sum(&self.used_outcomes());
        }
        // Some cell is all zero, so every cell must add up to zero.
        self.cells
            .iter()
            .flatten()
            .all(|&o| self.outcomes[o].payoffs.iter().sum::<Rational>().is_zero())
    }

    fn used_outcomes(&self) -> Vec<Outcome> {
        let mut used = vec![false; self.outcomes.len()];
        for &o in self.cells.iter().flatten() {
            used[o] = true;
        }
        self.outcomes
            .iter()
            .zip(used)
            .filter(|(_, u)| *u)
            .map(|(o, _)| o.clone())
            .collect()
    }

    /// Checks the table's shape: at least one player, one strategy each, one cell per profile,
    /// payoff vectors as long as the player list, outcome indices in range.
    pub fn validate(&self) -> Result<(), GameError> {
        let bad = |m: String| Err(GameError::Invalid(m));
        if self.players.is_empty() {
            return bad("the game has no players".into());
        }
        if self.strategies.len() != self.players.len() {
            return bad("there must be one strategy list per player".into());
        }
        if let Some(p) = self.strategies.iter().position(Vec::is_empty) {
            return bad(format!("player {} has no strategies", p + 1));
        }
        if self.cells.len() != self.cell_count() {
            return bad(format!(
                "the table has {} cells but {} strategy profiles",
                self.cells.len(),
                self.cell_count()
            ));
        }
        for (c, cell) in self.cells.iter().enumerate() {
            if let Some(o) = cell {
                if *o >= self.outcomes.len() {
                    return bad(format!(
                        "cell {} names outcome {o}, which does not exist",
                        c + 1
                    ));
                }
            }
        }
        for (id, outcome) in self.outcomes.iter().enumerate() {
            if outcome.payoffs.len() != self.players.len() {
                return bad(format!(
                    "outcome {} has {} payoffs for {} players",
                    id + 1,
                    outcome.payoffs.len(),
                    self.players.len()
                ));
            }
        }
        Ok(())
    }
}
