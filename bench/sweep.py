"""A 10,000-point sweep of the Latvia scenario: brink against the pygambit script a user would
write today (build the tree for each point, solve it), side by side in one run.

    python3 bench/sweep.py [POINTS_FOR_PYGAMBIT]     # from the project root

The grid is 100 × 100 over p_resolute ∈ [0, 1] and stake ∈ [0, 20] on the base Latvia
scenario (the other parameters at their defaults). brink runs all 10,000 points with
`crates/sweep/examples/sweep_bench.rs` (compile once, exact sequential-equilibrium solve per
point). The pygambit script builds the same tree with pygambit's API and solves it with
`lcp_solve` (exact, Gambit's default); it runs an evenly spaced subset of the grid (default 500
points) and its per-point cost is scaled to 10,000. Prints per-point costs and the ratio.
"""
import os, re, subprocess, sys, time
from fractions import Fraction
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common

common.ensure_pygambit()
import pygambit as gbt

DEFAULTS = dict(abandon=8, rebuff=2, nato_win=1, war_cost_russia=20, war_cost_resolute=6,
                war_cost_irresolute=25, fold_gain=2, fold_cost=10)


def latvia(p_resolute, stake, v=DEFAULTS):
    """The base Latvia game, written the way a pygambit user would."""
    g = gbt.Game.new_tree(players=["Russia", "NATO"], title="Would NATO defend Latvia?")
    russia, nato = g.players["Russia"], g.players["NATO"]
    g.append_move(g.root, g.players.chance, ["resolute", "irresolute"])
    g.set_chance_probs(g.root.infoset, [p_resolute, 1 - p_resolute])
    status_quo = g.add_outcome("status quo", [0, 0])
    fait = g.add_outcome("fait accompli", [stake, -v["abandon"]])
    rebuffed = g.add_outcome("rebuffed", [-v["rebuff"], v["nato_win"]])
    war = g.add_outcome("war", [-v["war_cost_russia"], -v["war_cost_resolute"]])
    folds = g.add_outcome("NATO folds", [stake + v["fold_gain"], -v["fold_cost"]])
    start = [list(g.root.children)[0], list(g.root.children)[1]]
    g.append_move(start[0], russia, ["invade", "hold"])
    g.append_infoset(start[1], start[0].infoset)
    choice_infoset = None
    for t, node in enumerate(start):
        g.set_outcome(list(node.children)[1], status_quo)
        reply = list(node.children)[0]
        g.append_move(reply, nato, ["defend", "concede"])
        g.set_outcome(list(reply.children)[1], fait)
        choice = list(reply.children)[0]
        if choice_infoset is None:
            g.append_move(choice, russia, ["escalate", "withdraw"])
            choice_infoset = choice.infoset
        else:
            g.append_infoset(choice, choice_infoset)
        g.set_outcome(list(choice.children)[0], war if t == 0 else folds)
        g.set_outcome(list(choice.children)[1], rebuffed)
    return g


def main():
    subset = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    side = 100
    grid = [(Fraction(i, side - 1), Fraction(20 * j, side - 1)) for j in range(side) for i in range(side)]
    step = max(1, len(grid) // subset)
    points = grid[::step][:subset]
    start = time.perf_counter()
    for p, stake in points:
        g = latvia(gbt.Rational(p.numerator, p.denominator), gbt.Rational(stake.numerator, stake.denominator))
        result = gbt.nash.lcp_solve(g, rational=True)
        assert result.equilibria, "pygambit found no equilibrium"
    py = (time.perf_counter() - start) / len(points)
    common.cargo("build", "--release", "-q", "-p", "brink-sweep", "--example", "sweep_bench")
    exe = os.path.join(common.ROOT, "target", "release", "examples", "sweep_bench")
    out = subprocess.run([exe, os.path.join(common.ROOT, "scenarios", "latvia.toml")],
                         capture_output=True, text=True, check=True).stdout
    print(out)
    rates = [(int(t), float(r)) for t, r in re.findall(r"(\d+) thread\(s\): \d+ points in [0-9.]+ s = ([0-9.]+) points/s", out)]
    one = [r for t, r in rates if t == 1][0]
    rs = 1 / one
    rows = [["pygambit (one thread): build tree + lcp_solve per point", len(points), f"{py * 1e3:.3f}", f"{py * 1e4:.1f}"],
            ["brink, one thread: compile once, exact sequential equilibrium per point", 10000, f"{rs * 1e3:.3f}", f"{rs * 1e4:.2f}"]]
    for t, r in rates:
        if t != 1:
            rows.append([f"brink, {t} threads", 10000, f"{1e3 / r:.3f}", f"{1e4 / r:.2f}"])
    report = (f"Machine: {common.machine()}; {time.strftime('%Y-%m-%d')}\n\n"
              + common.table(["", "points run", "ms per point", "s for 10,000 points"], rows)
              + f"\n\nbrink is {py / rs:.1f}× faster per point on one thread"
              + "".join(f", {py * r:.1f}× with {t} threads" for t, r in rates if t != 1)
              + " (pygambit: one thread).")
    print(report)
    os.makedirs(common.OUT, exist_ok=True)
    open(os.path.join(common.OUT, "sweep.md"), "w").write(report + "\n")


if __name__ == "__main__":
    main()
