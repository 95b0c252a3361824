//! The two games the tracer can follow a logit branch through: a table (strategic form, one
//! group of variables per player) and a tree (agent form, one group per personal information
//! set). Each provides the *values* of its actions at a profile given in log-probabilities, and
//! their derivatives; the tracer builds the logit equations on top of them.

use brink_game::{rational_to_f64, NodeKind, Table, Tree};

/// One group of variables: the actions among which a logit choice is made.
#[derive(Clone, Copy, Debug)]
pub(super) struct Group {
    /// Index of the group's first variable.
    pub start: usize,
    /// Number of actions.
    pub len: usize,
}

/// A game seen as a system of logit choices.
pub(super) trait QreSystem {
    /// The groups, covering the variables `0..dim()` in order.
    fn groups(&self) -> &[Group];

    /// The number of variables.
    fn dim(&self) -> usize;

    /// The value of every action (to the player who chooses it, payoffs scaled to a range of
    /// one) at the profile whose log-probabilities are `y`. With `dv`, also every derivative
    /// `dv[r * dim + k] = d v_r / d y_k`. Values of actions in one group may all be shifted by a
    /// common amount: only their differences enter the logit equations.
    fn values(&self, y: &[f64], v: &mut [f64], dv: Option<&mut [f64]>);

    /// Per group: what turns a regret in the scaled units of [`QreSystem::values`] into one
    /// relative to the payoff range of the group's owner (the game's scale over that range),
    /// so that a player with small payoffs is held to its own range and not to everyone's.
    /// Zero for an owner whose payoffs never vary, who cannot regret anything.
    fn regret_weights(&self) -> &[f64];
}

/// Per player, the weight [`QreSystem::regret_weights`] gives its groups: `scale / range`,
/// zero for a range of zero. `plays` are the payoff vectors of every play (or cell).
fn owner_weights<'a>(
    players: usize,
    scale: f64,
    plays: impl Iterator<Item = &'a [f64]>,
) -> Vec<f64> {
    let mut lo = vec![f64::INFINITY; players];
    let mut hi = vec![f64::NEG_INFINITY; players];
    for play in plays {
        for (p, &x) in play.iter().enumerate().take(players) {
            lo[p] = lo[p].min(x);
            hi[p] = hi[p].max(x);
        }
    }
    lo.iter()
        .zip(&hi)
        .map(|(l, h)| {
            let range = h - l;
            if range > 0.0 && range.is_finite() {
                scale / range
            } else {
                0.0
            }
        })
        .collect()
}

/// The largest and smallest payoff of any outcome, for scaling.
fn payoff_span<'a>(values: impl Iterator<Item = &'a brink_game::Rational>) -> (f64, f64) {
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    for v in values {
        let x = rational_to_f64(v);
        lo = lo.min(x);
        hi = hi.max(x);
    }
    (lo, hi)
}

/// A table: player `i`'s strategies are group `i`.
pub(super) struct TableSystem {
    players: usize,
    shape: Vec<usize>,
    groups: Vec<Group>,
    /// Payoffs scaled to a range of one, `[cell * players + player]`.
    payoffs: Vec<f64>,
    /// The factor the payoffs were divided by.
    pub scale: f64,
    /// Per group (player): see [`QreSystem::regret_weights`].
    weights: Vec<f64>,
}

impl TableSystem {
    pub(super) fn new(table: &Table) -> TableSystem {
        let players = table.players.len();
        let shape = table.shape();
        let mut groups = Vec::with_capacity(players);
        let mut start = 0;
        for &len in &shape {
            groups.push(Group { start, len });
            start += len;
        }
        let raw = table.payoffs_f64();
        let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
        for &x in &raw {
            lo = lo.min(x);
            hi = hi.max(x);
        }
        let scale = if hi > lo && (hi - lo).is_finite() {
            hi - lo
        } else {
            1.0
        };
        let payoffs = raw.iter().map(|x| x / scale).collect();
        // An empty cell pays everyone 0, as `verify` counts it.
        let mut cells: Vec<&[f64]> = raw.chunks(players.max(1)).collect();
        let zeros = vec![0.0; players];
        if table.cells.iter().any(Option::is_none) {
            cells.push(&zeros);
        }
        let weights = owner_weights(players, scale, cells.into_iter());
        TableSystem {
            players,
            shape,
            groups,
            payoffs,
            scale,
            weights,
        }
    }
}

