//! Language features beyond the worked example: simultaneous moves, named information sets,
//! `extends`, variants, and the pure and mixed equilibria of chicken.
use std::path::Path;

use brink_game::{Player, Rational};
use brink_scenario::{analyze, load, Measure};

fn data(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

fn r(text: &str) -> Rational {
    brink_game::parse_rational(text).unwrap()
}

#[test]
fn simultaneous_moves_put_the_second_mover_in_one_information_set() {
    for file in ["chicken.toml", "chicken_hidden.toml"] {
        let s = load(data(file)).unwrap_or_else(|d| panic!("{}", d[0]));
        let c = s.compile(None).unwrap();
        let tree = c.instantiate(&c.param_values(&[]).unwrap()).unwrap();
        assert!(tree.is_perfect_recall());
        let col: Vec<_> = tree
            .infosets
            .iter()
            .filter(|i| i.player == Player::Personal(1))
            .collect();
        assert_eq!(col.len(), 1, "{file}");
        assert_eq!(col[0].members.len(), 2, "{file}");
    }
}

#[test]
fn chicken_has_two_pure_equilibria_and_the_mixed_one() {
    // Pr(j firm) = (1 - c) / (1 - c + s) = (1/2) / (3/4) = 2/3 in the mixed equilibrium.
    let s = load(data("chicken.toml")).unwrap();
    let answer = analyze(&s, None, &[]).unwrap();
    assert_eq!(answer.equilibria_found, 3);
    assert!(answer.search_complete);
    let mut firm: Vec<Rational> = std::iter::once(&answer.equilibrium)
        .chain(&answer.others)
        .map(|e| {
            let d = e.decisions.iter().find(|d| d.node == "start").unwrap();
            r(&d.moves.iter().find(|(m, _)| m == "firm").unwrap().1.exact)
        })
        .collect();
    firm.sort();
    assert_eq!(firm, vec![r("0"), r("2/3"), r("1")]);
}

#[test]
fn extends_merges_the_base_and_keeps_its_variants() {
    let s = load(data("extended.toml")).unwrap_or_else(|d| {
        panic!(
            "{}",
            d.iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        )
    });
    assert_eq!(
        s.title,
        "An extension: refusing now costs b more, and a may bluff"
    );
    let names: Vec<&str> = s.variants.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, vec!["rich", "no_refusal"]);
    assert_eq!(s.params.len(), 2);
    // b now prefers accepting (1 > -3), so a goes (x = 1 > 0 and > -bluff_cost).
    let answer = analyze(&s, None, &[]).unwrap();
    assert_eq!(
        answer.measure(&Measure::Move {
            node: "start".into(),
            r#move: "go".into()
        }),
        Some(r("1"))
    );
    assert_eq!(
        answer.measure(&Measure::Payoff { player: "a".into() }),
        Some(r("1"))
    );
    let rich = analyze(&s, Some("rich"), &[]).unwrap();
    assert_eq!(
        rich.measure(&Measure::Payoff { player: "a".into() }),
        Some(r("5"))
    );
    let forced = analyze(&s, Some("no_refusal"), &[("x".into(), "2".into())]).unwrap();
    assert_eq!(
        forced.measure(&Measure::Outcome {
            outcome: "accepted".into()
        }),
        Some(r("1"))
    );
    let d = forced
        .equilibrium
        .decisions
        .iter()
        .find(|d| d.node == "reply")
        .unwrap();
    assert!(d.forced);
    assert_eq!(d.moves.len(), 1);
}

#[test]
fn instantiation_rejects_probabilities_that_leave_the_unit_interval() {
    let text = r#"
[params]
p = { value = 0.5 }
[players.a]
[players.b]
[nodes.start]
chance = { up = "p", down = "1 - p" }
moves = { up = "end", down = "end" }
[outcomes]
end = { a = 0, b = 0 }
"#;
    let s = brink_scenario::parse_str("inline.toml", text).unwrap();
    let c = s.compile(None).unwrap();
    let err = c
        .instantiate(&c.param_values(&[("p".into(), "1.5".into())]).unwrap())
        .unwrap_err();
    assert_eq!(err.code, "S021");
    assert_eq!(err.location().map(|l| (l.1, l.2)), Some((7, 17)));
}

#[test]
fn variants_remove_moves_and_replace_nodes_and_outcomes() {
    let s = load(data("patches.toml")).unwrap_or_else(|d| panic!("{}", d[0]));
    let moves = |variant: Option<&str>, node: &str| -> Vec<String> {
        let c = s.compile(variant).unwrap();
        let t = c.structure();
        let id = t.nodes.iter().position(|n| n.label == node).unwrap();
        let set = t.infoset_of(id).unwrap();
        t.infosets[set].actions.clone()
    };
    assert_eq!(moves(None, "start"), vec!["go", "wait", "bluff"]);
    assert_eq!(moves(Some("no_bluff"), "start"), vec!["go", "wait"]);
    assert_eq!(
        moves(Some("new_reply"), "reply"),
        vec!["negotiate", "fight"]
    );
    // b yields in the base (-1 = -1 is a tie, so check payoffs instead of play).
    let cheap = analyze(&s, Some("cheap_fight"), &[]).unwrap();
    assert_eq!(
        cheap.measure(&Measure::Outcome {
            outcome: "yielded".into()
        }),
        Some(r("0"))
    );
    let deal = analyze(&s, Some("new_reply"), &[]).unwrap();
    assert_eq!(
        deal.measure(&Measure::Payoff { player: "a".into() }),
        Some(r("1/2"))
    );
    let game = s.game(Some("no_bluff"), &[]).unwrap();
    assert!(game.validate().is_ok());
}

