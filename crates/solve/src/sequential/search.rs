//! The exhaustive search: supports, tremble patterns, exact polyhedra.

use std::collections::HashMap;
use std::sync::atomic::Ordering;

use brink_game::{NodeKind, Player, Rational, Tree, Q};
use num_traits::{One, Signed, Zero};

use super::consistency::{patterns, weights, Member};
use super::lpq::{maximize, Lp, Row, Sense};
use super::poly::{Mono, Poly, MAX_VARS};
use super::{Certificate, Component, Interval, Route, SequentialConfig, SequentialSolution};
use crate::{SolveError, Status};

/// The most tremble-pattern feasibility problems one support profile may pose.
const PATTERN_LIMIT: usize = 4_096;

pub(crate) struct Game<'a> {
    pub tree: &'a Tree,
    /// Personal information sets.
    pub personal: Vec<usize>,
    /// Per information set, its index in `personal` (`None` for chance).
    pub slot: Vec<Option<usize>>,
    /// Payoff at each leaf (accumulated along the path).
    pub leaf: Vec<Vec<Q>>,
    /// Per information set, the chance probabilities (empty for personal sets).
    pub chance: Vec<Vec<Q>>,
    /// Per node, the index of the action that leads to it from its parent.
    pub action: Vec<usize>,
    /// Where each information set's actions start in arrays flattened over (set, action).
    pub first: Vec<usize>,
    leaf_f64: Vec<Vec<f64>>,
    chance_f64: Vec<Vec<f64>>,
    /// A bound on rounding error in values computed in floating point.
    tolerance: f64,
    pub n: usize,
}

