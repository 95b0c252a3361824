//! Draws a Gambit `.efg` file as SVG: `draw_efg IN.efg OUT.svg [collapse_above]`.

use brink_report::{draw_tree, TreeDrawing};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        eprintln!("usage: draw_efg IN.efg OUT.svg [collapse_above]");
        std::process::exit(2);
    }
    let text = match std::fs::read_to_string(&args[1]) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("cannot read {}: {e}", args[1]);
            std::process::exit(1);
        }
    };
    let tree = match brink_formats::read_efg(&text) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{}: {e}", args[1]);
            std::process::exit(1);
        }
    };
    let mut options = TreeDrawing::default();
    if let Some(limit) = args.get(3).and_then(|a| a.parse().ok()) {
        options.collapse_above = limit;
    }
    if let Err(e) = std::fs::write(&args[2], draw_tree(&tree, &options)) {
        eprintln!("cannot write {}: {e}", args[2]);
        std::process::exit(1);
    }
}
