//! Two-player strategic-form methods: `enummixed` (all extreme equilibria) and `lcp` on tables
//! (Lemke–Howson), on hand-made games with known equilibria and against Gambit 16.7's results
//! for every two-player game of the shared corpus.
//!
//! Besides the verifier's own check (`max_regret`), every profile is checked here with a small
//! exact regret computation of this file, so the two checks are independent.

mod support;

use std::path::{Path, PathBuf};

use brink_game::{parse_rational, Game, Rational, Table};
use brink_solve::{solve, Config, Method, Number, Profile, Solution, SolveError, Status};
use num_traits::{Signed, Zero};

/// An equilibrium as both players' probabilities in one list, with the two payoffs.
type Found = (Vec<Rational>, [Rational; 2]);

fn r(text: &str) -> Rational {
    parse_rational(text).expect("a rational")
}

/// A two-player table from row-major payoff matrices given as text (`"1/2"` etc.).
fn bimatrix(m: usize, n: usize, a: &[&str], b: &[&str]) -> Game {
    let mut payoffs = vec![Vec::new(); m * n];
    for i in 0..m {
        for j in 0..n {
            // Cells run with the first player's strategy fastest.
            payoffs[i + j * m] = vec![r(a[i * n + j]), r(b[i * n + j])];
        }
    }
    let labels = |k: usize| (1..=k).map(|s| s.to_string()).collect();
    Game::Table(Table::from_payoffs(
        "test".into(),
        vec!["Row".into(), "Column".into()],
        vec![labels(m), labels(n)],
        payoffs,
    ))
}

fn run(game: &Game, method: Method, exact: bool) -> Solution {
    let mut config = Config::new(method);
    config.exact = exact;
    solve(game, &config).unwrap_or_else(|e| panic!("{} failed: {e}", method.name()))
}

/// The exact probabilities of a strategy profile, both players in one list.
fn exact_profile(profile: &Profile) -> Vec<Rational> {
    let Profile::Strategy(s) = profile else {
        panic!("expected a strategy profile")
    };
    s.iter()
        .flatten()
        .map(|n| n.exact().expect("an exact probability").clone())
        .collect()
}

/// Exact payoffs and largest regret of a mixed profile of a two-player table, computed here
/// independently of the verifier.
fn payoffs_and_regret(table: &Table, profile: &[Rational]) -> ([Rational; 2], Rational) {
    let (m, n) = (table.strategies[0].len(), table.strategies[1].len());
    let (x, y) = profile.split_at(m);
    assert_eq!(y.len(), n);
    for s in [x, y] {
        assert!(s.iter().all(|p| !p.is_negative()), "negative probability");
        assert_eq!(
            s.iter().sum::<Rational>(),
            r("1"),
            "probabilities do not add up to 1"
        );
    }
    let mut rows = vec![Rational::zero(); m];
    let mut cols = vec![Rational::zero(); n];
    let mut value = [Rational::zero(), Rational::zero()];
    for i in 0..m {
        for j in 0..n {
            let cell = table.cell_index(&[i, j]);
            let (a, b) = (table.payoff(cell, 0), table.payoff(cell, 1));
            rows[i] += &a * &y[j];
            cols[j] += &b * &x[i];
            value[0] += &a * &x[i] * &y[j];
            value[1] += &b * &x[i] * &y[j];
        }
    }
    let regret =
        (rows.iter().max().unwrap() - &value[0]).max(cols.iter().max().unwrap() - &value[1]);
    (value, regret)
}

/// Checks that every equilibrium of an exact solution has exactly zero regret (by the verifier
/// and by this file) and returns the sorted profiles with their payoffs.
fn exact_equilibria(table: &Table, solution: &Solution) -> Vec<Found> {
    let mut out = Vec::new();
    for eq in &solution.equilibria {
        assert_eq!(eq.max_regret, Number::Exact(Rational::zero()));
        let profile = exact_profile(&eq.profile);
        let (value, regret) = payoffs_and_regret(table, &profile);
        assert!(regret.is_zero(), "regret {regret}");
        assert_eq!(
            eq.payoffs,
            value.iter().cloned().map(Number::Exact).collect::<Vec<_>>()
        );
        out.push((profile, value));
    }
    out.sort();
    out
}

