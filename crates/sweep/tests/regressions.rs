//! Regression tests for sweeps, one per bug, each named after the input that showed it and
//! the behaviour expected of it (issue 16, "Hardening").
mod common;

use brink_sweep::{merge_csv, Control, GridAxis, Plan, Shard, Sweep};
use common::*;

fn latvia_sweep() -> Sweep {
    let axes = ["p_resolute=0:1:4", "stake=0:12:3"]
        .iter()
        .map(|s| GridAxis::parse(s).expect("an axis"))
        .collect();
    Sweep::new(
        compiled(&latvia_path(), None),
        Plan::grid(axes).expect("a grid"),
    )
    .expect("a sweep")
    .with_batch(4)
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
    std::fs::write(&damaged, with_row_5_cut(&bytes)).expect("a scratch file");
    let err = merge_csv(&[&damaged], dir.join("merged.csv")).expect_err("a damaged row");
    assert!(err.to_string().contains("point 5"), "{err}");
}
