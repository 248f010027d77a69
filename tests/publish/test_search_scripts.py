"""A report written in Simplified characters, built into a graph: its names are found when typed in Traditional
characters, in ``kg show``, in SPARQL (a named query) and in the network page's search (real Chromium)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import kg.publish.viz as viz
from tests.browser import chromium

REPORT = """石门镇2023年工作总结
一、2023年工作情况
（一）经济发展。石门村投入45万元完善农田水利设施。
6月，副镇长王建国被临川市人民政府评为“优秀工作者”。
恒达新材料有限公司投资3亿元建设的恒达新材料二期项目落户金沙工业园。
"""
META = {"id": "shimen-2023", "title": "石门镇2023年工作总结", "issuer": "石门镇人民政府",
        "place": "浙江省临川市东岭区石门镇", "date": "2023-12-20", "year": 2023, "source": "shimen-2023.txt",
        "encoding": "utf-8", "script": "Hans"}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("shimen")
    (root / "shimen-2023.txt").write_text(REPORT, encoding="utf-8")
    (root / "shimen-2023.meta.json").write_text(json.dumps(META, ensure_ascii=False), encoding="utf-8")
    from kg.pipeline import build

    build([root / "shimen-2023.txt"], out_dir=root / "kg", jobs=1)
    return root / "kg"


def kg(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize(("typed", "name", "trad"), [("王建國", "王建国", "王建國"), ("石門村", "石门村", "石門村"),
                                                     ("王建国", "王建国", "王建國")])
def test_kg_show_finds_a_simplified_name_typed_in_either_script(built, typed, name, trad):
    out = kg("show", typed, "--path", str(built))
    assert out.returncode == 0, out.stderr
    assert f"label (zh-Hans): {name}" in out.stdout.splitlines()
    assert f"label (zh-Hant): {trad}" in out.stdout.splitlines()


def test_sparql_finds_a_simplified_name_typed_in_traditional(built):
    out = kg("query", "provenance", "--param", "name=王建國", "--path", str(built), "--format", "csv")
    assert out.returncode == 0, out.stderr
    rows = out.stdout.splitlines()
    assert rows[0] == "entity,type,sentence,text" and rows[1].startswith("王建国,Person,shimen-2023#s"), rows


def test_relations_of_a_name_typed_in_traditional(built):
    out = kg("query", "relations-of", "--param", "name=石門村", "--path", str(built), "--format", "csv")
    assert out.returncode == 0, out.stderr
    assert "石门村,containedIn,石门镇" in out.stdout and "45万元,subject,石门村" in out.stdout, out.stdout


@pytest.fixture(scope="module")
def page(built):
    from kg.graph.store import load
    from playwright.sync_api import sync_playwright

    path = viz.write(load(built), built / "network.html")
    with sync_playwright() as p:
        browser = chromium(p)
        pg = browser.new_page(viewport={"width": 1200, "height": 800})
        pg.goto(path.as_uri())
        pg.wait_for_selector("body[data-state=ready]", timeout=60_000)
        yield pg
        browser.close()


@pytest.mark.parametrize(("typed", "name"), [("王建國", "王建国"), ("石門村", "石门村"), ("王建国", "王建国")])
def test_network_page_search_finds_a_simplified_name_typed_in_traditional(page, typed, name):
    page.fill("#search", "")
    page.fill("#search", typed)
    page.wait_for_selector("#results li")
    first = page.eval_on_selector("#results li", "li => li.firstChild.textContent")
    assert first == name


def test_relations_of_a_firm_show_its_project_and_the_park_it_lies_in(built):
    out = kg("query", "relations-of", "--param", "name=恆達新材料有限公司", "--path", str(built), "--format", "csv")
    assert out.returncode == 0, out.stderr
    rows = {tuple(line.split(",")[:3]) for line in out.stdout.splitlines()[1:]}
    assert {("恒达新材料（二期）", "investor", "恒达新材料有限公司"), ("恒达新材料（二期）", "location", "金沙工业园"),
            ("恒达新材料（二期）", "phaseOf", "恒达新材料")} <= rows, rows
