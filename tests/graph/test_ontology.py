"""The ontology, its concept schemes and shapes: they parse, they cover the vocabulary contract,
every term is labelled and aligned, and an OWL-RL closure stays consistent."""

from __future__ import annotations

from decimal import Decimal

import pyoxigraph
import pytest
from rdflib import OWL, RDF, RDFS, Graph, Literal, Namespace, URIRef

from kg.graph import ontology
from kg.errors import InputError
from kg.graph.vocab import CLASSES, CONCEPT_SCHEMES, KG, KGC, PLACE_CLASSES, PROPERTIES

SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
SCHEMA = Namespace("https://schema.org/")
QB = Namespace("http://purl.org/linked-data/cube#")
QUDT = Namespace("http://qudt.org/schema/qudt/")
UNIT = Namespace("http://qudt.org/vocab/unit/")
ERRNS = Namespace("http://www.daml.org/2002/03/agents/agent-ont#")

FILES = (ontology.ontology_path, ontology.concepts_path, ontology.shapes_path)

OBJECT_PROPERTIES = {
    "containedIn", "location", "phaseOf", "status", "industry", "level", "affiliation", "recipient", "award",
    "conferredBy", "participatesIn", "concerns", "measure", "unit", "qualifier", "subject", "changeUnit",
    "mentionedIn", "inDocument", "areaServed", "parentBody", "investor", "operator", "product", "member",
    "organization", "electedAt", "leadBody", "covers",
}


@pytest.fixture(scope="module")
def onto() -> Graph:
    return ontology.load_ontology(concepts=False)


@pytest.fixture(scope="module")
def full() -> Graph:
    return ontology.load_ontology(concepts=True)


# ------------------------------------------------------------------------------------ parsing
@pytest.mark.parametrize("where", FILES, ids=lambda f: f.__name__)
def test_parses_with_rdflib(where):
    graph = Graph().parse(where(), format="turtle")
    assert len(graph) > 100


@pytest.mark.parametrize("where", FILES, ids=lambda f: f.__name__)
def test_parses_with_pyoxigraph(where):
    quads = list(pyoxigraph.parse(path=str(where()), format=pyoxigraph.RdfFormat.TURTLE))
    assert len(quads) == len(Graph().parse(where(), format="turtle"))


def test_ontology_header_has_version(onto):
    header = URIRef("https://w3id.org/kg-cn/ontology")
    assert (header, RDF.type, OWL.Ontology) in onto
    assert str(onto.value(header, OWL.versionInfo)) == "0.1.0"
    assert str(onto.value(header, OWL.versionIRI)).endswith("/0.1.0")


# ------------------------------------------------------------------------------------ contract
@pytest.mark.parametrize("name", CLASSES)
def test_every_class_is_defined_labelled_and_aligned(onto, name):
    node = KG[name]
    assert (node, RDF.type, OWL.Class) in onto
    _assert_labelled(onto, node)
    supers = [o for o in onto.objects(node, RDFS.subClassOf) if not str(o).startswith(str(KG))]
    assert supers, f"kg:{name} is placed under no standard class"


@pytest.mark.parametrize("name", PROPERTIES)
def test_every_property_is_defined_labelled_and_aligned(onto, name):
    node = KG[name]
    expected = OWL.ObjectProperty if name in OBJECT_PROPERTIES else OWL.DatatypeProperty
    assert (node, RDF.type, expected) in onto
    _assert_labelled(onto, node)
    aligned = (list(onto.objects(node, RDFS.subPropertyOf)) + list(onto.objects(node, SKOS.closeMatch))
               + [t for t in onto.objects(node, RDF.type) if str(t).startswith(str(QB))])
    assert aligned, f"kg:{name} is neither placed under nor mapped to a standard property"


def _assert_labelled(graph: Graph, node: URIRef) -> None:
    langs = {o.language for o in graph.objects(node, RDFS.label)}
    assert {"en", "zh-Hans"} <= langs, f"{node} lacks an en or zh-Hans label"
    comments = [o for o in graph.objects(node, RDFS.comment) if o.language == "en"]
    assert len(comments) == 1 and len(comments[0]) > 10, f"{node} needs one English definition"


def test_ontology_defines_nothing_outside_the_vocabulary(onto):
    defined = {s for s in onto.subjects() if isinstance(s, URIRef) and str(s).startswith(str(KG))}
    assert defined == {KG[n] for n in CLASSES + PROPERTIES}


