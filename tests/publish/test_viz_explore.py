"""The network page in Chromium: legible labels that never overlap, focused views grown by double-clicks,
shortest paths with their sentences, filters by class, document, year and unconnectedness.

Screenshots of the seed's first view, an expansion and a path go to artifacts/."""

from __future__ import annotations

import networkx as nx
import pytest

import kg.publish.viz as viz
from tests import viz_fixture as fx
from tests.conftest import ROOT
from tests.viz_browser import INK_JS, Visit, anchored, overlaps

ARTIFACTS = ROOT / "artifacts"
#: Smallest label size we count as legible, in CSS pixels.
LEGIBLE_PX = 12


@pytest.fixture(scope="module")
def seed_page(seed_graph, tmp_path_factory):
    return viz.write(seed_graph, tmp_path_factory.mktemp("explore") / "network.html")


@pytest.fixture()
def seed(browser, seed_page):
    v = Visit(browser, seed_page)
    yield v
    assert v.errors == [] and all(u.startswith("file://") for u in v.requests)
    v.page.close()


@pytest.fixture(scope="module")
def seed_net(seed_graph):
    return viz.network(seed_graph)


def _inside(b: dict, width: int, height: int) -> bool:
    return b["left"] >= 0 and b["top"] >= 0 and b["left"] + b["width"] <= width and b["top"] + b["height"] <= height


def _legible(report: dict) -> list[dict]:
    return [b for b in report["labels"] if b["px"] >= LEGIBLE_PX and _inside(b, report["width"], report["height"])]


# ------------------------------------------------------------------------------ labels
def test_first_view_shows_twenty_legible_labels_none_overlapping(seed):
    assert seed.page.evaluate("kgViz.batched") is False  # a small graph: vis-network draws every node
    ARTIFACTS.mkdir(exist_ok=True)
    seed.page.screenshot(path=str(ARTIFACTS / "viz-seed.png"))
    report = seed.labels()
    legible = _legible(report)
    assert len(legible) >= 20, [b["text"] for b in report["labels"]]
    assert overlaps(report["labels"]) == []
    # each box sits by its node where vis-network draws it, and holds drawn text
    assert [b["name"] for b in report["labels"] if not anchored(b)] == []
    ink = seed.page.evaluate(INK_JS)
    assert min(ink) > 0.02, [(b["text"], round(k, 3)) for b, k in zip(report["labels"], ink) if k <= 0.02]
    # the best-linked entity is labelled in the first view
    top = seed.page.evaluate("kgViz.info[kgViz.data.rank[0]].labels['zh-Hans']")
    assert top in {b["name"] for b in legible}


@pytest.mark.parametrize("zoom", [0.5, 1.7, 3.0, 6.0])
def test_labels_never_overlap_at_other_zooms(seed, zoom):
    seed.page.evaluate("z => kgViz.network.moveTo({scale: kgViz.network.getScale() * z, animation: false})", zoom)
    seed.settle()
    report = seed.labels()
    assert report["labels"] and overlaps(report["labels"]) == []
    assert all(anchored(b) for b in report["labels"])


def test_more_labels_appear_as_you_zoom_in(seed):
    before = {b["id"] for b in seed.labels()["labels"]}
    seed.page.evaluate("kgViz.network.moveTo({scale: kgViz.network.getScale() * 2.5, animation: false})")
    seed.settle()
    # the labels of the first view whose nodes are still on screen, far enough from its edges for a label on any
    # side of them (a node at the very edge may keep its label just off screen), against the labels drawn now
    on_screen = set(seed.page.evaluate("""() => { const nw = kgViz.network, c = nw.canvas.frame.canvas, m = 200;
        const a = nw.DOMtoCanvas({x: m, y: m}), b = nw.DOMtoCanvas({x: c.clientWidth - m, y: c.clientHeight - m});
        return kgViz.shownIds().filter(i => kgViz.pos.x[i] > a.x && kgViz.pos.x[i] < b.x
                                         && kgViz.pos.y[i] > a.y && kgViz.pos.y[i] < b.y); }"""))
    now = {b["id"] for b in seed.labels()["labels"]}
    assert len(now) > len(before & on_screen)
    assert before & on_screen <= now  # a label does not go away when zooming in


