"""IRIs: readable pinyin slugs with a hash, n-ary keys, documents and sentences, search keys."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, strategies as st

from kg.graph.iri import (
    concept_iri, doc_iri, entity_iri, pinyin_label, pinyin_words, search_key, sentence_iri, slug, statement_iri,
)
from kg.graph.vocab import DEFAULT_BASE

SLUGS = [
    ("松塘村", "song-tang-cun-a80e9f"),
    ("源潭镇", "yuan-tan-zhen-20608d"),
    ("中星·广清智谷", "zhong-xing-guang-qing-zhi-gu-ef4495"),
    ("TCL家电", "tcl-jia-dian-294be6"),
    ("李韫哲", "li-yun-zhe-bc0f35"),
    ("绿美源潭", "lv-mei-yuan-tan-d98902"),
]


@pytest.mark.parametrize("name, expected", SLUGS)
def test_slug_is_toneless_pinyin_plus_hash(name, expected):
    assert slug(name) == expected


ENTITY_IRIS = [
    ("Village/松塘村", "village/song-tang-cun-a80e9f"),
    ("IndustrialPark/中星·广清智谷", "industrialpark/zhong-xing-guang-qing-zhi-gu-ef4495"),
    ("Observation/yuantan-2023#s12@40", "observation/yuantan-2023-s12-40"),
    ("AwardConferral/yuantan-2023#s88@3", "awardconferral/yuantan-2023-s88-3"),
    ("PlanItem/yuantan-2023#s100@0", "planitem/yuantan-2023-s100-0"),
]


@pytest.mark.parametrize("entity_id, local", ENTITY_IRIS)
def test_entity_iri(entity_id, local):
    assert str(entity_iri(entity_id)) == DEFAULT_BASE + local


def test_base_is_configurable():
    assert str(entity_iri("Town/源潭镇", base="http://example.org/x/")) == "http://example.org/x/town/yuan-tan-zhen-20608d"
    assert str(doc_iri("a-2023", base="http://example.org/x/")) == "http://example.org/x/doc/a-2023"


def test_document_and_sentence_iris():
    assert str(doc_iri("yuantan-2023")) == DEFAULT_BASE + "doc/yuantan-2023"
    assert str(sentence_iri("yuantan-2023#s12")) == DEFAULT_BASE + "doc/yuantan-2023#s12"
    assert str(concept_iri("status", "operational")) == "https://w3id.org/kg-cn/concept/status-operational"


@pytest.mark.parametrize("bad", ["松塘村", "Village/", "/松塘村", ""])
def test_bad_entity_ids_are_refused(bad):
    with pytest.raises(ValueError):
        entity_iri(bad)


@pytest.mark.parametrize("bad", ["yuantan-2023", "#s1", "yuantan-2023#"])
def test_bad_sentence_ids_are_refused(bad):
    with pytest.raises(ValueError):
        sentence_iri(bad)


def test_statement_iri_depends_on_every_part():
    a = statement_iri("<s>", "<p>", "<o>", "d#s1", "0", "3")
    assert a == statement_iri("<s>", "<p>", "<o>", "d#s1", "0", "3")
    assert a != statement_iri("<s>", "<p>", "<o>", "d#s2", "0", "3")
    assert a != statement_iri("<s>", "<p>", "<o2>", "d#s1", "0", "3")


SEARCH_KEYS = [
    ("松塘村", "songtangcun"),
    ("Sōng táng cūn", "songtangcun"),
    ("song-tang-cun", "songtangcun"),
    ("SONGTANG CUN", "songtangcun"),
    ("lǚ měi", "lvmei"),
    ("绿美", "lvmei"),
]


@pytest.mark.parametrize("text, key", SEARCH_KEYS)
def test_search_key_ignores_tones_case_and_separators(text, key):
    assert search_key(text) == key


@pytest.mark.parametrize("name, label", [("李韫哲", "lǐ yùn zhé"), ("源潭镇", "yuán tán zhèn"),
                                         ("中星·广清智谷", "zhōng xīng guǎng qīng zhì gǔ")])
def test_pinyin_label_has_tone_marks_and_no_punctuation(name, label):
    assert pinyin_label(name) == label


@given(st.text(min_size=1, max_size=30).filter(lambda s: s.strip()))
def test_slug_is_always_ascii_and_stable(name):
    s = slug(name)
    assert re.fullmatch(r"([a-z0-9]+(-[a-z0-9]+)*-)?[0-9a-f]{6}", s), s
    assert s == slug(name)
    assert re.fullmatch(r"[a-z0-9-]*", pinyin_words(name))
