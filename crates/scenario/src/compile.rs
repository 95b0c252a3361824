//! The compiler: a checked scenario (one variant) becomes a game tree.
//!
//! **Harsanyi transform.** Chance moves first and draws the type of each player that has
//! private types, one chance node per typed player in the order the players are declared,
//! with the priors as probabilities. Every player then knows its own type and not the others'.
//!
//! **Information.** By default a player at a decision node has seen every earlier move, by
//! chance or by anyone, except the moves of nodes marked `hidden` (for it), and knows its own
//! type. Two tree nodes of the same scenario node are therefore in one information set exactly
//! when the mover's type and everything the mover saw agree. A node with `info = "name"` joins
//! the named information set: all tree nodes of all scenario nodes carrying that name are one
//! set per mover type and per history of the mover's *own* earlier moves (so perfect recall
//! holds by construction).
//!
//! **Structure and numbers apart.** The compiled structure holds, for every outcome slot and
//! every chance probability, the formula that gives its value; [`CompiledScenario::instantiate`]
//! only evaluates them, so a sweep re-evaluates without recompiling. Evaluation is exact
//! (rationals; decimal literals and parameter values are exact), so the tree is exact.

use std::collections::HashMap;

use brink_game::{Infoset, Node, NodeKind, Outcome, Player, Rational, Tree};
use num_traits::{One, Signed, Zero};

use crate::diag::Diagnostic;
use crate::formula::Formula;
use crate::model::{Model, Param, SFormula, Target};
use crate::scenario::Scenario;

/// The longest path the compiler follows, in scenario nodes.
pub const DEPTH_LIMIT: usize = 400;

/// The largest tree the compiler builds, in nodes.
pub const NODE_LIMIT: usize = 2_000_000;

/// How large and how deep the tree of a model is, counted on the scenario's graph of nodes
/// before anything is built: a node reached along many paths is copied once per path, so a
/// scenario of a few lines can stand for more nodes than memory holds, and a long chain for a
/// path deeper than the compiler follows. Counting takes one pass over the nodes and moves.
struct Extent {
    /// The tree's nodes (type draws, decisions, chance and leaves), saturating at `u64::MAX`.
    nodes: u64,
    /// For each scenario node, the most moves from it to a leaf (`usize::MAX` on a cycle,
    /// which the checker reports on its own).
    longest: Vec<usize>,
}

/// Where the moves the compiler follows from scenario node `i` lead: the forced move alone
/// if a commitment device makes it, else every move.
fn compiled_targets(model: &Model, i: usize) -> Vec<Target> {
    let def = &model.nodes[i];
    match def.forced {
        Some(f) => vec![def.moves[f].target],
        None => def.moves.iter().map(|m| m.target).collect(),
    }
}

impl Extent {
    fn of(model: &Model) -> Extent {
        let n = model.nodes.len();
        let moves_of = |i: usize| compiled_targets(model, i);
        // Iterative post-order (a chain of 200,000 nodes must not exhaust the stack), with
        // colours: 0 new, 1 on the stack, 2 done.
        let mut size = vec![0u64; n];
        let mut longest = vec![0usize; n];
        let mut colour = vec![0u8; n];
        let mut stack = vec![model.root];
        while let Some(&node) = stack.last() {
            if colour[node] == 0 {
                colour[node] = 1;
                for t in moves_of(node) {
                    if let Target::Node(c) = t {
                        match colour[c] {
                            0 => stack.push(c),
                            1 => longest[node] = usize::MAX,
                            _ => {}
                        }
                    }
                }
                continue;
            }
            stack.pop();
            if colour[node] == 2 {
                continue;
            }
            colour[node] = 2;
            let (mut total, mut deepest) = (1u64, longest[node]);
            for t in moves_of(node) {
                let (s, l) = match t {
                    Target::Node(c) if colour[c] == 2 => (size[c], longest[c]),
                    // A child still on the stack closes a cycle.
                    Target::Node(_) => (u64::MAX, usize::MAX),
                    Target::Outcome(_) => (1, 0),
                };
                total = total.saturating_add(s);
                deepest = deepest.max(l.saturating_add(1));
            }
            size[node] = total;
            longest[node] = deepest;
        }
        // The type draws: one chance node per typed player and per profile of the earlier
        // players' types, then one copy of the scenario's tree per profile of all types.
        let mut nodes = 0u64;
        let mut profiles = 1u64;
        for p in &model.players {
            if !p.types.is_empty() {
                nodes = nodes.saturating_add(profiles);
                profiles = profiles.saturating_mul(p.types.len() as u64);
            }
        }
        nodes = nodes.saturating_add(profiles.saturating_mul(size[model.root]));
        Extent { nodes, longest }
    }

