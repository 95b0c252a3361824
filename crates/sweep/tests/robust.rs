//! A claim's robustness over the box of its scenario's parameter ranges (issue 17), checked
//! against shares and sensitivities derived by hand.
use brink_scenario::{parse_str, Scenario};
use brink_sweep::{check_claim_robust, Control, RobustSolves, RobustVerdict, Status};

/// One player decides to go or stay. Going pays `x - 7/10 + y`, staying `y`, so the player
/// goes exactly when x > 7/10, whatever y. `blocked` forces staying. `rich` only raises y.
fn scenario(assume: &str, claims: &str) -> Scenario {
    let text = format!(
        r#"{assume}
[params]
x = {{ value = 0.9, range = [0, 1] }}
y = {{ value = 0.2, range = [0, 1] }}
[players.a]
[nodes.start]
player = "a"
moves = {{ go = "gone", stay = "stayed" }}
[outcomes]
gone = {{ a = "x - 7/10 + y" }}
stayed = {{ a = "y" }}
[variants.blocked]
nodes.start = {{ forced = "stay" }}
[variants.rich]
params.y = 0.9
{claims}
"#
    );
    parse_str("robust.toml", &text).unwrap_or_else(|d| panic!("{d:?}"))
}

/// "Blocking lowers the chance of going", optionally over a range of x.
fn blocking(over: &str) -> String {
    format!(
        r#"[[claims]]
says = "blocking lowers the chance of going"
compare = ["blocked", "base"]
measure = "P(start.go)"
expect = "lower"
{over}
"#
    )
}

fn robust(s: &Scenario, n: usize, seed: u64) -> RobustVerdict {
    let claim = &s.claims[0];
    let solves = RobustSolves::new(vec![claim.measure.clone()]);
    check_claim_robust(s, claim, n, seed, &Control::default(), &solves).expect("judged")
}

fn eta(v: &RobustVerdict, param: &str) -> Option<f64> {
    v.sensitivity
        .iter()
        .find(|s| s.param == param)
        .and_then(|s| s.eta_squared)
}

/// By hand: under `base` the player goes (P(start.go) = 1) when x > 7/10 and stays (0)
/// when x < 7/10; under `blocked` it never goes. So the claim holds exactly when x > 7/10,
/// makes no difference below, and never fails. With x uniform on [0, 1] (y does not enter
/// the decision) the share where it holds is 3/10. The sampled share must lie within four
/// binomial standard errors (sqrt(0.3 · 0.7 / 2000) ≈ 0.0102) of 3/10.
#[test]
fn the_share_where_a_claim_holds_is_the_share_of_the_box_derived_by_hand() {
    let s = scenario("", &blocking(""));
    let v = robust(&s, 2000, 7);
    assert_eq!((v.drawn, v.accepted), (2000, 2000));
    assert_eq!(v.fails, 0);
    assert_eq!(v.not_analysed, 0);
    let share = v.share(Status::Holds);
    assert!((share - 0.3).abs() < 4.0 * 0.0102, "{share}");
    let (lo, hi) = v.wilson(Status::Holds);
    assert!(lo < 0.3 && 0.3 < hi, "({lo}, {hi})");
    assert!((v.share(Status::NoDifference) - 0.7).abs() < 4.0 * 0.0102);
    // Both parameters are read by the game and declare a range: both are sampled.
    let mut names: Vec<&str> = v.sampled.iter().map(|r| r.param.as_str()).collect();
    names.sort();
    assert_eq!(names, vec!["x", "y"]);
}

/// By hand: "holds" is 1{x > 7/10}. On 10 quantile bins of x, whose edges fall at about the
/// tenths, each bin is all holds (the top three) or all not, so the bin means are y itself
/// and η²(x) = 1, up to the one bin an edge may cut near 7/10. y does not enter: η²(y) is
/// only chance, about (10 - 1)/(2000 - 1) ≈ 0.0045 with a standard deviation near
/// sqrt(2 · 9)/2000 ≈ 0.002; 0.02 is far above that.
#[test]
fn only_the_parameter_that_decides_the_claim_has_a_large_sensitivity() {
    let s = scenario("", &blocking(""));
    let v = robust(&s, 2000, 11);
    let (ex, ey) = (eta(&v, "x").unwrap(), eta(&v, "y").unwrap());
    assert!(ex > 0.9, "η²(x) = {ex}");
    assert!(ey < 0.02, "η²(y) = {ey}");
    assert_eq!(v.sensitivity[0].param, "x");
    assert_eq!(v.bins, 10);
    assert!((v.noise_level() - 9.0 / 1999.0).abs() < 1e-12);
}

