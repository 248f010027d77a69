"""Names that news-style and county reports write in forms of their own: recurring events by their edition,
speakers before a verb of speech, public institutions by their head word, and organisation-shaped phrases that
name no organisation (who runs a co-operative, a level word alone before a body's suffix)."""

from __future__ import annotations

import pytest

from kg.extract import extract
from tests.docs import one_sentence


def _names(text: str, place: str = "某某省南江市北城区东岭镇") -> set[tuple[str, str]]:
    return {(e.type, e.name) for e in extract(one_sentence(text, place=place)).entities}


def _expect(text: str, expected: tuple[str, str] | None, not_expected: tuple[str, str] | None) -> None:
    """The sentence yields ``expected`` (unless None) and not ``not_expected``."""
    names = _names(text)
    assert expected is None or expected in names
    assert not_expected not in names


@pytest.mark.parametrize(("text", "expected", "not_expected"), [
    ("成功举办第四届青溪赏花节，吸引游客10万人次", ("Event", "第四届青溪赏花节"), ("Event", "成功举办第四届青溪赏花节")),
    ("山歌亮相第九届南江农民丰收联欢会", ("Event", "第九届南江农民丰收联欢会"), ("Event", "第九届南江农民丰收")),
    ("举办北城区龙舟大赛", ("Event", "北城区龙舟大赛"), None),
    ("某某省第五届民歌节在东岭镇开幕", ("Event", "某某省第五届民歌节"), ("Event", "第五届民歌节")),
])
def test_events_by_edition_or_year(text, expected, not_expected):
    names = _names(text)
    assert expected in names
    assert not_expected not in names


@pytest.mark.parametrize("text", ["推广节能技术，做好节约用水", "举办文艺晚会", "欢度春节"])
def test_no_event_without_an_edition_year_or_place(text):
    assert not {n for t, n in _names(text) if t == "Event"}


@pytest.mark.parametrize(("text", "person"), [
    ("北坑村党支部书记王立新说，今年种植面积扩大了。", "王立新"),
    ("镇长刘明表示，要抓好项目建设。", "刘明"),
    ("村民陈小春说，合作社帮了大忙。", "陈小春"),
])
def test_a_speakers_name_ends_before_the_verb_of_speech(text, person):
    people = {n for t, n in _names(text) if t == "Person"}
    assert people == {person}


@pytest.mark.parametrize(("text", "expected"), [
    ("新建东岭非遗体验馆，开放南江市民俗博物馆", {("PublicInstitution", "东岭非遗体验馆"),
                                                 ("PublicInstitution", "南江市民俗博物馆")}),
    ("北城区文物保护中心挂牌成立", {("PublicInstitution", "北城区文物保护中心")}),
    ("与某某省农科院合作", {("PublicInstitution", "某某省农科院")}),
])
def test_public_institutions_by_their_head_word(text, expected):
    assert expected <= _names(text)


@pytest.mark.parametrize("text", [
    "全县推广村党支部领办合作社的做法",  # who runs the co-operative: a description
    "各村党支部要发挥作用",  # any village's branch
    "如何让合作社做大做强",  # a verb before the suffix
])
def test_phrases_shaped_like_organisations_name_none(text):
    orgs = {n for t, n in _names(text) if t in ("Enterprise", "GovernmentBody", "PublicInstitution")}
    assert not {n for n in orgs if n.endswith(("合作社", "党支部"))}


def test_a_quoted_co_operative_is_an_enterprise():
    names = _names("北坑村党支部注册成立了“东岭镇青溪茶叶专业合作社”，带动农户增收")
    assert ("Enterprise", "东岭镇青溪茶叶专业合作社") in names
    assert not {n for t, n in names if t == "Programme"}


@pytest.mark.parametrize(("text", "bad"), [
    ("坚决贯彻省委部署", "坚决贯彻省委"),
    ("东岭县推动村党支部建强组织", "东岭县推动村党支部"),
    ("东岭县以村党支部为核心", "东岭县以村党支部"),
])
def test_a_body_named_by_its_place_starts_after_a_verb_or_preposition(text, bad):
    assert bad not in {n for t, n in _names(text) if t == "GovernmentBody"}


def test_bodies_with_a_conjunction_or_a_verb_in_their_own_name_stand():
    names = _names("南江市林业和草原局、北城区行政审批局联合检查")
    assert {("GovernmentBody", "南江市林业和草原局"), ("GovernmentBody", "北城区行政审批局")} <= names


def test_a_verb_between_etc_and_the_head_makes_no_list():
    names = _names("赴南江、北城等地开展项目洽谈")
    assert not {n for t, n in names if t == "Project"}


@pytest.mark.parametrize(("text", "bad"), [
    ("全县两个开发区完成扩区", ("IndustrialPark", "两个开发区")),
    ("走出一条强村富民的路子", ("Village", "一条强村")),
    ("今年共招引16个重点项目", ("Project", "共招引16个重点项目")),
])
def test_a_count_written_in_the_name_is_no_name(text, bad):
    assert bad not in _names(text)


