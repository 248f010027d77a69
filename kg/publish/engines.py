"""Supervised Oxigraph server processes behind ``kg serve``: one query at a time each, replaced when they die or overrun.

Oxigraph 0.5.13's server aborts on some valid queries (a sort whose order is not total, a stack overflow on deep
expressions) and does not stop every query at its ``--timeout-s``.  So ``kg serve`` runs a few
``oxigraph serve-read-only`` processes over the same on-disk database (read-only processes may share one) and gives
each one query at a time.  Then

* a process that dies was running exactly one query: that query is the culprit, and it alone gets the error;
* a query that overruns its time is stopped by killing its process — nothing else ran there;
* a replacement process is started at once (it listens within a fraction of a second), while the others go on.

The pool is an asyncio object: create it, ``await start()``, then ``await run(...)`` from request handlers.
"""

from __future__ import annotations

import asyncio
import collections
import logging
import os
import signal
import socket
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError

LOG = logging.getLogger("kg.serve")
LOG.addHandler(logging.NullHandler())  # the library never prints; `kg serve` shows these lines on stderr
#: Seconds an Oxigraph process may take to listen after it is started.
START_SECONDS = 30.0
#: Oxigraph's own per-query timeout is a backstop only: the pool stops a query this much later than its deadline.
BACKSTOP_SECONDS = 60


class Busy(Exception):
    """Every process is taken and the waiting line is full, or the query waited past its deadline."""


class Overrun(Exception):
    """The query ran past its deadline; its process was killed and is being replaced."""


