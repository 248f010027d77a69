"""Relations, honours, observations and plan items extracted from single sentences."""

from __future__ import annotations

import pytest

from kg.extract import extract as _extract
from kg.model import Concept, Extraction, Value
from tests.docs import one_sentence, readable, sentences
from tests.extract.test_extract_entities import assert_provenance


def extract(doc, **kwargs):
    """Extract, with place ids written as names (``Town/源潭镇``, see :func:`tests.docs.readable`)."""
    return readable(_extract(doc, **kwargs))


D, S, C = "decimal", "string", Concept


def triples(ex: Extraction) -> set[tuple]:
    return {(f.subject, f.predicate, f.object) for f in ex.facts}


RELATIONS = [
    ("大力完善污水处理基础设施,北面片区截污工程预计2024年4月完工",
     {("Project/北面片区截污工程", "expectedCompletion", Value("2024-04", "gYearMonth")),
      ("Project/北面片区截污工程", "location", "Area/北面片区"),
      ("Area/北面片区", "containedIn", "Town/源潭镇")}),
    ("台前社区大坑(黑臭段)黑臭水体治理工程预计2023年12月前完工",
     {("Project/台前社区大坑(黑臭段)黑臭水体治理工程", "expectedCompletion", Value("2023-12", "gYearMonth"))}),
    ("中国南部物流枢纽项目二期仓库建设进度完成87.01%,预计年底投入使用",
     {("Project/中国南部物流枢纽（二期）", "phaseOf", "Project/中国南部物流枢纽"),
      ("Project/中国南部物流枢纽（二期）", "progress", Value("87.01", D)),
      ("Project/中国南部物流枢纽（二期）", "expectedCompletion", Value("2023-12", "gYearMonth"))}),
    ("中星·广清智谷项目一期厂房完成验收并交付使用,二期场地平整工程完成95%",
     {("Project/中星·广清智谷（一期）", "status", C("status", "accepted")),
      ("Project/中星·广清智谷（二期）", "phaseOf", "Project/中星·广清智谷"),
      ("Project/中星·广清智谷（二期）", "progress", Value("95", D))}),
    ("其中投资2900万元的金沙工业园及周边污水处理系统工程计划2023年11月动工",
     {("Project/金沙工业园及周边污水处理系统工程", "investment", Value("29000000", D)),
      ("Project/金沙工业园及周边污水处理系统工程", "plannedStart", Value("2023-11", "gYearMonth")),
      ("Project/金沙工业园及周边污水处理系统工程", "status", C("status", "planned")),
      ("Project/金沙工业园及周边污水处理系统工程", "location", "IndustrialPark/金沙工业园")}),
    ("中国南部物流枢纽(一期)、锦邦物流、城际物流和广清空港现代物流产业新城餐饮配套服务中心建设项目(鼎田片区)"
     "4个物流园区(项目)已投运",
     {("Project/锦邦物流", "status", C("status", "operational")),
      ("Project/中国南部物流枢纽（一期）", "status", C("status", "operational")),
      ("Project/广清空港现代物流产业新城餐饮配套服务中心建设项目", "location", "Area/鼎田片区"),
      ("Project/城际物流", "industry", C("industry", "logistics"))}),
    ("正在筹建清远冷链物流基地、中鑫智慧物流中心建设项目等12个项目",
     {("Project/清远冷链物流基地", "status", C("status", "preparing"))}),
    ("钛美二期项目完成84.01%和宏威光伏109.09%、天然气环线工程85.03%",
     {("Project/宏威光伏", "progress", Value("109.09", D)), ("Project/天然气环线工程", "progress", Value("85.03", D))}),
    ("成功为宏威、纳福娜、冠星3家陶瓷企业申报2023年广东省先进制造业发展专项资金共2476万元",
     {("Enterprise/宏威", "industry", C("industry", "ceramics")),
      ("Enterprise/冠星", "participatesIn", "Programme/广东省先进制造业发展专项资金")}),
    ("大垯村党总支部书记胡灿均参加会议",  # the village the codes spell 大达村
     {("Person/胡灿均", "role", Value("党总支部书记", S)), ("Person/胡灿均", "affiliation", "Village/大达村")}),
    ("副镇长李韫哲出席", {("Person/李韫哲", "affiliation", "Town/源潭镇")}),
]


