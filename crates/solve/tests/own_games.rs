//! Small games whose answers are known by hand: subgame perfection (centipede, entry, chance,
//! a subgame that needs a mixed equilibrium), degenerate and all-zero games, one-player trees,
//! dominated strategies, beliefs, exact recovery of float profiles, and imperfect recall.

use brink_formats::read_game;
use brink_game::{parse_rational, Game, Rational, Tree};
use brink_solve::verify::{self, Verified, VerifyError};
use brink_solve::{solve, Config, Method, Number, Profile, SolveError, Status};

fn game(text: &str) -> Game {
    read_game(text).unwrap_or_else(|e| panic!("test game does not parse: {e}"))
}

fn tree(text: &str) -> Tree {
    match game(text) {
        Game::Tree(t) => t,
        Game::Table(_) => panic!("expected a tree"),
    }
}

fn q(s: &str) -> Rational {
    parse_rational(s).expect("a rational")
}

fn ex(s: &str) -> Number {
    Number::Exact(q(s))
}

/// An exact behaviour profile from strings, `[player][infoset][action]`.
fn behavior(p: &[&[&[&str]]]) -> Vec<Vec<Vec<Number>>> {
    p.iter()
        .map(|sets| {
            sets.iter()
                .map(|d| d.iter().map(|s| ex(s)).collect())
                .collect()
        })
        .collect()
}

fn run(g: &Game, method: Method) -> brink_solve::Solution {
    let mut c = Config::new(method);
    c.exact = true;
    solve(g, &c).unwrap_or_else(|e| panic!("{} failed: {e}", method.name()))
}

fn payoffs_of(s: &brink_solve::Solution) -> Vec<Vec<Rational>> {
    let mut v: Vec<Vec<Rational>> = s
        .equilibria
        .iter()
        .map(|e| {
            e.payoffs
                .iter()
                .map(|n| n.exact().expect("exact payoff").clone())
                .collect()
        })
        .collect();
    v.sort();
    v
}

fn rats(rows: &[&[&str]]) -> Vec<Vec<Rational>> {
    let mut v: Vec<Vec<Rational>> = rows
        .iter()
        .map(|r| r.iter().map(|s| q(s)).collect())
        .collect();
    v.sort();
    v
}

const CENTIPEDE: &str = r#"EFG 2 R "Centipede" { "A" "B" }
""
p "" 1 1 "" { "take" "pass" } 0
t "" 1 "" { 1, 0 }
p "" 2 1 "" { "take" "pass" } 0
t "" 2 "" { 0, 2 }
p "" 1 2 "" { "take" "pass" } 0
t "" 3 "" { 3, 1 }
p "" 2 2 "" { "take" "pass" } 0
t "" 4 "" { 2, 4 }
t "" 5 "" { 5, 3 }
"#;

const ENTRY: &str = r#"EFG 2 R "Entry" { "Entrant" "Incumbent" }
""
p "" 1 1 "" { "out" "in" } 0
t "" 1 "" { 0, 2 }
p "" 2 1 "" { "fight" "accommodate" } 0
t "" 2 "" { -1, -1 }
t "" 3 "" { 1, 1 }
"#;

/// One player who sees chance's move.
const GAMBLE: &str = r#"EFG 2 R "Gamble" { "Solo" }
""
c "" 1 "" { "good" 1/3 "bad" 2/3 } 0
p "" 1 1 "" { "safe" "risky" } 0
t "" 1 "" { 1 }
t "" 2 "" { 4 }
p "" 1 2 "" { "safe" "risky" } 0
t "" 3 "" { 1 }
t "" 4 "" { -2 }
"#;

/// The same, but the player does not see chance's move.
const BLIND_GAMBLE: &str = r#"EFG 2 R "Blind gamble" { "Solo" }
""
c "" 1 "" { "good" 1/3 "bad" 2/3 } 0
p "" 1 1 "" { "safe" "risky" } 0
t "" 1 "" { 1 }
t "" 2 "" { 4 }
p "" 1 1 "" { "safe" "risky" } 0
t "" 3 "" { 1 }
t "" 4 "" { -2 }
"#;

