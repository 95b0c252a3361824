//! Univariate polynomials over the exact rationals, and their real roots found exactly.
//!
//! A threshold of a scenario is where some condition of its equilibria changes sign; when
//! payoffs and priors are polynomial or rational in a parameter, that condition is a
//! polynomial and the threshold one of its real roots. This module finds *every* real root of
//! a polynomial in an interval, with no floating point:
//!
//! - the **square-free part** `p / gcd(p, p')` has the same roots, each simple;
//! - its **Sturm sequence** (Sturm 1829: `p`, `p'`, then the negated remainders of Euclid's
//!   algorithm) counts the distinct roots in a half-open interval `(a, b]` as the drop in the
//!   number of sign changes of the sequence from `a` to `b`;
//! - **bisection** on those counts splits the interval until each piece holds one root;
//! - a root that is **rational** is found exactly: if the primitive integer polynomial has
//!   leading coefficient `L`, a rational root `u/v` in lowest terms has `v | L`, and two
//!   distinct fractions with denominators at most `L` lie at least `1/L²` apart; so once the
//!   root's interval is narrower than that, the simplest fraction in it (smallest
//!   denominator, [`simplest_between`]) is the only candidate, and one exact evaluation
//!   decides. This replaces the enumeration of divisors of the rational root test, which is
//!   exponential in the size of the coefficients.
//! - an **irrational** root is kept as a [`RealAlgebraic`]: a square-free polynomial with no
//!   rational root in the searched interval, and an isolating interval with rational
//!   endpoints, refinable by bisection to any width. Comparisons are exact (two roots of
//!   different polynomials are equal exactly when the gcd of the polynomials has a root in
//!   the intersection of their intervals).
//!
//! The arithmetic is [`Q`]'s: machine integers while the numbers stay small, big integers
//! beyond, exact in every case.

use std::cmp::Ordering;
use std::fmt;

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Signed, Zero};

use crate::{Rational, Q};

/// A polynomial in one variable with exact rational coefficients.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Poly {
    /// Coefficients from the constant term up; the last one is never zero (the zero
    /// polynomial has none).
    coeffs: Vec<Q>,
}

impl Poly {
    /// The polynomial `c[0] + c[1] x + c[2] x² + ...` (trailing zeros are dropped).
    pub fn new(coeffs: Vec<Q>) -> Poly {
        let mut p = Poly { coeffs };
        p.trim();
        p
    }

    /// [`Poly::new`] from integers, constant term first: `[-2, 0, 1]` is `x² - 2`.
    pub fn from_integers(coeffs: &[i64]) -> Poly {
        Poly::new(coeffs.iter().map(|&c| Q::from_integer(c)).collect())
    }

    /// The polynomial `x - r`, whose only root is `r`.
    pub fn x_minus(r: &Q) -> Poly {
        Poly::new(vec![-r, Q::one()])
    }

    /// The zero polynomial.
    pub fn zero() -> Poly {
        Poly { coeffs: Vec::new() }
    }

    /// The constant `c`.
    pub fn constant(c: Q) -> Poly {
        Poly::new(vec![c])
    }

    fn trim(&mut self) {
        while self.coeffs.last().is_some_and(Zero::is_zero) {
            self.coeffs.pop();
        }
    }

    /// Whether this is the zero polynomial.
    pub fn is_zero(&self) -> bool {
        self.coeffs.is_empty()
    }

    /// The degree; `None` for the zero polynomial.
    pub fn degree(&self) -> Option<usize> {
        self.coeffs.len().checked_sub(1)
    }

    /// The coefficients, constant term first, with no trailing zero.
    pub fn coeffs(&self) -> &[Q] {
        &self.coeffs
    }

    /// The leading coefficient (zero for the zero polynomial).
    pub fn leading(&self) -> Q {
        self.coeffs.last().cloned().unwrap_or_else(Q::zero)
    }

    /// The value at `x` (Horner's rule).
    pub fn eval(&self, x: &Q) -> Q {
        let mut acc = Q::zero();
        for c in self.coeffs.iter().rev() {
            acc = &(&acc * x) + c;
        }
        acc
    }

    /// The sign of the value at `x`.
    pub fn sign_at(&self, x: &Q) -> Ordering {
        self.eval(x).cmp(&Q::zero())
    }

