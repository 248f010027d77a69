"""Incremental builds: a report whose text, sidecar and extractor are unchanged is not extracted again, and
a build that changes nothing leaves the outputs and the store as they were."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import kg.pipeline
from kg.build_cache import extractor_version, report_key
from kg.pipeline import build
from tests.conftest import ROOT

EXCERPTS = ROOT / "data" / "excerpts"
NAMES = ("aoqian-2023", "baoquan-2023")


@pytest.fixture
def raw(tmp_path) -> Path:
    folder = tmp_path / "raw"
    folder.mkdir()
    for name in NAMES:
        for suffix in (".txt", ".meta.json"):
            shutil.copy(EXCERPTS / f"{name}{suffix}", folder / f"{name}{suffix}")
    return folder


class Counting:
    """``extract_report`` that counts its calls (by report name)."""

    def __init__(self) -> None:
        self.calls: list[str] = []
        self._real = kg.pipeline.extract_report

    def __call__(self, path, **kw):
        self.calls.append(Path(path).stem)
        return self._real(path, **kw)


def _files(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file()}


def test_unchanged_reports_are_not_extracted_again(raw, tmp_path, monkeypatch):
    out = tmp_path / "kg"
    reports = sorted(raw.glob("*.txt"))
    first = build(reports, out_dir=out)
    files, manifest = _files(out), (out / "store" / "kg-store.json").stat()
    counting = Counting()
    monkeypatch.setattr(kg.pipeline, "extract_report", counting)
    again = build(reports, out_dir=out)
    assert counting.calls == [] and again.reused == 2 and first.reused == 0
    assert again.documents == first.documents and again.quads == first.quads and again.classes == first.classes
    assert _files(out) == files
    after = (out / "store" / "kg-store.json").stat()
    assert (after.st_ino, after.st_mtime_ns) == (manifest.st_ino, manifest.st_mtime_ns)  # the store was kept


def test_a_changed_report_alone_is_extracted_again(raw, tmp_path, monkeypatch):
    out = tmp_path / "kg"
    reports = sorted(raw.glob("*.txt"))
    build(reports, out_dir=out)
    changed = raw / "baoquan-2023.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\n全镇新建道路3公里。\n", encoding="utf-8")
    counting = Counting()
    monkeypatch.setattr(kg.pipeline, "extract_report", counting)
    result = build(reports, out_dir=out)
    assert counting.calls == ["baoquan-2023"] and result.reused == 1
    fresh = build(reports, out_dir=tmp_path / "fresh", incremental=False)
    assert counting.calls == ["baoquan-2023", "aoqian-2023", "baoquan-2023"]
    assert _files(out) == _files(tmp_path / "fresh")  # what the cache gave is what extraction gives
    assert result.quads == fresh.quads


def test_the_sidecar_and_the_base_are_part_of_the_key(raw):
    report = raw / "aoqian-2023.txt"
    key = report_key(report, base="https://w3id.org/kg-cn/id/", version="v")
    assert report_key(report, base="https://example.org/id/", version="v") != key
    assert report_key(report, base="https://w3id.org/kg-cn/id/", version="w") != key
    sidecar = raw / "aoqian-2023.meta.json"
    sidecar.write_text(sidecar.read_text(encoding="utf-8").replace("2023", "2024", 1), encoding="utf-8")
    assert report_key(report, base="https://w3id.org/kg-cn/id/", version="v") != key


def test_the_extractor_version_follows_the_code_and_word_lists(tmp_path):
    root = tmp_path / "kg"
    for name in ("text", "extract", "data", "graph"):
        (root / name).mkdir(parents=True)
    (root / "extract" / "rules.py").write_text("RULE = 1\n", encoding="utf-8")
    (root / "data" / "suffixes.tsv").write_text("suffix\tclass\n村\tVillage\n", encoding="utf-8")
    (root / "model.py").write_text("", encoding="utf-8")
    before = extractor_version(root)
    assert extractor_version(root) == before
    (root / "data" / "suffixes.tsv").write_text("suffix\tclass\n村\tVillage\n镇\tTown\n", encoding="utf-8")
    extractor_version.cache_clear()
    changed = extractor_version(root)
    assert changed != before
    (root / "analysis").mkdir()
    (root / "analysis" / "plots.py").write_text("X = 2\n", encoding="utf-8")  # not part of extraction
    extractor_version.cache_clear()
    assert extractor_version(root) == changed


def test_rebuild_extracts_everything(raw, tmp_path, monkeypatch):
    out = tmp_path / "kg"
    reports = sorted(raw.glob("*.txt"))
    build(reports, out_dir=out)
    counting = Counting()
    monkeypatch.setattr(kg.pipeline, "extract_report", counting)
    build(reports, out_dir=out, incremental=False)
    assert counting.calls == list(NAMES)


def test_the_cache_keeps_the_last_build_only(raw, tmp_path):
    out = tmp_path / "kg"
    build(sorted(raw.glob("*.txt")), out_dir=out)
    assert len(list((out / ".cache").iterdir())) == 2
    build([raw / "aoqian-2023.txt"], out_dir=out)
    assert len(list((out / ".cache").iterdir())) == 1
    assert sorted(p.name for p in out.glob("*.ttl")) == ["aoqian-2023.ttl"]
