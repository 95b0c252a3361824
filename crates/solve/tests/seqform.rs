//! The sequence-form methods: `lcp` on trees (Lemke's algorithm on the sequence-form LCP) and
//! `lp` on constant-sum trees and tables.
//!
//! Hand-built trees are checked against values known by hand; the Gambit oracle games are
//! checked for exact regret zero (lcp, with an exact best-response computation written here,
//! independent of the crate's verifier) and for Gambit's exact game value (lp).

mod support;

use std::collections::BTreeMap;

use brink_game::{parse_rational, Game, Infoset, Node, NodeKind, Outcome, Player, Rational, Tree};
use brink_solve::{solve, Config, Method, Number, Profile, SolveError, Status};
use num_traits::{One, Zero};

fn r(n: i64, d: i64) -> Rational {
    Rational::new(n.into(), d.into())
}

/// A tree written as a nested expression, for building test games by hand.
enum Spec {
    /// A leaf with payoffs.
    Leaf(Vec<Rational>),
    /// A chance node: probabilities and children.
    Chance(Vec<(Rational, Spec)>),
    /// A decision node of a player (0-based) at the information set with this number.
    Move(usize, u64, Vec<Spec>),
    /// An outcome attached to a non-terminal node, added to everything below.
    With(Vec<Rational>, Box<Spec>),
}

fn leaf(a: i64, b: i64) -> Spec {
    Spec::Leaf(vec![r(a, 1), r(b, 1)])
}

fn build(spec: &Spec) -> Tree {
    let mut tree = Tree {
        players: vec!["1".into(), "2".into()],
        ..Tree::default()
    };
    let mut sets: BTreeMap<(Option<usize>, u64), usize> = BTreeMap::new();
    let mut chance_sets = 0u64;
    add(&mut tree, &mut sets, &mut chance_sets, spec, None, None);
    tree.validate().expect("hand-built tree is valid");
    tree
}

fn add(
    tree: &mut Tree,
    sets: &mut BTreeMap<(Option<usize>, u64), usize>,
    chance_sets: &mut u64,
    spec: &Spec,
    parent: Option<usize>,
    outcome: Option<Vec<Rational>>,
) -> usize {
    let (outcome, spec) = match spec {
        Spec::With(payoffs, inner) => (Some(payoffs.clone()), &**inner),
        Spec::Leaf(payoffs) => (Some(payoffs.clone()), spec),
        other => (outcome, other),
    };
    let id = tree.nodes.len();
    let outcome = outcome.map(|payoffs| {
        tree.outcomes.push(Outcome {
            number: tree.outcomes.len() as u64 + 1,
            label: String::new(),
            payoffs,
        });
        tree.outcomes.len() - 1
    });
    tree.nodes.push(Node {
        label: String::new(),
        parent,
        kind: NodeKind::Terminal,
        children: vec![],
        outcome,
    });
    let (key, player, actions, probs, children): (_, _, usize, Vec<Rational>, Vec<&Spec>) =
        match spec {
            Spec::Chance(branches) => {
                *chance_sets += 1;
                (
                    (None, *chance_sets),
                    Player::Chance,
                    branches.len(),
                    branches.iter().map(|(p, _)| p.clone()).collect(),
                    branches.iter().map(|(_, s)| s).collect(),
                )
            }
            Spec::Move(p, number, children) => (
                (Some(*p), *number),
                Player::Personal(*p),
                children.len(),
                vec![],
                children.iter().collect(),
            ),
            Spec::Leaf(_) => return id,
            Spec::With(..) => panic!("an outcome directly on an outcome: merge them"),
        };
    let set = *sets.entry(key).or_insert_with(|| {
        tree.infosets.push(Infoset {
            player,
            number: key.1,
            label: String::new(),
            actions: (1..=actions).map(|a| a.to_string()).collect(),
            probs: probs.clone(),
            members: vec![],
        });
        tree.infosets.len() - 1
    });
    tree.infosets[set].members.push(id);
    tree.nodes[id].kind = if player == Player::Chance {
        NodeKind::Chance(set)
    } else {
        NodeKind::Personal(set)
    };
    for child in children {
        let c = add(tree, sets, chance_sets, child, Some(id), None);
        tree.nodes[id].children.push(c);
    }
    id
}

