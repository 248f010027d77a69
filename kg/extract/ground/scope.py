"""A report's own places (its province, city, county or district, and town), found in the division codes.

Four sources are read, in this order of precedence:

1. ``place-option``: the ``--place`` option of ``kg extract`` and ``kg build`` (``河北省保定市涞水县``);
2. ``sidecar``: the ``place`` of the report's ``.meta.json``;
3. ``heading``: the places named in the lines before the body (:mod:`kg.text.heading`): the title, the
   subtitle of a speech (``在某县第十六届人民代表大会…上``), the issuer of a page;
4. ``text``: the place of the report's own level (我镇, 全县, 本区 … say which level that is) that the text names
   most often.

A source's names form a chain, outermost first.  A chain is grounded from its outermost name down, each name a
division lying under the one before; at the first name that is not in the codes, or that lies under no name
before it, grounding stops, and that name and every one after it are kept as *not grounded* (a sidecar's
``黑龙江省北岭市青禾县宝泉镇`` grounds the province only, though a real 宝泉镇 lies in that province: the chain does
not agree).  A name that fits several divisions is settled by the chain, then by the text (the division whose
county's places and whose city or province the text names most); if the text does not tell them apart, the name
is not grounded.  A name found in the heading or the text alone (not in a chain with others) is grounded only
when the text also names a place around it (its county, city or province, or a place in its county), and a name
of the heading or the text that is not in the codes is kept only when the title speaks of it
(``澳前镇2023年工作总结``): the heading and the text also hold fragments of other names.

A lower source adds only what the higher ones leave out: places below the deepest one they ground, lying under
it, and only when the higher chain is grounded to its end.  The places above the deepest grounded one are read
from the codes (source ``gazetteer``).  What came from where is recorded in the document's metadata
(:class:`kg.model.Origin`) and in the build report.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ...model import BuildWarning, Document, DocumentMeta, Origin
from ..admin import classes, hierarchy
from .divisions import Division, Level, ancestors, division
from .gazetteer import Scope, county_of, fold, guarded, match

__all__ = ["OwnPlace", "SOURCES", "check_place", "compatible", "named", "own_place", "own_place_of_names",
           "named_high", "place_warnings", "with_own_place"]

#: The sources of a report's own places, in order of precedence.
SOURCES = ("place-option", "sidecar", "heading", "text")

#: The class of the report's own place that a self-reference names (我镇, 全县, 本区 …): the level character.
_SELF = re.compile(r"([我全本])([镇乡县区市]|街道)(?![级委长政])")

#: A place's congress or government (在某县第十六届人民代表大会…, 某镇人民政府) in a heading: the report's own.
_ISSUER = re.compile(r"(?:第?[一二三四五六七八九十0-9]{1,3}届)?(?:人民代表大会|人大|代表大会|政协)|人民政府|街道办事处")

#: Words that may follow a place that is the subject of a title (澳前镇2023年…, 宁泽县人民政府…).
_TITLE_SUBJECT = re.compile(r"(?:(?:19|20)[0-9]{2}年|人民政府|政府|党委|街道办事处|办事处|工作|召开)")


@dataclass(frozen=True, slots=True)
class OwnPlace:
    """A report's own places, outermost first (``field`` is the class; ``code`` empty when not grounded), the
    names given that are not in the codes or do not agree with the chain, and those that fit several divisions.

    >>> own = own_place_of_names("河北省保定市涞水县")
    >>> [(o.field, o.value, o.code) for o in own.places]
    [('Province', '河北省', '130000000000'), ('City', '保定市', '130600000000'), ('District', '涞水县', '130623000000')]
    >>> own.scope
    Scope(codes=('130623000000',))
    >>> [o.value for o in own_place_of_names("黑龙江省北岭市青禾县宝泉镇").places if not o.code]
    ['北岭市', '青禾县', '宝泉镇']
    """

    places: tuple[Origin, ...] = ()
    unknown: tuple[Origin, ...] = ()
    ambiguous: tuple[Origin, ...] = ()
    notes: tuple[str, ...] = field(default=())
    _scope: Scope | None = field(init=False, default=None, repr=False, compare=False)

    @property
    def grounded(self) -> tuple[Origin, ...]:
        """The own places found in the codes, outermost first."""
        return tuple(o for o in self.places if o.code)

    def code_of(self, cls: str) -> str | None:
        """The code of the own place of a class, if it is grounded."""
        return next((o.code for o in self.places if o.field == cls and o.code), None)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_scope", _scope_of(self.grounded))

    @property
    def scope(self) -> Scope | None:
        """Where short names are read: the report's county (or a city without counties); None when the county
        is not grounded."""
        return self._scope

    @property
    def region(self) -> str | None:
        """The report's province (its code), where names of counties and cities are grounded by name."""
        return self.grounded[0].code if self.grounded else None


