//! Diagnostics: what is wrong in a scenario, where, and how to mend it.

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use serde::Serialize;

/// A scenario source file, shared by the diagnostics that point into it.
#[derive(Debug, PartialEq, Eq)]
pub struct SourceFile {
    /// The name the file was loaded under (the path as given).
    pub name: String,
    /// The full text.
    pub text: String,
}

impl SourceFile {
    /// The 1-based line and column (in characters) of a byte offset.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let before = &self.text[..floor_char_boundary(&self.text, offset)];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        (line, column)
    }
}

/// The largest scenario or claims file read, in bytes. A scenario is a hand-written text;
/// anything larger (or a device such as `/dev/zero`, which never ends) is refused after this
/// many bytes, before memory runs out.
pub const SOURCE_LIMIT: u64 = 16 << 20;

/// Why a source file could not be read.
pub(crate) enum ReadFailure {
    /// The system refused (no such file, no permission...).
    Io(std::io::Error),
    /// The file holds more than [`SOURCE_LIMIT`] bytes.
    TooLarge,
    /// The file is not UTF-8: a diagnostic located at the first byte that is not.
    Encoding(Box<Diagnostic>),
}

/// Reads a scenario or claims file: at most [`SOURCE_LIMIT`] bytes, and UTF-8, with the place
/// of the first byte that is not.
pub(crate) fn read_source(path: &std::path::Path) -> Result<String, ReadFailure> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(ReadFailure::Io)?;
    let mut bytes = Vec::new();
    file.take(SOURCE_LIMIT + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadFailure::Io)?;
    if bytes.len() as u64 > SOURCE_LIMIT {
        return Err(ReadFailure::TooLarge);
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let bad = e.utf8_error().error_len().unwrap_or(1);
        // The text up to the bad byte is kept as it is, so offsets before it, and the line
        // and column of the bad byte, are the file's; the bad bytes show as U+FFFD.
        let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
        let source = Arc::new(SourceFile {
            name: path.display().to_string(),
            text,
        });
        let (line, column) = source.line_column(at);
        let byte = e.as_bytes()[at];
        ReadFailure::Encoding(Box::new(
            Diagnostic::error(
                "S001",
                format!(
                    "`{}` is not UTF-8 text: byte {at} (line {line}, column {column}), \
                     0x{byte:02x}, {} not start or continue a UTF-8 character",
                    path.display(),
                    if bad > 1 {
                        "and the next ones do"
                    } else {
                        "does"
                    }
                ),
            )
            .at(&source, at..at + '\u{fffd}'.len_utf8())
            .hint("save the file as UTF-8 (plain ASCII is fine)"),
        ))
    })
}

impl ReadFailure {
    /// The diagnostic for reading `path`; `how` says how the file was reached, e.g. "" or
    /// ", which this scenario extends".
    pub(crate) fn diagnostic(self, path: &std::path::Path, how: &str) -> Diagnostic {
        match self {
            ReadFailure::Io(e) => Diagnostic::error(
                "S001",
                format!("cannot read `{}`{how}: {e}", path.display()),
            ),
            ReadFailure::TooLarge => Diagnostic::error(
                "S001",
                format!(
                    "cannot read `{}`{how}: it is larger than {} MiB, far more than a scenario",
                    path.display(),
                    SOURCE_LIMIT >> 20
                ),
            )
            .hint("a scenario or claims file is a short text file; check the file name"),
            ReadFailure::Encoding(d) => *d,
        }
    }
}

fn floor_char_boundary(text: &str, mut at: usize) -> usize {
    while at > 0 && !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The part of `text` around `around` (a byte range into it) for quoting in a message: at most
/// `width` characters on either side and `2 * width` of the range itself, with "…" where the
/// text was cut. A message quotes this rather than a whole formula, which may be kilobytes long
/// and quoted once per error.
pub(crate) fn excerpt(text: &str, around: Range<usize>, width: usize) -> String {
    let start = floor_char_boundary(text, around.start.min(text.len()));
    let end = floor_char_boundary(text, around.end.clamp(start, text.len()));
    let from = text[..start]
        .char_indices()
        .rev()
        .take(width)
        .last()
        .map_or(start, |(i, _)| i);
    let (middle_end, cut) = match text[start..end].char_indices().nth(2 * width) {
        Some((i, _)) => (start + i, true),
        None => (end, false),
    };
    let to = if cut {
        middle_end
    } else {
        text[end..]
            .char_indices()
            .nth(width)
            .map_or(text.len(), |(i, _)| end + i)
    };
    let mut out = String::new();
    if from > 0 {
        out.push('…');
    }
    out.push_str(&text[from..to]);
    if to < text.len() {
        out.push('…');
    }
    out
}

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Severity {
    /// The scenario cannot be used.
    Error,
    /// The scenario works but something is probably not what the author meant.
    Warning,
}

/// A secondary place that matters to a diagnostic.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    /// The byte span in the same file.
    pub span: Range<usize>,
    /// What is there.
    pub message: String,
}

/// One problem found in a scenario, with its place.
///
/// `code` is stable (`S012`) so that documentation and scripts can refer to it; `span` is a
/// byte range into [`Diagnostic::source`], so a renderer such as miette can underline it.
#[derive(Clone, Debug)]
pub struct Diagnostic {
    /// The stable code, e.g. `S012`.
    pub code: &'static str,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, in one sentence.
    pub message: String,
    /// How to mend it, if there is something useful to say.
    pub hint: Option<String>,
    /// The file it is about (`None` for problems that are not in any file, such as a
    /// `--set` override on the command line).
    pub source: Option<Arc<SourceFile>>,
    /// The primary byte span in that file.
    pub span: Option<Range<usize>>,
    /// Other places that matter.
    pub labels: Vec<Label>,
}

