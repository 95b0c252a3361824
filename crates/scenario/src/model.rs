//! The checked scenario model and the code that builds it from a TOML document.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::sync::Arc;

use brink_game::Rational;
use num_traits::{One, Signed, Zero};

use crate::diag::{Diagnostic, SourceFile};
use crate::formula::{Formula, Ty};
use crate::value::{Kind, SKey, SValue};

/// A place in a loaded file.
#[derive(Clone, Debug)]
pub(crate) struct Loc {
    pub file: usize,
    pub span: Range<usize>,
}

/// A formula with the place it was written.
#[derive(Clone, Debug)]
pub(crate) struct SFormula {
    pub formula: Formula,
    pub loc: Loc,
    pub text: String,
}

/// A parameter of a scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    /// The name formulas use.
    pub name: String,
    /// What it means, in one line.
    pub about: String,
    /// The default value (1 or 0 for booleans).
    pub default: Rational,
    /// Whether it is a boolean.
    pub boolean: bool,
    /// The range it may take, if stated (inclusive).
    pub range: Option<(Rational, Rational)>,
    /// Where it is declared (file index, span), for warnings.
    pub(crate) key_loc: (usize, Range<usize>),
}

/// A player of a scenario.
#[derive(Clone, Debug)]
pub(crate) struct PlayerDef {
    pub key: String,
    pub name: String,
    pub types: Vec<TypeDef>,
    pub loc: Loc,
}

#[derive(Clone, Debug)]
pub(crate) struct TypeDef {
    pub name: String,
    pub prior: SFormula,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Target {
    Node(usize),
    Outcome(usize),
}

#[derive(Clone, Debug)]
pub(crate) struct MoveDef {
    pub name: String,
    pub target: Target,
    /// The probability, for chance nodes (it may depend on types, like a payoff).
    pub prob: Option<Payoff>,
}

#[derive(Clone, Debug)]
pub(crate) struct NodeDef {
    pub name: String,
    pub about: String,
    /// The mover, `None` for chance.
    pub player: Option<usize>,
    pub moves: Vec<MoveDef>,
    /// The move a commitment device makes for the player, if any.
    pub forced: Option<usize>,
    /// The named information set, if any.
    pub info: Option<String>,
    /// The players who do not see the move made here.
    pub hidden_from: Vec<usize>,
    pub loc: Loc,
}

/// A payoff (or a chance probability): a formula, or a case split on one player's type.
#[derive(Clone, Debug)]
pub(crate) enum Payoff {
    Formula(SFormula),
    ByType { player: usize, cases: Vec<Payoff> },
}

impl Payoff {
    /// The formula that applies when the players have these types.
    pub fn resolve(&self, types: &[Option<usize>]) -> &SFormula {
        match self {
            Payoff::Formula(f) => f,
            // Case splits only name players with types, whose types the Harsanyi draw fixes
            // before any payoff or later chance move is reached.
            Payoff::ByType { player, cases } => {
                cases[types.get(*player).copied().flatten().unwrap_or(0)].resolve(types)
            }
        }
    }

    /// The players whose types this depends on.
    pub fn deps(&self, out: &mut Vec<usize>) {
        if let Payoff::ByType { player, cases } = self {
            if !out.contains(player) {
                out.push(*player);
            }
            cases.iter().for_each(|c| c.deps(out));
        }
    }

    /// Every formula in it.
    pub fn formulas<'a>(&'a self, out: &mut Vec<&'a SFormula>) {
        match self {
            Payoff::Formula(f) => out.push(f),
            Payoff::ByType { cases, .. } => cases.iter().for_each(|c| c.formulas(out)),
        }
    }
}

#[derive(Clone, Debug)]
pub(crate) struct OutcomeDef {
    pub name: String,
    pub about: String,
    pub payoffs: Vec<Payoff>,
    /// `name = { type = "reported name", ... }`: the outcome is reported under a name that
    /// depends on one player's type (`escalation` is `war` against a resolute NATO and
    /// `nato_folds` against an irresolute one): the player, and a name per type.
    pub named: Option<(usize, Vec<String>)>,
}

/// An outcome as answers report it: a scenario outcome, or one of its names by type.
#[derive(Clone, Debug)]
pub(crate) struct Reported {
    pub name: String,
    pub about: String,
    /// The scenario outcome it is (part of).
    pub outcome: usize,
}

/// A fully checked scenario structure (the base or one variant).
#[derive(Clone, Debug)]
pub(crate) struct Model {
    pub title: String,
    pub params: Vec<Param>,
    pub players: Vec<PlayerDef>,
    pub nodes: Vec<NodeDef>,
    pub outcomes: Vec<OutcomeDef>,
    /// The outcomes as reported: each scenario outcome, or its names by type in its place.
    pub reported: Vec<Reported>,
    pub root: usize,
    /// The scenario's stated assumptions (`assume`): boolean formulas of the parameters that
    /// robustness sampling keeps to.
    pub assume: Vec<SFormula>,
}

impl Model {
    /// Marks the parameters that some formula of the model reads.
    pub fn mark_used(&self, used: &mut std::collections::BTreeSet<String>) {
        let mut mark = |f: &SFormula| {
            for &i in &f.formula.params {
                used.insert(self.params[i].name.clone());
            }
        };
        for p in &self.players {
            p.types.iter().for_each(|t| mark(&t.prior));
        }
        let mut fs = Vec::new();
        for n in &self.nodes {
            n.moves
                .iter()
                .filter_map(|m| m.prob.as_ref())
                .for_each(|p| p.formulas(&mut fs));
        }
        fs.into_iter().for_each(&mut mark);
        fn walk(pay: &Payoff, mark: &mut dyn FnMut(&SFormula)) {
            match pay {
                Payoff::Formula(f) => mark(f),
                Payoff::ByType { cases, .. } => cases.iter().for_each(|c| walk(c, mark)),
            }
        }
        for o in &self.outcomes {
            o.payoffs.iter().for_each(|p| walk(p, &mut mark));
        }
    }

