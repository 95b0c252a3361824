//! The consistency certificate of a sequential equilibrium, written by hand and checked by
//! `verify::sequential`; then broken on purpose to show that the check can fail (issue 10).
//!
//! The game is Cho–Kreps beer–quiche (`tests/sequential/beer_quiche.efg`; derivation of its
//! equilibria in `tests/sequential.rs`). The assessment is the beer-pooling equilibrium: both
//! types drink beer, the Receiver does not duel after beer (belief 9/10 strong by Bayes' rule)
//! and duels after quiche, where it believes the Sender weak with probability 2/3 (any belief
//! of at least 1/2 supports the duel).
//!
//! The certificate: a tremble sequence σ_ε(a) ≈ weight · ε^order. Played actions have order 0
//! and their own probability as weight; the unplayed ones tremble at order 1:
//!
//! - strong Sender: beer (0, 1), quiche (1, 1);
//! - weak Sender: beer (0, 1), quiche (1, 18);
//! - after beer: duel (1, 1), don't (0, 1); after quiche: duel (0, 1), don't (1, 1);
//! - chance: order 0, its probabilities.
//!
//! Bayes' limit after quiche: the strong member has order 1 and weight 9/10 · 1 = 9/10, the weak
//! member order 1 and weight 1/10 · 18 = 9/5; both have the least order, so the belief is
//! 9/10 : 9/5 = 1/3 : 2/3 (strong : weak). After beer both members have order 0, weights 9/10
//! and 1/10: the prior. The Senders' sets are single nodes (belief 1).
//!
//! Regrets, by hand: strong gets 3 from beer, 0 from quiche (duel); weak gets 2 from beer,
//! 1 from quiche; after beer don't gives 9/10 against duel's 1/10; after quiche duel gives 2/3
//! against don't's 1/3. Every played action is a best reply: all regrets are 0.

use brink_formats::read_game;
use brink_game::{parse_rational, Game, Rational, Tree};
use brink_solve::sequential::Certificate;
use brink_solve::verify;

fn beer_quiche() -> Tree {
    match read_game(include_str!("sequential/beer_quiche.efg")).expect("the game parses") {
        Game::Tree(t) => t,
        Game::Table(_) => panic!("expected a tree"),
    }
}

fn q(s: &str) -> Rational {
    parse_rational(s).unwrap_or_else(|| panic!("not a rational: {s}"))
}

/// The index of the information set labelled `label` (exactly one).
fn infoset(tree: &Tree, label: &str) -> usize {
    let found: Vec<usize> = (0..tree.infosets.len())
        .filter(|&i| tree.infosets[i].label == label)
        .collect();
    assert_eq!(found.len(), 1, "information set {label:?}");
    found[0]
}

/// The index of action `name` at set `set`.
fn action(tree: &Tree, set: usize, name: &str) -> usize {
    tree.infosets[set]
        .actions
        .iter()
        .position(|a| a == name)
        .unwrap_or_else(|| panic!("no action {name:?}"))
}

/// The index among the members of `set` of the node labelled `node`.
fn member(tree: &Tree, set: usize, node: &str) -> usize {
    tree.infosets[set]
        .members
        .iter()
        .position(|&n| tree.nodes[n].label == node)
        .unwrap_or_else(|| panic!("no member {node:?}"))
}

/// An assessment with its certificate, all per information set of the tree.
#[derive(Clone)]
struct Assessment {
    behavior: Vec<Vec<Rational>>,
    beliefs: Vec<Vec<Rational>>,
    certificate: Certificate,
}

impl Assessment {
    /// Sets, at `set`, the action `name`'s probability and its (order, weight).
    fn play(&mut self, tree: &Tree, set: &str, name: &str, p: &str, order: u64, weight: &str) {
        let i = infoset(tree, set);
        let a = action(tree, i, name);
        self.behavior[i][a] = q(p);
        self.certificate.orders[i][a] = order;
        self.certificate.weights[i][a] = q(weight);
    }

    /// Sets the belief in member node `node` of `set`.
    fn believe(&mut self, tree: &Tree, set: &str, node: &str, b: &str) {
        let i = infoset(tree, set);
        let m = member(tree, i, node);
        self.beliefs[i][m] = q(b);
    }

    fn verify(&self, tree: &Tree) -> Result<verify::SequentialCheck, verify::VerifyError> {
        verify::sequential(tree, &self.behavior, &self.beliefs, &self.certificate)
    }
}

