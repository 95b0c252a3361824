//! Parquet results: read back with the `parquet` crate's own reader they hold the CSV's values
//! row for row; stops, kills, resumes and shards give the bytes of an uninterrupted run.
mod common;

use brink_scenario::Measure;
use brink_sweep::{Control, GridAxis, Plan, Shard, Sweep};
use common::*;

fn grid(specs: &[&str]) -> Plan {
    Plan::grid(specs.iter().map(|s| GridAxis::parse(s).unwrap()).collect()).unwrap()
}

fn latvia_sweep() -> Sweep {
    Sweep::new(
        compiled(&latvia_path(), None),
        grid(&["p_resolute=0:1:7", "stake=0:12:5"]),
    )
    .unwrap()
    .with_measures(vec![Measure::parse("P(start.invade)").unwrap()])
    .with_batch(5)
}

/// Fields of one CSV line, honouring double quotes (written here again so that the test does
/// not lean on the crate's own reader).
fn csv_fields(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(std::mem::take(&mut field)),
            c => field.push(c),
        }
    }
    out.push(field);
    out
}

#[cfg(feature = "parquet")]
mod with_parquet {
    use super::*;
    use std::path::Path;
    use std::sync::Arc;

    use brink_sweep::journal_path;
    use parquet::file::reader::{FileReader, SerializedFileReader};
    use parquet::record::Field;

    /// A Parquet file read with the `parquet` crate: the column names and every row's fields.
    fn read_parquet(path: &Path) -> (Vec<String>, Vec<Vec<Field>>) {
        let reader = SerializedFileReader::new(std::fs::File::open(path).unwrap()).unwrap();
        let names = reader
            .metadata()
            .file_metadata()
            .schema_descr()
            .root_schema()
            .get_fields()
            .iter()
            .map(|f| f.name().to_string())
            .collect();
        let rows = reader
            .get_row_iter(None)
            .unwrap()
            .map(|r| {
                r.unwrap()
                    .get_column_iter()
                    .map(|(_, f)| f.clone())
                    .collect()
            })
            .collect();
        (names, rows)
    }

    /// Checks that the Parquet file holds the CSV file's header and values, row for row:
    /// integers as integers, numbers as the same doubles (compared bit for bit: the CSV's
    /// decimals read back exactly, so a stored value must be that very double), empty fields
    /// as nulls and strings as strings.
    fn assert_same_table(csv: &Path, parquet: &Path) -> usize {
        let text = std::fs::read_to_string(csv).unwrap();
        let mut lines = text.lines();
        let header = csv_fields(lines.next().unwrap());
        let (names, rows) = read_parquet(parquet);
        assert_eq!(names, header);
        let n = header.len();
        let mut count = 0;
        for (line, row) in lines.zip(&rows) {
            let fields = csv_fields(line);
            assert_eq!(row.len(), n);
            for (k, (f, v)) in fields.iter().zip(row).enumerate() {
                let column = &header[k];
                match v {
                    Field::Long(i) => {
                        assert!(k == 0 || column == "equilibria", "{column} is an integer");
                        assert_eq!(&i.to_string(), f, "{column}");
                    }
                    Field::Double(x) => {
                        assert!(k > 0 && k < n - 4, "{column} is a number");
                        let expected: f64 = f.parse().unwrap();
                        assert_eq!(x.to_bits(), expected.to_bits(), "{column}: {x} vs {f}");
                    }
                    Field::Null => {
                        assert!(k > 0 && k < n - 4, "{column} may be null");
                        assert!(f.is_empty(), "{column}: null vs `{f}`");
                    }
                    Field::Str(s) => {
                        assert!(k >= n - 4 && column != "equilibria", "{column} is a string");
                        assert_eq!(s, f, "{column}");
                    }
                    other => panic!("{column}: unexpected {other:?}"),
                }
            }
            count += 1;
        }
        assert_eq!(count, rows.len(), "as many rows as the CSV");
        count
    }

