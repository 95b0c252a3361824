//! Every built-in scenario and every variant loads, compiles, solves, verifies and answers.
use std::path::{Path, PathBuf};

use brink_scenario::{analyze, check_claim, load, load_claims};
use brink_solve::{verify, Number};

fn scenarios_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios")
}

fn builtin() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(scenarios_dir())
        .expect("the scenarios folder exists")
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "toml")
                && p.file_name().is_some_and(|n| n != "claims.toml")
        })
        .collect();
    files.sort();
    assert!(
        files.len() >= 4,
        "expected the built-in scenarios, found {files:?}"
    );
    files
}

#[test]
fn every_scenario_and_variant_answers() {
    for file in builtin() {
        let scenario = load(&file).unwrap_or_else(|d| {
            panic!(
                "{}:\n{}",
                file.display(),
                d.iter()
                    .map(|d| d.to_string())
                    .collect::<Vec<_>>()
                    .join("\n")
            )
        });
        let warnings: Vec<String> = scenario.warnings.iter().map(|d| d.to_string()).collect();
        assert!(warnings.is_empty(), "{}", warnings.join("\n"));
        let mut names = vec![None];
        names.extend(scenario.variants.iter().map(|v| Some(v.name.clone())));
        for variant in names {
            let answer = analyze(&scenario, variant.as_deref(), &[]).unwrap_or_else(|d| {
                panic!(
                    "{} {:?}: {}",
                    file.display(),
                    variant,
                    d.iter()
                        .map(|d| d.to_string())
                        .collect::<Vec<_>>()
                        .join("\n")
                )
            });
            // An independent check by the solver crate's verifier: exact, zero regret,
            // sequentially rational with the beliefs the answer states.
            let tree = answer.tree().unwrap();
            for k in 0..answer.equilibria_found {
                let (behavior, beliefs) = answer.profile(k).unwrap();
                let exact = |v: Vec<Vec<Vec<brink_game::Rational>>>| -> Vec<Vec<Vec<Number>>> {
                    v.into_iter()
                        .map(|p| {
                            p.into_iter()
                                .map(|i| i.into_iter().map(Number::Exact).collect())
                                .collect()
                        })
                        .collect()
                };
                let beliefs = exact(beliefs);
                let checked =
                    verify::behavior_with_beliefs(tree, &exact(behavior), Some(&beliefs)).unwrap();
                assert_eq!(
                    checked.agent_regret,
                    Number::Exact(brink_game::parse_rational("0").unwrap()),
                    "{} {variant:?}",
                    file.display()
                );
                assert_eq!(
                    checked.max_regret,
                    Some(Number::Exact(brink_game::parse_rational("0").unwrap())),
                    "{} {variant:?}",
                    file.display()
                );
                assert!(
                    checked.sequentially_rational,
                    "{} {variant:?} equilibrium {k}",
                    file.display()
                );
            }
            let text = answer.to_string();
            assert!(text.contains("Decisions:"));
            if std::env::var("SHOW_ANSWERS").is_ok() {
                println!("=== {} {:?}\n{text}", file.display(), variant);
            }
        }
    }
}

#[test]
fn the_claims_file_loads() {
    let claims = load_claims(scenarios_dir().join("claims.toml")).unwrap_or_else(|d| {
        panic!(
            "{}",
            d.iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        )
    });
    assert!(claims.len() >= 10, "only {} claims", claims.len());
}

#[test]
fn every_claim_can_be_checked() {
    let claims = load_claims(scenarios_dir().join("claims.toml")).unwrap();
    for claim in &claims {
        let file = claim
            .scenario
            .as_ref()
            .expect("claims in claims.toml name their scenario");
        let scenario = load(file).unwrap();
        let verdict = check_claim(&scenario, claim, 5).unwrap_or_else(|d| panic!("{}", d[0]));
        assert_eq!(
            verdict.errors, 0,
            "{}: some points could not be analysed",
            claim.says
        );
        assert_eq!(
            verdict.holds + verdict.ties + verdict.fails,
            verdict.points.len()
        );
        if std::env::var("SHOW_ANSWERS").is_ok() {
            println!(
                "{:<10} {} (holds {}, ties {}, fails {})",
                verdict.summary(),
                claim.says,
                verdict.holds,
                verdict.ties,
                verdict.fails
            );
        }
    }
}
