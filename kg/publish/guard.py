"""What the read-only endpoint of ``kg serve`` lets through: no federated ``SERVICE`` calls, and a cap
on the number of results.

The Oxigraph server evaluates ``SERVICE`` by calling the named endpoint over HTTP and has no switch
to turn that off, and it has no result-size cap; ``kg serve`` therefore checks every query before
handing it on. The check parses the query with rdflib's SPARQL parser, so the word SERVICE inside a
string or a comment does not count; a query rdflib cannot parse is refused when it contains the
word at all (erring on the side of never calling out).
"""

from __future__ import annotations

import re

from ..errors import QueryError

#: Query forms whose results the cap applies to (ASK returns one boolean).
_CAPPED_FORMS = ("SelectQuery", "ConstructQuery", "DescribeQuery")
_SERVICE_WORD = re.compile(r"\bSERVICE\b", re.IGNORECASE)


def _names(node, out: set[str]) -> set[str]:
    """Collect the names of every rule in an rdflib SPARQL parse tree."""
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(node, CompValue):
        out.add(node.name)
        for value in node.values():
            _names(value, out)
    elif isinstance(node, (list, tuple)) or type(node).__name__ == "ParseResults":
        for value in node:
            _names(value, out)
    return out


def guard_query(query: str, *, limit: int | None) -> str:
    """Check a SPARQL query for a public read-only endpoint and cap its result size.

    Parameters: ``query`` the query text; ``limit`` the most results a query may return (``None``:
    no cap). A SELECT, CONSTRUCT or DESCRIBE query without a top-level LIMIT gets ``LIMIT <limit>``
    appended.

    Returns the query to run (unchanged, or with the LIMIT appended).

    Raises ``QueryError`` when the query calls a federated ``SERVICE``, asks for a LIMIT above the
    cap, or has no LIMIT but ends in a VALUES block (where none can be appended).

    >>> guard_query("SELECT * { ?s ?p ?o }", limit=100)
    'SELECT * { ?s ?p ?o }\\nLIMIT 100'
    >>> guard_query("ASK { ?s ?p ?o }", limit=100)
    'ASK { ?s ?p ?o }'
    """
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        tree = parseQuery(query)
    except (ParseException, ValueError, TypeError, AttributeError):
        # Oxigraph reports the syntax error to the client; only make sure nothing calls out.
        if _SERVICE_WORD.search(query):
            raise QueryError("federated SERVICE queries are disabled on this endpoint") from None
        return query
    if "ServiceGraphPattern" in _names(tree, set()):
        raise QueryError("federated SERVICE queries are disabled on this endpoint; query the local data only")
    form = tree[1]
    if limit is None or form.name not in _CAPPED_FORMS:
        return query
    clauses = form["limitoffset"] if "limitoffset" in form else None
    if clauses is not None and "limit" in clauses:
        asked = int(clauses["limit"])
        if asked > limit:
            raise QueryError(f"LIMIT {asked} is above this endpoint's cap of {limit} results; "
                             f"use LIMIT {limit} or less (and OFFSET to page)")
        return query
    if "valuesClause" in form and form["valuesClause"] is not None:
        raise QueryError(f"this endpoint returns at most {limit} results: add LIMIT {limit} (or less) "
                         "before the final VALUES block")
    return f"{query.rstrip()}\nLIMIT {limit}"
