//! One data-driven harness: every game of Gambit's example corpus against every method listed in
//! [`METHODS`], checked against the results Gambit 16.7 gave (the oracle JSON files, read in
//! place from the shared folder; see its README for the schema).
//!
//! **Adding a method is a one-line change:** add a row `(oracle name, Method, Check)` to
//! [`METHODS`]. The oracle name is the key under `results` in the JSON files (`enumpure`,
//! `enumpure_agent`, `enummixed`, `lcp`, `lp`, `logit`); the [`Check`] says what "agrees with
//! Gambit" means for that method:
//!
//! - [`Check::SameSet`]: exactly Gambit's set of equilibria: the same count and the same multiset
//!   of exact payoff vectors; where profiles are comparable position by position (tables, and
//!   behaviour profiles of trees) the same multiset of exact profiles too.
//! - [`Check::OneEquilibrium`]: at least one equilibrium, with exact regret 0 if it is exact.
//! - [`Check::Value`]: as `OneEquilibrium`, and the payoffs equal to Gambit's (the game's value).
//! - [`Check::LogitLimit`]: within 1e-4 of Gambit's profile, where Gambit finished.
//!
//! Where Gambit refused a game (it errs on imperfect recall for enumpure, lcp and lp), brink
//! must refuse it too with a clear message that names the reason. Where Gambit ran out of time
//! there is nothing to compare with, and the harness leaves the game out (listing it).
//! Every failure is collected and reported at the end with the game's name.

mod support;

use std::collections::BTreeMap;

use brink_game::{parse_rational, Game, Rational};
use brink_solve::{solve, Config, Method, Number, Profile, Solution, SolveError, Status};
use serde_json::Value;

/// What "agrees with Gambit" means for a method.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(dead_code)]
enum Check {
    /// Exactly Gambit's set of equilibria.
    SameSet,
    /// Some verified equilibrium.
    OneEquilibrium,
    /// Some verified equilibrium with Gambit's payoffs (the value of a constant-sum game).
    Value,
    /// The logit limit, within 1e-4 of Gambit's.
    LogitLimit,
}

/// The methods under test: (name in the oracle files, brink method, check).
const METHODS: &[(&str, Method, Check)] = &[
    ("enumpure", Method::EnumPure, Check::SameSet),
    ("enumpure_agent", Method::EnumPureAgent, Check::SameSet),
    ("lcp", Method::Lcp, Check::OneEquilibrium),
    ("lp", Method::Lp, Check::Value),
    ("logit", Method::Logit, Check::LogitLimit),
];

/// The work limit given to brink in this harness: enough for every game Gambit solved within
/// its 10 s, small enough that the games where Gambit ran out of time end quickly.
const CELL_LIMIT: usize = 2_000_000;

/// An oracle number: exact if Gambit wrote a string, a float otherwise.
fn number(v: &Value) -> Number {
    match v {
        Value::String(s) => Number::Exact(
            parse_rational(s).unwrap_or_else(|| panic!("oracle number {s:?} is not a rational")),
        ),
        Value::Number(n) => Number::Float(n.as_f64().expect("a finite number")),
        other => panic!("oracle number expected, found {other}"),
    }
}

fn numbers(v: &Value) -> Vec<Number> {
    v.as_array().expect("an array").iter().map(number).collect()
}

/// A Gambit equilibrium: its profile and payoffs.
struct Expected {
    profile: Profile,
    payoffs: Vec<Number>,
    max_regret: f64,
}

fn expected(eq: &Value) -> Expected {
    let profile = if let Some(b) = eq.get("behavior") {
        Profile::Behavior(
            b.as_array()
                .expect("players")
                .iter()
                .map(|p| {
                    p.as_array()
                        .expect("infosets")
                        .iter()
                        .map(numbers)
                        .collect()
                })
                .collect(),
        )
    } else {
        Profile::Strategy(
            eq["strategy"]
                .as_array()
                .expect("players")
                .iter()
                .map(numbers)
                .collect(),
        )
    };
    let max_regret = eq["max_regret"].as_f64().unwrap_or(f64::INFINITY);
    Expected {
        profile,
        payoffs: numbers(&eq["payoffs"]),
        max_regret,
    }
}

fn exact(n: &Number) -> Option<Rational> {
    n.exact().cloned()
}

/// A sortable key of exact numbers, or `None` if any is a float.
fn exact_key<'a>(numbers: impl Iterator<Item = &'a Number>) -> Option<Vec<Rational>> {
    numbers.map(exact).collect()
}

fn profile_key(p: &Profile) -> Option<Vec<Rational>> {
    match p {
        Profile::Strategy(s) => exact_key(s.iter().flatten()),
        Profile::Behavior(b) => exact_key(b.iter().flatten().flatten()),
    }
}

