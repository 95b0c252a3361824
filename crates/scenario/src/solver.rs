//! An exact solver for the small games scenarios produce: every sequential equilibrium found
//! by enumerating supports of the agent form, solved in exact rationals, and verified.
//!
//! **Method.** (1) Actions that are never a best reply under any belief and any continuation
//! are removed by iterated conditional dominance: at an information set, action `a` goes if
//! some action `b` guarantees, at every member, more than the most `a` can give (bounds over
//! the actions still allowed below). (2) For every profile of supports (a non-empty set of
//! actions at each information set), the unknowns are the probabilities of the actions at the
//! information sets that mix. At each mixing set the player must be indifferent between its
//! supported actions given its beliefs; beliefs are the limit of Bayes' rule under uniform
//! trembles (every unplayed action played with probability ε, ε → 0), so at a set reached
//! with positive probability they are Bayes' rule, and at an unreached set they are the
//! consistent beliefs of that tremble sequence (Kreps & Wilson 1982). The indifference
//! conditions are polynomial in the unknowns; when they are linear (the usual case in these
//! games, as in two-player games written in the sequence form) they are solved exactly by
//! Gaussian elimination over the rationals. (3) Each candidate is verified exactly: beliefs
//! recomputed from the candidate itself, and at every information set every played action
//! must be a best reply given those beliefs and the continuation (sequential rationality).
//! A candidate that passes is a sequential equilibrium: the assessment is consistent by
//! construction and sequentially rational by the check.
//!
//! The method finds every sequential equilibrium whose off-path beliefs are those of uniform
//! trembles and whose indifference system is linear with a unique solution; the result says
//! when the enumeration was incomplete (nonlinear or underdetermined systems, or the support
//! budget).

use brink_game::{NodeKind, Player, Rational, Tree, Q};
use num_traits::{One, Signed, Zero};

/// The most support profiles the enumeration visits.
pub const SUPPORT_LIMIT: u128 = 300_000;

/// A verified assessment: behaviour, beliefs and values.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Assessment {
    /// Per information set (chance ones: their probabilities), the probability of each action.
    pub behavior: Vec<Vec<Rational>>,
    /// Per information set, the belief over its members (in member order).
    pub beliefs: Vec<Vec<Rational>>,
    /// Per node, each player's expected payoff from there on.
    pub values: Vec<Vec<Rational>>,
    /// Per node, the probability of reaching it.
    pub reach: Vec<Rational>,
}

/// What the enumeration found.
#[derive(Clone, Debug)]
pub(crate) struct Enumeration {
    pub equilibria: Vec<Assessment>,
    /// Whether every support profile was solved (no nonlinear, underdetermined or skipped case).
    pub complete: bool,
    pub supports: u128,
    pub removed_actions: usize,
}

/// Why the exact solver could not run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum SolverError {
    TooManySupports(u128),
    Invalid(String),
}

// ---------------------------------------------------------------------------------------------
// Multilinear polynomials over the unknown probabilities.

/// A monomial: the set of its variables as bits (the polynomials are multilinear, and the
/// support limit keeps the number of unknowns far below 64; see [`MAX_VARS`]).
type Mono = u64;

/// The most unknowns one support profile may have.
const MAX_VARS: usize = 64;

/// A multilinear polynomial: terms sorted by monomial, no zero coefficients.
#[derive(Clone, Debug, Default, PartialEq)]
struct Poly(Vec<(Mono, Q)>);

impl Poly {
    fn constant(c: Q) -> Poly {
        if c.is_zero() {
            Poly::default()
        } else {
            Poly(vec![(0, c)])
        }
    }

    /// Adds `factor · other · mono` (`mono` a product of variables, `0` for none). With
    /// perfect recall (checked before solving) no path meets an information set twice, so the
    /// variables of `mono` never already occur in a monomial of `other` and the result stays
    /// multilinear.
    fn add_scaled(&mut self, other: &Poly, factor: &Q, mono: Mono) {
        if factor.is_zero() || other.0.is_empty() {
            return;
        }
        let one = factor.is_one();
        self.0.extend(other.0.iter().map(|(m, c)| {
            debug_assert!(m & mono == 0, "a variable met twice on one path");
            (m | mono, if one { c.clone() } else { c * factor })
        }));
        self.normalize();
    }

    /// Sorts the terms, adds up equal monomials and drops zeros, in place.
    fn normalize(&mut self) {
        let terms = &mut self.0;
        terms.sort_unstable_by_key(|t| t.0);
        let mut w = 0;
        for r in 0..terms.len() {
            if w > 0 && terms[w - 1].0 == terms[r].0 {
                let c = std::mem::take(&mut terms[r].1);
                terms[w - 1].1 += &c;
            } else {
                terms.swap(w, r);
                w += 1;
            }
        }
        terms.truncate(w);
        terms.retain(|t| !t.1.is_zero());
    }

    fn degree(&self) -> u32 {
        self.0.iter().map(|t| t.0.count_ones()).max().unwrap_or(0)
    }

    /// Substitutes a value for a variable.
    fn substitute(&self, var: u32, value: &Q) -> Poly {
        let bit = 1u64 << var;
        let mut out = Poly(
            self.0
                .iter()
                .map(|(m, c)| {
                    if m & bit != 0 {
                        (m & !bit, c * value)
                    } else {
                        (*m, c.clone())
                    }
                })
                .collect(),
        );
        out.normalize();
        out
    }