    /// The scenario node at which the longest path from the root, entered at depth `start`
    /// (one step per type draw), first goes deeper than [`DEPTH_LIMIT`], if it does.
    fn too_deep_at(&self, model: &Model, start: usize) -> Option<usize> {
        if start.saturating_add(self.longest[model.root]) <= DEPTH_LIMIT {
            return None;
        }
        let (mut node, mut depth) = (model.root, start);
        // Follow the deepest move; each step is one deeper, so this ends within the limit.
        while depth < DEPTH_LIMIT {
            let next = compiled_targets(model, node)
                .into_iter()
                .filter_map(|t| match t {
                    Target::Node(c) => Some(c),
                    Target::Outcome(_) => None,
                })
                .max_by_key(|&c| self.longest[c]);
            match next {
                Some(c) => {
                    node = c;
                    depth += 1;
                }
                None => break,
            }
        }
        Some(node)
    }
}

/// What a personal information set of the compiled tree stands for in the scenario.
#[derive(Clone, Debug)]
pub(crate) struct InfosetMeaning {
    /// The scenario node (the first one, for a named information set).
    pub node: usize,
    /// The mover.
    pub player: usize,
    /// The mover's own type, if it has types.
    pub own_type: Option<usize>,
    /// The interned history of what the mover saw (see [`CompiledScenario::seen_text`]).
    pub seen: u32,
    /// Whether the only move is forced by a commitment device.
    pub forced: bool,
}

/// A scenario variant compiled to a tree whose numbers are filled in per parameter point.
#[derive(Clone, Debug)]
pub struct CompiledScenario {
    pub(crate) model: Model,
    pub(crate) variant: Option<String>,
    pub(crate) tree: Tree,
    /// For each tree outcome: the payoff formula of each player.
    pub(crate) payoff_slots: Vec<Vec<SFormula>>,
    /// For each tree outcome: the reported outcome (`Model::reported`: the scenario outcome,
    /// or its name for the types met there).
    pub(crate) outcome_of: Vec<usize>,
    /// For each chance information set: the probability formula of each action.
    pub(crate) prob_slots: Vec<(usize, Vec<SFormula>)>,
    /// For each information set: its meaning, `None` for chance.
    pub(crate) meaning: Vec<Option<InfosetMeaning>>,
    /// For each tree node: the scenario node (`None` for the type draws and the leaves).
    pub(crate) scenario_node: Vec<Option<usize>>,
    /// For each tree node: the type of each typed player, where already drawn.
    pub(crate) types_at: Vec<Vec<Option<usize>>>,
    pub(crate) files: Vec<std::sync::Arc<crate::diag::SourceFile>>,
    /// The interned observation histories by id - 1: (parent id, event).
    pub(crate) interned: Vec<(u32, u64)>,
    /// Whether the tree has perfect recall: a property of its structure, which every
    /// instantiation shares, so it is checked once.
    pub(crate) perfect_recall: std::sync::OnceLock<bool>,
    /// Whether an instantiation passed [`Tree::validate`]. Every instantiation has the same
    /// structure and the same fixed numbers, and [`CompiledScenario::instantiate`] checks the
    /// probabilities it fills in, so one check holds for all.
    pub(crate) valid: std::sync::OnceLock<Result<(), String>>,
}

