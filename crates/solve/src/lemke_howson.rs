//! One equilibrium of a two-player table by the Lemke–Howson algorithm.
//!
//! **Method.** Lemke & Howson, "Equilibrium points of bimatrix games" (SIAM J. Appl. Math. 12,
//! 1964), in the form of von Stengel, "Computing equilibria for two-person games" (Handbook of
//! Game Theory vol. 3, 2002, section 3.4) and Nisan et al., *Algorithmic Game Theory*, ch. 3.
//! With both payoff matrices made positive, the two best-response polytopes
//! `P = {x ≥ 0 : Bᵀx ≤ 1}` and `Q = {y ≥ 0 : Ay ≤ 1}` are written as tableaux whose variable
//! indices are their labels (see [`crate::enummixed`]). Starting from the artificial
//! equilibrium `(0, 0)`, label `k` is dropped by letting variable `k` enter its tableau; the
//! variable that leaves has a label that is now duplicated, so the variable with that label
//! enters the other tableau, and so on, alternating, until the variable that leaves has label
//! `k`. The path ends at a completely labelled pair, an equilibrium. The first label (the row
//! player's first strategy) is dropped, and one equilibrium is returned. (Gambit's `lcp` on
//! tables goes on from the equilibria it finds along further labels and lists every
//! equilibrium it reaches that way; any one of them is a correct answer.)
//!
//! **Degeneracy.** Each tableau uses the lexicographic ratio test of [`crate::tableau`], which
//! makes both polytopes behave as if perturbed into simple ones, so the path is unique and
//! cannot cycle.
//!
//! **Arithmetic.** Exact runs pivot fraction-free in `i64`, `i128` or `BigInt` (widening on
//! overflow). Floating-point runs pivot in `f64` with the same rule; their answer is checked
//! (probabilities non-negative, no profitable deviation, to a tolerance relative to the
//! payoffs), and if the check fails the exact algorithm is run instead.

use std::sync::atomic::{AtomicBool, Ordering};

use brink_game::{Rational, Table};
use num_bigint::BigInt;

use crate::enummixed::IntegerBimatrix;
use crate::tableau::{with_widening, FloatTableau, Int, IntTableau, Overflow};
use crate::{Candidates, Config, Number, Profile, SolveError, Status};

/// The most pivots a path may take before the method gives up. Lemke–Howson paths can be
/// exponentially long (Savani & von Stengel 2006); this bound keeps the method from running
/// for ever on such games.
const MAX_PIVOTS: usize = 1_000_000;

/// How often (in pivots) the stop flag is polled.
const STOP_POLL: usize = 1024;

/// Tolerance of the floating-point ratio test, relative to payoffs scaled into `(0, 1]`.
const FLOAT_PIVOT_TOLERANCE: f64 = 1e-11;

/// Tolerance of the check of a floating-point answer, relative to each player's largest payoff.
const FLOAT_CHECK_TOLERANCE: f64 = 1e-9;

/// Finds one equilibrium of a two-player table, dropping the first label.
pub(crate) fn solve(table: &Table, config: &Config) -> Result<Candidates, SolveError> {
    if table.players.len() != 2 {
        return Err(SolveError::NotApplicable {
            method: "lcp",
            reason: format!(
                "Lemke-Howson needs a two-player game and this game has {} players; try logit",
                table.players.len()
            ),
        });
    }
    let stop = config.stop.as_deref();
    // Floats only where they can represent the payoffs; otherwise the exact path decides.
    if !config.exact && crate::verify::floats_can_judge_table(table) {
        match float_path(table, 0, stop) {
            Path::Found((x, y)) if float_answer_holds(table, &x, &y) => {
                return Ok(Candidates {
                    status: Status::Solved,
                    profiles: vec![Profile::Strategy(vec![
                        x.into_iter().map(Number::Float).collect(),
                        y.into_iter().map(Number::Float).collect(),
                    ])],
                    beliefs: Vec::new(),
                });
            }
            Path::Stopped => {
                return Ok(Candidates {
                    status: Status::Stopped,
                    profiles: Vec::new(),
                    beliefs: Vec::new(),
                })
            }
            // A failed check or a path cut short by rounding: the exact path decides.
            _ => {}
        }
    }
    Ok(match exact_path(table, 0, stop) {
        Path::Found((x, y)) => Candidates {
            status: Status::Solved,
            profiles: vec![Profile::Strategy(vec![
                x.into_iter().map(Number::Exact).collect(),
                y.into_iter().map(Number::Exact).collect(),
            ])],
            beliefs: Vec::new(),
        },
        Path::IterationLimit => Candidates {
            status: Status::IterationLimit(format!(
                "Lemke-Howson path longer than {MAX_PIVOTS} pivots"
            )),
            profiles: Vec::new(),
            beliefs: Vec::new(),
        },
        Path::Stopped => Candidates {
            status: Status::Stopped,
            profiles: Vec::new(),
            beliefs: Vec::new(),
        },
        Path::Failed => Candidates {
            status: Status::NotConverged("Lemke-Howson path ended on an unbounded ray".into()),
            profiles: Vec::new(),
            beliefs: Vec::new(),
        },
    })
}

