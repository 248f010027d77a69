"""What the network page reads from a build's store: every triple of the default graph, or only what a
focused page (``kg viz --focus NAME --depth N``) can show.

The page is drawn by :mod:`kg.publish.viz_graph` from anything with ``triples((None, None, None))``.
A focused page shows the entities within ``depth`` links of the focus, and for each of them its labels,
facts (figures, honours, plans, phases) and sentences; :func:`focus_source` walks the store from the
focus and gathers exactly the triples those need — a few thousand, where a big build holds millions —
so the page around one entity costs the same whatever the size of the build.  Reach is counted on the
page's own links: relations between entities, plus recipient → award and body → award through award
conferrals (or the conferrals themselves, with ``include_plumbing``).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from typing import Any

from ..errors import InputError
from ..graph.names import fold_key, name_index
from ..graph.store import inner_store
from ..graph.vocab import CLASSES, PREFIXES
from .viz_graph import ENTITY_CLASSES, PLUMBING_CLASSES

_RDF = PREFIXES["rdf"]
_KG = PREFIXES["kg"]
_TYPE = _RDF + "type"
_STATEMENT = _RDF + "Statement"
#: What naming an object needs: its type, its labels in every script, its text (sentences, plan items).
_NAMING = (_TYPE, PREFIXES["rdfs"] + "label", PREFIXES["skos"] + "prefLabel", PREFIXES["skos"] + "altLabel",
           _KG + "text")
#: Links through an award conferral that the page draws as recipient → award and body → award.
_TO_AWARD = (_KG + "recipient", _KG + "conferredBy")


class TripleSource:
    """Triples of a pyoxigraph store (all of its default graph, or a chosen set) as rdflib terms, made
    one by one as they are read instead of all at once."""

    def __init__(self, triples: Iterable) -> None:
        self._triples = triples

    def triples(self, pattern: tuple = (None, None, None)) -> Iterator[tuple[Any, Any, Any]]:
        if pattern != (None, None, None):
            raise ValueError("a TripleSource only lists all its triples")
        from ..graph.results import rdflib_term

        cache: dict = {}

        def term(t):
            hit = cache.get(t)
            if hit is None:
                hit = cache[t] = rdflib_term(t)
            return hit

        for t in self._triples:
            yield term(t.subject), term(t.predicate), term(t.object)


def whole_source(data) -> TripleSource:
    """Every triple of the store's default graph (each once).

    :param data: a build opened with :func:`kg.graph.store.open_build`, or a pyoxigraph store.
    """
    import pyoxigraph as ox

    store = _store(data)
    return TripleSource(q.triple for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph()))


def _store(data):
    store = inner_store(data)
    if store is None:
        raise InputError("the network page reads a build's Oxigraph store")
    return store


class _Walk:
    """Lookups in the default graph, each quad pattern read once."""

    def __init__(self, store) -> None:
        import pyoxigraph as ox

        self.ox = ox
        self.store = store
        self.default = ox.DefaultGraph()
        self.triples: set = set()
        self._out: dict[str, list] = {}
        self._in: dict[str, list] = {}
        self._classes: dict[str, frozenset[str]] = {}

    def out(self, iri: str) -> list:
        if iri not in self._out:
            self._out[iri] = [q.triple for q in self.store.quads_for_pattern(self.ox.NamedNode(iri), None, None,
                                                                              self.default)]
        return self._out[iri]

    def inc(self, iri: str) -> list:
        if iri not in self._in:
            self._in[iri] = [q.triple for q in self.store.quads_for_pattern(None, None, self.ox.NamedNode(iri),
                                                                             self.default)]
        return self._in[iri]

    def classes(self, iri: str) -> frozenset[str]:
        """The node's kg classes by local name (``Statement`` for a reification)."""
        if iri not in self._classes:
            found = set()
            for q in self.store.quads_for_pattern(self.ox.NamedNode(iri), self.ox.NamedNode(_TYPE), None,
                                                  self.default):
                o = q.object.value
                if o == _STATEMENT:
                    found.add("Statement")
                elif o.startswith(_KG):
                    found.add(o[len(_KG):])
            self._classes[iri] = frozenset(found)
        return self._classes[iri]

    def naming(self, iri: str) -> None:
        """Add what names an object: its type, labels and text."""
        for p in _NAMING:
            self.triples.update(q.triple for q in self.store.quads_for_pattern(
                self.ox.NamedNode(iri), self.ox.NamedNode(p), None, self.default))

    @staticmethod
    def iri(term) -> str | None:
        return term.value if type(term).__name__ == "NamedNode" else None


_RANK = {c: i for i, c in enumerate((*CLASSES, "Statement"))}


