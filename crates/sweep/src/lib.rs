//! Parameter sweeps of scenarios: plans, shards, parallel runs, resumable CSV results,
//! thresholds and deterrence-map data.
//!
//! - A [`Plan`] is a deterministic, indexable list of points: a full-factorial grid
//!   ([`GridAxis`], `p=a:b:n`), or a Monte Carlo or Latin hypercube sample ([`ParamRange`],
//!   [`Sampling`]) drawn from seeded ChaCha8 streams. Point `k` is computed from `k` alone.
//! - A [`Shard`] `k/N` takes the indices `≡ k - 1 (mod N)`.
//! - A [`Sweep`] compiles nothing per point: the scenario is compiled once, and each point is
//!   instantiated and solved with the scenario's exact sequential-equilibrium path
//!   ([`brink_scenario::analyze_compiled`]), in parallel on the current rayon pool, results
//!   in index order. [`Sweep::rows`] returns the [`Row`]s; [`Sweep::write_csv`] streams them
//!   to a CSV file, flushing after each batch, and resumes a partial file.
//!   [`merge_csv`] joins the shards' files.
//! - Every results file has its [`Settings`] beside it ([`settings_path`]): the scenario's
//!   fingerprint, the variant, the fixed parameters, the plan, the measures, the version and
//!   the shard. A resume under other settings is refused, naming the setting that differs;
//!   a merge refuses shards of different sweeps, and a missing or incomplete shard unless
//!   told the merge is partial.
//! - With the `parquet` feature, [`Sweep::write_parquet`] writes the same columns as a Parquet
//!   file. Parquet cannot be appended to, so the rows go first to a CSV journal beside it
//!   ([`journal_path`]), which stops and resumes exactly like a CSV file, and the Parquet file
//!   is written from it once the shard is complete. [`Sweep::write_results`] and [`merge`]
//!   choose the format by the file's extension ([`Format`]).
//! - [`thresholds`] finds where the outcome class changes along one parameter, exactly where
//!   the algebra allows; [`Sweep::region_map`] gives a deterrence map's data.
//! - [`check_claim_range`] judges a claim over one parameter on intervals with exact ends
//!   (breakpoints of each variant's equilibrium structure, merged), with shares of the range
//!   as ratios of lengths; it says what it may have missed ([`RangeVerdict::coverage`]).
//! - [`check_claim_robust`] judges a claim on a Latin-hypercube sample of the box of its
//!   scenario's parameter ranges, kept to the scenario's stated assumptions: the shares where
//!   it holds, fails and makes no difference with their sampling error, and the parameters
//!   that decide it most (a binned correlation ratio).
//!
//! **Invariant:** the rows, and the bytes of the CSV file, do not depend on the number of
//! threads, on sharding (shards merged by index give the unsharded file), on the batch size,
//! or on whether the run was stopped and resumed. Every point is a pure function of the plan
//! and its index, and output is always written in index order.
//!
//! **CSV columns:** `index`, the varied parameters (as decimals; the exact value is the
//! plan's point at that index), `P(outcome)` for each outcome, `P(node.move | type, after
//! ...)` for each move of each decision of the selected equilibrium, `E(player)` for each
//! player, `measure:M` for each extra measure, `max_regret` (measured again by
//! `brink_solve::verify`), `status` (`ok`, `incomplete`, `error`), `outcome_class` (the most
//! likely outcome), `equilibria` (how many the exact search found) and `message`. Numbers are
//! the shortest decimals that read back as the same doubles; a failed point leaves them empty.
#![deny(missing_docs)]

mod claim_range;
mod csv;
mod map;
#[cfg(feature = "parquet")]
mod parquet_sink;
mod plan;
mod robust;
mod run;
mod settings;
mod sink;
mod threshold;

pub use claim_range::{
    check_claim_lines, check_claim_range, check_claim_range_shared, Breakpoint, Endpoint,
    LineChange, LinesVerdict, Piece, RangeVerdict, SolveCache, Status, SCAN_LIMIT,
};
pub use csv::{merge_csv, MergeSummary, RunSummary};
pub use plan::{declared_ranges, GridAxis, ParamRange, Plan, Sampling, Shard, POINT_LIMIT};
pub use robust::{check_claim_robust, Held, RobustSolves, RobustVerdict, Sensitivity};
pub use run::{outcome_class, Control, PointStatus, Row, Sweep, ERROR_CLASS};
pub use settings::{settings_path, Settings};
pub use sink::{journal_path, merge, Format, PARQUET_SUPPORTED};
pub use threshold::{
    coverage, simplest_between, thresholds, Criterion, Threshold, ThresholdSearch,
};

/// What can go wrong in a sweep. A point that cannot be analysed is not an error: its row
/// says so.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SweepError {
    /// The plan does not fit the scenario, or a spec does not parse.
    #[error("{0}")]
    Plan(String),
    /// The scenario cannot be prepared for the sweep.
    #[error("the scenario: {0}")]
    Scenario(String),
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// A Parquet file cannot be written or read (or this build has no Parquet support).
    #[error("{path}: {reason}")]
    Parquet {
        /// The file.
        path: String,
        /// Why.
        reason: String,
    },
    /// An existing file cannot be resumed or merged.
    #[error("cannot use {path}: {reason}")]
    Resume {
        /// The file.
        path: String,
        /// Why.
        reason: String,
    },
}
