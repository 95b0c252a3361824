//! Builds a small game by hand and writes demo pictures and a demo report.
//!
//! Usage: `cargo run -p brink-report --example draw_demo -- OUT_DIR`
//!
//! Writes into OUT_DIR: `tree.svg` (one-card poker), `tree-equilibrium.svg` (the same with
//! its equilibrium on the edges), `tree-collapsed.svg` and `tree-merged.svg` (a generated
//! tree of 1,093 nodes collapsed below a depth, or with alike subtrees merged),
//! `map.svg`, `plot.svg`, `claims.svg` and `report.html`. The map and plot data come from a
//! toy formula written below, not from a solved game: they only show what the pictures look
//! like.

#[path = "../tests/common/mod.rs"]
mod common;

use std::path::PathBuf;

use brink_report::{
    claims_chart, draw_tree, html_report, line_plot, region_map, Assumption, ClaimBar, ClaimChart,
    ClaimRow, EffectRange, Figure, LinePlot, MapCell, RegionMap, ReportParts, Series, Threshold,
    ThresholdRow, TreeDrawing,
};

/// A toy classification of a crisis at (belief in resolve, cost of war): illustrative only.
fn toy_outcome(p: f64, cost: f64) -> (&'static str, f64) {
    let gain = (1.0 - p) * 6.0 - p * cost / 4.0;
    if gain < 0.0 {
        ("status quo", 0.0)
    } else if p * cost < 4.0 {
        ("fait accompli", 0.0)
    } else {
        ("war", (p * 0.6).min(1.0))
    }
}

