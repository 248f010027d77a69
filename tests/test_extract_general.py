"""Mechanisms that must hold beyond the texts the extraction was first written for: bare phases after a
project, facilities with investment, name boundaries, bodies and co-operatives, people after a role, quoted
products, counts of villages, statuses and plan targets."""

from __future__ import annotations

import pytest

from kg.extract import extract
from kg.model import Concept, Value
from tests.docs import one_sentence
from tests.test_extract_entities import assert_provenance, names
from tests.test_extract_relations import observations, triples

D, C = "decimal", Concept


@pytest.mark.parametrize(("text", "expected"), [
    ("白鹭湾文旅综合体项目总投资8亿元，分两期实施，一期已于4月建成投产，二期土建完成40%，预计2026年3月完工",
     {("Project/白鹭湾文旅综合体项目", "investment", Value("800000000", D)),
      ("Project/白鹭湾文旅综合体（一期）", "phaseOf", "Project/白鹭湾文旅综合体项目"),
      ("Project/白鹭湾文旅综合体（一期）", "status", C("status", "operational")),
      ("Project/白鹭湾文旅综合体（二期）", "phaseOf", "Project/白鹭湾文旅综合体项目"),
      ("Project/白鹭湾文旅综合体（二期）", "progress", Value("40", D)),
      ("Project/白鹭湾文旅综合体（二期）", "expectedCompletion", Value("2026-03", "gYearMonth"))}),
    ("金桥物流中心项目计划总投资3.5亿元，分三期建设，一期已竣工，二期主体完工，三期形象进度达25%",
     {("Project/金桥物流中心项目", "investment", Value("350000000", D)),
      ("Project/金桥物流中心（一期）", "status", C("status", "completed")),
      ("Project/金桥物流中心（三期）", "progress", Value("25", D))}),
    ("滨江商贸综合体项目分两期建设，其中一期投资5亿元，已建成投产，二期正在建设",
     {("Project/滨江商贸综合体（一期）", "investment", Value("500000000", D)),
      ("Project/滨江商贸综合体（一期）", "status", C("status", "operational")),
      ("Project/滨江商贸综合体（二期）", "status", C("status", "under-construction"))}),
])
def test_bare_phases_after_a_project(text, expected):
    ex = extract(one_sentence(text))
    assert expected <= triples(ex), expected - triples(ex)
    assert_provenance(ex)


@pytest.mark.parametrize(("text", "subject"), [
    ("白鹭湾文旅综合体项目总投资8亿元，分两期实施，一期已投产，二期形象进度达40%", "Project/白鹭湾文旅综合体（二期）"),
    ("白鹭湾文旅综合体项目总投资8亿元，分两期实施", "Project/白鹭湾文旅综合体项目"),
])
def test_figures_of_a_project_and_its_phases(text, subject):
    obs = observations(extract(one_sentence(text)))
    assert obs[-1]["subject"] == subject


@pytest.mark.parametrize("text", ["全镇交易项目总金额达5000万元", "完成第一期、第二期工作，一期补贴已发放"])
def test_no_bare_phase_without_a_project(text):
    ex = extract(one_sentence(text))
    assert not [f for f in ex.facts if f.predicate == "phaseOf"]
    assert not [e for e in ex.entities if e.type == "Project" and "交易" in e.name]


@pytest.mark.parametrize(("text", "present", "absent"), [
    ("依托石门村红色资源发展研学旅游", {("Village", "石门村")}, {("Village", "托石门村")}),
    ("依托大石门村红色资源发展研学旅游", {("Village", "大石门村")}, {("Village", "托大石门村")}),
    ("做好云帆科技总部项目要素保障", {("Project", "云帆科技总部项目")}, {("Project", "做好云帆科技总部项目")}),
    ("加快金湾未来社区项目建设", {("Project", "金湾未来社区项目")}, {("Community", "湾未来社区"), ("Community", "金湾未来社区")}),
    ("白沙镇社区卫生服务中心门诊量增长", {("Town", "白沙镇")}, {("Community", "沙镇社区"), ("Community", "白沙镇社区")}),
    ("完成城中村改造签约120户", set(), {("Village", "城中村")}),
    ("建成河口乡集镇污水管网", {("Town", "河口乡")}, {("Town", "口乡集镇"), ("Town", "乡集镇")}),
])
def test_name_boundaries(text, present, absent):
    got = names(extract(one_sentence(text)))
    assert present <= got, present - got
    assert not (absent & got), absent & got


