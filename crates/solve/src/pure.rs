//! Pure-strategy equilibria: `enumpure` (strategic form, of tables and of trees' reduced
//! strategic forms) and `enumpure-agent` (the agent form of trees).
//!
//! All three enumerations are exact and complete: they return every pure equilibrium of their
//! kind, or stop with [`Status::IterationLimit`] (keeping what they found) when the work would
//! exceed the configured limit or a stop is requested.
//!
//! - **Tables.** Payoffs are replaced by their rank among each player's payoffs (exact ties stay
//!   ties), then for each player every "line" of the table (the others' strategies fixed) is
//!   scanned once for its best cells. A cell that is best on its line for every player is an
//!   equilibrium. The work is one pass over the cells per player.
//! - **Trees, strategic form.** The table is never built. The player with the most reduced
//!   strategies is the *pivot*; for each profile of the other players' reduced strategies, the
//!   pivot's best responses are found by sequence-form backward induction over its information
//!   sets and enumerated directly, and each is kept if no other player gains by deviating
//!   (again one backward-induction pass per player). Results are reduced-strategic-form
//!   profiles, in the order of [`Tree::reduced_strategies`].
//! - **Trees, agent form.** A depth-first search assigns an action to each information set in
//!   order of first appearance. The optimality of an information set's action depends only on the
//!   actions above its members (their reach) and below them (the continuation values); it is
//!   tested as soon as all of those are assigned, which prunes the search early. The tests in
//!   the search use `f64` with a slack far above rounding error (so that no equilibrium is lost)
//!   and every profile found is then confirmed in exact arithmetic.
//!
//! Both tree searches screen in floating point only where the floats can judge: when a payoff
//! (or the difference of two) lies outside the `f64` range, its float is infinite and a
//! comparison with it says nothing, so the search then runs in exact arithmetic (see
//! [`float_slack`]). Floats may only reject by a margin; they never decide on an overflow.

use std::collections::HashMap;
use std::sync::atomic::Ordering;

use brink_game::{
    Game, InfosetId, NodeId, NodeKind, Player, Rational, ReducedStrategies, Table, Tree,
};
use num_traits::{One, Signed, Zero};

use crate::behavior::{self, Layout, Scalar};
use crate::small::Q;
use crate::{Candidates, Config, Number, Profile, SolveError, Status};

/// `enumpure`: all pure Nash equilibria of a table or of a tree's reduced strategic form.
pub(crate) fn solve(game: &Game, config: &Config) -> Result<Candidates, SolveError> {
    match game {
        Game::Table(t) => Ok(table_pure(t, config)),
        Game::Tree(t) => tree_pure(t, config),
    }
}

/// `enumpure-agent`: all pure equilibria of a tree's agent form.
pub(crate) fn solve_agent(game: &Game, config: &Config) -> Result<Candidates, SolveError> {
    match game {
        Game::Tree(t) => Ok(agent_pure(t, config)),
        Game::Table(_) => Err(SolveError::NotApplicable {
            method: "enumpure-agent",
            reason: "the agent form is defined for trees; for a strategic-form game use enumpure"
                .into(),
        }),
    }
}

fn stopped(config: &Config) -> bool {
    config
        .stop
        .as_ref()
        .is_some_and(|s| s.load(Ordering::Relaxed))
}

fn unit(k: usize, n: usize) -> Vec<Number> {
    (0..n)
        .map(|j| {
            Number::Exact(if j == k {
                Rational::one()
            } else {
                Rational::zero()
            })
        })
        .collect()
}

