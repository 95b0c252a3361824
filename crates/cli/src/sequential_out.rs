//! `brink solve --method sequential`: the components of the sequential-equilibrium set, with
//! the ranges of their free probabilities and beliefs, in text and JSON.

use brink_game::{rational_to_f64, Rational, Tree};
use brink_solve::sequential::{Component, Interval, Route, SequentialSolution};
use serde_json::{json, Value};

/// The route's name in JSON and text.
pub fn route_name(route: Route) -> &'static str {
    match route {
        Route::Enumeration => "enumeration",
        Route::BackwardInduction => "backward-induction",
        Route::LogitLimit => "logit-limit",
        _ => "other",
    }
}

/// A sentence on what the list covers.
pub fn coverage(s: &SequentialSolution) -> String {
    if s.complete {
        format!(
            "complete: every one of the {} support profiles and every tremble pattern was \
             decided exactly",
            s.supports_total
        )
    } else {
        format!("not complete: {}", s.gaps.join("; "))
    }
}

fn exact(r: &Rational) -> Value {
    json!(r.to_string())
}

fn intervals(set: &[Interval]) -> Value {
    Value::Array(
        set.iter()
            .map(|i| {
                json!({
                    "low": i.low.to_string(), "high": i.high.to_string(),
                    "low_f64": rational_to_f64(&i.low), "high_f64": rational_to_f64(&i.high),
                })
            })
            .collect(),
    )
}

/// Per player, per information set (in `Tree::player_infosets` order), `f` of the set.
fn by_player(tree: &Tree, f: impl Fn(usize) -> Value) -> Value {
    Value::Array(
        tree.player_infosets()
            .iter()
            .map(|sets| Value::Array(sets.iter().map(|&h| f(h)).collect()))
            .collect(),
    )
}

/// One component as JSON. Layout `[player][information set][action or member]`, as in the
/// `equilibria` of every method.
pub fn component_json(tree: &Tree, c: &Component) -> Value {
    let w = &c.witness;
    let ranges = |rows: &Vec<Vec<Vec<Interval>>>, h: usize| -> Value {
        match rows.get(h) {
            Some(row) => Value::Array(row.iter().map(|set| intervals(set)).collect()),
            None => Value::Null,
        }
    };
    json!({
        "certified": c.certified,
        "max_regret": c.max_regret,
        "exact_ranges": c.exact_ranges,
        "pieces": c.pieces,
        "behavior": by_player(tree, |h| Value::Array(w.behavior[h].iter().map(exact).collect())),
        "beliefs": by_player(tree, |h| Value::Array(w.beliefs[h].iter().map(exact).collect())),
        "payoffs": w.values.first().map(|v| v.iter().map(exact).collect::<Vec<_>>()),
        "outcomes": tree.nodes.iter().enumerate()
            .filter(|(i, n)| n.children.is_empty() && !w.reach[*i].is_zero_value())
            .map(|(i, n)| json!({"node": i, "label": n.label, "probability": w.reach[i].to_string()}))
            .collect::<Vec<_>>(),
        "behavior_ranges": by_player(tree, |h| ranges(&c.behavior_ranges, h)),
        "belief_ranges": by_player(tree, |h| ranges(&c.belief_ranges, h)),
        "certificate": c.certificate.as_ref().map(|cert| json!({
            "orders": by_player(tree, |h| json!(cert.orders[h])),
            "weights": by_player(tree, |h| Value::Array(cert.weights[h].iter().map(exact).collect())),
        })),
    })
}

trait IsZero {
    fn is_zero_value(&self) -> bool;
}

impl IsZero for Rational {
    fn is_zero_value(&self) -> bool {
        num_traits::Zero::is_zero(self)
    }
}

/// The whole answer as JSON.
pub fn solution_json(tree: &Tree, s: &SequentialSolution, seconds: f64) -> Value {
    json!({
        "method": "sequential",
        "status": s.status.name(),
        "complete": s.complete,
        "coverage": coverage(s),
        "gaps": s.gaps,
        "route": route_name(s.route),
        "supports_total": s.supports_total.to_string(),
        "supports_visited": s.supports_visited.to_string(),
        "removed_actions": s.removed_actions,
        "seconds": seconds,
        "components": s.components.iter().map(|c| component_json(tree, c)).collect::<Vec<_>>(),
    })
}

fn show(set: &[Interval]) -> String {
    set.iter()
        .map(|i| {
            if i.low == i.high {
                i.low.to_string()
            } else {
                format!("[{}, {}]", i.low, i.high)
            }
        })
        .collect::<Vec<_>>()
        .join(" or ")
}

fn set_name(tree: &Tree, h: usize) -> String {
    let info = &tree.infosets[h];
    if info.label.is_empty() {
        format!("information set {}", info.number)
    } else {
        format!("\"{}\"", info.label)
    }
}

/// The answer as text: each component's behaviour, with ranges where a probability or belief
/// is free over the component.
pub fn print(tree: &Tree, s: &SequentialSolution, seconds: f64) {
    let k = s.components.len();
    println!(
        "{}: sequential ({k} component{}, {:.3} s, status {})",
        tree.title,
        if k == 1 { "" } else { "s" },
        seconds,
        s.status.name()
    );
    println!("  {}", coverage(s));
    for (i, c) in s.components.iter().enumerate() {
        let tag = if c.certified {
            "certified: exact regret 0, beliefs from its tremble certificate".to_string()
        } else {
            format!(
                "approximate: regret {:.3e}, beliefs not certified",
                c.max_regret
            )
        };
        println!("component {} ({tag}):", i + 1);
        for (p, sets) in tree.player_infosets().iter().enumerate() {
            println!("  {}:", tree.players[p]);
            for &h in sets {
                let info = &tree.infosets[h];
                let moves: Vec<String> = info
                    .actions
                    .iter()
                    .enumerate()
                    .map(|(a, name)| {
                        let x = &c.witness.behavior[h][a];
                        match c.behavior_ranges.get(h).map(|r| &r[a]) {
                            Some(set) if !(set.len() == 1 && set[0].low == set[0].high) => {
                                if set.is_empty() {
                                    format!("{name} {x} (range not computed)")
                                } else {
                                    format!("{name} {} (e.g. {x})", show(set))
                                }
                            }
                            _ => format!("{name} {x}"),
                        }
                    })
                    .collect();
                println!("    at {}: {}", set_name(tree, h), moves.join(", "));
                if info.members.len() > 1 {
                    let beliefs: Vec<String> = info
                        .members
                        .iter()
                        .enumerate()
                        .map(|(m, &x)| {
                            let label = if tree.nodes[x].label.is_empty() {
                                format!("node {}", m + 1)
                            } else {
                                tree.nodes[x].label.clone()
                            };
                            let b = &c.witness.beliefs[h][m];
                            match c.belief_ranges.get(h).map(|r| &r[m]) {
                                Some(set) if set.is_empty() => {
                                    format!("{label} {b} (range not computed)")
                                }
                                Some(set) if !(set.len() == 1 && set[0].low == set[0].high) => {
                                    format!("{label} {} (e.g. {b})", show(set))
                                }
                                _ => format!("{label} {b}"),
                            }
                        })
                        .collect();
                    println!("      believes: {}", beliefs.join(", "));
                }
            }
        }
        if let Some(v) = c.witness.values.first() {
            let v: Vec<String> = v.iter().map(|x| x.to_string()).collect();
            println!("  payoffs (at the example point): {}", v.join(", "));
        }
    }
}