def test_a_name_that_opens_with_a_numeral_stands():
    assert {("Village", "三合村"), ("Village", "五家村")} <= _names("三合村、五家村完成改厕")


@pytest.mark.parametrize(("text", "person"), [
    ("南江市北城区人民政府区长 文立明", "文立明"),  # a family name read only after a role title
    ("北城区发展和改革局局长 贺　刚", "贺刚"),  # a signature line pads a two-character name
    ("北城区财政局局长 宁 远", "宁远"),
])
def test_names_after_a_role_title(text, person):
    assert {n for t, n in _names(text) if t == "Person"} == {person}


@pytest.mark.parametrize("text", ["文化在乡村振兴中作用突出", "安全在心中，责任在肩上"])
def test_a_family_name_of_reach_after_role_opens_no_name_at_a_clause_start(text):
    assert not {n for t, n in _names(text) if t == "Person"}


def test_a_work_in_title_marks_is_a_product_and_a_document_is_none():
    names = _names("花鼓戏《东岭镇之歌》获奖，镇里印发《东岭镇文化振兴实施方案》")
    assert ("Product", "东岭镇之歌") in names
    assert not {n for t, n in names if "实施方案" in n}


def test_a_one_character_verb_before_the_suffix_takes_it_as_its_object():
    names = _names("全县上下全力上项目、抓招商、优服务，东岭物流园项目开工")
    projects = {n for t, n in names if t == "Project"}
    assert projects == {"东岭物流园项目"}


def _conferrals(text: str) -> set[tuple[str, str]]:
    ex = extract(one_sentence(text, place="某某省南江市北城区东岭镇"))
    names = {e.id: e.name for e in ex.entities}
    facts = {(f.subject, f.predicate): f.object for f in ex.facts}
    return {(names[facts[(e.id, "recipient")]], names[facts[(e.id, "award")]])
            for e in ex.entities if e.type == "AwardConferral"}


def test_an_honour_written_before_its_holders_name():
    text = "会上对蔬菜种植能手王立等3人、优秀茶叶加工户陈明等2人、养殖标兵贺东，并颁发证书。"
    assert _conferrals(text) == {("王立", "蔬菜种植能手"), ("陈明", "优秀茶叶加工户"), ("贺东", "养殖标兵")}


@pytest.mark.parametrize("text", ["发挥致富能手作用", "优秀人才王牌项目", "劳动模范的故事"])
def test_no_held_honour_without_a_name_after_it(text):
    assert not _conferrals(text)


@pytest.mark.parametrize(("text", "bad"), [
    ("争创肉牛养殖强镇", ("Town", "养殖强镇")),
    ("打造全省旅游名村", ("Village", "旅游名村")),
    ("荣获“南江市文明示范街镇”称号", ("Town", "示范街镇")),
])
def test_categories_of_place_are_no_places(text, bad):
    assert bad not in _names(text)


def test_a_place_whose_name_ends_in_a_category_adjective_stands():
    assert ("Village", "黄岗大村") in _names("黄岗大村完成改造")


def test_a_quoted_honour_at_the_start_of_a_clause_goes_to_the_documents_own_place():
    got = _conferrals("全年考核优秀，荣获“南江市无违建示范街镇”称号。")
    assert got == {("东岭镇", "南江市无违建示范街镇")}


@pytest.mark.parametrize(("text", "expected"), [
    ("东岭广场C馆等8个商业项目开业", {"东岭广场C馆"}),  # one example before 等 and a count
    ("北城MALL、XY机器人等5个项目投入运营", {"北城MALL", "XY机器人"}),  # Latin letters inside items
])
def test_items_of_a_counted_project_list(text, expected):
    assert {n for t, n in _names(text) if t == "Project"} == expected



@pytest.mark.parametrize("text", ["完成人居环境整治等5个项目", "推进道路硬化等3个项目建设"])
def test_one_example_of_common_words_before_etc_is_no_project(text):
    assert not {n for t, n in _names(text) if t == "Project"}


@pytest.mark.parametrize(("text", "expected"), [
    ("青龙峡景区接待游客20万人次", ("Area", "青龙峡景区")),
    ("修缮陈家岭故居", ("Area", "陈家岭故居")),
    ("鹿鸣湖度假区开业", ("Area", "鹿鸣湖度假区")),
])
def test_scenic_zones_and_historic_sites_are_areas(text, expected):
    assert expected in _names(text)


@pytest.mark.parametrize("text", ["提升旅游景区品质", "建设生态旅游区", "保护历史文化街区"])
def test_common_words_before_a_zones_suffix_name_a_kind_of_zone(text):
    assert not {n for t, n in _names(text) if t == "Area"}


