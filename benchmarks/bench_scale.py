"""Scale benchmark (not a test): build throughput and memory for generated corpora of 10 to 3000 reports;
what a user waits for each command in a fresh process; `kg validate`; named queries in one process; start-up.

Each part stores its figures in ``<work>/scale-<part>.json``; every run rewrites ``--results`` (Markdown)
from all parts present, so parts can be run one at a time (``--parts build``, ``--parts waits`` …).

- build: ``python -m kg build <reports> --out … --jobs J`` in a child process (store included); wall time,
  CPU time (user + system of the whole process tree, from ``getrusage(RUSAGE_CHILDREN)``) and peak memory:
  the sum of the RSS of the build process and all its worker processes, polled every 20 ms with psutil.
  The corpus of N reports is the first N reports of ``benchmarks/corpus.py OUT MAX --seed S``.  With
  ``--baseline DIR`` (a copy of the package before the store, e.g. ``git archive``), the same builds run
  with that tree right after each one, side by side under the same load, for the ratio.
- waits: what a user waits, at every size built: a fresh process per command (``kg query <each named
  query>``, ``kg show``, ``kg stats``, ``kg viz --focus``), its wall time (median of ``--repeat``), CPU
  time and peak RSS (``wait4``); beside it a fresh Python process that opens the same store with
  ``pyoxigraph.Store.read_only``, runs the same SPARQL text and writes the rows as TSV (the floor for a
  fresh process), and the same query over HTTP to ``oxigraph serve-read-only`` on that store (a warm
  server; the round trip from this process).
- validate: ``python -m kg validate --path <build>`` in a fresh process at each size given: wall, CPU, peak
  RSS and the number of violations found.
- queries: every named query on the biggest build, in one process: through ``kg.graph.query.query`` on the
  build's store, the same prepared SPARQL on that pyoxigraph store (every value of every row read),
  through oxrdflib's adapter (``Dataset.query`` on ``kg.load()``), and through ``kg.graph.query.query`` on
  rdflib's memory store (in a child process, so a query past ``--budget`` seconds can be stopped; such a
  query counts as taking the budget, which makes the ratio a lower bound).
- startup: ``python -c pass``, ``python -c "import click"``, ``python -c "import kg"``, ``python -m kg
  --help`` and ``python -m kg query people --path data/kg`` (the seed build), median of ``--runs`` runs.

Usage: python benchmarks/bench_scale.py [--sizes 10,100,1000] [--jobs 0] [--work /tmp/kg-scale]
       [--parts build,waits,validate,queries,startup|render] [--baseline DIR] [--results benchmarks/RESULTS.md]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

PY = sys.executable
GNU_TIME = "/usr/bin/time"


# ---------------------------------------------------------------------------------- machine
def machine() -> dict:
    from importlib.metadata import PackageNotFoundError, version

    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(next(li for li in Path("/proc/meminfo").read_text().splitlines()
                      if li.startswith("MemTotal")).split()[1])
        mem = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration, ValueError):
        pass
    packages = {}
    for name in ("rdflib", "oxrdflib", "pyoxigraph", "click", "jieba", "opencc", "pypinyin", "psutil"):
        try:
            packages[name] = version(name)
        except PackageNotFoundError:
            packages[name] = "-"
    return {"cpu": cpu, "cores": os.cpu_count(), "memory": mem, "python": platform.python_version(),
            "system": f"{platform.system()} {platform.release()}", "packages": packages}


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


# ---------------------------------------------------------------------------------- build
def _tree_rss(proc) -> int:
    import psutil

    total = 0
    try:
        procs = [proc, *proc.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    for p in procs:
        try:
            total += p.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return total


def measured(args: list[str], *, cwd: Path = ROOT, env: dict | None = None, tree: bool = False,
             stdout=subprocess.DEVNULL, timeout: float | None = None) -> dict:
    """Run a command as a user would and measure it: wall seconds, CPU seconds and peak RSS of the process,
    and with ``tree`` the peak of the summed RSS of the process and its children (polled every 20 ms).

    The process's own peak RSS and CPU come from GNU time (``/usr/bin/time -f``), which starts it from a
    small process: a child forked from this benchmark would inherit this process's peak in ``ru_maxrss``."""
    import threading

    import psutil

    timed = not tree and Path(GNU_TIME).is_file()
    if timed:
        args = [GNU_TIME, "-f", "@@bench %M %U %S", *args]
    t = time.perf_counter()
    # a session of its own, so that a run past the budget is stopped with every process it started
    proc = subprocess.Popen(args, cwd=cwd, env=env, stdout=stdout, stderr=subprocess.PIPE, start_new_session=True)
    streams: dict[str, bytes] = {}

    def drain(name: str, stream) -> None:
        streams[name] = stream.read()

    readers = [threading.Thread(target=drain, args=(name, stream), daemon=True)
               for name, stream in (("err", proc.stderr), ("out", proc.stdout)) if stream is not None]
    for r in readers:
        r.start()
    peak = 0
    if tree:
        ps = psutil.Process(proc.pid)
        while proc.poll() is None:
            peak = max(peak, _tree_rss(ps))
            time.sleep(0.02)
    stopped = False
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:  # stopped past the budget: its time is a lower bound
        import signal

        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        stopped = True
    for r in readers:
        r.join()
    err, out = streams.get("err", b""), streams.get("out", b"")
    wall = time.perf_counter() - t
    cpu = rss = None
    if timed:
        lines = err.decode("utf-8", "replace").rstrip("\n").split("\n")
        if lines and lines[-1].startswith("@@bench "):
            kib, user, system = lines.pop().split()[1:]
            rss, cpu = int(kib) * 1024, float(user) + float(system)
            if lines and lines[-1].startswith("Command exited with non-zero status"):
                lines.pop()
            err = ("\n".join(lines) + ("\n" if lines else "")).encode("utf-8")
    return {"wall": wall, "cpu": cpu, "rss": rss, "tree_peak": peak, "returncode": proc.returncode, "stopped": stopped,
            "stderr": err.decode("utf-8", "replace"), "stdout": out}