/// An outside option, then a simultaneous game whose only equilibrium is mixed: the challenger
/// escalates with probability 1/2 and the defender resists with probability 2/5.
const CRISIS: &str = r#"EFG 2 R "Crisis" { "Challenger" "Defender" }
""
p "" 1 1 "" { "stay" "challenge" } 0
t "" 1 "" { 1, 3 }
p "" 1 2 "" { "escalate" "hold" } 0
p "" 2 1 "" { "resist" "yield" } 0
t "" 2 "" { 3, 0 }
t "" 3 "" { 0, 1 }
p "" 2 1 "" { "resist" "yield" } 0
t "" 4 "" { 0, 1 }
t "" 5 "" { 2, 0 }
"#;

/// The defender's information set after left or middle; right ends the game.
const BELIEFS: &str = r#"EFG 2 R "Beliefs" { "P1" "P2" }
""
p "" 1 1 "" { "L" "M" "R" } 0
p "" 2 1 "" { "l" "r" } 0
t "" 1 "" { 2, 1 }
t "" 2 "" { 0, 0 }
p "" 2 1 "" { "l" "r" } 0
t "" 3 "" { 0, 0 }
t "" 4 "" { 1, 3 }
t "" 5 "" { 1, 1 }
"#;

/// Piccione and Rubinstein's absent-minded driver.
const DRIVER: &str = r#"EFG 2 R "Absent-minded driver" { "Driver" }
""
p "" 1 1 "" { "exit" "continue" } 0
t "" 1 "" { 0 }
p "" 1 1 "" { "exit" "continue" } 0
t "" 2 "" { 4 }
t "" 3 "" { 1 }
"#;

/// Player 1 forgets its first move (imperfect recall without absent-mindedness).
const FORGETFUL: &str = r#"EFG 2 R "Forgetful" { "P1" "P2" }
""
p "" 1 1 "" { "L" "R" } 0
p "" 2 1 "" { "l" "r" } 0
p "" 1 2 "" { "a" "b" } 0
t "" 1 "" { 1, 0 }
t "" 2 "" { 0, 1 }
t "" 3 "" { 2, 2 }
p "" 2 2 "" { "l" "r" } 0
p "" 1 2 "" { "a" "b" } 0
t "" 4 "" { 0, 3 }
t "" 5 "" { 3, 0 }
t "" 6 "" { 1, 1 }
"#;

const ZERO_TREE: &str = r#"EFG 2 R "Nothing at stake" { "P1" "P2" }
""
p "" 1 1 "" { "a" "b" } 0
p "" 2 1 "" { "c" "d" } 0
t "" 1 "" { 0, 0 }
t "" 1 "" { 0, 0 }
p "" 2 1 "" { "c" "d" } 0
t "" 1 "" { 0, 0 }
t "" 1 "" { 0, 0 }
"#;

#[test]
fn centipede_backward_induction_takes_at_once() {
    let g = game(CENTIPEDE);
    let s = run(&g, Method::Spe);
    assert_eq!(s.status, Status::Solved);
    assert_eq!(s.equilibria.len(), 1);
    let eq = &s.equilibria[0];
    let take = behavior(&[&[&["1", "0"], &["1", "0"]], &[&["1", "0"], &["1", "0"]]]);
    assert_eq!(eq.profile, Profile::Behavior(take));
    assert_eq!(eq.payoffs, vec![ex("1"), ex("0")]);
    assert_eq!(eq.max_regret, ex("0"));
}

#[test]
fn entry_game_spe_is_entry_and_accommodation() {
    let g = game(ENTRY);
    let s = run(&g, Method::Spe);
    let eq = &s.equilibria[0];
    assert_eq!(
        eq.profile,
        Profile::Behavior(behavior(&[&[&["0", "1"]], &[&["0", "1"]]]))
    );
    assert_eq!(eq.payoffs, vec![ex("1"), ex("1")]);
    // The incredible threat is a Nash equilibrium of the strategic form, and of the agent form.
    let pure = run(&g, Method::EnumPure);
    assert_eq!(payoffs_of(&pure), rats(&[&["0", "2"], &["1", "1"]]));
    let agent = run(&g, Method::EnumPureAgent);
    assert_eq!(payoffs_of(&agent), rats(&[&["0", "2"], &["1", "1"]]));
}

