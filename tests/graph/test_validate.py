"""SHACL validation: one conforming and one violating snippet per shape, the exact report lines,
the loader's formats and errors, and the `kg validate` command."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph, URIRef

from kg.cli import main
from kg.errors import InputError, ValidationError
from kg.graph.validate import Inference, ValidationReport, ValidationResult, load_graph, validate
from tests.conftest import ROOT


PREFIXES = """\
@prefix kg: <https://w3id.org/kg-cn/ontology#> .
@prefix kgc: <https://w3id.org/kg-cn/concept/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix doc: <https://w3id.org/kg-cn/id/doc/> .
@prefix s: <https://w3id.org/kg-cn/id/doc/t#> .
@prefix town: <https://w3id.org/kg-cn/id/town/> .
@prefix village: <https://w3id.org/kg-cn/id/village/> .
@prefix person: <https://w3id.org/kg-cn/id/person/> .
@prefix project: <https://w3id.org/kg-cn/id/project/> .
@prefix programme: <https://w3id.org/kg-cn/id/programme/> .
@prefix enterprise: <https://w3id.org/kg-cn/id/enterprise/> .
@prefix award: <https://w3id.org/kg-cn/id/award/> .
@prefix body: <https://w3id.org/kg-cn/id/governmentbody/> .
@prefix obs: <https://w3id.org/kg-cn/id/observation/> .
@prefix conf: <https://w3id.org/kg-cn/id/awardconferral/> .
@prefix plan: <https://w3id.org/kg-cn/id/planitem/> .
@prefix st: <https://w3id.org/kg-cn/id/statement/> .
"""

# Shared, conforming context of every case: a document, a sentence, a town, a person.
CONTEXT = PREFIXES + """
doc:t a kg:Document ; kg:reportYear "2023"^^xsd:gYear ; dcterms:date "2023-11-14"^^xsd:date .
s:s1 a kg:Sentence ; kg:inDocument doc:t ; kg:startOffset 0 ; kg:endOffset 20 ; kg:sentenceIndex 1 ;
    kg:text "全镇规上工业总产值同比下降" ; kg:periodKind "actual" ; kg:periodYear "2023"^^xsd:gYear .
town:yt a kg:Town ; rdfs:label "源潭镇"@zh-Hans , "Yuantan"@en .
person:li a kg:Person ; rdfs:label "李韫哲"@zh-Hans .
"""

OBSERVATION = """
obs:o1 a kg:Observation ; kg:text "工业总产值3.5亿元" ; kg:measure kgc:measure-industrial-output ;
    kg:value 350000000 ; kg:unit kgc:unit-CNY ; kg:qualifier kgc:qualifier-approximate ;
    kg:periodStart "2023-01-01"^^xsd:date ; kg:periodEnd "2023-10-31"^^xsd:date ; kg:subject town:yt ;
    kg:change -6.96 ; kg:changeUnit kgc:unit-percent ;
    prov:wasDerivedFrom s:s1 ; kg:startOffset 2 ; kg:endOffset 10 ; kg:rule "figure" .
