"""Check `brink solve --method sequential` with pygambit 16.7 on every shared Gambit tree.

    python3 bench/check_sequential.py [TIMEOUT]   # from the project root; makes bench/.venv on first use

For every `.efg` under ../shared/gambit-games/ (read in place) that has perfect recall by
`brink info --json`, runs `brink solve FILE --method sequential --json` (TIMEOUT seconds, 60 by
default) and checks with pygambit that every printed equilibrium is a Nash equilibrium: the
profile's max_regret is exactly 0 in rational arithmetic, or at most 1e-9 times the game's
payoff range in floating point (pygambit runs in a child process: 60 s per game, floating
point for every profile first, then exact). pygambit's max_regret goes through the strategic
form and does not finish on some trees; every profile is also checked exactly by a best reply
computed here by backward induction on pygambit's reading of the game (the two are compared
where both finish). pygambit 16.7 refuses seven of these files for their labels; it reads
them from the same text with the labels blanked in memory. On the perfect-information trees (`brink info`: "perfect info:
yes") it also runs `--method spe --json` and checks that spe's profile lies in one of the
printed components: every action probability inside that component's `behavior_ranges`
(unions of exact intervals), or equal to its witness where no ranges were computed.

Prints one line per game (components, complete, seconds, failures), the failures in full, and
a summary line; writes the same to bench/out/check_sequential.md.
"""
import glob, io, json, os, re, subprocess, sys, time
from fractions import Fraction
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common

common.ensure_pygambit()
import pygambit as gbt  # noqa: E402

TIMEOUT = float(sys.argv[1]) if len(sys.argv) > 1 else 60.0
REL_TOL = 1e-9
CHECK_LIMIT = 60.0   # seconds for pygambit's max_regret on one game


def run(cmd, timeout):
    """(parsed JSON or None, error or None, wall seconds)."""
    start = time.perf_counter()
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=common.ROOT)
    except subprocess.TimeoutExpired:
        return None, "timeout", time.perf_counter() - start
    wall = time.perf_counter() - start
    if p.returncode != 0:
        last = (p.stderr.strip().splitlines() or [f"exit {p.returncode}"])[-1]
        return None, f"exit {p.returncode}: {last[:200]}", wall
    try:
        return json.loads(p.stdout), None, wall
    except ValueError as e:
        return None, f"bad JSON: {e}", wall


def perfect_info(brink, path):
    p = subprocess.run([brink, "info", path], capture_output=True, text=True, timeout=60)
    for line in p.stdout.splitlines():
        if line.strip().startswith("perfect info:"):
            return line.split(":", 1)[1].strip() == "yes"
    return False


LABEL = re.compile(r'"(?:[^"\\]|\\.)*"')


def load(path):
    """(pygambit game, the text it was read from, whether labels were blanked).

    pygambit 16.7 refuses some of Gambit's own example files for duplicate or unusual labels;
    those are read from the same text with every label after the header blanked, in memory
    (labels carry no structure: nodes, information sets and actions keep their order)."""
    text = open(path).read()
    try:
        return gbt.read_efg(io.StringIO(text)), text, False
    except Exception:
        head, _, body = text.partition("\n")
        text = head + "\n" + LABEL.sub('""', body)
        return gbt.read_efg(io.StringIO(text)), text, True


CHILD = r"""
import io, json, sys
from fractions import Fraction
import pygambit as gbt
job = json.loads(sys.stdin.read())
eqs = job["eqs"]
g = gbt.read_efg(io.StringIO(job["efg"]))
acts = [[list(i.actions) for i in pl.infosets] for pl in g.players]
def profile(behavior, rational):
    if [[len(i) for i in pl] for pl in acts] != [[len(i) for i in pl] for pl in behavior]:
        raise ValueError("shape of behavior differs from the game's information sets")
    prof = g.mixed_behavior_profile(rational=rational)
    for pa, pb in zip(acts, behavior):
        for ia, ib in zip(pa, pb):
            for a, v in zip(ia, ib):
                prof[a] = Fraction(v) if rational else float(Fraction(v))
    return prof
vals = [float(o[p]) for o in g.outcomes for p in g.players]
print(json.dumps({"range": (max(vals) - min(vals)) if vals else 0.0}), flush=True)
for rational in (False, True):      # floating point first: it is the faster one
    for k, eq in enumerate(eqs):
        try:
            r = profile(eq["behavior"], rational).max_regret()
            out = {"k": k, "rational": rational, "regret": str(r), "float": float(r)}
        except Exception as e:
            out = {"k": k, "rational": rational, "error": str(e)[:160]}
        print(json.dumps(out), flush=True)
"""


