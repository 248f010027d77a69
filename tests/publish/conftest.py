"""Fixtures of the publish tests: the session's seed build (read-only) and its graph."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def seed_dir(seed_build) -> Path:
    """The folder of the session's seed build; read-only: a test that writes beside the data copies it."""
    return seed_build.path


@pytest.fixture(scope="session")
def seed_graph(seed_dir):
    from kg.graph.store import load

    return load(seed_dir)
