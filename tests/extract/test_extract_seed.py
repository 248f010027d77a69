"""The seed report end to end: provenance on every item, every honour exactly right, every figure accounted
for, and (when the hand-checked gold file is present) entity and observation scores."""

from __future__ import annotations


import pytest

from kg.model import Concept, Value


from kg.extract import extract, extract_findings  # noqa: E402
from kg.text.segment import load_document  # noqa: E402
from tests.extract.test_extract_entities import assert_provenance  # noqa: E402
from tests.extract.test_extract_relations import conferrals  # noqa: E402
from tests.conftest import ROOT
from tests.docs import readable

SEED = ROOT / "data" / "raw" / "yuantan-2023-work-report.txt"


@pytest.fixture(scope="module")
def doc():
    return load_document(SEED)


@pytest.fixture(scope="module")
def ex(doc):
    return readable(extract(doc))  # place ids written as names: tests/extract/test_grounding.py tests identity


def test_provenance_slices_back_everywhere(ex):
    assert_provenance(ex)


def test_extraction_is_deterministic(doc, ex):
    again = readable(extract(doc))
    assert again.entities == ex.entities and again.facts == ex.facts


GM = "gYearMonth"
B = "GovernmentBody/"
HONOURS = [
    ("Town/源潭镇", "2022年信访工作示范乡镇", {B + "广东省信访工作联席会议办公室", B + "广东省信访局"}, Value("2023-02", GM), None),
    ("Town/源潭镇", "基层统计7个一规范化建设先进单位", {B + "广东省统计局"}, Value("2023-07", GM), None),
    ("GovernmentBody/源潭镇团委", "表现突出的团委", {B + "中共清远市委办公室", B + "清远市人民政府办公室"}, None, None),
    ("Person/李韫哲", "全省粮食生产、撂荒耕地复耕复种先进个人",
     {B + "广东省人力资源和社会保障厅", B + "广东省农业农村厅"}, Value("2023-06", GM), "副镇长"),
    ("Person/邓金洪", "2020-2021年度全国无偿献血奉献奖铜奖", set(), Value("2023-02", GM), "两委干部"),
    ("Person/唐晓婷", "表现突出的共青团员", {B + "中共清远市委办公室", B + "清远市人民政府办公室"}, None, None),
    ("Person/梁韶宝", "2023年上半年清远市住户类调查工作优秀辅助调查员", {B + "国家统计局清远调查队办公室"},
     Value("2023-07", GM), "村干部"),
    ("Person/卢东成", "全市人大依法履职先进代表", set(), None, "党委书记"),
    ("Person/胡灿均", "清远市地质灾害防治三年行动（2020-2022年）表现突出个人", {B + "清远市地质灾害防治工作领导小组"},
     None, "党总支部书记"),
]


def test_every_honour_exactly(ex):
    expected = []
    for recipient, award, by, when, role in HONOURS:
        rec = {"recipient": recipient, "award": f"Award/{award}", "conferredBy": by}
        if when:
            rec["conferredOn"] = when
        if role:
            rec["recipientRole"] = Value(role, "string")
        expected.append(rec)
    def canon(rec: dict) -> str:
        return repr(sorted((k, sorted(v) if isinstance(v, set) else v) for k, v in rec.items()))

    assert sorted(map(canon, conferrals(ex))) == sorted(map(canon, expected))


def test_every_number_is_a_figure_or_skipped_by_a_rule(doc, ex):
    import re

    findings = extract_findings(doc)
    covered = [(e.provenance[0].start, e.provenance[0].end) for e in ex.entities if e.type == "Observation"]
    covered += [(p.start, p.end) for p, _ in findings.skipped]
    rules = {rule for _, rule in findings.skipped}
    assert rules <= {"date", "list-marker", "age-bracket", "in-quoted-name", "in-name", "no-unit", "counting-word"}
    for m in re.finditer(r"\d+(?:\.\d+)?", doc.text):
        assert any(a <= m.start() < b for a, b in covered), (m.group(0), doc.text[m.start() - 8:m.end() + 8])


