"""Query results, wherever they were computed, and their output formats: table, CSV, TSV, SPARQL JSON,
Turtle — and pandas DataFrames with typed columns."""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any

from ..errors import QueryError
from .vocab import PREFIXES

if TYPE_CHECKING:
    from rdflib.term import Node
else:
    Node = Any

XSD = PREFIXES["xsd"]
_XSD_STRING = XSD + "string"


class ResultFormat(str, Enum):
    """Output formats of query results."""

    TABLE = "table"
    CSV = "csv"
    TSV = "tsv"
    JSON = "json"
    TURTLE = "turtle"


@dataclass(frozen=True, slots=True)
class Result:
    """Rows of a SELECT (``variables`` and ``rows``; None = unbound), the answer of an ASK (``boolean``),
    or the triples of a CONSTRUCT/DESCRIBE (``triples``)."""

    kind: str  # "select" | "ask" | "graph"
    variables: tuple[str, ...] = ()
    rows: tuple[tuple[Node | None, ...], ...] = ()
    boolean: bool | None = None
    triples: tuple[tuple[Node, Node, Node], ...] = ()

    def table(self) -> tuple[tuple[str, ...], tuple[tuple[Node | None, ...], ...]]:
        """Variables and rows, with the triples of a graph result as ``subject predicate object`` rows."""
        if self.kind == "graph":
            return ("subject", "predicate", "object"), tuple(self.triples)
        if self.kind == "ask":
            from rdflib import Literal

            return ("boolean",), ((Literal(bool(self.boolean)),),)
        return self.variables, self.rows


# ---------------------------------------------------------------------------------- terms
def term_parts(t) -> tuple[str, str, str, str]:
    """``(kind, value, language, datatype)`` of an rdflib or a pyoxigraph term; kind is ``"iri"``,
    ``"blank"`` or ``"literal"``, the datatype ``""`` for language-tagged strings and IRIs."""
    module = type(t).__module__
    if module == "pyoxigraph":
        name = type(t).__name__
        if name == "NamedNode":
            return "iri", t.value, "", ""
        if name == "BlankNode":
            return "blank", t.value, "", ""
        if name == "Literal":
            return "literal", t.value, t.language or "", "" if t.language else t.datatype.value
        raise QueryError(f"query returned an unsupported term {t!r}")
    from rdflib import BNode, Literal, URIRef

    if isinstance(t, URIRef):
        return "iri", str(t), "", ""
    if isinstance(t, BNode):
        return "blank", str(t), "", ""
    if isinstance(t, Literal):
        if t.language:
            return "literal", str(t), t.language, ""
        return "literal", str(t), "", str(t.datatype) if t.datatype is not None else _XSD_STRING
    raise QueryError(f"query returned an unsupported term {t!r}")


def rdflib_term(t):
    """The rdflib term of a pyoxigraph term, as oxrdflib makes it (a plain literal keeps ``xsd:string``)."""
    from rdflib import BNode, Literal, URIRef

    kind, value, lang, datatype = term_parts(t)
    if kind == "iri":
        return URIRef(value)
    if kind == "blank":
        return BNode(value)
    return Literal(value, lang=lang) if lang else Literal(value, datatype=URIRef(datatype))


# ---------------------------------------------------------------------------------- constructing
def from_rdflib(res) -> Result:
    """Copy an rdflib query result into a :class:`Result`."""
    if res.type == "ASK":
        return Result("ask", boolean=bool(res.askAnswer))
    if res.type in ("CONSTRUCT", "DESCRIBE"):
        triples = tuple(sorted(res.graph, key=lambda t: tuple(_sort_key(x) for x in t)))
        return Result("graph", triples=triples)
    variables = tuple(str(v) for v in res.vars)
    rows = tuple(tuple(row[i] if i < len(row) else None for i in range(len(variables))) for row in res)
    return Result("select", variables=variables, rows=rows)


def _sort_key(t: Node) -> tuple[str, str]:
    return (type(t).__name__, t.n3())


