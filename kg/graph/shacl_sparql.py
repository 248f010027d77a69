"""Validate a build's store against the SHACL shapes by turning each constraint into a SPARQL query.

pyshacl reads the whole graph into rdflib and walks it in Python: about half a second per report, so
nine minutes and gigabytes for a thousand.  The store already holds the merged graph of every report
(its default graph, each triple once) with its indexes, so here each constraint of ``shapes.ttl``
becomes one SPARQL ``SELECT`` of the nodes that break it, run inside Oxigraph; only the violations come
back into Python.  Checking the merged graph is what makes cross-document problems visible (two
reports giving one award two levels), and a constraint local to one node (a datatype, a pattern) finds
the same violations there as in each document's graph.

The SHACL core features the kg shapes use are supported: targets (``targetClass`` with subclasses,
``targetSubjectsOf``, ``targetObjectsOf``, ``targetNode``); ``minCount``/``maxCount``,
``qualifiedValueShape`` with ``qualifiedMinCount``/``qualifiedMaxCount``, ``lessThan``,
``lessThanOrEquals``, ``hasValue``; on values ``datatype`` (with the lexical form checked),
``nodeKind``, ``pattern``, ``class``, ``in``, ``languageIn``, ``min``/``maxInclusive``/``Exclusive``,
``min``/``maxLength``, ``node``, ``and``, ``or``, ``not``, ``xone``, and property shapes inside value
shapes.  A shape using anything else raises :class:`Unsupported`, and the caller validates with
pyshacl instead.  Each result is reported as pyshacl reports it at the top level: the focus node, the
property path, the offending value, the shape's ``sh:message`` and severity (tests compare both).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .vocab import PREFIXES

if TYPE_CHECKING:
    from rdflib import Graph

SH = PREFIXES["sh"]
RDF = PREFIXES["rdf"]
XSD = PREFIXES["xsd"]

#: Lexical forms of the XSD datatypes whose well-formedness a ``sh:datatype`` check includes.
_LEXICAL = {
    "integer": r"^[+-]?[0-9]+$",
    "int": r"^[+-]?[0-9]+$",
    "long": r"^[+-]?[0-9]+$",
    "short": r"^[+-]?[0-9]+$",
    "nonNegativeInteger": r"^[+]?[0-9]+$|^-0+$",
    "positiveInteger": r"^[+]?0*[1-9][0-9]*$",
    "decimal": r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$",
    "double": r"^([+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?|[+-]?INF|NaN)$",
    "float": r"^([+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?|[+-]?INF|NaN)$",
    "boolean": r"^(true|false|1|0)$",
    "date": r"^-?[0-9]{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])(Z|[+-][0-9]{2}:[0-9]{2})?$",
    "dateTime": r"^-?[0-9]{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?"
                r"(Z|[+-][0-9]{2}:[0-9]{2})?$",
    "gYear": r"^-?[0-9]{4,}(Z|[+-][0-9]{2}:[0-9]{2})?$",
    "gYearMonth": r"^-?[0-9]{4,}-(0[1-9]|1[0-2])(Z|[+-][0-9]{2}:[0-9]{2})?$",
}

#: XSD datatypes Oxigraph casts to, so that a cast tells a valid value from an ill-formed one.
_CASTABLE = {"integer", "decimal", "double", "float", "boolean", "date", "dateTime", "gYear", "gYearMonth"}

#: Constraint parameters understood on a shape (a shape with any other ``sh:`` parameter is refused).
_KNOWN = {
    "targetClass", "targetSubjectsOf", "targetObjectsOf", "targetNode", "property", "path", "message",
    "severity", "name", "description", "order", "group", "deactivated",
    "minCount", "maxCount", "qualifiedValueShape", "qualifiedMinCount", "qualifiedMaxCount", "lessThan",
    "lessThanOrEquals", "hasValue", "datatype", "nodeKind", "pattern", "flags", "class", "in", "languageIn",
    "minInclusive", "maxInclusive", "minExclusive", "maxExclusive", "minLength", "maxLength", "node", "and",
    "or", "not", "xone",
}


class Unsupported(Exception):
    """The shapes use a SHACL feature this module does not translate."""


@dataclass(frozen=True, slots=True)
class Finding:
    """One violation as SPARQL found it: focus node and value as pyoxigraph terms (value None when the
    result has none), the property path in prefixed form, the message and the severity's local name."""

    focus: object
    path: str
    value: object
    message: str
    severity: str


