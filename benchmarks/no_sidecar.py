"""What a report yields with and without its metadata sidecar: entities, facts, entity F1 against its gold, and
(where the build knows it) where its own places came from.

Each report is copied alone into a temporary folder and extracted there, so that no ``.meta.json`` is found;
then extracted where it lies, with its sidecar.  Run from the repository root:

    .venv/bin/python benchmarks/no_sidecar.py [FOLDER …]

Default folders: ``data/raw``, ``data/excerpts`` and ``data/local/realtext/raw`` (when present; see
``benchmarks/REALTEXT.md``).  The gold files are those of ``data/gold`` and ``data/local/realtext/gold``.
Prints one row per report and the totals; results are recorded in ``benchmarks/no_sidecar.txt``.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from pathlib import Path

from kg.extract import extract_file
from kg.quality.evaluate import evaluate, load_gold

FOLDERS = (Path("data/raw"), Path("data/excerpts"), Path("data/local/realtext/raw"))
GOLDS = (Path("data/gold"), Path("data/local/realtext/gold"))


def _gold(doc_id: str) -> dict | None:
    for folder in GOLDS:
        if (folder / f"{doc_id}.json").is_file():
            return load_gold(folder / f"{doc_id}.json")
    return None


def _named(ex) -> int:
    return sum(1 for e in ex.entities if e.type not in ("Observation", "AwardConferral", "PlanItem"))


def _own(ex) -> str:
    origin = getattr(ex.document.meta, "origin", ())
    places = [o for o in origin if o.field in ("Province", "City", "District", "Town")]
    return " ".join(f"{o.value}[{o.source}{'' if o.code else ', not in codes'}]" for o in places) or "-"


def main(argv: list[str]) -> int:
    folders = [Path(a) for a in argv[1:]] or [f for f in FOLDERS if f.is_dir()]
    reports = [p for f in folders for p in sorted(f.glob("*.txt"))]
    print(f"{'report':<18}{'entities':>9}{'bare':>6}{'facts':>7}{'bare':>6}{'F1':>7}{'bare':>7}  own places without sidecar")
    tot = {"e": 0, "eb": 0, "f": 0, "fb": 0}
    f1s, f1bs = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for path in reports:
            side = path.with_name(path.stem + ".meta.json")
            doc_id = json.loads(side.read_text(encoding="utf-8")).get("id", path.stem) if side.is_file() else path.stem
            with_side, _ = extract_file(path)
            bare_path = Path(tmp) / path.name
            shutil.copy(path, bare_path)
            bare, _ = extract_file(bare_path)
            bare_path.unlink()
            gold = _gold(doc_id)
            f1 = f1b = None
            if gold is not None:
                f1 = evaluate(with_side, gold).score("entities").f1
                f1b = evaluate(bare, gold).score("entities").f1
                f1s.append(f1)
                f1bs.append(f1b)
            row = (_named(with_side), _named(bare), len(with_side.facts), len(bare.facts))
            for k, v in zip(tot, row):
                tot[k] += v
            f1_cells = f"{f1:>7.3f}{f1b:>7.3f}" if f1 is not None else f"{'-':>7}{'-':>7}"
            print(f"{doc_id[:17]:<18}{row[0]:>9}{row[1]:>6}{row[2]:>7}{row[3]:>6}{f1_cells}  {_own(bare)}")
    print(f"{'total':<18}{tot['e']:>9}{tot['eb']:>6}{tot['f']:>7}{tot['fb']:>6}"
          + (f"{sum(f1s) / len(f1s):>7.3f}{sum(f1bs) / len(f1bs):>7.3f}  (F1: mean over {len(f1s)} reports with gold)"
             if f1s else ""))
    print(f"without a sidecar: {100 * (tot['eb'] - tot['e']) / max(tot['e'], 1):+.1f}% entities, "
          f"{100 * (tot['fb'] - tot['f']) / max(tot['f'], 1):+.1f}% facts")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