    /// Substitutes values for several variables at once, in place.
    fn substitute_all(&mut self, fixed: &[(u32, Q)]) {
        let mask = fixed.iter().fold(0u64, |m, (v, _)| m | 1u64 << v);
        if self.0.iter().all(|(m, _)| m & mask == 0) {
            return;
        }
        for (m, c) in self.0.iter_mut() {
            if *m & mask != 0 {
                for (v, x) in fixed {
                    if *m & (1u64 << v) != 0 {
                        *c *= x;
                    }
                }
                *m &= !mask;
            }
        }
        self.normalize();
    }

    /// The derivative with respect to one variable.
    fn derivative(&self, var: u32) -> Poly {
        let bit = 1u64 << var;
        let mut out = Poly(
            self.0
                .iter()
                .filter(|(m, _)| m & bit != 0)
                .map(|(m, c)| (m & !bit, c.clone()))
                .collect(),
        );
        out.normalize();
        out
    }

    /// The value at a point, in floating point.
    fn eval(&self, x: &[f64]) -> f64 {
        self.0
            .iter()
            .map(|(m, c)| {
                let mut t = c.to_f64();
                let mut bits = *m;
                while bits != 0 {
                    t *= x[bits.trailing_zeros() as usize];
                    bits &= bits - 1;
                }
                t
            })
            .sum()
    }
}

// ---------------------------------------------------------------------------------------------

struct Game<'a> {
    tree: &'a Tree,
    /// Personal information sets.
    personal: Vec<usize>,
    /// Per information set, its index in `personal` (`None` for chance): where its support
    /// sits in a support profile.
    slot: Vec<Option<usize>>,
    /// Payoff at each leaf (accumulated along the path).
    leaf: Vec<Vec<Q>>,
    /// Per information set, the chance probabilities (empty for personal sets).
    chance: Vec<Vec<Q>>,
    /// Per node, the index of the action that leads to it from its parent.
    action: Vec<usize>,
    /// Where each information set's actions start in arrays flattened over (set, action); the
    /// last entry is the total.
    first: Vec<usize>,
    /// The leaf payoffs and chance probabilities in floating point, for the quick rejection of
    /// candidates that clearly fail (see [`clearly_fails`]).
    leaf_f64: Vec<Vec<f64>>,
    chance_f64: Vec<Vec<f64>>,
    /// A bound on rounding error in values computed in floating point.
    tolerance: f64,
    n: usize,
}

