//! Lemke's algorithm on the sequence-form linear complementarity problem of a two-player tree
//! (Koller, Megiddo & von Stengel, "Efficient computation of equilibria for extensive
//! two-person games", Games and Economic Behavior 14, 1996).
//!
//! With realization plans `x`, `y` (constraints `E x = e`, `F y = f`) and sequence-form payoff
//! matrices `A`, `B`, a pair `(x, y)` is an equilibrium exactly when there are free vectors
//! `u`, `v` (the players' values at their information sets) with
//!
//! ```text
//! w = E^T u − A y ≥ 0,   x ≥ 0,   x^T w = 0,   E x = e,
//! s = F^T v − B^T x ≥ 0, y ≥ 0,   y^T s = 0,   F y = f.
//! ```
//!
//! This is a *mixed* LCP: `u`, `v` are free and made basic once, and never leave the basis.
//! Lemke's algorithm adds an artificial variable `z0` with a covering vector `d` to the
//! inequality rows and follows the path of almost-complementary bases from a start where `z0`
//! covers every infeasibility to one where `z0` has left the basis. The start here is a pure
//! strategy pair `(x̂, ŷ)` (the first action everywhere) with `d = 0` on the sequences it plays
//! and `d = 1` elsewhere: then `u`, `v` are `x̂`'s and `ŷ`'s values, every other slack grows
//! with `z0`, and the smallest `z0` that makes them all non-negative starts the path.
//! Payoffs are first shifted (by the same constant at every leaf, which changes no
//! equilibrium) so that every non-zero entry of `A` and `B` is negative, as the paper assumes.
//!
//! Pivoting is fraction-free on integers (`i128` while it fits, `BigInt` after an overflow)
//! with the lexicographic minimum-ratio test against degeneracy, or in `f64` with the same
//! rule; a floating-point answer that is not an equilibrium to within a tolerance is
//! recomputed exactly.

use std::cmp::Ordering;
use std::sync::atomic::Ordering as AtomicOrdering;

use brink_game::{Game, Rational};
use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};

use crate::seqform::SequenceForm;
use crate::{Candidates, Config, Profile, SolveError, Status};

/// An integer operation overflowed its machine type; the computation is redone with `BigInt`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Overflow;

/// The entries of a pivoting tableau.
pub(crate) trait Entry: Clone + std::fmt::Debug {
    /// The sign of the entry read against a positive denominator: -1, 0 or 1.
    fn sign(&self) -> i8;
}

impl Entry for i128 {
    fn sign(&self) -> i8 {
        self.signum() as i8
    }
}

impl Entry for BigInt {
    fn sign(&self) -> i8 {
        if self.is_zero() {
            0
        } else if self.is_negative() {
            -1
        } else {
            1
        }
    }
}

impl Entry for f64 {
    fn sign(&self) -> i8 {
        if *self > FLOAT_EPS {
            1
        } else if *self < -FLOAT_EPS {
            -1
        } else {
            0
        }
    }
}

/// Below this, a floating-point tableau entry counts as zero.
const FLOAT_EPS: f64 = 1e-9;

/// Integer arithmetic for fraction-free pivoting, checked where the type is bounded.
pub(crate) trait PivotInt: Entry + Ord {
    /// `(a · p − b · q) / det`, exact, or [`Overflow`].
    fn update(a: &Self, p: &Self, b: &Self, q: &Self, det: &Self) -> Result<Self, Overflow>;
    /// `a · p / det`, exact, or [`Overflow`].
    fn scale(a: &Self, p: &Self, det: &Self) -> Result<Self, Overflow>;
    /// How `a · b` compares with `c · d`, or [`Overflow`].
    fn cmp_products(a: &Self, b: &Self, c: &Self, d: &Self) -> Result<Ordering, Overflow>;
    /// The value, if it fits.
    fn from_big(value: &BigInt) -> Option<Self>;
    /// As a `BigInt`.
    fn to_big(&self) -> BigInt;
}