@pytest.mark.parametrize("text", ["甲乙雅苑、丙丁豪庭等一批房地产项目竣工投用", "甲乙雅苑、丙丁豪庭等多个房地产项目竣工投用"])
def test_a_list_closed_by_etc_and_a_count_without_a_number_names_its_items(text):
    assert {("Project", "甲乙雅苑"), ("Project", "丙丁豪庭")} <= _names(text)


def test_one_verb_gives_each_title_of_its_list_to_the_recipient():
    text = "青坑村获评国家级森林乡村、浙江美丽乡村示范点，南岭乡获评浙江农业特色示范乡"
    found = extract(one_sentence(text, place="某某省南江市北城区东岭镇"))
    awards = {e.name for e in found.entities if e.type == "Award"}
    assert awards == {"国家级森林乡村", "浙江美丽乡村示范点", "浙江农业特色示范乡"}
    conferrals = {e.name for e in found.entities if e.type == "AwardConferral"}
    assert conferrals == {"青坑村：国家级森林乡村", "青坑村：浙江美丽乡村示范点", "南岭乡：浙江农业特色示范乡"}


def test_a_title_holding_a_quoted_list_is_one_title():
    names = _names("县委获评江西“真抓实干、敢为人先”先进集体")
    assert ("Award", "江西真抓实干、敢为人先先进集体") in names


@pytest.mark.parametrize(("text", "firm"), [
    ("攻坚完成青岭水产签约", "青岭水产"),
    ("青石机械产值突破百亿", "青石机械"),
    ("安全有序完成梅溪化工关闭停产", "梅溪化工"),
])
def test_a_brand_and_an_industry_word_before_a_firms_act_name_a_firm(text, firm):
    assert ("Enterprise", firm) in _names(text)


def test_a_quoted_title_continued_by_a_level_and_a_kind_is_one_title():
    names = _names("东岭镇获评“四好农村路”省示范乡镇")
    assert ("Award", "四好农村路省示范乡镇") in names and ("Award", "四好农村路") not in names


def test_a_title_holding_another_verb_of_honour_is_the_inner_verbs():
    names = _names("青岭县成为全省唯一入选全国数字乡村试点县")
    assert {n for t, n in names if t == "Award"} == {"全国数字乡村试点县"}


@pytest.mark.parametrize(("text", "firm"), [("天麦力公司收购青稞", "天麦力公司"), ("由天麦力公司收购青稞", "天麦力公司")])
def test_a_brand_and_gongsi_name_a_firm(text, firm):
    assert ("Enterprise", firm) in _names(text)


@pytest.mark.parametrize(("text", "park"), [("与拉萨经开区合作", "拉萨经开区"), ("南江经济技术开发区完成投资", "南江经济技术开发区"),
                                            ("黄花综保区进出口增长", "黄花综保区")])
def test_zones_of_the_state_are_parks(text, park):
    assert ("IndustrialPark", park) in _names(text)


def test_a_passive_clause_without_a_subject_goes_on_with_the_last_recipient():
    found = extract(one_sentence("青岭镇被住建部列为“全国特色小城镇”，被农业部评为“全国农业产业强镇”",
                                 place="某某省南江市北城区东岭镇"))
    conferrals = {e.name for e in found.entities if e.type == "AwardConferral"}
    assert conferrals == {"青岭镇：全国特色小城镇", "青岭镇：全国农业产业强镇"}
    assert {e.name for e in found.entities if e.type == "GovernmentBody"} == {"住建部", "农业部"}


@pytest.mark.parametrize(("text", "firm", "bad"), [
    ("引进世界500强企业吉利控股集团投资", "吉利控股集团", "世界500强企业吉利控股集团"),
    ("中国民营企业500强青岭金荣集团落户", "青岭金荣集团", "中国民营企业500强青岭金荣集团"),
])
def test_the_ranking_before_a_firms_name_is_not_part_of_it(text, firm, bad):
    names = _names(text)
    assert ("Enterprise", firm) in names and ("Enterprise", bad) not in names


def test_a_preposition_and_bodies_of_a_prefecture():
    names = _names("据桃坪村介绍，南江州委州政府专门成立工作专班")
    assert ("Village", "桃坪村") in names and ("Village", "据桃坪村") not in names
    assert {("GovernmentBody", "州委"), ("GovernmentBody", "州政府")} <= names


def test_titles_opened_by_a_bare_level_and_listed_before_dengrongyu():
    names = _names("东岭镇获评省农家书屋示范乡镇、省蔬菜特色产业强镇、省平安单位等荣誉")
    assert {n for t, n in names if t == "Award"} == {"省农家书屋示范乡镇", "省蔬菜特色产业强镇", "省平安单位"}


def test_firms_of_a_list_before_a_firms_act():
    names = _names("青岭能源、金瑞投资入选全省民营企业营收百强")
    assert {("Enterprise", "青岭能源"), ("Enterprise", "金瑞投资"), ("Award", "全省民营企业营收百强")} <= names


