//! Properties over generated inputs: random trees and tables survive write → read unchanged,
//! and random damage to real files never makes the readers panic (and whatever they still
//! accept writes and reads back unchanged).

use std::path::Path;

use brink_formats::{read_efg, read_game, read_nfg, write_efg, write_game, write_nfg, NfgStyle};
use brink_game::{Infoset, Node, NodeKind, Outcome, Player, Rational, Table, Tree};
use proptest::prelude::*;

/// A small deterministic generator (SplitMix64), so a proptest seed describes a whole game.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    /// A label that exercises quoting: quotes, backslashes, braces, commas, line breaks,
    /// non-ASCII characters, and often nothing at all.
    fn label(&mut self) -> String {
        const PIECES: [&str; 14] = [
            "a", "Bob", " ", "\"", "\\", "{", "}", ",", "\n", "é", "1/2", "0", "t", "\\\"",
        ];
        let len = if self.chance(30) {
            0
        } else {
            self.below(5) + 1
        };
        (0..len).map(|_| PIECES[self.below(PIECES.len())]).collect()
    }

    fn rational(&mut self) -> Rational {
        let numerator: i128 = match self.below(4) {
            0 => self.below(3) as i128 - 1,
            1 => self.below(2001) as i128 - 1000,
            2 => (self.next() >> 1) as i128 * if self.chance(50) { -1 } else { 1 } * 1_000_000_007,
            _ => self.below(100) as i128,
        };
        let denominator = [1i128, 1, 2, 3, 7, 10, 1000, 999_999_937][self.below(8)];
        Rational::new(numerator.into(), denominator.into())
    }

    /// A distinct positive number not yet in `used`.
    fn fresh_number(&mut self, used: &mut Vec<u64>, zero_allowed: bool) -> u64 {
        loop {
            let n = match self.below(3) {
                0 => used.len() as u64 + 1,
                1 => self.below(1000) as u64,
                _ => self.next() >> 1,
            };
            if (zero_allowed || n > 0) && !used.contains(&n) {
                used.push(n);
                return n;
            }
        }
    }
}

