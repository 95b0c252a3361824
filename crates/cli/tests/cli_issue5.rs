//! The commands of issue 5 (sweep, map, thresholds, claims, draw, report), run as a user runs
//! them: the built `brink` binary on the repository's scenarios and the worked example of the
//! scenario language. Grids are kept coarse so the whole file runs in seconds.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn brink(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_brink"))
        .args(args)
        .output()
        .expect("the brink binary runs")
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn latvia() -> String {
    repo().join("scenarios/latvia.toml").display().to_string()
}

/// The worked example of the scenario issue: deterrence starts at a prior of resolve of 1/6.
fn worked_example() -> String {
    repo()
        .join("crates/scenario/tests/data/worked_example.toml")
        .display()
        .to_string()
}

/// A fresh directory for one test's files, removed when the test ends.
struct Scratch(PathBuf);

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

fn scratch(name: &str) -> Scratch {
    let dir = std::env::temp_dir().join(format!("brink-cli5-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    Scratch(dir)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn assert_ok(out: &Output) {
    assert!(
        out.status.success(),
        "brink failed:\nstdout: {}\nstderr: {}",
        text(&out.stdout),
        text(&out.stderr)
    );
}

/// Fields of one CSV line, honouring double quotes.
fn fields(line: &str) -> Vec<String> {
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

fn sweep_latvia(dir: &Path, name: &str, extra: &[&str]) -> PathBuf {
    let path = dir.join(name);
    let file = latvia();
    let out_path = path.display().to_string();
    let mut args = vec![
        "sweep",
        file.as_str(),
        "--vary",
        "p_resolute=0:1:5",
        "--vary",
        "stake=0:20:3",
        "-o",
        out_path.as_str(),
    ];
    args.extend_from_slice(extra);
    assert_ok(&brink(&args));
    path
}

#[test]
fn sweep_writes_the_expected_header_and_one_row_per_point() {
    let dir = scratch("sweep");
    let csv = std::fs::read_to_string(sweep_latvia(&dir, "grid.csv", &[])).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 1 + 5 * 3, "a header and 15 rows");
    let header = fields(lines[0]);
    assert_eq!(&header[..3], ["index", "p_resolute", "stake"]);
    assert!(header.contains(&"P(status_quo)".to_string()), "{header:?}");
    assert!(header.contains(&"E(russia)".to_string()), "{header:?}");
    assert_eq!(
        &header[header.len() - 5..],
        [
            "max_regret",
            "status",
            "outcome_class",
            "equilibria",
            "message"
        ]
    );
    for (k, line) in lines[1..].iter().enumerate() {
        let row = fields(line);
        assert_eq!(row.len(), header.len(), "{line}");
        assert_eq!(row[0], k.to_string());
        assert_eq!(row[header.len() - 4], "ok", "{line}");
    }
}

#[test]
fn sweep_rows_equal_brink_analyze_point_by_point() {
    let dir = scratch("analyze");
    let csv = std::fs::read_to_string(sweep_latvia(&dir, "grid.csv", &[])).unwrap();
    let mut lines = csv.lines();
    let header = fields(lines.next().unwrap());
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    // Every other row keeps the test quick while covering both ends and the middle.
    for line in lines.step_by(2) {
        let row = fields(line);
        let (p, stake) = (&row[1], &row[2]);
        let out = brink(&[
            "analyze",
            &latvia(),
            "--set",
            &format!("p_resolute={p}"),
            "--set",
            &format!("stake={stake}"),
            "--json",
        ]);
        assert_ok(&out);
        let answer: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let outcomes = answer["equilibrium"]["outcomes"].as_array().unwrap();
        let mut best = ("", -1.0);
        for o in outcomes {
            let name = o["outcome"].as_str().unwrap();
            let expected = o["probability"]["value"].as_f64().unwrap();
            let swept: f64 = row[col(&format!("P({name})"))].parse().unwrap();
            assert!(
                (swept - expected).abs() < 1e-12,
                "P({name}) at {p}, {stake}"
            );
            if expected > best.1 + 1e-12 {
                best = (name, expected);
            }
        }
        assert_eq!(row[col("outcome_class")], best.0, "at {p}, {stake}");
    }
}

#[test]
fn shards_merged_equal_the_full_run_and_a_resumed_run_equals_it_too() {
    let dir = scratch("shards");
    let full = std::fs::read(sweep_latvia(&dir, "full.csv", &[])).unwrap();
    let parts: Vec<String> = (1..=3)
        .map(|k| {
            sweep_latvia(
                &dir,
                &format!("part{k}.csv"),
                &["--shard", &format!("{k}/3")],
            )
            .display()
            .to_string()
        })
        .collect();
    let merged = dir.join("merged.csv").display().to_string();
    let mut args = vec!["sweep", "--merge"];
    args.extend(parts.iter().map(String::as_str));
    args.extend(["-o", merged.as_str()]);
    assert_ok(&brink(&args));
    assert_eq!(std::fs::read(&merged).unwrap(), full);

    // A run killed mid-line: the file is cut halfway through; --resume finishes it.
    let partial = dir.join("partial.csv");
    std::fs::write(&partial, &full[..full.len() / 2]).unwrap();
    sweep_latvia(&dir, "partial.csv", &["--resume", "--threads", "1"]);
    assert_eq!(std::fs::read(&partial).unwrap(), full);
}

#[test]
fn thresholds_of_the_worked_example_are_exact() {
    let out = brink(&["thresholds", &worked_example(), "--vary", "p_resolute"]);
    assert_ok(&out);
    let shown = text(&out.stdout);
    assert!(
        shown.contains("p_resolute = 1/6 ≈ 0.166667: exact"),
        "{shown}"
    );
    assert!(
        shown.contains("below: concede") && shown.contains("above: status_quo"),
        "{shown}"
    );

    let out = brink(&[
        "thresholds",
        &worked_example(),
        "--vary",
        "p_resolute=0:1/2",
        "--json",
    ]);
    assert_ok(&out);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let found = json["thresholds"].as_array().unwrap();
    assert_eq!(found.len(), 1, "{json}");
    assert_eq!(found[0]["value"], "1/6");
    assert_eq!(found[0]["exact"], true);
}

#[test]
fn every_claim_of_the_builtin_claims_file_gets_a_verdict() {
    let claims = repo().join("scenarios/claims.toml");
    let written = std::fs::read_to_string(&claims)
        .unwrap()
        .lines()
        .filter(|l| l.trim() == "[[claims]]")
        .count();
    assert!(written > 0);
    let dir = scratch("claims");
    let chart = dir.join("claims.svg").display().to_string();
    let out = brink(&[
        "claims",
        &claims.display().to_string(),
        "--points",
        "3",
        "--json",
        "-o",
        &chart,
    ]);
    assert_ok(&out);
    let items: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(items.len(), written);
    for item in &items {
        let verdict = item["verdict"].as_str().unwrap();
        assert!(
            verdict == "holds everywhere"
                || verdict == "fails"
                || verdict == "no difference anywhere"
                || (verdict.starts_with("holds in ") && verdict.ends_with("% of the range")),
            "{item}"
        );
        let p = &item["points"];
        let total: u64 = ["holds", "ties", "fails", "errors"]
            .iter()
            .map(|k| p[k].as_u64().unwrap())
            .sum();
        assert!(total >= 3, "{item}");
    }
    let svg = std::fs::read_to_string(&chart).unwrap();
    roxmltree::Document::parse(&svg).expect("the chart is well-formed XML");
}

#[test]
fn draw_writes_well_formed_svg_with_the_moves() {
    let dir = scratch("draw");
    let tree = dir.join("latvia.svg").display().to_string();
    assert_ok(&brink(&["draw", &latvia(), "-o", &tree, "--solve"]));
    let svg = std::fs::read_to_string(&tree).unwrap();
    let doc = roxmltree::Document::parse(&svg).expect("well-formed SVG");
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    let words: String = doc
        .descendants()
        .filter_map(|n| n.text())
        .collect::<Vec<_>>()
        .join(" ");
    for label in [
        "invade", "hold", "defend", "concede", "escalate", "withdraw",
    ] {
        assert!(words.contains(label), "no move `{label}` in the drawing");
    }

    let efg = repo()
        .join("examples/entry-deterrence.efg")
        .display()
        .to_string();
    let drawn = dir.join("entry.svg").display().to_string();
    assert_ok(&brink(&["draw", &efg, "-o", &drawn, "--solve"]));
    roxmltree::Document::parse(&std::fs::read_to_string(&drawn).unwrap()).expect("well-formed SVG");
}

#[test]
fn report_is_self_contained_html_with_the_tree_and_the_map() {
    let dir = scratch("report");
    let html_path = dir.join("latvia.html").display().to_string();
    assert_ok(&brink(&[
        "report",
        &latvia(),
        "-o",
        &html_path,
        "--grid",
        "9",
    ]));
    let html = std::fs::read_to_string(&html_path).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "a network reference"
    );
    let svgs = html.matches("<svg").count();
    assert!(svgs >= 2, "{svgs} pictures");
    // The tree names the moves; the map names its two axes (the first two ranged params).
    assert!(html.contains("nato_reply") && html.contains("invade"));
    assert!(html.contains("p_resolute") && html.contains("stake"));
    assert!(html.contains("Would NATO defend Latvia?"));
    assert!(
        html.contains("Tripwire troops deter invasion"),
        "the scenario's own claim"
    );
}

#[test]
fn bad_input_fails_with_a_message_and_never_panics() {
    let dir = scratch("bad");
    let csv = dir.join("x.csv").display().to_string();
    let missing = dir.join("missing.toml").display().to_string();
    let cases: Vec<Vec<String>> = vec![
        vec![
            "sweep",
            &latvia(),
            "--vary",
            "no_such_param=0:1:3",
            "-o",
            &csv,
        ],
        vec![
            "sweep",
            &latvia(),
            "--variant",
            "no_such_variant",
            "--vary",
            "stake=0:1:3",
            "-o",
            &csv,
        ],
        vec!["sweep", &latvia(), "--vary", "stake=0:1", "-o", &csv],
        vec!["sweep", &missing, "--vary", "stake=0:1:3", "-o", &csv],
        vec![
            "sweep",
            &latvia(),
            "--vary",
            "stake=0:1:3",
            "--shard",
            "4/3",
            "-o",
            &csv,
        ],
        vec![
            "map",
            &latvia(),
            "--x",
            "stake",
            "--y",
            "stake",
            "-o",
            "m.svg",
        ],
        vec![
            "map",
            &latvia(),
            "--x",
            "p_resolute",
            "--y",
            "stake",
            "-o",
            "m.png",
        ],
        vec!["thresholds", &latvia(), "--vary", "stake=0:500"],
        vec!["thresholds", &missing, "--vary", "stake"],
        vec!["claims", &missing],
        vec![
            "sweep",
            &latvia(),
            "--vary",
            "stake=0:1:3",
            "-o",
            "x.parquet",
        ],
        vec![
            "sweep",
            &latvia(),
            "--vary",
            "stake=0:1:3",
            "--measure",
            "P(war)",
            "-o",
            &csv,
        ],
        vec![
            "thresholds",
            &latvia(),
            "--vary",
            "stake",
            "--measure",
            "P(x",
            "--level",
            "1",
        ],
        vec!["draw", &missing, "-o", "t.svg"],
        vec![
            "report",
            &latvia(),
            "--variant",
            "no_such_variant",
            "-o",
            "r.html",
        ],
    ]
    .into_iter()
    .map(|v| v.into_iter().map(String::from).collect())
    .collect();
    for args in &cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = brink(&args);
        let err = text(&out.stderr);
        assert!(!out.status.success(), "{args:?} succeeded");
        assert!(!err.trim().is_empty(), "{args:?}: no message");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
}

#[test]
fn a_sample_is_the_same_whatever_the_thread_count() {
    let dir = scratch("sample");
    let run = |threads: &str| {
        let path = dir.join(format!("lhs{threads}.csv")).display().to_string();
        assert_ok(&brink(&[
            "sweep",
            &latvia(),
            "--sample",
            "24",
            "--seed",
            "5",
            "--lhs",
            "--over",
            "p_resolute",
            "--over",
            "stake=1:10",
            "--threads",
            threads,
            "-o",
            &path,
        ]));
        std::fs::read_to_string(&path).unwrap()
    };
    let (one, two) = (run("1"), run("2"));
    assert_eq!(one, two);
    let lines: Vec<&str> = one.lines().collect();
    assert_eq!(lines.len(), 25);
    assert!(
        lines[0].starts_with("index,p_resolute,stake,"),
        "{}",
        lines[0]
    );
    // Every sampled value lies in its range.
    for line in &lines[1..] {
        let row = fields(line);
        let (p, stake): (f64, f64) = (row[1].parse().unwrap(), row[2].parse().unwrap());
        assert!(
            (0.0..=1.0).contains(&p) && (1.0..=10.0).contains(&stake),
            "{line}"
        );
    }
}

#[test]
fn map_writes_an_svg_coloured_by_outcome() {
    let dir = scratch("map");
    let path = dir.join("map.svg").display().to_string();
    assert_ok(&brink(&[
        "map",
        &latvia(),
        "--x",
        "p_resolute",
        "--y",
        "stake=0:10:5",
        "--xn",
        "6",
        "-o",
        &path,
    ]));
    let svg = std::fs::read_to_string(&path).unwrap();
    let doc = roxmltree::Document::parse(&svg).expect("well-formed SVG");
    let words: String = doc
        .descendants()
        .filter_map(|n| n.text())
        .collect::<Vec<_>>()
        .join(" ");
    for word in ["p_resolute", "stake", "status_quo", "fait_accompli"] {
        assert!(words.contains(word), "no `{word}` on the map");
    }
}

/// The width and height of a PNG, from its header.
fn png_size(bytes: &[u8]) -> Option<(u32, u32)> {
    if bytes.len() < 24 || &bytes[..8] != b"\x89PNG\r\n\x1a\n" || &bytes[12..16] != b"IHDR" {
        return None;
    }
    let word = |i: usize| u32::from_be_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]);
    Some((word(16), word(20)))
}

