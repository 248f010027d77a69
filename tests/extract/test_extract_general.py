"""Mechanisms that must hold beyond the texts the extraction was first written for: bare phases after a
project, facilities with investment, name boundaries, bodies and co-operatives, people after a role, quoted
products, counts of villages, statuses and plan targets."""

from __future__ import annotations

import pytest

from kg.extract import extract as _extract
from kg.model import Concept, Value
from tests.docs import one_sentence, readable, sentences
from tests.extract.test_extract_entities import assert_provenance, names
from tests.extract.test_extract_relations import observations, triples


def extract(doc, **kwargs):
    """Extract, with place ids written as names (``Town/源潭镇``, see :func:`tests.docs.readable`)."""
    return readable(_extract(doc, **kwargs))


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
    ("全乡辖石门村等6个村", {("Village", "石门村")}, {("Village", "全乡辖石门村"), ("Village", "辖石门村")}),
    ("我代表区人民政府作报告", set(), {("District", "我代表区"), ("GovernmentBody", "我代表区人民政府")}),
    ("去年全区粮食增产", set(), {("District", "去年全区")}),
    ("力争高新区营业收入增长10%", set(), {("IndustrialPark", "力争高新区")}),
    ("做大做强高新区", set(), {("IndustrialPark", "做大做强高新区")}),
    ("新建改扩建小学3所", set(), {("PublicInstitution", "新建改扩建小学")}),
    ("跟踪服务云帆科技等签约项目", set(), {("Project", "签约项目")}),
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
    ("区住房和城乡建设局被省住建厅评为先进集体", {("GovernmentBody", "清城区住房和城乡建设局")},
     {("GovernmentBody", "城乡建设局")}),
    ("县人力资源和社会保障局获评先进单位", {("GovernmentBody", "县人力资源和社会保障局")},
     {("GovernmentBody", "社会保障局")}),
    ("县公安局交通警察大队被市政府评为先进单位", {("GovernmentBody", "县公安局交通警察大队")}, set()),
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
    ("源潭镇人民政府镇长　李明远", "李明远", "镇长", "GovernmentBody/源潭镇人民政府"),
    ("源潭镇人民政府镇长 王晓梅", "王晓梅", "镇长", "GovernmentBody/源潭镇人民政府"),
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
    ("石门村“白湖莲藕”种植面积扩大到900亩", {("Product", "白湖莲藕")}, {("Programme", "白湖莲藕")}),
    ("河口村“清溪菱角”特色种植带动农户增收", {("Product", "清溪菱角")}, {("Programme", "清溪菱角")}),
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
    ("总投资2亿元的云帆科技总部项目于3月开工，已完成工程量的30%", "under-construction"),
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
    ("完成东风镇、西湖乡等3个乡镇农村污水治理", "item"),
    ("3个街道农村户厕改造完成", "item"),
    ("完成20个和美乡村建设", "village"),
    ("街道下辖东风社区、南湖社区等9个社区", "village"),
    ("街道共有9个社区。", "village"),
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


@pytest.mark.parametrize(("text", "present", "absent"), [
    ("全乡辖石门村、河口村、白沙村等9个行政村和东湖社区、西湖社区2个社区",
     {("Village", "石门村"), ("Village", "河口村"), ("Village", "白沙村"), ("Community", "东湖社区"),
      ("Community", "西湖社区")},
     {("Community", "石门村社区"), ("Community", "河口村社区"), ("Community", "白沙村等9个行政村和东湖社区")}),
    ("辖石门村、河口村等5个村和东湖社区", {("Village", "石门村"), ("Village", "河口村"), ("Community", "东湖社区")},
     {("Community", "石门村社区")}),
])
def test_village_lists_before_a_community_list(text, present, absent):
    got = names(extract(one_sentence(text)))
    assert present <= got, present - got
    assert not (absent & got), absent & got


@pytest.mark.parametrize(("text", "count"), [
    ("全乡辖石门村、河口村、白沙村等9个行政村和东湖社区、西湖社区2个社区", 9),
    ("全乡辖石门村、河口村等7个村和东湖社区", 7),
])
def test_count_of_villages_before_a_community_list(text, count):
    obs = observations(extract(one_sentence(text)))
    assert any(o["unit"] == C("unit", "village") and o["value"].lexical == str(count) for o in obs), obs