fn table_of(game: &Game) -> &Table {
    match game {
        Game::Table(t) => t,
        Game::Tree(_) => panic!("expected a table"),
    }
}

/// The profiles (as text) of all extreme equilibria that `enummixed` finds.
fn enummixed_profiles(game: &Game) -> Vec<Vec<String>> {
    let solution = run(game, Method::EnumMixed, true);
    assert_eq!(solution.status, Status::Solved);
    exact_equilibria(table_of(game), &solution)
        .into_iter()
        .map(|(p, _)| p.iter().map(ToString::to_string).collect())
        .collect()
}

fn texts(profiles: &[&[&str]]) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = profiles
        .iter()
        .map(|p| p.iter().map(|s| s.to_string()).collect())
        .collect();
    out.sort_by(|a, b| {
        let a: Vec<Rational> = a.iter().map(|s| r(s)).collect();
        let b: Vec<Rational> = b.iter().map(|s| r(s)).collect();
        a.cmp(&b)
    });
    out
}

#[test]
fn matching_pennies_has_one_mixed_equilibrium() {
    let game = bimatrix(2, 2, &["1", "-1", "-1", "1"], &["-1", "1", "1", "-1"]);
    assert_eq!(
        enummixed_profiles(&game),
        texts(&[&["1/2", "1/2", "1/2", "1/2"]])
    );
    let exact = run(&game, Method::Lcp, true);
    assert_eq!(exact.status, Status::Solved);
    let found = exact_equilibria(table_of(&game), &exact);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].0, vec![r("1/2"); 4]);
    let float = run(&game, Method::Lcp, false);
    assert_eq!(float.status, Status::Solved);
    assert_eq!(float.equilibria.len(), 1);
    let Profile::Strategy(s) = &float.equilibria[0].profile else {
        panic!("not a strategy")
    };
    for p in s.iter().flatten() {
        assert!(matches!(p, Number::Float(_)));
        assert!((p.to_f64() - 0.5).abs() < 1e-12);
    }
    assert!(float.equilibria[0].max_regret.to_f64() < 1e-12);
}

#[test]
fn battle_of_the_sexes_has_three_equilibria() {
    let game = bimatrix(2, 2, &["2", "0", "0", "1"], &["1", "0", "0", "2"]);
    assert_eq!(
        enummixed_profiles(&game),
        texts(&[
            &["0", "1", "0", "1"],
            &["2/3", "1/3", "1/3", "2/3"],
            &["1", "0", "1", "0"]
        ])
    );
    let solution = run(&game, Method::EnumMixed, true);
    let mut payoffs: Vec<[Rational; 2]> = exact_equilibria(table_of(&game), &solution)
        .into_iter()
        .map(|(_, v)| v)
        .collect();
    payoffs.sort();
    assert_eq!(
        payoffs,
        vec![[r("2/3"), r("2/3")], [r("1"), r("2")], [r("2"), r("1")]]
    );
}

#[test]
fn degenerate_game_lists_the_ends_of_its_equilibrium_segment() {
    // The top row strictly dominates; against it the column player is indifferent, so the
    // equilibria are the segment {top} × Δ(columns), with the two pure profiles as its ends.
    let game = bimatrix(2, 2, &["1", "1", "0", "0"], &["1", "1", "0", "1"]);
    assert_eq!(
        enummixed_profiles(&game),
        texts(&[&["1", "0", "0", "1"], &["1", "0", "1", "0"]])
    );
    let found = exact_equilibria(table_of(&game), &run(&game, Method::Lcp, true));
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].0[..2], [r("1"), r("0")]);
}

#[test]
fn zero_game_lists_every_pure_profile_as_an_extreme_point() {
    // Every profile is an equilibrium; the set is the product of the two simplices, whose
    // extreme points are the pure profiles.
    let game = bimatrix(2, 3, &["0"; 6], &["0"; 6]);
    let profiles = enummixed_profiles(&game);
    assert_eq!(profiles.len(), 6);
    for p in &profiles {
        assert_eq!(
            p.iter().filter(|s| *s == "1").count(),
            2,
            "{p:?} is not pure"
        );
    }
    let found = exact_equilibria(table_of(&game), &run(&game, Method::Lcp, true));
    assert_eq!(found.len(), 1);
}

