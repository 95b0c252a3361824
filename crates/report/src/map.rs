//! Deterrence maps: a grid of parameter points, each coloured by the equilibrium outcome found
//! there, with the boundaries between regions drawn.

use crate::svg::{
    dark_text_on, decimal, escape_xml, nice_ticks, num, shorten, text_width, tick_label, Svg,
    REGION_FILLS,
};

/// One point of a [`RegionMap`].
#[derive(Clone, Debug, PartialEq)]
pub struct MapCell {
    /// The category of the point, e.g. `"status quo"`, `"fait accompli"`, `"war"`.
    pub category: String,
    /// An optional number measured at the point (e.g. the probability of war), printed in the
    /// cell where it fits.
    pub value: Option<f64>,
}

/// A deterrence map: categories over a grid of two parameters.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct RegionMap {
    /// The title above the map.
    pub title: String,
    /// The name of the horizontal parameter.
    pub x_name: String,
    /// The name of the vertical parameter.
    pub y_name: String,
    /// The values of the horizontal parameter at the grid's columns.
    pub x_values: Vec<f64>,
    /// The values of the vertical parameter at the grid's rows.
    pub y_values: Vec<f64>,
    /// The grid, `cells[iy][ix]` for `y_values[iy]` and `x_values[ix]`; `None` where there is
    /// no result (e.g. the solver failed there). Missing rows or columns count as `None`.
    pub cells: Vec<Vec<Option<MapCell>>>,
    /// The categories in legend order; colours are given in this order, so a series of maps
    /// that lists the same categories colours them alike. Categories found in the cells but
    /// not listed here are added in order of first appearance.
    pub categories: Vec<String>,
    /// What the numbers in the cells measure, for the legend; `None` if cells carry none.
    pub value_name: Option<String>,
    /// A line under the title: what is plotted, the variant, the values held fixed.
    pub subtitle: Option<String>,
    /// The horizontal axis's caption (default: `x_name`).
    pub x_label: Option<String>,
    /// The vertical axis's caption (default: `y_name`).
    pub y_label: Option<String>,
    /// A point to mark, with its label (e.g. the scenario's own values, "defaults").
    pub marker: Option<(f64, f64, String)>,
    /// Where the category changes along the grid's rows and columns, found exactly between
    /// neighbouring points. With them (and no missing cell) regions are drawn as polygons
    /// through these points and boundaries as lines joining them, instead of cell staircases.
    pub crossings: Vec<MapCrossing>,
}

/// A change of category on one line of a map's grid, between two neighbouring points.
#[derive(Clone, Debug, PartialEq)]
pub struct MapCrossing {
    /// The horizontal parameter's value (a grid column's value when found along a column).
    pub x: f64,
    /// The vertical parameter's value (a grid row's value when found along a row).
    pub y: f64,
    /// Found along a row (the horizontal parameter varied) rather than a column.
    pub along_x: bool,
}

const PLOT_W: f64 = 480.0;
const PLOT_H: f64 = 400.0;
const LEFT: f64 = 78.0;
const TOP: f64 = 52.0;
const MISSING_FILL: &str = "#eeeeee";

/// The edges of the cells centred on sorted sample values: halfway between neighbours, and
/// half a step beyond the first and last value.
fn cell_edges(values: &[f64]) -> Vec<f64> {
    match values.len() {
        0 => Vec::new(),
        1 => vec![values[0] - 0.5, values[0] + 0.5],
        n => {
            let mut edges = Vec::with_capacity(n + 1);
            edges.push(values[0] - (values[1] - values[0]) / 2.0);
            for w in values.windows(2) {
                edges.push((w[0] + w[1]) / 2.0);
            }
            edges.push(values[n - 1] + (values[n - 1] - values[n - 2]) / 2.0);
            edges
        }
    }
}

/// The finite values in ascending order, each with its index in the input.
fn sorted_axis(values: &[f64]) -> Vec<(usize, f64)> {
    let mut out: Vec<(usize, f64)> = values
        .iter()
        .copied()
        .enumerate()
        .filter(|(_, v)| v.is_finite())
        .collect();
    out.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
    out
}

