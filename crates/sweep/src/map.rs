//! Deterrence-map data: a grid sweep over two parameters turned into a
//! [`brink_report::RegionMap`].

use std::collections::HashMap;

use brink_game::{rational_to_f64, Rational};
use brink_report::{MapCell, MapCrossing, RegionMap};
use brink_scenario::analyze_compiled;
use num_bigint::BigInt;
use num_traits::One;
use rayon::prelude::*;

use crate::run::{outcome_class, Control, Row, Sweep, ERROR_CLASS};
use crate::threshold::refine_change;
use crate::SweepError;

/// Two neighbouring grid points with different outcome classes.
struct Edge {
    along_x: bool,
    /// The value of the parameter held fixed on this line.
    fixed: Rational,
    from: (Rational, String),
    to: (Rational, String),
}

impl Sweep {
    /// The map of `rows` (of this sweep's grid) over the parameters `x` and `y`: each cell
    /// coloured by its outcome class, carrying the value of the numeric column `value` (see
    /// [`Sweep::value_columns`]) if one is named. The grid's other axes must have a single
    /// value. Points that failed or are missing from `rows` are empty cells. Categories are
    /// listed in the scenario's outcome order, so maps of one scenario colour alike.
    pub fn region_map(
        &self,
        rows: &[Row],
        x: &str,
        y: &str,
        value: Option<&str>,
        title: &str,
    ) -> Result<RegionMap, SweepError> {
        let axes = self
            .plan()
            .grid_axes()
            .ok_or_else(|| SweepError::Plan("a map needs a grid plan, not a sample".into()))?;
        let find = |name: &str| {
            axes.iter()
                .position(|a| a.param == name)
                .ok_or_else(|| SweepError::Plan(format!("the grid does not vary `{name}`")))
        };
        let (ix, iy) = (find(x)?, find(y)?);
        if ix == iy {
            return Err(SweepError::Plan(
                "a map needs two different parameters".into(),
            ));
        }
        if let Some(a) = axes
            .iter()
            .enumerate()
            .find(|(j, a)| *j != ix && *j != iy && a.steps > 1)
        {
            return Err(SweepError::Plan(format!(
                "the grid also varies `{}`: fix it to one value for a map",
                a.1.param
            )));
        }
        let column = match value {
            Some(name) => Some(
                self.column(name)
                    .ok_or_else(|| SweepError::Plan(format!("no column `{name}` in this sweep")))?,
            ),
            None => None,
        };
        // Index strides: the first axis varies fastest.
        let stride = |j: usize| axes[..j].iter().map(|a| a.steps).product::<usize>();
        let (sx, sy) = (stride(ix), stride(iy));
        let by_index: HashMap<usize, &Row> = rows.iter().map(|r| (r.index, r)).collect();
        let cells = (0..axes[iy].steps)
            .map(|j| {
                (0..axes[ix].steps)
                    .map(|i| {
                        let row = by_index.get(&(i * sx + j * sy))?;
                        if row.outcome_class == ERROR_CLASS {
                            return None;
                        }
                        Some(MapCell {
                            category: row.outcome_class.clone(),
                            value: column.map(|c| row.values[c]).filter(|v| v.is_finite()),
                        })
                    })
                    .collect()
            })
            .collect();
        Ok(RegionMap {
            title: title.to_string(),
            x_name: x.to_string(),
            y_name: y.to_string(),
            x_values: axes[ix].values().iter().map(rational_to_f64).collect(),
            y_values: axes[iy].values().iter().map(rational_to_f64).collect(),
            cells,
            categories: self.outcomes().to_vec(),
            value_name: value.map(str::to_string),
            ..RegionMap::default()
        })
    }
}

impl Sweep {
    /// Where the outcome class changes along every row and column of this sweep's grid over
    /// `x` and `y`: between each pair of neighbouring points of `rows` whose classes differ,
    /// the change is bisected in exact rationals (as `thresholds` does, to 2^-24 of the grid
    /// step) and every change found there is returned, in the parameters' units. The map then
    /// draws its boundaries through these points ([`RegionMap::crossings`]).
    pub fn map_crossings(
        &self,
        rows: &[Row],
        x: &str,
        y: &str,
        control: &Control<'_>,
    ) -> Result<Vec<MapCrossing>, SweepError> {
        let axes = self
            .plan()
            .grid_axes()
            .ok_or_else(|| SweepError::Plan("a map needs a grid plan, not a sample".into()))?;
        let find = |name: &str| {
            axes.iter()
                .position(|a| a.param == name)
                .ok_or_else(|| SweepError::Plan(format!("the grid does not vary `{name}`")))
        };
        let (ix, iy) = (find(x)?, find(y)?);
        let stride = |j: usize| axes[..j].iter().map(|a| a.steps).product::<usize>();
        let (sx, sy) = (stride(ix), stride(iy));
        let by_index: HashMap<usize, &Row> = rows.iter().map(|r| (r.index, r)).collect();
        let (xv, yv) = (axes[ix].values(), axes[iy].values());
        let class = |i: usize, j: usize| -> Option<String> {
            let row = by_index.get(&(i * sx + j * sy))?;
            (row.outcome_class != ERROR_CLASS).then(|| row.outcome_class.clone())
        };
        let mut edges = Vec::new();
        for j in 0..yv.len() {
            for i in 0..xv.len() {
                let here = class(i, j);
                for (along_x, ni, nj) in [(true, i + 1, j), (false, i, j + 1)] {
                    if ni >= xv.len() || nj >= yv.len() {
                        continue;
                    }
                    let (Some(a), Some(b)) = (here.clone(), class(ni, nj)) else {
                        continue;
                    };
                    if a == b {
                        continue;
                    }
                    edges.push(if along_x {
                        Edge {
                            along_x,
                            fixed: yv[j].clone(),
                            from: (xv[i].clone(), a),
                            to: (xv[ni].clone(), b),
                        }
                    } else {
                        Edge {
                            along_x,
                            fixed: xv[i].clone(),
                            from: (yv[j].clone(), a),
                            to: (yv[nj].clone(), b),
                        }
                    });
                }
            }
        }
        let (slot_x, slot_y) = (self.slot(ix), self.slot(iy));
        let base = self.base();
        let compiled = self.compiled();
        let crossings = edges
            .par_iter()
            .flat_map_iter(|e| {
                let (moving, held) = if e.along_x {
                    (slot_x, slot_y)
                } else {
                    (slot_y, slot_x)
                };
                let category = |t: &Rational| -> String {
                    let mut values = base.to_vec();
                    values[moving] = t.clone();
                    values[held] = e.fixed.clone();
                    match analyze_compiled(compiled, &values) {
                        Ok(answer) => outcome_class(&answer),
                        Err(_) => ERROR_CLASS.into(),
                    }
                };
                let tolerance = (&e.to.0 - &e.from.0) / Rational::from_integer(BigInt::one() << 24);
                let (found, _) = refine_change(
                    if e.along_x { x } else { y },
                    e.from.clone(),
                    e.to.clone(),
                    (&e.from.0, &e.to.0),
                    &tolerance,
                    &category,
                    control,
                );
                let fixed = rational_to_f64(&e.fixed);
                found.into_iter().map(move |t| {
                    let at = rational_to_f64(&t.value);
                    if e.along_x {
                        MapCrossing {
                            x: at,
                            y: fixed,
                            along_x: true,
                        }
                    } else {
                        MapCrossing {
                            x: fixed,
                            y: at,
                            along_x: false,
                        }
                    }
                })
            })
            .collect();
        Ok(crossings)
    }
}
