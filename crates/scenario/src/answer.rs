//! The answer: the equilibrium of a scenario told in the scenario's own words.

use std::fmt;

use brink_game::{rational_to_f64, NodeKind, Rational, Tree, Q};
use num_traits::Zero;
use serde::Serialize;

use crate::compile::CompiledScenario;
use crate::diag::Diagnostic;
use crate::scenario::{Measure, Scenario};
use crate::summary::{summarize, wrap, Summary};
use brink_solve::sequential::Assessment;

/// An exact number with its floating-point value, as JSON `{"exact": "2/9", "value": 0.2222}`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Value {
    /// The exact rational, `p/q` or an integer.
    pub exact: String,
    /// The nearest double.
    pub value: f64,
}

impl Value {
    fn of(r: &Rational) -> Value {
        // Through the fast rational: printing and converting small numbers without big-integer
        // arithmetic (the text and the double are the same either way).
        let q = Q::from_rational(r);
        Value {
            exact: q.to_string(),
            value: q.to_f64(),
        }
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.exact.contains('/') {
            write!(f, "{} ({:.3})", self.exact, self.value)
        } else {
            write!(f, "{}", self.exact)
        }
    }
}

/// A parameter and the value the answer used.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ParamValue {
    /// The name.
    pub name: String,
    /// The value used.
    pub value: Value,
    /// Whether it is a boolean (value 1 or 0).
    pub boolean: bool,
    /// What it means.
    pub about: String,
}

/// What one player does at one decision, for one of its types and one history.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Decision {
    /// The scenario node.
    pub node: String,
    /// The node's description from the scenario.
    pub about: String,
    /// The player's key.
    pub player: String,
    /// The mover's own type, if it has types.
    pub r#type: Option<String>,
    /// What the mover saw before: `node: move`, or `node: ?` for a hidden move.
    pub after: Vec<String>,
    /// The probability that play reaches this decision.
    pub reached: Value,
    /// Whether a commitment device makes the move (the player has no choice).
    pub forced: bool,
    /// Each move with its probability.
    pub moves: Vec<(String, Value)>,
    /// The moves whose probability is free over this equilibrium's set (the same path of
    /// play, other off-path mixes or a mix at a threshold): each with the lowest and highest
    /// probability the set allows, exactly. Empty when every probability is pinned down.
    pub free: Vec<(String, Value, Value)>,
}

/// The probability of an outcome.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OutcomeProbability {
    /// The outcome's name.
    pub outcome: String,
    /// The outcome's description from the scenario.
    pub about: String,
    /// The probability.
    pub probability: Value,
}

/// A player's expected payoff.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PlayerPayoff {
    /// The player's key.
    pub player: String,
    /// Its display name.
    pub name: String,
    /// The expected payoff before types are drawn.
    pub expected: Value,
    /// The expected payoff of each of its types, given the type (empty without types).
    pub by_type: Vec<(String, Value)>,
}

/// What a player believes about another player's type at one of its decisions.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Belief {
    /// The player who believes.
    pub player: String,
    /// Its own type, if any.
    pub r#type: Option<String>,
    /// The decision node.
    pub node: String,
    /// What it saw before.
    pub after: Vec<String>,
    /// Whose type the belief is about.
    pub about: String,
    /// The probability of each of that player's types.
    pub types: Vec<(String, Value)>,
    /// The types whose probability is free over this equilibrium's set (off the path, every
    /// consistent belief that supports it): each with its lowest and highest value, exactly.
    pub free: Vec<(String, Value, Value)>,
    /// Whether the decision is reached in equilibrium (if not, the belief is the consistent
    /// off-path belief the method used).
    pub on_path: bool,
}

/// One equilibrium, described.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EquilibriumReport {
    /// Decisions by node, type and history.
    pub decisions: Vec<Decision>,
    /// Outcome probabilities (outcomes with probability 0 included).
    pub outcomes: Vec<OutcomeProbability>,
    /// Expected payoffs.
    pub payoffs: Vec<PlayerPayoff>,
    /// Beliefs about types at decisions where the mover is unsure of them.
    pub beliefs: Vec<Belief>,
    #[serde(skip)]
    pub(crate) assessment: Assessment,
}

/// A refinement applied to an answer.
#[derive(Clone, Debug, Serialize)]
pub struct RefinementNote {
    /// `intuitive` or `d1`.
    pub name: String,
    /// Why each removed equilibrium fails, in words.
    pub removed: Vec<String>,
}

