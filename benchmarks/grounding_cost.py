"""What grounding in the division codes costs a build: `kg build --no-page` of the seed report and of the first 100
reports of the generated corpus, each in a fresh process, this checkout against another one (``--base``, e.g. a
checkout of the commit before grounding), runs alternating so that both see the same load.

    python benchmarks/grounding_cost.py --base /tmp/kg-main [--corpus /tmp/kg-corpus] [--runs 7]

Prints, for each build and each checkout, the median wall time, CPU time (user + system of the build and its
workers) and peak RSS, and the ratios; the corpus is made with ``benchmarks/corpus.py DIR 100 --seed 7`` when
missing.  Results are recorded in ``benchmarks/grounding_cost.txt``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = "data/raw/yuantan-2023-work-report.txt"
#: Runs one build in a child and prints its CPU time and the child's peak RSS (KB): a fresh process per build.
_CHILD = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, "
          "stderr=subprocess.DEVNULL, check=True); r = resource.getrusage(resource.RUSAGE_CHILDREN); "
          "print(r.ru_utime + r.ru_stime, r.ru_maxrss)")


def _build(root: Path, reports: list[str], out: Path, jobs: int) -> tuple[float, float, int]:
    env = dict(os.environ, PYTHONPATH=str(root))
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _CHILD, sys.executable, "-m", "kg", "build", *reports, "--out",
                           str(out), "--no-page", "--jobs", str(jobs)], cwd=root, env=env, capture_output=True,
                          text=True, check=True)
    wall = time.perf_counter() - started
    cpu, rss = done.stdout.split()
    return wall, float(cpu), int(rss)


def _compare(label: str, trees: dict[str, Path], reports: list[str], runs: int, jobs: int, work: Path) -> list[str]:
    results: dict[str, list[tuple[float, float, int]]] = {name: [] for name in trees}
    for _ in range(runs):
        for name, root in trees.items():
            results[name].append(_build(root, reports, work / f"out-{name}", jobs))
    lines, med = [], {}
    for name, rows in results.items():
        med[name] = tuple(statistics.median(r[i] for r in rows) for i in range(3))
        w, c, m = med[name]
        lines.append(f"{label:<30} {name:<6} wall {w:6.2f} s  cpu {c:6.2f} s  peak RSS {m / 1024:6.0f} MB"
                     f"  (median of {runs})")
    if "base" in med:
        (bw, bc, bm), (nw, nc, nm) = med["base"], med["this"]
        lines.append(f"{label:<30} this/base: wall {nw / bw:.2f}, cpu {nc / bc:.2f}, peak RSS {nm / bm:.2f}")
    return lines


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--base", type=Path, help="another checkout to compare with")
    ap.add_argument("--corpus", type=Path, default=Path("/tmp/kg-corpus"))
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--work", type=Path, default=Path("/tmp/kg-grounding-cost"))
    args = ap.parse_args(argv[1:])
    if not (args.corpus / "synthetic-00099.txt").is_file():
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "corpus.py"), str(args.corpus), "100", "--seed", "7"],
                       check=True, stdout=subprocess.DEVNULL)
    corpus = sorted(str(p) for p in args.corpus.glob("synthetic-*.txt"))[:100]
    trees = {"this": ROOT, **({"base": args.base.resolve()} if args.base else {})}
    args.work.mkdir(parents=True, exist_ok=True)
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for line in _compare("seed (1 report)", trees, [SEED], args.runs, 1, args.work):
        print(line, flush=True)
    for line in _compare("corpus (100 reports, -j 1)", trees, corpus, max(1, args.runs // 2), 1, args.work):
        print(line, flush=True)
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