def test_contained_in_is_transitive(onto):
    assert (KG.containedIn, RDF.type, OWL.TransitiveProperty) in onto


def test_observation_is_a_data_cube_observation(onto):
    assert (KG.Observation, RDFS.subClassOf, QB.Observation) in onto
    assert (KG.value, RDF.type, QB.MeasureProperty) in onto
    assert (KG.measure, RDF.type, QB.DimensionProperty) in onto
    assert (KG.unit, RDF.type, QB.AttributeProperty) in onto


# ------------------------------------------------------------------------------------ concepts
SCHEME_CODES = [(scheme, code) for scheme, codes in CONCEPT_SCHEMES.items() for code in codes]
MEASURE_CODES = [("measure", m.code) for m in ontology.measures()]


@pytest.mark.parametrize(("scheme", "code"), SCHEME_CODES + MEASURE_CODES)
def test_every_concept_is_in_its_scheme_with_labels_and_notation(full, scheme, code):
    node = KGC[f"{scheme}-{code}"]
    assert (node, RDF.type, SKOS.Concept) in full
    assert (node, SKOS.inScheme, KGC[scheme]) in full
    assert (KGC[scheme], RDF.type, SKOS.ConceptScheme) in full
    assert str(full.value(node, SKOS.notation)) == code
    langs = sorted(o.language for o in full.objects(node, SKOS.prefLabel))
    assert langs == ["en", "zh-Hans"]
    assert full.value(node, SKOS.definition) is not None


@pytest.mark.parametrize("scheme", sorted(CONCEPT_SCHEMES) + ["measure"])
def test_schemes_hold_exactly_the_listed_codes(full, scheme):
    codes = CONCEPT_SCHEMES.get(scheme) or tuple(m.code for m in ontology.measures())
    members = {str(c) for c in full.subjects(SKOS.inScheme, KGC[scheme])}
    assert members == {str(KGC[f"{scheme}-{c}"]) for c in codes}


def test_measure_lexicon_matches_the_concepts(full):
    for m in ontology.measures():
        node = KGC[f"measure-{m.code}"]
        assert full.value(node, SKOS.prefLabel) is not None
        labels = {o.language: str(o) for o in full.objects(node, SKOS.prefLabel)}
        assert labels == {"zh-Hans": m.zh, "en": m.en}
    codes = [m.code for m in ontology.measures()]
    assert "other" in codes and len(codes) == len(set(codes))


@pytest.mark.parametrize(("code", "keyword"), [
    ("industrial-output", "总产值"),
    ("industrial-output", "工业总产值"),
    ("fixed-asset-investment", "固定资产投资"),
    ("foreign-trade-total", "进出口总额"),
    ("completed-investment", "完成投资"),
    ("satisfaction-rate", "满意率"),
])
def test_measure_keywords(code, keyword):
    assert keyword in next(m for m in ontology.measures() if m.code == code).keywords