/// All pure equilibria of a table.
fn table_pure(t: &Table, config: &Config) -> Candidates {
    let players = t.players.len();
    let shape = t.shape();
    let cells = t.cell_count();
    // Each player's payoffs as dense ranks; index `outcomes.len()` is the empty cell (zero).
    let none = t.outcomes.len();
    let ranks: Vec<Vec<u32>> = (0..players)
        .map(|p| {
            let mut values: Vec<(Rational, usize)> = t
                .outcomes
                .iter()
                .enumerate()
                .map(|(o, out)| (out.payoffs[p].clone(), o))
                .collect();
            values.push((Rational::zero(), none));
            values.sort();
            let mut rank = vec![0u32; none + 1];
            let mut current = 0u32;
            for k in 0..values.len() {
                if k > 0 && values[k].0 != values[k - 1].0 {
                    current += 1;
                }
                rank[values[k].1] = current;
            }
            rank
        })
        .collect();
    let cell_rank = |c: usize, p: usize| ranks[p][t.cells[c].unwrap_or(none)];
    // count[c] = the number of players (taken in order) for whom cell c is a best response.
    let mut count = vec![0u16; cells];
    let mut stride = 1usize;
    for (p, &len) in shape.iter().enumerate() {
        let block = stride * len;
        for start in (0..cells).step_by(block.max(1)) {
            if p > 0 && stopped(config) {
                return Candidates {
                    status: Status::Stopped,
                    profiles: Vec::new(),
                    beliefs: Vec::new(),
                };
            }
            for offset in 0..stride {
                let base = start + offset;
                let line = (0..len).map(|k| base + k * stride);
                if p > 0 && !line.clone().any(|c| count[c] as usize == p) {
                    continue;
                }
                let best = line.clone().map(|c| cell_rank(c, p)).max().unwrap_or(0);
                for c in line {
                    if count[c] as usize == p && cell_rank(c, p) == best {
                        count[c] += 1;
                    }
                }
            }
        }
        stride = block;
    }
    let profiles = (0..cells)
        .filter(|&c| count[c] as usize == players)
        .map(|c| {
            let pure = t.cell_profile(c);
            Profile::Strategy(pure.iter().zip(&shape).map(|(&s, &n)| unit(s, n)).collect())
        })
        .collect();
    Candidates {
        status: Status::Solved,
        profiles,
        beliefs: Vec::new(),
    }
}

/// Refuses trees without perfect recall for methods built on the reduced strategic form or the
/// sequence form.
pub(crate) fn require_perfect_recall(
    tree: &Tree,
    method: &'static str,
    hint: &str,
) -> Result<(), SolveError> {
    match tree.perfect_recall_violation() {
        None => Ok(()),
        Some(i) => {
            let who = match tree.infosets[i].player {
                Player::Personal(p) => tree.players[p].clone(),
                Player::Chance => "chance".into(),
            };
            Err(SolveError::NotApplicable {
                method,
                reason: format!(
                    "the game has imperfect recall ({who} forgets at information set {} \
                     '{}'), and this method needs perfect recall; {hint}",
                    tree.infosets[i].number, tree.infosets[i].label
                ),
            })
        }
    }
}

/// A pure choice per information set as probability vectors (chance sets from the tree).
fn pure_probs<T: Scalar>(layout: &Layout<T>, tree: &Tree, choice: &[Option<usize>]) -> Vec<Vec<T>> {
    let mut probs = layout.chance.clone();
    set_pure(&mut probs, tree, choice, 0..tree.infosets.len());
    probs
}

/// Sets the probability vectors of the given personal information sets to their pure choice.
fn set_pure<T: Scalar>(
    probs: &mut [Vec<T>],
    tree: &Tree,
    choice: &[Option<usize>],
    sets: impl Iterator<Item = InfosetId>,
) {
    for i in sets {
        let infoset = &tree.infosets[i];
        if infoset.player != Player::Chance {
            let a = choice[i].unwrap_or(0);
            probs[i] = (0..infoset.actions.len())
                .map(|b| if a == b { T::one() } else { T::zero() })
                .collect();
        }
    }
}

/// The slack of a floating-point screen over `layout`'s payoffs: `relative` times the largest
/// payoff magnitude (at least 1), which is far above the rounding error of the sums the screen
/// makes, so the screen never rejects an equilibrium. `None` when some payoff, or the
/// difference of two payoffs, is not a finite `f64`: the screen's values would then be infinite
/// or not a number, comparisons with them meaningless, and the search must run exactly.
fn float_slack(layout: &Layout<f64>, relative: f64) -> Option<f64> {
    let largest = layout
        .payoffs
        .iter()
        .flatten()
        .try_fold(1.0f64, |m, x| x.is_finite().then(|| m.max(x.abs())))?;
    (2.0 * largest).is_finite().then_some(relative * largest)
}