/// Myerson's one-card poker (Myerson 1991, as in Gambit's doc/poker.efg): the value to
/// player 1 is 1/3.
fn poker() -> Tree {
    use Spec::*;
    build(&Chance(vec![
        (
            r(1, 2),
            Move(
                0,
                1,
                vec![Move(1, 1, vec![leaf(2, -2), leaf(1, -1)]), leaf(1, -1)],
            ),
        ),
        (
            r(1, 2),
            Move(
                0,
                2,
                vec![Move(1, 1, vec![leaf(-2, 2), leaf(1, -1)]), leaf(-1, 1)],
            ),
        ),
    ]))
}

fn exact(method: Method) -> Config {
    let mut c = Config::new(method);
    c.exact = true;
    c
}

fn behavior(profile: &Profile) -> Vec<Vec<Vec<Rational>>> {
    let Profile::Behavior(b) = profile else {
        panic!("expected a behaviour profile, got {profile:?}")
    };
    b.iter()
        .map(|p| {
            p.iter()
                .map(|h| {
                    h.iter()
                        .map(|n| n.exact().expect("exact profile").clone())
                        .collect()
                })
                .collect()
        })
        .collect()
}

/// The expected payoff of `player` from `node` when every player follows `profile` except
/// that `player` follows `choice` at the information sets it names.
fn value(
    tree: &Tree,
    payoffs: &[Vec<Rational>],
    profile: &[Vec<Vec<Rational>>],
    local: &[usize],
    choice: &BTreeMap<usize, usize>,
    player: usize,
    node: usize,
) -> Rational {
    let n = &tree.nodes[node];
    match n.kind {
        NodeKind::Terminal => payoffs[node][player].clone(),
        NodeKind::Chance(h) => n
            .children
            .iter()
            .zip(&tree.infosets[h].probs)
            .map(|(&c, p)| p * value(tree, payoffs, profile, local, choice, player, c))
            .sum(),
        NodeKind::Personal(h) => {
            if let Some(&a) = choice.get(&h) {
                return value(tree, payoffs, profile, local, choice, player, n.children[a]);
            }
            let Player::Personal(p) = tree.infosets[h].player else {
                unreachable!()
            };
            n.children
                .iter()
                .zip(&profile[p][local[h]])
                .filter(|(_, b)| !b.is_zero())
                .map(|(&c, b)| b * value(tree, payoffs, profile, local, choice, player, c))
                .sum()
        }
    }
}

