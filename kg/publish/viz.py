"""The interactive network explorer: the knowledge graph as one self-contained, offline HTML page.

The page inlines vis-network's script and stylesheet from the copy the pyvis package ships (pyvis's own
templates fetch Bootstrap and vis-network from CDNs, and its ``from_nx`` is quadratic, so kg writes the page
itself). Every node and edge of the network travels as JSON in a ``<script type="application/json">``
block with its precomputed position (:mod:`kg.publish.viz_layout`), importance and community
(:mod:`kg.publish.viz_page`); the page script only ever sets ``textContent``, so labels and sentences are
always shown as text. Nothing moves by physics: the same graph gives the same page, byte for byte.

In the page: the most important labels are drawn first and a label is skipped where it would cover
another, so the first view is readable and more names appear as you zoom; a click shows a node's details
and its relations, a double-click opens a focused view of its neighbours and grows it; two names give the
shortest path with the sentences behind each link; classes, documents, years and unconnected entities can
be filtered.
"""

from __future__ import annotations

import html
import json
import os
import re
import tempfile
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterable

from ..errors import InputError
from .viz_graph import build_network, find_nodes, select

__all__ = ["network", "render", "write", "show", "write_for_build", "page_source", "BuildPage", "InlinePage",
           "PAGE_NAME", "BUILD_PAGE_LIMIT"]

#: The page ``kg build`` writes beside the graph.
PAGE_NAME = "network.html"
#: ``kg build`` writes no page for networks larger than this.
BUILD_PAGE_LIMIT = 30_000
#: A focused page of a build with at most this many entities holds them all (the whole graph is read in a
#: second or two); of a bigger build, only the part around the focus that it opens on.
FOCUS_WHOLE_LIMIT = 1_000
#: Script files of the page, in the order they run (they share ``window.kgViz``).
SCRIPTS = ("core.js", "labels.js", "explore.js", "app.js")
_VIS_DIR = "templates/lib/vis-9.1.2"
_NOTICE = ("Drawn with vis-network 9.1.2 (© 2011-2017 Almende B.V., © 2017-2019 visjs contributors; "
           "dual licensed Apache-2.0 / MIT; licence header kept in the inlined script), shipped by pyvis.")


def network(graph: Any, *, focus: str | None = None, depth: int = 2, types: Iterable[str] | None = None,
            include_plumbing: bool = False):
    """The entity network of an RDF graph as a networkx ``MultiDiGraph``, cut as the page would draw it.

    Args:
        graph: an rdflib ``Dataset`` (all named graphs) or ``Graph`` following kg's vocabulary.
        focus: a name (Simplified, Traditional, pinyin with or without tones, English, alias or IRI) to
            centre on; ``None`` keeps the whole graph.
        depth: links to follow from the focus, either direction.
        types: class local names to keep, e.g. ``("Person", "Award", "GovernmentBody")``.
        include_plumbing: also draw observations, conferrals, plan items, sentences and documents.

    Returns:
        ``MultiDiGraph`` keyed by IRI; node attributes ``cls``, ``labels``, ``facts``, ``sentences``, ``iri``;
        edge attribute ``rel``.

    Raises:
        InputError: unknown focus name (with close candidates), unknown type (with the known ones).
    """
    g = build_network(graph, include_plumbing=include_plumbing)
    return select(g, focus=focus, depth=depth, types=types)


@cache
def _asset(name: str) -> str:
    return resources.files("kg").joinpath(f"data/viz/{name}").read_text(encoding="utf-8")


@cache
def _vis(name: str) -> str:
    import pyvis

    path = Path(pyvis.__file__).parent / _VIS_DIR / name
    try:
        return path.read_text(encoding="utf-8")
    except OSError as e:
        raise InputError(f"{path}: vis-network is missing from the pyvis installation; reinstall pyvis 0.3.x") from e


