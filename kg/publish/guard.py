"""What the read-only endpoint of ``kg serve`` lets through to its SPARQL engine.

Every query is read with :class:`kg.graph.syntax.QuerySyntax` (a parser, nothing is evaluated) and refused when it

* calls a federated ``SERVICE`` — the Oxigraph server would call any URL, and has no switch to turn that off;
* nests deeper than :data:`kg.graph.syntax.MAX_DEPTH` — Oxigraph 0.5.13's server overflows its stack and aborts
  on deep expressions (a FILTER of 10,000 ``||``, a thousand nested function calls);
* orders by a key that may compare numbers or dates with other literals — Oxigraph 0.5.13 panics in its sort
  when the order is not total (the class of oxigraph/oxigraph issue 1542);
* is an update, or asks for more results than the endpoint's cap.

A query without a top-level LIMIT gets one.  A query the grammar cannot read goes on to Oxigraph, which answers
with its own syntax error (the checks above still apply to what could be read).
"""

from __future__ import annotations

from ..errors import QueryError
from ..graph.syntax import MAX_DEPTH, QuerySyntax

#: Query forms whose results the cap applies to (ASK returns one boolean).
_CAPPED_FORMS = ("select", "construct", "describe")


def guard_query(query: str, *, limit: int | None, max_depth: int = MAX_DEPTH) -> str:
    """Check a SPARQL query for a public read-only endpoint and cap its result size.

    Parameters: ``query`` the query text; ``limit`` the most results a query may return (``None``: no cap); a
    SELECT, CONSTRUCT or DESCRIBE query without a top-level LIMIT gets ``LIMIT <limit>`` appended; ``max_depth``
    the deepest nesting let through.

    Returns the query to run (unchanged, or with the LIMIT appended).

    Raises ``QueryError`` when the query calls a federated ``SERVICE``, nests too deeply, orders by a key that may
    mix numbers with other literals, is an update, asks for a LIMIT above the cap, or has no LIMIT but ends in a
    VALUES block (where none can be appended).

    >>> guard_query("SELECT * { ?s ?p ?o }", limit=100)
    'SELECT * { ?s ?p ?o }\\nLIMIT 100'
    >>> guard_query("ASK { ?s ?p ?o }", limit=100)
    'ASK { ?s ?p ?o }'
    """
    tree = QuerySyntax(query)
    if tree.calls_service:
        raise QueryError("federated SERVICE queries are disabled on this endpoint; query the local data only")
    if tree.depth > max_depth:
        raise QueryError(f"the query nests {tree.depth} levels deep; this endpoint takes at most {max_depth} "
                         "(deeper queries overflow its SPARQL engine); use IN (…) or VALUES for long lists")
    mixed = tree.mixed_order_keys
    if mixed:
        raise QueryError(f"ORDER BY {mixed[0]} may compare numbers or dates with other literals, which crashes "
                         "this endpoint's SPARQL engine (oxigraph/oxigraph#1542); order by STR(…) of it, or bind "
                         "it through a fixed predicate")
    if tree.problem is not None:
        return query  # Oxigraph reports the syntax error with its own words
    form = tree.form
    if form == "update":
        raise QueryError("this is a SPARQL update; the endpoint is read-only and answers queries only")
    if limit is None or form not in _CAPPED_FORMS:
        return query
    asked = tree.limit
    if asked is not None:
        if asked > limit:
            raise QueryError(f"LIMIT {asked} is above this endpoint's cap of {limit} results; "
                             f"use LIMIT {limit} or less (and OFFSET to page)")
        return query
    if tree.ends_in_values:
        raise QueryError(f"this endpoint returns at most {limit} results: add LIMIT {limit} (or less) "
                         "before the final VALUES block")
    return f"{query.rstrip()}\nLIMIT {limit}"
