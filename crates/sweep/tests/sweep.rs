//! Sweeps: rows equal point-by-point analysis; shards, threads, batches, stops and resumes
//! never change the output.
mod common;

use std::sync::Arc;

use brink_scenario::{analyze, Measure};
use brink_sweep::{
    merge_csv, settings_path, Control, GridAxis, ParamRange, Plan, PointStatus, Sampling, Shard,
    Sweep,
};
use common::*;

fn grid(specs: &[&str]) -> Plan {
    Plan::grid(specs.iter().map(|s| GridAxis::parse(s).unwrap()).collect()).unwrap()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-12
}

/// Every row equals what `analyze` says at that point, set by name with the exact value.
fn check_against_analyze(path: &std::path::Path, variant: Option<&str>, plan: Plan) {
    let scenario = scenario(path);
    let sweep = Sweep::new(compiled(path, variant), plan)
        .unwrap()
        .with_measures(vec![Measure::parse("P(start.invade)")
            .or(Measure::parse("P(start.challenge)"))
            .unwrap()]);
    let rows = sweep.rows(Shard::ALL, &Control::default());
    assert_eq!(rows.len(), sweep.plan().len());
    let columns = sweep.value_columns();
    for (k, row) in rows.iter().enumerate() {
        assert_eq!(row.index, k);
        let overrides: Vec<(String, String)> = sweep
            .plan()
            .params()
            .iter()
            .zip(&row.point)
            .map(|(n, v)| (n.clone(), v.to_string()))
            .collect();
        let answer = analyze(&scenario, variant, &overrides).expect("analyze answers");
        let eq = &answer.equilibrium;
        let mut expected: Vec<f64> = eq.outcomes.iter().map(|o| o.probability.value).collect();
        expected.extend(
            eq.decisions
                .iter()
                .flat_map(|d| d.moves.iter().map(|m| m.1.value)),
        );
        expected.extend(eq.payoffs.iter().map(|p| p.expected.value));
        for (c, e) in columns.iter().zip(&expected) {
            let got = row.values[sweep.column(c).unwrap()];
            assert!(close(got, *e), "point {k}, {c}: {got} vs {e}");
        }
        assert_eq!(row.values.len(), expected.len() + 2);
        assert_eq!(
            row.status,
            if answer.search_complete {
                PointStatus::Solved
            } else {
                PointStatus::Incomplete
            }
        );
        assert_eq!(row.equilibria, answer.equilibria_found);
        assert_eq!(row.outcome_class, brink_sweep::outcome_class(&answer));
        // The regret is measured again by brink-solve: an exact equilibrium has none.
        let regret = row.values[sweep.column("max_regret").unwrap()];
        assert!(regret.abs() <= 1e-12, "point {k}: regret {regret}");
    }
}

#[test]
fn worked_example_rows_equal_analyze() {
    check_against_analyze(&worked_example_path(), None, grid(&["p_resolute=0:1:13"]));
}

/// The other built-in scenarios: more types, more decisions, other orders of the words.
#[test]
fn built_in_scenarios_rows_equal_analyze() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios");
    for (file, axis) in [
        ("reputation.toml", "p_resolute=0:1:5"),
        ("ukraine.toml", "p_hawk=0:1:5"),
        ("regime_survival.toml", "p_precarious=0:1:5"),
    ] {
        check_against_analyze(&dir.join(file), None, grid(&[axis]));
    }
}

#[test]
fn latvia_rows_equal_analyze() {
    check_against_analyze(
        &latvia_path(),
        None,
        grid(&["p_resolute=0:1:5", "stake=0:12:4"]),
    );
    check_against_analyze(
        &latvia_path(),
        Some("tripwire"),
        grid(&["p_resolute=1/10:9/10:3", "abandon=0:40:3"]),
    );
}

#[test]
fn outcome_class_follows_the_worked_example() {
    let sweep = Sweep::new(
        compiled(&worked_example_path(), None),
        grid(&["p_resolute=0:1:7"]),
    )
    .unwrap();
    let rows = sweep.rows(Shard::ALL, &Control::default());
    let classes: Vec<&str> = rows.iter().map(|r| r.outcome_class.as_str()).collect();
    // p = 0, 1/6, 2/6, ...: the Defender concedes below 1/6, deterrence holds from there on.
    assert_eq!(classes[0], "concede");
    assert!(
        classes[2..].iter().all(|c| *c == "status_quo"),
        "{classes:?}"
    );
    let prior = sweep.column("P(status_quo)").unwrap();
    assert!(close(rows[0].values[prior], 0.0));
}

fn latvia_sweep() -> Sweep {
    Sweep::new(
        compiled(&latvia_path(), None),
        grid(&["p_resolute=0:1:7", "stake=0:12:5"]),
    )
    .unwrap()
    .with_batch(5)
}

