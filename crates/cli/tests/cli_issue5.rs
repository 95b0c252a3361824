//! The commands of issue 5 (sweep, map, thresholds, claims, draw, report), run as a user runs
//! them: the built `brink` binary on the repository's scenarios and the worked example of the
//! scenario language. Grids are kept coarse so the whole file runs in seconds.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::*;

/// The worked example of the scenario issue: deterrence starts at a prior of resolve of 1/6.
fn worked_example() -> String {
    repo()
        .join("crates/scenario/tests/data/worked_example.toml")
        .display()
        .to_string()
}

fn assert_ok(out: &Output) {
    assert!(
        out.status.success(),
        "brink failed:\nstdout: {}\nstderr: {}",
        text(&out.stdout),
        text(&out.stderr)
    );
}

/// Fields of one CSV line, honouring double quotes.
fn fields(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(std::mem::take(&mut field)),
            c => field.push(c),
        }
    }
    out.push(field);
    out
}

fn sweep_latvia(dir: &Path, name: &str, extra: &[&str]) -> PathBuf {
    let path = dir.join(name);
    let file = latvia();
    let out_path = path.display().to_string();
    let mut args = vec![
        "sweep",
        file.as_str(),
        "--vary",
        "p_resolute=0:1:5",
        "--vary",
        "stake=0:20:3",
        "-o",
        out_path.as_str(),
    ];
    args.extend_from_slice(extra);
    assert_ok(&brink(&args));
    path
}

#[test]
fn sweep_writes_the_expected_header_and_one_row_per_point() {
    let dir = scratch("sweep");
    let csv = std::fs::read_to_string(sweep_latvia(&dir, "grid.csv", &[])).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 1 + 5 * 3, "a header and 15 rows");
    let header = fields(lines[0]);
    assert_eq!(&header[..3], ["index", "p_resolute", "stake"]);
    assert!(header.contains(&"P(status_quo)".to_string()), "{header:?}");
    assert!(header.contains(&"E(russia)".to_string()), "{header:?}");
    assert_eq!(
        &header[header.len() - 5..],
        [
            "max_regret",
            "status",
            "outcome_class",
            "equilibria",
            "message"
        ]
    );
    for (k, line) in lines[1..].iter().enumerate() {
        let row = fields(line);
        assert_eq!(row.len(), header.len(), "{line}");
        assert_eq!(row[0], k.to_string());
        assert_eq!(row[header.len() - 4], "ok", "{line}");
    }
}

#[test]
fn sweep_rows_equal_brink_analyze_point_by_point() {
    let dir = scratch("analyze");
    let csv = std::fs::read_to_string(sweep_latvia(&dir, "grid.csv", &[])).unwrap();
    let mut lines = csv.lines();
    let header = fields(lines.next().unwrap());
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    // Every other row keeps the test quick while covering both ends and the middle.
    for line in lines.step_by(2) {
        let row = fields(line);
        let (p, stake) = (&row[1], &row[2]);
        let out = brink(&[
            "analyze",
            &latvia(),
            "--set",
            &format!("p_resolute={p}"),
            "--set",
            &format!("stake={stake}"),
            "--json",
        ]);
        assert_ok(&out);
        let answer: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let outcomes = answer["equilibrium"]["outcomes"].as_array().unwrap();
        let mut best = ("", -1.0);
        for o in outcomes {
            let name = o["outcome"].as_str().unwrap();
            let expected = o["probability"]["value"].as_f64().unwrap();
            let swept: f64 = row[col(&format!("P({name})"))].parse().unwrap();
            assert!(
                (swept - expected).abs() < 1e-12,
                "P({name}) at {p}, {stake}"
            );
            if expected > best.1 + 1e-12 {
                best = (name, expected);
            }
        }
        assert_eq!(row[col("outcome_class")], best.0, "at {p}, {stake}");
    }
}

