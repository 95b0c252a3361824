//! Bounded excerpts of source text for error reports.
//!
//! miette shows the whole line of a span, with a line of context on either side. A scenario or
//! game file may hold a line of many kilobytes (generated, or fuzzed), and showing that line
//! once per error made the output grow with the number of errors times the line's length
//! (72 MB for 3,000 errors on a 12 KB line). An [`Excerpt`] shows short lines as miette
//! would, and a long line only around the span, with the true line and column numbers; spans
//! and messages are bounded too.

use std::ops::Range;
use std::sync::Arc;

use miette::{LabeledSpan, MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

/// How many bytes of a long line are shown on either side of a span.
const WINDOW: usize = 80;

/// The longest span underlined whole; a longer one is underlined over its first bytes.
const LONGEST_SPAN: usize = 120;

/// The most bytes of context (whole lines) shown as miette would show them; beyond that the
/// excerpt narrows to the span's own line, and then to a window around the span.
const LONGEST_CONTEXT: usize = 600;

/// The longest message or hint shown whole; a longer one keeps its start and its end.
pub const LONGEST_MESSAGE: usize = 300;

/// A source file as miette sees it, showing only a bounded part of any long line.
#[derive(Debug)]
pub struct Excerpt {
    name: String,
    text: Arc<str>,
}

impl Excerpt {
    /// A source named `name` (as the reports print it) with the full `text`.
    pub fn new(name: String, text: Arc<str>) -> Excerpt {
        Excerpt { name, text }
    }

    /// A label on `span`, cut to its first [`LONGEST_SPAN`] bytes (at a character boundary)
    /// when it is longer, so that the excerpt around it stays short.
    pub fn label(&self, span: Range<usize>, message: Option<String>) -> LabeledSpan {
        let start = floor_boundary(&self.text, span.start.min(self.text.len()));
        let end = span.end.clamp(start, self.text.len());
        let end = if end - start > LONGEST_SPAN {
            ceil_boundary(&self.text, start + LONGEST_SPAN)
        } else {
            end
        };
        LabeledSpan::new_with_span(message, start..end)
    }

    /// The window shown for `span` on a line too long to show whole: at most [`WINDOW`] bytes
    /// on either side of the span's start, within the span's line.
    fn window(&self, span: Range<usize>) -> Range<usize> {
        let text = &*self.text;
        let line_start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[span.start..]
            .find('\n')
            .map_or(text.len(), |i| span.start + i);
        let start = floor_boundary(text, span.start.saturating_sub(WINDOW).max(line_start));
        let end = span.end.max(span.start + 1) + WINDOW;
        let end = ceil_boundary(
            text,
            end.min(span.start + LONGEST_SPAN + WINDOW).min(line_end),
        );
        start..end.max(start)
    }
}

impl SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let text: &'a str = &self.text;
        let named = |c: Box<dyn SpanContents<'a> + 'a>| -> Box<dyn SpanContents<'a> + 'a> {
            Box::new(MietteSpanContents::new_named(
                self.name.clone(),
                c.data(),
                *c.span(),
                c.line(),
                c.column(),
                c.line_count(),
            ))
        };
        // Whole lines, with the context asked for, if they are short enough. Without context
        // the span alone is asked for (miette reads its line and column so), and labels are
        // short.
        let full = text.read_span(span, context_lines_before, context_lines_after)?;
        let no_context = context_lines_before == 0 && context_lines_after == 0;
        if no_context || full.data().len() <= LONGEST_CONTEXT {
            return Ok(named(full));
        }
        let start = span.offset().min(text.len());
        let end = (start + span.len()).min(text.len());
        let window = self.window(start..end);
        let before = &text[..window.start];
        let line = before.matches('\n').count();
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count());
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            &text.as_bytes()[window.clone()],
            window.clone().into(),
            line,
            column,
            text[window].matches('\n').count() + 1,
        )))
    }
}

/// `message` whole if it has at most [`LONGEST_MESSAGE`] characters; otherwise its start and
/// its end with "…" between them.
pub fn shorten(message: &str) -> String {
    let count = message.chars().count();
    if count <= LONGEST_MESSAGE {
        return message.to_string();
    }
    let keep = LONGEST_MESSAGE / 2;
    let head: String = message.chars().take(keep).collect();
    let tail: String = message.chars().skip(count - keep).collect();
    format!("{head} … {tail}")
}

fn floor_boundary(text: &str, mut at: usize) -> usize {
    while at > 0 && !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn ceil_boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_line_is_shown_around_the_span_with_its_true_place() {
        // Line 2 is 10,000 `x` with a `@` at byte offset 2 + 5,000 (after "a\n").
        let mut text = String::from("a\n");
        text.push_str(&"x".repeat(5_000));
        text.push('@');
        text.push_str(&"x".repeat(5_000));
        text.push_str("\nb\n");
        let excerpt = Excerpt::new("f".into(), text.into());
        let contents = excerpt
            .read_span(&(5_002..5_003).into(), 1, 1)
            .expect("a span");
        let shown = std::str::from_utf8(contents.data()).expect("UTF-8");
        assert!(shown.contains('@'));
        assert!(
            shown.len() <= 2 * WINDOW + LONGEST_SPAN + 1,
            "{} bytes",
            shown.len()
        );
        // 0-based line 1 (the second line); the window starts WINDOW bytes before the `@`.
        assert_eq!(contents.line(), 1);
        assert_eq!(contents.column(), 5_000 - WINDOW);
    }

    #[test]
    fn short_lines_keep_their_context() {
        let excerpt = Excerpt::new("f".into(), "one\ntwo\nthree\n".into());
        let contents = excerpt.read_span(&(4..7).into(), 1, 1).expect("a span");
        assert_eq!(contents.data(), b"one\ntwo\nthree\n");
    }

    #[test]
    fn long_messages_keep_their_ends() {
        let long = format!("start {} end", "y".repeat(1_000));
        let short = shorten(&long);
        assert!(short.starts_with("start ") && short.ends_with(" end"));
        assert!(short.chars().count() <= LONGEST_MESSAGE + 3);
        assert_eq!(shorten("fine"), "fine");
    }
}