class Crashed(Exception):
    """The process running the query died; ``status`` is its exit status, ``reason`` the panic line if any."""

    def __init__(self, status: int | None, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


class EngineError(Exception):
    """The process answered something that is not a complete HTTP response."""


@dataclass(frozen=True, slots=True)
class Reply:
    """A complete answer from Oxigraph."""

    status: int
    content_type: str
    body: bytes


def oxigraph_executable() -> str:
    """Path of the ``oxigraph`` server program: next to this Python first (a virtualenv), then PATH.

    Raises ``InputError`` when it is not installed.
    """
    import shutil

    beside = Path(sys.executable).parent / "oxigraph"
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    found = shutil.which("oxigraph")
    if not found:
        raise InputError("the oxigraph server is not installed; install it with `pip install 'oxigraph>=0.5,<0.6'`")
    return found


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port that is free on ``host`` right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def _die_with_parent() -> None:
    """In the child: get SIGKILL when the parent dies, so no Oxigraph outlives a killed kg (Linux)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class Engine:
    """One ``oxigraph serve-read-only`` process on a loopback port."""

    def __init__(self, argv: list[str], number: int) -> None:
        self.argv = argv
        self.number = number
        self.port = 0
        self.proc: asyncio.subprocess.Process | None = None
        self.tail: collections.deque[str] = collections.deque(maxlen=40)
        self.retired = False

    async def start(self) -> None:
        """Start the process and wait until it accepts connections. Raises ``OSError`` when it cannot."""
        deadline = time.monotonic() + START_SECONDS
        last = "it did not start"
        while time.monotonic() < deadline:
            self.port = free_port()
            self.proc = await asyncio.create_subprocess_exec(
                *self.argv, "--bind", f"127.0.0.1:{self.port}", stdin=asyncio.subprocess.DEVNULL,
                stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE, start_new_session=True,
                preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None)
            asyncio.get_running_loop().create_task(self._drain())
            while time.monotonic() < deadline and self.proc.returncode is None:
                try:
                    _, writer = await asyncio.open_connection("127.0.0.1", self.port)
                    writer.close()
                    return
                except OSError:
                    await asyncio.sleep(0.01)
            await self.proc.wait()
            last = self.tail[-1] if self.tail else f"exit {self.proc.returncode}"
            if "Address already in use" not in last:  # another program took the port first: try another
                break
        self.kill()
        raise OSError(f"the oxigraph server did not start: {last}")

    async def _drain(self) -> None:
        """Keep the last lines Oxigraph writes to stderr (its panic message names the reason of a crash)."""
        proc = self.proc
        assert proc is not None and proc.stderr is not None
        while line := await proc.stderr.readline():
            self.tail.append(line.decode("utf-8", "replace").rstrip())

    @property
    def alive(self) -> bool:
        return self.proc is not None and self.proc.returncode is None

    def reason(self) -> str:
        """What Oxigraph wrote on stderr before dying: the panic message, or "stack overflow"; else ''."""
        lines = list(self.tail)
        for i in range(len(lines) - 1, -1, -1):
            if " panicked at " in lines[i]:
                return (lines[i + 1] if i + 1 < len(lines) else lines[i]).strip()[:200]
            if "overflowed its stack" in lines[i]:
                return "stack overflow"
        return ""

    def kill(self) -> None:
        """Kill the process at once (SIGKILL: a runaway query may not listen to anything else)."""
        self.retired = True
        if self.proc is not None and self.proc.returncode is None:
            try:
                self.proc.kill()
            except ProcessLookupError:
                pass

    async def exchange(self, method: str, target: str, *, body: bytes = b"", headers: dict[str, str] | None = None,
                       max_bytes: int = 1 << 30) -> Reply:
        """One HTTP/1.1 request to this process on a new connection, and its whole answer.

        Raises ``OSError``, ``EOFError`` or ``ValueError`` when the answer is not a complete HTTP response (the
        process died, or is dying), :class:`EngineError` when it is larger than ``max_bytes``.
        """
        reader, writer = await asyncio.open_connection("127.0.0.1", self.port, limit=1 << 20)
        try:
            head = [f"{method} {target} HTTP/1.1", "Host: 127.0.0.1", "Connection: close",
                    f"Content-Length: {len(body)}", *(f"{k}: {v}" for k, v in (headers or {}).items())]
            writer.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body)
            status_line = await reader.readline()
            parts = status_line.split(None, 2)
            if len(parts) < 2 or not parts[0].startswith(b"HTTP/1.") or not parts[1].isdigit():
                raise EOFError("no HTTP status line")
            fields: dict[bytes, bytes] = {}
            while (line := await reader.readline()) not in (b"\r\n", b"\n"):
                if not line:
                    raise EOFError("the headers were cut short")
                name, _, value = line.partition(b":")
                fields[name.strip().lower()] = value.strip()
            chunks, size = [], 0

            def take(data: bytes) -> None:
                nonlocal size
                size += len(data)
                if size > max_bytes:
                    raise EngineError(f"the result is larger than {max_bytes // 2**20} MiB")
                chunks.append(data)

            if b"chunked" in fields.get(b"transfer-encoding", b"").lower():
                while True:
                    length = int((await reader.readline()).split(b";")[0].strip() or b"x", 16)
                    if length == 0:
                        while (await reader.readline()) not in (b"\r\n", b"\n", b""):
                            pass
                        break
                    if size + length > max_bytes:
                        raise EngineError(f"the result is larger than {max_bytes // 2**20} MiB")
                    take(await reader.readexactly(length))
                    await reader.readexactly(2)
            elif b"content-length" in fields:
                length = int(fields[b"content-length"])
                if length > max_bytes:
                    raise EngineError(f"the result is larger than {max_bytes // 2**20} MiB")
                take(await reader.readexactly(length))
            else:
                while data := await reader.read(1 << 16):
                    take(data)
            ctype = fields.get(b"content-type", b"").decode("latin-1")
            return Reply(int(parts[1]), ctype, b"".join(chunks))
        except asyncio.IncompleteReadError as e:
            raise EOFError("the answer was cut short") from e
        finally:
            writer.close()

    def pid(self) -> int | None:
        return self.proc.pid if self.proc is not None else None


class EnginePool:
    """``size`` Oxigraph processes over one database, each running one query at a time.

    Parameters: ``location`` the on-disk database; ``size`` how many processes; ``waiting`` how many requests
    may wait for a free process before new ones are refused (:class:`Busy`); ``union_default_graph`` whether
    queries see the union of the named graphs as default graph (for a database whose default graph is empty);
    ``timeout`` the seconds a query may run (Oxigraph's own timeout is set later, as a backstop).
    """

    def __init__(self, location: Path, *, size: int, waiting: int, timeout: float,
                 union_default_graph: bool) -> None:
        self.argv = [oxigraph_executable(), "serve-read-only", "--location", str(location),
                     "--timeout-s", str(int(timeout) + BACKSTOP_SECONDS)]
        if union_default_graph:
            self.argv.append("--union-default-graph")
        self.size = size
        self.waiting_max = waiting
        self.waiting = 0
        self.idle: asyncio.Queue[Engine] = asyncio.Queue()
        self.engines: set[Engine] = set()
        self.numbers = 0
        self.restarts = 0
        self.closed = False

    async def start(self) -> None:
        """Start every process; raises ``InputError`` when Oxigraph cannot serve the database."""
        try:
            for engine in await asyncio.gather(*(self._new() for _ in range(self.size))):
                self.idle.put_nowait(engine)
        except OSError as e:
            await self.close()
            raise InputError(str(e)) from e

    async def _new(self) -> Engine:
        self.numbers += 1
        engine = Engine(self.argv, self.numbers)
        self.engines.add(engine)
        try:
            await engine.start()
        except BaseException:
            self.engines.discard(engine)
            raise
        return engine

    def pids(self) -> list[int]:
        """Process ids of the running Oxigraph processes."""
        return [e.pid() for e in self.engines if e.alive and e.pid() is not None]

    async def fetch(self, path: str) -> bytes:
        """GET a static file that Oxigraph serves (its query page assets) from any process."""
        engine = await self._acquire(time.monotonic() + START_SECONDS)
        try:
            answer = await engine.exchange("GET", path)
        except (OSError, EOFError, ValueError) as e:
            raise InputError(f"the oxigraph server does not serve {path}: {e}") from e
        finally:
            self._release(engine)
        if answer.status != 200:
            raise InputError(f"the oxigraph server does not serve {path} (HTTP {answer.status})")
        return answer.body

    async def _acquire(self, deadline: float) -> Engine:
        if self.waiting >= self.waiting_max and self.idle.empty():
            raise Busy("every SPARQL engine is busy and the waiting line is full")
        self.waiting += 1
        try:
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise Busy("every SPARQL engine stayed busy until the query's time was up")
                try:
                    engine = await asyncio.wait_for(self.idle.get(), left)
                except asyncio.TimeoutError:
                    raise Busy("every SPARQL engine stayed busy until the query's time was up") from None
                if engine.alive and not engine.retired:
                    return engine
                self._replace(engine, "found dead while idle")  # died while idle (killed from outside)
        finally:
            self.waiting -= 1

    def _release(self, engine: Engine) -> None:
        if engine.alive and not engine.retired and not self.closed:
            self.idle.put_nowait(engine)
        elif not self.closed:
            self._replace(engine, "")

    def _replace(self, engine: Engine, why: str) -> None:
        """Kill ``engine`` if it still runs and start another in its place (in the background)."""
        engine.kill()
        self.engines.discard(engine)
        if self.closed:
            return
        self.restarts += 1
        asyncio.get_running_loop().create_task(self._restart(why))

    async def _restart(self, why: str) -> None:
        started = time.monotonic()
        while not self.closed:
            try:
                engine = await self._new()
            except OSError as e:
                LOG.error("kg serve: cannot restart a SPARQL engine: %s; trying again in 1 s", e)
                await asyncio.sleep(1)
                continue
            if self.closed:
                engine.kill()
                return
            if why:
                LOG.warning("kg serve: SPARQL engine restarted in %.0f ms (%s)", (time.monotonic() - started) * 1000, why)
            self.idle.put_nowait(engine)
            return

    async def run(self, query: str, *, accept: str, params: list[tuple[str, str]], deadline: float,
                  max_bytes: int) -> Reply:
        """Run one query on a free process and return Oxigraph's whole answer.

        Raises :class:`Busy` (no process free in time), :class:`Overrun` (past ``deadline``: the process was
        killed), :class:`Crashed` (the process died on this query) or :class:`EngineError`.
        """
        import urllib.parse

        engine = await self._acquire(deadline)
        target = "/query" + ("?" + urllib.parse.urlencode(params) if params else "")
        headers = {"Content-Type": "application/sparql-query; charset=utf-8", "Accept": accept}
        try:
            try:
                return await asyncio.wait_for(
                    engine.exchange("POST", target, body=query.encode("utf-8"), headers=headers, max_bytes=max_bytes),
                    max(0.0, deadline - time.monotonic()))
            except asyncio.TimeoutError:
                self._replace(engine, "a query overran its time")
                raise Overrun() from None
            except (OSError, EOFError, ValueError) as e:
                # a connection that breaks mid-answer means the process died (or is dying): wait a moment for it
                try:
                    await asyncio.wait_for(engine.proc.wait(), 2.0)
                except asyncio.TimeoutError:
                    self._replace(engine, "it broke a connection")
                    raise EngineError(f"the SPARQL engine broke the connection ({type(e).__name__})") from e
                status, reason = engine.proc.returncode, engine.reason()
                self._replace(engine, f"it crashed with exit status {status}")
                raise Crashed(status, reason) from e
            except EngineError:
                self._replace(engine, "")
                raise
            except asyncio.CancelledError:  # the client left: Oxigraph would go on with the query, so stop it
                self._replace(engine, "a client left before its answer")
                raise
        finally:
            if not engine.retired:
                self._release(engine)

    async def close(self) -> None:
        """Kill every process."""
        self.closed = True
        for engine in list(self.engines):
            engine.kill()
        for engine in list(self.engines):
            if engine.proc is not None:
                try:
                    await asyncio.wait_for(engine.proc.wait(), 5)
                except asyncio.TimeoutError:
                    pass
        self.engines.clear()
