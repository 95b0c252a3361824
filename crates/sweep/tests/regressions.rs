//! Regression tests for sweeps, one per bug, each named after the input that showed it and
//! the behaviour expected of it (issue 16, "Hardening").
mod common;

use std::path::Path;

use brink_game::Rational;
use brink_sweep::{merge, merge_csv, settings_path, Control, GridAxis, Plan, Shard, Sweep};
use common::*;

fn latvia_plan() -> Plan {
    let axes = ["p_resolute=0:1:4", "stake=0:12:3"]
        .iter()
        .map(|s| GridAxis::parse(s).expect("an axis"))
        .collect();
    Plan::grid(axes).expect("a grid")
}

fn latvia_sweep() -> Sweep {
    latvia_sweep_of(None)
}

/// The 4 x 3 Latvia grid under `variant`.
fn latvia_sweep_of(variant: Option<&str>) -> Sweep {
    Sweep::new(compiled(&latvia_path(), variant), latvia_plan())
        .expect("a sweep")
        .with_batch(4)
}

/// Copies a results file and its settings file, as a user moving a sweep's files does.
fn copy_with_settings(from: &Path, to: &Path) {
    std::fs::copy(from, to).expect("a copy");
    std::fs::copy(settings_path(from), settings_path(to)).expect("a copy of the settings");
}

/// The file's text with the row of point 5 (line 7: the header, then points 0 to 5) cut
/// after its first four fields (the index, both parameters and the first value) and then
/// ended with a line break, as a crash or a full disk mid-write followed by more writing
/// leaves it.
fn with_row_5_cut(whole: &str) -> String {
    whole
        .lines()
        .enumerate()
        .map(|(k, line)| {
            if k == 6 {
                assert!(line.starts_with("5,"), "line 7 is point 5: {line}");
                let cut: Vec<&str> = line.split(',').take(4).collect();
                format!("{}\n", cut.join(","))
            } else {
                format!("{line}\n")
            }
        })
        .collect()
}

#[test]
fn resume_solves_again_a_row_cut_mid_way_and_followed_by_a_newline() {
    // The damaged row has fewer fields than the header, so it is not a finished point: the
    // resumed file must be byte for byte the uninterrupted one.
    let dir = scratch("regression-cut-row");
    let sweep = latvia_sweep();
    let whole = dir.join("whole.csv");
    sweep
        .write_csv(&whole, Shard::ALL, false, &Control::default())
        .expect("a sweep");
    let bytes = std::fs::read_to_string(&whole).expect("the file");
    let damaged = dir.join("damaged.csv");
    copy_with_settings(&whole, &damaged);
    std::fs::write(&damaged, with_row_5_cut(&bytes)).expect("a scratch file");
    let s = sweep
        .write_csv(&damaged, Shard::ALL, true, &Control::default())
        .expect("a resumable file");
    // Point 5 is solved again (and nothing else needs to be).
    assert_eq!(s.written, 1, "{s:?}");
    assert_eq!(std::fs::read_to_string(&damaged).expect("the file"), bytes);
}

#[test]
fn merge_refuses_a_shard_with_a_row_cut_mid_way() {
    // Merging takes rows as they are, so a damaged row must be refused with its point named,
    // not copied into the merged file as if complete.
    let dir = scratch("regression-cut-merge");
    let sweep = latvia_sweep();
    let whole = dir.join("whole.csv");
    sweep
        .write_csv(&whole, Shard::ALL, false, &Control::default())
        .expect("a sweep");
    let bytes = std::fs::read_to_string(&whole).expect("the file");
    let damaged = dir.join("damaged.csv");
    copy_with_settings(&whole, &damaged);
    std::fs::write(&damaged, with_row_5_cut(&bytes)).expect("a scratch file");
    let err = merge_csv(&[&damaged], dir.join("merged.csv")).expect_err("a damaged row");
    assert!(err.to_string().contains("point 5"), "{err}");
}

