//! A small SVG writer: escaping, deterministic number formatting, text width estimates, and
//! the colour palette shared by every picture.
//!
//! Pictures are written as plain strings rather than through a plotting library because the
//! drawings here are simple shapes and text whose placement we control exactly, and because
//! a string is trivially deterministic and needs no fonts or C libraries at build time.

use std::fmt::Write as _;

/// The font stack used by every picture: common sans-serif faces first, so the SVG looks the
/// same in a browser on any system, with a generic fallback.
pub(crate) const FONT: &str = "Helvetica, Arial, 'DejaVu Sans', 'Liberation Sans', sans-serif";

/// The Okabe–Ito palette (Okabe & Ito 2008, "Color Universal Design"), ordered so that the
/// first colours are the most distinct from one another for readers with any form of colour
/// blindness. Used for categories in maps and for series in plots.
pub(crate) const OKABE_ITO: [&str; 8] = [
    "#0072B2", // blue
    "#E69F00", // orange
    "#009E73", // bluish green
    "#D55E00", // vermillion
    "#56B4E9", // sky blue
    "#CC79A7", // reddish purple
    "#F0E442", // yellow
    "#000000", // black
];

/// Fills for map regions: the same eight hues, in an order where neighbouring regions of a
/// typical map (status quo, fait accompli, war, ...) are far apart in hue and in lightness.
pub(crate) const REGION_FILLS: [&str; 8] = [
    "#56B4E9", // sky blue
    "#E69F00", // orange
    "#D55E00", // vermillion
    "#009E73", // bluish green
    "#F0E442", // yellow
    "#CC79A7", // reddish purple
    "#0072B2", // blue
    "#999999", // grey
];

/// The colour of player `index` (0-based) in tree drawings.
pub(crate) fn player_colour(index: usize) -> &'static str {
    const PLAYERS: [&str; 6] = [
        "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9",
    ];
    PLAYERS[index % PLAYERS.len()]
}

/// The colour of chance moves in tree drawings: a neutral dark grey, distinct from every
/// player colour.
pub(crate) const CHANCE_COLOUR: &str = "#555555";

/// Escapes text for use in XML character data and in double-quoted attribute values.
pub fn escape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters other than tab and newline are not allowed in XML 1.0 at all,
            // so they are dropped rather than escaped.
            c if (c as u32) < 0x20 && c != '\t' && c != '\n' => {}
            '\u{FFFE}' | '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Formats a coordinate with one decimal, never as `-0.0`, so output is byte-for-byte
/// deterministic and compact.
pub(crate) fn num(x: f64) -> String {
    if !x.is_finite() {
        return "0".into();
    }
    let rounded = (x * 10.0).round() / 10.0;
    let text = if rounded.fract() == 0.0 {
        format!("{}", rounded as i64)
    } else {
        format!("{rounded:.1}")
    };
    if text == "-0" {
        "0".into()
    } else {
        text
    }
}

/// Formats a probability or measure for a label: up to `digits` decimals, trailing zeros
/// removed, `-0` shown as `0`.
pub(crate) fn decimal(x: f64, digits: usize) -> String {
    if x.is_nan() {
        return "n/a".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "∞".into() } else { "-∞".into() };
    }
    let mut text = format!("{x:.digits$}");
    if text.contains('.') {
        while text.ends_with('0') {
            text.pop();
        }
        if text.ends_with('.') {
            text.pop();
        }
    }
    if text == "-0" {
        text = "0".into();
    }
    text
}

/// An estimate of the width of `text` in pixels at `size` px in a common sans-serif face.
/// Layout only needs this to keep labels apart, so a per-character average (slightly
/// generous, so DejaVu Sans, the widest of the stack, still fits) is enough.
pub(crate) fn text_width(text: &str, size: f64) -> f64 {
    let mut units = 0.0;
    for c in text.chars() {
        units += match c {
            'i' | 'l' | 'j' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' | ' ' => 0.32,
            'f' | 't' | 'r' | '(' | ')' | '[' | ']' | '/' | '-' => 0.42,
            'm' | 'w' | 'M' | 'W' => 0.98,
            c if c.is_ascii_uppercase() => 0.72,
            c if c.is_ascii_digit() => 0.64,
            _ => 0.62,
        };
    }
    units * size
}

/// Shortens `text` to at most `max` characters, ending in an ellipsis when cut.
pub(crate) fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// Whether dark text reads better than white text on `fill` (a `#rrggbb` colour), by the
/// relative luminance of WCAG 2.x.
pub(crate) fn dark_text_on(fill: &str) -> bool {
    let hex = fill.trim_start_matches('#');
    if hex.len() != 6 {
        return true;
    }
    let channel = |i: usize| {
        let v = u8::from_str_radix(&hex[i..i + 2], 16).unwrap_or(0) as f64 / 255.0;
        if v <= 0.03928 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    let luminance = 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4);
    // The luminance at which black and white text have equal contrast is about 0.179.
    luminance > 0.179
}

/// An SVG document under construction.
pub(crate) struct Svg {
    body: String,
}

impl Svg {
    pub(crate) fn new() -> Self {
        Svg {
            body: String::new(),
        }
    }