impl TableSystem {
    /// Like [`QreSystem::values`] but at probabilities `p` (any real numbers: the values are
    /// multilinear) and with derivatives with respect to the probabilities,
    /// `dv[r * dim + k] = d v_r / d p_k`.
    pub(super) fn values_at_probabilities(&self, p: &[f64], v: &mut [f64], dv: &mut [f64]) {
        let n = self.players;
        let dim = self.dim();
        v.iter_mut().for_each(|x| *x = 0.0);
        dv.iter_mut().for_each(|x| *x = 0.0);
        let mut profile = vec![0usize; n];
        let cells = self.payoffs.len() / n.max(1);
        let prob = |profile: &[usize], k: usize| p[self.groups[k].start + profile[k]];
        for cell in 0..cells {
            for i in 0..n {
                let pay = self.payoffs[cell * n + i];
                if pay != 0.0 {
                    let row = self.groups[i].start + profile[i];
                    let others: f64 = (0..n)
                        .filter(|&k| k != i)
                        .map(|k| prob(&profile, k))
                        .product();
                    v[row] += pay * others;
                    for j in (0..n).filter(|&j| j != i) {
                        let rest: f64 = (0..n)
                            .filter(|&k| k != i && k != j)
                            .map(|k| prob(&profile, k))
                            .product();
                        dv[row * dim + self.groups[j].start + profile[j]] += pay * rest;
                    }
                }
            }
            for (slot, &size) in profile.iter_mut().zip(&self.shape) {
                *slot += 1;
                if *slot < size {
                    break;
                }
                *slot = 0;
            }
        }
    }
}

impl QreSystem for TableSystem {
    fn groups(&self) -> &[Group] {
        &self.groups
    }

    fn regret_weights(&self) -> &[f64] {
        &self.weights
    }

    fn dim(&self) -> usize {
        self.groups.last().map_or(0, |g| g.start + g.len)
    }

    fn values(&self, y: &[f64], v: &mut [f64], mut dv: Option<&mut [f64]>) {
        let n = self.players;
        let dim = self.dim();
        let pi: Vec<f64> = y.iter().map(|x| x.exp()).collect();
        v.iter_mut().for_each(|x| *x = 0.0);
        if let Some(d) = dv.as_deref_mut() {
            d.iter_mut().for_each(|x| *x = 0.0);
        }
        let mut profile = vec![0usize; n];
        let mut prefix = vec![1.0; n + 1];
        let mut suffix = vec![1.0; n + 1];
        let cells = self.payoffs.len() / n.max(1);
        for cell in 0..cells {
            // Probabilities of the cell's strategies, and for each player the product over the
            // others (prefix times suffix products, so no division by a vanishing probability).
            for i in 0..n {
                prefix[i + 1] = prefix[i] * pi[self.groups[i].start + profile[i]];
            }
            for i in (0..n).rev() {
                suffix[i] = suffix[i + 1] * pi[self.groups[i].start + profile[i]];
            }
            for i in 0..n {
                let others = prefix[i] * suffix[i + 1];
                let pay = self.payoffs[cell * n + i];
                if pay == 0.0 || others == 0.0 {
                    continue;
                }
                let row = self.groups[i].start + profile[i];
                let contribution = pay * others;
                v[row] += contribution;
                if let Some(d) = dv.as_deref_mut() {
                    // d/dy_{j,s_j} of pi_{j,s_j} is pi_{j,s_j} itself, already in `others`.
                    for j in 0..n {
                        if j != i {
                            d[row * dim + self.groups[j].start + profile[j]] += contribution;
                        }
                    }
                }
            }
            // Next cell: the first player's strategy varies fastest, as in the table.
            for (slot, &size) in profile.iter_mut().zip(&self.shape) {
                *slot += 1;
                if *slot < size {
                    break;
                }
                *slot = 0;
            }
        }
    }
}

/// A tree in agent form: each personal information set is a group, and an action's value is
/// the expected payoff of its owner conditional on reaching the set, with beliefs given by
/// Bayes' rule from the (fully mixed) profile.
pub(super) struct TreeSystem {
    players: usize,
    groups: Vec<Group>,
    /// The owner of each group.
    owner: Vec<usize>,
    /// The member nodes of each group.
    members: Vec<Vec<usize>>,
    /// The group of each personal information set (`None` for chance sets), by infoset id.
    pub group_of_infoset: Vec<Option<usize>>,
    /// Per node: its children.
    children: Vec<Vec<usize>>,
    /// Per node: its parent.
    parent: Vec<Option<usize>>,
    /// Per node: the variable of the action leading to it, if its parent is personal.
    edge_var: Vec<Option<usize>>,
    /// Per node: the chance probability of the action leading to it (1 below personal nodes).
    edge_prob: Vec<f64>,
    /// Per node: the outcome attached there, scaled, `[node * players + player]`.
    outcome: Vec<f64>,
    /// The factor the payoffs were divided by.
    pub scale: f64,
    /// Per group: see [`QreSystem::regret_weights`].
    weights: Vec<f64>,
}