"""


def _obs(**changes: str) -> str:
    """The observation above with some property lines replaced (value "" drops the property)."""
    text = OBSERVATION
    for prop, value in changes.items():
        start = text.index(f"kg:{prop} ")
        end = min(i for i in (text.index(" ;", start), text.index(" .", start)) if i >= 0)
        text = text[:start] + (f"kg:{prop} {value}" if value else "") + text[end:]
    return text.replace("; ;", ";").replace(";  ;", ";")


OBS = "工业总产值3.5亿元 (kgd:observation/o1)"

# (case, conforming snippet, violating snippet, the exact report lines of the violating one)
CASES = [
    ("entity-needs-zh-label",
     'village:st a kg:Village ; rdfs:label "松塘村"@zh-Hans , "Songtang"@en .',
     'village:st a kg:Village ; rdfs:label "Songtang"@en .',
     ["Violation: Songtang (kgd:village/st) rdfs:label: needs exactly one rdfs:label in zh-Hans"]),
    ("entity-one-zh-label",
     'village:st a kg:Village ; rdfs:label "松塘村"@zh-Hans ; rdfs:label "松塘"@zh-Hant .',
     'village:st a kg:Village ; rdfs:label "松塘村"@zh-Hans , "松塘"@zh-Hans .',
     ["Violation: 松塘 (kgd:village/st) rdfs:label: needs exactly one rdfs:label in zh-Hans"]),
    ("entity-is-iri",
     'village:st a kg:Village ; rdfs:label "松塘村"@zh-Hans .',
     '[] a kg:Village ; rdfs:label "松塘村"@zh-Hans .',
     ["Violation: 松塘村 ([]): an entity must be an IRI, not a blank node"]),
    ("mentioned-entity-is-typed",
     'village:st a kg:Village ; rdfs:label "松塘村"@zh-Hans ; kg:mentionedIn s:s1 .',
     'village:st rdfs:label "松塘村"@zh-Hans ; kg:mentionedIn s:s1 .',
     ["Violation: 松塘村 (kgd:village/st) rdf:type: is mentioned in a sentence but has no rdf:type "
      "among the kg entity classes"]),
    ("mentioned-in-a-sentence",
     'village:st a kg:Village ; rdfs:label "松塘村"@zh-Hans ; kg:mentionedIn s:s1 .',
     'village:st a kg:Village ; rdfs:label "松塘村"@zh-Hans ; kg:mentionedIn doc:t .',
     ["Violation: 松塘村 (kgd:village/st) kg:mentionedIn: kg:mentionedIn must point to a kg:Sentence "
      "(value kgd:doc/t)"]),
    ("known-class",
     'village:st a kg:Village ; rdfs:label "松塘村"@zh-Hans .',
     'village:st a kg:Vilage ; rdfs:label "松塘村"@zh-Hans .',
     ["Violation: kg:Vilage: is used as an rdf:type but is not a class of the kg ontology"]),
    ("contained-in-a-place",
     'village:st a kg:Village ; rdfs:label "松塘村"@zh-Hans ; kg:containedIn town:yt .',
     'village:st a kg:Village ; rdfs:label "松塘村"@zh-Hans ; kg:containedIn person:li .',
     ["Violation: 松塘村 (kgd:village/st) kg:containedIn: kg:containedIn must point to a place "
      "(Country … IndustrialPark) (value kgd:person/li)"]),
    ("location-is-a-place",
     'enterprise:tm a kg:Enterprise ; rdfs:label "钛美"@zh-Hans ; kg:location town:yt .',
     'enterprise:tm a kg:Enterprise ; rdfs:label "钛美"@zh-Hans ; kg:location person:li .',
     ["Violation: 钛美 (kgd:enterprise/tm) kg:location: kg:location must point to a place "
      "(Country … IndustrialPark) (value kgd:person/li)"]),
    ("participates-in-a-programme",
     'programme:bqw a kg:Programme ; rdfs:label "百千万工程"@zh-Hans . town:yt kg:participatesIn programme:bqw .',
     'programme:bqw a kg:Event ; rdfs:label "百千万工程"@zh-Hans . town:yt kg:participatesIn programme:bqw .',
     ["Violation: 源潭镇 (kgd:town/yt) kg:participatesIn: kg:participatesIn must point to a kg:Programme "
      "(value kgd:programme/bqw)"]),
    ("industry-concept",
     'enterprise:tm a kg:Enterprise ; rdfs:label "钛美"@zh-Hans ; kg:industry kgc:industry-ceramics .',
     'enterprise:tm a kg:Enterprise ; rdfs:label "钛美"@zh-Hans ; kg:industry kgc:level-town .',
     ["Violation: 钛美 (kgd:enterprise/tm) kg:industry: kg:industry must be a concept of the kgc:industry "
      "scheme (value kgc:level-town)"]),
    ("level-concept",
     'award:wm a kg:Award ; rdfs:label "广东省文明村"@zh-Hans ; kg:level kgc:level-provincial .',
     'award:wm a kg:Award ; rdfs:label "广东省文明村"@zh-Hans ; kg:level kgc:industry-food .',
     ["Violation: 广东省文明村 (kgd:award/wm) kg:level: kg:level must be one concept of the kgc:level scheme "
      "(value kgc:industry-food)"]),
    ("role-is-text",
     'person:li kg:role "副镇长" .',
     'person:li kg:role town:yt .',
     ["Violation: 李韫哲 (kgd:person/li) kg:role: kg:role must be a string (value kgd:town/yt)"]),
    ("project-status",
     'project:p a kg:Project ; rdfs:label "陶瓷产业园"@zh-Hans ; kg:status kgc:status-under-construction .',
     'project:p a kg:Project ; rdfs:label "陶瓷产业园"@zh-Hans ; kg:status kgc:level-town .',
     ["Violation: 陶瓷产业园 (kgd:project/p) kg:status: kg:status must be one concept of the kgc:status scheme "
      "(value kgc:level-town)"]),
    ("project-progress-may-exceed-100",
     'project:p a kg:Project ; rdfs:label "陶瓷产业园"@zh-Hans ; kg:progress 109.09 .',
     'project:p a kg:Project ; rdfs:label "陶瓷产业园"@zh-Hans ; kg:progress 1200 .',
     ["Violation: 陶瓷产业园 (kgd:project/p) kg:progress: kg:progress must be one number between 0 and 1000 "
      "(percent) (value 1200)"]),
    ("project-investment",
     'project:p a kg:Project ; rdfs:label "陶瓷产业园"@zh-Hans ; kg:investment 100000000 .',
     'project:p a kg:Project ; rdfs:label "陶瓷产业园"@zh-Hans ; kg:investment -5 .',
     ["Violation: 陶瓷产业园 (kgd:project/p) kg:investment: kg:investment must be one non-negative number "
      "(yuan) (value -5)"]),
    ("project-dates-well-formed",
     'project:p a kg:Project ; rdfs:label "陶瓷产业园"@zh-Hans ; kg:plannedStart "2024-03"^^xsd:gYearMonth ; '
     'kg:expectedCompletion "2025"^^xsd:gYear .',
     'project:p a kg:Project ; rdfs:label "陶瓷产业园"@zh-Hans ; kg:plannedStart "2024-13"^^xsd:gYearMonth .',
     ["Violation: 陶瓷产业园 (kgd:project/p) kg:plannedStart: kg:plannedStart must be one well-formed xsd:date, "
      'xsd:gYearMonth or xsd:gYear (value "2024-13"^^xsd:gYearMonth)']),
    ("project-phase",
     'project:p a kg:Project ; rdfs:label "产业园"@zh-Hans . project:p1 a kg:Project ; rdfs:label "一期"@zh-Hans ; '
     'kg:phaseOf project:p ; kg:phaseNumber 1 .',
     'project:p a kg:Project ; rdfs:label "产业园"@zh-Hans . project:p1 a kg:Project ; rdfs:label "一期"@zh-Hans ; '
     'kg:phaseOf project:p ; kg:phaseNumber 0 .',
     ["Violation: 一期 (kgd:project/p1) kg:phaseNumber: kg:phaseNumber must be one integer ≥ 1 (value 0)"]),
    ("fact-derived-from-a-sentence",
     OBSERVATION,
     _obs().replace("prov:wasDerivedFrom s:s1 ;", "prov:wasDerivedFrom doc:t ;"),
     [f"Violation: {OBS} prov:wasDerivedFrom: needs prov:wasDerivedFrom pointing to a kg:Sentence "
      "(value kgd:doc/t)"]),
    ("division-code-twelve-digits",
     'village:st a kg:Village ; rdfs:label "松塘村"@zh-Hans ; kg:divisionCode "441802103206" .',
     'village:st a kg:Village ; rdfs:label "松塘村"@zh-Hans ; kg:divisionCode "4418021032" .',
     ['Violation: 松塘村 (kgd:village/st) kg:divisionCode: kg:divisionCode must be one string of twelve digits '
      '(a code of the 2023 division codes) (value "4418021032")']),
    ("not-grounded-has-no-code",
     'village:st a kg:Village ; rdfs:label "松塘村"@zh-Hans ; kg:grounded false .',
     'village:st a kg:Village ; rdfs:label "松塘村"@zh-Hans ; kg:grounded false ; kg:divisionCode "441802103206" .',
     ["Violation: 松塘村 (kgd:village/st) kg:divisionCode: a place marked kg:grounded false has no kg:divisionCode"]),
    ("statement-is-complete",
     'village:st a kg:Village ; rdfs:label "松塘村"@zh-Hans ; kg:containedIn town:yt . st:x a rdf:Statement ; '
     'rdf:subject village:st ; rdf:predicate kg:containedIn ; rdf:object town:yt ; prov:wasDerivedFrom s:s1 ; '
     'kg:startOffset 0 ; kg:endOffset 3 ; kg:rule "list" .',
     'st:x a rdf:Statement ; rdf:subject village:st ; rdf:predicate kg:containedIn ; prov:wasDerivedFrom s:s1 .',
     ["Violation: kgd:statement/x rdf:object: an rdf:Statement needs exactly one rdf:object"]),
    ("offsets-ordered",
     'st:x a rdf:Statement ; rdf:subject town:yt ; rdf:predicate kg:containedIn ; rdf:object town:yt ; '
     'prov:wasDerivedFrom s:s1 ; kg:startOffset 0 ; kg:endOffset 1 .',
     'st:x a rdf:Statement ; rdf:subject town:yt ; rdf:predicate kg:containedIn ; rdf:object town:yt ; '
     'prov:wasDerivedFrom s:s1 ; kg:startOffset 5 ; kg:endOffset 5 .',
     ["Violation: kgd:statement/x kg:startOffset: needs exactly one kg:startOffset, an integer ≥ 0 and less "
      "than kg:endOffset (value 5)"]),
    ("offsets-non-negative-integers",
     's:s2 a kg:Sentence ; kg:inDocument doc:t ; kg:startOffset 20 ; kg:endOffset 31 .',
     's:s2 a kg:Sentence ; kg:inDocument doc:t ; kg:startOffset -1 ; kg:endOffset "31" .',
     ["Violation: kgd:doc/t#s2 kg:endOffset: needs exactly one kg:endOffset, an integer ≥ 0 (value \"31\")",
      "Violation: kgd:doc/t#s2 kg:startOffset: needs exactly one kg:startOffset, an integer ≥ 0 and less than "
      "kg:endOffset (value -1)"]),
    ("sentence-in-a-document",
     's:s2 a kg:Sentence ; kg:inDocument doc:t ; kg:startOffset 20 ; kg:endOffset 31 ; kg:periodKind "plan" .',
     's:s2 a kg:Sentence ; kg:startOffset 20 ; kg:endOffset 31 ; kg:periodKind "past" .',
     ["Violation: kgd:doc/t#s2 kg:inDocument: a sentence needs exactly one kg:inDocument pointing to a kg:Document",
      'Violation: kgd:doc/t#s2 kg:periodKind: kg:periodKind must be "actual" or "plan" (value "past")']),
    ("document-year",
     'doc:u a kg:Document ; kg:reportYear "2024"^^xsd:gYear .',
     'doc:u a kg:Document ; kg:reportYear "2024年"^^xsd:gYear .',
     ['Violation: kgd:doc/u kg:reportYear: kg:reportYear must be one well-formed xsd:gYear '
      '(value "2024年"^^xsd:gYear)']),
    ("observation-value-numeric",
     OBSERVATION,
     _obs(value='"3.5亿"'),
     [f"Violation: {OBS} kg:value: needs exactly one numeric kg:value (well-formed xsd:decimal or xsd:integer) "
      '(value "3.5亿")']),
    ("observation-value-well-formed",
     _obs(value='"3.5"^^xsd:decimal'),
     _obs(value='"3,5"^^xsd:decimal'),
     [f"Violation: {OBS} kg:value: needs exactly one numeric kg:value (well-formed xsd:decimal or xsd:integer) "
      '(value "3,5"^^xsd:decimal)']),
    ("observation-unit",
     OBSERVATION,
     _obs(unit=""),
     [f"Violation: {OBS} kg:unit: needs exactly one kg:unit from the kgc:unit scheme"]),
    ("observation-unit-in-scheme",
     _obs(unit="kgc:unit-mu"),
     _obs(unit="kgc:unit-yuan"),
     [f"Violation: {OBS} kg:unit: needs exactly one kg:unit from the kgc:unit scheme (value kgc:unit-yuan)"]),
    ("observation-measure",
     _obs(measure="kgc:measure-other"),
     _obs(measure=""),
     [f"Violation: {OBS} kg:measure: needs exactly one kg:measure from the kgc:measure scheme "
      "(kgc:measure-other if unknown)"]),
    ("observation-period-end",
     _obs(periodStart=""),
     _obs(periodEnd=""),
     [f"Violation: {OBS} kg:periodEnd: needs exactly one kg:periodEnd, a well-formed xsd:date, xsd:gYearMonth "
      "or xsd:gYear"]),
    ("observation-period-well-formed",
     _obs(periodEnd='"2023-12-31"^^xsd:date'),
     _obs(periodEnd='"2023-13-45"^^xsd:date'),
     [f"Violation: {OBS} kg:periodEnd: needs exactly one kg:periodEnd, a well-formed xsd:date, xsd:gYearMonth "
      'or xsd:gYear (value "2023-13-45"^^xsd:date)']),
    ("observation-period-ordered",
     _obs(periodStart='"2023-10-31"^^xsd:date'),
     _obs(periodStart='"2023-11-01"^^xsd:date'),
     [f"Violation: {OBS} kg:periodStart: kg:periodStart must not be after kg:periodEnd "
      '(value "2023-11-01"^^xsd:date)']),
    ("observation-subject",
     OBSERVATION,
     _obs(subject=""),
     [f"Violation: {OBS} kg:subject: needs a kg:subject (the entity the figure is about)"]),
    ("observation-range",
     _obs(value="3", qualifier="kgc:qualifier-range ; kg:valueMax 5"),
     _obs(value="7", qualifier="kgc:qualifier-range ; kg:valueMax 5"),
     [f"Violation: {OBS} kg:value: kg:value must not exceed kg:valueMax (value 7)"]),
    ("observation-change-unit",
     _obs(changeUnit="kgc:unit-percentage-point"),
     _obs(changeUnit=""),
     [f"Violation: {OBS}: kg:change is given without kg:changeUnit"]),
    ("percentage-value-plausible",
     _obs(unit="kgc:unit-percent", value="109.09", measure="kgc:measure-progress"),
     _obs(unit="kgc:unit-percent", value="1500", measure="kgc:measure-progress"),
     [f"Violation: {OBS}: a percentage kg:value must lie between 0 and 1000"]),
    ("percentage-change-plausible",
     _obs(change="-99.5"),
     _obs(change="-150"),
     [f"Violation: {OBS}: a decline in percent cannot exceed 100: kg:change must be ≥ -100"]),
    ("conferral-award",
     'award:wm a kg:Award ; rdfs:label "优秀共产党员"@zh-Hans . body:qc a kg:GovernmentBody ; '
     'rdfs:label "中共清城区委"@zh-Hans . conf:c1 a kg:AwardConferral ; kg:recipient person:li ; '
     'kg:award award:wm ; kg:conferredBy body:qc ; kg:conferredOn "2023-06"^^xsd:gYearMonth ; '
     'kg:recipientRole "党总支部书记" ; prov:wasDerivedFrom s:s1 .',
     'conf:c1 a kg:AwardConferral ; kg:recipient person:li ; kg:conferredOn "2023-06-31"^^xsd:date ; '
     'prov:wasDerivedFrom s:s1 .',
     ["Violation: kgd:awardconferral/c1 kg:award: needs exactly one kg:award pointing to a kg:Award",
      "Violation: kgd:awardconferral/c1 kg:conferredOn: kg:conferredOn must be one well-formed xsd:date, "
      'xsd:gYearMonth or xsd:gYear (value "2023-06-31"^^xsd:date)']),
    ("conferral-recipient",
     'award:wm a kg:Award ; rdfs:label "优秀共产党员"@zh-Hans . conf:c1 a kg:AwardConferral ; '
     'kg:recipient person:li ; kg:award award:wm ; prov:wasDerivedFrom s:s1 .',
     'award:wm a kg:Award ; rdfs:label "优秀共产党员"@zh-Hans . conf:c1 a kg:AwardConferral ; '
     'kg:award award:wm ; prov:wasDerivedFrom s:s1 .',
     ["Violation: kgd:awardconferral/c1 kg:recipient: needs a kg:recipient"]),
    ("plan-item",
     'plan:p1 a kg:PlanItem ; kg:planYear "2024"^^xsd:gYear ; kg:text "推进陶瓷产业园建设" ; '
     'kg:concerns town:yt ; prov:wasDerivedFrom s:s1 .',
     'plan:p1 a kg:PlanItem ; kg:planYear "2024-01-01"^^xsd:date ; kg:text "推进陶瓷产业园建设" ; '
     'prov:wasDerivedFrom s:s1 .',
     ['Violation: 推进陶瓷产业园建设 (kgd:planitem/p1) kg:planYear: kg:planYear must be one well-formed xsd:gYear '
      '(value "2024-01-01"^^xsd:date)']),
    ("plan-year-has-four-digits",
     'plan:p1 a kg:PlanItem ; kg:planYear "2024"^^xsd:gYear ; prov:wasDerivedFrom s:s1 .',
     'plan:p1 a kg:PlanItem ; kg:planYear "24"^^xsd:gYear ; prov:wasDerivedFrom s:s1 .',
     ['Violation: kgd:planitem/p1 kg:planYear: kg:planYear must be one well-formed xsd:gYear '
      '(value "24"^^xsd:gYear)']),
    ("plan-item-provenance",
     'plan:p1 a kg:PlanItem ; kg:text "推进陶瓷产业园建设" ; prov:wasDerivedFrom s:s1 .',
     'plan:p1 a kg:PlanItem ; kg:text "推进陶瓷产业园建设" .',
     ["Violation: 推进陶瓷产业园建设 (kgd:planitem/p1) prov:wasDerivedFrom: needs prov:wasDerivedFrom pointing "
      "to a kg:Sentence"]),
]


def _graph(body: str) -> Graph:
    return Graph().parse(data=CONTEXT + body, format="turtle")


def test_context_conforms():
    report = validate(_graph(""))
    assert report.results == ()
    assert report.conforms


@pytest.mark.parametrize(("good", "bad", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_shape_accepts_the_good_and_reports_the_bad(good, bad, expected):
    ok = validate(_graph(good))
    assert [r.line() for r in ok.results] == []
    assert ok.conforms
    report = validate(_graph(bad))
    assert not report.conforms
    assert [r.line() for r in report.results] == expected


def _store_report(text: str | list[str], folder: Path, *, docs: int = 1, batch: int | None = None) -> ValidationReport:
    """Validate Turtle as ``kg validate`` checks a build: written into the store of a build folder (as the
    graph of ``docs`` documents, or one document per text of a list, beside the ontology graph), then
    either one SPARQL query per constraint over the store, or (with ``batch``) the documents read from
    ``kg.nq`` in batches of about that many triples."""
    import pyoxigraph as ox

    from kg.graph.rdf import ontology_files, ontology_quads
    from kg.graph.serialize import nquads_bytes
    from kg.graph.store import open_build, store_dir, write_store
    from kg.graph.validate import validate_build

    texts = [text] * docs if isinstance(text, str) else text
    parsed = {one: list(ox.parse(one.encode("utf-8"), format=ox.RdfFormat.TURTLE)) for one in texts}
    quads = [ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(f"https://w3id.org/kg-cn/id/doc/d{k}"))
             for k, one in enumerate(texts) for t in parsed[one]]  # a text given twice shares its blank nodes
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "kg.nq").write_bytes(ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
                                   + nquads_bytes(sorted(set(ontology_quads(ontology_files())), key=str)))
    write_store(store_dir(folder), nquads=folder / "kg.nq")
    if batch is None:
        return validate_build(open_build(folder))
    return validate_build(open_build(folder), nquads=folder / "kg.nq", batch=batch)


@pytest.mark.parametrize(("good", "bad", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_the_store_is_checked_as_pyshacl_checks_files(good, bad, expected, tmp_path):
    ok = _store_report(CONTEXT + good, tmp_path / "good")
    assert [r.line() for r in ok.results] == [] and ok.conforms
    assert ok.triples == len(_graph(good))
    report = _store_report(CONTEXT + bad, tmp_path / "bad", docs=2)  # the same triples stated twice count once
    assert [r.line() for r in report.results] == expected
    assert not report.conforms and report.triples == len(_graph(bad))


@pytest.mark.parametrize(("good", "bad", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_documents_checked_in_batches_give_the_same_report(good, bad, expected, tmp_path):
    """Each document its own batch (batch=1): every node the two copies share is checked again on the
    merged graph, and the report is the one of the whole graph."""
    ok = _store_report(CONTEXT + good, tmp_path / "good", batch=1)
    assert ok.conforms and ok.results == ()
    report = _store_report(CONTEXT + bad, tmp_path / "bad", docs=2, batch=1)
    assert [r.line() for r in report.results] == expected


@pytest.mark.parametrize("batch", [1, 10_000])
def test_batches_see_what_documents_only_break_together(batch, tmp_path):
    """Two reports each give one award a level: each conforms alone; read in batches, one document per
    batch or both in one, the merged graph's violation is found all the same."""
    a = CONTEXT + 'award:x a kg:Award ; rdfs:label "先进个人"@zh-Hans ; kg:level kgc:level-city .\n'
    b = PREFIXES + 'award:x a kg:Award ; rdfs:label "先进个人"@zh-Hans ; kg:level kgc:level-town .\n'
    report = _store_report([a, b], tmp_path / "kg", batch=batch)
    assert [r.line() for r in report.results] == [
        "Violation: 先进个人 (kgd:award/x) kg:level: kg:level must be one concept of the kgc:level scheme"]