def test_selected_node_links_are_named_and_its_label_is_shown(seed, seed_net):
    i = seed.index("李韫哲")
    seed.click_node(seed.page.evaluate("i => kgViz.info[i].iri", i))
    seed.settle()
    assert i in {b["id"] for b in seed.labels()["labels"]}
    named = seed.page.evaluate("kgViz.edges.get({filter: e => e.label && e.label.trim()}).map(e => e.label)")
    iri = seed.page.evaluate("i => kgViz.info[i].iri", i)
    assert len(named) == seed_net.to_undirected(as_view=True).degree(iri) and "任职于 affiliation" in named
    seed.page.mouse.click(*_empty_spot(seed))
    seed.settle()
    assert seed.page.evaluate("kgViz.edges.get({filter: e => e.label && e.label.trim()}).length") == 0
    seed.click_node(iri)
    seed.page.keyboard.press("Escape")
    assert seed.selected() == [] and seed.page.is_hidden("#details")
    assert seed.page.evaluate("kgViz.edges.get({filter: e => e.label && e.label.trim()}).length") == 0


def _empty_spot(v: Visit) -> tuple[float, float]:
    box = v.page.evaluate("(() => { const r = document.getElementById('network').getBoundingClientRect(); "
                          "return [r.left + 5, r.bottom - 40]; })()")
    return box[0], box[1]


# ------------------------------------------------------------------------------ focused views
def _neighbours(g, iri: str) -> set[str]:
    u = g.to_undirected(as_view=True)
    return {g.nodes[n]["labels"]["zh-Hans"] for n in u.neighbors(iri)}


def test_double_click_opens_a_focused_view_and_grows_it(seed, seed_net):
    park = max((n for n, c in seed_net.nodes(data="cls") if c == "IndustrialPark"),
               key=lambda n: (seed_net.to_undirected(as_view=True).degree(n), n))
    name = seed_net.nodes[park]["labels"]["zh-Hans"]
    seed.double_click(seed.index(park))
    assert seed.page.evaluate("kgViz.state.mode") == "explore"
    first = _neighbours(seed_net, park) | {name}
    assert seed.shown() == first and not seed.page.is_hidden("#modebar")
    # grow from the best-linked neighbour
    nxt = max((n for n in seed_net.to_undirected(as_view=True).neighbors(park)),
              key=lambda n: (seed_net.to_undirected(as_view=True).degree(n), n))
    seed.double_click(seed.index(nxt))
    grown = seed.shown()
    assert grown == first | _neighbours(seed_net, nxt) and len(grown) > len(first)
    report = seed.labels()
    assert overlaps(report["labels"]) == [] and len(_legible(report)) >= 10
    # no two shown nodes on top of each other
    xy = seed.page.evaluate("kgViz.shownIds().map(i => [kgViz.pos.x[i], kgViz.pos.y[i]])")
    assert len({tuple(p) for p in xy}) == len(xy)
    seed.page.mouse.move(5, 5)  # no tooltip in the picture
    seed.settle()
    ARTIFACTS.mkdir(exist_ok=True)
    seed.page.screenshot(path=str(ARTIFACTS / "viz-seed-expand.png"))
    seed.page.click("#show-all")
    seed.settle()
    assert seed.page.evaluate("kgViz.state.mode") == "all" and len(seed.shown()) == seed_net.number_of_nodes()
    assert seed.page.evaluate("kgViz.info.every((_, i) => kgViz.pos.x[i] === kgViz.data.x[i] && kgViz.pos.y[i] === kgViz.data.y[i])")


def test_two_clicks_on_different_nodes_are_not_a_double_click(seed):
    a, b = seed.index("李韫哲"), seed.index("梁韶宝")
    seed.page.mouse.click(*seed.point(a, focus=True))
    seed.page.mouse.click(*seed.point(b, focus=True))  # the same screen spot, within the double-click delay
    seed.settle()
    assert seed.page.evaluate("kgViz.state.mode") == "all"


def test_focused_page_opens_on_the_focus_and_grows_beyond_it(browser, seed_graph, seed_net, tmp_path):
    page = viz.write(seed_graph, tmp_path / "focus.html", focus="李韫哲", depth=1)
    v = Visit(browser, page)
    person = next(n for n in seed_net if seed_net.nodes[n]["labels"]["zh-Hans"] == "李韫哲")
    start = _neighbours(seed_net, person) | {"李韫哲"}
    assert v.shown() == start and v.selected() == [person]
    town = next(n for n in seed_net.to_undirected(as_view=True).neighbors(person) if seed_net.nodes[n]["cls"] == "Town")
    v.double_click(v.index(town))
    assert v.shown() == start | _neighbours(seed_net, town)
    assert overlaps(v.labels()["labels"]) == [] and v.errors == []
    v.page.close()


