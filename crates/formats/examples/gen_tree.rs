//! Writes a large generated `.efg` game to standard output, for benchmarks of the readers.
//!
//! ```text
//! cargo run --release -p brink-formats --example gen_tree -- 1000000 > big.efg
//! ```
//!
//! The game has exactly the requested number of nodes and is the same on every run (there is
//! no randomness). Its shape is a heap-shaped binary tree: node `i` (in breadth-first
//! numbering) has children `2i + 1` and `2i + 2` when they exist. The root and every seventh
//! level are chance nodes with fractional probabilities; the other levels alternate between two
//! players, and groups of four nodes on a level share an information set, so most nodes refer
//! to their information set by number only. Every leaf has its own outcome with integer,
//! decimal and fractional payoffs, as files written by Gambit do.

use std::collections::HashMap;
use std::io::Write;

use brink_formats::write_efg;
use brink_game::{Infoset, Node, NodeKind, Outcome, Player, Rational, Tree};

fn main() {
    let count: usize = match std::env::args().nth(1).map(|a| a.parse()) {
        Some(Ok(n)) if n >= 1 => n,
        _ => {
            eprintln!("usage: gen_tree NODE_COUNT   (writes a .efg game with that many nodes)");
            std::process::exit(2);
        }
    };
    let tree = generate(count);
    let text = write_efg(&tree);
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        eprintln!("gen_tree: cannot write: {e}");
        std::process::exit(1);
    }
}

fn r(n: i64, d: i64) -> Rational {
    Rational::new(n.into(), d.into())
}

fn generate(count: usize) -> Tree {
    let mut tree = Tree {
        title: format!("Generated benchmark tree with {count} nodes"),
        comment: "Written by brink-formats' gen_tree example; deterministic.".into(),
        players: vec!["Player 1".into(), "Player 2".into()],
        ..Tree::default()
    };
    // (player slot, level, group, actions) -> information set
    let mut infosets: HashMap<(usize, u32, usize, usize), usize> = HashMap::new();
    let mut numbers = [0u64; 3];
    // Depth-first over heap indices, so nodes are created in prefix order.
    let mut stack: Vec<(usize, Option<usize>)> = vec![(0, None)];
    while let Some((heap, parent)) = stack.pop() {
        let id = tree.nodes.len();
        let level = usize::BITS - (heap + 1).leading_zeros() - 1;
        let children: Vec<usize> = [2 * heap + 1, 2 * heap + 2]
            .into_iter()
            .filter(|&c| c < count)
            .collect();
        let kind = if children.is_empty() {
            NodeKind::Terminal
        } else {
            let chance = level % 7 == 0;
            let slot = if chance { 0 } else { 1 + (level as usize % 2) };
            let first_on_level = (1usize << level) - 1;
            let group = if chance {
                heap
            } else {
                (heap - first_on_level) / 4
            };
            let key = (slot, level, group, children.len());
            let infoset = *infosets.entry(key).or_insert_with(|| {
                numbers[slot] += 1;
                let actions: Vec<String> = ["left", "right"][..children.len()]
                    .iter()
                    .map(|s| s.to_string())
                    .collect();
                let probs = match (chance, children.len()) {
                    (false, _) => Vec::new(),
                    (true, 1) => vec![r(1, 1)],
                    (true, _) => vec![r(1, 3), r(2, 3)],
                };
                tree.infosets.push(Infoset {
                    player: if chance {
                        Player::Chance
                    } else {
                        Player::Personal(slot - 1)
                    },
                    number: numbers[slot],
                    label: format!("L{level}G{group}"),
                    actions,
                    probs,
                    members: Vec::new(),
                });
                tree.infosets.len() - 1
            });
            tree.infosets[infoset].members.push(id);
            if chance {
                NodeKind::Chance(infoset)
            } else {
                NodeKind::Personal(infoset)
            }
        };
        let outcome = if children.is_empty() {
            let k = tree.outcomes.len() as i64;
            tree.outcomes.push(Outcome {
                number: k as u64 + 1,
                label: String::new(),
                payoffs: vec![r(k % 97 - 48, 1), r(k % 13, 4)],
            });
            Some(tree.outcomes.len() - 1)
        } else {
            None
        };
        tree.nodes.push(Node {
            label: String::new(),
            parent,
            kind,
            children: Vec::new(),
            outcome,
        });
        if let Some(p) = parent {
            tree.nodes[p].children.push(id);
        }
        for &c in children.iter().rev() {
            stack.push((c, Some(id)));
        }
    }
    debug_assert_eq!(tree.validate(), Ok(()));
    tree
}
