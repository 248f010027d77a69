"""Counts over a loaded graph: documents, sentences, quads, nodes per class, triples per property.

Counting distinct triples across a thousand document graphs would mean a ``DISTINCT`` over millions of
rows; the default graph of kg's store already holds each triple once, so the counts are read there,
less the few triples that only the ontology graph states.  ``kg build`` counts its store once and keeps
the counts in the store's manifest, where :func:`build_stats` reads them.
"""

from __future__ import annotations

from dataclasses import dataclass

from .vocab import PREFIXES

_KG = PREFIXES["kg"]
_ONTO = "<" + PREFIXES["kg"].rstrip("#") + ">"


@dataclass(frozen=True, slots=True)
class Stats:
    """What a graph holds (the ontology graph is left out of the class and property counts)."""

    documents: int
    sentences: int
    quads: int
    classes: tuple[tuple[str, int], ...]  # (class local name, distinct nodes), largest first
    properties: tuple[tuple[str, int], ...]  # (prefixed property name, distinct triples), largest first


def _short(iri: str) -> str:
    best = max(((p, ns) for p, ns in PREFIXES.items() if iri.startswith(ns)), key=lambda x: len(x[1]), default=None)
    return f"{best[0]}:{iri[len(best[1]):]}" if best else iri


def _ranked(pairs) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(((str(k), int(n)) for k, n in pairs if int(n) > 0), key=lambda kv: (-kv[1], kv[0])))


_QUADS = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
_CLASSES = ("SELECT ?c ?n WHERE { { SELECT ?c (COUNT(*) AS ?n) WHERE { ?s a ?c } GROUP BY ?c } "
            "FILTER(STRSTARTS(STR(?c), STR(kg:))) }")
_PROPERTIES = "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p"
# triples of the default graph that no document graph states (they come from the ontology graph only)
_ONTOLOGY_ONLY = f"""SELECT ?p ?c (COUNT(*) AS ?n) WHERE {{
  GRAPH {_ONTO} {{ ?s ?p ?o }}
  FILTER NOT EXISTS {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != {_ONTO}) }}
  BIND(IF(?p = rdf:type && isIRI(?o) && STRSTARTS(STR(?o), STR(kg:)), ?o, "") AS ?c)
}} GROUP BY ?p ?c"""


def stats(dataset, *, quads: int | None = None) -> Stats:
    """Count what the dataset holds.

    :param dataset: a build's store (:func:`kg.graph.store.open_build`), a pyoxigraph ``Store`` whose
        default graph holds the merged graphs, or an rdflib ``Dataset`` (see :func:`kg.graph.store.load`).
    :param quads: the number of quads in the named graphs when it is known (``kg build`` counts them as it
        writes them), which spares reading them all.
    :returns: the counts.
    """
    from .query import query

    def rows(q: str) -> list[tuple[str, int]]:
        return [tuple(str(x) for x in r) for r in query(dataset, q).rows]

    if quads is None:
        quads = int(rows(_QUADS)[0][0])
    by_class = {c[len(_KG):]: int(n) for c, n in rows(_CLASSES)}
    by_property = {p: int(n) for p, n in rows(_PROPERTIES)}
    for p, c, n in rows(_ONTOLOGY_ONLY):
        by_property[p] = by_property.get(p, 0) - int(n)
        if c:
            by_class[c[len(_KG):]] = by_class.get(c[len(_KG):], 0) - int(n)
    return Stats(
        documents=by_class.get("Document", 0), sentences=by_class.get("Sentence", 0), quads=quads,
        classes=_ranked(by_class.items()), properties=_ranked((_short(p), n) for p, n in by_property.items()),
    )


def stats_dict(s: Stats) -> dict:
    """The counts as plain JSON-ready data (kept in the store's manifest)."""
    return {"documents": s.documents, "sentences": s.sentences, "quads": s.quads,
            "classes": [list(kv) for kv in s.classes], "properties": [list(kv) for kv in s.properties]}


def stats_from_dict(d: dict) -> Stats:
    """The inverse of :func:`stats_dict`."""
    return Stats(int(d["documents"]), int(d["sentences"]), int(d["quads"]),
                 tuple((str(k), int(n)) for k, n in d["classes"]), tuple((str(k), int(n)) for k, n in d["properties"]))


def build_stats(built) -> Stats:
    """The counts of an opened build: from its store's manifest when ``kg build`` wrote them there,
    else counted now.

    :param built: a :class:`kg.graph.store.BuiltGraph`.
    """
    counted = (built.manifest or {}).get("stats")
    if counted:
        try:
            return stats_from_dict(counted)
        except (KeyError, TypeError, ValueError):
            pass
    return stats(built.store)


def stats_lines(s: Stats) -> list[str]:
    """The counts as aligned lines, for the command line."""
    lines = [f"documents: {s.documents}", f"sentences: {s.sentences}", f"quads: {s.quads}", "", "class"]
    width = max([len(k) for k, _ in s.classes + s.properties] + [8])
    lines += [f"  {k:<{width}}  {n:>7}" for k, n in s.classes]
    lines += ["", "property"]
    lines += [f"  {k:<{width}}  {n:>7}" for k, n in s.properties]
    return lines
