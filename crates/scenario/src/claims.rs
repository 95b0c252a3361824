//! Claims: statements of the debate, checked against the scenarios they are about.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, SourceFile};
use crate::model::Ctx;
use crate::scenario::{dedup, Claim, Direction, Measure, Scenario, BASE};
use crate::value::{parse_document, Kind, SValue};
use brink_game::Rational;

const CLAIM_KEYS: [&str; 7] = [
    "says", "source", "scenario", "compare", "measure", "expect", "over",
];

/// Reads the `[[claims]]` of a document. `resolve` gives the scenario a claim is about (the
/// `scenario` key, or `None` for the file the claims are in).
pub(crate) fn build_claims(
    ctx: &mut Ctx,
    v: &SValue,
    file: &Path,
    resolve: &mut dyn FnMut(Option<&Path>) -> Option<Scenario>,
    need_scenario: bool,
) -> Vec<Claim> {
    let mut out = Vec::new();
    let Kind::Array(items) = &v.kind else {
        ctx.err(
            "S003",
            v,
            "`claims` must be an array of tables: [[claims]]".into(),
            None,
        );
        return out;
    };
    for item in items {
        let Some(t) = ctx.table(item, "a claim") else {
            continue;
        };
        ctx.only_keys(t, &CLAIM_KEYS, "a claim");
        let field = |ctx: &mut Ctx, key: &str| -> Option<SValue> {
            match item.get(key) {
                Some(v) => Some(v.clone()),
                None => {
                    ctx.err(
                        "S050",
                        item,
                        format!("the claim has no `{key}`"),
                        Some("a claim needs says, compare, measure and expect"),
                    );
                    None
                }
            }
        };
        let says = field(ctx, "says").and_then(|v| ctx.string(&v, "`says`"));
        let source = item
            .get("source")
            .and_then(|v| ctx.string(v, "`source`"))
            .unwrap_or_else(|| "illustrative".into());
        let scenario_path = match item.get("scenario") {
            Some(sv) => ctx
                .string(sv, "`scenario`")
                .map(|s| Some((file.parent().unwrap_or(Path::new("")).join(s), sv.clone()))),
            None if need_scenario => {
                ctx.err(
                    "S050",
                    item,
                    "the claim does not say which scenario it is about".into(),
                    Some("add `scenario = \"latvia.toml\"`"),
                );
                None
            }
            None => Some(None),
        };
        let compare = field(ctx, "compare");
        let measure_v = field(ctx, "measure");
        let expect_v = field(ctx, "expect");
        let (Some(says), Some(scenario_path), Some(compare), Some(measure_v), Some(expect_v)) =
            (says, scenario_path, compare, measure_v, expect_v)
        else {
            continue;
        };
        let scenario = match &scenario_path {
            Some((p, sv)) => match resolve(Some(p)) {
                Some(s) => s,
                None => {
                    ctx.err(
                        "S050",
                        sv,
                        format!("the scenario `{}` does not load", p.display()),
                        Some("run `brink analyze` on it to see its errors"),
                    );
                    continue;
                }
            },
            None => match resolve(None) {
                Some(s) => s,
                None => continue,
            },
        };
        let names: Option<Vec<String>> = match &compare.kind {
            Kind::Array(pair) if pair.len() == 2 => pair
                .iter()
                .map(|p| ctx.string(p, "a variant name"))
                .collect(),
            _ => {
                ctx.err(
                    "S050",
                    &compare,
                    "`compare` must name two variants: [\"tripwire\", \"base\"]".into(),
                    None,
                );
                None
            }
        };
        let Some(names) = names else { continue };
        let mut ok = true;
        if let Kind::Array(pair) = &compare.kind {
            for (name, pv) in names.iter().zip(pair) {
                if name != BASE && !scenario.variants.iter().any(|v| &v.name == name) {
                    let known: Vec<&str> =
                        scenario.variants.iter().map(|v| v.name.as_str()).collect();
                    ctx.err(
                        "S040",
                        pv,
                        format!("the scenario has no variant `{name}`"),
                        Some(&crate::diag::suggestion_hint(
                            name,
                            known.iter().copied(),
                            &format!("the variants are: base, {}", known.join(", ")),
                        )),
                    );
                    ok = false;
                }
            }
        }
        let measure = match ctx
            .string(&measure_v, "`measure`")
            .and_then(|m| Measure::parse(&m))
        {
            Some(m) => m,
            None => {
                ctx.err(
                    "S051",
                    &measure_v,
                    "a measure is `P(outcome)`, `P(node.move)`, `E(player)` or `P(outcome | player = type)`".into(),
                    None,
                );
                continue;
            }
        };
        let model = &scenario.base;
        let known = measure_names_something(model, &measure);
        if !known {
            ctx.err(
                "S051",
                &measure_v,
                format!("`{measure}` names nothing in the scenario"),
                Some("name an outcome, a node's move, or a player of the base scenario"),
            );
            ok = false;
        }
        let expect = match ctx.string(&expect_v, "`expect`").as_deref() {
            Some("lower") => Some(Direction::Lower),
            Some("higher") => Some(Direction::Higher),
            Some(other) => {
                ctx.err(
                    "S051",
                    &expect_v,
                    format!("`expect` is `lower` or `higher`, not `{other}`"),
                    None,
                );
                None
            }
            None => None,
        };
        let mut over = Vec::new();
        if let Some(ov) = item.get("over") {
            if let Some(ot) = ctx.table(ov, "`over`") {
                for (k, r) in ot {
                    let Some(slot) = model.param_index(&k.name) else {
                        let known: Vec<&str> =
                            model.params.iter().map(|p| p.name.as_str()).collect();
                        let hint = crate::diag::suggestion_hint(
                            &k.name,
                            known.iter().copied(),
                            &format!("the parameters are: {}", known.join(", ")),
                        );
                        ctx.err_key(
                            "S041",
                            k,
                            format!("unknown parameter `{}`", k.name),
                            Some(&hint),
                        );
                        ok = false;
                        continue;
                    };
                    match claim_range(ctx, &model.params[slot], &k.name, r) {
                        Some((lo, hi)) => over.push((k.name.clone(), lo, hi)),
                        None => ok = false,
                    }
                }
            }
        }
        let Some(expect) = expect else { continue };
        if !ok {
            continue;
        }
        let mut names = names.into_iter();
        out.push(Claim {
            says,
            source,
            scenario: scenario_path.map(|(p, _)| p),
            variant: names.next().unwrap_or_default(),
            against: names.next().unwrap_or_default(),
            measure,
            expect,
            over,
        });
    }
    out
}

