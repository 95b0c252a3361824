//! Deterrence-map data: a grid sweep over two parameters turned into a
//! [`brink_report::RegionMap`].

use std::collections::HashMap;

use brink_game::rational_to_f64;
use brink_report::{MapCell, RegionMap};

use crate::run::{Row, Sweep, ERROR_CLASS};
use crate::SweepError;

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
        })
    }
}
