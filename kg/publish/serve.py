"""Serve the built graph as a read-only SPARQL 1.1 Protocol endpoint with a query page, offline.

Two kinds of process work together:

* Oxigraph servers (``oxigraph serve-read-only`` from the ``oxigraph`` package) answer the queries, a few of them
  over one on-disk database, each running one query at a time (:mod:`kg.publish.engines`): a crash or a
  runaway query costs one process, which is replaced within a second.  The database is either given
  (``location``) or made from ``kg.nq`` in a temporary directory that is removed when the server stops; its
  default graph holds the merge of the named graphs, each triple once.
* the front (:mod:`kg.publish.front`), an ASGI application run by uvicorn on the public address, serves the
  query page — Oxigraph's bundled YASGUI, set up to never call prefix.cc or the LOV web service, listing the kg
  named queries — and checks each query before an engine sees it (:func:`kg.publish.guard.guard_query`).

The engines listen on loopback ports; a local user who finds one reaches Oxigraph without the front's checks
(still read-only).
"""

from __future__ import annotations

import asyncio
import json
import shutil
import socket
import subprocess
import tempfile
import threading
from pathlib import Path

from ..errors import InputError
from ..graph.vocab import PREFIXES
from .engines import EnginePool, free_port, oxigraph_executable

__all__ = ["DEFAULT_PORT", "DEFAULT_TIMEOUT", "DEFAULT_LIMIT", "Server", "start", "load_database", "free_port",
           "oxigraph_executable", "default_engines"]

DEFAULT_PORT = 7878
DEFAULT_TIMEOUT = 30.0
DEFAULT_LIMIT = 10_000
DEFAULT_WAITING = 256
_EXAMPLE_QUERY = "SELECT ?class (COUNT(?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class ORDER BY DESC(?n)"


def default_engines() -> int:
    """How many Oxigraph processes serve by default: two per CPU (an engine sending its answer leaves its CPU to
    another), at least 2 and at most 8."""
    import os

    return max(2, min(8, 2 * (os.cpu_count() or 1)))


def load_database(nquads: Path, location: Path) -> None:
    """Load an N-Quads file into a new on-disk Oxigraph database, with the merge of its named graphs as default
    graph (each triple once), using the ``oxigraph`` command.

    Parameters: ``nquads`` the dataset file; ``location`` an empty directory for the database.
    Raises ``InputError`` when the file is missing or Oxigraph cannot load it.
    """
    if not nquads.is_file():
        raise InputError(f"{nquads}: not found; build the graph first with `kg build`")
    steps = (["load", "--location", str(location), "--file", str(nquads)],
             ["update", "--location", str(location), "--update", "INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"])
    for step in steps:
        done = subprocess.run([oxigraph_executable(), *step], capture_output=True, text=True, check=False)
        if done.returncode != 0:
            lines = [ln for ln in done.stderr.splitlines() if ln.strip()]
            raise InputError(f"{nquads}: oxigraph cannot load it: {lines[0] if lines else 'exit ' + str(done.returncode)}")


def _build_store(data: Path | str) -> Path | None:
    """The store of the build in ``data`` when it is as new as its ``kg.nq`` (see :mod:`kg.graph.store`)."""
    from ..graph.store import store_status

    status = store_status(Path(data))
    return status.directory if status.fresh else None


def _default_graph_is_empty(location: Path) -> bool:
    """Whether a database's default graph is empty (then queries get the union of the named graphs)."""
    import pyoxigraph as ox

    try:
        store = ox.Store.read_only(str(location))
    except (OSError, ValueError) as e:
        raise InputError(f"{location}: not an Oxigraph database ({e})") from e
    try:
        return next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is None
    finally:
        del store


def _query_page(timeout: float, limit: int | None) -> bytes:
    from ..graph.query import named_queries, prefix_header

    template = (Path(__file__).resolve().parent.parent / "data" / "serve" / "query.html").read_text(encoding="utf-8")
    queries = [{"name": q.name, "question": q.question, "text": prefix_header(q.text) + q.text,
                "params": [p.name for p in q.params if p.default is None]} for q in named_queries().values()]
    config = json.dumps({"limit": limit, "timeout": timeout, "example": prefix_header() + _EXAMPLE_QUERY,
                         "queries": queries}, ensure_ascii=False).replace("</", "<\\/")
    return template.replace("__CONFIG__", config).encode("utf-8")


def _prefix_table() -> bytes:
    return json.dumps(dict(sorted(PREFIXES.items())), ensure_ascii=False).encode("utf-8")