/// Draws a deterrence map as an SVG document: cells filled by category with a fixed
/// colour-blind-safe palette, solid lines along the boundaries between regions of different
/// categories, axes with ticks and names, a legend and a title.
///
/// The grid may be uneven; each cell spans halfway to its neighbours. Values that are not
/// finite are left out with their row or column.
pub fn region_map(map: &RegionMap) -> String {
    let xs = sorted_axis(&map.x_values);
    let ys = sorted_axis(&map.y_values);
    if xs.is_empty() || ys.is_empty() {
        return crate::tree::message_svg(&map.title, "This map has no points to draw.");
    }
    let cell = |ix: usize, iy: usize| -> Option<&MapCell> {
        let (x_index, _) = xs[ix];
        let (y_index, _) = ys[iy];
        map.cells.get(y_index)?.get(x_index)?.as_ref()
    };

    // Categories in legend order: listed ones first, then the others as they appear.
    let mut categories = map.categories.clone();
    for iy in 0..ys.len() {
        for ix in 0..xs.len() {
            if let Some(c) = cell(ix, iy) {
                if !categories.contains(&c.category) {
                    categories.push(c.category.clone());
                }
            }
        }
    }
    let colour_of = |category: &str| -> &'static str {
        let k = categories.iter().position(|c| c == category).unwrap_or(0);
        REGION_FILLS[k % REGION_FILLS.len()]
    };

    let x_values: Vec<f64> = xs.iter().map(|&(_, v)| v).collect();
    let y_values: Vec<f64> = ys.iter().map(|&(_, v)| v).collect();
    let x_edges = cell_edges(&x_values);
    let y_edges = cell_edges(&y_values);
    let complete = (0..ys.len()).all(|iy| (0..xs.len()).all(|ix| cell(ix, iy).is_some()));
    // Regions through the exact crossings when there are some and every point has a result;
    // the plot then spans the grid's points exactly (no half cells beyond them).
    let through_crossings = !map.crossings.is_empty() && complete && xs.len() >= 2 && ys.len() >= 2;
    let (x_lo, x_hi, y_lo, y_hi) = if through_crossings {
        (
            x_values[0],
            x_values[x_values.len() - 1],
            y_values[0],
            y_values[y_values.len() - 1],
        )
    } else {
        (
            x_edges[0],
            x_edges[x_edges.len() - 1],
            y_edges[0],
            y_edges[y_edges.len() - 1],
        )
    };
    let top = if map.subtitle.is_some() {
        TOP + 18.0
    } else {
        TOP
    };
    let sx = |x: f64| {
        LEFT + if x_hi > x_lo {
            (x - x_lo) / (x_hi - x_lo) * PLOT_W
        } else {
            PLOT_W / 2.0
        }
    };
    let sy = |y: f64| {
        top + PLOT_H
            - if y_hi > y_lo {
                (y - y_lo) / (y_hi - y_lo) * PLOT_H
            } else {
                PLOT_H / 2.0
            }
    };

    let mut svg = Svg::new();
    svg.text(
        LEFT,
        28.0,
        16.0,
        "start",
        "#111111",
        r#"font-weight="bold""#,
        &map.title,
    );
    if let Some(sub) = &map.subtitle {
        svg.text(LEFT, 48.0, 11.5, "start", "#444444", "", sub);
    }

    // Cells. Each rectangle is widened by a fraction of a pixel so that anti-aliasing does not
    // leave hairline seams between cells of one region.
    let mut any_missing = false;
    let show_numbers = xs.len() * ys.len() <= 150;
    let mut numbers_shown = false;
    let mut boundary = String::new();
    if through_crossings {
        let index: Vec<Vec<usize>> = (0..ys.len())
            .map(|iy| {
                (0..xs.len())
                    .map(|ix| {
                        let c = cell(ix, iy).map_or("", |c| c.category.as_str());
                        categories.iter().position(|k| k == c).unwrap_or(0)
                    })
                    .collect()
            })
            .collect();
        let pieces = crate::contour::contours(
            &x_values,
            &y_values,
            &index,
            &map.crossings,
            categories.len(),
        );
        for (k, polygons) in pieces.polygons.iter().enumerate() {
            if polygons.is_empty() {
                continue;
            }
            let mut d = String::new();
            for polygon in polygons {
                for (j, &(x, y)) in polygon.iter().enumerate() {
                    d.push_str(&format!(
                        "{}{} {}",
                        if j == 0 { "M" } else { "L" },
                        num(sx(x)),
                        num(sy(y))
                    ));
                }
                d.push('Z');
            }
            let fill = colour_of(&categories[k]);
            svg.raw(&format!(
                r#"<path class="region" d="{d}" fill="{fill}" stroke="{fill}" stroke-width="0.6" stroke-linejoin="round"><title>{}</title></path>"#,
                escape_xml(&categories[k])
            ));
        }
        for ((ax, ay), (bx, by)) in &pieces.segments {
            boundary.push_str(&format!(
                "M{} {}L{} {}",
                num(sx(*ax)),
                num(sy(*ay)),
                num(sx(*bx)),
                num(sy(*by))
            ));
        }
        if show_numbers {
            for (iy, &y) in y_values.iter().enumerate() {
                for (ix, &x) in x_values.iter().enumerate() {
                    let Some(c) = cell(ix, iy) else { continue };
                    let Some(value) = c.value else { continue };
                    let text = decimal(value, 2);
                    let ink = if dark_text_on(colour_of(&c.category)) {
                        "#1a1a1a"
                    } else {
                        "#ffffff"
                    };
                    svg.text(sx(x), sy(y) + 3.5, 10.0, "middle", ink, "", &text);
                    numbers_shown = true;
                }
            }
        }
    }
    for iy in 0..ys.len() {
        if through_crossings {
            break;
        }
        for ix in 0..xs.len() {
            let (x0, x1) = (sx(x_edges[ix]), sx(x_edges[ix + 1]));
            let (y0, y1) = (sy(y_edges[iy + 1]), sy(y_edges[iy]));
            let (fill, tip) = match cell(ix, iy) {
                Some(c) => {
                    let value = c
                        .value
                        .map(|v| format!(", {}", decimal(v, 3)))
                        .unwrap_or_default();
                    (
                        colour_of(&c.category),
                        format!(
                            "{} = {}, {} = {}: {}{value}",
                            map.x_name,
                            decimal(x_values[ix], 6),
                            map.y_name,
                            decimal(y_values[iy], 6),
                            c.category
                        ),
                    )
                }
                None => {
                    any_missing = true;
                    (
                        MISSING_FILL,
                        format!(
                            "{} = {}, {} = {}: no result",
                            map.x_name,
                            decimal(x_values[ix], 6),
                            map.y_name,
                            decimal(y_values[iy], 6)
                        ),
                    )
                }
            };
            svg.raw(&format!(
                r#"<rect x="{}" y="{}" width="{}" height="{}" fill="{fill}" stroke="{fill}" stroke-width="0.6"><title>{}</title></rect>"#,
                num(x0),
                num(y0),
                num((x1 - x0).max(0.0)),
                num((y1 - y0).max(0.0)),
                escape_xml(&tip)
            ));
            if let Some(value) = cell(ix, iy).and_then(|c| c.value) {
                let text = decimal(value, 2);
                // Numbers in every cell of a fine grid would drown the regions; they stay in
                // the cells' tooltips there.
                if show_numbers && x1 - x0 >= text_width(&text, 10.0) + 6.0 && y1 - y0 >= 14.0 {
                    let ink = if dark_text_on(fill) {
                        "#1a1a1a"
                    } else {
                        "#ffffff"
                    };
                    svg.text(
                        (x0 + x1) / 2.0,
                        (y0 + y1) / 2.0 + 3.5,
                        10.0,
                        "middle",
                        ink,
                        "",
                        &text,
                    );
                    numbers_shown = true;
                }
            }
        }
    }

    // Boundaries between cells whose categories differ (a missing cell counts as its own
    // category, so the edge of the known region is drawn too).
    let key = |ix: usize, iy: usize| cell(ix, iy).map(|c| c.category.as_str());
    for iy in 0..ys.len() {
        if through_crossings {
            break;
        }
        for ix in 0..xs.len() {
            if ix + 1 < xs.len() && key(ix, iy) != key(ix + 1, iy) {
                let x = sx(x_edges[ix + 1]);
                boundary.push_str(&format!(
                    "M{} {}V{}",
                    num(x),
                    num(sy(y_edges[iy])),
                    num(sy(y_edges[iy + 1]))
                ));
            }
            if iy + 1 < ys.len() && key(ix, iy) != key(ix, iy + 1) {
                let y = sy(y_edges[iy + 1]);
                boundary.push_str(&format!(
                    "M{} {}H{}",
                    num(sx(x_edges[ix])),
                    num(y),
                    num(sx(x_edges[ix + 1]))
                ));
            }
        }
    }
    if !boundary.is_empty() {
        svg.raw(&format!(
            r##"<path class="boundary" d="{boundary}" fill="none" stroke="#1a1a1a" stroke-width="2.2" stroke-linecap="square"/>"##
        ));
    }

    // Frame, ticks and axis names.
    svg.raw(&format!(
        r##"<rect x="{}" y="{}" width="{}" height="{}" fill="none" stroke="#333333" stroke-width="1"/>"##,
        num(LEFT),
        num(top),
        num(PLOT_W),
        num(PLOT_H)
    ));
    let x_ticks = nice_ticks(x_lo, x_hi, 6);
    for &t in &x_ticks {
        let x = sx(t);
        svg.line(x, top + PLOT_H, x, top + PLOT_H + 5.0, "#333333", 1.0, "");
        svg.text(
            x,
            top + PLOT_H + 18.0,
            11.0,
            "middle",
            "#333333",
            "",
            &tick_label(t, &x_ticks),
        );
    }
    let y_ticks = nice_ticks(y_lo, y_hi, 6);
    for &t in &y_ticks {
        let y = sy(t);
        svg.line(LEFT - 5.0, y, LEFT, y, "#333333", 1.0, "");
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
    svg.text(
        LEFT + PLOT_W / 2.0,
        top + PLOT_H + 40.0,
        12.5,
        "middle",
        "#111111",
        "",
        map.x_label.as_deref().unwrap_or(&map.x_name),
    );
    let yc = top + PLOT_H / 2.0;
    svg.text(
        24.0,
        yc,
        12.5,
        "middle",
        "#111111",
        &format!(r#"transform="rotate(-90 24 {})""#, num(yc)),
        map.y_label.as_deref().unwrap_or(&map.y_name),
    );
    if let Some((mx, my, label)) = &map.marker {
        if (x_lo..=x_hi).contains(mx) && (y_lo..=y_hi).contains(my) {
            let (px, py) = (sx(*mx), sy(*my));
            svg.raw(&format!(
                r##"<circle class="marker" cx="{}" cy="{}" r="5" fill="#ffffff" stroke="#111111" stroke-width="2"><title>{}</title></circle>"##,
                num(px),
                num(py),
                escape_xml(label)
            ));
            let anchor = if px > LEFT + PLOT_W * 0.75 {
                "end"
            } else {
                "start"
            };
            let dx = if anchor == "end" { -9.0 } else { 9.0 };
            svg.text(
                px + dx,
                py - 7.0,
                11.0,
                anchor,
                "#111111",
                r#"font-weight="bold""#,
                label,
            );
        }
    }

    // Legend.
    let lx = LEFT + PLOT_W + 24.0;
    let mut ly = top + 4.0;
    let mut legend_w: f64 = 0.0;
    svg.text(
        lx,
        ly + 8.0,
        12.0,
        "start",
        "#111111",
        r#"font-weight="bold""#,
        "Outcome",
    );
    ly += 22.0;
    // Only the outcomes that occur on the map; colours still follow the full list, so maps of
    // one scenario colour alike.
    let present = |category: &str| {
        (0..ys.len())
            .any(|iy| (0..xs.len()).any(|ix| cell(ix, iy).is_some_and(|c| c.category == category)))
    };
    let mut entries: Vec<(String, &str)> = categories
        .iter()
        .filter(|c| present(c))
        .map(|c| (shorten(c, 32), colour_of(c)))
        .collect();
    if any_missing {
        entries.push(("no result".into(), MISSING_FILL));
    }
    for (name, fill) in &entries {
        svg.rect(
            lx,
            ly - 10.0,
            16.0,
            14.0,
            fill,
            r##"stroke="#555555" stroke-width="0.6""##,
        );
        svg.text(lx + 22.0, ly + 1.5, 11.5, "start", "#222222", "", name);
        legend_w = legend_w.max(22.0 + text_width(name, 11.5));
        ly += 20.0;
    }
    svg.line(lx, ly - 4.0, lx + 16.0, ly - 4.0, "#1a1a1a", 2.2, "");
    svg.text(lx + 22.0, ly, 11.5, "start", "#222222", "", "boundary");
    ly += 20.0;
    if let Some(name) = &map.value_name {
        let text = if numbers_shown {
            format!("numbers: {}", shorten(name, 40))
        } else {
            format!("{}: point at a cell", shorten(name, 40))
        };
        svg.text(lx, ly + 4.0, 11.0, "start", "#444444", "", &text);
        legend_w = legend_w.max(text_width(&text, 11.0));
    }
    let subtitle_w = map.subtitle.as_deref().map_or(0.0, |t| text_width(t, 11.5));
    let width = (lx + legend_w.max(90.0) + 28.0)
        .max(LEFT + text_width(&map.title, 16.0) + 16.0)
        .max(LEFT + subtitle_w + 16.0);
    svg.finish(width, top + PLOT_H + 56.0, &map.title)
}
