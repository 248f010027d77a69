"""Building many reports: the same bytes whatever the number of processes, --keep-going, all-or-nothing default."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.pipeline import build
from kg.cli import main
from kg.errors import InputError
from tests.conftest import ROOT


def _corpus_module():
    spec = importlib.util.spec_from_file_location("bench_corpus", ROOT / "benchmarks" / "corpus.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("bench_corpus", module)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> tuple[Path, ...]:
    folder = tmp_path_factory.mktemp("corpus")
    return tuple(_corpus_module().generate(folder, 3, seed=11))


def _snapshot(folder: Path) -> dict[str, bytes]:
    """Every file of a build folder, its store and cache included."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _outputs(folder: Path) -> dict[str, bytes]:
    """The output files (the store is a database, compared by its content)."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def _store_quads(folder: Path) -> set[str]:
    import pyoxigraph as ox

    return {str(q) for q in ox.Store.read_only(str(folder / "store"))}


def _broken(folder: Path) -> Path:
    bad = folder / "broken.txt"
    bad.write_bytes(bytes(range(256)) * 8)
    return bad


def test_corpus_is_reproducible(tmp_path):
    corpus = _corpus_module()
    a = corpus.generate(tmp_path / "a", 2, seed=5)
    b = corpus.generate(tmp_path / "b", 2, seed=5)
    assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b]
    assert a[0].read_text(encoding="utf-8") != corpus.generate(tmp_path / "c", 1, seed=6)[0].read_text(encoding="utf-8")


def test_two_processes_write_the_same_bytes_as_one(reports, tmp_path):
    one = build(reports, out_dir=tmp_path / "one", jobs=1)
    two = build(reports, out_dir=tmp_path / "two", jobs=2)
    assert _outputs(tmp_path / "one") == _outputs(tmp_path / "two")
    assert _store_quads(tmp_path / "one") == _store_quads(tmp_path / "two")
    assert len(one.documents) == 3 and one.documents == two.documents
    assert one.quads == two.quads and one.characters == two.characters > 0


def test_keep_going_builds_the_others_and_names_the_broken_file(reports, tmp_path):
    bad = _broken(tmp_path)
    out = tmp_path / "kg"
    res = CliRunner().invoke(main, ["build", *map(str, reports[:1]), str(bad), *map(str, reports[1:]),
                                    "--out", str(out), "--jobs", "2", "--keep-going"])
    assert res.exit_code == 1
    errors = [line for line in res.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and "broken.txt" in errors[0]
    assert "Traceback" not in res.stderr
    built = sorted(p.name for p in out.glob("*.ttl"))
    assert built == sorted(f"{p.stem}.ttl" for p in reports)
    report = (out / "build-report.json").read_text(encoding="utf-8")
    assert '"failed"' in report and "broken.txt" in report
    # the good reports come out exactly as in a build without the broken one
    build(reports, out_dir=tmp_path / "clean", jobs=1)
    for name in built + ["kg.nq", "kg.jsonld"]:
        assert (out / name).read_bytes() == (tmp_path / "clean" / name).read_bytes()


def test_default_build_is_all_or_nothing(reports, tmp_path):
    out = tmp_path / "kg"
    build(reports[:2], out_dir=out, jobs=1)
    before = _snapshot(out)
    with pytest.raises(InputError, match="broken.txt"):
        build([*reports, _broken(tmp_path)], out_dir=out, jobs=2)
    assert _snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.txt", "kg"]  # no temporary folder left


def test_keep_going_with_nothing_buildable_leaves_outputs(reports, tmp_path):
    out = tmp_path / "kg"
    build(reports[:1], out_dir=out, jobs=1)
    before = _snapshot(out)
    with pytest.raises(InputError, match="none of the 1 report"):
        build([_broken(tmp_path)], out_dir=out, keep_going=True)
    assert _snapshot(out) == before


def test_duplicate_document_ids_fail_with_both_files_named(reports, tmp_path):
    copy = tmp_path / "copy.txt"
    copy.write_bytes(reports[0].read_bytes())
    (tmp_path / "copy.meta.json").write_bytes(reports[0].with_suffix(".meta.json").read_bytes())
    with pytest.raises(InputError, match="copy.txt: document id .* is also the id of"):
        build([reports[0], copy], out_dir=tmp_path / "kg", jobs=2)