def test_a_quote_before_a_county_is_a_ranking_of_counties_not_a_programme():
    assert not {n for t, n in _names("跻身全省“十强”县第七位") if t == "Programme"}


def test_a_firm_named_by_its_brand_alone_as_the_subject_of_its_clause():
    """The statistical recognizer's organisation span, with no suffix, at a clause's start and before a verb, in a
    sentence about firms; a body of a level (县政协) is none."""
    names = _names("装备制造规模扩大，陕汽加快转型、一汽提质增效；县政协加强监督")
    assert {("Enterprise", "陕汽"), ("Enterprise", "一汽")} <= names
    assert ("Enterprise", "县政协") not in names


def test_a_village_named_by_a_verb_after_its_town_when_a_division_bears_the_name():
    names = _names("青岭县：龙苍沟镇发展村")
    assert ("Village", "发展村") in names


def test_a_category_of_projects_before_a_name_is_not_part_of_it():
    names = _names("市级重点工业项目青岭百禾食品有限公司项目已建成，县级重点工业建设项目恒泰家具建设项目开工")
    assert ("Enterprise", "青岭百禾食品有限公司") in names
    assert ("Project", "恒泰家具建设项目") in names
    assert not any(n.startswith(("工业项目", "项目")) for _, n in names)


def test_a_yearly_capacity_inside_a_projects_name():
    assert ("Project", "青禾农产品年加工3000吨薯粉项目") in _names("青禾农产品年加工3000吨薯粉项目正式投产")


def test_each_quote_of_a_list_after_an_honour_verb_is_a_conferral():
    found = extract(one_sentence("青岭村近年荣获“全国美丽乡村”“中国十佳生态村”、“中国魅力村”等荣誉",
                                 place="某某省南江市北城区东岭镇"))
    assert {e.name for e in found.entities if e.type == "AwardConferral"} == {
        "青岭村：全国美丽乡村", "青岭村：中国十佳生态村", "青岭村：中国魅力村"}
    assert not {e.name for e in found.entities if e.type == "Programme"}


def test_a_partys_committee_before_the_government_of_its_level_is_a_body_of_its_own():
    names = _names("青岭县委县人民政府高度重视")
    assert ("GovernmentBody", "青岭县委县人民政府") not in names and ("GovernmentBody", "青岭县委") in names


def test_works_named_by_their_verb_stand_and_projects_taken_by_a_verb_do_not():
    assert ("Project", "集镇供水提升工程") in _names("实施集镇供水提升工程")
    assert not {n for t, n in _names("适时启动项目建设") if t == "Project"}


def test_regions_of_the_country_are_areas():
    names = _names("加强与长三角、粤港澳大湾区和海西经济区的对接")
    assert {("Area", "粤港澳大湾区"), ("Area", "海西经济区"), ("Area", "长三角")} <= names
    assert not {n for t, n in names if t == "District"}


@pytest.mark.parametrize(("text", "firm"), [("2023年新增青禾粮油1家规上工业企业", "青禾粮油"),
                                            ("计划申报峰青商贸、岭南建材为限上商贸企业", "峰青商贸")])
def test_a_brand_and_a_trade_before_the_kind_of_firm_it_is(text, firm):
    assert ("Enterprise", firm) in _names(text)


def test_a_time_or_a_sector_before_xiangmu_names_no_project():
    assert not {n for t, n in _names("当前项目推进有序，3个重大制造业项目开工") if t == "Project"}


def test_titles_after_shi_and_a_list_after_huode_closed_by_dengrongyu():
    found = extract(one_sentence("桃溪村是全国文明村,是国家4A景区村。全村获得省级奖补资金80万元",
                                 place="某某省南江市北城区东岭镇"))
    assert {e.name for e in found.entities if e.type == "AwardConferral"} == {
        "桃溪村：全国文明村", "桃溪村：国家4A景区村"}
    names = _names("青岭村先后获得省级文明村、省级森林村等荣誉。这里是全省最大的蓝莓基地")
    assert {n for t, n in names if t == "Award"} == {"省级文明村", "省级森林村"}


def test_a_kind_of_community_and_words_ending_in_a_verb_name_no_community():
    names = _names("推动党建引领社区治理，打造学习型社区")
    assert not {n for t, n in names if t == "Community"}


def test_quoted_varieties_before_a_product_noun_are_products():
    names = _names("今年试种“丙玉团”“丁金钟”柚子等良种")
    assert {("Product", "丙玉团"), ("Product", "丁金钟")} <= names
    assert not {n for t, n in names if t == "Programme"}


@pytest.mark.parametrize(("text", "expected"), [
    # verbs alone between 等 and the head qualify it (技改扩建项目): the items are still the projects
    ("推动青禾丰、北岭鑫源等技改扩建项目3个", {("Project", "青禾丰"), ("Project", "北岭鑫源")}),
    # a join followed by common words only goes on with the named item
    ("正在洽谈嘉禾果蔬加工及冷链物流等在谈项目4个", {("Project", "嘉禾果蔬加工及冷链物流")}),
])
def test_items_before_deng_and_a_qualified_head(text, expected):
    names = _names(text)
    assert expected <= names
    assert ("Enterprise", "冷链物流") not in names


