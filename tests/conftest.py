"""Shared fixtures: paths of the bundled data, a quick way to wrap clean text as a Document, and the bundled
report built once per test session."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "raw" / "yuantan-2023-work-report.txt"


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


@pytest.fixture(scope="session")
def seed_doc():
    from kg.text.segment import load_document

    return load_document(SEED)


class SeedBuild(NamedTuple):
    """The bundled report built by ``kg.build``: the output folder and what ``build`` returned."""

    path: Path
    result: object  # kg.pipeline.BuildResult


def _digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory) -> Iterator[SeedBuild]:
    """The bundled report built once for the whole session into a temporary folder (never into ``data/kg``).

    Shared by every test that reads a build, so it is read-only: a test that writes into a build folder
    copies it first (or builds its own, as the atomicity, failure and option tests do).  At the end of the
    session the folder must hold exactly what the build wrote.
    """
    from kg.pipeline import build

    out = tmp_path_factory.mktemp("seed-build") / "kg"
    result = build([SEED], out_dir=out)
    written = _digest(out)
    yield SeedBuild(out, result)
    assert _digest(out) == written, f"a test changed the shared seed build in {out}; copy it before writing"