#[test]
fn shards_merged_equal_the_full_run_and_a_resumed_run_equals_it_too() {
    let dir = scratch("shards");
    let full = std::fs::read(sweep_latvia(&dir, "full.csv", &[])).unwrap();
    let parts: Vec<String> = (1..=3)
        .map(|k| {
            sweep_latvia(
                &dir,
                &format!("part{k}.csv"),
                &["--shard", &format!("{k}/3")],
            )
            .display()
            .to_string()
        })
        .collect();
    let merged = dir.join("merged.csv").display().to_string();
    let mut args = vec!["sweep", "--merge"];
    args.extend(parts.iter().map(String::as_str));
    args.extend(["-o", merged.as_str()]);
    assert_ok(&brink(&args));
    assert_eq!(std::fs::read(&merged).unwrap(), full);

    // A run killed mid-line: the file is cut halfway through; --resume finishes it.
    let partial = dir.join("partial.csv");
    std::fs::write(&partial, &full[..full.len() / 2]).unwrap();
    std::fs::copy(
        dir.join("full.csv.settings"),
        dir.join("partial.csv.settings"),
    )
    .unwrap();
    sweep_latvia(&dir, "partial.csv", &["--resume", "--threads", "1"]);
    assert_eq!(std::fs::read(&partial).unwrap(), full);
}

#[test]
fn thresholds_of_the_worked_example_are_exact() {
    let out = brink(&["thresholds", &worked_example(), "--vary", "p_resolute"]);
    assert_ok(&out);
    let shown = text(&out.stdout);
    assert!(
        shown.contains("p_resolute = 1/6 ≈ 0.166667: exact"),
        "{shown}"
    );
    assert!(
        shown.contains("below: concede") && shown.contains("above: status_quo"),
        "{shown}"
    );

    let out = brink(&[
        "thresholds",
        &worked_example(),
        "--vary",
        "p_resolute=0:1/2",
        "--json",
    ]);
    assert_ok(&out);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let found = json["thresholds"].as_array().unwrap();
    assert_eq!(found.len(), 1, "{json}");
    assert_eq!(found[0]["value"], "1/6");
    assert_eq!(found[0]["exact"], true);
}

#[test]
fn every_claim_of_the_builtin_claims_file_gets_a_verdict() {
    let claims = repo().join("scenarios/claims.toml");
    let written = std::fs::read_to_string(&claims)
        .unwrap()
        .lines()
        .filter(|l| l.trim() == "[[claims]]")
        .count();
    assert!(written > 0);
    let dir = scratch("claims");
    let chart = dir.join("claims.svg").display().to_string();
    let out = brink(&[
        "claims",
        &claims.display().to_string(),
        "--points",
        "3",
        "--json",
        "-o",
        &chart,
    ]);
    assert_ok(&out);
    let items: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(items.len(), written);
    for item in &items {
        let verdict = item["verdict"].as_str().unwrap();
        assert!(
            verdict == "holds everywhere"
                || verdict == "fails"
                || verdict == "no difference anywhere"
                || (verdict.starts_with("holds in ") && verdict.ends_with("% of the range"))
                || (verdict.starts_with("holds on ") && verdict.ends_with(" of the range"))
                || verdict.starts_with("holds everywhere but at ")
                || verdict == "holds only at single points",
            "{item}"
        );
        assert_eq!(item["complete"], false, "{item}");
        if item["method"] == "intervals" {
            // A claim over one parameter: pieces that cover the range, shares adding up to 1.
            assert!(!item["intervals"].as_array().unwrap().is_empty(), "{item}");
            let sum: f64 = ["holds", "fails", "no_difference", "not_analysed"]
                .iter()
                .map(|k| item["shares"][k]["decimal"].as_f64().unwrap())
                .sum();
            assert!((sum - 1.0).abs() < 1e-9, "{item}");
            continue;
        }
        let p = &item["points"];
        let total: u64 = ["holds", "ties", "fails", "errors"]
            .iter()
            .map(|k| p[k].as_u64().unwrap())
            .sum();
        assert!(total >= 3, "{item}");
    }
    let svg = std::fs::read_to_string(&chart).unwrap();
    roxmltree::Document::parse(&svg).expect("the chart is well-formed XML");
}

