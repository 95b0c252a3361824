//! Refinements of sequential equilibria in sender–receiver (signalling) games: the intuitive
//! criterion (Cho & Kreps 1987) and D1 (Cho & Kreps 1987; Banks & Sobel 1987).
//!
//! Both are defined for games in which chance draws the sender's type, the sender (who knows
//! it) sends a message, and the receiver (who sees the message, not the type) responds, which
//! ends the game. Elsewhere they are refused with a message saying why.
//!
//! For an equilibrium with type payoffs u*(t) and a message m nobody sends:
//! - *intuitive criterion*: J(m) holds the types for whom m is equilibrium-dominated (u*(t)
//!   exceeds what m gives against every best reply to every belief). The equilibrium fails if
//!   some type t' gets more than u*(t') from m against every best reply to every belief on the
//!   types outside J(m);
//! - *D1*: over the receiver's mixed best replies to beliefs on all types, let D(t) be the
//!   replies that make t weakly better off by sending m. Type t is removed when another type
//!   t' is *strictly* better off at every reply in D(t) (and D(t) is not empty for t' alone).
//!   The equilibrium fails if no best reply to a belief on the remaining types keeps every type
//!   from sending m.
//!
//! Best replies are sets of receiver actions that are all optimal at one belief; each such
//! set and each test is an exact linear program (`lpq`).

use brink_game::{NodeKind, Player, Tree, Q};
use num_traits::{One, Zero};

use super::lpq::{maximize, Lp, Row, Sense};
use super::Component;

/// A refinement of sequential equilibrium.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Refinement {
    /// The intuitive criterion (Cho & Kreps 1987).
    Intuitive,
    /// The D1 criterion (Cho & Kreps 1987; Banks & Sobel 1987).
    D1,
}

impl Refinement {
    /// The name on the command line and in JSON.
    pub fn name(self) -> &'static str {
        match self {
            Refinement::Intuitive => "intuitive",
            Refinement::D1 => "d1",
        }
    }
}

/// What a refinement says of one component.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verdict {
    /// Whether the component survives.
    pub survives: bool,
    /// Why it fails (message and type), in words; empty when it survives.
    pub reason: String,
}

/// The signalling structure of a tree.
struct Signalling {
    sender: usize,
    types: Vec<String>,
    messages: Vec<String>,
    /// Per type, the sender's node.
    type_node: Vec<usize>,
    /// Per message and type, the node after the message.
    reply_node: Vec<Vec<usize>>,
    actions: Vec<Vec<String>>,
    /// Per message, type and receiver action: (sender payoff, receiver payoff).
    pay: Vec<Vec<Vec<(Q, Q)>>>,
}

fn structure(tree: &Tree) -> Result<Signalling, String> {
    let refuse = |why: &str| {
        Err(format!(
            "the intuitive criterion and D1 are defined for sender–receiver games (chance draws \
             the sender's type, the sender sends a message, the receiver responds and the game \
             ends); this game is not one: {why}"
        ))
    };
    let root = &tree.nodes[0];
    let NodeKind::Chance(c) = root.kind else {
        return refuse("the first move is not chance's draw of a type");
    };
    let types: Vec<String> = tree.infosets[c].actions.clone();
    let mut sender = None;
    let mut type_node = Vec::new();
    let mut messages: Option<Vec<String>> = None;
    for &x in &root.children {
        let NodeKind::Personal(i) = tree.nodes[x].kind else {
            return refuse("after the type is drawn, the sender must move");
        };
        let Player::Personal(p) = tree.infosets[i].player else {
            return refuse("after the type is drawn, the sender must move");
        };
        if sender.is_some_and(|s| s != p) || tree.infosets[i].members.len() != 1 {
            return refuse("each type of one sender must move at its own information set");
        }
        sender = Some(p);
        if messages
            .as_ref()
            .is_some_and(|m| *m != tree.infosets[i].actions)
        {
            return refuse("every type must have the same messages");
        }
        messages = Some(tree.infosets[i].actions.clone());
        type_node.push(x);
    }
    let (Some(sender), Some(messages)) = (sender, messages) else {
        return refuse("there is no sender");
    };
    let leaf = tree.accumulated_payoffs_q();
    let mut receiver = None;
    let mut reply_node = Vec::new();
    let mut actions = Vec::new();
    let mut pay = Vec::new();
    for m in 0..messages.len() {
        let nodes: Vec<usize> = type_node
            .iter()
            .map(|&x| tree.nodes[x].children[m])
            .collect();
        // A message that ends the game at once: one pseudo-reply, nothing to believe.
        if nodes
            .iter()
            .all(|&y| tree.nodes[y].kind == NodeKind::Terminal)
        {
            actions.push(vec!["(the game ends)".to_string()]);
            pay.push(
                nodes
                    .iter()
                    .map(|&y| vec![(leaf[y][sender].clone(), Q::zero())])
                    .collect(),
            );
            reply_node.push(nodes);
            continue;
        }
        let mut set = None;
        let mut per_type = Vec::new();
        for &y in &nodes {
            let NodeKind::Personal(i) = tree.nodes[y].kind else {
                return refuse("after a message the receiver must move");
            };
            let Player::Personal(r) = tree.infosets[i].player else {
                return refuse("after a message the receiver must move");
            };
            if r == sender || receiver.is_some_and(|q| q != r) || set.is_some_and(|s| s != i) {
                return refuse("one receiver must see each message, and not the type");
            }
            receiver = Some(r);
            set = Some(i);
            let mut row = Vec::new();
            for &z in &tree.nodes[y].children {
                if tree.nodes[z].kind != NodeKind::Terminal {
                    return refuse("the receiver's response must end the game");
                }
                row.push((leaf[z][sender].clone(), leaf[z][r].clone()));
            }
            per_type.push(row);
        }
        let Some(set) = set else {
            return refuse("there is no type");
        };
        if tree.infosets[set].members.len() != nodes.len() {
            return refuse(
                "the receiver's information set after a message must hold one node per type",
            );
        }
        reply_node.push(nodes);
        actions.push(tree.infosets[set].actions.clone());
        pay.push(per_type);
    }
    if receiver.is_none() {
        return refuse("there is no receiver");
    }
    Ok(Signalling {
        sender,
        types,
        messages,
        type_node,
        reply_node,
        actions,
        pay,
    })
}