@pytest.mark.parametrize(("text", "present", "absent"), [
    ("3月，石门镇综合行政执法队被省住建厅评为先进集体", {("GovernmentBody", "石门镇综合行政执法队")}, set()),
    ("龙湾街道社区卫生服务中心门诊量增长5%", {("PublicInstitution", "龙湾街道社区卫生服务中心")},
     {("Community", "龙湾街道社区")}),
    ("镇便民服务中心全年办件1.2万件", {("PublicInstitution", "源潭镇便民服务中心")}, set()),
    ("石门村金穗水稻种植专业合作社带动农户增收", {("Enterprise", "石门村金穗水稻种植专业合作社")}, set()),
    ("新培育农民专业合作社9家，全镇合作社总数达到40家", set(),
     {("Enterprise", "农民专业合作社"), ("Enterprise", "全镇合作社"), ("Enterprise", "新培育农民专业合作社")}),
    ("建成2个村级综合服务中心和1个镇级养老综合服务中心", set(),
     {("PublicInstitution", "个镇级养老综合服务中心"), ("PublicInstitution", "镇级养老综合服务中心"),
      ("PublicInstitution", "个村级综合服务中心")}),
])
def test_bodies_and_cooperatives(text, present, absent):
    got = names(extract(one_sentence(text)))
    assert present <= got, present - got
    assert not (absent & got), absent & got


@pytest.mark.parametrize(("text", "person", "role", "affiliation"), [
    ("7月，南岭村党总支书记岩保被中共某省委评为“全省优秀共产党员”", "岩保", "党总支书记", "Village/南岭村"),
    ("石门村党支部书记扎西多吉荣获“全国劳动模范”称号", "扎西多吉", "党支部书记", "Village/石门村"),
    ("镇便民服务中心干部王晓梅被评为“全市优秀窗口工作者”", "王晓梅", "干部", "PublicInstitution/源潭镇便民服务中心"),
    ("石门村驻村第一书记岩香被评为“优秀驻村干部”", "岩香", "驻村第一书记", "Village/石门村"),
])
def test_people_after_a_role(text, person, role, affiliation):
    t = triples(extract(one_sentence(text)))
    assert (f"Person/{person}", "role", Value(role, "string")) in t
    assert (f"Person/{person}", "affiliation", affiliation) in t


@pytest.mark.parametrize("text", ["党总支书记带头参加义务植树", "村党支部书记会议被推迟", "村党支部书记带领群众荣获丰收",
                                  "网格员队伍荣获“先进集体”称号", "主任一职被评为关键岗位"])
def test_no_person_without_a_name(text):
    assert not [e for e in extract(one_sentence(text)).entities if e.type == "Person"]


@pytest.mark.parametrize(("text", "present", "absent"), [
    ("“白岩古树茶”获得国家地理标志证明商标", {("Product", "白岩古树茶")}, {("Programme", "白岩古树茶")}),
    ("打响“金溪贡米”品牌", {("Product", "金溪贡米")}, {("Programme", "金溪贡米")}),
    ("持续擦亮“邻里守望”品牌", {("Programme", "邻里守望")}, {("Product", "邻里守望")}),
    ("石门村金穗合作社被农业农村部评定为“国家农民合作社示范社”",
     {("Award", "国家农民合作社示范社"), ("Enterprise", "石门村金穗合作社")}, {("Programme", "国家农民合作社示范社")}),
])
def test_quoted_products_and_awards(text, present, absent):
    got = names(extract(one_sentence(text)))
    assert present <= got, present - got
    assert not (absent & got), absent & got


@pytest.mark.parametrize(("text", "status"), [
    ("云帆科技总部项目已于11月开工建设", "under-construction"),
    ("云帆科技总部项目已开工", "under-construction"),
    ("云帆科技总部项目计划2024年3月开工", "planned"),
])
def test_status_of_a_start(text, status):
    t = triples(extract(one_sentence(text)))
    assert ("Project/云帆科技总部项目", "status", C("status", status)) in t


def test_no_status_from_a_start_without_cue():
    ex = extract(one_sentence("云帆科技总部项目开工仪式隆重举行"))
    assert not [f for f in ex.facts if f.predicate == "status"]


def test_a_status_belongs_to_the_project_named_after_a_list():
    ex = extract(one_sentence("引进云帆科技有限公司总部、白鹭生物有限公司研发中心等重点项目，其中云帆总部项目已于8月开工建设"))
    status = {(f.subject, f.object) for f in ex.facts if f.predicate == "status"}
    assert status == {("Project/云帆总部项目", C("status", "under-construction"))}


