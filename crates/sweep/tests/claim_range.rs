//! Claims over one parameter judged on intervals with exact ends (issue 11).
mod common;

use brink_game::Rational;
use brink_sweep::{check_claim_range, Control, RangeVerdict, Status};
use common::*;

fn r(t: &str) -> Rational {
    brink_game::parse_rational(t).unwrap()
}

fn close_thresholds() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/close_thresholds.toml")
}

fn judge(path: &std::path::Path, scan: usize) -> RangeVerdict {
    let s = scenario(path);
    let claim = &s.claims[0];
    check_claim_range(&s, claim, scan, &Control::default()).expect("the claim is judged")
}

/// By hand (the file's header): the challenger challenges exactly when p < gain / (1 + gain).
/// Base, gain = 1/2: threshold (1/2) / (3/2) = 1/3. Bolder, gain = 501/1000: threshold
/// (501/1000) / (1501/1000) = 501/1501. They differ by 501/1501 - 1/3 = (1503 - 1501) / 4503
/// = 2/4503 < 1/1000. Below 1/3 both challenge (P = 1, no difference), above 501/1501 both
/// hold (P = 0, no difference); in between the bolder challenger challenges and the other
/// does not: "bolder lowers P(challenge)" fails there with effect +1, on 2/4503 of [0, 1].
/// At each threshold itself the challenger is indifferent, so the ends' verdicts depend on
/// the equilibrium selected there and are not asserted.
#[test]
fn two_thresholds_closer_than_a_thousandth_give_the_narrow_interval_exactly() {
    // A scan step of 1/10 and of 1/200 both miss the interval in the verdict itself; it is
    // found because each variant's own change is found on its own scan and merged.
    for scan in [10, 200] {
        let v = judge(&close_thresholds(), scan);
        let fails: Vec<_> = v
            .pieces
            .iter()
            .filter(|p| p.status == Status::Fails)
            .collect();
        assert_eq!(fails.len(), 1, "scan {scan}: {:?}", v.pieces);
        let f = fails[0];
        assert_eq!(f.from.value, r("1/3"), "scan {scan}");
        assert_eq!(f.to.value, r("501/1501"), "scan {scan}");
        assert!(f.from.confirmed && f.to.confirmed);
        // Inside, the effect is +1 (by hand); an end may carry an indifferent mix.
        let (low, high) = f.effect.clone().expect("both variants were analysed");
        assert_eq!(high, r("1"));
        assert!(low > r("0"));
        assert_eq!(v.share(Status::Fails), r("2/4503"));
        assert_eq!(v.share(Status::Holds), r("0"));
        assert_eq!(v.share(Status::NoDifference), r("4501/4503"));
        assert!(v.shares_exact());
        assert_eq!(v.summary(), "fails");
        // Never complete without certified cells; the coverage says what can be missed.
        assert!(!v.complete);
        assert!(v.coverage.contains(&format!("scan of {scan} intervals")));
        assert!(v.coverage.contains("can be missed"));
        // The pieces cover the range in order, without gaps.
        assert_eq!(v.pieces[0].from.value, r("0"));
        assert_eq!(v.pieces.last().unwrap().to.value, r("1"));
        for w in v.pieces.windows(2) {
            assert_eq!(w[0].to.value, w[1].from.value);
            assert_ne!(
                w[0].to_closed, w[1].from_closed,
                "each end belongs to one piece"
            );
        }
    }
}

/// The Latvia scenario as it stood when issue 11 was filed, its tripwire claim by hand.
/// NATO is resolute with prior p. Russia, after NATO defends, believes it resolute with
/// probability m and escalates for -20m + 5(1 - m) against withdrawing for -2: indifferent
/// at m = 7/25.
/// Base: an irresolute NATO concedes for -8 or defends, then meets escalation with
/// probability q: 1 - 11q = -8 at q = 9/11. For p < 7/25 it defends with probability
/// r = 18p / (7(1 - p)) (so that m = 7/25), and Russia's value of invading is
/// 3(1 - 25p/7) - 2(25p/7) = 3 - 125p/7: positive below p = 21/125, negative above.
/// Tripwire: conceding costs -28, below -10 (folding after escalation), so every NATO
/// defends, m = p, and invading is worth 5 - 25p (escalating, for p < 7/25): positive below
/// p = 1/5, negative above.
/// So on (21/125, 1/5) the tripwire variant invades (P = 1) and the base does not (P = 0):
/// "tripwire troops lower P(invade)" fails there, effect +1; elsewhere in [1/20, 19/20] both
/// invade (below 21/125) or both hold (above 1/5). Share: (1/5 - 21/125) / (9/10) = 8/225.
#[test]
fn the_tripwire_claim_fails_exactly_between_21_125_and_1_5() {
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../cli/tests/fixtures/latvia_issue11.toml");
    for scan in [10, 200, 400] {
        let v = judge(&fixture, scan);
        let fails: Vec<_> = v
            .pieces
            .iter()
            .filter(|p| p.status == Status::Fails)
            .collect();
        assert_eq!(fails.len(), 1, "scan {scan}: {:?}", v.pieces);
        assert_eq!(fails[0].from.value, r("21/125"));
        assert_eq!(fails[0].to.value, r("1/5"));
        assert_eq!(v.share(Status::Fails), r("8/225"));
        assert_eq!(v.share(Status::Holds), r("0"));
    }
}