def _json_for_script(obj: Any) -> str:
    # "<" never appears raw, so neither "</script>" nor "<!--" can end or confuse the data block.
    text = json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def render(graph: Any, *, focus: str | None = None, depth: int = 2, types: Iterable[str] | None = None,
           include_plumbing: bool = False, title: str = "kg 知识图谱 network") -> str:
    """Draw a knowledge graph as one self-contained HTML page (no request to any other host).

    Args:
        graph: an rdflib ``Dataset`` or ``Graph`` following kg's vocabulary.
        focus: open on this entity (Simplified, Traditional or pinyin name) and what lies within ``depth``
            links of it; the page still holds the whole network, so the view can be grown by double-clicks
            and "show all" shows everything. ``None`` opens on the whole network.
        depth: links to follow from the focus.
        types: class local names to draw; ``None`` draws every entity class.
        include_plumbing: also draw observations, conferrals, plan items, sentences and documents.
        title: the page title (shown as text).

    Returns:
        The page as a string; the same graph and arguments always give the same string.

    Raises:
        InputError: unknown focus or type, or a graph with no entity to draw.
    """
    g = network(graph, types=types, include_plumbing=include_plumbing)
    if g.number_of_nodes() == 0:
        what = f" of type {', '.join(types)}" if types else ""
        raise InputError(f"the graph has no entity{what} to draw; build it first with `kg build`")
    return _page(g, focus=focus, depth=depth, title=title)


def _page(g: Any, *, focus: str | None = None, depth: int = 2, title: str = "kg 知识图谱 network") -> str:
    from .viz_page import page_data

    if focus is None:
        data = page_data(g, title=title)
    else:
        view = select(g, focus=focus, depth=depth)
        data = page_data(g, title=title, view=view.nodes, focus=find_nodes(g, focus))
    parts = {
        "TITLE": html.escape(title), "NOTICE": html.escape(_NOTICE), "DATA": _json_for_script(data),
        "VIS_CSS": _vis("vis-network.css"), "VIS_JS": _vis("vis-network.min.js"),
        "APP_CSS": _asset("app.css"), "APP_JS": "\n".join(_asset(name) for name in SCRIPTS),
    }
    return re.sub(r"@@([A-Z_]+)@@", lambda m: parts[m.group(1)], _asset("page.html"))


def _file_mode(target: Path) -> int:
    """The mode a plain new file would get (temporary files are private), or the replaced file's mode."""
    try:
        return target.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomic(target: Path, page: str) -> None:
    """Write atomically as UTF-8: a temporary file in the same folder, then a rename."""
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(page)
        os.chmod(tmp, _file_mode(target))
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write(graph: Any, path: str | os.PathLike[str], **kwargs: Any) -> Path:
    """Render the page and write it atomically as UTF-8 (a temporary file in the same folder, then a rename).

    Args:
        graph: as for :func:`render`.
        path: the HTML file to write; its folder must exist.
        **kwargs: ``focus``, ``depth``, ``types``, ``include_plumbing``, ``title`` as for :func:`render`.

    Returns:
        The path written.

    Raises:
        InputError: as :func:`render`; or the folder does not exist.
    """
    target = Path(path)
    if not target.parent.is_dir():
        raise InputError(f"{target.parent}: no such folder for the network page; create it or choose --out")
    write_atomic(target, render(graph, **kwargs))
    return target


@dataclass(frozen=True, slots=True)
class BuildPage:
    """What :func:`write_for_build` did: the page written (or ``None``) and, if none, why."""

    path: Path | None
    nodes: int
    reason: str = ""


