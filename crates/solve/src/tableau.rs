//! A pivoting tableau with the lexicographic minimum-ratio test, in exact integer arithmetic
//! (fraction-free pivoting) or in floating point.
//!
//! A tableau holds a linear system `M z = q` in canonical form for a basis: every basic
//! variable's column is a unit column scaled by the common denominator `det`. The lexicographic
//! ratio test resolves degeneracy as if the right-hand side were perturbed to
//! `q + (ε, ε², ...)` in the order of the *initial* basis' variables; since those columns hold
//! `det · A_B⁻¹`, whose rows are linearly independent, the test never ties and no pivoting path
//! cycles (Dantzig, Orden & Wolfe 1955; von Stengel, "Computing equilibria for two-person
//! games", Handbook of Game Theory vol. 3, 2002, section 3.5).
//!
//! **Integer pivoting.** With integer entries, the pivot on row `r`, column `c` replaces every
//! entry `a_ij` outside the pivot row by `(a_ij a_rc − a_ic a_rj) / det` and then sets
//! `det = a_rc`; the division is exact (each entry is a minor of the original matrix, by
//! Sylvester's identity) and the pivot row is left as it is. No fractions are ever formed, so
//! this is much cheaper than rational arithmetic, and the tableau after a pivot depends only on
//! the new basis: pivoting back on the entry of the variable that left restores the previous
//! tableau exactly. Entries are generic over [`Int`] so that machine integers can be tried
//! first: on overflow an operation returns [`Overflow`] and the caller starts again with a
//! wider type, ending with `BigInt`, which cannot overflow.
//!
//! **Floating point.** [`FloatTableau`] pivots Gauss–Jordan style (pivot row divided by the
//! pivot) with the same lexicographic rule, comparing with a small tolerance.

use std::cmp::Ordering;
use std::fmt::Debug;

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{Signed, ToPrimitive, Zero};

/// An integer operation overflowed its machine type; retry with a wider one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Overflow;

/// Integer arithmetic for fraction-free pivoting, checked where the type is bounded.
pub(crate) trait Int: Clone + Debug + PartialEq + Eq + std::hash::Hash {
    /// Zero.
    fn zero() -> Self;
    /// One.
    fn one() -> Self;
    /// The value, if it fits.
    fn from_big(value: &BigInt) -> Option<Self>;
    /// The value as a `BigInt`.
    fn to_big(&self) -> BigInt;
    /// The sign: -1, 0 or 1.
    fn sign(&self) -> i8;
    /// `a · b − c · d`, or [`Overflow`].
    fn mul_sub(a: &Self, b: &Self, c: &Self, d: &Self) -> Result<Self, Overflow>;
    /// `a · b`, or [`Overflow`].
    fn mul(a: &Self, b: &Self) -> Result<Self, Overflow>;
    /// `a / b` where `b` divides `a` exactly.
    fn div_exact(a: &Self, b: &Self) -> Self;
    /// The greatest common divisor (non-negative).
    fn gcd(a: &Self, b: &Self) -> Self;
    /// How `a · b` compares with `c · d`, or [`Overflow`].
    fn cmp_products(a: &Self, b: &Self, c: &Self, d: &Self) -> Result<Ordering, Overflow> {
        Ok(Self::mul(a, b)?.cmp_int(&Self::mul(c, d)?))
    }
    /// Ordering of two values.
    fn cmp_int(&self, other: &Self) -> Ordering;
}