    #[test]
    fn parquet_reads_back_to_the_csv_values_row_for_row() {
        let dir = scratch("pq-values");
        let sweep = latvia_sweep();
        let (csv, pq) = (dir.join("r.csv"), dir.join("r.parquet"));
        sweep
            .write_results(&csv, Shard::ALL, false, &Control::default())
            .unwrap();
        let s = sweep
            .write_results(&pq, Shard::ALL, false, &Control::default())
            .unwrap();
        assert_eq!(
            (s.written, s.kept, s.stopped),
            (sweep.plan().len(), 0, false)
        );
        assert!(!journal_path(&pq).exists(), "the journal is removed");
        assert_eq!(assert_same_table(&csv, &pq), sweep.plan().len());
        // Column names with commas and quotes-worthy text survive as they are.
        assert!(sweep.header().iter().any(|h| h.contains(", ")));

        // And the same values as the rows the sweep computes.
        let rows = sweep.rows(Shard::ALL, &Control::default());
        let (_, table) = read_parquet(&pq);
        let width = 1 + sweep.plan().params().len();
        for (row, fields) in rows.iter().zip(&table) {
            assert!(matches!(fields[0], Field::Long(i) if i as usize == row.index));
            for (v, f) in row.values.iter().zip(&fields[width..]) {
                match f {
                    Field::Double(x) => assert!((x - v).abs() <= 1e-15, "{x} vs {v}"),
                    Field::Null => assert!(v.is_nan()),
                    other => panic!("{other:?}"),
                }
            }
            let n = fields.len();
            assert!(matches!(&fields[n - 4], Field::Str(s) if s == row.status.name()));
            assert!(matches!(&fields[n - 3], Field::Str(s) if *s == row.outcome_class));
            assert!(matches!(fields[n - 2], Field::Long(e) if e as usize == row.equilibria));
        }
    }

    /// A point that cannot be analysed has nulls where the CSV leaves fields empty, and its
    /// status and message as strings.
    #[test]
    fn failed_points_are_nulls_in_parquet() {
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
        let sweep = Sweep::new(
            Arc::new(scenario.compile(None).unwrap()),
            grid(&["q=0:1:5"]),
        )
        .unwrap();
        let dir = scratch("pq-failed");
        let (csv, pq) = (dir.join("f.csv"), dir.join("f.parquet"));
        sweep
            .write_csv(&csv, Shard::ALL, false, &Control::default())
            .unwrap();
        let s = sweep
            .write_parquet(&pq, Shard::ALL, false, &Control::default())
            .unwrap();
        assert_eq!(s.failed, 1);
        assert_same_table(&csv, &pq);
        let (_, rows) = read_parquet(&pq);
        let n = rows[3].len();
        assert!(rows[3][2..n - 4].iter().all(|f| matches!(f, Field::Null)));
        assert!(matches!(&rows[3][n - 4], Field::Str(s) if s == "error"));
        assert!(matches!(&rows[3][n - 1], Field::Str(s) if !s.is_empty()));
        assert!(matches!(&rows[2][n - 1], Field::Str(s) if s.is_empty()));
    }

    #[test]
    fn stopped_killed_and_resumed_parquet_sweep_equals_an_uninterrupted_one() {
        let dir = scratch("pq-resume");
        let sweep = latvia_sweep();
        let whole = dir.join("whole.parquet");
        sweep
            .write_parquet(&whole, Shard::ALL, false, &Control::default())
            .unwrap();
        let bytes = std::fs::read(&whole).unwrap();
        let whole_csv = dir.join("whole.csv");
        sweep
            .write_csv(&whole_csv, Shard::ALL, false, &Control::default())
            .unwrap();
        let csv_bytes = std::fs::read(&whole_csv).unwrap();

        // Stopped halfway: no Parquet file yet, the finished points in the journal.
        let partial = dir.join("partial.parquet");
        let half = sweep.plan().len() / 2;
        let s = stopped_halfway(half, |control| {
            sweep.write_parquet(&partial, Shard::ALL, false, control)
        })
        .unwrap();
        assert!(s.stopped);
        assert!(s.written >= half && s.written < sweep.plan().len(), "{s:?}");
        assert!(!partial.exists());
        let journal = journal_path(&partial);
        assert!(csv_bytes.starts_with(&std::fs::read(&journal).unwrap()));

        // Resumed: the rest is solved, the Parquet file is the uninterrupted one's.
        let s = sweep
            .write_parquet(&partial, Shard::ALL, true, &Control::default())
            .unwrap();
        assert!(!s.stopped);
        assert!(s.kept >= half);
        assert_eq!(s.kept + s.written, sweep.plan().len());
        assert_eq!(std::fs::read(&partial).unwrap(), bytes);
        assert!(!journal.exists());

        // Killed mid-line with points lost in the middle: resumed to the same bytes.
        let text = String::from_utf8(csv_bytes.clone()).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let mut damaged: String = lines
            .iter()
            .enumerate()
            .filter(|(i, _)| !(5..9).contains(i) && *i < 25)
            .map(|(_, l)| format!("{l}\n"))
            .collect();
        damaged.push_str(&lines[25][..lines[25].len() / 2]);
        let cut = dir.join("cut.parquet");
        std::fs::write(journal_path(&cut), damaged).unwrap();
        // The damaged journal is still the sweep's: its settings file comes with it.
        std::fs::copy(
            brink_sweep::settings_path(&whole),
            brink_sweep::settings_path(&cut),
        )
        .unwrap();
        let s = sweep
            .write_parquet(&cut, Shard::ALL, true, &Control::default())
            .unwrap();
        assert_eq!(s.written, sweep.plan().len() - 20);
        assert_eq!(std::fs::read(&cut).unwrap(), bytes);

        // Resuming a finished file reads it back and solves nothing.
        let s = sweep
            .write_parquet(&cut, Shard::ALL, true, &Control::default())
            .unwrap();
        assert_eq!((s.kept, s.written), (sweep.plan().len(), 0));
        assert_eq!(std::fs::read(&cut).unwrap(), bytes);
        assert!(!journal_path(&cut).exists());

        // A finished file of another plan is refused, and left as it was.
        let other = Sweep::new(
            compiled(&latvia_path(), None),
            grid(&["p_resolute=0:1:7", "stake=0:10:5"]),
        )
        .unwrap()
        .with_measures(vec![Measure::parse("P(start.invade)").unwrap()]);
        let err = other
            .write_parquet(&cut, Shard::ALL, true, &Control::default())
            .unwrap_err();
        assert!(err.to_string().contains("cut.parquet"), "{err}");
        assert_eq!(std::fs::read(&cut).unwrap(), bytes);
        assert!(!journal_path(&cut).exists());

        // Without --resume, a new run starts afresh.
        let s = sweep
            .write_parquet(&cut, Shard::ALL, false, &Control::default())
            .unwrap();
        assert_eq!((s.kept, s.written), (0, sweep.plan().len()));
        assert_eq!(std::fs::read(&cut).unwrap(), bytes);
    }