def test_a_value_typed_by_another_report_is_not_a_fault(tmp_path):
    """The first report locates a project in a village that only the second report types: alone, the
    first breaks the location shape; in batches, the node is checked again on the merged graph, which
    conforms, as the query over the whole store says."""
    a = CONTEXT + 'project:p a kg:Project ; rdfs:label "道路工程"@zh-Hans ; kg:location village:v .\n'
    b = PREFIXES + 'village:v a kg:Village ; rdfs:label "新村"@zh-Hans .\n'
    assert not validate(_graph(a)).conforms
    assert _store_report([a, b], tmp_path / "whole").conforms
    assert _store_report([a, b], tmp_path / "batches", batch=1).conforms
    report = _store_report([a], tmp_path / "alone", batch=1)
    assert [r.path for r in report.results] == ["kg:location"]


def test_the_store_check_sees_what_documents_only_break_together(tmp_path):
    """An award given a level by each of two documents: each document conforms, the merged graph does not."""
    a = 'award:x a kg:Award ; rdfs:label "先进个人"@zh-Hans ; kg:level kgc:level-city .\n'
    b = 'award:x a kg:Award ; rdfs:label "先进个人"@zh-Hans ; kg:level kgc:level-town .\n'
    assert validate(_graph(a)).conforms and validate(_graph(b)).conforms
    merged = _store_report(CONTEXT + a + b, tmp_path / "kg")
    assert [r.line() for r in merged.results] == [
        "Violation: 先进个人 (kgd:award/x) kg:level: kg:level must be one concept of the kgc:level scheme"]
    assert [r.line() for r in validate(_graph(a + b)).results] == [r.line() for r in merged.results]