    pub fn param_index(&self, name: &str) -> Option<usize> {
        self.params.iter().position(|p| p.name == name)
    }
    pub fn node_index(&self, name: &str) -> Option<usize> {
        self.nodes.iter().position(|n| n.name == name)
    }
    /// The reported outcomes a measure's outcome name covers: the one of that name, or every
    /// name by type of the scenario outcome of that name. Empty if it names nothing.
    pub fn reported_parts(&self, name: &str) -> Vec<usize> {
        (0..self.reported.len())
            .filter(|&r| {
                self.reported[r].name == name
                    || self.outcomes[self.reported[r].outcome].name == name
            })
            .collect()
    }
    /// The reported outcome of scenario outcome `o` when the players have these types.
    pub fn reported_index(&self, o: usize, types: &[Option<usize>]) -> usize {
        let name = match &self.outcomes[o].named {
            Some((p, names)) => types[*p].map_or(&self.outcomes[o].name, |t| &names[t]),
            None => &self.outcomes[o].name,
        };
        self.reported
            .iter()
            .position(|r| r.outcome == o && &r.name == name)
            .expect("every outcome and name by type is reported")
    }
    pub fn player_index(&self, key: &str) -> Option<usize> {
        self.players.iter().position(|p| p.key == key)
    }
    pub fn defaults(&self) -> Vec<Rational> {
        self.params.iter().map(|p| p.default.clone()).collect()
    }
}

/// Collects diagnostics while building.
pub(crate) struct Ctx<'a> {
    pub files: &'a [Arc<SourceFile>],
    pub diags: Vec<Diagnostic>,
}

impl Ctx<'_> {
    pub fn err_at(
        &mut self,
        code: &'static str,
        file: usize,
        span: Range<usize>,
        message: String,
        hint: Option<String>,
    ) {
        let mut d = Diagnostic::error(code, message).at(&self.files[file], span);
        d.hint = hint;
        self.diags.push(d);
    }
    pub fn err(&mut self, code: &'static str, v: &SValue, message: String, hint: Option<&str>) {
        self.err_at(
            code,
            v.file,
            v.span.clone(),
            message,
            hint.map(str::to_string),
        );
    }
    pub fn err_key(&mut self, code: &'static str, k: &SKey, message: String, hint: Option<&str>) {
        self.err_at(
            code,
            k.file,
            k.span.clone(),
            message,
            hint.map(str::to_string),
        );
    }
    pub fn loc_err(
        &mut self,
        code: &'static str,
        loc: &Loc,
        message: String,
        hint: Option<String>,
    ) {
        self.err_at(code, loc.file, loc.span.clone(), message, hint);
    }

    pub fn text(&self, v: &SValue) -> &str {
        self.files[v.file].text.get(v.span.clone()).unwrap_or("")
    }

    /// A table, or an error saying what was expected.
    pub fn table<'v>(&mut self, v: &'v SValue, what: &str) -> Option<&'v [(SKey, SValue)]> {
        match v.as_table() {
            Some(t) => Some(t),
            None => {
                self.err(
                    "S003",
                    v,
                    format!("{what} must be a table, not {}", v.kind_name()),
                    None,
                );
                None
            }
        }
    }

    pub fn string(&mut self, v: &SValue, what: &str) -> Option<String> {
        match v.as_str() {
            Some(s) => Some(s.to_string()),
            None => {
                self.err(
                    "S003",
                    v,
                    format!("{what} must be a string, not {}", v.kind_name()),
                    None,
                );
                None
            }
        }
    }

    /// Reports keys of a table that are not in `allowed`.
    pub fn only_keys(&mut self, table: &[(SKey, SValue)], allowed: &[&str], what: &str) {
        for (k, _) in table {
            if !allowed.contains(&k.name.as_str()) {
                let hint = format!("{what} may have: {}", allowed.join(", "));
                self.err_at(
                    "S004",
                    k.file,
                    k.span.clone(),
                    format!("unknown key `{}` in {what}", k.name),
                    Some(hint),
                );
            }
        }
    }

    /// The exact value of a TOML number (decimals are exact).
    pub fn number(&mut self, v: &SValue) -> Option<Rational> {
        match v.kind {
            Kind::Number => {
                let text: String = self.text(v).chars().filter(|&c| c != '_').collect();
                match brink_game::parse_rational(&text) {
                    Some(r) => Some(r),
                    None => {
                        self.err("S003", v, format!("`{text}` is not a finite number"), None);
                        None
                    }
                }
            }
            _ => None,
        }
    }

    /// Parses a formula from a string or a number value.
    pub fn formula(
        &mut self,
        v: &SValue,
        params: &[Param],
        want: Ty,
        what: &str,
    ) -> Option<SFormula> {
        let loc = Loc {
            file: v.file,
            span: v.span.clone(),
        };
        if let Some(r) = self.number(v) {
            if want == Ty::Bool {
                self.err(
                    "S032",
                    v,
                    format!("{what} must be a boolean, not a number"),
                    None,
                );
                return None;
            }
            return Some(SFormula {
                formula: Formula::constant(r),
                loc,
                text: self.text(v).to_string(),
            });
        }
        if let Kind::Bool(b) = v.kind {
            let text = if b { "true" } else { "false" };
            let f = Formula::parse(text, &|_| None).ok()?;
            if want == Ty::Num {
                self.err(
                    "S032",
                    v,
                    format!("{what} must be a number, not a boolean"),
                    None,
                );
                return None;
            }
            return Some(SFormula {
                formula: f,
                loc,
                text: text.into(),
            });
        }
        let Some(text) = v.as_str() else {
            self.err(
                "S003",
                v,
                format!(
                    "{what} must be a formula (a string) or a number, not {}",
                    v.kind_name()
                ),
                None,
            );
            return None;
        };
        let lookup = |name: &str| {
            params
                .iter()
                .position(|p| p.name == name)
                .map(|i| (i, if params[i].boolean { Ty::Bool } else { Ty::Num }))
        };
        // Map offsets in the formula to the file when the TOML string has no escapes.
        let raw = self.text(v).to_string();
        let inner_offset = if raw.len() == text.len() + 2 && raw[1..raw.len() - 1] == *text {
            Some(v.span.start + 1)
        } else {
            None
        };
        match Formula::parse(text, &lookup) {
            Ok(f) => {
                if f.ty != want {
                    self.err(
                        "S032",
                        v,
                        format!(
                            "{what} must be {}, but this formula is {}",
                            want.name(),
                            f.ty.name()
                        ),
                        None,
                    );
                    return None;
                }
                Some(SFormula {
                    formula: f,
                    loc,
                    text: text.to_string(),
                })
            }
            Err(errors) => {
                for mut e in errors {
                    if e.code == "S031" {
                        let name = &text[e.span.clone()];
                        if let Some(close) = params
                            .iter()
                            .map(|p| p.name.as_str())
                            .find(|p| similar(p, name))
                        {
                            e.hint = Some(format!("did you mean `{close}`?"));
                        }
                    }
                    let span = match inner_offset {
                        Some(o) => o + e.span.start..o + e.span.end,
                        None => v.span.clone(),
                    };
                    let mut message = e.message;
                    if inner_offset.is_none() {
                        let quoted = crate::diag::excerpt(text, e.span.clone(), 40);
                        message = format!("{message} (in `{quoted}`)");
                    }
                    self.err_at(e.code, v.file, span, message, e.hint);
                }
                None
            }
        }
    }
}