#[test]
fn draw_writes_well_formed_svg_with_the_moves() {
    let dir = scratch("draw");
    let tree = dir.join("latvia.svg").display().to_string();
    assert_ok(&brink(&["draw", &latvia(), "-o", &tree, "--solve"]));
    let svg = std::fs::read_to_string(&tree).unwrap();
    let doc = roxmltree::Document::parse(&svg).expect("well-formed SVG");
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    let words: String = doc
        .descendants()
        .filter_map(|n| n.text())
        .collect::<Vec<_>>()
        .join(" ");
    for label in [
        "invade", "hold", "defend", "concede", "escalate", "withdraw",
    ] {
        assert!(words.contains(label), "no move `{label}` in the drawing");
    }

    let efg = repo()
        .join("examples/entry-deterrence.efg")
        .display()
        .to_string();
    let drawn = dir.join("entry.svg").display().to_string();
    assert_ok(&brink(&["draw", &efg, "-o", &drawn, "--solve"]));
    roxmltree::Document::parse(&std::fs::read_to_string(&drawn).unwrap()).expect("well-formed SVG");
}

#[test]
fn report_is_self_contained_html_with_the_tree_and_the_map() {
    let dir = scratch("report");
    let html_path = dir.join("latvia.html").display().to_string();
    assert_ok(&brink(&[
        "report",
        &latvia(),
        "-o",
        &html_path,
        "--grid",
        "9",
    ]));
    let html = std::fs::read_to_string(&html_path).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "a network reference"
    );
    let svgs = html.matches("<svg").count();
    assert!(svgs >= 2, "{svgs} pictures");
    // The tree names the moves; the map names its two axes (the first two ranged params).
    assert!(html.contains("nato_reply") && html.contains("invade"));
    assert!(html.contains("p_resolute") && html.contains("stake"));
    assert!(html.contains("Would NATO defend Latvia?"));
    assert!(
        html.contains("Tripwire troops deter invasion"),
        "the scenario's own claim"
    );
}

#[test]
fn bad_input_fails_with_a_message_and_never_panics() {
    let dir = scratch("bad");
    let csv = dir.join("x.csv").display().to_string();
    let missing = dir.join("missing.toml").display().to_string();
    let cases: Vec<Vec<String>> = vec![
        vec![
            "sweep",
            &latvia(),
            "--vary",
            "no_such_param=0:1:3",
            "-o",
            &csv,
        ],
        vec![
            "sweep",
            &latvia(),
            "--variant",
            "no_such_variant",
            "--vary",
            "stake=0:1:3",
            "-o",
            &csv,
        ],
        vec!["sweep", &latvia(), "--vary", "stake=0:1", "-o", &csv],
        vec!["sweep", &missing, "--vary", "stake=0:1:3", "-o", &csv],
        vec![
            "sweep",
            &latvia(),
            "--vary",
            "stake=0:1:3",
            "--shard",
            "4/3",
            "-o",
            &csv,
        ],
        vec![
            "map",
            &latvia(),
            "--x",
            "stake",
            "--y",
            "stake",
            "-o",
            "m.svg",
        ],
        vec![
            "map",
            &latvia(),
            "--x",
            "p_resolute",
            "--y",
            "stake",
            "-o",
            "m.gif",
        ],
        vec!["thresholds", &latvia(), "--vary", "stake=0:500"],
        vec!["thresholds", &missing, "--vary", "stake"],
        vec!["claims", &missing],
        vec!["sweep", &latvia(), "--vary", "stake=0:1:3", "-o", "x.json"],
        vec![
            "sweep",
            &latvia(),
            "--vary",
            "stake=0:1:3",
            "--measure",
            "P(war)",
            "-o",
            &csv,
        ],
        vec![
            "thresholds",
            &latvia(),
            "--vary",
            "stake",
            "--measure",
            "P(x",
            "--level",
            "1",
        ],
        vec!["draw", &missing, "-o", "t.svg"],
        vec![
            "report",
            &latvia(),
            "--variant",
            "no_such_variant",
            "-o",
            "r.html",
        ],
    ]
    .into_iter()
    .map(|v| v.into_iter().map(String::from).collect())
    .collect();
    for args in &cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = brink(&args);
        let err = text(&out.stderr);
        assert!(!out.status.success(), "{args:?} succeeded");
        assert!(!err.trim().is_empty(), "{args:?}: no message");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
}

