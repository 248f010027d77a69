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
    village = next(e for e in data["entities"] if e["id"] == "Village/松塘村")
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
