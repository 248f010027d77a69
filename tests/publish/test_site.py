"""kg site: the static pages, their links and escaping, JSON-LD, and a walk through them in Chromium."""

from __future__ import annotations

import functools
import html
import json
import re
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from kg.errors import InputError
from kg.graph.store import StoreFallbackWarning
from kg.publish.site import build_site, page_path
from kg.graph.vocab import DEFAULT_BASE
from tests.browser import chromium, foreign
from tests.conftest import ROOT
from tests.publish_fixture import (
    CONFERRAL, DOC, EVIL, EVIL_NODE, OBSERVATION, PERSON, PROJECT, TOWN, VILLAGE_A, VILLAGE_B, build_dataset,
    write_fixture,
)



@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    return write_fixture(tmp_path_factory.mktemp("kg"))


@pytest.fixture(scope="module")
def site(data, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("web") / "site"
    build_site(data, out=out)
    return out


def page(site: Path, iri: str) -> str:
    return (site / page_path(str(iri))).read_text(encoding="utf-8")


def hrefs(text: str) -> list[str]:
    return [html.unescape(h) for h in re.findall(r'href="([^"]*)"', text)]


@pytest.mark.parametrize(("iri", "path"), [
    (DEFAULT_BASE + "village/songtang-cun-1a2b3c", "village/songtang-cun-1a2b3c.html"),
    (DEFAULT_BASE + "doc/yuantan-2023", "doc/yuantan-2023.html"),
    (DEFAULT_BASE + "doc/yuantan-2023#s12", "doc/yuantan-2023.html#s12"),
    (DEFAULT_BASE + "observation/yuantan-2023-s4-17", "observation/yuantan-2023-s4-17.html"),
    (DEFAULT_BASE + "area/../x", "area/_2E_2E/x.html"),
    (DEFAULT_BASE + "area/源潭", "area/_E6_BA_90_E6_BD_AD.html"),
    (DEFAULT_BASE + "index", None),
    (DEFAULT_BASE + "classes/Town", None),
    (DEFAULT_BASE, None),
    ("https://example.org/village/x", None),
])
def test_page_path(iri, path):
    assert page_path(iri) == path


def test_files_written(site, data):
    names = sorted(str(p.relative_to(site)) for p in site.rglob("*") if p.is_file())
    for iri in (TOWN, VILLAGE_A, VILLAGE_B, PERSON, PROJECT, CONFERRAL, OBSERVATION, EVIL_NODE, DOC):
        assert page_path(str(iri)) in names
    assert {"index.html", "style.css", ".kg-site", "classes/Town.html", "classes/Village.html",
            "downloads/kg.nq", "downloads/kg.jsonld", "downloads/demo-2023.ttl"} <= set(names)
    assert (site / "downloads" / "kg.nq").read_bytes() == (data / "kg.nq").read_bytes()
    assert not any(n.startswith(("statement/", "doc/demo-2023.html#")) for n in names)


def test_rebuild_is_byte_identical(data, site, tmp_path):
    again = tmp_path / "again"
    build_site(data, out=again)
    first = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first == second


def test_every_relative_link_resolves(site):
    for file in site.rglob("*.html"):
        for href in hrefs(file.read_text(encoding="utf-8")):
            assert not re.match(r"^[a-z]+:|^//|^/", href), f"{file.name}: non-relative link {href}"
            target, _, fragment = href.partition("#")
            resolved = (file.parent / target).resolve() if target else file
            assert resolved.is_file(), f"{file.relative_to(site)} links to missing {href}"
            if fragment:
                assert f'id="{fragment}"' in resolved.read_text(encoding="utf-8"), f"{href}: no anchor"


def test_no_external_reference_in_any_page(site):
    for file in site.rglob("*.html"):
        text = file.read_text(encoding="utf-8")
        assert not re.search(r'(src|href)="(https?:)?//', text), file
        assert "@import" not in text and "url(" not in (site / "style.css").read_text()


def test_labels_are_escaped_everywhere(site):
    for file in site.rglob("*.html"):
        text = file.read_text(encoding="utf-8")
        assert "<img" not in text, file
        if file.name != "network.html":  # the explorer keeps labels in script data, with "<" escaped
            assert "onerror=alert(1)>" not in text
    evil = page(site, EVIL_NODE)
    assert "<h1>&lt;img src=x onerror=alert(1)&gt;</h1>" in evil
    index = (site / "index.html").read_text(encoding="utf-8")
    data = re.search(r'<script type="application/json" id="search-data">(.*?)</script>', index, re.S).group(1)
    assert any(row[2] == EVIL for row in json.loads(data))


def test_town_page(site):
    town = page(site, TOWN)
    for text in ("<h1>示范镇</h1>", '<dd lang="zh-Hant">示範鎮</dd>', '<dd lang="zh-Latn-pinyin">Shìfàn Zhèn</dd>',
                 '<dd lang="en">Shifan Town</dd>', "<dd>示范</dd>", "1,250,000,000", "2023-01-01 – 2023-12-31",
                 "+6.1 percent"):
        assert text in town
    links = hrefs(town)
    assert "../" + page_path(str(VILLAGE_A)) in links and "../" + page_path(str(VILLAGE_B)) in links
    assert "../doc/demo-2023.html#s1" in links and "../doc/demo-2023.html#s3" in links
    assert '<td>CNY</td>' in town  # unit label from the ontology graph when present, else the code


def test_village_links_up_and_to_its_sentence(site):
    village = page(site, VILLAGE_A)
    assert '<a href="../' + page_path(str(TOWN)) + '">示范镇</a>' in village
    assert 'title="demo-2023#s1 [4, 7) · coordination-list">demo-2023#s1</a>' in village
    assert "示范镇辖松塘村、洞尾村共2个村委会。" in village


def test_person_page_shows_the_conferral(site):
    person = page(site, PERSON)
    row = re.search(r"<h2>荣誉 Honours</h2>.*?</table>", person, re.S).group(0)
    for text in ("李明", "优秀党务工作者", "清远市委", "2023-06", "demo-2023#s2"):
        assert text in row


def test_project_facts_with_units(site):
    project = page(site, PROJECT)
    assert "300,000,000 CNY" in project and "87.01 %" in project


def test_document_page_anchors(site):
    doc = page(site, DOC)
    assert re.findall(r'<p class="sentence" id="(s\d+)">', doc) == ["s1", "s2", "s3"]
    assert "→ " in doc and "../" + page_path(str(VILLAGE_A)) in hrefs(doc)


def test_jsonld_is_the_entity(site):
    ds = build_dataset()
    for iri in (TOWN, VILLAGE_A, OBSERVATION, EVIL_NODE):
        text = page(site, iri)
        block = re.search(r'<script type="application/ld\+json">(.*?)</script>', text, re.S).group(1)
        parsed = Graph().parse(data=block, format="json-ld")
        expected = Graph()
        for triple in ds.graph(DOC).triples((URIRef(iri), None, None)):
            expected.add(triple)
        assert len(expected) > 3 and isomorphic(parsed, expected), iri


def test_refuses_to_replace_a_foreign_directory(data, tmp_path):
    mine = tmp_path / "notes"
    mine.mkdir()
    (mine / "todo.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(InputError, match="is a non-empty directory that kg did not write"):
        build_site(data, out=mine)
    assert (mine / "todo.txt").read_text(encoding="utf-8") == "keep me"


def test_failed_run_keeps_the_previous_site(data, tmp_path):
    out = tmp_path / "site"
    build_site(data, out=out)
    before = (out / "index.html").read_bytes()
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "kg.nq").write_text('<http://a> <http://b> "open .\n', encoding="utf-8")
    with pytest.raises(InputError, match="cannot parse the built graph"), \
            pytest.warns(StoreFallbackWarning, match="store is missing; reading .* into memory instead"):
        build_site(broken, out=out)
    assert (out / "index.html").read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site")] == []


def test_cli(data, tmp_path):
    out = tmp_path / "web"
    done = subprocess.run([sys.executable, "-m", "kg", "site", "--data", str(data), "--out", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0
    assert done.stderr == f"wrote {out}/index.html: 22 pages (10 entities, 1 documents), 3 graph files\n"
    assert 'href="network.html"' in (out / "index.html").read_text(encoding="utf-8")
    assert (out / "network.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    missing = subprocess.run([sys.executable, "-m", "kg", "site", "--data", str(tmp_path / "none"), "--out", str(out)],
                             cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert (missing.returncode, missing.stderr) == (
        1, f"Error: {tmp_path / 'none' / 'kg.nq'}: not found; build the graph first with `kg build` (or pass --data DIR)\n")


# ---------------------------------------------------------------------------------------- browser
def _walk(page, start: str) -> None:
    """Search the town by pinyin, open it, go to a village, then to the sentence that says so."""
    page.goto(start)
    page.fill("#search", "shifan zhen")
    page.click("#results a:text-is('示范镇')")
    page.wait_for_selector("h1:text-is('示范镇')")
    page.click("a:text-is('松塘村')")
    page.wait_for_selector("h1:text-is('松塘村')")
    page.click("h2:text-is('来源 Sources') + ol a.sid")
    page.wait_for_selector("p.sentence#s1")
    assert page.url.endswith("doc/demo-2023.html#s1")
    assert "示范镇辖松塘村、洞尾村共2个村委会。" in page.inner_text("p.sentence#s1")
    assert page.evaluate("document.querySelector(':target').id") == "s1"
    # search also finds Traditional and Simplified labels; the injected label stays text
    page.go_back()
    page.go_back()
    page.go_back()
    page.fill("#search", "示範鎮")
    assert page.inner_text("#results li a") == "示范镇"
    page.fill("#search", "img")
    page.click("#results a")
    page.wait_for_selector("h1")
    assert page.inner_text("h1") == EVIL


def _run_in_chromium(url: str, allowed_host: str | None) -> None:
    from playwright.sync_api import sync_playwright

    requests: list[str] = []
    dialogs: list[str] = []
    with sync_playwright() as p:
        browser = chromium(p)
        try:
            context = browser.new_context()
            context.on("request", lambda r: requests.append(r.url))
            tab = context.new_page()
            tab.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            _walk(tab, url)
        finally:
            browser.close()
    assert dialogs == []
    assert requests
    assert foreign(requests, allowed_host=allowed_host) == []


def test_walk_from_the_file_system(site):
    _run_in_chromium((site / "index.html").as_uri(), None)


def test_walk_from_a_static_server(site):
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        host = f"127.0.0.1:{server.server_address[1]}"
        _run_in_chromium(f"http://{host}/index.html", host)
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        return


def test_docstring_examples():
    import doctest

    import kg.graph.graphview
    import kg.publish.guard
    import kg.publish.site

    for module in (kg.publish.site, kg.graph.graphview, kg.publish.guard):
        outcome = doctest.testmod(module)
        assert outcome.attempted > 0 and outcome.failed == 0, module.__name__