@pytest.mark.parametrize(("text", "expected"), RELATIONS)
def test_relations(text, expected):
    ex = extract(one_sentence(text))
    assert expected <= triples(ex), expected - triples(ex)
    assert_provenance(ex)


def test_no_status_from_future_words():
    ex = extract(one_sentence("美丽圩镇(高桥片区)建设项目预计2024年1月完成第一期工程"))
    assert not [f for f in ex.facts if f.predicate == "status"]


def test_place_hierarchy_from_metadata():
    ex = extract(one_sentence("源潭镇在清城区、清远市和广东省的领导下"))
    assert {("Town/源潭镇", "containedIn", "District/清城区"), ("District/清城区", "containedIn", "City/清远市"),
            ("City/清远市", "containedIn", "Province/广东省")} <= triples(ex)


def conferrals(ex: Extraction) -> list[dict]:
    out = []
    for e in ex.entities:
        if e.type != "AwardConferral":
            continue
        rec: dict = {"conferredBy": set()}
        for f in ex.facts:
            if f.subject == e.id:
                if f.predicate == "conferredBy":
                    rec["conferredBy"].add(f.object)
                else:
                    rec[f.predicate] = f.object
        out.append(rec)
    return out


HONOURS = [
    ("2月,源潭镇被广东省信访工作联席会议办公室、广东省信访局评为“2022年信访工作示范乡镇”",
     {"recipient": "Town/源潭镇", "award": "Award/2022年信访工作示范乡镇",
      "conferredBy": {"GovernmentBody/广东省信访工作联席会议办公室", "GovernmentBody/广东省信访局"},
      "conferredOn": Value("2023-02", "gYearMonth")}),
    ("7月,源潭镇获广东省统计局“基层统计‘7个一’规范化建设先进单位”表彰表扬",
     {"recipient": "Town/源潭镇", "award": "Award/基层统计7个一规范化建设先进单位",
      "conferredBy": {"GovernmentBody/广东省统计局"}, "conferredOn": Value("2023-07", "gYearMonth")}),
    ("6月,副镇长李韫哲被广东省人力资源和社会保障厅、广东省农业农村厅评为“全省粮食生产、撂荒耕地复耕复种先进个人”",
     {"recipient": "Person/李韫哲", "award": "Award/全省粮食生产、撂荒耕地复耕复种先进个人",
      "conferredBy": {"GovernmentBody/广东省人力资源和社会保障厅", "GovernmentBody/广东省农业农村厅"},
      "conferredOn": Value("2023-06", "gYearMonth"), "recipientRole": Value("副镇长", S)}),
    ("2月,大连村“两委”干部邓金洪荣获“2020-2021年度全国无偿献血奉献奖铜奖",
     {"recipient": "Person/邓金洪", "award": "Award/2020-2021年度全国无偿献血奉献奖铜奖", "conferredBy": set(),
      "conferredOn": Value("2023-02", "gYearMonth"), "recipientRole": Value("两委干部", S)}),
    ("唐晓婷被中共清远市委办公室、清远市人民政府办公室评为“表现突出的共青团员”",
     {"recipient": "Person/唐晓婷", "award": "Award/表现突出的共青团员",
      "conferredBy": {"GovernmentBody/中共清远市委办公室", "GovernmentBody/清远市人民政府办公室"}}),
]


@pytest.mark.parametrize(("text", "expected"), HONOURS)
def test_honours(text, expected):
    ex = extract(one_sentence(text))
    assert conferrals(ex) == [expected]
    assert_provenance(ex)


