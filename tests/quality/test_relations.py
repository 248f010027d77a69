"""Relations scored per kind, and memberships, on tiny in-memory extractions (invented names)."""

from __future__ import annotations

import pytest

from kg.errors import InputError
from kg.model import Concept, Entity, Fact, Value
from kg.quality.evaluate import check_gold, evaluate
from tests.quality.test_evaluate import ent, extraction, g_ent, gold

ENTS = [g_ent("Town", "石门镇", "石门"), g_ent("Enterprise", "恒达", "恒达公司"), g_ent("Project", "恒达二期项目"),
        g_ent("Village", "东坑村", "东坑"), g_ent("GovernmentBody", "区委"), g_ent("District", "北城区"),
        g_ent("Village", "西岭村", optional=True)]
PRED = [ent("Town", "石门镇"), ent("Enterprise", "恒达公司", "恒达"), ent("Project", "恒达二期项目"),
        ent("Village", "东坑村"), ent("GovernmentBody", "区委"), ent("District", "北城区"), ent("Village", "西岭村")]
RELS = [{"subject": "恒达", "predicate": "location", "object": "石门镇"},
        {"subject": "恒达二期项目", "predicate": "investor", "object": "恒达"},
        {"subject": "区委", "predicate": "areaServed", "object": "北城区"},
        {"subject": "区委", "predicate": "level", "object": "district"}]


def kinds(report) -> dict[str, tuple[int, int, int]]:
    return {k: (s.tp, s.fp, s.fn) for k, s in report.relation_kinds}


def test_each_kind_is_scored_on_its_own():
    facts = [Fact("Enterprise/恒达公司", "location", "Town/石门镇"),
             Fact("Project/恒达二期项目", "investor", "Enterprise/恒达公司"),
             Fact("GovernmentBody/区委", "areaServed", "Town/石门镇"),  # wrong place
             Fact("GovernmentBody/区委", "level", Concept("level", "district"))]
    rep = evaluate(extraction(PRED, facts), gold(entities=ENTS, relations=RELS))
    assert kinds(rep) == {"location": (1, 0, 0), "investor": (1, 0, 0), "areaServed": (0, 1, 1), "level": (1, 0, 0)}
    s = rep.score("relations")
    assert (s.tp, s.fp, s.fn) == (3, 1, 1)
    assert [e.item for e in rep.errors if e.category == "relations"] == [
        "区委 areaServed 北城区", "区委 areaServed 石门镇"]


def test_a_kind_the_gold_lacks_counts_every_prediction_against():
    facts = [Fact("Enterprise/恒达公司", "operator", "Town/石门镇")]
    rep = evaluate(extraction(PRED, facts), gold(entities=ENTS, relations=RELS))
    assert kinds(rep)["operator"] == (0, 1, 0)


def test_facts_about_optional_entities_and_project_facts_are_not_counted():
    facts = [Fact("Village/西岭村", "containedIn", "Town/石门镇"),  # optional village
             Fact("Project/恒达二期项目", "location", "Village/东坑村")]  # a project fact
    rep = evaluate(extraction(PRED, facts), gold(entities=ENTS, relations=[]))
    assert kinds(rep) == {}


def test_a_document_without_relation_gold_is_not_scored_on_relations():
    facts = [Fact("Enterprise/恒达公司", "location", "Town/石门镇")]
    rep = evaluate(extraction(PRED, facts), gold(entities=ENTS))
    s = rep.score("relations")
    assert (s.tp, s.fp, s.fn) == (0, 0, 0) and rep.relation_kinds == ()


MEMBER = [g_ent("Person", "张三"), g_ent("Event", "某省工会代表会议"), g_ent("Event", "某某全国代表大会"),
          g_ent("GovernmentBody", "某某总工会")]
M_GOLD = {"member": "张三", "organization": "某某总工会", "role": "执委", "term": "第十八届", "date": "2023-10",
          "date_alts": ["2023-10-09"], "assembly": "某某全国代表大会"}


def membership(**over) -> tuple[list[Entity], list[Fact]]:
    parts = {"member": "Person/张三", "organization": "GovernmentBody/某某总工会", "role": Value("执委"),
             "term": Value("第十八届"), "electedOn": Value("2023-10-09", "date"), "electedAt": "Event/某某全国代表大会"}
    parts.update(over)
    ents = [Entity("Person/张三", "Person", "张三"), Entity("GovernmentBody/某某总工会", "GovernmentBody", "某某总工会"),
            Entity("Event/某某全国代表大会", "Event", "某某全国代表大会"),
            Entity("Event/某省工会代表会议", "Event", "某省工会代表会议"), Entity("Membership/m", "Membership", "m")]
    return ents, [Fact("Membership/m", k, v) for k, v in parts.items() if v is not None]


@pytest.mark.parametrize(("over", "hit"), [
    ({}, True),
    ({"electedOn": Value("2023-10", "gYearMonth")}, True),
    ({"electedOn": Value("2023-08-31", "date")}, False),
    ({"electedAt": "Event/某省工会代表会议"}, False),
    ({"role": Value("代表")}, False),
    ({"term": None}, False),
])
def test_a_membership_needs_member_body_post_term_date_and_assembly(over, hit):
    ents, facts = membership(**over)
    rep = evaluate(extraction(ents, facts), gold(entities=MEMBER, memberships=[M_GOLD]))
    s = rep.score("memberships")
    assert (s.tp, s.fp, s.fn) == ((1, 0, 0) if hit else (0, 1, 1))


@pytest.mark.parametrize(("bad", "message"), [
    ({"subject": "恒达", "predicate": "owns", "object": "石门镇"}, "predicate 'owns' is not one of"),
    ({"subject": "恒达", "predicate": "location", "object": "南山镇"}, "'南山镇' is not the name of a gold entity"),
    ({"subject": "区委", "predicate": "level", "object": "county"}, "level 'county' is not a level code"),
])
def test_bad_relation_gold_is_refused_naming_the_item(bad, message):
    with pytest.raises(InputError, match=message):
        check_gold(gold(entities=ENTS, relations=[bad]))


def test_connectivity_counts_entities_no_relation_ties_to_another():
    from kg.quality.connectivity import connectivity

    ents = [ent("Town", "石门镇"), ent("Enterprise", "恒达"), ent("Village", "东坑村"), ent("Product", "麻鸡"),
            Entity("Observation/o1", "Observation", "5万元")]
    facts = [Fact("Enterprise/恒达", "location", "Town/石门镇"),
             Fact("Observation/o1", "subject", "Village/东坑村"),  # a figure ties no entity to another
             Fact("Product/麻鸡", "level", Concept("level", "town"))]  # nor does a concept
    conn = connectivity(extraction(ents, facts))
    assert conn.entities == 4 and [e.id for e in conn.unrelated] == ["Product/麻鸡", "Village/东坑村"]
    assert conn.line() == "unrelated entities: 2 of 4 (50.0%): Product 麻鸡, Village 东坑村"
