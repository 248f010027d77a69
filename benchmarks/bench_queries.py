"""Time every named query on the Oxigraph store and on rdflib's memory store (not a test).

The built graph (``data/kg/kg.nq`` by default) is measured as it is and replicated into bigger graphs:
copy *i* renames every data IRI under the base (``…/village/x`` → ``…/village/x-r<i>``, documents and
sentences alike), so the copies are disjoint and every query has *i* times the work.  Loading time and the
median of ``--repeat`` runs per query are printed with the memory-store / Oxigraph ratio.  A store that takes
longer than ``--budget`` seconds on a query — or would, if its time grew with the square of the graph's
size — does not run that query on the bigger graphs (a run cannot be interrupted once started).

Usage: python benchmarks/bench_queries.py [--path data/kg] [--copies 1,10,50] [--repeat 3] [--budget 60]
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.graph.query import named_queries, query  # noqa: E402
from kg.graph.store import StoreKind, built_file, load  # noqa: E402
from kg.graph.vocab import DEFAULT_BASE  # noqa: E402


def replicate(nq: Path, copies: int, out: Path, base: str = DEFAULT_BASE) -> int:
    """Write ``copies`` disjoint copies of the data in ``nq`` (the ontology graph once); returns the quad count."""
    lines = nq.read_text(encoding="utf-8").splitlines()
    iri = re.compile(r"<(" + re.escape(base) + r"[^>#]*)(#[^>]*)?>")
    n = 0
    with out.open("w", encoding="utf-8") as f:
        for i in range(copies):
            for line in lines:
                if i and base not in line:
                    continue  # ontology triples: once
                f.write(iri.sub(lambda m: f"<{m.group(1)}-r{i}{m.group(2) or ''}>", line) if i else line)
                f.write("\n")
                n += 1
    return n


def _params(ds) -> dict[str, dict[str, str]]:
    """Values for required parameters, taken from the graph itself."""
    def first(cls: str) -> str:
        rows = list(ds.query(f"PREFIX kg: <https://w3id.org/kg-cn/ontology#> "
                             f"PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
                             f"SELECT ?l WHERE {{ ?x a kg:{cls} ; rdfs:label ?l "
                             f"FILTER(langMatches(lang(?l), 'zh-Hans')) }} ORDER BY ?l LIMIT 1"))
        return str(rows[0][0]) if rows else "none"

    return {"projects-in-place": {"place": first("IndustrialPark")}, "provenance": {"name": first("Person")},
            "projects-by-status": {"status": "operational"}}


def _time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--path", default="data/kg")
    ap.add_argument("--copies", default="1,10,50")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--budget", type=float, default=60.0)
    args = ap.parse_args()
    nq = built_file(args.path)
    queries = named_queries()
    last: dict[tuple[StoreKind, str], tuple[int, float]] = {}  # (copies, seconds) of the previous size
    with tempfile.TemporaryDirectory() as tmp:
        for copies in (int(c) for c in args.copies.split(",")):
            data = Path(tmp) / f"x{copies}.nq"
            quads = replicate(nq, copies, data)
            print(f"\n## {copies} cop{'y' if copies == 1 else 'ies'} of {nq}: {quads:,} quads")
            timings: dict[StoreKind, dict[str, float]] = {}
            for kind in StoreKind:
                t = time.perf_counter()
                ds = load(data, store=kind)
                timings.setdefault(kind, {})["(load)"] = time.perf_counter() - t
                params = _params(ds)
                for name in queries:
                    if (kind, name) in last:
                        before, seconds = last[(kind, name)]
                        if seconds * (copies / before) ** 2 > args.budget:
                            continue
                    first = _time(lambda: query(ds, name, params=params.get(name)), 1)
                    took = first if first > args.budget else _time(
                        lambda: query(ds, name, params=params.get(name)), args.repeat)
                    timings[kind][name] = took
                    last[(kind, name)] = (copies, took)
                del ds
            print(f"{'query':<22} {'oxigraph ms':>12} {'memory ms':>12} {'memory/oxigraph':>16}")
            for name in ["(load)", *queries]:
                ox_t = timings.get(StoreKind.OXIGRAPH, {}).get(name)
                mem_t = timings.get(StoreKind.MEMORY, {}).get(name)
                ratio = f"{mem_t / ox_t:>15.1f}×" if ox_t and mem_t else f"{'–':>16}"
                print(f"{name:<22} {ox_t * 1000 if ox_t else float('nan'):>12.1f} "
                      f"{mem_t * 1000 if mem_t else float('nan'):>12.1f} {ratio}")


if __name__ == "__main__":
    main()
