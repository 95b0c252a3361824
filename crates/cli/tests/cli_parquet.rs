//! `brink sweep -o NAME.parquet`, run as a user runs it: the same table as the CSV sweep,
//! resumable from its journal, shards merged in either format; without the `parquet` feature,
//! a clear refusal.

mod common;

use std::path::Path;
use std::process::Output;

use common::*;

/// `brink sweep` of a small Latvia grid to `out`, with `extra` arguments.
fn sweep(out: &Path, extra: &[&str]) -> Output {
    let file = latvia();
    let out = out.display().to_string();
    let mut args = vec![
        "sweep",
        file.as_str(),
        "--vary",
        "p_resolute=0:1:5",
        "--vary",
        "stake=0:20:3",
        "-o",
        out.as_str(),
    ];
    args.extend_from_slice(extra);
    brink(&args)
}

#[cfg(feature = "parquet")]
fn assert_ok(out: &Output) {
    assert!(
        out.status.success(),
        "brink failed:\nstdout: {}\nstderr: {}",
        text(&out.stdout),
        text(&out.stderr)
    );
}

#[cfg(feature = "parquet")]
#[test]
fn sweep_to_parquet_holds_the_csv_table_and_resumes() {
    let dir = scratch("sweep");
    let (csv, pq) = (dir.0.join("grid.csv"), dir.0.join("grid.parquet"));
    assert_ok(&sweep(&csv, &[]));
    let out = sweep(&pq, &[]);
    assert_ok(&out);
    assert!(
        text(&out.stderr).contains("wrote 15 points"),
        "{}",
        text(&out.stderr)
    );
    let bytes = std::fs::read(&pq).unwrap();
    assert!(
        bytes.starts_with(b"PAR1") && bytes.ends_with(b"PAR1"),
        "a Parquet file"
    );
    let mut journal = pq.clone().into_os_string();
    journal.push(".partial.csv");
    let journal = std::path::PathBuf::from(journal);
    assert!(
        !journal.exists(),
        "the journal is removed once the file is written"
    );

    // Read back into CSV by `--merge`, the Parquet file gives the CSV sweep's bytes.
    let back = dir.0.join("back.csv");
    let (pq_arg, back_arg) = (pq.display().to_string(), back.display().to_string());
    assert_ok(&brink(&["sweep", "--merge", &pq_arg, "-o", &back_arg]));
    let csv_bytes = std::fs::read(&csv).unwrap();
    assert_eq!(std::fs::read(&back).unwrap(), csv_bytes);

    // A run killed mid-line leaves its journal: --resume finishes it to the same file.
    let partial = dir.0.join("partial.parquet");
    let mut partial_journal = partial.clone().into_os_string();
    partial_journal.push(".partial.csv");
    std::fs::write(&partial_journal, &csv_bytes[..csv_bytes.len() / 2]).unwrap();
    // The journal is the sweep's: its settings file (the run's, for any file name) comes too.
    std::fs::copy(
        dir.0.join("grid.parquet.settings"),
        dir.0.join("partial.parquet.settings"),
    )
    .unwrap();
    assert_ok(&sweep(&partial, &["--resume", "--threads", "1"]));
    assert_eq!(std::fs::read(&partial).unwrap(), bytes);
    assert!(!std::path::PathBuf::from(&partial_journal).exists());

    // Shards written as Parquet merge to the full run's bytes.
    let parts: Vec<String> = (1..=2)
        .map(|k| {
            let part = dir.0.join(format!("part{k}.parquet"));
            assert_ok(&sweep(&part, &["--shard", &format!("{k}/2")]));
            part.display().to_string()
        })
        .collect();
    let merged = dir.0.join("merged.parquet").display().to_string();
    assert_ok(&brink(&[
        "sweep", "--merge", &parts[0], &parts[1], "-o", &merged,
    ]));
    assert_eq!(std::fs::read(&merged).unwrap(), bytes);
}

#[cfg(not(feature = "parquet"))]
#[test]
fn sweep_to_parquet_without_the_feature_says_how_to_get_it() {
    let dir = scratch("none");
    let pq = dir.0.join("grid.parquet");
    let out = sweep(&pq, &[]);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(err.contains("--features parquet"), "{err}");
    assert!(err.contains(".csv"), "{err}");
    assert!(!pq.exists());
}

#[test]
fn sweep_refuses_other_formats() {
    let dir = scratch("other");
    let out = sweep(&dir.0.join("grid.json"), &[]);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(err.contains(".csv or .parquet"), "{err}");
}
