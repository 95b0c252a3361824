//! Maps, plots, the claims chart and the HTML report.

use brink_report::{
    claims_chart, html_report, line_plot, region_map, Assumption, ClaimBar, ClaimChart, ClaimRow,
    EffectRange, Figure, LinePlot, MapCell, MapCrossing, RegionMap, ReportParts, Series, Threshold,
    ThresholdRow,
};

fn parse(svg: &str) -> roxmltree::Document<'_> {
    let doc =
        roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("not well-formed XML: {e}"));
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    doc
}

fn texts(svg: &str) -> Vec<String> {
    parse(svg)
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| {
            n.descendants()
                .filter(|d| d.is_text())
                .filter_map(|d| d.text())
                .collect::<String>()
        })
        .collect()
}

/// A 4 × 3 grid: "status quo" where x < 0.5, "war" elsewhere; the cell at (x = 0, y = 2) has
/// no result when `hole` is set.
fn two_regions(hole: bool) -> RegionMap {
    let x_values = vec![0.0, 0.25, 0.75, 1.0];
    let y_values = vec![0.0, 1.0, 2.0];
    let cells = y_values
        .iter()
        .enumerate()
        .map(|(iy, &y)| {
            x_values
                .iter()
                .enumerate()
                .map(|(ix, &x)| {
                    if hole && ix == 0 && iy == 2 {
                        return None;
                    }
                    let category = if x < 0.5 { "status quo" } else { "war" };
                    Some(MapCell {
                        category: category.into(),
                        value: Some(x * y),
                    })
                })
                .collect()
        })
        .collect();
    RegionMap {
        title: "Two regions".into(),
        x_name: "p_resolute".into(),
        y_name: "war_cost".into(),
        x_values,
        y_values,
        cells,
        categories: vec!["status quo".into(), "fait accompli".into(), "war".into()],
        value_name: Some("P(war)".into()),
        ..RegionMap::default()
    }
}

/// The boundary path's segments as (x1, y1, x2, y2) in picture coordinates.
fn boundary_segments(svg: &str) -> Vec<(f64, f64, f64, f64)> {
    let doc = parse(svg);
    let Some(path) = doc
        .descendants()
        .find(|n| n.attribute("class") == Some("boundary"))
    else {
        return Vec::new();
    };
    let d = path.attribute("d").unwrap();
    let mut out = Vec::new();
    for part in d.split('M').filter(|p| !p.is_empty()) {
        let (start, rest) = part.split_at(part.find(['V', 'H', 'L']).unwrap());
        let mut xy = start.split(' ').map(|v| v.parse::<f64>().unwrap());
        let (x, y) = (xy.next().unwrap(), xy.next().unwrap());
        if let Some(to) = rest.strip_prefix('L') {
            let mut xy = to.split(' ').map(|v| v.parse::<f64>().unwrap());
            out.push((x, y, xy.next().unwrap(), xy.next().unwrap()));
            continue;
        }
        let end: f64 = rest[1..].parse().unwrap();
        out.push(if rest.starts_with('V') {
            (x, y, x, end)
        } else {
            (x, y, end, y)
        });
    }
    out
}

#[test]
fn region_map_draws_the_boundary_between_two_regions() {
    let svg = region_map(&two_regions(false));
    let segments = boundary_segments(&svg);
    // One vertical segment per row, all on the same line halfway between x = 0.25 and 0.75.
    assert_eq!(segments.len(), 3, "{segments:?}");
    let x = segments[0].0;
    assert!(segments
        .iter()
        .all(|s| (s.0 - x).abs() < 1e-9 && (s.2 - x).abs() < 1e-9));
    // The plot spans x from -0.125 to 1.125 over 480 pixels from 78: x = 0.5 is at 318.
    assert!((x - 318.0).abs() < 0.11, "{x}");
    let texts = texts(&svg);
    for expected in [
        "Two regions",
        "p_resolute",
        "war_cost",
        "status quo",
        "war",
        "boundary",
        "numbers: P(war)",
    ] {
        assert!(
            texts.iter().any(|t| t == expected),
            "no {expected:?} in {texts:?}"
        );
    }
    // Only the outcomes that occur are in the legend (colours still follow the full list).
    assert!(!texts.iter().any(|t| t == "fait accompli"));
    assert!(!texts.iter().any(|t| t == "no result"));
    // Ticks on both axes.
    assert!(texts.iter().any(|t| t == "0.5") && texts.iter().any(|t| t == "2"));
}

