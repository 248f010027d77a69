"""Validate a kg graph against the SHACL shapes in ``ontology/shapes.ttl``.

The data is checked together with the ontology and the concept schemes (so that scheme membership
and ontology classes can be tested), with pyshacl.  The report is plain frozen data, sorted, and
prints the same way every time.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Union

from ..errors import InputError, ValidationError
from .ontology import SHAPES_NS, load_ontology, load_shapes
from .vocab import PREFIXES

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node

#: What :func:`validate` accepts: an rdflib graph or dataset, or one or more RDF files.
GraphOrPaths = Union["Graph", str, PathLike, Iterable[Union[str, PathLike]]]


class Inference(str, Enum):
    """Inference run before validation: none (fast; the default) or an RDFS closure."""

    NONE = "none"
    RDFS = "rdfs"


#: RDF file formats, by file extension.
EXTENSIONS: dict[str, str] = {
    ".ttl": "TURTLE", ".turtle": "TURTLE", ".nt": "N_TRIPLES", ".nq": "N_QUADS", ".trig": "TRIG",
    ".jsonld": "JSON_LD", ".json": "JSON_LD",
}

_SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}


@dataclass(frozen=True, slots=True)
class ValidationResult:
    """One problem found: the node, the property path, what is wrong and the offending value.

    ``focus`` is the node's IRI (``"[]"`` for a blank node); ``focus_label`` its zh-Hans label (or
    another label, or ``""``); ``path`` the property path in prefixed form (``""`` for a problem
    with the node itself); ``value`` the offending value in Turtle form (``""`` when none);
    ``severity`` is ``"Violation"``, ``"Warning"`` or ``"Info"``.
    """

    focus: str
    focus_label: str
    path: str
    message: str
    severity: str
    value: str

    def line(self) -> str:
        """The result as one readable line.

        Example:
            >>> ValidationResult("https://w3id.org/kg-cn/id/town/x", "东岭镇", "rdfs:label",
            ...                  "needs exactly one rdfs:label in zh-Hans", "Violation", "").line()
            'Violation: 东岭镇 (kgd:town/x) rdfs:label: needs exactly one rdfs:label in zh-Hans'
        """
        who = _short(self.focus)
        who = f"{self.focus_label} ({who})" if self.focus_label else who
        where = f" {self.path}:" if self.path else ":"
        tail = f" (value {self.value})" if self.value else ""
        return f"{self.severity}: {who}{where} {self.message}{tail}"


@dataclass(frozen=True, slots=True)
class ValidationReport:
    """The outcome of :func:`validate`: whether the graph conforms, and every result, sorted."""

    conforms: bool
    results: tuple[ValidationResult, ...]
    triples: int  # triples in the validated data (without the ontology)

    def text(self) -> str:
        """The readable report: one line per result, then a summary line.

        Example:
            >>> ValidationReport(True, (), 12).text()
            'Conforms: 12 triples, no violations.\\n'
        """
        lines = [r.line() for r in self.results]
        if self.conforms:
            lines.append(f"Conforms: {self.triples} triples, no violations.")
        else:
            counts = {s: sum(r.severity == s for r in self.results) for s in _SEVERITY_ORDER}
            parts = [f"{n} {s.lower()}{'s' if n != 1 else ''}" for s, n in counts.items() if n]
            lines.append(f"Does not conform: {', '.join(parts)} in {self.triples} triples.")
        return "\n".join(lines) + "\n"

    def to_dict(self) -> dict:
        """The report as plain JSON-ready data."""
        return {
            "conforms": self.conforms,
            "triples": self.triples,
            "results": [
                {"focus": r.focus, "focus_label": r.focus_label, "path": r.path, "message": r.message,
                 "severity": r.severity, "value": r.value}
                for r in self.results
            ],
        }


# -------------------------------------------------------------------------------------- loading
def rdf_format(path: Path) -> str:
    """Name of the ``pyoxigraph.RdfFormat`` for a file, from its extension.

    Raises:
        InputError: if the extension is not one of ``EXTENSIONS``.

    Example:
        >>> rdf_format(Path("data/kg/all.nq"))
        'N_QUADS'
    """
    try:
        return EXTENSIONS[path.suffix.lower()]
    except KeyError:
        known = ", ".join(sorted(set(EXTENSIONS)))
        raise InputError(f"{path}: cannot tell the RDF format from the extension; use one of {known}") from None


_POSITION = re.compile(r"^Parser error at line (\d+) column (\d+): ")


def load_graph(paths: Iterable[str | PathLike]) -> Graph:
    """Parse RDF files (Turtle, N-Triples, N-Quads, TriG, JSON-LD) into one rdflib graph.

    Named graphs are merged into the one graph; blank nodes are kept apart per file.

    Args:
        paths: the files; the format is taken from each extension.

    Returns:
        A new ``rdflib.Graph`` holding every triple.

    Raises:
        InputError: if a file is missing, unreadable or has an unknown extension.
        ValidationError: if a file is not well-formed; the message names the file and line.
    """
    with _quiet_literals():
        return _load(paths)


@contextmanager
def _quiet_literals():
    """Silence rdflib's log of ill-typed literals: the shapes report them, in words."""
    logger = logging.getLogger("rdflib.term")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