@dataclass
class Check:
    """One query and how to read its rows: ``?f`` is the focus node, ``?v`` (when selected) the value."""

    label: str
    sparql: str
    path: str
    message: str
    severity: str
    has_value: bool
    value_is_focus: bool = False


@dataclass
class _Names:
    """Fresh variable names for nested patterns."""

    n: int = 0

    def __call__(self) -> str:
        self.n += 1
        return f"?_v{self.n}"


@dataclass
class _Compiler:
    shapes: Graph
    #: the classes whose instances are instances of a class: itself and its subclasses in the data
    subclasses: Callable[[str], list[str]] = lambda iri: [iri]

    # ------------------------------------------------------------------ graph access
    def _sh(self, name: str):
        from rdflib import URIRef

        return URIRef(SH + name)

    def values(self, node, name: str) -> list:
        return sorted(self.shapes.objects(node, self._sh(name)), key=lambda t: (type(t).__name__, str(t)))

    def one(self, node, name: str):
        vals = self.values(node, name)
        return vals[0] if vals else None

    def items(self, node) -> list:
        from rdflib.collection import Collection

        return list(Collection(self.shapes, node))

    def check_known(self, shape) -> None:
        for p in self.shapes.predicates(shape, None):
            s = str(p)
            if s.startswith(SH) and s[len(SH):] not in _KNOWN:
                raise Unsupported(f"shape {shape}: sh:{s[len(SH):]} is not supported")

    # ------------------------------------------------------------------ terms
    def term(self, t) -> str:
        from rdflib import BNode, Literal

        if isinstance(t, BNode):
            raise Unsupported("blank nodes as values in shapes are not supported")
        if isinstance(t, Literal):
            return t.n3()
        return f"<{t}>"

    def path(self, node) -> str:
        """A SHACL property path as a SPARQL property path."""
        from rdflib import BNode

        if not isinstance(node, BNode):
            return self.term(node)
        if (node, self._rdf("first"), None) in self.shapes:
            return "(" + "/".join(self.path(n) for n in self.items(node)) + ")"
        for name, fmt in (("inversePath", "^{}"), ("zeroOrMorePath", "{}*"), ("oneOrMorePath", "{}+"),
                          ("zeroOrOnePath", "{}?")):
            inner = self.one(node, name)
            if inner is not None:
                return "(" + fmt.format(self.path(inner)) + ")"
        alternatives = self.one(node, "alternativePath")
        if alternatives is not None:
            return "(" + "|".join(self.path(n) for n in self.items(alternatives)) + ")"
        raise Unsupported(f"property path {node} is not supported")

    def _rdf(self, name: str):
        from rdflib import URIRef

        return URIRef(RDF + name)

    # ------------------------------------------------------------------ conformance expressions
    def conforms(self, shape, var: str, names: _Names) -> str:
        """A SPARQL boolean expression: the node in ``var`` conforms to ``shape``."""
        self.check_known(shape)
        if self.one(shape, "deactivated") is not None and str(self.one(shape, "deactivated")) == "true":
            return "true"
        parts = self.node_constraints(shape, var, names)
        path = self.one(shape, "path")
        if path is not None:
            parts.append(self.property_conforms(shape, var, names))
        for prop in self.values(shape, "property"):
            parts.append(self.conforms(prop, var, names))
        return "(" + " && ".join(parts) + ")" if parts else "true"

    def node_constraints(self, shape, var: str, names: _Names) -> list[str]:
        """Expressions for the constraints of ``shape`` that apply to the node itself (value nodes, for a
        property shape, are handled by :meth:`value_constraints`)."""
        if self.one(shape, "path") is not None:
            return []
        return [expr for _, expr in self.value_constraints(shape, var, names)]

    def value_constraints(self, shape, var: str, names: _Names) -> list[tuple[str, str]]:
        """(component, expression) for each constraint that tests one value node in ``var``."""
        out: list[tuple[str, str]] = []
        for dt in self.values(shape, "datatype"):
            out.append(("datatype", self.datatype(dt, var)))
        for kind in self.values(shape, "nodeKind"):
            out.append(("nodeKind", self.node_kind(kind, var)))
        flags = self.one(shape, "flags")
        for pattern in self.values(shape, "pattern"):
            f = f", {self.term(flags)}" if flags is not None else ""
            out.append(("pattern", f"(!isBlank({var}) && REGEX(STR({var}), {self.term(pattern)}{f}))"))
        for cls in self.values(shape, "class"):
            out.append(("class", self.instance_of(cls, var, names)))
        for lst in self.values(shape, "in"):
            members = [f"sameTerm({var}, {self.term(t)})" for t in self.items(lst)]
            out.append(("in", "(" + (" || ".join(members) or "false") + ")"))
        for lst in self.values(shape, "languageIn"):
            tags = [f"langMatches(lang({var}), {self.term(t)})" for t in self.items(lst)]
            out.append(("languageIn", f"(isLiteral({var}) && (" + (" || ".join(tags) or "false") + "))"))
        for name, op in (("minInclusive", ">="), ("maxInclusive", "<="), ("minExclusive", ">"),
                         ("maxExclusive", "<")):
            for bound in self.values(shape, name):
                out.append((name, f"COALESCE({var} {op} {self.term(bound)}, false)"))
        for name, op in (("minLength", ">="), ("maxLength", "<=")):
            for bound in self.values(shape, name):
                out.append((name, f"(!isBlank({var}) && STRLEN(STR({var})) {op} {int(bound)})"))
        if self.one(shape, "path") is None:
            for value in self.values(shape, "hasValue"):
                out.append(("hasValue", f"sameTerm({var}, {self.term(value)})"))
        for node in self.values(shape, "node"):
            out.append(("node", self.conforms(node, var, names)))
        for lst in self.values(shape, "and"):
            out.append(("and", "(" + " && ".join(self.conforms(s, var, names) for s in self.items(lst)) + ")"))
        for lst in self.values(shape, "or"):
            out.append(("or", "(" + " || ".join(self.conforms(s, var, names) for s in self.items(lst)) + ")"))
        for inner in self.values(shape, "not"):
            out.append(("not", f"!{self.conforms(inner, var, names)}"))
        for lst in self.values(shape, "xone"):
            ones = [f"IF({self.conforms(s, var, names)}, 1, 0)" for s in self.items(lst)]
            out.append(("xone", f"({' + '.join(ones)} = 1)"))
        return out

    def instance_of(self, cls, var: str, names: _Names) -> str:
        """``var`` is an instance of ``cls`` or of a subclass (the subclasses are looked up once, so the
        test is an index lookup instead of a property path per value)."""
        classes = self.subclasses(str(self.term(cls))[1:-1])
        if len(classes) == 1:
            return f"EXISTS {{ {var} rdf:type <{classes[0]}> }}"
        t = names()
        return f"EXISTS {{ VALUES {t} {{ {' '.join(f'<{c}>' for c in classes)} }} {var} rdf:type {t} }}"

    def datatype(self, dt, var: str) -> str:
        """The value has datatype ``dt`` and a well-formed lexical form (the pattern of the XSD type, and
        for dates and numbers a cast that succeeds: ``2023-06-31`` is no date)."""
        iri = str(dt)
        expr = f"(isLiteral({var}) && sameTerm(datatype({var}), {self.term(dt)})"
        local = iri[len(XSD):] if iri.startswith(XSD) else ""
        if local in _LEXICAL:
            expr += ' && REGEX(STR(' + var + '), "' + _LEXICAL[local].replace("\\", "\\\\") + '")'
        if local in _CASTABLE:
            expr += f" && COALESCE(isLiteral(<{iri}>(STR({var}))), false)"
        return expr + ")"

    def node_kind(self, kind, var: str) -> str:
        name = str(kind)[len(SH):]
        tests = {"IRI": f"isIRI({var})", "BlankNode": f"isBlank({var})", "Literal": f"isLiteral({var})",
                 "BlankNodeOrIRI": f"(isBlank({var}) || isIRI({var}))",
                 "BlankNodeOrLiteral": f"(isBlank({var}) || isLiteral({var}))",
                 "IRIOrLiteral": f"(isIRI({var}) || isLiteral({var}))"}
        if name not in tests:
            raise Unsupported(f"sh:nodeKind {kind}")
        return tests[name]

    def property_conforms(self, prop, var: str, names: _Names) -> str:
        """The node in ``var`` conforms to the property shape ``prop`` (used inside value shapes)."""
        path = self.path(self.one(prop, "path"))
        parts: list[str] = []
        for n in self.values(prop, "minCount"):
            if int(n) > 1:
                raise Unsupported("sh:minCount above 1 inside a value shape")
            if int(n) == 1:
                parts.append(f"EXISTS {{ {var} {path} {names()} }}")
        for n in self.values(prop, "maxCount"):
            if int(n) != 0:
                raise Unsupported("sh:maxCount above 0 inside a value shape")
            parts.append(f"NOT EXISTS {{ {var} {path} {names()} }}")
        for value in self.values(prop, "hasValue"):
            x = names()
            parts.append(f"EXISTS {{ {var} {path} {x} FILTER(sameTerm({x}, {self.term(value)})) }}")
        for name in ("qualifiedValueShape", "lessThan", "lessThanOrEquals"):
            if self.values(prop, name):
                raise Unsupported(f"sh:{name} inside a value shape")
        x = names()
        tests = [expr for _, expr in self.value_constraints(prop, x, names)]
        if tests:
            parts.append(f"NOT EXISTS {{ {var} {path} {x} FILTER(!({' && '.join(tests)})) }}")
        return "(" + " && ".join(parts) + ")" if parts else "true"

    # ------------------------------------------------------------------ top-level checks
    def targets(self, shape, var: str) -> list[str]:
        """One graph pattern per target of the shape binding ``var`` to its focus nodes (each is checked
        by its own queries; results are merged, so a node targeted twice is reported once)."""
        blocks = []
        for cls in self.values(shape, "targetClass"):
            blocks += [f"{var} rdf:type <{c}> ." for c in self.subclasses(str(self.term(cls))[1:-1])]
        for p in self.values(shape, "targetSubjectsOf"):
            blocks.append(f"{var} {self.term(p)} ?_any .")
        for p in self.values(shape, "targetObjectsOf"):
            blocks.append(f"{{ SELECT DISTINCT {var} WHERE {{ ?_any {self.term(p)} {var} }} }}")
        for node in self.values(shape, "targetNode"):
            blocks.append(f"VALUES {var} {{ {self.term(node)} }}")
        return blocks

    def message(self, shape) -> str:
        from rdflib import Literal

        msgs = sorted((m for m in self.values(shape, "message") if isinstance(m, Literal)),
                      key=lambda m: (getattr(m, "language", None) not in ("en", None), str(m)))
        return str(msgs[0]) if msgs else ""

    def severity(self, shape) -> str:
        sev = self.one(shape, "severity")
        return str(sev)[len(SH):] if sev is not None and str(sev).startswith(SH) else "Violation"

    def checks(self) -> Iterator[Check]:
        from rdflib import RDF as RDFNS

        shapes = set(self.shapes.subjects(RDFNS.type, self._sh("NodeShape")))
        shapes |= set(self.shapes.subjects(RDFNS.type, self._sh("PropertyShape")))
        for name in ("targetClass", "targetSubjectsOf", "targetObjectsOf", "targetNode"):
            shapes |= set(self.shapes.subjects(self._sh(name), None))
        for shape in sorted(shapes, key=str):
            self.check_known(shape)
            if str(self.one(shape, "deactivated") or "") == "true":
                continue
            targets = self.targets(shape, "?f")
            if not targets:
                continue
            if self.one(shape, "path") is not None:
                yield from self.property_checks(shape, shape, targets)
                continue
            message, severity = self.message(shape), self.severity(shape)
            for target in targets:
                for component, expr in self.value_constraints(shape, "?f", _Names()):
                    yield Check(f"{_local(shape)} {component}",
                                f"SELECT DISTINCT ?f WHERE {{ {target} FILTER(!{expr}) }}", "",
                                message or _default(component), severity, has_value=False, value_is_focus=True)
            for prop in self.values(shape, "property"):
                yield from self.property_checks(prop, shape, targets)

    def property_checks(self, prop, owner, targets: list[str]) -> Iterator[Check]:
        """The checks of a property shape over the focus nodes of ``targets``.

        A check that only a value of the path can break (``maxCount``, ``datatype``, ``lessThan`` …)
        needs no target pattern when the shape targets the subjects of that very path: every node with
        a value is a focus node then, and the query reads the path alone.  ``minCount 1`` always holds
        there and is not checked.
        """
        self.check_known(prop)
        if str(self.one(prop, "deactivated") or "") == "true":
            return
        path_node = self.one(prop, "path")
        path = self.path(path_node)
        shown = _show_path(self, path_node)
        message, severity = self.message(prop), self.severity(prop)
        label = _local(owner) + (" " + shown if prop is not owner else "")
        own = f"?f {path} ?_any ."
        with_values = [""] if own in targets else targets  # targets for checks that a value must break
        without = [t for t in targets]  # targets for checks that a missing value breaks

        def check(component: str, sparql: str, has_value: bool) -> Check:
            return Check(f"{label} {component}", sparql, shown, message or _default(component), severity, has_value)

        for n in self.values(prop, "minCount"):
            n = int(n)
            for target in without:
                if n == 1 and target != own:
                    yield check("minCount", f"SELECT DISTINCT ?f WHERE {{ {target} FILTER NOT EXISTS "
                                            f"{{ ?f {path} ?_x }} }}", False)
                elif n > 1:
                    yield check("minCount", f"SELECT ?f WHERE {{ {{ SELECT ?f (COUNT(DISTINCT ?_x) AS ?_n) WHERE {{ "
                                            f"{target} OPTIONAL {{ ?f {path} ?_x }} }} GROUP BY ?f }} "
                                            f"FILTER(?_n < {n}) }}", False)
        for n in self.values(prop, "maxCount"):
            for target in with_values:
                yield check("maxCount", f"SELECT DISTINCT ?f WHERE {{ {{ SELECT ?f WHERE {{ ?f {path} ?_x }} GROUP BY ?f "
                                        f"HAVING (COUNT(DISTINCT ?_x) > {int(n)}) }} {target} }}", False)
        qualified = self.one(prop, "qualifiedValueShape")
        if qualified is not None:
            if self.one(prop, "qualifiedValueShapesDisjoint") is not None:
                raise Unsupported("sh:qualifiedValueShapesDisjoint")
            fits = self.conforms(qualified, "?_x", _Names())
            for n in self.values(prop, "qualifiedMinCount"):
                n = int(n)
                for target in without:
                    if n == 1:
                        yield check("qualifiedMinCount", f"SELECT DISTINCT ?f WHERE {{ {target} FILTER NOT EXISTS {{ "
                                                         f"?f {path} ?_x FILTER({fits}) }} }}", False)
                    elif n > 1:
                        yield check("qualifiedMinCount", f"SELECT ?f WHERE {{ {{ SELECT ?f (COUNT(DISTINCT ?_x) AS "
                                                         f"?_n) WHERE {{ {target} OPTIONAL {{ ?f {path} ?_x "
                                                         f"FILTER({fits}) }} }} GROUP BY ?f }} FILTER(?_n < {n}) }}",
                                    False)
            for n in self.values(prop, "qualifiedMaxCount"):
                for target in with_values:
                    yield check("qualifiedMaxCount", f"SELECT DISTINCT ?f WHERE {{ {{ SELECT ?f WHERE {{ ?f {path} ?_x "
                                                     f"FILTER({fits}) }} GROUP BY ?f HAVING (COUNT(DISTINCT ?_x) > "
                                                     f"{int(n)}) }} {target} }}", False)
        for name, op in (("lessThan", "<"), ("lessThanOrEquals", "<=")):
            for other in self.values(prop, name):
                # as pyshacl compares: a string against a non-string fails; values that do not compare
                # (an ill-formed date) are compared as text when of one datatype, and pass otherwise
                broken = (f"({_stringlike('?v')} != {_stringlike('?_y')}) || !COALESCE(?v {op} ?_y, "
                          f"IF(sameTerm(datatype(?v), datatype(?_y)), STR(?v) {op} STR(?_y), true))")
                for target in with_values:
                    yield check(name, f"SELECT DISTINCT ?f ?v WHERE {{ {target} ?f {path} ?v . "
                                      f"?f {self.term(other)} ?_y FILTER({broken}) }}", True)
        for value in self.values(prop, "hasValue"):
            for target in without:
                yield check("hasValue", f"SELECT DISTINCT ?f WHERE {{ {target} FILTER NOT EXISTS {{ ?f {path} ?_x "
                                        f"FILTER(sameTerm(?_x, {self.term(value)})) }} }}", False)
        for component, expr in self.value_constraints(prop, "?v", _Names()):
            if component == "hasValue":
                continue
            for target in with_values:
                yield check(component, f"SELECT DISTINCT ?f ?v WHERE {{ {target} ?f {path} ?v FILTER(!{expr}) }}",
                            True)


