//! Regression tests for the scenario language, one per bug, each named after the input that
//! showed it and the behaviour expected of it (issue 16, "Hardening").

use std::path::PathBuf;
use std::time::{Duration, Instant};

use brink_scenario::{analyze, load, parse_str, Diagnostic};

/// A fresh scratch directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "brink-scenario-regression-{}-{name}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    dir
}

/// The one error of a refused scenario, with its file, line and column.
fn only_error(errors: Vec<Diagnostic>) -> (Diagnostic, String, usize, usize) {
    assert_eq!(errors.len(), 1, "{errors:?}");
    let d = errors.into_iter().next().expect("one error");
    let (file, line, column) = d.location().expect("the error has a place");
    let (file, line, column) = (file.to_string(), line, column);
    assert!(d.hint.is_some(), "no hint: {d}");
    (d, file, line, column)
}

/// Two players and a chain of `n` decision nodes `n0`, `n1`, ... (each on three lines after
/// the two lines of players), each going on to the next or stopping at the outcome `end`.
fn chain(n: usize) -> String {
    let mut text = String::from("[players.a]\n[players.b]\n");
    for i in 0..n {
        let next = if i + 1 < n {
            format!("n{}", i + 1)
        } else {
            "end".into()
        };
        text.push_str(&format!(
            "[nodes.n{i}]\nplayer = \"a\"\nmoves = {{ go = \"{next}\", stop = \"end\" }}\n"
        ));
    }
    text.push_str("[outcomes]\nend = { a = 0, b = 0 }\n");
    text
}

/// A two-player scenario with one move and one parameter `x`, whose outcome `end` pays player
/// `a` the given formula.
fn scenario_paying(formula: &str) -> String {
    format!(
        "[params]\nx = {{ value = 1 }}\n[players.a]\n[players.b]\n[nodes.start]\nplayer = \"a\"\n\
         moves = {{ go = \"end\" }}\n[outcomes]\nend = {{ a = \"{formula}\", b = 0 }}\n"
    )
}

/// The formula's place in [`scenario_paying`]'s text: line 9, just after `end = { a = "`.
const FORMULA_LINE: usize = 9;
const FORMULA_COLUMN: usize = 15;

/// Asserts that `formula`, as a payoff, is refused with one located error (line, column inside
/// the formula, what is wrong, how to mend it) and no abort.
fn refused_with_a_located_error(formula: &str) -> Diagnostic {
    let text = scenario_paying(formula);
    let errors = match parse_str("deep.toml", &text) {
        Ok(_) => panic!("a formula of {} bytes was accepted", formula.len()),
        Err(errors) => errors,
    };
    let first = errors.first().expect("at least one diagnostic").clone();
    let (_, line, column) = first.location().expect("the error has a place");
    assert_eq!(line, FORMULA_LINE, "{first}");
    assert!(
        column >= FORMULA_COLUMN && column < FORMULA_COLUMN + formula.len(),
        "the column {column} is outside the formula: {first}"
    );
    assert!(first.hint.is_some(), "no hint: {first}");
    first
}

#[test]
fn thirteen_thousand_unary_minus_signs_are_a_located_error_not_a_stack_overflow() {
    let formula = format!("{}1", "-".repeat(13_000));
    let e = refused_with_a_located_error(&formula);
    assert!(e.message.contains("nest"), "{e}");
}

#[test]
fn twenty_thousand_nots_are_a_located_error_not_a_stack_overflow() {
    let formula = format!("if {}true then 1 else 0", "not ".repeat(20_000));
    let e = refused_with_a_located_error(&formula);
    assert!(e.message.contains("nest"), "{e}");
}

#[test]
fn a_tower_of_ten_thousand_powers_is_a_located_error_not_a_stack_overflow() {
    let formula = format!("{}2", "2^".repeat(10_000));
    let e = refused_with_a_located_error(&formula);
    assert!(e.message.contains("nest"), "{e}");
}

#[test]
fn flat_sums_of_twenty_thousand_terms_are_a_located_error_not_a_stack_overflow() {
    // `1-1-...-1` and `x+x+...+x` parse without recursion, but their expression trees are
    // 20,000 levels deep, too deep to evaluate or even to drop on a thread's stack.
    for formula in [
        format!("1{}", "-1".repeat(19_999)),
        format!("x{}", "+x".repeat(19_999)),
    ] {
        let e = refused_with_a_located_error(&formula);
        assert!(e.message.contains("operators"), "{e}");
    }
}

#[test]
fn a_sum_of_two_hundred_terms_still_works() {
    // The limits leave room for long hand-written formulas: 200 terms of `x` (x = 1) pay 200.
    let formula = format!("x{}", "+x".repeat(199));
    let s = parse_str("sum.toml", &scenario_paying(&formula)).expect("a 200-term sum loads");
    assert!(s.compile(None).is_ok());
}

#[test]
fn an_error_in_a_long_formula_with_an_escape_quotes_only_an_excerpt_of_it() {
    // The TOML escape `\t` makes the formula's text differ from the file's, so an error cannot
    // point inside it and quotes the formula instead. A formula of 3,000 unknown names is
    // about 12 KB; each message now quotes a bounded excerpt (a few dozen characters either
    // side of its name) instead of all of it.
    let args = vec!["yy"; 3000].join(", ");
    let text = scenario_paying(&format!("max(\\t{args})"));
    let errors = parse_str("escaped.toml", &text).expect_err("3,000 unknown names");
    assert!(!errors.is_empty());
    for e in &errors {
        assert!(e.message.contains("unknown parameter `yy`"), "{e}");
        assert!(
            e.message.len() < 400,
            "a message of {} bytes",
            e.message.len()
        );
    }
}

