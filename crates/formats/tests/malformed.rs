//! Broken files, one fault each, and the exact error each one gets: kind, line, column, what
//! was expected and found, and the hint. The files are in `tests/malformed/`, the expected
//! errors in `tests/snapshots/` (reviewed by hand; `cargo insta review` after a change).

use std::path::Path;

use brink_formats::{read_file, read_game, ErrorKind, ParseError};

/// The error as a user sees it: the message, its kind, the source line with the offending span
/// underlined, and the hint.
fn render(text: &str, error: &ParseError) -> String {
    let (offset, len) = error.span();
    let line_start = text[..offset].rfind('\n').map_or(0, |p| p + 1);
    let line_end = text[offset..].find('\n').map_or(text.len(), |p| offset + p);
    let line = &text[line_start..line_end];
    let pad = text[line_start..offset].chars().count();
    let width = text[offset..(offset + len).min(line_end)]
        .chars()
        .count()
        .max(1);
    let mut out = format!("{error}\nkind: {:?}\n", error.kind());
    out.push_str(&format!(
        "{:>4} | {line}\n     | {}{}\n",
        error.line(),
        " ".repeat(pad),
        "^".repeat(width)
    ));
    if let Some((earlier, _)) = error.earlier_span() {
        let earlier_line = text[..earlier].matches('\n').count() + 1;
        out.push_str(&format!("related: line {earlier_line}\n"));
    }
    out.push_str(&format!("hint: {}\n", error.hint()));
    out
}

fn malformed_files() -> Vec<std::path::PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/malformed");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("the malformed corpus exists")
        .map(|e| e.expect("directory entry").path())
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("efg" | "nfg")))
        .collect();
    files.sort();
    files
}

#[test]
fn every_malformed_file_gets_its_exact_error() {
    let files = malformed_files();
    assert!(
        files.len() >= 25,
        "the malformed corpus has only {} files",
        files.len()
    );
    for path in files {
        let name = path
            .file_name()
            .unwrap()
            .to_string_lossy()
            .replace('.', "_");
        let text = std::fs::read_to_string(&path).expect("readable");
        let error = match read_game(&text) {
            Ok(_) => panic!("{} was accepted", path.display()),
            Err(e) => e,
        };
        // The column and the span must agree: the line/column is where the span starts.
        let (offset, _) = error.span();
        let line_start = text[..offset].rfind('\n').map_or(0, |p| p + 1);
        assert_eq!(
            error.line(),
            text[..offset].matches('\n').count() + 1,
            "{name}"
        );
        assert_eq!(
            error.column(),
            text[line_start..offset].chars().count() + 1,
            "{name}"
        );
        insta::assert_snapshot!(name, render(&text, &error));
    }
}

/// Each fault gets its own kind, so a caller can react to it without parsing messages.
#[test]
fn each_fault_has_its_kind() {
    let expected = [
        ("truncated_tree.efg", ErrorKind::UnexpectedEnd),
        ("unterminated_string.efg", ErrorKind::UnterminatedString),
        ("missing_closing_quote.efg", ErrorKind::UnexpectedToken),
        ("unknown_node_kind.efg", ErrorKind::UnknownNodeKind),
        (
            "infoset_used_before_definition.efg",
            ErrorKind::UndefinedInfoset,
        ),
        (
            "infoset_redefined_differently.efg",
            ErrorKind::DefinitionMismatch,
        ),
        ("action_count_mismatch.efg", ErrorKind::ActionCountMismatch),
        (
            "chance_does_not_sum_to_one.efg",
            ErrorKind::BadProbabilities,
        ),
        ("chance_negative.efg", ErrorKind::BadProbabilities),
        ("payoff_vector_too_long.efg", ErrorKind::PayoffCount),
        (
            "outcome_redefined_differently.efg",
            ErrorKind::DefinitionMismatch,
        ),
        (
            "outcome_used_before_definition.efg",
            ErrorKind::UndefinedOutcome,
        ),
        ("bad_number.efg", ErrorKind::BadNumber),
        ("zero_denominator.efg", ErrorKind::BadNumber),
        ("wrong_version.efg", ErrorKind::BadHeader),
        ("unknown_player.efg", ErrorKind::UnknownPlayer),
        ("trailing_node.efg", ErrorKind::TrailingInput),
        (
            "null_outcome_with_payoffs.efg",
            ErrorKind::NullOutcomeDefined,
        ),
        ("empty_action_list.efg", ErrorKind::UnexpectedToken),
        ("fractional_infoset_number.efg", ErrorKind::BadNumber),
        ("too_few_payoffs.nfg", ErrorKind::CellCount),
        ("too_many_payoffs.nfg", ErrorKind::CellCount),
        (
            "outcome_index_out_of_range.nfg",
            ErrorKind::OutcomeOutOfRange,
        ),
        ("too_few_outcome_indices.nfg", ErrorKind::CellCount),
        ("strategies_for_wrong_player_count.nfg", ErrorKind::BadShape),
        ("zero_strategies.nfg", ErrorKind::BadShape),
        ("table_larger_than_file.nfg", ErrorKind::CellCount),
        ("outcome_payoff_count.nfg", ErrorKind::PayoffCount),
        ("not_a_game.nfg", ErrorKind::BadHeader),
    ];
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/malformed");
    assert_eq!(
        expected.len(),
        malformed_files().len(),
        "every malformed file is listed here"
    );
    for (file, kind) in expected {
        let text = std::fs::read_to_string(dir.join(file)).expect(file);
        let error = read_game(&text).expect_err(file);
        assert_eq!(error.kind(), kind, "{file}: {error}");
    }
}

#[test]
fn file_errors_name_the_file() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/malformed/chance_negative.efg");
    let error = read_file(&path).expect_err("a broken file");
    let shown = error.to_string();
    assert!(shown.starts_with(&path.display().to_string()), "{shown}");
    assert!(shown.contains("line 4, column 27"), "{shown}");
    assert_eq!(
        error.parse_error().map(ParseError::kind),
        Some(ErrorKind::BadProbabilities)
    );
    assert!(error.text().is_some_and(|t| t.starts_with("EFG")));

    let missing = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/malformed/no-such-file.efg");
    let error = read_file(&missing).expect_err("a missing file");
    assert!(error.io_error().is_some());
    assert!(error.to_string().contains("no-such-file.efg"), "{error}");
}

#[test]
fn invalid_utf8_is_reported_where_it_is() {
    let dir = std::env::temp_dir().join(format!("brink-formats-utf8-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("latin1.efg");
    std::fs::write(&path, b"EFG 2 R \"caf\xe9\" { \"Ann\" }\nt \"\" 0\n").expect("write");
    let error = read_file(&path).expect_err("not UTF-8");
    let parse = error.parse_error().expect("a parse error");
    assert_eq!(parse.kind(), ErrorKind::BadEncoding);
    assert_eq!((parse.line(), parse.column()), (1, 13));
    std::fs::remove_dir_all(&dir).ok();
}
