"""kg push: the graph goes into a real Oxigraph server through the Graph Store Protocol."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from rdflib import Dataset

from kg.publish.serve import free_port, oxigraph_executable
from tests.serve_fixture import wait_listening
from tests.publish_fixture import DOC, DOC_ID, ONTOLOGY_GRAPH, build_dataset, write_fixture
from tests.conftest import ROOT

CONTAINMENT = """PREFIX kg: <https://w3id.org/kg-cn/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?place ?name ?container WHERE {
  ?place kg:containedIn ?c . ?place rdfs:label ?name . ?c rdfs:label ?container
  FILTER(langMatches(lang(?name), "zh-Hans") && langMatches(lang(?container), "zh-Hans"))
}"""


class Oxigraph:
    """``oxigraph serve`` (read-write) on a free loopback port, its database in a temporary directory."""

    def __init__(self, location: Path) -> None:
        self.port = free_port()
        self.proc = subprocess.Popen([oxigraph_executable(), "serve", "--location", str(location),
                                      "--bind", f"127.0.0.1:{self.port}", "--union-default-graph"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.url = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(self.url + "/", timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or self.proc.poll() is not None:
                    self.stop()
                    raise AssertionError("oxigraph serve did not start")
                time.sleep(0.05)

    def select(self, query: str) -> list[tuple[str, ...]]:
        request = urllib.request.Request(self.url + "/query", data=urllib.parse.urlencode({"query": query}).encode(),
                                         headers={"Accept": "application/sparql-results+json"})
        with urllib.request.urlopen(request, timeout=30) as reply:
            result = json.load(reply)
        names = result["head"]["vars"]
        return sorted(tuple(b.get(n, {}).get("value", "") for n in names) for b in result["results"]["bindings"])

    def counts(self) -> dict[str, int]:
        return {g: int(n) for g, n in self.select("SELECT ?g (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")}

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=20)


def kg(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the command line; ``env`` values of None remove a variable."""
    full = {k: v for k, v in {**os.environ, **(env or {})}.items() if v is not None}
    return subprocess.run([sys.executable, "-m", "kg", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, env=full)


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    return write_fixture(tmp_path_factory.mktemp("kg"))


@pytest.fixture
def store(tmp_path):
    server = Oxigraph(tmp_path / "db")
    yield server
    server.stop()


def _local_counts() -> dict[str, int]:
    ds = build_dataset()
    return {str(g.identifier): len(g) for g in ds.graphs() if len(g)}


def test_push_sends_every_graph_and_reports_each(data, store):
    done = kg("push", "--endpoint", store.url + "/store", "--data", str(data))
    assert done.returncode == 0, done.stderr
    local = _local_counts()
    assert store.counts() == local
    lines = done.stderr.splitlines()
    assert lines[:2] == [
        f"pushed {DOC_ID}: {local[str(DOC)]:,} triples → <{DOC}>",
        f"pushed ontology: {local[str(ONTOLOGY_GRAPH)]:,} triples → <{ONTOLOGY_GRAPH}>",
    ]
    assert lines[2:] == [f"2 graphs, {sum(local.values()):,} triples pushed to {store.url}/store"]
    assert done.stdout == ""


def test_pushing_twice_changes_nothing(data, store):
    assert kg("push", "--endpoint", store.url + "/store", "--data", str(data)).returncode == 0
    first = store.counts()
    rows = store.select("SELECT ?s ?p ?o ?g { GRAPH ?g { ?s ?p ?o } }")
    assert kg("push", "--endpoint", store.url + "/store", "--data", str(data)).returncode == 0
    assert store.counts() == first
    assert store.select("SELECT ?s ?p ?o ?g { GRAPH ?g { ?s ?p ?o } }") == rows


def test_remote_rows_equal_local_rows(data, store):
    assert kg("push", "--endpoint", store.url + "/store", "--data", str(data)).returncode == 0
    ds = Dataset(default_union=True)
    ds.parse(data / "kg.nq", format="nquads")
    local = sorted(tuple(str(v) for v in row) for row in ds.query(CONTAINMENT))
    assert store.select(CONTAINMENT) == local
    assert sorted(row[1:] for row in local) == [("松塘村", "示范镇"), ("洞尾村", "示范镇")]


def test_graph_option_renames_the_single_document_graph(data, store):
    target = "https://example.org/graphs/demo"
    done = kg("push", "--endpoint", store.url + "/store", "--data", str(data), "--graph", target)
    assert done.returncode == 0, done.stderr
    local = _local_counts()
    assert store.counts() == {target: local[str(DOC)], str(ONTOLOGY_GRAPH): local[str(ONTOLOGY_GRAPH)]}
    assert f"pushed {DOC_ID}: {local[str(DOC)]:,} triples → <{target}>" in done.stderr.splitlines()


def test_graph_option_with_several_documents_is_an_error(data, tmp_path, store):
    two = tmp_path / "two"
    two.mkdir()
    text = (data / "kg.nq").read_text(encoding="utf-8")
    other = text.replace(f"doc/{DOC_ID}>", "doc/other-2024>").replace(f"doc/{DOC_ID}#", "doc/other-2024#")
    (two / "kg.nq").write_text(text + other, encoding="utf-8")
    done = kg("push", "--endpoint", store.url + "/store", "--data", str(two), "--graph", "https://example.org/g")
    assert done.returncode == 1
    assert done.stderr == (f"Error: --graph needs a single document, but {two / 'kg.nq'} holds 2; "
                           "push without --graph to keep each document's own graph\n")
    assert store.counts() == {}


def test_refusing_store_gives_one_error_line(data, tmp_path):
    """A read-only Oxigraph answers 403; the message names status, reason and endpoint."""
    db = tmp_path / "ro"
    subprocess.run([oxigraph_executable(), "load", "--location", str(db), "--file", str(data / "kg.nq")],
                   check=True, capture_output=True)
    port = free_port()
    proc = subprocess.Popen([oxigraph_executable(), "serve-read-only", "--location", str(db), "--bind",
                             f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        endpoint = f"http://127.0.0.1:{port}/store"
        wait_listening(int(port))
        done = kg("push", "--endpoint", endpoint, "--data", str(data))
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    assert done.returncode == 1
    assert done.stderr == (f"Error: HTTP 403 Forbidden from {endpoint} while pushing <{DOC}>: "
                           "The server is read-only\n")


def test_unreachable_endpoint(data):
    port = free_port()
    done = kg("push", "--endpoint", f"http://127.0.0.1:{port}/store", "--data", str(data))
    assert (done.returncode, done.stderr) == (
        1, f"Error: cannot reach http://127.0.0.1:{port}/store: [Errno 111] Connection refused\n")


@pytest.mark.parametrize(("args", "error"), [
    (("--endpoint", "ftp://example.org/store"),
     "Error: --endpoint 'ftp://example.org/store' is not an http(s) URL, e.g. http://127.0.0.1:7878/store"),
    (("--endpoint", "http://127.0.0.1:9/store", "--data", "{missing}"),
     "Error: {missing}/kg.nq: not found; build the graph first with `kg build` (or pass --data DIR)"),
    (("--endpoint", "http://127.0.0.1:9/store", "--data", "{broken}"),
     "Error: {broken}/kg.nq: not valid N-Quads: "),
])
def test_bad_arguments(args, error, tmp_path, data):
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "kg.nq").write_text("<http://a> <http://b> \"unterminated .\n", encoding="utf-8")
    values = {"missing": str(tmp_path / "missing"), "broken": str(broken)}
    done = kg("push", *(a.format(**values) for a in args), *(() if "--data" in args else ("--data", str(data))))
    assert done.returncode == 1
    assert done.stderr.startswith(error.format(**values))
    assert len(done.stderr.splitlines()) == 1


class _AuthStore(BaseHTTPRequestHandler):
    """A Graph Store endpoint that wants basic authentication as reader:s3cret and keeps what it gets."""

    received: list[tuple[str, str, int]] = []

    def log_message(self, *args) -> None:
        return

    def do_PUT(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        expected = "Basic " + base64.b64encode(b"reader:s3cret").decode()
        if self.headers.get("Authorization") != expected:
            self.send_response(401, "Unauthorized")
            self.send_header("WWW-Authenticate", 'Basic realm="kg"')
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        graph = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)["graph"][0]
        self.received.append((graph, self.headers["Content-Type"], body.count(b"\n")))
        self.send_response(201, "Created")
        self.send_header("Content-Length", "0")
        self.end_headers()


def test_basic_auth_from_environment(data):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _AuthStore)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    endpoint = f"http://127.0.0.1:{server.server_address[1]}/gsp"
    try:
        without = kg("push", "--endpoint", endpoint, "--data", str(data),
                     env={"KG_PUSH_USER": None, "KG_PUSH_PASSWORD": None})
        wrong = kg("push", "--endpoint", endpoint, "--data", str(data),
                   env={"KG_PUSH_USER": "reader", "KG_PUSH_PASSWORD": "nope"})
        right = kg("push", "--endpoint", endpoint, "--data", str(data),
                   env={"KG_PUSH_USER": "reader", "KG_PUSH_PASSWORD": "s3cret"})
    finally:
        server.shutdown()
        server.server_close()
    assert without.stderr == f"Error: HTTP 401 Unauthorized from {endpoint} while pushing <{DOC}>\n"
    assert wrong.stderr == f"Error: HTTP 401 Unauthorized from {endpoint} while pushing <{DOC}>\n"
    assert right.returncode == 0, right.stderr
    local = _local_counts()
    assert sorted(_AuthStore.received) == sorted(
        (g, "application/n-triples; charset=utf-8", n) for g, n in local.items())
    assert "s3cret" not in right.stderr


NAMED = sorted(p.stem for p in (ROOT / "kg" / "queries").glob("*.rq"))
#: Parameters for the named queries that need one: values the seed report names.
PARAMS = {"projects-by-status": ("status=under-construction",), "projects-in-place": ("place=金沙工业园",),
          "provenance": ("name=李韫哲",), "places-by-code": ("code=4418",), "relations-of": ("name=雷万兵",)}


def test_named_queries_give_the_same_rows_remotely(seed_build, tmp_path):
    """The built seed graph, pushed to Oxigraph, answers every named query as the local store does."""
    built = seed_build.path
    server = Oxigraph(tmp_path / "db")
    try:
        done = kg("push", "--endpoint", server.url + "/store", "--data", str(built))
        assert done.returncode == 0, done.stderr
        assert NAMED
        nonempty = 0
        for name in NAMED:
            params = [a for p in PARAMS.get(name, ()) for a in ("--param", p)]
            local = kg("query", name, *params, "--format", "csv", "--path", str(built))
            remote = kg("query", name, *params, "--format", "csv", "--endpoint", server.url + "/query")
            assert local.returncode == 0 and remote.returncode == 0, (name, local.stderr, remote.stderr)
            local_rows, remote_rows = local.stdout.splitlines(), remote.stdout.splitlines()
            assert local_rows[0] == remote_rows[0], name
            assert sorted(local_rows[1:]) == sorted(remote_rows[1:]), name
            nonempty += len(local_rows) > 1
        assert nonempty >= len(NAMED) // 2
    finally:
        server.stop()


def _readme_push_commands() -> list[tuple[str, list[str]]]:
    """The commands of the README's push example, each with the output lines shown under it."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("**Push to any SPARQL 1.1 Graph Store Protocol endpoint**")
    block = text[text.index("```console\n", start) + len("```console\n"):]
    block = block[:block.index("```")]
    commands: list[tuple[str, list[str]]] = []
    for line in block.splitlines():
        if line.startswith("$ "):
            commands.append((line[2:], []))
        else:
            commands[-1][1].append(line)
    return commands


def test_readme_push_then_query_returns_the_honours(seed_build, tmp_path):
    """The README's commands, run as written (only the port is a free one), in a folder holding the seed build."""
    import shlex

    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "kg").symlink_to(seed_build.path)
    port = str(free_port())
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    commands = [(c.replace("7879", port), shown) for c, shown in _readme_push_commands() if ":7878/" not in c]
    assert [c.split()[:2] for c, _ in commands] == [["oxigraph", "serve"], ["kg", "push"], ["kg", "query"]]
    (serve, _), (push, _), (query, shown) = commands
    assert serve.endswith(" &")
    server = subprocess.Popen(shlex.split(serve[:-2]), cwd=tmp_path, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        wait_listening(int(port))
        pushed = subprocess.run(push, shell=True, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
        assert pushed.returncode == 0, pushed.stderr
        answered = subprocess.run(query, shell=True, cwd=tmp_path, env=env, capture_output=True, text=True,
                                  timeout=120)
    finally:
        server.terminate()
        server.wait(timeout=20)
    local = kg("query", "honours", "--format", "csv", "--path", str(seed_build.path))
    assert local.returncode == 0
    rows = answered.stdout.splitlines()
    assert rows == local.stdout.splitlines()[:3] and len(rows) == 3
    assert rows == shown  # the README shows what the commands print
    assert answered.stderr == ""