def run_build(reports: list[Path], out: Path, jobs: int, *, tree: Path = ROOT) -> dict:
    """One ``kg build`` in a child process: wall and CPU seconds, peak RSS of the process tree.

    ``tree`` is the folder whose ``kg`` package builds (another copy of the project for the baseline)."""
    import shutil

    shutil.rmtree(out, ignore_errors=True)  # a fresh folder: no build cache, every report extracted
    env = {**os.environ, "PYTHONPATH": str(tree)}
    args = [PY, "-m", "kg", "build", *map(str, reports), "--out", str(out), "--jobs", str(jobs)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    run = measured(args, cwd=tree, env=env, tree=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if run["returncode"] != 0:
        raise SystemExit(f"build of {len(reports)} reports failed:\n{run['stderr'][-2000:]}")
    report = json.loads((out / "build-report.json").read_text(encoding="utf-8"))
    return {
        "reports": len(reports), "jobs": jobs, "wall": run["wall"],
        "cpu": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
        "peak_rss": run["tree_peak"], "characters": sum(d["characters"] for d in report["documents"]),
        "quads": report["quads"], "warnings": len(report["warnings"]),
        "nq_bytes": (out / "kg.nq").stat().st_size,
        "store_bytes": sum(f.stat().st_size for f in (out / "store").glob("*")) if (out / "store").is_dir() else 0,
        "stderr_tail": run["stderr"].strip().splitlines()[-1:],
    }


def _describe_tree(tree: Path) -> str:
    """The baseline tree, with the commit it was exported from when a ``.commit`` file in it names one."""
    stamp = tree / ".commit"
    return f"{tree} (commit {stamp.read_text().strip()})" if stamp.is_file() else str(tree)


def part_build(sizes: list[int], jobs: int, seed: int, work: Path, baseline: Path | None = None,
               baseline_sizes: tuple[int, ...] = (100, 1000), single: bool = False) -> dict:
    from corpus import generate

    corpus = work / f"corpus-{max(sizes)}-seed{seed}"
    if not (corpus / f"synthetic-{max(sizes) - 1:05d}.txt").is_file():
        generate(corpus, max(sizes), seed=seed)
    every = sorted(corpus.glob("*.txt"))
    rows = []
    effective = jobs or os.cpu_count() or 1
    plan = [(n, effective) for n in sizes]
    if single and effective != 1 and len(sizes) > 1:
        mid = sorted(sizes)[len(sizes) // 2]
        plan.append((mid, 1))  # is the pool worth it?
    for n, j in plan:
        print(f"build {n} reports, --jobs {j} (load average {load_average()}) …", file=sys.stderr, flush=True)
        row = run_build(every[:n], work / f"out-{n}-j{j}", j)
        row["load_after"] = load_average()
        print(f"  {row['wall']:.1f} s wall, {row['cpu']:.1f} s CPU, peak {row['peak_rss'] / 2**20:.0f} MiB",
              file=sys.stderr, flush=True)
        rows.append(row)
        if baseline is not None and j == effective and n in baseline_sizes:
            print(f"  baseline ({baseline}) …", file=sys.stderr, flush=True)
            base = run_build(every[:n], work / f"base-{n}-j{j}", j, tree=baseline)
            base["load_after"] = load_average()
            base["tree"] = "baseline"
            print(f"  baseline {base['wall']:.1f} s wall, {base['cpu']:.1f} s CPU", file=sys.stderr, flush=True)
            rows.append(base)
    return {"seed": seed, "corpus": str(corpus), "jobs": effective, "rows": rows,
            "baseline": _describe_tree(baseline) if baseline is not None else None,
            "builds": {str(n): str(work / f"out-{n}-j{effective}") for n in sizes},
            "biggest": str(work / f"out-{max(sizes)}-j{effective}")}


# ---------------------------------------------------------------------------------- what a user waits
RAW = """import sys, pyoxigraph as ox
store = ox.Store.read_only(sys.argv[1])
rows = store.query(open(sys.argv[2], encoding="utf-8").read())
sys.stdout.buffer.write(rows.serialize(format=ox.QueryResultsFormat.TSV))
"""


def _fresh(args: list[str], repeat: int, budget: float = 60.0) -> dict:
    """Median wall of ``repeat`` fresh runs, with the CPU of the median run and the highest peak RSS; a run
    past ``budget`` seconds is stopped (then it is run once only, and its figures are lower bounds)."""
    runs = [measured(args, timeout=budget)]
    if runs[0]["stopped"]:
        first = runs[0]
        return {"wall": first["wall"], "cpu": first["cpu"] or 0.0, "rss": first["rss"] or 0, "stopped": True,
                "note": f"stopped after {budget:.0f} s"}
    runs += [measured(args, timeout=budget) for _ in range(repeat - 1)]
    bad = [r for r in runs if r["returncode"] != 0]
    if bad:
        raise SystemExit(f"{' '.join(args)} failed: {bad[0]['stderr'][-800:]}")
    runs.sort(key=lambda r: r["wall"])
    mid = runs[len(runs) // 2]
    return {"wall": mid["wall"], "cpu": mid["cpu"], "rss": max(r["rss"] or 0 for r in runs),
            "note": mid["stderr"].strip()}


def _http(url: str, sparql: str, repeat: int, budget: float = 60.0) -> float | None:
    import urllib.request

    times = []
    for _ in range(repeat):
        if times and times[-1] > budget:
            return times[-1]
        req = urllib.request.Request(url, data=sparql.encode("utf-8"), method="POST", headers={
            "Content-Type": "application/sparql-query", "Accept": "text/tab-separated-values"})
        t = time.perf_counter()
        try:
            with urllib.request.urlopen(req, timeout=budget) as reply:
                reply.read()
        except OSError:  # past the budget (or the server gave up): counted as the budget
            return None
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def _serve(store: Path):
    import socket

    from kg.publish.serve import free_port, oxigraph_executable

    port = free_port()
    proc = subprocess.Popen([oxigraph_executable(), "serve-read-only", "--location", str(store),
                             "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return proc, f"http://127.0.0.1:{port}/query"
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("oxigraph serve-read-only did not start")


def _names(out: Path) -> dict[str, str]:
    """Names to ask for: the first person, park and town by label (as the queries part chooses them)."""
    from kg.graph.query import query
    from kg.graph.store import open_build

    built = open_build(out)

    def first(cls: str) -> str:
        res = query(built, f"SELECT ?l WHERE {{ ?x a kg:{cls} ; rdfs:label ?l FILTER(langMatches(lang(?l), 'zh-Hans')) }} "
                           "ORDER BY ?l LIMIT 1")
        return str(res.rows[0][0]) if res.rows else "none"

    return {"person": first("Person"), "park": first("IndustrialPark"), "town": first("Town")}


def part_waits(builds: dict[str, str], repeat: int, work: Path) -> dict:
    from kg.graph.query import named_queries, prepare, resolve

    sizes = {}
    for n, folder in sorted(builds.items(), key=lambda kv: int(kv[0])):
        out = Path(folder)
        names = _names(out)
        params = {"projects-in-place": {"place": names["park"]}, "provenance": {"name": names["person"]},
                  "projects-by-status": {"status": "operational"}, "places-by-code": {"code": "44"},
                  "relations-of": {"name": names["person"]}}
        server, url = _serve(out / "store")
        rows: dict[str, dict] = {}
        try:
            print(f"waits at {n} reports (load average {load_average()}) …", file=sys.stderr, flush=True)
            for name in named_queries():
                text, named = resolve(name)
                prepared = prepare(text, params=params.get(name), named=named)
                qfile = work / f"q-{name}.rq"
                qfile.write_text(prepared, encoding="utf-8")
                extra = [a for k, v in params.get(name, {}).items() for a in ("--param", f"{k}={v}")]
                kg = _fresh([PY, "-m", "kg", "query", name, *extra, "--path", str(out)], repeat)
                if kg.get("stopped"):  # the raw store and the server would take as long: not run
                    rows[f"kg query {name}"] = {**kg, "raw": None, "raw_rss": None, "http": None}
                    print(f"  {name}: kg stopped after {kg['wall']:.0f} s", file=sys.stderr, flush=True)
                    continue
                raw = _fresh([PY, "-c", RAW, str(out / "store"), str(qfile)], repeat)
                rows[f"kg query {name}"] = {**kg, "raw": raw["wall"], "raw_rss": raw["rss"],
                                            "http": _http(url, prepared, repeat)}
                print(f"  {name}: kg {kg['wall']:.2f} s, raw {raw['wall']:.2f} s, {kg['rss'] / 2**20:.0f} MiB",
                      file=sys.stderr, flush=True)
        finally:
            server.terminate()
            server.wait()
        for label, args in (("kg show", ["show", names["person"]]), ("kg stats", ["stats"]),
                            ("kg viz --focus", ["viz", "--focus", names["person"], "--out", str(work / "viz.html")])):
            flag = "--data" if args[0] == "viz" else "--path"
            rows[label] = _fresh([PY, "-m", "kg", *args, flag, str(out)], repeat)
            print(f"  {label}: {rows[label]['wall']:.2f} s, {rows[label]['rss'] / 2**20:.0f} MiB", file=sys.stderr,
                  flush=True)
        sizes[n] = {"rows": rows, "names": names, "load_average": load_average(), "repeat": repeat,
                    "command": "python benchmarks/bench_scale.py " + " ".join(sys.argv[1:])}
    return {"repeat": repeat, "sizes": sizes}


# ---------------------------------------------------------------------------------- validate
def part_validate(builds: dict[str, str], sizes: list[int]) -> dict:
    rows = {}
    for n in sizes:
        out = Path(builds[str(n)])
        print(f"validate {n} reports (load average {load_average()}) …", file=sys.stderr, flush=True)
        run = measured([PY, "-m", "kg", "validate", "--path", str(out)], stdout=subprocess.PIPE)
        text = run["stdout"].decode("utf-8", "replace").splitlines()
        rows[str(n)] = {"wall": run["wall"], "cpu": run["cpu"], "rss": run["rss"], "returncode": run["returncode"],
                        "violations": sum(1 for line in text if line.startswith("Violation:")),
                        "summary": text[-1] if text else "", "load_after": load_average()}
        print(f"  {run['wall']:.1f} s, {run['rss'] / 2**20:.0f} MiB: {rows[str(n)]['summary']}", file=sys.stderr,
              flush=True)
    return {"rows": rows}


# ---------------------------------------------------------------------------------- queries
def _params(ds) -> dict[str, dict[str, str]]:
    from kg.graph.query import query

    def first(cls: str) -> str:
        res = query(ds, f"SELECT ?l WHERE {{ ?x a kg:{cls} ; rdfs:label ?l FILTER(langMatches(lang(?l), 'zh-Hans')) }} "
                        "ORDER BY ?l LIMIT 1")
        return str(res.rows[0][0]) if res.rows else "none"

    return {"projects-in-place": {"place": first("IndustrialPark")}, "provenance": {"name": first("Person")},
            "projects-by-status": {"status": "operational"}}


def _median_time(fn, repeat: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), out


class _Late(BaseException):
    """Raised by the alarm in a child (a BaseException, so kg.graph.query does not wrap it)."""


def _child(kind: str, path: str, plan: str, budget: float) -> None:
    """Child process: open the build one way, then time each query; one JSON line per result.

    ``memory``: kg.graph.query on rdflib's memory store (Python code, so an alarm stops a query past the budget).
    ``dataset``: kg.graph.query and oxrdflib's adapter (``Dataset.query``) on ``kg.load()``'s rdflib Dataset
    over the build's store (the parent kills a query past the budget).
    """
    import signal

    from kg.graph.query import prepare, query, resolve
    from kg.graph.results import from_rdflib
    from kg.graph.store import StoreKind, load

    def late(*_):
        raise _Late()

    signal.signal(signal.SIGALRM, late)
    todo = json.loads(plan)
    t = time.perf_counter()
    ds = load(path, store=StoreKind.MEMORY if kind == "memory" else StoreKind.OXIGRAPH)
    print(json.dumps({"name": "(load)", "seconds": time.perf_counter() - t}), flush=True)
    for name, params, repeat in todo:
        text, named = resolve(name)
        prepared = prepare(text, params=params, named=named)
        runs = {"kg": lambda: query(ds, name, params=params)}
        if kind == "dataset":
            runs["adapter"] = lambda: from_rdflib(ds.query(prepared))
        rec: dict = {"name": name}
        for label, fn in runs.items():
            signal.setitimer(signal.ITIMER_REAL, budget)
            try:
                first, _ = _median_time(fn, 1)
                rec[label] = first if first > 5 or repeat <= 1 else _median_time(fn, repeat)[0]
            except _Late:
                rec[label] = budget
                rec["timeout"] = True
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
        print(json.dumps(rec), flush=True)


def _child_times(kind: str, path: Path, names: list[str], params: dict, repeat: int, budget: float,
                 restarts: int = 4) -> dict[str, dict]:
    """Run :func:`_child`; a query still running ``2 × budget × repeat`` seconds after the previous answer is
    killed (counted as the budget) and the child restarted on the remaining queries."""
    import select

    out: dict[str, dict] = {}
    todo = list(names)
    while todo and restarts >= 0:
        plan = json.dumps([(n, params.get(n), repeat) for n in todo])
        proc = subprocess.Popen([PY, __file__, "--child", kind, str(path), plan, str(budget)], cwd=ROOT,
                                stdout=subprocess.PIPE, text=True)
        waiting, deadline = "(load)", time.monotonic() + 1800
        try:
            while todo:
                ready, _, _ = select.select([proc.stdout], [], [], max(0.0, deadline - time.monotonic()))
                if not ready:
                    out[waiting] = {"kg": budget, "adapter": budget, "timeout": True, "killed": True}
                    print(f"  {kind}: {waiting} killed past the budget", file=sys.stderr, flush=True)
                    todo.remove(waiting)
                    break
                line = proc.stdout.readline()
                if not line:  # the child ended early (e.g. killed for lack of memory): say so, do not retry
                    out["(exit)"] = {"name": "(exit)", "returncode": proc.wait(), "before": waiting}
                    print(f"  {kind}: child ended with status {proc.returncode} before {waiting}",
                          file=sys.stderr, flush=True)
                    restarts = -1
                    break
                rec = json.loads(line)
                if rec["name"] == "(load)":
                    out.setdefault("(load)", rec)
                else:
                    out[rec["name"]] = rec
                    todo.remove(rec["name"])
                print(f"  {kind}: {line.strip()}", file=sys.stderr, flush=True)
                if todo:
                    waiting, deadline = todo[0], time.monotonic() + 2 * budget * max(repeat, 1) + 10
        finally:
            proc.kill()
            proc.wait()
        restarts -= 1
    return out


def part_queries(out: Path, repeat: int, budget: float) -> dict:
    from kg.graph.query import named_queries, prepare, query, resolve
    from kg.graph.store import open_build

    names = list(named_queries())
    t = time.perf_counter()
    built = open_build(out)
    store = built.store
    kg_open = time.perf_counter() - t
    params = _params(store)

    def raw(prepared: str):
        import pyoxigraph as ox

        res = store.query(prepared)  # the default graph, which kg build filled with the merged graphs
        if isinstance(res, ox.QuerySolutions):
            width = range(len(res.variables))
            return [tuple(sol[i] for i in width) for sol in res]
        if isinstance(res, ox.QueryBoolean):
            return bool(res)
        return list(res)

    rows: dict[str, dict] = {}
    for name in names:
        text, named = resolve(name)
        prepared = prepare(text, params=params.get(name), named=named)
        kg_t, result = _median_time(lambda: query(built, name, params=params.get(name)), repeat)
        ox_t, _ = _median_time(lambda: raw(prepared), repeat)
        rows[name] = {"kg": kg_t, "pyoxigraph": ox_t, "rows": len(result.rows)}
        print(f"  {name}: kg {kg_t * 1000:.1f} ms, pyoxigraph {ox_t * 1000:.1f} ms, {len(result.rows)} rows",
              file=sys.stderr, flush=True)
    del store, built
    dataset = _child_times("dataset", out, names, params, repeat, budget)
    memory = _child_times("memory", out / "kg.nq", names, params, repeat, budget)
    for name in names:
        d, m = dataset.get(name, {}), memory.get(name, {})
        rows[name].update(dataset_kg=d.get("kg"), adapter=d.get("adapter"), dataset_timeout=bool(d.get("timeout")),
                          memory=m.get("kg"), memory_timeout=bool(m.get("timeout")))
    notes = [f"the {kind} child process ended with status {rec['returncode']} while running {rec['before']}; "
             "the queries from there on were not measured on that path"
             for kind, rec in (("Dataset", dataset.get("(exit)")), ("memory", memory.get("(exit)"))) if rec]
    quads = json.loads((out / "build-report.json").read_text(encoding="utf-8"))["quads"]
    return {"out": str(out), "quads": quads, "repeat": repeat, "budget": budget, "notes": notes, "load": {
        "kg": kg_open, "dataset": dataset.get("(load)", {}).get("seconds"),
        "memory": memory.get("(load)", {}).get("seconds")},
        "params": params, "rows": rows, "load_average": load_average()}


# ---------------------------------------------------------------------------------- start-up
def part_startup(runs: int) -> dict:
    cases = {
        "python -c pass": [PY, "-c", "pass"],
        "python -c \"import click\"": [PY, "-c", "import click"],
        "python -c \"import kg\"": [PY, "-c", "import kg"],
        "python -m kg --help": [PY, "-m", "kg", "--help"],
        "python -m kg query people --path data/kg": [PY, "-m", "kg", "query", "people", "--path", "data/kg"],
    }
    out = {}
    for name, args in cases.items():
        walls, cpus = [], []
        for _ in range(runs):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t = time.perf_counter()
            subprocess.run(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
            walls.append(time.perf_counter() - t)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus.append((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))
        out[name] = {"wall": statistics.median(walls), "wall_min": min(walls), "cpu": statistics.median(cpus)}
        print(f"  {name}: {out[name]['wall'] * 1000:.1f} ms", file=sys.stderr, flush=True)
    return {"runs": runs, "cases": out, "load_average": load_average()}


# ---------------------------------------------------------------------------------- the report
def _ms(x: float | None) -> str:
    return "–" if x is None else f"{x * 1000:,.1f}"


def _mib(x) -> str:
    return "–" if not x else f"{x / 2**20:,.0f}"


def render(work: Path, command: str) -> str:
    parts = {p: json.loads((work / f"scale-{p}.json").read_text())
             for p in ("machine", "build", "waits", "validate", "queries", "startup")
             if (work / f"scale-{p}.json").is_file()}
    m = parts.get("machine", {})
    lines = ["# Scale benchmark results", "",
             "Written by `benchmarks/bench_scale.py`; do not edit by hand.", "",
             "## Machine", "",
             f"- CPU: {m.get('cpu')}, {m.get('cores')} cores; RAM {m.get('memory')}; {m.get('system')}",
             f"- Python {m.get('python')}; " + ", ".join(f"{k} {v}" for k, v in m.get("packages", {}).items()),
             "- the machine is shared with other work: each section gives the load average (1, 5, 15 min) while it "
             "ran, wall times carry that load, CPU times (user + system of the whole process tree) less so; "
             "ratios are measured side by side in one run",
             "- each section names the command that produced it", ""]
    b = parts.get("build")
    if b:
        lines += ["## Build", "", f"Command: `{b.get('command', command)}`", "",
                  f"Corpus: `benchmarks/corpus.py` with seed {b['seed']} (N reports = its first N). Every build "
                  "starts from an empty output folder (no build cache), store included. **baseline** = the same "
                  "build with the package as it was before the store (`--baseline`), run right after, under the "
                  "same load" + (f" (baseline tree: {b['baseline']})" if b.get("baseline") else "") + ". Peak memory = highest sum of RSS over the build process and its workers, polled "
                  "every 20 ms with psutil.", "",
                  "| reports | jobs | build | characters | quads | wall s | CPU s | reports/s | peak RSS MiB | "
                  "store MiB | load after |",
                  "|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---|"]
        for r in sorted(b["rows"], key=lambda r: (r["reports"], -r["jobs"], r.get("tree", ""))):
            lines.append(f"| {r['reports']} | {r['jobs']} | {r.get('tree', 'kg')} | {r['characters']:,} | "
                         f"{r['quads']:,} | {r['wall']:.1f} | {r['cpu']:.1f} | {r['reports'] / r['wall']:.1f} | "
                         f"{r['peak_rss'] / 2**20:,.0f} | {_mib(r.get('store_bytes'))} | {r['load_after']} |")
        main_rows = {r["reports"]: r for r in b["rows"] if r["jobs"] == b["jobs"] and "tree" not in r}
        base_rows = {r["reports"]: r for r in b["rows"] if r.get("tree") == "baseline"}
        lines.append("")
        for n in sorted(base_rows):
            if n in main_rows:
                k, o = main_rows[n], base_rows[n]
                lines.append(f"- {n} reports: build with the store / baseline = **{k['wall'] / o['wall']:.2f}** wall, "
                             f"{k['cpu'] / o['cpu']:.2f} CPU ({k['wall']:.1f} s vs {o['wall']:.1f} s)")
        sizes = sorted(main_rows)
        for a, c in zip(sizes, sizes[1:]):
            ra, rc = main_rows[a], main_rows[c]
            lines.append(f"- time({c})/time({a}) = **{rc['wall'] / ra['wall']:.2f}** wall, "
                         f"{rc['cpu'] / ra['cpu']:.2f} CPU (×{c / a:.0f} reports); "
                         f"memory({c})/memory({a}) = {rc['peak_rss'] / ra['peak_rss']:.2f}")
        lines += _identity_lines(b)
        single = [r for r in b["rows"] if r["jobs"] == 1 and b["jobs"] != 1]
        for r in single:
            par = main_rows.get(r["reports"])
            if par:
                lines.append(f"- {r['reports']} reports: --jobs {par['jobs']} takes {par['wall'] / r['wall']:.2f}× "
                             f"the wall time of --jobs 1 ({par['wall']:.1f} s vs {r['wall']:.1f} s)")
        lines += [f"- {note}" for note in b.get("notes", [])]
        lines.append("")
    w = parts.get("waits")
    if w:
        lines += ["## What a user waits", "",
                  "A fresh process per command, as a user runs it (median of the runs each size names; CPU of that run; "
                  "the highest peak RSS of the runs, from `wait4`). **raw** = a fresh Python process that opens the "
                  "same store with `pyoxigraph.Store.read_only`, runs the very SPARQL text `kg` runs and writes the "
                  "rows as TSV (pyoxigraph's own serializer): the floor for a fresh process. **HTTP** = the same "
                  "query POSTed to `oxigraph serve-read-only` on that store, already running (the round trip from "
                  "the benchmark process). Names asked for: the first person, industrial park and town by label.", ""]
        for n, size in sorted(w["sizes"].items(), key=lambda kv: int(kv[0])):
            rows = size["rows"]
            lines += [f"### {int(n):,} reports", "",
                      f"Command: `{size.get('command', w.get('command', command))}` (median of "
                      f"{size.get('repeat', w['repeat'])} run(s) per command).", "",
                      f"Asked for: {', '.join(f'{k} {v}' for k, v in size['names'].items())}; load average after: "
                      f"{size['load_average']}.", "",
                      "| command | kg s | raw s | kg / raw | HTTP ms | kg CPU s | kg peak RSS MiB |",
                      "|---|---:|---:|---:|---:|---:|---:|"]
            ratios, walls = [], []
            for label, r in rows.items():
                raw = r.get("raw")
                if raw:
                    ratios.append(r["wall"] / raw)
                    walls.append((r["wall"], label))
                ge = "≥ " if r.get("stopped") else ""
                lines.append(f"| `{label}` | {ge}{r['wall']:.2f} | " + (f"{raw:.2f} | {r['wall'] / raw:.2f}" if raw else "– | –")
                             + f" | " + (f"{r['http'] * 1000:,.0f}" if r.get("http") is not None else "–")
                             + f" | {r['cpu']:.2f} | {_mib(r['rss'])} |")
            lines.append("")
            if ratios:
                slowest = max(walls)
                lines.append(f"- named queries: median kg / raw = **{statistics.median(ratios):.2f}**; slowest "
                             f"`{slowest[1]}` {slowest[0]:.2f} s; highest peak RSS of any command "
                             f"{max(r['rss'] for r in rows.values()) / 2**20:,.0f} MiB")
            for label, r in rows.items():
                if r.get("stopped"):
                    lines.append(f"- `{label}` was stopped after {r['wall']:.0f} s (not run on the raw store or "
                                 "the server, which would take as long)")
            if "kg show" in rows:
                lines.append(f"- `kg show`: {rows['kg show']['wall']:.2f} s")
            if size.get("note"):
                lines.append(f"- {size['note']}")
            lines.append("")
    v = parts.get("validate")
    if v:
        lines += ["## Validate", "", f"Command: `{v.get('command', command)}`", "",
                  "`python -m kg validate --path <build>` in a fresh process: the merged graph of the build, its "
                  "reports read from `kg.nq` in batches each checked in an in-memory store (one SPARQL query per "
                  "SHACL constraint, `kg.graph.shacl_sparql`), the nodes several batches name checked again on "
                  "the build's store. Violations come from wrong merges across documents (issue 18).", "",
                  "| reports | wall s | CPU s | peak RSS MiB | violations | summary | load after |",
                  "|---:|---:|---:|---:|---:|---|---|"]
        for n, r in sorted(v["rows"].items(), key=lambda kv: int(kv[0])):
            lines.append(f"| {int(n):,} | {r['wall']:.1f} | {r['cpu']:.1f} | {_mib(r['rss'])} | {r['violations']} | "
                         f"{r['summary']} | {r['load_after']} |")
        lines.append("")
        lines += [f"- {note}" for note in v.get("notes", [])] + ([""] if v.get("notes") else [])
    q = parts.get("queries")
    if q:
        rows = q["rows"]
        ld = q["load"]
        lines += ["## Named queries on the biggest build", "", f"Command: `{q.get('command', command)}`", "",
                  f"`{q['out']}` ({q['quads']:,} quads in the documents' graphs). Opening: the build's store "
                  f"(`kg.graph.store.open_build`, read-only) {ld['kg'] * 1000:.0f} ms; `kg.load()` (rdflib Dataset "
                  "over the same store) "
                  + (f"{ld['dataset']:.1f} s" if ld.get("dataset") is not None else "–") + "; rdflib memory store "
                  + (f"{ld['memory']:.1f} s" if ld.get("memory") else "–") + ".", "",
                  "Columns (ms, median of " + str(q["repeat"]) + " runs, all in one warm process): **kg** = "
                  "`kg.graph.query.query` on the build's store (what `kg query` and `query_frame` use); "
                  "**pyoxigraph** = the same prepared SPARQL text on that same pyoxigraph store, every value of "
                  "every row read; **Dataset** = `kg.graph.query.query` on `kg.load()`'s rdflib Dataset; "
                  "**adapter** = `Dataset.query` through oxrdflib's result adapter on that Dataset; **memory** = "
                  "`kg.graph.query.query` on rdflib's memory store. A run past the "
                  f"{q['budget']:.0f} s budget is stopped and shown as ≥ budget (its ratio is a lower bound). "
                  "Parameters: " + ", ".join(f"{k} {v}" for k, v in q["params"].items()) + ".", "",
                  "| query | rows | kg | pyoxigraph | kg / pyoxigraph | Dataset | adapter | memory | memory / kg |",
                  "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
        vs_ox, vs_mem = [], []
        for name, r in rows.items():
            ratio_ox = r["kg"] / r["pyoxigraph"]
            vs_ox.append(ratio_ox)
            mem = r.get("memory")
            vs_mem.append(mem / r["kg"] if mem else None)
            dge = "≥ " if r.get("dataset_timeout") else ""
            mge = "≥ " if r.get("memory_timeout") else ""
            lines.append(f"| {name} | {r['rows']} | {_ms(r['kg'])} | {_ms(r['pyoxigraph'])} | {ratio_ox:.2f} | "
                         f"{dge}{_ms(r.get('dataset_kg'))} | {dge}{_ms(r.get('adapter'))} | {mge}{_ms(mem)} | "
                         + (f"{mge}{mem / r['kg']:,.0f}×" if mem else "–") + " |")
        measured = [x for x in vs_mem if x is not None]
        lines += ["",
                  f"- median over the suite: kg / raw pyoxigraph = **{statistics.median(vs_ox):.2f}**; "
                  + (f"rdflib memory store / kg = **{statistics.median(measured):,.0f}×** (≥ where stopped)"
                     if measured else "rdflib memory store not measured"),
                  *(f"- {note}" for note in q.get("notes", [])),
                  f"- load average after the query part: {q['load_average']}", ""]
    s = parts.get("startup")
    if s:
        base = s["cases"]["python -c pass"]
        lines += ["## Start-up", "", f"Command: `{s.get('command', command)}`", "",
                  f"Median of {s['runs']} runs each (`kg` is not installed in the venv, so `python -m kg`). "
                  "`kg query` opens the seed build's store (data/kg, after `kg build`).", "",
                  "| command | wall ms | fastest ms | CPU ms | wall / `python -c pass` |",
                  "|---|---:|---:|---:|---:|"]
        for name, c in s["cases"].items():
            lines.append(f"| `{name}` | {c['wall'] * 1000:.1f} | {c['wall_min'] * 1000:.1f} | {c['cpu'] * 1000:.1f} | "
                         f"{c['wall'] / base['wall']:.1f}× |")
        lines += ["", f"- load average after the start-up part: {s['load_average']}", ""]
    return "\n".join(lines)


def _identity_lines(b: dict) -> list[str]:
    """Nodes merged across reports, and names kept apart, per class, from each build's build-report.json."""
    found = {}
    for n, folder in sorted(b.get("builds", {}).items(), key=lambda kv: int(kv[0])):
        path = Path(folder) / "build-report.json"
        if path.is_file():
            found[int(n)] = json.loads(path.read_text(encoding="utf-8")).get("identity", {})
    if not found:
        return []
    classes = sorted({c for ident in found.values() for c in (*ident.get("merged", {}), *ident.get("kept_apart", {}))})
    sizes = sorted(found)
    lines = ["", "Identity across reports (`build-report.json`, `identity`): **merged** = nodes of the class that "
             "several reports state (one node each); **kept apart** = names that several nodes of the class share "
             "for want of evidence that they are one thing (names / nodes).", "",
             "| class | " + " | ".join(f"merged, {n:,} reports | kept apart, {n:,} reports" for n in sizes) + " |",
             "|---|" + "---:|---:|" * len(sizes)]
    for c in classes:
        cells = []
        for n in sizes:
            merged = found[n].get("merged", {}).get(c, 0)
            apart = found[n].get("kept_apart", {}).get(c)
            cells += [f"{merged:,}", f"{apart['names']:,} / {apart['nodes']:,}" if apart else "0"]
        lines.append(f"| {c} | " + " | ".join(cells) + " |")
    lines.append("| **all** | " + " | ".join(
        f"**{sum(found[n].get('merged', {}).values()):,}** | "
        f"{sum(v['names'] for v in found[n].get('kept_apart', {}).values()):,} / "
        f"{sum(v['nodes'] for v in found[n].get('kept_apart', {}).values()):,}" for n in sizes) + " |")
    lines.append("")
    return lines


def _merge(path: Path, fresh: dict, key: str) -> dict:
    """The figures of a part run now, added to those of earlier runs (runs of other sizes are kept)."""
    if not path.is_file():
        return fresh
    old = json.loads(path.read_text())
    if key == "rows" and isinstance(old.get("rows"), list):
        done = {(r["reports"], r["jobs"], r.get("tree", "")) for r in fresh["rows"]}
        fresh["rows"] = [r for r in old["rows"] if (r["reports"], r["jobs"], r.get("tree", "")) not in done] + fresh["rows"]
        fresh["builds"] = {**old.get("builds", {}), **fresh.get("builds", {})}
        fresh["biggest"] = fresh["builds"][str(max(int(k) for k in fresh["builds"]))]
    elif isinstance(old.get(key), dict):
        fresh[key] = {**old[key], **fresh[key]}
    return fresh


def main() -> None:
    if len(sys.argv) == 6 and sys.argv[1] == "--child":
        _child(sys.argv[2], sys.argv[3], sys.argv[4], float(sys.argv[5]))
        return
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10,100,1000", help="corpus sizes to build (and to time commands on)")
    ap.add_argument("--jobs", type=int, default=0, help="0 = one per CPU (the default of kg build)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--work", type=Path, default=Path("/tmp/kg-scale"))
    ap.add_argument("--parts", default="build,waits,validate,queries,startup")
    ap.add_argument("--baseline", type=Path, help="a copy of the project before the store, built side by side")
    ap.add_argument("--baseline-sizes", default="100,1000", help="sizes also built with the baseline tree")
    ap.add_argument("--single", action="store_true", help="also build the middle size with --jobs 1")
    ap.add_argument("--waits-sizes", default="", help="sizes for the waits part (default: --sizes from 100 on)")
    ap.add_argument("--validate-sizes", default="100,1000")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--budget", type=float, default=60.0, help="seconds a memory-store query may run")
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--results", type=Path, default=ROOT / "benchmarks" / "RESULTS.md")
    args = ap.parse_args()
    command = "python benchmarks/bench_scale.py " + " ".join(sys.argv[1:])
    args.work.mkdir(parents=True, exist_ok=True)
    parts = args.parts.split(",")
    sizes = [int(x) for x in args.sizes.split(",")]
    info = machine()
    info.update(load_average=load_average(), command=command)
    if set(parts) - {"render"}:  # --parts render only rewrites the Markdown
        (args.work / "scale-machine.json").write_text(json.dumps(info, indent=2))

    def save(part: str, data: dict, key: str) -> None:
        path = args.work / f"scale-{part}.json"
        path.write_text(json.dumps(_merge(path, {**data, "command": command}, key), indent=2, ensure_ascii=False))

    if "build" in parts:
        save("build", part_build(sizes, args.jobs, args.seed, args.work, args.baseline,
                                 tuple(int(x) for x in args.baseline_sizes.split(",")), args.single), "rows")
    builds = json.loads((args.work / "scale-build.json").read_text())["builds"] if {"waits", "validate", "queries"} & set(
        parts) else {}
    if "waits" in parts:
        wanted = [int(x) for x in args.waits_sizes.split(",")] if args.waits_sizes else [n for n in sizes if n >= 100]
        save("waits", part_waits({str(n): builds[str(n)] for n in wanted}, args.repeat, args.work), "sizes")
    if "validate" in parts:
        save("validate", part_validate(builds, [int(x) for x in args.validate_sizes.split(",")]), "rows")
    if "queries" in parts:
        biggest = builds[str(max(int(k) for k in builds if int(k) <= 1000))]
        save("queries", part_queries(Path(biggest), args.repeat, args.budget), "")
    if "startup" in parts:
        save("startup", part_startup(args.runs), "")
    text = render(args.work, command)
    args.results.write_text(text + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