/// The largest exact gain a player can make by a deviation, computed by backward induction
/// over the deviator's information sets (valid with perfect recall: a set is decided after
/// every set below it, and each member is weighted by how likely the others make it).
fn exact_regret(tree: &Tree, profile: &[Vec<Vec<Rational>>]) -> Rational {
    let payoffs = tree.accumulated_payoffs();
    let mut local = vec![0; tree.infosets.len()];
    for sets in tree.player_infosets() {
        for (k, &h) in sets.iter().enumerate() {
            local[h] = k;
        }
    }
    // The probability of reaching each node by chance and the players other than `player`.
    let reach = |player: usize| {
        let mut w = vec![Rational::zero(); tree.nodes.len()];
        w[0] = Rational::one();
        for (id, n) in tree.nodes.iter().enumerate() {
            for (a, &c) in n.children.iter().enumerate() {
                w[c] = match n.kind {
                    NodeKind::Chance(h) => &w[id] * &tree.infosets[h].probs[a],
                    NodeKind::Personal(h) => match tree.infosets[h].player {
                        Player::Personal(p) if p != player => &w[id] * &profile[p][local[h]][a],
                        _ => w[id].clone(),
                    },
                    NodeKind::Terminal => unreachable!(),
                };
            }
        }
        w
    };
    let mut worst = Rational::zero();
    for (player, sets) in tree.player_infosets().iter().enumerate() {
        let w = reach(player);
        let mut choice = BTreeMap::new();
        for &h in sets.iter().rev() {
            let best = (0..tree.infosets[h].actions.len())
                .map(|a| {
                    let v: Rational = tree.infosets[h]
                        .members
                        .iter()
                        .map(|&m| {
                            &w[m]
                                * value(
                                    tree,
                                    &payoffs,
                                    profile,
                                    &local,
                                    &choice,
                                    player,
                                    tree.nodes[m].children[a],
                                )
                        })
                        .sum();
                    (v, a)
                })
                .fold(None::<(Rational, usize)>, |best, (v, a)| match best {
                    Some((bv, ba)) if bv >= v => Some((bv, ba)),
                    _ => Some((v, a)),
                })
                .expect("an information set has actions");
            choice.insert(h, best.1);
        }
        let deviation = value(tree, &payoffs, profile, &local, &choice, player, 0);
        let current = value(tree, &payoffs, profile, &local, &BTreeMap::new(), player, 0);
        let gain = deviation - current;
        if gain > worst {
            worst = gain;
        }
    }
    worst
}

#[test]
fn poker_has_value_one_third_by_lcp_and_lp() {
    let tree = poker();
    for method in [Method::Lcp, Method::Lp] {
        let solution = solve(&Game::Tree(tree.clone()), &exact(method)).expect("applies");
        assert_eq!(solution.status, Status::Solved, "{method:?}");
        assert_eq!(solution.equilibria.len(), 1);
        let eq = &solution.equilibria[0];
        assert_eq!(eq.payoffs[0], Number::Exact(r(1, 3)), "{method:?}");
        let b = behavior(&eq.profile);
        assert_eq!(exact_regret(&tree, &b), Rational::zero());
        // With the king player 1 always raises; with the queen it bluffs a third of the time;
        // player 2 meets two thirds of the time. This equilibrium is unique.
        assert_eq!(b[0][0], vec![r(1, 1), r(0, 1)]);
        assert_eq!(b[0][1], vec![r(1, 3), r(2, 3)]);
        assert_eq!(b[1][0], vec![r(2, 3), r(1, 3)]);
    }
}

#[test]
fn float_lcp_finds_the_poker_equilibrium() {
    let tree = poker();
    let solution = solve(&Game::Tree(tree), &Config::new(Method::Lcp)).expect("applies");
    assert_eq!(solution.status, Status::Solved);
    let Profile::Behavior(b) = &solution.equilibria[0].profile else {
        panic!()
    };
    assert!((b[0][1][0].to_f64() - 1.0 / 3.0).abs() < 1e-9);
    assert!((b[1][0][0].to_f64() - 2.0 / 3.0).abs() < 1e-9);
    assert!(solution.equilibria[0].max_regret.to_f64().abs() < 1e-9);
}

/// Entry deterrence with perfect information: the entrant enters and the incumbent
/// accommodates in the subgame-perfect equilibrium, but "stay out, fight" is also an
/// equilibrium; either way the regret must be zero.
#[test]
fn perfect_information_game_has_a_zero_regret_equilibrium() {
    use Spec::*;
    let tree = build(&Move(
        0,
        1,
        vec![leaf(0, 2), Move(1, 1, vec![leaf(-1, -1), leaf(1, 1)])],
    ));
    let solution = solve(&Game::Tree(tree.clone()), &exact(Method::Lcp)).expect("applies");
    assert_eq!(solution.status, Status::Solved);
    let b = behavior(&solution.equilibria[0].profile);
    assert_eq!(exact_regret(&tree, &b), Rational::zero());
    assert_eq!(
        solution.equilibria[0].max_regret,
        Number::Exact(Rational::zero())
    );
}