impl<'a> Game<'a> {
    fn new(tree: &'a Tree) -> Game<'a> {
        let personal: Vec<usize> = (0..tree.infosets.len())
            .filter(|&i| tree.infosets[i].player != Player::Chance)
            .collect();
        let mut action = vec![0; tree.nodes.len()];
        for node in &tree.nodes {
            for (a, &c) in node.children.iter().enumerate() {
                action[c] = a;
            }
        }
        let leaf: Vec<Vec<Q>> = tree.accumulated_payoffs_q();
        let chance: Vec<Vec<Q>> = tree
            .infosets
            .iter()
            .map(|i| i.probs.iter().map(Q::from_rational).collect())
            .collect();
        let to_f64 = |rows: &[Vec<Q>]| -> Vec<Vec<f64>> {
            rows.iter()
                .map(|r| r.iter().map(Q::to_f64).collect())
                .collect()
        };
        let leaf_f64 = to_f64(&leaf);
        let largest = leaf_f64
            .iter()
            .flatten()
            .fold(0.0f64, |m, v| m.max(v.abs()));
        let mut slot = vec![None; tree.infosets.len()];
        for (k, &h) in personal.iter().enumerate() {
            slot[h] = Some(k);
        }
        let mut first = vec![0];
        for info in &tree.infosets {
            first.push(first.last().copied().unwrap_or(0) + info.actions.len());
        }
        Game {
            tree,
            personal,
            slot,
            first,
            chance_f64: to_f64(&chance),
            leaf,
            chance,
            action,
            leaf_f64,
            // Each value is a convex combination along at most `nodes` steps; a relative error
            // of 1e-9 is many orders of magnitude above what f64 rounding can produce there.
            tolerance: 1e-9 * (1.0 + largest) * (1.0 + tree.nodes.len() as f64).sqrt(),
            n: tree.players.len(),
        }
    }

    fn mover(&self, node: usize) -> Option<usize> {
        match self.tree.nodes[node].kind {
            NodeKind::Personal(i) => match self.tree.infosets[i].player {
                Player::Personal(p) => Some(p),
                Player::Chance => None,
            },
            _ => None,
        }
    }
}

/// Bounds of each player's payoff from each node (flattened by node and player) when the
/// personal moves are restricted to those `allowed(information set, action)` accepts, in
/// floating point.
fn payoff_bounds(g: &Game, lo: &mut [f64], hi: &mut [f64], allowed: impl Fn(usize, usize) -> bool) {
    let tree = g.tree;
    let n = g.n;
    for node in (0..tree.nodes.len()).rev() {
        let nd = &tree.nodes[node];
        let at = node * n;
        match nd.kind {
            NodeKind::Terminal => {
                lo[at..at + n].copy_from_slice(&g.leaf_f64[node]);
                hi[at..at + n].copy_from_slice(&g.leaf_f64[node]);
            }
            NodeKind::Chance(i) => {
                for p in 0..n {
                    let (mut l, mut h) = (0.0, 0.0);
                    for (a, &c) in nd.children.iter().enumerate() {
                        l += g.chance_f64[i][a] * lo[c * n + p];
                        h += g.chance_f64[i][a] * hi[c * n + p];
                    }
                    lo[at + p] = l;
                    hi[at + p] = h;
                }
            }
            NodeKind::Personal(i) => {
                for p in 0..n {
                    let (mut l, mut h) = (f64::INFINITY, f64::NEG_INFINITY);
                    for (a, &c) in nd.children.iter().enumerate() {
                        if allowed(i, a) {
                            l = l.min(lo[c * n + p]);
                            h = h.max(hi[c * n + p]);
                        }
                    }
                    lo[at + p] = l;
                    hi[at + p] = h;
                }
            }
        }
    }
}

/// Whether action `a` at information set `h` is beaten at every member, by more than the
/// rounding margin, by some other action that `rival` accepts, given the bounds.
fn beaten(
    g: &Game,
    lo: &[f64],
    hi: &[f64],
    h: usize,
    a: usize,
    rival: impl Fn(usize) -> bool,
) -> bool {
    let tree = g.tree;
    let n = g.n;
    let info = &tree.infosets[h];
    let Player::Personal(me) = info.player else {
        return false;
    };
    (0..info.actions.len()).any(|b| {
        b != a
            && rival(b)
            && info.members.iter().all(|&x| {
                let ca = tree.nodes[x].children[a];
                let cb = tree.nodes[x].children[b];
                hi[ca * n + me] < lo[cb * n + me] - g.tolerance
            })
    })
}

/// Iterated conditional dominance: returns the allowed actions per information set.
///
/// The bounds are computed in floating point, and an action is removed only when it loses by
/// more than [`Game::tolerance`] (far above rounding error), so an action removed here is
/// strictly dominated in exact arithmetic too.
fn prune(g: &Game) -> (Vec<Vec<bool>>, usize) {
    let tree = g.tree;
    let mut allowed: Vec<Vec<bool>> = tree
        .infosets
        .iter()
        .map(|i| vec![true; i.actions.len()])
        .collect();
    let mut removed = 0;
    let mut lo = vec![0.0f64; tree.nodes.len() * g.n];
    let mut hi = vec![0.0f64; tree.nodes.len() * g.n];
    loop {
        payoff_bounds(g, &mut lo, &mut hi, |i, a| allowed[i][a]);
        let mut changed = false;
        for &h in &g.personal {
            for a in 0..tree.infosets[h].actions.len() {
                if !allowed[h][a] || allowed[h].iter().filter(|&&x| x).count() < 2 {
                    continue;
                }
                if beaten(g, &lo, &hi, h, a, |b| allowed[h][b]) {
                    allowed[h][a] = false;
                    removed += 1;
                    changed = true;
                }
            }
        }
        if !changed {
            return (allowed, removed);
        }
    }
}

/// Every sequential equilibrium the support enumeration finds, each verified exactly.
///
/// The tree must be valid ([`Tree::validate`]); `perfect_recall` is its perfect recall, known
/// beforehand (a compiled scenario's instantiations share their structure, so both are checked
/// once for all of them). Without perfect recall the method refuses.
pub(crate) fn enumerate(tree: &Tree, perfect_recall: bool) -> Result<Enumeration, SolverError> {
    if !perfect_recall {
        return Err(SolverError::Invalid(
            "the game does not have perfect recall".into(),
        ));
    }
    let g = Game::new(tree);
    let mut ws = Workspace::new(&g);
    let (allowed, removed_actions) = prune(&g);
    // The candidate supports at each personal information set.
    let mut options: Vec<Vec<Vec<usize>>> = Vec::new();
    let mut count: u128 = 1;
    for &h in &g.personal {
        let acts: Vec<usize> = (0..allowed[h].len()).filter(|&a| allowed[h][a]).collect();
        let mut subsets = Vec::new();
        for mask in 1u64..(1u64 << acts.len().min(16)) {
            subsets.push(
                acts.iter()
                    .enumerate()
                    .filter(|(i, _)| mask & (1 << i) != 0)
                    .map(|(_, &a)| a)
                    .collect::<Vec<_>>(),
            );
        }
        // Purer supports first, so pure equilibria come first in the output.
        subsets.sort_by_key(|s| s.len());
        count = count.saturating_mul(subsets.len() as u128);
        options.push(subsets);
    }
    if count > SUPPORT_LIMIT {
        return Err(SolverError::TooManySupports(count));
    }
    // Enumerate profiles in order of the number of mixing information sets, then odometer
    // order. The profiles sit in one flat array, `m` choices each.
    let m = options.len();
    let mut profiles: Vec<usize> = Vec::new();
    let mut idx = vec![0usize; m];
    loop {
        profiles.extend_from_slice(&idx);
        let mut k = 0;
        loop {
            if k == idx.len() {
                break;
            }
            idx[k] += 1;
            if idx[k] < options[k].len() {
                break;
            }
            idx[k] = 0;
            k += 1;
        }
        if k == idx.len() {
            break;
        }
    }
    let total = if m == 0 { 1 } else { profiles.len() / m };
    let choice_of = |j: usize| &profiles[j * m..(j + 1) * m];
    let mut order: Vec<(usize, usize)> = (0..total)
        .map(|j| {
            let mixing = choice_of(j)
                .iter()
                .enumerate()
                .filter(|(h, &o)| options[*h][o].len() > 1)
                .count();
            (mixing, j)
        })
        .collect();
    order.sort_unstable();
    let mut out = Enumeration {
        equilibria: Vec::new(),
        complete: true,
        supports: count,
        removed_actions,
    };
    let mut supports: Vec<&Vec<usize>> = Vec::with_capacity(m);
    for &(_, j) in &order {
        supports.clear();
        supports.extend(
            choice_of(j)
                .iter()
                .enumerate()
                .map(|(h, &o)| &options[h][o]),
        );
        if never_best_reply(&g, &supports, &mut ws) {
            continue;
        }
        match solve_support(&g, &supports, &mut ws) {
            SupportResult::Candidate(behavior) => {
                if let Some(a) = verify(&g, &behavior) {
                    if !out.equilibria.iter().any(|e| e.behavior == a.behavior) {
                        out.equilibria.push(a);
                    }
                }
            }
            SupportResult::None => {}
            SupportResult::Unsolved => out.complete = false,
        }
    }
    Ok(out)
}

enum SupportResult {
    Candidate(Vec<Vec<Q>>),
    None,
    Unsolved,
}

/// Buffers that [`solve_support`] reuses from one support profile to the next, so that the
/// enumeration does not allocate per profile what has the same shape every time.
struct Workspace {
    /// Per information set and action (flattened by `Game::first`): the variable, if any.
    var_at: Vec<Option<u32>>,
    /// Per information set and action: whether the action is in the support.
    on: Vec<bool>,
    /// Per node: whether its values are needed.
    need: Vec<bool>,
    /// Per node and player (flattened): the continuation value polynomial.
    values: Vec<Poly>,
    /// Per node and player (flattened): bounds of the value given the supports.
    lo: Vec<f64>,
    hi: Vec<f64>,
}

impl Workspace {
    fn new(g: &Game) -> Workspace {
        let actions = g.first.last().copied().unwrap_or(0);
        Workspace {
            var_at: vec![None; actions],
            on: vec![true; actions],
            need: vec![false; g.tree.nodes.len()],
            values: vec![Poly::default(); g.tree.nodes.len() * g.n],
            lo: vec![0.0; g.tree.nodes.len() * g.n],
            hi: vec![0.0; g.tree.nodes.len() * g.n],
        }
    }
}

/// Whether some supported action is never a best reply within this support profile: another
/// action of the same set gives more at every member, whatever the mixing inside the supports
/// below (bounds over them). No belief makes such an action optimal, so the profile holds no
/// equilibrium and need not be solved. Computed in floating point with a margin far above
/// rounding error, so a profile is only skipped when exact arithmetic would skip it too.
fn never_best_reply(g: &Game, supports: &[&Vec<usize>], ws: &mut Workspace) -> bool {
    let (lo, hi) = (&mut ws.lo, &mut ws.hi);
    payoff_bounds(g, lo, hi, |i, a| {
        g.slot[i].is_some_and(|k| supports[k].contains(&a))
    });
    g.personal.iter().enumerate().any(|(k, &h)| {
        supports[k]
            .iter()
            .any(|&a| beaten(g, lo, hi, h, a, |_| true))
    })
}

fn solve_support(g: &Game, supports: &[&Vec<usize>], ws: &mut Workspace) -> SupportResult {
    let tree = g.tree;
    let n = g.n;
    // Variables: one per supported action at each mixing information set, numbered in the
    // order of the information sets and of the actions in their supports.
    if supports.iter().all(|s| s.len() == 1) {
        return SupportResult::Candidate(pure_behavior(g, supports));
    }
    ws.var_at.iter_mut().for_each(|v| *v = None);
    ws.on.iter_mut().for_each(|v| *v = true);
    // Per variable: its information set and the size of its support.
    let mut var_info: Vec<(usize, usize)> = Vec::new();
    for (k, &h) in g.personal.iter().enumerate() {
        let s = supports[k];
        ws.on[g.first[h]..g.first[h + 1]]
            .iter_mut()
            .for_each(|x| *x = false);
        for &a in s.iter() {
            ws.on[g.first[h] + a] = true;
            if s.len() > 1 {
                ws.var_at[g.first[h] + a] = Some(var_info.len() as u32);
                var_info.push((h, s.len()));
            }
        }
    }
    let nvars = var_info.len();
    if nvars > MAX_VARS {
        return SupportResult::Unsolved;
    }
    let one = Q::one();
    let (var_at, on) = (&ws.var_at, &ws.on);
    // Probability of an action as (coefficient, optional variable); `None` when off support.
    let prob = |h: usize, a: usize| -> Option<(&Q, Option<u32>)> {
        match g.slot[h] {
            None => Some((&g.chance[h][a], None)),
            Some(_) if !on[g.first[h] + a] => None,
            Some(_) => Some((&one, var_at[g.first[h] + a])),
        }
    };
    // The indifference conditions need the mixing players' values at the children of the
    // mixing sets' members, and so below them along supported actions only; nothing else.
    let mut mixer = vec![false; n];
    let need = &mut ws.need;
    need.iter_mut().for_each(|x| *x = false);
    for (k, &h) in g.personal.iter().enumerate() {
        if supports[k].len() < 2 {
            continue;
        }
        if let Player::Personal(me) = tree.infosets[h].player {
            mixer[me] = true;
        }
        for &x in &tree.infosets[h].members {
            for &a in supports[k].iter() {
                need[tree.nodes[x].children[a]] = true;
            }
        }
    }
    for node in 0..tree.nodes.len() {
        if !need[node] {
            continue;
        }
        if let Some(i) = tree.infoset_of(node) {
            for (a, &c) in tree.nodes[node].children.iter().enumerate() {
                if prob(i, a).is_some() {
                    need[c] = true;
                }
            }
        }
    }
    // Continuation value polynomials, bottom-up over supported actions. Entries of nodes not
    // needed here keep stale values from earlier profiles and are never read.
    let values = &mut ws.values;
    for node in (0..tree.nodes.len()).rev() {
        if !need[node] {
            continue;
        }
        let nd = &tree.nodes[node];
        for p in (0..n).filter(|&p| mixer[p]) {
            let mut v = std::mem::take(&mut values[node * n + p]);
            v.0.clear();
            match nd.kind {
                NodeKind::Terminal => {
                    if !g.leaf[node][p].is_zero() {
                        v.0.push((0, g.leaf[node][p].clone()));
                    }
                }
                NodeKind::Chance(i) | NodeKind::Personal(i) => {
                    for (a, &c) in nd.children.iter().enumerate() {
                        if let Some((coef, var)) = prob(i, a) {
                            v.add_scaled(&values[c * n + p], coef, var.map_or(0, |v| 1 << v));
                        }
                    }
                }
            }
            values[node * n + p] = v;
        }
    }
    let values = &ws.values;
    // Reach weight of each node excluding one player's own moves: (tremble order, monomial).
    let mut equations: Vec<Poly> = Vec::new();
    for (k, &h) in g.personal.iter().enumerate() {
        let s = supports[k];
        if s.len() < 2 {
            continue;
        }
        let Player::Personal(me) = tree.infosets[h].player else {
            continue;
        };
        let mut weights: Vec<(usize, Q, Mono)> = Vec::with_capacity(tree.infosets[h].members.len());
        for &x in &tree.infosets[h].members {
            let mut order = 0usize;
            let mut coef = Q::one();
            let mut vars: Mono = 0;
            let mut child = x;
            let mut dead = false;
            while let Some(parent) = tree.nodes[child].parent {
                let a = g.action[child];
                let i = tree.infoset_of(parent).unwrap_or(0);
                let own = g.mover(parent) == Some(me);
                if !own {
                    match prob(i, a) {
                        Some((c, v)) => {
                            if c.is_zero() {
                                dead = true;
                            }
                            coef *= c;
                            if let Some(v) = v {
                                vars |= 1 << v;
                            }
                        }
                        None => order += 1,
                    }
                }
                child = parent;
            }
            weights.push(if dead {
                (usize::MAX, Q::zero(), 0)
            } else {
                (order, coef, vars)
            });
        }
        let min_order = weights.iter().map(|w| w.0).min().unwrap_or(usize::MAX);
        // Unknowns common to every weight are positive on this support and divide out,
        // which keeps the conditions linear where they can be.
        let common = weights
            .iter()
            .filter(|w| w.0 == min_order)
            .fold(Mono::MAX, |c, w| c & w.2);
        for w in weights.iter_mut() {
            w.2 &= !common;
        }
        let a0 = s[0];
        for &a in &s[1..] {
            let mut eq = Poly::default();
            for (m, &x) in tree.infosets[h].members.iter().enumerate() {
                let (order, coef, vars) = &weights[m];
                if *order != min_order || min_order == usize::MAX {
                    continue;
                }
                let ca = tree.nodes[x].children[a];
                let c0 = tree.nodes[x].children[a0];
                eq.add_scaled(&values[ca * n + me], coef, *vars);
                eq.add_scaled(&values[c0 * n + me], &-coef, *vars);
            }
            if min_order == usize::MAX {
                // Reached only through impossible chance moves: beliefs are uniform.
                for &x in &tree.infosets[h].members {
                    let ca = tree.nodes[x].children[a];
                    let c0 = tree.nodes[x].children[a0];
                    eq.add_scaled(&values[ca * n + me], &Q::one(), 0);
                    eq.add_scaled(&values[c0 * n + me], &-Q::one(), 0);
                }
            }
            equations.push(eq);
        }
        let mut sum = Poly::constant(-Q::one());
        for &a in s.iter() {
            sum.add_scaled(
                &Poly::constant(Q::one()),
                &Q::one(),
                var_at[g.first[h] + a].map_or(0, |v| 1 << v),
            );
        }
        equations.push(sum);
    }
    let share: Vec<Q> = var_info.iter().map(|&(_, k)| Q::new(1, k as i64)).collect();
    let solution = match solve_system(equations, &share) {
        System::Solved(x) => x,
        System::Inconsistent => return SupportResult::None,
        System::Stuck => return SupportResult::Unsolved,
    };
    if solution.iter().any(|v| !v.is_positive() || *v > Q::one()) {
        return SupportResult::None;
    }
    let mut behavior = pure_behavior(g, supports);
    for (h, probs) in behavior.iter_mut().enumerate() {
        for (a, p) in probs.iter_mut().enumerate() {
            if let Some(v) = var_at[g.first[h] + a] {
                *p = solution[v as usize].clone();
            }
        }
    }
    SupportResult::Candidate(behavior)
}

enum System {
    Solved(Vec<Q>),
    /// No solution, or none with every probability in (0, 1].
    Inconsistent,
    Stuck,
}

/// Solves the multilinear system by rounds: Gaussian elimination on the equations that are
/// linear, substitution of every variable it determines into all equations, and again. When
/// the linear part leaves variables free (a continuum of solutions), one free variable is set
/// to an interior value (its equal share of its information set) and the rounds go on, so the
/// candidate is a point inside the continuum. Stuck only when nonlinear equations remain with
/// no linear handle.
fn solve_system(mut equations: Vec<Poly>, share: &[Q]) -> System {
    let nvars = share.len();
    let mut value: Vec<Option<Q>> = vec![None; nvars];
    loop {
        if equations.iter().any(|e| e.degree() == 0 && !e.0.is_empty()) {
            return System::Inconsistent;
        }
        equations.retain(|e| !e.0.is_empty());
        let linear = equations.iter().filter(|e| e.degree() <= 1);
        let determined = match eliminate(linear, nvars) {
            None => return System::Inconsistent,
            Some(d) => d,
        };
        let mut fixed: Vec<(u32, Q)> = Vec::new();
        for (v, x) in determined {
            if value[v].is_none() {
                // A probability outside (0, 1] rules the support out whatever the rest of the
                // system says, as the caller would.
                if !x.is_positive() || x > Q::one() {
                    return System::Inconsistent;
                }
                value[v] = Some(x.clone());
                fixed.push((v as u32, x));
            }
        }
        if !fixed.is_empty() {
            for e in equations.iter_mut() {
                e.substitute_all(&fixed);
            }
            continue;
        }
        let free: Vec<usize> = (0..nvars).filter(|&v| value[v].is_none()).collect();
        if free.is_empty() {
            return System::Solved(value.into_iter().map(Option::unwrap_or_default).collect());
        }
        if equations.iter().any(|e| e.degree() > 1) {
            // Nonlinear with no linear handle: find a root numerically, then try to read it as
            // exact rationals and check it exactly. Only an exact root is used.
            return match newton_rational(&equations, &free, &share) {
                Some(roots) => {
                    for (v, x) in roots {
                        value[v] = Some(x);
                    }
                    System::Solved(value.into_iter().map(Option::unwrap_or_default).collect())
                }
                None => System::Stuck,
            };
        }
        // A continuum: fix one free variable inside it and carry on.
        let v = free[0];
        let x = share[v].clone();
        value[v] = Some(x.clone());
        equations = equations
            .iter()
            .map(|e| e.substitute(v as u32, &x))
            .collect();
    }
}

/// The best rational approximation with a denominator up to `max_den` (continued fractions).
fn rationalize(x: f64, max_den: i64) -> Option<Q> {
    if !x.is_finite() {
        return None;
    }
    let (mut h0, mut h1, mut k0, mut k1) = (0i64, 1i64, 1i64, 0i64);
    let mut y = x;
    for _ in 0..40 {
        let a = y.floor();
        if a.abs() > 1e12 {
            break;
        }
        let a = a as i64;
        let h2 = a.checked_mul(h1)?.checked_add(h0)?;
        let k2 = a.checked_mul(k1)?.checked_add(k0)?;
        if k2 > max_den {
            break;
        }
        (h0, h1, k0, k1) = (h1, h2, k1, k2);
        let frac = y - a as f64;
        if frac.abs() < 1e-13 {
            break;
        }
        y = 1.0 / frac;
    }
    (k1 != 0).then(|| Q::new(h1, k1))
}

/// Gauss-Newton from several deterministic starting points inside the simplex; a root found
/// is rounded to small-denominator rationals and accepted only if it solves every equation
/// exactly and lies in (0, 1].
fn newton_rational(equations: &[Poly], free: &[usize], share: &[Q]) -> Option<Vec<(usize, Q)>> {
    let nvars = share.len();
    let jac: Vec<Vec<Poly>> = equations
        .iter()
        .map(|e| free.iter().map(|&v| e.derivative(v as u32)).collect())
        .collect();
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    for start in 0..12 {
        let mut x = vec![0.0; nvars];
        for &v in free {
            x[v] = if start == 0 {
                share[v].to_f64()
            } else {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                0.05 + 0.9 * ((seed >> 11) as f64 / (1u64 << 53) as f64)
            };
        }
        for _ in 0..60 {
            let f: Vec<f64> = equations.iter().map(|e| e.eval(&x)).collect();
            let norm: f64 = f.iter().map(|v| v * v).sum::<f64>().sqrt();
            if norm < 1e-13 {
                break;
            }
            // Normal equations (J^T J + tiny ridge) dx = -J^T f.
            let m = free.len();
            let j: Vec<Vec<f64>> = jac
                .iter()
                .map(|row| row.iter().map(|d| d.eval(&x)).collect())
                .collect();
            let mut a = vec![vec![0.0; m + 1]; m];
            for r in 0..m {
                for c in 0..m {
                    a[r][c] = (0..equations.len()).map(|e| j[e][r] * j[e][c]).sum::<f64>()
                        + if r == c { 1e-12 } else { 0.0 };
                }
                a[r][m] = -(0..equations.len()).map(|e| j[e][r] * f[e]).sum::<f64>();
            }
            let dx = gauss_f64(a)?;
            for (k, &v) in free.iter().enumerate() {
                x[v] += dx[k];
            }
        }
        let roots: Option<Vec<(usize, Q)>> = free
            .iter()
            .map(|&v| rationalize(x[v], 1_000_000).map(|r| (v, r)))
            .collect();
        let Some(roots) = roots else { continue };
        if roots.iter().any(|(_, r)| !r.is_positive() || *r > Q::one()) {
            continue;
        }
        let exact = equations.iter().all(|e| {
            let mut p = e.clone();
            for (v, r) in &roots {
                p = p.substitute(*v as u32, r);
            }
            p.0.is_empty()
        });
        if exact {
            return Some(roots);
        }
    }
    None
}

fn gauss_f64(mut a: Vec<Vec<f64>>) -> Option<Vec<f64>> {
    let n = a.len();
    for col in 0..n {
        let p = (col..n).max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))?;
        if a[p][col].abs() < 1e-300 {
            return None;
        }
        a.swap(col, p);
        for r in 0..n {
            if r != col {
                let f = a[r][col] / a[col][col];
                for c in col..=n {
                    a[r][c] -= f * a[col][c];
                }
            }
        }
    }
    Some((0..n).map(|i| a[i][n] / a[i][i]).collect())
}

