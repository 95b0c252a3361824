//! The small dense linear algebra the path tracer needs: a Householder QR factorisation of a
//! tall (or square) matrix, given column by column.
//!
//! The tracer factors the transpose of the `N x (N+1)` Jacobian, `J^T = Q R`. The last column
//! of `Q` then spans the kernel of `J` (the tangent of the path), and `J^+ F = Q_1 R_1^{-T} F`
//! is the Moore-Penrose correction of the Newton corrector (Allgower & Georg, *Introduction to
//! Numerical Continuation Methods*, 1990/2003, section 4.1). The same routine on a square
//! matrix solves the Newton systems at a fixed precision.

/// A Householder QR factorisation of an `m x n` matrix with `m >= n`.
pub(super) struct Qr {
    m: usize,
    n: usize,
    /// Column-major storage: above the diagonal the strictly upper part of `R`; from the
    /// diagonal down, the Householder vectors.
    a: Vec<f64>,
    /// The diagonal of `R`.
    diag: Vec<f64>,
    /// The Householder coefficients `beta` with `H = I - beta v v^T`.
    betas: Vec<f64>,
}

impl Qr {
    /// Factors the `m x n` matrix given column-major in `a` (`a[col * m + row]`).
    pub(super) fn new(m: usize, n: usize, mut a: Vec<f64>) -> Qr {
        debug_assert!(m >= n && a.len() == m * n);
        let mut diag = vec![0.0; n];
        let mut betas = vec![0.0; n];
        for j in 0..n {
            let (head, tail) = a.split_at_mut((j + 1) * m);
            let col = &mut head[j * m..];
            let norm = col[j..].iter().map(|x| x * x).sum::<f64>().sqrt();
            if norm == 0.0 {
                // A zero column: no reflection, and R gets a zero on its diagonal.
                diag[j] = 0.0;
                betas[j] = 0.0;
                continue;
            }
            let alpha = if col[j] > 0.0 { -norm } else { norm };
            col[j] -= alpha;
            let vv: f64 = col[j..].iter().map(|x| x * x).sum();
            let beta = if vv > 0.0 { 2.0 / vv } else { 0.0 };
            diag[j] = alpha;
            betas[j] = beta;
            if beta == 0.0 {
                continue;
            }
            let v = &col[j..];
            for k in 0..(n - j - 1) {
                let other = &mut tail[k * m + j..(k + 1) * m];
                let dot: f64 = v.iter().zip(other.iter()).map(|(x, y)| x * y).sum();
                let s = beta * dot;
                for (o, x) in other.iter_mut().zip(v) {
                    *o -= s * x;
                }
            }
        }
        Qr {
            m,
            n,
            a,
            diag,
            betas,
        }
    }

    /// Applies `H_j` to `x` in place.
    fn reflect(&self, j: usize, x: &mut [f64]) {
        let beta = self.betas[j];
        if beta == 0.0 {
            return;
        }
        let v = &self.a[j * self.m + j..(j + 1) * self.m];
        let dot: f64 = v.iter().zip(&x[j..]).map(|(a, b)| a * b).sum();
        let s = beta * dot;
        for (xi, vi) in x[j..].iter_mut().zip(v) {
            *xi -= s * vi;
        }
    }

    /// `x <- Q x` (`x` has length `m`).
    pub(super) fn apply_q(&self, x: &mut [f64]) {
        for j in (0..self.n).rev() {
            self.reflect(j, x);
        }
    }

    /// The sign of `det [A | Q e_m]`: the matrix extended by the last column of `Q`. Along a
    /// path, a change of this sign (for a consistently oriented tangent) marks a bifurcation.
    pub(super) fn extended_det_sign(&self) -> f64 {
        let mut sign = 1.0;
        for (d, b) in self.diag.iter().zip(&self.betas) {
            if *b != 0.0 {
                sign = -sign;
            }
            if *d < 0.0 {
                sign = -sign;
            }
        }
        sign
    }

    /// `R_{ij}` for `i <= j < n`.
    fn r(&self, i: usize, j: usize) -> f64 {
        if i == j {
            self.diag[i]
        } else {
            self.a[j * self.m + i]
        }
    }

    /// Solves `R_1^T w = f` (`R_1` the top `n x n` block of `R`), returning `w` padded with
    /// zeros to length `m`; `None` if `R_1` is singular.
    pub(super) fn solve_rt(&self, f: &[f64]) -> Option<Vec<f64>> {
        let mut w = vec![0.0; self.m];
        for i in 0..self.n {
            let mut s = f[i];
            for (k, wk) in w.iter().enumerate().take(i) {
                s -= self.r(k, i) * wk;
            }
            let d = self.diag[i];
            if d == 0.0 || !d.is_finite() {
                return None;
            }
            w[i] = s / d;
        }
        Some(w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kernel_and_minimum_norm_solution_of_a_wide_system() {
        // J = [[1, 2, 3], [0, 1, 1]]: kernel spanned by (-1, -1, 1).
        let j = [[1.0, 2.0, 3.0], [0.0, 1.0, 1.0]];
        let (rows, cols) = (2, 3);
        let mut jt = vec![0.0; cols * rows];
        for (r, row) in j.iter().enumerate() {
            for (c, x) in row.iter().enumerate() {
                jt[r * cols + c] = *x;
            }
        }
        let qr = Qr::new(cols, rows, jt);
        let mut t = vec![0.0, 0.0, 1.0];
        qr.apply_q(&mut t);
        let scale = t[2];
        assert!((t[0] / scale + 1.0).abs() < 1e-12 && (t[1] / scale + 1.0).abs() < 1e-12);
        // Minimum-norm solution of J x = f.
        let f = [6.0, 2.0];
        let mut x = qr.solve_rt(&f).unwrap();
        qr.apply_q(&mut x);
        for (row, fi) in j.iter().zip(f) {
            let got: f64 = row.iter().zip(&x).map(|(a, b)| a * b).sum();
            assert!((got - fi).abs() < 1e-12);
        }
        let along: f64 = x.iter().zip([-1.0, -1.0, 1.0]).map(|(a, b)| a * b).sum();
        assert!(
            along.abs() < 1e-12,
            "the solution has no component along the kernel"
        );
    }

    #[test]
    fn square_solve() {
        // A x = b with A = [[4, 1], [2, 3]]: factor A^T = Q R, so A = R^T Q^T and
        // x = Q R^{-T} b. A^T column-major is A row-major.
        let qr = Qr::new(2, 2, vec![4.0, 1.0, 2.0, 3.0]);
        let mut x = qr.solve_rt(&[9.0, 13.0]).unwrap();
        qr.apply_q(&mut x);
        // 4x + y = 9, 2x + 3y = 13 -> x = 1.4, y = 3.4
        assert!((x[0] - 1.4).abs() < 1e-12 && (x[1] - 3.4).abs() < 1e-12);
    }
}