macro_rules! machine_int {
    ($t:ty) => {
        impl Int for $t {
            fn zero() -> Self {
                0
            }
            fn one() -> Self {
                1
            }
            fn from_big(value: &BigInt) -> Option<Self> {
                <$t as num_traits::FromPrimitive>::from_i128(value.to_i128()?)
            }
            fn to_big(&self) -> BigInt {
                BigInt::from(*self)
            }
            fn sign(&self) -> i8 {
                self.signum() as i8
            }
            #[inline]
            fn mul_sub(a: &Self, b: &Self, c: &Self, d: &Self) -> Result<Self, Overflow> {
                let left = a.checked_mul(*b).ok_or(Overflow)?;
                let right = c.checked_mul(*d).ok_or(Overflow)?;
                left.checked_sub(right).ok_or(Overflow)
            }
            #[inline]
            fn mul(a: &Self, b: &Self) -> Result<Self, Overflow> {
                a.checked_mul(*b).ok_or(Overflow)
            }
            #[inline]
            fn div_exact(a: &Self, b: &Self) -> Self {
                a / b
            }
            fn gcd(a: &Self, b: &Self) -> Self {
                Integer::gcd(a, b)
            }
            fn cmp_int(&self, other: &Self) -> Ordering {
                self.cmp(other)
            }
        }
    };
}

machine_int!(i64);
machine_int!(i128);

impl Int for BigInt {
    fn zero() -> Self {
        Zero::zero()
    }
    fn one() -> Self {
        BigInt::from(1)
    }
    fn from_big(value: &BigInt) -> Option<Self> {
        Some(value.clone())
    }
    fn to_big(&self) -> BigInt {
        self.clone()
    }
    fn sign(&self) -> i8 {
        if self.is_positive() {
            1
        } else if self.is_negative() {
            -1
        } else {
            0
        }
    }
    fn mul_sub(a: &Self, b: &Self, c: &Self, d: &Self) -> Result<Self, Overflow> {
        Ok(a * b - c * d)
    }
    fn mul(a: &Self, b: &Self) -> Result<Self, Overflow> {
        Ok(a * b)
    }
    fn div_exact(a: &Self, b: &Self) -> Self {
        a / b
    }
    fn gcd(a: &Self, b: &Self) -> Self {
        Integer::gcd(a, b)
    }
    fn cmp_int(&self, other: &Self) -> Ordering {
        self.cmp(other)
    }
}

/// Marks a variable that is not basic in [`IntTableau::row_of`] and friends.
const NONBASIC: usize = usize::MAX;

/// An integer tableau pivoted fraction-free.
#[derive(Clone, Debug)]
pub(crate) struct IntTableau<T: Int> {
    rows: usize,
    vars: usize,
    /// Row-major, `vars + 1` entries per row; the last is the right-hand side.
    data: Vec<T>,
    /// The common denominator of all entries (positive).
    det: T,
    /// The basic variable of each constraint row. Rows beyond these are objective rows: they
    /// are updated by every pivot but never take part in the ratio test.
    basic: Vec<usize>,
    /// The row of each variable, or [`NONBASIC`].
    row_of: Vec<usize>,
    /// The initial basis' variables, whose columns decide lexicographic ties.
    lex_order: Vec<usize>,
}

impl<T: Int> IntTableau<T> {
    /// A tableau from integer entries (`rows × (vars + 1)`, row-major, right-hand side last)
    /// in canonical form for `basis` (one variable per row, whose column is the unit column of
    /// that row). If `basis` is shorter than `rows`, the remaining rows are objective rows (see
    /// [`IntTableau::objective`]). Fails with [`Overflow`] if an entry does not fit the type.
    pub(crate) fn new(
        rows: usize,
        vars: usize,
        entries: &[BigInt],
        basis: Vec<usize>,
    ) -> Result<Self, Overflow> {
        debug_assert_eq!(entries.len(), rows * (vars + 1));
        debug_assert!(basis.len() <= rows);
        let data = entries
            .iter()
            .map(|e| T::from_big(e).ok_or(Overflow))
            .collect::<Result<Vec<T>, _>>()?;
        let mut row_of = vec![NONBASIC; vars];
        for (r, &v) in basis.iter().enumerate() {
            row_of[v] = r;
        }
        Ok(IntTableau {
            rows,
            vars,
            data,
            det: T::one(),
            lex_order: basis.clone(),
            basic: basis,
            row_of,
        })
    }

