"""The query, show and stats commands as a user sees them, and --endpoint against a real Oxigraph server."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.graph.rdf import to_quads
from kg.graph.serialize import nquads_bytes
from tests.graph_fixture import tiny_extraction


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    from kg.graph.store import store_dir, write_store

    out = tmp_path_factory.mktemp("kg")
    (out / "kg.nq").write_bytes(nquads_bytes(to_quads([tiny_extraction()])))
    write_store(store_dir(out), nquads=out / "kg.nq")
    return out


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_people_as_a_table(built):
    r = run("query", "people", "--path", str(built))
    assert r.exit_code == 0
    assert r.stdout == ("person  role    affiliation\n"
                        "------  ------  -----------\n"
                        "李韫哲  副镇长  测试镇\n"
                        "(1 row)\n")


def test_numbers_are_right_aligned_in_tables(built):
    r = run("query", "conferring-bodies", "--path", str(built))
    assert r.stdout.splitlines()[2] == "provincial  广东省人力资源和社会保障厅           1"


def test_csv_tsv_json(built):
    csv_out = run("query", "projects-in-place", "--param", "place=金沙工业园", "--format", "csv", "--path", str(built))
    assert csv_out.stdout == ("project,location,status,investment,expectedCompletion\n"
                              "金沙工业园污水处理工程,金沙工业园,planned,29000000,2024-05\n")
    tsv_out = run("query", "people", "--format", "tsv", "--path", str(built))
    assert tsv_out.stdout == "person\trole\taffiliation\n李韫哲\t副镇长\t测试镇\n"
    js = json.loads(run("query", "honours", "--format", "json", "--path", str(built)).stdout)
    assert js["head"]["vars"] == ["recipient", "role", "award", "conferredBy", "date"]
    (b,) = js["results"]["bindings"]
    assert b["date"] == {"type": "literal", "value": "2023-06",
                         "datatype": "http://www.w3.org/2001/XMLSchema#gYearMonth"}
    assert b["conferredBy"]["value"] == "广东省人力资源和社会保障厅、广东省农业农村厅"


def test_turtle_for_construct(built, tmp_path):
    q = tmp_path / "villages.rq"
    q.write_text("CONSTRUCT { ?v a kg:Village ; kg:containedIn ?t } WHERE { ?v a kg:Village ; kg:containedIn ?t }",
                 encoding="utf-8")
    r = run("query", "--file", str(q), "--format", "turtle", "--path", str(built))
    assert r.exit_code == 0
    assert "village:song-tang-cun-a80e9f a kg:Village ;\n\tkg:containedIn town:ce-shi-zhen-" in r.stdout
    assert r.stdout.startswith("@prefix kg: <https://w3id.org/kg-cn/ontology#> .\n")


def test_list_names_every_query_with_its_question_and_params():
    r = run("query", "--list")
    assert r.exit_code == 0
    assert ("honours                Who received which honour, in which role, from which bodies (in the order the "
            "report names them), and when?") in r.stdout
    assert "--param place=…  a name of the park, area or place, e.g. 某某工业园" in r.stdout
    assert "--param industry=… (default ceramics)" in r.stdout


ERRORS = [
    (["query", "SELECT ?s WHERE { ?s kgx:p ?o }"],
     "Error: query line 1, column 22: unknown prefix 'kgx:'; known prefixes: dcterms, kg, kgc, kgd, org, owl, "
     "prov, qb, rdf, rdfs, schema, sh, skos, time, xsd"),
    (["query", "SELECT ?s WHERE {\n ?s ?p ?o"],
     "Error: query line 2, column 10: the query ends before it is complete; expected '}'"),
    (["query", "SELECT ?s WHERE {\n ?s ?p ?o ?x }"], "Error: query line 2, column 11: unexpected '?x'"),
    (["query", "SELECT ?s WHERE {\n ?s ?p ?o . ?s ?p"], "Error: query line 2, column 18: the query ends before it "
                                                      "is complete"),
    (["query", "SELECT ?s WHERE {\n ?s ?p ?o . ?s ?p }"], "Error: query line 2, column 18: expected 'var'"),
    (["query", "SELECT ?s WHERE {\n ?s ?p ?o FILTER(?o = ) }"], "Error: query line 2, column 22: expected 'var'"),
    (["query", "honors"], "Error: unknown named query 'honors'; available: conferring-bodies, "
                          "environment-projects, honours, indicator-changes, industry-enterprises, people, "
                          "places-by-code, plan-items, "
                          "plans-continuing, programmes, projects, projects-by-status, projects-in-place, provenance, "
                          "relations-of, things-per-class, town-indicators, village-activity"),
    (["query", "provenance"], "Error: named query 'provenance' needs --param name=… (a name of the entity "
                              "(Simplified, Traditional or an alias), e.g. 张三)"),
    (["query", "people", "--param", "oops"], "Error: --param 'oops': write it as name=value"),
    (["query", "people", "--format", "turtle"],
     "Error: --format turtle needs a CONSTRUCT or DESCRIBE query; use table, csv, tsv or json"),
    (["query"], "Error: give a SPARQL query, --file FILE or a named query (see kg query --list)"),
    (["show", "火星村"], "Error: no entity named '火星村'; try another script or spelling, or `kg query provenance "
                       "--param name=…`"),
]


@pytest.mark.parametrize("args, line", ERRORS)
def test_errors_are_one_line(built, args, line):
    r = run(*args, "--path", str(built))
    assert r.exit_code == 1
    assert r.stderr == line + "\n"
    assert r.stdout == ""


def test_nothing_built_yet(tmp_path):
    r = run("query", "people", "--path", str(tmp_path))
    assert r.exit_code == 1
    assert r.stderr == f"Error: {tmp_path / 'kg.nq'}: no built graph here; run `kg build` first\n"


@pytest.mark.parametrize("name", ["李韫哲", "李韞哲", "li yun zhe", "Lǐ Yùn-zhé", "LIYUNZHE"])
def test_show_finds_an_entity_by_any_name(built, name):
    r = run("show", name, "--path", str(built))
    assert r.exit_code == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0] == "https://w3id.org/kg-cn/id/person/li-yun-zhe-bc0f35"
    assert lines[1] == "type: Person"
    assert lines[2:5] == ["label (zh-Hans): 李韫哲", "label (zh-Hant): 李韞哲", "label (zh-Latn-pinyin): lǐ yùn zhé"]
    assert "  → role: 副镇长" in lines and "  → affiliation: 测试镇" in lines
    assert "  ← recipient: 李韫哲获全省先进个人" in lines
    assert lines[-1] == ("  testtown-2023#s5  6月，副镇长李韫哲被广东省人力资源和社会保障厅、广东省农业农村厅评为"
                         "“全省先进个人”。")


def test_show_lists_candidates_when_ambiguous(built):
    r = run("show", "广东省", "--path", str(built))
    assert r.exit_code == 1
    assert r.stderr.startswith("Error: '广东省' names 2 entities: 广东省人力资源和社会保障厅 (GovernmentBody, ")
    assert "广东省农业农村厅 (GovernmentBody, " in r.stderr and r.stderr.count("\n") == 1


def test_stats(built):
    r = run("stats", "--path", str(built))
    assert r.exit_code == 0
    lines = r.stdout.splitlines()
    assert lines[:2] == ["documents: 1", "sentences: 6"]
    assert any(line.split() == ["GovernmentBody", "2"] for line in lines)
    assert any(line.split() == ["kg:conferredBy", "2"] for line in lines)


# ---------------------------------------------------------------------------------- a real endpoint
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def endpoint(built, tmp_path_factory):
    oxigraph = Path(sys.executable).with_name("oxigraph")
    db = tmp_path_factory.mktemp("oxdb")
    subprocess.run([str(oxigraph), "load", "--location", str(db), "--file", str(built / "kg.nq")], check=True,
                   capture_output=True)
    port = _free_port()
    proc = subprocess.Popen([str(oxigraph), "serve-read-only", "--location", str(db), "--bind", f"127.0.0.1:{port}",
                             "--union-default-graph"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/query"
    try:
        for _ in range(200):
            try:
                req = urllib.request.Request(url, data=b"ASK {}", headers={"Content-Type": "application/sparql-query"})
                urllib.request.urlopen(req, timeout=1).read()
                break
            except OSError:
                if proc.poll() is not None:
                    raise RuntimeError("oxigraph serve-read-only exited")
                time.sleep(0.05)
        else:
            raise RuntimeError("oxigraph server did not answer")
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.mark.parametrize("args", [
    ["honours"], ["people", "--format", "csv"], ["projects-in-place", "--param", "place=测试镇", "--format", "json"],
    ["provenance", "-p", "name=松塘村", "--format", "tsv"], ["programmes"],
])
def test_endpoint_gives_the_same_answers_as_the_local_store(built, endpoint, args):
    local = run("query", *args, "--path", str(built))
    remote = run("query", *args, "--endpoint", endpoint)
    assert remote.exit_code == 0, remote.stderr
    assert remote.stdout == local.stdout
    assert len(remote.stdout.splitlines()) >= 2


def test_endpoint_construct_as_turtle(endpoint):
    r = run("query", "CONSTRUCT { ?v a kg:Village } WHERE { ?v a kg:Village }", "--format", "turtle",
            "--endpoint", endpoint)
    assert r.exit_code == 0, r.stderr
    assert "village:song-tang-cun-a80e9f a kg:Village ." in r.stdout


def test_endpoint_http_error_is_one_line(endpoint):
    bad = endpoint.replace("/query", "/nowhere")
    r = run("query", "people", "--endpoint", bad)
    assert r.exit_code == 1
    assert r.stderr.startswith(f"Error: endpoint {bad} answered HTTP 404")
    assert r.stderr.count("\n") == 1


def test_endpoint_unreachable():
    url = f"http://127.0.0.1:{_free_port()}/query"
    r = run("query", "people", "--endpoint", url)
    assert r.exit_code == 1
    assert r.stderr.startswith(f"Error: cannot reach endpoint {url}: ")
