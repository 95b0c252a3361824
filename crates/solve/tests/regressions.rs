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
