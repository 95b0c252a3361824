//! The stable codes of scenario diagnostics, each with the page `brink explain CODE` prints.
//!
//! This table is the one place a code is defined: a diagnostic's code is a literal such as
//! `"S013"` where it is raised, and the test at the bottom of this file reads the crate's
//! sources and fails if any code there has no page here, or any page no code there. So a code
//! cannot be added without its page, nor a page outlive its code.

/// One code's page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CodePage {
    /// The code, e.g. `S013`.
    pub code: &'static str,
    /// What the code is about, in a few words.
    pub title: &'static str,
    /// What it means, its usual causes and how to mend it (plain text, lines of at most 92
    /// characters).
    pub text: &'static str,
}

/// Every code, in order.
pub const CODES: &[CodePage] = &[
    CodePage {
        code: "S001",
        title: "a file cannot be read",
        text: "\
The scenario or claims file named on the command line (or by a claim's `scenario = ...`)
cannot be opened: it does not exist, is a directory, or may not be read. The message ends
with the system's reason.

Mend: check the path (it is relative to the directory you run `brink` in; a claim's
`scenario` is relative to the claims file) and the file's permissions.",
    },
    CodePage {
        code: "S002",
        title: "TOML syntax error",
        text: "\
The file is not valid TOML, so nothing in it can be read. Common causes: a string without
its closing quote, `=` missing between a key and its value, a table header such as
`[nodes.start` without its `]`, or the same key written twice in one table.

Mend: fix the place underlined; https://toml.io describes the syntax. A Gambit game
(.efg/.nfg) is not a scenario: give it to `brink solve` instead.",
    },
    CodePage {
        code: "S003",
        title: "a value of the wrong kind",
        text: "\
A key has a value of a kind it cannot take: a table where a string is needed, a string where
a number or formula is needed, a `remove` that is not a list of move names, a `hidden` that
is not true, false or a list of players, `claims` that are not an array of tables
(`[[claims]]`), an `extends` that is not a file name, or a number that is not finite.

Mend: write the value in the form the message names, e.g.
  moves = { invade = \"nato_reply\", hold = \"status_quo\" }
  p_resolute = { value = 0.6, range = [0, 1] }",
    },
    CodePage {
        code: "S004",
        title: "an unknown key",
        text: "\
A table has a key the language does not know, often a misspelling (`move` for `moves`,
`prob` for `chance`) or a key in the wrong table.

Mend: rename or remove it. The keys of each table are listed in `scenarios/README.md` and
the documentation of the scenario language.",
    },
    CodePage {
        code: "S005",
        title: "something required is missing",
        text: "\
A part every scenario needs is absent: a parameter written as a table without its `value`,
or a scenario without any [players].

Mend: add it, e.g.
  [params]
  stake = { value = 3, about = \"What taking the territory is worth\" }
  [players.russia]
  name = \"Russia\"",
    },
    CodePage {
        code: "S006",
        title: "a scenario this one extends cannot be used",
        text: "\
The file named by `extends = \"...\"` cannot be read, or the chain of `extends` comes back
to a file already in it (a extends b, b extends a).

Mend: correct the path (relative to the file that says `extends`), or break the cycle: a
scenario extends at most a chain of others, never itself.",
    },
    CodePage {
        code: "S010",
        title: "a parameter is declared wrongly",
        text: "\
A parameter under [params] has a name that cannot be used in formulas (it must start with a
letter, hold only letters, digits and `_`, and not be a keyword such as `and`, `if`, `min`
or `true`), a value that is neither a number nor a boolean, a `range` that is not two
numbers [low, high] with low <= high, or a value outside its own range.

Mend: rename it, or fix the value or the range so that low <= value <= high.",
    },
    CodePage {
        code: "S011",
        title: "a name is used twice",
        text: "\
Two things share a name that must be unique: a node and an outcome with the same name (a
move could not say which it leads to), a parameter declared twice, or a variant named
`base`, which is the name of the scenario without a variant.

Mend: rename one of them.",
    },
    CodePage {
        code: "S012",
        title: "an unknown player",
        text: "\
A node's `player` or a `hidden` list names a player that is not declared under [players].

Mend: fix the spelling (players are named by their key, `[players.russia]` is `russia`), or
declare the player.",
    },
    CodePage {
        code: "S013",
        title: "a move leads nowhere",
        text: "\
A move leads to a name that is neither a node nor an outcome, so the tree has a loose end.

Mend: fix the name, or add the node ([nodes.NAME]) or the outcome (NAME = { ... } under
[outcomes]) it should lead to. The hint lists the names there are.",
    },
    CodePage {
        code: "S014",
        title: "the scenario has a cycle",
        text: "\
Following moves from some node leads back to it. A scenario is a finite tree: play cannot
return to a node it has passed.

Mend: to repeat a stage, write it again under a new name (`round2_reply` after
`round1_reply`), or end the repetition in an outcome.",
    },
    CodePage {
        code: "S015",
        title: "a node cannot be reached",
        text: "\
No sequence of moves from the root leads to this node, so it can never be played. Often a
move points at the wrong name, or the root is not the node meant (the root is the node
named by `root`, else the one named `start`, else the first node).

Mend: point a move at the node, or remove it.",
    },
    CodePage {
        code: "S016",
        title: "a node is neither a decision nor a chance event",
        text: "\
Every node is either a player's decision (`player = \"...\"`) or a chance event
(`chance = { ... }`), never both and never neither, and it has moves: this one has both,
neither, no `moves`, or no moves left after a variant's `remove`.

Mend: keep exactly one of `player` and `chance`, and give `moves = { move = \"next node or
outcome\", ... }` with at least one move.",
    },
    CodePage {
        code: "S017",
        title: "a move to force or remove does not exist",
        text: "\
A variant's `forced = \"...\"` or `remove = [...]` names a move the node does not have, or
forces a move at a chance node (chance cannot be committed).

Mend: use one of the node's moves (the hint lists them); to change a chance event, give new
probabilities in `chance` instead.",
    },
    CodePage {
        code: "S018",
        title: "chance probabilities and moves do not match",
        text: "\
A chance node must give exactly one probability for each of its moves: this one gives none
for some move, or gives one for a name that is not a move.

Mend: give `chance` and `moves` the same names, e.g.
  chance = { win = \"p_win\", lose = \"1 - p_win\" }
  moves = { win = \"victory\", lose = \"defeat\" }",
    },
    CodePage {
        code: "S019",
        title: "no nodes, or a root that is not a node",
        text: "\
The scenario has no [nodes], or `root = \"...\"` names something that is not a node.

Mend: add at least one decision node, or set `root` to one of the [nodes] (by default the
node named `start`, else the first one, is the root).",
    },
    CodePage {
        code: "S020",
        title: "a player has a single type",
        text: "\
A player's `types` lists one type only. Private information needs at least two
possibilities for the others to be unsure about.

Mend: add the other type(s) with priors adding up to 1, e.g.
  types = { resolute = \"p_resolute\", irresolute = \"1 - p_resolute\" }
or remove `types` for a player without private information.",
    },
    CodePage {
        code: "S021",
        title: "a probability out of range, or not adding up to 1",
        text: "\
A chance probability or a type's prior is below 0 or above 1 at some parameter values (the
defaults, a variant's values, the values of a `--set`, or a point of a sweep), or the
probabilities of one chance node or one player's types do not add up to 1.

Mend: write the last probability as one minus the others (\"1 - p\"), and keep each
parameter's `range` within the values for which its formulas are probabilities.",
    },
    CodePage {
        code: "S022",
        title: "a formula cannot be evaluated",
        text: "\
A formula has no value at some parameter values, usually a division by zero (`1 / (q - 3)`
at q = 3).

Mend: change the formula, or the parameter's default or range, so that it never divides by
zero where it is used.",
    },
    CodePage {
        code: "S023",
        title: "an outcome without a payoff for a player",
        text: "\
Every outcome gives every player a payoff; this one leaves a player out.

Mend: add the player's payoff to the outcome (0 if the outcome means nothing to it), e.g.
  status_quo = { russia = 0, nato = 0 }",
    },
    CodePage {
        code: "S024",
        title: "a payoff to someone who is not a player",
        text: "\
An outcome gives a payoff to a name that is not declared under [players].

Mend: fix the name (players are named by their key), or declare the player.",
    },
    CodePage {
        code: "S025",
        title: "payoff cases by type do not fit the types",
        text: "\
A payoff written as cases by type (`nato = { resolute = \"...\", irresolute = \"...\" }`)
names something that is not a type, a type two players share without saying whose
(`nato.resolute`), types of two players in one table, an empty table, or leaves a type
without a case.

Mend: give one case for each type of one player; to depend on two players' types, nest the
cases: `{ resolute = { hawk = \"...\", dove = \"...\" }, irresolute = { ... } }`.",
    },
    CodePage {
        code: "S027",
        title: "an information set that cannot be",
        text: "\
Nodes that share an `info` name are nodes the mover cannot tell apart, so they must have the
same player, the same moves and the same forcing; these differ, or one of them is a chance
node (chance has no information).

Mend: give the nodes the same player and moves, or different `info` names.",
    },
    CodePage {
        code: "S028",
        title: "the scenario's own values break a stated assumption",
        text: "\
A warning. The scenario states an assumption (`assume = [\"war_cost_resolute < abandon\"]`)
that its default parameter values do not satisfy. (One that cannot be evaluated there, a
division by zero, is the error S022.) The scenario still loads and solves: assumptions only
restrict the points
that `brink claims --robust` samples. But a scenario whose defaults contradict its own
assumptions says two different things about the world.

Mend: change the default values, or the assumption, so that they agree.",
    },
    CodePage {
        code: "S030",
        title: "formula syntax error",
        text: "\
A formula cannot be read: an unexpected character, an operator without its operand, an
unclosed parenthesis, or nesting or chains of operators too deep to evaluate safely.

Mend: formulas use numbers, parameter names, + - * / ^, comparisons, and/or/not, min, max,
abs and `if c then a else b`, e.g. \"-war_cost / 2\" or \"if tripwire then 10 else 0\".",
    },
    CodePage {
        code: "S031",
        title: "a formula names an unknown parameter",
        text: "\
A formula uses a name that is not declared under [params] (in the base scenario or the
variant).

Mend: declare the parameter, or fix the spelling; the hint suggests a close name if there
is one.",
    },
    CodePage {
        code: "S032",
        title: "a boolean where a number is needed, or the reverse",
        text: "\
A formula or value has the wrong type: a number where a condition is needed (`if stake then
...`), a condition where a number is needed (a payoff of `p > 0.5`), or a boolean parameter
set to a number.

Mend: compare numbers to get a condition (`stake > 0`), and use `if c then a else b` to
turn a condition into a number.",
    },
    CodePage {
        code: "S040",
        title: "an unknown variant",
        text: "\
A `--variant` on the command line, or a claim's `compare`, names a variant the scenario does
not have. `base` is always the scenario without a variant.

Mend: use one of the variants listed (`brink analyze FILE --list` shows them all with what
they change); the hint suggests a close name if there is one.",
    },
    CodePage {
        code: "S041",
        title: "a parameter value cannot be used",
        text: "\
A `--set NAME=VALUE` names no parameter of the scenario, gives a value that is not a number
(or true/false for a boolean parameter), or a value outside the parameter's declared range;
or a claim's `over` names a parameter the scenario does not have.

Mend: use a parameter of the scenario (`brink analyze FILE --list`), a number such as 0.3 or
1/3, within the range; widen the `range` in the scenario if the value is meant.",
    },
    CodePage {
        code: "S050",
        title: "a claim is incomplete",
        text: "\
A claim lacks something it needs: one of `says`, `compare`, `measure` and `expect`; the
scenario it is about (`scenario = \"latvia.toml\"` in a claims file); a `compare` of two
variants; or its scenario does not load.

Mend: complete the claim, e.g.
  [[claims]]
  says = \"Tripwire troops deter invasion\"
  compare = [\"tripwire\", \"base\"]
  measure = \"P(start.invade)\"
  expect = \"lower\"
  over = { p_resolute = [0, 1] }",
    },
    CodePage {
        code: "S051",
        title: "a claim's measure, expectation or range cannot be used",
        text: "\
A claim's `measure` is not `P(outcome)`, `P(node.move)`, `E(player)` or
`P(event | player = type)`, or names nothing in the scenario; its `expect` is not `lower` or
`higher`; or a range in `over` is not two numbers [low, high] in order, has one value only,
or is over a boolean parameter.

Mend: fix the part underlined; to compare a boolean assumption, write a variant that sets
it and compare that variant with `base`.",
    },
    CodePage {
        code: "S052",
        title: "a claim's grid is too large",
        text: "\
A claim over several parameters is judged on a grid, and this one would have too many
points to solve.

Mend: use fewer points per parameter (`brink claims --points`) or fewer parameters in
`over`.",
    },
    CodePage {
        code: "S060",
        title: "the compiled game is too large",
        text: "\
Compiling the scenario would make a game tree beyond the compiler's limits: more nodes than
it builds, or a path longer than it follows. Private types multiply the tree (each
combination of types is a copy), and a node reached along many paths is copied once per
path.

Mend: merge stages, use fewer types or fewer rounds.",
    },
    CodePage {
        code: "S061",
        title: "the compiled game cannot be solved",
        text: "\
The compiled game is not one the sequential-equilibrium solver accepts, for instance
because it lacks perfect recall (a player forgets what it knew or did, usually through
`hidden` or `info` settings that hide a player's own earlier move or knowledge).

Mend: check the `hidden` and `info` settings; `brink convert FILE game.efg` writes the game
for `brink solve` and Gambit.",
    },
    CodePage {
        code: "S062",
        title: "no sequential equilibrium could be verified",
        text: "\
The solver found no equilibrium it could verify exactly within its limits; the message says
what was left undecided.

Mend: export the game with `brink convert FILE game.efg` and try `brink solve game.efg`
with another method (`--method logit`, `--method lcp` for two players), or make the
scenario smaller.",
    },
    CodePage {
        code: "S070",
        title: "a parameter is never used (warning)",
        text: "\
A parameter is declared but no payoff, prior or probability reads it, in the base scenario
or any variant, so changing it changes nothing. Often a formula misspells it or uses a
literal number instead.

Mend: use it in a formula, or remove it. This is a warning: the scenario still runs.",
    },
];

/// The page of `code` (`S013`; case does not matter), if there is one.
pub fn code_page(code: &str) -> Option<&'static CodePage> {
    CODES
        .iter()
        .find(|p| p.code.eq_ignore_ascii_case(code.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// The `"S…"` codes written as string literals in the crate's sources, this file aside.
    fn codes_in_sources() -> BTreeSet<String> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut found = BTreeSet::new();
        let mut stack = vec![dir];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).expect("the crate's sources") {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "rs")
                    && path.file_name().is_some_and(|n| n != "codes.rs")
                {
                    let text = std::fs::read_to_string(&path).unwrap();
                    found.extend(literal_codes(&text));
                }
            }
        }
        found
    }

    /// `"S` followed by three digits and `"`, as a code is written where it is raised.
    fn literal_codes(text: &str) -> Vec<String> {
        let bytes = text.as_bytes();
        (0..bytes.len().saturating_sub(5))
            .filter(|&i| {
                bytes[i] == b'"'
                    && bytes[i + 1] == b'S'
                    && bytes[i + 2..i + 5].iter().all(u8::is_ascii_digit)
                    && bytes[i + 5] == b'"'
            })
            .map(|i| text[i + 1..i + 5].to_string())
            .collect()
    }

    #[test]
    fn every_code_raised_has_a_page_and_every_page_a_code() {
        let raised = codes_in_sources();
        assert!(raised.len() > 30, "the sources were read: {raised:?}");
        let pages: BTreeSet<String> = CODES.iter().map(|p| p.code.to_string()).collect();
        let without_page: Vec<&String> = raised.difference(&pages).collect();
        assert!(
            without_page.is_empty(),
            "codes without a page in codes.rs: {without_page:?}"
        );
        let without_code: Vec<&String> = pages.difference(&raised).collect();
        assert!(
            without_code.is_empty(),
            "pages of codes nothing raises: {without_code:?}"
        );
    }

    #[test]
    fn pages_are_in_order_and_say_how_to_mend() {
        assert!(CODES.windows(2).all(|w| w[0].code < w[1].code));
        for page in CODES {
            assert!(!page.title.is_empty(), "{}", page.code);
            assert!(
                page.text.contains("Mend:"),
                "{} says how to mend",
                page.code
            );
            for line in page.text.lines() {
                assert!(line.chars().count() <= 92, "{}: {line}", page.code);
            }
        }
        assert_eq!(code_page("s013").map(|p| p.code), Some("S013"));
        assert_eq!(code_page("S0130"), None);
    }
}
