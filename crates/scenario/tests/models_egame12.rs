//! Signorino's strategic choice model on the deterrence tree (the R package `games`, model
//! `egame12`, agent errors, logit link), `scenarios/models/egame12.toml`.
//!
//! The package's outcome probabilities, written out here from its model (each agent's
//! choice is logistic in its utility difference with scale sqrt 2, the difference of two
//! unit-scale agent errors): player 2 fights with `p4 = L(u24 / sqrt 2)`, player 1 challenges
//! with `p2 = L((p3 u13 + p4 u14 - u11) / sqrt 2)`, `p3 = 1 - p4`. That is the agent logit QRE
//! at λ = 1/sqrt 2, which brink's logit solver computes on the compiled tree.
use std::path::Path;

use brink_game::{rational_to_f64, Game, Rational, Tree};
use brink_scenario::{analyze, load, Scenario};
use brink_solve::{solve, Config, Method, Profile};
use num_traits::{One, Zero};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn scenario() -> Scenario {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/models/egame12.toml");
    load(&path).unwrap_or_else(|d| panic!("{}", d[0]))
}

fn logistic(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// The closed form at precision `lambda`: (P(status quo), P(capitulation), P(war)).
fn closed_form(u: [f64; 4], lambda: f64) -> [f64; 3] {
    let [u11, u13, u14, u24] = u;
    let p4 = logistic(lambda * u24);
    let p3 = 1.0 - p4;
    let p2 = logistic(lambda * (p3 * u13 + p4 * u14 - u11));
    [1.0 - p2, p2 * p3, p2 * p4]
}

fn overrides(u: &[Rational; 4]) -> Vec<(String, String)> {
    ["u11", "u13", "u14", "u24"]
        .iter()
        .zip(u)
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn tree_at(s: &Scenario, u: &[Rational; 4]) -> Tree {
    let c = s.compile(None).unwrap();
    c.instantiate(&c.param_values(&overrides(u)).unwrap())
        .unwrap()
}

/// Outcome probabilities of brink's logit QRE at `lambda`, in the order of `closed_form`.
fn brink_qre(tree: &Tree, lambda: f64) -> [f64; 3] {
    let mut config = Config::new(Method::Logit);
    config.lambda = Some(lambda);
    let solution = solve(&Game::Tree(tree.clone()), &config).unwrap();
    assert_eq!(solution.equilibria.len(), 1, "{:?}", solution.status);
    let Profile::Behavior(b) = &solution.equilibria[0].profile else {
        panic!("a tree gives a behaviour profile")
    };
    let sets = tree.player_infosets();
    let prob = |player: usize, action: &str| {
        let h = sets[player][0];
        let a = tree.infosets[h]
            .actions
            .iter()
            .position(|m| m == action)
            .unwrap();
        b[player][0][a].to_f64()
    };
    let (challenge, fight) = (prob(0, "challenge"), prob(1, "fight"));
    [
        1.0 - challenge,
        challenge * (1.0 - fight),
        challenge * fight,
    ]
}

fn close(a: [f64; 3], b: [f64; 3], tol: f64) -> bool {
    a.iter().zip(&b).all(|(x, y)| (x - y).abs() < tol)
}

#[test]
fn the_package_example_is_reproduced() {
    let s = scenario();
    let u = [-1.0, 0.0, -1.4, 0.1];
    let exact = ["-1", "0", "-7/5", "1/10"].map(|t| brink_game::parse_rational(t).unwrap());
    let lambda = std::f64::consts::FRAC_1_SQRT_2;
    let want = closed_form(u, lambda);
    // The numbers themselves, so the docs can quote them: status quo 0.4515, capitulation
    // 0.2646, war 0.2839 (four decimals).
    assert!(close(want, [0.45149, 0.26457, 0.28394], 1e-4), "{want:?}");
    let got = brink_qre(&tree_at(&s, &exact), lambda);
    assert!(
        close(got, want, 1e-7),
        "brink {got:?}, closed form {want:?}"
    );
}

#[test]
fn agent_qre_matches_the_closed_form_over_random_utilities_and_precisions() {
    let s = scenario();
    let mut rng = ChaCha8Rng::seed_from_u64(2003);
    for _ in 0..40 {
        let u: [Rational; 4] =
            std::array::from_fn(|_| Rational::new(rng.gen_range(-300..300).into(), 100.into()));
        if u[0] == u[1] && u[1] == u[2] {
            continue; // player 1 indifferent everywhere: no payoff span for its choice
        }
        let uf = u.clone().map(|x| rational_to_f64(&x));
        let tree = tree_at(&s, &u);
        for lambda in [std::f64::consts::FRAC_1_SQRT_2, 0.25, 2.0, 5.0] {
            let want = closed_form(uf, lambda);
            let got = brink_qre(&tree, lambda);
            assert!(
                close(got, want, 1e-7),
                "u = {uf:?}, λ = {lambda}: {got:?} vs {want:?}"
            );
        }
    }
}

#[test]
fn the_limit_is_backward_induction() {
    // As the precision grows the QRE goes to the sequential equilibrium: player 2 fights iff
    // u24 > 0, player 1 challenges iff what it then gets beats u11.
    let s = scenario();
    let mut rng = ChaCha8Rng::seed_from_u64(1999);
    let mut tested = 0;
    while tested < 100 {
        let u: [Rational; 4] =
            std::array::from_fn(|_| Rational::new(rng.gen_range(-300..300).into(), 100.into()));
        let fights = u[3] > Rational::zero();
        let reply = if fights { &u[2] } else { &u[1] };
        if u[3].is_zero() || *reply == u[0] {
            continue;
        }
        tested += 1;
        let challenges = *reply > u[0];
        let answer = analyze(&s, None, &overrides(&u)).unwrap();
        assert_eq!(answer.equilibria_found, 1);
        let p = |o: &str| answer.outcome_probability(o).unwrap();
        let (sq, cap, war) = match (challenges, fights) {
            (false, _) => (1, 0, 0),
            (true, false) => (0, 1, 0),
            (true, true) => (0, 0, 1),
        };
        assert_eq!(p("status_quo"), Rational::from_integer(sq.into()));
        assert_eq!(p("capitulation"), Rational::from_integer(cap.into()));
        assert_eq!(p("war"), Rational::from_integer(war.into()));
        assert!(
            answer.search_complete
                && Rational::one() == p("status_quo") + p("capitulation") + p("war")
        );
    }
}