#[test]
fn strategy_dominated_by_a_mixture_is_never_played() {
    // The third row earns 1 against anything and is strictly dominated by mixing the first two
    // (3/2); what is left is a matching-pennies game with its one mixed equilibrium.
    let game = bimatrix(
        3,
        2,
        &["3", "0", "0", "3", "1", "1"],
        &["0", "3", "3", "0", "2", "2"],
    );
    assert_eq!(
        enummixed_profiles(&game),
        texts(&[&["1/2", "1/2", "0", "1/2", "1/2"]])
    );
    let found = exact_equilibria(table_of(&game), &run(&game, Method::Lcp, true));
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].1, [r("3/2"), r("3/2")]);
}

#[test]
fn prisoners_dilemma_has_only_mutual_defection() {
    let game = bimatrix(2, 2, &["3", "0", "5", "1"], &["3", "5", "0", "1"]);
    assert_eq!(enummixed_profiles(&game), texts(&[&["0", "1", "0", "1"]]));
}

#[test]
fn a_player_with_one_strategy_leaves_the_other_to_best_reply() {
    // The column player's best replies to the only row are columns 2 and 3.
    let game = bimatrix(1, 3, &["0", "5", "-1"], &["1", "3", "3"]);
    assert_eq!(
        enummixed_profiles(&game),
        texts(&[&["1", "0", "0", "1"], &["1", "0", "1", "0"]])
    );
    for exact in [true, false] {
        let solution = run(&game, Method::Lcp, exact);
        assert_eq!(solution.status, Status::Solved);
        assert_eq!(solution.equilibria.len(), 1);
        let Profile::Strategy(s) = &solution.equilibria[0].profile else {
            panic!("not a strategy")
        };
        assert!(
            s[1][0].to_f64().abs() < 1e-12,
            "column 1 is not a best reply"
        );
    }
}

#[test]
fn three_players_are_refused_with_a_reason() {
    let game = Game::Table(Table::from_payoffs(
        "three".into(),
        vec!["1".into(), "2".into(), "3".into()],
        vec![vec!["a".into()], vec!["a".into()], vec!["a".into()]],
        vec![vec![r("1"), r("2"), r("3")]],
    ));
    for method in [Method::EnumMixed, Method::Lcp] {
        let err = solve(&game, &Config::new(method)).unwrap_err();
        assert!(matches!(err, SolveError::NotApplicable { .. }), "{err}");
    }
}

// --- Against Gambit ---------------------------------------------------------------------

/// Every two-player game with a Gambit result file: (game, oracle JSON).
fn two_player_oracles(format: &str) -> Vec<(PathBuf, serde_json::Value)> {
    let mut out = Vec::new();
    for o in support::oracles() {
        if o.json["format"] == format && o.json["players"] == 2 {
            out.push((support::game_path(&o.game), o.json));
        }
    }
    assert!(!out.is_empty(), "no two-player {format} oracles found");
    out
}

