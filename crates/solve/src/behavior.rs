//! Arithmetic on behaviour profiles of a tree, generic over exact and floating numbers.
//!
//! Everything here works on a profile given as one probability vector per information set
//! (chance ones included, indexed by global information set id), so that the verifier, the
//! pure-strategy methods and backward induction share one implementation of expected payoffs,
//! reach probabilities, best responses and beliefs. The functions are written once over
//! [`Scalar`] and run on [`Rational`] where a result must be exact and on `f64` otherwise.

use std::fmt::Debug;

use brink_game::{rational_to_f64, InfosetId, NodeId, NodeKind, Player, Rational, Tree, Q};
use num_bigint::BigInt;
use num_traits::{Signed, Zero};

use crate::Number;

/// A number that the tree arithmetic can run on: an exact rational or an `f64`.
pub(crate) trait Scalar: Clone + PartialOrd + Debug + Signed {
    /// Whether comparisons are exact (so a tolerance of zero is meant literally).
    const EXACT: bool;
    /// The value of an exact rational.
    fn from_rational(r: &Rational) -> Self;
    /// The value of a [`Number`], or `None` if an exact value is wanted and `n` is a float.
    fn from_number(n: &Number) -> Option<Self>;
    /// The value as a [`Number`].
    fn into_number(self) -> Number;
    /// The value of a small integer.
    fn from_usize(n: usize) -> Self;
    /// The value of a fast exact rational.
    fn from_q(q: &Q) -> Self;
}

impl Scalar for Rational {
    const EXACT: bool = true;
    fn from_rational(r: &Rational) -> Self {
        r.clone()
    }
    fn from_number(n: &Number) -> Option<Self> {
        n.exact().cloned()
    }
    fn into_number(self) -> Number {
        Number::Exact(self)
    }
    fn from_usize(n: usize) -> Self {
        Rational::from_integer(BigInt::from(n))
    }
    fn from_q(q: &Q) -> Self {
        q.to_rational()
    }
}

impl Scalar for f64 {
    const EXACT: bool = false;
    fn from_rational(r: &Rational) -> Self {
        rational_to_f64(r)
    }
    fn from_number(n: &Number) -> Option<Self> {
        Some(n.to_f64())
    }
    fn into_number(self) -> Number {
        Number::Float(self)
    }
    fn from_usize(n: usize) -> Self {
        n as f64
    }
    fn from_q(q: &Q) -> Self {
        q.to_f64()
    }
}

/// The larger of two values (the first on ties).
pub(crate) fn max_of<T: Scalar>(a: T, b: T) -> T {
    if b > a {
        b
    } else {
        a
    }
}

/// What every computation on one tree needs, converted once into the number type `T`.
pub(crate) struct Layout<T> {
    /// The number of personal players.
    pub players: usize,
    /// Each player's information sets in order of first appearance.
    pub player_infosets: Vec<Vec<InfosetId>>,
    /// For each information set, its position in its player's list (0 for chance sets).
    pub local: Vec<usize>,
    /// For each node, one past the last node of its subtree (prefix order makes subtrees
    /// contiguous ranges).
    pub end: Vec<NodeId>,
    /// For each node, the payoffs accumulated on the path to it; at a leaf, the players' payoffs.
    pub payoffs: Vec<Vec<T>>,
    /// Chance probabilities per information set (empty for personal sets).
    pub chance: Vec<Vec<T>>,
    /// Whether the tree has perfect recall.
    pub perfect_recall: bool,
    /// For each information set, whether some path passes through it twice.
    pub absent_minded: Vec<bool>,
}