/// A random tree of at most about `budget` nodes, built in prefix order the way the reader
/// builds trees: information sets and outcomes in order of first appearance.
fn random_tree(seed: u64, budget: usize) -> Tree {
    let mut rng = Rng(seed);
    let players = rng.below(3) + 1;
    let mut tree = Tree {
        title: rng.label(),
        comment: rng.label(),
        players: (0..players).map(|_| rng.label()).collect(),
        ..Tree::default()
    };
    let mut infoset_numbers: Vec<Vec<u64>> = vec![Vec::new(); players + 1];
    let mut outcome_numbers = Vec::new();
    // Explicit stack of (parent, children still to create).
    let mut stack: Vec<(usize, usize)> = Vec::new();
    loop {
        let parent = match stack.last_mut() {
            None if !tree.nodes.is_empty() => break,
            None => None,
            Some(top) => {
                top.1 -= 1;
                let p = top.0;
                if top.1 == 0 {
                    stack.pop();
                }
                Some(p)
            }
        };
        let id = tree.nodes.len();
        let room = tree.nodes.len() + stack.iter().map(|s| s.1).sum::<usize>() < budget;
        let kind = if room && rng.chance(60) {
            let chance = rng.chance(25);
            let player = if chance {
                Player::Chance
            } else {
                Player::Personal(rng.below(players))
            };
            let slot = match player {
                Player::Chance => 0,
                Player::Personal(p) => p + 1,
            };
            let existing: Vec<usize> = (0..tree.infosets.len())
                .filter(|&i| tree.infosets[i].player == player)
                .collect();
            let infoset = if !existing.is_empty() && rng.chance(50) {
                existing[rng.below(existing.len())]
            } else {
                let actions = rng.below(3) + 1;
                let probs = if chance {
                    let weights: Vec<i64> = (0..actions).map(|_| rng.below(4) as i64).collect();
                    let total: i64 = weights.iter().sum();
                    if total == 0 {
                        (0..actions)
                            .map(|_| Rational::new(1.into(), (actions as i64).into()))
                            .collect()
                    } else {
                        weights
                            .iter()
                            .map(|&w| Rational::new(w.into(), total.into()))
                            .collect()
                    }
                } else {
                    Vec::new()
                };
                tree.infosets.push(Infoset {
                    player,
                    number: rng.fresh_number(&mut infoset_numbers[slot], true),
                    label: rng.label(),
                    actions: (0..actions).map(|_| rng.label()).collect(),
                    probs,
                    members: Vec::new(),
                });
                tree.infosets.len() - 1
            };
            tree.infosets[infoset].members.push(id);
            if chance {
                NodeKind::Chance(infoset)
            } else {
                NodeKind::Personal(infoset)
            }
        } else {
            NodeKind::Terminal
        };
        let outcome = match rng.below(3) {
            0 => None,
            1 if !tree.outcomes.is_empty() => Some(rng.below(tree.outcomes.len())),
            _ => {
                tree.outcomes.push(Outcome {
                    number: rng.fresh_number(&mut outcome_numbers, false),
                    label: rng.label(),
                    payoffs: (0..players).map(|_| rng.rational()).collect(),
                });
                Some(tree.outcomes.len() - 1)
            }
        };
        let children = match kind {
            NodeKind::Terminal => 0,
            NodeKind::Chance(i) | NodeKind::Personal(i) => tree.infosets[i].actions.len(),
        };
        tree.nodes.push(Node {
            label: rng.label(),
            parent,
            kind,
            children: Vec::new(),
            outcome,
        });
        if let Some(p) = parent {
            tree.nodes[p].children.push(id);
        }
        if children > 0 {
            stack.push((id, children));
        }
    }
    tree.validate().expect("the generator builds valid trees");
    tree
}

/// A random table in the shape the reader produces for the outcome version: outcomes numbered
/// 1, 2, ... in order, cells naming any of them or none.
fn random_table(seed: u64) -> Table {
    let mut rng = Rng(seed);
    let players = rng.below(3) + 1;
    let strategies: Vec<Vec<String>> = (0..players)
        .map(|_| (0..rng.below(4) + 1).map(|_| rng.label()).collect())
        .collect();
    let outcomes: Vec<Outcome> = (0..rng.below(6))
        .map(|k| Outcome {
            number: k as u64 + 1,
            label: rng.label(),
            payoffs: (0..players).map(|_| rng.rational()).collect(),
        })
        .collect();
    let cell_count: usize = strategies.iter().map(Vec::len).product();
    let cells = (0..cell_count)
        .map(|_| {
            if outcomes.is_empty() || rng.chance(20) {
                None
            } else {
                Some(rng.below(outcomes.len()))
            }
        })
        .collect();
    let table = Table {
        title: rng.label(),
        comment: rng.label(),
        players: (0..players).map(|_| rng.label()).collect(),
        strategies,
        outcomes,
        cells,
    };
    table.validate().expect("the generator builds valid tables");
    table
}