def _json_term(b: dict) -> Node:
    from rdflib import BNode, Literal, URIRef

    kind = b["type"]
    if kind == "uri":
        return URIRef(b["value"])
    if kind == "bnode":
        return BNode(b["value"])
    if kind in ("literal", "typed-literal"):
        if "xml:lang" in b:
            return Literal(b["value"], lang=b["xml:lang"])
        return Literal(b["value"], datatype=URIRef(b["datatype"]) if b.get("datatype") else None)
    raise ValueError(f"unknown term type {kind!r}")


def from_sparql_json(data: dict) -> Result:
    """Read SPARQL 1.1 Query Results JSON."""
    if "boolean" in data:
        return Result("ask", boolean=bool(data["boolean"]))
    variables = tuple(data["head"]["vars"])
    rows = tuple(tuple(_json_term(b[v]) if v in b else None for v in variables)
                 for b in data["results"]["bindings"])
    return Result("select", variables=variables, rows=rows)


def from_ntriples(body: bytes) -> Result:
    """Read N-Triples (a CONSTRUCT or DESCRIBE answer)."""
    from rdflib import Graph

    g = Graph()
    try:
        g.parse(data=body.decode("utf-8"), format="nt")
    except Exception as e:  # rdflib raises several parser error types
        raise QueryError(f"endpoint sent malformed N-Triples: {e}") from e
    return Result("graph", triples=tuple(sorted(g, key=lambda t: tuple(_sort_key(x) for x in t))))


# ---------------------------------------------------------------------------------- plain values
def _plain(t: Node | None) -> str:
    return "" if t is None else term_parts(t)[1]


def _compact(t: Node | None) -> str:
    """A short form for the table: prefixed IRIs, lexical forms of literals."""
    if t is None:
        return ""
    kind, s, _, _ = term_parts(t)
    if kind == "iri":
        best = max(((p, ns) for p, ns in PREFIXES.items() if s.startswith(ns)), key=lambda x: len(x[1]),
                   default=None)
        return f"{best[0]}:{s[len(best[1]):]}" if best else s
    if kind == "blank":
        return f"_:{s}"
    return s.replace("\n", " ")


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, right: bool) -> str:
    fill = " " * (width - _width(text))
    return fill + text if right else text + fill


_NUMERIC = {XSD + t for t in ("integer", "decimal", "double", "float", "int", "long", "nonNegativeInteger")}


def format_table(result: Result) -> str:
    """Aligned columns, a rule under the header, numbers right-aligned, then the row count."""
    if result.kind == "ask":
        return "yes" if result.boolean else "no"
    variables, rows = result.table()
    cells = [[_compact(t) for t in row] for row in rows]
    numeric = [bool(rows) and all(t is None or term_parts(t)[3] in _NUMERIC for t in (row[i] for row in rows))
               for i in range(len(variables))]
    widths = [max([_width(v)] + [_width(r[i]) for r in cells]) for i, v in enumerate(variables)]
    lines = ["  ".join(_pad(v, widths[i], numeric[i]) for i, v in enumerate(variables)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(_pad(c, widths[i], numeric[i]) for i, c in enumerate(r)).rstrip() for r in cells]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines)


def format_csv(result: Result, *, delimiter: str = ",") -> str:
    """CSV (plain values as in SPARQL 1.1 CSV, but ``\\n`` line ends), or with ``delimiter="\\t"`` TSV."""
    variables, rows = result.table()
    buf = io.StringIO()
    if delimiter == "\t":
        def clean(v: str) -> str:
            return v.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")

        buf.write("\t".join(variables) + "\n")
        for row in rows:
            buf.write("\t".join(clean(_plain(t)) for t in row) + "\n")
        return buf.getvalue()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(variables)
    for row in rows:
        w.writerow([_plain(t) for t in row])
    return buf.getvalue()


def _json_binding(t: Node) -> dict:
    kind, value, lang, datatype = term_parts(t)
    if kind == "iri":
        return {"type": "uri", "value": value}
    if kind == "blank":
        return {"type": "bnode", "value": value}
    b: dict = {"type": "literal", "value": value}
    if lang:
        b["xml:lang"] = lang
    elif datatype and datatype != _XSD_STRING:
        b["datatype"] = datatype
    return b


