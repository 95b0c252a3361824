//! Drawing a game tree as SVG.
//!
//! The layout is the layered "tidy tree" of Reingold & Tilford (1981, "Tidier drawings of
//! trees"), drawn left to right as Gambit and most textbooks do: every node sits in the column
//! of its depth, leaves take evenly spaced rows in prefix order, and every parent is centred
//! between its first and last child. Reingold and Tilford also pack subtrees as closely as
//! their contours allow; that step is deliberately left out, because every leaf carries a
//! payoff label on its own row and packing would put labels of different subtrees on top of
//! each other.
//!
//! Each edge is drawn as a short stub out of the parent, a diagonal, and a horizontal segment
//! into the child; the move's label sits above the horizontal segment and the chance
//! probability or equilibrium probability below it, so labels of siblings never collide.

use std::fmt::Write as _;

use brink_game::{NodeId, NodeKind, Player, Tree};

use crate::svg::{escape_xml, num, player_colour, shorten, text_width, Svg, CHANCE_COLOUR};

/// Options for [`draw_tree`].
#[derive(Clone, Debug, PartialEq)]
pub struct TreeDrawing {
    /// The title above the drawing; `None` uses the tree's own title.
    pub title: Option<String>,
    /// An equilibrium to show on the edges, as behaviour probabilities
    /// `[player][information set][action]`, information sets in the order of
    /// [`Tree::player_infosets`]. Edges are thickened by probability and labelled with it;
    /// moves taken with probability zero are greyed.
    pub behavior: Option<Vec<Vec<Vec<f64>>>>,
    /// Trees with more nodes than this are collapsed: subtrees below a depth are summarised
    /// as triangles and very wide nodes show only some of their moves, so that at most about
    /// this many nodes are drawn.
    pub collapse_above: usize,
    /// When collapsing, a node with more moves than this shows only its first
    /// `max_branches - 2` moves and its last one; the others are summarised in one line.
    pub max_branches: usize,
    /// Whether to print the nodes' own labels (often internal names) under them.
    pub node_labels: bool,
    /// When collapsing, whether a subtree with the same shape as an earlier sibling's (the same
    /// players, moves and chance events all the way down; payoffs and probabilities may
    /// differ) is summarised as a triangle "same moves as after ..." before any depth limit
    /// is applied. This keeps the whole depth of the game visible once, at the price of
    /// hiding the payoffs (and the equilibrium's moves) in the repeated subtrees, so it is
    /// off by default.
    pub merge_alike: bool,
}

impl Default for TreeDrawing {
    fn default() -> Self {
        TreeDrawing {
            title: None,
            behavior: None,
            collapse_above: 400,
            max_branches: 12,
            node_labels: false,
            merge_alike: false,
        }
    }
}

/// Probabilities below this count as zero when greying edges of an equilibrium overlay.
const ZERO_PROBABILITY: f64 = 1e-9;

// Geometry, in pixels.
const ROW: f64 = 34.0;
const STUB: f64 = 8.0;
const SLANT: f64 = 22.0;
const NODE_RADIUS: f64 = 5.5;
const LABEL_SIZE: f64 = 11.0;
const TAG_SIZE: f64 = 10.5;
const MARGIN: f64 = 16.0;
const TRIANGLE: f64 = 34.0;

/// What one drawn row or node stands for.
#[derive(Clone, Copy, Debug)]
enum Item {
    /// A node of the tree, drawn as itself.
    Node(NodeId),
    /// Moves of `parent` left out because the node has too many: `moves` moves whose subtrees
    /// hold `nodes` nodes in all.
    Elided {
        parent: NodeId,
        moves: usize,
        nodes: usize,
    },
}

/// A subtree summarised as a triangle.
struct Hidden {
    /// Nodes below the summarised node.
    nodes: usize,
    /// Leaves below it.
    leaves: usize,
    /// For a subtree with the same shape as an earlier sibling's: that sibling's move label.
    like: Option<String>,
}

struct Placed {
    item: Item,
    depth: usize,
    row: f64,
    children: Vec<usize>,
    /// For a node whose subtree is hidden: what is hidden.
    hidden: Option<Hidden>,
}

