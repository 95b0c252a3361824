//! The sequence form of a two-player game tree with perfect recall.
//!
//! A player's *sequences* are the empty sequence and the (information set, action) pairs of
//! that player; with perfect recall every information set has one *parent sequence*, the
//! player's last move before reaching it. A mixed strategy is replaced by its *realization
//! plan* `x`, the probability that the player's own moves follow each sequence, and the linear
//! constraints `E x = e`, `x ≥ 0`:
//!
//! ```text
//! x(∅) = 1,        Σ_a x(h a) = x(parent(h))   for every information set h.
//! ```
//!
//! Expected payoffs are bilinear, `x^T A y`, with `A` indexed by sequence pairs and non-zero
//! only at the pairs that lead to a leaf. The size is linear in the tree, where the strategic
//! form is exponential (von Stengel, "Efficient computation of behavior strategies", GEB 14,
//! 1996; Koller, Megiddo & von Stengel, "Efficient computation of equilibria for extensive
//! two-person games", GEB 14, 1996).
//!
//! A strategic-form table is the sequence form of the tree in which each player makes one move
//! without seeing the other's; [`SequenceForm::from_table`] builds that directly, so the linear
//! programme for constant-sum games serves both representations.

use std::collections::BTreeMap;

use brink_game::{NodeKind, Player, Rational, Table, Tree};
use num_traits::{One, Zero};

use crate::{Number, SolveError};

/// One player's side of the sequence form.
#[derive(Clone, Debug)]
pub(crate) struct PlayerSequences {
    /// For each of the player's information sets (local index), the number of actions.
    pub actions: Vec<usize>,
    /// For each local information set, the index of the sequence of its first action; the
    /// sequences of its actions are consecutive from there. Sequence 0 is the empty sequence.
    pub first: Vec<usize>,
    /// For each local information set, its parent sequence.
    pub parent: Vec<usize>,
    /// The number of sequences (1 + the total number of actions).
    pub len: usize,
}

impl PlayerSequences {
    /// A player with information sets of the given action counts and parent sequences.
    fn new(actions: Vec<usize>, parent: Vec<usize>) -> PlayerSequences {
        let mut first = Vec::with_capacity(actions.len());
        let mut len = 1;
        for &k in &actions {
            first.push(len);
            len += k;
        }
        PlayerSequences {
            actions,
            first,
            parent,
            len,
        }
    }

    /// The number of constraint rows: one for the empty sequence, one per information set.
    pub fn constraints(&self) -> usize {
        1 + self.actions.len()
    }

    /// The constraint matrix `E` as a list of `(row, sequence, coefficient)` triples: row 0
    /// says `x(∅) = 1`, row `1 + h` says `Σ_a x(h a) − x(parent(h)) = 0`.
    pub fn constraint_entries(&self) -> Vec<(usize, usize, i64)> {
        let mut out = vec![(0, 0, 1)];
        for h in 0..self.actions.len() {
            out.push((1 + h, self.parent[h], -1));
            for a in 0..self.actions[h] {
                out.push((1 + h, self.first[h] + a, 1));
            }
        }
        out
    }

    /// The behaviour strategy of a realization plan: at each information set, the
    /// probability of an action is `x(h a) / x(parent(h))`, computed as `x(h a) / Σ_b x(h b)`
    /// (the same number for an exact plan, and a distribution that adds up to 1 for a float
    /// one); where the plan never reaches the set, every action gets the same probability (as
    /// Gambit writes it).
    pub fn behavior<N: PlanNumber>(&self, plan: &[N]) -> Vec<Vec<N>> {
        let mut out = Vec::with_capacity(self.actions.len());
        for h in 0..self.actions.len() {
            let k = self.actions[h];
            let here = &plan[self.first[h]..self.first[h] + k];
            let reach = N::total(here);
            let probs: Vec<N> = if reach.is_positive() && plan[self.parent[h]].is_positive() {
                here.iter().map(|x| x.ratio(&reach)).collect()
            } else {
                (0..k).map(|_| N::uniform(k)).collect()
            };
            out.push(probs);
        }
        out
    }
}

