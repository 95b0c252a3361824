//! Ctrl-C for the long commands (`map`, `claims`, `report`): a stop flag for
//! [`brink_sweep::Control`], and the error that ends a stopped run with exit code 130.
//!
//! The runs check the flag between points, so a stop finishes the points under way and then
//! returns; the command says what was finished and writes nothing half-done.

use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// The exit code of a run stopped by Ctrl-C: 128 + SIGINT, as shells report it.
pub const STOPPED_EXIT: u8 = 130;

/// Installs a Ctrl-C handler that raises the returned flag; a second Ctrl-C ends the process
/// at once (exit code 130).
pub fn stop_on_ctrl_c() -> Arc<AtomicBool> {
    let stop = Arc::new(AtomicBool::new(false));
    let flag = stop.clone();
    // If a handler cannot be installed the run simply cannot be interrupted cleanly; it
    // still works, so this is not an error.
    let _ = ctrlc::set_handler(move || {
        if flag.swap(true, Ordering::SeqCst) {
            std::process::exit(i32::from(STOPPED_EXIT));
        }
        eprintln!("\nstopping: finishing the points under way (Ctrl-C again to quit at once)");
    });
    stop
}

/// Whether `stop` (if any) has been raised.
pub fn raised(stop: &Option<Arc<AtomicBool>>) -> bool {
    stop.as_ref().is_some_and(|s| s.load(Ordering::Relaxed))
}

/// A run stopped on request. `main` prints it like any error but exits with
/// [`STOPPED_EXIT`], so scripts can tell an interruption from a failure.
#[derive(Debug)]
pub struct Stopped {
    /// What was finished and what was (not) written.
    pub message: String,
    /// How to get the rest, if there is a way.
    pub help: Option<String>,
}

impl Stopped {
    /// A stop with `message`, as a report for `main`.
    pub fn report(message: impl Into<String>, help: Option<String>) -> miette::Report {
        miette::Report::new(Stopped {
            message: message.into(),
            help,
        })
    }
}

impl fmt::Display for Stopped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "stopped: {}", self.message)
    }
}

impl std::error::Error for Stopped {}

impl miette::Diagnostic for Stopped {
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display + 'a>)
    }
}
