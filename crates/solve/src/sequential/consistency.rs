//! Tremble patterns and consistency certificates.
//!
//! Along a sequence σ_ε(a) ≈ c_a ε^{o_a}, a node's weight is ≈ C(x) ε^{O(x)} with O(x) the sum
//! of the orders of the unplayed actions on its path. At an information set nobody reaches,
//! the belief sits on the members of least O, the *pattern* of that set. Which patterns some
//! orders realise jointly over all unreached sets is a linear feasibility question in the
//! orders (Kohlberg & Reny 1997; Perea, Jansen & Peters 1997): members of the pattern share
//! one order, the others have a larger one. Orders are scaled to integers ≥ 1 for the
//! certificate.

use std::collections::BTreeMap;

use brink_game::Q;
use num_traits::{One, Signed, Zero};

use super::lpq::{maximize, Lp, Row, Sense};

/// A member of an unreached information set that some tremble sequence reaches: its unplayed
/// actions (ids flattened over information sets and actions), the owner's own excluded.
#[derive(Clone, Debug)]
pub(crate) struct Member {
    pub trembles: Vec<usize>,
}

/// A pattern: per unreached set, the positions (in its list of members) that carry the
/// belief, and orders that realise it.
#[derive(Clone, Debug)]
pub(crate) struct Pattern {
    pub carriers: Vec<Vec<usize>>,
    /// Integer orders (≥ 1) of the unplayed actions that occur on some member's path.
    pub orders: BTreeMap<usize, u64>,
}

/// Every pattern some orders realise, up to `limit` feasibility problems; the flag says
/// whether the enumeration finished.
pub(crate) fn patterns(sets: &[Vec<Member>], limit: usize) -> (Vec<Pattern>, bool) {
    let mut columns: BTreeMap<usize, usize> = BTreeMap::new();
    for m in sets.iter().flatten() {
        for &a in &m.trembles {
            let next = columns.len();
            columns.entry(a).or_insert(next);
        }
    }
    let mut search = Search {
        sets,
        columns: &columns,
        rows: Vec::new(),
        chosen: Vec::new(),
        out: Vec::new(),
        calls: 0,
        limit,
        finished: true,
    };
    search.go(0);
    (search.out, search.finished)
}

struct Search<'a> {
    sets: &'a [Vec<Member>],
    columns: &'a BTreeMap<usize, usize>,
    rows: Vec<Row>,
    chosen: Vec<Vec<usize>>,
    out: Vec<Pattern>,
    calls: usize,
    limit: usize,
    finished: bool,
}

impl Search<'_> {
    /// The row `O(x) - O(y) (sense) rhs` in the shifted orders o' = o - 1 ≥ 0, where
    /// O(x) = |trembles| + Σ o'.
    fn row(&self, x: &Member, y: &Member, sense: Sense, rhs: i64) -> Row {
        let mut coef = vec![Q::zero(); self.columns.len()];
        for a in &x.trembles {
            coef[self.columns[a]] += &Q::one();
        }
        for a in &y.trembles {
            coef[self.columns[a]] -= &Q::one();
        }
        let shift = x.trembles.len() as i64 - y.trembles.len() as i64;
        Row {
            coef,
            sense,
            rhs: Q::from_integer(rhs - shift),
        }
    }

    fn feasible(&mut self) -> Option<Vec<Q>> {
        self.calls += 1;
        let zero = vec![Q::zero(); self.columns.len()];
        match maximize(self.columns.len(), &self.rows, &zero) {
            Lp::Optimal(x, _) => Some(x),
            _ => None,
        }
    }

    fn go(&mut self, k: usize) {
        if !self.finished {
            return;
        }
        if k == self.sets.len() {
            // With no constraint (every unreached set has one member) every order is fine.
            let x = if self.rows.is_empty() {
                vec![Q::zero(); self.columns.len()]
            } else {
                let Some(x) = self.feasible() else { return };
                x
            };
            self.out.push(Pattern {
                carriers: self.chosen.clone(),
                orders: integer_orders(self.columns, &x),
            });
            return;
        }
        let members = &self.sets[k];
        let size = members.len();
        if size == 1 {
            self.chosen.push(vec![0]);
            self.go(k + 1);
            self.chosen.pop();
            return;
        }
        // Larger carriers first, so the richest beliefs come first.
        let mut masks: Vec<u32> = (1..(1u32 << size)).collect();
        masks.sort_by_key(|m| std::cmp::Reverse(m.count_ones()));
        for mask in masks {
            if self.calls >= self.limit {
                self.finished = false;
                return;
            }
            let carriers: Vec<usize> = (0..size).filter(|i| mask & (1 << i) != 0).collect();
            let x0 = &members[carriers[0]];
            let before = self.rows.len();
            for (i, m) in members.iter().enumerate() {
                if i == carriers[0] {
                    continue;
                }
                let row = if carriers.contains(&i) {
                    self.row(m, x0, Sense::Eq, 0)
                } else {
                    self.row(m, x0, Sense::Ge, 1)
                };
                self.rows.push(row);
            }
            if self.feasible().is_some() {
                self.chosen.push(carriers);
                self.go(k + 1);
                self.chosen.pop();
            }
            self.rows.truncate(before);
        }
    }
}

