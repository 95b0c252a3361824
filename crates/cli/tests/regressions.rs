//! Regression tests of the `brink` command, one per bug, each named after the input that
//! showed it and the behaviour expected of it (issue 16, "Hardening").

mod common;

use common::{brink, scratch, text};

/// The longest line a test accepts on stderr: the widest source excerpt (a few hundred
/// characters) and message lines fit easily; a whole multi-kilobyte line does not.
const LONGEST_LINE: usize = 400;

fn longest_line(s: &str) -> usize {
    s.lines().map(|l| l.chars().count()).max().unwrap_or(0)
}

#[test]
fn three_thousand_unknown_names_print_fifty_errors_and_the_count_of_the_rest() {
    // One formula, `max(yy, yy, ...)` with 3,000 arguments, on one line of about 12 KB: each
    // `yy` is an unknown parameter, so there are 3,000 errors. The first 50 are shown, each
    // with a bounded excerpt of the line, then one line saying 2,950 more were not shown.
    let dir = scratch("unknown-names");
    let args = vec!["yy"; 3000].join(", ");
    let scenario = format!(
        "[players.a]\n[players.b]\n[nodes.start]\nplayer = \"a\"\nmoves = {{ go = \"end\" }}\n\
         [outcomes]\nend = {{ a = \"max({args})\", b = 0 }}\n"
    );
    let path = dir.join("unknown.toml");
    std::fs::write(&path, scenario).expect("a scratch file");
    let out = brink(&["analyze", path.to_str().expect("a UTF-8 path")]);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    // Each report starts with its code on a line of its own (the message may wrap).
    let reports = err.lines().filter(|l| l.trim() == "S031").count();
    assert_eq!(reports, 50, "{err:.2000}");
    assert!(
        err.contains("2950 more"),
        "{:.2000}",
        &err[err.len().saturating_sub(2000)..]
    );
    assert!(err.contains("3000 errors"), "the total is still given");
    assert!(
        longest_line(&err) <= LONGEST_LINE,
        "a line of {} characters",
        longest_line(&err)
    );
    // 50 excerpts of a dozen short lines each: far below the 72 MB the whole line gave.
    assert!(err.len() < 200_000, "{} bytes on stderr", err.len());
}

#[test]
fn an_error_at_the_end_of_a_twenty_kilobyte_efg_line_shows_an_excerpt_with_its_place() {
    // Line 3 holds a node label of 20,000 `x` and then a stray `@` at column 20,027 (after
    // `p "`, the label, `" 1 1 "" { "a" "b" } 0 `). The report gives that place and shows
    // only the part of the line around it.
    let dir = scratch("long-efg-line");
    let label = "x".repeat(20_000);
    let game = format!(
        "EFG 2 R \"t\" {{ \"P1\" \"P2\" }}\n\"\"\np \"{label}\" 1 1 \"\" {{ \"a\" \"b\" }} 0 @\n\
         t \"\" 1 \"\" {{ 1, 2 }}\nt \"\" 2 \"\" {{ 0, 0 }}\n"
    );
    let path = dir.join("long.efg");
    std::fs::write(&path, game).expect("a scratch file");
    let out = brink(&["info", path.to_str().expect("a UTF-8 path")]);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(err.contains("long.efg:3:20027"), "{err:.2000}");
    assert!(
        err.contains('@'),
        "the excerpt shows the offending token: {err:.2000}"
    );
    assert!(
        longest_line(&err) <= LONGEST_LINE,
        "a line of {} characters",
        longest_line(&err)
    );
}

/// Gambit's `vonstengel2022/fig10.7.efg`, read in place beside the checkout.
fn fig10_7() -> String {
    common::repo()
        .join("../shared/gambit-games/catalog/books/vonstengel2022/fig10.7.efg")
        .display()
        .to_string()
}

