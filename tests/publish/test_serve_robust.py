"""kg serve under attack and load: crashing queries, runaway queries, 200 clients, thousands of malformed requests.

Everything runs against real ``kg serve`` and ``oxigraph`` processes on 127.0.0.1; each test is bounded in the
number of requests and in time.
"""

from __future__ import annotations

import http.client
import json
import os
import random
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from kg.publish.engines import oxigraph_executable
from kg.publish.serve import free_port, load_database
from tests.conftest import ROOT
from tests.publish_fixture import write_fixture
from tests.serve_fixture import Served, post, wait_listening

VILLAGES = ("PREFIX kg: <https://w3id.org/kg-cn/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
            "SELECT ?name WHERE { ?v a kg:Village ; rdfs:label ?name FILTER(langMatches(lang(?name), 'zh-Hans')) } "
            "ORDER BY ?name")
#: The two queries of the issue that abort Oxigraph 0.5.13's server.  Whether a sort over the seed graph's mixed
#: terms trips the check of Rust's sort depends on the data, so the seed's case tries a few such sorts, one after
#: the other, until the server dies (each graph of the seed so far killed it with one of them).
MIXED_ORDER = "SELECT ?o { ?s ?p ?o } ORDER BY ?o LIMIT 5"
MIXED_ORDERS = (MIXED_ORDER, "SELECT ?o { ?s ?p ?o FILTER(!isIRI(?o)) } ORDER BY ?o LIMIT 5",
                "SELECT ?o { ?s ?p ?o } ORDER BY DESC(?o) LIMIT 5")
MANY_ORS = "SELECT ?s { ?s ?p ?o FILTER(" + " || ".join(f"?o = {i}" for i in range(10_000)) + ") } LIMIT 1"
#: A sort over numbers and strings interleaved: more than 20 values make Rust's sort check its order and panic.
MIXED_VALUES = "SELECT ?o { VALUES ?o { " + " ".join(str(i) if i % 2 else f'"{i}"' for i in range(40)) + " } } ORDER BY ?o"
#: Ten thousand negations: a stack overflow in Oxigraph that the grammar check does not see (not SPARQL 1.1).
NEGATIONS = "SELECT ?s { ?s ?p ?o FILTER(" + "!" * 10_000 + "BOUND(?o)) } LIMIT 1"
CROSS_COUNT = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
CROSS_ORDER = "SELECT ?a ?d ?g { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l } ORDER BY ?a ?d ?g LIMIT 5"


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    return write_fixture(tmp_path_factory.mktemp("kg"))


def villages(status: int, body: bytes) -> list[str]:
    assert status == 200, body
    return [b["name"]["value"] for b in json.loads(body)["results"]["bindings"]]


# ------------------------------------------------------------------------------------------- crashes
@pytest.mark.upstream("oxigraph/oxigraph#1542")
@pytest.mark.parametrize("queries, on_seed", [((MIXED_VALUES,), False), ((MANY_ORS,), False), (MIXED_ORDERS, True)],
                         ids=["mixed-values", "many-ors", "mixed-order-on-the-seed-graph"])
