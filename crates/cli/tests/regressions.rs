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
