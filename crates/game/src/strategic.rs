//! The reduced strategic form of a tree.
//!
//! A *reduced* pure strategy names an action only at the information sets that the strategy
//! itself does not exclude: a choice at an information set that the player's own earlier
//! choices make unreachable is left out (a wildcard), so strategies that differ only there are
//! one strategy. This is the strategic form Gambit builds for trees, and its strategy counts are
//! what `brink info` reports.

use num_traits::{One, Zero};

use crate::tree::{InfosetId, NodeKind, Player, Tree};
use crate::{GameError, Rational, Table};

/// One reduced pure strategy of a player.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PureStrategy {
    /// The action chosen at each of the player's information sets (in the order of
    /// [`Tree::player_infosets`]), or `None` where the strategy never reaches it.
    pub choices: Vec<Option<usize>>,
}

impl PureStrategy {
    /// A label in Gambit's style: the 1-based action at each information set, `*` where none.
    /// Actions beyond 9 are written in brackets so the label stays unambiguous.
    pub fn label(&self) -> String {
        let mut s = String::new();
        for c in &self.choices {
            match c {
                None => s.push('*'),
                Some(a) if *a < 9 => s.push(char::from(b'1' + *a as u8)),
                Some(a) => s.push_str(&format!("({})", a + 1)),
            }
        }
        s
    }
}

/// Every player's reduced pure strategies.
#[derive(Clone, Debug, PartialEq)]
pub struct ReducedStrategies {
    /// Each player's information sets, in the order that [`PureStrategy::choices`] uses.
    pub player_infosets: Vec<Vec<InfosetId>>,
    /// Each player's reduced strategies.
    pub strategies: Vec<Vec<PureStrategy>>,
}

/// A tree's reduced strategic form with the strategies behind its rows and columns.
#[derive(Clone, Debug, PartialEq)]
pub struct StrategicForm {
    /// The table (strategy labels in Gambit's style).
    pub table: Table,
    /// What each strategy of the table does in the tree.
    pub strategies: ReducedStrategies,
}

impl Tree {
    /// The number of reduced pure strategies of each player, saturating at `u128::MAX`.
    ///
    /// With perfect recall this is computed over the sequence form without enumerating:
    /// the plans below a sequence are the product, over the information sets it leads to, of
    /// the sum over their actions. Without perfect recall the strategies are enumerated.
    pub fn reduced_strategy_counts(&self) -> Vec<u128> {
        if !self.is_perfect_recall() {
            return (0..self.players.len())
                .map(|p| {
                    let mut count = 0u128;
                    enumerate_player(self, p, &mut |_| {
                        count += 1;
                        true
                    });
                    count
                })
                .collect();
        }
        let parents = self.parent_sequences();
        let player_infosets = self.player_infosets();
        let mut counts = Vec::new();
        for infosets in &player_infosets {
            // Information sets appear after their parent sequence's information set, so a
            // reverse sweep sees every child before its parent.
            let mut below: std::collections::HashMap<Option<(InfosetId, usize)>, u128> =
                Default::default();
            for &i in infosets.iter().rev() {
                let sum = (0..self.infosets[i].actions.len())
                    .map(|a| below.get(&Some((i, a))).copied().unwrap_or(1))
                    .fold(0u128, u128::saturating_add);
                let slot = below.entry(parents[i]).or_insert(1);
                *slot = slot.saturating_mul(sum);
            }
            counts.push(below.get(&None).copied().unwrap_or(1));
        }
        counts
    }

    /// Every player's reduced pure strategies; fails if any player has more than `limit`.
    pub fn reduced_strategies(&self, limit: usize) -> Result<ReducedStrategies, GameError> {
        let player_infosets = self.player_infosets();
        let mut strategies = Vec::new();
        for (p, own) in player_infosets.iter().enumerate() {
            let mut local = vec![usize::MAX; self.infosets.len()];
            for (k, &i) in own.iter().enumerate() {
                local[i] = k;
            }
            let mut mine = Vec::new();
            let mut too_many = false;
            enumerate_player(self, p, &mut |assignment| {
                if mine.len() >= limit {
                    too_many = true;
                    return false;
                }
                let choices = own.iter().map(|&i| assignment[i]).collect();
                mine.push(PureStrategy { choices });
                true
            });
            if too_many {
                return Err(GameError::TooLarge {
                    what: "reduced strategies",
                    limit,
                });
            }
            strategies.push(mine);
        }
        Ok(ReducedStrategies {
            player_infosets,
            strategies,
        })
    }