/// How a path ended.
pub(crate) enum Path<T> {
    /// At an equilibrium `(x, y)`.
    Found((Vec<T>, Vec<T>)),
    /// At the pivot limit.
    IterationLimit,
    /// On request.
    Stopped,
    /// On an unbounded ray, which cannot happen with positive payoffs in exact arithmetic but
    /// may in floating point.
    Failed,
}

/// Follows the exact path that drops label `missing` (`0..m` row strategies, `m..m + n`
/// column strategies).
pub(crate) fn exact_path(
    table: &Table,
    missing: usize,
    stop: Option<&AtomicBool>,
) -> Path<Rational> {
    let bimatrix = IntegerBimatrix::of(table);
    with_widening(
        || exact_path_in::<i64>(&bimatrix, missing, stop),
        || exact_path_in::<i128>(&bimatrix, missing, stop),
        || exact_path_in::<BigInt>(&bimatrix, missing, stop),
    )
}

fn exact_path_in<T: Int>(
    bimatrix: &IntegerBimatrix,
    missing: usize,
    stop: Option<&AtomicBool>,
) -> Result<Path<Rational>, Overflow> {
    let m = bimatrix.m;
    let (p_rows, vars, p_entries, p_basis) = bimatrix.p_system();
    let (q_rows, _, q_entries, q_basis) = bimatrix.q_system();
    // tableaux[0] is P (where the row player's strategy variables live), tableaux[1] is Q.
    let mut tableaux = [
        IntTableau::<T>::new(p_rows, vars, &p_entries, p_basis)?,
        IntTableau::<T>::new(q_rows, vars, &q_entries, q_basis)?,
    ];
    let mut entering = missing;
    let mut side = usize::from(missing >= m);
    for pivots in 0..MAX_PIVOTS {
        if pivots % STOP_POLL == STOP_POLL - 1 && stop.is_some_and(|s| s.load(Ordering::Relaxed)) {
            return Ok(Path::Stopped);
        }
        let tableau = &mut tableaux[side];
        let Some(row) = tableau.lex_min_ratio(entering)? else {
            return Ok(Path::Failed);
        };
        let leaving = tableau.basic(row);
        tableau.pivot(row, entering)?;
        if leaving == missing {
            let x = exact_strategy(&tableaux[0], 0..m);
            let y = exact_strategy(&tableaux[1], m..vars);
            return Ok(Path::Found((x, y)));
        }
        entering = leaving;
        side = 1 - side;
    }
    Ok(Path::IterationLimit)
}

fn exact_strategy<T: Int>(tableau: &IntTableau<T>, vars: std::ops::Range<usize>) -> Vec<Rational> {
    let values: Vec<BigInt> = vars.map(|v| tableau.scaled_value(v).to_big()).collect();
    let total: BigInt = values.iter().sum();
    values
        .into_iter()
        .map(|v| Rational::new(v, total.clone()))
        .collect()
}