struct Builder<'a> {
    model: &'a Model,
    tree: Tree,
    infoset_keys: HashMap<(usize, Option<usize>, Location, u32), usize>,
    interner: HashMap<(u32, u64), u32>,
    /// The interned histories by id - 1: (parent id, event).
    interned: Vec<(u32, u64)>,
    outcome_keys: HashMap<(usize, Vec<Option<usize>>), usize>,
    payoff_slots: Vec<Vec<SFormula>>,
    outcome_of: Vec<usize>,
    prob_slots: Vec<(usize, Vec<SFormula>)>,
    meaning: Vec<Option<InfosetMeaning>>,
    scenario_node: Vec<Option<usize>>,
    types_at: Vec<Vec<Option<usize>>>,
    numbers: Vec<u64>,
    chance_number: u64,
    too_large: bool,
    too_deep: bool,
}

#[derive(Clone, PartialEq, Eq, Hash)]
enum Location {
    Node(usize),
    Info(String),
}

#[derive(Clone)]
struct State {
    types: Vec<Option<usize>>,
    /// Per player, the interned history of what it observed.
    seen: Vec<u32>,
    /// Per player, the interned history of its own (information set, action) pairs.
    own: Vec<u32>,
    /// Per player, the readable list of what it saw (for descriptions).
    depth: usize,
}

