"""The RDF stage: extractions → quads → an rdflib ``Dataset`` with one named graph per document.

Each document's graph (named by the document IRI) holds the document node, its sentences, the entities
it mentions with their labels, and every fact twice: as a plain triple and as an ``rdf:Statement`` with
``prov:wasDerivedFrom`` its sentence, the character offsets and the rule that found it.  Entities keep
the same IRI in every report, so several reports merge on them.  A further named graph holds the ontology
and its concept schemes.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path

from rdflib import RDF, RDFS, XSD, Dataset, Literal, Namespace, URIRef
from rdflib.term import Node

from ..errors import StepError
from .iri import NARY_CLASSES, concept_iri, doc_iri, entity_iri, node_iri, pinyin_label, sentence_iri, statement_iri
from ..model import Concept, Document, Entity, Extraction, Fact, Provenance, Value
from .vocab import CLASSES, DEFAULT_BASE, KG, PREFIXES, PROPERTIES

PROV = Namespace(PREFIXES["prov"])
SKOS = Namespace(PREFIXES["skos"])
DCTERMS = Namespace(PREFIXES["dcterms"])

#: Name of the graph that holds the ontology and its concept schemes.
ONTOLOGY_GRAPH = URIRef("https://w3id.org/kg-cn/ontology")

#: A quad of rdflib terms: subject, predicate, object, graph.
Quad = tuple[URIRef, URIRef, Node, URIRef]

_PROPERTY_SET = frozenset(PROPERTIES)
_CLASS_SET = frozenset(CLASSES)


class _Terms:
    """The IRIs of a namespace as attributes, each made once (rdflib's namespaces make a new one per access)."""

    def __init__(self, namespace: str) -> None:
        self._namespace = str(namespace)

    def __getattr__(self, name: str) -> URIRef:
        if name.startswith("__"):
            raise AttributeError(name)
        iri = URIRef(self._namespace + name)
        setattr(self, name, iri)
        return iri


_RDF, _RDFS, _KG, _PROV, _SKOS, _DCTERMS, _XSD = (_Terms(ns) for ns in (RDF, RDFS, KG, PROV, SKOS, DCTERMS, XSD))
_TYPE = str(RDF) + "type"


def canonical_decimal(lexical: str | Decimal) -> str:
    """The canonical lexical form of an ``xsd:decimal`` (XSD 1.1: integers without a point).

    >>> canonical_decimal("-06.960")
    '-6.96'
    >>> canonical_decimal("1E2")
    '100'

    :raises ValueError: if the text is not a finite decimal number.
    """
    try:
        d = lexical if isinstance(lexical, Decimal) else Decimal(lexical.strip())
    except InvalidOperation as e:
        raise ValueError(f"{lexical!r} is not a decimal number") from e
    if not d.is_finite():
        raise ValueError(f"{lexical!r} is not a finite decimal number")
    text = format(d, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return text


def value_literal(value: Value) -> Literal:
    """The typed literal of a ``Value``: its datatype local name is taken from XSD.

    :raises StepError: if a decimal or integer value does not parse.
    """
    dt = value.datatype or "string"
    if dt == "string":
        return Literal(value.lexical, lang=value.lang) if value.lang else Literal(value.lexical)
    try:
        if dt == "decimal":
            return Literal(canonical_decimal(value.lexical), datatype=_XSD.decimal)
        if dt == "integer":
            return Literal(str(int(value.lexical)), datatype=_XSD.integer)
    except ValueError as e:
        raise StepError(f"extract returned {dt} value {value.lexical!r}: {e}") from e
    return Literal(value.lexical, datatype=XSD[dt])


@functools.lru_cache(maxsize=1 << 14)
def _int(n: int) -> Literal:
    return Literal(str(int(n)), datatype=_XSD.integer)


def _year(y: int) -> Literal:
    return Literal(f"{int(y):04d}", datatype=_XSD.gYear)


def _section_path(doc: Document, ids: tuple[str, ...]) -> str:
    markers = {s.id: s.marker for s in doc.sections}
    return " › ".join(markers.get(i, i) for i in ids)


def _sentence_index(sentence_id: str, position: int) -> int:
    frag = sentence_id.rpartition("#")[2]
    return int(frag[1:]) if frag[:1] == "s" and frag[1:].isdigit() else position


def _document_quads(doc: Document, g: URIRef, base: str) -> Iterator[Quad]:
    d = doc_iri(doc.id, base=base)
    m = doc.meta
    yield d, _RDF.type, _KG.Document, g
    if m.title:
        yield d, _DCTERMS.title, Literal(m.title, lang="zh-Hans"), g
    if m.issuer:
        yield d, _DCTERMS.publisher, Literal(m.issuer, lang="zh-Hans"), g
    if m.date:
        yield d, _DCTERMS.date, Literal(m.date, datatype=_XSD.date), g
    if m.source:
        yield d, _KG.sourceFile, Literal(m.source), g
    if m.encoding:
        yield d, _KG.sourceEncoding, Literal(m.encoding), g
    if m.year is not None:
        yield d, _KG.reportYear, _year(m.year), g
    for position, s in enumerate(doc.sentences):
        si = sentence_iri(s.id, base=base)
        yield si, _RDF.type, _KG.Sentence, g
        yield si, _KG.inDocument, d, g
        yield si, _KG.startOffset, _int(s.start), g
        yield si, _KG.endOffset, _int(s.end), g
        yield si, _KG.text, Literal(s.text), g
        yield si, _KG.sentenceIndex, _int(_sentence_index(s.id, position)), g
        if doc.trad_text:
            yield si, _KG.tradText, Literal(doc.trad_text[s.start:s.end]), g
        if s.section_path:
            yield si, _KG.sectionPath, Literal(_section_path(doc, s.section_path)), g
        if s.period.kind:
            yield si, _KG.periodKind, Literal(s.period.kind), g
        if s.period.year is not None:
            yield si, _KG.periodYear, _year(s.period.year), g


def _provenance_quads(node: URIRef, prov: Provenance, g: URIRef, base: str) -> Iterator[Quad]:
    yield node, _PROV.wasDerivedFrom, sentence_iri(prov.sentence_id, base=base), g
    yield node, _KG.startOffset, _int(prov.start), g
    yield node, _KG.endOffset, _int(prov.end), g
    if prov.rule:
        yield node, _KG.rule, Literal(prov.rule), g


def _entity_quads(e: Entity, g: URIRef, base: str, en_labels: Mapping[str, str],
                  has_text: frozenset[str] = frozenset()) -> Iterator[Quad]:
    if e.type not in _CLASS_SET:
        raise StepError(f"extract returned entity {e.id!r} of unknown class {e.type!r} (see kg.graph.vocab.CLASSES)")
    try:
        node = node_iri(e, base=base)
    except ValueError as err:
        raise StepError(f"extract returned entity with a bad id: {err}") from err
    yield node, _RDF.type, KG[e.type], g
    if e.name:
        yield node, _RDFS.label, Literal(e.name, lang="zh-Hans"), g
        if e.type not in NARY_CLASSES:
            latin = pinyin_label(e.name)
            if latin:
                yield node, _RDFS.label, Literal(latin, lang="zh-Latn-pinyin"), g
        if e.name in en_labels:
            yield node, _RDFS.label, Literal(en_labels[e.name], lang="en"), g
    if e.trad_name:
        yield node, _RDFS.label, Literal(e.trad_name, lang="zh-Hant"), g
    shown = {e.name, e.trad_name, pinyin_label(e.name) if e.name else ""}
    for alias in e.aliases:
        if alias and alias not in shown:  # already a label
            han = any("\u3400" <= ch <= "\u9fff" for ch in alias)
            yield node, _SKOS.altLabel, Literal(alias, lang="zh") if han else Literal(alias), g
    provs = sorted(e.provenance, key=lambda p: (p.sentence_id, p.start, p.end))
    if e.type not in NARY_CLASSES:
        for p in provs:
            yield node, _KG.mentionedIn, sentence_iri(p.sentence_id, base=base), g
    elif provs:  # a fact node: derived from its sentence, not an entity mentioned in it
        first = min(provs, key=lambda p: (p.start, p.end))
        yield from _provenance_quads(node, first, g, base)
        if e.type not in ("AwardConferral", "Membership") and first.text and e.id not in has_text:
            yield node, _KG.text, Literal(first.text), g


def _object(obj: str | Value | Concept, base: str, nodes: Mapping[str, URIRef]) -> Node:
    if isinstance(obj, Value):
        return value_literal(obj)
    if isinstance(obj, Concept):
        return concept_iri(obj.scheme, obj.code)
    return nodes.get(obj) or entity_iri(obj, base=base)


def _fact_quads(f: Fact, g: URIRef, base: str, nodes: Mapping[str, URIRef]) -> Iterator[Quad]:
    if f.predicate not in _PROPERTY_SET:
        raise StepError(f"extract returned fact {f.subject!r} {f.predicate!r}: unknown property "
                        "(see kg.graph.vocab.PROPERTIES)")
    try:
        s = nodes.get(f.subject) or entity_iri(f.subject, base=base)
        o = _object(f.object, base, nodes)
    except ValueError as err:
        raise StepError(f"extract returned fact {f.subject!r} {f.predicate!r} with a bad term: {err}") from err
    p = KG[f.predicate]
    yield s, p, o, g
    for prov in f.provenance:
        st = statement_iri(s.n3(), p.n3(), o.n3(), prov.sentence_id, str(prov.start), str(prov.end), base=base)
        yield st, _RDF.type, _RDF.Statement, g
        yield st, _RDF.subject, s, g
        yield st, _RDF.predicate, p, g
        yield st, _RDF.object, o, g
        yield from _provenance_quads(st, prov, g, base)


def extraction_quads(ext: Extraction, *, base: str = DEFAULT_BASE,
                     en_labels: Mapping[str, str] | None = None) -> Iterator[Quad]:
    """The quads of one document's graph (duplicates possible; a set removes them).

    :param ext: what extraction found in one document.
    :param base: base IRI of the data.
    :param en_labels: English labels by canonical Simplified name.
    :returns: quads whose graph is the document IRI.
    :raises StepError: if the extraction names an unknown class or property or a malformed id.
    """
    labels = en_labels or {}
    g = doc_iri(ext.document.id, base=base)
    yield from _document_quads(ext.document, g, base)
    # extraction may state a fact node's text itself; then its provenance text is not added a second time
    has_text = frozenset(f.subject for f in ext.facts if f.predicate == "text")
    # facts name entities by their ids within the document; the IRI comes from the entity's identity
    nodes: dict[str, URIRef] = {}
    for e in ext.entities:
        if e.identity:
            try:
                nodes[e.id] = node_iri(e, base=base)
            except ValueError as err:
                raise StepError(f"extract returned entity with a bad id: {err}") from err
        yield from _entity_quads(e, g, base, labels, has_text)
    for f in ext.facts:
        yield from _fact_quads(f, g, base, nodes)


def ontology_files() -> tuple[Path, ...]:
    """The ontology and concept-scheme files that go into the ontology graph (see :mod:`kg.graph.ontology`).

    :raises InputError: if the installation lacks them.
    """
    from .ontology import concepts_path, ontology_path

    return ontology_path(), concepts_path()


def ontology_quads(files: Iterable[Path]) -> list[Quad]:
    """The ontology and concept files as quads of :data:`ONTOLOGY_GRAPH`, blank nodes made into IRIs.

    Blank nodes (OWL lists, restrictions) are first given canonical labels, so the IRIs they become
    do not change from one build to the next.

    :raises StepError: if a file does not parse as Turtle.
    """
    from rdflib import BNode, Graph
    from rdflib.compare import to_canonical_graph

    g = Graph()
    for path in files:
        try:
            g.parse(path, format="turtle")
        except Exception as e:  # rdflib raises many kinds of parse errors
            raise StepError(f"{path}: cannot parse the ontology as Turtle: {e}") from e
    if any(isinstance(t, BNode) for triple in g for t in triple):
        g = to_canonical_graph(g)

    def skolem(t: Node) -> Node:
        return URIRef(f"{ONTOLOGY_GRAPH}/genid/{t}") if isinstance(t, BNode) else t

    return [(skolem(s), p, skolem(o), ONTOLOGY_GRAPH) for s, p, o in g]  # type: ignore[misc]


def to_quads(extractions: Iterable[Extraction], *, base: str = DEFAULT_BASE,
             en_labels: Mapping[str, str] | None = None,
             ontology_files: Iterable[Path] = ()) -> list[Quad]:
    """All quads of the dataset, without duplicates, in a fixed order (graph, subject, predicate, object).

    :raises StepError: see :func:`extraction_quads`.
    """
    seen: set[Quad] = set()
    for ext in extractions:
        seen.update(extraction_quads(ext, base=base, en_labels=en_labels))
    seen.update(ontology_quads(tuple(ontology_files)))
    return sorted(seen, key=quad_key)


def term_key(t: Node) -> tuple[str, str, str, str]:
    """A sort key for a term that never compares different kinds of terms directly."""
    if isinstance(t, Literal):
        return ("2", str(t), str(t.datatype or ""), (t.language or "").lower())
    return ("1", str(t), "", "")


def quad_key(q: Quad) -> tuple:
    """Sort key of a quad: graph, subject, ``rdf:type`` first, then predicate and object."""
    s, p, o, g = q
    return (str(g), str(s), str(p) != _TYPE, str(p), term_key(o))


def to_dataset(extractions: Iterable[Extraction], *, base: str = DEFAULT_BASE,
               en_labels: Mapping[str, str] | None = None,
               ontology: Iterable[Path] | None = None) -> Dataset:
    """Turn extractions into an rdflib ``Dataset``: one named graph per document, plus the ontology.

    >>> from kg.model import Document, DocumentMeta, Entity, Extraction
    >>> doc = Document("t-2023", DocumentMeta(title="t"), "南塘村", "南塘村")
    >>> ds = to_dataset([Extraction(doc, entities=(Entity("Village/南塘村", "Village", "南塘村"),))], ontology=())
    >>> len(list(ds.graphs()))  # the default graph and the document's graph
    2

    :param extractions: one per document.
    :param base: base IRI of entities, documents and sentences.
    :param en_labels: English labels by canonical Simplified name.
    :param ontology: Turtle files put into the graph :data:`ONTOLOGY_GRAPH`; by default the package's
        ontology and concept schemes (:func:`ontology_files`); ``()`` for none.
    :returns: a dataset in rdflib's memory store with the project prefixes bound.
    :raises StepError: if an extraction names an unknown class or property or a malformed id.
    """
    ds = Dataset()
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns if prefix != "kgd" else base, override=True)
    files = ontology_files() if ontology is None else tuple(ontology)
    ds.addN(to_quads(extractions, base=base, en_labels=en_labels, ontology_files=files))
    return ds