def _load(paths: Iterable[str | PathLike]) -> Graph:
    import pyoxigraph as ox
    from rdflib import BNode, Graph, Literal, URIRef

    xsd_string = PREFIXES["xsd"] + "string"
    graph = Graph()
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True)
    for index, raw in enumerate(paths):
        path = Path(raw)
        fmt = getattr(ox.RdfFormat, rdf_format(path))
        try:
            data = path.read_bytes()
        except OSError as e:
            raise InputError(f"{path}: {e.strerror}; give an existing RDF file") from e
        cache: dict = {}

        def term(t, index=index, cache=cache):
            found = cache.get(t)
            if found is not None:
                return found
            if isinstance(t, ox.NamedNode):
                out = URIRef(t.value)
            elif isinstance(t, ox.BlankNode):
                out = BNode(f"f{index}b{t.value}")
            elif not isinstance(t, ox.Literal):
                raise ValueError(f"unsupported RDF term {t} (RDF-star triple terms are not used by kg)")
            elif t.language:
                out = Literal(t.value, lang=t.language)
            elif t.datatype.value == xsd_string:
                out = Literal(t.value)
            else:
                # keep the lexical form as written, so that the shapes see "1e5"^^xsd:decimal
                out = Literal(t.value, datatype=URIRef(t.datatype.value), normalize=False)
            cache[t] = out
            return out

        try:
            for quad in ox.parse(data, format=fmt, base_iri=path.resolve().as_uri()):
                graph.add((term(quad.subject), term(quad.predicate), term(quad.object)))
        except SyntaxError as e:
            message = _POSITION.sub("", str(e.msg))
            line = e.lineno if e.lineno is not None else "?"
            raise ValidationError(f"{path} line {line}: {message}") from e
        except ValueError as e:  # e.g. quoted triples or other terms rdflib cannot hold
            raise ValidationError(f"{path}: {e}") from e
    return graph


# ----------------------------------------------------------------------------------- validation
def validate(data: GraphOrPaths, *, inference: Inference = Inference.NONE) -> ValidationReport:
    """Check a graph against the kg SHACL shapes.

    Args:
        data: an rdflib ``Graph``/``Dataset`` (left unchanged; all its graphs are checked together),
            or a path or paths of RDF files (see :func:`load_graph`).
        inference: run an RDFS closure over data plus ontology first (slower); default none.

    Returns:
        A ``ValidationReport``; ``conforms`` is false when any result was found.

    Raises:
        InputError: if a file is missing or of unknown format.
        ValidationError: if a file is malformed (message ``<file> line N: …``).
    """
    from pyshacl import validate as shacl_validate
    from rdflib import Graph

    if isinstance(data, Graph):
        work = Graph()
        for prefix, ns in PREFIXES.items():
            work.bind(prefix, ns, override=True)
        triples = data.triples((None, None, None)) if not _is_dataset(data) else _quads_as_triples(data)
        for triple in triples:
            work.add(triple)
    else:
        paths = [data] if isinstance(data, (str, PathLike)) else list(data)
        work = load_graph(paths)
    size = len(work)
    labels = _labels(work)
    for triple in load_ontology(concepts=True):
        work.add(triple)
    conforms, results_graph, _ = shacl_validate(
        work, shacl_graph=load_shapes(), inference=Inference(inference).value, inplace=True,
        abort_on_first=False, allow_warnings=False, advanced=False, meta_shacl=False,
    )
    results = _results(results_graph, work, labels)
    return ValidationReport(conforms=bool(conforms) and not results, results=results, triples=size)


