"""The national division codes (统计用区划代码): divisions by code, their parents and children, and their names.

The data is ``kg/data/gazetteer/divisions.tsv.gz`` (see the README beside it): every province, city, county,
town and village or community of the 2023 codes, one ``code<TAB>name`` row each.  It is read lazily: the first
lookup reads the 45,000 divisions down to towns; villages are read the first time one is asked for, and then
only the rows of the county or town asked for are parsed.

A code is written with twelve digits (``130623100000``); the hierarchy is in the code: 2 digits province, 4 city,
6 county, 9 town, 12 village.  What a name's ending says (class, usual form, short name) is in
``kg/data/admin_levels.tsv`` (its rows read in the codes) and ``gazetteer/ethnic_names.tsv``.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from importlib import resources

from ...errors import InputError
from ..lexicon import rows as word_list, words


class Level(StrEnum):
    """The five levels of the codes."""

    PROVINCE = "province"
    CITY = "city"
    COUNTY = "county"
    TOWN = "town"
    VILLAGE = "village"


#: Digits of a code that belong to each level.
WIDTHS = {Level.PROVINCE: 2, Level.CITY: 4, Level.COUNTY: 6, Level.TOWN: 9, Level.VILLAGE: 12}
_LEVEL_OF_WIDTH = {w: level for level, w in WIDTHS.items()}



@dataclass(frozen=True, slots=True)
class Division:
    """One division of the codes.

    ``code`` and ``parent`` are twelve-digit codes (``parent`` is None for a province, and skips nothing: the
    parent of a county of Beijing is the grouping 市辖区).  ``name`` is the official name; ``short`` the name
    without its ending and ethnic names (None when that leaves fewer than two characters, or when the ending
    does not allow it); ``usual`` the name as usually written when it differs from the official one
    (X村 for X村委会, X县 for X土家族自治县); ``type`` the ontology class, None for a grouping that is no place.
    """

    code: str
    name: str
    level: Level
    parent: str | None
    short: str | None
    usual: str | None
    type: str | None

    @property
    def names(self) -> tuple[str, ...]:
        """The full names: official, then usual if any."""
        return (self.name, self.usual) if self.usual else (self.name,)


@dataclass(frozen=True, slots=True)
class Ending:
    """One row of ``admin_levels.tsv`` read in the codes: a name ending of a level and what it says."""

    suffix: str
    level: Level
    type: str | None
    usual: str | None  # the usual ending; None: no usual form
    short: bool
    whole: bool  # the suffix is the whole name


@lru_cache(maxsize=1)
def endings() -> dict[Level, tuple[Ending, ...]]:
    """The name endings of the codes (the rows of ``admin_levels.tsv`` read in the codes) per level: whole
    names first, then longest first, ``*`` last.

    :raises InputError: if a row is bad (checked on load: :mod:`kg.extract.schemas`) or a level lacks ``*``.

    >>> [e.suffix for e in endings()[Level.CITY]][-3:]
    ['市', '盟', '*']
    """
    out: dict[Level, list[Ending]] = {level: [] for level in Level}
    for r in word_list("admin_levels.tsv"):
        if "codes" not in r.reads:
            continue
        suffix = r.suffix.lstrip("=")
        out[Level(r.division)].append(Ending(suffix, Level(r.division), None if r.type == "-" else r.type,
                                          None if r.usual == "-" else (r.usual or suffix), r.short == "yes",
                                          r.suffix.startswith("=")))
    for level, found in out.items():
        if not any(e.suffix == "*" for e in found):
            raise InputError(f"kg/data/admin_levels.tsv: level {level} of the codes has no '*' row; add one")
    return {level: tuple(sorted(found, key=lambda e: (not e.whole, e.suffix == "*", -len(e.suffix))))
            for level, found in out.items()}


@lru_cache(maxsize=1)
def ethnic_names() -> tuple[str, ...]:
    """The ethnic names of ``ethnic_names.tsv``, longest first.

    >>> ethnic_names()[:2]
    ('乌孜别克', '柯尔克孜')
    """
    return words("gazetteer/ethnic_names.tsv")


_BRACKETED = re.compile(r"[（(][^（()）]*[)）]$")


def analyse(name: str, level: Level) -> tuple[str | None, str | None, str | None]:
    """The class, usual name and short name of an official name of a level.

    :returns: ``(type, usual, short)``, each None when there is none.

    >>> analyse("临夏回族自治州", Level.CITY)
    ('City', '临夏州', '临夏')
    >>> analyse("高家圪垯村村民委员会", Level.VILLAGE)
    ('Village', '高家圪垯村', '高家圪垯')
    >>> analyse("东村村委会", Level.VILLAGE)
    ('Village', '东村', None)
    >>> analyse("南关村居民委员会", Level.VILLAGE)
    ('Community', '南关村社区', '南关村')
    >>> analyse("东乡族自治县", Level.COUNTY)
    ('District', '东乡县', '东乡')
    """
    whole, by_suffix, plain, longest = _table(level)
    if name in whole:
        return whole[name].type, None, None
    base = _BRACKETED.sub("", name) or name
    ending = _longest(base, by_suffix, longest) or by_suffix["*"]
    rest = base if ending.suffix == "*" else base[: -len(ending.suffix)]
    rest, dropped = _drop_ethnic(rest, autonomous=ending.suffix.startswith("自治"))
    # a committee's ending (村委会, 居委会) may follow the ending it is written with: 东村 + 村委会
    inner = None if dropped or ending.usual in (None, ending.suffix) else _longest(rest, plain, longest)
    if inner and inner.suffix == ending.usual:  # 东村村委会 is written 东村
        stem, written = rest[: -len(inner.suffix)], rest
    else:
        stem, written = rest, (rest + ending.usual if ending.usual else None)
    short = stem if ending.short and len(stem) >= 2 else None
    return ending.type, (written if written and written != name else None), short


@lru_cache(maxsize=None)
def _table(level: Level) -> tuple[dict[str, Ending], dict[str, Ending], dict[str, Ending], int]:
    """Whole names, endings by suffix, plain endings (written as they are: 村, 社区, 镇), longest suffix."""
    level_endings = endings()[level]
    whole = {e.suffix: e for e in level_endings if e.whole}
    by_suffix = {e.suffix: e for e in level_endings if not e.whole}
    plain = {e.suffix: e for e in by_suffix.values() if e.suffix != "*" and e.usual == e.suffix}
    return whole, by_suffix, plain, max(len(e.suffix) for e in level_endings)


def _longest(base: str, table: dict[str, Ending], longest: int) -> Ending | None:
    """The longest ending of ``base`` in a table that leaves something before it."""
    for n in range(min(longest, len(base) - 1), 0, -1):
        found = table.get(base[-n:])
        if found and found.suffix != "*":
            return found
    return None


def _drop_ethnic(rest: str, *, autonomous: bool) -> tuple[str, bool]:
    """Drop ethnic names from the end of a stem (X回族, and X蒙古 before 自治), keeping two characters at least."""
    if not autonomous and "族" not in rest:
        return rest, False
    found = _ethnic_pattern(autonomous).match(rest)
    if found:
        return found.group(1), True
    if rest.endswith("族") and rest[:-1] in ethnic_names():
        return rest[:-1], True  # 东乡族自治县: the group names the county
    return rest, False


@lru_cache(maxsize=2)
def _ethnic_pattern(autonomous: bool) -> re.Pattern[str]:
    groups = "|".join(map(re.escape, ethnic_names()))
    # the shortest stem of two characters or more, then groups with 族 (before 自治 the last may lack it)
    tail = f"(?:(?:{groups})族)*(?:{groups})族?" if autonomous else f"(?:(?:{groups})族)+"
    return re.compile(f"^(.{{2,}}?){tail}$")


# --- the data file ------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _members() -> tuple[str, bytes]:
    """The upper member (decoded) and the compressed village member of the data file."""
    try:
        raw = resources.files("kg").joinpath("data", "gazetteer", "divisions.tsv.gz").read_bytes()
    except FileNotFoundError as e:
        raise InputError("kg/data/gazetteer/divisions.tsv.gz is missing; run kg/data/gazetteer/regenerate.py") from e
    try:
        first = zlib.decompressobj(wbits=31)
        upper = first.decompress(raw)
        return upper.decode("utf-8"), first.unused_data
    except (zlib.error, UnicodeDecodeError) as e:
        raise InputError(f"kg/data/gazetteer/divisions.tsv.gz is damaged ({e}); run regenerate.py") from e


@lru_cache(maxsize=1)
def _upper() -> dict[str, str]:
    """Natural code → name of every division down to towns, in pre-order."""
    return dict(line.split("\t", 1) for line in _members()[0].splitlines() if line and line[0] != "#")


@lru_cache(maxsize=1)
def _order() -> tuple[tuple[str, ...], dict[str, int]]:
    """Natural codes down to towns in pre-order, and the position of each."""
    codes = tuple(_upper())
    return codes, {c: i for i, c in enumerate(codes)}


def _subtree(code: str) -> tuple[str, ...]:
    """Natural codes down to towns that lie under a natural code (contiguous in pre-order), or every one."""
    codes, position = _order()
    if not code:
        return codes
    if code not in position:
        return ()  # a village: nothing under it down to towns
    start = position[code] + 1
    end = start
    while end < len(codes) and codes[end].startswith(code):
        end += 1
    return codes[start:end]


@lru_cache(maxsize=1)
def _village_bytes() -> bytes:
    try:
        packed = _members()[1]
        # gzip's trailer gives the unpacked size: one buffer of that size, no growing copies
        return zlib.decompress(packed, wbits=31, bufsize=int.from_bytes(packed[-4:], "little") or 1)
    except zlib.error as e:
        raise InputError(f"kg/data/gazetteer/divisions.tsv.gz is damaged ({e}); run regenerate.py") from e


def _bound(buf: bytes, key: bytes, *, after: bool) -> int:
    """Offset of the first line whose code prefix is ≥ key (> key when ``after``), by bisection on the lines."""
    lo, hi, n = 0, len(buf), len(key)
    while lo < hi:
        start = buf.rfind(b"\n", 0, (lo + hi) // 2) + 1
        prefix = buf[start:start + n]
        if prefix < key or after and prefix == key:
            lo = buf.index(b"\n", start) + 1
        else:
            hi = start
    return lo


@lru_cache(maxsize=4096)
def _villages_under(prefix: str) -> tuple[tuple[str, str], ...]:
    """``(code, name)`` of the villages whose code starts with a natural code (a county's or a town's)."""
    buf = _village_bytes()
    key = prefix.encode("ascii")
    block = buf[_bound(buf, key, after=False):_bound(buf, key, after=True)].decode("utf-8")
    return tuple(tuple(line.split("\t", 1)) for line in block.splitlines())  # type: ignore[misc]


def _parent_of(code: str, names: dict[str, str]) -> str | None:
    if len(code) == 2:
        return None
    cuts = {4: (2,), 6: (4,), 9: (6, 4), 12: (9,)}[len(code)]
    return next((code[:n] for n in cuts if code[:n] in names), code[: cuts[-1]])


def natural(code: str) -> str:
    """A code cut to its level's digits (``130623100000`` → ``130623100``); 2–12 digits are accepted.

    :raises InputError: if ``code`` is not a code of 2, 4, 6, 9 or 12 digits.

    >>> natural("130600000000"), natural("1306")
    ('1306', '1306')
    """
    if not code.isascii() or not code.isdigit() or len(code) not in _LEVEL_OF_WIDTH:
        raise InputError(f"{code!r} is no division code; give 2, 4, 6, 9 or 12 digits (130623100000)")
    for width in (2, 4, 6, 9):
        if len(code) > width and code[width:] == "0" * (len(code) - width):
            return code[:width]
    return code


def _full(code: str) -> str:
    return code.ljust(12, "0")


def _make(code: str, name: str) -> Division:
    level = _LEVEL_OF_WIDTH[len(code)]
    cls, usual, short = analyse(name, level)
    parent = _parent_of(code, _upper())
    return Division(_full(code), name, level, _full(parent) if parent else None, short, usual, cls)


@lru_cache(maxsize=65536)
def _division(code: str) -> Division | None:
    if len(code) < 12:
        name = _upper().get(code)
    else:
        name = next((n for c, n in _villages_under(code[:9]) if c == code), None)
    return None if name is None else _make(code, name)


def division(code: str) -> Division:
    """The division of a code.

    :param code: 2–12 digits (``"1306"`` or ``"130600000000"``).
    :raises InputError: if the code is malformed or not in the data.

    >>> division("130623").name, division("130623").level, division("130623").parent
    ('涞水县', <Level.COUNTY: 'county'>, '130600000000')
    """
    found = _division(natural(code))
    if found is None:
        raise InputError(f"code {code} is not in the 2023 division codes; check it at its level's digits")
    return found


def ancestors(code: str) -> tuple[Division, ...]:
    """The divisions above a code, province first (groupings such as 市辖区 included: their ``type`` is None).

    >>> [d.name for d in ancestors("130623")]
    ['河北省', '保定市']
    """
    chain = []
    parent = division(code).parent
    while parent:
        chain.append(division(parent))
        parent = chain[-1].parent
    return tuple(reversed(chain))


def children(code: str | None = None) -> tuple[Division, ...]:
    """The divisions right under a code (the provinces when ``code`` is None), in code order.

    >>> [d.name for d in children("13")][:2]
    ['石家庄市', '唐山市']
    """
    if code is None:
        return tuple(division(c) for c in _upper() if len(c) == 2)
    nat = natural(division(code).code)
    if len(nat) == 9:
        return tuple(_make(c, n) for c, n in _villages_under(nat))
    names = _upper()
    return tuple(division(c) for c in _subtree(nat) if _parent_of(c, names) == nat)


def full_names(code: str, name: str) -> tuple[str, ...]:
    """The official and usual names of a division from its natural code and official name, without building
    the Division (a fast path for indexes of every division); () for a grouping that is no place.

    >>> full_names("130623", "涞水县"), full_names("1101", "市辖区"), full_names("2224", "延边朝鲜族自治州")
    (('涞水县',), (), ('延边朝鲜族自治州', '延边州'))
    """
    level = _LEVEL_OF_WIDTH[len(code)]
    whole, _, _, _ = _table(level)
    if name in whole:
        return () if whole[name].type is None else (name,)
    if not name.endswith(_telling(level)) and "族" not in name and name[-1] not in ")）":
        return (name,)  # an ending written as it is: the usual form would be the name itself
    cls, usual, _ = analyse(name, level)
    return () if cls is None else (name, usual) if usual else (name,)


@lru_cache(maxsize=None)
def _telling(level: Level) -> tuple[str, ...]:
    """Endings of a level that change the name's usual form or mark a grouping."""
    return tuple(e.suffix for e in endings()[level]
                 if not e.whole and e.suffix != "*" and (e.type is None or e.usual not in (None, e.suffix)))