#[test]
fn a_sample_is_the_same_whatever_the_thread_count() {
    let dir = scratch("sample");
    let run = |threads: &str| {
        let path = dir.join(format!("lhs{threads}.csv")).display().to_string();
        assert_ok(&brink(&[
            "sweep",
            &latvia(),
            "--sample",
            "24",
            "--seed",
            "5",
            "--lhs",
            "--over",
            "p_resolute",
            "--over",
            "stake=1:10",
            "--threads",
            threads,
            "-o",
            &path,
        ]));
        std::fs::read_to_string(&path).unwrap()
    };
    let (one, two) = (run("1"), run("2"));
    assert_eq!(one, two);
    let lines: Vec<&str> = one.lines().collect();
    assert_eq!(lines.len(), 25);
    assert!(
        lines[0].starts_with("index,p_resolute,stake,"),
        "{}",
        lines[0]
    );
    // Every sampled value lies in its range.
    for line in &lines[1..] {
        let row = fields(line);
        let (p, stake): (f64, f64) = (row[1].parse().unwrap(), row[2].parse().unwrap());
        assert!(
            (0.0..=1.0).contains(&p) && (1.0..=10.0).contains(&stake),
            "{line}"
        );
    }
}

#[test]
fn map_writes_an_svg_coloured_by_outcome() {
    let dir = scratch("map");
    let path = dir.join("map.svg").display().to_string();
    assert_ok(&brink(&[
        "map",
        &latvia(),
        "--x",
        "p_resolute",
        "--y",
        "stake=0:10:5",
        "--xn",
        "6",
        "-o",
        &path,
    ]));
    let svg = std::fs::read_to_string(&path).unwrap();
    let doc = roxmltree::Document::parse(&svg).expect("well-formed SVG");
    let words: String = doc
        .descendants()
        .filter_map(|n| n.text())
        .collect::<Vec<_>>()
        .join(" ");
    for word in ["p_resolute", "stake", "status_quo", "fait_accompli"] {
        assert!(words.contains(word), "no `{word}` on the map");
    }
}

/// The report's page with the `skip`-th picture (0-based, in page order) left out.
fn without_picture(html: &str, skip: usize) -> String {
    let mut out = String::new();
    let mut rest = html;
    let mut k = 0;
    while let Some(start) = rest.find("<svg") {
        let end = rest[start..]
            .find("</svg>")
            .expect("every picture is closed")
            + start
            + 6;
        out.push_str(&rest[..if k == skip { start } else { end }]);
        rest = &rest[end..];
        k += 1;
    }
    out.push_str(rest);
    out
}

