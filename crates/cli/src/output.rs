//! Standard output, ended quietly when the reader goes away.
//!
//! Rust ignores `SIGPIPE`, so a write to a pipe whose reader has closed (`brink analyze … |
//! head -1`) returns `BrokenPipe`, and the standard `println!` panics on it. Every write of
//! this crate to standard output goes through [`write`] instead: the crate root defines
//! `print!` and `println!` in terms of it, shadowing the standard ones in every module, so no
//! command can forget. A closed pipe ends the process at once with status 0, as `head` and
//! friends expect of the program before them; any other write error is reported.
//!
//! An output file named `-` is standard output too ([`write_file`]).

use std::fmt;
use std::io::{self, Write};
use std::path::Path;

use miette::{miette, Report};

/// Writes `args` to standard output; see the module documentation for what happens when that
/// fails.
pub fn write(args: fmt::Arguments<'_>) {
    let mut out = io::stdout().lock();
    if let Err(e) = out.write_fmt(args) {
        failed(&e);
    }
}

/// Writes `bytes` to standard output and flushes it (for `-o -`).
pub fn write_bytes(bytes: &[u8]) {
    let mut out = io::stdout().lock();
    if let Err(e) = out.write_all(bytes).and_then(|()| out.flush()) {
        failed(&e);
    }
}

/// Ends the process after a failed write to standard output: quietly (status 0) when the
/// reader has closed the pipe, since nobody is left to read the rest, and with a message and
/// status 1 otherwise (a full disk, say).
fn failed(e: &io::Error) -> ! {
    if e.kind() == io::ErrorKind::BrokenPipe {
        std::process::exit(0);
    }
    eprintln!("error: cannot write to standard output: {e}");
    std::process::exit(1);
}

/// Whether an output path is `-`, which means standard output.
pub fn is_stdout(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// How messages name an output path: the path, or "standard output" for `-`.
pub fn name(path: &Path) -> String {
    if is_stdout(path) {
        "standard output".into()
    } else {
        path.display().to_string()
    }
}

/// Writes `bytes` to the file `path`, or to standard output if `path` is `-`.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<(), Report> {
    if is_stdout(path) {
        write_bytes(bytes);
        Ok(())
    } else {
        std::fs::write(path, bytes).map_err(|e| miette!("cannot write {}: {e}", path.display()))
    }
}
