//! Pictures and reports: game trees, deterrence maps, plots, and one self-contained HTML file.
//!
//! - [`draw_tree`]: a game tree with information sets, moves, chance probabilities, payoffs
//!   and optionally an equilibrium's probabilities on the edges; large trees are collapsed.
//! - [`region_map`]: a deterrence map, categories over a grid of two parameters.
//! - [`line_plot`]: a measure along one parameter, with thresholds marked.
//! - [`claims_chart`]: the claims' verdicts and effects.
//! - [`html_report`]: all of it in one HTML file.
//! - `svg_to_png` (feature `png`): any of these pictures as a PNG, rendered in pure Rust.
//!
//! Every picture is an SVG document returned as a `String`; the HTML report inlines them, so
//! it opens without a network. Output is deterministic: the same input gives the same bytes.
//! Bad input (a malformed tree, empty grids, non-finite numbers) never panics: what cannot be
//! drawn is left out and the picture says so.
//!
//! **API boundary:** this crate depends only on the game model. The scenario and command-line
//! layers fill the plain structs here ([`RegionMap`], [`LinePlot`], [`ReportParts`], ...)
//! with their own words and numbers; nothing here knows about scenarios, sweeps or solvers.
#![deny(missing_docs)]

mod contour;
mod html;
mod map;
mod plot;
#[cfg(feature = "png")]
mod png;
mod svg;
mod tree;

pub use html::{html_report, Assumption, ClaimRow, Figure, ReportParts, ThresholdRow};
pub use map::{region_map, MapCell, MapCrossing, RegionMap};
pub use plot::{
    claims_chart, line_plot, ClaimBar, ClaimChart, EffectRange, LinePlot, Series, Threshold,
};
#[cfg(feature = "png")]
pub use png::{svg_to_png, Png, PngError};
pub use svg::escape_xml;
pub use tree::{draw_tree, TreeDrawing};