/// The pictures of a page, as SVG text, in page order.
fn pictures(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<svg") {
        let end = rest[start..]
            .find("</svg>")
            .expect("every picture is closed")
            + start
            + 6;
        // Inlined pictures lose their namespace; put it back to read them as XML.
        out.push(rest[start..end].replacen("<svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"", 1));
        rest = &rest[end..];
    }
    out
}

/// Runs headless Chromium on `page` with `extra` arguments. Without Chromium the test fails,
/// saying how to get it or skip it; it never passes silently.
fn chromium(page: &Path, extra: &[String]) -> Output {
    let out = Command::new("chromium")
        .args([
            "--headless",
            "--disable-gpu",
            "--no-sandbox",
            "--hide-scrollbars",
        ])
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "headless chromium does not run ({e}): install Debian's `chromium` package, or \
                 set BRINK_NO_CHROMIUM=1 on a machine that cannot have it"
            )
        });
    assert!(out.status.success(), "chromium: {}", text(&out.stderr));
    out
}

/// The window Chromium renders the report in: the report's width, and tall enough for the
/// whole page (the tests check that its last part is blank).
const WINDOW: (u32, u32) = (1100, 8000);

/// A screenshot of `page` in [`WINDOW`], decoded, with Chromium's log (console messages
/// included).
fn screenshot(page: &Path, shot: &Path) -> ((u32, u32, Vec<[u8; 4]>), String) {
    let out = chromium(
        page,
        &[
            format!("--window-size={},{}", WINDOW.0, WINDOW.1),
            "--enable-logging=stderr".into(),
            "--v=0".into(),
            format!("--screenshot={}", shot.display()),
        ],
    );
    let png = std::fs::read(shot).expect("chromium wrote a screenshot");
    (decode_png(&png), text(&out.stderr))
}

/// Headless Chromium (Debian's `chromium` package, which the test setup installs)
/// renders the report: no console message, every picture in the DOM, and a screenshot in
/// which the map's regions and the tree's players' colours appear where the pictures are,
/// about as large as drawn. Each picture's share is measured against a screenshot of the same
/// page without that picture, so colours elsewhere on the page do not count. Without
/// Chromium the test is skipped with a notice, except under CI, where it fails;
/// `BRINK_NO_CHROMIUM=1` skips it anywhere (see `common::chromium_gate`).
#[test]
fn the_report_renders_in_headless_chromium_with_its_pictures() {
    if !chromium_gate("the_report_renders_in_headless_chromium_with_its_pictures") {
        return;
    }
    let dir = scratch("chromium");
    let html_path = dir.join("report.html");
    assert_ok(&brink(&[
        "report",
        &latvia(),
        "-o",
        &html_path.display().to_string(),
        "--grid",
        "11",
    ]));
    let html = std::fs::read_to_string(&html_path).unwrap();
    let svgs = pictures(&html);
    // The pictures, in page order: the tree, the map, the plot, the claims chart.
    assert_eq!(svgs.len(), 4, "the report has four pictures");
    let (tree, map) = (0, 1);
    let areas = cell_areas(&svgs[map]);
    assert!(
        areas.len() >= 2,
        "the map shows at least two outcomes: {areas:?}"
    );
    // The map's regions are drawn through the boundaries located on the grid's lines: one
    // path per outcome that occurs.
    let regions = roxmltree::Document::parse(&svgs[map])
        .unwrap()
        .descendants()
        .filter(|n| n.has_tag_name("path") && n.attribute("class") == Some("region"))
        .count();
    assert_eq!(regions, areas.len(), "one region per outcome shown");

    // Chromium's DOM holds the pictures as SVG elements, every map region included.
    let dom = text(&chromium(&html_path, &["--dump-dom".into()]).stdout);
    assert_eq!(
        dom.matches("<svg").count(),
        4,
        "the DOM has the four pictures"
    );
    assert_eq!(
        dom.matches("class=\"region\"").count(),
        regions,
        "the DOM has every map region"
    );

    let ((w, h, full), log) = screenshot(&html_path, &dir.join("report.png"));
    assert_eq!((w, h), WINDOW);
    let console: Vec<&str> = log.lines().filter(|l| l.contains(":CONSOLE")).collect();
    assert!(
        console.is_empty(),
        "the page logged to the console: {console:?}"
    );
    // The whole page fits in the window: its last 40 rows are light background, no ink.
    assert!(
        full[((h - 40) * w) as usize..]
            .iter()
            .all(|p| p[..3].iter().all(|&c| c >= 200)),
        "the report is longer than the {}-pixel window",
        WINDOW.1
    );

    let page_without = |k: usize, name: &str| {
        let path = dir.join(name);
        std::fs::write(&path, without_picture(&html, k)).unwrap();
        screenshot(&path, &dir.join(format!("{name}.png"))).0 .2
    };
    // The map: each region's colour covers its cells' area at the scale the page shows the
    // map (between 3/4 and 4/3 of its size, as the report's style allows).
    let no_map = page_without(map, "no-map.html");
    let drawn: Vec<(String, f64, f64)> = areas
        .iter()
        .map(|(fill, area)| {
            let c = rgb(fill);
            let d = count_colour(&full, c, 2) as f64 - count_colour(&no_map, c, 2) as f64;
            (fill.clone(), *area, d)
        })
        .collect();
    let scale2 = drawn.iter().map(|d| d.2).sum::<f64>() / drawn.iter().map(|d| d.1).sum::<f64>();
    assert!(
        (0.7f64.powi(2)..1.4f64.powi(2)).contains(&scale2),
        "the map's regions cover {scale2} pixels per unit of area: {drawn:?}"
    );
    eprintln!("map regions (colour, area, pixels): {drawn:?}; pixels per unit {scale2:.3}");
    for (fill, area, d) in &drawn {
        let expected = area * scale2;
        assert!(
            (d - expected).abs() < 0.1 * expected + 300.0,
            "region colour {fill}: {d} pixels on the screenshot, expected about {expected}"
        );
    }
    // The tree: its players' colours (nodes, chosen moves, the key) come with it.
    let no_tree = page_without(tree, "no-tree.html");
    for colour in ["#0072B2", "#D55E00"] {
        assert!(svgs[tree].contains(colour));
        let c = rgb(colour);
        let d = count_colour(&full, c, 2) as i64 - count_colour(&no_tree, c, 2) as i64;
        eprintln!("tree: {d} pixels of {colour}");
        assert!(
            d > 800,
            "the tree adds only {d} pixels of {colour} to the screenshot"
        );
    }
}

