"""The editable word lists under ``kg/data``: units, scales, cue words, suffixes, role titles, levels.

Each list is a UTF-8 TSV file: ``#`` starts a comment line, the first other line is a header naming the columns,
and every row after it is checked on load against the file's schema (:mod:`kg.extract.schemas`: column names,
what each cell must hold, whether the first column is a key).  A row is read by column name, never by position::

    for row in rows("place_suffixes.tsv"):
        row.suffix, row.type, row.max_prefix      # "村", "Village", 3

A bad row is an :class:`~kg.errors.InputError` naming the file and the line, e.g.
``kg/data/roles.tsv line 12: column 'place': 'Twon' is not an ontology class; …``.
Everything specific to a language habit or a place lives in these files, never in code.
"""

from __future__ import annotations

import re
from collections import namedtuple
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import InputError

#: A cell reader: turns the cell's text into its value, or raises ``ValueError`` saying what is wrong.
Reader = Callable[[str], Any]


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a word list: its name (as the header writes it), how a cell is read, and whether it may be
    empty (an empty optional cell reads as ``empty``)."""

    name: str
    read: Reader = str
    optional: bool = False
    empty: Any = ""


@dataclass(frozen=True, slots=True)
class Schema:
    """The columns of a word list, in order; ``key``: the first column names each row once; ``check``: a rule
    over a whole row (returns what is wrong, or ``None``)."""

    columns: tuple[Column, ...]
    key: bool = True
    check: Callable[[Any], str | None] | None = None

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


@lru_cache(maxsize=None)
def _row_type(names: tuple[str, ...]) -> type:
    return namedtuple("Row", names)  # type: ignore[misc]


def parse(text: str, schema: Schema, *, where: str) -> tuple[Any, ...]:
    """The rows of a word list's text, read and checked against ``schema``.

    :param text: the file's content.
    :param schema: what the file must hold.
    :param where: the file's name for messages (``kg/data/units.tsv``).
    :returns: one named tuple per row, in file order, its fields named by the header.
    :raises InputError: ``<where> line <n>: …`` for a wrong header, a wrong number of cells, an empty required
        cell, a cell its column cannot read, a key listed twice, or a row its schema's check refuses.

    >>> from kg.extract.schemas import integer
    >>> s = Schema((Column("word"), Column("max_len", integer)))
    >>> parse("# comment\\nword\\tmax_len\\n项目\\t40\\n", s, where="x.tsv")
    (Row(word='项目', max_len=40),)
    >>> parse("word\\tmax_len\\n项目\\tmany\\n", s, where="x.tsv")
    Traceback (most recent call last):
    ...
    kg.errors.InputError: x.tsv line 2: column 'max_len': 'many' is not a whole number
    """
    names = schema.names
    row_type = _row_type(names)
    header_seen = False
    out: list[Any] = []
    first_line: dict[str, int] = {}
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if not header_seen:
            if tuple(cells) != names:
                raise InputError(f"{where} line {n}: the header names the columns {', '.join(cells)}; expected "
                                 f"{', '.join(names)} (tab-separated)")
            header_seen = True
            continue
        required = max((i + 1 for i, c in enumerate(schema.columns) if not c.optional), default=0)
        if not required <= len(cells) <= len(names):
            raise InputError(f"{where} line {n}: expected {len(names)} tab-separated columns ({', '.join(names)}), "
                             f"found {len(cells)}")
        values = []
        for col, cell in zip(schema.columns, cells + [""] * (len(names) - len(cells))):
            if not cell:
                if not col.optional:
                    raise InputError(f"{where} line {n}: column '{col.name}' is empty")
                values.append(col.empty)
                continue
            try:
                values.append(col.read(cell))
            except ValueError as e:
                raise InputError(f"{where} line {n}: column '{col.name}': {e}") from None
        row = row_type(*values)
        if schema.key:
            if cells[0] in first_line:
                raise InputError(f"{where} line {n}: '{cells[0]}' is listed again (first on line "
                                 f"{first_line[cells[0]]}); keep one row")
            first_line[cells[0]] = n
        if schema.check is not None and (problem := schema.check(row)):
            raise InputError(f"{where} line {n}: {problem}")
        out.append(row)
    if not header_seen:
        raise InputError(f"{where}: no header row; the first line that is not a comment must name the columns "
                         f"{', '.join(names)}")
    return tuple(out)


def load(path: str | Path, schema: Schema) -> tuple[Any, ...]:
    """The rows of a word list file anywhere on disk (see :func:`parse`).

    :raises InputError: if the file cannot be read or a row is bad.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"{path}: cannot read the word list ({getattr(e, 'strerror', None) or e})") from e
    return parse(text, schema, where=str(path))


@lru_cache(maxsize=None)
def rows(name: str) -> tuple[Any, ...]:
    """The rows of a word list shipped in ``kg/data``, checked against its schema; loaded once.

    :param name: file name under ``kg/data``, e.g. ``"units.tsv"``.
    :returns: named tuples whose fields are the header's column names.
    :raises InputError: if the file is missing, has no schema, or holds a bad row.

    >>> next(r for r in rows("units.tsv") if r.surface == "元").unit
    'CNY'
    """
    from .schemas import SCHEMAS

    if name not in SCHEMAS:
        raise InputError(f"kg/data/{name}: no schema declared for this word list; add one to kg/extract/schemas.py")
    try:
        text = resources.files("kg").joinpath("data", name).read_text(encoding="utf-8")
    except FileNotFoundError as e:
        raise InputError(f"kg/data/{name}: word list is missing; reinstall kg or restore the file") from e
    return parse(text, SCHEMAS[name], where=f"kg/data/{name}")


def _key(name: str) -> str:
    from .schemas import SCHEMAS

    return SCHEMAS[name].names[0]


@lru_cache(maxsize=None)
def words(name: str) -> tuple[str, ...]:
    """The key column of a word list, longest first (so alternations prefer the longest match).

    :param name: file name under ``kg/data``.
    :returns: the words, sorted by length (descending) then text.
    """
    k = _key(name)
    return tuple(sorted({getattr(r, k) for r in rows(name)}, key=lambda w: (-len(w), w)))


@lru_cache(maxsize=None)
def mapping(name: str, value: str) -> Mapping[str, Any]:
    """Key column → another column of a word list, by the column's name.

    :param name: file name under ``kg/data``.
    :param value: the name of the value column, e.g. ``mapping("units.tsv", "unit")``.
    :returns: a mapping (do not mutate: it is cached).
    """
    k = _key(name)
    return {getattr(r, k): getattr(r, value) for r in rows(name)}


def alternation(items: tuple[str, ...] | list[str]) -> str:
    """A regex alternation of literal words, longest first.

    >>> alternation(["亿", "万亿"])
    '万亿|亿'
    """
    return "|".join(re.escape(w) for w in sorted(set(items), key=lambda w: (-len(w), w)))