impl<T: Scalar> Layout<T> {
    /// Precomputes the layout of a valid tree.
    pub fn new(tree: &Tree) -> Layout<T> {
        let player_infosets = tree.player_infosets();
        let mut local = vec![0; tree.infosets.len()];
        for list in &player_infosets {
            for (k, &i) in list.iter().enumerate() {
                local[i] = k;
            }
        }
        let n = tree.nodes.len();
        let mut end = vec![0; n];
        for id in (0..n).rev() {
            end[id] = match tree.nodes[id].children.last() {
                Some(&last) => end[last],
                None => id + 1,
            };
        }
        let payoffs = tree
            .accumulated_payoffs_q()
            .iter()
            .map(|v| v.iter().map(T::from_q).collect())
            .collect();
        let chance = tree
            .infosets
            .iter()
            .map(|i| i.probs.iter().map(T::from_rational).collect())
            .collect();
        // An information set is absent-minded when one of its members lies inside the subtree
        // of another member.
        let absent_minded = tree
            .infosets
            .iter()
            .map(|i| {
                i.members
                    .iter()
                    .any(|&m| i.members.iter().any(|&o| o > m && o < end[m]))
            })
            .collect();
        Layout {
            players: tree.players.len(),
            player_infosets,
            local,
            end,
            payoffs,
            chance,
            perfect_recall: tree.is_perfect_recall(),
            absent_minded,
        }
    }

    /// Whether any information set is absent-minded.
    pub fn any_absent_minded(&self) -> bool {
        self.absent_minded.iter().any(|&a| a)
    }

    /// The personal player who moves at a node, if any.
    pub fn mover(tree: &Tree, node: NodeId) -> Option<usize> {
        match tree.nodes[node].kind {
            NodeKind::Personal(i) => match tree.infosets[i].player {
                Player::Personal(p) => Some(p),
                Player::Chance => None,
            },
            _ => None,
        }
    }

    /// Per-information-set probabilities from a behaviour profile
    /// `[player][information set][action]`, chance sets filled from the tree. Checks the shape
    /// and that every vector is a probability distribution (exactly, or within `slack` for
    /// floats); the error says where it is not.
    pub fn probs_of(
        &self,
        tree: &Tree,
        profile: &[Vec<Vec<T>>],
        slack: f64,
    ) -> Result<Vec<Vec<T>>, String> {
        if profile.len() != self.players {
            return Err(format!(
                "the profile has {} players, the game {}",
                profile.len(),
                self.players
            ));
        }
        let mut probs = self.chance.clone();
        for (p, sets) in profile.iter().enumerate() {
            if sets.len() != self.player_infosets[p].len() {
                return Err(format!(
                    "player {} has {} information sets in the profile, {} in the game",
                    p + 1,
                    sets.len(),
                    self.player_infosets[p].len()
                ));
            }
            for (k, dist) in sets.iter().enumerate() {
                let id = self.player_infosets[p][k];
                let actions = tree.infosets[id].actions.len();
                if dist.len() != actions {
                    return Err(format!(
                        "player {} information set {} has {} probabilities for {} actions",
                        p + 1,
                        k + 1,
                        dist.len(),
                        actions
                    ));
                }
                check_distribution(dist, slack)
                    .map_err(|why| format!("player {} information set {}: {why}", p + 1, k + 1))?;
                probs[id] = dist.clone();
            }
        }
        Ok(probs)
    }
}

/// Checks that `dist` is a probability distribution: exactly for exact numbers; for floats,
/// finite, no entry below `-slack` and a sum within `slack` of 1.
pub(crate) fn check_distribution<T: Scalar>(dist: &[T], slack: f64) -> Result<(), String> {
    let total = dist.iter().fold(T::zero(), |acc, x| acc + x.clone());
    if T::EXACT {
        if dist.iter().any(|x| x.is_negative()) {
            return Err("a probability is negative".into());
        }
        if !total.is_one() {
            return Err(format!("the probabilities add up to {total:?}, not 1"));
        }
    } else {
        let slack_t = T::from_rational(&rational_from_f64(slack));
        // Written as a negated comparison so that NaN fails the test too.
        #[allow(clippy::neg_cmp_op_on_partial_ord)]
        let bad = dist.iter().any(|x| !(*x >= -slack_t.clone()));
        if bad {
            return Err("a probability is negative or not a number".into());
        }
        if (total - T::one()).abs() > slack_t {
            return Err("the probabilities do not add up to 1".into());
        }
    }
    Ok(())
}

/// The exact value of a finite float (0 for a non-finite one).
pub(crate) fn rational_from_f64(x: f64) -> Rational {
    Rational::from_float(x).unwrap_or_else(Rational::zero)
}

