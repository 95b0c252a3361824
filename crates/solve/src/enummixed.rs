//! All extreme equilibria of a two-player game, exactly.
//!
//! **Method.** Vertex enumeration of the two best-response polytopes, following Avis,
//! Rosenberg, Savani & von Stengel, "Enumeration of Nash equilibria for two-player games"
//! (Economic Theory 42, 2010). With both payoff matrices made positive (a positive affine map
//! per player, which leaves the equilibria unchanged), row player's mixed strategies
//! correspond to
//!
//! ```text
//! P = { x ∈ ℝᵐ : x ≥ 0, Bᵀx ≤ 1 }      Q = { y ∈ ℝⁿ : Ay ≤ 1, y ≥ 0 }
//! ```
//!
//! A point of `P` has label `i` when `x_i = 0` and label `m + j` when column `j` is tight
//! (column `j` is a best reply to `x`); a point of `Q` has label `i` when row `i` is tight and
//! `m + j` when `y_j = 0`. A pair of vertices `(x, y) ≠ (0, 0)` whose labels together cover all
//! `m + n` labels is, normalised, an equilibrium, and these pairs are exactly the extreme points
//! of the maximal Nash subsets (the products of faces that make up the equilibrium set), also
//! in degenerate games. This is the set Gambit's `enummixed` lists.
//!
//! **Degeneracy.** A vertex of a degenerate polytope has more tight constraints than
//! dimensions and therefore many bases. The enumeration walks the graph of the
//! lexicographically perturbed polytope (right-hand side `1 + (ε, ε², ...)`), which is simple
//! and connected, so its graph search meets every vertex of `P`; each basis has exactly one
//! neighbour per non-basic variable, given by the lexicographic ratio test, and visited bases
//! are remembered in a hash set. Vertices are identified by their exact coordinates, so a
//! degenerate vertex reached through several perturbed bases is listed once, with the labels
//! of its true (unperturbed) tight constraints.
//!
//! **Arithmetic.** Fraction-free integer pivoting (see [`crate::tableau`]), in `i64`, then
//! `i128`, then `BigInt` when a narrower type overflows.

use std::cell::Cell;
use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};

use brink_game::{Game, Rational, Table};
use num_bigint::BigInt;

use crate::tableau::{
    positive_integer_payoffs, with_widening_from, Int, IntTableau, Overflow, Width,
};
use crate::{Candidates, Config, Number, Profile, SolveError, Status};

/// How often (in pivots) the stop flag is polled.
const STOP_POLL: u64 = 1024;

/// The most bases one graph search may visit. Every visited basis and vertex is remembered,
/// and the strategic forms of large trees are so degenerate that their polytopes have
/// millions of perturbed bases (a 64 × 64 reduced form reaches this limit in about a minute);
/// such games end with [`Status::IterationLimit`] and the equilibria found so far, and one
/// equilibrium is better sought with `lcp` or `logit`.
const MAX_BASES: usize = 500_000;

/// Solves `game` (a two-player table, or a two-player tree through its reduced strategic form).
pub(crate) fn solve(game: &Game, config: &Config) -> Result<Candidates, SolveError> {
    let table = match game {
        Game::Table(t) => {
            check_two_players(t.players.len())?;
            std::borrow::Cow::Borrowed(t)
        }
        Game::Tree(tree) => {
            check_two_players(tree.players.len())?;
            let form = tree.strategic_form(config.cell_limit).map_err(|e| {
                SolveError::TooLarge(format!("enummixed needs the reduced strategic form: {e}"))
            })?;
            std::borrow::Cow::Owned(form.table)
        }
    };
    let found = extreme_equilibria(&table, config.stop.as_deref());
    let profiles = found
        .equilibria
        .into_iter()
        .map(|(x, y)| {
            Profile::Strategy(vec![
                x.into_iter().map(Number::Exact).collect(),
                y.into_iter().map(Number::Exact).collect(),
            ])
        })
        .collect();
    let status = if found.limited {
        Status::IterationLimit(format!(
            "the vertex enumeration visited more than {MAX_BASES} bases of one polytope, so \
             the list of extreme equilibria is incomplete; lcp or logit find one equilibrium"
        ))
    } else if found.stopped {
        Status::Stopped
    } else {
        Status::Solved
    };
    Ok(Candidates {
        status,
        profiles,
        beliefs: Vec::new(),
    })
}

