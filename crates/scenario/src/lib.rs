//! The scenario language: a crisis written in TOML, compiled into a game, solved, and told
//! back in the scenario's own words.
//!
//! # Pipeline
//! [`load`] reads a file (and what it `extends`), checks everything - the base scenario and
//! every variant - and returns a [`Scenario`] or *all* the [`Diagnostic`]s at once, each with
//! file, line, column, a stable code (`S013`) and a hint. [`Scenario::compile`] turns a variant
//! into a [`CompiledScenario`]: the game tree's structure with a formula bound to every payoff
//! and chance probability; [`CompiledScenario::instantiate`] evaluates them at a parameter
//! point (exactly, in rationals) and returns a [`brink_game::Tree`]. [`analyze`] compiles,
//! solves with an exact sequential-equilibrium method, verifies, and describes the result as
//! an [`Answer`] (plain prose through `Display`, JSON through serde).
//!
//! # The language
//! ```toml
//! title = "Would NATO defend Latvia?"
//! about = "..."
//! extends = "other.toml"   # optional: this file patches that one
//! root = "start"           # optional: else the node named `start`, else the first node
//! assume = ["war_cost_resolute < abandon"]  # optional: stated assumptions (see below)
//!
//! [params]                 # numbers or booleans, with default, optional range, meaning
//! p_resolute = { value = 0.6, range = [0, 1], about = "..." }
//! tripwire = { value = false, about = "..." }
//! stake = 3                # shorthand: a value only
//! war_cost_resolute = { value = 6, range = [0, 100] }
//! abandon = { value = 8, range = [0, 40] }
//!
//! [players.russia]
//! name = "Russia"
//! [players.nato]           # private types with priors (formulas); several players may have them
//! types = { resolute = "p_resolute", irresolute = "1 - p_resolute" }
//!
//! [nodes.start]            # a decision: player and moves, each to a node or an outcome
//! player = "russia"
//! moves = { invade = "nato_reply", hold = "status_quo" }
//! [nodes.battle]           # a chance node: probabilities (formulas) and moves, same names
//! chance = { win = "p_win", lose = "1 - p_win" }
//! moves = { win = "victory", lose = "defeat" }
//!
//! [outcomes]               # a payoff per player: a number, a formula, or cases by type
//! war = { russia = "-war_cost", nato = { resolute = "-war_cost / 2", irresolute = "-war_cost" } }
//!
//! # an outcome reported under a name that depends on a player's type: answers list `war`
//! # and `nato_folds`; `P(escalation)` measures both, `P(war)` one
//! escalation = { name = { resolute = "war", irresolute = "nato_folds" }, russia = 0, nato = 0 }
//!
//! [variants.tripwire]      # patches: params, players, nodes, outcomes (merged key by key)
//! params.tripwire = true
//! [variants.automatic]
//! nodes.nato_reply = { forced = "defend" }  # a commitment device: the only move left
//!
//! [[claims]]
//! says = "Tripwire troops deter invasion"
//! compare = ["tripwire", "base"]
//! measure = "P(start.invade)"   # P(outcome), P(node.move) or E(player)
//! expect = "lower"
//! over = { p_resolute = [0, 1] }
//! ```
//! Node keys: `player` or `chance`, `moves`, `forced`, `info` (a named information set),
//! `hidden` (`true` or a list of players who do not see the move made here), `remove` (moves
//! to drop, for variants), `about`. A patch table with `replace = true` replaces instead of
//! merging. Cases by type name the types of one player (`resolute`, or `nato.resolute` when
//! two players share a type name) and may nest for two players' types.
//!
//! **Information.** A player knows its own type, not the others'; at a decision it has seen
//! every earlier move except those `hidden` from it, and it remembers its own moves. Tree nodes
//! of one scenario node that agree on all that are one information set. Nodes sharing an
//! `info` name form one information set per mover type and per history of the mover's own
//! moves (perfect recall by construction): this is how simultaneous moves are written.
//!
//! **Assumptions.** `assume` lists boolean formulas of the parameters that the scenario takes
//! for granted (`"war_cost_resolute < abandon"`: a resolute president would rather fight than
//! abandon a member). They are parsed and checked like every formula, with located errors (a
//! formula that is a number, not a condition, is error S032); defaults that break one get a
//! warning (S028). Solving a point does not look at them: `brink claims --robust` samples
//! only points that satisfy every assumption of both variants it compares (rejecting the
//! others and reporting the share it kept). The list belongs to the scenario, not to a
//! variant; a file that `extends` another and gives its own `assume` replaces the list.
//!
//! **Claims and `extends`.** A scenario file's claims are its own `[[claims]]`. A file that
//! `extends` another and states claims is checked on those alone: the parent's are checked
//! with the parent, and repeating them under the child would count each twice. A file that
//! extends another and states no claims inherits the parent's, so a file that only changes
//! numbers re-checks the parent's arguments under those numbers. Whether a file is a scenario
//! or a claims file is decided from its keys ([`file_kind`]): any key only a scenario has
//! (`extends`, `params`, `nodes`, ...) makes it a scenario, and its errors are reported as a
//! scenario's.
//!
//! **Formulas** read parameters only: numbers (decimals are exact), `+ - * / ^`, comparisons,
//! `and or not`, `min max abs`, `if c then a else b`. They are parsed once; evaluation is exact
//! over rationals for the game, and a compiled stack program gives `f64` values for sweeps.
//!
//! Chance probabilities, like payoffs, may be split by type:
//! `chance = { coup = { secure = "0", precarious = "p_coup" }, survive = { ... } }`; they are
//! checked to add up to 1 for every combination of the types they depend on.
//!
//! **Limits of this version.** Types are drawn independently (one prior per typed player);
//! payoffs sit on outcomes, so a payoff that depends on the path must be a distinct outcome.
//!
//! **Solution.** See [`analyze`]: sequential equilibria (Kreps & Wilson 1982) found by
//! `brink_solve::sequential`: exact support enumeration of the agent form, beliefs by Bayes'
//! rule on the path and, off it, every belief some sequence of trembles produces (searched as
//! unknowns, reported as ranges), each equilibrium verified exactly against its consistency
//! certificate. When there are several, the one nearest the logit-QRE limit is presented
//! first; when the search cannot decide every case, another route gives one equilibrium and
//! the answer says the list is not complete. [`Answer::summary`] tells the equilibria in a few
//! sentences, grouped by outcome.
//!
//! **Claims.** [`load_claims`] reads a claims file; [`check_claim`] evaluates a claim on a grid
//! of its parameter ranges and counts where it holds, ties and fails. A claim over one
//! parameter is better judged on intervals with exact ends, by `brink_sweep::check_claim_range`.
#![deny(missing_docs)]

mod answer;
mod claims;
mod codes;
mod compile;
mod diag;
mod formula;
mod model;
mod scenario;
mod summary;

mod value;

pub use answer::{
    analyze, analyze_compiled, point_numbers, Answer, Belief, Decision, EquilibriumReport,
    OutcomeProbability, ParamValue, PlayerPayoff, PointNumbers, Value,
};
pub use brink_solve::sequential::SUPPORT_LIMIT;
pub use claims::{check_claim, check_claim_with, load_claims, ClaimPoint, ClaimVerdict};
pub use codes::{code_page, CodePage, CODES};
pub use compile::{CompiledScenario, NODE_LIMIT};
pub use diag::{
    did_you_mean, suggestion_hint, Diagnostic, DiagnosticJson, Label, Severity, SourceFile,
    SOURCE_LIMIT,
};
pub use model::Param;
pub use scenario::{
    file_kind, load, parse_str, Claim, Direction, FileKind, Measure, PlayerInfo, Scenario,
    VariantInfo, BASE,
};
pub use summary::{wrap, Kind, Summary};
