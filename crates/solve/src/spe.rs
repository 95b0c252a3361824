//! `spe`: a subgame-perfect equilibrium by backward induction over subgames.
//!
//! The tree's subgames are found first: a node roots a subgame when its subtree contains every
//! member of every information set it meets. They are solved from the innermost out. A subgame
//! whose every move leads straight to a leaf or to an already-solved subgame is one decision
//! (or one chance move): the mover takes the action with the highest value, the first such
//! action in the file's order on ties, so on a perfect-information tree this is plain backward
//! induction, exact and fast. Any other subgame, with the solved subgames inside it replaced by
//! leaves carrying their values, is handed to [`solve_subgame`], which tries the methods of
//! [`SUBGAME_METHODS_TWO_PLAYERS`] or [`SUBGAME_METHODS`] in turn and takes the first verified
//! equilibrium. The result is one subgame-perfect equilibrium (not all of them), exact unless a
//! subgame could only be solved in floating point.

use brink_game::{
    Game, Infoset, InfosetId, Node, NodeId, NodeKind, Outcome, Player, Rational, Tree,
};
use num_traits::{One, Zero};

use crate::behavior::{self, Layout};
use crate::{Candidates, Config, Method, Number, Profile, SolveError, Status};

/// Methods tried, in order, on a subgame of two players that is not a single decision.
pub(crate) const SUBGAME_METHODS_TWO_PLAYERS: &[Method] = &[Method::Lcp, Method::EnumPure];

/// Methods tried, in order, on a subgame of more players that is not a single decision.
pub(crate) const SUBGAME_METHODS: &[Method] = &[Method::EnumPure, Method::Logit];

/// One subgame-perfect equilibrium of a tree with perfect recall.
pub(crate) fn solve(game: &Game, config: &Config) -> Result<Candidates, SolveError> {
    let tree = match game {
        Game::Tree(t) => t,
        Game::Table(_) => {
            return Err(SolveError::NotApplicable {
                method: "spe",
                reason: "subgame perfection concerns trees; a strategic-form game has no proper \
                         subgames, so use enumpure, enummixed or lcp"
                    .into(),
            })
        }
    };
    crate::pure::require_perfect_recall(
        tree,
        "spe",
        "use enumpure-agent or logit, which work on the agent form",
    )?;
    let layout: Layout<Rational> = Layout::new(tree);
    let roots = behavior::subgame_roots(tree, &layout);
    let mut is_root = vec![false; tree.nodes.len()];
    for &r in &roots {
        is_root[r] = true;
    }
    // Values (payoffs accumulated from the game's root) of solved subgames and of leaves.
    let mut value: Vec<Option<Vec<Number>>> = vec![None; tree.nodes.len()];
    for (id, node) in tree.nodes.iter().enumerate() {
        if node.kind == NodeKind::Terminal {
            value[id] = Some(
                layout.payoffs[id]
                    .iter()
                    .cloned()
                    .map(Number::Exact)
                    .collect(),
            );
        }
    }
    let mut probs: Vec<Option<Vec<Number>>> = vec![None; tree.infosets.len()];
    for &r in roots.iter().rev() {
        if let Some(stop) = &config.stop {
            if stop.load(std::sync::atomic::Ordering::Relaxed) {
                return Ok(Candidates {
                    status: Status::Stopped,
                    profiles: vec![],
                    beliefs: vec![],
                });
            }
        }
        let node = &tree.nodes[r];
        let single = node.children.iter().all(|&c| value[c].is_some());
        if single {
            value[r] = Some(single_move(tree, r, &value, &mut probs));
            continue;
        }
        let (sub, map) = reduced_subgame(tree, r, &value, &is_root);
        let Some(solution) = solve_subgame(&sub, config) else {
            let label = if node.label.is_empty() {
                String::new()
            } else {
                format!(" '{}'", node.label)
            };
            return Ok(Candidates {
                status: Status::NotConverged(format!(
                    "no available method ({}) found an equilibrium of the subgame at node {}{label}",
                    methods_for(&sub).iter().map(|m| m.name()).collect::<Vec<_>>().join(", "),
                    r + 1
                )),
                profiles: vec![],
                beliefs: vec![],
            });
        };
        let sub_layout: Layout<Rational> = Layout::new(&sub);
        for (p, sets) in solution.iter().enumerate() {
            for (k, dist) in sets.iter().enumerate() {
                let original = map[sub_layout.player_infosets[p][k]];
                probs[original] = Some(dist.clone());
            }
        }
        let Some(v) = subgame_value(&sub, &solution) else {
            return Ok(Candidates {
                status: Status::NotConverged(format!(
                    "the equilibrium found for the subgame at node {} does not fit it",
                    r + 1
                )),
                profiles: vec![],
                beliefs: vec![],
            });
        };
        value[r] = Some(v);
    }
    // Every information set lies in some solved subgame (the root is one), so every set has
    // its distribution; a missing one would be a bug, and is filled uniformly so that the
    // verifier, not this module, judges the result.
    let player_infosets = tree.player_infosets();
    let any_float = probs
        .iter()
        .flatten()
        .flatten()
        .any(|n| n.exact().is_none());
    let profile: Vec<Vec<Vec<Number>>> = player_infosets
        .iter()
        .map(|sets| {
            sets.iter()
                .map(|&i| {
                    let n = tree.infosets[i].actions.len();
                    let uniform = Rational::one() / Rational::from_integer((n as i64).into());
                    let dist = probs[i]
                        .clone()
                        .unwrap_or_else(|| vec![Number::Exact(uniform); n]);
                    if any_float {
                        dist.iter().map(|x| Number::Float(x.to_f64())).collect()
                    } else {
                        dist
                    }
                })
                .collect()
        })
        .collect();
    Ok(Candidates {
        status: Status::Solved,
        profiles: vec![Profile::Behavior(profile)],
        beliefs: vec![],
    })
}