    /// The reduced strategic form, with exact expected payoffs; fails if it would have more
    /// than `cell_limit` cells.
    pub fn strategic_form(&self, cell_limit: usize) -> Result<StrategicForm, GameError> {
        let strategies = self.reduced_strategies(cell_limit)?;
        let cells = strategies.strategies.iter().try_fold(1usize, |acc, s| {
            acc.checked_mul(s.len()).filter(|&c| c <= cell_limit)
        });
        let Some(cells) = cells else {
            return Err(GameError::TooLarge {
                what: "strategic-form cells",
                limit: cell_limit,
            });
        };
        let labels = strategies
            .strategies
            .iter()
            .map(|ss| ss.iter().map(PureStrategy::label).collect())
            .collect();
        let mut table = Table {
            title: self.title.clone(),
            comment: self.comment.clone(),
            players: self.players.clone(),
            strategies: labels,
            outcomes: Vec::new(),
            cells: Vec::new(),
        };
        // Each player's choice per information set, indexed by global information set id.
        let mut choice = vec![None; self.infosets.len()];
        let payoffs_at = self.accumulated_payoffs();
        let mut payoffs = Vec::with_capacity(cells);
        for cell in 0..cells {
            let profile = table.cell_profile(cell);
            for (p, &s) in profile.iter().enumerate() {
                let strategy = &strategies.strategies[p][s];
                for (k, &i) in strategies.player_infosets[p].iter().enumerate() {
                    choice[i] = strategy.choices[k];
                }
            }
            payoffs.push(self.expected_payoffs(&choice, &payoffs_at));
        }
        let mut built = Table::from_payoffs(
            table.title.clone(),
            table.players.clone(),
            std::mem::take(&mut table.strategies),
            payoffs,
        );
        built.comment = table.comment;
        Ok(StrategicForm {
            table: built,
            strategies,
        })
    }

    /// Expected payoffs when every personal information set's action is fixed by `choice`.
    fn expected_payoffs(
        &self,
        choice: &[Option<usize>],
        payoffs_at: &[Vec<Rational>],
    ) -> Vec<Rational> {
        let mut total = vec![Rational::zero(); self.players.len()];
        let mut stack = vec![(Tree::ROOT, Rational::one())];
        while let Some((n, prob)) = stack.pop() {
            let node = &self.nodes[n];
            match node.kind {
                NodeKind::Terminal => {
                    for (t, v) in total.iter_mut().zip(&payoffs_at[n]) {
                        *t += &prob * v;
                    }
                }
                NodeKind::Chance(i) => {
                    for (a, &c) in node.children.iter().enumerate() {
                        let p = &self.infosets[i].probs[a];
                        if !p.is_zero() {
                            stack.push((c, &prob * p));
                        }
                    }
                }
                NodeKind::Personal(i) => {
                    // A reachable node always has its action fixed: reduced strategies name an
                    // action wherever the player's own play can arrive.
                    let a = choice[i].expect("reduced strategy names an action where play arrives");
                    stack.push((node.children[a], prob));
                }
            }
        }
        total
    }
}

impl ReducedStrategies {
    /// The behaviour strategy that a mixed strategy of `player` induces (Kuhn): at each
    /// information set, the probability of an action is the weight of the strategies that
    /// choose it over the weight of those that reach the set. Where no strategy with weight
    /// reaches it, the actions are equally likely. Exact for perfect-recall games.
    pub fn behavior_of<T>(&self, tree: &Tree, player: usize, mixed: &[T]) -> Vec<Vec<T>>
    where
        T: num_traits::Num + Clone,
    {
        let infosets = &self.player_infosets[player];
        let mut out = Vec::with_capacity(infosets.len());
        for (k, &i) in infosets.iter().enumerate() {
            let actions = tree.infosets[i].actions.len();
            let mut weights = vec![T::zero(); actions];
            let mut reach = T::zero();
            for (s, w) in self.strategies[player].iter().zip(mixed) {
                if let Some(a) = s.choices[k] {
                    weights[a] = weights[a].clone() + w.clone();
                    reach = reach + w.clone();
                }
            }
            if reach.is_zero() {
                let n = (0..actions).fold(T::zero(), |acc, _| acc + T::one());
                out.push(vec![T::one() / n; actions]);
            } else {
                out.push(weights.into_iter().map(|w| w / reach.clone()).collect());
            }
        }
        out
    }
}

/// Enumerates one player's reduced strategies in depth-first order. `visit` receives the
/// assignment (indexed by global information set; `None` where unassigned) and returns whether
/// to continue.
fn enumerate_player(tree: &Tree, player: usize, visit: &mut dyn FnMut(&[Option<usize>]) -> bool) {
    let mut assignment = vec![None; tree.infosets.len()];
    let mut go_on = true;
    walk(
        tree,
        player,
        &mut assignment,
        vec![Tree::ROOT],
        visit,
        &mut go_on,
    );
}

/// Follows every node that other players or chance can lead to; at an unassigned information
/// set of `player`, branches on each action. Explicit stacks keep deep trees off the call stack
/// except for the branching itself, which is at most one frame per information set.
fn walk(
    tree: &Tree,
    player: usize,
    assignment: &mut Vec<Option<usize>>,
    mut pending: Vec<usize>,
    visit: &mut dyn FnMut(&[Option<usize>]) -> bool,
    go_on: &mut bool,
) {
    while let Some(n) = pending.pop() {
        let node = &tree.nodes[n];
        match node.kind {
            NodeKind::Terminal => {}
            NodeKind::Personal(i) if tree.infosets[i].player == Player::Personal(player) => {
                if let Some(a) = assignment[i] {
                    pending.push(node.children[a]);
                    continue;
                }
                for a in 0..node.children.len() {
                    if !*go_on {
                        return;
                    }
                    assignment[i] = Some(a);
                    let mut branch = pending.clone();
                    branch.push(node.children[a]);
                    walk(tree, player, assignment, branch, visit, go_on);
                }
                assignment[i] = None;
                return;
            }
            _ => pending.extend(node.children.iter().rev()),
        }
    }
    if *go_on {
        *go_on = visit(assignment);
    }
}
