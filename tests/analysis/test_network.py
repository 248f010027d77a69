"""to_networkx: which nodes and edges the entity network holds, with which labels, from either store."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef

from kg.errors import KGError
from kg.analysis.network import local_name, to_networkx
from kg.graph.vocab import KG
from tests.analysis_fixture import DOC, iri, make_dataset


@pytest.fixture(scope="module")
def dataset():
    return make_dataset()


@pytest.fixture(scope="module")
def net(dataset):
    return to_networkx(dataset)


@pytest.mark.parametrize(
    ("cls", "name", "label_en"),
    [
        ("Town", "源潭镇", "Yuantan Town"),
        ("District", "清城区", "Qingcheng District"),
        ("Village", "松塘村", "Songtang Village"),
        ("Village", "积余村", ""),
        ("IndustrialPark", "金沙工业园", ""),
        ("Project", "中国南部物流枢纽二期", ""),
        ("Person", "李韫哲", "Li Yunzhe"),
        ("GovernmentBody", "广东省农业农村厅", ""),
        ("Award", "全省粮食生产先进个人", ""),
    ],
)
def test_entities_are_nodes_with_label_and_type(net, cls, name, label_en):
    node = str(iri(cls, name))
    assert net.nodes[node] == {"iri": node, "type": cls, "label": name, "label_en": label_en}


@pytest.mark.parametrize(
    ("subject", "predicate", "label", "label_en", "obj"),
    [
        (("Village", "松塘村"), "containedIn", "隶属于", "contained in", ("Town", "源潭镇")),
        (("Town", "源潭镇"), "containedIn", "隶属于", "contained in", ("District", "清城区")),
        (("Project", "中国南部物流枢纽二期"), "phaseOf", "分期属于", "phase of", ("Project", "中国南部物流枢纽")),
        (("Project", "金沙工业园污水处理系统工程"), "location", "所在地", "location", ("IndustrialPark", "金沙工业园")),
        (("Person", "李韫哲"), "affiliation", "所属单位", "affiliation", ("Town", "源潭镇")),
    ],
)
def test_relations_are_edges_with_property_labels(net, subject, predicate, label, label_en, obj):
    data = net.get_edge_data(str(iri(*subject)), str(iri(*obj)))
    assert data == {predicate: {"predicate": predicate, "label": label, "label_en": label_en}}


def test_conferral_links_recipient_award_and_body(net):
    conferrals = [n for n, d in net.nodes(data=True) if d["type"] == "AwardConferral"]
    person = str(iri("Person", "李韫哲"))
    mine = [c for c in conferrals if net.has_edge(c, person)]
    assert len(mine) == 1
    (c,) = mine
    assert net.nodes[c]["label"] == "李韫哲:全省粮食生产先进个人"
    assert sorted(k for _, _, k in net.out_edges(c, keys=True)) == ["award", "conferredBy", "recipient"]


def test_plumbing_is_left_out(net):
    kinds = {d["type"] for _, d in net.nodes(data=True)}
    assert not kinds & {"Sentence", "Document", "Observation"}
    assert not any("/statement/" in n or "#s" in n for n in net.nodes)
    assert not any(k in ("mentionedIn", "inDocument") for _, _, k in net.edges(keys=True))


def test_observations_only_when_asked(dataset):
    g = to_networkx(dataset, types={"Observation", "Town"})
    kinds = sorted({d["type"] for _, d in g.nodes(data=True)})
    assert kinds == ["Observation", "Town"]
    town = str(iri("Town", "源潭镇"))
    assert g.in_degree(town) == 8
    assert {k for _, _, k in g.in_edges(town, keys=True)} == {"subject"}
    assert sorted(d["label"] for n, d in g.nodes(data=True) if d["type"] == "Observation")[:2] == ["102.79亿元", "19.51亿元"]


def test_concepts_join_when_not_entities_only(dataset, net):
    full = to_networkx(dataset, entities_only=False)
    concepts = sorted(local_name(n) for n, d in full.nodes(data=True) if d["type"] == "Concept")
    assert concepts == ["status-planned", "status-under-construction"]
    assert full.number_of_nodes() == net.number_of_nodes() + 2


def test_oxigraph_store_gives_the_same_network(net):
    ox = to_networkx(make_dataset("Oxigraph"))
    assert list(ox.nodes(data=True)) == list(net.nodes(data=True))
    assert list(ox.edges(keys=True, data=True)) == list(net.edges(keys=True, data=True))


def test_same_relation_in_two_documents_is_one_edge(dataset, net):
    twice = make_dataset()
    other = twice.graph(URIRef(str(DOC) + "-again"))
    other.add((iri("Village", "松塘村"), KG.containedIn, iri("Town", "源潭镇")))
    again = to_networkx(twice)
    assert again.number_of_edges() == net.number_of_edges()


def test_plain_graph_works_and_labels_fall_back_to_local_names():
    g = Graph()
    a, b = iri("Village", "松塘村"), iri("Town", "源潭镇")
    from rdflib import RDF

    g.add((a, RDF.type, KG.Village))
    g.add((b, RDF.type, KG.Town))
    g.add((a, KG.containedIn, b))
    net = to_networkx(g)
    assert net.nodes[str(a)]["label"] == local_name(a)
    assert net.get_edge_data(str(a), str(b)) == {
        "containedIn": {"predicate": "containedIn", "label": "containedIn", "label_en": "contained in"}
    }


@pytest.mark.parametrize("types", [{"Town", "Villages"}, "Sentense"])
def test_unknown_class_names_are_refused(dataset, types):
    with pytest.raises(KGError, match="unknown class name"):
        to_networkx(dataset, types=types)


def test_not_a_graph_is_refused():
    with pytest.raises(TypeError, match="rdflib Graph"):
        to_networkx("data/kg")  # type: ignore[arg-type]