/// Solves a subgame that is one move whose children are solved: chance takes the expectation,
/// a player the first action of highest value to itself. Returns the value and records the
/// choice.
fn single_move(
    tree: &Tree,
    r: NodeId,
    value: &[Option<Vec<Number>>],
    probs: &mut [Option<Vec<Number>>],
) -> Vec<Number> {
    let node = &tree.nodes[r];
    let child = |c: NodeId| value[c].as_ref().expect("children are solved");
    match node.kind {
        NodeKind::Chance(i) => {
            let weights: Vec<Number> = tree.infosets[i]
                .probs
                .iter()
                .cloned()
                .map(Number::Exact)
                .collect();
            mix(
                &weights,
                &node
                    .children
                    .iter()
                    .map(|&c| child(c).clone())
                    .collect::<Vec<_>>(),
                tree.players.len(),
            )
        }
        NodeKind::Personal(i) => {
            let n = node.children.len();
            let p = match tree.infosets[i].player {
                Player::Personal(p) => p,
                // A validated tree never has this; treating it as a uniform chance move keeps
                // the function total.
                Player::Chance => {
                    let w = vec![
                        Number::Exact(
                            Rational::one() / Rational::from_integer((n as i64).into())
                        );
                        n
                    ];
                    let children: Vec<Vec<Number>> =
                        node.children.iter().map(|&c| child(c).clone()).collect();
                    return mix(&w, &children, tree.players.len());
                }
            };
            let mut best = 0;
            for a in 1..n {
                if greater(&child(node.children[a])[p], &child(node.children[best])[p]) {
                    best = a;
                }
            }
            probs[i] = Some(
                (0..n)
                    .map(|a| {
                        Number::Exact(if a == best {
                            Rational::one()
                        } else {
                            Rational::zero()
                        })
                    })
                    .collect(),
            );
            child(node.children[best]).clone()
        }
        NodeKind::Terminal => child(r).clone(),
    }
}

