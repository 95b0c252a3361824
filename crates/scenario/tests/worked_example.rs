//! The worked example of the scenario issue, end to end: the scenario compiles to the game a
//! person would build by hand, and the answer is the known equilibrium, exactly.
use std::path::Path;

use brink_game::{Infoset, Node, NodeKind, Outcome, Player, Rational, Tree};
use brink_scenario::{analyze, load, Measure, Scenario};

fn data(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

fn r(text: &str) -> Rational {
    brink_game::parse_rational(text).unwrap()
}

fn scenario() -> Scenario {
    load(data("worked_example.toml")).unwrap_or_else(|d| {
        panic!(
            "{}",
            d.iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        )
    })
}

/// The tree drawn by hand: chance picks the Defender's type, then the Challenger (not seeing
/// it) challenges or not, the Defender resists or concedes, the Challenger escalates or backs down.
fn hand_built() -> Tree {
    let mut nodes = Vec::new();
    let mut outcomes = Vec::new();
    let add = |nodes: &mut Vec<Node>, parent: Option<usize>, kind: NodeKind| {
        nodes.push(Node {
            label: String::new(),
            parent,
            kind,
            children: Vec::new(),
            outcome: None,
        });
        if let Some(p) = parent {
            let id = nodes.len() - 1;
            nodes[p].children.push(id);
        }
        nodes.len() - 1
    };
    let leaf =
        |nodes: &mut Vec<Node>, outcomes: &mut Vec<Outcome>, parent: usize, c: &str, d: &str| {
            let id = add(nodes, Some(parent), NodeKind::Terminal);
            outcomes.push(Outcome {
                number: outcomes.len() as u64 + 1,
                label: String::new(),
                payoffs: vec![r(c), r(d)],
            });
            nodes[id].outcome = Some(outcomes.len() - 1);
        };
    let root = add(&mut nodes, None, NodeKind::Chance(0));
    // (infoset of the Defender, payoffs of concede, of war) per type.
    for (defender, concede, war) in [
        (2, ("1", "-3"), ("-4", "-2")),
        (4, ("1", "-1"), ("1/2", "-4")),
    ] {
        let start = add(&mut nodes, Some(root), NodeKind::Personal(1));
        let reply = add(&mut nodes, Some(start), NodeKind::Personal(defender));
        let showdown = add(&mut nodes, Some(reply), NodeKind::Personal(3));
        leaf(&mut nodes, &mut outcomes, showdown, war.0, war.1);
        leaf(&mut nodes, &mut outcomes, showdown, "-1", "1");
        leaf(&mut nodes, &mut outcomes, reply, concede.0, concede.1);
        leaf(&mut nodes, &mut outcomes, start, "0", "0");
    }
    let infoset = |player, actions: &[&str], probs: Vec<Rational>, members: Vec<usize>| Infoset {
        player,
        number: 0,
        label: String::new(),
        actions: actions.iter().map(|s| s.to_string()).collect(),
        probs,
        members,
    };
    let mut infosets = vec![
        infoset(
            Player::Chance,
            &["resolute", "irresolute"],
            vec![r("1/10"), r("9/10")],
            vec![0],
        ),
        infoset(
            Player::Personal(0),
            &["challenge", "status_quo"],
            vec![],
            vec![1, 8],
        ),
        infoset(Player::Personal(1), &["resist", "concede"], vec![], vec![2]),
        infoset(
            Player::Personal(0),
            &["escalate", "back_down"],
            vec![],
            vec![3, 10],
        ),
        infoset(Player::Personal(1), &["resist", "concede"], vec![], vec![9]),
    ];
    for (i, s) in infosets.iter_mut().enumerate() {
        s.number = i as u64 + 1;
    }
    Tree {
        title: String::new(),
        comment: String::new(),
        players: vec!["Challenger".into(), "Defender".into()],
        nodes,
        infosets,
        outcomes,
    }
}

/// Structure and exact numbers, without labels and numbering.
fn canonical(t: &Tree) -> (Vec<String>, Vec<String>, Vec<String>) {
    let pay = t.accumulated_payoffs();
    let nodes = t
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let kind = match n.kind {
                NodeKind::Terminal => format!(
                    "leaf {:?}",
                    pay[i].iter().map(|v| v.to_string()).collect::<Vec<_>>()
                ),
                NodeKind::Chance(s) => format!("chance set {s}"),
                NodeKind::Personal(s) => format!("personal set {s}"),
            };
            format!(
                "{i}: parent {:?} children {:?} {kind}",
                n.parent, n.children
            )
        })
        .collect();
    let infosets = t
        .infosets
        .iter()
        .map(|s| {
            format!(
                "{:?} {:?} {:?} {:?}",
                s.player,
                s.actions,
                s.probs.iter().map(|p| p.to_string()).collect::<Vec<_>>(),
                s.members
            )
        })
        .collect();
    (nodes, infosets, t.players.clone())
}

