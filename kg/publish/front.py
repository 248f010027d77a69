"""The public side of ``kg serve``: an ASGI application (run by uvicorn) in front of the supervised Oxigraph processes.

It serves the query page and its assets from memory, reads each SPARQL protocol request within size and time
limits, checks the query (:func:`kg.publish.guard.guard_query`), and hands it to a free Oxigraph process
(:class:`kg.publish.engines.EnginePool`).  Every answer it makes itself is a short ``Error: …`` text with the
status that says what happened:

=====  ==========================================================================================
400    malformed request or refused query (SERVICE, too deep, mixed ORDER BY, LIMIT above the cap,
       a query that crashed the engine before); Oxigraph's own syntax errors pass through
403    updates and Graph Store requests (the endpoint is read-only)
404    unknown path; 405 a method the path does not take
408    the request body did not arrive in time
413    request body larger than the limit; 414 URL longer than 64 KiB; 431 headers larger than 16 KiB
500    the query crashed the SPARQL engine (it was restarted; the query is refused from then on)
502    the engine failed in another way
503    every engine busy and the waiting line full (``Retry-After``)
504    the query ran past ``--timeout``: it was stopped (its engine process killed and replaced)
=====  ==========================================================================================

A result is sent only once Oxigraph has finished it, so a query that fails half-way can never come back as
``200`` with an error in its last row.
"""

from __future__ import annotations

import asyncio
import collections
import hashlib
import logging
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from ..errors import QueryError
from .engines import Busy, Crashed, EngineError, EnginePool, Overrun

LOG = logging.getLogger("kg.serve")
_QUERY_PATHS = ("/query", "/sparql")
_FORM = "application/x-www-form-urlencoded"
_SPARQL = "application/sparql-query"
_DEFAULT_ACCEPT = "application/sparql-results+json"
#: What Oxigraph writes into a result stream when its own timeout cancels the query.
_CANCELLED = b"The SPARQL operation has been cancelled"


@dataclass(frozen=True, slots=True)
class Limits:
    """What the front enforces: seconds a query may take, results a query may return (None: no cap), bytes of a
    request body, seconds to receive it, bytes of an answer, bytes of the request headers and of the URL."""

    timeout: float
    limit: int | None
    max_body: int = 1 << 20
    body_seconds: float = 10.0
    max_answer: int = 256 << 20
    max_headers: int = 16 << 10
    max_target: int = 64 << 10


class _Gone(Exception):
    """The client went away before its request was read."""


class _Refusal(Exception):
    def __init__(self, status: int, message: str, headers: tuple[tuple[bytes, bytes], ...] = ()) -> None:
        super().__init__(message)
        self.status = status
        self.headers = headers


def query_hash(query: str) -> str:
    """The short hash by which a query is logged and remembered (12 hex digits of SHA-256)."""
    return hashlib.sha256(query.encode("utf-8", "surrogatepass")).hexdigest()[:12]