    /// The derivative.
    pub fn derivative(&self) -> Poly {
        Poly::new(
            self.coeffs
                .iter()
                .enumerate()
                .skip(1)
                .map(|(k, c)| c * &Q::from_integer(k as i64))
                .collect(),
        )
    }

    /// The sum.
    pub fn add(&self, other: &Poly) -> Poly {
        let n = self.coeffs.len().max(other.coeffs.len());
        let zero = Q::zero();
        Poly::new(
            (0..n)
                .map(|k| self.coeffs.get(k).unwrap_or(&zero) + other.coeffs.get(k).unwrap_or(&zero))
                .collect(),
        )
    }

    /// The difference `self - other`.
    pub fn sub(&self, other: &Poly) -> Poly {
        self.add(&other.scale(&-Q::one()))
    }

    /// Every coefficient times `c`.
    pub fn scale(&self, c: &Q) -> Poly {
        Poly::new(self.coeffs.iter().map(|x| x * c).collect())
    }

    /// The product.
    pub fn mul(&self, other: &Poly) -> Poly {
        if self.is_zero() || other.is_zero() {
            return Poly::zero();
        }
        let mut out = vec![Q::zero(); self.coeffs.len() + other.coeffs.len() - 1];
        for (i, a) in self.coeffs.iter().enumerate() {
            for (j, b) in other.coeffs.iter().enumerate() {
                out[i + j].add_product(a, b);
            }
        }
        Poly::new(out)
    }

    /// Quotient and remainder of the division by `divisor`, or `None` when the divisor is the
    /// zero polynomial.
    pub fn div_rem(&self, divisor: &Poly) -> Option<(Poly, Poly)> {
        let d = divisor.degree()?;
        let lead = divisor.leading();
        let mut rem = self.coeffs.clone();
        let mut quot = vec![Q::zero(); self.coeffs.len().saturating_sub(d)];
        while rem.len() > d {
            let k = rem.len() - 1 - d;
            let c = &rem[rem.len() - 1] / &lead;
            for (j, b) in divisor.coeffs.iter().enumerate() {
                let t = &c * b;
                rem[k + j] -= &t;
            }
            // The top coefficient is now zero by construction; drop it exactly.
            rem.pop();
            quot[k] = c;
            while rem.last().is_some_and(Zero::is_zero) && rem.len() > d {
                rem.pop();
            }
        }
        Some((Poly::new(quot), Poly::new(rem)))
    }

    /// The polynomial divided by its leading coefficient (zero stays zero).
    pub fn monic(&self) -> Poly {
        if self.is_zero() {
            return Poly::zero();
        }
        self.scale(&self.leading().recip())
    }

    /// The monic greatest common divisor (zero when both are zero), by Euclid's algorithm.
    pub fn gcd(&self, other: &Poly) -> Poly {
        let (mut a, mut b) = (self.monic(), other.monic());
        while !b.is_zero() {
            let Some((_, r)) = a.div_rem(&b) else { break };
            a = b;
            b = r.monic();
        }
        a
    }

    /// The square-free part `p / gcd(p, p')`, monic: the same roots, each simple. The zero
    /// polynomial stays zero.
    pub fn square_free(&self) -> Poly {
        if self.degree().unwrap_or(0) == 0 {
            return self.monic();
        }
        let g = self.gcd(&self.derivative());
        match self.div_rem(&g) {
            Some((q, _)) => q.monic(),
            None => self.monic(),
        }
    }

    /// The Sturm sequence of the polynomial (Sturm 1829): `p`, `p'`, and then each term the
    /// negated remainder of the two before it, until a remainder is zero. Each term is scaled
    /// by a positive number (to keep its coefficients small), which changes no sign.
    pub fn sturm_sequence(&self) -> Vec<Poly> {
        let positive = |p: Poly| {
            let lead = p.leading().abs();
            if lead.is_zero() {
                p
            } else {
                p.scale(&lead.recip())
            }
        };
        let mut seq = vec![positive(self.clone())];
        let first = positive(self.derivative());
        if first.is_zero() {
            return seq;
        }
        seq.push(first);
        loop {
            let n = seq.len();
            let Some((_, r)) = seq[n - 2].div_rem(&seq[n - 1]) else {
                break;
            };
            if r.is_zero() {
                break;
            }
            seq.push(positive(r.scale(&-Q::one())));
        }
        seq
    }