impl Builder<'_> {
    fn intern(&mut self, parent: u32, event: u64) -> u32 {
        let next = self.interned.len() as u32 + 1;
        let id = *self.interner.entry((parent, event)).or_insert(next);
        if id == next {
            self.interned.push((parent, event));
        }
        id
    }

    fn new_node(
        &mut self,
        label: String,
        parent: Option<usize>,
        scen: Option<usize>,
        types: &[Option<usize>],
    ) -> usize {
        let id = self.tree.nodes.len();
        if id >= NODE_LIMIT {
            self.too_large = true;
        }
        self.tree.nodes.push(Node {
            label,
            parent,
            kind: NodeKind::Terminal,
            children: Vec::new(),
            outcome: None,
        });
        self.scenario_node.push(scen);
        self.types_at.push(types.to_vec());
        id
    }

    fn chance_infoset(
        &mut self,
        node: usize,
        actions: Vec<String>,
        slots: Vec<SFormula>,
        label: String,
    ) {
        let id = self.tree.infosets.len();
        self.chance_number += 1;
        self.tree.infosets.push(Infoset {
            player: Player::Chance,
            number: self.chance_number,
            label,
            probs: vec![Rational::zero(); actions.len()],
            actions,
            members: vec![node],
        });
        self.tree.nodes[node].kind = NodeKind::Chance(id);
        self.prob_slots.push((id, slots));
        self.meaning.push(None);
    }

    /// Draws the types of the typed players from `p` on, then enters the scenario's root.
    fn draw_types(&mut self, parent: Option<usize>, p: usize, state: State) -> usize {
        let model = self.model;
        let Some(typed) = (p..model.players.len()).find(|&q| !model.players[q].types.is_empty())
        else {
            return self.expand(parent, Target::Node(model.root), state);
        };
        let player = &model.players[typed];
        let node = self.new_node(
            format!("type of {}", player.key),
            parent,
            None,
            &state.types,
        );
        let actions: Vec<String> = player.types.iter().map(|t| t.name.clone()).collect();
        let slots: Vec<SFormula> = player.types.iter().map(|t| t.prior.clone()).collect();
        self.chance_infoset(node, actions, slots, format!("type of {}", player.key));
        for t in 0..player.types.len() {
            if self.too_large {
                break;
            }
            let mut s = state.clone();
            s.depth += 1;
            s.types[typed] = Some(t);
            let child = self.draw_types(Some(node), typed + 1, s);
            self.tree.nodes[node].children.push(child);
        }
        node
    }

    fn expand(&mut self, parent: Option<usize>, target: Target, state: State) -> usize {
        let model = self.model;
        // Depth is bounded (the recursion follows the scenario's paths) so that a very long
        // chain is refused instead of exhausting the stack.
        if state.depth > DEPTH_LIMIT {
            self.too_deep = true;
            self.too_large = true;
        }
        match target {
            Target::Outcome(o) => {
                let node =
                    self.new_node(model.outcomes[o].name.clone(), parent, None, &state.types);
                let outcome = self.outcome(o, &state.types);
                self.tree.nodes[node].outcome = Some(outcome);
                node
            }
            Target::Node(n) => {
                let def = &model.nodes[n];
                let node = self.new_node(def.name.clone(), parent, Some(n), &state.types);
                let moves: Vec<usize> = match def.forced {
                    Some(f) => vec![f],
                    None => (0..def.moves.len()).collect(),
                };
                let infoset = match def.player {
                    None => {
                        let slots = def
                            .moves
                            .iter()
                            // The checker gives every chance move a probability; were one
                            // missing, 0 makes `instantiate` report the sum, never a panic.
                            .map(|m| {
                                m.prob
                                    .as_ref()
                                    .map(|p| p.resolve(&state.types).clone())
                                    .unwrap_or_else(|| SFormula {
                                        formula: Formula::constant(Rational::zero()),
                                        loc: def.loc.clone(),
                                        text: "0".into(),
                                    })
                            })
                            .collect();
                        let actions = def.moves.iter().map(|m| m.name.clone()).collect();
                        self.chance_infoset(node, actions, slots, def.name.clone());
                        None
                    }
                    Some(p) => {
                        let own_type = state.types[p];
                        let key = match &def.info {
                            Some(name) => (p, own_type, Location::Info(name.clone()), state.own[p]),
                            None => (p, own_type, Location::Node(n), state.seen[p]),
                        };
                        let id = match self.infoset_keys.get(&key) {
                            Some(&id) => {
                                self.tree.infosets[id].members.push(node);
                                id
                            }
                            None => {
                                let id = self.tree.infosets.len();
                                self.numbers[p] += 1;
                                let type_label = own_type
                                    .map(|t| format!(" [{}]", model.players[p].types[t].name))
                                    .unwrap_or_default();
                                self.tree.infosets.push(Infoset {
                                    player: Player::Personal(p),
                                    number: self.numbers[p],
                                    label: format!(
                                        "{}{}",
                                        def.info.clone().unwrap_or_else(|| def.name.clone()),
                                        type_label
                                    ),
                                    actions: moves
                                        .iter()
                                        .map(|&m| def.moves[m].name.clone())
                                        .collect(),
                                    probs: Vec::new(),
                                    members: vec![node],
                                });
                                self.meaning.push(Some(InfosetMeaning {
                                    node: n,
                                    player: p,
                                    own_type,
                                    seen: state.seen[p],
                                    forced: def.forced.is_some(),
                                }));
                                self.infoset_keys.insert(key, id);
                                id
                            }
                        };
                        self.tree.nodes[node].kind = NodeKind::Personal(id);
                        Some(id)
                    }
                };
                for (a, &m) in moves.iter().enumerate() {
                    if self.too_large {
                        break;
                    }
                    let mut s = state.clone();
                    s.depth += 1;
                    for q in 0..model.players.len() {
                        let visible = Some(q) == def.player || !def.hidden_from.contains(&q);
                        let event = ((n as u64) << 24) | if visible { m as u64 + 1 } else { 0 };
                        s.seen[q] = self.intern(s.seen[q], event);
                    }
                    if let (Some(p), Some(h)) = (def.player, infoset) {
                        s.own[p] =
                            self.intern(s.own[p], (1u64 << 63) | ((h as u64) << 24) | a as u64);
                    }
                    let child = self.expand(Some(node), def.moves[m].target, s);
                    self.tree.nodes[node].children.push(child);
                }
                node
            }
        }
    }

    /// The tree outcome for a scenario outcome under the given types (one per combination of
    /// the types its payoffs depend on).
    fn outcome(&mut self, o: usize, types: &[Option<usize>]) -> usize {
        let def = &self.model.outcomes[o];
        let mut deps = Vec::new();
        for pay in &def.payoffs {
            pay.deps(&mut deps);
        }
        if let Some((p, _)) = &def.named {
            deps.push(*p);
        }
        let key_types: Vec<Option<usize>> = (0..types.len())
            .map(|p| if deps.contains(&p) { types[p] } else { None })
            .collect();
        let key = (o, key_types.clone());
        if let Some(&id) = self.outcome_keys.get(&key) {
            return id;
        }
        let id = self.tree.outcomes.len();
        let slots: Vec<SFormula> = def
            .payoffs
            .iter()
            .map(|pay| pay.resolve(types).clone())
            .collect();
        let reported = self.model.reported_index(o, types);
        let mut label = self.model.reported[reported].name.clone();
        let type_names: Vec<String> = key_types
            .iter()
            .enumerate()
            .filter_map(|(p, t)| {
                t.map(|t| {
                    format!(
                        "{} {}",
                        self.model.players[p].key, self.model.players[p].types[t].name
                    )
                })
            })
            .collect();
        if !type_names.is_empty() {
            label = format!("{label} ({})", type_names.join(", "));
        }
        self.tree.outcomes.push(Outcome {
            number: id as u64 + 1,
            label,
            payoffs: vec![Rational::zero(); slots.len()],
        });
        self.payoff_slots.push(slots);
        self.outcome_of.push(reported);
        self.outcome_keys.insert(key, id);
        id
    }
}

