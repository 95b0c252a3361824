//! Extensive-form games: an arena of nodes in prefix order, information sets, outcomes.

use std::collections::BTreeMap;

use num_traits::{One, Signed, Zero};

use crate::{GameError, Rational, Q};

/// Index of a node in [`Tree::nodes`].
pub type NodeId = usize;
/// Index of an information set in [`Tree::infosets`].
pub type InfosetId = usize;
/// Index of an outcome in [`Tree::outcomes`].
pub type OutcomeId = usize;

/// Who moves at an information set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Player {
    /// Nature, moving with fixed probabilities.
    Chance,
    /// A personal player, by 0-based index into [`Tree::players`].
    Personal(usize),
}

/// What sort of node a node is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeKind {
    /// A leaf: the game ends here.
    Terminal,
    /// A chance node, member of the given (chance) information set.
    Chance(InfosetId),
    /// A decision node of a personal player, member of the given information set.
    Personal(InfosetId),
}

/// One node of the tree.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// The node's label (may be empty; need not be unique).
    pub label: String,
    /// The parent, `None` for the root.
    pub parent: Option<NodeId>,
    /// Terminal, chance or personal.
    pub kind: NodeKind,
    /// Children, one per action of the node's information set, in action order.
    pub children: Vec<NodeId>,
    /// The outcome attached here, if any. Outcomes add up along the path to a leaf.
    pub outcome: Option<OutcomeId>,
}

/// An information set: nodes of one player that the player cannot tell apart.
#[derive(Clone, Debug, PartialEq)]
pub struct Infoset {
    /// The player who moves here.
    pub player: Player,
    /// The number the file gave it (unique per player); kept so files round-trip.
    pub number: u64,
    /// The label (may be empty).
    pub label: String,
    /// The action labels, in order.
    pub actions: Vec<String>,
    /// Chance probabilities, one per action; empty for personal information sets.
    pub probs: Vec<Rational>,
    /// The member nodes, in prefix order.
    pub members: Vec<NodeId>,
}

/// A payoff vector with a label.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    /// The number the file gave it (unique); kept so files round-trip.
    pub number: u64,
    /// The label (may be empty).
    pub label: String,
    /// One payoff per player.
    pub payoffs: Vec<Rational>,
}

/// An extensive-form game.
///
/// Nodes are stored in prefix (depth-first, children in action order) order with the root at
/// index 0; information sets in order of their first member's appearance in that order. This
/// is the order in which Gambit's files list them, so the indices are stable across a round
/// trip through a file.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Tree {
    /// The game's title.
    pub title: String,
    /// A free-text comment.
    pub comment: String,
    /// The personal players' names.
    pub players: Vec<String>,
    /// All nodes, root first, in prefix order.
    pub nodes: Vec<Node>,
    /// All information sets, chance ones included, in order of first appearance.
    pub infosets: Vec<Infoset>,
    /// All outcomes.
    pub outcomes: Vec<Outcome>,
}

impl Tree {
    /// The root node (always index 0).
    pub const ROOT: NodeId = 0;

    /// The information set of a non-terminal node.
    pub fn infoset_of(&self, node: NodeId) -> Option<InfosetId> {
        match self.nodes[node].kind {
            NodeKind::Terminal => None,
            NodeKind::Chance(i) | NodeKind::Personal(i) => Some(i),
        }
    }

    /// For each personal player, that player's information sets in order of first appearance.
    pub fn player_infosets(&self) -> Vec<Vec<InfosetId>> {
        let mut out = vec![Vec::new(); self.players.len()];
        for (id, infoset) in self.infosets.iter().enumerate() {
            if let Player::Personal(p) = infoset.player {
                out[p].push(id);
            }
        }
        out
    }

    /// The number of nodes.
    pub fn node_count(&self) -> usize {
        self.nodes.len()
    }

    /// Whether every information set of a personal player has exactly one member.
    pub fn is_perfect_information(&self) -> bool {
        self.infosets
            .iter()
            .all(|i| i.player == Player::Chance || i.members.len() == 1)
    }

    /// For every node, the sum of the outcomes on the path from the root down to it (inclusive).
    /// At a leaf this is what the players receive.
    pub fn accumulated_payoffs(&self) -> Vec<Vec<Rational>> {
        self.accumulated_payoffs_q()
            .into_iter()
            .map(|row| row.into_iter().map(Q::into_rational).collect())
            .collect()
    }

