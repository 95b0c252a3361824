//! Beyond the support budget: one sequential equilibrium by a route that is fast in practice.
//!
//! The candidate behaviour comes from backward induction on trees of perfect information (a
//! subgame-perfect profile there is sequential, with singleton beliefs), and otherwise from the
//! limit of the logit path. Its beliefs are then searched exactly, as for an enumerated support
//! profile with every probability fixed: if some consistent beliefs make it sequentially
//! rational, it is reported certified; if not, it is reported as approximate with its measured
//! regret, and the list is never called complete.

use brink_game::{Game as AnyGame, Rational, Q};
use num_traits::{Signed, ToPrimitive, Zero};

use super::search::{big, group, solve_support, Game};
use super::{Component, Route, SequentialConfig, SequentialSolution};
use crate::{Config, Method, Number, Profile, SolveError, Status};

pub(crate) fn solve(
    g: &Game,
    config: &SequentialConfig,
    count: u128,
    removed_actions: usize,
    why: String,
) -> Result<SequentialSolution, SolveError> {
    let tree = g.tree;
    let mut solution = SequentialSolution {
        status: Status::NoneExist,
        complete: false,
        gaps: vec![why],
        components: Vec::new(),
        route: Route::BackwardInduction,
        supports_total: count,
        supports_visited: 0,
        removed_actions,
    };
    let mut best: Option<Candidate> = None;
    // Backward induction first on trees of perfect information (its answer is sequential
    // there); elsewhere the logit limit first, since backward induction then hands whole
    // subgames to another method and can be slow.
    let routes = if tree.is_perfect_information() {
        [
            (Route::BackwardInduction, Method::Spe),
            (Route::LogitLimit, Method::Logit),
        ]
    } else {
        [
            (Route::LogitLimit, Method::Logit),
            (Route::BackwardInduction, Method::Spe),
        ]
    };
    for (route, method) in routes {
        let mut cfg = Config::new(method);
        cfg.exact = method == Method::Spe;
        cfg.stop = config.stop.clone();
        let game = AnyGame::Tree(tree.clone());
        let Ok(found) = crate::solve(&game, &cfg) else {
            continue;
        };
        let Some(eq) = found.equilibria.first() else {
            continue;
        };
        let Profile::Behavior(profile) = &eq.profile else {
            continue;
        };
        let behavior = per_set(tree, profile);
        let supports: Vec<Vec<usize>> = g
            .personal
            .iter()
            .map(|&h| {
                (0..behavior[h].len())
                    .filter(|&a| behavior[h][a].is_positive())
                    .collect()
            })
            .collect();
        let refs: Vec<&[usize]> = supports.iter().map(|s| s.as_slice()).collect();
        let allowed: Vec<Vec<bool>> = tree
            .infosets
            .iter()
            .map(|i| vec![true; i.actions.len()])
            .collect();
        let out = solve_support(g, &refs, &allowed, Some(&behavior));
        let mut components = group(g, out.pieces);
        // The rounded probabilities may miss the exact mix, and a tracer that stopped short of
        // its limit leaves small probabilities on moves the limit drops: solve the supports
        // the candidate suggests at a few cut-offs exactly, with the mixes as unknowns.
        let mut tried: Vec<Vec<Vec<usize>>> = Vec::new();
        for cut in [Q::new(1, 1_000_000_000), Q::new(1, 1000), Q::new(1, 100)] {
            if !components.is_empty() {
                break;
            }
            let guess: Vec<Vec<usize>> = g
                .personal
                .iter()
                .map(|&h| {
                    let keep: Vec<usize> = (0..behavior[h].len())
                        .filter(|&a| behavior[h][a] > cut)
                        .collect();
                    if keep.is_empty() {
                        supports_of_max(&behavior[h])
                    } else {
                        keep
                    }
                })
                .collect();
            if tried.contains(&guess) {
                continue;
            }
            let refs: Vec<&[usize]> = guess.iter().map(|s| s.as_slice()).collect();
            let out = solve_support(g, &refs, &allowed, None);
            components = group(g, out.pieces);
            tried.push(guess);
        }
        if !components.is_empty() {
            solution.components = components;
            solution.status = Status::Solved;
            solution.route = route;
            return Ok(solution);
        }
        let beliefs = method_beliefs(tree, eq);
        let regrets = crate::verify::sequential_regrets(tree, &big(&behavior), &beliefs);
        let max_regret = regrets
            .iter()
            .map(|r| r.to_f64().unwrap_or(f64::INFINITY))
            .fold(0.0, f64::max);
        if best.as_ref().is_none_or(|b| max_regret < b.0) {
            best = Some((max_regret, behavior, beliefs, route));
        }
    }
    let Some((max_regret, behavior, beliefs, route)) = best else {
        solution
            .gaps
            .push("neither backward induction nor the logit limit found an equilibrium".into());
        return Ok(solution);
    };
    // Not certified: the candidate with the method's beliefs and its measured regret.
    solution.gaps.push(format!(
        "the equilibrium found could not be certified sequential (no consistent beliefs were \
         found that make it sequentially rational exactly); it is approximate, with regret \
         {max_regret:.3e}"
    ));
    solution.components = vec![Component {
        witness: super::assess(tree, big(&behavior), beliefs),
        certificate: None,
        certified: false,
        max_regret,
        behavior_ranges: Vec::new(),
        belief_ranges: Vec::new(),
        exact_ranges: false,
        pieces: 1,
    }];
    solution.route = route;
    solution.status = Status::Solved;
    Ok(solution)
}