/// A PNG decoded to RGBA pixels: (width, height, pixels as `[r, g, b, a]`).
fn decode_png(bytes: &[u8]) -> (u32, u32, Vec<[u8; 4]>) {
    let mut decoder =
        png::Decoder::new_with_limits(std::io::Cursor::new(bytes), png::Limits { bytes: 1 << 30 });
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().expect("a PNG header");
    let mut buf = vec![0; reader.output_buffer_size().expect("a PNG of a sane size")];
    let info = reader.next_frame(&mut buf).expect("PNG pixels that decode");
    let channels = info.color_type.samples();
    let pixels = buf[..info.line_size * info.height as usize]
        .chunks(info.line_size)
        .flat_map(|line| line[..info.width as usize * channels].chunks(channels))
        .map(|p| match p.len() {
            1 => [p[0], p[0], p[0], 255],
            2 => [p[0], p[0], p[0], p[1]],
            3 => [p[0], p[1], p[2], 255],
            _ => [p[0], p[1], p[2], p[3]],
        })
        .collect();
    (info.width, info.height, pixels)
}

/// `#RRGGBB` as bytes.
fn rgb(hex: &str) -> [u8; 3] {
    let h = hex.trim_start_matches('#');
    let byte = |i: usize| u8::from_str_radix(&h[i..i + 2], 16).expect("a hex colour");
    [byte(0), byte(2), byte(4)]
}

/// How many pixels are within `tolerance` (per channel) of `colour` and opaque.
fn count_colour(pixels: &[[u8; 4]], colour: [u8; 3], tolerance: u8) -> usize {
    pixels
        .iter()
        .filter(|p| p[3] == 255 && (0..3).all(|i| p[i].abs_diff(colour[i]) <= tolerance))
        .count()
}