    /// [`Tree::accumulated_payoffs`] in the fast exact rational [`Q`].
    pub fn accumulated_payoffs_q(&self) -> Vec<Vec<Q>> {
        let outcomes: Vec<Vec<Q>> = self
            .outcomes
            .iter()
            .map(|o| o.payoffs.iter().map(Q::from_rational).collect())
            .collect();
        let zero = vec![Q::zero(); self.players.len()];
        let mut out: Vec<Vec<Q>> = Vec::with_capacity(self.nodes.len());
        for node in &self.nodes {
            let mut here = match node.parent {
                Some(p) => out[p].clone(),
                None => zero.clone(),
            };
            if let Some(o) = node.outcome {
                for (h, v) in here.iter_mut().zip(&outcomes[o]) {
                    *h += v;
                }
            }
            out.push(here);
        }
        out
    }

    /// For every node, the action taken at its parent (its index among the parent's children).
    pub fn incoming_actions(&self) -> Vec<Option<usize>> {
        let mut out = vec![None; self.nodes.len()];
        for node in &self.nodes {
            for (a, &c) in node.children.iter().enumerate() {
                out[c] = Some(a);
            }
        }
        out
    }

    /// For every node, the personal player's own history on the path to it: the sequence of
    /// (information set, action) of that player's earlier moves. With perfect recall all members
    /// of an information set share one history; its last element is the information set's
    /// *parent sequence* in the sequence form.
    pub fn own_histories(&self, player: usize) -> Vec<Vec<(InfosetId, usize)>> {
        let incoming = self.incoming_actions();
        let mut out: Vec<Vec<(InfosetId, usize)>> = Vec::with_capacity(self.nodes.len());
        for (id, node) in self.nodes.iter().enumerate() {
            let history = match node.parent {
                None => Vec::new(),
                Some(p) => {
                    let mut h = out[p].clone();
                    if let NodeKind::Personal(i) = self.nodes[p].kind {
                        if self.infosets[i].player == Player::Personal(player) {
                            h.push((i, incoming[id].expect("child has an incoming action")));
                        }
                    }
                    h
                }
            };
            out.push(history);
        }
        out
    }

    /// Whether the game has perfect recall: every player remembers all its own earlier
    /// information sets and actions, so all members of an information set share the same own
    /// history (Kuhn 1953). A game with absent-mindedness (a path through an information set
    /// twice) never has perfect recall. Returns the first information set that breaks it.
    pub fn perfect_recall_violation(&self) -> Option<InfosetId> {
        for p in 0..self.players.len() {
            let histories = self.own_histories(p);
            for (id, infoset) in self.infosets.iter().enumerate() {
                if infoset.player != Player::Personal(p) {
                    continue;
                }
                let first = &histories[infoset.members[0]];
                if infoset.members.iter().any(|&m| &histories[m] != first) {
                    return Some(id);
                }
            }
        }
        None
    }

    /// Whether the game has perfect recall (see [`Tree::perfect_recall_violation`]).
    pub fn is_perfect_recall(&self) -> bool {
        self.perfect_recall_violation().is_none()
    }

    /// Whether some path passes through the same information set twice.
    pub fn is_absent_minded(&self) -> bool {
        for (id, _) in self.infosets.iter().enumerate() {
            for &m in &self.infosets[id].members {
                let mut up = self.nodes[m].parent;
                while let Some(n) = up {
                    if self.infoset_of(n) == Some(id) {
                        return true;
                    }
                    up = self.nodes[n].parent;
                }
            }
        }
        false
    }

    /// Whether every play's payoffs add up to the same number, as Gambit decides it: a play
    /// receives the outcomes of every node along its path (outcomes may sit on inner nodes),
    /// so what must be constant is the sum at each terminal node of what was gathered on the
    /// way, not the sum of each outcome object. A game whose plays all carry nothing is
    /// constant-sum.
    pub fn is_constant_sum(&self) -> bool {
        let outcome_sums: Vec<Q> = self
            .outcomes
            .iter()
            .map(|o| o.payoffs.iter().map(Q::from_rational).sum())
            .collect();
        // Nodes come in prefix order, so a parent's total is known before its children's.
        let mut totals: Vec<Q> = Vec::with_capacity(self.nodes.len());
        let mut first: Option<Q> = None;
        for node in &self.nodes {
            let mut here = node.parent.map_or_else(Q::zero, |p| totals[p].clone());
            if let Some(o) = node.outcome {
                here += &outcome_sums[o];
            }
            if node.children.is_empty() {
                match &first {
                    None => first = Some(here.clone()),
                    Some(f) if *f != here => return false,
                    Some(_) => {}
                }
            }
            totals.push(here);
        }
        true
    }

