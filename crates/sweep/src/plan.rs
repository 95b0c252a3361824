//! Plans: the deterministic, indexable list of parameter points a sweep visits.

use brink_game::{parse_rational, Rational, Q};
use num_bigint::BigInt;
use num_traits::{One, Zero};
use rand::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::SweepError;

/// The most points a plan may have; larger plans are refused rather than overflowing.
pub const POINT_LIMIT: usize = 1 << 40;

/// One axis of a grid: `steps` evenly spaced values from `lo` to `hi`, both included.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GridAxis {
    /// The parameter's name.
    pub param: String,
    /// The first value.
    pub lo: Rational,
    /// The last value.
    pub hi: Rational,
    /// How many values (at least 1; with 1 the axis is `lo` alone).
    pub steps: usize,
}

impl GridAxis {
    /// Reads `p=a:b:n` (values exact: `0.1`, `1/3`, `-2`).
    pub fn parse(text: &str) -> Result<GridAxis, SweepError> {
        let bad = || {
            SweepError::Plan(format!(
                "`{text}`: a grid axis is `name=low:high:count`, e.g. `p_resolute=0:1:11`"
            ))
        };
        let (name, rest) = text.split_once('=').ok_or_else(bad)?;
        let parts: Vec<&str> = rest.split(':').collect();
        let [lo, hi, n] = parts.as_slice() else {
            return Err(bad());
        };
        let lo = parse_rational(lo).ok_or_else(bad)?;
        let hi = parse_rational(hi).ok_or_else(bad)?;
        let steps: usize = n.trim().parse().map_err(|_| bad())?;
        GridAxis::new(name.trim(), lo, hi, steps)
    }

    /// An axis, checked: a name, `steps >= 1`, `lo <= hi`.
    pub fn new(
        param: &str,
        lo: Rational,
        hi: Rational,
        steps: usize,
    ) -> Result<GridAxis, SweepError> {
        if param.is_empty() {
            return Err(SweepError::Plan(
                "a grid axis needs a parameter name".into(),
            ));
        }
        if steps == 0 {
            return Err(SweepError::Plan(format!(
                "the axis of `{param}` has no values (count 0)"
            )));
        }
        if lo > hi {
            return Err(SweepError::Plan(format!(
                "the axis of `{param}` runs from {lo} down to {hi}"
            )));
        }
        Ok(GridAxis {
            param: param.to_string(),
            lo,
            hi,
            steps,
        })
    }

    /// The `i`-th value, exact: `lo + (hi - lo) i / (steps - 1)`.
    pub fn value(&self, i: usize) -> Rational {
        if self.steps <= 1 {
            return self.lo.clone();
        }
        // In the fast rational: the same exact value without big-integer arithmetic when the
        // ends are small fractions.
        let (lo, hi) = (Q::from_rational(&self.lo), Q::from_rational(&self.hi));
        let t = Q::new(i as i64, (self.steps - 1) as i64);
        (&lo + &(&(&hi - &lo) * &t)).into_rational()
    }

    /// Every value, in order.
    pub fn values(&self) -> Vec<Rational> {
        (0..self.steps).map(|i| self.value(i)).collect()
    }
}

/// A parameter's range for sampling: values drawn in `[lo, hi]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParamRange {
    /// The parameter's name.
    pub param: String,
    /// The lower end.
    pub lo: Rational,
    /// The upper end.
    pub hi: Rational,
}

impl ParamRange {
    /// Reads `p=a:b`.
    pub fn parse(text: &str) -> Result<ParamRange, SweepError> {
        let bad = || {
            SweepError::Plan(format!(
                "`{text}`: a range is `name=low:high`, e.g. `stake=1:10`"
            ))
        };
        let (name, rest) = text.split_once('=').ok_or_else(bad)?;
        let (lo, hi) = rest.split_once(':').ok_or_else(bad)?;
        let lo = parse_rational(lo).ok_or_else(bad)?;
        let hi = parse_rational(hi).ok_or_else(bad)?;
        let name = name.trim();
        if name.is_empty() || lo > hi {
            return Err(bad());
        }
        Ok(ParamRange {
            param: name.to_string(),
            lo,
            hi,
        })
    }
}

/// The declared ranges of the named parameters, for sampling over "the ranges the scenario
/// states"; with no names, every numeric parameter that declares a range, in declaration
/// order. A named parameter without a declared range, or a boolean, is an error.
pub fn declared_ranges(
    params: &[brink_scenario::Param],
    names: &[String],
) -> Result<Vec<ParamRange>, SweepError> {
    if names.is_empty() {
        return Ok(params
            .iter()
            .filter(|p| !p.boolean)
            .filter_map(|p| {
                let (lo, hi) = p.range.clone()?;
                Some(ParamRange {
                    param: p.name.clone(),
                    lo,
                    hi,
                })
            })
            .collect());
    }
    names
        .iter()
        .map(|name| {
            let p = params.iter().find(|p| &p.name == name).ok_or_else(|| {
                SweepError::Plan(format!("the scenario has no parameter `{name}`"))
            })?;
            match (&p.range, p.boolean) {
                (Some((lo, hi)), false) => Ok(ParamRange {
                    param: name.clone(),
                    lo: lo.clone(),
                    hi: hi.clone(),
                }),
                (_, true) => Err(SweepError::Plan(format!(
                    "`{name}` is a boolean and cannot be sampled"
                ))),
                (None, _) => Err(SweepError::Plan(format!(
                    "`{name}` declares no range: give one, as `{name}=low:high`"
                ))),
            }
        })
        .collect()
}

