//! Trees built by hand for the tests and the demo example.
#![allow(dead_code)]

use brink_game::{Infoset, Node, NodeKind, Outcome, Player, Rational, Tree};

/// Builds trees node by node in prefix order.
pub struct Builder {
    pub tree: Tree,
}

impl Builder {
    pub fn new(title: &str, players: &[&str]) -> Self {
        Builder {
            tree: Tree {
                title: title.into(),
                players: players.iter().map(|p| p.to_string()).collect(),
                ..Tree::default()
            },
        }
    }

    /// Adds an information set and returns its index.
    pub fn infoset(
        &mut self,
        player: Player,
        number: u64,
        label: &str,
        actions: &[&str],
        probs: &[(i64, i64)],
    ) -> usize {
        self.tree.infosets.push(Infoset {
            player,
            number,
            label: label.into(),
            actions: actions.iter().map(|a| a.to_string()).collect(),
            probs: probs
                .iter()
                .map(|&(p, q)| Rational::new(p.into(), q.into()))
                .collect(),
            members: Vec::new(),
        });
        self.tree.infosets.len() - 1
    }

    /// Adds a decision or chance node under `parent` (children must be added in action order).
    pub fn decision(&mut self, parent: Option<usize>, infoset: usize) -> usize {
        let id = self.tree.nodes.len();
        let kind = if self.tree.infosets[infoset].player == Player::Chance {
            NodeKind::Chance(infoset)
        } else {
            NodeKind::Personal(infoset)
        };
        self.tree.nodes.push(Node {
            label: String::new(),
            parent,
            kind,
            children: Vec::new(),
            outcome: None,
        });
        self.tree.infosets[infoset].members.push(id);
        if let Some(p) = parent {
            self.tree.nodes[p].children.push(id);
        }
        id
    }

    /// Adds a leaf with a fresh outcome.
    pub fn leaf(&mut self, parent: usize, label: &str, payoffs: &[i64]) -> usize {
        let id = self.tree.nodes.len();
        self.tree.outcomes.push(Outcome {
            number: self.tree.outcomes.len() as u64 + 1,
            label: label.into(),
            payoffs: payoffs
                .iter()
                .map(|&v| Rational::from_integer(v.into()))
                .collect(),
        });
        self.tree.nodes.push(Node {
            label: String::new(),
            parent: Some(parent),
            kind: NodeKind::Terminal,
            children: Vec::new(),
            outcome: Some(self.tree.outcomes.len() - 1),
        });
        self.tree.nodes[parent].children.push(id);
        id
    }

    pub fn finish(self) -> Tree {
        self.tree.validate().expect("the hand-built tree is valid");
        self.tree
    }
}

/// Myerson's one-card poker: chance deals Fred a red (winning) or black card with probability
/// 1/2 each; Fred, who sees it, raises or folds; Alice, who does not, meets or passes.
pub fn poker() -> Tree {
    let mut b = Builder::new("One-card poker", &["Fred", "Alice"]);
    let deal = b.infoset(Player::Chance, 1, "", &["Red", "Black"], &[(1, 2), (1, 2)]);
    let fred_red = b.infoset(Player::Personal(0), 1, "Red card", &["Raise", "Fold"], &[]);
    let alice = b.infoset(Player::Personal(1), 1, "", &["Meet", "Pass"], &[]);
    let fred_black = b.infoset(
        Player::Personal(0),
        2,
        "Black card",
        &["Raise", "Fold"],
        &[],
    );
    let root = b.decision(None, deal);
    let red = b.decision(Some(root), fred_red);
    let a1 = b.decision(Some(red), alice);
    b.leaf(a1, "Fred wins big", &[2, -2]);
    b.leaf(a1, "Fred wins", &[1, -1]);
    b.leaf(red, "Fred wins", &[1, -1]);
    let black = b.decision(Some(root), fred_black);
    let a2 = b.decision(Some(black), alice);
    b.leaf(a2, "Alice wins big", &[-2, 2]);
    b.leaf(a2, "Fred wins", &[1, -1]);
    b.leaf(black, "Alice wins", &[-1, 1]);
    b.finish()
}

/// The unique equilibrium of [`poker`]: Fred always raises with red and bluffs with black
/// with probability 1/3; Alice meets with probability 2/3.
pub fn poker_equilibrium() -> Vec<Vec<Vec<f64>>> {
    vec![
        vec![vec![1.0, 0.0], vec![1.0 / 3.0, 2.0 / 3.0]],
        vec![vec![2.0 / 3.0, 1.0 / 3.0]],
    ]
}

/// A complete tree of the given depth and branching with perfect information, players
/// alternating, a chance move at the root; leaves pay (depth of branch choices, -that).
pub fn big_tree(depth: usize, branching: usize) -> Tree {
    let mut b = Builder::new("A large generated tree", &["Left", "Right"]);
    let probs: Vec<(i64, i64)> = (0..branching).map(|_| (1, branching as i64)).collect();
    let names: Vec<String> = (0..branching).map(|k| format!("m{k}")).collect();
    let actions: Vec<&str> = names.iter().map(|s| s.as_str()).collect();
    let chance = b.infoset(Player::Chance, 1, "", &actions, &probs);
    let root = b.decision(None, chance);
    let mut numbers = [0u64; 2];
    fn grow(
        b: &mut Builder,
        parent: usize,
        level: usize,
        depth: usize,
        actions: &[&str],
        numbers: &mut [u64; 2],
        path: i64,
    ) {
        for k in 0..actions.len() {
            let value = path * actions.len() as i64 + k as i64;
            if level == depth {
                b.leaf(parent, "", &[value, -value]);
            } else {
                let player = level % 2;
                numbers[player] += 1;
                let i = b.infoset(Player::Personal(player), numbers[player], "", actions, &[]);
                let node = b.decision(Some(parent), i);
                grow(b, node, level + 1, depth, actions, numbers, value);
            }
        }
    }
    grow(&mut b, root, 1, depth, &actions, &mut numbers, 0);
    b.finish()
}
