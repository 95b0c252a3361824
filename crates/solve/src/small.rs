//! A fast exact rational for the tree arithmetic: a pair of `i64` while the numbers stay small,
//! a big rational beyond.
//!
//! Payoffs and probabilities of real games are small fractions, and big-integer arithmetic
//! (an allocation and a gcd per operation) dominated the cost of exact verification. [`Q`]
//! computes in `i128` and keeps the result as `i64` numerator and denominator when it fits,
//! falling back to [`Rational`] otherwise, so it is exact in every case. Values are always kept
//! in canonical form (reduced, positive denominator, `Small` whenever it fits), so equality is
//! structural.

use std::cmp::Ordering;
use std::ops::{Add, Div, Mul, Neg, Rem, Sub};

use brink_game::Rational;
use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{Num, One, Signed, ToPrimitive, Zero};

use crate::behavior::Scalar;
use crate::Number;

/// An exact rational: small or big (see the module documentation).
#[derive(Clone, Debug)]
pub(crate) enum Q {
    /// Numerator and positive denominator, reduced.
    Small(i64, i64),
    /// Anything that does not fit.
    Big(Rational),
}

impl Q {
    /// The canonical value of `n / d` (`d != 0`) computed in `i128`.
    fn from_i128(n: i128, d: i128) -> Q {
        let g = n.gcd(&d);
        let (mut n, mut d) = if g == 0 { (0, 1) } else { (n / g, d / g) };
        if d < 0 {
            n = -n;
            d = -d;
        }
        match (i64::try_from(n), i64::try_from(d)) {
            (Ok(n), Ok(d)) => Q::Small(n, d),
            _ => Q::Big(Rational::new(BigInt::from(n), BigInt::from(d))),
        }
    }

    /// The canonical value of a big rational.
    fn from_big(r: Rational) -> Q {
        match (r.numer().to_i64(), r.denom().to_i64()) {
            (Some(n), Some(d)) => Q::Small(n, d),
            _ => Q::Big(r),
        }
    }

    /// The value as a big rational.
    pub(crate) fn to_rational(&self) -> Rational {
        match self {
            Q::Small(n, d) => Rational::new_raw(BigInt::from(*n), BigInt::from(*d)),
            Q::Big(r) => r.clone(),
        }
    }

    fn big(self) -> Rational {
        match self {
            Q::Small(..) => self.to_rational(),
            Q::Big(r) => r,
        }
    }
}

impl PartialEq for Q {
    fn eq(&self, other: &Q) -> bool {
        match (self, other) {
            (Q::Small(a, b), Q::Small(c, d)) => a == c && b == d,
            (Q::Big(x), Q::Big(y)) => x == y,
            // Canonical forms never mix for equal values.
            _ => false,
        }
    }
}

impl PartialOrd for Q {
    fn partial_cmp(&self, other: &Q) -> Option<Ordering> {
        Some(match (self, other) {
            (Q::Small(a, b), Q::Small(c, d)) => {
                (*a as i128 * *d as i128).cmp(&(*c as i128 * *b as i128))
            }
            _ => self.to_rational().cmp(&other.to_rational()),
        })
    }
}

impl Add for Q {
    type Output = Q;
    fn add(self, o: Q) -> Q {
        match (&self, &o) {
            (Q::Small(a, b), Q::Small(c, d)) => {
                if b == d {
                    return Q::from_i128(*a as i128 + *c as i128, *b as i128);
                }
                // |a·d + c·b| < 2^127 and b·d < 2^126 for 64-bit inputs.
                Q::from_i128(
                    *a as i128 * *d as i128 + *c as i128 * *b as i128,
                    *b as i128 * *d as i128,
                )
            }
            _ => Q::from_big(self.big() + o.big()),
        }
    }
}

impl Sub for Q {
    type Output = Q;
    fn sub(self, o: Q) -> Q {
        self + (-o)
    }
}