/// A simultaneous-move game with ten moves each: too many supports to enumerate, so the
/// answer comes from the logit limit, made exact and verified.
fn big_simultaneous() -> String {
    let mut t = String::from("title = \"Ten by ten\"\n[players.row]\n[players.col]\n[nodes.start]\nplayer = \"row\"\nmoves = { ");
    let moves: Vec<String> = (0..10).map(|i| format!("r{i} = \"c_after_{i}\"")).collect();
    t.push_str(&moves.join(", "));
    t.push_str(" }\n");
    for i in 0..10 {
        t.push_str(&format!(
            "[nodes.c_after_{i}]\nplayer = \"col\"\ninfo = \"col\"\nmoves = {{ "
        ));
        let m: Vec<String> = (0..10).map(|j| format!("c{j} = \"o_{i}_{j}\"")).collect();
        t.push_str(&m.join(", "));
        t.push_str(" }\n");
    }
    t.push_str("[outcomes]\n");
    for i in 0..10 {
        for j in 0..10 {
            // Row wants to match col's move plus one, col wants to match row's move: a cycle
            // of best replies, broken only by the (4, 4) cell.
            let a = if (j + 1) % 10 == i {
                3
            } else if i == 4 && j == 4 {
                2
            } else {
                0
            };
            let b = if i == j {
                3
            } else if i == 4 && j == 4 {
                2
            } else {
                0
            };
            t.push_str(&format!("o_{i}_{j} = {{ row = {a}, col = {b} }}\n"));
        }
    }
    t
}

#[test]
fn too_many_supports_fall_back_to_one_verified_equilibrium() {
    let s = brink_scenario::parse_str("big.toml", &big_simultaneous())
        .unwrap_or_else(|d| panic!("{}", d[0]));
    match analyze(&s, None, &[]) {
        Ok(answer) => {
            // Beyond the support budget the answer names its route (backward induction, whose
            // subgame here is solved by another method, or the logit limit) and says the list
            // is not complete.
            assert!(
                answer.method.contains("backward induction") || answer.method.contains("logit"),
                "{}",
                answer.method
            );
            assert!(answer.search_gaps.iter().any(|g| g.contains("budget")));
            assert!(!answer.search_complete);
            let (behavior, beliefs) = answer.profile(0).unwrap();
            let exact = |v: Vec<Vec<Vec<Rational>>>| -> Vec<Vec<Vec<brink_solve::Number>>> {
                v.into_iter()
                    .map(|p| {
                        p.into_iter()
                            .map(|i| i.into_iter().map(brink_solve::Number::Exact).collect())
                            .collect()
                    })
                    .collect()
            };
            let beliefs = exact(beliefs);
            let checked = brink_solve::verify::behavior_with_beliefs(
                answer.tree().unwrap(),
                &exact(behavior),
                Some(&beliefs),
            )
            .unwrap();
            assert!(checked.sequentially_rational);
        }
        Err(d) => panic!("{}", d[0]),
    }
}

#[test]
fn chance_probabilities_may_depend_on_types() {
    // A secure leader never falls; a precarious one falls with p_coup = 2/5, so it fights on
    // (-3 > 2/5 * -10 + 3/5 * -1 = -23/5) while the secure one withdraws (-1 > -3).
    let s = load(data("coup.toml")).unwrap_or_else(|d| panic!("{}", d[0]));
    let answer = analyze(&s, None, &[]).unwrap();
    let prob = |ty: &str| {
        let d = answer
            .equilibrium
            .decisions
            .iter()
            .find(|d| d.r#type.as_deref() == Some(ty))
            .unwrap();
        d.moves
            .iter()
            .find(|(m, _)| m == "withdraw")
            .unwrap()
            .1
            .exact
            .clone()
    };
    assert_eq!(prob("secure"), "1");
    assert_eq!(prob("precarious"), "0");
    assert_eq!(
        answer.measure(&Measure::Outcome {
            outcome: "overthrown".into()
        }),
        Some(r("0"))
    );
    let low = analyze(&s, None, &[("p_coup".into(), "0.1".into())]).unwrap();
    // Now withdrawing is better for both: overthrown with 1/2 * 1/10.
    assert_eq!(
        low.measure(&Measure::Outcome {
            outcome: "overthrown".into()
        }),
        Some(r("1/20"))
    );
}