def _scope_of(grounded: tuple[Origin, ...]) -> Scope | None:
    deepest = grounded[-1].code if grounded else None
    if deepest is None or len(natural_code(deepest)) < 4:
        return None
    try:
        return Scope((county_of(deepest).code,))
    except Exception:  # a city with counties and no county named: too wide for short names
        return None


def natural_code(code: str) -> str:
    from .divisions import natural

    return natural(code)


# --- reading names into a chain ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Part:
    cls: str
    name: str
    source: str
    subject: bool = True  # a heading's or the text's name kept even when not in the codes
    mentions: int = 0  # how often the text names it (the text source)


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


_LEVEL_OF = {"Province": Level.PROVINCE, "City": Level.CITY, "District": Level.COUNTY, "Town": Level.TOWN}
_NEXT = {Level.PROVINCE: Level.CITY, Level.CITY: Level.COUNTY, Level.COUNTY: Level.TOWN}


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


def _candidates(part: _Part, under: Division | None) -> tuple[Division, ...]:
    """The divisions a name may be: under a division, or a province or city; else any of the country."""
    if under is not None:
        # a city right under its province, a county under its city …: no need to look deeper
        near = _LEVEL_OF.get(part.cls) == _NEXT.get(under.level)
        found = named_high(part.name, within=under.code, near=near)
    elif part.cls in ("Province", "City"):
        found = named_high(part.name)
    else:
        found = named(part.name)
    return tuple(d for d in found if d.type and compatible(part.cls, d))


def _ground(parts: list[_Part], under: Division | None, text: str
            ) -> tuple[list[tuple[_Part, Division]], list[_Part], list[_Part], list[str]]:
    """Ground a chain of names: ``(grounded, unknown, ambiguous, notes)`` (see the module docstring)."""
    options: list[tuple[_Part, list[Division]]] = []
    unknown: list[_Part] = []
    for i, part in enumerate(parts):
        outer = options[-1][1] if options else [under]
        cands = list(dict.fromkeys(d for o in outer for d in _candidates(part, o)))
        if not cands:
            unknown = parts[i:]
            break
        options.append((part, cands))
    # prune upwards: a division of an outer name must hold a division of the next name
    for i in range(len(options) - 2, -1, -1):
        inner = options[i + 1][1]
        options[i] = (options[i][0], [d for d in options[i][1] if any(_within(c, d) for c in inner)])
    grounded: list[tuple[_Part, Division]] = []
    ambiguous: list[_Part] = []
    notes: list[str] = []
    for i, (part, cands) in enumerate(options):
        if len(cands) > 1:
            best = _best_by_text(cands, text)
            if best is None:
                ambiguous = [p for p, _ in options[i:]]
                notes.append(f"{part.name} fits {len(cands)} divisions ({', '.join(d.code for d in cands[:4])}) "
                             "and the text does not tell them apart")
                break
            cands = [best]
            for j in range(i + 1, len(options)):  # the inner names follow the choice
                options[j] = (options[j][0], [d for d in options[j][1] if _within(d, best)])
        grounded.append((part, cands[0]))
    return grounded, [p for p in unknown], ambiguous, notes


def _within(d: Division, outer: Division) -> bool:
    return d.code == outer.code or any(a.code == outer.code for a in ancestors(d.code))