def test_an_election_is_not_a_conferral():
    ex = extract(one_sentence("8月31日,源潭镇辖区企业蒙娜丽莎建陶有限公司雷万兵在广东省工会代表会议中当选为"
                              "中国工会第十八次全国代表大会代表"))
    assert conferrals(ex) == []
    assert ("Person/雷万兵", "affiliation", "Enterprise/蒙娜丽莎建陶有限公司") in triples(ex)
    assert {"Event/广东省工会代表会议", "Event/中国工会第十八次全国代表大会"} <= {e.id for e in ex.entities}


def test_project_list_of_firms():
    ex = extract(one_sentence("完成卡诺亚家居、晋勇橡胶等4个项目技改工作"))
    assert {"Enterprise/卡诺亚家居", "Enterprise/晋勇橡胶"} <= {e.id for e in ex.entities}


def observations(ex: Extraction) -> list[dict]:
    out = []
    for e in sorted((e for e in ex.entities if e.type == "Observation"), key=lambda e: e.provenance[0].start):
        if e.type == "Observation":
            rec = {f.predicate: f.object for f in ex.facts if f.subject == e.id and f.predicate != "text"}
            out.append(rec)
    return out


def test_observation_with_change_and_period():
    ex = extract(sentences("截至10月底,全镇39家规上工业企业总产值102.79亿元,同比下降6.96%;", "固定资产投资达19.51亿元,同比增长32.7%;"))
    obs = observations(ex)
    assert [o["value"].lexical for o in obs] == ["39", "10279000000", "1951000000"]
    out, fai = obs[1], obs[2]
    assert out["measure"] == C("measure", "industrial-output") and out["unit"] == C("unit", "CNY")
    assert out["change"] == Value("-6.96", D) and out["changeUnit"] == C("unit", "percent")
    assert (out["periodStart"], out["periodEnd"]) == (Value("2023-01-01", "date"), Value("2023-10-31", "date"))
    # the 截至 period carries over the semicolon into the next sentence
    assert fai["measure"] == C("measure", "fixed-asset-investment") and fai["periodEnd"] == Value("2023-10-31", "date")
    assert fai["subject"] == "Town/源潭镇"
    assert_provenance(ex)


@pytest.mark.parametrize(("text", "expected"), [
    ("城乡低保、特困等多类困难群众生活救助提升3.5%-5.2%",
     [{"value": "3.5", "valueMax": "5.2", "unit": "percent", "qualifier": "range"}]),
    ("完成超6500名65岁以上老年人年度免费体检工作",
     [{"value": "6500", "unit": "person", "qualifier": "at-least"}]),
    ("完成春耕粮食生产约2.5万亩", [{"value": "25000", "unit": "mu", "qualifier": "approximate", "measure": "grain-area"}]),
    ("成功帮助315名工人追回欠薪共763万余元",
     [{"value": "315", "unit": "person"}, {"value": "7630000", "unit": "CNY", "qualifier": "at-least"}]),
    ("接诊量、手术量和业务收入分别同比增长32%、44%和9.3%",
     [{"value": "32", "change": "32"}, {"value": "44", "change": "44"}, {"value": "9.3", "change": "9.3"}]),
    ("开展“7个一”活动", []),
    ("已验收12个特色村,排查各类矛盾纠纷261件", [{"value": "12", "unit": "village"}, {"value": "261", "unit": "case"}]),
    ("实现两个100%", [{"value": "100", "unit": "percent"}]),
])
def test_observation_values(text, expected):
    obs = observations(extract(one_sentence(text)))
    got = [{k: (v.lexical if isinstance(v, Value) else v.code if isinstance(v, Concept) else v)
            for k, v in o.items() if k in e} for o, e in zip(obs, expected)]
    assert len(obs) == len(expected) and got == expected


def test_skipped_numbers_are_listed_with_their_rule():
    from kg.extract import extract_findings

    skipped = extract_findings(one_sentence("建立“一企一档”和“7个一”规范")).skipped
    assert [(p.text, rule) for p, rule in skipped] == [("7个", "in-quoted-name")]