/// Follows the path that drops label `missing` in floating point.
pub(crate) fn float_path(table: &Table, missing: usize, stop: Option<&AtomicBool>) -> Path<f64> {
    let (m, n) = (table.strategies[0].len(), table.strategies[1].len());
    let (a, b) = float_matrices(table);
    let vars = m + n;
    // Scale each player's payoffs into (0, 1] after shifting them to be at least 1, so that
    // the tolerances are relative to the payoffs.
    let positive = |v: &[f64]| -> Vec<f64> {
        let min = v.iter().copied().fold(f64::INFINITY, f64::min);
        let shifted: Vec<f64> = v.iter().map(|x| x - min + 1.0).collect();
        let max = shifted.iter().copied().fold(1.0, f64::max);
        shifted.into_iter().map(|x| x / max).collect()
    };
    let (a, b) = (positive(&a), positive(&b));
    let mut p = vec![0.0; n * (vars + 1)];
    for j in 0..n {
        let row = &mut p[j * (vars + 1)..(j + 1) * (vars + 1)];
        for i in 0..m {
            row[i] = b[i * n + j];
        }
        row[m + j] = 1.0;
        row[vars] = 1.0;
    }
    let mut q = vec![0.0; m * (vars + 1)];
    for i in 0..m {
        let row = &mut q[i * (vars + 1)..(i + 1) * (vars + 1)];
        row[i] = 1.0;
        row[m..m + n].copy_from_slice(&a[i * n..(i + 1) * n]);
        row[vars] = 1.0;
    }
    let mut tableaux = [
        FloatTableau::new(n, vars, p, (m..vars).collect(), FLOAT_PIVOT_TOLERANCE),
        FloatTableau::new(m, vars, q, (0..m).collect(), FLOAT_PIVOT_TOLERANCE),
    ];
    let mut entering = missing;
    let mut side = usize::from(missing >= m);
    for pivots in 0..MAX_PIVOTS {
        if pivots % STOP_POLL == STOP_POLL - 1 && stop.is_some_and(|s| s.load(Ordering::Relaxed)) {
            return Path::Stopped;
        }
        let tableau = &mut tableaux[side];
        let Some(row) = tableau.lex_min_ratio(entering) else {
            return Path::Failed;
        };
        let leaving = tableau.basic(row);
        tableau.pivot(row, entering);
        if leaving == missing {
            let strategy = |t: &FloatTableau, range: std::ops::Range<usize>| -> Vec<f64> {
                let values: Vec<f64> = range.map(|v| t.value(v).max(0.0)).collect();
                let total: f64 = values.iter().sum();
                values.into_iter().map(|v| v / total).collect()
            };
            return Path::Found((
                strategy(&tableaux[0], 0..m),
                strategy(&tableaux[1], m..vars),
            ));
        }
        entering = leaving;
        side = 1 - side;
    }
    Path::IterationLimit
}

/// Both players' payoffs as floats, row-major `m × n`.
fn float_matrices(table: &Table) -> (Vec<f64>, Vec<f64>) {
    let (m, n) = (table.strategies[0].len(), table.strategies[1].len());
    let all = table.payoffs_f64();
    let mut a = Vec::with_capacity(m * n);
    let mut b = Vec::with_capacity(m * n);
    for i in 0..m {
        for j in 0..n {
            let cell = table.cell_index(&[i, j]);
            a.push(all[cell * 2]);
            b.push(all[cell * 2 + 1]);
        }
    }
    (a, b)
}

/// Whether a floating-point profile is a probability profile from which no pure strategy
/// gains either player more than the tolerance, relative to that player's own largest payoff
/// (one scale for both would let a player with small payoffs regret freely).
fn float_answer_holds(table: &Table, x: &[f64], y: &[f64]) -> bool {
    let (m, n) = (x.len(), y.len());
    let (a, b) = float_matrices(table);
    let tolerance =
        |v: &[f64]| FLOAT_CHECK_TOLERANCE * v.iter().fold(1.0f64, |s, v| s.max(v.abs()));
    let (row_tolerance, column_tolerance) = (tolerance(&a), tolerance(&b));
    let probabilities_ok = |s: &[f64]| {
        s.iter()
            .all(|p| p.is_finite() && *p >= -FLOAT_CHECK_TOLERANCE)
            && (s.iter().sum::<f64>() - 1.0).abs() <= FLOAT_CHECK_TOLERANCE
    };
    if !probabilities_ok(x) || !probabilities_ok(y) {
        return false;
    }
    let row_values: Vec<f64> = (0..m)
        .map(|i| (0..n).map(|j| a[i * n + j] * y[j]).sum())
        .collect();
    let column_values: Vec<f64> = (0..n)
        .map(|j| (0..m).map(|i| b[i * n + j] * x[i]).sum())
        .collect();
    let row_payoff: f64 = x.iter().zip(&row_values).map(|(p, v)| p * v).sum();
    let column_payoff: f64 = y.iter().zip(&column_values).map(|(p, v)| p * v).sum();
    let best_row = row_values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let best_column = column_values
        .iter()
        .copied()
        .fold(f64::NEG_INFINITY, f64::max);
    best_row - row_payoff <= row_tolerance && best_column - column_payoff <= column_tolerance
}