def test_measure_lexicon_rejects_a_short_row(tmp_path):
    bad = tmp_path / "m.tsv"
    bad.write_text("code\tzh\ten\tkeywords\nx\t某\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"m.tsv line 2: expected 4 tab-separated columns"):
        ontology.measures(bad)


@pytest.mark.parametrize(("code", "relation", "qudt"), [
    ("CNY", SKOS.exactMatch, UNIT.CCY_CNY),
    ("percent", SKOS.exactMatch, UNIT.PERCENT),
    ("km", SKOS.exactMatch, UNIT.KiloM),
    ("tonne", SKOS.exactMatch, UNIT.TONNE),
    ("square-metre", SKOS.exactMatch, UNIT.M2),
    ("person", SKOS.closeMatch, UNIT.NUM),
    ("item", SKOS.closeMatch, UNIT.NUM),
])
def test_units_map_to_qudt(full, code, relation, qudt):
    assert (KGC[f"unit-{code}"], relation, qudt) in full


def test_mu_documents_its_size_in_square_metres(full):
    mu = KGC["unit-mu"]
    factor = full.value(mu, QUDT.conversionMultiplier).toPython()
    assert abs(Decimal(factor) - Decimal(2000) / Decimal(3)) < Decimal("0.000001")
    assert "666.67" in str(full.value(mu, SKOS.definition))


# ------------------------------------------------------------------------------------ OWL-RL
def _closure(graph: Graph) -> Graph:
    import owlrl

    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
    return graph


def _inconsistencies(graph: Graph) -> list[str]:
    problems = [str(graph.value(m, ERRNS.error)) for m in graph.subjects(RDF.type, ERRNS.ErrorMessage)]
    problems += [f"{s} is owl:Nothing" for s in graph.subjects(RDF.type, OWL.Nothing)]
    problems += [f"{a} sameAs and differentFrom {b}" for a, b in graph.subject_objects(OWL.sameAs)
                 if (a, OWL.differentFrom, b) in graph]
    problems += [f"{a} differentFrom itself" for a, b in graph.subject_objects(OWL.differentFrom) if a == b]
    return sorted(problems)


def test_owl_rl_closure_of_ontology_and_concepts_is_consistent():
    closed = _closure(ontology.load_ontology(concepts=True))
    assert _inconsistencies(closed) == []


TTL_PREFIXES = """
@prefix kg: <https://w3id.org/kg-cn/ontology#> .
@prefix kgc: <https://w3id.org/kg-cn/concept/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix e: <https://w3id.org/kg-cn/id/> .
"""

# Properties used on every kind of node they are meant for: a closure must not retype any of them.
MIXED_USE = TTL_PREFIXES + """
e:doc a kg:Document ; kg:reportYear "2023"^^xsd:gYear .
e:s1 a kg:Sentence ; kg:inDocument e:doc ; kg:startOffset 0 ; kg:endOffset 9 ; kg:text "源潭镇某句" .
e:town a kg:Town ; rdfs:label "源潭镇"@zh-Hans ; kg:containedIn e:district ; kg:mentionedIn e:s1 ;
    kg:participatesIn e:prog ; kg:divisionCode "441802103000" .
e:district a kg:District ; rdfs:label "清城区"@zh-Hans ; kg:divisionCode "441802000000" .
e:park a kg:IndustrialPark ; rdfs:label "园区"@zh-Hans ; kg:location e:town ; kg:industry kgc:industry-ceramics ;
    kg:grounded false .
e:firm a kg:Enterprise ; rdfs:label "某公司"@zh-Hans ; kg:location e:park ; kg:participatesIn e:prog .
e:p1 a kg:Project ; rdfs:label "一期"@zh-Hans ; kg:phaseOf e:p ; kg:location e:park ; kg:progress 87.01 .
e:p a kg:Project ; rdfs:label "项目"@zh-Hans ; kg:status kgc:status-under-construction .
e:prog a kg:Programme ; rdfs:label "百千万工程"@zh-Hans .
e:li a kg:Person ; rdfs:label "李某"@zh-Hans ; kg:role "副镇长" ; kg:affiliation e:town .
e:aw a kg:Award ; rdfs:label "文明村"@zh-Hans ; kg:level kgc:level-provincial .
e:gov a kg:GovernmentBody ; rdfs:label "省政府"@zh-Hans ; kg:level kgc:level-provincial .
e:c1 a kg:AwardConferral ; kg:recipient e:li ; kg:award e:aw ; kg:conferredBy e:gov ;
    kg:conferredOn "2023-05"^^xsd:gYearMonth ; prov:wasDerivedFrom e:s1 ; kg:startOffset 0 ; kg:endOffset 5 .
e:o1 a kg:Observation ; kg:measure kgc:measure-industrial-output ; kg:value 35000 ; kg:unit kgc:unit-CNY ;
    kg:periodEnd "2023-10-31"^^xsd:date ; kg:subject e:town ; kg:change -6.96 ; kg:changeUnit kgc:unit-percent ;
    prov:wasDerivedFrom e:s1 ; kg:startOffset 0 ; kg:endOffset 9 ; kg:rule "figure" ; kg:text "某句" .
e:plan a kg:PlanItem ; kg:concerns e:p ; kg:planYear "2024"^^xsd:gYear ; kg:text "推进项目" ;
    prov:wasDerivedFrom e:s1 .
e:st a rdf:Statement ; rdf:subject e:p1 ; rdf:predicate kg:location ; rdf:object e:park ;
    prov:wasDerivedFrom e:s1 ; kg:startOffset 1 ; kg:endOffset 4 ; kg:rule "location" .
e:ev a kg:Event ; rdfs:label "某某代表大会"@zh-Hans ; kg:location e:district .
e:m1 a kg:Membership ; kg:member e:li ; kg:organization e:ev ; kg:role "代表" ; kg:term "第十八届" ;
    kg:electedOn "2023-08-31"^^xsd:date ; kg:electedAt e:ev ; prov:wasDerivedFrom e:s1 .
e:dgov a kg:GovernmentBody ; rdfs:label "区政府"@zh-Hans , "區政府"@zh-Hant ; kg:areaServed e:district ; kg:parentBody e:gov .
e:rice a kg:Product ; rdfs:label "丝苗米"@zh-Hans .
e:p kg:investor e:firm ; kg:operator e:firm ; kg:product e:rice .
e:prog kg:leadBody e:dgov ; kg:covers e:town .
"""


def test_owl_rl_closure_with_data_infers_no_new_kg_types():
    graph = ontology.load_ontology(concepts=True).parse(data=MIXED_USE, format="turtle")
    asserted = {(s, o) for s, o in graph.subject_objects(RDF.type) if str(o).startswith(str(KG))}
    closed = _closure(graph)
    assert _inconsistencies(closed) == []
    inferred = {(s, o) for s, o in closed.subject_objects(RDF.type) if str(o).startswith(str(KG))}
    assert inferred - asserted == set()
    # containment is transitive: the park lies in the district through the town
    assert (URIRef("https://w3id.org/kg-cn/id/town"), KG.containedIn,
            URIRef("https://w3id.org/kg-cn/id/district")) in closed


def test_places_are_schema_places_after_closure():
    closed = _closure(ontology.load_ontology(concepts=False))
    for name in PLACE_CLASSES:
        assert (KG[name], RDFS.subClassOf, SCHEMA.Place) in closed or \
            any((KG[name], RDFS.subClassOf, c) in closed for c in (SCHEMA.AdministrativeArea, SCHEMA.City,
                                                                    SCHEMA.Country))


# ------------------------------------------------------------------------------------ README
def test_readme_lists_every_class_and_property():
    text = ontology.readme_path().read_text(encoding="utf-8")
    for name in CLASSES + PROPERTIES:
        assert f"`kg:{name}`" in text, f"ontology/README.md does not list kg:{name}"


def test_readme_tables_are_up_to_date():
    text = ontology.readme_path().read_text(encoding="utf-8")
    assert ontology.generated_block(text) == ontology.readme_tables(), \
        "ontology/README.md is out of date: run `make regen`"


def test_ontology_dir_holds_the_files():
    for where in FILES:
        assert where().is_file()
    assert ontology.ontology_path().parent == ontology.ontology_dir()


def test_load_ontology_binds_the_kg_prefixes(onto):
    assert dict(onto.namespaces())["kg"] == URIRef(str(KG))
    assert isinstance(onto.value(KG.Town, RDFS.label), Literal)


def _readme_queries() -> list[str]:
    text = ontology.readme_path().read_text(encoding="utf-8")
    return [block.split("```", 1)[0] for block in text.split("```sparql\n")[1:]]


@pytest.mark.parametrize("query", _readme_queries(), ids=lambda q: q.split("WHERE", 1)[0].split("SELECT")[-1].strip())
def test_readme_queries_answer_on_a_small_graph(query):
    graph = ontology.load_ontology(concepts=True).parse(data=MIXED_USE, format="turtle")
    rows = list(graph.query(query))
    assert rows, "the README query finds nothing in a graph that holds an answer"
    assert all(any(v is not None for v in row) for row in rows)


def test_readme_has_a_query_per_main_class():
    text = "\n".join(_readme_queries())
    for name in ("Enterprise", "Person", "Project", "Programme", "AwardConferral", "Observation", "PlanItem"):
        assert f"kg:{name}" in text


def test_docstring_examples_run():
    import doctest

    outcome = doctest.testmod(ontology)
    assert outcome.attempted >= 1 and outcome.failed == 0


def test_update_readme_rewrites_only_the_generated_block(tmp_path):
    copy = tmp_path / "README.md"
    original = ontology.readme_path().read_text(encoding="utf-8")
    copy.write_text(original, encoding="utf-8")
    assert ontology.update_readme(copy) is False
    stale = original.replace("| `kg:Town` |", "| `kg:Townx` |")
    copy.write_text(stale, encoding="utf-8")
    assert ontology.update_readme(copy) is True
    assert copy.read_text(encoding="utf-8") == original
    copy.write_text("# no markers\n", encoding="utf-8")
    with pytest.raises(InputError, match="missing the GENERATED markers"):
        ontology.update_readme(copy)