def _drawn(walk: _Walk, iri: str, drawn: frozenset[str]) -> bool:
    """Is the node drawn: is its class (the first of its classes in the ontology's order, as the page
    takes it) one of ``drawn``?"""
    known = [c for c in walk.classes(iri) if c in _RANK]
    return bool(known) and min(known, key=_RANK.__getitem__) in drawn


def _neighbours(walk: _Walk, n: str, drawn: frozenset[str], plumbing: bool) -> set[str]:
    """Nodes one link from ``n`` on the page."""
    found: set[str] = set()
    for t in walk.out(n):
        o = walk.iri(t.object)
        if o is not None and o != n and t.predicate.value not in _NAMING and _drawn(walk, o, drawn):
            found.add(o)
    for t in walk.inc(n):
        s = walk.iri(t.subject)
        if s is None or s == n:
            continue
        if t.predicate.value not in _NAMING and _drawn(walk, s, drawn):
            found.add(s)
        if not plumbing and "AwardConferral" in walk.classes(s):
            p = t.predicate.value
            if p in _TO_AWARD:
                wanted = (_KG + "award",)
            elif p == _KG + "award":
                wanted = _TO_AWARD
            else:
                continue
            for c in walk.out(s):
                other = walk.iri(c.object)
                if c.predicate.value in wanted and other is not None and other != n and _drawn(walk, other, drawn):
                    found.add(other)
    return found


def focus_source(data, focus: str, *, depth: int = 2, types: Iterable[str] | None = None,
                 include_plumbing: bool = False) -> TripleSource:
    """The triples a page centred on ``focus`` needs: every entity within ``depth`` links, with the
    labels, facts and sentences the page shows for it.

    :param data: a build opened with :func:`kg.graph.store.open_build`, or a pyoxigraph store whose
        default graph holds the merged graphs.
    :param focus: a name as the page's search box takes it (any script, pinyin with or without tones,
        alias, IRI); every entity of that name is a centre.
    :param types: the classes the page keeps (links are followed through these only), None for all.
    :raises InputError: if no entity has that name (with close names), or ``depth`` is negative.
    """
    if depth < 0:
        raise InputError(f"depth {depth}: give 0 or more links to follow from the focus")
    store = _store(data)
    drawn = frozenset(ENTITY_CLASSES) | (frozenset(PLUMBING_CLASSES) if include_plumbing else frozenset())
    if types is not None:
        drawn &= frozenset(types)
    walk = _Walk(store)
    index = name_index(data)
    want = fold_key(focus)
    named = index.iris("fold", want)
    centres = sorted(i for i in named if _drawn(walk, i, drawn))
    if not centres:
        everything = frozenset(ENTITY_CLASSES) | frozenset(PLUMBING_CLASSES)
        other = sorted({c for i in named if _drawn(walk, i, everything) for c in walk.classes(i) if c in _RANK})
        if other and types is not None:
            raise InputError(f"focus {focus!r}: no entity of that name in the graph among the types "
                             f"{', '.join(types)} (it names a {' and a '.join(other)})")
        raise InputError(f"focus {focus!r}: no entity of that name in the graph"
                         f"{_hint(index, want, lambda i: _drawn(walk, i, drawn))}")
    reach = set(centres)
    frontier = set(centres)
    for _ in range(depth):
        nxt: set[str] = set()
        for n in sorted(frontier):
            nxt |= _neighbours(walk, n, drawn, include_plumbing) - reach
        reach |= nxt
        frontier = nxt
        if not frontier:
            break
    for n in sorted(reach):
        walk.triples.update(walk.out(n))
        walk.triples.update(walk.inc(n))
        for t in walk.out(n):
            o = walk.iri(t.object)
            if o is not None:
                walk.naming(o)
        for t in walk.inc(n):
            r = walk.iri(t.subject)
            if r is None or (not include_plumbing and "Statement" in walk.classes(r)):
                continue  # a reified statement is drawn with the plumbing only
            walk.triples.update(walk.out(r))  # a figure, conferral or plan item about n, with its sources
            for u in walk.out(r):
                o = walk.iri(u.object)
                if o is not None:
                    walk.naming(o)
    return TripleSource(sorted(walk.triples, key=str))


def _hint(index, want: str, wanted) -> str:
    """Close names of entities the page would draw (``wanted(iri)``), as its own search suggests them."""
    if want:
        pool = index.keys_containing("fold", want[0], limit=20000)
        close = difflib.get_close_matches(want, pool, n=20, cutoff=0.5)
        if not close:
            close = [k for k in pool if want in k or k in want]
        names = sorted({name for k in close for name in _names(index, k, wanted)})[:5]
        if names:
            return f"; did you mean: {', '.join(names)}"
    return "; try the Simplified, Traditional or pinyin name"


def _names(index, key: str, wanted) -> list[str]:
    """The Simplified names of the entities whose fold key is ``key``."""
    return [name for iri in index.iris("fold", key) if wanted(iri) for name in index.keys_of(iri, "hans")[:1]]