/// The numbers a realization plan may hold: exact rationals or floats.
pub(crate) trait PlanNumber: Clone {
    /// Whether the value is (meaningfully) positive.
    fn is_positive(&self) -> bool;
    /// `self / by`.
    fn ratio(&self, by: &Self) -> Self;
    /// `1 / k`.
    fn uniform(k: usize) -> Self;
    /// The sum of some values.
    fn total(values: &[Self]) -> Self;
    /// As a profile number.
    fn to_number(&self) -> Number;
}

impl PlanNumber for Rational {
    fn is_positive(&self) -> bool {
        *self > Rational::zero()
    }
    fn ratio(&self, by: &Self) -> Self {
        self / by
    }
    fn uniform(k: usize) -> Self {
        Rational::new(1.into(), (k as i64).into())
    }
    fn total(values: &[Self]) -> Self {
        values.iter().sum()
    }
    fn to_number(&self) -> Number {
        Number::Exact(self.clone())
    }
}

impl PlanNumber for f64 {
    fn is_positive(&self) -> bool {
        // Realization probabilities below this are rounding noise of a zero.
        *self > 1e-12
    }
    fn ratio(&self, by: &Self) -> Self {
        (self.max(0.0) / by).clamp(0.0, 1.0)
    }
    fn uniform(k: usize) -> Self {
        1.0 / k as f64
    }
    fn total(values: &[Self]) -> Self {
        values.iter().map(|v| v.max(0.0)).sum()
    }
    fn to_number(&self) -> Number {
        Number::Float(*self)
    }
}

/// One non-zero cell of the sequence-form payoff matrices.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct PayoffEntry {
    /// Player 1's sequence.
    pub row: usize,
    /// Player 2's sequence.
    pub col: usize,
    /// Σ over the leaves this pair reaches of chance probability × payoff, per player.
    pub payoffs: [Rational; 2],
    /// Σ over the same leaves of the chance probability alone; adding `c · mass` to every
    /// entry adds `c` to every leaf's payoff, which is how payoffs are shifted.
    pub mass: Rational,
}

/// The sequence form of a two-player game.
#[derive(Clone, Debug)]
pub(crate) struct SequenceForm {
    /// Both players' sequences and constraints.
    pub players: [PlayerSequences; 2],
    /// The non-zero payoff cells, sorted by (row, column).
    pub entries: Vec<PayoffEntry>,
    /// The payoff sums of the leaves (for a table, of the cells), in order of appearance;
    /// used to decide whether the game is constant-sum where it matters.
    pub leaf_sums: Vec<Rational>,
}

