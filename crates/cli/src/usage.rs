//! Mistakes on the command line, which end the run with exit code 2 as clap's own do.

use std::fmt;

/// The exit code of a usage error: what clap uses for its own, and what scripts expect.
pub const USAGE_EXIT: u8 = 2;

/// A command line that cannot be run as given: a bad combination of flags, or a flag's value
/// that names nothing in the input (an unknown variant, parameter, measure or method).
#[derive(Debug)]
pub struct Usage {
    /// What is wrong.
    pub message: String,
    /// How to mend it.
    pub help: Option<String>,
    /// The stable code of the diagnostic it came from, if any (`S040`), for `brink explain`.
    pub code: Option<&'static str>,
}

/// A usage error with `message` and `help`, as a report for `main`.
pub fn usage(message: impl Into<String>, help: Option<String>) -> miette::Report {
    miette::Report::new(Usage {
        message: message.into(),
        help,
        code: None,
    })
}

/// A usage error that a scenario diagnostic found, keeping its code.
pub fn usage_with_code(
    message: impl Into<String>,
    help: Option<String>,
    code: &'static str,
) -> miette::Report {
    miette::Report::new(Usage {
        message: message.into(),
        help,
        code: Some(code),
    })
}

impl fmt::Display for Usage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Usage {}

impl miette::Diagnostic for Usage {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.code.map(|c| Box::new(c) as Box<dyn fmt::Display + 'a>)
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display + 'a>)
    }
}
