//! The `.nfg` format, both versions: reading and writing strategic-form games.

use brink_game::{Outcome, Rational, Table};
use num_traits::Zero;

use crate::efg::{read_payoffs_after, read_players};
use crate::error::{ErrorKind, ParseError};
use crate::lexer::{Kind, Lexer};
use crate::number::write_rational;
use crate::write::push_quoted;

const HEADER_HINT: &str = "a .nfg file starts with `NFG 1 R \"title\" { \"Player 1\" \"Player 2\" }` \
                           followed by the strategies, e.g. `{ 2 2 }` or `{ { \"a\" \"b\" } { \"c\" \"d\" } }`";

/// Which version of the `.nfg` format to write.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum NfgStyle {
    /// The payoff version: a flat list of every cell's payoffs. Outcome labels and the sharing
    /// of one outcome by several cells are not kept.
    Payoffs,
    /// The outcome version: a list of labelled outcomes, then each cell's outcome number
    /// (0 for none). Keeps everything except outcome numbers, which become 1, 2, ... in order.
    Outcomes,
}

impl NfgStyle {
    /// The style that writes `table` without losing anything: the payoff version when every
    /// cell has its own unlabelled outcome numbered like its cell (exactly what reading the
    /// payoff version produces), the outcome version otherwise.
    pub fn for_table(table: &Table) -> NfgStyle {
        let payoff_shaped = table.outcomes.len() == table.cells.len()
            && table.cells.iter().enumerate().all(|(c, &o)| o == Some(c))
            && table
                .outcomes
                .iter()
                .enumerate()
                .all(|(k, o)| o.label.is_empty() && o.number == k as u64 + 1);
        if payoff_shaped {
            NfgStyle::Payoffs
        } else {
            NfgStyle::Outcomes
        }
    }
}

/// Reads a strategic-form game from the text of a `.nfg` file, either version.
///
/// The payoff version gives every cell its own unlabelled outcome, numbered like the cell
/// (1, 2, ... in file order); the outcome version keeps the listed outcomes, numbered 1, 2, ...
/// in order, and cells with outcome 0 have none. Strategies given by count are labelled
/// `"1"`, `"2"`, ... as Gambit labels them.
pub fn read_nfg(text: &str) -> Result<Table, ParseError> {
    let mut lx = Lexer::new(text);
    let t = lx.next()?;
    if t.kind != Kind::Word || lx.raw(t) != "NFG" {
        let message = format!(
            "expected `NFG` (the start of a .nfg file) but found {}",
            lx.describe(t)
        );
        return Err(lx.error(t, ErrorKind::BadHeader, message, HEADER_HINT));
    }
    let t = lx.next()?;
    if t.kind != Kind::Number || lx.raw(t) != "1" {
        let message = format!(
            "expected the version `1` after `NFG` but found {}",
            lx.describe(t)
        );
        return Err(lx.error(t, ErrorKind::BadHeader, message, HEADER_HINT));
    }
    let t = lx.next()?;
    if t.kind != Kind::Word || !matches!(lx.raw(t), "R" | "D") {
        let message = format!(
            "expected `R` (or `D`) after `NFG 1` but found {}",
            lx.describe(t)
        );
        return Err(lx.error(t, ErrorKind::BadHeader, message, HEADER_HINT));
    }
    let t = lx.expect(Kind::Str, "the game's title (a quoted string)", HEADER_HINT)?;
    let title = lx.string(t).into_owned();
    let players_open = lx.peek()?;
    let players = read_players(&mut lx, HEADER_HINT)?;
    if players.is_empty() {
        return Err(lx.error(
            players_open,
            ErrorKind::BadShape,
            "expected at least one player but the player list is empty".into(),
            "name the players in the header: { \"Player 1\" \"Player 2\" }",
        ));
    }
    let strategies = read_strategies(&mut lx, players.len())?;
    let mut comment = String::new();
    if lx.peek()?.kind == Kind::Str {
        let t = lx.next()?;
        comment = lx.string(t).into_owned();
    }
    let cell_count: usize = strategies.iter().map(Vec::len).product();
    let body = lx.peek()?;
    let mut table = match body.kind {
        Kind::LBrace => outcome_body(&mut lx, players.len(), cell_count)?,
        Kind::Number => payoff_body(&mut lx, players.len(), cell_count)?,
        _ => return Err(lx.unexpected(
            body,
            "the payoffs (numbers) or the list of outcomes ('{')",
            "after the header come either every cell's payoffs, or `{ { \"label\" 1, 2 } ... }` \
                 followed by each cell's outcome number",
        )),
    };
    table.title = title;
    table.comment = comment;
    table.players = players;
    table.strategies = strategies;
    debug_assert_eq!(
        table.validate(),
        Ok(()),
        "the reader built an invalid table"
    );
    Ok(table)
}