    /// The number of distinct real roots in the half-open interval `(lo, hi]` (zero when
    /// `lo >= hi` or the polynomial is zero, whose roots cannot be counted).
    pub fn count_roots(&self, lo: &Q, hi: &Q) -> usize {
        if self.is_zero() || lo >= hi {
            return 0;
        }
        let seq = self.square_free().sturm_sequence();
        sign_changes(&seq, lo).saturating_sub(sign_changes(&seq, hi))
    }

    /// Every distinct real root in the closed interval `[lo, hi]`, in increasing order:
    /// rational roots exactly, irrational ones isolated (see the module documentation).
    /// `None` for the zero polynomial, every number of which is a root.
    pub fn real_roots(&self, lo: &Q, hi: &Q) -> Option<Vec<RealAlgebraic>> {
        if self.is_zero() {
            return None;
        }
        if lo > hi || self.degree() == Some(0) {
            return Some(Vec::new());
        }
        let p = self.square_free();
        let seq = p.sturm_sequence();
        let count = |a: &Q, b: &Q| sign_changes(&seq, a).saturating_sub(sign_changes(&seq, b));
        let mut rational: Vec<Q> = Vec::new();
        if p.eval(lo).is_zero() {
            rational.push(lo.clone());
        }
        // Pieces (a, b] with exactly one root each, found by bisection on the Sturm counts.
        let mut pieces: Vec<(Q, Q)> = Vec::new();
        let mut stack = vec![(lo.clone(), hi.clone(), count(lo, hi))];
        while let Some((a, b, n)) = stack.pop() {
            match n {
                0 => {}
                1 => pieces.push((a, b)),
                _ => {
                    let m = midpoint(&a, &b);
                    let left = count(&a, &m);
                    stack.push((m.clone(), b, n - left));
                    stack.push((a, m, left));
                }
            }
        }
        let bound = rational_root_gap(&p);
        let mut irrational: Vec<(Q, Q)> = Vec::new();
        for (mut a, mut b) in pieces {
            if p.eval(&b).is_zero() {
                rational.push(b);
                continue;
            }
            // The root lies in the open interval (a, b); `a` may itself be a root (of the
            // piece before). Move `a` off it with the Sturm counts.
            let mut found = None;
            while p.eval(&a).is_zero() {
                let m = midpoint(&a, &b);
                if p.eval(&m).is_zero() {
                    found = Some(m);
                    break;
                }
                if count(&a, &m) == 1 {
                    b = m;
                } else {
                    a = m;
                }
            }
            if let Some(r) = found {
                rational.push(r);
                continue;
            }
            // Now p(a) and p(b) are non-zero and of opposite signs. Narrow to below the gap
            // between fractions the root could be, then test the one candidate.
            let sign_a = p.sign_at(&a);
            loop {
                if &b - &a < bound {
                    let candidate = Q::from(simplest_between(&a.to_rational(), &b.to_rational()));
                    if p.eval(&candidate).is_zero() {
                        found = Some(candidate);
                    }
                    break;
                }
                let m = midpoint(&a, &b);
                match p.sign_at(&m) {
                    Ordering::Equal => {
                        found = Some(m);
                        break;
                    }
                    s if s == sign_a => a = m,
                    _ => b = m,
                }
            }
            match found {
                Some(r) => rational.push(r),
                None => irrational.push((a, b)),
            }
        }
        // The irrational roots' polynomial: the square-free part without its rational roots
        // in the interval, so that no endpoint met in a refinement is one of its roots.
        let mut reduced = p.clone();
        for r in &rational {
            if let Some((q, _)) = reduced.div_rem(&Poly::x_minus(r)) {
                reduced = q;
            }
        }
        let reduced = reduced.monic();
        let mut out: Vec<RealAlgebraic> = rational
            .into_iter()
            .map(RealAlgebraic::from_rational)
            .collect();
        for (a, b) in irrational {
            let sign_lo = reduced.sign_at(&a);
            out.push(RealAlgebraic(Repr::Isolated {
                poly: reduced.clone(),
                lo: a,
                hi: b,
                sign_lo,
            }));
        }
        out.sort();
        Some(out)
    }