#[test]
fn enummixed_on_fig10_7_says_why_verification_failed_in_json_text_and_gambit_format() {
    // enummixed ends this game with status verification-failed (one of its candidates is not
    // an equilibrium) and two equilibria. Whatever the status, every output must carry it,
    // and a status other than `solved` or `none` must carry its reason.
    let file = fig10_7();
    let out = brink(&["solve", &file, "--method", "enummixed", "--json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    let status = json["status"].as_str().expect("a status").to_string();
    let reason = json["reason"].as_str().unwrap_or_default().to_string();
    if status != "solved" && status != "none" {
        assert!(
            !reason.is_empty(),
            "status {status} without a reason: {json}"
        );
    }
    let out = brink(&["solve", &file, "--method", "enummixed"]);
    let shown = text(&out.stdout);
    assert!(shown.contains(&format!("status {status}")), "{shown}");
    assert!(
        shown.contains(&reason),
        "the text lacks the reason: {shown}"
    );
    // Gambit's format: the status as a comment line before the `NE,` lines.
    let out = brink(&[
        "solve",
        &file,
        "--method",
        "enummixed",
        "--format",
        "gambit",
    ]);
    let shown = text(&out.stdout);
    let first = shown.lines().next().unwrap_or_default();
    assert!(
        first.starts_with("# enummixed: ") && first.contains(&status) && first.contains(&reason),
        "{shown}"
    );
    assert!(
        shown.lines().skip(1).all(|l| l.starts_with("NE,")),
        "{shown}"
    );
}

#[test]
fn float_lcp_with_a_payoff_of_minus_1e309_prints_it_exactly_not_as_inf() {
    // P1 chooses `a` (P1 gets 1, P2 gets -10^309) or `b` (both 0), so P1 plays `a` and P2's
    // payoff is -10^309, beyond any f64: it must never be printed as "inf".
    let dir = scratch("lcp-inf");
    let path = dir.join("big.efg");
    std::fs::write(
        &path,
        "EFG 2 R \"t\" { \"P1\" \"P2\" }\n\"\"\np \"\" 1 1 \"\" { \"a\" \"b\" } 0\n\
         t \"\" 1 \"\" { 1, -1e309 }\nt \"\" 2 \"\" { 0, 0 }\n",
    )
    .expect("a scratch file");
    let file = path.to_str().expect("a UTF-8 path");
    for format in ["text", "json", "gambit"] {
        let out = brink(&["solve", file, "--method", "lcp", "--format", format]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        let shown = text(&out.stdout);
        // "inf" as a word of its own (not inside "information").
        let words = shown.split(|c: char| !c.is_alphanumeric() && c != '-');
        assert!(
            !words.into_iter().any(|w| w == "inf" || w == "-inf"),
            "{format}: {shown}"
        );
        if format != "gambit" {
            // The exact payoff: a minus sign and 1 followed by 309 zeros.
            let digits = format!("-1{}", "0".repeat(309));
            assert!(shown.contains(&digits), "{format}: {shown}");
        }
    }
}

/// `brink sweep` of the Latvia scenario on a 3 x 2 grid into `out`, with `extra` options.
fn sweep_latvia(out: &std::path::Path, extra: &[&str]) -> std::process::Output {
    let scenario = common::latvia();
    let out = out.display().to_string();
    let mut args = vec![
        "sweep",
        scenario.as_str(),
        "--vary",
        "p_resolute=0:1:3",
        "--vary",
        "stake=0:12:2",
        "-o",
        out.as_str(),
        "--threads",
        "1",
    ];
    args.extend_from_slice(extra);
    brink(&args)
}

#[test]
fn sweep_resume_under_another_variant_exits_with_an_error_naming_the_variant() {
    // The case: `--resume` with `--variant tripwire` on a base sweep's file was
    // accepted and the file mixed both.
    let dir = scratch("resume-variant");
    let file = dir.0.join("out.csv");
    assert!(sweep_latvia(&file, &[]).status.success());
    let before = std::fs::read(&file).expect("the file");
    let out = sweep_latvia(&file, &["--resume", "--variant", "tripwire"]);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(err.contains("variant was `base`"), "{err}");
    assert!(err.contains("without --variant"), "{err}");
    assert_eq!(std::fs::read(&file).expect("the file"), before);
    // `--set` likewise.
    let out = sweep_latvia(&file, &["--resume", "--set", "abandon=9"]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("abandon=8"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn sweep_merge_of_two_of_three_shards_exits_with_an_error_unless_partial() {
    // The case: merging 2 of 3 shards succeeded with exit 0 and no warning.
    let dir = scratch("merge-two-of-three");
    let parts: Vec<String> = (1..=2)
        .map(|k| {
            let part = dir.0.join(format!("part{k}.csv"));
            let shard = format!("{k}/3");
            assert!(sweep_latvia(&part, &["--shard", &shard]).status.success());
            part.display().to_string()
        })
        .collect();
    let merged = dir.0.join("merged.csv").display().to_string();
    let out = brink(&["sweep", "--merge", &parts[0], &parts[1], "-o", &merged]);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(err.contains("shard 3/3 is not given"), "{err}");
    let out = brink(&[
        "sweep",
        "--merge",
        &parts[0],
        &parts[1],
        "-o",
        &merged,
        "--partial",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    // Shard 3/3 of 6 points holds indices 2 and 5.
    let err = text(&out.stderr);
    assert!(err.contains("2 points missing (indices 2, 5)"), "{err}");
}

#[test]
fn a_game_file_with_a_byte_that_is_not_utf8_is_reported_at_its_line_column_and_offset() {
    // The title holds the Latin-1 byte 0xE9 at byte 10, line 1, column 11. The message was
    // "stream did not contain valid UTF-8", with no place.
    let dir = scratch("efg-not-utf8");
    let path = dir.0.join("latin1.efg");
    std::fs::write(
        &path,
        b"EFG 2 R \"t\xe9\" { \"P1\" \"P2\" }\n\"\"\nt \"\" 1 \"\" { 1, 2 }\n",
    )
    .expect("a scratch file");
    let out = brink(&["info", path.to_str().expect("a UTF-8 path")]);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(err.contains("latin1.efg:1:11"), "{err}");
    assert!(err.contains("byte 10 (0xe9)"), "{err}");
    assert!(err.contains("save the file as UTF-8"), "{err}");
}
