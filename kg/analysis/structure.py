"""Network analysis of the entity graph: who is central, which groups hang together, how two things connect.

Every function takes the ``networkx.MultiDiGraph`` made by :func:`kg.analysis.network.to_networkx` and answers in
the report's own words (node labels, relation labels), so the results can be read without IRIs.
Centrality and communities look at the undirected, simple view of the network: a relation links two
entities whichever way it is stated (a village *lies in* the town, the town *contains* the village).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal, NamedTuple

from ..errors import KGError

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

#: The centrality measures :func:`rank_centrality` knows.
CENTRALITY_KINDS: tuple[str, ...] = ("degree", "betweenness", "closeness")

CentralityKind = Literal["degree", "betweenness", "closeness"]


class PathStep(NamedTuple):
    """One hop of a path, as the relation states it: subject label, relation label, object label."""

    from_label: str
    relation_label: str
    to_label: str


def _simple(g: nx.MultiDiGraph) -> nx.Graph:
    """The undirected simple graph behind ``g`` (parallel and opposite edges merged), same node order."""
    import networkx as nx

    simple = nx.Graph()
    simple.add_nodes_from(g.nodes(data=True))
    simple.add_edges_from((u, v) for u, v in g.edges() if u != v)
    return simple


def rank_centrality(g: nx.MultiDiGraph, kind: CentralityKind = "degree", *, top: int | None = 10) -> pd.DataFrame:
    """The most central entities by ``kind``, best first.

    :param g: a network from :func:`kg.analysis.network.to_networkx`.
    :param kind: ``"degree"`` (share of the other entities linked directly), ``"betweenness"`` (share of
        shortest paths passing through) or ``"closeness"`` (inverse mean distance to the others).
    :param top: how many rows to keep; ``None`` keeps all.
    :returns: a DataFrame indexed by rank (1, 2, …) with the columns ``node`` (IRI), ``label``, ``type``
        and ``score``; ties are ordered by label, then IRI.
    :raises KGError: if ``kind`` is not one of :data:`CENTRALITY_KINDS` or ``top`` is negative.

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_nodes_from([("a", {"label": "镇", "type": "Town"}), ("b", {"label": "村", "type": "Village"})])
    >>> g.add_edge("b", "a", key="containedIn")
    'containedIn'
    >>> rank_centrality(g)["score"].tolist()
    [1.0, 1.0]
    """
    import networkx as nx
    import pandas as pd

    if kind not in CENTRALITY_KINDS:
        raise KGError(f"rank_centrality: unknown kind {kind!r}; use one of {', '.join(CENTRALITY_KINDS)}")
    if top is not None and top < 0:
        raise KGError(f"rank_centrality: top must be 0 or more, got {top}")
    simple = _simple(g)
    if kind == "degree":
        scores = nx.degree_centrality(simple)
    elif kind == "betweenness":
        scores = nx.betweenness_centrality(simple, normalized=True)
    else:
        scores = nx.closeness_centrality(simple)
    rows = [
        {
            "node": node,
            "label": simple.nodes[node].get("label", node),
            "type": simple.nodes[node].get("type", ""),
            "score": round(float(score), 6),
        }
        for node, score in scores.items()
    ]
    rows.sort(key=lambda r: (-r["score"], r["label"], r["node"]))
    if top is not None:
        rows = rows[:top]
    frame = pd.DataFrame(rows, columns=["node", "label", "type", "score"])
    frame.index = pd.RangeIndex(1, len(frame) + 1, name="rank")
    return frame


def communities(g: nx.MultiDiGraph, *, seed: int = 0, resolution: float = 1.0) -> list[set[str]]:
    """Groups of entities more linked among themselves than to the rest (Louvain), largest first.

    :param g: a network from :func:`kg.analysis.network.to_networkx`.
    :param seed: the random seed of the Louvain method; fixed so that the same graph gives the same groups.
    :param resolution: above 1 favours smaller groups, below 1 larger ones.
    :returns: a list of sets of node IRIs covering every node, ordered by size (descending), then by their
        smallest IRI.

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph([("a", "b"), ("c", "d")])
    >>> [sorted(c) for c in communities(g)]
    [['a', 'b'], ['c', 'd']]
    """
    from networkx.algorithms.community import louvain_communities

    simple = _simple(g)
    if simple.number_of_nodes() == 0:
        return []
    groups = louvain_communities(simple, seed=seed, resolution=resolution)
    return sorted((set(c) for c in groups), key=lambda c: (-len(c), min(c)))


def community_table(g: nx.MultiDiGraph, groups: list[set[str]]) -> pd.DataFrame:
    """One row per community: its number, size, the classes in it and its members' labels.

    :param g: the network the groups were found in.
    :param groups: the result of :func:`communities`.
    :returns: a DataFrame with the columns ``community`` (1, 2, …), ``size``, ``types`` (class: count, …)
        and ``members`` (labels joined by ``、``, the most connected first).
    """
    import pandas as pd

    rows = []
    for number, group in enumerate(groups, 1):
        members = sorted(group, key=lambda n: (-g.degree(n), g.nodes[n].get("label", n), n))
        counts: dict[str, int] = {}
        for n in members:
            kind = g.nodes[n].get("type", "")
            counts[kind] = counts.get(kind, 0) + 1
        rows.append({
            "community": number,
            "size": len(group),
            "types": ", ".join(f"{k}: {v}" for k, v in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))),
            "members": "、".join(g.nodes[n].get("label", n) for n in members),
        })
    return pd.DataFrame(rows, columns=["community", "size", "types", "members"])


def find_node(g: nx.MultiDiGraph, name: str) -> str:
    """The node whose IRI, label or English label is ``name``.

    :raises KGError: if no node or more than one node has that name.
    """
    if name in g:
        return name
    hits = sorted(n for n, d in g.nodes(data=True) if name in (d.get("label"), d.get("label_en")))
    if len(hits) == 1:
        return hits[0]
    if not hits:
        close = sorted(d.get("label", n) for n, d in g.nodes(data=True) if name in str(d.get("label", "")))
        hint = f"; labels containing it: {', '.join(close[:5])}" if close else ""
        raise KGError(f"no entity named {name!r} in the network{hint}; give a label or an IRI from g.nodes")
    raise KGError(f"{len(hits)} entities are named {name!r} ({', '.join(hits)}); give the IRI instead")


def explain_path(g: nx.MultiDiGraph, a: str, b: str, *, lang: str = "zh") -> list[PathStep]:
    """The shortest chain of relations between two entities, each hop explained by its edge.

    The path is searched in the undirected view (a relation connects both ways), but every step is
    reported the way the relation is stated, subject first: the chain 张三 → 东岭镇 → 北城区 reads
    ``(张三, 所属单位, 东岭镇), (东岭镇, 隶属于, 北城区)``.

    :param g: a network from :func:`kg.analysis.network.to_networkx`.
    :param a: where the path starts: a node IRI, Chinese label or English label.
    :param b: where it ends, likewise.
    :param lang: ``"zh"`` for Chinese relation labels, ``"en"`` for English ones.
    :returns: one :class:`PathStep` per hop (empty when ``a`` and ``b`` are the same entity).
    :raises KGError: if a name matches no entity or several, or if no path joins the two.

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_nodes_from([("v", {"label": "南塘村"}), ("t", {"label": "东岭镇"})])
    >>> g.add_edge("v", "t", key="containedIn", label="隶属于", label_en="contained in")
    'containedIn'
    >>> explain_path(g, "东岭镇", "南塘村")
    [PathStep(from_label='南塘村', relation_label='隶属于', to_label='东岭镇')]
    """
    import networkx as nx

    if lang not in ("zh", "en"):
        raise KGError(f"explain_path: unknown lang {lang!r}; use 'zh' or 'en'")
    start, end = find_node(g, a), find_node(g, b)
    try:
        nodes = nx.shortest_path(g.to_undirected(as_view=True), start, end)
    except nx.NetworkXNoPath as e:
        raise KGError(
            f"no chain of relations joins {a!r} and {b!r}: they lie in different parts of the network"
        ) from e
    label_key = "label" if lang == "zh" else "label_en"

    def name(n: str) -> str:
        data = g.nodes[n]
        return data.get(label_key) or data.get("label") or n

    steps: list[PathStep] = []
    for u, v in zip(nodes, nodes[1:]):
        forward = sorted((k, d) for k, d in g.get_edge_data(u, v, default={}).items())
        backward = sorted((k, d) for k, d in g.get_edge_data(v, u, default={}).items())
        if forward:
            key, data = forward[0]
            subj, obj = u, v
        else:
            key, data = backward[0]
            subj, obj = v, u
        relation = data.get(label_key) or data.get("label") or str(key)
        steps.append(PathStep(name(subj), relation, name(obj)))
    return steps
