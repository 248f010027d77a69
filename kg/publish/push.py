"""Push the built graph into a SPARQL 1.1 Graph Store Protocol endpoint (Oxigraph, Fuseki, GraphDB …).

Every named graph of ``kg.nq`` — one per document, whose graph IRI is the document IRI, plus the
ontology graph — is sent with ``HTTP PUT <endpoint>?graph=<IRI>`` as N-Triples. PUT replaces the
graph, so pushing again leaves the store exactly as one push does. Triples in the default graph of
``kg.nq`` (the build writes none) are not sent: replacing a shared store's default graph would
destroy data that is not ours.

HTTP basic authentication is used when the environment variables ``KG_PUSH_USER`` and
``KG_PUSH_PASSWORD`` are set.
"""

from __future__ import annotations

import base64
import os
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, QueryError
from ..graph.vocab import DEFAULT_BASE

USER_VARIABLE = "KG_PUSH_USER"
PASSWORD_VARIABLE = "KG_PUSH_PASSWORD"
#: Seconds to wait for the store to accept one graph.
TIMEOUT = 300.0


@dataclass(frozen=True, slots=True)
class Pushed:
    """One graph sent: a short name (document id, or the graph IRI's last segment), the target
    graph IRI and the number of triples."""

    name: str
    graph: str
    triples: int


def _name(graph: str) -> str:
    doc_base = DEFAULT_BASE + "doc/"
    if graph.startswith(doc_base):
        return graph[len(doc_base):]
    tail = graph.rstrip("/#").rsplit("/", 1)[-1].split("#")[0]
    return tail or graph


def graphs_of(nquads: Path) -> dict[str, list]:
    """The named graphs of an N-Quads file: graph IRI → its triples (pyoxigraph), in file order.

    Raises ``InputError`` when the file is missing, malformed or holds no named graph.
    """
    import pyoxigraph as ox

    if not nquads.is_file():
        raise InputError(f"{nquads}: not found; build the graph first with `kg build` (or pass --data DIR)")
    graphs: dict[str, list] = {}
    try:
        for quad in ox.parse(path=str(nquads), format=ox.RdfFormat.N_QUADS):
            if isinstance(quad.graph_name, ox.NamedNode):
                graphs.setdefault(quad.graph_name.value, []).append(quad.triple)
    except SyntaxError as e:
        raise InputError(f"{nquads}: not valid N-Quads: {e}") from e
    if not graphs:
        raise InputError(f"{nquads}: holds no named graph to push; rebuild it with `kg build`")
    return graphs


def _auth_header() -> dict[str, str]:
    user, password = os.environ.get(USER_VARIABLE), os.environ.get(PASSWORD_VARIABLE)
    if user is None and password is None:
        return {}
    token = base64.b64encode(f"{user or ''}:{password or ''}".encode("utf-8")).decode("ascii")
    return {"Authorization": f"Basic {token}"}


def put_graph(endpoint: str, graph: str, ntriples: bytes) -> None:
    """Replace one graph of a Graph Store Protocol endpoint with N-Triples (``PUT ?graph=``).

    Raises ``QueryError`` with the HTTP status, reason and endpoint when the store refuses, or the
    reason when it cannot be reached.
    """
    sep = "&" if urllib.parse.urlsplit(endpoint).query else "?"
    url = f"{endpoint}{sep}graph={urllib.parse.quote(graph, safe='')}"
    request = urllib.request.Request(url, data=ntriples, method="PUT", headers={
        "Content-Type": "application/n-triples; charset=utf-8", **_auth_header()})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as reply:
            reply.read()
    except urllib.error.HTTPError as e:
        detail = e.read(300).decode("utf-8", "replace").strip().splitlines()
        more = f": {detail[0]}" if detail else ""
        raise QueryError(f"HTTP {e.code} {e.reason} from {endpoint} while pushing <{graph}>{more}") from e
    except urllib.error.URLError as e:
        raise QueryError(f"cannot reach {endpoint}: {e.reason}") from e
    except (TimeoutError, OSError) as e:
        raise QueryError(f"cannot reach {endpoint}: {e}") from e


def push(endpoint: str, *, data: Path | str = "data/kg", graph: str | None = None,
         progress: Callable[[Pushed], None] | None = None) -> tuple[Pushed, ...]:
    """Upload every document graph of ``<data>/kg.nq``, and the ontology graph, to a store.

    Parameters: ``endpoint`` the Graph Store Protocol URL (Oxigraph: ``http://host:7878/store``,
    Fuseki: ``http://host:3030/<dataset>/data``); ``data`` the directory ``kg build`` wrote;
    ``graph`` a graph IRI that replaces the document graph's own when there is exactly one document
    (the ontology graph keeps its IRI); ``progress`` called after each graph is sent.

    Returns what was pushed: the document graphs sorted by IRI, then the other graphs.

    Raises ``InputError`` for missing or malformed data, or ``graph`` with several documents;
    ``QueryError`` when the store refuses or cannot be reached (graphs sent before stay sent).
    """
    import pyoxigraph as ox

    if urllib.parse.urlsplit(endpoint).scheme not in ("http", "https"):
        raise InputError(f"--endpoint {endpoint!r} is not an http(s) URL, e.g. http://127.0.0.1:7878/store")
    graphs = graphs_of(Path(data) / "kg.nq")
    doc_base = DEFAULT_BASE + "doc/"
    targets = {iri: iri for iri in graphs}
    if graph is not None:
        documents = [iri for iri in graphs if iri.startswith(doc_base)] or list(graphs)
        if len(documents) != 1:
            raise InputError(f"--graph needs a single document, but {Path(data) / 'kg.nq'} holds "
                             f"{len(documents)}; push without --graph to keep each document's own graph")
        targets[documents[0]] = graph
    done: list[Pushed] = []
    # documents first, then the ontology (and any other graph), each group sorted: the same order
    # whatever the order of the quads in the file
    order = sorted(graphs, key=lambda iri: (not iri.startswith(doc_base), iri))
    for iri in order:
        triples = list(dict.fromkeys(graphs[iri]))  # a store counts each triple once
        body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
        put_graph(endpoint, targets[iri], body)
        item = Pushed(name=_name(iri), graph=targets[iri], triples=len(triples))
        done.append(item)
        if progress is not None:
            progress(item)
    return tuple(done)
