//! Two-player constant-sum games by linear programming.
//!
//! For a tree the programme is the sequence-form LP of Koller, Megiddo & von Stengel ("Fast
//! algorithms for finding randomized strategies in game trees", STOC 1994): with player 1's
//! sequence-form payoff matrix `A` and constraints `E x = e`, `F y = f`, player 1's maxmin
//! realization plan solves
//!
//! ```text
//! maximise q_0   subject to   F^T q − A^T x ≤ 0,   E x = e,   x ≥ 0,   q free,
//! ```
//!
//! where `q` holds player 2's values at its information sets (the dual of player 2's
//! best-response problem) and `q_0` is the game's value. Player 2's minmax plan solves the same
//! programme with the roles exchanged and `−A^T` for `A`. A table is the sequence form of a
//! one-move-each tree, so the same programme is the classic matrix-game LP there.
//!
//! Both programmes are solved exactly: a two-phase simplex method with Bland's rule (which
//! cannot cycle) on a fraction-free integer tableau (`i128` while it fits, then `BigInt`), so
//! the value is exact and equal to the value any other exact method finds.

use std::cmp::Ordering;

use brink_game::{Game, Rational};
use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Zero};

use crate::lemke::{lex_select, IntTableau, Overflow, PivotInt, Tableau};
use crate::seqform::{PlayerSequences, SequenceForm};
use crate::{Candidates, Config, Number, Profile, SolveError, Status};

/// The basis marker of an objective row (never a pivot row).
const OBJECTIVE: usize = usize::MAX;

/// The equilibrium and value of a two-player constant-sum game.
pub(crate) fn solve(game: &Game, _config: &Config) -> Result<Candidates, SolveError> {
    let sf = match game {
        Game::Tree(tree) => SequenceForm::from_tree(tree, "lp")?,
        Game::Table(table) => SequenceForm::from_table(table, "lp")?,
    };
    if sf.constant_sum().is_none() {
        return Err(SolveError::NotApplicable {
            method: "lp",
            reason: "the payoffs do not add up to the same number at every outcome, so the game \
                     is not constant-sum; use lcp (one equilibrium) or enummixed instead"
                .into(),
        });
    }
    let scale = sf
        .entries
        .iter()
        .fold(BigInt::one(), |l, e| l.lcm(e.payoffs[0].denom()));
    let scaled = |v: &Rational| (v * Rational::from_integer(scale.clone())).to_integer();
    let first: Vec<(usize, usize, BigInt)> = sf
        .entries
        .iter()
        .map(|e| (e.row, e.col, scaled(&e.payoffs[0])))
        .collect();
    let second: Vec<(usize, usize, BigInt)> = sf
        .entries
        .iter()
        .map(|e| (e.col, e.row, -scaled(&e.payoffs[0])))
        .collect();
    let (x, v1) = maxmin(&sf.players[0], &sf.players[1], &first)?;
    let (y, v2) = maxmin(&sf.players[1], &sf.players[0], &second)?;
    if v1 != -v2.clone() {
        // LP duality makes the two values equal; anything else is a bug, reported as such.
        return Ok(Candidates {
            status: Status::NotConverged(format!(
                "the two programmes disagree on the value ({v1} vs {})",
                -v2
            )),
            profiles: Vec::new(),
            beliefs: Vec::new(),
        });
    }
    let profile = match game {
        Game::Tree(_) => Profile::Behavior(sf.behavior_profile([&x, &y])),
        Game::Table(_) => Profile::Strategy(
            [&x, &y]
                .iter()
                .map(|plan| plan[1..].iter().map(|p| Number::Exact(p.clone())).collect())
                .collect(),
        ),
    };
    Ok(Candidates {
        status: Status::Solved,
        profiles: vec![profile],
        beliefs: Vec::new(),
    })
}