/// Whether some belief over `types` makes every action of `cell` a best reply at message `m`.
fn best_reply_cell(s: &Signalling, m: usize, types: &[usize], cell: &[usize]) -> bool {
    let k = types.len();
    if k == 0 {
        return false;
    }
    let recv = |t: usize, a: usize| s.pay[m][t][a].1.clone();
    let mut rows = vec![Row {
        coef: vec![Q::one(); k],
        sense: Sense::Eq,
        rhs: Q::one(),
    }];
    let a0 = cell[0];
    for b in 0..s.actions[m].len() {
        if b == a0 {
            continue;
        }
        let coef: Vec<Q> = types.iter().map(|&t| &recv(t, a0) - &recv(t, b)).collect();
        let sense = if cell.contains(&b) {
            Sense::Eq
        } else {
            Sense::Ge
        };
        rows.push(Row {
            coef,
            sense,
            rhs: Q::zero(),
        });
    }
    matches!(maximize(k, &rows, &vec![Q::zero(); k]), Lp::Optimal(..))
}

/// Every set of receiver actions that are jointly optimal at some belief over `types`.
fn cells(s: &Signalling, m: usize, types: &[usize]) -> Vec<Vec<usize>> {
    let n = s.actions[m].len();
    (1u32..(1 << n.min(16)))
        .map(|mask| (0..n).filter(|a| mask & (1 << a) != 0).collect::<Vec<_>>())
        .filter(|cell| best_reply_cell(s, m, types, cell))
        .collect()
}

/// Type t's gain from m over u*(t) at mixed reply r (over `cell`), as a linear row.
fn gain_row(s: &Signalling, m: usize, t: usize, cell: &[usize], star: &Q) -> (Vec<Q>, Q) {
    let coef = cell.iter().map(|&a| s.pay[m][t][a].0.clone()).collect();
    (coef, star.clone())
}

/// The extreme of type t's payoff from m over mixed replies in `cell`, subject to extra rows.
fn extreme(coef: &[Q], extra: &[Row], maximise: bool) -> Option<Q> {
    let k = coef.len();
    let mut rows = vec![Row {
        coef: vec![Q::one(); k],
        sense: Sense::Eq,
        rhs: Q::one(),
    }];
    rows.extend_from_slice(extra);
    let obj: Vec<Q> = if maximise {
        coef.to_vec()
    } else {
        coef.iter().map(|c| -c).collect()
    };
    match maximize(k, &rows, &obj) {
        Lp::Optimal(_, v) => Some(if maximise { v } else { -v }),
        _ => None,
    }
}

