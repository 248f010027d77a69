"""Every decision rule of every extraction step, pinned by one small invented sentence: the candidate it drops
(or keeps), the step that decides, and the mention that caused a drop.  A rule a step declares but no row here
pins fails the coverage test: add a row with the rule."""

from __future__ import annotations

import pytest

from kg.extract import extract_findings
from kg.extract.components import PIPELINE
from tests.docs import sentences

PLACE = "广东省南江市北城区东岭镇"
#: A real town of the division codes, for the rules of the gazetteer: its county's names are read short.
REAL = "河北省保定市涞水县九龙镇"

#: step, rule, the sentences (the candidate is in the last), its type and text, the text of the mention that
#: caused the drop (or None).
DROPS = [
    ("places", "suffix-begins-word", ["组织村民开会"], "Village", "村民", None),
    ("places", "no-name-before-suffix", ["到镇里开会"], "Town", "镇", None),
    ("places", "counted-kind", ["建设3个未来社区"], "Community", "个未来社区", None),
    ("places", "scan-ran-over-word", ["驻镇帮镇工作队进驻"], "Town", "镇帮镇", None),
    ("places", "category-not-name", ["建成市级现代农业产业园"], "IndustrialPark", "市级现代农业产业园", None),
    ("places", "generic-name", ["打造示范村"], "Village", "示范村", None),
    ("places", "generic-name", ["做大全乡经济总量"], "Town", "做大全乡", None),
    ("places", "generic-name", ["创建示范乡"], "Town", "示范乡", None),
    ("places", "honour-category", ["争创全省旅游名村"], "Village", "旅游名村", None),
    ("known names", "full-name-follows", ["浙江省新增企业"], "Province", "浙江", None),
    ("known names", "level-word-follows", ["浙江市场繁荣"], "Province", "浙江", None),
    ("known names", "inside-quote", ["推广“浙江好物”品牌"], "Province", "浙江", None),
    ("known names", "side-word-follows", ["桃溪河南侧地块完成交地"], "Province", "河南", None),
    ("park short forms", "overlaps-name", ["南湖开发区新增企业5家。", "南湖开发区营业收入增长。"], "IndustrialPark", "开发区", "南湖开发区"),
    ("park short forms", "own-name-before-suffix", ["南湖开发区新增企业5家。", "创建省级开发区。"], "IndustrialPark", "开发区", None),
    ("park short forms", "suffix-in-longer-word", ["南湖开发区新增企业5家。", "开发区区域面积扩大。"], "IndustrialPark", "开发区", None),
    ("organisations", "no-name-before-suffix", ["由局牵头"], "GovernmentBody", "局", None),
    ("organisations", "counted-kind", ["新建2个村级综合服务中心"], "PublicInstitution", "个村级综合服务中心", None),
    ("organisations", "counted-kind", ["成立两家企业调解委员会"], "GovernmentBody", "调解委员会", None),
    ("organisations", "bare-suffix", ["省委部署"], "GovernmentBody", "省委", None),
    ("organisations", "levels-listed", ["全面贯彻浙江省市区委部署"], "GovernmentBody", "浙江省市区委", None),
    ("organisations", "qualifies-role", ["北坑村党支部书记会议"], "GovernmentBody", "北坑村党支部", None),
    ("organisations", "generic-name", ["维护社会大局稳定"], "GovernmentBody", "社会大局", None),
    ("organisations", "kind-of-body", ["扶持农民专业合作社发展"], "Enterprise", "农民专业合作社", None),
    ("organisations", "generic-name", ["全镇合作社增收"], "Enterprise", "全镇合作社", None),
    ("organisations", "inside-longer-organisation", ["中共南江市委办公室发文"], "GovernmentBody", "中共南江市委", "中共南江市委办公室"),
    ("organisations", "overlaps-name", ["南江市委部署"], "GovernmentBody", "市委", "南江市委"),
    ("organisations", "run-by-body", ["推广村党支部领办合作社模式"], "Enterprise", "村党支部领办合作社", None),
    ("organisations", "level-word-only", ["由村党支部牵头"], "GovernmentBody", "村党支部", None),
    ("organisations", "function-word-name", ["如何叫合作社做强"], "Enterprise", "叫合作社", None),
    ("events", "no-name-before-suffix", ["，代表大会召开"], "Event", "代表大会", None),
    ("events", "too-short", ["在家代表大会上发言"], "Event", "家代表大会", None),
    ("events", "kind-of-event", ["出席全国工会代表大会"], "Event", "全国工会代表大会", None),
    ("events", "suffix-inside-word", ["推广节能技术"], "Event", "节", None),
    ("events", "inside-longer-event", ["举办第五届东岭农民丰收节联欢会"], "Event", "第五届东岭农民丰收节", "第五届东岭农民丰收节联欢会"),
    ("programmes", "quoted-speech", ["他说“这条路修好了，我们放心了。”"], "Programme", "这条路修好了，我们放心了。", None),
    ("programmes", "quoted-number", ["全力打好“0915”防汛抢险攻坚战"], "Programme", "0915", None),
    ("programmes", "quoted-common-word", ["筑牢安全“生命线”。"], "Programme", "生命线", None),
    ("programmes", "rhetorical-quote", ["解决“急难愁盼”问题"], "Programme", "急难愁盼", None),
    ("programmes", "quoted-metaphor", ["把“小茶叶”变成“大产业”"], "Programme", "小茶叶", None),
    ("programmes", "quoted-metaphor", ["把“小茶叶”变成“大产业”"], "Programme", "大产业", None),
    ("programmes", "quoted-edition-event", ["举办第三届“桃溪梨花节”"], "Programme", "桃溪梨花节", None),
    ("programmes", "quote-qualifies-kind", ["新增“青苗”企业3家"], "Programme", "青苗", None),
    ("programmes", "quoted-result", ["高考成绩进入全县“第一梯队”"], "Programme", "第一梯队", None),
    ("programmes", "quoted-result", ["交通事故连续三年实现“双减少”"], "Programme", "双减少", None),
    ("programmes", "honour-title", ["北坑村被评为“卫生村”"], "Programme", "卫生村", None),
    ("programmes", "problem-slogan", ["整治“四风”问题"], "Programme", "四风", None),
    ("programmes", "facility-name", ["建成“幸福路”"], "Programme", "幸福路", None),
    ("programmes", "product-brand", ["打响“青溪大米”品牌"], "Programme", "青溪大米", None),
    ("programmes", "head-of-quoted-name", ["开展“五美”专项行动"], "Programme", "专项行动", None),
    ("programmes", "inside-quote", ["推进“清河专项行动”落实"], "Programme", "专项行动", None),
    ("programmes", "no-name-before-suffix", ["，专项行动开始"], "Programme", "专项行动", None),
    ("programmes", "describes-quoted-name", ["举办“一针一线”纺织服装培训班"], "Programme", "纺织服装培训班", None),
    ("programmes", "too-short", ["积极申报专项资金"], "Programme", "专项资金", None),
    ("products", "document-title", ["印发《东岭镇乡村振兴实施方案》"], "Product", "东岭镇乡村振兴实施方案", None),
    ("products", "no-name-before-suffix", ["实现茶叶增收"], "Product", "茶叶", None),
    ("products", "own-place-and-noun", ["东岭茶叶远销海外"], "Product", "东岭茶叶", None),
    ("products", "not-a-brand", ["推广“好茶”"], "Product", "好茶", None),
    ("products", "duplicate", ["发展“青溪沙糖橘”种植"], "Product", "青溪沙糖橘", "青溪沙糖橘"),
    ("coordination", "verb-before-head", ["赴南江、北城等地开展项目洽谈"], "Project", "地开展项目", None),
    ("coordination", "measured-item", ["建成380亩温室、青梅产业园等项目"], "Project", "380亩温室", None),
    ("projects", "counted-kind", ["打通城区3个“卡脖路”"], "Project", "卡脖路", None),
    ("mentions", "suffix-ends-common-word", ["化僵局为新局"], "GovernmentBody", "化僵局", None),
    ("mentions", "park-is-project-name", ["建成380亩温室、青梅产业园等项目"], "IndustrialPark", "青梅产业园", "青梅产业园"),
    ("coordination", "count-not-exact", ["东岭、西坑约2个村完成改造"], "Village", "约2个村", None),
    ("coordination", "no-list-items", ["全镇272个村"], "Village", "全镇272个村", None),
    ("coordination", "item-length", ["东岭、乙2个村完成改造"], "Village", "东岭、乙2个村", None),
    ("coordination", "item-of-other-level", ["甲村、乙村2个社区完成改造"], "Community", "甲村、乙村2个社区", None),
    ("people", "overlaps-name", ["黄岭村被评为“卫生村”"], "Person", "黄岭村", "黄岭村"),
    ("people", "no-verb-after-name", ["王平，参加会议"], "Person", "王平", None),
    ("people", "common-word-name", ["实现由村民向市民的身份转变"], "Person", "向市民", None),
    ("honours", "no-passive-marker", ["北坑村评为“卫生村”"], "Award", "卫生村", None),
    ("honours", "no-receiving-verb", ["北坑村“卫生村”称号"], "Award", "卫生村", None),
    ("honours", "no-recipient", ["被评为“先进个人”"], "Award", "先进个人", None),
    ("honours", "inside-quoted-award", ["张三荣获“先进个人，李四获评全国优秀党员"], "Award", "全国优秀党员",
     "先进个人，李四获评全国优秀党员"),
    ("mentions", "duplicate", ["浙江甲乙科技有限公司总部项目"], "Enterprise", "浙江甲乙科技有限公司", "浙江甲乙科技有限公司"),
    ("mentions", "inside-quoted-name", ["推进“东岭镇百村工程”"], "Town", "东岭镇", "东岭镇百村工程"),
    ("mentions", "quoted-organisation", ["注册成立了“东岭镇青溪茶叶专业合作社”"], "Programme", "东岭镇青溪茶叶专业合作社", "东岭镇青溪茶叶专业合作社"),
    ("mentions", "facility-is-project", ["投资80万元的北坑村党群服务中心已投入使用"], "PublicInstitution", "北坑村党群服务中心", "北坑村党群服务中心"),
    ("mentions", "park-is-project-name", ["新材料产业园项目开工"], "IndustrialPark", "新材料产业园", "新材料产业园项目"),
    ("mentions", "product-in-firm-name", ["青溪高山茶叶种植专业合作社获评示范社"], "Product", "青溪高山茶叶", "青溪高山茶叶种植专业合作社"),
    ("observations", "in-quoted-name", ["开展“7个一”活动"], "Observation", "7个", None),
    ("observations", "in-name", ["北湖年产5万吨涂料项目一期已建成投产"], "Observation", "5万吨", "北湖年产5万吨涂料项目一期"),
    ("observations", "date", ["6月完成"], "Observation", "6", None),
    ("observations", "indefinite-article", ["东岭村走出了一条致富新路"], "Observation", "一条", None),
    ("observations", "list-marker", ["1.集体荣誉"], "Observation", "1", None),
    ("observations", "age-bracket", ["65岁以上老人"], "Observation", "65", None),
    ("observations", "no-unit", ["编号2025"], "Observation", "2025", None),
    ("observations", "counting-word", ["实现两个100%"], "Observation", "两个", None),
    ("observations", "threshold", ["超20万元的村4个"], "Observation", "超20万元", None),
    ("projects", "overlaps-project", ["沿江污水处理厂项目开工"], "Project", "污水处理厂", "沿江污水处理厂项目"),
    ("projects", "inside-list", ["正在筹建甲基地、乙中心建设项目等12个项目"], "Project", "基地", None),
    ("projects", "inside-quote", ["推进“百村工程”"], "Project", "工程", None),
    ("projects", "count-or-total", ["全年流转项目14宗"], "Project", "项目", None),
    ("projects", "no-name-before-suffix", ["北湖）改造项目开工"], "Project", "项目", None),
    ("projects", "counted-kind", ["新增7个工业技改项目"], "Project", "项目", None),
    ("projects", "verb-takes-suffix", ["今年全力抓项目、促发展"], "Project", "项目", None),
    ("projects", "works-in-villages", ["完成甲村、乙村2个村的饮水安全巩固提升工程"], "Project", "工程", None),
    ("projects", "heading-marker", ["（一）抓项目促发展"], "Project", "项目", None),
    ("projects", "describes-quoted-name", ["“春风助学”公益项目启动"], "Project", "项目", None),
    ("projects", "category-not-name", ["入选全省优秀公益项目"], "Project", "项目", None),
    ("projects", "bare-phase-of-works", ["完成第一期工程"], "Project", "第一期工程", None),
    ("projects", "phase-without-project", ["二期场地平整工程完成95%"], "Project", "二期场地平整工程", None),
    ("projects", "generic-project", ["加快重点项目建设"], "Project", "重点项目", None),
    ("projects", "generic-project", ["储备一批符合实际的农业产业重点项目"], "Project", "农业产业重点项目", None),
    ("projects", "generic-project", ["推进道路等基础设施项目"], "Project", "基础设施项目", None),
    ("projects", "generic-project", ["入选市重点跟踪项目"], "Project", "市重点跟踪项目", None),
    ("projects", "generic-project", ["适时启动项目建设"], "Project", "项目", None),
    ("projects", "part-of-works", ["北湖总部项目主体工程已完成60%"], "Project", "北湖总部项目主体工程", None),
    ("projects", "bracketed-project-named", ["推进北湖产业园（青溪种鹅示范建设项目）项目建设"], "Project", "北湖产业园（青溪种鹅示范建设项目）项目", None),
    ("projects", "part-of-longer-name", ["建成县数字文化馆平台"], "Project", "馆平", None),
    ("projects", "kind-of-facility", ["建成村卫生站"], "Project", "村卫生站", None),
    ("projects", "no-investment-or-status", ["完善日间照料中心"], "Project", "完善日间照料中心", None),
    ("projects", "institution-at-work", ["北坑村党群服务中心已投入使用"], "Project", "北坑村党群服务中心", "北坑村党群服务中心"),
    ("projects", "bare-phase", ["加快白湖综合体项目一期建设、二期主体封顶"], "Project", "二期主体封顶", None),
    ("projects", "no-whole-project", ["请予审议；一期已于8月建成投产"], "Project", "一期", None),
    ("projects", "other-sentence-part", ["完成北湖外立面工程建设；二期厂房建设完成65%，二期年底完工"], "Project", "二期", None),
    ("projects", "inside-longer-project", ["总投资15亿元的北湖封装测试基地项目已于8月竣工投产"], "Project", "北湖封装测试基地", "北湖封装测试基地项目"),
    ("recognized", "name-before-noun", ["近日，东岭镇刘坪黄牛交易市场正式投入使用"], "Person", "刘坪", None),
    ("recognized", "quoted-name", ["依托“秦创谷”创新平台"], "Person", "秦创谷", None),
    ("recognized", "not-a-surname", ["副镇长王明和岩温罕参加会议"], "Person", "岩温罕", None),
    ("recognized", "name-length", ["县长陈永高作报告"], "Person", "陈永高作", None),
    ("recognized", "untyped-span", ["企业与龙泉米业合作"], "Organisation", "龙泉米业", None),
    ("recognized", "type-not-kept", ["企业与中国石油天然气集团有限公司签约"], "Enterprise", "中国石油天然气集团有限公司", None),
    ("short names", "brand-not-a-name", ["农业科技产值增长"], "Enterprise", "农业科技", None),
    ("short names", "brand-not-a-name", ["全县化工产值增长"], "Enterprise", "全县化工", None),
    ("short names", "inside-full-name", ["广东东鹏控股股份有限公司投资建厂", "东鹏控股股份有限公司扩建"], "Enterprise",
     "东鹏控股", None),
    ("mentions", "rules-speak-first", ["副镇长胡灿均被评为先进"], "Person", "胡灿", "胡灿均"),
    ("mentions", "ranking-not-place", ["东岭镇位居全市十强镇首位"], "Town", "十强镇", None),
    ("mentions", "describing-word-not-a-place", ["向彰显村拨付资金"], "Village", "彰显村", None),
    ("places", "suffix-begins-word", ["彰显村风民风"], "Village", "村风", None),
    ("mentions", "describing-word-not-a-place", ["形成良好局面"], "GovernmentBody", "良好局", None),
    ("mentions", "describing-word-not-a-place", ["推动民营园区发展"], "IndustrialPark", "民营园区", None),
    ("mentions", "suffix-ends-common-word", ["打造近湖集市"], "City", "近湖集市", None),
    ("mentions", "inside-document-title", ["印发《关于表彰南江市青岭果蔬专业合作社的通知》"], "Enterprise",
     "南江市青岭果蔬专业合作社", None),
    ("mentions", "suffix-opens-word", ["城乡融合开创新局面"], "GovernmentBody", "城乡融合开创新局", None),
    ("places", "counted-kind", ["由东岭口、北坑两村共同出资"], "Village", "北坑两村", None),
    ("organisations", "kind-of-body", ["建成茶叶加工厂"], "Enterprise", "茶叶加工厂", None),
    ("organisations", "website-name", ["中国政府网| 南江省人民政府网| 关怀版"], "GovernmentBody", "南江省人民政府网", None),
    ("organisations", "verb-before-body", ["聚焦果蔬种植、服务县委党校等方向"], "GovernmentBody", "服务县委", None),
    ("short names", "brand-not-a-name", ["培育限额以上贸易业企业6家"], "Enterprise", "限额以上贸易", None),
    ("projects", "counted-kind", ["打造种苗繁育和加工三大基地"], "Project", "基地", None),
    ("gazetteer", "typed-by-list", ["九龙、庄里两村完成改造"], "Town", "九龙", "九龙", REAL),
    ("mentions", "suffix-inside-word", ["完成北湖片各项目标"], "Project", "北湖片各项目", None),
    ("projects", "brand-of-longer-name", ["建立“桃溪桥”人民调解工作站"], "Project", "桃溪桥", None),
    ("projects", "owner-name-too-long", ["甲乙丙丁戊己庚辛壬公司扩建项目开工"], "Enterprise", "甲乙丙丁戊己庚辛壬公司", None),
    ("gazetteer", "found-by-rule", ["庄里村完成改造"], "Village", "庄里村", "庄里村", REAL),
    ("gazetteer", "several-divisions", ["板城、庄里完成改造"], "Village", "板城", None, REAL),
    ("gazetteer", "short-name-outside-town", ["东租、庄里村完成改造"], "Village", "东租", None, REAL),
    ("gazetteer", "short-name-not-in-list", ["庄里的果园扩大"], "Village", "庄里", None, REAL),
    ("gazetteer", "several-cities", ["赴北京、恩施等地考察"], "City", "恩施", None, REAL),
    ("mentions", "short-name-inside-name", ["涞水经济开发区新增企业"], "District", "涞水", "涞水经济开发区", REAL),
    ("mentions", "official-name-starts-later", ["城九龙镇庄里村完成改造"], "Town", "城九龙镇", "九龙镇", REAL),
    ("mentions", "crosses-official-name", ["抚州市东乡区新增企业"], "Town", "抚州市东乡", "东乡区", "江西省抚州市东乡区"),
    ("mentions", "official-name-starts-earlier", ["中大槐树街道完成改造"], "Town", "大槐树街道", "中大槐树街道",
     "山东省济南市槐荫区"),
    ("mentions", "opens-lower-place", ["桃园街道社区开展活动"], "Town", "桃园街道", "桃园街道社区"),
    ("mentions", "own-place-short-name", ["为广州人民谋幸福"], "City", "广州", None,
     "广东省南江市北城区广州镇"),
]