def test_plan_items_concern_the_entities_they_name():
    doc = one_sentence("确保中国南部物流枢纽(二期)、钛美公司二期项目和天然气环线工程100%完成年度投资计划", kind="plan", year=2024)
    ex = extract(doc)
    (item,) = [e for e in ex.entities if e.type == "PlanItem"]
    t = {(f.predicate, f.object) for f in ex.facts if f.subject == item.id}
    assert ("planYear", Value("2024", "gYear")) in t
    assert {("concerns", "Project/中国南部物流枢纽（二期）"), ("concerns", "Project/天然气环线工程"),
            ("concerns", "Project/钛美项目（二期）")} <= t
    assert not [f for f in ex.facts if f.predicate in ("status", "progress")]
    assert_provenance(ex)


def test_plan_names_the_same_project_as_the_report():
    report = extract(one_sentence("中国南部物流枢纽项目二期仓库建设进度完成87.01%"))
    plan = extract(one_sentence("加快建设中国南部物流枢纽项目(二期)", kind="plan", year=2024))
    ids = {e.id for e in report.entities} & {e.id for e in plan.entities}
    assert "Project/中国南部物流枢纽（二期）" in ids


def test_project_and_its_phase_base_are_one_entity():
    ex = extract(sentences("投资2.5亿元的新材料产业园项目已投产;", "加快推进新材料产业园项目二期建设。"))
    projects = {e.id: e for e in ex.entities if e.type == "Project"}
    assert set(projects) == {"Project/新材料产业园", "Project/新材料产业园（二期）"}
    assert "新材料产业园项目" in projects["Project/新材料产业园"].aliases
    assert ("Project/新材料产业园", "investment", Value("250000000", D)) in triples(ex)


@pytest.mark.parametrize(("text", "expected"), [
    ("柘溪区获评“国家农产品质量安全县”（农业农村部，2023年4月）",
     {"recipient": "District/柘溪区", "award": "Award/国家农产品质量安全县", "conferredBy": {"GovernmentBody/农业农村部"},
      "conferredOn": Value("2023-04", "gYearMonth")}),
    ("闽川永兴食品集团获评省级绿色工厂",
     {"recipient": "Enterprise/闽川永兴食品集团", "award": "Award/省级绿色工厂", "conferredBy": set()}),
    ("5月，石桥村党支部书记刘建华被中共瑞川市委组织部评为“全市优秀村党组织书记”",
     {"recipient": "Person/刘建华", "award": "Award/全市优秀村党组织书记",
      "conferredBy": {"GovernmentBody/中共瑞川市委组织部"}, "conferredOn": Value("2023-05", "gYearMonth"),
      "recipientRole": Value("党支部书记", S)}),
])
def test_honours_in_other_wordings(text, expected):
    ex = extract(one_sentence(text, place="福建省闽川市柘溪区"))
    assert conferrals(ex) == [expected]


def test_park_phases_and_capacity_in_a_project_name():
    ex = extract(sentences("南湖科创园一期投入使用，二期土建工程完成72%，预计2024年9月竣工；",
                           "瑞丰新材料年产5万吨环保涂料项目一期已建成投产。"))
    t = triples(ex)
    assert ("Project/南湖科创园（一期）", "phaseOf", "IndustrialPark/南湖科创园") in t
    assert ("Project/南湖科创园（二期）", "progress", Value("72", D)) in t
    assert ("Project/南湖科创园（二期）", "expectedCompletion", Value("2024-09", "gYearMonth")) in t
    assert "Project/瑞丰新材料年产5万吨环保涂料（一期）" in {e.id for e in ex.entities}
    assert not [o for o in observations(ex) if o["unit"] == C("unit", "tonne")]  # 年产5万吨 is part of the name


@pytest.mark.parametrize("text", ["全区新开工10亿元以上项目12个", "其中超100万元的村达到15个"])
def test_thresholds_are_not_figures(text):
    from kg.extract import extract_findings

    rules = {rule for _, rule in extract_findings(one_sentence(text)).skipped}
    assert "threshold" in rules
    assert len(observations(extract(one_sentence(text)))) == 1
