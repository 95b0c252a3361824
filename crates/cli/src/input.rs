//! Reading inputs, with errors rendered against the source text.

use std::path::Path;

use brink_game::Game;
use miette::{miette, LabeledSpan, NamedSource, Report};

/// Reads a Gambit game file; a parse error is shown with the offending line underlined.
pub fn read_game(path: &Path) -> Result<Game, Report> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| miette!("cannot read {}: {e}", path.display()))?;
    brink_formats::read_game(&text).map_err(|e| {
        let (offset, len) = e.span();
        let mut labels = vec![LabeledSpan::at(offset..offset + len, "here")];
        if let Some((offset, len)) = e.earlier_span() {
            labels.push(LabeledSpan::at(offset..offset + len, "first defined here"));
        }
        let report = miette!(
            labels = labels,
            help = e.hint().to_string(),
            "{}:{}:{}: {}",
            path.display(),
            e.line(),
            e.column(),
            e.message()
        );
        report.with_source_code(NamedSource::new(path.display().to_string(), text))
    })
}