/// Matching pennies after a chance move, with outcomes on non-terminal nodes: a root outcome
/// (1, −1) and, on the chance branch of probability 1/4, a further (2, −2). Player 2 does
/// not see the chance move. The pennies add a value of 0, so the game's value to player 1 is
/// 1 + 2/4 = 3/2.
#[test]
fn chance_and_non_terminal_outcomes_add_up() {
    use Spec::*;
    let pennies = |set: u64| {
        Move(
            0,
            set,
            vec![
                Move(1, 1, vec![leaf(1, -1), leaf(-1, 1)]),
                Move(1, 1, vec![leaf(-1, 1), leaf(1, -1)]),
            ],
        )
    };
    let tree = build(&With(
        vec![r(1, 1), r(-1, 1)],
        Box::new(Chance(vec![
            (r(1, 4), With(vec![r(2, 1), r(-2, 1)], Box::new(pennies(1)))),
            (r(3, 4), pennies(2)),
        ])),
    ));
    for method in [Method::Lp, Method::Lcp] {
        let solution = solve(&Game::Tree(tree.clone()), &exact(method)).expect("applies");
        assert_eq!(solution.status, Status::Solved);
        let eq = &solution.equilibria[0];
        assert_eq!(
            eq.payoffs,
            vec![Number::Exact(r(3, 2)), Number::Exact(r(-3, 2))],
            "{method:?}"
        );
        assert_eq!(
            exact_regret(&tree, &behavior(&eq.profile)),
            Rational::zero()
        );
    }
}

#[test]
fn imperfect_recall_is_refused_with_a_hint() {
    use Spec::*;
    // Player 1 forgets its first move: both second-move nodes are in one set.
    let tree = build(&Move(
        0,
        1,
        vec![
            Move(0, 2, vec![leaf(1, 0), leaf(0, 0)]),
            Move(0, 2, vec![leaf(0, 0), leaf(1, 0)]),
        ],
    ));
    for method in [Method::Lcp, Method::Lp] {
        match solve(&Game::Tree(tree.clone()), &exact(method)) {
            Err(SolveError::NotApplicable { reason, .. }) => {
                assert!(reason.contains("perfect recall"), "{reason}")
            }
            other => panic!("expected a refusal, got {other:?}"),
        }
    }
}

