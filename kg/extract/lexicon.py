"""The editable word lists under ``kg/data``: units, scales, cue words, suffixes, role titles.

Each table is a UTF-8 TSV (``#`` starts a comment line) or a JSON file, loaded once and cached.
Everything specific to a language habit or a place lives in these files, never in code.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

from ..errors import InputError


def _read(name: str) -> str:
    try:
        return resources.files("kg").joinpath("data", name).read_text(encoding="utf-8")
    except FileNotFoundError as e:
        raise InputError(f"kg/data/{name}: lexicon file is missing; reinstall kg or restore the file") from e


@lru_cache(maxsize=None)
def table(name: str) -> tuple[tuple[str, ...], ...]:
    """Rows of a TSV lexicon (comment and blank lines dropped; trailing empty cells kept as "").

    :param name: file name under ``kg/data``, e.g. ``"units.tsv"``.
    :returns: one tuple of cells per row.
    :raises InputError: if the file is missing.

    >>> ("元", "CNY", "") in table("units.tsv")
    True
    """
    rows = []
    for line in _read(name).splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        rows.append(tuple(cell.strip() for cell in line.split("\t")))
    return tuple(rows)


@lru_cache(maxsize=None)
def words(name: str) -> tuple[str, ...]:
    """First column of a TSV lexicon, longest first (so alternations prefer the longest match).

    :param name: file name under ``kg/data``.
    :returns: the words, sorted by length (descending) then text.
    """
    return tuple(sorted({row[0] for row in table(name) if row and row[0]}, key=lambda w: (-len(w), w)))


@lru_cache(maxsize=None)
def mapping(name: str, column: int = 1) -> dict[str, str]:
    """First column → another column of a TSV lexicon.

    :param name: file name under ``kg/data``.
    :param column: index of the value column.
    :returns: a dict (do not mutate: it is cached).
    """
    return {row[0]: (row[column] if len(row) > column else "") for row in table(name) if row and row[0]}


@lru_cache(maxsize=None)
def data(name: str) -> Any:
    """A JSON lexicon under ``kg/data``.

    :param name: file name, e.g. ``"patterns.json"``.
    :returns: the parsed JSON (do not mutate: it is cached).
    :raises InputError: if missing or not valid JSON.
    """
    try:
        return json.loads(_read(name))
    except json.JSONDecodeError as e:
        raise InputError(f"kg/data/{name}, line {e.lineno}: not valid JSON ({e.msg}); fix the file") from e


def alternation(items: tuple[str, ...] | list[str]) -> str:
    """A regex alternation of literal words, longest first.

    >>> alternation(["亿", "万亿"])
    '万亿|亿'
    """
    import re

    return "|".join(re.escape(w) for w in sorted(set(items), key=lambda w: (-len(w), w)))