def _evidence(d: Division, text: str) -> int:
    """How many places around a division (a county or a town) the text names: its county and city (full or
    short names), the other towns of its county (full names), and, counted when three or more, villages of a
    town (full names).  Its province and places named after it (蒲塘村 beside 蒲塘镇) do not count: a report may
    well name the province and the seat of a town that is not the one of the codes."""
    if d.level not in (Level.COUNTY, Level.TOWN):
        return 1
    try:
        county = county_of(d.code)
    except Exception:
        return 0
    above = {a.code for a in ancestors(d.code) if a.level in (Level.CITY, Level.COUNTY)}
    stem = d.short or d.name
    strong: set[str] = set()
    villages: set[str] = set()
    for m in match(text, scope=Scope((county.code,))):
        other = m.division
        if other.code == d.code or (other.short or other.name).startswith(stem):
            continue
        if other.code in above:
            strong.add(other.code)
        elif m.rule.value != "gazetteer-short" and other.level is Level.TOWN:
            strong.add(other.code)
        elif m.rule.value != "gazetteer-short" and other.parent == d.code:
            villages.add(other.code)
    return len(strong) + (len(villages) if len(villages) >= 3 else 0)


def _best_by_text(cands: list[Division], text: str) -> Division | None:
    scores = Counter({d.code: _evidence(d, text) for d in cands})
    (best, top), *rest = scores.most_common() + [("", -1)]
    if top > 0 and rest[0][1] < top:
        return next(d for d in cands if d.code == best)
    return None


# --- the sources ---------------------------------------------------------------------------------------------


def _declared(place: str, source: str) -> list[_Part]:
    return [_Part(cls, name, source) for cls, name in hierarchy(DocumentMeta(place=place))]


def _found_places(doc: Document, sentences: Any) -> list[tuple[int, int, str, str]]:
    """Administrative places the rule finders read in some sentences: ``(start, end, class, name)``, a name cut
    to the official name it ends with (在某县 → 某县) when there is one."""
    from ..components.places import known_names, places
    from ..framework import Context
    from ..quotes import find_quotes

    admin = set(classes()) - {"Village", "Community"}
    out = []
    for sent in sentences:
        ctx = Context(doc, sent, quotes=find_quotes(sent.text))
        for f in (*places.run(ctx)["places"], *known_names.run(ctx)["known_names"]):
            m = f.mention
            if m.type not in admin:
                continue
            start, name = m.start, f.name
            for k in range(1, len(m.text) - 1):  # the longest official name the candidate ends with
                if any(compatible(m.type, d) for d in named(m.text[k:])):
                    start, name = m.start + k, m.text[k:]
                    break
            out.append((start, m.end, m.type, name))
    return out


def _heading(doc: Document) -> list[_Part]:
    from ...text.heading import read_heading

    heading = read_heading(doc.text)
    if not heading.end:
        return []
    sentences = [s for s in doc.sentences if s.start < heading.end]
    found = _found_places(doc, sentences)
    found += _named_in(doc.text[:heading.end], levels=(Level.PROVINCE, Level.CITY, Level.COUNTY, Level.TOWN))
    grounded = [f for f in found if _any_division(f)]
    # fragments that overlap a name of the codes are no names (州市东乡 inside 抚州市东乡区)
    found = [f for f in found if f in grounded or not any(g[0] < f[1] and f[0] < g[1] for g in grounded)]
    out: dict[str, _Part] = {}
    for start, end, cls, name in sorted(found, key=lambda f: (f[0], -f[1])):
        subject = (heading.title_start <= start < heading.title_end and bool(_TITLE_SUBJECT.match(doc.text, end))
                   or bool(_ISSUER.match(doc.text, end)))
        if name in out:
            subject = subject or out[name].subject
        out[name] = _Part(out[name].cls if name in out else cls, name, "heading", subject)
    return sorted(out.values(), key=lambda p: classes().index(p.cls))


def _any_division(f: tuple[int, int, str, str]) -> bool:
    return any(compatible(f[2], d) for d in named(f[3]))