/// The same grid with the changes located exactly on each row, at x = 0.3, 0.5 and 0.7 for
/// y = 0, 1, 2: the boundary is drawn through those points (a slanted line), not along the
/// cells' edges, and the plot spans the grid's points: x from 0 to 1 over 480 pixels from
/// 78, y from 0 to 2 over 400 pixels with 2 at the top (70 with a subtitle) and 0 at 470.
#[test]
fn region_map_draws_boundaries_through_exact_crossings() {
    let mut map = two_regions(false);
    map.crossings = [(0.3, 0.0), (0.5, 1.0), (0.7, 2.0)]
        .iter()
        .map(|&(x, y)| MapCrossing {
            x,
            y,
            along_x: true,
        })
        .collect();
    map.subtitle = Some("Most likely outcome; variant base".into());
    map.x_label = Some("p_resolute: prior of resolve".into());
    map.marker = Some((0.5, 1.5, "defaults".into()));
    let svg = region_map(&map);
    let mut segments = boundary_segments(&svg);
    segments.sort_by(|a, b| b.1.total_cmp(&a.1));
    assert_eq!(segments.len(), 2, "{segments:?}");
    let px = |x: f64| 78.0 + x * 480.0;
    let py = |y: f64| 70.0 + 400.0 - y / 2.0 * 400.0;
    let near = |a: f64, b: f64| (a - b).abs() < 0.11;
    let ends = |s: &(f64, f64, f64, f64)| {
        let (a, b) = ((s.0, s.1), (s.2, s.3));
        if a.1 > b.1 {
            (a, b)
        } else {
            (b, a)
        }
    };
    let (low, high) = ends(&segments[0]);
    assert!(near(low.0, px(0.3)) && near(low.1, py(0.0)), "{segments:?}");
    assert!(
        near(high.0, px(0.5)) && near(high.1, py(1.0)),
        "{segments:?}"
    );
    let (low, high) = ends(&segments[1]);
    assert!(near(low.0, px(0.5)) && near(low.1, py(1.0)), "{segments:?}");
    assert!(
        near(high.0, px(0.7)) && near(high.1, py(2.0)),
        "{segments:?}"
    );
    let doc = parse(&svg);
    let regions = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("region"))
        .count();
    assert_eq!(regions, 2, "one path per outcome");
    let marker = doc
        .descendants()
        .find(|n| n.attribute("class") == Some("marker"))
        .expect("the marker");
    assert!(near(
        marker.attribute("cx").unwrap().parse().unwrap(),
        px(0.5)
    ));
    let texts = texts(&svg);
    for expected in [
        "Most likely outcome; variant base",
        "p_resolute: prior of resolve",
        "defaults",
    ] {
        assert!(
            texts.iter().any(|t| t == expected),
            "no {expected:?} in {texts:?}"
        );
    }
}

#[test]
fn region_map_with_one_category_has_no_boundary() {
    let mut map = two_regions(false);
    for row in &mut map.cells {
        for cell in row.iter_mut().flatten() {
            cell.category = "status quo".into();
        }
    }
    assert!(boundary_segments(&region_map(&map)).is_empty());
}

#[test]
fn region_map_outlines_missing_results() {
    let svg = region_map(&two_regions(true));
    // The hole at the top-left corner adds its right and bottom edges to the boundary.
    assert_eq!(boundary_segments(&svg).len(), 5);
    assert!(texts(&svg).iter().any(|t| t == "no result"));
}

