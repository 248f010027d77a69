"""Divisions of the national codes found by a name: exactly (not in a text; :mod:`kg.extract.ground.gazetteer`
scans texts), in the whole country, under a division, or right under it; and whether a class a finder gives
fits a division's class."""

from __future__ import annotations

from functools import lru_cache

from .divisions import Division, Level, division
from .gazetteer import fold

__all__ = ["compatible", "named", "named_high", "natural_code"]


def natural_code(code: str) -> str:
    from .divisions import natural

    return natural(code)


# --- reading names into a chain ------------------------------------------------------------------------------


def compatible(cls: str, d: Division) -> bool:
    """A class a finder gave fits a division's class: the same; or a province-level city (北京市) read as a
    city; or a city without counties (东莞市) read as a district; or a village committee turned community.

    >>> from kg.extract.ground.divisions import division
    >>> compatible("City", division("11")), compatible("Town", division("130623"))
    (True, False)
    """
    if d.type == cls:
        return True
    if cls == "City" and d.level is Level.PROVINCE and d.name.endswith("市"):
        return True
    if cls == "District" and d.level is Level.CITY and d.type == "City":
        return True
    return {cls, d.type} == {"Village", "Community"}


@lru_cache(maxsize=4096)
def named(name: str) -> tuple[Division, ...]:
    """The divisions down to towns whose official or usual name is ``name`` (compared folded), in code order.

    >>> [d.code for d in named("涞水县")]
    ['130623000000']
    """
    from .gazetteer import _upper_names

    found = _upper_names().get(fold(name), None)
    return tuple(division(c) for c in sorted(found[1])) if found else ()


@lru_cache(maxsize=256)
def _names_under(code: str | None, width: int = 2) -> dict[str, tuple[str, ...]]:
    """Folded full names of the divisions down to towns under a code (without a code: of the country's divisions
    of ``width`` digits or fewer: 2 the provinces, 4 with the cities) → their codes."""
    from .divisions import full_names, upper_names, upper_under

    names = upper_names()
    codes = upper_under(code) if code else tuple(c for c in names if len(c) <= width)
    out: dict[str, list[str]] = {}
    for c in codes:
        for full in full_names(c, names[c]):
            out.setdefault(fold(full), []).append(c)
    return {k: tuple(v) for k, v in out.items()}


#: The level of the codes of an administrative class, and the level right below a level.
LEVEL_OF_CLASS = {"Province": Level.PROVINCE, "City": Level.CITY, "District": Level.COUNTY, "Town": Level.TOWN}
NEXT_LEVEL = {Level.PROVINCE: Level.CITY, Level.CITY: Level.COUNTY, Level.COUNTY: Level.TOWN}


def named_high(name: str, *, within: str | None = None, near: bool = False) -> tuple[Division, ...]:
    """The provinces and cities of the country whose name is ``name``; or, ``within`` a division, the divisions
    under it down to towns (those right under it first: a chain seldom skips a level; with ``near``, only
    those).  Cheaper than :func:`named`, which reads every name of the country.

    >>> [d.code for d in named_high("保定市")], [d.name for d in named_high("涞水县", within="13")]
    (['130600000000'], ['涞水县'])
    """
    key = fold(name)
    if within:
        found = _names_right_under(natural_code(division(within).code)).get(key)
        if found or near:
            return tuple(division(c) for c in sorted(found or ()))
    codes = _names_under(natural_code(division(within).code) if within else None, 4).get(key, ())
    return tuple(division(c) for c in sorted(codes))


@lru_cache(maxsize=1024)
def _names_right_under(code: str) -> dict[str, tuple[str, ...]]:
    """Folded full names of the divisions right under a code (and under its groupings, 市辖区) → their codes."""
    from .divisions import children

    out: dict[str, list[str]] = {}
    todo = list(children(code)) if len(code) < 9 else []
    while todo:
        d = todo.pop()
        if d.type is None and d.level is not Level.TOWN:
            todo.extend(children(d.code))  # a grouping: its divisions are right under the code
            continue
        for full in d.names:
            out.setdefault(fold(full), []).append(natural_code(d.code))
    return {k: tuple(v) for k, v in out.items()}