#: step, rule of a keep, sentence, candidate type and text, the mention the rule keeps it for (or None).
KEEPS = [
    ("mentions", "kept", ["北坑村完成改造"], "Village", "北坑村", None),
    ("mentions", "kept", ["庄里、镇厂两村完成改造"], "Village", "庄里", None, REAL),
    ("mentions", "kept", ["赴成都、重庆、南充等地考察"], "City", "南充", None, REAL),
    ("mentions", "place-leads-honour-title", ["北坑村被评为“浙江省卫生村”"], "Province", "浙江省", "浙江省卫生村"),
    ("observations", "observation", ["新增企业5家"], "Observation", "5家", None),
    ("honours", "title-without-recipient", ["全县荣获中国质量奖提名奖2个"], "Award", "中国质量奖提名奖", None),
]


def _decisions(texts, place=PLACE):
    return [d for d in extract_findings(sentences(*texts, place=place)).decisions
            if d.candidate.mention.sentence_id == f"t#s{len(texts)}"]


def _rows(rows):
    """Rows with their place: the invented one unless a row names a real one."""
    return [(*r, PLACE) if len(r) == 6 else r for r in rows]


def _cause(d):
    return d.cause.mention.text if d.cause is not None else None


@pytest.mark.parametrize(("step", "rule", "texts", "type_", "text", "cause", "place"), _rows(DROPS),
                         ids=[f"{r[0]}:{r[1]}" for r in DROPS])