@pytest.mark.parametrize(("text", "present", "absent"), [
    ("石门村实施集体经济薄弱村帮扶工程", {("Village", "石门村")}, {("Village", "济薄弱村")}),
    ("东湖社区日间照料中心投入使用", {("PublicInstitution", "东湖社区日间照料中心")},
     {("Project", "间照料中心"), ("PublicInstitution", "间照料中心")}),
    ("河口镇工业集中区新入驻企业8家", {("IndustrialPark", "河口镇工业集中区")}, {("District", "业集中区")}),
    ("二期年底主体完工", set(), {("Project", "底主体完工")}),
])
def test_names_never_start_inside_a_word(text, present, absent):
    got = names(extract(one_sentence(text)))
    assert present <= got, present - got
    assert not (absent & got), absent & got


@pytest.mark.parametrize(("texts", "kind", "full", "short"), [
    (("广东云帆电子科技有限公司新增就业80人。", "云帆电子科技、金禾食品等2家企业产值增长20%。"), "Enterprise",
     "广东云帆电子科技有限公司", "云帆电子科技"),
    (("清远金禾食品集团有限公司投产。", "云帆电子科技、金禾食品等2家企业扩大产能。"), "Enterprise",
     "清远金禾食品集团有限公司", "金禾食品"),
    (("广东云帆电子科技有限公司总部项目开工建设。", "推动云帆电子科技总部项目竣工。"), "Project",
     "广东云帆电子科技有限公司总部项目", "云帆电子科技总部项目"),
    (("广东启明精工机械有限公司齿轮箱项目开工建设。", "推动启明精工齿轮箱项目竣工。"), "Project",
     "广东启明精工机械有限公司齿轮箱项目", "启明精工齿轮箱项目"),
    (("源潭镇工业集中区标准厂房项目开工建设。", "加快工业集中区标准厂房项目建设。"), "Project",
     "源潭镇工业集中区标准厂房项目", "工业集中区标准厂房项目"),
    (("清远市人民政府授予其先进单位。", "在市政府的领导下推进工作。"), "GovernmentBody", "清远市人民政府", "市政府"),
])
def test_short_forms_name_the_entity_named_in_full(texts, kind, full, short):
    ex = extract(sentences(*texts))
    ents = {e.name: e for e in ex.entities if e.type == kind}
    assert full in ents, sorted(ents)
    assert short not in ents and short in ents[full].aliases, sorted(ents)


def test_a_firm_is_not_merged_without_a_full_name():
    ex = extract(sentences("云帆电子科技、金禾食品等2家企业产值增长20%。", "云帆电子、白鹭食品等2家企业产值增长5%。"))
    got = {e.name for e in ex.entities if e.type == "Enterprise"}
    assert {"云帆电子科技", "云帆电子"} <= got, got


def test_a_project_owner_keeps_the_firm_s_legal_form():
    got = names(extract(one_sentence("清远金禾纺织有限公司改造项目完成投资1亿元")))
    assert ("Enterprise", "清远金禾纺织有限公司") in got and ("Enterprise", "清远金禾纺织有限") not in got


@pytest.mark.parametrize(("texts", "subjects"), [
    (("白沙高新区新引进企业12家，实现营业收入80亿元。",), ["IndustrialPark/白沙高新区", "IndustrialPark/白沙高新区"]),
    (("石门镇工业集中区新建厂房3座。", "工业集中区累计入驻企业45家，亩均税收12万元。"),
     ["IndustrialPark/石门镇工业集中区", "IndustrialPark/石门镇工业集中区", "IndustrialPark/石门镇工业集中区"]),
    (("深化白沙高新区改革。", "新建厂房6座，力争高新区营业收入突破90亿元。"),
     ["Town/源潭镇", "IndustrialPark/白沙高新区"]),
    (("全镇新增市场主体120家，完成营业收入8亿元。",), ["Town/源潭镇", "Town/源潭镇"]),
])
def test_figures_of_a_park_that_leads_the_clause(texts, subjects):
    obs = observations(extract(sentences(*texts)))
    assert [o["subject"] for o in obs] == subjects


def test_a_bare_park_suffix_without_a_park_named_before_is_no_park():
    got = names(extract(sentences("工业集中区累计入驻企业45家。")))
    assert not any(t == "IndustrialPark" for t, _ in got)


@pytest.mark.parametrize(("text", "values"), [
    ("云帆电子、金禾食品等3家企业产值突破5亿元", ["3"]),
    ("全镇有2个项目投资超过1亿元", ["2"]),
    ("力争高新区营业收入突破90亿元", ["9000000000"]),
    ("全镇工业产值突破50亿元", ["5000000000"]),
])
def test_a_bar_passed_by_counted_firms_is_no_figure(text, values):
    assert [o["value"].lexical for o in observations(extract(one_sentence(text)))] == values


