//! The tree drawing: well-formed SVG with the labels, probabilities and payoffs of hand-built
//! trees, the equilibrium overlay, collapsing of large trees, and bad input.

mod common;

use brink_game::{Player, Rational, Tree};
use brink_report::{draw_tree, TreeDrawing};
use common::{big_tree, poker, poker_equilibrium, Builder};

/// Parses `svg` (panicking with the parser's message if it is not well-formed XML) and returns
/// the text of every `<text>` element, tspans joined.
fn texts(svg: &str) -> Vec<String> {
    let doc =
        roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("not well-formed XML: {e}"));
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| {
            n.descendants()
                .filter(|d| d.is_text())
                .filter_map(|d| d.text())
                .collect::<String>()
        })
        .collect()
}

/// Counts elements whose attribute `name` equals `value`.
fn count_attr(svg: &str, name: &str, value: &str) -> usize {
    let doc = roxmltree::Document::parse(svg).expect("well-formed");
    doc.descendants()
        .filter(|n| n.attribute(name) == Some(value))
        .count()
}

#[test]
fn poker_tree_shows_moves_chance_probabilities_and_payoffs() {
    let svg = draw_tree(&poker(), &TreeDrawing::default());
    let texts = texts(&svg);
    for expected in [
        "One-card poker",
        "Red",
        "Black",
        "Raise",
        "Fold",
        "Meet",
        "Pass",
    ] {
        assert!(
            texts.iter().any(|t| t == expected),
            "no text {expected:?} in {texts:?}"
        );
    }
    // Both chance moves carry their exact probability.
    assert_eq!(texts.iter().filter(|t| *t == "1/2").count(), 2);
    // Every leaf shows its outcome and payoffs, in prefix order.
    let leaves: Vec<&str> = texts
        .iter()
        .filter(|t| t.ends_with(')') && t.contains(", ") && !t.starts_with('■'))
        .map(|s| s.as_str())
        .collect();
    let expected = [
        "Fred wins big (2, -2)",
        "Fred wins (1, -1)",
        "Fred wins (1, -1)",
        "Alice wins big (-2, 2)",
        "Fred wins (1, -1)",
        "Alice wins (-1, 1)",
    ];
    assert_eq!(leaves, expected);
    // Information-set tags name the player and the set's label.
    assert!(texts.iter().any(|t| t == "Fred · Red card"));
    assert!(texts.iter().any(|t| t == "Alice · set 1"));
    // Alice's two nodes are joined by one dashed connector (plus the legend's sample line).
    assert_eq!(count_attr(&svg, "stroke-dasharray", "5 4"), 2);
    // No overlay was asked for, so nothing is greyed.
    assert_eq!(count_attr(&svg, "stroke", "#c4c4c4"), 0);
}

#[test]
fn perfect_information_tree_has_no_information_set_connectors() {
    let svg = draw_tree(&big_tree(2, 2), &TreeDrawing::default());
    texts(&svg);
    assert_eq!(count_attr(&svg, "stroke-dasharray", "5 4"), 0);
}

#[test]
fn equilibrium_overlay_labels_probabilities_and_greys_moves_never_taken() {
    let options = TreeDrawing {
        behavior: Some(poker_equilibrium()),
        ..TreeDrawing::default()
    };
    let svg = draw_tree(&poker(), &options);
    let texts = texts(&svg);
    // Fred's black-card bluff and Alice's meeting probability.
    for expected in ["0.33", "0.67"] {
        assert_eq!(
            texts.iter().filter(|t| *t == expected).count(),
            3,
            "{expected} in {texts:?}"
        );
    }
    // Exactly one move has probability zero: folding a red card.
    assert_eq!(count_attr(&svg, "stroke", "#c4c4c4"), 1);
    assert!(texts
        .iter()
        .any(|t| t.starts_with("Equilibrium shown on the edges")));
}

#[test]
fn overlay_of_the_wrong_shape_is_reported_not_drawn() {
    let options = TreeDrawing {
        behavior: Some(vec![vec![vec![0.5, 0.5]]]),
        ..TreeDrawing::default()
    };
    let svg = draw_tree(&poker(), &options);
    let texts = texts(&svg);
    assert!(
        texts
            .iter()
            .any(|t| t.contains("does not fit 2 information set(s)")),
        "{texts:?}"
    );
    assert!(texts.iter().any(|t| t == "0.5"));
}

#[test]
fn leaves_show_payoffs_accumulated_along_the_path() {
    let mut b = Builder::new("Accumulated", &["A", "B"]);
    let i = b.infoset(Player::Personal(0), 1, "", &["left", "right"], &[]);
    let root = b.decision(None, i);
    b.leaf(root, "", &[2, 0]);
    b.leaf(root, "", &[-1, 5]);
    let mut tree = b.tree;
    // An outcome at the root adds to both leaves.
    tree.outcomes.push(brink_game::Outcome {
        number: 99,
        label: "toll".into(),
        payoffs: vec![
            Rational::new(1.into(), 2.into()),
            Rational::from_integer((-1).into()),
        ],
    });
    tree.nodes[root].outcome = Some(tree.outcomes.len() - 1);
    tree.validate().unwrap();
    let texts = texts(&draw_tree(&tree, &TreeDrawing::default()));
    assert!(texts.iter().any(|t| t == "(5/2, -1)"), "{texts:?}");
    assert!(texts.iter().any(|t| t == "(-1/2, 4)"), "{texts:?}");
}

