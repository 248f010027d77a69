"""Scale benchmark (not a test): build throughput and memory for 10, 100, 1000 generated reports; named
queries through kg, raw pyoxigraph and rdflib's memory store on the biggest build; start-up time.

Each part stores its figures in ``<work>/scale-<part>.json``; every run rewrites ``--results`` (Markdown)
from all parts present, so parts can be run one at a time (``--parts build``, ``--parts queries`` …).

- build: ``python -m kg build <reports> --out … --jobs J`` in a child process; wall time, CPU time (user +
  system of the whole process tree, from ``getrusage(RUSAGE_CHILDREN)``) and peak memory: the sum of the
  RSS of the build process and all its worker processes, polled every 20 ms with psutil (the peak of that
  sum).  The corpus of N reports is the first N reports of ``benchmarks/corpus.py OUT MAX --seed S``.
- queries: every named query on the biggest build, each the median of ``--repeat`` runs, through
  ``kg.graph.query.query`` on ``kg.graph.store.load`` (the default path), through oxrdflib's rdflib adapter on the
  same dataset (``Dataset.query``, kg's path before it went to the store underneath), on a bare
  pyoxigraph store given the very same prepared SPARQL text (every value of
  every row read), and through ``kg.graph.query.query`` on rdflib's memory store (in a child process, so a
  query that runs past ``--budget`` seconds can be stopped; such a query counts as taking the budget,
  which makes the ratio a lower bound).
- startup: ``python -c pass``, ``python -c "import click"``, ``python -c "import kg"`` (the package's
  own imports), ``python -m kg --help`` and
  ``python -m kg query people --path data/kg`` (the seed build), median of ``--runs`` runs each.

Usage: python benchmarks/bench_scale.py [--sizes 10,100,1000] [--jobs 0] [--work /tmp/kg-scale]
       [--parts build,queries,startup|render] [--results benchmarks/RESULTS.md]
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


def run_build(reports: list[Path], out: Path, jobs: int) -> dict:
    """One ``kg build`` in a child process: wall and CPU seconds, peak RSS of the process tree."""
    import psutil

    args = [PY, "-m", "kg", "build", *map(str, reports), "--out", str(out), "--jobs", str(jobs)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    proc = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    ps = psutil.Process(proc.pid)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, _tree_rss(ps))
        time.sleep(0.02)
    wall = time.perf_counter() - t
    stdout, stderr = proc.communicate()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"build of {len(reports)} reports failed:\n{stderr.decode()[-2000:]}")
    report = json.loads((out / "build-report.json").read_text(encoding="utf-8"))
    return {
        "reports": len(reports), "jobs": jobs, "wall": wall,
        "cpu": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
        "peak_rss": peak, "characters": sum(d["characters"] for d in report["documents"]),
        "quads": report["quads"], "warnings": len(report["warnings"]),
        "nq_bytes": (out / "kg.nq").stat().st_size,
        "stderr_tail": stderr.decode("utf-8", "replace").strip().splitlines()[-1:],
    }


def part_build(sizes: list[int], jobs: int, seed: int, work: Path) -> dict:
    from corpus import generate

    corpus = work / f"corpus-{max(sizes)}-seed{seed}"
    if not (corpus / f"synthetic-{max(sizes) - 1:05d}.txt").is_file():
        generate(corpus, max(sizes), seed=seed)
    every = sorted(corpus.glob("*.txt"))
    rows = []
    effective = jobs or os.cpu_count() or 1
    plan = [(n, effective) for n in sizes]
    if effective != 1:
        mid = sorted(sizes)[len(sizes) // 2]
        plan.append((mid, 1))  # is the pool worth it?
    for n, j in plan:
        print(f"build {n} reports, --jobs {j} (load average {load_average()}) …", file=sys.stderr, flush=True)
        row = run_build(every[:n], work / f"out-{n}-j{j}", j)
        row["load_after"] = load_average()
        print(f"  {row['wall']:.1f} s wall, {row['cpu']:.1f} s CPU, peak {row['peak_rss'] / 2**20:.0f} MiB",
              file=sys.stderr, flush=True)
        rows.append(row)
    return {"seed": seed, "corpus": str(corpus), "jobs": effective, "rows": rows,
            "biggest": str(work / f"out-{max(sizes)}-j{effective}")}


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


def _child(kind: str, nq: str, plan: str, budget: float) -> None:
    """Child process: load the build one way, then time each query; one JSON line per result.

    ``memory``: kg.graph.query on rdflib's memory store (Python code, so an alarm stops a query past the budget).
    ``dataset``: kg.graph.query and oxrdflib's adapter (``Dataset.query``) on ``kg.graph.store.load``'s dataset, whose
    default graph is pyoxigraph's union of the named graphs (the parent kills a query past the budget).
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
    ds = load(nq, store=StoreKind.MEMORY if kind == "memory" else StoreKind.OXIGRAPH)
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


