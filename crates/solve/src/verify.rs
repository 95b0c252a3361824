//! Verification of candidate profiles: payoffs, regret, beliefs.

use brink_game::Game;

use crate::{Candidates, Config, SolveError, Solution};

/// Verifies every candidate and returns the solution with the ones that pass.
pub(crate) fn finish(_game: &Game, config: &Config, _c: Candidates) -> Result<Solution, SolveError> {
    Err(SolveError::NotApplicable {
        method: config.method.name(),
        reason: "verification is not built yet".into(),
    })
}