    /// The polynomial scaled to integer coefficients with no common factor and a positive
    /// leading coefficient, constant term first (empty for zero).
    pub fn primitive_integers(&self) -> Vec<BigInt> {
        let rats: Vec<Rational> = self.coeffs.iter().map(Q::to_rational).collect();
        let lcm = rats.iter().fold(BigInt::one(), |l, r| l.lcm(r.denom()));
        let mut ints: Vec<BigInt> = rats
            .iter()
            .map(|r| r.numer() * (&lcm / r.denom()))
            .collect();
        let g = ints.iter().fold(BigInt::zero(), |g, c| g.gcd(c));
        if !g.is_zero() {
            for c in &mut ints {
                *c /= &g;
            }
        }
        if ints.last().is_some_and(Signed::is_negative) {
            for c in &mut ints {
                *c = -&*c;
            }
        }
        ints
    }
}

/// The number of sign changes along a sequence of polynomials at `x`, zeros skipped.
fn sign_changes(seq: &[Poly], x: &Q) -> usize {
    let mut last = Ordering::Equal;
    let mut changes = 0;
    for p in seq {
        let s = p.sign_at(x);
        if s == Ordering::Equal {
            continue;
        }
        if last != Ordering::Equal && s != last {
            changes += 1;
        }
        last = s;
    }
    changes
}

fn midpoint(a: &Q, b: &Q) -> Q {
    &(a + b) / &Q::from_integer(2)
}

/// `1 / L²` for the leading coefficient `L` of the primitive integer form: two distinct
/// fractions that could be roots lie at least this far apart (module documentation).
fn rational_root_gap(p: &Poly) -> Q {
    let ints = p.primitive_integers();
    let lead = ints.last().cloned().unwrap_or_else(BigInt::one).abs();
    Q::from(Rational::new(BigInt::one(), &lead * &lead))
}

/// The fraction with the smallest denominator (and then the smallest absolute numerator) in
/// the closed interval between `a` and `b` (either order), by the continued-fraction
/// recursion for the simplest rational of an interval (the Stern–Brocot tree's first visit).
pub fn simplest_between(a: &Rational, b: &Rational) -> Rational {
    let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
    if !lo.is_positive() && !hi.is_negative() {
        return Rational::zero();
    }
    if hi.is_negative() {
        return -simplest_between(&-hi, &-lo);
    }
    // Here 0 < lo <= hi. Walk down the continued fraction: while no integer lies in
    // [lo, hi], record the common integer part and continue with the reciprocals of the
    // fractional parts, which swap ends.
    let (mut lo, mut hi) = (lo.clone(), hi.clone());
    let mut parts: Vec<BigInt> = Vec::new();
    let last = loop {
        let ceil = lo.ceil();
        if ceil <= hi {
            break ceil;
        }
        let whole = lo.floor();
        let next_lo = (&hi - &whole).recip();
        let next_hi = (&lo - &whole).recip();
        parts.push(whole.to_integer());
        lo = next_lo;
        hi = next_hi;
    };
    parts
        .into_iter()
        .rev()
        .fold(last, |x, whole| Rational::from_integer(whole) + x.recip())
}

impl fmt::Display for Poly {
    /// Highest power first, rational coefficients in parentheses: `x^2 - 2`,
    /// `(1/3)x - 1`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_zero() {
            return write!(f, "0");
        }
        let mut first = true;
        for (k, c) in self.coeffs.iter().enumerate().rev() {
            if c.is_zero() {
                continue;
            }
            let magnitude = c.abs();
            match (first, c.is_negative()) {
                (true, true) => write!(f, "-")?,
                (true, false) => {}
                (false, true) => write!(f, " - ")?,
                (false, false) => write!(f, " + ")?,
            }
            first = false;
            let text = magnitude.to_string();
            if k == 0 {
                write!(f, "{text}")?;
                continue;
            }
            if !magnitude.is_one() {
                if text.contains('/') {
                    write!(f, "({text})")?;
                } else {
                    write!(f, "{text}")?;
                }
            }
            match k {
                1 => write!(f, "x")?,
                _ => write!(f, "x^{k}")?,
            }
        }
        Ok(())
    }
}

impl fmt::Debug for Poly {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Poly({self})")
    }
}

/// A real algebraic number: a rational, or an irrational root of a polynomial held by an
/// isolating interval (see the module documentation). Ordered exactly.
#[derive(Clone)]
pub struct RealAlgebraic(Repr);