#[test]
fn shards_merged_equal_the_unsharded_file() {
    let dir = scratch("shards");
    let sweep = latvia_sweep();
    let whole = dir.join("whole.csv");
    sweep
        .write_csv(&whole, Shard::ALL, false, &Control::default())
        .unwrap();
    let mut parts = Vec::new();
    for k in 1..=3 {
        let part = dir.join(format!("part{k}.csv"));
        let s = sweep
            .write_csv(
                &part,
                Shard::parse(&format!("{k}/3")).unwrap(),
                false,
                &Control::default(),
            )
            .unwrap();
        assert_eq!(
            s.written,
            Shard::new(k, 3).unwrap().count(sweep.plan().len())
        );
        parts.push(part);
    }
    let merged = dir.join("merged.csv");
    assert_eq!(merge_csv(&parts, &merged).unwrap(), sweep.plan().len());
    assert_eq!(
        std::fs::read(&whole).unwrap(),
        std::fs::read(&merged).unwrap()
    );
    // A shard merged twice is refused.
    assert!(merge_csv(&[&parts[0], &parts[0]], dir.join("bad.csv")).is_err());
}

#[test]
fn stopped_and_resumed_sweep_is_byte_identical() {
    let dir = scratch("resume");
    let sweep = latvia_sweep();
    let whole = dir.join("whole.csv");
    let s = sweep
        .write_csv(&whole, Shard::ALL, false, &Control::default())
        .unwrap();
    assert!(!s.stopped);
    assert_eq!(s.written, sweep.plan().len());

    // Stop halfway through: the progress callback raises the flag once half the points are done.
    let partial = dir.join("partial.csv");
    let half = sweep.plan().len() / 2;
    let s = stopped_halfway(half, |control| {
        sweep.write_csv(&partial, Shard::ALL, false, control)
    })
    .unwrap();
    assert!(s.stopped);
    assert!(s.written >= half && s.written < sweep.plan().len(), "{s:?}");
    let bytes = std::fs::read(&whole).unwrap();
    let got = std::fs::read(&partial).unwrap();
    assert!(
        bytes.starts_with(&got),
        "the stopped file is a prefix of the whole one"
    );

    // Resume: the rest is solved and appended.
    let s = sweep
        .write_csv(&partial, Shard::ALL, true, &Control::default())
        .unwrap();
    assert!(!s.stopped);
    assert_eq!(s.kept + s.written, sweep.plan().len());
    assert!(s.kept >= half);
    assert_eq!(std::fs::read(&partial).unwrap(), bytes);

    // A kill mid-line, and lines lost in the middle (gaps), resume to the same bytes too.
    let text = String::from_utf8(bytes.clone()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let mut damaged: String = lines
        .iter()
        .enumerate()
        .filter(|(i, _)| !(5..9).contains(i) && *i < 25)
        .map(|(_, l)| format!("{l}\n"))
        .collect();
    damaged.push_str(&lines[25][..lines[25].len() / 2]);
    let cut = dir.join("cut.csv");
    std::fs::write(&cut, damaged).unwrap();
    // The damaged file is still the sweep's: its settings file comes with it.
    std::fs::copy(settings_path(&whole), settings_path(&cut)).unwrap();
    let s = sweep
        .write_csv(&cut, Shard::ALL, true, &Control::default())
        .unwrap();
    assert_eq!(s.written, sweep.plan().len() - 20);
    assert_eq!(std::fs::read(&cut).unwrap(), bytes);

    // Resuming a finished file solves nothing.
    let s = sweep
        .write_csv(&cut, Shard::ALL, true, &Control::default())
        .unwrap();
    assert_eq!((s.kept, s.written), (sweep.plan().len(), 0));
    assert_eq!(std::fs::read(&cut).unwrap(), bytes);
}

#[test]
fn resume_refuses_another_plan() {
    let dir = scratch("refuse");
    let file = dir.join("a.csv");
    let sweep = latvia_sweep();
    sweep
        .write_csv(&file, Shard::ALL, false, &Control::default())
        .unwrap();
    // Same columns, other values: refused by the parameter check.
    let other = Sweep::new(
        compiled(&latvia_path(), None),
        grid(&["p_resolute=0:1:7", "stake=0:10:5"]),
    )
    .unwrap();
    assert!(other
        .write_csv(&file, Shard::ALL, true, &Control::default())
        .is_err());
    // Other columns: refused by the header.
    let other = Sweep::new(compiled(&latvia_path(), None), grid(&["stake=0:12:5"])).unwrap();
    assert!(other
        .write_csv(&file, Shard::ALL, true, &Control::default())
        .is_err());
    // Another shard's points: refused.
    assert!(sweep
        .write_csv(&file, Shard::new(2, 2).unwrap(), true, &Control::default())
        .is_err());
}

#[test]
fn thread_count_and_batch_do_not_change_output() {
    let dir = scratch("threads");
    let sweep = latvia_sweep();
    let run = |threads: usize, batch: usize, name: &str| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        let file = dir.join(name);
        let s = Sweep::new(sweep.compiled().clone(), sweep.plan().clone())
            .unwrap()
            .with_batch(batch);
        let rows = pool.install(|| {
            s.write_csv(&file, Shard::ALL, false, &Control::default())
                .unwrap();
            s.rows(Shard::ALL, &Control::default())
        });
        (rows, std::fs::read(&file).unwrap())
    };
    let (rows1, file1) = run(1, 256, "one.csv");
    let (rows2, file2) = run(2, 3, "two.csv");
    assert_eq!(file1, file2);
    assert_eq!(rows1.len(), rows2.len());
    for (a, b) in rows1.iter().zip(&rows2) {
        assert_eq!(
            (a.index, &a.point, &a.outcome_class, a.equilibria),
            (b.index, &b.point, &b.outcome_class, b.equilibria)
        );
        assert_eq!(format!("{:?}", a.values), format!("{:?}", b.values));
    }
}

