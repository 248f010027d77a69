"""Counts over a loaded graph: documents, sentences, quads, nodes per class, triples per property."""

from __future__ import annotations

from dataclasses import dataclass

from .query import prepare
from .rdf import ONTOLOGY_GRAPH
from .vocab import KG, PREFIXES


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
    return tuple(sorted(((str(k), int(n)) for k, n in pairs), key=lambda kv: (-kv[1], kv[0])))


def stats(dataset) -> Stats:
    """Count what the dataset holds.

    :param dataset: a loaded dataset (see :func:`kg.graph.store.load`).
    :returns: the counts.
    """
    onto = f"<{ONTOLOGY_GRAPH}>"

    def rows(q: str) -> list[tuple]:
        return [tuple(r) for r in dataset.query(prepare(q))]

    quads = int(rows("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")[0][0])
    classes = rows(f"""SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE {{
        GRAPH ?g {{ ?s a ?c }} FILTER(?g != {onto} && STRSTARTS(STR(?c), STR(kg:))) }} GROUP BY ?c""")
    props = rows(f"""SELECT ?p (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?p ?o WHERE {{
        GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != {onto}) }} }} GROUP BY ?p""")
    by_class = {str(c)[len(str(KG)):]: int(n) for c, n in classes}
    return Stats(
        documents=by_class.get("Document", 0), sentences=by_class.get("Sentence", 0), quads=quads,
        classes=_ranked(by_class.items()), properties=_ranked((_short(str(p)), n) for p, n in props),
    )


def stats_lines(s: Stats) -> list[str]:
    """The counts as aligned lines, for the command line."""
    lines = [f"documents: {s.documents}", f"sentences: {s.sentences}", f"quads: {s.quads}", "", "class"]
    width = max([len(k) for k, _ in s.classes + s.properties] + [8])
    lines += [f"  {k:<{width}}  {n:>7}" for k, n in s.classes]
    lines += ["", "property"]
    lines += [f"  {k:<{width}}  {n:>7}" for k, n in s.properties]
    return lines
