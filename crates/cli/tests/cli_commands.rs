//! `brink solve`, `brink info` and `brink convert` run as a user runs them, on the two example
//! games of the repository, with every expected answer derived by hand in the test's comment.

mod common;

use common::{brink, repo, scratch, text};
use serde_json::Value;

fn example(name: &str) -> String {
    repo().join("examples").join(name).display().to_string()
}

/// Runs `brink args`, requires success and reads standard output as JSON.
fn json(args: &[&str]) -> Value {
    let out = brink(args);
    assert!(
        out.status.success(),
        "brink {args:?} failed: {}",
        text(&out.stderr)
    );
    serde_json::from_str(&text(&out.stdout)).unwrap_or_else(|e| {
        panic!(
            "brink {args:?} printed no JSON ({e}): {}",
            text(&out.stdout)
        )
    })
}

/// The payoff vectors of a solve's equilibria, as exact strings, sorted.
fn payoffs(solution: &Value) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = solution["equilibria"]
        .as_array()
        .expect("equilibria")
        .iter()
        .map(|e| {
            e["payoffs"]
                .as_array()
                .expect("payoffs")
                .iter()
                .map(|v| v.as_str().expect("an exact payoff").to_string())
                .collect()
        })
        .collect();
    out.sort();
    out
}

#[test]
fn solve_spe_of_entry_deterrence_enters_fights_when_tough_and_yields_when_weak() {
    // The tough defender fights (1 > -1), the weak one yields (0 > -2). Not knowing the type
    // (tough with 1/3), the challenger gets 1/3 * (-2) + 2/3 * 2 = 2/3 > 0 by entering, so it
    // enters. Payoffs: challenger 2/3, defender 1/3 * 1 + 2/3 * 0 = 1/3.
    let s = json(&[
        "solve",
        &example("entry-deterrence.efg"),
        "--method",
        "spe",
        "--json",
    ]);
    assert_eq!(s["status"], "solved");
    assert_eq!(payoffs(&s), [["2/3", "1/3"]]);
    let behavior = &s["equilibria"][0]["behavior"];
    assert_eq!(behavior[0][0], serde_json::json!(["1", "0"]), "enter");
    assert_eq!(
        behavior[1][0],
        serde_json::json!(["1", "0"]),
        "tough fights"
    );
    assert_eq!(behavior[1][1], serde_json::json!(["0", "1"]), "weak yields");
}

#[test]
fn solve_enummixed_of_chicken_finds_both_pure_equilibria_and_the_mixed_one() {
    // Against a column that submits with probability q, submitting gives q/2 + (1 - q)/4 and
    // standing firm gives q: equal at q = 1/3, where each player gets 1/3. The pure
    // equilibria are one firm and one submitting: (1, 1/4) and (1/4, 1).
    let s = json(&[
        "solve",
        &example("chicken.nfg"),
        "--method",
        "enummixed",
        "--json",
    ]);
    assert_eq!(s["status"], "solved");
    assert_eq!(payoffs(&s), [["1", "1/4"], ["1/3", "1/3"], ["1/4", "1"]]);
    // The same three in Gambit's format, with the status as a comment line first.
    let out = brink(&[
        "solve",
        &example("chicken.nfg"),
        "--method",
        "enummixed",
        "--format",
        "gambit",
    ]);
    assert!(out.status.success());
    let shown = text(&out.stdout);
    let lines: Vec<&str> = shown.lines().collect();
    assert_eq!(lines[0], "# enummixed: solved");
    let mut ne: Vec<&str> = lines[1..].to_vec();
    ne.sort();
    assert_eq!(ne, ["NE,0,1,1,0", "NE,1,0,0,1", "NE,1/3,2/3,1/3,2/3"]);
}

#[test]
fn solve_lcp_exact_of_entry_deterrence_gives_an_equilibrium_with_regret_zero() {
    let s = json(&[
        "solve",
        &example("entry-deterrence.efg"),
        "--method",
        "lcp",
        "--exact",
        "--json",
    ]);
    assert_eq!(s["status"], "solved");
    let eq = &s["equilibria"][0];
    assert_eq!(eq["max_regret"].as_f64(), Some(0.0), "{eq}");
    // Any Nash equilibrium either has the challenger enter against the subgame-perfect replies
    // (2/3, 1/3), or stay out (0 to the challenger, 3 to the defender).
    let found = payoffs(&s);
    assert!(
        found[0] == ["2/3", "1/3"] || found[0] == ["0", "3"],
        "{found:?}"
    );
}

#[test]
fn info_of_chicken_counts_players_strategies_and_says_it_is_not_constant_sum() {
    // Payoff sums 1, 5/4, 5/4 and 0 differ.
    let info = json(&["info", &example("chicken.nfg"), "--json"]);
    assert_eq!(info["players"], 2);
    assert_eq!(info["strategies"], serde_json::json!([2, 2]));
    assert_eq!(info["outcomes"], 4);
    assert_eq!(info["constant_sum"], false);
}

#[test]
fn convert_of_entry_deterrence_to_nfg_keeps_its_pure_equilibria() {
    // The reduced strategic form has 2 challenger strategies and 2 x 2 defender strategies.
    // Its pure equilibria are the tree's: enter against (fight, yield), and stay out against
    // replies that make entry unprofitable (the weak type fighting: entry gives -2 whatever
    // the tough type does), each with the tree's payoffs.
    let dir = scratch("convert");
    let nfg = dir.0.join("entry.nfg").display().to_string();
    let out = brink(&["convert", &example("entry-deterrence.efg"), &nfg]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let info = json(&["info", &nfg, "--json"]);
    assert_eq!(info["strategies"], serde_json::json!([2, 4]));
    let from_table = json(&["solve", &nfg, "--method", "enumpure", "--json"]);
    let from_tree = json(&[
        "solve",
        &example("entry-deterrence.efg"),
        "--method",
        "enumpure",
        "--json",
    ]);
    assert_eq!(payoffs(&from_table), payoffs(&from_tree));
    assert_eq!(
        payoffs(&from_table),
        [["0", "3"], ["0", "3"], ["2/3", "1/3"]]
    );
}

#[test]
fn convert_of_a_scenario_to_efg_reads_back_as_the_same_game() {
    // The worked example of the scenario language, written as .efg and read back: `info` gives
    // the same counts from the file as from the scenario.
    let dir = scratch("convert-scenario");
    let scenario = repo()
        .join("crates/scenario/tests/data/worked_example.toml")
        .display()
        .to_string();
    let efg = dir.0.join("worked.efg").display().to_string();
    let out = brink(&["convert", &scenario, &efg]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let from_file = json(&["info", &efg, "--json"]);
    let from_scenario = json(&["info", &scenario, "--json"]);
    for key in ["players", "nodes", "infosets", "outcomes", "perfect_recall"] {
        assert_eq!(from_file[key], from_scenario[key], "{key}");
    }
    assert_eq!(from_file["players"], 2);
}