/// The size an SVG declares, in its units.
#[cfg(feature = "png")]
fn svg_size(svg: &str) -> (f64, f64) {
    let doc = roxmltree::Document::parse(svg).expect("well-formed SVG");
    let root = doc.root_element();
    let dim = |name: &str| -> f64 {
        root.attribute(name)
            .and_then(|v| v.parse().ok())
            .expect("the SVG has a numeric width and height")
    };
    (dim("width"), dim("height"))
}

/// The area each fill colour covers in the map: the cells (rects with a title) or the
/// regions (paths of polygons, drawn through the exact boundary points) by colour.
fn cell_areas(svg: &str) -> std::collections::BTreeMap<String, f64> {
    let doc = roxmltree::Document::parse(svg).expect("well-formed SVG");
    let mut areas = std::collections::BTreeMap::new();
    for path in doc
        .descendants()
        .filter(|n| n.has_tag_name("path") && n.attribute("class") == Some("region"))
    {
        let fill = path.attribute("fill").unwrap_or("").to_ascii_uppercase();
        let d = path.attribute("d").unwrap_or("");
        let mut area = 0.0;
        for polygon in d.split('Z').filter(|p| !p.trim().is_empty()) {
            // Shoelace over the polygon's points (`Mx yLx y…`).
            let points: Vec<(f64, f64)> = polygon
                .split(['M', 'L'])
                .filter(|p| !p.is_empty())
                .map(|p| {
                    let mut xy = p.split(' ').map(|v| v.parse::<f64>().unwrap());
                    (xy.next().unwrap(), xy.next().unwrap())
                })
                .collect();
            let twice: f64 = (0..points.len())
                .map(|i| {
                    let (a, b) = (points[i], points[(i + 1) % points.len()]);
                    a.0 * b.1 - b.0 * a.1
                })
                .sum();
            area += twice.abs() / 2.0;
        }
        *areas.entry(fill).or_insert(0.0) += area;
    }
    for rect in doc.descendants().filter(|n| n.has_tag_name("rect")) {
        if !rect.children().any(|c| c.has_tag_name("title")) {
            continue;
        }
        let num = |name: &str| -> f64 {
            rect.attribute(name)
                .and_then(|v| v.parse().ok())
                .unwrap_or(0.0)
        };
        let fill = rect.attribute("fill").unwrap_or("").to_ascii_uppercase();
        *areas.entry(fill).or_insert(0.0) += num("width") * num("height");
    }
    areas
}