/// Gaussian elimination over the rationals. `None`: inconsistent. Otherwise the variables the
/// equations determine uniquely, with their values.
fn eliminate<'a>(
    equations: impl Iterator<Item = &'a Poly>,
    nvars: usize,
) -> Option<Vec<(usize, Q)>> {
    let mut rows: Vec<Vec<Q>> = equations
        .map(|e| {
            let mut row = vec![Q::zero(); nvars + 1];
            for (mono, c) in &e.0 {
                match mono.count_ones() {
                    0 => row[nvars] = -c,
                    1 => row[mono.trailing_zeros() as usize] = c.clone(),
                    _ => {}
                }
            }
            row
        })
        .collect();
    let mut r = 0;
    for col in 0..nvars {
        let Some(p) = (r..rows.len()).find(|&i| !rows[i][col].is_zero()) else {
            continue;
        };
        rows.swap(r, p);
        let inv = rows[r][col].recip();
        for v in rows[r].iter_mut() {
            *v *= &inv;
        }
        let pivot_row = rows[r].clone();
        for (i, row) in rows.iter_mut().enumerate() {
            if i != r && !row[col].is_zero() {
                let f = row[col].clone();
                for (x, y) in row.iter_mut().zip(pivot_row.iter()) {
                    *x -= &(&f * y);
                }
            }
        }
        r += 1;
    }
    if rows[r..].iter().any(|row| !row[nvars].is_zero()) {
        return None;
    }
    let mut out = Vec::new();
    for row in &rows[..r] {
        let nonzero: Vec<usize> = (0..nvars).filter(|&c| !row[c].is_zero()).collect();
        if let [v] = nonzero.as_slice() {
            out.push((*v, row[nvars].clone()));
        }
    }
    Some(out)
}

