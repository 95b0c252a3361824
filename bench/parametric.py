"""Exact parametric answers (issue 11) against the grid a user would otherwise run, in one run.

    python3 bench/parametric.py          # from the project root

1. Thresholds of the Latvia scenario along p_resolute over [0, 1]: `brink thresholds` (a scan
   of 200 intervals, each change bisected in exact rationals and confirmed at the simplest
   fraction) against `brink sweep` on grids of 1,001 and 10,001 points, which place each
   change only to within 1e-3 and 1e-4.
2. The whole `scenarios/claims.toml`: `brink claims` (claims over one parameter on exact
   intervals) at its default and with --points 21, and the old reading, a count of grid points.
3. A 2-D map of Latvia (p_resolute x stake) at 100 x 100 and 400 x 400 points with
   `brink map`, which solves every grid point (no cell reuse yet) and then locates each boundary
   crossing on the grid's rows and columns exactly.

Each command is run three times and the best wall time is printed, with the machine.
"""
import json, os, subprocess, sys, tempfile, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common

BRINK = os.path.join(common.ROOT, "target", "release", "brink")


def best_wall(cmd, rounds=3):
    best = float("inf")
    out = None
    for _ in range(rounds):
        start = time.perf_counter()
        p = subprocess.run(cmd, cwd=common.ROOT, capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        if p.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd)} failed: {p.stderr[-500:]}")
        best = min(best, elapsed)
        out = p.stdout
    return best, out


def main():
    common.cargo("build", "--release", "-p", "brink-cli")
    print(f"machine: {common.machine()}")
    tmp = tempfile.mkdtemp()
    rows = []

    t, out = best_wall([BRINK, "thresholds", "scenarios/latvia.toml", "--vary", "p_resolute",
                        "--json"])
    found = json.loads(out)
    values = ", ".join(str(x.get("value", "?")) for x in found.get("thresholds", []))
    rows.append(["Latvia thresholds along p_resolute, exact (brink thresholds)",
                 f"{t * 1000:.0f} ms", f"changes at {values}; complete: "
                 f"{found.get('complete')}"])
    for n in (1001, 10001):
        csv = os.path.join(tmp, f"grid{n}.csv")
        t, _ = best_wall([BRINK, "sweep", "scenarios/latvia.toml", "--vary",
                          f"p_resolute=0:1:{n}", "-o", csv, "--threads", "1", "--force"], rounds=1
                         if n > 5000 else 3)
        for leftover in (csv, csv + ".settings"):
            if os.path.exists(leftover):
                os.remove(leftover)
        rows.append([f"the same by a grid of {n} points (brink sweep, 1 thread)",
                     f"{t * 1000:.0f} ms", f"each change placed to within {1 / (n - 1):g}"])

    t, out = best_wall([BRINK, "claims", "scenarios/claims.toml", "--json"])
    rows.append(["scenarios/claims.toml, one-parameter claims on exact intervals (default)",
                 f"{t * 1000:.0f} ms", f"{len(json.loads(out))} claims"])
    t, _ = best_wall([BRINK, "claims", "scenarios/claims.toml", "--points", "21", "--json"])
    rows.append(["the same with --points 21 (a finer first scan)", f"{t * 1000:.0f} ms", ""])

    for n in (100, 400):
        svg = os.path.join(tmp, f"map{n}.svg")
        t, _ = best_wall([BRINK, "map", "scenarios/latvia.toml", "--x", f"p_resolute=0:1:{n}",
                          "--y", f"stake=0:20:{n}", "-o", svg], rounds=1 if n > 200 else 3)
        rows.append([f"Latvia map p_resolute x stake, {n} x {n} points (brink map, all cores)",
                     f"{t * 1000:.0f} ms", "every point solved, then the boundary crossings on each row and column bisected exactly"])

    print(common.table(["what", "best wall time", "note"], rows))


if __name__ == "__main__":
    main()
