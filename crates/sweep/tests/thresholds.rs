//! Thresholds on the worked example of the scenario issue: deterrence starts exactly where the
//! Challenger's value of challenging, 1 - 6p, reaches 0, at a prior of resolve of 1/6.
mod common;

use brink_game::Rational;
use brink_scenario::Measure;
use brink_sweep::{thresholds, Control, Criterion, ThresholdSearch};
use common::*;

fn r(t: &str) -> Rational {
    brink_game::parse_rational(t).unwrap()
}

fn search(criterion: Criterion, steps: usize) -> ThresholdSearch {
    ThresholdSearch {
        param: "p_resolute".into(),
        lo: r("0"),
        hi: r("1"),
        steps,
        tolerance: r("1/1000000"),
        criterion,
    }
}

#[test]
fn deterrence_threshold_in_the_prior_is_exactly_one_sixth() {
    let c = compiled(&worked_example_path(), None);
    let base = c.param_values(&[]).unwrap();
    for steps in [10, 7] {
        let found = thresholds(
            &c,
            &base,
            &search(Criterion::OutcomeClass, steps),
            &Control::default(),
        )
        .unwrap();
        assert_eq!(found.len(), 1, "{found:?}");
        let t = &found[0];
        assert_eq!(t.value, r("1/6"));
        assert!(t.exact);
        assert_eq!(
            (t.below.as_str(), t.above.as_str()),
            ("concede", "status_quo")
        );
        assert!(t.bracket.0 <= t.value && t.value <= t.bracket.1);
        assert!(&t.bracket.1 - &t.bracket.0 <= r("1/1000000"));
    }
}

#[test]
fn measure_threshold_is_exact_too() {
    let c = compiled(&worked_example_path(), None);
    let base = c.param_values(&[]).unwrap();
    let criterion = Criterion::Above {
        measure: Measure::parse("P(start.challenge)").unwrap(),
        level: r("1/2"),
    };
    let found = thresholds(&c, &base, &search(criterion, 10), &Control::default()).unwrap();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].value, r("1/6"));
    assert!(found[0].exact);
    assert_eq!(
        (found[0].below.as_str(), found[0].above.as_str()),
        ("above", "at or below")
    );
}

#[test]
fn latvia_thresholds_change_where_the_class_changes() {
    let c = compiled(&latvia_path(), None);
    let base = c.param_values(&[]).unwrap();
    let found = thresholds(
        &c,
        &base,
        &search(Criterion::OutcomeClass, 20),
        &Control::default(),
    )
    .unwrap();
    let probe = |t: &Rational| {
        let mut v = base.clone();
        v[0] = t.clone();
        brink_sweep::outcome_class(&brink_scenario::analyze_compiled(&c, &v).unwrap())
    };
    for t in &found {
        assert_ne!(t.below, t.above);
        assert_eq!(probe(&t.bracket.0), t.below);
        assert_eq!(probe(&t.bracket.1), t.above);
    }
}

#[test]
fn bad_searches_are_refused() {
    let c = compiled(&worked_example_path(), None);
    let base = c.param_values(&[]).unwrap();
    let mut s = search(Criterion::OutcomeClass, 10);
    s.param = "nothing".into();
    assert!(thresholds(&c, &base, &s, &Control::default()).is_err());
    let mut s = search(Criterion::OutcomeClass, 10);
    s.hi = r("2");
    assert!(thresholds(&c, &base, &s, &Control::default()).is_err());
    let mut s = search(Criterion::OutcomeClass, 10);
    s.tolerance = r("0");
    assert!(thresholds(&c, &base, &s, &Control::default()).is_err());
}

/// The Latvia scenario at its defaults, by hand: an irresolute NATO defends with probability
/// r = 18p / (7(1 - p)) so that Russia, believing it resolute with probability 7/25 after a
/// defence, is indifferent; Russia's value of invading is then 3 - 125p/7, zero at p = 21/125.
/// Below that, the most likely outcome switches from the fait accompli (probability
/// 1 - 25p/7) to escalation (25p/7 times 9/11, NATO's escalation odds) where they are equal,
/// at p = 77/500.
/// Along the stake (p = 1/2) the threshold solves s^2 - 16s - 44 = 0: s = 8 + sqrt(108), an
/// irrational number, which must come back bracketed and not marked exact.
#[test]
fn latvia_thresholds_match_the_algebra() {
    let c = compiled(&latvia_path(), None);
    let base = c.param_values(&[]).unwrap();
    let found = thresholds(
        &c,
        &base,
        &search(Criterion::OutcomeClass, 20),
        &Control::default(),
    )
    .unwrap();
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[0].value, r("77/500"));
    assert_eq!(
        (found[0].below.as_str(), found[0].above.as_str()),
        ("fait_accompli", "escalation")
    );
    assert_eq!(found[1].value, r("21/125"));
    assert_eq!(
        (found[1].below.as_str(), found[1].above.as_str()),
        ("escalation", "status_quo")
    );
    assert!(found.iter().all(|t| t.exact));

    let mut s = search(Criterion::OutcomeClass, 20);
    s.param = "stake".into();
    s.hi = r("20");
    let found = thresholds(&c, &base, &s, &Control::default()).unwrap();
    assert_eq!(found.len(), 1, "{found:?}");
    let t = &found[0];
    assert!(
        !t.exact,
        "an irrational threshold is not marked exact: {t:?}"
    );
    // The bracket holds 8 + sqrt(108): (lo - 8)^2 < 108 < (hi - 8)^2.
    let eight = r("8");
    let below = (&t.bracket.0 - &eight) * (&t.bracket.0 - &eight);
    let above = (&t.bracket.1 - &eight) * (&t.bracket.1 - &eight);
    assert!(below < r("108") && above > r("108"), "{t:?}");
}