fn pure_behavior(g: &Game, supports: &[&Vec<usize>]) -> Vec<Vec<Q>> {
    g.tree
        .infosets
        .iter()
        .enumerate()
        .map(|(h, info)| match g.slot[h].map(|k| supports[k]) {
            None => g.chance[h].clone(),
            Some(s) => (0..info.actions.len())
                .map(|a| {
                    if s.len() == 1 && s[0] == a {
                        Q::one()
                    } else {
                        Q::zero()
                    }
                })
                .collect(),
        })
        .collect()
}

/// The tremble order and leading coefficient of the belief weight of member `x` of one of
/// `me`'s information sets under `behavior`: every move on the path made by chance or by
/// another player counts, and an unplayed one is a tremble (order + 1) instead of a factor.
/// `times(coef, set, action)` multiplies the coefficient by that move's probability, in the
/// arithmetic of the caller. `None` when a chance move on the path has probability zero.
fn tremble_weight<T>(
    g: &Game,
    behavior: &[Vec<Q>],
    x: usize,
    me: usize,
    mut coef: T,
    times: impl Fn(&mut T, usize, usize),
) -> Option<(usize, T)> {
    let tree = g.tree;
    let mut order = 0usize;
    let mut child = x;
    while let Some(parent) = tree.nodes[child].parent {
        let a = g.action[child];
        match tree.nodes[parent].kind {
            NodeKind::Chance(i) => {
                if g.chance[i][a].is_zero() {
                    return None;
                }
                times(&mut coef, i, a);
            }
            NodeKind::Personal(i) if tree.infosets[i].player != Player::Personal(me) => {
                if behavior[i][a].is_zero() {
                    order += 1;
                } else {
                    times(&mut coef, i, a);
                }
            }
            _ => {}
        }
        child = parent;
    }
    Some((order, coef))
}