/// Reads `{ 2 3 }` (counts) or `{ { "a" "b" } { "c" "d" "e" } }` (labels).
fn read_strategies(lx: &mut Lexer<'_>, players: usize) -> Result<Vec<Vec<String>>, ParseError> {
    let open = lx.expect(Kind::LBrace, "'{' opening the strategies", HEADER_HINT)?;
    let mut strategies: Vec<Vec<String>> = Vec::with_capacity(players);
    let mut counts: Vec<(u64, usize)> = Vec::new();
    let close = loop {
        let t = lx.peek()?;
        match t.kind {
            Kind::RBrace => break lx.next()?,
            Kind::LBrace if counts.is_empty() => {
                lx.next()?;
                let mut names = Vec::new();
                loop {
                    let t = lx.next()?;
                    match t.kind {
                        Kind::Str => names.push(lx.string(t).into_owned()),
                        Kind::RBrace => break,
                        _ => {
                            return Err(lx.unexpected(
                                t,
                                "a strategy's name (a quoted string) or '}'",
                                HEADER_HINT,
                            ))
                        }
                    }
                }
                if names.is_empty() {
                    let player = strategies.len() + 1;
                    return Err(lx.error(
                        t,
                        ErrorKind::BadShape,
                        format!("expected at least one strategy for player {player} but the list is empty"),
                        "every player needs at least one strategy",
                    ));
                }
                strategies.push(names);
            }
            Kind::Number if strategies.is_empty() => {
                let (count, token) = lx.integer("a number of strategies", HEADER_HINT)?;
                if count == 0 {
                    return Err(lx.error(
                        token,
                        ErrorKind::BadShape,
                        format!(
                            "expected at least one strategy for player {} but found 0",
                            counts.len() + 1
                        ),
                        "every player needs at least one strategy",
                    ));
                }
                counts.push((count, token.start));
            }
            _ => {
                let t = lx.next()?;
                let expected = if counts.is_empty() && strategies.is_empty() {
                    "the numbers of strategies (`{ 2 2 }`) or their names (`{ { \"a\" \"b\" } ... }`)"
                } else if counts.is_empty() {
                    "'{' opening a player's strategy names, or '}'"
                } else {
                    "a number of strategies or '}'"
                };
                return Err(lx.unexpected(t, expected, HEADER_HINT));
            }
        }
    };
    let given = counts.len().max(strategies.len());
    if given != players {
        return Err(ParseError::new(
            lx.text(),
            ErrorKind::BadShape,
            open.start,
            close.end - open.start,
            format!("expected strategies for {players} player(s) but found them for {given}"),
            "give one number of strategies (or one list of names) per player, in player order",
        ));
    }
    // A file cannot describe more cells than it has bytes left: check before allocating labels,
    // so a tiny file that claims a huge table fails at once instead of exhausting memory.
    let sizes: Vec<u64> = if counts.is_empty() {
        strategies.iter().map(|s| s.len() as u64).collect()
    } else {
        counts.iter().map(|c| c.0).collect()
    };
    let room = lx.remaining() as u64 + 1;
    let cells = sizes
        .iter()
        .try_fold(1u64, |acc, &s| acc.checked_mul(s).filter(|&c| c <= room));
    if cells.is_none() {
        let shape: Vec<String> = sizes.iter().map(u64::to_string).collect();
        return Err(ParseError::new(
            lx.text(),
            ErrorKind::CellCount,
            open.start,
            close.end - open.start,
            format!(
                "expected a table the rest of the file can fill, but {} strategies make more cells \
                 than the {} bytes that follow can hold",
                shape.join(" x "),
                room - 1
            ),
            "check the numbers of strategies; the file must list every cell",
        ));
    }
    if strategies.is_empty() {
        strategies = counts
            .iter()
            .map(|&(c, _)| (1..=c).map(|s| s.to_string()).collect())
            .collect();
    }
    Ok(strategies)
}

