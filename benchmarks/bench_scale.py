"""Scale benchmark (not a test): build throughput and memory for 10, 100, 1000 generated reports; named
queries through kg, raw pyoxigraph and rdflib's memory store on the biggest build; start-up time.

Each part stores its figures in ``<work>/scale-<part>.json``; every run rewrites ``--results`` (Markdown)
from all parts present, so parts can be run one at a time (``--parts build``, ``--parts queries`` …).

- build: ``python -m kg build <reports> --out … --jobs J`` in a child process; wall time, CPU time (user +
  system of the whole process tree, from ``getrusage(RUSAGE_CHILDREN)``) and peak memory: the sum of the
  RSS of the build process and all its worker processes, polled every 20 ms with psutil (the peak of that
  sum).  The corpus of N reports is the first N reports of ``benchmarks/corpus.py OUT MAX --seed S``.
- queries: every named query on the biggest build, each the median of ``--repeat`` runs, through
  ``kg.query.query`` on ``kg.store.load`` (the default path), through oxrdflib's rdflib adapter on the
  same dataset (``Dataset.query``, kg's path before it went to the store underneath), on a bare
  ``pyoxigraph.Store`` given the very same prepared SPARQL text (union default graph, every value of
  every row read), and through ``kg.query.query`` on rdflib's memory store (in a child process, so a
  query that runs past ``--budget`` seconds can be stopped; such a query counts as taking the budget,
  which makes the ratio a lower bound).
- startup: ``python -c pass``, ``python -c "import click"``, ``python -m kg --help`` and
  ``python -m kg query people --path data/kg`` (the seed build), median of ``--runs`` runs each.

Usage: python benchmarks/bench_scale.py [--sizes 10,100,1000] [--jobs 0] [--work /tmp/kg-scale]
       [--parts build,queries,startup] [--results benchmarks/RESULTS.md]
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
    from kg.query import query

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
    """Raised by the alarm in the memory-store child (a BaseException, so kg.query does not wrap it)."""


def _memory_child(nq: str, plan: str, budget: float) -> None:
    """Child process: load into rdflib's memory store, then time each query, one JSON line each.

    rdflib's engine is Python code, so an alarm stops a query that runs past the budget.
    """
    import signal

    from kg.query import query
    from kg.store import StoreKind, load

    def late(*_):
        raise _Late()

    signal.signal(signal.SIGALRM, late)
    todo = json.loads(plan)
    t = time.perf_counter()
    ds = load(nq, store=StoreKind.MEMORY)
    print(json.dumps({"name": "(load)", "seconds": time.perf_counter() - t}), flush=True)
    for name, params, repeat in todo:
        signal.setitimer(signal.ITIMER_REAL, budget)
        try:
            first, _ = _median_time(lambda: query(ds, name, params=params), 1)
            took = first if first > 5 or repeat <= 1 else _median_time(
                lambda: query(ds, name, params=params), repeat)[0]
            print(json.dumps({"name": name, "seconds": took}), flush=True)
        except _Late:
            print(json.dumps({"name": name, "seconds": budget, "timeout": True}), flush=True)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)


def _memory_store_times(nq: Path, names: list[str], params: dict, repeat: int, budget: float) -> dict[str, dict]:
    plan = json.dumps([(n, params.get(n), repeat) for n in names])
    proc = subprocess.Popen([PY, __file__, "--memory-child", str(nq), plan, str(budget)], cwd=ROOT,
                            stdout=subprocess.PIPE, text=True)
    out: dict[str, dict] = {}
    for line in proc.stdout:
        rec = json.loads(line)
        out[rec["name"]] = rec
        print(f"  memory store: {rec['name']} {rec['seconds'] * 1000:,.0f} ms"
              + (" (stopped)" if rec.get("timeout") else ""), file=sys.stderr, flush=True)
    proc.wait()
    return out


def part_queries(nq: Path, repeat: int, budget: float) -> dict:
    import pyoxigraph as ox

    from kg.query import named_queries, prepare, query, resolve
    from kg.results import from_rdflib
    from kg.store import load

    names = list(named_queries())
    t = time.perf_counter()
    ds = load(nq)
    kg_load = time.perf_counter() - t
    params = _params(ds)
    t = time.perf_counter()
    store = ox.Store()
    store.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS)
    ox_load = time.perf_counter() - t
    quads = len(store)

    def raw(prepared: str):
        res = store.query(prepared, use_default_graph_as_union=True)
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
        kg_t, result = _median_time(lambda: query(ds, name, params=params.get(name)), repeat)
        adapter_t, _ = _median_time(lambda: from_rdflib(ds.query(prepared)), repeat)
        ox_t, _ = _median_time(lambda: raw(prepared), repeat)
        rows[name] = {"kg": kg_t, "adapter": adapter_t, "pyoxigraph": ox_t, "rows": len(result.rows)}
        print(f"  {name}: kg {kg_t * 1000:.1f} ms, adapter {adapter_t * 1000:.1f} ms, "
              f"pyoxigraph {ox_t * 1000:.1f} ms, {len(result.rows)} rows", file=sys.stderr, flush=True)
    del ds
    memory = _memory_store_times(nq, names, params, repeat, budget)
    for name in names:
        rows[name]["memory"] = memory.get(name, {}).get("seconds")
        rows[name]["memory_timeout"] = bool(memory.get(name, {}).get("timeout"))
    return {"nq": str(nq), "quads": quads, "repeat": repeat, "budget": budget, "load": {
        "kg": kg_load, "pyoxigraph": ox_load, "memory": memory.get("(load)", {}).get("seconds")},
        "params": params, "rows": rows, "load_average": load_average()}


# ---------------------------------------------------------------------------------- start-up
def part_startup(runs: int) -> dict:
    cases = {
        "python -c pass": [PY, "-c", "pass"],
        "python -c \"import click\"": [PY, "-c", "import click"],
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
             f"- load average (1, 5, 15 min) at the start: {m.get('load_average')} — the machine is shared with "
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
        lines += ["## Named queries on the biggest build", "", f"Command: `{q.get('command', command)}`", "",
                  f"`{q['nq']}`: {q['quads']:,} quads. Load: kg (Oxigraph store via oxrdflib, `ox-nquads`) "
                  f"{q['load']['kg']:.1f} s; bare pyoxigraph `bulk_load` {q['load']['pyoxigraph']:.1f} s; "
                  f"rdflib memory store "
                  + (f"{q['load']['memory']:.1f} s." if q['load']['memory'] else "not loaded.") + " "
                  f"Each figure is the median of {q['repeat']} runs in ms; a memory-store query stopped at the "
                  f"{q['budget']:.0f} s budget is shown as ≥ and counts as the budget (ratio = lower bound). "
                  "Parameters: " + ", ".join(f"{k} {v}" for k, v in q["params"].items()) + ".", "",
                  "| query | rows | kg.query | oxrdflib adapter | raw pyoxigraph | rdflib memory | kg/pyoxigraph | "
                  "memory/kg |",
                  "|---|---:|---:|---:|---:|---:|---:|---:|"]
        vs_ox, vs_mem, adapter = [], [], []
        for name, r in rows.items():
            ratio_ox = r["kg"] / r["pyoxigraph"]
            vs_ox.append(ratio_ox)
            adapter.append(r["adapter"] / r["pyoxigraph"])
            mem = r.get("memory")
            ratio_mem = mem / r["kg"] if mem else None
            if ratio_mem:
                vs_mem.append(ratio_mem)
            ge = "≥ " if r.get("memory_timeout") else ""
            lines.append(f"| {name} | {r['rows']} | {_ms(r['kg'])} | {_ms(r['adapter'])} | {_ms(r['pyoxigraph'])} | "
                         f"{ge}{_ms(mem)} | {ratio_ox:.2f} | "
                         + (f"{ge}{ratio_mem:.0f}×" if ratio_mem else "–") + " |")
        lines += ["",
                  f"- median over the suite: kg.query / raw pyoxigraph = **{statistics.median(vs_ox):.2f}**; "
                  f"oxrdflib's adapter / raw pyoxigraph = {statistics.median(adapter):.2f}; "
                  + (f"rdflib memory store / kg.query = **{statistics.median(vs_mem):.0f}×**" if vs_mem else
                     "rdflib memory store not measured"),
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
    if len(sys.argv) == 5 and sys.argv[1] == "--memory-child":
        _memory_child(sys.argv[2], sys.argv[3], float(sys.argv[4]))
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
    if parts:
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
