//! The equilibria in a few sentences: what a reader takes away before the tables.
//!
//! Each equilibrium is told as what happens on the path of play (who chooses what, and the
//! outcome), what each side would do off the path, and the beliefs that hold it up. Equilibria
//! with the same outcome distribution are one *kind*: they differ only off the path, so a
//! reader of the news would not tell them apart. The sentences use the scenario's own names:
//! players' display names, type names, move and outcome names (underscores read as spaces).

use serde::Serialize;

use crate::answer::{Answer, Belief, Decision, EquilibriumReport, Value};

/// The equilibria told briefly: a headline and one sentence per kind of equilibrium.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Summary {
    /// How many equilibria, of how many kinds, and whether the list is complete.
    pub headline: String,
    /// The kinds, in the order their first equilibrium is listed (the selected one first).
    pub kinds: Vec<Kind>,
}

/// Equilibria with one outcome distribution.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Kind {
    /// The equilibria of this kind, numbered as in the answer (1 is the one shown first).
    pub equilibria: Vec<usize>,
    /// The outcomes that occur, with their probabilities (at the point shown).
    pub outcomes: Vec<(String, Value)>,
    /// Whether a probability on the path is free in this set, so that the outcome
    /// probabilities vary inside it (those given are the point shown's).
    pub continuum: bool,
    /// The first of them in words: the path, the outcome, what would happen off the path,
    /// and the beliefs that support it.
    pub sentence: String,
}

/// Builds the summary of an answer (after any refinement).
pub(crate) fn summarize(answer: &Answer) -> Summary {
    let reports: Vec<&EquilibriumReport> = std::iter::once(&answer.equilibrium)
        .chain(answer.others.iter())
        .collect();
    let mut kinds: Vec<Kind> = Vec::new();
    for (i, r) in reports.iter().enumerate() {
        let outcomes: Vec<(String, Value)> = r
            .outcomes
            .iter()
            .filter(|o| o.probability.value > 0.0 || o.probability.exact != "0")
            .map(|o| (o.outcome.clone(), o.probability.clone()))
            .collect();
        if let Some(k) = kinds.iter_mut().find(|k| k.outcomes == outcomes) {
            k.equilibria.push(i + 1);
        } else {
            kinds.push(Kind {
                equilibria: vec![i + 1],
                sentence: tell(answer, r, &outcomes),
                outcomes,
                continuum: r
                    .decisions
                    .iter()
                    .any(|d| d.reached.value > 0.0 && !d.free.is_empty()),
            });
        }
    }
    let mut headline = headline(answer, reports.len(), kinds.len());
    let continua = kinds.iter().filter(|k| k.continuum).count();
    if continua > 0 {
        headline.push_str(&match (continua, reports.len()) {
            (1, 1) => " It is a continuum: its outcome probabilities vary inside it.".to_string(),
            (1, _) => " One of them is a continuum whose outcome probabilities vary.".to_string(),
            (c, _) => format!(" {c} of them are continua whose outcome probabilities vary."),
        });
    }
    Summary { headline, kinds }
}

fn headline(answer: &Answer, n: usize, kinds: usize) -> String {
    let count = match n {
        1 => "One equilibrium".to_string(),
        _ if kinds == 1 => format!(
            "{n} equilibria, all with the same outcome (they differ only off the path of play)"
        ),
        _ if kinds == n => format!("{n} equilibria, each with its own outcome"),
        _ => format!("{n} equilibria, of {kinds} kinds by outcome"),
    };
    let approximate = answer.verification.starts_with("approximate");
    let approx = if approximate {
        ", found approximately and not certified"
    } else {
        ""
    };
    if let Some(r) = &answer.refinement {
        let name = if r.name == "d1" {
            "D1"
        } else {
            "the intuitive criterion"
        };
        let removed = r.removed.len();
        return format!(
            "{count}{approx} survive{} {name}, which removed {removed}{}.",
            if n == 1 { "s" } else { "" },
            if answer.search_complete {
                ""
            } else {
                "; the list before refining was not complete"
            }
        );
    }
    if answer.search_complete {
        let others = if n == 1 {
            "so there is no other"
        } else {
            "so there are no others"
        };
        format!("{count}{approx}; the search covered every case, {others}.")
    } else {
        format!("{count} found{approx}; the list is not complete (see what was not covered).")
    }
}

