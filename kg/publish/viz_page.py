"""What the network page embeds: every node and edge of the network with its layout, importance, community,
provenance and the view to open on.

Importance is the number of distinct entities a node is linked to, ties broken by the number of sentences
that mention it; it sizes the nodes and orders the labels (the page labels the most important nodes first,
and only where a label does not cover another). Communities are networkx's Louvain groups, drawn as soft
tinted areas and used to keep siblings together in the layout.
"""

from __future__ import annotations

import math
from typing import Any, Iterable

from ..graph.vocab import CLASSES
from .viz_graph import labels, search_key
from .viz_layout import Layout, structure_layout

#: Seed of the Louvain communities (fixed: the same graph gives the same groups).
COMMUNITY_SEED = 7
#: Communities smaller than this get no tinted area.
MIN_GROUP = 3
#: Above this many edges the page hides edges while zooming and dragging, and draws arrow heads only on the
#: selected node's links and on paths (each frame stays short).
LARGE_EDGES = 3000
#: Above this many nodes the page draws plain nodes in one path per shape and colour, not one by one.
BATCH_NODES = 1000


def _class_rank(cls: str) -> int:
    return CLASSES.index(cls) if cls in CLASSES else len(CLASSES)


def importance(g: Any) -> tuple[dict[str, float], tuple[str, ...]]:
    """Importance of every node: distinct linked entities, then (as a fraction) the sentences mentioning it.

    Args:
        g: a network from :func:`kg.publish.viz_graph.build_network`.

    Returns:
        node → importance, and the nodes from most to least important (ties by class, then IRI).

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph([("village", "town"), ("park", "town"), ("park", "town")])
    >>> g.nodes["park"]["sentences"] = ("r#s1", "r#s2")
    >>> importance(g)
    ({'village': 1.0, 'town': 2.0, 'park': 1.02}, ('town', 'park', 'village'))
    """
    neighbours: dict[str, set[str]] = {n: set() for n in g.nodes}
    for u, v in g.edges():
        if u != v:
            neighbours[u].add(v)
            neighbours[v].add(u)
    weight = {n: len(neighbours[n]) + min(len(g.nodes[n].get("sentences", ())), 99) / 100 for n in g.nodes}
    order = tuple(sorted(g.nodes, key=lambda n: (-weight[n], _class_rank(g.nodes[n].get("cls", "")), n)))
    return weight, order


def communities(g: Any) -> dict[str, int]:
    """Louvain communities of the linked nodes, numbered from the largest; unlinked nodes are left out.

    The method visits nodes in the graph's order, so it runs on a copy with sorted nodes and edges: the
    same network gives the same groups however it was assembled.
    """
    import networkx as nx

    from ..analysis.structure import communities as louvain

    canonical = nx.MultiDiGraph()
    canonical.add_nodes_from(sorted(n for n in g.nodes if g.degree(n) > 0))
    canonical.add_edges_from(sorted((u, v) for u, v in g.edges() if u != v))
    return {n: i for i, group in enumerate(louvain(canonical, seed=COMMUNITY_SEED)) for n in group}


def node_size(degree: float) -> int:
    """Radius of a node on the canvas, from the number of entities it is linked to.

    >>> node_size(0), node_size(4), node_size(49), node_size(400)
    (9, 16, 33, 40)
    """
    return min(40, 9 + round(3.5 * math.sqrt(int(degree))))


def label_px(degree: float, top: float) -> int:
    """Screen size of a node's label: 12 px, up to 16 px for the best-linked nodes (``top`` links).

    >>> label_px(0, 49), label_px(12, 49), label_px(49, 49)
    (12, 14, 16)
    """
    return 12 + (round(4 * math.sqrt(int(degree) / top)) if top >= 1 else 0)


def _relation_label(rel: str) -> str:
    zh = labels()["relations"].get(rel)
    return f"{zh} {rel}" if zh else rel


def layout_for(g: Any, weight: dict[str, float], groups: dict[str, int], *, root: str | None = None) -> Layout:
    table = labels()
    return structure_layout(
        g, importance=weight, groups=groups, root=root, backbone=table.get("backbone", {}),
        affinity=table.get("affinity", {}), class_order={c: i for i, c in enumerate(CLASSES)},
        size={n: node_size(weight[n]) for n in g.nodes})


