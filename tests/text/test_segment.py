from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.errors import InputError
from kg.model import DocumentMeta, Normalized, NormalizeReport, Period
from kg.text.segment import heading_period, segment


def _norm(text: str) -> Normalized:
    return Normalized(text, text, tuple(range(len(text) + 1)), NormalizeReport())


def _doc(text: str, year: int | None = 2023, issuer: str = ""):
    return segment(_norm(text), doc_id="t-1", meta=DocumentMeta(year=year, issuer=issuer))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("甲村完成改造。乙村开工；丙村投运！", ["甲村完成改造。", "乙村开工；", "丙村投运！"]),
        ("ASCII分号也分句;问号也分句?", ["ASCII分号也分句;", "问号也分句?"]),
        ("被评为“先进集体。示范单位”。下一句。", ["被评为“先进集体。示范单位”。", "下一句。"]),
        ("建设项目(一期。二期)已投运。", ["建设项目(一期。二期)已投运。"]),
        ("他说：“完成了。”然后走了。", ["他说：“完成了。”", "然后走了。"]),
        ("获“未闭合的引号;后面照常分句。", ["获“未闭合的引号;", "后面照常分句。"]),
        ("获“奖项甲;乙被评为“先进个人”;", ["获“奖项甲;", "乙被评为“先进个人”;"]),
        ("第一行没有句号\n第二行。", ["第一行没有句号", "第二行。"]),
        ("  前后空白会去掉。  \n", ["前后空白会去掉。"]),
    ],
)
def test_sentence_split(text, expected):
    doc = _doc(text)
    assert [s.text for s in doc.sentences] == expected
    assert [s.id for s in doc.sentences] == [f"t-1#s{i}" for i in range(1, len(expected) + 1)]


@pytest.mark.parametrize(
    ("title", "period"),
    [
        ("2023年工作亮点、主要任务完成情况和获得荣誉", Period("actual", 2023)),
        ("2024年主要工作思路、目标任务和重点工作措施", Period("plan", 2024)),
        ("下一步工作计划", Period("plan", 2024)),
        ("下半年工作计划", Period("plan", 2023)),
        ("下半年重点工作安排", Period("plan", 2023)),
        ("四季度工作打算", Period("plan", 2023)),
        ("今年以来工作成效", Period("actual", 2023)),
        ("2022年工作总结", Period("actual", 2022)),
        ("2023年工作开展情况", Period("actual", 2023)),
        ("其他事项", Period(None, None)),
    ],
)
def test_heading_period(title, period):
    assert heading_period(title, 2023) == period


STRUCTURED = """前言一句。
一、2023年工作亮点
(一)经济发展。一是项目落地。甲项目投运。二是企业增长。乙企业上规。
(二)获得荣誉
1.集体荣誉:2月,甲镇获表彰。
2.个人荣誉:3月,张三获奖。
二、2024年工作计划
（一）抓项目。推动丙项目开工。
某某镇人民政府
2023年11月14日
"""


def test_structure_and_periods():
    doc = _doc(STRUCTURED, issuer="某某镇人民政府")
    outline = [(s.level, s.marker, s.title) for s in doc.sections]
    assert outline == [
        (1, "一、", "2023年工作亮点"),
        (2, "(一)", "经济发展"),
        (3, "一是", "项目落地"),
        (3, "二是", "企业增长"),
        (2, "(二)", "获得荣誉"),
        (3, "1.", "集体荣誉"),
        (3, "2.", "个人荣誉"),
        (1, "二、", "2024年工作计划"),
        (2, "（一）", "抓项目"),
    ]
    by_text = {s.text: s for s in doc.sentences}
    assert by_text["甲项目投运。"].section_path == ("t-1#1", "t-1#1.1", "t-1#1.1.1")
    assert by_text["乙企业上规。"].section_path == ("t-1#1", "t-1#1.1", "t-1#1.1.2")
    assert by_text["乙企业上规。"].period == Period("actual", 2023)
    assert by_text["推动丙项目开工。"].period == Period("plan", 2024)
    assert by_text["前言一句。"].section_path == ()
    assert by_text["2023年11月14日"].section_path == ()
    assert by_text["2023年11月14日"].period == Period(None, None)
    assert by_text["某某镇人民政府"].section_path == ()


def test_empty_text_is_an_error():
    with pytest.raises(InputError, match="no sentence"):
        _doc("   \n\n")


def test_bad_doc_id():
    with pytest.raises(InputError, match="document id"):
        segment(_norm("一句。"), doc_id="源潭 2023")


_pieces = st.sampled_from(["甲", "村", "镇", "。", "；", "!", "?", "“", "”", "(", ")", "\n", " ", "一是", "(一)", "一、", "1.", "a"])


@settings(max_examples=200, deadline=None)
@given(st.lists(_pieces, min_size=1, max_size=60).map("".join))
def test_offsets_slice_back(text):
    if not text.strip():
        return
    doc = _doc(text)
    last_end = 0
    for s in doc.sentences:
        assert doc.text[s.start:s.end] == s.text
        assert s.text and s.text == s.text.strip()
        assert s.start >= last_end
        last_end = s.end
    for sec in doc.sections:
        assert 0 <= sec.start <= sec.end <= len(text)


def test_seed_structure(seed_doc):
    top = [s for s in seed_doc.sections if s.level == 1]
    assert [s.marker for s in top] == ["一、", "二、"]
    assert [s.period for s in top] == [Period("actual", 2023), Period("plan", 2024)]
    subs = {t.id: [s.marker for s in seed_doc.sections if s.level == 2 and s.id.startswith(t.id + ".")] for t in top}
    assert subs == {
        top[0].id: ["（一）", "（二）", "（三）", "（四）", "（五）"],
        top[1].id: ["（一）", "（二）", "（三）", "（四）"],
    }
    items = [(s.id.rsplit(".", 1)[0], s.marker) for s in seed_doc.sections if s.level == 3]
    # every subsection of the results that enumerates its work does so as 一是/二是/三是
    for sub in [s for s in seed_doc.sections if s.level == 2 and s.id.startswith(top[0].id + ".")][:4]:
        assert [m for parent, m in items if parent == sub.id] == ["一是", "二是", "三是"]
    honours = [s for s in seed_doc.sections if s.level == 2 and s.title == "获得荣誉"][0]
    assert [(m) for parent, m in items if parent == honours.id] == ["1.", "2."]
    # no items invented in the plan section, where the text has none
    assert not [1 for parent, _ in items if parent.startswith(top[1].id + ".")]


def test_seed_sentences_slice_back_and_know_their_period(seed_doc):
    assert len(seed_doc.sentences) > 80
    for s in seed_doc.sentences:
        assert seed_doc.text[s.start:s.end] == s.text
        assert len(seed_doc.trad_text) == len(seed_doc.text)
        if s.section_path:
            assert s.section_path[0] in {sec.id for sec in seed_doc.sections if sec.level == 1}
    closing = seed_doc.sentences[-2:]
    assert [s.section_path for s in closing] == [(), ()]
    assert {s.period.kind for s in seed_doc.sentences if s.section_path} == {"actual", "plan"}