/// A behaviour profile `[player][set][action]` per tree information set, as exact rationals
/// (floats rounded to nearby fractions and renormalised).
fn per_set(tree: &brink_game::Tree, profile: &[Vec<Vec<Number>>]) -> Vec<Vec<Q>> {
    let mut behavior: Vec<Vec<Q>> = tree
        .infosets
        .iter()
        .map(|i| i.probs.iter().map(Q::from_rational).collect())
        .collect();
    for (p, sets) in tree.player_infosets().iter().enumerate() {
        for (k, &h) in sets.iter().enumerate() {
            let Some(row) = profile.get(p).and_then(|x| x.get(k)) else {
                continue;
            };
            let row: Vec<Q> = row.iter().map(rational_near).collect();
            let total: Q = row.iter().sum();
            behavior[h] = if total.is_positive() {
                row.iter().map(|x| x / &total).collect()
            } else {
                row
            };
        }
    }
    behavior
}

/// The beliefs a method reported, per tree information set (uniform where it gave none).
fn method_beliefs(tree: &brink_game::Tree, eq: &crate::Equilibrium) -> Vec<Vec<Rational>> {
    tree.infosets
        .iter()
        .enumerate()
        .map(|(h, info)| {
            let from_method = tree
                .player_infosets()
                .iter()
                .enumerate()
                .find_map(|(p, sets)| {
                    let k = sets.iter().position(|&x| x == h)?;
                    eq.beliefs.as_ref()?.get(p)?.get(k).cloned()
                });
            match from_method {
                Some(row) if row.len() == info.members.len() => {
                    let row: Vec<Q> = row.iter().map(rational_near).collect();
                    let total: Q = row.iter().sum();
                    if total.is_positive() {
                        row.iter().map(|x| (x / &total).to_rational()).collect()
                    } else {
                        uniform(info.members.len())
                    }
                }
                _ => uniform(info.members.len()),
            }
        })
        .collect()
}

/// The action of largest probability (the first among equals).
fn supports_of_max(row: &[Q]) -> Vec<usize> {
    let best = (0..row.len()).max_by(|&a, &b| row[a].cmp(&row[b]).then(b.cmp(&a)));
    best.into_iter().collect()
}

/// A candidate that could not be certified: its regret, behaviour, beliefs and route.
type Candidate = (f64, Vec<Vec<Q>>, Vec<Vec<Rational>>, Route);

fn uniform(k: usize) -> Vec<Rational> {
    vec![Rational::new(1.into(), (k.max(1) as i64).into()); k]
}

/// An exact number as it is; a float as the simplest fraction within 1e-9 of it (continued
/// fractions), so that the exact check can accept what the float method approached.
fn rational_near(x: &Number) -> Q {
    match x {
        Number::Exact(r) => Q::from_rational(r),
        Number::Float(f) if f.is_finite() && *f >= 1e-9 => {
            super::nonlinear::rationalize(f.min(1.0), 1_000_000_000).unwrap_or_else(Q::zero)
        }
        Number::Float(_) => Q::zero(),
    }
}
