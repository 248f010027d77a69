"""The network page: what the library builds, and what a person sees in a real headless Chromium.

Labels, focused views, paths and filters: tests/publish/test_viz_explore.py; the layout: test_viz_layout.py."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

import kg.publish.viz as viz
from kg.errors import InputError
from kg.publish.viz_graph import find_nodes, format_amount, search_key
from tests import viz_fixture as fx
from tests.conftest import ROOT
from tests.viz_browser import Visit

ARTIFACTS = ROOT / "artifacts"


@pytest.fixture(scope="module")
def graph():
    return fx.build()


@pytest.fixture(scope="module")
def page_html(graph) -> str:
    return viz.render(graph, title="示范镇 <测试>")


# ------------------------------------------------------------------------------ the library
@pytest.mark.parametrize("query", ["钛美", "鈦美", "taimei", "tai mei", "Tài Měi", "TAIMEI", "钛美新材料有限公司"])
def test_find_by_any_script(graph, query):
    assert find_nodes(viz.network(graph), query) == [str(fx.TAIMEI)]


@pytest.mark.parametrize(("text", "key"), [("Tài Měi", "taimei"), ("lǜ huà", "luhua"), ("lvhua", "luhua"), ("鈦 美", "鈦美"),
                                           ("Xi'an", "xian"), ("yōu-xiù", "youxiu")])
def test_search_key(text, key):
    assert search_key(text) == key


@pytest.mark.parametrize(("value", "unit", "shown"), [
    ("260000000", "CNY", "2.6亿元"), ("24760000", "CNY", "2476万元"), ("5000", "CNY", "5000元"),
    ("87.01", "percent", "87.01%"), ("1.5", "percentage-point", "1.5个百分点"), ("300", "mu", "300亩"),
])
def test_format_amount(value, unit, shown):
    assert format_amount(value, unit) == shown


def test_entities_only_by_default_and_plumbing_on_request(graph):
    classes = {c for _, c in viz.network(graph).nodes(data="cls")}
    assert classes == {"Town", "Village", "IndustrialPark", "Enterprise", "GovernmentBody", "Person", "Project",
                       "Award", "Product"}
    with_plumbing = {c for _, c in viz.network(graph, include_plumbing=True).nodes(data="cls")}
    assert {"Observation", "AwardConferral", "PlanItem", "Sentence", "Document", "Statement"} <= with_plumbing


def test_honours_become_edges_and_facts(graph):
    g = viz.network(graph)
    rels = {(g.nodes[u]["labels"]["zh-Hans"], g.nodes[v]["labels"]["zh-Hans"], r) for u, v, r in g.edges(data="rel")}
    assert ("李明", "优秀党务工作者", "received") in rels
    assert ("省委", "优秀党务工作者", "conferred") in rels and ("市政府", "优秀党务工作者", "conferred") in rels
    facts = {(f.key, f.value, f.sources) for f in g.nodes[str(fx.PERSON)]["facts"]}
    assert ("awardReceived", "优秀党务工作者 (省委、市政府 授予) 2023-06 时任党委书记", ("demo-2023#s3",)) in facts
    project = g.nodes[str(fx.entity("Project", "新材料项目"))]
    assert ("figure", "投资额: 2.6亿元", ("demo-2023#s4",)) in {(f.key, f.value, f.sources) for f in project["facts"]}
    phase = g.nodes[str(fx.entity("Project", "新材料项目一期"))]
    assert [(f.key, f.value) for f in phase["facts"]] == [("status", "投产运营"), ("phaseNumber", "1")]
    assert project["sentences"] == ("demo-2023#s4", "demo-2023#s5")


def test_edges_carry_their_sentences(graph):
    g = viz.network(graph)
    sources = {(g.nodes[u]["labels"]["zh-Hans"], rel): sents for u, v, rel, sents in g.edges(keys=True, data="sentences")}
    assert sources[("钛美", "location")] == ("demo-2023#s2",)  # from the reification statement
    assert sources[("省委", "conferred")] == ("demo-2023#s3",)  # from the conferral
    assert all(sources.values())
    assert g.graph["sentence_year"]["demo-2023#s5"] == "2024" and g.graph["sentence_year"]["demo-2023#s1"] == "2023"
    assert g.graph["documents"] == {"demo-2023": {"title": "示范镇2023年工作总结", "year": "2023"}}
    town = g.nodes[str(fx.entity("Town", "示范镇"))]
    assert ("divisionCode", fx.TOWN_CODE) in {(f.key, f.value) for f in town["facts"]}


def test_focus_and_depth(graph):
    one = viz.network(graph, focus="李明", depth=1)
    assert {d["zh-Hans"] for _, d in one.nodes(data="labels")} == {"李明", "优秀党务工作者"}
    two = viz.network(graph, focus="liming", depth=2)
    assert {d["zh-Hans"] for _, d in two.nodes(data="labels")} == {"李明", "优秀党务工作者", "省委", "市政府"}


def test_types(graph):
    g = viz.network(graph, types=["Village", "Town"])
    assert sorted(d["zh-Hans"] for _, d in g.nodes(data="labels")) == ["松塘村", "洞尾村", "示范镇"]
    assert g.number_of_edges() == 2


def test_unknown_focus_lists_candidates(graph):
    with pytest.raises(InputError, match=r"focus '钛美公司': no entity of that name in the graph; did you mean: 钛美"):
        viz.render(graph, focus="钛美公司")


def test_unknown_type_lists_known_types(graph):
    with pytest.raises(InputError, match=r"unknown type Villa; known types: Country, Province, .*Sentence$"):
        viz.render(graph, types=["Villa", "Town"])


def test_page_is_one_offline_utf8_file(page_html):
    assert page_html.startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in page_html
    assert "default-src 'none'" in page_html  # the browser itself refuses any request the page might make
    assert not re.search(r"<(script|link|img|iframe)\b[^>]*\b(src|href)=", page_html)
    assert "@import" not in page_html and "fonts.googleapis" not in page_html
    assert "<title>示范镇 &lt;测试&gt;</title>" in page_html
    assert "vis-network" in page_html and "Almende" in page_html  # licence notice kept


def test_data_block_cannot_carry_markup(page_html):
    data = page_html.split('<script type="application/json" id="kg-data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in data
    assert "<img src=x" not in page_html and "<script>alert" not in page_html


def test_same_graph_same_bytes(graph, page_html):
    assert viz.render(fx.build(shuffle=True), title="示范镇 <测试>") == page_html


def test_write_is_atomic_and_utf8(graph, tmp_path):
    out = viz.write(graph, tmp_path / "network.html")
    first = out.read_bytes()
    assert first.decode("utf-8") == viz.render(graph)
    with pytest.raises(InputError):
        viz.write(graph, out, types=["Nope"])
    assert out.read_bytes() == first
    assert sorted(p.name for p in tmp_path.iterdir()) == ["network.html"]
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask  # not the private mode of a temporary file


def test_show_wraps_the_page_in_an_iframe(graph):
    shown = viz.show(graph, height=300)._repr_html_()
    assert shown.startswith('<iframe srcdoc="&lt;!DOCTYPE html&gt;')
    assert "height:300px" in shown and "<img" not in shown


def test_empty_graph_is_an_error():
    from rdflib import Dataset

    with pytest.raises(InputError, match="no entity to draw; build it first"):
        viz.render(Dataset())


# ------------------------------------------------------------------------------ in Chromium
@pytest.fixture(scope="module")
def visit(browser, graph, tmp_path_factory):
    path = viz.write(graph, tmp_path_factory.mktemp("viz") / "network.html")
    v = Visit(browser, path)
    yield v
    v.page.close()


def test_loads_offline_without_errors(visit):
    assert visit.errors == []
    assert visit.page.evaluate("kgViz.network.physics.options.enabled") is False  # drawn where laid out
    assert visit.requests and all(u.startswith("file://") for u in visit.requests), visit.requests
    ARTIFACTS.mkdir(exist_ok=True)
    visit.page.screenshot(path=str(ARTIFACTS / "viz-fixture.png"))


def test_legend_lists_classes_with_counts(visit):
    rows = visit.page.eval_on_selector_all(
        "#legend li", "els => els.map(e => [e.dataset.cls, e.querySelector('.count').textContent])")
    assert rows == [["Town", "1"], ["Village", "2"], ["IndustrialPark", "1"], ["Enterprise", "2"],
                    ["GovernmentBody", "2"], ["Person", "1"], ["Project", "2"], ["Award", "1"], ["Product", "1"]]
    shapes = visit.page.eval_on_selector_all("#legend li svg :first-child", "els => els.map(e => e.tagName)")
    assert shapes == ["circle", "circle", "polygon", "rect", "rect", "polygon", "polygon", "polygon", "circle"]


def test_legend_click_hides_and_shows_a_class(visit):
    hidden = "kgViz.nodes.get({filter: n => n.group === 'Village' && n.hidden}).length"
    visit.page.click("#legend li[data-cls=Village]")
    assert visit.page.evaluate(hidden) == 2
    visit.page.click("#legend li[data-cls=Village]")
    assert visit.page.evaluate(hidden) == 0


@pytest.mark.parametrize(("query", "iri"), [
    ("鈦美", fx.TAIMEI), ("taimei", fx.TAIMEI), ("Tai Mei", fx.TAIMEI), ("liming", fx.PERSON), ("李明", fx.PERSON),
])
def test_search_selects_the_node(visit, query, iri):
    visit.page.fill("#search", query)
    visit.page.press("#search", "Enter")
    assert visit.selected() == [str(iri)]
    assert visit.page.text_content("#details h2") == visit.page.evaluate(
        "iri => kgViz.info.find(n => n.iri === iri).labels['zh-Hans']", str(iri))


def test_clicking_a_person_shows_award_and_source_sentence(visit):
    visit.page.click("#close")
    visit.click_node(str(fx.PERSON))
    assert visit.page.is_visible("#details")
    assert visit.page.text_content("#details h2") == "李明"
    facts = visit.page.eval_on_selector_all("#details dd.fact", "els => els.map(e => e.textContent)")
    assert "优秀党务工作者 (省委、市政府 授予) 2023-06 时任党委书记 [demo-2023#s3]" in facts
    sentences = visit.page.eval_on_selector_all("#details p.sentence", "els => els.map(e => e.textContent)")
    assert sentences == ["demo-2023#s3" + fx.SENTENCES[2]]
    ARTIFACTS.mkdir(exist_ok=True)
    visit.page.screenshot(path=str(ARTIFACTS / "viz-fixture-person.png"))


def test_markup_in_names_and_sentences_runs_nothing(visit):
    visit.page.fill("#search", "<img")
    visit.page.press("#search", "Enter")
    assert visit.selected() == [str(fx.EVIL)]
    visit.click_node(str(fx.EVIL))
    assert visit.page.text_content("#details h2") == fx.XSS
    assert visit.page.text_content("#results li") == fx.XSS + "企业"
    sentences = visit.page.eval_on_selector_all("#details p.sentence .text", "els => els.map(e => e.textContent)")
    assert sentences == [fx.SENTENCES[5]]
    tooltip = visit.page.wait_for_selector("div.vis-tooltip", state="visible")
    assert fx.XSS in tooltip.text_content() and tooltip.query_selector("img") is None
    visit.page.hover("#network")
    assert visit.page.evaluate("document.querySelectorAll('img, script:not([type]):not([src]) ~ img').length") == 0
    assert visit.page.evaluate("document.scripts.length") == 3
    assert visit.page.evaluate("window.__alerted || []") == []
    assert visit.dialogs == [] and visit.errors == []


@pytest.mark.parametrize("tag", ["zh-Hans", "zh-hans", "ZH-HANS"])
def test_language_tags_in_any_case(tag):
    from rdflib import RDF, RDFS, Dataset, Literal

    from kg.graph.vocab import KG

    ds = Dataset()
    g = ds.graph(fx.DOC)
    g.add((fx.TAIMEI, RDF.type, KG.Enterprise))
    g.add((fx.TAIMEI, RDFS.label, Literal("钛美", lang=tag)))
    g.add((fx.TAIMEI, RDFS.label, Literal("鈦美", lang=tag.replace("ans", "ant").replace("ANS", "ANT"))))
    labels = viz.network(ds).nodes[str(fx.TAIMEI)]["labels"]
    assert (labels["zh-Hans"], labels["zh-Hant"], labels["zh-Latn-pinyin"]) == ("钛美", "鈦美", "tài měi")


# ------------------------------------------------------------------------------ the seed report
@pytest.fixture(scope="module")
def seed_visit(browser, seed_graph, tmp_path_factory):
    v = Visit(browser, viz.write(seed_graph, tmp_path_factory.mktemp("seed-page") / "network.html"))
    yield v
    v.page.close()


def test_seed_page_loads_offline(seed_visit, seed_graph):
    assert seed_visit.errors == []
    assert all(u.startswith("file://") for u in seed_visit.requests), seed_visit.requests
    ARTIFACTS.mkdir(exist_ok=True)
    g = viz.network(seed_graph)
    counts: dict[str, str] = {}
    for _, cls in g.nodes(data="cls"):
        counts[cls] = str(int(counts.get(cls, "0")) + 1)
    rows = seed_visit.page.eval_on_selector_all(
        "#legend li", "els => els.map(e => [e.dataset.cls, e.querySelector('.count').textContent])")
    assert dict(rows) == counts and "Person" in counts and "Award" in counts


@pytest.mark.parametrize(("query", "name", "cls"), [
    ("鈦美", "钛美", "Enterprise"), ("taimei", "钛美", "Enterprise"), ("李韞哲", "李韫哲", "Person"),
    ("li yun zhe", "李韫哲", "Person"), ("源潭镇", "源潭镇", "Town"),
])
def test_seed_search(seed_visit, query, name, cls):
    seed_visit.page.fill("#search", query)
    seed_visit.page.press("#search", "Enter")
    assert seed_visit.page.evaluate("kgViz.network.getSelectedNodes().map(i => [kgViz.info[i].labels['zh-Hans'], "
                                    "kgViz.info[i].cls])") == [[name, cls]]


def test_seed_person_shows_honour_bodies_and_sentence(seed_visit):
    seed_visit.page.click("#close")
    iri = seed_visit.page.evaluate("kgViz.info.find(n => n.labels['zh-Hans'] === '李韫哲').iri")
    seed_visit.click_node(iri)
    assert seed_visit.page.text_content("#details h2") == "李韫哲"
    facts = " ".join(seed_visit.page.eval_on_selector_all("#details dd.fact", "els => els.map(e => e.textContent)"))
    assert "全省粮食生产、撂荒耕地复耕复种先进个人" in facts
    assert "广东省农业农村厅" in facts and "广东省人力资源和社会保障厅" in facts
    sentences = seed_visit.page.eval_on_selector_all("#details p.sentence", "els => els.map(e => e.textContent)")
    assert len(sentences) == 1 and re.match(r"yuantan-2023#s\d+.*副镇长李韫哲", sentences[0])
    ARTIFACTS.mkdir(exist_ok=True)
    seed_visit.page.screenshot(path=str(ARTIFACTS / "viz-seed-person.png"))


# ------------------------------------------------------------------------------ the command line
def page_data(page: Path) -> dict:
    """The data block of a written page."""
    import json

    text = page.read_text(encoding="utf-8")
    return json.loads(text.split('<script type="application/json" id="kg-data">', 1)[1].split("</script>", 1)[0])


def _drawn(page: Path) -> set[str]:
    """Labels of the nodes a written page opens on."""
    data = page_data(page)
    view = data["view"].get("nodes", range(len(data["info"])))
    return {data["info"][i]["labels"]["zh-Hans"] for i in view}


def _kg(*args: str):
    from click.testing import CliRunner

    from kg.cli import main

    return CliRunner().invoke(main, list(args))


def test_cli_writes_the_page_next_to_the_data(seed_dir, tmp_path):
    data = tmp_path / "kg"
    shutil.copytree(seed_dir, data)
    result = _kg("viz", "--data", str(data))
    assert result.exit_code == 0, result.output
    assert result.stderr == f"wrote {data / 'network.html'}\n"
    page = (data / "network.html").read_text(encoding="utf-8")
    assert '<meta charset="utf-8">' in page and "李韫哲" in page


def test_cli_focus_and_types(seed_dir, tmp_path):
    out = tmp_path / "honours.html"
    result = _kg("viz", "--data", str(seed_dir), "--focus", "李韫哲", "--depth", "2", "--types",
                 "Person,Award,GovernmentBody", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert _drawn(out) == {"李韫哲", "全省粮食生产、撂荒耕地复耕复种先进个人", "广东省农业农村厅", "广东省人力资源和社会保障厅"}
    data = page_data(out)
    assert {c["name"] for c in data["classes"]} == {"Person", "Award", "GovernmentBody"}  # the page holds only these
    assert len(data["info"]) > len(data["view"]["nodes"])  # and more of them than it opens on, to grow into


@pytest.mark.parametrize(("args", "line"), [
    (("--focus", "李韫"), "Error: focus '李韫': no entity of that name in the graph; did you mean: "),
    (("--types", "Person,Villa"), "Error: unknown type Villa; known types: Country, Province, City, "),
    (("--focus", "李韫哲", "--types", "Village"), "Error: focus '李韫哲': no entity of that name in the graph"),
])
def test_cli_errors_are_one_line(seed_dir, tmp_path, args, line):
    result = _kg("viz", "--data", str(seed_dir), "--out", str(tmp_path / "x.html"), *args)
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and result.output.startswith(line), result.output
    assert not (tmp_path / "x.html").exists()


def test_cli_missing_data_is_one_line(tmp_path):
    result = _kg("viz", "--data", str(tmp_path / "nothing"))
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and result.output.count("\n") == 1, result.output


def test_notebook_iframe_runs_offline(browser, graph):
    page = browser.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.set_content(viz.show(graph, types=["Person", "Award", "GovernmentBody"])._repr_html_())
    frame = page.frame_locator("iframe")
    frame.locator("body[data-state=ready]").wait_for(timeout=60_000)
    assert frame.locator("#legend li").count() == 3
    assert errors == [] and [u for u in requests if not u.startswith(("about:", "data:"))] == []
    page.close()


def test_docstring_examples_run():
    import doctest

    import kg.publish.viz_graph

    outcome = doctest.testmod(kg.publish.viz_graph)
    assert outcome.attempted >= 4 and outcome.failed == 0


def test_plumbing_page_loads(browser, graph, tmp_path):
    v = Visit(browser, viz.write(graph, tmp_path / "plumbing.html", include_plumbing=True))
    classes = v.page.eval_on_selector_all("#legend li", "els => els.map(e => e.dataset.cls)")
    assert {"Observation", "AwardConferral", "PlanItem", "Document", "Sentence", "Statement"} <= set(classes)
    assert v.errors == [] and all(u.startswith("file://") for u in v.requests)
    v.page.close()


def test_build_page_is_remade_or_removed(seed_dir, tmp_path):
    data = tmp_path / "kg"
    shutil.copytree(seed_dir, data)
    page = viz.write_for_build(data)
    assert page.path == data / "network.html" and page.nodes > 100 and page.reason == ""
    assert page.path.read_text(encoding="utf-8") == viz.render(_load(data))  # the page of the built graph
    small = viz.write_for_build(data, limit=10)
    assert small.path is None and not (data / "network.html").exists()
    assert small.reason.startswith(f"{page.nodes:,} entities are more than one page can show (10); draw a part")


def _load(data):
    from kg.graph.store import load

    return load(data)
