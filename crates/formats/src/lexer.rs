//! A single-pass byte lexer for Gambit's game files.
//!
//! Tokens are byte ranges into the text: nothing is copied or allocated while lexing, and line
//! and column numbers are computed only when an error is reported. Strings are unescaped only
//! when their value is needed and only if they contain a backslash.

use std::borrow::Cow;

use brink_game::Rational;

use crate::error::{line_column, ErrorKind, ParseError};
use crate::number::parse_exact;

/// The sort of a token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A double-quoted string.
    Str,
    /// Something that starts like a number: a digit, a sign or a decimal point.
    Number,
    /// Any other run of characters up to whitespace or punctuation (`EFG`, `c`, `R`).
    Word,
    LBrace,
    RBrace,
    Comma,
    Eof,
}

/// A token: its sort and its byte range (for strings, including the quotes).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Token {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
    /// Whether a string contains a backslash (and so needs unescaping).
    escaped: bool,
}

impl Token {
    pub fn len(&self) -> usize {
        self.end - self.start
    }
}

/// Gambit counts as whitespace what C's `isspace` does.
#[inline]
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

/// Bytes that end a number or a word.
#[inline]
fn is_delimiter(b: u8) -> bool {
    is_space(b) || matches!(b, b'{' | b'}' | b',' | b'"')
}

pub(crate) struct Lexer<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    peeked: Option<Token>,
    /// The last two strings consumed, for the hint about a missing closing quote.
    recent_strings: [Option<Token>; 2],
}

impl<'a> Lexer<'a> {
    pub fn new(text: &'a str) -> Lexer<'a> {
        Lexer {
            text,
            bytes: text.as_bytes(),
            pos: 0,
            peeked: None,
            recent_strings: [None; 2],
        }
    }

    pub fn text(&self) -> &'a str {
        self.text
    }

    /// How many bytes are left after the current position (an upper bound on how much data
    /// the rest of the file can hold).
    pub fn remaining(&self) -> usize {
        self.bytes.len() - self.peeked.map_or(self.pos, |t| t.start)
    }

    /// The next token, consumed.
    pub fn next(&mut self) -> Result<Token, ParseError> {
        let t = match self.peeked.take() {
            Some(t) => t,
            None => self.scan()?,
        };
        if t.kind == Kind::Str {
            self.recent_strings = [self.recent_strings[1], Some(t)];
        }
        Ok(t)
    }

    /// The next token, not consumed.
    pub fn peek(&mut self) -> Result<Token, ParseError> {
        match self.peeked {
            Some(t) => Ok(t),
            None => {
                let t = self.scan()?;
                self.peeked = Some(t);
                Ok(t)
            }
        }
    }