/// By hand, with `assume = ["x > y"]`: the admitted region is the triangle y < x of area
/// 1/2, so about half the points are kept (standard error sqrt(1/4 / 2000) ≈ 0.011). Within
/// it the claim holds where x > 7/10: area ∫ from 7/10 to 1 of x dx = (1 - 49/100)/2 =
/// 51/200, so the share among kept points is (51/200)/(1/2) = 51/100 (standard error about
/// sqrt(0.51 · 0.49 / 1000) ≈ 0.0158).
#[test]
fn stated_assumptions_restrict_the_sample_and_the_acceptance_is_reported() {
    let s = scenario("assume = [\"x > y\"]", &blocking(""));
    let v = robust(&s, 2000, 3);
    assert_eq!(v.assumptions, vec!["x > y".to_string()]);
    assert!(
        (v.acceptance() - 0.5).abs() < 4.0 * 0.011,
        "{}",
        v.acceptance()
    );
    let share = v.share(Status::Holds);
    assert!((share - 0.51).abs() < 4.0 * 0.0158, "{share}");
    // Without the assumption the share is 3/10: the restriction changes the answer.
    assert!(share > 0.4);
}

/// By hand: over x in [1/2, 1] (the claim's own range, not the declared [0, 1]) the claim
/// holds where x > 7/10: (1 - 7/10)/(1 - 1/2) = 3/5 of the range.
#[test]
fn a_claims_own_range_replaces_the_declared_one() {
    let s = scenario("", &blocking("over = { x = [0.5, 1] }"));
    let v = robust(&s, 2000, 5);
    let share = v.share(Status::Holds);
    // Standard error sqrt(0.6 · 0.4 / 2000) ≈ 0.011.
    assert!((share - 0.6).abs() < 4.0 * 0.011, "{share}");
    let x = v.sampled.iter().find(|r| r.param == "x").unwrap();
    assert_eq!(x.lo.to_string(), "1/2");
}

/// By hand: `rich` sets y = 9/10 against the base's 1/5, so y is what the variant is and
/// each keeps its own value. a's expected payoff is max(x - 7/10, 0) + y, so rich minus
/// base is 9/10 - 1/5 = 7/10 > 0 at every x: "rich raises E(a)" holds at every point, and
/// with nothing varying there is no sensitivity to report.
#[test]
fn a_parameter_the_variants_set_differently_is_held_at_each_variants_value() {
    let claim = r#"[[claims]]
says = "riches raise a's payoff"
compare = ["rich", "base"]
measure = "E(a)"
expect = "higher"
"#;
    let s = scenario("", claim);
    let v = robust(&s, 500, 1);
    assert_eq!(v.held.len(), 1);
    assert_eq!(v.held[0].param, "y");
    assert_eq!(
        (v.held[0].variant.to_string(), v.held[0].against.to_string()),
        ("9/10".to_string(), "1/5".to_string())
    );
    assert_eq!(v.sampled.len(), 1);
    assert_eq!(v.holds, 500);
    assert!(v.sensitivity.iter().all(|s| s.eta_squared.is_none()));
    let (lo, mean, hi) = v.effect.unwrap();
    for e in [lo, mean, hi] {
        assert!((e - 0.7).abs() < 1e-12, "{e}");
    }
}

#[test]
fn the_same_seed_gives_the_same_verdict() {
    let s = scenario("assume = [\"x > y\"]", &blocking(""));
    let (a, b) = (robust(&s, 300, 42), robust(&s, 300, 42));
    assert_eq!(
        (a.accepted, a.holds, a.no_difference),
        (b.accepted, b.holds, b.no_difference)
    );
    assert_eq!(
        a.sensitivity
            .iter()
            .map(|s| s.eta_squared.map(f64::to_bits))
            .collect::<Vec<_>>(),
        b.sensitivity
            .iter()
            .map(|s| s.eta_squared.map(f64::to_bits))
            .collect::<Vec<_>>()
    );
}

/// A claim whose assumptions no point of the box satisfies keeps nothing, and says so
/// rather than dividing by zero: x > 2 is impossible with x in [0, 1]. (The defaults break
/// it too, which is only a warning.)
#[test]
fn assumptions_no_point_satisfies_leave_an_empty_sample_not_a_panic() {
    let s = scenario("assume = [\"x > 2\"]", &blocking(""));
    let v = robust(&s, 100, 0);
    assert_eq!((v.drawn, v.accepted), (100, 0));
    assert_eq!(v.share(Status::Holds), 0.0);
    assert!(v.sensitivity.iter().all(|s| s.eta_squared.is_none()));
}
