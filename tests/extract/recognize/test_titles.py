"""Honour titles written without quotes: the title after its verb, its recipient, and no place made of its end."""

from __future__ import annotations

import pytest

from kg.extract import extract
from kg.extract.recognize.titles import find_titles
from tests.docs import one_sentence


@pytest.mark.parametrize(("text", "expected"), [
    ("北坑镇入选全国千强镇。", [("入选", "全国千强镇")]),
    ("荣登全国发展潜力百强县榜首，位居全省第3", [("荣登", "全国发展潜力百强县")]),
    ("南湖园区成为首批国家级知识产权示范园区", [("成为", "国家级知识产权示范园区")]),
    ("全县荣获中国质量奖提名奖2个", [("荣获", "中国质量奖提名奖")]),
    ("西溪村获评省级“美丽乡村”", [("获评", "省级美丽乡村")]),  # the level before the quote is the title's
    ("获批建设用地50亩，成为群众满意工程", []),  # no level, no rank: no honour
    ("东岭村获评全国文明村称号", [("获评", "全国文明村")]),
    # a quote inside the title is part of it; a province's or city's name gives its level
    ("两家协会获评南江市“4A级社会组织”；", [("获评", "南江市4A级社会组织")]),
    ("《山歌》荣获某某省第九届“江河文艺奖”戏剧奖。", [("荣获", "某某省第九届江河文艺奖戏剧奖")]),
    ("北坑村获评全国“两山”实践创新基地", [("获评", "全国两山实践创新基地")]),
    ("成为“网红”打卡地", []),  # no level, no rank
    ("被评为省级“卫生村", []),  # the quote never closes: the stretch ends before it
])
def test_titles(text, expected):
    assert [(t.verb, t.title) for t in find_titles(text)] == expected


def _conferrals(ex):
    facts = {(f.subject, f.predicate): f.object for f in ex.facts}
    return {(facts[(e.id, "recipient")], facts[(e.id, "award")]) for e in ex.entities if e.type == "AwardConferral"}


@pytest.mark.parametrize(("text", "place", "expected"), [
    ("北坑镇入选全国千强镇", "东岭县", ("Town/北坑镇", "Award/全国千强镇")),
    ("蝉联全国制造业百强县", "东岭县", ("District/东岭县", "Award/全国制造业百强县")),
    ("获评全国营商环境创新典范区", "东岭区", ("District/东岭区", "Award/全国营商环境创新典范区")),
])
def test_the_recipient_is_the_clause_subject_or_the_documents_own_place(text, place, expected):
    ex = extract(one_sentence(text, place=place))
    assert expected in _conferrals(ex)
    names = {e.name for e in ex.entities}
    assert not {"业百强县", "百强县", "千强镇", "国千强镇", "创新典范区"} & names


def test_a_quoted_part_of_an_unquoted_title_is_no_programme_of_its_own():
    ex = extract(one_sentence("东岭社区服务中心、北坑协会等2家社会组织获评南江市“4A级社会组织”。", place="东岭县"))
    names = {(e.type, e.name) for e in ex.entities}
    assert ("Award", "南江市4A级社会组织") in names
    assert not any(t == "Programme" and "4A" in n for t, n in names)
