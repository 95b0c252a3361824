//! Regression tests for the scenario language, one per bug, each named after the input that
//! showed it and the behaviour expected of it (issue 16, "Hardening").

use brink_scenario::{parse_str, Diagnostic};

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
