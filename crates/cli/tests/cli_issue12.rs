//! Issue 12, the command line without rough edges: a closed pipe ends a command quietly,
//! usage errors exit 2, unknown names get "did you mean", a missing file gets the system's
//! reason alone, a Gambit file given to `analyze` is sent to `brink solve`.
mod common;

use std::process::{Command, Output, Stdio};

use common::*;

/// Runs `brink` with its standard output a pipe whose reader is gone before the command has
/// written anything (as `brink … | head -1` is once `head` has its line): the read end is
/// closed as soon as the process has started, long before it has read and solved its input.
fn with_closed_pipe(args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_brink"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the brink binary runs");
    drop(child.stdout.take());
    child.wait_with_output().expect("brink ends")
}

/// Standard error with miette's line wrapping undone: each line's indentation and frame
/// (`│`) dropped and the lines joined with spaces, so a test can look for a whole sentence.
fn message(out: &Output) -> String {
    text(&out.stderr)
        .lines()
        .map(|l| l.trim().trim_start_matches('│').trim())
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Asserts that `out` failed with exit code `code` and that its message contains each of
/// `wanted`.
fn assert_fails(out: &Output, code: i32, wanted: &[&str]) {
    let err = message(out);
    assert_eq!(out.status.code(), Some(code), "stderr: {err}");
    assert!(!err.contains("panicked"), "{err}");
    for w in wanted {
        assert!(err.contains(w), "`{w}` is not in: {err}");
    }
}

#[test]
fn every_printing_command_ends_quietly_when_the_pipe_is_closed() {
    let latvia = latvia();
    let entry = repo()
        .join("examples/entry-deterrence.efg")
        .display()
        .to_string();
    let chicken = repo().join("examples/chicken.nfg").display().to_string();
    let claims = repo().join("scenarios/claims.toml").display().to_string();
    let commands: Vec<Vec<&str>> = vec![
        vec!["analyze", &latvia],
        vec!["analyze", &latvia, "--json"],
        vec!["analyze", &latvia, "--list"],
        vec!["solve", &entry],
        vec!["solve", &entry, "--method", "sequential"],
        vec!["solve", &chicken, "--method", "enummixed", "--json"],
        vec![
            "solve",
            &chicken,
            "--method",
            "enummixed",
            "--format",
            "gambit",
        ],
        vec!["info", &entry],
        vec!["info", &latvia, "--json"],
        vec![
            "thresholds",
            &latvia,
            "--vary",
            "p_resolute",
            "--steps",
            "8",
        ],
        vec!["claims", &claims, "--points", "3"],
        vec!["sweep", &latvia, "--vary", "p_resolute=0:1:5", "-o", "-"],
        vec!["convert", &latvia, "-"],
        vec!["explain"],
        vec!["explain", "S013"],
        vec!["check", &latvia],
        vec!["--help"],
        vec!["analyze", "--help"],
    ];
    for args in commands {
        let out = with_closed_pipe(&args);
        let err = text(&out.stderr);
        assert!(!err.contains("panicked"), "brink {args:?}: {err}");
        assert_eq!(out.status.code(), Some(0), "brink {args:?}: {err}");
        assert!(err.is_empty(), "brink {args:?} said: {err}");
    }
}

#[test]
fn usage_errors_exit_2_and_other_failures_1() {
    let latvia = latvia();
    let chicken = repo().join("examples/chicken.nfg").display().to_string();
    let scratch = scratch("usage");
    let csv = scratch.join("s.csv").display().to_string();
    // clap's own.
    assert_fails(&brink(&["analyze"]), 2, &["FILE"]);
    assert_fails(&brink(&["frobnicate"]), 2, &["frobnicate"]);
    // The tool's own: flag values that name nothing, and flags that do not go together.
    assert_fails(
        &brink(&["solve", &chicken, "--method", "nash"]),
        2,
        &["unknown method `nash`", "choose one of"],
    );
    assert_fails(
        &brink(&["solve", &chicken, "--json", "--format", "gambit"]),
        2,
        &["--json and --format gambit"],
    );
    assert_fails(
        &brink(&["solve", &chicken, "--refine", "d1"]),
        2,
        &["--refine applies to sequential equilibria only"],
    );
    assert_fails(
        &brink(&["analyze", &latvia, "--set", "stake"]),
        2,
        &["cannot read `--set stake`"],
    );
    assert_fails(
        &brink(&["analyze", &latvia, "--set", "stake=lots"]),
        2,
        &["the value must be a number"],
    );
    assert_fails(
        &brink(&["sweep", &latvia, "-o", &csv]),
        2,
        &["say what to vary"],
    );
    assert_fails(
        &brink(&["sweep", &latvia, "--vary", "stake=0:1:3", "-o", "s.txt"]),
        2,
        &["sweeps are written as CSV or Parquet"],
    );
    assert_fails(
        &brink(&[
            "map", &latvia, "--x", "stake", "--y", "stake", "-o", "m.svg",
        ]),
        2,
        &["two different parameters"],
    );
    assert_fails(
        &brink(&["solve", &chicken, "--variant", "tripwire"]),
        2,
        &["--variant and --set apply to scenarios"],
    );
    assert_fails(
        &brink(&["solve", &chicken, "--method", "lcp", "--lambda", "2"]),
        2,
        &["--lambda applies to the logit method only"],
    );
    assert!(
        brink(&["solve", &chicken, "--method", "logit", "--lambda", "2"])
            .status
            .success()
    );
    assert_fails(
        &brink(&["analyze", &latvia, "--list", "--json"]),
        2,
        &["--list", "--json"],
    );
    assert_fails(
        &brink(&["analyze", &latvia, "--list", "--set", "stake=1"]),
        2,
        &["--list", "--set"],
    );
    // --list --variant lists that variant's values, not silently the base scenario's.
    let listed = |extra: &[&str]| {
        let out = brink(&[&["analyze", latvia.as_str(), "--list"][..], extra].concat());
        assert!(out.status.success(), "{}", message(&out));
        let t = text(&out.stdout);
        let line = t
            .lines()
            .find(|l| {
                l.split_whitespace().next() == Some("tripwire")
                    && l.contains("Allied battlegroup stationed")
            })
            .map(|l| l.split_whitespace().nth(1).unwrap_or("").to_string());
        (
            t.lines()
                .find(|l| l.starts_with("parameters"))
                .map(str::to_string),
            line,
        )
    };
    assert_eq!(
        listed(&[]),
        (
            Some("parameters (base values):".into()),
            Some("false".into())
        )
    );
    assert_eq!(
        listed(&["--variant", "tripwire"]),
        (
            Some("parameters (tripwire values):".into()),
            Some("true".into())
        )
    );
    assert!(!scratch.join("s.csv").exists(), "nothing was written");
    // Failures that are not about the command line keep exit code 1.
    let broken = scratch.join("broken.toml");
    std::fs::write(
        &broken,
        "title = \"x\"\n[nodes.start]\nplayer = \"nobody\"\n",
    )
    .unwrap();
    assert_fails(
        &brink(&["analyze", &broken.display().to_string()]),
        1,
        &["the scenario has"],
    );
}

#[test]
fn unknown_names_get_the_closest_one_and_only_a_close_one() {
    let latvia = latvia();
    let chicken = repo().join("examples/chicken.nfg").display().to_string();
    let scratch = scratch("did-you-mean");
    let csv = scratch.join("s.csv").display().to_string();
    // Variants.
    let out = brink(&["analyze", &latvia, "--variant", "tripwir"]);
    assert_fails(
        &out,
        2,
        &[
            "no variant `tripwir`",
            "did you mean `tripwire`?",
            "the variants are",
        ],
    );
    assert!(!message(&out).contains("the scenario has 1 error"));
    let out = brink(&["analyze", &latvia, "--variant", "submarines"]);
    assert_fails(&out, 2, &["no variant `submarines`", "the variants are"]);
    assert!(!message(&out).contains("did you mean"));
    // Parameters, in --set and in the axes of sweeps and maps.
    assert_fails(
        &brink(&["analyze", &latvia, "--set", "p_resolut=0.3"]),
        2,
        &["no parameter `p_resolut`", "did you mean `p_resolute`?"],
    );
    let out = brink(&["analyze", &latvia, "--set", "zeta=0.3"]);
    assert_fails(&out, 2, &["no parameter `zeta`", "the parameters are"]);
    assert!(!message(&out).contains("did you mean"));
    assert_fails(
        &brink(&["sweep", &latvia, "--vary", "stak=0:1:3", "-o", &csv]),
        2,
        &["no parameter `stak`", "did you mean `stake`?"],
    );
    assert_fails(
        &brink(&[
            "map",
            &latvia,
            "--x",
            "p_resolute",
            "--y",
            "stak",
            "-o",
            "m.svg",
        ]),
        2,
        &["no parameter `stak`", "did you mean `stake`?"],
    );
    // Measures.
    assert_fails(
        &brink(&[
            "sweep",
            &latvia,
            "--vary",
            "stake=0:1:3",
            "--measure",
            "P(status_quo)",
            "--measure",
            "P(fait_acompli)",
            "-o",
            &csv,
        ]),
        2,
        &[
            "`P(fait_acompli)` names no outcome",
            "did you mean `P(fait_accompli)`?",
        ],
    );
    assert_fails(
        &brink(&[
            "thresholds",
            &latvia,
            "--vary",
            "stake",
            "--measure",
            "P(start.invad)",
            "--level",
            "0.5",
        ]),
        2,
        &["did you mean `P(start.invade)`?"],
    );
    let out = brink(&[
        "thresholds",
        &latvia,
        "--vary",
        "stake",
        "--measure",
        "P(armageddon)",
        "--level",
        "0.5",
    ]);
    assert_fails(
        &out,
        2,
        &["`P(armageddon)` names no outcome", "the outcomes are"],
    );
    assert!(!message(&out).contains("did you mean"));
    // Methods.
    assert_fails(
        &brink(&["solve", &chicken, "--method", "lpc"]),
        2,
        &["unknown method `lpc`", "did you mean `lcp`?"],
    );
    assert_fails(
        &brink(&["solve", &chicken, "--method", "enummixd"]),
        2,
        &["did you mean `enummixed`?"],
    );
    assert!(!scratch.join("s.csv").exists());
}

#[test]
fn a_missing_file_gets_the_system_reason_alone() {
    let missing = repo().join("scenarios/nope.toml").display().to_string();
    for args in [
        vec!["analyze", missing.as_str()],
        vec!["solve", missing.as_str()],
        vec!["info", missing.as_str()],
        vec!["thresholds", missing.as_str(), "--vary", "stake"],
        vec!["claims", missing.as_str()],
        vec!["draw", missing.as_str(), "-o", "t.svg"],
        vec!["solve", "nope.efg"],
    ] {
        let out = brink(&args);
        let err = message(&out);
        assert_eq!(out.status.code(), Some(1), "brink {args:?}: {err}");
        assert!(
            err.contains(&format!("{}: No such file or directory", args[1])),
            "brink {args:?}: {err}"
        );
        for noise in ["S001", "cannot read", "syntax", "the scenario has"] {
            assert!(!err.contains(noise), "brink {args:?} says `{noise}`: {err}");
        }
    }
}

#[test]
fn a_gambit_file_given_to_analyze_is_sent_to_solve() {
    for game in ["examples/chicken.nfg", "examples/entry-deterrence.efg"] {
        let path = repo().join(game).display().to_string();
        let out = brink(&["analyze", &path]);
        assert_fails(
            &out,
            2,
            &["is a Gambit game, not a scenario", "brink solve", game],
        );
        assert!(!message(&out).contains("TOML"), "{}", message(&out));
        // The commands that need a scenario say the same.
        let out = brink(&["thresholds", &path, "--vary", "x"]);
        assert_fails(&out, 2, &["brink solve"]);
    }
}

#[test]
fn check_compiles_every_variant_and_reports_every_error_at_once() {
    let out = brink(&["check", &latvia()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    // The count is the file's own: the base scenario and one per [variants.NAME] table.
    let file = std::fs::read_to_string(latvia()).unwrap();
    let variants = file.lines().filter(|l| l.starts_with("[variants.")).count();
    assert!(variants > 1);
    assert!(
        said.starts_with(&format!("ok: {} variants (base, tripwire,", variants + 1)),
        "{said}"
    );

    let dir = scratch("check");
    let broken = dir.join("broken.toml");
    std::fs::write(
        &broken,
        r#"title = "Two mistakes"
[params]
p = 0.5
q = 3
[players.a]
name = "A"
[players.b]
name = "B"
[nodes.start]
chance = { x = "p * q", y = "1 - p * q" }
moves = { x = "one", y = "two" }
[outcomes]
one = { a = 1, b = "1 / (q - 3)" }
two = { a = 0, b = 0 }
"#,
    )
    .unwrap();
    let out = brink(&["check", &broken.display().to_string()]);
    assert_fails(
        &out,
        1,
        &[
            "broken.toml:10:16",
            "`p * q` is 3/2",
            "broken.toml:13:20",
            "division by zero",
            "the scenario has 2 errors",
        ],
    );
    assert!(out.stdout.is_empty(), "{}", text(&out.stdout));

    // A mistake the loader cannot see, found by compiling each variant: a path longer than
    // the compiler follows, in the base scenario only (the variant stops at once).
    let mut deep =
        String::from("title = \"Deep\"\n[players.a]\nname = \"A\"\n[players.b]\nname = \"B\"\n");
    let stages = 402;
    for i in 0..stages {
        let next = if i + 1 < stages {
            format!("n{}", i + 1)
        } else {
            "end".into()
        };
        let player = if i % 2 == 0 { "a" } else { "b" };
        deep.push_str(&format!(
            "[nodes.n{i}]\nplayer = \"{player}\"\nmoves = {{ go = \"{next}\", stop = \"halt\" }}\n"
        ));
    }
    deep.push_str("[outcomes]\nend = { a = 1, b = 1 }\nhalt = { a = 0, b = 0 }\n");
    deep.push_str("[variants.short]\nnodes.n0 = { forced = \"stop\" }\n");
    let deep_path = dir.join("deep.toml");
    std::fs::write(&deep_path, deep).unwrap();
    assert_fails(
        &brink(&["check", &deep_path.display().to_string()]),
        1,
        &[
            "S060",
            "longer than",
            "(in base)",
            "the scenario has 1 error",
        ],
    );
    let out = brink(&[
        "analyze",
        &deep_path.display().to_string(),
        "--variant",
        "short",
    ]);
    assert!(out.status.success(), "{}", message(&out));

    // A claims file: every claim checked against its scenario, nothing solved.
    let claims = repo().join("scenarios/claims.toml");
    let count = std::fs::read_to_string(&claims)
        .unwrap()
        .lines()
        .filter(|l| l.trim() == "[[claims]]")
        .count();
    let out = brink(&["check", &claims.display().to_string()]);
    assert!(out.status.success(), "{}", message(&out));
    assert!(
        text(&out.stdout).starts_with(&format!("ok: {count} claims")),
        "{}",
        text(&out.stdout)
    );
    let mine = dir.join("claims.toml");
    std::fs::write(
        &mine,
        format!(
            r#"[[claims]]
says = "Tripwire troops deter invasion"
scenario = "{}"
compare = ["tripwir", "base"]
measure = "P(start.invade)"
expect = "lower"
over = {{ p_resolut = [0, 1] }}
"#,
            latvia().replace('\\', "/")
        ),
    )
    .unwrap();
    assert_fails(
        &brink(&["check", &mine.display().to_string()]),
        1,
        &[
            "no variant `tripwir`",
            "did you mean `tripwire`?",
            "unknown parameter `p_resolut`",
            "did you mean `p_resolute`?",
        ],
    );
}

#[test]
fn new_writes_a_template_that_checks_and_analyses_and_never_overwrites() {
    let dir = scratch("new");
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_brink"))
            .args(args)
            .current_dir(&dir.0)
            .output()
            .expect("the brink binary runs")
    };
    let out = run(&["new", "taiwan_strait"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let path = dir.join("taiwan_strait.toml");
    let written = std::fs::read_to_string(&path).expect("NAME.toml is written");
    assert!(written.contains("title = \"Taiwan strait\""), "{written}");
    assert!(
        written.lines().filter(|l| l.starts_with('#')).count() >= 10,
        "the template explains itself in comments"
    );

    let out = run(&["check", "taiwan_strait.toml"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).starts_with("ok: 2 variants"),
        "{}",
        text(&out.stdout)
    );
    for args in [
        vec!["analyze", "taiwan_strait.toml"],
        vec!["analyze", "taiwan_strait.toml", "--variant", "committed"],
    ] {
        let out = run(&args);
        assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
        assert!(
            text(&out.stdout).starts_with("Taiwan strait"),
            "{}",
            text(&out.stdout)
        );
    }
    let out = run(&["claims", "taiwan_strait.toml", "--points", "3"]);
    assert!(out.status.success(), "{}", text(&out.stderr));

    // A second `new` of the same name leaves the file as it is, edits included.
    std::fs::write(&path, "# my own work\n").unwrap();
    for name in ["taiwan_strait", "taiwan_strait.toml"] {
        let out = run(&["new", name]);
        assert_fails(&out, 1, &["taiwan_strait.toml already exists"]);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "# my own work\n");
    }
}

#[test]
fn sweep_never_overwrites_its_output_without_resume_or_force() {
    let dir = scratch("overwrite");
    let latvia = latvia();
    // Parquet outputs only where this brink writes Parquet (CI tests with every feature).
    let names: &[&str] = if cfg!(feature = "parquet") {
        &["s.csv", "s.parquet"]
    } else {
        &["s.csv"]
    };
    for name in names {
        let out = dir.join(name);
        let shown = out.display().to_string();
        std::fs::write(&out, "precious\n").unwrap();
        let sweep = |extra: &[&str]| {
            let mut args = vec!["sweep", &latvia, "--vary", "stake=0:1:3", "-o", &shown];
            args.extend_from_slice(extra);
            brink(&args)
        };
        assert_fails(
            &sweep(&[]),
            1,
            &[&format!("{shown} already exists"), "--resume", "--force"],
        );
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "precious\n");
        assert_fails(&sweep(&["--resume", "--force"]), 2, &["--force"]);
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "precious\n");
    }
    if cfg!(feature = "parquet") {
        // A Parquet output's journal holds a stopped run's points: it is not thrown away
        // either.
        let journal = dir.join("j.parquet.partial.csv");
        std::fs::write(&journal, "points\n").unwrap();
        let pq = dir.join("j.parquet").display().to_string();
        let out = brink(&["sweep", &latvia, "--vary", "stake=0:1:3", "-o", &pq]);
        assert_fails(&out, 1, &["j.parquet.partial.csv already exists"]);
        assert_eq!(std::fs::read_to_string(&journal).unwrap(), "points\n");
    }

    // --force replaces a CSV; a merge into an existing file needs it too.
    let csv = dir.join("s.csv").display().to_string();
    let args = [
        "sweep",
        &latvia,
        "--vary",
        "stake=0:1:3",
        "-o",
        &csv,
        "--force",
    ];
    let out = brink(&args);
    assert!(out.status.success(), "{}", message(&out));
    let swept = std::fs::read_to_string(&csv).unwrap();
    assert_eq!(swept.lines().count(), 4, "a header and three rows: {swept}");
    let merged = dir.join("m.csv").display().to_string();
    std::fs::write(&merged, "precious\n").unwrap();
    let out = brink(&["sweep", "--merge", &csv, "-o", &merged]);
    assert_fails(&out, 1, &["already exists", "--force"]);
    assert_eq!(std::fs::read_to_string(&merged).unwrap(), "precious\n");
    let out = brink(&["sweep", "--merge", &csv, "-o", &merged, "--force"]);
    assert!(out.status.success(), "{}", message(&out));
    assert_eq!(std::fs::read_to_string(&merged).unwrap(), swept);
}

#[test]
fn dash_as_output_file_is_standard_output() {
    let dir = scratch("dash");
    let latvia = latvia();
    let entry = repo()
        .join("examples/entry-deterrence.efg")
        .display()
        .to_string();
    let in_dir = |name: &str| dir.join(name).display().to_string();

    // A sweep to standard output has the bytes of the same sweep to a file.
    let csv = in_dir("s.csv");
    let grid = ["--vary", "p_resolute=0:1:3"];
    let to_file = brink(&[&["sweep", latvia.as_str()][..], &grid, &["-o", &csv]].concat());
    assert!(to_file.status.success(), "{}", message(&to_file));
    let to_stdout = brink(&[&["sweep", latvia.as_str()][..], &grid, &["-o", "-"]].concat());
    assert!(to_stdout.status.success(), "{}", message(&to_stdout));
    assert_eq!(to_stdout.stdout, std::fs::read(&csv).unwrap());
    assert!(!std::path::Path::new("-").exists());
    assert_fails(
        &brink(
            &[
                &["sweep", latvia.as_str()][..],
                &grid,
                &["-o", "-", "--resume"],
            ]
            .concat(),
        ),
        2,
        &["cannot be resumed"],
    );

    // Pictures, the report and conversions: the same bytes as their files.
    let same = |args: &[&str], file: &str| {
        let path = in_dir(file);
        let written = brink(&[args, &["-o", &path]].concat());
        assert!(written.status.success(), "{args:?}: {}", message(&written));
        let printed = brink(&[args, &["-o", "-"]].concat());
        assert!(printed.status.success(), "{args:?}: {}", message(&printed));
        assert!(!printed.stdout.is_empty());
        assert_eq!(printed.stdout, std::fs::read(&path).unwrap(), "{args:?}");
    };
    same(&["draw", &entry], "tree.svg");
    same(
        &[
            "map",
            &latvia,
            "--x",
            "p_resolute",
            "--y",
            "stake",
            "--xn",
            "3",
            "--yn",
            "3",
        ],
        "map.svg",
    );
    let efg = in_dir("latvia.efg");
    assert!(brink(&["convert", &latvia, &efg]).status.success());
    let printed = brink(&["convert", &latvia, "-"]);
    assert!(printed.status.success(), "{}", message(&printed));
    assert_eq!(printed.stdout, std::fs::read(&efg).unwrap());
    assert!(text(&printed.stdout).starts_with("EFG 2 R"));
    // The claims' verdicts are on standard output already: the chart cannot go there too.
    let claims = repo().join("scenarios/claims.toml").display().to_string();
    assert_fails(&brink(&["claims", &claims, "-o", "-"]), 2, &["-o -"]);
}

/// The `S…` codes written as string literals in `text`.
fn codes_in(text: &str) -> Vec<String> {
    let bytes = text.as_bytes();
    (0..bytes.len().saturating_sub(5))
        .filter(|&i| {
            bytes[i] == b'"'
                && bytes[i + 1] == b'S'
                && bytes[i + 2..i + 5].iter().all(u8::is_ascii_digit)
                && bytes[i + 5] == b'"'
        })
        .map(|i| text[i + 1..i + 5].to_string())
        .collect()
}

#[test]
fn explain_prints_a_page_for_every_code() {
    // The list: one line per code.
    let out = brink(&["explain"]);
    assert!(out.status.success(), "{}", message(&out));
    let listed: Vec<String> = text(&out.stdout)
        .lines()
        .filter_map(|l| l.trim().split_once("  "))
        .map(|(code, _)| code.to_string())
        .filter(|c| c.starts_with('S'))
        .collect();
    assert!(listed.len() > 30, "{listed:?}");
    // Every code the sources of the scenario, sweep and cli crates raise or test for is
    // listed (the scenario crate's own test checks its table against its sources too).
    let mut raised = Vec::new();
    for krate in ["scenario", "sweep", "cli"] {
        let dir = repo().join("crates").join(krate).join("src");
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "rs") {
                raised.extend(codes_in(&std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    for code in &raised {
        assert!(listed.contains(code), "{code} has no page");
    }
    // Each page: the code, its title, and how to mend it.
    for code in &listed {
        let out = brink(&["explain", code]);
        assert!(out.status.success(), "{code}: {}", message(&out));
        let page = text(&out.stdout);
        assert!(page.starts_with(&format!("{code}: ")), "{page}");
        assert!(page.contains("Mend:"), "{page}");
    }
    // Lower case works; an unknown code is a usage error, with the closest code.
    let out = brink(&["explain", "s040"]);
    assert!(text(&out.stdout).starts_with("S040: an unknown variant"));
    assert_fails(
        &brink(&["explain", "S0400"]),
        2,
        &["no error code `S0400`", "did you mean `S040`?"],
    );
    // A scenario's errors point to `brink explain`.
    let dir = scratch("explain");
    let broken = dir.join("broken.toml");
    std::fs::write(
        &broken,
        "title = \"x\"\n[nodes.start]\nplayer = \"nobody\"\n",
    )
    .unwrap();
    assert_fails(
        &brink(&["check", &broken.display().to_string()]),
        1,
        &["S012", "brink explain CODE"],
    );
}

#[test]
fn the_chromium_test_skips_without_chromium_except_under_ci() {
    let missing = || Err("No such file or directory (os error 2)".to_string());
    // A newcomer's machine: skipped, saying why and how to run it.
    for ci in [None, Some(""), Some("false"), Some("0")] {
        match chromium_gate_for(false, ci, missing()) {
            ChromiumGate::Skip(why) => {
                assert!(why.contains("install Debian's `chromium`"), "{why}");
                assert!(why.contains("BRINK_NO_CHROMIUM=1"), "{why}");
            }
            other => panic!("CI={ci:?}: {other:?}"),
        }
    }
    // CI: it must run, so a missing Chromium fails the test.
    for ci in ["true", "1", "yes"] {
        match chromium_gate_for(false, Some(ci), missing()) {
            ChromiumGate::Fail(why) => assert!(why.contains("CI is set"), "{why}"),
            other => panic!("CI={ci}: {other:?}"),
        }
    }
    // With Chromium it runs, in CI or not; BRINK_NO_CHROMIUM skips it as asked.
    assert_eq!(chromium_gate_for(false, None, Ok(())), ChromiumGate::Run);
    assert_eq!(
        chromium_gate_for(false, Some("true"), Ok(())),
        ChromiumGate::Run
    );
    assert!(matches!(
        chromium_gate_for(true, None, Ok(())),
        ChromiumGate::Skip(why) if why.contains("BRINK_NO_CHROMIUM")
    ));
}

/// `analyze --variant all`: one row per variant. Two rows derived by hand (see the
/// scenario crate's `tests/summary.rs` and the README): the base variant holds (status quo);
/// with the NATO-sceptic president (p = 1/10) the irresolute type defends with probability
/// 2/7 so that Russia's belief after a defence is 7/25, and concedes otherwise, so the fait
/// accompli has probability 9/10 · 5/7 = 9/14.
#[test]
fn analyze_variant_all_compares_every_variant_in_one_table() {
    let out = brink(&["analyze", &latvia(), "--variant", "all"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let row = |name: &str| -> String {
        stdout
            .lines()
            .find(|l| l.split_whitespace().next() == Some(name))
            .unwrap_or_else(|| panic!("no row for {name} in {stdout}"))
            .to_string()
    };
    assert!(row("base").ends_with("status_quo"), "{}", row("base"));
    assert!(
        row("anti_nato_president").contains("fait_accompli 9/14"),
        "{}",
        row("anti_nato_president")
    );
    for v in ["tripwire", "automatic_retaliation", "europe_without_us"] {
        row(v);
    }
    assert!(
        stdout.contains("anti_nato_president: One equilibrium"),
        "{stdout}"
    );
    let json = brink(&["analyze", &latvia(), "--variant", "all", "--json"]);
    let items: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    assert_eq!(
        items.as_array().map(Vec::len),
        Some(8),
        "the base and seven variants"
    );
}
