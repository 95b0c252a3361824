//! JSON forms of solver results, as the oracles' schema has them.

use brink_solve::{Equilibrium, Number, Profile};
use serde_json::{json, Value};

/// An exact number as a string `"p/q"` (or `"n"`), a float as a JSON number.
pub fn number(n: &Number) -> Value {
    match n {
        Number::Exact(r) => Value::String(r.to_string()),
        Number::Float(x) if x.is_finite() => json!(x),
        Number::Float(x) => Value::String(x.to_string()),
    }
}

fn numbers(ns: &[Number]) -> Value {
    Value::Array(ns.iter().map(number).collect())
}

/// One equilibrium: `behavior` or `strategy`, `payoffs`, `max_regret`, and `beliefs` on trees.
pub fn equilibrium(eq: &Equilibrium) -> Value {
    let mut out = serde_json::Map::new();
    match &eq.profile {
        Profile::Behavior(b) => {
            let b: Vec<Value> = b
                .iter()
                .map(|player| Value::Array(player.iter().map(|i| numbers(i)).collect()))
                .collect();
            out.insert("behavior".into(), Value::Array(b));
        }
        Profile::Strategy(s) => {
            out.insert(
                "strategy".into(),
                Value::Array(s.iter().map(|p| numbers(p)).collect()),
            );
        }
    }
    out.insert("payoffs".into(), numbers(&eq.payoffs));
    out.insert("max_regret".into(), json!(eq.max_regret.to_f64()));
    if let Some(beliefs) = &eq.beliefs {
        let b: Vec<Value> = beliefs
            .iter()
            .map(|player| Value::Array(player.iter().map(|i| numbers(i)).collect()))
            .collect();
        out.insert("beliefs".into(), Value::Array(b));
    }
    Value::Object(out)
}
