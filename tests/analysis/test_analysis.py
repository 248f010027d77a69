"""Centrality, communities and explained paths over the fixture's entity network."""

from __future__ import annotations

import pytest

from kg.analysis.structure import PathStep, communities, community_table, explain_path, find_node, rank_centrality
from kg.errors import KGError
from kg.analysis.network import to_networkx
from tests.analysis_fixture import iri, make_dataset


@pytest.fixture(scope="module")
def net():
    return to_networkx(make_dataset())


@pytest.mark.parametrize("kind", ["degree", "betweenness", "closeness"])
def test_town_ranks_first(net, kind):
    table = rank_centrality(net, kind)
    assert table.loc[1, "label"] == "源潭镇"
    assert table.loc[1, "type"] == "Town"
    assert table.loc[1, "score"] > table.loc[2, "score"]
    assert list(table.columns) == ["node", "label", "type", "score"]


def test_degree_score_is_the_share_of_neighbours(net):
    table = rank_centrality(net, "degree", top=None)
    assert len(table) == net.number_of_nodes()
    # the town touches 清城区, 3 villages, the park, 3 projects, 李韫哲 and its own conferral: 10 of 19 others
    assert table.loc[1, "score"] == pytest.approx(10 / 19, abs=1e-6)
    assert table["score"].is_monotonic_decreasing


def test_top_limits_rows(net):
    assert rank_centrality(net, "betweenness", top=3).index.tolist() == [1, 2, 3]


@pytest.mark.parametrize(("kind", "top"), [("pagerank", 10), ("Degree", 10), ("degree", -1)])
def test_bad_arguments_are_refused(net, kind, top):
    with pytest.raises(KGError, match="rank_centrality"):
        rank_centrality(net, kind, top=top)  # type: ignore[arg-type]


def test_communities_partition_the_network_deterministically(net):
    groups = communities(net)
    assert groups == communities(to_networkx(make_dataset()))
    assert set().union(*groups) == set(net.nodes)
    assert sum(len(g) for g in groups) == net.number_of_nodes()
    sizes = [len(g) for g in groups]
    assert sizes == sorted(sizes, reverse=True)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (("Project", "中国南部物流枢纽"), ("Project", "中国南部物流枢纽二期")),
        (("Person", "李韫哲"), ("GovernmentBody", "广东省农业农村厅")),
        (("IndustrialPark", "金沙工业园"), ("Project", "金沙工业园污水处理系统工程")),
    ],
)
def test_closely_tied_entities_share_a_community(net, a, b):
    groups = communities(net)
    home = [g for g in groups if str(iri(*a)) in g]
    assert str(iri(*b)) in home[0]


def test_community_table_names_members(net):
    groups = communities(net)
    table = community_table(net, groups)
    assert table["size"].tolist() == [len(g) for g in groups]
    assert table["community"].tolist() == list(range(1, len(groups) + 1))
    first = table.loc[0, "members"].split("、")
    assert first[0] == "源潭镇"


@pytest.mark.parametrize(
    ("a", "b", "lang", "steps"),
    [
        ("松塘村", "清城区", "zh", [("松塘村", "隶属于", "源潭镇"), ("源潭镇", "隶属于", "清城区")]),
        ("清城区", "松塘村", "zh", [("源潭镇", "隶属于", "清城区"), ("松塘村", "隶属于", "源潭镇")]),
        ("Li Yunzhe", "Qingcheng District", "en",
         [("Li Yunzhe", "affiliation", "Yuantan Town"), ("Yuantan Town", "contained in", "Qingcheng District")]),
        ("中国南部物流枢纽二期", "中国南部物流枢纽", "zh", [("中国南部物流枢纽二期", "分期属于", "中国南部物流枢纽")]),
        ("李韫哲", "广东省农业农村厅", "zh",
         [("李韫哲:全省粮食生产先进个人", "获得者", "李韫哲"),
          ("李韫哲:全省粮食生产先进个人", "授予单位", "广东省农业农村厅")]),
        ("源潭镇", "源潭镇", "zh", []),
    ],
)
def test_explain_path_reads_each_hop_from_its_edge(net, a, b, lang, steps):
    assert explain_path(net, a, b, lang=lang) == [PathStep(*s) for s in steps]


def test_each_explained_hop_is_an_edge(net):
    for step in explain_path(net, "积余村", "金沙工业园污水处理系统工程"):
        u, v = find_node(net, step.from_label), find_node(net, step.to_label)
        assert any(d["label"] == step.relation_label for d in net.get_edge_data(u, v).values())


def test_iri_names_a_node_too(net):
    town = str(iri("Town", "源潭镇"))
    assert find_node(net, town) == town
    assert find_node(net, "Yuantan Town") == town


@pytest.mark.parametrize(
    ("a", "b", "message"),
    [
        ("源潭", "清城区", "no entity named '源潭'.*源潭镇"),
        ("源潭镇", "不存在的村", "no entity named '不存在的村'"),
    ],
)
def test_unknown_names_are_refused(net, a, b, message):
    with pytest.raises(KGError, match=message):
        explain_path(net, a, b)


def test_ambiguous_and_unreachable_names_are_refused(net):
    g = net.copy()
    g.add_node("x:1", label="孤岛", label_en="", type="Village")
    g.add_node("x:2", label="孤岛", label_en="", type="Village")
    g.add_node("x:3", label="离岛", label_en="", type="Village")
    with pytest.raises(KGError, match="2 entities are named '孤岛'"):
        explain_path(g, "孤岛", "源潭镇")
    with pytest.raises(KGError, match="no chain of relations joins '离岛' and '源潭镇'"):
        explain_path(g, "离岛", "源潭镇")
