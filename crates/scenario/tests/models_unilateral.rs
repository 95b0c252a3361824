//! Unilateral deterrence with two-sided incomplete information (Zagare & Kilgour 1993),
//! `scenarios/models/unilateral_deterrence.toml`: every equilibrium brink lists against the
//! perfect Bayesian equilibrium regions derived by hand (docs/models/unilateral_deterrence.md),
//! over random payoffs and priors satisfying the paper's assumptions, in exact rationals.
//!
//! The derivation, in brief. The last move is fixed by type (Hard fights, Soft backs down) and
//! a Hard Defender always defends (both outcomes of defending beat conceding for it). Let `σ`
//! be the Soft Defender's probability of defending and `t = (1 - q)(1 - σ)` the chance that an
//! initiation meets a concession. A Challenger of type k initiates iff `t ≥ a_k`, with
//! `a_H = (c_sq - c_war_hard) / (c_win - c_war_hard)` and `a_S = (c_sq - c_backdown) / (c_win -
//! c_backdown)`, and `a_H < a_S`. The Soft Defender defends iff its belief `r` that the
//! Challenger is Hard is at most `r* = (d_prevail - d_concede) / (d_prevail - d_war_soft)`.
use std::path::{Path, PathBuf};

use brink_game::{parse_rational, NodeKind, Player, Rational, Tree};
use brink_scenario::{analyze, load, EquilibriumReport, Scenario};
use brink_solve::Number;
use num_traits::{One, Zero};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn scenario() -> Scenario {
    let path: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../scenarios/models/unilateral_deterrence.toml");
    load(&path).unwrap_or_else(|d| panic!("{}", d[0]))
}

fn rat(n: i64, d: i64) -> Rational {
    Rational::new(n.into(), d.into())
}

/// A parameter point satisfying the paper's assumptions.
#[derive(Clone, Debug)]
struct Point {
    p: Rational,
    q: Rational,
    c_win: Rational,
    c_sq: Rational,
    c_backdown: Rational,
    c_war_hard: Rational,
    c_war_soft: Rational,
    d_sq: Rational,
    d_concede: Rational,
    d_prevail: Rational,
    d_war_hard: Rational,
    d_war_soft: Rational,
}

/// The equilibrium classes of the paper.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Class {
    StatusQuo,
    Separating,
    PoolingAttack,
    Bluff,
}

/// An equilibrium as (P(Hard Challenger initiates), P(Soft Challenger initiates), P(Soft
/// Defender defends)).
type Behaviour = (Rational, Rational, Rational);

/// Numbers per player, information set and action (or member).
type PerInfoset = Vec<Vec<Vec<Number>>>;

impl Point {
    fn random(rng: &mut ChaCha8Rng) -> Point {
        let mut r = |lo: i64, hi: i64| rat(rng.gen_range(lo..hi), 100);
        let c_sq = r(-200, 200);
        let c_win = &c_sq + r(1, 500);
        let c_backdown = &c_sq - r(1, 500);
        // A Hard Challenger ranks conflict above backing down; sometimes even above the status
        // quo (then it cannot be deterred), never above winning outright.
        let c_war_hard = loop {
            let x = &c_backdown + r(1, 900);
            if x < c_win {
                break x;
            }
        };
        let c_war_soft = &c_backdown - r(1, 500);
        let d_concede = r(-200, 200);
        let d_prevail = &d_concede + r(1, 500);
        let d_war_hard = &d_concede + r(1, 500);
        let d_war_soft = &d_concede - r(1, 500);
        let d_sq = r(-300, 300);
        let mut prob = || rat(rng.gen_range(1..1000), 1000);
        Point {
            p: prob(),
            q: prob(),
            c_win,
            c_sq,
            c_backdown,
            c_war_hard,
            c_war_soft,
            d_sq,
            d_concede,
            d_prevail,
            d_war_hard,
            d_war_soft,
        }
    }