def pygambit_regrets(text, eqs, limit):
    """pygambit's max_regret of each profile, float and exact, in a child with a time limit.

    Returns (payoff range or None, {k: {"float": .., "exact": ..}}, note)."""
    note = None
    try:
        p = subprocess.run([sys.executable, "-c", CHILD], input=json.dumps({"efg": text, "eqs": eqs}),
                           capture_output=True, text=True, timeout=limit)
        text = p.stdout
        if p.returncode != 0:
            note = "pygambit: " + ((p.stderr.strip().splitlines() or ["?"])[-1][:160])
    except subprocess.TimeoutExpired as e:
        text = e.stdout.decode() if isinstance(e.stdout, bytes) else (e.stdout or "")
        note = f"pygambit's max_regret did not finish in {limit:g} s"
    rng, res = None, {}
    for line in text.splitlines():
        d = json.loads(line)
        if "range" in d:
            rng = d["range"]
        elif "error" in d:
            res.setdefault(d["k"], {})["error"] = d["error"]
        else:
            res.setdefault(d["k"], {})["exact" if d["rational"] else "float"] = d
    return rng, res, note


def br_regret(g, behavior):
    """Exact Nash regret of a behaviour profile, computed here from pygambit's reading of the
    game: each player's best reply by backward induction over its own information sets (perfect
    recall), against the others' behaviour and chance. A cross-check of pygambit's max_regret,
    and the check where that one does not finish."""
    players = list(g.players)
    prob = {}
    for pl, pb in zip(players, behavior):
        for iset, ib in zip(pl.infosets, pb):
            for a, v in zip(iset.actions, ib):
                prob[a] = Fraction(v)
    nodes, parent_seq = [], {}

    def walk(node, acc):
        nodes.append(node)
        if node.outcome:
            acc = [x + Fraction(str(node.outcome[p])) for x, p in zip(acc, players)]
        leaf[node] = acc
        for a, c in zip(node.infoset.actions, node.children) if not node.is_terminal else ():
            walk(c, acc)

    leaf = {}
    walk(g.root, [Fraction(0)] * len(players))

    def p_of(node, a):
        return Fraction(str(a.prob)) if node.player.is_chance else prob[a]

    worst = Fraction(0)
    for i, pl in enumerate(players):
        # own-sequence length of each information set of pl (the same at every member)
        depth = {}

        def seq(node, d):
            if node.is_terminal:
                return
            own = (not node.player.is_chance) and node.player == pl
            if own:
                depth[node.infoset] = d
            for c in node.children:
                seq(c, d + 1 if own else d)

        seq(g.root, 0)
        choice, memo = {}, {}

        def value(node, best):
            key = (node, best)
            if key in memo:
                return memo[key]
            if node.is_terminal:
                v = leaf[node][i]
            elif best and not node.player.is_chance and node.player == pl:
                a = choice[node.infoset]
                v = value(list(node.children)[[x for x in node.infoset.actions].index(a)], best)
            else:
                v = sum((p_of(node, a) * value(c, best)
                         for a, c in zip(node.infoset.actions, node.children)
                         if p_of(node, a) != 0), Fraction(0))
            memo[key] = v
            return v

        # reach of each node through chance and the other players only
        reach, members = {g.root: Fraction(1)}, {}
        for node in nodes:
            if node.is_terminal:
                continue
            own = (not node.player.is_chance) and node.player == pl
            if own:
                members.setdefault(node.infoset, []).append(node)
            for a, c in zip(node.infoset.actions, node.children):
                reach[c] = reach[node] * (1 if own else p_of(node, a))
        for iset in sorted(members, key=lambda s: -depth[s]):
            best_a, best_v = None, None
            for k, a in enumerate(iset.actions):
                v = sum((reach[h] * value(list(h.children)[k], True) for h in members[iset]),
                        Fraction(0))
                if best_v is None or v > best_v:
                    best_a, best_v = a, v
            choice[iset] = best_a
        worst = max(worst, value(g.root, True) - value(g.root, False))
    return worst