class Server:
    """A running ``kg serve``: the front on the public port, the Oxigraph engines on loopback ports.

    Use :func:`start`; call :meth:`stop` (or use it as a context manager) to end everything and remove the
    temporary database.
    """

    def __init__(self) -> None:
        self.url = ""
        self.workdir: Path | None = None
        self.location: Path | None = None
        self.pool: EnginePool | None = None
        self.front = None
        self._uvicorn = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._failure: BaseException | None = None

    def engine_pids(self) -> list[int]:
        """Process ids of the Oxigraph processes running now."""
        return list(self.pool.pids()) if self.pool is not None else []

    def wait(self) -> int:
        """Block until the server stops; 0 when it was stopped, 1 when it failed."""
        assert self._thread is not None
        self._thread.join()
        return 1 if self._failure is not None else 0

    def stop(self) -> None:
        """Stop the front and the engines and remove the temporary database. Safe to call twice."""
        if self._uvicorn is not None:
            self._uvicorn.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=30)
        if self.workdir is not None:
            shutil.rmtree(self.workdir, ignore_errors=True)
            self.workdir = None

    def __enter__(self) -> "Server":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    # ------------------------------------------------------------------------------------------ the loop
    def _run(self, sock: socket.socket, config: dict) -> None:
        try:
            asyncio.run(self._serve(sock, config))
        except BaseException as e:  # reported by start() or wait()
            self._failure = e
        finally:
            self._ready.set()
            try:
                sock.close()
            except OSError:
                pass

    async def _serve(self, sock: socket.socket, config: dict) -> None:
        import uvicorn

        from .front import Front, Limits

        pool = EnginePool(self.location, size=config["engines"], waiting=config["waiting"],
                          timeout=config["timeout"], union_default_graph=config["union"])
        await pool.start()
        self.pool = pool
        try:
            static = {
                "/": ("text/html; charset=utf-8", _query_page(config["timeout"], config["limit"])),
                "/prefixes.json": ("application/json", _prefix_table()),
                "/yasgui.min.js": ("application/javascript", await pool.fetch("/yasgui.min.js")),
                "/yasgui.min.css": ("text/css", await pool.fetch("/yasgui.min.css")),
            }
            static["/index.html"] = static["/"]
            front = Front(pool, Limits(timeout=config["timeout"], limit=config["limit"]), static)
            self.front = front
            server = uvicorn.Server(uvicorn.Config(
                front, http=_protocol(), lifespan="off", log_config=None, access_log=False, server_header=False,
                backlog=2048, timeout_keep_alive=5, limit_concurrency=config["waiting"] + config["engines"] + 64,
                h11_max_incomplete_event_size=16 * 1024, timeout_graceful_shutdown=2))
            self._uvicorn = server
            serving = asyncio.get_running_loop().create_task(server.serve(sockets=[sock]))
            while not server.started and not serving.done():
                await asyncio.sleep(0.01)
            self._ready.set()
            await serving
            front.close()
        finally:
            await pool.close()


#: Seconds a new connection may take to send its first request head.
HEAD_SECONDS = 5.0


def _protocol():
    """uvicorn's h11 protocol, closing a connection whose first request head has not arrived within
    :data:`HEAD_SECONDS` (uvicorn times out only idle connections between requests, so connections that never
    send a request would otherwise hold their place forever)."""
    from uvicorn.protocols.http.h11_impl import H11Protocol

    class Protocol(H11Protocol):
        def connection_made(self, transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._head_timer = self.loop.call_later(HEAD_SECONDS, self._head_late)

        def _head_late(self) -> None:
            if self.cycle is None and not self.transport.is_closing():
                self.transport.close()

        def connection_lost(self, exc) -> None:
            self._head_timer.cancel()
            super().connection_lost(exc)

    return Protocol


def start(data: Path | str = "data/kg", *, location: Path | str | None = None, host: str = "127.0.0.1",
          port: int = DEFAULT_PORT, timeout: float = DEFAULT_TIMEOUT, limit: int | None = DEFAULT_LIMIT,
          engines: int | None = None, waiting: int = DEFAULT_WAITING) -> Server:
    """Start serving a graph read-only: the build in ``data`` (``kg.nq`` loaded into a temporary database), or the
    on-disk Oxigraph database at ``location`` as it is.

    Parameters: ``host``/``port`` the public address (``port=0`` picks a free one); ``timeout`` seconds a query
    may take; ``limit`` the most results a query may return (``None``: no cap); ``engines`` how many Oxigraph
    processes answer queries (default :func:`default_engines`); ``waiting`` how many requests may wait for one
    before the endpoint answers 503.

    Returns the running :class:`Server`; its ``url`` is the query page, ``url + "query"`` the SPARQL endpoint.
    Queries see the database's default graph, or the union of its named graphs when that is empty.

    Raises ``InputError`` when the data is missing or unloadable, the port is taken, or Oxigraph does not start.
    """
    if timeout <= 0:
        raise InputError(f"--timeout must be positive, not {timeout}")
    if limit is not None and limit < 1:
        raise InputError(f"--limit must be at least 1, not {limit}")
    engines = default_engines() if engines is None else engines
    if engines < 1 or waiting < 0:
        raise InputError("--engines must be at least 1 and --queue at least 0")
    if location is None:
        nquads = Path(data) / "kg.nq"
        if not nquads.is_file():
            raise InputError(f"{nquads}: not found; build the graph first with `kg build` (or pass --data DIR)")
    elif not Path(location).is_dir():
        raise InputError(f"{location}: no Oxigraph database there")
    oxigraph_executable()
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
    except OSError as e:
        sock.close()
        raise InputError(f"cannot listen on {host}:{port}: {e.strerror}; choose another --port") from e
    server = Server()
    try:
        fresh = _build_store(data) if location is None else None
        if fresh is not None:  # the store kg build wrote, read in place
            server.location = fresh
        elif location is None:
            server.workdir = Path(tempfile.mkdtemp(prefix="kg-serve-"))
            server.location = server.workdir / "db"
            load_database(Path(data) / "kg.nq", server.location)
        else:
            server.location = Path(location)
        config = {"engines": engines, "waiting": waiting, "timeout": float(timeout), "limit": limit,
                  "union": _default_graph_is_empty(server.location)}
        server._thread = threading.Thread(target=server._run, args=(sock, config), name="kg-serve", daemon=True)
        server._thread.start()
        server._ready.wait()
        if server._failure is not None:
            raise server._failure
    except BaseException as e:  # including Ctrl-C while loading: leave nothing behind
        server.stop()
        sock.close()
        if isinstance(e, OSError) and not isinstance(e, InputError):
            raise InputError(f"cannot start the oxigraph server: {e}") from e
        raise
    shown = f"[{host}]" if ":" in host else host
    server.url = f"http://{shown}:{sock.getsockname()[1]}/"
    return server
