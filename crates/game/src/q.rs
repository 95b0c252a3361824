//! A fast exact rational: a pair of `i64` while the numbers stay small, a big rational beyond.
//!
//! Payoffs and probabilities of real games are small fractions, and big-integer arithmetic (an
//! allocation and a gcd per operation) dominates the cost of exact solving and verification.
//! [`Q`] computes in `i128` and keeps the result as an `i64` numerator and denominator when it
//! fits, falling back to [`Rational`] otherwise, so it is exact in every case. Values are always
//! kept in canonical form (reduced, positive denominator, small whenever it fits), so equality
//! is structural and hashing is consistent with it.

use std::cmp::Ordering;
use std::fmt;
use std::ops::{Add, AddAssign, Div, DivAssign, Mul, MulAssign, Neg, Rem, Sub, SubAssign};

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{Num, One, Signed, ToPrimitive, Zero};

use crate::{rational_to_f64, Rational};

/// An exact rational, small or big (see the module documentation).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Q(Repr);

#[derive(Clone, PartialEq, Eq, Hash)]
enum Repr {
    /// Numerator and positive denominator, reduced.
    Small(i64, i64),
    /// Anything that does not fit.
    Big(Rational),
}

impl Q {
    /// The value `n / d`. Panics if `d` is zero, as dividing by zero does.
    pub fn new(n: i64, d: i64) -> Q {
        assert!(d != 0, "a rational with a zero denominator");
        Q::from_i128(n as i128, d as i128)
    }

    /// The integer `n`.
    pub fn from_integer(n: i64) -> Q {
        Q(Repr::Small(n, 1))
    }

    /// The canonical value of `n / d` (`d != 0`) computed in `i128`.
    fn from_i128(n: i128, d: i128) -> Q {
        // The common case first: both parts fit in 64 bits, where the gcd is cheap.
        if let (Ok(n64), Ok(d64)) = (i64::try_from(n), i64::try_from(d)) {
            if d64 == 1 {
                return Q(Repr::Small(n64, 1));
            }
            if n64 != i64::MIN && d64 != i64::MIN && d64 != 0 {
                let g = n64.unsigned_abs().gcd(&d64.unsigned_abs()) as i64;
                let (n, d) = if g == 0 { (0, 1) } else { (n64 / g, d64 / g) };
                return Q(if d < 0 {
                    Repr::Small(-n, -d)
                } else {
                    Repr::Small(n, d)
                });
            }
        }
        let g = n.gcd(&d);
        let (mut n, mut d) = if g == 0 { (0, 1) } else { (n / g, d / g) };
        if d < 0 {
            n = -n;
            d = -d;
        }
        match (i64::try_from(n), i64::try_from(d)) {
            (Ok(n), Ok(d)) => Q(Repr::Small(n, d)),
            _ => Q(Repr::Big(Rational::new(BigInt::from(n), BigInt::from(d)))),
        }
    }

    /// The canonical value of a big rational.
    pub fn from_rational(r: &Rational) -> Q {
        match (r.numer().to_i64(), r.denom().to_i64()) {
            (Some(n), Some(d)) => Q(Repr::Small(n, d)),
            _ => Q(Repr::Big(r.clone())),
        }
    }

    fn from_big(r: Rational) -> Q {
        match (r.numer().to_i64(), r.denom().to_i64()) {
            (Some(n), Some(d)) => Q(Repr::Small(n, d)),
            _ => Q(Repr::Big(r)),
        }
    }

    /// The value as a big rational.
    pub fn to_rational(&self) -> Rational {
        match &self.0 {
            Repr::Small(n, d) => Rational::new_raw(BigInt::from(*n), BigInt::from(*d)),
            Repr::Big(r) => r.clone(),
        }
    }

    /// The value as a big rational, without a copy when it is big already.
    pub fn into_rational(self) -> Rational {
        match self.0 {
            Repr::Small(..) => self.to_rational(),
            Repr::Big(r) => r,
        }
    }

    /// The nearest `f64`.
    pub fn to_f64(&self) -> f64 {
        // Below 2^53 both parts are exact doubles and one correctly rounded division gives the
        // nearest double, as for big rationals.
        const EXACT: u64 = 1 << 53;
        match &self.0 {
            Repr::Small(n, d) if n.unsigned_abs() <= EXACT && d.unsigned_abs() <= EXACT => {
                *n as f64 / *d as f64
            }
            Repr::Small(..) => rational_to_f64(&self.to_rational()),
            Repr::Big(r) => rational_to_f64(r),
        }
    }

    /// One divided by the value. Panics on zero.
    pub fn recip(&self) -> Q {
        match &self.0 {
            Repr::Small(n, d) => {
                assert!(*n != 0, "the reciprocal of zero");
                Q::from_i128(*d as i128, *n as i128)
            }
            Repr::Big(r) => Q::from_big(r.recip()),
        }
    }