impl PivotInt for i128 {
    fn update(a: &i128, p: &i128, b: &i128, q: &i128, det: &i128) -> Result<i128, Overflow> {
        let left = a.checked_mul(*p).ok_or(Overflow)?;
        let right = b.checked_mul(*q).ok_or(Overflow)?;
        Ok(left.checked_sub(right).ok_or(Overflow)? / det)
    }
    fn scale(a: &i128, p: &i128, det: &i128) -> Result<i128, Overflow> {
        Ok(a.checked_mul(*p).ok_or(Overflow)? / det)
    }
    fn cmp_products(a: &i128, b: &i128, c: &i128, d: &i128) -> Result<Ordering, Overflow> {
        let left = a.checked_mul(*b).ok_or(Overflow)?;
        let right = c.checked_mul(*d).ok_or(Overflow)?;
        Ok(left.cmp(&right))
    }
    fn from_big(value: &BigInt) -> Option<i128> {
        // Leave head-room so that a negation can never overflow.
        value.to_i128().filter(|v| *v > i128::MIN)
    }
    fn to_big(&self) -> BigInt {
        BigInt::from(*self)
    }
}

impl PivotInt for BigInt {
    fn update(
        a: &BigInt,
        p: &BigInt,
        b: &BigInt,
        q: &BigInt,
        det: &BigInt,
    ) -> Result<BigInt, Overflow> {
        let value = a * p - b * q;
        Ok(if det.is_one() { value } else { value / det })
    }
    fn scale(a: &BigInt, p: &BigInt, det: &BigInt) -> Result<BigInt, Overflow> {
        let value = a * p;
        Ok(if det.is_one() { value } else { value / det })
    }
    fn cmp_products(a: &BigInt, b: &BigInt, c: &BigInt, d: &BigInt) -> Result<Ordering, Overflow> {
        Ok((a * b).cmp(&(c * d)))
    }
    fn from_big(value: &BigInt) -> Option<BigInt> {
        Some(value.clone())
    }
    fn to_big(&self) -> BigInt {
        self.clone()
    }
}

/// A dense tableau in canonical form for a basis: row `r` reads
/// `Σ_j entry(r, j) · z_j = rhs(r)`, with the basic variable's entry equal to the common
/// denominator and every other basic column zero in that row.
pub(crate) trait Tableau {
    /// The number of rows.
    fn rows(&self) -> usize;
    /// The basic variable of a row.
    fn basic(&self, r: usize) -> usize;
    /// The sign of `entry(r, c) / denominator`.
    fn sign(&self, r: usize, c: usize) -> i8;
    /// How `entry(r, k) / entry(r, c)` compares with `entry(s, k) / entry(s, c)`, for rows
    /// whose entries in column `c` have the same sign; `k == None` means the right-hand side.
    fn cmp_ratio(
        &self,
        r: usize,
        s: usize,
        k: Option<usize>,
        c: usize,
    ) -> Result<Ordering, Overflow>;
    /// Pivots variable `c` into the basis in row `r`.
    fn pivot(&mut self, r: usize, c: usize) -> Result<(), Overflow>;
    /// The sign of row `r`'s right-hand side (the value of its basic variable).
    fn rhs_sign(&self, r: usize) -> i8;
    /// Drops the rows whose basic variable fails `keep`. Sound only for rows that will never
    /// be pivot rows and whose values are not needed (those of free variables that never
    /// leave the basis): no other row depends on them.
    fn retain_rows(&mut self, keep: &dyn Fn(usize) -> bool);
}

