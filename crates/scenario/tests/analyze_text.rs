//! The text of `analyze` for every built-in scenario and every variant, pinned as snapshots
//! (issue 12: "snapshot tests of analyze text for every built-in scenario and variant").
//!
//! These pin the *words*: any change to an answer, its wording or its order shows up here as
//! a diff to review. They do not establish that the answers are right; that is done by the
//! hand derivations in `models_*.rs`, `sequential_answers.rs`, `summary.rs` and the solver's
//! own tests, which do not read these snapshots.
//!
//! Run `cargo insta review` (or set `INSTA_UPDATE=always`) after an intended change.

use std::path::{Path, PathBuf};

fn built_in() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios");
    let mut files = Vec::new();
    for dir in [root.clone(), root.join("models")] {
        let mut here: Vec<PathBuf> = std::fs::read_dir(&dir)
            .expect("the built-in scenarios exist")
            .map(|e| e.expect("a directory entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .filter(|p| p.file_name().is_some_and(|n| n != "claims.toml"))
            .collect();
        here.sort();
        files.extend(here);
    }
    files
}

#[test]
fn analyze_text_of_every_built_in_scenario_and_variant() {
    let files = built_in();
    assert!(files.len() >= 10, "{files:?}");
    for path in files {
        let scenario = brink_scenario::load(&path).unwrap_or_else(|d| panic!("{}", d[0]));
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        let group = if path.parent().is_some_and(|p| p.ends_with("models")) {
            format!("models_{stem}")
        } else {
            stem
        };
        let variants: Vec<Option<String>> = std::iter::once(None)
            .chain(scenario.variants.iter().map(|v| Some(v.name.clone())))
            .collect();
        for variant in variants {
            let text = match brink_scenario::analyze(&scenario, variant.as_deref(), &[]) {
                Ok(answer) => answer.to_string(),
                Err(d) => d
                    .iter()
                    .map(|d| d.to_string())
                    .collect::<Vec<_>>()
                    .join("\n"),
            };
            let name = format!("{group}__{}", variant.as_deref().unwrap_or("base"));
            insta::assert_snapshot!(name, text);
        }
    }
}
