"""Sequential equilibria at crisis sizes: brink against pygambit 16.7 on generated trees.

    python3 bench/sequential.py [LIMIT]   # from the project root; makes bench/.venv on first use

Generates two families of two-player trees with a defender of private type, writes them as
`.efg` into a temporary folder (deleted afterwards), and times on each file, in one run:
- `brink solve F --method sequential --json`: its `seconds` field (the solver, reading
  excluded), the number of components, `complete` and `route`;
- pygambit's `lcp_solve(g, rational=False)` and `logit_solve(g)`, each in a child process that
  reads the game and times only the solver call.
Every tool gets LIMIT seconds per call (120 by default). Prints a table and writes it to
bench/out/sequential.md.

Escalation ladder (T types, R rungs): chance draws the defender's type t (prior proportional to
T - t, type 0 the weakest); then the challenger (odd rungs) and the defender (even rungs)
alternate, each escalating or stopping. The defender knows its type; each challenger
information set groups the T nodes with the same history. Escalating costs the defender
T - t per rung and the challenger 1; a challenger who stops concedes, a defender who stops
yields (worth 5 to the challenger), and escalating past the last rung is war, whose value to
the defender rises with its type. 1 + T(2R + 1) nodes.

Repeated challenges (T types, k rounds), the chain store as `scenarios/reputation.toml`
encodes it: each round the challenger challenges or refrains (refraining ends the game: the
status quo holds), a challenged defender resists (the game goes on to the next round) or
yields (the game ends, costing the defender this member and part of the later ones). A fight
costs the defender 1/2, 3/2 or 3 by type (resolute to irresolute). 1 + T(4k + 1) nodes.

The full chain store (1,000-node case): the same rounds, but the game goes on after every
round whatever happened, so the tree has 2 * 3^k - 1 nodes per type; payoffs add up over
rounds as in Selten's chain store.
"""
import json, os, subprocess, sys, tempfile, time
from fractions import Fraction
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common

common.ensure_pygambit()

LIMIT = float(sys.argv[1]) if len(sys.argv) > 1 else 120.0
PY_CHILD = r"""
import sys, time, json, pygambit as gbt
path, method = sys.argv[1], sys.argv[2]
g = gbt.read_efg(path)
f = {'lcp': lambda: gbt.nash.lcp_solve(g, rational=False),
     'logit': lambda: gbt.nash.logit_solve(g)}[method]
t = time.perf_counter(); r = f(); t = time.perf_counter() - t
print(json.dumps({'seconds': t, 'count': len(r.equilibria)}))
"""


def q(x):
    x = Fraction(x)
    return str(x.numerator) if x.denominator == 1 else f"{x.numerator}/{x.denominator}"


class Efg:
    """Writes a two-player .efg in preorder; unique outcome and information-set labels."""

    def __init__(self, title):
        self.title, self.lines, self.outcomes, self.nodes = title, [], 0, 0

    def chance(self, label, probs):
        self.nodes += 1
        acts = " ".join(f'"{a}" {q(p)}' for a, p in probs)
        self.lines.append(f'c "" 1 "{label}" {{ {acts} }} 0')

    def move(self, player, infoset, label, acts):
        self.nodes += 1
        names = " ".join(f'"{a}"' for a in acts)
        self.lines.append(f'p "" {player} {infoset} "{label}" {{ {names} }} 0')

    def leaf(self, pays):
        self.nodes += 1
        self.outcomes += 1
        self.lines.append(f't "" {self.outcomes} "o{self.outcomes}" {{ {q(pays[0])}, {q(pays[1])} }}')

    def text(self):
        return (f'EFG 2 R "{self.title}" {{ "Challenger" "Defender" }}\n""\n\n'
                + "\n".join(self.lines) + "\n")


def priors(t_count):
    w = [t_count - t for t in range(t_count)]
    return [Fraction(x, sum(w)) for x in w]


def ladder_efg(T, R):
    e = Efg(f"Escalation ladder, {T} defender types, {R} rungs")
    e.chance("type", [(f"type{t}", p) for t, p in enumerate(priors(T))])
    c_sets, d_sets = {}, {}

    def rung(t, k):
        c = Fraction(T - t)
        esc = k - 1
        if k % 2:
            h = c_sets.setdefault(k, len(c_sets) + 1)
            e.move(1, h, f"C rung {k}", ["escalate", "stop"])
        else:
            h = d_sets.setdefault((t, k), len(d_sets) + 1)
            e.move(2, h, f"D type{t} rung {k}", ["escalate", "stop"])
        if k == R:
            e.leaf((-R - 5, -3 - c * R + Fraction(5 * t * R, T - 1)))   # war
        else:
            rung(t, k + 1)
        # stop: the challenger concedes, or the defender yields
        e.leaf((-esc, 2 - c * esc) if k % 2 else (5 - esc, -3 - c * esc))

    for t in range(T):
        rung(t, 1)
    return e


FIGHT = {2: [Fraction(1, 2), Fraction(3)], 3: [Fraction(1, 2), Fraction(3, 2), Fraction(3)]}


