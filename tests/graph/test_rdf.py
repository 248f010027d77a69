"""The RDF stage on a tiny hand-made extraction: graphs, labels, typed literals, reified provenance."""

from __future__ import annotations

import subprocess
import sys

import pytest
from rdflib import RDF, RDFS, XSD, BNode, Literal, Namespace, URIRef

from kg.errors import StepError
from kg.graph.iri import doc_iri, entity_iri, sentence_iri
from kg.model import Concept, Entity, Extraction, Fact, Value
from kg.graph.rdf import ONTOLOGY_GRAPH, canonical_decimal, ontology_quads, to_dataset, to_quads, value_literal
from kg.graph.vocab import KG, KGC, PREFIXES
from tests.graph_fixture import DOC_ID, TEXT, prov, tiny_extraction
from tests.conftest import ROOT

PROV = Namespace(PREFIXES["prov"])
SKOS = Namespace(PREFIXES["skos"])
DCT = Namespace(PREFIXES["dcterms"])
G = doc_iri(DOC_ID)


@pytest.fixture(scope="module")
def ds():
    return to_dataset([tiny_extraction()], ontology=())


def test_default_dataset_holds_the_ontology_graph():
    from kg.graph.rdf import ontology_files

    assert [p.name for p in ontology_files()] == ["kg.ttl", "concepts.ttl"]
    ds = to_dataset([tiny_extraction()])
    onto = ds.graph(ONTOLOGY_GRAPH)
    assert (KG.Village, RDF.type, URIRef("http://www.w3.org/2002/07/owl#Class")) in onto
    assert (KGC["status-operational"], RDF.type, SKOS.Concept) in onto


def _lang(ds, node, lang):
    return sorted(str(o) for o in ds.graph(G).objects(node, RDFS.label)
                  if isinstance(o, Literal) and (o.language or "").lower() == lang.lower())


def test_one_named_graph_per_document(ds):
    graphs = {str(g.identifier) for g in ds.graphs() if len(g)}
    assert graphs == {str(G)}
    assert (G, RDF.type, KG.Document) in ds.graph(G)


def test_document_node(ds):
    g = ds.graph(G)
    assert g.value(G, DCT.title) == Literal("测试镇2023年工作总结和2024年工作计划", lang="zh-Hans")
    assert g.value(G, DCT.date) == Literal("2023-11-14", datatype=XSD.date)
    assert g.value(G, KG.reportYear) == Literal("2023", datatype=XSD.gYear)
    assert str(g.value(G, KG.sourceFile)) == f"{DOC_ID}.txt"
    assert str(g.value(G, KG.sourceEncoding)) == "utf-8"


def test_sentences_carry_offsets_text_section_and_period(ds):
    g = ds.graph(G)
    s5 = sentence_iri(f"{DOC_ID}#s5")
    start, end = int(g.value(s5, KG.startOffset)), int(g.value(s5, KG.endOffset))
    assert TEXT[start:end] == str(g.value(s5, KG.text))
    assert g.value(s5, KG.inDocument) == G
    assert int(g.value(s5, KG.sentenceIndex)) == 5
    assert str(g.value(s5, KG.sectionPath)) == "一、"
    assert str(g.value(s5, KG.periodKind)) == "actual"
    s6 = sentence_iri(f"{DOC_ID}#s6")
    assert str(g.value(s6, KG.periodKind)) == "plan"
    assert g.value(s6, KG.periodYear) == Literal("2024", datatype=XSD.gYear)


LABELS = [
    ("Town/测试镇", "zh-Hans", ["测试镇"]),
    ("Town/测试镇", "zh-Hant", ["測試鎮"]),
    ("Town/测试镇", "zh-Latn-pinyin", ["cè shì zhèn"]),
    ("Person/李韫哲", "zh-Hant", ["李韞哲"]),
    ("Person/李韫哲", "zh-Latn-pinyin", ["lǐ yùn zhé"]),
]


@pytest.mark.parametrize("entity_id, lang, expected", LABELS)
def test_labels_in_three_scripts(ds, entity_id, lang, expected):
    assert _lang(ds, entity_iri(entity_id), lang) == expected


def test_english_labels_when_known():
    ds = to_dataset([tiny_extraction()], en_labels={"测试镇": "Test Town"}, ontology=())
    assert _lang(ds, entity_iri("Town/测试镇"), "en") == ["Test Town"]


