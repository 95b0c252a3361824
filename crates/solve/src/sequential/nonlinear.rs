//! A root of a nonlinear system of equalities, found numerically and accepted only when a
//! rational point near it solves every equation exactly. This yields one solution; it proves
//! nothing about others, so a piece found this way makes the list incomplete.

use brink_game::Q;
use num_traits::Signed;

use super::poly::Poly;

/// Gauss–Newton from deterministic starting points; `upper[v]` bounds variable `v` (1 for a
/// probability, `None` for a belief ratio). Returns exact values for `free`, or `None`.
pub(crate) fn root(
    equations: &[Poly],
    free: &[usize],
    start: &[f64],
    upper: &[Option<Q>],
) -> Option<Vec<(usize, Q)>> {
    let nvars = start.len();
    let jac: Vec<Vec<Poly>> = equations
        .iter()
        .map(|e| free.iter().map(|&v| e.derivative(v)).collect())
        .collect();
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    for attempt in 0..16 {
        let mut x = start.to_vec();
        x.resize(nvars, 0.5);
        if attempt > 0 {
            for &v in free {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                x[v] = 0.02 + 0.96 * ((seed >> 11) as f64 / (1u64 << 53) as f64);
            }
        }
        for _ in 0..80 {
            let f: Vec<f64> = equations.iter().map(|e| e.eval_f64(&x)).collect();
            let norm: f64 = f.iter().map(|v| v * v).sum::<f64>().sqrt();
            if !norm.is_finite() {
                break;
            }
            if norm < 1e-14 {
                break;
            }
            let m = free.len();
            let j: Vec<Vec<f64>> = jac
                .iter()
                .map(|row| row.iter().map(|d| d.eval_f64(&x)).collect())
                .collect();
            let mut a = vec![vec![0.0; m + 1]; m];
            for r in 0..m {
                for c in 0..m {
                    a[r][c] = (0..equations.len()).map(|e| j[e][r] * j[e][c]).sum::<f64>()
                        + if r == c { 1e-12 } else { 0.0 };
                }
                a[r][m] = -(0..equations.len()).map(|e| j[e][r] * f[e]).sum::<f64>();
            }
            let Some(dx) = gauss(a) else { break };
            for (k, &v) in free.iter().enumerate() {
                x[v] += dx[k];
            }
        }
        // Small denominators first; larger ones where the numbers of the game have them
        // (a prior of 152381/250000 gives mixes with denominators in the millions).
        for max_den in [1_000_000, 1_000_000_000] {
            if let Some(roots) = exact_near(equations, free, &x, upper, max_den) {
                return Some(roots);
            }
        }
    }
    None
}

/// The rational point near `x` (denominators up to `max_den`) if it solves every equation
/// exactly and respects the bounds.
fn exact_near(
    equations: &[Poly],
    free: &[usize],
    x: &[f64],
    upper: &[Option<Q>],
    max_den: i64,
) -> Option<Vec<(usize, Q)>> {
    let nvars = x.len();
    {
        let roots: Option<Vec<(usize, Q)>> = free
            .iter()
            .map(|&v| rationalize(x[v], max_den).map(|r| (v, r)))
            .collect();
        let roots = roots?;
        if roots
            .iter()
            .any(|(v, r)| !r.is_positive() || upper[*v].as_ref().is_some_and(|u| r > u))
        {
            return None;
        }
        let mut fixed: Vec<Option<Q>> = vec![None; nvars];
        for (v, r) in &roots {
            fixed[*v] = Some(r.clone());
        }
        let exact = equations.iter().all(|e| {
            let mut p = e.clone();
            p.substitute(&fixed);
            p.is_zero()
        });
        exact.then_some(roots)
    }
}

/// The best rational approximation with a denominator up to `max_den` (continued fractions).
pub(crate) fn rationalize(x: f64, max_den: i64) -> Option<Q> {
    if !x.is_finite() {
        return None;
    }
    let (mut h0, mut h1, mut k0, mut k1) = (0i64, 1i64, 1i64, 0i64);
    let mut y = x;
    for _ in 0..40 {
        let a = y.floor();
        if a.abs() > 1e12 {
            break;
        }
        let a = a as i64;
        let h2 = a.checked_mul(h1)?.checked_add(h0)?;
        let k2 = a.checked_mul(k1)?.checked_add(k0)?;
        if k2 > max_den {
            break;
        }
        (h0, h1, k0, k1) = (h1, h2, k1, k2);
        let frac = y - a as f64;
        if frac.abs() < 1e-13 {
            break;
        }
        y = 1.0 / frac;
    }
    (k1 != 0).then(|| Q::new(h1, k1))
}

fn gauss(mut a: Vec<Vec<f64>>) -> Option<Vec<f64>> {
    let n = a.len();
    for col in 0..n {
        let p = (col..n).max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))?;
        if a[p][col].abs() < 1e-300 {
            return None;
        }
        a.swap(col, p);
        let pivot = a[col].clone();
        for (r, row) in a.iter_mut().enumerate() {
            if r != col {
                let f = row[col] / pivot[col];
                for (x, y) in row.iter_mut().zip(&pivot).skip(col) {
                    *x -= f * y;
                }
            }
        }
    }
    Some((0..n).map(|i| a[i][n] / a[i][i]).collect())
}
