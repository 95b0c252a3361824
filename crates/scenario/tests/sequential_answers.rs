//! Answers of `analyze` that depend on the sequential-equilibrium search (issue 10).

use std::path::Path;

use brink_scenario::{analyze, load};

fn scenario(name: &str) -> brink_scenario::Scenario {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../scenarios")
        .join(name);
    load(&path).unwrap_or_else(|d| panic!("{}", d[0]))
}

/// Regression: at p_resolute = 0.609524 the reputation scenario's equilibrium mixes with
/// denominators in the millions (the prior is 152381/250000), and `analyze` used to end with
/// S062 while `brink solve --method spe` answered. It must answer, with an equilibrium verified
/// exactly, and say that the list is not complete (its equations are nonlinear).
#[test]
fn reputation_at_a_prior_with_large_denominators_has_an_answer() {
    let s = scenario("reputation.toml");
    let answer = analyze(&s, None, &[("p_resolute".into(), "0.609524".into())])
        .unwrap_or_else(|d| panic!("{}", d[0]));
    assert!(!answer.search_complete);
    assert!(!answer.search_gaps.is_empty());
    let (behavior, beliefs) = answer.profile(0).unwrap();
    let exact = |v: Vec<Vec<Vec<brink_game::Rational>>>| -> Vec<Vec<Vec<brink_solve::Number>>> {
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

/// Beer–quiche written as a scenario (Cho & Kreps 1987: prior strong 9/10; the sender gets 1
/// for its preferred breakfast plus 2 if spared; the receiver gets 1 for dueling a weak or
/// sparing a strong sender). Both pooling equilibria are sequential: on beer (spare after beer;
/// after quiche duel, believing weak with probability at least 1/2) and on quiche (the mirror
/// image). The intuitive criterion removes the quiche pooling (derivation in
/// crates/solve/tests/sequential_refine.rs): in it the weak type gets 3, more than beer can ever
/// give it (2), so the receiver must believe a beer drinker strong, spare him, and the strong
/// type would then get 3 > 2 from beer. `analyze --refine intuitive` must lead with the beer
/// pooling and name the removed one.
#[test]
fn the_intuitive_criterion_keeps_only_the_beer_pooling() {
    let s = brink_scenario::parse_str("beer_quiche.toml", BEER_QUICHE)
        .unwrap_or_else(|d| panic!("{}", d[0]));
    let mut answer = analyze(&s, None, &[]).unwrap_or_else(|d| panic!("{}", d[0]));
    assert_eq!(answer.equilibria_found, 2);
    answer
        .refine(brink_solve::sequential::Refinement::Intuitive)
        .unwrap();
    assert_eq!(answer.equilibria_found, 1);
    let beer = answer
        .equilibrium
        .outcomes
        .iter()
        .find(|o| o.outcome == "beer_spare")
        .unwrap();
    assert_eq!(beer.probability.exact, "1");
    let note = answer.refinement.as_ref().unwrap();
    assert_eq!(note.removed.len(), 1);
    assert!(note.removed[0].contains("beer"), "{}", note.removed[0]);
}

const BEER_QUICHE: &str = r#"title = "Beer or quiche"
about = "Cho & Kreps's signalling game."

[params]
p_strong = { value = 0.9, range = [0, 1], about = "Prior that the sender is strong" }

[players.sender]
name = "Sender"
types = { strong = "p_strong", weak = "1 - p_strong" }

[players.receiver]
name = "Receiver"

[nodes.breakfast]
player = "sender"
moves = { beer = "after_beer", quiche = "after_quiche" }

[nodes.after_beer]
player = "receiver"
moves = { duel = "beer_duel", spare = "beer_spare" }

[nodes.after_quiche]
player = "receiver"
moves = { duel = "quiche_duel", spare = "quiche_spare" }

[outcomes]
beer_duel = { sender = { strong = "1", weak = "0" }, receiver = { strong = "0", weak = "1" } }
beer_spare = { sender = { strong = "3", weak = "2" }, receiver = { strong = "1", weak = "0" } }
quiche_duel = { sender = { strong = "0", weak = "1" }, receiver = { strong = "0", weak = "1" } }
quiche_spare = { sender = { strong = "2", weak = "3" }, receiver = { strong = "1", weak = "0" } }
"#;
