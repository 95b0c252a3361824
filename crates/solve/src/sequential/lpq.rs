//! A small exact linear program over the rationals: the two-phase simplex method with Bland's
//! rule (Bland 1977), on a dense tableau. The polyhedra it meets here have a few dozen
//! variables at most, so clarity wins over sparsity.

use brink_game::Q;
use num_traits::{One, Signed, Zero};

/// The sense of a constraint `a · x (sense) b`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Sense {
    Ge,
    Eq,
    Le,
}

/// One linear constraint over non-negative variables.
#[derive(Clone, Debug)]
pub(crate) struct Row {
    pub coef: Vec<Q>,
    pub sense: Sense,
    pub rhs: Q,
}

/// The end of a linear program.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Lp {
    Infeasible,
    Unbounded,
    /// An optimal vertex and the optimal value.
    Optimal(Vec<Q>, Q),
}

/// Maximises `objective · x` over `x ≥ 0` subject to `rows`.
pub(crate) fn maximize(nvars: usize, rows: &[Row], objective: &[Q]) -> Lp {
    let m = rows.len();
    // Columns: the variables, one slack per inequality, one artificial per row, then the
    // right-hand side.
    let slacks: usize = rows.iter().filter(|r| r.sense != Sense::Eq).count();
    let ncol = nvars + slacks + m;
    let rhs = ncol;
    let mut t: Vec<Vec<Q>> = Vec::with_capacity(m);
    let mut basis: Vec<usize> = Vec::with_capacity(m);
    let mut slack = nvars;
    for (i, r) in rows.iter().enumerate() {
        let mut row = vec![Q::zero(); ncol + 1];
        row[..nvars].clone_from_slice(&r.coef[..nvars]);
        match r.sense {
            Sense::Ge => {
                row[slack] = -Q::one();
                slack += 1;
            }
            Sense::Le => {
                row[slack] = Q::one();
                slack += 1;
            }
            Sense::Eq => {}
        }
        row[rhs] = r.rhs.clone();
        if row[rhs].is_negative() {
            for v in row.iter_mut() {
                *v = -&*v;
            }
        }
        row[nvars + slacks + i] = Q::one();
        basis.push(nvars + slacks + i);
        t.push(row);
    }
    let artificial = |j: usize| j >= nvars + slacks && j < ncol;
    // Phase 1: minimise the sum of the artificials, i.e. maximise its negative.
    let mut cost = vec![Q::zero(); ncol];
    for c in cost.iter_mut().skip(nvars + slacks) {
        *c = -Q::one();
    }
    if !run(&mut t, &mut basis, &cost, |_| true) {
        return Lp::Unbounded; // cannot happen in phase 1; kept for safety
    }
    let infeasibility: Q = basis
        .iter()
        .enumerate()
        .filter(|(_, &b)| artificial(b))
        .map(|(i, _)| t[i][rhs].clone())
        .sum();
    if infeasibility.is_positive() {
        return Lp::Infeasible;
    }
    // Drive the artificials out of the basis; a row with nothing else is redundant.
    let mut i = 0;
    while i < t.len() {
        if artificial(basis[i]) {
            if let Some(j) = (0..nvars + slacks).find(|&j| !t[i][j].is_zero()) {
                pivot(&mut t, &mut basis, i, j);
            } else {
                t.remove(i);
                basis.remove(i);
                continue;
            }
        }
        i += 1;
    }
    // Phase 2.
    let mut cost = vec![Q::zero(); ncol];
    cost[..nvars].clone_from_slice(&objective[..nvars]);
    if !run(&mut t, &mut basis, &cost, |j| !artificial(j)) {
        return Lp::Unbounded;
    }
    let mut x = vec![Q::zero(); nvars];
    for (i, &b) in basis.iter().enumerate() {
        if b < nvars {
            x[b] = t[i][rhs].clone();
        }
    }
    let value = x.iter().zip(objective).map(|(a, b)| a * b).sum();
    Lp::Optimal(x, value)
}

