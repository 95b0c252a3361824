//! Outcomes named by the types they meet (issue 11, "outcomes that name what happens"; used
//! by issue 17): `escalation` is reported as `war` against a resolute NATO and as
//! `nato_folds` against an irresolute one, while `P(escalation)` still measures both.

use brink_scenario::{analyze, parse_str, Measure};

/// Latvia as it stands in `scenarios/latvia.toml` (base numbers), with the escalation outcome
/// named by NATO's type.
const LATVIA: &str = r#"
title = "Would NATO defend Latvia?"
[params]
p_resolute = { value = 0.5, range = [0, 1] }
tripwire = false
[players.russia]
name = "Russia"
[players.nato]
name = "NATO"
types = { resolute = "p_resolute", irresolute = "1 - p_resolute" }
[nodes.start]
player = "russia"
moves = { invade = "nato_reply", hold = "status_quo" }
[nodes.nato_reply]
player = "nato"
moves = { defend = "russia_choice", concede = "fait_accompli" }
[nodes.russia_choice]
player = "russia"
moves = { escalate = "escalation", withdraw = "rebuffed" }
[outcomes]
status_quo = { russia = 0, nato = 0 }
fait_accompli = { russia = 3, nato = "-8 - (if tripwire then 20 else 0)" }
rebuffed = { russia = -2, nato = 1 }
escalation = { name = { resolute = "war", irresolute = "nato_folds" }, russia = { resolute = "-20", irresolute = "5" }, nato = { resolute = "-6", irresolute = "-10" } }
[variants.tripwire]
params.tripwire = true
"#;

/// With the tripwire at p = 9/50 (derived in `tests/summary.rs`): both NATO types defend,
/// the belief after defend is the prior 9/50 <= 7/25, Russia invades and escalates. So the
/// escalation outcome has probability 1: war with probability 9/50 (the resolute type) and
/// NATO folding with probability 41/50.
#[test]
fn escalation_is_reported_as_war_or_folding_by_nato_type() {
    let s = parse_str("latvia.toml", LATVIA).unwrap_or_else(|d| panic!("{}", d[0]));
    let a = analyze(
        &s,
        Some("tripwire"),
        &[("p_resolute".into(), "9/50".into())],
    )
    .unwrap_or_else(|d| panic!("{}", d[0]));
    let outcomes: Vec<(&str, &str)> = a
        .equilibrium
        .outcomes
        .iter()
        .map(|o| (o.outcome.as_str(), o.probability.exact.as_str()))
        .collect();
    assert_eq!(
        outcomes,
        vec![
            ("status_quo", "0"),
            ("fait_accompli", "0"),
            ("rebuffed", "0"),
            ("war", "9/50"),
            ("nato_folds", "41/50"),
        ]
    );
    let value = |text: &str| -> String {
        let m = Measure::parse(text).unwrap_or_else(|| panic!("does not parse: {text}"));
        a.measure(&m)
            .unwrap_or_else(|| panic!("no value for {text}"))
            .to_string()
    };
    assert_eq!(value("P(war)"), "9/50");
    assert_eq!(value("P(nato_folds)"), "41/50");
    assert_eq!(value("P(escalation)"), "1");
    assert_eq!(value("P(war | nato = resolute)"), "1");
    assert_eq!(value("P(war | nato = irresolute)"), "0");
    let about = &a.equilibrium.outcomes[3].about;
    assert!(
        about.contains("`escalation` when NATO is resolute"),
        "{about}"
    );
    assert!(a.summary.kinds[0]
        .sentence
        .contains("war 9/50, nato folds 41/50"));
}

fn errors(text: &str) -> Vec<String> {
    match parse_str("bad.toml", text) {
        Ok(_) => panic!("accepted"),
        Err(d) => d.iter().map(|d| d.to_string()).collect(),
    }
}

#[test]
fn a_name_by_type_must_cover_every_type_of_one_player_and_not_clash() {
    let missing = LATVIA.replace(
        r#"name = { resolute = "war", irresolute = "nato_folds" }"#,
        r#"name = { resolute = "war" }"#,
    );
    let e = errors(&missing).join("\n");
    assert!(
        e.contains("S025") && e.contains("no name for the type(s) irresolute"),
        "{e}"
    );
    assert!(e.contains("bad.toml:"), "located: {e}");

    let clash = LATVIA.replace(r#"irresolute = "nato_folds""#, r#"irresolute = "rebuffed""#);
    let e = errors(&clash).join("\n");
    assert!(e.contains("S011") && e.contains("`rebuffed`"), "{e}");

    let unknown = LATVIA.replace(r#"resolute = "war", "#, r#"hawk = "war", "#);
    let e = errors(&unknown).join("\n");
    assert!(e.contains("`hawk` is not a type of any player"), "{e}");

    let not_a_name = LATVIA.replace(r#""nato_folds""#, r#""nato folds""#);
    let e = errors(&not_a_name).join("\n");
    assert!(e.contains("must be a name"), "{e}");
}
