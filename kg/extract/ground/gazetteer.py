"""The official place gazetteer: finding divisions of the national codes by name, and in a text.

Two questions, over the codes of :mod:`kg.extract.divisions`:

- which division does a report's heading or sidecar name? :func:`locate` and :func:`find_county` read a name
  chain (``"河北省保定市涞水县"``, or ``"九龙镇"`` with ``"涞水县"``) and return the candidates with their codes;
- which divisions does a text mention? :func:`match` scans it with Aho-Corasick automata, under three rules:

  ``gazetteer-full``  inside a :class:`Scope` (the report's own counties): the official or usual name of one of
                      its towns, villages and communities, of a scope county, or of its city or province;
  ``gazetteer-short`` inside the scope: a short name (九龙 for 九龙镇), never one of ``guard.tsv``, never glued
                      inside a longer word when the caller gives word boundaries, never right before a place
                      ending (九龙村 is another place than 九龙镇);
  ``gazetteer-chain`` anywhere: full names that follow one another as a chain of divisions, starting at a
                      province or a city (河北省保定市涞水县, 保定市涞水县九龙镇).

Spellings are compared folded: Traditional characters read as Simplified (OpenCC, character by character) and
the variants of ``variants.tsv`` read as their standard form, so a report's 圪达 finds the data's 圪垯 and the
reverse.  A :class:`Match` keeps the text's spelling; its :class:`Division` keeps the official one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from typing import Any

from ...errors import InputError
from ..lexicon import mapping, words
from .divisions import (
    Division,
    Level,
    ancestors,
    children,
    division,
    endings,
    full_names,
    natural,
    upper_names,
    upper_under,
    village_codes,
    within,
)

__all__ = ["Division", "Level", "Match", "Rule", "Scope", "ancestors", "children", "county_of", "division",
           "find_county", "fold", "guarded", "locate", "match", "variants"]


class Rule(StrEnum):
    """Why a name in a text was taken for a division."""

    FULL = "gazetteer-full"
    SHORT = "gazetteer-short"
    CHAIN = "gazetteer-chain"


@dataclass(frozen=True, slots=True)
class Match:
    """A division named in a text: ``text[start:end]`` as written there, and the rule that found it.

    Where a name fits several divisions of the scope (two villages called 新村 in one county), :func:`match`
    returns one Match per division over the same span.
    """

    start: int
    end: int
    text: str
    division: Division
    rule: Rule


@dataclass(frozen=True, slots=True)
class Scope:
    """The divisions a report may name by short name: everything under the given codes (usually its county).

    Codes of any level and length are accepted and kept as sorted twelve-digit codes.

    :raises InputError: if a code is malformed or unknown.

    >>> Scope(("130623",)).codes
    ('130623000000',)
    """

    codes: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        if isinstance(self.codes, str):
            raise InputError(f"Scope takes a tuple of codes, not the string {self.codes!r}")
        object.__setattr__(self, "codes", tuple(sorted({division(c).code for c in self.codes})))


# --- data tables --------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def guarded() -> frozenset[str]:
    """Words of ``guard.tsv``: never matched as a short or usual name (an official name always matches).

    >>> "建设" in guarded()
    True
    """
    return frozenset(words("gazetteer/guard.tsv"))


@lru_cache(maxsize=1)
def variants() -> dict[str, str]:
    """Character variants of ``variants.tsv``: variant → standard form.

    :raises InputError: if a row is not one character to one other character (naming the file and the line).
    """
    return dict(mapping("gazetteer/variants.tsv", "standard"))


_FOLDED: dict[int, str] = {}


@lru_cache(maxsize=1)
def _t2s() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


def fold(text: str) -> str:
    """The text as names are compared: each character Simplified (OpenCC t2s) and variants standardised.

    The result has the length of ``text``, so offsets carry over.

    >>> fold("涞水縣石圪垯村")
    '涞水县石圪达村'
    """
    missing = sorted(c for c in set(text) if ord(c) not in _FOLDED)
    if missing:
        simple = _t2s().convert("\n".join(missing)).split("\n")
        if len(simple) != len(missing):
            simple = missing
        table = variants()
        for char, simplified in zip(missing, simple):
            char2 = simplified if len(simplified) == 1 else char
            _FOLDED[ord(char)] = table.get(char2, table.get(char, char2))
    return text.translate(_FOLDED)


# --- looking divisions up by name ---------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _upper_names() -> Any:
    """An automaton over the full names of every division down to towns: folded name → natural codes."""
    return _names_automaton(12)


def _names_automaton(width: int) -> Any:
    """Folded full name → natural codes, for the divisions whose code is shorter than ``width`` digits."""
    keys: dict[str, list[str]] = {}
    names = [(code, full) for code, name in upper_names().items() if len(code) < width
             for full in full_names(code, name)]
    folded = fold("\n".join(full for _, full in names)).split("\n")  # one pass over every name
    for (code, _), key in zip(names, folded):
        keys.setdefault(key, []).append(code)
    return _automaton(keys)


def _automaton(keys: dict[str, list[Any]]) -> Any:
    import ahocorasick

    auto = ahocorasick.Automaton()
    for key, values in keys.items():
        auto.add_word(key, (len(key), tuple(values)))
    if keys:
        auto.make_automaton()
    return auto


def _spans(auto: Any, folded: str) -> list[tuple[int, int, tuple[Any, ...]]]:
    """Leftmost-longest, non-overlapping hits of an automaton: ``(start, end, values)``."""
    if not len(auto):
        return []
    return _leftmost_longest([(end + 1 - n, end + 1, values) for end, (n, values) in auto.iter(folded)])


def _leftmost_longest(hits: list[tuple[int, int, Any]]) -> list[tuple[int, int, Any]]:
    """The hits ``(start, end, …)`` that no earlier (or, at the same start, longer) hit overlaps."""
    out, reach = [], 0
    for hit in sorted(hits, key=lambda h: (h[0], -h[1])):
        if hit[0] >= reach:
            out.append(hit)
            reach = hit[1]
    return out


def locate(*names: str) -> tuple[Division, ...]:
    """The divisions a name chain points to: the deepest ones that agree with most of the names.

    Each argument may hold several names (``"河北省保定市涞水县"``); full names down to towns are read, in any
    order.  A division scores one for each name it is or lies under; the best-scoring deepest ones are returned.

    :returns: candidates in code order; empty if no name is known.

    >>> [d.code for d in locate("九龙镇", "涞水县")]
    ['130623105000']
    >>> [d.name for d in locate("河北省保定市涞水县")]
    ['涞水县']
    """
    found: list[tuple[str, ...]] = []
    for name in names:
        found += [codes for _, _, codes in _spans(_upper_names(), fold(name))]
    if not found:
        return ()
    candidates = {code for codes in found for code in codes}
    scored = {c: sum(any(c.startswith(a) for a in codes) for codes in found) for c in candidates}
    best = max(scored.values())
    top = [c for c, s in scored.items() if s == best]
    depth = max(len(c) for c in top)
    return tuple(division(c) for c in sorted(top) if len(c) == depth)


def county_of(code: str) -> Division:
    """The county-level division of a code, or the city where a city has no counties (东莞市).

    :raises InputError: for a province or a city that has counties.

    >>> county_of("130623105000").name
    '涞水县'
    """
    d = division(code)
    chain = ancestors(code) + (d,)
    county = next((a for a in chain if a.level is Level.COUNTY), None)
    if county:
        return county
    town = next((a for a in chain if a.level is Level.TOWN), None)
    if town and town.parent:
        return division(town.parent)
    raise InputError(f"{d.name} ({d.code}) is a {d.level}: it has no single county; name a county or below")


def find_county(*names: str) -> tuple[Division, ...]:
    """The counties (districts) a report's heading or sidecar names, as candidates with codes.

    >>> [(d.code, d.name) for d in find_county("河北省保定市涞水县九龙镇")]
    [('130623000000', '涞水县')]
    >>> len(find_county("九龙镇")) > 1  # many counties have a 九龙镇
    True
    """
    out: dict[str, Division] = {}
    for d in locate(*names):
        if d.level is Level.PROVINCE or d.level is Level.CITY and any(c.level is Level.COUNTY
                                                                       for c in children(d.code)):
            continue  # names no single county
        county = d if d.level is Level.CITY else county_of(d.code)
        out.setdefault(county.code, county)
    return tuple(out[c] for c in sorted(out))


# --- matching a text ----------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _place_endings() -> tuple[str, ...]:
    """Endings that make a short name part of another place's name (X村, X镇), longest first."""
    every = [e for level_endings in endings().values() for e in level_endings]
    words = {e.suffix for e in every if e.short and not e.whole} | {e.usual for e in every if e.short and e.usual}
    return tuple(sorted(words - {"*"}, key=lambda w: (-len(w), w)))