def _stringlike(var: str) -> str:
    """An IRI or a string literal: what pyshacl compares as text."""
    return (f"(isIRI({var}) || (isLiteral({var}) && (sameTerm(datatype({var}), xsd:string) || "
            f"sameTerm(datatype({var}), rdf:langString))))")


def _local(node) -> str:
    from rdflib import URIRef

    return re.split(r"[#/]", str(node))[-1] if isinstance(node, URIRef) else "[]"


def _default(component: str) -> str:
    return f"does not conform to sh:{component}"


def _show_path(compiler: _Compiler, node) -> str:
    from .validate import _path

    return _path(node, compiler.shapes)


def compile_checks(shapes: Graph, *, subclasses: Callable[[str], list[str]] | None = None) -> list[Check]:
    """The queries that find every violation of ``shapes``.

    :param subclasses: the IRIs of a class and of all its subclasses in the data (default: the class
        alone); see :func:`store_subclasses`.
    :raises Unsupported: if a shape uses a feature this module does not translate.
    """
    compiler = _Compiler(shapes) if subclasses is None else _Compiler(shapes, subclasses)
    return list(compiler.checks())


def store_subclasses(store) -> Callable[[str], list[str]]:
    """The subclass closure of the store's default graph, as :func:`compile_checks` wants it."""
    import pyoxigraph as ox

    def closure(iri: str) -> list[str]:
        rows = store.query(f"SELECT DISTINCT ?c WHERE {{ ?c <{PREFIXES['rdfs']}subClassOf>* <{iri}> }}")
        found = {r["c"].value for r in rows if isinstance(r["c"], ox.NamedNode)}
        return sorted(found | {iri})

    return closure