def test_aliases_and_mentions(ds):
    g = ds.graph(G)
    v = entity_iri("Village/松塘村")
    assert set(g.objects(v, SKOS.altLabel)) == {Literal("松塘", lang="zh")}
    assert set(g.objects(v, KG.mentionedIn)) == {sentence_iri(f"{DOC_ID}#s1")}
    p = entity_iri("Project/金沙工业园污水处理工程")
    assert set(g.objects(p, KG.mentionedIn)) == {sentence_iri(f"{DOC_ID}#s3"), sentence_iri(f"{DOC_ID}#s6")}


def test_facts_are_triples_with_typed_objects(ds):
    g = ds.graph(G)
    p = entity_iri("Project/金沙工业园污水处理工程")
    assert g.value(p, KG.investment) == Literal("29000000", datatype=XSD.decimal)
    assert g.value(p, KG.expectedCompletion) == Literal("2024-05", datatype=XSD.gYearMonth)
    assert g.value(p, KG.status) == KGC["status-planned"]
    assert g.value(p, KG.location) == entity_iri("IndustrialPark/金沙工业园")
    obs = next(g.subjects(RDF.type, KG.Observation))
    assert str(g.value(obs, KG.value)) == "1951000000"
    assert g.value(obs, KG.periodEnd) == Literal("2023-10-31", datatype=XSD.date)


def test_every_fact_is_reified_with_its_source(ds):
    g = ds.graph(G)
    ext = tiny_extraction()
    statements = set(g.subjects(RDF.type, RDF.Statement))
    assert len(statements) == sum(len(f.provenance) for f in ext.facts)
    for st in statements:
        s, p, o = g.value(st, RDF.subject), g.value(st, RDF.predicate), g.value(st, RDF.object)
        assert (s, p, o) in g
        sentence = g.value(st, PROV.wasDerivedFrom)
        start, end = int(g.value(st, KG.startOffset)), int(g.value(st, KG.endOffset))
        assert int(g.value(sentence, KG.startOffset)) <= start < end <= int(g.value(sentence, KG.endOffset))
        assert str(g.value(st, KG.rule)) == "fixture"
        assert isinstance(st, URIRef)


def test_nary_nodes_carry_their_source_directly(ds):
    g = ds.graph(G)
    for cls in (KG.Observation, KG.AwardConferral, KG.PlanItem):
        node = next(g.subjects(RDF.type, cls))
        sentence = g.value(node, PROV.wasDerivedFrom)
        start, end = int(g.value(node, KG.startOffset)), int(g.value(node, KG.endOffset))
        assert int(g.value(sentence, KG.startOffset)) <= start < end <= int(g.value(sentence, KG.endOffset))
    obs = next(g.subjects(RDF.type, KG.Observation))
    assert str(g.value(obs, KG.text)) == "固定资产投资达19.51亿元，同比增长32.7%"


def test_no_blank_nodes(ds):
    assert not any(isinstance(t, BNode) for q in ds.quads((None, None, None, None)) for t in q[:3])


def test_reports_merge_on_stable_iris():
    ds = to_dataset([tiny_extraction(), tiny_extraction("other-2023")], ontology=())
    village = entity_iri("Village/松塘村")
    graphs = {str(c) for _, _, _, c in ds.quads((village, RDF.type, KG.Village, None))}
    assert graphs == {str(doc_iri(DOC_ID)), str(doc_iri("other-2023"))}
    villages = {s for s, _, _, _ in ds.quads((None, RDF.type, KG.Village, None))}
    assert villages == {village}


DECIMALS = [("87.010", "87.01"), ("2.476E+7", "24760000"), ("-06.960", "-6.96"), ("0.000", "0"),
            ("-0", "0"), ("1951000000.00", "1951000000"), ("0.5", "0.5")]


@pytest.mark.parametrize("lexical, canonical", DECIMALS)
def test_decimals_in_canonical_form(lexical, canonical):
    assert canonical_decimal(lexical) == canonical