fn loc(v: &SValue) -> Loc {
    Loc {
        file: v.file,
        span: v.span.clone(),
    }
}

fn kloc(k: &SKey) -> Loc {
    Loc {
        file: k.file,
        span: k.span.clone(),
    }
}

/// Builds and checks a model from a (merged) document. Structural errors go to `ctx`.
/// `strict_reachability` reports unreachable nodes (the base); variants may leave nodes
/// unreachable on purpose (a removed move), so for them it is off.
pub(crate) fn build_model(ctx: &mut Ctx, doc: &SValue, strict_reachability: bool) -> Option<Model> {
    let before = ctx.diags.len();
    let title = doc
        .get("title")
        .and_then(|v| ctx.string(v, "`title`"))
        .unwrap_or_default();
    let params = build_params(ctx, doc.get("params"));
    let assume = build_assumptions(ctx, doc.get("assume"), &params);
    let players = build_players(ctx, doc.get("players"), &params);

    // Names of nodes and outcomes first, so that moves can point forwards.
    let empty = SValue {
        span: 0..0,
        file: 0,
        kind: Kind::Table(Vec::new()),
    };
    let nodes_v = doc.get("nodes").unwrap_or(&empty);
    let outcomes_v = doc.get("outcomes").unwrap_or(&empty);
    let nodes_t = ctx.table(nodes_v, "`nodes`").unwrap_or(&[]);
    let outcomes_t = ctx.table(outcomes_v, "`outcomes`").unwrap_or(&[]);
    if nodes_t.is_empty() {
        let d = if doc.get("nodes").is_some() {
            nodes_v
        } else {
            doc
        };
        ctx.err(
            "S019",
            d,
            "the scenario has no nodes".into(),
            Some("add at least one decision node: [nodes.start] player = \"...\" moves = { ... }"),
        );
    }
    let node_names: Vec<&SKey> = nodes_t.iter().map(|(k, _)| k).collect();
    let outcome_names: Vec<&SKey> = outcomes_t.iter().map(|(k, _)| k).collect();
    // Names are looked up once per move: by hash, so a scenario of 200,000 nodes takes no
    // longer to check than to read (a scan per move made it quadratic).
    let mut node_index: HashMap<&str, usize> = HashMap::with_capacity(node_names.len());
    for (i, k) in node_names.iter().enumerate() {
        node_index.entry(k.name.as_str()).or_insert(i);
    }
    let mut outcome_index: HashMap<&str, usize> = HashMap::with_capacity(outcome_names.len());
    for (i, k) in outcome_names.iter().enumerate() {
        outcome_index.entry(k.name.as_str()).or_insert(i);
    }
    for o in &outcome_names {
        if let Some(n) = node_index.get(o.name.as_str()).map(|&i| node_names[i]) {
            let mut d = Diagnostic::error(
                "S011",
                format!("`{}` is both a node and an outcome", o.name),
            )
            .at(&ctx.files[o.file], o.span.clone())
            .hint("give the outcome a different name; moves must point at one thing");
            if n.file == o.file {
                d = d.label(n.span.clone(), "the node of the same name");
            }
            ctx.diags.push(d);
        }
    }
    let target_of = |name: &str| -> Option<Target> {
        if let Some(&i) = node_index.get(name) {
            return Some(Target::Node(i));
        }
        outcome_index.get(name).copied().map(Target::Outcome)
    };

    let mut nodes = Vec::new();
    for (key, v) in nodes_t {
        nodes.push(build_node(
            ctx,
            key,
            v,
            &params,
            &players,
            &target_of,
            &node_names,
            &outcome_names,
        ));
    }
    let mut outcomes = Vec::new();
    for (key, v) in outcomes_t {
        outcomes.push(build_outcome(ctx, key, v, &params, &players));
    }

    let root = match doc.get("root") {
        Some(v) => match ctx.string(v, "`root`") {
            Some(name) => match node_names.iter().position(|k| k.name == name) {
                Some(i) => i,
                None => {
                    ctx.err(
                        "S019",
                        v,
                        format!("the root `{name}` is not a node"),
                        Some("name one of the [nodes]"),
                    );
                    0
                }
            },
            None => 0,
        },
        None => node_names
            .iter()
            .position(|k| k.name == "start")
            .unwrap_or(0),
    };
    if ctx.diags.len() > before {
        return None;
    }
    let nodes: Vec<NodeDef> = nodes.into_iter().collect::<Option<_>>()?;
    let outcomes: Vec<OutcomeDef> = outcomes.into_iter().collect::<Option<_>>()?;
    let reported = reported_outcomes(ctx, &outcomes, outcomes_t, &players);
    let model = Model {
        title,
        params,
        players,
        nodes,
        outcomes,
        reported,
        root,
        assume,
    };
    check_graph(ctx, &model, strict_reachability);
    check_infosets(ctx, &model);
    if ctx.diags.len() > before {
        return None;
    }
    check_values(ctx, &model);
    // Warnings (an assumption the defaults break) leave the model usable.
    if ctx.diags[before..].iter().any(Diagnostic::is_error) {
        return None;
    }
    Some(model)
}

/// Reads `assume = ["war_cost_resolute < abandon", ...]`: each entry a boolean formula of the
/// parameters, with located errors like any formula's.
fn build_assumptions(ctx: &mut Ctx, v: Option<&SValue>, params: &[Param]) -> Vec<SFormula> {
    let Some(v) = v else { return Vec::new() };
    let Kind::Array(items) = &v.kind else {
        ctx.err(
            "S003",
            v,
            format!("`assume` must be a list of formulas, not {}", v.kind_name()),
            Some("write `assume = [\"war_cost_resolute < abandon\"]`"),
        );
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| ctx.formula(item, params, Ty::Bool, "an assumption"))
        .collect()
}

