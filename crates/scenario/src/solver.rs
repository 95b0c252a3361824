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
    let solution = match solve_system(equations, nvars, &var_of) {
        System::Solved(x) => x,
        System::Inconsistent => return SupportResult::None,
        System::Stuck => return SupportResult::Unsolved,
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

enum System {
    Solved(Vec<Rational>),
    Inconsistent,
    Stuck,
}

impl Poly {
    /// Substitutes a value for a variable.
    fn substitute(&self, var: u32, value: &Rational) -> Poly {
        let mut out: BTreeMap<Vec<u32>, Rational> = BTreeMap::new();
        for (mono, c) in &self.0 {
            let (mono, c) = if mono.contains(&var) {
                (
                    mono.iter().copied().filter(|&v| v != var).collect(),
                    c * value,
                )
            } else {
                (mono.clone(), c.clone())
            };
            *out.entry(mono).or_insert_with(Rational::zero) += c;
        }
        out.retain(|_, c| !c.is_zero());
        Poly(out)
    }
}

/// Solves the multilinear system by rounds: Gaussian elimination on the equations that are
/// linear, substitution of every variable it determines into all equations, and again. When
/// the linear part leaves variables free (a continuum of solutions), one free variable is set
/// to an interior value (its equal share of its information set) and the rounds go on, so the
/// candidate is a point inside the continuum. Stuck only when nonlinear equations remain with
/// no linear handle.
fn solve_system(
    mut equations: Vec<Poly>,
    nvars: usize,
    var_of: &BTreeMap<(usize, usize), u32>,
) -> System {
    let mut value: Vec<Option<Rational>> = vec![None; nvars];
    // The size of each variable's support, for interior values of free variables.
    let mut share = vec![Rational::one(); nvars];
    for (&(h, _), &v) in var_of {
        let k = var_of.keys().filter(|(g, _)| *g == h).count();
        share[v as usize] = Rational::new(1.into(), (k as i64).into());
    }
    loop {
        if equations.iter().any(|e| e.degree() == 0 && !e.0.is_empty()) {
            return System::Inconsistent;
        }
        equations.retain(|e| !e.0.is_empty());
        let linear: Vec<Poly> = equations
            .iter()
            .filter(|e| e.degree() <= 1)
            .cloned()
            .collect();
        let determined = match eliminate(&linear, nvars) {
            None => return System::Inconsistent,
            Some(d) => d,
        };
        let mut progress = false;
        for (v, x) in determined {
            if value[v].is_none() {
                value[v] = Some(x.clone());
                equations = equations
                    .iter()
                    .map(|e| e.substitute(v as u32, &x))
                    .collect();
                progress = true;
            }
        }
        if progress {
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

fn eval_poly(p: &Poly, x: &[f64]) -> f64 {
    p.0.iter()
        .map(|(mono, c)| {
            brink_game::rational_to_f64(c) * mono.iter().map(|&v| x[v as usize]).product::<f64>()
        })
        .sum()
}

/// The derivative of a multilinear polynomial with respect to one variable.
fn derivative(p: &Poly, var: u32) -> Poly {
    let mut out = BTreeMap::new();
    for (mono, c) in &p.0 {
        if let Some(at) = mono.iter().position(|&v| v == var) {
            let mut m = mono.clone();
            m.remove(at);
            *out.entry(m).or_insert_with(Rational::zero) += c;
        }
    }
    Poly(out)
}

/// The best rational approximation with a denominator up to `max_den` (continued fractions).
fn rationalize(x: f64, max_den: i64) -> Option<Rational> {
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
    (k1 != 0).then(|| Rational::new(h1.into(), k1.into()))
}

/// Gauss-Newton from several deterministic starting points inside the simplex; a root found
/// is rounded to small-denominator rationals and accepted only if it solves every equation
/// exactly and lies in (0, 1].
fn newton_rational(
    equations: &[Poly],
    free: &[usize],
    share: &[Rational],
) -> Option<Vec<(usize, Rational)>> {
    let nvars = share.len();
    let jac: Vec<Vec<Poly>> = equations
        .iter()
        .map(|e| free.iter().map(|&v| derivative(e, v as u32)).collect())
        .collect();
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    for start in 0..12 {
        let mut x = vec![0.0; nvars];
        for &v in free {
            x[v] = if start == 0 {
                brink_game::rational_to_f64(&share[v])
            } else {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                0.05 + 0.9 * ((seed >> 11) as f64 / (1u64 << 53) as f64)
            };
        }
        for _ in 0..60 {
            let f: Vec<f64> = equations.iter().map(|e| eval_poly(e, &x)).collect();
            let norm: f64 = f.iter().map(|v| v * v).sum::<f64>().sqrt();
            if norm < 1e-13 {
                break;
            }
            // Normal equations (J^T J + tiny ridge) dx = -J^T f.
            let m = free.len();
            let j: Vec<Vec<f64>> = jac
                .iter()
                .map(|row| row.iter().map(|d| eval_poly(d, &x)).collect())
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
        let roots: Option<Vec<(usize, Rational)>> = free
            .iter()
            .map(|&v| rationalize(x[v], 1_000_000).map(|r| (v, r)))
            .collect();
        let Some(roots) = roots else { continue };
        if roots
            .iter()
            .any(|(_, r)| !r.is_positive() || *r > Rational::one())
        {
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
fn eliminate(equations: &[Poly], nvars: usize) -> Option<Vec<(usize, Rational)>> {
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
                    *x -= &f * y;
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

/// An assessment from a behaviour profile and beliefs given from elsewhere (the logit
/// fallback): values and reach probabilities computed here.
pub(crate) fn assess(
    tree: &Tree,
    behavior: Vec<Vec<Rational>>,
    beliefs: Vec<Vec<Rational>>,
) -> Assessment {
    let n = tree.players.len();
    let mut values: Vec<Vec<Rational>> = tree.accumulated_payoffs();
    for node in (0..tree.nodes.len()).rev() {
        let nd = &tree.nodes[node];
        if let NodeKind::Chance(i) | NodeKind::Personal(i) = nd.kind {
            let mut v = vec![Rational::zero(); n];
            for (a, &c) in nd.children.iter().enumerate() {
                for p in 0..n {
                    v[p] += &behavior[i][a] * &values[c][p];
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
    Assessment {
        behavior,
        beliefs,
        values,
        reach,
    }
}