/// An integer tableau with fraction-free (Bareiss / Edmonds) pivoting: the pivot on `(r, c)`
/// replaces every entry `a_ij` outside row `r` by `(a_ij a_rc − a_ic a_rj) / det`, which
/// divides exactly, and makes `a_rc` the new `det`. No fractions are ever formed.
///
/// Rows are rescaled lazily. A row whose entry in the pivot column is zero would only be
/// multiplied by `a_rc / det`; instead each row remembers the denominator `row_det` it was
/// last brought up to date with, and reads as `stored / row_det`. A row is brought up to date
/// (`stored · det / row_det`, exact because the result is the Bareiss entry) only when a pivot
/// actually changes it, which in these sparse problems is a small fraction of the rows per
/// pivot. Ratios within a row need no update at all.
#[derive(Clone, Debug)]
pub(crate) struct IntTableau<T> {
    rows: usize,
    /// Variables plus one right-hand-side column.
    width: usize,
    cells: Vec<T>,
    /// The current common denominator (its sign is arbitrary).
    det: T,
    /// Per row, the denominator its stored entries are relative to.
    row_det: Vec<T>,
    basis: Vec<usize>,
}

impl<T: PivotInt> IntTableau<T> {
    /// A tableau from integer rows `[coefficients..., rhs]` and the initial basic variables
    /// (whose columns must be unit columns). `None` if an entry does not fit `T`.
    pub fn new(matrix: &[Vec<BigInt>], basis: Vec<usize>) -> Option<IntTableau<T>> {
        let rows = matrix.len();
        let width = matrix.first().map_or(1, Vec::len);
        let mut cells = Vec::with_capacity(rows * width);
        for row in matrix {
            for value in row {
                cells.push(T::from_big(value)?);
            }
        }
        let det = T::from_big(&BigInt::one())?;
        Some(IntTableau {
            rows,
            width,
            cells,
            row_det: vec![det.clone(); rows],
            det,
            basis,
        })
    }

    fn at(&self, r: usize, c: usize) -> &T {
        &self.cells[r * self.width + c]
    }

    /// Brings row `r` up to the current denominator.
    fn refresh(&mut self, r: usize) -> Result<(), Overflow> {
        if self.row_det[r] == self.det {
            return Ok(());
        }
        let width = self.width;
        for cell in &mut self.cells[r * width..(r + 1) * width] {
            if cell.sign() != 0 {
                *cell = T::scale(cell, &self.det, &self.row_det[r])?;
            }
        }
        self.row_det[r] = self.det.clone();
        Ok(())
    }

    /// The sign of entry `(r, c)` as a value (stored entry over the row's denominator).
    fn value_sign(&self, r: usize, c: usize) -> i8 {
        self.at(r, c).sign() * self.row_det[r].sign()
    }

    /// Row `r`'s right-hand side as an exact value.
    pub fn row_value(&self, r: usize) -> Rational {
        Rational::new(
            self.at(r, self.width - 1).to_big(),
            self.row_det[r].to_big(),
        )
    }

    /// How the values of entries `(r, a)` and `(r, b)` compare.
    pub fn cmp_in_row(&self, r: usize, a: usize, b: usize) -> Ordering {
        let ordering = self.at(r, a).cmp(self.at(r, b));
        if self.row_det[r].sign() < 0 {
            ordering.reverse()
        } else {
            ordering
        }
    }

    /// The value of variable `v` in the current basic solution, exactly.
    pub fn value(&self, v: usize) -> Rational {
        match self.basis.iter().position(|&b| b == v) {
            // The basic column holds the denominator itself, so the value is rhs / entry.
            Some(r) => Rational::new(self.at(r, self.width - 1).to_big(), self.at(r, v).to_big()),
            None => Rational::zero(),
        }
    }
}

impl<T: PivotInt> Tableau for IntTableau<T> {
    fn rows(&self) -> usize {
        self.rows
    }

    fn basic(&self, r: usize) -> usize {
        self.basis[r]
    }

    fn sign(&self, r: usize, c: usize) -> i8 {
        self.value_sign(r, c)
    }

    fn rhs_sign(&self, r: usize) -> i8 {
        self.value_sign(r, self.width - 1)
    }

