"""The wheel holds every package folder and data file of kg/, and the ontology; packages are discovered, not listed."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest

from tests.conftest import ROOT

SHIPPED = {".py", ".tsv", ".json", ".rq", ".js", ".css", ".html", ".ttl", ".md", ".typed", ".xz", ".gz", ".txt"}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> zipfile.ZipFile:
    out = tmp_path_factory.mktemp("wheel")
    build = tmp_path_factory.mktemp("build")
    # no build isolation: the test extra installs setuptools, so this works offline
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out),
                    str(ROOT)], check=True, capture_output=True, cwd=build)
    (whl,) = out.glob("kg-*.whl")
    return zipfile.ZipFile(whl)


def _source_files() -> set[str]:
    files = set()
    for path in (ROOT / "kg").rglob("*"):
        if path.is_file() and path.suffix in SHIPPED and "__pycache__" not in path.parts:
            files.add(path.relative_to(ROOT).as_posix())
    return files


def test_every_file_of_the_package_is_in_the_wheel(wheel):
    names = set(wheel.namelist())
    missing = sorted(_source_files() - names)
    assert not missing, f"left out of the wheel: {missing[:10]}"


def test_a_new_subpackage_would_be_found():
    from setuptools import find_namespace_packages

    found = set(find_namespace_packages(str(ROOT), include=["kg", "kg.*"]))
    folders = {p.relative_to(ROOT).as_posix().replace("/", ".") for p in (ROOT / "kg").rglob("*")
               if p.is_dir() and "__pycache__" not in p.parts}
    assert folders <= found | {"kg"}


def test_the_ontology_ships_inside_the_package(wheel):
    names = set(wheel.namelist())
    for name in ("kg.ttl", "concepts.ttl", "shapes.ttl", "README.md"):
        assert f"kg/_ontology/{name}" in names
    assert wheel.read("kg/_ontology/kg.ttl") == (ROOT / "ontology" / "kg.ttl").read_bytes()


def test_the_console_script_is_the_click_group(wheel):
    (entry,) = [n for n in wheel.namelist() if n.endswith("entry_points.txt")]
    assert "kg = kg.cli:main" in wheel.read(entry).decode()
