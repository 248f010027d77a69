"""The interactive network explorer: the knowledge graph as one self-contained, offline HTML page.

The page is assembled with pyvis (one ``add_node`` / ``add_edge`` per entity and relation — never
``Network.from_nx``, which is quadratic) and written through kg's own template, which inlines
vis-network's script and stylesheet from the copy pyvis ships (pyvis's own templates fetch Bootstrap and
vis-network from CDNs). The data travels as JSON in a ``<script type="application/json">`` block and the
page script only ever sets ``textContent``, so labels and sentences are always shown as text.

Small graphs get a bounded physics run (then physics is switched off); larger ones are drawn at the
precomputed positions of :func:`kg.publish.viz_layout.ring_layout` with no physics at all.
"""

from __future__ import annotations

import html
import json
import math
import os
import re
import tempfile
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterable

from ..errors import InputError
from .viz_graph import build_network, labels, search_key, select
from ..graph.vocab import CLASSES

__all__ = ["network", "render", "write", "show", "InlinePage", "PHYSICS_LIMIT"]

#: Above this many nodes the page skips physics and draws the precomputed layout as it is.
PHYSICS_LIMIT = 1500
#: Upper bound of the physics iterations run before the page is shown (then physics is off).
STABILIZATION_ITERATIONS = 200
#: Above this many edges, relation names move from the edge itself into its hover text.
EDGE_LABEL_LIMIT = 4000
_VIS_DIR = "templates/lib/vis-9.1.2"
_NOTICE = ("Drawn with vis-network 9.1.2 (© 2011-2017 Almende B.V., © 2017-2019 visjs contributors; "
           "dual licensed Apache-2.0 / MIT; licence header kept in the inlined script) via pyvis.")


class _IdIndex(list):
    """pyvis keeps node ids in a list and tests membership on every ``add_node`` and ``add_edge``,
    which makes filling a network quadratic; this list answers ``in`` from a set instead."""

    def __init__(self) -> None:
        super().__init__()
        self._members: set[Any] = set()

    def append(self, item: Any) -> None:
        self._members.add(item)
        super().append(item)

    def __contains__(self, item: object) -> bool:
        return item in self._members


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


def _relation_label(rel: str) -> str:
    zh = labels()["relations"].get(rel)
    return f"{zh} {rel}" if zh else rel


def _size(degree: int) -> int:
    return min(48, 10 + round(4 * math.sqrt(degree)))


def _options(*, physics: bool, large: bool) -> dict[str, Any]:
    table = labels()["classes"]
    groups = {name: {"shape": c["shape"], "color": {"background": c["color"], "border": "#444",
                                                    "highlight": {"background": c["color"], "border": "#000"}}}
              for name, c in table.items()}
    return {
        "autoResize": True,
        "groups": groups,
        "nodes": {"font": {"size": 14, "face": "sans-serif", "strokeWidth": 3, "strokeColor": "#ffffff"},
                  "borderWidth": 1, "scaling": {"label": {"drawThreshold": 6}}},
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.5}}, "smooth": False,
                  "color": {"color": "#9a9a9a", "highlight": "#222", "hover": "#555"},
                  "font": {"size": 10, "align": "middle", "color": "#444", "strokeWidth": 2}},
        "layout": {"improvedLayout": False, "randomSeed": 7},
        "physics": {"enabled": physics, "solver": "barnesHut",
                    "barnesHut": {"gravitationalConstant": -3000, "springLength": 120, "springConstant": 0.03,
                                  "damping": 0.3, "avoidOverlap": 0.2},
                    "stabilization": {"enabled": physics, "iterations": STABILIZATION_ITERATIONS,
                                      "updateInterval": 25, "fit": True}},
        "interaction": {"hover": not large, "tooltipDelay": 200, "hideEdgesOnDrag": large,
                        "hideEdgesOnZoom": large},
    }


