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

use std::collections::BTreeMap;

use brink_game::{NodeKind, Player, Rational, Tree};
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

#[derive(Clone, Debug, Default, PartialEq)]
struct Poly(BTreeMap<Vec<u32>, Rational>);

impl Poly {
    fn constant(c: Rational) -> Poly {
        let mut m = BTreeMap::new();
        if !c.is_zero() {
            m.insert(Vec::new(), c);
        }
        Poly(m)
    }
    fn add_scaled(&mut self, other: &Poly, factor: &Rational, var: Option<u32>) {
        if factor.is_zero() {
            return;
        }
        for (mono, c) in &other.0 {
            let mut mono = mono.clone();
            if let Some(v) = var {
                match mono.binary_search(&v) {
                    Ok(_) => mono.push(v), // cannot happen without absent-mindedness; kept sound
                    Err(at) => mono.insert(at, v),
                }
                mono.sort_unstable();
            }
            let entry = self.0.entry(mono).or_insert_with(Rational::zero);
            *entry += c * factor;
        }
        self.0.retain(|_, c| !c.is_zero());
    }
    fn degree(&self) -> usize {
        self.0.keys().map(Vec::len).max().unwrap_or(0)
    }
}

// ---------------------------------------------------------------------------------------------

struct Game<'a> {
    tree: &'a Tree,
    /// Personal information sets.
    personal: Vec<usize>,
    /// Payoff at each leaf (accumulated along the path).
    leaf: Vec<Vec<Rational>>,
    n: usize,
}