impl TreeSystem {
    pub(super) fn new(tree: &Tree) -> TreeSystem {
        let players = tree.players.len();
        let mut groups = Vec::new();
        let mut owner = Vec::new();
        let mut members = Vec::new();
        let mut group_of_infoset = vec![None; tree.infosets.len()];
        let mut start = 0;
        for (p, sets) in tree.player_infosets().iter().enumerate() {
            for &id in sets {
                let len = tree.infosets[id].actions.len();
                group_of_infoset[id] = Some(groups.len());
                groups.push(Group { start, len });
                owner.push(p);
                members.push(tree.infosets[id].members.clone());
                start += len;
            }
        }
        let nodes = tree.nodes.len();
        let mut edge_var = vec![None; nodes];
        let mut edge_prob = vec![1.0; nodes];
        for node in &tree.nodes {
            match node.kind {
                NodeKind::Terminal => {}
                NodeKind::Personal(i) => {
                    if let Some(g) = group_of_infoset[i] {
                        for (a, &c) in node.children.iter().enumerate() {
                            edge_var[c] = Some(groups[g].start + a);
                        }
                    }
                }
                NodeKind::Chance(i) => {
                    for (a, &c) in node.children.iter().enumerate() {
                        edge_prob[c] = tree.infosets[i].probs.get(a).map_or(0.0, rational_to_f64);
                    }
                }
            }
        }
        let (lo, hi) = payoff_span(tree.outcomes.iter().flat_map(|o| o.payoffs.iter()));
        // Outcomes add up along paths, so the span of final payoffs can exceed the span of
        // single outcomes; the span of outcomes is only a scale, and any positive one will do.
        let scale = if hi > lo && (hi - lo).is_finite() {
            hi - lo
        } else {
            1.0
        };
        let mut outcome = vec![0.0; nodes * players];
        for (n, node) in tree.nodes.iter().enumerate() {
            if let Some(o) = node.outcome {
                for (p, x) in tree.outcomes[o].payoffs.iter().enumerate().take(players) {
                    outcome[n * players + p] = rational_to_f64(x) / scale;
                }
            }
        }
        // A player's range is over the payoffs of plays: outcomes add up along each path.
        let accumulated = tree.accumulated_payoffs_q();
        let leaves: Vec<Vec<f64>> = tree
            .nodes
            .iter()
            .enumerate()
            .filter(|(_, node)| node.children.is_empty())
            .map(|(id, _)| accumulated[id].iter().map(|q| q.to_f64()).collect())
            .collect();
        let per_player = owner_weights(players, scale, leaves.iter().map(Vec::as_slice));
        let weights = owner.iter().map(|&p| per_player[p]).collect();
        TreeSystem {
            players,
            groups,
            owner,
            weights,
            members,
            group_of_infoset,
            children: tree.nodes.iter().map(|n| n.children.clone()).collect(),
            parent: tree.nodes.iter().map(|n| n.parent).collect(),
            edge_var,
            edge_prob,
            outcome,
            scale,
        }
    }

    /// The log-realisation probability of every node at log-probabilities `y`.
    fn log_reach(&self, y: &[f64]) -> Vec<f64> {
        let mut lr = vec![0.0; self.parent.len()];
        for n in 1..lr.len() {
            let p = self.parent[n].unwrap_or(0);
            lr[n] = lr[p]
                + match self.edge_var[n] {
                    Some(k) => y[k],
                    None => self.edge_prob[n].ln(),
                };
        }
        lr
    }

    /// Beliefs at every group: the members' realisation probabilities, normalised (computed
    /// in logs, so sets reached with tiny probability still get exact ratios). A set that
    /// chance never reaches gets uniform beliefs.
    pub(super) fn beliefs(&self, y: &[f64]) -> Vec<Vec<f64>> {
        let lr = self.log_reach(y);
        self.beliefs_from(&lr)
    }

    fn beliefs_from(&self, lr: &[f64]) -> Vec<Vec<f64>> {
        self.members
            .iter()
            .map(|ms| {
                let top = ms.iter().fold(f64::NEG_INFINITY, |m, &n| m.max(lr[n]));
                if top == f64::NEG_INFINITY || !top.is_finite() {
                    return vec![1.0 / ms.len() as f64; ms.len()];
                }
                let w: Vec<f64> = ms.iter().map(|&n| (lr[n] - top).exp()).collect();
                let total: f64 = w.iter().sum();
                w.into_iter().map(|x| x / total).collect()
            })
            .collect()
    }

