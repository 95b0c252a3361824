//! The intuitive criterion and D1 on hand-derived signalling games (issue 10).

use brink_formats::read_game;
use brink_game::{Game, Tree};
use brink_solve::sequential::{refine, solve, Component, Refinement, SequentialConfig};

fn tree(text: &str) -> Tree {
    match read_game(text).unwrap_or_else(|e| panic!("a test game does not parse: {e}")) {
        Game::Tree(t) => t,
        Game::Table(_) => panic!("expected a tree"),
    }
}

/// The probability the witness gives to action `name` at the information set labelled `label`.
fn played(t: &Tree, c: &Component, label: &str, name: &str) -> f64 {
    let h = t
        .infosets
        .iter()
        .position(|i| i.label == label)
        .unwrap_or_else(|| panic!("no set {label}"));
    let a = t.infosets[h]
        .actions
        .iter()
        .position(|x| x == name)
        .unwrap();
    brink_game::rational_to_f64(&c.witness.behavior[h][a])
}

/// Beer–quiche (Cho & Kreps 1987; prior strong 9/10; the sender gets 1 for its preferred
/// breakfast plus 2 if not dueled; the receiver gets 1 for dueling a weak or not dueling a
/// strong sender). Two components: pooling on beer (u* strong 3, weak 2) and on quiche (u*
/// strong 2, weak 3).
///
/// Intuitive criterion. Beer pooling, unsent quiche: the strong type gets at most 0 + 2 = 2 < 3
/// from quiche, so it is equilibrium-dominated; against a belief on the weak type alone the
/// receiver duels, the weak type gets 1 < 2, the strong 0 < 3: it survives. Quiche pooling,
/// unsent beer: the weak type gets at most 0 + 2 = 2 < 3 from beer, dominated; against the
/// strong type alone the receiver does not duel and the strong type gets 1 + 2 = 3 > 2: it
/// fails. D1 agrees: in the quiche pooling the strong type gains from beer (3 > 2 when not
/// dueled) at replies where the weak gains weakly (none: the weak gets at most 2 < 3), so the
/// weak type goes, the receiver does not duel, and the strong type deviates.
#[test]
fn beer_quiche_both_criteria_remove_quiche_pooling_only() {
    let t = tree(include_str!("sequential/beer_quiche.efg"));
    let s = solve(&t, &SequentialConfig::default()).unwrap();
    assert_eq!(s.components.len(), 2);
    for which in [Refinement::Intuitive, Refinement::D1] {
        let verdicts = refine(&t, &s.components, which).unwrap();
        for (c, v) in s.components.iter().zip(&verdicts) {
            let beer = played(&t, c, "strong sender", "beer") == 1.0;
            assert_eq!(v.survives, beer, "{which:?}: {v:?}");
            if !beer {
                assert!(v.reason.contains("beer"), "{}", v.reason);
            }
        }
    }
}

/// `d1_vs_intuitive.efg` (derived in tests/sequential.rs, game 6): moderate or ambitious sender
/// (1/2 each) accepts (2 to either type) or demands; the receiver refuses (sender 0), concedes a
/// little (3 moderate, 4 ambitious) or concedes much (4 moderate, 6 ambitious).
///
/// Pooling on accept (u* = 2, 2): neither type is equilibrium-dominated at demand (each can get
/// more than 2 against some best reply), so the intuitive criterion puts no restriction, and
/// refusing (a best reply to beliefs between 1/4 and 3/4) keeps both at 0 < 2: it survives.
/// D1: where the moderate type gains weakly (a ≥ 2/3 on refuse/a little, or b ≥ 1/2 on
/// refuse/much) the ambitious type gains strictly (4a > 2, 6b > 2), so the moderate type goes;
/// against the ambitious type alone the receiver concedes much and the ambitious type gets
/// 6 > 2: the pooling fails D1. The hybrid equilibrium sends both messages and survives both.
#[test]
fn d1_removes_the_pooling_that_the_intuitive_criterion_keeps() {
    let t = tree(include_str!("sequential/d1_vs_intuitive.efg"));
    let s = solve(&t, &SequentialConfig::default()).unwrap();
    assert_eq!(s.components.len(), 2);
    let pooling = |c: &Component| {
        played(&t, c, "moderate sender", "accept") == 1.0
            && played(&t, c, "ambitious sender", "accept") == 1.0
    };
    let intuitive = refine(&t, &s.components, Refinement::Intuitive).unwrap();
    assert!(intuitive.iter().all(|v| v.survives), "{intuitive:?}");
    let d1 = refine(&t, &s.components, Refinement::D1).unwrap();
    for (c, v) in s.components.iter().zip(&d1) {
        assert_eq!(v.survives, !pooling(c), "{v:?}");
    }
}

/// Refinements are refused, with a reason, where the game is not a sender–receiver game.
#[test]
fn refinements_refuse_games_that_are_not_signalling_games() {
    let t = tree(include_str!("sequential/selten_horse.efg"));
    let s = solve(&t, &SequentialConfig::default()).unwrap();
    let err = refine(&t, &s.components, Refinement::Intuitive).unwrap_err();
    assert!(err.contains("sender–receiver"), "{err}");
}
