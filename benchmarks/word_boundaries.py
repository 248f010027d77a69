"""Which word boundaries agree with the names of the gold: jieba's dictionary segmentation (as
``kg.extract.recognize.words`` reads it) or LAC's, on the seed with the excerpts and on the real-text set
(``data/local/realtext``, when present); and what each costs.

An occurrence of a required gold name (or alias) counts when no longer gold name covers it; it agrees with a
segmentation when both its ends fall on word boundaries.

    .venv/bin/python benchmarks/word_boundaries.py

Results are recorded in benchmarks/REALTEXT.md, section "word boundaries".
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

from kg.extract.recognize.statistical import analyse, model
from kg.extract.recognize.words import dictionary, tokenize
from kg.text.segment import load_document

ROOT = Path(__file__).resolve().parent.parent


def _sets() -> list[tuple[str, list[tuple[Path, Path]]]]:
    seed = [(ROOT / "data/raw/yuantan-2023-work-report.txt", ROOT / "data/gold/yuantan-2023.json")]
    seed += [(p, ROOT / "data/gold" / f"{p.stem}.json") for p in sorted((ROOT / "data/excerpts").glob("*.txt"))]
    out = [("seed and excerpts", seed)]
    rt = ROOT / "data/local/realtext"
    if (rt / "gold").is_dir():
        out.append(("real-text set", [(p, rt / "gold" / f"{p.stem}.json") for p in sorted((rt / "raw").glob("*.txt"))]))
    return out


def _bounds(spans: list[tuple[int, int]]) -> set[int]:
    return {0} | {b for _, b in spans}


def main() -> None:
    dictionary()
    model()
    for label, pairs in _sets():
        agree = {"jieba": 0, "lac": 0}
        total = 0
        cost = {"jieba": 0.0, "lac": 0.0}
        chars = 0
        for text_path, gold_path in pairs:
            doc = load_document(text_path)
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
            names = {n for e in gold["entities"] if not e.get("optional") for n in (e["name"], *e.get("aliases", []))}
            for s in doc.sentences:
                chars += len(s.text)
                t0 = time.perf_counter()
                jb = _bounds([(t.start, t.end) for t in tokenize(s.text)])
                t1 = time.perf_counter()
                lb = _bounds([(a, b) for a, b, _ in analyse(s.text)])
                t2 = time.perf_counter()
                cost["jieba"] += t1 - t0
                cost["lac"] += t2 - t1
                occ = [(m.start(), m.end()) for n in names for m in re.finditer(re.escape(n), s.text)]
                occ = [o for o in set(occ) if not any(p != o and p[0] <= o[0] and o[1] <= p[1] for p in occ)]
                for a, b in occ:
                    total += 1
                    agree["jieba"] += a in jb and b in jb
                    agree["lac"] += a in lb and b in lb
        print(f"{label}: {total} gold name occurrences; both ends on a boundary: jieba {agree['jieba']}, "
              f"LAC {agree['lac']}; time for {chars} characters: jieba {cost['jieba']:.2f} s, LAC {cost['lac']:.2f} s")


if __name__ == "__main__":
    main()