/// The answer to "what happens in this scenario": the selected equilibrium and what is known
/// about the others.
#[derive(Clone, Debug, Serialize)]
pub struct Answer {
    /// The scenario's title.
    pub title: String,
    /// The variant, `None` for the base.
    pub variant: Option<String>,
    /// The parameter values used.
    pub params: Vec<ParamValue>,
    /// The solution concept.
    pub concept: String,
    /// The method, with its reference.
    pub method: String,
    /// How the answer was verified.
    pub verification: String,
    /// The selected equilibrium.
    pub equilibrium: EquilibriumReport,
    /// How many distinct equilibria the method found (the selected one included).
    pub equilibria_found: usize,
    /// The others, in the method's order.
    pub others: Vec<EquilibriumReport>,
    /// Whether the search covered every support profile and every tremble pattern exactly
    /// (so "no other equilibrium" is a finding).
    pub search_complete: bool,
    /// What the search did not cover, in plain sentences (empty when complete).
    pub search_gaps: Vec<String>,
    /// How the selected equilibrium was chosen among several.
    pub selection: String,
    /// How many support profiles the enumeration visited (0 when the game had too many and
    /// another route was taken).
    pub supports_searched: String,
    /// How many moves were removed before the search as never a best reply.
    pub moves_pruned: usize,
    /// The refinement applied with `Answer::refine`, if any: its name and, for each
    /// equilibrium it removed, why.
    pub refinement: Option<RefinementNote>,
    /// The equilibria in a few sentences, grouped by outcome (see [`Summary`]).
    pub summary: Summary,
    #[serde(skip)]
    pub(crate) compiled: Option<std::sync::Arc<CompiledScenario>>,
    #[serde(skip)]
    pub(crate) tree: Option<std::sync::Arc<Tree>>,
}

const CONCEPT: &str = "sequential equilibrium (Kreps & Wilson 1982): every move is a best reply at every decision, given beliefs consistent with the strategies, on and off the equilibrium path";
const METHOD: &str = "exact support enumeration of the agent form with full consistency (Kreps & Wilson 1982): beliefs by Bayes' rule on the path, and off it every belief some sequence of trembles (of any orders and weights) produces, searched as unknowns; indifference conditions solved in rational arithmetic, after iterated removal of conditionally dominated moves; every equilibrium verified exactly against its tremble certificate";

const METHOD_BACKWARD: &str = "backward induction (subgame perfection), with consistent beliefs searched exactly, because the exhaustive search could not decide every case (see what it did not cover); one sequential equilibrium, verified exactly, and others may exist";

const METHOD_LOGIT: &str = "the limit of the logit quantal-response equilibria (McKelvey & Palfrey 1995; Turocy 2010), rounded to exact fractions, with consistent beliefs searched exactly, because the exhaustive search could not decide every case (see what it did not cover); one equilibrium, and others may exist";
const VERIFICATION: &str = "exact: at every decision every move played is a best reply given the stated beliefs and the continuation (regret exactly 0), and the beliefs are the limit of Bayes' rule along the trembles of a consistency certificate, checked exactly";

const VERIFICATION_APPROXIMATE: &str = "approximate: the equilibrium shown could not be certified; its beliefs are the method's, not checked for consistency, and its regret is not exactly 0";
const SELECTION_SINGLE: &str = "the only equilibrium found";
const SELECTION_FIRST: &str = "the first in the enumeration order (fewest decisions that mix first); the logit tracing procedure did not single one out";
const SELECTION_LOGIT: &str = "the limit of the logit quantal-response equilibria as precision grows (McKelvey & Palfrey 1995; Turocy 2010), which selects a sequential equilibrium";

/// The limit of the principal branch of logit QREs, per information set (`brink-solve`).
/// `None` when the tracer does not finish; the answer then falls back to enumeration order.
fn logit_limit(tree: &Tree) -> Option<Vec<Vec<f64>>> {
    use brink_solve::{Config, Method, Profile};
    let game = brink_game::Game::Tree(tree.clone());
    let solution = brink_solve::solve(&game, &Config::new(Method::Logit)).ok()?;
    let eq = solution.equilibria.first()?;
    let Profile::Behavior(b) = &eq.profile else {
        return None;
    };
    let mut out: Vec<Vec<f64>> = vec![Vec::new(); tree.infosets.len()];
    for (p, sets) in tree.player_infosets().iter().enumerate() {
        for (k, &h) in sets.iter().enumerate() {
            out[h] = b.get(p)?.get(k)?.iter().map(|n| n.to_f64()).collect();
        }
    }
    Some(out)
}

/// Compiles, solves and describes a scenario variant at its default parameters with
/// `overrides` (`name`, `value`) applied. Every error comes back as diagnostics.
pub fn analyze(
    scenario: &Scenario,
    variant: Option<&str>,
    overrides: &[(String, String)],
) -> Result<Answer, Vec<Diagnostic>> {
    let compiled = scenario.compile(variant).map_err(|d| vec![*d])?;
    let values = compiled.param_values(overrides)?;
    analyze_compiled(&std::sync::Arc::new(compiled), &values)
}

/// The ranges of an equilibrium's free probabilities and beliefs over its set, per tree
/// information set and action (or member), as unions of closed intervals.
#[derive(Clone, Debug)]
struct Ranges {
    behavior: Vec<Vec<Vec<brink_solve::sequential::Interval>>>,
    beliefs: Vec<Vec<Vec<brink_solve::sequential::Interval>>>,
}