def test_cli_checks_the_build_in_its_store(tmp_path):
    _store_report(HANDMADE, tmp_path / "kg")
    done = _run(["validate", "--path", str(tmp_path / "kg")])
    assert done.stdout == HANDMADE_REPORT
    assert done.stderr == "" and done.returncode == 1


def test_results_carry_their_parts():
    report = validate(_graph('village:st a kg:Village ; rdfs:label "Songtang"@en .'))
    assert report.results == (ValidationResult(
        focus="https://w3id.org/kg-cn/id/village/st", focus_label="Songtang", path="rdfs:label",
        message="needs exactly one rdfs:label in zh-Hans", severity="Violation", value=""),)


def test_validate_leaves_the_input_graph_unchanged():
    graph = _graph(OBSERVATION)
    before = set(graph)
    validate(graph)
    assert set(graph) == before


def test_validate_accepts_a_dataset_with_named_graphs():
    ds = Dataset()
    ds.graph(URIRef("https://w3id.org/kg-cn/id/doc/t")).parse(data=CONTEXT, format="turtle")
    ds.graph(URIRef("https://w3id.org/kg-cn/id/doc/u")).parse(data=PREFIXES + _obs(value='"x"'), format="turtle")
    report = validate(ds)
    assert [r.path for r in report.results] == ["kg:value"]