fn check_two_players(players: usize) -> Result<(), SolveError> {
    if players == 2 {
        Ok(())
    } else {
        Err(SolveError::NotApplicable {
            method: "enummixed",
            reason: format!(
                "it enumerates equilibria of two-player games and this game has {players} players; \
                 try logit or enumpure"
            ),
        })
    }
}

/// The extreme equilibria of a two-player table, and whether the search was stopped early.
pub(crate) struct ExtremeEquilibria {
    /// Pairs of mixed strategies (row player's, column player's), exact.
    pub equilibria: Vec<(Vec<Rational>, Vec<Rational>)>,
    /// Whether the stop flag ended the search (the list is then incomplete).
    pub stopped: bool,
    /// Whether the search ended at [`MAX_BASES`] (the list is then incomplete).
    pub limited: bool,
}

/// Payoff matrices of a two-player table as positive integers, row-major `m × n`.
pub(crate) struct IntegerBimatrix {
    /// Row player's strategies.
    pub m: usize,
    /// Column player's strategies.
    pub n: usize,
    /// Row player's payoffs `A[i][j]` at `i * n + j`.
    pub a: Vec<BigInt>,
    /// Column player's payoffs `B[i][j]` at `i * n + j`.
    pub b: Vec<BigInt>,
}

impl IntegerBimatrix {
    /// Both players' payoffs, each scaled to integers and shifted to be at least 1.
    pub(crate) fn of(table: &Table) -> IntegerBimatrix {
        let (m, n) = (table.strategies[0].len(), table.strategies[1].len());
        let mut a = Vec::with_capacity(m * n);
        let mut b = Vec::with_capacity(m * n);
        for i in 0..m {
            for j in 0..n {
                let cell = table.cell_index(&[i, j]);
                a.push(table.payoff(cell, 0));
                b.push(table.payoff(cell, 1));
            }
        }
        IntegerBimatrix {
            m,
            n,
            a: positive_integer_payoffs(&a),
            b: positive_integer_payoffs(&b),
        }
    }

    /// The tableau of `P`: one row per column `j`, `Σ_i B_ij x_i + r_j = 1`; variables
    /// `x_i` (index `i`) then `r_j` (index `m + j`), so a variable's index is its label.
    pub(crate) fn p_system(&self) -> (usize, usize, Vec<BigInt>, Vec<usize>) {
        let (m, n) = (self.m, self.n);
        let vars = m + n;
        let mut entries = vec![BigInt::default(); n * (vars + 1)];
        for j in 0..n {
            let row = &mut entries[j * (vars + 1)..(j + 1) * (vars + 1)];
            for (i, entry) in row[..m].iter_mut().enumerate() {
                *entry = self.b[i * n + j].clone();
            }
            row[m + j] = BigInt::from(1);
            row[vars] = BigInt::from(1);
        }
        (n, vars, entries, (m..m + n).collect())
    }

    /// The tableau of `Q`: one row per row `i`, `s_i + Σ_j A_ij y_j = 1`; variables `s_i`
    /// (index `i`) then `y_j` (index `m + j`), so again a variable's index is its label.
    pub(crate) fn q_system(&self) -> (usize, usize, Vec<BigInt>, Vec<usize>) {
        let (m, n) = (self.m, self.n);
        let vars = m + n;
        let mut entries = vec![BigInt::default(); m * (vars + 1)];
        for i in 0..m {
            let row = &mut entries[i * (vars + 1)..(i + 1) * (vars + 1)];
            row[i] = BigInt::from(1);
            for j in 0..n {
                row[m + j] = self.a[i * n + j].clone();
            }
            row[vars] = BigInt::from(1);
        }
        (m, vars, entries, (0..m).collect())
    }
}