/// How a sampled plan spreads its points.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Sampling {
    /// Independent uniform draws in each range.
    MonteCarlo,
    /// Latin hypercube (McKay, Beckman & Conover 1979): each range cut into `n` equal strata,
    /// every stratum of every parameter used exactly once, a uniform draw within it.
    LatinHypercube,
}

#[derive(Clone, Debug)]
enum Kind {
    Grid(Vec<GridAxis>),
    Sample {
        ranges: Vec<ParamRange>,
        n: usize,
        seed: u64,
        /// For a Latin hypercube, the stratum of each point in each dimension.
        strata: Option<Vec<Vec<u32>>>,
    },
}

/// A deterministic list of parameter points. Point `k` depends only on the plan and `k`, so a
/// shard or a resumed run computes exactly the points an uninterrupted run would.
///
/// **Grids** are full factorial with the *first* axis varying fastest: the point of index `k`
/// has, on axis `j`, value number `(k / (n_0 ... n_{j-1})) mod n_j`.
///
/// **Samples** draw from ChaCha8 (Bernstein 2008) seeded with the plan's seed: parameter `j`
/// uses stream `2j` for its uniform draws, the draw of point `k` at word position `2k`, so no
/// point needs the ones before it. A draw is the exact fraction `x / 2^32` for a 32-bit word
/// `x`, so every point is an exact rational (and stays cheap for the exact solver). A Latin
/// hypercube's strata are Fisher-Yates permutations drawn from stream `2j + 1`.
#[derive(Clone, Debug)]
pub struct Plan {
    kind: Kind,
    params: Vec<String>,
    len: usize,
}

fn check_names(names: &[String]) -> Result<(), SweepError> {
    for (i, n) in names.iter().enumerate() {
        if names[..i].contains(n) {
            return Err(SweepError::Plan(format!(
                "the parameter `{n}` is varied twice"
            )));
        }
    }
    Ok(())
}

fn stream(seed: u64, stream: u64) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(stream);
    rng
}

/// The exact uniform draw `x / 2^32` of point `k` on parameter `j`.
fn draw(seed: u64, j: usize, k: usize) -> Rational {
    let mut rng = stream(seed, 2 * j as u64);
    rng.set_word_pos(2 * k as u128);
    let x = rng.next_u64() >> 32;
    Rational::new(BigInt::from(x), BigInt::one() << 32)
}

impl Plan {
    /// A full-factorial grid over the axes.
    pub fn grid(axes: Vec<GridAxis>) -> Result<Plan, SweepError> {
        if axes.is_empty() {
            return Err(SweepError::Plan("a grid needs at least one axis".into()));
        }
        let params: Vec<String> = axes.iter().map(|a| a.param.clone()).collect();
        check_names(&params)?;
        let mut len = 1usize;
        for a in &axes {
            len = len
                .checked_mul(a.steps)
                .filter(|&l| l <= POINT_LIMIT)
                .ok_or_else(|| {
                    SweepError::Plan(format!("the grid has more than {POINT_LIMIT} points"))
                })?;
        }
        Ok(Plan {
            kind: Kind::Grid(axes),
            params,
            len,
        })
    }

    /// `n` sampled points over the ranges, reproducible from `seed`.
    pub fn sample(
        ranges: Vec<ParamRange>,
        n: usize,
        seed: u64,
        sampling: Sampling,
    ) -> Result<Plan, SweepError> {
        if ranges.is_empty() {
            return Err(SweepError::Plan(
                "a sample needs at least one parameter range".into(),
            ));
        }
        let params: Vec<String> = ranges.iter().map(|r| r.param.clone()).collect();
        check_names(&params)?;
        // Latin hypercube strata are held in memory (4 bytes per point and parameter).
        let limit = if sampling == Sampling::LatinHypercube {
            u32::MAX as usize
        } else {
            POINT_LIMIT
        };
        if n > limit {
            return Err(SweepError::Plan(format!(
                "a sample of {n} points is too large (at most {limit})"
            )));
        }
        let strata = match sampling {
            Sampling::MonteCarlo => None,
            Sampling::LatinHypercube => Some(
                (0..ranges.len())
                    .map(|j| {
                        let mut rng = stream(seed, 2 * j as u64 + 1);
                        let mut perm: Vec<u32> = (0..n as u32).collect();
                        for i in (1..n).rev() {
                            // Rejection-free multiply-shift reduction: deterministic, and the
                            // bias (below 2^-32 relative) does not matter for a design.
                            let r = ((rng.next_u64() >> 32) * (i as u64 + 1)) >> 32;
                            perm.swap(i, r as usize);
                        }
                        perm
                    })
                    .collect(),
            ),
        };
        Ok(Plan {
            kind: Kind::Sample {
                ranges,
                n,
                seed,
                strata,
            },
            params,
            len: n,
        })
    }

