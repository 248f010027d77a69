"""Nothing in kg/ names a thing of the bundled report: what is specific to one town lives in data files, and
examples in code and docstrings use invented names."""

from __future__ import annotations

import json

from tests.conftest import ROOT

#: Classes whose names belong to one town (a province, a national programme or a generic body may be named anywhere).
LOCAL = {"Town", "Village", "Community", "Enterprise", "Project", "Person", "Product", "IndustrialPark", "Area"}


def _seed_names() -> set[str]:
    gold = ROOT / "data" / "gold"
    elsewhere = "".join(p.read_text(encoding="utf-8") for p in gold.glob("*.json") if not p.name.startswith("yuantan"))
    names = set()
    for e in json.loads((gold / "yuantan-2023.json").read_text(encoding="utf-8"))["entities"]:
        if e["type"] in LOCAL:
            names.update(n for n in (e["name"], *e.get("aliases", ())) if len(n) >= 3 and n not in elsewhere)
    return names


def test_the_code_names_no_thing_of_the_bundled_report():
    names = _seed_names()
    assert len(names) > 50  # the gold was read
    found = {}
    for path in sorted((ROOT / "kg").rglob("*")):
        if path.suffix in {".py", ".js", ".rq", ".css", ".html"}:
            text = path.read_text(encoding="utf-8")
            hits = sorted(n for n in names if n in text)
            if hits:
                found[str(path.relative_to(ROOT))] = hits
    assert found == {}