#[test]
fn a_byte_that_is_not_utf8_is_reported_at_its_line_and_column() {
    // Line 3 is `# caf` and the Latin-1 byte 0xE9: column 6, byte offset 29.
    let dir = scratch("not-utf8");
    let path = dir.join("latin1.toml");
    std::fs::write(&path, b"[players.a]\n[players.b]\n# caf\xe9\n").expect("a scratch file");
    let (d, file, line, column) = only_error(load(&path).expect_err("not UTF-8"));
    assert!(file.ends_with("latin1.toml"), "{file}");
    assert_eq!((line, column), (3, 6), "{d}");
    assert!(d.message.contains("byte 29"), "{d}");
    assert!(d.message.contains("0xe9"), "{d}");
}

#[cfg(unix)]
#[test]
fn extends_dev_zero_is_refused_after_a_bounded_read_at_the_extends_line() {
    // /dev/zero never ends: reading it whole ran out of memory. The read stops after
    // SOURCE_LIMIT bytes and the error points at the `extends` value.
    let dir = scratch("dev-zero");
    let path = dir.join("zero.toml");
    std::fs::write(&path, "extends = \"/dev/zero\"\n[players.a]\n").expect("a scratch file");
    let (d, _, line, column) = only_error(load(&path).expect_err("/dev/zero"));
    assert_eq!(d.code, "S006");
    assert_eq!((line, column), (1, 11), "{d}");
    assert!(d.message.contains("larger than 16 MiB"), "{d}");
}

#[test]
fn a_scenario_without_players_is_refused_at_a_place_in_its_file() {
    let text = "[nodes.start]\nplayer = \"a\"\nmoves = { go = \"end\" }\n[outcomes]\nend = {}\n";
    let errors = parse_str("empty.toml", text).expect_err("no players");
    let d = errors
        .iter()
        .find(|d| d.code == "S005")
        .expect("the missing players are reported");
    let (file, line, column) = d.location().expect("S005 has a place");
    assert_eq!((file, line, column), ("empty.toml", 1, 1), "{d}");
}

#[test]
fn a_scenario_that_doubles_thirty_times_is_counted_and_refused_before_building() {
    // Node l_i has two moves, both to l_{i+1}: the tree copies l_{i+1} twice, so l0 stands for
    // 2^31 - 1 = 2,147,483,647 nodes. Building them took 1.2 GB and 6 s before the refusal;
    // the count on the scenario's graph gives the exact number at once.
    let mut text = String::from("[players.a]\n[players.b]\n");
    for i in 0..30 {
        let next = if i < 29 {
            format!("l{}", i + 1)
        } else {
            "end".into()
        };
        text.push_str(&format!(
            "[nodes.l{i}]\nplayer = \"a\"\nmoves = {{ x = \"{next}\", y = \"{next}\" }}\n"
        ));
    }
    text.push_str("[outcomes]\nend = { a = 0, b = 0 }\n");
    let scenario = parse_str("double.toml", &text).expect("a valid scenario");
    let d = scenario.compile(None).expect_err("too large");
    assert_eq!(d.code, "S060");
    assert!(d.message.contains("would have 2147483647 nodes"), "{d}");
    // At the root, `[nodes.l0]` on line 3.
    let (_, line, _) = d.location().expect("S060 has a place");
    assert_eq!(line, 3, "{d}");
}

#[test]
fn a_chain_of_200000_nodes_is_refused_for_its_depth_at_the_node_that_passes_the_limit() {
    // The depth limit is 400 moves; the path passes it at `n400`, whose table starts on line
    // 3 + 3 * 400 = 1203. Finding names by a scan per move made the check quadratic (over
    // 20 s); it is now linear.
    let text = chain(200_000);
    let started = Instant::now();
    let scenario = parse_str("chain.toml", &text).expect("a valid scenario");
    let d = scenario.compile(None).expect_err("too deep");
    assert_eq!(d.code, "S060");
    assert!(d.message.contains("node `n400`"), "{d}");
    let (_, line, _) = d.location().expect("S060 has a place");
    assert_eq!(line, 1203, "{d}");
    // A generous bound: about 2 s on a slow machine, against over 20 s before.
    assert!(
        started.elapsed() < Duration::from_secs(15),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn one_node_with_100000_moves_is_analysed_in_seconds() {
    // Every move pays 0, so none is dominated; the pairwise dominance test took 23 s.
    let moves: Vec<String> = (0..100_000).map(|i| format!("m{i} = \"end\"")).collect();
    let text = format!(
        "[players.a]\n[players.b]\n[nodes.start]\nplayer = \"a\"\nmoves = {{ {} }}\n\
         [outcomes]\nend = {{ a = 0, b = 0 }}\n",
        moves.join(", ")
    );
    let started = Instant::now();
    let scenario = parse_str("wide.toml", &text).expect("a valid scenario");
    let answer = analyze(&scenario, None, &[]).expect("an answer");
    assert_eq!(answer.equilibrium.decisions[0].moves.len(), 100_000);
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
}
