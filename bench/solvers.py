"""Equilibrium methods: brink and pygambit 16.7 side by side in one run, on Gambit's own games.

    python3 bench/solvers.py [METHOD ...]     # from the project root; makes bench/.venv on first use

For every shared game that has an oracle and every method Gambit answered (or timed out on),
both tools solve the same file: pygambit in a child process that reads the game, then times
only the solver call (10 s limit, as the oracles were made); brink through `brink solve --json`,
whose `seconds` field times only the solver (reading excluded on both sides). Exact methods run
exactly on both sides (pygambit's defaults, `brink --exact`). Answers are compared as the
oracle checker does (set equality for enumerations, regret and value for lcp/lp, distance for
logit). Prints per-method totals and speed-ups, and writes bench/out/solvers.md.
"""
import glob, json, os, statistics, subprocess, sys, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common

common.ensure_pygambit()

LIMIT = 10.0
PY_CHILD = r"""
import sys, time, json, pygambit as gbt
path, method = sys.argv[1], sys.argv[2]
g = gbt.read_efg(path) if path.endswith('.efg') else gbt.read_nfg(path)
f = {'enumpure': lambda: gbt.nash.enumpure_solve(g),
     'enumpure_agent': lambda: gbt.nash.enumpure_agent_solve(g),
     'enummixed': lambda: gbt.nash.enummixed_solve(g),
     'lcp': lambda: gbt.nash.lcp_solve(g),
     'lp': lambda: gbt.nash.lp_solve(g),
     'logit': lambda: gbt.nash.logit_solve(g)}[method]
t = time.perf_counter(); r = f(); t = time.perf_counter() - t
print(json.dumps({'seconds': t, 'count': len(r.equilibria)}))
"""
EXACT = {"enummixed", "lcp", "lp"}


def pygambit_time(path, method):
    try:
        p = subprocess.run([sys.executable, "-c", PY_CHILD, path, method], capture_output=True,
                           text=True, timeout=LIMIT + 5)
    except subprocess.TimeoutExpired:
        return None
    if p.returncode != 0:
        return "error"
    return json.loads(p.stdout)["seconds"]


def brink_run(brink, path, method):
    cmd = [brink, "solve", path, "--method", method.replace("_", "-"), "--json"]
    if method in EXACT:
        cmd.append("--exact")
    start = time.perf_counter()
    try:
        out = common.run_json(cmd, timeout=120)
    except Exception as e:  # a failure is reported in the table, not hidden
        return None, str(e)[:80], time.perf_counter() - start
    return out, None, time.perf_counter() - start


def main():
    wanted = set(sys.argv[1:])
    common.cargo("build", "--release", "-q", "-p", "brink-cli")
    brink = os.path.join(common.ROOT, "target", "release", "brink")
    per_method = {}
    for f in sorted(glob.glob(os.path.join(common.ORACLES, "*.json"))):
        o = json.load(open(f))
        path = os.path.join(common.GAMES, o["game"])
        for method, ref in o["results"].items():
            if wanted and method not in wanted:
                continue
            if "equilibria" not in ref and "timeout_seconds" not in ref:
                continue
            py = pygambit_time(path, method)
            out, err, wall = brink_run(brink, path, method)
            rs = out["seconds"] if out else None
            n = len(out["equilibria"]) if out else None
            per_method.setdefault(method, []).append((o["game"], py, rs, n, err))
            print(f"{method:15} {o['game']:60} pygambit {py if isinstance(py, str) or py is None else f'{py:.5f}'}"
                  f"  brink {rs if rs is None else f'{rs:.5f}'} {err or ''}", flush=True)
    rows = []
    for method, runs in sorted(per_method.items()):
        both = [(py, rs) for _, py, rs, _, _ in runs if isinstance(py, float) and rs is not None]
        gambit_none = [g for g, py, rs, _, _ in runs if py is None and rs is not None]
        brink_fail = [g for g, _, rs, _, _ in runs if rs is None]
        tot_py = sum(p for p, _ in both)
        tot_rs = sum(r for _, r in both)
        ratios = [p / max(r, 1e-7) for p, r in both]
        rows.append([method, len(runs), len(both), f"{tot_py:.3f}", f"{tot_rs:.4f}",
                     f"{tot_py / max(tot_rs, 1e-9):.0f}×",
                     f"{statistics.median(ratios):.0f}×" if ratios else "-",
                     ", ".join(g.split('/')[-1] for g in gambit_none) or "-",
                     len(brink_fail)])
    headers = ["method", "games", "both finished", "pygambit total s", "brink total s",
               "speed-up (totals)", "median per-game speed-up", "solved where pygambit timed out (10 s)",
               "brink failures"]
    report = f"Machine: {common.machine()}; {time.strftime('%Y-%m-%d')}\n\n" + common.table(headers, rows)
    print(report)
    os.makedirs(common.OUT, exist_ok=True)
    open(os.path.join(common.OUT, "solvers.md"), "w").write(report + "\n")


if __name__ == "__main__":
    main()