/// `a > b`, exactly when both are exact.
fn greater(a: &Number, b: &Number) -> bool {
    match (a, b) {
        (Number::Exact(x), Number::Exact(y)) => x > y,
        _ => a.to_f64() > b.to_f64(),
    }
}

/// The weighted sum of value vectors, exact when everything is exact.
fn mix(weights: &[Number], values: &[Vec<Number>], players: usize) -> Vec<Number> {
    let exact = weights
        .iter()
        .chain(values.iter().flatten())
        .all(|n| n.exact().is_some());
    (0..players)
        .map(|p| {
            if exact {
                let mut s = Rational::zero();
                for (w, v) in weights.iter().zip(values) {
                    s += w.exact().expect("exact") * v[p].exact().expect("exact");
                }
                Number::Exact(s)
            } else {
                Number::Float(
                    weights
                        .iter()
                        .zip(values)
                        .map(|(w, v)| w.to_f64() * v[p].to_f64())
                        .sum(),
                )
            }
        })
        .collect()
}

/// The subgame at `r` with every solved subgame strictly inside it replaced by a leaf carrying
/// its value, and the map from the subgame's information sets to the tree's.
fn reduced_subgame(
    tree: &Tree,
    r: NodeId,
    value: &[Option<Vec<Number>>],
    is_root: &[bool],
) -> (Tree, Vec<InfosetId>) {
    let mut sub = Tree {
        title: format!("{} (subgame at node {})", tree.title, r + 1),
        comment: String::new(),
        players: tree.players.clone(),
        nodes: Vec::new(),
        infosets: Vec::new(),
        outcomes: Vec::new(),
    };
    let mut map: Vec<InfosetId> = Vec::new();
    let mut new_id = vec![usize::MAX; tree.infosets.len()];
    // Depth-first in action order keeps the prefix order.
    let mut stack: Vec<(NodeId, Option<NodeId>)> = vec![(r, None)];
    while let Some((n, parent)) = stack.pop() {
        let id = sub.nodes.len();
        if let Some(p) = parent {
            sub.nodes[p].children.push(id);
        }
        let node = &tree.nodes[n];
        let solved = n != r && (node.kind == NodeKind::Terminal || is_root[n]);
        if solved {
            let payoffs = value[n]
                .as_ref()
                .expect("leaves and inner subgames are solved")
                .iter()
                .map(|x| match x {
                    Number::Exact(q) => q.clone(),
                    Number::Float(f) => behavior::rational_from_f64(*f),
                })
                .collect();
            sub.outcomes.push(Outcome {
                number: sub.outcomes.len() as u64 + 1,
                label: String::new(),
                payoffs,
            });
            sub.nodes.push(Node {
                label: node.label.clone(),
                parent,
                kind: NodeKind::Terminal,
                children: Vec::new(),
                outcome: Some(sub.outcomes.len() - 1),
            });
            continue;
        }
        let i = tree.infoset_of(n).expect("a non-terminal node");
        if new_id[i] == usize::MAX {
            new_id[i] = sub.infosets.len();
            map.push(i);
            let original = &tree.infosets[i];
            sub.infosets.push(Infoset {
                player: original.player,
                number: original.number,
                label: original.label.clone(),
                actions: original.actions.clone(),
                probs: original.probs.clone(),
                members: Vec::new(),
            });
        }
        let j = new_id[i];
        sub.infosets[j].members.push(id);
        let kind = match node.kind {
            NodeKind::Chance(_) => NodeKind::Chance(j),
            _ => NodeKind::Personal(j),
        };
        sub.nodes.push(Node {
            label: node.label.clone(),
            parent,
            kind,
            children: Vec::new(),
            outcome: None,
        });
        for &c in node.children.iter().rev() {
            stack.push((c, Some(id)));
        }
    }
    (sub, map)
}