impl Diagnostic {
    pub(crate) fn error(code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code,
            severity: Severity::Error,
            message: message.into(),
            hint: None,
            source: None,
            span: None,
            labels: Vec::new(),
        }
    }

    pub(crate) fn at(mut self, source: &Arc<SourceFile>, span: Range<usize>) -> Diagnostic {
        self.source = Some(source.clone());
        self.span = Some(span);
        self
    }

    pub(crate) fn hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
    }

    pub(crate) fn label(mut self, span: Range<usize>, message: impl Into<String>) -> Diagnostic {
        self.labels.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    pub(crate) fn warning(mut self) -> Diagnostic {
        self.severity = Severity::Warning;
        self
    }

    /// The file name, 1-based line and column of the primary span, if it has one.
    pub fn location(&self) -> Option<(&str, usize, usize)> {
        let source = self.source.as_ref()?;
        let span = self.span.as_ref()?;
        let (line, column) = source.line_column(span.start);
        Some((&source.name, line, column))
    }

    /// Whether this is an error (not a warning).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    /// One line `file:line:column: error[S012]: message`, then the hint and labels indented.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        if let Some((file, line, column)) = self.location() {
            write!(f, "{file}:{line}:{column}: ")?;
        }
        write!(f, "{kind}[{}]: {}", self.code, self.message)?;
        if let Some(source) = &self.source {
            for label in &self.labels {
                let (line, column) = source.line_column(label.span.start);
                write!(f, "\n  note: {line}:{column}: {}", label.message)?;
            }
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// The serialisable form of a diagnostic (for `--json`).
#[derive(Clone, Debug, Serialize)]
pub struct DiagnosticJson {
    /// The stable code.
    pub code: &'static str,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong.
    pub message: String,
    /// How to mend it.
    pub hint: Option<String>,
    /// The file name.
    pub file: Option<String>,
    /// 1-based line.
    pub line: Option<usize>,
    /// 1-based column.
    pub column: Option<usize>,
    /// The byte span.
    pub span: Option<(usize, usize)>,
}

impl Diagnostic {
    /// The diagnostic as a plain serialisable record.
    pub fn to_json(&self) -> DiagnosticJson {
        let location = self.location();
        DiagnosticJson {
            code: self.code,
            severity: self.severity,
            message: self.message.clone(),
            hint: self.hint.clone(),
            file: location.map(|l| l.0.to_string()),
            line: location.map(|l| l.1),
            column: location.map(|l| l.2),
            span: self.span.as_ref().map(|s| (s.start, s.end)),
        }
    }
}

/// The candidate `name` was most likely meant to be, if one is close enough to be a slip of
/// the keyboard: at most one edit (an insertion, a deletion, a substitution or two neighbours
/// swapped) for every three characters, ignoring case. A distant match would mislead more than
/// it helps, so there is none beyond that (and for a name of one or two characters, every other
/// short name is one edit away, so only a difference of case counts); of equally close
/// candidates the first is taken.
pub fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let name_lower: Vec<char> = name.to_lowercase().chars().collect();
    let limit = name_lower.len() / 3;
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        let c: Vec<char> = candidate.to_lowercase().chars().collect();
        let d = edit_distance(&name_lower, &c);
        if d <= limit && candidate != name && best.is_none_or(|(b, _)| d < b) {
            best = Some((d, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// A hint that starts with "did you mean `X`?" when [`did_you_mean`] finds an `X`, followed
/// by `rest` (typically the list of what there is).
pub fn suggestion_hint<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    rest: &str,
) -> String {
    match did_you_mean(name, candidates) {
        Some(c) => format!("did you mean `{c}`? {rest}"),
        None => rest.to_string(),
    }
}

/// The optimal-string-alignment distance: Levenshtein's edits plus the swap of two neighbouring
/// characters, the commonest typing slip (`lpc` for `lcp`).
fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (rows[i - 1][j] + 1)
                .min(rows[i][j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = d;
        }
    }
    rows[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::{did_you_mean, excerpt};

    #[test]
    fn only_close_names_are_suggested() {
        let variants = ["tripwire", "anti_nato_president", "automatic_retaliation"];
        assert_eq!(did_you_mean("tripwir", variants), Some("tripwire"));
        assert_eq!(did_you_mean("Tripwire", variants), Some("tripwire"));
        assert_eq!(
            did_you_mean("automatic_retalation", variants),
            Some("automatic_retaliation")
        );
        // A swap of neighbours is one slip.
        assert_eq!(did_you_mean("lpc", ["lcp", "lp", "spe"]), Some("lcp"));
        // Far from everything: no suggestion rather than a misleading one.
        assert_eq!(did_you_mean("missiles", variants), None);
        assert_eq!(did_you_mean("x", ["stake", "war_cost"]), None);
        assert_eq!(did_you_mean("w", ["v"]), None);
        assert_eq!(did_you_mean("V", ["v"]), Some("v"));
        // An exact match is not a suggestion.
        assert_eq!(did_you_mean("tripwire", ["tripwire"]), None);
    }

    #[test]
    fn excerpts_cut_long_text_around_the_range_and_say_so() {
        // 100 `a`, then `bc`, then 100 `d`: three characters on either side of `bc`.
        let text = format!("{}bc{}", "a".repeat(100), "d".repeat(100));
        assert_eq!(excerpt(&text, 100..102, 3), "…aaabcddd…");
        // A text within the width on both sides is quoted whole: `y` has 4 characters before.
        assert_eq!(excerpt("x + y", 4..5, 4), "x + y");
        assert_eq!(excerpt("x + y", 4..5, 3), "… + y");
        // A long range is cut after twice the width.
        assert_eq!(excerpt(&"z".repeat(50), 0..50, 2), "zzzz…");
    }
}
