"""kg export: GraphML, GEXF and CSV files that networkx reads back with the page's nodes and edges, labels in
every script, class, codes and each link's sentences."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

import kg.publish.viz as viz
from kg.cli import main
from kg.errors import InputError
from kg.publish.export import ExportFormat, export, node_table_path
from tests import viz_fixture as fx


def _page_data(page: Path) -> dict:
    text = page.read_text(encoding="utf-8")
    return json.loads(text.split('<script type="application/json" id="kg-data">', 1)[1].split("</script>", 1)[0])


def _read(fmt: str, path: Path) -> nx.MultiDiGraph:
    if fmt == "graphml":
        return nx.read_graphml(path, force_multigraph=True)
    if fmt == "gexf":
        return nx.MultiDiGraph(nx.read_gexf(path))
    g = nx.MultiDiGraph()
    with open(node_table_path(path), encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            g.add_node(row.pop("id"), **{k: v for k, v in row.items() if v != ""})
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            g.add_edge(row.pop("source"), row.pop("target"), key=row.pop("id"), **row)
    return g


@pytest.fixture(scope="module")
def seed_page(seed_graph, tmp_path_factory) -> dict:
    return _page_data(viz.write(seed_graph, tmp_path_factory.mktemp("page") / "network.html"))


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "csv-edges"])
def test_seed_export_reads_back_with_the_page_counts(seed_graph, seed_page, tmp_path, fmt):
    path = tmp_path / f"network{ExportFormat(fmt).suffix}"
    written = export(seed_graph, path, fmt=fmt)
    assert written == ((path,) if fmt != "csv-edges" else (path, node_table_path(path)))
    g = _read(fmt, path)
    assert g.number_of_nodes() == len(seed_page["info"]) and g.number_of_edges() == len(seed_page["edges"])
    assert set(g.nodes) == {n["iri"] for n in seed_page["info"]}
    # the page's links, node for node
    iri = [n["iri"] for n in seed_page["info"]]
    assert sorted((iri[u], iri[v], rel) for u, v, rel, _ in seed_page["edges"]) == sorted(
        (u, v, d["relation"]) for u, v, d in g.edges(data=True))
    person = next(n for n, d in g.nodes(data=True) if d.get("zh_Hans") == "李韫哲")
    d = g.nodes[person]
    assert (d["label"], d["zh_Hant"], d["pinyin"], d["class"]) == ("李韫哲", "李韞哲", "lǐ yùn zhé", "Person")
    town = next(n for n, d in g.nodes(data=True) if d.get("class") == "Town")
    assert g.nodes[town]["en"] == "Yuantan Town"
    for u, v, e in g.edges(data=True):
        ids = e["sentence_ids"].split()
        assert ids and e["sentence_texts"].split("\n") == [seed_page["sentences"][s] for s in ids]


def test_codes_aliases_and_layout_travel(tmp_path):
    g = _read("graphml", export(fx.build(), tmp_path / "x.graphml")[0])
    town = g.nodes[str(fx.entity("Town", "示范镇"))]
    assert town["divisionCode"] == fx.TOWN_CODE
    assert g.nodes[str(fx.TAIMEI)]["aliases"] == "钛美新材料有限公司"
    assert g.nodes[str(fx.EVIL)]["label"] == fx.XSS  # text stays text
    assert "divisionCode" not in g.nodes[str(fx.TAIMEI)]
    gexf = nx.read_gexf(export(fx.build(), tmp_path / "x.gexf", fmt="gexf")[0])
    viz_attrs = gexf.nodes[str(fx.entity("Town", "示范镇"))]["viz"]
    assert viz_attrs["color"] == {"r": 0xD6, "g": 0x60, "b": 0x4D, "a": 1.0} and viz_attrs["size"] > 0
    assert (viz_attrs["position"]["x"], viz_attrs["position"]["y"]) == (town["x"], town["y"])


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "csv-edges"])
def test_same_graph_same_bytes(tmp_path, fmt):
    suffix = ExportFormat(fmt).suffix
    one = export(fx.build(), tmp_path / f"a{suffix}", fmt=fmt)
    two = export(fx.build(shuffle=True), tmp_path / f"b{suffix}", fmt=fmt)
    assert [p.read_bytes() for p in one] == [p.read_bytes() for p in two]


def test_focused_export_is_the_neighbourhood(tmp_path):
    g = _read("graphml", export(fx.build(), tmp_path / "f.graphml", focus="liming", depth=1)[0])
    assert {d["label"] for _, d in g.nodes(data=True)} == {"李明", "优秀党务工作者"}


def test_errors_leave_no_file(tmp_path):
    with pytest.raises(InputError, match="unknown export format 'xml'; known formats: graphml, gexf, csv-edges"):
        export(fx.build(), tmp_path / "x.xml", fmt="xml")
    with pytest.raises(InputError, match="no such folder for the export"):
        export(fx.build(), tmp_path / "nope" / "x.graphml")
    with pytest.raises(InputError, match="focus '钛美公司': no entity of that name"):
        export(fx.build(), tmp_path / "x.graphml", focus="钛美公司")
    assert list(tmp_path.iterdir()) == []


def test_cli_export(seed_dir, tmp_path):
    out = tmp_path / "n.csv"
    res = CliRunner().invoke(main, ["export", "--format", "csv-edges", "--data", str(seed_dir), "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert res.stderr == f"wrote {out}, {tmp_path / 'n.nodes.csv'}\n"
    header = out.read_text(encoding="utf-8").splitlines()[0]
    assert header == "id,source,target,source_label,target_label,relation,relation_zh,label,sentence_ids,sentence_texts,documents,years"
    bad = CliRunner().invoke(main, ["export", "--data", str(seed_dir), "--focus", "李韫", "--out", str(tmp_path / "x.graphml")])
    assert bad.exit_code == 1 and bad.output.startswith("Error: focus '李韫': no entity of that name in the graph")
    assert bad.output.count("\n") == 1 and not (tmp_path / "x.graphml").exists()