    #[test]
    fn parquet_shards_merge_to_the_unsharded_file_and_convert_to_csv() {
        let dir = scratch("pq-shards");
        let sweep = latvia_sweep();
        let whole = dir.join("whole.parquet");
        sweep
            .write_results(&whole, Shard::ALL, false, &Control::default())
            .unwrap();
        let parts: Vec<_> = (1..=3)
            .map(|k| {
                let part = dir.join(format!("part{k}.parquet"));
                // Shards run on one and two threads: the bytes do not depend on it.
                let pool = rayon::ThreadPoolBuilder::new()
                    .num_threads(1 + k % 2)
                    .build()
                    .unwrap();
                pool.install(|| {
                    sweep
                        .write_results(&part, Shard::new(k, 3).unwrap(), false, &Control::default())
                        .unwrap()
                });
                part
            })
            .collect();
        let merged = dir.join("merged.parquet");
        assert_eq!(
            brink_sweep::merge(&parts, &merged, false).unwrap().rows,
            sweep.plan().len()
        );
        assert_eq!(
            std::fs::read(&merged).unwrap(),
            std::fs::read(&whole).unwrap()
        );
        // Merged to CSV, or one Parquet file converted: the CSV sweep's bytes.
        let whole_csv = dir.join("whole.csv");
        sweep
            .write_csv(&whole_csv, Shard::ALL, false, &Control::default())
            .unwrap();
        for (inputs, name) in [(parts.clone(), "m.csv"), (vec![whole.clone()], "c.csv")] {
            let out = dir.join(name);
            brink_sweep::merge(&inputs, &out, false).unwrap();
            assert_eq!(
                std::fs::read(&out).unwrap(),
                std::fs::read(&whole_csv).unwrap()
            );
        }
        // A shard given twice is refused; so is an output of another format.
        assert!(
            brink_sweep::merge(&[&parts[0], &parts[0]], dir.join("bad.parquet"), false).is_err()
        );
        assert!(brink_sweep::merge(&parts, dir.join("bad.json"), false).is_err());
    }

    /// A file that is not a sweep's is refused, not misread.
    #[test]
    fn a_foreign_file_is_refused() {
        let dir = scratch("pq-foreign");
        let bogus = dir.join("bogus.parquet");
        std::fs::write(&bogus, b"PAR1 not really").unwrap();
        assert!(brink_sweep::merge(&[&bogus], dir.join("out.csv"), false).is_err());
        let sweep = latvia_sweep();
        assert!(sweep
            .write_parquet(&bogus, Shard::ALL, true, &Control::default())
            .is_err());
        let csv = dir.join("x.csv");
        std::fs::write(&csv, "a,b\n1,2\n").unwrap();
        assert!(brink_sweep::merge(&[&csv], dir.join("x.parquet"), false).is_err());
    }
}

/// Without the `parquet` feature a `.parquet` output is refused with a word on how to get it.
#[cfg(not(feature = "parquet"))]
#[test]
fn parquet_needs_the_feature() {
    let dir = scratch("pq-none");
    let err = latvia_sweep()
        .write_results(
            dir.join("x.parquet"),
            Shard::ALL,
            false,
            &Control::default(),
        )
        .unwrap_err();
    assert!(err.to_string().contains("`parquet` feature"), "{err}");
    assert!(!dir.join("x.parquet").exists());
    // The CSV helper above is used by the feature's tests only.
    assert_eq!(csv_fields("a,\"b,c\""), ["a", "b,c"]);
}