/// Two measures that cross where neither equilibrium changes: one player, one move, and a
/// payoff of p under the base and 1 - p under the variant. "The variant lowers E(a)" holds
/// where 1 - p < p, i.e. on (1/2, 1]; fails on [0, 1/2); makes no difference at p = 1/2.
/// A scan of 7 intervals has no point at 1/2: the crossing is found inside the one cell.
#[test]
fn a_crossing_inside_one_equilibrium_structure_is_found_exactly() {
    let text = r#"
title = "Crossing"
[params]
p = { value = 0.5, range = [0, 1] }
[players.a]
[nodes.start]
player = "a"
moves = { go = "end" }
[outcomes]
end = { a = "p" }
[variants.flipped]
outcomes.end = { a = "1 - p" }
[[claims]]
says = "Flipping lowers the payoff"
compare = ["flipped", "base"]
measure = "E(a)"
expect = "lower"
over = { p = [0, 1] }
"#;
    let s = brink_scenario::parse_str("crossing.toml", text).expect("the scenario loads");
    let v = check_claim_range(&s, &s.claims[0], 7, &Control::default()).unwrap();
    let shown: Vec<(Status, String)> = v.pieces.iter().map(|p| (p.status, p.notation())).collect();
    assert_eq!(
        shown,
        [
            (Status::Fails, "[0, 1/2)".to_string()),
            (Status::NoDifference, "{1/2}".to_string()),
            (Status::Holds, "(1/2, 1]".to_string()),
        ]
    );
    assert_eq!(v.share(Status::Holds), r("1/2"));
    assert_eq!(v.share(Status::NoDifference), r("0"));
    assert_eq!(v.summary(), "mixed");
    assert!(v.breakpoints[0].sources.contains(&"verdict".to_string()));
}

/// Claims that share their solves through one cache get the verdicts they get alone.
#[test]
fn shared_solves_change_no_verdict() {
    use brink_sweep::{check_claim_range_shared, SolveCache};
    let s = scenario(&close_thresholds());
    let first = s.claims[0].clone();
    let mut second = first.clone();
    second.measure = brink_scenario::Measure::parse("E(challenger)").unwrap();
    let cache = SolveCache::new(vec![first.measure.clone(), second.measure.clone()]);
    for claim in [&first, &second, &first] {
        let alone = check_claim_range(&s, claim, 50, &Control::default()).unwrap();
        let shared = check_claim_range_shared(&s, claim, 50, &Control::default(), &cache).unwrap();
        assert_eq!(alone.pieces, shared.pieces, "{}", claim.measure);
        assert_eq!(alone.breakpoints, shared.breakpoints, "{}", claim.measure);
    }
}

/// A claim over two parameters, judged along lines: "A Challenger that prefers conflict to
/// the status quo cannot be deterred" (`scenarios/models/claims.toml`), over p in
/// [1/20, 19/20] and q in [3/5, 19/20]. By hand (docs/models/unilateral_deterrence.md): in the
/// base game the status quo is an equilibrium outcome only where 1 - q > a_H, with
/// a_H = 1/3 at the defaults, i.e. q < 2/3; the determined challenger always initiates. So the
/// claim makes a difference only where the base game can deter, and the shape of the verdict
/// along the lines changes at q = 2/3, which lies between the first two of five lines (3/5
/// and 11/16). The change across must be found, and confirmed as the fraction 2/3.
#[test]
fn a_claim_over_two_parameters_is_judged_along_lines_and_the_change_across_is_exact() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/models/claims.toml");
    let claims = brink_scenario::load_claims(&path).unwrap_or_else(|d| panic!("{}", d[0]));
    let claim = claims
        .iter()
        .find(|c| c.over.len() == 2 && c.says.contains("prefers conflict"))
        .expect("the two-parameter claim");
    let s = scenario(claim.scenario.as_ref().expect("it names its scenario"));
    let cache = brink_sweep::SolveCache::new(vec![claim.measure.clone()]);
    let v = brink_sweep::check_claim_lines(&s, claim, 20, 5, &Control::default(), &cache)
        .expect("judged along lines");
    assert_eq!(v.lines.len(), 5);
    assert_eq!(v.values[1], r("11/16"));
    assert_eq!(v.changes.len(), 1, "{:?}", v.changes);
    let change = &v.changes[0];
    assert!(change.at.confirmed, "{change:?}");
    assert_eq!(change.at.value, r("2/3"));
    // Along the first line (q = 3/5 < 2/3) it makes no difference; along the others it holds
    // somewhere and fails nowhere.
    assert!(v.lines[0]
        .pieces
        .iter()
        .all(|p| p.status == Status::NoDifference));
    for line in &v.lines[1..] {
        assert!(line.pieces.iter().any(|p| p.status == Status::Holds));
        assert!(line.pieces.iter().all(|p| p.status != Status::Fails));
    }
    assert!(v.coverage().contains("on 5 lines of q"), "{}", v.coverage());
}
