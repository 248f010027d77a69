"""Fixtures of the publish tests: the seed report built once."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SEED


@pytest.fixture(scope="session")
def seed_dir(tmp_path_factory) -> Path:
    """The bundled report built by the library (no network page: the tests write their own)."""
    from kg.pipeline import build

    out = tmp_path_factory.mktemp("seed-kg")
    build([SEED], out_dir=out)
    return out


@pytest.fixture(scope="session")
def seed_graph(seed_dir):
    from kg.graph.store import load

    return load(seed_dir)
