//! Every game of Gambit's own example corpus: it loads, it agrees with what Gambit 16.7 says
//! about it (players, nodes, information sets, outcomes, perfect recall, constant sum, reduced
//! strategies), and it survives a write → read round trip in every format and style.
//!
//! The games and Gambit's results are read in place from the shared folder beside the
//! repository; a missing folder fails the test rather than passing silently.

use std::path::{Path, PathBuf};

use brink_formats::{read_efg, read_file, read_nfg, write_efg, write_nfg, NfgStyle};
use brink_game::{Game, Outcome, Rational, Table, Tree};
use serde_json::Value;

const GAME_COUNT: usize = 172;

/// The eight games that Gambit 16.7 refuses for duplicate labels (and so has no results for).
/// The format identifies nodes by position and information sets by (player, number), so we
/// accept them.
const DUPLICATE_LABEL_GAMES: [&str; 8] = [
    "contrib/games/4cards.efg",
    "contrib/games/caro2.efg",
    "contrib/games/e10.efg",
    "contrib/games/e10a.efg",
    "contrib/games/nim.efg",
    "contrib/games/nim7.efg",
    "contrib/games/coord2ts.efg",
    "contrib/games/holdout.efg",
];

fn shared() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
}

fn games_dir() -> PathBuf {
    shared().join("gambit-games")
}

fn oracle_dir() -> PathBuf {
    shared().join("oracles/gambit-16.7")
}

/// All `.efg` and `.nfg` files under the corpus folder, as paths relative to it, sorted.
fn corpus() -> Vec<String> {
    fn walk(dir: &Path, root: &Path, out: &mut Vec<String>) {
        let entries = std::fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("cannot read the game corpus at {}: {e}", dir.display()));
        for entry in entries {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                walk(&path, root, out);
            } else if matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("efg" | "nfg")
            ) {
                let relative = path.strip_prefix(root).expect("under the root");
                out.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    let root = games_dir();
    let mut out = Vec::new();
    walk(&root, &root, &mut out);
    out.sort();
    out
}

fn oracle(game: &str) -> Option<Value> {
    let path = oracle_dir().join(format!("{}.json", game.replace('/', "__")));
    let text = std::fs::read_to_string(path).ok()?;
    Some(serde_json::from_str(&text).expect("oracle JSON parses"))
}

