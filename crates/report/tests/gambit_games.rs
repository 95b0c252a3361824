//! Every tree of Gambit's example games, read in place from the shared folder, is drawn as
//! well-formed SVG of bounded size, deterministically.

use std::path::{Path, PathBuf};

use brink_report::{draw_tree, TreeDrawing};

fn efg_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.expect("a directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            efg_files(&path, out);
        } else if path.extension().is_some_and(|x| x == "efg") {
            out.push(path);
        }
    }
}

#[test]
fn every_gambit_example_tree_draws() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/gambit-games");
    assert!(
        root.is_dir(),
        "the shared Gambit games are missing at {}",
        root.display()
    );
    let mut files = Vec::new();
    efg_files(&root, &mut files);
    assert!(
        files.len() >= 50,
        "only {} .efg files found under {}",
        files.len(),
        root.display()
    );
    let mut drawn = 0;
    for path in &files {
        let text = std::fs::read_to_string(path).expect("readable");
        // Files the reader refuses are the reader's business; this test is about drawing.
        let Ok(tree) = brink_formats::read_efg(&text) else {
            continue;
        };
        let svg = draw_tree(&tree, &TreeDrawing::default());
        let doc = roxmltree::Document::parse(&svg)
            .unwrap_or_else(|e| panic!("{}: not well-formed XML: {e}", path.display()));
        // Every drawn node is one circle, diamond or square; collapsing keeps them near the
        // budget (an elision line per wide node comes on top).
        let markers = doc
            .descendants()
            .filter(|n| {
                n.has_tag_name("circle") || n.has_tag_name("rect") || n.has_tag_name("path")
            })
            .count();
        assert!(
            markers < 4 * 400 + 100,
            "{}: {markers} shapes",
            path.display()
        );
        assert!(
            svg.len() < 400_000,
            "{}: {} bytes",
            path.display(),
            svg.len()
        );
        let collapsed = svg.contains("Collapsed for readability");
        assert_eq!(collapsed, tree.nodes.len() > 400, "{}", path.display());
        assert_eq!(svg, draw_tree(&tree, &TreeDrawing::default()));
        drawn += 1;
    }
    assert!(
        drawn * 10 >= files.len() * 9,
        "only {drawn} of {} files were read",
        files.len()
    );
}