/// Reads the range `r` a claim gives for the parameter `param` (named `name`), with a located
/// error for each way it can be wrong: not a range (one value, or not two ends), ends that are
/// not numbers, ends in the wrong order, a boolean parameter, a range outside the one the
/// parameter declares.
fn claim_range(
    ctx: &mut Ctx,
    param: &crate::model::Param,
    name: &str,
    r: &SValue,
) -> Option<(Rational, Rational)> {
    if param.boolean {
        ctx.err(
            "S051",
            r,
            format!("`{name}` is a boolean parameter: a claim cannot range over it"),
            Some("compare two variants instead, e.g. one that sets it to true against `base`"),
        );
        return None;
    }
    let ends = match &r.kind {
        Kind::Array(ends) if ends.len() == 2 => ends,
        Kind::Number => {
            ctx.err(
                "S051",
                r,
                format!("`{name}` has one value here, not a range"),
                Some(&format!(
                    "a claim ranges over [low, high]: `{name} = [0.05, 0.95]`; to fix the \
                     parameter at one value, set it in a variant"
                )),
            );
            return None;
        }
        _ => {
            ctx.err(
                "S051",
                r,
                format!("the range of `{name}` is not two numbers [low, high]"),
                Some(&format!("write `{name} = [0.05, 0.95]`")),
            );
            return None;
        }
    };
    let (Some(lo), Some(hi)) = (ctx.number(&ends[0]), ctx.number(&ends[1])) else {
        ctx.err(
            "S051",
            r,
            format!("the range of `{name}` is not two numbers [low, high]"),
            Some(&format!("write `{name} = [0.05, 0.95]`")),
        );
        return None;
    };
    if lo > hi {
        ctx.err(
            "S051",
            r,
            format!("the range of `{name}` runs backwards: low {lo} is above high {hi}"),
            Some(&format!("write `{name} = [{hi}, {lo}]`")),
        );
        return None;
    }
    if let Some((dlo, dhi)) = &param.range {
        if lo < *dlo || hi > *dhi {
            ctx.err(
                "S051",
                r,
                format!("[{lo}, {hi}] leaves the range [{dlo}, {dhi}] that `{name}` declares"),
                Some("keep the claim inside the parameter's declared range, or widen that"),
            );
            return None;
        }
    }
    Some((lo, hi))
}

