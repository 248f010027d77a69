"""The relation steps (kg/extract/relations/) on invented sentences: each relation with its rule, the subject of
figures, and the Traditional labels of a Simplified report."""

from __future__ import annotations

from dataclasses import replace

import pytest

from kg.extract import extract
from kg.model import Extraction, Value
from tests.docs import sentences
from tests.extract.test_extract_entities import assert_provenance

PLACE = "浙江省临川市东岭区石门镇"


def run(*texts: str, **kw) -> Extraction:
    ex = extract(sentences(*texts, place=PLACE, **kw))
    assert_provenance(ex)
    return ex


def _key(term):
    """An entity key without the parent chain that keys a place outside the division codes."""
    return term.split("@")[0] if isinstance(term, str) else term


def facts(ex: Extraction) -> set[tuple]:
    return {(_key(f.subject), f.predicate, _key(f.object), f.provenance[0].rule) for f in ex.facts if f.provenance}


CASES = [
    # where firms, projects and events are
    (("石门镇辖区企业恒达陶瓷有限公司获评省级绿色工厂。",),
     {("Enterprise/恒达陶瓷有限公司", "location", "Town/石门镇")}),
    (("恒达陶瓷有限公司落户金沙工业园。", "金沙工业园内的宏远纺织有限公司完成技改。"),
     {("Enterprise/恒达陶瓷有限公司", "location", "IndustrialPark/金沙工业园", "located-at"),
      ("Enterprise/宏远纺织有限公司", "location", "IndustrialPark/金沙工业园", "located-at")}),
    (("成功为恒达、宏远、丰禾3家陶瓷企业申报专项资金共300万元。",),
     {("Enterprise/恒达", "location", "Town/石门镇", "counted-in-place"),
      ("Enterprise/丰禾", "location", "Town/石门镇", "counted-in-place")}),
    (("新增1家规上工业企业（东岭丰禾食品有限公司）。",),
     {("Enterprise/东岭丰禾食品有限公司", "location", "Town/石门镇", "counted-in-place")}),
    (("10月在北京召开的中国工会第十八次全国代表大会。",),
     {("Event/中国工会第十八次全国代表大会", "location", "City/110000000000", "event-held-at")}),
    # who invests in or runs a project; what projects and places produce
    (("成功为恒达、宏远2家企业申报补贴。", "恒达光伏项目完成85%。"),
     {("Project/恒达光伏项目", "investor", "Enterprise/恒达", "project-named-after-firm")}),
    (("东岭恒达陶瓷有限公司投资3亿元建设的智能工厂项目开工。",),
     {("Project/智能工厂项目", "investor", "Enterprise/东岭恒达陶瓷有限公司", "investor-cue")}),
    (("石门污水处理厂项目建成后由清源水务有限公司运营。",),
     {("Project/石门污水处理厂项目", "operator", "Enterprise/清源水务有限公司", "operator-cue")}),
    (("推进东坑2000亩丝苗米基地建设。", "培育丝苗米等特色产品。"),
     {("Project/东坑2000亩丝苗米基地", "product", "Product/丝苗米", "project-names-product")}),
    # programmes: their projects, who leads them, where they are carried out
    (("高标准开展“十里画廊”乡村振兴示范带建设，已完成东坑村外立面工程建设和南山生态旅游圈前期设计。",),
     {("Project/东坑村外立面工程", "participatesIn", "Programme/十里画廊", "project-in-programme"),
      ("Project/南山生态旅游圈", "participatesIn", "Programme/十里画廊", "project-in-programme")}),
    (("由区农业农村局牵头实施的“稻渔共生”示范工程在东坑村、西岭村开展。",),
     {("Programme/稻渔共生", "leadBody", "GovernmentBody/东岭区农业农村局", "lead-cue"),
      ("Programme/稻渔共生", "covers", "Village/东坑村", "covers-places"),
      ("Programme/稻渔共生", "covers", "Village/西岭村", "covers-places")}),
    (("在东坑村、西岭村开展“积分制”试点。",),
     {("Programme/积分制", "covers", "Village/东坑村", "covers-places"),
      ("Programme/积分制", "covers", "Village/西岭村", "covers-places")}),
    # bodies: the place each serves, the body each belongs to
    (("临川市东岭区石门镇在区委、区政府的领导下，认真落实省委、市委、区委部署。", "中共临川市委办公室对此表示肯定。"),
     {("GovernmentBody/东岭区委", "areaServed", "District/东岭区", "body-level-abbreviation"),
      ("GovernmentBody/临川市委", "areaServed", "City/临川市", "body-level-abbreviation"),
      ("GovernmentBody/东岭区委", "parentBody", "GovernmentBody/临川市委", "body-level-above"),
      ("GovernmentBody/临川市委", "parentBody", "GovernmentBody/浙江省委", "body-level-above"),
      ("GovernmentBody/中共临川市委办公室", "areaServed", "City/临川市", "body-place-in-name"),
      ("GovernmentBody/中共临川市委办公室", "parentBody", "GovernmentBody/临川市委", "body-part-of")}),
    (("石门镇人民政府在区委、区政府的领导下推进石门镇建设。",),
     {("GovernmentBody/石门镇人民政府", "areaServed", "Town/石门镇", "body-place-in-name"),
      ("GovernmentBody/石门镇人民政府", "parentBody", "GovernmentBody/东岭区人民政府", "body-level-above")}),
]