/// A vertex of a best-response polytope other than the origin.
#[derive(Debug)]
struct Vertex {
    /// The strategy coordinates as a primitive integer vector (the direction of the vertex;
    /// distinct non-zero vertices of these polytopes have distinct directions).
    direction: Vec<BigInt>,
    /// Bit `v` is set when variable `v` is zero, i.e. the vertex has label `v`.
    labels: Vec<u64>,
}

impl IntegerBimatrix {
    /// The same game with the players' roles exchanged.
    fn transposed(&self) -> IntegerBimatrix {
        let (m, n) = (self.m, self.n);
        let flip = |v: &[BigInt]| -> Vec<BigInt> {
            (0..n)
                .flat_map(|j| (0..m).map(move |i| (i, j)))
                .map(|(i, j)| v[i * n + j].clone())
                .collect()
        };
        IntegerBimatrix {
            m: n,
            n: m,
            a: flip(&self.b),
            b: flip(&self.a),
        }
    }
}

/// Every extreme equilibrium of a two-player table.
///
/// Following Avis et al. (2010, section 5, "lrsnash"), only one polytope is enumerated in full:
/// that of the player with fewer strategies, here called the row player (the game is
/// transposed if need be). For each of its vertices `x`, the partners `y` are the vertices of
/// the face of `Q` on which `y` has every label that `x` lacks: rows in the support of `x` are
/// best replies, and columns that are not best replies to `x` are unused. That face is small,
/// while `Q` itself can have hundreds of thousands of vertices in the degenerate strategic
/// forms of trees.
pub(crate) fn extreme_equilibria(table: &Table, stop: Option<&AtomicBool>) -> ExtremeEquilibria {
    let original = IntegerBimatrix::of(table);
    let transpose = original.m > original.n;
    let game = if transpose {
        original.transposed()
    } else {
        original
    };
    let control = Control {
        stop,
        stopped: Cell::new(false),
        limited: Cell::new(false),
    };
    let (rows, vars, entries, basis) = game.p_system();
    let m = game.m;
    let (xs, mut width) = with_widening_from(
        Width::I64,
        || polytope_vertices::<i64>(rows, vars, &entries, &basis, m, &control),
        || polytope_vertices::<i128>(rows, vars, &entries, &basis, m, &control),
        || polytope_vertices::<BigInt>(rows, vars, &entries, &basis, m, &control),
    );
    let mut equilibria = Vec::new();
    for x in &xs {
        // Each face is a unit of work, so the stop flag is read before each one.
        if control.poll(0) {
            break;
        }
        // Faces are smaller than P, but their systems hold the same payoffs: start where P
        // ended up and keep widening from there.
        let ys;
        (ys, width) = with_widening_from(
            width,
            || face_vertices::<i64>(&game, &x.labels, &control),
            || face_vertices::<i128>(&game, &x.labels, &control),
            || face_vertices::<BigInt>(&game, &x.labels, &control),
        );
        let row = normalise(&x.direction);
        for y in ys {
            let column = normalise(&y);
            equilibria.push(if transpose {
                (column, row.clone())
            } else {
                (row.clone(), column)
            });
        }
    }
    ExtremeEquilibria {
        equilibria,
        stopped: control.stopped.get(),
        limited: control.limited.get(),
    }
}

/// What ends a search early: the caller's stop flag or the basis limit.
struct Control<'a> {
    stop: Option<&'a AtomicBool>,
    stopped: Cell<bool>,
    limited: Cell<bool>,
}

impl Control<'_> {
    /// Whether the search has been ended.
    fn ended(&self) -> bool {
        self.stopped.get() || self.limited.get()
    }

    /// Polls the stop flag every [`STOP_POLL`] pivots; true if the search must end.
    // `u64::is_multiple_of`, which clippy suggests, needs Rust 1.87.
    #[allow(clippy::manual_is_multiple_of)]
    fn poll(&self, pivots: u64) -> bool {
        if pivots % STOP_POLL == 0 && self.stop.is_some_and(|s| s.load(Ordering::Relaxed)) {
            self.stopped.set(true);
        }
        self.ended()
    }
}

