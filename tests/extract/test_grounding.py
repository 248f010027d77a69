"""Official places in the graph: a report's own places from its sources, the gazetteer's candidates, codes and
parents from the code hierarchy, one node per division across reports, places outside the codes told apart by
their parent, and the invented excerpts kept apart from real places.  Codes are read from the gazetteer, never
written out here, except where a test pins what a user sees."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.extract import extract, locate_document
from kg.extract.framework import Context, Token
from kg.extract.ground import divisions
from kg.extract.ground.candidates import gazetteer
from kg.extract.ground.gazetteer import find_county, fold
from kg.extract.ground.scope import OwnPlace, own_place, own_place_of_names
from kg.model import DocumentMeta, Origin
from kg.text.segment import load_document
from tests.conftest import ROOT
from tests.docs import one_sentence

SEED = ROOT / "data" / "raw" / "yuantan-2023-work-report.txt"
EXCERPTS = sorted((ROOT / "data" / "excerpts").glob("*.txt"))


def _code_of(ex, entity_id):
    return next((f.object.lexical for f in ex.facts if f.subject == entity_id and f.predicate == "divisionCode"),
                None)


def _parents(ex, entity_id):
    return {f.object for f in ex.facts if f.subject == entity_id and f.predicate == "containedIn"}


def _division_named(name, under):
    """The division of a name among those right under a code (read from the gazetteer)."""
    found = [d for d in divisions.children(under) if fold(name) in {fold(n) for n in d.names}]
    return found[0] if len(found) == 1 else None


# --- the seed: every town, village and community with its code and parent -------------------------------------


@pytest.fixture(scope="module")
def seed():
    return extract(load_document(SEED))


def test_every_town_village_and_community_of_the_seed_carries_its_code_and_parent(seed):
    meta = json.loads(SEED.with_name(SEED.stem + ".meta.json").read_text(encoding="utf-8"))
    (town,) = [d for d in divisions.children(find_county(meta["place"])[0].code) if d.name == meta["town"]]
    by_id = {e.id: e for e in seed.entities}
    places = [e for e in seed.entities if e.type in ("Town", "Village", "Community")]
    assert len(places) >= 10
    for e in places:
        official = town if e.name == town.name else _division_named(e.name, town.code)
        if official is None:  # not in the codes (a natural village): kept, marked, and in its town
            assert _code_of(seed, e.id) is None and ("grounded" in {f.predicate for f in seed.facts
                                                                    if f.subject == e.id}), e
            assert town.name in {by_id[p].name for p in _parents(seed, e.id)}, e
            continue
        assert _code_of(seed, e.id) == official.code, e
        assert e.id == f"{e.type}/{official.code}"
        (parent,) = _parents(seed, e.id)
        assert _code_of(seed, parent) == official.parent, e
    # the chain goes on up to the province, each link read from the codes
    chain = [town.code]
    while (parent := divisions.division(chain[-1]).parent) is not None:
        chain.append(parent)
    coded = {_code_of(seed, e.id) for e in seed.entities}
    assert set(chain) <= coded


def test_a_natural_village_written_after_its_village_lies_in_it(seed):
    (v,) = [e for e in seed.entities if e.name == "根竹庄村"]  # written 大连根竹庄村: in 大连村
    by_id = {e.id: e for e in seed.entities}
    assert "大连村" in {by_id[p].name for p in _parents(seed, v.id)}
    assert v.id.startswith("Village/根竹庄村@Village/")


def test_the_text_spelling_of_a_village_is_an_alias_of_its_official_name(seed):
    (village,) = [e for e in seed.entities if "大垯" in e.aliases]
    assert village.name == "大达村" and village.type == "Village"
    assert "大垯村" in village.aliases or "大垯" in village.aliases


def test_places_above_the_named_ones_come_from_the_codes_with_their_rule(seed):
    parents = [f for f in seed.facts if f.predicate == "containedIn" and f.provenance[0].rule == "gazetteer-parent"]
    assert parents and all(seed.document.text[p.start:p.end] == p.text for f in parents for p in f.provenance)
    codes = [f for f in seed.facts if f.predicate == "divisionCode"]
    assert all(len(f.object.lexical) == 12 and f.object.lexical.isdigit() for f in codes)


# --- two reports, one village -----------------------------------------------------------------------------------


def _report(folder: Path, name: str, text: str, place: str | None) -> Path:
    path = folder / f"{name}.txt"
    path.write_text(text, encoding="utf-8")
    if place is not None:
        (folder / f"{name}.meta.json").write_text(json.dumps({"id": name, "place": place, "year": 2023},
                                                             ensure_ascii=False), encoding="utf-8")
    return path


def test_two_reports_that_spell_a_village_differently_make_one_node(tmp_path):
    from pyoxigraph import RdfFormat, Store

    street = "湖北省武汉市新洲区旧街街道"
    village = next(d for d in divisions.children(own_place_of_names(street).grounded[-1].code)
                   if (d.usual or d.name) == "戴家湾村")
    a = _report(tmp_path, "a-2023", "一、工作总结\n戴家塆村完成人居环境整治，投入资金80万元。\n", street)
    b = _report(tmp_path, "b-2023", "一、工作总结\n戴家湾村新建文化广场一处。\n", street)
    r = CliRunner().invoke(main, ["build", str(a), str(b), "--out", str(tmp_path / "kg")])
    assert r.exit_code == 0, r.output
    store = Store()
    store.load(path=str(tmp_path / "kg" / "kg.nq"), format=RdfFormat.N_QUADS)
    rows = list(store.query(f"""
        PREFIX kg: <https://w3id.org/kg-cn/ontology#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT DISTINCT ?v ?label ?alt WHERE {{ GRAPH ?g {{
          ?v kg:divisionCode "{village.code}" ; rdfs:label ?label ; skos:altLabel ?alt .
          FILTER(langMatches(lang(?label), "zh-Hans")) }} }}"""))
    assert {str(row["v"].value) for row in rows} == {f"https://w3id.org/kg-cn/id/division/{village.code}"}
    assert {row["label"].value for row in rows} == {"戴家湾村"}
    assert "戴家塆村" in {row["alt"].value for row in rows}
    graphs = list(store.query(f"""PREFIX kg: <https://w3id.org/kg-cn/ontology#>
        SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?v kg:divisionCode "{village.code}" }} }}"""))
    assert len(graphs) == 2


def test_a_village_outside_the_codes_is_one_node_in_its_town_and_another_in_another_town():
    def village(text, place, doc_id):
        ex = extract(one_sentence(text, place=place, doc_id=doc_id))
        (v,) = [e for e in ex.entities if e.type == "Village"]
        return ex, v

    ex1, a = village("甲乙新村完成改造", "江西省瑞川市桐溪县檀溪镇", "a")
    _, b = village("甲乙新村新建广场", "江西省瑞川市桐溪县檀溪镇", "b")
    _, c = village("甲乙新村完成改造", "江西省瑞川市桐溪县白水镇", "c")
    assert a.id == b.id != c.id
    assert "@" in a.id and {f.object for f in ex1.facts if f.subject == a.id and f.predicate == "grounded"} == {
        __import__("kg.model", fromlist=["Value"]).Value("false", "boolean")}


# --- the report's own places ------------------------------------------------------------------------------------


def test_a_chain_is_grounded_only_as_far_as_it_agrees():
    place = "黑龙江省北岭市青禾县宝泉镇"
    assert find_county(place)  # two names of four agree with a real county: the gazetteer alone would ground it
    own = own_place_of_names(place)
    assert [(o.field, o.value, bool(o.code)) for o in own.places] == [
        ("Province", "黑龙江省", True), ("City", "北岭市", False), ("District", "青禾县", False),
        ("Town", "宝泉镇", False)]
    assert own.scope is None
    assert [o.value for o in own.unknown] == ["北岭市", "青禾县", "宝泉镇"]


@pytest.mark.parametrize("path", EXCERPTS, ids=[p.stem for p in EXCERPTS])
def test_the_invented_excerpts_ground_only_their_real_province(path):
    ex = extract(load_document(path))
    own = [o for o in ex.document.meta.origin if o.field in ("Province", "City", "District", "Town")]
    real = [o for o in own if o.code]  # the province (北京市 is a province-level city)
    assert [len(divisions.natural(o.code)) for o in real] == [2], own
    invented = {(o.field, o.value) for o in own if not o.code}
    assert invented
    for e in ex.entities:
        if (e.type, e.name) in invented:
            assert _code_of(ex, e.id) is None and "@" in e.id, e


def test_a_report_without_a_sidecar_finds_its_own_places_from_its_text(tmp_path):
    path = tmp_path / SEED.name
    shutil.copy(SEED, path)
    r = CliRunner().invoke(main, ["build", str(path), "--out", str(tmp_path / "kg")])
    assert r.exit_code == 0, r.output
    (doc,) = json.loads((tmp_path / "kg" / "build-report.json").read_text(encoding="utf-8"))["documents"]
    meta = json.loads(SEED.with_name(SEED.stem + ".meta.json").read_text(encoding="utf-8"))
    found = doc["found"]
    assert (found["Town"]["value"], found["Town"]["from"]) == (meta["town"], "text")
    for field, key in (("District", "district"), ("City", "city"), ("Province", "province")):
        assert (found[field]["value"], found[field]["from"]) == (meta[key], "gazetteer")
        assert len(found[field]["code"]) == 12
    assert found["year"] == {"value": str(meta["year"]), "from": "text"}


def _bare(text):
    """A document of a text with no sidecar."""
    from kg.text.normalize import normalize
    from kg.text.segment import segment, with_heading

    norm = normalize(text)
    return segment(norm, doc_id="t", meta=with_heading(DocumentMeta(), norm.text))


def test_a_heading_names_the_town_and_the_text_confirms_it():
    doc = _bare("九龙镇2023年工作总结\n2023年，全镇上下在涞水县委领导下，庄里村、镇厂村完成改造。\n")
    assert (doc.meta.title, doc.meta.year) == ("九龙镇2023年工作总结", 2023)
    own = own_place(doc)
    assert [(o.field, o.value, o.source) for o in own.places][-2:] == [
        ("District", "涞水县", "gazetteer"), ("Town", "九龙镇", "heading")]


def test_a_town_named_alone_in_a_heading_is_not_grounded_when_nothing_around_it_agrees():
    own = own_place(_bare("宝泉镇2023年工作总结\n2023年，全镇粮食丰收，青禾县委表扬。\n"))
    assert [(o.field, o.value, o.code) for o in own.places] == [("Town", "宝泉镇", "")]
    assert any("named alone" in n for n in own.notes)


def test_the_place_option_comes_before_the_sidecar(tmp_path):
    path = _report(tmp_path, "x-2023", "一、工作总结\n庄里村完成改造。\n", "江西省瑞川市桐溪县檀溪镇")
    r = CliRunner().invoke(main, ["extract", str(path), "--json", "--place", "河北省保定市涞水县九龙镇"])
    assert r.exit_code == 0, r.output
    (v,) = [e for e in json.loads(r.output)["entities"] if e["type"] == "Village"]
    assert v["id"] == "Village/" + _division_named("庄里村", own_place_of_names("河北省保定市涞水县九龙镇")
                                                      .grounded[-1].code).code


def test_a_place_option_that_names_no_place_is_one_error_line(tmp_path):
    path = _report(tmp_path, "x-2023", "一、工作总结\n庄里村完成改造。\n", None)
    r = CliRunner().invoke(main, ["build", str(path), "--out", str(tmp_path / "kg"), "--place", "somewhere"])
    assert r.exit_code == 1
    assert r.output == ("Error: --place 'somewhere': no place name ending in 省, 市, 区, 县, 镇, 乡 or 街道 could be "
                        "read; write the chain from the province down, e.g. --place 河北省保定市涞水县\n")


def test_places_not_in_the_codes_are_a_warning_of_the_build_report():
    doc, warnings = locate_document(one_sentence("甲村完成改造", place="江西省瑞川市桐溪县檀溪镇"))
    assert [w.code for w in warnings] == ["place-not-in-codes"]
    assert "瑞川市 (sidecar), 桐溪县 (sidecar), 檀溪镇 (sidecar) not found under 江西省" in warnings[0].message
    assert [o.source for o in doc.meta.origin] == ["sidecar"] * 4


# --- the gazetteer step with and without word boundaries --------------------------------------------------------


def _context(text, tokens=()):
    doc = one_sentence(text, place="河北省保定市涞水县九龙镇")
    own = OwnPlace(tuple(o for o in own_place(doc).places))
    return Context(doc, doc.sentences[0], own_place=own, tokens=tokens)


def test_a_short_name_outside_a_list_needs_a_place_word_of_the_tokens():
    text = "庄里的果园扩大"
    assert gazetteer.run(_context(text))["gazetteer"] == ()
    out = gazetteer.run(_context(text, (Token(0, 2, "庄里", "LOC"), Token(2, 3, "的", "u"))))
    assert [(f.mention.text, f.name, f.mention.rule) for f in out["gazetteer"]] == [("庄里", "庄里村", "gazetteer-short")]


def test_a_short_name_across_word_boundaries_is_not_read():
    text = "庄里、镇厂完成改造"
    assert [f.mention.text for f in gazetteer.run(_context(text))["gazetteer"]] == ["庄里", "镇厂"]
    tokens = (Token(0, 1, "庄", "n"), Token(1, 3, "里、", "w"), Token(3, 5, "镇厂", "n"))
    assert [f.mention.text for f in gazetteer.run(_context(text, tokens))["gazetteer"]] == []


def test_origin_records_where_the_metadata_came_from():
    meta = DocumentMeta(origin=(Origin("Town", "九龙镇", "heading", "130623105000"),))
    from kg.extract.admin import hierarchy

    assert hierarchy(meta) == (("Town", "九龙镇"),)


# --- the README's examples ----------------------------------------------------------------------------------------


def _readme_block(command: str) -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split(f"$ {command}\n", 1)[1].split("\n$ ", 1)[0].split("```", 1)[0]
    return block.rstrip("\n").splitlines()


@pytest.mark.parametrize(("command", "args", "lines"), [
    ("kg show 大垯村", ["show", "大垯村"], None),
    ("kg query places-by-code --param code=4418021032", ["query", "places-by-code", "--param", "code=4418021032"],
     None),
    ("kg show 根竹庄村 | sed -n 6,10p", ["show", "根竹庄村"], (6, 10)),
])
def test_the_readme_shows_what_kg_prints_of_places(seed_build, command, args, lines):
    r = CliRunner().invoke(main, [*args, "--path", str(seed_build.path)])
    assert r.exit_code == 0, r.output
    printed = r.output.splitlines()
    if lines:
        printed = printed[lines[0] - 1:lines[1]]
    assert printed == _readme_block(command)


def test_the_readme_shows_what_kg_extract_says_of_an_invented_place():
    r = CliRunner().invoke(main, ["extract", str(ROOT / "data" / "excerpts" / "baoquan-2023.txt")])
    lines = r.output.splitlines()
    town = next(i for i, line in enumerate(lines) if line.startswith("Town  "))
    assert lines[town:town + 2] == _readme_block('kg extract data/excerpts/baoquan-2023.txt | grep -A1 "^Town  "')
    assert [x for x in lines if x.startswith("warning")] == _readme_block(
        'kg extract data/excerpts/baoquan-2023.txt | grep "^warning"')


def test_kg_show_finds_a_place_by_its_division_code(seed_build, seed):
    (town,) = [e for e in seed.entities if e.type == "Town"]
    code = _code_of(seed, town.id)
    r = CliRunner().invoke(main, ["show", code, "--path", str(seed_build.path)])
    assert r.exit_code == 0, r.output
    assert r.output.splitlines()[:2] == [f"https://w3id.org/kg-cn/id/division/{code}", "type: Town"]
    assert f"label (zh-Hans): {town.name}" in r.output
