"""kg serve: a real Oxigraph server behind the front, queried over HTTP and from real Chromium."""

from __future__ import annotations

import json
import re
import select
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from kg.errors import QueryError
from kg.publish.guard import guard_query
from tests.browser import chromium, foreign
from tests.publish_fixture import write_fixture
from tests.conftest import ROOT
from tests.serve_fixture import Served, oxigraph_children, post

VILLAGES = "PREFIX kg: <https://w3id.org/kg-cn/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> " \
           "SELECT ?name WHERE { ?v a kg:Village ; rdfs:label ?name FILTER(langMatches(lang(?name), 'zh-Hans')) } ORDER BY ?name"


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    return write_fixture(tmp_path_factory.mktemp("kg"))


@pytest.fixture(scope="module")
def served(data, tmp_path_factory):
    server = Served(data, tmp_path_factory.mktemp("tmp"), "--limit", "5")
    yield server
    server.stop()


def test_banner_names_the_url(served):
    assert served.banner.startswith("Serving ")
    assert served.banner.endswith("; Ctrl-C stops\n")
    # the build's store, read in place
    assert f"Serving {served.data / 'store'} read-only at {served.url} (SPARQL endpoint {served.url}query)" in served.banner


def test_query_answers_from_all_document_graphs(served):
    status, body = post(served.url + "query", {"query": VILLAGES})
    assert status == 200
    rows = [b["name"]["value"] for b in json.loads(body)["results"]["bindings"]]
    assert rows == ["松塘村", "洞尾村"]


def test_query_by_get_and_sparql_query_body(served):
    url = served.url + "query?" + urllib.parse.urlencode({"query": VILLAGES})
    with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept": "text/csv"}), timeout=30) as reply:
        assert reply.read().decode().splitlines() == ["name", "松塘村", "洞尾村"]
    request = urllib.request.Request(served.url + "query", data=VILLAGES.encode(), method="POST", headers={
        "Content-Type": "application/sparql-query", "Accept": "text/csv"})
    with urllib.request.urlopen(request, timeout=30) as reply:
        assert reply.read().decode().splitlines() == ["name", "松塘村", "洞尾村"]


def test_update_is_refused(served):
    status, body = post(served.url + "update", {"update": "INSERT DATA { <http://a> <http://b> <http://c> }"})
    assert status == 403
    status, body = post(served.url + "query", {"query": "ASK { <http://a> <http://b> <http://c> }"})
    assert json.loads(body)["boolean"] is False


def test_graph_store_put_is_refused(served):
    request = urllib.request.Request(served.url + "store?default", data=b"<http://a> <http://b> <http://c> .\n",
                                     method="PUT", headers={"Content-Type": "application/n-triples"})
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(request, timeout=30)
    assert caught.value.code == 403


def test_service_never_reaches_another_host(served):
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    port = listener.getsockname()[1]
    try:
        for query in (f"SELECT * {{ SERVICE <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}",
                      f"SELECT * {{ ?s ?p ?o OPTIONAL {{ SERVICE SILENT <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?x }} }} }}",
                      f"SELECT * {{ SERVICE <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} "):  # malformed, still refused
            status, body = post(served.url + "query", {"query": query})
            assert status == 400
            assert body.decode().startswith("Error: federated SERVICE queries are disabled on this endpoint")
        readable, _, _ = select.select([listener], [], [], 1.0)
        assert readable == [], "the listener received a connection"
    finally:
        listener.close()


def test_result_size_is_capped(served):
    status, body = post(served.url + "query", {"query": "SELECT * { ?s ?p ?o }"})
    assert status == 200
    assert len(json.loads(body)["results"]["bindings"]) == 5
    status, body = post(served.url + "query", {"query": "SELECT * { ?s ?p ?o } LIMIT 50"})
    assert (status, body.decode().strip()) == (
        400, "Error: LIMIT 50 is above this endpoint's cap of 5 results; use LIMIT 5 or less (and OFFSET to page)")


def test_malformed_query_reports_oxigraph_error(served):
    status, body = post(served.url + "query", {"query": "SELECT * WHERE { ?s ?p }"})
    assert status == 400
    assert body  # Oxigraph's own syntax message


