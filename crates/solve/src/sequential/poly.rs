//! Multilinear polynomials over the unknowns of one support profile: mixing probabilities and
//! belief ratios. With perfect recall no path meets an information set twice, and a belief
//! ratio multiplies only values below the set, so every product stays multilinear and a
//! monomial is a set of variables, kept as bits.

use brink_game::Q;
use num_traits::{One, Zero};

/// A monomial: the set of its variables as bits.
pub(crate) type Mono = u64;

/// The most unknowns one support profile and tremble pattern may have.
pub(crate) const MAX_VARS: usize = 64;

/// A multilinear polynomial: terms sorted by monomial, no zero coefficients.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Poly(pub Vec<(Mono, Q)>);

impl Poly {
    pub fn constant(c: Q) -> Poly {
        if c.is_zero() {
            Poly::default()
        } else {
            Poly(vec![(0, c)])
        }
    }

    /// Adds `factor · other · mono` (`mono` a product of variables, `0` for none), whose
    /// variables never already occur in `other` (see the module's note).
    pub fn add_scaled(&mut self, other: &Poly, factor: &Q, mono: Mono) {
        if factor.is_zero() || other.0.is_empty() {
            return;
        }
        let one = factor.is_one();
        self.0.extend(other.0.iter().map(|(m, c)| {
            debug_assert!(m & mono == 0, "a variable met twice on one path");
            (m | mono, if one { c.clone() } else { c * factor })
        }));
        self.normalize();
    }

    /// Sorts the terms, adds up equal monomials and drops zeros.
    pub fn normalize(&mut self) {
        let terms = &mut self.0;
        terms.sort_unstable_by_key(|t| t.0);
        let mut w = 0;
        for r in 0..terms.len() {
            if w > 0 && terms[w - 1].0 == terms[r].0 {
                let c = std::mem::take(&mut terms[r].1);
                terms[w - 1].1 += &c;
            } else {
                terms.swap(w, r);
                w += 1;
            }
        }
        terms.truncate(w);
        terms.retain(|t| !t.1.is_zero());
    }

    pub fn degree(&self) -> u32 {
        self.0.iter().map(|t| t.0.count_ones()).max().unwrap_or(0)
    }

    pub fn is_zero(&self) -> bool {
        self.0.is_empty()
    }

    /// The constant term.
    pub fn constant_term(&self) -> Q {
        match self.0.first() {
            Some((0, c)) => c.clone(),
            _ => Q::zero(),
        }
    }

    /// Substitutes the values of the fixed variables (`None`: still unknown), in place.
    pub fn substitute(&mut self, fixed: &[Option<Q>]) {
        let mask = fixed
            .iter()
            .enumerate()
            .filter(|(_, v)| v.is_some())
            .fold(0u64, |m, (i, _)| m | 1u64 << i);
        if self.0.iter().all(|(m, _)| m & mask == 0) {
            return;
        }
        for (m, c) in self.0.iter_mut() {
            let hit = *m & mask;
            if hit != 0 {
                let mut bits = hit;
                while bits != 0 {
                    let v = bits.trailing_zeros() as usize;
                    if let Some(x) = &fixed[v] {
                        *c *= x;
                    }
                    bits &= bits - 1;
                }
                *m &= !mask;
            }
        }
        self.normalize();
    }

    /// The value at a point where every variable is known.
    pub fn eval(&self, x: &[Q]) -> Q {
        let mut total = Q::zero();
        for (m, c) in &self.0 {
            let mut t = c.clone();
            let mut bits = *m;
            while bits != 0 {
                t *= &x[bits.trailing_zeros() as usize];
                bits &= bits - 1;
            }
            total += &t;
        }
        total
    }
}

impl Poly {
    /// The derivative with respect to one variable.
    pub fn derivative(&self, var: usize) -> Poly {
        let bit = 1u64 << var;
        let mut out = Poly(
            self.0
                .iter()
                .filter(|(m, _)| m & bit != 0)
                .map(|(m, c)| (m & !bit, c.clone()))
                .collect(),
        );
        out.normalize();
        out
    }

    /// The value at a point, in floating point.
    pub fn eval_f64(&self, x: &[f64]) -> f64 {
        self.0
            .iter()
            .map(|(m, c)| {
                let mut t = c.to_f64();
                let mut bits = *m;
                while bits != 0 {
                    t *= x[bits.trailing_zeros() as usize];
                    bits &= bits - 1;
                }
                t
            })
            .sum()
    }
}