#[cfg(feature = "png")]
#[test]
fn map_and_draw_write_pngs_of_the_expected_size_with_the_pictures_colours() {
    let dir = scratch("png");
    let map = |out: &str| {
        let path = dir.join(out).display().to_string();
        assert_ok(&brink(&[
            "map",
            &latvia(),
            "--x",
            "p_resolute",
            "--y",
            "stake=0:10:5",
            "--xn",
            "6",
            "-o",
            &path,
        ]));
        std::fs::read(&path).unwrap()
    };
    let svg = String::from_utf8(map("map.svg")).unwrap();
    let png = map("map.png");
    let (w, h) = svg_size(&svg);
    let (pw, ph, pixels) = decode_png(&png);
    // Rendered at twice the SVG's size.
    assert_eq!((pw, ph), ((2.0 * w).ceil() as u32, (2.0 * h).ceil() as u32));
    let areas = cell_areas(&svg);
    assert!(
        areas.len() >= 2,
        "the map has regions of at least two outcomes: {areas:?}"
    );
    for (fill, area) in &areas {
        // Each region's colour covers about its area (4 pixels per unit at scale 2); the
        // boundaries drawn over the cells take a little of it, the legend's swatch adds some.
        let expected = 4.0 * area;
        let found = count_colour(&pixels, rgb(fill), 2) as f64;
        assert!(
            found > 0.8 * expected && found < 1.2 * expected + 2000.0,
            "{fill}: {found} pixels, expected about {expected}"
        );
    }

    let tree_svg = dir.join("tree.svg").display().to_string();
    let tree_png = dir.join("tree.png").display().to_string();
    for out in [&tree_svg, &tree_png] {
        assert_ok(&brink(&["draw", &latvia(), "--solve", "-o", out]));
    }
    let svg = std::fs::read_to_string(&tree_svg).unwrap();
    let (w, h) = svg_size(&svg);
    let (pw, ph, pixels) = decode_png(&std::fs::read(&tree_png).unwrap());
    assert_eq!((pw, ph), ((2.0 * w).ceil() as u32, (2.0 * h).ceil() as u32));
    // The players' colours (the first two of the tree palette) mark their nodes and moves.
    for colour in ["#0072B2", "#D55E00"] {
        assert!(svg.contains(colour), "the tree SVG uses {colour}");
        let n = count_colour(&pixels, rgb(colour), 2);
        assert!(n > 200, "{colour}: only {n} pixels in the tree PNG");
    }
    // Most of the picture is its white background, and something is drawn on it.
    let white = count_colour(&pixels, [255, 255, 255], 0);
    assert!(white > pixels.len() / 2 && white < pixels.len());
}

#[cfg(not(feature = "png"))]
#[test]
fn without_the_png_feature_png_output_is_refused_with_a_way_to_get_it() {
    let dir = scratch("nopng");
    let path = dir.join("map.png").display().to_string();
    let out = brink(&[
        "map",
        &latvia(),
        "--x",
        "p_resolute",
        "--y",
        "stake",
        "-o",
        &path,
    ]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("--features png"));
    assert!(!Path::new(&path).exists());
}

/// Starts `brink args` on a long run, sends it SIGINT as Ctrl-C does, and returns its output.
/// The run is long enough (a minute or more here, on one thread) that it is still solving
/// when the signal comes; the wait before the signal only lets it install its handler, which
/// it does within milliseconds of starting.
#[cfg(unix)]
fn interrupted(args: &[&str]) -> Output {
    use std::process::Stdio;
    let child = Command::new(env!("CARGO_BIN_EXE_brink"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the brink binary runs");
    std::thread::sleep(std::time::Duration::from_secs(1));
    let kill = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(kill.success(), "kill -INT {}", child.id());
    child.wait_with_output().expect("brink ends after Ctrl-C")
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_a_large_map_with_code_130_and_writes_nothing() {
    let dir = scratch("sigint-map");
    let path = dir.join("map.svg");
    let out = interrupted(&[
        "map",
        &latvia(),
        "--x",
        "p_resolute=0:1:400",
        "--y",
        "stake=0:10:400",
        "--threads",
        "1",
        "-o",
        &path.display().to_string(),
    ]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(130), "stderr: {err}");
    assert!(err.contains("stopped:"), "stderr: {err}");
    assert!(
        err.contains("of the map's 160000 points were solved"),
        "stderr: {err}"
    );
    assert!(!path.exists(), "a stopped map writes no file");
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_the_claims_with_code_130_marking_the_unfinished_ones() {
    let dir = scratch("sigint-claims");
    let chart = dir.join("claims.svg");
    let out = interrupted(&[
        "claims",
        &latvia(),
        "--points",
        "100000",
        "-o",
        &chart.display().to_string(),
    ]);
    let err = text(&out.stderr);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(130), "stderr: {err}");
    assert!(
        err.contains("stopped:") && err.contains("no chart was written"),
        "stderr: {err}"
    );
    assert!(
        stdout.contains("verdict: not checked: stopped after"),
        "stdout: {stdout}"
    );
    assert!(!chart.exists(), "a stopped check writes no chart");
}