@pytest.mark.parametrize(("texts", "expected"), CASES, ids=lambda v: v[0][:14] if isinstance(v, tuple) else "")
def test_relation_with_its_rule(texts, expected):
    got = facts(run(*texts))
    want = {e if len(e) == 4 else None for e in expected} - {None}
    assert want <= got, want - got
    short = {e for e in expected if len(e) == 3}
    assert short <= {g[:3] for g in got}, short - {g[:3] for g in got}


def test_a_place_the_text_never_names_is_served_by_no_body_and_makes_no_node():
    ex = run("石门镇在区委、区政府的领导下推进工作。")
    assert "District/东岭区" not in {e.id for e in ex.entities}
    assert not [f for f in ex.facts if f.predicate == "areaServed" and f.subject == "GovernmentBody/区委"]


def test_a_firm_named_without_a_place_lies_nowhere():
    ex = run("恒达光伏项目完成85%。", "宏远纺织有限公司完成技改。")
    assert not [f for f in ex.facts if f.predicate == "location" and f.subject.startswith("Enterprise/")]
    assert not [f for f in ex.facts if f.predicate == "investor"]


def memberships(ex: Extraction) -> list[dict]:
    out = []
    for e in sorted((e for e in ex.entities if e.type == "Membership"), key=lambda e: e.provenance[0].start):
        out.append({f.predicate: (f.object.lexical if isinstance(f.object, Value) else f.object)
                    for f in ex.facts if f.subject == e.id})
    return out


def test_two_elections_in_one_sentence_are_two_memberships_with_date_and_assembly():
    ex = run("8月31日，石门镇辖区企业恒达陶瓷有限公司张建国在浙江省工会代表会议中当选为中国工会第十八次全国代表大会代表，"
             "并于10月9日至12日在北京召开的中国工会第十八次全国代表大会中当选为中华全国总工会第十八届执委。")
    assert memberships(ex) == [
        {"member": "Person/张建国", "role": "代表", "organization": "Event/中国工会第十八次全国代表大会",
         "electedOn": "2023-08-31", "electedAt": "Event/浙江省工会代表会议"},
        {"member": "Person/张建国", "role": "执委", "organization": "GovernmentBody/中华全国总工会",
         "term": "第十八届", "electedOn": "2023-10-09", "electedAt": "Event/中国工会第十八次全国代表大会"}]
    assert not [e for e in ex.entities if e.type == "AwardConferral"]


def test_no_membership_without_a_post_after_the_cue():
    ex = run("张建国当选后表示将继续努力。")
    assert memberships(ex) == []


def subjects(ex: Extraction) -> list[tuple[str, tuple[str, ...]]]:
    out = []
    for e in sorted((e for e in ex.entities if e.type == "Observation"), key=lambda e: e.provenance[0].start):
        subj = tuple(sorted(_key(f.object) for f in ex.facts if f.subject == e.id and f.predicate == "subject"))
        out.append((e.name, subj))
    return out