/// The maximising player's optimal plan against a minimising opponent, and the value (in the
/// units of `gain`, the maximiser's payoff entries `(own sequence, other sequence, value)`).
fn maxmin(
    own: &PlayerSequences,
    other: &PlayerSequences,
    gain: &[(usize, usize, BigInt)],
) -> Result<(Vec<Rational>, Rational), SolveError> {
    let n = own.len;
    let m_other = other.constraints();
    let n_other = other.len;
    let m_own = own.constraints();
    // Columns: x (n), q+ (m_other), q− (m_other), slacks (n_other), artificials (m_own), rhs.
    let q_plus = n;
    let q_minus = n + m_other;
    let slack = n + 2 * m_other;
    let art = slack + n_other;
    let width = art + m_own + 1;
    let rows = n_other + m_own + 2;
    let mut matrix = vec![vec![BigInt::zero(); width]; rows];
    let mut basis = Vec::with_capacity(rows);
    // Rows 0..n_other: (F^T q)_j − (G^T x)_j + s_j = 0.
    for (k, s, coefficient) in other.constraint_entries() {
        matrix[s][q_plus + k] += BigInt::from(coefficient);
        matrix[s][q_minus + k] -= BigInt::from(coefficient);
    }
    for (mine, theirs, value) in gain {
        matrix[*theirs][*mine] -= value;
    }
    for j in 0..n_other {
        matrix[j][slack + j] = BigInt::one();
        basis.push(slack + j);
    }
    // Rows n_other..: E x + a = e.
    for (k, s, coefficient) in own.constraint_entries() {
        matrix[n_other + k][s] = BigInt::from(coefficient);
    }
    for k in 0..m_own {
        matrix[n_other + k][art + k] = BigInt::one();
        basis.push(art + k);
    }
    matrix[n_other][width - 1] = BigInt::one();
    // Phase 2 objective (maximise q_0), as the row −c.
    let phase2 = rows - 2;
    matrix[phase2][q_plus] = BigInt::from(-1);
    matrix[phase2][q_minus] = BigInt::one();
    basis.push(OBJECTIVE);
    // Phase 1 objective (maximise −Σ a), with the basic artificials priced out.
    let phase1 = rows - 1;
    let mut priced = vec![BigInt::zero(); width];
    for row in &matrix[n_other..n_other + m_own] {
        for (c, v) in row.iter().enumerate() {
            if !(art..art + m_own).contains(&c) {
                priced[c] -= v;
            }
        }
    }
    matrix[phase1] = priced;
    basis.push(OBJECTIVE);

    let columns = Columns {
        structural: art,
        artificial: art..art + m_own,
        identity: basis.iter().copied().filter(|&b| b != OBJECTIVE).collect(),
        phase1,
        phase2,
    };
    let result = match IntTableau::<i128>::new(&matrix, basis.clone()) {
        Some(mut t) => simplex(&mut t, &columns).map(|ok| {
            if ok {
                read(&t, n, q_plus, q_minus, phase2)
            } else {
                None
            }
        }),
        None => Err(Overflow),
    };
    let result = match result {
        Ok(done) => done,
        Err(Overflow) => {
            let mut t =
                IntTableau::<BigInt>::new(&matrix, basis).expect("BigInt holds any integer");
            let ok = simplex(&mut t, &columns).expect("BigInt arithmetic cannot overflow");
            if ok {
                read(&t, n, q_plus, q_minus, phase2)
            } else {
                None
            }
        }
    };
    result.ok_or_else(|| SolveError::NotApplicable {
        method: "lp",
        reason: "the linear programme has no optimal solution, which a game cannot cause".into(),
    })
}

/// Where the columns and objective rows of the programme are.
struct Columns {
    /// Columns below this index may enter the basis.
    structural: usize,
    artificial: std::ops::Range<usize>,
    /// The unit columns of the initial basis, in row order, for the lexicographic rule.
    identity: Vec<usize>,
    phase1: usize,
    phase2: usize,
}

/// The plan and the value at an optimal tableau.
fn read<T: PivotInt>(
    t: &IntTableau<T>,
    n: usize,
    q_plus: usize,
    q_minus: usize,
    phase2: usize,
) -> Option<(Vec<Rational>, Rational)> {
    let plan: Vec<Rational> = (0..n).map(|s| t.value(s)).collect();
    let value = t.value(q_plus) - t.value(q_minus);
    // The objective row's right-hand side is the optimum as well; the two must agree.
    let objective = t.row_value(phase2);
    (objective == value).then_some((plan, value))
}

/// Two-phase simplex with Bland's rule; `false` if the programme is infeasible or unbounded.
fn simplex<T: PivotInt>(t: &mut IntTableau<T>, columns: &Columns) -> Result<bool, Overflow> {
    if !optimise(t, columns, columns.phase1)? || t.rhs_sign(columns.phase1) != 0 {
        return Ok(false);
    }
    // Drive artificial variables still basic (at zero) out of the basis where possible.
    for r in 0..t.rows() {
        if columns.artificial.contains(&t.basic(r)) {
            if let Some(c) = (0..columns.structural).find(|&c| t.sign(r, c) != 0) {
                t.pivot(r, c)?;
            }
        }
    }
    optimise(t, columns, columns.phase2)
}

/// Pivots to optimality for the objective row `objective`; `false` if unbounded.
///
/// The entering column is the most negative reduced cost (Dantzig's rule) and ties in the
/// ratio test are broken lexicographically over the initial basis' columns, which prevents
/// cycling while the rows stay lexicographically positive. That holds from the identity start
/// of phase 1, but driving artificial variables out between the phases can break it, so after
/// a generous number of pivots the rule changes for good to Bland's, which terminates from
/// any basis.
fn optimise<T: PivotInt>(
    t: &mut IntTableau<T>,
    columns: &Columns,
    objective: usize,
) -> Result<bool, Overflow> {
    let patience = 20 * t.rows() + 100;
    let mut pivots = 0;
    loop {
        let bland = pivots >= patience;
        pivots += 1;
        let improving = (0..columns.structural).filter(|&c| t.sign(objective, c) < 0);
        let entering = if bland {
            improving.min()
        } else {
            improving.min_by(|&a, &b| t.cmp_in_row(objective, a, b))
        };
        let Some(c) = entering else {
            return Ok(true);
        };
        let candidates: Vec<usize> = (0..t.rows())
            .filter(|&r| t.basic(r) != OBJECTIVE && t.sign(r, c) > 0)
            .collect();
        let leaving = if bland {
            // The lowest-numbered basic variable among the minimum ratios leaves.
            let mut best: Option<usize> = None;
            for r in candidates {
                best = Some(match best {
                    None => r,
                    Some(b) => match t.cmp_ratio(r, b, None, c)? {
                        Ordering::Less => r,
                        Ordering::Equal if t.basic(r) < t.basic(b) => r,
                        _ => b,
                    },
                });
            }
            best
        } else {
            lex_select(
                t,
                candidates,
                c,
                columns.identity.iter().copied(),
                true,
                None,
            )?
        };
        let Some(r) = leaving else {
            return Ok(false);
        };
        t.pivot(r, c)?;
    }
}
