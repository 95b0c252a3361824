//! Gambit's example games and the results Gambit 16.7 gave for them, read in place from the
//! shared folder beside the repository (its README gives the oracle files' schema). Every test
//! of this crate that compares with Gambit loads them here.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use serde_json::Value;

/// The shared folder beside the repository; a missing one fails the test with where it should
/// be.
pub fn shared() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    assert!(
        root.join("oracles/gambit-16.7").is_dir() && root.join("gambit-games").is_dir(),
        "the shared Gambit games and oracles must be beside the repository, at {}",
        root.display()
    );
    root
}

/// The path of one of Gambit's games, given relative to its corpus (`contrib/games/e01.efg`).
pub fn game_path(game: &str) -> PathBuf {
    shared().join("gambit-games").join(game)
}

/// One oracle file: the game it is about (relative to the corpus) and its JSON.
pub struct Oracle {
    pub game: String,
    pub json: Value,
}

/// Every oracle file, in the order of their file names; the whole corpus must be there.
pub fn oracles() -> Vec<Oracle> {
    let dir = shared().join("oracles/gambit-16.7");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read the oracles at {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(
        files.len() > 100,
        "expected the whole oracle corpus, found {} files",
        files.len()
    );
    files
        .iter()
        .map(|f| {
            let text =
                std::fs::read_to_string(f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
            let json: Value = serde_json::from_str(&text)
                .unwrap_or_else(|e| panic!("{}: not JSON: {e}", f.display()));
            let game = json["game"]
                .as_str()
                .unwrap_or_else(|| panic!("{}: no `game`", f.display()))
                .to_string();
            Oracle { game, json }
        })
        .collect()
}