def _scope_divisions(scope: Scope) -> list[Division]:
    seen: dict[str, Division] = {}
    for code in scope.codes:
        for d in ancestors(code) + (division(code),):
            seen.setdefault(d.code, d)
        nat = natural(code)
        for c in upper_under(code):
            seen.setdefault(c.ljust(12, "0"), division(c))
        if len(nat) < 12:
            for c in village_codes(code):
                seen.setdefault(c, division(c))
    return [d for d in seen.values() if d.type]


@lru_cache(maxsize=64)
def _scope_automaton(scope: Scope) -> Any:
    """Folded key → ``(division, rule)`` pairs of a scope."""
    keys: dict[str, list[tuple[Division, Rule]]] = {}
    guard = guarded()
    for d in _scope_divisions(scope):
        for i, name in enumerate(d.names):
            if i == 0 or name not in guard:
                keys.setdefault(fold(name), []).append((d, Rule.FULL))
        if d.short and (d.short not in guard or d.level in (Level.PROVINCE, Level.CITY, Level.COUNTY)):
            keys.setdefault(fold(d.short), []).append((d, Rule.SHORT))
    return _automaton(keys)


@lru_cache(maxsize=1)
def _chain_automaton() -> Any:
    """Folded full name → natural codes, for provinces, cities and counties (the links a chain starts with)."""
    return _names_automaton(7)


