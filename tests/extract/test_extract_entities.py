"""Entity extraction on single sentences: places, organisations, people, programmes, projects, products."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract import extract
from kg.extract.components.places import hierarchy
from kg.model import Extraction
from tests.docs import one_sentence


def names(ex: Extraction) -> set[tuple[str, str]]:
    return {(e.type, e.name) for e in ex.entities if e.type not in ("Observation", "AwardConferral", "PlanItem")}


def assert_provenance(ex: Extraction) -> None:
    text = ex.document.text
    own = set(hierarchy(ex.document.meta))
    coded = {f.subject for f in ex.facts if f.predicate == "divisionCode"}
    for e in ex.entities:
        # the document's own places may go unnamed in the text, and so may the places above a place of the codes
        assert e.provenance or (e.type, e.name) in own or e.id in coded, e.id
        for p in e.provenance:
            assert text[p.start:p.end] == p.text, (e.id, p)
    for f in ex.facts:
        assert f.provenance, f
        for p in f.provenance:
            assert text[p.start:p.end] == p.text, (f, p)
            assert p.doc_id == ex.document.id and p.sentence_id.startswith(ex.document.id + "#s")


CASES = [
    ("投入45万元整治完善大连村、松塘村和积余村农田水利灌溉等基础设施",
     {("Village", "大连村"), ("Village", "松塘村"), ("Village", "积余村")}),
    # 大垯 is the village the division codes spell 大达村: the official name, the text's spelling an alias
    ("松塘、洞尾、大垯和黄茅共4个村委会已整村完成推进工作",
     {("Village", "松塘村"), ("Village", "洞尾村"), ("Village", "大达村"), ("Village", "黄茅村")}),
    ("成功为宏威、纳福娜、冠星3家陶瓷企业申报专项资金",
     {("Enterprise", "宏威"), ("Enterprise", "纳福娜"), ("Enterprise", "冠星")}),
    ("新增1家规上工业企业(清远正清源畜牧实业有限公司)", {("Enterprise", "清远正清源畜牧实业有限公司")}),
    ("简带工业园、虾仔塘工业园等新产业发展平台正有序建设中",
     {("IndustrialPark", "简带工业园"), ("IndustrialPark", "虾仔塘工业园")}),
    ("源潭镇源潭社区党委书记卢东成被评为“全市人大依法履职先进代表”",
     {("Town", "源潭镇"), ("Community", "源潭社区"), ("Person", "卢东成"),
      ("Award", "全市人大依法履职先进代表")}),
    ("副镇长李韫哲被广东省人力资源和社会保障厅、广东省农业农村厅评为“全省粮食生产先进个人”",
     {("Person", "李韫哲"), ("GovernmentBody", "广东省人力资源和社会保障厅"),
      ("GovernmentBody", "广东省农业农村厅"), ("Award", "全省粮食生产先进个人"), ("Province", "广东省")}),
    ("共投入280万元推动镇卫生院强化人才奖补", {("PublicInstitution", "源潭镇卫生院")}),
    ("持续实施“美丽乡村2025”行动计划、农村人居环境整治提升五年行动",
     {("Programme", "美丽乡村2025"), ("Programme", "农村人居环境整治提升五年行动")}),
    ("全面推动“百千万工程”落地落实落好,着力解决“急难愁盼”问题",
     {("Programme", "百千万工程")}),
    ("迎咀种鹅、黄茅凤翔麻鸡建设有序推进", {("Product", "迎咀种鹅"), ("Product", "黄茅凤翔麻鸡")}),
    ("北面片区截污工程预计2024年4月完工", {("Area", "北面片区"), ("Project", "北面片区截污工程")}),
    ("中国南部物流枢纽项目二期仓库建设进度完成87.01%",
     {("Project", "中国南部物流枢纽"), ("Project", "中国南部物流枢纽（二期）")}),
    ("清城区中医院首次引进省级针灸技术", {("District", "清城区"), ("PublicInstitution", "清城区中医院")}),
    # another town, another wording: the rules are not tied to one report
    ("新塘镇白石村、沙头村和东华村3个村委会完成改革",
     {("Town", "新塘镇"), ("Village", "白石村"), ("Village", "沙头村"), ("Village", "东华村")}),
    ("东莞市华盛科技有限公司投资5亿元建设智能制造产业园项目",
     {("Enterprise", "东莞市华盛科技有限公司"), ("Project", "智能制造产业园项目")}),
    ("陈家村党支部书记王建国荣获“全国优秀共产党员”称号",
     {("Village", "陈家村"), ("Person", "王建国"), ("Award", "全国优秀共产党员")}),
    ("石角镇农业产业园被评为“广东省现代农业产业园”",
     {("IndustrialPark", "石角镇农业产业园"), ("Award", "广东省现代农业产业园")}),
    ("黄坑村被农业农村部认定为“全国乡村治理示范村”",
     {("Village", "黄坑村"), ("GovernmentBody", "农业农村部"), ("Award", "全国乡村治理示范村")}),
    ("镇党委书记张伟、镇长李强带队赴佛山开展招商活动",
     {("Person", "张伟"), ("Person", "李强"), ("City", "佛山市")}),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_entities(text, expected):
    ex = extract(one_sentence(text))
    assert expected <= names(ex), expected - names(ex)
    assert_provenance(ex)


@pytest.mark.parametrize(("text", "absent"), [
    ("已验收12个特色村,9个示范村,2个整洁村", {("Village", "特色村"), ("Village", "示范村"), ("Village", "整洁村")}),
    ("全镇272个村民小组完成股份制改革", {("Village", "全镇272个村"), ("Town", "全镇")}),
    ("开展驻镇帮镇扶村项目19个", {("Town", "驻镇"), ("Village", "帮镇扶村"), ("Project", "驻镇帮镇扶村项目")}),
    ("促进大学生回乡就业创业", {("Town", "学生回乡")}),
    ("着力解决“急难愁盼”问题", {("Programme", "急难愁盼")}),
    ("新增7个工业技改项目", {("Project", "工业技改项目"), ("Project", "个工业技改项目")}),
    ("深入实施“百县千镇万村高质量发展工程”", {("Town", "百县千镇"), ("Village", "千镇万村")}),
    ("大垯村党总支部书记胡灿均", {("GovernmentBody", "大垯村党总支部")}),
    ("石角镇中心小学新校区建设项目正在推进", {("District", "学新校区")}),
    ("黄坑村被农业农村部认定为“全国乡村治理示范村”", {("Person", "黄坑村"), ("IndustrialPark", "现代农业产业园")}),
])
def test_not_entities(text, absent):
    ex = extract(one_sentence(text))
    assert not (absent & names(ex)), absent & names(ex)


def test_coordination_count_mismatch_warns():
    ex = extract(one_sentence("松塘、洞尾和大垯共4个村委会已完成推进工作"))
    assert {("Village", n) for n in ("松塘村", "洞尾村", "大达村")} <= names(ex)
    (w,) = [w for w in ex.warnings if w.code == "coordination-count"]
    assert "3 items" in w.message and "4个" in w.message
    assert w.provenance is not None and ex.document.text[w.provenance.start:w.provenance.end] == w.provenance.text


@pytest.mark.parametrize("text", ["松塘、洞尾、大垯和黄茅共4个村委会已完成", "正在筹建甲基地、乙中心建设项目等12个项目"])
def test_coordination_count_match_is_quiet(text):
    assert not [w for w in extract(one_sentence(text)).warnings if w.code == "coordination-count"]


def test_aliases_and_traditional_name():
    text = "松塘、洞尾共2个村委会"
    trad = "松塘、洞尾共2個村委會"
    doc = one_sentence(text)
    from dataclasses import replace

    ex = extract(replace(doc, trad_text=trad))
    (e,) = [e for e in ex.entities if e.name == "松塘村"]
    assert "松塘" in e.aliases and "sōng táng cūn" in e.aliases
    assert e.trad_name == "松塘村"  # the mention has no suffix: converted by OpenCC


def test_same_village_in_two_documents_has_one_id():
    from kg.extract.resolve import merge_entities

    a = extract(one_sentence("整治大连村、松塘村基础设施", doc_id="a"))
    b = extract(one_sentence("松塘村完成改造", doc_id="b"))
    (village,) = [e for e in merge_entities([a, b]) if e.name == "松塘村"]
    assert {p.doc_id for p in village.provenance} == {"a", "b"}


def test_wrong_input_type_is_a_step_error():
    from kg.errors import StepError

    with pytest.raises(StepError, match="Document"):
        extract("not a document")  # type: ignore[arg-type]


_FRAGMENTS = [t for t, _ in CASES] + ["“", "”", "(", ")", "、", "和", "共", "3个", "等", "被", "评为", "项目", "二期", "村", "镇"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_FRAGMENTS),
                          st.text(alphabet=st.sampled_from(list("村镇区市省园项目工程期一二、和共个家被评为“”()0123456789.%万亿元")),
                                  max_size=12)),
                min_size=1, max_size=8).map("".join).filter(str.strip))
def test_extract_never_crashes_and_provenance_holds(text):
    assert_provenance(extract(one_sentence(text)))