fn load(game: &str) -> Game {
    read_file(games_dir().join(game)).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn the_corpus_is_complete_and_every_game_loads() {
    let games = corpus();
    assert_eq!(
        games.len(),
        GAME_COUNT,
        "the shared game corpus is missing or incomplete"
    );
    let mut failures = Vec::new();
    for game in &games {
        if let Err(e) = read_file(games_dir().join(game)) {
            failures.push(e.to_string());
        }
    }
    assert!(
        failures.is_empty(),
        "games that fail to load:\n{}",
        failures.join("\n")
    );
}

/// Regression: Gambit 16.7 refuses these for duplicate labels; the format allows them.
#[test]
fn games_with_duplicate_labels_load() {
    for game in DUPLICATE_LABEL_GAMES {
        let Game::Tree(tree) = load(game) else {
            panic!("{game} is a tree")
        };
        assert!(tree.node_count() > 1, "{game}");
        // These have no oracle because Gambit refused them; that is why they are listed here.
        assert!(
            oracle(game).is_none(),
            "{game} now has an oracle: compare it like the others"
        );
    }
}

fn as_counts(value: &Value) -> Vec<u128> {
    value
        .as_array()
        .expect("an array")
        .iter()
        .map(|v| v.as_u64().expect("a count") as u128)
        .collect()
}

/// Compares one game with Gambit's description of it and returns the disagreements.
fn compare(game: &str, loaded: &Game, oracle: &Value) -> Vec<String> {
    let mut diffs = Vec::new();
    let mut check = |what: &str, ours: String, theirs: String| {
        if ours != theirs {
            diffs.push(format!("{game}: {what}: ours {ours}, Gambit's {theirs}"));
        }
    };
    check(
        "players",
        loaded.players().len().to_string(),
        oracle["players"].to_string(),
    );
    check(
        "title",
        format!("{:?}", loaded.title()),
        oracle["title"].to_string(),
    );
    check(
        "constant_sum",
        loaded.is_constant_sum().to_string(),
        oracle["constant_sum"].to_string(),
    );
    match loaded {
        Game::Tree(tree) => {
            check("format", "\"efg\"".into(), oracle["format"].to_string());
            check(
                "nodes",
                tree.node_count().to_string(),
                oracle["nodes"].to_string(),
            );
            let infosets: Vec<usize> = tree.player_infosets().iter().map(Vec::len).collect();
            check(
                "infosets",
                format!("{infosets:?}"),
                format!("{:?}", as_counts(&oracle["infosets"])),
            );
            check(
                "outcomes",
                tree.outcomes.len().to_string(),
                oracle["outcomes"].to_string(),
            );
            check(
                "perfect_recall",
                tree.is_perfect_recall().to_string(),
                oracle["perfect_recall"].to_string(),
            );
            check(
                "strategies",
                format!("{:?}", tree.reduced_strategy_counts()),
                format!("{:?}", as_counts(&oracle["strategies"])),
            );
        }
        Game::Table(table) => {
            check("format", "\"nfg\"".into(), oracle["format"].to_string());
            check(
                "outcomes",
                table.outcomes.len().to_string(),
                oracle["outcomes"].to_string(),
            );
            let shape: Vec<u128> = table.shape().iter().map(|&s| s as u128).collect();
            check(
                "strategies",
                format!("{shape:?}"),
                format!("{:?}", as_counts(&oracle["strategies"])),
            );
        }
    }
    diffs
}

#[test]
fn every_game_agrees_with_gambit() {
    let mut compared = 0;
    let mut diffs = Vec::new();
    for game in corpus() {
        let Some(oracle) = oracle(&game) else {
            // Only the games Gambit refuses lack results; anything else missing is an error.
            assert!(
                DUPLICATE_LABEL_GAMES.contains(&game.as_str()),
                "{game} has no oracle file"
            );
            continue;
        };
        compared += 1;
        diffs.extend(compare(&game, &load(&game), &oracle));
    }
    assert_eq!(compared, GAME_COUNT - DUPLICATE_LABEL_GAMES.len());
    assert!(
        diffs.is_empty(),
        "disagreements with Gambit:\n{}",
        diffs.join("\n")
    );
}

/// The table that reading the payoff version of `table` gives: one unlabelled outcome per
/// cell, numbered like the cell, with that cell's payoffs (zeros where it had no outcome).
fn payoff_shaped(table: &Table) -> Table {
    let players = table.players.len();
    let outcomes: Vec<Outcome> = (0..table.cells.len())
        .map(|c| Outcome {
            number: c as u64 + 1,
            label: String::new(),
            payoffs: (0..players).map(|p| table.payoff(c, p)).collect(),
        })
        .collect();
    Table {
        cells: (0..outcomes.len()).map(Some).collect(),
        outcomes,
        ..table.clone()
    }
}

fn round_trip_table(what: &str, table: &Table) {
    let text = write_nfg(table, NfgStyle::Outcomes);
    let back = read_nfg(&text).unwrap_or_else(|e| panic!("{what} (outcome version): {e}\n{text}"));
    assert_eq!(
        &back, table,
        "{what}: the outcome version changes the table"
    );
    let text = write_nfg(table, NfgStyle::Payoffs);
    let back = read_nfg(&text).unwrap_or_else(|e| panic!("{what} (payoff version): {e}\n{text}"));
    assert_eq!(
        back,
        payoff_shaped(table),
        "{what}: the payoff version changes the payoffs"
    );
    let text = write_nfg(table, NfgStyle::for_table(table));
    assert_eq!(
        &read_nfg(&text).expect("reads back"),
        table,
        "{what}: the chosen style loses something"
    );
}

fn round_trip_tree(what: &str, tree: &Tree) {
    let text = write_efg(tree);
    let back = read_efg(&text).unwrap_or_else(|e| panic!("{what}: {e}\n{text}"));
    assert_eq!(&back, tree, "{what}: write → read changes the tree");
}

#[test]
fn every_game_survives_a_round_trip() {
    let mut trees = 0;
    let mut tables = 0;
    let mut strategic_forms = 0;
    for game in corpus() {
        match load(&game) {
            Game::Tree(tree) => {
                trees += 1;
                round_trip_tree(&game, &tree);
                // The reduced strategic form of small trees is a table with shared structure
                // and fractional payoffs: it must survive both .nfg versions too.
                if let Ok(form) = tree.strategic_form(4096) {
                    strategic_forms += 1;
                    round_trip_table(&format!("{game} (strategic form)"), &form.table);
                }
            }
            Game::Table(table) => {
                tables += 1;
                round_trip_table(&game, &table);
            }
        }
    }
    assert_eq!(trees + tables, GAME_COUNT);
    assert!(
        strategic_forms > 50,
        "only {strategic_forms} strategic forms were small enough"
    );
}

/// Decimals in the files are exact: `.80` is 4/5, and chance probabilities add up to exactly 1.
#[test]
fn decimals_are_read_exactly() {
    let r = |n: i64, d: i64| Rational::new(n.into(), d.into());
    let Game::Tree(tree) = load("contrib/games/cent3.efg") else {
        panic!("a tree")
    };
    let total: Rational = tree.infosets[0].probs.iter().sum();
    assert_eq!(total, r(1, 1));
    assert_eq!(tree.outcomes[0].payoffs, vec![r(4, 5), r(1, 5)]);
}
