"""The entity network as files for the tools people already use.

- ``graphml``: GraphML for Gephi, Cytoscape, yEd and networkx (``networkx.read_graphml``);
- ``gexf``: GEXF for Gephi, with the network page's positions, class colours and sizes (``viz:`` elements);
- ``csv-edges``: an edge list for pandas or Gephi's spreadsheet import, with a node table beside it
  (``network.csv`` and ``network.nodes.csv``), so that entities linked to nothing are not lost.

Nodes are keyed by IRI and carry their labels in every script (``zh_Hans``, ``zh_Hant``, ``pinyin``,
``en`` where the graph has one), class, codes (``divisionCode`` where the graph states one), aliases,
importance, community and position; edges carry their relation and its provenance (sentence ids, sentence
texts, documents, years). They are the nodes and edges the network page holds, so counts agree.
"""

from __future__ import annotations

import csv
import io
import os
import re
from enum import Enum
from pathlib import Path
from typing import Any, Iterable

from ..errors import InputError

__all__ = ["ExportFormat", "export_graph", "export", "node_table_path"]

#: Node columns of the CSV node table, in order (GraphML and GEXF carry the same attributes).
NODE_COLUMNS = ("id", "label", "zh_Hans", "zh_Hant", "pinyin", "en", "class", "class_zh", "divisionCode",
                "aliases", "degree", "community", "x", "y", "size", "color", "sentences", "documents")
#: Edge columns of the CSV edge list.
EDGE_COLUMNS = ("id", "source", "target", "source_label", "target_label", "relation", "relation_zh", "label",
                "sentence_ids", "sentence_texts", "documents", "years")
_LANG_COLUMNS = (("zh-Hans", "zh_Hans"), ("zh-Hant", "zh_Hant"), ("zh-Latn-pinyin", "pinyin"), ("en", "en"))


class ExportFormat(str, Enum):
    """File formats of :func:`export`."""

    GRAPHML = "graphml"
    GEXF = "gexf"
    CSV_EDGES = "csv-edges"

    @property
    def suffix(self) -> str:
        return {"graphml": ".graphml", "gexf": ".gexf", "csv-edges": ".csv"}[self.value]


def node_table_path(edges_path: str | os.PathLike[str]) -> Path:
    """Where ``csv-edges`` puts its node table.

    >>> node_table_path("out/network.csv").as_posix(), node_table_path("links").as_posix()
    ('out/network.nodes.csv', 'links.nodes.csv')
    """
    p = Path(edges_path)
    return p.with_name(f"{p.stem}.nodes{p.suffix or '.csv'}")


def _rgb(color: str) -> tuple[int, int, int]:
    c = color.lstrip("#")
    return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)


def export_graph(g: Any, *, root: str | None = None):
    """The network with flat, typed attributes that every format can hold.

    Args:
        g: a network from :func:`kg.publish.viz.network`.
        root: the node to put at the centre of the layout (the focus of a focused export).

    Returns:
        A ``networkx.MultiDiGraph``: nodes keyed by IRI with the :data:`NODE_COLUMNS` attributes (``id``
        aside; missing labels and codes left out), edges keyed ``e0``, ``e1`` … with the
        :data:`EDGE_COLUMNS` attributes (``id``, ``source``, ``target`` aside); the graph attribute
        ``name`` is empty. The same network always gives the same graph.
    """
    import networkx as nx

    from .viz_graph import labels
    from .viz_page import communities, importance, layout_for, node_size

    table = labels()
    weight, _ranked = importance(g)
    groups = communities(g)
    lay = layout_for(g, weight, groups, root=root)
    text = g.graph.get("sentence_text", {})
    years = g.graph.get("sentence_year", {})
    out = nx.MultiDiGraph()
    for n in sorted(g.nodes):
        d = g.nodes[n]
        cls = d["cls"]
        color = table["classes"].get(cls, {}).get("color", "#97c2fc")
        attrs: dict[str, Any] = {"label": d["labels"]["zh-Hans"]}
        for lang, column in _LANG_COLUMNS:
            if lang in d["labels"]:
                attrs[column] = d["labels"][lang]
        attrs["class"] = cls
        attrs["class_zh"] = table["classes"].get(cls, {}).get("zh", cls)
        codes = [f.value for f in d["facts"] if f.key == "divisionCode"]
        if codes:
            attrs["divisionCode"] = " ".join(codes)
        aliases = [f.value for f in d["facts"] if f.key == "alias"]
        if aliases:
            attrs["aliases"] = "; ".join(aliases)
        attrs["degree"] = int(weight[n])
        attrs["community"] = groups.get(n, -1)
        x, y = lay.positions[n]
        attrs["x"], attrs["y"] = float(x), float(-y)  # Gephi's y axis points up
        attrs["size"] = float(node_size(weight[n]))
        attrs["color"] = color
        attrs["sentences"] = " ".join(d["sentences"])
        attrs["documents"] = " ".join(sorted({s.partition("#")[0] for s in d["sentences"]}))
        out.add_node(n, **attrs)
    relations = table["relations"]
    for k, (u, v, rel, sents) in enumerate(sorted(g.edges(keys=True, data="sentences"))):
        sents = tuple(sents or ())
        out.add_edge(u, v, key=f"e{k}", relation=rel, relation_zh=relations.get(rel, rel),
                     label=f"{relations[rel]} {rel}" if rel in relations else rel,
                     sentence_ids=" ".join(sents), sentence_texts="\n".join(text.get(s, "") for s in sents),
                     documents=" ".join(sorted({s.partition("#")[0] for s in sents})),
                     years=" ".join(sorted({years[s] for s in sents if s in years})))
    return out


