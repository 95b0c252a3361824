//! Issue 11: claims over one parameter as exact intervals, and thresholds that say what they
//! may have missed. The fixture `fixtures/latvia_issue11.toml` is the Latvia scenario as it
//! stood when the issue was filed (its own [[claims]] include the tripwire claim).
mod common;

use common::*;
use serde_json::Value;

fn fixture() -> String {
    repo()
        .join("crates/cli/tests/fixtures/latvia_issue11.toml")
        .display()
        .to_string()
}

fn json_of(args: &[&str]) -> Value {
    let out = brink(args);
    assert!(out.status.success(), "{}", text(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("the output is JSON")
}

/// By hand, from the fixture's payoffs (NATO resolute with prior p): after NATO defends,
/// Russia believes it resolute with probability m and escalates for -20m + 5(1 - m) or
/// withdraws for -2, indifferent at m = 7/25.
/// - Base: an irresolute NATO concedes for -8, or defends and then meets escalation with
///   probability q, for q(-10) + (1 - q)(1); indifferent at q = 9/11. For p < 7/25 it defends
///   with probability r = 18p / (7(1 - p)), which makes m = 7/25; Russia's value of invading
///   is then 3(1 - 25p/7) + (-2)(25p/7) = 3 - 125p/7, zero at p = 21/125.
/// - Tripwire: conceding costs -8 - 20 = -28, worse than folding (-10), so both types defend,
///   m = p, and invading is worth 5 - 25p while Russia escalates (p < 7/25): zero at p = 1/5.
///
/// On (21/125, 1/5) Russia invades with the tripwire (P = 1) and holds without it (P = 0):
/// the claim "tripwire troops lower P(invade)" fails there. Below 21/125 both invade, above
/// 1/5 both hold. Of the claim's range [1/20, 19/20] that is (1/5 - 21/125) / (9/10) = 8/225.
/// The verdict at the two ends themselves depends on the equilibrium selected where Russia is
/// indifferent, so only the ends' values are asserted.
#[test]
fn the_tripwire_claim_fails_on_21_125_to_1_5_whatever_the_points() {
    let file = fixture();
    for points in ["11", "21"] {
        let items = json_of(&["claims", &file, "--json", "--points", points]);
        let claim = items
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["says"] == "Tripwire troops deter invasion")
            .expect("the fixture's tripwire claim");
        assert_eq!(claim["method"], "intervals");
        assert_eq!(claim["verdict"], "fails", "--points {points}");
        let fails: Vec<&Value> = claim["intervals"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["status"] == "fails")
            .collect();
        assert_eq!(fails.len(), 1, "--points {points}: {fails:?}");
        let f = fails[0];
        assert_eq!(f["from"]["exact"], "21/125");
        assert_eq!(f["to"]["exact"], "1/5");
        assert!((f["from"]["decimal"].as_f64().unwrap() - 0.168).abs() < 1e-12);
        assert!((f["to"]["decimal"].as_f64().unwrap() - 0.2).abs() < 1e-12);
        assert_eq!(f["from"]["confirmed"], true);
        assert_eq!(f["to"]["confirmed"], true);
        assert_eq!(claim["shares"]["fails"]["exact"], "8/225");
        assert_eq!(claim["shares"]["holds"]["exact"], "0");
        assert_eq!(claim["shares"]["no_difference"]["exact"], "217/225");
        // Honest about coverage: not complete, and why.
        assert_eq!(claim["complete"], false);
        let coverage = claim["coverage"].as_str().unwrap();
        assert!(coverage.contains("can be missed"), "{coverage}");
        assert!(coverage.contains("exact refinement"), "{coverage}");
    }
    // The text says the same, and never calls the list complete.
    let out = brink(&["claims", &file]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let t = text(&out.stdout);
    assert!(t.contains("verdict: fails"), "{t}");
    assert!(t.contains("21/125, 1/5"), "{t}");
    assert!(t.contains("8/225"), "{t}");
    assert!(t.contains("Not proven complete"), "{t}");
    assert!(
        t.contains("a change narrower than the scan step can be missed"),
        "{t}"
    );
    assert!(!t.contains("exact list"), "{t}");
}

/// The thresholds of the fixture's base along p_resolute are 77/500 and 21/125 (derived by
/// hand in `crates/sweep/tests/thresholds.rs`); the JSON carries each as an exact string and
/// a float, and the search says it is not complete.
#[test]
fn thresholds_json_has_exact_ends_and_says_it_is_not_complete() {
    let file = fixture();
    let out = json_of(&["thresholds", &file, "--vary", "p_resolute", "--json"]);
    let values: Vec<&str> = out["thresholds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["value"].as_str().unwrap())
        .collect();
    assert_eq!(values, ["77/500", "21/125"]);
    let first = &out["thresholds"][0];
    assert!((first["decimal"].as_f64().unwrap() - 0.154).abs() < 1e-12);
    assert_eq!(out["complete"], false);
    assert!(out["coverage"]
        .as_str()
        .unwrap()
        .contains("a change narrower than the scan step can be missed"));
    let text_out = brink(&["thresholds", &file, "--vary", "p_resolute"]);
    let t = text(&text_out.stdout);
    assert!(t.contains("Not proven complete"), "{t}");
    assert!(!t.contains("exact list"), "{t}");
}

/// A claim whose range runs backwards is refused with its place in the file and a hint.
#[test]
fn a_backwards_claim_range_is_a_located_error() {
    let dir = scratch("issue11-backwards");
    let file = dir.join("claims.toml");
    std::fs::write(
        &file,
        format!(
            "title = \"t\"\n\n[[claims]]\nsays = \"x\"\nscenario = {:?}\ncompare = [\"tripwire\", \"base\"]\nmeasure = \"P(start.invade)\"\nexpect = \"lower\"\nover = {{ p_resolute = [0.9, 0.1] }}\n",
            fixture()
        ),
    )
    .unwrap();
    let out = brink(&["claims", &file.display().to_string()]);
    assert!(!out.status.success());
    let e = text(&out.stderr);
    assert!(e.contains("runs backwards"), "{e}");
    assert!(e.contains("claims.toml:9:"), "{e}");
    assert!(e.contains("[1/10, 9/10]"), "{e}");
}

/// A scan too large to run is refused at once with a message, not attempted (or a panic).
#[test]
fn too_many_points_are_refused_with_a_message() {
    // 20 x (10^6 - 1) scan intervals, above the limit of 10^7.
    let out = brink(&["claims", &fixture(), "--points", "1000000"]);
    assert!(!out.status.success());
    let all = format!("{}{}", text(&out.stdout), text(&out.stderr));
    assert!(all.contains("could not be checked"), "{all}");
    assert!(all.contains("more than the 10000000"), "{all}");
    assert!(!all.contains("panicked"), "{all}");
}
