//! Sequential equilibria of small games whose complete answers were derived by hand (issue 10's
//! acceptance), never read off a solver: an off-path continuum, an on-path mix over an interval
//! at a knife-edge, Cho–Kreps beer–quiche, two games whose sequential equilibria are a strict
//! subset of the subgame-perfect ones (a two-player game without proper subgames, and Selten's
//! horse), Zagare & Kilgour's unilateral deterrence at a prior where deterrence needs
//! non-uniform trembles and at a threshold prior where the soft Challenger's bluff is free in an
//! interval, and a signalling game where D1 and the intuitive criterion differ.
//!
//! The games are in `tests/sequential/`. Each test asserts that the list is complete, the number
//! of components (one per path of play), and, for every personal information set of every
//! component, the exact range of each action's probability and of each belief, as derived in
//! the comment. Ranges are closures: an open interval (0, 2/5] is expected as [0, 2/5]. Where a
//! component is not a box (a mix is free only at one belief), the joint condition is also
//! checked on the component's witness.
//!
//! Notation in the derivations: σ(a) is the probability of action a; μ(n) the belief in member
//! node n of an information set; "the belief" at a two-member set is the belief in the member
//! named.

use brink_formats::read_game;
use brink_game::{parse_rational, Game, Player, Rational, Tree};
use brink_solve::sequential::{solve, Component, Interval, SequentialConfig, SequentialSolution};
use brink_solve::verify;
use brink_solve::{Number, Status};

// ---------------------------------------------------------------------------------------------
// Helpers: games, labels, ranges.
// ---------------------------------------------------------------------------------------------

fn tree(text: &str) -> Tree {
    match read_game(text).unwrap_or_else(|e| panic!("a test game does not parse: {e}")) {
        Game::Tree(t) => t,
        Game::Table(_) => panic!("expected a tree"),
    }
}

fn q(s: &str) -> Rational {
    parse_rational(s).unwrap_or_else(|| panic!("not a rational: {s}"))
}

/// The index of the information set labelled `label` (exactly one must carry it).
fn infoset(tree: &Tree, label: &str) -> usize {
    let found: Vec<usize> = (0..tree.infosets.len())
        .filter(|&i| tree.infosets[i].label == label)
        .collect();
    assert_eq!(found.len(), 1, "information set {label:?}: {found:?}");
    found[0]
}

/// The index of action `name` at information set `set`.
fn action(tree: &Tree, set: usize, name: &str) -> usize {
    tree.infosets[set]
        .actions
        .iter()
        .position(|a| a == name)
        .unwrap_or_else(|| panic!("no action {name:?} at {:?}", tree.infosets[set].label))
}

/// The index, among the members of information set `set`, of the node labelled `node`.
fn member(tree: &Tree, set: usize, node: &str) -> usize {
    let found: Vec<usize> = tree.infosets[set]
        .members
        .iter()
        .enumerate()
        .filter(|(_, &n)| tree.nodes[n].label == node)
        .map(|(m, _)| m)
        .collect();
    assert_eq!(
        found.len(),
        1,
        "member {node:?} of {:?}: {found:?}",
        tree.infosets[set].label
    );
    found[0]
}

/// What a range is about: an action's probability or a member's belief.
#[derive(Clone, Copy, Debug)]
enum What {
    Action,
    Belief,
}

/// One expected range: at information set `set`, the action (or member node) `name` ranges
/// over [low, high] in the component.
#[derive(Clone, Copy, Debug)]
struct Range {
    set: &'static str,
    what: What,
    name: &'static str,
    low: &'static str,
    high: &'static str,
}

const fn act(
    set: &'static str,
    name: &'static str,
    low: &'static str,
    high: &'static str,
) -> Range {
    Range {
        set,
        what: What::Action,
        name,
        low,
        high,
    }
}

const fn bel(
    set: &'static str,
    node: &'static str,
    low: &'static str,
    high: &'static str,
) -> Range {
    Range {
        set,
        what: What::Belief,
        name: node,
        low,
        high,
    }
}

/// The components as text, for failure messages: each witness's behaviour and beliefs and
/// each range, by label.
fn describe(tree: &Tree, s: &SequentialSolution) -> String {
    let show = |ranges: &[Interval]| -> String {
        let parts: Vec<String> = ranges
            .iter()
            .map(|r| format!("[{}, {}]", r.low, r.high))
            .collect();
        parts.join(" u ")
    };
    let mut out = String::new();
    for (k, c) in s.components.iter().enumerate() {
        out += &format!("\ncomponent {k} (certified {}):", c.certified);
        for (i, set) in tree.infosets.iter().enumerate() {
            if set.player == Player::Chance {
                continue;
            }
            out += &format!("\n  {:?}:", set.label);
            for (a, name) in set.actions.iter().enumerate() {
                out += &format!(" {name} {}", c.witness.behavior[i][a]);
                if let Some(r) = c.behavior_ranges.get(i).and_then(|r| r.get(a)) {
                    out += &format!(" {}", show(r));
                }
                out += ";";
            }
            for (m, &n) in set.members.iter().enumerate() {
                out += &format!(" | {:?} {}", tree.nodes[n].label, c.witness.beliefs[i][m]);
                if let Some(r) = c.belief_ranges.get(i).and_then(|r| r.get(m)) {
                    out += &format!(" {}", show(r));
                }
            }
        }
    }
    out
}

fn solved(tree: &Tree) -> SequentialSolution {
    let s = solve(tree, &SequentialConfig::default())
        .unwrap_or_else(|e| panic!("sequential failed on {:?}: {e}", tree.title));
    assert_eq!(s.status, Status::Solved, "{:?}", tree.title);
    assert!(
        s.complete,
        "{:?}: list not complete: {:?}; found: {}",
        tree.title,
        s.gaps,
        describe(tree, &s)
    );
    assert!(s.gaps.is_empty(), "{:?}: {:?}", tree.title, s.gaps);
    s
}

/// The witness's probability of `name` at the set labelled `set`.
fn prob<'a>(tree: &Tree, c: &'a Component, set: &str, name: &str) -> &'a Rational {
    let i = infoset(tree, set);
    &c.witness.behavior[i][action(tree, i, name)]
}

/// The witness's belief in the member node `node` of the set labelled `set`.
fn belief<'a>(tree: &Tree, c: &'a Component, set: &str, node: &str) -> &'a Rational {
    let i = infoset(tree, set);
    &c.witness.beliefs[i][member(tree, i, node)]
}

/// The one component whose witness plays `name` at `set` with probability `value` (the path
/// of play tells the components apart).
fn component<'a>(
    tree: &Tree,
    s: &'a SequentialSolution,
    set: &str,
    name: &str,
    value: &str,
) -> &'a Component {
    component_where(
        tree,
        s,
        &format!("playing {name:?} at {set:?} with probability {value}"),
        |c| *prob(tree, c, set, name) == q(value),
    )
}