fn read(path: &Path) -> Game {
    brink_formats::read_file(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn exact_json(value: &serde_json::Value) -> Rational {
    r(value.as_str().expect("an exact number in the oracle"))
}

/// Gambit's listed profiles (both players in one list) and payoffs, sorted and made distinct.
/// Gambit lists some extreme equilibria of degenerate games more than once (`csg2.nfg` and
/// `csg4.nfg` list 9 profiles of which 4 are distinct); the set is what is unique.
fn oracle_set(result: &serde_json::Value) -> (usize, Vec<Found>) {
    let listed = result["equilibria"].as_array().unwrap();
    let mut out: Vec<Found> = listed
        .iter()
        .map(|e| {
            let profile = e["strategy"]
                .as_array()
                .unwrap()
                .iter()
                .flat_map(|s| s.as_array().unwrap().iter().map(exact_json))
                .collect();
            let p = e["payoffs"].as_array().unwrap();
            (profile, [exact_json(&p[0]), exact_json(&p[1])])
        })
        .collect();
    out.sort();
    out.dedup();
    (listed.len(), out)
}

#[test]
fn enummixed_finds_exactly_gambits_extreme_equilibria_on_every_two_player_table() {
    let mut checked = 0;
    for (path, json) in two_player_oracles("nfg") {
        let Some(result) = json["results"]
            .get("enummixed")
            .filter(|r| r.get("equilibria").is_some())
        else {
            continue;
        };
        let game = read(&path);
        let solution = run(&game, Method::EnumMixed, true);
        assert_eq!(solution.status, Status::Solved, "{}", path.display());
        let ours = exact_equilibria(table_of(&game), &solution);
        let (listed, theirs) = oracle_set(result);
        assert!(listed >= ours.len(), "{}", path.display());
        assert_eq!(ours.len(), theirs.len(), "{}: count", path.display());
        assert_eq!(ours, theirs, "{}", path.display());
        checked += 1;
    }
    assert!(checked >= 35, "only {checked} games had enummixed results");
}

#[test]
fn seventy_five_equilibria_of_von_stengels_game() {
    let path = support::game_path("catalog/journals/dcg/vonstengel1999/6x6_game_with_75_eq.nfg");
    let solution = run(&read(&path), Method::EnumMixed, true);
    assert_eq!(solution.equilibria.len(), 75);
}

#[test]
fn lcp_finds_an_exact_equilibrium_of_every_two_player_table() {
    let mut checked = 0;
    for (path, json) in two_player_oracles("nfg") {
        if json["results"]
            .get("lcp")
            .and_then(|r| r.get("equilibria"))
            .is_none()
        {
            continue;
        }
        let game = read(&path);
        let table = table_of(&game);
        let exact = run(&game, Method::Lcp, true);
        assert_eq!(exact.status, Status::Solved, "{}", path.display());
        let found = exact_equilibria(table, &exact);
        assert_eq!(found.len(), 1, "{}", path.display());
        // A Lemke-Howson path ends at a pair of vertices of the best-response polytopes, an
        // extreme equilibrium, which Gambit's enummixed lists.
        if let Some(result) = json["results"]
            .get("enummixed")
            .filter(|r| r.get("equilibria").is_some())
        {
            let (_, extreme) = oracle_set(result);
            assert!(
                extreme.contains(&found[0]),
                "{}: not an extreme equilibrium",
                path.display()
            );
        }
        let float = run(&game, Method::Lcp, false);
        assert_eq!(float.status, Status::Solved, "{}", path.display());
        assert_eq!(float.equilibria.len(), 1, "{}", path.display());
        let Profile::Strategy(s) = &float.equilibria[0].profile else {
            panic!("not a strategy")
        };
        let rounded: Vec<f64> = s.iter().flatten().map(Number::to_f64).collect();
        let expected: Vec<f64> = found[0].0.iter().map(brink_game::rational_to_f64).collect();
        // The float path follows the same pivoting rule, so it ends at the same equilibrium.
        for (a, b) in rounded.iter().zip(&expected) {
            assert!(
                (a - b).abs() < 1e-9,
                "{}: float {a} against exact {b}",
                path.display()
            );
        }
        checked += 1;
    }
    assert!(checked >= 35, "only {checked} games had lcp results");
}

#[test]
fn enummixed_on_trees_contains_every_pure_equilibrium_of_the_reduced_form() {
    // Gambit has no enummixed results for trees; pure equilibria are always extreme, so the
    // payoffs of Gambit's enumpure results must all be among ours.
    let mut checked = 0;
    for (path, json) in two_player_oracles("efg") {
        let Some(pure) = json["results"]
            .get("enumpure")
            .and_then(|r| r.get("equilibria"))
        else {
            continue;
        };
        let cells: u64 = json["strategies"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_u64().unwrap())
            .product();
        if cells > 400 {
            continue;
        }
        let game = read(&path);
        let Game::Tree(tree) = &game else {
            panic!("expected a tree")
        };
        let form = tree.strategic_form(cells as usize).unwrap();
        let solution = run(&game, Method::EnumMixed, true);
        assert_eq!(solution.status, Status::Solved, "{}", path.display());
        let ours = exact_equilibria(&form.table, &solution);
        assert!(!ours.is_empty(), "{}", path.display());
        for e in pure.as_array().unwrap() {
            let p = e["payoffs"].as_array().unwrap();
            let payoffs = [exact_json(&p[0]), exact_json(&p[1])];
            assert!(
                ours.iter().any(|(_, v)| *v == payoffs),
                "{}: pure equilibrium with payoffs {payoffs:?} missing",
                path.display()
            );
        }
        checked += 1;
    }
    assert!(checked >= 20, "only {checked} trees checked");
}
