"""Building the seed report: byte-identical rebuilds, outputs that parse everywhere, what the graph holds,
atomic replacement."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph

from kg.pipeline import build
from kg.cli import main
from kg.errors import InputError
from tests.conftest import ROOT, SEED

OUTPUTS = ("yuantan-2023.ttl", "kg.nq", "kg.jsonld", "build-report.json")


def _snapshot(folder: Path) -> dict[str, bytes]:
    """The output files (the store is a database: its content is compared with :func:`_store_quads`)."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def _tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder``, store and cache included."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _store_quads(folder: Path) -> set:
    store = ox.Store.read_only(str(folder / "store"))
    return {str(q) for q in store}


def test_outputs_are_written(seed_build):
    out, result = seed_build
    assert sorted(p.name for p in out.iterdir() if p.is_file()) == sorted(OUTPUTS)
    assert sorted(p.name for p in out.iterdir() if p.is_dir()) == [".cache", "store"]
    assert result.documents == ("yuantan-2023",)
    assert result.sentences > 50 and result.quads > 1000


def test_rebuild_is_byte_identical(seed_build, tmp_path):
    out, _ = seed_build
    again = tmp_path / "kg"
    build([SEED], out_dir=again)
    assert _snapshot(again) == _snapshot(out)
    # over its own previous output, in another process with another string hash seed
    root = Path(__file__).resolve().parent.parent
    subprocess.run([sys.executable, "-m", "kg", "build", str(SEED), "--out", str(again), "--rebuild"], cwd=root,
                   check=True, capture_output=True, env={**os.environ, "PYTHONHASHSEED": "7", "PYTHONPATH": str(root)})
    page = again / "network.html"
    first = page.read_bytes()
    page.unlink()
    assert _snapshot(again) == _snapshot(out)
    assert _store_quads(again) == _store_quads(out)
    # the network page too
    subprocess.run([sys.executable, "-m", "kg", "build", str(SEED), "--out", str(again), "--rebuild"], cwd=root,
                   check=True, capture_output=True, env={**os.environ, "PYTHONHASHSEED": "3", "PYTHONPATH": str(root)})
    assert page.read_bytes() == first


def test_outputs_parse_with_rdflib_and_pyoxigraph(seed_build):
    out, result = seed_build
    nq = Dataset()
    nq.parse(out / "kg.nq", format="nquads")
    js = Dataset()
    js.parse(out / "kg.jsonld", format="json-ld")
    assert len(nq) == len(js) == result.quads
    ttl = Graph().parse(out / "yuantan-2023.ttl", format="turtle")
    doc_graph = nq.graph(next(g.identifier for g in nq.graphs() if str(g.identifier).endswith("/doc/yuantan-2023")))
    assert len(ttl) == len(doc_graph) > 0
    for name, fmt in (("kg.nq", ox.RdfFormat.N_QUADS), ("kg.jsonld", ox.RdfFormat.JSON_LD),
                      ("yuantan-2023.ttl", ox.RdfFormat.TURTLE)):
        quads = list(ox.parse(path=str(out / name), format=fmt))
        assert quads and not any(isinstance(t, ox.BlankNode) for q in quads for t in (q.subject, q.object))
    assert len(list(ox.parse(path=str(out / "kg.nq"), format=ox.RdfFormat.N_QUADS))) == result.quads


def test_build_report(seed_build):
    out, result = seed_build
    report = json.loads((out / "build-report.json").read_text(encoding="utf-8"))
    (doc,) = report["documents"]
    assert doc["id"] == "yuantan-2023" and doc["source"] == "yuantan-2023-work-report.txt"
    assert doc["sentences"] == result.sentences
    assert report["quads"] == result.quads
    assert report["classes"]["Village"] >= 4
    assert set(report) >= {"warnings", "coordination_mismatches", "unrepaired_spans", "files", "classes"}
    assert report["files"]["kg.nq"] == (out / "kg.nq").stat().st_size


def test_graph_conforms_to_the_shapes(seed_build):
    from kg.graph.validate import validate

    out, _ = seed_build
    report = validate(out / "kg.nq")
    assert report.conforms, report