fn build_params(ctx: &mut Ctx, v: Option<&SValue>) -> Vec<Param> {
    let mut out = Vec::new();
    let Some(v) = v else { return out };
    let Some(table) = ctx.table(v, "`params`") else {
        return out;
    };
    for (key, pv) in table {
        if !valid_name(&key.name) || is_keyword(&key.name) {
            ctx.err_key("S010", key, format!("`{}` cannot be a parameter name", key.name), Some("use letters, digits and `_`, starting with a letter, and not a keyword (and, or, not, if, then, else, min, max, abs, true, false)"));
            continue;
        }
        let (value_v, about, range_v) = match &pv.kind {
            Kind::Table(t) => {
                ctx.only_keys(t, &["value", "range", "about"], "a parameter");
                let about = pv
                    .get("about")
                    .and_then(|a| ctx.string(a, "`about`"))
                    .unwrap_or_default();
                match pv.get("value") {
                    Some(val) => (val, about, pv.get("range")),
                    None => {
                        ctx.err(
                            "S005",
                            pv,
                            format!("parameter `{}` has no `value`", key.name),
                            Some("write `{ value = 0.5, range = [0, 1], about = \"...\" }`"),
                        );
                        continue;
                    }
                }
            }
            _ => (pv, String::new(), None),
        };
        let (default, boolean) = match value_v.kind {
            Kind::Bool(b) => (if b { Rational::one() } else { Rational::zero() }, true),
            Kind::Number => match ctx.number(value_v) {
                Some(r) => (r, false),
                None => continue,
            },
            _ => {
                ctx.err(
                    "S010",
                    value_v,
                    format!(
                        "the value of parameter `{}` must be a number or a boolean, not {}",
                        key.name,
                        value_v.kind_name()
                    ),
                    Some("parameters are constants; formulas go in payoffs and probabilities"),
                );
                continue;
            }
        };
        let mut range = None;
        if let Some(rv) = range_v {
            let ok = match &rv.kind {
                Kind::Array(items) if items.len() == 2 && !boolean => {
                    match (ctx.number(&items[0]), ctx.number(&items[1])) {
                        (Some(lo), Some(hi)) if lo <= hi => {
                            range = Some((lo, hi));
                            true
                        }
                        _ => false,
                    }
                }
                _ => false,
            };
            if !ok {
                ctx.err(
                    "S010",
                    rv,
                    format!(
                        "the range of `{}` must be two numbers [low, high] with low <= high",
                        key.name
                    ),
                    None,
                );
                continue;
            }
        }
        if let Some((lo, hi)) = &range {
            if default < *lo || default > *hi {
                ctx.err(
                    "S010",
                    value_v,
                    format!(
                        "the value of `{}` lies outside its range [{lo}, {hi}]",
                        key.name
                    ),
                    None,
                );
            }
        }
        if out.iter().any(|p: &Param| p.name == key.name) {
            ctx.err_key(
                "S011",
                key,
                format!("parameter `{}` is declared twice", key.name),
                None,
            );
            continue;
        }
        out.push(Param {
            name: key.name.clone(),
            about,
            default,
            boolean,
            range,
            key_loc: (key.file, key.span.clone()),
        });
    }
    out
}

fn valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn is_keyword(name: &str) -> bool {
    [
        "and", "or", "not", "if", "then", "else", "min", "max", "abs", "true", "false",
    ]
    .contains(&name)
}