impl Scenario {
    /// The game of a variant at its defaults with `overrides` applied, exact: compile,
    /// bind the parameters, instantiate (what `brink convert` writes).
    pub fn game(
        &self,
        variant: Option<&str>,
        overrides: &[(String, String)],
    ) -> Result<Tree, Vec<Diagnostic>> {
        let compiled = self.compile(variant).map_err(|d| vec![*d])?;
        let values = compiled.param_values(overrides)?;
        compiled.instantiate(&values).map_err(|d| vec![*d])
    }

    /// Compiles a variant (`None` or `"base"` for the base scenario) into a tree structure
    /// whose numbers are filled in by [`CompiledScenario::instantiate`].
    pub fn compile(&self, variant: Option<&str>) -> Result<CompiledScenario, Box<Diagnostic>> {
        let model = self.model(variant)?;
        // Size and depth are decided on the scenario's graph first, so that a scenario too
        // large or too deep is refused at once, at its place, instead of after building
        // millions of nodes.
        let extent = Extent::of(model);
        let typed = model.players.iter().filter(|p| !p.types.is_empty()).count();
        let at = |node: usize| {
            let loc = &model.nodes[node].loc;
            (self.files[loc.file].clone(), loc.span.clone())
        };
        if let Some(node) = extent.too_deep_at(model, typed) {
            let (file, span) = at(node);
            return Err(Box::new(
                Diagnostic::error(
                    "S060",
                    format!(
                    "a path through the scenario is longer than {DEPTH_LIMIT} steps: it passes \
                     the limit at node `{}`",
                    model.nodes[node].name
                ),
                )
                .at(&file, span)
                .hint("shorten the chain of stages"),
            ));
        }
        if extent.nodes > NODE_LIMIT as u64 {
            let (file, span) = at(model.root);
            let count = if extent.nodes == u64::MAX {
                "more than 10^19".to_string()
            } else {
                extent.nodes.to_string()
            };
            return Err(Box::new(
                Diagnostic::error(
                    "S060",
                    format!(
                        "the compiled game would have {count} nodes, more than the {NODE_LIMIT} \
                     brink builds"
                    ),
                )
                .at(&file, span)
                .hint(
                    "a node reached along many paths is copied once per path (and once per \
                 profile of types); merge stages, or use fewer moves or types",
                ),
            ));
        }
        let n = model.players.len();
        let b = Builder {
            model,
            tree: Tree {
                title: match variant {
                    Some(v) if v != crate::BASE => format!("{} [{v}]", self.title),
                    _ => self.title.clone(),
                },
                comment: self.about.clone(),
                players: model.players.iter().map(|p| p.name.clone()).collect(),
                nodes: Vec::new(),
                infosets: Vec::new(),
                outcomes: Vec::new(),
            },
            infoset_keys: HashMap::new(),
            interner: HashMap::new(),
            interned: Vec::new(),
            outcome_keys: HashMap::new(),
            payoff_slots: Vec::new(),
            outcome_of: Vec::new(),
            prob_slots: Vec::new(),
            meaning: Vec::new(),
            scenario_node: Vec::new(),
            types_at: Vec::new(),
            numbers: vec![0; n],
            chance_number: 0,
            too_large: false,
            too_deep: false,
        };
        let state = State {
            types: vec![None; n],
            seen: vec![0; n],
            own: vec![0; n],
            depth: 0,
        };
        // The expansion recurses along the scenario's paths; a thread with a generous stack keeps
        // deep (but bounded, see DEPTH_LIMIT) scenarios from exhausting a small caller stack.
        let b = std::thread::scope(|scope| {
            std::thread::Builder::new()
                .stack_size(256 << 20)
                .spawn_scoped(scope, move || {
                    let mut b = b;
                    b.draw_types(None, 0, state);
                    b
                })
                .ok()
                .and_then(|h| h.join().ok())
        })
        .ok_or_else(|| Diagnostic::error("S060", "the compiler could not run"))?;
        if b.too_deep {
            return Err(Box::new(
                Diagnostic::error(
                    "S060",
                    format!("a path through the scenario is longer than {DEPTH_LIMIT} nodes"),
                )
                .hint("shorten the chain of stages"),
            ));
        }
        if b.too_large {
            return Err(Box::new(Diagnostic::error("S060", format!("the compiled game would have more than {NODE_LIMIT} nodes"))
                .hint("nodes reached along many paths are copied once per path; merge stages or use fewer types")));
        }
        // Gambit refuses files with repeated node labels (or one player's information-set
        // labels); the same scenario node appears once per type and history, so number them.
        let mut b = b;
        b.tree.make_labels_unique();
        Ok(CompiledScenario {
            model: model.clone(),
            variant: variant.filter(|v| *v != crate::BASE).map(str::to_string),
            tree: b.tree,
            payoff_slots: b.payoff_slots,
            outcome_of: b.outcome_of,
            prob_slots: b.prob_slots,
            meaning: b.meaning,
            scenario_node: b.scenario_node,
            types_at: b.types_at,
            files: self.files.clone(),
            interned: b.interned,
            perfect_recall: std::sync::OnceLock::new(),
            valid: std::sync::OnceLock::new(),
        })
    }
}

