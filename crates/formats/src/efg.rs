//! The `.efg` format: reading and writing extensive-form games.

use std::collections::HashMap;

use brink_game::{
    Infoset, InfosetId, Node, NodeId, NodeKind, Outcome, OutcomeId, Player, Rational, Tree,
};
use num_traits::{One, Signed, Zero};

use crate::error::{ErrorKind, ParseError};
use crate::lexer::{Kind, Lexer, Token};
use crate::number::write_rational;
use crate::write::{push_quoted, NumberPlan};

const NODE_HINT: &str = "each node starts with `c` (chance), `p` (personal) or `t` (terminal)";

/// Maps the numbers a file gives information sets or outcomes to their indices. Numbers are
/// usually small and dense (1, 2, 3, ...), so they go into a vector; any number too large for
/// that goes into a hash map, so a file cannot make the reader allocate more than its own size.
pub(crate) struct NumberMap {
    dense: Vec<u32>,
    limit: u64,
    sparse: HashMap<u64, usize>,
}

impl NumberMap {
    pub fn new(limit: usize) -> NumberMap {
        NumberMap {
            dense: Vec::new(),
            limit: limit as u64,
            sparse: HashMap::new(),
        }
    }

    pub fn get(&self, number: u64) -> Option<usize> {
        if number < self.limit {
            match self.dense.get(number as usize) {
                Some(&v) if v != u32::MAX => Some(v as usize),
                _ => None,
            }
        } else {
            self.sparse.get(&number).copied()
        }
    }

    pub fn insert(&mut self, number: u64, index: usize) {
        if number < self.limit && index < u32::MAX as usize {
            let at = number as usize;
            if self.dense.len() <= at {
                self.dense.resize(at + 1, u32::MAX);
            }
            self.dense[at] = index as u32;
        } else {
            self.sparse.insert(number, index);
        }
    }
}

/// Reads a game tree from the text of a `.efg` file.
///
/// Information sets are kept in the order of their first appearance (their file numbers in
/// [`Infoset::number`]), outcomes in the order of their first definition (their file numbers in
/// [`Outcome::number`]). Node and information-set labels need not be unique.
pub fn read_efg(text: &str) -> Result<Tree, ParseError> {
    let mut reader = EfgReader::new(text);
    reader.header()?;
    reader.body()?;
    let tree = reader.tree;
    debug_assert_eq!(tree.validate(), Ok(()), "the reader built an invalid tree");
    Ok(tree)
}

struct EfgReader<'a> {
    lx: Lexer<'a>,
    tree: Tree,
    /// File number → information set, for chance (index 0) and each player (index p + 1).
    infoset_numbers: Vec<NumberMap>,
    /// The span of each information set's first definition.
    infoset_spans: Vec<(usize, usize)>,
    outcome_numbers: NumberMap,
    outcome_spans: Vec<(usize, usize)>,
    /// Scratch space reused for every definition, so repeated definitions do not allocate.
    actions: Vec<Token>,
    probs: Vec<Rational>,
    payoffs: Vec<Rational>,
}

/// A parsed information-set definition: its label and the span of the action list.
struct Definition {
    label: Token,
    block: (usize, usize),
}