    fn overrides(&self) -> Vec<(String, String)> {
        [
            ("p", &self.p),
            ("q", &self.q),
            ("c_win", &self.c_win),
            ("c_sq", &self.c_sq),
            ("c_backdown", &self.c_backdown),
            ("c_war_hard", &self.c_war_hard),
            ("c_war_soft", &self.c_war_soft),
            ("d_sq", &self.d_sq),
            ("d_concede", &self.d_concede),
            ("d_prevail", &self.d_prevail),
            ("d_war_hard", &self.d_war_hard),
            ("d_war_soft", &self.d_war_soft),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
    }

    /// The concession chance a Hard Challenger needs to initiate (negative: it always does).
    fn a_hard(&self) -> Rational {
        (&self.c_sq - &self.c_war_hard) / (&self.c_win - &self.c_war_hard)
    }
    /// The concession chance a Soft Challenger needs to initiate.
    fn a_soft(&self) -> Rational {
        (&self.c_sq - &self.c_backdown) / (&self.c_win - &self.c_backdown)
    }
    /// The belief that the Challenger is Hard above which a Soft Defender concedes.
    fn r_star(&self) -> Rational {
        (&self.d_prevail - &self.d_concede) / (&self.d_prevail - &self.d_war_soft)
    }
    /// Whether the point sits exactly on a boundary (a non-generic game).
    fn on_boundary(&self) -> bool {
        let soft_defender_odds = Rational::one() - &self.q;
        soft_defender_odds == self.a_hard()
            || soft_defender_odds == self.a_soft()
            || self.p == self.r_star()
            || self.a_hard().is_zero()
    }

    /// Every sequential equilibrium, derived from the thresholds alone (off-path beliefs free
    /// within full consistency).
    fn expected(&self) -> Vec<(Class, Behaviour)> {
        let (zero, one) = (Rational::zero(), Rational::one());
        let t_max = &one - &self.q;
        let (a_h, a_s, r_star) = (self.a_hard(), self.a_soft(), self.r_star());
        let mut out = Vec::new();
        // Status quo: no type initiates. Both types' initiations are then unplayed and tremble
        // independently, so full consistency (Kreps & Wilson 1982) lets the Soft Defender hold
        // any belief r after an initiation, not only the prior that uniform trembles give.
        // With r < r* it defends for sure, the concession chance is 0, and neither type
        // initiates when both need a positive chance of concession (a_h > 0 and a_s > 0).
        // The Soft Defender's defence probability is free over an interval (any sigma with
        // t_max (1 - sigma) below both thresholds, at r <= r*), so the test compares the
        // Challenger's behaviour only and checks sigma against the thresholds.
        if a_h > zero && a_s > zero {
            out.push((Class::StatusQuo, (zero.clone(), zero.clone(), one.clone())));
        }
        // Separating: only the Hard Challenger initiates, and the Soft Defender, sure it faces
        // a Hard Challenger (r = 1 > r*), concedes.
        if a_h < t_max && t_max < a_s {
            out.push((Class::Separating, (one.clone(), zero.clone(), zero.clone())));
        }
        if t_max > a_s {
            if self.p > r_star {
                // Pooling attack: both initiate, belief p > r*, the Soft Defender concedes.
                out.push((
                    Class::PoolingAttack,
                    (one.clone(), one.clone(), zero.clone()),
                ));
            } else {
                // Bluff: the Soft Challenger initiates just often enough to bring the belief
                // down to r*, and the Soft Defender defends just often enough to leave it
                // indifferent.
                let x_soft = &self.p * (&one - &r_star) / ((&one - &self.p) * &r_star);
                let sigma = &one - &a_s / &t_max;
                out.push((Class::Bluff, (one.clone(), x_soft, sigma)));
            }
        }
        out.sort();
        out
    }

    /// The outcome distribution of a behaviour, from the tree's structure.
    fn outcomes(&self, b: &Behaviour) -> [(&'static str, Rational); 4] {
        let one = Rational::one();
        let (x_h, x_s, sigma) = b;
        let p_hard_in = &self.p * x_h;
        let p_soft_in = (&one - &self.p) * x_s;
        let defended = &self.q + (&one - &self.q) * sigma;
        [
            ("status_quo", &one - &p_hard_in - &p_soft_in),
            ("concession", (&p_hard_in + &p_soft_in) * (&one - &defended)),
            ("conflict", &p_hard_in * &defended),
            ("backdown", &p_soft_in * &defended),
        ]
    }
}

fn prob_of(e: &EquilibriumReport, node: &str, ty: &str, action: &str) -> Rational {
    let d = e
        .decisions
        .iter()
        .find(|d| d.node == node && d.r#type.as_deref() == Some(ty))
        .unwrap_or_else(|| panic!("no decision at {node} for {ty}"));
    let v = &d.moves.iter().find(|(m, _)| m == action).unwrap().1;
    parse_rational(&v.exact).unwrap()
}

fn behaviour_of(e: &EquilibriumReport) -> Behaviour {
    (
        prob_of(e, "start", "hard", "initiate"),
        prob_of(e, "start", "soft", "initiate"),
        prob_of(e, "defender_reply", "soft", "defend"),
    )
}

#[test]
fn brink_lists_exactly_the_equilibria_of_every_region() {
    let s = scenario();
    let mut rng = ChaCha8Rng::seed_from_u64(1993);
    let mut seen = std::collections::BTreeMap::<Vec<Class>, usize>::new();
    let mut tested = 0;
    while tested < 300 {
        let point = Point::random(&mut rng);
        if point.on_boundary() {
            continue;
        }
        tested += 1;
        let expected = point.expected();
        let answer = analyze(&s, None, &point.overrides()).unwrap_or_else(|d| panic!("{}", d[0]));
        assert!(answer.search_complete, "{point:?}");
        let reports: Vec<&EquilibriumReport> = std::iter::once(&answer.equilibrium)
            .chain(&answer.others)
            .collect();
        // In the status quo the Soft Defender's defence is free over an interval: the witness
        // must keep the concession chance below both Challenger thresholds; it is compared as 1.
        let t_max = Rational::one() - &point.q;
        let mut found: Vec<Behaviour> = reports
            .iter()
            .map(|e| {
                let (x_h, x_s, sigma) = behaviour_of(e);
                if x_h.is_zero() && x_s.is_zero() {
                    let t = &t_max * (Rational::one() - &sigma);
                    assert!(t <= point.a_hard() && t <= point.a_soft(), "{point:?}");
                    (x_h, x_s, Rational::one())
                } else {
                    (x_h, x_s, sigma)
                }
            })
            .collect();
        found.sort();
        let mut wanted: Vec<Behaviour> = expected.iter().map(|(_, b)| b.clone()).collect();
        wanted.sort();
        assert_eq!(found, wanted, "{point:?}\nexpected {expected:?}");
        // Every type plays its dominant moves in every equilibrium.
        for e in &reports {
            assert!(prob_of(e, "defender_reply", "hard", "defend").is_one());
            assert!(prob_of(e, "challenger_last", "hard", "fight").is_one());
            assert!(prob_of(e, "challenger_last", "soft", "back_down").is_one());
            // The outcome distribution is the one the behaviour implies.
            for (name, want) in point.outcomes(&behaviour_of(e)) {
                let got = e.outcomes.iter().find(|o| o.outcome == name).unwrap();
                assert_eq!(
                    parse_rational(&got.probability.exact).unwrap(),
                    want,
                    "{name}"
                );
            }
        }
        *seen
            .entry(expected.iter().map(|(c, _)| *c).collect())
            .or_default() += 1;
    }
    // The draws cover every region, alone and where two classes coexist.
    for classes in [
        vec![Class::StatusQuo],
        vec![Class::StatusQuo, Class::Separating],
        vec![Class::Separating],
        vec![Class::StatusQuo, Class::Bluff],
        vec![Class::Bluff],
        vec![Class::PoolingAttack],
    ] {
        assert!(
            seen.contains_key(&classes),
            "no draw in {classes:?}: {seen:?}"
        );
    }
}

/// The Challenger's type at a member of the Defender's information set.
fn challenger_type_at(tree: &Tree, mut node: usize) -> String {
    while let Some(parent) = tree.nodes[node].parent {
        if let NodeKind::Chance(i) = tree.nodes[parent].kind {
            if tree.infosets[i].label.contains("challenger") {
                let a = tree.nodes[parent]
                    .children
                    .iter()
                    .position(|&c| c == node)
                    .unwrap();
                return tree.infosets[i].actions[a].clone();
            }
        }
        node = parent;
    }
    panic!("no type draw above node {node}")
}

/// The status-quo profile with the Soft Defender defending with probability `sigma`, as a
/// behaviour profile for `brink_solve::verify`, and beliefs `r` (that the Challenger is Hard)
/// at the Soft Defender's unreached information set.
fn status_quo_profile(tree: &Tree, sigma: &Rational, r: &Rational) -> (PerInfoset, PerInfoset) {
    let one = Rational::one();
    let mut profile = Vec::new();
    let mut beliefs = Vec::new();
    for (p, sets) in tree.player_infosets().iter().enumerate() {
        let mut ps = Vec::new();
        let mut bs = Vec::new();
        for &h in sets {
            let info = &tree.infosets[h];
            let label = info.label.as_str();
            let want: Vec<Rational> = info
                .actions
                .iter()
                .map(|a| {
                    let take = match (label, a.as_str()) {
                        (l, "status_quo") if l.starts_with("start") => one.clone(),
                        (l, "defend") if l.contains("[hard]") => one.clone(),
                        (_, "defend") => sigma.clone(),
                        (_, "concede") if label.contains("[hard]") => Rational::zero(),
                        (_, "concede") => &one - sigma,
                        (l, "fight") => rat(i64::from(l.contains("[hard]")), 1),
                        (l, "back_down") => rat(i64::from(!l.contains("[hard]")), 1),
                        _ => Rational::zero(),
                    };
                    take
                })
                .collect();
            ps.push(want.into_iter().map(Number::Exact).collect());
            let mu: Vec<Number> = info
                .members
                .iter()
                .map(|&x| {
                    if p == 1 {
                        Number::Exact(if challenger_type_at(tree, x) == "hard" {
                            r.clone()
                        } else {
                            &one - r
                        })
                    } else {
                        Number::Exact(rat(1, info.members.len() as i64))
                    }
                })
                .collect();
            bs.push(mu);
        }
        profile.push(ps);
        beliefs.push(bs);
    }
    (profile, beliefs)
}

#[test]
fn off_path_beliefs_that_support_the_status_quo() {
    // Where the Soft Defender's odds of conceding would tempt a Hard Challenger (1 - q > a_H),
    // the status quo is an equilibrium exactly when the Defender's unreached belief that an
    // initiator is Hard is at most r*, so that it would defend. Where 1 - q < a_H the status quo
    // holds whatever the Defender believes. Checked with brink's own verifier.
    let s = scenario();
    let compiled = s.compile(None).unwrap();
    let mut rng = ChaCha8Rng::seed_from_u64(2000);
    let (mut tempted, mut safe) = (0, 0);
    while tempted + safe < 120 {
        let point = Point::random(&mut rng);
        if point.on_boundary() || point.a_hard() <= Rational::zero() {
            continue;
        }
        let tree = compiled
            .instantiate(&compiled.param_values(&point.overrides()).unwrap())
            .unwrap();
        let r_star = point.r_star();
        let beliefs = [
            Rational::zero(),
            &r_star / Rational::from_integer(2.into()),
            r_star.clone(),
            (&r_star + Rational::one()) / Rational::from_integer(2.into()),
            Rational::one(),
        ];
        let temptation = Rational::one() - &point.q > point.a_hard();
        for r in &beliefs {
            // The Soft Defender's reply at belief r: defend below r*, concede above.
            let sigma: Rational = if *r <= r_star {
                Rational::one()
            } else {
                Rational::zero()
            };
            let (profile, mu) = status_quo_profile(&tree, &sigma, r);
            let verified =
                brink_solve::verify::behavior_with_beliefs(&tree, &profile, Some(&mu)).unwrap();
            let holds = !temptation || *r <= r_star;
            assert_eq!(verified.sequentially_rational, holds, "r = {r}, {point:?}");
            // Holding the belief fixed, the other reply is never sequentially rational off r*.
            if *r != r_star {
                let other = Rational::one() - &sigma;
                let (profile, mu) = status_quo_profile(&tree, &other, r);
                let verified =
                    brink_solve::verify::behavior_with_beliefs(&tree, &profile, Some(&mu)).unwrap();
                assert!(!verified.sequentially_rational, "r = {r}, σ = {other}");
            }
        }
        if temptation {
            tempted += 1;
        } else {
            safe += 1;
        }
    }
    assert!(tempted > 10 && safe > 10, "{tempted} {safe}");
}

#[test]
fn the_players_are_where_the_scenario_says() {
    // A guard for the profile builder above: the Defender is the second player and its
    // information set after an initiation holds one node per Challenger type.
    let s = scenario();
    let c = s.compile(None).unwrap();
    let tree = c.instantiate(&c.param_values(&[]).unwrap()).unwrap();
    let sets = tree.player_infosets();
    let soft = sets[1]
        .iter()
        .find(|&&h| tree.infosets[h].label.contains("[soft]"))
        .unwrap();
    let info = &tree.infosets[*soft];
    assert_eq!(info.player, Player::Personal(1));
    let mut types: Vec<String> = info
        .members
        .iter()
        .map(|&x| challenger_type_at(&tree, x))
        .collect();
    types.sort();
    assert_eq!(types, vec!["hard".to_string(), "soft".to_string()]);
}
