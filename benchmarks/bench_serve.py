"""Latency of `kg serve` against Oxigraph's own server on the same database, under 200 parallel clients (not a test).

The built graph (``data/kg/kg.nq``) is loaded once into an on-disk Oxigraph database (default graph = the merge of
the named graphs, as `kg serve` makes it).  Then, in turns, each server is started on it as a user would start it
— ``kg serve --location DB`` and ``oxigraph serve-read-only --location DB`` — and 200 client threads, released
together, send 5 queries each (five named queries, one per client turn, every request on a new connection).  For
every round and server the script prints the latency percentiles of the answered requests, the statuses, the
connection errors and the wall time; the results file gets the medians over the rounds and the ratios.

Usage: python benchmarks/bench_serve.py [--path data/kg] [--clients 200] [--queries 5] [--rounds 3]
       [--out benchmarks/SERVE_RESULTS.md]
"""

from __future__ import annotations

import argparse
import http.client
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.graph.query import named_queries, prepare  # noqa: E402
from kg.publish.engines import free_port, oxigraph_executable  # noqa: E402
from kg.publish.serve import default_engines, load_database  # noqa: E402

QUERIES = ("things-per-class", "honours", "people", "projects", "village-activity")


def _wait_listening(port: int, proc: subprocess.Popen) -> None:
    for _ in range(1200):
        if proc.poll() is not None:
            raise SystemExit(f"server exited with {proc.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise SystemExit("server did not start")


def _load(clients: int, per_client: int, port: int, bodies: list[bytes]) -> dict:
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    errors: dict[str, int] = {}
    lock = threading.Lock()
    gate = threading.Barrier(clients + 1)

    def client(i: int) -> None:
        gate.wait()
        for k in range(per_client):
            body = bodies[(i + k) % len(bodies)]
            started = time.perf_counter()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            try:
                conn.request("POST", "/query", body=body, headers={
                    "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"})
                reply = conn.getresponse()
                reply.read()
                took = time.perf_counter() - started
                with lock:
                    statuses[reply.status] = statuses.get(reply.status, 0) + 1
                    if reply.status == 200:
                        latencies.append(took)
            except (OSError, http.client.HTTPException) as e:
                with lock:
                    errors[type(e).__name__] = errors.get(type(e).__name__, 0) + 1
            finally:
                conn.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    gate.wait()
    started = time.perf_counter()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    latencies.sort()

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000 if latencies else float("nan")

    return {"p50": pct(0.50), "p99": pct(0.99), "max": latencies[-1] * 1000 if latencies else float("nan"),
            "ok": statuses.get(200, 0), "statuses": statuses, "errors": errors, "wall": wall}


ENGINES: list[str] = []


def _start_kg(db: Path, port: int) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "kg", "serve", "--location", str(db), "--port", str(port),
                             "--limit", "100000", *ENGINES], cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


