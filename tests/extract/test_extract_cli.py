"""`kg extract`: what the user sees, and the one-line error for bad input."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kg.cli import main


REPORT = "2023年工作总结\n一、2023年工作亮点\n(一)乡村振兴。松塘、洞尾和大垯共3个村委会完成改革,投入45万元整治松塘村。\n"


@pytest.fixture()
def report(tmp_path):
    p = tmp_path / "demo-2023.txt"
    p.write_text(REPORT, encoding="utf-8")
    (tmp_path / "demo-2023.meta.json").write_text(json.dumps(
        {"id": "demo-2023", "place": "广东省清远市清城区源潭镇", "year": 2023}, ensure_ascii=False), encoding="utf-8")
    return p


def test_extract_lists_entities_with_where_and_rule(report):
    r = CliRunner().invoke(main, ["extract", str(report)])
    assert r.exit_code == 0, r.output
    line = next(x for x in r.output.splitlines() if x.startswith("Village") and "松塘村" in x)
    assert "demo-2023#s" in line and "coordination:村委会" in line
    assert "    containedIn → Town/源潭镇" in r.output


def test_extract_json_and_skipped(report):
    r = CliRunner().invoke(main, ["extract", str(report), "--json", "--skipped"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert data["document"] == "demo-2023"
    village = next(e for e in data["entities"] if e["name"] == "松塘村")
    assert village["id"] == "Village/441802103206"  # a village of the division codes is its code
    assert {m["rule"] for m in village["mentions"]} == {"coordination:村委会", "place-suffix:村"}
    assert any(s["rule"] == "date" and s["text"] == "2023" for s in data["skipped"])


def test_extract_missing_file_is_one_error_line(tmp_path):
    r = CliRunner().invoke(main, ["extract", str(tmp_path / "nope.txt")])
    assert r.exit_code == 1
    assert r.output.count("\n") == 1 and r.output.startswith("Error: ")


def test_extract_bad_curation_file_is_one_error_line(report, tmp_path):
    bad = tmp_path / "curation.json"
    bad.write_text("[1, 2]", encoding="utf-8")
    r = CliRunner().invoke(main, ["extract", str(report), "--curation", str(bad)])
    assert r.exit_code == 1
    assert r.output.startswith("Error: ") and "curation" in r.output


def test_extract_applies_a_curation_file(report, tmp_path):
    plain = CliRunner().invoke(main, ["extract", str(report), "--json"])
    names = {(e["type"], e["name"]) for e in json.loads(plain.output)["entities"]}
    typ, name = sorted(n for n in names if n[0] == "Village")[0]
    cur = tmp_path / "curation.json"
    cur.write_text(json.dumps({"types": {name: "Community"}, "aliases": {name: ["别名甲"]}}, ensure_ascii=False),
                   encoding="utf-8")
    r = CliRunner().invoke(main, ["extract", str(report), "--json", "--curation", str(cur)])
    assert r.exit_code == 0, r.output
    fixed = {e["name"]: e for e in json.loads(r.output)["entities"]}
    assert fixed[name]["type"] == "Community"
    assert "别名甲" in fixed[name]["aliases"]


EXPLAINED_S4 = """\
demo-2023#s4 [30,61) 松塘、洞尾和大垯共3个村委会完成改革，投入45万元整治松塘村。
  kept     Village           松塘                  [30,32)      coordination:村委会  mentions: kept · 441802103206
  dropped  Village           松塘                  [30,32)      gazetteer-short      gazetteer: found-by-rule (Village 松塘 [30,32))
  kept     Village           洞尾                  [33,35)      coordination:村委会  mentions: kept · 441802103222
  dropped  Village           洞尾                  [33,35)      gazetteer-short      gazetteer: found-by-rule (Village 洞尾 [33,35))
  kept     Village           大垯                  [36,38)      coordination:村委会  mentions: kept · 441802103202
  dropped  Village           大垯                  [36,38)      gazetteer-short      gazetteer: found-by-rule (Village 大垯 [36,38))
  kept     Observation       3个                   [39,41)      quantity             observations: observation
  dropped  Village           村委会                [41,44)      place-suffix:村委会  places: no-name-before-suffix
  dropped  Village           投入45万元整治松塘村  [49,60)      coordination:村      coordination: no-list-items
  kept     Observation       45万元                [51,55)      quantity             observations: observation
  dropped  Village           松塘村                [57,60)      gazetteer-full       gazetteer: found-by-rule (Village 松塘村 [57,60))
  kept     Village           松塘村                [57,60)      place-suffix:村      mentions: kept · 441802103206