/// `a * b`, without arithmetic when either is zero or one (common in pure profiles).
fn times<T: Scalar>(a: &T, b: &T) -> T {
    if a.is_zero() || b.is_zero() {
        T::zero()
    } else if b.is_one() {
        a.clone()
    } else if a.is_one() {
        b.clone()
    } else {
        a.clone() * b.clone()
    }
}

/// Expected payoffs of every player from every node on, `[node][player]`, when everyone
/// follows `probs` from that node. Leaves carry the payoffs accumulated from the root, so
/// values of different nodes are comparable.
pub(crate) fn node_values<T: Scalar>(
    tree: &Tree,
    layout: &Layout<T>,
    probs: &[Vec<T>],
) -> Vec<Vec<T>> {
    let n = tree.nodes.len();
    let mut values: Vec<Vec<T>> = vec![Vec::new(); n];
    for id in (0..n).rev() {
        let node = &tree.nodes[id];
        values[id] = match node.kind {
            NodeKind::Terminal => layout.payoffs[id].clone(),
            NodeKind::Chance(i) | NodeKind::Personal(i) => {
                let mut acc = vec![T::zero(); layout.players];
                for (a, &c) in node.children.iter().enumerate() {
                    let p = &probs[i][a];
                    if p.is_zero() {
                        continue;
                    }
                    // Pure profiles make most probabilities one; skipping the product saves
                    // most of the exact arithmetic.
                    if p.is_one() {
                        for (x, v) in acc.iter_mut().zip(&values[c]) {
                            *x = x.clone() + v.clone();
                        }
                    } else {
                        for (x, v) in acc.iter_mut().zip(&values[c]) {
                            *x = x.clone() + p.clone() * v.clone();
                        }
                    }
                }
                acc
            }
        };
    }
    values
}

/// Reach probabilities of the nodes of the subtree at `root`, relative to `root` (which has
/// reach 1), indexed by `node - root`. The moves of `skip`, if given, count as certain: this
/// is the reach "by the others" that best responses and beliefs use.
pub(crate) fn reach<T: Scalar>(
    tree: &Tree,
    layout: &Layout<T>,
    probs: &[Vec<T>],
    root: NodeId,
    skip: Option<usize>,
) -> Vec<T> {
    let end = layout.end[root];
    let mut r = vec![T::zero(); end - root];
    r[0] = T::one();
    for id in root..end {
        if r[id - root].is_zero() {
            continue;
        }
        let node = &tree.nodes[id];
        let Some(i) = tree.infoset_of(id) else {
            continue;
        };
        let own = skip.is_some() && Layout::<T>::mover(tree, id) == skip;
        for (a, &c) in node.children.iter().enumerate() {
            r[c - root] = if own {
                r[id - root].clone()
            } else {
                times(&r[id - root], &probs[i][a])
            };
        }
    }
    r
}

/// The best payoff `player` can get from the subtree at `root` (whose payoffs, as always,
/// include what was accumulated above it) against the others' behaviour, when play is at
/// `root`. Needs perfect recall.
///
/// This is the sequence-form best response: the value of a sequence (information set, action)
/// is what the leaves directly after it contribute, weighted by the others' reach, plus the best
/// action value of every information set that follows it; with perfect recall every information
/// set has one parent sequence, so a reverse sweep over the player's information sets in order
/// of first appearance finds the best pure response exactly.
pub(crate) fn best_response_value<T: Scalar>(
    tree: &Tree,
    layout: &Layout<T>,
    probs: &[Vec<T>],
    root: NodeId,
    player: usize,
) -> T {
    best_response(tree, layout, probs, root, player).value
}

/// The result of [`best_response`]: the best value and, per information set of the player met
/// in the subtree, the value of each action (sequence) and the parent sequence.
pub(crate) struct BestResponse<T> {
    /// The best payoff the player can reach.
    pub value: T,
    /// The player's information sets met in the subtree, in order of first appearance.
    pub order: Vec<InfosetId>,
    /// Per information set of the player (indexed by [`Layout::local`]), the value of each
    /// action including the best continuation below it; empty for sets not met.
    pub action_values: Vec<Vec<T>>,
    /// Per information set of the player (indexed by [`Layout::local`]), the parent sequence.
    pub parent: Vec<Option<(InfosetId, usize)>>,
}

