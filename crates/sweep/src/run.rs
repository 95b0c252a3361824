//! Running a plan: one compiled scenario, every point instantiated and solved in parallel,
//! results in point order.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use brink_game::{parse_rational, Rational, Q};
use brink_scenario::{analyze_compiled, point_numbers, Answer, CompiledScenario, Measure};
use brink_solve::{verify, Number};
use num_traits::{One, Zero};
use rayon::prelude::*;

use crate::plan::{Plan, Shard};
use crate::SweepError;

/// How a point's solution went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PointStatus {
    /// Solved and verified; the search covered every support, so the count of equilibria is
    /// complete.
    Solved,
    /// Solved and verified, but some support systems could not be solved exactly, so other
    /// equilibria may exist.
    Incomplete,
    /// The point could not be analysed (the message says why).
    Failed,
}

impl PointStatus {
    /// The word written in the `status` column: `ok`, `incomplete` or `error`.
    pub fn name(self) -> &'static str {
        match self {
            PointStatus::Solved => "ok",
            PointStatus::Incomplete => "incomplete",
            PointStatus::Failed => "error",
        }
    }
}

/// The class written for a point that could not be analysed.
pub const ERROR_CLASS: &str = "error";

/// The result at one point of a plan.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// The point's index in the plan.
    pub index: usize,
    /// The varied parameters' values, exact, in the order of [`Plan::params`].
    pub point: Vec<Rational>,
    /// The numeric columns, in the order of [`Sweep::value_columns`] (`NaN` where the point
    /// failed): outcome probabilities, move probabilities, expected payoffs, extra measures,
    /// then the max regret.
    pub values: Vec<f64>,
    /// How the solution went.
    pub status: PointStatus,
    /// The most likely outcome (ties go to the outcome declared first); [`ERROR_CLASS`] if
    /// the point failed.
    pub outcome_class: String,
    /// How many equilibria the exact search found (0 if the point failed).
    pub equilibria: usize,
    /// Why the point failed, empty otherwise.
    pub message: String,
}

/// What a run is told from outside: a flag to stop it and a progress callback.
#[derive(Clone, Default)]
pub struct Control<'a> {
    /// When set, the run stops between points; every point finished by then is kept.
    pub stop: Option<Arc<AtomicBool>>,
    /// Called after each batch with (points done, points in the run), resumed ones included.
    pub progress: Option<&'a (dyn Fn(usize, usize) + Sync)>,
}

impl Control<'_> {
    pub(crate) fn stopped(&self) -> bool {
        self.stop
            .as_ref()
            .is_some_and(|s| s.load(Ordering::Relaxed))
    }

    pub(crate) fn report(&self, done: usize, total: usize) {
        if let Some(p) = self.progress {
            p(done, total);
        }
    }
}

/// What the columns of a scenario's rows are called, taken from its answer's structure.
#[derive(Clone, Debug)]
pub(crate) struct Labels {
    pub outcomes: Vec<String>,
    /// One per (decision, move): the column name.
    pub moves: Vec<String>,
    pub players: Vec<String>,
}

/// A sweep of one compiled scenario over a plan.
///
/// The tree's structure is compiled once; each point only evaluates the formulas
/// ([`CompiledScenario::instantiate`]) and solves with the scenario's own exact path
/// ([`point_numbers`], the numbers of [`analyze_compiled`]'s answer without its words: exact
/// support enumeration of the agent form, sequential equilibrium, verified). That method enumerates supports from scratch, so there is no warm
/// start to take from a neighbouring point; the cost per point is what it is at every point,
/// which is also what makes the results independent of order, threads and shards.
///
/// The max regret is measured independently of the scenario's own verification, by
/// [`brink_solve::verify::behavior_regret`] on the instantiated tree, exactly.
pub struct Sweep {
    compiled: Arc<CompiledScenario>,
    plan: Plan,
    /// The parameter values every point starts from (defaults unless set).
    base: Vec<Rational>,
    /// The index of each varied parameter among the scenario's parameters.
    slots: Vec<usize>,
    measures: Vec<Measure>,
    labels: Labels,
    /// The number of numeric columns (kept so that a point does not rebuild their names).
    width: usize,
    batch: usize,
}

fn join_after(after: &[String]) -> String {
    after.join("; ")
}