def _chains(folded: str) -> list[tuple[int, int, Division]]:
    """Chains of full names, each link a division under the one before, the first a province or a city;
    leftmost-longest, then carried down through the towns and villages whose names follow."""
    auto = _chain_automaton()
    if not len(auto):
        return []
    nodes = sorted({(end + 1 - n, end + 1, c) for end, (n, codes) in auto.iter(folded) for c in codes})
    ending_at: dict[int, list[tuple[int, int, str]]] = {}
    best: dict[tuple[int, int, str], list[tuple[int, int, str]]] = {}
    for node in nodes:  # the longest chain ending at each node; nodes come by start
        before = [best[p] for p in ending_at.get(node[0], ()) if node[2].startswith(p[2]) and node[2] != p[2]]
        best[node] = max(before, key=len, default=[]) + [node]
        ending_at.setdefault(node[1], []).append(node)
    chains = sorted((c for c in best.values() if len(c) >= 2 and len(c[0][2]) <= 4),
                    key=lambda c: (c[0][0], -c[-1][1], [link[2] for link in c]))
    out: list[tuple[int, int, Division]] = []
    reach = 0
    for chain in chains:
        if chain[0][0] >= reach:
            links = [(s, e, division(c)) for s, e, c in chain]
            links += _descend(folded, links[-1][1], links[-1][2])
            out += links
            reach = links[-1][1]
    return out


def _descend(folded: str, at: int, parent: Division) -> list[tuple[int, int, Division]]:
    """Towns, then villages, whose full name follows a chain's last link right away."""
    links: list[tuple[int, int, Division]] = []
    while parent.level in (Level.COUNTY, Level.TOWN) or parent.level is Level.CITY and not links:
        found = next(((key, d) for key, d in _child_names(parent.code) if folded.startswith(key, at)), None)
        if not found:
            break
        parent = found[1]
        links.append((at, at + len(found[0]), parent))
        at += len(found[0])
    return links