/// See [`best_response_value`]; also returns the sequence values, so that callers can list
/// every best response.
pub(crate) fn best_response<T: Scalar>(
    tree: &Tree,
    layout: &Layout<T>,
    probs: &[Vec<T>],
    root: NodeId,
    player: usize,
) -> BestResponse<T> {
    best_response_cut(tree, layout, probs, root, player, None)
}

/// [`best_response`] where the nodes with a value in `cut` (other than `root`) count as leaves
/// paying the player that value: solved subgames, whose best-response value does not depend
/// on anything outside them.
pub(crate) fn best_response_cut<T: Scalar>(
    tree: &Tree,
    layout: &Layout<T>,
    probs: &[Vec<T>],
    root: NodeId,
    player: usize,
    cut: Option<&[Option<T>]>,
) -> BestResponse<T> {
    let end = layout.end[root];
    let sets = layout.player_infosets[player].len();
    let mut action_values: Vec<Vec<T>> = vec![Vec::new(); sets];
    let mut parent: Vec<Option<(InfosetId, usize)>> = vec![None; sets];
    let mut order = Vec::new();
    let mut top = T::zero();
    let mut r = vec![T::zero(); end - root];
    let mut last: Vec<Option<(InfosetId, usize)>> = vec![None; end - root];
    r[0] = T::one();
    let mut id = root;
    while id < end {
        let k = id - root;
        let node = &tree.nodes[id];
        let leaf_value = match cut.and_then(|c| c[id].as_ref()) {
            Some(v) if id != root => Some(v),
            _ if node.kind == NodeKind::Terminal => Some(&layout.payoffs[id][player]),
            _ => None,
        };
        if let Some(value) = leaf_value {
            if !r[k].is_zero() {
                let add = r[k].clone() * value.clone();
                match last[k] {
                    None => top = top + add,
                    Some((i, a)) => {
                        let slot = &mut action_values[layout.local[i]][a];
                        *slot = slot.clone() + add;
                    }
                }
            }
            // Skip the rest of a cut subtree.
            id = layout.end[id];
            continue;
        }
        match node.kind {
            // Leaves were handled above.
            NodeKind::Terminal => {}
            NodeKind::Chance(i) | NodeKind::Personal(i) => {
                let own = Layout::<T>::mover(tree, id) == Some(player);
                if own {
                    let l = layout.local[i];
                    if action_values[l].is_empty() {
                        action_values[l] = vec![T::zero(); node.children.len()];
                        parent[l] = last[k];
                        order.push(i);
                    }
                }
                for (a, &c) in node.children.iter().enumerate() {
                    let kc = c - root;
                    if own {
                        r[kc] = r[k].clone();
                        last[kc] = Some((i, a));
                    } else {
                        r[kc] = times(&r[k], &probs[i][a]);
                        last[kc] = last[k];
                    }
                }
            }
        }
        id += 1;
    }
    for &i in order.iter().rev() {
        let l = layout.local[i];
        let best = action_values[l]
            .iter()
            .cloned()
            .reduce(max_of)
            .unwrap_or_else(T::zero);
        match parent[l] {
            None => top = top + best,
            Some((j, a)) => {
                let slot = &mut action_values[layout.local[j]][a];
                *slot = slot.clone() + best;
            }
        }
    }
    BestResponse {
        value: top,
        order,
        action_values,
        parent,
    }
}

/// The best payoff `player` can get by some pure strategy, found by trying each of the
/// player's (reduced) pure strategies; for trees without perfect recall, where the sequence
/// form does not apply. Without absent-mindedness the payoff is multilinear in the player's
/// behaviour probabilities, so a pure strategy attains the best. Returns `None` if the player
/// has more than `limit` strategies.
pub(crate) fn best_pure_value<T: Scalar>(
    tree: &Tree,
    layout: &Layout<T>,
    probs: &[Vec<T>],
    player: usize,
    limit: usize,
) -> Option<T> {
    let strategies = tree.reduced_strategies(limit).ok()?;
    let mut trial = probs.to_vec();
    let mut best: Option<T> = None;
    for s in &strategies.strategies[player] {
        for (k, &i) in layout.player_infosets[player].iter().enumerate() {
            // Sets the strategy never reaches keep any action; the first one will do.
            let a = s.choices[k].unwrap_or(0);
            let n = trial[i].len();
            trial[i] = (0..n)
                .map(|b| if a == b { T::one() } else { T::zero() })
                .collect();
        }
        let v = node_values(tree, layout, &trial)[Tree::ROOT][player].clone();
        best = Some(match best {
            None => v,
            Some(b) => max_of(b, v),
        });
    }
    best
}

