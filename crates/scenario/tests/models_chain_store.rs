//! The chain store with reputation (Selten 1978; Kreps & Wilson 1982), two entrants,
//! `scenarios/models/chain_store.toml`: brink's equilibria against Kreps & Wilson's, over random
//! parameters with a > 1, 0 < b < 1, exactly.
//!
//! Kreps & Wilson's equilibrium, written out here for two markets (p = the entrant's belief that
//! the incumbent is Strong, n = markets left): an entrant enters if p < b^n and stays out if
//! p > b^n (at p = b^n it stays out with probability 1/a); the Strong incumbent always fights;
//! the Weak one acquiesces in the last market and, earlier, fights for sure if p ≥ b^(n-1) and
//! otherwise with the probability that brings the belief after a fight up to b^(n-1).
use std::path::Path;

use brink_game::{parse_rational, Rational};
use brink_scenario::{analyze, load, EquilibriumReport};
use num_traits::{One, Zero};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn rat(n: i64, d: i64) -> Rational {
    Rational::new(n.into(), d.into())
}

/// The on-path outcome distribution of Kreps & Wilson's equilibrium.
fn kreps_wilson(delta: &Rational, a: &Rational, b: &Rational) -> Vec<(&'static str, Rational)> {
    let one = Rational::one();
    if delta > b {
        // Both entrants believe the incumbent Strong enough: nobody enters.
        vec![("out_out", one)]
    } else if *delta > b * b {
        // Reputation deters the first entrant (delta > b^2) but not the last (delta < b).
        vec![("out_fought", delta.clone()), ("out_acq", &one - delta)]
    } else {
        // The first entrant enters; the Weak incumbent fights with probability
        // (1 - b) delta / ((1 - delta) b), so a fight happens with probability delta / b and
        // lifts the belief to b; the second entrant then stays out with probability 1/a.
        let fought = delta / b;
        let stay_out = a.recip();
        vec![
            ("fought_out", &fought * &stay_out),
            ("fought_fought", &fought * (&one - &stay_out) * b),
            ("fought_acq", &fought * (&one - &stay_out) * (&one - b)),
            ("acq_acq", &one - &fought),
        ]
    }
}

fn decision(e: &EquilibriumReport, node: &str, ty: Option<&str>, action: &str) -> Rational {
    let d = e
        .decisions
        .iter()
        .find(|d| d.node == node && d.r#type.as_deref() == ty)
        .unwrap_or_else(|| panic!("no decision at {node} for {ty:?}"));
    parse_rational(&d.moves.iter().find(|(m, _)| m == action).unwrap().1.exact).unwrap()
}

#[test]
fn brink_finds_the_kreps_wilson_reputation_equilibrium() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/models/chain_store.toml");
    let s = load(&path).unwrap_or_else(|d| panic!("{}", d[0]));
    let mut rng = ChaCha8Rng::seed_from_u64(1982);
    let mut regions = [0usize; 3];
    let mut tested = 0;
    while tested < 50 {
        let a = rat(rng.gen_range(101..500), 100);
        let b = rat(rng.gen_range(1..100), 100);
        let delta = rat(rng.gen_range(1..1000), 1000);
        if delta == b || delta == &b * &b {
            continue;
        }
        tested += 1;
        let overrides = vec![
            ("delta".to_string(), delta.to_string()),
            ("a".to_string(), a.to_string()),
            ("b".to_string(), b.to_string()),
        ];
        let answer = analyze(&s, None, &overrides).unwrap_or_else(|d| panic!("{}", d[0]));
        assert!(answer.search_complete, "{overrides:?}");
        let want = kreps_wilson(&delta, &a, &b);
        // Kreps & Wilson's equilibrium is the selected one. With full consistency there is one
        // more sequential equilibrium when delta > b, which the limit of uniform trembles hid
        // (derived by hand): the first entrant enters, both types acquiesce, the second entrant
        // stays out after an acquiescence (belief = prior: entering pays b - delta < 0) and
        // enters after the off-path fight, believing the incumbent Strong with probability at
        // most b (both types' fights are unplayed and tremble independently, so any belief is
        // consistent). A Strong incumbent then gets a - 1 > 0 from acquiescing against 0 from
        // fighting (the entrant enters and it fights again), a Weak one a against -1, and the
        // first entrant b > 0. For delta < b the second entrant would enter after an
        // acquiescence, and no such equilibrium exists.
        let extra: Vec<(&str, Rational)> = vec![("acq_out", Rational::one())];
        assert_eq!(answer.others.len(), usize::from(delta > b), "{overrides:?}");
        for e in &answer.others {
            for o in &e.outcomes {
                let expected = extra
                    .iter()
                    .find(|(name, _)| *name == o.outcome)
                    .map_or_else(Rational::zero, |(_, p)| p.clone());
                assert_eq!(parse_rational(&o.probability.exact).unwrap(), expected);
            }
        }
        for e in std::iter::once(&answer.equilibrium) {
            for o in &e.outcomes {
                let expected = want
                    .iter()
                    .find(|(name, _)| *name == o.outcome)
                    .map_or_else(Rational::zero, |(_, p)| p.clone());
                let got = parse_rational(&o.probability.exact).unwrap();
                assert_eq!(got, expected, "{} at {overrides:?}", o.outcome);
            }
            // On the path: the Strong incumbent fights; where the first entrant enters, the
            // Weak one fights with Kreps & Wilson's probability and the second entrant, after
            // a fight, stays out with probability 1/a.
            if delta < &b * &b {
                let one = Rational::one();
                let beta = (&one - &b) * &delta / ((&one - &delta) * &b);
                assert!(decision(e, "first_entry", None, "enter").is_one());
                assert!(decision(e, "first_reply", Some("strong"), "fight").is_one());
                assert_eq!(decision(e, "first_reply", Some("weak"), "fight"), beta);
                assert_eq!(
                    decision(e, "second_entry_after_fought", None, "stay_out"),
                    a.recip()
                );
            } else {
                assert!(decision(e, "first_entry", None, "stay_out").is_one());
            }
        }
        regions[if delta > b {
            0
        } else if delta > &b * &b {
            1
        } else {
            2
        }] += 1;
    }
    assert!(regions.iter().all(|&n| n >= 4), "{regions:?}");
}

