//! Bad input never panics: random edits of a valid scenario either load (and then compile and
//! analyse, or fail with diagnostics) or fail with diagnostics.
use proptest::prelude::*;

const BASE: &str = include_str!("data/worked_example.toml");

fn run(text: &str) {
    if let Ok(s) = brink_scenario::parse_str("fuzz.toml", text) {
        let mut names = vec![None];
        names.extend(s.variants.iter().map(|v| Some(v.name.clone())));
        for v in names {
            let _ = brink_scenario::analyze(&s, v.as_deref(), &[]);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn random_edits_never_panic(edits in proptest::collection::vec((0usize..2000, 0usize..8, "[a-z_={}\\[\\]\"0-9. ,+*/()-]{0,6}"), 1..4)) {
        let mut text = BASE.to_string();
        for (at, remove, insert) in edits {
            let mut at = at % (text.len() + 1);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            let mut end = (at + remove).min(text.len());
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            text.replace_range(at..end, &insert);
        }
        run(&text);
    }
}

#[test]
fn pathological_inputs_are_refused_without_panicking() {
    let deep = format!("[players.a]\n[players.b]\n[nodes.start]\nplayer = \"a\"\nmoves = {{ go = \"end\" }}\n[outcomes]\nend = {{ a = \"{}1{}\", b = 0 }}\n", "(".repeat(500), ")".repeat(500));
    let err = brink_scenario::parse_str("deep.toml", &deep).unwrap_err();
    assert_eq!(err[0].code, "S030");
    // A chain longer than the compiler follows.
    let mut long = String::from("[players.a]\n[players.b]\n[outcomes]\nend = { a = 0, b = 0 }\n");
    for i in 0..500 {
        long.push_str(&format!(
            "[nodes.n{i}]\nplayer = \"a\"\nmoves = {{ go = \"n{}\", stop = \"end\" }}\n",
            i + 1
        ));
    }
    long.push_str("[nodes.n500]\nplayer = \"b\"\nmoves = { stop = \"end\" }\n");
    let s = brink_scenario::parse_str(
        "long.toml",
        &long
            .replace("[nodes.n0]", "[nodes.start]")
            .replace("\"n0\"", "\"start\""),
    )
    .unwrap();
    let err = s.compile(None).unwrap_err();
    assert_eq!(err.code, "S060");
}