def test_a_bare_count_before_a_villages_suffix_closes_a_list():
    names = _names("由东岭口、北坑两村共同出资150万元")
    assert {("Village", "东岭口村"), ("Village", "北坑村")} <= names
    assert ("Village", "北坑两村") not in names


def test_a_firm_with_its_seat_in_brackets_starts_at_its_brand():
    names = _names("中岭（浙江）新材料开发有限公司总部迁至北城")
    assert ("Enterprise", "中岭（浙江）新材料开发有限公司") in names
    assert ("Enterprise", "新材料开发有限公司") not in names


def test_a_coined_brand_after_a_place_before_a_firms_act():
    assert ("Enterprise", "北湖锂源新能源") in _names("北湖锂源新能源入选全市重点观摩企业")


@pytest.mark.parametrize(("text", "not_expected"), [
    ("公司每年可收购本地合作社和农户的大豆", ("Enterprise", "可收购本地合作社")),  # a pronoun inside the stretch
    ("村里建成茶叶加工厂", ("Enterprise", "茶叶加工厂")),  # one common word before 加工厂
    ("培育限额以上贸易业企业6家", ("Enterprise", "限额以上贸易")),  # a statistical tier, no brand
    ("这里是全市的商贸重镇", ("Town", "重镇")),
])
def test_kinds_and_tiers_name_no_body_or_place(text, not_expected):
    assert not_expected not in _names(text)


def test_a_works_suffix_after_a_brand_names_a_firm():
    assert ("Enterprise", "新飞鹰饲料加工厂") in _names("依托新飞鹰饲料加工厂建设仓储项目")


def test_a_local_projects_short_form_is_the_same_project():
    doc = "推进东坑村金针菇种植项目。村集体负责实施金针菇种植项目。"
    projects = {e.name for e in extract(one_sentence(doc)).entities if e.type == "Project"}
    assert projects == {"东坑村金针菇种植项目"}


@pytest.mark.parametrize("heading", [
    "——2024年1月10日在南江市北城区第十七届\n\n  人民代表大会第三次会议上\n",
    "——2024年1月10日在南江市北城区第十七届 人民代表大会第三次会议上\n",
    "——2024年1月10日在南江市北城区第十七届人民代表大会\n  第三次会议上\n",
])
def test_a_congress_in_a_wrapped_heading_is_named_whole(heading):
    doc = one_sentence("政府工作报告\n" + heading + "各位代表：现在，我代表区人民政府向大会报告工作。")
    events = {e.name for e in extract(doc).entities if e.type == "Event"}
    assert events == {"南江市北城区第十七届人民代表大会第三次会议"}


@pytest.mark.parametrize(("text", "awards"), [
    # a prize or a model unit's title needs no level; a year may open it
    ("北城区水利局荣获2023年度目标管理考核金奖", {"2023年度目标管理考核金奖"}),
    # after 获得, each title of a list closed by 等其他荣誉; 了 opens no title, 等 ends none
    ("另外获得信访工作先进单位、安全生产先进单位等其他荣誉", {"信访工作先进单位", "安全生产先进单位"}),
    ("北坑村近年获得了全国文明村、省级生态村等荣誉称号", {"全国文明村", "省级生态村"}),
])
def test_prizes_and_titles_of_model_units(text, awards):
    assert awards == {n for t, n in _names(text) if t == "Award"}


@pytest.mark.parametrize("text", ["北坑村荣获三等奖", "全县荣获3项"])
def test_a_bare_prize_or_a_count_is_no_title(text):
    assert not {n for t, n in _names(text) if t == "Award"}


@pytest.mark.parametrize(("text", "project"), [
    ("南储15万吨粮食储备库即将建成投产", "南储15万吨粮食储备库"),  # a brand and its capacity open the name
    ("北能10万千瓦风电顺利并网", "北能10万千瓦风电"),
])
def test_a_facility_named_by_its_brand_and_capacity(text, project):
    assert ("Project", project) in _names(text)


def test_a_ranking_before_a_listed_firm_is_no_part_of_its_name():
    names = _names("引进世界500强企业东岭控股集团、中国民营企业500强南江金瑞集团等企业")
    assert {("Enterprise", "东岭控股集团"), ("Enterprise", "南江金瑞集团")} <= names


def test_a_city_of_a_countys_rank_in_the_reports_province_is_a_district():
    names = _names("张华担任义乌市东岭镇北坑村党支部书记", place="浙江省金华市义乌市东岭镇")
    assert ("District", "义乌市") in names and ("City", "义乌市") not in names


def test_a_city_named_like_a_county_rank_city_elsewhere_stays_a_city():
    assert ("City", "临江市") in _names("临江市新增企业5家", place="浙江省临江市东岭镇")


