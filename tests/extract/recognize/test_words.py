"""The word-boundary law: the words of a sentence, where a name may start, and a sweep over the seed and the
excerpts that every name kept starts and ends on a word boundary or cites the exception that allows it."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from kg.extract import extract_findings
from kg.extract.names import boundary_words
from kg.extract.recognize.law import EXCEPTIONS, boundary_exception
from kg.extract.recognize.words import BOUNDARY_RULES, Words, align_start, tokenize
from kg.text.segment import load_document
from tests.docs import one_sentence

ROOT = Path(__file__).resolve().parents[3]
TEXTS = [ROOT / "data" / "raw" / "yuantan-2023-work-report.txt", *sorted((ROOT / "data" / "excerpts").glob("*.txt"))]


def test_tokens_cover_the_text_and_carry_a_tag_for_known_words():
    text = "向本次会议报告官渡区2023年上半年工作"
    toks = tokenize(text)
    assert "".join(t.text for t in toks) == text
    assert all(text[t.start:t.end] == t.text for t in toks)
    assert {"向": "p", "会议": "n"}.items() <= {t.text: t.tag for t in toks}.items()
    assert tokenize("") == ()


@pytest.mark.parametrize(("text", "start", "end", "min_len", "expected"), [
    ("向会议报告官渡区工作", 4, 7, 1, (5, "start-inside-word")),  # 告 of 报告
    ("他在叶县工作", 1, 3, 1, (2, "leading-function-word")),  # 在 of its own before 叶县
    ("成为我县", 0, 3, 1, (None, "leading-function-word")),  # 成为, 我: nothing left
    ("前进村", 0, 2, 1, (0, "")),
    ("向会议报告官渡区工作", 3, 7, 1, (5, "name-word-after-common-words")),  # a verb that leaves no name is the name
    ("望溪街道", 0, 2, 1, (0, "")),  # 望 opens a name jieba reads character by character
    ("长沙经开区成为", 1, 2, 1, (0, "start-inside-word")),  # the scan's limit cut 长沙: take the whole word
    ("顺利通过省级优质果品标准化生产", 0, 15, 1, (4, "function-word-inside")),  # 通过, a preposition inside
])
def test_align_start(text, start, end, min_len, expected):
    w = Words.of(tokenize(text))
    singles = frozenset(x for x in boundary_words("place") if len(x) == 1)
    assert align_start(start, end, w, min_len=min_len, at_limit=text.startswith("长沙"), singles=singles) == expected


def test_every_rule_of_the_law_has_a_meaning():
    assert set(BOUNDARY_RULES) == {"start-inside-word", "leading-function-word", "function-word-stops-scan",
                                   "name-word-after-common-words", "function-word-inside"}
    assert all(BOUNDARY_RULES.values()) and all(EXCEPTIONS.values())


@pytest.mark.parametrize(("text", "place"), [
    ("受李明区长委托，向本次会议报告官渡区上半年工作", "官渡区"),
    ("2024年1月22日在叶县第十六届人民代表大会上", "叶县"),
    ("市委常委率代表团赴巴州区考察", "巴州区"),
    ("请予审议，邀请福建省专家到利洋村指导", "福建省"),
])
def test_a_verb_or_preposition_before_a_place_is_no_part_of_it(text, place):
    f = extract_findings(one_sentence(text, place="东岭镇"))
    texts = {x.mention.text for x in f.found}
    assert place in texts
    assert not [t for t in texts if t.endswith(place) and t != place]


_LEADS = ["在", "赴", "向", "报告", "成为", "带领", "邀请", "获评", "关于", "考察"]
_NAMES = ["东岭", "北坑", "西溪", "南湖", "青石", "白沙"]


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(_LEADS), st.sampled_from(_NAMES), st.sampled_from(["村", "镇", "县", "区"]),
       st.sampled_from(["完成改造", "开展工作", "，全年增收"]))
def test_no_place_starts_with_the_word_before_it(lead, name, suffix, tail):
    text = f"今年{lead}{name}{suffix}{tail}"
    at = 2 + len(lead)
    assume(Words.of(tokenize(text)).is_boundary(at))  # 向东 of 向东岭: where the words join them, no law applies
    f = extract_findings(one_sentence(text, place="甲乙镇"))
    for x in f.found:
        assert not x.mention.text.startswith(lead) or x.mention.text == f"{name}{suffix}", x.mention.text


@pytest.fixture(scope="module")
def kept():
    out = []
    for path in TEXTS:
        doc = load_document(path)
        sents = {s.id: s for s in doc.sentences}
        words: dict[str, Words] = {}
        for d in extract_findings(doc).decisions:
            if d.kept and d.step == "mentions":
                s = sents[d.candidate.mention.sentence_id]
                out.append((d.candidate.mention, s, words.setdefault(s.id, Words.of(tokenize(s.text)))))
    return out


def test_every_name_of_the_seed_and_the_excerpts_obeys_the_word_boundaries_or_cites_its_exception(kept):
    assert len(kept) > 400
    broken = [(m.text, m.rule) for m, s, w in kept
              if not (w.is_boundary(m.start - s.start) and w.is_boundary(m.end - s.start))
              and boundary_exception(m, s.start, w) is None]
    assert broken == []


def test_no_name_of_the_seed_and_the_excerpts_opens_with_a_one_character_verb_or_preposition(kept):
    singles = {x for x in boundary_words("place") if len(x) == 1} - {"和"}
    opened = [m.text for m, s, w in kept if m.text[0] in singles and w.is_single_word(m.start - s.start,
                                                                                        m.start - s.start + 1)
              and not m.rule.startswith(("programme-quoted", "honour-quoted"))]
    assert opened == []
