//! The fast exact rational [`Q`] of the game model, as a [`Scalar`] of the solvers.
//!
//! Payoffs and probabilities of real games are small fractions, and big-integer arithmetic
//! dominated the cost of exact verification; [`Q`] stays in machine integers while the numbers
//! fit and is exact in every case (see [`brink_game::Q`]).

use brink_game::Rational;
pub(crate) use brink_game::Q;

use crate::behavior::Scalar;
use crate::Number;

impl Scalar for Q {
    const EXACT: bool = true;
    fn from_rational(r: &Rational) -> Q {
        Q::from_rational(r)
    }
    fn from_number(n: &Number) -> Option<Q> {
        n.exact().map(Q::from_rational)
    }
    fn into_number(self) -> Number {
        Number::Exact(self.into_rational())
    }
    fn from_usize(n: usize) -> Q {
        Q::from_integer(n as i64)
    }
    fn from_q(q: &Q) -> Q {
        q.clone()
    }
}