/// What solving one point gives before it is put into words: the instantiated tree, the
/// verified equilibria (the selected one first) and how they were found.
struct Solved {
    tree: Tree,
    equilibria: Vec<(Assessment, Option<Ranges>)>,
    complete: bool,
    /// What the search did not cover, in words (empty when complete).
    gaps: Vec<String>,
    /// How the equilibria were checked.
    verification: &'static str,
    supports: u128,
    removed_actions: usize,
    method: String,
    selection: String,
}

/// Instantiates, solves and selects: everything of [`analyze_compiled`] but the words.
fn solve_point(
    compiled: &std::sync::Arc<CompiledScenario>,
    values: &[Rational],
) -> Result<Solved, Vec<Diagnostic>> {
    let tree = compiled.instantiate(values).map_err(|d| vec![*d])?;
    // The structure and the fixed numbers are checked once per compiled scenario, and
    // `instantiate` checks every probability it fills in (in [0, 1], adding up to 1).
    if let Err(m) = compiled.validate_once(&tree) {
        return Err(vec![Diagnostic::error(
            "S061",
            format!("the compiled game cannot be solved: {m}"),
        )]);
    }
    if !compiled.has_perfect_recall() {
        return Err(vec![Diagnostic::error(
            "S061",
            "the compiled game does not have perfect recall, and sequential equilibria need it",
        )]);
    }
    let found = brink_solve::sequential::solve(&tree, &Default::default()).map_err(|e| {
        vec![Diagnostic::error(
            "S061",
            format!("the compiled game cannot be solved: {e}"),
        )]
    })?;
    let method = match found.route {
        brink_solve::sequential::Route::Enumeration => METHOD.to_string(),
        brink_solve::sequential::Route::BackwardInduction => METHOD_BACKWARD.to_string(),
        _ => METHOD_LOGIT.to_string(),
    };
    let complete = found.complete;
    let gaps = found.gaps.clone();
    let supports = found.supports_visited;
    let removed_actions = found.removed_actions;
    let approximate = found.components.iter().any(|c| !c.certified);
    let components = found.components;
    if components.is_empty() {
        return Err(vec![Diagnostic::error(
            "S062",
            format!(
                "no sequential equilibrium could be verified ({})",
                if gaps.is_empty() {
                    found.status.name().to_string()
                } else {
                    gaps.join("; ")
                }
            ),
        )
        .hint(
            "export the game with `brink convert` and try `brink solve` with another method",
        )]);
    }
    let mut method = method;
    if approximate {
        method
            .push_str("; the equilibrium shown could not be certified exactly and is approximate");
    }
    let mut equilibria: Vec<(Assessment, Option<Ranges>)> = components
        .into_iter()
        .map(|c| {
            let ranges = (!c.behavior_ranges.is_empty()).then_some(Ranges {
                behavior: c.behavior_ranges,
                beliefs: c.belief_ranges,
            });
            (c.witness, ranges)
        })
        .collect();
    // Several equilibria: select the one the logit tracing procedure converges to.
    let mut selection = SELECTION_SINGLE.to_string();
    if equilibria.len() > 1 {
        selection = SELECTION_FIRST.to_string();
        if let Some(limit) = logit_limit(&tree) {
            // The distance from the limit to an equilibrium's set: zero inside the range of
            // each probability, else to the nearest end (to the witness without ranges).
            let distance = |(a, r): &(Assessment, Option<Ranges>)| -> f64 {
                let mut d: f64 = 0.0;
                for (h, probs) in limit.iter().enumerate() {
                    for (k, p) in probs.iter().enumerate() {
                        let set = r
                            .as_ref()
                            .and_then(|r| r.behavior.get(h))
                            .and_then(|row| row.get(k))
                            .filter(|set| !set.is_empty());
                        let gap = match set {
                            Some(set) => set
                                .iter()
                                .map(|i| {
                                    let (lo, hi) =
                                        (rational_to_f64(&i.low), rational_to_f64(&i.high));
                                    if *p < lo {
                                        lo - p
                                    } else if *p > hi {
                                        p - hi
                                    } else {
                                        0.0
                                    }
                                })
                                .fold(f64::INFINITY, f64::min),
                            None => (rational_to_f64(&a.behavior[h][k]) - p).abs(),
                        };
                        d = d.max(gap);
                    }
                }
                d
            };
            let (best, gap) = equilibria
                .iter()
                .enumerate()
                .map(|(i, a)| (i, distance(a)))
                .min_by(|x, y| x.1.total_cmp(&y.1))
                .unwrap_or((0, f64::INFINITY));
            if gap < 1e-3 {
                let chosen = equilibria.remove(best);
                equilibria.insert(0, chosen);
                selection = SELECTION_LOGIT.to_string();
            }
        }
    }
    Ok(Solved {
        tree,
        equilibria,
        complete,
        gaps,
        verification: if approximate {
            VERIFICATION_APPROXIMATE
        } else {
            VERIFICATION
        },
        supports,
        removed_actions,
        method,
        selection,
    })
}