    /// The number of constraint rows.
    pub(crate) fn rows(&self) -> usize {
        self.basic.len()
    }

    /// The number of variables.
    pub(crate) fn vars(&self) -> usize {
        self.vars
    }

    /// The entry in row `r`, column `c` (column `vars` is the right-hand side), scaled by
    /// [`IntTableau::det`].
    #[inline]
    pub(crate) fn entry(&self, r: usize, c: usize) -> &T {
        &self.data[r * (self.vars + 1) + c]
    }

    /// The scaled right-hand side of row `r`.
    #[inline]
    pub(crate) fn rhs(&self, r: usize) -> &T {
        self.entry(r, self.vars)
    }

    /// The common denominator of the entries.
    #[allow(dead_code)] // Part of the tableau's API for the sequence-form LCP.
    pub(crate) fn det(&self) -> &T {
        &self.det
    }

    /// The basic variable of row `r`.
    pub(crate) fn basic(&self, r: usize) -> usize {
        self.basic[r]
    }

    /// The row of variable `v` if it is basic.
    pub(crate) fn row_of(&self, v: usize) -> Option<usize> {
        Some(self.row_of[v]).filter(|&r| r != NONBASIC)
    }

    /// The scaled entry of objective row `k` (counted after the constraint rows) in column `c`;
    /// column `vars` is the scaled objective value.
    pub(crate) fn objective(&self, k: usize, c: usize) -> &T {
        self.entry(self.basic.len() + k, c)
    }

    /// The scaled value of variable `v` in the current basic solution (divide by
    /// [`IntTableau::det`]).
    pub(crate) fn scaled_value(&self, v: usize) -> T {
        match self.row_of(v) {
            Some(r) => self.rhs(r).clone(),
            None => T::zero(),
        }
    }

    /// Lexicographically compares the ratio rows `r` and `k` for entering column `c` (both
    /// with positive entries there): `(rhs_r, lex columns of r) / a_rc` against row `k`'s.
    fn cmp_ratio_rows(&self, r: usize, k: usize, c: usize) -> Result<Ordering, Overflow> {
        let (a_rc, a_kc) = (self.entry(r, c), self.entry(k, c));
        let ord = T::cmp_products(self.rhs(r), a_kc, self.rhs(k), a_rc)?;
        if ord != Ordering::Equal {
            return Ok(ord);
        }
        for &v in &self.lex_order {
            let ord = T::cmp_products(self.entry(r, v), a_kc, self.entry(k, v), a_rc)?;
            if ord != Ordering::Equal {
                return Ok(ord);
            }
        }
        Ok(Ordering::Equal)
    }

    /// The row that leaves when variable `c` enters, by the lexicographic minimum-ratio test;
    /// `None` if the column has no positive entry (the ray is unbounded).
    pub(crate) fn lex_min_ratio(&self, c: usize) -> Result<Option<usize>, Overflow> {
        let mut best: Option<usize> = None;
        for r in 0..self.basic.len() {
            if self.entry(r, c).sign() <= 0 {
                continue;
            }
            best = match best {
                None => Some(r),
                Some(b) => {
                    if self.cmp_ratio_rows(r, b, c)? == Ordering::Less {
                        Some(r)
                    } else {
                        Some(b)
                    }
                }
            };
        }
        Ok(best)
    }

