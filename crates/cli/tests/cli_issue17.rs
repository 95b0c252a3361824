//! Issue 17: a user's file that extends a built-in scenario and adds claims, and each claim's
//! robustness over its scenario's box (`brink claims --robust N --seed S`).
mod common;

use common::*;
use serde_json::Value;

/// A user's variant of the Latvia scenario: it extends it and states one claim of its own.
fn users_file(dir: &std::path::Path, extra: &str) -> String {
    let text = format!(
        r#"extends = "{}"
title = "My Latvia"
{extra}
[[claims]]
says = "My own claim: the tripwire deters invasion"
compare = ["tripwire", "base"]
measure = "P(start.invade)"
expect = "lower"
over = {{ p_resolute = [0.05, 0.95] }}
"#,
        latvia().replace('\\', "/")
    );
    let path = dir.join("mine.toml");
    std::fs::write(&path, text).expect("written");
    path.display().to_string()
}

/// Before the fix, any error in such a file made `brink claims` read it again as a claims
/// file and report only "unknown key `extends` in a claims file". The file has `extends`, so
/// it is a scenario, and the real error is reported where it is: the misspelt parameter
/// `rebuf` on line 4 of the file (`rebuffed = { russia = "-rebuf" }`: the string opens at
/// column 23, so `rebuf`, after the minus, starts at column 25).
#[test]
fn an_error_in_a_file_that_extends_a_scenario_is_reported_as_a_scenario_error_where_it_is() {
    let dir = scratch("issue17-extends-error");
    let file = users_file(&dir, "[outcomes]\nrebuffed = { russia = \"-rebuf\" }\n");
    let out = brink(&["claims", &file]);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(!err.contains("unknown key `extends`"), "{err}");
    assert!(
        err.contains("S031") && err.contains("parameter `rebuf`"),
        "{err}"
    );
    assert!(err.contains("mine.toml:4:25"), "{err}");
}

/// Before the fix the file also listed Latvia's own claim (the tripwire claim of
/// `latvia.toml`), so checking both files judged it twice; now it has only its own.
#[test]
fn a_file_that_extends_a_scenario_and_adds_claims_is_checked_on_its_own_claims() {
    let dir = scratch("issue17-own-claims");
    let file = users_file(&dir, "");
    let out = brink(&["claims", &file, "--json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let says: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["says"].as_str().unwrap())
        .collect();
    assert_eq!(says, vec!["My own claim: the tripwire deters invasion"]);
}

/// One decision: go pays `x - 7/10 + y`, stay pays `y`, so the player goes exactly when
/// x > 7/10. Blocking makes it stay. "Blocking lowers P(start.go)" therefore holds exactly
/// where x > 7/10: by hand, 3/10 of the box [0, 1]², and never fails.
const TINY: &str = r#"
[params]
x = { value = 0.9, range = [0, 1] }
y = { value = 0.2, range = [0, 1] }
[players.a]
[nodes.start]
player = "a"
moves = { go = "gone", stay = "stayed" }
[outcomes]
gone = { a = "x - 7/10 + y" }
stayed = { a = "y" }
[variants.blocked]
nodes.start = { forced = "stay" }
[[claims]]
says = "blocking lowers the chance of going"
compare = ["blocked", "base"]
measure = "P(start.go)"
expect = "lower"
over = { x = [0, 1] }
"#;

#[test]
fn robust_gives_the_share_derived_by_hand_reproducibly_and_names_the_deciding_parameter() {
    let dir = scratch("issue17-robust");
    let file = dir.join("tiny.toml");
    std::fs::write(&file, TINY).expect("written");
    let file = file.display().to_string();
    let run = |seed: &str| {
        let out = brink(&[
            "claims", &file, "--robust", "1000", "--seed", seed, "--json",
        ]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        out.stdout
    };
    let first = run("3");
    assert_eq!(first, run("3"), "the same seed gives the same output");
    let v: Value = serde_json::from_slice(&first).expect("JSON");
    let robust = &v[0]["robust"];
    assert_eq!(robust["points"], 1000);
    assert_eq!(robust["accepted"], 1000);
    // Within four standard errors, sqrt(0.3 · 0.7 / 1000) ≈ 0.0145, of 3/10.
    let share = robust["holds"]["share"].as_f64().unwrap();
    assert!((share - 0.3).abs() < 4.0 * 0.0145, "{share}");
    assert_eq!(robust["fails"]["count"], 0);
    let se = robust["holds"]["standard_error"].as_f64().unwrap();
    assert!((se - (share * (1.0 - share) / 1000.0).sqrt()).abs() < 1e-12);
    assert_eq!(robust["sensitivity"]["params"][0]["param"], "x");
    // The text says the same in words.
    let out = brink(&["claims", &file, "--robust", "1000", "--seed", "3"]);
    let words = text(&out.stdout);
    assert!(words.contains("robust: holds at"), "{words}");
    assert!(words.contains("decided most by"), "{words}");
    assert!(
        words.contains("seed 3, 1000 points over 2 parameters"),
        "{words}"
    );
}