#[test]
fn samples_sweep_and_shard_alike() {
    let dir = scratch("sample");
    for sampling in [Sampling::MonteCarlo, Sampling::LatinHypercube] {
        let plan = Plan::sample(
            vec![
                ParamRange::parse("p_resolute=0:1").unwrap(),
                ParamRange::parse("stake=0:12").unwrap(),
            ],
            12,
            7,
            sampling,
        )
        .unwrap();
        let sweep = Sweep::new(compiled(&latvia_path(), None), plan).unwrap();
        let whole = dir.join("whole.csv");
        sweep
            .write_csv(&whole, Shard::ALL, false, &Control::default())
            .unwrap();
        let parts: Vec<_> = (1..=2)
            .map(|k| {
                let f = dir.join(format!("p{k}.csv"));
                sweep
                    .write_csv(&f, Shard::new(k, 2).unwrap(), false, &Control::default())
                    .unwrap();
                f
            })
            .collect();
        merge_csv(&parts, dir.join("m.csv")).unwrap();
        assert_eq!(
            std::fs::read(&whole).unwrap(),
            std::fs::read(dir.join("m.csv")).unwrap()
        );
    }
}

#[test]
fn bad_plans_are_refused() {
    let c = compiled(&latvia_path(), None);
    assert!(Sweep::new(c.clone(), grid(&["nonexistent=0:1:3"])).is_err());
    assert!(
        Sweep::new(c.clone(), grid(&["p_resolute=0:2:3"])).is_err(),
        "outside the declared range"
    );
    assert!(
        Sweep::new(c.clone(), grid(&["tripwire=0:2:3"])).is_err(),
        "a boolean takes 0 or 1"
    );
    assert!(Sweep::new(c.clone(), grid(&["tripwire=0:1:2"])).is_ok());
    let sample = Plan::sample(
        vec![ParamRange::parse("tripwire=0:1").unwrap()],
        3,
        1,
        Sampling::MonteCarlo,
    )
    .unwrap();
    assert!(Sweep::new(c, sample).is_err(), "booleans are not sampled");
}

#[test]
fn region_map_of_a_grid() {
    let sweep = Sweep::new(
        compiled(&latvia_path(), None),
        grid(&["p_resolute=0:1:4", "stake=0:12:3"]),
    )
    .unwrap();
    let rows = sweep.rows(Shard::ALL, &Control::default());
    let map = sweep
        .region_map(
            &rows,
            "p_resolute",
            "stake",
            Some("P(escalation)"),
            "Latvia",
        )
        .unwrap();
    assert_eq!(map.x_values.len(), 4);
    assert_eq!(map.y_values.len(), 3);
    assert_eq!(map.cells.len(), 3);
    for (j, line) in map.cells.iter().enumerate() {
        assert_eq!(line.len(), 4);
        for (i, cell) in line.iter().enumerate() {
            let row = &rows[i + 4 * j];
            let cell = cell.as_ref().expect("every point solves");
            assert_eq!(cell.category, row.outcome_class);
            assert!(sweep.outcomes().contains(&cell.category));
        }
    }
    // The map draws.
    let svg = brink_report::region_map(&map);
    assert!(svg.starts_with("<svg") || svg.contains("<svg"));
    // The other orientation transposes the grid.
    let flipped = sweep
        .region_map(&rows, "stake", "p_resolute", None, "Latvia")
        .unwrap();
    assert_eq!(
        flipped.cells[1][2].as_ref().map(|c| &c.category),
        map.cells[2][1].as_ref().map(|c| &c.category)
    );
    assert!(sweep.region_map(&rows, "stake", "stake", None, "").is_err());
}

