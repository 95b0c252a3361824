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
