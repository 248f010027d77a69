"""Named queries on the graph of the seed report, checked by hand against the report's own sentences."""

from __future__ import annotations

import pytest

from kg.graph.query import named_queries, query, query_frame
from kg.graph.results import ResultFormat, format_result
from kg.graph.store import load

ANY = object()


@pytest.fixture(scope="module")
def seed_ds(seed_build):
    return load(seed_build.path)


def _value(v):
    return None if v is None or v != v else str(v)  # NaN / NaT / None → None


def _rows(ds, name, /, **params):
    df = query_frame(name, dataset=ds, **params)
    return [{c: _value(r[c]) for c in df.columns} for _, r in df.iterrows()]


# recipient, role, award, conferring bodies in the report's order, month — ANY where the report leaves it open
HONOURS = [
    ("李韫哲", "副镇长", "全省粮食生产、撂荒耕地复耕复种先进个人", "广东省人力资源和社会保障厅、广东省农业农村厅", "2023-06"),
    ("源潭镇", ANY, "2022年信访工作示范乡镇", "广东省信访工作联席会议办公室、广东省信访局", "2023-02"),
    ("唐晓婷", ANY, "表现突出的共青团员", "中共清远市委办公室、清远市人民政府办公室", ANY),
    ("梁韶宝", ANY, "2023年上半年清远市住户类调查工作优秀辅助调查员", "国家统计局清远调查队办公室", "2023-07"),
    ("胡灿均", ANY, "清远市地质灾害防治三年行动（2020-2022年）表现突出个人", "清远市地质灾害防治工作领导小组", ANY),
]


@pytest.mark.parametrize("recipient, role, award, bodies, month", HONOURS)
def test_honours(seed_ds, recipient, role, award, bodies, month):
    rows = [r for r in _rows(seed_ds, "honours") if r["recipient"] == recipient and r["award"] == award]
    assert len(rows) == 1, [r for r in _rows(seed_ds, "honours") if r["recipient"] == recipient]
    (row,) = rows
    assert row["conferredBy"] == bodies
    if role is not ANY:
        assert row["role"] == role
    if month is not ANY:
        assert row["date"] is not None and row["date"].startswith(month)


# person, a word of the role, the affiliation — ANY where the report gives none
PEOPLE = [
    ("李韫哲", "副镇长", ANY),
    ("邓金洪", "干部", "大连村"),
    ("梁韶宝", "干部", "积余村"),
    ("卢东成", "党委书记", "源潭社区"),
    ("胡灿均", "党总支部书记", "大达村"),  # the report writes 大垯村; the division codes, 大达村
    ("雷万兵", ANY, "蒙娜丽莎建陶有限公司"),
    ("唐晓婷", ANY, ANY),
]


@pytest.mark.parametrize("person, role_word, affiliation", PEOPLE)
def test_people(seed_ds, person, role_word, affiliation):
    rows = [r for r in _rows(seed_ds, "people") if r["person"] == person]
    assert rows, f"{person} missing"
    if role_word is not ANY:
        assert any(r["role"] and role_word in r["role"] for r in rows), rows
    if affiliation is not ANY:
        assert any(r["affiliation"] == affiliation for r in rows), rows


# a part of the project's name, the column, the value the report gives
PROJECTS = [
    ("钛美", "progress", "84.01"),
    ("宏威光伏", "progress", "109.09"),
    ("天然气环线", "progress", "85.03"),
    ("金沙工业园及周边污水处理系统工程", "investment", "29000000.0"),
    ("金沙工业园及周边污水处理系统工程", "plannedStart", "2023-11"),
    ("锦鸿集聚园区基础设施项目", "investment", "150000000.0"),
    ("北面片区截污工程", "expectedCompletion", "2024-04"),
    ("黑臭水体治理工程", "expectedCompletion", "2023-12"),
    ("金沙工业园及中医院片区污水收集系统改造工程", "expectedCompletion", "2024-05"),
]


@pytest.mark.parametrize("name_part, column, value", PROJECTS)
def test_projects(seed_ds, name_part, column, value):
    rows = [r for r in _rows(seed_ds, "projects") if name_part in r["project"]]
    assert rows, f"no project named like {name_part}"
    assert any(r[column] == value for r in rows), rows


def test_projects_sorted_by_investment(seed_ds):
    df = query_frame("projects", dataset=seed_ds)
    invested = df["investment"].dropna().tolist()
    assert invested == sorted(invested, reverse=True) and invested[0] == 150_000_000.0
    assert "锦鸿" in df["project"][0]


def test_projects_in_the_jinsha_park(seed_ds):
    names = set(query_frame("projects-in-place", dataset=seed_ds, place="金沙工业园")["project"])
    assert any("金沙工业园及周边污水处理系统工程" in n for n in names), names


def test_town_indicators_jan_to_oct(seed_ds):
    rows = _rows(seed_ds, "town-indicators")
    assert rows and all(r["periodStart"].startswith("2023-01-01") and r["periodEnd"].startswith("2023-10-31")
                        for r in rows)  # 截至10月底: January to October
    values = {r["value"]: r for r in rows}
    assert values["10279000000.0"]["change"] == "-6.96"  # 规上工业总产值102.79亿元，同比下降6.96%
    assert values["1951000000.0"]["change"] == "32.7"  # 固定资产投资19.51亿元，同比增长32.7%


def test_provenance_of_a_person(seed_ds):
    rows = _rows(seed_ds, "provenance", name="李韫哲")
    assert len(rows) == 1 and rows[0]["sentence"].startswith("yuantan-2023#s")
    assert "副镇长李韫哲被广东省人力资源和社会保障厅" in rows[0]["text"]


@pytest.fixture(scope="module")
def seed_memory(seed_build):
    from kg.graph.store import StoreKind

    return load(seed_build.path, store=StoreKind.MEMORY)


PARAMS = {"projects-in-place": {"place": "金沙工业园"}, "projects-by-status": {"status": "operational"},
          "provenance": {"name": "松塘村"}, "places-by-code": {"code": "4418"}, "relations-of": {"name": "钛美"}}


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_both_stores_give_the_same_rows_in_the_same_order(seed_ds, seed_memory, name):
    on_oxigraph = format_result(query(seed_ds, name, params=PARAMS.get(name)), ResultFormat.CSV)
    on_memory = format_result(query(seed_memory, name, params=PARAMS.get(name)), ResultFormat.CSV)
    assert on_oxigraph == on_memory
    assert on_oxigraph.count("\n") >= 2, f"{name} found nothing on the seed graph"