/// For each information set, the largest gain its agent could make by changing its action
/// while everything else stays as it is (zero for chance sets). `values` and `reach_all` are
/// [`node_values`] and the root's [`reach`] of the same profile.
pub(crate) fn agent_gains<T: Scalar>(
    tree: &Tree,
    layout: &Layout<T>,
    probs: &[Vec<T>],
    values: &[Vec<T>],
    reach_all: &[T],
) -> Vec<T> {
    let mut gains = vec![T::zero(); tree.infosets.len()];
    for (i, infoset) in tree.infosets.iter().enumerate() {
        let Player::Personal(p) = infoset.player else {
            continue;
        };
        let actions = infoset.actions.len();
        if layout.absent_minded[i] {
            // A deviation changes play at several nodes of one path, so evaluate it whole.
            let current = values[Tree::ROOT][p].clone();
            let mut trial = probs.to_vec();
            let mut best = T::zero();
            for a in 0..actions {
                trial[i] = (0..actions)
                    .map(|b| if a == b { T::one() } else { T::zero() })
                    .collect();
                let v = node_values(tree, layout, &trial)[Tree::ROOT][p].clone();
                best = max_of(best, v - current.clone());
            }
            gains[i] = best;
            continue;
        }
        let mut by_action = vec![T::zero(); actions];
        let mut current = T::zero();
        for &m in &infoset.members {
            let w = &reach_all[m];
            if w.is_zero() {
                continue;
            }
            for (a, &c) in tree.nodes[m].children.iter().enumerate() {
                by_action[a] = by_action[a].clone() + w.clone() * values[c][p].clone();
            }
            current = current + w.clone() * values[m][p].clone();
        }
        let best = by_action.into_iter().reduce(max_of).unwrap_or_else(T::zero);
        gains[i] = max_of(T::zero(), best - current);
    }
    gains
}

/// Beliefs at every personal information set, `[player][information set][member]`, and for
/// each set whether Bayes' rule pinned them (some member is reached by the other players).
///
/// The beliefs are the limit, as ε → 0, of Bayes' rule under the "centroid" trembles that
/// replace every probability `p` by `(1 − ε)p + ε/|A|` (chance included, so that zero-probability
/// chance branches count as trembles too). Where a set is reached by the others they are
/// exactly Bayes' rule on the others' reach (with perfect recall the player's own moves are
/// common to all members and cancel). Elsewhere only the members reached with the fewest
/// trembles keep weight, in proportion to their leading coefficients. Being limits of beliefs
/// of fully mixed profiles, these beliefs are consistent in the sense of Kreps and Wilson (1982).
/// Without perfect recall the player's own moves do not cancel and are trembled too.
pub(crate) fn beliefs<T: Scalar>(
    tree: &Tree,
    layout: &Layout<T>,
    probs: &[Vec<T>],
) -> (Vec<Vec<Vec<T>>>, Vec<Vec<bool>>) {
    let mut out: Vec<Vec<Vec<T>>> = Vec::with_capacity(layout.players);
    let mut pinned: Vec<Vec<bool>> = Vec::with_capacity(layout.players);
    let n = tree.nodes.len();
    for p in 0..layout.players {
        if layout.player_infosets[p].is_empty() {
            out.push(Vec::new());
            pinned.push(Vec::new());
            continue;
        }
        // Leading term (order of ε, coefficient) of each node's trembled reach.
        let mut lead: Vec<(u32, T)> = vec![(0, T::zero()); n];
        lead[Tree::ROOT] = (0, T::one());
        for id in 0..n {
            let node = &tree.nodes[id];
            let Some(i) = tree.infoset_of(id) else {
                continue;
            };
            let own = layout.perfect_recall && Layout::<T>::mover(tree, id) == Some(p);
            let count = T::from_usize(node.children.len());
            for (a, &c) in node.children.iter().enumerate() {
                let (order, coef) = lead[id].clone();
                lead[c] = if own {
                    (order, coef)
                } else if probs[i][a].is_zero() {
                    (order + 1, coef / count.clone())
                } else {
                    (order, times(&coef, &probs[i][a]))
                };
            }
        }
        let mut mine = Vec::new();
        let mut pins = Vec::new();
        for &i in &layout.player_infosets[p] {
            let members = &tree.infosets[i].members;
            let low = members.iter().map(|&m| lead[m].0).min().unwrap_or(0);
            let total = members
                .iter()
                .filter(|&&m| lead[m].0 == low)
                .fold(T::zero(), |acc, &m| acc + lead[m].1.clone());
            mine.push(
                members
                    .iter()
                    .map(|&m| {
                        if lead[m].0 == low {
                            lead[m].1.clone() / total.clone()
                        } else {
                            T::zero()
                        }
                    })
                    .collect(),
            );
            pins.push(low == 0);
        }
        out.push(mine);
        pinned.push(pins);
    }
    (out, pinned)
}