impl SequenceForm {
    /// The sequence form of a two-player tree with perfect recall.
    pub fn from_tree(tree: &Tree, method: &'static str) -> Result<SequenceForm, SolveError> {
        if tree.players.len() != 2 {
            return Err(SolveError::NotApplicable {
                method,
                reason: format!(
                    "the sequence form is for two-player games and this one has {} players; use logit instead",
                    tree.players.len()
                ),
            });
        }
        if let Some(h) = tree.perfect_recall_violation() {
            let set = &tree.infosets[h];
            let who = match set.player {
                Player::Personal(p) => format!("player {}", p + 1),
                Player::Chance => "chance".to_string(),
            };
            let label = if set.label.is_empty() {
                String::new()
            } else {
                format!(" (\"{}\")", set.label)
            };
            return Err(SolveError::NotApplicable {
                method,
                reason: format!(
                    "needs perfect recall, but at {who}'s information set {}{label} the player \
                     has forgotten an earlier move of its own; use enummixed or lcp on the \
                     strategic form (brink convert), or logit, instead",
                    set.number
                ),
            });
        }
        let player_infosets = tree.player_infosets();
        let parents = tree.parent_sequences();
        let mut local = vec![usize::MAX; tree.infosets.len()];
        for infosets in &player_infosets {
            for (k, &h) in infosets.iter().enumerate() {
                local[h] = k;
            }
        }
        let make = |p: usize| {
            let infosets = &player_infosets[p];
            let actions: Vec<usize> = infosets
                .iter()
                .map(|&h| tree.infosets[h].actions.len())
                .collect();
            // Parents come before their children in the order of first appearance, so the
            // first-sequence offsets of the parents are known by the time they are needed.
            let mut first = Vec::with_capacity(actions.len());
            let mut len = 1;
            for &k in &actions {
                first.push(len);
                len += k;
            }
            let parent: Vec<usize> = infosets
                .iter()
                .map(|&h| match parents[h] {
                    None => 0,
                    Some((ph, a)) => first[local[ph]] + a,
                })
                .collect();
            PlayerSequences::new(actions, parent)
        };
        let players = [make(0), make(1)];

        // Walk the tree with each player's current sequence and the chance probability.
        let payoffs = tree.accumulated_payoffs();
        let mut cells: BTreeMap<(usize, usize), PayoffEntry> = BTreeMap::new();
        let mut leaf_sums = Vec::new();
        let mut stack: Vec<(usize, [usize; 2], Rational)> =
            vec![(Tree::ROOT, [0, 0], Rational::one())];
        while let Some((node, seqs, prob)) = stack.pop() {
            let n = &tree.nodes[node];
            match n.kind {
                NodeKind::Terminal => {
                    leaf_sums.push(&payoffs[node][0] + &payoffs[node][1]);
                    let cell = cells
                        .entry((seqs[0], seqs[1]))
                        .or_insert_with(|| PayoffEntry {
                            row: seqs[0],
                            col: seqs[1],
                            payoffs: [Rational::zero(), Rational::zero()],
                            mass: Rational::zero(),
                        });
                    cell.payoffs[0] += &prob * &payoffs[node][0];
                    cell.payoffs[1] += &prob * &payoffs[node][1];
                    cell.mass += &prob;
                }
                NodeKind::Chance(h) => {
                    for (a, &child) in n.children.iter().enumerate().rev() {
                        let p = &tree.infosets[h].probs[a];
                        if !p.is_zero() {
                            stack.push((child, seqs, &prob * p));
                        }
                    }
                }
                NodeKind::Personal(h) => {
                    let Player::Personal(p) = tree.infosets[h].player else {
                        unreachable!("a personal node belongs to a personal information set")
                    };
                    for (a, &child) in n.children.iter().enumerate().rev() {
                        let mut next = seqs;
                        next[p] = players[p].first[local[h]] + a;
                        stack.push((child, next, prob.clone()));
                    }
                }
            }
        }
        Ok(SequenceForm {
            players,
            entries: cells.into_values().collect(),
            leaf_sums,
        })
    }

    /// The sequence form of a two-player table: each player has one information set whose
    /// actions are the strategies.
    pub fn from_table(table: &Table, method: &'static str) -> Result<SequenceForm, SolveError> {
        if table.players.len() != 2 {
            return Err(SolveError::NotApplicable {
                method,
                reason: format!(
                    "this method is for two-player games and this one has {} players; use logit instead",
                    table.players.len()
                ),
            });
        }
        let shape = table.shape();
        let players = [
            PlayerSequences::new(vec![shape[0]], vec![0]),
            PlayerSequences::new(vec![shape[1]], vec![0]),
        ];
        let mut entries = Vec::with_capacity(table.cell_count());
        let mut leaf_sums = Vec::with_capacity(table.cell_count());
        for i in 0..shape[0] {
            for j in 0..shape[1] {
                let cell = table.cell_index(&[i, j]);
                let payoffs = [table.payoff(cell, 0), table.payoff(cell, 1)];
                leaf_sums.push(&payoffs[0] + &payoffs[1]);
                entries.push(PayoffEntry {
                    row: 1 + i,
                    col: 1 + j,
                    payoffs,
                    mass: Rational::one(),
                });
            }
        }
        Ok(SequenceForm {
            players,
            entries,
            leaf_sums,
        })
    }