def format_json(result: Result) -> str:
    """SPARQL 1.1 Query Results JSON (graph results as subject/predicate/object rows)."""
    if result.kind == "ask":
        return json.dumps({"head": {}, "boolean": bool(result.boolean)})
    variables, rows = result.table()
    data = {"head": {"vars": list(variables)},
            "results": {"bindings": [{v: _json_binding(t) for v, t in zip(variables, row) if t is not None}
                                     for row in rows]}}
    return json.dumps(data, ensure_ascii=False, indent=2)


def format_turtle(result: Result) -> str:
    """Turtle of a CONSTRUCT/DESCRIBE result, with the project prefixes it uses.

    :raises QueryError: for SELECT and ASK results.
    """
    if result.kind != "graph":
        raise QueryError("--format turtle needs a CONSTRUCT or DESCRIBE query; use table, csv, tsv or json")
    from rdflib import BNode, URIRef

    from .serialize import turtle_bytes

    if any(isinstance(t, BNode) for tr in result.triples for t in tr):
        from rdflib import Graph

        g = Graph()
        for p, ns in PREFIXES.items():
            g.bind(p, ns, override=True)
        for tr in result.triples:
            g.add(tr)
        return g.serialize(format="turtle")
    from .serialize import turtle_prefixes
    from .vocab import DEFAULT_BASE

    paths = {str(t)[len(DEFAULT_BASE):].split("/", 1)[0] for tr in result.triples for t in tr
             if isinstance(t, URIRef) and str(t).startswith(DEFAULT_BASE)}
    return turtle_bytes(result.triples, turtle_prefixes(DEFAULT_BASE, paths)).decode("utf-8")  # type: ignore[arg-type]


def format_result(result: Result, fmt: ResultFormat | str = ResultFormat.TABLE) -> str:
    """Format a result; the text has no trailing newline unless the format ends lines itself (CSV, TSV, Turtle)."""
    fmt = ResultFormat(fmt)
    if fmt is ResultFormat.TABLE:
        return format_table(result)
    if fmt is ResultFormat.CSV:
        return format_csv(result)
    if fmt is ResultFormat.TSV:
        return format_csv(result, delimiter="\t")
    if fmt is ResultFormat.JSON:
        return format_json(result)
    return format_turtle(result)


# ---------------------------------------------------------------------------------- DataFrames
_INTEGERS = {XSD + t for t in ("integer", "int", "long", "short", "nonNegativeInteger", "positiveInteger",
                                   "negativeInteger", "nonPositiveInteger", "unsignedInt", "unsignedLong")}
_FLOATS = {XSD + t for t in ("decimal", "double", "float")}


def _column(values: list[Node | None]):
    import pandas as pd

    parts = [None if v is None else term_parts(v) for v in values]
    present = [p for p in parts if p is not None]
    kinds = {p[3] if p[0] == "literal" and not p[2] else ("iri" if p[0] == "iri" else "text") for p in present}
    if present and kinds <= _INTEGERS:
        return pd.array([None if p is None else int(p[1]) for p in parts], dtype="Int64")
    if present and kinds <= (_INTEGERS | _FLOATS):
        return pd.array([float("nan") if p is None else float(p[1]) for p in parts], dtype="float64")
    if present and kinds == {XSD + "boolean"}:
        return pd.array([None if p is None else p[1] in ("true", "1") for p in parts], dtype="boolean")
    if present and kinds <= {XSD + "date", XSD + "dateTime"}:
        return pd.to_datetime(pd.Series([None if p is None else p[1][:19] for p in parts], dtype="object"),
                              errors="coerce", format="ISO8601")
    if present and kinds == {XSD + "gYearMonth"}:
        return pd.PeriodIndex([None if p is None else p[1] for p in parts], freq="M")
    if present and kinds == {XSD + "gYear"}:
        return pd.PeriodIndex([None if p is None else p[1] for p in parts], freq="Y")
    return pd.Series([None if p is None else p[1] for p in parts], dtype="object")


def to_frame(result: Result):
    """The rows as a pandas ``DataFrame`` with typed columns (see :func:`kg.graph.query.query_frame`)."""
    import pandas as pd

    variables, rows = result.table()
    data = {v: _column([row[i] for row in rows]) for i, v in enumerate(variables)}
    frame = pd.DataFrame({k: (pd.Series(v) if not isinstance(v, pd.Series) else v.reset_index(drop=True))
                          for k, v in data.items()}, columns=list(variables))
    return frame
