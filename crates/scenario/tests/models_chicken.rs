//! Chicken (Schelling 1960; Powell 1987), `scenarios/models/chicken.toml`: the equilibria
//! brink computes against the closed forms, over random payoffs with 1 > c_i > s_i > 0.
//!
//! The closed forms are derived here, not read from brink: a side is willing to mix only if the
//! other stands firm with the probability `f` that makes it indifferent, `(1 - f) c + f s =
//! 1 - f`, so `f = (1 - c) / (1 - c + s)` with the indifferent side's `c` and `s`. The logit
//! quantal-response equilibrium is traced here by a one-dimensional continuation in λ of its
//! fixed-point equation, with no code from the solvers.
use std::path::{Path, PathBuf};

use brink_game::{parse_rational, rational_to_f64, Game, Rational, Tree};
use brink_scenario::{analyze, load, Scenario};
use brink_solve::{solve, Config, Method, Number, Profile};
use num_traits::One;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn scenario() -> Scenario {
    let path: PathBuf =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/models/chicken.toml");
    load(&path).unwrap_or_else(|d| panic!("{}", d[0]))
}

/// A random draw 0 < s < c < 1 in thousandths.
fn draw_pair(rng: &mut ChaCha8Rng) -> (Rational, Rational) {
    let c: i64 = rng.gen_range(2..1000);
    let s: i64 = rng.gen_range(1..c);
    (
        Rational::new(c.into(), 1000.into()),
        Rational::new(s.into(), 1000.into()),
    )
}

struct Draw {
    c_row: Rational,
    s_row: Rational,
    c_col: Rational,
    s_col: Rational,
}

impl Draw {
    fn random(rng: &mut ChaCha8Rng) -> Draw {
        let (c_row, s_row) = draw_pair(rng);
        let (c_col, s_col) = draw_pair(rng);
        Draw {
            c_row,
            s_row,
            c_col,
            s_col,
        }
    }
    fn overrides(&self) -> Vec<(String, String)> {
        vec![
            ("c_row".into(), self.c_row.to_string()),
            ("s_row".into(), self.s_row.to_string()),
            ("c_col".into(), self.c_col.to_string()),
            ("s_col".into(), self.s_col.to_string()),
        ]
    }
    /// The mixed equilibrium: (P(row firm), P(column firm)), each set by the other's payoffs.
    fn mixed(&self) -> (Rational, Rational) {
        let one = Rational::one();
        let row_firm = (&one - &self.c_col) / (&one - &self.c_col + &self.s_col);
        let col_firm = (&one - &self.c_row) / (&one - &self.c_row + &self.s_row);
        (row_firm, col_firm)
    }
    fn expected(&self) -> Vec<(Rational, Rational)> {
        let mut e = vec![
            (Rational::one(), Rational::from_integer(0.into())),
            (Rational::from_integer(0.into()), Rational::one()),
            self.mixed(),
        ];
        e.sort();
        e
    }
    fn tree(&self, s: &Scenario) -> Tree {
        let c = s.compile(None).unwrap();
        c.instantiate(&c.param_values(&self.overrides()).unwrap())
            .unwrap()
    }
}

fn firm_in(moves: &[(String, brink_scenario::Value)]) -> Rational {
    let v = &moves
        .iter()
        .find(|(m, _)| m == "firm")
        .expect("a firm move")
        .1;
    parse_rational(&v.exact).unwrap()
}

#[test]
fn analyze_lists_both_pure_equilibria_and_the_mixed_one() {
    let s = scenario();
    let mut rng = ChaCha8Rng::seed_from_u64(1987);
    for _ in 0..150 {
        let d = Draw::random(&mut rng);
        let answer = analyze(&s, None, &d.overrides()).unwrap_or_else(|e| panic!("{}", e[0]));
        assert!(answer.search_complete);
        assert_eq!(answer.equilibria_found, 3, "{:?}", d.overrides());
        let mut found: Vec<(Rational, Rational)> = std::iter::once(&answer.equilibrium)
            .chain(&answer.others)
            .map(|e| {
                let row = e.decisions.iter().find(|x| x.node == "start").unwrap();
                let col = e.decisions.iter().find(|x| x.player == "col").unwrap();
                (firm_in(&row.moves), firm_in(&col.moves))
            })
            .collect();
        found.sort();
        assert_eq!(found, d.expected(), "{:?}", d.overrides());
        // In the mixed equilibrium disaster happens when both stand firm independently.
        let (fr, fc) = d.mixed();
        let mixed = std::iter::once(&answer.equilibrium)
            .chain(&answer.others)
            .find(|e| {
                let row = e.decisions.iter().find(|x| x.node == "start").unwrap();
                firm_in(&row.moves) == fr
            })
            .unwrap();
        let disaster = mixed
            .outcomes
            .iter()
            .find(|o| o.outcome == "disaster")
            .unwrap();
        assert_eq!(
            parse_rational(&disaster.probability.exact).unwrap(),
            &fr * &fc
        );
    }
}