impl<'a> EfgReader<'a> {
    fn new(text: &'a str) -> EfgReader<'a> {
        // Files number things 1, 2, 3, ...: a limit of one slot per byte of text holds every
        // sensible numbering densely.
        let limit = text.len().min(1 << 24) + 16;
        // Reserve room for the nodes and outcomes a file of this size typically holds (Gambit
        // writes 20 to 40 bytes per node), so that the arena is not copied as it grows. The
        // pages are only touched as nodes arrive, so an overestimate costs no memory.
        let mut tree = Tree::default();
        tree.nodes.reserve((text.len() / 20).min(1 << 23));
        tree.outcomes.reserve((text.len() / 64).min(1 << 22));
        EfgReader {
            lx: Lexer::new(text),
            tree,
            infoset_numbers: vec![NumberMap::new(limit)],
            infoset_spans: Vec::new(),
            outcome_numbers: NumberMap::new(limit),
            outcome_spans: Vec::new(),
            actions: Vec::new(),
            probs: Vec::new(),
            payoffs: Vec::new(),
        }
    }

    fn header(&mut self) -> Result<(), ParseError> {
        let hint = "a .efg file starts with `EFG 2 R \"title\" { \"Player 1\" \"Player 2\" }`";
        let lx = &mut self.lx;
        let t = lx.next()?;
        if t.kind != Kind::Word || lx.raw(t) != "EFG" {
            let message = format!(
                "expected `EFG` (the start of a .efg file) but found {}",
                lx.describe(t)
            );
            return Err(lx.error(t, ErrorKind::BadHeader, message, hint));
        }
        let t = lx.next()?;
        if t.kind != Kind::Number || lx.raw(t) != "2" {
            let message = format!(
                "expected the version `2` after `EFG` but found {}",
                lx.describe(t)
            );
            return Err(lx.error(t, ErrorKind::BadHeader, message, hint));
        }
        let t = lx.next()?;
        if t.kind != Kind::Word || !matches!(lx.raw(t), "R" | "D") {
            let message = format!(
                "expected `R` (or `D`) after `EFG 2` but found {}",
                lx.describe(t)
            );
            return Err(lx.error(t, ErrorKind::BadHeader, message, hint));
        }
        let t = lx.expect(Kind::Str, "the game's title (a quoted string)", hint)?;
        self.tree.title = lx.string(t).into_owned();
        self.tree.players = read_players(lx, hint)?;
        if lx.peek()?.kind == Kind::Str {
            let t = lx.next()?;
            self.tree.comment = lx.string(t).into_owned();
        }
        let limit = self.lx.text().len().min(1 << 24) + 16;
        for _ in 0..self.tree.players.len() {
            self.infoset_numbers.push(NumberMap::new(limit));
        }
        Ok(())
    }

    /// Reads the nodes in prefix order. An explicit stack of (node, children still to read)
    /// replaces recursion, so a deep tree cannot overflow the call stack.
    fn body(&mut self) -> Result<(), ParseError> {
        // Each entry: (node, children still to read, byte offset where the node starts).
        let mut stack: Vec<(NodeId, usize, usize)> = Vec::new();
        let (root, children, start) = self.node(None, None)?;
        if children > 0 {
            stack.push((root, children, start));
        }
        while let Some(top) = stack.last_mut() {
            let (parent, waiting, parent_start) = *top;
            top.1 -= 1;
            if top.1 == 0 {
                stack.pop();
            }
            let (id, children, start) = self.node(Some(parent), Some((waiting, parent_start)))?;
            self.tree.nodes[parent].children.push(id);
            if children > 0 {
                stack.push((id, children, start));
            }
        }
        let t = self.lx.next()?;
        if t.kind != Kind::Eof {
            let message = format!(
                "expected the end of the file (the tree is complete) but found {}",
                self.lx.describe(t)
            );
            return Err(self.lx.error(
                t,
                ErrorKind::TrailingInput,
                message,
                "every node already has one child per action; remove the extra text, or check \
                 the number of actions of the nodes above",
            ));
        }
        Ok(())
    }

    /// Reads one node and returns its id, its number of children and where it starts.
    /// `waiting` says, for error messages, how many children the parent still waits for
    /// (this one included) and where the parent starts.
    fn node(
        &mut self,
        parent: Option<NodeId>,
        waiting: Option<(usize, usize)>,
    ) -> Result<(NodeId, usize, usize), ParseError> {
        let t = self.lx.next()?;
        let kind = match (t.kind, self.lx.raw(t)) {
            (Kind::Word, "c") => b'c',
            (Kind::Word, "p") => b'p',
            (Kind::Word, "t") => b't',
            (Kind::Eof, _) => {
                let hint = match waiting {
                    Some((count, start)) => format!(
                        "the file ends before the tree is complete: the node at line {} still \
                         needs {count} more child node(s), one per action",
                        line_of(self.lx.text(), start)
                    ),
                    None => "the file has a header but no nodes; add the root node".into(),
                };
                return Err(self.lx.error(
                    t,
                    ErrorKind::UnexpectedEnd,
                    "expected a node (`c`, `p` or `t`) but found the end of the file".into(),
                    &hint,
                ));
            }
            _ => {
                let message = format!(
                    "expected a node kind (`c`, `p` or `t`) but found {}",
                    self.lx.describe(t)
                );
                return Err(self
                    .lx
                    .error(t, ErrorKind::UnknownNodeKind, message, NODE_HINT));
            }
        };
        let label = self.lx.expect(
            Kind::Str,
            "the node's label (a quoted string, \"\" for none)",
            "after the node kind comes the node's label in quotes, e.g. `p \"\" 1 1 ...`",
        )?;
        let id = self.tree.nodes.len();
        let (node_kind, children) = match kind {
            b'c' => {
                let infoset = self.chance_infoset(id)?;
                (
                    NodeKind::Chance(infoset),
                    self.tree.infosets[infoset].actions.len(),
                )
            }
            b'p' => {
                let infoset = self.personal_infoset(id)?;
                (
                    NodeKind::Personal(infoset),
                    self.tree.infosets[infoset].actions.len(),
                )
            }
            _ => (NodeKind::Terminal, 0),
        };
        let outcome = self.outcome()?;
        self.tree.nodes.push(Node {
            label: self.lx.string(label).into_owned(),
            parent,
            kind: node_kind,
            children: Vec::with_capacity(children),
            outcome,
        });
        Ok((id, children, t.start))
    }

    fn chance_infoset(&mut self, node: NodeId) -> Result<InfosetId, ParseError> {
        let (number, number_token) = self.lx.integer(
            "the chance information set's number",
            "a chance node reads `c \"label\" number \"set label\" { \"action\" probability ... } outcome`",
        )?;
        self.infoset(Player::Chance, 0, number, number_token, node)
    }

    fn personal_infoset(&mut self, node: NodeId) -> Result<InfosetId, ParseError> {
        let hint = "a personal node reads `p \"label\" player number \"set label\" { \"action\" ... } outcome`";
        let (player, player_token) = self.lx.integer("the player's number", hint)?;
        let players = self.tree.players.len();
        if player == 0 || player > players as u64 {
            let message = format!(
                "expected a player number from 1 to {players} but found {player}: the game has {players} player(s)"
            );
            return Err(self.lx.error(
                player_token,
                ErrorKind::UnknownPlayer,
                message,
                "players are numbered from 1 in the order of the player list in the header; \
                 chance nodes use `c` instead",
            ));
        }
        let (number, number_token) = self.lx.integer("the information set's number", hint)?;
        let p = player as usize - 1;
        self.infoset(Player::Personal(p), p + 1, number, number_token, node)
    }

    /// Reads the optional definition of an information set and returns its index, creating it
    /// at its first definition and checking any repeated definition against the first.
    fn infoset(
        &mut self,
        player: Player,
        slot: usize,
        number: u64,
        number_token: Token,
        node: NodeId,
    ) -> Result<InfosetId, ParseError> {
        let chance = player == Player::Chance;
        let existing = self.infoset_numbers[slot].get(number);
        let id = if self.lx.peek()?.kind == Kind::Str {
            let definition = self.definition(chance)?;
            match existing {
                Some(id) => {
                    self.check_same(id, &definition)?;
                    id
                }
                None => self.create(player, slot, number, &definition)?,
            }
        } else {
            match existing {
                Some(id) => id,
                None => {
                    let message = format!("{} is used before it is defined", who(player, number));
                    let hint = if chance {
                        format!(
                            "at its first node, give the set's label and actions with their \
                             probabilities: `c \"\" {number} \"\" {{ \"a\" 1/2 \"b\" 1/2 }} 0`"
                        )
                    } else {
                        let p = slot;
                        format!(
                            "at its first node, give the set's label and actions: \
                             `p \"\" {p} {number} \"\" {{ \"a\" \"b\" }} 0`"
                        )
                    };
                    return Err(self.lx.error(
                        number_token,
                        ErrorKind::UndefinedInfoset,
                        message,
                        &hint,
                    ));
                }
            }
        };
        self.tree.infosets[id].members.push(node);
        Ok(id)
    }

    /// Reads `"label" { actions }` into the scratch buffers.
    fn definition(&mut self, chance: bool) -> Result<Definition, ParseError> {
        let lx = &mut self.lx;
        let label = lx.next()?;
        let hint = if chance {
            "a chance information set lists its actions with probabilities: { \"a\" 1/2 \"b\" 1/2 }"
        } else {
            "an information set lists its actions in braces: { \"a\" \"b\" }"
        };
        let open = lx.expect(Kind::LBrace, "'{' opening the list of actions", hint)?;
        self.actions.clear();
        self.probs.clear();
        loop {
            let t = lx.next()?;
            match t.kind {
                Kind::Str => {
                    self.actions.push(t);
                    if chance {
                        let p = lx.next()?;
                        if p.kind != Kind::Number {
                            return Err(lx.unexpected(
                                p,
                                "the action's probability (a number)",
                                "every action of a chance node is followed by its probability",
                            ));
                        }
                        let value = lx.number(p, "the action's probability")?;
                        if value.is_negative() {
                            let message = format!(
                                "expected a probability from 0 to 1 but found {}, which is negative",
                                lx.raw(p)
                            );
                            return Err(lx.error(
                                p,
                                ErrorKind::BadProbabilities,
                                message,
                                "chance probabilities are between 0 and 1 and add up to 1",
                            ));
                        }
                        self.probs.push(value);
                    }
                }
                Kind::RBrace if !self.actions.is_empty() => {
                    return Ok(Definition {
                        label,
                        block: (open.start, t.end - open.start),
                    });
                }
                _ => {
                    let expected = if self.actions.is_empty() {
                        "at least one action label (a quoted string)"
                    } else {
                        "an action label (a quoted string) or '}'"
                    };
                    return Err(lx.unexpected(t, expected, hint));
                }
            }
        }
    }

    fn create(
        &mut self,
        player: Player,
        slot: usize,
        number: u64,
        definition: &Definition,
    ) -> Result<InfosetId, ParseError> {
        let lx = &self.lx;
        if player == Player::Chance {
            let total: Rational = self.probs.iter().sum();
            if !total.is_one() {
                let mut sum = String::new();
                write_rational(&mut sum, &total);
                let message = format!(
                    "expected the probabilities of {} to add up to 1 but they add up to {sum}",
                    who(player, number)
                );
                return Err(ParseError::new(
                    lx.text(),
                    ErrorKind::BadProbabilities,
                    definition.block.0,
                    definition.block.1,
                    message,
                    "make the probabilities add up to exactly 1; write thirds as 1/3, not 0.333",
                ));
            }
        }
        let id = self.tree.infosets.len();
        self.tree.infosets.push(Infoset {
            player,
            number,
            label: lx.string(definition.label).into_owned(),
            actions: self
                .actions
                .iter()
                .map(|&a| lx.string(a).into_owned())
                .collect(),
            probs: if player == Player::Chance {
                std::mem::take(&mut self.probs)
            } else {
                Vec::new()
            },
            members: Vec::new(),
        });
        self.infoset_numbers[slot].insert(number, id);
        self.infoset_spans.push(definition.block);
        Ok(id)
    }

    fn check_same(&self, id: InfosetId, definition: &Definition) -> Result<(), ParseError> {
        let lx = &self.lx;
        let infoset = &self.tree.infosets[id];
        // Repeated definitions are the common case in large files, so the names and line
        // numbers that only error messages need are computed only when there is an error
        // (counting lines eagerly made reading quadratic).
        let (first_offset, first_len) = self.infoset_spans[id];
        let who = || who(infoset.player, infoset.number);
        let first_line = || line_of(lx.text(), first_offset);
        let hint =
            "repeat the first definition exactly, or write only the number (the short form), \
                    or give this information set a new number";
        let mismatch = |t: Token, what: String| {
            ParseError::new(
                lx.text(),
                ErrorKind::DefinitionMismatch,
                t.start,
                t.len(),
                format!(
                    "expected the same definition of {} as at line {}, but {what}",
                    who(),
                    first_line()
                ),
                hint,
            )
            .with_earlier(first_offset, first_len)
        };
        if self.actions.len() != infoset.actions.len() {
            return Err(ParseError::new(
                lx.text(),
                ErrorKind::ActionCountMismatch,
                definition.block.0,
                definition.block.1,
                format!(
                    "expected {} action(s) for {}, as defined at line {}, but found {}",
                    infoset.actions.len(),
                    who(),
                    first_line(),
                    self.actions.len()
                ),
                "all nodes of an information set have the same actions; give this node the same \
                 actions or a new information set number",
            )
            .with_earlier(first_offset, first_len));
        }
        if !lx.string_eq(definition.label, &infoset.label) {
            return Err(mismatch(
                definition.label,
                format!(
                    "its label is {} here and \"{}\" there",
                    lx.describe(definition.label),
                    infoset.label
                ),
            ));
        }
        for (k, (&t, action)) in self.actions.iter().zip(&infoset.actions).enumerate() {
            if !lx.string_eq(t, action) {
                return Err(mismatch(
                    t,
                    format!(
                        "action {} is {} here and \"{action}\" there",
                        k + 1,
                        lx.describe(t)
                    ),
                ));
            }
        }
        for (k, (p, q)) in self.probs.iter().zip(&infoset.probs).enumerate() {
            if p != q {
                let t = self.actions[k];
                return Err(mismatch(
                    t,
                    format!(
                        "the probability of action {} is {p} here and {q} there",
                        k + 1
                    ),
                ));
            }
        }
        Ok(())
    }

    /// Reads a node's outcome: `0`, a defined outcome's number, or a number with a definition.
    fn outcome(&mut self) -> Result<Option<OutcomeId>, ParseError> {
        let hint = "after the node's other fields comes its outcome: 0 for none, or a number \
                    followed by the outcome's label and payoffs at its first use, e.g. 1 \"win\" { 1, -1 }";
        let (number, number_token) = self.lx.integer("the outcome's number (0 for none)", hint)?;
        let next = self.lx.peek()?;
        let defined = matches!(next.kind, Kind::Str | Kind::LBrace);
        if number == 0 {
            if defined {
                let message = format!(
                    "expected the next node after outcome 0 (no outcome) but found {}",
                    self.lx.describe(next)
                );
                return Err(self.lx.error(
                    next,
                    ErrorKind::NullOutcomeDefined,
                    message,
                    "outcome 0 means \"no outcome\" and cannot have a label or payoffs; give the \
                     outcome a number from 1",
                ));
            }
            return Ok(None);
        }
        let existing = self.outcome_numbers.get(number);
        if !defined {
            return match existing {
                Some(id) => Ok(Some(id)),
                None => Err(self.lx.error(
                    number_token,
                    ErrorKind::UndefinedOutcome,
                    format!("outcome {number} is used before it is defined"),
                    &format!(
                        "at its first use, give the outcome's label and payoffs: {number} \"label\" {{ 1, 2 }}"
                    ),
                )),
            };
        }
        let label = if next.kind == Kind::Str {
            Some(self.lx.next()?)
        } else {
            None
        };
        let block = read_payoffs(
            &mut self.lx,
            &mut self.payoffs,
            self.tree.players.len(),
            number,
        )?;
        let lx = &self.lx;
        match existing {
            None => {
                let id = self.tree.outcomes.len();
                self.tree.outcomes.push(Outcome {
                    number,
                    label: label.map_or(String::new(), |t| lx.string(t).into_owned()),
                    // A fresh buffer of exactly the right size for the next outcome: growing from
                    // empty would leave every payoff vector with twice the room it needs.
                    payoffs: std::mem::replace(
                        &mut self.payoffs,
                        Vec::with_capacity(self.tree.players.len()),
                    ),
                });
                self.outcome_numbers.insert(number, id);
                self.outcome_spans.push(block);
                Ok(Some(id))
            }
            Some(id) => {
                let outcome = &self.tree.outcomes[id];
                let (first_offset, first_len) = self.outcome_spans[id];
                let label_same = match label {
                    Some(t) => lx.string_eq(t, &outcome.label),
                    None => outcome.label.is_empty(),
                };
                let what = if !label_same {
                    Some(format!(
                        "its label is {} here and \"{}\" there",
                        label.map_or("empty".into(), |t| lx.describe(t)),
                        outcome.label
                    ))
                } else {
                    self.payoffs
                        .iter()
                        .zip(&outcome.payoffs)
                        .enumerate()
                        .find(|(_, (a, b))| a != b)
                        .map(|(k, (a, b))| {
                            format!("the payoff of player {} is {a} here and {b} there", k + 1)
                        })
                };
                match what {
                    None => Ok(Some(id)),
                    Some(what) => {
                        let first_line = line_of(lx.text(), first_offset);
                        let at = label.unwrap_or(next);
                        Err(ParseError::new(
                            lx.text(),
                            ErrorKind::DefinitionMismatch,
                            at.start,
                            if label.is_some() { at.len() } else { block.1 },
                            format!(
                                "expected the same definition of outcome {number} as at line {first_line}, but {what}"
                            ),
                            "repeat the first definition exactly, or write only the outcome's number, \
                             or give this outcome a new number",
                        )
                        .with_earlier(first_offset, first_len))
                    }
                }
            }
        }
    }
}

/// Reads `{ "name" "name" ... }`, the player list of both formats.
pub(crate) fn read_players(lx: &mut Lexer<'_>, hint: &str) -> Result<Vec<String>, ParseError> {
    lx.expect(Kind::LBrace, "'{' opening the list of players", hint)?;
    let mut players = Vec::new();
    loop {
        let t = lx.next()?;
        match t.kind {
            Kind::Str => players.push(lx.string(t).into_owned()),
            Kind::RBrace => return Ok(players),
            _ => return Err(lx.unexpected(t, "a player's name (a quoted string) or '}'", hint)),
        }
    }
}

/// Reads `{ payoff, payoff ... }` (commas optional) into `out` and checks its length. Returns
/// the span of the block.
pub(crate) fn read_payoffs(
    lx: &mut Lexer<'_>,
    out: &mut Vec<Rational>,
    players: usize,
    number: u64,
) -> Result<(usize, usize), ParseError> {
    let open = lx.expect(
        Kind::LBrace,
        "'{' opening the outcome's payoffs",
        PAYOFF_HINT,
    )?;
    read_payoffs_after(lx, out, players, number, open.start)
}

const PAYOFF_HINT: &str =
    "an outcome's payoffs are numbers in braces, one per player, separated by spaces or commas";

/// Reads payoffs up to the closing brace of a block whose opening brace, at byte `open`, has
/// already been read. Returns the span of the block.
pub(crate) fn read_payoffs_after(
    lx: &mut Lexer<'_>,
    out: &mut Vec<Rational>,
    players: usize,
    number: u64,
    open: usize,
) -> Result<(usize, usize), ParseError> {
    out.clear();
    let mut after_number = false;
    loop {
        let t = lx.next()?;
        match t.kind {
            Kind::Number => {
                out.push(lx.number(t, "a payoff")?);
                after_number = true;
            }
            Kind::Comma if after_number => after_number = false,
            Kind::RBrace => {
                let span = (open, t.end - open);
                if out.len() != players {
                    return Err(ParseError::new(
                        lx.text(),
                        ErrorKind::PayoffCount,
                        span.0,
                        span.1,
                        format!(
                            "expected {players} payoff(s) for outcome {number}, one per player, but found {}",
                            out.len()
                        ),
                        "give exactly one payoff per player, in the order of the player list",
                    ));
                }
                return Ok(span);
            }
            _ => return Err(lx.unexpected(t, "a payoff (a number), ',' or '}'", PAYOFF_HINT)),
        }
    }
}

/// How messages name an information set.
fn who(player: Player, number: u64) -> String {
    match player {
        Player::Chance => format!("chance information set {number}"),
        Player::Personal(p) => format!("information set {number} of player {}", p + 1),
    }
}

fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Writes a tree as a `.efg` file that [`read_efg`] reads back into an equal tree and that
/// Gambit reads too.
///
/// Each information set is written in full (label and actions, with probabilities for chance)
/// at its first member and by number alone after that; each outcome with its label and payoffs
/// at its first use and by number after. The numbers are the trees' own
/// ([`Infoset::number`], [`Outcome::number`]) unless they clash or an outcome is numbered 0
/// (which the format reserves for "no outcome"); then they are renumbered 1, 2, ... in the order
/// the tree stores them. Outcomes that no node uses cannot be expressed in the format and are left out.
pub fn write_efg(tree: &Tree) -> String {
    let mut out = String::with_capacity(64 + tree.nodes.len() * 24);
    out.push_str("EFG 2 R ");
    push_quoted(&mut out, &tree.title);
    out.push_str(" {");
    for player in &tree.players {
        out.push(' ');
        push_quoted(&mut out, player);
    }
    out.push_str(" }\n");
    push_quoted(&mut out, &tree.comment);
    out.push_str("\n\n");
    if tree.nodes.is_empty() {
        return out;
    }
    let infoset_numbers = infoset_plan(tree);
    let outcome_numbers = NumberPlan::new(tree.outcomes.iter().map(|o| o.number), true);
    let mut infoset_written = vec![false; tree.infosets.len()];
    let mut outcome_written = vec![false; tree.outcomes.len()];
    // Depth-first from the root with an explicit stack: this writes prefix order even if the
    // arena is not stored in it, and deep trees do not recurse.
    let mut stack = vec![Tree::ROOT];
    let mut visited = vec![false; tree.nodes.len()];
    while let Some(n) = stack.pop() {
        if n >= tree.nodes.len() || std::mem::replace(&mut visited[n], true) {
            continue;
        }
        let node = &tree.nodes[n];
        match node.kind {
            NodeKind::Terminal => {
                out.push_str("t ");
                push_quoted(&mut out, &node.label);
            }
            NodeKind::Chance(i) | NodeKind::Personal(i) => {
                let infoset = &tree.infosets[i];
                match infoset.player {
                    Player::Chance => out.push_str("c "),
                    Player::Personal(_) => out.push_str("p "),
                }
                push_quoted(&mut out, &node.label);
                if let Player::Personal(p) = infoset.player {
                    out.push(' ');
                    push_number(&mut out, p as u64 + 1);
                }
                out.push(' ');
                push_number(&mut out, infoset_numbers[i]);
                if !std::mem::replace(&mut infoset_written[i], true) {
                    out.push(' ');
                    push_quoted(&mut out, &infoset.label);
                    out.push_str(" {");
                    for (a, action) in infoset.actions.iter().enumerate() {
                        out.push(' ');
                        push_quoted(&mut out, action);
                        if infoset.player == Player::Chance {
                            out.push(' ');
                            write_rational(
                                &mut out,
                                infoset.probs.get(a).unwrap_or(&Rational::zero()),
                            );
                        }
                    }
                    out.push_str(" }");
                }
            }
        }
        out.push(' ');
        match node.outcome {
            None => out.push('0'),
            Some(o) => {
                push_number(&mut out, outcome_numbers.number(o));
                if !std::mem::replace(&mut outcome_written[o], true) {
                    let outcome = &tree.outcomes[o];
                    out.push(' ');
                    push_quoted(&mut out, &outcome.label);
                    out.push_str(" {");
                    for (k, payoff) in outcome.payoffs.iter().enumerate() {
                        out.push_str(if k == 0 { " " } else { ", " });
                        write_rational(&mut out, payoff);
                    }
                    out.push_str(" }");
                }
            }
        }
        out.push('\n');
        stack.extend(node.children.iter().rev());
    }
    out
}

/// The number to write for each information set: its own, unless two sets of one player share
/// a number, in which case that player's sets are numbered 1, 2, ... in order.
fn infoset_plan(tree: &Tree) -> Vec<u64> {
    let mut numbers: Vec<u64> = tree.infosets.iter().map(|i| i.number).collect();
    let mut by_player: std::collections::BTreeMap<Player, Vec<InfosetId>> = Default::default();
    for (id, infoset) in tree.infosets.iter().enumerate() {
        by_player.entry(infoset.player).or_default().push(id);
    }
    for ids in by_player.values() {
        let plan = NumberPlan::new(ids.iter().map(|&i| tree.infosets[i].number), false);
        for (k, &id) in ids.iter().enumerate() {
            numbers[id] = plan.number(k);
        }
    }
    numbers
}

fn push_number(out: &mut String, n: u64) {
    use std::fmt::Write;
    let _ = write!(out, "{n}");
}