def _page_data(g: Any, *, title: str) -> dict[str, Any]:
    from pyvis.network import Network

    from .viz_layout import ring_layout

    table = labels()
    order = sorted(g.nodes, key=lambda n: (CLASSES.index(g.nodes[n]["cls"]) if g.nodes[n]["cls"] in CLASSES
                                           else len(CLASSES), n))
    index = {n: i for i, n in enumerate(order)}
    pos = ring_layout(g)
    n_nodes, n_edges = g.number_of_nodes(), g.number_of_edges()
    physics = 1 < n_nodes <= PHYSICS_LIMIT
    net = Network(directed=True, height="100%", width="100%")
    net.node_ids = _IdIndex()
    info = []
    degree = dict(g.to_undirected(as_view=True).degree())
    for n in order:
        d = g.nodes[n]
        hans = d["labels"]["zh-Hans"]
        cls = d["cls"]
        x, y = pos[n]
        tip = " · ".join([f"{table['classes'].get(cls, {}).get('zh', cls)} {cls}"]
                         + [d["labels"][k] for k in ("zh-Hans", "zh-Hant", "zh-Latn-pinyin", "en") if k in d["labels"]])
        net.add_node(index[n], label=hans, shape=table["classes"].get(cls, {}).get("shape", "dot"), group=cls,
                     size=_size(degree[n]), x=x, y=y, title=tip)
        keys = sorted({search_key(v) for v in d["labels"].values()}
                      | {search_key(f.value) for f in d["facts"] if f.key == "alias"})
        info.append({"iri": d["iri"], "cls": cls, "labels": d["labels"], "keys": keys,
                     "facts": [[f.key, f.value, list(f.sources)] for f in d["facts"]],
                     "sentences": list(d["sentences"])})
    edge_labels = n_edges <= EDGE_LABEL_LIMIT
    for u, v, rel in sorted(g.edges(data="rel"), key=lambda e: (index[e[0]], index[e[1]], e[2])):
        text = _relation_label(rel)
        if edge_labels:
            net.add_edge(index[u], index[v], label=text, title=text)
        else:
            net.add_edge(index[u], index[v], title=text)
    counts: dict[str, int] = {}
    for n in order:
        counts[g.nodes[n]["cls"]] = counts.get(g.nodes[n]["cls"], 0) + 1
    classes = [{"name": c, "zh": table["classes"].get(c, {}).get("zh", c),
                "color": table["classes"].get(c, {}).get("color", "#97c2fc"), "count": counts[c]}
               for c in sorted(counts, key=lambda c: CLASSES.index(c) if c in CLASSES else len(CLASSES))]
    fact_names = {k: f"{v} {k}" for k, v in table["facts"].items()}
    class_names = {k: v["zh"] for k, v in table["classes"].items()}
    return {"title": title, "nodes": net.nodes, "edges": net.edges, "options": _options(
        physics=physics, large=n_nodes > PHYSICS_LIMIT), "physics": physics, "info": info, "classes": classes,
        "sentences": g.graph.get("sentence_text", {}), "factNames": fact_names, "classNames": class_names}


def _json_for_script(obj: Any) -> str:
    # "<" never appears raw, so neither "</script>" nor "<!--" can end or confuse the data block.
    text = json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def render(graph: Any, *, focus: str | None = None, depth: int = 2, types: Iterable[str] | None = None,
           include_plumbing: bool = False, title: str = "kg 知识图谱 network") -> str:
    """Draw a knowledge graph as one self-contained HTML page (no request to any other host).

    Args:
        graph: an rdflib ``Dataset`` or ``Graph`` following kg's vocabulary.
        focus: centre on this entity name (Simplified, Traditional or pinyin); ``None`` draws everything.
        depth: links to follow from the focus.
        types: class local names to draw; ``None`` draws every entity class.
        include_plumbing: also draw observations, conferrals, plan items, sentences and documents.
        title: the page title (shown as text).

    Returns:
        The page as a string; the same graph and arguments always give the same string.

    Raises:
        InputError: unknown focus or type, or a graph with no entity to draw.
    """
    g = network(graph, focus=focus, depth=depth, types=types, include_plumbing=include_plumbing)
    if g.number_of_nodes() == 0:
        what = f" of type {', '.join(types)}" if types else ""
        raise InputError(f"the graph has no entity{what} to draw; build it first with `kg build`")
    data = _page_data(g, title=title)
    parts = {
        "TITLE": html.escape(title), "NOTICE": html.escape(_NOTICE), "DATA": _json_for_script(data),
        "VIS_CSS": _vis("vis-network.css"), "VIS_JS": _vis("vis-network.min.js"),
        "APP_CSS": _asset("app.css"), "APP_JS": _asset("app.js"),
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
    page = render(graph, **kwargs)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(page)
        os.chmod(tmp, _file_mode(target))
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


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