    /// `self + a * b`, the inner step of every dot product, without intermediate clones.
    pub fn add_product(&mut self, a: &Q, b: &Q) {
        if a.is_zero() || b.is_zero() {
            return;
        }
        if let (Repr::Small(x, y), Repr::Small(an, ad), Repr::Small(bn, bd)) = (&self.0, &a.0, &b.0)
        {
            // x/y + (an·bn)/(ad·bd): the product's parts fit in i128; the sum may not, so it is
            // checked.
            let pn = *an as i128 * *bn as i128;
            let pd = *ad as i128 * *bd as i128;
            let sum = (*x as i128)
                .checked_mul(pd)
                .and_then(|l| pn.checked_mul(*y as i128).and_then(|r| l.checked_add(r)));
            let den = pd.checked_mul(*y as i128);
            if let (Some(n), Some(d)) = (sum, den) {
                *self = Q::from_i128(n, d);
                return;
            }
        }
        *self = &*self + &(a * b);
    }
}

impl Default for Q {
    fn default() -> Q {
        Q::zero()
    }
}

impl fmt::Debug for Q {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl fmt::Display for Q {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Repr::Small(n, 1) => write!(f, "{n}"),
            Repr::Small(n, d) => write!(f, "{n}/{d}"),
            Repr::Big(r) => write!(f, "{r}"),
        }
    }
}

impl From<Rational> for Q {
    fn from(r: Rational) -> Q {
        Q::from_big(r)
    }
}

impl From<&Rational> for Q {
    fn from(r: &Rational) -> Q {
        Q::from_rational(r)
    }
}

impl From<Q> for Rational {
    fn from(q: Q) -> Rational {
        q.into_rational()
    }
}

impl Ord for Q {
    fn cmp(&self, other: &Q) -> Ordering {
        match (&self.0, &other.0) {
            (Repr::Small(a, b), Repr::Small(c, d)) => {
                (*a as i128 * *d as i128).cmp(&(*c as i128 * *b as i128))
            }
            _ => self.to_rational().cmp(&other.to_rational()),
        }
    }
}

impl PartialOrd for Q {
    fn partial_cmp(&self, other: &Q) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Add<&Q> for &Q {
    type Output = Q;
    fn add(self, o: &Q) -> Q {
        match (&self.0, &o.0) {
            // Integers (most payoffs) and zeros need no gcd.
            (Repr::Small(0, _), _) => o.clone(),
            (_, Repr::Small(0, _)) => self.clone(),
            (Repr::Small(a, 1), Repr::Small(c, 1)) if a.checked_add(*c).is_some() => {
                Q(Repr::Small(a + c, 1))
            }
            (Repr::Small(a, b), Repr::Small(c, d)) => {
                if b == d {
                    return Q::from_i128(*a as i128 + *c as i128, *b as i128);
                }
                // |a·d + c·b| < 2^127 and b·d < 2^126 for 64-bit inputs.
                Q::from_i128(
                    *a as i128 * *d as i128 + *c as i128 * *b as i128,
                    *b as i128 * *d as i128,
                )
            }
            _ => Q::from_big(self.to_rational() + o.to_rational()),
        }
    }
}

impl Sub<&Q> for &Q {
    type Output = Q;
    fn sub(self, o: &Q) -> Q {
        self + &(-o)
    }
}

impl Mul<&Q> for &Q {
    type Output = Q;
    fn mul(self, o: &Q) -> Q {
        match (&self.0, &o.0) {
            // Zeros, ones and integers (most factors here) need no gcd.
            (Repr::Small(0, _), _) | (_, Repr::Small(0, _)) => Q::zero(),
            (Repr::Small(1, 1), _) => o.clone(),
            (_, Repr::Small(1, 1)) => self.clone(),
            (Repr::Small(a, 1), Repr::Small(c, 1)) if a.checked_mul(*c).is_some() => {
                Q(Repr::Small(a * c, 1))
            }
            (Repr::Small(a, b), Repr::Small(c, d)) => {
                Q::from_i128(*a as i128 * *c as i128, *b as i128 * *d as i128)
            }
            _ => Q::from_big(self.to_rational() * o.to_rational()),
        }
    }
}

impl Div<&Q> for &Q {
    type Output = Q;
    fn div(self, o: &Q) -> Q {
        match (&self.0, &o.0) {
            (Repr::Small(a, b), Repr::Small(c, d)) if *c != 0 => {
                Q::from_i128(*a as i128 * *d as i128, *b as i128 * *c as i128)
            }
            // Division by zero behaves as for big rationals: it panics.
            _ => Q::from_big(self.to_rational() / o.to_rational()),
        }
    }
}

impl Rem<&Q> for &Q {
    type Output = Q;
    fn rem(self, o: &Q) -> Q {
        Q::from_big(self.to_rational() % o.to_rational())
    }
}

impl Neg for &Q {
    type Output = Q;
    fn neg(self) -> Q {
        match &self.0 {
            // -i64::MIN does not fit; i128 handles it.
            Repr::Small(n, d) => Q::from_i128(-(*n as i128), *d as i128),
            Repr::Big(r) => Q::from_big(-r),
        }
    }
}

impl Neg for Q {
    type Output = Q;
    fn neg(self) -> Q {
        -&self
    }
}

/// The owned forms of the binary operators, in terms of the borrowed ones.
macro_rules! owned_ops {
    ($($tr:ident $f:ident),*) => {$(
        impl $tr for Q {
            type Output = Q;
            fn $f(self, o: Q) -> Q {
                (&self).$f(&o)
            }
        }
        impl $tr<&Q> for Q {
            type Output = Q;
            fn $f(self, o: &Q) -> Q {
                (&self).$f(o)
            }
        }
    )*};
}
owned_ops!(Add add, Sub sub, Mul mul, Div div, Rem rem);

impl AddAssign<&Q> for Q {
    fn add_assign(&mut self, o: &Q) {
        *self = &*self + o;
    }
}

impl SubAssign<&Q> for Q {
    fn sub_assign(&mut self, o: &Q) {
        *self = &*self - o;
    }
}

impl MulAssign<&Q> for Q {
    fn mul_assign(&mut self, o: &Q) {
        *self = &*self * o;
    }
}

impl DivAssign<&Q> for Q {
    fn div_assign(&mut self, o: &Q) {
        *self = &*self / o;
    }
}

impl<'a> std::iter::Sum<&'a Q> for Q {
    fn sum<I: Iterator<Item = &'a Q>>(iter: I) -> Q {
        iter.fold(Q::zero(), |acc, x| &acc + x)
    }
}