/// A formula error at evaluation time, located in its file.
fn located(
    c: &CompiledScenario,
    f: &SFormula,
    message: String,
    hint: Option<&str>,
    code: &'static str,
) -> Diagnostic {
    let mut d = Diagnostic::error(code, message).at(&c.files[f.loc.file], f.loc.span.clone());
    d.hint = hint.map(str::to_string);
    d
}

impl CompiledScenario {
    /// Whether instantiations of this scenario are valid trees, checked on the first one seen
    /// (see the field's documentation).
    pub(crate) fn validate_once(&self, instance: &Tree) -> Result<(), String> {
        self.valid
            .get_or_init(|| instance.validate().map_err(|e| e.to_string()))
            .clone()
    }

    /// Whether the compiled tree (and so every instantiation of it) has perfect recall.
    pub(crate) fn has_perfect_recall(&self) -> bool {
        *self
            .perfect_recall
            .get_or_init(|| self.tree.is_perfect_recall())
    }

    /// What a history of observations says, oldest first: (node, move or `None` if hidden).
    /// Histories are interned as (parent, event) chains, so the text is rebuilt only when an
    /// information set is created, not carried along every path.
    pub(crate) fn seen_text(&self, mut id: u32) -> Vec<(String, Option<String>)> {
        let mut out = Vec::new();
        while id != 0 {
            let (parent, event) = self.interned[id as usize - 1];
            let node = &self.model.nodes[(event >> 24) as usize];
            let m = (event & 0xFF_FFFF) as usize;
            out.push((
                node.name.clone(),
                m.checked_sub(1).map(|m| node.moves[m].name.clone()),
            ));
            id = parent;
        }
        out.reverse();
        out
    }