#[test]
fn the_incredible_threat_is_nash_but_not_sequential() {
    let t = tree(ENTRY);
    let threat = behavior(&[&[&["1", "0"]], &[&["1", "0"]]]);
    let v: Verified = verify::behavior(&t, &threat).expect("verifiable");
    assert_eq!(v.max_regret, Some(ex("0")));
    assert_eq!(v.agent_regret, ex("0"));
    assert!(!v.sequentially_rational);
    assert_eq!(v.subgame_perfect, Some(false));
    let credible = behavior(&[&[&["0", "1"]], &[&["0", "1"]]]);
    let v = verify::behavior(&t, &credible).expect("verifiable");
    assert!(v.sequentially_rational);
    assert_eq!(v.subgame_perfect, Some(true));
    assert_eq!(v.payoffs, vec![ex("1"), ex("1")]);
}

#[test]
fn one_player_with_chance_chooses_by_state() {
    let s = run(&game(GAMBLE), Method::Spe);
    let eq = &s.equilibria[0];
    assert_eq!(
        eq.profile,
        Profile::Behavior(behavior(&[&[&["0", "1"], &["1", "0"]]]))
    );
    assert_eq!(eq.payoffs, vec![ex("2")]);
}

#[test]
fn one_player_without_seeing_chance_plays_safe() {
    // The only subgame is the whole game, solved by the subgame hook.
    let s = run(&game(BLIND_GAMBLE), Method::Spe);
    let eq = &s.equilibria[0];
    assert_eq!(eq.profile, Profile::Behavior(behavior(&[&[&["1", "0"]]])));
    assert_eq!(eq.payoffs, vec![ex("1")]);
    let pure = run(&game(BLIND_GAMBLE), Method::EnumPure);
    assert_eq!(payoffs_of(&pure), rats(&[&["1"]]));
}

#[test]
fn a_subgame_with_only_a_mixed_equilibrium_is_solved_exactly() {
    let g = game(CRISIS);
    let s = run(&g, Method::Spe);
    assert_eq!(s.status, Status::Solved, "{:?}", s.status);
    let eq = &s.equilibria[0];
    let expected = behavior(&[&[&["0", "1"], &["1/2", "1/2"]], &[&["2/5", "3/5"]]]);
    assert_eq!(eq.profile, Profile::Behavior(expected));
    assert_eq!(eq.payoffs, vec![ex("6/5"), ex("1/2")]);
    // The subgame has no pure equilibrium, and staying out is no equilibrium either: whatever
    // the defender would do, one way of challenging beats staying.
    let pure = run(&g, Method::EnumPure);
    assert_eq!(pure.status, Status::NoneExist);
}

#[test]
fn float_profiles_are_recovered_exactly() {
    let g = game(CRISIS);
    let f = |x: f64| Number::Float(x);
    let noisy = Profile::Behavior(vec![
        vec![
            vec![f(1e-9), f(1.0 - 1e-9)],
            vec![f(0.50000003), f(0.49999997)],
        ],
        vec![vec![f(0.39999998), f(0.60000002)]],
    ]);
    let eq = verify::try_exact(&g, &noisy).expect("an exact equilibrium nearby");
    let expected = behavior(&[&[&["0", "1"], &["1/2", "1/2"]], &[&["2/5", "3/5"]]]);
    assert_eq!(eq.profile, Profile::Behavior(expected));
    assert_eq!(eq.max_regret, ex("0"));
    // A profile far from any equilibrium is not "recovered".
    let wrong = Profile::Behavior(vec![
        vec![vec![f(0.0), f(1.0)], vec![f(0.9), f(0.1)]],
        vec![vec![f(0.4), f(0.6)]],
    ]);
    assert!(verify::try_exact(&g, &wrong).is_none());
    // The same on a table: matching pennies.
    let pennies = game("NFG 1 R \"Pennies\" { \"1\" \"2\" } { 2 2 }\n1 -1 -1 1 -1 1 1 -1\n");
    let noisy = Profile::Strategy(vec![vec![f(0.5000001), f(0.4999999)], vec![f(0.5), f(0.5)]]);
    let eq = verify::try_exact(&pennies, &noisy).expect("exact pennies");
    assert_eq!(
        eq.profile,
        Profile::Strategy(vec![vec![ex("1/2"), ex("1/2")]; 2])
    );
}