@pytest.mark.parametrize(("texts", "expected"), [
    # a sum spent on a list of villages is theirs
    (("投入45万元整治完善东坑村、西岭村和南山村农田水利设施。",),
     [("45万元", ("Village/东坑村", "Village/南山村", "Village/西岭村"))]),
    # what a sum is spent on, then the institution that opens a clause, for the figures after it
    (("共投入280万元推动镇卫生院完善设施，东岭区中医院首次引进针灸技术，接诊量、手术量分别同比增长32%、44%。",),
     [("280万元", ("PublicInstitution/石门镇卫生院",)), ("同比增长32%", ("PublicInstitution/东岭区中医院",)),
      ("44%", ("PublicInstitution/东岭区中医院",))]),
    # the firms a sum is for; their count stays the town's
    (("成功为恒达、宏远、丰禾3家陶瓷企业申报专项资金共300万元。",),
     [("3家", ("Town/石门镇",)), ("300万元", ("Enterprise/丰禾", "Enterprise/宏远", "Enterprise/恒达"))]),
    # a village that opens the clause; 全镇 takes the figure back to the town
    (("东坑村实现村集体经济收入50万元，全镇村集体经济收入达800万元。",),
     [("50万元", ("Village/东坑村",)), ("800万元", ("Town/石门镇",))]),
    # a count of things of a kind is the town's even after a village opened the part
    (("东坑村建成茶叶加工厂，新增家庭农场12家。",), [("12家", ("Town/石门镇",))]),
    # 新建… speaks of a thing of its own: the village before does not carry over
    (("东坑村完成改造，新建葡萄大棚50亩。",), [("50亩", ("Town/石门镇",))]),
])
def test_the_subject_of_a_figure_is_what_its_sentence_makes_it_about(texts, expected):
    assert subjects(run(*texts)) == expected


def test_an_anaphor_points_back_to_the_project_of_the_item():
    ex = run("加快东坑茶叶加工厂项目建设。", "该项目总投资120万元，占地50亩。")
    assert subjects(ex) == [("120万元", ("Project/东坑茶叶加工厂项目",)), ("50亩", ("Project/东坑茶叶加工厂项目",))]


@pytest.mark.parametrize(("name", "trad"), [("王建国", "王建國"), ("石门村", "石門村"), ("东岭区", "東嶺區")])
def test_a_simplified_report_gets_real_traditional_labels(name, trad):
    ex = run(f"{name}获评先进。" if name == "王建国" else f"{name}完成改造。")
    (e,) = [e for e in ex.entities if e.name == name]
    assert e.trad_name == trad and trad in e.aliases


def test_a_traditional_report_keeps_the_forms_it_writes():
    doc = sentences("石门村完成改造。", place=PLACE)
    ex = extract(replace(doc, trad_text="石門邨完成改造。"))  # as if the source were Traditional
    (e,) = [e for e in ex.entities if e.name == "石门村"]
    assert e.trad_name == "石門邨"  # the report's own form, not OpenCC's 石門村


def test_an_item_titled_by_a_project_gathers_its_facts_and_figures():
    """（一）X项目：该项目位于…，总投资…，占地…，预计…开工建设，…竣工: every fact and figure of the item is the project's."""
    ex = run("（一）茶叶加工园项目：该项目位于我镇东坑村，总投资120万元，占地50余亩，预计2022年12月开工建设，2023年5月竣工。",
             kind=None)
    p = "Project/茶叶加工园项目"
    got = {(f.predicate, _key(f.object) if isinstance(f.object, str) else f.object.lexical) for f in ex.facts
           if f.subject == p and f.predicate != "containedIn"}
    assert {("location", "Village/东坑村"), ("investment", "1200000"), ("plannedStart", "2022-12"),
            ("expectedCompletion", "2023-05")} <= got
    assert not [f for f in ex.facts if f.subject == p and f.predicate == "status"]  # 竣工 is expected, not done
    assert subjects(ex) == [("120万元", (p,)), ("50余亩", (p,))]


def test_a_heading_phrase_is_no_project():
    ex = run("（一）全力以赴抓项目，推动经济发展。", kind=None)
    assert not [e for e in ex.entities if e.type == "Project"]


def test_the_place_an_official_speaks_for_holds_the_figures_of_the_words():
    ex = run("东坑村党支部书记李明说，仅此一项，村集体收入每年增加40多万元，带动村民收入增加210多万元。")
    assert [s for _, s in subjects(ex) if s != ("Town/石门镇",)] == [("Village/东坑村",), ("Village/东坑村",)]