def _named_in(text: str, *, levels: tuple[Level, ...]) -> list[tuple[int, int, str, str]]:
    """Full names of divisions of some levels, nationwide, in a short text: ``(start, end, class, name)``."""
    from .gazetteer import _spans, _upper_names

    out = []
    for start, end, codes in _spans(_upper_names(), fold(text)):
        ds = [division(c) for c in codes]
        ds = [d for d in ds if d.type and d.level in levels]
        name = text[start:end]
        if ds and name not in guarded() and len(name) >= (3 if ds[0].level is Level.TOWN else 2):
            out.append((start, end, ds[0].type, name))
    return out


def _self_level(doc: Document) -> str | None:
    """The class of the report's own place, from how it names itself (我镇, 全县, 本街道 …), or None."""
    counts: Counter[str] = Counter()
    for m in _SELF.finditer(doc.text):
        cls = {"镇": "Town", "乡": "Town", "街道": "Town", "县": "District", "区": "District", "市": "City"}[m.group(2)]
        counts[cls] += 1 if m.group(1) == "全" else 2  # 全市 is also said in a county's comparisons
    ranked = counts.most_common()
    return ranked[0][0] if ranked and (len(ranked) == 1 or ranked[1][1] < ranked[0][1]) else None


@lru_cache(maxsize=1)
def _short_county_names() -> dict[str, tuple[str, ...]]:
    """Short names of counties and cities nationwide (咸丰 → 咸丰县), not guarded: folded short → codes."""
    from .divisions import full_names, upper_names
    from .divisions import analyse

    out: dict[str, list[str]] = {}
    for code, name in upper_names().items():
        if len(code) not in (4, 6) or not full_names(code, name):
            continue
        _, _, short = analyse(name, Level.CITY if len(code) == 4 else Level.COUNTY)
        if short and short not in guarded():
            out.setdefault(fold(short), []).append(code)
    return {k: tuple(v) for k, v in out.items()}


def _text(doc: Document, level: str | None) -> list[_Part]:
    """The place of the report's own level that the text names most often (three times at least when it is not
    in the codes); with no self-reference, the county, else the town, that the text names most often, twice at
    least (a news page)."""
    if level is None:
        for cls in ("District", "Town"):
            found = _text(doc, cls)
            if found and found[0].mentions >= 2:
                return found
        return []
    counts: Counter[str] = Counter()
    for _, _, cls, name in _found_places(doc, doc.sentences):
        if cls == level:
            counts[name] += 1
    if level in ("District", "City"):
        from .gazetteer import _place_endings

        text = fold(doc.text)
        for short, codes in _short_county_names().items():
            if short not in text:
                continue
            # 崇义 inside 崇义乡 names another place
            n = sum(1 for m in re.finditer(re.escape(short), text) if not text.startswith(_place_endings(), m.end()))
            for c in codes:
                d = division(c)
                if n and compatible(level, d):
                    counts[d.usual or d.name] += n
    if not counts:
        return []
    (name, n), *rest = counts.most_common() + [("", 0)]
    if rest[0][1] == n:
        return []
    return [_Part(level, name, "text", subject=n >= 3, mentions=n)]


# --- putting it together -------------------------------------------------------------------------------------


def own_place(doc: Document, *, place: str | None = None) -> OwnPlace:
    """The report's own places from its sources (see the module docstring).

    :param doc: the segmented document (its metadata's ``place`` is the sidecar's).
    :param place: the ``--place`` option, if given (``河北省保定市涞水县``).
    :returns: its own places with their sources and codes.
    """
    sources: list[Any] = []
    if place:
        sources.append(lambda: _declared(place, "place-option"))
    if doc.meta.place:
        sources.append(lambda: _declared(doc.meta.place, "sidecar"))
    sources.append(lambda: _heading(doc))
    return _combine(sources, doc, lambda: _text(doc, _self_level(doc)))


def own_place_of_names(place: str) -> OwnPlace:
    """The own places a place chain names alone (as a ``--place`` option would), without a text."""
    return _combine([lambda: _declared(place, "place-option")], None, lambda: [])


