//! Regression tests for the solvers, one per bug, each named after the input that showed it and
//! the behaviour expected of it (issue 16, "Hardening").

use brink_formats::read_game;
use brink_game::{parse_rational, Game};
use brink_solve::{solve, Config, Method, Number, Profile, Solution, Status};

fn game(text: &str) -> Game {
    read_game(text).unwrap_or_else(|e| panic!("the test game does not parse: {e}"))
}

fn run(game: &Game, method: Method, exact: bool) -> Solution {
    let mut config = Config::new(method);
    config.exact = exact;
    solve(game, &config).unwrap_or_else(|e| panic!("{} failed: {e}", method.name()))
}

/// The first player's probabilities in a profile (all its information sets in one list), as
/// text (`"1"`, `"1/2"`, or the float's digits).
fn first_player(profile: &Profile) -> Vec<String> {
    let numbers: Vec<&Number> = match profile {
        Profile::Strategy(s) => s[0].iter().collect(),
        Profile::Behavior(b) => b[0].iter().flatten().collect(),
    };
    numbers.into_iter().map(Number::to_string).collect()
}

/// A one-move tree in which P1 chooses `a` (P1 gets 1, P2 gets -10^309, below the smallest
/// f64) or `b` (both get 0). P2 never moves, so P1's best reply decides alone: `a` (1 > 0) is
/// the one pure equilibrium, of the strategic form and of the agent form alike.
const PAYOFF_BELOW_F64_RANGE: &str = r#"EFG 2 R "t" { "P1" "P2" }
""
p "" 1 1 "" { "a" "b" } 0
t "" 1 "" { 1, -1e309 }
t "" 2 "" { 0, 0 }
"#;

/// The same game with the huge payoff above the f64 range and on P1's own side: P1 gets
/// 10^309 after `a` and 0 after `b`, so `a` is again the one pure equilibrium.
const PAYOFF_ABOVE_F64_RANGE: &str = r#"EFG 2 R "t" { "P1" "P2" }
""
p "" 1 1 "" { "a" "b" } 0
t "" 1 "" { 1e309, 1 }
t "" 2 "" { 0, 0 }
"#;

#[test]
fn enumpure_finds_p1_plays_a_when_a_payoff_is_outside_the_f64_range() {
    for (text, p1_payoff) in [
        (PAYOFF_BELOW_F64_RANGE, "1"),
        (PAYOFF_ABOVE_F64_RANGE, "1e309"),
    ] {
        let g = game(text);
        for method in [Method::EnumPure, Method::EnumPureAgent] {
            for exact in [false, true] {
                let s = run(&g, method, exact);
                assert_eq!(s.status, Status::Solved, "{} exact={exact}", method.name());
                assert_eq!(s.equilibria.len(), 1, "{} exact={exact}", method.name());
                // P1's only information set (and its two strategies): `a` with probability 1.
                let p = first_player(&s.equilibria[0].profile);
                assert_eq!(p, ["1", "0"], "{} exact={exact}", method.name());
                // The payoffs stay exact: P1 gets exactly what the leaf `a` says.
                let first = s.equilibria[0].payoffs[0].exact().cloned();
                assert_eq!(first, parse_rational(p1_payoff), "{}", method.name());
            }
        }
    }
}

/// A 2×2 game in which P1's payoffs span 2 (from -1 to 1) and P2's span 2·10^9. In Gambit's
/// order (P1's strategy fastest) the cells are (1,1): 1, 10^9; (2,1): -1, 0; (1,2): 0, 10^9;
/// (2,2): 1, -10^9.
const SMALL_AND_LARGE_PAYOFFS_NFG: &str = r#"NFG 1 R "t" { "P1" "P2" } { 2 2 }
1 1000000000 -1 0 0 1000000000 1 -1000000000
"#;

/// The same game as a tree: P1 moves, then P2 moves without seeing P1's move.
const SMALL_AND_LARGE_PAYOFFS_EFG: &str = r#"EFG 2 R "t" { "P1" "P2" }
""
p "" 1 1 "" { "1" "2" } 0
p "" 2 1 "" { "1" "2" } 0
t "" 1 "" { 1, 1000000000 }
t "" 3 "" { 0, 1000000000 }
p "" 2 1 "" { "1" "2" } 0
t "" 2 "" { -1, 0 }
t "" 4 "" { 1, -1000000000 }
"#;

/// P1's regret in the 2×2 game above when P1 plays row 1 with probability `x1` and P2 column
/// 1 with probability `y1`, computed here from P1's payoff matrix: row 1 earns `y1·1 + y2·0`,
/// row 2 earns `-y1 + y2`.
fn p1_regret(x1: f64, y1: f64) -> f64 {
    let y2 = 1.0 - y1;
    let row1 = y1;
    let row2 = -y1 + y2;
    row1.max(row2) - (x1 * row1 + (1.0 - x1) * row2)
}