#[test]
fn beliefs_follow_bayes_and_default_to_centroid_trembles() {
    let t = tree(BELIEFS);
    let mixed = behavior(&[&[&["1/6", "1/3", "1/2"]], &[&["1/2", "1/2"]]]);
    let v = verify::behavior(&t, &mixed).expect("verifiable");
    assert_eq!(v.beliefs[1][0], vec![ex("1/3"), ex("2/3")]);
    // Unreached: each of L and M is one tremble away, equally weighted.
    let right = behavior(&[&[&["0", "0", "1"]], &[&["0", "1"]]]);
    let v = verify::behavior(&t, &right).expect("verifiable");
    assert_eq!(v.beliefs[1][0], vec![ex("1/2"), ex("1/2")]);
    assert_eq!(v.max_regret, Some(ex("0")));
    // With beliefs (1/2, 1/2), r pays 3/2 and l 1/2, so r is sequentially rational...
    assert!(v.sequentially_rational);
    // ...but not with supplied beliefs concentrated on L.
    let given = behavior(&[&[&["1"]], &[&["1", "0"]]]);
    let v = verify::behavior_with_beliefs(&t, &right, Some(&given)).expect("verifiable");
    assert_eq!(v.beliefs[1][0], vec![ex("1"), ex("0")]);
    assert!(!v.sequentially_rational);
    // Supplied beliefs do not override Bayes' rule where the set is reached.
    let v = verify::behavior_with_beliefs(&t, &mixed, Some(&given)).expect("verifiable");
    assert_eq!(v.beliefs[1][0], vec![ex("1/3"), ex("2/3")]);
}

#[test]
fn regret_of_non_equilibria_is_exact() {
    let t = tree(ENTRY);
    // Entering against a fighter: the entrant gains 1 by staying out.
    let bad = behavior(&[&[&["0", "1"]], &[&["1", "0"]]]);
    let v = verify::behavior(&t, &bad).expect("verifiable");
    assert_eq!(v.max_regret, Some(ex("2")));
    assert_eq!(v.payoffs, vec![ex("-1"), ex("-1")]);
    // The incumbent's agent gains 2 by accommodating; the entrant's gains 1 by staying out.
    assert_eq!(v.agent_regret, ex("2"));
    let check = verify::strategy_regret(
        match &game("NFG 1 R \"PD\" { \"1\" \"2\" } { 2 2 }\n9 9 10 0 0 10 1 1\n") {
            Game::Table(t) => t,
            _ => unreachable!(),
        },
        &[vec![ex("1"), ex("0")], vec![ex("1"), ex("0")]],
    )
    .expect("verifiable");
    assert_eq!(check.payoffs, vec![ex("9"), ex("9")]);
    assert_eq!(check.max_regret, ex("1"));
}

#[test]
fn malformed_profiles_are_errors_not_panics() {
    let t = tree(ENTRY);
    let short = behavior(&[&[&["1", "0"]]]);
    assert!(matches!(
        verify::behavior(&t, &short),
        Err(VerifyError::Shape(_))
    ));
    let not_a_distribution = behavior(&[&[&["1", "1"]], &[&["1", "0"]]]);
    assert!(matches!(
        verify::behavior(&t, &not_a_distribution),
        Err(VerifyError::Shape(_))
    ));
    let negative = behavior(&[&[&["2", "-1"]], &[&["1", "0"]]]);
    assert!(matches!(
        verify::behavior(&t, &negative),
        Err(VerifyError::Shape(_))
    ));
    let nan = vec![
        vec![vec![Number::Float(f64::NAN), Number::Float(1.0)]],
        vec![vec![Number::Float(1.0), Number::Float(0.0)]],
    ];
    assert!(matches!(
        verify::behavior(&t, &nan),
        Err(VerifyError::Shape(_))
    ));
}

#[test]
fn dominated_strategies_leave_one_equilibrium() {
    let pd = game("NFG 1 R \"PD\" { \"1\" \"2\" } { 2 2 }\n9 9 10 0 0 10 1 1\n");
    let s = run(&pd, Method::EnumPure);
    assert_eq!(s.equilibria.len(), 1);
    assert_eq!(
        s.equilibria[0].profile,
        Profile::Strategy(vec![vec![ex("0"), ex("1")], vec![ex("0"), ex("1")]])
    );
    // Iterated dominance in a 3x3: only (bottom, right) survives.
    let g = game(
        "NFG 1 R \"Dominance\" { \"1\" \"2\" } { 3 3 }\n\
         3 0 2 1 4 4 \
         0 1 1 2 5 5 \
         0 0 1 3 6 6\n",
    );
    let s = run(&g, Method::EnumPure);
    assert_eq!(payoffs_of(&s), rats(&[&["6", "6"]]));
}