/// The payoff version's body: `players` payoffs for each of `cells` cells.
fn payoff_body(lx: &mut Lexer<'_>, players: usize, cells: usize) -> Result<Table, ParseError> {
    let needed = cells.saturating_mul(players);
    let mut payoffs = Vec::with_capacity(cells);
    let hint =
        "list one payoff per player for every cell, the first player's strategy changing fastest";
    for _ in 0..cells {
        let mut cell = Vec::with_capacity(players);
        for _ in 0..players {
            let mut t = lx.next()?;
            if t.kind == Kind::Comma && !(payoffs.is_empty() && cell.is_empty()) {
                t = lx.next()?;
            }
            match t.kind {
                Kind::Number => cell.push(lx.number(t, "a payoff")?),
                Kind::Eof => {
                    let given = payoffs.len() * players + cell.len();
                    return Err(lx.error(
                        t,
                        ErrorKind::CellCount,
                        format!(
                            "expected {needed} payoffs ({cells} cells x {players} players) but found \
                             the end of the file after {given}"
                        ),
                        hint,
                    ));
                }
                _ => return Err(lx.unexpected(t, "a payoff (a number)", hint)),
            }
        }
        payoffs.push(cell);
    }
    let mut t = lx.next()?;
    if t.kind == Kind::Comma {
        t = lx.next()?;
    }
    if t.kind != Kind::Eof {
        let (kind, message) = if t.kind == Kind::Number {
            (
                ErrorKind::CellCount,
                format!(
                    "expected the end of the file after {needed} payoffs ({cells} cells x {players} \
                     players) but found another: {}",
                    lx.describe(t)
                ),
            )
        } else {
            (
                ErrorKind::TrailingInput,
                format!("expected the end of the file but found {}", lx.describe(t)),
            )
        };
        return Err(lx.error(t, kind, message, hint));
    }
    let outcomes = payoffs
        .into_iter()
        .enumerate()
        .map(|(c, payoffs)| Outcome {
            number: c as u64 + 1,
            label: String::new(),
            payoffs,
        })
        .collect();
    Ok(Table {
        outcomes,
        cells: (0..cells).map(Some).collect(),
        ..Table::default()
    })
}