    /// Edge probabilities (behaviour `exp(y)` or chance) of every node's incoming action.
    fn edge_probs(&self, y: &[f64]) -> Vec<f64> {
        (0..self.parent.len())
            .map(|n| match self.edge_var[n] {
                Some(k) => y[k].exp(),
                None => self.edge_prob[n],
            })
            .collect()
    }

    /// Subtree values `[node * players + player]`: the outcome at the node plus the expected
    /// payoff below it.
    fn subtree_values(&self, p: &[f64]) -> Vec<f64> {
        let np = self.players;
        let mut w = self.outcome.clone();
        for n in (0..self.parent.len()).rev() {
            for &c in &self.children[n] {
                if p[c] == 0.0 {
                    continue;
                }
                for i in 0..np {
                    w[n * np + i] += p[c] * w[c * np + i];
                }
            }
        }
        w
    }
}

impl QreSystem for TreeSystem {
    fn groups(&self) -> &[Group] {
        &self.groups
    }

    fn regret_weights(&self) -> &[f64] {
        &self.weights
    }

    fn dim(&self) -> usize {
        self.groups.last().map_or(0, |g| g.start + g.len)
    }

    fn values(&self, y: &[f64], v: &mut [f64], dv: Option<&mut [f64]>) {
        self.values_with(y, v, dv, None);
    }
}

impl TreeSystem {
    /// [`QreSystem::values`] with the beliefs taken from other log-probabilities, `reach_y`:
    /// play follows `y`, beliefs follow `reach_y`. The polish of the limit plays some actions
    /// with probability zero but keeps their traced (vanishing) probabilities for the beliefs,
    /// so that sets the polished profile never reaches keep the limit of the QRE beliefs.
    /// Derivatives are with respect to variables that `y` and `reach_y` share.
    pub(super) fn values_with(
        &self,
        y: &[f64],
        v: &mut [f64],
        dv: Option<&mut [f64]>,
        reach_y: Option<&[f64]>,
    ) {
        let np = self.players;
        let nodes = self.parent.len();
        let lr = self.log_reach(reach_y.unwrap_or(y));
        let mu = self.beliefs_from(&lr);
        let p = self.edge_probs(y);
        let w = self.subtree_values(&p);
        for (g, group) in self.groups.iter().enumerate() {
            let o = self.owner[g];
            for a in 0..group.len {
                v[group.start + a] = self.members[g]
                    .iter()
                    .zip(&mu[g])
                    .map(|(&m, &b)| b * w[self.children[m][a] * np + o])
                    .sum();
            }
        }
        let Some(dv) = dv else { return };
        let dim = self.dim();
        // Forward-mode derivatives, one variable at a time. For variable k (an action of some
        // set): f[n] counts how often the path to n takes k, so d ln(reach n)/dy_k = f[n] and
        // the beliefs move by mu (f - mean f); dw is the derivative of the subtree values.
        let mut f = vec![0.0; nodes];
        let mut dw = vec![0.0; nodes * np];
        for k in 0..dim {
            for n in 1..nodes {
                let parent = self.parent[n].unwrap_or(0);
                f[n] = f[parent]
                    + if self.edge_var[n] == Some(k) {
                        1.0
                    } else {
                        0.0
                    };
            }
            dw.iter_mut().for_each(|x| *x = 0.0);
            for n in (0..nodes).rev() {
                for &c in &self.children[n] {
                    let direct = self.edge_var[c] == Some(k);
                    for i in 0..np {
                        let mut d = p[c] * dw[c * np + i];
                        if direct {
                            d += p[c] * w[c * np + i];
                        }
                        dw[n * np + i] += d;
                    }
                }
            }
            for (g, group) in self.groups.iter().enumerate() {
                let o = self.owner[g];
                let ms = &self.members[g];
                let mean: f64 = ms.iter().zip(&mu[g]).map(|(&m, &b)| b * f[m]).sum();
                for a in 0..group.len {
                    let mut d = 0.0;
                    for (&m, &b) in ms.iter().zip(&mu[g]) {
                        if b == 0.0 {
                            continue;
                        }
                        let c = self.children[m][a];
                        d += b * ((f[m] - mean) * w[c * np + o] + dw[c * np + o]);
                    }
                    dv[(group.start + a) * dim + k] = d;
                }
            }
        }
    }
}