/// Each player's expected payoff from each node under `behavior`, exactly.
fn node_values(g: &Game, behavior: &[Vec<Q>]) -> Vec<Vec<Q>> {
    let tree = g.tree;
    let mut values: Vec<Vec<Q>> = g.leaf.clone();
    for node in (0..tree.nodes.len()).rev() {
        let nd = &tree.nodes[node];
        if let NodeKind::Chance(i) | NodeKind::Personal(i) = nd.kind {
            let mut v = vec![Q::zero(); g.n];
            for (a, &c) in nd.children.iter().enumerate() {
                let pa = &behavior[i][a];
                for (vp, cp) in v.iter_mut().zip(&values[c]) {
                    vp.add_product(pa, cp);
                }
            }
            values[node] = v;
        }
    }
    values
}

/// The probability of reaching each node under `behavior`, exactly.
fn reach(g: &Game, behavior: &[Vec<Q>]) -> Vec<Q> {
    let tree = g.tree;
    let mut reach = vec![Q::zero(); tree.nodes.len()];
    reach[0] = Q::one();
    for node in 0..tree.nodes.len() {
        let nd = &tree.nodes[node];
        if let NodeKind::Chance(i) | NodeKind::Personal(i) = nd.kind {
            for (a, &c) in nd.children.iter().enumerate() {
                reach[c] = &reach[node] * &behavior[i][a];
            }
        }
    }
    reach
}

