//! Regions of a deterrence map drawn through exact crossings rather than as cell staircases.
//!
//! The grid's points split the plane into squares. On each side of a square whose two ends
//! differ in category, the change was located exactly (a [`MapCrossing`]); inside the square
//! the regions are the pieces of its outline between consecutive crossings, each closed
//! through the crossings' centre (marching squares, with the crossings placed where the
//! solver found them instead of interpolated). With two crossings the boundary is the segment
//! joining them; with more (three regions meeting, or a saddle), each crossing is joined to
//! the centre. Boundaries therefore pass through every exactly located point on every row and
//! column and are straight only between grid lines.

use std::collections::HashMap;

use crate::map::MapCrossing;

/// A point in the parameters' coordinates.
pub(crate) type Point = (f64, f64);

/// The pieces of a map in the parameters' coordinates.
pub(crate) struct Contours {
    /// For each category (by index), its polygons.
    pub polygons: Vec<Vec<Vec<Point>>>,
    /// The boundary as segments.
    pub segments: Vec<(Point, Point)>,
}

enum Item {
    Corner(Point, usize),
    Crossing(Point),
}

/// The index of `v` among ascending `values` when it is one of them (up to rounding).
fn line_of(values: &[f64], v: f64) -> Option<usize> {
    let scale = values.iter().fold(0.0f64, |m, x| m.max(x.abs())).max(1.0);
    values.iter().position(|&x| (x - v).abs() <= 1e-12 * scale)
}

/// Regions and boundaries of the grid `category[iy][ix]` (indices into the legend's
/// categories) at ascending `xs` and `ys`, through `crossings`.
pub(crate) fn contours(
    xs: &[f64],
    ys: &[f64],
    category: &[Vec<usize>],
    crossings: &[MapCrossing],
    categories: usize,
) -> Contours {
    // Crossings by the grid line they lie on: row `iy` or column `ix`. A crossing at a grid
    // point belongs to the side whose ends differ, so each side takes those within its ends.
    let mut on_row: HashMap<usize, Vec<f64>> = HashMap::new();
    let mut on_column: HashMap<usize, Vec<f64>> = HashMap::new();
    for c in crossings {
        if c.along_x {
            if let Some(iy) = line_of(ys, c.y) {
                on_row.entry(iy).or_default().push(c.x);
            }
        } else if let Some(ix) = line_of(xs, c.x) {
            on_column.entry(ix).or_default().push(c.y);
        }
    }
    for list in on_row.values_mut().chain(on_column.values_mut()) {
        list.sort_by(f64::total_cmp);
    }
    let mut out = Contours {
        polygons: vec![Vec::new(); categories],
        segments: Vec::new(),
    };
    for iy in 0..ys.len().saturating_sub(1) {
        for ix in 0..xs.len().saturating_sub(1) {
            square(xs, ys, category, &on_row, &on_column, ix, iy, &mut out);
        }
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn square(
    xs: &[f64],
    ys: &[f64],
    category: &[Vec<usize>],
    on_row: &HashMap<usize, Vec<f64>>,
    on_column: &HashMap<usize, Vec<f64>>,
    ix: usize,
    iy: usize,
    out: &mut Contours,
) {
    let (x0, x1, y0, y1) = (xs[ix], xs[ix + 1], ys[iy], ys[iy + 1]);
    let (a, b, c, d) = (
        category[iy][ix],
        category[iy][ix + 1],
        category[iy + 1][ix + 1],
        category[iy + 1][ix],
    );
    // The crossings on one side, in the direction of travel; the side's middle when the ends
    // differ but no crossing was located there.
    let side = |ends_differ: bool, found: Option<&Vec<f64>>, lo: f64, hi: f64, reverse: bool| {
        if !ends_differ {
            return Vec::new();
        }
        let mut v: Vec<f64> = found
            .map(|f| f.iter().copied().filter(|t| *t >= lo && *t <= hi).collect())
            .unwrap_or_default();
        if v.is_empty() {
            v.push((lo + hi) / 2.0);
        }
        if reverse {
            v.reverse();
        }
        v
    };
    let mut items = vec![Item::Corner((x0, y0), a)];
    for x in side(a != b, on_row.get(&iy), x0, x1, false) {
        items.push(Item::Crossing((x, y0)));
    }
    items.push(Item::Corner((x1, y0), b));
    for y in side(b != c, on_column.get(&(ix + 1)), y0, y1, false) {
        items.push(Item::Crossing((x1, y)));
    }
    items.push(Item::Corner((x1, y1), c));
    for x in side(c != d, on_row.get(&(iy + 1)), x0, x1, true) {
        items.push(Item::Crossing((x, y1)));
    }
    items.push(Item::Corner((x0, y1), d));
    for y in side(d != a, on_column.get(&ix), y0, y1, true) {
        items.push(Item::Crossing((x0, y)));
    }
    let crossings: Vec<usize> = (0..items.len())
        .filter(|&k| matches!(items[k], Item::Crossing(_)))
        .collect();
    if crossings.is_empty() {
        out.polygons[a].push(vec![(x0, y0), (x1, y0), (x1, y1), (x0, y1)]);
        return;
    }
    let point = |k: usize| match items[k] {
        Item::Corner(p, _) | Item::Crossing(p) => p,
    };
    let n = crossings.len() as f64;
    let centre = crossings.iter().fold((0.0, 0.0), |(sx, sy), &k| {
        let (px, py) = point(k);
        (sx + px / n, sy + py / n)
    });
    // Each stretch of the outline from one crossing to the next, closed through the centre.
    for (j, &start) in crossings.iter().enumerate() {
        let end = crossings[(j + 1) % crossings.len()];
        let mut polygon = vec![point(start)];
        let mut owner = None;
        let mut k = (start + 1) % items.len();
        while k != end {
            if let Item::Corner(p, cat) = items[k] {
                polygon.push(p);
                owner.get_or_insert(cat);
            }
            k = (k + 1) % items.len();
        }
        polygon.push(point(end));
        polygon.push(centre);
        // Two crossings on one side with no corner between them bound a sliver of a region
        // between two grid points; it is left to the neighbouring pieces.
        if let Some(cat) = owner {
            out.polygons[cat].push(polygon);
        }
    }
    if crossings.len() == 2 {
        out.segments
            .push((point(crossings[0]), point(crossings[1])));
    } else {
        for &k in &crossings {
            out.segments.push((point(k), centre));
        }
    }
}
