//! Timings for BENCHMARKS.md: compile + solve of every built-in scenario and variant, and the
//! compile time of a generated scenario with more than 100,000 nodes.
//!
//! `cargo run --release -p brink-scenario --example bench -- scenarios/`
use std::time::Instant;

fn generated(depth: usize) -> String {
    // Two players alternate for `depth` stages; both moves lead to the next stage, so the
    // tree doubles at every stage. The second player has two private types.
    let mut s = String::from("title = \"Generated\"\n[params]\nq = { value = 0.3, range = [0, 1] }\n[players.a]\n[players.b]\ntypes = { hi = \"q\", lo = \"1 - q\" }\n[outcomes]\n");
    s.push_str("left = { a = \"q\", b = { hi = 1, lo = 2 } }\nright = { a = \"1 - q\", b = 0 }\n");
    for k in 0..depth {
        let name = if k == 0 {
            "start".to_string()
        } else {
            format!("s{k}")
        };
        let next = if k + 1 == depth {
            ("left".to_string(), "right".to_string())
        } else {
            (format!("s{}", k + 1), format!("s{}", k + 1))
        };
        let player = if k % 2 == 0 { "a" } else { "b" };
        s.push_str(&format!(
            "[nodes.{name}]\nplayer = \"{player}\"\nmoves = {{ x = \"{}\", y = \"{}\" }}\n",
            next.0, next.1
        ));
    }
    s
}

fn main() {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "scenarios".into());
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("a scenarios folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension().is_some_and(|e| e == "toml")
                && p.file_name().is_some_and(|n| n != "claims.toml")
        })
        .collect();
    files.sort();
    for file in files {
        let scenario = match brink_scenario::load(&file) {
            Ok(s) => s,
            Err(d) => {
                eprintln!("{}: {}", file.display(), d[0]);
                continue;
            }
        };
        let mut names = vec![None];
        names.extend(scenario.variants.iter().map(|v| Some(v.name.clone())));
        for v in names {
            let start = Instant::now();
            let runs = 20;
            let mut nodes = 0;
            for _ in 0..runs {
                let c = scenario.compile(v.as_deref()).expect("compiles");
                nodes = c.structure().nodes.len();
                let _ = brink_scenario::analyze(&scenario, v.as_deref(), &[]).expect("solves");
            }
            let per = start.elapsed() / runs;
            println!(
                "{:<28} {:<28} {:>6} nodes  compile+solve {:>10.3?}",
                file.file_name().unwrap().to_string_lossy(),
                v.as_deref().unwrap_or("base"),
                nodes,
                per
            );
        }
    }
    let text = generated(17);
    let s =
        brink_scenario::parse_str("generated.toml", &text).expect("the generated scenario loads");
    let start = Instant::now();
    let c = s.compile(None).expect("compiles");
    let compiled = start.elapsed();
    let values = c.param_values(&[]).expect("defaults");
    let start = Instant::now();
    let tree = c.instantiate(&values).expect("instantiates");
    let instantiated = start.elapsed();
    let start = Instant::now();
    let _ = c.evaluate_f64(&[0.3]);
    let fast = start.elapsed();
    println!("generated: {} nodes, {} information sets: compile {compiled:.3?}, exact instantiate {instantiated:.3?}, f64 evaluation {fast:.3?}", tree.nodes.len(), tree.infosets.len());
}