/// All pure Nash equilibria of a tree's reduced strategic form.
fn tree_pure(tree: &Tree, config: &Config) -> Result<Candidates, SolveError> {
    require_perfect_recall(
        tree,
        "enumpure",
        "use enumpure-agent for its pure agent-form equilibria",
    )?;
    let players = tree.players.len();
    if players == 0 {
        return Ok(Candidates {
            status: Status::Solved,
            profiles: vec![Profile::Strategy(Vec::new())],
            beliefs: Vec::new(),
        });
    }
    let counts = tree.reduced_strategy_counts();
    let pivot = (0..players)
        .max_by_key(|&p| (counts[p], std::cmp::Reverse(p)))
        .unwrap_or(0);
    let others: u128 = (0..players)
        .filter(|&p| p != pivot)
        .map(|p| counts[p])
        .fold(1u128, u128::saturating_mul);
    if others > config.cell_limit as u128 || counts[pivot] > config.cell_limit as u128 {
        return Err(SolveError::TooLarge(format!(
            "enumpure would try {others} profiles of the other players against {} strategies of \
             player {}, above the limit of {}",
            counts[pivot],
            pivot + 1,
            config.cell_limit
        )));
    }
    let reduced = tree
        .reduced_strategies(config.cell_limit)
        .map_err(|e| SolveError::TooLarge(e.to_string()))?;
    // The search runs in floating point with a slack far above its rounding error, so that no
    // equilibrium is lost, or exactly where floats cannot represent the payoffs; each profile
    // it keeps is then confirmed in exact arithmetic.
    let float: Layout<f64> = Layout::new(tree);
    let exact: Layout<Q> = Layout::new(tree);
    let (mut found, status) = match float_slack(&float, 1e-8) {
        Some(slack) => pivot_search(tree, &float, &reduced, pivot, slack, config),
        None => pivot_search(tree, &exact, &reduced, pivot, Q::zero(), config),
    };
    found.retain(|pure| {
        let mut choice = vec![None; tree.infosets.len()];
        for (p, &s) in pure.iter().enumerate() {
            for (k, &i) in exact.player_infosets[p].iter().enumerate() {
                choice[i] = reduced.strategies[p][s].choices[k];
            }
        }
        let probs = pure_probs(&exact, tree, &choice);
        let values = behavior::node_values(tree, &exact, &probs);
        (0..players).all(|q| {
            behavior::best_response_value(tree, &exact, &probs, Tree::ROOT, q)
                <= values[Tree::ROOT][q]
        })
    });
    // Table order: the last player's strategy varies slowest.
    found.sort_by(|a, b| a.iter().rev().cmp(b.iter().rev()));
    let profiles = found
        .into_iter()
        .map(|pure| {
            Profile::Strategy(
                pure.iter()
                    .enumerate()
                    .map(|(p, &s)| unit(s, reduced.strategies[p].len()))
                    .collect(),
            )
        })
        .collect();
    Ok(Candidates {
        status,
        profiles,
        beliefs: Vec::new(),
    })
}

/// The pivot search of [`tree_pure`]: every profile of the other players' reduced strategies,
/// the pivot's best responses to it (within `slack`), and those where no other player gains
/// more than `slack` by deviating. Returns the profiles as strategy indices.
fn pivot_search<T: Scalar>(
    tree: &Tree,
    layout: &Layout<T>,
    reduced: &ReducedStrategies,
    pivot: usize,
    slack: T,
    config: &Config,
) -> (Vec<Vec<usize>>, Status) {
    let players = tree.players.len();
    let pivot_index: HashMap<&[Option<usize>], usize> = reduced.strategies[pivot]
        .iter()
        .enumerate()
        .map(|(k, s)| (s.choices.as_slice(), k))
        .collect();
    let sets = &layout.player_infosets;
    let mut found: Vec<Vec<usize>> = Vec::new();
    let mut choice: Vec<Option<usize>> = vec![None; tree.infosets.len()];
    let mut pos = vec![0usize; players];
    let mut probs = pure_probs(layout, tree, &choice);
    // Ties in the pivot's best responses can make the candidates far more numerous than the
    // profiles of the others, so the work is bounded by the cell limit too.
    let mut examined = 0usize;
    loop {
        if stopped(config) {
            return (found, Status::Stopped);
        }
        let over_budget = || {
            Status::IterationLimit(format!(
                "enumpure examined {} candidate profiles (the cell limit) without finishing; the \
                 equilibria listed are those found so far",
                config.cell_limit
            ))
        };
        examined += 1;
        if examined > config.cell_limit {
            return (found, over_budget());
        }
        for q in (0..players).filter(|&q| q != pivot) {
            for (k, &i) in sets[q].iter().enumerate() {
                choice[i] = reduced.strategies[q][pos[q]].choices[k];
            }
            set_pure(&mut probs, tree, &choice, sets[q].iter().copied());
        }
        let br = behavior::best_response(tree, layout, &probs, Tree::ROOT, pivot);
        for strategy in best_responses(layout, pivot, &br, &slack) {
            examined += 1;
            if examined > config.cell_limit {
                return (found, over_budget());
            }
            let Some(&index) = pivot_index.get(strategy.as_slice()) else {
                continue;
            };
            for (k, &i) in sets[pivot].iter().enumerate() {
                choice[i] = strategy[k];
            }
            set_pure(&mut probs, tree, &choice, sets[pivot].iter().copied());
            let values = behavior::node_values(tree, layout, &probs);
            let stable = (0..players).filter(|&q| q != pivot).all(|q| {
                behavior::best_response_value(tree, layout, &probs, Tree::ROOT, q)
                    <= values[Tree::ROOT][q].clone() + slack.clone()
            });
            if stable {
                let mut profile = pos.clone();
                profile[pivot] = index;
                found.push(profile);
            }
        }
        // Next profile of the others (first player fastest).
        let mut q = 0;
        loop {
            if q == players {
                return (found, Status::Solved);
            }
            if q != pivot {
                pos[q] += 1;
                if pos[q] < reduced.strategies[q].len() {
                    break;
                }
                pos[q] = 0;
            }
            q += 1;
        }
    }
}