/// The outcome version's body: `{ { "label" payoffs } ... }` then one outcome number per cell.
fn outcome_body(lx: &mut Lexer<'_>, players: usize, cells: usize) -> Result<Table, ParseError> {
    let hint = "the outcome list reads { { \"label\" 1, 2 } { \"label\" 3, 4 } } with one payoff per player";
    lx.expect(Kind::LBrace, "'{' opening the list of outcomes", hint)?;
    let mut outcomes: Vec<Outcome> = Vec::new();
    let mut scratch = Vec::new();
    loop {
        let t = lx.next()?;
        match t.kind {
            Kind::RBrace => break,
            Kind::LBrace => {
                let number = outcomes.len() as u64 + 1;
                let label = lx.expect(Kind::Str, "the outcome's label (a quoted string)", hint)?;
                // The outcome's braces are already open: read the payoffs up to the closing one.
                read_payoffs_after(lx, &mut scratch, players, number, t.start)?;
                outcomes.push(Outcome {
                    number,
                    label: lx.string(label).into_owned(),
                    payoffs: std::mem::replace(&mut scratch, Vec::with_capacity(players)),
                });
            }
            _ => {
                return Err(lx.unexpected(
                    t,
                    "'{' opening an outcome, or '}' ending the list",
                    hint,
                ))
            }
        }
    }
    let hint_cells = format!(
        "after the outcome list give one outcome number per cell (0 for none, 1 to {}), the first \
         player's strategy changing fastest",
        outcomes.len()
    );
    let mut table_cells = Vec::with_capacity(cells);
    for _ in 0..cells {
        let t = lx.peek()?;
        match t.kind {
            Kind::Number => {
                let (n, t) = lx.integer("an outcome number", &hint_cells)?;
                if n > outcomes.len() as u64 {
                    return Err(lx.error(
                        t,
                        ErrorKind::OutcomeOutOfRange,
                        format!(
                            "expected an outcome number from 0 to {} but found {n}: the file lists {} outcome(s)",
                            outcomes.len(),
                            outcomes.len()
                        ),
                        &hint_cells,
                    ));
                }
                table_cells.push(if n == 0 { None } else { Some(n as usize - 1) });
            }
            Kind::Eof => {
                return Err(lx.error(
                    t,
                    ErrorKind::CellCount,
                    format!(
                        "expected {cells} outcome numbers, one per cell, but found the end of the file after {}",
                        table_cells.len()
                    ),
                    &hint_cells,
                ));
            }
            _ => {
                let t = lx.next()?;
                return Err(lx.unexpected(t, "an outcome number", &hint_cells));
            }
        }
    }
    let t = lx.next()?;
    if t.kind != Kind::Eof {
        let (kind, message) = if t.kind == Kind::Number {
            (
                ErrorKind::CellCount,
                format!(
                    "expected the end of the file after {cells} outcome numbers (one per cell) but \
                     found another: {}",
                    lx.describe(t)
                ),
            )
        } else {
            (
                ErrorKind::TrailingInput,
                format!("expected the end of the file but found {}", lx.describe(t)),
            )
        };
        return Err(lx.error(t, kind, message, &hint_cells));
    }
    Ok(Table {
        outcomes,
        cells: table_cells,
        ..Table::default()
    })
}

/// Writes a table as a `.nfg` file in the given version; [`read_nfg`] reads it back.
///
/// With [`NfgStyle::Outcomes`] the table reads back equal (outcomes renumbered 1, 2, ... if
/// they were not). With [`NfgStyle::Payoffs`] it reads back with the same payoffs in every
/// cell but one unlabelled outcome per cell. [`NfgStyle::for_table`] picks the version that
/// loses nothing.
pub fn write_nfg(table: &Table, style: NfgStyle) -> String {
    let mut out = String::with_capacity(64 + table.cells.len() * table.players.len() * 4);
    out.push_str("NFG 1 R ");
    push_quoted(&mut out, &table.title);
    out.push_str(" {");
    for player in &table.players {
        out.push(' ');
        push_quoted(&mut out, player);
    }
    out.push_str(" }\n\n{");
    for names in &table.strategies {
        out.push_str(" {");
        for name in names {
            out.push(' ');
            push_quoted(&mut out, name);
        }
        out.push_str(" }\n");
    }
    out.push_str("}\n");
    push_quoted(&mut out, &table.comment);
    out.push_str("\n\n");
    let zero = Rational::zero();
    match style {
        NfgStyle::Payoffs => {
            for (c, cell) in table.cells.iter().enumerate() {
                if c > 0 {
                    out.push(if c % 16 == 0 { '\n' } else { ' ' });
                }
                for p in 0..table.players.len() {
                    if p > 0 {
                        out.push(' ');
                    }
                    let payoff = cell
                        .and_then(|o| table.outcomes.get(o))
                        .and_then(|o| o.payoffs.get(p))
                        .unwrap_or(&zero);
                    write_rational(&mut out, payoff);
                }
            }
            out.push('\n');
        }
        NfgStyle::Outcomes => {
            out.push_str("{\n");
            for outcome in &table.outcomes {
                out.push_str("{ ");
                push_quoted(&mut out, &outcome.label);
                for (k, payoff) in outcome.payoffs.iter().enumerate() {
                    out.push_str(if k == 0 { " " } else { ", " });
                    write_rational(&mut out, payoff);
                }
                out.push_str(" }\n");
            }
            out.push_str("}\n");
            for (c, cell) in table.cells.iter().enumerate() {
                if c > 0 {
                    out.push(if c % 32 == 0 { '\n' } else { ' ' });
                }
                let n = cell.map_or(0, |o| o + 1);
                out.push_str(&n.to_string());
            }
            out.push('\n');
        }
    }
    out
}