/// Solves and describes a compiled scenario at the given parameter values.
pub fn analyze_compiled(
    compiled: &std::sync::Arc<CompiledScenario>,
    values: &[Rational],
) -> Result<Answer, Vec<Diagnostic>> {
    let Solved {
        tree,
        equilibria,
        complete,
        gaps,
        verification,
        supports,
        removed_actions,
        method,
        selection,
    } = solve_point(compiled, values)?;
    let model = &compiled.model;
    let params = model
        .params
        .iter()
        .zip(values)
        .map(|(p, v)| ParamValue {
            name: p.name.clone(),
            value: Value::of(v),
            boolean: p.boolean,
            about: p.about.clone(),
        })
        .collect();
    let mut reports: Vec<EquilibriumReport> = equilibria
        .into_iter()
        .map(|(a, r)| describe(compiled, &tree, a, r.as_ref()))
        .collect();
    let equilibrium = reports.remove(0);
    let mut answer = Answer {
        title: model.title.clone(),
        variant: compiled.variant.clone(),
        params,
        concept: CONCEPT.into(),
        method,
        verification: verification.into(),
        equilibria_found: reports.len() + 1,
        equilibrium,
        others: reports,
        search_complete: complete,
        search_gaps: gaps,
        refinement: None,
        selection,
        supports_searched: supports.to_string(),
        moves_pruned: removed_actions,
        summary: Summary::default(),
        compiled: Some(compiled.clone()),
        tree: Some(std::sync::Arc::new(tree)),
    };
    answer.summary = summarize(&answer);
    Ok(answer)
}

/// The numbers of one point's answer, without the words: what a sweep writes in a row. Each
/// equals the matching field of [`analyze_compiled`]'s [`Answer`] at the same values.
#[derive(Clone, Debug)]
pub struct PointNumbers {
    /// The probability of each outcome, in the scenario's order (as `Answer`'s outcomes).
    pub outcomes: Vec<Rational>,
    /// The probability of each move of each decision, in the order of `Answer`'s decisions.
    pub moves: Vec<Rational>,
    /// Each player's expected payoff, in the scenario's order.
    pub payoffs: Vec<Rational>,
    /// The requested measures, `None` where a measure does not apply.
    pub measures: Vec<Option<Rational>>,
    /// The selected equilibrium's behaviour `[player][information set][action]`, information
    /// sets in the order of `Tree::player_infosets` (as [`Answer::profile`]).
    pub behavior: Vec<Vec<Vec<Rational>>>,
    /// The instantiated tree.
    pub tree: Tree,
    /// How many equilibria were found.
    pub equilibria_found: usize,
    /// Whether the search was complete.
    pub search_complete: bool,
}

/// Solves a compiled scenario at the given values and returns the numbers of the answer,
/// without describing it in words (for sweeps, where the words are not printed and cost more
/// than the numbers).
pub fn point_numbers(
    compiled: &std::sync::Arc<CompiledScenario>,
    values: &[Rational],
    measures: &[Measure],
) -> Result<PointNumbers, Vec<Diagnostic>> {
    let solved = solve_point(compiled, values)?;
    let model = &compiled.model;
    let tree = solved.tree;
    let a = &solved.equilibria[0].0;
    let mut outcomes = vec![Q::zero(); model.reported.len()];
    for (x, node) in tree.nodes.iter().enumerate() {
        if let (NodeKind::Terminal, Some(o)) = (node.kind, node.outcome) {
            outcomes[compiled.outcome_of[o]] += &Q::from_rational(&a.reach[x]);
        }
    }
    // Decisions in the order `describe` gives them: by scenario node, then by the mover's
    // type, tree order within (a stable sort).
    let mut decisions: Vec<usize> = (0..tree.infosets.len())
        .filter(|&h| compiled.meaning[h].is_some())
        .collect();
    decisions.sort_by_key(|&h| {
        let m = compiled.meaning[h]
            .as_ref()
            .map(|m| (m.node, m.own_type.unwrap_or(0)));
        m.unwrap_or((usize::MAX, 0))
    });
    let moves = decisions
        .iter()
        .flat_map(|&h| a.behavior[h].iter().cloned())
        .collect();
    let payoffs = (0..model.players.len())
        .map(|p| a.values[0][p].clone())
        .collect();
    let measures = measures
        .iter()
        .map(|m| measure_of(compiled, a, m))
        .collect();
    let behavior = tree
        .player_infosets()
        .iter()
        .map(|s| s.iter().map(|&h| a.behavior[h].clone()).collect())
        .collect();
    Ok(PointNumbers {
        outcomes: outcomes.into_iter().map(Q::into_rational).collect(),
        moves,
        payoffs,
        measures,
        behavior,
        equilibria_found: solved.equilibria.len(),
        search_complete: solved.complete,
        tree,
    })
}

fn seen_text(seen: &[(String, Option<String>)]) -> Vec<String> {
    seen.iter()
        .map(|(n, m)| format!("{n}: {}", m.as_deref().unwrap_or("?")))
        .collect()
}