    /// The parameters, with this variant's defaults.
    pub fn params(&self) -> &[Param] {
        &self.model.params
    }

    /// The source files the scenario was read from (the file itself first, then what it
    /// extends), as they were when it was loaded.
    pub fn sources(&self) -> &[std::sync::Arc<crate::diag::SourceFile>] {
        &self.files
    }

    /// The scenario's stated assumptions (`assume`), as written.
    pub fn assumptions(&self) -> Vec<&str> {
        self.model.assume.iter().map(|a| a.text.as_str()).collect()
    }

    /// Whether the parameter values (all of them, in the order of [`CompiledScenario::params`])
    /// satisfy every stated assumption, exactly. An assumption that cannot be evaluated there
    /// (a division by zero) is not satisfied.
    pub fn satisfies_assumptions(&self, values: &[Rational]) -> bool {
        self.model.assume.iter().all(|a| {
            a.formula
                .eval(values)
                .is_ok_and(|v| !num_traits::Zero::is_zero(&v))
        })
    }

    /// The names of the parameters that some payoff, prior, chance probability or stated
    /// assumption of this variant reads: the ones whose value can change its answer or
    /// whether a point is admitted.
    pub fn read_params(&self) -> std::collections::BTreeSet<String> {
        let mut used = std::collections::BTreeSet::new();
        self.model.mark_used(&mut used);
        for a in &self.model.assume {
            for &i in &a.formula.params {
                used.insert(self.model.params[i].name.clone());
            }
        }
        used
    }

    /// The variant's name, `None` for the base.
    pub fn variant(&self) -> Option<&str> {
        self.variant.as_deref()
    }

    /// The tree's structure (payoffs and chance probabilities not filled in).
    pub fn structure(&self) -> &Tree {
        &self.tree
    }

    /// The parameter values: the defaults, with `overrides` (`name`, `value`) applied. A value
    /// is a number (`0.3`, `1/3`, exact) or `true`/`false`; it must lie in the declared range.
    pub fn param_values(
        &self,
        overrides: &[(String, String)],
    ) -> Result<Vec<Rational>, Vec<Diagnostic>> {
        let mut values = self.model.defaults();
        let mut errors = Vec::new();
        for (name, text) in overrides {
            let Some(i) = self.model.param_index(name) else {
                let known: Vec<&str> = self.model.params.iter().map(|p| p.name.as_str()).collect();
                errors.push(
                    Diagnostic::error(
                        "S041",
                        format!("`--set {name}=...`: the scenario has no parameter `{name}`"),
                    )
                    .hint(crate::diag::suggestion_hint(
                        name,
                        known.iter().copied(),
                        &format!("the parameters are: {}", known.join(", ")),
                    )),
                );
                continue;
            };
            let p = &self.model.params[i];
            let value = if p.boolean {
                match text.trim() {
                    "true" | "1" => Some(Rational::one()),
                    "false" | "0" => Some(Rational::zero()),
                    _ => None,
                }
            } else {
                brink_game::parse_rational(text)
            };
            let Some(value) = value else {
                let kind = if p.boolean {
                    "true or false"
                } else {
                    "a number such as 0.3 or 1/3"
                };
                errors.push(Diagnostic::error(
                    "S041",
                    format!("`--set {name}={text}`: the value must be {kind}"),
                ));
                continue;
            };
            if let Some((lo, hi)) = &p.range {
                if value < *lo || value > *hi {
                    errors.push(
                        Diagnostic::error(
                            "S041",
                            format!(
                                "`--set {name}={text}`: outside the declared range [{lo}, {hi}]"
                            ),
                        )
                        .hint("widen the range in the scenario if the value is meant"),
                    );
                    continue;
                }
            }
            values[i] = value;
        }
        if errors.is_empty() {
            Ok(values)
        } else {
            Err(errors)
        }
    }