def test_one_drop_of_each_kind(step, rule, texts, type_, text, cause, place):
    found = [(d.candidate.mention.type, d.candidate.mention.text, _cause(d))
             for d in _decisions(texts, place) if d.step == step and d.rule == rule and not d.kept]
    assert (type_, text, cause) in found


@pytest.mark.parametrize(("step", "rule", "texts", "type_", "text", "cause", "place"), _rows(KEEPS),
                         ids=[f"{r[0]}:{r[1]}:{r[4]}" for r in KEEPS])
def test_one_keep_of_each_kind(step, rule, texts, type_, text, cause, place):
    found = [(d.candidate.mention.type, d.candidate.mention.text, _cause(d))
             for d in _decisions(texts, place) if d.step == step and d.rule == rule and d.kept]
    assert (type_, text, cause) in found


def test_every_declared_rule_is_pinned():
    declared = {(step.name, rule) for step in PIPELINE for rule in step.decision_rules()}
    pinned = {(r[0], r[1]) for r in (*DROPS, *KEEPS)}
    assert declared == pinned


def test_every_candidate_has_one_final_word():
    """A mention kept is kept once; no candidate is both kept and dropped by the filters."""
    texts = ["投资80万元的北坑村党群服务中心已投入使用，青溪高山茶叶种植专业合作社获评示范社"]
    ds = _decisions(texts)
    kept = [d.candidate for d in ds if d.kept and d.step == "mentions"]
    dropped = [d.candidate for d in ds if not d.kept and d.step == "mentions"]
    assert len(kept) == len({id(c) for c in kept})
    assert not {id(c) for c in kept} & {id(c) for c in dropped}


def test_offsets_of_every_candidate_slice_back_to_its_text():
    doc = sentences(*sorted({t for r in DROPS for t in r[2]}), place=PLACE)
    for d in extract_findings(doc).decisions:
        for m in (d.candidate.mention, *((d.cause.mention,) if d.cause else ())):
            assert doc.text[m.start:m.end] == m.text


@pytest.mark.parametrize("name", ["创新村", "奋斗村", "联合村"])
def test_a_verb_before_the_suffix_names_a_place_a_division_bears(name):
    """A verb and a suffix that villages of the country bear stand, where 彰显村 is dropped."""
    decisions = [d for d in _decisions([f"{name}新建文化广场"], PLACE) if d.candidate.mention.type == "Village"]
    assert [(d.candidate.mention.text, d.kept) for d in decisions] == [(name, True)]
