"""Serve the built graph as a read-only SPARQL 1.1 Protocol endpoint with a query page, offline.

Two processes work together:

* the Oxigraph server (``oxigraph serve-read-only``, from the ``oxigraph`` package) answers the
  queries. It needs an on-disk database, so ``kg.nq`` is first loaded with ``oxigraph load`` into a
  fresh temporary directory, which is removed when the server stops. It listens on an internal
  loopback port and refuses every update (HTTP 403); ``--timeout-s`` bounds each query.
* a small front (this module, standard library only) listens on the public address. It serves the
  query page — Oxigraph's bundled YASGUI, configured so that it never calls prefix.cc or the LOV web
  service as its defaults do — and hands every other request on to Oxigraph, after checking queries
  with :func:`kg.publish.guard.guard_query`: no federated ``SERVICE`` (Oxigraph would call any URL) and at
  most ``limit`` results (Oxigraph has no such cap).

The internal port is bound to 127.0.0.1 only; a local user who finds it reaches Oxigraph without
the front's checks (still read-only, still with the timeout).
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from ..errors import InputError, QueryError
from ..graph.vocab import PREFIXES

DEFAULT_PORT = 7878
DEFAULT_TIMEOUT = 30.0
DEFAULT_LIMIT = 10_000
_QUERY_PATHS = ("/query", "/sparql")
_HOP_BY_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer",
               "transfer-encoding", "upgrade", "host", "content-length", "server", "date"}
_EXAMPLE_QUERY = """PREFIX kg: <https://w3id.org/kg-cn/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?class (COUNT(?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class ORDER BY DESC(?n)"""


@dataclass(frozen=True, slots=True)
class ServeSettings:
    """What the front enforces and shows."""

    timeout: float
    limit: int | None


def oxigraph_executable() -> str:
    """Path of the ``oxigraph`` server program: next to this Python first (a virtualenv), then PATH.

    Raises ``InputError`` when it is not installed.
    """
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    found = shutil.which("oxigraph")
    if not found:
        raise InputError("the oxigraph server is not installed; install it with `pip install 'oxigraph>=0.5,<0.6'`")
    return found