#[test]
fn lp_refuses_a_general_sum_game() {
    use Spec::*;
    let tree = build(&Move(0, 1, vec![leaf(1, 1), leaf(0, 0)]));
    match solve(&Game::Tree(tree), &exact(Method::Lp)) {
        Err(SolveError::NotApplicable { reason, .. }) => {
            assert!(reason.contains("lcp"), "{reason}")
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// Every oracle file: (game, JSON).
fn oracles() -> Vec<(String, serde_json::Value)> {
    support::oracles()
        .into_iter()
        .map(|o| (o.game, o.json))
        .collect()
}

fn load(game: &str) -> Game {
    brink_formats::read_file(support::game_path(game)).unwrap_or_else(|e| panic!("{game}: {e}"))
}

fn oracle_number(v: &serde_json::Value) -> Rational {
    match v {
        serde_json::Value::String(s) => parse_rational(s).expect("exact oracle number"),
        other => panic!("expected an exact number, got {other}"),
    }
}

#[test]
fn lcp_equilibria_of_every_oracle_tree_have_exact_regret_zero() {
    let mut checked = 0;
    for (name, json) in oracles() {
        let lcp = &json["results"]["lcp"];
        if json["format"] != "efg" || lcp["equilibria"].as_array().is_none_or(|e| e.is_empty()) {
            continue;
        }
        let game = load(&name);
        let Game::Tree(tree) = &game else {
            panic!("{name} is not a tree")
        };
        let solution = solve(&game, &exact(Method::Lcp)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(solution.status, Status::Solved, "{name}");
        let eq = &solution.equilibria[0];
        assert_eq!(
            exact_regret(tree, &behavior(&eq.profile)),
            Rational::zero(),
            "{name}"
        );
        assert_eq!(eq.max_regret, Number::Exact(Rational::zero()), "{name}");
        // The float run must land on an equilibrium too (or fall back to the exact one).
        let float =
            solve(&game, &Config::new(Method::Lcp)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(float.status, Status::Solved, "{name} (float)");
        assert!(
            float.equilibria[0].max_regret.to_f64() < 1e-6,
            "{name} (float)"
        );
        checked += 1;
    }
    assert!(
        checked >= 80,
        "only {checked} oracle trees had an lcp result"
    );
}

#[test]
fn lp_values_equal_gambits_exactly() {
    let mut checked = 0;
    for (name, json) in oracles() {
        let lp = &json["results"]["lp"]["equilibria"];
        let Some(first) = lp.as_array().and_then(|e| e.first()) else {
            continue;
        };
        let game = load(&name);
        let solution = solve(&game, &exact(Method::Lp)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(solution.status, Status::Solved, "{name}");
        let want: Vec<Number> = first["payoffs"]
            .as_array()
            .expect("payoffs")
            .iter()
            .map(|v| Number::Exact(oracle_number(v)))
            .collect();
        assert_eq!(solution.equilibria[0].payoffs, want, "{name}");
        assert_eq!(
            solution.equilibria[0].max_regret,
            Number::Exact(Rational::zero()),
            "{name}"
        );
        if let Game::Tree(tree) = &game {
            assert_eq!(
                exact_regret(tree, &behavior(&solution.equilibria[0].profile)),
                Rational::zero(),
                "{name}"
            );
        }
        checked += 1;
    }
    assert!(
        checked >= 20,
        "only {checked} oracle games had an lp result"
    );
}

/// Games Gambit refuses for imperfect recall are refused here too, with the reason.
#[test]
fn oracle_games_without_perfect_recall_are_refused() {
    let mut checked = 0;
    for (name, json) in oracles() {
        if json["format"] != "efg" || json["players"] != 2 || json["perfect_recall"] != false {
            continue;
        }
        let game = load(&name);
        match solve(&game, &exact(Method::Lcp)) {
            Err(SolveError::NotApplicable { reason, .. }) => {
                assert!(reason.contains("perfect recall"), "{name}")
            }
            other => panic!("{name}: expected a refusal, got {other:?}"),
        }
        checked += 1;
    }
    assert!(checked >= 3);
}

/// A small deterministic generator (xorshift64*), so the random games are the same every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// A random two-player tree with perfect recall: chance nodes, perfect-information moves and
/// simultaneous moves (the second mover does not see the first's action). Payoffs are small
/// integers, so ties and degenerate bases are common; `zero_sum` makes player 2's payoff the
/// negative of player 1's.
fn random_tree(rng: &mut Rng, depth: u32, sets: &mut u64, zero_sum: bool) -> Spec {
    let payoff = |rng: &mut Rng| {
        let a = rng.below(7) as i64 - 3;
        let b = if zero_sum {
            -a
        } else {
            rng.below(7) as i64 - 3
        };
        leaf(a, b)
    };
    if depth == 0 || rng.below(5) == 0 {
        return payoff(rng);
    }
    match rng.below(3) {
        0 => {
            let k = 2 + rng.below(2);
            let weights: Vec<u64> = (0..k).map(|_| 1 + rng.below(3)).collect();
            let total: u64 = weights.iter().sum();
            Spec::Chance(
                weights
                    .iter()
                    .map(|&w| {
                        (
                            r(w as i64, total as i64),
                            random_tree(rng, depth - 1, sets, zero_sum),
                        )
                    })
                    .collect(),
            )
        }
        1 => {
            let player = rng.below(2) as usize;
            *sets += 1;
            let number = *sets;
            let k = 2 + rng.below(2);
            Spec::Move(
                player,
                number,
                (0..k)
                    .map(|_| random_tree(rng, depth - 1, sets, zero_sum))
                    .collect(),
            )
        }
        _ => {
            let first = rng.below(2) as usize;
            *sets += 1;
            let outer = *sets;
            *sets += 1;
            let inner = *sets;
            let (k1, k2) = (2 + rng.below(2), 2 + rng.below(2));
            Spec::Move(
                first,
                outer,
                (0..k1)
                    .map(|_| {
                        Spec::Move(
                            1 - first,
                            inner,
                            (0..k2)
                                .map(|_| random_tree(rng, depth - 1, sets, zero_sum))
                                .collect(),
                        )
                    })
                    .collect(),
            )
        }
    }
}

#[test]
fn lcp_solves_random_trees_exactly_and_in_floating_point() {
    let mut rng = Rng(0x5eed_0f5e_9f0e);
    for round in 0..150 {
        let mut sets = 0;
        let tree = build(&random_tree(&mut rng, 3, &mut sets, false));
        let game = Game::Tree(tree.clone());
        let solution = solve(&game, &exact(Method::Lcp)).expect("applies");
        assert_eq!(solution.status, Status::Solved, "round {round}");
        let b = behavior(&solution.equilibria[0].profile);
        assert_eq!(exact_regret(&tree, &b), Rational::zero(), "round {round}");
        let float = solve(&game, &Config::new(Method::Lcp)).expect("applies");
        assert_eq!(float.status, Status::Solved, "round {round} (float)");
        assert!(
            float.equilibria[0].max_regret.to_f64() < 1e-6,
            "round {round} (float)"
        );
    }
}

/// In a zero-sum game every equilibrium has the same value, so `lcp` and `lp`, two different
/// algorithms, must agree on it exactly.
#[test]
fn lcp_and_lp_agree_on_the_value_of_random_zero_sum_trees() {
    let mut rng = Rng(0x00c0_ffee_1234_5678);
    for round in 0..150 {
        let mut sets = 0;
        let tree = build(&random_tree(&mut rng, 3, &mut sets, true));
        let game = Game::Tree(tree.clone());
        let lcp = solve(&game, &exact(Method::Lcp)).expect("applies");
        let lp = solve(&game, &exact(Method::Lp)).expect("applies");
        assert_eq!(lcp.status, Status::Solved, "round {round}");
        assert_eq!(lp.status, Status::Solved, "round {round}");
        assert_eq!(
            lcp.equilibria[0].payoffs, lp.equilibria[0].payoffs,
            "round {round}"
        );
        assert_eq!(
            exact_regret(&tree, &behavior(&lp.equilibria[0].profile)),
            Rational::zero(),
            "round {round}"
        );
    }
}

/// Payoffs too large for machine integers take the arbitrary-precision path.
#[test]
fn huge_payoffs_are_solved_exactly() {
    use Spec::*;
    let big = |a: &str| parse_rational(a).expect("number");
    let pennies = Move(
        0,
        1,
        vec![
            Move(
                1,
                1,
                vec![
                    Spec::Leaf(vec![big("1e30"), big("-1e30")]),
                    Spec::Leaf(vec![big("-1e30"), big("1e30")]),
                ],
            ),
            Move(
                1,
                1,
                vec![
                    Spec::Leaf(vec![big("-3e30"), big("3e30")]),
                    Spec::Leaf(vec![big("1e30"), big("-1e30")]),
                ],
            ),
        ],
    );
    let tree = build(&pennies);
    for method in [Method::Lcp, Method::Lp] {
        let solution = solve(&Game::Tree(tree.clone()), &exact(method)).expect("applies");
        assert_eq!(solution.status, Status::Solved);
        let eq = &solution.equilibria[0];
        // Player 1 mixes (2/3, 1/3) and the value is −1e30/3.
        assert_eq!(
            eq.payoffs[0],
            Number::Exact(big("-1e30") / r(3, 1)),
            "{method:?}"
        );
        assert_eq!(
            exact_regret(&tree, &behavior(&eq.profile)),
            Rational::zero()
        );
    }
}

/// A player without a move, and a game of chance alone, are still two-player trees.
#[test]
fn trees_where_a_player_never_moves() {
    use Spec::*;
    let one_mover = build(&Chance(vec![
        (r(1, 3), Move(0, 1, vec![leaf(1, 0), leaf(2, 5)])),
        (r(2, 3), Move(0, 2, vec![leaf(3, 1), leaf(0, 0)])),
    ]));
    let solution = solve(&Game::Tree(one_mover), &exact(Method::Lcp)).expect("applies");
    assert_eq!(
        solution.equilibria[0].payoffs[0],
        Number::Exact(r(2, 3) + r(2, 1))
    );
    let chance_only = build(&Chance(vec![
        (r(1, 2), leaf(1, -1)),
        (r(1, 2), leaf(3, -3)),
    ]));
    for method in [Method::Lcp, Method::Lp] {
        let solution = solve(&Game::Tree(chance_only.clone()), &exact(method)).expect("applies");
        assert_eq!(
            solution.equilibria[0].payoffs[0],
            Number::Exact(r(2, 1)),
            "{method:?}"
        );
    }
}

/// Random constant-sum tables (the payoffs add up to 3 in every cell): the LP's strategies
/// leave no player an exact gain from any pure strategy, checked here cell by cell.
#[test]
fn lp_solves_random_constant_sum_tables_exactly() {
    use brink_game::Table;
    let mut rng = Rng(0x7ab1_e5ee_d000_0001);
    for round in 0..60 {
        let (m, n) = (1 + rng.below(5) as usize, 1 + rng.below(5) as usize);
        let strategies = vec![
            (0..m).map(|i| i.to_string()).collect::<Vec<_>>(),
            (0..n).map(|j| j.to_string()).collect::<Vec<_>>(),
        ];
        let payoffs: Vec<Vec<Rational>> = (0..m * n)
            .map(|_| {
                let a = r(rng.below(9) as i64 - 4, 1 + rng.below(3) as i64);
                vec![a.clone(), r(3, 1) - a]
            })
            .collect();
        let table = Table::from_payoffs(
            String::new(),
            vec!["1".into(), "2".into()],
            strategies,
            payoffs,
        );
        let solution = solve(&Game::Table(table.clone()), &exact(Method::Lp)).expect("applies");
        assert_eq!(solution.status, Status::Solved, "round {round}");
        let Profile::Strategy(s) = &solution.equilibria[0].profile else {
            panic!("a table gives strategies")
        };
        let x: Vec<Rational> = s[0]
            .iter()
            .map(|p| p.exact().expect("exact").clone())
            .collect();
        let y: Vec<Rational> = s[1]
            .iter()
            .map(|p| p.exact().expect("exact").clone())
            .collect();
        let pay = |i: usize, j: usize, p: usize| table.payoff(table.cell_index(&[i, j]), p);
        let value: Rational = (0..m)
            .flat_map(|i| (0..n).map(move |j| (i, j)))
            .map(|(i, j)| &x[i] * &y[j] * pay(i, j, 0))
            .sum();
        for i in 0..m {
            let v: Rational = (0..n).map(|j| &y[j] * pay(i, j, 0)).sum();
            assert!(v <= value, "round {round}: row {i} gains");
        }
        for j in 0..n {
            let v: Rational = (0..m).map(|i| &x[i] * pay(i, j, 1)).sum();
            assert!(v <= r(3, 1) - &value, "round {round}: column {j} gains");
        }
        assert_eq!(
            solution.equilibria[0].payoffs[0],
            Number::Exact(value),
            "round {round}"
        );
    }
}

/// A stop request set before the start ends Lemke's algorithm at its first pivot.
#[test]
fn a_stop_request_stops_lcp() {
    let mut config = exact(Method::Lcp);
    config.stop = Some(std::sync::Arc::new(std::sync::atomic::AtomicBool::new(
        true,
    )));
    let solution = solve(&Game::Tree(poker()), &config).expect("applies");
    assert_eq!(solution.status, Status::Stopped);
    assert!(solution.equilibria.is_empty());
}