/// A name as a reader says it: underscores as spaces.
fn words(name: &str) -> String {
    name.replace('_', " ")
}

/// A probability in a sentence: a short fraction as it is, a long one as a decimal.
fn num(v: &Value) -> String {
    if v.exact.contains('/') && v.exact.len() > 7 {
        format!("{:.3}", v.value)
    } else {
        v.exact.clone()
    }
}

/// `node: move` items as the moves alone (see `answer::short`), in words.
fn history(after: &[String]) -> String {
    after
        .iter()
        .map(|item| match item.split_once(": ") {
            Some((node, "?")) => format!("an unseen move at {}", words(node)),
            Some((_, m)) => words(m),
            None => words(item),
        })
        .collect::<Vec<_>>()
        .join(", then ")
}

fn player_name(answer: &Answer, key: &str) -> String {
    answer
        .equilibrium
        .payoffs
        .iter()
        .find(|p| p.player == key)
        .map_or(key.to_string(), |p| p.name.clone())
}

fn type_count(answer: &Answer, key: &str) -> usize {
    answer.compiled.as_ref().map_or(0, |c| {
        c.model
            .players
            .iter()
            .find(|p| p.key == key)
            .map_or(0, |p| p.types.len())
    })
}

/// `NATO`, `NATO, if resolute,`, `NATO, if hawk or dove,` or `NATO, whatever its type,`.
fn who(answer: &Answer, key: &str, types: &[Option<String>]) -> String {
    let name = player_name(answer, key);
    let named: Vec<&str> = types.iter().flatten().map(String::as_str).collect();
    if named.is_empty() {
        name
    } else if named.len() == type_count(answer, key) && named.len() > 1 {
        format!("{name}, whatever its type,")
    } else {
        format!("{name}, if {},", named.join(" or "))
    }
}

/// What a decision does, as a verb phrase (`chooses defend`, `would choose defend with …`).
fn behaviour(d: &Decision, on_path: bool) -> String {
    let played: Vec<&(String, Value)> = d.moves.iter().filter(|(_, p)| p.value > 0.0).collect();
    let verb = match (d.forced, on_path) {
        (true, true) => "is committed to",
        (true, false) => "would be committed to",
        (false, true) => "chooses",
        (false, false) => "would choose",
    };
    let mut text = match played.as_slice() {
        [(m, _)] => format!("{verb} {}", words(m)),
        _ => {
            let mixes: Vec<String> = played
                .iter()
                .map(|(m, p)| format!("{} with probability {}", words(m), num(p)))
                .collect();
            format!("{verb} {}", mixes.join(" and "))
        }
    };
    // The range of the move most likely in the witness (the others follow from it when
    // there are two moves).
    if let Some((m, lo, hi)) = d.free.iter().max_by(|a, b| a.2.value.total_cmp(&b.2.value)) {
        text.push_str(&format!(
            " ({} with any probability from {} to {} also supports it)",
            words(m),
            num(lo),
            num(hi)
        ));
    }
    text
}