    /// Pivots variable `c` into the basis in row `r`. The entry must not be zero; if it is
    /// negative (a degenerate pivot at value zero, say), the denominator becomes negative and
    /// [`IntTableau::make_det_positive`] must be called before the next ratio test. On
    /// [`Overflow`] the tableau is left in an unusable state.
    pub(crate) fn pivot(&mut self, r: usize, c: usize) -> Result<(), Overflow> {
        let width = self.vars + 1;
        let pivot = self.entry(r, c).clone();
        debug_assert!(pivot.sign() != 0, "pivot element must not be zero");
        let pivot_row: Vec<T> = self.data[r * width..(r + 1) * width].to_vec();
        for i in 0..self.rows {
            if i == r {
                continue;
            }
            let row = &mut self.data[i * width..(i + 1) * width];
            let a_ic = row[c].clone();
            if a_ic.sign() == 0 {
                // Only the scaling by pivot / det applies.
                for a in row.iter_mut() {
                    if a.sign() != 0 {
                        *a = T::div_exact(&T::mul(a, &pivot)?, &self.det);
                    }
                }
            } else {
                for (a, p) in row.iter_mut().zip(&pivot_row) {
                    *a = T::div_exact(&T::mul_sub(a, &pivot, &a_ic, p)?, &self.det);
                }
            }
        }
        self.det = pivot;
        let leaving = self.basic[r];
        self.row_of[leaving] = NONBASIC;
        self.row_of[c] = r;
        self.basic[r] = c;
        Ok(())
    }

    /// Negates every entry and the denominator if the denominator is negative, which leaves
    /// the values unchanged and restores the sign convention the ratio test relies on.
    pub(crate) fn make_det_positive(&mut self) -> Result<(), Overflow> {
        if self.det.sign() < 0 {
            let minus_one = T::mul_sub(&T::zero(), &T::zero(), &T::one(), &T::one())?;
            for a in self.data.iter_mut().chain(std::iter::once(&mut self.det)) {
                *a = T::mul(a, &minus_one)?;
            }
        }
        Ok(())
    }

    /// Deletes constraint row `r` (a redundant equation `0 = 0`); its basic variable becomes
    /// non-basic.
    pub(crate) fn remove_row(&mut self, r: usize) {
        let width = self.vars + 1;
        self.data.drain(r * width..(r + 1) * width);
        self.rows -= 1;
        let gone = self.basic.remove(r);
        self.row_of[gone] = NONBASIC;
        for (k, &v) in self.basic.iter().enumerate().skip(r) {
            self.row_of[v] = k;
        }
    }

    /// Deletes the objective rows.
    pub(crate) fn drop_objectives(&mut self) {
        self.rows = self.basic.len();
        self.data.truncate(self.rows * (self.vars + 1));
    }

    /// Makes the current basis the reference of the lexicographic rule: from now on ties are
    /// broken as if the right-hand side were perturbed along the current basis' columns. The
    /// current basic solution must be feasible; it is then lexicographically feasible.
    pub(crate) fn reset_lex_order(&mut self) {
        self.lex_order = self.basic.clone();
    }
}

/// Runs `attempt` with `i64`, then `i128`, then `BigInt` entries until it does not overflow.
pub(crate) fn with_widening<R>(
    attempt_i64: impl FnMut() -> Result<R, Overflow>,
    attempt_i128: impl FnMut() -> Result<R, Overflow>,
    attempt_big: impl FnMut() -> Result<R, Overflow>,
) -> R {
    with_widening_from(Width::I64, attempt_i64, attempt_i128, attempt_big).0
}

/// The integer type an exact computation ran in, narrowest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Width {
    /// `i64`.
    I64,
    /// `i128`.
    I128,
    /// `BigInt`.
    Big,
}

/// Like [`with_widening`], starting at `start` (when a related computation already needed a
/// wider type, trying the narrower ones again is wasted work); also returns the width used.
pub(crate) fn with_widening_from<R>(
    start: Width,
    mut attempt_i64: impl FnMut() -> Result<R, Overflow>,
    mut attempt_i128: impl FnMut() -> Result<R, Overflow>,
    mut attempt_big: impl FnMut() -> Result<R, Overflow>,
) -> (R, Width) {
    if start <= Width::I64 {
        if let Ok(r) = attempt_i64() {
            return (r, Width::I64);
        }
    }
    if start <= Width::I128 {
        if let Ok(r) = attempt_i128() {
            return (r, Width::I128);
        }
    }
    (
        attempt_big().expect("BigInt arithmetic does not overflow"),
        Width::Big,
    )
}