#[derive(Clone)]
enum Repr {
    Rational(Q),
    /// The only root of `poly` in the open interval `(lo, hi)`. `poly` is square-free and
    /// vanishes at neither end, nor at any rational number met when the interval is halved;
    /// `sign_lo` is its sign at `lo` (the opposite of its sign at `hi`).
    Isolated {
        poly: Poly,
        lo: Q,
        hi: Q,
        sign_lo: Ordering,
    },
}

impl RealAlgebraic {
    /// The rational `r`.
    pub fn from_rational(r: Q) -> RealAlgebraic {
        RealAlgebraic(Repr::Rational(r))
    }

    /// The value, if it is rational.
    pub fn as_rational(&self) -> Option<&Q> {
        match &self.0 {
            Repr::Rational(r) => Some(r),
            Repr::Isolated { .. } => None,
        }
    }

    /// A polynomial of which it is a root: `x - r` for a rational `r`.
    pub fn poly(&self) -> Poly {
        match &self.0 {
            Repr::Rational(r) => Poly::x_minus(r),
            Repr::Isolated { poly, .. } => poly.clone(),
        }
    }

    /// An interval holding it: `(r, r)` for a rational `r`, else the open isolating interval.
    pub fn interval(&self) -> (Q, Q) {
        match &self.0 {
            Repr::Rational(r) => (r.clone(), r.clone()),
            Repr::Isolated { lo, hi, .. } => (lo.clone(), hi.clone()),
        }
    }

    /// Halves the isolating interval until it is at most `width` wide (a rational needs no
    /// refinement; a `width` that is not positive is treated as no request).
    pub fn refine(&mut self, width: &Q) {
        if !width.is_positive() {
            return;
        }
        if let Repr::Isolated {
            poly,
            lo,
            hi,
            sign_lo,
        } = &mut self.0
        {
            while &*hi - &*lo > *width {
                let m = midpoint(lo, hi);
                // The midpoint is rational and the polynomial has no rational root here, so
                // the sign is never zero.
                if poly.sign_at(&m) == *sign_lo {
                    *lo = m;
                } else {
                    *hi = m;
                }
            }
        }
    }

    /// The nearest `f64` (for an irrational number, the midpoint of an interval refined far
    /// below the precision of an `f64`).
    pub fn to_f64(&self) -> f64 {
        match &self.0 {
            Repr::Rational(r) => r.to_f64(),
            Repr::Isolated { lo, .. } => {
                let mut x = self.clone();
                let scale = lo.abs().max(Q::one());
                x.refine(&(&scale / &Q::from(Rational::from_integer(BigInt::one() << 64))));
                let (a, b) = x.interval();
                midpoint(&a, &b).to_f64()
            }
        }
    }

    /// The exact order of two algebraic numbers.
    fn compare(&self, other: &RealAlgebraic) -> Ordering {
        match (&self.0, &other.0) {
            (Repr::Rational(a), Repr::Rational(b)) => a.cmp(b),
            (Repr::Isolated { .. }, Repr::Rational(r)) => {
                // An irrational number never equals a rational: refine until `r` is outside.
                let mut x = self.clone();
                loop {
                    let (lo, hi) = x.interval();
                    if *r <= lo {
                        return Ordering::Greater;
                    }
                    if *r >= hi {
                        return Ordering::Less;
                    }
                    x.refine(&(&(&hi - &lo) / &Q::from_integer(2)));
                }
            }
            (Repr::Rational(_), Repr::Isolated { .. }) => other.compare(self).reverse(),
            (
                Repr::Isolated {
                    poly: p,
                    lo: a0,
                    hi: a1,
                    ..
                },
                Repr::Isolated {
                    poly: q,
                    lo: b0,
                    hi: b1,
                    ..
                },
            ) => {
                if a1 <= b0 {
                    return Ordering::Less;
                }
                if b1 <= a0 {
                    return Ordering::Greater;
                }
                // The intervals overlap. Both numbers are the same exactly when a common
                // root of the two polynomials lies in the overlap (each polynomial has only
                // one root in its own interval). The gcd has no rational root here, so the
                // overlap's ends are not its roots and the Sturm count is of the open overlap.
                let (lo, hi) = (a0.max(b0).clone(), a1.min(b1).clone());
                let g = p.gcd(q);
                if g.degree().unwrap_or(0) > 0 && g.count_roots(&lo, &hi) > 0 {
                    return Ordering::Equal;
                }
                let (mut x, mut y) = (self.clone(), other.clone());
                loop {
                    let ((a0, a1), (b0, b1)) = (x.interval(), y.interval());
                    if a1 <= b0 {
                        return Ordering::Less;
                    }
                    if b1 <= a0 {
                        return Ordering::Greater;
                    }
                    x.refine(&(&(&a1 - &a0) / &Q::from_integer(2)));
                    y.refine(&(&(&b1 - &b0) / &Q::from_integer(2)));
                }
            }
        }
    }
}

