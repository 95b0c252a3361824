//! Audience costs (Fearon 1994, 1997), two-type tying-hands game,
//! `scenarios/models/audience_costs.toml`: brink's equilibria against the closed form over
//! random parameters, and the papers' comparative statics as properties.
//!
//! Derived here. The resolved type fights when resisted and, as war beats the status quo for
//! it, always threatens. B, believing a threatener resolved with probability `μ`, resists iff
//! `μ ≤ μ* = (b_backdown - b_concede) / (b_backdown - b_war)` when the irresolute type would
//! back down. If `ac < -w_irresolute` the irresolute type backs down when resisted: for
//! `r > μ*` both threaten and B concedes; for `r < μ*` the irresolute type bluffs with
//! probability `r (1 - μ*) / ((1 - r) μ*)` and B resists with probability `1 / (1 + ac)`,
//! which leaves it indifferent. If `ac > -w_irresolute` a threat commits both types, B
//! concedes (b_war < b_concede) and nobody backs down.
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
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/models/audience_costs.toml");
    load(&path).unwrap_or_else(|d| panic!("{}", d[0]))
}

struct Point {
    r: Rational,
    ac: Rational,
    w_resolved: Rational,
    w_irresolute: Rational,
    b_concede: Rational,
    b_backdown: Rational,
    b_war: Rational,
}

impl Point {
    fn random(rng: &mut ChaCha8Rng) -> Point {
        let b_concede = rat(rng.gen_range(-300..300), 100);
        Point {
            r: rat(rng.gen_range(1..1000), 1000),
            ac: rat(rng.gen_range(0..600), 100),
            w_resolved: rat(rng.gen_range(1..300), 100),
            w_irresolute: rat(-rng.gen_range(1..500), 100),
            b_backdown: &b_concede + rat(rng.gen_range(1..300), 100),
            b_war: &b_concede - rat(rng.gen_range(1..300), 100),
            b_concede,
        }
    }
    fn overrides(&self) -> Vec<(String, String)> {
        [
            ("r", &self.r),
            ("ac", &self.ac),
            ("w_resolved", &self.w_resolved),
            ("w_irresolute", &self.w_irresolute),
            ("b_concede", &self.b_concede),
            ("b_backdown", &self.b_backdown),
            ("b_war", &self.b_war),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
    }
    fn mu_star(&self) -> Rational {
        (&self.b_backdown - &self.b_concede) / (&self.b_backdown - &self.b_war)
    }
    fn committed(&self) -> bool {
        self.ac > -self.w_irresolute.clone()
    }
    fn on_boundary(&self) -> bool {
        self.ac == -self.w_irresolute.clone() || self.r == self.mu_star()
    }
    /// (status quo, concession, backdown, war).
    fn expected(&self) -> [(&'static str, Rational); 4] {
        let (zero, one) = (Rational::zero(), Rational::one());
        if self.committed() || self.r > self.mu_star() {
            return [
                ("status_quo", zero.clone()),
                ("concession", one),
                ("backdown", zero.clone()),
                ("war", zero),
            ];
        }
        let mu = self.mu_star();
        let bluff = &self.r * (&one - &mu) / &mu; // P(irresolute type and threat)
        let threat = &self.r + &bluff;
        let resist = (&one + &self.ac).recip();
        [
            ("status_quo", &one - &threat),
            ("concession", &threat * (&one - &resist)),
            ("backdown", &bluff * &resist),
            ("war", &self.r * &resist),
        ]
    }
}

#[test]
fn equilibria_match_the_closed_form() {
    let s = scenario();
    let mut rng = ChaCha8Rng::seed_from_u64(1994);
    let (mut bluffing, mut other) = (0, 0);
    let mut tested = 0;
    while tested < 200 {
        let point = Point::random(&mut rng);
        if point.on_boundary() {
            continue;
        }
        tested += 1;
        let answer = analyze(&s, None, &point.overrides()).unwrap_or_else(|d| panic!("{}", d[0]));
        assert!(answer.search_complete);
        for e in std::iter::once(&answer.equilibrium).chain(&answer.others) {
            for (name, want) in point.expected() {
                let got = e.outcomes.iter().find(|o| o.outcome == name).unwrap();
                let got = brink_game::parse_rational(&got.probability.exact).unwrap();
                assert_eq!(got, want, "{name} at {:?}", point.overrides());
            }
        }
        if point.expected()[2].1.is_zero() {
            other += 1;
        } else {
            bluffing += 1;
        }
    }
    assert!(bluffing > 20 && other > 20, "{bluffing} {other}");
}

#[test]
fn higher_audience_costs_mean_less_backing_down_and_tied_hands_none() {
    // Fearon's comparative statics: along a rising audience cost, the probability that A backs
    // down never rises, falls strictly while bluffing goes on, and is zero once the cost
    // exceeds what war costs the irresolute leader.
    let s = scenario();
    let mut rng = ChaCha8Rng::seed_from_u64(1997);
    for _ in 0..20 {
        let mut point = Point::random(&mut rng);
        let mut last: Option<Rational> = None;
        for k in 0..12 {
            point.ac = rat(k, 2);
            if point.on_boundary() {
                continue;
            }
            let answer = analyze(&s, None, &point.overrides()).unwrap();
            let backdown = answer.outcome_probability("backdown").unwrap();
            if point.committed() {
                assert!(backdown.is_zero(), "bluffing under tied hands");
            }
            if let Some(prev) = &last {
                assert!(backdown <= *prev);
                if !backdown.is_zero() {
                    assert!(backdown < *prev);
                }
            }
            last = Some(backdown);
        }
    }
}