#[test]
fn degenerate_games_have_every_tie_as_equilibrium() {
    let zero = game(&format!(
        "NFG 1 R \"Zero\" {{ \"1\" \"2\" \"3\" }} {{ 3 2 2 }}\n{}\n",
        "0 ".repeat(36)
    ));
    let s = run(&zero, Method::EnumPure);
    assert_eq!(s.equilibria.len(), 12);
    assert!(s
        .equilibria
        .iter()
        .all(|e| e.payoffs.iter().all(|p| *p == ex("0"))));
    let t = game(ZERO_TREE);
    assert_eq!(run(&t, Method::EnumPure).equilibria.len(), 4);
    assert_eq!(run(&t, Method::EnumPureAgent).equilibria.len(), 4);
    let spe = run(&t, Method::Spe);
    assert_eq!(spe.equilibria[0].payoffs, vec![ex("0"), ex("0")]);
    // A game without equilibria in pure strategies says so.
    let pennies = game("NFG 1 R \"Pennies\" { \"1\" \"2\" } { 2 2 }\n1 -1 -1 1 -1 1 1 -1\n");
    let s = run(&pennies, Method::EnumPure);
    assert_eq!(s.status, Status::NoneExist);
    assert!(s.equilibria.is_empty());
}

#[test]
fn three_players_pure_equilibria() {
    // Everyone wants to match player 1; player 1 is indifferent.
    let g = game(
        "NFG 1 R \"Match\" { \"1\" \"2\" \"3\" } { 2 2 2 }\n\
         0 1 1  0 0 0  0 0 1  0 1 0 \
         0 1 0  0 0 1  0 0 0  0 1 1\n",
    );
    let s = run(&g, Method::EnumPure);
    assert_eq!(payoffs_of(&s), rats(&[&["0", "1", "1"], &["0", "1", "1"]]));
}

#[test]
fn imperfect_recall_is_refused_where_perfect_recall_is_needed() {
    for text in [DRIVER, FORGETFUL] {
        let g = game(text);
        for method in [Method::EnumPure, Method::Spe] {
            match solve(&g, &Config::new(method)) {
                Err(SolveError::NotApplicable { reason, .. }) => {
                    assert!(reason.contains("imperfect recall"), "{reason}");
                    assert!(
                        reason.contains("enumpure-agent"),
                        "a hint is given: {reason}"
                    );
                }
                other => panic!(
                    "{} should refuse imperfect recall, got {other:?}",
                    method.name()
                ),
            }
        }
    }
    // The agent form needs no recall: the driver's only pure agent equilibrium is to continue.
    let s = run(&game(DRIVER), Method::EnumPureAgent);
    assert_eq!(s.equilibria.len(), 1);
    assert_eq!(s.equilibria[0].payoffs, vec![ex("1")]);
    // Nash regret is still computed for forgetful players by trying pure strategies, but not
    // with absent-mindedness.
    let forgetful = tree(FORGETFUL);
    let p = behavior(&[&[&["1", "0"], &["0", "1"]], &[&["0", "1"], &["1", "0"]]]);
    let v = verify::behavior(&forgetful, &p).expect("verifiable");
    assert!(v.max_regret.is_some());
    assert_eq!(v.subgame_perfect, None);
    let driver = tree(DRIVER);
    let v = verify::behavior(&driver, &behavior(&[&[&["0", "1"]]])).expect("verifiable");
    assert_eq!(v.max_regret, None);
    assert_eq!(v.agent_regret, ex("0"));
}

#[test]
fn malformed_games_are_refused_without_panicking() {
    let mut t = tree(ENTRY);
    t.nodes[1].children.push(0);
    for method in [Method::Spe, Method::EnumPure, Method::EnumPureAgent] {
        match solve(&Game::Tree(t.clone()), &Config::new(method)) {
            Err(SolveError::NotApplicable { reason, .. }) => {
                assert!(reason.contains("not well formed"), "{reason}")
            }
            other => panic!("expected a refusal, got {other:?}"),
        }
    }
    assert!(matches!(
        verify::behavior(&t, &[]),
        Err(VerifyError::InvalidGame(_))
    ));
}