/// Pivots until optimal (true) or unbounded (false), entering only columns `allowed` accepts.
fn run(t: &mut [Vec<Q>], basis: &mut [usize], cost: &[Q], allowed: impl Fn(usize) -> bool) -> bool {
    let ncol = cost.len();
    loop {
        // Reduced costs: c_j - c_B · column j. Bland: the first improving column.
        let entering = (0..ncol)
            .filter(|&j| allowed(j) && !basis.contains(&j))
            .find(|&j| {
                let mut r = cost[j].clone();
                for (i, &b) in basis.iter().enumerate() {
                    if !t[i][j].is_zero() && !cost[b].is_zero() {
                        r -= &(&cost[b] * &t[i][j]);
                    }
                }
                r.is_positive()
            });
        let Some(j) = entering else { return true };
        // Ratio test, ties broken by the smallest basic index (Bland).
        let mut best: Option<(usize, Q)> = None;
        for i in 0..t.len() {
            if t[i][j].is_positive() {
                let ratio = &t[i][ncol] / &t[i][j];
                let better = match &best {
                    None => true,
                    Some((k, r)) => ratio < *r || (ratio == *r && basis[i] < basis[*k]),
                };
                if better {
                    best = Some((i, ratio));
                }
            }
        }
        let Some((i, _)) = best else { return false };
        pivot(t, basis, i, j);
    }
}

fn pivot(t: &mut [Vec<Q>], basis: &mut [usize], i: usize, j: usize) {
    let p = t[i][j].clone();
    if !p.is_one() {
        for v in t[i].iter_mut() {
            *v /= &p;
        }
    }
    let pivot_row = t[i].clone();
    for (k, row) in t.iter_mut().enumerate() {
        if k == i || row[j].is_zero() {
            continue;
        }
        let f = row[j].clone();
        for (v, pv) in row.iter_mut().zip(&pivot_row) {
            if !pv.is_zero() {
                *v -= &(&f * pv);
            }
        }
    }
    basis[i] = j;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(n: i64, d: i64) -> Q {
        Q::new(n, d)
    }

    #[test]
    fn textbook_maximum() {
        // max 3x + 2y s.t. x + y ≤ 4, x + 3y ≤ 6, x ≤ 3: the optimum is at x = 3, y = 1
        // (value 11), where the first and third constraints bind.
        let rows = vec![
            Row {
                coef: vec![q(1, 1), q(1, 1)],
                sense: Sense::Le,
                rhs: q(4, 1),
            },
            Row {
                coef: vec![q(1, 1), q(3, 1)],
                sense: Sense::Le,
                rhs: q(6, 1),
            },
            Row {
                coef: vec![q(1, 1), q(0, 1)],
                sense: Sense::Le,
                rhs: q(3, 1),
            },
        ];
        assert_eq!(
            maximize(2, &rows, &[q(3, 1), q(2, 1)]),
            Lp::Optimal(vec![q(3, 1), q(1, 1)], q(11, 1))
        );
    }

    #[test]
    fn infeasible_and_unbounded() {
        // x ≥ 2 and x ≤ 1 cannot both hold.
        let rows = vec![
            Row {
                coef: vec![q(1, 1)],
                sense: Sense::Ge,
                rhs: q(2, 1),
            },
            Row {
                coef: vec![q(1, 1)],
                sense: Sense::Le,
                rhs: q(1, 1),
            },
        ];
        assert_eq!(maximize(1, &rows, &[q(1, 1)]), Lp::Infeasible);
        // max x with only x ≥ 2 has no maximum.
        assert_eq!(maximize(1, &rows[..1], &[q(1, 1)]), Lp::Unbounded);
    }

    #[test]
    fn equalities_and_a_redundant_row() {
        // x + y = 1 twice (one redundant), min x (max -x) with x ≥ 1/3: x = 1/3, y = 2/3.
        let rows = vec![
            Row {
                coef: vec![q(1, 1), q(1, 1)],
                sense: Sense::Eq,
                rhs: q(1, 1),
            },
            Row {
                coef: vec![q(2, 1), q(2, 1)],
                sense: Sense::Eq,
                rhs: q(2, 1),
            },
            Row {
                coef: vec![q(1, 1), q(0, 1)],
                sense: Sense::Ge,
                rhs: q(1, 3),
            },
        ];
        assert_eq!(
            maximize(2, &rows, &[q(-1, 1), q(0, 1)]),
            Lp::Optimal(vec![q(1, 3), q(2, 3)], q(-1, 3))
        );
    }
}