    /// The number of points.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the plan has no points.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The varied parameters, in column order.
    pub fn params(&self) -> &[String] {
        &self.params
    }

    /// The lowest and highest value parameter `j` takes (the ends of its axis or range).
    pub fn bounds(&self, j: usize) -> (Rational, Rational) {
        match &self.kind {
            Kind::Grid(axes) => (axes[j].lo.clone(), axes[j].hi.clone()),
            Kind::Sample { ranges, .. } => (ranges[j].lo.clone(), ranges[j].hi.clone()),
        }
    }

    /// The plan in one line, every number exact: `grid p=0:1:5, q=1/3:2:3` or
    /// `monte-carlo 1000 points, seed 7, over p=0:1, q=1:10` (`latin-hypercube` likewise).
    /// Two plans with the same description have the same points.
    pub fn describe(&self) -> String {
        match &self.kind {
            Kind::Grid(axes) => {
                let axes: Vec<String> = axes
                    .iter()
                    .map(|a| format!("{}={}:{}:{}", a.param, a.lo, a.hi, a.steps))
                    .collect();
                format!("grid {}", axes.join(", "))
            }
            Kind::Sample {
                ranges,
                n,
                seed,
                strata,
            } => {
                let ranges: Vec<String> = ranges
                    .iter()
                    .map(|r| format!("{}={}:{}", r.param, r.lo, r.hi))
                    .collect();
                let kind = if strata.is_some() {
                    "latin-hypercube"
                } else {
                    "monte-carlo"
                };
                format!("{kind} {n} points, seed {seed}, over {}", ranges.join(", "))
            }
        }
    }

    /// The grid's axes, `None` for a sampled plan.
    pub fn grid_axes(&self) -> Option<&[GridAxis]> {
        match &self.kind {
            Kind::Grid(axes) => Some(axes),
            Kind::Sample { .. } => None,
        }
    }

    /// The values of the varied parameters at point `index` (in the order of
    /// [`Plan::params`]), exact; `None` past the end.
    pub fn point(&self, index: usize) -> Option<Vec<Rational>> {
        if index >= self.len {
            return None;
        }
        Some(match &self.kind {
            Kind::Grid(axes) => {
                let mut rest = index;
                axes.iter()
                    .map(|a| {
                        let i = rest % a.steps;
                        rest /= a.steps;
                        a.value(i)
                    })
                    .collect()
            }
            Kind::Sample {
                ranges,
                n,
                seed,
                strata,
            } => ranges
                .iter()
                .enumerate()
                .map(|(j, r)| {
                    let u = draw(*seed, j, index);
                    let t = match strata {
                        None => u,
                        Some(s) => {
                            (Rational::from_integer(BigInt::from(s[j][index])) + u)
                                / Rational::from_integer(BigInt::from(*n))
                        }
                    };
                    if t.is_zero() {
                        r.lo.clone()
                    } else {
                        &r.lo + (&r.hi - &r.lo) * t
                    }
                })
                .collect(),
        })
    }
}

/// A shard `k/N` of a plan: the points whose index is `k - 1` modulo `N` (strided, so every
/// shard gets a share of every region of a grid and the shards take about equally long).
/// Shards `1/N` to `N/N` together cover the plan exactly once; merged by index they give the
/// unsharded file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    /// Which shard, from 1.
    pub k: usize,
    /// How many shards.
    pub n: usize,
}

impl Default for Shard {
    fn default() -> Shard {
        Shard::ALL
    }
}

impl Shard {
    /// The whole plan: shard `1/1`.
    pub const ALL: Shard = Shard { k: 1, n: 1 };

    /// Reads `k/N` with `1 <= k <= N`.
    pub fn parse(text: &str) -> Result<Shard, SweepError> {
        let bad = || {
            SweepError::Plan(format!(
                "`{text}`: a shard is `k/N` with 1 <= k <= N, e.g. `2/8`"
            ))
        };
        let (k, n) = text.split_once('/').ok_or_else(bad)?;
        let k: usize = k.trim().parse().map_err(|_| bad())?;
        let n: usize = n.trim().parse().map_err(|_| bad())?;
        Shard::new(k, n).ok_or_else(bad)
    }

    /// Shard `k` of `n`, `None` unless `1 <= k <= n`.
    pub fn new(k: usize, n: usize) -> Option<Shard> {
        (1..=n).contains(&k).then_some(Shard { k, n })
    }

    /// Whether the point of this index belongs to the shard.
    pub fn contains(&self, index: usize) -> bool {
        index % self.n == self.k - 1
    }

    /// The shard's indices in a plan of `len` points, in increasing order.
    pub fn indices(&self, len: usize) -> impl Iterator<Item = usize> {
        (self.k - 1..len).step_by(self.n.max(1))
    }

    /// How many points of a plan of `len` points the shard has.
    pub fn count(&self, len: usize) -> usize {
        if len < self.k {
            0
        } else {
            (len - self.k) / self.n + 1
        }
    }
}