/// For each player, the largest gain, at any of its information sets, from changing the action
/// there given the beliefs and everyone's behaviour after it (the one-shot-deviation test of
/// sequential rationality; with consistent beliefs and perfect recall it is equivalent to
/// sequential rationality, Hendon, Jacobsen and Sloth 1996).
pub(crate) fn sequential_gains<T: Scalar>(
    tree: &Tree,
    layout: &Layout<T>,
    probs: &[Vec<T>],
    values: &[Vec<T>],
    beliefs: &[Vec<Vec<T>>],
) -> Vec<T> {
    let mut worst = vec![T::zero(); layout.players];
    for (p, sets) in layout.player_infosets.iter().enumerate() {
        for (k, &i) in sets.iter().enumerate() {
            let infoset = &tree.infosets[i];
            let mut q = vec![T::zero(); infoset.actions.len()];
            for (m_index, &m) in infoset.members.iter().enumerate() {
                let mu = &beliefs[p][k][m_index];
                if mu.is_zero() {
                    continue;
                }
                for (a, &c) in tree.nodes[m].children.iter().enumerate() {
                    q[a] = q[a].clone() + mu.clone() * values[c][p].clone();
                }
            }
            let current = q
                .iter()
                .zip(&probs[i])
                .fold(T::zero(), |acc, (v, s)| acc + v.clone() * s.clone());
            let best = q.into_iter().reduce(max_of).unwrap_or_else(T::zero);
            worst[p] = max_of(worst[p].clone(), best - current);
        }
    }
    worst
}

/// The roots of the tree's subgames, in prefix order (the root first): the non-terminal nodes
/// whose subtree contains every member of every information set it meets, chance sets
/// included.
pub(crate) fn subgame_roots<T>(tree: &Tree, layout: &Layout<T>) -> Vec<NodeId> {
    let n = tree.nodes.len();
    let mut lo = vec![usize::MAX; tree.infosets.len()];
    let mut hi = vec![0usize; tree.infosets.len()];
    for (i, infoset) in tree.infosets.iter().enumerate() {
        lo[i] = infoset.members.iter().copied().min().unwrap_or(0);
        hi[i] = infoset.members.iter().copied().max().unwrap_or(0);
    }
    let mut sub_lo = vec![usize::MAX; n];
    let mut sub_hi = vec![0usize; n];
    for id in (0..n).rev() {
        if let Some(i) = tree.infoset_of(id) {
            sub_lo[id] = lo[i];
            sub_hi[id] = hi[i];
        } else {
            sub_lo[id] = id;
            sub_hi[id] = id;
        }
        for &c in &tree.nodes[id].children {
            sub_lo[id] = sub_lo[id].min(sub_lo[c]);
            sub_hi[id] = sub_hi[id].max(sub_hi[c]);
        }
    }
    (0..n)
        .filter(|&id| {
            tree.infoset_of(id).is_some() && sub_lo[id] >= id && sub_hi[id] < layout.end[id]
        })
        .collect()
}
