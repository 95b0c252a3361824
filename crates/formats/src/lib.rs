//! Gambit's file formats: `.efg` (trees) and `.nfg` (tables, payoff and outcome versions).
//!
//! [`read_efg`], [`read_nfg`] and [`read_game`] turn text into a [`Tree`], [`Table`] or
//! [`Game`]; [`read_file`] adds reading the file. [`write_efg`] and [`write_nfg`] write files
//! that these readers read back into an equal game and that Gambit reads too. The formats
//! follow Gambit's documentation ("Game representation formats"):
//!
//! - headers `EFG 2 R` / `NFG 1 R` (the obsolete `D` is accepted in place of `R`), a title,
//!   the player list and an optional comment;
//! - `.efg` nodes in prefix order: `c` chance, `p` personal, `t` terminal. An information set
//!   is defined (label and actions, with probabilities for chance) at its first node and may be
//!   referred to by number alone afterwards; a repeated full definition must match the first
//!   exactly. Outcome 0 means none; an outcome is defined (label and payoffs) at its first use
//!   and referred to by number afterwards, or defined again identically;
//! - numbers are exact: integers, decimals (`0.1` is 1/10), exponents (`1e-3`) and fractions
//!   (`2/3`); payoffs may be separated by commas or whitespace; `\"` is a quote inside a string
//!   and `\\` a backslash;
//! - `.nfg` strategies are given as counts (`{ 2 2 }`, labelled `"1"`, `"2"`, ...) or as lists
//!   of names; the body is either every cell's payoffs (payoff version) or an outcome list
//!   followed by each cell's outcome number (outcome version), the first player's strategy
//!   changing fastest.
//!
//! # Decisions
//!
//! **Labels need not be unique.** Gambit 16.7 refuses eight of its own example games (`4cards`,
//! `caro2`, `e10`, `e10a`, `nim`, `nim7`, `coord2ts`, `holdout`) because two nodes or two
//! information sets share a label. The format does not identify anything by label: nodes are
//! identified by their position in prefix order and information sets by (player, number). So
//! this reader accepts duplicate labels and keeps them as they are; the corpus test pins that
//! those eight games load.
//!
//! **Chance probabilities are checked.** They must be non-negative and add up to exactly 1
//! (exact rational arithmetic), because every solver downstream relies on it and an error at
//! the offending line is kinder than a wrong equilibrium.
//!
//! **Errors are precise and never panics.** Every fault is a [`ParseError`] with the byte span,
//! line and column of the offending token, a message saying what was expected and what was
//! found, and a hint saying how to mend the file. The reader does not recurse (deep trees
//! cannot overflow the stack) and refuses a table larger than the rest of its file could fill
//! before allocating it.
//!
//! **Speed.** One pass over the bytes; tokens are byte ranges, strings are copied only once
//! into the game and unescaped only if they contain a backslash, and integers and short
//! decimals are converted without intermediate strings.
//!
//! [`Tree`]: brink_game::Tree
//! [`Table`]: brink_game::Table
#![deny(missing_docs)]

mod efg;
mod error;
mod lexer;
mod nfg;
mod number;
mod write;

use std::path::Path;

use brink_game::Game;
pub use efg::{read_efg, write_efg};
pub use error::{ErrorKind, ParseError, ReadError};
pub use nfg::{read_nfg, write_nfg, NfgStyle};

use lexer::{Kind, Lexer};

/// Reads a game from the text of a `.efg` or `.nfg` file, telling them apart by the header.
pub fn read_game(text: &str) -> Result<Game, ParseError> {
    let mut lx = Lexer::new(text);
    let t = lx.next()?;
    match (t.kind, lx.raw(t)) {
        (Kind::Word, "EFG") => read_efg(text).map(Game::Tree),
        (Kind::Word, "NFG") => read_nfg(text).map(Game::Table),
        _ => {
            let message = format!(
                "expected a Gambit game file (starting with `EFG` or `NFG`) but found {}",
                lx.describe(t)
            );
            Err(lx.error(
                t,
                ErrorKind::BadHeader,
                message,
                "a .efg file starts with `EFG 2 R \"title\" { players }`, a .nfg file with \
                 `NFG 1 R \"title\" { players } { strategies }`",
            ))
        }
    }
}

/// Reads a game file of either format. The error names the file and, for a parse error, keeps
/// the text so that the offending span can be shown.
pub fn read_file(path: impl AsRef<Path>) -> Result<Game, ReadError> {
    let path = path.as_ref();
    let bytes = std::fs::read(path).map_err(|e| ReadError::io(path, e))?;
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            // Report the first invalid byte where it is, in a text that can still be shown.
            let at = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let offset = text.len().min(at);
            let error = ParseError::new(
                &text,
                ErrorKind::BadEncoding,
                offset,
                1,
                "expected UTF-8 text but found a byte that is not valid UTF-8".into(),
                "save the file as UTF-8 (plain ASCII is fine)",
            );
            return Err(ReadError::parse(path, error, text));
        }
    };
    read_game(&text).map_err(|e| ReadError::parse(path, e, text))
}

/// Writes a game in its own format: a tree as `.efg`, a table as `.nfg` in the version that
/// keeps everything ([`NfgStyle::for_table`]).
pub fn write_game(game: &Game) -> String {
    match game {
        Game::Tree(tree) => write_efg(tree),
        Game::Table(table) => write_nfg(table, NfgStyle::for_table(table)),
    }
}