impl<'a> Game<'a> {
    fn new(tree: &'a Tree) -> Game<'a> {
        let personal = (0..tree.infosets.len())
            .filter(|&i| tree.infosets[i].player != Player::Chance)
            .collect();
        Game {
            tree,
            personal,
            leaf: tree.accumulated_payoffs(),
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

/// Iterated conditional dominance: returns the allowed actions per information set.
fn prune(g: &Game) -> (Vec<Vec<bool>>, usize) {
    let tree = g.tree;
    let mut allowed: Vec<Vec<bool>> = tree
        .infosets
        .iter()
        .map(|i| vec![true; i.actions.len()])
        .collect();
    let mut removed = 0;
    loop {
        // Bounds of each player's payoff from each node, given the allowed actions.
        let mut lo = g.leaf.clone();
        let mut hi = g.leaf.clone();
        for node in (0..tree.nodes.len()).rev() {
            let nd = &tree.nodes[node];
            match nd.kind {
                NodeKind::Terminal => {}
                NodeKind::Chance(i) => {
                    for p in 0..g.n {
                        let mut l = Rational::zero();
                        let mut h = Rational::zero();
                        for (a, &c) in nd.children.iter().enumerate() {
                            l += &tree.infosets[i].probs[a] * &lo[c][p];
                            h += &tree.infosets[i].probs[a] * &hi[c][p];
                        }
                        lo[node][p] = l;
                        hi[node][p] = h;
                    }
                }
                NodeKind::Personal(i) => {
                    for p in 0..g.n {
                        let kids = nd
                            .children
                            .iter()
                            .enumerate()
                            .filter(|(a, _)| allowed[i][*a])
                            .map(|(_, &c)| c);
                        lo[node][p] = kids
                            .clone()
                            .map(|c| lo[c][p].clone())
                            .min()
                            .unwrap_or_default();
                        hi[node][p] = kids.map(|c| hi[c][p].clone()).max().unwrap_or_default();
                    }
                }
            }
        }
        let mut changed = false;
        for &h in &g.personal {
            let info = &tree.infosets[h];
            let Player::Personal(p) = info.player else {
                continue;
            };
            for a in 0..info.actions.len() {
                if !allowed[h][a] || allowed[h].iter().filter(|&&x| x).count() < 2 {
                    continue;
                }
                let dominated = (0..info.actions.len()).any(|b| {
                    b != a
                        && allowed[h][b]
                        && info.members.iter().all(|&x| {
                            let ca = tree.nodes[x].children[a];
                            let cb = tree.nodes[x].children[b];
                            hi[ca][p] < lo[cb][p]
                        })
                });
                if dominated {
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
pub(crate) fn enumerate(tree: &Tree) -> Result<Enumeration, SolverError> {
    tree.validate()
        .map_err(|e| SolverError::Invalid(e.to_string()))?;
    if !tree.is_perfect_recall() {
        return Err(SolverError::Invalid(
            "the game does not have perfect recall".into(),
        ));
    }
    let g = Game::new(tree);
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
    // Enumerate profiles in order of the number of mixing information sets, then odometer order.
    let mut profiles: Vec<Vec<usize>> = Vec::new();
    let mut idx = vec![0usize; options.len()];
    loop {
        profiles.push(idx.clone());
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
    profiles.sort_by_key(|p| {
        p.iter()
            .enumerate()
            .filter(|(h, &o)| options[*h][o].len() > 1)
            .count()
    });
    let mut out = Enumeration {
        equilibria: Vec::new(),
        complete: true,
        supports: count,
        removed_actions,
    };
    for choice in profiles {
        let supports: Vec<&Vec<usize>> = choice
            .iter()
            .enumerate()
            .map(|(h, &o)| &options[h][o])
            .collect();
        match solve_support(&g, &supports) {
            SupportResult::Candidate(behavior) => {
                if let Some(a) = verify(tree, &behavior) {
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
    Candidate(Vec<Vec<Rational>>),
    None,
    Unsolved,
}

fn solve_support(g: &Game, supports: &[&Vec<usize>]) -> SupportResult {
    let tree = g.tree;
    // Variables: one per supported action at each mixing information set.
    let mut var_of: BTreeMap<(usize, usize), u32> = BTreeMap::new();
    let mut support_of: Vec<Option<&Vec<usize>>> = vec![None; tree.infosets.len()];
    for (k, &h) in g.personal.iter().enumerate() {
        support_of[h] = Some(supports[k]);
        if supports[k].len() > 1 {
            for &a in supports[k].iter() {
                let id = var_of.len() as u32;
                var_of.insert((h, a), id);
            }
        }
    }
    let nvars = var_of.len();
    // Probability of an action as (coefficient, optional variable); `None` when off support.
    let prob = |h: usize, a: usize| -> Option<(Rational, Option<u32>)> {
        match support_of[h] {
            None => Some((tree.infosets[h].probs[a].clone(), None)),
            Some(s) => {
                if !s.contains(&a) {
                    None
                } else if s.len() == 1 {
                    Some((Rational::one(), None))
                } else {
                    Some((Rational::one(), var_of.get(&(h, a)).copied()))
                }
            }
        }
    };
    if nvars == 0 {
        let behavior = pure_behavior(tree, &support_of);
        return SupportResult::Candidate(behavior);
    }
    // Continuation value polynomials, per player, bottom-up over supported actions.
    let mut values: Vec<Vec<Poly>> = vec![vec![Poly::default(); g.n]; tree.nodes.len()];
    for node in (0..tree.nodes.len()).rev() {
        let nd = &tree.nodes[node];
        match nd.kind {
            NodeKind::Terminal => {
                for p in 0..g.n {
                    values[node][p] = Poly::constant(g.leaf[node][p].clone());
                }
            }
            NodeKind::Chance(i) | NodeKind::Personal(i) => {
                for p in 0..g.n {
                    let mut v = Poly::default();
                    for (a, &c) in nd.children.iter().enumerate() {
                        if let Some((coef, var)) = prob(i, a) {
                            v.add_scaled(&values[c][p], &coef, var);
                        }
                    }
                    values[node][p] = v;
                }
            }
        }
    }
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
        let mut weights: Vec<(usize, Rational, Vec<u32>)> = Vec::new();
        for &x in &tree.infosets[h].members {
            let mut order = 0usize;
            let mut coef = Rational::one();
            let mut vars = Vec::new();
            let mut child = x;
            let mut dead = false;
            while let Some(parent) = tree.nodes[child].parent {
                let a = tree.nodes[parent]
                    .children
                    .iter()
                    .position(|&c| c == child)
                    .unwrap_or(0);
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
                                vars.push(v);
                            }
                        }
                        None => order += 1,
                    }
                }
                child = parent;
            }
            if !dead {
                vars.sort_unstable();
                weights.push((order, coef, vars));
            } else {
                weights.push((usize::MAX, Rational::zero(), Vec::new()));
            }
        }
        let min_order = weights.iter().map(|w| w.0).min().unwrap_or(usize::MAX);
        // Unknowns common to every weight are positive on this support and divide out,
        // which keeps the conditions linear where they can be.
        let mut common: Option<Vec<u32>> = None;
        for (order, _, vars) in &weights {
            if *order == min_order {
                common = Some(match common {
                    None => vars.clone(),
                    Some(c) => c.into_iter().filter(|v| vars.contains(v)).collect(),
                });
            }
        }
        let common = common.unwrap_or_default();
        for w in weights.iter_mut() {
            w.2.retain(|v| !common.contains(v));
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
                let mut diff = values[ca][me].clone();
                diff.add_scaled(&values[c0][me], &-Rational::one(), None);
                let mut term = diff;
                for &v in vars {
                    let mut t = Poly::default();
                    t.add_scaled(&term, &Rational::one(), Some(v));
                    term = t;
                }
                eq.add_scaled(&term, coef, None);
            }
            if min_order == usize::MAX {
                // Reached only through impossible chance moves: beliefs are uniform.
                for &x in &tree.infosets[h].members {
                    let ca = tree.nodes[x].children[a];
                    let c0 = tree.nodes[x].children[a0];
                    eq.add_scaled(&values[ca][me], &Rational::one(), None);
                    eq.add_scaled(&values[c0][me], &-Rational::one(), None);
                }
            }
            equations.push(eq);
        }
        let mut sum = Poly::constant(-Rational::one());
        for &a in s.iter() {
            sum.add_scaled(
                &Poly::constant(Rational::one()),
                &Rational::one(),
                var_of.get(&(h, a)).copied(),
            );
        }
        equations.push(sum);
    }
    if equations.iter().any(|e| e.degree() > 1) {
        return SupportResult::Unsolved;
    }
    let Some(solution) = solve_linear(&equations, nvars) else {
        return SupportResult::None;
    };
    let Some(solution) = solution else {
        return SupportResult::Unsolved;
    };
    if solution
        .iter()
        .any(|v| !v.is_positive() || *v > Rational::one())
    {
        return SupportResult::None;
    }
    let mut behavior = pure_behavior(tree, &support_of);
    for (&(h, a), &v) in &var_of {
        behavior[h][a] = solution[v as usize].clone();
    }
    SupportResult::Candidate(behavior)
}

fn pure_behavior(tree: &Tree, support_of: &[Option<&Vec<usize>>]) -> Vec<Vec<Rational>> {
    tree.infosets
        .iter()
        .enumerate()
        .map(|(h, info)| match support_of[h] {
            None => info.probs.clone(),
            Some(s) => (0..info.actions.len())
                .map(|a| {
                    if s.len() == 1 && s[0] == a {
                        Rational::one()
                    } else {
                        Rational::zero()
                    }
                })
                .collect(),
        })
        .collect()
}

/// Solves linear equations exactly. `None`: inconsistent. `Some(None)`: not a unique solution.
fn solve_linear(equations: &[Poly], nvars: usize) -> Option<Option<Vec<Rational>>> {
    // Rows: coefficients then the right-hand side.
    let mut rows: Vec<Vec<Rational>> = equations
        .iter()
        .map(|e| {
            let mut row = vec![Rational::zero(); nvars + 1];
            for (mono, c) in &e.0 {
                match mono.as_slice() {
                    [] => row[nvars] = -c.clone(),
                    [v] => row[*v as usize] = c.clone(),
                    _ => {}
                }
            }
            row
        })
        .collect();
    let mut pivot_cols = Vec::new();
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
        for i in 0..rows.len() {
            if i != r && !rows[i][col].is_zero() {
                let f = rows[i][col].clone();
                let pivot_row = rows[r].clone();
                for (x, y) in rows[i].iter_mut().zip(pivot_row.iter()) {
                    *x -= &f * y;
                }
            }
        }
        pivot_cols.push(col);
        r += 1;
    }
    if rows[r..].iter().any(|row| !row[nvars].is_zero()) {
        return None;
    }
    if pivot_cols.len() < nvars {
        return Some(None);
    }
    let mut x = vec![Rational::zero(); nvars];
    for (i, &c) in pivot_cols.iter().enumerate() {
        x[c] = rows[i][nvars].clone();
    }
    Some(Some(x))
}

/// Verifies a behaviour profile exactly: consistent beliefs from uniform trembles, and every
/// played action a best reply at every information set. Returns the assessment if it passes.
pub(crate) fn verify(tree: &Tree, behavior: &[Vec<Rational>]) -> Option<Assessment> {
    let n = tree.players.len();
    let leaf = tree.accumulated_payoffs();
    let mut values: Vec<Vec<Rational>> = leaf.clone();
    for node in (0..tree.nodes.len()).rev() {
        let nd = &tree.nodes[node];
        if let NodeKind::Chance(i) | NodeKind::Personal(i) = nd.kind {
            let mut v = vec![Rational::zero(); n];
            for (a, &c) in nd.children.iter().enumerate() {
                let pa = &behavior[i][a];
                if pa.is_zero() {
                    continue;
                }
                for p in 0..n {
                    v[p] += pa * &values[c][p];
                }
            }
            values[node] = v;
        }
    }
    let mut reach = vec![Rational::zero(); tree.nodes.len()];
    reach[0] = Rational::one();
    for node in 0..tree.nodes.len() {
        let nd = &tree.nodes[node];
        if let NodeKind::Chance(i) | NodeKind::Personal(i) = nd.kind {
            for (a, &c) in nd.children.iter().enumerate() {
                reach[c] = &reach[node] * &behavior[i][a];
            }
        }
    }
    let mut beliefs = vec![Vec::new(); tree.infosets.len()];
    for (h, info) in tree.infosets.iter().enumerate() {
        let Player::Personal(me) = info.player else {
            continue;
        };
        // Tremble order and leading coefficient of each member, the mover's own moves excluded.
        let mut weights = Vec::new();
        for &x in &info.members {
            let mut order = 0usize;
            let mut coef = Rational::one();
            let mut child = x;
            let mut dead = false;
            while let Some(parent) = tree.nodes[child].parent {
                let a = tree.nodes[parent]
                    .children
                    .iter()
                    .position(|&c| c == child)
                    .unwrap_or(0);
                match tree.nodes[parent].kind {
                    NodeKind::Chance(i) => {
                        if tree.infosets[i].probs[a].is_zero() {
                            dead = true;
                        }
                        coef *= &tree.infosets[i].probs[a];
                    }
                    NodeKind::Personal(i) => {
                        if tree.infosets[i].player != Player::Personal(me) {
                            if behavior[i][a].is_zero() {
                                order += 1;
                            } else {
                                coef *= &behavior[i][a];
                            }
                        }
                    }
                    NodeKind::Terminal => {}
                }
                child = parent;
            }
            weights.push(if dead {
                (usize::MAX, Rational::zero())
            } else {
                (order, coef)
            });
        }
        let min_order = weights.iter().map(|w| w.0).min().unwrap_or(usize::MAX);
        let mut mu: Vec<Rational> = weights
            .iter()
            .map(|(o, c)| {
                if *o == min_order && min_order != usize::MAX {
                    c.clone()
                } else {
                    Rational::zero()
                }
            })
            .collect();
        let total: Rational = mu.iter().sum();
        if total.is_zero() {
            mu = vec![
                Rational::new(1.into(), (info.members.len() as i64).into());
                info.members.len()
            ];
        } else {
            for m in mu.iter_mut() {
                *m /= &total;
            }
        }
        // Sequential rationality at this information set.
        let q: Vec<Rational> = (0..info.actions.len())
            .map(|a| {
                info.members
                    .iter()
                    .zip(&mu)
                    .map(|(&x, m)| m * &values[tree.nodes[x].children[a]][me])
                    .sum()
            })
            .collect();
        let best = q.iter().max().cloned().unwrap_or_default();
        if (0..info.actions.len()).any(|a| behavior[h][a].is_positive() && q[a] < best) {
            return None;
        }
        let total_prob: Rational = behavior[h].iter().sum();
        if !total_prob.is_one() || behavior[h].iter().any(|p| p.is_negative()) {
            return None;
        }
        beliefs[h] = mu;
    }
    Some(Assessment {
        behavior: behavior.to_vec(),
        beliefs,
        values,
        reach,
    })
}
