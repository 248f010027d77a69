"""Score the real-text measurement set: every document of ``data/local/realtext`` that has a gold file.

The texts and their gold stay outside the repository (``data/local`` is git-ignored); see
``benchmarks/REALTEXT.md`` for what the set holds and how it was annotated. Run from the repository root:

    .venv/bin/python benchmarks/realtext.py [DATA_DIR]

Prints one row per document (entities P/R/F1 and counts; F1 of conferrals, project facts, observations and
people, ``n/a`` where the document has nothing to score and nothing was predicted), then the macro mean of
the entity F1 and the micro totals. Exits 0 with a message when the folder is missing.
"""

from __future__ import annotations

import sys
from pathlib import Path
from statistics import mean

from kg.errors import InputError
from kg.quality.scoreboard import evaluate_corpus

DEFAULT = Path("data/local/realtext")
COLUMNS = ("conferrals", "project_facts", "observations", "people")


def cell(s) -> str:
    if s.tp + s.fp + s.fn == 0:
        return "n/a"
    return f"{s.f1:.2f}"


def main(argv: list[str]) -> int:
    data = Path(argv[1]) if len(argv) > 1 else DEFAULT
    if not (data / "gold").is_dir():
        print(f"{data}: no real-text set here (expected {data}/gold/ and {data}/raw/); nothing to score.")
        return 0
    try:
        result = evaluate_corpus(data, curation=False)
    except InputError as e:
        print(f"Error: {e}", file=sys.stderr)
        return 1
    head = f"{'document':<20}{'ent P':>7}{'ent R':>7}{'ent F1':>7}{'tp':>5}{'fp':>5}{'fn':>5}" + "".join(
        f"{c.replace('_', ' '):>15}" for c in COLUMNS)
    print(head)
    f1s = []
    for d in result.documents:
        s = dict(d.raw.scores)
        e = s["entities"]
        f1s.append(e.f1)
        print(f"{d.doc_id:<20}{e.precision:>7.3f}{e.recall:>7.3f}{e.f1:>7.3f}{e.tp:>5}{e.fp:>5}{e.fn:>5}"
              + "".join(f"{cell(s[c]):>15}" for c in COLUMNS))
    tot = result.total()
    e = tot["entities"]
    print(f"{'micro total':<20}{e.precision:>7.3f}{e.recall:>7.3f}{e.f1:>7.3f}{e.tp:>5}{e.fp:>5}{e.fn:>5}"
          + "".join(f"{cell(tot[c]):>15}" for c in COLUMNS))
    print(f"mean entity F1 over {len(f1s)} documents: {mean(f1s):.3f}" if f1s else "no documents")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