/// A floating-point tableau pivoted Gauss–Jordan style, with the same lexicographic rule.
#[derive(Clone, Debug)]
pub(crate) struct FloatTableau {
    rows: usize,
    vars: usize,
    data: Vec<f64>,
    basic: Vec<usize>,
    row_of: Vec<usize>,
    lex_order: Vec<usize>,
    /// Entries smaller than this in absolute value count as zero.
    tolerance: f64,
}

impl FloatTableau {
    /// A tableau from entries (`rows × (vars + 1)`, row-major, right-hand side last) in
    /// canonical form for `basis`. Entries below `tolerance` in absolute value count as zero
    /// in the ratio test.
    pub(crate) fn new(
        rows: usize,
        vars: usize,
        entries: Vec<f64>,
        basis: Vec<usize>,
        tolerance: f64,
    ) -> FloatTableau {
        debug_assert_eq!(entries.len(), rows * (vars + 1));
        let mut row_of = vec![NONBASIC; vars];
        for (r, &v) in basis.iter().enumerate() {
            row_of[v] = r;
        }
        FloatTableau {
            rows,
            vars,
            data: entries,
            lex_order: basis.clone(),
            basic: basis,
            row_of,
            tolerance,
        }
    }

    /// The entry in row `r`, column `c` (column `vars` is the right-hand side).
    #[inline]
    pub(crate) fn entry(&self, r: usize, c: usize) -> f64 {
        self.data[r * (self.vars + 1) + c]
    }

    /// The basic variable of row `r`.
    pub(crate) fn basic(&self, r: usize) -> usize {
        self.basic[r]
    }

    /// The value of variable `v` in the current basic solution.
    pub(crate) fn value(&self, v: usize) -> f64 {
        match self.row_of[v] {
            NONBASIC => 0.0,
            r => self.entry(r, self.vars),
        }
    }

    fn cmp_ratio_rows(&self, r: usize, k: usize, c: usize) -> Ordering {
        let (a_rc, a_kc) = (self.entry(r, c), self.entry(k, c));
        let columns = std::iter::once(self.vars).chain(self.lex_order.iter().copied());
        for v in columns {
            let (x, y) = (self.entry(r, v) / a_rc, self.entry(k, v) / a_kc);
            let scale = 1.0f64.max(x.abs()).max(y.abs());
            if (x - y).abs() > self.tolerance * scale {
                return x.partial_cmp(&y).unwrap_or(Ordering::Equal);
            }
        }
        Ordering::Equal
    }

    /// The leaving row for entering column `c` by the lexicographic minimum-ratio test, or
    /// `None` if no entry of the column is positive beyond the tolerance.
    pub(crate) fn lex_min_ratio(&self, c: usize) -> Option<usize> {
        let mut best: Option<usize> = None;
        for r in 0..self.rows {
            if self.entry(r, c) <= self.tolerance {
                continue;
            }
            best = match best {
                Some(b) if self.cmp_ratio_rows(r, b, c) != Ordering::Less => Some(b),
                _ => Some(r),
            };
        }
        best
    }

    /// Pivots variable `c` into the basis in row `r`.
    pub(crate) fn pivot(&mut self, r: usize, c: usize) {
        let width = self.vars + 1;
        let pivot = self.entry(r, c);
        for a in &mut self.data[r * width..(r + 1) * width] {
            *a /= pivot;
        }
        let pivot_row: Vec<f64> = self.data[r * width..(r + 1) * width].to_vec();
        for i in 0..self.rows {
            if i == r {
                continue;
            }
            let row = &mut self.data[i * width..(i + 1) * width];
            let factor = row[c];
            if factor != 0.0 {
                for (a, p) in row.iter_mut().zip(&pivot_row) {
                    *a -= factor * p;
                }
                // The entering column is exactly zero outside the pivot row.
                row[c] = 0.0;
            }
        }
        let leaving = self.basic[r];
        self.row_of[leaving] = NONBASIC;
        self.row_of[c] = r;
        self.basic[r] = c;
    }
}