    fn scan(&mut self) -> Result<Token, ParseError> {
        let bytes = self.bytes;
        let mut pos = self.pos;
        while pos < bytes.len() && is_space(bytes[pos]) {
            pos += 1;
        }
        let start = pos;
        let token = |kind, end| Token {
            kind,
            start,
            end,
            escaped: false,
        };
        let Some(&b) = bytes.get(pos) else {
            self.pos = pos;
            return Ok(token(Kind::Eof, pos));
        };
        let t = match b {
            b'{' => token(Kind::LBrace, pos + 1),
            b'}' => token(Kind::RBrace, pos + 1),
            b',' => token(Kind::Comma, pos + 1),
            b'"' => {
                let mut escaped = false;
                pos += 1;
                loop {
                    match bytes.get(pos) {
                        None => {
                            return Err(ParseError::new(
                                self.text,
                                ErrorKind::UnterminatedString,
                                start,
                                1,
                                "expected a closing '\"' for the string that starts here, but \
                                 found the end of the file"
                                    .into(),
                                "close the string with '\"'; write a quote inside a string as \\\"",
                            ));
                        }
                        Some(b'"') => break,
                        Some(b'\\') => {
                            escaped = true;
                            // A backslash protects the next byte (a quote or a backslash).
                            pos += if pos + 1 < bytes.len() { 2 } else { 1 };
                        }
                        Some(_) => pos += 1,
                    }
                }
                Token {
                    kind: Kind::Str,
                    start,
                    end: pos + 1,
                    escaped,
                }
            }
            _ => {
                while pos < bytes.len() && !is_delimiter(bytes[pos]) {
                    pos += 1;
                }
                let kind = if b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.') {
                    Kind::Number
                } else {
                    Kind::Word
                };
                token(kind, pos)
            }
        };
        self.pos = t.end;
        Ok(t)
    }

    /// The raw text of a token (for strings, without the quotes and still escaped).
    pub fn raw(&self, t: Token) -> &'a str {
        match t.kind {
            Kind::Str => &self.text[t.start + 1..t.end - 1],
            _ => &self.text[t.start..t.end],
        }
    }

    /// The value of a string token: `\"` stands for `"` and `\\` for `\`; a backslash before
    /// anything else is kept as it is.
    pub fn string(&self, t: Token) -> Cow<'a, str> {
        let raw = self.raw(t);
        if !t.escaped {
            return Cow::Borrowed(raw);
        }
        let mut out = String::with_capacity(raw.len());
        let mut chars = raw.chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                match chars.next() {
                    Some(next @ ('"' | '\\')) => out.push(next),
                    Some(next) => {
                        out.push('\\');
                        out.push(next);
                    }
                    None => out.push('\\'),
                }
            } else {
                out.push(c);
            }
        }
        Cow::Owned(out)
    }

    /// Whether a string token's value equals `value`, without allocating when it has no escapes.
    pub fn string_eq(&self, t: Token, value: &str) -> bool {
        if t.escaped {
            self.string(t) == value
        } else {
            self.raw(t) == value
        }
    }

    /// A short description of a token for messages: `the string "abc"`, `'{'`, ...
    pub fn describe(&self, t: Token) -> String {
        fn shorten(s: &str) -> String {
            let mut out: String = s.chars().take(40).collect();
            if out.len() < s.len() {
                out.push_str("...");
            }
            out.replace('\n', "\\n")
        }
        match t.kind {
            Kind::Str => format!("the string \"{}\"", shorten(self.raw(t))),
            Kind::Number => format!("the number {}", shorten(self.raw(t))),
            Kind::Word => format!("the word `{}`", shorten(self.raw(t))),
            Kind::LBrace => "'{'".into(),
            Kind::RBrace => "'}'".into(),
            Kind::Comma => "','".into(),
            Kind::Eof => "the end of the file".into(),
        }
    }

    /// An error about token `t`. The kind is `UnexpectedEnd` whenever the token is the end of
    /// the file, so that truncated files are always reported as such.
    pub fn error(&self, t: Token, kind: ErrorKind, message: String, hint: &str) -> ParseError {
        let kind = if t.kind == Kind::Eof && kind == ErrorKind::UnexpectedToken {
            ErrorKind::UnexpectedEnd
        } else {
            kind
        };
        ParseError::new(self.text, kind, t.start, t.len(), message, hint)
    }

    /// The standard "expected X but found Y" error.
    ///
    /// A string that lacks its closing quote swallows text up to the next quote, usually on
    /// the next line, and the parser then trips over what follows. So when the last string
    /// before the offending token spans a line break, the hint says so and points at it.
    pub fn unexpected(&self, t: Token, expected: &str, hint: &str) -> ParseError {
        let message = format!("expected {expected} but found {}", self.describe(t));
        // Two strings back, because the swallowed text often pairs the next two quotes too.
        let suspect = self
            .recent_strings
            .iter()
            .rev()
            .flatten()
            .find(|s| s.end <= t.start && self.raw(**s).contains('\n'));
        if let Some(s) = suspect {
            let (line, column) = line_column(self.text, s.start);
            let error = ParseError::new(
                self.text,
                ErrorKind::UnexpectedToken,
                t.start,
                t.len(),
                message,
                format!(
                    "the string that starts at line {line}, column {column} runs over a line break: \
                     is its closing quote missing? ({hint})"
                ),
            );
            return error.with_earlier(s.start, s.len());
        }
        self.error(t, ErrorKind::UnexpectedToken, message, hint)
    }

    /// Consumes a token of the given kind or fails with "expected `expected`".
    pub fn expect(&mut self, kind: Kind, expected: &str, hint: &str) -> Result<Token, ParseError> {
        let t = self.next()?;
        if t.kind == kind {
            Ok(t)
        } else {
            Err(self.unexpected(t, expected, hint))
        }
    }

    /// Consumes a non-negative integer (for numbers of players, information sets, outcomes).
    pub fn integer(&mut self, expected: &str, hint: &str) -> Result<(u64, Token), ParseError> {
        let t = self.next()?;
        if t.kind != Kind::Number {
            return Err(self.unexpected(t, expected, hint));
        }
        let raw = self.raw(t);
        let digits = raw.strip_prefix('+').unwrap_or(raw);
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            let message = format!(
                "expected {expected} (a whole number, 0 or more) but found {}",
                self.describe(t)
            );
            return Err(self.error(t, ErrorKind::BadNumber, message, hint));
        }
        match digits.parse::<u64>() {
            Ok(n) => Ok((n, t)),
            Err(_) => {
                let message = format!("expected {expected} but found {raw}, which is too large");
                Err(self.error(t, ErrorKind::BadNumber, message, hint))
            }
        }
    }

    /// The exact value of a number token.
    pub fn number(&self, t: Token, what: &str) -> Result<Rational, ParseError> {
        let raw = self.raw(t);
        parse_exact(raw).ok_or_else(|| {
            let message = format!(
                "expected {what} (an integer, decimal or fraction such as 3, -0.25, 1e-3 or 2/3) \
                 but found `{}`, which is not a number",
                raw
            );
            self.error(
                t,
                ErrorKind::BadNumber,
                message,
                "write numbers as 3, -0.25, 1e-3 or 2/3 (no spaces inside, no zero denominator)",
            )
        })
    }
}