    fn retain_rows(&mut self, keep: &dyn Fn(usize) -> bool) {
        let width = self.width;
        let mut cells = Vec::with_capacity(self.cells.len());
        let mut basis = Vec::with_capacity(self.basis.len());
        let mut row_det = Vec::with_capacity(self.basis.len());
        for (r, &b) in self.basis.iter().enumerate() {
            if keep(b) {
                cells.extend_from_slice(&self.cells[r * width..(r + 1) * width]);
                basis.push(b);
                row_det.push(self.row_det[r].clone());
            }
        }
        self.rows = basis.len();
        self.cells = cells;
        self.basis = basis;
        self.row_det = row_det;
    }

    fn cmp_ratio(
        &self,
        r: usize,
        s: usize,
        k: Option<usize>,
        c: usize,
    ) -> Result<Ordering, Overflow> {
        // A ratio within one row does not depend on the row's denominator.
        let k = k.unwrap_or(self.width - 1);
        let (a, b, x, d) = (self.at(r, k), self.at(r, c), self.at(s, k), self.at(s, c));
        // a/b < x/d  ⇔  a·d < x·b when b·d > 0, reversed when b·d < 0.
        let ordering = T::cmp_products(a, d, x, b)?;
        Ok(if b.sign() * d.sign() < 0 {
            ordering.reverse()
        } else {
            ordering
        })
    }

    fn pivot(&mut self, r: usize, c: usize) -> Result<(), Overflow> {
        let width = self.width;
        self.refresh(r)?;
        let pivot_row: Vec<T> = self.cells[r * width..(r + 1) * width].to_vec();
        let p = pivot_row[c].clone();
        for i in 0..self.rows {
            if i == r || self.at(i, c).sign() == 0 {
                continue;
            }
            self.refresh(i)?;
            let det = &self.det;
            let row = &mut self.cells[i * width..(i + 1) * width];
            let factor = row[c].clone();
            for (cell, pivot_cell) in row.iter_mut().zip(&pivot_row) {
                if pivot_cell.sign() == 0 {
                    if cell.sign() != 0 {
                        *cell = T::scale(cell, &p, det)?;
                    }
                } else {
                    *cell = T::update(cell, &p, &factor, pivot_cell, det)?;
                }
            }
            self.row_det[i] = p.clone();
        }
        self.row_det[r] = p.clone();
        self.basis[r] = c;
        self.det = p;
        Ok(())
    }
}

/// A floating-point tableau, pivoting Gauss–Jordan style (denominator 1).
#[derive(Clone, Debug)]
pub(crate) struct FloatTableau {
    rows: usize,
    width: usize,
    cells: Vec<f64>,
    basis: Vec<usize>,
}

impl FloatTableau {
    /// A tableau from rows `[coefficients..., rhs]` and the initial basic variables.
    pub fn new(matrix: &[Vec<f64>], basis: Vec<usize>) -> FloatTableau {
        let rows = matrix.len();
        let width = matrix.first().map_or(1, Vec::len);
        FloatTableau {
            rows,
            width,
            cells: matrix.concat(),
            basis,
        }
    }

    /// The value of variable `v` in the current basic solution.
    pub fn value(&self, v: usize) -> f64 {
        match self.basis.iter().position(|&b| b == v) {
            Some(r) => self.cells[r * self.width + self.width - 1],
            None => 0.0,
        }
    }
}

impl Tableau for FloatTableau {
    fn rows(&self) -> usize {
        self.rows
    }

    fn basic(&self, r: usize) -> usize {
        self.basis[r]
    }

    fn sign(&self, r: usize, c: usize) -> i8 {
        self.cells[r * self.width + c].sign()
    }

    fn rhs_sign(&self, r: usize) -> i8 {
        self.cells[r * self.width + self.width - 1].sign()
    }

