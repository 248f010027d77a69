"""SPARQL syntax trees: what a query calls, how deep it nests, what it orders by — read without running it."""

from __future__ import annotations

import pytest

from kg.graph.syntax import MAX_DEPTH, Problem, QuerySyntax


@pytest.mark.parametrize(("query", "keys"), [
    ("SELECT ?o { ?s ?p ?o } ORDER BY ?o", ("?o",)),
    ("SELECT * { GRAPH ?g { ?s ?p ?o } } ORDER BY DESC(?o) ?s", ("DESC(?o)",)),
    ("SELECT * { ?s ?p ?o } ORDER BY (?o + 1)", ("(?o + 1)",)),
    ("SELECT * { ?s ?p ?o } ORDER BY COALESCE(?o, 0)", ("COALESCE(?o, 0)",)),
    ('SELECT * { VALUES ?x { 1 "a" } } ORDER BY ?x', ("?x",)),
    ('SELECT * { VALUES (?x ?y) { (1 "a") ("b" UNDEF) } } ORDER BY ?y ?x', ("?x",)),
    ('SELECT * { VALUES ?x { "2023-01-01"^^<http://www.w3.org/2001/XMLSchema#date> 5 } } ORDER BY ?x', ("?x",)),
    # what is safe: keys over fixed predicates, string- or number-valued functions, subjects, one kind of value
    ("SELECT * { ?s <http://example.org/p> ?o } ORDER BY ?o", ()),
    ("SELECT * { ?s ?p ?o } ORDER BY STR(?o) LCASE(STR(?o)) STRLEN(STR(?o)) ?s", ()),
    ("SELECT * { ?s ?p ?o } ORDER BY ?s ?p", ()),
    ('SELECT * { VALUES ?x { 1 2.5 3e1 } VALUES ?y { "a" "b"@zh } } ORDER BY ?x ?y', ()),
    ("SELECT * { ?s ?p ?o FILTER(isNumeric(?o)) } ORDER BY RAND()", ()),
    ('SELECT * { ?s ?p "?o ORDER BY" } # ORDER BY ?o', ()),
])
def test_mixed_order_keys(query, keys):
    assert QuerySyntax(query).mixed_order_keys == keys


@pytest.mark.parametrize(("query", "service"), [
    ("SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", True),
    ("select * { ?s ?p ?o optional { service silent ?endpoint { ?s ?p ?x } } }", True),
    ("SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o ", True),  # cut short: still seen
    ('SELECT * { ?s ?p "SERVICE <http://example.org/>" }', False),
    ("SELECT * { ?s ?p ?o } # SERVICE <http://example.org/>", False),
    ("PREFIX ex: <http://example.org/> SELECT ?service { ?service ex:service ?o }", False),
])
def test_calls_service(query, service):
    assert QuerySyntax(query).calls_service is service


@pytest.mark.parametrize(("query", "form", "limit", "values"), [
    ("SELECT * { ?s ?p ?o }", "select", None, False),
    ("SELECT * { { SELECT * { ?s ?p ?o } LIMIT 3 } } OFFSET 2", "select", None, False),
    ("SELECT * { ?s ?p ?o } LIMIT 7 OFFSET 2", "select", 7, False),
    ("PREFIX ex: <http://example.org/> CONSTRUCT WHERE { ?s ex:p ?o } LIMIT 2", "construct", 2, False),
    ("ask { ?s ?p ?o }", "ask", None, False),
    ("DESCRIBE <http://example.org/x>", "describe", None, False),
    ("SELECT * { ?s ?p ?o } VALUES ?s { <http://example.org/x> }", "select", None, True),
    ("INSERT DATA { <http://a> <http://b> <http://c> }", "update", None, False),
    ("DELETE WHERE { ?s ?p ?o }", "update", None, False),
])
def test_form_limit_and_final_values(query, form, limit, values):
    tree = QuerySyntax(query)
    assert (tree.form, tree.limit, tree.ends_in_values, tree.problem) == (form, limit, values, None)


@pytest.mark.parametrize(("query", "problem"), [
    ("SELECT ?s WHERE { ?s ?p ?o", Problem(1, 27, "expected '}'")),
    ("SELECT ?s WHERE {\n  ?s ?p ?o ?x }", Problem(2, 12, "unexpected '?x'")),
    ("SELECT ?s WHERE { ?s ?p '松塘' ?x }", Problem(1, 30, "unexpected '?x'")),  # columns count characters
])
def test_problem_says_where(query, problem):
    assert QuerySyntax(query).problem == problem


def test_depth_counts_chains_and_nesting_without_recursion():
    assert QuerySyntax("SELECT * { ?s ?p ?o }").depth < 20
    ors = "SELECT * { ?s ?p ?o FILTER(" + " || ".join(f"?o = {i}" for i in range(20_000)) + ") }"
    nested = "SELECT * { " + "{ " * 20_000 + "?s ?p ?o" + " }" * 20_000 + " }"
    assert QuerySyntax(ors).depth > 20_000 and QuerySyntax(nested).depth > 40_000
    assert QuerySyntax("SELECT * { " + "{ " * 100 + "?s ?p ?o" + " }" * 100 + " }").depth < MAX_DEPTH
