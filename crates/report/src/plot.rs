//! Line plots of a measure along one parameter (with thresholds marked) and the chart of the
//! claims' verdicts.

use crate::svg::{
    decimal, escape_xml, nice_ticks, num, shorten, text_width, tick_label, Svg, OKABE_ITO,
};

/// One line of a [`LinePlot`].
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Series {
    /// The name shown in the legend (e.g. a variant's name).
    pub name: String,
    /// The points `(x, y)`, in any order; they are joined in increasing `x`. A point whose `y`
    /// is not finite breaks the line.
    pub points: Vec<(f64, f64)>,
}

/// A vertical line marking where something changes.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Threshold {
    /// Where, on the horizontal axis.
    pub x: f64,
    /// What changes there (e.g. `"status quo → war"`).
    pub label: String,
}

/// A measure along one parameter.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct LinePlot {
    /// The title above the plot.
    pub title: String,
    /// The name of the parameter on the horizontal axis.
    pub x_name: String,
    /// The name of the measure on the vertical axis.
    pub y_name: String,
    /// The lines to draw.
    pub series: Vec<Series>,
    /// Vertical lines to mark, each labelled.
    pub thresholds: Vec<Threshold>,
    /// The vertical range; `None` fits the data (probabilities are best shown on `(0, 1)`).
    pub y_range: Option<(f64, f64)>,
}

const PLOT_W: f64 = 520.0;
const PLOT_H: f64 = 300.0;
const LEFT: f64 = 70.0;
const TOP: f64 = 62.0;

/// Dash patterns that tell series apart without colour.
const DASHES: [&str; 4] = ["", "7 4", "2 3", "9 3 2 3"];