    /// For a game with perfect recall: each personal information set's parent sequence, the
    /// player's last (information set, action) before reaching it, or `None` at the player's
    /// first move.
    pub fn parent_sequences(&self) -> Vec<Option<(InfosetId, usize)>> {
        let mut out = vec![None; self.infosets.len()];
        for p in 0..self.players.len() {
            let histories = self.own_histories(p);
            for (id, infoset) in self.infosets.iter().enumerate() {
                if infoset.player == Player::Personal(p) {
                    out[id] = histories[infoset.members[0]].last().copied();
                }
            }
        }
        out
    }

    /// Renames repeated non-empty labels so that node labels are unique in the tree and
    /// information-set labels are unique per player: the second "reply" becomes "reply (2)".
    ///
    /// The model itself does not need unique labels, but Gambit refuses files whose node
    /// labels, or one player's information-set labels, repeat; games built by a program (a
    /// compiled scenario, say) call this before they are written for Gambit. Empty labels are
    /// left alone, as Gambit allows any number of them.
    pub fn make_labels_unique(&mut self) {
        fn dedupe<'a>(labels: impl Iterator<Item = &'a mut String>) {
            let mut labels: Vec<&mut String> = labels.filter(|l| !l.is_empty()).collect();
            let mut used: std::collections::HashSet<String> =
                labels.iter().map(|l| l.to_string()).collect();
            let mut seen = std::collections::HashSet::new();
            // The next number to try for each repeated label, so that a label repeated n times
            // costs O(n), not O(n^2).
            let mut next: std::collections::HashMap<String, usize> = Default::default();
            for label in labels.iter_mut() {
                if seen.insert(label.to_string()) {
                    continue;
                }
                let k = next.entry(label.to_string()).or_insert(2);
                let renamed = loop {
                    let candidate = format!("{label} ({k})");
                    *k += 1;
                    if !used.contains(&candidate) {
                        break candidate;
                    }
                };
                used.insert(renamed.clone());
                seen.insert(renamed.clone());
                **label = renamed;
            }
        }
        dedupe(self.nodes.iter_mut().map(|n| &mut n.label));
        let players: Vec<Player> = {
            let mut p: Vec<Player> = self.infosets.iter().map(|i| i.player).collect();
            p.sort();
            p.dedup();
            p
        };
        for player in players {
            dedupe(
                self.infosets
                    .iter_mut()
                    .filter(|i| i.player == player)
                    .map(|i| &mut i.label),
            );
        }
    }

    /// Checks every structural rule of the model: prefix order, parents and children agree,
    /// one child per action, members listed, chance probabilities non-negative and summing to
    /// exactly 1, payoff vectors as long as the player list, player and outcome indices in range.
    pub fn validate(&self) -> Result<(), GameError> {
        let bad = |m: String| Err(GameError::Invalid(m));
        if self.nodes.is_empty() {
            return bad("the tree has no nodes".into());
        }
        if self.nodes[0].parent.is_some() {
            return bad("the root has a parent".into());
        }
        // Prefix order: walking the tree depth-first must visit 0, 1, 2, ... in turn.
        let mut expected = 0usize;
        let mut stack = vec![Self::ROOT];
        while let Some(n) = stack.pop() {
            if n != expected {
                return bad(format!(
                    "node {n} is out of prefix order (expected {expected})"
                ));
            }
            expected += 1;
            for &c in self.nodes[n].children.iter().rev() {
                if c >= self.nodes.len() || self.nodes[c].parent != Some(n) {
                    return bad(format!("node {c} does not name {n} as its parent"));
                }
                stack.push(c);
            }
        }
        if expected != self.nodes.len() {
            return bad(format!(
                "{} nodes are not reachable from the root",
                self.nodes.len() - expected
            ));
        }
        let mut members: Vec<Vec<NodeId>> = vec![Vec::new(); self.infosets.len()];
        for (id, node) in self.nodes.iter().enumerate() {
            if let Some(o) = node.outcome {
                if o >= self.outcomes.len() {
                    return bad(format!("node {id} names outcome {o}, which does not exist"));
                }
            }
            match node.kind {
                NodeKind::Terminal => {
                    if !node.children.is_empty() {
                        return bad(format!("terminal node {id} has children"));
                    }
                }
                NodeKind::Chance(i) | NodeKind::Personal(i) => {
                    let Some(infoset) = self.infosets.get(i) else {
                        return bad(format!(
                            "node {id} names information set {i}, which does not exist"
                        ));
                    };
                    let chance = matches!(node.kind, NodeKind::Chance(_));
                    if chance != (infoset.player == Player::Chance) {
                        return bad(format!(
                            "node {id} and its information set disagree on chance"
                        ));
                    }
                    if node.children.len() != infoset.actions.len() {
                        return bad(format!(
                            "node {id} has {} children but its information set has {} actions",
                            node.children.len(),
                            infoset.actions.len()
                        ));
                    }
                    members[i].push(id);
                }
            }
        }
        let mut first_seen = Vec::new();
        for (id, infoset) in self.infosets.iter().enumerate() {
            if infoset.members != members[id] {
                return bad(format!("information set {id} lists the wrong members"));
            }
            if infoset.members.is_empty() {
                return bad(format!("information set {id} has no members"));
            }
            first_seen.push(infoset.members[0]);
            if infoset.actions.is_empty() {
                return bad(format!("information set {id} has no actions"));
            }
            match infoset.player {
                Player::Personal(p) if p >= self.players.len() => {
                    return bad(format!(
                        "information set {id} belongs to player {}, who does not exist",
                        p + 1
                    ));
                }
                Player::Personal(_) => {
                    if !infoset.probs.is_empty() {
                        return bad(format!("personal information set {id} has probabilities"));
                    }
                }
                Player::Chance => {
                    if infoset.probs.len() != infoset.actions.len() {
                        return bad(format!(
                            "chance information set {id} needs one probability per action"
                        ));
                    }
                    if infoset.probs.iter().any(|p| p.is_negative()) {
                        return bad(format!(
                            "chance information set {id} has a negative probability"
                        ));
                    }
                    let total: Rational = infoset.probs.iter().sum();
                    if !total.is_one() {
                        return bad(format!("the probabilities of chance information set {id} add up to {total}, not 1"));
                    }
                }
            }
        }
        if first_seen.windows(2).any(|w| w[0] > w[1]) {
            return bad("information sets are not in order of first appearance".into());
        }
        let mut numbers = BTreeMap::new();
        for (id, infoset) in self.infosets.iter().enumerate() {
            if let Some(other) = numbers.insert((infoset.player, infoset.number), id) {
                return bad(format!("information sets {other} and {id} share a number"));
            }
        }
        for (id, outcome) in self.outcomes.iter().enumerate() {
            if outcome.payoffs.len() != self.players.len() {
                return bad(format!(
                    "outcome {id} has {} payoffs for {} players",
                    outcome.payoffs.len(),
                    self.players.len()
                ));
            }
        }
        Ok(())
    }
}

