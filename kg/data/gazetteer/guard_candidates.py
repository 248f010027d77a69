"""Print candidate rows for ``guard.tsv``: short and usual names of towns and villages that are common words.

Usage::

    python kg/data/gazetteer/guard_candidates.py --min-freq 500 > /tmp/candidates.tsv

A candidate is a short or usual name (see ``kg.extract.ground.divisions.analyse``) of a town, village or community
anywhere in China that jieba's dictionary lists as a word at least ``--min-freq`` times.  ``guard.tsv`` was
seeded with this output at 500 and then edited by hand; the output is sorted, so it can be compared with the
file.  Needs kg installed (``make setup``); reads every division, so it takes about a minute.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Candidate common words for guard.tsv.")
    parser.add_argument("--min-freq", type=int, default=500, help="least jieba dictionary frequency (500)")
    args = parser.parse_args(argv)

    import jieba

    from kg.extract.ground import divisions as d

    freq: dict[str, int] = {}
    with (Path(jieba.__file__).parent / "dict.txt").open(encoding="utf-8") as f:
        for line in f:
            word, count, *_ = line.split()
            freq[word] = int(count)
    names: set[str] = set()
    for code in d.upper_codes():
        if len(code) == 9:
            division = d.division(code)
            names.update(n for n in (division.short, division.usual) if n)
            for village in d.children(code):
                names.update(n for n in (village.short, village.usual) if n)
    for word in sorted(n for n in names if freq.get(n, 0) >= args.min_freq):
        sys.stdout.write(f"{word}\tjieba word, frequency {freq[word]}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
