"""Read/write throughput of Gambit files: brink (Rust) and pygambit 16.7, side by side in one run.

    python3 bench/formats.py            # from the project root; makes bench/.venv on first use

Both sides parse the same bytes already in memory and write the same game to a string, each
call timed in its own process's loop (best of 3 rounds), so process start-up is excluded on
both sides. Prints a Markdown table; the figures in BENCHMARKS.md come from this script.
"""
import os, subprocess, sys, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common

common.ensure_pygambit()
import pygambit as gbt

SHARED_GAMES = [
    "contrib/games/condjury.efg",
    "contrib/games/jury_mr.efg",
    "contrib/games/artist2.efg",
    "contrib/games/ttt.efg",
    "contrib/games/cs.efg",
    "catalog/journals/dcg/vonstengel1999/6x6_game_with_75_eq.nfg",
    "contrib/games/2x2x2x2x2.nfg",
]
GENERATED_NODES = [10_000, 100_000, 1_000_000]
# pygambit's reader slows down sharply on large trees (see BENCHMARKS.md); a read that has not
# finished after this many seconds is reported as a lower bound rather than waited for.
PYGAMBIT_LIMIT = 300
PY_READ_CHILD = r"""
import io, sys, time, pygambit as gbt
text = open(sys.argv[1]).read()
t = time.perf_counter(); gbt.read_efg(io.StringIO(text)); print(time.perf_counter() - t)
"""


def main():
    os.makedirs(common.OUT, exist_ok=True)
    common.cargo("build", "--release", "-q", "-p", "brink-formats", "--examples")
    examples = os.path.join(common.ROOT, "target", "release", "examples")
    files = [(g, os.path.join(common.GAMES, g)) for g in SHARED_GAMES]
    for n in GENERATED_NODES:
        path = os.path.join(common.OUT, f"generated-{n}.efg")
        if not os.path.exists(path):
            with open(path, "w") as f:
                subprocess.run([os.path.join(examples, "gen_tree"), str(n)], stdout=f, check=True)
        files.append((f"generated tree, {n:,} nodes", path))
    rows = []
    for name, path in files:
        size = os.path.getsize(path)
        text = open(path).read()
        read = gbt.read_efg if path.endswith(".efg") else gbt.read_nfg
        import io
        rs = common.run_json([os.path.join(examples, "read_bench"), path])
        if size > 1_000_000:
            # One read in a child process, with a time limit; writing is not timed.
            try:
                p = subprocess.run([sys.executable, "-c", PY_READ_CHILD, path], capture_output=True,
                                   text=True, timeout=PYGAMBIT_LIMIT, check=True)
                py_read, shown = float(p.stdout), None
            except subprocess.TimeoutExpired:
                py_read, shown = PYGAMBIT_LIMIT, f"> {PYGAMBIT_LIMIT * 1e3:.0f}"
            rows.append([
                name, f"{size / 1e6:.3f} MB",
                shown or f"{py_read * 1e3:.1f}", f"{rs['read_seconds'] * 1e3:.3f}",
                ("> " if shown else "") + f"{py_read / rs['read_seconds']:.0f}×",
                "-", f"{rs['write_seconds'] * 1e3:.3f}", "-",
                f"{size / rs['read_seconds'] / 1e6:.0f} MB/s",
            ])
            print(name, rows[-1][2:], flush=True)
            continue
        py_read = common.best_time(lambda: read(io.StringIO(text)))
        game = read(io.StringIO(text))
        write = game.to_efg if path.endswith(".efg") else game.to_nfg
        py_write = common.best_time(lambda: write())
        rows.append([
            name, f"{size / 1e6:.3f} MB",
            f"{py_read * 1e3:.3f}", f"{rs['read_seconds'] * 1e3:.3f}", f"{py_read / rs['read_seconds']:.1f}×",
            f"{py_write * 1e3:.3f}", f"{rs['write_seconds'] * 1e3:.3f}", f"{py_write / rs['write_seconds']:.1f}×",
            f"{size / rs['read_seconds'] / 1e6:.0f} MB/s",
        ])
        print(name, rows[-1][2:], flush=True)
    headers = ["game", "size", "pygambit read ms", "brink read ms", "read speed-up",
               "pygambit write ms", "brink write ms", "write speed-up", "brink read throughput"]
    report = f"Machine: {common.machine()}; {time.strftime('%Y-%m-%d')}\n\n" + common.table(headers, rows)
    print(report)
    open(os.path.join(common.OUT, "formats.md"), "w").write(report + "\n")


if __name__ == "__main__":
    main()
