"""A tiny hand-made graph that follows the graph contract: one named graph per document, entities typed
``kg:<Class>`` with IRIs ``<base><class>/<pinyin>-<sha1[:6]>``, labels in zh-Hans/en, relation triples
reified as ``rdf:Statement`` nodes derived from sentences, and n-ary nodes (observations, conferrals,
plan items) derived from their sentence with offsets.  The analysis tests run against it in memory."""

from __future__ import annotations

import hashlib
import re

from rdflib import RDF, RDFS, XSD, Dataset, Literal, Namespace, URIRef

from kg.graph.vocab import DEFAULT_BASE, KG, KGC, PREFIXES

PROV = Namespace(PREFIXES["prov"])
DOC_ID = "demo-2023"
DOC = URIRef(f"{DEFAULT_BASE}doc/{DOC_ID}")
ONTOLOGY = URIRef("https://w3id.org/kg-cn/ontology")

# The sentences of the fixture report, in order; offsets are into their concatenation.
SENTENCES: tuple[str, ...] = (
    "源潭镇隶属清城区,辖大连村、松塘村和积余村。",
    "重点项目预计年内全额完成计划总投资6.55亿元,截至10月已完成投资4.99亿元,占年度总投资76.21%。",
    "中国南部物流枢纽项目二期仓库建设进度完成87.01%,钛美二期项目完成84.01%。",
    "投资2900万元的金沙工业园污水处理系统工程计划2023年11月动工,投资1.5亿元的锦鸿集聚园区基础设施项目计划年内动工。",
    "截至10月底,全镇规上工业企业总产值102.79亿元,同比下降6.96%;固定资产投资达19.51亿元,同比增长32.7%。",
    "排查各类矛盾纠纷261件,调处成功259件,调处成功率99.23%。",
    "6月,副镇长李韫哲被广东省农业农村厅评为全省粮食生产先进个人。",
    "2月,源潭镇被广东省信访局评为信访工作示范乡镇。",
    "确保中国南部物流枢纽(二期)和钛美公司二期项目100%完成年度投资计划。",
)
TEXT = "".join(SENTENCES)


def _slug(name: str) -> str:
    from pypinyin import lazy_pinyin

    words = re.sub(r"[^a-z0-9]+", "-", "-".join(lazy_pinyin(name)).lower()).strip("-")
    return f"{words}-{hashlib.sha1(name.encode('utf-8')).hexdigest()[:6]}"


def iri(cls: str, name: str) -> URIRef:
    """Entity IRI by the contract's scheme."""
    return URIRef(f"{DEFAULT_BASE}{cls.lower()}/{_slug(name)}")


def sentence(n: int) -> URIRef:
    return URIRef(f"{DOC}#s{n}")


def _span(n: int, text: str) -> tuple[int, int]:
    """Offsets of ``text`` inside sentence ``n`` (1-based), into the whole document text."""
    base = sum(len(s) for s in SENTENCES[: n - 1])
    at = SENTENCES[n - 1].index(text)
    return base + at, base + at + len(text)


ENTITIES: tuple[tuple[str, str, str], ...] = (
    # class, zh-Hans name, English label ("" when none)
    ("District", "清城区", "Qingcheng District"),
    ("Town", "源潭镇", "Yuantan Town"),
    ("Village", "大连村", "Dalian Village"),
    ("Village", "松塘村", "Songtang Village"),
    ("Village", "积余村", ""),
    ("IndustrialPark", "金沙工业园", ""),
    ("Project", "中国南部物流枢纽", "South China Logistics Hub"),
    ("Project", "中国南部物流枢纽二期", ""),
    ("Project", "钛美二期项目", ""),
    ("Project", "金沙工业园污水处理系统工程", ""),
    ("Project", "锦鸿集聚园区基础设施项目", ""),
    ("Person", "李韫哲", "Li Yunzhe"),
    ("GovernmentBody", "广东省农业农村厅", ""),
    ("GovernmentBody", "广东省信访局", ""),
    ("Award", "全省粮食生产先进个人", ""),
    ("Award", "信访工作示范乡镇", ""),
)

