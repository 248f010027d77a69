"""A tiny built graph, shaped like the output of ``kg build``, for the serve, site and push tests.

One document graph (a town, two villages contained in it, a person with an award conferral, an
observation, a project, an enterprise whose label is an HTML injection attempt, three sentences)
and an ontology graph, written with rdflib as ``kg.nq``, ``<doc-id>.ttl`` and ``kg.jsonld``.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from rdflib import Dataset, Literal, Namespace, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, XSD

from kg.graph.vocab import DEFAULT_BASE, KG, KGC, concept

ID = Namespace(DEFAULT_BASE)
DOC_ID = "demo-2023"
DOC = URIRef(DEFAULT_BASE + "doc/" + DOC_ID)
ONTOLOGY_GRAPH = URIRef("https://w3id.org/kg-cn/ontology")
EVIL = "<img src=x onerror=alert(1)>"

SENTENCES = (
    "示范镇辖松塘村、洞尾村共2个村委会。",
    "李明获评清远市优秀党务工作者。",
    "全镇地区生产总值12.5亿元，同比增长6.1%，示范陶瓷产业园项目完成投资3亿元。",
)


def entity(cls: str, name: str, slug: str) -> URIRef:
    """An entity IRI following the contract: class, pinyin slug, sha1 prefix of the name."""
    return ID[f"{cls.lower()}/{slug}-{hashlib.sha1(name.encode('utf-8')).hexdigest()[:6]}"]


TOWN = entity("Town", "示范镇", "shi-fan-zhen")
VILLAGE_A = entity("Village", "松塘村", "song-tang-cun")
VILLAGE_B = entity("Village", "洞尾村", "dong-wei-cun")
PERSON = entity("Person", "李明", "li-ming")
AWARD = entity("Award", "优秀党务工作者", "you-xiu-dang-wu-gong-zuo-zhe")
BODY = entity("GovernmentBody", "清远市委", "qing-yuan-shi-wei")
PROJECT = entity("Project", "示范陶瓷产业园项目", "shi-fan-tao-ci-chan-ye-yuan-xiang-mu")
EVIL_NODE = entity("Enterprise", EVIL, "img")
CONFERRAL = ID[f"awardconferral/{DOC_ID}-s2-0"]
OBSERVATION = ID[f"observation/{DOC_ID}-s3-4"]


def sentence(n: int) -> URIRef:
    return URIRef(f"{DOC}#s{n}")


def build_dataset() -> Dataset:
    """The fixture as an rdflib Dataset (one document graph plus the ontology graph)."""
    ds = Dataset()
    g = ds.graph(DOC)
    g.add((DOC, RDF.type, KG.Document))
    g.add((DOC, RDFS.label, Literal("示范镇2023年工作总结", lang="zh-Hans")))
    g.add((DOC, KG.reportYear, Literal("2023", datatype=XSD.gYear)))
    start = 0
    for n, text in enumerate(SENTENCES, 1):
        s = sentence(n)
        g.add((s, RDF.type, KG.Sentence))
        g.add((s, KG.inDocument, DOC))
        g.add((s, KG.text, Literal(text)))
        g.add((s, KG.sentenceIndex, Literal(n)))
        g.add((s, KG.startOffset, Literal(start)))
        g.add((s, KG.endOffset, Literal(start + len(text))))
        start += len(text)

    def labelled(node, cls, hans, hant, pinyin, en=None):
        g.add((node, RDF.type, KG[cls]))
        g.add((node, RDFS.label, Literal(hans, lang="zh-Hans")))
        g.add((node, RDFS.label, Literal(hant, lang="zh-Hant")))
        g.add((node, RDFS.label, Literal(pinyin, lang="zh-Latn-pinyin")))
        if en:
            g.add((node, RDFS.label, Literal(en, lang="en")))

    labelled(TOWN, "Town", "示范镇", "示範鎮", "Shìfàn Zhèn", "Shifan Town")
    labelled(VILLAGE_A, "Village", "松塘村", "松塘村", "Sōngtáng Cūn")
    labelled(VILLAGE_B, "Village", "洞尾村", "洞尾村", "Dòngwěi Cūn")
    labelled(PERSON, "Person", "李明", "李明", "Lǐ Míng")
    labelled(AWARD, "Award", "优秀党务工作者", "優秀黨務工作者", "Yōuxiù Dǎngwù Gōngzuòzhě")
    labelled(BODY, "GovernmentBody", "清远市委", "清遠市委", "Qīngyuǎn Shìwěi")
    labelled(PROJECT, "Project", "示范陶瓷产业园项目", "示範陶瓷產業園項目", "Shìfàn Táocí Chǎnyèyuán Xiàngmù")
    labelled(EVIL_NODE, "Enterprise", EVIL, EVIL, EVIL)
    g.add((TOWN, SKOS.altLabel, Literal("示范", lang="zh-Hans")))
    for node, n in ((TOWN, 1), (VILLAGE_A, 1), (VILLAGE_B, 1), (PERSON, 2), (AWARD, 2), (BODY, 2),
                    (PROJECT, 3), (TOWN, 3), (EVIL_NODE, 3)):
        g.add((node, KG.mentionedIn, sentence(n)))

    for i, (village, begin, end) in enumerate(((VILLAGE_A, 4, 7), (VILLAGE_B, 8, 11))):
        g.add((village, KG.containedIn, TOWN))
        st = ID[f"statement/{DOC_ID}-s1-{i}"]
        g.add((st, RDF.type, RDF.Statement))
        g.add((st, RDF.subject, village))
        g.add((st, RDF.predicate, KG.containedIn))
        g.add((st, RDF.object, TOWN))
        g.add((st, PROV.wasDerivedFrom, sentence(1)))
        g.add((st, KG.startOffset, Literal(begin)))
        g.add((st, KG.endOffset, Literal(end)))
        g.add((st, KG.rule, Literal("coordination-list")))
    g.add((EVIL_NODE, KG.location, VILLAGE_A))
    g.add((PROJECT, KG.location, TOWN))
    g.add((PROJECT, KG.status, concept("status", "under-construction")))
    g.add((PROJECT, KG.investment, Literal("300000000", datatype=XSD.decimal)))
    g.add((PROJECT, KG.progress, Literal("87.01", datatype=XSD.decimal)))

    g.add((CONFERRAL, RDF.type, KG.AwardConferral))
    g.add((CONFERRAL, KG.recipient, PERSON))
    g.add((CONFERRAL, KG.award, AWARD))
    g.add((CONFERRAL, KG.conferredBy, BODY))
    g.add((CONFERRAL, KG.conferredOn, Literal("2023-06", datatype=XSD.gYearMonth)))
    g.add((CONFERRAL, PROV.wasDerivedFrom, sentence(2)))
    g.add((CONFERRAL, KG.startOffset, Literal(21)))
    g.add((CONFERRAL, KG.endOffset, Literal(35)))

    g.add((OBSERVATION, RDF.type, KG.Observation))
    g.add((OBSERVATION, KG.subject, TOWN))
    g.add((OBSERVATION, KG.measure, KGC["measure-gdp"]))
    g.add((OBSERVATION, KG.value, Literal("1250000000", datatype=XSD.decimal)))
    g.add((OBSERVATION, KG.unit, concept("unit", "CNY")))
    g.add((OBSERVATION, KG.qualifier, concept("qualifier", "exact")))
    g.add((OBSERVATION, KG.periodStart, Literal("2023-01-01", datatype=XSD.date)))
    g.add((OBSERVATION, KG.periodEnd, Literal("2023-12-31", datatype=XSD.date)))
    g.add((OBSERVATION, KG.change, Literal("6.1", datatype=XSD.decimal)))
    g.add((OBSERVATION, KG.changeUnit, concept("unit", "percent")))
    g.add((OBSERVATION, KG.text, Literal("全镇地区生产总值12.5亿元，同比增长6.1%")))
    g.add((OBSERVATION, PROV.wasDerivedFrom, sentence(3)))
    g.add((OBSERVATION, KG.startOffset, Literal(34)))
    g.add((OBSERVATION, KG.endOffset, Literal(55)))

    o = ds.graph(ONTOLOGY_GRAPH)
    o.add((ONTOLOGY_GRAPH, RDF.type, OWL.Ontology))
    for cls, en, zh in (("Town", "town", "镇"), ("Village", "village", "村"), ("Person", "person", "人物")):
        o.add((KG[cls], RDF.type, OWL.Class))
        o.add((KG[cls], RDFS.label, Literal(en, lang="en")))
        o.add((KG[cls], RDFS.label, Literal(zh, lang="zh-Hans")))
    o.add((KG.containedIn, RDF.type, OWL.ObjectProperty))
    o.add((KG.containedIn, RDFS.label, Literal("contained in", lang="en")))
    o.add((KGC["measure-gdp"], RDF.type, SKOS.Concept))
    o.add((KGC["measure-gdp"], SKOS.prefLabel, Literal("GDP", lang="en")))
    o.add((KGC["measure-gdp"], SKOS.prefLabel, Literal("地区生产总值", lang="zh-Hans")))
    return ds


def write_fixture(directory: Path, *, store: bool = True) -> Path:
    """Write ``kg.nq``, ``<doc-id>.ttl``, ``kg.jsonld`` and ``build-report.json`` into ``directory``, and the
    store beside them as ``kg build`` does (unless ``store`` is false)."""
    from kg.graph.store import store_dir, write_store

    directory.mkdir(parents=True, exist_ok=True)
    ds = build_dataset()
    ds.serialize(directory / "kg.nq", format="nquads", encoding="utf-8")
    ds.graph(DOC).serialize(directory / f"{DOC_ID}.ttl", format="turtle", encoding="utf-8")
    ds.serialize(directory / "kg.jsonld", format="json-ld", encoding="utf-8")
    (directory / "build-report.json").write_text('{"documents": ["demo-2023"]}\n', encoding="utf-8")
    if store:
        write_store(store_dir(directory), nquads=directory / "kg.nq")
    return directory
