//! Shared helpers of the sweep tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use brink_scenario::{load, CompiledScenario, Scenario};

pub fn worked_example_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/worked_example.toml")
}

pub fn latvia_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/latvia.toml")
}

pub fn scenario(path: &Path) -> Scenario {
    load(path).unwrap_or_else(|d| {
        panic!(
            "{}",
            d.iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        )
    })
}

pub fn compiled(path: &Path, variant: Option<&str>) -> Arc<CompiledScenario> {
    Arc::new(
        scenario(path)
            .compile(variant)
            .expect("the variant compiles"),
    )
}

/// A fresh scratch directory for one test, under the target directory.
pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("brink-sweep-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    dir
}

/// Runs `run` with a control whose stop flag is raised once `half` points are done, as a
/// Ctrl-C halfway through would.
pub fn stopped_halfway<R>(half: usize, run: impl FnOnce(&brink_sweep::Control<'_>) -> R) -> R {
    use std::sync::atomic::{AtomicBool, Ordering};
    let stop = Arc::new(AtomicBool::new(false));
    let flag = stop.clone();
    let progress = move |done: usize, _total: usize| {
        if done >= half {
            flag.store(true, Ordering::SeqCst);
        }
    };
    let control = brink_sweep::Control {
        stop: Some(stop),
        progress: Some(&progress),
    };
    run(&control)
}