# subject, property, object, sentence number, object text in the sentence
RELATIONS: tuple[tuple[tuple[str, str], str, tuple[str, str], int, str], ...] = (
    (("Town", "源潭镇"), "containedIn", ("District", "清城区"), 1, "清城区"),
    (("Village", "大连村"), "containedIn", ("Town", "源潭镇"), 1, "大连村"),
    (("Village", "松塘村"), "containedIn", ("Town", "源潭镇"), 1, "松塘村"),
    (("Village", "积余村"), "containedIn", ("Town", "源潭镇"), 1, "积余村"),
    (("IndustrialPark", "金沙工业园"), "location", ("Town", "源潭镇"), 4, "金沙工业园"),
    (("Project", "中国南部物流枢纽二期"), "phaseOf", ("Project", "中国南部物流枢纽"), 3, "中国南部物流枢纽"),
    (("Project", "中国南部物流枢纽"), "location", ("Town", "源潭镇"), 3, "中国南部物流枢纽"),
    (("Project", "钛美二期项目"), "location", ("Town", "源潭镇"), 3, "钛美二期项目"),
    (("Project", "金沙工业园污水处理系统工程"), "location", ("IndustrialPark", "金沙工业园"), 4, "金沙工业园"),
    (("Project", "锦鸿集聚园区基础设施项目"), "location", ("Town", "源潭镇"), 4, "锦鸿集聚园区基础设施项目"),
    (("Person", "李韫哲"), "affiliation", ("Town", "源潭镇"), 7, "副镇长李韫哲"),
)

# project name, progress (percent) or None, investment (CNY) or None, status code, sentence, text
PROJECTS: tuple[tuple[str, str | None, str | None, str, int, str], ...] = (
    ("中国南部物流枢纽二期", "87.01", None, "under-construction", 3, "87.01%"),
    ("钛美二期项目", "84.01", None, "under-construction", 3, "84.01%"),
    ("金沙工业园污水处理系统工程", None, "29000000", "planned", 4, "2900万元"),
    ("锦鸿集聚园区基础设施项目", None, "150000000", "planned", 4, "1.5亿元"),
)

# measure code, value, unit, change or None, sentence, surface text
OBSERVATIONS: tuple[tuple[str, str, str, str | None, int, str], ...] = (
    ("key-project-planned-investment", "655000000", "CNY", None, 2, "6.55亿元"),
    ("key-project-completed-investment", "499000000", "CNY", None, 2, "4.99亿元"),
    ("key-project-completion-share", "76.21", "percent", None, 2, "76.21%"),
    ("industrial-output", "10279000000", "CNY", "-6.96", 5, "102.79亿元"),
    ("fixed-asset-investment", "1951000000", "CNY", "32.7", 5, "19.51亿元"),
    ("disputes-investigated", "261", "case", None, 6, "261件"),
    ("disputes-resolved", "259", "case", None, 6, "259件"),
    ("dispute-resolution-rate", "99.23", "percent", None, 6, "99.23%"),
)

# recipient (class, name), award, conferring body, sentence, month
CONFERRALS: tuple[tuple[tuple[str, str], str, str, int, str], ...] = (
    (("Person", "李韫哲"), "全省粮食生产先进个人", "广东省农业农村厅", 7, "2023-06"),
    (("Town", "源潭镇"), "信访工作示范乡镇", "广东省信访局", 8, "2023-02"),
)

PLAN_ITEMS: tuple[tuple[str, int, str], ...] = (
    ("中国南部物流枢纽二期", 9, "中国南部物流枢纽(二期)"),
    ("钛美二期项目", 9, "钛美公司二期项目"),
)

PROPERTY_LABELS: dict[str, tuple[str, str]] = {
    "containedIn": ("隶属于", "contained in"),
    "location": ("所在地", "location"),
    "phaseOf": ("分期属于", "phase of"),
    "affiliation": ("所属单位", "affiliation"),
    "recipient": ("获得者", "recipient"),
    "award": ("荣誉", "award"),
    "conferredBy": ("授予单位", "conferred by"),
    "concerns": ("涉及", "concerns"),
    "subject": ("统计对象", "subject"),
}


def _dec(value: str) -> Literal:
    return Literal(value, datatype=XSD.decimal)


def _int(value: int) -> Literal:
    return Literal(value, datatype=XSD.integer)