def test_rdfs_inference_gives_the_same_verdict():
    good = validate(_graph(OBSERVATION), inference=Inference.RDFS)
    assert good.conforms
    bad = validate(_graph(_obs(subject="")), inference=Inference.RDFS)
    assert [r.path for r in bad.results] == ["kg:subject"]


def test_report_text_and_summary():
    report = validate(_graph(_obs(subject="", unit="")))
    assert report.text().splitlines()[-1] == f"Does not conform: 2 violations in {report.triples} triples."
    assert report.triples == len(_graph(_obs(subject="", unit="")))
    assert ValidationReport(True, (), 5).text() == "Conforms: 5 triples, no violations.\n"


# ------------------------------------------------------------------------------------ loading
@pytest.mark.parametrize(("suffix", "fmt"), [
    (".ttl", "turtle"), (".nt", "nt"), (".nq", "nquads"), (".trig", "trig"), (".jsonld", "json-ld"),
])
def test_every_format_gives_the_same_report(tmp_path, suffix, fmt):
    graph = _graph(_obs(unit="kgc:unit-yuan"))
    if fmt in ("nquads", "trig"):
        ds = Dataset()
        named = ds.graph(URIRef("https://w3id.org/kg-cn/id/doc/t"))
        for triple in graph:
            named.add(triple)
        data = ds.serialize(format=fmt)
    else:
        data = graph.serialize(format=fmt)
    path = tmp_path / f"g{suffix}"
    path.write_text(data, encoding="utf-8")
    assert load_graph([path]).isomorphic(graph) if fmt != "json-ld" else len(load_graph([path])) == len(graph)
    assert [r.line() for r in validate(path).results] == \
        [f"Violation: {OBS} kg:unit: needs exactly one kg:unit from the kgc:unit scheme (value kgc:unit-yuan)"]