/// A point where the scenario cannot be instantiated (a payoff divides by zero there) is a
/// row with status `error` and the reason, not a failed sweep; the file leaves it empty.
#[test]
fn failed_points_are_rows() {
    let text = r#"
title = "A pole at q = 3/4"
[params]
q = { value = 0.25, range = [0, 1] }
[players.a]
[nodes.start]
player = "a"
moves = { take = "won", leave = "lost" }
[outcomes]
won = { a = "1 / (4 * q - 3)" }
lost = { a = 0 }
"#;
    let scenario = brink_scenario::parse_str("pole.toml", text).unwrap();
    let c = Arc::new(scenario.compile(None).unwrap());
    let sweep = Sweep::new(c, grid(&["q=0:1:5"])).unwrap();
    let rows = sweep.rows(Shard::ALL, &Control::default());
    let status: Vec<PointStatus> = rows.iter().map(|r| r.status).collect();
    use PointStatus::{Failed, Solved};
    assert_eq!(status, [Solved, Solved, Solved, Failed, Solved]);
    assert!(!rows[3].message.is_empty());
    assert_eq!(rows[3].outcome_class, brink_sweep::ERROR_CLASS);
    assert!(rows[3].values.iter().all(|v| v.is_nan()));
    // Below the pole taking pays 1 / (4q - 3) < 0, above it pays more than 0.
    assert_eq!(rows[0].outcome_class, "lost");
    assert_eq!(rows[4].outcome_class, "won");
    let dir = scratch("failed");
    let s = sweep
        .write_csv(dir.join("f.csv"), Shard::ALL, false, &Control::default())
        .unwrap();
    assert_eq!(s.failed, 1);
    let text = std::fs::read_to_string(dir.join("f.csv")).unwrap();
    let line = text.lines().nth(4).unwrap();
    assert!(line.starts_with("3,0.75,,"), "{line}");
    assert!(line.contains(",error,error,0,"), "{line}");
}

#[test]
fn declared_ranges_for_sampling() {
    let c = compiled(&latvia_path(), None);
    let all = brink_sweep::declared_ranges(c.params(), &[]).unwrap();
    assert!(all.iter().any(|r| r.param == "p_resolute"));
    assert!(
        all.iter().all(|r| r.param != "tripwire"),
        "booleans are not sampled"
    );
    let some = brink_sweep::declared_ranges(c.params(), &["stake".into()]).unwrap();
    assert_eq!(some.len(), 1);
    assert_eq!(
        (some[0].lo.to_string(), some[0].hi.to_string()),
        ("0".into(), "20".into())
    );
    assert!(brink_sweep::declared_ranges(c.params(), &["tripwire".into()]).is_err());
    assert!(brink_sweep::declared_ranges(c.params(), &["nothing".into()]).is_err());
    // A Latin hypercube over every declared range solves at every point.
    let plan = Plan::sample(all, 6, 3, Sampling::LatinHypercube).unwrap();
    let sweep = Sweep::new(c, plan).unwrap();
    let rows = sweep.rows(Shard::ALL, &Control::default());
    assert_eq!(rows.len(), 6);
    assert!(
        rows.iter().all(|r| r.status != PointStatus::Failed),
        "{rows:?}"
    );
}

/// The map's boundaries on a coarse grid of the Latvia scenario. Along the row stake = 3 the
/// most likely outcome changes from the fait accompli to escalation at p = 77/500 and from
/// escalation to the status quo at p = 21/125 (derived by hand in `tests/thresholds.rs`);
/// both lie between the grid points 0.1 and 0.2, where the grid only sees the fait accompli
/// turn into the status quo. The crossings must recover both, exactly enough to round to
/// the fractions.
#[test]
fn map_crossings_locate_both_changes_inside_one_grid_step() {
    let sweep = Sweep::new(
        compiled(&latvia_path(), None),
        grid(&["p_resolute=0:1/2:6", "stake=3:4:2"]),
    )
    .unwrap();
    let rows = sweep.rows(Shard::ALL, &Control::default());
    let crossings = sweep
        .map_crossings(&rows, "p_resolute", "stake", &Control::default())
        .unwrap();
    let on_row: Vec<f64> = crossings
        .iter()
        .filter(|c| c.along_x && c.y == 3.0)
        .map(|c| c.x)
        .collect();
    assert_eq!(on_row.len(), 2, "{crossings:?}");
    assert!(
        on_row.iter().any(|&x| (x - 77.0 / 500.0).abs() < 1e-9),
        "{on_row:?}"
    );
    assert!(
        on_row.iter().any(|&x| (x - 21.0 / 125.0).abs() < 1e-9),
        "{on_row:?}"
    );
    // No change between neighbours of the same class is refined: every crossing lies between
    // grid points of different classes.
    assert!(crossings.iter().all(|c| c.x >= 0.0 && c.x <= 0.5));
}
