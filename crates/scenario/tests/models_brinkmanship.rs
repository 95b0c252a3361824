//! Brinkmanship on an escalation ladder (Powell 1987, 1990), `scenarios/models/brinkmanship.toml`:
//! brink's equilibrium against backward induction written out here, over random ladders, and
//! Powell's point that with coarse steps the more resolved state need not prevail.
use std::path::Path;

use brink_game::Rational;
use brink_scenario::{analyze, load, Scenario};
use num_traits::{One, Zero};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn rat(n: i64, d: i64) -> Rational {
    Rational::new(n.into(), d.into())
}

fn scenario() -> Scenario {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/models/brinkmanship.toml");
    load(&path).unwrap_or_else(|d| panic!("{}", d[0]))
}

/// Outcome probabilities (A prevails, B prevails, disaster) by backward induction; `None` if
/// some mover is indifferent (a non-generic ladder).
fn backward_induction(cost: [&Rational; 2], d: &[Rational; 4]) -> Option<[Rational; 3]> {
    let (zero, one) = (Rational::zero(), Rational::one());
    // At the top A quits rather than go to war: B prevails.
    let mut values = [zero.clone(), one.clone()];
    let mut dist = [zero.clone(), one.clone(), zero.clone()];
    for k in (0..4).rev() {
        let mover = k % 2; // A at steps 1 and 3, B at 2 and 4
        let disaster = [-cost[0].clone(), -cost[1].clone()];
        let escalate: Vec<Rational> = (0..2)
            .map(|p| &d[k] * &disaster[p] + (&one - &d[k]) * &values[p])
            .collect();
        // Quitting gives the mover 0 and the other side 1.
        if escalate[mover] == zero {
            return None;
        }
        if escalate[mover] > zero {
            values = [escalate[0].clone(), escalate[1].clone()];
            dist = [
                (&one - &d[k]) * &dist[0],
                (&one - &d[k]) * &dist[1],
                &d[k] + (&one - &d[k]) * &dist[2],
            ];
        } else {
            values = if mover == 0 {
                [zero.clone(), one.clone()]
            } else {
                [one.clone(), zero.clone()]
            };
            dist = if mover == 0 {
                [zero.clone(), one.clone(), zero.clone()]
            } else {
                [one.clone(), zero.clone(), zero.clone()]
            };
        }
    }
    Some(dist)
}

fn overrides(cost: [&Rational; 2], d: &[Rational; 4]) -> Vec<(String, String)> {
    let mut o = vec![
        ("cost_a".to_string(), cost[0].to_string()),
        ("cost_b".to_string(), cost[1].to_string()),
    ];
    for (k, x) in d.iter().enumerate() {
        o.push((format!("d{}", k + 1), x.to_string()));
    }
    o
}

fn outcomes(s: &Scenario, variant: Option<&str>, o: &[(String, String)]) -> [Rational; 3] {
    let answer = analyze(s, variant, o).unwrap_or_else(|d| panic!("{}", d[0]));
    assert!(answer.search_complete);
    assert_eq!(answer.equilibria_found, 1, "{o:?}");
    ["a_prevails", "b_prevails", "disaster"].map(|n| answer.outcome_probability(n).unwrap())
}

#[test]
fn brink_equilibrium_is_backward_induction_on_random_ladders() {
    let s = scenario();
    let mut rng = ChaCha8Rng::seed_from_u64(1990);
    let mut tested = 0;
    while tested < 150 {
        let cost = [
            rat(rng.gen_range(1..500), 100),
            rat(rng.gen_range(1..500), 100),
        ];
        let mut d: [Rational; 4] = std::array::from_fn(|_| rat(rng.gen_range(0..=100), 100));
        d.sort();
        let Some(want) = backward_induction([&cost[0], &cost[1]], &d) else {
            continue;
        };
        tested += 1;
        let o = overrides([&cost[0], &cost[1]], &d);
        assert_eq!(outcomes(&s, None, &o), want, "{o:?}");
    }
}

#[test]
fn the_more_resolved_state_need_not_prevail_on_a_coarse_ladder() {
    // For random costs with A more resolved (resolve 1/(1 + cost) larger), a ladder whose risks
    // rise through the gap between the two resolves lets A prevail; a ladder whose risk jumps
    // over the gap at A's turn lets B prevail for sure.
    let s = scenario();
    let mut rng = ChaCha8Rng::seed_from_u64(1987);
    for _ in 0..60 {
        let cost_a = rat(rng.gen_range(1..400), 100);
        let cost_b = &cost_a + rat(rng.gen_range(1..400), 100);
        let one = Rational::one();
        let resolve_a = (&one + &cost_a).recip();
        let resolve_b = (&one + &cost_b).recip();
        let gap = (&resolve_a + &resolve_b) / Rational::from_integer(2.into());
        let low = &resolve_b / Rational::from_integer(2.into());
        // Fine: every step below A's resolve, the last two inside the gap.
        let fine = [low.clone(), low.clone(), gap.clone(), gap.clone()];
        let o = overrides([&cost_a, &cost_b], &fine);
        let [a_wins, b_wins, _] = outcomes(&s, None, &o);
        assert_eq!(a_wins, &one - &low, "{o:?}");
        assert!(b_wins.is_zero());
        // Coarse: the risk jumps from below B's resolve to certain disaster at A's turn.
        let coarse = [low.clone(), low.clone(), one.clone(), one.clone()];
        let o = overrides([&cost_a, &cost_b], &coarse);
        let [a_wins, b_wins, disaster] = outcomes(&s, None, &o);
        assert!(
            b_wins.is_one() && a_wins.is_zero() && disaster.is_zero(),
            "{o:?}"
        );
    }
}