/// Reads a claims file (`[[claims]]` entries, each naming its `scenario` file relative to the
/// claims file) and checks every claim against its scenario.
pub fn load_claims(path: impl AsRef<Path>) -> Result<Vec<Claim>, Vec<Diagnostic>> {
    let path = path.as_ref();
    let text = crate::diag::read_source(path).map_err(|e| vec![e.diagnostic(path, "")])?;
    let files = vec![std::sync::Arc::new(SourceFile {
        name: path.display().to_string(),
        text,
    })];
    let doc = match parse_document(&files[0].text, 0) {
        Ok(d) => d,
        Err(e) => {
            let mut d =
                Diagnostic::error("S002", format!("TOML syntax: {}", e.message().trim_end()));
            if let Some(span) = e.span() {
                d = d.at(&files[0], span);
            }
            return Err(vec![d]);
        }
    };
    let mut ctx = Ctx {
        files: &files,
        diags: Vec::new(),
    };
    if let Some(t) = ctx.table(&doc, "a claims file") {
        ctx.only_keys(t, &["title", "about", "claims"], "a claims file");
    }
    let mut cache: BTreeMap<PathBuf, Option<Scenario>> = BTreeMap::new();
    let mut resolve = |p: Option<&Path>| -> Option<Scenario> {
        let p = p?.to_path_buf();
        cache
            .entry(p.clone())
            .or_insert_with(|| crate::scenario::load(&p).ok())
            .clone()
    };
    let claims = match doc.get("claims") {
        Some(cv) => build_claims(&mut ctx, cv, path, &mut resolve, true),
        None => Vec::new(),
    };
    let mut diags = ctx.diags;
    dedup(&mut diags);
    if diags.iter().any(Diagnostic::is_error) {
        return Err(diags);
    }
    Ok(claims)
}

/// Where a claim holds over its parameter grid.
#[derive(Clone, Debug, serde::Serialize)]
pub struct ClaimVerdict {
    /// The claim in words.
    pub says: String,
    /// Grid points where the claimed direction holds strictly.
    pub holds: usize,
    /// Grid points where the measure is equal under both variants.
    pub ties: usize,
    /// Grid points where it goes the other way.
    pub fails: usize,
    /// Grid points where either variant could not be analysed.
    pub errors: usize,
    /// Every grid point: the parameter values, the measure under the claim's variant and
    /// under the one it is compared with (as `f64`; `None` where the analysis failed).
    pub points: Vec<ClaimPoint>,
}

/// One point of a claim's grid.
#[derive(Clone, Debug, serde::Serialize)]
pub struct ClaimPoint {
    /// The parameter values of the point, `(name, value)`, exact.
    pub at: Vec<(String, String)>,
    /// The measure under the claim's variant (exact, as text).
    pub variant: Option<String>,
    /// The measure under the variant it is compared with.
    pub against: Option<String>,
}

impl ClaimVerdict {
    /// `holds`, `fails`, `mixed` or `undecided` (no strict difference anywhere).
    pub fn summary(&self) -> &'static str {
        match (self.holds > 0, self.fails > 0) {
            (true, false) => "holds",
            (false, true) => "fails",
            (true, true) => "mixed",
            (false, false) => "undecided",
        }
    }
}

/// Checks a claim on a grid of `points_per_param` evenly spaced values of each parameter of
/// its `over` ranges (all combinations; the other parameters at each variant's defaults). At
/// each point both variants are analysed and the measure compared in the selected equilibrium.
pub fn check_claim(
    scenario: &Scenario,
    claim: &Claim,
    points_per_param: usize,
) -> Result<ClaimVerdict, Vec<Diagnostic>> {
    check_claim_with(scenario, claim, points_per_param, &mut |_, _| true)
}