    fn retain_rows(&mut self, keep: &dyn Fn(usize) -> bool) {
        let width = self.width;
        let mut cells = Vec::with_capacity(self.cells.len());
        let mut basis = Vec::with_capacity(self.basis.len());
        for (r, &b) in self.basis.iter().enumerate() {
            if keep(b) {
                cells.extend_from_slice(&self.cells[r * width..(r + 1) * width]);
                basis.push(b);
            }
        }
        self.rows = basis.len();
        self.cells = cells;
        self.basis = basis;
    }

    fn cmp_ratio(
        &self,
        r: usize,
        s: usize,
        k: Option<usize>,
        c: usize,
    ) -> Result<Ordering, Overflow> {
        let k = k.unwrap_or(self.width - 1);
        let a = self.cells[r * self.width + k] / self.cells[r * self.width + c];
        let b = self.cells[s * self.width + k] / self.cells[s * self.width + c];
        let tolerance = FLOAT_EPS * (1.0 + a.abs().max(b.abs()));
        Ok(if (a - b).abs() <= tolerance {
            Ordering::Equal
        } else {
            a.total_cmp(&b)
        })
    }

    fn pivot(&mut self, r: usize, c: usize) -> Result<(), Overflow> {
        let width = self.width;
        let p = self.cells[r * width + c];
        for j in 0..width {
            self.cells[r * width + j] /= p;
        }
        let pivot_row: Vec<f64> = self.cells[r * width..(r + 1) * width].to_vec();
        for i in 0..self.rows {
            if i == r {
                continue;
            }
            let factor = self.cells[i * width + c];
            if factor == 0.0 {
                continue;
            }
            let row = &mut self.cells[i * width..(i + 1) * width];
            for (cell, pv) in row.iter_mut().zip(&pivot_row) {
                if *pv != 0.0 {
                    *cell -= factor * pv;
                }
            }
            row[c] = 0.0;
        }
        self.basis[r] = c;
        Ok(())
    }
}

/// Among `rows` (all with entries of one sign in column `c`), those whose ratios
/// `rhs / entry(·, c)` are smallest (`smallest`) or largest, ties broken lexicographically
/// by the ratios in the columns `lex` in turn.
pub(crate) fn lex_select<T: Tableau>(
    tableau: &T,
    mut rows: Vec<usize>,
    c: usize,
    lex: impl Iterator<Item = usize>,
    smallest: bool,
    prefer: Option<usize>,
) -> Result<Option<usize>, Overflow> {
    let keys = std::iter::once(None).chain(lex.map(Some));
    for (round, k) in keys.enumerate() {
        if rows.len() <= 1 {
            break;
        }
        let mut best = vec![rows[0]];
        for &r in &rows[1..] {
            let ordering = tableau.cmp_ratio(r, best[0], k, c)?;
            let better = if smallest {
                ordering == Ordering::Less
            } else {
                ordering == Ordering::Greater
            };
            if better {
                best = vec![r];
            } else if ordering == Ordering::Equal {
                best.push(r);
            }
        }
        rows = best;
        // After the right-hand side, a preferred row (the artificial variable's) wins a tie.
        if round == 0 {
            if let Some(p) = prefer {
                if rows.contains(&p) {
                    return Ok(Some(p));
                }
            }
        }
    }
    Ok(rows.first().copied())
}

/// The layout of the sequence-form LCP's variables and rows.
struct Layout {
    n: [usize; 2],
    m: [usize; 2],
    /// Rows (and variables of each block) in total.
    size: usize,
}