def test_a_clause_without_subject_goes_on_with_the_sentences_person():
    doc = one_sentence("李强在产业发展中贡献突出，获2023年“南江省优秀共产党员”称号。")
    ex = extract(doc)
    conferrals = {e.name for e in ex.entities if e.type == "AwardConferral"}
    assert conferrals == {"李强：南江省优秀共产党员"}
    assert not {e.name for e in ex.entities if e.type == "GovernmentBody"}  # 2024年 confers nothing


@pytest.mark.parametrize(("text", "expected", "not_expected"), [
    ("北坑村实施北城区旧改项目", ("Project", "北城区旧改项目"), None),  # 改 of 旧改 takes no object
    ("使北坑村的面貌焕然一新", ("Village", "北坑村"), ("Village", "使北坑村")),
    ("担任北坑村党支部书记兼村委会主任", None, ("Village", "书记兼村")),
    ("要给合作社让利", None, ("Enterprise", "要给合作社")),
])
def test_causatives_prepositions_and_second_posts_open_no_name(text, expected, not_expected):
    _expect(text, expected, not_expected)


def test_bodies_that_grant_a_quoted_title_confer_it():
    ex = extract(one_sentence("南江县东岭镇，荣获中国食品工业协会和中国调味品协会授予的“中国酱菜名镇”称号。"))
    names = {(e.type, e.name) for e in ex.entities}
    assert {("PublicInstitution", "中国食品工业协会"), ("PublicInstitution", "中国调味品协会"),
            ("Award", "中国酱菜名镇")} <= names
    assert {n for t, n in names if t == "Award"} == {"中国酱菜名镇"}
    assert {n for t, n in names if t == "AwardConferral"} == {"东岭镇：中国酱菜名镇"}  # the clause before is its subject


def test_a_list_of_granting_bodies_names_no_title():
    names = _names("县审计局荣获国家机关事务管理局、水利部联合授予的“节水型机关示范单位”。")
    assert {n for t, n in names if t == "Award"} == {"节水型机关示范单位"}
    assert ("GovernmentBody", "国家机关事务管理局") in names


def test_a_credit_line_names_its_people():
    people = {n for t, n in _names("（通讯员 王平 陈晓 李静）近年来，东岭镇发展势头良好。") if t == "Person"}
    assert people == {"王平", "陈晓", "李静"}


@pytest.mark.parametrize(("text", "event"), [
    ("全国农民合作社表彰大会在北京隆重召开", "全国农民合作社表彰大会"),  # held right after its name: one event
    ("国际茶叶博览会在南江会展中心盛大开幕", "国际茶叶博览会"),
    ("承办全市农村人居环境整治暨“美丽乡村”工作推进会现场观摩", "全市农村人居环境整治暨美丽乡村工作推进会"),
])
def test_events_held_or_scoped_are_named(text, event):
    assert ("Event", event) in _names(text)


def test_a_province_by_its_short_name_opens_a_place():
    from kg.extract.admin import hierarchy
    from kg.model import DocumentMeta

    assert hierarchy(DocumentMeta(place="广西柳州市融安县")) == (
        ("Province", "广西壮族自治区"), ("City", "柳州市"), ("District", "融安县"))
    assert ("GovernmentBody", "融安县人民政府") in _names("融安县人民政府向大会报告工作", place="广西柳州市融安县")


def test_a_name_the_dictionary_knows_stays_a_person_before_a_noun():
    assert ("Person", "吴晗") in _names("东岭村村民学习吴晗精神")


def test_villages_of_a_list_without_the_town_before_them():
    names = _names("我县东岭镇北坑村、西坑镇南塘村、青岭街道桃溪村等3个村入选")
    assert {("Village", "北坑村"), ("Village", "南塘村"), ("Village", "桃溪村")} <= names
    assert ("Village", "东岭镇北坑村") not in names


def test_a_count_right_before_a_divisions_suffix_names_no_place():
    assert not {n for t, n in _names("义乌三个村（社）入选") if t == "Village"}


@pytest.mark.parametrize(("text", "body"), [
    ("区发改委牵头编制规划", "北城区发改委"),
    ("南江高新区管委会联合发布", "南江高新区管委会"),
    ("时任北城区扶贫办副主任王某", "北城区扶贫办"),
])
def test_departments_by_their_common_short_suffix(text, body):
    assert ("GovernmentBody", body) in _names(text)


def test_names_a_works_list_shares_and_a_verb_before_a_works_name():
    names = _names("东源、西岭煤矿完成整合重组")
    assert {("Enterprise", "东源煤矿"), ("Enterprise", "西岭煤矿")} <= names
    assert ("Enterprise", "青山茶厂") in _names("村里用集体资金承包青山茶厂")
    assert not {n for t, n in _names("曾经开办过砖厂") if t == "Enterprise"}


