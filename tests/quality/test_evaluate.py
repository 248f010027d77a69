"""The scorer on tiny in-memory extractions, the curation format, the scoreboard, and the gold files themselves."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from kg.extract.curation import apply_curation, check_curation
from kg.errors import InputError, StepError
from kg.quality.evaluate import Score, check_gold, evaluate, load_gold, name_key
from kg.model import Concept, Document, DocumentMeta, Entity, Extraction, Fact, Value
from kg.quality.scoreboard import evaluate_corpus, find_reports, scoreboard_dict, scoreboard_lines
from kg.graph.vocab import CLASSES

from tests.conftest import ROOT

GOLD_DIR = ROOT / "data" / "gold"
GOLD_FILES = sorted(GOLD_DIR.glob("*.json"))
DOC = Document(id="t", meta=DocumentMeta(), text="", trad_text="")


# ------------------------------------------------------------------------------------------ builders
def ent(type_: str, name: str, *aliases: str) -> Entity:
    return Entity(id=f"{type_}/{name}", type=type_, name=name, aliases=aliases)


def extraction(entities=(), facts=()) -> Extraction:
    return Extraction(document=DOC, entities=tuple(entities), facts=tuple(facts))


def gold(**parts) -> dict:
    return {"doc": "t", "entities": [], **parts}


def g_ent(type_: str, name: str, *aliases: str, **extra) -> dict:
    return {"type": type_, "name": name, "aliases": list(aliases), **extra}


VILLAGES = [g_ent("Village", "松塘村", "松塘"), g_ent("Village", "洞尾村", "洞尾"), g_ent("Town", "源潭镇", "源潭")]


def counts(report, category: str = "entities") -> tuple[int, int, int]:
    s = report.score(category)
    return s.tp, s.fp, s.fn


# ------------------------------------------------------------------------------------------ scores
@pytest.mark.parametrize(
    ("tp", "fp", "fn", "p", "r", "f1"),
    [(10, 0, 0, 1.0, 1.0, 1.0), (8, 2, 2, 0.8, 0.8, 0.8), (0, 3, 4, 0.0, 0.0, 0.0), (0, 0, 0, 1.0, 1.0, 1.0),
     (3, 1, 0, 0.75, 1.0, 6 / 7)],
)
def test_score_arithmetic(tp, fp, fn, p, r, f1):
    s = Score(tp, fp, fn)
    assert (s.precision, s.recall) == pytest.approx((p, r))
    assert s.f1 == pytest.approx(f1)


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [("中国南部物流枢纽（一期）", "中国南部物流枢纽一期", True), ("“百千万工程”", "百千万工程", True),
     ("十里风光 源来有你", "十里风光源来有你", True), ("松塘", "松塘村", False), ("Ａ厂", "A厂", True)],
)
def test_name_key(a, b, same):
    assert (name_key(a) == name_key(b)) is same


# ------------------------------------------------------------------------------------------ entities
@pytest.mark.parametrize(
    ("predicted", "expected"),
    [
        # perfect
        ([ent("Village", "松塘村"), ent("Village", "洞尾村"), ent("Town", "源潭镇")], (3, 0, 0)),
        # one missing
        ([ent("Village", "松塘村"), ent("Town", "源潭镇")], (2, 0, 1)),
        # one extra
        ([ent("Village", "松塘村"), ent("Village", "洞尾村"), ent("Town", "源潭镇"), ent("Village", "大连村")], (3, 1, 0)),
        # wrong type: a false positive and a false negative
        ([ent("Village", "松塘村"), ent("Community", "洞尾村"), ent("Town", "源潭镇")], (2, 1, 1)),
        # the predicted name is a gold alias
        ([ent("Village", "松塘"), ent("Village", "洞尾村"), ent("Town", "源潭镇")], (3, 0, 0)),
        # a predicted alias is the gold name
        ([ent("Village", "松塘村委会", "松塘村"), ent("Village", "洞尾村"), ent("Town", "源潭镇")], (3, 0, 0)),
        # the same village twice, unmerged: the second is spurious
        ([ent("Village", "松塘村"), ent("Village", "松塘"), ent("Village", "洞尾村"), ent("Town", "源潭镇")], (3, 1, 0)),
        # observations and conferrals are not entities here
        ([ent("Village", "松塘村"), ent("Village", "洞尾村"), ent("Town", "源潭镇"), ent("Observation", "3个")], (3, 0, 0)),
    ],
)
def test_entity_matching(predicted, expected):
    rep = evaluate(extraction(predicted), gold(entities=VILLAGES))
    assert counts(rep) == expected


def test_entity_scores_per_type():
    rep = evaluate(extraction([ent("Village", "松塘村"), ent("Community", "洞尾村")]), gold(entities=VILLAGES))
    per = dict(rep.entity_types)
    assert (per["Village"].tp, per["Village"].fn) == (1, 1)
    assert (per["Community"].fp, per["Town"].fn) == (1, 1)
    assert {e.item for e in rep.errors if e.category == "entities"} == {"Village 洞尾村", "Town 源潭镇", "Community 洞尾村"}


@pytest.mark.parametrize(
    ("predicted", "expected"),
    [
        ([ent("IndustrialPark", "锦邦物流")], (1, 0, 0)),  # an alternative type counts
        ([ent("Enterprise", "锦邦物流")], (0, 1, 1)),  # not listed as an alternative
        ([], (0, 0, 1)),
    ],
)
def test_alt_types(predicted, expected):
    g = gold(entities=[g_ent("Project", "锦邦物流", alt_types=["IndustrialPark"])])
    assert counts(evaluate(extraction(predicted), g)) == expected


@pytest.mark.parametrize(
    ("predicted", "expected"),
    [([], (1, 0, 0)), ([ent("Person", "习近平")], (1, 0, 0)), ([ent("Person", "习近平"), ent("Person", "某某")], (1, 1, 0))],
)
def test_optional_entities_are_neither_required_nor_spurious(predicted, expected):
    g = gold(entities=[g_ent("Town", "源潭镇"), g_ent("Person", "习近平", optional=True)])
    assert counts(evaluate(extraction([ent("Town", "源潭镇"), *predicted]), g)) == expected


# ------------------------------------------------------------------------------------------ conferrals
CONF_GOLD = gold(
    entities=[g_ent("Person", "李韫哲"), g_ent("Award", "先进个人"), g_ent("GovernmentBody", "广东省农业农村厅", "省农业农村厅"),
              g_ent("GovernmentBody", "广东省人力资源和社会保障厅")],
    conferrals=[{"recipient": "李韫哲", "recipient_type": "Person", "award": "先进个人",
                 "conferrers": ["广东省人力资源和社会保障厅", "广东省农业农村厅"], "date": "2023-06"}],
)


def conferral(recipient="李韫哲", award="先进个人", conferrers=("广东省人力资源和社会保障厅", "广东省农业农村厅"),
              date: str | None = "2023-06") -> Extraction:
    ents = [ent("Person", recipient), ent("Award", award), *(ent("GovernmentBody", c) for c in conferrers),
            Entity(id="AwardConferral/c1", type="AwardConferral", name=f"{recipient}{award}")]
    facts = [Fact("AwardConferral/c1", "recipient", f"Person/{recipient}"), Fact("AwardConferral/c1", "award", f"Award/{award}")]
    facts += [Fact("AwardConferral/c1", "conferredBy", f"GovernmentBody/{c}") for c in conferrers]
    if date:
        facts.append(Fact("AwardConferral/c1", "conferredOn", Value(date, "gYearMonth")))
    return extraction(ents, facts)


@pytest.mark.parametrize(
    ("ex", "expected"),
    [
        (conferral(), (1, 0, 0)),
        (conferral(conferrers=("广东省农业农村厅", "广东省人力资源和社会保障厅")), (1, 0, 0)),  # order does not matter
        (conferral(conferrers=("广东省人力资源和社会保障厅", "省农业农村厅")), (1, 0, 0)),  # alias of a conferrer
        (conferral(conferrers=("广东省人力资源和社会保障厅", "广东省统计局")), (0, 1, 1)),  # one wrong conferrer
        (conferral(conferrers=("广东省人力资源和社会保障厅",)), (0, 1, 1)),  # one conferrer missing
        (conferral(conferrers=("广东省人力资源和社会保障厅", "广东省农业农村厅", "广东省统计局")), (0, 1, 1)),  # one too many
        (conferral(date="2023-07"), (0, 1, 1)),
        (conferral(date=None), (0, 1, 1)),
        (conferral(recipient="邓金洪"), (0, 1, 1)),
        (extraction(), (0, 0, 1)),
    ],
)
def test_conferrals_need_every_field_right(ex, expected):
    assert counts(evaluate(ex, CONF_GOLD), "conferrals") == expected


def test_undated_conferral_matches_null_date():
    g = {**CONF_GOLD, "conferrals": [{**CONF_GOLD["conferrals"][0], "date": None}]}
    assert counts(evaluate(conferral(date=None), g), "conferrals") == (1, 0, 0)
    assert counts(evaluate(conferral(), g), "conferrals") == (0, 1, 1)


# ------------------------------------------------------------------------------------------ project facts
PF_GOLD = gold(
    entities=[g_ent("Project", "中国南部物流枢纽"), g_ent("Project", "中国南部物流枢纽二期", "中国南部物流枢纽项目二期"),
              g_ent("IndustrialPark", "金沙工业园")],
    project_facts=[
        {"project": "中国南部物流枢纽二期", "predicate": "progress", "value": "87.01"},
        {"project": "中国南部物流枢纽二期", "predicate": "investment", "value": "29000000"},
        {"project": "中国南部物流枢纽二期", "predicate": "status", "value": "under-construction", "value_alts": ["preparing"]},
        {"project": "中国南部物流枢纽二期", "predicate": "phaseOf", "value": "中国南部物流枢纽"},
        {"project": "中国南部物流枢纽二期", "predicate": "expectedCompletion", "value": "2023-12"},
    ],
)
P2 = "Project/中国南部物流枢纽项目二期"


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        ([Fact(P2, "progress", Value("87.01", "decimal")), Fact(P2, "investment", Value("2.9E+7", "decimal")),
          Fact(P2, "status", Concept("status", "under-construction")), Fact(P2, "phaseOf", "Project/中国南部物流枢纽"),
          Fact(P2, "expectedCompletion", Value("2023-12", "gYearMonth"))], (5, 0, 0)),
        ([Fact(P2, "progress", Value("87.010", "decimal"))], (1, 0, 4)),
        ([Fact(P2, "progress", Value("87.1", "decimal"))], (0, 1, 5)),
        ([Fact(P2, "status", Concept("status", "preparing"))], (1, 0, 4)),  # an accepted alternative
        ([Fact(P2, "status", Concept("status", "operational"))], (0, 1, 5)),
        ([Fact(P2, "expectedCompletion", Value("2024-01", "gYearMonth"))], (0, 1, 5)),
        ([Fact(P2, "location", "IndustrialPark/金沙工业园")], (0, 1, 5)),
    ],
)
def test_project_facts(facts, expected):
    ents = [ent("Project", "中国南部物流枢纽"), ent("Project", "中国南部物流枢纽项目二期"), ent("IndustrialPark", "金沙工业园")]
    assert counts(evaluate(extraction(ents, facts), PF_GOLD), "project_facts") == expected


# ------------------------------------------------------------------------------------------ observations
OBS_GOLD = gold(
    entities=[g_ent("Town", "源潭镇", "源潭"), g_ent("Programme", "先进制造业发展专项资金"), g_ent("Village", "大连村")],
    observations=[
        {"text": "2476万元", "value": "24760000", "unit": "CNY", "subject": "源潭镇", "measure": "funding",
         "subject_alts": ["先进制造业发展专项资金"]},
        {"text": "102.79亿元", "value": "10279000000", "unit": "CNY", "subject": "源潭镇", "measure": "industrial-output"},
        {"text": "3家", "value": "3", "unit": "enterprise", "subject": "源潭镇", "measure": "count", "optional": True},
    ],
)


def observation(n: int, value: str, unit: str, subject: str) -> tuple[list[Entity], list[Fact]]:
    oid = f"Observation/o{n}"
    return ([Entity(id=oid, type="Observation", name=value)],
            [Fact(oid, "value", Value(value, "decimal")), Fact(oid, "unit", Concept("unit", unit)), Fact(oid, "subject", subject)])


def observations(*rows) -> Extraction:
    ents = [ent("Town", "源潭"), ent("Programme", "先进制造业发展专项资金"), ent("Village", "大连村")]
    facts: list[Fact] = []
    for n, row in enumerate(rows):
        e, f = observation(n, *row)
        ents += e
        facts += f
    return extraction(ents, facts)


@pytest.mark.parametrize(
    ("rows", "expected", "values"),
    [
        ([("2.476E+7", "CNY", "Town/源潭"), ("10279000000", "CNY", "Town/源潭")], (2, 0, 0), (2, 0, 0)),
        ([("24760000", "CNY", "Programme/先进制造业发展专项资金")], (1, 0, 1), (1, 0, 1)),  # an alternative subject
        ([("24760000", "CNY", "Village/大连村")], (0, 1, 2), (1, 0, 1)),  # wrong subject, right value
        ([("24760000", "percent", "Town/源潭")], (0, 1, 2), (0, 1, 2)),  # wrong unit
        ([("2476", "CNY", "Town/源潭")], (0, 1, 2), (0, 1, 2)),  # scale not resolved
        ([("3", "enterprise", "Town/源潭")], (0, 0, 2), (0, 0, 2)),  # optional: no credit, no penalty
        ([("24760000", "CNY", "Town/源潭"), ("24760000", "CNY", "Town/源潭")], (1, 1, 1), (1, 1, 1)),  # twice
    ],
)
def test_observations(rows, expected, values):
    rep = evaluate(observations(*rows), OBS_GOLD)
    assert counts(rep, "observations") == expected
    assert counts(rep, "observation_values") == values


# ------------------------------------------------------------------------------------------ people
PEOPLE_GOLD = gold(
    entities=[g_ent("Person", "梁韶宝"), g_ent("Village", "积余村", "积余"), g_ent("Village", "大连村")],
    people=[{"name": "梁韶宝", "role": "村干部", "role_alts": ["干部"], "affiliation": "积余村"}],
)


@pytest.mark.parametrize(
    ("role", "affiliation", "ok"),
    [("村干部", "Village/积余", True), ("干部", "Village/积余", True), ("书记", "Village/积余", False),
     ("村干部", "Village/大连村", False), ("村干部", None, False), (None, "Village/积余", False)],
)
def test_people(role, affiliation, ok):
    facts = ([Fact("Person/梁韶宝", "role", Value(role))] if role else [])
    facts += [Fact("Person/梁韶宝", "affiliation", affiliation)] if affiliation else []
    ex = extraction([ent("Person", "梁韶宝"), ent("Village", "积余"), ent("Village", "大连村")], facts)
    assert counts(evaluate(ex, PEOPLE_GOLD), "people") == ((1, 0, 0) if ok else (0, 1, 1))


# ------------------------------------------------------------------------------------------ gold checks
@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"doc": "t", "entities": [g_ent("Observation", "3个")]}, "not an entity class"),
        ({"doc": "t", "entities": [g_ent("Town", "源潭镇"), g_ent("Town", "源潭镇")]}, "listed twice"),
        ({"doc": "t", "entities": [], "conferrals": [{"recipient": "某人", "award": "奖", "conferrers": [], "date": None}]},
         "not the name of a gold entity"),
        ({"doc": "t", "entities": [g_ent("Town", "源潭镇")],
          "observations": [{"text": "3个", "value": "3", "unit": "pieces", "subject": "源潭镇"}]}, "not a unit code"),
        ({"doc": "t", "entities": [g_ent("Project", "甲")],
          "project_facts": [{"project": "甲", "predicate": "status", "value": "done"}]}, "not a status code"),
        ([], "must be an object"),
    ],
)
def test_check_gold_rejects(bad, message):
    with pytest.raises(InputError, match=message):
        check_gold(bad)


def test_load_gold_errors(tmp_path):
    with pytest.raises(InputError, match="gold file not found"):
        load_gold(tmp_path / "nope.json")
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    with pytest.raises(InputError, match="not valid JSON"):
        load_gold(tmp_path / "bad.json")


# ------------------------------------------------------------------------------------------ curation
def test_curation_merge_type_alias_drop():
    ents = [ent("Village", "松塘"), ent("Village", "松塘村委会"), ent("Community", "洞尾村"), ent("Town", "源潭"),
            ent("Village", "镇村养老服务机构"), ent("Person", "李四")]
    facts = [Fact("Person/李四", "affiliation", "Village/松塘村委会"), Fact("Person/李四", "affiliation", "Village/镇村养老服务机构")]
    ex = extraction(ents, facts)
    g = gold(entities=VILLAGES + [g_ent("Person", "李四")])
    before = evaluate(ex, g)
    cur = {"merge": [{"into": "松塘村", "from": ["松塘", "松塘村委会"]}], "types": {"洞尾村": "Village"},
           "aliases": {"源潭": ["源潭镇"]}, "drop": ["镇村养老服务机构"]}
    cured = apply_curation(ex, cur)
    names = {e.name: e for e in cured.entities}
    assert set(names) == {"松塘村", "洞尾村", "源潭", "李四"}
    assert set(names["松塘村"].aliases) == {"松塘", "松塘村委会"} and names["洞尾村"].type == "Village"
    assert cured.facts == (Fact("Person/李四", "affiliation", "Village/松塘村"),)
    assert counts(before) == (3, 3, 1)
    assert counts(evaluate(cured, g)) == (4, 0, 0)


@pytest.mark.parametrize(
    ("bad", "message"),
    [([], "must be a JSON object"), ({"renames": {}}, "unknown key 'renames'"), ({"types": {"甲": "Villag"}}, "not an ontology class"),
     ({"merge": [{"into": "甲"}]}, '"merge" must be'), ({"aliases": {"甲": "乙"}}, '"aliases" must map')],
)
def test_check_curation_rejects(bad, message):
    with pytest.raises(InputError, match=message):
        check_curation(bad)


# ------------------------------------------------------------------------------------------ the gold files
def _plain(text: str) -> str:
    """Independent of kg.text.normalize: strip pinyin annotations and convert to Simplified."""
    import opencc

    text = re.sub(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)", "", text)
    return opencc.OpenCC("t2s").convert(text)


# How the garbled runs of the seed read (checked by hand against the pinyin that follows them); used only
# when kg.text.normalize, which repairs them itself, is not there.
_GARBLED = (("?!皟沙恰苯ㄔO", "。“两城”建设"), ("美丽?ài)祖?zhèn)", "美丽圩镇"), ("规?;a", "规模化生产"),
            ("?;髽I", "危化企业"), ("燃?xì)獍踩[患", "燃气安全隐患"), ("燃?xì)夤?yīng)点", "燃气供应点"))


def _report_text(doc_id: str) -> str:
    path = find_reports(ROOT / "data")[doc_id]
    try:
        from kg.text.segment import load_document

        return load_document(path).text
    except ImportError:
        text = _plain(path.read_text(encoding="utf-8"))
        for garbled, meant in _GARBLED:
            text = text.replace(_plain(garbled), meant)
        return text


_CN = {"一": 1, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_UNITS = {"元": {"CNY"}, "%": {"percent"}, "亩": {"mu"}, "公里": {"km"}, "吨": {"tonne"}, "人": {"person"}, "名": {"person"},
          "人次": {"person-time"}, "户": {"household"}, "家": {"enterprise"}, "个": {"item", "village"},
          "座": {"item"}, "条": {"item"}, "间": {"item"}, "处": {"item"}, "份": {"item"}, "所": {"item"}, "张": {"item"},
          "台": {"item"}, "项": {"item"}, "宗": {"item", "case"}, "件": {"item", "case"}, "次": {"session"},
          "场": {"session"}, "期": {"session"}}
_SURFACE = re.compile(
    r"(?P<pre>约|超过|超)?(?P<num>[0-9]+(?:\.[0-9]+)?|[一两二三四五六七八九十])(?:%-(?P<max>[0-9]+(?:\.[0-9]+)?))?"
    r"(?P<more1>多|余)?(?P<scale>万|亿)?(?P<more2>多|余)?(?P<unit>人次|公里|[元%亩吨人名户家个座条间处份所张台项宗件次场期])"
    r"(?P<post>以上|以内)?"
)


def _read_surface(text: str) -> tuple[Decimal, set[str], str, Decimal | None]:
    m = _SURFACE.fullmatch(text)
    assert m, f"cannot read {text!r}"
    num = Decimal(_CN[m["num"]]) if m["num"] in _CN else Decimal(m["num"])
    scale = {"万": Decimal(10**4), "亿": Decimal(10**8), None: Decimal(1)}[m["scale"]]
    if m["max"]:
        qualifier = "range"
    elif m["pre"] == "约":
        qualifier = "approximate"
    elif m["pre"] or m["more1"] or m["more2"] or m["post"] == "以上":
        qualifier = "at-least"
    elif m["post"] == "以内":
        qualifier = "at-most"
    else:
        qualifier = "exact"
    return num * scale, _UNITS[m["unit"]], qualifier, (Decimal(m["max"]) if m["max"] else None)


@pytest.mark.parametrize(
    ("text", "value", "qualifier"),
    [("102.79亿元", "10279000000", "exact"), ("600多万元", "6000000", "at-least"), ("约2.5万亩", "25000", "approximate"),
     ("3.5%-5.2%", "3.5", "range"), ("763万余元", "7630000", "at-least"), ("3万多人次", "30000", "at-least"),
     ("2.8%以内", "2.8", "at-most"), ("三项", "3", "exact")],
)
def test_surface_reader(text, value, qualifier):
    got, _, q, _ = _read_surface(text)
    assert (got, q) == (Decimal(value), qualifier)


def test_there_is_gold_for_the_seed_and_three_excerpts():
    assert {p.stem for p in GOLD_FILES} >= {"yuantan-2023", "tanxi-2022", "zhexi-2023", "ronggang-2023"}


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.stem)
def test_gold_file_is_valid(path):
    g = load_gold(path)
    assert g["doc"] == path.stem
    assert all(e["type"] in CLASSES for e in g["entities"])
    names = {e["name"] for e in g["entities"]}
    owner: dict[str, str] = {}
    for e in g["entities"]:
        for key in {name_key(n) for n in [e["name"], *e["aliases"]]}:
            assert owner.setdefault(key, e["name"]) == e["name"], f"{key} names both {owner[key]} and {e['name']}"
    for c in g.get("conferrals", []):
        assert {c["recipient"], c["award"], *c["conferrers"]} <= names
        assert c["recipient_type"] == next(e["type"] for e in g["entities"] if e["name"] == c["recipient"])


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.stem)
def test_gold_measures_are_ontology_measures(path):
    table = (ROOT / "kg" / "data" / "measures.tsv").read_text(encoding="utf-8").splitlines()
    codes = {line.split("\t")[0] for line in table[1:] if line}
    assert {o["measure"] for o in load_gold(path)["observations"]} <= codes


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.stem)
def test_gold_observations_occur_in_order_in_the_text(path):
    g = load_gold(path)
    text = _report_text(g["doc"])
    pos = 0
    for o in g["observations"]:
        at = text.find(o["text"], pos)
        assert at >= 0, f"{o['text']!r} not found after offset {pos}"
        pos = at + len(o["text"])


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.stem)
def test_gold_observation_values_agree_with_their_text(path):
    for o in load_gold(path)["observations"]:
        value, units, qualifier, value_max = _read_surface(o["text"])
        got = Decimal(o["value"])
        # A decline given without its base figure (同比下降11.6%) is stored signed.
        assert got == value or (got < 0 and -got == value), o
        assert o["unit"] in units, o
        assert o.get("qualifier", "exact") == qualifier, o
        assert (Decimal(o["value_max"]) if "value_max" in o else None) == value_max, o


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.stem)
def test_gold_entities_are_named_in_the_text(path):
    g = load_gold(path)
    text = name_key(_report_text(g["doc"]))
    phases = {f["project"] for f in g.get("project_facts", []) if f["predicate"] == "phaseOf"}
    for e in g["entities"]:
        if e.get("optional") or e["name"] in phases:
            continue
        assert any(name_key(n) in text for n in [e["name"], *e["aliases"]]), e


# ------------------------------------------------------------------------------------------ scoreboard
def perfect_extraction(g: dict) -> Extraction:
    """What a flawless extractor would return for gold ``g``."""
    eid = {e["name"]: f"{e['type']}/{e['name']}" for e in g["entities"]}
    ents = [Entity(id=eid[e["name"]], type=e["type"], name=e["name"]) for e in g["entities"] if not e.get("optional")]
    facts: list[Fact] = []
    for i, c in enumerate(g.get("conferrals", [])):
        cid = f"AwardConferral/c{i}"
        ents.append(Entity(id=cid, type="AwardConferral", name=cid))
        facts += [Fact(cid, "recipient", eid[c["recipient"]]), Fact(cid, "award", eid[c["award"]])]
        facts += [Fact(cid, "conferredBy", eid[n]) for n in c["conferrers"]]
        facts += [Fact(cid, "conferredOn", Value(c["date"], "gYearMonth"))] if c["date"] else []
    for f in g.get("project_facts", []):
        p, v = f["predicate"], f["value"]
        obj = eid[v] if p in ("phaseOf", "location") else Concept("status", v) if p == "status" else Value(v)
        facts.append(Fact(eid[f["project"]], p, obj))
    for i, o in enumerate(g.get("observations", [])):
        if o.get("optional"):
            continue
        oid = f"Observation/o{i}"
        ents.append(Entity(id=oid, type="Observation", name=o["text"]))
        facts += [Fact(oid, "value", Value(o["value"], "decimal")), Fact(oid, "unit", Concept("unit", o["unit"])),
                  Fact(oid, "subject", eid[o["subject"]])]
    for p in g.get("people", []):
        if p["role"]:
            facts.append(Fact(eid[p["name"]], "role", Value(p["role"])))
        if p["affiliation"]:
            facts.append(Fact(eid[p["name"]], "affiliation", eid[p["affiliation"]]))
    for r in g.get("relations", []):
        if not r.get("optional"):
            obj = Concept("level", r["object"]) if r["predicate"] == "level" else eid[r["object"]]
            facts.append(Fact(eid[r["subject"]], r["predicate"], obj))
    for i, m in enumerate(g.get("memberships", [])):
        mid = f"Membership/m{i}"
        ents.append(Entity(id=mid, type="Membership", name=mid))
        facts += [Fact(mid, "member", eid[m["member"]]), Fact(mid, "organization", eid[m["organization"]]),
                  Fact(mid, "role", Value(m["role"]))]
        facts += [Fact(mid, "electedOn", Value(m["date"], "gYearMonth"))] if m.get("date") else []
        facts += [Fact(mid, "electedAt", eid[m["assembly"]])] if m.get("assembly") else []
        facts += [Fact(mid, "term", Value(m["term"]))] if m.get("term") else []
    return extraction(ents, facts)


def test_scoreboard_on_the_real_gold_with_a_flawless_extractor():
    golds = {p.stem: load_gold(p) for p in GOLD_FILES}
    reports = find_reports(ROOT / "data")

    def flawless(path: Path) -> Extraction:
        return perfect_extraction(golds[next(d for d, p in reports.items() if p == path)])

    result = evaluate_corpus(ROOT / "data", extractor=flawless, curation=False)
    assert [d.doc_id for d in result.documents] == sorted(golds)
    for d in result.documents:
        for category, s in d.raw.scores:
            assert (s.fp, s.fn) == (0, 0), (d.doc_id, category, [e for e in d.raw.errors if e.category == category])
    total = result.total()
    assert total["conferrals"].tp == sum(len(g["conferrals"]) for g in golds.values())
    lines = scoreboard_lines(result)
    assert lines[0].startswith(sorted(golds)[0]) and any(line.startswith("overall") for line in lines)
    assert scoreboard_dict(result)["overall"]["raw"]["entities"]["f1"] == 1.0


def test_scoreboard_applies_curation(tmp_path):
    (tmp_path / "gold").mkdir()
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "x.txt").write_text("松塘村", encoding="utf-8")
    (tmp_path / "gold" / "x.json").write_text(json.dumps(gold(doc="x", entities=VILLAGES[:1])), encoding="utf-8")
    (tmp_path / "curation").mkdir()
    (tmp_path / "curation" / "x.json").write_text(json.dumps({"aliases": {"松": ["松塘村"]}}), encoding="utf-8")
    result = evaluate_corpus(tmp_path, extractor=lambda p: extraction([ent("Village", "松")]))
    (d,) = result.documents
    assert counts(d.raw) == (0, 1, 1) and d.curated is not None and counts(d.curated) == (1, 0, 0)
    assert evaluate_corpus(tmp_path, extractor=lambda p: extraction(), curation=False).documents[0].curated is None
    with pytest.raises(StepError, match="extract: returned list"):
        evaluate_corpus(tmp_path, extractor=lambda p: [])


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, cwd=ROOT)


@pytest.mark.parametrize(
    ("args", "error"),
    [(["--data", "no/such/dir"], "Error: no/such/dir/gold: no gold files (<doc-id>.json); is --data the data directory?"),
     (["--doc", "nope"], "Error: no gold for document 'nope'; known: aoqian-2023, baoquan-2023, gelun-2023, mengbai-2024, ningze-2023, putang-2024, qingfeng-2023, ronggang-2023, tanxi-2022, wangxi-2023, yuantan-2023, zhexi-2023")],
)
def test_cli_errors(args, error):
    r = run_cli("eval", *args)
    assert (r.returncode, r.stderr.strip(), r.stdout) == (1, error, "")


def test_cli_scores_the_seed_against_every_required_gold_item():
    r = run_cli("eval", "--doc", "yuantan-2023", "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    (doc,) = out["documents"]
    g = load_gold(GOLD_DIR / "yuantan-2023.json")
    required = {
        "entities": sum(not e.get("optional") for e in g["entities"]),
        "conferrals": len(g["conferrals"]),
        "project_facts": sum(not f.get("optional") for f in g["project_facts"]),
        "observations": sum(not o.get("optional") for o in g["observations"]),
        "people": len(g["people"]),
    }
    assert doc["doc"] == "yuantan-2023" and doc["source"].endswith("yuantan-2023-work-report.txt")
    for category, n in required.items():
        s = doc["raw"]["scores"][category]
        assert s["tp"] + s["fn"] == n, category
    assert doc["curated"] is not None  # data/curation/yuantan-2023.json exists


def test_cli_table():
    r = run_cli("eval", "--doc", "tanxi-2022", "--no-curation")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0] == "tanxi-2022  (data/excerpts/tanxi-2022.txt)"
    assert lines[1].split() == ["P", "R", "F1", "tp", "fp", "fn"]
    assert [line.split()[0] for line in lines[2:] if line and not line.startswith("    ")][:3] == ["entities", "conferrals", "project"]


@pytest.mark.parametrize("module", ["kg.quality.evaluate", "kg.extract.curation"])
def test_docstring_examples(module):
    import doctest
    import importlib

    outcome = doctest.testmod(importlib.import_module(module))
    assert outcome.attempted > 0 and outcome.failed == 0