fn describe(
    c: &CompiledScenario,
    tree: &Tree,
    a: Assessment,
    ranges: Option<&Ranges>,
) -> EquilibriumReport {
    let model = &c.model;
    let mut decisions = Vec::new();
    let mut beliefs = Vec::new();
    for (h, info) in tree.infosets.iter().enumerate() {
        let Some(meaning) = &c.meaning[h] else {
            continue;
        };
        let player = &model.players[meaning.player];
        let own_type = meaning.own_type.map(|t| player.types[t].name.clone());
        let reached: Rational = info.members.iter().map(|&x| a.reach[x].clone()).sum();
        let after = seen_text(&c.seen_text(meaning.seen));
        decisions.push(Decision {
            node: model.nodes[meaning.node].name.clone(),
            about: model.nodes[meaning.node].about.clone(),
            player: player.key.clone(),
            r#type: own_type.clone(),
            after: after.clone(),
            reached: Value::of(&reached),
            forced: meaning.forced,
            moves: info
                .actions
                .iter()
                .zip(&a.behavior[h])
                .map(|(m, p)| (m.clone(), Value::of(p)))
                .collect(),
            free: info
                .actions
                .iter()
                .enumerate()
                .filter_map(|(k, m)| {
                    let set = ranges?.behavior.get(h)?.get(k)?;
                    let (lo, hi) = (&set.first()?.low, &set.last()?.high);
                    (lo != hi).then(|| (m.clone(), Value::of(lo), Value::of(hi)))
                })
                .collect(),
        });
        // Beliefs about each other typed player whose type differs across the members.
        for (q, other) in model.players.iter().enumerate() {
            // Nothing seen yet: the belief is the prior, which the scenario states already.
            if q == meaning.player || other.types.is_empty() || meaning.seen == 0 {
                continue;
            }
            let mut dist = vec![Rational::zero(); other.types.len()];
            for (m, &x) in info.members.iter().enumerate() {
                if let Some(t) = c.types_at[x][q] {
                    dist[t] += &a.beliefs[h][m];
                }
            }
            if dist.iter().filter(|d| !d.is_zero()).count() < 2 && info.members.len() < 2 {
                continue;
            }
            // A type's belief range is a member's range when the type has one member here.
            let free: Vec<(String, Value, Value)> = other
                .types
                .iter()
                .enumerate()
                .filter_map(|(t, ty)| {
                    let members: Vec<usize> = (0..info.members.len())
                        .filter(|&m| c.types_at[info.members[m]][q] == Some(t))
                        .collect();
                    let [m] = members.as_slice() else { return None };
                    let set = ranges?.beliefs.get(h)?.get(*m)?;
                    let (lo, hi) = (&set.first()?.low, &set.last()?.high);
                    (lo != hi).then(|| (ty.name.clone(), Value::of(lo), Value::of(hi)))
                })
                .collect();
            beliefs.push(Belief {
                player: player.key.clone(),
                r#type: own_type.clone(),
                node: model.nodes[meaning.node].name.clone(),
                after: after.clone(),
                about: other.key.clone(),
                types: other
                    .types
                    .iter()
                    .zip(&dist)
                    .map(|(t, d)| (t.name.clone(), Value::of(d)))
                    .collect(),
                free,
                on_path: !reached.is_zero(),
            });
        }
    }
    let mut outcome_probs = vec![Rational::zero(); model.reported.len()];
    for (x, node) in tree.nodes.iter().enumerate() {
        if let (NodeKind::Terminal, Some(o)) = (node.kind, node.outcome) {
            outcome_probs[c.outcome_of[o]] += &a.reach[x];
        }
    }
    let outcomes = model
        .reported
        .iter()
        .zip(&outcome_probs)
        .map(|(o, p)| OutcomeProbability {
            outcome: o.name.clone(),
            about: o.about.clone(),
            probability: Value::of(p),
        })
        .collect();
    // Expected payoff by type: the root's value conditional on the type draw.
    let payoffs = model
        .players
        .iter()
        .enumerate()
        .map(|(p, pl)| {
            let mut by_type = Vec::new();
            if !pl.types.is_empty() {
                for t in 0..pl.types.len() {
                    let mut mass = Rational::zero();
                    let mut total = Rational::zero();
                    // The first node after the draw of this player's type, on every path.
                    for (x, node) in tree.nodes.iter().enumerate() {
                        let drawn_here =
                            node.parent.is_some_and(|par| c.types_at[par][p].is_none())
                                && c.types_at[x][p] == Some(t);
                        if drawn_here {
                            mass += &a.reach[x];
                            total += &a.reach[x] * &a.values[x][p];
                        }
                    }
                    let v = if mass.is_zero() {
                        Rational::zero()
                    } else {
                        total / mass
                    };
                    by_type.push((pl.types[t].name.clone(), Value::of(&v)));
                }
            }
            PlayerPayoff {
                player: pl.key.clone(),
                name: pl.name.clone(),
                expected: Value::of(&a.values[0][p]),
                by_type,
            }
        })
        .collect();
    // Decisions read in the scenario's order: by node as written, then by the mover's type,
    // then by history (a stable sort keeps the tree's order within each group).
    let node_order = |name: &str| {
        model
            .nodes
            .iter()
            .position(|n| n.name == name)
            .unwrap_or(usize::MAX)
    };
    let type_order = |d: &Decision| -> usize {
        let Some(t) = &d.r#type else { return 0 };
        let p = model.players.iter().find(|p| p.key == d.player);
        p.and_then(|p| p.types.iter().position(|x| &x.name == t))
            .unwrap_or(0)
    };
    decisions.sort_by_key(|d| (node_order(&d.node), type_order(d)));
    EquilibriumReport {
        decisions,
        outcomes,
        payoffs,
        beliefs,
        assessment: a,
    }
}