/// Gambit's `contrib/games/cs.efg` is the same game with three entrants (a = b = delta = 1/2).
/// The three-entrant scenario, solved with brink's logit tracer to its limit, must give the
/// payoffs of Gambit 16.7's logit equilibrium of cs.efg (the oracle), and the compiled tree must
/// have cs.efg's information sets for the entrants (1, 3 and 9: one per history).
#[test]
fn three_entrants_match_gambit_cs_efg() {
    use brink_game::{Game, Player};
    use brink_solve::{solve, Config, Method};
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let s = load(root.join("../../scenarios/models/large/chain_store_three.toml"))
        .unwrap_or_else(|d| panic!("{}", d[0]));
    let c = s.compile(None).unwrap();
    let tree = c.instantiate(&c.param_values(&[]).unwrap()).unwrap();
    let oracle_path = root.join("../../../shared/oracles/gambit-16.7/contrib__games__cs.efg.json");
    let text = std::fs::read_to_string(&oracle_path).unwrap_or_else(|e| {
        panic!(
            "the shared Gambit oracles must be beside the repository ({}): {e}",
            oracle_path.display()
        )
    });
    let oracle: serde_json::Value = serde_json::from_str(&text).unwrap();
    let counts: Vec<u64> = oracle["infosets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap())
        .collect();
    for (entrant, &count) in counts.iter().enumerate().skip(1) {
        let mine = tree
            .infosets
            .iter()
            .filter(|i| i.player == Player::Personal(entrant))
            .count();
        assert_eq!(mine as u64, count, "entrant {entrant}");
    }
    let want: Vec<f64> = oracle["results"]["logit"]["equilibria"][0]["payoffs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect();
    let solution = solve(&Game::Tree(tree), &Config::new(Method::Logit)).unwrap();
    assert!(!solution.equilibria.is_empty(), "{:?}", solution.status);
    let got: Vec<f64> = solution.equilibria[0]
        .payoffs
        .iter()
        .map(|n| n.to_f64())
        .collect();
    assert_eq!(got.len(), want.len());
    for (g, w) in got.iter().zip(&want) {
        assert!((g - w).abs() < 1e-6, "brink {got:?}, Gambit {want:?}");
    }
}
