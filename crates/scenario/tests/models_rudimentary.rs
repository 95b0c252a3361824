//! Rudimentary asymmetric deterrence (Zagare & Kilgour 2000, ch. 3),
//! `scenarios/models/rudimentary_deterrence.toml`: the Challenger challenges iff the
//! Defender's credibility is below `(c_win - c_sq) / (c_win - c_war)`.
//!
//! Derived here: a Hard Defender resists and a Soft one concedes (each a strict preference),
//! so a challenge is worth `credibility c_war + (1 - credibility) c_win` against `c_sq`; it is
//! made iff that exceeds the status quo, i.e. iff credibility is below the ratio.
use std::path::Path;

use brink_game::{parse_rational, Rational};
use brink_scenario::{analyze, load};
use num_traits::{One, Zero};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn rat(n: i64, d: i64) -> Rational {
    Rational::new(n.into(), d.into())
}

#[test]
fn the_challenger_challenges_iff_credibility_is_below_the_threshold() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../scenarios/models/rudimentary_deterrence.toml");
    let s = load(&path).unwrap_or_else(|d| panic!("{}", d[0]));
    let mut rng = ChaCha8Rng::seed_from_u64(2000);
    let (mut deterred, mut challenged) = (0, 0);
    let mut tested = 0;
    while tested < 300 {
        let c_sq = rat(rng.gen_range(-300..300), 100);
        let c_win = &c_sq + rat(rng.gen_range(1..500), 100);
        let c_war = &c_sq - rat(rng.gen_range(1..500), 100);
        let d_concede = rat(rng.gen_range(-300..300), 100);
        let d_war_hard = &d_concede + rat(rng.gen_range(1..500), 100);
        let d_war_soft = &d_concede - rat(rng.gen_range(1..500), 100);
        let d_sq = rat(rng.gen_range(-300..300), 100);
        let credibility = rat(rng.gen_range(1..1000), 1000);
        let threshold = (&c_win - &c_sq) / (&c_win - &c_war);
        if credibility == threshold {
            continue;
        }
        tested += 1;
        let overrides: Vec<(String, String)> = [
            ("credibility", &credibility),
            ("c_win", &c_win),
            ("c_sq", &c_sq),
            ("c_war", &c_war),
            ("d_sq", &d_sq),
            ("d_concede", &d_concede),
            ("d_war_hard", &d_war_hard),
            ("d_war_soft", &d_war_soft),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let answer = analyze(&s, None, &overrides).unwrap_or_else(|d| panic!("{}", d[0]));
        // The game is generic: one sequential equilibrium, and the search says so.
        assert!(answer.search_complete);
        assert_eq!(answer.equilibria_found, 1, "{overrides:?}");
        let challenge = answer
            .equilibrium
            .decisions
            .iter()
            .find(|d| d.node == "start")
            .and_then(|d| d.moves.iter().find(|(m, _)| m == "challenge"))
            .map(|(_, v)| parse_rational(&v.exact).unwrap())
            .unwrap();
        let expect_challenge = credibility < threshold;
        let want = if expect_challenge {
            Rational::one()
        } else {
            Rational::zero()
        };
        assert_eq!(
            challenge, want,
            "credibility {credibility}, threshold {threshold}"
        );
        // Outcomes: conflict with the Hard Defender, concession from the Soft one.
        let prob = |o: &str| answer.outcome_probability(o).unwrap();
        if expect_challenge {
            challenged += 1;
            assert_eq!(prob("conflict"), credibility.clone());
            assert_eq!(prob("concession"), Rational::one() - &credibility);
        } else {
            deterred += 1;
            assert!(prob("status_quo").is_one());
        }
    }
    assert!(deterred > 30 && challenged > 30, "{deterred} {challenged}");
}