#[test]
fn strategy_profiles_of_trees_verify_through_behaviour() {
    let t = tree(ENTRY);
    // Reduced strategies: entrant {out, in}, incumbent {fight, accommodate}.
    let threat = vec![vec![ex("1"), ex("0")], vec![ex("1"), ex("0")]];
    let v = verify::strategy_on_tree(&t, &threat).expect("verifiable");
    assert_eq!(v.max_regret, Some(ex("0")));
    assert_eq!(v.payoffs, vec![ex("0"), ex("2")]);
    let wrong_shape = vec![vec![ex("1"), ex("0"), ex("0")], vec![ex("1"), ex("0")]];
    assert!(matches!(
        verify::strategy_on_tree(&t, &wrong_shape),
        Err(VerifyError::Shape(_))
    ));
}

#[test]
fn tolerances_scale_with_each_players_payoff_range() {
    let close = |a: &[f64], b: &[f64]| {
        a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() < 1e-15)
    };
    // The entrant's payoffs run from -1 to 1 (range 2), the incumbent's from -1 to 2 (range 3).
    let small = game(ENTRY);
    let expected = [2.0 * verify::FLOAT_TOLERANCE, 3.0 * verify::FLOAT_TOLERANCE];
    assert!(close(&verify::tolerances(&small), &expected));
    // Player 1's payoffs run from -500 to 500 (range 1000); player 2's are all 0 (range 0,
    // and the range counts as at least 1).
    let big = game("NFG 1 R \"Big\" { \"1\" \"2\" } { 2 1 }\n-500 0 500 0\n");
    let expected = [1000.0 * verify::FLOAT_TOLERANCE, verify::FLOAT_TOLERANCE];
    assert!(close(&verify::tolerances(&big), &expected));
}

/// A centipede of `stages` moves alternating between two players: taking at stage k pays the
/// taker k + 2 and the other k; passing at the last stage pays both `stages + 1`.
fn long_centipede(stages: usize) -> String {
    let mut text = String::from("EFG 2 R \"Long centipede\" { \"A\" \"B\" }\n\"\"\n");
    for k in 0..stages {
        let player = k % 2 + 1;
        let (mine, other) = (k + 2, k);
        let (a, b) = if player == 1 {
            (mine, other)
        } else {
            (other, mine)
        };
        text.push_str(&format!(
            "p \"\" {player} {} \"\" {{ \"take\" \"pass\" }} 0\n",
            k / 2 + 1
        ));
        text.push_str(&format!("t \"\" {} \"\" {{ {a}, {b} }}\n", k + 1));
    }
    text.push_str(&format!("t \"\" {0} \"\" {{ {0}, {0} }}\n", stages + 1));
    text
}

#[test]
fn long_centipede_is_solved_and_checked_in_every_subgame() {
    let g = game(&long_centipede(400));
    let s = run(&g, Method::Spe);
    assert_eq!(s.status, Status::Solved);
    assert_eq!(s.equilibria[0].payoffs, vec![ex("2"), ex("0")]);
    let Game::Tree(t) = &g else { unreachable!() };
    let Profile::Behavior(b) = &s.equilibria[0].profile else {
        panic!("behaviour expected")
    };
    assert_eq!(
        verify::behavior(t, b).expect("verifiable").subgame_perfect,
        Some(true)
    );
    // Passing once in the middle, off the path of play, breaks subgame perfection only.
    let mut off = b.clone();
    off[1][100] = vec![ex("0"), ex("1")];
    let v = verify::behavior(t, &off).expect("verifiable");
    assert_eq!(v.max_regret, Some(ex("0")));
    assert_eq!(v.subgame_perfect, Some(false));
}

#[test]
fn enumerations_stop_at_the_limit_or_on_request_and_say_so() {
    let g = game(ZERO_TREE);
    let mut c = Config::new(Method::EnumPure);
    c.cell_limit = 2;
    let s = solve(&g, &c).expect("runs");
    assert!(
        matches!(s.status, Status::IterationLimit(_)),
        "{:?}",
        s.status
    );
    let mut c = Config::new(Method::EnumPureAgent);
    c.cell_limit = 1;
    let s = solve(&g, &c).expect("runs");
    assert!(
        matches!(s.status, Status::IterationLimit(_)),
        "{:?}",
        s.status
    );
    let mut c = Config::new(Method::EnumPure);
    c.stop = Some(std::sync::Arc::new(std::sync::atomic::AtomicBool::new(
        true,
    )));
    let s = solve(&g, &c).expect("runs");
    assert_eq!(s.status, Status::Stopped);
    // A strategic form larger than the limit is refused up front.
    let mut c = Config::new(Method::EnumPure);
    c.cell_limit = 1;
    assert!(matches!(solve(&g, &c), Err(SolveError::TooLarge(_))));
}