def upper_codes() -> tuple[str, ...]:
    """Natural codes of every division down to towns, in pre-order (each right before those under it)."""
    return tuple(_upper())


def upper_under(code: str) -> tuple[str, ...]:
    """Natural codes of the divisions down to towns that lie under a code, in pre-order.

    >>> upper_under("130623")[:2]
    ('130623100', '130623101')
    """
    return _subtree(natural(division(code).code))


def upper_names() -> dict[str, str]:
    """Natural code → official name of every division down to towns (do not mutate: it is cached)."""
    return _upper()


@lru_cache(maxsize=1)
def _upper_name_set() -> frozenset[str]:
    return frozenset(_upper().values())


@lru_cache(maxsize=1024)
def named_anywhere(name: str) -> bool:
    """True when a division anywhere in the country bears ``name``: a division down to towns of that very name, or
    a village or community whose official name opens with it (前进村 of 前进村委会).  Reads the village data."""
    return bool(name) and (name in _upper_name_set() or ("\t" + name).encode("utf-8") in _village_bytes())


def village_codes(code: str) -> tuple[str, ...]:
    """Natural codes of the villages under a code of any level, in code order (reads the village data)."""
    return tuple(c for c, _ in _villages_under(natural(division(code).code)))


def within(code: str, ancestor: str) -> bool:
    """True if ``code`` is ``ancestor`` or lies under it (by the code hierarchy).

    >>> within("130623100000", "1306"), within("1306", "130623")
    (True, False)
    """
    return natural(code).startswith(natural(ancestor))