/// Draws `tree` as an SVG document (see the module documentation for the layout).
///
/// A tree that fails [`Tree::validate`] is not drawn; the picture says why instead. An
/// equilibrium overlay whose shape does not match the tree is left out for the information
/// sets where it does not fit, and the picture says so.
pub fn draw_tree(tree: &Tree, options: &TreeDrawing) -> String {
    let title = options.title.clone().unwrap_or_else(|| tree.title.clone());
    if let Err(error) = tree.validate() {
        return message_svg(&title, &format!("This game tree cannot be drawn: {error}"));
    }
    let n = tree.nodes.len();

    // Depths, subtree sizes and leaf counts. Prefix order puts every parent before its
    // children, so one forward and one backward pass suffice and deep trees never recurse.
    let mut depth = vec![0usize; n];
    for id in 1..n {
        if let Some(p) = tree.nodes[id].parent {
            depth[id] = depth[p] + 1;
        }
    }
    let mut size = vec![1usize; n];
    let mut leaves = vec![0usize; n];
    for id in (0..n).rev() {
        if tree.nodes[id].children.is_empty() {
            leaves[id] = 1;
        }
        if let Some(p) = tree.nodes[id].parent {
            size[p] += size[id];
            leaves[p] += leaves[id];
        }
    }

    // Decide what to draw.
    let collapsing = n > options.collapse_above;
    let max_branches = options.max_branches.max(3);
    let head = max_branches - 2;
    // Subtrees shaped like an earlier sibling's, when asked to merge them: for each such
    // node, the move that leads to the sibling drawn in full.
    let alike = if collapsing && options.merge_alike {
        alike_siblings(tree, &size)
    } else {
        vec![None; n]
    };
    // Which nodes survive the cap on wide nodes and the merging of alike subtrees (all of
    // them when not collapsing).
    let mut capped_in = vec![true; n];
    let mut elided_count = 0usize;
    let mut elided_nodes = 0usize;
    if collapsing {
        for id in 0..n {
            let kids = &tree.nodes[id].children;
            let parent_in = capped_in[id] && alike[id].is_none();
            let wide = kids.len() > max_branches;
            for (a, &c) in kids.iter().enumerate() {
                capped_in[c] = parent_in && (!wide || a < head || a + 1 == kids.len());
            }
        }
    }
    let depth_limit = if collapsing {
        // Count what would be drawn at each depth (an elision line counts as one row at the
        // depth of the moves it replaces) and keep the deepest limit that stays in budget.
        let max_depth = depth.iter().copied().max().unwrap_or(0);
        let mut per_depth = vec![0usize; max_depth + 2];
        for id in 0..n {
            if capped_in[id] {
                per_depth[depth[id]] += 1;
                if alike[id].is_none() && tree.nodes[id].children.len() > max_branches {
                    per_depth[depth[id] + 1] += 1;
                }
            }
        }
        let mut limit = 1;
        let mut total = 0;
        for (d, count) in per_depth.iter().enumerate() {
            total += count;
            if total > options.collapse_above {
                break;
            }
            limit = d;
        }
        limit.max(1)
    } else {
        usize::MAX
    };

    // Build the drawn tree in prefix order.
    let mut placed: Vec<Placed> = Vec::new();
    let mut stack: Vec<(Item, Option<usize>)> = vec![(Item::Node(Tree::ROOT), None)];
    let mut triangles = 0usize;
    let mut hidden_below = 0usize;
    let mut merged = 0usize;
    let mut merged_nodes = 0usize;
    while let Some((item, parent_slot)) = stack.pop() {
        let slot = placed.len();
        if let Some(p) = parent_slot {
            placed[p].children.push(slot);
        }
        match item {
            Item::Elided { parent, .. } => {
                placed.push(Placed {
                    item,
                    depth: depth[parent] + 1,
                    row: 0.0,
                    children: Vec::new(),
                    hidden: None,
                });
            }
            Item::Node(id) => {
                let node = &tree.nodes[id];
                let mut hidden = None;
                let mut pending: Vec<Item> = Vec::new();
                if let Some(like) = &alike[id] {
                    hidden = Some(Hidden {
                        nodes: size[id] - 1,
                        leaves: leaves[id],
                        like: Some(like.clone()),
                    });
                    merged += 1;
                    merged_nodes += size[id] - 1;
                } else if !node.children.is_empty() && depth[id] >= depth_limit {
                    hidden = Some(Hidden {
                        nodes: size[id] - 1,
                        leaves: leaves[id],
                        like: None,
                    });
                    triangles += 1;
                    hidden_below += size[id] - 1;
                } else {
                    let wide = collapsing && node.children.len() > max_branches;
                    for (a, &c) in node.children.iter().enumerate() {
                        if capped_in[c] {
                            pending.push(Item::Node(c));
                        } else if a == head {
                            let left_out = &node.children[head..node.children.len() - 1];
                            let nodes = left_out.iter().map(|&c| size[c]).sum();
                            elided_count += 1;
                            elided_nodes += nodes;
                            pending.push(Item::Elided {
                                parent: id,
                                moves: left_out.len(),
                                nodes,
                            });
                        }
                    }
                    debug_assert!(!wide || pending.len() == max_branches);
                }
                placed.push(Placed {
                    item,
                    depth: depth[id],
                    row: 0.0,
                    children: Vec::new(),
                    hidden,
                });
                for child in pending.into_iter().rev() {
                    stack.push((child, Some(slot)));
                }
            }
        }
    }
    // The stack visits children in order, so pushes to `children` are already in action order.

    // Rows: leaves of the drawn tree in prefix order, parents centred over their children.
    let mut next_row = 0.0;
    for p in placed.iter_mut() {
        if p.children.is_empty() {
            p.row = next_row;
            next_row += 1.0;
        }
    }
    for slot in (0..placed.len()).rev() {
        if let (Some(&first), Some(&last)) =
            (placed[slot].children.first(), placed[slot].children.last())
        {
            placed[slot].row = (placed[first].row + placed[last].row) / 2.0;
        }
    }
    let rows = next_row.max(1.0);

    // The equilibrium overlay, looked up by information set.
    let mut overlay_note = None;
    let overlay: Vec<Option<Vec<f64>>> = match &options.behavior {
        None => vec![None; tree.infosets.len()],
        Some(behavior) => {
            let mut out = vec![None; tree.infosets.len()];
            let mut misfits = 0;
            for (player, infosets) in tree.player_infosets().iter().enumerate() {
                for (k, &i) in infosets.iter().enumerate() {
                    let probs = behavior.get(player).and_then(|b| b.get(k));
                    match probs {
                        Some(p)
                            if p.len() == tree.infosets[i].actions.len()
                                && p.iter().all(|x| x.is_finite()) =>
                        {
                            out[i] = Some(p.clone());
                        }
                        _ => misfits += 1,
                    }
                }
            }
            if misfits > 0 {
                overlay_note = Some(format!(
                    "The equilibrium does not fit {misfits} information set(s) of this tree; their moves are shown without probabilities."
                ));
            }
            out
        }
    };
    let has_overlay = options.behavior.is_some();

    // Texts that the column widths must make room for.
    let payoffs = tree.accumulated_payoffs();
    let incoming = tree.incoming_actions();
    let tag_of = |id: NodeId| -> Option<(String, &'static str)> {
        let i = tree.infoset_of(id)?;
        let infoset = &tree.infosets[i];
        let (name, colour) = match infoset.player {
            Player::Chance => ("Chance".to_string(), CHANCE_COLOUR),
            Player::Personal(p) => (tree.players[p].clone(), player_colour(p)),
        };
        let name = if name.is_empty() {
            "Player".to_string()
        } else {
            name
        };
        let text = if !infoset.label.is_empty() {
            format!("{name} · {}", infoset.label)
        } else if infoset.members.len() > 1 {
            format!("{name} · set {}", infoset.number)
        } else {
            name
        };
        Some((shorten(&text, 30), colour))
    };
    let edge_texts = |child: NodeId| -> (String, String) {
        let Some(parent) = tree.nodes[child].parent else {
            return (String::new(), String::new());
        };
        let Some(a) = incoming[child] else {
            return (String::new(), String::new());
        };
        let Some(i) = tree.infoset_of(parent) else {
            return (String::new(), String::new());
        };
        let infoset = &tree.infosets[i];
        let label = shorten(&infoset.actions[a], 28);
        let below = match infoset.player {
            Player::Chance => infoset
                .probs
                .get(a)
                .map(|p| p.to_string())
                .unwrap_or_default(),
            Player::Personal(_) => overlay[i]
                .as_ref()
                .map(|p| probability_text(p[a]))
                .unwrap_or_default(),
        };
        (label, below)
    };

    let max_depth_drawn = placed.iter().map(|p| p.depth).max().unwrap_or(0);
    // Room needed between the column of depth d-1 and the column of depth d.
    let mut column_gap = vec![0.0f64; max_depth_drawn + 1];
    let mut root_tag = 0.0f64;
    for p in &placed {
        let tag_w = match p.item {
            Item::Node(id) => tag_of(id)
                .map(|(t, _)| text_width(&t, TAG_SIZE))
                .unwrap_or(0.0),
            Item::Elided { .. } => 0.0,
        };
        let below_w = match p.item {
            Item::Node(id) if options.node_labels => {
                text_width(&shorten(&tree.nodes[id].label, 24), TAG_SIZE)
            }
            _ => 0.0,
        };
        if p.depth == 0 {
            root_tag = tag_w;
            continue;
        }
        let (label, below) = match p.item {
            Item::Node(id) => edge_texts(id),
            Item::Elided { .. } => (String::new(), String::new()),
        };
        let above = text_width(&label, LABEL_SIZE) + 10.0 + tag_w;
        let under = text_width(&below, LABEL_SIZE) + 10.0 + below_w;
        let need = STUB + SLANT + 6.0 + above.max(under) + 8.0;
        column_gap[p.depth] = column_gap[p.depth].max(need.max(70.0));
    }
    let left = MARGIN + root_tag.max(20.0);
    let mut column_x = vec![left; max_depth_drawn + 1];
    for d in 1..=max_depth_drawn {
        column_x[d] = column_x[d - 1] + column_gap[d];
    }

    // Header: title, then the legend; footer: notes on collapsing and the overlay.
    let mut notes: Vec<String> = Vec::new();
    if collapsing {
        let mut parts: Vec<String> = Vec::new();
        if merged > 0 {
            parts.push(format!(
                "{merged} subtree(s) with the same moves as an earlier sibling's are summarised ({merged_nodes} nodes; their payoffs may differ)."
            ));
        }
        if triangles > 0 {
            parts.push(format!(
                "Play below depth {depth_limit} is summarised by {triangles} triangle(s) hiding {hidden_below} nodes in all."
            ));
        }
        if elided_count > 0 {
            parts.push(format!(
                "Nodes with more than {max_branches} moves show their first {head} moves and their last; {elided_count} such group(s) of moves ({elided_nodes} nodes) are summarised in one line each."
            ));
        }
        if let Some(first) = parts.first_mut() {
            *first = format!("Collapsed for readability: this tree has {n} nodes. {first}");
        }
        notes.extend(parts);
    }
    if has_overlay {
        notes.push(
            "Equilibrium shown on the edges: line width and the number under each move give the probability of the move; grey moves have probability zero.".into(),
        );
    }
    if let Some(note) = overlay_note {
        notes.push(note);
    }
    let header = 58.0;
    let top = header + ROW * 0.7;
    let y_of = |row: f64| top + row * ROW;

    let mut svg = Svg::new();
    let mut width = 0.0f64;

    // Information sets: dashed connectors between consecutive visible members, drawn first so
    // that everything else lies on top of them.
    let mut slot_of = vec![usize::MAX; n];
    for (slot, p) in placed.iter().enumerate() {
        if let Item::Node(id) = p.item {
            slot_of[id] = slot;
        }
    }
    // The rows of the nodes drawn in each column, sorted, to find quickly whether a node lies
    // between two members of an information set.
    let mut column_rows: Vec<Vec<f64>> = vec![Vec::new(); max_depth_drawn + 1];
    for p in &placed {
        if let Item::Node(_) = p.item {
            column_rows[p.depth].push(p.row);
        }
    }
    column_rows
        .iter_mut()
        .for_each(|c| c.sort_by(f64::total_cmp));
    for infoset in &tree.infosets {
        if infoset.player == Player::Chance || infoset.members.len() < 2 {
            continue;
        }
        let colour = match infoset.player {
            Player::Personal(p) => player_colour(p),
            Player::Chance => CHANCE_COLOUR,
        };
        let mut members: Vec<(f64, usize)> = infoset
            .members
            .iter()
            .filter(|&&m| slot_of[m] != usize::MAX)
            .map(|&m| (placed[slot_of[m]].row, placed[slot_of[m]].depth))
            .collect();
        members.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        for pair in members.windows(2) {
            let ((row1, depth1), (row2, depth2)) = (pair[0], pair[1]);
            let (x1, y1, x2, y2) = (column_x[depth1], y_of(row1), column_x[depth2], y_of(row2));
            // A straight connector would run through any other node drawn between the two
            // members in the same column, which would read as if that node belonged to the
            // set; bow the connector out to the left around such nodes.
            let blocked = depth1 == depth2 && {
                let column = &column_rows[depth1];
                let above = column.partition_point(|&r| r <= row1 + 0.01);
                let below = column.partition_point(|&r| r < row2 - 0.01);
                below > above
            };
            if blocked {
                let bow = 26.0 + ((y2 - y1) / ROW).min(20.0) * 1.5;
                svg.raw(&format!(
                    r#"<path d="M{} {} C{} {} {} {} {} {}" fill="none" stroke="{colour}" stroke-width="2" stroke-dasharray="5 4" stroke-opacity="0.85"/>"#,
                    num(x1),
                    num(y1),
                    num(x1 - bow),
                    num(y1),
                    num(x2 - bow),
                    num(y2),
                    num(x2),
                    num(y2)
                ));
            } else {
                svg.line(
                    x1,
                    y1,
                    x2,
                    y2,
                    colour,
                    2.0,
                    r#"stroke-dasharray="5 4" stroke-opacity="0.85""#,
                );
            }
        }
    }

    // Edges.
    for p in &placed {
        let Item::Node(parent) = p.item else { continue };
        let px = column_x[p.depth];
        let py = y_of(p.row);
        let Some(i) = tree.infoset_of(parent) else {
            continue;
        };
        let infoset = &tree.infosets[i];
        let mover_colour = match infoset.player {
            Player::Chance => CHANCE_COLOUR,
            Player::Personal(pl) => player_colour(pl),
        };
        for &c in &p.children {
            let child = &placed[c];
            let cx = column_x[child.depth];
            let cy = y_of(child.row);
            let fork = px + STUB;
            let elbow = fork + SLANT;
            match child.item {
                Item::Elided { moves, nodes, .. } => {
                    svg.raw(&format!(
                        r##"<path d="M{} {} L{} {} L{} {} L{} {}" fill="none" stroke="#999999" stroke-width="1.2" stroke-dasharray="2 3"/>"##,
                        num(px),
                        num(py),
                        num(fork),
                        num(py),
                        num(elbow),
                        num(cy),
                        num(cx - 40.0),
                        num(cy)
                    ));
                    svg.text(
                        elbow + 4.0,
                        cy - 4.0,
                        LABEL_SIZE,
                        "start",
                        "#555555",
                        r#"font-style="italic""#,
                        &format!("… {moves} more moves ({nodes} nodes)"),
                    );
                }
                Item::Node(child_id) => {
                    let a = incoming[child_id].unwrap_or(0);
                    let edge_prob = match infoset.player {
                        Player::Chance => infoset.probs.get(a).map(brink_game::rational_to_f64),
                        Player::Personal(_) => overlay[i].as_ref().map(|probs| probs[a]),
                    };
                    let (stroke, width) = match (has_overlay, edge_prob) {
                        (true, Some(q)) if q <= ZERO_PROBABILITY => ("#c4c4c4", 1.2),
                        (true, Some(q)) => (mover_colour, 1.2 + 4.0 * q.clamp(0.0, 1.0)),
                        _ => (mover_colour, 1.6),
                    };
                    svg.raw(&format!(
                        r#"<path d="M{} {} L{} {} L{} {} L{} {}" fill="none" stroke="{stroke}" stroke-width="{}" stroke-linejoin="round"/>"#,
                        num(px),
                        num(py),
                        num(fork),
                        num(py),
                        num(elbow),
                        num(cy),
                        num(cx),
                        num(cy),
                        num(width)
                    ));
                    let (label, below) = edge_texts(child_id);
                    let greyed = has_overlay && edge_prob.is_some_and(|q| q <= ZERO_PROBABILITY);
                    let label_colour = if greyed { "#9a9a9a" } else { "#222222" };
                    svg.text(
                        elbow + 5.0,
                        cy - 5.0,
                        LABEL_SIZE,
                        "start",
                        label_colour,
                        &halo(),
                        &label,
                    );
                    if !below.is_empty() {
                        let (colour, weight) = match infoset.player {
                            Player::Chance => (CHANCE_COLOUR, ""),
                            Player::Personal(_) if greyed => ("#9a9a9a", ""),
                            Player::Personal(_) => (mover_colour, r#" font-weight="bold""#),
                        };
                        svg.text(
                            elbow + 5.0,
                            cy + 13.0,
                            LABEL_SIZE,
                            "start",
                            colour,
                            &format!("{}{weight}", halo()),
                            &below,
                        );
                    }
                }
            }
        }
    }

    // Nodes, their tags, collapsed subtrees and payoffs.
    for p in &placed {
        let Item::Node(id) = p.item else { continue };
        let node = &tree.nodes[id];
        let x = column_x[p.depth];
        let y = y_of(p.row);
        match node.kind {
            NodeKind::Terminal => {
                svg.rect(x - 3.5, y - 3.5, 7.0, 7.0, "#222222", "");
                let values = &payoffs[id];
                let mut markup = String::new();
                let mut text_len = 0.0;
                let outcome_label = node
                    .outcome
                    .map(|o| tree.outcomes[o].label.as_str())
                    .unwrap_or("");
                if !outcome_label.is_empty() {
                    let label = shorten(outcome_label, 32);
                    text_len += text_width(&label, LABEL_SIZE) + 6.0;
                    let _ = write!(
                        markup,
                        r##"<tspan fill="#444444">{}</tspan> "##,
                        escape_xml(&label)
                    );
                }
                markup.push('(');
                for (k, v) in values.iter().enumerate() {
                    if k > 0 {
                        markup.push_str(", ");
                    }
                    let text = v.to_string();
                    text_len += text_width(&text, LABEL_SIZE) + 8.0;
                    let _ = write!(
                        markup,
                        r#"<tspan fill="{}" font-weight="bold">{}</tspan>"#,
                        player_colour(k),
                        escape_xml(&text)
                    );
                }
                markup.push(')');
                svg.raw(&format!(
                    r##"<text x="{}" y="{}" font-size="{}" fill="#222222">{markup}</text>"##,
                    num(x + 9.0),
                    num(y + 4.0),
                    num(LABEL_SIZE)
                ));
                width = width.max(x + 9.0 + text_len + 12.0);
            }
            NodeKind::Chance(_) | NodeKind::Personal(_) => {
                let (colour, chance) = match node.kind {
                    NodeKind::Chance(_) => (CHANCE_COLOUR, true),
                    NodeKind::Personal(i) => match tree.infosets[i].player {
                        Player::Personal(pl) => (player_colour(pl), false),
                        Player::Chance => (CHANCE_COLOUR, true),
                    },
                    NodeKind::Terminal => (CHANCE_COLOUR, false),
                };
                if let Some(hidden) = &p.hidden {
                    let tip = x + 6.0;
                    svg.raw(&format!(
                        r##"<path d="M{} {} L{} {} L{} {} Z" fill="{colour}" fill-opacity="0.18" stroke="{colour}" stroke-width="1.2"/>"##,
                        num(tip),
                        num(y),
                        num(tip + TRIANGLE),
                        num(y - 11.0),
                        num(tip + TRIANGLE),
                        num(y + 11.0)
                    ));
                    let text = match &hidden.like {
                        None => format!("{} nodes, {} ends", hidden.nodes, hidden.leaves),
                        Some(like) => format!(
                            "{} nodes: same moves as after “{}”",
                            hidden.nodes,
                            shorten(like, 24)
                        ),
                    };
                    svg.text(
                        tip + TRIANGLE + 6.0,
                        y + 4.0,
                        LABEL_SIZE,
                        "start",
                        "#444444",
                        r#"font-style="italic""#,
                        &text,
                    );
                    width = width.max(tip + TRIANGLE + 6.0 + text_width(&text, LABEL_SIZE) + 12.0);
                }
                if chance {
                    svg.raw(&format!(
                        r##"<path d="M{} {} L{} {} L{} {} L{} {} Z" fill="{colour}" stroke="#ffffff" stroke-width="1"/>"##,
                        num(x),
                        num(y - 7.0),
                        num(x + 7.0),
                        num(y),
                        num(x),
                        num(y + 7.0),
                        num(x - 7.0),
                        num(y)
                    ));
                } else {
                    svg.raw(&format!(
                        r##"<circle cx="{}" cy="{}" r="{}" fill="{colour}" stroke="#ffffff" stroke-width="1"/>"##,
                        num(x),
                        num(y),
                        num(NODE_RADIUS)
                    ));
                }
                if let Some((tag, colour)) = tag_of(id) {
                    svg.text(
                        x + 4.0,
                        y - 9.0,
                        TAG_SIZE,
                        "end",
                        colour,
                        &format!(r#"font-weight="bold" {}"#, halo()),
                        &tag,
                    );
                }
            }
        }
        if options.node_labels && !node.label.is_empty() {
            svg.text(
                x + 4.0,
                y + 17.0,
                TAG_SIZE,
                "end",
                "#777777",
                &format!(r#"font-style="italic" {}"#, halo()),
                &shorten(&node.label, 24),
            );
        }
    }

    // Title and legend.
    let mut header_svg = Svg::new();
    header_svg.text(
        MARGIN,
        24.0,
        16.0,
        "start",
        "#111111",
        r#"font-weight="bold""#,
        &title,
    );
    let mut lx = MARGIN;
    let ly = 46.0;
    for (k, name) in tree.players.iter().enumerate() {
        header_svg.raw(&format!(
            r##"<circle cx="{}" cy="{}" r="5" fill="{}"/>"##,
            num(lx + 5.0),
            num(ly - 4.0),
            player_colour(k)
        ));
        let name = shorten(if name.is_empty() { "Player" } else { name }, 30);
        header_svg.text(lx + 14.0, ly, 11.5, "start", "#222222", "", &name);
        lx += 14.0 + text_width(&name, 11.5) + 16.0;
    }
    let has_chance = tree.infosets.iter().any(|i| i.player == Player::Chance);
    if has_chance {
        header_svg.raw(&format!(
            r##"<path d="M{} {} L{} {} L{} {} L{} {} Z" fill="{CHANCE_COLOUR}"/>"##,
            num(lx + 5.0),
            num(ly - 10.0),
            num(lx + 11.0),
            num(ly - 4.0),
            num(lx + 5.0),
            num(ly + 2.0),
            num(lx - 1.0),
            num(ly - 4.0)
        ));
        header_svg.text(
            lx + 16.0,
            ly,
            11.5,
            "start",
            "#222222",
            "",
            "Chance (probabilities as fractions)",
        );
        lx += 16.0 + text_width("Chance (probabilities as fractions)", 11.5) + 16.0;
    }
    if tree
        .infosets
        .iter()
        .any(|i| i.player != Player::Chance && i.members.len() > 1)
    {
        header_svg.line(
            lx,
            ly - 4.0,
            lx + 22.0,
            ly - 4.0,
            "#555555",
            2.0,
            r#"stroke-dasharray="5 4""#,
        );
        header_svg.text(
            lx + 28.0,
            ly,
            11.5,
            "start",
            "#222222",
            "",
            "information set (cannot tell apart)",
        );
        lx += 28.0 + text_width("information set (cannot tell apart)", 11.5) + 16.0;
    }
    // The key to the payoff vectors names the players in order, each in its colour.
    let mut key = String::from(r##"<tspan fill="#222222">■ end: outcome (</tspan>"##);
    let mut key_text = String::from("■ end: outcome (");
    for (k, name) in tree.players.iter().enumerate() {
        if k > 0 {
            key.push_str(", ");
            key_text.push_str(", ");
        }
        let name = shorten(if name.is_empty() { "Player" } else { name }, 20);
        let _ = write!(
            key,
            r#"<tspan fill="{}" font-weight="bold">{}</tspan>"#,
            player_colour(k),
            escape_xml(&name)
        );
        key_text.push_str(&name);
    }
    key.push_str(r##"<tspan fill="#222222">)</tspan>"##);
    key_text.push(')');
    header_svg.raw(&format!(
        r##"<text x="{}" y="{}" font-size="11.5" fill="#222222">{key}</text>"##,
        num(lx),
        num(ly)
    ));
    lx += text_width(&key_text, 11.5) + 16.0;

    let body_bottom = y_of(rows - 1.0) + ROW;
    let mut footer = Svg::new();
    let mut fy = body_bottom + 8.0;
    for note in &notes {
        footer.text(MARGIN, fy, 11.0, "start", "#444444", "", note);
        width = width.max(MARGIN + text_width(note, 11.0) + MARGIN);
        fy += 16.0;
    }
    let height = fy + 8.0;
    width = width
        .max(lx + MARGIN)
        .max(MARGIN + text_width(&title, 16.0) + MARGIN)
        .max(column_x[max_depth_drawn] + 60.0);

    let mut all = Svg::new();
    all.raw(header_svg.into_body().trim_end());
    all.raw(svg.into_body().trim_end());
    all.raw(footer.into_body().trim_end());
    all.finish(width, height, &title)
}

/// For every node whose subtree has the same shape as an earlier sibling's, the label of the
/// move leading to the first such sibling. Two subtrees have the same shape when their nodes
/// have the same kinds, movers and move labels all the way down; payoffs, probabilities and
/// information-set membership are left out, which is what makes the Harsanyi types of a
/// scenario alike. Leaves are never merged: they are no bigger than the triangle.
fn alike_siblings(tree: &Tree, size: &[usize]) -> Vec<Option<String>> {
    use std::collections::HashMap;
    let n = tree.nodes.len();
    // Shapes are interned bottom-up: children come after their parent in prefix order.
    let mut shape = vec![0usize; n];
    // A shape: who moves, the move labels, and the shapes of the children.
    type Shape = (Option<Player>, Vec<String>, Vec<usize>);
    let mut interned: HashMap<Shape, usize> = HashMap::new();
    for id in (0..n).rev() {
        let node = &tree.nodes[id];
        let key = match tree.infoset_of(id) {
            None => (None, Vec::new(), Vec::new()),
            Some(i) => (
                Some(tree.infosets[i].player),
                tree.infosets[i].actions.clone(),
                node.children.iter().map(|&c| shape[c]).collect(),
            ),
        };
        let next = interned.len();
        shape[id] = *interned.entry(key).or_insert(next);
    }
    let mut out = vec![None; n];
    for id in 0..n {
        let Some(i) = tree.infoset_of(id) else {
            continue;
        };
        let mut first_of_shape: HashMap<usize, usize> = HashMap::new();
        for (a, &c) in tree.nodes[id].children.iter().enumerate() {
            if size[c] == 1 {
                continue;
            }
            match first_of_shape.get(&shape[c]) {
                Some(&first) => out[c] = Some(tree.infosets[i].actions[first].clone()),
                None => {
                    first_of_shape.insert(shape[c], a);
                }
            }
        }
    }
    out
}

/// The attributes that give text a white halo, so labels stay legible where lines cross them.
fn halo() -> String {
    r##"stroke="#ffffff" stroke-width="3" stroke-linejoin="round" paint-order="stroke""##
        .to_string()
}

/// A probability for an edge label: two decimals, or more when needed to tell a small
/// positive probability from zero.
fn probability_text(p: f64) -> String {
    if p <= ZERO_PROBABILITY {
        return "0".into();
    }
    if p < 0.005 {
        return format!("{p:.1e}");
    }
    crate::svg::decimal(p, 2)
}

/// A picture that only carries a message (used when there is nothing that can be drawn).
pub(crate) fn message_svg(title: &str, message: &str) -> String {
    let mut svg = Svg::new();
    svg.text(
        MARGIN,
        24.0,
        16.0,
        "start",
        "#111111",
        r#"font-weight="bold""#,
        title,
    );
    svg.text(MARGIN, 50.0, 12.0, "start", "#8a1c1c", "", message);
    let width =
        (MARGIN + text_width(message, 12.0).max(text_width(title, 16.0)) + MARGIN).max(200.0);
    svg.finish(width, 70.0, title)
}