def test_query_page_runs_offline_in_chromium(served):
    from playwright.sync_api import sync_playwright

    from kg.graph.query import named_queries, prefix_header

    named = named_queries()
    requests: list[str] = []
    with sync_playwright() as p:
        browser = chromium(p)
        try:
            page = browser.new_page()
            page.on("request", lambda r: requests.append(r.url))
            page.goto(served.url)
            page.wait_for_selector(".CodeMirror")
            editor = "() => document.querySelector('.CodeMirror').CodeMirror.getValue()"
            # the editor starts with the prefixes kg query adds, one per line
            assert page.evaluate(editor).startswith(prefix_header())
            # every named query is listed with its question; a click loads it, prefixes first
            items = page.locator("#named-list li").all_inner_texts()
            assert items == [f"{q.name} {q.question}" + (f" (set {', '.join('?' + p for p in need)})" if (
                need := [p.name for p in q.params if p.default is None]) else "") for q in named.values()]
            page.click("#named-list button:text-is('honours')")
            honours = named["honours"].text
            assert page.evaluate(editor) == prefix_header(honours) + honours
            page.click(".yasqe_queryButton")
            page.wait_for_selector("text=优秀党务工作者", timeout=20000)
            page.evaluate("q => document.querySelector('.CodeMirror').CodeMirror.setValue(q)", VILLAGES)
            page.click(".yasqe_queryButton")
            page.wait_for_selector("text=洞尾村", timeout=20000)
            assert "松塘村" in page.inner_text(".yasr")
        finally:
            browser.close()
    assert f"{served.url}query" in requests
    assert foreign(requests, allowed_host=f"127.0.0.1:{served.port}") == []


def test_ctrl_c_stops_oxigraph_and_removes_the_database(tmp_path_factory, tmp_path):
    data = write_fixture(tmp_path_factory.mktemp("kg"), store=False)  # no store: kg.nq goes into a temporary one
    server = Served(data, tmp_path, "--timeout", "7", "--engines", "3")
    try:
        children = oxigraph_children(tmp_path)
        assert len(children) == 3 and all(" serve-read-only " in c for c in children)
        # Oxigraph's own timeout is only a backstop behind the front's; the database holds the merged default graph
        assert all(" --timeout-s 67 " in c and "--union-default-graph" not in c for c in children)
        assert any(tmp_path.iterdir()), "the temporary database should exist"
    finally:
        status = server.stop()
    assert status == 0
    time.sleep(0.2)
    assert oxigraph_children(tmp_path) == []
    assert list(tmp_path.iterdir()) == []
    assert "Traceback" not in server.log


def test_location_serves_an_existing_database_as_it_is(data, tmp_path):
    """A database made by `oxigraph load` keeps the documents in named graphs: queries get their union."""
    from kg.publish.engines import oxigraph_executable

    subprocess.run([oxigraph_executable(), "load", "--location", str(tmp_path / "db"), "--file", str(data / "kg.nq")],
                   check=True, capture_output=True)
    server = Served(data, tmp_path / "tmp", "--location", str(tmp_path / "db"))
    try:
        assert server.banner.startswith(f"Serving {tmp_path / 'db'} read-only at {server.url} ")
        status, body = post(server.url + "query", {"query": VILLAGES})
        assert [b["name"]["value"] for b in json.loads(body)["results"]["bindings"]] == ["松塘村", "洞尾村"]
        assert all("--union-default-graph" in c for c in oxigraph_children(tmp_path / "db"))
    finally:
        assert server.stop() == 0
    assert (tmp_path / "db").is_dir()  # a given database is left in place


def test_a_fresh_store_is_served_in_place(data, tmp_path):
    server = Served(data, tmp_path, "--engines", "2")
    try:
        children = oxigraph_children(data / "store")  # this server's, and the module's server's
        assert children and all(f" --location {data / 'store'} " in c for c in children)
        assert not any("--union-default-graph" in c for c in children)  # its default graph holds each triple once
        assert all(not any(p.iterdir()) for p in tmp_path.iterdir())  # nothing loaded into a temporary database
        status, body = post(server.url + "query", {"query": VILLAGES})
        assert status == 200
        assert [b["name"]["value"] for b in json.loads(body)["results"]["bindings"]] == ["松塘村", "洞尾村"]
    finally:
        assert server.stop() == 0
    assert (data / "store" / "kg-store.json").is_file()  # left in place