def _is_dataset(graph: Graph) -> bool:
    from rdflib import Dataset
    from rdflib.graph import ConjunctiveGraph

    return isinstance(graph, (Dataset, ConjunctiveGraph))


def _quads_as_triples(dataset):
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        yield s, p, o


def _labels(graph: Graph) -> dict[Node, str]:
    """The display label of every node that has one: its zh-Hans rdfs:label, else its smallest
    rdfs:label, else its smallest skos:prefLabel, else the start of its kg:text."""
    from rdflib import RDFS, Namespace

    skos = Namespace(PREFIXES["skos"])
    best: dict = {}
    sources = ((0, RDFS.label), (2, skos.prefLabel), (3, Namespace(PREFIXES["kg"]).text))
    for rank, predicate in sources:
        for s, o in graph.subject_objects(predicate):
            text = str(o)
            if rank == 0 and (getattr(o, "language", None) or "").lower() != "zh-hans":  # parsers lower-case tags
                key = (1, text)
            else:
                key = (rank, text)
            if rank == 3 and len(text) > _TEXT_LABEL:
                key = (rank, text[:_TEXT_LABEL] + "…")
            if s not in best or key < best[s]:
                best[s] = key
    return {s: key[1] for s, key in best.items()}


_TEXT_LABEL = 24

_BARE = {
    PREFIXES["xsd"] + "integer": re.compile(r"[+-]?[0-9]+"),
    PREFIXES["xsd"] + "decimal": re.compile(r"[+-]?[0-9]*\.[0-9]+"),
    PREFIXES["xsd"] + "boolean": re.compile(r"true|false"),
}

_SHORT = sorted(((ns, p) for p, ns in {**PREFIXES, "kgsh": SHAPES_NS}.items()), key=lambda x: -len(x[0]))


def _short(iri: str) -> str:
    if iri == "[]" or iri.startswith('"'):  # a blank node or a literal, already rendered
        return iri
    for ns, prefix in _SHORT:
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return f"<{iri}>"


def _render(node: Node | None, graph: Graph) -> str:
    from rdflib import BNode, Literal, URIRef

    if node is None:
        return ""
    if isinstance(node, URIRef):
        return _short(str(node))
    if isinstance(node, Literal):
        lexical = str(node).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        if node.language:
            return f'"{lexical}"@{node.language}'
        bare = _BARE.get(str(node.datatype)) if node.datatype is not None else None
        if bare is not None and bare.fullmatch(lexical):  # as Turtle would write it
            return lexical
        if node.datatype is not None:
            return f'"{lexical}"^^{_short(str(node.datatype))}'
        return f'"{lexical}"'
    if isinstance(node, BNode):
        return _path(node, graph)
    return str(node)


def _path(node: Node, graph: Graph) -> str:
    """A SHACL property path in readable form: ``a/b`` for sequences, ``^p`` for inverses."""
    from rdflib import RDF, BNode, Namespace
    from rdflib.collection import Collection

    sh = Namespace(PREFIXES["sh"])
    if not isinstance(node, BNode):
        return _render(node, graph)
    if (node, RDF.first, None) in graph:
        return "/".join(_path(n, graph) for n in Collection(graph, node))
    inverse = graph.value(node, sh.inversePath)
    if inverse is not None:
        return f"^{_path(inverse, graph)}"
    return "[]"


def _results(results_graph: Graph, data: Graph, labels: dict) -> tuple[ValidationResult, ...]:
    from rdflib import RDF, Namespace, URIRef

    sh = Namespace(PREFIXES["sh"])
    out = set()
    nested = set(results_graph.objects(None, sh.detail))
    for result in results_graph.subjects(RDF.type, sh.ValidationResult):
        if result in nested:  # detail of a sh:node failure, already reported by its parent
            continue
        focus = results_graph.value(result, sh.focusNode)
        messages = sorted(results_graph.objects(result, sh.resultMessage),
                          key=lambda m: (getattr(m, "language", None) not in ("en", None), str(m)))
        severity = results_graph.value(result, sh.resultSeverity)
        path = results_graph.value(result, sh.resultPath)
        value = results_graph.value(result, sh.value)
        out.add(ValidationResult(
            focus=str(focus) if isinstance(focus, URIRef) else _render(focus, results_graph),
            focus_label=labels.get(focus, ""),
            path=_path(path, results_graph) if path is not None else "",
            message=str(messages[0]) if messages else "does not conform",
            severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
            value=_render(value, results_graph) if value is not None and value != focus else "",
        ))
    return tuple(sorted(out, key=lambda r: (_SEVERITY_ORDER.get(r.severity, 3), r.focus_label, r.focus,
                                            r.path, r.message, r.value)))


