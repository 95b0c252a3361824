//! Prints the answer for a scenario file: `cargo run --example analyze -- FILE [VARIANT] [name=value ...]`.
fn main() {
    let mut args = std::env::args().skip(1);
    let Some(file) = args.next() else {
        eprintln!("usage: analyze FILE [VARIANT|base] [name=value ...]");
        std::process::exit(2);
    };
    let variant = args.next();
    let overrides: Vec<(String, String)> = args
        .filter_map(|a| {
            a.split_once('=')
                .map(|(n, v)| (n.to_string(), v.to_string()))
        })
        .collect();
    let scenario = match brink_scenario::load(&file) {
        Ok(s) => s,
        Err(diagnostics) => {
            for d in diagnostics {
                eprintln!("{d}");
            }
            std::process::exit(1);
        }
    };
    match brink_scenario::analyze(&scenario, variant.as_deref(), &overrides) {
        Ok(answer) => print!("{answer}"),
        Err(diagnostics) => {
            for d in diagnostics {
                eprintln!("{d}");
            }
            std::process::exit(1);
        }
    }
}