fn corpus_text(game: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/gambit-games")
        .join(game);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Real files of every flavour, as seeds for mutation.
fn seeds() -> Vec<String> {
    [
        "contrib/games/bayes2a.efg",
        "contrib/games/cent3.efg",
        "contrib/games/bayes1a.efg",
        "contrib/games/e07.nfg",
        "contrib/games/pd.nfg",
        "contrib/games/2x2x2.nfg",
        "catalog/journals/ijgt/selten1975/fig1.efg",
        "catalog/journals/other/shapley1974/fig3.nfg",
        "catalog/journals/geb/gilboa1997/fig1.efg",
    ]
    .iter()
    .map(|g| corpus_text(g))
    .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn random_trees_survive_a_round_trip(seed in any::<u64>(), budget in 1usize..80) {
        let tree = random_tree(seed, budget);
        let text = write_efg(&tree);
        let back = read_efg(&text).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        prop_assert_eq!(back, tree);
    }

    #[test]
    fn random_tables_survive_a_round_trip(seed in any::<u64>()) {
        let table = random_table(seed);
        let text = write_nfg(&table, NfgStyle::Outcomes);
        let back = read_nfg(&text).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        prop_assert_eq!(&back, &table);
        // The payoff version keeps every cell's payoffs (zeros where a cell had no outcome).
        let text = write_nfg(&table, NfgStyle::Payoffs);
        let back = read_nfg(&text).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        prop_assert_eq!(&back.strategies, &table.strategies);
        for cell in 0..table.cells.len() {
            for player in 0..table.players.len() {
                prop_assert_eq!(back.payoff(cell, player), table.payoff(cell, player));
            }
        }
        // Writing the re-read payoff version in the style chosen for it is lossless.
        let again = read_nfg(&write_nfg(&back, NfgStyle::for_table(&back))).expect("reads");
        prop_assert_eq!(again, back);
    }

    #[test]
    fn damaged_files_never_panic(
        which in 0usize..9,
        edits in proptest::collection::vec((0u8..4, any::<usize>(), any::<u8>()), 1..6),
    ) {
        let seeds = seeds();
        let mut bytes = seeds[which % seeds.len()].clone().into_bytes();
        for (kind, at, byte) in edits {
            if bytes.is_empty() {
                break;
            }
            let at = at % bytes.len();
            match kind {
                0 => bytes[at] = byte,
                1 => bytes.insert(at, byte),
                2 => {
                    let end = (at + usize::from(byte % 16) + 1).min(bytes.len());
                    bytes.drain(at..end);
                }
                _ => bytes.truncate(at),
            }
        }
        let text = String::from_utf8_lossy(&bytes);
        // Whatever is still accepted is a valid game (checked inside the readers in debug
        // builds) and writes and reads back unchanged.
        if let Ok(game) = read_game(&text) {
            let again = read_game(&write_game(&game)).expect("a written game reads back");
            prop_assert_eq!(again, game);
        }
    }
}

#[test]
fn every_truncation_of_a_real_file_is_handled_cleanly() {
    let mut refused = 0;
    let mut cuts = 0;
    for text in seeds() {
        for cut in (0..text.len()).filter(|&i| text.is_char_boundary(i)) {
            if text[cut..].trim().is_empty() {
                continue;
            }
            cuts += 1;
            // A cut inside the last number can leave a valid file (`10` becomes `1`); any
            // other cut must be refused, with a span inside the text that remains.
            if let Err(error) = read_game(&text[..cut]) {
                refused += 1;
                assert!(error.line() >= 1 && error.column() >= 1);
                let (offset, len) = error.span();
                assert!(offset + len <= cut, "the span lies inside the text");
            }
        }
    }
    assert!(
        refused + 20 >= cuts,
        "{refused} of {cuts} truncations refused"
    );
}

#[test]
fn a_very_deep_tree_does_not_overflow_the_stack() {
    // A chain of 200,000 personal nodes: a recursive reader or writer would overflow.
    let depth = 200_000;
    let mut text = String::from("EFG 2 R \"chain\" { \"A\" }\n\"\"\n");
    text.push_str("p \"\" 1 1 \"\" { \"stop\" \"go\" } 0\nt \"\" 1 \"end\" { 0 }\n");
    for _ in 1..depth {
        text.push_str("p \"\" 1 1 0\nt \"\" 1\n");
    }
    text.push_str("t \"\" 2 \"last\" { 1 }\n");
    let tree = read_efg(&text).expect("a deep chain reads");
    assert_eq!(tree.node_count(), 2 * depth + 1);
    assert_eq!(tree.infosets[0].members.len(), depth);
    assert_eq!(read_efg(&write_efg(&tree)).expect("reads back"), tree);
}