@pytest.mark.parametrize("value, expected", [
    (Value("2023-11", "gYearMonth"), Literal("2023-11", datatype=XSD.gYearMonth)),
    (Value("2023", "gYear"), Literal("2023", datatype=XSD.gYear)),
    (Value("2023-08-31", "date"), Literal("2023-08-31", datatype=XSD.date)),
    (Value("007", "integer"), Literal("7", datatype=XSD.integer)),
    (Value("副镇长"), Literal("副镇长")),
    (Value("Vice mayor", lang="en"), Literal("Vice mayor", lang="en")),
])
def test_value_literals(value, expected):
    assert value_literal(value) == expected


@pytest.mark.parametrize("bad", ["abc", "1,5", "NaN"])
def test_bad_decimal_is_a_step_error(bad):
    with pytest.raises(StepError, match="decimal"):
        value_literal(Value(bad, "decimal"))


def test_unknown_property_or_class_fails_naming_it():
    base = tiny_extraction()
    bad_fact = Extraction(base.document, base.entities, (Fact("Town/测试镇", "population", Value("1")),))
    with pytest.raises(StepError, match="'population'"):
        to_quads([bad_fact])
    bad_entity = Extraction(base.document, (Entity("Planet/火星", "Planet", "火星"),))
    with pytest.raises(StepError, match="'Planet'"):
        to_quads([bad_entity])


def test_ontology_blank_nodes_become_stable_iris(tmp_path):
    ttl = tmp_path / "o.ttl"
    ttl.write_text("@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
                   "@prefix kg: <https://w3id.org/kg-cn/ontology#> .\n"
                   "kg:Place owl:unionOf ( kg:Town kg:Village ) .\n", encoding="utf-8")
    a, b = ontology_quads([ttl]), ontology_quads([ttl])
    assert sorted(map(str, a)) == sorted(map(str, b))
    assert all(q[3] == ONTOLOGY_GRAPH and not any(isinstance(t, BNode) for t in q) for q in a)
    assert len(a) == 5  # unionOf + two list cells of first/rest


def test_concept_objects_use_the_scheme():
    base = tiny_extraction()
    ext = Extraction(base.document, base.entities[:1],
                     (Fact("Town/测试镇", "level", Concept("level", "town"), (prov(1, "测试镇"),)),))
    ds = to_dataset([ext], ontology=())
    assert (entity_iri("Town/测试镇"), KG.level, KGC["level-town"]) in ds.graph(G)


_SERIALIZE = """
import sys
from tests.graph_fixture import tiny_extraction
from kg.graph.rdf import to_quads
from kg.graph.serialize import jsonld_bytes, nquads_bytes, turtle_bytes, turtle_prefixes
q = to_quads([tiny_extraction(), tiny_extraction("other-2023")])
out = nquads_bytes(q) + jsonld_bytes(q) + turtle_bytes([x[:3] for x in q], turtle_prefixes(
    "https://w3id.org/kg-cn/id/", ["village", "town", "doc", "statement"]))
sys.stdout.buffer.write(out)
"""


def test_serialization_is_byte_identical_across_processes():
    root = ROOT
    runs = [subprocess.run([sys.executable, "-c", _SERIALIZE], cwd=root, capture_output=True, check=True,
                           env={"PYTHONHASHSEED": seed, "PYTHONPATH": str(root)}).stdout for seed in ("1", "2")]
    assert runs[0] == runs[1] and len(runs[0]) > 1000


def test_the_fixture_graph_conforms_to_the_shapes():
    from kg.graph.validate import validate

    report = validate(to_dataset([tiny_extraction(), tiny_extraction("other-2023")]))
    assert report.conforms, report


def test_fact_nodes_are_derived_not_mentioned(ds):
    g = ds.graph(G)
    for cls in (KG.Observation, KG.AwardConferral, KG.PlanItem):
        node = next(g.subjects(RDF.type, cls))
        assert g.value(node, KG.mentionedIn) is None


def test_a_stated_text_is_not_doubled_by_the_provenance_text():
    base = tiny_extraction()
    obs = next(e for e in base.entities if e.type == "Observation")
    ext = Extraction(base.document, base.entities,
                     base.facts + (Fact(obs.id, "text", Value("全镇固定资产投资达19.51亿元"), obs.provenance),))
    g = to_dataset([ext], ontology=()).graph(G)
    assert [str(t) for t in g.objects(entity_iri(obs.id), KG.text)] == ["全镇固定资产投资达19.51亿元"]