def test_a_verb_or_an_adverb_is_no_part_of_a_products_name():
    assert not {n for t, n in _names("投产后仅加工茶叶，并瞄准茶叶市场") if t == "Product"}


@pytest.mark.parametrize(("text", "people"), [
    ("南坡村党总支书记、主任岩温说。", {"岩温"}),  # a name of another tradition after two roles, before 说
    ("北坑村茶园。王小燕摄", {"王小燕"}),  # a photographer's credit
])
def test_people_after_a_second_role_or_in_a_photo_credit(text, people):
    assert people == {n for t, n in _names(text) if t == "Person"}


def test_a_line_of_names_after_a_headline_names_its_writers():
    from tests.docs import sentences

    doc = sentences("南江东岭：集体经济添活力", "李青 艾香 岩保")
    assert {"李青", "艾香", "岩保"} == {e.name for e in extract(doc).entities if e.type == "Person"}
    doc = sentences("村里召开了会议。", "李青 艾香 岩保")  # after a sentence, no headline: no credit line
    from kg.extract import extract_findings

    assert not [f for f in extract_findings(doc).found if f.mention.rule == "person-byline"]


def test_projects_of_a_works_list_and_their_parts():
    names = _names("东岭新城市政配套项目北区雨、污水管线一期工程（沿青石路、桃溪路敷设管线1800米）")
    projects = {n for t, n in names if t == "Project"}
    assert "东岭新城市政配套项目" in projects  # the project, and a work of it named after it
    assert "东岭新城市政配套项目北区雨、污水管线（一期）" in projects  # 雨、污水: one character shares 水
    assert not projects & {"青石路", "桃溪路"}  # the bracket holds the works' details, no sibling projects
    assert ("District", "北区") not in names


@pytest.mark.parametrize(("text", "not_expected"), [
    ("建设南江东部最大育苗基地", ("Project", "南江东部最大育苗基地")),  # a superlative describes
    ("全力办好三件实事、抓实“五个工程”", ("Project", "全力办好三件实事")),  # a count inside a quote closes no list
    ("东风路、桃园路约8000平米路面维修工程", ("Project", "桃园路约8000平米路面维修工程")),
])
def test_descriptions_name_no_project(text, not_expected):
    assert not_expected not in _names(text)


def test_a_variant_character_is_read_in_its_standard_form():
    from kg.text.t2s import to_simplified

    assert to_simplified("陜北東嶺鎮").text == "陕北东岭镇"


@pytest.mark.parametrize(("text", "expected", "not_expected"), [
    ("建成青湖主题公园等3个教育基地", ("Area", "青湖主题公园"), None),
    ("建设文化广场和休闲公园", None, ("Area", "文化广场")),  # common words before the suffix: a kind
    ("王明华超市及青禾超市为限上个体", ("Enterprise", "青禾超市"), None),
    ("青源新能源等12家企业入驻科创园", ("Enterprise", "青源新能源"), None),  # one brand and trade as the example
    ("推进东岭时代广场项目建设", ("Project", "东岭时代广场项目"), ("Area", "东岭时代广场")),
])
def test_areas_shops_and_brands_as_examples(text, expected, not_expected):
    _expect(text, expected, not_expected)


def test_quoted_local_produce_and_figures_of_speech():
    names = _names("“北城韭菜”“北城肉牛”入选全省特色农产品目录，把“小辣椒”变成“大产业”")
    assert {("Product", "北城韭菜"), ("Product", "北城肉牛")} <= names
    assert not {n for t, n in names if n == "小辣椒"}


def test_a_signature_line_is_no_line_of_writers():
    from tests.docs import sentences

    people = {e.name for e in extract(sentences("政府工作报告", "县长 王建国")).entities if e.type == "Person"}
    assert people == {"王建国"}


def test_a_later_item_of_a_verbs_list_of_titles_needs_no_level():
    names = _names("北坑村先后被评为全国“一村一品”示范村、中国美丽休闲乡村、自治区现代农业示范园、广西特色旅游村等。")
    assert {"全国一村一品示范村", "中国美丽休闲乡村", "自治区现代农业示范园", "广西特色旅游村"} == {
        n for t, n in names if t == "Award"}


def test_each_person_of_a_list_receives_the_title():
    ex = extract(one_sentence("我县甲村党委书记王振华、乙村党支部书记陈永安被授予全省优秀村党组织书记称号。"))
    assert {e.name for e in ex.entities if e.type == "AwardConferral"} == {
        "王振华：全省优秀村党组织书记", "陈永安：全省优秀村党组织书记"}


@pytest.mark.parametrize(("text", "expected", "not_expected"), [
    ("坚持产业兴村、文化活村、治理强村", None, ("Village", "产业兴村")),
    ("曾任村办企业负责人", None, ("Village", "曾任村")),
    ("带动周边村发展", None, ("Village", "周边村")),
    ("由返乡大学生带领合作社开拓市场", None, ("Enterprise", "带领合作社")),
    ("2010年南江农业大学毕业后", ("PublicInstitution", "南江农业大学"), None),
])
def test_slogans_neighbours_and_kinds_name_nothing(text, expected, not_expected):
    _expect(text, expected, not_expected)


