"""Shared fixtures: paths of the bundled data, and a quick way to wrap clean text as a Document."""

from __future__ import annotations

from pathlib import Path

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