@pytest.mark.parametrize(("content", "line", "message"), [
    ("@prefix a: <http://x/> .\na:b a:c a:d .\na:b a:c .\n", 3, ". is not a valid RDF object"),
    ("@prefix a: <http://x/> .\n\na:b a:c \"open .\n", 3, ""),
    ("a:b a:c a:d .\n", 1, "prefix"),
])
def test_malformed_turtle_names_file_and_line(tmp_path, content, line, message):
    path = tmp_path / "bad.ttl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValidationError) as e:
        validate(path)
    assert str(e.value).startswith(f"{path} line {line}: ")
    assert message in str(e.value)


def test_files_keep_lexical_forms_so_exponents_in_decimals_are_caught(tmp_path):
    # rdflib's own parser would silently rewrite "1e5"^^xsd:decimal as "100000"
    path = tmp_path / "g.ttl"
    path.write_text(CONTEXT + _obs(value='"1e5"^^xsd:decimal'), encoding="utf-8")
    assert [r.line() for r in validate(path).results] == [
        f"Violation: {OBS} kg:value: needs exactly one numeric kg:value (well-formed xsd:decimal or xsd:integer) "
        '(value "1e5"^^xsd:decimal)']


def test_unknown_extension_is_an_input_error(tmp_path):
    path = tmp_path / "g.rdf4"
    path.write_text("", encoding="utf-8")
    with pytest.raises(InputError, match=r"g\.rdf4: cannot tell the RDF format from the extension"):
        validate(path)