/// The mixed strategy proportional to a non-negative, non-zero integer vector.
fn normalise(direction: &[BigInt]) -> Vec<Rational> {
    let total: BigInt = direction.iter().sum();
    direction
        .iter()
        .map(|d| Rational::new(d.clone(), total.clone()))
        .collect()
}

fn has(bits: &[u64], v: usize) -> bool {
    bits[v / 64] >> (v % 64) & 1 == 1
}

fn toggle(bits: &mut [u64], v: usize) {
    bits[v / 64] ^= 1 << (v % 64);
}

/// The primitive integer vector in the direction of the (scaled) values of `vars`, or `None`
/// if they are all zero.
fn direction<T: Int>(tableau: &IntTableau<T>, vars: impl Iterator<Item = usize>) -> Option<Vec<T>> {
    let values: Vec<T> = vars.map(|v| tableau.scaled_value(v)).collect();
    let divisor = values.iter().fold(T::zero(), |g, c| T::gcd(&g, c));
    if divisor.sign() == 0 {
        return None;
    }
    Some(values.iter().map(|c| T::div_exact(c, &divisor)).collect())
}

/// The non-zero vertices of `P` (the tableau of [`IntegerBimatrix::p_system`]) with their
/// labels, in the order the graph search meets them; the first `m` variables are the
/// coordinates.
fn polytope_vertices<T: Int>(
    rows: usize,
    vars: usize,
    entries: &[BigInt],
    basis: &[usize],
    m: usize,
    control: &Control,
) -> Result<Vec<Vertex>, Overflow> {
    let mut tableau = IntTableau::<T>::new(rows, vars, entries, basis.to_vec())?;
    let words = vars.div_ceil(64);
    let mut seen: HashSet<Vec<T>> = HashSet::new();
    let mut found = Vec::new();
    walk(&mut tableau, &vec![true; vars], control, |t| {
        let Some(direction) = direction(t, 0..m) else {
            return;
        };
        if seen.contains(&direction) {
            return;
        }
        let mut labels = vec![0u64; words];
        for v in 0..vars {
            if t.scaled_value(v).sign() == 0 {
                toggle(&mut labels, v);
            }
        }
        found.push(Vertex {
            direction: direction.iter().map(Int::to_big).collect(),
            labels,
        });
        seen.insert(direction);
    })?;
    Ok(found)
}

