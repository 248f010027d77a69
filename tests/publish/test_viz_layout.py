"""The precomputed layout: containment reads upwards, things sit by what they belong to, nothing overlaps,
unconnected entities are boxed, and the same graph always gives the same positions."""

from __future__ import annotations

import math
import random

import networkx as nx
import pytest

from kg.publish.viz_layout import structure_layout
from kg.publish.viz_page import communities, importance, layout_for, node_size

BACKBONE = {"containedIn": 6, "phaseOf": 5, "location": 5, "affiliation": 4}
AFFINITY = {"received": 3, "conferred": 2, "participatesIn": 2}


def _region(shuffle: int | None = None) -> nx.MultiDiGraph:
    """An invented region: a province, a city, a district, two towns with villages, parks with enterprises
    and projects, people, an award, and three things linked to nothing."""
    edges = [("市", "省", "containedIn"), ("区", "市", "containedIn"), ("甲镇", "区", "containedIn"),
             ("乙镇", "区", "containedIn")]
    nodes = {"省": "Province", "市": "City", "区": "District", "甲镇": "Town", "乙镇": "Town", "奖": "Award",
             "委": "GovernmentBody", "孤企": "Enterprise", "孤项": "Project", "孤人": "Person"}
    for t in ("甲镇", "乙镇"):
        for k in range(6):
            v = f"{t}{k}村"
            nodes[v] = "Village"
            edges.append((v, t, "containedIn"))
            nodes[f"{v}书记"] = "Person"
            edges.append((f"{v}书记", v, "affiliation"))
        for p in range(2):
            park = f"{t}{p}园"
            nodes[park] = "IndustrialPark"
            edges.append((park, t, "containedIn"))
            for e in range(4):
                firm = f"{park}{e}企"
                nodes[firm] = "Enterprise"
                edges.append((firm, park, "location"))
            nodes[f"{park}项目"] = "Project"
            edges.append((f"{park}项目", park, "location"))
            edges.append((f"{park}项目", "甲镇0村", "participatesIn"))  # a cross link
    edges += [("甲镇0村书记", "奖", "received"), ("委", "奖", "conferred")]
    g = nx.MultiDiGraph()
    items = sorted(nodes.items())
    if shuffle is not None:
        random.Random(shuffle).shuffle(items)
        random.Random(shuffle).shuffle(edges)
    for n, c in items:
        g.add_node(n, cls=c, labels={"zh-Hans": n}, sentences=())
    for u, v, rel in edges:
        g.add_edge(u, v, key=rel, rel=rel)
    return g


def _layout(g):
    w, _ = importance(g)
    return layout_for(g, w, communities(g))


@pytest.fixture(scope="module")
def region():
    g = _region()
    return g, _layout(g)


def test_containment_reads_upwards(region):
    g, lay = region
    y = {n: xy[1] for n, xy in lay.positions.items()}
    assert y["省"] < y["市"] < y["区"]
    assert y["区"] < (y["甲镇"] + y["乙镇"]) / 2


def _dist(p, q):
    return math.dist(p, q)


def test_things_sit_by_what_they_belong_to(region):
    g, lay = region
    pos = lay.positions
    parks = [n for n, c in g.nodes(data="cls") if c == "IndustrialPark"]
    towns = [n for n, c in g.nodes(data="cls") if c == "Town"]
    for u, v, rel in g.edges(keys=True):
        if rel == "location" and g.nodes[u]["cls"] == "Enterprise":
            assert min(parks, key=lambda p: _dist(pos[u], pos[p])) == v, u
        if rel == "containedIn" and g.nodes[u]["cls"] == "Village":
            assert min(towns, key=lambda t: _dist(pos[u], pos[t])) == v, u
        if rel == "affiliation":
            others = [n for n, c in g.nodes(data="cls") if c == "Village"]
            assert min(others, key=lambda n: _dist(pos[u], pos[n])) == v, u


def test_nodes_keep_apart(region):
    g, lay = region
    pts = list(lay.positions.items())
    for k, (a, p) in enumerate(pts):
        for b, q in pts[k + 1:]:
            assert _dist(p, q) >= node_size(0) * 2, (a, b)


def test_unconnected_entities_fill_one_box_by_class(region):
    g, lay = region
    assert set(lay.unconnected) == {"孤企", "孤项", "孤人"}
    left, top, width, height = lay.box
    for n in lay.unconnected:
        x, y = lay.positions[n]
        assert left < x < left + width and top < y < top + height
    linked = [xy for n, xy in lay.positions.items() if n not in lay.unconnected]
    assert max(y for _, y in linked) < top  # the box sits below the drawing
    assert [lay.positions[n] for n in lay.unconnected] == sorted(lay.positions[n] for n in lay.unconnected)
    assert lay.unconnected == ("孤企", "孤人", "孤项")  # Enterprise, Person, Project: the ontology's class order


def test_same_graph_same_positions():
    assert _layout(_region(shuffle=1)).positions == _layout(_region(shuffle=2)).positions == _layout(_region()).positions


def test_a_new_relation_moves_a_thing_next_to_its_container():
    g = _region()
    g.add_node("新企", cls="Enterprise", labels={"zh-Hans": "新企"}, sentences=())
    g.add_edge("新企", "甲镇0园0企", key="participatesIn", rel="participatesIn")
    before = _layout(g).positions
    g.add_edge("新企", "乙镇1园", key="location", rel="location")
    after = _layout(g).positions
    parks = [n for n, c in g.nodes(data="cls") if c == "IndustrialPark"]
    assert min(parks, key=lambda p: _dist(after["新企"], after[p])) == "乙镇1园"
    assert min(parks, key=lambda p: _dist(before["新企"], before[p])) != "乙镇1园"


def test_focus_is_the_root_of_its_component():
    g = _region()
    w, _ = importance(g)
    lay = layout_for(g, w, {}, root="甲镇3村书记")
    assert lay.root["甲镇"] == "甲镇3村书记" and lay.root["孤人"] == "孤人"


def test_components_do_not_overlap():
    g = _region()
    g.add_edge("孤企", "孤项", key="participatesIn", rel="participatesIn")
    lay = _layout(g)
    small = [lay.positions["孤企"], lay.positions["孤项"]]
    big = [xy for n, xy in lay.positions.items() if n not in ("孤企", "孤项", "孤人")]
    xs, ys = [x for x, _ in big], [y for _, y in big]
    assert all(not (min(xs) <= x <= max(xs) and min(ys) <= y <= max(ys)) for x, y in small)


def test_generic_graphs_without_classes_or_relations():
    g = nx.Graph([("a", "b"), ("b", "c"), ("x", "y")])
    g.add_node("z")
    lay = structure_layout(g)
    assert set(lay.positions) == {"a", "b", "c", "x", "y", "z"} and lay.unconnected == ("z",)
    assert structure_layout(nx.Graph()).positions == {}
