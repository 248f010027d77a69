"""Identity across reports: invented pairs of reports built together, and the identity rule of each class.

The reports of the pair build (all invented): 东岭镇 (2023, a firm named in full and by its short name) and 东岭镇
again (2022, the firm in full only, the project not named), both of 北城区, 南江市; 西岭镇 (2023) of 南城区, 北江市
(the firm by its short name only).  Every report names 张伟, 南塘村, 百千万工程, 十件民生实事工程, a 垃圾转运站项目
(with its own progress) and three honours titled alike: one from the district's party committee (区委), one from
the province's department, one with no conferrer.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, SKOS, Graph, Literal, URIRef

from kg.extract import extract
from kg.extract.identity import award_identity, identify, identity_of
from kg.extract.identity.rules import Setting, opening_place
from kg.extract.resolve import own_body
from kg.graph.vocab import KG
from kg.model import Entity, Extraction, Fact, Provenance
from kg.pipeline import build, summary_lines
from tests.docs import one_sentence, sentences

EAST, WEST = ("广东省", "南江市", "北城区", "东岭镇"), ("广东省", "北江市", "南城区", "西岭镇")


def report(folder: Path, doc_id: str, place: tuple[str, ...], year: int, *, firm: str, progress: int | None) -> Path:
    province, city, district, town = place
    firm_text = {"bound": "广东云帆科技有限公司（以下简称云帆科技）落户我镇，支持云帆科技、恒通新材料2家企业扩产。",
                 "full": "广东云帆科技有限公司落户我镇。",
                 "short": "支持云帆科技、恒通新材料2家企业扩产。"}[firm]
    project = f"推进垃圾转运站项目建设，完成主体工程{progress}%。" if progress is not None else ""
    text = (f"{year}年以来，{town}在{district}委、{district}政府的领导下，全面推动各项工作。\n"
            f"一、{year}年工作情况\n"
            f"（一）经济发展。{firm_text}{project}\n"
            "（二）乡村振兴。深入推进“百千万工程”，实施“十件民生实事工程”。南塘村完成人居环境整治。\n"
            "（三）获得荣誉。6月，副镇长张伟被区委评为“2021年度先进个人”；"
            f"8月，村委会主任李强被{province}农业农村厅评为“2021年度示范个人”；9月，王芳荣获“2021年度优秀共产党员”。\n")
    meta = {"id": doc_id, "title": f"{town}{year}年工作总结", "issuer": f"{district}{town}人民政府",
            "place": "".join(place), "date": f"{year}-11-15", "year": year}
    path = folder / f"{doc_id}.txt"
    path.write_text(text, encoding="utf-8")
    (folder / f"{doc_id}.meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    raw = tmp_path_factory.mktemp("pair-raw")
    reports = [report(raw, "dongling-2023", EAST, 2023, firm="bound", progress=40),
               report(raw, "dongling-2022", EAST, 2022, firm="full", progress=None),
               report(raw, "xiling-2023", WEST, 2023, firm="short", progress=70)]
    out = tmp_path_factory.mktemp("pair") / "kg"
    result = build(reports, out_dir=out)
    graphs = {p.stem: Graph().parse(p, format="turtle") for p in out.glob("*.ttl")}
    return out, result, graphs


def node(graphs: dict[str, Graph], doc: str, cls: str, name: str) -> str:
    g = graphs[doc]
    found = {str(s) for s in g.subjects(RDFS.label, Literal(name, lang="zh-Hans")) if (s, RDF.type, KG[cls]) in g}
    assert len(found) == 1, (doc, cls, name, found)
    return found.pop()


# ------------------------------------------------------------------------------------------ pairs of reports
def test_the_same_village_of_the_same_place_chain_merges(pair):
    """Two reports of one invented town (outside the division codes) name 南塘村: one node, keyed by its parent."""
    _, _, graphs = pair
    assert node(graphs, "dongling-2023", "Village", "南塘村") == node(graphs, "dongling-2022", "Village", "南塘村")


@pytest.fixture(scope="module")
def grounded(tmp_path_factory):
    """Two reports (2022, 2023) of a real town of the division codes, each naming one of its villages and 张伟:
    the town and the village are read from the gazetteer, not written out here."""
    from kg.extract.ground import divisions
    from kg.extract.ground.gazetteer import find_county
    from kg.text.segment import load_document

    county = find_county("浙江省杭州市余杭区")[0]
    town, village = next((t, v) for t in divisions.children(county.code) if t.name.endswith("镇")
                         for v in divisions.children(t.code) if v.name.endswith("村委会"))
    raw = tmp_path_factory.mktemp("grounded")
    out = {}
    for year in (2022, 2023):
        doc_id = f"real-{year}"
        (raw / f"{doc_id}.txt").write_text(
            f"{year}年以来，{town.name}全面推动各项工作。\n一、{year}年工作情况\n"
            f"（一）乡村振兴。{village.name[:-2]}完成人居环境整治；推进垃圾转运站项目建设，完成主体工程{year - 1980}%。\n"
            "（二）获得荣誉。6月，副镇长张伟被区委评为“先进个人”。\n", encoding="utf-8")
        (raw / f"{doc_id}.meta.json").write_text(json.dumps(
            {"id": doc_id, "title": f"{town.name}{year}年工作总结", "place": f"浙江省杭州市余杭区{town.name}",
             "year": year}, ensure_ascii=False), encoding="utf-8")
        out[year] = extract(load_document(raw / f"{doc_id}.txt"))
    return town, village, out


def test_a_village_of_the_codes_is_one_node_and_a_person_of_its_town_is_keyed_by_the_code(grounded):
    from kg.graph.iri import node_iri

    town, village, reports = grounded
    for ex in reports.values():
        (place,) = [e for e in ex.entities if e.type == "Village"]
        assert str(node_iri(place)).endswith(f"/division/{village.code}")
        person = next(e for e in ex.entities if (e.type, e.name) == ("Person", "张伟"))
        assert person.identity == f"in:{town.code}"
    people = {str(node_iri(e)) for ex in reports.values() for e in ex.entities if e.type == "Person"}
    assert len(people) == 1  # the town's two reports: one 张伟


def test_villages_of_one_name_in_two_towns_are_two(pair):
    _, _, graphs = pair
    assert node(graphs, "dongling-2023", "Village", "南塘村") != node(graphs, "xiling-2023", "Village", "南塘村")


@pytest.mark.parametrize("title", ["2021年度先进个人", "2021年度优秀共产党员"])
def test_a_generic_honour_of_two_towns_is_two_awards(pair, title):
    _, _, graphs = pair
    assert node(graphs, "dongling-2023", "Award", title) != node(graphs, "xiling-2023", "Award", title)


def test_an_honour_from_one_body_in_one_year_is_one_award(pair):
    _, _, graphs = pair
    east, west = (node(graphs, d, "Award", "2021年度示范个人") for d in ("dongling-2023", "xiling-2023"))
    assert east == west


def test_an_honour_of_one_town_from_its_district_merges_across_its_reports(pair):
    _, _, graphs = pair
    assert node(graphs, "dongling-2023", "Award", "2021年度先进个人") == node(graphs, "dongling-2022", "Award",
                                                                             "2021年度先进个人")


def test_an_honour_without_a_conferrer_stays_in_its_report(pair):
    _, _, graphs = pair
    assert node(graphs, "dongling-2023", "Award", "2021年度优秀共产党员") != node(graphs, "dongling-2022", "Award",
                                                                                 "2021年度优秀共产党员")


def test_people_of_one_name_in_two_towns_are_two(pair):
    _, _, graphs = pair
    assert node(graphs, "dongling-2023", "Person", "张伟") != node(graphs, "xiling-2023", "Person", "张伟")
    assert node(graphs, "dongling-2023", "Person", "张伟") == node(graphs, "dongling-2022", "Person", "张伟")


def test_a_national_programme_merges_and_a_local_one_does_not(pair):
    _, _, graphs = pair
    assert len({node(graphs, d, "Programme", "百千万工程") for d in graphs}) == 1
    assert node(graphs, "dongling-2023", "Programme", "十件民生实事工程") != node(
        graphs, "xiling-2023", "Programme", "十件民生实事工程")


def test_a_short_firm_name_merges_with_the_full_name_only_where_the_report_binds_them(pair):
    _, _, graphs = pair
    full = node(graphs, "dongling-2023", "Enterprise", "广东云帆科技有限公司")
    assert node(graphs, "dongling-2022", "Enterprise", "广东云帆科技有限公司") == full  # the full name merges
    g = graphs["dongling-2023"]  # the short name, bound in this report, is an alias of the full-name node
    assert (URIRef(full), SKOS.altLabel, Literal("云帆科技", lang="zh")) in g
    assert not set(g.subjects(RDFS.label, Literal("云帆科技", lang="zh-Hans")))
    assert node(graphs, "xiling-2023", "Enterprise", "云帆科技") != full  # unbound: a firm of its own


def test_a_generic_project_in_two_towns_is_two_projects(pair):
    _, _, graphs = pair
    assert node(graphs, "dongling-2023", "Project", "垃圾转运站项目") != node(graphs, "xiling-2023", "Project",
                                                                             "垃圾转运站项目")


def test_the_relative_bodies_are_their_places_bodies(pair):
    _, _, graphs = pair
    assert node(graphs, "dongling-2023", "GovernmentBody", "北城区委") == node(graphs, "dongling-2022",
                                                                               "GovernmentBody", "北城区委")
    assert node(graphs, "xiling-2023", "GovernmentBody", "南城区人民政府")


def test_the_pair_build_conforms_to_the_shapes(pair):
    from kg.graph.validate import validate

    out, _, _ = pair
    g = Graph()
    for p in sorted(out.glob("*.ttl")):
        g.parse(p, format="turtle")
    report = validate(g)
    assert report.conforms, report


def test_the_build_report_counts_merged_nodes_and_lists_the_names_kept_apart(pair):
    out, result, graphs = pair
    identity = json.loads((out / "build-report.json").read_text(encoding="utf-8"))["identity"]
    assert identity["merged"]["Programme"] == 2  # 百千万工程, and 十件民生实事工程 of 东岭镇's two reports
    assert identity["merged"]["Award"] == 2  # 2021年度示范个人 (one body), 2021年度先进个人 (东岭镇's district)
    assert identity["collisions"] == []
    zhang = next(c for c in identity["candidates"] if (c["class"], c["name"]) == ("Person", "张伟"))
    assert sorted((n["iri"], n["reports"]) for n in zhang["nodes"]) == sorted(
        [(node(graphs, "dongling-2023", "Person", "张伟"), 2), (node(graphs, "xiling-2023", "Person", "张伟"), 1)])
    assert {n["identity"] for n in zhang["nodes"]} == {"in:南江市/北城区/东岭镇", "in:北江市/南城区/西岭镇"}
    assert identity["kept_apart"]["Person"]["names"] >= 1
    firm = next(c for c in identity["candidates"] if (c["class"], c["name"]) == ("Enterprise", "云帆科技"))
    assert sorted((n["name"], n["reports"]) for n in firm["nodes"]) == [("云帆科技", 1), ("广东云帆科技有限公司", 2)]
    assert ("Award", 2) in result.merged
    lines = summary_lines(result)
    assert any(line.startswith("nodes stated by several reports: ") and "Programme 2" in line for line in lines)
    assert any(line.startswith("names kept apart as several nodes: ") and "Person" in line for line in lines)


# ------------------------------------------------------------------------------------------ the rules
EAST_SETTING = Setting("t-2023", (("Province", "广东省"), ("City", "南江市"), ("District", "北城区"),
                                  ("Town", "东岭镇")))
OWN = "in:南江市/北城区/东岭镇"


@pytest.mark.parametrize("cls, name, expected", [
    ("Person", "张伟", OWN),
    ("Project", "垃圾转运站项目", OWN),
    ("Project", "广东云帆科技有限公司总部项目", ""),  # named after a registered firm
    ("Project", "北城区粮食储备库", "in:南江市/北城区"),
    ("Project", "中国南部物流枢纽", ""),
    ("Enterprise", "广东云帆科技有限公司", ""),
    ("Enterprise", "云帆科技", OWN),
    ("Enterprise", "南江云帆科技", "in:南江市"),  # opens with the city's stem
    ("Programme", "百千万工程", ""),
    ("Programme", "十件民生实事工程", OWN),
    ("Programme", "广东省先进制造业发展专项资金", "in:广东省"),
    ("PublicInstitution", "北城区中医院", "in:南江市/北城区"),
    ("PublicInstitution", "东岭镇卫生院", OWN),
    ("GovernmentBody", "农业农村部", ""),
    ("GovernmentBody", "中共南江市委组织部", "in:南江市"),
    ("GovernmentBody", "湖南省统计局", "in:湖南省"),  # a province outside the report's chain
    ("GovernmentBody", "团委", OWN),
    ("Event", "中国工会第十八次全国代表大会", ""),
    ("Product", "丝苗米", OWN),
    ("Village", "南塘村", ""),  # the place rule is the gazetteer's
    ("Observation", "t-2023#s1@0", ""),
])
def test_identity_of_each_class(cls, name, expected):
    assert identity_of(cls, name, EAST_SETTING) == expected


def test_a_report_without_a_place_keeps_its_local_things_to_itself():
    assert identity_of("Project", "垃圾转运站项目", Setting("t-2023")) == "doc:t-2023"
    assert identity_of("Person", "张伟", Setting("t-2023")) == "doc:t-2023"


@pytest.mark.parametrize("title, conferrers, year, expected", [
    ("先进个人", ("GovernmentBody/南江市统计局@in:南江市",), 2023, "by:GovernmentBody/南江市统计局@in:南江市;2023"),
    ("2021年度先进个人", ("GovernmentBody/南江市统计局@in:南江市",), 2023,
     "by:GovernmentBody/南江市统计局@in:南江市"),  # the title carries its year
    ("先进个人", ("GovernmentBody/B", "GovernmentBody/A", "GovernmentBody/B"), None, "by:GovernmentBody/A+GovernmentBody/B"),
    ("2021年度先进个人", (), 2021, "doc:t-2023"),
    ("全市优秀村党组织书记", (), 2023, "doc:t-2023"),  # 全市: relative to a city the title does not name
    ("全国文明村镇", (), 2023, "2023"),
    ("2023年上半年南江市住户调查优秀调查员", (), 2023, "in:南江市"),
])
def test_award_identity(title, conferrers, year, expected):
    assert award_identity(title, conferrers, year, EAST_SETTING) == expected


def test_opening_place_prefers_the_longest_place():
    st = Setting("t", (("City", "南江市"), ("District", "南江区")))
    assert opening_place("南江区人民医院", st) == "in:南江市/南江区"
    assert opening_place("南江人民医院", st) == "in:南江市"


@pytest.mark.parametrize("word, place, expected", [
    ("区委", "北城区", "北城区委"), ("区政府", "北城区", "北城区人民政府"), ("镇党委", "东岭镇", "东岭镇党委"),
    ("市委", "南江市", "南江市委"), ("县委", "北城区", None), ("区委", "", None),
])
def test_a_body_named_by_its_level_is_the_reports_places(word, place, expected):
    assert own_body(word, place) == expected


def test_one_title_from_two_bodies_in_one_report_is_two_awards():
    doc = sentences("6月，张伟被南江市统计局评为“先进个人”。", "8月，李强被东岭镇党委评为“先进个人”。",
                    place="广东省南江市北城区东岭镇")
    ex = extract(doc)
    awards = [e for e in ex.entities if e.type == "Award"]
    assert sorted(a.identity for a in awards) == [
        "by:GovernmentBody/东岭镇党委@in:南江市/北城区/东岭镇;2023",
        "by:GovernmentBody/南江市统计局@in:南江市;2023"]
    ids = {a.id for a in awards}
    conferred = {f.subject: f.object for f in ex.facts if f.predicate == "award"}
    assert set(conferred.values()) == ids  # each conferral names its own award
    levels = {(f.subject, f.object.code) for f in ex.facts if f.predicate == "level" and f.subject in ids}
    assert sorted(code for _, code in levels) == ["city", "town"]  # one level each, not two on one award
    for a in awards:  # each part keeps the mention of its own sentence
        assert [p.sentence_id for p in a.provenance] == [conferred_sentence(ex, a.id)]
    assert identify(ex) == ex  # identity is assigned once and for all


def conferred_sentence(ex: Extraction, award_id: str) -> str:
    conferral = next(f.subject for f in ex.facts if f.predicate == "award" and f.object == award_id)
    return conferral.split("@", 1)[0].removeprefix("AwardConferral/")


def test_identify_keeps_facts_about_split_awards_with_their_conferral():
    p1 = Provenance("t", "t#s1", 0, 10, "x", "r")
    p2 = Provenance("t", "t#s2", 20, 30, "y", "r")
    doc = sentences("a" * 20, "b" * 20, place="广东省南江市北城区东岭镇")
    ex = Extraction(doc, entities=(
        Entity("Award/先进个人", "Award", "先进个人", provenance=(Provenance("t", "t#s1", 2, 6, "先进个人", "r"),
                                                                  Provenance("t", "t#s2", 22, 26, "先进个人", "r"))),
        Entity("AwardConferral/t#s1@0", "AwardConferral", "c1", provenance=(p1,)),
        Entity("AwardConferral/t#s2@20", "AwardConferral", "c2", provenance=(p2,)),
        Entity("GovernmentBody/南江市统计局", "GovernmentBody", "南江市统计局"),
        Entity("GovernmentBody/湖南省统计局", "GovernmentBody", "湖南省统计局")), facts=(
        Fact("AwardConferral/t#s1@0", "award", "Award/先进个人", (p1,)),
        Fact("AwardConferral/t#s1@0", "conferredBy", "GovernmentBody/南江市统计局", (p1,)),
        Fact("AwardConferral/t#s2@20", "award", "Award/先进个人", (p2,)),
        Fact("AwardConferral/t#s2@20", "conferredBy", "GovernmentBody/湖南省统计局", (p2,)),
        Fact("Award/先进个人", "level", "x", (p1, p2))))
    out = identify(ex)
    by_conferral = {f.subject: f.object for f in out.facts if f.predicate == "award"}
    first, second = by_conferral["AwardConferral/t#s1@0"], by_conferral["AwardConferral/t#s2@20"]
    assert first != second
    assert {(f.subject, f.provenance) for f in out.facts if f.predicate == "level"} == {(first, (p1,)), (second, (p2,))}


def test_observations_and_plan_items_name_the_identified_entities():
    ex = extract(one_sentence("推进垃圾转运站项目建设，总投资3000万元", place="广东省南江市北城区东岭镇"))
    project = next(e for e in ex.entities if e.type == "Project")
    assert project.identity == OWN
    about = {f.object for f in ex.facts if f.subject.startswith("Observation/") and isinstance(f.object, str)}
    assert project.id in about


@pytest.mark.parametrize("text, cls", [("推进东岭镇污水处理厂项目建设，总投资3000万元", "Project"),
                                       ("东岭镇卫生院完成改造", "PublicInstitution")])
def test_a_towns_thing_named_in_its_districts_report_is_the_one_its_own_report_names(text, cls):
    district, town = (extract(one_sentence(text, place=place, doc_id=doc_id))
                      for place, doc_id in (("广东省南江市北城区", "d"), ("广东省南江市北城区东岭镇", "t")))
    identities = [next(e.identity for e in ex.entities if e.type == cls) for ex in (district, town)]
    assert identities == [OWN, OWN]
    other = extract(one_sentence(text.replace("东岭镇", "西岭镇"), place="广东省南江市北城区", doc_id="d"))
    assert next(e.identity for e in other.entities if e.type == cls) == "in:南江市/北城区/西岭镇"