# ------------------------------------------------------------------------------- a build's store
def validate_build(built, *, nquads: str | PathLike | None = None, progress=None,
                   batch: int = 100_000) -> ValidationReport:
    """Check the merged graph of a build against the kg SHACL shapes.

    With the build's N-Quads file, its document graphs are read once, in batches, and each batch is
    checked in a small in-memory store; the nodes several batches describe (and any node found at
    fault) are checked again on the merged graph (:func:`kg.graph.shacl_sparql.stream_checks`): time
    grows with the number of reports and memory stays flat.  Without it, each constraint runs as one
    SPARQL query over the store's default graph (:func:`kg.graph.shacl_sparql.run_checks`).  Both
    find the same violations.  Should the shapes use a SHACL feature that module does not translate,
    the merged graph is validated with pyshacl instead.

    Args:
        built: a build opened with :func:`kg.graph.store.open_build`.
        nquads: the build's ``kg.nq``, the file its store was made from.
        progress: called as ``progress(done, total, what)`` as the work goes on; ``what`` says where.
        batch: about how many triples of whole document graphs are checked at once.

    Returns:
        A ``ValidationReport`` over the documents' triples (the ontology's own are not counted).
    """
    from .shacl_sparql import Unsupported, compile_checks, run_checks, store_subclasses, stream_checks
    from .stats import build_stats

    counted = build_stats(built)
    triples = sum(n for _, n in counted.properties)
    try:
        checks = compile_checks(load_shapes(), subclasses=store_subclasses(built.store))
    except Unsupported:
        from .store import dataset_of

        report = validate(dataset_of(built.store))
        return ValidationReport(report.conforms, report.results, triples)
    if nquads is not None:
        findings = stream_checks(nquads, built.store, checks, batch=batch, progress=progress,
                                 documents=counted.documents)
    else:
        findings = run_checks(built.store, checks, progress=None if progress is None else
                              lambda k, n, c: progress(k, n, f"check {k + 1}/{n}: {c.label}"))
    labels = _store_labels(built.store, {f.focus for f in findings})
    results = set()
    for f in findings:
        focus = _ox_rdflib(f.focus)
        value = _ox_rdflib(f.value) if f.value is not None and f.value != f.focus else None
        results.add(ValidationResult(
            focus=str(focus) if type(f.focus).__name__ == "NamedNode" else "[]",
            focus_label=labels.get(f.focus, ""), path=f.path, message=f.message, severity=f.severity,
            value="" if value is None else "[]" if type(f.value).__name__ == "BlankNode" else _render(value, None)))
    ordered = tuple(sorted(results, key=lambda r: (_SEVERITY_ORDER.get(r.severity, 3), r.focus_label, r.focus,
                                                   r.path, r.message, r.value)))
    return ValidationReport(conforms=not ordered, results=ordered, triples=triples)


def _ox_rdflib(term):
    """An rdflib term of a pyoxigraph term, the lexical form kept as written (as :func:`load_graph` does)."""
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef

    from .graphview import canonical_lang

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=canonical_lang(term.language))
    if term.datatype.value == PREFIXES["xsd"] + "string":
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value), normalize=False)


def _store_labels(store, nodes) -> dict:
    """The display label of each node, chosen as :func:`_labels` chooses it, read from the store."""
    import pyoxigraph as ox

    rank_of = {PREFIXES["rdfs"] + "label": 0, PREFIXES["skos"] + "prefLabel": 2, PREFIXES["kg"] + "text": 3}
    default = ox.DefaultGraph()
    out: dict = {}
    for node in nodes:
        if isinstance(node, ox.Literal):
            continue
        best = None
        for predicate, rank in rank_of.items():
            for q in store.quads_for_pattern(node, ox.NamedNode(predicate), None, default):
                o = q.object
                if not isinstance(o, ox.Literal):
                    continue
                text, r = o.value, rank
                if r == 0 and (o.language or "").lower() != "zh-hans":
                    r = 1
                if r == 3 and len(text) > _TEXT_LABEL:
                    text = text[:_TEXT_LABEL] + "…"
                if best is None or (r, text) < best:
                    best = (r, text)
        if best is not None:
            out[node] = best[1]
    return out
