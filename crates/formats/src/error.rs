//! Errors: where in the text, what was expected, what was found, and how to mend it.

use std::path::{Path, PathBuf};

/// What sort of fault a [`ParseError`] reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The file is not UTF-8 text.
    BadEncoding,
    /// The first line is not a Gambit header (`EFG 2 R`, `NFG 1 R`, or with `D`).
    BadHeader,
    /// A token of the wrong sort where the grammar needs another one.
    UnexpectedToken,
    /// The text ends before the game is complete.
    UnexpectedEnd,
    /// Text remains after the game is complete.
    TrailingInput,
    /// A quoted string runs to the end of the text without its closing quote.
    UnterminatedString,
    /// A number is malformed, out of range, or not an integer where one is required.
    BadNumber,
    /// A node kind other than `c`, `p` or `t`.
    UnknownNodeKind,
    /// A player number that is not in the player list.
    UnknownPlayer,
    /// An information set is referred to by number before it has been defined.
    UndefinedInfoset,
    /// An outcome is referred to by number before it has been defined.
    UndefinedOutcome,
    /// A repeated definition of an information set or outcome differs from the first one.
    DefinitionMismatch,
    /// A repeated definition of an information set lists a different number of actions.
    ActionCountMismatch,
    /// Chance probabilities that are negative or do not add up to exactly 1.
    BadProbabilities,
    /// A payoff vector whose length differs from the number of players.
    PayoffCount,
    /// The outcome 0 ("no outcome") is given a label or payoffs.
    NullOutcomeDefined,
    /// A strategic game whose shape is impossible: no players, a player without strategies,
    /// or a strategy list that does not match the player list.
    BadShape,
    /// A strategic game whose body has too few or too many payoffs or outcome indices.
    CellCount,
    /// An outcome index of a strategic game that names no outcome.
    OutcomeOutOfRange,
}

/// Why a text is not a valid Gambit game file.
///
/// It knows the byte span of the offending token (for rendering with a diagnostics library),
/// its line and column (both 1-based, the column counted in characters), a message that says
/// what was expected and what was found, and a hint that says how to mend the file.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("line {line}, column {column}: {message}")]
pub struct ParseError {
    kind: ErrorKind,
    offset: usize,
    len: usize,
    line: usize,
    column: usize,
    message: String,
    hint: String,
    earlier: Option<(usize, usize)>,
}

impl ParseError {
    /// Builds an error about `text[offset..offset + len]`.
    pub(crate) fn new(
        text: &str,
        kind: ErrorKind,
        offset: usize,
        len: usize,
        message: String,
        hint: impl Into<String>,
    ) -> ParseError {
        let offset = offset.min(text.len());
        let len = len.min(text.len() - offset);
        let (line, column) = line_column(text, offset);
        ParseError {
            kind,
            offset,
            len,
            line,
            column,
            message,
            hint: hint.into(),
            earlier: None,
        }
    }

    /// Adds the span of an earlier place that the error is about (a first definition).
    pub(crate) fn with_earlier(mut self, offset: usize, len: usize) -> ParseError {
        self.earlier = Some((offset, len));
        self
    }

    /// The sort of fault.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The 1-based line of the offending token.
    pub fn line(&self) -> usize {
        self.line
    }

    /// The 1-based column (in characters) of the offending token.
    pub fn column(&self) -> usize {
        self.column
    }

    /// The byte span `(offset, length)` of the offending token in the text.
    pub fn span(&self) -> (usize, usize) {
        (self.offset, self.len)
    }

    /// The byte span of an earlier place the error refers to, such as the first definition of
    /// an information set that a later definition contradicts.
    pub fn earlier_span(&self) -> Option<(usize, usize)> {
        self.earlier
    }

    /// What was wrong, without the position: what was expected and what was found.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// How to mend the file.
    pub fn hint(&self) -> &str {
        &self.hint
    }
}

/// The 1-based line and character column of a byte offset. Computed only when an error is
/// built, so the lexer never has to count lines.
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text.as_bytes()[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    // Count characters, not bytes: continuation bytes of UTF-8 do not start a character.
    let column = before[line_start..]
        .iter()
        .filter(|&&b| (b & 0xC0) != 0x80)
        .count()
        + 1;
    (line, column)
}

/// Why a game file could not be read: the file could not be opened, or its text is not a valid
/// game. Either way the error names the file.
#[derive(Debug, thiserror::Error)]
#[error("{}: {cause}", path.display())]
pub struct ReadError {
    path: PathBuf,
    // Not marked as the source: the message already includes the cause, and a report that
    // walks the source chain would otherwise print it twice. Boxed: a parse error keeps the
    // whole text, and a `Result` should not carry that much inline.
    cause: Box<ReadCause>,
}

#[derive(Debug, thiserror::Error)]
enum ReadCause {
    #[error("cannot read the file: {0}")]
    Io(std::io::Error),
    #[error("{error}")]
    Parse { error: ParseError, text: String },
}

impl ReadError {
    pub(crate) fn io(path: &Path, error: std::io::Error) -> ReadError {
        ReadError {
            path: path.to_path_buf(),
            cause: Box::new(ReadCause::Io(error)),
        }
    }

    pub(crate) fn parse(path: &Path, error: ParseError, text: String) -> ReadError {
        ReadError {
            path: path.to_path_buf(),
            cause: Box::new(ReadCause::Parse { error, text }),
        }
    }

    /// The file that could not be read.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The parse error, if the file was read but its text is not a valid game.
    pub fn parse_error(&self) -> Option<&ParseError> {
        match &*self.cause {
            ReadCause::Parse { error, .. } => Some(error),
            ReadCause::Io(_) => None,
        }
    }

    /// The file's text, if it was read (so a caller can show the offending span).
    pub fn text(&self) -> Option<&str> {
        match &*self.cause {
            ReadCause::Parse { text, .. } => Some(text),
            ReadCause::Io(_) => None,
        }
    }

    /// The input/output error, if the file could not be read at all.
    pub fn io_error(&self) -> Option<&std::io::Error> {
        match &*self.cause {
            ReadCause::Io(error) => Some(error),
            ReadCause::Parse { .. } => None,
        }
    }
}