/// The behaviour probability of `firm` for each player from a solver profile.
fn firm_from_profile(tree: &Tree, profile: &Profile) -> Vec<Number> {
    let infosets = tree.player_infosets();
    let behaviour: Vec<Vec<Vec<Number>>> = match profile {
        Profile::Behavior(b) => b.clone(),
        Profile::Strategy(mixed) => {
            let reduced = tree.reduced_strategies(1000).unwrap();
            (0..2)
                .map(|p| {
                    let exact: Vec<Rational> = mixed[p]
                        .iter()
                        .map(|n| n.exact().expect("exact").clone())
                        .collect();
                    reduced
                        .behavior_of(tree, p, &exact)
                        .into_iter()
                        .map(|row| row.into_iter().map(Number::Exact).collect())
                        .collect()
                })
                .collect()
        }
    };
    (0..2)
        .map(|p| {
            let h = infosets[p][0];
            let a = tree.infosets[h]
                .actions
                .iter()
                .position(|m| m == "firm")
                .unwrap();
            behaviour[p][0][a].clone()
        })
        .collect()
}

#[test]
fn enummixed_finds_the_same_three_exactly() {
    let s = scenario();
    let mut rng = ChaCha8Rng::seed_from_u64(1960);
    for _ in 0..60 {
        let d = Draw::random(&mut rng);
        let tree = d.tree(&s);
        let mut config = Config::new(Method::EnumMixed);
        config.exact = true;
        let solution = solve(&Game::Tree(tree.clone()), &config).unwrap();
        let mut found: Vec<(Rational, Rational)> = solution
            .equilibria
            .iter()
            .map(|e| {
                let f = firm_from_profile(&tree, &e.profile);
                (f[0].exact().unwrap().clone(), f[1].exact().unwrap().clone())
            })
            .collect();
        found.sort();
        found.dedup();
        assert_eq!(found, d.expected(), "{:?}", d.overrides());
    }
}

fn logistic(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// Firm minus submit for a side with payoffs (c, s) when the other is firm with probability f.
fn gain_from_firm(c: f64, s: f64, f: f64) -> f64 {
    (1.0 - f) * (1.0 - c) - f * s
}

/// The logit QRE at each of `lambdas` (increasing), traced from the centre at λ = 0: the row's
/// firmness `x` solves `x = L(λ g_row(L(λ g_col(x))))`, followed by Newton's method in small
/// steps of λ. Returns (P(row firm), P(col firm)) at each λ.
fn independent_qre(c: [f64; 2], s: [f64; 2], lambdas: &[f64]) -> Vec<(f64, f64)> {
    let col_of = |x: f64, lam: f64| logistic(lam * gain_from_firm(c[1], s[1], x));
    let residual =
        |x: f64, lam: f64| x - logistic(lam * gain_from_firm(c[0], s[0], col_of(x, lam)));
    let mut x = 0.5;
    let mut lam = 0.0;
    let mut out = Vec::new();
    for &target in lambdas {
        while lam < target {
            lam = (lam + 0.005).min(target);
            for _ in 0..100 {
                let r = residual(x, lam);
                let h = 1e-7;
                let slope = (residual(x + h, lam) - residual(x - h, lam)) / (2.0 * h);
                assert!(slope.abs() > 1e-6, "the branch folds at λ = {lam}");
                let step = r / slope;
                x = (x - step).clamp(1e-300, 1.0 - 1e-16);
                if step.abs() < 1e-15 {
                    break;
                }
            }
            assert!(residual(x, lam).abs() < 1e-12);
        }
        out.push((x, col_of(x, lam)));
    }
    out
}

#[test]
fn logit_qre_matches_an_independent_fixed_point_at_several_precisions() {
    let s = scenario();
    let lambdas = [0.5, 1.0, 2.0, 4.0, 8.0, 16.0];
    let mut rng = ChaCha8Rng::seed_from_u64(1995);
    for _ in 0..12 {
        let d = Draw::random(&mut rng);
        let tree = d.tree(&s);
        let c = [rational_to_f64(&d.c_row), rational_to_f64(&d.c_col)];
        let sv = [rational_to_f64(&d.s_row), rational_to_f64(&d.s_col)];
        let mine = independent_qre(c, sv, &lambdas);
        for (&lam, &(x, y)) in lambdas.iter().zip(&mine) {
            let mut config = Config::new(Method::Logit);
            config.lambda = Some(lam);
            let solution = solve(&Game::Tree(tree.clone()), &config).unwrap();
            assert_eq!(
                solution.equilibria.len(),
                1,
                "λ = {lam}: {:?}",
                solution.status
            );
            let f = firm_from_profile(&tree, &solution.equilibria[0].profile);
            let (bx, by) = (f[0].to_f64(), f[1].to_f64());
            assert!(
                (bx - x).abs() < 1e-6 && (by - y).abs() < 1e-6,
                "λ = {lam}, {:?}: brink ({bx}, {by}), independent ({x}, {y})",
                d.overrides()
            );
            // brink's profile solves the logit equations themselves.
            let rx = bx - logistic(lam * gain_from_firm(c[0], sv[0], by));
            let ry = by - logistic(lam * gain_from_firm(c[1], sv[1], bx));
            assert!(rx.abs() < 1e-7 && ry.abs() < 1e-7, "residuals {rx}, {ry}");
        }
    }
}

#[test]
fn commitment_wins_chicken() {
    // Schelling: the side whose firmness is irrevocable and seen prevails.
    let s = scenario();
    let mut rng = ChaCha8Rng::seed_from_u64(1966);
    for _ in 0..30 {
        let d = Draw::random(&mut rng);
        for (variant, winner) in [
            ("row_commits", "row_prevails"),
            ("col_commits", "col_prevails"),
        ] {
            let answer = analyze(&s, Some(variant), &d.overrides()).unwrap();
            assert_eq!(answer.equilibria_found, 1);
            assert_eq!(
                answer.outcome_probability(winner),
                Some(Rational::one()),
                "{variant}"
            );
        }
    }
}