/// Converts the rational entries of a matrix to small positive integers by a positive affine
/// map, which leaves a player's best replies and so the equilibria unchanged: multiply by the
/// least common multiple of the denominators, subtract the minimum, divide by the greatest
/// common divisor of what is left, and add 1. Smaller entries keep the pivoting in machine
/// integers longer.
pub(crate) fn positive_integer_payoffs(values: &[num_rational::BigRational]) -> Vec<BigInt> {
    let lcm = values
        .iter()
        .fold(BigInt::from(1), |acc, v| acc.lcm(v.denom()));
    let scaled: Vec<BigInt> = values
        .iter()
        .map(|v| v.numer() * (&lcm / v.denom()))
        .collect();
    let min = scaled.iter().min().cloned().unwrap_or_default();
    let offsets: Vec<BigInt> = scaled.into_iter().map(|v| v - &min).collect();
    let divisor = offsets
        .iter()
        .fold(<BigInt as Zero>::zero(), |g, v| g.gcd(v));
    let divisor = if divisor.is_zero() {
        BigInt::from(1)
    } else {
        divisor
    };
    offsets.into_iter().map(|v| v / &divisor + 1).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn big(v: &[i64]) -> Vec<BigInt> {
        v.iter().map(|&x| BigInt::from(x)).collect()
    }

    #[test]
    fn payoffs_become_small_positive_integers() {
        let r = |n: i64, d: i64| num_rational::BigRational::new(n.into(), d.into());
        assert_eq!(
            positive_integer_payoffs(&[r(-7, 2), r(7, 2), r(0, 1)]),
            big(&[1, 3, 2])
        );
        assert_eq!(positive_integer_payoffs(&[r(5, 1), r(5, 1)]), big(&[1, 1]));
    }

    #[test]
    fn pivoting_back_restores_the_tableau_exactly() {
        // x1 + 2 x2 + s1 = 4, 3 x1 + x2 + s2 = 5.
        let entries = big(&[1, 2, 1, 0, 4, 3, 1, 0, 1, 5]);
        let mut t = IntTableau::<i64>::new(2, 4, &entries, vec![2, 3]).unwrap();
        let start = t.clone();
        let r = t.lex_min_ratio(0).unwrap().unwrap();
        assert_eq!(r, 1, "ratio 5/3 beats 4/1");
        t.pivot(r, 0).unwrap();
        assert_eq!(t.det(), &3);
        assert_eq!(t.scaled_value(0), 5);
        t.pivot(r, 3).unwrap();
        assert_eq!(t.data, start.data);
        assert_eq!(t.det(), &1);
    }

    #[test]
    fn machine_integers_report_overflow() {
        let entries = big(&[i64::MAX / 2, 1, 1, 0, 1, 3, 1, 0, 1, 1]);
        let mut t = IntTableau::<i64>::new(2, 4, &entries, vec![2, 3]).unwrap();
        assert_eq!(t.pivot(0, 0), Err(Overflow));
        let mut t = IntTableau::<BigInt>::new(2, 4, &entries, vec![2, 3]).unwrap();
        assert_eq!(t.pivot(0, 0), Ok(()));
    }

    #[test]
    fn lexicographic_rule_breaks_degenerate_ties() {
        // Both rows have ratio 1 for column 0; the tie goes to the smaller ratio in the first
        // slack column: row 0 has 1/1, row 1 has 0/1, so row 1 leaves.
        let entries = big(&[1, 1, 0, 1, 1, 0, 1, 1]);
        let t = IntTableau::<i64>::new(2, 3, &entries, vec![1, 2]).unwrap();
        assert_eq!(t.lex_min_ratio(0).unwrap(), Some(1));
        let f = FloatTableau::new(
            2,
            3,
            entries.iter().map(|e| e.to_f64().unwrap()).collect(),
            vec![1, 2],
            1e-12,
        );
        assert_eq!(f.lex_min_ratio(0), Some(1));
    }
}