impl Layout {
    fn new(sf: &SequenceForm) -> Layout {
        let n = [sf.players[0].len, sf.players[1].len];
        let m = [sf.players[0].constraints(), sf.players[1].constraints()];
        Layout {
            n,
            m,
            size: n[0] + n[1] + m[0] + m[1],
        }
    }
    /// The variable of player `p`'s sequence `s` (`x` or `y`).
    fn plan(&self, p: usize, s: usize) -> usize {
        if p == 0 {
            s
        } else {
            self.n[0] + s
        }
    }
    /// The free dual variable of player `p`'s constraint `k` (`u` or `v`).
    fn dual(&self, p: usize, k: usize) -> usize {
        self.n[0] + self.n[1] + if p == 0 { k } else { self.m[0] + k }
    }
    fn z0(&self) -> usize {
        self.size
    }
    /// The slack (unit column) of row `r`.
    fn slack(&self, r: usize) -> usize {
        self.size + 1 + r
    }
    /// The row of player `p`'s constraint `k`.
    fn constraint_row(&self, p: usize, k: usize) -> usize {
        self.n[0] + self.n[1] + if p == 0 { k } else { self.m[0] + k }
    }
    fn is_free(&self, v: usize) -> bool {
        v >= self.n[0] + self.n[1] && v < self.size
    }
    /// The complement of a plan variable or of a slack of an inequality row.
    fn complement(&self, v: usize) -> usize {
        let plans = self.n[0] + self.n[1];
        if v < plans {
            self.slack(v)
        } else {
            v - self.size - 1
        }
    }
}

/// The integer LCP tableau: payoffs shifted negative and scaled to integers, the covering
/// vector zero on the first action of every information set.
fn lcp_matrix(sf: &SequenceForm, layout: &Layout) -> Vec<Vec<BigInt>> {
    let width = 2 * layout.size + 2;
    let mut rows = vec![vec![BigInt::zero(); width]; layout.size];
    for p in 0..2 {
        // Shift payoffs so that every non-zero entry is negative, as the paper assumes: subtract
        // (the largest chance-weighted average payoff of an entry + 1) at every leaf.
        let max = sf
            .entries
            .iter()
            .filter(|e| !e.mass.is_zero())
            .map(|e| &e.payoffs[p] / &e.mass)
            .fold(None::<Rational>, |m, v| {
                Some(m.map_or(v.clone(), |m| if v > m { v } else { m }))
            })
            .unwrap_or_else(Rational::zero);
        let shift = -(max.floor() + Rational::one());
        let values = sf.shifted_payoffs(p, &shift);
        let scale = values
            .iter()
            .fold(BigInt::one(), |l, (_, _, v)| l.lcm(v.denom()));
        let other = 1 - p;
        for (row, col, value) in values {
            let scaled = (value * Rational::from_integer(scale.clone())).to_integer();
            // Player 1's rows hold A y; player 2's rows hold B^T x.
            let (own, theirs) = if p == 0 { (row, col) } else { (col, row) };
            rows[layout.plan(p, own)][layout.plan(other, theirs)] = scaled;
        }
        for (k, s, coefficient) in sf.players[p].constraint_entries() {
            // −E^T u in the slack rows, E x in the constraint rows.
            rows[layout.plan(p, s)][layout.dual(p, k)] = BigInt::from(-coefficient);
            rows[layout.constraint_row(p, k)][layout.plan(p, s)] = BigInt::from(coefficient);
        }
        rows[layout.constraint_row(p, 0)][width - 1] = BigInt::one();
        // The covering vector: zero on the sequences of the starting pure plan.
        let chosen = starting_sequences(sf, p);
        for s in 0..sf.players[p].len {
            if !chosen[s] {
                rows[layout.plan(p, s)][layout.z0()] = BigInt::from(-1);
            }
        }
    }
    for (r, row) in rows.iter_mut().enumerate() {
        row[layout.slack(r)] = BigInt::one();
    }
    rows
}

/// The sequences played by the starting pure plan: the empty one and the first action at
/// every information set (reached or not).
fn starting_sequences(sf: &SequenceForm, p: usize) -> Vec<bool> {
    let mut chosen = vec![false; sf.players[p].len];
    chosen[0] = true;
    for &f in &sf.players[p].first {
        chosen[f] = true;
    }
    chosen
}

/// How a run of Lemke's algorithm ended.
enum LemkeEnd {
    Solved,
    Singular,
    Ray,
    Limit,
    Stopped,
}