impl Mul for Q {
    type Output = Q;
    fn mul(self, o: Q) -> Q {
        match (&self, &o) {
            (Q::Small(a, b), Q::Small(c, d)) => {
                Q::from_i128(*a as i128 * *c as i128, *b as i128 * *d as i128)
            }
            _ => Q::from_big(self.big() * o.big()),
        }
    }
}

impl Div for Q {
    type Output = Q;
    fn div(self, o: Q) -> Q {
        match (&self, &o) {
            (Q::Small(a, b), Q::Small(c, d)) if *c != 0 => {
                Q::from_i128(*a as i128 * *d as i128, *b as i128 * *c as i128)
            }
            // Division by zero behaves as for big rationals (it panics); callers never divide
            // by zero.
            _ => Q::from_big(self.big() / o.big()),
        }
    }
}

impl Rem for Q {
    type Output = Q;
    fn rem(self, o: Q) -> Q {
        Q::from_big(self.big() % o.big())
    }
}

impl Neg for Q {
    type Output = Q;
    fn neg(self) -> Q {
        match self {
            // -i64::MIN does not fit; i128 handles it.
            Q::Small(n, d) => Q::from_i128(-(n as i128), d as i128),
            Q::Big(r) => Q::from_big(-r),
        }
    }
}

impl Zero for Q {
    fn zero() -> Q {
        Q::Small(0, 1)
    }
    fn is_zero(&self) -> bool {
        matches!(self, Q::Small(0, _))
    }
}

impl One for Q {
    fn one() -> Q {
        Q::Small(1, 1)
    }
    fn is_one(&self) -> bool {
        matches!(self, Q::Small(1, 1))
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
            -self.clone()
        } else {
            self.clone()
        }
    }
    fn abs_sub(&self, other: &Q) -> Q {
        if self <= other {
            Q::zero()
        } else {
            self.clone() - other.clone()
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
        match self {
            Q::Small(n, _) => *n > 0,
            Q::Big(r) => r.is_positive(),
        }
    }
    fn is_negative(&self) -> bool {
        match self {
            Q::Small(n, _) => *n < 0,
            Q::Big(r) => r.is_negative(),
        }
    }
}

impl Scalar for Q {
    const EXACT: bool = true;
    fn from_rational(r: &Rational) -> Q {
        Q::from_big(r.clone())
    }
    fn from_number(n: &Number) -> Option<Q> {
        n.exact().map(Q::from_rational)
    }
    fn into_number(self) -> Number {
        Number::Exact(self.big())
    }
    fn from_usize(n: usize) -> Q {
        Q::from_i128(n as i128, 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(n: i64, d: i64) -> Q {
        Q::from_i128(n as i128, d as i128)
    }

    #[test]
    fn agrees_with_big_rationals_including_overflow() {
        let values = [
            q(0, 1),
            q(1, 3),
            q(-7, 4),
            q(i64::MAX, 3),
            q(i64::MIN + 1, 7),
            q(5, i64::MAX),
            q(1, 1),
        ];
        for a in &values {
            for b in &values {
                let (x, y) = (a.to_rational(), b.to_rational());
                assert_eq!((a.clone() + b.clone()).to_rational(), &x + &y);
                assert_eq!((a.clone() - b.clone()).to_rational(), &x - &y);
                assert_eq!((a.clone() * b.clone()).to_rational(), &x * &y);
                if !y.is_zero() {
                    assert_eq!((a.clone() / b.clone()).to_rational(), &x / &y);
                }
                assert_eq!(a.partial_cmp(b), x.partial_cmp(&y));
                assert_eq!(a == b, x == y);
            }
        }
        // A result that overflows i64 and comes back stays canonical.
        let big = q(i64::MAX, 1) * q(4, 1);
        assert!(matches!(big, Q::Big(_)));
        let back = big / q(4, 1);
        assert_eq!(back, q(i64::MAX, 1));
    }
}
