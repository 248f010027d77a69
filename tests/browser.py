"""Chromium for the browser tests: Debian's /usr/bin/chromium driven by Playwright (never a downloaded one)."""

from __future__ import annotations

import os
import urllib.parse

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


def chromium(playwright):
    """Launch Debian's Chromium; its absence is a failure (``make test`` installs it), never a silent skip."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)


def foreign(urls: list[str], *, allowed_host: str | None) -> list[str]:
    """The requests that left the allowed place: other hosts for http(s), anything but file: when
    ``allowed_host`` is None. data: and blob: URLs stay in the page."""
    bad = []
    for url in urls:
        parts = urllib.parse.urlsplit(url)
        if parts.scheme in ("data", "blob", "about"):
            continue
        if allowed_host is None:
            if parts.scheme != "file":
                bad.append(url)
        elif parts.scheme not in ("http", "https") or parts.netloc != allowed_host:
            bad.append(url)
    return bad
