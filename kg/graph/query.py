"""SPARQL over the graph: named queries, parameters, the project prefixes, local stores and remote endpoints.

A query is prepared the same way wherever it runs: the project prefixes it uses but does not declare are
added, its syntax is checked by parsers only — nothing is evaluated, so a ``SERVICE`` it names is never called
before the user allows it — and parameters are joined in as a ``VALUES`` block at the start of the ``WHERE`` group — the values are written as escaped
literals, never spliced into the query text.  ``initBindings`` is not used: with the Oxigraph store it
fails unless the bound variable is also selected.

Named queries are the ``*.rq`` files in ``kg/queries/``.  Each starts with ``# <question it answers>``;
``# param ?name: help`` and ``# param ?name = default: help`` lines declare its parameters.  A line
``# literal ?label = ?name`` also binds ``?label`` to the value of ``?name`` as a literal in each language
kg writes names in (:data:`NAME_LANGUAGES`, and without a language), so that a query can match a name
with ``?e rdfs:label ?label`` — an index lookup — instead of ``FILTER(STR(?l) = ?name)``, which reads
every label of the graph.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import QueryError
from .results import Result
from .vocab import PREFIXES

if TYPE_CHECKING:
    from .syntax import QuerySyntax

QUERY_DIR = Path(__file__).resolve().parent.parent / "queries"

_PARAM_LINE = re.compile(r"^#\s*param\s+[?$]([A-Za-z_]\w*)\s*(?:=\s*(\S+))?\s*(?::\s*(.*))?$")
_LITERAL_LINE = re.compile(r"^#\s*literal\s+[?$]([A-Za-z_]\w*)\s*=\s*[?$]([A-Za-z_]\w*)\s*$")
#: The language tags of the names kg writes (labels and aliases), for ``# literal`` parameters.
NAME_LANGUAGES = ("zh-Hans", "zh-Hant", "zh-Latn-pinyin", "zh", "en")
_NAME = re.compile(r"^[a-z][a-z0-9-]*$")
_PREFIX_DECL = re.compile(r"\bPREFIX\s+([A-Za-z][\w.-]*)?:\s*<", re.IGNORECASE)
_PREFIXED = re.compile(r"(?<![\w.\-?$:])([A-Za-z][\w.-]*)?:(?=[\w%\\]|\s|[)};,.]|$)")
_KEYWORD_FORM = re.compile(r"\b(SELECT|CONSTRUCT|DESCRIBE|ASK)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Param:
    """A parameter of a named query: the variable it binds, its default (None = required) and a help text."""

    name: str
    default: str | None = None
    help: str = ""


@dataclass(frozen=True, slots=True)
class NamedQuery:
    """A query shipped with the package."""

    name: str
    question: str
    text: str
    params: tuple[Param, ...] = ()
    literals: tuple[tuple[str, str], ...] = ()  # (variable, parameter) of its ``# literal`` lines


# ---------------------------------------------------------------------------------- named queries
def named_queries(folder: Path = QUERY_DIR) -> dict[str, NamedQuery]:
    """The named queries, by name (file stem), sorted by name."""
    out: dict[str, NamedQuery] = {}
    for path in sorted(folder.glob("*.rq"), key=lambda f: f.stem):
        st = path.stat()
        out[path.stem] = _named_query(str(path), st.st_mtime_ns, st.st_size)
    return out


@functools.lru_cache(maxsize=512)
def _named_query(path: str, mtime_ns: int, size: int) -> NamedQuery:
    """One named query file, read once per version of the file (its time and size are part of the key)."""
    file = Path(path)
    text = file.read_text(encoding="utf-8")
    lines = text.splitlines()
    question = lines[0].lstrip("#").strip() if lines and lines[0].startswith("#") else ""
    params, literals = [], []
    for line in lines:
        m = _PARAM_LINE.match(line.strip())
        if m:
            params.append(Param(m.group(1), m.group(2), (m.group(3) or "").strip()))
        m = _LITERAL_LINE.match(line.strip())
        if m:
            literals.append((m.group(1), m.group(2)))
    return NamedQuery(file.stem, question, text, tuple(params), tuple(literals))


def resolve(sparql_or_name: str) -> tuple[str, NamedQuery | None]:
    """The query text for a named query's name, or the text itself if it is SPARQL.

    :raises QueryError: if it looks like a name but no named query has it.
    """
    text = sparql_or_name.strip()
    if _NAME.match(text):
        queries = named_queries()
        if text in queries:
            return queries[text].text, queries[text]
        raise QueryError(f"unknown named query {text!r}; available: {', '.join(queries)}")
    return sparql_or_name, None


# ---------------------------------------------------------------------------------- preparing
def _mask(text: str) -> str:
    """The query with comments, strings and IRIs blanked out (same length), so syntax can be scanned."""
    out = list(text)
    i, n = 0, len(text)

    def blank(a: int, b: int) -> None:
        for k in range(a, b):
            if out[k] != "\n":
                out[k] = " "

    while i < n:
        ch = text[i]
        if ch == "#":
            j = text.find("\n", i)
            j = n if j < 0 else j
            blank(i, j)
            i = j
        elif ch in "\"'":
            quote = ch * 3 if text.startswith(ch * 3, i) else ch
            j = i + len(quote)
            while j < n and not text.startswith(quote, j):
                j += 2 if text[j] == "\\" else 1
            j = min(n, j + len(quote))
            blank(i + 1, j - 1)
            i = j
        elif ch == "<":
            m = re.compile(r"<[^<>\"{}|^`\\\s]*>").match(text, i)
            if m:
                blank(i + 1, m.end() - 1)
                i = m.end()
            else:
                i += 1
        else:
            i += 1
    return "".join(out)


def _line_col(text: str, pos: int) -> tuple[int, int]:
    line = text.count("\n", 0, pos) + 1
    return line, pos - (text.rfind("\n", 0, pos) + 1) + 1


def _missing_prefixes(sparql: str) -> list[str]:
    """The project prefixes the query uses without declaring them, in order of first use.

    :raises QueryError: naming the first prefix that is neither declared nor a project prefix.
    """
    masked = _mask(sparql)
    declared = {m.group(1) or "" for m in _PREFIX_DECL.finditer(masked)}
    missing: list[str] = []
    for m in _PREFIXED.finditer(masked):
        prefix = m.group(1) or ""
        if prefix in declared or prefix in missing:
            continue
        if prefix in PREFIXES:
            missing.append(prefix)
        else:
            line, col = _line_col(sparql, m.start())
            raise QueryError(f"query line {line}, column {col}: unknown prefix '{prefix}:'; "
                             f"known prefixes: {', '.join(sorted(PREFIXES))}")
    return missing


def add_prefixes(sparql: str) -> tuple[str, int]:
    """Declare the project prefixes the query uses but does not declare; returns (query, lines added).

    :raises QueryError: naming the first prefix that is neither declared nor a project prefix.
    """
    missing = _missing_prefixes(sparql)
    if not missing:
        return sparql, 0
    header = " ".join(f"PREFIX {p}: <{PREFIXES[p]}>" for p in sorted(missing))
    return f"{header}\n{sparql}", 1


def prefix_header(sparql: str | None = None) -> str:
    """``PREFIX`` lines, one per line, for the project prefixes that ``sparql`` uses without declaring them (all
    of them when ``sparql`` is None): what ``kg query`` adds, written out.

    >>> print(prefix_header("SELECT * { ?s a kg:Village }"), end="")
    PREFIX kg: <https://w3id.org/kg-cn/ontology#>
    """
    names = sorted(PREFIXES) if sparql is None else sorted(_missing_prefixes(sparql))
    return "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in names)


def check_syntax(sparql: str, *, line_offset: int = 0) -> "QuerySyntax":
    """Check the query's syntax with parsers only; nothing is evaluated.

    Oxigraph's parser reads the query followed by a line that can never be SPARQL, so it always stops with an
    error and never runs anything: an error inside the query is the query's first syntax error; an error on that
    extra line means the query is complete — or stops short at its very end, which tree-sitter's grammar tells.
    Too deep a query is refused before Oxigraph's recursive parser sees it.

    :returns: the query's syntax tree.
    :raises QueryError: ``query line L, column C: …`` for the first syntax error.
    """
    import pyoxigraph as ox

    from .syntax import MAX_DEPTH, QuerySyntax

    tree = QuerySyntax(sparql)
    if tree.depth > MAX_DEPTH:
        raise QueryError(f"query nests {tree.depth} levels deep; at most {MAX_DEPTH} are supported "
                         "(use IN (…) or VALUES for long lists)")
    lines = sparql.count("\n") + 1
    try:
        ox.Store().query(sparql + "\n\x00")
    except SyntaxError as e:
        msg = str(e)
        m = re.match(r"error at (\d+):(\d+):\s*(.*)", msg, re.DOTALL)
        if not m:
            raise QueryError(f"query: {msg.splitlines()[0] if msg else 'syntax error'}") from e
        line, col, what = int(m.group(1)), int(m.group(2)), m.group(3)
        if line > lines:  # on the extra line: Oxigraph read the whole text, which is complete or cut short
            problem = tree.problem
            if problem is None:
                return tree
            end = tree.position(len(sparql.rstrip().encode("utf-8", "surrogatepass")))
            if (problem.line, problem.column) in ((1, 1), end):
                hint = f"; {problem.message}" if problem.message.startswith("expected") else ""
                problem = type(problem)(end[0], end[1], f"the query ends before it is complete{hint}")
            raise QueryError(f"query line {problem.line - line_offset}, column {problem.column}: "
                             f"{problem.message}") from e
        what = " ".join(what.split())
        # pyoxigraph also lists the character classes it would accept; the tokens alone read better
        if what.startswith("expected one of "):
            items = re.findall(r'"(?:[^"\\]|\\.)*"|\[[^\]]*\]|[A-Za-z_]\w*', what[len("expected one of "):])
            tokens = [i for i in items if not i.startswith("[")]
            what = "expected one of " + ", ".join(tokens) if tokens else "unexpected character"
        elif re.fullmatch(r"expected \[.*\]", what):
            what = "unexpected character"
        if len(what) > 160:
            what = what[:157] + "…"
        raise QueryError(f"query line {line - line_offset}, column {col}: {what}") from e
    except (ValueError, OSError, RuntimeError) as e:  # cannot happen: the text is never valid SPARQL
        raise QueryError(f"query: {e}") from e
    return tree


def check_service(tree: "QuerySyntax", *, allow_service: bool) -> None:
    """Refuse a query that calls a federated ``SERVICE`` unless the user allowed it.

    :raises QueryError: naming ``--allow-service``.
    """
    if tree.calls_service and not allow_service:
        raise QueryError("the query calls a federated SERVICE (another SPARQL endpoint over the network); "
                         "kg query runs it only with --allow-service")


_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


def string_literal(value: str) -> str:
    """A SPARQL string literal of ``value``, escaped.

    >>> print(string_literal('a "b"\\n'))
    "a \\"b\\"\\n"
    """
    return '"' + "".join(_ESCAPES.get(ch, ch) for ch in value) + '"'


def _values_block(params: Mapping[str, str], literals: tuple[tuple[str, str], ...] = ()) -> str:
    names = sorted(params)
    row = " ".join(string_literal(str(params[k])) for k in names)
    if not literals:
        return f"VALUES ({' '.join('?' + k for k in names)}) {{ ({row}) }} "
    variables = names + [v for v, _ in literals]
    rows = []
    for tag in (*NAME_LANGUAGES, ""):
        tagged = " ".join(string_literal(str(params[p])) + (f"@{tag}" if tag else "") for _, p in literals)
        rows.append(f"({row} {tagged})")
    return f"VALUES ({' '.join('?' + k for k in variables)}) {{ {' '.join(rows)} }} "


def bind_params(sparql: str, params: Mapping[str, str], literals: tuple[tuple[str, str], ...] = ()) -> str:
    """Join parameter values into the query: a ``VALUES`` block opening its ``WHERE`` group.

    Values become escaped string literals; the query text of the user is not otherwise changed.  Each
    ``(variable, parameter)`` of ``literals`` also binds the variable to the parameter's value in every
    language of :data:`NAME_LANGUAGES` and without one (one row each).

    :raises QueryError: if a parameter is not a variable of the query or the query has no WHERE group.
    """
    if not params:
        return sparql
    for _, name in literals:
        if name not in params:
            raise QueryError(f"literal of parameter {name!r}: the query has no such parameter")
    masked = _mask(sparql)
    for name in params:
        if not re.match(r"^[A-Za-z_]\w*$", name):
            raise QueryError(f"parameter name {name!r} is not a SPARQL variable name")
        if not re.search(rf"[?$]{name}\b", masked) and name not in {p for _, p in literals}:
            raise QueryError(f"parameter {name!r}: the query has no variable ?{name}")
    form = _KEYWORD_FORM.search(masked)
    start = 0
    if form and form.group(1).upper() == "CONSTRUCT":
        where = re.search(r"\bWHERE\b", masked[form.end():], re.IGNORECASE)
        start = form.end() + where.end() if where else form.end()
    elif form:
        start = form.end()
    brace = masked.find("{", start)
    if brace < 0:
        raise QueryError("query has no WHERE { … } group to bind parameters in")
    return sparql[: brace + 1] + " " + _values_block(params, literals) + sparql[brace + 1:]


def prepare(sparql: str, *, params: Mapping[str, str] | None = None,
            named: NamedQuery | None = None, allow_service: bool = False) -> str:
    """The query ready to run: prefixes added, syntax checked, parameters bound.

    :param allow_service: let a federated ``SERVICE`` through (by default such a query is refused).
    :raises QueryError: on an unknown prefix, a syntax error, a bad or missing parameter, or a ``SERVICE`` call
        that was not allowed.
    """
    return _prepare(sparql, tuple(sorted((params or {}).items())), named, allow_service)


@functools.lru_cache(maxsize=256)
def _prepare(sparql: str, param_items: tuple[tuple[str, str], ...], named: NamedQuery | None,
             allow_service: bool) -> str:
    """:func:`prepare`, remembered: a query run again is not parsed and checked again."""
    params = dict(param_items)
    if named is not None:
        known = {p.name: p for p in named.params}
        for k in params:
            if k not in known:
                expected = ", ".join(known) or "none"
                raise QueryError(f"named query {named.name!r} has no parameter {k!r}; its parameters: {expected}")
        for p in named.params:
            if p.name not in params:
                if p.default is None:
                    raise QueryError(f"named query {named.name!r} needs --param {p.name}=… ({p.help})")
                params[p.name] = p.default
    text, added = add_prefixes(sparql)
    check_service(check_syntax(text, line_offset=added), allow_service=allow_service)
    return bind_params(text, params, named.literals if named is not None else ())


# ---------------------------------------------------------------------------------- running
def query(dataset, sparql: str, *, params: Mapping[str, str] | None = None, allow_service: bool = False,
          native: bool = False) -> Result:
    """Run a SPARQL query (or a named query's name) on a dataset.

    :param dataset: a build opened with :func:`kg.graph.store.open_build`, a ``pyoxigraph.Store`` (see
        :func:`kg.graph.store.load_store`) or an rdflib ``Dataset`` (see :func:`kg.graph.store.load`).
    :param sparql: the query text, or the name of a named query.
    :param params: values of the query's variables, as strings.
    :param allow_service: run a federated ``SERVICE`` the query names (it calls that endpoint over the network);
        by default such a query is refused before anything runs.
    :param native: on an Oxigraph store, leave the values as pyoxigraph terms instead of making rdflib
        terms of them (the formats of :mod:`kg.graph.results` read both; it spares importing rdflib).
    :returns: the rows, boolean or triples.
    :raises QueryError: if the query is malformed, names an unknown prefix or query, calls a SERVICE that was not
        allowed, or fails to run.
    """
    text, named = resolve(sparql)
    prepared = prepare(text, params=params, named=named, allow_service=allow_service)
    try:
        from .store import inner_store

        inner = inner_store(dataset)
        if inner is not None:
            return _query_oxigraph(inner, prepared, native=native)
        from .results import from_rdflib

        res = dataset.query(prepared)
        return from_rdflib(res)
    except QueryError:
        raise
    except Exception as e:  # engines raise many kinds of evaluation errors
        raise QueryError(f"query failed: {type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}") from e


def _query_oxigraph(store, prepared: str, *, native: bool = False) -> Result:
    """Run a prepared query on a pyoxigraph store: on its default graph if that holds triples (the merge
    written by ``kg build``), else on the union of its named graphs.

    Unless ``native``, terms become the same rdflib terms oxrdflib would make (a plain literal keeps its
    ``xsd:string`` datatype), each distinct term converted once.
    """
    import itertools

    import pyoxigraph as ox

    if native:
        def term(t):
            return t
    else:
        from .results import rdflib_term

        cache: dict = {}

        def term(t):
            if t is None:
                return None
            hit = cache.get(t)
            if hit is None:
                hit = cache[t] = rdflib_term(t)
            return hit

    merged = next(itertools.islice(store.quads_for_pattern(None, None, None, ox.DefaultGraph()), 1), None)
    res = store.query(prepared, use_default_graph_as_union=merged is None)
    if isinstance(res, ox.QueryBoolean):
        return Result("ask", boolean=bool(res))
    if isinstance(res, ox.QuerySolutions):
        variables = tuple(v.value for v in res.variables)
        width = range(len(variables))
        if native:
            rows = tuple(tuple(sol[i] for i in width) for sol in res)
        else:
            rows = tuple(tuple(term(sol[i]) for i in width) for sol in res)
        return Result("select", variables=variables, rows=rows)
    from .results import _sort_key, rdflib_term

    triples = {(rdflib_term(t.subject), rdflib_term(t.predicate), rdflib_term(t.object)) for t in res}
    return Result("graph", triples=tuple(sorted(triples, key=lambda t: tuple(_sort_key(x) for x in t))))


def remote(endpoint: str, sparql: str, *, params: Mapping[str, str] | None = None,
           timeout: float = 60.0) -> Result:
    """Send a query to a SPARQL 1.1 endpoint (HTTP POST ``application/sparql-query``).

    The query is checked locally with parsers only (nothing runs here, so a ``SERVICE`` it names is the endpoint's
    business), and the whole exchange — connecting, waiting, reading — must end within ``timeout`` seconds.

    :param endpoint: the endpoint URL, e.g. ``http://127.0.0.1:7878/query``.
    :param timeout: seconds to wait for the complete answer.
    :raises QueryError: if the query is malformed, the endpoint cannot be reached, answers an HTTP error or
        does not finish answering in time.
    """
    import json
    import threading
    import urllib.error
    import urllib.request

    if not endpoint.startswith(("http://", "https://")):
        raise QueryError(f"endpoint {endpoint!r} is not an http(s) URL")
    if timeout <= 0:
        raise QueryError(f"--timeout must be positive, not {timeout:g}")
    text, named = resolve(sparql)
    prepared = prepare(text, params=params, named=named, allow_service=True)
    req = urllib.request.Request(endpoint, data=prepared.encode("utf-8"), method="POST", headers={
        "Content-Type": "application/sparql-query; charset=utf-8",
        "Accept": "application/sparql-results+json, application/n-triples;q=0.9",
    })
    late = QueryError(f"endpoint {endpoint} did not answer within {timeout:g} s (--timeout)")
    answer: dict = {}

    def exchange() -> None:  # in a thread, so that one deadline bounds connecting, waiting and reading together
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                answer["ctype"] = resp.headers.get("Content-Type", "").split(";")[0].strip()
                answer["body"] = resp.read()
        except urllib.error.HTTPError as e:
            answer["error"] = e
            answer["detail"] = e.read(4096)
        except BaseException as e:  # handed to the caller's thread
            answer["error"] = e

    worker = threading.Thread(target=exchange, name="kg-query-remote", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise late
    error = answer.get("error")
    if isinstance(error, urllib.error.HTTPError):
        detail = answer["detail"].decode("utf-8", "replace").strip().splitlines()
        raise QueryError(f"endpoint {endpoint} answered HTTP {error.code} {error.reason}"
                         + (f": {detail[0][:200]}" if detail else "")) from error
    if isinstance(error, TimeoutError) or isinstance(getattr(error, "reason", None), TimeoutError):
        raise late from error
    if isinstance(error, (urllib.error.URLError, OSError)):
        raise QueryError(f"cannot reach endpoint {endpoint}: {getattr(error, 'reason', error)}") from error
    if error is not None:
        raise QueryError(f"endpoint {endpoint}: {type(error).__name__}: {error}") from error
    ctype, body = answer["ctype"], answer["body"]
    if ctype in ("application/sparql-results+json", "application/json"):
        from .results import from_sparql_json

        try:
            return from_sparql_json(json.loads(body.decode("utf-8")))
        except (ValueError, KeyError, TypeError) as e:
            raise QueryError(f"endpoint {endpoint} sent malformed SPARQL JSON results: {e}") from e
    if ctype in ("application/n-triples", "text/plain", "application/n-quads"):
        from .results import from_ntriples

        return from_ntriples(body)
    raise QueryError(f"endpoint {endpoint} answered with unsupported content type {ctype!r}")


# ---------------------------------------------------------------------------------- DataFrames
_CACHE: dict[tuple, object] = {}


def _default_dataset(path: str | Path):
    """The build in ``path``, opened once per version of its store and ``kg.nq``."""
    from .store import MANIFEST_NAME, open_build, store_dir

    key = []
    for f in (store_dir(path) / MANIFEST_NAME, Path(path) / "kg.nq", Path(path)):
        try:
            st = f.stat()
            key.append((str(f.resolve()), st.st_mtime_ns, st.st_size))
        except OSError:
            key.append((str(f), None, None))
    key_t = tuple(key)
    if key_t not in _CACHE:
        _CACHE.clear()
        _CACHE[key_t] = open_build(path)
    return _CACHE[key_t]


def query_frame(sparql_or_name: str, /, *, dataset=None, path: str | Path = "data/kg", **params: str):
    """Run a query and return its rows as a pandas ``DataFrame`` with typed columns.

    Numbers come back as numbers: integers as ``Int64``, decimals and doubles as ``float64`` (use
    :func:`query` for exact ``Decimal`` values); ``xsd:date`` columns as ``datetime64``, ``xsd:gYearMonth``
    as ``Period[M]`` and ``xsd:gYear`` as ``Period[Y]``; IRIs and other literals as strings.

    >>> df = query_frame("honours")                          # doctest: +SKIP
    >>> list(df.columns)[:3]                                  # doctest: +SKIP
    ['recipient', 'role', 'award']

    :param sparql_or_name: query text or a named query's name.
    :param dataset: a loaded dataset; by default the build in ``path`` is loaded once and cached.
    :param params: values of the query's parameters.
    :raises QueryError: see :func:`query`; :class:`kg.errors.InputError` if nothing is built.
    """
    from .results import to_frame

    ds = dataset if dataset is not None else _default_dataset(path)
    return to_frame(query(ds, sparql_or_name, params=params))