/// Decisions that read alike for several of a player's types become one clause.
fn decision_clauses(answer: &Answer, decisions: &[&Decision], on_path: bool) -> Vec<String> {
    let mut groups: Vec<(&Decision, Vec<Option<String>>)> = Vec::new();
    for &d in decisions {
        let same = groups.iter_mut().find(|(g, _)| {
            g.player == d.player
                && g.node == d.node
                && g.after == d.after
                && g.moves == d.moves
                && g.free == d.free
                && g.forced == d.forced
        });
        match same {
            Some((_, types)) => types.push(d.r#type.clone()),
            None => groups.push((d, vec![d.r#type.clone()])),
        }
    }
    groups
        .into_iter()
        .map(|(d, types)| {
            let subject = who(answer, &d.player, &types);
            let clause = format!("{subject} {}", behaviour(d, on_path));
            if d.after.is_empty() {
                clause
            } else {
                format!("after {}, {clause}", history(&d.after))
            }
        })
        .collect()
}

fn belief_clauses(answer: &Answer, beliefs: &[&Belief]) -> Vec<String> {
    let mut groups: Vec<(&Belief, Vec<Option<String>>)> = Vec::new();
    for &b in beliefs {
        let same = groups.iter_mut().find(|(g, _)| {
            g.player == b.player
                && g.node == b.node
                && g.after == b.after
                && g.about == b.about
                && g.types == b.types
                && g.free == b.free
        });
        match same {
            Some((_, types)) => types.push(b.r#type.clone()),
            None => groups.push((b, vec![b.r#type.clone()])),
        }
    }
    groups
        .into_iter()
        .map(|(b, types)| {
            let subject = who(answer, &b.player, &types);
            let about = player_name(answer, &b.about);
            // With two types the first says it all.
            let shown = if b.types.len() == 2 {
                &b.types[..1]
            } else {
                &b.types[..]
            };
            let parts: Vec<String> = shown
                .iter()
                .map(|(t, v)| match b.free.iter().find(|(n, _, _)| n == t) {
                    Some((_, lo, hi)) if lo.exact == hi.exact => {
                        format!("{} with probability {}", words(t), num(lo))
                    }
                    Some((_, lo, hi)) => format!(
                        "{} with a probability anywhere from {} to {}",
                        words(t),
                        num(lo),
                        num(hi)
                    ),
                    None => format!("{} with probability {}", words(t), num(v)),
                })
                .collect();
            let when = if b.after.is_empty() {
                String::new()
            } else {
                format!("after {}, ", history(&b.after))
            };
            format!("{when}{subject} believes {about} is {}", parts.join(", "))
        })
        .collect()
}

/// One equilibrium in words.
fn tell(answer: &Answer, r: &EquilibriumReport, outcomes: &[(String, Value)]) -> String {
    let on: Vec<&Decision> = r
        .decisions
        .iter()
        .filter(|d| d.reached.value > 0.0)
        .collect();
    let off: Vec<&Decision> = r
        .decisions
        .iter()
        .filter(|d| d.reached.value == 0.0)
        .collect();
    let mut text = capitalise(&decision_clauses(answer, &on, true).join("; "));
    text.push_str(". ");
    match outcomes {
        [(o, _)] => text.push_str(&format!("Outcome: {} (certain).", words(o))),
        _ => {
            let list: Vec<String> = outcomes
                .iter()
                .map(|(o, p)| format!("{} {}", words(o), num(p)))
                .collect();
            text.push_str(&format!("Outcomes: {}.", list.join(", ")));
        }
    }
    // A free probability on the path makes this a continuum whose outcome probabilities
    // vary; the ones given are those of the point shown.
    if on.iter().any(|d| !d.free.is_empty()) {
        text.push_str(
            " This is a continuum: the free probability on the path moves the outcome \
             probabilities, and those given are at the point shown.",
        );
    }
    if !off.is_empty() {
        text.push_str(&format!(
            " Off the path of play: {}.",
            decision_clauses(answer, &off, false).join("; ")
        ));
    }
    let on_beliefs: Vec<&Belief> = r.beliefs.iter().filter(|b| b.on_path).collect();
    let off_beliefs: Vec<&Belief> = r.beliefs.iter().filter(|b| !b.on_path).collect();
    if !on_beliefs.is_empty() {
        text.push_str(&format!(
            " On the path, by Bayes' rule: {}.",
            belief_clauses(answer, &on_beliefs).join("; ")
        ));
    }
    if !off_beliefs.is_empty() {
        text.push_str(&format!(
            " Supported by beliefs off the path: {}.",
            belief_clauses(answer, &off_beliefs).join("; ")
        ));
    }
    text
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Lines of at most `width` characters, the first after `first`, the rest after `rest`.
pub fn wrap(text: &str, width: usize, first: &str, rest: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = first.to_string();
    let mut empty = true;
    for word in text.split_whitespace() {
        if !empty && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::replace(&mut line, rest.to_string()));
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(word);
        empty = false;
    }
    if !empty {
        lines.push(line);
    }
    lines
}
