"""Queries: named queries on a tiny graph in both stores, parameters, prefixes, errors, DataFrames."""

from __future__ import annotations

import pandas as pd
import pytest

from kg.errors import QueryError
from kg.graph.query import add_prefixes, bind_params, named_queries, prepare, query, query_frame
from kg.graph.rdf import to_quads
from kg.graph.serialize import nquads_bytes
from kg.graph.store import StoreKind, load
from tests.graph_fixture import tiny_extraction


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from kg.graph.store import store_dir, write_store

    out = tmp_path_factory.mktemp("kg")
    (out / "kg.nq").write_bytes(nquads_bytes(to_quads([tiny_extraction(), tiny_extraction("other-2023")])))
    write_store(store_dir(out), nquads=out / "kg.nq")
    return out


@pytest.fixture(scope="module", params=[StoreKind.OXIGRAPH, StoreKind.MEMORY])
def ds(request, built):
    return load(built, store=request.param)


def rows(ds, name, /, **params):
    res = query(ds, name, params=params)
    return [tuple(None if t is None else str(t) for t in row) for row in res.rows]


EXPECTED = [
    ("honours", {}, [("李韫哲", "副镇长", "全省先进个人", "广东省人力资源和社会保障厅、广东省农业农村厅", "2023-06")]),
    ("people", {}, [("李韫哲", "副镇长", "测试镇")]),
    ("projects", {}, [("金沙工业园污水处理工程", "金沙工业园", None, "planned", None, "29000000", None, "2024-05")]),
    ("projects-in-place", {"place": "金沙工业园"},
     [("金沙工业园污水处理工程", "金沙工业园", "planned", "29000000", "2024-05")]),
    ("projects-in-place", {"place": "测试镇"},  # the park lies in the town
     [("金沙工业园污水处理工程", "金沙工业园", "planned", "29000000", "2024-05")]),
    ("projects-in-place", {"place": "測試鎮"}, [("金沙工业园污水处理工程", "金沙工业园", "planned", "29000000", "2024-05")]),
    ("projects-in-place", {"place": "松塘村"}, []),
    ("projects-by-status", {"status": "planned"}, [("金沙工业园污水处理工程", None, "29000000", "2024-05")]),
    ("projects-by-status", {"status": "operational"}, []),
    ("industry-enterprises", {}, [("宏威陶瓷公司", None, "先进制造业专项资金", None, None, None)]),
    ("industry-enterprises", {"industry": "logistics"}, []),
    ("conferring-bodies", {}, [("provincial", "广东省人力资源和社会保障厅", "1"), ("provincial", "广东省农业农村厅", "1")]),
    ("programmes", {}, [("先进制造业专项资金", "宏威陶瓷公司", "Enterprise")]),
    ("environment-projects", {}, [("金沙工业园污水处理工程", "金沙工业园", "planned", "29000000", "2024-05")]),
    ("town-indicators", {}, [("测试镇", "fixed-asset-investment", "1951000000", "CNY", None, "2023-01-01",
                              "2023-10-31", "32.7", "percent", "固定资产投资达19.51亿元，同比增长32.7%")]),
    ("village-activity", {}, [("Village", "松塘村", "containedIn", "测试镇"),
                              ("Village", "松塘村", "mentionedIn", "松塘村位于测试镇。")]),
    ("provenance", {"name": "李韞哲"}, [
        ("李韫哲", "Person", "other-2023#s5", "6月，副镇长李韫哲被广东省人力资源和社会保障厅、广东省农业农村厅评为“全省先进个人”。"),
        ("李韫哲", "Person", "testtown-2023#s5", "6月，副镇长李韫哲被广东省人力资源和社会保障厅、广东省农业农村厅评为“全省先进个人”。")]),
]


@pytest.mark.parametrize("name, params, expected", EXPECTED, ids=[f"{e[0]}-{i}" for i, e in enumerate(EXPECTED)])
def test_named_query_rows(ds, name, params, expected):
    assert rows(ds, name, **params) == expected


def test_plan_items_and_continuing_plans(ds):
    items = rows(ds, "plan-items")
    assert items == [(doc, "2024", "加快推进金沙工业园污水处理工程建设", "金沙工业园污水处理工程", "Project",
                      "加快推进金沙工业园污水处理工程建设") for doc in ("other-2023", "testtown-2023")]
    cont = rows(ds, "plans-continuing")
    assert cont == [("金沙工业园污水处理工程", "2024", "加快推进金沙工业园污水处理工程建设", "2023",
                     "投资2900万元的金沙工业园污水处理工程预计2024年5月完工。")]