def test_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match=r"nope\.ttl: No such file or directory"):
        validate(tmp_path / "nope.ttl")


# ------------------------------------------------------------------------------------ CLI
HANDMADE = CONTEXT + """
village:st a kg:Village ; rdfs:label "Songtang"@en ; kg:containedIn town:yt ; kg:mentionedIn s:s1 .
project:p a kg:Project ; rdfs:label "陶瓷产业园"@zh-Hans ; kg:progress 109.09 ; kg:location person:li .
""" + _obs(value='"3.5亿"', changeUnit="")

HANDMADE_REPORT = """\
Violation: Songtang (kgd:village/st) rdfs:label: needs exactly one rdfs:label in zh-Hans
Violation: 工业总产值3.5亿元 (kgd:observation/o1): kg:change is given without kg:changeUnit
Violation: 工业总产值3.5亿元 (kgd:observation/o1) kg:value: needs exactly one numeric kg:value (well-formed xsd:decimal or xsd:integer) (value "3.5亿")
Violation: 陶瓷产业园 (kgd:project/p) kg:location: kg:location must point to a place (Country … IndustrialPark) (value kgd:person/li)
Does not conform: 4 violations in 38 triples.
"""


def _run(args: list[str], cwd: Path | None = None):
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, cwd=cwd or ROOT,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})