impl std::iter::Sum<Q> for Q {
    fn sum<I: Iterator<Item = Q>>(iter: I) -> Q {
        iter.fold(Q::zero(), |acc, x| &acc + &x)
    }
}

impl Zero for Q {
    fn zero() -> Q {
        Q(Repr::Small(0, 1))
    }
    fn is_zero(&self) -> bool {
        matches!(self.0, Repr::Small(0, _))
    }
}

impl One for Q {
    fn one() -> Q {
        Q(Repr::Small(1, 1))
    }
    fn is_one(&self) -> bool {
        matches!(self.0, Repr::Small(1, 1))
    }
}

impl Num for Q {
    type FromStrRadixErr = <Rational as Num>::FromStrRadixErr;
    fn from_str_radix(s: &str, radix: u32) -> Result<Q, Self::FromStrRadixErr> {
        Rational::from_str_radix(s, radix).map(Q::from_big)
    }
}

impl Signed for Q {
    fn abs(&self) -> Q {
        if self.is_negative() {
            -self
        } else {
            self.clone()
        }
    }
    fn abs_sub(&self, other: &Q) -> Q {
        if self <= other {
            Q::zero()
        } else {
            self - other
        }
    }
    fn signum(&self) -> Q {
        if self.is_positive() {
            Q::one()
        } else if self.is_negative() {
            -Q::one()
        } else {
            Q::zero()
        }
    }
    fn is_positive(&self) -> bool {
        match &self.0 {
            Repr::Small(n, _) => *n > 0,
            Repr::Big(r) => r.is_positive(),
        }
    }
    fn is_negative(&self) -> bool {
        match &self.0 {
            Repr::Small(n, _) => *n < 0,
            Repr::Big(r) => r.is_negative(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_big_rationals_including_overflow() {
        let values = [
            Q::new(0, 1),
            Q::new(1, 3),
            Q::new(-7, 4),
            Q::new(i64::MAX, 3),
            Q::new(i64::MIN + 1, 7),
            Q::new(5, i64::MAX),
            Q::new(1, 1),
            Q::from_rational(&Rational::new(BigInt::from(1) << 80, BigInt::from(3))),
        ];
        for a in &values {
            for b in &values {
                let (x, y) = (a.to_rational(), b.to_rational());
                assert_eq!((a + b).to_rational(), &x + &y);
                assert_eq!((a - b).to_rational(), &x - &y);
                assert_eq!((a * b).to_rational(), &x * &y);
                if !y.is_zero() {
                    assert_eq!((a / b).to_rational(), &x / &y);
                }
                assert_eq!(a.partial_cmp(b), x.partial_cmp(&y));
                assert_eq!(a == b, x == y);
                for c in &values {
                    let mut acc = c.clone();
                    acc.add_product(a, b);
                    assert_eq!(acc.to_rational(), c.to_rational() + &x * &y);
                }
            }
        }
        // A result that overflows i64 and comes back stays canonical, so equality still holds.
        let big = Q::new(i64::MAX, 1) * Q::new(4, 1);
        assert!(matches!(big.0, Repr::Big(_)));
        let back = big / Q::new(4, 1);
        assert_eq!(back, Q::new(i64::MAX, 1));
        assert!(matches!(back.0, Repr::Small(..)));
    }

    #[test]
    fn prints_like_a_fraction() {
        assert_eq!(Q::new(6, -4).to_string(), "-3/2");
        assert_eq!(Q::new(4, 2).to_string(), "2");
        assert_eq!(Q::new(3, 4).recip(), Q::new(4, 3));
    }
}