/// The vertices of the face of `Q` that complements a vertex of `P` with the given labels:
/// `(Ay)_i = 1` where `x_i > 0`, `y_j = 0` where column `j` is not a best reply to `x`. Each is
/// returned as a primitive integer vector over all columns.
///
/// The face is written with artificial variables on its equations and a first phase of the
/// lexicographic simplex method minimises their sum from the origin; if the minimum is zero,
/// the artificial variables left in the basis (at zero) are pivoted out or their rows, then
/// redundant, deleted. The feasible basis reached becomes the reference of a fresh
/// lexicographic perturbation, and the perturbed face is walked like `P`.
fn face_vertices<T: Int>(
    game: &IntegerBimatrix,
    x_labels: &[u64],
    control: &Control,
) -> Result<Vec<Vec<BigInt>>, Overflow> {
    let (m, n) = (game.m, game.n);
    let replies: Vec<usize> = (0..n).filter(|&j| has(x_labels, m + j)).collect();
    let support: Vec<bool> = (0..m).map(|i| !has(x_labels, i)).collect();
    // Variables: y over the best replies, then one slack or artificial per row.
    let k = replies.len();
    let vars = k + m;
    let mut entries = vec![BigInt::default(); (m + 1) * (vars + 1)];
    let mut objective = vec![BigInt::default(); vars + 1];
    for i in 0..m {
        let row = &mut entries[i * (vars + 1)..(i + 1) * (vars + 1)];
        for (c, &j) in replies.iter().enumerate() {
            row[c] = game.a[i * n + j].clone();
        }
        row[k + i] = BigInt::from(1);
        row[vars] = BigInt::from(1);
        if support[i] {
            // The artificial variable of an equation: the objective row is the sum of these
            // rows with the artificial columns cancelled.
            for c in 0..k {
                objective[c] += &row[c];
            }
            objective[vars] += 1;
        }
    }
    entries[m * (vars + 1)..].clone_from_slice(&objective);
    let mut tableau = IntTableau::<T>::new(m + 1, vars, &entries, (k..vars).collect())?;
    let artificial = |v: usize| v >= k && support[v - k];

    // Phase one: enter any non-artificial variable that lowers the sum of the artificials.
    let mut pivots: u64 = 0;
    while let Some(v) = (0..vars).find(|&v| {
        !artificial(v) && tableau.row_of(v).is_none() && tableau.objective(0, v).sign() > 0
    }) {
        pivots += 1;
        if control.poll(pivots) {
            return Ok(Vec::new());
        }
        let Some(row) = tableau.lex_min_ratio(v)? else {
            // Q is bounded, so this cannot happen; an empty answer is the safe one.
            return Ok(Vec::new());
        };
        tableau.pivot(row, v)?;
    }
    if tableau.objective(0, vars).sign() != 0 {
        // The face is empty: no equilibrium has this x.
        return Ok(Vec::new());
    }
    tableau.drop_objectives();
    let mut r = 0;
    while r < tableau.rows() {
        if !artificial(tableau.basic(r)) {
            r += 1;
            continue;
        }
        match (0..vars).find(|&v| {
            !artificial(v) && tableau.row_of(v).is_none() && tableau.entry(r, v).sign() != 0
        }) {
            Some(v) => {
                tableau.pivot(r, v)?;
                tableau.make_det_positive()?;
                r += 1;
            }
            None => tableau.remove_row(r),
        }
    }
    tableau.reset_lex_order();

    let allowed: Vec<bool> = (0..vars).map(|v| !artificial(v)).collect();
    let mut seen: HashSet<Vec<T>> = HashSet::new();
    let mut found = Vec::new();
    walk(&mut tableau, &allowed, control, |t| {
        let Some(direction) = direction(t, 0..k) else {
            return;
        };
        if seen.contains(&direction) {
            return;
        }
        let mut full = vec![BigInt::default(); n];
        for (c, &j) in replies.iter().enumerate() {
            full[j] = direction[c].to_big();
        }
        found.push(full);
        seen.insert(direction);
    })?;
    Ok(found)
}

