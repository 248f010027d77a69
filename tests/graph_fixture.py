"""A tiny hand-made extraction (a real ``Extraction``, written out by hand) for the RDF, build and query tests.

The text is a short report in the style of the seed report; every entity and fact points into it with
offsets that slice back to their text.
"""

from __future__ import annotations

from kg.model import (
    BuildWarning, Concept, Document, DocumentMeta, Entity, Extraction, Fact, Period, Provenance, Section,
    Sentence, Value,
)

DOC_ID = "testtown-2023"

# Sentences, in order; section 1 reports results for 2023, section 2 plans for 2024.
_LINES = (
    ("一、2023年工作亮点", None),
    ("松塘村位于测试镇。", "1"),
    ("截至10月底，全镇固定资产投资达19.51亿元，同比增长32.7%。", "1"),
    ("投资2900万元的金沙工业园污水处理工程预计2024年5月完工。", "1"),
    ("宏威陶瓷公司获先进制造业专项资金。", "1"),
    ("6月，副镇长李韫哲被广东省人力资源和社会保障厅、广东省农业农村厅评为“全省先进个人”。", "1"),
    ("二、2024年工作计划", None),
    ("加快推进金沙工业园污水处理工程建设。", "2"),
)


def _build_text() -> tuple[str, list[tuple[int, int, str]], list[Section]]:
    text, spans, sections = "", [], []
    sec_start: dict[str, int] = {}
    for line, sec in _LINES:
        start = len(text)
        text += line + "\n"
        if sec is None:
            sec_start[line[:2]] = start
        else:
            spans.append((start, start + len(line), sec))
    end1 = text.index("二、")
    sections = [
        Section(f"{DOC_ID}#1", 1, "一、", "2023年工作亮点", 0, end1, Period("actual", 2023)),
        Section(f"{DOC_ID}#2", 1, "二、", "2024年工作计划", end1, len(text), Period("plan", 2024)),
    ]
    return text, spans, sections


TEXT, _SPANS, _SECTIONS = _build_text()


def _sentences() -> tuple[Sentence, ...]:
    out = []
    for n, (a, b, sec) in enumerate(_SPANS, start=1):
        period = Period("actual", 2023) if sec == "1" else Period("plan", 2024)
        out.append(Sentence(f"{DOC_ID}#s{n}", a, b, TEXT[a:b], (f"{DOC_ID}#{sec}",), period))
    return tuple(out)


SENTENCES = _sentences()


def prov(n: int, needle: str, rule: str = "fixture") -> Provenance:
    """Provenance of ``needle`` inside sentence ``n`` (1-based)."""
    s = SENTENCES[n - 1]
    start = TEXT.index(needle, s.start)
    assert start + len(needle) <= s.end, needle
    return Provenance(DOC_ID, s.id, start, start + len(needle), needle, rule)


def _entity(cls: str, name: str, n: int, trad: str = "", aliases: tuple[str, ...] = ()) -> Entity:
    return Entity(f"{cls}/{name}", cls, name, trad or name, aliases, (prov(n, aliases[0] if aliases else name),))