/// Runs the algorithm on a tableau built from [`lcp_matrix`].
fn run<T: Tableau>(
    tableau: &mut T,
    sf: &SequenceForm,
    layout: &Layout,
    config: &Config,
    limit: usize,
) -> Result<LemkeEnd, Overflow> {
    // Make the starting plans basic in the constraint rows, top-down (a parent sequence is
    // pivoted in before its children's rows use it), then the free values basic in the rows
    // of the starting sequences, bottom-up. Each pivot element is ±1 times a non-zero
    // denominator by the triangular structure of E and F; the check guards against a bug
    // turning into a division by zero.
    let mut start = Vec::new();
    for p in 0..2 {
        start.push((layout.constraint_row(p, 0), layout.plan(p, 0)));
        for (h, &f) in sf.players[p].first.iter().enumerate() {
            start.push((layout.constraint_row(p, 1 + h), layout.plan(p, f)));
        }
    }
    for p in 0..2 {
        for (h, &f) in sf.players[p].first.iter().enumerate().rev() {
            start.push((layout.plan(p, f), layout.dual(p, 1 + h)));
        }
        start.push((layout.plan(p, 0), layout.dual(p, 0)));
    }
    for (r, c) in start {
        if tableau.sign(r, c) == 0 {
            return Ok(LemkeEnd::Singular);
        }
        tableau.pivot(r, c)?;
    }
    // The free values are basic for good now and nothing reads them: their rows go, which
    // makes every later pivot cheaper.
    tableau.retain_rows(&|v| !layout.is_free(v));
    let z0 = layout.z0();
    let lex = || (0..layout.size).map(|r| layout.slack(r));
    // z0 enters where it must be largest to make every slack non-negative.
    let start: Vec<usize> = (0..tableau.rows())
        .filter(|&r| !layout.is_free(tableau.basic(r)) && tableau.sign(r, z0) < 0)
        .collect();
    let Some(r) = lex_select(tableau, start, z0, lex(), false, None)? else {
        return Ok(LemkeEnd::Solved);
    };
    if tableau.rhs_sign(r) >= 0 {
        // Even the row that needs z0 most is feasible without it: the starting pure pair is
        // already an equilibrium.
        return Ok(LemkeEnd::Solved);
    }
    let leaving = tableau.basic(r);
    tableau.pivot(r, z0)?;
    let mut entering = layout.complement(leaving);
    for _ in 0..limit {
        if let Some(stop) = &config.stop {
            if stop.load(AtomicOrdering::Relaxed) {
                return Ok(LemkeEnd::Stopped);
            }
        }
        let candidates: Vec<usize> = (0..tableau.rows())
            .filter(|&r| !layout.is_free(tableau.basic(r)) && tableau.sign(r, entering) > 0)
            .collect();
        let z0_row = (0..tableau.rows()).find(|&r| tableau.basic(r) == z0);
        let Some(r) = lex_select(tableau, candidates, entering, lex(), true, z0_row)? else {
            return Ok(LemkeEnd::Ray);
        };
        let leaving = tableau.basic(r);
        tableau.pivot(r, entering)?;
        if leaving == z0 {
            return Ok(LemkeEnd::Solved);
        }
        entering = layout.complement(leaving);
    }
    Ok(LemkeEnd::Limit)
}

/// The pivot limit for a problem of `size` rows: far above what the oracle games need, low
/// enough that a cycling float run ends in seconds.
fn pivot_limit(size: usize) -> usize {
    10_000 + 50 * size
}