fn show(v: &[Number]) -> String {
    let parts: Vec<String> = v.iter().map(|n| n.to_string()).collect();
    format!("({})", parts.join(", "))
}

/// Compares brink's solution with Gambit's equilibria for `SameSet`.
fn check_same_set(game: &Game, found: &Solution, gambit: &[Expected]) -> Result<(), String> {
    if !matches!(found.status, Status::Solved | Status::NoneExist) {
        return Err(format!("status {:?}", found.status));
    }
    if found.equilibria.len() != gambit.len() {
        return Err(format!(
            "{} equilibria, Gambit {}",
            found.equilibria.len(),
            gambit.len()
        ));
    }
    let mut ours: Vec<Vec<Rational>> = Vec::new();
    for eq in &found.equilibria {
        ours.push(exact_key(eq.payoffs.iter()).ok_or("brink's payoffs are not exact")?);
        if eq
            .max_regret
            .exact()
            .is_none_or(|r| *r != Rational::from_integer(0.into()))
        {
            return Err(format!("brink's equilibrium has regret {}", eq.max_regret));
        }
    }
    let mut theirs: Vec<Vec<Rational>> = gambit
        .iter()
        .map(|e| exact_key(e.payoffs.iter()).ok_or("Gambit's payoffs are not exact"))
        .collect::<Result<_, _>>()?;
    ours.sort();
    theirs.sort();
    if ours != theirs {
        return Err("the multisets of payoffs differ".into());
    }
    // Positions are comparable for tables (file order) and behaviour profiles (first-appearance
    // order of information sets), not for strategies of a tree's reduced strategic form.
    let comparable = matches!(game, Game::Table(_))
        || gambit
            .iter()
            .all(|e| matches!(e.profile, Profile::Behavior(_)));
    if comparable {
        let mut ours: Vec<Vec<Rational>> = found
            .equilibria
            .iter()
            .map(|e| profile_key(&e.profile).ok_or("brink's profile is not exact"))
            .collect::<Result<_, _>>()?;
        let mut theirs: Vec<Vec<Rational>> = gambit
            .iter()
            .map(|e| profile_key(&e.profile).ok_or("Gambit's profile is not exact"))
            .collect::<Result<_, _>>()?;
        ours.sort();
        theirs.sort();
        if ours != theirs {
            return Err("the multisets of profiles differ".into());
        }
    }
    Ok(())
}

/// Some verified equilibrium, exact regret zero if exact.
fn check_one(found: &Solution) -> Result<(), String> {
    let Some(eq) = found.equilibria.first() else {
        return Err(format!("no equilibrium (status {:?})", found.status));
    };
    if let Some(r) = eq.max_regret.exact() {
        if *r != Rational::from_integer(0.into()) {
            return Err(format!("exact regret {r}"));
        }
    }
    Ok(())
}

fn close(a: &Number, b: &Number, tol: f64) -> bool {
    match (a, b) {
        (Number::Exact(x), Number::Exact(y)) => x == y,
        _ => (a.to_f64() - b.to_f64()).abs() <= tol,
    }
}

fn check_value(found: &Solution, gambit: &[Expected]) -> Result<(), String> {
    check_one(found)?;
    let ours = &found.equilibria[0].payoffs;
    let theirs = &gambit.first().ok_or("Gambit found no equilibrium")?.payoffs;
    if ours.len() != theirs.len() || !ours.iter().zip(theirs).all(|(a, b)| close(a, b, 1e-6)) {
        return Err(format!(
            "value {} but Gambit's is {}",
            show(ours),
            show(theirs)
        ));
    }
    Ok(())
}

fn flat(p: &Profile) -> Vec<f64> {
    match p {
        Profile::Strategy(s) => s.iter().flatten().map(Number::to_f64).collect(),
        Profile::Behavior(b) => b.iter().flatten().flatten().map(Number::to_f64).collect(),
    }
}

/// Gambit's logit answers with a larger regret than this did not reach the limit, so they are
/// not compared.
const GAMBIT_LOGIT_FINISHED: f64 = 1e-6;

/// Games where Gambit reached the limit and brink's logit limit is another equilibrium: the
/// branches of these symmetric games meet at bifurcation points, where the branch taken is a
/// convention. `tests/logit.rs` (`KNOWN_DIFFERENCES`) gives the reason for each and checks
/// that they still differ.
const LOGIT_KNOWN_DIFFERENCES: [&str; 4] = [
    "catalog/journals/other/shapley1974/fig3.nfg",
    "contrib/games/sh3.nfg",
    "contrib/games/sh3.efg",
    "contrib/games/2s2x2x2.efg",
];