# ------------------------------------------------------------------------------ paths
def test_path_between_two_searched_entities_is_drawn_and_listed_with_sentences(seed, seed_net):
    seed.page.fill("#path-from", "li yun zhe")
    seed.page.press("#path-from", "Enter")
    seed.page.fill("#path-to", "梁韶寶")  # Traditional
    seed.page.press("#path-to", "Enter")
    seed.settle()
    a = next(n for n in seed_net if seed_net.nodes[n]["labels"]["zh-Hans"] == "李韫哲")
    b = next(n for n in seed_net if seed_net.nodes[n]["labels"]["zh-Hans"] == "梁韶宝")
    hops = nx.shortest_path_length(seed_net.to_undirected(as_view=True), a, b)
    path = seed.page.evaluate("kgViz.state.path.nodes.map(i => kgViz.info[i].iri)")
    assert path[0] == a and path[-1] == b and len(path) == hops + 1
    steps = seed.page.eval_on_selector_all("#details .step", "els => els.map(e => e.querySelector('.step-head').textContent)")
    assert len(steps) == hops
    for step in seed.page.query_selector_all("#details .step"):
        texts = step.eval_on_selector_all(".sentence .text", "els => els.map(e => e.textContent)")
        assert texts and all(texts)
    text = seed.page.evaluate("kgViz.data.sentences")
    first = seed.page.evaluate("kgViz.data.edges[kgViz.state.path.edges[0]][3]")
    assert seed.page.eval_on_selector("#details .step .sentence .text", "e => e.textContent") == text[first[0]]
    red = seed.page.evaluate("kgViz.state.path.edges.map(k => kgViz.edges.get(k).color.color)")
    assert set(red) == {"#d62728"}
    shown = {b["id"] for b in seed.labels()["labels"]}
    assert set(seed.page.evaluate("kgViz.state.path.nodes")) <= shown  # every node of the path is named
    seed.page.mouse.move(5, 5)
    seed.settle()
    ARTIFACTS.mkdir(exist_ok=True)
    seed.page.screenshot(path=str(ARTIFACTS / "viz-seed-path.png"))
    seed.page.click("#path-clear")
    assert seed.page.evaluate("kgViz.state.path") is None


def test_hiding_a_class_reroutes_the_path_or_finds_none(seed, seed_net):
    town = next(n for n, c in seed_net.nodes(data="cls") if c == "Town")
    seed.page.click(f"#legend li[data-cls=Town]")
    seed.page.fill("#path-from", "李韫哲")
    seed.page.press("#path-from", "Enter")
    seed.page.fill("#path-to", "梁韶宝")
    seed.page.press("#path-to", "Enter")
    without = seed_net.to_undirected().copy()
    without.remove_node(town)
    a = next(n for n in seed_net if seed_net.nodes[n]["labels"]["zh-Hans"] == "李韫哲")
    b = next(n for n in seed_net if seed_net.nodes[n]["labels"]["zh-Hans"] == "梁韶宝")
    if nx.has_path(without, a, b):
        assert len(seed.page.evaluate("kgViz.state.path.nodes")) == nx.shortest_path_length(without, a, b) + 1
    else:
        assert seed.page.evaluate("kgViz.state.path") is None
        assert "No path" in seed.page.text_content("#details")


# ------------------------------------------------------------------------------ filters
def test_unconnected_entities_sit_in_one_box_and_can_be_hidden(seed, seed_net):
    alone = {seed_net.nodes[n]["labels"]["zh-Hans"] for n in seed_net if seed_net.to_undirected(as_view=True).degree(n) == 0}
    box = seed.page.evaluate("kgViz.data.box")
    assert box["count"] == len(alone) > 0
    inside = seed.page.evaluate("""b => kgViz.info.map((n, i) => [n.labels['zh-Hans'], kgViz.pos.x[i] > b.x && kgViz.pos.x[i] < b.x + b.w
                                       && kgViz.pos.y[i] > b.y && kgViz.pos.y[i] < b.y + b.h]).filter(p => p[1]).map(p => p[0])""", box)
    assert set(inside) == alone
    assert seed.page.text_content("#unconnected-count") == str(len(alone))
    seed.page.uncheck("#filter-unconnected")
    seed.settle()
    assert seed.shown() == {d["zh-Hans"] for _, d in seed_net.nodes(data="labels")} - alone


