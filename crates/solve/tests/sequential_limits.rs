//! The sequential solver's limits: games it refuses, budgets and stops (issue 10).

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use brink_formats::read_game;
use brink_game::{Game, Tree};
use brink_solve::sequential::{solve, SequentialConfig};
use brink_solve::Status;

fn shared_tree(rel: &str) -> Tree {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/gambit-games")
        .join(rel);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "Gambit's example games must be beside the repository ({}): {e}",
            path.display()
        )
    });
    match read_game(&text).unwrap() {
        Game::Tree(t) => t,
        Game::Table(_) => panic!("expected a tree"),
    }
}

/// Gilboa's absent-minded driver (Gambit's catalog) forgets: sequential equilibria are not
/// defined there, and the solver says so instead of answering or panicking.
#[test]
fn a_game_without_perfect_recall_is_refused_with_the_reason() {
    let t = shared_tree("catalog/journals/geb/gilboa1997/fig1.efg");
    assert!(!t.is_perfect_recall());
    let err = solve(&t, &SequentialConfig::default()).unwrap_err();
    assert!(err.to_string().contains("perfect recall"), "{err}");
}

/// Entry deterrence with a private type (`examples/entry-deterrence.efg`, derived by hand: the
/// weak defender yields, the tough one fights, and the challenger enters since 1/3 · (−2) +
/// 2/3 · 2 = 2/3 > 0). A search stopped before it starts keeps nothing and says it stopped;
/// a budget too small for the game takes the faster route, still finds that equilibrium
/// (certified), and says the list is not complete.
#[test]
fn a_stopped_search_and_a_small_budget_say_what_they_cover() {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/entry-deterrence.efg");
    let Game::Tree(t) = read_game(&std::fs::read_to_string(path).unwrap()).unwrap() else {
        panic!("a tree")
    };
    let stopped = solve(
        &t,
        &SequentialConfig {
            stop: Some(Arc::new(AtomicBool::new(true))),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(stopped.status, Status::Stopped);
    assert!(!stopped.complete);
    assert!(
        stopped.gaps.iter().any(|g| g.contains("stopped")),
        "{:?}",
        stopped.gaps
    );

    let small = solve(
        &t,
        &SequentialConfig {
            support_limit: 1,
            ..Default::default()
        },
    )
    .unwrap();
    assert!(!small.complete);
    assert!(
        small.gaps.iter().any(|g| g.contains("budget")),
        "{:?}",
        small.gaps
    );
    assert_eq!(small.components.len(), 1);
    let c = &small.components[0];
    assert!(c.certified);
    let enter = t.infosets.iter().position(|i| i.label == "enter?").unwrap();
    assert_eq!(
        c.witness.behavior[enter][0],
        brink_game::Rational::from_integer(1.into())
    );
}