def _combine(sources: list[Any], doc: Document | None, text_source: Any) -> OwnPlace:
    text = doc.text if doc is not None else ""
    chain: list[tuple[_Part, Division]] = []
    kept_unknown: list[_Part] = []
    unknown: list[_Part] = []
    ambiguous: list[_Part] = []
    notes: list[str] = []
    broken = False

    def take(parts: list[_Part]) -> None:
        nonlocal broken
        declared = parts and parts[0].source in ("place-option", "sidecar")
        under = chain[-1][1] if chain else None
        deepest = classes().index(chain[-1][0].cls) if chain else -1
        parts = [p for p in parts if classes().index(p.cls) > deepest]  # below what is known
        if not parts:
            return
        grounded, missing, unsure, why = _ground(parts, under, text)
        notes.extend(why)
        if grounded and not declared and len(grounded) == 1 and not under and doc is not None:
            part, d = grounded[0]
            needed = d.level is Level.TOWN or d.level is Level.COUNTY and not part.subject
            if needed and _evidence(d, text) == 0:  # a name alone, with nothing around it in the text
                notes.append(f"{grounded[0][0].name} ({grounded[0][1].code}) is named alone and the text names no "
                             "place around it: not grounded")
                missing, grounded = [grounded[0][0], *missing], []
        chain.extend(grounded)
        unknown.extend(missing)
        ambiguous.extend(unsure)
        left = [p for p in (*missing, *unsure) if declared or p.subject]
        if left:
            kept_unknown.extend(left)
            broken = True

    for source in sources:
        if broken or chain and chain[-1][0].cls == "Town":
            break
        take(source())
    if not broken and doc is not None and (not chain or chain[-1][0].cls != "Town"):
        level = _self_level(doc)
        if not level or not chain or classes().index(level) > classes().index(chain[-1][0].cls):
            take(text_source())
    places: list[Origin] = []
    if chain:
        deepest = chain[-1][1]
        given = {d.code: p for p, d in chain}
        for d in (*ancestors(deepest.code), deepest):
            if not d.type:
                continue  # a grouping (市辖区) is no place
            p = given.get(d.code)
            cls = p.cls if p is not None else d.type
            places.append(Origin(cls, d.usual or d.name, p.source if p is not None else "gazetteer", d.code))
    for p in kept_unknown:
        if not any(o.field == p.cls for o in places):
            places.append(Origin(p.cls, p.name, p.source))
    return OwnPlace(tuple(places), tuple(Origin(p.cls, p.name, p.source) for p in unknown),
                    tuple(Origin(p.cls, p.name, p.source) for p in ambiguous), tuple(notes))


def place_warnings(own: OwnPlace) -> tuple[BuildWarning, ...]:
    """What the build report should say about a report's own places: names not in the codes (kept as places
    not grounded), names left ungrounded (several divisions, or a name alone), or no place found at all."""
    out: list[BuildWarning] = []
    if not own.places:
        out.append(BuildWarning("place-not-found", "no place of the report found in its sidecar, heading or text; "
                                "give it with --place (河北省保定市涞水县) to ground its places in the division codes"))
    missing = [o for o in own.places if not o.code]
    if missing:
        above = next((o.value for o in reversed(own.places) if o.code), None)
        out.append(BuildWarning("place-not-in-codes", ", ".join(f"{o.value} ({o.source})" for o in missing)
                                + (f" not found under {above}" if above else " not found")
                                + " in the 2023 division codes: kept as places not grounded"))
    for note in own.notes:
        out.append(BuildWarning("place-not-grounded", note))
    return tuple(out)


def check_place(place: str) -> None:
    """Refuse a ``--place`` value that names no place.

    :raises InputError: if no name ending in a level word (省, 市, 区, 县, 镇, 乡, 街道 …) can be read in it.
    """
    from ...errors import InputError

    if not hierarchy(DocumentMeta(place=place)):
        raise InputError(f"--place {place!r}: no place name ending in 省, 市, 区, 县, 镇, 乡 or 街道 could be read; "
                         "write the chain from the province down, e.g. --place 河北省保定市涞水县")


def with_own_place(doc: Document, own: OwnPlace) -> Document:
    """The document with its own places recorded in its metadata (``meta.origin``: each own place with its
    class, name, source and code), which :func:`kg.extract.admin.hierarchy` reads."""
    from dataclasses import replace

    kept = tuple(o for o in doc.meta.origin if o.field not in classes())
    return replace(doc, meta=replace(doc.meta, origin=kept + own.places))

