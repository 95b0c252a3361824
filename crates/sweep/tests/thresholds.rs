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