    /// The constant that every leaf's payoffs add up to, if there is one. This is decided at
    /// the leaves (where payoffs are what the players receive), not over the outcome list.
    pub fn constant_sum(&self) -> Option<Rational> {
        let first = self
            .leaf_sums
            .first()
            .cloned()
            .unwrap_or_else(Rational::zero);
        self.leaf_sums.iter().all(|s| *s == first).then_some(first)
    }

    /// Both players' behaviour strategies for a pair of realization plans.
    pub fn behavior_profile<N: PlanNumber>(&self, plans: [&[N]; 2]) -> Vec<Vec<Vec<Number>>> {
        (0..2)
            .map(|p| {
                self.players[p]
                    .behavior(plans[p])
                    .iter()
                    .map(|probs| probs.iter().map(PlanNumber::to_number).collect())
                    .collect()
            })
            .collect()
    }

    /// The largest gain each player could make by deviating from a pair of realization plans
    /// (floating point): each player's best-response value is found by backward induction over
    /// the player's own information sets, which perfect recall makes possible.
    pub fn regrets_f64(&self, plans: [&[f64]; 2]) -> [f64; 2] {
        let mut regrets = [0.0f64; 2];
        for p in 0..2 {
            let own = &self.players[p];
            let other = plans[1 - p];
            // The payoff of each own sequence against the other's plan.
            let mut gain = vec![0.0; own.len];
            for e in &self.entries {
                let (mine, theirs) = if p == 0 {
                    (e.row, e.col)
                } else {
                    (e.col, e.row)
                };
                gain[mine] += brink_game::rational_to_f64(&e.payoffs[p]) * other[theirs];
            }
            let current: f64 = gain.iter().zip(plans[p]).map(|(g, x)| g * x).sum();
            // Information sets come after their parents, so a reverse sweep sees children
            // first; `below[s]` collects the best values of the sets that sequence `s` leads to.
            let mut below = vec![0.0; own.len];
            for h in (0..own.actions.len()).rev() {
                let best = (0..own.actions[h])
                    .map(|a| gain[own.first[h] + a] + below[own.first[h] + a])
                    .fold(f64::NEG_INFINITY, f64::max);
                below[own.parent[h]] += best;
            }
            regrets[p] = (gain[0] + below[0] - current).max(0.0);
        }
        regrets
    }

    /// Each player's largest absolute payoff (at least 1), to scale that player's tolerances.
    pub fn payoff_scales(&self) -> [f64; 2] {
        let mut scales = [1.0f64; 2];
        for e in self.entries.iter().filter(|e| !e.mass.is_zero()) {
            for (scale, v) in scales.iter_mut().zip(&e.payoffs) {
                *scale = scale.max(brink_game::rational_to_f64(&(v / &e.mass)).abs());
            }
        }
        scales
    }

    /// Player `p`'s payoff matrix with every leaf payoff shifted by `shift`, as
    /// `(row, col, value)` triples.
    pub fn shifted_payoffs(&self, p: usize, shift: &Rational) -> Vec<(usize, usize, Rational)> {
        self.entries
            .iter()
            .map(|e| (e.row, e.col, &e.payoffs[p] + shift * &e.mass))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unreached_information_sets_get_uniform_behaviour() {
        let s = PlayerSequences::new(vec![2, 2], vec![0, 1]);
        let r = |n: i64, d: i64| Rational::new(n.into(), d.into());
        let plan = vec![r(1, 1), r(0, 1), r(1, 1), r(0, 1), r(0, 1)];
        let b = s.behavior(&plan);
        assert_eq!(b[0], vec![r(0, 1), r(1, 1)]);
        assert_eq!(b[1], vec![r(1, 2), r(1, 2)]);
    }
}
