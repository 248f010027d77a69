"""A tiny hand-made knowledge graph that follows kg's RDF contract, for the network page tests and benchmark.

One document (its own named graph, report year 2023; its last two sentences are about 2024) about a town
(with an invented division code), two villages, an industrial park with an enterprise, a person honoured by
two bodies, a project with a phase and a figure, a plan item, an enterprise whose name is an HTML injection
attempt, and a product linked to nothing.
"""

from __future__ import annotations

import hashlib

from pypinyin import Style, lazy_pinyin
from rdflib import RDF, RDFS, SKOS, Dataset, Literal, URIRef
from rdflib.namespace import PROV, XSD

from kg.graph.vocab import DEFAULT_BASE, KG, concept

DOC_ID = "demo-2023"
DOC = URIRef(DEFAULT_BASE + "doc/" + DOC_ID)
XSS = "<img src=x onerror=alert(1)>"

SENTENCES = (
    "示范镇下辖松塘村和洞尾村。",
    "钛美新材料有限公司落户示范产业园。",
    "李明同志荣获省委、市政府授予的“优秀党务工作者”称号。",
    "新材料项目总投资2.6亿元，一期已投产，完成进度87.01%。",
    "2024年推动新材料项目二期开工建设。",
    "<script>alert(2)</script>企业<img src=x onerror=alert(1)>入驻园区。",
    "2024年推广示范香米。",
)
#: Year of each sentence's period (the report's year unless the sentence is about another).
YEARS = ("2023", "2023", "2023", "2023", "2024", "2023", "2024")
#: An invented division code for the town.
TOWN_CODE = "990101001000"


def slug(name: str) -> str:
    """The contract's slug: tone-less pinyin syllables joined by hyphens + 6 hex of sha1(name)."""
    syllables = [s.lower() for s in lazy_pinyin(name, style=Style.NORMAL, errors="ignore")]
    ascii_part = "-".join(s for s in syllables if s.isascii() and s.isalnum()) or "x"
    return f"{ascii_part}-{hashlib.sha1(name.encode('utf-8')).hexdigest()[:6]}"


def entity(cls: str, name: str) -> URIRef:
    return URIRef(f"{DEFAULT_BASE}{cls.lower()}/{slug(name)}")


def sentence(n: int) -> URIRef:
    return URIRef(f"{DOC}#s{n}")