def test_a_kind_at_two_levels_names_no_institution():
    assert not {n for t, n in _names("新增省市重点实验室8家") if t == "PublicInstitution"}


def test_a_bodys_term_is_no_part_of_its_name():
    names = _names("受十五届县人民政府委托作报告", place="海南省临高县")
    assert ("GovernmentBody", "临高县人民政府") in names
    assert not {n for t, n in names if "届" in n}


@pytest.mark.parametrize(("text", "expected", "not_expected"), [
    ("积极对接南江引领区建设", None, ("District", "南江引领区")),  # a place and a verb before 区: a zone's slogan
    ("中石化南江分公司入选全省百强企业", ("Enterprise", "中石化南江分公司"), None),
])
def test_round_17_forms(text, expected, not_expected):
    _expect(text, expected, not_expected)


def test_firms_that_stand_for_a_trade():
    names = _names("做强以上海青禾、金帆实业、宏达汽配为代表的汽配产业，以北岭特种玻璃为龙头的玻璃产业集群")
    assert {("Enterprise", "上海青禾"), ("Enterprise", "金帆实业"), ("Enterprise", "宏达汽配"),
            ("Enterprise", "北岭特种玻璃")} <= names


@pytest.mark.parametrize(("text", "expected", "not_expected"), [
    ("南江市农业农村局副局长李强一行到我县调研", ("GovernmentBody", "南江市农业农村局"), None),
    ("县农业农村局部门负责人陪同调研", None, ("GovernmentBody", "农业农村局部")),
    ("企业成功上市，全省首家研究院落户", None, ("City", "上市")),  # a one-character stem no division bears
    ("调研组通过座谈交流、查阅台账等方式先后深入东岭、西坑、南塘等乡镇了解情况",
     None, ("Town", "座谈交流镇")),
])
def test_deputies_misread_words_and_lists_after_an_earlier_deng(text, expected, not_expected):
    _expect(text, expected, not_expected)
    assert not {n for t, n in _names(text) if t == "Town" and len(n) > 5}


@pytest.mark.parametrize(("text", "expected", "not_expected"), [
    ("坚持抓大项目、大抓项目", None, ("Project", "抓大项目")),
    ("紧扣省委部署", None, ("GovernmentBody", "紧扣省委")),
    ("南江市防指启动防汛四级应急响应", ("GovernmentBody", "南江市防指"), None),
    ("注册的“青峰”牌商标荣获南江省著名商标", ("Product", "青峰"), ("Programme", "青峰")),
    ("南江一农民合作社获国家示范社称号", None, ("Enterprise", "南江一农民合作社")),
])
def test_round_19_forms(text, expected, not_expected):
    _expect(text, expected, not_expected)


def test_a_second_quoted_title_after_he_ends_the_first():
    awards = {n for t, n in _names("其“青峰”牌商标荣获南江省著名商标和南江农博会“金穗奖”") if t == "Award"}
    assert "南江省著名商标" in awards and not {a for a in awards if "和" in a}


def test_a_list_of_projects_opened_by_a_verb_and_named_by_capacity():
    names = _names("启动青林复合肥、宏通管业装备制造等重点项目50个；8万吨电解铝、12万吨粮食储备等重大项目陆续开工建设")
    projects = {n for t, n in names if t == "Project"}
    assert {"青林复合肥", "8万吨电解铝", "12万吨粮食储备"} <= projects
    assert not {p for p in projects if p.startswith("启动")}


@pytest.mark.parametrize(("text", "expected", "not_expected"), [
    ("发来贺信的有南江市委、南江省茶叶工程技术研究中心、北城区科技局等单位", ("GovernmentBody", "南江市委"),
     ("Project", "南江省茶叶工程")),  # 工程|技术: no works' suffix; 有 opens no name
    ("已完成东坑村外立面工程建设", ("Project", "东坑村外立面工程"), None),  # 工程|建设 is the works' own
    ("在抓好青禾、丰源2个农业园的同时", ("IndustrialPark", "青禾"), None),
    ("南江电力公司30MW光伏发电项目签订框架协议", None, ("Project", "光伏发电项目")),
    ("全乡现有养殖专业合作社12家", None, ("Enterprise", "养殖专业合作社")),
    ("圆了山区群众的“机场梦”", None, ("Programme", "机场梦")),
])
def test_round_20_forms(text, expected, not_expected):
    _expect(text, expected, not_expected)


def test_two_titles_in_one_pair_of_quotes():
    ex = extract(one_sentence("张秀兰被南江市委、市政府评为“十佳乡村医生，巾帼建功标兵”。"))
    assert {"十佳乡村医生", "巾帼建功标兵"} <= {e.name for e in ex.entities if e.type == "Award"}
