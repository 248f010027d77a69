"""Time extraction of the bundled seed report (after a warm-up run; reading and segmenting excluded).

Run: python benchmarks/extract_seed.py
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from kg.extract import extract
from kg.text.segment import load_document

SEED = Path(__file__).resolve().parent.parent / "data" / "raw" / "yuantan-2023-work-report.txt"


def main() -> None:
    doc = load_document(SEED)
    extract(doc)  # warm-up: lexicons, regexes, converters
    runs = []
    for _ in range(10):
        t = time.perf_counter()
        ex = extract(doc)
        runs.append(time.perf_counter() - t)
    chars = len(doc.text)
    med = statistics.median(runs)
    print(f"seed: {chars} characters, {len(doc.sentences)} sentences, {len(ex.entities)} entities, {len(ex.facts)} facts")
    print(f"extract: median {med * 1000:.1f} ms over {len(runs)} runs ({chars / med:,.0f} characters/s)")


if __name__ == "__main__":
    main()