def run_checks(store, checks: list[Check], *, progress: Callable[[int, int, Check], None] | None = None,
               threads: int | None = None) -> list[Finding]:
    """Run the checks on the default graph of a pyoxigraph store.

    The checks run in a few threads at once (pyoxigraph lets go of the GIL while it evaluates a query, and
    the store is read-only), so they take about half the time on two cores; the findings do not depend on it.

    :param progress: called as ``progress(done, total, check)`` as each check's result is read, in order.
    :param threads: how many checks run at once (default: one per CPU, at most four).
    """
    import os
    from concurrent.futures import ThreadPoolExecutor

    from .query import add_prefixes

    texts = [add_prefixes(check.sparql)[0] for check in checks]

    def rows(k: int) -> list[tuple]:
        return [(row["f"], row["v"] if checks[k].has_value else None) for row in store.query(texts[k])]

    found: set[Finding] = set()
    workers = max(1, threads if threads is not None else min(4, os.cpu_count() or 1))
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="kg-shacl") as pool:
        for k, result in enumerate(pool.map(rows, range(len(checks)))):
            check = checks[k]
            if progress:
                progress(k, len(checks), check)
            for focus, v in result:
                value = v if check.has_value else (focus if check.value_is_focus else None)
                found.add(Finding(focus, check.path, value, check.message, check.severity))
    return sorted(found, key=lambda f: (str(f.focus), f.path, f.message, str(f.value)))