pub(crate) fn labels_of(answer: &Answer) -> Labels {
    let eq = &answer.equilibrium;
    let mut moves = Vec::new();
    for d in &eq.decisions {
        let mut context = Vec::new();
        if let Some(t) = &d.r#type {
            context.push(t.clone());
        }
        if !d.after.is_empty() {
            context.push(format!("after {}", join_after(&d.after)));
        }
        for (m, _) in &d.moves {
            let name = if context.is_empty() {
                format!("P({}.{m})", d.node)
            } else {
                format!("P({}.{m} | {})", d.node, context.join(", "))
            };
            moves.push(name);
        }
    }
    // Two decisions may read alike (a named information set met along two histories of the
    // mover's own moves); numbering the repeats keeps every column name unique.
    for i in 0..moves.len() {
        let repeats = moves[..i].iter().filter(|m| **m == moves[i]).count();
        if repeats > 0 {
            moves[i] = format!("{} #{}", moves[i], repeats + 1);
        }
    }
    Labels {
        outcomes: eq.outcomes.iter().map(|o| o.outcome.clone()).collect(),
        moves,
        players: eq.payoffs.iter().map(|p| p.player.clone()).collect(),
    }
}

fn exact(v: &brink_scenario::Value) -> Q {
    // The scenario prints small fractions as `n/d` with machine-size parts: read those
    // directly, anything else through the general reader.
    let small = match v.exact.split_once('/') {
        Some((n, d)) => n.parse::<i64>().ok().zip(d.parse::<i64>().ok()),
        None => v.exact.parse::<i64>().ok().map(|n| (n, 1)),
    };
    match small {
        Some((n, d)) if d > 0 => Q::new(n, d),
        _ => parse_rational(&v.exact).map_or_else(Q::zero, |r| Q::from_rational(&r)),
    }
}

/// The name of the most likely outcome, compared exactly; ties go to the outcome declared
/// first (the rule of [`outcome_class`]).
fn most_likely(names: &[String], probabilities: &[Rational]) -> String {
    let mut best: Option<(&Rational, &str)> = None;
    for (name, p) in names.iter().zip(probabilities) {
        if !matches!(&best, Some((b, _)) if p <= *b) {
            best = Some((p, name));
        }
    }
    best.map_or_else(|| ERROR_CLASS.to_string(), |(_, n)| n.to_string())
}

/// The most likely outcome of an answer's selected equilibrium, compared exactly; ties go to
/// the outcome declared first.
pub fn outcome_class(answer: &Answer) -> String {
    let outcomes = &answer.equilibrium.outcomes;
    let names: Vec<String> = outcomes.iter().map(|o| o.outcome.clone()).collect();
    let probabilities: Vec<Rational> = outcomes
        .iter()
        .map(|o| exact(&o.probability).into_rational())
        .collect();
    most_likely(&names, &probabilities)
}

impl Sweep {
    /// A sweep of `compiled` over `plan`, the other parameters at the variant's defaults.
    ///
    /// The column names come from the scenario's answer at those defaults (they depend on the
    /// tree's structure only); if the defaults cannot be analysed, the plan's first points are
    /// tried. Fails if a varied parameter does not exist, a plan value lies outside a declared
    /// range, or no point at all can be analysed.
    pub fn new(compiled: Arc<CompiledScenario>, plan: Plan) -> Result<Sweep, SweepError> {
        let base = compiled.param_values(&[]).map_err(|d| {
            SweepError::Scenario(
                d.iter()
                    .map(|d| d.to_string())
                    .collect::<Vec<_>>()
                    .join("; "),
            )
        })?;
        Sweep::with_base(compiled, plan, base)
    }