/// The beer-pooling equilibrium with belief 2/3 in weak after quiche, and its certificate.
fn beer_pooling(tree: &Tree) -> Assessment {
    let mut a = Assessment {
        // Chance sets hold their probabilities (order 0, weight = probability); the personal
        // ones are all filled in below. Single-node sets believe their node.
        behavior: tree.infosets.iter().map(|i| i.probs.clone()).collect(),
        beliefs: tree
            .infosets
            .iter()
            .map(|i| vec![q("1"); i.members.len()])
            .collect(),
        certificate: Certificate {
            orders: tree
                .infosets
                .iter()
                .map(|i| vec![0; i.actions.len()])
                .collect(),
            weights: tree.infosets.iter().map(|i| i.probs.clone()).collect(),
        },
    };
    for (i, set) in tree.infosets.iter().enumerate() {
        if set.probs.is_empty() {
            a.behavior[i] = vec![q("0"); set.actions.len()];
            a.certificate.weights[i] = vec![q("0"); set.actions.len()];
        }
    }
    a.play(tree, "strong sender", "beer", "1", 0, "1");
    a.play(tree, "strong sender", "quiche", "0", 1, "1");
    a.play(tree, "weak sender", "beer", "1", 0, "1");
    a.play(tree, "weak sender", "quiche", "0", 1, "18");
    a.play(tree, "after beer", "duel", "0", 1, "1");
    a.play(tree, "after beer", "don't", "1", 0, "1");
    a.play(tree, "after quiche", "duel", "1", 0, "1");
    a.play(tree, "after quiche", "don't", "0", 1, "1");
    a.believe(tree, "after beer", "strong, beer", "9/10");
    a.believe(tree, "after beer", "weak, beer", "1/10");
    a.believe(tree, "after quiche", "strong, quiche", "1/3");
    a.believe(tree, "after quiche", "weak, quiche", "2/3");
    a
}

#[test]
fn the_hand_written_certificate_of_beer_pooling_is_accepted() {
    let t = beer_quiche();
    let a = beer_pooling(&t);
    let check = a.verify(&t).expect("the certificate produces the beliefs");
    assert_eq!(check.max_regret, q("0"));
    assert!(
        check.regrets.iter().all(|r| *r == q("0")),
        "{:?}",
        check.regrets
    );
}

/// The extreme belief, weak surely after quiche, certified by orders instead of weights: the
/// strong type's quiche trembles at order 2, the weak type's at order 1, so only the weak
/// member has the least order (1).
#[test]
fn a_belief_of_one_is_certified_by_unequal_orders() {
    let t = beer_quiche();
    let mut a = beer_pooling(&t);
    a.play(&t, "strong sender", "quiche", "0", 2, "1");
    a.play(&t, "weak sender", "quiche", "0", 1, "1");
    a.believe(&t, "after quiche", "strong, quiche", "0");
    a.believe(&t, "after quiche", "weak, quiche", "1");
    let check = a.verify(&t).expect("the orders produce the belief");
    assert_eq!(check.max_regret, q("0"));
}

/// A belief that the orders and weights do not produce: they give 1/3 : 2/3 after quiche, the
/// assessment claims 1/2 : 1/2 (itself a belief at which dueling is a best reply, so only the
/// certificate can reject it).
#[test]
fn a_belief_the_certificate_does_not_produce_is_rejected() {
    let t = beer_quiche();
    let mut a = beer_pooling(&t);
    a.believe(&t, "after quiche", "strong, quiche", "1/2");
    a.believe(&t, "after quiche", "weak, quiche", "1/2");
    assert!(
        a.verify(&t).is_err(),
        "a belief of 1/2 is not the Bayes limit of weights 9/10 and 9/5 at equal orders"
    );

    // The same belief with the weights that produce it (9/10 · 1 against 1/10 · 9) passes.
    a.play(&t, "weak sender", "quiche", "0", 1, "9");
    let check = a.verify(&t).expect("weights 1 and 9 give 1/2 : 1/2");
    assert_eq!(check.max_regret, q("0"));
}

/// An unplayed action given order 0 describes trembles that do not converge to the behaviour:
/// rejected, though the beliefs are unchanged.
#[test]
fn an_unplayed_action_with_order_zero_is_rejected() {
    let t = beer_quiche();
    let mut a = beer_pooling(&t);
    a.play(&t, "after beer", "duel", "0", 0, "1");
    assert!(
        a.verify(&t).is_err(),
        "duel after beer is unplayed but has order 0"
    );

    // Also a played action whose weight is not its probability.
    let mut b = beer_pooling(&t);
    b.play(&t, "strong sender", "beer", "1", 0, "1/2");
    assert!(
        b.verify(&t).is_err(),
        "beer is played with probability 1, weight 1/2"
    );
}

/// A certified assessment that is not sequentially rational: the Receiver does not duel after
/// quiche although it believes the Sender weak with probability 2/3. The certificate is
/// consistent (after quiche: duel unplayed at order 1, don't played), so the check passes and
/// reports the regrets, by hand: the weak Sender gains 3 − 2 = 1 by switching to quiche (no duel
/// there), the Receiver gains 2/3 − 1/3 = 1/3 by dueling after quiche.
#[test]
fn a_consistent_but_irrational_assessment_has_positive_regret() {
    let t = beer_quiche();
    let mut a = beer_pooling(&t);
    a.play(&t, "after quiche", "duel", "0", 1, "1");
    a.play(&t, "after quiche", "don't", "1", 0, "1");
    let check = a.verify(&t).expect("the certificate is consistent");
    assert_eq!(check.regrets, vec![q("1"), q("1/3")]);
    assert_eq!(check.max_regret, q("1"));
}