#[cfg(test)]
mod tests {
    use super::*;
    use num_traits::Zero;

    fn table(m: usize, n: usize, a: &[i64], b: &[i64]) -> Table {
        let exact = |v: &[i64]| -> Vec<Rational> {
            v.iter()
                .map(|&x| Rational::from_integer(x.into()))
                .collect()
        };
        Table::bimatrix(m, n, &exact(a), &exact(b))
    }

    #[test]
    fn matching_pennies_is_solved_exactly_and_in_floats() {
        let t = table(2, 2, &[1, -1, -1, 1], &[-1, 1, 1, -1]);
        let half = Rational::new(1.into(), 2.into());
        match exact_path(&t, 0, None) {
            Path::Found((x, y)) => {
                assert_eq!(x, vec![half.clone(), half.clone()]);
                assert_eq!(y, vec![half.clone(), half]);
            }
            _ => panic!("no equilibrium"),
        }
        match float_path(&t, 0, None) {
            Path::Found((x, y)) => assert!(float_answer_holds(&t, &x, &y)),
            _ => panic!("no equilibrium"),
        }
    }

    #[test]
    fn every_label_leads_to_an_equilibrium_in_a_degenerate_game() {
        // All payoffs equal: maximally degenerate.
        let t = table(3, 2, &[0; 6], &[0; 6]);
        for k in 0..5 {
            match exact_path(&t, k, None) {
                Path::Found((x, y)) => {
                    assert_eq!(x.iter().filter(|p| !p.is_zero()).count(), 1);
                    assert_eq!(y.iter().filter(|p| !p.is_zero()).count(), 1);
                }
                _ => panic!("no equilibrium for label {k}"),
            }
        }
    }

    #[test]
    fn every_two_player_table_of_gambit_is_solved_from_every_label() {
        use crate::enummixed::oracle_tests::{
            oracle_equilibria, payoffs_and_regret, read_nfg, two_player_oracles,
        };
        let mut checked = 0;
        for (game, json) in two_player_oracles() {
            if json["results"]
                .get("lcp")
                .and_then(|r| r.get("equilibria"))
                .is_none()
            {
                continue;
            }
            let t = read_nfg(&game);
            // A Lemke-Howson path ends at a basic solution of both systems, a pair of vertices:
            // an extreme equilibrium, which Gambit's enummixed must list.
            let extreme = json["results"]
                .get("enummixed")
                .filter(|r| r.get("equilibria").is_some())
                .map(|r| oracle_equilibria(r).0);
            let labels = t.strategies[0].len() + t.strategies[1].len();
            for k in 0..labels {
                let Path::Found((x, y)) = exact_path(&t, k, None) else {
                    panic!("{}: no equilibrium from label {k}", game.display());
                };
                let (_, regret) = payoffs_and_regret(&t, &x, &y);
                assert!(
                    regret.is_zero(),
                    "{}: label {k}, regret {regret}",
                    game.display()
                );
                if let Some(extreme) = &extreme {
                    let profile: Vec<Rational> = x.iter().chain(&y).cloned().collect();
                    assert!(
                        extreme.contains(&profile),
                        "{}: label {k} ends off the extreme set",
                        game.display()
                    );
                }
                let Path::Found((x, y)) = float_path(&t, k, None) else {
                    panic!("{}: no float equilibrium from label {k}", game.display());
                };
                assert!(
                    float_answer_holds(&t, &x, &y),
                    "{}: label {k}",
                    game.display()
                );
            }
            checked += 1;
        }
        assert!(checked >= 30, "only {checked} games checked");
    }
}