# -------------------------------------------------------------------------- what the graph holds
GOLD = ROOT / "data" / "gold" / "yuantan-2023.json"
_PREFIXES = """PREFIX kg: <https://w3id.org/kg-cn/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX prov: <http://www.w3.org/ns/prov#>
"""
#: Things the report names (every typed node of the ontology's namespace but documents and sentences).
_ENTITY = "?e a ?class . FILTER(STRSTARTS(STR(?class), STR(kg:)) && ?class NOT IN (kg:Document, kg:Sentence))"


@pytest.fixture(scope="module")
def seed_turtle(seed_build) -> ox.Store:
    """The document's Turtle file of the seed build, as the default graph of a pyoxigraph store."""
    store = ox.Store()
    store.bulk_load(path=str(seed_build.path / "yuantan-2023.ttl"), format=ox.RdfFormat.TURTLE)
    return store


def _select(store: ox.Store, sparql: str) -> list[tuple]:
    solutions = store.query(_PREFIXES + sparql)
    return [tuple(None if t is None else t.value for t in row) for row in solutions]


def _key(text: str) -> str:
    """A name without punctuation or spaces: the gold's ‘7个一’ and the graph's 7个一 compare equal."""
    return re.sub(r"[\W_]+", "", text)


def test_the_conferrals_are_the_hand_checked_ones(seed_turtle):
    gold = json.loads(GOLD.read_text(encoding="utf-8"))["conferrals"]
    rows = _select(seed_turtle, """
        SELECT ?c ?recipient ?award (GROUP_CONCAT(?body; separator="|") AS ?bodies) WHERE {
          ?c a kg:AwardConferral ; kg:recipient ?r ; kg:award ?a .
          ?r rdfs:label ?recipient FILTER(LANG(?recipient) = "zh-hans")
          ?a rdfs:label ?award FILTER(LANG(?award) = "zh-hans")
          OPTIONAL { ?c kg:conferredBy/rdfs:label ?body FILTER(LANG(?body) = "zh-hans") }
        } GROUP BY ?c ?recipient ?award""")
    assert len(gold) == 9
    assert len({c for c, *_ in rows}) == len(rows) == len(gold)

    def conferral(recipient, award, bodies):
        return recipient, _key(award), frozenset(_key(b) for b in bodies)

    assert sorted(conferral(r, a, b.split("|") if b else ()) for _, r, a, b in rows) == \
        sorted(conferral(g["recipient"], g["award"], g["conferrers"]) for g in gold)


def test_every_entity_has_its_labels(seed_turtle):
    from kg.graph.iri import NARY_CLASSES

    labels: dict[str, dict[str, str]] = {}
    kinds: dict[str, str] = {}
    for e, cls, lang, text in _select(seed_turtle, f"""
            SELECT ?e ?class (LANG(?l) AS ?lang) ?l WHERE {{ {_ENTITY} OPTIONAL {{ ?e rdfs:label ?l }} }}"""):
        kinds[e] = cls.rpartition("#")[2]
        if lang:
            labels.setdefault(e, {})[lang.lower()] = text
    named = [e for e in kinds if kinds[e] not in NARY_CLASSES]
    assert len(named) > 100 and len(kinds) > len(named)
    for e in named:  # a name in Simplified, in the report's Traditional and in pinyin
        assert {"zh-hans", "zh-hant", "zh-latn-pinyin"} <= set(labels.get(e, {})), (e, labels.get(e))
        assert not re.search(r"[\u3400-\u9fff]", labels[e]["zh-latn-pinyin"]), labels[e]  # no Han left
    for e in set(kinds) - set(named):  # a figure, honour or plan item is described in Simplified
        assert labels.get(e, {}).get("zh-hans"), e