def repeated_efg(T, k):
    e = Efg(f"Repeated challenges, {T} defender types, {k} rounds")
    e.chance("type", [(f"type{t}", p) for t, p in enumerate(priors(T)[::-1])])
    c_sets, d_sets = {}, {}

    def round_(t, r):
        f, h = FIGHT[T][t], r - 1               # h challenges resisted so far
        m = k - h                               # members still at stake
        e.move(1, c_sets.setdefault(r, len(c_sets) + 1), f"C round {r}", ["challenge", "refrain"])
        e.move(2, d_sets.setdefault((t, r), len(d_sets) + 1), f"D type{t} round {r}", ["resist", "yield"])
        if r == k:
            e.leaf((-k, -k * f))                # every challenge resisted
        else:
            round_(t, r + 1)
        e.leaf((-h + m + 1, -h * f - m - 1))    # yield: this member and part of the later ones
        e.leaf((-h, -h * f))                    # refrain: the status quo holds

    for t in range(T):
        round_(t, 1)
    return e


def chain_store_efg(T, k):
    """The full chain store: the game goes on after every round; round payoffs add up."""
    e = Efg(f"Full chain store, {T} defender types, {k} rounds")
    e.chance("type", [(f"type{t}", p) for t, p in enumerate(priors(T)[::-1])])
    c_sets, d_sets = {}, {}

    def round_(t, r, hist, acc):
        if r > k:
            e.leaf(acc)
            return
        f = FIGHT[T][t]
        e.move(1, c_sets.setdefault(hist, len(c_sets) + 1), f"C {hist or 'start'}", ["challenge", "refrain"])
        e.move(2, d_sets.setdefault((t, hist), len(d_sets) + 1), f"D type{t} {hist or 'start'}",
               ["resist", "yield"])
        round_(t, r + 1, hist + "F", (acc[0] - 1, acc[1] - f))
        round_(t, r + 1, hist + "Y", (acc[0] + 1, acc[1]))
        round_(t, r + 1, hist + "O", (acc[0], acc[1] + 2))

    for t in range(T):
        round_(t, 1, "", (Fraction(0), Fraction(0)))
    return e


def pygambit_time(path, method):
    try:
        p = subprocess.run([sys.executable, "-c", PY_CHILD, path, method], capture_output=True,
                           text=True, timeout=LIMIT)
    except subprocess.TimeoutExpired:
        return f"> {LIMIT:g}"
    if p.returncode != 0:
        return "error: " + (p.stderr.strip().splitlines() or ["?"])[-1][:60]
    r = json.loads(p.stdout)
    return f"{r['seconds']:.3f}" + ("" if r["count"] else " (none)")


def brink_run(brink, path):
    try:
        p = subprocess.run([brink, "solve", path, "--method", "sequential", "--json"],
                           capture_output=True, text=True, timeout=LIMIT)
    except subprocess.TimeoutExpired:
        return f"> {LIMIT:g}", "-", "-", "-"
    if p.returncode != 0:
        return "error", "-", "-", (p.stderr.strip().splitlines() or ["?"])[-1][:60]
    out = json.loads(p.stdout)
    comps = out.get("components", [])
    cert = sum(bool(c.get("certified")) for c in comps)
    why = sorted({gap_kind(g) for g in out.get("gaps", [])})
    return (f"{out['seconds']:.3f}", f"{len(comps)} ({cert} certified)",
            f"{'yes' if out.get('complete') else 'no'} / {out.get('route')}",
            ", ".join(why) or "-")


GAPS = [("support profiles after dominance, more than the budget", "support budget"),
        ("more tremble patterns than the budget", "tremble-pattern budget"),
        ("lead to nonlinear equations", "nonlinear roots"),
        ("searched at interior values", "nonlinear pieces"),
        ("dependent tremble classes", "tied beliefs"),
        ("ranges are not exact", "ranges not exact"),
        ("could not be certified", "approximate")]


def gap_kind(text):
    """A short name for one of brink's `gaps` sentences."""
    for key, short in GAPS:
        if key in text:
            return short
    return text[:40]


def main():
    common.cargo("build", "--release", "-q", "-p", "brink-cli")
    brink = os.path.join(common.ROOT, "target", "release", "brink")
    games = [(f"ladder {T} types × {R} rungs", ladder_efg(T, R))
             for T in (2, 3, 4) for R in (4, 8, 12, 16)]
    games += [(f"repeated {T} types × {k} rounds", repeated_efg(T, k))
              for T in (2, 3) for k in range(2, 10)]
    games += [("ladder 4 types × 125 rungs", ladder_efg(4, 125)),
              ("full chain store 2 types × 5 rounds", chain_store_efg(2, 5))]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for i, (name, efg) in enumerate(games):
            path = os.path.join(tmp, f"g{i}.efg")
            open(path, "w").write(efg.text())
            secs, comps, how, why = brink_run(brink, path)
            lcp = pygambit_time(path, "lcp")
            logit = pygambit_time(path, "logit")
            row = [name, efg.nodes, secs, comps, how, why, lcp, logit]
            rows.append(row)
            print(" | ".join(str(c) for c in row), flush=True)
    headers = ["game", "nodes", "brink sequential s", "components", "complete / route",
               "why not complete", "pygambit lcp s", "pygambit logit s"]
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=common.ROOT,
                          capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "--", "crates"], cwd=common.ROOT,
                           capture_output=True, text=True).stdout.strip()
    built = f"brink built from {head}" + (" plus uncommitted changes under crates/" if dirty else "")
    report = (f"Machine: {common.machine()}; {time.strftime('%Y-%m-%d')}; {built}; "
              f"limit {LIMIT:g} s per call\n\n"
              + common.table(headers, rows))
    print(report)
    os.makedirs(common.OUT, exist_ok=True)
    open(os.path.join(common.OUT, "sequential.md"), "w").write(report + "\n")


if __name__ == "__main__":
    main()
