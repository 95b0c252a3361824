//! Measures conditioned on a player's type (issue 11): `P(outcome | player = type)` and
//! `P(node.move | player = type)`.

use brink_scenario::{analyze, parse_str, Measure};

/// Entry deterrence with a private type, as a scenario (the game of
/// `examples/entry-deterrence.efg` with another prior). Derived by hand: a tough defender fights (1 > -1), a weak
/// one yields (0 > -2); with p_tough = 1/4 the challenger enters, since 1/4 · (-2) + 3/4 · 2 = 1 > 0. So a fight
/// happens exactly when the defender is tough: P(fought) = 1/4, P(fought | defender = tough) =
/// 1, P(fought | defender = weak) = 0, P(accommodated | defender = weak) = 1, and the weak
/// defender's probability of fighting at its reply is 0.
const ENTRY: &str = r#"
title = "Entry deterrence"
about = "A challenger enters or stays out; the defender, tough or weak, fights or yields."

[params]
p_tough = { value = 0.25, range = [0, 1], about = "Prior that the defender is tough" }

[players.challenger]
name = "Challenger"

[players.defender]
name = "Defender"
types = { tough = "p_tough", weak = "1 - p_tough" }

[nodes.entry]
player = "challenger"
moves = { enter = "reply", stay_out = "status_quo" }

[nodes.reply]
player = "defender"
moves = { fight = "fought", yield = "accommodated" }

[outcomes]
status_quo = { challenger = 0, defender = 3 }
fought = { challenger = -2, defender = { tough = "1", weak = "-2" } }
accommodated = { challenger = 2, defender = { tough = "-1", weak = "0" } }
"#;

#[test]
fn probabilities_given_a_type() {
    let s = parse_str("entry.toml", ENTRY).unwrap_or_else(|d| panic!("{}", d[0]));
    let answer = analyze(&s, None, &[]).unwrap_or_else(|d| panic!("{}", d[0]));
    let value = |text: &str| -> String {
        let m = Measure::parse(text).unwrap_or_else(|| panic!("does not parse: {text}"));
        assert_eq!(m.to_string(), text, "prints as written");
        answer
            .measure(&m)
            .unwrap_or_else(|| panic!("no value for {text}"))
            .to_string()
    };
    assert_eq!(value("P(fought)"), "1/4");
    assert_eq!(value("P(fought | defender = tough)"), "1");
    assert_eq!(value("P(fought | defender = weak)"), "0");
    assert_eq!(value("P(accommodated | defender = weak)"), "1");
    assert_eq!(value("P(reply.fight | defender = weak)"), "0");
    assert_eq!(value("P(reply.fight | defender = tough)"), "1");
}

#[test]
fn a_conditional_measure_needs_a_player_and_a_type() {
    assert!(Measure::parse("P(fought | defender)").is_none());
    assert!(Measure::parse("P(fought | = tough)").is_none());
    assert!(Measure::parse("P(fought | defender = )").is_none());
}