    /// Like [`Sweep::new`], every point starting from `base` (all of the scenario's
    /// parameters, in order, e.g. from [`CompiledScenario::param_values`] with overrides).
    pub fn with_base(
        compiled: Arc<CompiledScenario>,
        plan: Plan,
        base: Vec<Rational>,
    ) -> Result<Sweep, SweepError> {
        let params = compiled.params();
        if base.len() != params.len() {
            return Err(SweepError::Plan(format!(
                "{} base values for {} parameters",
                base.len(),
                params.len()
            )));
        }
        let mut slots = Vec::new();
        for name in plan.params() {
            let Some(i) = params.iter().position(|p| &p.name == name) else {
                let known: Vec<&str> = params.iter().map(|p| p.name.as_str()).collect();
                return Err(SweepError::Plan(format!(
                    "the scenario has no parameter `{name}` (its parameters: {})",
                    known.join(", ")
                )));
            };
            slots.push(i);
        }
        // A grid's every value is checked (booleans must be 0 or 1); a sample's values lie
        // within its ranges, so the ends are enough, and booleans cannot be sampled.
        for (j, &i) in slots.iter().enumerate() {
            let p = &params[i];
            let (lo, hi) = plan.bounds(j);
            let values = match plan.grid_axes() {
                Some(axes) => axes[j].values(),
                None if p.boolean => {
                    return Err(SweepError::Plan(format!(
                        "`{}` is a boolean: sample only numbers, or vary it on a grid",
                        p.name
                    )))
                }
                None => vec![lo, hi],
            };
            for v in values {
                if p.boolean && !(v.is_zero() || v.is_one()) {
                    return Err(SweepError::Plan(format!(
                        "`{}` is a boolean: vary it over 0:1:2",
                        p.name
                    )));
                }
                if let Some((lo, hi)) = &p.range {
                    if v < *lo || v > *hi {
                        return Err(SweepError::Plan(format!(
                            "`{}` = {v} lies outside its declared range [{lo}, {hi}]",
                            p.name
                        )));
                    }
                }
            }
        }
        let mut sweep = Sweep {
            compiled,
            plan,
            base,
            slots,
            measures: Vec::new(),
            labels: Labels {
                outcomes: Vec::new(),
                moves: Vec::new(),
                players: Vec::new(),
            },
            width: 0,
            batch: 256,
        };
        let reference = analyze_compiled(&sweep.compiled, &sweep.base)
            .ok()
            .or_else(|| {
                (0..sweep.plan.len().min(16))
                    .find_map(|k| analyze_compiled(&sweep.compiled, &sweep.values_at(k)?).ok())
            });
        match reference {
            Some(answer) => {
                sweep.labels = labels_of(&answer);
                sweep.width = sweep.value_columns().len();
            }
            None => {
                let err = analyze_compiled(&sweep.compiled, &sweep.base)
                    .err()
                    .unwrap_or_default();
                return Err(SweepError::Scenario(format!(
                    "neither the defaults nor the plan's first points can be analysed: {}",
                    err.iter()
                        .map(|d| d.to_string())
                        .collect::<Vec<_>>()
                        .join("; ")
                )));
            }
        }
        Ok(sweep)
    }

    /// Adds a column for each measure (`P(outcome)`, `P(node.move)`, `E(player)`), named
    /// `measure:` and the measure, computed exactly in the selected equilibrium.
    pub fn with_measures(mut self, measures: Vec<Measure>) -> Sweep {
        self.measures = measures;
        self.width = self.value_columns().len();
        self
    }

    /// How many points are solved between two writes, stop checks of the writer and progress
    /// reports (default 256). It changes neither the rows nor the file.
    pub fn with_batch(mut self, batch: usize) -> Sweep {
        self.batch = batch.max(1);
        self
    }

    /// The plan.
    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    /// The compiled scenario.
    pub fn compiled(&self) -> &Arc<CompiledScenario> {
        &self.compiled
    }

    /// The values every point starts from: all of the scenario's parameters, in order, before
    /// the plan's values are put in.
    pub fn base(&self) -> &[Rational] {
        &self.base
    }

    /// The extra measures, in column order.
    pub fn measures(&self) -> &[Measure] {
        &self.measures
    }

    /// The scenario parameter varied by the plan's axis `axis`.
    pub(crate) fn slot(&self, axis: usize) -> usize {
        self.slots[axis]
    }

    /// The outcome names, in the scenario's order (the classes a map may show).
    pub fn outcomes(&self) -> &[String] {
        &self.labels.outcomes
    }

    /// The names of the numeric columns of [`Row::values`]: `P(outcome)` for each outcome,
    /// `P(node.move | type, after ...)` for each move of each decision, `E(player)` for each
    /// player, `measure:M` for each extra measure, then `max_regret`.
    pub fn value_columns(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .labels
            .outcomes
            .iter()
            .map(|o| format!("P({o})"))
            .collect();
        out.extend(self.labels.moves.iter().cloned());
        out.extend(self.labels.players.iter().map(|p| format!("E({p})")));
        out.extend(self.measures.iter().map(|m| format!("measure:{m}")));
        out.push("max_regret".into());
        out
    }