    /// Appends raw markup (already escaped by the caller).
    pub(crate) fn raw(&mut self, markup: &str) {
        self.body.push_str(markup);
        self.body.push('\n');
    }

    /// A text element; `attrs` is extra raw attribute markup.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn text(
        &mut self,
        x: f64,
        y: f64,
        size: f64,
        anchor: &str,
        fill: &str,
        attrs: &str,
        content: &str,
    ) {
        let _ = writeln!(
            self.body,
            r#"<text x="{}" y="{}" font-size="{}" text-anchor="{anchor}" fill="{fill}"{}{attrs}>{}</text>"#,
            num(x),
            num(y),
            num(size),
            if attrs.is_empty() { "" } else { " " },
            escape_xml(content)
        );
    }

    #[allow(clippy::too_many_arguments)]
    pub(crate) fn line(
        &mut self,
        x1: f64,
        y1: f64,
        x2: f64,
        y2: f64,
        stroke: &str,
        width: f64,
        attrs: &str,
    ) {
        let _ = writeln!(
            self.body,
            r#"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{stroke}" stroke-width="{}"{}{attrs}/>"#,
            num(x1),
            num(y1),
            num(x2),
            num(y2),
            num(width),
            if attrs.is_empty() { "" } else { " " },
        );
    }

    pub(crate) fn rect(&mut self, x: f64, y: f64, w: f64, h: f64, fill: &str, attrs: &str) {
        let _ = writeln!(
            self.body,
            r#"<rect x="{}" y="{}" width="{}" height="{}" fill="{fill}"{}{attrs}/>"#,
            num(x),
            num(y),
            num(w.max(0.0)),
            num(h.max(0.0)),
            if attrs.is_empty() { "" } else { " " },
        );
    }

    /// The markup written so far, for splicing into another document.
    pub(crate) fn into_body(self) -> String {
        self.body
    }

    /// Closes the document at the given size, with a white background and a title for
    /// screen readers.
    pub(crate) fn finish(self, width: f64, height: f64, title: &str) -> String {
        let mut out = String::with_capacity(self.body.len() + 512);
        let _ = writeln!(
            out,
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="{FONT}" role="img">"#,
            w = num(width.ceil()),
            h = num(height.ceil()),
        );
        let _ = writeln!(out, "<title>{}</title>", escape_xml(title));
        let _ = writeln!(
            out,
            r##"<rect x="0" y="0" width="{}" height="{}" fill="#ffffff"/>"##,
            num(width.ceil()),
            num(height.ceil())
        );
        out.push_str(&self.body);
        out.push_str("</svg>\n");
        out
    }
}

/// "Nice" tick values covering `[low, high]`: steps of 1, 2 or 5 times a power of ten, about
/// `target` of them (Heckbert 1990, "Nice numbers for graph labels").
pub(crate) fn nice_ticks(low: f64, high: f64, target: usize) -> Vec<f64> {
    if !low.is_finite() || !high.is_finite() {
        return Vec::new();
    }
    let (low, high) = if low <= high {
        (low, high)
    } else {
        (high, low)
    };
    let span = high - low;
    if span <= 0.0 {
        return vec![low];
    }
    let raw = span / target.max(1) as f64;
    let power = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * power)
        .find(|s| span / s <= target as f64 + 0.5)
        .unwrap_or(10.0 * power);
    let first = (low / step).ceil();
    let last = (high / step).floor();
    let mut ticks = Vec::new();
    let mut k = first;
    // The count is bounded by the choice of step above; the explicit cap guards against
    // pathological floating-point ranges.
    while k <= last + 1e-9 && ticks.len() < 50 {
        let v = k * step;
        ticks.push(if v.abs() < step * 1e-9 { 0.0 } else { v });
        k += 1.0;
    }
    ticks
}

/// Formats a tick value with as many decimals as the step between ticks needs.
pub(crate) fn tick_label(value: f64, ticks: &[f64]) -> String {
    let step = if ticks.len() >= 2 {
        (ticks[1] - ticks[0]).abs()
    } else {
        1.0
    };
    let digits = if step > 0.0 && step < 1.0 {
        (-step.log10()).ceil().clamp(0.0, 8.0) as usize
    } else {
        0
    };
    decimal(value, digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_control_characters() {
        assert_eq!(
            escape_xml("a<b & \"c\" 'd'\u{1}"),
            "a&lt;b &amp; &quot;c&quot; &#39;d&#39;"
        );
    }

    #[test]
    fn coordinates_never_print_negative_zero() {
        assert_eq!(num(-0.01), "0");
        assert_eq!(num(12.34), "12.3");
        assert_eq!(num(5.0), "5");
    }

    #[test]
    fn nice_ticks_use_round_steps() {
        let labels: Vec<String> = nice_ticks(0.0, 1.0, 5)
            .iter()
            .map(|&t| tick_label(t, &nice_ticks(0.0, 1.0, 5)))
            .collect();
        assert_eq!(labels, ["0", "0.2", "0.4", "0.6", "0.8", "1"]);
    }

    #[test]
    fn light_fills_get_dark_text() {
        assert!(dark_text_on("#F0E442"));
        assert!(!dark_text_on("#0072B2"));
    }
}