class Front:
    """The ASGI application. ``static`` maps paths to (content type, body) served on GET and HEAD."""

    def __init__(self, pool: EnginePool, limits: Limits, static: dict[str, tuple[str, bytes]]) -> None:
        self.pool = pool
        self.limits = limits
        self.static = static
        self.crashed: set[str] = set()  # hashes of the queries that crashed an engine in this run
        self._checked: collections.OrderedDict[str, tuple[str | None, str | None]] = collections.OrderedDict()
        self._checker = ThreadPoolExecutor(max_workers=2, thread_name_prefix="kg-serve-guard")
        self.counts: collections.Counter[int] = collections.Counter()

    def close(self) -> None:
        self._checker.shutdown(wait=False, cancel_futures=True)

    # --------------------------------------------------------------------------------------------- ASGI
    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "lifespan":
            while (await receive())["type"] != "lifespan.shutdown":
                await send({"type": "lifespan.startup.complete"})
            await send({"type": "lifespan.shutdown.complete"})
            return
        if scope["type"] != "http":
            return
        try:
            status, headers, body = await self._handle(scope, receive)
        except _Gone:
            return
        except _Refusal as e:
            status, headers, body = e.status, [(b"content-type", b"text/plain; charset=utf-8"), *e.headers], \
                f"Error: {e}\n".encode("utf-8")
        except Exception as e:  # a bug here must not take the server down, nor fill its log with tracebacks
            LOG.error("kg serve: internal error on %s %s: %s: %s", scope.get("method"), scope.get("path"),
                      type(e).__name__, e)
            status, headers, body = 500, [(b"content-type", b"text/plain; charset=utf-8")], \
                b"Error: internal error of the endpoint\n"
        self.counts[status] += 1
        headers = [*headers, (b"content-length", str(len(body)).encode()), (b"cache-control", b"no-store")]
        try:
            await send({"type": "http.response.start", "status": status, "headers": headers})
            await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body})
        except Exception:  # the client left, or the server already answered a broken request itself
            return

    async def _handle(self, scope, receive) -> tuple[int, list, bytes]:
        method, path = scope["method"], scope["path"]
        if sum(len(k) + len(v) + 4 for k, v in scope["headers"]) > self.limits.max_headers:
            raise _Refusal(431, f"the request headers are larger than {self.limits.max_headers // 1024} KiB")
        if len(scope.get("raw_path") or b"") + len(scope["query_string"]) > self.limits.max_target:
            raise _Refusal(414, f"the URL is longer than {self.limits.max_target // 1024} KiB; POST long queries")
        if path in self.static:
            if method not in ("GET", "HEAD"):
                raise _Refusal(405, f"{path} takes GET only", ((b"allow", b"GET, HEAD"),))
            ctype, body = self.static[path]
            return 200, [(b"content-type", ctype.encode())], body
        if path == "/update":
            raise _Refusal(403, "this endpoint is read-only; updates are refused")
        if path == "/store":
            if method in ("GET", "HEAD"):
                raise _Refusal(403, "whole graphs are not served here; query them with CONSTRUCT on /query "
                                    "(results are capped)" if self.limits.limit else
                                    "whole graphs are not served here; query them with CONSTRUCT on /query")
            raise _Refusal(403, "this endpoint is read-only; Graph Store updates are refused")
        if path not in _QUERY_PATHS:
            raise _Refusal(404, "not found; the SPARQL endpoint is /query and the query page is /")
        if method not in ("GET", "POST"):
            raise _Refusal(405, f"{path} takes GET or POST", ((b"allow", b"GET, POST"),))
        started = time.monotonic()
        query, params = await self._read_query(scope, receive, method)
        accept = self._header(scope, b"accept") or ""
        if not (accept.isascii() and accept.isprintable()) or len(accept) > 1000:
            accept = ""
        return await self._answer(query, params, accept or _DEFAULT_ACCEPT, started, receive)

    # --------------------------------------------------------------------------------------------- reading
    @staticmethod
    def _header(scope, name: bytes) -> str | None:
        for key, value in scope["headers"]:
            if key.lower() == name:
                return value.decode("latin-1")
        return None

    async def _read_body(self, scope, receive) -> bytes:
        declared = self._header(scope, b"content-length")
        if declared is not None and declared.strip().isdigit() and int(declared) > self.limits.max_body:
            raise _Refusal(413, f"the request body is larger than {self.limits.max_body:,} bytes")
        chunks, size = [], 0

        async def read() -> None:
            nonlocal size
            while True:
                message = await receive()
                if message["type"] == "http.disconnect":
                    raise _Gone()
                chunk = message.get("body", b"")
                size += len(chunk)
                if size > self.limits.max_body:
                    raise _Refusal(413, f"the request body is larger than {self.limits.max_body:,} bytes")
                chunks.append(chunk)
                if not message.get("more_body", False):
                    return

        try:
            await asyncio.wait_for(read(), self.limits.body_seconds)
        except asyncio.TimeoutError:
            raise _Refusal(408, f"the request body did not arrive within {self.limits.body_seconds:g} s") from None
        return b"".join(chunks)

    @staticmethod
    def _form(text: str, where: str) -> list[tuple[str, str]]:
        try:
            return urllib.parse.parse_qsl(text, keep_blank_values=True, encoding="utf-8", errors="strict",
                                          max_num_fields=1000)
        except UnicodeDecodeError:
            raise _Refusal(400, f"the {where} is not UTF-8 once percent-decoded") from None
        except ValueError:
            raise _Refusal(400, f"the {where} has too many fields") from None

    async def _read_query(self, scope, receive, method: str) -> tuple[str, list[tuple[str, str]]]:
        fields = self._form(scope["query_string"].decode("latin-1"), "URL query string")
        if method == "POST":
            body = await self._read_body(scope, receive)
            ctype = (self._header(scope, b"content-type") or "").split(";")[0].strip().lower()
            if ctype == _FORM:
                fields += self._form(body.decode("latin-1"), "form body")
            elif ctype == _SPARQL:
                try:
                    fields.append(("query", body.decode("utf-8")))
                except UnicodeDecodeError:
                    raise _Refusal(400, "the query is not UTF-8 text") from None
            else:
                raise _Refusal(400, f"send the query as {_SPARQL} or {_FORM}, not {ctype or 'no Content-Type'}")
        queries = [v for k, v in fields if k == "query"]
        if "update" in (k for k, _ in fields):
            raise _Refusal(403, "this endpoint is read-only; updates are refused")
        if len(queries) != 1:
            raise _Refusal(400, "give exactly one query, as ?query=… or in a POST body")
        if "\x00" in queries[0]:
            raise _Refusal(400, "the query holds a NUL character")
        params = [(k, v) for k, v in fields if k in ("default-graph-uri", "named-graph-uri")]
        return queries[0], params

    # --------------------------------------------------------------------------------------------- answering
    def _check(self, query: str) -> tuple[str | None, str | None]:
        """(query to run, None) or (None, why it is refused). Runs in a worker thread: parsing a long query takes
        a moment that the event loop should not wait for."""
        from .guard import guard_query

        try:
            return guard_query(query, limit=self.limits.limit), None
        except QueryError as e:
            return None, str(e)

    async def _verdict(self, query: str) -> tuple[str | None, str | None]:
        """:meth:`_check`, remembered for the last thousand queries (in the event loop's thread only)."""
        hit = self._checked.get(query)
        if hit is not None:
            self._checked.move_to_end(query)
            return hit
        verdict = await asyncio.get_running_loop().run_in_executor(self._checker, self._check, query)
        self._checked[query] = verdict
        if len(self._checked) > 1000:
            self._checked.popitem(last=False)
        return verdict

    @staticmethod
    async def _unless_gone(receive, work):
        """Await ``work`` unless the client leaves first: then it is cancelled (an engine running the query is
        killed and replaced, so the work stops) and :class:`_Gone` is raised."""
        task = asyncio.ensure_future(work)
        gone = asyncio.ensure_future(receive())  # after the whole body, the next message is the disconnect
        try:
            done, _ = await asyncio.wait({task, gone}, return_when=asyncio.FIRST_COMPLETED)
            if task in done:
                return task.result()
            if gone.result().get("type") != "http.disconnect":  # cannot happen once the body is read
                return await task
            task.cancel()
            try:
                await task
            except (asyncio.CancelledError, Exception):
                pass
            raise _Gone()
        finally:
            gone.cancel()

    async def _answer(self, query: str, params, accept: str, started: float, receive) -> tuple[int, list, bytes]:
        prepared, refused = await self._verdict(query)
        if refused is not None:
            raise _Refusal(400, refused)
        digest = query_hash(prepared)
        if digest in self.crashed:
            raise _Refusal(400, f"this query (#{digest}) crashed the SPARQL engine earlier in this run; "
                                "it is refused until the endpoint restarts")
        try:
            reply = await self._unless_gone(receive, self.pool.run(
                prepared, accept=accept, params=params, deadline=started + self.limits.timeout,
                max_bytes=self.limits.max_answer))
        except Busy as e:
            raise _Refusal(503, f"{e}; try again shortly", ((b"retry-after", b"1"),)) from None
        except Overrun:
            LOG.warning("kg serve: query #%s stopped after %.1f s (--timeout %g)", digest,
                        time.monotonic() - started, self.limits.timeout)
            raise _Refusal(504, f"the query ran longer than {self.limits.timeout:g} s and was stopped") from None
        except Crashed as e:
            self.crashed.add(digest)
            why = f" ({e.reason})" if e.reason else ""
            LOG.error("kg serve: query #%s crashed the SPARQL engine (exit status %s)%s; it is refused from now on",
                      digest, e.status, why)
            raise _Refusal(500, f"this query (#{digest}) crashed the SPARQL engine{why}; the engine was restarted "
                                "and the query is refused from now on") from None
        except EngineError as e:
            LOG.error("kg serve: query #%s: %s", digest, e)
            raise _Refusal(502, str(e)) from None
        if reply.status == 200 and _CANCELLED in reply.body[-200:]:
            raise _Refusal(504, f"the query ran longer than the engine's time limit and was stopped")
        if reply.status >= 500:
            first = reply.body.decode("utf-8", "replace").strip().splitlines()[:1]
            raise _Refusal(502, "the SPARQL engine failed" + (f": {first[0][:300]}" if first else ""))
        ctype = reply.content_type or "application/octet-stream"
        return reply.status, [(b"content-type", ctype.encode("latin-1"))], reply.body