impl PartialEq for RealAlgebraic {
    fn eq(&self, other: &RealAlgebraic) -> bool {
        self.compare(other) == Ordering::Equal
    }
}

impl Eq for RealAlgebraic {}

impl PartialOrd for RealAlgebraic {
    fn partial_cmp(&self, other: &RealAlgebraic) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for RealAlgebraic {
    fn cmp(&self, other: &RealAlgebraic) -> Ordering {
        self.compare(other)
    }
}

/// `x` rounded down (`up` false) or up to `digits` decimals, as text.
fn decimal_bound(x: &Q, digits: u32, up: bool) -> String {
    let r = x.to_rational();
    let scale = num_traits::pow(BigInt::from(10), digits as usize);
    let scaled = r.numer() * &scale;
    let n = if up {
        -((-scaled).div_floor(r.denom()))
    } else {
        scaled.div_floor(r.denom())
    };
    let negative = n.is_negative();
    let digits_text = format!("{:0>width$}", n.abs(), width = digits as usize + 1);
    let (whole, frac) = digits_text.split_at(digits_text.len() - digits as usize);
    format!("{}{whole}.{frac}", if negative { "-" } else { "" })
}

impl fmt::Display for RealAlgebraic {
    /// A rational as a fraction (`21/125`); an irrational number as its polynomial (primitive
    /// integer coefficients) and an isolating interval of width at most 10⁻¹², its ends
    /// rounded outwards to 11 decimals: `root of x^2 - 2 in [1.41421356237, 1.41421356238]`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Repr::Rational(r) => write!(f, "{r}"),
            Repr::Isolated { poly, .. } => {
                let mut x = self.clone();
                x.refine(&Q::new(1, 1_000_000_000_000));
                let (lo, hi) = x.interval();
                let ints: Vec<Q> = poly
                    .primitive_integers()
                    .into_iter()
                    .map(|c| Q::from(Rational::from_integer(c)))
                    .collect();
                write!(
                    f,
                    "root of {} in [{}, {}]",
                    Poly::new(ints),
                    decimal_bound(&lo, 11, false),
                    decimal_bound(&hi, 11, true)
                )
            }
        }
    }
}

