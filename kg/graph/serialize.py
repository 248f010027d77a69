"""Deterministic serialization of quads: N-Quads, Turtle (one graph) and JSON-LD.

The quads come sorted (see :func:`kg.graph.rdf.quad_key`) and pyoxigraph's native writers keep that order,
so the same quads always give the same bytes; they are also much faster than rdflib's writers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from rdflib import Literal, URIRef
from rdflib.term import Node

from .rdf import Quad
from .vocab import PREFIXES


def _ox_term(t: Node):
    import pyoxigraph as ox

    if isinstance(t, Literal):
        if t.language:
            return ox.Literal(str(t), language=t.language)
        if t.datatype is not None:
            return ox.Literal(str(t), datatype=ox.NamedNode(str(t.datatype)))
        return ox.Literal(str(t))
    if isinstance(t, URIRef):
        return ox.NamedNode(str(t))
    raise TypeError(f"cannot serialize {t!r}: only IRIs and literals are written (no blank nodes)")


def ox_quads(quads: Iterable[Quad], terms: dict | None = None) -> list:
    """The quads as pyoxigraph quads, in the order given; each distinct term is converted once.

    :param terms: a dict to fill with every distinct rdflib term and its pyoxigraph form.
    """
    import pyoxigraph as ox

    cache: dict[Node, object] = {} if terms is None else terms

    def term(t: Node):
        hit = cache.get(t)
        if hit is None:
            hit = cache[t] = _ox_term(t)
        return hit

    return [ox.Quad(term(s), term(p), term(o), term(g)) for s, p, o, g in quads]


def _as_ox(quads: Iterable) -> list:
    quads = quads if isinstance(quads, list) else list(quads)
    import pyoxigraph as ox

    return quads if quads and isinstance(quads[0], ox.Quad) else ox_quads(quads)


def nquads_bytes(quads: Iterable) -> bytes:
    """N-Quads of the quads (rdflib quads, or pyoxigraph quads from :func:`ox_quads`), in the order given."""
    import pyoxigraph as ox

    return ox.serialize(_as_ox(quads), format=ox.RdfFormat.N_QUADS)


def ntriples_bytes(quads: Iterable) -> bytes:
    """N-Triples of the quads' triples, their graphs left out (rdflib or pyoxigraph quads), in the order given."""
    import pyoxigraph as ox

    return ox.serialize([ox.Triple(q.subject, q.predicate, q.object) for q in _as_ox(quads)],
                        format=ox.RdfFormat.N_TRIPLES)


def jsonld_bytes(quads: Iterable) -> bytes:
    """Expanded JSON-LD of the quads (one ``@graph`` per named graph), in the order given, ending with a newline.

    The quads may be rdflib quads or pyoxigraph quads from :func:`ox_quads`.
    """
    import pyoxigraph as ox

    out = ox.serialize(_as_ox(quads), format=ox.RdfFormat.JSON_LD)
    return out if out.endswith(b"\n") else out + b"\n"


def turtle_prefixes(base: str, local_paths: Iterable[str] = (), *, doc_iri: str | None = None) -> dict[str, str]:
    """The project prefixes for Turtle, with one prefix per path under the data base (``village:``, ``doc:`` …).

    The bare ``kgd:`` prefix is left out: data IRIs hold a ``/`` that Turtle would have to escape.  With
    ``doc_iri``, ``sentence:`` abbreviates that document's sentences (``sentence:s12``).
    """
    prefixes = {k: v for k, v in PREFIXES.items() if k != "kgd"}
    for path in sorted(set(local_paths)):
        if path.isascii() and path.isidentifier() and path not in prefixes:
            prefixes[path] = f"{base}{path}/"
    if doc_iri is not None and "sentence" not in prefixes:
        prefixes["sentence"] = f"{doc_iri}#"
    return prefixes


def turtle_bytes(triples: Sequence[tuple[URIRef, URIRef, Node]], prefixes: Mapping[str, str], *,
                 converted: Sequence | None = None, terms: Iterable[Node] | None = None) -> bytes:
    """Turtle of one graph's triples, in the order given, headed by sorted ``@prefix`` lines for the prefixes used.

    ``converted`` may give the same triples already as pyoxigraph quads (from :func:`ox_quads`, graph dropped),
    and ``terms`` their distinct terms (graph names may be among them).
    pyoxigraph writes prefixes in no fixed order, so its header is replaced by a sorted one.
    """
    import pyoxigraph as ox

    if converted is None:
        seen: dict = {}
        converted = ox_quads(((s, p, o, s) for s, p, o in triples), seen)
        distinct: Iterable[Node] = seen
    else:
        distinct = terms if terms is not None else {t for triple in triples for t in triple}
    iris = {str(t.datatype) if isinstance(t, Literal) and t.datatype is not None else str(t) for t in distinct}
    # the longest namespace wins, as it does in the writer (``doc:`` vs ``sentence:``)
    used = {name: ns for name, ns in prefixes.items() if any(i.startswith(ns) for i in iris)}
    ox_triples = [q.triple for q in converted]
    body = ox.serialize(ox_triples, format=ox.RdfFormat.TURTLE, prefixes=used).decode("utf-8")
    lines = body.split("\n")
    while lines and lines[0].startswith("@prefix "):
        lines.pop(0)
    header = [f"@prefix {name}: <{ns}> ." for name, ns in sorted(used.items())]
    return ("\n".join(header + [""] + lines)).encode("utf-8")
