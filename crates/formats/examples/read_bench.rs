//! Times reading and writing one game file in memory, for `bench/formats.py`.
//!
//! ```text
//! cargo run --release -p brink-formats --example read_bench -- game.efg
//! ```
//!
//! Prints `{"read_seconds": r, "write_seconds": w}`: the best time per call over three rounds,
//! each round repeating the call for at least 0.3 s, from text already in memory (as the
//! benchmark does for pygambit).

use std::time::Instant;

use brink_formats::{read_game, write_game};

fn best_time(mut f: impl FnMut()) -> f64 {
    let mut best = f64::INFINITY;
    for _ in 0..3 {
        let start = Instant::now();
        let mut n = 0u32;
        loop {
            f();
            n += 1;
            let elapsed = start.elapsed().as_secs_f64();
            if elapsed >= 0.3 || n >= 100_000 {
                best = best.min(elapsed / f64::from(n));
                break;
            }
        }
    }
    best
}

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: read_bench FILE");
        std::process::exit(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("cannot read {path}: {e}");
            std::process::exit(1);
        }
    };
    let game = match read_game(&text) {
        Ok(g) => g,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    };
    let read = best_time(|| {
        std::hint::black_box(read_game(std::hint::black_box(&text)).is_ok());
    });
    let write = best_time(|| {
        std::hint::black_box(write_game(std::hint::black_box(&game)).len());
    });
    println!("{{\"read_seconds\": {read:e}, \"write_seconds\": {write:e}}}");
}