def test_cli_prints_the_exact_report_and_exits_1(tmp_path):
    path = tmp_path / "handmade.ttl"
    path.write_text(HANDMADE, encoding="utf-8")
    done = _run(["validate", str(path)])
    assert done.stdout == HANDMADE_REPORT
    assert done.stderr == ""
    assert done.returncode == 1


def test_cli_conforming_graph_exits_0(tmp_path):
    path = tmp_path / "good.ttl"
    path.write_text(CONTEXT + OBSERVATION, encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 0
    assert result.stdout == f"Conforms: {len(_graph(OBSERVATION))} triples, no violations.\n"


def test_cli_malformed_turtle_is_one_error_line(tmp_path):
    path = tmp_path / "bad.ttl"
    path.write_text("@prefix a: <http://x/> .\na:b a:c a:d .\na:b a:c .\n", encoding="utf-8")
    done = _run(["validate", str(path)])
    assert done.stderr == f"Error: {path} line 3: . is not a valid RDF object\n"
    assert done.stdout == ""
    assert done.returncode == 1


def test_cli_json_report(tmp_path):
    path = tmp_path / "handmade.ttl"
    path.write_text(HANDMADE, encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", "--format", "json", str(path)])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["conforms"] is False and data["triples"] == 38
    assert [r["path"] for r in data["results"]] == ["rdfs:label", "", "kg:value", "kg:location"]


def test_cli_defaults_to_the_built_graphs(tmp_path):
    (tmp_path / "data" / "kg").mkdir(parents=True)
    (tmp_path / "data" / "kg" / "a.ttl").write_text(CONTEXT, encoding="utf-8")
    (tmp_path / "data" / "kg" / "b.ttl").write_text(PREFIXES + 'village:st a kg:Village .', encoding="utf-8")
    done = _run(["validate"], cwd=tmp_path)
    assert done.stdout.splitlines()[0] == "Violation: kgd:village/st rdfs:label: needs exactly one rdfs:label in zh-Hans"
    assert done.returncode == 1


def test_cli_without_graphs_says_what_to_do(tmp_path):
    done = _run(["validate"], cwd=tmp_path)
    assert done.stderr == ("Error: no graphs given and none found in data/kg/*.ttl; run `kg build` first "
                           "or name the files to check\n")
    assert done.returncode == 1


def test_cli_unknown_format_choice_is_refused(tmp_path):
    result = CliRunner().invoke(main, ["validate", "--format", "xml", str(tmp_path / "x.ttl")])
    assert result.exit_code == 2


def test_docstring_examples_run():
    import doctest

    import kg.graph.validate

    outcome = doctest.testmod(kg.graph.validate)
    assert outcome.attempted >= 3 and outcome.failed == 0