impl EquilibriumReport {
    /// The exact value of a measure in this equilibrium (`None` if it names nothing).
    pub fn measure_exact(
        &self,
        compiled: &CompiledScenario,
        measure: &Measure,
    ) -> Option<Rational> {
        measure_of(compiled, &self.assessment, measure)
    }
}

/// Exact numbers per player, information set and action (or member), in the order of
/// `Tree::player_infosets`.
pub type ExactByInfoset = Vec<Vec<Vec<Rational>>>;

impl Answer {
    /// The game that was solved (the compiled tree at the answer's parameter values).
    pub fn tree(&self) -> Option<&Tree> {
        self.tree.as_deref()
    }

    /// The behaviour profile of equilibrium `index` (0: the selected one, then `others`),
    /// `[player][information set][action]` with information sets in the order of
    /// `Tree::player_infosets`, and the beliefs `[player][information set][member]` the
    /// method verified it with. Exact.
    pub fn profile(&self, index: usize) -> Option<(ExactByInfoset, ExactByInfoset)> {
        let tree = self.tree.as_deref()?;
        let report = if index == 0 {
            &self.equilibrium
        } else {
            self.others.get(index - 1)?
        };
        let a = &report.assessment;
        let sets = tree.player_infosets();
        let behavior = sets
            .iter()
            .map(|s| s.iter().map(|&h| a.behavior[h].clone()).collect())
            .collect();
        let beliefs = sets
            .iter()
            .map(|s| s.iter().map(|&h| a.beliefs[h].clone()).collect())
            .collect();
        Some((behavior, beliefs))
    }

    /// The value of a measure in the selected equilibrium, exact.
    pub fn measure(&self, measure: &Measure) -> Option<Rational> {
        let compiled = self.compiled.as_ref()?;
        self.equilibrium.measure_exact(compiled, measure)
    }

    /// The probability of an outcome in the selected equilibrium, exact.
    pub fn outcome_probability(&self, outcome: &str) -> Option<Rational> {
        self.measure(&Measure::Outcome {
            outcome: outcome.into(),
        })
    }
}

fn player_label(c: &Answer, key: &str) -> String {
    c.equilibrium
        .payoffs
        .iter()
        .find(|p| p.player == key)
        .map_or(key.to_string(), |p| p.name.clone())
}

