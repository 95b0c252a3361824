//! Benchmark for BENCHMARKS.md: a 10,000-point sweep of the Latvia scenario (a 100 x 100 grid
//! over the prior of resolve and the stake), compiled once, every point solved exactly.
//!
//! `cargo run --release -p brink-sweep --example sweep_bench -- [scenarios/latvia.toml] [threads] [side]`
//!
//! Prints the points per second and the cost per point, on the given number of threads
//! (default: rayon's choice) and with one thread, and writes nothing to disk except a CSV in
//! the system's temporary directory (so the sink's cost is included).
use std::sync::Arc;
use std::time::Instant;

use brink_sweep::{Control, GridAxis, Plan, Shard, Sweep};

fn run(sweep: &Sweep, threads: usize, file: &std::path::Path) -> f64 {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("a thread pool");
    let start = Instant::now();
    let summary = pool
        .install(|| sweep.write_csv(file, Shard::ALL, false, &Control::default()))
        .expect("the sweep runs");
    let secs = start.elapsed().as_secs_f64();
    let n = summary.written as f64;
    println!(
        "{threads} thread(s): {} points in {secs:.3} s = {:.0} points/s, {:.1} us per point (wall), {} failed",
        summary.written,
        n / secs,
        secs / n * 1e6,
        summary.failed
    );
    secs
}

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .unwrap_or_else(|| "scenarios/latvia.toml".into());
    let threads: usize = args
        .next()
        .and_then(|t| t.parse().ok())
        .unwrap_or_else(rayon::current_num_threads);
    let side: usize = args.next().and_then(|t| t.parse().ok()).unwrap_or(100);
    let start = Instant::now();
    let scenario = brink_scenario::load(&path).unwrap_or_else(|d| panic!("{}", d[0]));
    let compiled = Arc::new(scenario.compile(None).expect("the base scenario compiles"));
    let compile = start.elapsed();
    let plan = Plan::grid(vec![
        GridAxis::parse(&format!("p_resolute=0:1:{side}")).expect("an axis"),
        GridAxis::parse(&format!("stake=0:20:{side}")).expect("an axis"),
    ])
    .expect("a grid");
    let sweep = Sweep::new(compiled, plan).expect("the sweep fits the scenario");
    println!(
        "{path}: {} nodes, load + compile {:.3?} (once), {} points",
        sweep.compiled().structure().nodes.len(),
        compile,
        sweep.plan().len()
    );
    let file = std::env::temp_dir().join(format!("brink-sweep-bench-{}.csv", std::process::id()));
    run(&sweep, threads, &file);
    if threads != 1 {
        run(&sweep, 1, &file);
    }
    let _ = std::fs::remove_file(&file);
}