def make_dataset(store: str = "default") -> Dataset:
    """Build the fixture graph in a fresh Dataset (``store="Oxigraph"`` for the Oxigraph store)."""
    ds = Dataset(store=store)
    ds.default_union = True
    onto = ds.graph(ONTOLOGY)
    for prop, (zh, en) in PROPERTY_LABELS.items():
        onto.add((KG[prop], RDFS.label, Literal(zh, lang="zh-Hans")))
        onto.add((KG[prop], RDFS.label, Literal(en, lang="en")))
    g = ds.graph(DOC)
    g.add((DOC, RDF.type, KG.Document))
    start = 0
    for n, text in enumerate(SENTENCES, 1):
        s = sentence(n)
        g.add((s, RDF.type, KG.Sentence))
        g.add((s, KG.inDocument, DOC))
        g.add((s, KG.text, Literal(text)))
        g.add((s, KG.startOffset, _int(start)))
        g.add((s, KG.endOffset, _int(start + len(text))))
        start += len(text)
    for cls, name, en in ENTITIES:
        e = iri(cls, name)
        g.add((e, RDF.type, KG[cls]))
        g.add((e, RDFS.label, Literal(name, lang="zh-Hans")))
        if en:
            g.add((e, RDFS.label, Literal(en, lang="en")))
        for n, text in enumerate(SENTENCES, 1):
            if name in text:
                g.add((e, KG.mentionedIn, sentence(n)))
    for k, ((scls, sname), prop, (ocls, oname), n, text) in enumerate(RELATIONS):
        subj, obj = iri(scls, sname), iri(ocls, oname)
        g.add((subj, KG[prop], obj))
        st = URIRef(f"{DEFAULT_BASE}statement/fixture{k:04d}")
        a, b = _span(n, text)
        g.add((st, RDF.type, RDF.Statement))
        g.add((st, RDF.subject, subj))
        g.add((st, RDF.predicate, KG[prop]))
        g.add((st, RDF.object, obj))
        g.add((st, PROV.wasDerivedFrom, sentence(n)))
        g.add((st, KG.startOffset, _int(a)))
        g.add((st, KG.endOffset, _int(b)))
        g.add((st, KG.rule, Literal("fixture")))
    for name, progress, investment, status, _n, _text in PROJECTS:
        p = iri("Project", name)
        if progress is not None:
            g.add((p, KG.progress, _dec(progress)))
        if investment is not None:
            g.add((p, KG.investment, _dec(investment)))
        g.add((p, KG.status, KGC[f"status-{status}"]))
    town = iri("Town", "源潭镇")
    for measure, value, unit, change, n, text in OBSERVATIONS:
        a, b = _span(n, text)
        o = URIRef(f"{DEFAULT_BASE}observation/{DOC_ID}-s{n}-{a}")
        g.add((o, RDF.type, KG.Observation))
        g.add((o, KG.subject, town))
        g.add((o, KG.measure, KGC[f"measure-{measure}"]))
        g.add((o, KG.value, _dec(value)))
        g.add((o, KG.unit, KGC[f"unit-{unit}"]))
        g.add((o, KG.qualifier, KGC["qualifier-exact"]))
        g.add((o, KG.periodStart, Literal("2023-01-01", datatype=XSD.date)))
        g.add((o, KG.periodEnd, Literal("2023-10-31", datatype=XSD.date)))
        if change is not None:
            g.add((o, KG.change, _dec(change)))
            g.add((o, KG.changeUnit, KGC["unit-percent"]))
        g.add((o, KG.text, Literal(text)))
        g.add((o, PROV.wasDerivedFrom, sentence(n)))
        g.add((o, KG.startOffset, _int(a)))
        g.add((o, KG.endOffset, _int(b)))
    for (rcls, rname), award, body, n, month in CONFERRALS:
        a, b = _span(n, award)
        c = URIRef(f"{DEFAULT_BASE}awardconferral/{DOC_ID}-s{n}-{a}")
        g.add((c, RDF.type, KG.AwardConferral))
        g.add((c, KG.recipient, iri(rcls, rname)))
        g.add((c, KG.award, iri("Award", award)))
        g.add((c, KG.conferredBy, iri("GovernmentBody", body)))
        g.add((c, KG.conferredOn, Literal(month, datatype=XSD.gYearMonth)))
        g.add((c, PROV.wasDerivedFrom, sentence(n)))
        g.add((c, KG.startOffset, _int(a)))
        g.add((c, KG.endOffset, _int(b)))
    for name, n, text in PLAN_ITEMS:
        a, b = _span(n, text)
        item = URIRef(f"{DEFAULT_BASE}planitem/{DOC_ID}-s{n}-{a}")
        g.add((item, RDF.type, KG.PlanItem))
        g.add((item, KG.concerns, iri("Project", name)))
        g.add((item, KG.planYear, Literal("2024", datatype=XSD.gYear)))
        g.add((item, KG.text, Literal(text)))
        g.add((item, PROV.wasDerivedFrom, sentence(n)))
        g.add((item, KG.startOffset, _int(a)))
        g.add((item, KG.endOffset, _int(b)))
    return ds