/// Every reduced pure strategy of `player` that is a best response (to within `slack`), as
/// choices in the order of the player's information sets. A reduced strategy is a best
/// response exactly when it picks a best action (by sequence value) at every information set
/// it reaches itself: the sequence values add up along the player's own information-set forest.
fn best_responses<T: Scalar>(
    layout: &Layout<T>,
    player: usize,
    br: &behavior::BestResponse<T>,
    slack: &T,
) -> Vec<Vec<Option<usize>>> {
    let sets = &layout.player_infosets[player];
    // The information sets that follow each sequence, and the first ones.
    let mut roots: Vec<InfosetId> = Vec::new();
    let mut below: HashMap<(InfosetId, usize), Vec<InfosetId>> = HashMap::new();
    for &i in &br.order {
        match br.parent[layout.local[i]] {
            None => roots.push(i),
            Some(seq) => below.entry(seq).or_default().push(i),
        }
    }
    let best_actions: Vec<Vec<usize>> = sets
        .iter()
        .map(|&i| {
            let values = &br.action_values[layout.local[i]];
            match values.iter().cloned().reduce(behavior::max_of) {
                Some(best) => (0..values.len())
                    .filter(|&a| values[a].clone() + slack.clone() >= best)
                    .collect(),
                None => Vec::new(),
            }
        })
        .collect();
    let mut out = Vec::new();
    let mut choices = vec![None; sets.len()];
    expand(
        &roots,
        &below,
        &best_actions,
        &layout.local,
        &mut choices,
        &mut out,
    );
    out
}

/// Depth-first product over the information sets still to decide (`todo`), each with its best
/// actions; the sets that follow a chosen action join the list.
fn expand(
    todo: &[InfosetId],
    below: &HashMap<(InfosetId, usize), Vec<InfosetId>>,
    best_actions: &[Vec<usize>],
    local: &[usize],
    choices: &mut Vec<Option<usize>>,
    out: &mut Vec<Vec<Option<usize>>>,
) {
    let Some((&first, rest)) = todo.split_first() else {
        out.push(choices.clone());
        return;
    };
    let l = local[first];
    for &a in &best_actions[l] {
        choices[l] = Some(a);
        let mut next: Vec<InfosetId> = rest.to_vec();
        if let Some(more) = below.get(&(first, a)) {
            next.extend_from_slice(more);
        }
        expand(&next, below, best_actions, local, choices, out);
    }
    choices[l] = None;
}

