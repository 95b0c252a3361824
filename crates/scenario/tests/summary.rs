//! The "In short" summary of `analyze`: equilibria told in the scenario's words, grouped by
//! outcome (issue 10, "Words"; issue 12, headline sentences). The equilibria are derived by
//! hand below; the tests check that the sentences say what those derivations say.

use std::path::Path;

use brink_scenario::{analyze, load, Answer};

fn answer(name: &str, variant: Option<&str>, set: &[(&str, &str)]) -> Answer {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../scenarios")
        .join(name);
    let s = load(&path).unwrap_or_else(|d| panic!("{}", d[0]));
    let set: Vec<(String, String)> = set
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    analyze(&s, variant, &set).unwrap_or_else(|d| panic!("{}", d[0]))
}

/// Latvia, base variant, defaults (p = 1/2, stake 3, rebuff 2, war cost to Russia 20, fold
/// gain 2, NATO's abandon 8, win 1, fold cost 10, war cost 6 / 25).
/// After invade and defend, Russia escalates iff -20 r + 5 (1 - r) >= -2, i.e. r <= 7/25.
/// The resolute type defends (-6 or +1 against -8 for conceding), so r >= p = 1/2 > 7/25 and
/// Russia withdraws; then the irresolute type defends too (+1 against -8), the belief is the
/// prior 1/2, and invading yields -2 < 0: Russia holds. This is the only equilibrium.
#[test]
fn latvia_base_reads_as_one_status_quo_equilibrium() {
    let a = answer("latvia.toml", None, &[]);
    let s = &a.summary;
    assert!(
        s.headline
            .starts_with("One equilibrium; the search covered every case"),
        "{}",
        s.headline
    );
    assert_eq!(s.kinds.len(), 1);
    let k = &s.kinds[0];
    assert_eq!(k.equilibria, vec![1]);
    let outcomes: Vec<(&str, &str)> = k
        .outcomes
        .iter()
        .map(|(o, v)| (o.as_str(), v.exact.as_str()))
        .collect();
    assert_eq!(outcomes, vec![("status_quo", "1")]);
    for part in [
        "Russia chooses hold",
        "Outcome: status quo (certain)",
        "NATO (US-led), whatever its type, would choose defend",
        "Russia would choose withdraw",
        "Russia believes NATO (US-led) is resolute with probability 1/2",
    ] {
        assert!(
            k.sentence.contains(part),
            "{part:?} missing in {}",
            k.sentence
        );
    }
    let text = a.to_string();
    assert!(text.contains("In short: One equilibrium"), "{text}");
}

/// Latvia with the tripwire at p = 9/50: conceding now costs the irresolute type 8 + 20, so
/// both types defend (-10 or +1 against -28); the belief after defend is the prior 9/50 <=
/// 7/25, so Russia escalates; invading then pays 9/50 (-20) + 41/50 (5) = 1/2 > 0.
#[test]
fn latvia_tripwire_reads_as_invasion_and_escalation_on_the_path() {
    let a = answer("latvia.toml", Some("tripwire"), &[("p_resolute", "0.18")]);
    let k = &a.summary.kinds[0];
    for part in [
        "Russia chooses invade",
        "after invade, NATO (US-led), whatever its type, chooses defend",
        "after invade, then defend, Russia chooses escalate",
        "Outcome: escalation (certain)",
        "On the path, by Bayes' rule",
        "resolute with probability 9/50",
    ] {
        assert!(
            k.sentence.contains(part),
            "{part:?} missing in {}",
            k.sentence
        );
    }
    assert!(!k.sentence.contains("Off the path"), "{}", k.sentence);
}

/// Unilateral deterrence at its defaults (p = q = 3/10): a status-quo equilibrium exists with
/// the off-path belief r that the initiator is hard at most r* = 3/7 (derived in
/// docs/models/unilateral_deterrence.md: the soft Defender defends iff r <= r*), besides the
/// equilibrium in which the Challenger initiates. Two kinds, each its own outcome, and the
/// status-quo kind names its belief range.
#[test]
fn unilateral_deterrence_reads_as_two_kinds_with_the_status_quo_belief_range() {
    let a = answer("models/unilateral_deterrence.toml", None, &[]);
    let s = &a.summary;
    assert!(
        s.headline
            .starts_with("2 equilibria, each with its own outcome; the search covered every case"),
        "{}",
        s.headline
    );
    assert_eq!(s.kinds.len(), 2);
    let quo = s
        .kinds
        .iter()
        .find(|k| k.outcomes.len() == 1 && k.outcomes[0].0 == "status_quo")
        .expect("a status-quo kind");
    for part in [
        "Challenger, whatever its type, chooses status quo",
        "Supported by beliefs off the path",
        "Challenger is hard with a probability anywhere from 0 to 3/7",
    ] {
        assert!(
            quo.sentence.contains(part),
            "{part:?} missing in {}",
            quo.sentence
        );
    }
    let text = a.to_string();
    assert!(
        text.contains("  (1) Equilibrium 1, shown below: "),
        "{text}"
    );
    assert!(text.contains("  (2) Equilibrium 2: "), "{text}");
}

/// Latvia's missile-defence variant (p_intercept = 1/2): if Russia invades, NATO defends and
/// Russia strikes, the strike fails with probability 1/2 (Russia gets -rebuff - 5 = -7) or
/// hits and NATO yields (stake + nuke_gain = 7): invading is worth 0, exactly what holding is
/// worth. So Russia may mix in any proportion: a continuum whose outcome probabilities vary
/// with the mix. The summary must say so rather than present the point shown as the answer.
#[test]
fn a_continuum_on_the_path_is_named_as_such() {
    let a = answer("latvia.toml", Some("missile_defence"), &[]);
    assert!(
        a.summary.kinds.iter().any(|k| k.continuum
            && k.sentence.contains("This is a continuum")
            && k.sentence
                .contains("Russia chooses invade with probability")),
        "{:?}",
        a.summary.kinds
    );
    assert!(
        a.summary.headline.contains("continuum"),
        "{}",
        a.summary.headline
    );
    // Latvia's base variant has no free probability on its path.
    let base = answer("latvia.toml", None, &[]);
    assert!(base.summary.kinds.iter().all(|k| !k.continuum));
}
