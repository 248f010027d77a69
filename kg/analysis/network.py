"""The graph as a network: entities become networkx nodes, relations between them become edges.

The RDF graph holds more than the network an analyst wants: sentences, documents, reified
``rdf:Statement`` nodes, provenance links and (usually) the observations.  :func:`to_networkx` keeps
the entities and the relations that join them, each node carrying its label and class, each edge its
property name and its Chinese and English labels, so centrality, communities and paths speak the
language of the report.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.term import Node

from ..errors import KGError
from ..graph.vocab import CLASSES, KG, PREFIXES

if TYPE_CHECKING:
    import networkx as nx

#: Classes that are bookkeeping rather than things of the report; left out unless asked for.
PLUMBING_CLASSES: tuple[str, ...] = ("Document", "Sentence", "Observation")

#: Properties that record where something was said, not how two things relate.
PROVENANCE_PROPERTIES: frozenset[str] = frozenset({"mentionedIn", "inDocument"})

_SKOS_PREF = URIRef(PREFIXES["skos"] + "prefLabel")
_CLASS_SET = frozenset(CLASSES)


def iter_triples(graph: Graph) -> Iterator[tuple[Node, Node, Node]]:
    """Every triple of ``graph`` once, across all its named graphs when it is a Dataset.

    :param graph: an rdflib ``Graph``, ``ConjunctiveGraph`` or ``Dataset`` (any store).
    :returns: an iterator of ``(subject, predicate, object)``; a triple stated in several named graphs
        is yielded once.
    :raises TypeError: if ``graph`` is not an rdflib graph.
    """
    if not isinstance(graph, Graph):
        raise TypeError(f"expected an rdflib Graph or Dataset, got {type(graph).__name__}")
    quads = getattr(graph, "quads", None)
    if quads is None:
        yield from graph.triples((None, None, None))
        return
    seen: set[tuple[Node, Node, Node]] = set()
    for s, p, o, _g in quads((None, None, None, None)):
        if (s, p, o) not in seen:
            seen.add((s, p, o))
            yield s, p, o


def local_name(iri: str) -> str:
    """The part of an IRI after its last ``#`` or ``/``.

    >>> local_name("https://w3id.org/kg-cn/ontology#containedIn")
    'containedIn'
    >>> local_name("https://w3id.org/kg-cn/id/town/yuan-tan-zhen-1a2b3c")
    'yuan-tan-zhen-1a2b3c'
    """
    return str(iri).rstrip("/#").replace("#", "/").rsplit("/", 1)[-1]


def _pick_label(labels: list[Literal], langs: tuple[str, ...]) -> str:
    """The first label whose language tag matches one of ``langs`` (prefix match), in that order."""
    for want in langs:
        for lit in sorted(labels, key=str):
            tag = (lit.language or "").lower()
            if tag == want or (want and tag.startswith(want + "-")):
                return str(lit)
    return ""


def _words(name: str) -> str:
    """``containedIn`` → ``contained in``: an English fallback label from a camelCase local name."""
    out = "".join(" " + c.lower() if c.isupper() else c for c in name)
    return out.strip()


class _Facts:
    """What the network needs from the graph, read in one pass: types, labels, texts and IRI links."""

    def __init__(self, graph: Graph) -> None:
        self.types: dict[URIRef, set[str]] = defaultdict(set)
        self.labels: dict[URIRef, list[Literal]] = defaultdict(list)
        self.texts: dict[URIRef, str] = {}
        self.links: set[tuple[URIRef, str, URIRef]] = set()
        kg = str(KG)
        for s, p, o in iter_triples(graph):
            if not isinstance(s, URIRef):
                continue
            if p == RDF.type:
                if isinstance(o, URIRef) and str(o).startswith(kg) and str(o)[len(kg):] in _CLASS_SET:
                    self.types[s].add(str(o)[len(kg):])
            elif p in (RDFS.label, _SKOS_PREF):
                if isinstance(o, Literal):
                    self.labels[s].append(o)
            elif str(p).startswith(kg):
                name = str(p)[len(kg):]
                if isinstance(o, URIRef) and name not in PROVENANCE_PROPERTIES:
                    self.links.add((s, name, o))
                elif name == "text" and isinstance(o, Literal):
                    self.texts[s] = str(o)

    def type_of(self, node: URIRef) -> str:
        found = self.types.get(node, set())
        return next((c for c in CLASSES if c in found), "")

    def label(self, node: URIRef, lang: str = "zh") -> str:
        labels = self.labels.get(node, [])
        if lang == "en":
            return _pick_label(labels, ("en",))
        return _pick_label(labels, ("zh-hans", "zh", "")) or _pick_label(labels, ("zh-hant",))

    def property_labels(self, name: str) -> tuple[str, str]:
        node = KG[name]
        zh = self.label(node) or name
        en = self.label(node, "en") or _words(name)
        return zh, en


def _node_label(facts: _Facts, node: URIRef, kind: str) -> str:
    """A readable label even for nodes the graph does not label (conferrals, plan items)."""
    label = facts.label(node)
    if label:
        return label
    if kind == "AwardConferral":
        parts = {p: o for s, p, o in facts.links if s == node and p in ("award", "recipient")}
        award = facts.label(parts["award"]) if "award" in parts else ""
        recipient = facts.label(parts["recipient"]) if "recipient" in parts else ""
        if award or recipient:
            return f"{recipient}:{award}" if recipient and award else award or recipient
    if node in facts.texts:
        return facts.texts[node]
    return local_name(node)


def _check_types(types: Iterable[str] | None) -> frozenset[str]:
    if types is None:
        return frozenset(c for c in CLASSES if c not in PLUMBING_CLASSES)
    wanted = frozenset([types] if isinstance(types, str) else types)
    unknown = sorted(wanted - _CLASS_SET)
    if unknown:
        raise KGError(
            f"to_networkx: unknown class name(s) {', '.join(unknown)}; "
            f"use the ontology's class local names: {', '.join(CLASSES)}"
        )
    return wanted


def to_networkx(
    graph: Graph, *, entities_only: bool = True, types: Iterable[str] | None = None
) -> nx.MultiDiGraph:
    """The entities of ``graph`` and the relations between them as a networkx ``MultiDiGraph``.

    Nodes are entity IRIs (strings) with the attributes ``label`` (zh-Hans), ``label_en`` (``""`` when
    unknown), ``type`` (class local name) and ``iri``.  Edges run subject → object, keyed by the
    property's local name, with the attributes ``predicate`` (local name), ``label`` (Chinese) and
    ``label_en``; a relation stated in several documents is one edge.  Sentences, documents,
    ``rdf:Statement`` nodes and provenance links are never part of the network; observations only when
    ``types`` names ``Observation``.

    :param graph: an rdflib ``Graph`` or ``Dataset`` following the kg ontology (for example ``kg.load()``).
    :param entities_only: when ``False``, the IRIs that entities point to without being entities
        themselves (status, industry, level and unit concepts) become nodes too, of type ``"Concept"``.
    :param types: class local names to keep (``{"Town", "Village", "Project"}``); default: every class
        except ``Document``, ``Sentence`` and ``Observation``.
    :returns: a ``networkx.MultiDiGraph``; nodes and edges are added in sorted order, so the same graph
        gives the same network.
    :raises KGError: if ``types`` names a class the ontology does not have.
    :raises TypeError: if ``graph`` is not an rdflib graph.

    >>> from rdflib import Graph
    >>> to_networkx(Graph()).number_of_nodes()
    0
    """
    import networkx as nx

    wanted = _check_types(types)
    facts = _Facts(graph)
    kinds: dict[URIRef, str] = {}
    for node in facts.types:
        kind = facts.type_of(node)
        if kind in wanted:
            kinds[node] = kind
    if not entities_only:
        for s, _p, o in facts.links:
            if s in kinds and o not in kinds and not facts.types.get(o):
                kinds[o] = "Concept"

    net = nx.MultiDiGraph()
    for node in sorted(kinds, key=str):
        kind = kinds[node]
        net.add_node(
            str(node),
            iri=str(node),
            type=kind,
            label=_node_label(facts, node, kind),
            label_en=facts.label(node, "en"),
        )
    prop_labels: dict[str, tuple[str, str]] = {}
    for s, name, o in sorted(facts.links, key=lambda t: (str(t[0]), t[1], str(t[2]))):
        if s in kinds and o in kinds and s != o:
            if name not in prop_labels:
                prop_labels[name] = facts.property_labels(name)
            zh, en = prop_labels[name]
            net.add_edge(str(s), str(o), key=name, predicate=name, label=zh, label_en=en)
    return net