#[test]
fn a_float_profile_where_p1_regrets_half_its_payoff_range_is_not_an_equilibrium() {
    // P1 mixes half-half against P2's column 1: row 1 earns 1, row 2 earns -1, the mix 0, so
    // P1's regret is 1, half of P1's payoff range of 2. P2's regret is 0 (both columns earn
    // 10^9 against row 1, and column 1 earns more against row 2). A tolerance relative to P2's
    // range of 2·10^9 would accept it; P1's own range must not.
    let half = || vec![Number::Float(0.5), Number::Float(0.5)];
    let column_1 = || vec![Number::Float(1.0), Number::Float(0.0)];
    assert!((p1_regret(0.5, 1.0) - 1.0).abs() < 1e-12);
    let table = game(SMALL_AND_LARGE_PAYOFFS_NFG);
    let profile = Profile::Strategy(vec![half(), column_1()]);
    let verdict = brink_solve::verify::equilibrium(&table, &profile);
    assert!(verdict.is_err(), "accepted: {verdict:?}");
    let tree = game(SMALL_AND_LARGE_PAYOFFS_EFG);
    let profile = Profile::Behavior(vec![vec![half()], vec![column_1()]]);
    let verdict = brink_solve::verify::equilibrium(&tree, &profile);
    assert!(verdict.is_err(), "accepted: {verdict:?}");
}

#[test]
fn logit_on_small_and_large_payoffs_never_calls_a_profile_with_p1_regret_solved() {
    // Whatever logit returns, every equilibrium it prints must leave P1 a regret within P1's
    // own tolerance: 10^-6 times P1's payoff range of 2.
    let table = game(SMALL_AND_LARGE_PAYOFFS_NFG);
    let s = run(&table, Method::Logit, false);
    for eq in &s.equilibria {
        let Profile::Strategy(p) = &eq.profile else {
            panic!("a strategy profile for a table")
        };
        let regret = p1_regret(p[0][0].to_f64(), p[1][0].to_f64());
        assert!(
            regret <= 2e-6,
            "status {:?}, P1's regret {regret}",
            s.status
        );
    }
}

/// The table form of [`PAYOFF_BELOW_F64_RANGE`]: P1's strategy 1 pays (1, -10^309), strategy 2
/// pays (0, 0); P2 has one strategy.
const TABLE_PAYOFF_BELOW_F64_RANGE: &str = r#"NFG 1 R "t" { "P1" "P2" } { 2 1 }
1 -1e309 0 0
"#;

/// Whether a number is a float that is not finite (what printed as "inf").
fn infinite(n: &Number) -> bool {
    matches!(n, Number::Float(x) if !x.is_finite())
}

#[test]
fn float_lcp_with_a_payoff_beyond_the_f64_range_reports_exact_payoffs_not_inf() {
    // P1's best reply is strategy/action 1 (1 > 0), so P1 gets 1 and P2 gets -10^309, a payoff
    // no f64 can hold: it must be reported exactly, never as -inf.
    for text in [PAYOFF_BELOW_F64_RANGE, TABLE_PAYOFF_BELOW_F64_RANGE] {
        let g = game(text);
        let s = run(&g, Method::Lcp, false);
        assert_eq!(s.status, Status::Solved);
        assert_eq!(s.equilibria.len(), 1);
        let payoffs = &s.equilibria[0].payoffs;
        assert!(!payoffs.iter().any(infinite), "{payoffs:?}");
        assert_eq!(payoffs[1].exact().cloned(), parse_rational("-1e309"));
    }
}

#[test]
fn logit_on_a_payoff_beyond_the_f64_range_says_floats_cannot_verify_it() {
    // Logit computes in floats only, and floats cannot verify a profile of this game: the
    // status must say so, and no equilibrium with an infinite payoff may be printed.
    let g = game(TABLE_PAYOFF_BELOW_F64_RANGE);
    let s = run(&g, Method::Logit, false);
    assert!(s.equilibria.iter().all(|e| !e.payoffs.iter().any(infinite)));
    let why = s.status.detail().unwrap_or_default();
    assert!(
        s.status.name() == "verification-failed" && why.contains("range of floating point"),
        "{:?}",
        s.status
    );
}

/// A tree with an outcome on its root: P1 gets 1 whatever happens, then `a` gives (-1, 0) and
/// `b` gives (2, -3). The outcome objects add up to 1, -1 and -1, but each play adds up to 0
/// (1 - 1 + 0 and 1 + 2 - 3), which is what Gambit's constant-sum test looks at.
const PLAYS_SUM_TO_ZERO: &str = r#"EFG 2 R "t" { "P1" "P2" }
""
p "" 1 1 "" { "a" "b" } 1 "bonus" { 1, 0 }
t "" 2 "a" { -1, 0 }
t "" 3 "b" { 2, -3 }
"#;

