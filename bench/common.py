"""Shared helpers for the benchmarks: a venv with pygambit 16.7, building brink, timing."""
import json, os, subprocess, sys, time, venv

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(os.path.dirname(ROOT), "shared")
GAMES = os.path.join(SHARED, "gambit-games")
ORACLES = os.path.join(SHARED, "oracles", "gambit-16.7")
VENV = os.path.join(ROOT, "bench", ".venv")
OUT = os.path.join(ROOT, "bench", "out")


def ensure_pygambit():
    """Re-runs this script inside bench/.venv with pygambit 16.7.0 installed (made on first use)."""
    python = os.path.join(VENV, "bin", "python")
    if os.path.realpath(sys.prefix) == os.path.realpath(VENV):
        return
    if not os.path.exists(python):
        venv.create(VENV, with_pip=True)
    if subprocess.run([python, "-c", "import pygambit"], capture_output=True).returncode != 0:
        subprocess.run([python, "-m", "pip", "install", "-q", "pygambit==16.7.0"], check=True)
    os.execv(python, [python] + sys.argv)


def cargo(*args):
    subprocess.run(["cargo", *args], cwd=ROOT, check=True)


def best_time(fn, min_total=0.3, rounds=3):
    """Best per-call time of fn over `rounds` rounds, each repeating fn for at least min_total s."""
    best = float("inf")
    for _ in range(rounds):
        n, start = 0, time.perf_counter()
        while True:
            fn()
            n += 1
            elapsed = time.perf_counter() - start
            if elapsed >= min_total or n >= 10000:
                break
        best = min(best, elapsed / n)
    return best


def run_json(cmd, timeout=None):
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=ROOT)
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed: {p.stderr[-500:]}")
    return json.loads(p.stdout)


def table(headers, rows):
    out = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    for r in rows:
        out.append("| " + " | ".join(str(c) for c in r) + " |")
    return "\n".join(out)


def machine():
    cpu = "unknown cpu"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {cpu}"