/// One equilibrium of a two-player tree with perfect recall, by Lemke's algorithm on the
/// sequence form.
pub(crate) fn solve(game: &Game, config: &Config) -> Result<Candidates, SolveError> {
    let Game::Tree(tree) = game else {
        return Err(SolveError::NotApplicable {
            method: "lcp",
            reason: "the sequence-form algorithm needs a tree".into(),
        });
    };
    let sf = SequenceForm::from_tree(tree, "lcp")?;
    let layout = Layout::new(&sf);
    let matrix = lcp_matrix(&sf, &layout);
    let limit = pivot_limit(layout.size);
    let basis: Vec<usize> = (0..layout.size).map(|r| layout.slack(r)).collect();

    // Floats only where they can represent the payoffs; otherwise the exact path decides.
    if !config.exact && crate::verify::floats_can_judge(game) {
        let float_matrix: Vec<Vec<f64>> = matrix
            .iter()
            .map(|row| row.iter().map(|v| v.to_f64().unwrap_or(f64::NAN)).collect())
            .collect();
        let mut tableau = FloatTableau::new(&float_matrix, basis.clone());
        if let Ok(LemkeEnd::Solved) = run(&mut tableau, &sf, &layout, config, limit) {
            let plans: Vec<Vec<f64>> = (0..2)
                .map(|p| {
                    (0..sf.players[p].len)
                        .map(|s| tableau.value(layout.plan(p, s)).max(0.0))
                        .collect()
                })
                .collect();
            // Accept the float answer only if it is an equilibrium to a tolerance relative to
            // each player's own payoffs; otherwise redo the computation exactly.
            let regrets = sf.regrets_f64([&plans[0], &plans[1]]);
            let scales = sf.payoff_scales();
            if (0..2).all(|p| regrets[p] <= 1e-9 * scales[p]) {
                let profile = Profile::Behavior(sf.behavior_profile([&plans[0], &plans[1]]));
                return Ok(Candidates {
                    status: Status::Solved,
                    profiles: vec![profile],
                    beliefs: Vec::new(),
                });
            }
        }
    }

    let outcome = match IntTableau::<i128>::new(&matrix, basis.clone()) {
        Some(mut tableau) => match run(&mut tableau, &sf, &layout, config, limit) {
            Ok(end) => Ok((end, exact_plans(&tableau, &sf, &layout))),
            Err(Overflow) => Err(Overflow),
        },
        None => Err(Overflow),
    };
    let (end, plans) = match outcome {
        Ok(done) => done,
        Err(Overflow) => {
            let mut tableau =
                IntTableau::<BigInt>::new(&matrix, basis).expect("BigInt holds any integer");
            let end = run(&mut tableau, &sf, &layout, config, limit)
                .expect("BigInt arithmetic cannot overflow");
            (end, exact_plans(&tableau, &sf, &layout))
        }
    };
    Ok(match end {
        LemkeEnd::Solved => {
            let profile = Profile::Behavior(sf.behavior_profile([&plans[0], &plans[1]]));
            Candidates {
                status: Status::Solved,
                profiles: vec![profile],
                beliefs: Vec::new(),
            }
        }
        LemkeEnd::Singular => Candidates {
            status: Status::NotConverged(
                "the starting basis of Lemke's algorithm is singular".into(),
            ),
            profiles: Vec::new(),
            beliefs: Vec::new(),
        },
        LemkeEnd::Ray => Candidates {
            status: Status::NotConverged("Lemke's algorithm ended on a secondary ray".into()),
            profiles: Vec::new(),
            beliefs: Vec::new(),
        },
        LemkeEnd::Limit => Candidates {
            status: Status::IterationLimit(format!(
                "Lemke's algorithm stopped after {limit} pivots"
            )),
            profiles: Vec::new(),
            beliefs: Vec::new(),
        },
        LemkeEnd::Stopped => Candidates {
            status: Status::Stopped,
            profiles: Vec::new(),
            beliefs: Vec::new(),
        },
    })
}

/// Both realization plans of the current basic solution, exactly.
fn exact_plans<T: PivotInt>(
    tableau: &IntTableau<T>,
    sf: &SequenceForm,
    layout: &Layout,
) -> Vec<Vec<Rational>> {
    (0..2)
        .map(|p| {
            (0..sf.players[p].len)
                .map(|s| tableau.value(layout.plan(p, s)))
                .collect()
        })
        .collect()
}