#[test]
fn region_map_survives_bad_input() {
    let mut map = two_regions(false);
    map.x_values.push(f64::NAN);
    map.cells.truncate(1);
    texts(&region_map(&map));
    let empty = RegionMap {
        title: "Empty".into(),
        ..RegionMap::default()
    };
    assert!(texts(&region_map(&empty))
        .iter()
        .any(|t| t.contains("no points")));
    // Unsorted axes are drawn in order; the boundary is the same as for the sorted grid.
    let mut shuffled = two_regions(false);
    shuffled.x_values.reverse();
    for row in &mut shuffled.cells {
        row.reverse();
    }
    assert_eq!(
        boundary_segments(&region_map(&shuffled)),
        boundary_segments(&region_map(&two_regions(false)))
    );
}

#[test]
fn line_plot_marks_thresholds() {
    let plot = LinePlot {
        title: "P(invade) & <more>".into(),
        x_name: "p_resolute".into(),
        y_name: "P(invade)".into(),
        series: vec![
            Series {
                name: "base".into(),
                points: (0..=10)
                    .map(|k| (k as f64 / 10.0, if k < 6 { 1.0 } else { 0.0 }))
                    .collect(),
            },
            Series {
                name: "gap".into(),
                points: vec![(0.0, 0.5), (0.5, f64::NAN), (1.0, 0.2)],
            },
        ],
        thresholds: vec![Threshold {
            x: 0.55,
            label: "invasion stops".into(),
        }],
        y_range: Some((0.0, 1.0)),
    };
    let svg = line_plot(&plot);
    let texts = texts(&svg);
    assert!(
        texts
            .iter()
            .any(|t| t == "p_resolute = 0.55: invasion stops"),
        "{texts:?}"
    );
    assert!(texts.iter().any(|t| t == "P(invade) & <more>"));
    assert!(texts.iter().any(|t| t == "T1") && texts.iter().any(|t| t == "Thresholds"));
    assert!(texts.iter().any(|t| t == "base") && texts.iter().any(|t| t == "gap"));
    // The threshold is a dashed vertical line.
    let doc = parse(&svg);
    let dashed: Vec<_> = doc
        .descendants()
        .filter(|n| n.attribute("stroke-dasharray") == Some("6 4"))
        .collect();
    assert_eq!(dashed.len(), 1);
    assert_eq!(dashed[0].attribute("x1"), dashed[0].attribute("x2"));
    // The NaN breaks the second series into two pieces.
    let gap = doc
        .descendants()
        .filter(|n| n.has_tag_name("path"))
        .find(|n| n.attribute("stroke-dasharray") == Some("7 4"))
        .unwrap();
    assert_eq!(gap.attribute("d").unwrap().matches('M').count(), 2);
    let nothing = LinePlot {
        title: "Nothing".into(),
        ..LinePlot::default()
    };
    assert!(self::texts(&line_plot(&nothing))
        .iter()
        .any(|t| t.contains("no points")));
}

#[test]
fn claims_chart_shows_each_verdict() {
    let chart = ClaimChart {
        title: "Claims".into(),
        effect_name: "change in P(invade)".into(),
        claims: vec![
            ClaimBar {
                label: "Always".into(),
                holds_share: 1.0,
                effect: Some(EffectRange {
                    low: -0.5,
                    mean: -0.2,
                    high: -0.1,
                }),
            },
            ClaimBar {
                label: "Sometimes".into(),
                holds_share: 0.625,
                effect: None,
            },
            ClaimBar {
                label: "Never".into(),
                holds_share: 0.0,
                effect: Some(EffectRange {
                    low: 0.0,
                    mean: 0.1,
                    high: f64::NAN,
                }),
            },
        ],
    };
    let svg = claims_chart(&chart);
    let texts = texts(&svg);
    for expected in [
        "Always",
        "Sometimes",
        "Never",
        "100%",
        "62.5%",
        "0%",
        "holds everywhere",
        "holds in part",
        "fails everywhere",
    ] {
        assert!(
            texts
                .iter()
                .any(|t| t == expected || t.starts_with(expected)),
            "no {expected:?} in {texts:?}"
        );
    }
}