def build(shuffle: bool = False) -> Dataset:
    """The fixture graph; ``shuffle`` adds the triples in reverse order (the page must not change)."""
    triples: list[tuple] = []
    add = triples.append

    def ent(cls: str, hans: str, hant: str, *, sents: tuple[int, ...], en: str | None = None) -> URIRef:
        iri = entity(cls, hans)
        add((iri, RDF.type, KG[cls]))
        add((iri, RDFS.label, Literal(hans, lang="zh-Hans")))
        add((iri, RDFS.label, Literal(hant, lang="zh-Hant")))
        add((iri, RDFS.label, Literal(" ".join(lazy_pinyin(hans, style=Style.TONE)), lang="zh-Latn-pinyin")))
        if en:
            add((iri, RDFS.label, Literal(en, lang="en")))
        for n in sents:
            add((iri, KG.mentionedIn, sentence(n)))
        return iri

    def relation(s: URIRef, prop: str, o: URIRef, n: int, rule: str) -> None:
        add((s, KG[prop], o))
        st = URIRef(f"{DOC}#st-{prop}-{slug(str(s) + str(o))}")
        add((st, RDF.type, RDF.Statement))
        add((st, RDF.subject, s))
        add((st, RDF.predicate, KG[prop]))
        add((st, RDF.object, o))
        add((st, PROV.wasDerivedFrom, sentence(n)))
        add((st, KG.startOffset, Literal(0, datatype=XSD.integer)))
        add((st, KG.endOffset, Literal(len(SENTENCES[n - 1]), datatype=XSD.integer)))
        add((st, KG.rule, Literal(rule)))

    add((DOC, RDF.type, KG.Document))
    add((DOC, RDFS.label, Literal("示范镇2023年工作总结", lang="zh-Hans")))
    add((DOC, KG.reportYear, Literal("2023", datatype=XSD.gYear)))
    start = 0
    for n, text in enumerate(SENTENCES, 1):
        s = sentence(n)
        add((s, RDF.type, KG.Sentence))
        add((s, KG.inDocument, DOC))
        add((s, KG.text, Literal(text)))
        add((s, KG.startOffset, Literal(start, datatype=XSD.integer)))
        add((s, KG.endOffset, Literal(start + len(text), datatype=XSD.integer)))
        add((s, KG.sentenceIndex, Literal(n, datatype=XSD.integer)))
        add((s, KG.periodYear, Literal(YEARS[n - 1], datatype=XSD.gYear)))
        start += len(text)

    town = ent("Town", "示范镇", "示範鎮", sents=(1,), en="Shifan Town")
    add((town, KG.divisionCode, Literal(TOWN_CODE)))
    songtang = ent("Village", "松塘村", "松塘村", sents=(1,))
    dongwei = ent("Village", "洞尾村", "洞尾村", sents=(1,))
    relation(songtang, "containedIn", town, 1, "list-suffix")
    relation(dongwei, "containedIn", town, 1, "list-suffix")
    park = ent("IndustrialPark", "示范产业园", "示範產業園", sents=(2, 6))
    relation(park, "containedIn", town, 2, "park-in-town")
    taimei = ent("Enterprise", "钛美", "鈦美", sents=(2,))
    add((taimei, SKOS.altLabel, Literal("钛美新材料有限公司", lang="zh-Hans")))
    relation(taimei, "location", park, 2, "settles-in")
    person = ent("Person", "李明", "李明", sents=(3,))
    add((person, KG.role, Literal("党委书记")))
    province = ent("GovernmentBody", "省委", "省委", sents=(3,))
    city = ent("GovernmentBody", "市政府", "市政府", sents=(3,))
    award = ent("Award", "优秀党务工作者", "優秀黨務工作者", sents=(3,))
    conf = URIRef(f"{DEFAULT_BASE}awardconferral/{slug('李明优秀党务工作者')}")
    add((conf, RDF.type, KG.AwardConferral))
    add((conf, KG.recipient, person))
    add((conf, KG.award, award))
    add((conf, KG.conferredBy, province))
    add((conf, KG.conferredBy, city))
    add((conf, KG.conferredOn, Literal("2023-06", datatype=XSD.gYearMonth)))
    add((conf, KG.recipientRole, Literal("党委书记")))
    add((conf, PROV.wasDerivedFrom, sentence(3)))
    add((conf, KG.startOffset, Literal(0, datatype=XSD.integer)))
    add((conf, KG.endOffset, Literal(len(SENTENCES[2]), datatype=XSD.integer)))
    project = ent("Project", "新材料项目", "新材料項目", sents=(4, 5))
    phase1 = ent("Project", "新材料项目一期", "新材料項目一期", sents=(4,))
    relation(phase1, "phaseOf", project, 4, "phase")
    relation(project, "location", park, 4, "project-in-park")
    add((phase1, KG.phaseNumber, Literal(1, datatype=XSD.integer)))
    add((phase1, KG.status, concept("status", "operational")))
    add((project, KG.progress, Literal("87.01", datatype=XSD.decimal)))
    obs = URIRef(f"{DEFAULT_BASE}observation/{slug('新材料项目投资')}")
    add((obs, RDF.type, KG.Observation))
    add((obs, KG.subject, project))
    add((obs, KG.measure, URIRef(str(concept("measure", "investment")))))
    add((obs, KG.value, Literal("260000000", datatype=XSD.decimal)))
    add((obs, KG.unit, concept("unit", "CNY")))
    add((obs, KG.qualifier, concept("qualifier", "exact")))
    add((obs, PROV.wasDerivedFrom, sentence(4)))
    plan = URIRef(f"{DEFAULT_BASE}planitem/{slug('新材料项目二期开工')}")
    add((plan, RDF.type, KG.PlanItem))
    add((plan, KG.concerns, project))
    add((plan, KG.planYear, Literal("2024", datatype=XSD.gYear)))
    add((plan, KG.text, Literal(SENTENCES[4])))
    add((plan, PROV.wasDerivedFrom, sentence(5)))
    evil = ent("Enterprise", XSS, XSS, sents=(6,))
    relation(evil, "location", park, 6, "settles-in")
    ent("Product", "示范香米", "示範香米", sents=(7,))

    ds = Dataset()
    g = ds.graph(DOC)
    for t in (reversed(triples) if shuffle else triples):
        g.add(t)
    return ds


#: Names used by the tests.
TAIMEI = entity("Enterprise", "钛美")
PERSON = entity("Person", "李明")
EVIL = entity("Enterprise", XSS)
RICE = entity("Product", "示范香米")