/// Headless Chromium (Debian's `chromium` package, which the test setup installs)
/// renders the report. Without it this test fails, saying so; set `BRINK_NO_CHROMIUM=1` to
/// skip it on a machine that cannot have it.
#[test]
fn the_report_renders_in_headless_chromium_with_its_pictures() {
    if std::env::var_os("BRINK_NO_CHROMIUM").is_some() {
        eprintln!("skipped: BRINK_NO_CHROMIUM is set");
        return;
    }
    let dir = scratch("chromium");
    let html_path = dir.join("report.html");
    assert_ok(&brink(&[
        "report",
        &latvia(),
        "-o",
        &html_path.display().to_string(),
        "--grid",
        "11",
    ]));
    // The same page without its pictures: if the tree and the map render, the screenshot of
    // the report holds markedly more than this one.
    let html = std::fs::read_to_string(&html_path).unwrap();
    let mut bare = String::new();
    let mut rest = html.as_str();
    while let Some(start) = rest.find("<svg") {
        bare.push_str(&rest[..start]);
        let end = rest[start..]
            .find("</svg>")
            .expect("every picture is closed")
            + start
            + 6;
        rest = &rest[end..];
    }
    bare.push_str(rest);
    let bare_path = dir.join("bare.html");
    std::fs::write(&bare_path, bare).unwrap();
    let shoot = |page: &Path, shot: &Path| -> Vec<u8> {
        let status = Command::new("chromium")
            .args([
                "--headless",
                "--disable-gpu",
                "--no-sandbox",
                "--hide-scrollbars",
                "--window-size=1100,4200",
                &format!("--screenshot={}", shot.display()),
                &format!("file://{}", page.display()),
            ])
            .output()
            .expect(
                "headless chromium runs (install Debian's `chromium`, or set BRINK_NO_CHROMIUM=1)",
            );
        assert!(
            status.status.success(),
            "chromium: {}",
            text(&status.stderr)
        );
        std::fs::read(shot).expect("chromium wrote a screenshot")
    };
    let full = shoot(&html_path, &dir.join("report.png"));
    let without = shoot(&bare_path, &dir.join("bare.png"));
    assert_eq!(png_size(&full), Some((1100, 4200)));
    assert_eq!(png_size(&without), Some((1100, 4200)));
    assert!(
        full.len() as f64 > 1.1 * without.len() as f64,
        "the pictures add little to the screenshot: {} vs {} bytes",
        full.len(),
        without.len()
    );
}