fn build_players(ctx: &mut Ctx, v: Option<&SValue>, params: &[Param]) -> Vec<PlayerDef> {
    let mut out = Vec::new();
    let Some(v) = v else {
        // Nothing to point at but the file: its first line, where a table may be added.
        ctx.err_at(
            "S005",
            0,
            0..0,
            "the scenario has no [players]".into(),
            Some("declare each player: [players.russia] name = \"Russia\"".into()),
        );
        return out;
    };
    let Some(table) = ctx.table(v, "`players`") else {
        return out;
    };
    for (key, pv) in table {
        let Some(t) = ctx.table(pv, &format!("player `{}`", key.name)) else {
            continue;
        };
        ctx.only_keys(t, &["name", "about", "types"], "a player");
        let name = pv
            .get("name")
            .and_then(|n| ctx.string(n, "`name`"))
            .unwrap_or_else(|| key.name.clone());
        let mut types = Vec::new();
        if let Some(tv) = pv.get("types") {
            if let Some(tt) = ctx.table(tv, "`types`") {
                for (tk, prior) in tt {
                    // A type whose prior does not parse is kept (with a placeholder prior) so
                    // that payoffs naming it do not report a second, misleading error; the
                    // prior's own error stops the scenario anyway.
                    let f = ctx
                        .formula(prior, params, Ty::Num, "a prior")
                        .unwrap_or_else(|| SFormula {
                            formula: Formula::constant(Rational::zero()),
                            loc: loc(prior),
                            text: String::new(),
                        });
                    types.push(TypeDef {
                        name: tk.name.clone(),
                        prior: f,
                    });
                }
                if tt.len() == 1 {
                    ctx.err("S020", tv, format!("player `{}` has a single type", key.name), Some("a private type needs at least two possibilities; remove `types` for a player without private information"));
                }
            }
        }
        out.push(PlayerDef {
            key: key.name.clone(),
            name,
            types,
            loc: kloc(key),
        });
    }
    if out.is_empty() {
        ctx.err("S005", v, "the scenario has no players".into(), None);
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn build_node(
    ctx: &mut Ctx,
    key: &SKey,
    v: &SValue,
    params: &[Param],
    players: &[PlayerDef],
    target_of: &dyn Fn(&str) -> Option<Target>,
    node_names: &[&SKey],
    outcome_names: &[&SKey],
) -> Option<NodeDef> {
    let what = format!("node `{}`", key.name);
    let t = ctx.table(v, &what)?;
    ctx.only_keys(
        t,
        &[
            "player", "moves", "chance", "forced", "info", "hidden", "about", "remove",
        ],
        "a node",
    );
    let about = v
        .get("about")
        .and_then(|a| ctx.string(a, "`about`"))
        .unwrap_or_default();
    let player = match (v.get("player"), v.get("chance")) {
        (Some(_), Some(c)) => {
            ctx.err(
                "S016",
                c,
                format!("{what} has both a `player` and `chance`"),
                Some("a node is either a decision of a player or a chance event"),
            );
            return None;
        }
        (None, None) => {
            ctx.err_key("S016", key, format!("{what} has neither a `player` nor `chance`"), Some("add `player = \"...\"` for a decision or `chance = { ... }` for a chance event"));
            return None;
        }
        (Some(pv), None) => {
            let name = ctx.string(pv, "`player`")?;
            match players.iter().position(|p| p.key == name) {
                Some(i) => Some(i),
                None => {
                    let known: Vec<&str> = players.iter().map(|p| p.key.as_str()).collect();
                    ctx.err(
                        "S012",
                        pv,
                        format!("unknown player `{name}`"),
                        Some(&format!("the players are: {}", known.join(", "))),
                    );
                    return None;
                }
            }
        }
        (None, Some(_)) => None,
    };
    let Some(moves_v) = v.get("moves") else {
        ctx.err_key(
            "S016",
            key,
            format!("{what} has no `moves`"),
            Some("write `moves = { name = \"next node or outcome\", ... }`"),
        );
        return None;
    };
    let moves_t = ctx.table(moves_v, "`moves`")?;
    let removed: Vec<String> = match v.get("remove") {
        Some(rv) => match &rv.kind {
            Kind::Array(items) => {
                let mut out = Vec::new();
                for item in items {
                    if let Some(s) = ctx.string(item, "a removed move") {
                        if !moves_t.iter().any(|(k, _)| k.name == s) {
                            ctx.err(
                                "S017",
                                item,
                                format!("{what} has no move `{s}` to remove"),
                                None,
                            );
                        }
                        out.push(s);
                    }
                }
                out
            }
            _ => {
                ctx.err(
                    "S003",
                    rv,
                    "`remove` must be a list of move names".into(),
                    None,
                );
                Vec::new()
            }
        },
        None => Vec::new(),
    };
    let mut moves = Vec::new();
    let mut ok = true;
    for (mk, mv) in moves_t {
        if removed.contains(&mk.name) {
            continue;
        }
        let Some(target_name) = ctx.string(mv, "a move's target") else {
            ok = false;
            continue;
        };
        let Some(target) = target_of(&target_name) else {
            let mut hint = String::from("a move leads to a node or an outcome");
            let close = node_names
                .iter()
                .chain(outcome_names)
                .map(|k| k.name.as_str())
                .find(|n| similar(n, &target_name));
            if let Some(c) = close {
                hint = format!("did you mean `{c}`?");
            }
            ctx.err("S013", mv, format!("move `{}` of {what} leads to `{target_name}`, which is neither a node nor an outcome", mk.name), Some(&hint));
            ok = false;
            continue;
        };
        moves.push(MoveDef {
            name: mk.name.clone(),
            target,
            prob: None,
        });
    }
    if moves.is_empty() && ok {
        ctx.err("S016", moves_v, format!("{what} has no moves left"), None);
        return None;
    }
    if let Some(cv) = v.get("chance") {
        let ct = ctx.table(cv, "`chance`")?;
        for m in moves.iter_mut() {
            match ct.iter().find(|(k, _)| k.name == m.name) {
                Some((_, pv)) => {
                    m.prob = build_payoff(ctx, pv, params, players, &[], "a probability")
                }
                None => {
                    ctx.err(
                        "S018",
                        cv,
                        format!(
                            "chance node `{}` gives no probability for move `{}`",
                            key.name, m.name
                        ),
                        Some("`chance` and `moves` must name the same moves"),
                    );
                    ok = false;
                }
            }
            if m.prob.is_none() {
                ok = false;
            }
        }
        for (k, _) in ct {
            if !moves_t.iter().any(|(mk, _)| mk.name == k.name) {
                ctx.err_key("S018", k, format!("chance node `{}` gives a probability for `{}`, which is not one of its moves", key.name, k.name), None);
                ok = false;
            }
        }
    }
    let forced = match v.get("forced") {
        Some(fv) => {
            let name = ctx.string(fv, "`forced`")?;
            if player.is_none() {
                ctx.err("S017", fv, "a chance node cannot be forced".into(), None);
                return None;
            }
            match moves.iter().position(|m| m.name == name) {
                Some(i) => Some(i),
                None => {
                    let known: Vec<&str> = moves.iter().map(|m| m.name.as_str()).collect();
                    ctx.err(
                        "S017",
                        fv,
                        format!("{what} has no move `{name}` to force"),
                        Some(&format!("its moves are: {}", known.join(", "))),
                    );
                    return None;
                }
            }
        }
        None => None,
    };
    let info = match v.get("info") {
        Some(iv) => Some(ctx.string(iv, "`info`")?),
        None => None,
    };
    let mut hidden_from = Vec::new();
    if let Some(hv) = v.get("hidden") {
        match &hv.kind {
            Kind::Bool(true) => {
                hidden_from = (0..players.len()).filter(|&p| Some(p) != player).collect()
            }
            Kind::Bool(false) => {}
            Kind::Array(items) => {
                for item in items {
                    let name = ctx.string(item, "a player in `hidden`")?;
                    match players.iter().position(|p| p.key == name) {
                        Some(i) => hidden_from.push(i),
                        None => {
                            ctx.err("S012", item, format!("unknown player `{name}`"), None);
                            ok = false;
                        }
                    }
                }
            }
            _ => {
                ctx.err(
                    "S003",
                    hv,
                    "`hidden` must be true, false or a list of players".into(),
                    None,
                );
                ok = false;
            }
        }
    }
    if !ok {
        return None;
    }
    Some(NodeDef {
        name: key.name.clone(),
        about,
        player,
        moves,
        forced,
        info,
        hidden_from,
        loc: kloc(key),
    })
}

/// Two names differ by at most two edits of one character (a cheap typo test for hints).
fn similar(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut cur = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
        }
        prev = cur;
    }
    prev[b.len()] <= 2 && a.len() > 2
}

