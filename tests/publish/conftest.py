"""Fixtures of the publish tests: the session's seed build (read-only), its graph, and Chromium."""

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


@pytest.fixture(scope="module")
def browser():
    """Chromium (Debian's, through Playwright) for the page tests of one module."""
    from playwright.sync_api import sync_playwright

    from tests.browser import chromium

    with sync_playwright() as p:
        b = chromium(p)
        yield b
        b.close()