def stream_checks(nquads, store, checks: list[Check], *, batch: int = 100_000,
                  progress: Callable[[int, int, str], None] | None = None, documents: int = 0) -> list[Finding]:
    """Run the checks document graph by document graph, reading a build's N-Quads file once.

    The document graphs of ``nquads`` are read in file order and gathered, whole, into batches of about
    ``batch`` triples; each batch is merged into a small in-memory store with the ontology and checked
    there (memory stays flat, and time grows with the number of reports, where one query over the whole
    on-disk store grows faster).  A node described by one batch only has all its triples, and those of
    the nodes it points to, in that batch, so what the batch finds about it is what the whole graph
    would show.  Two kinds of node are checked again on the merged graph instead, in a store of their
    surroundings read from ``store``'s default graph (each node, its values and their values): nodes
    that are subjects in more than one batch (a village or an award two reports name, where the reports
    may only clash together), and every node a batch found at fault (a value another report types
    would settle it).  Blank nodes belong to one document and are never checked twice.

    :param nquads: the build's N-Quads file (the source of ``store``).
    :param store: the build's store, whose default graph holds each triple once and whose ontology
        graph (:data:`kg.graph.rdf.ONTOLOGY_GRAPH`) holds the ontology.
    :param progress: called as ``progress(done, documents, what)`` before each batch (``done`` counts the
        documents checked so far) and before the check across documents.
    :param documents: how many document graphs the file holds, for ``progress`` (0 when unknown).
    """
    import pyoxigraph as ox

    from .rdf import ONTOLOGY_GRAPH

    ontology_name = ox.NamedNode(str(ONTOLOGY_GRAPH))
    ontology = [ox.Quad(q.subject, q.predicate, q.object)
                for q in store.quads_for_pattern(None, None, None, ontology_name)]
    first_batch: dict[str, int] = {}
    shared: set[str] = set()
    found: list[Finding] = []
    pending: list = []
    state = {"batches": 0, "docs": 0, "docs_in_batch": 0}
    of = f" of {documents}" if documents else ""

    def check_batch() -> None:
        if not pending:
            return
        if progress:
            progress(state["docs"], documents,
                     f"documents {state['docs'] + 1}–{state['docs'] + state['docs_in_batch']}{of}")
        memory = ox.Store()
        memory.bulk_extend(ontology)
        memory.bulk_extend(pending)
        found.extend(run_checks(memory, checks))
        pending.clear()
        state["batches"] += 1
        state["docs"] += state["docs_in_batch"]
        state["docs_in_batch"] = 0

    graph, subject = None, None
    for q in ox.parse(path=str(nquads), format=ox.RdfFormat.N_QUADS):
        if q.graph_name != graph:
            graph, subject = q.graph_name, None
            if graph == ontology_name:
                continue
            if len(pending) >= batch:
                check_batch()
            state["docs_in_batch"] += 1
        elif graph == ontology_name:
            continue
        s = q.subject
        if s != subject:
            subject = s
            if isinstance(s, ox.NamedNode) and first_batch.setdefault(s.value, state["batches"]) != state["batches"]:
                shared.add(s.value)
        pending.append(ox.Quad(s, q.predicate, q.object))
    check_batch()

    cross = {ox.NamedNode(iri) for iri in shared} | {f.focus for f in found if isinstance(f.focus, ox.NamedNode)}
    if progress:
        progress(state["docs"], documents, f"{len(cross)} nodes named in more than one batch or found at fault")
    kept = [f for f in found if not isinstance(f.focus, ox.NamedNode)]
    if cross:
        surroundings = ox.Store()
        surroundings.bulk_extend(ontology)
        surroundings.bulk_extend(_surroundings(store, cross, hops=2))
        kept += [f for f in run_checks(surroundings, checks) if f.focus in cross]
    return sorted(set(kept), key=lambda f: (str(f.focus), f.path, f.message, str(f.value)))


def _surroundings(store, nodes, *, hops: int) -> list:
    """The default-graph triples of ``nodes``, of the nodes they point to, and so on ``hops`` steps out."""
    import pyoxigraph as ox

    default = ox.DefaultGraph()
    seen, frontier, out = set(nodes), set(nodes), []
    for step in range(hops + 1):
        reached = set()
        for node in sorted(frontier, key=str):
            for q in store.quads_for_pattern(node, None, None, default):
                out.append(ox.Quad(q.subject, q.predicate, q.object))
                o = q.object
                if step < hops and not isinstance(o, ox.Literal) and o not in seen:
                    seen.add(o)
                    reached.add(o)
        frontier = reached
    return out