/// Applies a refinement to every component. `Err` when the game is not a signalling game.
pub fn refine(
    tree: &Tree,
    components: &[Component],
    which: Refinement,
) -> Result<Vec<Verdict>, String> {
    let s = structure(tree)?;
    let all: Vec<usize> = (0..s.types.len()).collect();
    let mut out = Vec::new();
    for c in components {
        let star: Vec<Q> = s
            .type_node
            .iter()
            .map(|&x| Q::from_rational(&c.witness.values[x][s.sender]))
            .collect();
        let mut verdict = Verdict {
            survives: true,
            reason: String::new(),
        };
        for m in 0..s.messages.len() {
            let reached = s.reply_node[m]
                .iter()
                .any(|&y| !c.witness.reach[y].is_zero());
            if reached {
                continue;
            }
            let failure = match which {
                Refinement::Intuitive => intuitive(&s, m, &all, &star),
                Refinement::D1 => d1(&s, m, &all, &star),
            };
            if let Some(why) = failure {
                verdict = Verdict {
                    survives: false,
                    reason: why,
                };
                break;
            }
        }
        out.push(verdict);
    }
    Ok(out)
}

/// `Some(reason)` when the equilibrium fails the intuitive criterion at message m.
fn intuitive(s: &Signalling, m: usize, all: &[usize], star: &[Q]) -> Option<String> {
    let full = cells(s, m, all);
    // J: types for whom m is equilibrium-dominated.
    let dominated: Vec<usize> = all
        .iter()
        .copied()
        .filter(|&t| {
            full.iter().all(|cell| {
                let (coef, _) = gain_row(s, m, t, cell, &star[t]);
                extreme(&coef, &[], true).is_some_and(|best| best < star[t])
            })
        })
        .collect();
    let rest: Vec<usize> = all
        .iter()
        .copied()
        .filter(|t| !dominated.contains(t))
        .collect();
    if rest.is_empty() {
        return None;
    }
    let restricted = cells(s, m, &rest);
    for &t in all {
        let worst = restricted
            .iter()
            .filter_map(|cell| {
                let (coef, _) = gain_row(s, m, t, cell, &star[t]);
                extreme(&coef, &[], false)
            })
            .min()?;
        if worst > star[t] {
            let names: Vec<&str> = dominated.iter().map(|&d| s.types[d].as_str()).collect();
            return Some(format!(
                "after the unsent message \"{}\", the {} type would gain by sending it whatever \
                 the receiver replies to any belief that excludes the types for whom it cannot \
                 pay ({})",
                s.messages[m],
                s.types[t],
                if names.is_empty() {
                    "none".to_string()
                } else {
                    names.join(", ")
                }
            ));
        }
    }
    None
}

/// `Some(reason)` when the equilibrium fails D1 at message m.
fn d1(s: &Signalling, m: usize, all: &[usize], star: &[Q]) -> Option<String> {
    let full = cells(s, m, all);
    // For types t and u: is u strictly better off at every reply where t is weakly better off?
    let contained = |t: usize, u: usize| -> bool {
        full.iter().all(|cell| {
            let (ct, _) = gain_row(s, m, t, cell, &star[t]);
            let (cu, _) = gain_row(s, m, u, cell, &star[u]);
            // Minimise u's payoff over replies in the cell where t gains weakly.
            let weak = Row {
                coef: ct,
                sense: Sense::Ge,
                rhs: star[t].clone(),
            };
            match extreme(&cu, &[weak], false) {
                None => true, // t never gains weakly in this cell
                Some(low) => low > star[u],
            }
        })
    };
    let removed: Vec<usize> = all
        .iter()
        .copied()
        .filter(|&t| all.iter().any(|&u| u != t && contained(t, u)))
        .collect();
    let rest: Vec<usize> = all
        .iter()
        .copied()
        .filter(|t| !removed.contains(t))
        .collect();
    if rest.is_empty() {
        return None;
    }
    // Survives if some best reply to a belief on the remaining types deters every type.
    let deterred = cells(s, m, &rest).iter().any(|cell| {
        let rows: Vec<Row> = all
            .iter()
            .map(|&t| {
                let (coef, rhs) = gain_row(s, m, t, cell, &star[t]);
                Row {
                    coef,
                    sense: Sense::Le,
                    rhs,
                }
            })
            .collect();
        let k = cell.len();
        let mut all_rows = vec![Row {
            coef: vec![Q::one(); k],
            sense: Sense::Eq,
            rhs: Q::one(),
        }];
        all_rows.extend(rows);
        matches!(maximize(k, &all_rows, &vec![Q::zero(); k]), Lp::Optimal(..))
    });
    if deterred {
        return None;
    }
    let names: Vec<&str> = removed.iter().map(|&d| s.types[d].as_str()).collect();
    Some(format!(
        "after the unsent message \"{}\", D1 puts no belief on the {} type{} (another type gains \
         from it whenever {} does), and no reply to the remaining beliefs keeps every type from \
         sending it",
        s.messages[m],
        names.join(", "),
        if names.len() == 1 { "" } else { "s" },
        if names.len() == 1 { "it" } else { "they" }
    ))
}
