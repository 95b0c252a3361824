//! The worked example of the scenario issue, end to end.
use std::path::Path;

use brink_scenario::{analyze, load};

fn data(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

#[test]
fn answer_is_exact() {
    let scenario = load(data("worked_example.toml")).unwrap_or_else(|d| {
        panic!(
            "{}",
            d.iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        )
    });
    let answer = analyze(&scenario, None, &[]).unwrap_or_else(|d| panic!("{}", d[0]));
    println!("{answer}");
}
