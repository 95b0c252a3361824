//! The self-contained HTML report.
//!
//! **Architecture invariant:** the report loads nothing from anywhere. The style sheet is
//! inline, the pictures are inline SVG, there are no scripts and no web fonts, so the file
//! opens the same offline, in a mail client's preview, or years later.

use std::fmt::Write as _;

use crate::plot::verdict_class;
use crate::svg::escape_xml;

/// One assumption of the analysis: a parameter and where its value comes from.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Assumption {
    /// The parameter's name.
    pub param: String,
    /// The value used for the main answer.
    pub value: String,
    /// The range explored by sweeps and claims (empty if none).
    pub range: String,
    /// What the parameter means, in words.
    pub meaning: String,
    /// Where the value comes from (a citation, or "illustrative").
    pub source: String,
}

/// A picture with a caption.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Figure {
    /// The caption under the picture.
    pub caption: String,
    /// The picture, an SVG document (as made by this crate's drawing functions).
    pub svg: String,
}

/// A value of a parameter where the answer changes.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ThresholdRow {
    /// The parameter varied.
    pub parameter: String,
    /// Where the answer changes (exact where it was found exactly).
    pub value: String,
    /// What changes there, e.g. "status quo → war".
    pub change: String,
}

/// A claim and its verdict.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ClaimRow {
    /// The claim, in words.
    pub claim: String,
    /// The verdict in words, e.g. "holds in 72% of the range".
    pub verdict: String,
    /// More detail: the average effect, the region where it fails.
    pub detail: String,
    /// The share of the range where the claim holds, from 0 to 1, which colours the verdict;
    /// `None` leaves it uncoloured.
    pub holds_share: Option<f64>,
}

/// Everything the report shows. Empty parts are left out of the report.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ReportParts {
    /// The scenario's title.
    pub title: String,
    /// A line under the title (e.g. the scenario file and variant).
    pub subtitle: String,
    /// The scenario's story; paragraphs are separated by blank lines.
    pub story: String,
    /// The assumptions table.
    pub assumptions: Vec<Assumption>,
    /// The answer in words, shown as written (line breaks kept).
    pub answer: String,
    /// The game tree.
    pub tree: Option<Figure>,
    /// The deterrence maps.
    pub maps: Vec<Figure>,
    /// Where the answer changes.
    pub thresholds: Vec<ThresholdRow>,
    /// Plots along the varied parameters, with the thresholds marked.
    pub threshold_plots: Vec<Figure>,
    /// The claims' verdicts.
    pub claims: Vec<ClaimRow>,
    /// A chart of the claims' verdicts.
    pub claims_chart: Option<Figure>,
    /// A closing note (e.g. which program and version made the report, and how).
    pub footer: String,
}

const STYLE: &str = r#"
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: #f3f4f6; color: #1f2328;
  font: 16px/1.55 -apple-system, BlinkMacSystemFont, "Segoe UI", Helvetica, Arial, "DejaVu Sans", sans-serif; }
main { max-width: 1040px; margin: 0 auto; background: #ffffff; padding: 40px 56px 32px;
  box-shadow: 0 1px 3px rgba(0,0,0,0.08); min-height: 100vh; }
