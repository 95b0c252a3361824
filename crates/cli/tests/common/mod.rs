//! Shared helpers of the CLI tests: the built binary, the repository's scenarios and scratch
//! directories.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs the built `brink` binary with `args`.
pub fn brink(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_brink"))
        .args(args)
        .output()
        .expect("the brink binary runs")
}

/// The repository's root.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The built-in Latvia scenario's path.
pub fn latvia() -> String {
    repo().join("scenarios/latvia.toml").display().to_string()
}

/// Standard output or error as text.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A fresh directory for one test's files, removed when the test ends.
pub struct Scratch(pub PathBuf);

impl std::ops::Deref for Scratch {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A scratch directory named after the test (and the process, so runs never share one).
pub fn scratch(name: &str) -> Scratch {
    let dir = std::env::temp_dir().join(format!("brink-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    Scratch(dir)
}

/// What a test that needs headless Chromium does on this machine.
#[derive(Debug, PartialEq, Eq)]
pub enum ChromiumGate {
    /// Chromium is there: run the test.
    Run,
    /// Skip the test, for the reason given.
    Skip(String),
    /// Fail the test, for the reason given: under CI, a missing Chromium is an error, never a
    /// skip, so CI cannot pass without having rendered the page.
    Fail(String),
}

/// Decides what a Chromium test does from `BRINK_NO_CHROMIUM` (set: skip, as asked), `CI`
/// (set to anything but "" , "0" or "false": Chromium is required) and whether `chromium`
/// runs (`found`: its error otherwise). Without Chromium and outside CI the test is skipped, so
/// a newcomer's first `cargo test` passes; the skip is announced loudly by [`chromium_gate`].
pub fn chromium_gate_for(
    no_chromium: bool,
    ci: Option<&str>,
    found: Result<(), String>,
) -> ChromiumGate {
    let in_ci = ci.is_some_and(|v| !matches!(v.trim(), "" | "0" | "false"));
    match (no_chromium, found) {
        (true, _) => ChromiumGate::Skip("BRINK_NO_CHROMIUM is set".into()),
        (false, Ok(())) => ChromiumGate::Run,
        (false, Err(e)) if in_ci => ChromiumGate::Fail(format!(
            "headless chromium does not run ({e}), and CI is set, so this test must run: install \
             Debian's `chromium` package (.ci/run does)"
        )),
        (false, Err(e)) => ChromiumGate::Skip(format!(
            "headless chromium does not run ({e}); install Debian's `chromium` package to run \
             it (CI does), or set BRINK_NO_CHROMIUM=1 to silence this notice"
        )),
    }
}

/// Whether the Chromium test `test` should run here; see [`chromium_gate_for`]. A skip is
/// written straight to the standard error of the test run, past the test harness's capture,
/// so it shows in a plain `cargo test`; a required but missing Chromium fails the test.
pub fn chromium_gate(test: &str) -> bool {
    let found = match Command::new("chromium").arg("--version").output() {
        Ok(out) if out.status.success() => Ok(()),
        Ok(out) => Err(format!(
            "`chromium --version` failed: {}",
            text(&out.stderr).trim()
        )),
        Err(e) => Err(e.to_string()),
    };
    let ci = std::env::var("CI").ok();
    match chromium_gate_for(
        std::env::var_os("BRINK_NO_CHROMIUM").is_some(),
        ci.as_deref(),
        found,
    ) {
        ChromiumGate::Run => true,
        ChromiumGate::Skip(why) => {
            use std::io::Write;
            let _ = writeln!(std::io::stderr(), "\n*** SKIPPED {test}: {why} ***\n");
            false
        }
        ChromiumGate::Fail(why) => panic!("{test}: {why}"),
    }
}