@pytest.mark.parametrize(("text", "expected"), [
    ("投资520万元的白沙镇自来水厂已投入运行",
     {("Project/白沙镇自来水厂", "investment", Value("5200000", D)),
      ("Project/白沙镇自来水厂", "status", C("status", "operational"))}),
    ("石门村光伏电站已投运", {("Project/石门村光伏电站", "status", C("status", "operational"))}),
    ("投资1200万元的镇文体活动中心建成投用", {("Project/镇文体活动中心", "investment", Value("12000000", D))}),
])
def test_facilities_with_investment_or_status_are_projects(text, expected):
    ex = extract(one_sentence(text))
    assert expected <= triples(ex), expected - triples(ex)
    assert_provenance(ex)


@pytest.mark.parametrize(("text", "absent"), [
    ("白沙镇自来水厂扩建工程计划2月动工", {("Project", "白沙镇自来水厂")}),
    ("设立3个社区服务站，1个镇级养老综合服务中心正在建设",
     {("Project", "个镇级养老综合服务中心"), ("Project", "镇级养老综合服务中心")}),
    ("石门村光伏电站发电量稳定", {("Project", "石门村光伏电站")}),
    ("石门村党群服务中心已投入使用", {("Project", "石门村党群服务中心")}),
    ("投资200万元的村卫生站已投入使用", {("Project", "村卫生站")}),
    ("全力以赴稳增长、抓项目、惠民生", {("Project", "全力以赴稳增长、抓项目"), ("Project", "抓项目"), ("Project", "惠民生")}),
    ("“春风助学”公益项目入选全省优秀公益项目",
     {("Project", "公益项目"), ("Project", "全省优秀公益项目"), ("Project", "公益项目入选全省优秀公益项目")}),
])
def test_not_projects(text, absent):
    got = names(extract(one_sentence(text)))
    assert not (absent & got), absent & got


@pytest.mark.parametrize(("text", "unit"), [
    ("全镇12个村集体经济收入均超过5万元", "village"),
    ("其中超20万元的村4个", "village"),
    ("完成东风社区、南湖社区共2个社区的管网改造", "village"),
    ("全镇272个村民小组完成改革", "item"),
    ("设立5个社区养老服务站", "item"),
])
def test_counts_of_villages(text, unit):
    obs = observations(extract(one_sentence(text)))
    counts = [o for o in obs if o["unit"] != C("unit", "CNY")]
    assert counts and counts[0]["unit"] == C("unit", unit)


@pytest.mark.parametrize(("text", "subject", "kind"), [
    ("加快白鹭湾文旅综合体项目建设，年内完成投资3亿元", "Project/白鹭湾文旅综合体项目", "plan"),
    ("推动白鹭湾文旅综合体项目建设，全年完成固定资产投资9亿元以上", "Town/源潭镇", "plan"),
    ("投资650万元的河口村污水处理站已投入运行，日处理能力达到300吨", "Project/河口村污水处理站", "actual"),
    ("河口村污水处理站已投入运行；日处理生活污水300吨", "Town/源潭镇", "actual"),
])
def test_figures_about_the_project_of_the_clause_before(text, subject, kind):
    obs = observations(extract(one_sentence(text, kind=kind, year=2024)))
    assert obs[-1]["subject"] == subject


@pytest.mark.parametrize(("text", "predicate", "value"), [
    ("沿江公路工程预计2026年完工", "expectedCompletion", Value("2026", "gYear")),
    ("沿江公路工程计划2025年开工", "plannedStart", Value("2025", "gYear")),
    ("沿江公路工程预计2026年3月完工", "expectedCompletion", Value("2026-03", "gYearMonth")),
])
def test_dates_of_a_year_alone(text, predicate, value):
    assert ("Project/沿江公路工程", predicate, value) in triples(extract(one_sentence(text)))


@pytest.mark.parametrize(("text", "present", "absent"), [
    ("金湾未来社区完成改造", {("Community", "金湾未来社区")}, {("Community", "湾未来社区")}),
    ("创建3个未来社区", set(), {("Community", "个未来社区")}),
    ("建设智慧社区和文明社区", set(), {("Community", "智慧社区"), ("Community", "文明社区")}),
])
def test_community_names(text, present, absent):
    got = names(extract(one_sentence(text)))
    assert present <= got, present - got
    assert not (absent & got), absent & got


def test_a_facility_with_investment_is_one_entity():
    ex = extract(one_sentence("投资80万元的石门村党群服务中心已投入使用"))
    assert [e.type for e in ex.entities if e.name == "石门村党群服务中心"] == ["Project"]