/// Draws a line plot as an SVG document, with each threshold as a labelled vertical dashed
/// line.
pub fn line_plot(plot: &LinePlot) -> String {
    let finite_points = || {
        plot.series
            .iter()
            .flat_map(|s| s.points.iter())
            .filter(|(x, y)| x.is_finite() && y.is_finite())
    };
    let mut x_lo = f64::INFINITY;
    let mut x_hi = f64::NEG_INFINITY;
    let mut y_lo = f64::INFINITY;
    let mut y_hi = f64::NEG_INFINITY;
    for &(x, y) in finite_points() {
        x_lo = x_lo.min(x);
        x_hi = x_hi.max(x);
        y_lo = y_lo.min(y);
        y_hi = y_hi.max(y);
    }
    for t in plot.thresholds.iter().filter(|t| t.x.is_finite()) {
        x_lo = x_lo.min(t.x);
        x_hi = x_hi.max(t.x);
    }
    if !x_lo.is_finite() {
        return crate::tree::message_svg(&plot.title, "This plot has no points to draw.");
    }
    if let Some((lo, hi)) = plot
        .y_range
        .filter(|(lo, hi)| lo.is_finite() && hi.is_finite() && lo < hi)
    {
        y_lo = lo;
        y_hi = hi;
    } else if !y_lo.is_finite() {
        y_lo = 0.0;
        y_hi = 1.0;
    } else {
        let pad = ((y_hi - y_lo) * 0.06).max(1e-9);
        y_lo -= pad;
        y_hi += pad;
    }
    if x_hi <= x_lo {
        x_lo -= 0.5;
        x_hi += 0.5;
    }
    let sx = |x: f64| LEFT + (x - x_lo) / (x_hi - x_lo) * PLOT_W;
    let sy = |y: f64| TOP + PLOT_H - (y.clamp(y_lo, y_hi) - y_lo) / (y_hi - y_lo) * PLOT_H;

    let mut svg = Svg::new();
    svg.text(
        LEFT,
        28.0,
        16.0,
        "start",
        "#111111",
        r#"font-weight="bold""#,
        &plot.title,
    );

    // Grid and ticks.
    let x_ticks = nice_ticks(x_lo, x_hi, 6);
    let y_ticks = nice_ticks(y_lo, y_hi, 5);
    for &t in &y_ticks {
        let y = sy(t);
        svg.line(LEFT, y, LEFT + PLOT_W, y, "#e4e4e4", 1.0, "");
        svg.text(
            LEFT - 8.0,
            y + 4.0,
            11.0,
            "end",
            "#333333",
            "",
            &tick_label(t, &y_ticks),
        );
    }
    for &t in &x_ticks {
        let x = sx(t);
        svg.line(x, TOP + PLOT_H, x, TOP + PLOT_H + 5.0, "#333333", 1.0, "");
        svg.text(
            x,
            TOP + PLOT_H + 18.0,
            11.0,
            "middle",
            "#333333",
            "",
            &tick_label(t, &x_ticks),
        );
    }
    svg.line(
        LEFT,
        TOP + PLOT_H,
        LEFT + PLOT_W,
        TOP + PLOT_H,
        "#333333",
        1.0,
        "",
    );
    svg.line(LEFT, TOP, LEFT, TOP + PLOT_H, "#333333", 1.0, "");
    svg.text(
        LEFT + PLOT_W / 2.0,
        TOP + PLOT_H + 40.0,
        12.5,
        "middle",
        "#111111",
        "",
        &plot.x_name,
    );
    let yc = TOP + PLOT_H / 2.0;
    svg.text(
        20.0,
        yc,
        12.5,
        "middle",
        "#111111",
        &format!(r#"transform="rotate(-90 20 {})""#, num(yc)),
        &plot.y_name,
    );

    // Thresholds, under the lines. Each line carries a short tag (T1, T2, ... in order along
    // the axis) and the legend spells it out, so that close thresholds never write over each
    // other's lines.
    let mut thresholds: Vec<&Threshold> =
        plot.thresholds.iter().filter(|t| t.x.is_finite()).collect();
    thresholds.sort_by(|a, b| a.x.total_cmp(&b.x));
    for (k, t) in thresholds.iter().enumerate() {
        let x = sx(t.x);
        svg.line(
            x,
            TOP,
            x,
            TOP + PLOT_H,
            "#444444",
            1.3,
            r#"stroke-dasharray="6 4""#,
        );
        // Tags of lines closer than a tag's width take turns between two heights.
        let close = k > 0 && x - sx(thresholds[k - 1].x) < 22.0;
        let y = TOP - 5.0 - if close && k % 2 == 1 { 11.0 } else { 0.0 };
        svg.text(
            x,
            y,
            10.5,
            "middle",
            "#222222",
            r#"font-weight="bold""#,
            &format!("T{}", k + 1),
        );
    }

    // Series.
    for (k, series) in plot.series.iter().enumerate() {
        let colour = OKABE_ITO[k % OKABE_ITO.len()];
        let dash = DASHES[k % DASHES.len()];
        let dash_attr = if dash.is_empty() {
            String::new()
        } else {
            format!(r#" stroke-dasharray="{dash}""#)
        };
        let mut points: Vec<(f64, f64)> = series
            .points
            .iter()
            .copied()
            .filter(|(x, _)| x.is_finite())
            .collect();
        points.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut d = String::new();
        let mut pen_down = false;
        for &(x, y) in &points {
            if !y.is_finite() {
                pen_down = false;
                continue;
            }
            d.push_str(&format!(
                "{}{} {}",
                if pen_down { "L" } else { "M" },
                num(sx(x)),
                num(sy(y))
            ));
            pen_down = true;
        }
        if !d.is_empty() {
            svg.raw(&format!(
                r#"<path d="{d}" fill="none" stroke="{colour}" stroke-width="2.2" stroke-linejoin="round"{dash_attr}/>"#
            ));
        }
        if points.len() <= 40 {
            for &(x, y) in points.iter().filter(|(_, y)| y.is_finite()) {
                svg.raw(&format!(
                    r#"<circle cx="{}" cy="{}" r="2.8" fill="{colour}"/>"#,
                    num(sx(x)),
                    num(sy(y))
                ));
            }
        }
    }

    // Legend.
    let lx = LEFT + PLOT_W + 20.0;
    let mut ly = TOP + 8.0;
    let mut legend_w: f64 = 0.0;
    for (k, series) in plot.series.iter().enumerate() {
        let colour = OKABE_ITO[k % OKABE_ITO.len()];
        let dash = DASHES[k % DASHES.len()];
        let attrs = if dash.is_empty() {
            String::new()
        } else {
            format!(r#"stroke-dasharray="{dash}""#)
        };
        svg.line(lx, ly - 4.0, lx + 26.0, ly - 4.0, colour, 2.2, &attrs);
        let name = shorten(&series.name, 30);
        svg.text(lx + 32.0, ly, 11.5, "start", "#222222", "", &name);
        legend_w = legend_w.max(32.0 + text_width(&name, 11.5));
        ly += 20.0;
    }
    if !thresholds.is_empty() {
        ly += 10.0;
        svg.text(
            lx,
            ly,
            11.5,
            "start",
            "#111111",
            r#"font-weight="bold""#,
            "Thresholds",
        );
        ly += 20.0;
        for (k, t) in thresholds.iter().enumerate() {
            let text = format!(
                "{} = {}{}{}",
                shorten(&plot.x_name, 16),
                decimal(t.x, 4),
                if t.label.is_empty() { "" } else { ": " },
                shorten(&t.label, 40)
            );
            svg.text(
                lx,
                ly,
                11.0,
                "start",
                "#222222",
                r#"font-weight="bold""#,
                &format!("T{}", k + 1),
            );
            svg.text(lx + 26.0, ly, 11.0, "start", "#222222", "", &text);
            legend_w = legend_w.max(26.0 + text_width(&text, 11.0));
            ly += 18.0;
        }
    }
    let width = (lx + legend_w + 16.0).max(LEFT + text_width(&plot.title, 16.0) + 16.0);
    let height = (TOP + PLOT_H + 56.0).max(ly + 8.0);
    svg.finish(width, height, &plot.title)
}

/// The range of a claim's effect over the assumptions it was tested on.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct EffectRange {
    /// The smallest effect seen.
    pub low: f64,
    /// The average effect.
    pub mean: f64,
    /// The largest effect seen.
    pub high: f64,
}

/// One claim's verdict for [`claims_chart`].
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ClaimBar {
    /// The claim, in words.
    pub label: String,
    /// The share of the tested range where the claim holds, from 0 to 1.
    pub holds_share: f64,
    /// How large the effect the claim is about was, if measured.
    pub effect: Option<EffectRange>,
}

/// The chart of the claims' verdicts.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ClaimChart {
    /// The title above the chart.
    pub title: String,
    /// What the effect measures (e.g. "change in P(invasion)").
    pub effect_name: String,
    /// The claims, top to bottom.
    pub claims: Vec<ClaimBar>,
}

/// The colours of the verdict classes: holds everywhere, holds in part, fails everywhere.
const HOLDS: &str = "#009E73";
const PARTLY: &str = "#E69F00";
const FAILS: &str = "#D55E00";

/// The verdict class of a share, with its colour.
pub(crate) fn verdict_class(share: f64) -> (&'static str, &'static str) {
    // Shares are computed from counts of points, so "everywhere" is a share of 1 up to
    // rounding, never a judgement call.
    if share >= 1.0 - 1e-12 {
        ("holds everywhere", HOLDS)
    } else if share <= 1e-12 {
        ("fails everywhere", FAILS)
    } else {
        ("holds in part", PARTLY)
    }
}

/// Draws the claims' verdicts as an SVG document: for each claim a bar of the share of the
/// range where it holds (coloured by verdict) and, where measured, the effect as an interval
/// from its smallest to its largest value with the mean marked.
pub fn claims_chart(chart: &ClaimChart) -> String {
    const LABEL_W: f64 = 300.0;
    const BAR_W: f64 = 180.0;
    const GAP: f64 = 36.0;
    const EFFECT_W: f64 = 220.0;
    const ROW_H: f64 = 40.0;
    let top = 70.0;
    let left = 16.0;
    let bar_x = left + LABEL_W;
    let eff_x = bar_x + BAR_W + GAP;

    let mut svg = Svg::new();
    svg.text(
        left,
        28.0,
        16.0,
        "start",
        "#111111",
        r#"font-weight="bold""#,
        &chart.title,
    );
    svg.text(
        bar_x,
        top - 12.0,
        11.5,
        "start",
        "#333333",
        r#"font-weight="bold""#,
        "Holds in … of the range",
    );
    let has_effect = chart.claims.iter().any(|c| c.effect.is_some());
    if has_effect {
        svg.text(
            eff_x,
            top - 12.0,
            11.5,
            "start",
            "#333333",
            r#"font-weight="bold""#,
            &shorten(&format!("Effect: {}", chart.effect_name), 40),
        );
    }

    // A common scale for the effects, always including zero so the sign is visible.
    let mut lo: f64 = 0.0;
    let mut hi: f64 = 0.0;
    for e in chart.claims.iter().filter_map(|c| c.effect) {
        for v in [e.low, e.mean, e.high] {
            if v.is_finite() {
                lo = lo.min(v);
                hi = hi.max(v);
            }
        }
    }
    if hi <= lo {
        hi = lo + 1.0;
    }
    let pad = (hi - lo) * 0.05;
    let (lo, hi) = (lo - pad, hi + pad);
    let ex = |v: f64| eff_x + (v.clamp(lo, hi) - lo) / (hi - lo) * EFFECT_W;

    for (k, claim) in chart.claims.iter().enumerate() {
        let y = top + k as f64 * ROW_H;
        if k % 2 == 0 {
            svg.rect(
                left - 6.0,
                y,
                eff_x + EFFECT_W + 10.0 - left,
                ROW_H,
                "#f6f6f6",
                "",
            );
        }
        // The claim's words on up to two lines.
        let lines = wrap(&claim.label, 46, 2);
        let first_y = if lines.len() == 1 {
            y + ROW_H / 2.0 + 4.0
        } else {
            y + ROW_H / 2.0 - 3.0
        };
        for (j, line) in lines.iter().enumerate() {
            svg.text(
                left,
                first_y + j as f64 * 14.0,
                11.5,
                "start",
                "#222222",
                "",
                line,
            );
        }
        let share = if claim.holds_share.is_finite() {
            claim.holds_share.clamp(0.0, 1.0)
        } else {
            0.0
        };
        let (verdict, colour) = verdict_class(share);
        let bar_y = y + 12.0;
        svg.rect(bar_x, bar_y, BAR_W, 16.0, "#e6e6e6", "");
        svg.rect(bar_x, bar_y, BAR_W * share, 16.0, colour, "");
        let pct = format!("{}%", decimal(share * 100.0, 1));
        svg.raw(&format!(
            r##"<text x="{}" y="{}" font-size="11" text-anchor="end" fill="#111111" font-weight="bold" stroke="#ffffff" stroke-width="3" paint-order="stroke">{}<title>{}</title></text>"##,
            num(bar_x + BAR_W - 4.0),
            num(bar_y + 12.0),
            escape_xml(&pct),
            escape_xml(verdict)
        ));
        if let Some(e) = claim.effect {
            let cy = y + ROW_H / 2.0;
            if e.low.is_finite() && e.high.is_finite() {
                svg.line(ex(e.low), cy, ex(e.high), cy, "#333333", 2.0, "");
                svg.line(ex(e.low), cy - 5.0, ex(e.low), cy + 5.0, "#333333", 2.0, "");
                svg.line(
                    ex(e.high),
                    cy - 5.0,
                    ex(e.high),
                    cy + 5.0,
                    "#333333",
                    2.0,
                    "",
                );
            }
            if e.mean.is_finite() {
                svg.raw(&format!(r##"<circle cx="{}" cy="{}" r="4.5" fill="{colour}" stroke="#222222" stroke-width="1"/>"##, num(ex(e.mean)), num(cy)));
            }
        }
    }
    let bottom = top + chart.claims.len().max(1) as f64 * ROW_H;
    if has_effect {
        let ticks = nice_ticks(lo, hi, 4);
        svg.line(
            ex(0.0),
            top - 4.0,
            ex(0.0),
            bottom,
            "#777777",
            1.0,
            r#"stroke-dasharray="3 3""#,
        );
        for &t in &ticks {
            svg.line(ex(t), bottom, ex(t), bottom + 4.0, "#333333", 1.0, "");
            svg.text(
                ex(t),
                bottom + 16.0,
                10.5,
                "middle",
                "#333333",
                "",
                &tick_label(t, &ticks),
            );
        }
    }
    // Key to the colours.
    let mut kx = left;
    let ky = bottom + 38.0;
    for (name, colour) in [
        ("holds everywhere", HOLDS),
        ("holds in part", PARTLY),
        ("fails everywhere", FAILS),
    ] {
        svg.rect(kx, ky - 10.0, 14.0, 12.0, colour, "");
        svg.text(kx + 20.0, ky, 11.0, "start", "#333333", "", name);
        kx += 20.0 + text_width(name, 11.0) + 18.0;
    }
    if has_effect {
        svg.text(
            kx,
            ky,
            11.0,
            "start",
            "#333333",
            "",
            "effect: bar from smallest to largest, dot at the mean",
        );
    }
    let width = eff_x + EFFECT_W + 24.0;
    svg.finish(
        width.max(left + text_width(&chart.title, 16.0) + 16.0),
        ky + 16.0,
        &chart.title,
    )
}

/// Splits `text` into at most `max_lines` lines of about `width` characters, breaking at
/// spaces; the last line is shortened with an ellipsis if the text does not fit.
fn wrap(text: &str, width: usize, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        if !current.is_empty() && current.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(word);
    }
    if !current.is_empty() {
        lines.push(current);
    }
    if lines.len() > max_lines {
        let rest = lines[max_lines - 1..].join(" ");
        lines.truncate(max_lines - 1);
        lines.push(shorten(&rest, width));
    }
    lines.iter_mut().for_each(|l| *l = shorten(l, width + 8));
    lines
}