@pytest.mark.parametrize(("text", "present", "absent"), [
    ("在清城区第五届人民代表大会第二次会议上", {("Event", "清城区第五届人民代表大会第二次会议")},
     {("Event", "清城区第五届人民代表大会")}),
    ("出席清城区第五届人民代表大会", {("Event", "清城区第五届人民代表大会")}, set()),
])
def test_a_congress_session_is_the_event(text, present, absent):
    got = names(extract(one_sentence(text)))
    assert present <= got, present - got
    assert not (absent & got), absent & got


@pytest.mark.parametrize("text", ["推动云帆科技总部项目一期9月投产、二期年底主体完工",
                                  "加快白鹭湾综合体项目一期建设、二期主体封顶"])
def test_a_bare_phase_after_a_list_mark_is_no_sibling_project(text):
    got = names(extract(one_sentence(text, kind="plan", year=2024)))
    assert not any(t == "Project" and ("主体" in n or "期" == n[-1:] and "项目" not in n and "（" not in n)
                   for t, n in got), got


def test_a_park_named_with_project_is_the_project():
    ex = extract(one_sentence("白鹭光电产业园项目累计完成投资6亿元"))
    got = names(ex)
    assert ("Project", "白鹭光电产业园项目") in got and ("IndustrialPark", "白鹭光电产业园") not in got
    assert not [f for f in ex.facts if f.predicate == "location"]


@pytest.mark.parametrize(("text", "subject"), [
    ("推动沿江污水处理厂项目4月开工、年内完成投资3亿元", "Project/沿江污水处理厂项目"),
    ("推动沿江污水处理厂项目2025年开工", None),
])
def test_a_date_after_a_project_name_keeps_the_name(text, subject):
    ex = extract(one_sentence(text, kind="plan", year=2024))
    assert ("Project", "沿江污水处理厂项目") in names(ex)
    if subject:
        assert observations(ex)[-1]["subject"] == subject


def test_a_count_after_projects_is_no_name():
    assert not any(t == "Project" for t, _ in names(extract(one_sentence("全年流转项目14宗"))))


def test_a_phase_with_its_piles_done_is_under_construction():
    t = triples(extract(one_sentence("云帆科技总部项目总投资5亿元，一期已投产，二期已完成桩基施工")))
    assert ("Project/云帆科技总部（二期）", "status", C("status", "under-construction")) in t


@pytest.mark.parametrize(("plan_heading", "year"), [("二、下半年工作计划", "2024"), ("二、2025年工作计划", "2025"),
                                                    ("二、下一步工作计划", "2025")])
def test_plan_dates_of_a_half_year_report_keep_its_year(plan_heading, year):
    from kg.model import DocumentMeta, Normalized, NormalizeReport
    from kg.text.segment import segment

    text = f"一、上半年工作情况\n云帆科技总部项目已开工。\n{plan_heading}\n推动云帆科技总部项目9月投产。\n"
    doc = segment(Normalized(text, text, tuple(range(len(text) + 1)), NormalizeReport()), doc_id="t",
                  meta=DocumentMeta(year=2024, place="广东省清远市清城区源潭镇"))
    t = triples(extract(doc))
    assert ("Project/云帆科技总部项目", "expectedCompletion", Value(f"{year}-09", "gYearMonth")) in t


@pytest.mark.parametrize(("text", "present", "absent"), [
    ("2023年，白岭瑶族乡党委、政府狠抓落实", {("GovernmentBody", "白岭瑶族乡党委")}, {("GovernmentBody", "岭瑶族乡党委")}),
    ("7月，白岭瑶族乡被市人民政府评为先进乡镇", {("Town", "白岭瑶族乡")}, {("Town", "岭瑶族乡")}),
    ("白岭土家族乡人民政府", {("GovernmentBody", "白岭土家族乡人民政府")}, {("GovernmentBody", "岭土家族乡人民政府")}),
    ("河口民族乡集镇建设加快", {("Town", "河口民族乡")}, {("Town", "口民族乡")}),
])
def test_ethnic_township_names(text, present, absent):
    got = names(extract(one_sentence(text, place="湖南省江华市云溪县白岭瑶族乡")))
    assert present <= got, present - got
    assert not (absent & got), absent & got


@pytest.mark.parametrize(("place", "short"), [
    ("湖南省江华市云溪县白岭瑶族乡", "白岭乡"),
    ("贵州省安川市云溪县白岭苗族侗族乡", "白岭乡"),
    ("云南省安川市云溪县白岭民族乡", "白岭乡"),
])
def test_the_short_form_of_an_ethnic_township_is_the_township(place, short):
    town = place.split("县")[-1]
    ex = extract(sentences(f"{town}2023年工作总结。", f"{short}集镇供水工程已完工。", place=place))
    towns = {e.name: e for e in ex.entities if e.type == "Town"}
    assert set(towns) == {town}, sorted(towns)
    assert short in towns[town].aliases