/// The one component whose witness satisfies `test`, described by `what`.
fn component_where<'a>(
    tree: &Tree,
    s: &'a SequentialSolution,
    what: &str,
    test: impl Fn(&Component) -> bool,
) -> &'a Component {
    let found: Vec<&Component> = s.components.iter().filter(|c| test(c)).collect();
    assert_eq!(
        found.len(),
        1,
        "{:?}: components {what}; all: {}",
        tree.title,
        describe(tree, s)
    );
    found[0]
}

/// Checks a component against the expected ranges, which must cover every action and every
/// member of every personal information set (a set of one node believes it: [1, 1] unless
/// listed); also that it is certified with exact ranges, that its certificate passes
/// `verify::sequential` with zero regret, and that its witness lies in its ranges.
fn check(tree: &Tree, c: &Component, expected: &[Range]) {
    assert!(c.certified, "{:?}: witness not certified", tree.title);
    let certificate = c
        .certificate
        .as_ref()
        .unwrap_or_else(|| panic!("{:?}: no certificate", tree.title));
    let verified = verify::sequential(tree, &c.witness.behavior, &c.witness.beliefs, certificate)
        .unwrap_or_else(|e| panic!("{:?}: the witness's certificate fails: {e}", tree.title));
    assert_eq!(
        verified.max_regret,
        q("0"),
        "{:?}: witness regret",
        tree.title
    );
    assert!(c.exact_ranges, "{:?}: ranges not exact", tree.title);
    let mut covered = std::collections::BTreeSet::new();
    for r in expected {
        let i = infoset(tree, r.set);
        let (ranges, witness, j) = match r.what {
            What::Action => {
                let a = action(tree, i, r.name);
                (&c.behavior_ranges[i][a], &c.witness.behavior[i][a], a)
            }
            What::Belief => {
                let m = member(tree, i, r.name);
                (&c.belief_ranges[i][m], &c.witness.beliefs[i][m], m)
            }
        };
        let want = vec![Interval {
            low: q(r.low),
            high: q(r.high),
        }];
        assert_eq!(
            ranges, &want,
            "{:?}: range of {:?} {:?} at {:?}",
            tree.title, r.what, r.name, r.set
        );
        assert!(
            q(r.low) <= *witness && *witness <= q(r.high),
            "{:?}: the witness's {:?} {:?} at {:?} is {witness}, outside its range",
            tree.title,
            r.what,
            r.name,
            r.set
        );
        assert!(
            covered.insert((i, matches!(r.what, What::Belief), j)),
            "{r:?} twice"
        );
    }
    for (i, set) in tree.infosets.iter().enumerate() {
        if set.player == Player::Chance {
            continue;
        }
        for a in 0..set.actions.len() {
            assert!(
                covered.contains(&(i, false, a)),
                "no expectation for {:?} {:?}",
                set.label,
                set.actions[a]
            );
        }
        if set.members.len() == 1 && !covered.contains(&(i, true, 0)) {
            // A set of one node believes its node.
            let one = vec![Interval {
                low: q("1"),
                high: q("1"),
            }];
            assert_eq!(
                c.belief_ranges[i][0], one,
                "{:?}: belief at {:?}",
                tree.title, set.label
            );
            continue;
        }
        for m in 0..set.members.len() {
            assert!(
                covered.contains(&(i, true, m)),
                "no expectation for a member of {:?}",
                set.label
            );
        }
    }
}

fn ex(s: &str) -> Number {
    Number::Exact(q(s))
}