#[test]
fn compiles_to_the_hand_built_tree() {
    let s = scenario();
    let compiled = s.compile(None).unwrap();
    let values = compiled.param_values(&[]).unwrap();
    let tree = compiled.instantiate(&values).unwrap();
    tree.validate().unwrap();
    let hand = hand_built();
    hand.validate().unwrap();
    assert_eq!(canonical(&tree), canonical(&hand));
}

#[test]
fn answer_is_exactly_the_known_equilibrium() {
    let s = scenario();
    let answer = analyze(&s, None, &[]).unwrap_or_else(|d| panic!("{}", d[0]));
    let eq = &answer.equilibrium;
    let prob = |node: &str, ty: Option<&str>, mv: &str| -> String {
        let d = eq
            .decisions
            .iter()
            .find(|d| d.node == node && d.r#type.as_deref() == ty)
            .unwrap();
        d.moves
            .iter()
            .find(|(m, _)| m == mv)
            .unwrap()
            .1
            .exact
            .clone()
    };
    assert_eq!(prob("start", None, "challenge"), "1");
    assert_eq!(prob("showdown", None, "escalate"), "2/5");
    assert_eq!(prob("reply", Some("resolute"), "resist"), "1");
    assert_eq!(prob("reply", Some("irresolute"), "resist"), "2/9");
    // The Challenger's belief after resistance makes it indifferent: resolute with 1/3.
    let belief = eq.beliefs.iter().find(|b| b.node == "showdown").unwrap();
    let names: Vec<&str> = belief.types.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(names, ["resolute", "irresolute"]);
    assert_eq!(belief.types[0].1.exact, "1/3");
    assert_eq!(belief.types[1].1.exact, "2/3");
    assert_eq!(
        answer.measure(&Measure::Outcome {
            outcome: "war".into()
        }),
        Some(r("3/25"))
    );
    assert_eq!(
        answer.measure(&Measure::Move {
            node: "start".into(),
            r#move: "challenge".into()
        }),
        Some(r("1"))
    );
    assert_eq!(
        answer.measure(&Measure::Payoff {
            player: "challenger".into()
        }),
        Some(r("2/5"))
    );
    assert_eq!(answer.equilibria_found, 1);
    let text = answer.to_string();
    assert!(text.contains("resist 2/9"), "{text}");
    let json = serde_json::to_value(&answer).unwrap();
    assert_eq!(
        json["equilibrium"]["payoffs"][0]["expected"]["exact"],
        "2/5"
    );
}

#[test]
fn a_higher_prior_of_resolve_deters_the_challenge() {
    // With prior 1/2 the Challenger's expected gain from challenging is negative: it escalates
    // against a pooling resistance and loses to the resolute half. The answer must change.
    let s = scenario();
    let answer = analyze(&s, None, &[("p_resolute".into(), "1/2".into())]).unwrap();
    assert_eq!(
        answer.measure(&Measure::Move {
            node: "start".into(),
            r#move: "challenge".into()
        }),
        Some(r("0"))
    );
    let err = analyze(&s, None, &[("p_resolute".into(), "2".into())]).unwrap_err();
    assert_eq!(err[0].code, "S041");
    let err = analyze(&s, Some("nope"), &[]).unwrap_err();
    assert_eq!(err[0].code, "S040");
}

#[test]
fn fast_evaluation_agrees_with_exact_instantiation() {
    let s = scenario();
    let compiled = s.compile(None).unwrap();
    let values = compiled
        .param_values(&[("p_resolute".into(), "0.3".into())])
        .unwrap();
    let tree = compiled.instantiate(&values).unwrap();
    let (payoffs, probs) = compiled.evaluate_f64(&[0.3]);
    for (o, pays) in payoffs.iter().enumerate() {
        for (p, v) in pays.iter().enumerate() {
            assert!((v - brink_game::rational_to_f64(&tree.outcomes[o].payoffs[p])).abs() < 1e-12);
        }
    }
    for (k, i) in compiled.chance_infosets().into_iter().enumerate() {
        for (a, v) in probs[k].iter().enumerate() {
            assert!((v - brink_game::rational_to_f64(&tree.infosets[i].probs[a])).abs() < 1e-12);
        }
    }
}
