//! Issue 17: a file that `extends` a scenario and states its own claims is checked on those
//! alone; which kind of file a claims-bearing file is follows from its keys; and a scenario's
//! stated assumptions (`assume`) are read, checked and located like every formula.
use std::path::{Path, PathBuf};

use brink_game::Rational;
use brink_scenario::{file_kind, load, parse_str, FileKind};

/// A fresh folder for one test's files.
fn folder(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("brink-scenario-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    dir
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("the file is written");
    path
}

/// A parent scenario with one claim of its own.
const PARENT: &str = r#"
title = "Parent"
[params]
x = { value = 1, range = [0, 10] }
[players.a]
[nodes.start]
player = "a"
moves = { go = "gone", stay = "stayed" }
[outcomes]
gone = { a = "x - 2" }
stayed = { a = 0 }
[variants.blocked]
nodes.start = { forced = "stay" }

[[claims]]
says = "the parent's claim"
compare = ["blocked", "base"]
measure = "P(start.go)"
expect = "lower"
over = { x = [0, 10] }
"#;

fn says(path: &Path) -> Vec<String> {
    let s = load(path).unwrap_or_else(|d| panic!("{d:?}"));
    s.claims.into_iter().map(|c| c.says).collect()
}

#[test]
fn a_file_that_extends_and_states_claims_is_checked_on_its_own_claims_only() {
    let dir = folder("own-claims");
    write(&dir, "parent.toml", PARENT);
    let child = write(
        &dir,
        "child.toml",
        r#"extends = "parent.toml"
params.x = 3

[[claims]]
says = "the child's claim"
compare = ["blocked", "base"]
measure = "P(start.go)"
expect = "lower"
over = { x = [2, 10] }
"#,
    );
    // Before the fix the child listed the parent's claim too, so checking the folder judged
    // it twice. Now the child has exactly its own, and the parent keeps its own.
    assert_eq!(says(&child), vec!["the child's claim".to_string()]);
    assert_eq!(
        says(&dir.join("parent.toml")),
        vec!["the parent's claim".to_string()]
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_file_that_extends_without_claims_rechecks_the_parents_claims_under_its_numbers() {
    let dir = folder("inherited-claims");
    write(&dir, "parent.toml", PARENT);
    let child = write(
        &dir,
        "child.toml",
        "extends = \"parent.toml\"\nparams.x = 3\n",
    );
    assert_eq!(says(&child), vec!["the parent's claim".to_string()]);
    // The claim is the parent's, but the numbers are the child's.
    let s = load(&child).unwrap();
    assert_eq!(s.params[0].default, Rational::from_integer(3.into()));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_kind_of_a_file_follows_from_its_keys_not_from_whether_it_loads() {
    // A scenario with a mistake (a formula naming a parameter that does not exist) is still
    // a scenario: it has `extends`, which no claims file has.
    let broken = "extends = \"latvia.toml\"\n\n[outcomes]\nwar = { russia = \"-war_costt\" }\n\n[[claims]]\nsays = \"x\"\n";
    assert_eq!(file_kind(broken), FileKind::Scenario);
    assert_eq!(file_kind(PARENT), FileKind::Scenario);
    // Title, about and claims only: a claims file.
    let claims = "title = \"t\"\n[[claims]]\nsays = \"x\"\nscenario = \"latvia.toml\"\n";
    assert_eq!(file_kind(claims), FileKind::Claims);
    // An unknown key does not make a claims file a scenario (its loader reports the key).
    assert_eq!(
        file_kind("titel = \"t\"\n[[claims]]\nsays = \"x\"\n"),
        FileKind::Claims
    );
    // Without claims, or not even TOML: a scenario, whose loader says what is wrong.
    assert_eq!(file_kind("title = \"t\"\n"), FileKind::Scenario);
    assert_eq!(file_kind("[[claims]\n"), FileKind::Scenario);
}

/// A one-decision scenario with two parameters and the given `assume` line.
fn with_assume(assume: &str) -> String {
    format!(
        r#"{assume}
[params]
x = {{ value = 0.9, range = [0, 1] }}
y = {{ value = 0.2, range = [0, 1] }}
[players.a]
[nodes.start]
player = "a"
moves = {{ go = "gone", stay = "stayed" }}
[outcomes]
gone = {{ a = "x - 7/10 + y" }}
stayed = {{ a = "y" }}
"#
    )
}

fn errors(text: &str) -> Vec<brink_scenario::Diagnostic> {
    match parse_str("assume.toml", text) {
        Ok(s) => s.warnings,
        Err(d) => d,
    }
}

#[test]
fn stated_assumptions_are_read_and_decide_which_points_are_admitted() {
    let s = parse_str(
        "assume.toml",
        &with_assume("assume = [\"x > y\", \"y <= 1/2\"]"),
    )
    .unwrap_or_else(|d| panic!("{d:?}"));
    assert!(s.warnings.is_empty(), "{:?}", s.warnings);
    let c = s.compile(None).unwrap();
    assert_eq!(c.assumptions(), vec!["x > y", "y <= 1/2"]);
    let q = |a: i64, b: i64| Rational::new(a.into(), b.into());
    // Parameters in declaration order: x, y.
    assert!(c.satisfies_assumptions(&[q(9, 10), q(1, 5)]));
    assert!(!c.satisfies_assumptions(&[q(1, 5), q(9, 10)])); // x > y fails
    assert!(!c.satisfies_assumptions(&[q(1, 5), q(1, 5)])); // x = y: strict
    assert!(!c.satisfies_assumptions(&[q(9, 10), q(3, 5)])); // y <= 1/2 fails
                                                             // Both parameters are read: by the payoffs, and by the assumptions.
    let read: Vec<String> = c.read_params().into_iter().collect();
    assert_eq!(read, vec!["x".to_string(), "y".to_string()]);
}

#[test]
fn a_misspelt_assumption_is_located_at_the_name_with_a_hint() {
    let text = with_assume("assume = [\"x > yy\"]");
    let d = errors(&text);
    let e = d.iter().find(|d| d.is_error()).expect("an error");
    assert_eq!(e.code, "S031", "{e}");
    // Line 1; the string opens at column 11, so `yy` (after `x > `) starts at column 16.
    let (_, line, column) = e.location().expect("located");
    assert_eq!((line, column), (1, 16), "{e}");
    assert!(e.hint.as_deref().is_some_and(|h| !h.is_empty()), "{e}");
}

#[test]
fn an_assumption_that_is_a_number_not_a_condition_is_an_error() {
    let d = errors(&with_assume("assume = [\"x - y\"]"));
    let e = d.iter().find(|d| d.is_error()).expect("an error");
    assert_eq!(e.code, "S032", "{e}");
    assert_eq!(e.location().map(|l| l.1), Some(1));
    // Not a list at all.
    let d = errors(&with_assume("assume = \"x > y\""));
    let e = d.iter().find(|d| d.is_error()).expect("an error");
    assert_eq!(e.code, "S003", "{e}");
    assert!(
        e.hint.as_deref().unwrap_or("").contains("assume = ["),
        "{e}"
    );
}

#[test]
fn defaults_that_break_an_assumption_give_a_located_warning_and_the_scenario_still_loads() {
    // The defaults are x = 0.9, y = 0.2: `x < y` is false there.
    let s = parse_str("assume.toml", &with_assume("assume = [\"x < y\"]"))
        .unwrap_or_else(|d| panic!("{d:?}"));
    let w: Vec<_> = s.warnings.iter().filter(|d| d.code == "S028").collect();
    assert_eq!(w.len(), 1, "{:?}", s.warnings);
    assert_eq!(w[0].location().map(|l| (l.1, l.2)), Some((1, 11)));
}