@lru_cache(maxsize=4096)
def _child_names(code: str) -> tuple[tuple[str, Division], ...]:
    """Folded full names of the divisions right under a code, longest first."""
    pairs = [(fold(name), d) for d in children(code) if d.type for name in d.names]
    return tuple(sorted(pairs, key=lambda p: (-len(p[0]), p[1].code)))


def match(text: str, *, scope: Scope | None = None,
          boundaries: Iterable[int] | None = None) -> tuple[Match, ...]:
    """The divisions a text names (see the module's rules), in text order.

    :param text: the text, Simplified or Traditional.
    :param scope: the report's own divisions; without it only chains are matched.
    :param boundaries: offsets where the caller's tokens start or end; when given, a short name must start and
        end on one.
    :returns: the matches, by start, then by code where a span fits several divisions.

    >>> [(m.text, m.division.code, m.rule.value) for m in match("河北省保定市涞水县九龙镇")]
    [('河北省', '130000000000', 'gazetteer-chain'), ('保定市', '130600000000', 'gazetteer-chain'), \
('涞水县', '130623000000', 'gazetteer-chain'), ('九龙镇', '130623105000', 'gazetteer-chain')]
    >>> [(m.text, m.rule.value) for m in match("九龙的果园", scope=Scope(("130623",)))]
    [('九龙', 'gazetteer-short')]
    """
    folded = fold(text)
    cuts = None if boundaries is None else frozenset(boundaries)
    chosen: list[tuple[int, int, Division, Rule]] = [(s, e, d, Rule.CHAIN) for s, e, d in _chains(folded)]
    taken = bytearray(len(text) + 1)
    ending_at: dict[int, list[Division]] = {}
    for s, e, d, _ in chosen:
        taken[s:e] = b"\1" * (e - s)
        ending_at.setdefault(e, []).append(d)
    if scope is not None:
        for start, end, entries in _spans_scoped(_scope_automaton(scope), folded, cuts, taken):
            kept = _disambiguate(entries, ending_at.get(start, []))
            chosen += [(start, end, d, rule) for d, rule in kept]
            ending_at.setdefault(end, []).extend(d for d, _ in kept)
    chosen.sort(key=lambda m: (m[0], m[2].code))
    return tuple(Match(s, e, text[s:e], d, r) for s, e, d, r in chosen)


def _spans_scoped(auto: Any, folded: str, cuts: frozenset[int] | None,
                  taken: bytearray) -> list[tuple[int, int, list[tuple[Division, Rule]]]]:
    """Leftmost-longest scope hits outside chain links (``taken`` marks their characters), after the short-name
    rules."""
    if not len(auto):
        return []
    hits = []
    for end, (n, entries) in auto.iter(folded):
        start, end = end + 1 - n, end + 1
        if any(taken[start:end]):
            continue
        kept = [(d, r) for d, r in entries if r is Rule.FULL or _short_ok(folded, start, end, cuts)]
        if kept:
            full = [(d, r) for d, r in kept if r is Rule.FULL]
            hits.append((start, end, full or kept))
    return _leftmost_longest(hits)


def _short_ok(folded: str, start: int, end: int, cuts: frozenset[int] | None) -> bool:
    if cuts is not None and (start not in cuts or end not in cuts):
        return False
    return not folded.startswith(_place_endings(), end)


def _disambiguate(entries: Sequence[tuple[Division, Rule]],
                  before: Sequence[Division]) -> list[tuple[Division, Rule]]:
    """Of several divisions with one name: those under a division named right before (九龙镇南庄村), and of
    those, the ones that lie under no other."""
    if len(entries) < 2:
        return list(entries)
    under = [(d, r) for d, r in entries if any(within(d.code, b.code) and d.code != b.code for b in before)]
    entries = under or list(entries)
    # a short name shared by a town and a village of it names the town (X镇 and its seat, X社区)
    return [(d, r) for d, r in entries
            if not any(within(d.code, o.code) and d.code != o.code for o, _ in entries)]