/// The methods [`solve_subgame`] tries on `sub`.
fn methods_for(sub: &Tree) -> &'static [Method] {
    if sub.players.len() == 2 {
        SUBGAME_METHODS_TWO_PLAYERS
    } else {
        SUBGAME_METHODS
    }
}

/// The hook that solves one reduced subgame: the first verified equilibrium of the first
/// method in [`methods_for`] that applies and finds one, as a behaviour profile of `sub`.
/// Methods not available in this build are skipped. Floating-point answers are made exact
/// when [`verify::try_exact`](crate::verify::try_exact) can.
pub(crate) fn solve_subgame(sub: &Tree, config: &Config) -> Option<Vec<Vec<Vec<Number>>>> {
    let game = Game::Tree(sub.clone());
    for &method in methods_for(sub) {
        let mut c = Config::new(method);
        c.exact = true;
        c.cell_limit = config.cell_limit;
        c.stop = config.stop.clone();
        let Ok(solution) = crate::solve(&game, &c) else {
            continue;
        };
        let Some(eq) = solution.equilibria.into_iter().next() else {
            continue;
        };
        let eq = if eq.profile.is_exact() {
            eq
        } else {
            crate::verify::try_exact(&game, &eq.profile).unwrap_or(eq)
        };
        match eq.profile {
            Profile::Behavior(b) => return Some(b),
            Profile::Strategy(s) => {
                let reduced = sub.reduced_strategies(config.cell_limit).ok()?;
                let exact = s.iter().flatten().all(|n| n.exact().is_some());
                let behavior = (0..s.len())
                    .map(|p| {
                        if exact {
                            let mixed: Vec<Rational> = s[p]
                                .iter()
                                .map(|n| n.exact().expect("exact").clone())
                                .collect();
                            reduced
                                .behavior_of(sub, p, &mixed)
                                .into_iter()
                                .map(|d| d.into_iter().map(Number::Exact).collect())
                                .collect()
                        } else {
                            let mixed: Vec<f64> = s[p].iter().map(Number::to_f64).collect();
                            reduced
                                .behavior_of(sub, p, &mixed)
                                .into_iter()
                                .map(|d| d.into_iter().map(Number::Float).collect())
                                .collect()
                        }
                    })
                    .collect();
                return Some(behavior);
            }
        }
    }
    None
}

/// The expected payoffs at the root of `sub` under a behaviour profile of it.
fn subgame_value(sub: &Tree, profile: &[Vec<Vec<Number>>]) -> Option<Vec<Number>> {
    if profile
        .iter()
        .flatten()
        .flatten()
        .all(|n| n.exact().is_some())
    {
        let layout: Layout<Rational> = Layout::new(sub);
        let b: Vec<Vec<Vec<Rational>>> = profile
            .iter()
            .map(|x| {
                x.iter()
                    .map(|d| {
                        d.iter()
                            .map(|n| n.exact().expect("exact").clone())
                            .collect()
                    })
                    .collect()
            })
            .collect();
        let probs = layout.probs_of(sub, &b, 0.0).ok()?;
        Some(
            behavior::node_values(sub, &layout, &probs)[Tree::ROOT]
                .iter()
                .cloned()
                .map(Number::Exact)
                .collect(),
        )
    } else {
        let layout: Layout<f64> = Layout::new(sub);
        let b: Vec<Vec<Vec<f64>>> = profile
            .iter()
            .map(|x| {
                x.iter()
                    .map(|d| d.iter().map(Number::to_f64).collect())
                    .collect()
            })
            .collect();
        let probs = layout
            .probs_of(sub, &b, crate::verify::DISTRIBUTION_SLACK)
            .ok()?;
        Some(
            behavior::node_values(sub, &layout, &probs)[Tree::ROOT]
                .iter()
                .map(|&x| Number::Float(x))
                .collect(),
        )
    }
}