def test_key_figures(ex):
    obs = {}
    for e in ex.entities:
        if e.type == "Observation":
            obs[e.name] = {f.predicate: f.object for f in ex.facts if f.subject == e.id}
    o = next(v for k, v in obs.items() if k.startswith("102.79亿元"))
    assert o["value"] == Value("10279000000", "decimal") and o["change"] == Value("-6.96", "decimal")
    assert o["measure"] == Concept("measure", "industrial-output")
    assert (o["periodStart"], o["periodEnd"]) == (Value("2023-01-01", "date"), Value("2023-10-31", "date"))
    assert obs["3.5%-5.2%"]["valueMax"] == Value("5.2", "decimal")
    assert obs["763万余元"]["qualifier"] == Concept("qualifier", "at-least")


# ---------------------------------------------------------------- scored against the hand-checked gold
def _report(ex, doc_id: str):
    from kg.quality.evaluate import evaluate, load_gold

    return evaluate(ex, load_gold(ROOT / "data" / "gold" / f"{doc_id}.json"))


def test_seed_entities_against_gold(ex):
    from kg.quality.evaluate import load_gold

    report = _report(ex, "yuantan-2023")
    assert report.score("entities").f1 >= 0.97, report.errors
    gold = load_gold(ROOT / "data" / "gold" / "yuantan-2023.json")
    sizes: dict[str, int] = {}
    for e in gold["entities"]:
        if not e.get("optional"):
            sizes[e["type"]] = sizes.get(e["type"], 0) + 1
    for type_, score in report.entity_types:
        if sizes.get(type_, 0) >= 5:
            assert score.f1 >= 0.90, (type_, score, [e for e in report.errors if type_ in e.item])


def test_seed_conferrals_exactly_against_gold(ex):
    s = _report(ex, "yuantan-2023").score("conferrals")
    assert (s.fp, s.fn) == (0, 0) and s.tp == 9


def test_seed_observation_recall_against_gold(ex):
    report = _report(ex, "yuantan-2023")
    assert report.score("observations").recall >= 0.95, [e for e in report.errors if e.category == "observations"]


def test_seed_people_against_gold(ex):
    assert _report(ex, "yuantan-2023").score("people").f1 == 1.0


@pytest.mark.parametrize("doc_id", ["tanxi-2022", "zhexi-2023", "ronggang-2023"])
def test_other_towns_excerpts_against_gold(doc_id):
    """Other towns' wording (Simplified with full-width punctuation; Traditional with pinyin), no curation."""
    ex = extract(load_document(ROOT / "data" / "excerpts" / f"{doc_id}.txt"))
    assert_provenance(ex)
    report = _report(ex, doc_id)
    assert report.score("entities").f1 >= 0.85, report.errors
    assert report.score("conferrals").f1 >= 0.75, report.errors
    assert report.score("observations").recall >= 0.90, report.errors


def test_seed_relations_per_kind_against_gold(ex):
    report = _report(ex, "yuantan-2023")
    kinds = dict(report.relation_kinds)
    assert {"containedIn", "location", "areaServed", "level", "parentBody", "investor", "product",
            "participatesIn"} <= set(kinds)
    for kind, s in (*report.relation_kinds, *report.fact_kinds):
        assert s.precision >= 0.90 and s.recall >= 0.90, (kind, s, [e for e in report.errors if kind in e.item])


def test_seed_elections_are_memberships_with_date_and_assembly(ex):
    s = _report(ex, "yuantan-2023").score("memberships")
    assert (s.tp, s.fp, s.fn) == (2, 0, 0)


def test_seed_entities_without_any_relation_are_few(ex):
    from kg.quality.connectivity import connectivity

    conn = connectivity(ex)
    assert conn.entities > 100 and conn.share <= 0.05, conn.line()


def test_seed_investment_amounts_belong_to_their_projects(ex):
    """Every sum the report says was invested in a named project (投资…的X工程, 投入…完成X项目, 出资…建成X) is a
    figure of that project."""
    by_id = {e.id: e for e in ex.entities}
    subjects = {f.subject: by_id[f.object].type for f in ex.facts if f.predicate == "subject" and f.object in by_id}
    project_sums = [e.name for e in ex.entities if e.type == "Observation" and subjects.get(e.id) == "Project"
                    and e.name.endswith("元")]
    assert sorted(project_sums) == sorted(["2900万元", "1.5亿元", "1.1亿元", "260万元"])