def test_year_and_document_filters(browser, tmp_path):
    from rdflib import RDF, Literal, URIRef
    from rdflib.namespace import XSD

    from kg.graph.vocab import DEFAULT_BASE, KG

    ds = fx.build()
    other = URIRef(DEFAULT_BASE + "doc/demo-2024")
    g = ds.graph(other)
    g.add((other, RDF.type, KG.Document))
    g.add((other, KG.reportYear, Literal("2024", datatype=XSD.gYear)))
    s = URIRef(f"{other}#s1")
    g.add((s, RDF.type, KG.Sentence))
    g.add((s, KG.text, Literal("示范镇示范产业园扩园。")))
    g.add((s, KG.inDocument, other))
    for e in (fx.entity("Town", "示范镇"), fx.entity("IndustrialPark", "示范产业园")):
        g.add((e, KG.mentionedIn, s))
    v = Visit(browser, viz.write(ds, tmp_path / "two.html"))
    options = v.page.eval_on_selector_all("#filter-doc option", "els => els.map(e => e.value)")
    assert options == ["", "demo-2023", "demo-2024"]
    v.page.select_option("#filter-doc", "demo-2024")
    assert v.shown() == {"示范镇", "示范产业园"}
    assert v.page.evaluate("kgViz.edges.get({filter: e => !e.hidden}).length") == 0  # their link is stated in 2023 only
    v.page.select_option("#filter-doc", "")
    assert v.page.eval_on_selector_all("#filter-year option", "els => els.map(e => e.value)") == ["", "2023", "2024"]
    v.page.select_option("#filter-year", "2024")
    # the project is planned for 2024 (s5), the rice is a 2024 product (s7); the town and park are in the 2024 report
    assert v.shown() == {"新材料项目", "示范香米", "示范镇", "示范产业园"}
    v.page.select_option("#filter-year", "")
    assert len(v.shown()) == v.page.evaluate("kgViz.info.length") and v.errors == []
    v.page.close()


# ------------------------------------------------------------------------------ large graphs
def _many_villages(towns: int, villages: int):
    """An invented region big enough for the page's batched drawing: towns with their villages."""
    from rdflib import RDF, RDFS, Dataset, Literal, URIRef

    from kg.graph.vocab import DEFAULT_BASE, KG

    ds = Dataset()
    g = ds.graph(URIRef(DEFAULT_BASE + "doc/many"))
    for t in range(towns):
        town = URIRef(f"{DEFAULT_BASE}town/t{t}")
        g.add((town, RDF.type, KG.Town))
        g.add((town, RDFS.label, Literal(f"第{t}镇", lang="zh-Hans")))
        for k in range(villages):
            v = URIRef(f"{DEFAULT_BASE}village/t{t}-v{k}")
            g.add((v, RDF.type, KG.Village))
            g.add((v, RDFS.label, Literal(f"第{t}镇{k}村", lang="zh-Hans")))
            g.add((v, KG.containedIn, town))
    return ds


def test_large_graphs_draw_plain_nodes_in_batches_where_vis_network_puts_them(browser, tmp_path):
    v = Visit(browser, viz.write(_many_villages(6, 200), tmp_path / "big.html"))
    assert v.page.evaluate("kgViz.batched && kgViz.info.length > kgViz.data.batch")
    i = v.index("第2镇7村")
    x, y = v.point(i, focus=True)
    v.settle()
    left, top = v.page.evaluate("(() => { const r = document.getElementById('network').getBoundingClientRect(); return [r.left, r.top]; })()")
    rgb = v.page.evaluate("""([x, y]) => Array.from(kgViz.network.canvas.frame.canvas.getContext('2d')
                               .getImageData(Math.round(x), Math.round(y), 1, 1).data.slice(0, 3))""", [x - left, y - top])
    assert rgb == [0xF4, 0xA5, 0x82]  # the village colour, at the centre vis-network gives the node
    v.page.mouse.click(x, y)  # hit boxes are kept: a click selects it
    assert v.selected() == [v.page.evaluate("i => kgViz.info[i].iri", i)]
    assert v.page.text_content("#details h2") == "第2镇7村"
    report = v.labels()
    assert overlaps(report["labels"]) == [] and all(anchored(b) for b in report["labels"])
    assert v.errors == []
    v.page.close()