/// An exact behaviour profile `[player][information set][action]` for `verify::behavior`.
fn profile(p: &[&[&[&str]]]) -> Vec<Vec<Vec<Number>>> {
    p.iter()
        .map(|sets| {
            sets.iter()
                .map(|d| d.iter().map(|s| ex(s)).collect())
                .collect()
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// 1. An off-path continuum: yield with any probability in [0, 2/5].
// ---------------------------------------------------------------------------------------------

/// `off_path_continuum.efg`. The Entrant chooses out (0 to it, 3 to the Incumbent), left or
/// right; the Incumbent, not seeing which side, fights or yields. Payoffs (Entrant, Incumbent):
///
/// ```text
///            fight     yield
///   left    (-2, 1)   ( 3, 0)
///   right   (-1, 0)   ( 1, 2)
/// ```
///
/// Write y = σ(yield) and μ = μ(left) at the Incumbent's set.
///
/// *Incumbent.* fight − yield is 1 at left and −2 at right, so in expectation
/// μ − 2(1 − μ) = 3μ − 2: fight is the best reply iff μ ≥ 2/3, yield iff μ ≤ 2/3; mixing needs
/// μ = 2/3 exactly.
///
/// *Entrant.* out = 0; left = −2(1 − y) + 3y = 5y − 2; right = −(1 − y) + y = 2y − 1.
/// left ≤ 0 iff y ≤ 2/5; right ≤ 0 iff y ≤ 1/2; right ≥ left iff 2y − 1 ≥ 5y − 2 iff y ≤ 1/3.
///
/// *No equilibrium enters.* Right played needs right ≥ out (y ≥ 1/2) and right ≥ left
/// (y ≤ 1/3): impossible. Left played (alone or with out, never with right) makes μ = 1 by
/// Bayes' rule, so the Incumbent fights strictly (3·1 − 2 > 0), y = 0, and left = −2 < 0 = out:
/// impossible. So the Entrant stays out in every sequential equilibrium: one path of play.
///
/// *The component.* Out is a best reply iff y ≤ 2/5 (then also y ≤ 1/2). The Incumbent's set is
/// off the path; its two members follow different actions of the same set, which may tremble at
/// different orders or with different weights, so every μ ∈ [0, 1] is consistent. Sequential
/// rationality: y = 0 needs μ ≥ 2/3; y ∈ (0, 2/5] needs μ = 2/3. The component is
/// {y = 0, μ ∈ [2/3, 1]} ∪ {y ∈ [0, 2/5], μ = 2/3} (not a box), with projections
/// σ(yield) ∈ [0, 2/5], σ(fight) ∈ [3/5, 1], μ(left) ∈ [2/3, 1], μ(right) ∈ [0, 1/3]; out 1,
/// left 0, right 0.
///
/// (Every Nash equilibrium has out and y ∈ [0, 2/5] too; sequentiality adds the belief.)
#[test]
fn off_path_continuum_is_the_interval_zero_to_two_fifths() {
    let t = tree(include_str!("sequential/off_path_continuum.efg"));
    let s = solved(&t);
    assert_eq!(s.components.len(), 1, "one path of play: out");
    let c = &s.components[0];
    check(
        &t,
        c,
        &[
            act("entry", "out", "1", "1"),
            act("entry", "left", "0", "0"),
            act("entry", "right", "0", "0"),
            act("incumbent", "fight", "3/5", "1"),
            act("incumbent", "yield", "0", "2/5"),
            bel("incumbent", "left", "2/3", "1"),
            bel("incumbent", "right", "0", "1/3"),
        ],
    );
    // The joint condition: a positive yield only at the belief 2/3 in left.
    if *prob(&t, c, "incumbent", "yield") > q("0") {
        assert_eq!(*belief(&t, c, "incumbent", "left"), q("2/3"));
    }
}

// ---------------------------------------------------------------------------------------------
// 2. A knife-edge: the on-path mix is free in [1/3, 1/2].
// ---------------------------------------------------------------------------------------------

/// `threshold_mix.efg`. The Challenger probes north or south; the Defender, not seeing where,
/// holds a balanced line or guards one side. Payoffs (Challenger, Defender):
///
/// ```text
///            hold     guard north   guard south
///   north   (1, 2)      (0, 4)        (2, 0)
///   south   (1, 2)      (2, 0)        (0, 3)
/// ```
///
/// Write p = σ(north) and (x, y, z) = σ(hold, guard north, guard south).
///
/// *Defender.* hold = 2, guard north = 4p, guard south = 3(1 − p). Hold is a best reply iff
/// 4p ≤ 2 and 3(1 − p) ≤ 2, i.e. p ∈ [1/3, 1/2].
///
/// *Challenger.* north = x + 2z, south = x + 2y: indifferent iff y = z. Against hold alone it
/// is indifferent whatever p is: this is the knife edge.
///
/// *All equilibria.* (i) p = 1: the Defender's unique best reply is guard north (4 > 2 > 0), and
/// then south (2) beats north (0): no. (ii) p = 0: guard south (3 > 2 > 0) is the unique best
/// reply, and north (2) beats south (0): no. (iii) 0 < p < 1 needs y = z. If y = z > 0, both
/// guards are best replies: 4p = 3(1 − p), p = 3/7, where they give 12/7 < 2 = hold: no. So
/// y = z = 0, x = 1, and hold is a best reply iff p ∈ [1/3, 1/2]. At p = 1/3 (or 1/2) the
/// Defender is also indifferent with guard south (guard north), but any weight on it breaks the
/// Challenger's indifference (y ≠ z) and would make p pure: hold stays pure.
///
/// One component, one path of play (both probes, hold): σ(north) ∈ [1/3, 1/2],
/// σ(south) ∈ [1/2, 2/3], hold 1, guards 0; the Defender's set is on the path, so its belief is
/// Bayes': μ(after north) = p ∈ [1/3, 1/2], μ(after south) ∈ [1/2, 2/3].
#[test]
fn knife_edge_mix_is_an_interval_on_the_path() {
    let t = tree(include_str!("sequential/threshold_mix.efg"));
    let s = solved(&t);
    assert_eq!(s.components.len(), 1, "one path of play: both probes, hold");
    let c = &s.components[0];
    check(
        &t,
        c,
        &[
            act("where to probe", "north", "1/3", "1/2"),
            act("where to probe", "south", "1/2", "2/3"),
            act("defence", "hold", "1", "1"),
            act("defence", "guard north", "0", "0"),
            act("defence", "guard south", "0", "0"),
            bel("defence", "after north", "1/3", "1/2"),
            bel("defence", "after south", "1/2", "2/3"),
        ],
    );
    // On the path the belief is Bayes' rule of the mix.
    assert_eq!(
        belief(&t, c, "defence", "after north"),
        prob(&t, c, "where to probe", "north")
    );
}

// ---------------------------------------------------------------------------------------------
// 3. Beer–quiche: both pooling equilibria, nothing else.
// ---------------------------------------------------------------------------------------------

/// `beer_quiche.efg` (Cho & Kreps 1987). Nature: strong 9/10, weak 1/10. The Sender gets 1 for
/// its preferred breakfast (beer if strong, quiche if weak) plus 2 without a duel; the Receiver
/// gets 1 for dueling weak or not dueling strong.
///
/// Write s = σ(beer | strong), v = σ(beer | weak), d_B = σ(duel | beer), d_Q = σ(duel | quiche),
/// w_B, w_Q the beliefs in weak after beer and after quiche.
///
/// *Receiver.* duel gives w, don't gives 1 − w: duel iff w ≥ 1/2, don't iff w ≤ 1/2, mix only
/// at w = 1/2.
///
/// *Sender.* strong: beer 3 − 2d_B, quiche 2 − 2d_Q. weak: beer 2 − 2d_B, quiche 3 − 2d_Q.
///
/// *Pooling on beer* (s = v = 1). w_B = 1/10 by Bayes, so d_B = 0. Strong: 3 ≥ 2 − 2d_Q always.
/// Weak: 2 ≥ 3 − 2d_Q iff d_Q ≥ 1/2. d_Q > 0 needs w_Q ≥ 1/2, and d_Q < 1 needs w_Q ≤ 1/2.
/// Quiche is off the path; its two members follow the two types' own quiche actions, which may
/// tremble at different orders, so every w_Q ∈ [0, 1] is consistent. The component is
/// {d_Q = 1, w_Q ∈ [1/2, 1]} ∪ {d_Q ∈ [1/2, 1], w_Q = 1/2}: duel after quiche ∈ [1/2, 1],
/// don't ∈ [0, 1/2], P(weak | quiche) ∈ [1/2, 1], P(strong | quiche) ∈ [0, 1/2]; after beer
/// don't 1, belief strong 9/10, weak 1/10. The mixed ones (d_Q ∈ [1/2, 1) at w_Q = 1/2 exactly)
/// have the same path of play and belong to this component.
///
/// *Pooling on quiche* (s = v = 0), symmetrically. w_Q = 1/10, d_Q = 0. Weak: 3 ≥ 2 − 2d_B
/// always. Strong: 2 ≥ 3 − 2d_B iff d_B ≥ 1/2, needing w_B ≥ 1/2, and w_B = 1/2 when d_B < 1.
/// Component: duel after beer ∈ [1/2, 1], don't ∈ [0, 1/2], P(weak | beer) ∈ [1/2, 1],
/// P(strong | beer) ∈ [0, 1/2]; after quiche don't 1, beliefs 9/10, 1/10.
///
/// *Nothing else.* Separating strong→beer, weak→quiche: w_B = 0, w_Q = 1, so d_B = 0, d_Q = 1,
/// and weak gets 1 from quiche < 2 from beer: no. Strong→quiche, weak→beer: w_B = 1, d_B = 1,
/// weak gets 0 < 3 from quiche: no. Strong mixing: 3 − 2d_B = 2 − 2d_Q, so d_B = d_Q + 1/2 ≥ 1/2;
/// then weak's quiche 3 − 2d_Q = 4 − 2d_B beats beer 2 − 2d_B, v = 0, beer comes from strong
/// only, w_B = 0, d_B = 0: contradiction. Weak mixing: 2 − 2d_B = 3 − 2d_Q, d_Q = d_B + 1/2 ≥
/// 1/2; strong's beer 3 − 2d_B beats quiche 1 − 2d_B, s = 1; quiche comes from weak only,
/// w_Q = 1, d_Q = 1, d_B = 1/2, needing w_B = 1/2; but w_B = (v/10)/(9/10 + v/10) = 1/2 needs
/// v = 9: no. So exactly two components, one per path of play.
///
/// *For a later refinement test (intuitive criterion).* Quiche pooling gives strong 2, weak 3.
/// Beer can give weak at most 2 < 3 (equilibrium-dominated) but strong up to 3 > 2; the
/// criterion puts belief 0 on weak after beer, the Receiver does not duel, and strong deviates
/// (3 > 2): quiche pooling is removed. Beer pooling gives strong 3, weak 2; quiche gives strong
/// at most 2 < 3, so the belief after quiche is on weak, the Receiver duels, and weak gets
/// 1 < 2: beer pooling survives (it survives D1 as well; D1 also removes quiche pooling).
#[test]
fn beer_quiche_has_both_pooling_equilibria_and_no_other() {
    let t = tree(include_str!("sequential/beer_quiche.efg"));
    let s = solved(&t);
    assert_eq!(s.components.len(), 2, "pooling on beer, pooling on quiche");

    let beer = component(&t, &s, "strong sender", "beer", "1");
    check(
        &t,
        beer,
        &[
            act("strong sender", "beer", "1", "1"),
            act("strong sender", "quiche", "0", "0"),
            act("weak sender", "beer", "1", "1"),
            act("weak sender", "quiche", "0", "0"),
            act("after beer", "duel", "0", "0"),
            act("after beer", "don't", "1", "1"),
            bel("after beer", "strong, beer", "9/10", "9/10"),
            bel("after beer", "weak, beer", "1/10", "1/10"),
            act("after quiche", "duel", "1/2", "1"),
            act("after quiche", "don't", "0", "1/2"),
            bel("after quiche", "strong, quiche", "0", "1/2"),
            bel("after quiche", "weak, quiche", "1/2", "1"),
        ],
    );
    if *prob(&t, beer, "after quiche", "duel") < q("1") {
        assert_eq!(*belief(&t, beer, "after quiche", "weak, quiche"), q("1/2"));
    }

    let quiche = component(&t, &s, "strong sender", "quiche", "1");
    check(
        &t,
        quiche,
        &[
            act("strong sender", "beer", "0", "0"),
            act("strong sender", "quiche", "1", "1"),
            act("weak sender", "beer", "0", "0"),
            act("weak sender", "quiche", "1", "1"),
            act("after quiche", "duel", "0", "0"),
            act("after quiche", "don't", "1", "1"),
            bel("after quiche", "strong, quiche", "9/10", "9/10"),
            bel("after quiche", "weak, quiche", "1/10", "1/10"),
            act("after beer", "duel", "1/2", "1"),
            act("after beer", "don't", "0", "1/2"),
            bel("after beer", "strong, beer", "0", "1/2"),
            bel("after beer", "weak, beer", "1/2", "1"),
        ],
    );
    if *prob(&t, quiche, "after beer", "duel") < q("1") {
        assert_eq!(*belief(&t, quiche, "after beer", "weak, beer"), q("1/2"));
    }
}

// ---------------------------------------------------------------------------------------------
// 4. Sequential equilibria a strict subset of the subgame-perfect ones.
// ---------------------------------------------------------------------------------------------

/// `no_subgame_dominated.efg`. Player 1: out (2, 2), left or right; Player 2 at {left, right}
/// accepts or punishes:
///
/// ```text
///            accept    punish
///   left    (3, 1)    (1, 0)
///   right   (1, 2)    (0, 1)
/// ```
///
/// *No proper subgame.* A subgame starts at a node alone in its information set; Player 2's two
/// nodes share one, so the only subgame is the game itself and subgame-perfect = Nash.
///
/// *Nash equilibria.* Write a = σ(accept). Player 1: out 2, left 3a + (1 − a) = 1 + 2a,
/// right a. (left, accept) is Nash: 3 > 2 > 1, and accept is Player 2's best reply on the path
/// (1 > 0). (out, a) is Nash for every a ≤ 1/2 (left ≤ 2, right ≤ 2; Player 2's set is off the
/// path so any a is a best reply there in the Nash sense); in particular (out, punish).
///
/// *Sequential equilibria.* accept beats punish by 1 at both of Player 2's nodes, so it is the
/// only best reply whatever the belief: a = 1. Then Player 1's unique best reply is left (3
/// against 2 for out and 1 for right). One sequential equilibrium: (left, accept), Player 2's
/// set on the path with belief 1 in left. (out, punish) is subgame-perfect but not sequential.
#[test]
fn dominated_threat_is_subgame_perfect_but_not_sequential() {
    let t = tree(include_str!("sequential/no_subgame_dominated.efg"));

    // The hand-derived non-sequential equilibrium: (out, punish) is Nash and subgame-perfect
    // (checked by the existing verifier), not sequentially rational.
    let out_punish = verify::behavior(&t, &profile(&[&[&["1", "0", "0"]], &[&["0", "1"]]]))
        .expect("the profile fits the game");
    assert_eq!(out_punish.max_regret, Some(ex("0")));
    assert_eq!(out_punish.subgame_perfect, Some(true));
    assert!(!out_punish.sequentially_rational);

    let s = solved(&t);
    assert_eq!(s.components.len(), 1, "only (left, accept)");
    check(
        &t,
        &s.components[0],
        &[
            act("player 1", "out", "0", "0"),
            act("player 1", "left", "1", "1"),
            act("player 1", "right", "0", "0"),
            act("player 2", "accept", "1", "1"),
            act("player 2", "punish", "0", "0"),
            bel("player 2", "left", "1", "1"),
            bel("player 2", "right", "0", "0"),
        ],
    );
}

/// `selten_horse.efg` (Selten 1975), three players. Player 1: down → node x, or across →
/// Player 2: across → (1, 1, 1), or down → node y. Player 3 at {x, y}:
///
/// ```text
///           left        right
///   x    (3, 3, 2)   (0, 0, 0)
///   y    (4, 4, 0)   (0, 0, 1)
/// ```
///
/// No proper subgame (Player 2's node leads to y, which shares a set with x), so
/// subgame-perfect = Nash. Write ℓ = σ(left), β = μ(x), δ = σ(down | Player 2),
/// π = σ(down | Player 1).
///
/// *Player 3.* left gives 2β, right 1 − β: left iff β ≥ 1/3, mix only at β = 1/3.
/// *Player 2.* across 1, down 4ℓ: across iff ℓ ≤ 1/4.
/// *Player 1.* down 3ℓ; across (1 − δ) + 4ℓδ.
///
/// *(down, across, left) is Nash but not sequential.* With ℓ = 1, Player 1 gets 3 from down
/// and 1 from across; Player 2 is off the path; β = 1 makes left right for Player 3. But at
/// Player 2's node down gives 4 > 1: across is not sequentially rational.
///
/// *All sequential equilibria.* (i) π = 0, δ > 0: y is reached and x is not, β = 0, ℓ = 0,
/// then Player 2's across (1 > 0) is strict: no. (ii) π = 1: β = 1, ℓ = 1, Player 2 must play
/// down (4 > 1), and across gives Player 1 4 > 3: no. (iii) 0 < π < 1: Player 1 indifferent,
/// 3ℓ = (1 − δ) + 4ℓδ. δ = 0 makes β = 1, ℓ = 1, Player 2 down: no. 0 < δ < 1 needs ℓ = 1/4,
/// then 3/4 = 1: no. δ = 1 gives ℓ = 0, where Player 2's down (0 < 1) is not a best reply: no.
/// (iv) π = 0, δ = 0: Player 3's set is off the path; x follows Player 1's down and y Player 2's
/// down, trembles of different players, so every β ∈ [0, 1] is consistent. Player 2: ℓ ≤ 1/4;
/// Player 1: 1 ≥ 3ℓ holds then. Player 3: ℓ = 0 needs β ≤ 1/3; ℓ ∈ (0, 1/4] needs β = 1/3.
///
/// One component (across, across): σ(left) ∈ [0, 1/4], σ(right) ∈ [3/4, 1], μ(x) ∈ [0, 1/3],
/// μ(y) ∈ [2/3, 1].
#[test]
fn seltens_horse_keeps_only_across_across() {
    let t = tree(include_str!("sequential/selten_horse.efg"));

    let down_left = verify::behavior(
        &t,
        &profile(&[&[&["1", "0"]], &[&["0", "1"]], &[&["1", "0"]]]),
    )
    .expect("the profile fits the game");
    assert_eq!(down_left.max_regret, Some(ex("0")));
    assert_eq!(down_left.subgame_perfect, Some(true));
    assert!(!down_left.sequentially_rational);

    let s = solved(&t);
    assert_eq!(s.components.len(), 1, "only across, across");
    let c = &s.components[0];
    check(
        &t,
        c,
        &[
            act("player 1", "down", "0", "0"),
            act("player 1", "across", "1", "1"),
            act("player 2", "down", "0", "0"),
            act("player 2", "across", "1", "1"),
            act("player 3", "left", "0", "1/4"),
            act("player 3", "right", "3/4", "1"),
            bel("player 3", "x", "0", "1/3"),
            bel("player 3", "y", "2/3", "1"),
        ],
    );
    if *prob(&t, c, "player 3", "left") > q("0") {
        assert_eq!(*belief(&t, c, "player 3", "x"), q("1/3"));
    }
}

// ---------------------------------------------------------------------------------------------
// 5. Unilateral deterrence: the status quo needs non-uniform trembles.
// ---------------------------------------------------------------------------------------------

/// `unilateral_deterrence.efg`: `scenarios/models/unilateral_deterrence.toml` converted at
/// p = P(Challenger hard) = 1/2 and q = P(Defender hard) = 1/3, the other parameters at their
/// base values. Payoffs (Challenger, Defender): status quo (0, 0); concession (1, −1);
/// back-down (−1, 1/2); conflict: Challenger −1/2 if hard, −3 if soft; Defender −1/2 if hard,
/// −3 if soft.
///
/// Node labels (from the conversion): `defender_reply` = (Challenger hard, Defender hard),
/// `defender_reply (2)` = (hard, soft), `defender_reply (3)` = (soft, hard),
/// `defender_reply (4)` = (soft, soft); `start` .. `start (4)` and `challenger_last` ..
/// `challenger_last (4)` likewise.
///
/// *Challenger's first sets.* Each type's `start` set holds the two Defender types, always
/// reached: the belief is the prior, Defender hard 1/3, soft 2/3.
///
/// *Last move.* A hard Challenger fights (−1/2 > −1), a soft one backs down (−1 > −3),
/// whatever it believes: both strict.
///
/// *Defender.* With μ = P(Challenger hard | initiate): concede −1; defend gives
/// μ·(conflict) + (1 − μ)·1/2. Hard: 1/2 − μ ≥ −1/2 > −1, so it always defends. Soft:
/// 1/2 − 7μ/2 ≥ −1 iff μ ≤ 3/7: defends iff μ ≤ 3/7, mixes only at μ = 3/7. Write δ = σ(defend |
/// soft); an initiator meets a defence with probability D = 1/3 + 2δ/3.
///
/// *Challenger.* status quo 0. Hard: initiate 1·(1 − D) − D/2 = 1 − 3D/2 ≤ 0 iff D ≥ 2/3 iff
/// δ ≥ 1/2. Soft: initiate 1 − 2D ≤ 0 iff D ≥ 1/2 iff δ ≥ 1/4.
///
/// *Consistency.* The members of a Defender's set follow the two Challenger types' own initiate
/// actions (different information sets), so every μ ∈ [0, 1] is consistent when neither
/// initiates. The hard and the soft Defender's sets hold the same belief: their members differ
/// only by the Defender's type drawn by chance, μ = p·σ_ε(init | hard) / (p·σ_ε(init | hard) +
/// (1 − p)·σ_ε(init | soft)) in both. Uniform trembles (every unplayed action at the same order
/// and weight) give μ = p = 1/2 > 3/7.
///
/// *All equilibria* (x = σ(initiate | hard), y = σ(initiate | soft)):
/// - δ < 1/4: both initiate, μ = p = 1/2 > 3/7, so δ = 0: consistent. **Attack**: both types
///   initiate, the hard Defender defends, the soft one concedes (what `analyze` reports today,
///   as its only equilibrium).
/// - δ = 1/4: x = 1, and the soft Defender mixing needs μ = 3/7 = (1/2)/(1/2 + y/2), y = 4/3:
///   no.
/// - 1/4 < δ < 1/2: x = 1, y = 0, μ = 1, δ = 0: no.
/// - δ = 1/2 with x > 0: y = 0, μ = 1, δ = 0: no.
/// - δ ≥ 1/2 with x = y = 0: **status quo**; δ > 0 needs μ ≤ 3/7, δ < 1 needs μ = 3/7.
///   The set is {δ = 1, μ ∈ [0, 3/7]} ∪ {δ ∈ [1/2, 1], μ = 3/7}: σ(defend | soft) ∈ [1/2, 1],
///   P(Challenger hard | initiate) ∈ [0, 3/7] at both Defender sets (soft ∈ [4/7, 1]). The
///   beliefs that support it lie below the prior 1/2: uniform trembles miss it.
///
/// *Challenger's last sets.* In the status quo they are off the path; their members differ by
/// the Defender's type (chance, 1/3 : 2/3) and the Defender's defend (order 0 and weight 1 if
/// hard, weight δ > 0 if soft), after the same Challenger tremble, so the belief is forced:
/// P(Defender hard) = (1/3) / (1/3 + 2δ/3) = 1/(1 + 2δ) ∈ [1/3, 1/2] for δ ∈ [1/2, 1]
/// (Defender soft ∈ [1/2, 2/3]). In the attack they are on the path and the soft Defender
/// never defends: P(Defender hard) = 1.
///
/// Two components, one per path of play.
#[test]
fn unilateral_deterrence_lists_the_status_quo_that_uniform_trembles_miss() {
    let t = tree(include_str!("sequential/unilateral_deterrence.efg"));
    let s = solved(&t);
    assert_eq!(s.components.len(), 2, "attack and status quo");

    let attack = component(&t, &s, "start [hard]", "initiate", "1");
    check(
        &t,
        attack,
        &[
            bel("start [hard]", "start", "1/3", "1/3"),
            bel("start [hard]", "start (2)", "2/3", "2/3"),
            bel("start [soft]", "start (3)", "1/3", "1/3"),
            bel("start [soft]", "start (4)", "2/3", "2/3"),
            act("start [hard]", "status_quo", "0", "0"),
            act("start [hard]", "initiate", "1", "1"),
            act("start [soft]", "status_quo", "0", "0"),
            act("start [soft]", "initiate", "1", "1"),
            act("defender_reply [hard]", "concede", "0", "0"),
            act("defender_reply [hard]", "defend", "1", "1"),
            act("defender_reply [soft]", "concede", "1", "1"),
            act("defender_reply [soft]", "defend", "0", "0"),
            bel("defender_reply [hard]", "defender_reply", "1/2", "1/2"),
            bel("defender_reply [hard]", "defender_reply (3)", "1/2", "1/2"),
            bel("defender_reply [soft]", "defender_reply (2)", "1/2", "1/2"),
            bel("defender_reply [soft]", "defender_reply (4)", "1/2", "1/2"),
            act("challenger_last [hard]", "back_down", "0", "0"),
            act("challenger_last [hard]", "fight", "1", "1"),
            act("challenger_last [soft]", "back_down", "1", "1"),
            act("challenger_last [soft]", "fight", "0", "0"),
            bel("challenger_last [hard]", "challenger_last", "1", "1"),
            bel("challenger_last [hard]", "challenger_last (2)", "0", "0"),
            bel("challenger_last [soft]", "challenger_last (3)", "1", "1"),
            bel("challenger_last [soft]", "challenger_last (4)", "0", "0"),
        ],
    );

    let status_quo = component(&t, &s, "start [hard]", "status_quo", "1");
    check(
        &t,
        status_quo,
        &[
            bel("start [hard]", "start", "1/3", "1/3"),
            bel("start [hard]", "start (2)", "2/3", "2/3"),
            bel("start [soft]", "start (3)", "1/3", "1/3"),
            bel("start [soft]", "start (4)", "2/3", "2/3"),
            act("start [hard]", "status_quo", "1", "1"),
            act("start [hard]", "initiate", "0", "0"),
            act("start [soft]", "status_quo", "1", "1"),
            act("start [soft]", "initiate", "0", "0"),
            act("defender_reply [hard]", "concede", "0", "0"),
            act("defender_reply [hard]", "defend", "1", "1"),
            act("defender_reply [soft]", "concede", "0", "1/2"),
            act("defender_reply [soft]", "defend", "1/2", "1"),
            bel("defender_reply [hard]", "defender_reply", "0", "3/7"),
            bel("defender_reply [hard]", "defender_reply (3)", "4/7", "1"),
            bel("defender_reply [soft]", "defender_reply (2)", "0", "3/7"),
            bel("defender_reply [soft]", "defender_reply (4)", "4/7", "1"),
            act("challenger_last [hard]", "back_down", "0", "0"),
            act("challenger_last [hard]", "fight", "1", "1"),
            act("challenger_last [soft]", "back_down", "1", "1"),
            act("challenger_last [soft]", "fight", "0", "0"),
            bel("challenger_last [hard]", "challenger_last", "1/3", "1/2"),
            bel(
                "challenger_last [hard]",
                "challenger_last (2)",
                "1/2",
                "2/3",
            ),
            bel(
                "challenger_last [soft]",
                "challenger_last (3)",
                "1/3",
                "1/2",
            ),
            bel(
                "challenger_last [soft]",
                "challenger_last (4)",
                "1/2",
                "2/3",
            ),
        ],
    );
    // The joint conditions on the witness: one belief at both Defender sets, 3/7 unless the soft
    // Defender defends surely; the Challenger's last beliefs forced by δ.
    let mu = belief(
        &t,
        status_quo,
        "defender_reply [soft]",
        "defender_reply (2)",
    );
    assert_eq!(
        mu,
        belief(&t, status_quo, "defender_reply [hard]", "defender_reply")
    );
    let delta = prob(&t, status_quo, "defender_reply [soft]", "defend");
    if *delta < q("1") {
        assert_eq!(*mu, q("3/7"));
    }
    let forced = q("1") / (q("1") + q("2") * delta);
    assert_eq!(
        *belief(&t, status_quo, "challenger_last [hard]", "challenger_last"),
        forced
    );
    assert_eq!(
        *belief(
            &t,
            status_quo,
            "challenger_last [soft]",
            "challenger_last (3)"
        ),
        forced
    );
}

/// `unilateral_deterrence_threshold.efg`: the same model converted at q = P(Defender hard) =
/// 1/2, the other parameters at their base values (p = P(Challenger hard) = 3/10). At q = 1/2
/// the soft Challenger is exactly indifferent about bluffing while the soft Defender concedes:
/// the equilibrium set holds an interval of on-path mixes, where `analyze` printed (before
/// issue 10) one arbitrary mix, 1/2, as the answer.
///
/// The best replies derived for the first unilateral-deterrence test hold with q = 1/2: the
/// hard Challenger fights and the soft one backs down at the end; the hard Defender defends;
/// the soft Defender defends iff μ = P(Challenger hard | initiate) ≤ 3/7. Now an initiator meets
/// a defence with probability D = 1/2 + δ/2 (δ = σ(defend | soft Defender)). Hard Challenger:
/// initiate 1 − 3D/2 = (1 − 3δ)/4, positive iff δ < 1/3, zero at δ = 1/3. Soft Challenger:
/// initiate 1 − 2D = −δ: never better than the status quo, as good iff δ = 0. Write x, y =
/// σ(initiate | hard, soft). On the path μ = (3/10)x / ((3/10)x + (7/10)y).
///
/// *All equilibria.*
/// - δ = 0: x = 1, y free for the soft Challenger; μ = 3/(3 + 7y), and δ = 0 needs μ ≥ 3/7, i.e.
///   y ≤ 4/7. (A) y = 0: **separating**, only the hard type initiates, μ = 1. (B) y ∈ (0, 4/7]:
///   **semi-separating bluff**, μ = 3/(3 + 7y) ∈ [3/7, 1). The soft Defender cannot mix there
///   (δ > 0 would make the soft Challenger's bluff strictly worse, y = 0, μ = 1).
/// - 0 < δ < 1/3: y = 0, x = 1, μ = 1, δ = 0: no.
/// - δ = 1/3 with x > 0: y = 0, μ = 1, δ = 0: no.
/// - δ ≥ 1/3, x = y = 0: (C) **status quo**; the Defender's sets are off the path and every μ is
///   consistent (one μ for both Defender types, as before); δ < 1 needs μ = 3/7, δ = 1 needs
///   μ ≤ 3/7. σ(defend | soft) ∈ [1/3, 1], μ ∈ [0, 3/7]. (Here the prior 3/10 ≤ 3/7, so uniform
///   trembles find it.)
///
/// (A) and (B) differ in their path of play (in (A) the soft Challenger's initiation is off the
/// path; in (B) it is on it), so there are three components. (B)'s closure: σ(initiate | soft)
/// ∈ [0, 4/7], σ(status quo | soft) ∈ [3/7, 1], μ ∈ [3/7, 1] (P(Challenger soft | initiate)
/// ∈ [0, 4/7]).
///
/// *Challenger's last sets.* (A) and (B): the hard Challenger's is on the path and only the hard
/// Defender defends, P(Defender hard) = 1; the soft Challenger's is on the path in (B) with the
/// same belief, and in (A) off it but forced the same way (its members differ by the soft
/// Defender's defend, a tremble of positive order, against the hard Defender's played defend):
/// P(Defender hard) = 1. (C): off the path, P(Defender hard) = (1/2)/(1/2 + δ/2) = 1/(1 + δ) ∈
/// [1/2, 3/4] for δ ∈ [1/3, 1]. The Challenger's first sets hold the prior, 1/2 : 1/2.
#[test]
fn unilateral_deterrence_at_a_threshold_prior_has_an_interval_of_bluffs() {
    let t = tree(include_str!(
        "sequential/unilateral_deterrence_threshold.efg"
    ));
    let s = solved(&t);
    assert_eq!(s.components.len(), 3, "separating, bluff, status quo");

    // Identical in the three components.
    let firsts = [
        bel("start [hard]", "start", "1/2", "1/2"),
        bel("start [hard]", "start (2)", "1/2", "1/2"),
        bel("start [soft]", "start (3)", "1/2", "1/2"),
        bel("start [soft]", "start (4)", "1/2", "1/2"),
        act("defender_reply [hard]", "concede", "0", "0"),
        act("defender_reply [hard]", "defend", "1", "1"),
        act("challenger_last [hard]", "back_down", "0", "0"),
        act("challenger_last [hard]", "fight", "1", "1"),
        act("challenger_last [soft]", "back_down", "1", "1"),
        act("challenger_last [soft]", "fight", "0", "0"),
    ];
    // Identical in (A) and (B).
    let attacks = [
        act("start [hard]", "status_quo", "0", "0"),
        act("start [hard]", "initiate", "1", "1"),
        act("defender_reply [soft]", "concede", "1", "1"),
        act("defender_reply [soft]", "defend", "0", "0"),
        bel("challenger_last [hard]", "challenger_last", "1", "1"),
        bel("challenger_last [hard]", "challenger_last (2)", "0", "0"),
        bel("challenger_last [soft]", "challenger_last (3)", "1", "1"),
        bel("challenger_last [soft]", "challenger_last (4)", "0", "0"),
    ];
    let initiates = |c: &Component, set: &str| prob(&t, c, set, "initiate").clone();

    let separating = component_where(&t, &s, "where only the hard type initiates", |c| {
        initiates(c, "start [hard]") == q("1") && initiates(c, "start [soft]") == q("0")
    });
    let mut expected = firsts.to_vec();
    expected.extend_from_slice(&attacks);
    expected.extend_from_slice(&[
        act("start [soft]", "status_quo", "1", "1"),
        act("start [soft]", "initiate", "0", "0"),
        bel("defender_reply [hard]", "defender_reply", "1", "1"),
        bel("defender_reply [hard]", "defender_reply (3)", "0", "0"),
        bel("defender_reply [soft]", "defender_reply (2)", "1", "1"),
        bel("defender_reply [soft]", "defender_reply (4)", "0", "0"),
    ]);
    check(&t, separating, &expected);

    let bluff = component_where(&t, &s, "where the soft type bluffs", |c| {
        initiates(c, "start [soft]") > q("0")
    });
    let mut expected = firsts.to_vec();
    expected.extend_from_slice(&attacks);
    expected.extend_from_slice(&[
        act("start [soft]", "status_quo", "3/7", "1"),
        act("start [soft]", "initiate", "0", "4/7"),
        bel("defender_reply [hard]", "defender_reply", "3/7", "1"),
        bel("defender_reply [hard]", "defender_reply (3)", "0", "4/7"),
        bel("defender_reply [soft]", "defender_reply (2)", "3/7", "1"),
        bel("defender_reply [soft]", "defender_reply (4)", "0", "4/7"),
    ]);
    check(&t, bluff, &expected);
    // On the path the belief is Bayes' rule of the bluff: μ = 3/(3 + 7y).
    let y = initiates(bluff, "start [soft]");
    let mu = q("3") / (q("3") + q("7") * &y);
    assert_eq!(
        *belief(&t, bluff, "defender_reply [soft]", "defender_reply (2)"),
        mu
    );

    let status_quo = component(&t, &s, "start [hard]", "status_quo", "1");
    let mut expected = firsts.to_vec();
    expected.extend_from_slice(&[
        act("start [hard]", "status_quo", "1", "1"),
        act("start [hard]", "initiate", "0", "0"),
        act("start [soft]", "status_quo", "1", "1"),
        act("start [soft]", "initiate", "0", "0"),
        act("defender_reply [soft]", "concede", "0", "2/3"),
        act("defender_reply [soft]", "defend", "1/3", "1"),
        bel("defender_reply [hard]", "defender_reply", "0", "3/7"),
        bel("defender_reply [hard]", "defender_reply (3)", "4/7", "1"),
        bel("defender_reply [soft]", "defender_reply (2)", "0", "3/7"),
        bel("defender_reply [soft]", "defender_reply (4)", "4/7", "1"),
        bel("challenger_last [hard]", "challenger_last", "1/2", "3/4"),
        bel(
            "challenger_last [hard]",
            "challenger_last (2)",
            "1/4",
            "1/2",
        ),
        bel(
            "challenger_last [soft]",
            "challenger_last (3)",
            "1/2",
            "3/4",
        ),
        bel(
            "challenger_last [soft]",
            "challenger_last (4)",
            "1/4",
            "1/2",
        ),
    ]);
    check(&t, status_quo, &expected);
    let mu = belief(
        &t,
        status_quo,
        "defender_reply [soft]",
        "defender_reply (2)",
    );
    let delta = prob(&t, status_quo, "defender_reply [soft]", "defend");
    if *delta < q("1") {
        assert_eq!(*mu, q("3/7"));
    }
    let forced = q("1") / (q("1") + delta);
    assert_eq!(
        *belief(&t, status_quo, "challenger_last [hard]", "challenger_last"),
        forced
    );
}

// ---------------------------------------------------------------------------------------------
// 6. D1 against the intuitive criterion (for a later refinement test).
// ---------------------------------------------------------------------------------------------

/// `d1_vs_intuitive.efg`. Nature: moderate 1/2, ambitious 1/2. The Sender accepts (2 to
/// either type, 0 to the Receiver) or demands; after a demand the Receiver refuses (Sender 0,
/// Receiver 3), concedes a little (Sender 3 if moderate, 4 if ambitious; Receiver 4 against a
/// moderate Sender, 0 against an ambitious one) or concedes much (Sender 4 if moderate, 6 if
/// ambitious; Receiver 0 against a moderate Sender, 4 against an ambitious one).
///
/// Write s_m, s_a = σ(demand | moderate, ambitious), w = P(ambitious | demand), a = σ(concede a
/// little), b = σ(concede much).
///
/// *Receiver.* refuse 3, a little 4(1 − w), much 4w. Refuse is best iff w ∈ [1/4, 3/4]; a little
/// iff w ≤ 1/4; much iff w ≥ 3/4. Mixes: refuse/a little only at w = 1/4, refuse/much only at
/// w = 3/4 (a little and much together would need 4(1 − w) = 4w = max ≥ 3: no).
///
/// *Sender.* accept 2. demand: moderate 3a + 4b, ambitious 4a + 6b.
///
/// *Both accept* (pooling). Demand is off the path; its members follow the two types' own
/// demand actions, so every w ∈ [0, 1] is consistent. Need 3a + 4b ≤ 2 and 4a + 6b ≤ 2:
/// w < 1/4 (a = 1) or w > 3/4 (b = 1) fail; w ∈ (1/4, 3/4): refuse, fine; w = 1/4: a ≤ 1/2
/// (ambitious binds); w = 3/4: b ≤ 1/3 (ambitious binds). Component: w ∈ [1/4, 3/4],
/// refuse ∈ [1/2, 1], a little ∈ [0, 1/2], much ∈ [0, 1/3] (a > 0 only at w = 1/4, b > 0 only
/// at w = 3/4); beliefs P(moderate | demand) ∈ [1/4, 3/4] likewise.
///
/// *Demand on the path.* Both demand surely: w = 1/2, refuse, 0 < 2: no. w < 1/4 or
/// w ∈ (3/4, 1): the Receiver concedes surely and both types gain over 2, so both demand, w =
/// 1/2: no. w ∈ (1/4, 3/4): refuse, nobody demands: no. w = 1/4 (s_m = 3s_a > 0): both demand
/// with positive probability, so 3a ≥ 2, a ≥ 2/3, and then the ambitious type gains strictly
/// (4a > 2), s_a = 1, s_m = 3: no. w = 1: only the ambitious type demands, much, and the
/// moderate type would gain 4 > 2: no. w = 3/4: s_a = 3s_m, so s_m ≤ 1/3 and s_m > 0 (else w
/// = 1); the moderate type's indifference 4b = 2 gives b = 1/2, the ambitious type then gets 3 >
/// 2, s_a = 1, s_m = 1/3: check w = (1/2)/(1/2 + 1/6) = 3/4. **Hybrid**: the ambitious type
/// demands, the moderate one demands with probability 1/3, the Receiver refuses or concedes much
/// with probability 1/2 each.
///
/// Two components. *For a later refinement test:* in the pooling one (payoffs 2 and 2), neither
/// type is equilibrium-dominated at demand (the moderate type could get 4, the ambitious 6), so
/// the intuitive criterion keeps it. D1: over the Receiver's best replies, the moderate type
/// gains weakly iff a ≥ 2/3 (refuse/a little) or b ≥ 1/2 (refuse/much); the ambitious type gains
/// strictly iff a > 1/2 or b > 1/3, a strict superset; D1 puts belief 0 on moderate after a
/// demand, the Receiver concedes much, and the ambitious type gets 6 > 2: D1 removes the
/// pooling equilibrium. The hybrid has no off-path message and survives both.
#[test]
fn d1_game_has_the_pooling_and_the_hybrid_equilibria() {
    let t = tree(include_str!("sequential/d1_vs_intuitive.efg"));
    let s = solved(&t);
    assert_eq!(s.components.len(), 2, "both accept; hybrid");

    let pooling = component(&t, &s, "moderate sender", "accept", "1");
    check(
        &t,
        pooling,
        &[
            act("moderate sender", "accept", "1", "1"),
            act("moderate sender", "demand", "0", "0"),
            act("ambitious sender", "accept", "1", "1"),
            act("ambitious sender", "demand", "0", "0"),
            act("after demand", "refuse", "1/2", "1"),
            act("after demand", "concede a little", "0", "1/2"),
            act("after demand", "concede much", "0", "1/3"),
            bel("after demand", "moderate, demand", "1/4", "3/4"),
            bel("after demand", "ambitious, demand", "1/4", "3/4"),
        ],
    );
    let little = prob(&t, pooling, "after demand", "concede a little");
    let much = prob(&t, pooling, "after demand", "concede much");
    let ambitious = belief(&t, pooling, "after demand", "ambitious, demand");
    if *little > q("0") {
        assert_eq!(*ambitious, q("1/4"));
    }
    if *much > q("0") {
        assert_eq!(*ambitious, q("3/4"));
    }

    let hybrid = component(&t, &s, "moderate sender", "demand", "1/3");
    check(
        &t,
        hybrid,
        &[
            act("moderate sender", "accept", "2/3", "2/3"),
            act("moderate sender", "demand", "1/3", "1/3"),
            act("ambitious sender", "accept", "0", "0"),
            act("ambitious sender", "demand", "1", "1"),
            act("after demand", "refuse", "1/2", "1/2"),
            act("after demand", "concede a little", "0", "0"),
            act("after demand", "concede much", "1/2", "1/2"),
            bel("after demand", "moderate, demand", "1/4", "1/4"),
            bel("after demand", "ambitious, demand", "3/4", "3/4"),
        ],
    );
}