def _start_oxigraph(db: Path, port: int) -> subprocess.Popen:
    return subprocess.Popen([oxigraph_executable(), "serve-read-only", "--location", str(db), "--bind",
                             f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--path", type=Path, default=ROOT / "data" / "kg")
    ap.add_argument("--clients", type=int, default=200)
    ap.add_argument("--queries", type=int, default=5)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--engines", type=int, default=None, help="kg serve --engines (default: its own default)")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "SERVE_RESULTS.md")
    args = ap.parse_args()
    if args.engines:
        ENGINES.extend(["--engines", str(args.engines)])

    named = named_queries()
    bodies = [urllib.parse.urlencode({"query": prepare(named[n].text, named=named[n])}).encode() for n in QUERIES]
    work = Path(tempfile.mkdtemp(prefix="bench-serve-"))
    results: dict[str, list[dict]] = {"kg serve": [], "oxigraph serve-read-only": []}
    try:
        db = work / "db"
        load_database(args.path / "kg.nq", db)
        for rnd in range(1, args.rounds + 1):
            for name, starter in (("kg serve", _start_kg), ("oxigraph serve-read-only", _start_oxigraph)):
                port = free_port()
                proc = starter(db, port)
                try:
                    _wait_listening(port, proc)
                    time.sleep(0.5)
                    r = _load(args.clients, args.queries, port, bodies)
                finally:
                    proc.terminate()
                    proc.wait(timeout=30)
                results[name].append(r)
                print(f"round {rnd} {name:<26} p50 {r['p50']:7.1f} ms  p99 {r['p99']:7.1f} ms  max {r['max']:7.1f} ms"
                      f"  200: {r['ok']}/{args.clients * args.queries}  statuses {r['statuses']}"
                      f"  connection errors {r['errors'] or 0}  wall {r['wall']:.2f} s", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    def med(name: str, key: str) -> float:
        return statistics.median(r[key] for r in results[name])

    load = os.getloadavg()
    try:
        shown = args.path.resolve().relative_to(ROOT)
    except ValueError:
        shown = args.path
    kg, ox = "kg serve", "oxigraph serve-read-only"
    lines = [
        "# kg serve against Oxigraph's own server",
        "",
        f"`python benchmarks/bench_serve.py` — {args.clients} parallel clients × {args.queries} queries (named queries "
        f"{', '.join(QUERIES)}; a new connection per request), on the same on-disk database of `{shown}/kg.nq`; "
        f"{args.rounds} rounds, each server started fresh per round, medians over the rounds. "
        f"{os.cpu_count()} CPUs; load average at the end {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}. "
        f"kg serve ran {args.engines or default_engines()} engines with its default queue of 256.",
        "",
        "| server | p50 ms | p99 ms | max ms | answered 200 | other statuses | connection errors | wall s |",
        "|---|---:|---:|---:|---:|---|---|---:|",
    ]
    for name in (kg, ox):
        rs = results[name]
        other = {}
        errors = {}
        for r in rs:
            for s, n in r["statuses"].items():
                if s != 200:
                    other[s] = other.get(s, 0) + n
            for e, n in r["errors"].items():
                errors[e] = errors.get(e, 0) + n
        lines.append(f"| {name} | {med(name, 'p50'):.1f} | {med(name, 'p99'):.1f} | {med(name, 'max'):.1f} | "
                     f"{statistics.median(r['ok'] for r in rs):.0f} of {args.clients * args.queries} | "
                     f"{', '.join(f'{s}: {n}' for s, n in sorted(other.items())) or 'none'} (all rounds) | "
                     f"{', '.join(f'{e}: {n}' for e, n in sorted(errors.items())) or 'none'} (all rounds) | "
                     f"{med(name, 'wall'):.2f} |")
    lines += [
        "",
        f"Ratios kg serve / Oxigraph: p50 {med(kg, 'p50') / med(ox, 'p50'):.2f}×, p99 {med(kg, 'p99') / med(ox, 'p99'):.2f}×, "
        f"wall {med(kg, 'wall') / med(ox, 'wall'):.2f}×.",
        "",
        "Oxigraph's own server takes every connection at once, a thread each; kg serve runs at most `--engines` "
        "queries at a time and lines the others up, checks each query (parsed once, then remembered) and buffers "
        "each answer until it is complete. Its median request therefore waits longer, while its slowest requests "
        "wait less than on a server where 200 queries share two CPUs. Each figure is one run of the whole batch "
        "as a user would meet it (fresh server processes); the machine was shared, see the load average.",
        "",
        "Per round:",
        "",
        "```text",
    ]
    for i in range(args.rounds):
        for name in (kg, ox):
            r = results[name][i]
            lines.append(f"round {i + 1} {name:<26} p50 {r['p50']:7.1f} ms  p99 {r['p99']:7.1f} ms  "
                         f"200: {r['ok']}  statuses {r['statuses']}  errors {r['errors'] or 0}  wall {r['wall']:.2f} s")
    lines += ["```", ""]
    args.out.write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