/// Half of the Latvia grid written under the base scenario, stopped as a Ctrl-C would stop it.
fn half_written(dir: &Path) -> std::path::PathBuf {
    let file = dir.join("half.csv");
    let s = stopped_halfway(6, |control| {
        latvia_sweep()
            .write_csv(&file, Shard::ALL, false, control)
            .expect("a stopped sweep")
    });
    assert!(s.stopped && s.written < 12, "{s:?}");
    file
}

#[test]
fn resume_under_another_variant_is_refused_naming_the_variant() {
    // The case: the tripwire variant has the base scenario's columns, so before the
    // settings were recorded its resume kept the base rows and added its own.
    let dir = scratch("regression-resume-variant");
    let file = half_written(&dir);
    let before = std::fs::read(&file).expect("the file");
    let err = latvia_sweep_of(Some("tripwire"))
        .write_csv(&file, Shard::ALL, true, &Control::default())
        .expect_err("another variant");
    let text = err.to_string();
    assert!(
        text.contains("variant was `base`, and is `tripwire`"),
        "{text}"
    );
    assert!(text.contains("run without --variant"), "{text}");
    // The refused file is left as it was.
    assert_eq!(std::fs::read(&file).expect("the file"), before);
    // The sweep that wrote it still resumes it.
    latvia_sweep()
        .write_csv(&file, Shard::ALL, true, &Control::default())
        .expect("the same settings resume");
}

#[test]
fn resume_with_another_fixed_parameter_is_refused_naming_its_values() {
    // `--set war_cost_russia=30` changes every row but no column.
    let dir = scratch("regression-resume-set");
    let file = half_written(&dir);
    let compiled = compiled(&latvia_path(), None);
    let mut base = compiled.param_values(&[]).expect("the defaults");
    let slot = compiled
        .params()
        .iter()
        .position(|p| p.name == "war_cost_russia")
        .expect("a parameter");
    base[slot] = Rational::from_integer(30.into());
    let other = Sweep::with_base(compiled, latvia_plan(), base).expect("a sweep");
    let err = other
        .write_csv(&file, Shard::ALL, true, &Control::default())
        .expect_err("another value");
    let text = err.to_string();
    assert!(text.contains("parameters was `"), "{text}");
    assert!(text.contains("war_cost_russia=20"), "{text}");
    assert!(text.contains("war_cost_russia=30"), "{text}");
    assert!(text.contains("--set"), "{text}");
}

#[test]
fn resume_after_the_scenario_file_changed_is_refused() {
    // An edited scenario (here one payoff of the worked example) keeps the columns.
    let dir = scratch("regression-resume-edited");
    let scenario_file = dir.join("scenario.toml");
    let original = std::fs::read_to_string(worked_example_path()).expect("the example");
    std::fs::write(&scenario_file, &original).expect("a copy");
    let sweep_of = |path: &Path| {
        let axes = vec![GridAxis::parse("p_resolute=0:1:5").expect("an axis")];
        Sweep::new(compiled(path, None), Plan::grid(axes).expect("a grid")).expect("a sweep")
    };
    let file = dir.join("out.csv");
    sweep_of(&scenario_file)
        .write_csv(&file, Shard::ALL, false, &Control::default())
        .expect("a sweep");
    std::fs::write(&scenario_file, format!("{original}\n# edited\n")).expect("an edit");
    let err = sweep_of(&scenario_file)
        .write_csv(&file, Shard::ALL, true, &Control::default())
        .expect_err("an edited scenario");
    let text = err.to_string();
    assert!(text.contains("scenario was `fnv1a64:"), "{text}");
    assert!(text.contains("has changed since"), "{text}");
}

#[test]
fn resume_of_a_file_without_its_settings_is_refused() {
    // Without the record there is no telling what the rows were computed with.
    let dir = scratch("regression-resume-bare");
    let file = half_written(&dir);
    std::fs::remove_file(settings_path(&file)).expect("the settings file");
    let err = latvia_sweep()
        .write_csv(&file, Shard::ALL, true, &Control::default())
        .expect_err("no settings");
    let text = err.to_string();
    assert!(text.contains("half.csv.settings"), "{text}");
    assert!(text.contains("without --resume"), "{text}");
}