def _options(*, large: bool) -> dict[str, Any]:
    table = labels()["classes"]
    groups = {name: {"shape": c["shape"], "color": {"background": c["color"], "border": "#444",
                                                    "highlight": {"background": c["color"], "border": "#000"},
                                                    "hover": {"background": c["color"], "border": "#000"}}}
              for name, c in table.items()}
    return {
        "autoResize": True,
        "groups": groups,
        "nodes": {"borderWidth": 1, "borderWidthSelected": 3, "font": {"size": 12, "face": "sans-serif"}},
        "edges": {"arrows": {"to": {"enabled": not large, "scaleFactor": 0.45}}, "smooth": False, "width": 1,
                  "selectionWidth": 2,
                  "color": {"color": "#a8a8a8", "highlight": "#333", "hover": "#555", "inherit": False},
                  "font": {"size": 12, "align": "top", "color": "#333", "strokeWidth": 3, "strokeColor": "#fff"}},
        "layout": {"improvedLayout": False, "randomSeed": 7},
        "physics": {"enabled": False},
        "interaction": {"hover": not large, "tooltipDelay": 250, "hideEdgesOnDrag": large,
                        "hideEdgesOnZoom": large, "zoomSpeed": 0.8},
    }


def page_data(g: Any, *, title: str, view: Iterable[str] | None = None, focus: Iterable[str] = ()) -> dict[str, Any]:
    """The JSON the page script reads.

    Args:
        g: the network to embed (every node can be shown and expanded).
        title: page title.
        view: the nodes to open on (a focused view, laid out on its own around ``focus``); ``None`` opens on all.
        focus: the centres of the focused view.

    Returns:
        A JSON-ready dict; the same network and arguments always give the same dict.
    """
    table = labels()
    order = sorted(g.nodes, key=lambda n: (_class_rank(g.nodes[n]["cls"]), n))
    index = {n: i for i, n in enumerate(order)}
    weight, ranked = importance(g)
    groups = communities(g)
    lay = layout_for(g, weight, groups)
    top = max((int(w) for w in weight.values()), default=1) or 1
    info, xs, ys, sizes, px = [], [], [], [], []
    for n in order:
        d = g.nodes[n]
        keys = sorted({search_key(v) for v in d["labels"].values()}
                      | {search_key(f.value) for f in d["facts"] if f.key == "alias"})
        info.append({"iri": d["iri"], "cls": d["cls"], "labels": d["labels"], "keys": keys,
                     "facts": [[f.key, f.value, list(f.sources)] for f in d["facts"]],
                     "sentences": list(d["sentences"])})
        x, y = lay.positions[n]
        xs.append(x)
        ys.append(y)
        sizes.append(node_size(weight[n]))
        px.append(label_px(weight[n], top))
    edges = [[index[u], index[v], rel, list(sents or ())]
             for u, v, rel, sents in sorted(g.edges(data="sentences", keys=True),
                                            key=lambda e: (index[e[0]], index[e[1]], e[2]))]
    counts: dict[str, int] = {}
    for n in order:
        counts[g.nodes[n]["cls"]] = counts.get(g.nodes[n]["cls"], 0) + 1
    classes = [{"name": c, "zh": table["classes"].get(c, {}).get("zh", c),
                "color": table["classes"].get(c, {}).get("color", "#97c2fc"),
                "shape": table["classes"].get(c, {}).get("shape", "dot"), "count": counts[c]}
               for c in sorted(counts, key=_class_rank)]
    sizes_of = {}
    for n, c in groups.items():
        sizes_of[c] = sizes_of.get(c, 0) + 1
    group = [groups[n] if sizes_of.get(groups.get(n, -1), 0) >= MIN_GROUP else -1 for n in order]
    view_data: dict[str, Any] = {"mode": "all"}
    if view is not None:
        shown = sorted(index[n] for n in view)
        centres = sorted(index[n] for n in focus)
        sub = g.subgraph([order[i] for i in shown])
        local = layout_for(sub, weight, groups, root=order[centres[0]] if centres else None)
        view_data = {"mode": "explore", "nodes": shown, "focus": centres,
                     "x": [local.positions[order[i]][0] for i in shown],
                     "y": [local.positions[order[i]][1] for i in shown]}
    box = None
    if lay.box is not None:
        left, top_, width, height = lay.box
        box = {"x": left, "y": top_, "w": width, "h": height, "count": len(lay.unconnected)}
    sentence_text = g.graph.get("sentence_text", {})
    return {
        "title": title, "info": info, "x": xs, "y": ys, "size": sizes, "px": px, "group": group,
        "rank": [index[n] for n in ranked], "edges": edges, "view": view_data, "box": box,
        "classes": classes, "relations": {r: _relation_label(r) for r in sorted({e[2] for e in edges})},
        "documents": [{"id": k, "title": v.get("title", ""), "year": v.get("year", "")}
                      for k, v in g.graph.get("documents", {}).items()],
        "sentences": sentence_text,
        "sentenceYear": {k: v for k, v in g.graph.get("sentence_year", {}).items() if k in sentence_text},
        "factNames": {k: f"{v} {k}" for k, v in table["facts"].items()},
        "classNames": {k: v["zh"] for k, v in table["classes"].items()},
        "options": _options(large=len(edges) > LARGE_EDGES), "batch": BATCH_NODES,
    }
