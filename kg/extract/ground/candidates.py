"""The gazetteer as a step of extraction: the places of a sentence as the division codes name them.

:func:`kg.extract.ground.gazetteer.match` reads the sentence (chains of full names anywhere; full and short names
of the report's own county, :attr:`kg.extract.ground.scope.OwnPlace.scope`), with the word boundaries of the
``tokens`` slot when a lexical analyser filled it.  Each match is a candidate, kept or dropped by a rule:

- a match over the very words a rule finder read as a place (the suffix finder, the well-known names, a park's
  short form, a counted list's items) is not proposed again: that candidate gets the division's code instead
  (a *grounding*) — 大垭 of ``东坑、西岭、大垭和南山共4个村委会`` is the list's village, with the code of 大亚村;
  a rule finder's province or city with no match is grounded by its full name where one division of the country
  has it (rule ``gazetteer-name``: a sentence may name 江苏省 with no chain and no scope);
- a short name (石角 for 石角镇) of a town or village is taken only inside a list of places (``石角、龙塘、飞来峡``)
  or, with word boundaries, where the analyser reads it as a place word of its own; a village's short name only
  for a village of the report's own town: a short name elsewhere is too often a word or part of one (东坑种鹅);
- a name that fits several divisions of the scope that nothing tells apart is dropped;
- anywhere in the country, the short name of a city (南充 for 南充市, 义乌 for the county-level 义乌市) is taken in
  a list beside another city or province (``成都、重庆、南充等市``), rule ``gazetteer-list``, when it names one
  city only.

The rules in :mod:`kg.extract.components.mentions` settle the rest against the other candidates: a short name
inside another name (金溪 in 金溪工业园) is part of it; a suffix finder's place that runs over an official name's
start (县城东街道 before 城东街道, 在叶县) or across its end is a fragment.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from ..findings import Ballot, Found, Grounding, found
from ..framework import Context, component
from .divisions import Division, Level, division
from .gazetteer import Match, Rule, fold, match
from .lookup import compatible, named_high

__all__ = ["gazetteer", "LIST_SEPARATORS", "PLACE_TAGS"]

#: Characters that separate the items of a list of places.
LIST_SEPARATORS = "、和与及"
#: Tags of a lexical analyser's tokens that read a word as a place name.
PLACE_TAGS = frozenset({"LOC", "ns"})

_RULES = {
    "found-by-rule": "a rule finder read the same words as this place: that candidate gets the division's code",
    "typed-by-list": "a counted list read the same words as a place of another class (甲乙 of 甲乙、丙丁两村, a "
                     "village though a town bears the name): the list's head says what it is",
    "several-divisions": "the name fits several divisions of the report's county and nothing tells them apart",
    "short-name-outside-town": "a village's short name, but not of a village of the report's own town",
    "short-name-not-in-list": "a town's or village's short name standing outside a list of places (and not read "
                              "as a place word by a lexical analyser)",
    "several-cities": "a city's short name in a list of cities that fits several cities",
}

_PLACES = ("Province", "City", "District", "Town", "Village", "Community", "Area", "IndustrialPark")

#: The rule of a province or city grounded by its full name.
NAME_RULE = "gazetteer-name"


def _province_or_city(cls: str, name: str, region: str | None) -> Division | None:
    """The one province or city of the country a full name names (the report's province decides between two)."""
    found = [d for d in named_high(name) if compatible(cls, d)]
    if len(found) > 1 and region:
        found = [d for d in found if d.code.startswith(region[:2])]
    return found[0] if len(found) == 1 else None


#: The rule of a city's short name read in a list of cities.
LIST_RULE = "gazetteer-list"


@lru_cache(maxsize=1)
def _city_shorts() -> Any:
    """An automaton over the short names of the country's cities and county-level cities (南充, 义乌), not
    guarded: folded short name → codes."""
    from .divisions import analyse, full_names, upper_names
    from .gazetteer import _automaton, guarded

    keys: dict[str, list[str]] = {}
    for code, name in upper_names().items():
        if len(code) not in (4, 6) or not full_names(code, name) or len(code) == 6 and not name.endswith("市"):
            continue
        cls, _, short = analyse(name, Level.CITY if len(code) == 4 else Level.COUNTY)
        if cls and short and short not in guarded():
            keys.setdefault(fold(short), []).append(code)
    return _automaton(keys)


def _cities_in_lists(ctx: Context, taken: set[tuple[int, int]], cities: set[tuple[int, int]],
                     ballot: Ballot) -> list[tuple[Found, str]]:
    """Short names of cities in a list beside a city or province named already (``taken`` holds every span of a
    candidate place, ``cities`` those of cities and provinces)."""
    from .gazetteer import _spans

    doc, sent = ctx.doc, ctx.sent
    out: list[tuple[Found, str]] = []
    if not cities:
        return out
    for start, end, codes in _spans(_city_shorts(), fold(sent.text)):
        if any(a < end and start < b for a, b in taken) or not _in_list(sent.text, start, end, cities):
            continue
        d = division(codes[0])
        candidate = found(doc, sent, sent.start + start, sent.start + end, d.type or "City", d.usual or d.name,
                          LIST_RULE)
        if len(codes) > 1:
            ballot.drop(candidate, "several-cities")
            continue
        out.append((candidate, d.code))
    return out


def _boundaries(ctx: Context) -> frozenset[int] | None:
    if not ctx.tokens:
        return None
    return frozenset(b for t in ctx.tokens for b in (t.start, t.end))


def _place_word(ctx: Context, start: int, end: int) -> bool:
    """The lexical analyser read ``[start, end)`` as one word, a place."""
    return any(t.start == start and t.end == end and t.tag in PLACE_TAGS for t in ctx.tokens)


def _in_list(text: str, start: int, end: int, spans: set[tuple[int, int]]) -> bool:
    """The span stands beside another place across a list separator (石角、龙塘), or before 等."""
    ends = {e for _, e in spans}
    starts = {s for s, _ in spans}
    if end < len(text) and text[end] in LIST_SEPARATORS and end + 1 in starts:
        return True
    if start > 0 and text[start - 1] in LIST_SEPARATORS and start - 1 in ends:
        return True
    return text.startswith("等", end) and start > 0 and text[start - 1] in LIST_SEPARATORS


@component("gazetteer", reads=("doc", "sent", "own_place", "tokens?", "places", "known_names", "park_short_forms",
                               "lists"), adds=("gazetteer", "groundings"), rules=_RULES)
def gazetteer(ctx: Context) -> dict[str, Any]:
    """Places of the division codes in the sentence (see the module docstring): reads the sentence, the report's
    own place, the tokens when there are, and the place candidates of the rule finders; adds ``gazetteer``
    (rules ``gazetteer-full``, ``gazetteer-short``, ``gazetteer-chain``) and ``groundings`` (the division of
    each place candidate, its own or a rule finder's)."""
    doc, sent = ctx.doc, ctx.sent
    own = ctx.own_place
    ballot = Ballot(doc, sent)
    matches = match(sent.text, scope=own.scope if own else None, boundaries=_boundaries(ctx))
    town = own.code_of("Town") if own else None
    listed = (f for c in ctx.lists for f in c.items)
    ruled: dict[tuple[int, int], list[Found]] = {}
    for f in (*ctx.places, *ctx.known_names, *ctx.park_short_forms, *listed):
        ruled.setdefault((f.mention.start - sent.start, f.mention.end - sent.start), []).append(f)
    spans = {(m.start, m.end) for m in matches} | set(ruled)
    by_span: dict[tuple[int, int], list[Match]] = {}
    for m in matches:
        by_span.setdefault((m.start, m.end), []).append(m)
    out: list[Found] = []
    groundings: list[Grounding] = []
    for (start, end), ms in by_span.items():
        d, rule = ms[0].division, ms[0].rule
        candidate = found(doc, sent, sent.start + start, sent.start + end, d.type or "Area", d.usual or d.name,
                          rule.value)
        same = [f for f in ruled.get((start, end), ()) if any(compatible(f.mention.type, m.division) for m in ms)]
        if same:
            for f in same:
                fits = [m for m in ms if compatible(f.mention.type, m.division)]
                if len(fits) == 1:
                    groundings.append(Grounding(f, fits[0].division.code, fits[0].rule.value))
            ballot.drop(candidate, "found-by-rule", same[0])
            continue
        if listed_here := [f for f in ruled.get((start, end), ()) if f.mention.rule.startswith("coordination:")]:
            ballot.drop(candidate, "typed-by-list", listed_here[0])
            continue
        if len(ms) > 1:
            ballot.drop(candidate, "several-divisions")
            continue
        if rule is Rule.SHORT and d.level is Level.VILLAGE and town and d.parent != town:
            ballot.drop(candidate, "short-name-outside-town")
            continue
        if (rule is Rule.SHORT and d.level in (Level.TOWN, Level.VILLAGE)
                and not _in_list(sent.text, start, end, spans) and not _place_word(ctx, start, end)):
            ballot.drop(candidate, "short-name-not-in-list")
            continue
        out.append(candidate)
        groundings.append(Grounding(candidate, d.code, rule.value))
    grounded = {id(g.candidate) for g in groundings}
    region = own.region if own else None
    for fs in ruled.values():  # provinces and cities of the rule finders, by their name
        for f in fs:
            if f.mention.type in ("Province", "City") and id(f) not in grounded and (
                    d := _province_or_city(f.mention.type, f.name, region)) is not None:
                groundings.append(Grounding(f, d.code, NAME_RULE))
    cities = {(m.start, m.end) for m in matches if m.division.level in (Level.PROVINCE, Level.CITY)} | {
        span for span, fs in ruled.items() if any(f.mention.type in ("Province", "City") for f in fs)}
    placed = {(m.start, m.end) for m in matches} | {span for span, fs in ruled.items()
                                                    if any(f.mention.type in _PLACES for f in fs)}
    for candidate, code in _cities_in_lists(ctx, placed, cities, ballot):
        out.append(candidate)
        groundings.append(Grounding(candidate, code, LIST_RULE))
    return {"gazetteer": tuple(out), "groundings": tuple(groundings), "decisions": ballot.decisions}