fn parts() -> ReportParts {
    let map = region_map(&two_regions(true));
    ReportParts {
        title: "Would NATO defend Latvia?".into(),
        subtitle: "scenarios/latvia.toml, variant base".into(),
        story: "First paragraph, line one\nline two.\n\nSecond <paragraph> & more.".into(),
        assumptions: vec![Assumption {
            param: "p_resolute".into(),
            value: "0.6".into(),
            range: "0 – 1".into(),
            meaning: "Russia's belief that the US president is resolute".into(),
            source: "illustrative".into(),
        }],
        answer: "Russia invades with probability 0.31.\n  A resolute US defends.".into(),
        tree: Some(Figure {
            caption: "The game".into(),
            svg: format!(
                "<?xml version=\"1.0\"?>\n{}",
                map.replace("Two regions", "Tree stand-in")
            ),
        }),
        maps: vec![Figure {
            caption: "The map".into(),
            svg: map,
        }],
        thresholds: vec![ThresholdRow {
            parameter: "p_resolute".into(),
            value: "6/11".into(),
            change: "fait accompli → status quo".into(),
        }],
        threshold_plots: Vec::new(),
        claims: vec![ClaimRow {
            claim: "Tripwires deter".into(),
            verdict: "holds in 62% of the range".into(),
            detail: "fails where p_resolute < 0.3".into(),
            holds_share: Some(0.62),
        }],
        claims_chart: None,
        footer: "Made by brink.".into(),
    }
}

#[test]
fn html_report_is_self_contained() {
    let html = html_report(&parts());
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "the report names a web address"
    );
    for forbidden in ["<script", "<link", "<img", "@import", "url("] {
        assert!(!html.contains(forbidden), "the report contains {forbidden}");
    }
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(!html.contains("<?xml"));
    assert_eq!(html.matches("<svg").count(), 2);
    assert_eq!(html.matches("</svg>").count(), 2);
}

#[test]
fn html_report_has_every_section_with_escaped_text() {
    let html = html_report(&parts());
    for expected in [
        "<h1>Would NATO defend Latvia?</h1>",
        "<p>First paragraph, line one line two.</p>",
        "<p>Second &lt;paragraph&gt; &amp; more.</p>",
        "<td class=\"param\">p_resolute</td>",
        "Russia&#39;s belief that the US president is resolute",
        "Russia invades with probability 0.31.\n  A resolute US defends.",
        "<td class=\"num\">6/11</td>",
        "fait accompli → status quo",
        "<span class=\"verdict v-partly\">holds in 62% of the range</span>",
        "<figcaption>The map</figcaption>",
        "<footer>Made by brink.</footer>",
    ] {
        assert!(html.contains(expected), "no {expected:?} in the report");
    }
    for id in [
        "story",
        "assumptions",
        "answer",
        "tree",
        "maps",
        "thresholds",
        "claims",
    ] {
        assert!(
            html.contains(&format!("<section id=\"{id}\">")),
            "no section {id}"
        );
    }
}

#[test]
fn html_report_leaves_out_empty_sections_and_refuses_non_svg_figures() {
    let parts = ReportParts {
        title: "Only an answer".into(),
        answer: "Nothing happens.".into(),
        maps: vec![Figure {
            caption: String::new(),
            svg: "<script>alert(1)</script>".into(),
        }],
        ..ReportParts::default()
    };
    let html = html_report(&parts);
    assert!(html.contains("<section id=\"answer\">"));
    assert!(!html.contains("<section id=\"tree\">") && !html.contains("<section id=\"claims\">"));
    assert!(!html.contains("<script") && html.contains("&lt;script&gt;"));
}