def load_database(nquads: Path, location: Path) -> None:
    """Load an N-Quads file into a new on-disk Oxigraph database with ``oxigraph load``.

    Parameters: ``nquads`` the dataset file; ``location`` an empty directory for the database.
    Raises ``InputError`` when the file is missing or Oxigraph cannot load it.
    """
    if not nquads.is_file():
        raise InputError(f"{nquads}: not found; build the graph first with `kg build`")
    done = subprocess.run([oxigraph_executable(), "load", "--location", str(location), "--file", str(nquads)],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        lines = [ln for ln in done.stderr.splitlines() if ln.strip()]
        raise InputError(f"{nquads}: oxigraph cannot load it: {lines[0] if lines else 'exit ' + str(done.returncode)}")


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port that is free on ``host`` right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def _die_with_parent() -> None:
    """In the child: get SIGTERM when the parent dies, so no Oxigraph outlives a killed kg (Linux)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _query_page(settings: ServeSettings) -> bytes:
    template = (Path(__file__).resolve().parent.parent / "data" / "serve" / "query.html").read_text(encoding="utf-8")
    config = json.dumps({"limit": settings.limit, "timeout": settings.timeout, "example": _EXAMPLE_QUERY},
                        ensure_ascii=False).replace("</", "<\\/")
    return template.replace("__CONFIG__", config).encode("utf-8")


def _prefix_table() -> bytes:
    return json.dumps(dict(sorted(PREFIXES.items())), ensure_ascii=False).encode("utf-8")


class _Front(BaseHTTPRequestHandler):
    """Serves the query page and hands everything else to Oxigraph, checking queries on the way."""

    server_version = "kg-serve"
    backend: tuple[str, int]
    settings: ServeSettings
    page: bytes
    prefixes: bytes

    def log_message(self, format: str, *args) -> None:  # the library never prints
        return

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _refuse(self, status: int, message: str) -> None:
        self._send(status, (message + "\n").encode("utf-8"), "text/plain; charset=utf-8")

    def do_GET(self) -> None:
        self._handle()

    def do_HEAD(self) -> None:
        self._handle()

    def do_POST(self) -> None:
        self._handle()

    def do_PUT(self) -> None:
        self._handle()

    def do_DELETE(self) -> None:
        self._handle()

    def do_PATCH(self) -> None:
        self._handle()

    def _handle(self) -> None:
        split = urllib.parse.urlsplit(self.path)
        if self.command in ("GET", "HEAD") and split.path in ("/", "/index.html"):
            return self._send(200, self.page, "text/html; charset=utf-8")
        if self.command in ("GET", "HEAD") and split.path == "/prefixes.json":
            return self._send(200, self.prefixes, "application/json")
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            return self._refuse(411, "Error: send the request body with a Content-Length")
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        target = self.path
        if split.path in _QUERY_PATHS:
            try:
                target, body = self._guarded(split, body)
            except QueryError as e:
                return self._refuse(400, f"Error: {e}")
        self._forward(target, body)

    def _guarded(self, split: urllib.parse.SplitResult, body: bytes) -> tuple[str, bytes]:
        """Check (and cap) the query wherever the SPARQL protocol lets it travel."""
        limit = self.settings.limit
        params = urllib.parse.parse_qsl(split.query, keep_blank_values=True)
        if any(k == "query" for k, _ in params):
            params = [(k, guard_query_text(v, limit) if k == "query" else v) for k, v in params]
            return urllib.parse.urlunsplit(split._replace(query=urllib.parse.urlencode(params))), body
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if self.command == "POST" and ctype == "application/x-www-form-urlencoded":
            form = urllib.parse.parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)
            form = [(k, guard_query_text(v, limit) if k == "query" else v) for k, v in form]
            return self.path, urllib.parse.urlencode(form).encode("utf-8")
        if self.command == "POST" and ctype == "application/sparql-query":
            return self.path, guard_query_text(body.decode("utf-8", "replace"), limit).encode("utf-8")
        return self.path, body

    def _forward(self, target: str, body: bytes) -> None:
        conn = http.client.HTTPConnection(*self.backend, timeout=self.settings.timeout + 30)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_BY_HOP}
        if body or self.command in ("POST", "PUT", "PATCH"):
            headers["Content-Length"] = str(len(body))
        try:
            conn.request(self.command, target, body=body or None, headers=headers)
            reply = conn.getresponse()
            self.send_response(reply.status, reply.reason)
            for key, value in reply.getheaders():
                if key.lower() not in _HOP_BY_HOP:
                    self.send_header(key, value)
            self.end_headers()  # HTTP/1.0: the end of the body is the end of the connection
            while chunk := reply.read(65536):
                self.wfile.write(chunk)
        except (OSError, http.client.HTTPException) as e:
            try:
                self._refuse(502, f"Error: the SPARQL server did not answer: {e}")
            except OSError:
                pass
        finally:
            conn.close()


def guard_query_text(query: str, limit: int | None) -> str:
    """:func:`kg.publish.guard.guard_query`, imported late so ``kg --help`` stays fast."""
    from .guard import guard_query

    return guard_query(query, limit=limit)


class Server:
    """A running ``kg serve``: Oxigraph on an internal port and the front on the public one.

    Use :func:`start`; call :meth:`stop` (or use it as a context manager) to end both and remove the
    temporary database.
    """

    def __init__(self, front: ThreadingHTTPServer, child: subprocess.Popen, workdir: Path, url: str) -> None:
        self._front = front
        self._child = child
        self._workdir = workdir
        self.url = url
        self._thread = threading.Thread(target=front.serve_forever, name="kg-serve-front", daemon=True)
        self._thread.start()

    def wait(self) -> int:
        """Block until the Oxigraph process ends; return its exit status."""
        return self._child.wait()

    def stop(self) -> None:
        """Stop the front and Oxigraph and remove the temporary database. Safe to call twice."""
        self._front.shutdown()
        self._front.server_close()
        if self._child.poll() is None:
            self._child.terminate()
            try:
                self._child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._child.kill()
                self._child.wait()
        shutil.rmtree(self._workdir, ignore_errors=True)

    def __enter__(self) -> "Server":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def _wait_until_listening(child: subprocess.Popen, port: int, deadline: float) -> None:
    while time.monotonic() < deadline:
        if child.poll() is not None:
            raise InputError(f"the oxigraph server stopped at start (exit {child.returncode})")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise InputError("the oxigraph server did not start listening within 30 s")


def start(data: Path | str = "data/kg", *, host: str = "127.0.0.1", port: int = DEFAULT_PORT,
          timeout: float = DEFAULT_TIMEOUT, limit: int | None = DEFAULT_LIMIT) -> Server:
    """Load ``<data>/kg.nq`` into a temporary database and start serving it read-only.

    Parameters: ``data`` the directory ``kg build`` wrote; ``host``/``port`` the public address
    (``port=0`` picks a free one); ``timeout`` seconds a query may run; ``limit`` the most results a
    query may return (``None``: no cap).

    Returns the running :class:`Server`; its ``url`` is the query page, ``url + "query"`` the
    SPARQL endpoint. The default graph is the union of all named graphs.

    Raises ``InputError`` when the data is missing or unloadable, the port is taken, or Oxigraph
    does not start.
    """
    if timeout <= 0:
        raise InputError(f"--timeout must be positive, not {timeout}")
    if limit is not None and limit < 1:
        raise InputError(f"--limit must be at least 1, not {limit}")
    nquads = Path(data) / "kg.nq"
    if not nquads.is_file():
        raise InputError(f"{nquads}: not found; build the graph first with `kg build` (or pass --data DIR)")
    settings = ServeSettings(timeout=timeout, limit=limit)
    handler = type("Front", (_Front,), {"settings": settings, "page": _query_page(settings),
                                        "prefixes": _prefix_table()})
    try:
        front = ThreadingHTTPServer((host, port), handler)
    except OSError as e:
        raise InputError(f"cannot listen on {host}:{port}: {e.strerror}; choose another --port") from e
    front.daemon_threads = True
    workdir = Path(tempfile.mkdtemp(prefix="kg-serve-"))
    child = None
    try:
        from ..graph.store import store_status

        status = store_status(Path(data))  # the build's own store, read in place, when it is fresh
        if status.fresh:
            location, union = status.directory, []
        else:
            load_database(nquads, workdir / "db")
            location, union = workdir / "db", ["--union-default-graph"]
        inner = free_port()
        handler.backend = ("127.0.0.1", inner)
        child = subprocess.Popen(
            [oxigraph_executable(), "serve-read-only", "--location", str(location),
             "--bind", f"127.0.0.1:{inner}", "--timeout-s", str(max(1, round(timeout))), *union],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            # its own session: a terminal's Ctrl-C reaches kg, which then stops Oxigraph in order
            start_new_session=True, preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None)
        _wait_until_listening(child, inner, time.monotonic() + 30)
    except BaseException as e:  # including Ctrl-C while loading: leave nothing behind
        front.server_close()
        if child is not None and child.poll() is None:
            child.kill()
            child.wait()
        shutil.rmtree(workdir, ignore_errors=True)
        if not isinstance(e, OSError):
            raise
        raise InputError(f"cannot start the oxigraph server: {e}") from e
    shown = f"[{host}]" if ":" in host else host
    return Server(front, child, workdir, f"http://{shown}:{front.server_address[1]}/")