def write_for_build(out_dir: str | os.PathLike[str], *, limit: int = BUILD_PAGE_LIMIT) -> BuildPage:
    """Remake the network page of a finished build (``<out_dir>/network.html``), or remove a stale one.

    Args:
        out_dir: the folder ``kg build`` wrote.
        limit: above this many entities no page is written (it would take minutes to make and be too big
            to use); ``kg viz --types`` or ``--focus`` draws a part.

    Returns:
        A :class:`BuildPage`. Without a page, an old ``network.html`` is removed, so that it cannot pass for
        the new graph.

    Raises:
        InputError: nothing is built in ``out_dir``.
    """
    from ..graph.store import open_build
    from .viz_source import whole_source

    target = Path(out_dir) / PAGE_NAME
    built = open_build(out_dir)
    least = _entities_at_least(built)
    if least > limit:  # too many for a page: said without reading the whole graph into Python
        target.unlink(missing_ok=True)
        return BuildPage(None, least, _too_many(least, limit))
    g = network(whole_source(built))
    n = g.number_of_nodes()
    reason = ""
    if n == 0:
        reason = "the graph has no entity to draw"
    elif n > limit:
        reason = _too_many(n, limit)
    if reason:
        target.unlink(missing_ok=True)
        return BuildPage(None, n, reason)
    write_atomic(target, _page(g))
    return BuildPage(target, n)


def page_source(built, *, focus: str | None = None, depth: int = 2, types: Iterable[str] | None = None,
                include_plumbing: bool = False, whole_up_to: int = FOCUS_WHOLE_LIMIT):
    """What a page of a build (opened with :func:`kg.graph.store.open_build`) is drawn from.

    The whole graph, unless a focused page is asked of a build with more than ``whole_up_to`` entities: then
    only what lies within ``depth`` links of the focus is read from the store, and the page costs the same
    whatever the size of the build.  A focused page of a small build holds every entity, so that a
    double-click can grow the view beyond ``depth``.

    Raises:
        InputError: as :func:`kg.publish.viz_source.focus_source`.
    """
    from .viz_source import focus_source, whole_source

    if focus is None or _entities_at_least(built) <= whole_up_to:
        return whole_source(built)
    return focus_source(built, focus, depth=depth, types=types, include_plumbing=include_plumbing)


def _too_many(n: int, limit: int) -> str:
    return f"{n:,} entities are more than one page can show ({limit:,}); draw a part with `kg viz --types` or `--focus`"


def _entities_at_least(built) -> int:
    """How many nodes the page of a build draws at least, counted in its store: those of an entity class
    and of no class the page draws only with the plumbing (the page gives each node its first class)."""
    from ..graph.query import query
    from ..graph.vocab import PREFIXES
    from .viz_graph import ENTITY_CLASSES, PLUMBING_CLASSES

    kg = PREFIXES["kg"]
    entity = " ".join(f"<{kg}{c}>" for c in ENTITY_CLASSES)
    plumbing = ", ".join(f"<{kg}{c}>" for c in PLUMBING_CLASSES)
    res = query(built, f"SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{ VALUES ?c {{ {entity} }} ?e a ?c "
                       f"FILTER NOT EXISTS {{ ?e a ?other FILTER(?other IN ({plumbing})) }} }}", native=True)
    return int(res.rows[0][0].value) if res.rows else 0


@dataclass(frozen=True, slots=True)
class InlinePage:
    """A network page that Jupyter shows inline: an iframe whose ``srcdoc`` is the whole page, so it works
    offline and its script stays apart from the notebook's."""

    page: str
    height: int = 640

    def _repr_html_(self) -> str:
        return (f'<iframe srcdoc="{html.escape(self.page, quote=True)}" sandbox="allow-scripts" '
                f'style="width:100%;height:{int(self.height)}px;border:1px solid #ccc"></iframe>')


def show(graph: Any, *, height: int = 640, **kwargs: Any) -> InlinePage:
    """The page for a Jupyter cell (make it the cell's last expression, or pass it to ``display``).

    Args:
        graph: as for :func:`render`.
        height: iframe height in pixels.
        **kwargs: as for :func:`render`.

    Returns:
        An :class:`InlinePage`, which Jupyter renders through its ``_repr_html_``.

    Raises:
        InputError: as :func:`render`.
    """
    return InlinePage(render(graph, **kwargs), height)