/// [`check_claim`], telling `step` how far it is: `step(done, total)` is called before the
/// first point (with `done` 0) and after each point. When `step` returns `false` the check
/// stops there and the verdict covers only the points done (`points.len()` is then less than
/// `total`), so a long check can show progress and be interrupted.
pub fn check_claim_with(
    scenario: &Scenario,
    claim: &Claim,
    points_per_param: usize,
    step: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<ClaimVerdict, Vec<Diagnostic>> {
    use num_traits::Zero;
    let n = points_per_param.max(2);
    let variant = scenario
        .compile(Some(&claim.variant))
        .map_err(|d| vec![*d])?;
    let against = scenario
        .compile(Some(&claim.against))
        .map_err(|d| vec![*d])?;
    let (variant, against) = (std::sync::Arc::new(variant), std::sync::Arc::new(against));
    // The grid, odometer order, first parameter fastest.
    let axes: Vec<Vec<Rational>> = claim
        .over
        .iter()
        .map(|(_, lo, hi)| {
            (0..n)
                .map(|k| lo + (hi - lo) * Rational::new((k as i64).into(), ((n - 1) as i64).into()))
                .collect()
        })
        .collect();
    let total: usize = axes.iter().map(Vec::len).product();
    if total > 100_000 {
        return Err(vec![Diagnostic::error(
            "S052",
            format!("the claim's grid has {total} points"),
        )
        .hint("use fewer points per parameter or fewer parameters in `over`")]);
    }
    let mut verdict = ClaimVerdict {
        says: claim.says.clone(),
        holds: 0,
        ties: 0,
        fails: 0,
        errors: 0,
        points: Vec::new(),
    };
    let mut idx = vec![0usize; axes.len()];
    if !step(0, total) {
        return Ok(verdict);
    }
    loop {
        let overrides: Vec<(String, String)> = claim
            .over
            .iter()
            .zip(&idx)
            .enumerate()
            .map(|(a, ((name, _, _), &k))| (name.clone(), axes[a][k].to_string()))
            .collect();
        let measure = |c: &std::sync::Arc<crate::compile::CompiledScenario>| -> Option<Rational> {
            let values = c.param_values(&overrides).ok()?;
            let answer = crate::answer::analyze_compiled(c, &values).ok()?;
            answer.measure(&claim.measure)
        };
        let (a, b) = (measure(&variant), measure(&against));
        match (&a, &b) {
            (Some(x), Some(y)) => {
                let d = x - y;
                let wanted = match claim.expect {
                    Direction::Lower => -d,
                    Direction::Higher => d,
                };
                if wanted.is_zero() {
                    verdict.ties += 1;
                } else if wanted > Rational::zero() {
                    verdict.holds += 1;
                } else {
                    verdict.fails += 1;
                }
            }
            _ => verdict.errors += 1,
        }
        verdict.points.push(ClaimPoint {
            at: overrides,
            variant: a.map(|v| v.to_string()),
            against: b.map(|v| v.to_string()),
        });
        if !step(verdict.points.len(), total) {
            break;
        }
        let mut k = 0;
        while k < idx.len() {
            idx[k] += 1;
            if idx[k] < axes[k].len() {
                break;
            }
            idx[k] = 0;
            k += 1;
        }
        if k == idx.len() {
            break;
        }
    }
    Ok(verdict)
}

/// Whether every name in a measure is in the scenario.
fn measure_names_something(model: &crate::model::Model, measure: &Measure) -> bool {
    match measure {
        Measure::Outcome { outcome } => !model.reported_parts(outcome).is_empty(),
        Measure::Move { node, r#move } => model
            .node_index(node)
            .is_some_and(|n| model.nodes[n].moves.iter().any(|m| &m.name == r#move)),
        Measure::Payoff { player } => model.player_index(player).is_some(),
        Measure::Given {
            event,
            player,
            r#type,
        } => {
            measure_names_something(model, event)
                && model
                    .player_index(player)
                    .is_some_and(|p| model.players[p].types.iter().any(|t| &t.name == r#type))
        }
    }
}