/// Orders 1 + o' scaled by the common denominator to integers.
fn integer_orders(columns: &BTreeMap<usize, usize>, shifted: &[Q]) -> BTreeMap<usize, u64> {
    let values: Vec<Q> = shifted.iter().map(|x| x + &Q::one()).collect();
    let mut scale = num_bigint::BigInt::one();
    for v in &values {
        let d = v.to_rational().denom().clone();
        scale = num_integer::Integer::lcm(&scale, &d);
    }
    let scale = Q::from_rational(&brink_game::Rational::from_integer(scale));
    columns
        .iter()
        .map(|(&a, &c)| {
            let v = (&values[c] * &scale).to_rational();
            let n: u64 = v.to_integer().try_into().unwrap_or(u64::MAX);
            (a, n.max(1))
        })
        .collect()
}

/// Leading weights of the unplayed actions that give each belief class its ratio: for every
/// class (a vector of exponents over action ids), ∏ c_a^{d_a} = ratio. Solved when each class
/// can be given an action of exponent ±1 that no class solved later uses (the incidence
/// vectors of trees almost always allow this); `None` otherwise. Actions no class needs get 1.
pub(crate) fn weights(classes: &[Vec<(usize, i32)>], ratios: &[Q]) -> Option<BTreeMap<usize, Q>> {
    let mut remaining: Vec<usize> = (0..classes.len()).collect();
    let mut order: Vec<(usize, usize)> = Vec::new(); // (class, pivot action)
    while !remaining.is_empty() {
        let mut found = None;
        'rows: for (pos, &r) in remaining.iter().enumerate() {
            for &(a, d) in &classes[r] {
                if d.abs() == 1
                    && remaining
                        .iter()
                        .all(|&s| s == r || classes[s].iter().all(|&(b, _)| b != a))
                {
                    found = Some((pos, r, a));
                    break 'rows;
                }
            }
        }
        let (pos, r, a) = found?;
        remaining.remove(pos);
        order.push((r, a));
    }
    let mut c: BTreeMap<usize, Q> = BTreeMap::new();
    let pivots: Vec<usize> = order.iter().map(|&(_, a)| a).collect();
    for class in classes {
        for &(a, _) in class {
            if !pivots.contains(&a) {
                c.insert(a, Q::one());
            }
        }
    }
    for &(r, a) in order.iter().rev() {
        let mut rest = Q::one();
        let mut sign = 1;
        for &(b, d) in &classes[r] {
            if b == a {
                sign = d;
                continue;
            }
            let base = c.get(&b).cloned().unwrap_or_else(Q::one);
            rest *= &power(&base, d);
        }
        let v = &ratios[r] / &rest;
        c.insert(a, if sign == 1 { v } else { v.recip() });
    }
    if c.values().any(|v| !v.is_positive()) {
        return None;
    }
    Some(c)
}

fn power(base: &Q, e: i32) -> Q {
    let mut out = Q::one();
    for _ in 0..e.unsigned_abs() {
        out *= base;
    }
    if e < 0 {
        out.recip()
    } else {
        out
    }
}