/// Visits every basis of the lexicographically perturbed polytope of `tableau` reachable by
/// letting `allowed` variables enter, starting from (and calling `visit` on) the current one.
/// The tableau is returned to its starting basis unless the walk was ended early.
fn walk<T: Int>(
    tableau: &mut IntTableau<T>,
    allowed: &[bool],
    control: &Control,
    mut visit: impl FnMut(&IntTableau<T>),
) -> Result<(), Overflow> {
    let vars = tableau.vars();
    let mut basis_key = vec![0u64; vars.div_ceil(64)];
    for r in 0..tableau.rows() {
        toggle(&mut basis_key, tableau.basic(r));
    }
    let mut seen_bases: HashSet<Box<[u64]>> = HashSet::new();
    seen_bases.insert(basis_key.clone().into_boxed_slice());
    visit(tableau);

    // Depth-first search; each frame remembers the next variable to try entering and the pivot
    // that undoes the move into this basis. Undoing by pivoting back is exact with integer
    // pivoting, so only one tableau is ever kept.
    struct Frame {
        next: usize,
        undo: Option<(usize, usize)>,
    }
    let mut stack = vec![Frame {
        next: 0,
        undo: None,
    }];
    let mut pivots: u64 = 0;
    while let Some(top) = stack.last_mut() {
        if top.next >= vars {
            let undo = top.undo;
            stack.pop();
            if let Some((row, var)) = undo {
                toggle(&mut basis_key, tableau.basic(row));
                toggle(&mut basis_key, var);
                tableau.pivot(row, var)?;
            }
            continue;
        }
        let entering = top.next;
        top.next += 1;
        if !allowed[entering] || tableau.row_of(entering).is_some() {
            continue;
        }
        let Some(row) = tableau.lex_min_ratio(entering)? else {
            // An unbounded edge cannot occur in a bounded polytope; nothing to visit.
            continue;
        };
        let leaving = tableau.basic(row);
        toggle(&mut basis_key, leaving);
        toggle(&mut basis_key, entering);
        if seen_bases.contains(&basis_key[..]) {
            toggle(&mut basis_key, leaving);
            toggle(&mut basis_key, entering);
            continue;
        }
        pivots += 1;
        if control.poll(pivots) {
            break;
        }
        if seen_bases.len() >= MAX_BASES {
            control.limited.set(true);
            break;
        }
        tableau.pivot(row, entering)?;
        seen_bases.insert(basis_key.clone().into_boxed_slice());
        visit(tableau);
        stack.push(Frame {
            next: 0,
            undo: Some((row, leaving)),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use num_traits::Zero;

    fn table(m: usize, n: usize, a: &[i64], b: &[i64]) -> Table {
        let exact = |v: &[i64]| -> Vec<Rational> {
            v.iter()
                .map(|&x| Rational::from_integer(x.into()))
                .collect()
        };
        Table::bimatrix(m, n, &exact(a), &exact(b))
    }

    #[test]
    fn battle_of_the_sexes_has_three_equilibria() {
        let t = table(2, 2, &[2, 0, 0, 1], &[1, 0, 0, 2]);
        let found = extreme_equilibria(&t, None);
        assert_eq!(found.equilibria.len(), 3);
        let r = |n: i64, d: i64| Rational::new(n.into(), d.into());
        assert!(found
            .equilibria
            .contains(&(vec![r(2, 3), r(1, 3)], vec![r(1, 3), r(2, 3)])));
    }

    /// The `k × k` coordination game (identity payoffs) has one equilibrium per non-empty
    /// support, mixing uniformly: `2^k − 1` of them.
    #[test]
    fn coordination_game_has_an_equilibrium_per_support() {
        let k = 9;
        let identity: Vec<i64> = (0..k * k).map(|c| i64::from(c / k == c % k)).collect();
        let found = extreme_equilibria(&table(k, k, &identity, &identity), None);
        assert_eq!(found.equilibria.len(), (1 << k) - 1);
        for (x, y) in &found.equilibria {
            assert_eq!(x, y);
        }
    }

    #[test]
    fn a_raised_stop_flag_ends_the_search() {
        let k = 9;
        let identity: Vec<i64> = (0..k * k).map(|c| i64::from(c / k == c % k)).collect();
        let stop = AtomicBool::new(true);
        let found = extreme_equilibria(&table(k, k, &identity, &identity), Some(&stop));
        assert!(found.stopped);
        assert!(found.equilibria.len() < (1 << k) - 1);
    }

    #[test]
    fn all_zero_game_lists_the_pure_profiles() {
        let t = table(2, 3, &[0; 6], &[0; 6]);
        let found = extreme_equilibria(&t, None);
        assert_eq!(found.equilibria.len(), 6);
        for (x, y) in &found.equilibria {
            assert_eq!(x.iter().filter(|p| !p.is_zero()).count(), 1);
            assert_eq!(y.iter().filter(|p| !p.is_zero()).count(), 1);
        }
    }
}

/// Checks against Gambit's results with an exact regret computation of its own (the
/// integration tests in `tests/tables.rs` go through `solve` and `verify` instead).
#[cfg(test)]
pub(crate) mod oracle_tests {
    use super::*;
    use brink_game::parse_rational;
    use num_traits::{Signed, Zero};
    use std::path::{Path, PathBuf};

    /// Reads a `.nfg` file of the shared Gambit corpus.
    pub(crate) fn read_nfg(path: &Path) -> Table {
        match brink_formats::read_file(path) {
            Ok(Game::Table(table)) => table,
            Ok(Game::Tree(_)) => panic!("{}: expected a table", path.display()),
            Err(e) => panic!("{}: {e}", path.display()),
        }
    }

    pub(crate) fn shared() -> PathBuf {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
        assert!(
            root.join("oracles/gambit-16.7").is_dir(),
            "the shared Gambit games and oracles are missing"
        );
        root
    }

    /// Every two-player `.nfg` oracle: (game path, oracle JSON).
    pub(crate) fn two_player_oracles() -> Vec<(PathBuf, serde_json::Value)> {
        let root = shared();
        let mut out = Vec::new();
        let mut files: Vec<_> = std::fs::read_dir(root.join("oracles/gambit-16.7"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        for f in files {
            let json: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(&f).unwrap()).unwrap();
            if json["format"] == "nfg" && json["players"] == 2 {
                out.push((
                    root.join("gambit-games")
                        .join(json["game"].as_str().unwrap()),
                    json,
                ));
            }
        }
        assert!(!out.is_empty());
        out
    }

    /// Exact payoffs and regret of a mixed profile of a two-player table.
    pub(crate) fn payoffs_and_regret(
        table: &Table,
        x: &[Rational],
        y: &[Rational],
    ) -> ([Rational; 2], Rational) {
        let (m, n) = (x.len(), y.len());
        let mut rows = vec![Rational::zero(); m];
        let mut cols = vec![Rational::zero(); n];
        let mut value = [Rational::zero(), Rational::zero()];
        for i in 0..m {
            for j in 0..n {
                let cell = table.cell_index(&[i, j]);
                let (a, b) = (table.payoff(cell, 0), table.payoff(cell, 1));
                rows[i] += &a * &y[j];
                cols[j] += &b * &x[i];
                value[0] += &a * &x[i] * &y[j];
                value[1] += &b * &x[i] * &y[j];
            }
        }
        let best_row = rows.iter().max().unwrap();
        let best_col = cols.iter().max().unwrap();
        let regret = (best_row - &value[0]).max(best_col - &value[1]);
        (value, regret)
    }

    fn exact(value: &serde_json::Value) -> Rational {
        parse_rational(value.as_str().expect("an exact number")).expect("a rational")
    }

    /// Gambit's profiles (both players' probabilities in one list), sorted, and their payoffs.
    pub(crate) fn oracle_equilibria(
        result: &serde_json::Value,
    ) -> (Vec<Vec<Rational>>, Vec<[Rational; 2]>) {
        let mut profiles = Vec::new();
        let mut payoffs = Vec::new();
        for e in result["equilibria"].as_array().unwrap() {
            profiles.push(
                e["strategy"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .flat_map(|s| s.as_array().unwrap().iter().map(exact))
                    .collect(),
            );
            let p = e["payoffs"].as_array().unwrap();
            payoffs.push([exact(&p[0]), exact(&p[1])]);
        }
        profiles.sort();
        (profiles, payoffs)
    }

    #[test]
    fn enummixed_matches_gambit_on_every_two_player_table() {
        let mut checked = 0;
        for (game, json) in two_player_oracles() {
            let Some(result) = json["results"]
                .get("enummixed")
                .filter(|r| r.get("equilibria").is_some())
            else {
                continue;
            };
            let table = read_nfg(&game);
            let found = extreme_equilibria(&table, None);
            assert!(!found.stopped && !found.limited);
            let mut payoffs = Vec::new();
            let mut profiles = Vec::new();
            for (x, y) in &found.equilibria {
                let (value, regret) = payoffs_and_regret(&table, x, y);
                assert!(
                    regret.is_zero() && !regret.is_negative(),
                    "{}: regret {regret}",
                    game.display()
                );
                payoffs.push(value);
                profiles.push(x.iter().chain(y).cloned().collect::<Vec<_>>());
            }
            payoffs.sort();
            profiles.sort();
            // Gambit lists some extreme equilibria of degenerate games more than once (csg2 and
            // csg4 list 9 profiles, 4 of them distinct); the set is what is unique.
            let (mut expected, mut expected_payoffs) = oracle_equilibria(result);
            assert!(expected.len() >= profiles.len());
            expected.dedup();
            expected_payoffs.sort();
            expected_payoffs.dedup();
            let mut distinct_payoffs = payoffs.clone();
            distinct_payoffs.dedup();
            assert_eq!(profiles, expected, "{}", game.display());
            assert_eq!(distinct_payoffs, expected_payoffs, "{}", game.display());
            checked += 1;
        }
        assert!(checked >= 30, "only {checked} games checked");
    }
}