fn build_outcome(
    ctx: &mut Ctx,
    key: &SKey,
    v: &SValue,
    params: &[Param],
    players: &[PlayerDef],
) -> Option<OutcomeDef> {
    let what = format!("outcome `{}`", key.name);
    let t = ctx.table(v, &what)?;
    let about = v
        .get("about")
        .and_then(|a| ctx.string(a, "`about`"))
        .unwrap_or_default();
    let mut payoffs: Vec<Option<Payoff>> = vec![None; players.len()];
    let mut ok = true;
    let mut named = None;
    for (pk, pv) in t {
        if pk.name == "about" {
            continue;
        }
        if pk.name == "name" {
            match build_names(ctx, pv, players, &what) {
                Some(n) => named = Some(n),
                None => ok = false,
            }
            continue;
        }
        let Some(p) = players.iter().position(|pl| pl.key == pk.name) else {
            let known: Vec<&str> = players.iter().map(|p| p.key.as_str()).collect();
            ctx.err_key(
                "S024",
                pk,
                format!(
                    "{what} gives a payoff to `{}`, who is not a player",
                    pk.name
                ),
                Some(&format!("the players are: {}", known.join(", "))),
            );
            ok = false;
            continue;
        };
        match build_payoff(ctx, pv, params, players, &[], "a payoff") {
            Some(pay) => payoffs[p] = Some(pay),
            None => ok = false,
        }
    }
    let mut out = Vec::new();
    for (p, pay) in payoffs.into_iter().enumerate() {
        match pay {
            Some(pay) => out.push(pay),
            None => {
                if ok {
                    ctx.err_key(
                        "S023",
                        key,
                        format!("{what} has no payoff for `{}`", players[p].key),
                        Some(&format!(
                            "add `{} = 0` (or the right formula)",
                            players[p].key
                        )),
                    );
                }
                ok = false;
            }
        }
    }
    if !ok {
        return None;
    }
    Some(OutcomeDef {
        name: key.name.clone(),
        about,
        payoffs: out,
        named,
    })
}

/// `name = { resolute = "war", irresolute = "nato_folds" }`: a reported name for each type of
/// one player (bare type names, or `player.type`).
fn build_names(
    ctx: &mut Ctx,
    v: &SValue,
    players: &[PlayerDef],
    what: &str,
) -> Option<(usize, Vec<String>)> {
    let hint =
        "write `name = { type = \"reported_name\", ... }` with one case per type of one player";
    let Kind::Table(cases) = &v.kind else {
        ctx.err(
            "S025",
            v,
            format!("the `name` of {what} must be a table of names by type"),
            Some(hint),
        );
        return None;
    };
    let mut player: Option<usize> = None;
    let mut names: Vec<Option<String>> = Vec::new();
    let mut ok = true;
    for (k, cv) in cases {
        let Some((p, t)) = type_of_key(ctx, k, players, "an outcome's name") else {
            ok = false;
            continue;
        };
        match player {
            None => {
                player = Some(p);
                names = vec![None; players[p].types.len()];
            }
            Some(q) if q != p => {
                ctx.err_key("S025", k, format!("the names of {what} must all depend on one player's type; `{}` is a type of `{}`, not of `{}`", k.name, players[p].key, players[q].key), Some(hint));
                ok = false;
                continue;
            }
            Some(_) => {}
        }
        match &cv.kind {
            Kind::Str(name) if is_identifier(name) => names[t] = Some(name.clone()),
            _ => {
                ctx.err(
                    "S025",
                    cv,
                    "an outcome's name by type must be a name (letters, digits, `_`)".into(),
                    Some("for example `resolute = \"war\"`"),
                );
                ok = false;
            }
        }
    }
    let p = player?;
    if !ok {
        return None;
    }
    let missing: Vec<&str> = names
        .iter()
        .zip(&players[p].types)
        .filter(|(n, _)| n.is_none())
        .map(|(_, t)| t.name.as_str())
        .collect();
    if !missing.is_empty() {
        ctx.err(
            "S025",
            v,
            format!(
                "the `name` of {what} gives no name for the type(s) {} of `{}`",
                missing.join(", "),
                players[p].key
            ),
            Some(hint),
        );
        return None;
    }
    Some((p, names.into_iter().flatten().collect()))
}

fn is_identifier(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_alphanumeric() || c == '_')
}

/// The outcomes as answers report them, each name once per scenario outcome; a name by type
/// may not be another outcome's name.
fn reported_outcomes(
    ctx: &mut Ctx,
    outcomes: &[OutcomeDef],
    keys: &[(SKey, SValue)],
    players: &[PlayerDef],
) -> Vec<Reported> {
    let mut out: Vec<Reported> = Vec::new();
    for (o, def) in outcomes.iter().enumerate() {
        let Some((p, names)) = &def.named else {
            out.push(Reported {
                name: def.name.clone(),
                about: def.about.clone(),
                outcome: o,
            });
            continue;
        };
        for name in names {
            if out.iter().any(|r| r.outcome == o && &r.name == name) {
                continue;
            }
            let clash = outcomes.iter().enumerate().any(|(q, other)| {
                q != o
                    && (&other.name == name
                        || other
                            .named
                            .as_ref()
                            .is_some_and(|(_, ns)| ns.contains(name)))
            });
            if clash {
                if let Some((k, _)) = keys.iter().find(|(k, _)| k.name == def.name) {
                    ctx.err_key("S011", k, format!("`{name}`, a name of outcome `{}` by type, is also the name of another outcome", def.name), Some("give each reported outcome its own name"));
                }
            }
            let types: Vec<&str> = names
                .iter()
                .zip(&players[*p].types)
                .filter(|(n, _)| *n == name)
                .map(|(_, ty)| ty.name.as_str())
                .collect();
            let when = format!(
                "`{}` when {} is {}",
                def.name,
                players[*p].name,
                types.join(" or ")
            );
            out.push(Reported {
                name: name.clone(),
                about: if def.about.is_empty() {
                    when
                } else {
                    format!("{when}: {}", def.about)
                },
                outcome: o,
            });
        }
    }
    out
}