#[test]
fn text_with_markup_characters_is_escaped() {
    let mut b = Builder::new("War & <peace> \"quoted\"", &["Us & them", "<b>"]);
    let i = b.infoset(Player::Personal(0), 1, "x<y", &["a&b", "c>d"], &[]);
    let root = b.decision(None, i);
    b.leaf(root, "o'clock", &[1, 0]);
    b.leaf(root, "", &[0, 1]);
    let svg = draw_tree(&b.finish(), &TreeDrawing::default());
    let texts = texts(&svg);
    for expected in [
        "War & <peace> \"quoted\"",
        "a&b",
        "c>d",
        "Us & them · x<y",
        "<b>",
    ] {
        assert!(
            texts.iter().any(|t| t == expected),
            "no {expected:?} in {texts:?}"
        );
    }
    assert!(texts.iter().any(|t| t == "o'clock (1, 0)"));
}

#[test]
fn large_tree_is_collapsed_below_a_depth_and_stays_small() {
    let tree = big_tree(8, 3);
    assert_eq!(tree.nodes.len(), 9841);
    let svg = draw_tree(&tree, &TreeDrawing::default());
    let texts = texts(&svg);
    assert!(svg.len() < 400_000, "the drawing is {} bytes", svg.len());
    let note = texts
        .iter()
        .find(|t| t.starts_with("Collapsed for readability"))
        .expect("a note on collapsing");
    // 1 + 3 + ... + 3^5 = 364 nodes fit in 400; the 243 nodes at depth 5 each hide 39 nodes.
    assert!(note.contains("below depth 5"), "{note}");
    assert!(note.contains("243 triangle(s) hiding 9477 nodes"), "{note}");
    assert_eq!(
        texts.iter().filter(|t| *t == "39 nodes, 27 ends").count(),
        243
    );
}

#[test]
fn small_tree_is_never_collapsed_and_threshold_is_an_option() {
    let tree = big_tree(4, 3);
    assert_eq!(tree.nodes.len(), 121);
    let full = texts(&draw_tree(&tree, &TreeDrawing::default()));
    assert!(!full.iter().any(|t| t.starts_with("Collapsed")));
    let collapsed = texts(&draw_tree(
        &tree,
        &TreeDrawing {
            collapse_above: 50,
            ..TreeDrawing::default()
        },
    ));
    assert!(
        collapsed
            .iter()
            .any(|t| t.starts_with("Collapsed") && t.contains("below depth 3")),
        "{collapsed:?}"
    );
}

#[test]
fn wide_nodes_are_summarised_when_collapsing() {
    let mut b = Builder::new("Wide", &["Only"]);
    let names: Vec<String> = (0..1000).map(|k| format!("a{k}")).collect();
    let actions: Vec<&str> = names.iter().map(|s| s.as_str()).collect();
    let i = b.infoset(Player::Personal(0), 1, "", &actions, &[]);
    let root = b.decision(None, i);
    for k in 0..1000 {
        b.leaf(root, "", &[k]);
    }
    let svg = draw_tree(&b.finish(), &TreeDrawing::default());
    let texts = texts(&svg);
    assert!(svg.len() < 100_000);
    assert!(
        texts.iter().any(|t| t == "a0")
            && texts.iter().any(|t| t == "a9")
            && texts.iter().any(|t| t == "a999")
    );
    assert!(!texts.iter().any(|t| t == "a10"));
    assert!(
        texts.iter().any(|t| t == "… 989 more moves (989 nodes)"),
        "{texts:?}"
    );
    assert!(texts.iter().any(|t| t.starts_with(
        "Collapsed for readability: this tree has 1001 nodes. Nodes with more than 12 moves"
    )));
}

#[test]
fn invalid_tree_gives_a_picture_that_says_why() {
    let mut tree = poker();
    tree.nodes[3].parent = Some(0);
    let texts = texts(&draw_tree(&tree, &TreeDrawing::default()));
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("This game tree cannot be drawn")),
        "{texts:?}"
    );
    let texts = self::texts(&draw_tree(&Tree::default(), &TreeDrawing::default()));
    assert!(texts.iter().any(|t| t.contains("no nodes")));
}

/// The drawing's exact bytes, pinned by a committed snapshot: this also checks that drawing
/// is deterministic, across runs and builds (comparing two drawings made in one process could
/// not tell).
#[test]
fn poker_tree_snapshot() {
    let options = TreeDrawing {
        behavior: Some(poker_equilibrium()),
        ..TreeDrawing::default()
    };
    insta::assert_snapshot!(draw_tree(&poker(), &options));
}

#[test]
fn alike_siblings_are_merged_when_asked() {
    let tree = big_tree(8, 3);
    let options = TreeDrawing {
        merge_alike: true,
        ..TreeDrawing::default()
    };
    let svg = draw_tree(&tree, &options);
    let texts = texts(&svg);
    // Each of the 7 levels of decisions keeps its first move and merges the other two; the
    // 3 leaves at the bottom are drawn, so 1 + 7 * 3 + 3 = 25 nodes are drawn, no depth limit.
    let note = texts
        .iter()
        .find(|t| t.starts_with("Collapsed for readability"))
        .expect("a note");
    assert!(note.contains("14 subtree(s) with the same moves"), "{note}");
    assert!(note.contains("(9816 nodes;"), "{note}");
    assert!(!texts.iter().any(|t| t.contains("below depth")));
    assert_eq!(
        texts
            .iter()
            .filter(|t| t.ends_with("same moves as after “m0”"))
            .count(),
        14
    );
    assert!(texts.iter().any(|t| t == "(0, 0)") && texts.iter().any(|t| t == "(2, -2)"));
    // Poker's two deals lead to the same moves: with a tiny budget, Black's subtree is merged.
    let small = TreeDrawing {
        merge_alike: true,
        collapse_above: 5,
        ..TreeDrawing::default()
    };
    let texts = self::texts(&draw_tree(&poker(), &small));
    assert!(
        texts
            .iter()
            .any(|t| t == "4 nodes: same moves as after “Red”"),
        "{texts:?}"
    );
}