/// All pure equilibria of a tree's agent form.
fn agent_pure(tree: &Tree, config: &Config) -> Candidates {
    let layout_exact: Layout<Q> = Layout::new(tree);
    let layout_float: Layout<f64> = Layout::new(tree);
    // The tests in the search run in floating point where the floats can judge, exactly
    // otherwise (see `float_slack`).
    let (found, status, order) = match float_slack(&layout_float, 1e-7) {
        Some(slack) => agent_search(
            &AgentSearch::new(tree, &layout_float, slack),
            &layout_exact,
            config,
        ),
        None => agent_search(
            &AgentSearch::new(tree, &layout_exact, Q::zero()),
            &layout_exact,
            config,
        ),
    };
    let sets = &layout_exact.player_infosets;
    let position: HashMap<InfosetId, usize> =
        order.iter().enumerate().map(|(k, &i)| (i, k)).collect();
    let profiles = found
        .into_iter()
        .map(|assignment| {
            Profile::Behavior(
                sets.iter()
                    .map(|list| {
                        list.iter()
                            .map(|&i| {
                                unit(assignment[position[&i]], tree.infosets[i].actions.len())
                            })
                            .collect()
                    })
                    .collect(),
            )
        })
        .collect();
    Candidates {
        status,
        profiles,
        beliefs: Vec::new(),
    }
}

/// The depth-first search of [`agent_pure`]: every assignment of actions to the information
/// sets that passes the search's tests and the exact confirmation, as actions in the order of
/// the search, with the status and that order.
fn agent_search<T: Scalar>(
    search: &AgentSearch<T>,
    layout_exact: &Layout<Q>,
    config: &Config,
) -> (Vec<Vec<usize>>, Status, Vec<InfosetId>) {
    let tree = search.tree;
    let mut found: Vec<Vec<usize>> = Vec::new();
    let budget = config.cell_limit.max(1) as u64;
    let mut steps = 0u64;
    let order = &search.order;
    let k_max = order.len();
    let mut choice = vec![0usize; tree.infosets.len()];
    // Iterative depth-first search: next[k] is the next action to try at order[k].
    let mut next = vec![0usize; k_max + 1];
    let mut k = 0usize;
    let mut status = Status::Solved;
    loop {
        if k == k_max {
            if search.confirm(layout_exact, &choice) {
                found.push(order.iter().map(|&i| choice[i]).collect());
            }
            if k == 0 {
                break;
            }
            k -= 1;
            continue;
        }
        let i = order[k];
        if next[k] >= tree.infosets[i].actions.len() {
            next[k] = 0;
            if k == 0 {
                break;
            }
            k -= 1;
            continue;
        }
        choice[i] = next[k];
        next[k] += 1;
        steps += 1;
        if steps > budget {
            status = Status::IterationLimit(format!(
                "the agent-form search stopped after {budget} steps (the cell limit); the \
                 equilibria listed are those found so far"
            ));
            break;
        }
        if steps & 4095 == 0 && stopped(config) {
            status = Status::Stopped;
            break;
        }
        if search.ready[k].iter().all(|&j| search.passes(j, &choice)) {
            k += 1;
            next[k] = 0;
        }
    }
    (found, status, order.clone())
}

/// The agent-form search's fixed data, with its tests in the number type `T`.
struct AgentSearch<'a, T> {
    tree: &'a Tree,
    /// Personal information sets in the order they are assigned.
    order: Vec<InfosetId>,
    /// `ready[k]`: the sets whose test can run once `order[k]` is assigned.
    ready: Vec<Vec<InfosetId>>,
    /// Payoffs at every node.
    payoffs: Vec<Vec<T>>,
    /// Chance probabilities.
    chance: Vec<Vec<T>>,
    /// The slack of the tests: for floats far above their rounding error, so that no
    /// equilibrium is lost (what it lets through by mistake the exact confirmation removes);
    /// zero for exact numbers.
    slack: T,
    absent_minded: Vec<bool>,
}