impl fmt::Debug for RealAlgebraic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(n: i64, d: i64) -> Q {
        Q::new(n, d)
    }

    fn product(factors: &[Poly]) -> Poly {
        factors
            .iter()
            .fold(Poly::constant(Q::one()), |acc, f| acc.mul(f))
    }

    #[test]
    fn square_root_of_two_is_isolated_and_printed() {
        // x^2 - 2 on [0, 2]: one root, sqrt 2 = 1.41421356237309..., irrational (the rational
        // root test allows only ±1, ±2, and none is a root).
        let p = Poly::from_integers(&[-2, 0, 1]);
        let roots = p.real_roots(&q(0, 1), &q(2, 1)).unwrap();
        assert_eq!(roots.len(), 1);
        let r = &roots[0];
        assert!(r.as_rational().is_none());
        assert_eq!(
            r.to_string(),
            "root of x^2 - 2 in [1.41421356237, 1.41421356238]"
        );
        // Its interval, refined, brackets sqrt 2 exactly: lo^2 < 2 < hi^2.
        let mut x = r.clone();
        x.refine(&q(1, 1_000_000_000_000));
        let (lo, hi) = x.interval();
        assert!(&hi - &lo <= q(1, 1_000_000_000_000));
        assert!(&lo * &lo < q(2, 1) && &hi * &hi > q(2, 1));
        assert!((r.to_f64() - std::f64::consts::SQRT_2).abs() < 1e-15);
        // The other root, -sqrt 2, lies outside [0, 2].
        assert_eq!(p.count_roots(&q(-2, 1), &q(2, 1)), 2);
    }

    #[test]
    fn rational_and_irrational_roots_of_a_product() {
        // (x - 1/3)(x - 2/5)(x^2 - 3) on [0, 2]: the rationals 1/3 and 2/5 exactly, and
        // sqrt 3 = 1.7320508075688... as an algebraic number of x^2 - 3 (the rational roots
        // divided out); -sqrt 3 is outside.
        let p = product(&[
            Poly::x_minus(&q(1, 3)),
            Poly::x_minus(&q(2, 5)),
            Poly::from_integers(&[-3, 0, 1]),
        ]);
        let roots = p.real_roots(&q(0, 1), &q(2, 1)).unwrap();
        assert_eq!(roots.len(), 3, "{roots:?}");
        assert_eq!(roots[0].as_rational(), Some(&q(1, 3)));
        assert_eq!(roots[1].as_rational(), Some(&q(2, 5)));
        assert_eq!(
            roots[2].to_string(),
            "root of x^2 - 3 in [1.73205080756, 1.73205080757]"
        );
        // On the whole line there are four.
        assert_eq!(p.real_roots(&q(-2, 1), &q(2, 1)).unwrap().len(), 4);
        // A root at an end of the interval counts: [1/3, 2/5] holds exactly 1/3 and 2/5.
        let ends = p.real_roots(&q(1, 3), &q(2, 5)).unwrap();
        assert_eq!(ends.len(), 2);
        assert_eq!(ends[0].as_rational(), Some(&q(1, 3)));
        assert_eq!(ends[1].as_rational(), Some(&q(2, 5)));
    }

    #[test]
    fn a_double_root_is_one_root() {
        // (x - 1/2)^2 (x + 3) = x^3 + 2x^2 - (11/4)x + 3/4: roots 1/2 (double) and -3. The
        // square-free part is (x - 1/2)(x + 3) = x^2 + (5/2)x - 3/2.
        let p = product(&[
            Poly::x_minus(&q(1, 2)),
            Poly::x_minus(&q(1, 2)),
            Poly::x_minus(&q(-3, 1)),
        ]);
        assert_eq!(p, Poly::new(vec![q(3, 4), q(-11, 4), q(2, 1), q(1, 1)]));
        assert_eq!(p.square_free(), Poly::new(vec![q(-3, 2), q(5, 2), q(1, 1)]));
        let roots = p.real_roots(&q(-10, 1), &q(10, 1)).unwrap();
        let values: Vec<Option<&Q>> = roots.iter().map(RealAlgebraic::as_rational).collect();
        assert_eq!(values, vec![Some(&q(-3, 1)), Some(&q(1, 2))]);
        assert_eq!(p.count_roots(&q(0, 1), &q(1, 1)), 1);
    }

    #[test]
    fn no_roots() {
        // x^2 + 1 has no real root; x^2 - 2 has none in [-1, 1] (sqrt 2 > 1); a non-zero
        // constant has none; the zero polynomial's roots cannot be listed.
        let p = Poly::from_integers(&[1, 0, 1]);
        assert!(p.real_roots(&q(-100, 1), &q(100, 1)).unwrap().is_empty());
        assert_eq!(p.count_roots(&q(-100, 1), &q(100, 1)), 0);
        let p = Poly::from_integers(&[-2, 0, 1]);
        assert!(p.real_roots(&q(-1, 1), &q(1, 1)).unwrap().is_empty());
        assert!(Poly::from_integers(&[5])
            .real_roots(&q(0, 1), &q(1, 1))
            .unwrap()
            .is_empty());
        assert!(Poly::zero().real_roots(&q(0, 1), &q(1, 1)).is_none());
    }

    #[test]
    fn close_roots_are_separated() {
        // (x - 21/125)(x - 1/5)(x - 201/1000)(x - 1001/5000): the last three lie 1/1000 and
        // 1/5000 apart, all found exactly and in order.
        let rs = [q(21, 125), q(1, 5), q(201, 1000), q(1001, 5000)];
        let p = product(&rs.iter().map(Poly::x_minus).collect::<Vec<_>>());
        let roots = p.real_roots(&q(0, 1), &q(1, 1)).unwrap();
        let got: Vec<Q> = roots
            .iter()
            .map(|r| r.as_rational().unwrap().clone())
            .collect();
        let mut want = rs.to_vec();
        want.sort();
        assert_eq!(got, want);
    }

    #[test]
    fn products_of_known_factors_give_back_their_roots() {
        // Every product of distinct factors x - r (r from a fixed list of fractions, some very
        // close together), each factor taken once or twice, times x^2 - 5 (roots ±sqrt 5 =
        // ±2.2360679...): the roots in [-3, 3] are the r's, exactly, and ±sqrt 5, in order.
        let pool = [
            q(-5, 2),
            q(-1, 3),
            q(0, 1),
            q(1, 7),
            q(1000, 6999),
            q(3, 2),
            q(22, 10),
        ];
        for mask in 1u32..(1 << pool.len()) {
            let chosen: Vec<Q> = (0..pool.len())
                .filter(|k| mask & (1 << k) != 0)
                .map(|k| pool[k].clone())
                .collect();
            let mut factors: Vec<Poly> = chosen.iter().map(Poly::x_minus).collect();
            // The first factor twice: a double root changes nothing.
            factors.push(Poly::x_minus(&chosen[0]));
            factors.push(Poly::from_integers(&[-5, 0, 1]));
            let roots = product(&factors).real_roots(&q(-3, 1), &q(3, 1)).unwrap();
            let rational: Vec<Q> = roots
                .iter()
                .filter_map(|r| r.as_rational().cloned())
                .collect();
            let mut want = chosen.clone();
            want.sort();
            assert_eq!(rational, want, "mask {mask:b}");
            let irrational: Vec<f64> = roots
                .iter()
                .filter(|r| r.as_rational().is_none())
                .map(RealAlgebraic::to_f64)
                .collect();
            assert_eq!(irrational.len(), 2, "mask {mask:b}");
            assert!((irrational[0] + 5f64.sqrt()).abs() < 1e-12);
            assert!((irrational[1] - 5f64.sqrt()).abs() < 1e-12);
            // In increasing order, rational and irrational together.
            assert!(roots.windows(2).all(|w| w[0] < w[1]), "mask {mask:b}");
        }
    }

    #[test]
    fn algebraic_numbers_compare_exactly() {
        // sqrt 2 (of x^2 - 2) equals the positive root of 2x^4 - 8 = 2(x^2 - 2)(x^2 + 2);
        // sqrt 2 < 1.5 < sqrt 3; a root of x^2 - 2 found on [1, 2] equals one found on [0, 3].
        let a = Poly::from_integers(&[-2, 0, 1])
            .real_roots(&q(1, 1), &q(2, 1))
            .unwrap();
        let b = Poly::from_integers(&[-8, 0, 0, 0, 2])
            .real_roots(&q(0, 1), &q(3, 1))
            .unwrap();
        let c = Poly::from_integers(&[-3, 0, 1])
            .real_roots(&q(0, 1), &q(2, 1))
            .unwrap();
        assert_eq!(a[0], b[0]);
        assert!(a[0] < c[0]);
        let half = RealAlgebraic::from_rational(q(3, 2));
        assert!(a[0] < half && half < c[0]);
        // 4x^2 - 4x - 1 has the roots (1 ± sqrt 2)/2; the larger, 1.20710678..., lies in
        // [1, 2] and below sqrt 2.
        let d = Poly::from_integers(&[-1, -4, 4])
            .real_roots(&q(1, 1), &q(2, 1))
            .unwrap();
        assert_eq!(d.len(), 1);
        assert!(d[0] < a[0]);
        assert!((d[0].to_f64() - 1.207_106_781_186_547_5).abs() < 1e-15);
    }

    #[test]
    fn simplest_fraction_between() {
        // Between 0.3 and 0.35 the fraction with the smallest denominator is 1/3; between
        // 21/125 - 1/10^9 and 21/125 + 1/10^9 it is 21/125; any interval holding 0 gives 0.
        let r = |n: i64, d: i64| Rational::new(n.into(), d.into());
        assert_eq!(simplest_between(&r(3, 10), &r(35, 100)), r(1, 3));
        let eps = r(1, 1_000_000_000);
        assert_eq!(
            simplest_between(&(r(21, 125) - &eps), &(r(21, 125) + &eps)),
            r(21, 125)
        );
        assert_eq!(simplest_between(&r(-1, 2), &r(1, 3)), r(0, 1));
        assert_eq!(simplest_between(&r(-7, 20), &r(-3, 10)), r(-1, 3));
        assert_eq!(simplest_between(&r(5, 2), &r(5, 2)), r(5, 2));
    }
}