/// Every outcome object adds up to 1, but play `a` collects two of them (2 in all) and play
/// `b` one (1 in all): not constant-sum.
const OUTCOMES_SUM_TO_ONE_BUT_PLAYS_DO_NOT: &str = r#"EFG 2 R "t" { "P1" "P2" }
""
p "" 1 1 "" { "a" "b" } 1 "bonus" { 1, 0 }
t "" 2 "a" { 0, 1 }
t "" 0
"#;

#[test]
fn a_tree_whose_plays_sum_to_zero_but_whose_outcome_objects_do_not_is_constant_sum_for_lp() {
    let g = game(PLAYS_SUM_TO_ZERO);
    assert!(g.is_constant_sum(), "every play adds up to 0");
    // lp accepts it and finds P1's best play, b (P1 gets 3 against 0).
    let solution = run(&g, Method::Lp, true);
    assert_eq!(solution.status, Status::Solved, "{:?}", solution.status);
    assert_eq!(first_player(&solution.equilibria[0].profile), ["0", "1"]);
    let g = game(OUTCOMES_SUM_TO_ONE_BUT_PLAYS_DO_NOT);
    assert!(!g.is_constant_sum(), "play a adds up to 2, play b to 1");
}

#[test]
fn logit_on_small_and_large_payoffs_traces_on_to_an_equilibrium_for_p1_too() {
    // The trace stopped when the regret relative to both players' span (2·10^9) was small, at
    // a profile where P1 still regretted half of its own range; `verify` then refused it and
    // logit ended with nothing. Stopping on each player's own range, it goes on to an
    // equilibrium: P1 plays row 1 against a column 1 weight of at least 1/3 (row 1 earns y1,
    // row 2 earns 1 - 2·y1).
    for text in [SMALL_AND_LARGE_PAYOFFS_NFG, SMALL_AND_LARGE_PAYOFFS_EFG] {
        let g = game(text);
        let s = run(&g, Method::Logit, false);
        assert_eq!(s.status, Status::Solved, "{:?}", s.status);
        let eq = &s.equilibria[0];
        let (x1, y1) = match &eq.profile {
            Profile::Strategy(p) => (p[0][0].to_f64(), p[1][0].to_f64()),
            Profile::Behavior(b) => (b[0][0][0].to_f64(), b[1][0][0].to_f64()),
        };
        assert!(x1 > 1.0 - 1e-6, "P1 plays row 1 with {x1}");
        assert!(y1 >= 1.0 / 3.0 - 1e-6, "P2 plays column 1 with {y1}");
        assert!(
            p1_regret(x1, y1) <= 2e-6,
            "P1's regret {}",
            p1_regret(x1, y1)
        );
    }
}

/// Piccione and Rubinstein's absent-minded driver: exit at once (0), continue then exit (4),
/// continue twice (1).
const ABSENT_MINDED_DRIVER: &str = r#"EFG 2 R "Absent-minded driver" { "Driver" }
""
p "" 1 1 "" { "exit" "continue" } 0
t "" 1 "" { 0 }
p "" 1 1 "" { "exit" "continue" } 0
t "" 2 "" { 4 }
t "" 3 "" { 1 }
"#;

#[test]
fn logit_on_the_absent_minded_driver_ends_at_continue_with_two_thirds() {
    // Without perfect recall, logit follows the agent form. If the other self continues with
    // probability p, the driver is at the first node with belief a = 1/(1 + p). Continuing is
    // worth 4(1 - p) + p = 4 - 3p there and 1 at the second node; exiting 0 and 4. So
    // continuing is worth a(4 - 3p) + (1 - a) and exiting 4(1 - a): equal when
    // a(4 - 3p) = 3(1 - a), that is 4 - 3p = 3p, p = 2/3, with belief 3/5 at the first node.
    let g = game(ABSENT_MINDED_DRIVER);
    let s = run(&g, Method::Logit, false);
    assert_eq!(s.status, Status::Solved, "{:?}", s.status);
    let eq = &s.equilibria[0];
    let Profile::Behavior(b) = &eq.profile else {
        panic!("a behaviour profile for a tree")
    };
    assert!((b[0][0][1].to_f64() - 2.0 / 3.0).abs() < 1e-6, "{b:?}");
    let beliefs = eq.beliefs.as_ref().expect("beliefs");
    assert!(
        (beliefs[0][0][0].to_f64() - 0.6).abs() < 1e-6,
        "{beliefs:?}"
    );
}