header { border-bottom: 3px solid #0072B2; padding-bottom: 14px; margin-bottom: 8px; }
h1 { font-size: 30px; line-height: 1.2; margin: 0 0 6px; letter-spacing: -0.01em; }
.subtitle { color: #57606a; margin: 0; font-size: 15px; }
nav { font-size: 14px; color: #57606a; margin: 10px 0 0; }
nav span { margin-right: 14px; white-space: nowrap; }
h2 { font-size: 21px; margin: 36px 0 12px; padding-bottom: 4px; border-bottom: 1px solid #d8dee4; }
p { margin: 0 0 12px; }
.story p { font-size: 17px; }
.answer { white-space: pre-wrap; background: #f6f8fa; border-left: 4px solid #0072B2;
  padding: 14px 18px; border-radius: 4px; font-size: 15.5px; margin: 0;
  font-family: inherit; }
table { border-collapse: collapse; width: 100%; font-size: 14.5px; margin: 4px 0 8px; }
th, td { text-align: left; vertical-align: top; padding: 7px 10px; border-bottom: 1px solid #e5e7eb; }
th { background: #f6f8fa; font-weight: 600; border-bottom: 2px solid #d0d7de; }
td.num { font-variant-numeric: tabular-nums; white-space: nowrap; }
td.param { font-family: "SFMono-Regular", Consolas, "DejaVu Sans Mono", monospace; font-size: 13.5px; white-space: nowrap; }
figure { margin: 16px 0 24px; }
.picture { border: 1px solid #e5e7eb; border-radius: 6px; padding: 8px; overflow: auto; background: #ffffff; }
.picture.tall { max-height: 85vh; }
.picture svg { display: block; max-width: none; height: auto; margin: 0 auto; }
figcaption { font-size: 14px; color: #57606a; margin-top: 6px; }
.verdict { display: inline-block; padding: 1px 9px; border-radius: 11px; font-size: 13.5px; font-weight: 600; white-space: nowrap; }
.v-holds { background: #d9f2ea; color: #00573f; }
.v-partly { background: #fcebc8; color: #6b4a00; }
.v-fails { background: #fbe0d2; color: #8a3300; }
.v-none { background: #eceff1; color: #333333; }
footer { margin-top: 40px; padding-top: 12px; border-top: 1px solid #d8dee4; font-size: 13px; color: #57606a; }
@media print { body { background: #ffffff; } main { box-shadow: none; padding: 0; } .picture.tall { max-height: none; } }
"#;

/// Writes the report as one self-contained HTML document.
pub fn html_report(parts: &ReportParts) -> String {
    let mut out = String::new();
    let title = if parts.title.trim().is_empty() {
        "Report"
    } else {
        parts.title.as_str()
    };
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(out, "<title>{}</title>", escape_xml(title));
    let _ = writeln!(out, "<style>{STYLE}</style>\n</head>\n<body>\n<main>");

    // Which sections there are, for the contents line.
    let mut sections: Vec<(&str, &str)> = Vec::new();
    if !parts.story.trim().is_empty() {
        sections.push(("story", "The question"));
    }
    if !parts.assumptions.is_empty() {
        sections.push(("assumptions", "Assumptions"));
    }
    if !parts.answer.trim().is_empty() {
        sections.push(("answer", "The answer"));
    }
    if parts.tree.is_some() {
        sections.push(("tree", "The game"));
    }
    if !parts.maps.is_empty() {
        sections.push(("maps", "Where deterrence holds"));
    }
    if !parts.thresholds.is_empty() || !parts.threshold_plots.is_empty() {
        sections.push(("thresholds", "Thresholds"));
    }
    if !parts.claims.is_empty() || parts.claims_chart.is_some() {
        sections.push(("claims", "Claims"));
    }

    out.push_str("<header>\n");
    let _ = writeln!(out, "<h1>{}</h1>", escape_xml(title));
    if !parts.subtitle.trim().is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"subtitle\">{}</p>",
            escape_xml(&parts.subtitle)
        );
    }
    if sections.len() > 1 {
        out.push_str("<nav>");
        for (id, name) in &sections {
            let _ = write!(
                out,
                "<span><a href=\"#{id}\">{}</a></span>",
                escape_xml(name)
            );
        }
        out.push_str("</nav>\n");
    }
    out.push_str("</header>\n");

    for (id, name) in &sections {
        let _ = writeln!(out, "<section id=\"{id}\">\n<h2>{}</h2>", escape_xml(name));
        match *id {
            "story" => {
                out.push_str("<div class=\"story\">\n");
                paragraphs(&mut out, &parts.story);
                out.push_str("</div>\n");
            }
            "assumptions" => {
                out.push_str("<table>\n<thead><tr><th>Parameter</th><th>Value</th><th>Range</th><th>Meaning</th><th>Source</th></tr></thead>\n<tbody>\n");
                for a in &parts.assumptions {
                    let _ = writeln!(
                        out,
                        "<tr><td class=\"param\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td></tr>",
                        escape_xml(&a.param),
                        escape_xml(&a.value),
                        escape_xml(&a.range),
                        escape_xml(&a.meaning),
                        escape_xml(&a.source)
                    );
                }
                out.push_str("</tbody>\n</table>\n");
            }
            "answer" => {
                let _ = writeln!(
                    out,
                    "<div class=\"answer\">{}</div>",
                    escape_xml(parts.answer.trim_end())
                );
            }
            "tree" => {
                if let Some(f) = &parts.tree {
                    figure(&mut out, f, true);
                }
            }
            "maps" => {
                for f in &parts.maps {
                    figure(&mut out, f, false);
                }
            }
            "thresholds" => {
                if !parts.thresholds.is_empty() {
                    out.push_str("<table>\n<thead><tr><th>Parameter</th><th>Value</th><th>What changes</th></tr></thead>\n<tbody>\n");
                    for t in &parts.thresholds {
                        let _ = writeln!(
                            out,
                            "<tr><td class=\"param\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
                            escape_xml(&t.parameter),
                            escape_xml(&t.value),
                            escape_xml(&t.change)
                        );
                    }
                    out.push_str("</tbody>\n</table>\n");
                }
                for f in &parts.threshold_plots {
                    figure(&mut out, f, false);
                }
            }
            "claims" => {
                if !parts.claims.is_empty() {
                    out.push_str("<table>\n<thead><tr><th>Claim</th><th>Verdict</th><th>Detail</th></tr></thead>\n<tbody>\n");
                    for c in &parts.claims {
                        let class = match c.holds_share {
                            Some(s) if s.is_finite() => match verdict_class(s).0 {
                                "holds everywhere" => "v-holds",
                                "fails everywhere" => "v-fails",
                                _ => "v-partly",
                            },
                            _ => "v-none",
                        };
                        let _ = writeln!(
                            out,
                            "<tr><td>{}</td><td><span class=\"verdict {class}\">{}</span></td><td>{}</td></tr>",
                            escape_xml(&c.claim),
                            escape_xml(&c.verdict),
                            escape_xml(&c.detail)
                        );
                    }
                    out.push_str("</tbody>\n</table>\n");
                }
                if let Some(f) = &parts.claims_chart {
                    figure(&mut out, f, false);
                }
            }
            _ => {}
        }
        out.push_str("</section>\n");
    }

    if !parts.footer.trim().is_empty() {
        let _ = writeln!(out, "<footer>{}</footer>", escape_xml(&parts.footer));
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

/// Writes text as paragraphs, split at blank lines; single line breaks become spaces.
fn paragraphs(out: &mut String, text: &str) {
    let mut current: Vec<&str> = Vec::new();
    let flush = |out: &mut String, current: &mut Vec<&str>| {
        if !current.is_empty() {
            let _ = writeln!(out, "<p>{}</p>", escape_xml(&current.join(" ")));
            current.clear();
        }
    };
    for line in text.lines() {
        if line.trim().is_empty() {
            flush(out, &mut current);
        } else {
            current.push(line.trim());
        }
    }
    flush(out, &mut current);
}

fn figure(out: &mut String, f: &Figure, tall: bool) {
    let _ = writeln!(
        out,
        "<figure>\n<div class=\"picture{}\">\n{}\n</div>",
        if tall { " tall" } else { "" },
        inline_svg(&f.svg)
    );
    if !f.caption.trim().is_empty() {
        let _ = writeln!(out, "<figcaption>{}</figcaption>", escape_xml(&f.caption));
    }
    out.push_str("</figure>\n");
}

/// Prepares an SVG document for inlining in HTML: drops an XML declaration or doctype, which
/// are not allowed inside HTML, and the SVG namespace declaration, which the HTML parser
/// supplies by itself (so the report holds no web address at all). Anything that is not an
/// SVG document is shown as text rather than inserted as markup.
fn inline_svg(svg: &str) -> String {
    let mut text = svg.trim();
    loop {
        if let Some(rest) = text.strip_prefix("<?") {
            match rest.find("?>") {
                Some(end) => text = rest[end + 2..].trim_start(),
                None => break,
            }
        } else if let Some(rest) = text
            .strip_prefix("<!DOCTYPE")
            .or_else(|| text.strip_prefix("<!doctype"))
        {
            match rest.find('>') {
                Some(end) => text = rest[end + 1..].trim_start(),
                None => break,
            }
        } else {
            break;
        }
    }
    if !text.starts_with("<svg") {
        return format!("<pre>{}</pre>", escape_xml(text));
    }
    let text = text.replacen(" xmlns=\"http://www.w3.org/2000/svg\"", "", 1);
    // A picture narrower than the page grows with it (up to a third larger, so its text reads
    // comfortably). A somewhat wider one shrinks to fit (down to three quarters of its size,
    // where its smallest text still reads), so a typical tree is seen whole, its payoffs on the
    // right included, rather than cut off at the frame's edge; only a much wider one keeps
    // that smallest size and the frame scrolls.
    match svg_width(&text) {
        Some(w) if w > 0.0 => text.replacen(
            "<svg",
            &format!(
                "<svg style=\"width:100%;min-width:{}px;max-width:{}px\"",
                (w * 0.75).round(),
                (w * 1.35).round()
            ),
            1,
        ),
        _ => text,
    }
}

/// The `width` attribute of the opening `<svg>` tag, in pixels.
fn svg_width(svg: &str) -> Option<f64> {
    let head = &svg[..svg.find('>')?];
    let start = head.find(" width=\"")? + " width=\"".len();
    let rest = &head[start..];
    let value = &rest[..rest.find('"')?];
    value
        .trim_end_matches("px")
        .parse::<f64>()
        .ok()
        .filter(|w| w.is_finite())
}
