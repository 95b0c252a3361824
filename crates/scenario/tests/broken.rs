//! The corpus of broken scenarios: each file's diagnostics, exactly, as a snapshot.
//!
//! Every file in `tests/broken/` must fail to load with at least one error, never panic, and
//! report the same diagnostics (code, place, message, hint) as its committed snapshot.
use std::path::Path;

fn check(name: &str) {
    // Relative to the package root (the working directory of integration tests), so that the
    // file names in the snapshots are the same on every machine.
    let path = Path::new("tests/broken").join(name);
    let diagnostics = match brink_scenario::load(&path) {
        Ok(_) => panic!("{name} loaded without errors"),
        Err(d) => d,
    };
    assert!(
        diagnostics.iter().any(|d| d.is_error()),
        "{name}: no error among {diagnostics:?}"
    );
    let text: Vec<String> = diagnostics.iter().map(|d| d.to_string()).collect();
    insta::assert_snapshot!(name.trim_end_matches(".toml"), text.join("\n"));
}

#[test]
fn every_broken_scenario_is_reported_exactly() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/broken");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("the corpus exists")
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".toml"))
        .collect();
    names.sort();
    assert!(names.len() >= 15, "the corpus is too small: {names:?}");
    for name in names {
        check(&name);
    }
}