def _graphml(out: Any) -> str:
    import networkx as nx

    return "\n".join(nx.generate_graphml(out, encoding="utf-8", prettyprint=True)) + "\n"


def _gexf(out: Any) -> str:
    import networkx as nx

    g = out.copy()
    for n, d in g.nodes(data=True):
        r, gr, b = _rgb(d["color"])
        d["viz"] = {"position": {"x": d["x"], "y": d["y"], "z": 0.0}, "size": d["size"],
                    "color": {"r": r, "g": gr, "b": b, "a": 1.0}}
    for u, v, key, d in g.edges(keys=True, data=True):
        d["id"] = key
    text = "\n".join(nx.generate_gexf(g, encoding="utf-8", prettyprint=True)) + "\n"
    # networkx stamps today's date into <meta>: leave it out, so that the same graph gives the same file
    return re.sub(r'<meta lastmodifieddate="[^"]*">', "<meta>", text, count=1)


def _csv(rows: Iterable[dict[str, Any]], columns: tuple[str, ...]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n")
    w.writeheader()
    for row in rows:
        w.writerow({c: row.get(c, "") for c in columns})
    return buf.getvalue()


def export(graph: Any, path: str | os.PathLike[str], *, fmt: ExportFormat | str = ExportFormat.GRAPHML,
           focus: str | None = None, depth: int = 2, types: Iterable[str] | None = None,
           include_plumbing: bool = False) -> tuple[Path, ...]:
    """Write the entity network of a graph for Gephi, Cytoscape, networkx or pandas.

    Args:
        graph: an rdflib ``Dataset`` or ``Graph`` following kg's vocabulary.
        path: the file to write (``csv-edges`` also writes :func:`node_table_path` of it); its folder must exist.
        fmt: an :class:`ExportFormat` or its value.
        focus, depth, types, include_plumbing: as for :func:`kg.publish.viz.network`.

    Returns:
        The files written (atomically, UTF-8).

    Raises:
        InputError: unknown format, focus or type; a graph with no entity; a missing folder.
    """
    from .viz import network, write_atomic

    try:
        fmt = ExportFormat(fmt)
    except ValueError:
        known = ", ".join(f.value for f in ExportFormat)
        raise InputError(f"unknown export format {fmt!r}; known formats: {known}") from None
    target = Path(path)
    if not target.parent.is_dir():
        raise InputError(f"{target.parent}: no such folder for the export; create it or choose --out")
    g = network(graph, focus=focus, depth=depth, types=types, include_plumbing=include_plumbing)
    if g.number_of_nodes() == 0:
        raise InputError("the graph has no entity to export; build it first with `kg build`")
    root = None
    if focus is not None:
        from .viz_graph import find_nodes

        root = find_nodes(g, focus)[0]
    out = export_graph(g, root=root)
    if fmt is ExportFormat.GRAPHML:
        write_atomic(target, _graphml(out))
        return (target,)
    if fmt is ExportFormat.GEXF:
        write_atomic(target, _gexf(out))
        return (target,)
    nodes_path = node_table_path(target)
    nodes = ({"id": n, **d} for n, d in out.nodes(data=True))
    edges = ({"id": k, "source": u, "target": v, "source_label": out.nodes[u]["label"],
              "target_label": out.nodes[v]["label"], **d} for u, v, k, d in out.edges(keys=True, data=True))
    write_atomic(target, _csv(edges, EDGE_COLUMNS))
    write_atomic(nodes_path, _csv(nodes, NODE_COLUMNS))
    return (target, nodes_path)