/// The player and type a key of a table of cases names (`resolute` or `nato.resolute`); a
/// located S025 error when it names none or is ambiguous. `what` is what the cases give.
fn type_of_key(
    ctx: &mut Ctx,
    k: &SKey,
    players: &[PlayerDef],
    what: &str,
) -> Option<(usize, usize)> {
    let resolved: Vec<(usize, usize)> = match k.name.split_once('.') {
        Some((pk, tk)) => players
            .iter()
            .position(|p| p.key == pk)
            .and_then(|p| {
                players[p]
                    .types
                    .iter()
                    .position(|t| t.name == tk)
                    .map(|t| (p, t))
            })
            .into_iter()
            .collect(),
        None => players
            .iter()
            .enumerate()
            .filter_map(|(p, pl)| {
                pl.types
                    .iter()
                    .position(|t| t.name == k.name)
                    .map(|t| (p, t))
            })
            .collect(),
    };
    match resolved.as_slice() {
        [one] => Some(*one),
        [] => {
            let typed: Vec<String> = players
                .iter()
                .filter(|p| !p.types.is_empty())
                .map(|p| {
                    format!(
                        "{} ({})",
                        p.key,
                        p.types
                            .iter()
                            .map(|t| t.name.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                })
                .collect();
            let hint = if typed.is_empty() {
                "no player has private types; declare `types = { ... }` on the player whose type it depends on".to_string()
            } else {
                format!("{what} may depend on the types of: {}", typed.join("; "))
            };
            ctx.err_key(
                "S025",
                k,
                format!("`{}` is not a type of any player", k.name),
                Some(&hint),
            );
            None
        }
        _ => {
            ctx.err_key(
                "S025",
                k,
                format!("more than one player has a type `{}`", k.name),
                Some("write `player.type` to say whose type it is"),
            );
            None
        }
    }
}

fn build_payoff(
    ctx: &mut Ctx,
    v: &SValue,
    params: &[Param],
    players: &[PlayerDef],
    used: &[usize],
    what: &str,
) -> Option<Payoff> {
    let Kind::Table(cases) = &v.kind else {
        return ctx.formula(v, params, Ty::Num, what).map(Payoff::Formula);
    };
    // A table of cases: its keys name the types of one player (bare, or `player.type`).
    let mut player: Option<usize> = None;
    let mut by_type: Vec<Option<Payoff>> = Vec::new();
    let mut ok = true;
    for (k, cv) in cases {
        let Some((p, t)) = type_of_key(ctx, k, players, "a payoff") else {
            ok = false;
            continue;
        };
        match player {
            None => {
                if used.contains(&p) {
                    ctx.err_key(
                        "S025",
                        k,
                        format!(
                            "this payoff already depends on the type of `{}`",
                            players[p].key
                        ),
                        None,
                    );
                    ok = false;
                    continue;
                }
                player = Some(p);
                by_type = vec![None; players[p].types.len()];
            }
            Some(q) if q != p => {
                ctx.err_key("S025", k, format!("the cases of one payoff must all be types of one player; `{}` is a type of `{}`, not of `{}`", k.name, players[p].key, players[q].key), Some("nest the cases to depend on two players' types"));
                ok = false;
                continue;
            }
            Some(_) => {}
        }
        let mut inner_used = used.to_vec();
        inner_used.push(p);
        match build_payoff(ctx, cv, params, players, &inner_used, what) {
            Some(pay) => by_type[t] = Some(pay),
            None => ok = false,
        }
    }
    let Some(p) = player else {
        if ok {
            ctx.err(
                "S025",
                v,
                "an empty table of type cases".into(),
                Some("give a formula, or one case per type"),
            );
        }
        return None;
    };
    if !ok {
        return None;
    }
    let mut out = Vec::new();
    for (t, c) in by_type.into_iter().enumerate() {
        match c {
            Some(c) => out.push(c),
            None => {
                ctx.err(
                    "S025",
                    v,
                    format!(
                        "no case for type `{}` of `{}`",
                        players[p].types[t].name, players[p].key
                    ),
                    Some("give one case per type"),
                );
                return None;
            }
        }
    }
    Some(Payoff::ByType {
        player: p,
        cases: out,
    })
}

/// Cycles and reachability over the graph of nodes.
fn check_graph(ctx: &mut Ctx, model: &Model, strict: bool) {
    // Iterative depth-first search with colours: 0 new, 1 on the stack, 2 done.
    let n = model.nodes.len();
    let mut colour = vec![0u8; n];
    let mut stack: Vec<(usize, usize)> = vec![(model.root, 0)];
    colour[model.root] = 1;
    while let Some(&mut (node, ref mut next)) = stack.last_mut() {
        let moves = &model.nodes[node].moves;
        if *next < moves.len() {
            let m = *next;
            *next += 1;
            if let Target::Node(child) = moves[m].target {
                match colour[child] {
                    0 => {
                        colour[child] = 1;
                        stack.push((child, 0));
                    }
                    1 => {
                        let c = &model.nodes[child];
                        ctx.loc_err(
                            "S014",
                            &model.nodes[node].loc,
                            format!("move `{}` of node `{}` leads back to `{}`: the scenario has a cycle", moves[m].name, model.nodes[node].name, c.name),
                            Some("a scenario is a finite tree; repeat the stage under a new name instead of looping".into()),
                        );
                        return;
                    }
                    _ => {}
                }
            }
        } else {
            colour[node] = 2;
            stack.pop();
        }
    }
    if strict {
        for (i, node) in model.nodes.iter().enumerate() {
            if colour[i] == 0 {
                let mut d = Diagnostic::error(
                    "S015",
                    format!(
                        "node `{}` cannot be reached from the root `{}`",
                        node.name, model.nodes[model.root].name
                    ),
                )
                .at(&ctx.files[node.loc.file], node.loc.span.clone())
                .hint("point a move at it, or remove it");
                d.severity = crate::diag::Severity::Error;
                ctx.diags.push(d);
            }
        }
    }
}

/// Members of a named information set must agree on the player and the moves.
fn check_infosets(ctx: &mut Ctx, model: &Model) {
    let mut first: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, node) in model.nodes.iter().enumerate() {
        let Some(info) = &node.info else { continue };
        if node.player.is_none() {
            ctx.loc_err(
                "S027",
                &node.loc,
                format!(
                    "chance node `{}` cannot be in an information set",
                    node.name
                ),
                None,
            );
            continue;
        }
        match first.get(info.as_str()) {
            None => {
                first.insert(info, i);
            }
            Some(&j) => {
                let other = &model.nodes[j];
                let same_moves = other
                    .moves
                    .iter()
                    .map(|m| &m.name)
                    .eq(node.moves.iter().map(|m| &m.name));
                if other.player != node.player || !same_moves || other.forced != node.forced {
                    ctx.loc_err("S027", &node.loc, format!("nodes `{}` and `{}` share the information set `{info}` but differ in player, moves or forcing", other.name, node.name), Some("nodes a player cannot tell apart must offer the same moves".into()));
                }
            }
        }
    }
}

/// The parameter points at which priors and chance probabilities are checked: the defaults,
/// then each parameter at each end of its range with the others at their defaults.
pub(crate) fn check_points(model: &Model) -> Vec<(Vec<Rational>, String)> {
    let defaults = model.defaults();
    let mut out = vec![(
        defaults.clone(),
        "at the default parameter values".to_string(),
    )];
    for (i, p) in model.params.iter().enumerate() {
        let ends: Vec<Rational> = if p.boolean {
            vec![Rational::zero(), Rational::one()]
        } else if let Some((lo, hi)) = &p.range {
            vec![lo.clone(), hi.clone()]
        } else {
            vec![]
        };
        for e in ends {
            if e == defaults[i] {
                continue;
            }
            let mut point = defaults.clone();
            point[i] = e.clone();
            let shown = if p.boolean {
                (if e.is_zero() { "false" } else { "true" }).to_string()
            } else {
                e.to_string()
            };
            out.push((point, format!("when {} = {shown}", p.name)));
        }
    }
    out
}

/// Priors and chance probabilities: in [0, 1] and summing to 1 at every check point.
fn check_values(ctx: &mut Ctx, model: &Model) {
    let points = check_points(model);
    let groups: Vec<(Vec<&SFormula>, String, Loc)> = model
        .players
        .iter()
        .filter(|p| !p.types.is_empty())
        .map(|p| {
            (
                p.types.iter().map(|t| &t.prior).collect(),
                format!("the priors of `{}`'s types", p.key),
                p.loc.clone(),
            )
        })
        .chain(
            model
                .nodes
                .iter()
                .filter(|n| n.player.is_none())
                .flat_map(|n| {
                    // One group per combination of the types the probabilities depend on.
                    let mut deps = Vec::new();
                    n.moves
                        .iter()
                        .filter_map(|m| m.prob.as_ref())
                        .for_each(|p| p.deps(&mut deps));
                    let mut profiles: Vec<Vec<Option<usize>>> =
                        vec![vec![None; model.players.len()]];
                    for &d in &deps {
                        profiles = profiles
                            .into_iter()
                            .flat_map(|prof| {
                                (0..model.players[d].types.len()).map(move |t| {
                                    let mut p = prof.clone();
                                    p[d] = Some(t);
                                    p
                                })
                            })
                            .collect();
                    }
                    profiles
                        .into_iter()
                        .map(|types| {
                            let names: Vec<String> = deps
                                .iter()
                                .filter_map(|&d| {
                                    types[d].map(|t| {
                                        format!(
                                            "{} is {}",
                                            model.players[d].key, model.players[d].types[t].name
                                        )
                                    })
                                })
                                .collect();
                            let when = if names.is_empty() {
                                String::new()
                            } else {
                                format!(" (when {})", names.join(" and "))
                            };
                            (
                                n.moves
                                    .iter()
                                    .filter_map(|m| m.prob.as_ref())
                                    .map(|p| p.resolve(&types))
                                    .collect::<Vec<&SFormula>>(),
                                format!("the probabilities of chance node `{}`{when}", n.name),
                                n.loc.clone(),
                            )
                        })
                        .collect::<Vec<_>>()
                }),
        )
        .collect();
    for (formulas, what, group_loc) in groups {
        'points: for (point, when) in &points {
            let mut total = Rational::zero();
            for f in &formulas {
                match f.formula.eval(point) {
                    Ok(v) => {
                        if v.is_negative() || v > Rational::one() {
                            ctx.loc_err("S021", &f.loc, format!("`{}` is {v} {when}, outside [0, 1]", f.text), Some("a probability must lie between 0 and 1 over the whole range of its parameters".into()));
                            break 'points;
                        }
                        total += v;
                    }
                    Err(e) => {
                        ctx.loc_err(
                            "S022",
                            &f.loc,
                            format!("`{}` cannot be evaluated {when}: {e}", f.text),
                            None,
                        );
                        break 'points;
                    }
                }
            }
            if !total.is_one() {
                ctx.loc_err(
                    "S021",
                    &group_loc,
                    format!("{what} add up to {total} {when}, not 1"),
                    Some("write the last one as one minus the others, e.g. \"1 - p\"".into()),
                );
                break;
            }
        }
    }
    // Payoffs must evaluate (no division by zero) at the defaults.
    let defaults = model.defaults();
    // The defaults are the scenario's own point: one that breaks its stated assumptions is
    // probably a mistake in one or the other (a warning, since a variant may do it on purpose).
    for a in &model.assume {
        match a.formula.eval(&defaults) {
            Ok(v) if v.is_zero() => ctx.diags.push(
                Diagnostic::error(
                    "S028",
                    format!(
                        "the default values do not satisfy the assumption `{}`",
                        a.text
                    ),
                )
                .at(&ctx.files[a.loc.file], a.loc.span.clone())
                .hint("change the defaults (or the variant's values), or the assumption")
                .warning(),
            ),
            Ok(_) => {}
            Err(e) => ctx.loc_err(
                "S022",
                &a.loc,
                format!(
                    "`{}` cannot be evaluated at the default parameter values: {e}",
                    a.text
                ),
                None,
            ),
        }
    }
    for o in &model.outcomes {
        for pay in &o.payoffs {
            check_payoff_eval(ctx, pay, &defaults);
        }
    }
}

fn check_payoff_eval(ctx: &mut Ctx, pay: &Payoff, point: &[Rational]) {
    match pay {
        Payoff::Formula(f) => {
            if let Err(e) = f.formula.eval(point) {
                ctx.loc_err(
                    "S022",
                    &f.loc,
                    format!(
                        "`{}` cannot be evaluated at the default parameter values: {e}",
                        f.text
                    ),
                    None,
                );
            }
        }
        Payoff::ByType { cases, .. } => cases.iter().for_each(|c| check_payoff_eval(ctx, c, point)),
    }
}