def test_every_fact_and_entity_has_provenance(seed_turtle):
    # every statement about a thing is reified, derived from a sentence, at offsets inside that sentence
    plumbing = "kg:mentionedIn, kg:startOffset, kg:endOffset, kg:rule, kg:text"
    facts = _select(seed_turtle, f"""
        SELECT DISTINCT ?e ?p ?o WHERE {{ {_ENTITY} ?e ?p ?o .
          FILTER(STRSTARTS(STR(?p), STR(kg:)) && ?p NOT IN ({plumbing})) }}""")
    unsourced = _select(seed_turtle, f"""
        SELECT DISTINCT ?e ?p ?o WHERE {{ {_ENTITY} ?e ?p ?o .
          FILTER(STRSTARTS(STR(?p), STR(kg:)) && ?p NOT IN ({plumbing}))
          FILTER NOT EXISTS {{
            ?st a rdf:Statement ; rdf:subject ?e ; rdf:predicate ?p ; rdf:object ?o ;
                prov:wasDerivedFrom ?s ; kg:startOffset ?a ; kg:endOffset ?b ; kg:rule ?rule .
            ?s a kg:Sentence ; kg:startOffset ?sa ; kg:endOffset ?sb .
            FILTER(?sa <= ?a && ?a < ?b && ?b <= ?sb)
          }} }}""")
    assert len(facts) > 500 and unsourced == []
    # every thing is tied to a sentence: mentioned in one, or (a figure, an honour) derived from one
    untied = _select(seed_turtle, f"""
        SELECT ?e WHERE {{ {_ENTITY}
          FILTER NOT EXISTS {{ ?e kg:mentionedIn|prov:wasDerivedFrom ?s . ?s a kg:Sentence }} }}""")
    assert untied == []


@pytest.fixture
def raw_pair(tmp_path):
    """Two reports: the seed (with its sidecar) and a binary file posing as a report."""
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SEED, raw / SEED.name)
    shutil.copy(SEED.with_name(SEED.stem + ".meta.json"), raw / (SEED.stem + ".meta.json"))
    (raw / "broken.txt").write_bytes(bytes(range(256)) * 8)
    return raw


def test_failed_build_leaves_previous_outputs_intact(seed_build, raw_pair, tmp_path):
    out = tmp_path / "kg"
    shutil.copytree(seed_build.path, out)  # the outputs of an earlier build
    before = _tree(out)
    with pytest.raises(InputError, match="broken.txt"):
        build([raw_pair / SEED.name, raw_pair / "broken.txt"], out_dir=out)
    assert _tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kg", "raw"]  # no temporary folder left behind


def test_cli_build_summary_and_error_line(raw_pair, tmp_path):
    out = tmp_path / "kg"
    ok = CliRunner().invoke(main, ["build", str(raw_pair / SEED.name), "--out", str(out)])
    assert ok.exit_code == 0, ok.stderr
    assert ok.stdout.startswith(f"built 1 document(s) into {out}/: ")
    assert "entities per class: " in ok.stdout and "files: yuantan-2023.ttl, kg.nq, kg.jsonld, build-report.json" in ok.stdout
    assert ok.stderr.startswith("extract yuantan-2023-work-report.txt (1/1)\n")
    # the network page is remade with the graph, and the command says so
    page = out / "network.html"
    assert f"wrote {page} (network page of the new graph, " in ok.stderr.splitlines()[-1]
    assert "李韫哲" in page.read_text(encoding="utf-8")
    stale = page.read_bytes()
    bad = CliRunner().invoke(main, ["build", str(raw_pair / SEED.name), str(raw_pair / "broken.txt"), "--out", str(out)])
    assert bad.exit_code == 1
    *progress, error = bad.stderr.splitlines()
    assert progress == ["reuse yuantan-2023-work-report.txt (1/2)", "extract broken.txt (2/2)"]  # built just before
    assert error.startswith("Error: ") and error.endswith("broken.txt: this is a binary file, not a text report "
                                                          "(it contains NUL bytes)")
    assert page.read_bytes() == stale  # a failed build leaves the page of the previous graph
    page.write_text("old page", encoding="utf-8")
    again = CliRunner().invoke(main, ["build", str(raw_pair / SEED.name), "--out", str(out), "--no-page"])
    assert again.exit_code == 0 and "network page" not in again.stderr
    assert page.read_text(encoding="utf-8") == "old page"


def test_bad_base_iri_is_refused(tmp_path):
    with pytest.raises(InputError, match="base IRI 'example' must be absolute"):
        build([SEED], out_dir=tmp_path / "kg", base="example")


def test_no_reports_is_an_error(tmp_path):
    from kg.pipeline import default_reports

    with pytest.raises(InputError, match="no \\*.txt report"):
        default_reports(tmp_path)