def test_upstream_oxigraph_still_aborts_on_these_queries(queries, on_seed, data, seed_build, tmp_path):
    """The raw Oxigraph server dies on each of these queries. When this test fails, Oxigraph was fixed: drop the
    screening in kg/publish/guard.py (mixed ORDER BY keys, MAX_DEPTH) that works around it."""
    load_database((seed_build.path if on_seed else data) / "kg.nq", tmp_path / "db")
    port = free_port()
    proc = subprocess.Popen([oxigraph_executable(), "serve-read-only", "--location", str(tmp_path / "db"),
                             "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_listening(port)
        for query in queries:
            try:
                post(f"http://127.0.0.1:{port}/query", {"query": query})
            except (ConnectionError, http.client.HTTPException):
                break
        else:
            pytest.fail("the raw server answered every query: is oxigraph/oxigraph#1542 fixed?")
        assert proc.wait(timeout=30) == -6, "the raw server survived: is oxigraph/oxigraph#1542 fixed?"
        reason = proc.stderr.read()
        assert b"does not correctly implement a total order" in reason or b"overflowed its stack" in reason
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        proc.stderr.close()


def test_the_crashing_queries_of_the_issue_get_an_error_and_the_server_goes_on(data, tmp_path):
    server = Served(data, tmp_path)
    try:
        for query, reason in ((MIXED_ORDER, "ORDER BY ?o may compare numbers or dates with other literals"),
                              (MIXED_VALUES, "ORDER BY ?o may compare numbers or dates with other literals"),
                              (MANY_ORS, "the query nests 10006 levels deep; this endpoint takes at most 500")):
            status, body = post(server.url + "query", {"query": query})
            assert (status, body.decode()[:len(reason) + 7]) == (400, f"Error: {reason}")
            assert villages(*post(server.url + "query", {"query": VILLAGES})) == ["松塘村", "洞尾村"]
    finally:
        assert server.stop() == 0
    assert "Traceback" not in server.log


def test_a_query_that_crashes_an_engine_is_reported_remembered_and_refused(data, tmp_path):
    server = Served(data, tmp_path, "--engines", "2")
    try:
        before = set(server.engines())
        assert len(before) == 2
        status, body = post(server.url + "query", {"query": NEGATIONS})
        text = body.decode()
        assert status == 500 and text.startswith("Error: this query (#") and "crashed the SPARQL engine" in text
        digest = text.split("#", 1)[1][:12]
        # the store is back within a second, and the next query is answered
        deadline = time.monotonic() + 1.0
        while len(server.engines()) < 2 and time.monotonic() < deadline:
            time.sleep(0.02)
        after = set(server.engines())
        assert len(after) == 2 and len(before - after) == 1
        assert villages(*post(server.url + "query", {"query": VILLAGES})) == ["松塘村", "洞尾村"]
        # refused on sight from now on: no engine dies again
        status, body = post(server.url + "query", {"query": NEGATIONS})
        assert (status, body.decode()) == (400, f"Error: this query (#{digest}) crashed the SPARQL engine earlier "
                                                "in this run; it is refused until the endpoint restarts\n")
        assert set(server.engines()) == after
    finally:
        assert server.stop() == 0
    log = server.log
    assert f"query #{digest} crashed the SPARQL engine (exit status -6) (stack overflow)" in log
    assert "Traceback" not in log


# ------------------------------------------------------------------------------------------- timeouts
def _cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time of processes so far (those that ended count nothing more)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


@pytest.mark.parametrize("query", [CROSS_COUNT, CROSS_ORDER], ids=["count", "order-by"])
def test_timeout_answers_504_in_time_and_the_engine_stops_working(query, data, tmp_path):
    server = Served(data, tmp_path, "--timeout", "2", "--engines", "2")
    busy: list[float] = []

    def sample(stop: threading.Event) -> None:  # the CPU the engines use while the query runs, in cores
        while not stop.is_set():
            pids = server.engines()
            first, start = _cpu_seconds(pids), time.monotonic()
            time.sleep(0.25)
            busy.append((_cpu_seconds(pids) - first) / (time.monotonic() - start))

    try:
        stop = threading.Event()
        sampler = threading.Thread(target=sample, args=(stop,))
        sampler.start()
        started = time.monotonic()
        status, body = post(server.url + "query", {"query": query})
        took = time.monotonic() - started
        stop.set()
        sampler.join()
        assert (status, body.decode()) == (504, "Error: the query ran longer than 2 s and was stopped\n")
        assert took < 3.0, took
        # (a fifth of a core at least: the machine is shared, the engine may not get a whole one)
        assert max(busy) > 0.2, f"the engine should have worked on the query: {busy}"
        # within 5 s the engines are idle again: the runaway one was killed, its replacement waits
        idle_after = None
        while time.monotonic() - started - took < 5.0:
            pids = server.engines()
            first, t0 = _cpu_seconds(pids), time.monotonic()
            time.sleep(0.5)
            if (_cpu_seconds(pids) - first) / (time.monotonic() - t0) < 0.05:
                idle_after = time.monotonic() - started - took
                break
        assert idle_after is not None and idle_after <= 5.0, f"still busy {time.monotonic() - started - took:.1f} s after"
        assert villages(*post(server.url + "query", {"query": VILLAGES})) == ["松塘村", "洞尾村"]
    finally:
        assert server.stop() == 0
    assert "stopped after 2.0 s (--timeout 2)" in server.log and "Traceback" not in server.log


# ------------------------------------------------------------------------------------------- many clients
def test_200_parallel_clients_get_200_or_503_and_never_a_reset(data, tmp_path):
    server = Served(data, tmp_path)
    queries = [VILLAGES, "ASK { ?s ?p ?o }", "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }",
               "SELECT ?s { ?s a ?c } LIMIT 3", VILLAGES]
    statuses: list[int] = []
    failures: list[str] = []
    wrong: list[str] = []
    gate = threading.Barrier(200)

    def client() -> None:
        gate.wait()
        for query in queries:
            body = urllib.parse.urlencode({"query": query}).encode()
            conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
            try:
                conn.request("POST", "/query", body=body, headers={
                    "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"})
                reply = conn.getresponse()
                data = reply.read()
                statuses.append(reply.status)
                if reply.status == 200 and query == VILLAGES and villages(200, data) != ["松塘村", "洞尾村"]:
                    wrong.append(data.decode()[:200])
            except (OSError, http.client.HTTPException) as e:
                failures.append(f"{type(e).__name__}: {e}")
            finally:
                conn.close()

    try:
        threads = [threading.Thread(target=client) for _ in range(200)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=300)
    finally:
        assert server.stop() == 0
    assert failures == []
    assert len(statuses) == 1000 and set(statuses) <= {200, 503}
    assert statuses.count(200) >= 500
    assert wrong == []
    assert "Traceback" not in server.log


# ------------------------------------------------------------------------------------------- malformed requests
def _malformed(rng: random.Random, port: int) -> bytes:
    """One request, more or less broken, as raw bytes."""
    method = rng.choice(["GET", "POST", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "CONNECT",
                         "BREW", "G\x00T", "", "P" * 300, "get"])
    path = rng.choice(["/", "/query", "/query", "/sparql", "/store", "/update", "/index.html", "/yasgui.min.js",
                       "/../../etc/passwd", "/%00", "/query?query=%ff%fe", "/query?query=SELECT%20*%20%7B",
                       "/query?query=" + urllib.parse.quote(VILLAGES), "//", "*", "http://127.0.0.1/query",
                       "/query?" + "a=1&" * 2000, "/" + "x" * rng.choice([10, 5000, 20000]), "/\u00e9\u4e2d",
                       "/query?query=ASK%7B%7D&query=ASK%7B%7D", "/store?graph=http://x"])
    version = rng.choice(["HTTP/1.1", "HTTP/1.1", "HTTP/1.0", "HTTP/2.0", "HTTP/9", "XYZ", ""])
    headers = [f"Host: 127.0.0.1:{port}"]
    body = rng.choice([b"", b"query=ASK%7B%7D", b"query=%ff%fe", b"ASK {}", b"SELECT * { ?s ?p ?o ",
                       bytes(rng.getrandbits(8) for _ in range(rng.choice([1, 50, 3000]))),
                       ("query=" + urllib.parse.quote(VILLAGES)).encode(), "query=选择".encode("gb18030"),
                       b"\xef\xbb\xbfASK {}", "ASK { ?s ?p \"é\" }".encode("latin-1")])
    length = rng.choice([str(len(body)), str(len(body)), "abc", "-5", "99999999999999999999", "1e3", "",
                         str(len(body) + 10), str(max(0, len(body) - 1)), f"{len(body)}, {len(body)}", None])
    if length is not None:
        headers.append(f"Content-Length: {length}")
    headers.append("Content-Type: " + rng.choice(["application/x-www-form-urlencoded", "application/sparql-query",
                                                   "text/plain", "multipart/form-data; boundary=x", "",
                                                   "application/sparql-query; charset=latin-1"]))
    if rng.random() < 0.15:
        headers.append("Transfer-Encoding: " + rng.choice(["chunked", "gzip", "chunked, chunked", "x"]))
        body = rng.choice([b"5\r\nASK {\r\n1\r\n}\r\n0\r\n\r\n", b"zz\r\nxx\r\n", b"ffffffffff\r\n", body])
    if rng.random() < 0.1:
        headers.append("X-Big: " + "a" * rng.choice([100, 20_000, 70_000]))
    if rng.random() < 0.1:
        headers.extend(f"X-{i}: {i}" for i in range(rng.choice([10, 200])))
    if rng.random() < 0.1:
        headers.append(rng.choice(["no colon here", "Bad\x00Name: v", ": empty", "Accept: \xff\xfe", " folded"]))
    headers.append("Accept: " + rng.choice(["application/sparql-results+json", "text/csv", "*/*", "x/y", ""]))
    head = f"{method} {path} {version}\r\n" + "\r\n".join(headers) + "\r\n\r\n"
    raw = head.encode("utf-8", "surrogateescape") + body
    cut = rng.random()
    return raw[: rng.randrange(len(raw))] if cut < 0.1 else raw


def test_5000_malformed_requests_leave_the_server_up_without_a_traceback(data, tmp_path):
    server = Served(data, tmp_path, "--timeout", "5")
    counts: dict[str, int] = {}
    lock = threading.Lock()

    def worker(seed: int, n: int) -> None:
        rng = random.Random(seed)
        for _ in range(n):
            raw = _malformed(rng, server.port)
            outcome = "no answer"
            try:
                with socket.create_connection(("127.0.0.1", server.port), timeout=5) as s:
                    s.settimeout(3)
                    s.sendall(raw)
                    s.shutdown(socket.SHUT_WR)  # a request cut short ends here: the server must not wait on it
                    first = s.recv(64)
                    if first.startswith(b"HTTP/1.1 "):
                        outcome = first[9:12].decode()
            except ConnectionResetError:
                outcome = "reset"
            except OSError as e:
                outcome = type(e).__name__
            with lock:
                counts[outcome] = counts.get(outcome, 0) + 1

    try:
        threads = [threading.Thread(target=worker, args=(seed, 1250)) for seed in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=600)
        assert server.proc.poll() is None, "the server died"
        assert villages(*post(server.url + "query", {"query": VILLAGES})) == ["松塘村", "洞尾村"]
        assert len(server.engines()) >= 2
    finally:
        assert server.stop() == 0
    assert sum(counts.values()) == 5000
    answered = {k: v for k, v in counts.items() if k.isdigit()}
    assert sum(answered.values()) > 4000, counts
    assert all(int(k) < 500 or k in ("503",) for k in answered), counts  # never a server error
    assert {"200", "400", "403", "404", "405"} <= set(answered), counts
    assert "Traceback" not in server.log and "Exception" not in server.log, server.log[-2000:]


def test_request_limits_and_refusals(data, tmp_path):
    server = Served(data, tmp_path, "--limit", "5")

    def raw(request: bytes) -> tuple[int, bytes]:
        with socket.create_connection(("127.0.0.1", server.port), timeout=10) as s:
            s.sendall(request)
            reply = b""
            try:
                while chunk := s.recv(65536):
                    reply += chunk
                    if b"\r\n\r\n" in reply:
                        head, _, rest = reply.partition(b"\r\n\r\n")
                        length = [int(line.split(b":")[1]) for line in head.split(b"\r\n")
                                  if line.lower().startswith(b"content-length:")]
                        if length and len(rest) >= length[0]:
                            break
            except ConnectionResetError:
                pass
        head, _, body = reply.partition(b"\r\n\r\n")
        return int(head[9:12]), body

    try:
        # (no body bytes after a refused head: unread bytes would make the server's close a reset)
        for length in (b"abc", b"-5"):
            status, _ = raw(b"POST /query HTTP/1.1\r\nHost: x\r\nContent-Length: " + length + b"\r\n\r\n")
            assert status == 400
        # 50 MB is refused from its Content-Length, before it is sent
        status, body = raw(b"POST /query HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                           b"Content-Length: 52428800\r\n\r\n")
        assert (status, body) == (413, b"Error: the request body is larger than 1,048,576 bytes\n")
        status, body = raw(b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 100_000 + b"\r\n\r\n")
        assert (status, body) == (431, b"Error: the request headers are larger than 16 KiB\n")
        status, body = raw(b"GET /query?query=" + b"a" * 100_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
        assert (status, body) == (414, b"Error: the URL is longer than 64 KiB; POST long queries\n")
        status, body = raw(b"GET /store HTTP/1.1\r\nHost: x\r\n\r\n")
        assert status == 403 and body.startswith(b"Error: whole graphs are not served here")
        status, body = raw(b"GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n")
        assert (status, body) == (404, b"Error: not found; the SPARQL endpoint is /query and the query page is /\n")
        status, body = raw(b"DELETE /query HTTP/1.1\r\nHost: x\r\n\r\n")
        assert (status, body) == (405, b"Error: /query takes GET or POST\n")
        status, body = raw(b"GET /query?query=%ff HTTP/1.1\r\nHost: x\r\n\r\n")
        assert (status, body) == (400, b"Error: the URL query string is not UTF-8 once percent-decoded\n")
        status, body = raw(b"POST /query HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 6\r\n"
                           b"\r\nASK {}")
        assert (status, body) == (400, b"Error: send the query as application/sparql-query or "
                                       b"application/x-www-form-urlencoded, not text/plain\n")
        status, body = post(server.url + "query", {"query": "INSERT DATA { <http://a> <http://b> <http://c> }"})
        assert (status, body) == (400, b"Error: this is a SPARQL update; the endpoint is read-only and answers "
                                       b"queries only\n")
        # no answer names an engine's port
        ports = {str(p) for p in _engine_ports(server)}
        for query in ("SELECT * { ?s ?p }", "SELECT * { ?s ?p ?o } LIMIT 50", NEGATIONS):
            _, body = post(server.url + "query", {"query": query})
            assert not any(p in body.decode("utf-8", "replace") for p in ports)
    finally:
        assert server.stop() == 0
    assert "Traceback" not in server.log


def _engine_ports(server: Served) -> list[int]:
    return [int(cmd.split("--bind 127.0.0.1:")[1].split()[0]) for _, cmd in server.engine_processes()]


# ------------------------------------------------------------------------------------------- kg query
def test_kg_query_never_calls_a_service_itself(data, tmp_path):
    """A SERVICE query through `kg query --endpoint` (and locally) makes no connection from this machine."""
    server = Served(data, tmp_path)
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    target = f"http://127.0.0.1:{listener.getsockname()[1]}/sparql"
    query = f"SELECT * {{ SERVICE <{target}> {{ ?s ?p ?o }} }}"
    try:
        remote = subprocess.run([sys.executable, "-m", "kg", "query", query, "--endpoint", server.url + "query"],
                                cwd=ROOT, capture_output=True, text=True, timeout=60)
        local = subprocess.run([sys.executable, "-m", "kg", "query", query, "--path", str(data)],
                               cwd=ROOT, capture_output=True, text=True, timeout=60)
        listener.settimeout(0.5)
        with pytest.raises(TimeoutError):
            listener.accept()
        # with --allow-service the local run does call it: the check above can fail
        allowed = subprocess.Popen([sys.executable, "-m", "kg", "query", query, "--path", str(data),
                                    "--allow-service"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        listener.settimeout(60)
        conn, _ = listener.accept()
        conn.close()
        allowed.communicate(timeout=60)
    finally:
        listener.close()
        server.stop()
    assert (remote.returncode, remote.stderr) == (1, f"Error: endpoint {server.url}query answered HTTP 400 Bad "
                                                     "Request: Error: federated SERVICE queries are disabled on this "
                                                     "endpoint; query the local data only\n")
    assert (local.returncode, local.stderr) == (1, "Error: the query calls a federated SERVICE (another SPARQL "
                                                   "endpoint over the network); kg query runs it only with "
                                                   "--allow-service\n")


def test_kg_query_endpoint_gives_up_at_its_timeout(tmp_path):
    """An endpoint that accepts the connection and never answers: `kg query` stops at --timeout."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)
    endpoint = f"http://127.0.0.1:{listener.getsockname()[1]}/query"
    try:
        started = time.monotonic()
        done = subprocess.run([sys.executable, "-m", "kg", "query", "ASK {}", "--endpoint", endpoint,
                               "--timeout", "1.5"], cwd=ROOT, capture_output=True, text=True, timeout=60)
        took = time.monotonic() - started
    finally:
        listener.close()
    assert (done.returncode, done.stderr) == (1, f"Error: endpoint {endpoint} did not answer within 1.5 s (--timeout)\n")
    assert took < 20  # the interpreter's start included; without the timeout it would wait forever


def test_a_full_waiting_line_gets_503_with_retry_after(data, tmp_path):
    server = Served(data, tmp_path, "--engines", "1", "--queue", "0", "--timeout", "3")
    try:
        runaway = threading.Thread(target=post, args=(server.url + "query", {"query": CROSS_COUNT}))
        runaway.start()
        time.sleep(0.5)  # the only engine is taken
        request = urllib.request.Request(server.url + "query", data=urllib.parse.urlencode({"query": VILLAGES}).encode())
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=30)
        runaway.join()
        assert refused.value.code == 503 and refused.value.headers["Retry-After"] == "1"
        assert refused.value.read() == (b"Error: every SPARQL engine is busy and the waiting line is full; "
                                        b"try again shortly\n")
        deadline = time.monotonic() + 2  # the runaway's engine is being replaced; nobody may wait meanwhile
        while (answer := post(server.url + "query", {"query": VILLAGES}))[0] == 503 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert villages(*answer) == ["松塘村", "洞尾村"]
    finally:
        assert server.stop() == 0


def test_a_client_that_leaves_stops_its_query(data, tmp_path):
    """Oxigraph would go on with a query whose client left (for minutes, on a cross product): its engine is
    replaced as soon as the client is gone, long before --timeout."""
    server = Served(data, tmp_path, "--timeout", "60", "--engines", "2")
    try:
        body = urllib.parse.urlencode({"query": CROSS_ORDER}).encode()
        with socket.create_connection(("127.0.0.1", server.port), timeout=10) as s:
            s.sendall(b"POST /query HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                      b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
            time.sleep(1.0)
            pids = server.engines()
            first = _cpu_seconds(pids)
            started = time.monotonic()  # on a loaded machine the engine may get its first CPU late
            while _cpu_seconds(pids) - first <= 0.2 and time.monotonic() - started < 10:
                time.sleep(0.1)
            assert _cpu_seconds(pids) - first > 0.2, "an engine should be working on the query"
        left = time.monotonic()
        while time.monotonic() - left < 5.0:
            pids = server.engines()
            first = _cpu_seconds(pids)
            time.sleep(0.5)
            if _cpu_seconds(pids) - first < 0.025:
                break
        assert time.monotonic() - left < 5.0
        assert villages(*post(server.url + "query", {"query": VILLAGES})) == ["松塘村", "洞尾村"]
    finally:
        assert server.stop() == 0
    assert "(a client left before its answer)" in server.log and "Traceback" not in server.log


def test_connections_that_never_send_a_request_are_closed(data, tmp_path):
    """Idle connections cannot hold the server's places: a request head must arrive within 5 s."""
    server = Served(data, tmp_path)
    try:
        idle = [socket.create_connection(("127.0.0.1", server.port), timeout=10) for _ in range(20)]
        idle[0].sendall(b"GET / HT")  # a head begun and never finished
        started = time.monotonic()
        for s in idle:
            assert s.recv(1) == b""  # closed by the server
            s.close()
        assert 4.5 < time.monotonic() - started < 15
        assert villages(*post(server.url + "query", {"query": VILLAGES})) == ["松塘村", "洞尾村"]
    finally:
        assert server.stop() == 0
    assert "Traceback" not in server.log