@pytest.mark.parametrize(("args", "error"), [
    (("--data", "{empty}"), "Error: {empty}/kg.nq: not found; build the graph first with `kg build` (or pass --data DIR)"),
    (("--location", "{empty}/nothing"), "Error: {empty}/nothing: no Oxigraph database there"),
    (("--data", "{data}", "--port", "{busy}"), "Error: cannot listen on 127.0.0.1:{busy}: Address already in use; choose another --port"),
])
def test_cli_errors_are_one_line(args, error, data, tmp_path):
    busy = socket.socket()
    busy.bind(("127.0.0.1", 0))
    busy.listen(1)
    values = {"empty": str(tmp_path), "data": str(data), "busy": str(busy.getsockname()[1])}
    try:
        done = subprocess.run([sys.executable, "-m", "kg", "serve", *(a.format(**values) for a in args)],
                              cwd=ROOT, capture_output=True, text=True, timeout=60)
    finally:
        busy.close()
    assert done.returncode == 1
    assert done.stderr == error.format(**values) + "\n"


@pytest.mark.parametrize(("query", "limit", "expected"), [
    ("SELECT * { ?s ?p ?o }", 10, "SELECT * { ?s ?p ?o }\nLIMIT 10"),
    ("SELECT * { ?s ?p ?o } LIMIT 3", 10, "SELECT * { ?s ?p ?o } LIMIT 3"),
    ("SELECT * { ?s ?p ?o } OFFSET 5 # 注释", 10, "SELECT * { ?s ?p ?o } OFFSET 5 # 注释\nLIMIT 10"),
    ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", 10, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }\nLIMIT 10"),
    ("ASK { ?s ?p ?o }", 10, "ASK { ?s ?p ?o }"),
    ('SELECT * { ?s ?p "SERVICE 服务" }', None, 'SELECT * { ?s ?p "SERVICE 服务" }'),
    ("SELECT * { ?s ?p ?o } # SERVICE <http://x/>", None, "SELECT * { ?s ?p ?o } # SERVICE <http://x/>"),
    ("SELECT (COUNT(*) AS ?n) { { SELECT * { ?s ?p ?o } LIMIT 100 } }", 10,
     "SELECT (COUNT(*) AS ?n) { { SELECT * { ?s ?p ?o } LIMIT 100 } }\nLIMIT 10"),
])
def test_guard_accepts(query, limit, expected):
    assert guard_query(query, limit=limit) == expected


@pytest.mark.parametrize(("query", "limit", "message"), [
    ("SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", None, "federated SERVICE queries are disabled"),
    ("select * { { ?s ?p ?o } union { service silent <http://x/> { ?s ?p ?o } } }", None, "federated SERVICE"),
    ("SELECT * { ?s ?p ?o } LIMIT 11", 10, "LIMIT 11 is above this endpoint's cap of 10 results"),
    ("SELECT * { ?s ?p ?o } VALUES ?s { <http://a> }", 10, "add LIMIT 10 (or less) before the final VALUES block"),
    ("SELECT ?o { ?s ?p ?o } ORDER BY DESC(?o)", 10, "ORDER BY DESC(?o) may compare numbers or dates with other "
                                                     "literals, which crashes this endpoint's SPARQL engine"),
    ("SELECT * { " + "{ " * 600 + "?s ?p ?o" + " }" * 600 + " }", 10,
     "the query nests 1209 levels deep; this endpoint takes at most 500"),
    ("DELETE WHERE { ?s ?p ?o }", 10, "this is a SPARQL update; the endpoint is read-only"),
])
def test_guard_refuses(query, limit, message):
    with pytest.raises(QueryError, match=re.escape(message)):
        guard_query(query, limit=limit)
