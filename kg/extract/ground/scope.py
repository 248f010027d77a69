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

from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any

from ...model import BuildWarning, Document, DocumentMeta, Origin
from ..admin import classes, hierarchy
from .divisions import Division, Level, ancestors
from .gazetteer import Scope, county_of, match
from .lookup import LEVEL_OF_CLASS, NEXT_LEVEL, compatible, named, named_high, natural_code
from .sources import Part, declared, in_heading, in_text, self_level

__all__ = ["OwnPlace", "SOURCES", "check_place", "compatible", "named", "named_high", "own_place",
           "own_place_of_names", "place_warnings", "with_own_place"]

#: The sources of a report's own places, in order of precedence.
SOURCES = ("place-option", "sidecar", "heading", "text")


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


def _candidates(part: Part, under: Division | None) -> tuple[Division, ...]:
    """The divisions a name may be: under a division, or a province or city; else any of the country."""
    if under is not None:
        # a city right under its province, a county under its city …: no need to look deeper
        near = LEVEL_OF_CLASS.get(part.cls) == NEXT_LEVEL.get(under.level)
        found = named_high(part.name, within=under.code, near=near)
    elif part.cls in ("Province", "City"):
        found = named_high(part.name)
    else:
        found = named(part.name)
    return tuple(d for d in found if d.type and compatible(part.cls, d))


def _ground(parts: list[Part], under: Division | None, text: str
            ) -> tuple[list[tuple[Part, Division]], list[Part], list[Part], list[str]]:
    """Ground a chain of names: ``(grounded, unknown, ambiguous, notes)`` (see the module docstring)."""
    options: list[tuple[Part, list[Division]]] = []
    unknown: list[Part] = []
    for i, part in enumerate(parts):
        outer = options[-1][1] if options else [under]
        cands = list(dict.fromkeys(d for o in outer for d in _candidates(part, o)))
        if not cands and part.cls == "City":  # 甲乙市 of a county's rank (a county-level city) read as a city
            county = replace(part, cls="District")
            if cands := list(dict.fromkeys(d for o in outer for d in _candidates(county, o))):
                part = parts[i] = county
        if not cands:
            unknown = parts[i:]
            break
        options.append((part, cands))
    # prune upwards: a division of an outer name must hold a division of the next name
    for i in range(len(options) - 2, -1, -1):
        inner = options[i + 1][1]
        options[i] = (options[i][0], [d for d in options[i][1] if any(_within(c, d) for c in inner)])
    grounded: list[tuple[Part, Division]] = []
    ambiguous: list[Part] = []
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
    town (full or short names).  Its province and places named after it (蒲塘村 beside 蒲塘镇) do not count: a report may
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
        elif other.parent == d.code and (m.rule.value != "gazetteer-short" or len(other.short or "") >= 2):
            villages.add(other.code)  # (陈湾、城科、瓦寨…示范村: villages of the town by their short names too)
    return len(strong) + (len(villages) if len(villages) >= 3 else 0)


def _best_by_text(cands: list[Division], text: str) -> Division | None:
    scores = Counter({d.code: _evidence(d, text) for d in cands})
    (best, top), *rest = scores.most_common() + [("", -1)]
    if top > 0 and rest[0][1] < top:
        return next(d for d in cands if d.code == best)
    return None


# --- putting it together -------------------------------------------------------------------------------------


def own_place(doc: Document, *, place: str | None = None) -> OwnPlace:
    """The report's own places from its sources (see the module docstring).

    :param doc: the segmented document (its metadata's ``place`` is the sidecar's).
    :param place: the ``--place`` option, if given (``河北省保定市涞水县``).
    :returns: its own places with their sources and codes.
    """
    sources: list[Any] = []
    if place:
        sources.append(lambda: declared(place, "place-option"))
    if doc.meta.place:
        sources.append(lambda: declared(doc.meta.place, "sidecar"))
    sources.append(lambda: in_heading(doc))
    return _combine(sources, doc, lambda: in_text(doc, self_level(doc)))


def own_place_of_names(place: str) -> OwnPlace:
    """The own places a place chain names alone (as a ``--place`` option would), without a text."""
    return _combine([lambda: declared(place, "place-option")], None, lambda: [])


def _combine(sources: list[Any], doc: Document | None, text_source: Any) -> OwnPlace:
    text = doc.text if doc is not None else ""
    chain: list[tuple[Part, Division]] = []
    kept_unknown: list[Part] = []
    unknown: list[Part] = []
    ambiguous: list[Part] = []
    notes: list[str] = []
    broken = False

    def take(parts: list[Part]) -> None:
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
        level = self_level(doc)
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