def test_every_named_query_has_a_question_and_runs(ds):
    queries = named_queries()
    assert len(queries) >= 14
    for q in queries.values():
        assert q.question.endswith("?"), q.name
        params = {p.name: "x" for p in q.params if p.default is None}
        query(ds, q.name, params=params)


def test_parameter_values_are_literals_not_query_text(ds):
    evil = '金沙工业园" } } SELECT * WHERE { ?s ?p ?o } #'
    assert rows(ds, "projects-in-place", place=evil) == []
    text = bind_params("SELECT ?x WHERE { ?x ?p ?place }", {"place": evil})
    assert 'VALUES (?place) { ("金沙工业园\\" } } SELECT * WHERE { ?s ?p ?o } #") }' in text


def test_parameters_bind_inside_where_also_for_construct():
    text = bind_params("CONSTRUCT { ?s a ?t } WHERE { ?s a ?t }", {"t": "x"})
    assert text == 'CONSTRUCT { ?s a ?t } WHERE { VALUES (?t) { ("x") }  ?s a ?t }'


def test_project_prefixes_are_added_only_when_missing():
    text, added = add_prefixes("SELECT ?s WHERE { ?s a kg:Project ; rdfs:label \"kgx:no\" }")
    assert added == 1
    assert text.splitlines()[0] == ("PREFIX kg: <https://w3id.org/kg-cn/ontology#> "
                                    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>")
    mine = "PREFIX kg: <http://example.org/other#>\nSELECT ?s WHERE { ?s a kg:Project }"
    assert add_prefixes(mine) == (mine, 0)


QUERY_ERRORS = [
    ("SELECT ?s WHERE {\n  ?s kgx:p ?o }", "query line 2, column 6: unknown prefix 'kgx:'; known prefixes: dcterms, kg, kgc,"),
    ("SELECT ?s WHERE {\n  ?s kg:p ?o ", "query line 2, column 13: the query ends before it is complete; expected '}'"),
    ("SELECT ?s WHERE { ?s ?p ?o", "query line 1, column 27: the query ends before it is complete; expected '}'"),
    ("SELEKT ?s WHERE { ?s ?p ?o }", "query line 1, column "),
    ("nosuch-query", "unknown named query 'nosuch-query'; available: conferring-bodies, environment-projects,"),
]


@pytest.mark.parametrize("text, message", QUERY_ERRORS)
def test_query_errors_say_where(ds, text, message):
    with pytest.raises(QueryError) as e:
        query(ds, text)
    assert str(e.value).startswith(message)
    assert "\n" not in str(e.value)


def test_parameter_errors():
    with pytest.raises(QueryError, match=r"named query 'provenance' needs --param name="):
        query(None, "provenance")
    with pytest.raises(QueryError, match=r"has no parameter 'town'; its parameters: name"):
        query(None, "provenance", params={"name": "x", "town": "y"})
    with pytest.raises(QueryError, match=r"the query has no variable \?nope"):
        prepare("SELECT ?s WHERE { ?s ?p ?o }", params={"nope": "1"})


def test_dataframe_columns_are_typed(built):
    ds = load(built)
    df = query_frame("projects", dataset=ds)
    assert df["investment"].dtype == "float64" and df["investment"][0] == 29_000_000.0
    assert isinstance(df["expectedCompletion"].dtype, pd.PeriodDtype)
    assert df["expectedCompletion"][0] == pd.Period("2024-05", freq="M")
    assert df["project"][0] == "金沙工业园污水处理工程"
    ind = query_frame("town-indicators", dataset=ds)
    assert str(ind["periodEnd"].dtype).startswith("datetime64")
    assert ind["periodEnd"][0] == pd.Timestamp("2023-10-31")
    assert ind["change"][0] == pytest.approx(32.7)
    bodies = query_frame("conferring-bodies", dataset=ds)
    assert str(bodies["conferrals"].dtype) == "Int64"
    hon = query_frame("honours", dataset=ds)
    assert hon["date"][0] == pd.Period("2023-06", freq="M")


def test_dataframe_from_the_build_folder(built):
    df = query_frame("provenance", path=built, name="松塘村")
    assert list(df["sentence"]) == ["other-2023#s1", "testtown-2023#s1"]


def test_ask_and_construct(ds):
    assert query(ds, "ASK { ?s a kg:Village }").boolean is True
    res = query(ds, "CONSTRUCT { ?s a kg:Village } WHERE { ?s a kg:Village }")
    assert res.kind == "graph" and len(res.triples) == 1
