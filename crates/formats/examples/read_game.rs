//! Reads a `.efg` or `.nfg` file and says what it holds and how long reading took.
//!
//! ```text
//! cargo run --release -p brink-formats --example read_game -- game.efg
//! ```

use std::time::Instant;

use brink_formats::read_file;
use brink_game::Game;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: read_game FILE");
        std::process::exit(2);
    };
    let start = Instant::now();
    let game = match read_file(&path) {
        Ok(game) => game,
        Err(e) => {
            eprintln!("{e}");
            if let Some(parse) = e.parse_error() {
                eprintln!("hint: {}", parse.hint());
            }
            std::process::exit(1);
        }
    };
    let elapsed = start.elapsed();
    match &game {
        Game::Tree(t) => println!(
            "tree: {} players, {} nodes, {} information sets, {} outcomes",
            t.players.len(),
            t.nodes.len(),
            t.infosets.len(),
            t.outcomes.len()
        ),
        Game::Table(t) => println!(
            "table: {} players, strategies {:?}",
            t.players.len(),
            t.shape()
        ),
    }
    println!("read in {:.3} s", elapsed.as_secs_f64());
}