impl<'a> Game<'a> {
    pub fn new(tree: &'a Tree) -> Game<'a> {
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
            .filter(|v| v.is_finite())
            .fold(0.0f64, |m, v| m.max(v.abs()));
        let mut slot = vec![None; tree.infosets.len()];
        for (k, &h) in personal.iter().enumerate() {
            slot[h] = Some(k);
        }
        let mut first = vec![0];
        for info in &tree.infosets {
            first.push(first.last().copied().unwrap_or(0) + info.actions.len());
        }
        let finite = leaf_f64.iter().flatten().all(|v| v.is_finite());
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
            // Payoffs beyond the f64 range switch the float screens off (infinite margin).
            tolerance: if finite {
                1e-9 * (1.0 + largest) * (1.0 + tree.nodes.len() as f64).sqrt()
            } else {
                f64::INFINITY
            },
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

    fn owner(&self, h: usize) -> usize {
        match self.tree.infosets[h].player {
            Player::Personal(p) => p,
            Player::Chance => usize::MAX,
        }
    }
}

/// Bounds of each player's payoff from each node (flattened by node and player) when the
/// personal moves are restricted to those `allowed(information set, action)` accepts.
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

/// For each member of information set `h`, the two highest lower bounds of the mover's payoff
/// over the actions `rival` admits, with the action of the highest: `(first, its action,
/// second)`.
fn best_lower_bounds(
    g: &Game,
    lo: &[f64],
    h: usize,
    rival: impl Fn(usize) -> bool,
) -> Vec<(f64, usize, f64)> {
    let tree = g.tree;
    let info = &tree.infosets[h];
    let Player::Personal(me) = info.player else {
        return Vec::new();
    };
    info.members
        .iter()
        .map(|&x| {
            let mut best = (f64::NEG_INFINITY, usize::MAX, f64::NEG_INFINITY);
            for (b, &c) in tree.nodes[x].children.iter().enumerate() {
                if !rival(b) {
                    continue;
                }
                let v = lo[c * g.n + me];
                if v > best.0 {
                    best = (v, b, best.0);
                } else if v > best.2 {
                    best.2 = v;
                }
            }
            best
        })
        .collect()
}

/// Whether action `a` of `h` passes the necessary test for being beaten: at every member,
/// the best lower bound among the other actions is above `a`'s upper bound by the margin.
fn could_be_beaten(g: &Game, hi: &[f64], best: &[(f64, usize, f64)], h: usize, a: usize) -> bool {
    let tree = g.tree;
    let info = &tree.infosets[h];
    let Player::Personal(me) = info.player else {
        return false;
    };
    info.members
        .iter()
        .zip(best)
        .all(|(&x, &(first, who, second))| {
            let other = if who == a { second } else { first };
            hi[tree.nodes[x].children[a] * g.n + me] < other - g.tolerance
        })
}

/// Iterated conditional dominance: the allowed actions per information set. An action goes
/// only when another beats it at every member by more than the rounding margin whatever the
/// beliefs and the (allowed) play below, so it is never part of a sequential equilibrium.
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
            let mut left = allowed[h].iter().filter(|&&x| x).count();
            // A quick necessary test first, so that a set of many actions costs time linear in
            // its size when few are dominated (one of 100,000 moves took 23 s pairwise): `a`
            // can be beaten only if, at every member, some rival's lower bound is above `a`'s
            // upper bound. The best two lower bounds per member are taken before this set's
            // removals, so they can only be too high, and the test stays necessary.
            let best = best_lower_bounds(g, &lo, h, |b| allowed[h][b]);
            for a in 0..tree.infosets[h].actions.len() {
                if !allowed[h][a] || left < 2 {
                    continue;
                }
                if could_be_beaten(g, &hi, &best, h, a)
                    && beaten(g, &lo, &hi, h, a, |b| allowed[h][b])
                {
                    allowed[h][a] = false;
                    left -= 1;
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

/// Tremble patterns already enumerated, by the trembles before each unreached set's members.
type PatternCache = HashMap<Vec<Vec<Vec<usize>>>, (Vec<super::consistency::Pattern>, bool)>;

thread_local! {
    /// Patterns by tremble lists, shared by the solves of one thread (a sweep's points).
    static PATTERN_MEMO: std::cell::RefCell<PatternCache> = std::cell::RefCell::new(PatternCache::new());
}

/// One (support profile, tremble pattern) piece of the equilibrium set.
pub(crate) struct Piece {
    /// Which nodes the play reaches: pieces that share it form one component.
    pub key: Vec<bool>,
    pub behavior: Vec<Vec<Q>>,
    pub beliefs: Vec<Vec<Q>>,
    pub behavior_ranges: Vec<Vec<(Q, Q)>>,
    /// `None` where a belief's range was not computed.
    pub belief_ranges: Vec<Vec<Option<(Q, Q)>>>,
    pub exact: bool,
    pub certificate: Option<Certificate>,
}

/// What one support profile gave.
#[derive(Default)]
pub(crate) struct SupportOutcome {
    pub pieces: Vec<Piece>,
    /// What could not be decided exactly, in words.
    pub gaps: Vec<String>,
}

pub(crate) fn solve(
    tree: &Tree,
    config: &SequentialConfig,
) -> Result<SequentialSolution, SolveError> {
    let g = Game::new(tree);
    let (allowed, removed_actions) = prune(&g);
    let mut options: Vec<Vec<usize>> = Vec::new();
    let mut count: u128 = 1;
    for &h in &g.personal {
        let acts: Vec<usize> = (0..allowed[h].len()).filter(|&a| allowed[h][a]).collect();
        let k = acts.len().min(20);
        let subsets_count = (1u128 << k) - 1;
        count = count.saturating_mul(subsets_count);
        options.push(acts);
    }
    if count > config.support_limit {
        let why = format!(
            "the game has {count} support profiles after dominance, more than the budget of {}: \
             one equilibrium was sought by a faster route instead, and others may exist",
            config.support_limit
        );
        return super::fallback::solve(&g, config, count, removed_actions, why);
    }
    let mut subsets: Vec<Vec<Vec<usize>>> = Vec::new();
    for acts in &options {
        let mut s: Vec<Vec<usize>> = (1u64..(1u64 << acts.len()))
            .map(|mask| {
                acts.iter()
                    .enumerate()
                    .filter(|(i, _)| mask & (1 << i) != 0)
                    .map(|(_, &a)| a)
                    .collect()
            })
            .collect();
        s.sort_by_key(|x: &Vec<usize>| x.len());
        subsets.push(s);
    }
    // Profiles in order of the number of mixing sets, then odometer order.
    let m = subsets.len();
    let total = count as usize;
    let mut order: Vec<(usize, usize)> = Vec::with_capacity(total);
    for j in 0..total {
        let mut rest = j;
        let mut mixing = 0;
        for s in &subsets {
            let o = rest % s.len();
            rest /= s.len();
            if s[o].len() > 1 {
                mixing += 1;
            }
        }
        order.push((mixing, j));
    }
    order.sort_unstable();
    let mut ws = Bounds {
        lo: vec![0.0; tree.nodes.len() * g.n],
        hi: vec![0.0; tree.nodes.len() * g.n],
    };
    let mut pieces: Vec<Piece> = Vec::new();
    let mut gaps: Vec<String> = Vec::new();
    let mut visited: u128 = 0;
    let mut stopped = false;
    let mut supports: Vec<&[usize]> = Vec::with_capacity(m);
    for &(_, j) in &order {
        if config
            .stop
            .as_ref()
            .is_some_and(|s| s.load(Ordering::Relaxed))
        {
            stopped = true;
            break;
        }
        visited += 1;
        supports.clear();
        let mut rest = j;
        for s in &subsets {
            supports.push(&s[rest % s.len()]);
            rest /= s.len();
        }
        if never_best_reply(&g, &supports, &mut ws) {
            continue;
        }
        let out = solve_support(&g, &supports, &allowed, None);
        pieces.extend(out.pieces);
        for gap in out.gaps {
            if !gaps.contains(&gap) {
                gaps.push(gap);
            }
        }
    }
    if stopped {
        gaps.push(format!(
            "stopped after {visited} of {count} support profiles; the rest were not searched"
        ));
    }
    if pieces.iter().any(|p| !p.exact) {
        let gap = "some components' ranges are not exact (conditions nonlinear in their free \
                   quantities): their witness is verified, their ranges are not given"
            .to_string();
        gaps.push(gap);
    }
    let components = group(&g, pieces);
    let complete = gaps.is_empty();
    if components.is_empty() && !complete && !stopped {
        // The enumeration could not decide everything and found nothing: one equilibrium by
        // a faster route, so that the answer never ends empty where one can be had.
        let mut why = gaps.join("; ");
        why.push_str("; nothing was found by the enumeration, so one equilibrium was sought by a faster route");
        let mut out = super::fallback::solve(&g, config, count, removed_actions, why)?;
        out.supports_visited = visited;
        return Ok(out);
    }
    Ok(SequentialSolution {
        status: if stopped {
            Status::Stopped
        } else if components.is_empty() {
            if complete {
                Status::NoneExist
            } else {
                Status::NotConverged(gaps.join("; "))
            }
        } else {
            Status::Solved
        },
        complete,
        gaps,
        components,
        route: Route::Enumeration,
        supports_total: count,
        supports_visited: visited,
        removed_actions,
    })
}

struct Bounds {
    lo: Vec<f64>,
    hi: Vec<f64>,
}

/// Whether some supported action is never a best reply within this support profile: another
/// action of the same set gives more at every member, whatever the mixing inside the supports
/// below. No belief makes such an action optimal, so the profile holds no equilibrium.
fn never_best_reply(g: &Game, supports: &[&[usize]], ws: &mut Bounds) -> bool {
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

/// The weight of a member of an information set, without its owner's own moves: chance
/// probability and fixed probabilities (`coef`), mixing unknowns (`mono`), and the unplayed
/// actions on its path (`trembles`, flattened action ids; chance moves of probability zero
/// among them).
struct Weight {
    coef: Q,
    mono: Mono,
    trembles: Vec<usize>,
}

/// Every piece of the equilibrium set with these supports. `fixed`: a behaviour profile to
/// certify instead (its supports are `supports`; no mixing unknowns).
pub(crate) fn solve_support(
    g: &Game,
    supports: &[&[usize]],
    allowed: &[Vec<bool>],
    fixed: Option<&[Vec<Q>]>,
) -> SupportOutcome {
    let tree = g.tree;
    let n = g.n;
    let nodes = tree.nodes.len();
    let mut out = SupportOutcome::default();
    let on = |h: usize, a: usize| g.slot[h].is_none_or(|k| supports[k].contains(&a));
    // Mixing unknowns.
    let mut var_at: HashMap<(usize, usize), u32> = HashMap::new();
    let mut var_info: Vec<(usize, usize)> = Vec::new(); // (set, support size)
    if fixed.is_none() {
        for (k, &h) in g.personal.iter().enumerate() {
            if supports[k].len() > 1 {
                for &a in supports[k] {
                    var_at.insert((h, a), var_info.len() as u32);
                    var_info.push((h, supports[k].len()));
                }
            }
        }
    }
    let nsigma = var_info.len();
    if nsigma > MAX_VARS {
        out.gaps
            .push("a support profile mixes at more than 64 actions; it was skipped".into());
        return out;
    }
    let one = Q::one();
    let prob = |h: usize, a: usize| -> Option<(Q, Mono)> {
        match g.slot[h] {
            // A chance move of probability zero is treated like an unplayed action: beliefs
            // after it are limits along trembles of chance too.
            None if g.chance[h][a].is_zero() => None,
            None => Some((g.chance[h][a].clone(), 0)),
            Some(_) if !on(h, a) => None,
            Some(_) => match var_at.get(&(h, a)) {
                Some(&v) => Some((one.clone(), 1u64 << v)),
                None => Some((fixed.map_or(one.clone(), |f| f[h][a].clone()), 0)),
            },
        }
    };
    // Reach along the supports.
    let mut reached = vec![false; nodes];
    reached[0] = true;
    for node in 0..nodes {
        if let Some(i) = tree.infoset_of(node) {
            for (a, &c) in tree.nodes[node].children.iter().enumerate() {
                reached[c] = reached[node] && prob(i, a).is_some();
            }
        }
    }
    // Member weights of every personal information set.
    let weight = |x: usize, me: usize| -> Weight {
        let mut w = Weight {
            coef: Q::one(),
            mono: 0,
            trembles: Vec::new(),
        };
        let mut child = x;
        while let Some(parent) = tree.nodes[child].parent {
            let a = g.action[child];
            let i = tree.infoset_of(parent).unwrap_or(0);
            if g.mover(parent) != Some(me) {
                match prob(i, a) {
                    Some((c, m)) => {
                        w.coef *= &c;
                        w.mono |= m;
                    }
                    None => w.trembles.push(g.first[i] + a),
                }
            }
            child = parent;
        }
        w.trembles.sort_unstable();
        w
    };
    let member_weights: Vec<Vec<Weight>> = tree
        .infosets
        .iter()
        .enumerate()
        .map(|(h, info)| {
            if g.slot[h].is_none() {
                return Vec::new();
            }
            let me = g.owner(h);
            info.members.iter().map(|&x| weight(x, me)).collect()
        })
        .collect();
    // Unreached personal sets and their live members.
    let unreached: Vec<usize> = g
        .personal
        .iter()
        .copied()
        .filter(|&h| tree.infosets[h].members.iter().all(|&x| !reached[x]))
        .collect();
    let mut live: Vec<Vec<usize>> = Vec::new();
    for &h in &unreached {
        let l: Vec<usize> = (0..tree.infosets[h].members.len())
            .filter(|&m| !member_weights[h][m].coef.is_zero())
            .collect();
        if l.is_empty() {
            out.gaps.push(format!(
                "information set {} is reached only through chance moves of probability zero; \
                 its beliefs are not constrained by consistency and were not searched",
                label(tree, h)
            ));
            return out;
        }
        live.push(l);
    }
    let sets: Vec<Vec<Member>> = unreached
        .iter()
        .zip(&live)
        .map(|(&h, l)| {
            l.iter()
                .map(|&m| Member {
                    trembles: member_weights[h][m].trembles.clone(),
                })
                .collect()
        })
        .collect();
    // Support profiles that leave the same trembles before the same sets share their patterns.
    let key: Vec<Vec<Vec<usize>>> = sets
        .iter()
        .map(|set| set.iter().map(|m| m.trembles.clone()).collect())
        .collect();
    // The patterns depend on the tremble lists alone, so a sweep's points (same structure,
    // other numbers) share them through a per-thread memo, bounded in size.
    let memo = PATTERN_MEMO.with(|m| m.borrow().get(&key).cloned());
    let (found, finished) = match memo {
        Some(hit) => hit,
        None => {
            let fresh = patterns(&sets, PATTERN_LIMIT);
            PATTERN_MEMO.with(|m| {
                let mut m = m.borrow_mut();
                if m.len() >= 4096 {
                    m.clear();
                }
                m.insert(key, fresh.clone());
            });
            fresh
        }
    };
    if !finished {
        out.gaps.push(format!(
            "a support profile has more tremble patterns than the budget of {PATTERN_LIMIT} \
             feasibility checks; the rest were not searched"
        ));
    }
    // Continuation values over the supports, for every node and player.
    let mut values: Vec<Poly> = vec![Poly::default(); nodes * n];
    for node in (0..nodes).rev() {
        let nd = &tree.nodes[node];
        for p in 0..n {
            let mut v = Poly::default();
            match nd.kind {
                NodeKind::Terminal => v = Poly::constant(g.leaf[node][p].clone()),
                NodeKind::Chance(i) | NodeKind::Personal(i) => {
                    for (a, &c) in nd.children.iter().enumerate() {
                        if let Some((coef, mono)) = prob(i, a) {
                            v.add_scaled(&values[c * n + p], &coef, mono);
                        }
                    }
                }
            }
            values[node * n + p] = v;
        }
    }
    for pattern in &found {
        if let Some(piece) = solve_pattern(
            g,
            supports,
            allowed,
            fixed,
            &var_info,
            &member_weights,
            &unreached,
            &live,
            pattern,
            &values,
            &reached,
            &mut out.gaps,
        ) {
            out.pieces.push(piece);
        }
    }
    out
}

fn label(tree: &Tree, h: usize) -> String {
    let info = &tree.infosets[h];
    let who = match info.player {
        Player::Personal(p) => tree.players.get(p).cloned().unwrap_or_default(),
        Player::Chance => "chance".into(),
    };
    if info.label.is_empty() {
        format!("{who}'s set {}", info.number)
    } else {
        format!("{who}'s set \"{}\"", info.label)
    }
}

/// Exponent vectors of belief ratios, grouped into classes that share one unknown.
struct Classes {
    reps: Vec<Vec<(usize, i32)>>,
    /// Per unreached set (in `unreached` order), per carrier position: the class of its ratio
    /// to the first carrier (`None` for the first).
    of: Vec<Vec<Option<usize>>>,
}

fn classes(
    member_weights: &[Vec<Weight>],
    unreached: &[usize],
    live: &[Vec<usize>],
    carriers: &[Vec<usize>],
) -> Result<Classes, String> {
    let mut reps: Vec<Vec<(usize, i32)>> = Vec::new();
    let mut of = Vec::new();
    for (k, &h) in unreached.iter().enumerate() {
        let members: Vec<usize> = carriers[k].iter().map(|&c| live[k][c]).collect();
        let base = &member_weights[h][members[0]].trembles;
        let mut row_of = vec![None];
        for &m in &members[1..] {
            let mut d: std::collections::BTreeMap<usize, i32> = Default::default();
            for &a in &member_weights[h][m].trembles {
                *d.entry(a).or_default() += 1;
            }
            for &a in base {
                *d.entry(a).or_default() -= 1;
            }
            let d: Vec<(usize, i32)> = d.into_iter().filter(|&(_, v)| v != 0).collect();
            if d.is_empty() {
                // The same trembles lead to both members: their ratio is fixed by chance and
                // the played probabilities, with no unknown.
                row_of.push(None);
                continue;
            }
            let neg: Vec<(usize, i32)> = d.iter().map(|&(a, v)| (a, -v)).collect();
            if reps.contains(&neg) && !neg.is_empty() {
                return Err(
                    "beliefs at two information sets are tied by consistency in \
                            opposite directions"
                        .into(),
                );
            }
            let c = match reps.iter().position(|r| *r == d) {
                Some(c) => c,
                None => {
                    reps.push(d);
                    reps.len() - 1
                }
            };
            row_of.push(Some(c));
        }
        of.push(row_of);
    }
    // The classes must be independent for their ratios to be free together.
    let cols: Vec<usize> = {
        let mut c: Vec<usize> = reps.iter().flatten().map(|&(a, _)| a).collect();
        c.sort_unstable();
        c.dedup();
        c
    };
    let mut mat: Vec<Vec<Q>> = reps
        .iter()
        .map(|r| {
            let mut row = vec![Q::zero(); cols.len()];
            for &(a, v) in r {
                row[cols.binary_search(&a).unwrap_or(0)] = Q::from_integer(v as i64);
            }
            row
        })
        .collect();
    if rank(&mut mat) < reps.len() {
        return Err(
            "beliefs at several information sets are tied by consistency in a way \
                    this search does not resolve (dependent tremble classes)"
                .into(),
        );
    }
    Ok(Classes { reps, of })
}

fn rank(m: &mut [Vec<Q>]) -> usize {
    let rows = m.len();
    let cols = m.first().map_or(0, |r| r.len());
    let mut r = 0;
    for c in 0..cols {
        let Some(p) = (r..rows).find(|&i| !m[i][c].is_zero()) else {
            continue;
        };
        m.swap(r, p);
        let pivot = m[r].clone();
        for row in m.iter_mut().skip(r + 1) {
            if !row[c].is_zero() {
                let f = &row[c] / &pivot[c];
                for (x, y) in row.iter_mut().zip(&pivot) {
                    *x -= &(&f * y);
                }
            }
        }
        r += 1;
    }
    r
}

/// A weight as a polynomial: coefficient × mixing unknowns × belief ratio.
fn weight_poly(w: &Weight, ratio: Option<u32>) -> Poly {
    let mono = w.mono | ratio.map_or(0, |r| 1u64 << r);
    Poly(vec![(mono, w.coef.clone())])
}

#[allow(clippy::too_many_arguments)]
fn solve_pattern(
    g: &Game,
    supports: &[&[usize]],
    allowed: &[Vec<bool>],
    fixed_behavior: Option<&[Vec<Q>]>,
    var_info: &[(usize, usize)],
    member_weights: &[Vec<Weight>],
    unreached: &[usize],
    live: &[Vec<usize>],
    pattern: &super::consistency::Pattern,
    values: &[Poly],
    reached: &[bool],
    gaps: &mut Vec<String>,
) -> Option<Piece> {
    let tree = g.tree;
    let n = g.n;
    let cls = match classes(member_weights, unreached, live, &pattern.carriers) {
        Ok(c) => c,
        Err(why) => {
            if !gaps.contains(&why) {
                gaps.push(why);
            }
            return None;
        }
    };
    let nsigma = var_info.len();
    let nvars = nsigma + cls.reps.len();
    if nvars > MAX_VARS {
        gaps.push("a support profile has more than 64 unknowns; it was skipped".into());
        return None;
    }
    // Per personal set: (member position, weight polynomial) of the members carrying belief.
    let mut carriers: Vec<Vec<(usize, Poly)>> = vec![Vec::new(); tree.infosets.len()];
    for &h in &g.personal {
        if let Some(k) = unreached.iter().position(|&u| u == h) {
            for (pos, &c) in pattern.carriers[k].iter().enumerate() {
                let m = live[k][c];
                let ratio = cls.of[k][pos].map(|c| (nsigma + c) as u32);
                carriers[h].push((m, weight_poly(&member_weights[h][m], ratio)));
            }
        } else {
            for (m, &x) in tree.infosets[h].members.iter().enumerate() {
                if reached[x] {
                    carriers[h].push((m, weight_poly(&member_weights[h][m], None)));
                }
            }
        }
        // Mixing unknowns common to every carrier are positive and divide out.
        let common = carriers[h].iter().fold(Mono::MAX, |c, (_, p)| c & p.0[0].0);
        let sigma_mask = if nsigma >= 64 {
            u64::MAX
        } else {
            (1u64 << nsigma) - 1
        };
        for (_, p) in carriers[h].iter_mut() {
            p.0[0].0 &= !(common & sigma_mask);
        }
    }
    // Conditions.
    let mut equations: Vec<Poly> = Vec::new();
    let mut inequalities: Vec<Poly> = Vec::new();
    let gain = |h: usize, a: usize, b: usize| -> Poly {
        // Σ_x w(x) (V(x a) - V(x b)) for the owner of h.
        let me = g.owner(h);
        let mut e = Poly::default();
        for (m, w) in &carriers[h] {
            let x = tree.infosets[h].members[*m];
            let (ca, cb) = (tree.nodes[x].children[a], tree.nodes[x].children[b]);
            let (mono, coef) = (&w.0[0].0, &w.0[0].1);
            e.add_scaled(&values[ca * n + me], coef, *mono);
            e.add_scaled(&values[cb * n + me], &-coef, *mono);
        }
        e
    };
    for (k, &h) in g.personal.iter().enumerate() {
        let s = supports[k];
        let a0 = s[0];
        for &a in &s[1..] {
            equations.push(gain(h, a, a0));
        }
        for (b, &ok) in allowed[h].iter().enumerate() {
            if ok && !s.contains(&b) {
                inequalities.push(gain(h, a0, b));
            }
        }
        if s.len() > 1 && fixed_behavior.is_none() {
            let mut sum = Poly::constant(-Q::one());
            for (v, &(vh, _)) in var_info.iter().enumerate() {
                if vh == h {
                    sum.add_scaled(&Poly::constant(Q::one()), &Q::one(), 1u64 << v);
                }
            }
            equations.push(sum);
        }
    }
    // Equalities: linear ones solved exactly, values substituted, again.
    let mut fixed: Vec<Option<Q>> = vec![None; nvars];
    // Why the piece is only a point of its set, if it is.
    let mut approximated: Option<&'static str> = None;
    let give_up = |why: Option<&'static str>, gaps: &mut Vec<String>| {
        if let Some(why) = why {
            let why = why.to_string();
            if !gaps.contains(&why) {
                gaps.push(why);
            }
        }
    };
    loop {
        for e in equations.iter_mut() {
            e.substitute(&fixed);
        }
        if equations.iter().any(|e| e.degree() == 0 && !e.is_zero()) {
            give_up(approximated, gaps);
            return None;
        }
        equations.retain(|e| !e.is_zero());
        let Some(determined) = eliminate(equations.iter().filter(|e| e.degree() <= 1), nvars)
        else {
            give_up(approximated, gaps);
            return None;
        };
        let mut progress = false;
        for (v, x) in determined {
            if fixed[v].is_none() {
                let bad = if v < nsigma {
                    !x.is_positive() || x > Q::one()
                } else {
                    !x.is_positive()
                };
                if bad {
                    give_up(approximated, gaps);
                    return None;
                }
                fixed[v] = Some(x);
                progress = true;
            }
        }
        if progress {
            continue;
        }
        for e in inequalities.iter_mut() {
            e.substitute(&fixed);
        }
        if equations.iter().any(|e| e.degree() > 1) {
            // Nonlinear equalities with no linear handle: one exact root, found numerically.
            let mut vars: Vec<usize> = Vec::new();
            for e in &equations {
                for (m, _) in &e.0 {
                    let mut bits = *m;
                    while bits != 0 {
                        let v = bits.trailing_zeros() as usize;
                        if !vars.contains(&v) {
                            vars.push(v);
                        }
                        bits &= bits - 1;
                    }
                }
            }
            vars.sort_unstable();
            let start: Vec<f64> = (0..nvars)
                .map(|v| {
                    if v < nsigma {
                        1.0 / var_info[v].1 as f64
                    } else {
                        1.0
                    }
                })
                .collect();
            let upper: Vec<Option<Q>> = (0..nvars).map(|v| (v < nsigma).then(Q::one)).collect();
            const NONLINEAR: &str = "some support profiles lead to nonlinear equations; one \
                                     exact root was found numerically where possible, and \
                                     other roots were not searched";
            approximated = Some(NONLINEAR);
            match super::nonlinear::root(&equations, &vars, &start, &upper) {
                Some(roots) => {
                    for (v, x) in roots {
                        fixed[v] = Some(x);
                    }
                    continue;
                }
                None => {
                    give_up(approximated, gaps);
                    return None;
                }
            }
        }
        let nonlinear = inequalities.iter().find(|e| e.degree() > 1);
        let Some(e) = nonlinear else { break };
        // Inequalities nonlinear in what is left: fix one unknown of a nonlinear term to an
        // interior value, which yields points of the set (verified below) but not all of it.
        let term = e.0.iter().find(|t| t.0.count_ones() > 1).map_or(0, |t| t.0);
        let v = term.trailing_zeros() as usize;
        fixed[v] = Some(if v < nsigma {
            Q::new(1, var_info[v].1 as i64)
        } else {
            Q::one()
        });
        approximated = Some(
            "some pieces have conditions nonlinear in their free probabilities and beliefs; \
             they were searched at interior values of those, so parts of them may be missing",
        );
    }
    let exact = approximated.is_none();
    for e in inequalities.iter_mut() {
        e.substitute(&fixed);
    }
    if inequalities
        .iter()
        .any(|e| e.degree() == 0 && e.constant_term().is_negative())
    {
        give_up(approximated, gaps);
        return None;
    }
    // What is left is a polyhedron in the free unknowns.
    let free: Vec<usize> = (0..nvars).filter(|&v| fixed[v].is_none()).collect();
    let col = |v: usize| free.iter().position(|&f| f == v);
    let linear_row = |p: &Poly, sense: Sense| -> Row {
        let mut coef = vec![Q::zero(); free.len()];
        let mut rhs = Q::zero();
        for (m, c) in &p.0 {
            if *m == 0 {
                rhs = -c;
            } else if let Some(j) = col(m.trailing_zeros() as usize) {
                coef[j] = c.clone();
            }
        }
        Row { coef, sense, rhs }
    };
    let mut rows: Vec<Row> = equations
        .iter()
        .map(|e| linear_row(e, Sense::Eq))
        .chain(inequalities.iter().map(|e| linear_row(e, Sense::Ge)))
        .collect();
    rows.retain(|r| !(r.coef.iter().all(Q::is_zero) && r.rhs.is_zero()));
    // Strictly positive unknowns: maximise the least of them, t, capped at 1.
    let k = free.len();
    let mut strict: Vec<Row> = rows
        .iter()
        .map(|r| {
            let mut coef = r.coef.clone();
            coef.push(Q::zero());
            Row {
                coef,
                sense: r.sense,
                rhs: r.rhs.clone(),
            }
        })
        .collect();
    for j in 0..k {
        let mut coef = vec![Q::zero(); k + 1];
        coef[j] = Q::one();
        coef[k] = -Q::one();
        strict.push(Row {
            coef,
            sense: Sense::Ge,
            rhs: Q::zero(),
        });
    }
    let mut cap = vec![Q::zero(); k + 1];
    cap[k] = Q::one();
    strict.push(Row {
        coef: cap.clone(),
        sense: Sense::Le,
        rhs: Q::one(),
    });
    // Nothing free: the conditions are numbers, checked directly.
    let point = if k == 0 {
        let holds = rows.iter().all(|r| match r.sense {
            Sense::Eq => r.rhs.is_zero(),
            Sense::Ge => !r.rhs.is_positive(),
            Sense::Le => !r.rhs.is_negative(),
        });
        if !holds {
            give_up(approximated, gaps);
            return None;
        }
        vec![Q::zero()]
    } else {
        match maximize(k + 1, &strict, &cap) {
            Lp::Optimal(x, t) if t.is_positive() => x,
            _ => {
                give_up(approximated, gaps);
                return None;
            }
        }
    };
    let mut at: Vec<Q> = (0..nvars)
        .map(|v| fixed[v].clone().unwrap_or_else(Q::zero))
        .collect();
    for (j, &v) in free.iter().enumerate() {
        at[v] = point[j].clone();
    }
    // The witness.
    let mut behavior: Vec<Vec<Q>> = tree
        .infosets
        .iter()
        .enumerate()
        .map(|(h, info)| match g.slot[h] {
            None => g.chance[h].clone(),
            Some(k) => (0..info.actions.len())
                .map(|a| {
                    if let Some(f) = fixed_behavior {
                        f[h][a].clone()
                    } else if supports[k].contains(&a) {
                        Q::one()
                    } else {
                        Q::zero()
                    }
                })
                .collect(),
        })
        .collect();
    for (v, &(h, _)) in var_info.iter().enumerate() {
        let a = {
            let before = var_info[..v].iter().filter(|x| x.0 == h).count();
            supports[g.slot[h].unwrap_or(0)][before]
        };
        behavior[h][a] = at[v].clone();
    }
    let beliefs: Vec<Vec<Q>> = tree
        .infosets
        .iter()
        .enumerate()
        .map(|(h, info)| {
            let mut b = vec![Q::zero(); info.members.len()];
            if g.slot[h].is_none() {
                return b;
            }
            let w: Vec<Q> = carriers[h].iter().map(|(_, p)| p.eval(&at)).collect();
            let total: Q = w.iter().sum();
            for ((m, _), wm) in carriers[h].iter().zip(&w) {
                b[*m] = wm / &total;
            }
            b
        })
        .collect();
    // Ranges over the closure of the polyhedron.
    let closed: Vec<Row> = rows.clone();
    let extreme = |objective: &[Q]| -> Option<Q> {
        match maximize(k, &closed, objective) {
            Lp::Optimal(_, v) => Some(v),
            _ => None,
        }
    };
    let mut behavior_ranges: Vec<Vec<(Q, Q)>> = behavior
        .iter()
        .map(|row| row.iter().map(|p| (p.clone(), p.clone())).collect())
        .collect();
    let mut ranges_exact = exact;
    for (v, &(h, _)) in var_info.iter().enumerate() {
        let Some(j) = col(v) else { continue };
        let before = var_info[..v].iter().filter(|x| x.0 == h).count();
        let a = supports[g.slot[h].unwrap_or(0)][before];
        let mut obj = vec![Q::zero(); k];
        obj[j] = Q::one();
        let hi = extreme(&obj);
        obj[j] = -Q::one();
        let lo = extreme(&obj).map(|v| -v);
        match (lo, hi) {
            (Some(lo), Some(hi)) => behavior_ranges[h][a] = (lo, hi),
            _ => ranges_exact = false,
        }
    }
    let mut belief_ranges: Vec<Vec<Option<(Q, Q)>>> = beliefs
        .iter()
        .map(|row| row.iter().map(|b| Some((b.clone(), b.clone()))).collect())
        .collect();
    for h in 0..tree.infosets.len() {
        if g.slot[h].is_none() || carriers[h].len() < 2 {
            continue;
        }
        // Each weight after substitution must be linear in the free unknowns.
        let lin: Vec<Poly> = carriers[h]
            .iter()
            .map(|(_, p)| {
                let mut q = p.clone();
                q.substitute(&fixed);
                q
            })
            .collect();
        if lin.iter().all(|p| p.degree() == 0) {
            continue;
        }
        if lin.iter().any(|p| p.degree() > 1) || !exact {
            for r in belief_ranges[h].iter_mut() {
                *r = None;
            }
            ranges_exact = false;
            continue;
        }
        for (pos, (m, _)) in carriers[h].iter().enumerate() {
            match fractional_range(&closed, k, &lin, pos, &col) {
                Some(r) => belief_ranges[h][*m] = Some(r),
                None => {
                    belief_ranges[h][*m] = None;
                    ranges_exact = false;
                }
            }
        }
    }
    // The consistency certificate of the witness.
    let ratios: Vec<Q> = (0..cls.reps.len())
        .map(|c| at[nsigma + c].clone())
        .collect();
    let certificate = weights(&cls.reps, &ratios).map(|c_unplayed| {
        let mut orders: Vec<Vec<u64>> = Vec::new();
        let mut wts: Vec<Vec<Rational>> = Vec::new();
        for (h, info) in tree.infosets.iter().enumerate() {
            let mut o = vec![0u64; info.actions.len()];
            let mut w = vec![Rational::zero(); info.actions.len()];
            for a in 0..info.actions.len() {
                if behavior[h][a].is_positive() {
                    w[a] = behavior[h][a].to_rational();
                } else {
                    let id = g.first[h] + a;
                    o[a] = pattern
                        .orders
                        .get(&id)
                        .copied()
                        .unwrap_or_else(|| pattern.orders.values().copied().max().unwrap_or(1));
                    w[a] = c_unplayed
                        .get(&id)
                        .cloned()
                        .unwrap_or_else(Q::one)
                        .to_rational();
                }
            }
            orders.push(o);
            wts.push(w);
        }
        Certificate {
            orders,
            weights: wts,
        }
    });
    give_up(approximated, gaps);
    Some(Piece {
        key: reached.to_vec(),
        behavior,
        beliefs,
        behavior_ranges,
        belief_ranges,
        exact: exact && ranges_exact,
        certificate,
    })
}

/// The range of one weight's share `w_pos / Σ w` over the polyhedron `rows` (closed), by the
/// Charnes–Cooper transformation (Charnes & Cooper 1962): y = s·x, s ≥ 0, Σ w(y, s) = 1.
fn fractional_range(
    rows: &[Row],
    k: usize,
    weights: &[Poly],
    pos: usize,
    col: &dyn Fn(usize) -> Option<usize>,
) -> Option<(Q, Q)> {
    let lin = |p: &Poly| -> Vec<Q> {
        let mut c = vec![Q::zero(); k + 1];
        for (m, v) in &p.0 {
            if *m == 0 {
                c[k] += v;
            } else if let Some(j) = col(m.trailing_zeros() as usize) {
                c[j] += v;
            }
        }
        c
    };
    let mut cc: Vec<Row> = rows
        .iter()
        .map(|r| {
            let mut coef = r.coef.clone();
            coef.push(-r.rhs.clone());
            Row {
                coef,
                sense: r.sense,
                rhs: Q::zero(),
            }
        })
        .collect();
    let mut total = vec![Q::zero(); k + 1];
    for w in weights {
        for (t, c) in total.iter_mut().zip(lin(w)) {
            *t += &c;
        }
    }
    cc.push(Row {
        coef: total,
        sense: Sense::Eq,
        rhs: Q::one(),
    });
    let objective = lin(&weights[pos]);
    let hi = match maximize(k + 1, &cc, &objective) {
        Lp::Optimal(_, v) => v,
        _ => return None,
    };
    let neg: Vec<Q> = objective.iter().map(|c| -c).collect();
    let lo = match maximize(k + 1, &cc, &neg) {
        Lp::Optimal(_, v) => -v,
        _ => return None,
    };
    Some((lo, hi))
}

/// Gaussian elimination over the rationals on the linear equations. `None`: inconsistent.
/// Otherwise the variables the equations determine uniquely, with their values.
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

/// Pieces with the same reach form one component; each piece's witness is verified against
/// its certificate first, and a piece that fails is dropped.
pub(crate) fn group(g: &Game, pieces: Vec<Piece>) -> Vec<Component> {
    let tree = g.tree;
    let mut comps: Vec<(Vec<bool>, Component)> = Vec::new();
    for piece in pieces {
        let behavior: Vec<Vec<Rational>> = big(&piece.behavior);
        let beliefs: Vec<Vec<Rational>> = big(&piece.beliefs);
        let certified = piece.certificate.as_ref().is_some_and(|c| {
            crate::verify::sequential(tree, &behavior, &beliefs, c)
                .is_ok_and(|check| check.max_regret.is_zero())
        });
        if !certified {
            // A piece whose witness fails its own certificate is a defect of the search, not
            // an equilibrium: it is not reported.
            continue;
        }
        let ranges_b: Vec<Vec<Vec<Interval>>> = piece
            .behavior_ranges
            .iter()
            .map(|row| row.iter().map(|(l, h)| vec![interval(l, h)]).collect())
            .collect();
        let ranges_m: Vec<Vec<Vec<Interval>>> = piece
            .belief_ranges
            .iter()
            .map(|row| {
                row.iter()
                    .map(|r| r.as_ref().map_or(Vec::new(), |(l, h)| vec![interval(l, h)]))
                    .collect()
            })
            .collect();
        if let Some((_, c)) = comps.iter_mut().find(|(k, _)| *k == piece.key) {
            merge(&mut c.behavior_ranges, ranges_b);
            merge(&mut c.belief_ranges, ranges_m);
            c.exact_ranges &= piece.exact;
            c.pieces += 1;
            continue;
        }
        let witness = super::assess(tree, behavior, beliefs);
        comps.push((
            piece.key.clone(),
            Component {
                witness,
                certificate: piece.certificate,
                certified: true,
                max_regret: 0.0,
                behavior_ranges: ranges_b,
                belief_ranges: ranges_m,
                exact_ranges: piece.exact,
                pieces: 1,
            },
        ));
    }
    comps.into_iter().map(|(_, c)| c).collect()
}

fn interval(l: &Q, h: &Q) -> Interval {
    Interval {
        low: l.to_rational(),
        high: h.to_rational(),
    }
}

/// Adds the intervals of `more` to `into`, keeping each union sorted and disjoint. An empty
/// list (not computed) stays empty.
fn merge(into: &mut [Vec<Vec<Interval>>], more: Vec<Vec<Vec<Interval>>>) {
    for (row, more_row) in into.iter_mut().zip(more) {
        for (set, add) in row.iter_mut().zip(more_row) {
            if set.is_empty() || add.is_empty() {
                set.clear();
                continue;
            }
            set.extend(add);
            set.sort_by(|a, b| a.low.cmp(&b.low));
            let mut out: Vec<Interval> = Vec::new();
            for iv in set.drain(..) {
                match out.last_mut() {
                    Some(last) if iv.low <= last.high => {
                        if iv.high > last.high {
                            last.high = iv.high;
                        }
                    }
                    _ => out.push(iv),
                }
            }
            *set = out;
        }
    }
}

pub(crate) fn big(rows: &[Vec<Q>]) -> Vec<Vec<Rational>> {
    rows.iter()
        .map(|r| r.iter().map(Q::to_rational).collect())
        .collect()
}