/// Whether the profile, computed in floating point, fails sequential rationality somewhere by
/// far more than rounding could explain. A quick filter before the exact check, which alone
/// accepts: a profile that passes here is still verified exactly, and one rejected here would
/// have been rejected exactly too (its gain exceeds any rounding error by orders of magnitude).
fn clearly_fails(g: &Game, behavior: &[Vec<Q>]) -> bool {
    let tree = g.tree;
    let n = g.n;
    let b: Vec<Vec<f64>> = behavior
        .iter()
        .map(|r| r.iter().map(Q::to_f64).collect())
        .collect();
    let mut values: Vec<f64> = vec![0.0; tree.nodes.len() * n];
    for node in (0..tree.nodes.len()).rev() {
        let nd = &tree.nodes[node];
        match nd.kind {
            NodeKind::Terminal => {
                values[node * n..(node + 1) * n].copy_from_slice(&g.leaf_f64[node]);
            }
            NodeKind::Chance(i) | NodeKind::Personal(i) => {
                for (a, &c) in nd.children.iter().enumerate() {
                    let pa = b[i][a];
                    if pa != 0.0 {
                        for p in 0..n {
                            values[node * n + p] += pa * values[c * n + p];
                        }
                    }
                }
            }
        }
    }
    for (h, info) in tree.infosets.iter().enumerate() {
        let Player::Personal(me) = info.player else {
            continue;
        };
        // Beliefs as in `verify`: the members of lowest tremble order, weighted by the
        // probabilities of the others' moves and chance.
        let mu: Vec<(usize, f64)> = info
            .members
            .iter()
            .map(|&x| {
                tremble_weight(g, behavior, x, me, 1.0, |c, i, a| {
                    *c *= if g.chance[i].is_empty() {
                        b[i][a]
                    } else {
                        g.chance_f64[i][a]
                    }
                })
                .unwrap_or((usize::MAX, 0.0))
            })
            .collect();
        let best_order = mu.iter().map(|w| w.0).min().unwrap_or(usize::MAX);
        let weight = |m: usize| -> f64 {
            match best_order {
                usize::MAX => 1.0,
                o if mu[m].0 == o => mu[m].1,
                _ => 0.0,
            }
        };
        let total: f64 = (0..mu.len()).map(weight).sum();
        if total <= 0.0 {
            // Tiny weights underflowed: leave the case to the exact check.
            return false;
        }
        let q: Vec<f64> = (0..info.actions.len())
            .map(|a| {
                (0..mu.len())
                    .map(|m| {
                        weight(m) / total * values[tree.nodes[info.members[m]].children[a] * n + me]
                    })
                    .sum()
            })
            .collect();
        let best = q.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
        if (0..info.actions.len()).any(|a| b[h][a] > 0.0 && q[a] < best - g.tolerance) {
            return true;
        }
    }
    false
}