"""


@pytest.mark.parametrize("sentence", ["s4", "demo-2023#s4"])
def test_explain_one_sentence_shows_every_candidate_with_its_rules(report, sentence):
    r = CliRunner().invoke(main, ["extract", str(report), "--explain", "--sentence", sentence])
    assert r.exit_code == 0, r.output
    assert r.output == EXPLAINED_S4


def test_explain_without_a_sentence_covers_every_sentence(report):
    r = CliRunner().invoke(main, ["extract", str(report), "--explain"])
    assert r.exit_code == 0, r.output
    heads = [line.split(" ", 1)[0] for line in r.output.splitlines() if not line.startswith(" ")]
    assert heads == ["demo-2023#s1", "demo-2023#s2", "demo-2023#s3", "demo-2023#s4"]
    assert "  dropped  Observation       2023  [0,4)        number  observations: date" in r.output


def test_explain_json_names_the_rule_the_step_and_the_cause(report):
    r = CliRunner().invoke(main, ["extract", str(report), "--explain", "--json", "--sentence", "s4"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert data["document"] == "demo-2023"
    (s,) = data["sentences"]
    assert (s["id"], s["start"], s["end"]) == ("demo-2023#s4", 30, 61)
    assert s["candidates"][0] == {"type": "Village", "text": "松塘", "name": "松塘村", "start": 30, "end": 32,
                                  "proposed_by": "coordination:村委会", "kept": True, "rule": "kept",
                                  "step": "mentions", "cause": None, "code": "441802103206"}
    assert {(c["text"], c["rule"]) for c in s["candidates"] if not c["kept"]} == {
        ("村委会", "no-name-before-suffix"), ("投入45万元整治松塘村", "no-list-items"), ("松塘", "found-by-rule"),
        ("洞尾", "found-by-rule"), ("大垯", "found-by-rule"), ("松塘村", "found-by-rule")}


@pytest.mark.parametrize(("args", "error"), [
    (["--explain", "--sentence", "s9"],
     "Error: sentence 's9': demo-2023 has no such sentence; its sentences are s1–s4 (write s80 or demo-2023#s80)\n"),
    (["--sentence", "s4"], "Error: --sentence goes with --explain\n"),
    (["--explain", "--skipped"], "Error: --explain shows the decisions before curation, skipped numbers included; "
                                 "leave out --curation and --skipped\n"),
])
def test_explain_misuse_is_one_error_line(report, args, error):
    r = CliRunner().invoke(main, ["extract", str(report), *args])
    assert r.exit_code == 1
    assert r.output == error


def test_the_readme_explain_examples_are_what_the_command_prints():
    """Each ``kg extract … --explain`` example of the README prints what the README shows."""
    from tests.conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    examples = [block for block in readme.split("```console\n")[1:] if block.startswith("$ kg extract")
                and "--explain" in block.splitlines()[0]]
    assert len(examples) >= 2
    for block in examples:
        command, *shown = block.split("```")[0].splitlines()
        args = command.removeprefix("$ kg ").split(" | ")[0].split()
        r = CliRunner().invoke(main, args)
        assert r.exit_code == 0, r.output
        printed = r.output.splitlines()
        if "| tail -" in command:
            printed = printed[-int(command.rsplit("-", 1)[1]):]
        elif "| sed -n " in command:
            first, last = command.rsplit(" ", 1)[1].rstrip("p").split(",")
            printed = printed[int(first) - 1:int(last)]
        assert printed == shown, command