fn check_logit(name: &str, found: &Solution, gambit: &[Expected]) -> Result<(), String> {
    let Some(theirs) = gambit.first() else {
        return Ok(());
    };
    if theirs.max_regret > GAMBIT_LOGIT_FINISHED {
        return Ok(());
    }
    let Some(ours) = found.equilibria.first() else {
        return Err(format!("no profile (status {:?})", found.status));
    };
    let (a, b) = (flat(&ours.profile), flat(&theirs.profile));
    let gap = a
        .iter()
        .zip(&b)
        .map(|(x, y)| (x - y).abs())
        .fold(0.0f64, f64::max);
    let differs = a.len() != b.len() || gap > 1e-4;
    if LOGIT_KNOWN_DIFFERENCES.contains(&name) {
        // Another equilibrium than Gambit's: it must still be one, at least as close to the
        // limit as Gambit's own answer, and it must still differ (else the entry is stale).
        let regret = ours.max_regret.to_f64();
        if regret.is_nan() || regret > GAMBIT_LOGIT_FINISHED {
            return Err(format!(
                "a listed difference, but brink's profile has regret {regret:e}"
            ));
        }
        if !differs {
            return Err(
                "listed as a known difference, but brink now agrees with Gambit: remove it \
                 from LOGIT_KNOWN_DIFFERENCES"
                    .into(),
            );
        }
        return Ok(());
    }
    if differs {
        return Err(format!("profile differs from Gambit's by {gap:e}"));
    }
    Ok(())
}

#[test]
fn every_method_agrees_with_gambit_on_every_game() {
    let mut failures: Vec<String> = Vec::new();
    let mut tally: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut skipped: Vec<String> = Vec::new();
    for support::Oracle {
        game: name,
        json: oracle,
    } in support::oracles()
    {
        let game = match brink_formats::read_file(support::game_path(&name)) {
            Ok(g) => g,
            Err(e) => {
                failures.push(format!("{name}: cannot be read: {e}"));
                continue;
            }
        };
        for &(key, method, check) in METHODS {
            let Some(result) = oracle["results"].get(key) else {
                continue;
            };
            let mut config = Config::new(method);
            config.exact = true;
            config.cell_limit = CELL_LIMIT;
            if result.get("timeout_seconds").is_some() {
                // Gambit ran out of time, so there is nothing to compare with; these games are
                // the slowest for brink too, so the harness leaves them out.
                skipped.push(format!("{name} {key}"));
                continue;
            }
            let outcome = solve(&game, &config);
            let counts = tally.entry(key).or_default();
            counts.0 += 1;
            let verdict: Result<(), String> = if let Some(error) = result.get("error") {
                // Gambit refused: brink must refuse as not applicable, with a reason, and
                // name perfect recall where that is Gambit's reason.
                let why = error.as_str().unwrap_or("");
                match &outcome {
                    Err(SolveError::NotApplicable { reason, .. }) => {
                        if why.contains("imperfect recall") && !reason.contains("perfect recall") {
                            Err(format!("refused without naming perfect recall: {reason}"))
                        } else if reason.trim().is_empty() {
                            Err("refused without a reason".into())
                        } else {
                            Ok(())
                        }
                    }
                    Err(e) => Err(format!(
                        "Gambit refuses this game ({why}); brink failed otherwise: {e}"
                    )),
                    Ok(s) => Err(format!(
                        "Gambit refuses this game ({error}) but brink answered with status {:?}",
                        s.status
                    )),
                }
            } else {
                let gambit: Vec<Expected> = result["equilibria"]
                    .as_array()
                    .expect("equilibria")
                    .iter()
                    .map(expected)
                    .collect();
                match &outcome {
                    Err(e) => Err(format!("error: {e}")),
                    Ok(found) => match check {
                        Check::SameSet => check_same_set(&game, found, &gambit),
                        Check::OneEquilibrium => check_one(found),
                        Check::Value => check_value(found, &gambit),
                        Check::LogitLimit => check_logit(&name, found, &gambit),
                    },
                }
            };
            match verdict {
                Ok(()) => counts.1 += 1,
                Err(why) => failures.push(format!("{name} {key}: {why}")),
            }
        }
    }
    eprintln!("not compared (Gambit timed out): {}", skipped.join(", "));
    for (key, (ran, passed)) in &tally {
        eprintln!("{key}: {passed} of {ran} games agree with Gambit");
    }
    assert!(!tally.is_empty(), "no method was run");
    assert!(
        failures.is_empty(),
        "{} disagreements with Gambit:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
