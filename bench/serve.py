"""Time per request of `brink serve` (issue 13), as a slider uses it, for every scenario.

    python3 bench/serve.py            # from the project root; --rounds N (default 30)

Builds brink with the `serve` feature, starts `brink serve --port 0` on the built-in
scenarios, and for each scenario (base variant) moves its first parameter with a declared
range through `rounds` evenly spaced values, as a slider does: at each value the page's two
requests, /api/analyze (the answer: a solve, since every value is new to the server) and then
/api/tree (drawn from the answer the server has just kept), over one kept-alive connection to
127.0.0.1. Two times per request are reported: the server's own (its `Server-Timing` header:
from the parsed request to the finished answer) and the round trip seen by this client
(adding HTTP and the transfer on the loopback interface). The browser's rendering is not
included. Medians and 95th percentiles, in ms.
"""
import http.client, json, os, re, statistics, subprocess, sys, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common

# Where cargo puts the binary: CARGO_TARGET_DIR if set, as cargo itself reads it.
BRINK = os.path.join(os.environ.get("CARGO_TARGET_DIR", os.path.join(common.ROOT, "target")),
                     "release", "brink")


def timed(conn, path):
    """One GET: (server ms, round-trip ms, body size)."""
    start = time.perf_counter()
    conn.request("GET", path)
    response = conn.getresponse()
    body = response.read()
    wall = (time.perf_counter() - start) * 1e3
    if response.status != 200:
        raise RuntimeError(f"{path}: {response.status} {body[:300]!r}")
    match = re.search(r"dur=([0-9.]+)", response.getheader("server-timing") or "")
    if not match:
        raise RuntimeError(f"{path}: no Server-Timing header")
    return float(match.group(1)), wall, len(body)


def p95(xs):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(0.95 * (len(xs) - 1))))]


def main():
    rounds = 30
    if "--rounds" in sys.argv:
        rounds = int(sys.argv[sys.argv.index("--rounds") + 1])
    common.cargo("build", "--release", "-p", "brink-cli", "--features", "serve")
    print(f"machine: {common.machine()}")
    server = subprocess.Popen([BRINK, "serve", "--port", "0"], cwd=common.ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        url = server.stdout.readline().strip()
        host, port = url.removeprefix("http://").rstrip("/").split(":")
        conn = http.client.HTTPConnection(host, int(port), timeout=300)
        conn.request("GET", "/api/scenarios")
        listing = json.loads(conn.getresponse().read())
        rows = []
        for s in listing["scenarios"]:
            name = s["name"]
            ranged = [p for p in s["variants"][0]["params"] if p["range"] and not p["boolean"]]
            if not ranged:
                continue
            p = ranged[0]
            lo, hi = p["range"][0]["value"], p["range"][1]["value"]
            # A warm-up request at the defaults, then `rounds` values new to the server.
            timed(conn, f"/api/analyze?scenario={name}")
            samples = {"analyze": [], "tree": []}
            for i in range(rounds):
                value = lo + (hi - lo) * i / max(1, rounds - 1)
                query = f"scenario={name}&set={p['name']}={value:.6g}"
                for endpoint in ("analyze", "tree"):
                    samples[endpoint].append(timed(conn, f"/api/{endpoint}?{query}"))
            row = [name, p["name"]]
            for endpoint in ("analyze", "tree"):
                server_ms = [x[0] for x in samples[endpoint]]
                wall_ms = [x[1] for x in samples[endpoint]]
                row += [f"{statistics.median(server_ms):.2f}", f"{p95(server_ms):.2f}",
                        f"{statistics.median(wall_ms):.2f}"]
            rows.append(row)
        headers = ["scenario", "slider",
                   "analyze server median", "analyze server p95", "analyze round trip median",
                   "tree server median", "tree server p95", "tree round trip median"]
        print(f"{rounds} slider positions each, ms")
        print(common.table(headers, rows))
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