@pytest.mark.parametrize(("text", "present", "absent"), [
    ("全乡有石坪安置点、松林安置点2个易地扶贫搬迁安置点",
     {("Area", "石坪安置点"), ("Area", "松林安置点")}, {("Area", "乡有石坪安置点"), ("Area", "扶贫搬迁安置点")}),
    ("河湾商务中心新入驻企业12家", {("Area", "河湾商务中心")}, set()),
    ("完善居住区配套设施", set(), {("District", "居住区"), ("Area", "居住区")}),
    ("新建生活区道路2公里", set(), {("District", "生活区")}),
])
def test_named_sites_and_generic_areas(text, present, absent):
    got = names(extract(one_sentence(text)))
    assert present <= got, present - got
    assert not (absent & got), absent & got


@pytest.mark.parametrize("text", ["总投资2000万元的河口供水提升工程已完工通水", "河口供水提升工程完工"])
def test_a_finished_work_is_completed(text):
    t = triples(extract(one_sentence(text)))
    assert any(s.startswith("Project/河口供水提升工程") and p == "status" and o == C("status", "completed")
               for s, p, o in t), sorted(x for x in t if x[1] == "status")


@pytest.mark.parametrize(("text", "present", "absent"), [
    ("全年实现茶叶综合产值1.2亿元", set(), {("Product", "实现茶叶")}),
    ("入驻省内外茶叶专卖店20家", set(), {("Product", "省内外茶叶")}),
    ("白岭茶叶加工园项目总投资1亿元", set(), {("Product", "白岭茶叶")}),
    ("云溪县白岭高山茶叶种植专业合作社获评示范社", set(), {("Product", "县白岭高山茶叶"), ("Product", "白岭高山茶叶")}),
    ("石门种鹅、黄岭麻鸡养殖规模扩大", {("Product", "石门种鹅"), ("Product", "黄岭麻鸡")}, set()),
])
def test_a_product_noun_needs_a_name_of_its_own(text, present, absent):
    got = names(extract(one_sentence(text, place="湖南省江华市云溪县白岭瑶族乡")))
    assert present <= got, present - got
    assert not (absent & got), absent & got


@pytest.mark.parametrize(("text", "project", "facts"), [
    ("投资600万元的石榴冷链物流中心项目主体工程完成80%", "Project/石榴冷链物流中心项目",
     {("investment", Value("6000000", D)), ("progress", Value("80", D))}),
    ("云帆科技总部项目主体结构工程已完成60%", "Project/云帆科技总部项目", {("progress", Value("60", D))}),
])
def test_a_part_of_the_works_belongs_to_the_project(text, project, facts):
    ex = extract(one_sentence(text))
    t = triples(ex)
    assert {(project, p, o) for p, o in facts} <= t, sorted(t)
    assert not [e for e in ex.entities if e.type == "Project" and e.name.endswith("工程")]


@pytest.mark.parametrize(("text", "present", "absent"), [
    ("丰年路3号院老旧小区改造项目计划2024年4月开工", {("Project", "丰年路3号院老旧小区改造项目")},
     {("Project", "路3号院老旧小区改造项目")}),
    ("完成了，丰年路12号楼加装电梯工程已完工", {("Project", "丰年路12号楼加装电梯工程")}, {("Project", "路12号楼加装电梯工程")}),
    ("加快长年街8号院综合整治项目建设", {("Project", "长年街8号院综合整治项目")}, {("Project", "街8号院综合整治项目")}),
])
def test_a_street_address_is_part_of_a_project_name(text, present, absent):
    got = names(extract(one_sentence(text)))
    assert present <= got, present - got
    assert not (absent & got), absent & got


@pytest.mark.parametrize(("text", "expected"), [
    ("办结率96.2%、满意率93.4%，分别比上年提高1.5个和0.6个百分点",
     [("96.2", "1.5"), ("93.4", "0.6")]),
    ("优良率88.1%、达标率90.2%，分别同比下降2个和3.5个百分点",
     [("88.1", "-2"), ("90.2", "-3.5")]),
    ("优良率88.1%，同比提高2个百分点", [("88.1", "2")]),
])
def test_respective_point_changes_belong_to_the_rates_before(text, expected):
    obs = observations(extract(one_sentence(text)))
    got = [(o["value"].lexical, o["change"].lexical if "change" in o else None) for o in obs]
    assert got == expected
    assert all(o["changeUnit"] == C("unit", "percentage-point") for o in obs)
