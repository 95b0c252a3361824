//! The scenario language: a crisis written in TOML, compiled into a game.
#![deny(missing_docs)]
#![allow(dead_code)]
mod answer;
mod claims;
mod compile;
mod diag;
mod formula;
mod model;
mod scenario;
mod solver;
mod value;
pub use answer::{
    analyze, analyze_compiled, Answer, Belief, Decision, EquilibriumReport, OutcomeProbability,
    ParamValue, PlayerPayoff, Value,
};
pub use claims::load_claims;
pub use compile::{CompiledScenario, NODE_LIMIT};
pub use diag::{Diagnostic, DiagnosticJson, Label, Severity, SourceFile};
pub use model::Param;
pub use scenario::{
    load, parse_str, Claim, Direction, Measure, PlayerInfo, Scenario, VariantInfo, BASE,
};
