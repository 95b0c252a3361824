//! The published models' headline results, `scenarios/models/claims.toml`, hold; and every
//! model scenario and variant loads without warnings and answers.
use std::path::{Path, PathBuf};

use brink_scenario::{analyze, check_claim, load, load_claims};

fn models_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/models")
}

#[test]
fn every_headline_claim_holds() {
    let claims = load_claims(models_dir().join("claims.toml")).unwrap_or_else(|d| {
        panic!(
            "{}",
            d.iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        )
    });
    assert!(claims.len() >= 5, "only {} claims", claims.len());
    for claim in &claims {
        let file = claim
            .scenario
            .as_ref()
            .expect("each claim names its scenario");
        let scenario = load(file).unwrap_or_else(|d| panic!("{}", d[0]));
        let verdict = check_claim(&scenario, claim, 7).unwrap_or_else(|d| panic!("{}", d[0]));
        assert_eq!(
            verdict.errors, 0,
            "{}: points could not be analysed",
            claim.says
        );
        assert_eq!(
            verdict.fails, 0,
            "{}: fails somewhere: {:?}",
            claim.says, verdict.points
        );
        assert_eq!(verdict.summary(), "holds", "{}", claim.says);
    }
}

#[test]
fn every_model_scenario_and_variant_answers() {
    let mut files: Vec<PathBuf> = std::fs::read_dir(models_dir())
        .expect("the scenarios/models folder exists")
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "toml")
                && p.file_name().is_some_and(|n| n != "claims.toml")
        })
        .collect();
    files.sort();
    assert!(files.len() >= 4, "{files:?}");
    for file in files {
        let scenario = load(&file).unwrap_or_else(|d| panic!("{}: {}", file.display(), d[0]));
        let warnings: Vec<String> = scenario.warnings.iter().map(|d| d.to_string()).collect();
        assert!(warnings.is_empty(), "{}", warnings.join("\n"));
        let mut names = vec![None];
        names.extend(scenario.variants.iter().map(|v| Some(v.name.clone())));
        for variant in names {
            let answer = analyze(&scenario, variant.as_deref(), &[])
                .unwrap_or_else(|d| panic!("{} {variant:?}: {}", file.display(), d[0]));
            assert!(answer.to_string().contains("Decisions:"));
        }
    }
}