def tiny_extraction(doc_id: str = DOC_ID) -> Extraction:
    """The fixture as an ``Extraction`` (``doc_id`` renames the document for merge tests)."""
    meta = DocumentMeta(title="测试镇2023年工作总结和2024年工作计划", issuer="测试镇人民政府", place="测试镇",
                        date="2023-11-14", source=f"{doc_id}.txt", encoding="utf-8", script="Hans", year=2023)
    sentences = SENTENCES if doc_id == DOC_ID else tuple(
        Sentence(s.id.replace(DOC_ID, doc_id), s.start, s.end, s.text,
                 tuple(p.replace(DOC_ID, doc_id) for p in s.section_path), s.period) for s in SENTENCES)
    sections = _SECTIONS if doc_id == DOC_ID else tuple(
        Section(s.id.replace(DOC_ID, doc_id), s.level, s.marker, s.title, s.start, s.end, s.period)
        for s in _SECTIONS)
    doc = Document(doc_id, meta, TEXT, TEXT.replace("测试镇", "測試鎮"), sections, sentences)

    def p(n: int, needle: str) -> Provenance:
        base = prov(n, needle)
        return Provenance(doc_id, base.sentence_id.replace(DOC_ID, doc_id), base.start, base.end, base.text,
                          base.rule)

    obs = f"Observation/{doc_id}#s2@{TEXT.index('固定资产投资')}"
    conf = f"AwardConferral/{doc_id}#s5@{TEXT.index('李韫哲')}"
    plan = f"PlanItem/{doc_id}#s6@{TEXT.index('加快推进')}"
    entities = (
        Entity("Town/测试镇", "Town", "测试镇", "測試鎮", (), (p(1, "测试镇"),)),
        Entity("Village/松塘村", "Village", "松塘村", "松塘村", ("松塘",), (p(1, "松塘村"),)),
        Entity("IndustrialPark/金沙工业园", "IndustrialPark", "金沙工业园", "金沙工業園", (), (p(3, "金沙工业园"),)),
        Entity("Project/金沙工业园污水处理工程", "Project", "金沙工业园污水处理工程", "金沙工業園污水處理工程", (),
               (p(3, "金沙工业园污水处理工程"), p(6, "金沙工业园污水处理工程"))),
        Entity("Enterprise/宏威陶瓷公司", "Enterprise", "宏威陶瓷公司", "宏威陶瓷公司", ("宏威",),
               (p(4, "宏威陶瓷公司"),)),
        Entity("Programme/先进制造业专项资金", "Programme", "先进制造业专项资金", "先進製造業專項資金", (),
               (p(4, "先进制造业专项资金"),)),
        Entity("Person/李韫哲", "Person", "李韫哲", "李韞哲", (), (p(5, "李韫哲"),)),
        Entity("GovernmentBody/广东省人力资源和社会保障厅", "GovernmentBody", "广东省人力资源和社会保障厅",
               "廣東省人力資源和社會保障廳", (), (p(5, "广东省人力资源和社会保障厅"),)),
        Entity("GovernmentBody/广东省农业农村厅", "GovernmentBody", "广东省农业农村厅", "廣東省農業農村廳", (),
               (p(5, "广东省农业农村厅"),)),
        Entity("Award/全省先进个人", "Award", "全省先进个人", "全省先進個人", (), (p(5, "全省先进个人"),)),
        Entity(conf, "AwardConferral", "李韫哲获全省先进个人", "", (), (p(5, "李韫哲被广东省人力资源和社会保障厅"),)),
        Entity(obs, "Observation", "固定资产投资", "", (), (p(2, "固定资产投资达19.51亿元，同比增长32.7%"),)),
        Entity(plan, "PlanItem", "加快推进金沙工业园污水处理工程建设", "", (), (p(6, "加快推进金沙工业园污水处理工程建设"),)),
    )
    project = "Project/金沙工业园污水处理工程"
    facts = (
        Fact("Village/松塘村", "containedIn", "Town/测试镇", (p(1, "松塘村位于测试镇"),)),
        Fact("IndustrialPark/金沙工业园", "containedIn", "Town/测试镇", (p(3, "金沙工业园"),)),
        Fact(project, "location", "IndustrialPark/金沙工业园", (p(3, "金沙工业园污水处理工程"),)),
        Fact(project, "investment", Value("29000000", "decimal"), (p(3, "投资2900万元"),)),
        Fact(project, "expectedCompletion", Value("2024-05", "gYearMonth"), (p(3, "预计2024年5月完工"),)),
        Fact(project, "status", Concept("status", "planned"), (p(3, "预计2024年5月完工"),)),
        Fact("Enterprise/宏威陶瓷公司", "industry", Concept("industry", "ceramics"), (p(4, "陶瓷"),)),
        Fact("Enterprise/宏威陶瓷公司", "participatesIn", "Programme/先进制造业专项资金",
             (p(4, "宏威陶瓷公司获先进制造业专项资金"),)),
        Fact("Person/李韫哲", "role", Value("副镇长"), (p(5, "副镇长李韫哲"),)),
        Fact("Person/李韫哲", "affiliation", "Town/测试镇", (p(5, "副镇长李韫哲"),)),
        Fact("GovernmentBody/广东省人力资源和社会保障厅", "level", Concept("level", "provincial"),
             (p(5, "广东省人力资源和社会保障厅"),)),
        Fact("GovernmentBody/广东省农业农村厅", "level", Concept("level", "provincial"), (p(5, "广东省农业农村厅"),)),
        Fact(conf, "recipient", "Person/李韫哲", (p(5, "李韫哲"),)),
        Fact(conf, "award", "Award/全省先进个人", (p(5, "全省先进个人"),)),
        Fact(conf, "conferredBy", "GovernmentBody/广东省人力资源和社会保障厅", (p(5, "广东省人力资源和社会保障厅"),)),
        Fact(conf, "conferredBy", "GovernmentBody/广东省农业农村厅", (p(5, "广东省农业农村厅"),)),
        Fact(conf, "conferredOn", Value("2023-06", "gYearMonth"), (p(5, "6月"),)),
        Fact(conf, "recipientRole", Value("副镇长"), (p(5, "副镇长"),)),
        Fact(obs, "subject", "Town/测试镇", (p(2, "全镇"),)),
        Fact(obs, "measure", Concept("measure", "fixed-asset-investment"), (p(2, "固定资产投资"),)),
        Fact(obs, "value", Value("1951000000.00", "decimal"), (p(2, "19.51亿元"),)),
        Fact(obs, "unit", Concept("unit", "CNY"), (p(2, "19.51亿元"),)),
        Fact(obs, "periodStart", Value("2023-01-01", "date"), (p(2, "截至10月底"),)),
        Fact(obs, "periodEnd", Value("2023-10-31", "date"), (p(2, "截至10月底"),)),
        Fact(obs, "change", Value("32.7", "decimal"), (p(2, "同比增长32.7%"),)),
        Fact(obs, "changeUnit", Concept("unit", "percent"), (p(2, "同比增长32.7%"),)),
        Fact(plan, "concerns", project, (p(6, "金沙工业园污水处理工程"),)),
        Fact(plan, "planYear", Value("2024", "gYear"), (p(6, "加快推进"),)),
    )
    warnings = (BuildWarning("coordination-count", "3 items listed, count says 4", p(4, "宏威陶瓷公司")),)
    return Extraction(doc, entities, facts, warnings)