fn main() -> std::io::Result<()> {
    let Some(out) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: draw_demo OUT_DIR");
        std::process::exit(2);
    };
    std::fs::create_dir_all(&out)?;

    let poker = common::poker();
    let plain = draw_tree(&poker, &TreeDrawing::default());
    std::fs::write(out.join("tree.svg"), &plain)?;
    let overlay = TreeDrawing {
        behavior: Some(common::poker_equilibrium()),
        ..TreeDrawing::default()
    };
    let with_equilibrium = draw_tree(&poker, &overlay);
    std::fs::write(out.join("tree-equilibrium.svg"), &with_equilibrium)?;
    let big = common::big_tree(6, 3);
    std::fs::write(
        out.join("tree-collapsed.svg"),
        draw_tree(&big, &TreeDrawing::default()),
    )?;
    let merged = TreeDrawing {
        merge_alike: true,
        ..TreeDrawing::default()
    };
    std::fs::write(out.join("tree-merged.svg"), draw_tree(&big, &merged))?;

    let x_values: Vec<f64> = (0..=20).map(|k| k as f64 / 20.0).collect();
    let y_values: Vec<f64> = (0..=16).map(|k| k as f64 * 2.5).collect();
    let cells = y_values
        .iter()
        .map(|&c| {
            x_values
                .iter()
                .map(|&p| {
                    let (category, war) = toy_outcome(p, c);
                    Some(MapCell {
                        category: category.into(),
                        value: Some(war),
                    })
                })
                .collect()
        })
        .collect();
    let map = RegionMap {
        title: "Toy deterrence map (illustrative formula)".into(),
        x_name: "p_resolute".into(),
        y_name: "war_cost".into(),
        x_values: x_values.clone(),
        y_values,
        cells,
        categories: vec!["status quo".into(), "fait accompli".into(), "war".into()],
        value_name: Some("P(war)".into()),
        ..RegionMap::default()
    };
    let map_svg = region_map(&map);
    std::fs::write(out.join("map.svg"), &map_svg)?;

    let fine: Vec<f64> = (0..=100).map(|k| k as f64 / 100.0).collect();
    let invade = |p: f64, cost: f64| {
        if toy_outcome(p, cost).0 == "status quo" {
            0.0
        } else {
            1.0 - p * 0.5
        }
    };
    let plot = LinePlot {
        title: "Toy P(invade) along p_resolute".into(),
        x_name: "p_resolute".into(),
        y_name: "P(invade)".into(),
        series: vec![
            Series {
                name: "base (war_cost 20)".into(),
                points: fine.iter().map(|&p| (p, invade(p, 20.0))).collect(),
            },
            Series {
                name: "tripwire (war_cost 30)".into(),
                points: fine.iter().map(|&p| (p, invade(p, 30.0))).collect(),
            },
        ],
        thresholds: vec![
            Threshold {
                x: 6.0 / 11.0,
                label: "base: invasion stops".into(),
            },
            Threshold {
                x: 6.0 / 13.5,
                label: "tripwire: invasion stops".into(),
            },
        ],
        y_range: Some((0.0, 1.0)),
    };
    let plot_svg = line_plot(&plot);
    std::fs::write(out.join("plot.svg"), &plot_svg)?;

    let chart = ClaimChart {
        title: "Claims (illustrative numbers)".into(),
        effect_name: "change in P(invade)".into(),
        claims: vec![
            ClaimBar {
                label: "Making retaliation automatic deters invasion".into(),
                holds_share: 1.0,
                effect: Some(EffectRange {
                    low: -0.8,
                    mean: -0.35,
                    high: -0.05,
                }),
            },
            ClaimBar {
                label: "Tripwire troops make defence automatic and so lower the chance of invasion"
                    .into(),
                holds_share: 0.62,
                effect: Some(EffectRange {
                    low: -0.5,
                    mean: -0.12,
                    high: 0.0,
                }),
            },
            ClaimBar {
                label: "An anti-NATO president emboldens Russia".into(),
                holds_share: 0.0,
                effect: Some(EffectRange {
                    low: -0.1,
                    mean: -0.02,
                    high: 0.0,
                }),
            },
        ],
    };
    let chart_svg = claims_chart(&chart);
    std::fs::write(out.join("claims.svg"), &chart_svg)?;

    let parts = ReportParts {
        title: "One-card poker & a toy crisis".into(),
        subtitle: "Demo report made by the draw_demo example of brink-report".into(),
        story: "Fred draws a card, red or black, each with probability 1/2, and looks at it. He may raise or fold. \
                Alice, who cannot see the card, then meets or passes.\n\nThe map, plot and claims below come from a toy \
                formula, not from a solved game: they show what a report looks like."
            .into(),
        assumptions: vec![
            Assumption {
                param: "p_red".into(),
                value: "1/2".into(),
                range: "".into(),
                meaning: "Chance that Fred's card is red".into(),
                source: "rules of the game".into(),
            },
            Assumption {
                param: "war_cost".into(),
                value: "20".into(),
                range: "0 – 40".into(),
                meaning: "Cost of a war to each side".into(),
                source: "illustrative".into(),
            },
        ],
        answer: "Fred always raises with a red card and bluffs with a black one with probability 1/3.\n\
                 Alice meets a raise with probability 2/3.\n\
                 Fred's expected payoff is 1/3."
            .into(),
        tree: Some(Figure { caption: "The game, with the equilibrium on the edges.".into(), svg: with_equilibrium }),
        maps: vec![Figure { caption: "Outcome over belief in resolve and cost of war (toy formula).".into(), svg: map_svg }],
        thresholds: vec![ThresholdRow {
            parameter: "p_resolute".into(),
            value: "6/11 ≈ 0.545".into(),
            change: "fait accompli → status quo".into(),
        }],
        threshold_plots: vec![Figure { caption: "Dashed lines: where the answer changes.".into(), svg: plot_svg }],
        claims: vec![
            ClaimRow {
                claim: "Making retaliation automatic deters invasion".into(),
                verdict: "holds everywhere".into(),
                detail: "average effect −0.35".into(),
                holds_share: Some(1.0),
            },
            ClaimRow {
                claim: "Tripwire troops lower the chance of invasion".into(),
                verdict: "holds in 62% of the range".into(),
                detail: "fails where p_resolute < 0.3".into(),
                holds_share: Some(0.62),
            },
            ClaimRow {
                claim: "An anti-NATO president emboldens Russia".into(),
                verdict: "fails".into(),
                detail: "no effect anywhere".into(),
                holds_share: Some(0.0),
            },
        ],
        claims_chart: Some(Figure { caption: String::new(), svg: chart_svg }),
        footer: "Made by brink-report's demo. Every number above the map is computed from the hand-built game.".into(),
    };
    std::fs::write(out.join("report.html"), html_report(&parts))?;
    println!("wrote demo pictures and report to {}", out.display());
    Ok(())
}