/// Verifies a behaviour profile exactly: consistent beliefs from uniform trembles, and every
/// played action a best reply at every information set. Returns the assessment if it passes.
fn verify(g: &Game, behavior: &[Vec<Q>]) -> Option<Assessment> {
    if clearly_fails(g, behavior) {
        return None;
    }
    let tree = g.tree;
    for probs in behavior {
        if probs.iter().sum::<Q>() != Q::one() || probs.iter().any(|p| p.is_negative()) {
            return None;
        }
    }
    let values = node_values(g, behavior);
    let mut beliefs = vec![Vec::new(); tree.infosets.len()];
    for (h, info) in tree.infosets.iter().enumerate() {
        let Player::Personal(me) = info.player else {
            continue;
        };
        // Tremble order and leading coefficient of each member, the mover's own moves excluded.
        let weights: Vec<(usize, Q)> = info
            .members
            .iter()
            .map(|&x| {
                tremble_weight(g, behavior, x, me, Q::one(), |c, i, a| {
                    *c *= if g.chance[i].is_empty() {
                        &behavior[i][a]
                    } else {
                        &g.chance[i][a]
                    }
                })
                .unwrap_or((usize::MAX, Q::zero()))
            })
            .collect();
        let min_order = weights.iter().map(|w| w.0).min().unwrap_or(usize::MAX);
        let mut mu: Vec<Q> = weights
            .into_iter()
            .map(|(o, c)| {
                if o == min_order && min_order != usize::MAX {
                    c
                } else {
                    Q::zero()
                }
            })
            .collect();
        let total: Q = mu.iter().sum();
        if total.is_zero() {
            mu = vec![Q::new(1, info.members.len() as i64); info.members.len()];
        } else {
            for m in mu.iter_mut() {
                *m /= &total;
            }
        }
        // Sequential rationality at this information set.
        let q: Vec<Q> = (0..info.actions.len())
            .map(|a| {
                let mut sum = Q::zero();
                for (&x, m) in info.members.iter().zip(&mu) {
                    sum.add_product(m, &values[tree.nodes[x].children[a]][me]);
                }
                sum
            })
            .collect();
        let best = q.iter().max().cloned().unwrap_or_default();
        if (0..info.actions.len()).any(|a| behavior[h][a].is_positive() && q[a] < best) {
            return None;
        }
        beliefs[h] = mu;
    }
    let reach = reach(g, behavior);
    let big = |rows: &[Vec<Q>]| -> Vec<Vec<Rational>> {
        rows.iter()
            .map(|row| row.iter().map(Q::to_rational).collect())
            .collect()
    };
    Some(Assessment {
        behavior: big(behavior),
        beliefs: big(&beliefs),
        values: big(&values),
        reach: reach.iter().map(Q::to_rational).collect(),
    })
}

/// An assessment from a behaviour profile and beliefs given from elsewhere (the logit
/// fallback): values and reach probabilities computed here.
pub(crate) fn assess(
    tree: &Tree,
    behavior: Vec<Vec<Rational>>,
    beliefs: Vec<Vec<Rational>>,
) -> Assessment {
    let g = Game::new(tree);
    let exact: Vec<Vec<Q>> = behavior
        .iter()
        .map(|row| row.iter().map(Q::from_rational).collect())
        .collect();
    let big = |row: &Vec<Q>| row.iter().map(Q::to_rational).collect();
    Assessment {
        values: node_values(&g, &exact).iter().map(big).collect(),
        reach: reach(&g, &exact).iter().map(Q::to_rational).collect(),
        behavior,
        beliefs,
    }
}