    /// The position of a numeric column by name.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.value_columns().iter().position(|c| c == name)
    }

    /// Every column of the CSV, in order: `index`, the varied parameters, the value columns,
    /// `status`, `outcome_class`, `equilibria`, `message`.
    pub fn header(&self) -> Vec<String> {
        let mut out = vec!["index".to_string()];
        out.extend(self.plan.params().iter().cloned());
        out.extend(self.value_columns());
        out.extend(["status", "outcome_class", "equilibria", "message"].map(String::from));
        out
    }

    /// All the scenario's parameter values at point `index`, `None` past the plan's end.
    pub fn values_at(&self, index: usize) -> Option<Vec<Rational>> {
        let point = self.plan.point(index)?;
        let mut values = self.base.clone();
        for (&slot, v) in self.slots.iter().zip(point) {
            values[slot] = v;
        }
        Some(values)
    }

    /// Solves one point. A point that cannot be analysed gives a row with status
    /// [`PointStatus::Failed`] and the reason, not an error.
    pub fn evaluate(&self, index: usize) -> Row {
        let point = self.plan.point(index).unwrap_or_default();
        let width = self.width;
        let failed = |message: String| Row {
            index,
            point: point.clone(),
            values: vec![f64::NAN; width],
            status: PointStatus::Failed,
            outcome_class: ERROR_CLASS.into(),
            equilibria: 0,
            message,
        };
        let Some(values) = self.values_at(index) else {
            return failed(format!("the plan has no point {index}"));
        };
        let numbers = match point_numbers(&self.compiled, &values, &self.measures) {
            Ok(n) => n,
            Err(d) => {
                return failed(
                    d.iter()
                        .map(|d| d.to_string())
                        .collect::<Vec<_>>()
                        .join("; "),
                )
            }
        };
        let mut out = Vec::with_capacity(width);
        let f64_of = |r: &Rational| Q::from_rational(r).to_f64();
        out.extend(numbers.outcomes.iter().map(f64_of));
        out.extend(numbers.moves.iter().map(f64_of));
        out.extend(numbers.payoffs.iter().map(f64_of));
        out.extend(
            numbers
                .measures
                .iter()
                .map(|m| m.as_ref().map_or(f64::NAN, f64_of)),
        );
        // The regret is measured again, outside the scenario crate, on the tree it solved.
        let profile: Vec<Vec<Vec<Number>>> = numbers
            .behavior
            .iter()
            .map(|p| {
                p.iter()
                    .map(|h| h.iter().cloned().map(Number::Exact).collect())
                    .collect()
            })
            .collect();
        let regret = verify::behavior_regret(&numbers.tree, &profile)
            .ok()
            .map_or(f64::NAN, |v| {
                v.max_regret.unwrap_or(v.agent_regret).to_f64()
            });
        out.push(regret);
        if out.len() != width {
            return failed("the answer's shape differs from the sweep's columns".into());
        }
        Row {
            index,
            point,
            values: out,
            status: if numbers.search_complete {
                PointStatus::Solved
            } else {
                PointStatus::Incomplete
            },
            outcome_class: most_likely(&self.labels.outcomes, &numbers.outcomes),
            equilibria: numbers.equilibria_found,
            message: String::new(),
        }
    }

    /// Solves the given indices in batches, in parallel on the current rayon pool, and hands
    /// each batch's rows to `emit` in index order. Returns whether the stop flag ended the run
    /// early. Points started before the flag was seen are finished and emitted.
    pub(crate) fn drive(
        &self,
        indices: &[usize],
        control: &Control<'_>,
        done_before: usize,
        total: usize,
        mut emit: impl FnMut(Vec<Row>) -> Result<(), SweepError>,
    ) -> Result<bool, SweepError> {
        let mut done = done_before;
        for batch in indices.chunks(self.batch) {
            if control.stopped() {
                return Ok(true);
            }
            let rows: Vec<Option<Row>> = batch
                .par_iter()
                .map(|&i| (!control.stopped()).then(|| self.evaluate(i)))
                .collect();
            let complete = rows.iter().all(Option::is_some);
            let rows: Vec<Row> = rows.into_iter().flatten().collect();
            done += rows.len();
            emit(rows)?;
            control.report(done, total);
            if !complete {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Solves every point of the shard and returns the rows in index order (shorter if the
    /// stop flag was raised).
    pub fn rows(&self, shard: Shard, control: &Control<'_>) -> Vec<Row> {
        let indices: Vec<usize> = shard.indices(self.plan.len()).collect();
        let mut out = Vec::with_capacity(indices.len());
        let _ = self.drive(&indices, control, 0, indices.len(), |rows| {
            out.extend(rows);
            Ok(())
        });
        out
    }
}