/// `node: move` items as the moves alone, unseen moves as `(unseen move at node)`.
fn short(after: &[String]) -> String {
    after
        .iter()
        .map(|item| match item.split_once(": ") {
            Some((node, "?")) => format!("(unseen move at {node})"),
            Some((_, m)) => m.to_string(),
            None => item.clone(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn write_report(
    f: &mut fmt::Formatter<'_>,
    answer: &Answer,
    r: &EquilibriumReport,
    indent: &str,
) -> fmt::Result {
    writeln!(f, "{indent}Decisions:")?;
    for d in &r.decisions {
        let who = player_label(answer, &d.player);
        let ty = d
            .r#type
            .as_ref()
            .map(|t| format!(" ({t})"))
            .unwrap_or_default();
        let after = if d.after.is_empty() {
            String::new()
        } else {
            format!(", after {}", short(&d.after))
        };
        let moves: Vec<String> = d
            .moves
            .iter()
            .map(|(m, p)| match d.free.iter().find(|(n, _, _)| n == m) {
                Some((_, lo, hi)) => format!("{m} {p} (any from {lo} to {hi} in this equilibrium)"),
                None => format!("{m} {p}"),
            })
            .collect();
        let reach = if d.reached.value == 0.0 {
            " [not reached]"
        } else {
            ""
        };
        let forced = if d.forced { " [forced]" } else { "" };
        writeln!(
            f,
            "{indent}  {who}{ty} at {}{after}: {}{forced}{reach}",
            d.node,
            moves.join(", ")
        )?;
    }
    writeln!(f, "{indent}Outcomes:")?;
    for o in &r.outcomes {
        writeln!(f, "{indent}  {}: {}", o.outcome, o.probability)?;
    }
    writeln!(f, "{indent}Expected payoffs:")?;
    for p in &r.payoffs {
        let types: Vec<String> = p.by_type.iter().map(|(t, v)| format!("{t} {v}")).collect();
        let types = if types.is_empty() {
            String::new()
        } else {
            format!(" (by type: {})", types.join(", "))
        };
        writeln!(f, "{indent}  {}: {}{types}", p.name, p.expected)?;
    }
    if !r.beliefs.is_empty() {
        writeln!(f, "{indent}Beliefs:")?;
        for b in &r.beliefs {
            let who = player_label(answer, &b.player);
            let ty = b
                .r#type
                .as_ref()
                .map(|t| format!(" ({t})"))
                .unwrap_or_default();
            let after = if b.after.is_empty() {
                "at the start".to_string()
            } else {
                format!("after {}", short(&b.after))
            };
            let types: Vec<String> = b
                .types
                .iter()
                .map(|(t, v)| match b.free.iter().find(|(n, _, _)| n == t) {
                    Some((_, lo, hi)) => format!(
                        "{t} with probability {v} (any belief from {lo} to {hi} supports this equilibrium)"
                    ),
                    None => format!("{t} with probability {v}"),
                })
                .collect();
            let off = if b.on_path {
                ""
            } else {
                " [off the equilibrium path]"
            };
            writeln!(
                f,
                "{indent}  {after}, {who}{ty} believes {} is {}{off}",
                player_label(answer, &b.about),
                types.join(", ")
            )?;
        }
    }
    Ok(())
}

impl Answer {
    /// Keeps only the equilibria that survive a refinement of sequential equilibrium (in a
    /// sender–receiver scenario; an error says why elsewhere). If the selected equilibrium is
    /// removed, the first survivor leads and the selection says so.
    pub fn refine(&mut self, which: brink_solve::sequential::Refinement) -> Result<(), String> {
        let tree = self
            .tree
            .clone()
            .ok_or("the answer has no game to refine")?;
        let mut reports: Vec<EquilibriumReport> = std::iter::once(self.equilibrium.clone())
            .chain(self.others.drain(..))
            .collect();
        let components: Vec<brink_solve::sequential::Component> = reports
            .iter()
            .map(|r| brink_solve::sequential::Component {
                witness: r.assessment.clone(),
                certificate: None,
                certified: true,
                max_regret: 0.0,
                behavior_ranges: Vec::new(),
                belief_ranges: Vec::new(),
                exact_ranges: false,
                pieces: 1,
            })
            .collect();
        let verdicts = match brink_solve::sequential::refine(&tree, &components, which) {
            Ok(v) => v,
            Err(e) => {
                self.others = reports.split_off(1);
                return Err(e);
            }
        };
        let name = match which {
            brink_solve::sequential::Refinement::Intuitive => "the intuitive criterion",
            _ => "D1",
        };
        let mut kept = Vec::new();
        let mut removed = Vec::new();
        for (k, (r, v)) in reports.into_iter().zip(verdicts).enumerate() {
            if v.survives {
                kept.push(r);
            } else {
                removed.push(format!("equilibrium {}: {}", k + 1, v.reason));
            }
        }
        if kept.is_empty() {
            return Err(format!("no equilibrium survives {name}"));
        }
        if removed
            .first()
            .is_some_and(|r| r.starts_with("equilibrium 1:"))
        {
            self.selection = format!(
                "the first that survives {name} (the one selected without it, {}, was removed)",
                self.selection
            );
        }
        self.equilibrium = kept.remove(0);
        self.others = kept;
        self.equilibria_found = self.others.len() + 1;
        self.refinement = Some(RefinementNote {
            name: which.name().into(),
            removed,
        });
        self.summary = summarize(self);
        Ok(())
    }
}

impl fmt::Display for Answer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}", self.title)?;
        writeln!(f, "Variant: {}", self.variant.as_deref().unwrap_or("base"))?;
        let params: Vec<String> = self
            .params
            .iter()
            .map(|p| {
                if p.boolean {
                    format!(
                        "{} = {}",
                        p.name,
                        if p.value.value != 0.0 {
                            "true"
                        } else {
                            "false"
                        }
                    )
                } else {
                    format!("{} = {}", p.name, p.value.exact)
                }
            })
            .collect();
        if !params.is_empty() {
            writeln!(f, "Parameters: {}", params.join(", "))?;
        }
        writeln!(f, "In short: {}", self.summary.headline)?;
        let several = self.summary.kinds.len() > 1
            || self.summary.kinds.iter().any(|k| k.equilibria.len() > 1);
        for (i, kind) in self.summary.kinds.iter().enumerate() {
            let which = match kind.equilibria.as_slice() {
                [1] if several => "Equilibrium 1, shown below: ".to_string(),
                [1] => String::new(),
                [e] => format!("Equilibrium {e}: "),
                many => {
                    let names: Vec<String> = many.iter().map(usize::to_string).collect();
                    format!(
                        "Equilibria {} (the same outcome; they differ off the path), the first: ",
                        names.join(", ")
                    )
                }
            };
            let label = if several {
                format!("  ({}) ", i + 1)
            } else {
                "  ".into()
            };
            let indent = " ".repeat(label.len());
            for line in wrap(&format!("{which}{}", kind.sentence), 100, &label, &indent) {
                writeln!(f, "{line}")?;
            }
        }
        writeln!(f, "Concept: {}", self.concept)?;
        writeln!(f, "Method: {}", self.method)?;
        writeln!(f, "Verified: {}", self.verification)?;
        write_report(f, self, &self.equilibrium, "")?;
        match (self.equilibria_found, self.search_complete) {
            _ if self.refinement.is_some() => {
                let r = self.refinement.as_ref().expect("checked");
                writeln!(f, "Refinement: {} (Cho & Kreps 1987; Banks & Sobel 1987) kept {} equilibri{} and removed {}.", r.name, self.equilibria_found, if self.equilibria_found == 1 { "um" } else { "a" }, r.removed.len())?;
                for why in &r.removed {
                    writeln!(f, "  Removed {why}.")?;
                }
                if self.equilibria_found > 1 {
                    writeln!(f, "Other equilibria that survive: {}; the one shown is {}.", self.equilibria_found - 1, self.selection)?;
                }
            }
            (1, true) => writeln!(f, "Other equilibria: none (the search covered every support profile and every tremble pattern, exactly).")?,
            (1, false) => writeln!(f, "Other equilibria: none found, but the list is not complete: {}.", self.search_gaps.join("; "))?,
            (n, complete) => {
                writeln!(f, "Other equilibria: {} more found{}; the one shown is {}.", n - 1, if complete { "" } else { " (the list is not complete)" }, self.selection)?;
                if !complete {
                    writeln!(f, "Not covered: {}.", self.search_gaps.join("; "))?;
                }
                for (i, r) in self.others.iter().enumerate() {
                    writeln!(f, "Equilibrium {}:", i + 2)?;
                    write_report(f, self, r, "  ")?;
                }
            }
        }
        Ok(())
    }
}

/// The exact value of a measure in an equilibrium (`None` if it names nothing).
fn measure_of(compiled: &CompiledScenario, a: &Assessment, measure: &Measure) -> Option<Rational> {
    let model = &compiled.model;
    let tree = &compiled.tree;
    match measure {
        Measure::Outcome { outcome } => {
            let parts = model.reported_parts(outcome);
            if parts.is_empty() {
                return None;
            }
            let mut total = Rational::zero();
            for (x, node) in tree.nodes.iter().enumerate() {
                if let (NodeKind::Terminal, Some(t)) = (node.kind, node.outcome) {
                    if parts.contains(&compiled.outcome_of[t]) {
                        total += &a.reach[x];
                    }
                }
            }
            Some(total)
        }
        Measure::Move { node, r#move } => {
            let n = model.node_index(node)?;
            model.nodes[n]
                .moves
                .iter()
                .position(|m| &m.name == r#move)?;
            let mut total = Rational::zero();
            for (x, tn) in tree.nodes.iter().enumerate() {
                if compiled.scenario_node[x] != Some(n) {
                    continue;
                }
                if let NodeKind::Chance(i) | NodeKind::Personal(i) = tn.kind {
                    if let Some(k) = tree.infosets[i].actions.iter().position(|m| m == r#move) {
                        total += &a.reach[x] * &a.behavior[i][k];
                    }
                }
            }
            Some(total)
        }
        Measure::Payoff { player } => {
            let p = model.player_index(player)?;
            Some(a.values[0][p].clone())
        }
        Measure::Given {
            event,
            player,
            r#type,
        } => {
            // P(event and type) / P(type), both summed over the plays (terminal nodes for an
            // outcome, decision nodes for a move) where the player is of that type.
            let p = model.player_index(player)?;
            let t = model.players[p]
                .types
                .iter()
                .position(|x| &x.name == r#type)?;
            let of_type = |x: usize| compiled.types_at[x][p] == Some(t);
            let mut prior = Rational::zero();
            for (x, node) in tree.nodes.iter().enumerate() {
                if node.kind == NodeKind::Terminal && of_type(x) {
                    prior += &a.reach[x];
                }
            }
            if prior.is_zero() {
                return None;
            }
            let joint = match event.as_ref() {
                Measure::Outcome { outcome } => {
                    let parts = model.reported_parts(outcome);
                    if parts.is_empty() {
                        return None;
                    }
                    let mut total = Rational::zero();
                    for (x, node) in tree.nodes.iter().enumerate() {
                        if let (NodeKind::Terminal, Some(k)) = (node.kind, node.outcome) {
                            if parts.contains(&compiled.outcome_of[k]) && of_type(x) {
                                total += &a.reach[x];
                            }
                        }
                    }
                    total
                }
                Measure::Move { node, r#move } => {
                    let n = model.node_index(node)?;
                    let mut total = Rational::zero();
                    for (x, tn) in tree.nodes.iter().enumerate() {
                        if compiled.scenario_node[x] != Some(n) || !of_type(x) {
                            continue;
                        }
                        if let NodeKind::Chance(i) | NodeKind::Personal(i) = tn.kind {
                            if let Some(k) =
                                tree.infosets[i].actions.iter().position(|m| m == r#move)
                            {
                                total += &a.reach[x] * &a.behavior[i][k];
                            }
                        }
                    }
                    total
                }
                _ => return None,
            };
            Some(joint / prior)
        }
    }
}