/// The three shards of the Latvia grid, in `dir`.
fn three_shards(dir: &Path) -> Vec<std::path::PathBuf> {
    let sweep = latvia_sweep();
    (1..=3)
        .map(|k| {
            let part = dir.join(format!("part{k}.csv"));
            sweep
                .write_csv(
                    &part,
                    Shard::new(k, 3).expect("a shard"),
                    false,
                    &Control::default(),
                )
                .expect("a shard");
            part
        })
        .collect()
}

#[test]
fn merge_of_two_of_three_shards_is_refused_naming_the_missing_shard() {
    let dir = scratch("regression-merge-two-of-three");
    let parts = three_shards(&dir);
    let out = dir.join("merged.csv");
    let err = merge(&parts[..2], &out, false).expect_err("shard 3 missing");
    let text = err.to_string();
    assert!(text.contains("shard 3/3 is not given"), "{text}");
    assert!(text.contains("--partial"), "{text}");
    assert!(!out.exists(), "a refused merge writes nothing");
    // With --partial the two shards are merged and the points of shard 3 (indices 2, 5, 8,
    // 11 of 12) are listed as missing.
    let summary = merge(&parts[..2], &out, true).expect("a partial merge");
    assert_eq!(summary.rows, 8);
    assert_eq!(summary.missing, vec![(2, 2), (5, 5), (8, 8), (11, 11)]);
    assert_eq!(summary.missing_count, 4);
    // Resuming the merged file with the unsharded sweep completes it to the unsharded bytes.
    let whole = dir.join("whole.csv");
    latvia_sweep()
        .write_csv(&whole, Shard::ALL, false, &Control::default())
        .expect("a sweep");
    let s = latvia_sweep()
        .write_csv(&out, Shard::ALL, true, &Control::default())
        .expect("the merged file resumes");
    assert_eq!(s.written, 4, "{s:?}");
    assert_eq!(
        std::fs::read(&out).expect("merged"),
        std::fs::read(&whole).expect("whole")
    );
}

#[test]
fn merge_refuses_an_incomplete_shard_naming_it_and_its_missing_points() {
    // Shard 2/3 stopped after its first point: points 4, 7 and 10 are not in it.
    let dir = scratch("regression-merge-incomplete");
    let mut parts = three_shards(&dir);
    let stopped = dir.join("stopped2.csv");
    stopped_halfway(1, |control| {
        latvia_sweep()
            .with_batch(1)
            .write_csv(&stopped, Shard::new(2, 3).expect("a shard"), false, control)
            .expect("a stopped shard")
    });
    parts[1] = stopped;
    let err = merge(&parts, dir.join("merged.csv"), false).expect_err("an incomplete shard");
    let text = err.to_string();
    assert!(text.contains("stopped2.csv"), "{text}");
    assert!(
        text.contains("shard 2/3 is incomplete: it has 1 of its 4 points (missing: 4, 7, 10)"),
        "{text}"
    );
    let summary = merge(&parts, dir.join("merged.csv"), true).expect("a partial merge");
    assert_eq!(summary.missing, vec![(4, 4), (7, 7), (10, 10)]);
}

#[test]
fn merge_refuses_shards_of_sweeps_with_other_settings() {
    // Shard 2/3 of the tripwire variant has the base shards' columns.
    let dir = scratch("regression-merge-mixed");
    let mut parts = three_shards(&dir);
    let other = dir.join("tripwire2.csv");
    latvia_sweep_of(Some("tripwire"))
        .write_csv(
            &other,
            Shard::new(2, 3).expect("a shard"),
            false,
            &Control::default(),
        )
        .expect("a shard");
    parts[1] = other;
    let err = merge(&parts, dir.join("merged.csv"), false).expect_err("mixed sweeps");
    let text = err.to_string();
    assert!(text.contains("tripwire2.csv"), "{text}");
    assert!(
        text.contains("its variant is `tripwire`, and `base` there"),
        "{text}"
    );
    // --partial does not mix sweeps either.
    assert!(merge(&parts, dir.join("merged.csv"), true).is_err());
}