    /// Every simple measure of this variant, as written on the command line: `P(outcome)` for
    /// each outcome, `P(node.move)` for each move of each node, `E(player)` for each player.
    /// (Measures given a type, `P(event | player = type)`, are built from these.)
    pub fn measure_names(&self) -> Vec<String> {
        let m = &self.model;
        let outcomes = m.outcomes.iter().map(|o| format!("P({})", o.name));
        let moves = m.nodes.iter().flat_map(|n| {
            n.moves
                .iter()
                .map(move |mv| format!("P({}.{})", n.name, mv.name))
        });
        let players = m.players.iter().map(|p| format!("E({})", p.key));
        outcomes.chain(moves).chain(players).collect()
    }

    /// The game at the given parameter values (exact). Fails, with the formula's place, if a
    /// probability leaves [0, 1], chance probabilities do not add up to 1, or a formula cannot
    /// be evaluated (division by zero).
    pub fn instantiate(&self, values: &[Rational]) -> Result<Tree, Box<Diagnostic>> {
        if values.len() != self.model.params.len() {
            return Err(Box::new(
                Diagnostic::error(
                    "S041",
                    format!(
                        "{} parameter values given for {} parameters",
                        values.len(),
                        self.model.params.len()
                    ),
                )
                .hint("start from `param_values`, which fills in the defaults"),
            ));
        }
        let mut tree = self.tree.clone();
        for (o, slots) in self.payoff_slots.iter().enumerate() {
            for (p, f) in slots.iter().enumerate() {
                tree.outcomes[o].payoffs[p] = f.formula.eval(values).map_err(|e| {
                    located(
                        self,
                        f,
                        format!("`{}` cannot be evaluated: {e}", f.text),
                        None,
                        "S022",
                    )
                })?;
            }
        }
        for (infoset, slots) in &self.prob_slots {
            let mut total = Rational::zero();
            for (a, f) in slots.iter().enumerate() {
                let v = f.formula.eval(values).map_err(|e| {
                    located(
                        self,
                        f,
                        format!("`{}` cannot be evaluated: {e}", f.text),
                        None,
                        "S022",
                    )
                })?;
                if v.is_negative() || v > Rational::one() {
                    return Err(Box::new(located(self, f, format!("the probability `{}` is {v}, outside [0, 1], at these parameter values", f.text), None, "S021")));
                }
                total += &v;
                tree.infosets[*infoset].probs[a] = v;
            }
            if !total.is_one() {
                let f = &slots[0];
                return Err(Box::new(located(self, f, format!("the probabilities at `{}` add up to {total}, not 1, at these parameter values", tree.infosets[*infoset].label), None, "S021")));
            }
        }
        Ok(tree)
    }

    /// Fast floating-point evaluation for sweeps: each tree outcome's payoffs and each chance
    /// information set's probabilities (in the order of [`CompiledScenario::chance_infosets`]).
    pub fn evaluate_f64(&self, values: &[f64]) -> (Vec<Vec<f64>>, Vec<Vec<f64>>) {
        let payoffs = self
            .payoff_slots
            .iter()
            .map(|s| s.iter().map(|f| f.formula.eval_f64(values)).collect())
            .collect();
        let probs = self
            .prob_slots
            .iter()
            .map(|(_, s)| s.iter().map(|f| f.formula.eval_f64(values)).collect())
            .collect();
        (payoffs, probs)
    }

    /// The chance information sets whose probabilities [`CompiledScenario::evaluate_f64`] returns.
    pub fn chance_infosets(&self) -> Vec<usize> {
        self.prob_slots.iter().map(|(i, _)| *i).collect()
    }
}

/// Kept for symmetry with [`Formula::constant`] users in tests.
pub(crate) fn _constant(v: Rational) -> Formula {
    Formula::constant(v)
}