def _child_times(kind: str, nq: Path, names: list[str], params: dict, repeat: int, budget: float,
                 restarts: int = 4) -> dict[str, dict]:
    """Run :func:`_child`; a query still running ``2 × budget × repeat`` seconds after the previous answer is
    killed (counted as the budget) and the child restarted on the remaining queries."""
    import select

    out: dict[str, dict] = {}
    todo = list(names)
    while todo and restarts >= 0:
        plan = json.dumps([(n, params.get(n), repeat) for n in todo])
        proc = subprocess.Popen([PY, __file__, "--child", kind, str(nq), plan, str(budget)], cwd=ROOT,
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


def part_queries(nq: Path, repeat: int, budget: float) -> dict:
    from kg.graph.query import named_queries, prepare, query, resolve
    from kg.graph.store import load_store

    names = list(named_queries())
    t = time.perf_counter()
    store = load_store(nq)
    kg_load = time.perf_counter() - t
    params = _params(store)
    quads = len(store)

    def raw(prepared: str):
        import pyoxigraph as ox

        res = store.query(prepared)  # the default graph, which load_store filled with the merged graphs
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
        kg_t, result = _median_time(lambda: query(store, name, params=params.get(name)), repeat)
        ox_t, _ = _median_time(lambda: raw(prepared), repeat)
        rows[name] = {"kg": kg_t, "pyoxigraph": ox_t, "rows": len(result.rows)}
        print(f"  {name}: kg {kg_t * 1000:.1f} ms, pyoxigraph {ox_t * 1000:.1f} ms, {len(result.rows)} rows",
              file=sys.stderr, flush=True)
    del store
    dataset = _child_times("dataset", nq, names, params, repeat, budget)
    memory = _child_times("memory", nq, names, params, repeat, budget)
    for name in names:
        d, m = dataset.get(name, {}), memory.get(name, {})
        rows[name].update(dataset_kg=d.get("kg"), adapter=d.get("adapter"), dataset_timeout=bool(d.get("timeout")),
                          memory=m.get("kg"), memory_timeout=bool(m.get("timeout")))
    notes = [f"the {kind} child process ended with status {rec['returncode']} while running {rec['before']}; "
             "the queries from there on were not measured on that path"
             for kind, rec in (("Dataset", dataset.get("(exit)")), ("memory", memory.get("(exit)"))) if rec]
    return {"nq": str(nq), "quads": quads, "repeat": repeat, "budget": budget, "notes": notes, "load": {
        "kg": kg_load, "dataset": dataset.get("(load)", {}).get("seconds"),
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


def render(work: Path, command: str) -> str:
    parts = {p: json.loads((work / f"scale-{p}.json").read_text()) for p in ("machine", "build", "queries", "startup")
             if (work / f"scale-{p}.json").is_file()}
    m = parts.get("machine", {})
    lines = ["# Scale benchmark results", "",
             "Written by `benchmarks/bench_scale.py`; do not edit by hand.", "",
             "## Machine", "",
             f"- CPU: {m.get('cpu')}, {m.get('cores')} cores; RAM {m.get('memory')}; {m.get('system')}",
             f"- Python {m.get('python')}; " + ", ".join(f"{k} {v}" for k, v in m.get("packages", {}).items()),
             f"- load average (1, 5, 15 min) when the last part started: {m.get('load_average')} — the machine is shared with "
             "other work, so wall times carry its load; CPU times (user + system of the whole process tree) "
             "are less affected.",
             "- each section names the command that produced it", ""]
    b = parts.get("build")
    if b:
        lines += ["## Build", "", f"Command: `{b.get('command', command)}`", "",
                  f"Corpus: `benchmarks/corpus.py` with seed {b['seed']} (N reports = its first N). "
                  "Peak memory = highest sum of RSS over the build process and its workers, polled every 20 ms "
                  "with psutil.", "",
                  "| reports | jobs | characters | quads | wall s | CPU s | reports/s | chars/s | peak RSS MiB | "
                  "load after |",
                  "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
        for r in b["rows"]:
            lines.append(f"| {r['reports']} | {r['jobs']} | {r['characters']:,} | {r['quads']:,} | {r['wall']:.1f} | "
                         f"{r['cpu']:.1f} | {r['reports'] / r['wall']:.1f} | {r['characters'] / r['wall']:,.0f} | "
                         f"{r['peak_rss'] / 2**20:,.0f} | {r['load_after']} |")
        main_rows = {r["reports"]: r for r in b["rows"] if r["jobs"] == b["jobs"]}
        lines.append("")
        sizes = sorted(main_rows)
        for a, c in zip(sizes, sizes[1:]):
            ra, rc = main_rows[a], main_rows[c]
            lines.append(f"- time({c})/time({a}) = {rc['wall'] / ra['wall']:.2f} wall, "
                         f"{rc['cpu'] / ra['cpu']:.2f} CPU (×{c / a:.0f} reports); "
                         f"memory({c})/memory({a}) = {rc['peak_rss'] / ra['peak_rss']:.2f}")
        single = [r for r in b["rows"] if r["jobs"] == 1 and b["jobs"] != 1]
        for r in single:
            par = main_rows.get(r["reports"])
            if par:
                lines.append(f"- {r['reports']} reports: --jobs {par['jobs']} takes {par['wall'] / r['wall']:.2f}× "
                             f"the wall time of --jobs 1 ({par['wall']:.1f} s vs {r['wall']:.1f} s)")
        lines.append("")
    q = parts.get("queries")
    if q:
        rows = q["rows"]
        ld = q["load"]
        lines += ["## Named queries on the biggest build", "", f"Command: `{q.get('command', command)}`", "",
                  f"`{q['nq']}`: {q['quads']:,} quads in the store after loading (the named graphs plus their "
                  "merge in the default graph). Load: `kg.graph.store.load_store` (bulk load + merge) "
                  f"{ld['kg']:.1f} s; `kg.graph.store.load` (rdflib Dataset over oxrdflib) "
                  + (f"{ld['dataset']:.1f} s" if ld.get("dataset") else "–") + "; rdflib memory store "
                  + (f"{ld['memory']:.1f} s" if ld.get("memory") else "–") + ".", "",
                  "Columns (ms, median of " + str(q["repeat"]) + " runs): **kg** = `kg.graph.query.query` on "
                  "`load_store`'s store (what `kg query` and `query_frame` use); **pyoxigraph** = the same "
                  "prepared SPARQL text on that same pyoxigraph store, every value of every row read; **Dataset** "
                  "= `kg.graph.query.query` on `kg.graph.store.load`'s rdflib Dataset (pyoxigraph's union default graph); "
                  "**adapter** = `Dataset.query` through oxrdflib's result adapter on that Dataset (kg's path "
                  "before); **memory** = `kg.graph.query.query` on rdflib's memory store. A run past the "
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
                  "`kg query` loads the seed build (data/kg) first.", "",
                  "| command | wall ms | fastest ms | CPU ms | wall / `python -c pass` |",
                  "|---|---:|---:|---:|---:|"]
        for name, c in s["cases"].items():
            lines.append(f"| `{name}` | {c['wall'] * 1000:.1f} | {c['wall_min'] * 1000:.1f} | {c['cpu'] * 1000:.1f} | "
                         f"{c['wall'] / base['wall']:.1f}× |")
        lines += ["", f"- load average after the start-up part: {s['load_average']}", ""]
    return "\n".join(lines)


def main() -> None:
    if len(sys.argv) == 6 and sys.argv[1] == "--child":
        _child(sys.argv[2], sys.argv[3], sys.argv[4], float(sys.argv[5]))
        return
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10,100,1000")
    ap.add_argument("--jobs", type=int, default=0, help="0 = one per CPU (the default of kg build)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--work", type=Path, default=Path("/tmp/kg-scale"))
    ap.add_argument("--parts", default="build,queries,startup")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--budget", type=float, default=60.0, help="seconds a memory-store query may run")
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--results", type=Path, default=ROOT / "benchmarks" / "RESULTS.md")
    args = ap.parse_args()
    command = "python benchmarks/bench_scale.py " + " ".join(sys.argv[1:])
    args.work.mkdir(parents=True, exist_ok=True)
    parts = args.parts.split(",")
    info = machine()
    info.update(load_average=load_average(), command=command)
    if {"build", "queries", "startup"} & set(parts):  # --parts render only rewrites the Markdown
        (args.work / "scale-machine.json").write_text(json.dumps(info, indent=2))
    if "build" in parts:
        sizes = [int(x) for x in args.sizes.split(",")]
        (args.work / "scale-build.json").write_text(json.dumps(
            {**part_build(sizes, args.jobs, args.seed, args.work), "command": command}, indent=2))
    if "queries" in parts:
        b = json.loads((args.work / "scale-build.json").read_text())
        nq = Path(b["biggest"]) / "kg.nq"
        (args.work / "scale-queries.json").write_text(json.dumps(
            {**part_queries(nq, args.repeat, args.budget), "command": command}, indent=2, ensure_ascii=False))
    if "startup" in parts:
        (args.work / "scale-startup.json").write_text(json.dumps({**part_startup(args.runs), "command": command},
                                                                 indent=2))
    text = render(args.work, command)
    args.results.write_text(text + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