def inside(value, intervals):
    v = Fraction(value)
    return any(Fraction(iv["low"]) <= v <= Fraction(iv["high"]) for iv in intervals)


def spe_in_component(spe_behavior, comp):
    """(True, None) when every probability lies in the component's ranges, else (False, where)."""
    ranges = comp.get("behavior_ranges") or []
    for p, pl in enumerate(spe_behavior):
        for i, iset in enumerate(pl):
            for a, v in enumerate(iset):
                if ranges:
                    if not inside(v, ranges[p][i][a]):
                        return False, f"player {p + 1} infoset {i + 1} action {a + 1}: {v} outside " + \
                            ", ".join(f"[{iv['low']}, {iv['high']}]" for iv in ranges[p][i][a])
                elif Fraction(v) != Fraction(comp["behavior"][p][i][a]):
                    return False, f"player {p + 1} infoset {i + 1} action {a + 1}: {v} != witness " \
                                  f"{comp['behavior'][p][i][a]} (no ranges)"
    return True, None


def main():
    common.cargo("build", "--release", "-q", "-p", "brink-cli")
    brink = os.path.join(common.ROOT, "target", "release", "brink")
    files = sorted(glob.glob(os.path.join(common.GAMES, "**", "*.efg"), recursive=True))
    lines, failures = [], []
    n = nash_all = spe_ok = spe_total = complete = timeouts = br_only = 0
    unchecked, br_bad, relabelled = [], [], []
    for path in files:
        name = os.path.relpath(path, common.GAMES)
        info, err, _ = run([brink, "info", path, "--json"], 60)
        if err or not info.get("perfect_recall"):
            continue
        n += 1
        pi = perfect_info(brink, path)
        fails = []
        out, err, wall = run([brink, "solve", path, "--method", "sequential", "--json"], TIMEOUT)
        if err:
            timeouts += err == "timeout"
            spe_total += pi
            fails.append(f"sequential: {err}")
            line = f"{name:70} {'pi' if pi else '  '} components -   complete -     {wall:7.3f} s  {err}"
            lines.append(line); print(line, flush=True)
            failures.append((name, fails))
            continue
        comps, eqs = out.get("components", []), out.get("equilibria", [])
        complete += bool(out.get("complete"))
        if len(comps) != len(eqs):
            fails.append(f"{len(comps)} components but {len(eqs)} equilibria")
        if not eqs:
            fails.append(f"no equilibrium printed (status {out.get('status')})")
        try:
            g, text, blanked = load(path)
        except Exception as e:
            g, blanked, pyerr = None, False, str(e).strip().splitlines()[-1][:100]
        if blanked:
            relabelled.append(name)
        if g is None:
            unchecked.append((name, f"pygambit 16.7 refuses the file ({pyerr})"))
            verdict = "unreadable"
        else:
            rng, res, note = pygambit_regrets(text, eqs, CHECK_LIMIT)
            tol = REL_TOL * max(rng or 0.0, 1.0)
            verdict = "nash" if eqs else "none"
            for k, eq in enumerate(eqs):
                r = res.get(k, {})
                ex, fl = r.get("exact"), r.get("float")
                if ex is not None and Fraction(ex["regret"]) == 0:
                    continue
                if fl is not None and fl["float"] <= tol:
                    continue
                if ex is None and fl is None and "error" in r:
                    verdict = "error"
                    fails.append(f"equilibrium {k + 1}: pygambit could not check it: {r['error']}")
                    continue
                if ex is None and fl is None:
                    verdict = "unchecked" if verdict == "nash" else verdict
                    continue
                verdict = "not nash"
                fails.append(f"equilibrium {k + 1} is not Nash by pygambit: max_regret "
                             + (f"exact {ex['regret']} " if ex else "")
                             + (f"float {fl['float']:.3g} " if fl else "")
                             + f"(limit {tol:.3g})")
            if note and verdict == "unchecked":
                done = sum(1 for k in range(len(eqs)) if res.get(k, {}).get("float") is not None)
                unchecked.append((name, f"{note} ({done} of {len(eqs)} profiles checked"
                                       + (", all Nash)" if done else ")")))
            # the independent cross-check, on every game pygambit reads
            try:
                brs = [br_regret(g, eq["behavior"]) for eq in eqs]
                bad = [(k, r) for k, r in enumerate(brs) if r != 0]
                if bad:
                    br_bad.append(name)
                    fails.append("best-reply check: regret " + ", ".join(
                        f"equilibrium {k + 1}: {r} ({float(r):.3g})" for k, r in bad))
                if verdict == "unchecked" and not bad:
                    br_only += 1
                if verdict == "nash" and bad:
                    fails.append("the best-reply check disagrees with pygambit's max_regret")
            except Exception as e:  # a broken check is reported, never hidden
                fails.append(f"best-reply check failed: {e}")
        all_nash = verdict == "nash"
        nash_all += all_nash and len(comps) == len(eqs)
        spe_note = ""
        if pi:
            spe_total += 1
            spe, serr, _ = run([brink, "solve", path, "--method", "spe", "--json"], TIMEOUT)
            if serr or not spe.get("equilibria"):
                fails.append(f"spe: {serr or 'no equilibrium'}")
            else:
                all_in = True
                for s in spe["equilibria"]:
                    why = []
                    for c in comps:
                        ok, w = spe_in_component(s["behavior"], c)
                        if ok:
                            break
                        why.append(w)
                    else:
                        all_in = False
                        fails.append("spe profile in no component: " + "; ".join(
                            f"component {j + 1}: {w}" for j, w in enumerate(why)))
                spe_ok += all_in
                spe_note = "spe in" if all_in else "SPE NOT IN"
        line = (f"{name:70} {'pi' if pi else '  '} components {len(comps):<3} "
                f"complete {str(bool(out.get('complete'))).lower():5} {wall:7.3f} s "
                f"(solver {out.get('seconds', 0):.3f}) route {out.get('route'):18} {verdict:10} {spe_note}"
                + (f"  FAIL: {len(fails)}" if fails else ""))
        lines.append(line); print(line, flush=True)
        if fails:
            failures.append((name, fails))
    summary = (f"sequential: {n} games, all Nash by pygambit: {nash_all}, spe included: "
               f"{spe_ok}/{spe_total}, complete: {complete}, timeouts: {timeouts}")
    detail = ["Failures:" if failures else "Failures: none"]
    detail += [f"- {name}: " + " | ".join(f) for name, f in failures]
    if relabelled:
        detail += ["", f"Read by pygambit with labels blanked (it refuses the files' labels): "
                       + ", ".join(relabelled)]
    detail += ["", "Not checked by pygambit's max_regret:" if unchecked else
               "Not checked by pygambit's max_regret: none"]
    detail += [f"- {name}: {why}" for name, why in unchecked]
    detail += ["", f"Best-reply cross-check (exact, on pygambit's reading of each game): "
                   f"regret 0 on every printed profile except in {len(br_bad)} games"
                   + (f" ({', '.join(br_bad)})" if br_bad else "")
                   + f"; it alone vouches for {br_only} games where max_regret did not finish"]
    report = [f"Machine: {common.machine()}; {time.strftime('%Y-%m-%d %H:%M')}; timeout {TIMEOUT:g} s", ""]
    report += ["```"] + lines + ["```", ""] + detail
    report += ["", summary]
    print("\n".join([""] + detail + ["", summary]))
    os.makedirs(common.OUT, exist_ok=True)
    open(os.path.join(common.OUT, "check_sequential.md"), "w").write("\n".join(report) + "\n")
    sys.exit(0 if not failures else 1)


if __name__ == "__main__":
    main()