/// Whether every outcome object's payoffs add up to the same number (for tables, where each
/// cell is one play).
pub(crate) fn outcomes_constant_sum(outcomes: &[Outcome]) -> bool {
    let mut sums = outcomes.iter().map(|o| o.payoffs.iter().sum::<Rational>());
    match sums.next() {
        None => true,
        Some(first) => sums.all(|s| s == first),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(label: &str, parent: Option<NodeId>, kind: NodeKind, children: Vec<NodeId>) -> Node {
        Node {
            label: label.into(),
            parent,
            kind,
            children,
            outcome: None,
        }
    }

    #[test]
    fn repeated_labels_are_numbered_and_empty_ones_kept() {
        let mut tree = Tree {
            players: vec!["A".into()],
            nodes: vec![
                node("x", None, NodeKind::Personal(0), vec![1, 2, 3]),
                node("x", Some(0), NodeKind::Terminal, vec![]),
                node("", Some(0), NodeKind::Terminal, vec![]),
                node("x (2)", Some(0), NodeKind::Terminal, vec![]),
            ],
            infosets: vec![Infoset {
                player: Player::Personal(0),
                number: 1,
                label: "i".into(),
                actions: vec!["a".into(), "b".into(), "c".into()],
                probs: vec![],
                members: vec![0],
            }],
            ..Tree::default()
        };
        tree.make_labels_unique();
        let labels: Vec<&str> = tree.nodes.iter().map(|n| n.label.as_str()).collect();
        assert_eq!(labels, ["x", "x (3)", "", "x (2)"]);
        assert_eq!(tree.validate(), Ok(()));
    }
}