impl<'a, T: Scalar> AgentSearch<'a, T> {
    fn new(tree: &'a Tree, layout: &Layout<T>, slack: T) -> AgentSearch<'a, T> {
        let order: Vec<InfosetId> = (0..tree.infosets.len())
            .filter(|&i| tree.infosets[i].player != Player::Chance)
            .collect();
        let mut pos = vec![usize::MAX; tree.infosets.len()];
        for (k, &i) in order.iter().enumerate() {
            pos[i] = k;
        }
        let mut ready = vec![Vec::new(); order.len()];
        for &i in &order {
            let last = if layout.absent_minded[i] {
                order.len() - 1
            } else {
                let mut last = pos[i];
                for &m in &tree.infosets[i].members {
                    // Above: the personal sets on the path to the member.
                    let mut up = tree.nodes[m].parent;
                    while let Some(n) = up {
                        if let NodeKind::Personal(j) = tree.nodes[n].kind {
                            last = last.max(pos[j]);
                        }
                        up = tree.nodes[n].parent;
                    }
                    // Below: the personal sets in the member's subtree.
                    for n in m + 1..layout.end[m] {
                        if let NodeKind::Personal(j) = tree.nodes[n].kind {
                            last = last.max(pos[j]);
                        }
                    }
                }
                last
            };
            ready[last].push(i);
        }
        AgentSearch {
            tree,
            order,
            ready,
            payoffs: layout.payoffs.clone(),
            chance: layout.chance.clone(),
            slack,
            absent_minded: layout.absent_minded.clone(),
        }
    }

    /// The probability of moving from `node` along action `a` under the pure `choice`.
    fn step(&self, node: NodeId, a: usize, choice: &[usize]) -> T {
        match self.tree.nodes[node].kind {
            NodeKind::Chance(i) => self.chance[i][a].clone(),
            NodeKind::Personal(i) if choice[i] == a => T::one(),
            NodeKind::Personal(_) | NodeKind::Terminal => T::zero(),
        }
    }

    /// The probability of reaching `node` under `choice`.
    fn reach(&self, node: NodeId, choice: &[usize]) -> T {
        let mut r = T::one();
        let mut n = node;
        while let Some(parent) = self.tree.nodes[n].parent {
            let a = self.tree.nodes[parent]
                .children
                .iter()
                .position(|&c| c == n)
                .unwrap_or(0);
            r = r * self.step(parent, a, choice);
            if r.is_zero() {
                return r;
            }
            n = parent;
        }
        r
    }

    /// The expected payoff of `player` from `node` on under `choice`.
    fn value(&self, node: NodeId, player: usize, choice: &[usize]) -> T {
        let mut total = T::zero();
        let mut stack = vec![(node, T::one())];
        while let Some((n, w)) = stack.pop() {
            match self.tree.nodes[n].kind {
                NodeKind::Terminal => total = total + w * self.payoffs[n][player].clone(),
                NodeKind::Personal(i) => stack.push((self.tree.nodes[n].children[choice[i]], w)),
                NodeKind::Chance(i) => {
                    for (a, &c) in self.tree.nodes[n].children.iter().enumerate() {
                        let p = &self.chance[i][a];
                        if p.is_positive() {
                            stack.push((c, w.clone() * p.clone()));
                        }
                    }
                }
            }
        }
        total
    }

    /// The search's test of information set `i`: no action gains more than the slack.
    fn passes(&self, i: InfosetId, choice: &[usize]) -> bool {
        let infoset = &self.tree.infosets[i];
        let Player::Personal(p) = infoset.player else {
            return true;
        };
        let actions = infoset.actions.len();
        if self.absent_minded[i] {
            let bound = self.value(Tree::ROOT, p, choice) + self.slack.clone();
            let mut trial = choice.to_vec();
            return (0..actions).all(|a| {
                trial[i] = a;
                self.value(Tree::ROOT, p, &trial) <= bound
            });
        }
        let mut by_action = vec![T::zero(); actions];
        for &m in &infoset.members {
            let w = self.reach(m, choice);
            if w.is_zero() {
                continue;
            }
            for (a, &c) in self.tree.nodes[m].children.iter().enumerate() {
                by_action[a] = by_action[a].clone() + w.clone() * self.value(c, p, choice);
            }
        }
        let bound = by_action[choice[i]].clone() + self.slack.clone();
        by_action.iter().all(|v| *v <= bound)
    }

    /// The exact test of a complete assignment: no agent gains anything.
    fn confirm(&self, layout: &Layout<Q>, choice: &[usize]) -> bool {
        let chosen: Vec<Option<usize>> = choice.iter().map(|&a| Some(a)).collect();
        let probs = pure_probs(layout, self.tree, &chosen);
        let values = behavior::node_values(self.tree, layout, &probs);
        let reach = behavior::reach(self.tree, layout, &probs, Tree::ROOT, None);
        behavior::agent_gains(self.tree, layout, &probs, &values, &reach)
            .iter()
            .all(|g| !g.is_positive())
    }
}
